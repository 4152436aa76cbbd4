//! Down-conversion of OpenAPI 3.1 (JSON Schema 2020-12) to the OpenAPI 3.0 form
//! that openapiv3 and progenitor read.
//!
//! One function per rule. Conversions that keep the meaning are silent; those
//! that lose something leave a [`Notice`]; those that cannot be done are a
//! [`PointerError`]. Runs on one input file at a time, so pointers are the file's.

use serde_json::{Map, Value, json};

use crate::diag::{Notice, PointerError, child};
use crate::spec::walk;

/// Formats that belong to `type: integer`.
const INTEGER_FORMATS: [&str; 9] = [
    "int8", "int16", "int32", "int64", "uint", "uint8", "uint16", "uint32", "uint64",
];
/// Formats that belong to `type: number` (OpenAPI format registry).
const NUMBER_FORMATS: [&str; 4] = ["float", "double", "decimal", "decimal128"];
/// Schema keywords that are annotations only: dropping them changes no type.
const ANNOTATIONS_31: [&str; 6] = [
    "$schema",
    "$id",
    "$anchor",
    "$comment",
    "$vocabulary",
    "contentMediaType",
];
/// 2020-12 keywords with no 3.0 equivalent that constrain values; dropping them
/// accepts more than the spec allows, so each drop leaves a notice.
const CONSTRAINTS_31: [&str; 13] = [
    "unevaluatedProperties",
    "unevaluatedItems",
    "dependentRequired",
    "dependentSchemas",
    "if",
    "then",
    "else",
    "propertyNames",
    "contains",
    "minContains",
    "maxContains",
    "patternProperties",
    "contentSchema",
];

/// Convert `doc` in place. A 3.0 document passes through unchanged.
pub fn to_openapi_30(doc: &mut Value, notices: &mut Vec<Notice>) -> Result<(), PointerError> {
    if !openapi_version(doc)? {
        return Ok(());
    }
    info_version(doc);
    top_level_31(doc, notices);
    walk::schemas_mut(doc, &mut |ptr, schema| {
        // A rule may expose work for another (a hoisted `oneOf` branch can carry
        // `type: [T, "null"]`), so rules run until none changes anything.
        for _ in 0..8 {
            let changed = ref_siblings(schema)
                | const_to_enum(schema)
                | enum_null(schema)
                | type_forms(ptr, schema, notices)
                | null_branches(ptr, schema, notices)
                | exclusive_bounds(schema)
                | examples(schema)
                | format_fit(ptr, schema, notices)
                | keywords_31(ptr, schema, notices);
            if !changed {
                break;
            }
        }
        Ok(())
    })
}

/// `openapi: 3.1.x` → `3.0.3`. Returns whether the document was 3.1.
pub fn openapi_version(doc: &mut Value) -> Result<bool, PointerError> {
    let version = doc
        .get("openapi")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned();
    if version.starts_with("3.1.") {
        doc["openapi"] = json!("3.0.3");
        Ok(true)
    } else if version.starts_with("3.0.") {
        Ok(false)
    } else if let Some(swagger) = doc.get("swagger") {
        Err(PointerError::new(
            "/swagger",
            format!(
                "a Swagger {} document: the generator reads OpenAPI 3.0 and 3.1; convert it first (for example with swagger2openapi) or use the vendor's OpenAPI 3 description",
                swagger.as_str().unwrap_or("2.0")
            ),
        ))
    } else {
        Err(PointerError::new(
            "/openapi",
            format!("unsupported OpenAPI version {version:?}: expected 3.0.x or 3.1.x"),
        ))
    }
}

/// An unquoted `version: 1.0` in YAML is a number; OpenAPI requires a string.
pub fn info_version(doc: &mut Value) {
    if let Some(v) = doc.pointer_mut("/info/version")
        && let Value::Number(n) = v
    {
        *v = Value::String(n.to_string());
    }
}

/// `webhooks`, `jsonSchemaDialect` and `components.pathItems` exist only in 3.1.
pub fn top_level_31(doc: &mut Value, notices: &mut Vec<Notice>) {
    let Some(root) = doc.as_object_mut() else {
        return;
    };
    if root.remove("webhooks").is_some() {
        notices.push(Notice::new(
            "/webhooks",
            "webhooks left out: they describe requests the vendor sends, not client operations",
        ));
    }
    root.remove("jsonSchemaDialect");
    if let Some(components) = root.get_mut("components").and_then(Value::as_object_mut)
        && components.remove("pathItems").is_some()
    {
        notices.push(Notice::new(
            "/components/pathItems",
            "components.pathItems left out: OpenAPI 3.0 has no reusable path items",
        ));
    }
}

