//! Reading spec and overlay files: YAML or JSON into a `serde_json::Value`.

use serde_json::Value;

use crate::diag::PointerError;

/// Parse `text` (YAML, of which JSON is a subset) into a JSON value. The error
/// names the line and column; YAML that is not JSON-compatible (non-string map
/// keys, say) is refused.
pub fn parse(text: &str) -> Result<Value, PointerError> {
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
    fn bad_yaml_names_the_line() {
        let err = parse("a: 1\nb: [unclosed\n").unwrap_err();
        assert!(err.message.contains("line"), "{}", err.message);
        assert_eq!(err.pointer, "");
    }
}
