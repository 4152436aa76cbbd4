//! Money on the wire: minor units in JPY and KWD, negative, beyond f64's exact
//! range, `0.1 + 0.2`-style values; null and unknown currencies; values the
//! spec does not list; null nested objects.

use workspace_tests::local as common;

use billing_core::vendors::{autoposting, cekura, mifumo, profile_payments};
use billing_core::{Error, PaymentKind, PaymentQuery, PaymentStatus, VendorId, connect};
use futures::StreamExt;
use rust_decimal::Decimal;
use serde_json::json;
use std::str::FromStr;
use wiremock::matchers::path;
use wiremock::{Mock, MockServer, ResponseTemplate};

async fn serve(route: &str, body: &str) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(path(route))
        .respond_with(ResponseTemplate::new(200).set_body_raw(body.to_owned(), "application/json"))
        .mount(&server)
        .await;
    server
}

async fn items(vendor: VendorId, server: &MockServer) -> Vec<Result<billing_core::Payment, Error>> {
    let mut config = common::config(&server.uri());
    if vendor == cekura::ID {
        config.options.insert("organization_id".into(), "1".into());
    }
    let provider = connect(vendor, config).unwrap();
    provider.payments(&PaymentQuery::default()).collect().await
}

#[tokio::test]
async fn autoposting_minor_units_scale_by_the_currency_exponent() {
    let server = serve(
        "/billing/history",
        r#"{"success": true, "data": {"invoices": [
            {"id": "jpy", "amount": 500, "currency": "jpy", "status": "paid", "paidAt": "2024-01-01T00:00:00Z"},
            {"id": "kwd", "amount": 1234, "currency": "KWD", "status": "paid", "paidAt": "2024-01-02T00:00:00Z"},
            {"id": "usd", "amount": -2500, "currency": "usd", "status": "refunded", "paidAt": "2024-01-03T00:00:00Z"},
            {"id": "big", "amount": 9007199254740993, "currency": "usd", "status": "paid", "paidAt": "2024-01-04T00:00:00Z"}
        ]}}"#,
    )
    .await;
    let payments: Vec<_> = items(autoposting::ID, &server)
        .await
        .into_iter()
        .map(Result::unwrap)
        .collect();
    let texts: Vec<_> = payments
        .iter()
        .map(|p| {
            (
                p.id.as_str(),
                p.amount.amount_text(),
                p.amount.currency.unwrap().code(),
            )
        })
        .collect();
    assert_eq!(
        texts,
        [
            ("jpy", "500".into(), "JPY"),
            ("kwd", "1.234".into(), "KWD"),
            ("usd", "-25.00".into(), "USD"),
            ("big", "90071992547409.93".into(), "USD")
        ]
    );
    assert_eq!(payments[2].status, PaymentStatus::Refunded);
}

#[tokio::test]
async fn mifumo_json_numbers_are_exact_large_negative_and_sum_exactly() {
    let server = serve(
        "/api/billing/history/",
        r#"{"count": 4, "next": null, "results": [
            {"id": "a", "amount": 25.10, "currency": "USD", "created_at": "2025-11-01T10:00:00Z"},
            {"id": "b", "amount": 12345678901234567890.12, "currency": "USD", "created_at": "2025-11-01T10:00:00Z"},
            {"id": "c", "amount": 0.1, "currency": "USD", "created_at": "2025-11-01T10:00:00Z"},
            {"id": "d", "amount": 0.2, "currency": "USD", "created_at": "2025-11-01T10:00:00Z"},
            {"id": "e", "amount": -0.30, "currency": "USD", "created_at": "2025-11-01T10:00:00Z"}
        ]}"#,
    )
    .await;
    let p: Vec<_> = items(mifumo::ID, &server)
        .await
        .into_iter()
        .map(Result::unwrap)
        .collect();
    assert_eq!(p[0].amount.amount.to_string(), "25.10");
    assert_eq!(p[1].amount.amount.to_string(), "12345678901234567890.12");
    let sum = p[2].amount.amount + p[3].amount.amount + p[4].amount.amount;
    assert_eq!(sum, Decimal::ZERO);
    assert_eq!(p[4].amount.amount_text(), "-0.30");
}

