//! One billing model over every vendor's generated client.
//!
//! [`BillingProvider`] reads a vendor's payments (as a [`Stream`](futures::Stream)
//! that walks every page by itself) and balance; [`connect`] builds the
//! adapter for a [`VendorId`]; a [`Ledger`] combines several concurrently.
//! Money is exact ([`Money`]: a decimal and an ISO 4217 currency, never an
//! `f64`); requests, retries, deadlines, limits and paging are the generated
//! clients' own (their runtime, [`client_runtime`], set through
//! [`ProviderConfig::client`]); failures are typed ([`Error`]) and never
//! contain a credential.
//!
//! ```no_run
//! use billing_core::{connect, vendors, Ledger, PaymentQuery, ProviderConfig};
//!
//! # async fn example() -> Result<(), billing_core::Error> {
//! let mifumo = connect(vendors::mifumo::ID, ProviderConfig::new(std::env::var("MIFUMO_TOKEN").unwrap()))?;
//! let ledger = Ledger::new(vec![mifumo]).payments(&PaymentQuery::default()).await;
//! for p in &ledger.payments {
//!     println!("{} {} {} {:?}", p.created_at, p.vendor, p.amount.amount_text(), p.amount.currency);
//! }
//! # Ok(()) }
//! ```

mod adapter_support;
pub mod config;
pub mod entry;
pub mod error;
pub mod ledger;
pub mod model;
pub mod money;
pub mod provider;
pub mod query;
pub mod raw;
pub mod records;
pub mod transport;
pub mod vendor;
pub mod vendors;

pub use client_runtime;
pub use config::ProviderConfig;
pub use entry::{VendorEntry, VendorOption};
pub use error::{Error, Operation};
pub use ledger::{Ledger, LedgerReport, VendorReport};
pub use model::{Balance, Payment, PaymentKind, PaymentStatus, Subscription};
pub use money::{Currency, Money};
pub use provider::{BillingProvider, PaymentStream};
pub use query::PaymentQuery;
pub use raw::{RawRecord, VendorRecord};
pub use vendor::VendorId;
pub use vendors::{REGISTRY, UnknownVendor, connect};