/// `$ref` with sibling keys: 3.0 ignores the siblings, so the reference moves
/// into `allOf` and the siblings (description, nullable, readOnly, ...) stay.
pub fn ref_siblings(schema: &mut Map<String, Value>) -> bool {
    if schema.len() < 2 || !schema.contains_key("$ref") {
        return false;
    }
    let reference = schema.remove("$ref").expect("checked above");
    schema.insert("allOf".into(), json!([{ "$ref": reference }]));
    true
}

/// `const: v` → `enum: [v]`.
pub fn const_to_enum(schema: &mut Map<String, Value>) -> bool {
    match schema.remove("const") {
        Some(v) => {
            schema.insert("enum".into(), Value::Array(vec![v]));
            true
        }
        None => false,
    }
}

/// `null` inside `enum` means the schema is nullable (the `null` may stay: it
/// is how 3.0 writes a nullable enum).
pub fn enum_null(schema: &mut Map<String, Value>) -> bool {
    let has_null = schema
        .get("enum")
        .and_then(Value::as_array)
        .is_some_and(|values| values.iter().any(Value::is_null));
    if has_null && schema.get("nullable") != Some(&Value::Bool(true)) {
        schema.insert("nullable".into(), Value::Bool(true));
        if schema
            .get("enum")
            .and_then(Value::as_array)
            .is_some_and(|v| v.len() == 1)
        {
            // `enum: [null]` alone: only null is allowed; nothing else to say in 3.0.
            schema.remove("enum");
        }
        return true;
    }
    false
}

/// Keywords that belong to one instance type, moved with it when `type: [A, B]`
/// is split into `anyOf` branches.
fn keywords_of(ty: &str) -> &'static [&'static str] {
    match ty {
        "string" => &["format", "pattern", "minLength", "maxLength"],
        "integer" | "number" => &[
            "format",
            "minimum",
            "maximum",
            "exclusiveMinimum",
            "exclusiveMaximum",
            "multipleOf",
        ],
        "array" => &[
            "items",
            "minItems",
            "maxItems",
            "uniqueItems",
            "prefixItems",
        ],
        "object" => &[
            "properties",
            "required",
            "additionalProperties",
            "minProperties",
            "maxProperties",
        ],
        _ => &[],
    }
}

/// Every form `type` can take in 3.1: a string, an array with or without
/// `"null"`, or a lone `"null"`.
pub fn type_forms(ptr: &str, schema: &mut Map<String, Value>, notices: &mut Vec<Notice>) -> bool {
    let types: Vec<String> = match schema.get("type") {
        Some(Value::String(t)) if t == "null" => vec!["null".into()],
        Some(Value::String(_)) | None => return false,
        Some(Value::Array(list)) => list
            .iter()
            .filter_map(|t| t.as_str().map(str::to_owned))
            .collect(),
        Some(_) => return false,
    };
    schema.remove("type");
    let nullable = types.iter().any(|t| t == "null");
    let mut rest: Vec<String> = types.into_iter().filter(|t| t != "null").collect();
    rest.dedup();
    if nullable {
        schema.insert("nullable".into(), Value::Bool(true));
    }
    match rest.as_slice() {
        [] => {
            notices.push(Notice::new(
                ptr,
                "a schema that allows only null has no 3.0 form: typed as any JSON value (nullable)",
            ));
        }
        [one] => {
            schema.insert("type".into(), Value::String(one.clone()));
        }
        many => {
            let branches = many
                .iter()
                .map(|ty| {
                    let mut branch = Map::new();
                    branch.insert("type".into(), Value::String(ty.clone()));
                    for key in keywords_of(ty) {
                        if let Some(v) = schema.get(*key) {
                            branch.insert((*key).into(), v.clone());
                        }
                    }
                    Value::Object(branch)
                })
                .collect::<Vec<_>>();
            for ty in many {
                for key in keywords_of(ty) {
                    schema.remove(*key);
                }
            }
            schema.insert("anyOf".into(), Value::Array(branches));
        }
    }
    true
}

