//! Which vendors are configured, from the environment and an optional TOML file.

use std::collections::BTreeMap;
use std::path::Path;

use billing_core::{ProviderConfig, VendorId};
use serde::Deserialize;

use crate::error::CliError;

/// One vendor's settings, before validation.
#[derive(Debug, Default, Clone)]
pub struct VendorSettings {
    /// API key or token.
    pub api_key: Option<String>,
    /// Base URL replacing the spec's server.
    pub base_url: Option<String>,
    /// Options only this vendor takes (its registry entry's `options`).
    pub options: BTreeMap<String, String>,
    /// Longest one request may take, retries and reading included (`--timeout`).
    pub deadline: Option<std::time::Duration>,
}

/// The TOML file's shape: `[vendors.<id>]` tables of settings.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    #[serde(default)]
    vendors: BTreeMap<String, toml::Table>,
}

/// `BILLING_<VENDOR>_<NAME>`: vendor id upper-cased, `-` as `_`.
pub fn env_name(vendor: VendorId, name: &str) -> String {
    format!(
        "BILLING_{}_{}",
        vendor.as_str().to_ascii_uppercase().replace('-', "_"),
        name.to_ascii_uppercase()
    )
}

/// The file's table for `vendor` as settings: `api_key`, `base_url`, and the
/// vendor's own options; any other key is an error naming the known ones.
fn from_table(vendor: VendorId, table: toml::Table) -> Result<VendorSettings, CliError> {
    let mut s = VendorSettings::default();
    let options = vendor.entry().options;
    for (key, value) in table {
        let text = match value {
            toml::Value::String(t) => t,
            toml::Value::Integer(i) => i.to_string(),
            other => {
                return Err(CliError::Config(format!(
                    "config file: vendors.{vendor}.{key} must be a string or a number, not {}",
                    other.type_str()
                )));
            }
        };
        match key.as_str() {
            "api_key" => s.api_key = Some(text),
            "base_url" => s.base_url = Some(text),
            k if options.iter().any(|o| o.name == k) => {
                s.options.insert(key, text);
            }
            _ => {
                let mut known = vec!["api_key", "base_url"];
                known.extend(options.iter().map(|o| o.name));
                return Err(CliError::Config(format!(
                    "config file: unknown key `{key}` for vendor {vendor} (known: {})",
                    known.join(", ")
                )));
            }
        }
    }
    Ok(s)
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
    for vendor in VendorId::all() {
        let mut s = match from_file.vendors.remove(vendor.as_str()) {
            Some(table) => from_table(vendor, table)?,
            None => VendorSettings::default(),
        };
        let var = |name: &str| env(&env_name(vendor, name)).filter(|v| !v.is_empty());
        if let Some(key) = var("API_KEY") {
            s.api_key = Some(key);
        }
        if let Some(url) = var("BASE_URL") {
            s.base_url = Some(url);
        }
        for option in vendor.entry().options {
            if let Some(value) = var(option.name) {
                s.options.insert(option.name.to_owned(), value);
            }
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
        c.options = self.options.clone();
        if let Some(d) = self.deadline {
            let attempt = c.client.attempt_timeout.min(d);
            c.client = c.client.deadline(d).attempt_timeout(attempt);
        }
        Some(c)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use billing_core::vendors::{cekura, mifumo, profile_payments};

    #[test]
    fn env_names_upper_case_the_id_with_underscores() {
        assert_eq!(
            env_name(profile_payments::ID, "API_KEY"),
            "BILLING_PROFILE_PAYMENTS_API_KEY"
        );
        assert_eq!(env_name(cekura::ID, "BASE_URL"), "BILLING_CEKURA_BASE_URL");
    }

    #[test]
    fn the_environment_overrides_the_file() {
        let dir = std::env::temp_dir().join(format!("billing-cli-config-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("c.toml");
        std::fs::write(&path, "[vendors.cekura]\napi_key = \"from-file\"\nbase_url = \"https://a\"\norganization_id = 3\n").unwrap();
        let env = |name: &str| (name == "BILLING_CEKURA_BASE_URL").then(|| "https://b".to_owned());
        let s = load(Some(&path), &env).unwrap();
        let c = &s[&cekura::ID];
        assert_eq!(
            (
                c.api_key.as_deref(),
                c.base_url.as_deref(),
                c.options.get("organization_id").map(String::as_str)
            ),
            (Some("from-file"), Some("https://b"), Some("3"))
        );
        assert!(s[&mifumo::ID].api_key.is_none());
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
        let e = load(Some(&path), &|_| None).unwrap_err().to_string();
        assert!(
            e.contains(
                "unknown key `apikey` for vendor cekura (known: api_key, base_url, organization_id)"
            ),
            "{e}"
        );
        std::fs::write(&path, "[vendors.mifumo]\norganization_id = 3\n").unwrap();
        let e = load(Some(&path), &|_| None).unwrap_err().to_string();
        assert!(
            e.contains("(known: api_key, base_url)"),
            "a vendor's option belongs to that vendor: {e}"
        );
    }
}
