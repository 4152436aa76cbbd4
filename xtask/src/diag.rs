//! Diagnostics: errors that stop a vendor's generation and notices that do not.
//!
//! Stages work on one JSON document and report a JSON pointer into it; the
//! pipeline adds the vendor and the file, so every message a user sees names all
//! three.

use std::fmt;

/// A problem at one place in one document, before the vendor and file are known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PointerError {
    /// JSON pointer (RFC 6901) of the offending node; `""` is the whole document.
    pub pointer: String,
    /// What is wrong, in one sentence.
    pub message: String,
}

impl PointerError {
    /// A new error at `pointer`.
    pub fn new(pointer: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            pointer: pointer.into(),
            message: message.into(),
        }
    }
}

/// Something generated less faithfully than the spec describes: the operation,
/// parameter or response was changed or left out, and the generated crate's
/// README says so.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Notice {
    /// JSON pointer of what was changed or left out.
    pub pointer: String,
    /// What was done and why.
    pub message: String,
}

impl Notice {
    /// A new notice at `pointer`.
    pub fn new(pointer: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            pointer: pointer.into(),
            message: message.into(),
        }
    }
}

/// An error that stops one vendor's generation, naming vendor, file and pointer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpecError {
    /// Vendor id, e.g. `cekura`.
    pub vendor: String,
    /// Input file, relative to the workspace root (several when files conflict).
    pub file: String,
    /// JSON pointer into that file.
    pub pointer: String,
    /// What is wrong.
    pub message: String,
}

impl SpecError {
    /// Attach vendor and file to a [`PointerError`].
    pub fn at(vendor: &str, file: &str, err: PointerError) -> Self {
        Self {
            vendor: vendor.to_owned(),
            file: file.to_owned(),
            pointer: err.pointer,
            message: err.message,
        }
    }
}

impl fmt::Display for SpecError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "vendor `{}`: {}#{}: {}",
            self.vendor, self.file, self.pointer, self.message
        )
    }
}

impl std::error::Error for SpecError {}

/// Escape one reference token for a JSON pointer (RFC 6901: `~` → `~0`, `/` → `~1`).
pub fn escape_token(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

/// `base` + `/` + the escaped `token`.
pub fn child(base: &str, token: &str) -> String {
    format!("{base}/{}", escape_token(token))
}
