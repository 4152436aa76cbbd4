//! The page walker: which page comes after the last one read, as the
//! operation's [`super::Pagination`] describes, and when the walk is over or
//! must stop (caps, loops, links off the origin).

use std::collections::HashSet;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use futures::stream::{self, BoxStream, StreamExt};
use serde::de::DeserializeOwned;
use url::Url;

use super::page::{fetch, Ctx, Page, Signals};
use super::{query, Style};
use crate::error::Error;

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
pub(super) struct Walker<'a, C, T> {
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
    /// A walk whose first page is the request `send` builds.
    pub(super) fn new(ctx: Arc<Ctx<'a, C>>, send: Captured<'a>) -> Self {
        Self {
            ctx,
            send: Some(send),
            template: None,
            last: None,
            read: 0,
            items_read: 0,
            batch: None,
            seen: HashSet::new(),
        }
    }

    /// The next page, `None` when the vendor says there are no more.
    pub(super) async fn next_page(&mut self) -> Option<Result<Page<T>, Error>> {
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
