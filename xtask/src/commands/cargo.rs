//! The cargo the commands run as a child process: the one running the xtask,
//! in a given workspace, building in the workspace's `target/` or another.

use std::path::Path;
use std::process::Command;

/// `cargo` (as `$CARGO` names it) in `workspace`, building in `target` if
/// given; the xtask's own `CARGO_MANIFEST_DIR` is not passed on, so the
/// workspace is the one at `workspace`.
pub fn cargo(workspace: &Path, target: Option<&Path>) -> Command {
    let mut cmd = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
    cmd.current_dir(workspace).env_remove("CARGO_MANIFEST_DIR");
    if let Some(target) = target {
        cmd.env("CARGO_TARGET_DIR", target);
    }
    cmd
}
