//! Rust names: renames in the copy of the document progenitor sees (never in
//! the crate's `openapi.json`), so that typify's names do not collide.
//!
//! - String enum values that typify cannot name apart (`Etc/GMT+0`,
//!   `Etc/GMT-0`; typify panics): the schema is typed as a plain string.
//! - Properties of one object whose Rust fields would be equal (`createdAt`,
//!   `created_at`; `type`, `type_`): the later ones are renamed to a marker
//!   (`created_at~2~!~`, a field `created_at_2`), and [`Marker`]s say which
//!   string the generated code must carry instead (the wire name). Markers
//!   are unique in the document (the `!`/`.` code between the last two `~`
//!   counts them; typify reads those characters as word breaks), so one never
//!   stands for two wire names and none is part of another.
//! - Inline schemas whose type name (their `title`, else parent + property)
//!   is already another type's: they get a `title` of their own, or, when
//!   nullable (typify names the inner type of an `Option` without the
//!   title), move to `components/schemas` under a free name.

use std::collections::BTreeSet;

use serde_json::{Map, Value};

use crate::codegen::names::{Case, typify_ident, typify_variants};
use crate::diag::{Notice, child};
use crate::spec::walk;

/// A property renamed for typify: the generated code's string `marker` must
/// read `wire` (the name the vendor sends).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Marker {
    /// The name progenitor saw.
    pub marker: String,
    /// The property's real name.
    pub wire: String,
}

/// Apply every rule to `doc` (the copy progenitor sees). Returns the markers.
pub fn apply(doc: &mut Value, notices: &mut Vec<Notice>) -> Vec<Marker> {
    let mut markers = Vec::new();
    let _ = walk::schemas_mut::<()>(doc, &mut |ptr, schema| {
        enum_values(ptr, schema, notices);
        property_names(ptr, schema, &mut markers, notices);
        Ok(())
    });
    type_names(doc);
    markers
}

/// A string enum whose values typify cannot name apart becomes a plain string.
fn enum_values(ptr: &str, schema: &mut Map<String, Value>, notices: &mut Vec<Notice>) {
    let Some(values) = schema.get("enum").and_then(Value::as_array) else {
        return;
    };
    let strings: Vec<&str> = values.iter().filter_map(Value::as_str).collect();
    if strings.len() != values.len() || typify_variants(&strings).is_some() {
        return;
    }
    let message = format!(
        "enum values {} have no distinct Rust names: typed as a String, which still accepts every value",
        strings
            .iter()
            .take(4)
            .map(|s| format!("`{s}`"))
            .collect::<Vec<_>>()
            .join(", ")
    );
    schema.shift_remove("enum");
    notices.push(Notice::new(child(ptr, "enum"), message));
}

/// Later properties whose Rust field equals an earlier one's are renamed to a marker.
fn property_names(
    ptr: &str,
    schema: &mut Map<String, Value>,
    markers: &mut Vec<Marker>,
    notices: &mut Vec<Notice>,
) {
    let Some(properties) = schema.get("properties").and_then(Value::as_object) else {
        return;
    };
    let mut fields = BTreeSet::new();
    let mut renames = Vec::new();
    for name in properties.keys() {
        let field = typify_ident(name, Case::Snake);
        if !fields.insert(field.clone()) {
            let mut n = 2;
            while !fields.insert(format!("{}_{n}", field.trim_end_matches('_'))) {
                n += 1;
            }
            let code = marker_code(markers.len() + renames.len());
            renames.push((
                name.clone(),
                format!("{}~{n}~{code}~", field.trim_end_matches('_')),
            ));
        }
    }
    if renames.is_empty() {
        return;
    }
    let properties = schema
        .get_mut("properties")
        .and_then(Value::as_object_mut)
        .expect("checked above");
    for (wire, marker) in &renames {
        // Keep the order: replace in place.
        let old = std::mem::take(properties);
        *properties = old
            .into_iter()
            .map(|(k, v)| {
                if k == *wire {
                    (marker.clone(), v)
                } else {
                    (k, v)
                }
            })
            .collect();
        notices.push(Notice::new(
            child(&child(ptr, "properties"), wire),
            format!(
                "property `{wire}` has the same Rust name as another property: its field is `{}`",
                typify_ident(marker, Case::Snake)
            ),
        ));
        markers.push(Marker {
            marker: marker.clone(),
            wire: wire.clone(),
        });
    }
    if let Some(required) = schema.get_mut("required").and_then(Value::as_array_mut) {
        for r in required.iter_mut() {
            if let Some((_, marker)) = renames.iter().find(|(w, _)| r.as_str() == Some(w)) {
                *r = Value::String(marker.clone());
            }
        }
    }
}

/// The `k`th marker's code: `k + 1` in binary, `!` for 1 and `.` for 0.
fn marker_code(k: usize) -> String {
    format!("{:b}", k + 1).replace('1', "!").replace('0', ".")
}

