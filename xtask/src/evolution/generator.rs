//! Versions of the generator's parts, written into every generated file's
//! header. A test checks them against `Cargo.lock`, so a dependency bump that
//! forgets them fails.

/// progenitor (and progenitor-client, which generated crates depend on).
pub const PROGENITOR: &str = "0.15.1";
/// client-runtime, the hand-written crate generated crates run on (its
/// version in `crates/client-runtime/Cargo.toml`; a test checks they agree).
pub const RUNTIME: &str = "0.1.0";
/// typify, which progenitor uses for types.
pub const TYPIFY: &str = "0.8.0";
/// openapiv3, the document model progenitor reads.
pub const OPENAPIV3: &str = "2.2.0";
/// prettyplease, the formatter.
pub const PRETTYPLEASE: &str = "0.3.0";

/// Revision of this generator's own output. Bump it whenever a change to
/// `xtask` changes what it generates, and add the revision to [`REVISIONS`]:
/// `versioning` releases the regenerated crates by what it says.
pub const GENERATOR_REVISION: u32 = 7;

/// One revision of the generator's output.
#[derive(Debug)]
pub struct Revision {
    /// Its number.
    pub number: u32,
    /// Whether code using a crate of the revision before may stop compiling
    /// or decode differently.
    pub breaking: bool,
    /// What changed in generated crates, for their changelogs.
    pub note: &'static str,
}

/// Every revision, oldest first; the last is [`GENERATOR_REVISION`].
pub const REVISIONS: &[Revision] = &[
    Revision {
        number: 1,
        breaking: true,
        note: "first revision",
    },
    Revision {
        number: 2,
        breaking: false,
        note: "date-times decode through chrono's strict RFC 3339 parser first, falling back to the \
               relaxed one (same types, same accepted strings and values, about 5x faster); \
               `JsonDecimal` decodes with one allocation instead of two",
    },
    Revision {
        number: 3,
        breaking: true,
        note: "open enums decode a string through their own `FromStr` instead of serde's derive, \
               which buffered every value (about 2.5x faster); the same strings give the same \
               variants, but the externally tagged object form the derive also took \
               (`{\"value\": null}`), which no spec documents, is now refused",
    },
    Revision {
        number: 4,
        breaking: true,
        note: "forward compatibility: every string enum is open (also those whose values need no \
               rename), except the single-value enums that tell a union's branches apart; \
               unknown response fields are ignored (`additionalProperties: false` no longer \
               denies them); every untagged union whose derives allow it has a last variant \
               `Unknown(serde_json::Value)` keeping a branch the spec does not describe; \
               properties whose Rust names collide, enum values typify cannot name apart and \
               inline types named like another type are renamed for Rust only; no documented \
               error status is dropped any more: an operation's error statuses share one type \
               (a `oneOf` of their bodies where they differ), and an exact status is matched before a \
               range containing it (`401` before `4XX`); an operation with a JSON success and an empty \
               one (200 and 204) answers `Option<T>` instead of dropping the empty one; an \
               `allOf` cycle loses the member that closes \
               it, and a `default` of the wrong type is left out; HTTP basic and cookie API keys are \
               generated, and `Credentials::and` joins schemes a requirement names together \
               (`Credentials` holds several; `scheme()` is the first); the crate allows clippy and \
               rustdoc lints (its names and prose are the vendor's); the README states the \
               forward-compatibility contract",
    },
    Revision {
        number: 5,
        breaking: true,
        note: "every request goes through `client-runtime` (progenitor's `exec` hook): retries with \
               backoff and jitter on connection errors, 408, 429 and 5xx honouring `Retry-After` \
               (idempotent methods, or a request with an idempotency key, which the client now \
               sends by itself where the spec declares the header), a timeout per attempt and \
               a deadline per call that also bounds reading the body, a 32 MiB body cap, \
               redirects followed on the same origin only, errors without URLs or secrets, and \
               a `User-Agent` naming the crate; the client's inner value is \
               `client_runtime::Inner<Credentials>` (`Client::new(url, credentials.into())`), \
               `Client::with_config` takes a `client_runtime::Config`; paged operations (their \
               `x-pagination`, written in the spec or overlay or detected, is kept in \
               `openapi.json`) get `items()`, a `Stream` of every item over every page, each \
               decoded on its own; success statuses with different JSON bodies share one union \
               type (`{Operation}Success`) instead of all but the lowest being left out; API keys \
               in the query string are generated; `GENERATED.sha256` records what the crate was \
               generated from and each file's sha256",
    },
    Revision {
        number: 6,
        breaking: true,
        note: "Cargo features: one per group of operations (the spec's tags, else each path's \
               first resource segment); an operation and the types only its groups need compile \
               only when one of its groups is on, types no operation uses are behind \
               `other-types`, and `full` (all of them) is the default; code that builds with \
               the default features builds unchanged, but a dependency declared with \
               `default-features = false` now has no operations until it names the features it \
               uses (listed in the README)",
    },
    Revision {
        number: 7,
        breaking: false,
        note: "the README's notices on paging quote the operation (`GET /path`), so `regen` can \
               group them by reason; no code changes",
    },
];

/// One line naming all of them.
pub fn summary() -> String {
    format!(
        "progenitor {PROGENITOR}, typify {TYPIFY}, openapiv3 {OPENAPIV3}, prettyplease {PRETTYPLEASE}, xtask revision {GENERATOR_REVISION}"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn revisions_are_numbered_in_order_and_end_at_the_current_one() {
        let numbers: Vec<u32> = REVISIONS.iter().map(|r| r.number).collect();
        let expected: Vec<u32> = (1..=GENERATOR_REVISION).collect();
        assert_eq!(numbers, expected);
    }

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
            ("client-runtime", RUNTIME),
        ] {
            assert_eq!(locked(&lock, name), [version], "{name} in Cargo.lock");
        }
    }
}
