//! A vendor's registry entry: what the ledger knows of one vendor besides its
//! adapter's code. Each adapter defines its `ENTRY`; `vendors::REGISTRY` lists them.

use std::sync::Arc;

use crate::config::ProviderConfig;
use crate::error::Error;
use crate::provider::BillingProvider;
use crate::vendor::VendorId;

/// What the ledger knows of one vendor.
#[derive(Debug)]
pub struct VendorEntry {
    /// The vendor's id.
    pub id: VendorId,
    /// The vendor's name, for people.
    pub name: &'static str,
    /// The generated crate its adapter uses.
    pub client_crate: &'static str,
    /// The server URL the vendor's spec declares (the crate's `DEFAULT_BASE_URL`).
    pub default_base_url: &'static str,
    /// The normalised OpenAPI document the crate was generated from (the
    /// crate's `OPENAPI_DOCUMENT`), for the sandbox.
    pub openapi_document: &'static str,
    /// Settings only this vendor takes (`ProviderConfig::options`).
    pub options: &'static [VendorOption],
    /// Makes the adapter.
    pub(crate) connect: fn(ProviderConfig) -> Result<Arc<dyn BillingProvider>, Error>,
}

/// A setting only one vendor takes.
#[derive(Debug)]
pub struct VendorOption {
    /// Its name in `ProviderConfig::options` and configuration files.
    pub name: &'static str,
    /// What it does and what values it takes.
    pub help: &'static str,
}
