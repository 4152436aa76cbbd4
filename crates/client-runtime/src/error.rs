//! The runtime's own failures. Every message is redacted when made, and
//! none carries a URL.

use std::time::Duration;

/// Why a redirect was not followed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RedirectRefused {
    /// It pointed at another origin (scheme, host or port): credentials stay home.
    OtherOrigin,
    /// More hops than [`crate::Config::max_redirects`].
    TooMany(usize),
    /// It pointed back at a URL already visited.
    Loop,
}

/// A failure of the runtime, or of the server as the runtime saw it.
#[derive(Clone, Debug, thiserror::Error, PartialEq, Eq)]
#[non_exhaustive]
pub enum Error {
    /// The call's deadline passed (retries, waits and reading the body included).
    #[error("no complete answer within the deadline of {after:?}")]
    Timeout {
        /// The deadline.
        after: Duration,
    },
    /// The response body is larger than the limit; reading stopped there.
    #[error("the response body is larger than the limit of {limit} bytes")]
    BodyTooLarge {
        /// The limit, in bytes.
        limit: u64,
    },
    /// A redirect that was not followed.
    #[error("redirect not followed: {}", match .0 {
        RedirectRefused::OtherOrigin => "it leads to another origin".to_owned(),
        RedirectRefused::TooMany(n) => format!("more than {n} redirects"),
        RedirectRefused::Loop => "it leads back to a URL already visited".to_owned(),
    })]
    Redirect(RedirectRefused),
    /// Connecting, sending or receiving failed (redacted, without the URL).
    #[error("transport: {0}")]
    Transport(String),
    /// A page answered with a status other than success.
    #[error("HTTP {status}: {body}")]
    Status {
        /// The status code.
        status: u16,
        /// How long its `Retry-After` asked to wait, if it had one.
        retry_after: Option<Duration>,
        /// The start of the body, redacted.
        body: String,
    },
    /// A page's body is not what its description says (not JSON, no item
    /// list where the description points).
    #[error("page {page}: {detail}")]
    Page {
        /// The page's place in the walk, from 1.
        page: u64,
        /// What is wrong.
        detail: String,
        /// The start of the body, redacted (empty where there was none).
        body: String,
    },
    /// One item could not be decoded; the walk goes on with the next.
    #[error("page {page}, item {index}: {detail}")]
    Item {
        /// The page's place in the walk, from 1.
        page: u64,
        /// The item's index in its page, from 0.
        index: usize,
        /// The decoder's message.
        detail: String,
        /// The item as sent, redacted.
        raw: String,
    },
    /// The walk would read more pages than allowed: the result is incomplete.
    #[error("more than {limit} pages: the walk stopped before the vendor said it was done")]
    PageLimit {
        /// The limit.
        limit: u64,
    },
    /// The walk would yield more items than allowed: the result is incomplete.
    #[error("more than {limit} items: the walk stopped before the vendor said it was done")]
    ItemLimit {
        /// The limit.
        limit: u64,
    },
    /// The vendor led the walk back to where it had been.
    #[error("page {page}: {detail}")]
    Loop {
        /// The page's place in the walk, from 1.
        page: u64,
        /// What repeated.
        detail: String,
    },
    /// A `next` link pointed at another origin; it was not followed.
    #[error("page {page}: its next link leads to another origin, not followed")]
    OffOrigin {
        /// The page's place in the walk, from 1.
        page: u64,
    },
    /// The operation's builder refused its arguments.
    #[error("invalid request: {0}")]
    InvalidRequest(String),
}

impl Error {
    /// The runtime error somewhere in `error`'s source chain (a
    /// `progenitor_client::Error` from `send()`, a `reqwest::Error`).
    pub fn find<'a>(error: &'a (dyn std::error::Error + 'static)) -> Option<&'a Error> {
        let mut current = Some(error);
        while let Some(e) = current {
            if let Some(found) = e.downcast_ref::<Error>() {
                return Some(found);
            }
            current = e.source();
        }
        None
    }

    /// Whether this error ended the walk or call (every one except [`Error::Item`]).
    pub fn is_fatal(&self) -> bool {
        !matches!(self, Error::Item { .. })
    }

    /// `e` as a runtime error: the runtime's own failure inside it if it
    /// carries one, else a redacted transport error without the URL.
    pub(crate) fn from_reqwest(e: reqwest::Error, redactor: &crate::Redactor) -> Error {
        if let Some(found) = Error::find(&e) {
            return found.clone();
        }
        Error::Transport(redactor.redact(&chain(&e.without_url())))
    }
}

/// `e` and its sources, joined by ": ".
pub(crate) fn chain(e: &(dyn std::error::Error + 'static)) -> String {
    let mut out = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        let text = s.to_string();
        if !out.contains(&text) {
            out.push_str(": ");
            out.push_str(&text);
        }
        source = s.source();
    }
    out
}
