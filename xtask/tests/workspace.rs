//! The workspace the xtask works on is found at run time, and generated files
//! read the same whatever line ends a checkout gave them.

mod common;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use common::Workspace;
use xtask::regen::Outcome;

/// Every file under `dir` with its bytes.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut todo = vec![dir.to_path_buf()];
    while let Some(d) = todo.pop() {
        for entry in fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                todo.push(path);
            } else {
                out.insert(path.clone(), fs::read(&path).unwrap());
            }
        }
    }
    out
}

#[test]
fn a_copy_sharing_the_original_s_target_regenerates_and_checks_the_copy() {
    let original = xtask::workspace_root().unwrap();
    let original_specs = snapshot(&original.join("specs"));
    let original_crate = snapshot(&original.join("crates/autoposting-client"));
    let ws = Workspace::new();
    ws.edit(
        "specs/autoposting/billing-history.yaml",
        "summary: Get billing history",
        "summary: Get the billing history",
    );
    let copy_xtask = ws.root().join("xtask");

    // The binary was built for the original checkout; cargo tells it where it runs.
    let (code, out) = Workspace::xtask_bin(&["regen", "--check"], &original, Some(&copy_xtask));
    assert_eq!(code, 1, "the copy's edited spec is drift: {out}");
    assert!(out.contains("+| GET | `/billing/history` | `client.get_billing_history()` | `types::GetBillingHistoryResponse` | Get the billing history |"), "{out}");

    let (code, out) = Workspace::xtask_bin(&["regen"], &original, Some(&copy_xtask));
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("wrote crates/autoposting-client"), "{out}");
    let readme = fs::read_to_string(ws.root().join("crates/autoposting-client/README.md")).unwrap();
    assert!(readme.contains("Get the billing history"));

    // Without cargo, the workspace around the current directory is used.
    let (code, out) = Workspace::xtask_bin(&["regen", "--check"], &ws.root().join("crates"), None);
    assert_eq!(code, 0, "{out}");

    assert_eq!(
        snapshot(&original.join("specs")),
        original_specs,
        "the original's specs/ is untouched"
    );
    assert_eq!(
        snapshot(&original.join("crates/autoposting-client")),
        original_crate,
        "the original's crate is untouched"
    );
}

#[test]
fn outside_any_workspace_the_xtask_says_so_and_does_nothing() {
    let empty = tempfile::tempdir().unwrap();
    let (code, out) = Workspace::xtask_bin(&["regen", "--check"], empty.path(), None);
    assert_eq!(code, 1);
    assert!(out.contains("no workspace"), "{out}");
}

#[test]
fn check_gives_the_same_answer_on_a_crlf_checkout() {
    let ws = Workspace::new();
    let mut converted = 0;
    for (path, bytes) in ws.snapshot() {
        let text = String::from_utf8(bytes).unwrap();
        fs::write(&path, text.replace('\n', "\r\n")).unwrap();
        converted += 1;
    }
    assert!(converted > 20, "{converted}");
    let (outcome, report, diffs) = ws.regen(true, &[]);
    assert_eq!(outcome, Outcome::UpToDate, "{report}\n{diffs}");

    // A real change is still drift, whatever the line ends.
    ws.edit(
        "specs/autoposting/billing-history.yaml",
        "summary: Get billing history",
        "summary: Get the billing history",
    );
    let (outcome, _, diffs) = ws.regen(true, &[]);
    assert!(matches!(outcome, Outcome::Drifted(_)), "{diffs}");
}

/// `git` with the test's own identity and no user configuration.
fn git(dir: &Path, args: &[&str]) -> String {
    let out = Command::new("git")
        .args([
            "-c",
            "user.name=t",
            "-c",
            "user.email=t@127.0.0.1",
            "-c",
            "core.autocrlf=true",
        ])
        .args(args)
        .current_dir(dir)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .output()
        .expect("git runs");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn gitattributes_keep_specs_byte_exact_and_generated_files_lf_under_autocrlf() {
    let root = xtask::workspace_root().unwrap();
    let repo = tempfile::tempdir().unwrap();
    let dir = repo.path();
    fs::copy(root.join(".gitattributes"), dir.join(".gitattributes")).unwrap();
    let spec = "specs/acme/openapi.yaml";
    let generated = "crates/acme-client/src/lib.rs";
    for (file, text) in [(spec, "a: 1\r\nb: 2\n"), (generated, "fn a() {}\n")] {
        fs::create_dir_all(dir.join(file).parent().unwrap()).unwrap();
        fs::write(dir.join(file), text).unwrap();
    }
    git(dir, &["init", "-q"]);
    git(dir, &["add", "-A"]);
    git(dir, &["commit", "-qm", "x"]);
    // A fresh checkout with autocrlf on, as on Windows.
    fs::remove_file(dir.join(spec)).unwrap();
    fs::remove_file(dir.join(generated)).unwrap();
    git(dir, &["checkout", "--", "."]);
    assert_eq!(
        fs::read(dir.join(spec)).unwrap(),
        b"a: 1\r\nb: 2\n",
        "specs are byte-exact"
    );
    assert_eq!(
        fs::read(dir.join(generated)).unwrap(),
        b"fn a() {}\n",
        "generated files are LF"
    );
}
