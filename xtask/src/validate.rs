//! Last checks before generation: every `$ref` resolves, and the document
//! parses as OpenAPI 3.0 (with the pointer of what does not).

use serde_json::Value;

use crate::diag::{PointerError, child};

/// Every `$ref` in `doc` must be local (`#/...`) and point at something.
pub fn refs_resolve(doc: &Value) -> Result<(), PointerError> {
    fn walk(doc: &Value, ptr: &str, v: &Value) -> Result<(), PointerError> {
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
                    walk(doc, &child(ptr, k), v)?;
                }
                Ok(())
            }
            Value::Array(a) => {
                for (i, v) in a.iter().enumerate() {
                    walk(doc, &child(ptr, &i.to_string()), v)?;
                }
                Ok(())
            }
            _ => Ok(()),
        }
    }
    walk(doc, "", doc)
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
/// does not fit.
pub fn parse(doc: &Value) -> Result<openapiv3::OpenAPI, PointerError> {
    serde_path_to_error::deserialize(doc).map_err(|e| {
        let mut pointer = String::new();
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
        PointerError::new(
            pointer,
            format!("not valid OpenAPI 3.0 after conversion: {}", e.inner()),
        )
    })
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
    fn external_refs_are_refused_and_escaped_refs_resolve() {
        let err = refs_resolve(&json!({"a": {"$ref": "other.yaml#/x"}})).unwrap_err();
        assert!(err.message.contains("external"));
        let doc = json!({"paths": {"/a b": {}}, "x": {"$ref": "#/paths/~1a%20b"}});
        refs_resolve(&doc).unwrap();
    }

    #[test]
    fn a_document_that_is_not_openapi_names_the_offending_node() {
        let doc = json!({"openapi": "3.0.3", "info": {"title": "t", "version": 1}, "paths": {}});
        let err = parse(&doc).unwrap_err();
        assert_eq!(err.pointer, "/info/version");
    }
}