/// Whether typify makes a named type of `schema` (rather than a std type or
/// the referenced type: a one-member `allOf`/`anyOf`/`oneOf` of a `$ref`, as
/// down-conversion writes an optional reference, is that type itself).
fn is_named_type(schema: &Map<String, Value>) -> bool {
    let combinator = ["oneOf", "anyOf", "allOf"].iter().any(|k| {
        schema
            .get(*k)
            .and_then(Value::as_array)
            .is_some_and(|members| !(members.len() == 1 && members[0].get("$ref").is_some()))
    });
    schema.contains_key("enum") || schema.contains_key("properties") || combinator
}

/// Inline schemas whose typify name is already taken get a unique `title`
/// (or, if nullable, a component of their own).
fn type_names(doc: &mut Value) {
    let Some(components) = doc
        .pointer_mut("/components/schemas")
        .and_then(Value::as_object_mut)
    else {
        return;
    };
    let mut taken: BTreeSet<String> = components
        .keys()
        .map(|k| typify_ident(k, Case::Pascal))
        .collect();
    let mut hoisted = Vec::new();
    // typify merges an `allOf`'s members into one type named after the parent:
    // the inline types of a referenced member are named after that parent too.
    let mut merged = Vec::new();
    for (name, schema) in components.iter_mut() {
        let parent = typify_ident(name, Case::Pascal);
        inline_names(&parent, schema, &mut taken, &mut hoisted);
        for member in schema
            .get_mut("allOf")
            .and_then(Value::as_array_mut)
            .into_iter()
            .flatten()
        {
            match member
                .get("$ref")
                .and_then(Value::as_str)
                .and_then(|r| r.strip_prefix("#/components/schemas/"))
            {
                Some(target) => merged.push((parent.clone(), target.to_owned())),
                None => inline_names(&parent, member, &mut taken, &mut hoisted),
            }
        }
    }
    for (parent, target) in merged {
        if let Some(schema) = components.get_mut(&target) {
            inline_names(&parent, schema, &mut taken, &mut hoisted);
        }
    }
    components.extend(hoisted);
}

/// Name the inline schemas under the type `parent` as typify would, renaming
/// those whose name is taken; nullable ones are moved into `hoisted`.
fn inline_names(
    parent: &str,
    schema: &mut Value,
    taken: &mut BTreeSet<String>,
    hoisted: &mut Vec<(String, Value)>,
) {
    let Some(properties) = schema.get_mut("properties").and_then(Value::as_object_mut) else {
        return;
    };
    for (prop, sub) in properties.iter_mut() {
        let suggested = format!("{parent}{}", typify_ident(prop, Case::Pascal));
        let mut target = sub;
        let mut name = own_name(target, &suggested);
        if target.get("type").and_then(Value::as_str) == Some("array") && !is_named(target) {
            match target.get_mut("items") {
                Some(items) if items.get("$ref").is_none() => {
                    name = own_name(items, &format!("{name}Item"));
                    target = items;
                }
                _ => continue,
            }
        }
        if target.get("$ref").is_some() || !is_named(target) {
            continue;
        }
        if taken.insert(name.clone()) {
            inline_names(&name, target, taken, hoisted);
            continue;
        }
        let mut n = 2;
        while !taken.insert(format!("{name}{n}")) {
            n += 1;
        }
        let name = format!("{name}{n}");
        inline_names(&name, target, taken, hoisted);
        if target.get("nullable") == Some(&Value::Bool(true)) {
            let mut moved = std::mem::take(target);
            if let Some(m) = moved.as_object_mut() {
                m.shift_remove("nullable");
            }
            *target = serde_json::json!({
                "allOf": [{"$ref": format!("#/components/schemas/{name}")}],
                "nullable": true,
            });
            hoisted.push((name, moved));
        } else if let Some(m) = target.as_object_mut() {
            m.insert("title".to_owned(), Value::String(name));
        }
    }
}

fn is_named(schema: &Value) -> bool {
    schema.as_object().is_some_and(is_named_type)
}

