//! How each list operation pages: its `x-pagination` extension (the
//! runtime's `Pagination`), read where the spec or overlay writes one and
//! checked against the operation, or detected from the common shapes
//! (page number, offset, cursor, next link) and written into the document
//! with a notice saying what was detected. `x-pagination: false` turns
//! detection off for an operation. The generator, the runtime's walker and
//! the sandbox all read the extension from the generated `openapi.json`.

use client_runtime::paging::{Pagination, Style};
use serde_json::{Map, Value};

use crate::diag::{Notice, PointerError, child};
use crate::spec::walk::operations;

/// The extension's key.
pub const EXTENSION: &str = "x-pagination";

/// A paged operation the generator gives an `items()` method.
#[derive(Clone, Debug, PartialEq)]
pub struct Paged {
    /// `GET`.
    pub method: String,
    /// The path, as in the document.
    pub path: String,
    /// How it pages.
    pub pagination: Pagination,
    /// The component schema of its items.
    pub item: String,
}

/// Read, check or detect the paging of every `GET` operation of `doc`.
pub fn apply(doc: &mut Value, notices: &mut Vec<Notice>) -> Result<Vec<Paged>, PointerError> {
    let mut found = Vec::new();
    let mut detected = Vec::new();
    for (path, method, op) in operations(doc) {
        if method != "get" {
            continue;
        }
        let at = child(&child("/paths", path), method);
        let Some(body) = success_schema(doc, op) else {
            continue;
        };
        let pagination = match op.get(EXTENSION) {
            Some(Value::Bool(false)) => continue,
            Some(given) => read(doc, &at, op, &body, given)?,
            None => match detect(doc, op, &body) {
                Some(p) => {
                    notices.push(Notice::new(&at, detected_message(path, &p)));
                    detected.push((path.to_owned(), p.clone()));
                    p
                }
                None => continue,
            },
        };
        match item_component(doc, &body, &pagination.items) {
            Some(item) => found.push(Paged {
                method: "GET".into(),
                path: path.to_owned(),
                pagination,
                item,
            }),
            None => notices.push(Notice::new(
                child(&at, EXTENSION),
                format!("`GET {path}` pages, but its items are not a `$ref` to a component schema: no `items()` is generated"),
            )),
        }
    }
    for (path, p) in detected {
        let value = serde_json::to_value(&p).expect("a description serialises");
        if let Some(op) = doc
            .pointer_mut(&child(&child("/paths", &path), "get"))
            .and_then(Value::as_object_mut)
        {
            op.insert(EXTENSION.into(), value);
        }
    }
    Ok(found)
}

fn detected_message(path: &str, p: &Pagination) -> String {
    let signals: Vec<String> = p
        .pointers()
        .into_iter()
        .map(|(f, v)| format!("{f} `{v}`"))
        .chain(p.param.as_ref().map(|v| format!("param `{v}`")))
        .chain(p.cursor_item.as_ref().map(|v| format!("cursor-item `{v}`")))
        .collect();
    format!(
        "`GET {path}`: paging detected, style {} ({}); confirm or override it with `{EXTENSION}` in the overlay",
        p.style.name(),
        signals.join(", ")
    )
}

/// A written `x-pagination`, checked: complete for its style, its
/// parameter one of the operation's, its items an array of the response.
fn read(
    doc: &Value,
    at: &str,
    op: &Value,
    body: &Value,
    given: &Value,
) -> Result<Pagination, PointerError> {
    let at = child(at, EXTENSION);
    let p: Pagination = serde_json::from_value(given.clone())
        .map_err(|e| PointerError::new(&at, format!("not a pagination description: {e}")))?;
    p.check().map_err(|e| PointerError::new(&at, e))?;
    if let Some(param) = &p.param
        && !query_params(doc, op).iter().any(|q| q == param.as_ref())
    {
        return Err(PointerError::new(
            child(&at, "param"),
            format!("`{param}` is not a query parameter of the operation"),
        ));
    }
    match schema_at(doc, body, &p.items) {
        Some(s) if s.get("type").and_then(Value::as_str) == Some("array") => Ok(p),
        _ => Err(PointerError::new(
            child(&at, "items"),
            format!("`{}` is not an array in the success response", p.items),
        )),
    }
}

