//! Normalisation: rewrites a merged OpenAPI 3.0 document so that progenitor
//! 0.15 neither panics nor produces wrong types on it.
//!
//! Each rule works around one measured progenitor behaviour (see
//! `../shared/notes/progenitor.md`). A rule that changes what a caller can do
//! (drops an operation, parameter, response or media type) leaves a [`Notice`],
//! which the generated crate's README lists.

use std::collections::BTreeMap;

use serde_json::{Map, Value, json};

use crate::codegen::names::{pascal, snake};
use crate::diag::{Notice, PointerError, child};
use crate::spec::walk::METHODS;

/// Run every rule, in an order where each sees the previous ones' results.
pub fn for_progenitor(doc: &mut Value, notices: &mut Vec<Notice>) -> Result<(), PointerError> {
    security_scopes(doc);
    operation_ids(doc, notices)?;
    unsupported_parameters(doc, notices);
    request_bodies(doc, notices);
    media_without_schema(doc, notices);
    default_response(doc);
    success_responses(doc, notices);
    error_responses(doc, notices);
    inline_response_schemas(doc);
    Ok(())
}

/// Visit each operation as (pointer, path, method, operation).
fn operations(doc: &mut Value, mut f: impl FnMut(&str, &str, &str, &mut Map<String, Value>)) {
    let Some(paths) = doc.get_mut("paths").and_then(Value::as_object_mut) else {
        return;
    };
    for (path, item) in paths.iter_mut() {
        let Some(item) = item.as_object_mut() else {
            continue;
        };
        for method in METHODS {
            if let Some(op) = item.get_mut(method).and_then(Value::as_object_mut) {
                f(&child(&child("/paths", path), method), path, method, op);
            }
        }
    }
}

/// Remove operations for which `drop` was decided (pointer list).
fn remove_operations(doc: &mut Value, dropped: &[String]) {
    for ptr in dropped {
        let (item_ptr, method) = ptr.rsplit_once('/').expect("operation pointer");
        if let Some(item) = doc.pointer_mut(item_ptr).and_then(Value::as_object_mut) {
            item.shift_remove(method);
        }
    }
}

/// A security requirement's scope list written as `null` (`oauth2: null`)
/// is an empty list: openapiv3 refuses the document otherwise.
pub fn security_scopes(doc: &mut Value) {
    fn fix(requirements: Option<&mut Value>) {
        for requirement in requirements
            .and_then(Value::as_array_mut)
            .into_iter()
            .flatten()
        {
            for scopes in requirement
                .as_object_mut()
                .into_iter()
                .flat_map(|m| m.values_mut())
            {
                if scopes.is_null() {
                    *scopes = json!([]);
                }
            }
        }
    }
    fix(doc.get_mut("security"));
    operations(doc, |_, _, _, op| fix(op.get_mut("security")));
}

/// progenitor refuses an operation without `operationId`: one is made from
/// method and path. Two operations whose ids give the same method name would
/// not compile: that is an error naming the second.
pub fn operation_ids(doc: &mut Value, notices: &mut Vec<Notice>) -> Result<(), PointerError> {
    let mut seen: BTreeMap<String, String> = BTreeMap::new();
    let mut result = Ok(());
    operations(doc, |ptr, path, method, op| {
        if op.get("operationId").and_then(Value::as_str).is_none() {
            let id = snake(&format!("{method} {path}"));
            notices.push(Notice::new(
                ptr,
                format!("no operationId: the method is named `{id}` after method and path"),
            ));
            op.insert("operationId".into(), Value::String(id));
        }
        let name = snake(op["operationId"].as_str().expect("set above"));
        if let Some(first) = seen.get(&name) {
            if result.is_ok() {
                result = Err(PointerError::new(
                    child(ptr, "operationId"),
                    format!("operationId gives the method name `{name}`, already used by {first}"),
                ));
            }
        } else {
            seen.insert(name, ptr.to_owned());
        }
    });
    result
}

