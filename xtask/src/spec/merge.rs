//! Merging the spec files of one vendor into one document.
//!
//! Vendors that publish one page per operation (Cekura) repeat `info`,
//! `servers` and shared components in every page. Identical repeats merge;
//! anything defined twice with different content is an error naming both
//! files, because picking one would silently drop the other.

use serde_json::{Map, Value};

use crate::diag::{Notice, PointerError, child};
use crate::spec::walk::METHODS;

/// Which input file each part of the merged document came from.
#[derive(Debug, Clone, Default)]
pub struct Provenance {
    /// (pointer prefix, file), most specific last.
    owners: Vec<(String, String)>,
    /// The first file: owner of everything not listed.
    first: String,
    /// Nodes the overlay removed, with the overlay's file: the place to
    /// blame for what is missing there.
    removed: Vec<(String, String)>,
}

impl Provenance {
    /// Provenance of a single-file vendor.
    pub fn single(file: &str) -> Self {
        Self {
            owners: Vec::new(),
            first: file.to_owned(),
            removed: Vec::new(),
        }
    }

    /// Record that `overlay` removed the nodes at `pointers`.
    pub fn removed_by(&mut self, overlay: &str, pointers: &[String]) {
        self.removed
            .extend(pointers.iter().map(|p| (p.clone(), overlay.to_owned())));
    }

    /// The file that defined the node at `pointer`.
    pub fn file_for(&self, pointer: &str) -> &str {
        let under = |prefix: &str| pointer == prefix || pointer.starts_with(&format!("{prefix}/"));
        if let Some((_, overlay)) = self.removed.iter().find(|(p, _)| under(p)) {
            return overlay;
        }
        self.owners
            .iter()
            .filter(|(prefix, _)| pointer == prefix || pointer.starts_with(&format!("{prefix}/")))
            .max_by_key(|(prefix, _)| prefix.len())
            .map_or(self.first.as_str(), |(_, file)| file.as_str())
    }

    /// `notices`, each with the file that defined the node it points at.
    pub fn attribute(&self, notices: Vec<Notice>) -> Vec<(String, Notice)> {
        notices
            .into_iter()
            .map(|n| (self.file_for(&n.pointer).to_owned(), n))
            .collect()
    }

    fn claim(&mut self, pointer: String, file: &str) {
        self.owners.push((pointer, file.to_owned()));
    }
}

/// A conflict between two files: the error is reported against `file`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MergeError {
    /// The later file, where the conflicting definition is.
    pub file: String,
    /// Where, and which earlier file it conflicts with.
    pub error: PointerError,
}

/// Merge `docs` (file name, converted document) in order.
pub fn merge(docs: Vec<(String, Value)>) -> Result<(Value, Provenance), MergeError> {
    let mut iter = docs.into_iter();
    let Some((first_file, mut merged)) = iter.next() else {
        return Ok((Value::Object(Map::new()), Provenance::default()));
    };
    let mut prov = Provenance::single(&first_file);
    claim_all(&mut prov, &merged, &first_file);
    for (file, doc) in iter {
        merge_doc(&mut merged, doc, &file, &mut prov)?;
    }
    Ok((merged, prov))
}

/// Record `file` as the owner of every operation and component in `doc`.
fn claim_all(prov: &mut Provenance, doc: &Value, file: &str) {
    if let Some(paths) = doc.get("paths").and_then(Value::as_object) {
        for (path, item) in paths {
            for method in METHODS.iter().filter(|m| item.get(**m).is_some()) {
                prov.claim(child(&child("/paths", path), method), file);
            }
        }
    }
    if let Some(components) = doc.get("components").and_then(Value::as_object) {
        for (kind, entries) in components {
            for name in entries.as_object().into_iter().flat_map(|m| m.keys()) {
                prov.claim(child(&child("/components", kind), name), file);
            }
        }
    }
}

fn conflict(file: &str, pointer: String, prov: &Provenance) -> MergeError {
    let earlier = prov.file_for(&pointer).to_owned();
    MergeError {
        file: file.to_owned(),
        error: PointerError::new(
            pointer,
            format!("defined differently in {earlier} and {file}"),
        ),
    }
}

fn merge_doc(
    merged: &mut Value,
    doc: Value,
    file: &str,
    prov: &mut Provenance,
) -> Result<(), MergeError> {
    let Value::Object(doc) = doc else {
        return Ok(());
    };
    let target = merged.as_object_mut().expect("documents are objects");
    for (key, value) in doc {
        match key.as_str() {
            "paths" => merge_paths(target, value, file, prov)?,
            "components" => merge_components(target, value, file, prov)?,
            "tags" => merge_tags(target, value),
            _ => match target.get(&key) {
                None => {
                    target.insert(key, value);
                }
                Some(existing) if *existing == value => {}
                Some(_) => return Err(conflict(file, child("", &key), prov)),
            },
        }
    }
    Ok(())
}

