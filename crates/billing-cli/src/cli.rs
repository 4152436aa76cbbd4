//! Command-line arguments.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

const CONFIG_HELP: &str = "\
CONFIGURATION
  Per vendor (ids: autoposting, cekura, mifumo, profile-payments), from the environment:
    BILLING_<VENDOR>_API_KEY    the API key or token (e.g. BILLING_CEKURA_API_KEY,
                                BILLING_PROFILE_PAYMENTS_API_KEY)
    BILLING_<VENDOR>_BASE_URL   replaces the spec's server URL; the spec's paths are
                                appended. https only; plain http only for loopback
                                hosts (127.0.0.1, ::1, localhost)
    BILLING_CEKURA_ORGANIZATION_ID
                                Cekura's organisation, if the key is not
                                organisation-scoped
  or from a TOML file given with --config (the environment wins):
    [vendors.cekura]
    api_key = \"...\"             # keep this file private
    base_url = \"https://api.cekura.ai\"
    organization_id = 37
  Keys are never taken as arguments and never printed. A vendor without a key is
  skipped with a notice. The unnamed vendor's spec has no real host: set
  BILLING_PROFILE_PAYMENTS_BASE_URL.

EXIT STATUS
  0  every selected vendor answered
  1  some vendor failed: what the others returned is printed, failures on stderr
  2  bad arguments or configuration

TRY IT
  billing payments --sandbox     runs against a local mock of every vendor, no keys needed";

/// Every vendor's payments in one ledger.
#[derive(Parser, Debug)]
#[command(name = "billing", version, about, after_long_help = CONFIG_HELP)]
pub struct Cli {
    /// A TOML configuration file (see --help).
    #[arg(long, global = true, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Run against the built-in sandbox (a local mock of every vendor) instead of the real APIs.
    #[arg(long, global = true)]
    pub sandbox: bool,
    /// Give up on a request after this many seconds, retries and reading the answer
    /// included (default 60; a walk's pages get this each).
    #[arg(long, global = true, value_name = "SECONDS", value_parser = clap::value_parser!(u64).range(1..))]
    pub timeout: Option<u64>,
    #[command(subcommand)]
    pub command: Command,
}

/// What to do.
#[derive(Subcommand, Debug)]
pub enum Command {
    /// The unified ledger of payments, newest first.
    Payments {
        /// Only these vendors (repeatable; default: every configured vendor).
        #[arg(long = "vendor", value_name = "V")]
        vendors: Vec<String>,
        /// Only payments created on or after this day (UTC).
        #[arg(long, value_name = "YYYY-MM-DD")]
        since: Option<String>,
        /// Only payments created on or before this day (UTC).
        #[arg(long, value_name = "YYYY-MM-DD")]
        until: Option<String>,
        /// Output format (default: table on a terminal, json otherwise).
        #[arg(long, value_enum)]
        format: Option<Format>,
    },
    /// Credits and subscription status, where the vendor has them.
    Balance {
        /// Only these vendors (repeatable).
        #[arg(long = "vendor", value_name = "V")]
        vendors: Vec<String>,
    },
    /// Which vendors exist, which are configured, and where their base URL points.
    Vendors,
}

/// Output formats of `payments`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Aligned columns, then totals per vendor and currency.
    Table,
    /// JSON Lines: one object per payment.
    Json,
    /// CSV with a header row (RFC 4180).
    Csv,
}