/// The name typify gives an inline schema: its title, else `suggested`.
fn own_name(schema: &Value, suggested: &str) -> String {
    match schema.get("title").and_then(Value::as_str) {
        Some(title) => typify_ident(title, Case::Pascal),
        None => suggested.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn run(schemas: Value) -> (Value, Vec<Marker>, Vec<Notice>) {
        let mut doc = json!({"components": {"schemas": schemas}});
        let mut notices = Vec::new();
        let markers = apply(&mut doc, &mut notices);
        (doc["components"]["schemas"].clone(), markers, notices)
    }

    #[test]
    fn enum_values_typify_cannot_name_apart_become_a_string() {
        let (s, _, notices) = run(json!({
            "Tz": {"type": "string", "enum": ["Etc/GMT+0", "Etc/GMT-0", "UTC"]},
            "Ok": {"type": "string", "enum": ["a-b", "ab"]}}));
        assert_eq!(s["Tz"], json!({"type": "string"}));
        assert_eq!(s["Ok"]["enum"], json!(["a-b", "ab"]));
        assert_eq!(notices[0].pointer, "/components/schemas/Tz/enum");
    }

    #[test]
    fn colliding_properties_get_markers_in_order_and_in_required() {
        let (s, markers, notices) = run(json!({"A": {"type": "object",
            "required": ["created_at"],
            "properties": {"createdAt": {"type": "string"}, "created_at": {"type": "string"},
                           "type": {"type": "string"}, "type_": {"type": "string"}}}}));
        let keys: Vec<_> = s["A"]["properties"]
            .as_object()
            .unwrap()
            .keys()
            .cloned()
            .collect();
        assert_eq!(keys, ["createdAt", "created_at~2~!~", "type", "type~2~!.~"]);
        assert_eq!(s["A"]["required"], json!(["created_at~2~!~"]));
        assert_eq!(markers[0].marker, "created_at~2~!~");
        assert_eq!(markers[0].wire, "created_at");
        assert_eq!(typify_ident("created_at~2~!~", Case::Snake), "created_at_2");
        assert_eq!(typify_ident("type~2~!.~", Case::Snake), "type_2");
        assert_eq!(notices.len(), 2);
    }

    #[test]
    fn the_same_collision_in_two_objects_gets_two_markers_for_two_wire_names() {
        let (_, markers, _) = run(json!({
            "A": {"type": "object", "properties": {"createdAt": {}, "created_at": {}}},
            "B": {"type": "object", "properties": {"created_at": {}, "createdAt": {}}}}));
        assert_eq!(markers.len(), 2);
        assert_ne!(markers[0].marker, markers[1].marker);
        assert_eq!(
            (markers[0].wire.as_str(), markers[1].wire.as_str()),
            ("created_at", "createdAt")
        );
        for m in &markers {
            assert_eq!(typify_ident(&m.marker, Case::Snake), "created_at_2");
            assert!(
                markers
                    .iter()
                    .all(|o| o == m || !o.marker.contains(&m.marker))
            );
        }
    }

    #[test]
    fn a_nullable_inline_union_named_like_a_component_gets_its_own_title() {
        let (s, _, _) = run(json!({
            "subscription_schedule": {"type": "object", "properties": {"id": {"type": "string"}}},
            "subscription": {"title": "Subscription", "type": "object", "properties": {
                "schedule": {"anyOf": [{"maxLength": 5000, "type": "string"},
                                       {"$ref": "#/components/schemas/subscription_schedule"}],
                             "nullable": true}}}}));
        assert_eq!(
            s["subscription"]["properties"]["schedule"],
            json!({"allOf": [{"$ref": "#/components/schemas/SubscriptionSchedule2"}], "nullable": true})
        );
        assert_eq!(s["SubscriptionSchedule2"]["anyOf"][0]["type"], "string");
        assert!(s["SubscriptionSchedule2"].get("nullable").is_none());
    }

    #[test]
    fn inline_types_merged_through_all_of_are_named_after_the_merging_type() {
        let (s, _, _) = run(json!({
            "subscription_status": {"type": "object", "properties": {
                "status": {"type": "string", "enum": ["APPROVAL_PENDING"]}}},
            "subscription": {"allOf": [{"$ref": "#/components/schemas/subscription_status"},
                                       {"properties": {"id": {"type": "string"}}}]}}));
        // Merged into `Subscription`, the enum would be `SubscriptionStatus`: taken.
        assert_eq!(
            s["subscription_status"]["properties"]["status"]["title"],
            "SubscriptionStatus2"
        );
    }

    #[test]
    fn an_optional_reference_is_the_referenced_type_and_is_left_alone() {
        let (s, _, _) = run(json!({
            "StatusPack": {"type": "object", "properties": {"id": {"type": "string"}}},
            "Status": {"type": "object", "properties": {
                "pack": {"allOf": [{"$ref": "#/components/schemas/StatusPack"}], "nullable": true}}}}));
        assert_eq!(
            s["Status"]["properties"]["pack"],
            json!({"allOf": [{"$ref": "#/components/schemas/StatusPack"}], "nullable": true})
        );
        assert!(s.get("StatusPack2").is_none());
    }

    #[test]
    fn inline_types_named_like_another_type_get_their_own_title() {
        let (s, _, _) = run(json!({
            "SubscriptionStatus": {"type": "string", "enum": ["a"]},
            "Subscription": {"type": "object", "properties": {
                "status": {"type": "string", "enum": ["b"]},
                "payer": {"title": "Customer", "type": "object", "properties": {"x": {"type": "string"}}},
                "owner": {"title": "Customer", "type": "object", "properties": {"y": {"type": "string"}}},
                "items": {"type": "array", "items": {"type": "object", "properties": {"z": {"type": "string"}}}},
                "plain": {"type": "string"}}},
            "Customer": {"type": "object"}}));
        let p = &s["Subscription"]["properties"];
        assert_eq!(p["status"]["title"], "SubscriptionStatus2");
        assert_eq!(p["payer"]["title"], "Customer2");
        assert_eq!(p["owner"]["title"], "Customer3");
        assert!(
            p["items"]["items"].get("title").is_none(),
            "SubscriptionItemsItem is free"
        );
        assert!(p["plain"].get("title").is_none());
    }
}
