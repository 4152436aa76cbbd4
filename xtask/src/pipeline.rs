//! The pipeline for one vendor: load → overlay → down-convert → merge →
//! normalise → validate → generate → format → emit. Stops at the first stage
//! that fails, with errors naming vendor, file and JSON pointer.

use std::collections::BTreeMap;
use std::path::Path;
use std::time::{Duration, Instant};

use quote::quote;
use serde_json::Value;
use sha2::{Digest, Sha256};

use crate::diag::{Notice, PointerError, SpecError};
use crate::emit::{self, CrateParts, Uses};
use crate::merge::{self, Provenance};
use crate::sync::CrateFiles;
use crate::vendor::Vendor;
use crate::versioning::{self, Release};
use crate::{
    auth, datetime, decimal, downconvert, generate, load, normalize, open_enums, overlay, validate,
};

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
}

/// A spec document as loaded: its path (relative to the root) and content.
struct Input {
    file: String,
    doc: Value,
}

/// Read the vendor's spec files and overlay, apply the overlay. Returns the
/// documents and the sha256 of every input byte (manifest included).
fn load_inputs(root: &Path, vendor: &Vendor) -> Result<(Vec<Input>, String), Vec<SpecError>> {
    let mut hasher = Sha256::new();
    let manifest = vendor.file("vendor.yaml");
    let manifest_bytes = std::fs::read(root.join(&manifest)).unwrap_or_default();
    hasher.update(manifest.to_string_lossy().as_bytes());
    hasher.update([0]);
    hasher.update(&manifest_bytes);

    let mut inputs = Vec::new();
    let mut errors = Vec::new();
    for spec in &vendor.specs {
        let rel = vendor.file(&spec.file);
        let file = rel.to_string_lossy().into_owned();
        match load::read(&root.join(&rel)) {
            Ok((bytes, doc)) => {
                hasher.update(file.as_bytes());
                hasher.update([0]);
                hasher.update(&bytes);
                inputs.push(Input { file, doc });
            }
            Err(e) => errors.push(SpecError::at(&vendor.id, &file, e)),
        }
    }
    if let Some(name) = &vendor.overlay {
        let rel = vendor.file(name);
        let file = rel.to_string_lossy().into_owned();
        let applied = load::read(&root.join(&rel)).and_then(|(bytes, doc)| {
            hasher.update(file.as_bytes());
            hasher.update([0]);
            hasher.update(&bytes);
            let parsed = overlay::parse(&doc)?;
            let mut docs: Vec<&mut Value> = inputs.iter_mut().map(|i| &mut i.doc).collect();
            overlay::apply(&parsed, &mut docs)
        });
        if let Err(e) = applied {
            errors.push(SpecError::at(&vendor.id, &file, e));
        }
    }
    if errors.is_empty() {
        Ok((inputs, format!("{:x}", hasher.finalize())))
    } else {
        Err(errors)
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

fn convert(vendor: &Vendor, inputs: Vec<Input>) -> Result<Converted, Vec<SpecError>> {
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
    let (mut doc, provenance) =
        merge::merge(converted).map_err(|e| vec![SpecError::at(&vendor.id, &e.file, e.error)])?;
    let at = |e: PointerError| {
        vec![SpecError::at(
            &vendor.id,
            provenance.file_for(&e.pointer),
            e,
        )]
    };
    let mut merged_notices = Vec::new();
    normalize::for_progenitor(&mut doc, &mut merged_notices).map_err(at)?;
    let uses_decimal = decimal::canonicalize(&mut doc, &mut merged_notices);
    validate::refs_resolve(&doc).map_err(at)?;
    validate::path_parameters(&doc).map_err(at)?;
    notices.extend(
        merged_notices
            .into_iter()
            .map(|n| (provenance.file_for(&n.pointer).to_owned(), n)),
    );
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
    let (inputs, inputs_sha256) = load_inputs(root, vendor)?;
    times.load = started.elapsed();

    let started = Instant::now();
    let Converted {
        doc,
        provenance,
        mut notices,
        uses_decimal,
    } = convert(vendor, inputs)?;
    let at = |e: PointerError| {
        vec![SpecError::at(
            &vendor.id,
            provenance.file_for(&e.pointer),
            e,
        )]
    };
    let mut scheme_notices = Vec::new();
    let schemes = auth::schemes(&doc, &mut scheme_notices).map_err(at)?;
    notices.extend(
        scheme_notices
            .into_iter()
            .map(|n| (provenance.file_for(&n.pointer).to_owned(), n)),
    );
    notices.sort_by(|a, b| (a.0.as_str(), &a.1.pointer).cmp(&(b.0.as_str(), &b.1.pointer)));
    let spec = validate::parse(&doc).map_err(at)?;
    times.convert = started.elapsed();

    let started = Instant::now();
    let generated = generate::client(&spec, !schemes.is_empty()).map_err(at)?;
    times.generate = started.elapsed();

    let started = Instant::now();
    let base_url = doc
        .pointer("/servers/0/url")
        .and_then(Value::as_str)
        .unwrap_or_default();
    let lib = lib_tokens(&generated.tokens, base_url, !schemes.is_empty());
    let mut lib = generate::parse(lib).map_err(at)?;
    open_enums::open(&mut lib);
    let dates = datetime::route(&mut lib);
    let companions = companions(&schemes, uses_decimal, &dates);
    lib.items.splice(
        0..0,
        companions.iter().flat_map(|c| c.declaration.items.clone()),
    );
    let mut sources = BTreeMap::new();
    sources.insert("lib.rs".to_owned(), prettyplease::unparse(&lib));
    for companion in companions {
        sources.insert(
            format!("{}.rs", companion.name),
            generate::format(companion.source).map_err(at)?,
        );
    }
    let previous = versioning::previous(&root.join(vendor.crate_dir()));
    let date = vendor
        .specs
        .iter()
        .map(|s| s.retrieved.as_str())
        .max()
        .unwrap_or_default();
    let release = versioning::release(
        previous.as_ref(),
        &doc,
        &sources,
        &versioning::Generator::current(),
        date,
    );
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
        notices: &notices,
        inputs_sha256: &inputs_sha256,
    };
    let files = CrateFiles {
        dir: vendor.crate_dir(),
        files: emit::files(&parts),
    };
    times.format = started.elapsed();

    Ok(Built {
        files,
        notices,
        times,
        doc,
        release,
    })
}

/// A module emitted beside `lib.rs` (`auth`, `decimal`, `datetime`): its
/// name, its source, and the items that declare it at the top of `lib.rs`.
struct Companion {
    name: &'static str,
    source: proc_macro2::TokenStream,
    declaration: syn::File,
}

/// The companion modules this crate needs, in the order they are declared.
fn companions(
    schemes: &[auth::Scheme],
    uses_decimal: bool,
    dates: &datetime::Routed,
) -> Vec<Companion> {
    let declare = |tokens: proc_macro2::TokenStream| -> syn::File {
        syn::parse2(tokens).expect("companion declarations are valid Rust")
    };
    let mut out = Vec::new();
    if !schemes.is_empty() {
        out.push(Companion {
            name: "auth",
            source: auth::module(schemes),
            declaration: declare(quote! {
                #[rustfmt::skip]
                pub mod auth;
                pub use auth::{Credentials, InvalidCredentials, Scheme};
            }),
        });
    }
    if uses_decimal {
        out.push(Companion {
            name: "decimal",
            source: decimal::module(),
            declaration: declare(quote! {
                #[rustfmt::skip]
                mod decimal;
                pub use decimal::{JsonDecimal, NotAJsonNumber};
            }),
        });
    }
    if dates.any() {
        out.push(Companion {
            name: "datetime",
            source: datetime::module(dates),
            declaration: declare(quote! {
                #[rustfmt::skip]
                mod datetime;
            }),
        });
    }
    out
}

/// The crate root: docs, constants, progenitor's client, and the
/// authenticated constructor (the companion modules are declared after
/// the passes over it).
fn lib_tokens(
    client: &proc_macro2::TokenStream,
    base_url: &str,
    authenticated: bool,
) -> proc_macro2::TokenStream {
    let with_credentials = authenticated.then(|| {
        quote! {
            impl Client {
                /// A client for `baseurl` that sends `credentials` with every request,
                /// with 15 s connect and request timeouts and [`USER_AGENT`]. For other
                /// settings pass your own `reqwest::Client` to [`Client::new_with_client`].
                pub fn with_credentials(baseurl: &str, credentials: Credentials) -> Result<Self, reqwest::Error> {
                    let http = reqwest::Client::builder()
                        .user_agent(USER_AGENT)
                        .connect_timeout(std::time::Duration::from_secs(15))
                        .timeout(std::time::Duration::from_secs(15))
                        .build()?;
                    Ok(Self::new_with_client(baseurl, http, credentials))
                }
            }
        }
    });
    quote! {
        #![doc = include_str!("../README.md")]
        #![cfg_attr(rustfmt, rustfmt::skip)]

        /// The server URL the spec declares.
        pub const DEFAULT_BASE_URL: &str = #base_url;

        /// The normalised OpenAPI 3.0 document this client was generated from
        /// (the vendor's spec, overlay applied), as JSON.
        pub const OPENAPI_DOCUMENT: &str = include_str!("../openapi.json");

        /// `User-Agent` of clients made by `Client::with_credentials`: this crate's name and version.
        pub const USER_AGENT: &str = concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION"));

        #client

        #with_credentials
    }
}
