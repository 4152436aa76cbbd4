//! Classifying the changes between two normalised OpenAPI 3.0 documents as
//! breaking or non-breaking for a user of the generated Rust crate.
//!
//! Component schemas are compared by name, in the direction(s) they are used
//! (request, response, or both: then the stricter verdict wins); operations
//! are compared by path and method, their schemas up to a `$ref` (a changed
//! target is a type change). Every difference found is reported: a rule
//! classifies it, documentation keys are non-breaking, and any other
//! structural difference is breaking (conservative: unknown means unsafe).
//!
//! Rust-specific verdicts: a new value in any enum is non-breaking because
//! generated enums are `#[non_exhaustive]` with an `UnknownValue` variant (see
//! `open_enums`); a new optional parameter is non-breaking because the Builder
//! interface keeps signatures; a property turning nullable or optional in a
//! response changes its type to `Option<T>`, which is breaking.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;
use serde_json::{Map, Value};

use crate::diag::child;
use crate::spec::walk::METHODS;

/// How a change affects users of the generated crate.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Level {
    /// Existing code keeps compiling and behaving.
    NonBreaking,
    /// Existing code may stop compiling or decoding.
    Breaking,
}

/// One classified change.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Change {
    /// Breaking or not.
    pub level: Level,
    /// JSON pointer of the changed node (in the new document; in the old one for removals).
    pub pointer: String,
    /// One line saying what changed and why it is classified so.
    pub reason: String,
}

/// Which way data flows through a schema.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Dir {
    request: bool,
    response: bool,
}

const RESPONSE: Dir = Dir {
    request: false,
    response: true,
};
const REQUEST: Dir = Dir {
    request: true,
    response: false,
};

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

struct Differ {
    changes: BTreeSet<Change>,
}

impl Differ {
    fn add(&mut self, level: Level, pointer: &str, reason: impl Into<String>) {
        self.changes.insert(Change {
            level,
            pointer: pointer.to_owned(),
            reason: reason.into(),
        });
    }

    /// Breaking if any flow direction says so.
    fn by_dir(&mut self, dir: Dir, pointer: &str, request: Level, response: Level, reason: &str) {
        let level = match (dir.request, dir.response) {
            (true, true) => request.max(response),
            (true, false) => request,
            _ => response,
        };
        self.add(level, pointer, reason);
    }
}

fn obj(v: &Value) -> Map<String, Value> {
    v.as_object().cloned().unwrap_or_default()
}

fn ref_name(v: &Value) -> Option<&str> {
    v.get("$ref").and_then(Value::as_str)
}

fn type_of(s: &Value) -> String {
    let ty = s.get("type").and_then(Value::as_str).unwrap_or("any");
    match s.get("format").and_then(Value::as_str) {
        Some(f) => format!("{ty} ({f})"),
        None => ty.to_owned(),
    }
}

