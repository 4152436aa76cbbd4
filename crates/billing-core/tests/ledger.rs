//! The ledger: vendors fetched concurrently, merged newest first; one failing
//! vendor is reported beside the others' results.

use workspace_tests::local as common;

use billing_core::vendors::{autoposting, cekura, mifumo, profile_payments};
use billing_core::{Error, Ledger, PaymentQuery, connect};
use wiremock::matchers::path;
use wiremock::{Mock, MockServer, ResponseTemplate};

#[tokio::test]
async fn one_failing_vendor_leaves_the_others_results_and_reports_its_error() {
    let server = MockServer::start().await;
    Mock::given(path("/api/billing/history/"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(
            r#"{"count": 2, "next": null, "results": [
                {"id": "m1", "amount": 5, "currency": "USD", "created_at": "2025-11-01T10:00:00Z"},
                {"id": "m2", "amount": 6, "currency": "USD", "created_at": "2025-11-03T10:00:00Z"}]}"#,
            "application/json",
        ))
        .mount(&server)
        .await;
    Mock::given(path("/billing/history"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(
            r#"{"success": true, "data": {"invoices": [{"id": "a1", "amount": 700, "currency": "usd", "status": "paid", "paidAt": "2025-11-02T00:00:00Z"}]}}"#,
            "application/json",
        ))
        .mount(&server)
        .await;
    Mock::given(path("/api/v1/profile/payments"))
        .respond_with(ResponseTemplate::new(503).set_body_raw("down", "text/plain"))
        .mount(&server)
        .await;

    let providers = [mifumo::ID, autoposting::ID, profile_payments::ID]
        .into_iter()
        .map(|v| connect(v, common::config(&server.uri())).unwrap())
        .collect();
    let report = Ledger::new(providers)
        .payments(&PaymentQuery::default())
        .await;

    let ids: Vec<_> = report
        .payments
        .iter()
        .map(|p| (p.vendor, p.id.as_str()))
        .collect();
    assert_eq!(
        ids,
        [
            (mifumo::ID, "m2"),
            (autoposting::ID, "a1"),
            (mifumo::ID, "m1")
        ]
    );
    assert!(!report.is_complete());
    let failed: Vec<_> = report.vendors.iter().filter(|v| !v.is_complete()).collect();
    assert_eq!(failed.len(), 1);
    assert_eq!(failed[0].vendor, profile_payments::ID);
    assert!(matches!(
        failed[0].errors[0],
        Error::Vendor { status: 503, .. }
    ));
    let counts: Vec<_> = report
        .vendors
        .iter()
        .map(|v| (v.vendor, v.payments))
        .collect();
    assert_eq!(
        counts,
        [
            (mifumo::ID, 2),
            (autoposting::ID, 1),
            (profile_payments::ID, 0)
        ]
    );
    common::assert_no_key(
        report
            .vendors
            .iter()
            .flat_map(|v| v.errors.iter().map(|e| format!("{e} {e:?}"))),
    );
}

#[tokio::test]
async fn balances_are_reported_per_vendor() {
    let server = MockServer::start().await;
    Mock::given(path("/test_framework/billing/info/"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(
            r#"{"organization": 1, "credits_remaining": "5.5", "balance_expiry": null}"#,
            "application/json",
        ))
        .mount(&server)
        .await;
    let providers = [cekura::ID, mifumo::ID]
        .into_iter()
        .map(|v| connect(v, common::config(&server.uri())).unwrap())
        .collect();
    let balances = Ledger::new(providers).balances().await;
    assert_eq!(
        balances[0].1.as_ref().unwrap().credits_remaining,
        Some("5.5".parse().unwrap())
    );
    assert!(matches!(balances[1].1, Err(Error::Unsupported { .. })));
}
