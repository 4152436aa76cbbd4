//! How hard a client tries and how much it accepts: per client ([`Config`]),
//! overridden per request ([`RequestOptions`], [`with_options`]).

use std::future::Future;
use std::time::Duration;

/// A client's settings. `Default` gives the values documented on each field.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Config {
    /// Attempts in all, the first included (default 4; 1 turns retries off).
    pub max_attempts: u32,
    /// Backoff before the first retry, doubled each time (default 250 ms).
    pub base_delay: Duration,
    /// Backoff never exceeds this; a `Retry-After` may (default 8 s).
    pub max_delay: Duration,
    /// Limit for one attempt, from sending to the last byte (default 30 s).
    pub attempt_timeout: Duration,
    /// Limit for the whole call, retries, waits and the body included (default 60 s).
    pub deadline: Duration,
    /// Limit for connecting (default 10 s, and never more than the deadline left).
    pub connect_timeout: Duration,
    /// Largest response body read, in bytes (default 32 MiB).
    pub body_limit: u64,
    /// Redirects followed on the same origin (default 5; 0 follows none).
    pub max_redirects: usize,
    /// Request headers whose presence makes a `POST` or `PATCH` safe to retry
    /// (default `Idempotency-Key`; generated clients add the one their spec declares).
    pub idempotency_headers: Vec<String>,
    /// Most pages one walk reads (default 1,000); more is [`crate::Error::PageLimit`].
    pub max_pages: u64,
    /// Most items one walk yields (default 1,000,000); more is [`crate::Error::ItemLimit`].
    pub max_items: u64,
    /// Pages fetched at once when a walk knows how many there are (default 4).
    pub concurrency: usize,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            max_attempts: 4,
            base_delay: Duration::from_millis(250),
            max_delay: Duration::from_secs(8),
            attempt_timeout: Duration::from_secs(30),
            deadline: Duration::from_secs(60),
            connect_timeout: Duration::from_secs(10),
            body_limit: 32 * 1024 * 1024,
            max_redirects: 5,
            idempotency_headers: vec!["idempotency-key".to_owned()],
            max_pages: 1_000,
            max_items: 1_000_000,
            concurrency: 4,
        }
    }
}

macro_rules! setters {
    ($($(#[$doc:meta])* $name:ident: $ty:ty),* $(,)?) => {
        impl Config {
            $($(#[$doc])* pub fn $name(mut self, value: $ty) -> Self {
                self.$name = value;
                self
            })*
        }
        /// Settings for one request or one walk, over its client's [`Config`];
        /// what is not set keeps the client's value.
        #[derive(Clone, Debug, Default, PartialEq, Eq)]
        pub struct RequestOptions {
            $($name: Option<$ty>,)*
        }
        impl RequestOptions {
            /// No overrides.
            pub fn new() -> Self {
                Self::default()
            }
            $($(#[$doc])* pub fn $name(mut self, value: $ty) -> Self {
                self.$name = Some(value);
                self
            })*
            /// `config` with these overrides.
            pub fn apply(&self, config: &Config) -> Config {
                let mut out = config.clone();
                $(if let Some(v) = &self.$name { out.$name = v.clone(); })*
                out
            }
        }
    };
}

setters! {
    /// See [`Config::max_attempts`].
    max_attempts: u32,
    /// See [`Config::base_delay`].
    base_delay: Duration,
    /// See [`Config::max_delay`].
    max_delay: Duration,
    /// See [`Config::attempt_timeout`].
    attempt_timeout: Duration,
    /// See [`Config::deadline`].
    deadline: Duration,
    /// See [`Config::connect_timeout`].
    connect_timeout: Duration,
    /// See [`Config::body_limit`].
    body_limit: u64,
    /// See [`Config::max_redirects`].
    max_redirects: usize,
    /// See [`Config::idempotency_headers`].
    idempotency_headers: Vec<String>,
    /// See [`Config::max_pages`].
    max_pages: u64,
    /// See [`Config::max_items`].
    max_items: u64,
    /// See [`Config::concurrency`].
    concurrency: usize,
}

tokio::task_local! {
    static OPTIONS: RequestOptions;
}

/// Run `request` (a generated operation's `send()`, say) with `options` over
/// its client's settings:
///
/// ```ignore
/// let answer = client_runtime::with_options(
///     RequestOptions::new().deadline(Duration::from_secs(5)),
///     client.get_balance().send(),
/// ).await;
/// ```
pub async fn with_options<F: Future>(options: RequestOptions, request: F) -> F::Output {
    OPTIONS.scope(options, request).await
}

/// The settings in force for the request being sent: `config` with the
/// options of an enclosing [`with_options`], if any.
pub(crate) fn effective(config: &Config) -> Config {
    OPTIONS
        .try_with(|o| o.apply(config))
        .unwrap_or_else(|_| config.clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn options_override_only_what_they_set_and_only_inside_their_scope() {
        let config = Config::default();
        let options = RequestOptions::new().deadline(Duration::from_secs(3));
        let inside = with_options(options, async { effective(&config) }).await;
        assert_eq!(inside.deadline, Duration::from_secs(3));
        assert_eq!(inside.max_attempts, config.max_attempts);
        assert_eq!(effective(&config), config);
    }
}
