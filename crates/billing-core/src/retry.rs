//! Retries with exponential backoff and jitter, a timeout per attempt and a
//! deadline for the whole call.

use std::future::Future;
use std::time::Duration;

use tokio::time::Instant;

use crate::error::{Error, Operation};

/// How hard to try.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Attempts in all, the first included (at least 1).
    pub max_attempts: u32,
    /// Backoff before the first retry; doubles each time.
    pub base_delay: Duration,
    /// Backoff never exceeds this (a `Retry-After` may).
    pub max_delay: Duration,
    /// Limit for one attempt, from sending to the last byte.
    pub attempt_timeout: Duration,
    /// Limit for the whole call, retries and waits included.
    pub deadline: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            max_attempts: 4,
            base_delay: Duration::from_millis(250),
            max_delay: Duration::from_secs(8),
            attempt_timeout: Duration::from_secs(30),
            deadline: Duration::from_secs(120),
        }
    }
}

impl RetryPolicy {
    /// The backoff before retry number `retry` (1-based): "equal jitter", a
    /// random wait between half and all of `base × 2^(retry-1)`, capped.
    pub fn backoff(&self, retry: u32) -> Duration {
        let exp = self
            .base_delay
            .saturating_mul(1u32 << (retry.saturating_sub(1)).min(20));
        let cap = exp.min(self.max_delay).as_nanos() as u64;
        Duration::from_nanos(fastrand::u64(cap / 2..=cap.max(1)))
    }

    /// Run `attempt` until it succeeds, fails for good, runs out of attempts,
    /// or the deadline would pass. A `Retry-After` is honoured exactly, unless
    /// waiting for it would pass the deadline, in which case the error is returned.
    pub async fn run<T, F, Fut>(&self, op: Operation, mut attempt: F) -> Result<T, Error>
    where
        F: FnMut() -> Fut,
        Fut: Future<Output = Result<T, Error>>,
    {
        let deadline = Instant::now() + self.deadline;
        let mut tries = 0;
        loop {
            tries += 1;
            let remaining = deadline.saturating_duration_since(Instant::now());
            if remaining.is_zero() {
                return Err(Error::Timeout {
                    op,
                    after: self.deadline,
                });
            }
            let budget = self.attempt_timeout.min(remaining);
            let result = match tokio::time::timeout(budget, attempt()).await {
                Ok(r) => r,
                Err(_) => Err(Error::Timeout { op, after: budget }),
            };
            let err = match result {
                Ok(v) => return Ok(v),
                Err(e) if !e.is_retryable() || tries >= self.max_attempts.max(1) => return Err(e),
                Err(e) => e,
            };
            let wait = err.retry_after().unwrap_or_else(|| self.backoff(tries));
            if Instant::now() + wait >= deadline {
                return Err(err);
            }
            tokio::time::sleep(wait).await;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::Cell;

    const OP: Operation = Operation {
        vendor: crate::vendors::mifumo::ID,
        name: "test",
    };

    fn policy() -> RetryPolicy {
        RetryPolicy {
            max_attempts: 3,
            base_delay: Duration::from_millis(100),
            max_delay: Duration::from_secs(1),
            attempt_timeout: Duration::from_secs(5),
            deadline: Duration::from_secs(60),
        }
    }

    fn vendor_error() -> Error {
        Error::Vendor {
            op: OP,
            status: 503,
            body: String::new(),
        }
    }

    #[test]
    fn backoff_doubles_with_jitter_and_stays_capped() {
        let p = policy();
        for _ in 0..100 {
            let first = p.backoff(1);
            assert!(
                first >= Duration::from_millis(50) && first <= Duration::from_millis(100),
                "{first:?}"
            );
            let third = p.backoff(3);
            assert!(
                third >= Duration::from_millis(200) && third <= Duration::from_millis(400),
                "{third:?}"
            );
            assert!(p.backoff(30) <= Duration::from_secs(1));
        }
    }

    #[tokio::test(start_paused = true)]
    async fn retryable_errors_are_retried_up_to_the_attempt_limit() {
        let calls = Cell::new(0);
        let result: Result<(), _> = policy()
            .run(OP, || {
                calls.set(calls.get() + 1);
                async { Err(vendor_error()) }
            })
            .await;
        assert!(matches!(result, Err(Error::Vendor { status: 503, .. })));
        assert_eq!(calls.get(), 3);
    }

    #[tokio::test(start_paused = true)]
    async fn a_success_after_failures_is_returned() {
        let calls = Cell::new(0);
        let result = policy()
            .run(OP, || {
                calls.set(calls.get() + 1);
                let n = calls.get();
                async move { if n < 3 { Err(vendor_error()) } else { Ok(n) } }
            })
            .await;
        assert_eq!(result.unwrap(), 3);
    }

    #[tokio::test(start_paused = true)]
    async fn non_retryable_errors_are_returned_at_once() {
        let calls = Cell::new(0);
        let result: Result<(), _> = policy()
            .run(OP, || {
                calls.set(calls.get() + 1);
                async {
                    Err(Error::Authentication {
                        op: OP,
                        status: 401,
                        body: String::new(),
                    })
                }
            })
            .await;
        assert!(matches!(result, Err(Error::Authentication { .. })));
        assert_eq!(calls.get(), 1);
    }

    #[tokio::test(start_paused = true)]
    async fn retry_after_is_honoured_exactly() {
        let start = Instant::now();
        let calls = Cell::new(0);
        let result = policy()
            .run(OP, || {
                calls.set(calls.get() + 1);
                let n = calls.get();
                async move {
                    if n == 1 {
                        Err(Error::RateLimited {
                            op: OP,
                            status: 429,
                            retry_after: Some(Duration::from_secs(7)),
                            body: String::new(),
                        })
                    } else {
                        Ok(())
                    }
                }
            })
            .await;
        assert!(result.is_ok());
        assert_eq!(start.elapsed().as_secs(), 7);
    }

    #[tokio::test(start_paused = true)]
    async fn a_retry_after_beyond_the_deadline_returns_the_error() {
        let mut p = policy();
        p.deadline = Duration::from_secs(5);
        let result: Result<(), _> = p
            .run(OP, || async {
                Err(Error::RateLimited {
                    op: OP,
                    status: 429,
                    retry_after: Some(Duration::from_secs(30)),
                    body: String::new(),
                })
            })
            .await;
        assert!(matches!(result, Err(Error::RateLimited { .. })));
    }

    #[tokio::test(start_paused = true)]
    async fn a_hung_attempt_times_out_and_counts_as_a_try() {
        let mut p = policy();
        p.attempt_timeout = Duration::from_millis(500);
        p.max_attempts = 2;
        let calls = Cell::new(0);
        let result: Result<(), _> = p
            .run(OP, || {
                calls.set(calls.get() + 1);
                std::future::pending()
            })
            .await;
        assert!(
            matches!(result, Err(Error::Timeout { after, .. }) if after == Duration::from_millis(500))
        );
        assert_eq!(calls.get(), 2);
    }
}