/// The 200 (or first 2xx) JSON response schema of `op`, `$ref`s resolved.
fn success_schema(doc: &Value, op: &Value) -> Option<Value> {
    let responses = op.get("responses")?.as_object()?;
    let response = responses.get("200").or_else(|| {
        responses
            .iter()
            .find(|(k, _)| k.starts_with('2'))
            .map(|(_, v)| v)
    })?;
    let response = resolve(doc, response)?;
    let schema = response.pointer("/content/application~1json/schema")?;
    resolve(doc, schema).cloned()
}

/// `value`, or what its `$ref` points at (a few hops at most).
fn resolve<'a>(doc: &'a Value, mut value: &'a Value) -> Option<&'a Value> {
    for _ in 0..8 {
        match value.get("$ref").and_then(Value::as_str) {
            Some(r) => value = doc.pointer(r.strip_prefix('#')?)?,
            None => return Some(value),
        }
    }
    None
}

/// The schema at `pointer` into a value of schema `schema` (following properties).
fn schema_at<'a>(doc: &'a Value, schema: &'a Value, pointer: &str) -> Option<&'a Value> {
    let mut current = resolve(doc, schema)?;
    for token in pointer.split('/').skip(1) {
        let token = token.replace("~1", "/").replace("~0", "~");
        current = resolve(doc, current.get("properties")?.get(&token)?)?;
    }
    Some(current)
}

/// The component schema name of the items of the array at `pointer`.
fn item_component(doc: &Value, body: &Value, pointer: &str) -> Option<String> {
    let array = schema_at(doc, body, pointer)?;
    let r = array.get("items")?.get("$ref")?.as_str()?;
    r.strip_prefix("#/components/schemas/").map(str::to_owned)
}

/// The names of `op`'s query parameters.
fn query_params(doc: &Value, op: &Value) -> Vec<String> {
    op.get("parameters")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|p| resolve(doc, p))
        .filter(|p| p.get("in").and_then(Value::as_str) == Some("query"))
        .filter_map(|p| p.get("name").and_then(Value::as_str).map(str::to_owned))
        .collect()
}

const ITEMS: [&str; 7] = [
    "results", "data", "items", "records", "entries", "list", "objects",
];
const PAGE: [&str; 3] = ["page", "page_number", "pageNumber"];
const OFFSET: [&str; 2] = ["offset", "skip"];
const CURSOR: [&str; 8] = [
    "starting_after",
    "cursor",
    "after",
    "page_token",
    "pageToken",
    "next_token",
    "start_cursor",
    "offset_id",
];
const SIZE: [&str; 8] = [
    "page_size",
    "per_page",
    "limit",
    "page_limit",
    "size",
    "pageSize",
    "max_results",
    "count",
];
const NEXT: [&str; 4] = ["next", "next_page_url", "next_url", "nextPageUrl"];
const NEXT_CURSOR: [&str; 6] = [
    "next_cursor",
    "cursor",
    "next_page_token",
    "nextPageToken",
    "next_token",
    "next_offset",
];
const HAS_MORE: [&str; 6] = [
    "has_more",
    "has_next_page",
    "has_next",
    "hasMore",
    "hasNextPage",
    "more",
];
const TOTAL_PAGES: [&str; 4] = ["total_pages", "totalPages", "page_count", "pages"];
const TOTAL_ITEMS: [&str; 6] = [
    "count",
    "total",
    "total_items",
    "total_count",
    "totalCount",
    "totalItems",
];

