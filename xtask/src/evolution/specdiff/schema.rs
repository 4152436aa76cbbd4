//! Comparing two schemas: one function per rule. Each rule looks at the keys
//! it names in [`RULES`]; any other key that differs is documentation (non-breaking)
//! or unclassified (breaking: unknown means unsafe).

use std::collections::BTreeSet;

use serde_json::{Map, Value};

use super::{Differ, Dir, Level, obj, ref_name};
use crate::diag::child;

use Level::{Breaking as B, NonBreaking as N};

/// A schema's members.
type Members = Map<String, Value>;

/// A rule: compares `old` and `new` (the schemas' members) at `ptr`.
type Rule = fn(&mut Differ, &str, &Members, &Members, Dir);

/// Every rule, with the keys it classifies.
const RULES: &[(Rule, &[&str])] = &[
    (type_and_format, &["type", "format"]),
    (nullable, &["nullable"]),
    (enum_values, &["enum"]),
    (properties, &["properties", "required"]),
    (subschemas, &["items", "additionalProperties", "not"]),
    (combinators, &["allOf", "oneOf", "anyOf"]),
    (limits, &LIMIT_KEYS),
];

/// The keys [`limits`] classifies.
const LIMIT_KEYS: [&str; 11] = [
    "maxLength",
    "minLength",
    "pattern",
    "maximum",
    "maxItems",
    "minimum",
    "minItems",
    "multipleOf",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "uniqueItems",
];

/// Schema keys that only document.
const DOC_KEYS: [&str; 7] = [
    "description",
    "title",
    "example",
    "examples",
    "externalDocs",
    "deprecated",
    "default",
];
/// String limits whose presence decides whether typify makes a newtype.
const STRING_LIMITS: [&str; 3] = ["maxLength", "minLength", "pattern"];
/// Limits where a larger value is more permissive.
const UPPER_LIMITS: [&str; 3] = ["maxLength", "maximum", "maxItems"];
/// Limits where a smaller value is more permissive.
const LOWER_LIMITS: [&str; 3] = ["minLength", "minimum", "minItems"];

/// Compare two schemas at `ptr`.
pub(super) fn schema(d: &mut Differ, ptr: &str, old: &Value, new: &Value, dir: Dir) {
    if old == new {
        return;
    }
    if ref_name(old).is_some() || ref_name(new).is_some() {
        reference(d, ptr, old, new);
        return;
    }
    let (o, n) = (obj(old), obj(new));
    for (rule, _) in RULES {
        rule(d, ptr, &o, &n, dir);
    }
    other_keys(d, ptr, &o, &n);
}

/// A `$ref` on either side: a changed target is a type change.
fn reference(d: &mut Differ, ptr: &str, old: &Value, new: &Value) {
    if ref_name(old) != ref_name(new) {
        d.add(
            B,
            ptr,
            format!(
                "type changed from {} to {}",
                ref_name(old).unwrap_or("an inline schema"),
                ref_name(new).unwrap_or("an inline schema")
            ),
        );
    }
}

fn type_of(s: &Members) -> String {
    let ty = s.get("type").and_then(Value::as_str).unwrap_or("any");
    match s.get("format").and_then(Value::as_str) {
        Some(f) => format!("{ty} ({f})"),
        None => ty.to_owned(),
    }
}

fn type_and_format(d: &mut Differ, ptr: &str, o: &Members, n: &Members, _: Dir) {
    if type_of(o) != type_of(n) {
        d.add(
            B,
            ptr,
            format!("type changed from {} to {}", type_of(o), type_of(n)),
        );
    }
}

fn nullable(d: &mut Differ, ptr: &str, o: &Members, n: &Members, dir: Dir) {
    let (was, is) = (
        o.get("nullable") == Some(&Value::Bool(true)),
        n.get("nullable") == Some(&Value::Bool(true)),
    );
    if !was && is {
        d.by_dir(
            dir,
            ptr,
            N,
            B,
            "becomes nullable: the response field is now an Option",
        );
    } else if was && !is {
        d.add(
            B,
            ptr,
            "no longer nullable: the field's type changes from Option<T> to T",
        );
    }
}

fn enum_values(d: &mut Differ, ptr: &str, o: &Members, n: &Members, _: Dir) {
    let values = |m: &Members| {
        m.get("enum")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default()
    };
    let (ov, nv) = (values(o), values(n));
    for v in ov.iter().filter(|v| !nv.contains(v)) {
        d.add(B, &child(ptr, "enum"), format!("enum value {v} removed"));
    }
    for v in nv.iter().filter(|v| !ov.contains(v)) {
        d.add(N, &child(ptr, "enum"), format!("new enum value {v}: generated enums are #[non_exhaustive] with UnknownValue, so no match breaks"));
    }
}

