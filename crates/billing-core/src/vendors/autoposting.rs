//! Autoposting: one `{success, data: {invoices}}` envelope, no paging; amounts
//! in the currency's minor unit (scaled by its ISO 4217 exponent).

use autoposting_client::types::Invoice;
use autoposting_client::{Client, Credentials};
use futures::StreamExt;
use secrecy::{ExposeSecret, SecretString};

use crate::error::{Error, Operation};
use crate::model::{Payment, PaymentKind, PaymentStatus};
use crate::money::{Currency, Money, MoneyError};
use crate::config::ProviderConfig;
use crate::provider::{BillingProvider, PaymentStream};
use crate::query::PaymentQuery;
use crate::raw::RawRecord;
use crate::records;
use crate::transport;
use crate::vendor::VendorId;
use crate::entry::VendorEntry;
use crate::adapter_support::named;

/// The vendor's id.
pub const ID: VendorId = VendorId::new("autoposting");

/// The vendor's registry entry.
pub(crate) const ENTRY: VendorEntry = VendorEntry {
    id: ID,
    name: "Autoposting",
    client_crate: "autoposting-client",
    default_base_url: autoposting_client::DEFAULT_BASE_URL,
    openapi_document: autoposting_client::OPENAPI_DOCUMENT,
    options: &[],
    connect: |config| Ok(std::sync::Arc::new(Autoposting::new(config)?)),
};

const HISTORY: Operation = Operation {
    vendor: ID,
    name: "getBillingHistory",
};

/// The Autoposting adapter (sends the key as a bearer token).
#[derive(Debug)]
pub struct Autoposting {
    client: Client,
    /// Kept to redact it from the excerpts of error bodies.
    secret: SecretString,
}

impl Autoposting {
    /// An adapter for `config` (its base URL, if any, must be https or loopback http).
    pub fn new(config: ProviderConfig) -> Result<Self, Error> {
        let base = transport::base(ID, autoposting_client::DEFAULT_BASE_URL, &config)?;
        let credentials = Credentials::bearer_auth(config.api_key.expose_secret())
            .map_err(|e| transport::bad_credential(ID, &e))?;
        let client = Client::with_config(&base, credentials, config.client)
            .map_err(|e| transport::client_error(ID, e))?;
        Ok(Self {
            client,
            secret: config.api_key,
        })
    }

    async fn invoices(&self) -> Result<Vec<Invoice>, Error> {
        let request = self.client.get_billing_history().send();
        let envelope = transport::call(HISTORY, &self.secret, request).await?;
        if !envelope.success {
            return Err(Error::Malformed {
                op: HISTORY,
                status: Some(200),
                detail: "envelope says success: false".into(),
                body: String::new(),
            });
        }
        Ok(envelope.data.invoices)
    }
}

/// The status an Autoposting invoice `status` stands for (Stripe's invoice states).
fn status(s: &str) -> PaymentStatus {
    use PaymentStatus::*;
    named(
        s,
        &[
            ("paid", Paid),
            ("open", Pending),
            ("draft", Pending),
            ("pending", Pending),
            ("void", Void),
            ("uncollectible", Failed),
            ("failed", Failed),
            ("refunded", Refunded),
        ],
    )
    .unwrap_or_else(|| Other(s.to_owned()))
}

/// One Autoposting invoice as a [`Payment`]. Invoices carry only `paidAt`, so
/// it dates the payment; an invoice without it cannot be placed in a ledger
/// and is reported as a malformed record.
pub fn normalize(invoice: &Invoice, raw: RawRecord) -> Result<Payment, Error> {
    let bad = |detail: String| crate::adapter_support::bad_record(HISTORY, Some(&invoice.id), detail);
    let currency = Currency::from_code(&invoice.currency)
        .ok_or_else(|| bad(MoneyError::UnknownCurrency(invoice.currency.clone()).to_string()))?;
    let paid_at = invoice
        .paid_at
        .ok_or_else(|| bad("no paidAt: the invoice has no date to place it in a ledger".into()))?;
    Ok(Payment {
        vendor: ID,
        id: invoice.id.clone(),
        kind: PaymentKind::Invoice,
        status: status(&invoice.status),
        amount: Money::from_minor(invoice.amount, currency),
        description: invoice.description.clone(),
        created_at: paid_at,
        paid_at: Some(paid_at),
        raw,
    })
}

impl BillingProvider for Autoposting {
    fn vendor(&self) -> VendorId {
        ID
    }

    fn payments(&self, query: &PaymentQuery) -> PaymentStream<'_> {
        let invoices = futures::stream::once(self.invoices()).flat_map(|page| match page {
            Ok(invoices) => futures::stream::iter(invoices.into_iter().map(Ok).collect::<Vec<_>>()),
            Err(e) => futures::stream::iter(vec![Err(e)]),
        });
        records::payments(HISTORY, invoices, query, normalize)
    }
}
