//! Which vendors are configured, from the environment and an optional TOML file.

use std::collections::BTreeMap;
use std::path::Path;

use billing_core::{ProviderConfig, VendorId};
use serde::Deserialize;

use crate::error::CliError;

/// One vendor's settings, before validation.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VendorSettings {
    /// API key or token.
    pub api_key: Option<String>,
    /// Base URL replacing the spec's server.
    pub base_url: Option<String>,
    /// Cekura's organisation id.
    pub organization_id: Option<i64>,
}

/// The TOML file's shape.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    #[serde(default)]
    vendors: BTreeMap<String, VendorSettings>,
}

/// `BILLING_<VENDOR>_<NAME>`: vendor id upper-cased, `-` as `_`.
pub fn env_name(vendor: VendorId, name: &str) -> String {
    format!(
        "BILLING_{}_{name}",
        vendor.as_str().to_ascii_uppercase().replace('-', "_")
    )
}

/// Settings for every vendor: the file's, overridden by the environment (`env`).
pub fn load(
    file: Option<&Path>,
    env: &dyn Fn(&str) -> Option<String>,
) -> Result<BTreeMap<VendorId, VendorSettings>, CliError> {
    let mut from_file = match file {
        None => File::default(),
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .map_err(|e| CliError::Config(format!("cannot read {}: {e}", path.display())))?;
            toml::from_str(&text)
                .map_err(|e| CliError::Config(format!("{}: {}", path.display(), e.message())))?
        }
    };
    for name in from_file.vendors.keys() {
        name.parse::<VendorId>()
            .map_err(|e| CliError::Config(format!("config file: {e}")))?;
    }
    let mut out = BTreeMap::new();
    for vendor in VendorId::ALL {
        let mut s = from_file
            .vendors
            .remove(vendor.as_str())
            .unwrap_or_default();
        let var = |name: &str| env(&env_name(vendor, name)).filter(|v| !v.is_empty());
        if let Some(key) = var("API_KEY") {
            s.api_key = Some(key);
        }
        if let Some(url) = var("BASE_URL") {
            s.base_url = Some(url);
        }
        if let Some(org) = var("ORGANIZATION_ID") {
            let id = org.parse().map_err(|_| {
                CliError::Config(format!(
                    "{} must be a number",
                    env_name(vendor, "ORGANIZATION_ID")
                ))
            })?;
            s.organization_id = Some(id);
        }
        out.insert(vendor, s);
    }
    Ok(out)
}

impl VendorSettings {
    /// The provider config, if a key is set.
    pub fn provider_config(&self) -> Option<ProviderConfig> {
        let mut c = ProviderConfig::new(self.api_key.clone()?);
        c.base_url = self.base_url.clone();
        c.organization_id = self.organization_id;
        Some(c)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn env_names_upper_case_the_id_with_underscores() {
        assert_eq!(
            env_name(VendorId::ProfilePayments, "API_KEY"),
            "BILLING_PROFILE_PAYMENTS_API_KEY"
        );
        assert_eq!(
            env_name(VendorId::Cekura, "BASE_URL"),
            "BILLING_CEKURA_BASE_URL"
        );
    }

    #[test]
    fn the_environment_overrides_the_file() {
        let dir = std::env::temp_dir().join(format!("billing-cli-config-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("c.toml");
        std::fs::write(&path, "[vendors.cekura]\napi_key = \"from-file\"\nbase_url = \"https://a\"\norganization_id = 3\n").unwrap();
        let env = |name: &str| (name == "BILLING_CEKURA_BASE_URL").then(|| "https://b".to_owned());
        let s = load(Some(&path), &env).unwrap();
        let c = &s[&VendorId::Cekura];
        assert_eq!(
            (
                c.api_key.as_deref(),
                c.base_url.as_deref(),
                c.organization_id
            ),
            (Some("from-file"), Some("https://b"), Some(3))
        );
        assert!(s[&VendorId::Mifumo].api_key.is_none());
    }

    #[test]
    fn unknown_vendors_and_keys_in_the_file_are_errors() {
        let dir =
            std::env::temp_dir().join(format!("billing-cli-config-bad-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("c.toml");
        std::fs::write(&path, "[vendors.stripe]\napi_key = \"x\"\n").unwrap();
        assert!(
            load(Some(&path), &|_| None)
                .unwrap_err()
                .to_string()
                .contains("unknown vendor `stripe`")
        );
        std::fs::write(&path, "[vendors.cekura]\napikey = \"x\"\n").unwrap();
        assert!(load(Some(&path), &|_| None).is_err());
    }
}
