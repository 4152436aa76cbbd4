//! What every generated vendor client runs on.
//!
//! A generated crate's `Client` keeps an [`Inner`] (its credentials and its
//! [`Config`]) and sends every request through [`exec::execute`], progenitor's
//! `ClientHooks::exec`. That gives every operation, with no code of its own:
//!
//! - **retries** with exponential backoff and jitter on connection errors,
//!   408, 429 and 5xx, honouring `Retry-After` (seconds or an HTTP date), for
//!   idempotent methods only unless the request carries an idempotency key;
//! - a **timeout per attempt** and a **deadline** for the whole call, which
//!   also bounds reading the body (a stalled or trickling body ends in
//!   [`Error::Timeout`]);
//! - a **cap on the response body** ([`Config::body_limit`], 32 MiB by
//!   default): past it the read fails with [`Error::BodyTooLarge`], having
//!   held at most the cap and one chunk in memory;
//! - **redirects on the same origin only** (scheme, host and port): a
//!   redirect to another host, or from https to http, is not followed and
//!   ends in [`Error::Redirect`], so no credential (header, query parameter
//!   or cookie) ever reaches another origin; at most
//!   [`Config::max_redirects`] hops, and a hop back to a URL already visited
//!   is a loop;
//! - **redaction**: errors never carry a URL, and every secret of the
//!   client's credentials (and its base64, percent- and hex-encodings) is
//!   replaced by `[REDACTED]` in every message this crate makes.
//!
//! Paged operations get an `items()` method returning [`paging::Items`], a
//! `Stream` of decoded items over every page, as the operation's
//! `x-pagination` describes ([`paging::Pagination`]).
//!
//! Errors of a plain `send()` stay progenitor's `Error`; the runtime's own
//! failures travel inside it (as the source of its `reqwest::Error`) and
//! [`Error::find`] gets them back.

mod body;
mod capture;
mod config;
mod error;
pub mod exec;
mod inner;
pub mod paging;
mod redact;
mod redirect;
mod retry;

pub use config::{with_options, Config, RequestOptions};
pub use error::{Error, RedirectRefused};
pub use inner::{Inner, NoCredentials, Secrets};
pub use redact::{Redactor, REDACTED};
pub use retry::retry_after;
