//! Query parameters of page URLs: what the walker sets to ask for a page,
//! and what the sandbox reads to answer it.

use url::Url;

/// The number in query parameter `name` of `url`.
pub fn number(url: &Url, name: &str) -> Option<u64> {
    url.query_pairs().find(|(k, _)| k == name)?.1.parse().ok()
}

/// `url` with query parameter `name` set to `value` (once, after the others).
pub fn set(url: &Url, name: &str, value: &str) -> Url {
    let kept: Vec<(String, String)> = url
        .query_pairs()
        .filter(|(k, _)| k != name)
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    let mut out = url.clone();
    out.query_pairs_mut()
        .clear()
        .extend_pairs(kept)
        .append_pair(name, value);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_parameter_is_replaced_once_and_the_others_kept() {
        let url = Url::parse("http://127.0.0.1/p?page=1&size=2&page=9").unwrap();
        let next = set(&url, "page", "2");
        assert_eq!(next.query(), Some("size=2&page=2"));
        assert_eq!(number(&next, "page"), Some(2));
        assert_eq!(number(&next, "other"), None);
    }
}
