//! Decoding of `format: date-time` values: chrono's strict RFC 3339
//! parser first (fast), its relaxed parser when that fails, so that
//! exactly the strings `DateTime<Utc>`'s own serde impl accepts are
//! accepted, with the same values.

use std::fmt;

use chrono::{DateTime, Utc};
use serde::de::{self, Deserialize, Deserializer, Visitor};

/// Parse `s` as `DateTime<Utc>`'s serde impl does, faster.
fn parse(s: &str) -> Result<DateTime<Utc>, chrono::ParseError> {
    match DateTime::parse_from_rfc3339(s) {
        Ok(t) => Ok(t.with_timezone(&Utc)),
        Err(_) => s.parse(),
    }
}

struct Rfc3339;

impl Visitor<'_> for Rfc3339 {
    type Value = DateTime<Utc>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an RFC 3339 formatted date and time string")
    }

    fn visit_str<E: de::Error>(self, s: &str) -> Result<Self::Value, E> {
        parse(s).map_err(E::custom)
    }
}

/// A `DateTime<Utc>` that decodes through [`parse`].
struct Utc3339(DateTime<Utc>);

impl<'de> Deserialize<'de> for Utc3339 {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_str(Rfc3339).map(Utc3339)
    }
}
