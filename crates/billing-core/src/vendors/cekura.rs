//! Cekura: payment history is one bare array (the spec says "paginated", but
//! declares no paging: the overlay declares it one page, so the generated
//! client decodes its records one by one); the organisation comes from the
//! config or the billing info; amounts are decimal strings with a nullable
//! currency.

use cekura_client::types::{BillingInfo, PaymentHistory, PaymentHistoryPaymentType as Type};
use cekura_client::{Client, Credentials};
use futures::StreamExt;
use futures::future::BoxFuture;
use secrecy::ExposeSecret;

use crate::error::{Error, Operation};
use crate::model::{Balance, Payment, PaymentKind, PaymentStatus, Subscription};
use crate::money::{self, Money, parse_decimal};
use crate::config::ProviderConfig;
use crate::provider::{BillingProvider, PaymentStream};
use crate::query::PaymentQuery;
use crate::raw::RawRecord;
use crate::records;
use crate::transport;
use crate::vendor::VendorId;
use crate::entry::{VendorEntry, VendorOption};

/// The vendor's id.
pub const ID: VendorId = VendorId::new("cekura");

/// The vendor's registry entry.
pub(crate) const ENTRY: VendorEntry = VendorEntry {
    id: ID,
    name: "Cekura",
    client_crate: "cekura-client",
    default_base_url: cekura_client::DEFAULT_BASE_URL,
    openapi_document: cekura_client::OPENAPI_DOCUMENT,
    options: &[VendorOption {
        name: "organization_id",
        help: "the organisation whose payments to list (a number); without it, it is read from the billing info (organisation-scoped API keys)",
    }],
    connect: |config| Ok(std::sync::Arc::new(Cekura::new(config)?)),
};

const HISTORY: Operation = Operation {
    vendor: ID,
    name: "billing-payment-history",
};
const INFO: Operation = Operation {
    vendor: ID,
    name: "billing-info-retrieve",
};

/// The `organization_id` option, if set: a number.
fn organization_id(config: &ProviderConfig) -> Result<Option<i64>, Error> {
    config
        .options
        .get("organization_id")
        .map(|v| {
            v.trim().parse().map_err(|_| Error::Config {
                vendor: ID,
                detail: format!("organization_id must be a number, not {v:?}"),
            })
        })
        .transpose()
}

/// The Cekura adapter.
#[derive(Debug)]
pub struct Cekura {
    client: Client,
    organization_id: Option<i64>,
    /// Kept to redact it from the excerpts of error bodies.
    secret: secrecy::SecretString,
}

impl Cekura {
    /// An adapter for `config` (its base URL, if any, must be https or loopback http).
    pub fn new(config: ProviderConfig) -> Result<Self, Error> {
        let organization_id = organization_id(&config)?;
        let base = transport::base(ID, cekura_client::DEFAULT_BASE_URL, &config)?;
        let credentials = Credentials::api_key(config.api_key.expose_secret())
            .map_err(|e| transport::bad_credential(ID, &e))?;
        let client = Client::with_config(&base, credentials, config.client)
            .map_err(|e| transport::client_error(ID, e))?;
        Ok(Self {
            client,
            organization_id,
            secret: config.api_key,
        })
    }

    async fn billing_info(&self) -> Result<BillingInfo, Error> {
        let mut request = self.client.billing_info_retrieve();
        if let Some(org) = self.organization_id {
            request = request.organization_id(org);
        }
        transport::call(INFO, &self.secret, request.send()).await
    }

    /// The organisation: configured, else the one the billing info names.
    async fn organization(&self) -> Result<i64, Error> {
        if let Some(org) = self.organization_id {
            return Ok(org);
        }
        self.billing_info()
            .await?
            .organization
            .ok_or_else(|| Error::Malformed {
                op: INFO,
                status: None,
                detail: "billing info names no organization, and none is configured".into(),
                body: String::new(),
            })
    }

