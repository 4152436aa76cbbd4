//! The vendor's own record behind each payment.
//!
//! A page's records stay where they were decoded: the payments of one page
//! share them behind one `Arc` (one allocation a page, no copy a record), so
//! a page's records live as long as any payment made from them.

use std::any::Any;
use std::fmt;
use std::sync::Arc;

use serde_json::value::RawValue;

/// The vendor's own record, as its generated client decoded it: typed, and
/// serialisable back to exact JSON (amounts keep their digits).
pub trait VendorRecord: fmt::Debug + Send + Sync + 'static {
    /// The record as JSON, exactly as the generated type serialises it.
    fn to_json(&self) -> Box<RawValue>;
    /// The record as `Any`, to downcast to the generated type
    /// (e.g. `cekura_client::types::PaymentHistory`).
    fn as_any(&self) -> &dyn Any;
}

impl<T: serde::Serialize + fmt::Debug + Send + Sync + 'static> VendorRecord for T {
    fn to_json(&self) -> Box<RawValue> {
        serde_json::value::to_raw_value(self).expect("generated types serialise")
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// A page of records of one type, behind one pointer.
trait Records: Send + Sync {
    fn get(&self, index: usize) -> &dyn VendorRecord;
}

impl<T: VendorRecord> Records for Vec<T> {
    fn get(&self, index: usize) -> &dyn VendorRecord {
        &self[index]
    }
}

/// One vendor record, shared with the other records of its page. Cloning it
/// is one reference count.
#[derive(Clone)]
pub struct RawRecord {
    page: Arc<dyn Records>,
    index: usize,
}

impl RawRecord {
    /// A record on its own (a page of one).
    pub fn new<T: VendorRecord>(record: T) -> Self {
        Self {
            page: Arc::new(vec![record]),
            index: 0,
        }
    }

    /// The record.
    pub fn get(&self) -> &dyn VendorRecord {
        self.page.get(self.index)
    }

    /// The record as JSON, exactly as the generated type serialises it.
    pub fn to_json(&self) -> Box<RawValue> {
        self.get().to_json()
    }

    /// The record as the generated type `T`, if it is one.
    pub fn downcast_ref<T: 'static>(&self) -> Option<&T> {
        self.get().as_any().downcast_ref()
    }
}

impl fmt::Debug for RawRecord {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.get().fmt(f)
    }
}

/// A decoded page whose records are about to become payments.
pub struct Page<T>(Arc<Vec<T>>);

impl<T: VendorRecord> Page<T> {
    /// Share `records` among the payments to be made from them.
    pub fn new(records: Vec<T>) -> Self {
        Self(Arc::new(records))
    }

    /// Each record in order, with the handle a payment keeps of it.
    pub fn records(&self) -> impl Iterator<Item = (&T, RawRecord)> + '_ {
        let shared: Arc<dyn Records> = self.0.clone();
        self.0.iter().enumerate().map(move |(index, record)| {
            (
                record,
                RawRecord {
                    page: shared.clone(),
                    index,
                },
            )
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(serde::Serialize, Debug, PartialEq)]
    struct Rec {
        id: u32,
    }

    #[test]
    fn each_handle_reaches_its_own_record_and_they_share_one_page() {
        let page = Page::new(vec![Rec { id: 1 }, Rec { id: 2 }, Rec { id: 3 }]);
        let handles: Vec<(u32, RawRecord)> = page.records().map(|(r, raw)| (r.id, raw)).collect();
        drop(page);
        for (id, raw) in &handles {
            assert_eq!(raw.downcast_ref::<Rec>(), Some(&Rec { id: *id }));
            assert_eq!(raw.to_json().get(), format!("{{\"id\":{id}}}"));
            assert_eq!(format!("{raw:?}"), format!("Rec {{ id: {id} }}"));
        }
        assert_eq!(Arc::strong_count(&handles[0].1.page), 3);
        assert!(handles[0].1.downcast_ref::<String>().is_none());
    }

    #[test]
    fn a_record_on_its_own_is_a_page_of_one() {
        let raw = RawRecord::new(Rec { id: 7 });
        assert_eq!(raw.downcast_ref::<Rec>().map(|r| r.id), Some(7));
    }
}
