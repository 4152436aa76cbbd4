//! The one trait every vendor adapter implements.

use futures::future::BoxFuture;
use futures::stream::BoxStream;

use crate::error::Error;
use crate::model::{Balance, Payment};
use crate::query::PaymentQuery;
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
