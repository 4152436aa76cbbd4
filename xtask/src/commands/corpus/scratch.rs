//! The scratch workspace the corpus is generated, linted and decoded in:
//! a root `Cargo.toml` over `crates/*`, the workspace's `Cargo.lock` (so the
//! same dependency versions are used), a copy of `crates/client-runtime`
//! (what generated crates depend on), and each entry under `specs/<name>/`.
//! Builds share `target/corpus/` of the real workspace, so dependencies are
//! compiled once.

use std::path::{Path, PathBuf};
use std::process::Output;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};

use crate::commands::cargo;

/// The entries to run: `wanted`, or every folder of `corpus`.
pub fn entries(corpus: &Path, wanted: &[String]) -> Result<Vec<String>> {
    let mut all: Vec<String> = std::fs::read_dir(corpus)
        .with_context(|| format!("reading {}", corpus.display()))?
        .filter_map(|e| e.ok())
        .filter(|e| e.path().join("vendor.yaml").is_file())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    all.sort();
    for w in wanted {
        if !all.contains(w) {
            bail!("unknown corpus entry `{w}` (known: {})", all.join(", "));
        }
    }
    Ok(if wanted.is_empty() {
        all
    } else {
        wanted.to_vec()
    })
}

/// Make the scratch workspace at `dir` with the entries `names`.
pub fn prepare(root: &Path, dir: &Path, corpus: &Path, names: &[String]) -> Result<()> {
    std::fs::create_dir_all(dir.join("crates"))?;
    std::fs::write(
        dir.join("Cargo.toml"),
        "[workspace]\nresolver = \"3\"\nmembers = [\"crates/*\"]\n",
    )?;
    std::fs::copy(root.join("Cargo.lock"), dir.join("Cargo.lock"))?;
    // Generated crates depend on the runtime beside them.
    copy_dir(
        &root.join("crates/client-runtime/src"),
        &dir.join("crates/client-runtime/src"),
    )?;
    for file in ["Cargo.toml", "README.md"] {
        let from = root.join("crates/client-runtime").join(file);
        if from.is_file() {
            std::fs::copy(&from, dir.join("crates/client-runtime").join(file))?;
        }
    }
    for name in names {
        copy_dir(&corpus.join(name), &dir.join("specs").join(name))?;
    }
    Ok(())
}

fn copy_dir(from: &Path, to: &Path) -> Result<()> {
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from)? {
        let path = entry?.path();
        let target: PathBuf = to.join(path.file_name().expect("a file name"));
        if path.is_dir() {
            copy_dir(&path, &target)?;
        } else {
            std::fs::copy(&path, &target)?;
        }
    }
    Ok(())
}

/// Run `cargo <args>` in `dir` with `target` as the target directory.
pub fn run_cargo(dir: &Path, target: &Path, args: &[&str]) -> Result<Output> {
    cargo::cargo(dir, Some(target))
        .args(args)
        .output()
        .context("running cargo")
}

/// One line saying how cargo failed: how many error lines, and the first.
pub fn failure_summary(out: &Output) -> String {
    let stderr = String::from_utf8_lossy(&out.stderr);
    let errors: Vec<&str> = stderr
        .lines()
        .filter(|l| l.starts_with("error") || l.starts_with("warning"))
        .collect();
    format!(
        "{} error line(s), first: {}",
        errors.len(),
        errors.first().copied().unwrap_or("(none printed)")
    )
}

/// `cargo <args>` (see [`run_cargo`]): whether it passed, how it failed if
/// not, and its time.
pub fn cargo(dir: &Path, target: &Path, args: &[&str]) -> Result<(Option<String>, Duration)> {
    let started = Instant::now();
    let out = run_cargo(dir, target, args)?;
    let verdict = (!out.status.success()).then(|| failure_summary(&out));
    Ok((verdict, started.elapsed()))
}

/// Lint the entry's crate as CI lints the workspace: clippy, then its docs,
/// both with warnings denied. The time is both together.
pub fn lint(dir: &Path, target: &Path, name: &str) -> Result<(Option<String>, Duration)> {
    let package = format!("{name}-client");
    let (clippy, spent) = cargo(
        dir,
        target,
        &["clippy", "-q", "-p", &package, "--", "-D", "warnings"],
    )?;
    if let Some(failed) = clippy {
        return Ok((Some(format!("clippy: {failed}")), spent));
    }
    let started = Instant::now();
    let out = cargo::cargo(dir, Some(target))
        .args(["doc", "-q", "--no-deps", "-p", &package])
        .env("RUSTDOCFLAGS", "-D warnings")
        .output()
        .context("running cargo doc")?;
    let doc = (!out.status.success()).then(|| format!("cargo doc: {}", failure_summary(&out)));
    Ok((doc, spent + started.elapsed()))
}
