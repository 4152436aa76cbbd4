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
        Ok(())
    });
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
