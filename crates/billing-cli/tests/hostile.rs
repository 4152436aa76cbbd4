//! `billing` against misbehaving vendors on 127.x: whatever they do, the
//! command ends, says what went wrong, never shows or sends the key to
//! another host, and exits non-zero unless every walk was complete.

mod common;

use common::{Run, billing, run};
use serde_json::json;
use workspace_tests::hostile::{self, Answer, Hostile};

const KEY: &str = "sk-cli-hostile-7c1d9e0f";

/// `billing payments --format json` with Mifumo at `server`.
async fn payments_from(server: &Hostile) -> Run {
    let url = server.url.clone();
    tokio::task::spawn_blocking(move || {
        run(
            billing()
                .args(["payments", "--format", "json"])
                .env("BILLING_MIFUMO_API_KEY", KEY)
                .env("BILLING_MIFUMO_BASE_URL", &url),
            KEY,
        )
    })
    .await
    .unwrap()
}

fn record(id: &str, amount: serde_json::Value) -> serde_json::Value {
    json!({"id": id, "amount": amount, "currency": "usd", "created_at": "2025-11-01T10:00:00Z"})
}

#[tokio::test(flavor = "multi_thread")]
async fn a_redirect_to_another_host_is_not_followed_and_the_run_fails() {
    let elsewhere = hostile::serve("127.0.0.2", |_, _| {
        Answer::json(200, &json!({"count": 0, "results": []}))
    })
    .await;
    let to = format!("{}/api/billing/history/", elsewhere.url);
    let server = hostile::serve("127.0.0.1", move |_, _| Answer::redirect(302, &to)).await;
    let r = payments_from(&server).await;
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.contains("redirect not followed"), "{}", r.stderr);
    assert_eq!(
        elsewhere.requests(),
        0,
        "the key never reached the other host"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn next_links_that_never_end_stop_at_the_page_cap_and_the_run_fails() {
    let server = hostile::serve("127.0.0.1", |_, n| {
        Answer::json(
            200,
            &json!({"count": 1, "results": [record(&format!("m{n}"), json!(1))],
            "next": format!("/api/billing/history/?cursor=fresh{n}")}),
        )
    })
    .await;
    let r = payments_from(&server).await;
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stderr.contains("incomplete: more than 1000 pages"),
        "{}",
        r.stderr
    );
    assert_eq!(server.requests(), 1000);
    assert_eq!(
        r.stdout.lines().count(),
        1000,
        "what was read is still printed"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_record_repeated_with_other_content_is_reported_and_the_run_fails() {
    let server = hostile::serve("127.0.0.1", |seen, _| match seen.query("page").as_deref() {
        Some("2") => Answer::json(200, &json!({"count": 2, "next": null, "results": [record("m1", json!(9))]})),
        _ => Answer::json(200, &json!({"count": 2, "next": "/api/billing/history/?page=2", "results": [record("m1", json!(1))]})),
    })
    .await;
    let r = payments_from(&server).await;
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stderr
            .contains("record m1 appears twice in one walk with different content"),
        "{}",
        r.stderr
    );
    assert_eq!(r.stdout.lines().count(), 1);
}

#[tokio::test(flavor = "multi_thread")]
async fn one_malformed_record_costs_only_itself() {
    let server = hostile::serve("127.0.0.1", |_, _| {
        Answer::json(
            200,
            &json!({"count": 3, "next": null, "results": [
                record("m1", json!(1)), record("m2", json!("abc")), record("m3", json!(3))
            ]}),
        )
    })
    .await;
    let r = payments_from(&server).await;
    assert_eq!(r.code, 1, "{}", r.stderr);
    let ids: Vec<String> = r
        .stdout
        .lines()
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).unwrap()["id"]
                .as_str()
                .unwrap()
                .to_owned()
        })
        .collect();
    assert_eq!(ids, ["m1", "m3"]);
    assert!(r.stderr.contains("item 1"), "{}", r.stderr);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_hung_vendor_is_given_up_on_after_the_timeout_the_caller_sets() {
    let server = hostile::serve("127.0.0.1", |_, _| {
        Answer::body(200, hostile::Body::Silence)
    })
    .await;
    let url = server.url.clone();
    let started = std::time::Instant::now();
    let out = tokio::task::spawn_blocking(move || {
        billing()
            .args(["payments", "--format", "json", "--timeout", "1"])
            .env("BILLING_MIFUMO_API_KEY", KEY)
            .env("BILLING_MIFUMO_BASE_URL", &url)
            .output()
            .unwrap()
    })
    .await
    .unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("mifumo failed"), "{stderr}");
    // The caller's second, not the default minute (generous margin for a loaded machine).
    assert!(
        started.elapsed() < std::time::Duration::from_secs(20),
        "{:?}",
        started.elapsed()
    );
    assert!(server.requests() >= 1);
}
