//! `cargo xtask corpus [NAME...] [--build] [--compare] [--features] [--each-feature]`: the generator against real
//! published specs (`tests/corpus/<name>/`: the document, its licence, a
//! manifest, sometimes an overlay fixing a published mistake).
//!
//! Each entry is regenerated in a scratch workspace (never in `crates/`), and
//! with `--build` its crate is linted with clippy and documented with
//! `cargo doc` (both `-D warnings`, as CI does)
//! and every documented response example is decoded with the generated types.
//! A table says, per spec: operations in the spec and generated, notices by
//! reason, examples decoded, the lint result and the regen time.

mod examples;
mod features;
mod peer;
mod report;
mod scratch;
mod timed;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::{Context, Result};

use crate::diag;
use crate::manifest;
use crate::pipeline;
use crate::spec::features::Groups;
use crate::spec::walk::METHODS;
use crate::sync;

/// What `corpus` was asked.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Corpus entries (default: all).
    pub names: Vec<String>,
    /// Also lint each crate and decode the documented examples.
    pub build: bool,
    /// Where the scratch workspace goes (default: a temporary directory).
    pub scratch: Option<PathBuf>,
    /// Also time `regen` and openapi-generator `-g rust` back to back on each spec.
    pub compare: bool,
    /// Also time building each crate whole and with only its largest group.
    pub features: bool,
    /// Also lint each crate with no feature and with each feature alone.
    pub each_feature: bool,
}

/// One corpus entry's results.
#[derive(Debug, Default)]
pub struct Entry {
    /// The entry's name.
    pub name: String,
    /// The spec's `openapi` version.
    pub version: String,
    /// Operations in the published spec.
    pub operations: usize,
    /// Operations the crate has.
    pub generated: usize,
    /// Notices by reason, the most frequent first.
    pub notices: Vec<diag::Reason>,
    /// The pipeline's error, if it failed.
    pub error: Option<String>,
    /// Wall time of the pipeline.
    pub regen: Duration,
    /// With `--build`: clippy's verdict (`None`: passed) and its time.
    pub lint: Option<(Option<String>, Duration)>,
    /// With `--build`: examples (decoded, documented), and the failures.
    pub examples: Option<(usize, usize, Vec<String>)>,
}

/// Run `corpus` for the workspace at `root`; returns the exit code (1 when any
/// entry fails to regenerate, or, with `--build`, to lint or decode).
pub fn run(root: &Path, opts: &Options, out: &mut dyn Write) -> Result<i32> {
    let corpus = root.join("tests/corpus");
    let names = scratch::entries(&corpus, &opts.names)?;
    let temp;
    let dir = match &opts.scratch {
        Some(dir) => dir.clone(),
        None => {
            temp = tempfile::tempdir()?;
            temp.path().to_path_buf()
        }
    };
    scratch::prepare(root, &dir, &corpus, &names)?;
    let target = root.join("target/corpus");
    let mut entries = Vec::new();
    let mut builds = Vec::new();
    for name in &names {
        let (mut entry, groups) = regenerate(&dir, name)?;
        if opts.build && entry.error.is_none() {
            entry.lint = Some(scratch::lint(&dir, &target, name)?);
            entry.examples = Some(examples::decode(&dir, &target, name)?);
        }
        writeln!(out, "{}", report::line(&entry))?;
        if let (true, Some(groups)) = (opts.features, groups) {
            let measured = features::measure(&dir, &target, name, &groups)?;
            features::table(out, std::slice::from_ref(&measured))?;
            builds.push(measured);
        }
        entries.push(entry);
    }
    report::table(out, &entries)?;
    if opts.features {
        features::table(out, &builds)?;
    }
    let mut failed = entries.iter().any(report::failed);
    if opts.each_feature {
        let generated: Vec<String> = entries
            .iter()
            .filter(|e| e.error.is_none())
            .map(|e| e.name.clone())
            .collect();
        failed |= crate::commands::features::run(&dir, &generated, Some(&target), out)? != 0;
    }
    if opts.compare {
        compare(root, &dir, &names, out)?;
    }
    Ok(i32::from(failed))
}

/// Time `regen` and openapi-generator on each entry's spec, back to back.
fn compare(root: &Path, dir: &Path, names: &[String], out: &mut dyn Write) -> Result<()> {
    let cli = peer::install(root)?;
    let mut rows = Vec::new();
    for name in names {
        let (vendors, _) = manifest::select(manifest::discover(dir)?, std::slice::from_ref(name))?;
        let Some(vendor) = vendors.first() else {
            continue;
        };
        let spec = dir.join(&vendor.dir).join(&vendor.specs[0].file);
        let ours = peer::ours(dir, name)?;
        let theirs = peer::peer(&cli, &spec, &dir.join("peer").join(name))?;
        writeln!(
            out,
            "{name}: regen {:?}, openapi-generator {:?}",
            ours.wall, theirs.wall
        )?;
        rows.push((name.clone(), ours, theirs));
    }
    peer::table(out, &rows)
}

/// Regenerate one entry's crate in the scratch workspace `dir`: its results,
/// and its feature groups if it generated.
fn regenerate(dir: &Path, name: &str) -> Result<(Entry, Option<Groups>)> {
    let (mut vendors, broken) = manifest::select(manifest::discover(dir)?, &[name.to_owned()])?;
    let mut entry = Entry {
        name: name.to_owned(),
        ..Entry::default()
    };
    if let Some(b) = broken.first() {
        entry.error = Some(b.to_string());
        return Ok((entry, None));
    }
    let vendor = vendors.remove(0);
    let published = published_document(dir, &vendor)?;
    entry.version = published
        .get("openapi")
        .and_then(|v| v.as_str())
        .unwrap_or("?")
        .to_owned();
    entry.operations = operations(&published);
    let started = Instant::now();
    let built = pipeline::build(dir, &vendor);
    entry.regen = started.elapsed();
    let mut groups = None;
    match built {
        Ok(built) => {
            entry.generated = operations(&built.doc);
            entry.notices = diag::by_reason(built.notices.iter().map(|(_, n)| n.message.as_str()));
            groups = Some(built.groups);
            sync::write(dir, &[built.files], &[])?;
        }
        Err(errors) => {
            entry.error = Some(
                errors
                    .iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join("; "),
            );
        }
    }
    Ok((entry, groups))
}

/// The entry's (first) published document, parsed.
fn published_document(dir: &Path, vendor: &manifest::Vendor) -> Result<serde_json::Value> {
    let file = &vendor.specs[0].file;
    let bytes = manifest::read_contained(dir, &vendor.dir, file).map_err(anyhow::Error::msg)?;
    crate::spec::load::decode(&bytes)
        .map_err(|e| anyhow::anyhow!("{}", e.message))
        .with_context(|| format!("reading {file}"))
}

/// How many operations `doc` has.
fn operations(doc: &serde_json::Value) -> usize {
    doc.get("paths")
        .and_then(|p| p.as_object())
        .into_iter()
        .flat_map(|p| p.values())
        .map(|item| METHODS.iter().filter(|m| item.get(**m).is_some()).count())
        .sum()
}
