//! Walks of three and more pages: Mifumo by page number (concurrently, the
//! page count known from `count`) and by `next` links (to another host and
//! path), the profile-payments vendor by `total_pages` and `has_next_page`;
//! a record that page-number paging repeats on the next page is yielded once,
//! and one that comes again with different content is reported.

use workspace_tests::local as common;

use billing_core::vendors::{mifumo, profile_payments};
use billing_core::{BillingProvider, PaymentQuery, connect};
use futures::StreamExt;
use serde_json::{Value, json};
use wiremock::matchers::{header, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn mifumo_record(id: &str, day: u32) -> Value {
    json!({"id": id, "type": "usage", "amount": -1.5, "currency": "USD", "status": "completed",
           "created_at": format!("2025-11-{day:02}T10:00:00Z")})
}

fn ids(payments: &[billing_core::Payment]) -> Vec<String> {
    payments.iter().map(|p| p.id.clone()).collect()
}

/// Serve each `(page number, body)` of `pages` once at `route`, told apart by
/// the `page` query parameter.
async fn serve_pages(
    server: &MockServer,
    route: &str,
    pages: impl IntoIterator<Item = (u32, Value)>,
) {
    for (n, body) in pages {
        Mock::given(path(route))
            .and(query_param("page", n.to_string()))
            .respond_with(ResponseTemplate::new(200).set_body_json(body))
            .expect(1)
            .mount(server)
            .await;
    }
}

async fn walk(provider: &dyn BillingProvider, query: &PaymentQuery) -> Vec<billing_core::Payment> {
    provider.payments(query).map(|p| p.unwrap()).collect().await
}

#[tokio::test]
async fn mifumo_numbered_pages_are_fetched_concurrently_in_order_with_an_empty_last_page() {
    let server = MockServer::start().await;
    let next = |n: u32| {
        json!(format!(
            "https://mifumosms.mifumolabs.com/api/billing/history/?page={n}&page_size=2"
        ))
    };
    // count says 4 pages of 2; the last is empty (a record was deleted while walking).
    let pages = [
        (
            1,
            json!({"count": 8, "next": next(2), "previous": null, "results": [mifumo_record("a", 1), mifumo_record("b", 2)]}),
        ),
        (
            2,
            json!({"count": 8, "next": next(3), "previous": next(1), "results": [mifumo_record("c", 3), mifumo_record("d", 4)]}),
        ),
        (
            3,
            json!({"count": 8, "next": next(4), "previous": next(2), "results": [mifumo_record("e", 5), mifumo_record("f", 6)]}),
        ),
        (
            4,
            json!({"count": 8, "next": null, "previous": next(3), "results": []}),
        ),
    ];
    for (n, body) in pages {
        Mock::given(method("GET"))
            .and(path("/api/billing/history/"))
            .and(query_param("page", n.to_string()))
            .and(query_param("page_size", "2"))
            .and(header(
                "authorization",
                format!("Bearer {}", common::KEY).as_str(),
            ))
            // Later pages answer faster: order must not follow completion.
            .respond_with(
                ResponseTemplate::new(200)
                    .set_body_json(body)
                    .set_delay(std::time::Duration::from_millis(50 - 10 * n as u64)),
            )
            .expect(1)
            .mount(&server)
            .await;
    }
    let provider = connect(mifumo::ID, common::config(&server.uri())).unwrap();
    let query = PaymentQuery {
        page_size: Some(2),
        ..Default::default()
    };
    assert_eq!(
        ids(&walk(provider.as_ref(), &query).await),
        ["a", "b", "c", "d", "e", "f"]
    );
}

#[tokio::test]
async fn mifumo_next_links_to_another_host_and_path_are_followed_on_the_configured_base() {
    let server = MockServer::start().await;
    let auth = format!("Bearer {}", common::KEY);
    Mock::given(path("/api/billing/history/"))
        .and(query_param("page", "1"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "count": 5, "previous": null, "results": [mifumo_record("a", 1), mifumo_record("b", 2)],
            "next": "https://mifumosms.mifumolabs.com/v2/billing/history-archive/?cursor=c2"
        })))
        .mount(&server)
        .await;
    Mock::given(path("/v2/billing/history-archive/"))
        .and(query_param("cursor", "c2"))
        .and(header("authorization", auth.as_str()))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "count": 5, "previous": null, "results": [mifumo_record("c", 3), mifumo_record("d", 4)],
            "next": "/v2/billing/history-archive/?cursor=c3"
        })))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(path("/v2/billing/history-archive/"))
        .and(query_param("cursor", "c3"))
        .and(header("authorization", auth.as_str()))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "count": 5, "previous": null, "results": [mifumo_record("e", 5)], "next": null
        })))
        .expect(1)
        .mount(&server)
        .await;
    let provider = connect(mifumo::ID, common::config(&server.uri())).unwrap();
    assert_eq!(
        ids(&walk(provider.as_ref(), &PaymentQuery::default()).await),
        ["a", "b", "c", "d", "e"]
    );
}

