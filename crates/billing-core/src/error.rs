//! Typed errors. Each names the vendor and operation, and where there was an
//! answer, its HTTP status and a short excerpt of its body with any secret
//! removed. No error ever contains a credential.

use std::fmt;
use std::time::Duration;

use crate::vendor::VendorId;

/// The call that failed: vendor and operation (the spec's operationId).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Operation {
    /// The vendor.
    pub vendor: VendorId,
    /// The operation, e.g. `billing-payment-history`.
    pub name: &'static str,
}

impl fmt::Display for Operation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.vendor, self.name)
    }
}

/// ` — body: "…"` when there is a body excerpt.
struct Body<'a>(&'a str);

impl fmt::Display for Body<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.is_empty() {
            Ok(())
        } else {
            write!(f, "; body: {:?}", self.0)
        }
    }
}

/// Everything that can go wrong talking to a vendor.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The vendor refused the credential (401, 403).
    #[error("{op}: authentication failed (HTTP {status}){}", Body(body))]
    Authentication {
        /// The call.
        op: Operation,
        /// HTTP status.
        status: u16,
        /// Body excerpt.
        body: String,
    },
    /// Too many requests (429), after the retries the policy allows.
    #[error("{op}: rate limited (HTTP {status}){}{}", retry_after.map(|d| format!(", retry after {}s", d.as_secs())).unwrap_or_default(), Body(body))]
    RateLimited {
        /// The call.
        op: Operation,
        /// HTTP status.
        status: u16,
        /// The vendor's `Retry-After`, if it sent one.
        retry_after: Option<Duration>,
        /// Body excerpt.
        body: String,
    },
    /// The vendor failed (5xx, 408), after the retries the policy allows.
    #[error("{op}: vendor-side failure (HTTP {status}){}", Body(body))]
    Vendor {
        /// The call.
        op: Operation,
        /// HTTP status.
        status: u16,
        /// Body excerpt.
        body: String,
    },
    /// The vendor rejected the request (another 4xx: bad parameters, not found).
    #[error("{op}: request rejected (HTTP {status}){}", Body(body))]
    Rejected {
        /// The call.
        op: Operation,
        /// HTTP status.
        status: u16,
        /// Body excerpt.
        body: String,
    },
    /// The answer could not be read as the spec describes it: not JSON, HTML, a
    /// truncated body, a missing field, an amount that is not a decimal.
    #[error("{op}: malformed response{}: {detail}{}", status.map(|s| format!(" (HTTP {s})")).unwrap_or_default(), Body(body))]
    Malformed {
        /// The call.
        op: Operation,
        /// HTTP status, when known.
        status: Option<u16>,
        /// What is wrong.
        detail: String,
        /// Body excerpt.
        body: String,
    },
    /// No answer in time: one attempt's timeout, or the call's deadline.
    #[error("{op}: no answer within {}", humanize(*after))]
    Timeout {
        /// The call.
        op: Operation,
        /// The limit that ran out.
        after: Duration,
    },
    /// The answer was larger than the client's body limit; reading stopped there.
    #[error("{op}: the answer is larger than the limit of {limit} bytes")]
    TooLarge {
        /// The call.
        op: Operation,
        /// The limit, in bytes.
        limit: u64,
    },
    /// A redirect was not followed (another origin, too many hops, a loop):
    /// nothing the request carried reached anywhere but the vendor's origin.
    #[error("{op}: {detail}")]
    Redirect {
        /// The call.
        op: Operation,
        /// Why it was not followed.
        detail: String,
    },
    /// A walk stopped before the vendor said it was done: a page or item cap,
    /// a link or cursor leading back, a `next` link to another origin. What
    /// came before is real, but it is not everything.
    #[error("{op}: incomplete: {detail}")]
    Incomplete {
        /// The call.
        op: Operation,
        /// Why the walk stopped.
        detail: String,
    },
    /// A record came again later in the walk with different content: both
    /// cannot be right, so it is reported instead of either being dropped.
    #[error("{op}: record {id} appears twice in one walk with different content")]
    Conflict {
        /// The call.
        op: Operation,
        /// The record's id.
        id: String,
    },
    /// The connection failed (refused, reset, DNS, TLS).
    #[error("{op}: connection failed: {detail}")]
    Transport {
        /// The call.
        op: Operation,
        /// What failed (never the URL's query or any header).
        detail: String,
    },
    /// The vendor does not offer this (e.g. a balance).
    #[error("{vendor}: {capability} is not offered by this vendor")]
    Unsupported {
        /// The vendor.
        vendor: VendorId,
        /// What was asked for.
        capability: &'static str,
    },
    /// The configuration is unusable (e.g. a base URL that is not https).
    #[error("{vendor}: invalid configuration: {detail}")]
    Config {
        /// The vendor.
        vendor: VendorId,
        /// What is wrong.
        detail: String,
    },
}

fn humanize(d: Duration) -> String {
    if d.as_secs() >= 1 {
        format!("{:.1} s", d.as_secs_f32())
    } else {
        format!("{} ms", d.as_millis())
    }
}

impl Error {
    /// The vendor the error is about.
    pub fn vendor(&self) -> VendorId {
        match self {
            Error::Authentication { op, .. }
            | Error::RateLimited { op, .. }
            | Error::Vendor { op, .. }
            | Error::Rejected { op, .. }
            | Error::Malformed { op, .. }
            | Error::Timeout { op, .. }
            | Error::TooLarge { op, .. }
            | Error::Redirect { op, .. }
            | Error::Incomplete { op, .. }
            | Error::Conflict { op, .. }
            | Error::Transport { op, .. } => op.vendor,
            Error::Unsupported { vendor, .. } | Error::Config { vendor, .. } => *vendor,
        }
    }

    /// The HTTP status of the answer, if there was one.
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Authentication { status, .. }
            | Error::RateLimited { status, .. }
            | Error::Vendor { status, .. }
            | Error::Rejected { status, .. } => Some(*status),
            Error::Malformed { status, .. } => *status,
            _ => None,
        }
    }

    /// Whether trying again may succeed: connection failures, timeouts, 408, 429, 5xx.
    pub fn is_retryable(&self) -> bool {
        matches!(
            self,
            Error::RateLimited { .. }
                | Error::Vendor { .. }
                | Error::Timeout { .. }
                | Error::Transport { .. }
        )
    }

    /// How long the vendor asked to wait, if it did.
    pub fn retry_after(&self) -> Option<Duration> {
        match self {
            Error::RateLimited { retry_after, .. } => *retry_after,
            _ => None,
        }
    }
}
