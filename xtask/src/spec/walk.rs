//! Finds every JSON Schema in an OpenAPI document (3.0 or 3.1) and hands each
//! one, with its JSON pointer, to a visitor.
//!
//! A schema is visited before its subschemas, so a visitor may rewrite a schema
//! (say, hoist a `oneOf` branch) and the walk then descends into the result.

use serde_json::{Map, Value};

use crate::diag::child;

/// HTTP methods that may appear as keys of a Path Item.
pub const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// Keys whose value is one subschema.
const SUBSCHEMA_KEYS: [&str; 9] = [
    "items",
    "additionalProperties",
    "not",
    "contains",
    "propertyNames",
    "if",
    "then",
    "else",
    "unevaluatedItems",
];
/// Keys whose value is an array of subschemas.
const SUBSCHEMA_ARRAY_KEYS: [&str; 4] = ["allOf", "anyOf", "oneOf", "prefixItems"];
/// Every operation of `doc` as (path, method, operation), in document order.
pub fn operations(doc: &Value) -> impl Iterator<Item = (&str, &'static str, &Value)> {
    doc.get("paths")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
        .flat_map(|(path, item)| {
            METHODS
                .iter()
                .filter_map(move |m| item.get(*m).map(|op| (path.as_str(), *m, op)))
        })
}

/// Keys whose value is a map of name → subschema.
const SUBSCHEMA_MAP_KEYS: [&str; 4] = [
    "properties",
    "patternProperties",
    "$defs",
    "dependentSchemas",
];

/// A schema visitor: called with each schema's JSON pointer and the schema.
pub type Visitor<'a, E> = dyn FnMut(&str, &mut Map<String, Value>) -> Result<(), E> + 'a;

/// Call `visit(pointer, schema)` for every schema object in `doc`, outermost first.
pub fn schemas_mut<E>(doc: &mut Value, visit: &mut Visitor<'_, E>) -> Result<(), E> {
    let Some(root) = doc.as_object_mut() else {
        return Ok(());
    };
    if let Some(components) = root.get_mut("components").and_then(Value::as_object_mut) {
        for_each_entry(
            components.get_mut("schemas"),
            "/components/schemas",
            &mut |p, v| schema(p, v, visit),
        )?;
        for_each_entry(
            components.get_mut("parameters"),
            "/components/parameters",
            &mut |p, v| parameter(p, v, visit),
        )?;
        for_each_entry(
            components.get_mut("headers"),
            "/components/headers",
            &mut |p, v| parameter(p, v, visit),
        )?;
        for_each_entry(
            components.get_mut("responses"),
            "/components/responses",
            &mut |p, v| response(p, v, visit),
        )?;
        for_each_entry(
            components.get_mut("requestBodies"),
            "/components/requestBodies",
            &mut |p, v| content(&child(p, "content"), v.get_mut("content"), visit),
        )?;
    }
    for_each_entry(root.get_mut("paths"), "/paths", &mut |p, item| {
        path_item(p, item, visit)
    })?;
    Ok(())
}

/// Apply `f` to each value of the object at `value` (if it is one).
fn for_each_entry<E>(
    value: Option<&mut Value>,
    base: &str,
    f: &mut dyn FnMut(&str, &mut Value) -> Result<(), E>,
) -> Result<(), E> {
    if let Some(map) = value.and_then(Value::as_object_mut) {
        for (key, v) in map.iter_mut() {
            f(&child(base, key), v)?;
        }
    }
    Ok(())
}

fn path_item<E>(ptr: &str, item: &mut Value, visit: &mut Visitor<'_, E>) -> Result<(), E> {
    let Some(item) = item.as_object_mut() else {
        return Ok(());
    };
    parameters(&child(ptr, "parameters"), item.get_mut("parameters"), visit)?;
    for method in METHODS {
        let Some(op) = item.get_mut(method).and_then(Value::as_object_mut) else {
            continue;
        };
        let op_ptr = child(ptr, method);
        parameters(
            &child(&op_ptr, "parameters"),
            op.get_mut("parameters"),
            visit,
        )?;
        if let Some(body) = op.get_mut("requestBody") {
            let body_ptr = child(&op_ptr, "requestBody");
            content(&child(&body_ptr, "content"), body.get_mut("content"), visit)?;
        }
        for_each_entry(
            op.get_mut("responses"),
            &child(&op_ptr, "responses"),
            &mut |p, v| response(p, v, visit),
        )?;
    }
    Ok(())
}

