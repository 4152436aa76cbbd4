//! The page walker on every style, against servers whose signals lie, loop,
//! never end or leave the origin: each walk ends, bounded, with a typed
//! error the caller sees, never a silently short result.

use std::time::Duration;

use futures::StreamExt;
use serde_json::{Value, json};

use crate::common::*;
use generator_fixture_client::types::Record;

fn records(from: usize, n: usize) -> Vec<Value> {
    (from..from + n)
        .map(|i| json!({"id": format!("r{i}"), "amount": i}))
        .collect()
}

fn ids(items: &[Result<Record, RuntimeError>]) -> Vec<String> {
    items.iter().flatten().map(|r| r.id.clone()).collect()
}

fn last_error(items: &[Result<Record, RuntimeError>]) -> RuntimeError {
    let e = items.last().unwrap().as_ref().unwrap_err().clone();
    assert_no_key(&format!("{e} {e:?}"));
    e
}

/// Page number `page` query parameter of a request (1 if absent).
fn page_of(seen: &Seen) -> usize {
    seen.query("page").and_then(|p| p.parse().ok()).unwrap_or(1)
}

use workspace_tests::hostile::Seen;

#[tokio::test]
async fn pages_a_total_announces_are_fetched_concurrently_and_yielded_in_order() {
    let server = hostile::serve("127.0.0.1", |seen, _| {
        let n = page_of(seen);
        // Later pages answer sooner: order must not follow completion.
        Answer::json(
            200,
            &json!({"data": records((n - 1) * 2, 2), "total_pages": 5, "has_more": n < 5}),
        )
        .after(Duration::from_millis(60u64.saturating_sub(10 * n as u64)))
    })
    .await;
    let c = client(&server, config().concurrency(3));
    let items: Vec<_> = c.list_records_by_page().items().collect().await;
    assert_eq!(
        ids(&items),
        (0..10).map(|i| format!("r{i}")).collect::<Vec<_>>()
    );
    assert_eq!(server.requests(), 5);
    assert!(
        server.peak_in_flight() > 1,
        "pages 2..=5 were fetched at once"
    );
    assert!(
        server.peak_in_flight() <= 3,
        "at most `concurrency` at once: {}",
        server.peak_in_flight()
    );
    assert!(items.iter().all(Result::is_ok));
}

#[tokio::test]
async fn a_flag_saying_more_beyond_the_total_is_followed() {
    // total_pages says 2, has_more says 3 pages.
    let server = hostile::serve("127.0.0.1", |seen, _| {
        let n = page_of(seen);
        Answer::json(
            200,
            &json!({"data": records(n * 10, 1), "total_pages": 2, "has_more": n < 3}),
        )
    })
    .await;
    let items: Vec<_> = client(&server, config())
        .list_records_by_page()
        .items()
        .collect()
        .await;
    assert_eq!(ids(&items), ["r10", "r20", "r30"]);
    assert_eq!(server.requests(), 3);
}

#[tokio::test]
async fn a_total_that_never_ends_reaches_the_page_cap_as_an_error() {
    let server = hostile::serve("127.0.0.1", |seen, _| {
        let n = page_of(seen);
        Answer::json(200, &json!({"data": records(n * 10, 1), "total_pages": 1_000_000_000u64, "has_more": false}))
    })
    .await;
    let c = client(&server, config().max_pages(50));
    let items: Vec<_> = c.list_records_by_page().items().collect().await;
    assert!(
        matches!(last_error(&items), RuntimeError::PageLimit { limit: 50 }),
        "{:?}",
        items.last()
    );
    assert_eq!(ids(&items).len(), 50);
    assert!(
        server.requests() <= 50 + 4,
        "bounded: {}",
        server.requests()
    );
}

#[tokio::test]
async fn a_flag_that_says_more_for_ever_reaches_the_page_cap() {
    let server = hostile::serve("127.0.0.1", |seen, _| {
        let n = page_of(seen);
        Answer::json(200, &json!({"data": records(n * 10, 1), "has_more": true}))
    })
    .await;
    let items: Vec<_> = client(&server, config().max_pages(30))
        .list_records_by_page()
        .items()
        .collect()
        .await;
    assert!(matches!(
        last_error(&items),
        RuntimeError::PageLimit { limit: 30 }
    ));
    assert_eq!(server.requests(), 30);
}

#[tokio::test]
async fn a_server_that_ignores_the_page_number_is_a_loop() {
    let server = hostile::serve("127.0.0.1", |_, _| {
        Answer::json(200, &json!({"data": records(0, 2), "has_more": true}))
    })
    .await;
    let items: Vec<_> = client(&server, config())
        .list_records_by_page()
        .items()
        .collect()
        .await;
    assert!(
        matches!(last_error(&items), RuntimeError::Loop { page: 2, .. }),
        "{:?}",
        items.last()
    );
    assert_eq!(server.requests(), 2);
}

