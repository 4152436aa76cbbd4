use std::fs;
use std::path::Path;

use super::*;

const GOOD: &str = "id: acme\nname: Acme\ncrate_description: d\nspecs:\n  - file: openapi.yaml\n    retrieved: 2026-11-21\n";

/// A workspace root with `specs/<dir>/vendor.yaml` = `manifest` and an empty `openapi.yaml`.
fn root_with(dir: &str, manifest: &str) -> tempfile::TempDir {
    let root = tempfile::tempdir().unwrap();
    let folder = root.path().join("specs").join(dir);
    fs::create_dir_all(&folder).unwrap();
    fs::write(folder.join("vendor.yaml"), manifest).unwrap();
    fs::write(folder.join("openapi.yaml"), "openapi: 3.0.3\n").unwrap();
    root
}

fn only_error(root: &Path) -> ManifestError {
    let found = discover(root).unwrap();
    assert!(found.vendors.is_empty(), "{:?}", found.vendors);
    assert_eq!(found.broken.len(), 1, "{:?}", found.broken);
    found.broken[0].clone()
}

#[test]
fn a_good_manifest_loads_with_its_folder() {
    let root = root_with("acme", GOOD);
    let found = discover(root.path()).unwrap();
    assert!(found.broken.is_empty(), "{:?}", found.broken);
    assert_eq!(found.vendors[0].dir, Path::new("specs/acme"));
}

#[test]
fn a_folder_that_cannot_be_a_crate_name_is_rejected_naming_the_file() {
    for dir in ["Evil_ID.x", "acme_pay", "9acme", "acme-", "a--b", "ACME"] {
        let root = root_with(dir, &GOOD.replace("id: acme", &format!("id: {dir}")));
        let e = only_error(root.path());
        assert_eq!(e.file, format!("specs/{dir}/vendor.yaml"));
        assert!(e.message.contains("cannot be a vendor id"), "{e}");
    }
    for ok in ["acme", "profile-payments", "a1-b2"] {
        assert!(is_vendor_id(ok), "{ok}");
    }
}

#[test]
fn a_file_outside_the_vendor_folder_is_rejected_at_its_pointer() {
    for bad in [
        "/etc/passwd.json",
        "../../../x.yaml",
        "../other/openapi.yaml",
        "a/../../x.yaml",
        "",
        "a\\..\\x.yaml",
    ] {
        let root = root_with(
            "acme",
            &GOOD.replace("file: openapi.yaml", &format!("file: '{bad}'")),
        );
        let e = only_error(root.path());
        assert_eq!(e.pointer, "/specs/0/file", "{bad}: {e}");
        assert!(e.message.contains("inside the vendor's folder"), "{e}");
    }
    let root = root_with("acme", &format!("{GOOD}overlay: ../overlay.yaml\n"));
    assert_eq!(only_error(root.path()).pointer, "/overlay");
}

#[test]
fn an_unknown_key_is_named_by_its_pointer() {
    let root = root_with(
        "acme",
        &GOOD.replace("    retrieved:", "    retreived: x\n    retrieved:"),
    );
    let e = only_error(root.path());
    assert_eq!(e.pointer, "/specs/0/retreived", "{e}");
    assert!(e.message.contains("retreived"), "{e}");
    let root = root_with("acme", &format!("version: 0.1.0\n{GOOD}"));
    assert!(
        only_error(root.path())
            .message
            .contains("unknown field `version`")
    );
}

