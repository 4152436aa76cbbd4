//! How to reach one vendor: the settings every adapter takes.

use std::collections::BTreeMap;

use secrecy::SecretString;

/// How to reach one vendor.
#[derive(Clone, Debug)]
pub struct ProviderConfig {
    /// The API key or token. Never printed: its `Debug` is redacted.
    pub api_key: SecretString,
    /// Replaces the spec's server URL; the spec's operation paths are appended.
    /// Must be https (plain http only for loopback hosts).
    pub base_url: Option<String>,
    /// The generated client's settings: retries, timeouts, deadline, body
    /// limit, page and item caps, pages in flight (`client_runtime::Config`).
    pub client: client_runtime::Config,
    /// Settings only one vendor has, by name, as its registry entry declares
    /// them (`VendorEntry::options`); `connect` refuses any other name.
    pub options: BTreeMap<String, String>,
}

impl ProviderConfig {
    /// Defaults for everything but the key.
    pub fn new(api_key: impl Into<String>) -> Self {
        Self {
            api_key: SecretString::from(api_key.into()),
            base_url: None,
            client: client_runtime::Config::default().concurrency(8),
            options: BTreeMap::new(),
        }
    }

    /// The same with `base_url`.
    pub fn with_base_url(mut self, base_url: impl Into<String>) -> Self {
        self.base_url = Some(base_url.into());
        self
    }

    /// The same with the vendor-specific option `name` set to `value`.
    pub fn with_option(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.options.insert(name.into(), value.into());
        self
    }
}