/// Resolve a local `$ref` for inspection (one level).
fn resolve<'a>(doc: &'a Value, v: &'a Value) -> &'a Value {
    match v
        .get("$ref")
        .and_then(Value::as_str)
        .and_then(|r| r.strip_prefix('#'))
    {
        Some(p) => doc.pointer(p).unwrap_or(v),
        None => v,
    }
}

/// progenitor generates path parameters in `simple` style, query parameters in
/// `form` style and header parameters; anything else (deepObject, pipe- or
/// space-delimited, cookies) is an error. Optional ones are left out; an
/// operation that requires one is left out.
pub fn unsupported_parameters(doc: &mut Value, notices: &mut Vec<Notice>) {
    let snapshot = doc.clone();
    let mut dropped_ops = Vec::new();
    operations(doc, |ptr, _, _, op| {
        let Some(params) = op.get_mut("parameters").and_then(Value::as_array_mut) else {
            return;
        };
        let mut keep = Vec::new();
        for (i, p) in params.drain(..).enumerate() {
            let resolved = resolve(&snapshot, &p);
            let location = resolved
                .get("in")
                .and_then(Value::as_str)
                .unwrap_or_default();
            let style = resolved.get("style").and_then(Value::as_str);
            let name = resolved
                .get("name")
                .and_then(Value::as_str)
                .unwrap_or_default();
            let why = match (location, style) {
                ("path", None | Some("simple"))
                | ("query", None | Some("form"))
                | ("header", None | Some("simple")) => None,
                ("cookie", _) => {
                    Some("cookie parameters are not supported by progenitor".to_owned())
                }
                (_, Some(style)) => Some(format!(
                    "style `{style}` for a {location} parameter is not supported by progenitor"
                )),
                _ => None,
            };
            match why {
                None => keep.push(p),
                Some(why) => {
                    let p_ptr = child(&child(ptr, "parameters"), &i.to_string());
                    if resolved
                        .get("required")
                        .and_then(Value::as_bool)
                        .unwrap_or(false)
                    {
                        notices.push(Notice::new(
                            ptr,
                            format!("operation left out: required parameter `{name}`: {why}"),
                        ));
                        dropped_ops.push(ptr.to_owned());
                    } else {
                        notices.push(Notice::new(
                            p_ptr,
                            format!("optional parameter `{name}` left out: {why}"),
                        ));
                    }
                }
            }
        }
        *params = keep;
    });
    remove_operations(doc, &dropped_ops);
}

/// Request body media types progenitor can send.
const BODY_TYPES: [&str; 4] = [
    "application/json",
    "application/x-www-form-urlencoded",
    "application/octet-stream",
    "text/plain",
];

/// progenitor panics on more than one request media type or on `encoding`, and
/// refuses multipart: one supported media type is kept (JSON first); an
/// operation with none is left out.
pub fn request_bodies(doc: &mut Value, notices: &mut Vec<Notice>) {
    let mut dropped_ops = Vec::new();
    operations(doc, |ptr, _, _, op| {
        let Some(content) = op
            .get_mut("requestBody")
            .and_then(|b| b.get_mut("content"))
            .and_then(Value::as_object_mut)
        else {
            return;
        };
        let content_ptr = child(&child(ptr, "requestBody"), "content");
        let chosen = BODY_TYPES
            .iter()
            .find(|t| content.contains_key(**t))
            .map(|t| (*t).to_owned());
        let Some(chosen) = chosen else {
            let types: Vec<_> = content.keys().cloned().collect();
            notices.push(Notice::new(
                ptr,
                format!(
                    "operation left out: request body media type {} is not supported by progenitor",
                    types.join(", ")
                ),
            ));
            dropped_ops.push(ptr.to_owned());
            return;
        };
        let others: Vec<String> = content.keys().filter(|k| **k != chosen).cloned().collect();
        for other in others {
            content.shift_remove(&other);
            notices.push(Notice::new(
                child(&content_ptr, &other),
                format!("request media type `{other}` left out: the client sends `{chosen}`"),
            ));
        }
        if let Some(media) = content.get_mut(&chosen).and_then(Value::as_object_mut)
            && media.shift_remove("encoding").is_some()
        {
            notices.push(Notice::new(
                child(&child(&content_ptr, &chosen), "encoding"),
                "request `encoding` left out: progenitor cannot apply it",
            ));
        }
    });
    remove_operations(doc, &dropped_ops);
}

