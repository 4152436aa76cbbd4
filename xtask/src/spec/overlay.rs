//! OpenAPI Overlay 1.0: fixes to a vendor's published spec, kept apart from it.
//!
//! Each action selects nodes with an RFC 9535 JSONPath `target` and either
//! removes them (`remove: true`) or merges `update` into them. Merge rules: an
//! object merged into an object merges key by key, recursively; any other
//! value replaces what was there; merged into an array, `update` is appended.
//! An action that selects nothing in any of the vendor's files is an error:
//! the fix no longer applies, and silently skipping it would hide that.

use serde_json::{Map, Value};
use serde_json_path::JsonPath;

use crate::diag::{PointerError, child};

/// One overlay action.
#[derive(Debug, Clone)]
pub struct Action {
    /// JSONPath selecting the nodes to change.
    pub target: String,
    /// Compiled `target`.
    path: JsonPath,
    /// Value to merge into each selected node.
    pub update: Option<Value>,
    /// Remove the selected nodes instead.
    pub remove: bool,
    /// Pointer of this action in the overlay file, for errors.
    pointer: String,
}

/// A parsed overlay document.
#[derive(Debug, Clone)]
pub struct Overlay {
    /// The actions, applied in order.
    pub actions: Vec<Action>,
}

/// Parse an overlay document (already read as JSON).
pub fn parse(doc: &Value) -> Result<Overlay, PointerError> {
    let version = doc
        .get("overlay")
        .and_then(Value::as_str)
        .unwrap_or_default();
    if !version.starts_with("1.0.") {
        return Err(PointerError::new(
            "/overlay",
            format!("expected an Overlay 1.0.x document, found {version:?}"),
        ));
    }
    let list = doc
        .get("actions")
        .and_then(Value::as_array)
        .ok_or_else(|| PointerError::new("/actions", "an overlay needs a list of actions"))?;
    let mut actions = Vec::new();
    for (i, a) in list.iter().enumerate() {
        let pointer = child("/actions", &i.to_string());
        let target = a
            .get("target")
            .and_then(Value::as_str)
            .ok_or_else(|| PointerError::new(child(&pointer, "target"), "action has no target"))?;
        let path = JsonPath::parse(target).map_err(|e| {
            PointerError::new(child(&pointer, "target"), format!("invalid JSONPath: {e}"))
        })?;
        let remove = a.get("remove").and_then(Value::as_bool).unwrap_or(false);
        let update = a.get("update").cloned();
        if !remove && update.is_none() {
            return Err(PointerError::new(
                pointer,
                "action has neither `update` nor `remove: true`",
            ));
        }
        actions.push(Action {
            target: target.to_owned(),
            path,
            update,
            remove,
            pointer,
        });
    }
    Ok(Overlay { actions })
}

/// Apply every action to every document, in order; returns the pointers it
/// removed (so an error about a missing node can name the overlay). Errors
/// point into the overlay.
pub fn apply(overlay: &Overlay, docs: &mut [&mut Value]) -> Result<Vec<String>, PointerError> {
    let mut removed = Vec::new();
    for action in &overlay.actions {
        let mut matched = 0;
        for doc in docs.iter_mut() {
            let pointers: Vec<String> = action
                .path
                .query_located(doc)
                .locations()
                .map(|l| l.to_json_pointer())
                .collect();
            matched += pointers.len();
            if action.remove {
                // Last first, so removing an array element keeps earlier indices valid.
                for p in pointers.iter().rev() {
                    remove_at(doc, p);
                }
                removed.extend(pointers.iter().cloned());
            } else if let Some(update) = &action.update {
                for p in &pointers {
                    if let Some(node) = doc.pointer_mut(p) {
                        merge_into(node, update);
                    }
                }
            }
        }
        if matched == 0 {
            return Err(PointerError::new(
                child(&action.pointer, "target"),
                format!(
                    "target `{}` selects nothing: the fix no longer applies to the spec",
                    action.target
                ),
            ));
        }
    }
    removed.sort();
    removed.dedup();
    Ok(removed)
}

