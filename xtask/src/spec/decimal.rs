//! Exact decimals, spec side: every `type: number, format: decimal` schema
//! is reduced to the keys typify ignores when matching a type conversion, so
//! all of them become the emitted `JsonDecimal` (see `codegen::decimal`).

use serde_json::Value;

use crate::diag::{Notice, child};
use crate::spec::walk;

/// Keys a decimal schema keeps: typify matches the conversion on the whole
/// schema except its metadata, so anything else would make it fall back to `f64`.
const KEPT: [&str; 10] = [
    "type",
    "format",
    "nullable",
    "description",
    "title",
    "default",
    "example",
    "readOnly",
    "writeOnly",
    "deprecated",
];

/// Strip every decimal number schema down to the keys in [`KEPT`], so all of
/// them become `JsonDecimal`. Dropped validation keywords leave a notice;
/// `x-` extensions go silently (they are documentation here).
/// Returns whether `doc` has any decimal schema (and so needs `JsonDecimal`).
pub fn canonicalize(doc: &mut Value, notices: &mut Vec<Notice>) -> bool {
    let mut found = false;
    let _ = walk::schemas_mut::<()>(doc, &mut |ptr, s| {
        let is_decimal = s.get("type").and_then(Value::as_str) == Some("number")
            && s.get("format").and_then(Value::as_str) == Some("decimal");
        if !is_decimal {
            return Ok(());
        }
        found = true;
        let dropped: Vec<String> = s
            .keys()
            .filter(|k| !KEPT.contains(&k.as_str()))
            .cloned()
            .collect();
        for key in dropped {
            s.shift_remove(&key);
            if !key.starts_with("x-") {
                notices.push(Notice::new(
                    child(ptr, &key),
                    format!("`{key}` on a decimal amount is not enforced: the value is kept exactly as sent (JsonDecimal)"),
                ));
            }
        }
        Ok(())
    });
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn decimal_schemas_keep_only_what_typify_ignores_when_matching() {
        let mut doc = json!({"components": {"schemas": {"A": {"properties": {"amount": {
            "type": "number", "format": "decimal", "description": "d", "x-decision": "x", "minimum": 0
        }}}}}});
        let mut notices = Vec::new();
        canonicalize(&mut doc, &mut notices);
        assert_eq!(
            doc["components"]["schemas"]["A"]["properties"]["amount"],
            json!({"type": "number", "format": "decimal", "description": "d"})
        );
        assert_eq!(notices.len(), 1);
        assert_eq!(
            notices[0].pointer,
            "/components/schemas/A/properties/amount/minimum"
        );
    }

    #[test]
    fn decimal_numbers_are_found_anywhere() {
        let mut doc = json!({"components": {"schemas": {"A": {"properties": {"amount": {"type": "number", "format": "decimal"}}}}}});
        assert!(canonicalize(&mut doc, &mut Vec::new()));
        let mut doc =
            json!({"components": {"schemas": {"A": {"type": "string", "format": "decimal"}}}});
        assert!(!canonicalize(&mut doc, &mut Vec::new()));
    }
}