fn merge_paths(
    target: &mut Map<String, Value>,
    paths: Value,
    file: &str,
    prov: &mut Provenance,
) -> Result<(), MergeError> {
    let Value::Object(paths) = paths else {
        return Ok(());
    };
    let merged = target
        .entry("paths")
        .or_insert_with(|| Value::Object(Map::new()));
    let merged = merged.as_object_mut().expect("paths is an object");
    for (path, item) in paths {
        let path_ptr = child("/paths", &path);
        let Value::Object(item) = item else { continue };
        let merged_item = merged
            .entry(path.clone())
            .or_insert_with(|| Value::Object(Map::new()));
        let merged_item = merged_item.as_object_mut().expect("path item is an object");
        for (key, value) in item {
            let ptr = child(&path_ptr, &key);
            match merged_item.get(&key) {
                None => {
                    if METHODS.contains(&key.as_str()) {
                        prov.claim(ptr, file);
                    }
                    merged_item.insert(key, value);
                }
                Some(existing) if *existing == value => {}
                Some(_) => return Err(conflict(file, ptr, prov)),
            }
        }
    }
    Ok(())
}

fn merge_components(
    target: &mut Map<String, Value>,
    components: Value,
    file: &str,
    prov: &mut Provenance,
) -> Result<(), MergeError> {
    let Value::Object(components) = components else {
        return Ok(());
    };
    let merged = target
        .entry("components")
        .or_insert_with(|| Value::Object(Map::new()));
    let merged = merged.as_object_mut().expect("components is an object");
    for (kind, entries) in components {
        let Value::Object(entries) = entries else {
            continue;
        };
        let merged_kind = merged
            .entry(kind.clone())
            .or_insert_with(|| Value::Object(Map::new()));
        let merged_kind = merged_kind
            .as_object_mut()
            .expect("component map is an object");
        for (name, value) in entries {
            let ptr = child(&child("/components", &kind), &name);
            match merged_kind.get(&name) {
                None => {
                    prov.claim(ptr, file);
                    merged_kind.insert(name, value);
                }
                Some(existing) if *existing == value => {}
                Some(_) => return Err(conflict(file, ptr, prov)),
            }
        }
    }
    Ok(())
}

/// Tags are documentation: union by name, first description wins.
fn merge_tags(target: &mut Map<String, Value>, tags: Value) {
    let Value::Array(tags) = tags else { return };
    let merged = target
        .entry("tags")
        .or_insert_with(|| Value::Array(Vec::new()));
    let Some(merged) = merged.as_array_mut() else {
        return;
    };
    for tag in tags {
        if !merged.iter().any(|t| t.get("name") == tag.get("name")) {
            merged.push(tag);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn page(path: &str, schema: &str, schema_body: Value) -> Value {
        json!({
            "openapi": "3.0.3", "info": {"title": "T", "version": "v1"},
            "paths": {path: {"get": {"operationId": path, "responses": {}}}},
            "components": {"schemas": {schema: schema_body}}
        })
    }

    #[test]
    fn identical_repeats_merge_and_distinct_parts_are_kept() {
        let a = page("/a", "A", json!({"type": "string"}));
        let mut b = page("/b", "B", json!({"type": "integer"}));
        b["components"]["schemas"]["A"] = json!({"type": "string"});
        let (merged, prov) = merge(vec![("a.yaml".into(), a), ("b.yaml".into(), b)]).unwrap();
        assert_eq!(merged["paths"].as_object().unwrap().len(), 2);
        assert_eq!(
            merged["components"]["schemas"].as_object().unwrap().len(),
            2
        );
        assert_eq!(prov.file_for("/paths/~1b/get/responses"), "b.yaml");
        assert_eq!(prov.file_for("/components/schemas/A/type"), "a.yaml");
        assert_eq!(prov.file_for("/info"), "a.yaml");
    }

    #[test]
    fn a_component_defined_differently_names_both_files() {
        let a = page("/a", "A", json!({"type": "string"}));
        let b = page("/b", "A", json!({"type": "integer"}));
        let err = merge(vec![("a.yaml".into(), a), ("b.yaml".into(), b)]).unwrap_err();
        assert_eq!(err.file, "b.yaml");
        assert_eq!(err.error.pointer, "/components/schemas/A");
        assert!(err.error.message.contains("a.yaml") && err.error.message.contains("b.yaml"));
    }

    #[test]
    fn an_operation_defined_differently_is_a_conflict() {
        let a = page("/a", "A", json!({}));
        let mut b = page("/a", "A", json!({}));
        b["paths"]["/a"]["get"]["summary"] = json!("changed");
        let err = merge(vec![("a.yaml".into(), a), ("b.yaml".into(), b)]).unwrap_err();
        assert_eq!(err.error.pointer, "/paths/~1a/get");
    }

    #[test]
    fn different_methods_of_one_path_merge() {
        let a = page("/a", "A", json!({}));
        let mut b = json!({"paths": {"/a": {"post": {"operationId": "p", "responses": {}}}}});
        b["openapi"] = json!("3.0.3");
        let (merged, prov) = merge(vec![("a.yaml".into(), a), ("b.yaml".into(), b)]).unwrap();
        assert!(
            merged["paths"]["/a"]["get"].is_object() && merged["paths"]["/a"]["post"].is_object()
        );
        assert_eq!(prov.file_for("/paths/~1a/post"), "b.yaml");
    }

    #[test]
    fn different_servers_are_a_conflict() {
        let mut a = page("/a", "A", json!({}));
        let mut b = page("/b", "B", json!({}));
        a["servers"] = json!([{"url": "https://a"}]);
        b["servers"] = json!([{"url": "https://b"}]);
        let err = merge(vec![("a.yaml".into(), a), ("b.yaml".into(), b)]).unwrap_err();
        assert_eq!(err.error.pointer, "/servers");
    }
}