    /// The payment history, record by record.
    fn history(&self) -> futures::stream::BoxStream<'_, Result<PaymentHistory, Error>> {
        futures::stream::once(self.organization())
            .flat_map(move |org| match org {
                Ok(org) => self
                    .client
                    .billing_payment_history()
                    .organization_id(org)
                    .items()
                    .map(|r| r.map_err(|e| transport::from_runtime(HISTORY, e)))
                    .boxed(),
                Err(e) => futures::stream::iter([Err(e)]).boxed(),
            })
            .boxed()
    }
}

/// The kind a Cekura `payment_type` stands for.
fn kind(t: Option<&Type>) -> PaymentKind {
    match t {
        None => PaymentKind::Unspecified,
        Some(Type::AutoPay | Type::SelfServeCredits) => PaymentKind::CreditTopUp,
        Some(Type::OneTimePayment) => PaymentKind::Purchase,
        Some(Type::Subscription) => PaymentKind::Subscription,
        Some(Type::SelfServeMemberSeat | Type::SubscriptionMemberSeat) => PaymentKind::Seat,
        Some(other) => PaymentKind::Other(other.to_string()),
    }
}

/// One Cekura payment-history record as a [`Payment`]. The history lists
/// payments made, so each is `Paid`, paid when it was created.
pub fn normalize(record: &PaymentHistory, raw: RawRecord) -> Result<Payment, Error> {
    let id = record.id.map(|id| id.to_string());
    let bad = |detail: &str| crate::adapter_support::bad_record(HISTORY, id.as_deref(), detail);
    let created_at = record.created_at.ok_or_else(|| bad("no created_at"))?;
    let amount_text = record.amount.as_deref().ok_or_else(|| bad("no amount"))?;
    let currency = money::currency(record.currency.as_ref().map(|c| c.as_str()))
        .map_err(|e| bad(&e.to_string()))?;
    let amount = Money::from_major(amount_text, currency).map_err(|e| bad(&e.to_string()))?;
    Ok(Payment {
        vendor: ID,
        id: id.clone().ok_or_else(|| bad("no id"))?,
        kind: kind(record.payment_type.as_ref()),
        status: PaymentStatus::Paid,
        amount,
        description: record.description.clone(),
        created_at,
        paid_at: Some(created_at),
        raw,
    })
}

/// Cekura's billing info as a [`Balance`].
pub fn balance(info: BillingInfo) -> Result<Balance, Error> {
    let decimal = |field: &str, v: &Option<String>| {
        v.as_deref()
            .map(|t| {
                parse_decimal(t)
                    .map_err(|e| crate::adapter_support::bad_record(INFO, None, format!("{field}: {e}")))
            })
            .transpose()
    };
    let subscription = info.subscription_status.as_ref().map(|s| Subscription {
        status: s.status.to_string(),
        is_active: s.is_active,
        is_trial: s.is_trial,
        plan: s.pack_name.clone(),
        expires_at: s.expire_at,
        last_payment_at: s.last_payment_at,
        caps: s
            .pack
            .as_ref()
            .map(|p| {
                vec![
                    (
                        "max_concurrent_runs_limit".to_owned(),
                        p.max_concurrent_runs_limit,
                    ),
                    (
                        "max_concurrent_chat_runs_limit".to_owned(),
                        p.max_concurrent_chat_runs_limit,
                    ),
                    ("max_agents_limit".to_owned(), p.max_agents_limit),
                    ("max_members_limit".to_owned(), p.max_members_limit),
                    ("max_projects_limit".to_owned(), p.max_projects_limit),
                ]
            })
            .unwrap_or_default(),
    });
    Ok(Balance {
        vendor: ID,
        credits_remaining: decimal("credits_remaining", &info.credits_remaining)?,
        credits_used: decimal("credits_used", &info.credits_used)?,
        initial_balance: decimal("initial_balance", &info.initial_balance)?,
        expires_at: info.balance_expiry,
        subscription,
    })
}

impl BillingProvider for Cekura {
    fn vendor(&self) -> VendorId {
        ID
    }

    fn payments(&self, query: &PaymentQuery) -> PaymentStream<'_> {
        records::payments(HISTORY, self.history(), query, normalize)
    }

    fn balance(&self) -> BoxFuture<'_, Result<Balance, Error>> {
        Box::pin(async move { balance(self.billing_info().await?) })
    }
}
