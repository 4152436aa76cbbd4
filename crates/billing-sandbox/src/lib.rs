//! A sandbox: vendors' billing APIs, each mocked from the normalised OpenAPI
//! document its client was generated from. The caller says which vendors and
//! documents (`billing_core::REGISTRY` lists every vendor of the ledger), so
//! the sandbox depends on no vendor and no billing model.
//!
//! Each vendor gets its own server on 127.0.0.1. Every GET operation answers
//! with the spec's documented example (or data made from its schema); where
//! the operation pages (its `x-pagination`, the description the generated
//! client walks by), the sandbox serves [`paging::RECORDS`] records across
//! pages as it describes; and every request must carry
//! the credential the spec's `securitySchemes` ask for (401 otherwise).
//!
//! ```no_run
//! # async fn example() {
//! let documents = [("mifumo", "{\"openapi\": \"3.0.3\", \"paths\": {}}")];
//! let sandbox = billing_sandbox::Sandbox::start(documents).await;
//! let url = sandbox.base_url("mifumo").unwrap();
//! // ... point a client at `url` with the key billing_sandbox::SANDBOX_KEY
//! # }
//! ```

pub mod data;
pub mod paging;
pub mod spec;

use serde_json::{Value, json};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

use crate::spec::{Operation, Scheme};

/// The credential the sandbox accepts unless told otherwise.
pub const SANDBOX_KEY: &str = "sandbox-key";

/// Answers one operation.
struct Handler {
    op: Operation,
    /// The server's own base URL, for `next` links.
    base: url::Url,
    key: String,
    body: Value,
    records: Vec<Value>,
    default_size: usize,
}

impl Handler {
    fn new(op: Operation, key: &str, base: &str) -> Self {
        let body = op
            .example
            .clone()
            .unwrap_or_else(|| data::from_schema(&op.schema));
        let (records, default_size) = match &op.pagination {
            // One page: the documented answer as it is.
            Some(p) if p.style == client_runtime::paging::Style::Single => {
                (paging::items(p, &body), usize::MAX)
            }
            Some(p) => (
                data::dataset(&paging::items(p, &body), paging::RECORDS),
                paging::documented_size(p, &body).unwrap_or(20),
            ),
            None => (Vec::new(), 20),
        };
        let base = url::Url::parse(base).expect("wiremock gives a URL");
        Self {
            op,
            base,
            key: key.to_owned(),
            body,
            records,
            default_size,
        }
    }

    /// Whether `request` satisfies one of the operation's auth alternatives.
    fn authorized(&self, request: &Request) -> bool {
        if self.op.auth.is_empty() {
            return true;
        }
        let header = |name: &str| {
            request
                .headers
                .get(name)
                .and_then(|v| v.to_str().ok())
                .unwrap_or_default()
                .to_owned()
        };
        self.op.auth.iter().any(|alternative| {
            alternative.iter().all(|scheme| match scheme {
                Scheme::Bearer => {
                    let value = header("authorization");
                    value.len() > 7
                        && value[..7].eq_ignore_ascii_case("bearer ")
                        && value[7..] == self.key
                }
                Scheme::Header(name) => header(name) == self.key,
            })
        })
    }

    fn number(request: &Request, name: Option<&str>) -> Option<usize> {
        paging::number(&request.url, name?)
    }
}

impl Respond for Handler {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        if !self.authorized(request) {
            let body = self.op.unauthorized.clone().unwrap_or_else(|| json!({"detail": "Authentication credentials were not provided or are invalid."}));
            return ResponseTemplate::new(401).set_body_json(body);
        }
        let Some(pagination) = &self.op.pagination else {
            return ResponseTemplate::new(200).set_body_json(self.body.clone());
        };
        let size = Self::number(request, pagination.size_param.as_deref())
            .unwrap_or(self.default_size)
            .min(100);
        // wiremock's request URL names no real host: rebuild it on the server's.
        let mut url = self.base.clone();
        url.set_path(request.url.path());
        url.set_query(request.url.query());
        match paging::page(pagination, &self.body, &self.records, &url, size) {
            Some(body) => ResponseTemplate::new(200).set_body_json(body),
            None => ResponseTemplate::new(404).set_body_json(json!({"detail": "Invalid page."})),
        }
    }
}

/// Running mock servers, one per vendor. Dropping it stops them.
pub struct Sandbox {
    servers: Vec<(&'static str, MockServer)>,
}

impl Sandbox {
    /// Start one server per `(vendor id, OpenAPI document)`, accepting [`SANDBOX_KEY`].
    pub async fn start(documents: impl IntoIterator<Item = (&'static str, &str)>) -> Self {
        Self::start_with_key(documents, SANDBOX_KEY).await
    }

    /// Start one server per `(vendor id, OpenAPI document)`, accepting `key`.
    /// The documents are the generated crates' `OPENAPI_DOCUMENT`s.
    pub async fn start_with_key(
        documents: impl IntoIterator<Item = (&'static str, &str)>,
        key: &str,
    ) -> Self {
        let mut servers = Vec::new();
        for (vendor, document) in documents {
            let doc: Value =
                serde_json::from_str(document).expect("generated crates carry valid JSON");
            let server = MockServer::start().await;
            for op in spec::operations(&doc) {
                let route = op.path.clone();
                Mock::given(method("GET"))
                    .and(path(route))
                    .respond_with(Handler::new(op, key, &server.uri()))
                    .mount(&server)
                    .await;
            }
            servers.push((vendor, server));
        }
        Self { servers }
    }

    /// The base URL of `vendor`'s server (`http://127.0.0.1:<port>`).
    pub fn base_url(&self, vendor: &str) -> Option<String> {
        self.servers
            .iter()
            .find(|(v, _)| *v == vendor)
            .map(|(_, s)| s.uri())
    }

    /// The vendors served.
    pub fn vendors(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.servers.iter().map(|(v, _)| *v)
    }
}
