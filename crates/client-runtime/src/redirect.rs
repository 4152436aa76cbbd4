//! Which redirects are followed: same origin only, a bounded number, no loops.

use reqwest::redirect::{Attempt, Policy};

use crate::error::{Error, RedirectRefused};

/// The policy of every client the runtime builds. A redirect to another
/// origin (another host or port, or https to http) is refused, so nothing the
/// request carries (API-key headers, query keys, cookies) leaves its origin;
/// so are a hop past `max` and one back to a URL already visited.
pub(crate) fn policy(max: usize) -> Policy {
    Policy::custom(move |attempt| decide(attempt, max))
}

fn decide(attempt: Attempt<'_>, max: usize) -> reqwest::redirect::Action {
    let refused = refusal(attempt.url(), attempt.previous(), max);
    match refused {
        Some(why) => attempt.error(Error::Redirect(why)),
        None => attempt.follow(),
    }
}

/// Why a hop to `next`, after visiting `previous` (the first is the request's
/// own URL), is not followed, if it is not.
fn refusal(next: &url::Url, previous: &[url::Url], max: usize) -> Option<RedirectRefused> {
    let first = previous.first()?;
    if next.origin() != first.origin() {
        Some(RedirectRefused::OtherOrigin)
    } else if previous.len() > max {
        Some(RedirectRefused::TooMany(max))
    } else if previous.contains(next) {
        Some(RedirectRefused::Loop)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn u(s: &str) -> url::Url {
        url::Url::parse(s).unwrap()
    }

    #[test]
    fn only_same_origin_hops_are_followed() {
        let start = [u("https://api.example.com/a")];
        assert_eq!(refusal(&u("https://api.example.com/b"), &start, 5), None);
        for other in [
            "https://evil.example.com/a",
            "http://api.example.com/a",
            "https://api.example.com:8443/a",
        ] {
            assert_eq!(
                refusal(&u(other), &start, 5),
                Some(RedirectRefused::OtherOrigin),
                "{other}"
            );
        }
    }

    #[test]
    fn loops_and_long_chains_are_refused() {
        let seen = [u("https://a.test/1"), u("https://a.test/2")];
        assert_eq!(
            refusal(&u("https://a.test/1"), &seen, 5),
            Some(RedirectRefused::Loop)
        );
        assert_eq!(
            refusal(&u("https://a.test/3"), &seen, 1),
            Some(RedirectRefused::TooMany(1))
        );
    }
}
