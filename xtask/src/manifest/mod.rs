//! Vendor manifests: `specs/<vendor>/vendor.yaml` says which files make up a
//! vendor's API, where each came from, and which overlay fixes them.
//!
//! A manifest is checked before anything is generated from it: its directory
//! name is a usable crate id, every file it names lies inside its own folder
//! (`contained`), and it has only the keys below. A broken manifest fails
//! its own vendor, with the file and JSON pointer named; the others go on.

mod contained;

use std::fmt;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use serde::Deserialize;

pub use contained::{Staged, read_contained, write_contained};

/// One vendor, as described by its `vendor.yaml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Vendor {
    /// Vendor id: lower-case, `-` separated; the crate is `<id>-client`.
    pub id: String,
    /// Human name, for READMEs.
    pub name: String,
    /// One line for the generated crate's `description`.
    pub crate_description: String,
    /// The spec files, merged in this order.
    pub specs: Vec<SpecSource>,
    /// Overlay file (OpenAPI Overlay 1.0) with fixes to the published files.
    #[serde(default)]
    pub overlay: Option<String>,
    /// Directory of the vendor, relative to the workspace root (set on load).
    #[serde(skip)]
    pub dir: PathBuf,
}

/// One spec file and its provenance.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SpecSource {
    /// File name inside the vendor directory (YAML or JSON).
    pub file: String,
    /// Where the published document lives.
    #[serde(default)]
    pub source: Option<String>,
    /// How the spec is taken out of the source: `markdown-fence` for a docs page
    /// with an embedded ```` ```yaml ```` block; absent for a raw document.
    #[serde(default)]
    pub extract: Option<String>,
    /// Written by hand from a docs page; not pullable.
    #[serde(default)]
    pub hand_written: bool,
    /// The file in `../shared/seeds` it was first taken from.
    #[serde(default)]
    pub seed: Option<String>,
    /// Date (YYYY-MM-DD) the source was retrieved.
    pub retrieved: String,
}

impl Vendor {
    /// Name of the generated crate.
    pub fn crate_name(&self) -> String {
        format!("{}-client", self.id)
    }

    /// Rust identifier of the generated crate (`cekura_client`).
    pub fn crate_ident(&self) -> String {
        self.crate_name().replace('-', "_")
    }

    /// Directory of the generated crate, relative to the workspace root.
    pub fn crate_dir(&self) -> PathBuf {
        Path::new("crates").join(self.crate_name())
    }

    /// Path of a file of this vendor, relative to the workspace root. Names
    /// from the manifest were checked to stay inside the folder on load.
    pub fn file(&self, name: &str) -> PathBuf {
        self.dir.join(name)
    }
}

/// A manifest that cannot be used, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ManifestError {
    /// The vendor's directory name.
    pub id: String,
    /// The manifest, relative to the workspace root.
    pub file: String,
    /// JSON pointer into the manifest (empty: the whole file or its folder).
    pub pointer: String,
    /// What is wrong, and what to do.
    pub message: String,
}

impl fmt::Display for ManifestError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}#{}: {}", self.file, self.pointer, self.message)
    }
}

impl std::error::Error for ManifestError {}

/// Every vendor folder under `specs/`: usable manifests, sorted by id, and
/// the broken ones.
#[derive(Debug, Default)]
pub struct Discovered {
    /// Manifests that passed every check.
    pub vendors: Vec<Vendor>,
    /// Folders whose manifest cannot be used.
    pub broken: Vec<ManifestError>,
}

/// Whether `id` can name a vendor: lower-case ASCII letters and digits in
/// `-`-separated words, starting with a letter, at most 48 characters, so
/// that `<id>-client` is a valid package name and `<id>_client` a crate name.
pub fn is_vendor_id(id: &str) -> bool {
    id.len() <= 48
        && id.starts_with(|c: char| c.is_ascii_lowercase())
        && id.split('-').all(|w| {
            !w.is_empty()
                && w.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        })
}

