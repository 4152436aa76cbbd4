//! Pages as the operation's `x-pagination` describes them (the same
//! description the generated client's walker reads): the records of page N
//! at the description's item pointer, and every signal it names (next link,
//! cursor, has-more flag, totals) written where it points.

use client_runtime::paging::{Pagination, Style, query};
use serde_json::{Value, json};
use url::Url;

/// Records a paginated operation serves.
pub const RECORDS: usize = 45;

/// Page sizes the sandbox looks for in an example body, to serve pages of
/// the documented size when the caller names none.
const SIZE_FIELDS: [&str; 4] = ["page_limit", "page_size", "per_page", "limit"];

/// The records a page shows, and where the next page starts.
struct Slice {
    from: usize,
    to: usize,
    /// The page's number (page and link styles), from 1.
    number: usize,
}

/// The value at `pointer` in `body`, made (with any object on the way) if missing.
fn set(body: &mut Value, pointer: &str, value: Value) {
    if pointer.is_empty() {
        *body = value;
        return;
    }
    let mut at = body;
    for token in pointer.split('/').skip(1) {
        let token = token.replace("~1", "/").replace("~0", "~");
        if !at.is_object() {
            *at = json!({});
        }
        at = at
            .as_object_mut()
            .expect("made an object above")
            .entry(token)
            .or_insert(Value::Null);
    }
    *at = value;
}

/// The item templates of an example `body` (the list at the item pointer).
pub fn items(p: &Pagination, body: &Value) -> Vec<Value> {
    let list = if p.items.is_empty() {
        Some(body)
    } else {
        body.pointer(&p.items)
    };
    list.and_then(Value::as_array).cloned().unwrap_or_default()
}

/// The page size an example `body` documents, if it names one.
pub fn documented_size(p: &Pagination, body: &Value) -> Option<usize> {
    let parent = p
        .items
        .rsplit_once('/')
        .map(|(parent, _)| parent)
        .unwrap_or("");
    let object = if parent.is_empty() {
        Some(body)
    } else {
        body.pointer(parent)
    }?;
    SIZE_FIELDS
        .iter()
        .find_map(|f| object.get(*f)?.as_u64())
        .map(|n| n as usize)
}

/// The query parameter a link-style page is numbered by.
fn page_param(p: &Pagination) -> &str {
    p.param.as_deref().unwrap_or("page")
}

/// The number in query parameter `name` of `url`, as an index.
pub(crate) fn number(url: &Url, name: &str) -> Option<usize> {
    query::number(url, name).and_then(|n| usize::try_from(n).ok())
}

/// Which records `request` asks for; `None` past the end.
fn slice(p: &Pagination, records: &[Value], request: &Url, size: usize) -> Option<Slice> {
    let size = size.max(1);
    let start = p.start.unwrap_or(1) as usize;
    let from = match p.style {
        Style::Single => {
            return Some(Slice {
                from: 0,
                to: records.len(),
                number: 1,
            });
        }
        Style::Page | Style::Link => {
            let n = number(request, page_param(p)).unwrap_or(start);
            let skip = n.checked_sub(start)?.checked_mul(size)?;
            if skip > 0 && skip >= records.len() {
                return None;
            }
            skip
        }
        Style::Offset => number(request, p.param.as_deref().unwrap_or("offset")).unwrap_or(0),
        Style::Cursor => {
            let after = request
                .query_pairs()
                .find(|(k, _)| Some(k.as_ref()) == p.param.as_deref())
                .map(|(_, v)| v.into_owned());
            match after {
                None => 0,
                Some(cursor) => {
                    records
                        .iter()
                        .position(|r| cursor_of(p, r, records) == cursor)?
                        + 1
                }
            }
        }
    };
    let from = from.min(records.len());
    Some(Slice {
        from,
        to: (from + size).min(records.len()),
        number: from / size + start,
    })
}

/// The cursor that asks for the records after `record`.
fn cursor_of(p: &Pagination, record: &Value, records: &[Value]) -> String {
    match p.cursor_item.as_deref().and_then(|ptr| record.pointer(ptr)) {
        Some(Value::String(s)) => s.clone(),
        Some(other) => other.to_string(),
        None => records
            .iter()
            .position(|r| r == record)
            .unwrap_or(0)
            .to_string(),
    }
}

