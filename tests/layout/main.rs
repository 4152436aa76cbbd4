//! The workspace's dependency rules, checked on the source: billing-core's
//! modules import each other without a cycle, only the registry names the
//! adapters, and generated crates depend on the runtime and nothing else of
//! the workspace.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// `crate::X` modules each billing-core source file imports, by module path
/// (`vendors::cekura`, `transport`).
fn imports() -> BTreeMap<String, BTreeSet<String>> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("../crates/billing-core/src");
    let mut out = BTreeMap::new();
    let mut todo = vec![src.clone()];
    while let Some(dir) = todo.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                todo.push(path);
                continue;
            }
            let rel = path.strip_prefix(&src).unwrap().with_extension("");
            let module = rel
                .to_string_lossy()
                .replace('/', "::")
                .replace("::mod", "");
            let text = std::fs::read_to_string(&path).unwrap();
            let text = text.split("#[cfg(test)]").next().unwrap();
            let used: BTreeSet<String> = text
                .match_indices("crate::")
                .filter_map(|(i, _)| {
                    let rest = &text[i + "crate::".len()..];
                    let name: String = rest
                        .chars()
                        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                        .collect();
                    let first = name.clone();
                    let after = &rest[name.len()..];
                    // `crate::vendors::cekura` names the adapter module.
                    if first == "vendors" && after.starts_with("::") {
                        let sub: String = after[2..]
                            .chars()
                            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                            .collect();
                        if sub.chars().all(|c| c.is_ascii_lowercase() || c == '_')
                            && !sub.is_empty()
                        {
                            return Some(format!("vendors::{sub}"));
                        }
                    }
                    (!first.is_empty()).then_some(first)
                })
                .filter(|m| m != &module)
                .collect();
            out.insert(module, used);
        }
    }
    // A module with children uses them (`pub mod cekura;` in `vendors`).
    let children: Vec<(String, String)> = out
        .keys()
        .filter_map(|m| {
            m.rsplit_once("::")
                .map(|(parent, _)| (parent.to_owned(), m.clone()))
        })
        .collect();
    for (parent, child) in children {
        out.entry(parent).or_default().insert(child);
    }
    out
}

#[test]
fn billing_core_modules_import_each_other_without_a_cycle() {
    let graph = imports();
    assert!(graph.len() > 15, "{graph:?}");
    // Depth-first search for a back edge.
    fn visit<'a>(
        m: &'a str,
        graph: &'a BTreeMap<String, BTreeSet<String>>,
        path: &mut Vec<&'a str>,
        done: &mut BTreeSet<&'a str>,
    ) {
        if let Some(at) = path.iter().position(|p| *p == m) {
            panic!("import cycle: {}", path[at..].join(" -> ") + " -> " + m);
        }
        if !done.insert(m) {
            return;
        }
        path.push(m);
        for next in graph.get(m).into_iter().flatten() {
            visit(next, graph, path, done);
        }
        path.pop();
    }
    let mut done = BTreeSet::new();
    for m in graph.keys() {
        visit(m, &graph, &mut Vec::new(), &mut done);
    }
}

#[test]
fn only_the_registry_and_the_crate_root_name_the_adapters() {
    for (module, used) in imports() {
        let names_adapters = used
            .iter()
            .any(|u| u == "vendors" || u.starts_with("vendors::"));
        let allowed = module == "lib" || module == "vendors";
        assert!(
            !names_adapters || allowed,
            "{module} imports the vendors: {used:?}"
        );
    }
}

/// The names of the path (workspace) dependencies in the `[dependencies]`
/// table of crate `dir`'s manifest.
fn path_dependencies(dir: &Path) -> Vec<String> {
    let manifest = std::fs::read_to_string(dir.join("Cargo.toml")).unwrap();
    let table = manifest
        .split("[dependencies]")
        .nth(1)
        .unwrap_or_default()
        .split("\n[")
        .next()
        .unwrap_or_default();
    table
        .lines()
        .filter(|l| l.contains("path ="))
        .filter_map(|l| l.split('=').next())
        .map(|name| name.trim().to_owned())
        .collect()
}

#[test]
fn generated_crates_depend_on_the_runtime_and_nothing_else_of_the_workspace() {
    let crates = Path::new(env!("CARGO_MANIFEST_DIR")).join("../crates");
    let mut generated = 0;
    for entry in std::fs::read_dir(&crates).unwrap() {
        let dir = entry.unwrap().path();
        let name = dir.file_name().unwrap().to_string_lossy().into_owned();
        if name.ends_with("-client") {
            generated += 1;
            assert_eq!(path_dependencies(&dir), ["client-runtime"], "{name}");
        }
    }
    assert!(generated >= 4, "found {generated} generated crates");
    assert!(
        path_dependencies(&crates.join("client-runtime")).is_empty(),
        "client-runtime depends on no workspace crate"
    );
}
