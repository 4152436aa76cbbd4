//! The page walker: one `Stream` of decoded items over every page of an
//! operation, as its [`Pagination`] describes.

use std::collections::hash_map::DefaultHasher;
use std::collections::HashSet;
use std::future::Future;
use std::hash::{Hash, Hasher};
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

use futures::stream::{self, BoxStream, Stream, StreamExt};
use serde::de::DeserializeOwned;
use serde_json::value::RawValue;
use url::Url;

use super::{json, query};
use super::{Pagination, Style};
use crate::config::{effective, Config, RequestOptions};
use crate::error::Error;
use crate::exec::execute_with;
use crate::inner::Inner;
use crate::redact::Redactor;

/// Every item of every page of one operation, in order. Nothing is sent
/// until the stream is first polled; [`Items::with_options`] adjusts the walk
/// before that.
#[must_use = "a walk sends nothing until it is polled"]
pub struct Items<'a, T> {
    state: State<'a, T>,
}

type Start<'a, T> = Box<dyn FnOnce(Config) -> BoxStream<'a, Result<T, Error>> + Send + 'a>;

enum State<'a, T> {
    Ready(Start<'a, T>, Config),
    Running(BoxStream<'a, Result<T, Error>>),
    Empty,
}

impl<'a, T> Items<'a, T> {
    /// This walk with `options` over its client's settings (caps, concurrency,
    /// and the retry and deadline settings of each page's request).
    pub fn with_options(mut self, options: &RequestOptions) -> Self {
        if let State::Ready(_, config) = &mut self.state {
            *config = options.apply(config);
        }
        self
    }
}

impl<T> Stream for Items<'_, T> {
    type Item = Result<T, Error>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        if let State::Ready(..) = self.state {
            if let State::Ready(start, config) = std::mem::replace(&mut self.state, State::Empty) {
                self.state = State::Running(start(config));
            }
        }
        match &mut self.state {
            State::Running(s) => s.poll_next_unpin(cx),
            _ => Poll::Ready(None),
        }
    }
}

/// Walk every page of the operation whose `send()` future is `send` (the
/// builder as the caller left it: its request is built, not sent, and is
/// the first page's), with `http` and `inner`, as `pagination` says.
pub fn walk<'a, T, C, F, R, E>(
    pagination: &'static Pagination,
    http: &'a reqwest::Client,
    inner: &'a Inner<C>,
    send: F,
) -> Items<'a, T>
where
    T: DeserializeOwned + Send + 'a,
    C: Sync + 'a,
    F: Future<Output = Result<R, progenitor_client::Error<E>>> + Send + 'a,
    R: Send + 'a,
    E: Send + 'a,
{
    let config = effective(inner.config());
    let start: Start<'a, T> = Box::new(move |config: Config| {
        let ctx = Arc::new(Ctx {
            p: pagination,
            http,
            inner,
            config,
        });
        let max_items = ctx.config.max_items;
        let first = Walker {
            ctx,
            send: Some(Box::pin(crate::capture::request(send))),
            template: None,
            last: None,
            read: 0,
            items_read: 0,
            batch: None,
            seen: HashSet::new(),
        };
        let pages = stream::unfold(Some(first), |walker| async move {
            let mut walker = walker?;
            match walker.next_page().await? {
                Ok(page) => Some((Ok(page), Some(walker))),
                Err(e) => Some((Err(e), None)),
            }
        });
        items(pages, max_items)
    });
    Items {
        state: State::Ready(start, config),
    }
}

/// Pages into items: each page's items in order, a failed page as its
/// error and the end, and no more than `max` items.
fn items<'a, T: Send + 'a>(
    pages: impl Stream<Item = Result<Page<T>, Error>> + Send + 'a,
    max: u64,
) -> BoxStream<'a, Result<T, Error>> {
    pages
        .flat_map(|page| match page {
            Ok(page) => stream::iter(page.items),
            Err(e) => stream::iter(vec![Err(e)]),
        })
        .scan((0u64, false), move |(count, over), item| {
            if *over {
                return futures::future::ready(None);
            }
            *count += 1;
            let out = if *count > max {
                *over = true;
                Err(Error::ItemLimit { limit: max })
            } else {
                *over = item.as_ref().is_err_and(Error::is_fatal);
                item
            };
            futures::future::ready(Some(out))
        })
        .boxed()
}