#[cfg(unix)]
#[test]
fn symbolic_links_out_of_the_folder_are_not_followed() {
    let outside = tempfile::tempdir().unwrap();
    fs::write(outside.path().join("secret.yaml"), "openapi: 3.0.3\n").unwrap();
    fs::write(outside.path().join("vendor.yaml"), GOOD).unwrap();

    let root = root_with("acme", GOOD);
    let folder = root.path().join("specs/acme");
    fs::remove_file(folder.join("openapi.yaml")).unwrap();
    std::os::unix::fs::symlink(
        outside.path().join("secret.yaml"),
        folder.join("openapi.yaml"),
    )
    .unwrap();
    let e = read_contained(root.path(), Path::new("specs/acme"), "openapi.yaml").unwrap_err();
    assert!(e.contains("leads outside specs/acme"), "{e}");
    let e = write_contained(root.path(), Path::new("specs/acme"), "openapi.yaml", b"x")
        .unwrap()
        .commit();
    assert!(e.is_ok());
    assert_eq!(
        fs::read_to_string(outside.path().join("secret.yaml")).unwrap(),
        "openapi: 3.0.3\n"
    );
    assert!(
        !folder.join("openapi.yaml").is_symlink(),
        "the link is replaced, not written through"
    );

    // A vendor folder that is itself a link out of specs/.
    std::os::unix::fs::symlink(outside.path(), root.path().join("specs/linked")).unwrap();
    let found = discover(root.path()).unwrap();
    let e = found.broken.iter().find(|b| b.id == "linked").unwrap();
    assert!(e.message.contains("leads outside specs/"), "{e}");
}

#[test]
fn writes_stay_inside_the_folder() {
    let root = root_with("acme", GOOD);
    let dir = Path::new("specs/acme");
    for bad in ["../x.yaml", "/tmp/x.yaml", "missing/x.yaml"] {
        assert!(
            write_contained(root.path(), dir, bad, b"x").is_err(),
            "{bad}"
        );
    }
    write_contained(root.path(), dir, "openapi.yaml", b"new")
        .unwrap()
        .commit()
        .unwrap();
    assert_eq!(
        fs::read(root.path().join("specs/acme/openapi.yaml")).unwrap(),
        b"new"
    );
    let names: Vec<_> = fs::read_dir(root.path().join("specs/acme"))
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names.len(), 2, "no temporary file left: {names:?}");
}

#[test]
fn the_readme_template_is_exactly_what_is_accepted() {
    let readme = include_str!("../../../README.md");
    let start = readme
        .find("   ```yaml\n   id: acme")
        .expect("the README has the template");
    let block = &readme[start + "   ```yaml\n".len()..];
    let block = &block[..block.find("   ```").unwrap()];
    let template: String = block
        .lines()
        .map(|l| format!("{}\n", l.strip_prefix("   ").unwrap_or(l)))
        .collect();
    let uncommented = template
        .replace("# seed:", "seed:")
        .replace("# hand_written:", "hand_written:");
    for (what, text) in [
        ("as written", &template),
        ("with the optional keys", &uncommented),
    ] {
        let root = root_with("acme", text);
        fs::write(
            root.path().join("specs/acme/overlay.yaml"),
            "overlay: 1.0.0\n",
        )
        .unwrap();
        let found = discover(root.path()).unwrap();
        assert!(found.broken.is_empty(), "{what}: {:?}", found.broken);
        assert_eq!(found.vendors.len(), 1, "{what}");
    }
}

#[test]
fn selecting_a_vendor_is_not_blocked_by_another_s_broken_manifest() {
    let root = root_with("acme", GOOD);
    let bad = root.path().join("specs/broken");
    fs::create_dir_all(&bad).unwrap();
    fs::write(bad.join("vendor.yaml"), "id: [").unwrap();
    let (vendors, broken) = select(discover(root.path()).unwrap(), &["acme".to_owned()]).unwrap();
    assert_eq!((vendors.len(), broken.len()), (1, 0));
    let (vendors, broken) = select(discover(root.path()).unwrap(), &[]).unwrap();
    assert_eq!((vendors.len(), broken.len()), (1, 1));
    assert_eq!(broken[0].file, "specs/broken/vendor.yaml");
    let err = select(discover(root.path()).unwrap(), &["nope".to_owned()]).unwrap_err();
    assert!(err.to_string().contains("known: acme, broken"), "{err}");
}
