//! Bringing `crates/` in line with what the specs produce, or checking that it
//! is: compare, print diffs, and write atomically.
//!
//! Writing never edits a crate in place. Every crate that changed is written in
//! full to a staging directory next to `crates/`, then swapped in by renames;
//! if a rename fails, the crates already swapped are put back. A failure
//! before the swap leaves `crates/` exactly as it was.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use similar::TextDiff;

/// The complete contents of one generated crate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CrateFiles {
    /// Crate directory, relative to the workspace root (`crates/cekura-client`).
    pub dir: PathBuf,
    /// File contents by path relative to `dir`.
    pub files: BTreeMap<String, String>,
}

/// How one file on disk differs from what the specs produce.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Drift {
    /// The file's content differs; carries a unified diff (disk → expected).
    Changed { path: PathBuf, diff: String },
    /// The file should exist and does not.
    Missing { path: PathBuf },
    /// The file exists in a generated crate but is not generated.
    Stray { path: PathBuf },
}

/// Every file under `dir` (relative paths, `/`-separated), or none if absent.
pub(crate) fn files_on_disk(dir: &Path) -> Result<BTreeMap<String, Vec<u8>>> {
    fn walk(base: &Path, dir: &Path, out: &mut BTreeMap<String, Vec<u8>>) -> Result<()> {
        for entry in fs::read_dir(dir).with_context(|| format!("reading {}", dir.display()))? {
            let path = entry?.path();
            if path.is_dir() {
                walk(base, &path, out)?;
            } else {
                let rel = path
                    .strip_prefix(base)
                    .expect("under base")
                    .to_string_lossy()
                    .replace('\\', "/");
                out.insert(rel, fs::read(&path)?);
            }
        }
        Ok(())
    }
    let mut out = BTreeMap::new();
    if dir.is_dir() {
        walk(dir, dir, &mut out)?;
    }
    Ok(out)
}

/// A generated file's text with CRLF line ends read as LF: a checkout that
/// converted line ends (`core.autocrlf`) holds the same generated crate.
pub fn lf(bytes: &[u8]) -> std::borrow::Cow<'_, [u8]> {
    if bytes.contains(&b'\r') {
        let mut out = Vec::with_capacity(bytes.len());
        for (i, &b) in bytes.iter().enumerate() {
            if !(b == b'\r' && bytes.get(i + 1) == Some(&b'\n')) {
                out.push(b);
            }
        }
        out.into()
    } else {
        bytes.into()
    }
}

/// Read a generated file as text with LF line ends ([`lf`]); `None` if unreadable.
pub fn read_generated(path: &Path) -> Option<String> {
    let bytes = fs::read(path).ok()?;
    String::from_utf8(lf(&bytes).into_owned()).ok()
}

/// How long a file's diff may take to be minimal: past it, `similar` gives
/// an approximate one (a whole generated file rewritten would otherwise take
/// minutes).
const DIFF_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(1);

/// Lines of a file's diff that are printed; the rest is left to `git diff`.
const DIFF_LINES: usize = 400;

/// A file of a generated crate that is not what the specs produce, by its
/// path relative to the crate.
enum Difference {
    /// Its content differs: what is on disk.
    Changed {
        rel: String,
        have: Vec<u8>,
    },
    Missing {
        rel: String,
    },
    Stray {
        rel: String,
    },
}

/// What differs between `expected` and what is under `root` (line ends
/// normalised, see [`lf`]); compares bytes only.
fn differences(root: &Path, expected: &CrateFiles) -> Result<Vec<Difference>> {
    let mut on_disk = files_on_disk(&root.join(&expected.dir))?;
    let mut out = Vec::new();
    for (rel, want) in &expected.files {
        match on_disk.remove(rel) {
            None => out.push(Difference::Missing { rel: rel.clone() }),
            Some(have) if *lf(&have) == *want.as_bytes() => {}
            Some(have) => out.push(Difference::Changed {
                rel: rel.clone(),
                have,
            }),
        }
    }
    out.extend(on_disk.into_keys().map(|rel| Difference::Stray { rel }));
    Ok(out)
}

/// Compare `expected` with what is under `root` (line ends normalised, see
/// [`lf`]), with a diff of each changed file.
pub fn drift(root: &Path, expected: &CrateFiles) -> Result<Vec<Drift>> {
    let drifts = differences(root, expected)?
        .into_iter()
        .map(|d| match d {
            Difference::Changed { rel, have } => {
                let path = expected.dir.join(&rel);
                let diff = unified_diff(
                    &path.display().to_string(),
                    &String::from_utf8_lossy(&have),
                    &expected.files[&rel],
                );
                Drift::Changed { path, diff }
            }
            Difference::Missing { rel } => Drift::Missing {
                path: expected.dir.join(rel),
            },
            Difference::Stray { rel } => Drift::Stray {
                path: expected.dir.join(rel),
            },
        })
        .collect();
    Ok(drifts)
}

