//! Running the real `billing` binary in a test: exit code and both outputs,
//! checked for the key first.

use assert_cmd::Command;

/// What one run of `billing` gave.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

/// `billing` with an empty environment: only what a test sets is configured.
pub fn billing() -> Command {
    let mut cmd = Command::cargo_bin("billing").unwrap();
    cmd.env_clear();
    cmd
}

/// Run `cmd`, failing the test if `key` appears in either output.
pub fn run(cmd: &mut Command, key: &str) -> Run {
    let out = cmd.output().unwrap();
    let r = Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8(out.stdout).unwrap(),
        stderr: String::from_utf8(out.stderr).unwrap(),
    };
    assert!(
        !r.stdout.contains(key) && !r.stderr.contains(key),
        "the key leaked:\n{}\n{}",
        r.stdout,
        r.stderr
    );
    r
}
