//! The vendor registry, and one adapter per vendor.
//!
//! Every adapter has the same shape: a struct holding the generated client,
//! `new(ProviderConfig)`, an `impl BillingProvider`, a public `normalize` from
//! the vendor's record to a [`Payment`](crate::Payment), its `ID`, and its
//! registry `ENTRY`. Adding a vendor to the ledger is one adapter file here
//! and its name in the `registry!` list below (plus the generated crate as a
//! dependency in `Cargo.toml`); the CLI's vendor list, its configuration and
//! the sandbox's documents all come from [`REGISTRY`].

use std::str::FromStr;
use std::sync::Arc;

use crate::config::ProviderConfig;
use crate::entry::VendorEntry;
use crate::error::Error;
use crate::provider::BillingProvider;
use crate::vendor::VendorId;

/// Declares the adapter modules and lists their entries, in id order.
macro_rules! registry {
    ($($adapter:ident),* $(,)?) => {
        $(pub mod $adapter;)*

        /// Every vendor of the ledger, in id order.
        pub static REGISTRY: &[VendorEntry] = &[$($adapter::ENTRY),*];
    };
}

registry!(autoposting, cekura, mifumo, profile_payments);

impl VendorId {
    /// The vendor's registry entry.
    pub fn entry(self) -> &'static VendorEntry {
        REGISTRY
            .iter()
            .find(|e| e.id == self)
            .expect("every VendorId comes from a registry entry")
    }

    /// Every registered vendor, in id order.
    pub fn all() -> impl Iterator<Item = VendorId> {
        REGISTRY.iter().map(|e| e.id)
    }

    /// The server URL the vendor's spec declares.
    pub fn default_base_url(self) -> &'static str {
        self.entry().default_base_url
    }
}

/// A vendor id that names no registered vendor.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("unknown vendor `{0}` (known: {known})", known = REGISTRY.iter().map(|e| e.id.as_str()).collect::<Vec<_>>().join(", "))]
pub struct UnknownVendor(pub String);

impl FromStr for VendorId {
    type Err = UnknownVendor;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        REGISTRY
            .iter()
            .find(|e| e.id.as_str() == s)
            .map(|e| e.id)
            .ok_or_else(|| UnknownVendor(s.to_owned()))
    }
}

/// Every vendor's `(id, normalised OpenAPI document)`, in id order: what
/// `billing_sandbox::Sandbox::start` serves.
pub fn documents() -> impl Iterator<Item = (&'static str, &'static str)> {
    REGISTRY.iter().map(|e| (e.id.as_str(), e.openapi_document))
}

/// The adapter for `vendor`. An option the vendor does not declare is a
/// configuration error naming the ones it does.
pub fn connect(
    vendor: VendorId,
    config: ProviderConfig,
) -> Result<Arc<dyn BillingProvider>, Error> {
    let entry = vendor.entry();
    if let Some(unknown) = config
        .options
        .keys()
        .find(|k| !entry.options.iter().any(|o| o.name == k.as_str()))
    {
        let known: Vec<_> = entry.options.iter().map(|o| o.name).collect();
        return Err(Error::Config {
            vendor,
            detail: format!(
                "`{unknown}` is not an option of {vendor} (its options: {})",
                if known.is_empty() {
                    "none".to_owned()
                } else {
                    known.join(", ")
                }
            ),
        });
    }
    (entry.connect)(config)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_registry_is_in_id_order_and_ids_parse_back() {
        let ids: Vec<_> = VendorId::all().map(VendorId::as_str).collect();
        let mut sorted = ids.clone();
        sorted.sort_unstable();
        assert_eq!(ids, sorted);
        for id in VendorId::all() {
            assert_eq!(id.as_str().parse::<VendorId>(), Ok(id));
            assert_eq!(id.entry().client_crate, format!("{id}-client"));
        }
        let e = "stripe".parse::<VendorId>().unwrap_err().to_string();
        assert_eq!(
            e,
            "unknown vendor `stripe` (known: autoposting, cekura, mifumo, profile-payments)"
        );
    }

    #[test]
    fn an_option_the_vendor_does_not_declare_is_refused() {
        let config = ProviderConfig::new("k").with_option("organisation", "3");
        let e = connect(mifumo::ID, config).err().unwrap().to_string();
        assert!(
            e.contains("`organisation` is not an option of mifumo (its options: none)"),
            "{e}"
        );
        let config = ProviderConfig::new("k").with_option("organisation", "3");
        let e = connect(cekura::ID, config).err().unwrap().to_string();
        assert!(e.contains("its options: organization_id"), "{e}");
    }
}
