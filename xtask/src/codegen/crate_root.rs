//! The crate root and its companion modules: progenitor's client wrapped in
//! `lib.rs` (docs, constants, the authenticated constructor) and printed
//! through the syn passes (`emit`), and the `auth`, `decimal` and `datetime`
//! modules it needs, formatted by prettyplease.

use std::collections::BTreeMap;

use quote::quote;

use crate::codegen::emit::{Emitted, Emitter, PassInputs};
use crate::codegen::features::Gating;
use crate::codegen::lanes::Lane;
use crate::codegen::parse::Sink;
use crate::codegen::{auth, datetime, decimal, markers, parse, runtime};
use crate::diag::PointerError;
use crate::spec::security::Scheme;

/// The crate's sources, by file name under `src/`, and how its items are
/// gated by features.
pub struct Sources {
    /// Formatted sources by file name.
    pub files: BTreeMap<String, String>,
    /// What the feature pass found.
    pub gating: Gating,
}

/// The crate's sources, from progenitor's client (`Generated::tokens`): the
/// crate root's head, the client and the constructors go through the passes
/// and are printed a piece at a time (`emit`); the companion modules are
/// declared after the head's inner attributes. With `two_lanes`, the client
/// is emitted on two threads (`lanes`).
pub fn sources(
    client: proc_macro2::TokenStream,
    base_url: &str,
    schemes: &[Scheme],
    uses_decimal: bool,
    inputs: &PassInputs<'_>,
    two_lanes: bool,
) -> Result<Sources, PointerError> {
    let head = parse::file(head(base_url))?;
    let constructors = parse::file(runtime::constructors(!schemes.is_empty()))?;
    let emit = |mut emitter: Emitter<'_>| -> Result<Emitted, PointerError> {
        for item in head.items {
            emitter.item(item)?;
        }
        parse::stream(client, &mut emitter)?;
        for item in constructors.items {
            emitter.item(item)?;
        }
        emitter.finish()
    };
    let emitted = if two_lanes {
        std::thread::scope(|scope| emit(Emitter::handing_to(inputs, Lane::spawn(scope, inputs))))?
    } else {
        emit(Emitter::new(inputs))?
    };
    let companions = companions(schemes, uses_decimal, &emitted.dates);
    let mut top = syn::File {
        shebang: None,
        frontmatter: None,
        attrs: head.attrs,
        items: companions
            .iter()
            .flat_map(|c| c.declaration.items.clone())
            .collect(),
    };
    top.attrs.extend(emitted.crate_attr);
    let lib = prettyplease::unparse(&top) + &emitted.text;
    let mut sources = BTreeMap::new();
    sources.insert("lib.rs".to_owned(), markers::restore(lib, inputs.markers));
    for companion in companions {
        sources.insert(
            format!("{}.rs", companion.name),
            prettyplease::unparse(&companion.source),
        );
    }
    Ok(Sources {
        files: sources,
        gating: emitted.gating,
    })
}

/// A module emitted beside `lib.rs` (`auth`, `decimal`, `datetime`): its
/// name, its source, and the items that declare it at the top of `lib.rs`.
struct Companion {
    name: &'static str,
    source: syn::File,
    declaration: syn::File,
}

/// The companion modules this crate needs, in the order they are declared.
fn companions(schemes: &[Scheme], uses_decimal: bool, dates: &datetime::Routed) -> Vec<Companion> {
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
            // With only some features on, the types that use a helper may
            // all be left out.
            declaration: declare(quote! {
                #[rustfmt::skip]
                #[cfg_attr(not(feature = "full"), allow(dead_code))]
                mod datetime;
            }),
        });
    }
    out
}

/// What `lib.rs` says before progenitor's client: docs, lints, constants.
fn head(base_url: &str) -> proc_macro2::TokenStream {
    quote! {
        #![doc = include_str!("../README.md")]
        #![cfg_attr(rustfmt, rustfmt::skip)]
        // Generated from a vendor's document: its names and prose are the
        // vendor's, so lints about style and docs do not apply.
        #![allow(clippy::all, rustdoc::all, unused_comparisons)]

        /// The server URL the spec declares.
        pub const DEFAULT_BASE_URL: &str = #base_url;

        /// The normalised OpenAPI 3.0 document this client was generated from
        /// (the vendor's spec, overlay applied), as JSON.
        pub const OPENAPI_DOCUMENT: &str = include_str!("../openapi.json");

        /// The runtime this client sends every request through: its settings
        /// (`client_runtime::Config`, `client_runtime::RequestOptions`) and errors.
        pub use client_runtime;

        /// `User-Agent` of the clients this crate builds: its name and version.
        pub const USER_AGENT: &str = concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION"));
    }
}