/// `application/json: {}` without a schema panics progenitor: it gets an empty
/// schema, so the body is any JSON value.
pub fn media_without_schema(doc: &mut Value, notices: &mut Vec<Notice>) {
    fn fill(c_ptr: &str, content: Option<&mut Value>, notices: &mut Vec<Notice>) {
        let Some(content) = content.and_then(Value::as_object_mut) else {
            return;
        };
        for (media, body) in content.iter_mut() {
            let is_json = media == "application/json" || media.starts_with("application/json;");
            if is_json && body.get("schema").is_none() {
                if !body.is_object() {
                    *body = json!({});
                }
                body["schema"] = json!({});
                notices.push(Notice::new(
                    child(c_ptr, media),
                    "JSON without a schema: typed as any JSON value (serde_json::Value)",
                ));
            }
        }
    }
    operations(doc, |ptr, _, _, op| {
        let body_ptr = child(&child(ptr, "requestBody"), "content");
        fill(
            &body_ptr,
            op.get_mut("requestBody").and_then(|b| b.get_mut("content")),
            notices,
        );
        if let Some(responses) = op.get_mut("responses").and_then(Value::as_object_mut) {
            for (status, r) in responses.iter_mut() {
                let c_ptr = child(&child(&child(ptr, "responses"), status), "content");
                fill(&c_ptr, r.get_mut("content"), notices);
            }
        }
    });
}

/// progenitor counts `default` as both a success and an error response, so next
/// to an explicit 2xx it would give the success two types. Where the
/// operation lists a 2xx, `default` is restated as `4XX` and `5XX`.
pub fn default_response(doc: &mut Value) {
    operations(doc, |_, _, _, op| {
        let Some(responses) = op.get_mut("responses").and_then(Value::as_object_mut) else {
            return;
        };
        if !responses.keys().any(|k| k.starts_with('2')) {
            return;
        }
        if let Some(default) = responses.shift_remove("default") {
            for range in ["4XX", "5XX"] {
                responses.entry(range).or_insert_with(|| default.clone());
            }
        }
    });
}

/// What [`response_kind`] and the response rules read besides the operation:
/// `components/responses`, to resolve a response's `$ref`. A copy of that part
/// only, so a rule can hold it while it rewrites the document.
fn response_components(doc: &Value) -> Value {
    json!({"components": {"responses": doc.pointer("/components/responses").cloned().unwrap_or(Value::Null)}})
}

/// The type a response gives in progenitor: its JSON schema, "raw" bytes for
/// another media type, or nothing.
fn response_kind(doc: &Value, response: &Value) -> Value {
    let response = resolve(doc, response);
    let Some(content) = response.get("content").and_then(Value::as_object) else {
        return json!("none");
    };
    match content
        .iter()
        .find(|(k, _)| *k == "application/json" || k.starts_with("application/json;"))
    {
        Some((_, media)) => media.get("schema").cloned().unwrap_or(json!({})),
        None if content.is_empty() => json!("none"),
        None => json!("raw"),
    }
}

/// Keep, among the responses selected by `select`, only those of the kind of
/// the first; progenitor asserts that they all have one type.
fn one_kind(doc: &mut Value, notices: &mut Vec<Notice>, select: fn(&str) -> bool, what: &str) {
    let snapshot = response_components(doc);
    operations(doc, |ptr, _, _, op| {
        let Some(responses) = op.get_mut("responses").and_then(Value::as_object_mut) else {
            return;
        };
        let mut statuses: Vec<String> = responses.keys().filter(|s| select(s)).cloned().collect();
        statuses.sort();
        let Some(first) = statuses.first() else {
            return;
        };
        // A typed JSON response is preferred over an untyped one.
        let kept_status = statuses
            .iter()
            .find(|s| {
                let k = response_kind(&snapshot, &responses[s.as_str()]);
                k != json!("none") && k != json!("raw")
            })
            .unwrap_or(first)
            .clone();
        let kept = response_kind(&snapshot, &responses[&kept_status]);
        for status in statuses {
            if response_kind(&snapshot, &responses[&status]) != kept {
                responses.shift_remove(&status);
                notices.push(Notice::new(
                    child(&child(ptr, "responses"), &status),
                    format!("{what} response {status} left out: progenitor allows one {what} type per operation (kept {kept_status}); a {status} answer comes back as Error::UnexpectedResponse"),
                ));
            }
        }
    });
}

