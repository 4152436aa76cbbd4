//! Decoding and normalising 100k payment records per vendor, against plain
//! serde decoding into the generated type (the floor). The records are each
//! vendor's documented example records (read from `specs/`), repeated with
//! distinct ids, in the vendor's own envelope. Run:
//! `cargo bench -p billing-core --bench normalize`.

use billing_core::VendorRecord;
use billing_core::records::{Normalize, normalize_page};
use criterion::{BenchmarkGroup, BenchmarkId, Criterion, Throughput, measurement::WallTime};
use criterion::{criterion_group, criterion_main};
use serde::de::DeserializeOwned;
use serde_json::Value;

const RECORDS: usize = 100_000;

/// The documented example response of `rel` at `pointer`, its record array
/// (at `items` inside it; `""` when the response is the array) grown to [`RECORDS`] records with distinct ids.
fn body(rel: &str, pointer: &str, items: &str) -> Vec<u8> {
    let mut doc: Value = serde_json::from_str(&workspace_tests::example(rel, pointer)).unwrap();
    let documented = doc.pointer(items).unwrap().as_array().unwrap().clone();
    let records: Vec<Value> = (0..RECORDS)
        .map(|i| {
            let mut r = documented[i % documented.len()].clone();
            r["id"] = match &r["id"] {
                Value::String(id) => Value::from(format!("{id}-{i}")),
                _ => Value::from(i),
            };
            r
        })
        .collect();
    *doc.pointer_mut(items).unwrap() = Value::Array(records);
    serde_json::to_vec(&doc).unwrap()
}

/// Bench one vendor: `T` is the generated response type, `records` takes its
/// records out, `normalize` is the adapter's (run as the adapter's stream
/// runs it, through `paging::normalize_page`).
fn vendor<T: DeserializeOwned, R: VendorRecord>(
    group: &mut BenchmarkGroup<'_, WallTime>,
    name: &str,
    bytes: &[u8],
    records: fn(T) -> Vec<R>,
    normalize: Normalize<R>,
) {
    group.bench_with_input(BenchmarkId::new("serde decode", name), bytes, |b, bytes| {
        b.iter(|| serde_json::from_slice::<T>(bytes).unwrap())
    });
    group.bench_with_input(
        BenchmarkId::new("decode + normalise", name),
        bytes,
        |b, bytes| {
            b.iter(|| {
                let page: T = serde_json::from_slice(bytes).unwrap();
                let payments = normalize_page(records(page), normalize);
                assert!(payments.iter().all(Result::is_ok));
                payments
            })
        },
    );
}

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("100k records");
    group.throughput(Throughput::Elements(RECORDS as u64));
    group.sample_size(10);

    let ok = "/content/application~1json/example";
    vendor(
        &mut group,
        "mifumo",
        &body(
            "mifumo/openapi.yaml",
            &format!("/paths/~1api~1billing~1history~1/get/responses/200{ok}"),
            "/results",
        ),
        |p: mifumo_client::types::BillingHistoryPage| p.results,
        billing_core::vendors::mifumo::normalize,
    );
    vendor(
        &mut group,
        "cekura",
        &body("cekura/overlay.yaml", "/actions/3/update/example", ""),
        |p: Vec<cekura_client::types::PaymentHistory>| p,
        billing_core::vendors::cekura::normalize,
    );
    vendor(
        &mut group,
        "autoposting",
        &body(
            "autoposting/billing-history.yaml",
            &format!("/paths/~1billing~1history/get/responses/200{ok}"),
            "/data/invoices",
        ),
        |p: autoposting_client::types::GetBillingHistoryResponse| p.data.invoices,
        billing_core::vendors::autoposting::normalize,
    );
    vendor(
        &mut group,
        "profile-payments",
        &body(
            "profile-payments/openapi.yaml",
            &format!("/paths/~1api~1v1~1profile~1payments/get/responses/200{ok}"),
            "/data/items",
        ),
        |p: profile_payments_client::types::PaymentsEnvelope| p.data.items,
        billing_core::vendors::profile_payments::normalize,
    );
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
