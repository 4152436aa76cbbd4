//! The normalised billing model every vendor maps into.

use chrono::{DateTime, Utc};

use crate::money::Money;
use crate::raw::RawRecord;
use crate::vendor::VendorId;

/// What a payment was for. `Other` keeps a value this model has no name for.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum PaymentKind {
    /// A one-off purchase (a package, a pack).
    Purchase,
    /// A recurring subscription charge.
    Subscription,
    /// Metered usage (negative amounts are charges against a balance).
    Usage,
    /// Credits bought or topped up (including automatic top-ups).
    CreditTopUp,
    /// A per-member seat.
    Seat,
    /// Money returned.
    Refund,
    /// A payment towards a bill, not further described.
    Payment,
    /// An invoice whose purpose the vendor does not state.
    Invoice,
    /// The vendor sent no kind.
    Unspecified,
    /// A kind this model does not know, as the vendor sent it.
    Other(String),
}

/// Where a payment stands. `Other` keeps a value this model has no name for.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum PaymentStatus {
    /// Paid or completed.
    Paid,
    /// Pending, open or draft: not settled yet.
    Pending,
    /// Failed or uncollectible.
    Failed,
    /// Refunded in full.
    Refunded,
    /// Refunded in part.
    PartiallyRefunded,
    /// Voided or cancelled.
    Void,
    /// The vendor sent no status.
    Unspecified,
    /// A status this model does not know, as the vendor sent it.
    Other(String),
}

impl PaymentKind {
    /// A short lower-case name (`credit_top_up`; `Other` gives the vendor's value).
    pub fn as_str(&self) -> &str {
        match self {
            Self::Purchase => "purchase",
            Self::Subscription => "subscription",
            Self::Usage => "usage",
            Self::CreditTopUp => "credit_top_up",
            Self::Seat => "seat",
            Self::Refund => "refund",
            Self::Payment => "payment",
            Self::Invoice => "invoice",
            Self::Unspecified => "unspecified",
            Self::Other(v) => v,
        }
    }
}

impl PaymentStatus {
    /// A short lower-case name (`partially_refunded`; `Other` gives the vendor's value).
    pub fn as_str(&self) -> &str {
        match self {
            Self::Paid => "paid",
            Self::Pending => "pending",
            Self::Failed => "failed",
            Self::Refunded => "refunded",
            Self::PartiallyRefunded => "partially_refunded",
            Self::Void => "void",
            Self::Unspecified => "unspecified",
            Self::Other(v) => v,
        }
    }
}

/// One payment, whichever vendor it came from.
#[derive(Clone, Debug)]
pub struct Payment {
    /// The vendor.
    pub vendor: VendorId,
    /// The vendor's own id, as given (numbers written in decimal).
    pub id: String,
    /// What it was for.
    pub kind: PaymentKind,
    /// Where it stands.
    pub status: PaymentStatus,
    /// How much, exactly.
    pub amount: Money,
    /// The vendor's description.
    pub description: Option<String>,
    /// When the vendor recorded it, in UTC.
    pub created_at: DateTime<Utc>,
    /// When it was paid, where the vendor says.
    pub paid_at: Option<DateTime<Utc>>,
    /// The vendor's record (shared with the other records of its page).
    pub raw: RawRecord,
}

/// A vendor's credit balance and subscription (Cekura's billing info).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Balance {
    /// The vendor.
    pub vendor: VendorId,
    /// Credits available now.
    pub credits_remaining: Option<rust_decimal::Decimal>,
    /// Credits consumed.
    pub credits_used: Option<rust_decimal::Decimal>,
    /// Credits granted at the start of the period.
    pub initial_balance: Option<rust_decimal::Decimal>,
    /// When the balance expires, if it does.
    pub expires_at: Option<DateTime<Utc>>,
    /// The subscription, if the vendor reports one.
    pub subscription: Option<Subscription>,
}

/// A subscription's state and its plan's caps.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Subscription {
    /// Lifecycle state as the vendor names it (`active`, `trial`, `expired`, `inactive`, ...).
    pub status: String,
    /// Whether the vendor flags it active.
    pub is_active: bool,
    /// Whether it is a trial.
    pub is_trial: bool,
    /// Plan name.
    pub plan: Option<String>,
    /// End of the current period.
    pub expires_at: Option<DateTime<Utc>>,
    /// Last successful charge.
    pub last_payment_at: Option<DateTime<Utc>>,
    /// The plan's caps, by the vendor's names (`max_agents_limit` → 20; `-1` = unlimited).
    pub caps: Vec<(String, i64)>,
}
