//! Schema rules: rewrites of single schemas on which typify fails, or makes
//! types that reject what the vendor really sends. One function per rule;
//! each rule that changes what a caller sees leaves a notice.

use serde_json::{Map, Value};

use crate::diag::{Notice, child};
use crate::spec::walk;

/// Run every schema rule.
pub fn apply(doc: &mut Value, notices: &mut Vec<Notice>) {
    let _ = walk::schemas_mut::<()>(doc, &mut |ptr, schema| {
        format_on_structures(schema);
        no_op_limits(schema);
        undeclared_required(ptr, schema, notices);
        mistyped_default(ptr, schema, notices);
        Ok(())
    });
    cyclic_all_of(doc, notices);
}

/// Whether `value` is of the JSON type `ty` (`integer` is a whole number).
fn is_of_type(value: &Value, ty: &str) -> bool {
    match ty {
        "string" => value.is_string(),
        "integer" => value.as_f64().is_some_and(|n| n.fract() == 0.0),
        "number" => value.is_number(),
        "boolean" => value.is_boolean(),
        "array" => value.is_array(),
        "object" => value.is_object(),
        _ => true,
    }
}

/// A `default` of another type than its schema's (`type: integer, default:
/// "10"`) makes typify refuse the document ("value does not conform to the
/// given schema"). It only documents a server-side default, so it goes, with a
/// notice.
fn mistyped_default(ptr: &str, schema: &mut Map<String, Value>, notices: &mut Vec<Notice>) {
    let (Some(ty), Some(default)) = (
        schema.get("type").and_then(Value::as_str),
        schema.get("default"),
    ) else {
        return;
    };
    let nullable = schema.get("nullable") == Some(&Value::Bool(true));
    if is_of_type(default, ty) || (default.is_null() && nullable) {
        return;
    }
    let message = format!(
        "`default` {default} is not of type `{ty}`: left out (it only documents what the server assumes)"
    );
    schema.shift_remove("default");
    notices.push(Notice::new(child(ptr, "default"), message));
}

/// Components whose `allOf` leads back to themselves (A → B → A) make a type
/// that contains itself without indirection: its use overflows the stack. The
/// `$ref` that closes each cycle is left out of its `allOf`, with a notice.
fn cyclic_all_of(doc: &mut Value, notices: &mut Vec<Notice>) {
    let Some(schemas) = doc
        .pointer("/components/schemas")
        .and_then(Value::as_object)
    else {
        return;
    };
    let edges: std::collections::BTreeMap<String, Vec<String>> = schemas
        .iter()
        .map(|(name, s)| {
            let targets = s
                .get("allOf")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(|m| m.get("$ref").and_then(Value::as_str))
                .filter_map(|r| r.strip_prefix("#/components/schemas/"))
                .map(str::to_owned)
                .collect();
            (name.clone(), targets)
        })
        .collect();
    let mut back_edges = Vec::new();
    let mut done = std::collections::BTreeSet::new();
    for start in edges.keys() {
        let mut path = Vec::new();
        find_back_edges(start, &edges, &mut path, &mut done, &mut back_edges);
    }
    for (from, to) in back_edges {
        let ptr = child("/components/schemas", &from);
        if let Some(schema) = doc.pointer_mut(&ptr).and_then(Value::as_object_mut) {
            let target = format!("#/components/schemas/{to}");
            if let Some(members) = schema.get_mut("allOf").and_then(Value::as_array_mut) {
                members.retain(|m| m.get("$ref").and_then(Value::as_str) != Some(target.as_str()));
                if members.is_empty() {
                    schema.shift_remove("allOf");
                }
            }
        }
        notices.push(Notice::new(
            child(&ptr, "allOf"),
            format!("`allOf` of `{from}` leads back to itself through `{to}`: that member is left out, so the type does not contain itself"),
        ));
    }
}

/// Depth-first search from `node`; an edge to a node on `path` closes a cycle.
fn find_back_edges(
    node: &str,
    edges: &std::collections::BTreeMap<String, Vec<String>>,
    path: &mut Vec<String>,
    done: &mut std::collections::BTreeSet<String>,
    back_edges: &mut Vec<(String, String)>,
) {
    if done.contains(node) {
        return;
    }
    path.push(node.to_owned());
    for next in edges.get(node).into_iter().flatten() {
        if path.iter().any(|p| p == next) {
            back_edges.push((node.to_owned(), next.clone()));
        } else {
            find_back_edges(next, edges, path, done, back_edges);
        }
    }
    path.pop();
    done.insert(node.to_owned());
}

/// `format` on an object, array or boolean (`type: object, format: payer_v1`)
/// makes typify panic ("invalid (or unexpected) schema"); for those types it
/// only documents, so it goes.
fn format_on_structures(schema: &mut Map<String, Value>) {
    let structural = matches!(
        schema.get("type").and_then(Value::as_str),
        Some("object" | "array" | "boolean")
    );
    if structural {
        schema.shift_remove("format");
    }
}

/// Lower bounds of zero (`minLength: 0`, `minItems: 0`, `minProperties: 0`)
/// allow everything, but typify still emits a check (`len() < 0usize`, a
/// useless comparison the compiler rejects under `-D warnings`) and a
/// newtype instead of a plain `String`. They go.
fn no_op_limits(schema: &mut Map<String, Value>) {
    for key in ["minLength", "minItems", "minProperties"] {
        if schema.get(key).and_then(Value::as_f64) == Some(0.0) {
            schema.shift_remove(key);
        }
    }
}

