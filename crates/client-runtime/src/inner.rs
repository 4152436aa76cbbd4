//! What a generated `Client` keeps besides its URL and HTTP client: its
//! credentials, its settings, and the redactor made from the credentials.

use std::fmt;
use std::sync::Arc;

use crate::config::Config;
use crate::redact::Redactor;

/// Credentials that can name their secrets, so every message can leave them out.
pub trait Secrets {
    /// Every secret these credentials send (tokens, keys, passwords, and the
    /// `user:password` of basic authentication).
    fn secrets(&self) -> Vec<&str>;

    /// The query parameters that carry a secret (API keys sent in the query
    /// string): kept on every page a walk follows a link to.
    fn query_names(&self) -> Vec<&str> {
        Vec::new()
    }
}

/// The credentials of a client whose API declares none.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct NoCredentials;

impl Secrets for NoCredentials {
    fn secrets(&self) -> Vec<&str> {
        Vec::new()
    }
}

/// A client's credentials, its [`Config`] and its [`Redactor`]. `Debug`
/// shows the credentials' own `Debug` (which never shows a secret).
#[derive(Clone)]
pub struct Inner<C> {
    credentials: C,
    config: Arc<Config>,
    redactor: Arc<Redactor>,
    query_names: Arc<[String]>,
}

impl<C: Secrets> Inner<C> {
    /// `credentials` used with `config`.
    pub fn new(credentials: C, config: Config) -> Self {
        let redactor = Arc::new(Redactor::new(credentials.secrets()));
        let query_names = credentials
            .query_names()
            .into_iter()
            .map(str::to_owned)
            .collect();
        Self {
            credentials,
            config: Arc::new(config),
            redactor,
            query_names,
        }
    }
}

impl<C> Inner<C> {
    /// The credentials.
    pub fn credentials(&self) -> &C {
        &self.credentials
    }

    /// The client's settings.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// What removes this client's secrets from a text.
    pub fn redactor(&self) -> &Redactor {
        &self.redactor
    }

    /// The query parameters that carry a secret.
    pub fn query_names(&self) -> &[String] {
        &self.query_names
    }
}

impl<C: Secrets> From<C> for Inner<C> {
    fn from(credentials: C) -> Self {
        Self::new(credentials, Config::default())
    }
}

impl<C: fmt::Debug> fmt::Debug for Inner<C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Inner")
            .field("credentials", &self.credentials)
            .field("config", &self.config)
            .finish()
    }
}
