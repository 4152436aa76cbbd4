//! A temporary copy of the workspace's specs and generated crates, for tests
//! that run the xtask's commands on it.

#![allow(dead_code)]

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use xtask::regen::{Options, Outcome, run};

/// A temporary workspace holding copies of `specs/` and the generated crates.
pub struct Workspace {
    dir: tempfile::TempDir,
}

pub fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        let target = to.join(path.file_name().unwrap());
        if path.is_dir() {
            copy_dir(&path, &target);
        } else {
            fs::copy(&path, &target).unwrap();
        }
    }
}

impl Workspace {
    pub fn new() -> Self {
        let real = xtask::workspace_root().unwrap();
        let dir = tempfile::tempdir().unwrap();
        copy_dir(&real.join("specs"), &dir.path().join("specs"));
        for entry in fs::read_dir(real.join("crates")).unwrap() {
            let path = entry.unwrap().path();
            let generated = fs::read_to_string(path.join("Cargo.toml"))
                .is_ok_and(|t| t.starts_with("# @generated"));
            if generated {
                copy_dir(
                    &path,
                    &dir.path().join("crates").join(path.file_name().unwrap()),
                );
            }
        }
        fs::copy(real.join("Cargo.toml"), dir.path().join("Cargo.toml")).unwrap();
        fs::create_dir_all(dir.path().join("xtask")).unwrap();
        Self { dir }
    }

    /// Run the compiled `xtask` binary (built in the original checkout's
    /// `target/`) with `args`, in `cwd`, with cargo's `CARGO_MANIFEST_DIR` set
    /// to `manifest_dir` or unset. Returns (exit code, stdout + stderr).
    pub fn xtask_bin(args: &[&str], cwd: &Path, manifest_dir: Option<&Path>) -> (i32, String) {
        let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_xtask"));
        cmd.args(args)
            .current_dir(cwd)
            .env_remove("CARGO_MANIFEST_DIR");
        if let Some(dir) = manifest_dir {
            cmd.env("CARGO_MANIFEST_DIR", dir);
        }
        let out = cmd.output().unwrap();
        let text = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        (out.status.code().unwrap_or(-1), text)
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    /// Run regen; returns (outcome, report, diffs).
    pub fn regen(&self, check: bool, vendors: &[&str]) -> (Outcome, String, String) {
        let opts = Options {
            vendors: vendors.iter().map(|v| (*v).to_owned()).collect(),
            check,
            ..Options::default()
        };
        let (mut report, mut diffs) = (Vec::new(), Vec::new());
        let outcome = run(self.root(), &opts, &mut report, &mut diffs).unwrap();
        (
            outcome,
            String::from_utf8(report).unwrap(),
            String::from_utf8(diffs).unwrap(),
        )
    }

    pub fn edit(&self, rel: &str, from: &str, to: &str) {
        let path = self.root().join(rel);
        let text = fs::read_to_string(&path).unwrap();
        assert!(text.contains(from), "{rel} does not contain {from:?}");
        fs::write(&path, text.replacen(from, to, 1)).unwrap();
    }

    /// Every file under crates/ with its bytes.
    pub fn snapshot(&self) -> BTreeMap<PathBuf, Vec<u8>> {
        fn walk(dir: &Path, out: &mut BTreeMap<PathBuf, Vec<u8>>) {
            for entry in fs::read_dir(dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    walk(&path, out);
                } else {
                    out.insert(path.clone(), fs::read(&path).unwrap());
                }
            }
        }
        let mut out = BTreeMap::new();
        walk(&self.root().join("crates"), &mut out);
        out
    }
}

/// `http://127.0.0.1:<port>` of a port nothing listens on (bound, then closed).
pub fn closed_origin() -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let origin = format!("http://{}", listener.local_addr().unwrap());
    drop(listener);
    origin
}