/// `required` naming a property the schema never declares gives a required
/// `serde_json::Value` field, so every real answer, which lacks it, fails
/// to decode. Such names are dropped from `required`, with a notice. Schemas
/// inside or holding an `allOf` are left alone: a sibling may declare it.
fn undeclared_required(ptr: &str, schema: &mut Map<String, Value>, notices: &mut Vec<Notice>) {
    if ptr.contains("/allOf/") || schema.contains_key("allOf") {
        return;
    }
    let Some(properties) = schema.get("properties").and_then(Value::as_object) else {
        return;
    };
    let undeclared: Vec<String> = schema
        .get("required")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .filter(|name| !properties.contains_key(*name))
        .map(str::to_owned)
        .collect();
    if undeclared.is_empty() {
        return;
    }
    if let Some(required) = schema.get_mut("required").and_then(Value::as_array_mut) {
        required.retain(|v| {
            !v.as_str()
                .is_some_and(|n| undeclared.iter().any(|u| u == n))
        });
    }
    for name in undeclared {
        notices.push(Notice::new(
            child(ptr, "required"),
            format!("`required` names `{name}`, which the schema does not declare: treated as not required, so answers without it decode"),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn run(schema: Value) -> (Value, Vec<Notice>) {
        let mut doc = json!({"components": {"schemas": {"A": schema}}});
        let mut notices = Vec::new();
        apply(&mut doc, &mut notices);
        (doc["components"]["schemas"]["A"].clone(), notices)
    }

    #[test]
    fn format_on_an_object_goes_and_on_a_string_stays() {
        let (a, _) = run(
            json!({"type": "object", "format": "payer_v1", "properties": {
            "d": {"type": "string", "format": "date"}}}),
        );
        assert_eq!(
            a,
            json!({"type": "object", "properties": {"d": {"type": "string", "format": "date"}}})
        );
    }

    #[test]
    fn zero_lower_bounds_go_and_real_ones_stay() {
        let (a, _) = run(json!({"type": "object", "properties": {
            "s": {"type": "string", "minLength": 0, "maxLength": 5},
            "t": {"type": "string", "minLength": 1},
            "l": {"type": "array", "minItems": 0, "items": {"type": "string"}}}}));
        assert_eq!(
            a["properties"]["s"],
            json!({"type": "string", "maxLength": 5})
        );
        assert_eq!(
            a["properties"]["t"],
            json!({"type": "string", "minLength": 1})
        );
        assert_eq!(
            a["properties"]["l"],
            json!({"type": "array", "items": {"type": "string"}})
        );
    }

    #[test]
    fn a_default_of_the_wrong_type_goes_with_a_notice() {
        let (a, notices) = run(json!({"type": "object", "properties": {
            "n": {"type": "integer", "default": "10"},
            "m": {"type": "integer", "default": 10},
            "s": {"type": "string", "nullable": true, "default": null}}}));
        assert!(a["properties"]["n"].get("default").is_none());
        assert_eq!(a["properties"]["m"]["default"], 10);
        assert!(a["properties"]["s"]["default"].is_null());
        assert_eq!(notices.len(), 1);
        assert_eq!(
            notices[0].pointer,
            "/components/schemas/A/properties/n/default"
        );
    }

    #[test]
    fn an_all_of_cycle_loses_the_reference_that_closes_it() {
        let mut doc = json!({"components": {"schemas": {
            "A": {"allOf": [{"$ref": "#/components/schemas/B"}, {"properties": {"a": {"type": "string"}}}]},
            "B": {"allOf": [{"$ref": "#/components/schemas/A"}]},
            "C": {"allOf": [{"$ref": "#/components/schemas/A"}]}}}});
        let mut notices = Vec::new();
        apply(&mut doc, &mut notices);
        let s = &doc["components"]["schemas"];
        assert_eq!(s["A"]["allOf"][0]["$ref"], "#/components/schemas/B");
        assert!(
            s["B"].get("allOf").is_none(),
            "B -> A closes the cycle A -> B -> A"
        );
        assert_eq!(
            s["C"]["allOf"][0]["$ref"], "#/components/schemas/A",
            "no cycle through C"
        );
        assert_eq!(notices.len(), 1);
        assert_eq!(notices[0].pointer, "/components/schemas/B/allOf");
    }

    #[test]
    fn required_names_that_are_not_declared_are_dropped_with_a_notice() {
        let (a, notices) = run(json!({"type": "object", "required": ["id", "ghost"],
            "properties": {"id": {"type": "string"}}}));
        assert_eq!(a["required"], json!(["id"]));
        assert_eq!(notices.len(), 1);
        assert_eq!(notices[0].pointer, "/components/schemas/A/required");
        assert!(notices[0].message.contains("`ghost`"));
        let (a, notices) = run(json!({"allOf": [{"$ref": "#/components/schemas/B"}],
            "required": ["ghost"], "properties": {}}));
        assert_eq!(
            a["required"],
            json!(["ghost"]),
            "an allOf sibling may declare it"
        );
        assert!(notices.is_empty());
    }
}