/// The unified diff `have` → `want` of the file `shown`, found within
/// [`DIFF_TIMEOUT`] and cut after [`DIFF_LINES`] lines.
fn unified_diff(shown: &str, have: &str, want: &str) -> String {
    use std::fmt::Write as _;
    let diff = TextDiff::configure()
        .timeout(DIFF_TIMEOUT)
        .diff_lines(have, want);
    let mut unified = diff.unified_diff();
    unified
        .context_radius(3)
        .header(&format!("a/{shown}"), &format!("b/{shown}"));
    let mut out = format!("--- a/{shown}\n+++ b/{shown}\n");
    let mut lines = 0;
    for hunk in unified.iter_hunks() {
        for line in hunk.to_string().split_inclusive('\n') {
            if lines == DIFF_LINES {
                let _ = writeln!(
                    out,
                    "… the diff of {shown} goes on: `cargo xtask regen` and `git diff` show all of it"
                );
                return out;
            }
            lines += 1;
            out.push_str(line);
        }
    }
    out
}

/// Generated crate directories under `root/crates` that no vendor produces
/// any more (their `Cargo.toml` carries the generated marker).
pub fn orphans(root: &Path, expected: &[CrateFiles]) -> Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    let crates = root.join("crates");
    if !crates.is_dir() {
        return Ok(out);
    }
    for entry in fs::read_dir(&crates)? {
        let dir = entry?.path();
        let rel = dir.strip_prefix(root).expect("under root").to_path_buf();
        let generated = read_generated(&dir.join("Cargo.toml"))
            .is_some_and(|t| t.starts_with("# @generated by `cargo xtask regen`"));
        if generated && !expected.iter().any(|c| c.dir == rel) {
            out.push(rel);
        }
    }
    out.sort();
    Ok(out)
}

/// Make `root`'s generated crates equal `expected` and remove `orphans`.
/// Crates already equal are not touched (their mtimes stay, so nothing
/// rebuilds). Returns the crate directories that changed.
pub fn write(root: &Path, expected: &[CrateFiles], orphans: &[PathBuf]) -> Result<Vec<PathBuf>> {
    let mut changed = Vec::new();
    for c in expected {
        if !differences(root, c)?.is_empty() {
            changed.push(c);
        }
    }
    if changed.is_empty() && orphans.is_empty() {
        return Ok(Vec::new());
    }
    let staging = root.join(format!(".regen-staging-{}", std::process::id()));
    if staging.exists() {
        fs::remove_dir_all(&staging)?;
    }
    let result = stage_and_swap(root, &staging, &changed, orphans);
    let _ = fs::remove_dir_all(&staging);
    result?;
    let mut dirs: Vec<PathBuf> = changed.iter().map(|c| c.dir.clone()).collect();
    dirs.extend(orphans.iter().cloned());
    Ok(dirs)
}

