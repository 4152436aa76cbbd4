//! Secrets out of every message: the secret itself and the encodings a
//! server is likely to echo it in.

use base64::engine::general_purpose::{STANDARD, STANDARD_NO_PAD, URL_SAFE, URL_SAFE_NO_PAD};
use base64::Engine;
use percent_encoding::{utf8_percent_encode, NON_ALPHANUMERIC};

/// What replaces a secret.
pub const REDACTED: &str = "[REDACTED]";

/// Secrets shorter than this are not searched for: they would match
/// ordinary text. No credential a vendor issues is this short.
const SHORTEST: usize = 6;

/// Replaces a client's secrets, and their encodings, in a text.
#[derive(Clone, Default)]
pub struct Redactor {
    /// Longest first, so a secret is replaced before any part of it.
    patterns: Vec<String>,
}

impl Redactor {
    /// A redactor for `secrets`.
    pub fn new<'a>(secrets: impl IntoIterator<Item = &'a str>) -> Self {
        let mut patterns: Vec<String> = secrets
            .into_iter()
            .filter(|s| s.len() >= SHORTEST)
            .flat_map(encodings)
            .collect();
        patterns.sort_by(|a, b| b.len().cmp(&a.len()).then_with(|| a.cmp(b)));
        patterns.dedup();
        Self { patterns }
    }

    /// `text` with every secret replaced by `[REDACTED]`.
    pub fn redact(&self, text: &str) -> String {
        let mut out = text.to_owned();
        for p in &self.patterns {
            if out.contains(p.as_str()) {
                out = out.replace(p.as_str(), REDACTED);
            }
        }
        out
    }
}

impl std::fmt::Debug for Redactor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Redactor({} patterns)", self.patterns.len())
    }
}

/// A secret as sent, base64 (standard and URL-safe, padded or not),
/// percent-encoded (upper and lower case) and hex.
fn encodings(secret: &str) -> Vec<String> {
    let bytes = secret.as_bytes();
    let percent = utf8_percent_encode(secret, NON_ALPHANUMERIC).to_string();
    let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    vec![
        secret.to_owned(),
        STANDARD.encode(bytes),
        STANDARD_NO_PAD.encode(bytes),
        URL_SAFE.encode(bytes),
        URL_SAFE_NO_PAD.encode(bytes),
        percent.to_lowercase(),
        percent.clone(),
        hex.to_uppercase(),
        hex,
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_secret_and_its_encodings_are_all_redacted() {
        let secret = "sk_live/ab+cd?ef=1";
        let r = Redactor::new([secret]);
        let texts = [
            format!("key {secret} echoed"),
            format!("b64 {}", STANDARD.encode(secret)),
            format!("b64url {}", URL_SAFE_NO_PAD.encode(secret)),
            format!(
                "url ?token={}",
                utf8_percent_encode(secret, NON_ALPHANUMERIC)
            ),
            format!(
                "hex {}",
                secret
                    .bytes()
                    .map(|b| format!("{b:02x}"))
                    .collect::<String>()
            ),
        ];
        for t in texts {
            let out = r.redact(&t);
            assert!(out.contains(REDACTED), "{out}");
            assert!(!out.contains("sk_live"), "{out}");
            assert!(!out.contains(&STANDARD_NO_PAD.encode(secret)), "{out}");
        }
    }

    #[test]
    fn text_without_a_secret_is_unchanged_and_short_secrets_are_ignored() {
        let r = Redactor::new(["abc", "long-enough-secret"]);
        assert_eq!(r.redact("abc and more"), "abc and more");
        assert_eq!(r.redact("x long-enough-secret y"), "x [REDACTED] y");
    }
}