/// What every page fetch of a walk shares.
struct Ctx<'a, C> {
    p: &'static Pagination,
    http: &'a reqwest::Client,
    inner: &'a Inner<C>,
    config: Config,
}

/// One page, its items decoded, and what it says about the next.
struct Page<T> {
    number: u64,
    /// Where this page starts: its page number or offset.
    position: u64,
    url: Url,
    items: Vec<Result<T, Error>>,
    digest: u64,
    signals: Signals,
}

/// What a page says about the pages after it.
#[derive(Clone, Default)]
struct Signals {
    next: Option<String>,
    cursor: Option<String>,
    has_more: Option<bool>,
    total_pages: Option<u64>,
    total_items: Option<u64>,
}

/// The last page read, as far as deciding the next one goes.
struct Last {
    number: u64,
    position: u64,
    len: u64,
    url: Url,
    digest: u64,
    signals: Signals,
}

type Captured<'a> = Pin<Box<dyn Future<Output = Result<reqwest::Request, Error>> + Send + 'a>>;

/// A walk between two pages.
struct Walker<'a, C, T> {
    ctx: Arc<Ctx<'a, C>>,
    send: Option<Captured<'a>>,
    template: Option<reqwest::Request>,
    last: Option<Last>,
    read: u64,
    items_read: u64,
    batch: Option<BoxStream<'a, Result<Page<T>, Error>>>,
    seen: HashSet<String>,
}

impl<'a, C: Sync + 'a, T: DeserializeOwned + Send + 'a> Walker<'a, C, T> {
    /// The next page, `None` when the vendor says there are no more.
    async fn next_page(&mut self) -> Option<Result<Page<T>, Error>> {
        let page = match self.batch.as_mut() {
            Some(batch) => match batch.next().await {
                Some(page) => page,
                None => {
                    self.batch = None;
                    return Box::pin(self.next_page()).await;
                }
            },
            None => match self.last.take() {
                None => self.first().await,
                Some(last) => {
                    let next = self.after(&last)?;
                    self.last = Some(last);
                    match next {
                        Ok((request, number, position)) => {
                            fetch(&self.ctx, request, number, position).await
                        }
                        Err(e) => Err(e),
                    }
                }
            },
        };
        Some(page.and_then(|page| self.read_page(page)))
    }

    /// The first page, from the request the operation's builder made.
    async fn first(&mut self) -> Result<Page<T>, Error> {
        let send = self.send.take().expect("the first page is read once");
        let request = send.await?;
        let p = self.ctx.p;
        let given = p
            .param
            .as_deref()
            .and_then(|name| query::number(request.url(), name));
        let position = match p.style {
            Style::Page | Style::Link => given.unwrap_or(p.start.unwrap_or(1)),
            _ => given.unwrap_or(0),
        };
        let mut copy = try_clone(&request)?;
        if let (Some(name), None, Style::Page | Style::Offset | Style::Link) =
            (p.param.as_deref(), given, p.style)
        {
            *copy.url_mut() = query::set(request.url(), name, &position.to_string());
        }
        self.template = Some(request);
        fetch(&self.ctx, copy, 1, position).await
    }

    /// Count `page`, check it for a loop, and after the first page start
    /// fetching the pages a total implies, concurrently.
    fn read_page(&mut self, page: Page<T>) -> Result<Page<T>, Error> {
        if let Some(last) = &self.last {
            let by_number = matches!(self.ctx.p.style, Style::Page | Style::Offset);
            if by_number && !page.items.is_empty() && page.digest == last.digest {
                return Err(Error::Loop {
                    page: page.number,
                    detail: format!(
                        "page {} repeats the items of page {}",
                        page.number, last.number
                    ),
                });
            }
        }
        self.read += 1;
        self.items_read += page.items.len() as u64;
        let first = self.last.is_none();
        self.last = Some(Last {
            number: page.number,
            position: page.position,
            len: page.items.len() as u64,
            url: page.url.clone(),
            digest: page.digest,
            signals: page.signals.clone(),
        });
        if first {
            self.batch = self.known_pages();
        }
        Ok(page)
    }

