//! Reading a vendor's normalised OpenAPI document: its GET operations, what
//! auth they need, and what their success responses look like.

use serde_json::Value;

/// One GET operation the sandbox serves.
#[derive(Clone, Debug)]
pub struct Operation {
    /// Path, e.g. `/api/billing/history/`.
    pub path: String,
    /// Auth alternatives: any one satisfied lets a request in.
    pub auth: Vec<Vec<Scheme>>,
    /// The documented example of the 200 response, if any.
    pub example: Option<Value>,
    /// The 200 response schema, `$ref`s resolved.
    pub schema: Value,
    /// The documented 401 example, if any.
    pub unauthorized: Option<Value>,
    /// How it pages: its `x-pagination`, as the generated client reads it.
    pub pagination: Option<client_runtime::paging::Pagination>,
}

/// How a credential travels.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Scheme {
    /// `Authorization: Bearer <token>`.
    Bearer,
    /// An API key in this (lower-case) header.
    Header(String),
}

/// Resolve `$ref`s (and one-item `allOf`s around them) throughout `v`.
pub fn resolve(doc: &Value, v: &Value, depth: usize) -> Value {
    if depth > 32 {
        return v.clone();
    }
    match v {
        Value::Object(m) => {
            if let Some(r) = m
                .get("$ref")
                .and_then(Value::as_str)
                .and_then(|r| r.strip_prefix('#'))
            {
                return resolve(doc, doc.pointer(r).unwrap_or(&Value::Null), depth + 1);
            }
            if let Some(Value::Array(all)) = m.get("allOf")
                && all.len() == 1
            {
                let mut merged = resolve(doc, &all[0], depth + 1);
                if let (Value::Object(target), Value::Object(outer)) = (&mut merged, v) {
                    for (k, val) in outer.iter().filter(|(k, _)| *k != "allOf") {
                        target.entry(k.clone()).or_insert_with(|| val.clone());
                    }
                }
                return merged;
            }
            Value::Object(
                m.iter()
                    .map(|(k, val)| (k.clone(), resolve(doc, val, depth + 1)))
                    .collect(),
            )
        }
        Value::Array(a) => Value::Array(a.iter().map(|x| resolve(doc, x, depth + 1)).collect()),
        other => other.clone(),
    }
}

fn schemes(doc: &Value, requirement: &Value) -> Vec<Scheme> {
    requirement
        .as_object()
        .into_iter()
        .flat_map(|m| m.keys())
        .filter_map(|name| {
            let s = doc.pointer(&format!("/components/securitySchemes/{name}"))?;
            match (
                s.get("type")?.as_str()?,
                s.get("in").and_then(Value::as_str),
            ) {
                ("http", _)
                    if s.get("scheme")
                        .and_then(Value::as_str)
                        .is_some_and(|x| x.eq_ignore_ascii_case("bearer")) =>
                {
                    Some(Scheme::Bearer)
                }
                ("apiKey", Some("header")) => Some(Scheme::Header(
                    s.get("name")?.as_str()?.to_ascii_lowercase(),
                )),
                _ => None,
            }
        })
        .collect()
}

/// Every GET operation of `doc`.
pub fn operations(doc: &Value) -> Vec<Operation> {
    let top_security = doc
        .get("security")
        .cloned()
        .unwrap_or(Value::Array(Vec::new()));
    let mut out = Vec::new();
    for (path, item) in doc
        .get("paths")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
    {
        let Some(op) = item.get("get") else { continue };
        let security = op.get("security").unwrap_or(&top_security);
        let auth = security
            .as_array()
            .into_iter()
            .flatten()
            .map(|req| schemes(doc, req))
            .filter(|s| !s.is_empty())
            .collect();
        let media = |status: &str| {
            op.pointer(&format!("/responses/{status}/content/application~1json"))
                .cloned()
        };
        let ok = media("200").unwrap_or(Value::Null);
        out.push(Operation {
            path: path.clone(),
            auth,
            example: ok.get("example").cloned(),
            schema: resolve(doc, ok.get("schema").unwrap_or(&Value::Null), 0),
            unauthorized: media("401").and_then(|m| m.get("example").cloned()),
            pagination: op
                .get("x-pagination")
                .and_then(|p| serde_json::from_value(p.clone()).ok()),
        });
    }
    out
}
