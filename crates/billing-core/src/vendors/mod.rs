//! One adapter per vendor, all of the same shape: a struct holding the
//! generated client, `new(ProviderConfig)`, an `impl BillingProvider`, and a
//! public `normalize` from the vendor's record to a [`Payment`](crate::Payment).

pub mod autoposting;
pub mod cekura;
pub mod mifumo;
pub mod profile_payments;

use crate::error::{Error, Operation};

/// A malformed record: the error that stands in its place in the stream.
pub(crate) fn bad_record(op: Operation, id: Option<&str>, detail: impl std::fmt::Display) -> Error {
    let which = id
        .map(|id| format!("record {id}: "))
        .unwrap_or_else(|| "a record: ".to_owned());
    Error::Malformed {
        op,
        status: None,
        detail: format!("{which}{detail}"),
        body: String::new(),
    }
}
