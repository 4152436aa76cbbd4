//! A synthetic OpenAPI 3.1 document of a chosen size, for timing the pipeline
//! on something larger than the vendors' excerpts. It uses the 3.1 constructs
//! real vendors use (type arrays with null, `oneOf` with a null branch,
//! `const`, `examples`, numeric exclusive bounds, `$ref` with siblings,
//! decimal amounts), spread over many operations and schemas.

use serde_json::{Map, Value, json};

/// One resource: a schema, a list response and an operation.
fn resource(i: usize) -> (String, Value, String, Value) {
    let name = format!("Resource{i}");
    let schema = json!({
        "type": "object",
        "description": format!("Synthetic resource number {i}, with fields of every kind the converter handles."),
        "required": ["id", "amount", "created_at"],
        "properties": {
            "id": {"type": "string", "examples": [format!("res_{i}")]},
            "amount": {"type": "number", "format": "decimal", "description": "Money, kept exact."},
            "quantity": {"type": "integer", "exclusiveMinimum": 0, "exclusiveMaximum": 1000000},
            "currency": {"type": ["string", "null"], "maxLength": 3},
            "status": {"type": ["string", "null"], "enum": ["open", "paid", "void", null]},
            "kind": {"const": "resource"},
            "created_at": {"type": "string", "format": "date-time"},
            "note": {"type": ["string", "null"], "description": "Free text."},
            "tags": {"type": "array", "items": {"type": "string"}},
            "metadata": {"type": "object", "additionalProperties": {"type": "string"}},
            "parent": {"oneOf": [{"$ref": format!("#/components/schemas/Resource{}", i.saturating_sub(1))}, {"type": "null"}]},
            "owner": {"$ref": "#/components/schemas/Owner", "description": "Who owns it."}
        }
    });
    let list = json!({
        "type": "object",
        "required": ["data", "has_more"],
        "properties": {
            "data": {"type": "array", "items": {"$ref": format!("#/components/schemas/{name}")}},
            "has_more": {"type": "boolean"},
            "next_cursor": {"type": ["string", "null"]}
        }
    });
    let op = json!({
        "get": {
            "operationId": format!("listResource{i}"),
            "summary": format!("List resource {i}"),
            "parameters": [
                {"name": "limit", "in": "query", "schema": {"type": "integer", "exclusiveMinimum": 0, "maximum": 100}},
                {"name": "cursor", "in": "query", "schema": {"type": ["string", "null"]}}
            ],
            "responses": {
                "200": {"description": "A page.", "content": {"application/json": {"schema": {"$ref": format!("#/components/schemas/{name}List")}}}},
                "401": {"description": "No key.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
            }
        }
    });
    (
        name,
        schema,
        format!("/v1/resource-{i}"),
        json!({ "list": list, "op": op }),
    )
}

/// Length of `v` pretty-printed at `depth` levels of indentation.
fn pretty_len(v: &Value, depth: usize) -> usize {
    let text = serde_json::to_string_pretty(v).expect("JSON");
    text.len() + text.lines().count() * depth * 2
}

/// A pretty-printed 3.1 document of about `target_bytes` bytes.
pub fn spec(target_bytes: usize) -> String {
    let mut schemas = Map::new();
    schemas.insert("Owner".into(), json!({"type": "object", "properties": {"id": {"type": "string"}, "email": {"type": ["string", "null"], "format": "email"}}}));
    schemas.insert("Error".into(), json!({"type": "object", "required": ["message"], "properties": {"message": {"type": "string"}, "code": {"const": "error"}}}));
    let mut paths = Map::new();
    let mut size = 0;
    let mut i = 0;
    while size < target_bytes {
        let (name, schema, path, rest) = resource(i);
        // Counted as written: pretty-printed, nested three levels deep.
        size += pretty_len(&schema, 3) + pretty_len(&rest, 2) + path.len();
        schemas.insert(name.clone(), schema);
        schemas.insert(format!("{name}List"), rest["list"].clone());
        paths.insert(path, rest["op"].clone());
        i += 1;
    }
    let doc = json!({
        "openapi": "3.1.0",
        "info": {"title": "Synthetic API", "version": 1.0},
        "servers": [{"url": "https://api.synthetic.invalid"}],
        "security": [{"bearerAuth": []}],
        "paths": paths,
        "components": {
            "schemas": schemas,
            "securitySchemes": {"bearerAuth": {"type": "http", "scheme": "bearer"}}
        }
    });
    serde_json::to_string_pretty(&doc).expect("JSON")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_spec_reaches_the_requested_size_and_is_3_1() {
        let text = spec(50_000);
        assert!(text.len() >= 50_000);
        let doc: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(doc["openapi"], "3.1.0");
        assert!(doc["paths"].as_object().unwrap().len() > 10);
    }
}
