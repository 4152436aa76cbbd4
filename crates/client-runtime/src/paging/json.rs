//! Reading a page without decoding it whole: JSON pointers over raw JSON,
//! so each item can be decoded on its own.

use std::borrow::Cow;
use std::collections::HashMap;

use serde_json::value::RawValue;

/// The value at `pointer` in `raw` (`None` where the pointer leads nowhere;
/// `Err` where a step is not valid JSON).
pub(crate) fn at<'r>(
    raw: &'r RawValue,
    pointer: &str,
) -> Result<Option<&'r RawValue>, serde_json::Error> {
    let mut current = raw;
    for token in pointer.split('/').skip(1) {
        let token = token.replace("~1", "/").replace("~0", "~");
        let text = current.get().trim_start();
        let next = if text.starts_with('{') {
            let map: HashMap<Cow<'r, str>, &'r RawValue> = serde_json::from_str(current.get())?;
            map.get(token.as_str()).copied()
        } else if text.starts_with('[') {
            let list: Vec<&'r RawValue> = serde_json::from_str(current.get())?;
            token
                .parse::<usize>()
                .ok()
                .and_then(|i| list.get(i).copied())
        } else {
            None
        };
        match next {
            Some(n) => current = n,
            None => return Ok(None),
        }
    }
    Ok(Some(current))
}

/// The array at `pointer`, as its raw items.
pub(crate) fn items<'r>(
    raw: &'r RawValue,
    pointer: &str,
) -> Result<Option<Vec<&'r RawValue>>, serde_json::Error> {
    match at(raw, pointer)? {
        Some(v) if v.get().trim_start().starts_with('[') => {
            Ok(Some(serde_json::from_str(v.get())?))
        }
        _ => Ok(None),
    }
}

/// A count at `pointer`: a non-negative number, or a string holding one.
pub(crate) fn count(raw: &RawValue, pointer: Option<&str>) -> Option<u64> {
    let v: serde_json::Value = serde_json::from_str(at(raw, pointer?).ok()??.get()).ok()?;
    match v {
        serde_json::Value::Number(n) => n
            .as_u64()
            .or_else(|| n.as_f64().filter(|f| *f >= 0.0).map(|f| f as u64)),
        serde_json::Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

/// A flag at `pointer`: a boolean, or the strings "true"/"false".
pub(crate) fn flag(raw: &RawValue, pointer: Option<&str>) -> Option<bool> {
    let v: serde_json::Value = serde_json::from_str(at(raw, pointer?).ok()??.get()).ok()?;
    match v {
        serde_json::Value::Bool(b) => Some(b),
        serde_json::Value::String(s) => s.parse().ok(),
        _ => None,
    }
}

/// Text at `pointer`: a non-empty string, or a number as written.
pub(crate) fn text(raw: &RawValue, pointer: Option<&str>) -> Option<String> {
    let v: serde_json::Value = serde_json::from_str(at(raw, pointer?).ok()??.get()).ok()?;
    match v {
        serde_json::Value::String(s) if !s.is_empty() => Some(s),
        serde_json::Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pointers_reach_nested_values_and_items_stay_raw() {
        let raw: Box<RawValue> = serde_json::from_str(
            r#"{"data": {"items": [{"id": 1}, {"id": "x"}], "total_pages": "3", "more": true},
                "a/b": {"next": "http://x/?p=2"}, "n": 7}"#,
        )
        .unwrap();
        let items = items(&raw, "/data/items").unwrap().unwrap();
        assert_eq!(
            items.iter().map(|i| i.get()).collect::<Vec<_>>(),
            [r#"{"id": 1}"#, r#"{"id": "x"}"#]
        );
        assert_eq!(count(&raw, Some("/data/total_pages")), Some(3));
        assert_eq!(flag(&raw, Some("/data/more")), Some(true));
        assert_eq!(
            text(&raw, Some("/a~1b/next")).as_deref(),
            Some("http://x/?p=2")
        );
        assert_eq!(text(&raw, Some("/data/items/1/id")).as_deref(), Some("x"));
        assert_eq!(count(&raw, Some("/missing")), None);
        assert_eq!(text(&raw, Some("/n")).as_deref(), Some("7"));
    }

    #[test]
    fn the_body_itself_can_be_the_item_list() {
        let raw: Box<RawValue> = serde_json::from_str("[1, 2, 3]").unwrap();
        assert_eq!(items(&raw, "").unwrap().unwrap().len(), 3);
    }
}
