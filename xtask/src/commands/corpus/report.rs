//! The corpus report: a line per entry as it finishes, then the table.

use std::io::Write;

use anyhow::Result;

use super::Entry;

/// Whether the entry failed: regen, lint or an example.
pub fn failed(e: &Entry) -> bool {
    e.error.is_some()
        || e.lint
            .as_ref()
            .is_some_and(|(verdict, _)| verdict.is_some())
        || e.examples.as_ref().is_some_and(|(ok, all, _)| ok != all)
}

/// One entry as it finishes.
pub fn line(e: &Entry) -> String {
    let mut s = format!(
        "{}: {} ({} ms)",
        e.name,
        if e.error.is_some() { "FAILED" } else { "ok" },
        e.regen.as_millis()
    );
    if let Some(error) = &e.error {
        s.push_str(&format!("\n  error: {error}"));
    }
    if let Some((Some(lint), _)) = &e.lint {
        s.push_str(&format!("\n  lint: {lint}"));
    }
    if let Some((_, _, failures)) = &e.examples {
        for f in failures.iter().take(5) {
            s.push_str(&format!("\n  example FAILED {f}"));
        }
    }
    s
}

/// The table of every entry.
pub fn table(out: &mut dyn Write, entries: &[Entry]) -> Result<()> {
    writeln!(
        out,
        "\n| spec | openapi | operations (spec / generated) | notices | top notice reasons | examples decoded | clippy and cargo doc -D warnings | regen |"
    )?;
    writeln!(out, "| --- | --- | --- | --- | --- | --- | --- | --- |")?;
    for e in entries {
        let total: usize = e.notices.iter().map(|r| r.count).sum();
        let reasons = e
            .notices
            .iter()
            .take(3)
            .map(|r| {
                let text: String = r.text.chars().take(70).collect();
                format!("{}× {text}", r.count)
            })
            .collect::<Vec<_>>()
            .join("; ");
        let examples = match &e.examples {
            Some((ok, all, _)) => format!("{ok} / {all}"),
            None => "not run".into(),
        };
        let lint = match &e.lint {
            Some((None, t)) => format!("pass ({:.0} s)", t.as_secs_f64()),
            Some((Some(_), t)) => format!("FAIL ({:.0} s)", t.as_secs_f64()),
            None if e.error.is_some() => "—".into(),
            None => "not run".into(),
        };
        let status = if e.error.is_some() { " (FAILED)" } else { "" };
        writeln!(
            out,
            "| {}{status} | {} | {} / {} | {total} | {reasons} | {examples} | {lint} | {} ms |",
            e.name,
            e.version,
            e.operations,
            e.generated,
            e.regen.as_millis()
        )?;
    }
    Ok(())
}
