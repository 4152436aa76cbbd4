//! Writing payments and balances: table, JSON Lines, CSV.

use std::collections::BTreeMap;
use std::io::{self, Write};

use billing_core::{Balance, Payment, VendorId};
use chrono::SecondsFormat;
use rust_decimal::Decimal;
use serde::Serialize;

/// One payment as it is printed: exactly these fields, in this order.
#[derive(Debug, Serialize)]
pub struct Row<'a> {
    /// Vendor id.
    pub vendor: &'a str,
    /// The vendor's id.
    pub id: &'a str,
    /// Kind.
    pub kind: &'a str,
    /// Status.
    pub status: &'a str,
    /// Amount with the currency's minor digits (`"49.00"`, `"500"` for JPY).
    pub amount: String,
    /// ISO 4217 code, upper-case, or null.
    pub currency: Option<&'static str>,
    /// RFC 3339, UTC, `Z`.
    pub created_at: String,
    /// Description, or null.
    pub description: Option<&'a str>,
}

impl<'a> From<&'a Payment> for Row<'a> {
    fn from(p: &'a Payment) -> Self {
        Row {
            vendor: p.vendor.as_str(),
            id: &p.id,
            kind: p.kind.as_str(),
            status: p.status.as_str(),
            amount: p.amount.amount_text(),
            currency: p.amount.currency.map(|c| c.code()),
            created_at: p.created_at.to_rfc3339_opts(SecondsFormat::AutoSi, true),
            description: p.description.as_deref(),
        }
    }
}

/// JSON Lines.
pub fn json(out: &mut dyn Write, payments: &[Payment]) -> io::Result<()> {
    for p in payments {
        serde_json::to_writer(&mut *out, &Row::from(p))?;
        out.write_all(b"\n")?;
    }
    Ok(())
}

/// CSV with a header row; nulls are empty fields.
pub fn csv(out: &mut dyn Write, payments: &[Payment]) -> io::Result<()> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record([
        "vendor",
        "id",
        "kind",
        "status",
        "amount",
        "currency",
        "created_at",
        "description",
    ])?;
    for p in payments {
        let r = Row::from(p);
        w.write_record([
            r.vendor,
            r.id,
            r.kind,
            r.status,
            &r.amount,
            r.currency.unwrap_or(""),
            &r.created_at,
            r.description.unwrap_or(""),
        ])?;
    }
    w.flush()
}

/// Longest description shown in a table cell.
const DESCRIPTION_WIDTH: usize = 40;

fn clip(s: &str, width: usize) -> String {
    if s.chars().count() <= width {
        s.to_owned()
    } else {
        s.chars().take(width - 1).collect::<String>() + "…"
    }
}

/// Lines of cells as aligned columns; `right` marks right-aligned columns.
fn columns(out: &mut dyn Write, rows: &[Vec<String>], right: &[bool]) -> io::Result<()> {
    let widths: Vec<usize> = (0..rows[0].len())
        .map(|i| rows.iter().map(|r| r[i].chars().count()).max().unwrap_or(0))
        .collect();
    for row in rows {
        let cells: Vec<String> = row
            .iter()
            .enumerate()
            .map(|(i, c)| {
                if right[i] {
                    format!("{c:>w$}", w = widths[i])
                } else {
                    format!("{c:<w$}", w = widths[i])
                }
            })
            .collect();
        writeln!(out, "{}", cells.join("  ").trim_end())?;
    }
    Ok(())
}

/// Aligned columns, then totals per vendor and currency.
pub fn table(out: &mut dyn Write, payments: &[Payment]) -> io::Result<()> {
    let mut rows = vec![
        [
            "CREATED (UTC)",
            "VENDOR",
            "ID",
            "KIND",
            "STATUS",
            "AMOUNT",
            "CUR",
            "DESCRIPTION",
        ]
        .map(String::from)
        .to_vec(),
    ];
    for p in payments {
        let r = Row::from(p);
        rows.push(vec![
            p.created_at.format("%Y-%m-%d %H:%M").to_string(),
            r.vendor.to_owned(),
            r.id.to_owned(),
            r.kind.to_owned(),
            r.status.to_owned(),
            r.amount,
            r.currency.unwrap_or("-").to_owned(),
            clip(r.description.unwrap_or(""), DESCRIPTION_WIDTH),
        ]);
    }
    columns(
        out,
        &rows,
        &[false, false, false, false, false, true, false, false],
    )?;

    let mut totals: BTreeMap<(VendorId, &str), (usize, Decimal)> = BTreeMap::new();
    for p in payments {
        let entry = totals
            .entry((p.vendor, p.amount.currency.map_or("-", |c| c.code())))
            .or_default();
        entry.0 += 1;
        entry.1 += p.amount.amount;
    }
    writeln!(out)?;
    let mut rows = vec![
        ["TOTAL", "CUR", "PAYMENTS", "SUM"]
            .map(String::from)
            .to_vec(),
    ];
    for ((vendor, currency), (count, sum)) in totals {
        let currency_digits = billing_core::Currency::from_code(currency);
        let sum = billing_core::Money {
            amount: sum,
            currency: currency_digits,
        }
        .amount_text();
        rows.push(vec![
            vendor.as_str().to_owned(),
            currency.to_owned(),
            count.to_string(),
            sum,
        ]);
    }
    columns(out, &rows, &[false, false, true, true])
}

/// Balances as text, one block per vendor.
pub fn balances(
    out: &mut dyn Write,
    balances: &[(VendorId, Result<Balance, billing_core::Error>)],
) -> io::Result<bool> {
    let mut all_ok = true;
    for (vendor, result) in balances {
        match result {
            Ok(b) => {
                let show = |d: Option<Decimal>| d.map_or("-".to_owned(), |d| d.to_string());
                writeln!(out, "{vendor}")?;
                writeln!(out, "  credits remaining  {}", show(b.credits_remaining))?;
                writeln!(out, "  credits used       {}", show(b.credits_used))?;
                writeln!(out, "  initial balance    {}", show(b.initial_balance))?;
                writeln!(
                    out,
                    "  balance expires    {}",
                    b.expires_at.map_or("never".to_owned(), |t| t
                        .to_rfc3339_opts(SecondsFormat::Secs, true))
                )?;
                if let Some(s) = &b.subscription {
                    writeln!(
                        out,
                        "  subscription       {} ({}{})",
                        s.status,
                        s.plan.as_deref().unwrap_or("no plan"),
                        if s.is_trial { ", trial" } else { "" }
                    )?;
                    if let Some(t) = s.expires_at {
                        writeln!(
                            out,
                            "  period ends        {}",
                            t.to_rfc3339_opts(SecondsFormat::Secs, true)
                        )?;
                    }
                    for (cap, value) in &s.caps {
                        writeln!(
                            out,
                            "  {cap:<30} {}",
                            if *value < 0 {
                                "unlimited".to_owned()
                            } else {
                                value.to_string()
                            }
                        )?;
                    }
                }
            }
            Err(billing_core::Error::Unsupported { .. }) => {
                writeln!(out, "{vendor}\n  no balance: the vendor's API offers none")?
            }
            Err(_) => all_ok = false,
        }
    }
    Ok(all_ok)
}
