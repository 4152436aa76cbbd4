//! The fixture client as every runtime test builds it.

use std::time::Duration;

pub use generator_fixture_client::client_runtime::{self, Config, Error as RuntimeError};
pub use generator_fixture_client::{Client, Credentials, Error};
pub use workspace_tests::hostile::{self, Answer, Body, Hostile};

/// The secret every test sends; it must never appear in what a caller sees.
pub const KEY: &str = "sk_test_hostile_0123456789abcdef";

/// Short waits, so the tests stay fast; attempts and deadline as given.
pub fn config() -> Config {
    Config::default()
        .base_delay(Duration::from_millis(20))
        .max_delay(Duration::from_millis(100))
        .attempt_timeout(Duration::from_secs(2))
        .deadline(Duration::from_secs(5))
}

/// A fixture client for `server` with `config`.
pub fn client(server: &Hostile, config: Config) -> Client {
    Client::with_config(&server.url, Credentials::bearer_auth(KEY).unwrap(), config).unwrap()
}

/// What a caller could print of `shown`, checked for the key in every
/// common encoding.
pub fn assert_no_key(shown: &str) {
    use client_runtime::Redactor;
    let probe = Redactor::new([KEY]);
    assert_eq!(
        probe.redact(shown),
        shown,
        "the key, or an encoding of it, is in: {shown}"
    );
}

/// The runtime's error inside a `send()` error, with its texts checked for the key.
pub fn runtime_error<E: std::fmt::Debug>(e: &Error<E>) -> RuntimeError
where
    Error<E>: std::error::Error + 'static,
{
    assert_no_key(&format!("{e} {e:?}"));
    RuntimeError::find(e)
        .cloned()
        .unwrap_or_else(|| panic!("no runtime error in {e:?}"))
}
