//! Diagnostics: errors that stop a vendor's generation and notices that do not.
//!
//! Stages work on one JSON document and report a JSON pointer into it; the
//! pipeline adds the vendor and the file, so every message a user sees names all
//! three.

use std::collections::HashMap;
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

/// Notices that give the same reason: their message with the quoted names
/// (between backticks) taken out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reason {
    /// The message with each quoted name replaced by `…`.
    pub text: String,
    /// How many notices give it.
    pub count: usize,
    /// The position of the first of them among the messages grouped.
    pub first: usize,
}

/// `messages` grouped by reason, the most frequent first (ties by text).
pub fn by_reason<'a>(messages: impl IntoIterator<Item = &'a str>) -> Vec<Reason> {
    let mut reasons: Vec<Reason> = Vec::new();
    let mut found: HashMap<String, usize> = HashMap::new();
    for (i, message) in messages.into_iter().enumerate() {
        let text = message
            .split('`')
            .enumerate()
            .map(|(j, part)| if j % 2 == 1 { "…" } else { part })
            .collect::<Vec<_>>()
            .join("`");
        match found.get(&text) {
            Some(&at) => reasons[at].count += 1,
            None => {
                found.insert(text.clone(), reasons.len());
                reasons.push(Reason {
                    text,
                    count: 1,
                    first: i,
                });
            }
        }
    }
    reasons.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.text.cmp(&b.text)));
    reasons
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn notices_group_by_their_reason_without_names() {
        let got = by_reason(["other `z`", "a `x` was dropped", "a `y` was dropped"]);
        let summary: Vec<_> = got
            .iter()
            .map(|r| (r.text.as_str(), r.count, r.first))
            .collect();
        assert_eq!(summary, [("a `…` was dropped", 2, 1), ("other `…`", 1, 0)]);
    }
}
