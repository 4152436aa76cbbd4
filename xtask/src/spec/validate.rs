//! Last checks before generation: every `$ref` resolves, and the document
//! parses as OpenAPI 3.0 (with the pointer of what does not).

use serde_json::Value;

use crate::diag::{PointerError, child};

/// Whether the member `key` of an object reached by `parent_key` holds data
/// (an example, an example's `value`, an extension), not OpenAPI structure:
/// a `$ref` key inside it is the vendor's data, not a reference.
fn is_data(parent_key: &str, grandparent_key: &str, key: &str) -> bool {
    let in_properties = parent_key == "properties";
    (!in_properties && (key == "example" || key.starts_with("x-")))
        || (grandparent_key == "examples" && key == "value")
}

/// Every `$ref` in `doc` must be local (`#/...`) and point at something.
/// Example values and extensions are data, and are not followed.
pub fn refs_resolve(doc: &Value) -> Result<(), PointerError> {
    fn walk(doc: &Value, ptr: &str, keys: (&str, &str), v: &Value) -> Result<(), PointerError> {
        let (parent, grandparent) = keys;
        match v {
            Value::Object(m) => {
                if let Some(Value::String(r)) = m.get("$ref") {
                    let at = child(ptr, "$ref");
                    let Some(target) = r.strip_prefix('#') else {
                        return Err(PointerError::new(
                            at,
                            format!(
                                "external $ref `{r}` is not supported: bundle it into the spec"
                            ),
                        ));
                    };
                    if doc.pointer(&percent_decode(target)).is_none() {
                        return Err(PointerError::new(
                            at,
                            format!("$ref `{r}` points at nothing"),
                        ));
                    }
                }
                for (k, v) in m {
                    if !is_data(parent, grandparent, k) {
                        walk(doc, &child(ptr, k), (k, parent), v)?;
                    }
                }
                Ok(())
            }
            Value::Array(a) => {
                for (i, v) in a.iter().enumerate() {
                    walk(doc, &child(ptr, &i.to_string()), (parent, grandparent), v)?;
                }
                Ok(())
            }
            _ => Ok(()),
        }
    }
    walk(doc, "", ("", ""), doc)
}

/// Every `{name}` in a path template has a `path` parameter and every `path`
/// parameter appears in the template (progenitor generates a broken client
/// otherwise). Run after [`refs_resolve`].
pub fn path_parameters(doc: &Value) -> Result<(), PointerError> {
    for (path, item) in doc
        .get("paths")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
    {
        let item_ptr = child("/paths", path);
        let template = template_names(path, &item_ptr)?;
        let shared = parameters(doc, item, &item_ptr);
        for method in crate::spec::walk::METHODS {
            let Some(op) = item.get(method) else { continue };
            let op_ptr = child(&item_ptr, method);
            let mut params = shared.clone();
            params.extend(parameters(doc, op, &op_ptr));
            template_matches(path, &template, &op_ptr, &params)?;
        }
    }
    Ok(())
}

/// The `{name}`s of a path template, in order.
fn template_names(path: &str, item_ptr: &str) -> Result<Vec<String>, PointerError> {
    let mut names = Vec::new();
    let mut rest = path;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}') else {
            return Err(PointerError::new(
                item_ptr,
                "unclosed `{` in the path template",
            ));
        };
        names.push(rest[open + 1..open + close].to_owned());
        rest = &rest[open + close + 1..];
    }
    Ok(names)
}

/// The `parameters` of a path item or operation at `ptr`, `$ref`s resolved,
/// each with its pointer.
fn parameters(doc: &Value, holder: &Value, ptr: &str) -> Vec<(String, Value)> {
    let resolve = |p: &Value| -> Value {
        match p
            .get("$ref")
            .and_then(Value::as_str)
            .and_then(|r| r.strip_prefix('#'))
        {
            Some(target) => doc
                .pointer(&percent_decode(target))
                .cloned()
                .unwrap_or(Value::Null),
            None => p.clone(),
        }
    };
    holder
        .get("parameters")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .enumerate()
        .map(|(i, p)| (child(&child(ptr, "parameters"), &i.to_string()), resolve(p)))
        .collect()
}

