//! profile-payments-client against a local server: the repaired documented
//! example decodes with a bearer token, including its nested subscription.

use profile_payments_client::types::PaymentUpdatedAt;
use profile_payments_client::{Client, Credentials};
use wiremock::matchers::{header, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

const TOKEN: &str = "pp-token-0a9c";
const SPEC: &str = "profile-payments/openapi.yaml";
const OK: &str =
    "/paths/~1api~1v1~1profile~1payments/get/responses/200/content/application~1json/example";

fn client(server: &MockServer) -> Client {
    Client::with_credentials(&server.uri(), Credentials::bearer_auth(TOKEN).unwrap()).unwrap()
}

#[tokio::test]
async fn payments_decode_the_documented_example_with_a_bearer_token() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/api/v1/profile/payments"))
        .and(query_param("page", "1"))
        .and(header("authorization", format!("Bearer {TOKEN}").as_str()))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_raw(workspace_tests::example(SPEC, OK), "application/json"),
        )
        .expect(1)
        .mount(&server)
        .await;
    let envelope = client(&server)
        .get_profile_payments()
        .page(std::num::NonZeroU64::new(1).unwrap())
        .send()
        .await
        .unwrap()
        .into_inner();
    assert_eq!(envelope.code, 200);
    assert_eq!(
        envelope.message,
        "Customer payments retrieved successfully."
    );
    let page = envelope.data;
    assert_eq!(
        (
            page.total_items,
            page.page_limit,
            page.total_pages,
            page.current_page
        ),
        (7, 10, 1, 1)
    );
    assert!(!page.has_next_page && !page.has_previous_page);
    let p = &page.items[0];
    assert_eq!(p.id, 9705);
    assert_eq!(p.amount_due_usd.as_str(), "15.0");
    assert_eq!(p.amount_refunded_usd.as_ref().unwrap().as_str(), "0.0");
    assert_eq!(
        p.reference.as_deref(),
        Some("1014c5ec-fa05-4d63-8479-5412a87603f5-0")
    );
    assert_eq!(p.status, "paid");
    assert_eq!(p.currency.as_deref(), Some("usd"));
    assert_eq!((p.total, p.amount_due), (Some(1500), Some(1500)));
    assert_eq!(p.created_at.to_rfc3339(), "2023-03-15T13:11:59+00:00");
    assert!(matches!(p.updated_at, Some(PaymentUpdatedAt::DateTime(_))));
    let log = p.subscription_log.as_ref().unwrap();
    assert_eq!(log.id, Some(979));
    let plan = log.subscription_plan.as_ref().unwrap();
    assert_eq!(plan.plan_name.as_deref(), Some("Weekly (basic test)"));
    assert_eq!(plan.amount.as_ref().unwrap().as_str(), "15");
    assert_eq!(
        plan.subscription_product.as_ref().unwrap().name.as_deref(),
        Some("basic (watermark free)")
    );
}

#[tokio::test]
async fn null_nested_objects_and_an_integer_updated_at_decode() {
    let server = MockServer::start().await;
    Mock::given(path("/api/v1/profile/payments"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(
            r#"{"code": 200, "message": "ok", "data": {"items": [
                {"id": 1, "amount_due_usd": 25.10, "status": "open", "created_at": "2023-03-15T15:11:59+02:00",
                 "subscription_log": null, "updated_at": 1678885919}],
              "total_items": 1, "page_limit": 10, "has_next_page": false, "has_previous_page": false,
              "total_pages": 1, "current_page": 1}}"#,
            "application/json",
        ))
        .mount(&server)
        .await;
    let page = client(&server)
        .get_profile_payments()
        .send()
        .await
        .unwrap()
        .into_inner()
        .data;
    let p = &page.items[0];
    assert!(p.subscription_log.is_none());
    assert_eq!(p.amount_due_usd.as_str(), "25.10");
    assert_eq!(p.updated_at, Some(PaymentUpdatedAt::Integer(1678885919)));
}