fn parameters<E>(
    ptr: &str,
    params: Option<&mut Value>,
    visit: &mut Visitor<'_, E>,
) -> Result<(), E> {
    if let Some(list) = params.and_then(Value::as_array_mut) {
        for (i, p) in list.iter_mut().enumerate() {
            parameter(&child(ptr, &i.to_string()), p, visit)?;
        }
    }
    Ok(())
}

/// A Parameter or Header object: `schema`, or `content`.
fn parameter<E>(ptr: &str, param: &mut Value, visit: &mut Visitor<'_, E>) -> Result<(), E> {
    if let Some(s) = param.get_mut("schema") {
        schema(&child(ptr, "schema"), s, visit)?;
    }
    content(&child(ptr, "content"), param.get_mut("content"), visit)
}

fn response<E>(ptr: &str, resp: &mut Value, visit: &mut Visitor<'_, E>) -> Result<(), E> {
    content(&child(ptr, "content"), resp.get_mut("content"), visit)?;
    for_each_entry(
        resp.get_mut("headers"),
        &child(ptr, "headers"),
        &mut |p, v| parameter(p, v, visit),
    )
}

/// A map of media type → Media Type object.
fn content<E>(ptr: &str, content: Option<&mut Value>, visit: &mut Visitor<'_, E>) -> Result<(), E> {
    for_each_entry(
        content,
        ptr,
        &mut |p, media| match media.get_mut("schema") {
            Some(s) => schema(&child(p, "schema"), s, visit),
            None => Ok(()),
        },
    )
}

/// Visit one schema, then its subschemas.
pub fn schema<E>(ptr: &str, value: &mut Value, visit: &mut Visitor<'_, E>) -> Result<(), E> {
    let Some(obj) = value.as_object_mut() else {
        return Ok(());
    };
    visit(ptr, obj)?;
    for key in SUBSCHEMA_KEYS {
        if let Some(sub) = obj.get_mut(key) {
            let sub_ptr = child(ptr, key);
            match sub {
                // `items` as an array is the pre-2020-12 tuple form.
                Value::Array(list) => {
                    for (i, s) in list.iter_mut().enumerate() {
                        schema(&child(&sub_ptr, &i.to_string()), s, visit)?;
                    }
                }
                s => schema(&sub_ptr, s, visit)?,
            }
        }
    }
    for key in SUBSCHEMA_ARRAY_KEYS {
        if let Some(list) = obj.get_mut(key).and_then(Value::as_array_mut) {
            let base = child(ptr, key);
            for (i, s) in list.iter_mut().enumerate() {
                schema(&child(&base, &i.to_string()), s, visit)?;
            }
        }
    }
    for key in SUBSCHEMA_MAP_KEYS {
        for_each_entry(obj.get_mut(key), &child(ptr, key), &mut |p, s| {
            schema(p, s, visit)
        })?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn visits_schemas_in_every_position_with_their_pointers() {
        let mut doc = json!({
            "paths": {"/a/{id}": {
                "parameters": [{"name": "id", "in": "path", "schema": {"type": "string"}}],
                "get": {
                    "parameters": [{"name": "q", "in": "query", "schema": {"type": "integer"}}],
                    "requestBody": {"content": {"application/json": {"schema": {"type": "object"}}}},
                    "responses": {"200": {
                        "content": {"application/json": {"schema": {"items": {"type": "string"}}}},
                        "headers": {"X-Rate": {"schema": {"type": "integer"}}}
                    }}
                }
            }},
            "components": {"schemas": {"S": {
                "properties": {"p": {"oneOf": [{"type": "null"}, {"$ref": "#/x"}]}}
            }}}
        });
        let mut seen = Vec::new();
        schemas_mut::<()>(&mut doc, &mut |p, _| {
            seen.push(p.to_owned());
            Ok(())
        })
        .unwrap();
        assert_eq!(
            seen,
            [
                "/components/schemas/S",
                "/components/schemas/S/properties/p",
                "/components/schemas/S/properties/p/oneOf/0",
                "/components/schemas/S/properties/p/oneOf/1",
                "/paths/~1a~1{id}/parameters/0/schema",
                "/paths/~1a~1{id}/get/parameters/0/schema",
                "/paths/~1a~1{id}/get/requestBody/content/application~1json/schema",
                "/paths/~1a~1{id}/get/responses/200/content/application~1json/schema",
                "/paths/~1a~1{id}/get/responses/200/content/application~1json/schema/items",
                "/paths/~1a~1{id}/get/responses/200/headers/X-Rate/schema",
            ]
        );
    }
}
