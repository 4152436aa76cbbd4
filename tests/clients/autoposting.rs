//! autoposting-client against a local server: the documented example decodes
//! with either documented credential, and the documented 401 body is typed.

use autoposting_client::{Client, Credentials, Error};
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const KEY: &str = "sk-social-test-91b2";
const SPEC: &str = "autoposting/billing-history.yaml";
const OK: &str = "/paths/~1billing~1history/get/responses/200/content/application~1json/example";
const UNAUTHORIZED: &str =
    "/paths/~1billing~1history/get/responses/401/content/application~1json/example";

async fn server_with_example(auth_header: &'static str, value: String) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/billing/history"))
        .and(header(auth_header, value.as_str()))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_raw(workspace_tests::example(SPEC, OK), "application/json"),
        )
        .expect(1)
        .mount(&server)
        .await;
    server
}

fn assert_documented_invoice(body: autoposting_client::types::GetBillingHistoryResponse) {
    assert!(body.success);
    let invoice = &body.data.invoices[0];
    assert_eq!(body.data.invoices.len(), 1);
    assert_eq!(invoice.id, "inv_abc123");
    assert_eq!(invoice.amount, 4900);
    assert_eq!(invoice.currency, "usd");
    assert_eq!(invoice.status, "paid");
    assert_eq!(
        invoice.description.as_deref(),
        Some("Pro Plan - January 2024")
    );
    assert_eq!(
        invoice.paid_at.unwrap().to_rfc3339(),
        "2024-01-01T00:00:00+00:00"
    );
    assert_eq!(invoice.invoice_url.as_deref(), Some("https://..."));
}

#[tokio::test]
async fn billing_history_decodes_the_documented_example_with_a_bearer_token() {
    let server = server_with_example("authorization", format!("Bearer {KEY}")).await;
    let client =
        Client::with_credentials(&server.uri(), Credentials::bearer_auth(KEY).unwrap()).unwrap();
    assert_documented_invoice(
        client
            .get_billing_history()
            .send()
            .await
            .unwrap()
            .into_inner(),
    );
}

#[tokio::test]
async fn billing_history_decodes_the_documented_example_with_an_x_api_key() {
    let server = server_with_example("x-api-key", KEY.to_owned()).await;
    let client =
        Client::with_credentials(&server.uri(), Credentials::api_key_header(KEY).unwrap()).unwrap();
    assert_documented_invoice(
        client
            .get_billing_history()
            .send()
            .await
            .unwrap()
            .into_inner(),
    );
}

#[tokio::test]
async fn the_documented_401_is_a_typed_error_response() {
    let server = MockServer::start().await;
    Mock::given(path("/billing/history"))
        .respond_with(ResponseTemplate::new(401).set_body_raw(
            workspace_tests::example(SPEC, UNAUTHORIZED),
            "application/json",
        ))
        .mount(&server)
        .await;
    let client =
        Client::with_credentials(&server.uri(), Credentials::bearer_auth("wrong").unwrap())
            .unwrap();
    match client.get_billing_history().send().await {
        Err(Error::ErrorResponse(e)) => {
            assert_eq!(e.status().as_u16(), 401);
            assert!(!e.success);
            assert_eq!(e.error, "unauthorized");
            assert_eq!(e.message, "Missing or invalid API key.");
        }
        other => panic!("expected a typed 401, got {other:?}"),
    }
}

#[tokio::test]
async fn a_missing_required_field_is_a_decoding_error_not_a_panic() {
    let server = MockServer::start().await;
    Mock::given(path("/billing/history"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(
            r#"{"success": true, "data": {"invoices": [{"id": "x"}]}}"#,
            "application/json",
        ))
        .mount(&server)
        .await;
    let client =
        Client::with_credentials(&server.uri(), Credentials::bearer_auth(KEY).unwrap()).unwrap();
    let err = client.get_billing_history().send().await.unwrap_err();
    assert!(matches!(err, Error::InvalidResponsePayload(..)), "{err:?}");
    assert!(!format!("{err} {err:?}").contains(KEY));
}
