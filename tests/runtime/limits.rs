//! Deadlines and body limits: a hung, trickling, lying or endless server
//! ends in a typed error within the deadline, holding bounded memory.

use std::time::{Duration, Instant};

use crate::common::*;

#[tokio::test]
async fn a_hung_server_ends_at_the_deadline_with_a_timeout() {
    let server = hostile::serve("127.0.0.1", |_, _| Answer::body(200, Body::Silence)).await;
    let c = client(
        &server,
        config()
            .attempt_timeout(Duration::from_millis(300))
            .deadline(Duration::from_secs(1)),
    );
    let started = Instant::now();
    let e = c.get_thing().send().await.unwrap_err();
    assert!(
        matches!(e, Error::CommunicationError(ref r) if r.is_timeout()),
        "{e:?}"
    );
    assert!(
        server.requests() <= 4,
        "bounded attempts: {}",
        server.requests()
    );
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "{:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn a_body_that_stalls_after_the_headers_ends_at_the_deadline() {
    let server = hostile::serve("127.0.0.1", |_, _| Answer::body(200, Body::Hang)).await;
    let c = client(&server, config().deadline(Duration::from_millis(800)));
    let e = c.get_thing().send().await.unwrap_err();
    let found = runtime_error(&e);
    assert!(matches!(found, RuntimeError::Timeout { .. }), "{found:?}");
}

#[tokio::test]
async fn a_trickling_body_ends_at_the_deadline() {
    let body = serde_json::json!({"padding": "x".repeat(200)})
        .to_string()
        .into_bytes();
    let server = hostile::serve("127.0.0.1", move |_, _| {
        Answer::body(200, Body::Trickle(body.clone(), Duration::from_millis(50)))
    })
    .await;
    let c = client(&server, config().deadline(Duration::from_millis(700)));
    let started = Instant::now();
    let e = c.get_thing().send().await.unwrap_err();
    assert!(matches!(runtime_error(&e), RuntimeError::Timeout { .. }));
    assert!(
        server.body_bytes() < 200,
        "the read stopped: {}",
        server.body_bytes()
    );
    assert!(started.elapsed() < Duration::from_secs(3));
}

#[tokio::test]
async fn an_endless_body_stops_at_the_limit_having_read_little_more() {
    let server = hostile::serve("127.0.0.1", |_, _| {
        Answer::body(200, Body::Endless(vec![b' '; 64 * 1024]))
    })
    .await;
    let limit = 1024 * 1024;
    let c = client(&server, config().body_limit(limit));
    let e = c.get_thing().send().await.unwrap_err();
    assert!(
        matches!(runtime_error(&e), RuntimeError::BodyTooLarge { limit: l } if l == limit),
        "{e:?}"
    );
    // Memory stays bounded: the client stopped reading soon after the limit
    // (socket buffers hold a few MiB at most), far from the 4 GiB on offer.
    tokio::time::sleep(Duration::from_millis(100)).await;
    assert!(
        server.body_bytes() < 16 * limit,
        "{} bytes sent",
        server.body_bytes()
    );
    assert_eq!(server.requests(), 1, "a body too large is not retried");
}

#[tokio::test]
async fn a_declared_length_over_the_limit_is_refused_before_reading() {
    let server = hostile::serve("127.0.0.1", |_, _| {
        Answer::body(
            200,
            Body::Truncated {
                declared: 1 << 30,
                sent: Vec::new(),
            },
        )
    })
    .await;
    let e = client(&server, config())
        .get_thing()
        .send()
        .await
        .unwrap_err();
    assert!(
        matches!(runtime_error(&e), RuntimeError::BodyTooLarge { .. }),
        "{e:?}"
    );
}

#[tokio::test]
async fn a_truncated_body_is_a_body_error_not_a_runtime_one() {
    let server = hostile::serve("127.0.0.1", |_, _| {
        Answer::body(
            200,
            Body::Truncated {
                declared: 500,
                sent: b"{\"id\": ".to_vec(),
            },
        )
    })
    .await;
    let e = client(&server, config())
        .get_thing()
        .send()
        .await
        .unwrap_err();
    assert!(matches!(e, Error::ResponseBodyError(_)), "{e:?}");
    assert!(RuntimeError::find(&e).is_none());
}

#[tokio::test]
async fn malformed_json_and_an_html_200_are_payload_errors() {
    for body in ["{\"id\": ", "<html><body>maintenance</body></html>"] {
        let server = hostile::serve("127.0.0.1", move |_, _| {
            Answer::raw(200, "application/json", body)
        })
        .await;
        let e = client(&server, config())
            .get_thing()
            .send()
            .await
            .unwrap_err();
        assert!(matches!(e, Error::InvalidResponsePayload(..)), "{e:?}");
        assert_eq!(server.requests(), 1);
    }
}

#[tokio::test]
async fn per_request_options_override_the_client() {
    let server = hostile::serve("127.0.0.1", |_, _| {
        Answer::json(503, &serde_json::json!({"retry": true}))
    })
    .await;
    let c = client(&server, config().max_attempts(4));
    let once = client_runtime::RequestOptions::new().max_attempts(1);
    let e = client_runtime::with_options(once, c.get_thing().send())
        .await
        .unwrap_err();
    assert_eq!(e.status().map(|s| s.as_u16()), Some(503));
    assert_eq!(server.requests(), 1);
}

#[tokio::test]
async fn the_user_agent_names_the_crate() {
    let server = hostile::serve("127.0.0.1", |_, _| {
        Answer::json(200, &serde_json::json!({}))
    })
    .await;
    client(&server, config()).get_thing().send().await.unwrap();
    let ua = server.seen()[0].header("user-agent").unwrap().to_owned();
    assert!(ua.starts_with("generator-fixture-client/"), "{ua}");
}
