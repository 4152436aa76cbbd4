//! Every documented example response in the seeds decodes to the expected
//! normalised payments, field by field.

use workspace_tests::local as common;

use billing_core::vendors::{autoposting, cekura, mifumo, profile_payments};
use billing_core::{BillingProvider, Currency, PaymentKind, PaymentQuery, PaymentStatus, connect};
use futures::StreamExt;
use rust_decimal::Decimal;
use std::str::FromStr;
use wiremock::matchers::{header, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn dec(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

fn usd() -> Option<Currency> {
    Currency::from_code("USD")
}

async fn all(provider: &dyn BillingProvider) -> Vec<billing_core::Payment> {
    provider
        .payments(&PaymentQuery::default())
        .map(|p| p.unwrap())
        .collect()
        .await
}

#[tokio::test]
async fn mifumo_docs_example() {
    let server = MockServer::start().await;
    let body = workspace_tests::example(
        "mifumo/openapi.yaml",
        "/paths/~1api~1billing~1history~1/get/responses/200/content/application~1json/example",
    );
    // The example's `next` points at the vendor's real host: a one-page walk here.
    let body = body.replace(
        "\"https://mifumosms.mifumolabs.com/api/billing/history/?page=2\"",
        "null",
    );
    Mock::given(method("GET"))
        .and(path("/api/billing/history/"))
        .and(query_param("page", "1"))
        .and(header(
            "authorization",
            format!("Bearer {}", common::KEY).as_str(),
        ))
        .respond_with(ResponseTemplate::new(200).set_body_raw(body, "application/json"))
        .expect(1)
        .mount(&server)
        .await;
    let p = connect(mifumo::ID, common::config(&server.uri())).unwrap();
    let payments = all(p.as_ref()).await;
    assert_eq!(payments.len(), 2);
    let (a, b) = (&payments[0], &payments[1]);
    assert_eq!(
        (a.vendor, a.id.as_str()),
        (mifumo::ID, "550e8400-e29b-41d4-a716-446655440000")
    );
    assert_eq!(
        (a.kind.clone(), a.status.clone()),
        (PaymentKind::Purchase, PaymentStatus::Paid)
    );
    assert_eq!((a.amount.amount, a.amount.currency), (dec("50.0"), usd()));
    assert_eq!(a.amount.amount_text(), "50.00");
    assert_eq!(a.description.as_deref(), Some("Starter Package - 1000 SMS"));
    assert_eq!(a.created_at.to_rfc3339(), "2025-11-01T10:00:00+00:00");
    assert_eq!(a.paid_at, None);
    assert_eq!(
        (b.kind.clone(), b.amount.amount_text()),
        (PaymentKind::Usage, "-25.00".to_owned())
    );
    assert_eq!(b.description.as_deref(), Some("SMS Usage - 500 messages"));
    let raw = b
        .raw
        .downcast_ref::<mifumo_client::types::BillingRecord>()
        .unwrap();
    assert_eq!(raw.id, "550e8400-e29b-41d4-a716-446655440001");
    assert!(b.raw.to_json().get().contains("\"amount\":-25.0"));
}

#[tokio::test]
async fn autoposting_docs_example() {
    let server = MockServer::start().await;
    let body = workspace_tests::example(
        "autoposting/billing-history.yaml",
        "/paths/~1billing~1history/get/responses/200/content/application~1json/example",
    );
    Mock::given(method("GET"))
        .and(path("/billing/history"))
        .and(header(
            "authorization",
            format!("Bearer {}", common::KEY).as_str(),
        ))
        .respond_with(ResponseTemplate::new(200).set_body_raw(body, "application/json"))
        .mount(&server)
        .await;
    let payments = all(connect(autoposting::ID, common::config(&server.uri()))
        .unwrap()
        .as_ref())
    .await;
    assert_eq!(payments.len(), 1);
    let p = &payments[0];
    assert_eq!((p.vendor, p.id.as_str()), (autoposting::ID, "inv_abc123"));
    assert_eq!(
        (p.kind.clone(), p.status.clone()),
        (PaymentKind::Invoice, PaymentStatus::Paid)
    );
    assert_eq!((p.amount.amount, p.amount.currency), (dec("49.00"), usd()));
    assert_eq!(p.amount.amount_text(), "49.00");
    assert_eq!(p.description.as_deref(), Some("Pro Plan - January 2024"));
    assert_eq!(p.created_at.to_rfc3339(), "2024-01-01T00:00:00+00:00");
    assert_eq!(p.paid_at, Some(p.created_at));
}

#[tokio::test]
async fn profile_payments_docs_example() {
    let server = MockServer::start().await;
    let body = workspace_tests::example(
        "profile-payments/openapi.yaml",
        "/paths/~1api~1v1~1profile~1payments/get/responses/200/content/application~1json/example",
    );
    Mock::given(method("GET"))
        .and(path("/api/v1/profile/payments"))
        .and(query_param("page", "1"))
        .and(header(
            "authorization",
            format!("Bearer {}", common::KEY).as_str(),
        ))
        .respond_with(ResponseTemplate::new(200).set_body_raw(body, "application/json"))
        .expect(1)
        .mount(&server)
        .await;
    // The example's `total_items` (7) says more than its one page holds, so the
    // walk asks for page 2; a vendor answers it empty, and the walk ends there.
    let empty = serde_json::json!({"code": 200, "message": "ok", "data": {"items": [], "total_items": 7,
        "page_limit": 10, "has_previous_page": true, "has_next_page": false, "total_pages": 1, "current_page": 2}});
    Mock::given(method("GET"))
        .and(path("/api/v1/profile/payments"))
        .and(query_param("page", "2"))
        .respond_with(ResponseTemplate::new(200).set_body_json(empty))
        .expect(1)
        .mount(&server)
        .await;
    let payments = all(connect(profile_payments::ID, common::config(&server.uri()))
        .unwrap()
        .as_ref())
    .await;
    assert_eq!(payments.len(), 1);
    let p = &payments[0];
    assert_eq!((p.vendor, p.id.as_str()), (profile_payments::ID, "9705"));
    assert_eq!(
        (p.kind.clone(), p.status.clone()),
        (PaymentKind::Subscription, PaymentStatus::Paid)
    );
    assert_eq!((p.amount.amount, p.amount.currency), (dec("15.0"), usd()));
    assert_eq!(p.amount.amount_text(), "15.00");
    assert_eq!(p.description.as_deref(), Some("Weekly (basic test)"));
    assert_eq!(p.created_at.to_rfc3339(), "2023-03-15T13:11:59+00:00");
    assert_eq!(p.paid_at, None);
}

#[tokio::test]
async fn cekura_payments_and_balance_from_the_documented_billing_info() {
    let server = MockServer::start().await;
    let info = workspace_tests::example("cekura/overlay.yaml", "/actions/2/update/example");
    Mock::given(method("GET"))
        .and(path("/test_framework/billing/info/"))
        .and(header("X-CEKURA-API-KEY", common::KEY))
        .respond_with(ResponseTemplate::new(200).set_body_raw(info, "application/json"))
        .mount(&server)
        .await;
    // The organisation comes from the billing info (37): no id configured.
    Mock::given(method("GET"))
        .and(path("/test_framework/billing/payment-history/"))
        .and(query_param("organization_id", "37"))
        .and(header("X-CEKURA-API-KEY", common::KEY))
        .respond_with(ResponseTemplate::new(200).set_body_raw(
            r#"[{"id": 11, "amount": "499.00", "currency": "USD", "payment_type": "subscription",
                 "description": "Enterprise - May", "stripe_payment_intent_id": "pi_3", "created_at": "2026-05-15T10:00:00Z"},
                {"id": 12, "amount": "20.00", "currency": null, "payment_type": "subscription_member_seat",
                 "description": "", "created_at": "2026-05-16T10:00:00Z"}]"#,
            "application/json",
        ))
        .expect(1)
        .mount(&server)
        .await;
    let provider = connect(cekura::ID, common::config(&server.uri())).unwrap();
    let payments = all(provider.as_ref()).await;
    assert_eq!(payments.len(), 2);
    let (a, b) = (&payments[0], &payments[1]);
    assert_eq!(
        (a.id.as_str(), a.kind.clone(), a.status.clone()),
        ("11", PaymentKind::Subscription, PaymentStatus::Paid)
    );
    assert_eq!((a.amount.amount, a.amount.currency), (dec("499.00"), usd()));
    assert_eq!(a.paid_at, Some(a.created_at));
    assert_eq!((b.id.as_str(), b.kind.clone()), ("12", PaymentKind::Seat));
    assert_eq!(b.amount.currency, None, "a null currency is never invented");

    let balance = provider.balance().await.unwrap();
    assert_eq!(balance.credits_remaining, Some(dec("7436.08")));
    assert_eq!(balance.credits_used, Some(dec("36462.14")));
    assert_eq!(balance.initial_balance, Some(dec("50000.00")));
    assert_eq!(
        balance.expires_at.unwrap().to_rfc3339(),
        "2026-06-23T10:00:00+00:00"
    );
    let sub = balance.subscription.unwrap();
    assert_eq!(
        (sub.status.as_str(), sub.is_active, sub.is_trial),
        ("active", true, false)
    );
    assert_eq!(sub.plan.as_deref(), Some("Enterprise"));
    assert!(sub.caps.contains(&("max_agents_limit".to_owned(), 20)));
}

#[tokio::test]
async fn vendors_without_a_balance_say_unsupported_in_a_typed_way() {
    for vendor in [autoposting::ID, mifumo::ID, profile_payments::ID] {
        let p = connect(vendor, common::config("http://127.0.0.1:9")).unwrap();
        match p.balance().await {
            Err(billing_core::Error::Unsupported {
                vendor: v,
                capability: "balance",
            }) => assert_eq!(v, vendor),
            other => panic!("{vendor}: {other:?}"),
        }
    }
}
