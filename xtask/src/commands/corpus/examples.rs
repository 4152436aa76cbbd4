//! Decoding every documented response example with the generated types: a
//! small binary crate is written beside the entry's crate in the scratch
//! workspace, one check per example, each with the type the operation's
//! `send` returns for that status (the success type for 2xx, the error type
//! otherwise). The operation of a `send` is read from its doc comment
//! ("Sends a `GET` request to `/path`").

use std::collections::BTreeMap;
use std::path::Path;

use anyhow::{Context, Result};
use quote::ToTokens;
use serde_json::{Value, json};

use super::scratch;
use crate::spec::walk;

/// (method, path) → (success type, error type), as Rust source.
type Types = BTreeMap<(String, String), (String, String)>;

/// Decode every documented example of the entry `name`: (decoded, documented, failures).
pub fn decode(dir: &Path, target: &Path, name: &str) -> Result<(usize, usize, Vec<String>)> {
    let client = dir.join(format!("crates/{name}-client"));
    let doc: Value = serde_json::from_str(&std::fs::read_to_string(client.join("openapi.json"))?)?;
    let lib = syn::parse_file(&std::fs::read_to_string(client.join("src/lib.rs"))?)
        .context("parsing the generated lib.rs")?;
    let types = send_types(&lib);
    let mut cases = Vec::new();
    let mut checks = String::new();
    for (method, path, status, label, value) in documented(&doc) {
        let Some((success, error)) = types.get(&(method.to_uppercase(), path.clone())) else {
            continue;
        };
        let ty = if status.starts_with('2') {
            success
        } else {
            error
        };
        if ty == "()" || ty.contains("ByteStream") {
            continue;
        }
        checks.push_str(&format!(
            "    check::<{ty}>(&cases[{}], &mut failed);\n",
            cases.len()
        ));
        cases.push(json!({"label": format!("{} {path} {status}{label}", method.to_uppercase()), "value": value}));
    }
    let documented = cases.len();
    write_crate(dir, name, &checks, &cases)?;
    let package = format!("{name}-examples");
    let out = scratch::run_cargo(dir, target, &["run", "-q", "-p", &package])?;
    if !out.status.success() {
        return Ok((0, documented, vec![scratch::failure_summary(&out)]));
    }
    let failures: Vec<String> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|l| l.strip_prefix("FAILED ").map(str::to_owned))
        .collect();
    Ok((documented - failures.len(), documented, failures))
}

/// The `send` types of every builder, by the operation its doc names.
fn send_types(lib: &syn::File) -> Types {
    let mut out = Types::new();
    let modules = lib.items.iter().filter_map(|i| match i {
        syn::Item::Mod(m) if m.ident == "builder" => m.content.as_ref().map(|(_, items)| items),
        _ => None,
    });
    for item in modules.flatten() {
        let syn::Item::Impl(imp) = item else { continue };
        for f in &imp.items {
            let syn::ImplItem::Fn(f) = f else { continue };
            if f.sig.ident != "send" {
                continue;
            }
            if let (Some(op), Some(types)) = (
                crate::codegen::progenitor::send_operation(&f.attrs),
                result_types(&f.sig.output),
            ) {
                out.insert(op, types);
            }
        }
    }
    out
}

/// `T` and `E` of `-> Result<ResponseValue<T>, Error<E>>`.
fn result_types(output: &syn::ReturnType) -> Option<(String, String)> {
    let syn::ReturnType::Type(_, ty) = output else {
        return None;
    };
    let args = generic_args(ty)?;
    let success = generic_args(args.first()?)?
        .first()?
        .to_token_stream()
        .to_string();
    let error = generic_args(args.get(1)?)?
        .first()?
        .to_token_stream()
        .to_string();
    Some((success, error))
}

fn generic_args(ty: &syn::Type) -> Option<Vec<syn::Type>> {
    let syn::Type::Path(p) = ty else { return None };
    let syn::PathArguments::AngleBracketed(a) = &p.path.segments.last()?.arguments else {
        return None;
    };
    Some(
        a.args
            .iter()
            .filter_map(|g| match g {
                syn::GenericArgument::Type(t) => Some(t.clone()),
                _ => None,
            })
            .collect(),
    )
}

/// Every documented JSON response example: (method, path, status, label, value).
fn documented(doc: &Value) -> Vec<(String, String, String, String, Value)> {
    let resolve = |v: &Value| -> Value {
        match v
            .get("$ref")
            .and_then(Value::as_str)
            .and_then(|r| r.strip_prefix('#'))
        {
            Some(p) => doc.pointer(p).cloned().unwrap_or(Value::Null),
            None => v.clone(),
        }
    };
    let mut out = Vec::new();
    for (path, method, op) in walk::operations(doc) {
        let Some(responses) = op.get("responses").and_then(Value::as_object) else {
            continue;
        };
        for (status, response) in responses {
            let response = resolve(response);
            let Some(media) = response.pointer("/content/application~1json") else {
                continue;
            };
            let mut push = |label: String, value: Value| {
                out.push((
                    method.to_string(),
                    path.to_owned(),
                    status.clone(),
                    label,
                    value,
                ));
            };
            // `example: null` documents no example.
            let example = |v: &Value| v.get("example").filter(|e| !e.is_null()).cloned();
            if let Some(v) = example(media) {
                push(String::new(), v);
            } else if let Some(examples) = media.get("examples").and_then(Value::as_object) {
                for (name, e) in examples {
                    if let Some(v) = resolve(e).get("value") {
                        push(format!(" ({name})"), v.clone());
                    }
                }
            } else if let Some(v) = media.get("schema").map(&resolve).and_then(|s| example(&s)) {
                push(" (schema example)".into(), v);
            }
        }
    }
    out
}

/// Write the decoder crate `crates/<name>-examples`.
fn write_crate(dir: &Path, name: &str, checks: &str, cases: &[Value]) -> Result<()> {
    let krate = dir.join(format!("crates/{name}-examples"));
    std::fs::create_dir_all(krate.join("src"))?;
    std::fs::write(
        krate.join("Cargo.toml"),
        format!(
            "[package]\nname = \"{name}-examples\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n[dependencies]\n{name}-client = {{ path = \"../{name}-client\" }}\nserde = \"1\"\nserde_json = \"1\"\n"
        ),
    )?;
    std::fs::write(krate.join("examples.json"), serde_json::to_string(cases)?)?;
    let ident = format!("{name}_client").replace('-', "_");
    std::fs::write(
        krate.join("src/main.rs"),
        format!(
            r#"//! Decodes every documented response example of {name} with its generated type.
#![allow(unused_imports)]
use {ident}::types;

fn check<T: serde::de::DeserializeOwned>(case: &serde_json::Value, failed: &mut usize) {{
    let label = case["label"].as_str().unwrap_or_default();
    match serde_json::from_value::<T>(case["value"].clone()) {{
        Ok(_) => println!("ok {{label}}"),
        Err(e) => {{
            *failed += 1;
            println!("FAILED {{label}}: {{e}}");
        }}
    }}
}}

fn main() {{
    let cases: Vec<serde_json::Value> =
        serde_json::from_str(include_str!("../examples.json")).expect("examples.json");
    let mut failed = 0;
{checks}    println!("{{}} of {{}} decoded", cases.len() - failed, cases.len());
}}
"#
        ),
    )?;
    Ok(())
}
