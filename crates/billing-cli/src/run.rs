//! The commands: resolve vendors and configuration, run the ledger, print.

use std::collections::BTreeMap;
use std::io::{IsTerminal, Write};
use std::sync::Arc;

use billing_core::{BillingProvider, Ledger, PaymentQuery, VendorId, connect};
use chrono::{NaiveDate, TimeZone, Utc};
use indicatif::{ProgressBar, ProgressStyle};

use crate::cli::{Cli, Command, Format};
use crate::config::{self, VendorSettings};
use crate::error::CliError;
use crate::output;

/// How a command ended.
pub enum Outcome {
    /// Every selected vendor answered.
    Complete,
    /// Some vendor failed; the rest was printed.
    Partial,
}

/// Parse `--since`/`--until` days into an instant range (both days inclusive).
pub fn date_range(since: Option<&str>, until: Option<&str>) -> Result<PaymentQuery, CliError> {
    let day = |flag: &str, s: &str| {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|_| {
            CliError::Usage(format!("{flag} {s:?} is not a date of the form YYYY-MM-DD"))
        })
    };
    let since = since.map(|s| day("--since", s)).transpose()?;
    let until = until.map(|s| day("--until", s)).transpose()?;
    if let (Some(a), Some(b)) = (since, until)
        && a > b
    {
        return Err(CliError::Usage(format!("--since {a} is after --until {b}")));
    }
    let start = |d: NaiveDate| Utc.from_utc_datetime(&d.and_hms_opt(0, 0, 0).expect("midnight"));
    Ok(PaymentQuery {
        since: since.map(start),
        until: until.and_then(|d| d.succ_opt()).map(start),
        page_size: Some(100),
    })
}

/// The vendors named with `--vendor`, or all.
fn selected(names: &[String]) -> Result<Vec<VendorId>, CliError> {
    if names.is_empty() {
        return Ok(VendorId::all().collect());
    }
    let mut out = Vec::new();
    for n in names {
        let v: VendorId = n
            .parse()
            .map_err(|e: billing_core::UnknownVendor| CliError::Usage(e.to_string()))?;
        if !out.contains(&v) {
            out.push(v);
        }
    }
    Ok(out)
}

/// Providers for the selected, configured vendors; a notice for each skipped one.
fn providers(
    vendors: &[VendorId],
    settings: &BTreeMap<VendorId, VendorSettings>,
    err: &mut dyn Write,
) -> Result<Vec<Arc<dyn BillingProvider>>, CliError> {
    let mut out = Vec::new();
    for v in vendors {
        match settings[v].provider_config() {
            None => {
                let _ = writeln!(
                    err,
                    "notice: skipping {v}: {} is not set",
                    config::env_name(*v, "API_KEY")
                );
            }
            Some(c) => out.push(connect(*v, c).map_err(|e| CliError::Config(e.to_string()))?),
        }
    }
    if out.is_empty() {
        return Err(CliError::Config(
            "no vendor is configured: set BILLING_<VENDOR>_API_KEY (see `billing --help`), or try `billing payments --sandbox`".into(),
        ));
    }
    Ok(out)
}

/// Settings for every vendor pointing at the sandbox.
fn sandbox_settings(sandbox: &billing_sandbox::Sandbox) -> BTreeMap<VendorId, VendorSettings> {
    VendorId::all()
        .map(|v| {
            let s = VendorSettings {
                api_key: Some(billing_sandbox::SANDBOX_KEY.to_owned()),
                base_url: sandbox.base_url(v.as_str()),
                options: BTreeMap::new(),
                deadline: None,
            };
            (v, s)
        })
        .collect()
}

/// A spinner on stderr counting payments per vendor; hidden unless stderr is a terminal.
fn progress() -> ProgressBar {
    if !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new_spinner();
    bar.set_style(
        ProgressStyle::with_template("{spinner} fetching payments: {msg}").expect("valid template"),
    );
    bar.enable_steady_tick(std::time::Duration::from_millis(120));
    bar
}

