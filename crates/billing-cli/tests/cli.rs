//! The real `billing` binary, against the sandbox and against local servers
//! built for the failure cases. Every environment is cleared first, so only
//! what a test sets is configured.

use std::collections::BTreeSet;

mod common;

use common::{Run, billing};
use serde_json::Value;
use wiremock::matchers::path;
use wiremock::{Mock, MockServer, ResponseTemplate};

const KEY: &str = "sk-cli-test-5b7e2c9d";

fn run(cmd: &mut assert_cmd::Command) -> Run {
    common::run(cmd, KEY)
}

fn json_lines(stdout: &str) -> Vec<Value> {
    stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

#[test]
fn sandbox_json_lines_have_exactly_the_documented_fields() {
    let r = run(billing().args(["payments", "--sandbox", "--format", "json"]));
    assert_eq!(r.code, 0, "{}", r.stderr);
    let rows = json_lines(&r.stdout);
    assert_eq!(rows.len(), 94);
    let keys: BTreeSet<_> = [
        "vendor",
        "id",
        "kind",
        "status",
        "amount",
        "currency",
        "created_at",
        "description",
    ]
    .into_iter()
    .collect();
    for row in &rows {
        let got: BTreeSet<_> = row
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(got, keys);
        assert!(row["created_at"].as_str().unwrap().ends_with('Z'));
        assert!(row["amount"].is_string());
        assert!(
            row["currency"].is_null()
                || row["currency"]
                    .as_str()
                    .unwrap()
                    .chars()
                    .all(|c| c.is_ascii_uppercase())
        );
    }
    let vendors: BTreeSet<_> = rows.iter().map(|r| r["vendor"].as_str().unwrap()).collect();
    assert_eq!(
        vendors,
        ["autoposting", "cekura", "mifumo", "profile-payments"]
            .into_iter()
            .collect()
    );
    let created: Vec<_> = rows
        .iter()
        .map(|r| r["created_at"].as_str().unwrap().to_owned())
        .collect();
    assert!(created.windows(2).all(|w| w[0] >= w[1]), "newest first");
    let invoice = rows.iter().find(|r| r["id"] == "inv_abc123").unwrap();
    assert_eq!(
        invoice,
        &serde_json::json!({"vendor": "autoposting", "id": "inv_abc123", "kind": "invoice", "status": "paid", "amount": "49.00",
                            "currency": "USD", "created_at": "2024-01-01T00:00:00Z", "description": "Pro Plan - January 2024"})
    );
    let seat = rows.iter().find(|r| r["id"] == "1044").unwrap();
    assert_eq!(
        (seat["currency"].clone(), seat["amount"].clone()),
        (Value::Null, Value::from("25.00"))
    );
}

#[test]
fn sandbox_csv_has_a_header_and_one_row_per_payment() {
    let r = run(billing().args([
        "payments",
        "--sandbox",
        "--format",
        "csv",
        "--vendor",
        "cekura",
        "--vendor",
        "autoposting",
    ]));
    assert_eq!(r.code, 0, "{}", r.stderr);
    let lines: Vec<_> = r.stdout.lines().collect();
    assert_eq!(
        lines[0],
        "vendor,id,kind,status,amount,currency,created_at,description"
    );
    assert_eq!(lines.len(), 1 + 4);
    assert!(
        lines.contains(&"cekura,1044,seat,paid,25.00,,2026-05-21T12:00:00Z,Additional member seat"),
        "{lines:?}"
    );
    assert!(lines.contains(&"autoposting,inv_abc123,invoice,paid,49.00,USD,2024-01-01T00:00:00Z,Pro Plan - January 2024"));
}

#[test]
fn sandbox_table_has_columns_and_totals_per_vendor_and_currency() {
    let r = run(billing().args(["payments", "--sandbox", "--format", "table"]));
    assert_eq!(r.code, 0);
    assert!(r.stdout.starts_with("CREATED (UTC)"), "{}", r.stdout);
    let totals: Vec<_> = r
        .stdout
        .lines()
        .skip_while(|l| !l.starts_with("TOTAL"))
        .collect();
    assert_eq!(
        totals[0].split_whitespace().collect::<Vec<_>>(),
        ["TOTAL", "CUR", "PAYMENTS", "SUM"]
    );
    let rows: Vec<Vec<&str>> = totals[1..]
        .iter()
        .map(|l| l.split_whitespace().collect())
        .collect();
    assert!(
        rows.contains(&vec!["cekura", "USD", "2", "619.00"]),
        "{rows:?}"
    );
    assert!(
        rows.contains(&vec!["cekura", "-", "1", "25.00"]),
        "a missing currency is totalled apart: {rows:?}"
    );
    assert!(rows.contains(&vec!["autoposting", "USD", "1", "49.00"]));
    assert!(
        rows.contains(&vec!["mifumo", "USD", "45", "600.00"]),
        "{rows:?}"
    );
}

#[test]
fn dates_filter_inclusively() {
    let r = run(billing().args([
        "payments",
        "--sandbox",
        "--format",
        "json",
        "--since",
        "2025-11-01",
        "--until",
        "2025-11-10",
    ]));
    assert_eq!(r.code, 0);
    let rows = json_lines(&r.stdout);
    assert!(!rows.is_empty());
    for row in &rows {
        let t = row["created_at"].as_str().unwrap();
        assert!(("2025-11-01".."2025-11-11").contains(&t), "{t}");
    }
    assert!(
        rows.iter()
            .any(|r| r["created_at"].as_str().unwrap().starts_with("2025-11-10")),
        "--until is inclusive"
    );
}

#[test]
fn balance_and_vendors_against_the_sandbox() {
    let r = run(billing().args(["balance", "--sandbox"]));
    assert_eq!(r.code, 0);
    assert!(
        r.stdout.contains("credits remaining  7436.08"),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("mifumo\n  no balance"));
    let r = run(billing()
        .args(["vendors"])
        .env("BILLING_MIFUMO_API_KEY", KEY)
        .env("BILLING_MIFUMO_BASE_URL", "https://m.example"));
    assert_eq!(r.code, 0);
    let mifumo = r.stdout.lines().find(|l| l.starts_with("mifumo")).unwrap();
    assert!(
        mifumo.contains("yes") && mifumo.contains("https://m.example"),
        "{mifumo}"
    );
    let cekura = r.stdout.lines().find(|l| l.starts_with("cekura")).unwrap();
    assert!(
        cekura.contains("no") && cekura.contains("https://api.cekura.ai (spec default)"),
        "{cekura}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_failing_vendor_keeps_the_others_output_and_exits_non_zero() {
    let server = MockServer::start().await;
    Mock::given(path("/api/billing/history/"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(
            r#"{"count": 1, "next": null, "results": [{"id": "m1", "amount": 7.5, "currency": "usd", "description": "Pack, \"large\"", "created_at": "2025-11-01T10:00:00Z"}]}"#,
            "application/json",
        ))
        .mount(&server)
        .await;
    Mock::given(path("/api/v1/profile/payments"))
        .respond_with(ResponseTemplate::new(503).set_body_raw(format!("down {KEY}"), "text/plain"))
        .mount(&server)
        .await;
    let uri = server.uri();
    let r = tokio::task::spawn_blocking(move || {
        run(billing()
            .args(["payments", "--format", "csv"])
            .env("BILLING_MIFUMO_API_KEY", KEY)
            .env("BILLING_MIFUMO_BASE_URL", &uri)
            .env("BILLING_PROFILE_PAYMENTS_API_KEY", KEY)
            .env("BILLING_PROFILE_PAYMENTS_BASE_URL", &uri))
    })
    .await
    .unwrap();
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert_eq!(
        r.stdout.lines().nth(1),
        Some(
            r#"mifumo,m1,unspecified,unspecified,7.50,USD,2025-11-01T10:00:00Z,"Pack, ""large""""#
        )
    );
    assert!(
        r.stderr.contains("error: profile-payments failed"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("HTTP 503"), "{}", r.stderr);
    assert!(
        r.stderr
            .contains("notice: skipping cekura: BILLING_CEKURA_API_KEY is not set"),
        "{}",
        r.stderr
    );
    assert_eq!(
        r.stderr.matches("notice: skipping").count(),
        2,
        "one notice per vendor without a key"
    );
}

#[test]
fn an_http_base_url_is_refused_in_one_line() {
    let r = run(billing()
        .args(["payments"])
        .env("BILLING_CEKURA_API_KEY", KEY)
        .env("BILLING_CEKURA_BASE_URL", "http://api.cekura.ai"));
    assert_eq!(r.code, 2);
    assert_eq!(
        r.stderr.lines().filter(|l| l.starts_with("error:")).count(),
        1,
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains("plain http") && r.stderr.contains("loopback"),
        "{}",
        r.stderr
    );
}

#[test]
fn bad_arguments_and_configuration_are_one_line_errors() {
    let cases: [(&[&str], &str); 5] = [
        (
            &["payments", "--sandbox", "--since", "2025-13-01"],
            "--since \"2025-13-01\" is not a date of the form YYYY-MM-DD",
        ),
        (
            &[
                "payments",
                "--sandbox",
                "--since",
                "2025-02-01",
                "--until",
                "2025-01-01",
            ],
            "is after --until",
        ),
        (
            &["payments", "--sandbox", "--vendor", "stripe"],
            "unknown vendor `stripe`",
        ),
        (&["payments"], "no vendor is configured"),
        (
            &["payments", "--config", "/nonexistent/billing.toml"],
            "cannot read /nonexistent/billing.toml",
        ),
    ];
    for (args, message) in cases {
        let r = run(billing().args(args));
        assert_eq!(r.code, 2, "{args:?}: {}", r.stderr);
        assert!(r.stderr.contains(message), "{args:?}: {}", r.stderr);
        assert!(r.stdout.is_empty());
    }
}

#[test]
fn keys_are_not_accepted_as_arguments_and_help_documents_configuration() {
    let r = run(billing().args(["payments", "--api-key", "x"]));
    assert_eq!(r.code, 2);
    let r = run(billing().args(["--help"]));
    for needle in [
        "BILLING_<VENDOR>_API_KEY",
        "BILLING_<VENDOR>_BASE_URL",
        "--config",
        "--sandbox",
        "loopback",
    ] {
        assert!(r.stdout.contains(needle), "--help lacks {needle}");
    }
}
