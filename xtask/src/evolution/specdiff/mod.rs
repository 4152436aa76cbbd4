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

use std::collections::BTreeSet;

use serde::Serialize;
use serde_json::{Map, Value};

use crate::diag::child;
use crate::spec::walk::METHODS;

mod operation;
mod schema;

use operation::operation;
use schema::schema;

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
pub(super) struct Dir {
    pub(super) request: bool,
    pub(super) response: bool,
}

pub(super) const RESPONSE: Dir = Dir {
    request: false,
    response: true,
};
pub(super) const REQUEST: Dir = Dir {
    request: true,
    response: false,
};

pub(super) struct Differ {
    changes: BTreeSet<Change>,
}

impl Differ {
    pub(super) fn add(&mut self, level: Level, pointer: &str, reason: impl Into<String>) {
        self.changes.insert(Change {
            level,
            pointer: pointer.to_owned(),
            reason: reason.into(),
        });
    }

    /// Breaking if any flow direction says so.
    pub(super) fn by_dir(
        &mut self,
        dir: Dir,
        pointer: &str,
        request: Level,
        response: Level,
        reason: &str,
    ) {
        let level = match (dir.request, dir.response) {
            (true, true) => request.max(response),
            (true, false) => request,
            _ => response,
        };
        self.add(level, pointer, reason);
    }
}

/// `v`'s members (none if it is not an object).
fn obj(v: &Value) -> Map<String, Value> {
    v.as_object().cloned().unwrap_or_default()
}

/// The `$ref` of a schema, if it is one.
fn ref_name(v: &Value) -> Option<&str> {
    v.get("$ref").and_then(Value::as_str)
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
    operations(&mut d, old, new);
    components(&mut d, old, new);
    let mut out: Vec<Change> = d.changes.into_iter().collect();
    out.sort_by(|a, b| {
        b.level
            .cmp(&a.level)
            .then(a.pointer.cmp(&b.pointer))
            .then(a.reason.cmp(&b.reason))
    });
    out
}

/// Operations by path and method: removed, changed, new.
fn operations(d: &mut Differ, old: &Value, new: &Value) {
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
                Some(n) => operation(d, &child(&pp, m), (old, oi, o), (new, &ni, n)),
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
}

/// Component schemas by name, in the direction(s) they are used.
fn components(d: &mut Differ, old: &Value, new: &Value) {
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
                let dir = Dir {
                    request,
                    response: true,
                };
                schema(d, &p, os, ns, dir);
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