/// The page `request` asks for, of `records` at `size` per page, in the body
/// `template`; `None` for a page past the end (a 404, as vendors answer).
pub fn page(
    p: &Pagination,
    template: &Value,
    records: &[Value],
    request: &Url,
    size: usize,
) -> Option<Value> {
    let size = size.max(1);
    let s = slice(p, records, request, size)?;
    let more = s.to < records.len();
    let mut body = template.clone();
    set(
        &mut body,
        &p.items,
        Value::Array(records[s.from..s.to].to_vec()),
    );
    let next_url = match p.style {
        Style::Offset => query::set(
            request,
            p.param.as_deref().unwrap_or("offset"),
            &s.to.to_string(),
        ),
        Style::Cursor => {
            let cursor =
                s.to.checked_sub(1)
                    .map(|i| cursor_of(p, &records[i], records))
                    .unwrap_or_default();
            query::set(request, p.param.as_deref().unwrap_or("cursor"), &cursor)
        }
        _ => query::set(request, page_param(p), &(s.number + 1).to_string()),
    };
    if let Some(ptr) = p.next.as_deref() {
        set(
            &mut body,
            ptr,
            if more {
                Value::String(next_url.to_string())
            } else {
                Value::Null
            },
        );
    }
    if let Some(ptr) = p.cursor.as_deref() {
        let cursor = next_url
            .query_pairs()
            .find(|(k, _)| Some(k.as_ref()) == p.param.as_deref())
            .map(|(_, v)| v.into_owned());
        set(
            &mut body,
            ptr,
            if more { json!(cursor) } else { Value::Null },
        );
    }
    if let Some(ptr) = p.has_more.as_deref() {
        set(&mut body, ptr, json!(more));
    }
    if let Some(ptr) = p.total_pages.as_deref() {
        set(&mut body, ptr, json!(records.len().div_ceil(size).max(1)));
    }
    if let Some(ptr) = p.total_items.as_deref() {
        set(&mut body, ptr, json!(records.len()));
    }
    Some(body)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn described(v: Value) -> Pagination {
        serde_json::from_value(v).unwrap()
    }

    #[test]
    fn link_pages_carry_their_count_and_next_links() {
        let p = described(
            json!({"style": "link", "items": "/results", "param": "page", "next": "/next", "total-items": "/count"}),
        );
        let records: Vec<Value> = (0..5).map(|i| json!(i)).collect();
        let url = Url::parse("http://127.0.0.1:1/h/?page=1&page_size=2&type=x").unwrap();
        let first = page(&p, &json!({}), &records, &url, 2).unwrap();
        assert_eq!(first["results"], json!([0, 1]));
        assert_eq!(first["count"], json!(5));
        assert_eq!(
            first["next"],
            json!("http://127.0.0.1:1/h/?page_size=2&type=x&page=2")
        );
        let last = page(&p, &json!({}), &records, &query::set(&url, "page", "3"), 2).unwrap();
        assert_eq!(
            (last["results"].clone(), last["next"].clone()),
            (json!([4]), Value::Null)
        );
        assert!(page(&p, &json!({}), &records, &query::set(&url, "page", "4"), 2).is_none());
    }

    #[test]
    fn envelope_pages_carry_totals_and_flags_where_the_description_points() {
        let p = described(
            json!({"style": "page", "items": "/data/items", "param": "page",
            "has-more": "/data/has_next_page", "total-pages": "/data/total_pages", "total-items": "/data/total_items"}),
        );
        let records: Vec<Value> = (0..5).map(|i| json!(i)).collect();
        let url = Url::parse("http://127.0.0.1:1/p?page=2").unwrap();
        let body = page(&p, &json!({"code": 200, "data": {}}), &records, &url, 2).unwrap();
        assert_eq!(body["data"]["items"], json!([2, 3]));
        assert_eq!(body["data"]["total_pages"], json!(3));
        assert_eq!(body["data"]["has_next_page"], json!(true));
        assert_eq!(body["code"], json!(200));
    }

    #[test]
    fn cursor_pages_continue_after_the_last_items_id() {
        let p = described(
            json!({"style": "cursor", "items": "/data", "param": "starting_after",
            "cursor-item": "/id", "has-more": "/has_more"}),
        );
        let records: Vec<Value> = (0..5).map(|i| json!({"id": format!("r{i}")})).collect();
        let url = Url::parse("http://127.0.0.1:1/c?starting_after=r1").unwrap();
        let body = page(&p, &json!({}), &records, &url, 2).unwrap();
        assert_eq!(body["data"], json!([{"id": "r2"}, {"id": "r3"}]));
        assert_eq!(body["has_more"], json!(true));
    }
}
