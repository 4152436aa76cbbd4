//! When to try again and how long to wait first.

use std::time::{Duration, SystemTime};

use reqwest::header::{HeaderMap, RETRY_AFTER};
use reqwest::{Method, StatusCode};

use crate::config::Config;

/// The backoff before retry number `retry` (from 1): "equal jitter", a random
/// wait between half and all of `base × 2^(retry-1)`, capped at `max_delay`.
pub(crate) fn backoff(config: &Config, retry: u32) -> Duration {
    let exp = config
        .base_delay
        .saturating_mul(1u32 << retry.saturating_sub(1).min(20));
    let cap = exp.min(config.max_delay).as_nanos() as u64;
    Duration::from_nanos(fastrand::u64(cap / 2..=cap.max(1)))
}

/// How long a `Retry-After` header asks to wait: seconds, or an HTTP date
/// (a date already past asks for no wait).
pub fn retry_after(headers: &HeaderMap, now: SystemTime) -> Option<Duration> {
    let value = headers.get(RETRY_AFTER)?.to_str().ok()?.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let at = httpdate::parse_http_date(value).ok()?;
    Some(at.duration_since(now).unwrap_or(Duration::ZERO))
}

/// The wait before retry number `retry`: what the server asked for, but never
/// less than the backoff (a `Retry-After` in the past does not mean "hammer").
pub(crate) fn wait(config: &Config, retry: u32, headers: Option<&HeaderMap>) -> Duration {
    let asked = headers.and_then(|h| retry_after(h, SystemTime::now()));
    backoff(config, retry).max(asked.unwrap_or(Duration::ZERO))
}

/// Statuses worth another attempt: 408, 429 and every 5xx.
pub(crate) fn retryable_status(status: StatusCode) -> bool {
    status == StatusCode::REQUEST_TIMEOUT
        || status == StatusCode::TOO_MANY_REQUESTS
        || status.is_server_error()
}

/// Transport failures worth another attempt: connecting, timing out, and a
/// connection lost before the answer was complete.
pub(crate) fn retryable_error(e: &reqwest::Error) -> bool {
    e.is_connect() || e.is_timeout() || e.is_request() || e.is_body()
}

/// Whether sending `method` twice does no more than sending it once, or the
/// request carries one of the idempotency headers that make it so.
pub(crate) fn may_repeat(method: &Method, headers: &HeaderMap, config: &Config) -> bool {
    matches!(
        *method,
        Method::GET | Method::HEAD | Method::OPTIONS | Method::PUT | Method::DELETE | Method::TRACE
    ) || config
        .idempotency_headers
        .iter()
        .any(|h| headers.contains_key(h.as_str()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    fn with(value: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(RETRY_AFTER, HeaderValue::from_str(value).unwrap());
        h
    }

    #[test]
    fn retry_after_reads_seconds_and_dates() {
        let now = SystemTime::now();
        assert_eq!(retry_after(&with("3"), now), Some(Duration::from_secs(3)));
        let later = httpdate::fmt_http_date(now + Duration::from_secs(10));
        let d = retry_after(&with(&later), now).unwrap();
        assert!(
            d <= Duration::from_secs(10) && d >= Duration::from_secs(9),
            "{d:?}"
        );
        let past = httpdate::fmt_http_date(now - Duration::from_secs(3600));
        assert_eq!(retry_after(&with(&past), now), Some(Duration::ZERO));
        assert_eq!(retry_after(&with("soon"), now), None);
    }

    #[test]
    fn a_retry_after_in_the_past_still_waits_the_backoff() {
        let config = Config::default().base_delay(Duration::from_millis(100));
        let past = httpdate::fmt_http_date(SystemTime::now() - Duration::from_secs(60));
        let w = wait(&config, 1, Some(&with(&past)));
        assert!(w >= Duration::from_millis(50), "{w:?}");
    }

    #[test]
    fn backoff_doubles_within_jitter_and_is_capped() {
        let config = Config::default()
            .base_delay(Duration::from_millis(100))
            .max_delay(Duration::from_millis(350));
        for _ in 0..50 {
            let b1 = backoff(&config, 1);
            let b2 = backoff(&config, 2);
            let b5 = backoff(&config, 5);
            assert!(b1 >= Duration::from_millis(50) && b1 <= Duration::from_millis(100));
            assert!(b2 >= Duration::from_millis(100) && b2 <= Duration::from_millis(200));
            assert!(b5 >= Duration::from_millis(175) && b5 <= Duration::from_millis(350));
        }
    }

    #[test]
    fn posts_repeat_only_with_an_idempotency_key() {
        let config = Config::default();
        let none = HeaderMap::new();
        let mut keyed = HeaderMap::new();
        keyed.insert("idempotency-key", HeaderValue::from_static("k1"));
        assert!(may_repeat(&Method::GET, &none, &config));
        assert!(!may_repeat(&Method::POST, &none, &config));
        assert!(may_repeat(&Method::POST, &keyed, &config));
        assert!(!may_repeat(&Method::PATCH, &none, &config));
    }
}
