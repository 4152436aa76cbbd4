//! Keeping a vendor's files inside its folder: a name from a manifest is a
//! relative path of plain components (no `..`, no root, no drive), and what it
//! resolves to on disk, symbolic links followed, must still lie inside
//! `specs/<id>/`, which itself must lie inside `specs/`.

use std::io::Write as _;
use std::path::{Component, Path, PathBuf};

/// Whether `name` is a plain relative path (checked on load, before any disk access).
pub fn check_name(name: &str) -> Result<(), String> {
    let path = Path::new(name);
    let plain = !name.is_empty()
        && !name.contains('\\')
        && path.components().all(|c| matches!(c, Component::Normal(_)));
    if plain {
        Ok(())
    } else {
        Err(format!(
            "`{name}` must be a relative path inside the vendor's folder (no `..`, no absolute path)"
        ))
    }
}

/// The vendor folder `root/dir`, resolved, after checking it lies inside `specs/`.
fn folder(root: &Path, dir: &Path) -> Result<PathBuf, String> {
    let specs = root
        .join("specs")
        .canonicalize()
        .map_err(|e| format!("cannot resolve specs/: {e}"))?;
    let folder = root
        .join(dir)
        .canonicalize()
        .map_err(|e| format!("cannot resolve {}: {e}", dir.display()))?;
    if folder.parent() != Some(specs.as_path()) {
        return Err(format!(
            "{} leads outside specs/ (a symbolic link?); a vendor's folder must be a directory in specs/",
            dir.display()
        ));
    }
    Ok(folder)
}

/// Where `name` in the vendor folder `dir` resolves to, checked to stay inside it.
fn resolve(root: &Path, dir: &Path, name: &str) -> Result<PathBuf, String> {
    check_name(name)?;
    let folder = folder(root, dir)?;
    let shown = dir.join(name);
    let path = folder
        .join(name)
        .canonicalize()
        .map_err(|e| format!("cannot read {}: {e}", shown.display()))?;
    if !path.starts_with(&folder) {
        return Err(format!(
            "{} leads outside {} (a symbolic link?): a vendor's files must lie in its own folder",
            shown.display(),
            dir.display()
        ));
    }
    Ok(path)
}

/// The bytes of `name` in the vendor folder `dir` (relative to `root`).
pub fn read_contained(root: &Path, dir: &Path, name: &str) -> Result<Vec<u8>, String> {
    let path = resolve(root, dir, name)?;
    std::fs::read(&path).map_err(|e| format!("cannot read {}: {e}", dir.join(name).display()))
}

/// A file written beside its target, not yet in place.
pub struct Staged {
    tmp: tempfile::NamedTempFile,
    target: PathBuf,
}

impl Staged {
    /// Put the file in place (a rename: a link at the target is replaced, never followed).
    pub fn commit(self) -> Result<(), String> {
        let target = self.target;
        self.tmp
            .persist(&target)
            .map(drop)
            .map_err(|e| format!("cannot replace {}: {}", target.display(), e.error))
    }
}

/// Write `bytes` as `name` in the vendor folder `dir`, staged: a new
/// temporary file inside the folder, put in place by [`Staged::commit`].
pub fn write_contained(
    root: &Path,
    dir: &Path,
    name: &str,
    bytes: &[u8],
) -> Result<Staged, String> {
    check_name(name)?;
    let folder = folder(root, dir)?;
    let target = folder.join(name);
    let parent = target
        .parent()
        .and_then(|p| p.canonicalize().ok())
        .filter(|p| p.starts_with(&folder))
        .ok_or_else(|| {
            format!(
                "{} is not inside an existing folder of {}",
                dir.join(name).display(),
                dir.display()
            )
        })?;
    let target = parent.join(target.file_name().expect("a checked name has a file name"));
    let mut tmp = tempfile::NamedTempFile::new_in(&parent)
        .map_err(|e| format!("cannot write in {}: {e}", dir.display()))?;
    tmp.write_all(bytes)
        .map_err(|e| format!("cannot write {}: {e}", dir.join(name).display()))?;
    Ok(Staged { tmp, target })
}
