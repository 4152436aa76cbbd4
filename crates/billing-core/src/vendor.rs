//! Vendor identities. The vendors themselves, and what is known of each, are
//! in the registry (`vendors`).

use std::fmt;

/// A vendor of the ledger: its id as used in `specs/`, configuration and
/// output (`profile-payments`). Each adapter defines its own (`vendors::cekura::ID`);
/// parse one from text with `str::parse`, which knows every registered vendor.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct VendorId(&'static str);

impl VendorId {
    /// The id of an adapter's vendor (only adapters make new ones).
    pub(crate) const fn new(id: &'static str) -> Self {
        Self(id)
    }

    /// The id as text.
    pub fn as_str(self) -> &'static str {
        self.0
    }
}

impl fmt::Display for VendorId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0)
    }
}
