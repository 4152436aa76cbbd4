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