#[tokio::test]
async fn the_item_cap_is_an_error_not_a_short_result() {
    let server = hostile::serve("127.0.0.1", |seen, _| {
        let n = page_of(seen);
        Answer::json(
            200,
            &json!({"data": records(n * 100, 10), "has_more": true}),
        )
    })
    .await;
    let items: Vec<_> = client(&server, config().max_items(25))
        .list_records_by_page()
        .items()
        .collect()
        .await;
    assert_eq!(ids(&items).len(), 25);
    assert!(matches!(
        last_error(&items),
        RuntimeError::ItemLimit { limit: 25 }
    ));
    assert!(server.requests() <= 3 + 4);
}

#[tokio::test]
async fn one_malformed_item_is_one_error_and_its_page_still_arrives() {
    let server = hostile::serve("127.0.0.1", |_, _| {
        Answer::json(
            200,
            &json!({"data": [
            {"id": "a", "amount": 1}, {"id": "b", "amount": "abc"}, {"id": "c", "amount": 3}
        ], "has_more": false}),
        )
    })
    .await;
    let items: Vec<_> = client(&server, config())
        .list_records_by_page()
        .items()
        .collect()
        .await;
    assert_eq!(ids(&items), ["a", "c"]);
    assert!(
        matches!(&items[1], Err(RuntimeError::Item { index: 1, .. })),
        "{:?}",
        items[1]
    );
}

#[tokio::test]
async fn offset_paging_walks_by_offset_to_the_total() {
    let server = hostile::serve("127.0.0.1", |seen, _| {
        let offset: usize = seen
            .query("offset")
            .and_then(|o| o.parse().ok())
            .unwrap_or(0);
        let n = 3.min(7usize.saturating_sub(offset));
        Answer::json(200, &json!({"items": records(offset, n), "total": 7}))
    })
    .await;
    let items: Vec<_> = client(&server, config())
        .list_records_by_offset()
        .items()
        .collect()
        .await;
    assert_eq!(
        ids(&items),
        (0..7).map(|i| format!("r{i}")).collect::<Vec<_>>()
    );
    let offsets: Vec<_> = server.seen().iter().map(|s| s.query("offset")).collect();
    assert!(
        offsets.contains(&Some("3".into())) && offsets.contains(&Some("6".into())),
        "{offsets:?}"
    );
}

#[tokio::test]
async fn cursor_paging_follows_the_last_id_and_a_repeated_cursor_is_a_loop() {
    let server = hostile::serve("127.0.0.1", |seen, _| {
        match seen.query("starting_after").as_deref() {
            None => Answer::json(200, &json!({"data": records(0, 2), "has_more": true})),
            Some("r1") => Answer::json(200, &json!({"data": records(2, 2), "has_more": true})),
            _ => Answer::json(200, &json!({"data": records(4, 1), "has_more": false})),
        }
    })
    .await;
    let items: Vec<_> = client(&server, config())
        .list_records_by_cursor()
        .items()
        .collect()
        .await;
    assert_eq!(ids(&items), ["r0", "r1", "r2", "r3", "r4"]);

    // A cursor that never moves on.
    let stuck = hostile::serve("127.0.0.1", |_, _| {
        Answer::json(200, &json!({"data": records(0, 2), "has_more": true}))
    })
    .await;
    let items: Vec<_> = client(&stuck, config())
        .list_records_by_cursor()
        .items()
        .collect()
        .await;
    assert!(
        matches!(last_error(&items), RuntimeError::Loop { .. }),
        "{:?}",
        items.last()
    );
    assert_eq!(stuck.requests(), 2);
}

#[tokio::test]
async fn next_links_that_never_end_reach_the_page_cap() {
    let server = hostile::serve("127.0.0.1", |_, n| {
        Answer::json(200, &json!({"results": records(n, 1), "links": {"next": format!("/records/by-link?fresh={n}")}}))
    })
    .await;
    let items: Vec<_> = client(&server, config().max_pages(40))
        .list_records_by_link()
        .items()
        .collect()
        .await;
    assert!(matches!(
        last_error(&items),
        RuntimeError::PageLimit { limit: 40 }
    ));
    assert_eq!(server.requests(), 40);
}

#[tokio::test]
async fn a_next_link_that_loops_is_an_error() {
    let server = hostile::serve("127.0.0.1", |seen, _| {
        let next = if seen.target.contains("b=1") {
            "/records/by-link?a=1"
        } else {
            "/records/by-link?b=1"
        };
        Answer::json(
            200,
            &json!({"results": records(0, 1), "links": {"next": next}}),
        )
    })
    .await;
    let items: Vec<_> = client(&server, config())
        .list_records_by_link()
        .items()
        .collect()
        .await;
    assert!(
        matches!(last_error(&items), RuntimeError::Loop { .. }),
        "{:?}",
        items.last()
    );
    assert!(server.requests() <= 3);
}

