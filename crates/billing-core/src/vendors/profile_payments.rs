//! The unnamed vendor of `GET /api/v1/profile/payments`: numbered pages in a
//! `{code, message, data: {items, total_pages, has_next_page, ...}}` envelope;
//! amounts in US dollars as JSON numbers (kept exact).
//!
//! The generated client walks the pages (`items()`, as
//! `specs/profile-payments/overlay.yaml` describes them): page 1 tells
//! `total_pages`, so the rest are fetched concurrently (bounded, yielded in
//! order), and a vendor that reports `has_next_page` beyond `total_pages` is
//! walked on one page at a time.

use std::num::NonZeroU64;

use futures::StreamExt;
use profile_payments_client::types::Payment as Record;
use profile_payments_client::{Client, Credentials};
use secrecy::ExposeSecret;

use crate::adapter_support::named;
use crate::config::ProviderConfig;
use crate::entry::VendorEntry;
use crate::error::{Error, Operation};
use crate::model::{Payment, PaymentKind, PaymentStatus};
use crate::money::{self, Currency, Money};
use crate::provider::{BillingProvider, PaymentStream};
use crate::query::PaymentQuery;
use crate::raw::RawRecord;
use crate::records;
use crate::transport;
use crate::vendor::VendorId;

/// The vendor's id.
pub const ID: VendorId = VendorId::new("profile-payments");

/// The vendor's registry entry.
pub(crate) const ENTRY: VendorEntry = VendorEntry {
    id: ID,
    name: "the unnamed vendor of `GET /api/v1/profile/payments`",
    client_crate: "profile-payments-client",
    default_base_url: profile_payments_client::DEFAULT_BASE_URL,
    openapi_document: profile_payments_client::OPENAPI_DOCUMENT,
    options: &[],
    connect: |config| Ok(std::sync::Arc::new(ProfilePayments::new(config)?)),
};

const PAYMENTS: Operation = Operation {
    vendor: ID,
    name: "getProfilePayments",
};

/// The profile-payments adapter (sends the key as a bearer token).
#[derive(Debug)]
pub struct ProfilePayments {
    client: Client,
}

impl ProfilePayments {
    /// An adapter for `config`. The spec's server is a placeholder
    /// (`profile-payments.invalid`): configure the base URL.
    pub fn new(config: ProviderConfig) -> Result<Self, Error> {
        let base = transport::base(ID, profile_payments_client::DEFAULT_BASE_URL, &config)?;
        let credentials = Credentials::bearer_auth(config.api_key.expose_secret())
            .map_err(|e| transport::bad_credential(ID, &e))?;
        let client = Client::with_config(&base, credentials, config.client)
            .map_err(|e| transport::client_error(ID, e))?;
        Ok(Self { client })
    }
}

/// The status of an invoice, refunds considered.
fn status(record: &Record, amount: &Money) -> Result<PaymentStatus, money::MoneyError> {
    let refunded = record
        .amount_refunded_usd
        .as_ref()
        .map(|r| money::parse_decimal(r.as_str()))
        .transpose()?;
    let refunded = refunded.filter(|r| !r.is_zero());
    use PaymentStatus::*;
    let stated = named(
        &record.status,
        &[
            ("paid", Paid),
            ("open", Pending),
            ("draft", Pending),
            ("void", Void),
            ("uncollectible", Failed),
        ],
    );
    Ok(match (stated, refunded) {
        (Some(Paid), Some(r)) if r >= amount.amount => Refunded,
        (Some(Paid), Some(_)) => PartiallyRefunded,
        (Some(status), _) => status,
        (None, _) => Other(record.status.clone()),
    })
}

/// One invoice as a [`Payment`]. The amount is `amount_due_usd` ("Amount paid",
/// major units). Its currency is the record's `currency` when present; the
/// vendor documents these amounts as US dollars ("USD always"), so a record
/// without one is USD by the vendor's own documentation, not by guess.
pub fn normalize(record: &Record, raw: RawRecord) -> Result<Payment, Error> {
    let id = record.id.to_string();
    let bad = |detail: String| crate::adapter_support::bad_record(PAYMENTS, Some(&id), detail);
    let currency =
        match money::currency(record.currency.as_deref()).map_err(|e| bad(e.to_string()))? {
            Some(c) => c,
            None => Currency::from_code("USD").expect("USD is ISO 4217"),
        };
    let amount = Money::from_major(record.amount_due_usd.as_str(), Some(currency))
        .map_err(|e| bad(e.to_string()))?;
    let status = status(record, &amount).map_err(|e| bad(e.to_string()))?;
    let plan = record
        .subscription_log
        .as_ref()
        .and_then(|l| l.subscription_plan.as_ref());
    Ok(Payment {
        vendor: ID,
        id,
        kind: if record.subscription_log.is_some() {
            PaymentKind::Subscription
        } else {
            PaymentKind::Invoice
        },
        status,
        amount,
        description: plan.and_then(|p| p.plan_name.clone()),
        created_at: record.created_at,
        paid_at: None,
        raw,
    })
}

impl BillingProvider for ProfilePayments {
    fn vendor(&self) -> VendorId {
        ID
    }

    fn payments(&self, query: &PaymentQuery) -> PaymentStream<'_> {
        let mut request = self.client.get_profile_payments();
        if let Some(size) = query.page_size.and_then(|s| NonZeroU64::new(u64::from(s))) {
            request = request.page_limit(size);
        }
        let records = request
            .items()
            .map(|r| r.map_err(|e| transport::from_runtime(PAYMENTS, e)));
        records::payments(PAYMENTS, records, query, normalize)
    }
}
