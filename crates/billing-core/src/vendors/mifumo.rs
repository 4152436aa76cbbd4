//! Mifumo SMS: Django-REST-style pages (`{count, next, previous, results}`),
//! amounts as JSON numbers (kept exact), negative for usage.
//!
//! The walk asks for page 1. When its `next` link is the same endpoint with
//! `page=2` and `count` says how many records there are, the remaining pages
//! are known and fetched concurrently (bounded, yielded in order); after them,
//! or otherwise, `next` links are followed one by one. A `next` link on
//! another host is re-anchored on the configured base URL, so the credential
//! never goes anywhere but there.

use std::collections::HashSet;
use std::num::NonZeroU64;

use futures::StreamExt;
use futures::stream::BoxStream;
use mifumo_client::types::{BillingHistoryPage, BillingRecord};
use mifumo_client::{Client, ClientInfo, Credentials};
use secrecy::{ExposeSecret, SecretString};
use url::Url;

use crate::error::{Error, Operation};
use crate::model::{Payment, PaymentKind, PaymentStatus};
use crate::money::{self, Money};
use crate::paging::{self, MAX_PAGES};
use crate::config::ProviderConfig;
use crate::provider::{BillingProvider, PaymentStream};
use crate::query::PaymentQuery;
use crate::raw::RawRecord;
use crate::retry::RetryPolicy;
use crate::transport;
use crate::vendor::VendorId;
use crate::entry::VendorEntry;
use crate::adapter_support::named;

/// The vendor's id.
pub const ID: VendorId = VendorId::new("mifumo");

/// The vendor's registry entry.
pub(crate) const ENTRY: VendorEntry = VendorEntry {
    id: ID,
    name: "Mifumo SMS",
    client_crate: "mifumo-client",
    default_base_url: mifumo_client::DEFAULT_BASE_URL,
    openapi_document: mifumo_client::OPENAPI_DOCUMENT,
    options: &[],
    connect: |config| Ok(std::sync::Arc::new(Mifumo::new(config)?)),
};

const HISTORY: Operation = Operation {
    vendor: ID,
    name: "getBillingHistory",
};
/// The operation's path in the spec.
const PATH: &str = "/api/billing/history/";

/// The Mifumo adapter (sends the key as a bearer token).
#[derive(Debug)]
pub struct Mifumo {
    client: Client,
    base: Url,
    secret: SecretString,
    retry: RetryPolicy,
    concurrency: usize,
}

impl Mifumo {
    /// An adapter for `config` (its base URL, if any, must be https or loopback http).
    pub fn new(config: ProviderConfig) -> Result<Self, Error> {
        let vendor = ID;
        let (base, http) = transport::connection(vendor, mifumo_client::DEFAULT_BASE_URL, &config)?;
        let credentials = Credentials::bearer_auth(config.api_key.expose_secret())
            .map_err(|e| transport::bad_credential(vendor, &e))?;
        Ok(Self {
            client: Client::new_with_client(&base, http, credentials),
            base: Url::parse(&base).expect("validated"),
            secret: config.api_key,
            retry: config.retry,
            concurrency: config.concurrency,
        })
    }

    /// Page `n` by number, through the generated client.
    async fn numbered(&self, n: u64, size: Option<u32>) -> Result<BillingHistoryPage, Error> {
        self.retry
            .run(HISTORY, || {
                let mut request = self
                    .client
                    .get_billing_history()
                    .page(NonZeroU64::new(n).expect("pages start at 1"));
                if let Some(size) = size.and_then(|s| NonZeroU64::new(u64::from(s))) {
                    request = request.page_size(size);
                }
                transport::call(HISTORY, &self.secret, request.send())
            })
            .await
    }

