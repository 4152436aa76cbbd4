//! Walking pages: concurrently where the page count is known, always yielding
//! in page order, and ending after the first failed page.

use std::collections::HashSet;
use std::future::Future;

use futures::stream::{self, BoxStream, StreamExt};

use crate::error::Error;
use crate::model::Payment;
use crate::query::PaymentQuery;
use crate::raw::{Page, RawRecord, VendorRecord};

/// Most pages one walk follows, so a vendor that links pages in a circle
/// cannot keep a walk going for ever.
pub const MAX_PAGES: u64 = 100_000;

/// Fetch pages `first..=last` with at most `limit` requests in flight,
/// yielding them in page order.
pub fn ordered<'a, P, F, Fut>(
    first: u64,
    last: u64,
    limit: usize,
    fetch: F,
) -> BoxStream<'a, Result<P, Error>>
where
    P: Send + 'a,
    F: FnMut(u64) -> Fut + Send + 'a,
    Fut: Future<Output = Result<P, Error>> + Send + 'a,
{
    stream::iter(first..=last.min(first.saturating_add(MAX_PAGES)))
        .map(fetch)
        .buffered(limit.max(1))
        .boxed()
}

/// Pass items through up to and including the first `Err`, then end.
pub fn until_error<'a, T: Send + 'a>(
    s: BoxStream<'a, Result<T, Error>>,
) -> BoxStream<'a, Result<T, Error>> {
    s.scan(false, |failed, item| {
        let out = if *failed {
            None
        } else {
            *failed = item.is_err();
            Some(item)
        };
        futures::future::ready(out)
    })
    .boxed()
}

/// Turn a stream of pages into a stream of records: each page's records in
/// order, a failed page as one `Err`, nothing after it.
pub fn records<'a, P, R, F>(
    pages: BoxStream<'a, Result<P, Error>>,
    mut split: F,
) -> BoxStream<'a, Result<R, Error>>
where
    P: Send + 'a,
    R: Send + 'a,
    F: FnMut(P) -> Vec<Result<R, Error>> + Send + 'a,
{
    until_error(pages)
        .flat_map(move |page| match page {
            Ok(p) => stream::iter(split(p)),
            Err(e) => stream::iter(vec![Err(e)]),
        })
        .boxed()
}

/// How an adapter turns one of its records into a payment: the record, and
/// the handle of it the payment keeps.
pub type Normalize<R> = fn(&R, RawRecord) -> Result<Payment, Error>;

/// A page's records as payments, in order; the payments share the page.
pub fn normalize_page<R: VendorRecord>(
    records: Vec<R>,
    normalize: Normalize<R>,
) -> Vec<Result<Payment, Error>> {
    let page = Page::new(records);
    page.records()
        .map(|(record, raw)| normalize(record, raw))
        .collect()
}

/// Pages of vendor records as payments: each record normalised, those outside
/// `query`'s date range left out (a malformed record stays, as its error).
///
/// A payment whose id an earlier page of the walk already gave is left out:
/// page-number paging repeats a record when the vendor's list grows at its
/// head while it is walked (the last record of page n becomes the first of
/// page n + 1), and a ledger must not count it twice. The first copy is the
/// one kept. Repeats within one page are the vendor's own and are kept.
pub fn payments<'a, P, R, F>(
    pages: BoxStream<'a, Result<P, Error>>,
    query: &PaymentQuery,
    mut records: F,
    normalize: Normalize<R>,
) -> BoxStream<'a, Result<Payment, Error>>
where
    P: Send + 'a,
    R: VendorRecord,
    F: FnMut(P) -> Vec<R> + Send + 'a,
{
    let query = query.clone();
    let mut earlier_ids: HashSet<String> = HashSet::new();
    self::records(pages, move |page| {
        let mut payments = normalize_page(records(page), normalize);
        payments.retain(|p| match p {
            Ok(p) => query.contains(p.created_at) && !earlier_ids.contains(&p.id),
            Err(_) => true,
        });
        earlier_ids.extend(payments.iter().flatten().map(|p| p.id.clone()));
        payments
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Operation;
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::time::Duration;

    #[tokio::test]
    async fn ordered_pages_come_in_order_with_bounded_concurrency() {
        let in_flight = Arc::new(AtomicUsize::new(0));
        let peak = Arc::new(AtomicUsize::new(0));
        let (f, p) = (in_flight.clone(), peak.clone());
        let pages: Vec<u64> = ordered(2, 21, 4, move |n| {
            let (f, p) = (f.clone(), p.clone());
            async move {
                let now = f.fetch_add(1, Ordering::SeqCst) + 1;
                p.fetch_max(now, Ordering::SeqCst);
                // Later pages answer sooner, to show order does not follow completion.
                tokio::time::sleep(Duration::from_millis(30 - n)).await;
                f.fetch_sub(1, Ordering::SeqCst);
                Ok(n)
            }
        })
        .map(|r| r.unwrap())
        .collect()
        .await;
        assert_eq!(pages, (2..=21).collect::<Vec<_>>());
        assert_eq!(peak.load(Ordering::SeqCst), 4);
    }

    #[tokio::test]
    async fn records_end_after_a_failed_page() {
        let op = Operation {
            vendor: crate::vendors::mifumo::ID,
            name: "x",
        };
        let pages = stream::iter(vec![
            Ok(vec![1, 2]),
            Err(Error::Vendor {
                op,
                status: 500,
                body: String::new(),
            }),
            Ok(vec![3]),
        ])
        .boxed();
        let out: Vec<_> = records(pages, |p: Vec<i32>| p.into_iter().map(Ok).collect())
            .collect()
            .await;
        assert_eq!(out.len(), 3);
        assert!(matches!(out[0], Ok(1)) && matches!(out[1], Ok(2)) && out[2].is_err());
    }
}
