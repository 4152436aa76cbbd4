//! The generator's identity for `regen --check`: a sha256 over every source
//! that decides what the generator writes (its own code and the runtime's
//! paging description it serialises; the versions of progenitor, typify and
//! prettyplease are in every header already). A change to any of them means
//! every crate must be generated again to be checked.

use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            files(&path, out);
        } else {
            out.push(path);
        }
    }
}

fn main() {
    let here = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets it"));
    let root = here.parent().expect("xtask sits in the workspace");
    let sources = [
        here.join("src"),
        here.join("Cargo.toml"),
        root.join("crates/client-runtime/src/paging/mod.rs"),
    ];
    let mut all = Vec::new();
    for s in &sources {
        println!("cargo:rerun-if-changed={}", s.display());
        if s.is_dir() {
            files(s, &mut all);
        } else {
            all.push(s.clone());
        }
    }
    all.sort();
    let mut hasher = Sha256::new();
    for path in &all {
        let rel = path.strip_prefix(root).unwrap_or(path);
        hasher.update(rel.to_string_lossy().replace('\\', "/").as_bytes());
        hasher.update([0]);
        // Line ends as in a CRLF checkout or not: the same generator.
        let bytes = std::fs::read(path).unwrap_or_default();
        let lf: Vec<u8> = bytes
            .iter()
            .enumerate()
            .filter(|(i, b)| !(**b == b'\r' && bytes.get(i + 1) == Some(&b'\n')))
            .map(|(_, b)| *b)
            .collect();
        hasher.update(&lf);
    }
    println!(
        "cargo:rustc-env=XTASK_GENERATOR_SHA256={:x}",
        hasher.finalize()
    );
}
