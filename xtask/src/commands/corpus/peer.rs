//! The peer `regen` is measured against: openapi-generator's `-g rust`,
//! installed from PyPI into `target/peer/venv` by `corpus --compare` itself
//! (never by the tests). Both run back to back on the same spec file as child
//! processes under `/usr/bin/time`, which gives wall time and peak RSS.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, Result, bail};

use super::timed::{Measured, timed};

/// The openapi-generator version compared with (the PyPI package bundles its jar).
pub const VERSION: &str = "7.26.0";

/// The openapi-generator command, installed into `target/peer/venv` if it is not there yet.
pub fn install(root: &Path) -> Result<PathBuf> {
    let venv = root.join("target/peer/venv");
    let cli = venv.join("bin/openapi-generator-cli");
    if cli.is_file() {
        return Ok(cli);
    }
    run(Command::new("python3").args(["-m", "venv"]).arg(&venv))?;
    run(Command::new(venv.join("bin/pip"))
        .args(["install", "--quiet"])
        .arg(format!("openapi-generator-cli=={VERSION}")))?;
    Ok(cli)
}

/// `cargo xtask regen --force <name>` in the scratch workspace `dir`, as a
/// child process: generated in full, though the corpus run just wrote it.
pub fn ours(dir: &Path, name: &str) -> Result<Measured> {
    let mut cmd = Command::new(std::env::current_exe()?);
    cmd.args(["regen", "--force", name])
        .current_dir(dir)
        .env_remove("CARGO_MANIFEST_DIR");
    timed(cmd, dir)
}

/// openapi-generator `-g rust` on `spec`, into `out`.
pub fn peer(cli: &Path, spec: &Path, out: &Path) -> Result<Measured> {
    std::fs::create_dir_all(out)?;
    let mut cmd = Command::new(cli);
    cmd.args(["generate", "-g", "rust", "--skip-validate-spec", "-i"])
        .arg(spec)
        .arg("-o")
        .arg(out);
    timed(cmd, out)
}

fn run(cmd: &mut Command) -> Result<()> {
    let status = cmd
        .status()
        .with_context(|| format!("running {:?}", cmd.get_program()))?;
    if !status.success() {
        bail!("{:?} failed ({status})", cmd.get_program());
    }
    Ok(())
}

/// The side-by-side table.
pub fn table(out: &mut dyn Write, rows: &[(String, Measured, Measured)]) -> Result<()> {
    writeln!(
        out,
        "\n| spec | regen wall | regen peak RSS | openapi-generator {VERSION} wall | its peak RSS | regen faster by |"
    )?;
    writeln!(out, "| --- | --- | --- | --- | --- | --- |")?;
    for (name, ours, peer) in rows {
        writeln!(
            out,
            "| {name} | {:.2} s | {:.0} MiB | {:.2} s | {:.0} MiB | {:.1}x |",
            ours.wall.as_secs_f64(),
            ours.peak_mib(),
            peer.wall.as_secs_f64(),
            peer.peak_mib(),
            peer.wall.as_secs_f64() / ours.wall.as_secs_f64().max(0.001)
        )?;
    }
    Ok(())
}
