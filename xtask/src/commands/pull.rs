//! `cargo xtask pull [VENDOR...]`: download each vendor's published document
//! again from the source URL in its `vendor.yaml`, take the spec out of a docs
//! page exactly as the vendored copy was, and write it only when it changed,
//! with the retrieval date. Reports the classified changes it brings.
//!
//! Everything is downloaded and checked first: a network failure, a non-2xx
//! answer, or a page without a spec block anywhere leaves `specs/` untouched.
//! Hand-written specs are reported as not pullable.

use std::io::Write;
use std::path::Path;
use std::time::Duration;

use anyhow::{Context, Result};

use super::diff;
use crate::manifest::{self, SpecSource, Staged, Vendor, read_contained, write_contained};
use crate::pipeline;
use crate::spec::load;

/// What `pull` was asked.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Vendor ids (empty: all).
    pub vendors: Vec<String>,
    /// Replace the scheme, host and port of every source URL (for local test servers).
    pub origin: Option<String>,
    /// The retrieval date to record (default: today, UTC).
    pub date: Option<String>,
}

/// The spec inside a docs page: the lines between a ```` ```yaml ```` opening
/// fence and the next closing fence, each ending in a newline (as vendored).
pub fn extract_fenced(page: &str) -> Option<String> {
    let lines: Vec<&str> = page.split('\n').collect();
    let start = lines
        .iter()
        .position(|l| l.starts_with("````yaml") || l.starts_with("```yaml"))?;
    let fence: String = lines[start].chars().take_while(|c| *c == '`').collect();
    let end = start
        + 1
        + lines[start + 1..]
            .iter()
            .position(|l| l.starts_with(fence.as_str()))?;
    Some(
        lines[start + 1..end]
            .iter()
            .map(|l| format!("{l}\n"))
            .collect(),
    )
}

/// Today's date (UTC) as YYYY-MM-DD, from the system clock.
pub fn today() -> String {
    let days = (std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
        / 86_400) as i64;
    // Days since 1970-01-01 to a civil date (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}

/// `url` with its scheme, host and port replaced by `origin`'s.
fn with_origin(url: &str, origin: Option<&str>) -> Result<String> {
    let Some(origin) = origin else {
        return Ok(url.to_owned());
    };
    let mut u = reqwest::Url::parse(url).with_context(|| format!("source {url:?} is not a URL"))?;
    let o =
        reqwest::Url::parse(origin).with_context(|| format!("origin {origin:?} is not a URL"))?;
    u.set_scheme(o.scheme()).ok();
    u.set_host(o.host_str()).ok();
    u.set_port(o.port()).ok();
    Ok(u.to_string())
}

/// Download and extract one spec.
fn fetch(http: &reqwest::blocking::Client, spec: &SpecSource, url: &str) -> Result<String, String> {
    let response = http
        .get(url)
        .send()
        .map_err(|e| format!("cannot download {url}: {}", e.without_url()))?;
    let status = response.status();
    if !status.is_success() {
        return Err(format!("{url} answered HTTP {status}"));
    }
    let body = response
        .text()
        .map_err(|e| format!("cannot read {url}: {}", e.without_url()))?;
    let text = match spec.extract.as_deref() {
        Some("markdown-fence") => {
            extract_fenced(&body).ok_or_else(|| format!("{url} has no ```yaml OpenAPI block"))?
        }
        None => body,
        Some(other) => return Err(format!("unknown extract method `{other}`")),
    };
    let doc = load::parse(&text).map_err(|e| format!("{url}: {}", e.message))?;
    if doc.get("openapi").and_then(|v| v.as_str()).is_none() {
        return Err(format!(
            "{url}: the document has no `openapi` version: not an OpenAPI description"
        ));
    }
    Ok(text)
}

/// `vendor.yaml` text with the `retrieved:` date of `file` set to `date`.
fn set_retrieved(manifest: &str, file: &str, date: &str) -> String {
    let mut out = Vec::new();
    let mut in_spec = false;
    for line in manifest.split('\n') {
        let trimmed = line.trim_start();
        if trimmed.starts_with("- file:") {
            in_spec = trimmed.trim_start_matches("- file:").trim() == file;
        }
        if in_spec && trimmed.starts_with("retrieved:") {
            let indent = &line[..line.len() - trimmed.len()];
            out.push(format!("{indent}retrieved: {date}"));
            continue;
        }
        out.push(line.to_owned());
    }
    out.join("\n")
}

/// A downloaded spec that differs from the vendored copy.
struct Update<'v> {
    vendor: &'v Vendor,
    /// The spec's file name in the vendor's folder.
    file: String,
    text: String,
}

/// Run `pull`; returns the exit code.
pub fn run(root: &Path, opts: &Options, report: &mut dyn Write) -> Result<i32> {
    let (vendors, broken) = manifest::select(manifest::discover(root)?, &opts.vendors)?;
    let date = opts.date.clone().unwrap_or_else(today);
    let mut errors: Vec<String> = broken.iter().map(ToString::to_string).collect();
    let updates = download(root, &vendors, opts, report, &mut errors)?;
    let staged = if errors.is_empty() {
        stage(root, &updates, &date, report, &mut errors)?
    } else {
        Vec::new()
    };
    if !errors.is_empty() {
        for e in &errors {
            writeln!(report, "error: {e}")?;
        }
        writeln!(report, "pull failed: specs/ was left untouched.")?;
        return Ok(1);
    }
    for file in staged {
        file.commit().map_err(anyhow::Error::msg)?;
    }
    report_changes(root, &updates, report)?;
    Ok(0)
}