#[tokio::test]
async fn mifumo_a_next_link_loop_is_an_error_not_an_endless_walk() {
    let server = MockServer::start().await;
    Mock::given(path("/api/billing/history/"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "count": 1, "results": [mifumo_record("a", 1)], "next": "/elsewhere/?cursor=same"
        })))
        .mount(&server)
        .await;
    Mock::given(path("/elsewhere/"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "count": 1, "results": [], "next": "/elsewhere/?cursor=same"
        })))
        .expect(1)
        .mount(&server)
        .await;
    let provider = connect(mifumo::ID, common::config(&server.uri())).unwrap();
    let items: Vec<_> = provider.payments(&PaymentQuery::default()).collect().await;
    assert_eq!(items.len(), 2);
    let err = items[1].as_ref().unwrap_err();
    assert!(
        err.to_string()
            .contains("leads back to a page already read"),
        "{err}"
    );
}

fn profile_item(id: i64, day: u32) -> Value {
    json!({"id": id, "amount_due_usd": 9.99, "status": "paid", "currency": "usd",
           "created_at": format!("2023-03-{day:02}T10:00:00+02:00")})
}

fn profile_page(items: Vec<Value>, current: i64, total: i64, has_next: bool) -> Value {
    json!({"code": 200, "message": "ok", "data": {"items": items, "total_items": 7, "page_limit": 3,
           "has_next_page": has_next, "has_previous_page": current > 1, "total_pages": total, "current_page": current}})
}

#[tokio::test]
async fn profile_payments_known_page_count_walks_every_page_in_order() {
    let server = MockServer::start().await;
    let pages = [
        (
            1,
            profile_page(
                vec![profile_item(1, 1), profile_item(2, 2), profile_item(3, 3)],
                1,
                3,
                true,
            ),
        ),
        (
            2,
            profile_page(
                vec![profile_item(4, 4), profile_item(5, 5), profile_item(6, 6)],
                2,
                3,
                true,
            ),
        ),
        (3, profile_page(vec![profile_item(7, 7)], 3, 3, false)),
    ];
    for (n, body) in pages {
        Mock::given(path("/api/v1/profile/payments"))
            .and(query_param("page", n.to_string()))
            .and(query_param("page_limit", "3"))
            .respond_with(ResponseTemplate::new(200).set_body_json(body))
            .expect(1)
            .mount(&server)
            .await;
    }
    let provider = connect(profile_payments::ID, common::config(&server.uri())).unwrap();
    let query = PaymentQuery {
        page_size: Some(3),
        ..Default::default()
    };
    assert_eq!(
        ids(&walk(provider.as_ref(), &query).await),
        ["1", "2", "3", "4", "5", "6", "7"]
    );
}

#[tokio::test]
async fn profile_payments_has_next_page_beyond_total_pages_walks_on_sequentially() {
    let server = MockServer::start().await;
    // A vendor that reports total_pages 1 but keeps has_next_page true.
    let pages = [
        (1, profile_page(vec![profile_item(1, 1)], 1, 1, true)),
        (2, profile_page(vec![profile_item(2, 2)], 2, 1, true)),
        (3, profile_page(vec![], 3, 1, false)),
    ];
    serve_pages(&server, "/api/v1/profile/payments", pages).await;
    let provider = connect(profile_payments::ID, common::config(&server.uri())).unwrap();
    assert_eq!(
        ids(&walk(provider.as_ref(), &PaymentQuery::default()).await),
        ["1", "2"]
    );
}

