//! `cargo xtask diff VENDOR [--against GIT_REV] [--json] [--fail-on-breaking]`:
//! the classified changes between the spec a crate was generated from (its
//! checked-in `openapi.json`, or the one at a git revision) and what the
//! current `specs/` produce.

use std::io::Write;
use std::path::Path;
use std::process::Command;

use anyhow::{Context, Result, bail};
use serde_json::{Value, json};

use crate::evolution::specdiff::{Change, Level};
use crate::evolution::versioning;
use crate::{manifest, pipeline};

/// What `diff` was asked.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// The vendor.
    pub vendor: String,
    /// A git revision to compare against (default: the working tree's crate).
    pub against: Option<String>,
    /// Print JSON instead of text.
    pub json: bool,
    /// Exit 1 when any change is breaking.
    pub fail_on_breaking: bool,
}

/// The previous normalised document of `crate_dir` (in the working tree, or at `rev`).
fn previous(root: &Path, crate_dir: &Path, rev: Option<&str>) -> Result<(Value, String)> {
    let rel = crate_dir.join("openapi.json");
    let rel_s = rel.to_string_lossy().replace('\\', "/");
    let (text, label) = match rev {
        None => (
            std::fs::read_to_string(root.join(&rel)).with_context(|| format!("reading {rel_s}"))?,
            rel_s.clone(),
        ),
        Some(rev) => {
            let out = Command::new("git")
                .arg("-C")
                .arg(root)
                .arg("show")
                .arg(format!("{rev}:{rel_s}"))
                .output()
                .context("running git")?;
            if !out.status.success() {
                bail!(
                    "no {rel_s} at {rev}: {}",
                    String::from_utf8_lossy(&out.stderr).trim()
                );
            }
            (String::from_utf8(out.stdout)?, format!("{rel_s} at {rev}"))
        }
    };
    let doc: Value = serde_json::from_str(&text).with_context(|| format!("{label} is not JSON"))?;
    Ok((versioning::without_header(doc), label))
}

/// Write `changes` as text lines.
pub fn print_changes(out: &mut dyn Write, changes: &[Change]) -> Result<()> {
    for c in changes {
        let level = if c.level == Level::Breaking {
            "BREAKING"
        } else {
            "ok"
        };
        writeln!(out, "{level:<8}  {}: {}", c.pointer, c.reason)?;
    }
    Ok(())
}

/// Run `diff`; returns the exit code.
pub fn run(root: &Path, opts: &Options, out: &mut dyn Write) -> Result<i32> {
    let (vendors, broken) = manifest::select(
        manifest::discover(root)?,
        std::slice::from_ref(&opts.vendor),
    )?;
    if let Some(b) = broken.first() {
        anyhow::bail!("{b}");
    }
    let v = &vendors[0];
    let (old, label) = previous(root, &v.crate_dir(), opts.against.as_deref())?;
    let built = pipeline::build(root, v).map_err(|errors| {
        anyhow::anyhow!(
            errors
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("\n")
        )
    })?;
    let changes = crate::evolution::specdiff::diff(&old, &built.doc);
    let breaking = changes.iter().any(|c| c.level == Level::Breaking);
    if opts.json {
        let doc =
            json!({"vendor": v.id, "against": label, "breaking": breaking, "changes": changes});
        writeln!(out, "{}", serde_json::to_string_pretty(&doc)?)?;
    } else {
        let n = changes
            .iter()
            .filter(|c| c.level == Level::Breaking)
            .count();
        writeln!(
            out,
            "{}: {} change(s), {n} breaking, since {label}",
            v.id,
            changes.len()
        )?;
        print_changes(out, &changes)?;
    }
    Ok(if breaking && opts.fail_on_breaking {
        1
    } else {
        0
    })
}