/// Download every pullable spec of `vendors`; nothing is written. Returns the
/// ones that changed; failures go to `errors`.
fn download<'v>(
    root: &Path,
    vendors: &'v [Vendor],
    opts: &Options,
    report: &mut dyn Write,
    errors: &mut Vec<String>,
) -> Result<Vec<Update<'v>>> {
    let http = reqwest::blocking::Client::builder()
        .timeout(Duration::from_secs(30))
        .user_agent(concat!("billing-xtask/", env!("CARGO_PKG_VERSION")))
        .build()?;
    let mut updates = Vec::new();
    for v in vendors {
        for spec in &v.specs {
            let shown = v.file(&spec.file);
            let shown = shown.display();
            let Some(source) = spec.source.as_deref().filter(|_| !spec.hand_written) else {
                writeln!(
                    report,
                    "{shown}: not pullable (hand-written from a docs page)"
                )?;
                continue;
            };
            let url = with_origin(source, opts.origin.as_deref())?;
            match fetch(&http, spec, &url) {
                Err(e) => errors.push(format!("{shown}: {e}")),
                Ok(text) => {
                    let current = read_contained(root, &v.dir, &spec.file).unwrap_or_default();
                    if current == text.as_bytes() {
                        writeln!(report, "{shown}: unchanged")?;
                    } else {
                        updates.push(Update {
                            vendor: v,
                            file: spec.file.clone(),
                            text,
                        });
                    }
                }
            }
        }
    }
    Ok(updates)
}

/// Stage every changed spec and its manifest's new retrieval dates, each
/// inside its vendor's folder; nothing is in place until committed.
fn stage(
    root: &Path,
    updates: &[Update<'_>],
    date: &str,
    report: &mut dyn Write,
    errors: &mut Vec<String>,
) -> Result<Vec<Staged>> {
    let mut manifests: Vec<(&Vendor, String)> = Vec::new();
    let mut staged = Vec::new();
    for u in updates {
        let i = match manifests.iter().position(|(v, _)| v.id == u.vendor.id) {
            Some(i) => i,
            None => {
                let bytes = read_contained(root, &u.vendor.dir, "vendor.yaml")
                    .map_err(anyhow::Error::msg)?;
                manifests.push((u.vendor, String::from_utf8_lossy(&bytes).into_owned()));
                manifests.len() - 1
            }
        };
        manifests[i].1 = set_retrieved(&manifests[i].1, &u.file, date);
        match write_contained(root, &u.vendor.dir, &u.file, u.text.as_bytes()) {
            Ok(s) => staged.push(s),
            Err(e) => errors.push(e),
        }
        writeln!(report, "{}: updated", u.vendor.file(&u.file).display())?;
    }
    for (v, text) in &manifests {
        match write_contained(root, &v.dir, "vendor.yaml", text.as_bytes()) {
            Ok(s) => staged.push(s),
            Err(e) => errors.push(e),
        }
    }
    Ok(staged)
}

/// What the new specs change for each crate.
fn report_changes(root: &Path, updates: &[Update<'_>], report: &mut dyn Write) -> Result<()> {
    let mut changed: Vec<&str> = updates.iter().map(|u| u.vendor.id.as_str()).collect();
    changed.dedup();
    for id in changed {
        let (mut selected, _) = manifest::select(manifest::discover(root)?, &[id.to_owned()])?;
        let Some(v) = selected.pop() else { continue };
        match pipeline::build(root, &v) {
            Ok(built) => {
                writeln!(
                    report,
                    "{}: {} change(s) for {}; run `cargo xtask regen {}`",
                    v.id,
                    built.release.changes.len(),
                    v.crate_name(),
                    v.id
                )?;
                diff::print_changes(report, &built.release.changes)?;
            }
            Err(errors) => {
                for e in errors {
                    writeln!(report, "{}: the new spec does not generate: {e}", v.id)?;
                }
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fenced_block_is_extracted_byte_for_byte() {
        let page =
            "# Title\n\n## OpenAPI\n\n````yaml get /x\nopenapi: 3.1.0\ninfo:\n  title: T\n\n````";
        assert_eq!(
            extract_fenced(page).unwrap(),
            "openapi: 3.1.0\ninfo:\n  title: T\n\n"
        );
        assert_eq!(extract_fenced("no block here"), None);
        assert_eq!(extract_fenced("````yaml\nopen: never closed\n"), None);
    }

    #[test]
    fn retrieved_dates_change_only_for_the_named_file() {
        let m = "specs:\n  - file: a.yaml\n    retrieved: 2026-01-01\n  - file: b.yaml\n    retrieved: 2026-01-01\n";
        assert_eq!(
            set_retrieved(m, "b.yaml", "2026-12-01"),
            "specs:\n  - file: a.yaml\n    retrieved: 2026-01-01\n  - file: b.yaml\n    retrieved: 2026-12-01\n"
        );
    }

    #[test]
    fn today_is_a_plausible_date() {
        let t = today();
        assert_eq!(t.len(), 10);
        assert!(t.as_str() >= "2026-01-01", "{t}");
    }

    #[test]
    fn the_origin_replaces_scheme_host_and_port() {
        assert_eq!(
            with_origin("https://docs.x.ai/a/b.md", Some("http://127.0.0.1:8080")).unwrap(),
            "http://127.0.0.1:8080/a/b.md"
        );
        assert_eq!(
            with_origin("https://docs.x.ai/a", None).unwrap(),
            "https://docs.x.ai/a"
        );
    }
}