fn properties(d: &mut Differ, ptr: &str, o: &Members, n: &Members, dir: Dir) {
    let props = |m: &Members| obj(m.get("properties").unwrap_or(&Value::Null));
    let required = |m: &Members| -> BTreeSet<String> {
        m.get("required")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(|v| v.as_str().map(str::to_owned))
            .collect()
    };
    let (op, np, or, nr) = (props(o), props(n), required(o), required(n));
    for (name, os) in &op {
        let p = child(&child(ptr, "properties"), name);
        match np.get(name) {
            None => d.add(B, &p, format!("property `{name}` removed")),
            Some(ns) => {
                match (or.contains(name), nr.contains(name)) {
                    (true, false) => d.by_dir(dir, &p, N, B, &format!("property `{name}` becomes optional: in a response its type becomes Option<T>")),
                    (false, true) => d.by_dir(dir, &p, B, B, &format!("property `{name}` becomes required: its type changes from Option<T> to T")),
                    _ => {}
                }
                schema(d, &p, os, ns, dir);
            }
        }
    }
    for name in np.keys().filter(|k| !op.contains_key(*k)) {
        let p = child(&child(ptr, "properties"), name);
        if nr.contains(name) {
            d.by_dir(dir, &p, B, N, &format!("new required property `{name}`"));
        } else {
            d.add(N, &p, format!("new optional property `{name}`"));
        }
    }
}

fn subschemas(d: &mut Differ, ptr: &str, o: &Members, n: &Members, dir: Dir) {
    for key in ["items", "additionalProperties", "not"] {
        match (o.get(key), n.get(key)) {
            (Some(a), Some(b)) if a.is_object() && b.is_object() => {
                schema(d, &child(ptr, key), a, b, dir)
            }
            (a, b) if a != b => d.add(B, &child(ptr, key), format!("`{key}` changed")),
            _ => {}
        }
    }
}

fn combinators(d: &mut Differ, ptr: &str, o: &Members, n: &Members, dir: Dir) {
    for key in ["allOf", "oneOf", "anyOf"] {
        let list = |m: &Members| {
            m.get(key)
                .and_then(Value::as_array)
                .cloned()
                .unwrap_or_default()
        };
        let (ol, nl) = (list(o), list(n));
        if ol.len() == nl.len() {
            for (i, (a, b)) in ol.iter().zip(&nl).enumerate() {
                schema(d, &child(&child(ptr, key), &i.to_string()), a, b, dir);
            }
        } else {
            d.add(
                B,
                &child(ptr, key),
                format!(
                    "`{key}` has {} branches instead of {}: the generated type's variants change",
                    nl.len(),
                    ol.len()
                ),
            );
        }
    }
}

fn limits(d: &mut Differ, ptr: &str, o: &Members, n: &Members, _: Dir) {
    for key in &LIMIT_KEYS {
        let (a, b) = (o.get(*key), n.get(*key));
        if a != b {
            limit(d, &child(ptr, key), key, a, b);
        }
    }
}

/// One changed limit: relaxed, tightened, or (string limits appearing or
/// disappearing) a change of Rust type.
fn limit(d: &mut Differ, p: &str, key: &str, a: Option<&Value>, b: Option<&Value>) {
    let string_newtype = STRING_LIMITS.contains(&key) && (a.is_none() || b.is_none());
    let relaxed = match (a.and_then(Value::as_f64), b.and_then(Value::as_f64)) {
        (Some(x), Some(y)) if UPPER_LIMITS.contains(&key) => y > x,
        (Some(x), Some(y)) if LOWER_LIMITS.contains(&key) => y < x,
        (Some(_), None) => !STRING_LIMITS.contains(&key) && key != "minimum" && key != "maximum",
        _ => false,
    };
    if string_newtype {
        d.add(B, p, format!("`{key}` added or removed: the Rust type changes between String and a constrained newtype"));
    } else if relaxed {
        d.add(
            N,
            p,
            format!("`{key}` relaxed from {} to {}", show(a), show(b)),
        );
    } else {
        d.add(
            B,
            p,
            format!(
                "`{key}` changed from {} to {}: values valid before may be rejected",
                show(a),
                show(b)
            ),
        );
    }
}

/// Keys no rule classifies: documentation and extensions are non-breaking,
/// anything else is breaking.
fn other_keys(d: &mut Differ, ptr: &str, o: &Members, n: &Members) {
    let handled: BTreeSet<&str> = RULES
        .iter()
        .flat_map(|(_, keys)| keys.iter().copied())
        .collect();
    for key in o.keys().chain(n.keys()).collect::<BTreeSet<_>>() {
        if handled.contains(key.as_str()) || o.get(key) == n.get(key) {
            continue;
        }
        if DOC_KEYS.contains(&key.as_str())
            || key.starts_with("x-")
            || key == "readOnly"
            || key == "writeOnly"
        {
            d.add(
                N,
                &child(ptr, key),
                format!("`{key}` changed (documentation)"),
            );
        } else {
            d.add(
                B,
                &child(ptr, key),
                format!("`{key}` changed (unclassified: treated as breaking)"),
            );
        }
    }
}

fn show(v: Option<&Value>) -> String {
    v.map_or("none".to_owned(), Value::to_string)
}