/// Whether `schema` allows only `null`.
fn is_null_schema(schema: &Value) -> bool {
    match schema {
        Value::Object(m) => {
            m.get("type") == Some(&json!("null"))
                || m.get("type") == Some(&json!(["null"]))
                || m.get("const") == Some(&Value::Null)
                || m.get("enum") == Some(&json!([null]))
        }
        _ => false,
    }
}

/// `oneOf`/`anyOf` with a `{type: 'null'}` branch → `nullable: true` on the
/// rest. A single `$ref` left becomes `allOf: [$ref]` (a bare `$ref` cannot be
/// nullable in 3.0); a single inline schema left is merged into its parent.
pub fn null_branches(
    ptr: &str,
    schema: &mut Map<String, Value>,
    notices: &mut Vec<Notice>,
) -> bool {
    let mut changed = false;
    for key in ["oneOf", "anyOf"] {
        let Some(Value::Array(branches)) = schema.get(key) else {
            continue;
        };
        if !branches.iter().any(is_null_schema) {
            continue;
        }
        let rest: Vec<Value> = branches
            .iter()
            .filter(|b| !is_null_schema(b))
            .cloned()
            .collect();
        schema.remove(key);
        schema.insert("nullable".into(), Value::Bool(true));
        changed = true;
        match rest.len() {
            0 => notices.push(Notice::new(
                child(ptr, key),
                "every branch allows only null: typed as any JSON value (nullable)",
            )),
            1 => {
                let only = rest.into_iter().next().expect("one branch");
                if only.get("$ref").is_some() {
                    let mut all_of = match schema.remove("allOf") {
                        Some(Value::Array(list)) => list,
                        _ => Vec::new(),
                    };
                    all_of.insert(0, only);
                    schema.insert("allOf".into(), Value::Array(all_of));
                } else if let Value::Object(inline) = only {
                    for (k, v) in inline {
                        schema.entry(k).or_insert(v);
                    }
                }
            }
            _ => {
                schema.insert(key.into(), Value::Array(rest));
            }
        }
    }
    changed
}

/// Numeric `exclusiveMinimum: n` → `minimum: n, exclusiveMinimum: true` (and
/// likewise for the maximum), keeping the stricter bound when both are given.
pub fn exclusive_bounds(schema: &mut Map<String, Value>) -> bool {
    let mut changed = false;
    for (exclusive, inclusive, stricter) in [
        (
            "exclusiveMinimum",
            "minimum",
            (|ex: f64, inc: f64| ex >= inc) as fn(f64, f64) -> bool,
        ),
        ("exclusiveMaximum", "maximum", |ex: f64, inc: f64| ex <= inc),
    ] {
        let Some(Value::Number(ex)) = schema.get(exclusive).cloned() else {
            continue;
        };
        changed = true;
        let keep_exclusive = match schema.get(inclusive).and_then(Value::as_f64) {
            Some(inc) => stricter(ex.as_f64().unwrap_or(f64::NAN), inc),
            None => true,
        };
        if keep_exclusive {
            schema.insert(inclusive.into(), Value::Number(ex));
            schema.insert(exclusive.into(), Value::Bool(true));
        } else {
            schema.remove(exclusive);
        }
    }
    changed
}

/// Schema `examples: [..]` → `example: <first>`.
pub fn examples(schema: &mut Map<String, Value>) -> bool {
    match schema.get("examples") {
        Some(Value::Array(list)) => {
            let first = list.first().cloned();
            schema.remove("examples");
            if let Some(first) = first {
                schema.entry("example").or_insert(first);
            }
            true
        }
        _ => false,
    }
}

/// A `format` from another type's family (`date-time` on an integer, `int64` on
/// a number) is dropped: it would type the value as something it is not.
pub fn format_fit(ptr: &str, schema: &mut Map<String, Value>, notices: &mut Vec<Notice>) -> bool {
    let (Some(Value::String(ty)), Some(Value::String(format))) =
        (schema.get("type"), schema.get("format"))
    else {
        return false;
    };
    let fits = match ty.as_str() {
        "integer" => INTEGER_FORMATS.contains(&format.as_str()),
        "number" => {
            NUMBER_FORMATS.contains(&format.as_str()) || INTEGER_FORMATS.contains(&format.as_str())
        }
        // Any string format is at worst a plain String; `decimal` and `int64`
        // strings are how exact numbers travel as text.
        "string" => true,
        _ => false,
    };
    if fits {
        return false;
    }
    notices.push(Notice::new(
        child(ptr, "format"),
        format!("format `{format}` does not fit type `{ty}`: dropped, the value is typed by `type` alone"),
    ));
    schema.remove("format");
    true
}

