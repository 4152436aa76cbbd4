//! Open enums: a pass over the generated code that makes every string enum
//! typify emits accept values the spec does not list.
//!
//! typify's enums are closed, so a value a vendor adds tomorrow would fail the
//! decoding of the whole response. Each such enum gets a last variant
//! `#[serde(untagged)] UnknownValue(String)` that keeps the value as sent, and
//! `#[non_exhaustive]`, so that a variant added by a later spec never breaks a
//! caller's `match`. `Display` and `FromStr` are extended to match: `FromStr`
//! no longer fails, and `Display` writes the unknown value back unchanged.
//!
//! `Deserialize` is not derived for them: serde's derive buffers every value
//! of an enum with an untagged variant before matching it (about 2.5x slower,
//! measured). Each gets an impl that reads the string and hands it to the
//! enum's own `FromStr`, so decoding and parsing share one table.

use quote::format_ident;
use syn::visit_mut::{self, VisitMut};
use syn::{Arm, Fields, Ident, ImplItem, Item, ItemEnum, ItemImpl, Pat, parse_quote};

/// Open every string enum in `file` except those named in `closed` (a
/// union's discriminators, see `forward_compat`). Returns their names.
pub fn open(file: &mut syn::File, closed: &std::collections::BTreeSet<String>) -> Vec<String> {
    let mut pass = Pass {
        opened: Vec::new(),
        closed,
    };
    // Enums first, then the impls that belong to them.
    pass.visit_file_mut(file);
    let mut impls = ImplPass {
        opened: &pass.opened,
    };
    impls.visit_file_mut(file);
    add_deserialize_impls(&mut file.items, &pass.opened);
    pass.opened.into_iter().map(|(name, _)| name).collect()
}

/// Name of the catch-all variant, made unique against the enum's own variants.
fn catch_all(e: &ItemEnum) -> Ident {
    let mut name = String::from("UnknownValue");
    while e.variants.iter().any(|v| v.ident == name) {
        name.push('_');
    }
    format_ident!("{name}")
}

/// Whether typify made `e` from a string `enum`: only unit variants (renamed
/// or not: `Success` needs no rename), and a derived `Deserialize`.
fn is_string_enum(e: &ItemEnum) -> bool {
    let derives_deserialize = e.attrs.iter().any(|a| {
        a.path().is_ident("derive")
            && a.meta
                .require_list()
                .is_ok_and(|l| l.tokens.to_string().contains("Deserialize"))
    });
    derives_deserialize
        && !e.variants.is_empty()
        && e.variants.iter().all(|v| matches!(v.fields, Fields::Unit))
}

struct Pass<'a> {
    /// (enum name, catch-all variant).
    opened: Vec<(String, Ident)>,
    /// Enums to leave closed.
    closed: &'a std::collections::BTreeSet<String>,
}

impl VisitMut for Pass<'_> {
    items_only!(mut);

    fn visit_item_enum_mut(&mut self, e: &mut ItemEnum) {
        if !is_string_enum(e) || self.closed.contains(&e.ident.to_string()) {
            return;
        }
        let variant = catch_all(e);
        e.variants.push(parse_quote! {
            /// A value the spec did not list when this crate was generated, kept as sent.
            #[serde(untagged)]
            #variant(::std::string::String)
        });
        e.attrs.push(parse_quote!(#[non_exhaustive]));
        // A `String` variant cannot be `Copy`; `Deserialize` comes from
        // [`deserialize_impl`].
        for attr in &mut e.attrs {
            if attr.path().is_ident("derive")
                && let Ok(list) = attr.parse_args_with(
                    syn::punctuated::Punctuated::<syn::Path, syn::Token![,]>::parse_terminated,
                )
            {
                let kept: Vec<_> = list
                    .into_iter()
                    .filter(|p| {
                        p.segments
                            .last()
                            .is_none_or(|s| s.ident != "Copy" && s.ident != "Deserialize")
                    })
                    .collect();
                *attr = parse_quote!(#[derive(#(#kept),*)]);
            }
        }
        self.opened.push((e.ident.to_string(), variant));
    }
}

/// Put each opened enum's `Deserialize` impl right after the enum, in `items`
/// and in the modules among them.
fn add_deserialize_impls(items: &mut Vec<Item>, opened: &[(String, Ident)]) {
    // Room for every impl up front: growing a module of thousands of items
    // would hold two copies of it at once.
    let mut out = Vec::with_capacity(items.len() + opened.len());
    for mut item in items.drain(..) {
        let opened_enum = match &mut item {
            Item::Enum(e) => opened
                .iter()
                .any(|(n, _)| e.ident == n)
                .then(|| e.ident.clone()),
            Item::Mod(m) => {
                if let Some((_, inner)) = &mut m.content {
                    add_deserialize_impls(inner, opened);
                }
                None
            }
            _ => None,
        };
        out.push(item);
        if let Some(name) = opened_enum {
            out.push(deserialize_impl(&name));
        }
    }
    *items = out;
}

/// `Deserialize` for the opened enum `name`: a string, read without
/// buffering, parsed by the enum's (now infallible) `FromStr`.
fn deserialize_impl(name: &Ident) -> Item {
    let expecting = format!("a {name} string");
    parse_quote! {
        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D>(deserializer: D) -> ::std::result::Result<Self, D::Error>
            where
                D: ::serde::Deserializer<'de>,
            {
                struct Visitor;
                impl ::serde::de::Visitor<'_> for Visitor {
                    type Value = #name;
                    fn expecting(
                        &self,
                        f: &mut ::std::fmt::Formatter<'_>,
                    ) -> ::std::fmt::Result {
                        f.write_str(#expecting)
                    }
                    fn visit_str<E>(self, value: &str) -> ::std::result::Result<#name, E>
                    where
                        E: ::serde::de::Error,
                    {
                        value.parse().map_err(E::custom)
                    }
                }
                deserializer.deserialize_str(Visitor)
            }
        }
    }
}

struct ImplPass<'a> {
    opened: &'a [(String, Ident)],
}

