//! Markers: properties `spec::rust_names` renamed so typify's fields do not
//! collide carry the vendor's wire name again in the generated code (serde
//! renames and messages), so the renamed field reads and writes the real key.
//!
//! A marker holds `~`, which no Rust identifier can, so in the formatted
//! source it can only stand inside string literals (attribute arguments and
//! macro arguments included, which syn leaves as tokens): it is replaced there
//! by the wire name, escaped as a string literal needs.

use crate::spec::rust_names::Marker;

/// `source` with every marker replaced by its wire name.
pub fn restore(source: String, markers: &[Marker]) -> String {
    markers.iter().fold(source, |text, m| {
        text.replace(&m.marker, &m.wire.escape_debug().to_string())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use quote::quote;

    #[test]
    fn serde_renames_and_messages_carry_the_wire_name() {
        let f: syn::File = syn::parse2(quote! {
            pub struct A {
                #[serde(rename = "createdAt")]
                pub created_at: String,
                #[serde(rename = "created_at~2")]
                pub created_at_2: String,
            }
            fn m() -> String { format!("error converting supplied value for created_at~2: {}", 1) }
        })
        .unwrap();
        let markers = [
            Marker {
                marker: "created_at~2".into(),
                wire: "created_at".into(),
            },
            Marker {
                marker: "odd~2".into(),
                wire: "a\"b".into(),
            },
        ];
        let text = restore(
            prettyplease::unparse(&f) + "const X: &str = \"odd~2\";",
            &markers,
        );
        assert!(text.contains("rename = \"created_at\""), "{text}");
        assert!(text.contains("value for created_at:"), "{text}");
        assert!(text.contains(r#""a\"b""#), "{text}");
        assert!(!text.contains('~'));
    }
}