/// The paging `op` shows, if it shows one of the common shapes.
fn detect(doc: &Value, op: &Value, body: &Value) -> Option<Pagination> {
    let query = query_params(doc, op);
    let has = |names: &[&str]| {
        names
            .iter()
            .find(|n| query.iter().any(|q| q == *n))
            .map(|n| (*n).to_owned())
    };
    let (items, container) = find_items(doc, body)?;
    let field = |names: &[&str], kind: &str| {
        [container.as_str(), ""].iter().find_map(|base| {
            let object = schema_at(doc, body, base)?;
            let props = object.get("properties")?.as_object()?;
            names.iter().find_map(|n| {
                let s = resolve(doc, props.get(*n)?)?;
                typed(s, kind)
                    .then(|| format!("{base}/{}", n.replace('~', "~0").replace('/', "~1")))
            })
        })
    };
    let mut p = Pagination {
        style: Style::Page,
        items: items.into(),
        param: None,
        size_param: has(&SIZE).map(Into::into),
        start: None,
        next: field(&NEXT, "string").map(Into::into),
        rebase_next: false,
        cursor: None,
        cursor_item: None,
        has_more: field(&HAS_MORE, "boolean").map(Into::into),
        total_pages: field(&TOTAL_PAGES, "integer").map(Into::into),
        total_items: field(&TOTAL_ITEMS, "integer").map(Into::into),
    };
    if let Some(page) = has(&PAGE) {
        p.param = Some(page.into());
    } else if let Some(offset) = has(&OFFSET) {
        p.style = Style::Offset;
        p.param = Some(offset.into());
    } else if let Some(cursor) = has(&CURSOR) {
        p.style = Style::Cursor;
        p.cursor = field(&NEXT_CURSOR, "string").map(Into::into);
        if p.cursor.is_none() && item_has_id(doc, body, &p.items) {
            p.cursor_item = Some("/id".into());
        }
        p.cursor.as_ref().or(p.cursor_item.as_ref())?;
        p.param = Some(cursor.into());
        p.total_pages = None;
    } else if p.next.is_some() {
        p.style = Style::Link;
        p.size_param = None;
    } else {
        return None;
    }
    if p.style != Style::Page {
        p.total_pages = None;
    }
    if p.size_param.as_deref() == p.param.as_deref() {
        p.size_param = None;
    }
    Some(p)
}

/// Whether schema `s` has type `kind` (`integer` also takes `number`).
fn typed(s: &Value, kind: &str) -> bool {
    let t = s.get("type").and_then(Value::as_str);
    t == Some(kind) || (kind == "integer" && t == Some("number"))
}

/// The pointer of the item array in a body of schema `body`, and of the
/// object holding it: a property with a common name, at the top or one level down.
fn find_items(doc: &Value, body: &Value) -> Option<(String, String)> {
    let is_array = |s: &Value| resolve(doc, s).is_some_and(|s| typed(s, "array"));
    let props = |s: &Value| -> Option<Map<String, Value>> {
        resolve(doc, s)?.get("properties")?.as_object().cloned()
    };
    let top = props(body)?;
    if let Some(name) = ITEMS.iter().find(|n| top.get(**n).is_some_and(is_array)) {
        return Some((format!("/{name}"), String::new()));
    }
    for outer in ITEMS {
        let Some(inner) = top.get(outer).and_then(&props) else {
            continue;
        };
        if let Some(name) = ITEMS.iter().find(|n| inner.get(**n).is_some_and(is_array)) {
            return Some((format!("/{outer}/{name}"), format!("/{outer}")));
        }
    }
    // Else the one array of the body, whatever its name (`payments`,
    // `customers`), leaving out the lists of errors and links beside it.
    let mut arrays = top.iter().filter(|(name, s)| {
        !["errors", "warnings", "links"].contains(&name.as_str()) && is_array(s)
    });
    match (arrays.next(), arrays.next()) {
        (Some((name, _)), None) => Some((
            format!("/{}", name.replace('~', "~0").replace('/', "~1")),
            String::new(),
        )),
        _ => None,
    }
}