/// The operation's `in: path` parameters and its path template name the same things.
fn template_matches(
    path: &str,
    template: &[String],
    op_ptr: &str,
    params: &[(String, Value)],
) -> Result<(), PointerError> {
    let name = |p: &Value| {
        p.get("name")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned()
    };
    let in_path: Vec<_> = params
        .iter()
        .filter(|(_, p)| p.get("in").and_then(Value::as_str) == Some("path"))
        .collect();
    if let Some((ptr, p)) = in_path.iter().find(|(_, p)| !template.contains(&name(p))) {
        return Err(PointerError::new(
            ptr.clone(),
            format!(
                "path parameter `{}` does not appear in the path template `{path}`",
                name(p)
            ),
        ));
    }
    if let Some(missing) = template
        .iter()
        .find(|t| !in_path.iter().any(|(_, p)| name(p) == **t))
    {
        return Err(PointerError::new(
            op_ptr,
            format!("`{{{missing}}}` in the path has no `in: path` parameter"),
        ));
    }
    Ok(())
}

/// Decode `%XX` escapes in a URI fragment.
fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let Ok(b) = u8::from_str_radix(&s[i + 1..i + 3], 16)
        {
            out.push(b);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Parse `doc` as an OpenAPI 3.0 document; the error points at the node that
/// `doc` as progenitor's document model. The error names the offending node:
/// where openapiv3's maps hide serde's path (paths, components), each entry
/// is parsed on its own to find it.
pub fn parse(doc: &Value) -> Result<openapiv3::OpenAPI, PointerError> {
    deserialize::<openapiv3::OpenAPI>(doc, "").map_err(|e| narrow(doc, e))
}

/// Deserialize `value` (found at `at`) as `T`, with the pointer of what fails.
fn deserialize<T: serde::de::DeserializeOwned>(value: &Value, at: &str) -> Result<T, PointerError> {
    serde_path_to_error::deserialize(value).map_err(|e| {
        let mut pointer = at.to_owned();
        for seg in e.path().iter() {
            match seg {
                serde_path_to_error::Segment::Seq { index } => {
                    pointer = child(&pointer, &index.to_string())
                }
                serde_path_to_error::Segment::Map { key } => pointer = child(&pointer, key),
                serde_path_to_error::Segment::Enum { .. }
                | serde_path_to_error::Segment::Unknown => {}
            }
        }
        // A missing field is missing at its own place, not at its parent's.
        let message = e.inner().to_string();
        if let Some(field) = message
            .strip_prefix("missing field `")
            .and_then(|rest| rest.split('`').next())
        {
            pointer = child(&pointer, field);
        }
        PointerError::new(
            pointer,
            format!("not valid OpenAPI 3.0 after conversion: {message}"),
        )
    })
}

/// A parse error at a map openapiv3 flattens (or behind its untagged
/// `ReferenceOr`), made precise by parsing each entry of that map, and each
/// operation of a path item, as its own type.
fn narrow(doc: &Value, e: PointerError) -> PointerError {
    /// The first entry of the map at `map` that does not parse as `T` (`$ref`s skipped).
    fn first_error<T: serde::de::DeserializeOwned>(doc: &Value, map: &str) -> Option<PointerError> {
        doc.pointer(map)?
            .as_object()?
            .iter()
            .filter(|(_, v)| v.get("$ref").is_none())
            .find_map(|(k, v)| deserialize::<T>(v, &child(map, k)).err())
    }
    let found = match e.pointer.as_str() {
        "/paths" => first_error::<openapiv3::PathItem>(doc, "/paths").map(|item_error| {
            let item = item_error.pointer.clone();
            let operation = crate::spec::walk::METHODS.iter().find_map(|m| {
                let op = doc.pointer(&child(&item, m))?;
                deserialize::<openapiv3::Operation>(op, &child(&item, m)).err()
            });
            operation.unwrap_or(item_error)
        }),
        "/components/schemas" => first_error::<openapiv3::Schema>(doc, "/components/schemas"),
        "/components/responses" => first_error::<openapiv3::Response>(doc, "/components/responses"),
        "/components/parameters" => {
            first_error::<openapiv3::Parameter>(doc, "/components/parameters")
        }
        _ => None,
    };
    found.unwrap_or(e)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_dangling_ref_is_reported_where_the_ref_is() {
        let doc = json!({"components": {"schemas": {"A": {"properties": {"b": {"$ref": "#/components/schemas/B"}}}}}});
        let err = refs_resolve(&doc).unwrap_err();
        assert_eq!(err.pointer, "/components/schemas/A/properties/b/$ref");
        assert!(err.message.contains("points at nothing"));
    }

    #[test]
    fn a_bad_node_inside_a_path_item_is_named_exactly() {
        let doc = json!({"openapi": "3.0.3", "info": {"title": "t", "version": "1"},
            "paths": {"/a": {"post": {"responses": {}, "security": [{"oauth2": null}]}}}});
        let e = parse(&doc).unwrap_err();
        assert_eq!(
            e.pointer, "/paths/~1a/post/security/0/oauth2",
            "{}",
            e.message
        );
    }

    #[test]
    fn refs_inside_example_data_are_data() {
        let doc = json!({"components": {
            "schemas": {"A": {"type": "object", "example": {"schema": {"$ref": "https://x/y.json"}},
                              "x-sample": {"$ref": "nowhere"},
                              "properties": {"example": {"$ref": "#/components/schemas/B"}}},
                        "B": {"type": "string"}},
            "examples": {"e": {"value": {"$ref": "elsewhere"}}}}});
        refs_resolve(&doc).unwrap();
        let mut bad = doc.clone();
        bad["components"]["schemas"]["A"]["properties"]["example"]["$ref"] = json!("#/nope");
        assert_eq!(
            refs_resolve(&bad).unwrap_err().pointer,
            "/components/schemas/A/properties/example/$ref"
        );
    }

    #[test]
    fn external_refs_are_refused_and_escaped_refs_resolve() {
        let err = refs_resolve(&json!({"a": {"$ref": "other.yaml#/x"}})).unwrap_err();
        assert!(err.message.contains("external"));
        let doc = json!({"paths": {"/a b": {}}, "x": {"$ref": "#/paths/~1a%20b"}});
        refs_resolve(&doc).unwrap();
    }

    #[test]
    fn path_templates_and_path_parameters_must_agree() {
        let ok = json!({"paths": {"/a/{id}": {"parameters": [{"name": "id", "in": "path"}], "get": {}}}});
        path_parameters(&ok).unwrap();
        let extra =
            json!({"paths": {"/a": {"get": {"parameters": [{"name": "id", "in": "path"}]}}}});
        assert_eq!(
            path_parameters(&extra).unwrap_err().pointer,
            "/paths/~1a/get/parameters/0"
        );
        let missing = json!({"paths": {"/a/{id}": {"get": {}}}});
        assert_eq!(
            path_parameters(&missing).unwrap_err().pointer,
            "/paths/~1a~1{id}/get"
        );
        let unclosed = json!({"paths": {"/a/{id": {"get": {}}}});
        assert!(
            path_parameters(&unclosed)
                .unwrap_err()
                .message
                .contains("unclosed")
        );
    }

    #[test]
    fn a_document_that_is_not_openapi_names_the_offending_node() {
        let doc = json!({"openapi": "3.0.3", "info": {"title": "t", "version": 1}, "paths": {}});
        let err = parse(&doc).unwrap_err();
        assert_eq!(err.pointer, "/info/version");
    }
}
