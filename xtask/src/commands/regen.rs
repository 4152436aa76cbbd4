//! `cargo xtask regen [VENDOR...] [--check] [--force] [--verbose] [--timings]`:
//! run the pipeline for every selected vendor, report each one's result, then
//! write the crates (or, with `--check`, compare them).
//!
//! A vendor whose inputs, generator and files are as its crate's
//! `GENERATED.sha256` records is not generated again unless `--force` says so:
//! its crate is what generating would write. Nothing is written unless every
//! selected vendor succeeded, and a failing vendor never hides the others'
//! results in the report.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use anyhow::Result;

use crate::diag::{self, Notice, SpecError};
use crate::evolution::specdiff::Level;
use crate::manifest::{self, ManifestError, Vendor};
use crate::pipeline::{self, Built};
use crate::record;
use crate::sync::{self, CrateFiles, Drift};

/// What `regen` was asked to do.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Vendor ids; empty means all.
    pub vendors: Vec<String>,
    /// Compare instead of writing.
    pub check: bool,
    /// Generate every selected vendor, even those whose record still holds.
    pub force: bool,
    /// Print every notice, not only their reasons when there are many.
    pub verbose: bool,
    /// Print per-stage times.
    pub timings: bool,
    /// Vendors generated at once (default: one per core). Each holds
    /// progenitor's output in memory: Stripe's alone peaks near 450 MB.
    pub jobs: Option<usize>,
}

/// How a run ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Every generated crate already matched.
    UpToDate,
    /// These crate directories were rewritten or removed.
    Written(Vec<PathBuf>),
    /// `--check` found this many differing, missing or stray files.
    Drifted(usize),
    /// At least one vendor failed; nothing was written.
    Failed,
}

impl Outcome {
    /// Process exit code: 0 when the tree matches the specs, 1 otherwise.
    pub fn exit_code(&self) -> i32 {
        match self {
            Outcome::UpToDate | Outcome::Written(_) => 0,
            Outcome::Drifted(_) | Outcome::Failed => 1,
        }
    }
}

/// Run regen on the workspace at `root`, reporting to `report` and printing
/// diffs (in check mode) to `diffs`.
pub fn run(
    root: &Path,
    opts: &Options,
    report: &mut dyn Write,
    diffs: &mut dyn Write,
) -> Result<Outcome> {
    let wall = Instant::now();
    let (vendors, broken) = manifest::select(manifest::discover(root)?, &opts.vendors)?;
    let (unchanged, vendors) = if opts.force {
        (Vec::new(), vendors)
    } else {
        skip_unchanged(root, vendors, report)?
    };
    let Some(built) = build_all(root, &vendors, &broken, opts, report)? else {
        writeln!(report, "regen failed: crates/ was left untouched.")?;
        return Ok(Outcome::Failed);
    };
    let mut crates: Vec<_> = built.iter().map(|(_, b)| b.files.clone()).collect();
    crates.extend(unchanged);
    // Orphans only make sense when every vendor was regenerated.
    let orphans = if opts.vendors.is_empty() {
        sync::orphans(root, &crates)?
    } else {
        Vec::new()
    };
    let started = Instant::now();
    let outcome = if opts.check {
        check(root, &crates, &orphans, &opts.vendors, report, diffs)?
    } else {
        write(root, &crates, &orphans, report)?
    };
    if opts.timings {
        let last = if opts.check { "check" } else { "write" };
        print_timings(report, &built, started.elapsed(), last, wall.elapsed())?;
    }
    Ok(outcome)
}

/// Split `vendors` into the crates nothing changed for (inputs, generator and
/// files as their `GENERATED.sha256` records: generating them again would
/// write what is there) and the vendors to generate.
fn skip_unchanged(
    root: &Path,
    vendors: Vec<Vendor>,
    report: &mut dyn Write,
) -> Result<(Vec<CrateFiles>, Vec<Vendor>)> {
    let mut unchanged = Vec::new();
    let mut rest = Vec::new();
    for v in vendors {
        let found = pipeline::inputs_sha256(root, &v)
            .and_then(|sha| record::unchanged(root, &v.crate_dir(), &sha));
        match found {
            Some(files) => {
                writeln!(
                    report,
                    "{:<18} unchanged (inputs, generator and files as in {}): not generated again \
                     (--force to generate it anyway)",
                    v.id,
                    record::FILE
                )?;
                unchanged.push(files);
            }
            None => rest.push(v),
        }
    }
    Ok((unchanged, rest))
}

