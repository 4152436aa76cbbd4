//! Comparing two operations at the same path and method: one function per
//! rule (operationId, parameters, request body, responses, documentation).

use std::collections::BTreeMap;

use serde_json::Value;

use super::schema::schema;
use super::{Differ, Level, REQUEST, RESPONSE, obj, ref_name};
use crate::diag::child;

use Level::{Breaking as B, NonBreaking as N};

/// An operation with the document and path item it is in (for `$ref`s and
/// path-level parameters).
pub(super) type InContext<'a> = (&'a Value, &'a Value, &'a Value);

/// Compare the operation at `ptr` in its old and new context.
pub(super) fn operation(d: &mut Differ, ptr: &str, old: InContext<'_>, new: InContext<'_>) {
    operation_id(d, ptr, old.2, new.2);
    parameters(d, ptr, old, new);
    request_body(d, ptr, old.2, new.2);
    responses(d, ptr, old.2, new.2);
    documentation(d, ptr, old.2, new.2);
}

fn operation_id(d: &mut Differ, ptr: &str, old: &Value, new: &Value) {
    if old.get("operationId") != new.get("operationId") {
        d.add(
            B,
            &child(ptr, "operationId"),
            "operationId changed: the client method is renamed",
        );
    }
}

/// Parameters of an operation (path-level and its own), by (in, name).
fn parameters_of((doc, item, op): InContext<'_>) -> BTreeMap<(String, String), Value> {
    let mut out = BTreeMap::new();
    for list in [item.get("parameters"), op.get("parameters")] {
        for p in list.and_then(Value::as_array).into_iter().flatten() {
            let p = match ref_name(p).and_then(|r| r.strip_prefix('#')) {
                Some(ptr) => doc.pointer(ptr).cloned().unwrap_or(Value::Null),
                None => p.clone(),
            };
            let text = |key: &str| {
                p.get(key)
                    .and_then(Value::as_str)
                    .unwrap_or_default()
                    .to_owned()
            };
            out.insert((text("in"), text("name")), p);
        }
    }
    out
}

fn is_required(parameter: &Value) -> bool {
    parameter.get("required") == Some(&Value::Bool(true))
}

fn parameters(d: &mut Differ, ptr: &str, old: InContext<'_>, new: InContext<'_>) {
    let (op, np) = (parameters_of(old), parameters_of(new));
    for ((location, name), o) in &op {
        let p = format!("{ptr}/parameters[{location}:{name}]");
        let Some(n) = np.get(&(location.clone(), name.clone())) else {
            d.add(
                B,
                &p,
                format!("{location} parameter `{name}` removed: its builder method disappears"),
            );
            continue;
        };
        match (is_required(o), is_required(n)) {
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
    for ((location, name), n) in np.iter().filter(|(k, _)| !op.contains_key(*k)) {
        let p = format!("{ptr}/parameters[{location}:{name}]");
        if is_required(n) {
            d.add(B, &p, format!("new required {location} parameter `{name}`"));
        } else {
            d.add(N, &p, format!("new optional {location} parameter `{name}`: the Builder interface keeps every signature"));
        }
    }
}

fn request_body(d: &mut Differ, ptr: &str, old: &Value, new: &Value) {
    const SCHEMA: &str = "/requestBody/content/application~1json/schema";
    match (old.pointer(SCHEMA), new.pointer(SCHEMA)) {
        (Some(a), Some(b)) => schema(d, &format!("{ptr}{SCHEMA}"), a, b, REQUEST),
        (None, Some(_)) => d.add(B, &child(ptr, "requestBody"), "request body added"),
        (Some(_), None) => d.add(B, &child(ptr, "requestBody"), "request body removed"),
        (None, None) => {}
    }
}

fn responses(d: &mut Differ, ptr: &str, old: &Value, new: &Value) {
    let responses = |v: &Value| obj(v.get("responses").unwrap_or(&Value::Null));
    let (or, nr) = (responses(old), responses(new));
    for (status, o) in &or {
        let p = child(&child(ptr, "responses"), status);
        match nr.get(status) {
            Some(n) => response(d, &p, status, o, n),
            None => {
                let level = if status.starts_with('2') { B } else { N };
                d.add(level, &p, format!("response {status} removed"));
            }
        }
    }
    for status in nr.keys().filter(|s| !or.contains_key(*s)) {
        d.add(
            N,
            &child(&child(ptr, "responses"), status),
            format!("new response {status}"),
        );
    }
}

/// One response present before and after: its media types and their schemas.
fn response(d: &mut Differ, p: &str, status: &str, old: &Value, new: &Value) {
    let content = |v: &Value| obj(v.get("content").unwrap_or(&Value::Null));
    let (oc, nc) = (content(old), content(new));
    for (media, om) in &oc {
        let mp = child(&child(p, "content"), media);
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
            &child(&child(p, "content"), media),
            format!("new media type {media} in response {status}"),
        );
    }
}

fn documentation(d: &mut Differ, ptr: &str, old: &Value, new: &Value) {
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
