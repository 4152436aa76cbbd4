//! Retries: which failures are tried again, how long between, and how many.

use std::time::{Duration, Instant, SystemTime};

use crate::common::*;
use generator_fixture_client::types::Record;

fn thing() -> Answer {
    Answer::json(200, &serde_json::json!({}))
}

#[tokio::test]
async fn a_502_then_success_is_one_retry_and_a_success() {
    let server = hostile::serve("127.0.0.1", |_, n| match n {
        0 => Answer::raw(502, "text/html", "<html>bad gateway</html>"),
        _ => thing(),
    })
    .await;
    let answer = client(&server, config()).get_thing().send().await;
    assert!(answer.is_ok(), "{answer:?}");
    assert_eq!(server.requests(), 2);
}

#[tokio::test]
async fn attempts_are_bounded_and_the_last_answer_is_returned() {
    let server = hostile::serve("127.0.0.1", |_, _| {
        Answer::json(503, &serde_json::json!({"retry": true}))
    })
    .await;
    let e = client(&server, config().max_attempts(3))
        .get_thing()
        .send()
        .await
        .unwrap_err();
    assert_eq!(e.status().map(|s| s.as_u16()), Some(503), "{e:?}");
    assert_eq!(server.requests(), 3);
}

#[tokio::test]
async fn a_429_with_retry_after_in_seconds_is_waited_out() {
    let server = hostile::serve("127.0.0.1", |_, n| match n {
        0 => Answer::json(429, &serde_json::json!({"message": "slow down"}))
            .with_header("retry-after", "1"),
        _ => thing(),
    })
    .await;
    let started = Instant::now();
    assert!(client(&server, config()).get_thing().send().await.is_ok());
    assert_eq!(server.requests(), 2);
    // Honoured: the retry did not come before the second the server asked for.
    assert!(
        started.elapsed() >= Duration::from_secs(1),
        "{:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn a_429_with_an_http_date_is_waited_out_and_one_in_the_past_still_backs_off() {
    let in_a_second = httpdate::fmt_http_date(SystemTime::now() + Duration::from_secs(2));
    let server = hostile::serve("127.0.0.1", move |_, n| match n {
        0 => Answer::json(429, &serde_json::json!({"message": "later"}))
            .with_header("retry-after", &in_a_second),
        _ => thing(),
    })
    .await;
    let started = Instant::now();
    assert!(client(&server, config()).get_thing().send().await.is_ok());
    assert!(
        started.elapsed() >= Duration::from_millis(900),
        "{:?}",
        started.elapsed()
    );

    let past = httpdate::fmt_http_date(SystemTime::now() - Duration::from_secs(3600));
    let server = hostile::serve("127.0.0.1", move |_, _| {
        Answer::json(429, &serde_json::json!({"message": "later"}))
            .with_header("retry-after", &past)
    })
    .await;
    let slow = config()
        .base_delay(Duration::from_millis(200))
        .max_delay(Duration::from_secs(1))
        .max_attempts(3);
    let started = Instant::now();
    assert!(client(&server, slow).get_thing().send().await.is_err());
    assert_eq!(server.requests(), 3);
    // Two retries, each after at least half its backoff (100 ms, then 200 ms).
    assert!(
        started.elapsed() >= Duration::from_millis(300),
        "{:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn a_retry_after_beyond_the_deadline_returns_the_answer_at_once() {
    let server = hostile::serve("127.0.0.1", |_, _| {
        Answer::json(429, &serde_json::json!({"message": "come back tomorrow"}))
            .with_header("retry-after", "86400")
    })
    .await;
    let e = client(&server, config())
        .get_thing()
        .send()
        .await
        .unwrap_err();
    assert_eq!(e.status().map(|s| s.as_u16()), Some(429));
    assert_eq!(server.requests(), 1);
}

fn record() -> Record {
    Record {
        id: "r1".into(),
        amount: 5,
        updated_at: None,
    }
}

#[tokio::test]
async fn a_post_is_retried_only_with_an_idempotency_key_and_the_same_key_each_time() {
    let server = hostile::serve("127.0.0.1", |_, n| match n {
        0 => Answer::json(503, &serde_json::json!({"retry": true})),
        _ => Answer::json(200, &serde_json::json!({"id": "r1", "amount": 5})),
    })
    .await;
    // The spec declares `Idempotency-Key`: the client sends a fresh one itself.
    let made = client(&server, config())
        .create_record()
        .body(record())
        .send()
        .await;
    assert!(made.is_ok(), "{made:?}");
    let seen = server.seen();
    assert_eq!(seen.len(), 2);
    let keys: Vec<_> = seen
        .iter()
        .map(|s| s.header("idempotency-key").map(str::to_owned))
        .collect();
    assert!(keys[0].as_ref().is_some_and(|k| k.len() == 32), "{keys:?}");
    assert_eq!(
        keys[0], keys[1],
        "a retry must repeat the key, or the vendor does it twice"
    );

    // A caller's own key is kept.
    let server = hostile::serve("127.0.0.1", |_, _| {
        Answer::json(200, &serde_json::json!({"id": "r1", "amount": 5}))
    })
    .await;
    let c = client(&server, config());
    c.create_record()
        .idempotency_key("mine-1")
        .body(record())
        .send()
        .await
        .unwrap();
    assert_eq!(server.seen()[0].header("idempotency-key"), Some("mine-1"));
}

#[tokio::test]
async fn a_post_without_an_idempotency_key_is_not_retried() {
    let server = hostile::serve("127.0.0.1", |_, _| {
        Answer::json(503, &serde_json::json!({"retry": true}))
    })
    .await;
    let http = reqwest::Client::new();
    let inner = client_runtime::Inner::new(client_runtime::NoCredentials, config());
    let request = http
        .post(format!("{}/records", server.url))
        .body("{}")
        .build()
        .unwrap();
    let answer = client_runtime::exec::execute(&http, &inner, request, None)
        .await
        .unwrap();
    assert_eq!(answer.status().as_u16(), 503);
    assert_eq!(server.requests(), 1);
}

#[tokio::test]
async fn a_connection_refused_is_retried_then_a_typed_transport_error() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    drop(listener);
    let c = Client::with_config(
        &url,
        Credentials::bearer_auth(KEY).unwrap(),
        config().max_attempts(2),
    )
    .unwrap();
    let e = c.get_thing().send().await.unwrap_err();
    assert!(
        matches!(e, Error::CommunicationError(ref r) if r.is_connect()),
        "{e:?}"
    );
    assert_no_key(&format!("{e} {e:?}"));
    assert!(
        !format!("{e}").contains("127.0.0.1"),
        "errors carry no URL: {e}"
    );
}