/// Read every `specs/*/vendor.yaml` under `root`.
pub fn discover(root: &Path) -> Result<Discovered> {
    let specs = root.join("specs");
    let mut found = Discovered::default();
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(&specs)
        .with_context(|| format!("reading {}", specs.display()))?
        .map(|e| e.map(|e| e.path()))
        .collect::<std::io::Result<_>>()?;
    dirs.sort();
    for dir in dirs {
        if !dir.join("vendor.yaml").exists() && !dir.join("vendor.yaml").is_symlink() {
            continue;
        }
        let dir_name = dir
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned();
        match load(root, &dir_name) {
            Ok(v) => found.vendors.push(v),
            Err(e) => found.broken.push(e),
        }
    }
    found.vendors.sort_by(|a, b| a.id.cmp(&b.id));
    Ok(found)
}

/// Load and check `specs/<dir_name>/vendor.yaml`.
fn load(root: &Path, dir_name: &str) -> Result<Vendor, ManifestError> {
    let dir = Path::new("specs").join(dir_name);
    let file = dir.join("vendor.yaml").to_string_lossy().into_owned();
    let error = |pointer: &str, message: String| ManifestError {
        id: dir_name.to_owned(),
        file: file.clone(),
        pointer: pointer.to_owned(),
        message,
    };
    if !is_vendor_id(dir_name) {
        return Err(error(
            "",
            format!(
                "the folder `{dir_name}` cannot be a vendor id (lower-case letters and digits in `-`-separated words, starting with a letter): its crate `{dir_name}-client` would not be a valid package name; rename the folder"
            ),
        ));
    }
    let bytes = read_contained(root, &dir, "vendor.yaml").map_err(|e| error("", e))?;
    let text = String::from_utf8(bytes).map_err(|_| error("", "is not UTF-8".to_owned()))?;
    let mut vendor: Vendor = serde_path_to_error::deserialize(serde_yaml::Deserializer::from_str(
        &text,
    ))
    .map_err(|e| {
        let pointer = yaml_path_to_pointer(&e.path().to_string());
        let message = e.into_inner().to_string();
        error(&pointer, format!("not a valid vendor manifest: {message}"))
    })?;
    if vendor.id != dir_name {
        return Err(error(
            "/id",
            format!("id `{}` must match its directory `{dir_name}`", vendor.id),
        ));
    }
    if vendor.specs.is_empty() {
        return Err(error("/specs", "lists no spec files".to_owned()));
    }
    for (i, spec) in vendor.specs.iter().enumerate() {
        contained::check_name(&spec.file).map_err(|m| error(&format!("/specs/{i}/file"), m))?;
    }
    if let Some(overlay) = &vendor.overlay {
        contained::check_name(overlay).map_err(|m| error("/overlay", m))?;
    }
    vendor.dir = dir;
    Ok(vendor)
}

/// `specs[0].file` (serde_path_to_error's path) as `/specs/0/file`.
fn yaml_path_to_pointer(path: &str) -> String {
    if path == "." {
        return String::new();
    }
    path.split('.')
        .flat_map(|seg| seg.split('['))
        .map(|seg| seg.trim_end_matches(']'))
        .filter(|seg| !seg.is_empty())
        .map(|seg| format!("/{}", crate::diag::escape_token(seg)))
        .collect()
}

/// The vendors named in `wanted` (all when empty), and the broken manifests
/// among them; an unknown name is an error listing the known ones.
pub fn select(all: Discovered, wanted: &[String]) -> Result<(Vec<Vendor>, Vec<ManifestError>)> {
    if wanted.is_empty() {
        return Ok((all.vendors, all.broken));
    }
    for w in wanted {
        let known = all.vendors.iter().any(|v| &v.id == w) || all.broken.iter().any(|b| &b.id == w);
        if !known {
            let mut ids: Vec<_> = all.vendors.iter().map(|v| v.id.as_str()).collect();
            ids.extend(all.broken.iter().map(|b| b.id.as_str()));
            ids.sort_unstable();
            bail!("unknown vendor `{w}` (known: {})", ids.join(", "));
        }
    }
    Ok((
        all.vendors
            .into_iter()
            .filter(|v| wanted.contains(&v.id))
            .collect(),
        all.broken
            .into_iter()
            .filter(|b| wanted.contains(&b.id))
            .collect(),
    ))
}

#[cfg(test)]
mod tests;
