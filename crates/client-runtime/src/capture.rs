//! The request a generated operation would send, built by the operation's own
//! builder but not sent: how the page walker gets its first request (query,
//! headers and credentials exactly as `send()` makes them).

use std::cell::RefCell;
use std::future::Future;

use crate::error::Error;

tokio::task_local! {
    static SLOT: RefCell<Option<reqwest::Request>>;
}

/// The request `send` (a generated `send()` future) would send.
pub(crate) async fn request<F, T, E>(send: F) -> Result<reqwest::Request, Error>
where
    F: Future<Output = Result<T, progenitor_client::Error<E>>>,
{
    let (result, kept) = SLOT
        .scope(RefCell::new(None), async {
            let result = send.await;
            (result, SLOT.with(|slot| slot.borrow_mut().take()))
        })
        .await;
    match (kept, result) {
        (Some(request), _) => Ok(request),
        (None, Err(progenitor_client::Error::InvalidRequest(why))) => {
            Err(Error::InvalidRequest(why))
        }
        (None, _) => Err(Error::InvalidRequest(
            "the operation sent nothing to walk from".to_owned(),
        )),
    }
}

/// Keep `request` if a [`request`] call is waiting for it (`None`), else
/// hand it back to be sent.
pub(crate) fn keep(request: reqwest::Request) -> Option<reqwest::Request> {
    let mut request = Some(request);
    let kept = SLOT
        .try_with(|slot| *slot.borrow_mut() = request.take())
        .is_ok();
    if kept {
        None
    } else {
        request
    }
}

/// What `exec` answers in place of a kept request: an empty 204, which the
/// operation's `send()` turns into some result [`request`] ignores.
pub(crate) fn placeholder() -> reqwest::Response {
    let response = http::Response::builder()
        .status(204)
        .body(reqwest::Body::from(""))
        .expect("a 204 with an empty body is valid");
    reqwest::Response::from(response)
}
