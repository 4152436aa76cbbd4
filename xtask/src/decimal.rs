//! Exact decimals: `type: number, format: decimal` in a spec becomes
//! `JsonDecimal`, a type emitted into the generated crate that keeps the JSON
//! number's text, so money never passes through `f64`.

use proc_macro2::TokenStream;
use quote::quote;
use serde_json::Value;

use crate::diag::{Notice, child};
use crate::walk;

/// Rust path of the type, as the generated code names it.
pub const TYPE_PATH: &str = "crate::JsonDecimal";

/// The schema that maps to [`TYPE_PATH`] (metadata is ignored when matching).
pub fn schema() -> schemars::schema::SchemaObject {
    schemars::schema::SchemaObject {
        instance_type: Some(schemars::schema::InstanceType::Number.into()),
        format: Some("decimal".to_owned()),
        ..Default::default()
    }
}

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

/// The `decimal` module of a generated crate.
pub fn module() -> TokenStream {
    quote! {
        //! [`JsonDecimal`]: a JSON number kept exactly as the vendor wrote it.

        use std::fmt;
        use std::str::FromStr;

        use serde::{Deserialize, Deserializer, Serialize, Serializer};
        use serde_json::value::RawValue;

        /// A JSON number the spec marks `format: decimal` (money), kept as its exact
        /// text. It never passes through `f64`: `25.10` stays `25.10`, and amounts
        /// beyond `f64`'s 15–17 significant digits stay exact. Read it with
        /// [`JsonDecimal::as_str`] or parse it into a decimal type.
        #[derive(Clone, Debug, PartialEq, Eq, Hash)]
        pub struct JsonDecimal(String);

        impl JsonDecimal {
            /// The number exactly as it appeared in the JSON.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        /// Text that is not a JSON number.
        #[derive(Clone, Debug, PartialEq, Eq)]
        pub struct NotAJsonNumber(String);

        impl fmt::Display for NotAJsonNumber {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "not a JSON number: {:?}", self.0)
            }
        }

        impl std::error::Error for NotAJsonNumber {}

        /// Whether `s` matches the JSON number grammar (RFC 8259 §6).
        fn is_json_number(s: &str) -> bool {
            let b = s.as_bytes();
            let mut i = 0;
            if b.get(i) == Some(&b'-') {
                i += 1;
            }
            match b.get(i) {
                Some(b'0') => i += 1,
                Some(b'1'..=b'9') => {
                    while b.get(i).is_some_and(u8::is_ascii_digit) {
                        i += 1;
                    }
                }
                _ => return false,
            }
            if b.get(i) == Some(&b'.') {
                i += 1;
                let start = i;
                while b.get(i).is_some_and(u8::is_ascii_digit) {
                    i += 1;
                }
                if i == start {
                    return false;
                }
            }
            if matches!(b.get(i), Some(b'e' | b'E')) {
                i += 1;
                if matches!(b.get(i), Some(b'+' | b'-')) {
                    i += 1;
                }
                let start = i;
                while b.get(i).is_some_and(u8::is_ascii_digit) {
                    i += 1;
                }
                if i == start {
                    return false;
                }
            }
            i == b.len()
        }

        impl FromStr for JsonDecimal {
            type Err = NotAJsonNumber;

            fn from_str(s: &str) -> Result<Self, Self::Err> {
                if is_json_number(s) {
                    Ok(Self(s.to_owned()))
                } else {
                    Err(NotAJsonNumber(s.to_owned()))
                }
            }
        }

        impl fmt::Display for JsonDecimal {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl Serialize for JsonDecimal {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                let raw = RawValue::from_string(self.0.clone()).map_err(serde::ser::Error::custom)?;
                raw.serialize(serializer)
            }
        }

        impl<'de> Deserialize<'de> for JsonDecimal {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let raw = <Box<RawValue>>::deserialize(deserializer)?;
                if !is_json_number(raw.get()) {
                    return Err(serde::de::Error::custom(NotAJsonNumber(raw.get().to_owned())));
                }
                // The checked text becomes the value without another copy.
                Ok(Self(Box::<str>::from(raw).into_string()))
            }
        }
    }
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