/// The extension listing an operation's success statuses without a body,
/// next to a typed one: the generated `send` answers `None` for them
/// (`codegen::empty_success`).
pub const EMPTY_SUCCESS: &str = "x-empty-success";

/// Several success responses of different types (200 JSON + 204 empty, or two
/// schemas) panic progenitor. Success statuses with different JSON bodies
/// share one type, a `oneOf` of them (component `{OperationId}Success`), as
/// error statuses do; success statuses without a body next to the typed ones
/// leave the document but are listed in [`EMPTY_SUCCESS`]: the operation's
/// success type becomes `Option<T>`, `None` for them. What still differs
/// (a non-JSON success beside a JSON one) keeps the lowest, with a notice.
pub fn success_responses(doc: &mut Value, notices: &mut Vec<Notice>) {
    one_type_per_kind(doc, notices, |s| s.starts_with('2'), "Success", "success");
    let snapshot = response_components(doc);
    operations(doc, |_, _, _, op| {
        let Some(responses) = op.get("responses").and_then(Value::as_object) else {
            return;
        };
        let kinds: Vec<(String, Value)> = responses
            .iter()
            .filter(|(s, _)| s.starts_with('2'))
            .map(|(s, r)| (s.clone(), response_kind(&snapshot, r)))
            .collect();
        let mut typed: Vec<&Value> = kinds
            .iter()
            .map(|(_, k)| k)
            .filter(|k| is_body(k))
            .collect();
        typed.dedup();
        let typed = typed.len();
        let empty: Vec<String> = kinds
            .iter()
            .filter(|(_, k)| *k == json!("none"))
            .map(|(s, _)| s.clone())
            .collect();
        let with_body = kinds.iter().filter(|(_, k)| is_body(k)).count();
        if typed != 1 || empty.is_empty() || with_body + empty.len() != kinds.len() {
            return;
        }
        let responses = op
            .get_mut("responses")
            .and_then(Value::as_object_mut)
            .expect("read above");
        for status in &empty {
            responses.shift_remove(status);
        }
        op.insert(EMPTY_SUCCESS.to_owned(), json!(empty));
    });
    one_kind(doc, notices, |s| s.starts_with('2'), "success");
}

/// Error responses of different types (a typed one next to an untyped one, or
/// two schemas) panic progenitor, which allows one error type per operation.
/// No documented status is dropped: they all get one type, the shared body,
/// or, where the bodies differ, a `oneOf` of them (component
/// `{OperationId}Error`), so every documented status decodes as
/// `Error::ErrorResponse` with its status. A status documented without a
/// body gets that type too; one documented with another media type also,
/// with a notice. Where no error status has a JSON body, nothing changes.
pub fn error_responses(doc: &mut Value, notices: &mut Vec<Notice>) {
    let is_error = |s: &str| s.starts_with('4') || s.starts_with('5') || s == "default";
    one_type_per_kind(doc, notices, is_error, "Error", "error");
}

