//! Credentials, generated from the spec's `securitySchemes`.
//!
//! Every request the [`Client`](crate::Client) sends carries its credential.
//! The secret is kept in a header value marked sensitive and never appears
//! in `Debug` output or error messages.

use std::fmt;

use reqwest::header::{HeaderName, HeaderValue};

/// A credential for one security scheme. `Debug` shows the scheme, never the secret.
#[derive(Clone)]
pub struct Credentials {
    scheme: Scheme,
    header: HeaderValue,
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credentials")
            .field("scheme", &self.scheme)
            .field("secret", &"<redacted>")
            .finish()
    }
}

/// A secret that cannot be sent in an HTTP header. Names the scheme, never the secret.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InvalidCredentials {
    scheme: Scheme,
}

impl fmt::Display for InvalidCredentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "the credential for security scheme `{}` contains characters an HTTP header cannot carry",
            self.scheme.spec_name()
        )
    }
}

impl std::error::Error for InvalidCredentials {}

impl Credentials {
    /// Put this credential on a request built by hand (following a `next`
    /// link, say), exactly as every generated operation does.
    pub fn apply_to(&self, request: &mut reqwest::Request) {
        request.headers_mut().insert(
            HeaderName::from_static(self.scheme.header_name()),
            self.header.clone(),
        );
    }
}

/// The pre-request hook of every operation: puts the credential on the
/// request, and removes the `api-version` header progenitor adds, which
/// the vendor's API does not define.
pub(crate) fn authorize(credentials: &Credentials, request: &mut reqwest::Request) {
    request.headers_mut().remove("api-version");
    credentials.apply_to(request);
}
