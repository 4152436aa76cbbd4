//! What the adapters share about reaching a vendor: base URL rules, the
//! generated client's settings, and turning its errors (progenitor's, and
//! its runtime's) into a typed [`Error`]. Sending, retrying, limits and
//! paging are the generated client's own, through `client_runtime`.

use std::time::{Duration, SystemTime};

use reqwest::header::HeaderMap;
use secrecy::{ExposeSecret, SecretString};
use url::{Host, Url};

use crate::config::ProviderConfig;
use crate::error::{Error, Operation};
use crate::vendor::VendorId;

/// Most characters of a body kept in an error.
const EXCERPT_CHARS: usize = 200;

/// Check a base URL: https, or plain http only for a loopback host
/// (127.0.0.1, ::1, localhost). Returns it without a trailing `/`, ready for
/// the spec's operation paths to be appended.
pub fn base_url(vendor: VendorId, raw: &str) -> Result<String, Error> {
    let config = |detail: String| Error::Config { vendor, detail };
    let url = Url::parse(raw).map_err(|e| config(format!("base URL {raw:?} is not a URL: {e}")))?;
    let loopback = match url.host() {
        Some(Host::Domain(d)) => d.eq_ignore_ascii_case("localhost"),
        Some(Host::Ipv4(ip)) => ip.is_loopback(),
        Some(Host::Ipv6(ip)) => ip.is_loopback(),
        None => false,
    };
    match url.scheme() {
        "https" => {}
        "http" if loopback => {}
        "http" => {
            return Err(config(format!(
                "base URL {raw:?} is plain http; only https is allowed, except for loopback hosts (127.0.0.1, ::1, localhost)"
            )));
        }
        other => {
            return Err(config(format!(
                "base URL {raw:?} has scheme `{other}`; use https"
            )));
        }
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(config(format!(
            "base URL {raw:?} must not have a query or fragment"
        )));
    }
    Ok(url.as_str().trim_end_matches('/').to_owned())
}

/// The base URL of an adapter for `vendor`: the configured one, else the
/// spec's server, checked by [`base_url`].
pub fn base(
    vendor: VendorId,
    default_base_url: &str,
    config: &ProviderConfig,
) -> Result<String, Error> {
    base_url(
        vendor,
        config.base_url.as_deref().unwrap_or(default_base_url),
    )
}

/// A generated client that could not be built, as a configuration error.
pub fn client_error(vendor: VendorId, e: reqwest::Error) -> Error {
    Error::Config {
        vendor,
        detail: format!("cannot build the HTTP client: {}", e.without_url()),
    }
}

/// A credential the generated client refused (it cannot go in a header), as a
/// configuration error. The message names the scheme, never the secret.
pub fn bad_credential(vendor: VendorId, e: &dyn std::fmt::Display) -> Error {
    Error::Config {
        vendor,
        detail: e.to_string(),
    }
}

/// A short, single-line excerpt of a body with `secret` (and its common
/// encodings: base64, percent, hex) removed.
pub fn excerpt(body: &[u8], secret: &SecretString) -> String {
    let text = String::from_utf8_lossy(&body[..body.len().min(EXCERPT_CHARS * 4)]);
    let out: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let out = client_runtime::Redactor::new([secret.expose_secret()]).redact(&out);
    if out.chars().count() > EXCERPT_CHARS {
        out.chars().take(EXCERPT_CHARS).collect::<String>() + "…"
    } else {
        out
    }
}

/// `Retry-After` as seconds or an HTTP date.
pub fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    client_runtime::retry_after(headers, SystemTime::now())
}

/// The error for a non-success answer.
pub fn status_error(op: Operation, status: u16, headers: &HeaderMap, body: String) -> Error {
    match status {
        401 | 403 => Error::Authentication { op, status, body },
        429 => Error::RateLimited {
            op,
            status,
            retry_after: retry_after(headers),
            body,
        },
        408 | 500..=599 => Error::Vendor { op, status, body },
        400..=499 => Error::Rejected { op, status, body },
        _ => Error::Malformed {
            op,
            status: Some(status),
            detail: "status the spec does not describe".into(),
            body,
        },
    }
}

/// The error for a failure of the connection (never naming the URL, which may
/// carry query parameters).
pub fn transport_error(op: Operation, e: &reqwest::Error) -> Error {
    Error::Transport {
        op,
        detail: reqwest_without_url(e),
    }
}

/// A reqwest error's message and causes, without its URL.
fn reqwest_without_url(e: &reqwest::Error) -> String {
    let mut parts = Vec::new();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        parts.push(s.to_string());
        source = s.source();
    }
    let kind = if e.is_connect() {
        "could not connect"
    } else if e.is_body() || e.is_decode() {
        "error reading the body"
    } else {
        "request failed"
    };
    if parts.is_empty() {
        kind.to_owned()
    } else {
        format!("{kind}: {}", parts.join(": "))
    }
}

