//! Helpers for testing the generated vendor clients: the documented examples
//! read straight from `specs/`, so the tests decode what the vendor documents.

use serde_json::Value;

/// A vendor spec or overlay file under `specs/`, parsed.
pub fn spec_file(rel: &str) -> Value {
    let path = format!("{}/../specs/{rel}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    serde_yaml::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The value at JSON `pointer` in spec file `rel`, as JSON text.
pub fn example(rel: &str, pointer: &str) -> String {
    let doc = spec_file(rel);
    let value = doc
        .pointer(pointer)
        .unwrap_or_else(|| panic!("{rel} has nothing at {pointer}"));
    serde_json::to_string(value).expect("JSON")
}
