//! Bad answers become typed errors, never panics; retries, timeouts and
//! limits behave; the key never appears in any error.

use workspace_tests::local as common;

use std::time::{Duration, Instant};

use billing_core::vendors::mifumo;

use billing_core::{Error, PaymentQuery, ProviderConfig, VendorId, connect};
use futures::StreamExt;
use wiremock::matchers::path;
use wiremock::{Mock, MockServer, ResponseTemplate};

const ROUTE: &str = "/api/billing/history/";
const GOOD: &str = r#"{"count": 1, "next": null, "results": [{"id": "a", "amount": 1, "created_at": "2025-11-01T10:00:00Z"}]}"#;

async fn first_error(config: ProviderConfig) -> Error {
    let provider = connect(mifumo::ID, config).unwrap();
    let items: Vec<_> = provider.payments(&PaymentQuery::default()).collect().await;
    let err = items.into_iter().find_map(Result::err).expect("an error");
    common::assert_no_key([err.to_string(), format!("{err:?}")]);
    err
}

async fn answering(template: ResponseTemplate) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(path(ROUTE))
        .respond_with(template)
        .mount(&server)
        .await;
    server
}

#[tokio::test]
async fn malformed_json_is_a_malformed_error_with_an_excerpt() {
    let server = answering(
        ResponseTemplate::new(200)
            .set_body_raw(r#"{"count": 1, "results": [{"id": "#, "application/json"),
    )
    .await;
    let err = first_error(common::config(&server.uri())).await;
    assert!(matches!(err, Error::Malformed { .. }), "{err:?}");
    assert!(err.to_string().contains(r#"body: "{\"count\": 1"#), "{err}");
}

#[tokio::test]
async fn an_html_page_with_status_200_is_malformed() {
    let server = answering(
        ResponseTemplate::new(200)
            .set_body_raw("<html><body>Maintenance</body></html>", "text/html"),
    )
    .await;
    let err = first_error(common::config(&server.uri())).await;
    assert!(matches!(err, Error::Malformed { .. }), "{err:?}");
    assert!(err.to_string().contains("Maintenance"), "{err}");
}

#[tokio::test]
async fn an_html_502_is_a_vendor_failure_after_the_retries() {
    let server = MockServer::start().await;
    Mock::given(path(ROUTE))
        .respond_with(
            ResponseTemplate::new(502)
                .set_body_raw("<html><h1>502 Bad Gateway</h1></html>", "text/html"),
        )
        .expect(3)
        .mount(&server)
        .await;
    let err = first_error(common::config(&server.uri())).await;
    assert!(matches!(err, Error::Vendor { status: 502, .. }), "{err:?}");
    assert_eq!(err.status(), Some(502));
    assert!(
        err.to_string().contains("mifumo getBillingHistory")
            && err.to_string().contains("502 Bad Gateway"),
        "{err}"
    );
}

#[tokio::test]
async fn a_truncated_body_is_malformed() {
    let uri = common::raw_server(
        b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 500\r\nconnection: close\r\n\r\n{\"count\": 1, \"res".to_vec(),
    )
    .await;
    let err = first_error(common::config(&uri)).await;
    assert!(matches!(err, Error::Malformed { .. }), "{err:?}");
    assert!(
        err.to_string().contains("could not be read in full"),
        "{err}"
    );
}

#[tokio::test]
async fn a_missing_required_field_is_malformed() {
    let server = answering(ResponseTemplate::new(200).set_body_raw(r#"{"count": 1, "next": null, "results": [{"id": "a", "created_at": "2025-11-01T10:00:00Z"}]}"#, "application/json")).await;
    let err = first_error(common::config(&server.uri())).await;
    assert!(
        matches!(err, Error::Malformed { .. })
            && err.to_string().contains("missing field `amount`"),
        "{err}"
    );
}

#[tokio::test]
async fn a_10_mb_body_is_an_error_with_a_short_excerpt() {
    let body = format!(
        "{{\"count\": 1, \"results\": \"{}",
        "x".repeat(10 * 1024 * 1024)
    );
    let server = answering(ResponseTemplate::new(200).set_body_raw(body, "application/json")).await;
    let err = first_error(common::config(&server.uri())).await;
    assert!(matches!(err, Error::Malformed { .. }), "{err:?}");
    assert!(
        err.to_string().len() < 600,
        "excerpt too long: {} bytes",
        err.to_string().len()
    );
}

#[tokio::test]
async fn a_429_with_retry_after_is_waited_out_then_succeeds() {
    let server = MockServer::start().await;
    Mock::given(path(ROUTE))
        .respond_with(ResponseTemplate::new(429).insert_header("retry-after", "1"))
        .up_to_n_times(1)
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(path(ROUTE))
        .respond_with(ResponseTemplate::new(200).set_body_raw(GOOD, "application/json"))
        .mount(&server)
        .await;
    let provider = connect(mifumo::ID, common::config(&server.uri())).unwrap();
    let started = Instant::now();
    let items: Vec<_> = provider.payments(&PaymentQuery::default()).collect().await;
    assert!(
        started.elapsed() >= Duration::from_secs(1),
        "Retry-After was not honoured"
    );
    assert_eq!(items.len(), 1);
    assert_eq!(items[0].as_ref().unwrap().id, "a");
}

#[tokio::test]
async fn rate_limiting_past_the_retry_limit_is_a_rate_limit_error() {
    let server = MockServer::start().await;
    Mock::given(path(ROUTE))
        .respond_with(
            ResponseTemplate::new(429)
                .insert_header("retry-after", "0")
                .set_body_raw("slow down", "text/plain"),
        )
        .expect(3)
        .mount(&server)
        .await;
    let err = first_error(common::config(&server.uri())).await;
    assert!(
        matches!(err, Error::RateLimited { status: 429, retry_after: Some(d), .. } if d.is_zero()),
        "{err:?}"
    );
}

#[tokio::test]
async fn a_hung_server_hits_the_attempt_timeout() {
    let server = answering(
        ResponseTemplate::new(200)
            .set_body_raw(GOOD, "application/json")
            .set_delay(Duration::from_secs(30)),
    )
    .await;
    let mut config = common::config(&server.uri());
    config.client.attempt_timeout = Duration::from_millis(200);
    config.client.max_attempts = 2;
    let started = Instant::now();
    let err = first_error(config).await;
    assert!(
        matches!(err, Error::Timeout { after, .. } if after == Duration::from_millis(200)),
        "{err:?}"
    );
    assert!(started.elapsed() < Duration::from_secs(5));
}

#[tokio::test]
async fn the_deadline_bounds_the_whole_call() {
    let server = answering(ResponseTemplate::new(503)).await;
    let mut config = common::config(&server.uri());
    config.client.max_attempts = 100;
    config.client.base_delay = Duration::from_millis(100);
    config.client.deadline = Duration::from_millis(700);
    let started = Instant::now();
    let err = first_error(config).await;
    assert!(
        matches!(
            err,
            Error::Vendor { status: 503, .. } | Error::Timeout { .. }
        ),
        "{err:?}"
    );
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "{:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn authentication_failures_are_not_retried_and_never_echo_the_key() {
    let server = MockServer::start().await;
    Mock::given(path(ROUTE))
        // 403 is not in Mifumo's spec, so its body is read (and must be redacted).
        .respond_with(
            ResponseTemplate::new(403)
                .set_body_raw(format!("invalid token {}", common::KEY), "text/plain"),
        )
        .expect(1)
        .mount(&server)
        .await;
    let err = first_error(common::config(&server.uri())).await;
    assert!(
        matches!(err, Error::Authentication { status: 403, .. }),
        "{err:?}"
    );
    assert!(err.to_string().contains("[REDACTED]"), "{err}");
}

#[tokio::test]
async fn a_refused_connection_is_a_transport_error() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let uri = format!("http://{}", listener.local_addr().unwrap());
    drop(listener);
    let err = first_error(common::config(&uri)).await;
    assert!(matches!(err, Error::Transport { .. }), "{err:?}");
}

#[test]
fn plain_http_is_refused_except_on_loopback() {
    for vendor in VendorId::all() {
        let err = connect(vendor, common::config("http://billing.example.com"))
            .err()
            .expect("refused");
        assert!(matches!(err, Error::Config { .. }), "{err:?}");
        assert!(err.to_string().contains("only https"), "{err}");
        assert!(connect(vendor, common::config("http://[::1]:8080")).is_ok());
        assert!(connect(vendor, common::config("https://billing.example.com/api")).is_ok());
    }
}

#[test]
fn configs_and_every_adapter_never_show_the_key() {
    use billing_core::vendors::{
        autoposting::Autoposting, cekura::Cekura, mifumo::Mifumo, profile_payments::ProfilePayments,
    };
    let config = common::config("http://127.0.0.1:1");
    let shown = [
        format!("{config:?}"),
        format!("{:#?}", Cekura::new(config.clone()).unwrap()),
        format!("{:#?}", Autoposting::new(config.clone()).unwrap()),
        format!("{:#?}", Mifumo::new(config.clone()).unwrap()),
        format!("{:#?}", ProfilePayments::new(config).unwrap()),
    ];
    // Each adapter's Debug shows its generated client, and so its credential's redacted form.
    for s in &shown[1..] {
        assert!(s.contains("<redacted>"), "{s}");
    }
    common::assert_no_key(shown);
}