/// 2020-12 keywords with no 3.0 form: annotations are dropped silently,
/// constraints with a notice; `contentEncoding: base64` becomes `format: byte`
/// and `prefixItems` an `items` schema.
pub fn keywords_31(ptr: &str, schema: &mut Map<String, Value>, notices: &mut Vec<Notice>) -> bool {
    let mut changed = false;
    for key in ANNOTATIONS_31 {
        changed |= schema.remove(key).is_some();
    }
    if let Some(encoding) = schema.remove("contentEncoding") {
        changed = true;
        if encoding == json!("base64") && !schema.contains_key("format") {
            schema.insert("format".into(), json!("byte"));
        }
    }
    if let Some(Value::Array(prefix)) = schema.remove("prefixItems") {
        changed = true;
        if !schema.contains_key("items") {
            let mut distinct: Vec<Value> = Vec::new();
            for item in prefix {
                if !distinct.contains(&item) {
                    distinct.push(item);
                }
            }
            let items = if distinct.len() == 1 {
                distinct.remove(0)
            } else {
                json!({ "anyOf": distinct })
            };
            schema.insert("items".into(), items);
        }
        notices.push(Notice::new(
            child(ptr, "prefixItems"),
            "tuple (prefixItems) typed as an array whose items may be any of the tuple's members",
        ));
    }
    if schema.remove("$defs").is_some() {
        changed = true;
        notices.push(Notice::new(
            child(ptr, "$defs"),
            "$defs left out: 3.0 has no local definitions (move them to components.schemas)",
        ));
    }
    if schema.contains_key("$dynamicRef") || schema.contains_key("$dynamicAnchor") {
        schema.remove("$dynamicRef");
        schema.remove("$dynamicAnchor");
        changed = true;
        notices.push(Notice::new(
            ptr,
            "$dynamicRef/$dynamicAnchor left out: no 3.0 equivalent",
        ));
    }
    for key in CONSTRAINTS_31 {
        if schema.remove(key).is_some() {
            changed = true;
            notices.push(Notice::new(
                child(ptr, key),
                format!("`{key}` has no OpenAPI 3.0 form: dropped, so decoding accepts more than the spec allows"),
            ));
        }
    }
    changed
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Run the whole schema-level conversion on one schema.
    fn convert_schema(v: Value) -> (Value, Vec<Notice>) {
        let mut doc = json!({"openapi": "3.1.0", "info": {"title": "t", "version": "1"},
                             "components": {"schemas": {"S": v}}});
        let mut notices = Vec::new();
        to_openapi_30(&mut doc, &mut notices).unwrap();
        (doc["components"]["schemas"]["S"].clone(), notices)
    }

    #[test]
    fn openapi_version_31_becomes_303_and_30_is_untouched() {
        let mut doc = json!({"openapi": "3.1.1"});
        assert!(openapi_version(&mut doc).unwrap());
        assert_eq!(doc["openapi"], "3.0.3");
        let mut doc = json!({"openapi": "3.0.2"});
        assert!(!openapi_version(&mut doc).unwrap());
        assert_eq!(doc["openapi"], "3.0.2");
    }

    #[test]
    fn a_swagger_2_document_is_named_as_one_with_what_to_do() {
        let mut doc = json!({"swagger": "2.0", "info": {}});
        let e = openapi_version(&mut doc).unwrap_err();
        assert_eq!(e.pointer, "/swagger");
        assert!(
            e.message.contains("a Swagger 2.0 document") && e.message.contains("convert it first"),
            "{}",
            e.message
        );
    }

    #[test]
    fn openapi_version_other_is_an_error_at_openapi() {
        let err = openapi_version(&mut json!({"openapi": "2.0"})).unwrap_err();
        assert_eq!(err.pointer, "/openapi");
        assert!(err.message.contains("\"2.0\""));
    }

    #[test]
    fn info_version_number_becomes_string() {
        let mut doc: Value = serde_yaml::from_str("info:\n  version: 1.0\n").unwrap();
        info_version(&mut doc);
        assert_eq!(doc["info"]["version"], json!("1.0"));
    }

    #[test]
    fn top_level_31_keys_are_removed_with_notices() {
        let mut doc =
            json!({"webhooks": {}, "jsonSchemaDialect": "x", "components": {"pathItems": {}}});
        let mut notices = Vec::new();
        top_level_31(&mut doc, &mut notices);
        assert_eq!(doc, json!({"components": {}}));
        let pointers: Vec<_> = notices.iter().map(|n| n.pointer.as_str()).collect();
        assert_eq!(pointers, ["/webhooks", "/components/pathItems"]);
    }

    #[test]
    fn type_string_is_untouched() {
        let (s, n) = convert_schema(json!({"type": "string"}));
        assert_eq!(s, json!({"type": "string"}));
        assert!(n.is_empty());
    }

    #[test]
    fn type_array_with_null_becomes_nullable() {
        let (s, _) = convert_schema(json!({"type": ["string", "null"], "maxLength": 10}));
        assert_eq!(
            s,
            json!({"maxLength": 10, "nullable": true, "type": "string"})
        );
    }

    #[test]
    fn type_array_without_null_of_one_type_becomes_that_type() {
        let (s, _) = convert_schema(json!({"type": ["integer"]}));
        assert_eq!(s, json!({"type": "integer"}));
    }

    #[test]
    fn type_array_of_several_types_becomes_any_of_with_their_keywords() {
        let (s, _) = convert_schema(
            json!({"type": ["string", "integer", "null"], "maxLength": 3, "minimum": 1}),
        );
        assert_eq!(
            s,
            json!({"nullable": true, "anyOf": [
                {"type": "string", "maxLength": 3},
                {"type": "integer", "minimum": 1}
            ]})
        );
    }

    #[test]
    fn lone_null_type_becomes_nullable_any_with_a_notice() {
        for form in [json!({"type": "null"}), json!({"type": ["null"]})] {
            let (s, n) = convert_schema(form);
            assert_eq!(s, json!({"nullable": true}));
            assert_eq!(n.len(), 1);
            assert_eq!(n[0].pointer, "/components/schemas/S");
        }
    }

    #[test]
    fn one_of_ref_or_null_becomes_nullable_all_of() {
        let (s, _) = convert_schema(
            json!({"oneOf": [{"$ref": "#/components/schemas/P"}, {"type": "null"}]}),
        );
        assert_eq!(
            s,
            json!({"nullable": true, "allOf": [{"$ref": "#/components/schemas/P"}]})
        );
    }

    #[test]
    fn any_of_inline_or_null_is_merged_and_converted_further() {
        let (s, _) = convert_schema(
            json!({"description": "d", "anyOf": [{"type": "null"}, {"type": ["string"], "const": "x"}]}),
        );
        assert_eq!(
            s,
            json!({"description": "d", "nullable": true, "type": "string", "enum": ["x"]})
        );
    }

    #[test]
    fn one_of_with_several_non_null_branches_keeps_them() {
        let (s, _) = convert_schema(
            json!({"oneOf": [{"type": "string"}, {"type": "integer"}, {"type": "null"}]}),
        );
        assert_eq!(
            s,
            json!({"nullable": true, "oneOf": [{"type": "string"}, {"type": "integer"}]})
        );
    }

    #[test]
    fn const_becomes_single_value_enum() {
        let (s, _) = convert_schema(json!({"type": "boolean", "const": true}));
        assert_eq!(s, json!({"type": "boolean", "enum": [true]}));
    }

    #[test]
    fn null_in_enum_makes_the_schema_nullable() {
        let (s, _) = convert_schema(json!({"type": ["string", "null"], "enum": ["a", null]}));
        assert_eq!(
            s,
            json!({"enum": ["a", null], "nullable": true, "type": "string"})
        );
    }

    #[test]
    fn schema_examples_become_example() {
        let (s, _) = convert_schema(json!({"type": "string", "examples": ["a", "b"]}));
        assert_eq!(s, json!({"type": "string", "example": "a"}));
    }

    #[test]
    fn numeric_exclusive_bounds_become_boolean_form() {
        let (s, _) = convert_schema(
            json!({"type": "number", "exclusiveMinimum": 0, "exclusiveMaximum": 10}),
        );
        assert_eq!(
            s,
            json!({"type": "number", "minimum": 0, "exclusiveMinimum": true, "maximum": 10, "exclusiveMaximum": true})
        );
    }

    #[test]
    fn exclusive_bound_looser_than_inclusive_is_dropped() {
        let (s, _) =
            convert_schema(json!({"type": "integer", "minimum": 5, "exclusiveMinimum": 1}));
        assert_eq!(s, json!({"type": "integer", "minimum": 5}));
    }

    #[test]
    fn ref_with_siblings_moves_into_all_of() {
        let (s, _) = convert_schema(
            json!({"$ref": "#/components/schemas/P", "description": "d", "readOnly": true}),
        );
        assert_eq!(
            s,
            json!({"description": "d", "readOnly": true, "allOf": [{"$ref": "#/components/schemas/P"}]})
        );
    }

    #[test]
    fn bare_ref_is_untouched() {
        let (s, _) = convert_schema(json!({"$ref": "#/components/schemas/P"}));
        assert_eq!(s, json!({"$ref": "#/components/schemas/P"}));
    }

    #[test]
    fn format_from_another_type_is_dropped_with_a_notice() {
        let (s, n) = convert_schema(json!({"type": "integer", "format": "date-time"}));
        assert_eq!(s, json!({"type": "integer"}));
        assert_eq!(n[0].pointer, "/components/schemas/S/format");
        let (s, n) = convert_schema(json!({"type": "number", "format": "decimal"}));
        assert_eq!(s, json!({"type": "number", "format": "decimal"}));
        assert!(n.is_empty());
    }

    #[test]
    fn annotations_31_are_dropped_silently() {
        let (s, n) = convert_schema(
            json!({"type": "string", "$comment": "c", "$id": "x", "contentMediaType": "text/plain"}),
        );
        assert_eq!(s, json!({"type": "string"}));
        assert!(n.is_empty());
    }

    #[test]
    fn content_encoding_base64_becomes_format_byte() {
        let (s, _) = convert_schema(json!({"type": "string", "contentEncoding": "base64"}));
        assert_eq!(s, json!({"type": "string", "format": "byte"}));
    }

    #[test]
    fn prefix_items_become_items_with_a_notice() {
        let (s, n) = convert_schema(
            json!({"type": "array", "prefixItems": [{"type": "string"}, {"type": "integer"}]}),
        );
        assert_eq!(
            s,
            json!({"type": "array", "items": {"anyOf": [{"type": "string"}, {"type": "integer"}]}})
        );
        assert_eq!(n[0].pointer, "/components/schemas/S/prefixItems");
    }

    #[test]
    fn constraint_keywords_31_are_dropped_with_notices() {
        let (s, n) = convert_schema(
            json!({"type": "object", "unevaluatedProperties": false, "dependentRequired": {}}),
        );
        assert_eq!(s, json!({"type": "object"}));
        assert_eq!(n.len(), 2);
    }

    #[test]
    fn nested_schemas_are_converted_too() {
        let (s, _) = convert_schema(json!({"type": "object", "properties": {
            "a": {"type": "array", "items": {"type": ["integer", "null"]}}
        }}));
        assert_eq!(
            s["properties"]["a"]["items"],
            json!({"nullable": true, "type": "integer"})
        );
    }

    #[test]
    fn a_30_document_passes_through_unchanged() {
        let mut doc = json!({"openapi": "3.0.3", "components": {"schemas": {"S": {"const": 1}}}});
        let before = doc.clone();
        to_openapi_30(&mut doc, &mut Vec::new()).unwrap();
        assert_eq!(doc, before);
    }

    #[test]
    fn the_cekura_seed_needs_every_rule_it_uses() {
        let (s, _) = convert_schema(json!({
            "enum": ["auto_pay", null], "type": ["string", "null"], "x-spec-enum-id": "361b"
        }));
        assert_eq!(
            s,
            json!({"enum": ["auto_pay", null], "nullable": true, "type": "string", "x-spec-enum-id": "361b"})
        );
    }
}
