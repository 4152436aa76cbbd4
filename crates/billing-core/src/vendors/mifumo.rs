//! Mifumo SMS: Django-REST-style pages (`{count, next, previous, results}`),
//! amounts as JSON numbers (kept exact), negative for usage.
//!
//! The generated client walks the pages (`items()`, as `specs/mifumo/overlay.yaml`
//! describes them): by page number on the configured origin, concurrently
//! once `count` tells how many there are, on while `next` says more. The
//! `next` link only signals; it is never followed, so a link naming another
//! host takes the credential nowhere.

use std::num::NonZeroU64;

use futures::StreamExt;
use mifumo_client::types::BillingRecord;
use mifumo_client::{Client, Credentials};
use secrecy::ExposeSecret;

use crate::adapter_support::named;
use crate::config::ProviderConfig;
use crate::entry::VendorEntry;
use crate::error::{Error, Operation};
use crate::model::{Payment, PaymentKind, PaymentStatus};
use crate::money::{self, Money};
use crate::provider::{BillingProvider, PaymentStream};
use crate::query::PaymentQuery;
use crate::raw::RawRecord;
use crate::records;
use crate::transport;
use crate::vendor::VendorId;

/// The vendor's id.
pub const ID: VendorId = VendorId::new("mifumo");

/// The vendor's registry entry.
pub(crate) const ENTRY: VendorEntry = VendorEntry {
    id: ID,
    name: "Mifumo SMS",
    client_crate: "mifumo-client",
    default_base_url: mifumo_client::DEFAULT_BASE_URL,
    openapi_document: mifumo_client::OPENAPI_DOCUMENT,
    options: &[],
    connect: |config| Ok(std::sync::Arc::new(Mifumo::new(config)?)),
};

const HISTORY: Operation = Operation {
    vendor: ID,
    name: "getBillingHistory",
};

/// The Mifumo adapter (sends the key as a bearer token).
#[derive(Debug)]
pub struct Mifumo {
    client: Client,
}

impl Mifumo {
    /// An adapter for `config` (its base URL, if any, must be https or loopback http).
    pub fn new(config: ProviderConfig) -> Result<Self, Error> {
        let base = transport::base(ID, mifumo_client::DEFAULT_BASE_URL, &config)?;
        let credentials = Credentials::bearer_auth(config.api_key.expose_secret())
            .map_err(|e| transport::bad_credential(ID, &e))?;
        let client = Client::with_config(&base, credentials, config.client)
            .map_err(|e| transport::client_error(ID, e))?;
        Ok(Self { client })
    }
}

/// The kind a Mifumo record `type` stands for.
fn kind(t: Option<&str>) -> PaymentKind {
    use PaymentKind::*;
    match t {
        None | Some("") => Unspecified,
        Some(t) => named(
            t,
            &[
                ("purchase", Purchase),
                ("payment", Payment),
                ("usage", Usage),
                ("refund", Refund),
            ],
        )
        .unwrap_or_else(|| Other(t.to_owned())),
    }
}

/// The status a Mifumo record `status` stands for.
fn status(s: Option<&str>) -> PaymentStatus {
    use PaymentStatus::*;
    match s {
        None | Some("") => Unspecified,
        Some(s) => named(
            s,
            &[
                ("completed", Paid),
                ("paid", Paid),
                ("succeeded", Paid),
                ("success", Paid),
                ("pending", Pending),
                ("processing", Pending),
                ("failed", Failed),
                ("refunded", Refunded),
                ("cancelled", Void),
                ("canceled", Void),
                ("void", Void),
            ],
        )
        .unwrap_or_else(|| Other(s.to_owned())),
    }
}

/// One Mifumo billing record as a [`Payment`].
pub fn normalize(record: &BillingRecord, raw: RawRecord) -> Result<Payment, Error> {
    let bad = |detail: String| crate::adapter_support::bad_record(HISTORY, Some(&record.id), detail);
    let currency = money::currency(record.currency.as_deref()).map_err(|e| bad(e.to_string()))?;
    let amount =
        Money::from_major(record.amount.as_str(), currency).map_err(|e| bad(e.to_string()))?;
    Ok(Payment {
        vendor: ID,
        id: record.id.clone(),
        kind: kind(record.type_.as_deref()),
        status: status(record.status.as_deref()),
        amount,
        description: record.description.clone(),
        created_at: record.created_at,
        paid_at: None,
        raw,
    })
}

impl BillingProvider for Mifumo {
    fn vendor(&self) -> VendorId {
        ID
    }

    fn payments(&self, query: &PaymentQuery) -> PaymentStream<'_> {
        let mut request = self.client.get_billing_history();
        if let Some(size) = query.page_size.and_then(|s| NonZeroU64::new(u64::from(s))) {
            request = request.page_size(size);
        }
        let records = request
            .items()
            .map(|r| r.map_err(|e| transport::from_runtime(HISTORY, e)));
        records::payments(HISTORY, records, query, normalize)
    }
}