    /// The page a `next` link points at, with the same credential.
    async fn linked(&self, url: &Url) -> Result<BillingHistoryPage, Error> {
        self.retry
            .run(HISTORY, || async {
                let http = self.client.client();
                let mut request = http
                    .get(url.clone())
                    .build()
                    .map_err(|e| transport::transport_error(HISTORY, &e))?;
                self.client.inner().apply_to(&mut request);
                let response = http
                    .execute(request)
                    .await
                    .map_err(|e| transport::transport_error(HISTORY, &e))?;
                transport::decode(HISTORY, &self.secret, response).await
            })
            .await
    }

    /// Where a `next` link leads, re-anchored on the base URL if it names
    /// another origin.
    pub fn resolve_next(&self, next: &str) -> Result<Url, Error> {
        let bad = |detail: String| Error::Malformed {
            op: HISTORY,
            status: None,
            detail,
            body: String::new(),
        };
        let url = self
            .base
            .join(next)
            .map_err(|e| bad(format!("next link {next:?} is not a URL: {e}")))?;
        if url.origin() == self.base.origin() {
            return Ok(url);
        }
        let mut anchored = self.base.clone();
        let prefix = self.base.path().trim_end_matches('/');
        anchored.set_path(&format!("{prefix}{}", url.path()));
        anchored.set_query(url.query());
        Ok(anchored)
    }

    /// Whether `next` is this endpoint's page 2, so pages can be fetched by number.
    fn is_numbered(&self, next: &Url) -> bool {
        let prefix = self.base.path().trim_end_matches('/');
        next.path() == format!("{prefix}{PATH}")
            && next.query_pairs().any(|(k, v)| k == "page" && v == "2")
    }

    /// Every page, as described in the module docs.
    fn pages(&self, size: Option<u32>) -> BoxStream<'_, Result<BillingHistoryPage, Error>> {
        let start = Cursor {
            walk: Walk::Start,
            seen: HashSet::new(),
            followed: 0,
        };
        futures::stream::unfold(Some(start), move |cursor| async move {
            self.step(cursor?, size).await
        })
        .boxed()
    }

    /// The next page of the walk, and where the walk is after it.
    async fn step<'a>(&'a self, mut cursor: Cursor<'a>, size: Option<u32>) -> Step<'a> {
        loop {
            match std::mem::replace(&mut cursor.walk, Walk::Linked(None)) {
                Walk::Start => return self.first_page(cursor, size).await,
                Walk::Numbered(mut rest, last_next) => match rest.next().await {
                    Some(Ok(page)) => {
                        cursor.walk = Walk::Numbered(rest, page.next.clone());
                        return Some((Ok(page), Some(cursor)));
                    }
                    Some(Err(e)) => return Some((Err(e), None)),
                    // The known pages are done; the last may still link on
                    // (records added while walking): follow it.
                    None => cursor.walk = Walk::Linked(last_next),
                },
                Walk::Linked(None) => return None,
                Walk::Linked(Some(next)) => return self.follow(cursor, &next).await,
            }
        }
    }

    /// Page 1, and how the rest is walked: by number (concurrently, the count
    /// being known) when its `next` link is page 2 of the same list, else by links.
    async fn first_page<'a>(&'a self, mut cursor: Cursor<'a>, size: Option<u32>) -> Step<'a> {
        let first = match self.numbered(1, size).await {
            Ok(p) => p,
            Err(e) => return Some((Err(e), None)),
        };
        let next = first.next.clone();
        let numbered = match next.as_deref().map(|n| self.resolve_next(n)) {
            Some(Ok(url)) => self.is_numbered(&url) && !first.results.is_empty(),
            Some(Err(e)) => return Some((Err(e), None)),
            None => false,
        };
        cursor.walk = if numbered {
            let per_page = first.results.len() as u64;
            let total = (u64::try_from(first.count).unwrap_or(0))
                .div_ceil(per_page)
                .min(MAX_PAGES);
            let rest = paging::ordered(2, total, self.concurrency, move |n| {
                self.numbered(n, size)
            });
            Walk::Numbered(rest, None)
        } else {
            Walk::Linked(next)
        };
        Some((Ok(first), Some(cursor)))
    }

    /// Follow a `next` link, unless it leads back to a page already read.
    async fn follow<'a>(&'a self, mut cursor: Cursor<'a>, next: &str) -> Step<'a> {
        let url = match self.resolve_next(next) {
            Ok(u) => u,
            Err(e) => return Some((Err(e), None)),
        };
        cursor.followed += 1;
        if !cursor.seen.insert(url.clone()) || cursor.followed > MAX_PAGES {
            let detail = format!("next link {url} leads back to a page already read");
            let error = Error::Malformed {
                op: HISTORY,
                status: None,
                detail,
                body: String::new(),
            };
            return Some((Err(error), None));
        }
        match self.linked(&url).await {
            Ok(page) => {
                cursor.walk = Walk::Linked(page.next.clone());
                Some((Ok(page), Some(cursor)))
            }
            Err(e) => Some((Err(e), None)),
        }
    }
}