    /// After the first page: the pages its total implies, fetched
    /// concurrently in order, up to the page cap.
    fn known_pages(&mut self) -> Option<BoxStream<'a, Result<Page<T>, Error>>> {
        let last = self.last.as_ref()?;
        let p = self.ctx.p;
        let per_page = last.len.max(1);
        let count = match p.style {
            Style::Page => last
                .signals
                .total_pages
                .map(|t| t.saturating_sub(last.position.saturating_sub(p.start.unwrap_or(1))))
                .or_else(|| last.signals.total_items.map(|t| t.div_ceil(per_page))),
            Style::Offset => last
                .signals
                .total_items
                .map(|t| t.saturating_sub(last.position).div_ceil(per_page)),
            Style::Link if self.numbered_links(last) => last
                .signals
                .total_pages
                .or_else(|| last.signals.total_items.map(|t| t.div_ceil(per_page))),
            _ => None,
        }?;
        if last.len == 0 || count <= 1 {
            return None;
        }
        let pages = count.min(self.ctx.config.max_pages) - 1;
        let template = self.template.as_ref()?.try_clone()?;
        let (name, ctx, start, step) = (
            p.param.as_deref()?,
            self.ctx.clone(),
            last.position,
            last.len,
        );
        let style = p.style;
        let batch = stream::iter(1..=pages)
            .map(move |k| {
                let position = match style {
                    Style::Offset => start + k * step,
                    _ => start + k,
                };
                let request = with_url(
                    &template,
                    query::set(template.url(), name, &position.to_string()),
                );
                let ctx = ctx.clone();
                async move { fetch(&ctx, request?, k + 1, position).await }
            })
            .buffered(self.ctx.config.concurrency.max(1));
        Some(batch.boxed())
    }

    /// The request for the page after `last`, with its number and position;
    /// `None` when the vendor says there are no more.
    fn after(&mut self, last: &Last) -> Option<Result<(reqwest::Request, u64, u64), Error>> {
        let p = self.ctx.p;
        if !self.more(last) {
            return None;
        }
        let number = last.number + 1;
        if self.read >= self.ctx.config.max_pages {
            return Some(Err(Error::PageLimit {
                limit: self.ctx.config.max_pages,
            }));
        }
        let name = p.param.as_deref().unwrap_or_default();
        let (url, position) = match p.style {
            Style::Page => {
                let position = last.position + 1;
                (
                    Ok(query::set(&last.url, name, &position.to_string())),
                    position,
                )
            }
            Style::Offset => {
                let position = last.position + last.len;
                (
                    Ok(query::set(&last.url, name, &position.to_string())),
                    position,
                )
            }
            Style::Cursor => (
                self.by_cursor(last)
                    .map(|c| query::set(&last.url, name, &c)),
                0,
            ),
            Style::Link => (self.by_link(last).map(|url| self.keep_query_keys(url)), 0),
            // `more` is false for a single page; nothing follows it.
            Style::Single => return None,
        };
        let template = self.template.as_ref().expect("set by the first page");
        let next = url
            .and_then(|url| with_url(template, url))
            .map(|r| (r, number, position));
        Some(next)
    }

    /// Whether any signal of `last` says more pages follow.
    fn more(&self, last: &Last) -> bool {
        let p = self.ctx.p;
        let s = &last.signals;
        // A total says more only while pages have items: past the end of the
        // data, an empty page ends the walk unless a flag or link says more.
        let pages_left = last.len > 0
            && s.total_pages.is_some_and(|t| {
                last.position.saturating_sub(p.start.unwrap_or(1)) + 1 < t && p.style == Style::Page
            });
        let items_left = last.len > 0 && s.total_items.is_some_and(|t| self.items_read < t);
        // A link or cursor walk cannot ask for a page it has no link or
        // cursor for: there, totals only size the concurrent fetch.
        let totals = matches!(p.style, Style::Page | Style::Offset) && (pages_left || items_left);
        let said = s.has_more == Some(true) || s.next.is_some() || totals;
        let described = p.has_more.is_some()
            || p.next.is_some()
            || p.total_pages.is_some()
            || p.total_items.is_some();
        match p.style {
            Style::Single => false,
            _ if said => true,
            Style::Cursor => p.has_more.is_none() && s.cursor.is_some(),
            Style::Page | Style::Offset => !described && last.len > 0,
            Style::Link => false,
        }
    }

    /// The cursor of the page after `last`, unless it was seen before.
    fn by_cursor(&mut self, last: &Last) -> Result<String, Error> {
        let cursor = last.signals.cursor.clone().ok_or_else(|| Error::Page {
            page: last.number,
            detail: "it says more pages follow but gives no cursor".to_owned(),
            body: String::new(),
        })?;
        if !self.seen.insert(cursor.clone()) {
            return Err(Error::Loop {
                page: last.number,
                detail: "its cursor was already used earlier in this walk".to_owned(),
            });
        }
        Ok(cursor)
    }

    /// The URL of the page after `last`: its `next` link, on the walk's
    /// own origin and not visited before.
    fn by_link(&mut self, last: &Last) -> Result<Url, Error> {
        let text = last.signals.next.as_deref().ok_or_else(|| Error::Page {
            page: last.number,
            detail: "it says more pages follow but gives no next link".to_owned(),
            body: String::new(),
        })?;
        let url = last.url.join(text).map_err(|e| Error::Page {
            page: last.number,
            detail: format!("its next link is not a URL: {e}"),
            body: String::new(),
        })?;
        let url = self
            .on_origin(url)
            .ok_or(Error::OffOrigin { page: last.number })?;
        if !self.seen.insert(url.as_str().to_owned()) || url == last.url {
            return Err(Error::Loop {
                page: last.number,
                detail: "its next link leads back to a page already read".to_owned(),
            });
        }
        Ok(url)
    }
}

