//! The sandbox serves each vendor as its spec describes: documented examples,
//! pages in the vendor's style, and 401 without the credential.

use billing_sandbox::{SANDBOX_KEY, Sandbox};
use serde_json::Value;

async fn get(url: &str, header: Option<(&str, String)>) -> (u16, Value) {
    let mut request = reqwest::Client::new().get(url);
    if let Some((name, value)) = header {
        request = request.header(name, value);
    }
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

fn bearer() -> Option<(&'static str, String)> {
    Some(("authorization", format!("Bearer {SANDBOX_KEY}")))
}

#[tokio::test]
async fn every_vendor_is_served_on_loopback() {
    let sandbox = Sandbox::start(billing_core::vendors::documents()).await;
    let vendors: Vec<_> = sandbox.vendors().collect();
    assert_eq!(
        vendors,
        ["autoposting", "cekura", "mifumo", "profile-payments"]
    );
    for v in vendors {
        assert!(
            sandbox
                .base_url(v)
                .unwrap()
                .starts_with("http://127.0.0.1:"),
            "{v}"
        );
    }
}

#[tokio::test]
async fn requests_without_the_spec_s_credential_get_401() {
    let sandbox = Sandbox::start(billing_core::vendors::documents()).await;
    let cekura = format!(
        "{}/test_framework/billing/info/",
        sandbox.base_url("cekura").unwrap()
    );
    assert_eq!(get(&cekura, None).await.0, 401);
    assert_eq!(
        get(&cekura, bearer()).await.0,
        401,
        "Cekura wants X-CEKURA-API-KEY, not a bearer token"
    );
    assert_eq!(
        get(&cekura, Some(("x-cekura-api-key", "wrong".into())))
            .await
            .0,
        401
    );
    assert_eq!(
        get(&cekura, Some(("x-cekura-api-key", SANDBOX_KEY.into())))
            .await
            .0,
        200
    );

    let autoposting = format!(
        "{}/billing/history",
        sandbox.base_url("autoposting").unwrap()
    );
    let (status, body) = get(&autoposting, None).await;
    assert_eq!(status, 401);
    assert_eq!(
        body["error"], "unauthorized",
        "the spec's documented 401 example"
    );
    assert_eq!(
        get(&autoposting, Some(("x-api-key", SANDBOX_KEY.into())))
            .await
            .0,
        200
    );
    assert_eq!(get(&autoposting, bearer()).await.0, 200);
}

#[tokio::test]
async fn documented_examples_are_served() {
    let sandbox = Sandbox::start(billing_core::vendors::documents()).await;
    let (_, body) = get(
        &format!(
            "{}/billing/history",
            sandbox.base_url("autoposting").unwrap()
        ),
        bearer(),
    )
    .await;
    assert_eq!(body["data"]["invoices"][0]["id"], "inv_abc123");
    let (_, info) = get(
        &format!(
            "{}/test_framework/billing/info/",
            sandbox.base_url("cekura").unwrap()
        ),
        Some(("x-cekura-api-key", SANDBOX_KEY.into())),
    )
    .await;
    assert_eq!(info["credits_remaining"], "7436.08");
}

#[tokio::test]
async fn mifumo_pages_with_count_and_next_links() {
    let sandbox = Sandbox::start(billing_core::vendors::documents()).await;
    let mut url = format!(
        "{}/api/billing/history/?page=1&page_size=20",
        sandbox.base_url("mifumo").unwrap()
    );
    let mut seen = 0;
    let mut pages = 0;
    loop {
        let (status, body) = get(&url, bearer()).await;
        assert_eq!(status, 200);
        assert_eq!(body["count"], 45);
        seen += body["results"].as_array().unwrap().len();
        pages += 1;
        match body["next"].as_str() {
            Some(next) => url = next.to_owned(),
            None => break,
        }
    }
    assert_eq!((pages, seen), (3, 45));
}

#[tokio::test]
async fn profile_payments_pages_in_its_envelope() {
    let sandbox = Sandbox::start(billing_core::vendors::documents()).await;
    let base = sandbox.base_url("profile-payments").unwrap();
    let (_, first) = get(&format!("{base}/api/v1/profile/payments?page=1"), bearer()).await;
    assert_eq!(first["data"]["total_pages"], 5);
    assert_eq!(first["data"]["has_next_page"], true);
    assert_eq!(first["data"]["items"].as_array().unwrap().len(), 10);
    let (_, last) = get(&format!("{base}/api/v1/profile/payments?page=5"), bearer()).await;
    assert_eq!(last["data"]["items"].as_array().unwrap().len(), 5);
    assert_eq!(last["data"]["has_next_page"], false);
    assert_eq!(
        get(&format!("{base}/api/v1/profile/payments?page=6"), bearer())
            .await
            .0,
        404
    );
}
