//! What every adapter shares: matching a vendor's vocabulary, and the error
//! that stands in for one malformed record.

use crate::error::{Error, Operation};

/// The model value `table` gives for a vendor's `value`, matched ignoring
/// ASCII case (vendors are not consistent about it); `None` when the table
/// does not name it. No allocation: this runs once per record.
pub(crate) fn named<T: Clone>(value: &str, table: &[(&str, T)]) -> Option<T> {
    table
        .iter()
        .find(|(name, _)| name.eq_ignore_ascii_case(value))
        .map(|(_, v)| v.clone())
}

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

#[cfg(test)]
mod tests {
    use super::named;

    #[test]
    fn names_match_ignoring_ascii_case_only() {
        let table = [("paid", 1), ("void", 2)];
        assert_eq!(named("paid", &table), Some(1));
        assert_eq!(named("PAID", &table), Some(1));
        assert_eq!(named("Void", &table), Some(2));
        assert_eq!(named("paid ", &table), None);
        assert_eq!(named("pai", &table), None);
        assert_eq!(named("", &table), None);
    }
}
