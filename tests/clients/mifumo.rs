//! mifumo-client against a local server: the documented example decodes with a
//! bearer token, paging parameters are sent, and amounts stay exact.

use mifumo_client::{Client, Credentials};
use wiremock::matchers::{header, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

const TOKEN: &str = "mifumo-access-token-77";
const SPEC: &str = "mifumo/openapi.yaml";
const OK: &str =
    "/paths/~1api~1billing~1history~1/get/responses/200/content/application~1json/example";

fn client(server: &MockServer) -> Client {
    Client::with_credentials(&server.uri(), Credentials::bearer_auth(TOKEN).unwrap()).unwrap()
}

#[tokio::test]
async fn billing_history_decodes_the_documented_example_with_paging_parameters() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/api/billing/history/"))
        .and(query_param("page", "2"))
        .and(query_param("page_size", "100"))
        .and(query_param("type", "usage"))
        .and(header("authorization", format!("Bearer {TOKEN}").as_str()))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_raw(workspace_tests::example(SPEC, OK), "application/json"),
        )
        .expect(1)
        .mount(&server)
        .await;
    let page = client(&server)
        .get_billing_history()
        .page(std::num::NonZeroU64::new(2).unwrap())
        .page_size(std::num::NonZeroU64::new(100).unwrap())
        .type_("usage")
        .send()
        .await
        .unwrap()
        .into_inner();
    assert_eq!(page.count, 50);
    assert_eq!(
        page.next.as_deref(),
        Some("https://mifumosms.mifumolabs.com/api/billing/history/?page=2")
    );
    assert_eq!(page.previous, None);
    assert_eq!(page.results.len(), 2);
    let (purchase, usage) = (&page.results[0], &page.results[1]);
    assert_eq!(purchase.id, "550e8400-e29b-41d4-a716-446655440000");
    assert_eq!(purchase.type_.as_deref(), Some("purchase"));
    assert_eq!(
        purchase.description.as_deref(),
        Some("Starter Package - 1000 SMS")
    );
    assert_eq!(purchase.currency.as_deref(), Some("USD"));
    assert_eq!(purchase.status.as_deref(), Some("completed"));
    assert_eq!(
        purchase.created_at.to_rfc3339(),
        "2025-11-01T10:00:00+00:00"
    );
    // The example passes through YAML, which writes 50.00 as 50.0.
    assert_eq!(purchase.amount.as_str(), "50.0");
    assert_eq!(usage.amount.as_str(), "-25.0");
}

#[tokio::test]
async fn amounts_keep_every_digit_the_vendor_sent() {
    let server = MockServer::start().await;
    Mock::given(path("/api/billing/history/"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(
            r#"{"count": 3, "next": null, "previous": null, "results": [
                {"id": "a", "amount": 25.10, "created_at": "2025-11-01T10:00:00Z"},
                {"id": "b", "amount": 12345678901234567890.12, "created_at": "2025-11-01T10:00:00Z"},
                {"id": "c", "amount": -0.30, "created_at": "2025-11-01T10:00:00Z"}]}"#,
            "application/json",
        ))
        .mount(&server)
        .await;
    let page = client(&server)
        .get_billing_history()
        .send()
        .await
        .unwrap()
        .into_inner();
    let amounts: Vec<_> = page.results.iter().map(|r| r.amount.as_str()).collect();
    assert_eq!(amounts, ["25.10", "12345678901234567890.12", "-0.30"]);
}

#[tokio::test]
async fn an_amount_that_is_not_a_number_is_a_decoding_error() {
    let server = MockServer::start().await;
    Mock::given(path("/api/billing/history/"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(
            r#"{"count": 1, "results": [{"id": "a", "amount": "25.10", "created_at": "2025-11-01T10:00:00Z"}]}"#,
            "application/json",
        ))
        .mount(&server)
        .await;
    let err = client(&server)
        .get_billing_history()
        .send()
        .await
        .unwrap_err();
    assert!(
        matches!(err, mifumo_client::Error::InvalidResponsePayload(..)),
        "{err:?}"
    );
}

#[test]
fn json_decimal_round_trips_exactly_and_refuses_non_numbers() {
    let d: mifumo_client::JsonDecimal = "1e-7".parse().unwrap();
    assert_eq!(d.to_string(), "1e-7");
    assert_eq!(serde_json::to_string(&d).unwrap(), "1e-7");
    for bad in ["", "01", "1.", ".5", "NaN", "1e", "--1", " 1"] {
        assert!(
            bad.parse::<mifumo_client::JsonDecimal>().is_err(),
            "{bad:?}"
        );
    }
}