impl ImplPass<'_> {
    fn variant_for(&self, imp: &ItemImpl) -> Option<&Ident> {
        let syn::Type::Path(ty) = &*imp.self_ty else {
            return None;
        };
        let name = ty.path.segments.last()?.ident.to_string();
        self.opened.iter().find(|(n, _)| *n == name).map(|(_, v)| v)
    }
}

impl VisitMut for ImplPass<'_> {
    items_only!(mut);

    fn visit_item_impl_mut(&mut self, imp: &mut ItemImpl) {
        let Some(variant) = self.variant_for(imp).cloned() else {
            return visit_mut::visit_item_impl_mut(self, imp);
        };
        let trait_name = imp
            .trait_
            .as_ref()
            .and_then(|(p, _)| p.segments.last())
            .map(|s| s.ident.to_string());
        for item in &mut imp.items {
            let ImplItem::Fn(f) = item else { continue };
            let Some(syn::Stmt::Expr(syn::Expr::Match(m), _)) = f.block.stmts.last_mut() else {
                continue;
            };
            match (trait_name.as_deref(), f.sig.ident.to_string().as_str()) {
                (Some("Display"), "fmt") => {
                    let arm: Arm = parse_quote!(Self::#variant(ref value) => f.write_str(value),);
                    m.arms.push(arm);
                }
                (Some("FromStr"), "from_str") => {
                    if let Some(last) = m.arms.last_mut()
                        && matches!(last.pat, Pat::Wild(_))
                    {
                        *last = parse_quote!(other => Ok(Self::#variant(other.to_owned())),);
                    }
                }
                _ => {}
            }
        }
    }

    fn visit_item_mut(&mut self, item: &mut Item) {
        visit_mut::visit_item_mut(self, item);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(src: &str) -> (String, Vec<String>) {
        let mut file: syn::File = syn::parse_str(src).unwrap();
        let opened = open(&mut file, &Default::default());
        (prettyplease::unparse(&file), opened)
    }

    const TYPIFY_ENUM: &str = r#"
        #[derive(Clone, Copy, Debug, Deserialize, Eq, Hash, PartialEq, Serialize)]
        pub enum Status {
            #[serde(rename = "active")]
            Active,
            #[serde(rename = "unknown")]
            UnknownValue,
        }
        impl ::std::fmt::Display for Status {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                match *self {
                    Self::Active => f.write_str("active"),
                    Self::UnknownValue => f.write_str("unknown"),
                }
            }
        }
        impl ::std::str::FromStr for Status {
            type Err = String;
            fn from_str(value: &str) -> Result<Self, String> {
                match value {
                    "active" => Ok(Self::Active),
                    "unknown" => Ok(Self::UnknownValue),
                    _ => Err("invalid value".into()),
                }
            }
        }
        pub struct NotAnEnum { pub a: i64 }
        pub enum Tagged { A(i64) }
    "#;

    #[test]
    fn string_enums_get_a_catch_all_variant_named_apart_from_their_own() {
        let (out, opened) = run(TYPIFY_ENUM);
        assert_eq!(opened, ["Status"]);
        assert!(
            out.contains("#[serde(untagged)]\n    UnknownValue_(::std::string::String)"),
            "{out}"
        );
        assert!(out.contains("#[non_exhaustive]"));
        assert!(!out.contains("Copy"));
    }

    #[test]
    fn display_and_from_str_handle_the_catch_all() {
        let (out, _) = run(TYPIFY_ENUM);
        assert!(
            out.contains("Self::UnknownValue_(ref value) => f.write_str(value)"),
            "{out}"
        );
        assert!(
            out.contains("other => Ok(Self::UnknownValue_(other.to_owned()))"),
            "{out}"
        );
        assert!(!out.contains("invalid value"));
    }

    #[test]
    fn deserialize_reads_a_string_through_from_str_instead_of_the_derive() {
        let (out, _) = run(&format!("mod types {{ {TYPIFY_ENUM} }}"));
        assert!(
            out.contains("#[derive(Clone, Debug, Eq, Hash, PartialEq, Serialize)]"),
            "{out}"
        );
        let enum_at = out.find("pub enum Status").unwrap();
        let impl_at = out
            .find("impl<'de> ::serde::Deserialize<'de> for Status")
            .unwrap_or_else(|| panic!("no Deserialize impl in {out}"));
        assert!(impl_at > enum_at, "{out}");
        assert!(out.contains("value.parse().map_err(E::custom)"), "{out}");
        assert!(
            out.contains("deserializer.deserialize_str(Visitor)"),
            "{out}"
        );
        assert!(!out.contains("Deserialize<'de> for NotAnEnum"), "{out}");
    }

    #[test]
    fn other_items_are_untouched() {
        let (out, _) = run(TYPIFY_ENUM);
        assert!(out.contains("pub enum Tagged {\n    A(i64),\n}"), "{out}");
    }
}
