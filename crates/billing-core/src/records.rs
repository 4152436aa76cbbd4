//! From a generated client's item stream to payments: each record
//! normalised, the query's date range applied, and a record the walk gives
//! twice yielded once, or reported when its copies differ.

use std::collections::HashMap;
use std::collections::hash_map::{DefaultHasher, Entry};
use std::hash::{Hash, Hasher};

use futures::stream::{BoxStream, Stream, StreamExt};

use crate::error::{Error, Operation};
use crate::model::Payment;
use crate::query::PaymentQuery;
use crate::raw::{Page, RawRecord, VendorRecord};

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

/// Payments from `records` (a generated `items()` stream, its errors already
/// typed): each record normalised, those outside `query`'s date range left
/// out, a malformed record as its error and the walk going on, nothing after
/// an error that ends the walk.
///
/// A record whose id came earlier in the walk with the same content is left
/// out: page-number paging repeats a record when the vendor's list grows at
/// its head while it is walked, and a ledger must not count it twice. With
/// different content it is an [`Error::Conflict`]: both copies cannot be
/// right, and neither is dropped silently (the first was already yielded).
pub fn payments<'a, R, S>(
    op: Operation,
    records: S,
    query: &PaymentQuery,
    normalize: Normalize<R>,
) -> BoxStream<'a, Result<Payment, Error>>
where
    R: VendorRecord,
    S: Stream<Item = Result<R, Error>> + Send + 'a,
{
    let query = query.clone();
    let mut seen: HashMap<String, u64> = HashMap::new();
    records
        .filter_map(move |record| {
            let out = match record {
                Err(e) => Some(Err(e)),
                Ok(record) => {
                    let digest = digest(&record);
                    let payment = normalize_page(vec![record], normalize).pop();
                    match payment.expect("one record, one result") {
                        Err(e) => Some(Err(e)),
                        Ok(p) => match seen.entry(p.id.clone()) {
                            Entry::Vacant(v) => {
                                v.insert(digest);
                                query.contains(p.created_at).then_some(Ok(p))
                            }
                            Entry::Occupied(o) if *o.get() == digest => None,
                            Entry::Occupied(_) => Some(Err(Error::Conflict { op, id: p.id })),
                        },
                    }
                }
            };
            futures::future::ready(out)
        })
        .boxed()
}

/// A fingerprint of a record's content (as the generated type serialises it).
fn digest<R: VendorRecord>(record: &R) -> u64 {
    let mut hasher = DefaultHasher::new();
    record.to_json().get().hash(&mut hasher);
    hasher.finish()
}
