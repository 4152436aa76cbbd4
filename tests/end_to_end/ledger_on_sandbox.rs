//! The whole ledger against the spec-driven sandbox: every vendor, every page,
//! each with the credential its spec asks for.

use workspace_tests::local as common;

use billing_core::vendors::{autoposting, cekura, mifumo, profile_payments};
use billing_core::{Error, Ledger, PaymentQuery, ProviderConfig, VendorId, connect};
use billing_sandbox::{SANDBOX_KEY, Sandbox};

fn config(sandbox: &Sandbox, vendor: VendorId, key: &str) -> ProviderConfig {
    let mut c = ProviderConfig::new(key).with_base_url(sandbox.base_url(vendor.as_str()).unwrap());
    c.client = common::fast_client();
    c
}

#[tokio::test]
async fn the_ledger_reads_every_vendor_s_every_page_from_the_sandbox() {
    let sandbox = Sandbox::start(billing_core::vendors::documents()).await;
    let providers = VendorId::all()
        .map(|v| connect(v, config(&sandbox, v, SANDBOX_KEY)).unwrap())
        .collect();
    let query = PaymentQuery {
        page_size: Some(20),
        ..Default::default()
    };
    let report = Ledger::new(providers).payments(&query).await;
    assert!(report.is_complete(), "{:?}", report.vendors);
    let counts: Vec<_> = report
        .vendors
        .iter()
        .map(|v| (v.vendor, v.payments))
        .collect();
    assert_eq!(
        counts,
        [
            (autoposting::ID, 1),
            (cekura::ID, 3),
            (mifumo::ID, 45),
            (profile_payments::ID, 45)
        ]
    );
    assert!(
        report
            .payments
            .windows(2)
            .all(|w| w[0].created_at >= w[1].created_at),
        "newest first"
    );
    let mut ids: Vec<_> = report
        .payments
        .iter()
        .map(|p| (p.vendor, p.id.clone()))
        .collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 94, "no record twice");
}

#[tokio::test]
async fn a_wrong_key_is_an_authentication_error_for_every_vendor() {
    let sandbox = Sandbox::start(billing_core::vendors::documents()).await;
    let providers = VendorId::all()
        .map(|v| connect(v, config(&sandbox, v, "wrong-key")).unwrap())
        .collect();
    let report = Ledger::new(providers)
        .payments(&PaymentQuery::default())
        .await;
    assert!(report.payments.is_empty());
    for v in &report.vendors {
        assert!(
            matches!(v.errors[..], [Error::Authentication { status: 401, .. }]),
            "{}: {:?}",
            v.vendor,
            v.errors
        );
    }
}