#[tokio::test]
async fn null_currency_stays_unknown_and_an_unknown_code_fails_only_its_record() {
    let server = serve(
        "/test_framework/billing/payment-history/",
        r#"[{"id": 1, "amount": "10.00", "currency": null, "created_at": "2026-01-01T00:00:00Z"},
            {"id": 2, "amount": "10.00", "currency": "CREDITS", "created_at": "2026-01-02T00:00:00Z"},
            {"id": 3, "amount": "10.00", "created_at": "2026-01-03T00:00:00Z"}]"#,
    )
    .await;
    let out = items(cekura::ID, &server).await;
    assert_eq!(out.len(), 3, "a bad record does not end the walk");
    assert_eq!(out[0].as_ref().unwrap().amount.currency, None);
    let err = out[1].as_ref().unwrap_err();
    assert!(
        matches!(err, Error::Malformed { .. })
            && err
                .to_string()
                .contains("record 2: currency \"CREDITS\" is not an ISO 4217 code"),
        "{err}"
    );
    assert_eq!(out[2].as_ref().unwrap().amount.currency, None);
}

#[tokio::test]
async fn values_the_spec_does_not_list_are_kept_as_other() {
    let server = serve(
        "/test_framework/billing/payment-history/",
        r#"[{"id": 1, "amount": "1.00", "currency": "USD", "payment_type": "enterprise_true_up", "created_at": "2026-01-01T00:00:00Z"},
            {"id": 2, "amount": "1.00", "currency": "USD", "payment_type": null, "created_at": "2026-01-01T00:00:00Z"}]"#,
    )
    .await;
    let p: Vec<_> = items(cekura::ID, &server)
        .await
        .into_iter()
        .map(Result::unwrap)
        .collect();
    assert_eq!(p[0].kind, PaymentKind::Other("enterprise_true_up".into()));
    assert_eq!(p[1].kind, PaymentKind::Unspecified);

    let server = serve(
        "/api/billing/history/",
        r#"{"count": 1, "next": null, "results": [{"id": "a", "amount": 1, "type": "bonus", "status": "chargeback", "created_at": "2025-11-01T10:00:00Z"}]}"#,
    )
    .await;
    let p = items(mifumo::ID, &server).await.remove(0).unwrap();
    assert_eq!(
        (p.kind, p.status),
        (
            PaymentKind::Other("bonus".into()),
            PaymentStatus::Other("chargeback".into())
        )
    );
}

#[tokio::test]
async fn null_nested_objects_and_partial_refunds() {
    let body = json!({"code": 200, "message": "ok", "data": {"items": [
        {"id": 1, "amount_due_usd": 10.00, "amount_refunded_usd": 2.50, "status": "paid", "subscription_log": null, "created_at": "2023-03-15T15:11:59+02:00"},
        {"id": 2, "amount_due_usd": 10.00, "amount_refunded_usd": 10.00, "status": "paid", "created_at": "2023-03-15T15:11:59+02:00",
         "subscription_log": {"id": 5, "subscription_plan": null}},
        {"id": 3, "amount_due_usd": 10.00, "status": "open", "created_at": "2023-03-15T15:11:59+02:00"}
    ], "total_items": 3, "page_limit": 10, "has_next_page": false, "has_previous_page": false, "total_pages": 1, "current_page": 1}});
    let server = serve("/api/v1/profile/payments", &body.to_string()).await;
    let p: Vec<_> = items(profile_payments::ID, &server)
        .await
        .into_iter()
        .map(Result::unwrap)
        .collect();
    assert_eq!(
        (p[0].kind.clone(), p[0].status.clone()),
        (PaymentKind::Invoice, PaymentStatus::PartiallyRefunded)
    );
    assert_eq!(
        (
            p[1].kind.clone(),
            p[1].status.clone(),
            p[1].description.clone()
        ),
        (PaymentKind::Subscription, PaymentStatus::Refunded, None)
    );
    assert_eq!(p[2].status, PaymentStatus::Pending);
    // No currency in these records: the vendor documents USD, so USD it is.
    assert_eq!(p[2].amount.currency.unwrap().code(), "USD");
    assert_eq!(p[2].amount.amount, Decimal::from_str("10.00").unwrap());
}