/// Whether the items at `pointer` have an `id` property.
fn item_has_id(doc: &Value, body: &Value, pointer: &str) -> bool {
    schema_at(doc, body, pointer)
        .and_then(|a| resolve(doc, a.get("items")?))
        .and_then(|i| i.get("properties")?.get("id"))
        .is_some()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn doc(params: &[&str], body: Value) -> Value {
        let parameters: Vec<Value> = params
            .iter()
            .map(|p| json!({"name": p, "in": "query", "schema": {"type": "string"}}))
            .collect();
        json!({
            "paths": {"/list": {"get": {
                "parameters": parameters,
                "responses": {"200": {"content": {"application/json": {"schema": body}}}}
            }}},
            "components": {"schemas": {"Thing": {"type": "object", "properties": {"id": {"type": "string"}}}}}
        })
    }

    fn things() -> Value {
        json!({"type": "array", "items": {"$ref": "#/components/schemas/Thing"}})
    }

    fn detected(params: &[&str], body: Value) -> (Vec<Paged>, Vec<Notice>, Value) {
        let mut d = doc(params, body);
        let mut notices = Vec::new();
        let paged = apply(&mut d, &mut notices).unwrap();
        (paged, notices, d)
    }

    #[test]
    fn the_common_shapes_are_detected_and_written_into_the_document() {
        let django = json!({"type": "object", "properties": {"count": {"type": "integer"}, "next": {"type": "string"}, "results": things()}});
        let (paged, notices, d) = detected(&["page", "page_size"], django);
        let p = &paged[0].pagination;
        assert_eq!(
            (p.style, p.items.as_ref(), p.param.as_deref()),
            (Style::Page, "/results", Some("page"))
        );
        assert_eq!(
            (p.next.as_deref(), p.total_items.as_deref()),
            (Some("/next"), Some("/count"))
        );
        assert_eq!(paged[0].item, "Thing");
        assert!(
            notices[0].message.contains("paging detected, style page"),
            "{}",
            notices[0].message
        );
        assert_eq!(
            d.pointer("/paths/~1list/get/x-pagination/style"),
            Some(&json!("page"))
        );

        let stripe = json!({"type": "object", "properties": {"has_more": {"type": "boolean"}, "data": things()}});
        let p = detected(&["starting_after", "limit"], stripe)
            .0
            .remove(0)
            .pagination;
        assert_eq!(
            (p.style, p.cursor_item.as_deref(), p.has_more.as_deref()),
            (Style::Cursor, Some("/id"), Some("/has_more"))
        );

        let envelope = json!({"type": "object", "properties": {"data": {"type": "object", "properties": {
            "items": things(), "total_pages": {"type": "integer"}, "has_next_page": {"type": "boolean"}}}}});
        let p = detected(&["page", "page_limit"], envelope)
            .0
            .remove(0)
            .pagination;
        assert_eq!(
            (
                p.items.as_ref(),
                p.total_pages.as_deref(),
                p.has_more.as_deref()
            ),
            (
                "/data/items",
                Some("/data/total_pages"),
                Some("/data/has_next_page")
            )
        );

        let links = json!({"type": "object", "properties": {"next": {"type": "string"}, "items": things()}});
        assert_eq!(detected(&[], links).0[0].pagination.style, Style::Link);

        let square = json!({"type": "object", "properties": {"cursor": {"type": "string"}, "payments": things()}});
        let p = detected(&["cursor", "limit"], square)
            .0
            .remove(0)
            .pagination;
        assert_eq!(
            (p.style, p.items.as_ref(), p.cursor.as_deref()),
            (Style::Cursor, "/payments", Some("/cursor"))
        );

        let plain = json!({"type": "array", "items": {"$ref": "#/components/schemas/Thing"}});
        assert!(detected(&["page"], plain).0.is_empty());
    }

    #[test]
    fn a_written_description_is_checked_and_false_turns_detection_off() {
        let body = json!({"type": "object", "properties": {"results": things(), "next": {"type": "string"}}});
        let mut d = doc(&["page"], body.clone());
        d["paths"]["/list"]["get"][EXTENSION] =
            json!({"style": "page", "items": "/results", "param": "pg"});
        let e = apply(&mut d, &mut Vec::new()).unwrap_err();
        assert_eq!(e.pointer, "/paths/~1list/get/x-pagination/param");
        d["paths"]["/list"]["get"][EXTENSION] =
            json!({"style": "page", "items": "/next", "param": "page"});
        let e = apply(&mut d, &mut Vec::new()).unwrap_err();
        assert_eq!(e.pointer, "/paths/~1list/get/x-pagination/items");
        d["paths"]["/list"]["get"][EXTENSION] = json!({"style": "link", "items": "/results"});
        assert!(
            apply(&mut d, &mut Vec::new())
                .unwrap_err()
                .message
                .contains("next")
        );
        d["paths"]["/list"]["get"][EXTENSION] = json!(false);
        let mut notices = Vec::new();
        assert!(apply(&mut d, &mut notices).unwrap().is_empty() && notices.is_empty());
    }
}
