//! The crate root and its companion modules: progenitor's client wrapped in
//! `lib.rs` (docs, constants, the authenticated constructor), the syn passes
//! over it, and the `auth`, `decimal` and `datetime` modules it needs, all
//! formatted by prettyplease.

use std::collections::BTreeMap;

use quote::quote;

use crate::codegen::features::Gating;
use crate::codegen::{
    auth, datetime, decimal, empty_success, features, forward_compat, markers, open_enums, paging,
    parse, runtime, status_arms,
};
use crate::diag::PointerError;
use crate::spec::pagination::Paged;
use crate::spec::rust_names::Marker;
use crate::spec::security::Scheme;

/// What the syn passes over progenitor's output take from the document.
pub struct PassInputs<'a> {
    /// Properties renamed for Rust, to carry their wire names again.
    pub markers: &'a [Marker],
    /// Operations whose JSON success sits next to an empty one.
    pub empty: &'a empty_success::Empty,
    /// Paged operations.
    pub paged: &'a [Paged],
    /// Operations that declare an idempotency-key header.
    pub keys: &'a [runtime::KeyHeader],
    /// The Cargo feature groups operations belong to.
    pub groups: &'a crate::spec::features::Groups,
}

/// The crate's sources, by file name under `src/`, and how its items are
/// gated by features.
pub struct Sources {
    /// Formatted sources by file name.
    pub files: BTreeMap<String, String>,
    /// What the feature pass found.
    pub gating: Gating,
}

/// The crate's sources, from progenitor's client (`Generated::tokens`).
pub fn sources(
    client: proc_macro2::TokenStream,
    base_url: &str,
    schemes: &[Scheme],
    uses_decimal: bool,
    inputs: &PassInputs<'_>,
) -> Result<Sources, PointerError> {
    let PassInputs {
        markers,
        empty,
        paged,
        keys,
        groups,
    } = inputs;
    let mut lib = lib_file(client, base_url, !schemes.is_empty())?;
    let discriminators = forward_compat::discriminators(&lib);
    open_enums::open(&mut lib, &discriminators);
    runtime::apply(&mut lib, keys);
    paging::apply(&mut lib, paged);
    forward_compat::apply(&mut lib);
    empty_success::apply(&mut lib, empty);
    status_arms::order(&mut lib);
    let dates = datetime::route(&mut lib);
    let gating = features::gate(&mut lib, groups);
    let companions = companions(schemes, uses_decimal, &dates);
    lib.items.splice(
        0..0,
        companions.iter().flat_map(|c| c.declaration.items.clone()),
    );
    let mut sources = BTreeMap::new();
    sources.insert("lib.rs".to_owned(), markers::restore(unparse(lib), markers));
    for companion in companions {
        sources.insert(
            format!("{}.rs", companion.name),
            prettyplease::unparse(&companion.source),
        );
    }
    Ok(Sources {
        files: sources,
        gating,
    })
}

/// `prettyplease::unparse(&lib)`, printed one top-level item at a time and
/// each freed once printed, so the text grows as the tree shrinks, and joined
/// once the tree is gone (the same text: prettyplease ends every item with a
/// line break of its own).
fn unparse(mut lib: syn::File) -> String {
    let items = std::mem::take(&mut lib.items);
    let mut texts = vec![prettyplease::unparse(&lib)];
    let mut one = syn::File {
        shebang: None,
        frontmatter: None,
        attrs: Vec::new(),
        items: Vec::new(),
    };
    for item in items {
        one.items = vec![item];
        texts.push(prettyplease::unparse(&one));
    }
    texts.concat()
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

/// The crate root: docs, constants, progenitor's client, and the
/// authenticated constructor (the companion modules are declared after
/// the passes over it). progenitor's tokens are parsed item by item and
/// consumed as they are (`parse::items`).
fn lib_file(
    client: proc_macro2::TokenStream,
    base_url: &str,
    authenticated: bool,
) -> Result<syn::File, PointerError> {
    let mut lib = parse::file(head(base_url))?;
    lib.items.extend(parse::items(client)?);
    lib.items
        .extend(parse::file(runtime::constructors(authenticated))?.items);
    Ok(lib)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unparse_item_by_item_prints_what_prettyplease_prints_whole() {
        let file: syn::File = syn::parse_quote! {
            #![allow(dead_code)]
            //! not a doc of an item
            pub const A: u8 = 1;
            pub mod types {
                /// A long doc comment on a struct whose fields wrap across lines when printed.
                pub struct S { pub a_rather_long_field_name: ::std::option::Option<::std::string::String>, pub b: u8 }
            }
            impl types::S { pub fn f(&self) -> u8 { self.b } }
        };
        assert_eq!(unparse(file.clone()), prettyplease::unparse(&file));
    }
}
