//! Vendor manifests: `specs/<vendor>/vendor.yaml` says which files make up a
//! vendor's API, where each came from, and which overlay fixes them.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use serde::Deserialize;

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

    /// Path of a file of this vendor, relative to the workspace root.
    pub fn file(&self, name: &str) -> PathBuf {
        self.dir.join(name)
    }
}

/// Read every `specs/*/vendor.yaml` under `root`, sorted by id.
pub fn discover(root: &Path) -> Result<Vec<Vendor>> {
    let specs = root.join("specs");
    let mut vendors = Vec::new();
    for entry in
        std::fs::read_dir(&specs).with_context(|| format!("reading {}", specs.display()))?
    {
        let dir = entry?.path();
        let manifest = dir.join("vendor.yaml");
        if !manifest.is_file() {
            continue;
        }
        let text = std::fs::read_to_string(&manifest)
            .with_context(|| format!("reading {}", manifest.display()))?;
        let mut vendor: Vendor = serde_yaml::from_str(&text)
            .with_context(|| format!("{}: not a valid vendor manifest", manifest.display()))?;
        let dir_name = dir
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default()
            .to_owned();
        if vendor.id != dir_name {
            bail!(
                "{}: id `{}` must match its directory `{dir_name}`",
                manifest.display(),
                vendor.id
            );
        }
        if vendor.specs.is_empty() {
            bail!("{}: lists no spec files", manifest.display());
        }
        vendor.dir = Path::new("specs").join(dir_name);
        vendors.push(vendor);
    }
    vendors.sort_by(|a, b| a.id.cmp(&b.id));
    Ok(vendors)
}

/// The vendors named in `wanted` (all when empty), or an error naming an unknown one.
pub fn select(all: Vec<Vendor>, wanted: &[String]) -> Result<Vec<Vendor>> {
    if wanted.is_empty() {
        return Ok(all);
    }
    for w in wanted {
        if !all.iter().any(|v| &v.id == w) {
            let known: Vec<_> = all.iter().map(|v| v.id.as_str()).collect();
            bail!("unknown vendor `{w}` (known: {})", known.join(", "));
        }
    }
    Ok(all.into_iter().filter(|v| wanted.contains(&v.id)).collect())
}
