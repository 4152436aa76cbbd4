//! Rust emission: from the normalised document to a crate's files.
//! progenitor makes the client, syn passes adjust it, companion modules (some
//! of them templates under `templates/`) complete it, and `crate_files`
//! assembles `Cargo.toml`, `README.md` and the sources.

/// The `auth` module, from the supported security schemes.
pub mod auth;
/// The crate's files, each with the generated header.
pub mod crate_files;
/// `lib.rs` and its companion modules, formatted.
pub mod crate_root;
/// syn pass: `DateTime<Utc>` fields decode through the `datetime` module.
pub mod datetime;
/// The `decimal` module (`JsonDecimal`), and its type mapping for typify.
pub mod decimal;
/// Rust naming as progenitor does it.
pub mod names;
/// syn pass: string enums become open (`UnknownValue`).
pub mod open_enums;
/// progenitor's library API (panics caught).
pub mod progenitor;
/// The crate's `README.md`.
pub mod readme;
