//! Finding the workspace at run time.
//!
//! The root is never a compile-time constant: cargo does not rebuild a crate
//! whose checkout moved (rust-lang/cargo#8693), so with a shared or restored
//! `target/` a compiled-in path would point at another checkout. Cargo sets
//! `CARGO_MANIFEST_DIR` to `xtask/` when it runs the binary (`cargo xtask`);
//! run any other way, the root is the nearest directory above the current one
//! that holds `specs/` beside a `Cargo.toml`.

use std::path::{Path, PathBuf};

use anyhow::{Result, bail};

/// The workspace root of this run (see the module docs).
pub fn root() -> Result<PathBuf> {
    let cwd = std::env::current_dir()?;
    root_from(
        std::env::var_os("CARGO_MANIFEST_DIR").map(PathBuf::from),
        &cwd,
    )
}

fn is_root(dir: &Path) -> bool {
    dir.join("Cargo.toml").is_file() && dir.join("specs").is_dir()
}

/// The root given cargo's `CARGO_MANIFEST_DIR` (if set) and the current directory.
fn root_from(manifest_dir: Option<PathBuf>, cwd: &Path) -> Result<PathBuf> {
    if let Some(dir) = manifest_dir {
        match dir.parent() {
            Some(parent) if is_root(parent) => return Ok(parent.to_path_buf()),
            _ => bail!(
                "CARGO_MANIFEST_DIR={} is not the xtask directory of a workspace with specs/",
                dir.display()
            ),
        }
    }
    match cwd.ancestors().find(|d| is_root(d)) {
        Some(dir) => Ok(dir.to_path_buf()),
        None => bail!(
            "no workspace (a Cargo.toml beside specs/) at or above {}; run `cargo xtask` inside the checkout",
            cwd.display()
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn workspace() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("Cargo.toml"), "[workspace]\n").unwrap();
        std::fs::create_dir_all(dir.path().join("specs/acme")).unwrap();
        std::fs::create_dir_all(dir.path().join("xtask")).unwrap();
        dir
    }

    #[test]
    fn cargo_s_manifest_dir_wins_over_the_current_directory() {
        let (a, b) = (workspace(), workspace());
        let got = root_from(Some(a.path().join("xtask")), b.path()).unwrap();
        assert_eq!(got, a.path());
    }

    #[test]
    fn without_cargo_the_nearest_workspace_above_the_current_directory_is_used() {
        let a = workspace();
        let got = root_from(None, &a.path().join("specs/acme")).unwrap();
        assert_eq!(got, a.path());
    }

    #[test]
    fn a_directory_outside_any_workspace_is_an_error() {
        let empty = tempfile::tempdir().unwrap();
        let err = root_from(None, empty.path()).unwrap_err().to_string();
        assert!(err.contains("no workspace"), "{err}");
        let err = root_from(Some(empty.path().join("xtask")), empty.path())
            .unwrap_err()
            .to_string();
        assert!(err.contains("CARGO_MANIFEST_DIR"), "{err}");
    }
}
