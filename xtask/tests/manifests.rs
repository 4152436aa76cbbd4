//! Bad manifests end to end: each fails its own vendor with the file and JSON
//! pointer named, nothing outside `specs/<id>/` is read or written, and the
//! other vendors still regenerate.

mod common;

use std::fs;

use common::Workspace;
use xtask::regen::Outcome;

/// A copy of Autoposting's manifest in `specs/<dir>/`, with `from` replaced by `to`.
fn add_vendor(ws: &Workspace, dir: &str, from: &str, to: &str) {
    let folder = ws.root().join("specs").join(dir);
    fs::create_dir_all(&folder).unwrap();
    let manifest = fs::read_to_string(ws.root().join("specs/autoposting/vendor.yaml")).unwrap();
    assert!(manifest.contains(from), "{from}");
    let manifest = manifest
        .replace("id: autoposting", &format!("id: {dir}"))
        .replacen(from, to, 1);
    fs::write(folder.join("vendor.yaml"), manifest).unwrap();
    fs::copy(
        ws.root().join("specs/autoposting/billing-history.yaml"),
        folder.join("billing-history.yaml"),
    )
    .unwrap();
}

#[test]
fn a_folder_that_cannot_be_a_crate_is_rejected_before_anything_is_written() {
    let ws = Workspace::new();
    add_vendor(&ws, "Evil_ID.x", "id: autoposting", "id: autoposting");
    let before = ws.snapshot();
    let (outcome, report, _) = ws.regen(false, &[]);
    assert_eq!(outcome, Outcome::Failed, "{report}");
    assert!(
        report.contains(
            "error: specs/Evil_ID.x/vendor.yaml#: the folder `Evil_ID.x` cannot be a vendor id"
        ),
        "{report}"
    );
    assert_eq!(ws.snapshot(), before, "crates/ untouched");
    assert!(!ws.root().join("crates/Evil_ID.x-client").exists());
}

#[test]
fn a_bad_manifest_does_not_block_regenerating_the_others() {
    let ws = Workspace::new();
    add_vendor(&ws, "broken", "retrieved:", "retreived:");
    ws.edit(
        "specs/autoposting/billing-history.yaml",
        "summary: Get billing history",
        "summary: Get the billing history",
    );
    let (outcome, report, _) = ws.regen(false, &[]);
    assert_eq!(outcome, Outcome::Failed, "{report}");
    assert!(report.contains("broken             FAILED"), "{report}");
    assert!(
        report.contains("specs/broken/vendor.yaml#/specs/0/retreived: not a valid vendor manifest"),
        "{report}"
    );
    assert!(
        report.contains("autoposting        ok"),
        "the others are still built and reported: {report}"
    );
    assert!(report.contains("mifumo             unchanged"), "{report}");

    let (outcome, report, _) = ws.regen(false, &["autoposting"]);
    assert!(matches!(outcome, Outcome::Written(_)), "{report}");
    let (outcome, report, diffs) = ws.regen(true, &["autoposting", "mifumo"]);
    assert_eq!(outcome, Outcome::UpToDate, "{report}\n{diffs}");
}

#[test]
fn spec_files_outside_the_vendor_folder_are_neither_read_nor_generated_from() {
    let ws = Workspace::new();
    fs::write(
        ws.root().join("outside.yaml"),
        fs::read(ws.root().join("specs/autoposting/billing-history.yaml")).unwrap(),
    )
    .unwrap();
    for (dir, file) in [
        ("escape", "../../outside.yaml"),
        ("absolute", "/etc/passwd.json"),
    ] {
        add_vendor(
            &ws,
            dir,
            "file: billing-history.yaml",
            &format!("file: {file}"),
        );
    }
    let (outcome, report, _) = ws.regen(false, &[]);
    assert_eq!(outcome, Outcome::Failed, "{report}");
    for dir in ["escape", "absolute"] {
        assert!(
            report.contains(&format!("specs/{dir}/vendor.yaml#/specs/0/file: `")),
            "{report}"
        );
        assert!(!ws.root().join(format!("crates/{dir}-client")).exists());
    }
}

#[test]
fn pull_and_diff_refuse_a_manifest_that_leads_outside_and_write_nothing() {
    let ws = Workspace::new();
    add_vendor(
        &ws,
        "escape",
        "file: billing-history.yaml",
        "file: ../../escaped.yaml",
    );
    let origin = common::closed_origin();
    let opts = xtask::pull::Options {
        vendors: vec!["escape".into()],
        origin: Some(origin),
        date: None,
    };
    let mut report = Vec::new();
    assert_eq!(xtask::pull::run(ws.root(), &opts, &mut report).unwrap(), 1);
    let report = String::from_utf8(report).unwrap();
    assert!(
        report.contains("error: specs/escape/vendor.yaml#/specs/0/file"),
        "{report}"
    );
    assert!(!ws.root().join("escaped.yaml").exists());

    let opts = xtask::diff::Options {
        vendor: "escape".into(),
        ..Default::default()
    };
    let err = xtask::diff::run(ws.root(), &opts, &mut Vec::new())
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("specs/escape/vendor.yaml#/specs/0/file"),
        "{err}"
    );
}
