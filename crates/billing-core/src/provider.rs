//! The one trait every vendor adapter implements, and how to configure one.

use futures::future::BoxFuture;
use futures::stream::BoxStream;
use secrecy::SecretString;

use crate::error::Error;
use crate::model::{Balance, Payment};
use crate::query::PaymentQuery;
use crate::retry::RetryPolicy;
use crate::vendor::VendorId;

/// Payments, one at a time, in the vendor's order. An `Err` item about one
/// record (a malformed amount, say) is followed by the rest; an `Err` about a
/// request (the vendor failed, after retries) ends the stream.
pub type PaymentStream<'a> = BoxStream<'a, Result<Payment, Error>>;

/// A vendor's billing data behind one interface.
pub trait BillingProvider: Send + Sync {
    /// Which vendor this is.
    fn vendor(&self) -> VendorId;

    /// Every payment matching `query`, walking every page by itself.
    fn payments(&self, query: &PaymentQuery) -> PaymentStream<'_>;

    /// The credit balance and subscription; [`Error::Unsupported`] where the
    /// vendor has no such endpoint.
    fn balance(&self) -> BoxFuture<'_, Result<Balance, Error>> {
        let vendor = self.vendor();
        Box::pin(async move {
            Err(Error::Unsupported {
                vendor,
                capability: "balance",
            })
        })
    }
}

/// How to reach one vendor.
#[derive(Clone, Debug)]
pub struct ProviderConfig {
    /// The API key or token. Never printed: its `Debug` is redacted.
    pub api_key: SecretString,
    /// Replaces the spec's server URL; the spec's operation paths are appended.
    /// Must be https (plain http only for loopback hosts).
    pub base_url: Option<String>,
    /// Retries, timeouts and deadline for each request.
    pub retry: RetryPolicy,
    /// Most page requests in flight at once, where the page count is known.
    pub concurrency: usize,
    /// Cekura only: the organisation whose payments to list. Without it, it is
    /// read from the billing info (organisation-scoped API keys).
    pub organization_id: Option<i64>,
}

impl ProviderConfig {
    /// Defaults for everything but the key.
    pub fn new(api_key: impl Into<String>) -> Self {
        Self {
            api_key: SecretString::from(api_key.into()),
            base_url: None,
            retry: RetryPolicy::default(),
            concurrency: 8,
            organization_id: None,
        }
    }

    /// The same with `base_url`.
    pub fn with_base_url(mut self, base_url: impl Into<String>) -> Self {
        self.base_url = Some(base_url.into());
        self
    }
}

/// The adapter for `vendor`.
pub fn connect(
    vendor: VendorId,
    config: ProviderConfig,
) -> Result<std::sync::Arc<dyn BillingProvider>, Error> {
    use crate::vendors::{autoposting, cekura, mifumo, profile_payments};
    Ok(match vendor {
        VendorId::Cekura => std::sync::Arc::new(cekura::Cekura::new(config)?),
        VendorId::Autoposting => std::sync::Arc::new(autoposting::Autoposting::new(config)?),
        VendorId::Mifumo => std::sync::Arc::new(mifumo::Mifumo::new(config)?),
        VendorId::ProfilePayments => {
            std::sync::Arc::new(profile_payments::ProfilePayments::new(config)?)
        }
    })
}