/// How a walk over Mifumo's pages goes on.
enum Walk<'a> {
    /// Nothing read yet.
    Start,
    /// Pages 2.. by number, and the last one's `next` link.
    Numbered(
        BoxStream<'a, Result<BillingHistoryPage, Error>>,
        Option<String>,
    ),
    /// By `next` links.
    Linked(Option<String>),
}

/// A walk between two pages: where it is, the links it followed, and how many.
struct Cursor<'a> {
    walk: Walk<'a>,
    seen: HashSet<Url>,
    followed: u64,
}

/// One page and the walk after it (`None`: the walk is over).
type Step<'a> = Option<(Result<BillingHistoryPage, Error>, Option<Cursor<'a>>)>;

/// The kind a Mifumo record `type` stands for.
fn kind(t: Option<&str>) -> PaymentKind {
    use PaymentKind::*;
    match t {
        None | Some("") => Unspecified,
        Some(t) => named(
            t,
            &[
                ("purchase", Purchase),
                ("payment", Payment),
                ("usage", Usage),
                ("refund", Refund),
            ],
        )
        .unwrap_or_else(|| Other(t.to_owned())),
    }
}

/// The status a Mifumo record `status` stands for.
fn status(s: Option<&str>) -> PaymentStatus {
    use PaymentStatus::*;
    match s {
        None | Some("") => Unspecified,
        Some(s) => named(
            s,
            &[
                ("completed", Paid),
                ("paid", Paid),
                ("succeeded", Paid),
                ("success", Paid),
                ("pending", Pending),
                ("processing", Pending),
                ("failed", Failed),
                ("refunded", Refunded),
                ("cancelled", Void),
                ("canceled", Void),
                ("void", Void),
            ],
        )
        .unwrap_or_else(|| Other(s.to_owned())),
    }
}

/// One Mifumo billing record as a [`Payment`].
pub fn normalize(record: &BillingRecord, raw: RawRecord) -> Result<Payment, Error> {
    let bad = |detail: String| crate::adapter_support::bad_record(HISTORY, Some(&record.id), detail);
    let currency = money::currency(record.currency.as_deref()).map_err(|e| bad(e.to_string()))?;
    let amount =
        Money::from_major(record.amount.as_str(), currency).map_err(|e| bad(e.to_string()))?;
    Ok(Payment {
        vendor: ID,
        id: record.id.clone(),
        kind: kind(record.type_.as_deref()),
        status: status(record.status.as_deref()),
        amount,
        description: record.description.clone(),
        created_at: record.created_at,
        paid_at: None,
        raw,
    })
}

impl BillingProvider for Mifumo {
    fn vendor(&self) -> VendorId {
        ID
    }

    fn payments(&self, query: &PaymentQuery) -> PaymentStream<'_> {
        paging::payments(
            self.pages(query.page_size),
            query,
            |page| page.results,
            normalize,
        )
    }
}