/// Turn progenitor's error into a typed [`Error`], reading what body there is.
pub async fn from_progenitor<E: serde::Serialize>(
    op: Operation,
    secret: &SecretString,
    err: progenitor_client::Error<E>,
) -> Error {
    use progenitor_client::Error as P;
    match err {
        P::CommunicationError(e) | P::InvalidUpgrade(e) => match client_runtime::Error::find(&e) {
            Some(found) => from_runtime(op, found.clone()),
            None => transport_error(op, &e),
        },
        P::ErrorResponse(rv) => {
            let status = rv.status().as_u16();
            let headers = rv.headers().clone();
            let body = serde_json::to_vec(&rv.into_inner()).unwrap_or_default();
            let body = if body == b"null" {
                String::new()
            } else {
                excerpt(&body, secret)
            };
            status_error(op, status, &headers, body)
        }
        P::UnexpectedResponse(response) => {
            let status = response.status().as_u16();
            let headers = response.headers().clone();
            let body = match response.bytes().await {
                Ok(b) => excerpt(&b, secret),
                Err(_) => String::new(),
            };
            if (200..300).contains(&status) {
                Error::Malformed {
                    op,
                    status: Some(status),
                    detail: "success status the spec does not describe".into(),
                    body,
                }
            } else {
                status_error(op, status, &headers, body)
            }
        }
        P::InvalidResponsePayload(bytes, e) => Error::Malformed {
            op,
            status: None,
            detail: format!("not the JSON the spec describes: {e}"),
            body: excerpt(&bytes, secret),
        },
        P::ResponseBodyError(e) => match client_runtime::Error::find(&e) {
            Some(found) => from_runtime(op, found.clone()),
            None => Error::Malformed {
                op,
                status: e.status().map(|s| s.as_u16()),
                detail: format!(
                    "the body could not be read in full ({})",
                    reqwest_without_url(&e)
                ),
                body: String::new(),
            },
        },
        P::InvalidRequest(detail) | P::Custom(detail) => Error::Transport { op, detail },
    }
}

/// The runtime's failure of a call or walk as a typed [`Error`]. Its
/// messages are already redacted and carry no URL.
pub fn from_runtime(op: Operation, e: client_runtime::Error) -> Error {
    use client_runtime::Error as R;
    match e {
        R::Timeout { after } => Error::Timeout { op, after },
        R::BodyTooLarge { limit } => Error::TooLarge { op, limit },
        R::Redirect(_) => Error::Redirect {
            op,
            detail: e.to_string(),
        },
        R::Transport(detail) => Error::Transport { op, detail },
        R::Status {
            status,
            retry_after,
            body,
        } => match status_error(op, status, &HeaderMap::new(), body) {
            Error::RateLimited {
                op, status, body, ..
            } => Error::RateLimited {
                op,
                status,
                retry_after,
                body,
            },
            other => other,
        },
        R::Page { page, detail, body } => Error::Malformed {
            op,
            status: None,
            detail: format!("page {page}: {detail}"),
            body,
        },
        R::Item { index, detail, .. } => {
            crate::adapter_support::bad_record(op, None, format!("item {index}: {detail}"))
        }
        R::InvalidRequest(detail) => Error::Config {
            vendor: op.vendor,
            detail,
        },
        other => Error::Incomplete {
            op,
            detail: other.to_string(),
        },
    }
}

/// Send one generated-client request and decode its answer, mapping any
/// failure to a typed [`Error`].
pub async fn call<T, E, Fut>(op: Operation, secret: &SecretString, request: Fut) -> Result<T, Error>
where
    E: serde::Serialize,
    Fut: std::future::Future<
            Output = Result<progenitor_client::ResponseValue<T>, progenitor_client::Error<E>>,
        >,
{
    match request.await {
        Ok(value) => Ok(value.into_inner()),
        Err(e) => Err(from_progenitor(op, secret, e).await),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn https_anywhere_and_http_only_on_loopback() {
        let v = crate::vendors::mifumo::ID;
        assert_eq!(
            base_url(v, "https://api.example.com/").unwrap(),
            "https://api.example.com"
        );
        assert_eq!(
            base_url(v, "https://api.example.com/v2/").unwrap(),
            "https://api.example.com/v2"
        );
        for ok in [
            "http://127.0.0.1:8080",
            "http://[::1]:9",
            "http://localhost:1/x",
            "http://LOCALHOST",
        ] {
            assert!(base_url(v, ok).is_ok(), "{ok}");
        }
        for bad in [
            "http://api.example.com",
            "http://10.0.0.1",
            "http://localhost.evil.com",
            "ftp://127.0.0.1",
            "https://x/?a=1",
            "not a url",
        ] {
            assert!(
                matches!(base_url(v, bad), Err(Error::Config { .. })),
                "{bad}"
            );
        }
    }

    #[test]
    fn excerpts_are_short_single_line_and_redacted() {
        let secret = SecretString::from("sk-live-123");
        let body = format!(
            "<html>\n  <body>bad key sk-live-123 {}</body>",
            "x".repeat(1000)
        );
        let e = excerpt(body.as_bytes(), &secret);
        assert!(!e.contains("sk-live-123") && e.contains("[REDACTED]"));
        assert!(!e.contains('\n'));
        assert_eq!(e.chars().count(), EXCERPT_CHARS + 1);
    }

    #[test]
    fn statuses_map_to_kinds() {
        let op = Operation {
            vendor: crate::vendors::cekura::ID,
            name: "x",
        };
        let h = HeaderMap::new();
        assert!(matches!(
            status_error(op, 401, &h, String::new()),
            Error::Authentication { .. }
        ));
        assert!(matches!(
            status_error(op, 403, &h, String::new()),
            Error::Authentication { .. }
        ));
        assert!(matches!(
            status_error(op, 429, &h, String::new()),
            Error::RateLimited { .. }
        ));
        assert!(matches!(
            status_error(op, 408, &h, String::new()),
            Error::Vendor { .. }
        ));
        assert!(matches!(
            status_error(op, 502, &h, String::new()),
            Error::Vendor { .. }
        ));
        assert!(matches!(
            status_error(op, 404, &h, String::new()),
            Error::Rejected { .. }
        ));
    }
}
