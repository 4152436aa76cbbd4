//! Which Cargo feature of the generated crate each operation belongs to.
//!
//! A feature is one of the spec's tags (kebab-case: `Billing Plans` →
//! `billing-plans`); an operation with several tags is in each of them. A spec
//! that tags no operation (Stripe's, Chargebee's) is grouped by each path's
//! first resource segment instead: `/v1/customers/{id}` → `customers` (version
//! segments such as `v1` or `2024-01-01`, `api` and `rest` are skipped). An
//! untagged operation in a tagged spec is grouped by its path the same way.
//! `codegen::features` gates operations and the types they need accordingly.

use std::collections::BTreeMap;

use serde_json::Value;

use crate::spec::walk::operations;

/// The features every generated crate has besides its groups: `full` turns
/// on every group, and `default` is `full`.
pub const RESERVED: [&str; 3] = ["default", "full", "other-types"];

/// One Cargo feature: its name, where it comes from, and its operations.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Group {
    /// The feature's name.
    pub feature: String,
    /// What it was made from, in words: ``tag `Billing` ``, ``path segment `customers` ``.
    pub from: Vec<String>,
    /// Its operations as (`GET`, path).
    pub operations: Vec<(String, String)>,
}

/// Every group of a document, by feature name.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Groups(pub Vec<Group>);

impl Groups {
    /// The indices of the groups operation `method` `path` belongs to.
    pub fn of(&self, method: &str, path: &str) -> Vec<usize> {
        (0..self.0.len())
            .filter(|&i| {
                self.0[i]
                    .operations
                    .iter()
                    .any(|(m, p)| m.eq_ignore_ascii_case(method) && p == path)
            })
            .collect()
    }
}

/// Group the operations of `doc` (tags, else the path's resource).
pub fn groups(doc: &Value) -> Groups {
    let mut by_feature: BTreeMap<String, Group> = BTreeMap::new();
    for (path, method, op) in operations(doc) {
        let tags: Vec<&str> = op
            .get("tags")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .filter(|t| !feature_name(t).is_empty())
            .collect();
        let sources: Vec<(&str, String)> = if tags.is_empty() {
            let segment = resource(path);
            vec![(segment, format!("path segment `{segment}`"))]
        } else {
            tags.into_iter()
                .map(|t| (t, format!("tag `{t}`")))
                .collect()
        };
        for (source, described) in sources {
            let feature = feature_name(source);
            let group = by_feature.entry(feature.clone()).or_insert_with(|| Group {
                feature,
                from: Vec::new(),
                operations: Vec::new(),
            });
            if !group.from.contains(&described) {
                group.from.push(described);
            }
            let operation = (method.to_ascii_uppercase(), path.to_owned());
            if !group.operations.contains(&operation) {
                group.operations.push(operation);
            }
        }
    }
    Groups(by_feature.into_values().collect())
}

/// The first segment of `path` that names a resource: not a parameter, a
/// version, `api` or `rest`; `root` when there is none.
fn resource(path: &str) -> &str {
    path.split('/')
        .filter(|s| !s.is_empty() && !s.starts_with('{'))
        .find(|s| !is_version(s) && !matches!(s.to_ascii_lowercase().as_str(), "api" | "rest"))
        .unwrap_or("root")
}

/// `v1`, `v2.1`, `2024-01-01`, `3`.
fn is_version(segment: &str) -> bool {
    let digits = segment
        .strip_prefix(['v', 'V'])
        .unwrap_or(segment)
        .replace(['.', '-', '_'], "");
    !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit())
}

/// A valid Cargo feature name for `source`: lower-case ASCII words joined by
/// `-`, starting with a letter, never one of [`RESERVED`]. Empty when `source`
/// has no ASCII letter or digit.
pub fn feature_name(source: &str) -> String {
    use heck::ToKebabCase;
    let ascii: String = source
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { ' ' })
        .collect();
    let name = ascii.to_kebab_case();
    if name.is_empty() {
        return name;
    }
    let name = if name.starts_with(|c: char| c.is_ascii_digit()) {
        format!("tag-{name}")
    } else {
        name
    };
    if RESERVED.contains(&name.as_str()) {
        format!("{name}-tag")
    } else {
        name
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn names(groups: &Groups) -> Vec<(&str, Vec<&str>, usize)> {
        groups
            .0
            .iter()
            .map(|g| {
                (
                    g.feature.as_str(),
                    g.from.iter().map(String::as_str).collect(),
                    g.operations.len(),
                )
            })
            .collect()
    }

    #[test]
    fn tags_become_features_and_an_operation_is_in_each_of_its_tags() {
        let doc = json!({"paths": {
            "/plans": {"get": {"tags": ["Billing Plans"]}},
            "/subs": {"get": {"tags": ["subscriptions", "Billing Plans"]},
                      "post": {"tags": ["subscriptions"]}}
        }});
        let groups = groups(&doc);
        assert_eq!(
            names(&groups),
            [
                ("billing-plans", vec!["tag `Billing Plans`"], 2),
                ("subscriptions", vec!["tag `subscriptions`"], 2)
            ]
        );
        assert_eq!(groups.of("GET", "/subs"), [0, 1]);
        assert_eq!(groups.of("post", "/subs"), [1]);
        assert!(groups.of("DELETE", "/subs").is_empty());
    }

    #[test]
    fn untagged_operations_are_grouped_by_their_resource_segment() {
        let doc = json!({"paths": {
            "/v1/customers": {"get": {}},
            "/v1/customers/{customer}/sources": {"post": {}},
            "/api/2024-01-01/payment_intents": {"get": {}},
            "/{tenant}/rest/invoices": {"get": {"tags": []}},
            "/": {"get": {}}
        }});
        assert_eq!(
            names(&groups(&doc)),
            [
                ("customers", vec!["path segment `customers`"], 2),
                ("invoices", vec!["path segment `invoices`"], 1),
                ("payment-intents", vec!["path segment `payment_intents`"], 1),
                ("root", vec!["path segment `root`"], 1)
            ]
        );
    }

    #[test]
    fn feature_names_are_valid_and_never_reserved() {
        assert_eq!(feature_name("test_framework"), "test-framework");
        assert_eq!(feature_name("3DS Auth"), "tag-3ds-auth");
        assert_eq!(feature_name("Default"), "default-tag");
        assert_eq!(feature_name("Full"), "full-tag");
        assert_eq!(feature_name("*"), "");
        assert_eq!(feature_name("PaymentLinks"), "payment-links");
        assert_eq!(feature_name("Préférences"), "pr-f-rences");
    }
}
