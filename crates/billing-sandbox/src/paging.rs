//! Paging in the style the spec's response schema shows: Django-REST style
//! (`{count, next, previous, results}`) or a page envelope (`{items,
//! total_pages, current_page, has_next_page, ...}`), else none.

use serde_json::{Value, json};
use url::Url;

/// Records a paginated operation serves.
pub const RECORDS: usize = 45;

/// How an operation pages.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Paging {
    /// One static answer.
    None,
    /// `{count, next, previous, results}`.
    Links {
        /// Query parameter of the page number.
        page: String,
        /// Query parameter of the page size, if any.
        size: Option<String>,
    },
    /// An object at `at` with `items`, `total_pages`, `current_page`, ...
    Envelope {
        /// JSON pointer of the page object in the body (`/data`).
        at: String,
        /// Query parameter of the page number.
        page: String,
        /// Query parameter of the page size, if any.
        size: Option<String>,
    },
}

const SIZE_PARAMS: [&str; 4] = ["page_size", "page_limit", "limit", "per_page"];

fn has(schema: &Value, keys: &[&str]) -> bool {
    keys.iter()
        .all(|k| schema.pointer(&format!("/properties/{k}")).is_some())
}

/// The paging style of an operation with 200 `schema` and `query` parameters.
pub fn detect(schema: &Value, query: &[String]) -> Paging {
    if !query.iter().any(|q| q == "page") {
        return Paging::None;
    }
    let size = SIZE_PARAMS
        .iter()
        .find(|s| query.iter().any(|q| q == *s))
        .map(|s| (*s).to_owned());
    if has(schema, &["count", "next", "results"]) {
        return Paging::Links {
            page: "page".into(),
            size,
        };
    }
    for (key, sub) in schema
        .get("properties")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
    {
        if has(sub, &["items", "total_pages", "current_page"]) {
            return Paging::Envelope {
                at: format!("/{key}"),
                page: "page".into(),
                size,
            };
        }
    }
    Paging::None
}

/// The record list inside a body of this style.
pub fn items<'a>(paging: &Paging, body: &'a Value) -> Option<&'a Vec<Value>> {
    match paging {
        Paging::None => None,
        Paging::Links { .. } => body.get("results")?.as_array(),
        Paging::Envelope { at, .. } => body.pointer(at)?.get("items")?.as_array(),
    }
}

/// Page `n` of `records` at `size` per page, in the body `template`.
/// `None` for a page past the end (the vendor's 404).
pub fn page(
    paging: &Paging,
    template: &Value,
    records: &[Value],
    n: usize,
    size: usize,
    request: &Url,
) -> Option<Value> {
    let size = size.max(1);
    let pages = records.len().div_ceil(size).max(1);
    if n == 0 || n > pages {
        return None;
    }
    let slice: Vec<Value> = records
        .iter()
        .skip((n - 1) * size)
        .take(size)
        .cloned()
        .collect();
    let mut body = template.clone();
    match paging {
        Paging::None => {}
        Paging::Links {
            page,
            size: size_param,
        } => {
            let link = |to: usize| {
                let mut url = request.clone();
                let kept: Vec<(String, String)> = url
                    .query_pairs()
                    .filter(|(k, _)| k != page && Some(k.as_ref()) != size_param.as_deref())
                    .map(|(k, v)| (k.into_owned(), v.into_owned()))
                    .collect();
                {
                    let mut q = url.query_pairs_mut();
                    q.clear()
                        .extend_pairs(kept)
                        .append_pair(page, &to.to_string());
                    if let Some(s) = size_param {
                        q.append_pair(s, &size.to_string());
                    }
                }
                Value::String(url.to_string())
            };
            body["count"] = json!(records.len());
            body["results"] = Value::Array(slice);
            body["next"] = if n < pages { link(n + 1) } else { Value::Null };
            body["previous"] = if n > 1 { link(n - 1) } else { Value::Null };
        }
        Paging::Envelope { at, .. } => {
            let obj = body.pointer_mut(at)?;
            obj["items"] = Value::Array(slice);
            obj["total_items"] = json!(records.len());
            obj["page_limit"] = json!(size);
            obj["total_pages"] = json!(pages);
            obj["current_page"] = json!(n);
            obj["has_next_page"] = json!(n < pages);
            obj["has_previous_page"] = json!(n > 1);
        }
    }
    Some(body)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(names: &[&str]) -> Vec<String> {
        names.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn styles_are_recognised_from_the_schema_and_parameters() {
        let links = json!({"properties": {"count": {}, "next": {}, "results": {}}});
        assert_eq!(
            detect(&links, &q(&["page", "page_size"])),
            Paging::Links {
                page: "page".into(),
                size: Some("page_size".into())
            }
        );
        assert_eq!(detect(&links, &q(&[])), Paging::None);
        let env = json!({"properties": {"data": {"properties": {"items": {}, "total_pages": {}, "current_page": {}}}}});
        assert_eq!(
            detect(&env, &q(&["page", "page_limit"])),
            Paging::Envelope {
                at: "/data".into(),
                page: "page".into(),
                size: Some("page_limit".into())
            }
        );
    }

    #[test]
    fn link_pages_carry_count_and_next_links() {
        let p = Paging::Links {
            page: "page".into(),
            size: Some("page_size".into()),
        };
        let records: Vec<Value> = (0..5).map(|i| json!(i)).collect();
        let url = Url::parse("http://127.0.0.1:1/h/?page=1&page_size=2&type=x").unwrap();
        let first = page(&p, &json!({}), &records, 1, 2, &url).unwrap();
        assert_eq!(first["results"], json!([0, 1]));
        assert_eq!(
            first["next"],
            json!("http://127.0.0.1:1/h/?type=x&page=2&page_size=2")
        );
        let last = page(&p, &json!({}), &records, 3, 2, &url).unwrap();
        assert_eq!(
            (last["results"].clone(), last["next"].clone()),
            (json!([4]), Value::Null)
        );
        assert!(page(&p, &json!({}), &records, 4, 2, &url).is_none());
    }
}