/// Run the pipeline for every vendor, reporting each; `None` if any vendor
/// (or a broken manifest among those selected) failed.
fn build_all(
    root: &Path,
    vendors: &[Vendor],
    broken: &[ManifestError],
    opts: &Options,
    report: &mut dyn Write,
) -> Result<Option<Vec<(String, Built)>>> {
    let mut failed = !broken.is_empty();
    for b in broken {
        writeln!(report, "{:<18} FAILED\n  error: {b}", b.id)?;
    }
    let mut built = Vec::new();
    for (v, result) in vendors.iter().zip(build_parallel(root, vendors, opts.jobs)) {
        match result {
            Ok(b) => {
                report_built(report, &v.id, &b, opts.verbose)?;
                built.push((v.id.clone(), b));
            }
            Err(errors) => {
                failed = true;
                writeln!(report, "{:<18} FAILED", v.id)?;
                for e in errors {
                    writeln!(report, "  error: {e}")?;
                }
            }
        }
    }
    Ok((!failed).then_some(built))
}

/// One vendor's pipeline result.
type BuildResult = Result<Built, Vec<SpecError>>;

/// `pipeline::build` for every vendor, on `jobs` threads (default: as many
/// as the machine has cores; one vendor a thread at a time, the largest
/// inputs first so a big spec never starts last), results in `vendors`' order.
fn build_parallel(root: &Path, vendors: &[Vendor], jobs: Option<usize>) -> Vec<BuildResult> {
    let threads = jobs
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, usize::from))
        .clamp(1, vendors.len().max(1));
    let mut order: Vec<usize> = (0..vendors.len()).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(input_bytes(root, &vendors[i])));
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<Option<BuildResult>>> =
        Mutex::new((0..vendors.len()).map(|_| None).collect());
    std::thread::scope(|scope| {
        for _ in 0..threads {
            scope.spawn(|| {
                while let Some(&i) = order.get(next.fetch_add(1, Ordering::Relaxed)) {
                    let result = pipeline::build(root, &vendors[i]);
                    results.lock().expect("no worker panics holding it")[i] = Some(result);
                }
            });
        }
    });
    results
        .into_inner()
        .expect("no worker panicked")
        .into_iter()
        .map(|r| r.expect("every vendor was built"))
        .collect()
}

/// The size of a vendor's spec files (0 for one that cannot be read: the
/// pipeline reports it).
fn input_bytes(root: &Path, vendor: &Vendor) -> u64 {
    vendor
        .specs
        .iter()
        .filter_map(|s| std::fs::symlink_metadata(root.join(vendor.file(&s.file))).ok())
        .map(|m| m.len())
        .sum()
}

/// One vendor's line: files, notices, version and the classified changes.
fn report_built(report: &mut dyn Write, id: &str, b: &Built, verbose: bool) -> Result<()> {
    writeln!(
        report,
        "{id:<18} ok      {} files, {} notices",
        b.files.files.len(),
        b.notices.len()
    )?;
    report_notices(report, &b.notices, verbose)?;
    let r = &b.release;
    if r.previous != Some(r.version) {
        let from = r.previous.map_or("new".to_owned(), |v| v.to_string());
        writeln!(report, "  version: {from} -> {}", r.version)?;
    }
    match r.generator_change {
        Some(Level::Breaking) => writeln!(
            report,
            "  BREAKING generated code changed with a generator update"
        )?,
        Some(Level::NonBreaking) => writeln!(
            report,
            "  ok       generated code changed with a non-breaking generator revision"
        )?,
        None => {}
    }
    for c in &r.changes {
        let level = if c.level == Level::Breaking {
            "BREAKING"
        } else {
            "ok"
        };
        writeln!(report, "  {level:<8} {}: {}", c.pointer, c.reason)?;
    }
    Ok(())
}

/// More notices than this are summarised by reason unless `--verbose`.
const NOTICES_LISTED: usize = 20;

/// Each notice with its file and pointer; when there are more than
/// [`NOTICES_LISTED`] and not `verbose`, each reason once instead, with how
/// many notices give it and where the first is (the crate's README lists all).
fn report_notices(
    report: &mut dyn Write,
    notices: &[(String, Notice)],
    verbose: bool,
) -> Result<()> {
    if verbose || notices.len() <= NOTICES_LISTED {
        for (file, n) in notices {
            writeln!(report, "  note: {file}#{}: {}", n.pointer, n.message)?;
        }
        return Ok(());
    }
    let reasons = diag::by_reason(notices.iter().map(|(_, n)| n.message.as_str()));
    writeln!(
        report,
        "  notes by reason ({} reasons; --verbose lists each note, the crate's README too):",
        reasons.len()
    )?;
    for r in &reasons {
        let (file, first) = &notices[r.first];
        writeln!(
            report,
            "  {:>5}× {} (first: {file}#{})",
            r.count, r.text, first.pointer
        )?;
    }
    Ok(())
}