#[tokio::test]
async fn a_next_link_to_another_host_is_not_followed_and_the_token_in_it_is_not_shown() {
    let elsewhere = hostile::serve("127.0.0.2", |_, _| {
        Answer::json(200, &json!({"results": []}))
    })
    .await;
    let next = format!("{}/steal?token={KEY}", elsewhere.url);
    let server = hostile::serve("127.0.0.1", move |_, _| {
        Answer::json(
            200,
            &json!({"results": records(0, 1), "links": {"next": next}}),
        )
    })
    .await;
    let items: Vec<_> = client(&server, config())
        .list_records_by_link()
        .items()
        .collect()
        .await;
    assert_eq!(ids(&items), ["r0"]);
    assert!(matches!(
        last_error(&items),
        RuntimeError::OffOrigin { page: 1 }
    ));
    assert_eq!(elsewhere.requests(), 0);
}

#[tokio::test]
async fn an_error_page_echoing_the_key_is_redacted_in_every_encoding() {
    use base64::Engine;
    let echoed = base64::engine::general_purpose::STANDARD.encode(format!("Bearer {KEY}"));
    let raw_key = base64::engine::general_purpose::STANDARD.encode(KEY);
    let server = hostile::serve("127.0.0.1", move |_, _| {
        Answer::raw(
            401,
            "text/plain",
            format!("bad credentials {KEY} {echoed} {raw_key}"),
        )
    })
    .await;
    let items: Vec<_> = client(&server, config())
        .list_records_by_page()
        .items()
        .collect()
        .await;
    let e = last_error(&items);
    assert!(
        matches!(e, RuntimeError::Status { status: 401, .. }),
        "{e:?}"
    );
    assert!(e.to_string().contains("[REDACTED]"), "{e}");
    assert_eq!(server.requests(), 1, "401 is not retried");
}

#[tokio::test]
async fn a_page_that_is_not_json_ends_the_walk_with_a_page_error() {
    let server = hostile::serve("127.0.0.1", |_, n| match n {
        0 => Answer::json(200, &json!({"data": records(0, 1), "has_more": true})),
        _ => Answer::raw(200, "text/html", "<html>login</html>"),
    })
    .await;
    let items: Vec<_> = client(&server, config())
        .list_records_by_page()
        .items()
        .collect()
        .await;
    assert_eq!(ids(&items), ["r0"]);
    assert!(matches!(
        last_error(&items),
        RuntimeError::Page { page: 2, .. }
    ));
}

#[tokio::test]
async fn an_api_key_in_the_query_is_sent_on_every_page_and_shown_nowhere() {
    let server = hostile::serve("127.0.0.1", |seen, n| {
        match (seen.query("api_key").as_deref(), n) {
            (Some(KEY), 0) => Answer::json(
                200,
                &json!({"results": records(0, 1), "links": {"next": "/records/by-link?after=r0"}}),
            ),
            (Some(KEY), _) => {
                Answer::json(401, &json!({"message": format!("key {KEY} is revoked")}))
            }
            _ => Answer::json(403, &json!({"message": "no key"})),
        }
    })
    .await;
    let c =
        Client::with_config(&server.url, Credentials::query_key(KEY).unwrap(), config()).unwrap();
    let items: Vec<_> = c.list_records_by_link().items().collect().await;
    assert_eq!(ids(&items), ["r0"]);
    // The second page got the key too (the vendor's link did not carry it) and
    // answered 401 echoing it: the error says so without showing it.
    let e = last_error(&items);
    assert!(
        matches!(e, RuntimeError::Status { status: 401, .. }),
        "{e:?}"
    );
    assert!(e.to_string().contains("[REDACTED]"), "{e}");
    let seen = server.seen();
    assert_eq!(seen.len(), 2);
    assert!(
        seen.iter()
            .all(|s| s.query("api_key").as_deref() == Some(KEY))
    );
    assert_eq!(seen[1].query("after").as_deref(), Some("r0"));
    // A plain call's error carries no URL, so not the key in it either.
    let refused = hostile::serve("127.0.0.1", |_, _| {
        Answer::raw(200, "application/json", "{not json")
    })
    .await;
    let c =
        Client::with_config(&refused.url, Credentials::query_key(KEY).unwrap(), config()).unwrap();
    let e = c.get_thing().send().await.unwrap_err();
    assert_no_key(&format!("{e} {e:?}"));
}

#[tokio::test]
async fn a_walk_takes_its_own_caps_over_the_clients() {
    let server = hostile::serve("127.0.0.1", |seen, _| {
        let n = page_of(seen);
        Answer::json(200, &json!({"data": records(n * 10, 1), "has_more": true}))
    })
    .await;
    let c = client(&server, config().max_pages(500));
    let options = client_runtime::RequestOptions::new().max_pages(7);
    let items: Vec<_> = c
        .list_records_by_page()
        .items()
        .with_options(&options)
        .collect()
        .await;
    assert!(matches!(
        last_error(&items),
        RuntimeError::PageLimit { limit: 7 }
    ));
    assert_eq!(server.requests(), 7);
}
