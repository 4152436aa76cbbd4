//! What to fetch: an optional date range and a page size.

use chrono::{DateTime, Utc};

/// A payments query. Dates are applied locally where a vendor cannot filter.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PaymentQuery {
    /// Only payments created at or after this instant.
    pub since: Option<DateTime<Utc>>,
    /// Only payments created before this instant.
    pub until: Option<DateTime<Utc>>,
    /// Records per page to ask for, where the vendor takes a page size.
    pub page_size: Option<u32>,
}

impl PaymentQuery {
    /// Whether `created_at` falls in the range.
    pub fn contains(&self, created_at: DateTime<Utc>) -> bool {
        self.since.is_none_or(|s| created_at >= s) && self.until.is_none_or(|u| created_at < u)
    }
}