#[tokio::test]
async fn mifumo_a_record_pushed_onto_the_next_page_while_walking_is_yielded_once() {
    let server = MockServer::start().await;
    let next = |n: u32| json!(format!("{}/api/billing/history/?page={n}", server.uri()));
    // A record was added at the head after page 1 was read: "b" moved to page 2.
    let pages = [
        (
            1,
            json!({"count": 6, "next": next(2), "results": [mifumo_record("a", 6), mifumo_record("b", 5)]}),
        ),
        (
            2,
            json!({"count": 7, "next": next(3), "results": [mifumo_record("b", 5), mifumo_record("c", 4)]}),
        ),
        (
            3,
            json!({"count": 7, "next": next(4), "results": [mifumo_record("c", 4), mifumo_record("d", 3)]}),
        ),
        (
            4,
            json!({"count": 7, "next": null, "results": [mifumo_record("e", 2)]}),
        ),
    ];
    serve_pages(&server, "/api/billing/history/", pages).await;
    let provider = connect(mifumo::ID, common::config(&server.uri())).unwrap();
    let payments = walk(provider.as_ref(), &PaymentQuery::default()).await;
    assert_eq!(ids(&payments), ["a", "b", "c", "d", "e"]);
}

#[tokio::test]
async fn profile_payments_a_repeat_is_yielded_once_and_a_changed_repeat_is_reported() {
    let server = MockServer::start().await;
    let page = |items: Vec<Value>, current: i64, has_next: bool| {
        let mut p = profile_page(items, current, 3, has_next);
        p["data"]["total_items"] = json!(6);
        p
    };
    let mut changed = profile_item(8, 8);
    changed["amount_due_usd"] = json!(1.5);
    let pages = [
        (
            1,
            page(vec![profile_item(9, 9), profile_item(8, 8)], 1, true),
        ),
        // 8 again, as it was: the list grew at its head while walking.
        (
            2,
            page(vec![profile_item(8, 8), profile_item(7, 7)], 2, true),
        ),
        // 8 again with another amount: both cannot be right.
        (3, page(vec![profile_item(6, 6), changed], 3, false)),
    ];
    serve_pages(&server, "/api/v1/profile/payments", pages).await;
    let provider = connect(profile_payments::ID, common::config(&server.uri())).unwrap();
    let items: Vec<_> = provider.payments(&PaymentQuery::default()).collect().await;
    let ids: Vec<String> = items.iter().flatten().map(|p| p.id.clone()).collect();
    assert_eq!(ids, ["9", "8", "7", "6"]);
    let conflicts: Vec<_> = items.iter().filter_map(|r| r.as_ref().err()).collect();
    assert_eq!(conflicts.len(), 1, "{items:?}");
    assert!(
        matches!(conflicts[0], billing_core::Error::Conflict { id, .. } if id == "8"),
        "{conflicts:?}"
    );
    assert!(
        items.last().unwrap().is_err(),
        "the conflict is reported where the copy came"
    );
}

#[tokio::test]
async fn a_date_range_is_applied_locally() {
    let server = MockServer::start().await;
    Mock::given(path("/api/billing/history/"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "count": 3, "next": null, "results": [mifumo_record("a", 1), mifumo_record("b", 10), mifumo_record("c", 20)]
        })))
        .mount(&server)
        .await;
    let provider = connect(mifumo::ID, common::config(&server.uri())).unwrap();
    let query = PaymentQuery {
        since: Some("2025-11-05T00:00:00Z".parse().unwrap()),
        until: Some("2025-11-20T10:00:00Z".parse().unwrap()),
        page_size: None,
    };
    assert_eq!(ids(&walk(provider.as_ref(), &query).await), ["b"]);
}
