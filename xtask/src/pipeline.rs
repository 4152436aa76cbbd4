//! The pipeline for one vendor: load → overlay → down-convert → merge →
//! normalise → validate → generate → format → emit. Stops at the first stage
//! that fails, with errors naming vendor, file and JSON pointer.

use std::collections::BTreeMap;
use std::path::Path;
use std::time::{Duration, Instant};

use serde_json::Value;
use sha2::{Digest, Sha256};

use crate::codegen::crate_files::{self, CrateParts, Uses};
use crate::codegen::{crate_root, empty_success, progenitor};
use crate::diag::{Notice, PointerError, SpecError};
use crate::evolution::versioning::{self, Release};
use crate::manifest::{Vendor, read_contained};
use crate::spec::merge::{self, Provenance};
use crate::spec::{
    decimal, downconvert, features, load, normalize, overlay, pagination, rust_names, schema_rules,
    security, validate,
};
use crate::sync::CrateFiles;

/// Time spent in each stage for one vendor.
#[derive(Debug, Clone, Copy, Default)]
pub struct StageTimes {
    /// Reading and parsing files, applying the overlay.
    pub load: Duration,
    /// Down-conversion, merge, normalisation, validation.
    pub convert: Duration,
    /// progenitor.
    pub generate: Duration,
    /// prettyplease and assembling the crate's files.
    pub format: Duration,
}

/// One vendor's generated crate and what it could not generate faithfully.
#[derive(Debug, Clone)]
pub struct Built {
    /// The crate's files.
    pub files: CrateFiles,
    /// Notices as (input file, notice).
    pub notices: Vec<(String, Notice)>,
    /// Per-stage times.
    pub times: StageTimes,
    /// The normalised document the crate was generated from.
    pub doc: Value,
    /// Version, changelog, and the classified changes since the checked-in crate.
    pub release: Release,
    /// The crate's Cargo feature groups.
    pub groups: features::Groups,
}

/// A spec document as loaded: its path (relative to the root) and content.
struct Input {
    file: String,
    doc: Value,
}

/// The files a vendor's crate is made from, in the order they are hashed:
/// the manifest, the spec files, the overlay.
fn input_names(vendor: &Vendor) -> Vec<&str> {
    let specs = vendor.specs.iter().map(|s| s.file.as_str());
    std::iter::once("vendor.yaml")
        .chain(specs)
        .chain(vendor.overlay.as_deref())
        .collect()
}

/// The sha256 of every input byte of `vendor` (each file's name, a zero
/// byte, its bytes), as every generated header carries it; `None` if a file
/// cannot be read.
pub fn inputs_sha256(root: &Path, vendor: &Vendor) -> Option<String> {
    let mut hasher = Sha256::new();
    for name in input_names(vendor) {
        let bytes = read_contained(root, &vendor.dir, name).ok()?;
        hasher.update(vendor.file(name).to_string_lossy().as_bytes());
        hasher.update([0]);
        hasher.update(&bytes);
    }
    Some(format!("{:x}", hasher.finalize()))
}

/// Read and decode `vendor`'s spec files and apply its overlay: the input
/// documents and the sha256 of every input byte (manifest included). Files
/// that cannot be read or decoded are all reported, not just the first.
fn load_inputs(
    root: &Path,
    vendor: &Vendor,
) -> Result<(Vec<Input>, Removed, String), Vec<SpecError>> {
    let read = |name: &str| -> (String, Result<Vec<u8>, PointerError>) {
        let file = vendor.file(name).to_string_lossy().into_owned();
        let bytes = read_contained(root, &vendor.dir, name).map_err(|m| PointerError::new("", m));
        (file, bytes)
    };
    let mut errors = Vec::new();
    if let (file, Err(e)) = read("vendor.yaml") {
        errors.push(SpecError::at(&vendor.id, &file, e));
    }
    let mut inputs = Vec::new();
    let mut removed = Removed::default();
    for spec in &vendor.specs {
        let (file, bytes) = read(&spec.file);
        match bytes.and_then(|b| load::decode(&b)) {
            Ok(doc) => inputs.push(Input { file, doc }),
            Err(e) => errors.push(SpecError::at(&vendor.id, &file, e)),
        }
    }
    if let Some(name) = &vendor.overlay {
        let (file, bytes) = read(name);
        let applied = bytes.and_then(|b| load::decode(&b)).and_then(|doc| {
            let parsed = overlay::parse(&doc)?;
            let mut docs: Vec<&mut Value> = inputs.iter_mut().map(|i| &mut i.doc).collect();
            overlay::apply(&parsed, &mut docs)
        });
        match applied {
            Ok(pointers) => removed = Removed { file, pointers },
            Err(e) => errors.push(SpecError::at(&vendor.id, &file, e)),
        }
    }
    match (errors.is_empty(), inputs_sha256(root, vendor)) {
        (true, Some(sha)) => Ok((inputs, removed, sha)),
        _ => Err(errors),
    }
}

