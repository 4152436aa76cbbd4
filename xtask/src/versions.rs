//! Versions of the generator's parts, written into every generated file's
//! header. A test checks them against `Cargo.lock`, so a dependency bump that
//! forgets them fails.

/// progenitor (and progenitor-client, which generated crates depend on).
pub const PROGENITOR: &str = "0.15.1";
/// typify, which progenitor uses for types.
pub const TYPIFY: &str = "0.8.0";
/// openapiv3, the document model progenitor reads.
pub const OPENAPIV3: &str = "2.2.0";
/// prettyplease, the formatter.
pub const PRETTYPLEASE: &str = "0.3.0";

/// One line naming all of them.
pub fn summary() -> String {
    format!(
        "progenitor {PROGENITOR}, typify {TYPIFY}, openapiv3 {OPENAPIV3}, prettyplease {PRETTYPLEASE}"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn locked(lock: &str, name: &str) -> Vec<String> {
        lock.split("[[package]]")
            .filter(|block| block.contains(&format!("name = \"{name}\"\n")))
            .filter_map(|block| {
                block
                    .lines()
                    .find_map(|l| l.strip_prefix("version = \""))
                    .map(|v| v.trim_end_matches('"').to_owned())
            })
            .collect()
    }

    #[test]
    fn header_versions_match_cargo_lock() {
        let lock =
            std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../Cargo.lock")).unwrap();
        for (name, version) in [
            ("progenitor-impl", PROGENITOR),
            ("typify-impl", TYPIFY),
            ("openapiv3", OPENAPIV3),
            ("prettyplease", PRETTYPLEASE),
        ] {
            assert_eq!(locked(&lock, name), [version], "{name} in Cargo.lock");
        }
    }
}
