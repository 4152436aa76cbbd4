//! Sample data: the spec's documented example where there is one, else values
//! made from the schema; and, for paginated operations, a larger data set made
//! by varying the example's records.

use chrono::{DateTime, Duration};
use serde_json::{Map, Value, json};

/// A value that fits `schema`: its `example` if it has one, else one made from
/// its type and format.
pub fn from_schema(schema: &Value) -> Value {
    if let Some(e) = schema.get("example") {
        return e.clone();
    }
    if let Some(first) = schema
        .get("enum")
        .and_then(Value::as_array)
        .and_then(|e| e.iter().find(|v| !v.is_null()))
    {
        return first.clone();
    }
    if let Some(branch) = ["oneOf", "anyOf", "allOf"].iter().find_map(|k| {
        schema
            .get(*k)
            .and_then(Value::as_array)
            .and_then(|b| b.first())
    }) {
        return from_schema(branch);
    }
    match schema.get("type").and_then(Value::as_str) {
        Some("object") | None if schema.get("properties").is_some() => Value::Object(
            schema["properties"]
                .as_object()
                .into_iter()
                .flatten()
                .map(|(k, s)| (k.clone(), from_schema(s)))
                .collect::<Map<_, _>>(),
        ),
        Some("array") => json!([from_schema(schema.get("items").unwrap_or(&Value::Null))]),
        Some("string") => match schema.get("format").and_then(Value::as_str) {
            Some("date-time") => json!("2026-01-15T10:00:00Z"),
            Some("date") => json!("2026-01-15"),
            Some("decimal") => json!("10.00"),
            _ => json!("sample"),
        },
        Some("integer") => json!(1),
        Some("number") => json!(10.5),
        Some("boolean") => json!(true),
        _ => Value::Null,
    }
}

/// Record `i` of a data set made from `template`: `id` varied, every RFC 3339
/// date-time at the top level moved `i` days earlier.
pub fn vary(template: &Value, i: usize) -> Value {
    let mut record = template.clone();
    let Some(m) = record.as_object_mut() else {
        return record;
    };
    if i > 0 {
        match m.get("id") {
            Some(Value::Number(n)) => {
                m.insert(
                    "id".into(),
                    json!(n.as_i64().unwrap_or(0) + i as i64 * 1000),
                );
            }
            Some(Value::String(s)) => {
                m.insert("id".into(), json!(format!("{s}-{i}")));
            }
            _ => {}
        }
    }
    for v in m.values_mut() {
        if let Some(t) = v
            .as_str()
            .and_then(|s| DateTime::parse_from_rfc3339(s).ok())
        {
            *v = json!(
                (t - Duration::days(i as i64)).to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
            );
        }
    }
    record
}

/// `n` records made by cycling through `templates`.
pub fn dataset(templates: &[Value], n: usize) -> Vec<Value> {
    if templates.is_empty() {
        return Vec::new();
    }
    (0..n)
        .map(|i| vary(&templates[i % templates.len()], i))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn examples_win_then_types_and_formats() {
        assert_eq!(
            from_schema(&json!({"type": "string", "example": "x"})),
            json!("x")
        );
        assert_eq!(
            from_schema(&json!({"type": "string", "format": "date-time"})),
            json!("2026-01-15T10:00:00Z")
        );
        assert_eq!(
            from_schema(
                &json!({"type": "object", "properties": {"a": {"type": "integer"}, "b": {"enum": ["x", "y"]}}})
            ),
            json!({"a": 1, "b": "x"})
        );
    }

    #[test]
    fn varied_records_get_distinct_ids_and_earlier_dates() {
        let t = json!({"id": "u", "n": 5, "created_at": "2025-11-15T10:00:00Z"});
        assert_eq!(vary(&t, 0), t);
        assert_eq!(
            vary(&t, 2),
            json!({"id": "u-2", "n": 5, "created_at": "2025-11-13T10:00:00Z"})
        );
        assert_eq!(vary(&json!({"id": 7}), 1), json!({"id": 1007}));
        assert_eq!(dataset(&[t.clone(), json!({"id": "v"})], 3).len(), 3);
    }
}
