//! A response whose body can be read only up to a size and until a deadline.

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use bytes::Bytes;
use futures::stream::BoxStream;
use futures::Stream;
use futures::StreamExt;
use tokio::time::{Instant, Sleep};

use crate::error::Error;

/// `response` with its body limited to `limit` bytes and to `deadline`
/// (which is `after` from the start of the call). Reading past either fails
/// with [`Error::BodyTooLarge`] or [`Error::Timeout`], as the source of the
/// `reqwest::Error` the read returns. A declared length over the limit fails
/// before anything is read.
pub(crate) fn limit(
    response: reqwest::Response,
    limit: u64,
    deadline: Instant,
    after: Duration,
) -> reqwest::Response {
    let mut builder = http::Response::builder()
        .status(response.status())
        .version(response.version());
    if let Some(headers) = builder.headers_mut() {
        *headers = response.headers().clone();
    }
    let too_long = response.content_length().is_some_and(|n| n > limit);
    let body = Limited {
        inner: (!too_long).then(|| response.bytes_stream().boxed()),
        read: 0,
        limit,
        timer: Box::pin(tokio::time::sleep_until(deadline)),
        after,
        done: false,
    };
    let response = builder
        .body(reqwest::Body::wrap_stream(body))
        .expect("status, version and headers come from a valid response");
    reqwest::Response::from(response)
}

/// The body stream behind [`limit`].
struct Limited {
    /// `None` when the declared length is already over the limit.
    inner: Option<BoxStream<'static, reqwest::Result<Bytes>>>,
    read: u64,
    limit: u64,
    timer: Pin<Box<Sleep>>,
    after: Duration,
    done: bool,
}

/// What a read of the body fails with: the runtime's own limit errors, or
/// the connection's error as it came (a body cut short stays a read error).
type ReadError = Box<dyn std::error::Error + Send + Sync>;

impl Limited {
    fn fail(&mut self, e: ReadError) -> Poll<Option<Result<Bytes, ReadError>>> {
        self.done = true;
        self.inner = None;
        Poll::Ready(Some(Err(e)))
    }
}

impl Stream for Limited {
    type Item = Result<Bytes, ReadError>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        if self.done {
            return Poll::Ready(None);
        }
        let limit = self.limit;
        let Some(inner) = self.inner.as_mut() else {
            return self.fail(Box::new(Error::BodyTooLarge { limit }));
        };
        match inner.poll_next_unpin(cx) {
            Poll::Ready(Some(Ok(chunk))) => {
                self.read += chunk.len() as u64;
                if self.read > limit {
                    return self.fail(Box::new(Error::BodyTooLarge { limit }));
                }
                Poll::Ready(Some(Ok(chunk)))
            }
            Poll::Ready(Some(Err(e))) => self.fail(Box::new(e.without_url())),
            Poll::Ready(None) => {
                self.done = true;
                Poll::Ready(None)
            }
            Poll::Pending => match self.timer.as_mut().poll(cx) {
                Poll::Ready(()) => {
                    let after = self.after;
                    self.fail(Box::new(Error::Timeout { after }))
                }
                Poll::Pending => Poll::Pending,
            },
        }
    }
}
