//! The stream a paged operation's `items()` returns: nothing is sent until
//! it is first polled; then the walker's pages become items, one by one, no
//! more than the item cap.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

use futures::stream::{self, BoxStream, Stream, StreamExt};
use serde::de::DeserializeOwned;

use super::page::{Ctx, Page};
use super::walk::Walker;
use super::Pagination;
use crate::config::{effective, Config, RequestOptions};
use crate::error::Error;
use crate::inner::Inner;

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
        let first = Walker::new(ctx, Box::pin(crate::capture::request(send)));
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
