//! Spec stages: from a vendor's files to one normalised OpenAPI 3.0 document,
//! in pipeline order. Every stage takes and returns `serde_json::Value` (plus
//! notices), and fails with a `PointerError` into its input.

/// Reduce `format: decimal` schemas to what maps onto `JsonDecimal`.
pub mod decimal;
/// OpenAPI 3.1 / JSON Schema 2020-12 → 3.0, one function per rule.
pub mod downconvert;
/// Read YAML or JSON into a `serde_json::Value`.
pub mod load;
/// Merge a vendor's files into one document, tracking which file owns what.
pub mod merge;
/// Rewrite inputs progenitor would panic on or mistype, one function per rule.
pub mod normalize;
/// Apply the vendor's OpenAPI Overlay 1.0 file.
pub mod overlay;
/// Which `securitySchemes` the generated crate can send.
pub mod security;
/// `$ref`s resolve, path templates match parameters, the document parses.
pub mod validate;

/// Every schema of a document, with its JSON pointer (used by the stages).
pub mod walk;