/// Give every status `select` picks of each operation one type: the shared
/// body, or, where the bodies differ, a `oneOf` of them (component
/// `{OperationId}{suffix}`). A status documented without a body gets that
/// type too; one documented with another media type also, with a notice.
/// Where no selected status has a JSON body, nothing changes.
fn one_type_per_kind(
    doc: &mut Value,
    notices: &mut Vec<Notice>,
    select: fn(&str) -> bool,
    suffix: &str,
    what: &str,
) {
    let snapshot = response_components(doc);
    let mut taken: std::collections::BTreeSet<String> = doc
        .pointer("/components/schemas")
        .and_then(Value::as_object)
        .map(|m| m.keys().cloned().collect())
        .unwrap_or_default();
    let mut unions = Vec::new();
    operations(doc, |ptr, _, _, op| {
        let id = op
            .get("operationId")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned();
        let Some(responses) = op.get_mut("responses").and_then(Value::as_object_mut) else {
            return;
        };
        let statuses: Vec<String> = responses.keys().filter(|s| select(s)).cloned().collect();
        let kinds: Vec<Value> = statuses
            .iter()
            .map(|s| response_kind(&snapshot, &responses[s.as_str()]))
            .collect();
        let mut bodies: Vec<Value> = Vec::new();
        for kind in kinds.iter().filter(|k| is_body(k)) {
            if !bodies.iter().any(|b| without_docs(b) == without_docs(kind)) {
                bodies.push(kind.clone());
            }
        }
        let shared = match bodies.len() {
            0 => return,
            1 => bodies.remove(0),
            _ => {
                let mut name = format!("{}{suffix}", pascal(&id));
                while !taken.insert(name.clone()) {
                    name.push('_');
                }
                unions.push((
                    name.clone(),
                    json!({"oneOf": bodies, "description": format!("Any of the {what} bodies `{id}` documents.")}),
                ));
                json!({"$ref": format!("#/components/schemas/{name}")})
            }
        };
        for (status, kind) in statuses.iter().zip(&kinds) {
            // An empty success stays empty (`EMPTY_SUCCESS` makes it `None`).
            if *kind == shared || (what == "success" && *kind == json!("none")) {
                continue;
            }
            if *kind == json!("raw") {
                notices.push(Notice::new(
                    child(&child(ptr, "responses"), status),
                    format!("{what} response {status} is documented with a non-JSON body: decoded as the operation's JSON {what} type, a body that is not is Error::InvalidResponsePayload with its bytes"),
                ));
            }
            let description = resolve(&snapshot, &responses[status.as_str()])
                .get("description")
                .cloned()
                .unwrap_or(json!(""));
            responses[status.as_str()] = json!({"description": description,
                "content": {"application/json": {"schema": shared}}});
        }
    });
    if let Some(schemas) = doc
        .pointer_mut("/components/schemas")
        .and_then(Value::as_object_mut)
    {
        schemas.extend(unions);
    } else if !unions.is_empty() {
        doc["components"]["schemas"] = Value::Object(unions.into_iter().collect());
    }
}

/// Whether a response kind is a JSON body (not `none` or `raw`).
fn is_body(kind: &Value) -> bool {
    *kind != json!("none") && *kind != json!("raw")
}

/// `schema` without its documentation, for comparing bodies.
fn without_docs(schema: &Value) -> Value {
    match schema {
        Value::Object(m) => Value::Object(
            m.iter()
                .filter(|(k, _)| {
                    !matches!(k.as_str(), "description" | "title" | "example" | "examples")
                })
                .map(|(k, v)| (k.clone(), without_docs(v)))
                .collect(),
        ),
        Value::Array(a) => Value::Array(a.iter().map(without_docs).collect()),
        other => other.clone(),
    }
}

