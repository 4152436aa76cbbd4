//! Rust emission: from the normalised document to a crate's files, declared
//! below in the order they run. progenitor makes the client, syn passes adjust
//! it, companion modules (the fixed parts are templates under `templates/`)
//! complete it, and the crate's files are assembled with their headers.

/// Methods for a syn visitor whose pass looks at items only (structs, enums,
/// impls): it does not descend into function bodies, expressions, types or
/// attributes, which on a client of half a million lines is most of the
/// tree. `items_only!(mut)` inside a `VisitMut` impl, `items_only!()` inside
/// a `Visit` impl.
macro_rules! items_only {
    (mut) => {
        fn visit_block_mut(&mut self, _: &mut syn::Block) {}
        fn visit_expr_mut(&mut self, _: &mut syn::Expr) {}
        fn visit_type_mut(&mut self, _: &mut syn::Type) {}
        fn visit_attribute_mut(&mut self, _: &mut syn::Attribute) {}
    };
    () => {
        fn visit_block(&mut self, _: &syn::Block) {}
        fn visit_expr(&mut self, _: &syn::Expr) {}
        fn visit_type(&mut self, _: &syn::Type) {}
        fn visit_attribute(&mut self, _: &syn::Attribute) {}
    };
}

/// 1. progenitor's library API (panics caught).
pub(crate) mod progenitor;

/// 1. progenitor's tokens to syntax trees, handed on item by item.
pub(crate) mod parse;

/// 1. Where progenitor fails, when it says only "at the root".
pub(crate) mod culprit;

/// 2. syn pass: string enums become open (`UnknownValue`).
pub(crate) mod open_enums;

/// 3. syn pass: `DateTime<Utc>` fields decode through the `datetime` module.
pub(crate) mod datetime;

/// 3. syn pass: unknown fields and union branches decode.
pub(crate) mod forward_compat;

/// 3. syn pass: a JSON success next to an empty one answers `Option<T>`.
pub(crate) mod empty_success;

/// 3. syn pass: exact status arms before the ranges that contain them.
pub(crate) mod status_arms;

/// 3. syn pass: every request goes through `client-runtime` (hooks, constructors).
pub(crate) mod runtime;

/// 3. syn pass: paged operations get `items()`, a stream over every page.
pub(crate) mod paging;

/// 3. syn pass, last: operations and the types they need behind Cargo
///    features, one per group.
pub(crate) mod features;

/// 3. syn pass: renamed properties carry their wire names again.
pub(crate) mod markers;

/// 4. The `auth` module, from the supported security schemes.
pub(crate) mod auth;

/// 4. The `decimal` module (`JsonDecimal`), and its type mapping for typify.
pub(crate) mod decimal;

/// 5. The client through the passes (2–3) and printed, a piece at a time.
pub(crate) mod emit;

/// 5. A second thread emitting runs of the client's pieces handed to it as text.
pub(crate) mod lanes;

/// 5. `lib.rs` and its companion modules, formatted (runs `emit` and 4).
pub(crate) mod crate_root;

/// 6. The crate's files, each with the generated header.
pub(crate) mod crate_files;

/// 6. The crate's `README.md`.
pub(crate) mod readme;

/// Rust naming as progenitor does it.
pub(crate) mod names;
