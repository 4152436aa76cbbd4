//! Walking 100 pages from a local server that answers each after 20 ms:
//! concurrently (the page count is known after page 1) against one page at a
//! time. Run: `cargo bench -p billing-core --bench paging`.

use billing_core::vendors::profile_payments;
use std::time::Duration;

use billing_core::{PaymentQuery, ProviderConfig, connect};
use criterion::{Criterion, criterion_group, criterion_main};
use futures::StreamExt;
use serde_json::json;
use wiremock::matchers::{path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

const PAGES: u64 = 100;

async fn server() -> MockServer {
    let server = MockServer::start().await;
    for n in 1..=PAGES {
        let items: Vec<_> = (0..10)
            .map(|i| json!({"id": n * 100 + i, "amount_due_usd": 9.99, "status": "paid", "created_at": "2023-03-15T15:11:59+02:00"}))
            .collect();
        let body = json!({"code": 200, "message": "ok", "data": {"items": items, "total_items": PAGES * 10, "page_limit": 10,
            "has_next_page": n < PAGES, "has_previous_page": n > 1, "total_pages": PAGES, "current_page": n}});
        Mock::given(path("/api/v1/profile/payments"))
            .and(query_param("page", n.to_string()))
            .respond_with(
                ResponseTemplate::new(200)
                    .set_body_json(body)
                    .set_delay(Duration::from_millis(20)),
            )
            .mount(&server)
            .await;
    }
    server
}

fn bench(c: &mut Criterion) {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    let server = runtime.block_on(server());
    let mut group = c.benchmark_group("walk 100 pages, 20 ms each");
    group.sample_size(10);
    for (name, concurrency) in [("concurrent (8 in flight)", 8), ("sequential", 1)] {
        let mut config = ProviderConfig::new("bench-key").with_base_url(server.uri());
        config.client.concurrency = concurrency;
        let provider = connect(profile_payments::ID, config).unwrap();
        group.bench_function(name, |b| {
            b.to_async(&runtime).iter(|| async {
                let n = provider.payments(&PaymentQuery::default()).count().await;
                assert_eq!(n as u64, PAGES * 10);
            })
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
