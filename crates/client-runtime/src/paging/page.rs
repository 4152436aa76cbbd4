//! One page: fetched under the walk's settings and read as its
//! description says: its items, each decoded on its own, and the signals
//! that say what comes after it.

use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};

use serde::de::DeserializeOwned;
use serde_json::value::RawValue;
use url::Url;

use super::json;
use super::Pagination;
use crate::config::Config;
use crate::error::Error;
use crate::exec::execute_with;
use crate::inner::Inner;
use crate::redact::Redactor;

/// What every page fetch of a walk shares.
pub(super) struct Ctx<'a, C> {
    pub(super) p: &'static Pagination,
    pub(super) http: &'a reqwest::Client,
    pub(super) inner: &'a Inner<C>,
    pub(super) config: Config,
}

/// One page, its items decoded, and what it says about the next.
pub(super) struct Page<T> {
    pub(super) number: u64,
    /// Where this page starts: its page number or offset.
    pub(super) position: u64,
    pub(super) url: Url,
    pub(super) items: Vec<Result<T, Error>>,
    pub(super) digest: u64,
    pub(super) signals: Signals,
}

/// What a page says about the pages after it.
#[derive(Clone, Default)]
pub(super) struct Signals {
    pub(super) next: Option<String>,
    pub(super) cursor: Option<String>,
    pub(super) has_more: Option<bool>,
    pub(super) total_pages: Option<u64>,
    pub(super) total_items: Option<u64>,
}

/// Fetch and read page `number` (at `position`).
pub(super) async fn fetch<C, T: DeserializeOwned>(
    ctx: &Ctx<'_, C>,
    request: reqwest::Request,
    number: u64,
    position: u64,
) -> Result<Page<T>, Error> {
    let redactor = ctx.inner.redactor();
    let url = request.url().clone();
    let response =
        execute_with(ctx.http, &ctx.config, request)
            .await
            .map_err(|(e, budget)| match e.is_timeout() {
                true => Error::Timeout { after: budget },
                false => Error::from_reqwest(e, redactor),
            })?;
    let status = response.status();
    let retry_after = crate::retry::retry_after(response.headers(), std::time::SystemTime::now());
    let body = response.bytes().await.map_err(|e| match Error::find(&e) {
        Some(found) => found.clone(),
        None => Error::Page {
            page: number,
            detail: format!(
                "the body could not be read in full ({})",
                crate::error::chain(&e.without_url())
            ),
            body: String::new(),
        },
    })?;
    if !status.is_success() {
        return Err(Error::Status {
            status: status.as_u16(),
            retry_after,
            body: excerpt(&body, redactor),
        });
    }
    let raw: &RawValue = serde_json::from_slice(&body).map_err(|e| Error::Page {
        page: number,
        detail: format!("not JSON ({e})"),
        body: excerpt(&body, redactor),
    })?;
    read(ctx.p, raw, redactor, number, position, url)
}

/// A page's items and signals from its body.
fn read<T: DeserializeOwned>(
    p: &Pagination,
    raw: &RawValue,
    redactor: &Redactor,
    number: u64,
    position: u64,
    url: Url,
) -> Result<Page<T>, Error> {
    let bad = |detail: String| Error::Page {
        page: number,
        detail,
        body: excerpt(raw.get().as_bytes(), redactor),
    };
    let list = json::items(raw, &p.items)
        .map_err(|e| bad(format!("{e}")))?
        .ok_or_else(|| bad(format!("no item list at `{}`", p.items)))?;
    let mut hasher = DefaultHasher::new();
    let items = list
        .iter()
        .enumerate()
        .map(|(index, item)| {
            item.get().hash(&mut hasher);
            serde_json::from_str(item.get()).map_err(|e| Error::Item {
                page: number,
                index,
                detail: e.to_string(),
                raw: excerpt(item.get().as_bytes(), redactor),
            })
        })
        .collect();
    let from_item = || {
        list.last()
            .and_then(|i| json::text(i, p.cursor_item.as_deref()))
    };
    let signals = Signals {
        next: json::text(raw, p.next.as_deref()),
        cursor: json::text(raw, p.cursor.as_deref()).or_else(from_item),
        has_more: json::flag(raw, p.has_more.as_deref()),
        total_pages: json::count(raw, p.total_pages.as_deref()),
        total_items: json::count(raw, p.total_items.as_deref()),
    };
    Ok(Page {
        number,
        position,
        url,
        items,
        digest: hasher.finish(),
        signals,
    })
}

/// The start of `body` as text, redacted: at most 300 bytes.
fn excerpt(body: &[u8], redactor: &Redactor) -> String {
    let text = String::from_utf8_lossy(body);
    let mut end = text.len().min(300);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    redactor.redact(&text[..end])
}
