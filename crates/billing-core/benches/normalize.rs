//! Decoding and normalising 100k payment records per vendor, against plain
//! serde decoding into the generated type (the floor). Run:
//! `cargo bench -p billing-core --bench normalize`.

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use serde_json::json;

const RECORDS: usize = 100_000;

fn mifumo_page() -> Vec<u8> {
    let results: Vec<_> = (0..RECORDS)
        .map(|i| json!({"id": format!("550e8400-e29b-41d4-a716-{i:012}"), "type": "usage", "description": "SMS Usage - 500 messages",
                        "amount": -25.10, "currency": "USD", "status": "completed", "created_at": "2025-11-15T10:00:00Z"}))
        .collect();
    serde_json::to_vec(
        &json!({"count": RECORDS, "next": null, "previous": null, "results": results}),
    )
    .unwrap()
}

fn cekura_page() -> Vec<u8> {
    let records: Vec<_> = (0..RECORDS)
        .map(|i| json!({"id": i, "amount": "49.00", "currency": "USD", "payment_type": "subscription",
                        "description": "Pro", "stripe_payment_intent_id": "pi_1", "created_at": "2026-05-15T10:00:00Z"}))
        .collect();
    serde_json::to_vec(&records).unwrap()
}

fn autoposting_page() -> Vec<u8> {
    let invoices: Vec<_> = (0..RECORDS)
        .map(|i| json!({"id": format!("inv_{i}"), "amount": 4900, "currency": "usd", "status": "paid",
                        "description": "Pro Plan - January 2024", "paidAt": "2024-01-01T00:00:00Z", "invoiceUrl": "https://x"}))
        .collect();
    serde_json::to_vec(&json!({"success": true, "data": {"invoices": invoices}})).unwrap()
}

fn profile_page() -> Vec<u8> {
    let items: Vec<_> = (0..RECORDS)
        .map(|i| json!({"id": i, "amount_due_usd": 15.0, "amount_refunded_usd": 0.0, "reference": "1014c5ec-0", "status": "paid",
                        "currency": "usd", "period_start": "2023-03-15T13:11:50+02:00", "total": 1500, "amount_due": 1500,
                        "created_at": "2023-03-15T15:11:59+02:00", "updated_at": "2023-03-15T15:11:59+02:00",
                        "subscription_log": {"id": 979, "is_expired": true, "subscription_plan": {"id": 2, "plan_name": "Weekly", "amount": 15}}}))
        .collect();
    serde_json::to_vec(&json!({"code": 200, "message": "ok", "data": {"items": items, "total_items": RECORDS, "page_limit": RECORDS,
        "has_next_page": false, "has_previous_page": false, "total_pages": 1, "current_page": 1}}))
    .unwrap()
}

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("100k records");
    group.throughput(Throughput::Elements(RECORDS as u64));
    group.sample_size(10);

    let bytes = mifumo_page();
    group.bench_with_input(
        BenchmarkId::new("serde decode", "mifumo"),
        &bytes,
        |b, bytes| {
            b.iter(|| {
                serde_json::from_slice::<mifumo_client::types::BillingHistoryPage>(bytes).unwrap()
            })
        },
    );
    group.bench_with_input(
        BenchmarkId::new("decode + normalise", "mifumo"),
        &bytes,
        |b, bytes| {
            b.iter(|| {
                let page: mifumo_client::types::BillingHistoryPage =
                    serde_json::from_slice(bytes).unwrap();
                page.results
                    .into_iter()
                    .map(|r| billing_core::vendors::mifumo::normalize(r).unwrap())
                    .collect::<Vec<_>>()
            })
        },
    );

    let bytes = cekura_page();
    group.bench_with_input(
        BenchmarkId::new("serde decode", "cekura"),
        &bytes,
        |b, bytes| {
            b.iter(|| {
                serde_json::from_slice::<Vec<cekura_client::types::PaymentHistory>>(bytes).unwrap()
            })
        },
    );
    group.bench_with_input(
        BenchmarkId::new("decode + normalise", "cekura"),
        &bytes,
        |b, bytes| {
            b.iter(|| {
                let page: Vec<cekura_client::types::PaymentHistory> =
                    serde_json::from_slice(bytes).unwrap();
                page.into_iter()
                    .map(|r| billing_core::vendors::cekura::normalize(r).unwrap())
                    .collect::<Vec<_>>()
            })
        },
    );

    let bytes = autoposting_page();
    group.bench_with_input(
        BenchmarkId::new("serde decode", "autoposting"),
        &bytes,
        |b, bytes| {
            b.iter(|| {
                serde_json::from_slice::<autoposting_client::types::GetBillingHistoryResponse>(
                    bytes,
                )
                .unwrap()
            })
        },
    );
    group.bench_with_input(
        BenchmarkId::new("decode + normalise", "autoposting"),
        &bytes,
        |b, bytes| {
            b.iter(|| {
                let page: autoposting_client::types::GetBillingHistoryResponse =
                    serde_json::from_slice(bytes).unwrap();
                page.data
                    .invoices
                    .into_iter()
                    .map(|r| billing_core::vendors::autoposting::normalize(r).unwrap())
                    .collect::<Vec<_>>()
            })
        },
    );

    let bytes = profile_page();
    group.bench_with_input(
        BenchmarkId::new("serde decode", "profile-payments"),
        &bytes,
        |b, bytes| {
            b.iter(|| {
                serde_json::from_slice::<profile_payments_client::types::PaymentsEnvelope>(bytes)
                    .unwrap()
            })
        },
    );
    group.bench_with_input(
        BenchmarkId::new("decode + normalise", "profile-payments"),
        &bytes,
        |b, bytes| {
            b.iter(|| {
                let page: profile_payments_client::types::PaymentsEnvelope =
                    serde_json::from_slice(bytes).unwrap();
                page.data
                    .items
                    .into_iter()
                    .map(|r| billing_core::vendors::profile_payments::normalize(r).unwrap())
                    .collect::<Vec<_>>()
            })
        },
    );
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