/// `--check`: print every difference to `diffs`, and the command that fixes them.
fn check(
    root: &Path,
    crates: &[CrateFiles],
    orphans: &[PathBuf],
    selected: &[String],
    report: &mut dyn Write,
    diffs: &mut dyn Write,
) -> Result<Outcome> {
    let mut count = 0;
    for c in crates {
        for d in sync::drift(root, c)? {
            count += 1;
            match d {
                Drift::Changed { diff, .. } => write!(diffs, "{diff}")?,
                Drift::Missing { path } => writeln!(diffs, "missing: {}", path.display())?,
                Drift::Stray { path } => {
                    writeln!(diffs, "not generated (stray): {}", path.display())?
                }
            }
        }
    }
    for o in orphans {
        count += 1;
        writeln!(diffs, "generated crate no vendor produces: {}", o.display())?;
    }
    if count == 0 {
        writeln!(report, "generated crates match specs/.")?;
        return Ok(Outcome::UpToDate);
    }
    let which: String = selected.iter().map(|v| format!(" {v}")).collect();
    writeln!(
        report,
        "{count} generated file(s) differ from what specs/ produce. Fix: cargo xtask regen{which}"
    )?;
    Ok(Outcome::Drifted(count))
}

/// Write the crates that differ and remove orphans.
fn write(
    root: &Path,
    crates: &[CrateFiles],
    orphans: &[PathBuf],
    report: &mut dyn Write,
) -> Result<Outcome> {
    let written = sync::write(root, crates, orphans)?;
    if written.is_empty() {
        writeln!(report, "generated crates already match specs/.")?;
        return Ok(Outcome::UpToDate);
    }
    for dir in &written {
        writeln!(report, "wrote {}", dir.display())?;
    }
    Ok(Outcome::Written(written))
}

fn ms(d: Duration) -> String {
    format!("{:.1}", d.as_secs_f64() * 1000.0)
}

/// A table of per-stage times in milliseconds.
pub fn print_timings(
    out: &mut dyn Write,
    built: &[(String, Built)],
    last: Duration,
    last_name: &str,
    wall: Duration,
) -> Result<()> {
    writeln!(
        out,
        "\n{:<18} {:>9} {:>9} {:>9} {:>9}   (ms)",
        "vendor", "load", "convert", "generate", "format"
    )?;
    for (id, b) in built {
        let t = b.times;
        writeln!(
            out,
            "{id:<18} {:>9} {:>9} {:>9} {:>9}",
            ms(t.load),
            ms(t.convert),
            ms(t.generate),
            ms(t.format)
        )?;
    }
    writeln!(
        out,
        "{last_name} (all vendors): {} ms; wall: {} ms",
        ms(last),
        ms(wall)
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reported(notices: &[(String, Notice)], verbose: bool) -> String {
        let mut out = Vec::new();
        report_notices(&mut out, notices, verbose).unwrap();
        String::from_utf8(out).unwrap()
    }

    fn notice(i: usize, message: &str) -> (String, Notice) {
        (
            "specs/x/api.json".to_owned(),
            Notice::new(format!("/paths/p{i}"), message),
        )
    }

    #[test]
    fn many_notices_are_summarised_by_reason_and_verbose_lists_each() {
        let mut notices: Vec<_> = (0..NOTICES_LISTED)
            .map(|i| notice(i, &format!("parameter `p{i}` left out: style `deepObject`")))
            .collect();
        notices.insert(3, notice(99, "request `encoding` left out"));
        let summary = reported(&notices, false);
        assert_eq!(summary.lines().count(), 3, "{summary}");
        assert!(
            summary.contains(&format!(
                "{:>5}× parameter `…` left out: style `…` (first: specs/x/api.json#/paths/p0)",
                NOTICES_LISTED
            )),
            "{summary}"
        );
        assert!(
            summary.contains("    1× request `…` left out (first: specs/x/api.json#/paths/p99)"),
            "{summary}"
        );
        assert!(!summary.contains("note:"), "{summary}");

        let each = reported(&notices, true);
        assert_eq!(each.matches("  note: ").count(), notices.len(), "{each}");
        assert!(
            each.contains("#/paths/p7: parameter `p7` left out"),
            "{each}"
        );
    }

    #[test]
    fn a_few_notices_are_listed_each() {
        let notices: Vec<_> = (0..NOTICES_LISTED)
            .map(|i| notice(i, &format!("parameter `p{i}` left out")))
            .collect();
        let listed = reported(&notices, false);
        assert_eq!(
            listed.matches("  note: ").count(),
            NOTICES_LISTED,
            "{listed}"
        );
        assert!(!listed.contains("by reason"), "{listed}");
    }
}
