//! Sending one request as the runtime promises: the `exec` hook of every
//! generated client, and the HTTP client it expects.

use std::time::Duration;

use tokio::time::Instant;

use crate::config::{effective, Config};
use crate::inner::Inner;
use crate::{body, capture, redirect, retry};

/// The HTTP client a generated `Client` uses unless given another: the
/// runtime's redirect policy, `user_agent`, the connect timeout. (Timeouts
/// are set per attempt by [`execute`].)
pub fn http_client(config: &Config, user_agent: &str) -> reqwest::Result<reqwest::Client> {
    reqwest::Client::builder()
        .user_agent(user_agent)
        .connect_timeout(config.connect_timeout)
        .redirect(redirect::policy(config.max_redirects))
        .build()
}

/// Send `request` with `http` under `inner`'s settings (and those of an
/// enclosing [`crate::with_options`]): retried as the settings allow, each
/// attempt under its timeout, the whole call under its deadline, the body
/// limited in size and time. Errors carry no URL.
///
/// The answer is the first that is not worth retrying, or the last one when
/// attempts or time run out: a 503 after the last attempt is returned as a
/// response, for the caller's own status handling.
///
/// `idempotency_header` names the header the operation declares for an
/// idempotency key: a request without one gets a fresh random key there, so
/// that a `POST` may be retried without being done twice.
pub async fn execute<C>(
    http: &reqwest::Client,
    inner: &Inner<C>,
    mut request: reqwest::Request,
    idempotency_header: Option<&str>,
) -> reqwest::Result<reqwest::Response> {
    if let Some(name) = idempotency_header {
        idempotency_key(&mut request, name);
    }
    let Some(request) = capture::keep(request) else {
        return Ok(capture::placeholder());
    };
    let mut config = effective(inner.config());
    if let Some(name) = idempotency_header {
        config.idempotency_headers.push(name.to_ascii_lowercase());
    }
    execute_with(http, &config, request)
        .await
        .map_err(|(e, _)| e)
}

/// How much later than the runtime's own timers reqwest's timeout fires.
const GRACE: Duration = Duration::from_millis(25);

/// Put a fresh key in header `name` of `request` unless it has one: 128
/// random bits as hex.
fn idempotency_key(request: &mut reqwest::Request, name: &str) {
    let Ok(name) = reqwest::header::HeaderName::from_bytes(name.as_bytes()) else {
        return;
    };
    if !request.headers().contains_key(&name) {
        let key = format!("{:032x}", fastrand::u128(..));
        let value =
            reqwest::header::HeaderValue::from_str(&key).expect("hex is a valid header value");
        request.headers_mut().insert(name, value);
    }
}

/// [`execute`] with `config` already settled (the page walker's way in).
/// A failure comes with the time its last attempt was given, so a timeout
/// can say which limit ran out.
pub(crate) async fn execute_with(
    http: &reqwest::Client,
    config: &Config,
    request: reqwest::Request,
) -> Result<reqwest::Response, (reqwest::Error, Duration)> {
    let started = Instant::now();
    let deadline = started + config.deadline;
    let repeatable = retry::may_repeat(request.method(), request.headers(), config);
    let mut pending = Some(request);
    let mut attempt = 0;
    while let Some(request) = pending.take() {
        attempt += 1;
        let remaining = deadline.saturating_duration_since(Instant::now());
        let last = !repeatable || attempt >= config.max_attempts.max(1);
        let mut this = match request.try_clone() {
            Some(copy) if !last => {
                pending = Some(request);
                copy
            }
            _ => request,
        };
        let budget = config.attempt_timeout.min(remaining);
        // The body's own timer ends the attempt (as `Error::Timeout`); reqwest's
        // timeout, a little later, only ends an attempt stuck before its headers.
        *this.timeout_mut() = Some(budget.max(Duration::from_millis(1)) + GRACE);
        let ends = Instant::now() + budget;
        let (body_deadline, after) = if budget < remaining {
            (ends, config.attempt_timeout)
        } else {
            (deadline, config.deadline)
        };
        let result = http.execute(this).await;
        let wait = match &result {
            Ok(r) if retry::retryable_status(r.status()) => {
                Some(retry::wait(config, attempt, Some(r.headers())))
            }
            Err(e) if retry::retryable_error(e) => Some(retry::wait(config, attempt, None)),
            _ => None,
        };
        let retry_in = wait.filter(|w| pending.is_some() && Instant::now() + *w < deadline);
        match (retry_in, result) {
            (Some(w), _) => tokio::time::sleep(w).await,
            (None, Ok(response)) => {
                let limited = body::limit(response, config.body_limit, body_deadline, after);
                return Ok(limited);
            }
            (None, Err(e)) => return Err((e.without_url(), budget)),
        }
    }
    unreachable!("the last attempt always returns")
}