/// Run `cli`, writing results to `out` and notices, progress and failures to `err`.
pub async fn run(
    cli: Cli,
    env: &dyn Fn(&str) -> Option<String>,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<Outcome, CliError> {
    let sandbox = if cli.sandbox {
        Some(billing_sandbox::Sandbox::start(billing_core::vendors::documents()).await)
    } else {
        None
    };
    let mut settings = match &sandbox {
        Some(s) => sandbox_settings(s),
        None => config::load(cli.config.as_deref(), env)?,
    };
    if let Some(seconds) = cli.timeout {
        for s in settings.values_mut() {
            s.deadline = Some(std::time::Duration::from_secs(seconds));
        }
    }
    match cli.command {
        Command::Vendors => vendors(&settings, out),
        Command::Balance { vendors } => balance(&selected(&vendors)?, &settings, out, err).await,
        Command::Payments {
            vendors,
            since,
            until,
            format,
        } => {
            let query = date_range(since.as_deref(), until.as_deref())?;
            let ledger = Ledger::new(providers(&selected(&vendors)?, &settings, err)?);
            payments(&ledger, &query, format, out, err).await
        }
    }
}

/// `billing vendors`: every registered vendor, whether it is configured, and where.
fn vendors(
    settings: &BTreeMap<VendorId, VendorSettings>,
    out: &mut dyn Write,
) -> Result<Outcome, CliError> {
    writeln!(
        out,
        "{:<18} {:<11} {:<34} BASE URL",
        "VENDOR", "CONFIGURED", "KEY FROM"
    )?;
    for v in VendorId::all() {
        let s = &settings[&v];
        let configured = if s.api_key.is_some() { "yes" } else { "no" };
        let base = match &s.base_url {
            Some(url) => url.clone(),
            None => format!("{} (spec default)", v.default_base_url()),
        };
        writeln!(
            out,
            "{:<18} {:<11} {:<34} {}",
            v.as_str(),
            configured,
            config::env_name(v, "API_KEY"),
            base
        )?;
    }
    Ok(Outcome::Complete)
}

/// `billing balance`: each selected vendor's balance; vendors without one are
/// said so, failures go to `err`.
async fn balance(
    vendors: &[VendorId],
    settings: &BTreeMap<VendorId, VendorSettings>,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<Outcome, CliError> {
    let ledger = Ledger::new(providers(vendors, settings, err)?);
    let balances = ledger.balances().await;
    let ok = output::balances(out, &balances)?;
    for (_, r) in &balances {
        if let Err(e) = r
            && !matches!(e, billing_core::Error::Unsupported { .. })
        {
            let _ = writeln!(err, "error: {e}");
        }
    }
    Ok(if ok {
        Outcome::Complete
    } else {
        Outcome::Partial
    })
}

/// `billing payments`: the ledger in `format` (a table on a terminal, JSON
/// Lines otherwise), with progress on a terminal's stderr and a summary of
/// every vendor that did not complete.
async fn payments(
    ledger: &Ledger,
    query: &PaymentQuery,
    format: Option<Format>,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<Outcome, CliError> {
    let bar = progress();
    let counts = std::sync::Mutex::new(BTreeMap::<VendorId, usize>::new());
    let report = ledger
        .payments_with_progress(query, &|v| {
            let mut c = counts.lock().expect("not poisoned");
            *c.entry(v).or_default() += 1;
            bar.set_message(
                c.iter()
                    .map(|(v, n)| format!("{v} {n}"))
                    .collect::<Vec<_>>()
                    .join(", "),
            );
        })
        .await;
    bar.finish_and_clear();
    let format = format.unwrap_or(if std::io::stdout().is_terminal() {
        Format::Table
    } else {
        Format::Json
    });
    match format {
        Format::Table => output::table(out, &report.payments),
        Format::Json => output::json(out, &report.payments),
        Format::Csv => output::csv(out, &report.payments),
    }?;
    let failed: Vec<_> = report.vendors.iter().filter(|v| !v.is_complete()).collect();
    for v in &failed {
        let _ = writeln!(
            err,
            "error: {} failed ({} payments read before it did):",
            v.vendor, v.payments
        );
        for e in &v.errors {
            let _ = writeln!(err, "  {e}");
        }
    }
    Ok(if failed.is_empty() {
        Outcome::Complete
    } else {
        Outcome::Partial
    })
}