/// Compare two schemas at `ptr`.
fn schema(d: &mut Differ, ptr: &str, old: &Value, new: &Value, dir: Dir) {
    use Level::{Breaking as B, NonBreaking as N};
    if old == new {
        return;
    }
    if ref_name(old).is_some() || ref_name(new).is_some() {
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
        return;
    }
    let (o, n) = (obj(old), obj(new));
    let mut handled: BTreeSet<&str> = BTreeSet::new();

    handled.extend(["type", "format"]);
    if type_of(old) != type_of(new) {
        d.add(
            B,
            ptr,
            format!("type changed from {} to {}", type_of(old), type_of(new)),
        );
    }

    handled.insert("nullable");
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

    handled.insert("enum");
    let values = |m: &Map<String, Value>| {
        m.get("enum")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default()
    };
    let (ov, nv) = (values(&o), values(&n));
    for v in ov.iter().filter(|v| !nv.contains(v)) {
        d.add(B, &child(ptr, "enum"), format!("enum value {v} removed"));
    }
    for v in nv.iter().filter(|v| !ov.contains(v)) {
        d.add(N, &child(ptr, "enum"), format!("new enum value {v}: generated enums are #[non_exhaustive] with UnknownValue, so no match breaks"));
    }

    handled.extend(["properties", "required"]);
    let props = |m: &Map<String, Value>| obj(m.get("properties").unwrap_or(&Value::Null));
    let required = |m: &Map<String, Value>| -> BTreeSet<String> {
        m.get("required")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(|v| v.as_str().map(str::to_owned))
            .collect()
    };
    let (op, np, or, nr) = (props(&o), props(&n), required(&o), required(&n));
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

    for key in ["items", "additionalProperties", "not"] {
        handled.insert(key);
        match (o.get(key), n.get(key)) {
            (Some(a), Some(b)) if a.is_object() && b.is_object() => {
                schema(d, &child(ptr, key), a, b, dir)
            }
            (a, b) if a != b => d.add(B, &child(ptr, key), format!("`{key}` changed")),
            _ => {}
        }
    }

    for key in ["allOf", "oneOf", "anyOf"] {
        handled.insert(key);
        let list = |m: &Map<String, Value>| {
            m.get(key)
                .and_then(Value::as_array)
                .cloned()
                .unwrap_or_default()
        };
        let (ol, nl) = (list(&o), list(&n));
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

    for key in STRING_LIMITS
        .iter()
        .chain(&UPPER_LIMITS)
        .chain(&LOWER_LIMITS)
        .chain(&[
            "multipleOf",
            "exclusiveMinimum",
            "exclusiveMaximum",
            "uniqueItems",
        ])
    {
        if !handled.insert(key) {
            continue;
        }
        let (a, b) = (o.get(*key), n.get(*key));
        if a == b {
            continue;
        }
        let p = child(ptr, key);
        let string_newtype = STRING_LIMITS.contains(key) && (a.is_none() || b.is_none());
        let relaxed = match (a.and_then(Value::as_f64), b.and_then(Value::as_f64)) {
            (Some(x), Some(y)) if UPPER_LIMITS.contains(key) => y > x,
            (Some(x), Some(y)) if LOWER_LIMITS.contains(key) => y < x,
            (Some(_), None) => {
                !STRING_LIMITS.contains(key) && *key != "minimum" && *key != "maximum"
            }
            _ => false,
        };
        if string_newtype {
            d.add(B, &p, format!("`{key}` added or removed: the Rust type changes between String and a constrained newtype"));
        } else if relaxed {
            d.add(
                N,
                &p,
                format!("`{key}` relaxed from {} to {}", show(a), show(b)),
            );
        } else {
            d.add(
                B,
                &p,
                format!(
                    "`{key}` changed from {} to {}: values valid before may be rejected",
                    show(a),
                    show(b)
                ),
            );
        }
    }

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

/// Parameters of an operation (path-level and its own), by (in, name).
fn parameters(doc: &Value, item: &Value, op: &Value) -> BTreeMap<(String, String), Value> {
    let mut out = BTreeMap::new();
    for list in [item.get("parameters"), op.get("parameters")] {
        for p in list.and_then(Value::as_array).into_iter().flatten() {
            let p = match ref_name(p).and_then(|r| r.strip_prefix('#')) {
                Some(ptr) => doc.pointer(ptr).cloned().unwrap_or(Value::Null),
                None => p.clone(),
            };
            let key = (
                p.get("in")
                    .and_then(Value::as_str)
                    .unwrap_or_default()
                    .to_owned(),
                p.get("name")
                    .and_then(Value::as_str)
                    .unwrap_or_default()
                    .to_owned(),
            );
            out.insert(key, p);
        }
    }
    out
}

fn operation(
    d: &mut Differ,
    ptr: &str,
    (old_doc, old_item, old): (&Value, &Value, &Value),
    (new_doc, new_item, new): (&Value, &Value, &Value),
) {
    use Level::{Breaking as B, NonBreaking as N};
    if old.get("operationId") != new.get("operationId") {
        d.add(
            B,
            &child(ptr, "operationId"),
            "operationId changed: the client method is renamed",
        );
    }
    let (op, np) = (
        parameters(old_doc, old_item, old),
        parameters(new_doc, new_item, new),
    );
    for ((location, name), o) in &op {
        let p = format!("{}/parameters[{location}:{name}]", ptr);
        let req = |v: &Value| v.get("required") == Some(&Value::Bool(true));
        match np.get(&(location.clone(), name.clone())) {
            None => d.add(
                B,
                &p,
                format!("{location} parameter `{name}` removed: its builder method disappears"),
            ),
            Some(n) => {
                match (req(o), req(n)) {
                    (false, true) => d.add(
                        B,
                        &p,
                        format!("{location} parameter `{name}` becomes required"),
                    ),
                    (true, false) => d.add(
                        N,
                        &p,
                        format!("{location} parameter `{name}` becomes optional"),
                    ),
                    _ => {}
                }
                schema(
                    d,
                    &child(&p, "schema"),
                    o.get("schema").unwrap_or(&Value::Null),
                    n.get("schema").unwrap_or(&Value::Null),
                    REQUEST,
                );
            }
        }
    }
    for ((location, name), n) in np.iter().filter(|(k, _)| !op.contains_key(*k)) {
        let p = format!("{}/parameters[{location}:{name}]", ptr);
        if n.get("required") == Some(&Value::Bool(true)) {
            d.add(B, &p, format!("new required {location} parameter `{name}`"));
        } else {
            d.add(N, &p, format!("new optional {location} parameter `{name}`: the Builder interface keeps every signature"));
        }
    }
    let body = |v: &Value| {
        v.pointer("/requestBody/content/application~1json/schema")
            .cloned()
    };
    match (body(old), body(new)) {
        (Some(a), Some(b)) => schema(
            d,
            &format!("{ptr}/requestBody/content/application~1json/schema"),
            &a,
            &b,
            REQUEST,
        ),
        (None, Some(_)) => d.add(B, &child(ptr, "requestBody"), "request body added"),
        (Some(_), None) => d.add(B, &child(ptr, "requestBody"), "request body removed"),
        (None, None) => {}
    }
    let responses = |v: &Value| obj(v.get("responses").unwrap_or(&Value::Null));
    let (or, nr) = (responses(old), responses(new));
    for (status, o) in &or {
        let p = child(&child(ptr, "responses"), status);
        let Some(n) = nr.get(status) else {
            let level = if status.starts_with('2') { B } else { N };
            d.add(level, &p, format!("response {status} removed"));
            continue;
        };
        let content = |v: &Value| obj(v.get("content").unwrap_or(&Value::Null));
        let (oc, nc) = (content(o), content(n));
        for (media, om) in &oc {
            let mp = child(&child(&p, "content"), media);
            match nc.get(media) {
                None => d.add(
                    B,
                    &mp,
                    format!("media type {media} removed from response {status}"),
                ),
                Some(nm) => schema(
                    d,
                    &child(&mp, "schema"),
                    om.get("schema").unwrap_or(&Value::Null),
                    nm.get("schema").unwrap_or(&Value::Null),
                    RESPONSE,
                ),
            }
        }
        for media in nc.keys().filter(|m| !oc.contains_key(*m)) {
            d.add(
                N,
                &child(&child(&p, "content"), media),
                format!("new media type {media} in response {status}"),
            );
        }
    }
    for status in nr.keys().filter(|s| !or.contains_key(*s)) {
        d.add(
            N,
            &child(&child(ptr, "responses"), status),
            format!("new response {status}"),
        );
    }
    for key in ["summary", "description", "tags"] {
        if old.get(key) != new.get(key) {
            d.add(
                N,
                &child(ptr, key),
                format!("`{key}` changed (documentation)"),
            );
        }
    }
}

/// Component schema names reachable from request parameters and bodies.
fn request_components(doc: &Value) -> BTreeSet<String> {
    fn refs(v: &Value, out: &mut Vec<String>) {
        match v {
            Value::Object(m) => {
                if let Some(r) = m
                    .get("$ref")
                    .and_then(Value::as_str)
                    .and_then(|r| r.strip_prefix("#/components/schemas/"))
                {
                    out.push(r.to_owned());
                }
                m.values().for_each(|v| refs(v, out));
            }
            Value::Array(a) => a.iter().for_each(|v| refs(v, out)),
            _ => {}
        }
    }
    let mut todo = Vec::new();
    for item in doc
        .get("paths")
        .and_then(Value::as_object)
        .into_iter()
        .flat_map(|m| m.values())
    {
        refs(item.get("parameters").unwrap_or(&Value::Null), &mut todo);
        for m in METHODS {
            if let Some(op) = item.get(m) {
                refs(op.get("parameters").unwrap_or(&Value::Null), &mut todo);
                refs(op.get("requestBody").unwrap_or(&Value::Null), &mut todo);
            }
        }
    }
    let mut seen = BTreeSet::new();
    while let Some(name) = todo.pop() {
        if seen.insert(name.clone()) {
            refs(
                doc.pointer(&format!("/components/schemas/{name}"))
                    .unwrap_or(&Value::Null),
                &mut todo,
            );
        }
    }
    seen
}

/// Every change from `old` to `new`, breaking first, then by pointer.
pub fn diff(old: &Value, new: &Value) -> Vec<Change> {
    let mut d = Differ {
        changes: BTreeSet::new(),
    };
    let paths = |doc: &Value| obj(doc.get("paths").unwrap_or(&Value::Null));
    let (op, np) = (paths(old), paths(new));
    for (path, oi) in &op {
        let pp = child("/paths", path);
        let ni = np.get(path).cloned().unwrap_or(Value::Null);
        for m in METHODS {
            let (Some(o), n) = (oi.get(m), ni.get(m)) else {
                continue;
            };
            match n {
                None => d.add(
                    Level::Breaking,
                    &child(&pp, m),
                    format!("operation {} {path} removed", m.to_uppercase()),
                ),
                Some(n) => operation(&mut d, &child(&pp, m), (old, oi, o), (new, &ni, n)),
            }
        }
    }
    for (path, ni) in &np {
        for m in METHODS {
            if ni.get(m).is_some() && op.get(path).and_then(|oi| oi.get(m)).is_none() {
                d.add(
                    Level::NonBreaking,
                    &child(&child("/paths", path), m),
                    format!("new operation {} {path}", m.to_uppercase()),
                );
            }
        }
    }
    let comps = |doc: &Value| obj(doc.pointer("/components/schemas").unwrap_or(&Value::Null));
    let (oc, nc) = (comps(old), comps(new));
    let (oreq, nreq) = (request_components(old), request_components(new));
    for (name, os) in &oc {
        let p = child("/components/schemas", name);
        match nc.get(name) {
            None => d.add(
                Level::Breaking,
                &p,
                format!("schema `{name}` removed: its type disappears"),
            ),
            Some(ns) => {
                let request = oreq.contains(name) || nreq.contains(name);
                schema(
                    &mut d,
                    &p,
                    os,
                    ns,
                    Dir {
                        request,
                        response: true,
                    },
                );
            }
        }
    }
    for name in nc.keys().filter(|n| !oc.contains_key(*n)) {
        d.add(
            Level::NonBreaking,
            &child("/components/schemas", name),
            format!("new schema `{name}`"),
        );
    }
    let mut out: Vec<Change> = d.changes.into_iter().collect();
    out.sort_by(|a, b| {
        b.level
            .cmp(&a.level)
            .then(a.pointer.cmp(&b.pointer))
            .then(a.reason.cmp(&b.reason))
    });
    out
}

/// The most severe level among `changes`, if any.
pub fn worst(changes: &[Change]) -> Option<Level> {
    changes.iter().map(|c| c.level).max()
}

#[cfg(test)]
mod tests {
    use super::*;
    use Level::{Breaking as B, NonBreaking as N};
    use serde_json::json;

    /// A document with one GET operation and one component, `Thing`.
    fn doc(op: Value, thing: Value) -> Value {
        json!({"openapi": "3.0.3", "info": {"title": "t", "version": "1"},
               "paths": {"/things": {"get": op}},
               "components": {"schemas": {"Thing": thing}}})
    }

    fn base_op() -> Value {
        json!({"operationId": "getThings", "parameters": [{"name": "page", "in": "query", "schema": {"type": "integer"}}],
               "responses": {"200": {"description": "", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Thing"}}}}}})
    }

    fn base_thing() -> Value {
        json!({"type": "object", "required": ["id"], "properties": {
            "id": {"type": "string"}, "amount": {"type": "string", "maxLength": 10},
            "status": {"type": "string", "enum": ["paid", "open"]}, "note": {"type": "string", "description": "d"}
        }})
    }

    /// (description, how to change the base op and thing, expected level, expected pointer)
    type Case = (
        &'static str,
        fn(&mut Value, &mut Value),
        Level,
        &'static str,
    );

    const CASES: &[Case] = &[
        (
            "removed operation",
            |op, _| *op = Value::Null,
            B,
            "/paths/~1things/get",
        ),
        (
            "new required parameter",
            |op, _| {
                op["parameters"].as_array_mut().unwrap().push(json!({"name": "org", "in": "query", "required": true, "schema": {"type": "integer"}}))
            },
            B,
            "/paths/~1things/get/parameters[query:org]",
        ),
        (
            "new optional parameter",
            |op, _| {
                op["parameters"]
                    .as_array_mut()
                    .unwrap()
                    .push(json!({"name": "type", "in": "query", "schema": {"type": "string"}}))
            },
            N,
            "/paths/~1things/get/parameters[query:type]",
        ),
        (
            "parameter optional to required",
            |op, _| op["parameters"][0]["required"] = json!(true),
            B,
            "/paths/~1things/get/parameters[query:page]",
        ),
        (
            "parameter type change",
            |op, _| op["parameters"][0]["schema"] = json!({"type": "string"}),
            B,
            "/paths/~1things/get/parameters[query:page]/schema",
        ),
        (
            "removed parameter",
            |op, _| op["parameters"] = json!([]),
            B,
            "/paths/~1things/get/parameters[query:page]",
        ),
        (
            "removed success status",
            |op, _| {
                op["responses"] = json!({"201": op["responses"]["200"].clone()});
            },
            B,
            "/paths/~1things/get/responses/200",
        ),
        (
            "removed media type",
            |op, _| {
                op["responses"]["200"]["content"] = json!({"text/plain": {}});
            },
            B,
            "/paths/~1things/get/responses/200/content/application~1json",
        ),
        (
            "property type change",
            |_, t| t["properties"]["id"] = json!({"type": "integer"}),
            B,
            "/components/schemas/Thing/properties/id",
        ),
        (
            "removed response property",
            |_, t| {
                t["properties"].as_object_mut().unwrap().remove("note");
            },
            B,
            "/components/schemas/Thing/properties/note",
        ),
        (
            "response property becomes optional",
            |_, t| t["required"] = json!([]),
            B,
            "/components/schemas/Thing/properties/id",
        ),
        (
            "response property becomes nullable",
            |_, t| t["properties"]["id"]["nullable"] = json!(true),
            B,
            "/components/schemas/Thing/properties/id",
        ),
        (
            "removed enum value",
            |_, t| t["properties"]["status"]["enum"] = json!(["paid"]),
            B,
            "/components/schemas/Thing/properties/status/enum",
        ),
        (
            "new response enum value (open enums)",
            |_, t| t["properties"]["status"]["enum"] = json!(["paid", "open", "void"]),
            N,
            "/components/schemas/Thing/properties/status/enum",
        ),
        (
            "new response property",
            |_, t| t["properties"]["extra"] = json!({"type": "string"}),
            N,
            "/components/schemas/Thing/properties/extra",
        ),
        (
            "relaxed limit",
            |_, t| t["properties"]["amount"]["maxLength"] = json!(20),
            N,
            "/components/schemas/Thing/properties/amount/maxLength",
        ),
        (
            "tightened limit",
            |_, t| t["properties"]["amount"]["maxLength"] = json!(5),
            B,
            "/components/schemas/Thing/properties/amount/maxLength",
        ),
        (
            "limit added to a plain string",
            |_, t| t["properties"]["id"]["maxLength"] = json!(5),
            B,
            "/components/schemas/Thing/properties/id/maxLength",
        ),
        (
            "description-only change",
            |_, t| t["properties"]["note"]["description"] = json!("changed"),
            N,
            "/components/schemas/Thing/properties/note/description",
        ),
        (
            "operation summary change",
            |op, _| op["summary"] = json!("List things"),
            N,
            "/paths/~1things/get/summary",
        ),
        ("new operation", |_, _| {}, N, "/paths/~1other/get"),
        (
            "new oneOf branch",
            |_, t| {
                t["properties"]["note"] =
                    json!({"oneOf": [{"type": "string"}, {"type": "integer"}]})
            },
            B,
            "/components/schemas/Thing/properties/note",
        ),
        (
            "extension change is documentation",
            |_, t| t["properties"]["note"]["x-keep"] = json!(1),
            N,
            "/components/schemas/Thing/properties/note/x-keep",
        ),
        (
            "unclassified structural keyword is breaking",
            |_, t| t["minProperties"] = json!(1),
            B,
            "/components/schemas/Thing/minProperties",
        ),
    ];

    #[test]
    fn each_rule_classifies_its_change_at_its_pointer() {
        for (name, change, level, pointer) in CASES {
            let (mut op, mut thing) = (base_op(), base_thing());
            change(&mut op, &mut thing);
            let old = doc(base_op(), base_thing());
            let mut new = doc(op.clone(), thing);
            if op.is_null() {
                new["paths"]["/things"]
                    .as_object_mut()
                    .unwrap()
                    .remove("get");
            }
            if *name == "new operation" {
                new["paths"]["/other"] = json!({"get": base_op()});
            }
            let changes = diff(&old, &new);
            let hit = changes.iter().find(|c| c.pointer == *pointer);
            assert!(
                hit.is_some_and(|c| c.level == *level),
                "{name}: expected {level:?} at {pointer}, got {changes:#?}"
            );
        }
    }

    #[test]
    fn identical_documents_have_no_changes() {
        assert!(diff(&doc(base_op(), base_thing()), &doc(base_op(), base_thing())).is_empty());
    }

    #[test]
    fn a_new_required_request_property_is_breaking_but_optional_is_not() {
        let with_body = |props: Value, required: Value| {
            let mut op = base_op();
            op["requestBody"] = json!({"content": {"application/json": {"schema": {"type": "object", "properties": props, "required": required}}}});
            doc(op, base_thing())
        };
        let old = with_body(json!({"a": {"type": "string"}}), json!([]));
        let required = diff(
            &old,
            &with_body(
                json!({"a": {"type": "string"}, "b": {"type": "string"}}),
                json!(["b"]),
            ),
        );
        assert_eq!(worst(&required), Some(B));
        let optional = diff(
            &old,
            &with_body(
                json!({"a": {"type": "string"}, "b": {"type": "string"}}),
                json!([]),
            ),
        );
        assert_eq!(worst(&optional), Some(N));
        let now_required = diff(
            &old,
            &with_body(json!({"a": {"type": "string"}}), json!(["a"])),
        );
        assert_eq!(worst(&now_required), Some(B), "{now_required:#?}");
    }
}
