//! `cargo xtask bench`: time the pipeline's stages on a synthetic OpenAPI 3.1
//! spec of a chosen size (default ~1 MB), in a temporary workspace, without
//! touching `crates/`.

use std::io::Write;
use std::time::Instant;

use anyhow::{Context, Result, bail};

use super::synth;
use crate::{manifest, pipeline};

/// Generate a spec of `kib` KiB, run the pipeline on it `runs` times and print
/// per-stage times of the fastest run.
pub fn run(kib: usize, runs: usize, out: &mut dyn Write) -> Result<()> {
    let dir = tempfile::tempdir()?;
    let vendor_dir = dir.path().join("specs/synthetic");
    std::fs::create_dir_all(&vendor_dir)?;
    let started = Instant::now();
    let text = synth::spec(kib * 1024);
    let synth_time = started.elapsed();
    std::fs::write(vendor_dir.join("openapi.json"), &text)?;
    std::fs::write(
        vendor_dir.join("vendor.yaml"),
        "id: synthetic\nname: Synthetic\ncrate_description: Synthetic benchmark client.\nspecs:\n  - file: openapi.json\n    hand_written: true\n    retrieved: 2026-11-21\n",
    )?;
    let vendors = manifest::discover(dir.path())?.vendors;
    let Some(v) = vendors.first() else {
        bail!("synthetic vendor not found")
    };

    let mut best: Option<(std::time::Duration, pipeline::Built)> = None;
    for _ in 0..runs.max(1) {
        let started = Instant::now();
        let built = pipeline::build(dir.path(), v)
            .map_err(|e| anyhow::anyhow!("{}", e[0]))
            .context("pipeline")?;
        let wall = started.elapsed();
        if best.as_ref().is_none_or(|(w, _)| wall < *w) {
            best = Some((wall, built));
        }
    }
    let (wall, built) = best.expect("at least one run");
    let operations = text.matches("\"operationId\"").count();
    let generated: usize = built.files.files.values().map(String::len).sum();
    let lines: usize = built.files.files.values().map(|f| f.lines().count()).sum();
    writeln!(
        out,
        "synthetic spec: {} bytes of OpenAPI 3.1, {operations} operations (made in {:.1} ms)",
        text.len(),
        synth_time.as_secs_f64() * 1e3
    )?;
    writeln!(
        out,
        "generated: {generated} bytes, {lines} lines; {} notices",
        built.notices.len()
    )?;
    super::regen::print_timings(
        out,
        &[("synthetic".to_owned(), built)],
        wall,
        "pipeline (fastest run)",
        wall,
    )?;
    Ok(())
}
