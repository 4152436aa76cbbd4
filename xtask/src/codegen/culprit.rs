//! Where in a document progenitor fails, when it fails at the root: it
//! reports no place (a caught panic, or typify's "value does not conform to
//! the given schema"). Found by generating again from parts of the document:
//! keep only half of the component schemas (the rest made `{}`, which any
//! value fits) or half of the paths, and follow the half that still fails,
//! down to one schema (and its property) or one operation. Only the failure
//! path pays for it: about log2(n) generations.

use serde_json::{Map, Value};

use crate::diag::child;

/// The pointer of the part of `doc` that makes `fails` true, if one part does.
pub fn locate(doc: &Value, fails: &dyn Fn(&Value) -> bool) -> Option<String> {
    let mut no_paths = doc.clone();
    no_paths["paths"] = Value::Object(Map::new());
    if fails(&no_paths) {
        let schema = narrow(doc, "/components/schemas", fails, blank)?;
        let at = child("/components/schemas", &schema);
        let property = narrow(doc, &child(&at, "properties"), fails, blank);
        return Some(property.map_or(at.clone(), |p| child(&child(&at, "properties"), &p)));
    }
    let path = narrow(doc, "/paths", fails, leave_out)?;
    let at = child("/paths", &path);
    let method = narrow(doc, &at, fails, leave_out);
    Some(method.map_or(at.clone(), |m| child(&at, &m)))
}

/// Made a schema any value fits (and kept).
fn blank(entry: &mut Value) -> bool {
    *entry = Value::Object(Map::new());
    true
}

/// Left out.
fn leave_out(_: &mut Value) -> bool {
    false
}

/// The one key of the map at `at` whose entry alone keeps `fails` true, the
/// others set aside by `aside` (which returns whether to keep the entry).
fn narrow(
    doc: &Value,
    at: &str,
    fails: &dyn Fn(&Value) -> bool,
    aside: fn(&mut Value) -> bool,
) -> Option<String> {
    let mut keys: Vec<String> = doc.pointer(at)?.as_object()?.keys().cloned().collect();
    let only = |kept: &[String]| {
        let mut copy = doc.clone();
        if let Some(Value::Object(map)) = copy.pointer_mut(at) {
            let mut out = Map::new();
            for (k, mut v) in std::mem::take(map) {
                if kept.contains(&k) || aside(&mut v) {
                    out.insert(k, v);
                }
            }
            *map = out;
        }
        fails(&copy)
    };
    if keys.is_empty() || !only(&keys) {
        return None;
    }
    while keys.len() > 1 {
        let second = keys.split_off(keys.len() / 2);
        if !only(&keys) {
            keys = second;
        }
    }
    only(&keys).then(|| keys.swap_remove(0))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn doc() -> Value {
        json!({
            "paths": {"/a": {"get": {}}, "/b": {"get": {}, "post": {"x-bad": true}}, "/c": {"get": {}}},
            "components": {"schemas": {
                "A": {"type": "string"}, "B": {"type": "integer"},
                "C": {"type": "object", "properties": {"ok": {}, "bad": {"x-bad": true}}}, "D": {}
            }}
        })
    }

    fn has_bad(v: &Value) -> bool {
        v.to_string().contains("x-bad")
    }

    #[test]
    fn a_bad_schema_is_found_down_to_its_property() {
        let mut d = doc();
        d["paths"]["/b"]["post"] = json!({});
        assert_eq!(
            locate(&d, &has_bad).as_deref(),
            Some("/components/schemas/C/properties/bad")
        );
    }

    #[test]
    fn a_bad_operation_is_found_down_to_its_method() {
        let mut d = doc();
        d["components"]["schemas"]["C"]["properties"]["bad"] = json!({});
        assert_eq!(locate(&d, &has_bad).as_deref(), Some("/paths/~1b/post"));
    }

    #[test]
    fn nothing_is_blamed_when_no_part_alone_fails() {
        let always = |_: &Value| true;
        let mut d = doc();
        d["paths"] = json!({});
        d["components"]["schemas"] = json!({});
        assert_eq!(locate(&d, &always), None);
    }
}
