//! Credentials, generated from the spec's `securitySchemes`.
//!
//! Every request the [`Client`](crate::Client) sends carries its credential.
//! The secret is kept in header values marked sensitive and never appears
//! in `Debug` output or error messages. A requirement that names several
//! schemes at once is met by joining credentials with [`Credentials::and`].

use std::fmt;

use reqwest::header::{HeaderName, HeaderValue};

/// Credentials for one or more security schemes. `Debug` shows the schemes, never the secrets.
#[derive(Clone)]
pub struct Credentials {
    parts: Vec<(Scheme, HeaderValue)>,
    /// The secrets as given, for redaction (`client_runtime::Secrets`).
    secrets: Vec<String>,
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credentials")
            .field("schemes", &self.schemes().collect::<Vec<_>>())
            .field("secret", &"<redacted>")
            .finish()
    }
}

/// A secret that cannot be sent as its scheme requires (characters an HTTP
/// header cannot carry, or a cookie separator). Names the scheme, never the secret.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InvalidCredentials {
    scheme: Scheme,
}

impl fmt::Display for InvalidCredentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "the credential for security scheme `{}` contains characters it cannot be sent with",
            self.scheme.spec_name()
        )
    }
}

impl std::error::Error for InvalidCredentials {}

impl Credentials {
    fn new(scheme: Scheme, value: String, secrets: &[&str]) -> Result<Self, InvalidCredentials> {
        let mut header = HeaderValue::from_str(&value).map_err(|_| InvalidCredentials { scheme })?;
        header.set_sensitive(true);
        Ok(Self {
            parts: vec![(scheme, header)],
            secrets: secrets.iter().map(|s| (*s).to_owned()).collect(),
        })
    }

    /// A cookie `name=secret`; a secret holding a cookie separator is refused.
    /// (Used by the constructors of cookie schemes only.)
    #[allow(dead_code)]
    fn cookie(scheme: Scheme, name: &str, secret: &str) -> Result<Self, InvalidCredentials> {
        if secret.contains([';', ',', ' ', '"', '\\']) {
            return Err(InvalidCredentials { scheme });
        }
        Self::new(scheme, format!("{name}={secret}"), &[secret])
    }

    /// These credentials and `other`'s, sent together (a security requirement
    /// that names several schemes).
    pub fn and(mut self, other: Credentials) -> Self {
        self.parts.extend(other.parts);
        self.secrets.extend(other.secrets);
        self
    }

    /// The scheme of the first credential.
    pub fn scheme(&self) -> Scheme {
        self.parts[0].0
    }

    /// The schemes of every credential, in the order they were joined.
    pub fn schemes(&self) -> impl Iterator<Item = Scheme> + '_ {
        self.parts.iter().map(|(scheme, _)| *scheme)
    }

    /// Put these credentials on a request built by hand (following a `next`
    /// link, say), exactly as every generated operation does. Cookies are
    /// added to any the request already has; a query key to the URL's query.
    pub fn apply_to(&self, request: &mut reqwest::Request) {
        for (scheme, value) in &self.parts {
            if let Some(param) = scheme.query_name() {
                let secret = value.to_str().unwrap_or_default();
                request.url_mut().query_pairs_mut().append_pair(param, secret);
                continue;
            }
            let name = HeaderName::from_static(scheme.header_name());
            let joined = match request.headers().get(&name) {
                Some(existing) if name == reqwest::header::COOKIE => {
                    let mut both = existing.as_bytes().to_vec();
                    both.extend_from_slice(b"; ");
                    both.extend_from_slice(value.as_bytes());
                    HeaderValue::from_bytes(&both).ok().map(|mut v| {
                        v.set_sensitive(true);
                        v
                    })
                }
                _ => None,
            };
            request.headers_mut().insert(name, joined.unwrap_or_else(|| value.clone()));
        }
    }
}

/// Standard base64 (RFC 4648, with padding), for `Authorization: Basic`.
/// (Used by the constructors of basic schemes only.)
#[allow(dead_code)]
fn base64(input: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(input.len().div_ceil(3) * 4);
    for chunk in input.chunks(3) {
        let b = [chunk[0], *chunk.get(1).unwrap_or(&0), *chunk.get(2).unwrap_or(&0)];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for (i, shift) in [18u32, 12, 6, 0].into_iter().enumerate() {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[((n >> shift) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// The pre-request hook of every operation: puts the credentials on the
/// request, and removes the `api-version` header progenitor adds, which
/// the vendor's API does not define.
pub(crate) fn authorize(inner: &client_runtime::Inner<Credentials>, request: &mut reqwest::Request) {
    request.headers_mut().remove("api-version");
    inner.credentials().apply_to(request);
}

impl client_runtime::Secrets for Credentials {
    fn secrets(&self) -> Vec<&str> {
        self.secrets.iter().map(String::as_str).collect()
    }

    fn query_names(&self) -> Vec<&str> {
        self.parts.iter().filter_map(|(scheme, _)| scheme.query_name()).collect()
    }
}
