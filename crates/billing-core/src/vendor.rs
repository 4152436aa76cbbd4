//! Vendor identities.

use std::fmt;
use std::str::FromStr;

/// A vendor this crate has an adapter for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum VendorId {
    /// Cekura (`cekura-client`).
    Cekura,
    /// Autoposting (`autoposting-client`).
    Autoposting,
    /// Mifumo SMS (`mifumo-client`).
    Mifumo,
    /// The unnamed vendor of `GET /api/v1/profile/payments` (`profile-payments-client`).
    ProfilePayments,
}

impl VendorId {
    /// Every vendor, in id order.
    pub const ALL: [VendorId; 4] = [
        VendorId::Autoposting,
        VendorId::Cekura,
        VendorId::Mifumo,
        VendorId::ProfilePayments,
    ];

    /// The id used in `specs/`, configuration and output (`profile-payments`).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Cekura => "cekura",
            Self::Autoposting => "autoposting",
            Self::Mifumo => "mifumo",
            Self::ProfilePayments => "profile-payments",
        }
    }
}

impl VendorId {
    /// The server URL the vendor's spec declares (its generated crate's `DEFAULT_BASE_URL`).
    pub fn default_base_url(self) -> &'static str {
        match self {
            Self::Cekura => cekura_client::DEFAULT_BASE_URL,
            Self::Autoposting => autoposting_client::DEFAULT_BASE_URL,
            Self::Mifumo => mifumo_client::DEFAULT_BASE_URL,
            Self::ProfilePayments => profile_payments_client::DEFAULT_BASE_URL,
        }
    }
}

impl fmt::Display for VendorId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A vendor id that names no vendor.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("unknown vendor `{0}` (known: autoposting, cekura, mifumo, profile-payments)")]
pub struct UnknownVendor(pub String);

impl FromStr for VendorId {
    type Err = UnknownVendor;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        VendorId::ALL
            .into_iter()
            .find(|v| v.as_str() == s)
            .ok_or_else(|| UnknownVendor(s.to_owned()))
    }
}