impl<C, T> Walker<'_, C, T> {
    /// `url` if it is on the first request's origin; re-anchored there if
    /// the description allows it; else `None`.
    fn on_origin(&self, url: Url) -> Option<Url> {
        let first = self.template.as_ref()?.url();
        if url.origin() == first.origin() {
            return Some(url);
        }
        if !self.ctx.p.rebase_next {
            return None;
        }
        let mut anchored = first.clone();
        anchored.set_path(url.path());
        anchored.set_query(url.query());
        Some(anchored)
    }

    /// `url` with every secret-carrying query parameter of the first request
    /// it lacks (a vendor's `next` link does not repeat the client's API key).
    fn keep_query_keys(&self, mut url: Url) -> Url {
        let Some(first) = self.template.as_ref().map(|t| t.url().clone()) else {
            return url;
        };
        for name in self.ctx.inner.query_names() {
            let present = url.query_pairs().any(|(k, _)| k == name.as_str());
            let value = first
                .query_pairs()
                .find(|(k, _)| k == name.as_str())
                .map(|(_, v)| v.into_owned());
            if let (false, Some(value)) = (present, value) {
                url.query_pairs_mut().append_pair(name, &value);
            }
        }
        url
    }

    /// Whether `first`'s `next` link is the first request with the page
    /// number after it: then pages can be fetched by number.
    fn numbered_links(&self, first: &Last) -> bool {
        let (Some(name), Some(next)) = (self.ctx.p.param.as_deref(), first.signals.next.as_deref())
        else {
            return false;
        };
        let Some(next) = first.url.join(next).ok().and_then(|u| self.on_origin(u)) else {
            return false;
        };
        let expected = query::set(&first.url, name, &(first.position + 1).to_string());
        let pairs = |u: &Url| {
            let mut v: Vec<(String, String)> = u
                .query_pairs()
                .map(|(k, v)| (k.into_owned(), v.into_owned()))
                .collect();
            v.sort();
            v
        };
        next.path() == expected.path() && pairs(&next) == pairs(&expected)
    }
}

/// Fetch and read page `number` (at `position`).
async fn fetch<C, T: DeserializeOwned>(
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

/// A copy of `request` (headers and credentials included) sent to `url`.
fn with_url(template: &reqwest::Request, url: Url) -> Result<reqwest::Request, Error> {
    let mut request = try_clone(template)?;
    *request.url_mut() = url;
    Ok(request)
}

fn try_clone(request: &reqwest::Request) -> Result<reqwest::Request, Error> {
    request.try_clone().ok_or_else(|| {
        Error::InvalidRequest("a paged request must have a body that can be sent again".to_owned())
    })
}
