//! Local servers and configs for tests of billing-core: fast client settings,
//! configs pointing at servers on 127.0.0.1, and a raw TCP server for answers
//! wiremock cannot give (a body cut short).

use std::time::Duration;

use billing_core::ProviderConfig;
use billing_core::client_runtime::Config;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

pub const KEY: &str = "sk-test-4e8d1f0a9b";

/// Client settings that keep tests fast: short backoff and timeouts.
pub fn fast_client() -> Config {
    Config::default()
        .max_attempts(3)
        .base_delay(Duration::from_millis(10))
        .max_delay(Duration::from_millis(50))
        .attempt_timeout(Duration::from_secs(2))
        .deadline(Duration::from_secs(20))
        .concurrency(8)
}

/// A config for a local server at `uri`.
pub fn config(uri: &str) -> ProviderConfig {
    let mut c = ProviderConfig::new(KEY).with_base_url(uri);
    c.client = fast_client();
    c
}

/// A server on 127.0.0.1 that answers every connection with `response`
/// (raw HTTP bytes) and closes. Returns its base URL.
pub async fn raw_server(response: Vec<u8>) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            let response = response.clone();
            tokio::spawn(async move {
                let mut buf = vec![0u8; 8192];
                let _ = socket.read(&mut buf).await;
                let _ = socket.write_all(&response).await;
                let _ = socket.shutdown().await;
            });
        }
    });
    format!("http://{addr}")
}

/// Every error of a ledger or stream, as text, must not contain the key.
pub fn assert_no_key(texts: impl IntoIterator<Item = String>) {
    for t in texts {
        assert!(!t.contains(KEY), "key leaked: {t}");
    }
}
