//! Reading spec and overlay files: YAML or JSON into a `serde_json::Value`.

use serde_json::Value;

use crate::diag::PointerError;

/// Parse `text` (YAML, of which JSON is a subset) into a JSON value. The error
/// names the line and column; YAML that is not JSON-compatible (non-string map
/// keys, say) is refused. A document that opens like JSON is read by
/// serde_json first (ten times faster on a multi-megabyte spec); only if that
/// fails is it read as YAML, so JSON with YAML-only liberties still loads.
pub fn parse(text: &str) -> Result<Value, PointerError> {
    if text.trim_start().starts_with(['{', '['])
        && let Ok(value) = serde_json::from_str(text)
    {
        return Ok(value);
    }
    let yaml: serde_yaml::Value = serde_yaml::from_str(text).map_err(|e| {
        let at = e
            .location()
            .map(|l| format!(" at line {}, column {}", l.line(), l.column()));
        PointerError::new(
            "",
            format!("not valid YAML/JSON{}: {e}", at.unwrap_or_default()),
        )
    })?;
    serde_json::to_value(yaml)
        .map_err(|e| PointerError::new("", format!("not representable as JSON: {e}")))
}

/// Parse one file's bytes.
pub fn decode(bytes: &[u8]) -> Result<Value, PointerError> {
    let text =
        std::str::from_utf8(bytes).map_err(|e| PointerError::new("", format!("not UTF-8: {e}")))?;
    parse(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yaml_and_json_both_parse() {
        assert_eq!(parse("a: 1").unwrap(), serde_json::json!({"a": 1}));
        assert_eq!(
            parse("{\"a\": [true]}").unwrap(),
            serde_json::json!({"a": [true]})
        );
    }

    #[test]
    fn json_reads_as_it_would_as_yaml() {
        let text = r#"{"b": {"z": 1, "a": [1.5, -2, null, "x"]}, "a": "\u00e9"}"#;
        let json = parse(text).unwrap();
        let yaml: serde_yaml::Value = serde_yaml::from_str(text).unwrap();
        assert_eq!(json, serde_json::to_value(yaml).unwrap());
        let keys: Vec<_> = json.as_object().unwrap().keys().cloned().collect();
        assert_eq!(keys, ["b", "a"], "document order is kept");
    }

    #[test]
    fn json_with_yaml_liberties_falls_back_to_yaml() {
        // A trailing comment is YAML, not JSON.
        assert_eq!(
            parse("{\"a\": 1} # note").unwrap(),
            serde_json::json!({"a": 1})
        );
    }

    #[test]
    fn bad_yaml_names_the_line() {
        let err = parse("a: 1\nb: [unclosed\n").unwrap_err();
        assert!(err.message.contains("line"), "{}", err.message);
        assert_eq!(err.pointer, "");
    }
}