fn stage_and_swap(
    root: &Path,
    staging: &Path,
    changed: &[&CrateFiles],
    orphans: &[PathBuf],
) -> Result<()> {
    fs::create_dir_all(staging).with_context(|| format!("creating {}", staging.display()))?;
    // 1. Write every changed crate in full into staging: nothing in crates/ moves yet.
    for (i, c) in changed.iter().enumerate() {
        let dir = staging.join(format!("new-{i}"));
        for (rel, content) in &c.files {
            let path = dir.join(rel);
            fs::create_dir_all(path.parent().expect("file has a parent"))?;
            fs::write(&path, content).with_context(|| format!("writing {}", path.display()))?;
        }
    }
    // 2. Swap: move each old crate aside, the new one in; undo on failure.
    let mut done: Vec<(PathBuf, Option<PathBuf>)> = Vec::new();
    let swap = |done: &mut Vec<(PathBuf, Option<PathBuf>)>| -> Result<()> {
        for (i, c) in changed.iter().enumerate() {
            let live = root.join(&c.dir);
            let old = staging.join(format!("old-{i}"));
            let had_old = live.exists();
            if had_old {
                fs::rename(&live, &old)
                    .with_context(|| format!("moving {} aside", live.display()))?;
            }
            done.push((live.clone(), had_old.then_some(old.clone())));
            fs::create_dir_all(live.parent().expect("crates/ dir"))?;
            fs::rename(staging.join(format!("new-{i}")), &live)
                .with_context(|| format!("moving new {} in", live.display()))?;
        }
        for (i, o) in orphans.iter().enumerate() {
            let live = root.join(o);
            let old = staging.join(format!("orphan-{i}"));
            fs::rename(&live, &old).with_context(|| format!("removing {}", live.display()))?;
            done.push((live, Some(old)));
        }
        Ok(())
    };
    if let Err(e) = swap(&mut done) {
        for (live, old) in done.into_iter().rev() {
            let _ = fs::remove_dir_all(&live);
            if let Some(old) = old {
                let _ = fs::rename(&old, &live);
            }
        }
        return Err(e);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn krate(files: &[(&str, &str)]) -> CrateFiles {
        CrateFiles {
            dir: PathBuf::from("crates/x-client"),
            files: files
                .iter()
                .map(|(p, c)| ((*p).to_owned(), (*c).to_owned()))
                .collect(),
        }
    }

    #[test]
    fn drift_reports_changed_missing_and_stray_files() {
        let root = tempfile::tempdir().unwrap();
        let dir = root.path().join("crates/x-client/src");
        fs::create_dir_all(&dir).unwrap();
        fs::write(dir.join("lib.rs"), "old\n").unwrap();
        fs::write(dir.join("extra.rs"), "x").unwrap();
        let want = krate(&[("src/lib.rs", "new\n"), ("Cargo.toml", "[package]\n")]);
        let d = drift(root.path(), &want).unwrap();
        assert_eq!(d.len(), 3);
        assert!(matches!(&d[0], Drift::Missing { path } if path.ends_with("Cargo.toml")));
        assert!(
            matches!(&d[1], Drift::Changed { diff, .. } if diff.contains("-old") && diff.contains("+new"))
        );
        assert!(matches!(&d[2], Drift::Stray { path } if path.ends_with("src/extra.rs")));
    }

    #[test]
    fn a_rewritten_file_gets_a_diff_cut_short() {
        let root = tempfile::tempdir().unwrap();
        let dir = root.path().join("crates/x-client/src");
        fs::create_dir_all(&dir).unwrap();
        let lines =
            |prefix: &str| -> String { (0..20_000).map(|i| format!("{prefix}{i}\n")).collect() };
        fs::write(dir.join("lib.rs"), lines("old")).unwrap();
        let want = krate(&[("src/lib.rs", &lines("new"))]);
        let d = drift(root.path(), &want).unwrap();
        let [Drift::Changed { diff, .. }] = &d[..] else {
            panic!("{d:?}")
        };
        assert!(
            diff.starts_with("--- a/crates/x-client/src/lib.rs\n+++ b/"),
            "{diff}"
        );
        assert!(diff.contains("@@ -1,20000 +1,20000 @@\n-old0\n"), "{diff}");
        assert_eq!(diff.lines().count(), 2 + DIFF_LINES + 1, "{diff}");
        assert!(
            diff.ends_with("show all of it\n"),
            "{}",
            &diff[diff.len() - 200..]
        );
    }

    #[test]
    fn write_replaces_the_crate_whole_and_leaves_equal_crates_alone() {
        let root = tempfile::tempdir().unwrap();
        let want = krate(&[("src/lib.rs", "new\n")]);
        fs::create_dir_all(root.path().join("crates/x-client/src")).unwrap();
        fs::write(root.path().join("crates/x-client/src/stale.rs"), "x").unwrap();
        assert_eq!(
            write(root.path(), std::slice::from_ref(&want), &[])
                .unwrap()
                .len(),
            1
        );
        assert!(drift(root.path(), &want).unwrap().is_empty());
        assert!(write(root.path(), &[want], &[]).unwrap().is_empty());
        let leftovers: Vec<_> = fs::read_dir(root.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(leftovers, ["crates"]);
    }

    #[test]
    fn orphans_are_generated_crates_no_vendor_produces() {
        let root = tempfile::tempdir().unwrap();
        for (name, toml) in [
            ("gone-client", "# @generated by `cargo xtask regen` x\n"),
            ("billing-core", "[package]\n"),
        ] {
            fs::create_dir_all(root.path().join("crates").join(name)).unwrap();
            fs::write(
                root.path().join("crates").join(name).join("Cargo.toml"),
                toml,
            )
            .unwrap();
        }
        assert_eq!(
            orphans(root.path(), &[]).unwrap(),
            [PathBuf::from("crates/gone-client")]
        );
    }
}