/// progenitor names every inline response schema `{OperationId}Response`, so
/// with two inline schemas the first wins. Where an operation has more than
/// one, each moves to `components/schemas` under its own name.
pub fn inline_response_schemas(doc: &mut Value) {
    let mut hoisted: Vec<(String, Value)> = Vec::new();
    let taken: Vec<String> = doc
        .pointer("/components/schemas")
        .and_then(Value::as_object)
        .map(|m| m.keys().cloned().collect())
        .unwrap_or_default();
    operations(doc, |_, _, _, op| {
        let op_name = pascal(
            op.get("operationId")
                .and_then(Value::as_str)
                .unwrap_or_default(),
        );
        let Some(responses) = op.get_mut("responses").and_then(Value::as_object_mut) else {
            return;
        };
        let inline: Vec<String> = responses
            .iter()
            .filter(|(_, r)| {
                r.pointer("/content/application~1json/schema")
                    .is_some_and(|s| s.get("$ref").is_none())
            })
            .map(|(s, _)| s.clone())
            .collect();
        if inline.len() < 2 {
            return;
        }
        for status in inline {
            let schema_slot = responses[&status]
                .pointer_mut("/content/application~1json/schema")
                .expect("filtered");
            let mut name = format!("{op_name}{}Response", pascal(&status.to_lowercase()));
            while taken.contains(&name) || hoisted.iter().any(|(n, _)| *n == name) {
                name.push('_');
            }
            let schema = std::mem::replace(
                schema_slot,
                json!({ "$ref": format!("#/components/schemas/{name}") }),
            );
            hoisted.push((name, schema));
        }
    });
    if hoisted.is_empty() {
        return;
    }
    let root = doc.as_object_mut().expect("document is an object");
    let components = root.entry("components").or_insert_with(|| json!({}));
    let schemas = components
        .as_object_mut()
        .expect("components")
        .entry("schemas")
        .or_insert_with(|| json!({}));
    for (name, schema) in hoisted {
        schemas[name] = schema;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn null_scope_lists_become_empty() {
        let mut doc = json!({"security": [{"a": null}], "paths": {"/x": {"get": {"security": [{"oauth2": null, "k": ["s"]}]}}}});
        security_scopes(&mut doc);
        assert_eq!(doc["security"], json!([{"a": []}]));
        assert_eq!(
            doc["paths"]["/x"]["get"]["security"],
            json!([{"oauth2": [], "k": ["s"]}])
        );
    }

    fn doc_with(op: Value) -> Value {
        json!({"openapi": "3.0.3", "paths": {"/x": {"get": op}}})
    }

    fn op(doc: &Value) -> &Value {
        &doc["paths"]["/x"]["get"]
    }

    #[test]
    fn missing_operation_id_is_made_from_method_and_path() {
        let mut doc = json!({"paths": {"/api/v1/profile/payments": {"get": {"responses": {}}}}});
        let mut n = Vec::new();
        operation_ids(&mut doc, &mut n).unwrap();
        assert_eq!(
            doc["paths"]["/api/v1/profile/payments"]["get"]["operationId"],
            "get_api_v1_profile_payments"
        );
        assert_eq!(n[0].pointer, "/paths/~1api~1v1~1profile~1payments/get");
    }

    #[test]
    fn operation_ids_that_collide_as_method_names_are_an_error() {
        let mut doc = json!({"paths": {"/a": {"get": {"operationId": "getX"}}, "/b": {"get": {"operationId": "get_x"}}}});
        let err = operation_ids(&mut doc, &mut Vec::new()).unwrap_err();
        assert_eq!(err.pointer, "/paths/~1b/get/operationId");
        assert!(err.message.contains("/paths/~1a/get"));
    }

    #[test]
    fn deep_object_query_parameter_optional_is_dropped_required_drops_the_operation() {
        let mut doc = doc_with(json!({"parameters": [
            {"name": "f", "in": "query", "style": "deepObject", "schema": {"type": "object"}},
            {"name": "q", "in": "query", "schema": {"type": "string"}}
        ]}));
        let mut n = Vec::new();
        unsupported_parameters(&mut doc, &mut n);
        assert_eq!(
            op(&doc)["parameters"],
            json!([{"name": "q", "in": "query", "schema": {"type": "string"}}])
        );
        assert_eq!(n[0].pointer, "/paths/~1x/get/parameters/0");

        let mut doc = doc_with(
            json!({"parameters": [{"name": "f", "in": "query", "required": true, "style": "deepObject"}]}),
        );
        let mut n = Vec::new();
        unsupported_parameters(&mut doc, &mut n);
        assert!(doc["paths"]["/x"].get("get").is_none());
        assert!(n[0].message.contains("operation left out"));
    }

    #[test]
    fn parameters_behind_refs_are_checked_too() {
        let mut doc = doc_with(json!({"parameters": [{"$ref": "#/components/parameters/C"}]}));
        doc["components"] = json!({"parameters": {"C": {"name": "c", "in": "cookie"}}});
        let mut n = Vec::new();
        unsupported_parameters(&mut doc, &mut n);
        assert_eq!(op(&doc)["parameters"], json!([]));
        assert_eq!(n.len(), 1);
    }

    #[test]
    fn several_request_media_types_keep_json_and_drop_encoding() {
        let mut doc = doc_with(json!({"requestBody": {"content": {
            "multipart/form-data": {"schema": {}},
            "application/json": {"schema": {}, "encoding": {"a": {}}}
        }}}));
        let mut n = Vec::new();
        request_bodies(&mut doc, &mut n);
        assert_eq!(
            op(&doc)["requestBody"]["content"],
            json!({"application/json": {"schema": {}}})
        );
        assert_eq!(n.len(), 2);
    }

    #[test]
    fn multipart_only_body_drops_the_operation() {
        let mut doc =
            doc_with(json!({"requestBody": {"content": {"multipart/form-data": {"schema": {}}}}}));
        let mut n = Vec::new();
        request_bodies(&mut doc, &mut n);
        assert!(doc["paths"]["/x"].get("get").is_none());
        assert!(n[0].message.contains("multipart/form-data"));
    }

    #[test]
    fn json_without_schema_gets_an_empty_schema() {
        let mut doc = doc_with(
            json!({"responses": {"200": {"description": "", "content": {"application/json": {}}}}}),
        );
        let mut n = Vec::new();
        media_without_schema(&mut doc, &mut n);
        assert_eq!(
            op(&doc)["responses"]["200"]["content"]["application/json"],
            json!({"schema": {}})
        );
        assert_eq!(n.len(), 1);
    }

    #[test]
    fn default_next_to_2xx_becomes_4xx_and_5xx() {
        let mut doc = doc_with(
            json!({"responses": {"200": {"description": "ok"}, "default": {"description": "err"}}}),
        );
        default_response(&mut doc);
        let keys: Vec<_> = op(&doc)["responses"]
            .as_object()
            .unwrap()
            .keys()
            .cloned()
            .collect();
        assert_eq!(keys, ["200", "4XX", "5XX"]);
        let mut alone = doc_with(json!({"responses": {"default": {"description": "any"}}}));
        default_response(&mut alone);
        assert!(op(&alone)["responses"].get("default").is_some());
    }

    #[test]
    fn two_typed_successes_share_one_union_type_and_none_is_dropped() {
        let mut doc = doc_with(json!({"operationId": "getX", "responses": {
            "201": {"description": "made", "content": {"application/json": {"schema": {"type": "integer"}}}},
            "200": {"description": "ok", "content": {"application/json": {"schema": {"type": "string"}}}},
            "204": {"description": "nothing"}
        }}));
        let mut n = Vec::new();
        success_responses(&mut doc, &mut n);
        assert!(n.is_empty(), "nothing is lost: {n:?}");
        let union = json!({"$ref": "#/components/schemas/GetXSuccess"});
        for status in ["200", "201"] {
            assert_eq!(
                op(&doc)["responses"][status]["content"]["application/json"]["schema"],
                union,
                "{status}"
            );
        }
        assert_eq!(op(&doc)[EMPTY_SUCCESS], json!(["204"]));
        assert_eq!(
            doc["components"]["schemas"]["GetXSuccess"]["oneOf"],
            json!([{"type": "integer"}, {"type": "string"}]),
            "the bodies in document order"
        );
    }

    #[test]
    fn a_non_json_success_beside_a_json_one_is_decoded_as_json_with_a_notice() {
        let mut doc = doc_with(json!({"responses": {
            "200": {"description": "", "content": {"application/json": {"schema": {"type": "string"}}}},
            "202": {"description": "", "content": {"text/plain": {}}}
        }}));
        let mut n = Vec::new();
        success_responses(&mut doc, &mut n);
        assert!(op(&doc)["responses"].get("202").is_some());
        assert_eq!(n[0].pointer, "/paths/~1x/get/responses/202");
    }

    #[test]
    fn an_empty_success_next_to_a_typed_one_is_listed_not_lost() {
        let mut doc = doc_with(json!({"responses": {
            "200": {"description": "", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/E"}}}},
            "204": {"description": "nothing"}
        }}));
        let mut n = Vec::new();
        success_responses(&mut doc, &mut n);
        assert!(op(&doc)["responses"].get("204").is_none());
        assert_eq!(op(&doc)[EMPTY_SUCCESS], json!(["204"]));
        assert!(n.is_empty(), "nothing is lost: {n:?}");
    }

    #[test]
    fn an_untyped_error_next_to_a_typed_one_gets_its_type_and_stays() {
        let mut doc = doc_with(json!({"responses": {
            "200": {"description": ""},
            "400": {"description": "bad"},
            "401": {"description": "", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/E"}}}},
            "503": {"description": "down", "content": {"text/html": {}}}
        }}));
        let mut n = Vec::new();
        error_responses(&mut doc, &mut n);
        let r = &op(&doc)["responses"];
        assert_eq!(
            r.as_object().unwrap().len(),
            4,
            "no documented status is dropped"
        );
        for status in ["400", "401", "503"] {
            assert_eq!(
                r[status]["content"]["application/json"]["schema"],
                json!({"$ref": "#/components/schemas/E"}),
                "{status}"
            );
        }
        assert_eq!(n.len(), 1, "the non-JSON one is said: {n:?}");
        assert_eq!(n[0].pointer, "/paths/~1x/get/responses/503");
    }

    #[test]
    fn different_error_bodies_become_one_union_type() {
        let mut doc = doc_with(json!({"operationId": "getX", "responses": {
            "400": {"description": "", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/E"}}}},
            "404": {"description": "", "content": {"application/json": {"schema": {"type": "object", "description": "a", "properties": {"m": {"type": "string"}}}}}},
            "500": {"description": "", "content": {"application/json": {"schema": {"type": "object", "description": "b", "properties": {"m": {"type": "string"}}}}}}
        }}));
        let mut n = Vec::new();
        error_responses(&mut doc, &mut n);
        let union = json!({"$ref": "#/components/schemas/GetXError"});
        for status in ["400", "404", "500"] {
            assert_eq!(
                op(&doc)["responses"][status]["content"]["application/json"]["schema"],
                union
            );
        }
        let members = doc["components"]["schemas"]["GetXError"]["oneOf"]
            .as_array()
            .unwrap();
        assert_eq!(
            members.len(),
            2,
            "bodies equal but for their docs are one member"
        );
        assert!(n.is_empty());
    }

    #[test]
    fn untyped_errors_alone_are_one_kind_and_stay() {
        let mut doc = doc_with(
            json!({"responses": {"400": {"description": "a"}, "404": {"description": "b"}}}),
        );
        let mut n = Vec::new();
        error_responses(&mut doc, &mut n);
        assert_eq!(op(&doc)["responses"].as_object().unwrap().len(), 2);
        assert!(n.is_empty());
    }

    #[test]
    fn two_inline_response_schemas_are_hoisted_under_distinct_names() {
        let mut doc = doc_with(json!({"operationId": "getX", "responses": {
            "200": {"description": "", "content": {"application/json": {"schema": {"type": "object", "properties": {"a": {}}}}}},
            "4XX": {"description": "", "content": {"application/json": {"schema": {"type": "object", "properties": {"e": {}}}}}}
        }}));
        inline_response_schemas(&mut doc);
        assert_eq!(
            op(&doc)["responses"]["200"]["content"]["application/json"]["schema"],
            json!({"$ref": "#/components/schemas/GetX200Response"})
        );
        assert_eq!(
            op(&doc)["responses"]["4XX"]["content"]["application/json"]["schema"],
            json!({"$ref": "#/components/schemas/GetX4xxResponse"})
        );
        assert!(doc["components"]["schemas"]["GetX200Response"]["properties"]["a"].is_object());
    }

    #[test]
    fn a_single_inline_response_schema_is_left_for_progenitor_to_name() {
        let mut doc = doc_with(json!({"operationId": "getX", "responses": {
            "200": {"description": "", "content": {"application/json": {"schema": {"type": "object"}}}}
        }}));
        let before = doc.clone();
        inline_response_schemas(&mut doc);
        assert_eq!(doc, before);
    }
}
