//! The ledger: several vendors' payments fetched concurrently and merged by
//! date. One vendor failing never loses the others' results: its error is
//! reported beside them.

use std::sync::Arc;

use futures::StreamExt;
use futures::future::join_all;

use crate::error::Error;
use crate::model::{Balance, Payment};
use crate::provider::BillingProvider;
use crate::query::PaymentQuery;
use crate::vendor::VendorId;

/// How one vendor's part of a ledger went.
#[derive(Debug)]
pub struct VendorReport {
    /// The vendor.
    pub vendor: VendorId,
    /// Payments it contributed.
    pub payments: usize,
    /// What went wrong: malformed records, or the request that ended its walk.
    pub errors: Vec<Error>,
}

impl VendorReport {
    /// Whether everything the vendor has was read.
    pub fn is_complete(&self) -> bool {
        self.errors.is_empty()
    }
}

/// A merged ledger.
#[derive(Debug)]
pub struct LedgerReport {
    /// Every payment read, newest first (ties by vendor, then id).
    pub payments: Vec<Payment>,
    /// One report per vendor, in the order the providers were given.
    pub vendors: Vec<VendorReport>,
}

impl LedgerReport {
    /// Whether every vendor's payments were read in full.
    pub fn is_complete(&self) -> bool {
        self.vendors.iter().all(VendorReport::is_complete)
    }
}

/// Several providers behind one call.
#[derive(Clone)]
pub struct Ledger {
    providers: Vec<Arc<dyn BillingProvider>>,
}

impl Ledger {
    /// A ledger over `providers`.
    pub fn new(providers: Vec<Arc<dyn BillingProvider>>) -> Self {
        Self { providers }
    }

    /// Every provider's payments, fetched concurrently; `on_payment` is told
    /// of each payment as it arrives (for progress).
    pub async fn payments_with_progress(
        &self,
        query: &PaymentQuery,
        on_payment: &(dyn Fn(VendorId) + Sync),
    ) -> LedgerReport {
        let walks = self.providers.iter().map(|provider| async move {
            let mut payments = Vec::new();
            let mut errors = Vec::new();
            let mut stream = provider.payments(query);
            while let Some(item) = stream.next().await {
                match item {
                    Ok(p) => {
                        on_payment(p.vendor);
                        payments.push(p);
                    }
                    Err(e) => errors.push(e),
                }
            }
            (
                VendorReport {
                    vendor: provider.vendor(),
                    payments: payments.len(),
                    errors,
                },
                payments,
            )
        });
        let mut vendors = Vec::new();
        let mut payments = Vec::new();
        for (report, mut list) in join_all(walks).await {
            vendors.push(report);
            payments.append(&mut list);
        }
        payments.sort_by(|a, b| {
            b.created_at
                .cmp(&a.created_at)
                .then(a.vendor.cmp(&b.vendor))
                .then_with(|| a.id.cmp(&b.id))
        });
        LedgerReport { payments, vendors }
    }

    /// Every provider's payments, fetched concurrently.
    pub async fn payments(&self, query: &PaymentQuery) -> LedgerReport {
        self.payments_with_progress(query, &|_| {}).await
    }

    /// Every provider's balance, fetched concurrently ([`Error::Unsupported`]
    /// for vendors without one).
    pub async fn balances(&self) -> Vec<(VendorId, Result<Balance, Error>)> {
        join_all(
            self.providers
                .iter()
                .map(|p| async move { (p.vendor(), p.balance().await) }),
        )
        .await
    }
}