/// The normalised 3.0 document, its provenance, and the notices so far.
struct Converted {
    doc: Value,
    provenance: Provenance,
    notices: Vec<(String, Notice)>,
    /// Whether any schema is a decimal number (the crate needs `JsonDecimal`).
    uses_decimal: bool,
}

/// progenitor's failure at the document root, pointed at the schema or
/// operation that causes it where one alone does (`codegen::culprit`).
fn place_failure(doc: &Value, authenticated: bool, e: PointerError) -> PointerError {
    if !e.pointer.is_empty() {
        return e;
    }
    let fails = |candidate: &Value| {
        let mut for_rust = candidate.clone();
        rust_names::apply(&mut for_rust, &mut Vec::new());
        validate::parse(&for_rust)
            .is_ok_and(|spec| progenitor::client(&spec, authenticated).is_err())
    };
    match crate::codegen::culprit::locate(doc, &fails) {
        Some(pointer) => PointerError::new(pointer, e.message),
        None => e,
    }
}

/// What the overlay removed, and its file.
#[derive(Default)]
struct Removed {
    file: String,
    pointers: Vec<String>,
}

fn convert(
    vendor: &Vendor,
    inputs: Vec<Input>,
    removed: &Removed,
) -> Result<Converted, Vec<SpecError>> {
    let mut notices = Vec::new();
    let mut converted = Vec::new();
    let mut errors = Vec::new();
    for Input { file, mut doc } in inputs {
        let mut file_notices = Vec::new();
        match downconvert::to_openapi_30(&mut doc, &mut file_notices) {
            Ok(()) => {
                notices.extend(file_notices.into_iter().map(|n| (file.clone(), n)));
                converted.push((file, doc));
            }
            Err(e) => errors.push(SpecError::at(&vendor.id, &file, e)),
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let (mut doc, mut provenance) =
        merge::merge(converted).map_err(|e| vec![SpecError::at(&vendor.id, &e.file, e.error)])?;
    provenance.removed_by(&removed.file, &removed.pointers);
    let at = |e: PointerError| {
        vec![SpecError::at(
            &vendor.id,
            provenance.file_for(&e.pointer),
            e,
        )]
    };
    let mut merged_notices = Vec::new();
    normalize::for_progenitor(&mut doc, &mut merged_notices).map_err(at)?;
    schema_rules::apply(&mut doc, &mut merged_notices);
    let uses_decimal = decimal::canonicalize(&mut doc, &mut merged_notices);
    validate::refs_resolve(&doc).map_err(at)?;
    validate::path_parameters(&doc).map_err(at)?;
    notices.extend(provenance.attribute(merged_notices));
    Ok(Converted {
        doc,
        provenance,
        notices,
        uses_decimal,
    })
}

/// Run the whole pipeline for `vendor`, reading inputs under `root`.
pub fn build(root: &Path, vendor: &Vendor) -> Result<Built, Vec<SpecError>> {
    let mut times = StageTimes::default();

    let started = Instant::now();
    let (inputs, removed, inputs_sha256) = load_inputs(root, vendor)?;
    times.load = started.elapsed();

    let started = Instant::now();
    let Converted {
        mut doc,
        provenance,
        mut notices,
        uses_decimal,
    } = convert(vendor, inputs, &removed)?;
    let at = |e: PointerError| {
        vec![SpecError::at(
            &vendor.id,
            provenance.file_for(&e.pointer),
            e,
        )]
    };
    let mut scheme_notices = Vec::new();
    let schemes = security::schemes(&doc, &mut scheme_notices).map_err(at)?;
    notices.extend(provenance.attribute(scheme_notices));
    let mut paging_notices = Vec::new();
    let paged = pagination::apply(&mut doc, &mut paging_notices).map_err(at)?;
    notices.extend(provenance.attribute(paging_notices));
    let mut for_rust = doc.clone();
    let mut name_notices = Vec::new();
    let markers = rust_names::apply(&mut for_rust, &mut name_notices);
    notices.extend(provenance.attribute(name_notices));
    notices.sort_by(|a, b| (a.0.as_str(), &a.1.pointer).cmp(&(b.0.as_str(), &b.1.pointer)));
    let spec = validate::parse(&for_rust).map_err(at)?;
    drop(for_rust);
    times.convert = started.elapsed();

    let started = Instant::now();
    let authenticated = !schemes.is_empty();
    let (
        generated,
        Beside {
            compared,
            openapi_json,
        },
    ) = std::thread::scope(|scope| {
        let beside = scope.spawn(|| beside(root, vendor, &inputs_sha256, &doc));
        let generated = progenitor::client(&spec, authenticated);
        let beside = beside
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        (generated, beside)
    });
    let generated = generated.map_err(|e| at(place_failure(&doc, authenticated, e)))?;
    drop(spec);
    times.generate = started.elapsed();

    let started = Instant::now();
    let base_url = doc
        .pointer("/servers/0/url")
        .and_then(Value::as_str)
        .unwrap_or_default();
    let groups = features::groups(&doc);
    let crate_root::Sources {
        files: sources,
        gating,
    } = crate_root::sources(
        generated.tokens,
        base_url,
        &schemes,
        uses_decimal,
        &crate::codegen::emit::PassInputs {
            markers: &markers,
            empty: &empty_success::of(&doc),
            paged: &paged,
            keys: &crate::codegen::runtime::idempotency_headers(&doc),
            groups: &groups,
        },
        two_lanes(),
    )
    .map_err(at)?;
    let release = release(vendor, compared, &sources);
    let parts = CrateParts {
        vendor,
        version: release.version.to_string(),
        changelog: &release.changelog,
        doc: &doc,
        sources,
        uses: Uses {
            chrono: generated.uses_chrono,
            regress: generated.uses_regress,
            uuid: generated.uses_uuid,
            futures: generated.uses_futures,
            decimal: uses_decimal,
        },
        schemes: &schemes,
        features: crate_files::Features {
            groups: &groups,
            gating,
        },
        notices: &notices,
        inputs_sha256: &inputs_sha256,
        openapi_json: &openapi_json,
    };
    let files = CrateFiles {
        dir: vendor.crate_dir(),
        files: crate_files::files(&parts),
    };
    times.format = started.elapsed();

    Ok(Built {
        files,
        notices,
        times,
        doc,
        release,
        groups,
    })
}

/// Whether the client is emitted on two threads: when the machine has more
/// than one core.
fn two_lanes() -> bool {
    std::thread::available_parallelism().is_ok_and(|n| n.get() > 1)
}

/// What needs the normalised document but not the generated code: made on
/// another core while progenitor runs.
struct Beside {
    /// The checked-in crate and how its document differs from this run's.
    compared: versioning::Compared,
    /// The crate's `openapi.json`.
    openapi_json: String,
}

fn beside(root: &Path, vendor: &Vendor, inputs_sha256: &str, doc: &Value) -> Beside {
    let previous = versioning::previous(&root.join(vendor.crate_dir()));
    Beside {
        compared: versioning::Compared::of(previous, doc),
        openapi_json: crate_files::openapi_json(vendor, inputs_sha256, doc),
    }
}

/// The crate's version and changelog, from the checked-in crate (if any),
/// what changed since, and the code generated now.
fn release(
    vendor: &Vendor,
    compared: versioning::Compared,
    sources: &BTreeMap<String, String>,
) -> Release {
    let date = vendor
        .specs
        .iter()
        .map(|s| s.retrieved.as_str())
        .max()
        .unwrap_or_default();
    versioning::release(compared, sources, &versioning::Generator::current(), date)
}