/// Remove the node at `pointer` from its parent.
fn remove_at(doc: &mut Value, pointer: &str) {
    let Some((parent, last)) = pointer.rsplit_once('/') else {
        return;
    };
    let last = last.replace("~1", "/").replace("~0", "~");
    match doc.pointer_mut(parent) {
        Some(Value::Object(m)) => {
            m.shift_remove(&last);
        }
        Some(Value::Array(a)) => {
            if let Ok(i) = last.parse::<usize>()
                && i < a.len()
            {
                a.remove(i);
            }
        }
        _ => {}
    }
}

/// Merge `update` into `target` by the rules in the module docs.
pub fn merge_into(target: &mut Value, update: &Value) {
    match (target, update) {
        (Value::Object(t), Value::Object(u)) => merge_objects(t, u),
        (Value::Array(t), u) => t.push(u.clone()),
        (t, u) => *t = u.clone(),
    }
}

fn merge_objects(target: &mut Map<String, Value>, update: &Map<String, Value>) {
    for (k, v) in update {
        match (target.get_mut(k), v) {
            (Some(Value::Object(t)), Value::Object(u)) => merge_objects(t, u),
            (Some(t), v) => *t = v.clone(),
            (None, v) => {
                target.insert(k.clone(), v.clone());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn overlay(actions: Value) -> Overlay {
        parse(&json!({"overlay": "1.0.0", "info": {"title": "t", "version": "1"}, "actions": actions})).unwrap()
    }

    #[test]
    fn update_merges_objects_and_replaces_scalars() {
        let o = overlay(
            json!([{"target": "$.components.schemas.A", "update": {"type": ["string", "null"], "x": {"y": 1}}}]),
        );
        let mut doc = json!({"components": {"schemas": {"A": {"type": "string", "format": "date-time", "x": {"z": 2}}}}});
        apply(&o, &mut [&mut doc]).unwrap();
        assert_eq!(
            doc["components"]["schemas"]["A"],
            json!({"type": ["string", "null"], "format": "date-time", "x": {"z": 2, "y": 1}})
        );
    }

    #[test]
    fn update_on_an_array_appends() {
        let o = overlay(json!([{"target": "$.tags", "update": {"name": "B"}}]));
        let mut doc = json!({"tags": [{"name": "A"}]});
        apply(&o, &mut [&mut doc]).unwrap();
        assert_eq!(doc["tags"], json!([{"name": "A"}, {"name": "B"}]));
    }

    #[test]
    fn remove_deletes_every_selected_node() {
        let o = overlay(json!([{"target": "$.paths['/a'].get.parameters[*]", "remove": true}]));
        let mut doc = json!({"paths": {"/a": {"get": {"parameters": [1, 2, 3]}}}});
        apply(&o, &mut [&mut doc]).unwrap();
        assert_eq!(doc["paths"]["/a"]["get"]["parameters"], json!([]));
    }

    #[test]
    fn actions_apply_across_all_files_of_a_vendor() {
        let o = overlay(json!([{"target": "$.info", "update": {"x-fixed": true}}]));
        let (mut a, mut b) = (json!({"info": {}}), json!({"info": {}}));
        apply(&o, &mut [&mut a, &mut b]).unwrap();
        assert_eq!(a["info"]["x-fixed"], true);
        assert_eq!(b["info"]["x-fixed"], true);
    }

    #[test]
    fn a_target_that_selects_nothing_is_an_error_naming_the_action() {
        let o = overlay(json!([
            {"target": "$.info", "update": {}},
            {"target": "$.components.schemas.Gone", "update": {"type": "string"}}
        ]));
        let err = apply(&o, &mut [&mut json!({"info": {}})]).unwrap_err();
        assert_eq!(err.pointer, "/actions/1/target");
        assert!(err.message.contains("selects nothing"));
    }

    #[test]
    fn malformed_overlays_are_refused_with_a_pointer() {
        let err = parse(&json!({"overlay": "2.0.0", "actions": []})).unwrap_err();
        assert_eq!(err.pointer, "/overlay");
        let err = parse(&json!({"overlay": "1.0.0", "actions": [{"target": "$[", "update": {}}]}))
            .unwrap_err();
        assert_eq!(err.pointer, "/actions/0/target");
        let err = parse(&json!({"overlay": "1.0.0", "actions": [{"target": "$"}]})).unwrap_err();
        assert_eq!(err.pointer, "/actions/0");
    }
}
