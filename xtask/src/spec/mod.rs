//! Spec stages: from a vendor's files to one normalised OpenAPI 3.0 document.
//! The stages are declared below in pipeline order (`pipeline.rs` runs them so).
//! Every stage takes and returns `serde_json::Value` (plus notices), and fails
//! with a `PointerError` into its input.

/// 1. Read YAML or JSON into a `serde_json::Value`.
pub(crate) mod load;

/// 2. Apply the vendor's OpenAPI Overlay 1.0 file.
pub(crate) mod overlay;

/// 3. OpenAPI 3.1 / JSON Schema 2020-12 → 3.0, one function per rule.
pub(crate) mod downconvert;

/// 4. Merge a vendor's files into one document, tracking which file owns what.
pub(crate) mod merge;

/// 5. Rewrite inputs progenitor would panic on or mistype, one function per rule.
pub(crate) mod normalize;

/// 5. Rewrite single schemas typify fails on or mistypes, one function per rule.
pub(crate) mod schema_rules;

/// 6. Reduce `format: decimal` schemas to what maps onto `JsonDecimal`.
pub(crate) mod decimal;

/// 7. `$ref`s resolve, path templates match parameters, the document parses.
pub(crate) mod validate;

/// 8. Which `securitySchemes` the generated crate can send.
pub(crate) mod security;

/// 8. How list operations page (`x-pagination`: read, checked or detected).
pub(crate) mod pagination;

/// 8. Which Cargo feature each operation belongs to (tags, else path resource).
pub(crate) mod features;

/// 9. Renames, in the copy progenitor sees, so that typify's names do not collide.
pub(crate) mod rust_names;

/// Every schema of a document, with its JSON pointer (used by the stages).
pub(crate) mod walk;
