//! cekura-client against a local server: the documented example decodes, the
//! API key goes in `X-CEKURA-API-KEY`, and the overlay's fixes hold.

use cekura_client::types::{PaymentHistoryPaymentType, SubscriptionStatusStatus};
use cekura_client::{Client, Credentials};
use wiremock::matchers::{header, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

const KEY: &str = "ck_test_6f1d2a";

fn client(server: &MockServer) -> Client {
    Client::with_credentials(&server.uri(), Credentials::api_key(KEY).unwrap()).unwrap()
}

#[tokio::test]
async fn billing_info_decodes_the_documented_example_with_the_api_key_header() {
    let server = MockServer::start().await;
    let body = workspace_tests::example("cekura/overlay.yaml", "/actions/2/update/example");
    Mock::given(method("GET"))
        .and(path("/test_framework/billing/info/"))
        .and(header("X-CEKURA-API-KEY", KEY))
        .respond_with(ResponseTemplate::new(200).set_body_raw(body, "application/json"))
        .expect(1)
        .mount(&server)
        .await;

    let info = client(&server)
        .billing_info_retrieve()
        .send()
        .await
        .unwrap()
        .into_inner();
    assert_eq!(info.organization, Some(37));
    assert_eq!(info.credits_remaining.as_deref(), Some("7436.08"));
    assert_eq!(info.credits_used.as_deref(), Some("36462.14"));
    assert_eq!(info.initial_balance.as_deref(), Some("50000.00"));
    assert_eq!(
        info.balance_expiry.unwrap().to_rfc3339(),
        "2026-06-23T10:00:00+00:00"
    );
    let status = info.subscription_status.unwrap();
    assert_eq!(status.status, SubscriptionStatusStatus::Active);
    assert!(status.is_active && !status.is_trial);
    assert_eq!(status.days_until_expiry, Some(34));
    let pack = status.pack.unwrap();
    assert_eq!(pack.name, "Enterprise");
    assert_eq!(pack.max_agents_limit, 20);
    assert_eq!(pack.subscription_overage.as_str(), "0.08");
}

#[tokio::test]
async fn billing_info_accepts_a_null_balance_expiry_and_no_pack() {
    let server = MockServer::start().await;
    Mock::given(path("/test_framework/billing/info/"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(
            r#"{"balance_expiry": null, "subscription_status": {"status": "inactive", "is_active": false,
                "is_trial": false, "pack_name": null, "expire_at": null, "last_payment_at": null,
                "days_until_expiry": null, "created_at": null, "pack": null}}"#,
            "application/json",
        ))
        .mount(&server)
        .await;
    let info = client(&server)
        .billing_info_retrieve()
        .send()
        .await
        .unwrap()
        .into_inner();
    assert_eq!(info.balance_expiry, None);
    let status = info.subscription_status.unwrap();
    assert_eq!(status.status, SubscriptionStatusStatus::Inactive);
    assert!(status.pack.is_none());
}

#[tokio::test]
async fn billing_info_sends_the_overlay_declared_organization_id() {
    let server = MockServer::start().await;
    Mock::given(path("/test_framework/billing/info/"))
        .and(query_param("organization_id", "37"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_raw(r#"{"balance_expiry": null}"#, "application/json"),
        )
        .expect(1)
        .mount(&server)
        .await;
    client(&server)
        .billing_info_retrieve()
        .organization_id(37)
        .send()
        .await
        .unwrap();
}

#[tokio::test]
async fn payment_history_decodes_nulls_and_values_the_spec_does_not_list() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/test_framework/billing/payment-history/"))
        .and(query_param("organization_id", "37"))
        .and(header("X-CEKURA-API-KEY", KEY))
        .respond_with(ResponseTemplate::new(200).set_body_raw(
            r#"[{"id": 1, "amount": "49.00", "currency": "USD", "payment_type": "subscription",
                 "description": "Pro", "stripe_payment_intent_id": "pi_1", "created_at": "2026-05-15T10:00:00Z"},
                {"id": 2, "amount": "-5.00", "currency": null, "payment_type": null, "created_at": "2026-05-16T10:00:00Z"},
                {"id": 3, "amount": "1.00", "currency": "INR", "payment_type": "credit_refund", "created_at": "2026-05-17T10:00:00Z"}]"#,
            "application/json",
        ))
        .mount(&server)
        .await;
    let payments = client(&server)
        .billing_payment_history()
        .organization_id(37)
        .send()
        .await
        .unwrap()
        .into_inner();
    assert_eq!(payments.len(), 3);
    assert_eq!(
        payments[0].payment_type,
        Some(PaymentHistoryPaymentType::Subscription)
    );
    assert_eq!(
        payments[0]
            .currency
            .as_ref()
            .map(|c| c.to_string())
            .as_deref(),
        Some("USD")
    );
    assert_eq!(payments[1].currency, None);
    assert_eq!(payments[1].payment_type, None);
    assert_eq!(
        payments[2].payment_type,
        Some(PaymentHistoryPaymentType::UnknownValue(
            "credit_refund".into()
        ))
    );
    assert_eq!(
        payments[2].payment_type.as_ref().unwrap().to_string(),
        "credit_refund"
    );
}

#[tokio::test]
async fn requests_carry_the_crate_user_agent_and_no_api_version_header() {
    let server = MockServer::start().await;
    Mock::given(path("/test_framework/billing/info/"))
        .and(header("user-agent", cekura_client::USER_AGENT))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_raw(r#"{"balance_expiry": null}"#, "application/json"),
        )
        .expect(1)
        .mount(&server)
        .await;
    client(&server)
        .billing_info_retrieve()
        .send()
        .await
        .unwrap();
    let requests = server.received_requests().await.unwrap();
    assert!(requests[0].headers.get("api-version").is_none());
    assert!(cekura_client::USER_AGENT.starts_with("cekura-client/"));
}

#[test]
fn the_key_never_appears_in_debug_output() {
    let credentials = Credentials::api_key(KEY).unwrap();
    let client = Client::with_credentials("https://api.cekura.ai", credentials.clone()).unwrap();
    for shown in [
        format!("{credentials:?}"),
        format!("{client:?}"),
        format!("{client:#?}"),
    ] {
        assert!(!shown.contains(KEY), "{shown}");
    }
    assert!(format!("{credentials:?}").contains("ApiKey"));
}

#[test]
fn an_unsendable_key_is_refused_without_echoing_it() {
    let err = Credentials::api_key("secret\nwith newline").unwrap_err();
    assert!(!err.to_string().contains("secret"), "{err}");
    assert!(err.to_string().contains("api_key"));
}
