//! `corpus --features`: what a user pays to build a generated crate whole
//! against one group of operations (one Cargo feature), measured with cargo
//! under `/usr/bin/time`. The crate and its dependencies are built once
//! first, untimed; before each timed build the crate's `lib.rs` is touched, so
//! each figure is the generated crate alone, as a user editing their own
//! code never pays it again but pays it once per feature set.

use std::io::Write;
use std::path::Path;

use anyhow::{Context, Result};

use super::timed::{Measured, timed};
use crate::commands::cargo::cargo;
use crate::spec::features::Groups;

/// One entry's builds.
pub struct Builds {
    /// The entry.
    pub name: String,
    /// How many groups (features besides `full`, `default`, `other-types`).
    pub groups: usize,
    /// `--no-default-features`: no operation, only what is always compiled.
    pub none: Measured,
    /// The group with the most operations: its feature and operation count.
    pub largest: (String, usize, Measured),
    /// The default features (`full`).
    pub full: Measured,
}

/// Build the entry's crate with no feature, its largest group, and in full.
pub fn measure(dir: &Path, target: &Path, name: &str, groups: &Groups) -> Result<Builds> {
    let package = format!("{name}-client");
    let lib = dir.join("crates").join(&package).join("src/lib.rs");
    let build = |features: &[&str]| -> Result<Measured> {
        touch(&lib)?;
        let mut cmd = cargo(dir, Some(target));
        cmd.args(["build", "-q", "-p", &package])
            .args(features)
            // As a dependency is built: from scratch, not incrementally.
            .env("CARGO_INCREMENTAL", "0");
        timed(cmd, dir).with_context(|| format!("building {package} {features:?}"))
    };
    let largest = groups
        .0
        .iter()
        .max_by_key(|g| (g.operations.len(), std::cmp::Reverse(g.feature.clone())))
        .context("no operations")?;
    build(&["--no-default-features"])?;
    let none = build(&["--no-default-features"])?;
    let one = build(&["--no-default-features", "--features", &largest.feature])?;
    let full = build(&[])?;
    Ok(Builds {
        name: name.to_owned(),
        groups: groups.0.len(),
        none,
        largest: (largest.feature.clone(), largest.operations.len(), one),
        full,
    })
}

/// The table: full build against the largest single group.
pub fn table(out: &mut dyn Write, rows: &[Builds]) -> Result<()> {
    writeln!(
        out,
        "\n| spec | groups | full build | largest group (operations) | its build | share of full (time / memory) | no feature |"
    )?;
    writeln!(out, "| --- | --- | --- | --- | --- | --- | --- |")?;
    let figure = |m: &Measured| format!("{:.1} s, {:.0} MiB", m.wall.as_secs_f64(), m.peak_mib());
    for b in rows {
        let (feature, operations, one) = &b.largest;
        writeln!(
            out,
            "| {} | {} | {} | `{feature}` ({operations}) | {} | {:.0}% / {:.0}% | {} |",
            b.name,
            b.groups,
            figure(&b.full),
            figure(one),
            100.0 * one.wall.as_secs_f64() / b.full.wall.as_secs_f64().max(0.001),
            100.0 * one.peak_kib as f64 / b.full.peak_kib.max(1) as f64,
            figure(&b.none),
        )?;
    }
    Ok(())
}

/// Set `file`'s modification time to now, so cargo rebuilds its crate.
fn touch(file: &Path) -> Result<()> {
    std::fs::File::options()
        .append(true)
        .open(file)
        .and_then(|f| f.set_modified(std::time::SystemTime::now()))
        .with_context(|| format!("touching {}", file.display()))
}
