//! `cargo xtask features [VENDOR...]`: clippy (`-D warnings`) on each
//! generated crate with no feature and with each of its features alone, so no
//! group leaves out a type, function or import another one provided. CI runs
//! it after the workspace's clippy, whose dependency builds it reuses.

use std::io::Write;
use std::path::Path;
use std::time::Instant;

use anyhow::{Context, Result, bail};

use crate::commands::cargo::cargo;
use crate::manifest;

/// Lint every selected vendor's crate per feature (building in `target`, else
/// the workspace's own); the exit code is 1 when any combination fails.
pub fn run(
    root: &Path,
    vendors: &[String],
    target: Option<&Path>,
    out: &mut dyn Write,
) -> Result<i32> {
    let (vendors, broken) = manifest::select(manifest::discover(root)?, vendors)?;
    if let Some(b) = broken.first() {
        bail!("{b}");
    }
    let mut failures = 0;
    for vendor in vendors {
        let package = vendor.crate_name();
        let manifest_path = root.join(vendor.crate_dir()).join("Cargo.toml");
        let text = std::fs::read_to_string(&manifest_path)
            .with_context(|| format!("reading {}", manifest_path.display()))?;
        let sets = std::iter::once(None).chain(declared(&text).into_iter().map(Some));
        for feature in sets {
            let started = Instant::now();
            let mut cmd = cargo(root, target);
            cmd.args(["clippy", "-q", "-p", &package, "--no-default-features"]);
            if let Some(feature) = &feature {
                cmd.args(["--features", feature]);
            }
            let output = cmd
                .args(["--", "-D", "warnings"])
                .output()
                .context("running cargo clippy")?;
            let label = feature.as_deref().unwrap_or("no feature");
            if target.is_some() {
                // Outside the workspace (the corpus): each combination's
                // artifacts are the crate's own (features are part of cargo's
                // hash), about 1 GB for Stripe's, so they go once checked.
                cargo(root, target)
                    .args(["clean", "-q", "-p", &package])
                    .output()
                    .context("running cargo clean")?;
            }
            if output.status.success() {
                writeln!(out, "{package} [{label}]: ok ({:.1?})", started.elapsed())?;
            } else {
                failures += 1;
                writeln!(
                    out,
                    "{package} [{label}]: FAILED\n{}",
                    String::from_utf8_lossy(&output.stderr)
                )?;
            }
        }
    }
    Ok(i32::from(failures > 0))
}

/// The features a generated `Cargo.toml` declares, besides `default` and
/// `full` (which turn the others on).
fn declared(cargo_toml: &str) -> Vec<String> {
    cargo_toml
        .lines()
        .skip_while(|l| l.trim() != "[features]")
        .skip(1)
        .take_while(|l| !l.trim_start().starts_with('['))
        .filter_map(|l| l.split_once('=').map(|(name, _)| name.trim().to_owned()))
        .filter(|name| !name.is_empty() && name != "default" && name != "full")
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn declared_lists_the_groups_and_other_types() {
        let text = "[dependencies]\nserde = \"1\"\n\n# note\n[features]\ndefault = [\"full\"]\n\
                    full = [\"a\", \"other-types\"]\na = []\nother-types = []\n";
        assert_eq!(declared(text), ["a", "other-types"]);
        assert!(declared("[dependencies]\nserde = \"1\"\n").is_empty());
    }
}
