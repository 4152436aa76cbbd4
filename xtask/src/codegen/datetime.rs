//! Date-time decoding: a pass over the generated code that routes every
//! `chrono::DateTime<Utc>` field through chrono's strict RFC 3339 parser.
//!
//! typify maps `format: date-time` to `chrono::DateTime<Utc>`, whose serde
//! impl parses with chrono's relaxed, general-purpose parser (~85 ns a value
//! here). chrono's strict `DateTime::parse_from_rfc3339` takes ~16 ns. The
//! pass adds `#[serde(deserialize_with = ...)]` to those fields and variants;
//! the emitted `datetime` module tries the strict parser and falls back to the
//! relaxed one, so every string chrono accepted before is accepted now, with
//! the same value, and every string it rejected is rejected with chrono's error.
//! The field types, and serialisation, are unchanged. Date-times inside
//! containers (`Vec<DateTime<Utc>>`, maps) keep chrono's own impl: correct,
//! only slower; none of the vendors has one.

use quote::quote;
use syn::visit_mut::{self, VisitMut};
use syn::{Attribute, Field, GenericArgument, PathArguments, Type, Variant, parse_quote};

/// How many fields and variants the pass routed, by shape.
#[derive(Debug, Default, PartialEq)]
pub struct Routed {
    /// `DateTime<Utc>` ones.
    pub plain: usize,
    /// `Option<DateTime<Utc>>` ones.
    pub optional: usize,
}

impl Routed {
    /// Whether anything was routed (and the module must be emitted).
    pub fn any(&self) -> bool {
        self.plain + self.optional > 0
    }
}

impl std::ops::AddAssign for Routed {
    /// What two parts of a client routed, together.
    fn add_assign(&mut self, other: Self) {
        self.plain += other.plain;
        self.optional += other.optional;
    }
}

/// Route every `DateTime<Utc>` field and newtype variant of the `Deserialize`
/// types in `file` through the `datetime` module.
pub fn route(file: &mut syn::File) -> Routed {
    let mut pass = Pass {
        routed: Routed::default(),
    };
    pass.visit_file_mut(file);
    pass.routed
}

/// How a field's type holds a date-time.
#[derive(Debug, PartialEq)]
enum Shape {
    /// `DateTime<Utc>`.
    Plain,
    /// `Option<DateTime<Utc>>`.
    Optional,
}

/// Whether `ty` is `chrono::DateTime<Utc>` (however typify spelled the path).
fn is_utc_date_time(ty: &Type) -> bool {
    let Type::Path(p) = ty else { return false };
    let Some(last) = p.path.segments.last() else {
        return false;
    };
    if last.ident != "DateTime" {
        return false;
    }
    let PathArguments::AngleBracketed(args) = &last.arguments else {
        return false;
    };
    matches!(
        args.args.first(),
        Some(GenericArgument::Type(Type::Path(tz)))
            if args.args.len() == 1 && tz.path.segments.last().is_some_and(|s| s.ident == "Utc")
    )
}

/// The date-time shape of `ty`, if it is one the pass routes.
fn shape(ty: &Type) -> Option<Shape> {
    if is_utc_date_time(ty) {
        return Some(Shape::Plain);
    }
    let Type::Path(p) = ty else { return None };
    let last = p.path.segments.last()?;
    if last.ident != "Option" {
        return None;
    }
    let PathArguments::AngleBracketed(args) = &last.arguments else {
        return None;
    };
    match args.args.first() {
        Some(GenericArgument::Type(inner)) if args.args.len() == 1 && is_utc_date_time(inner) => {
            Some(Shape::Optional)
        }
        _ => None,
    }
}

/// Whether `attrs` hold `#[derive(..., Deserialize, ...)]`.
fn derives_deserialize(attrs: &[Attribute]) -> bool {
    attrs.iter().any(|a| {
        a.path().is_ident("derive")
            && a.parse_args_with(
                syn::punctuated::Punctuated::<syn::Path, syn::Token![,]>::parse_terminated,
            )
            .is_ok_and(|paths| {
                paths
                    .iter()
                    .any(|p| p.segments.last().is_some_and(|s| s.ident == "Deserialize"))
            })
    })
}

/// Whether a `#[serde(...)]` attribute already decides how the item is
/// decoded (`with`, `deserialize_with`, `flatten` among its top-level keys):
/// left alone.
fn serde_decides(attrs: &[Attribute]) -> bool {
    attrs.iter().any(|a| match &a.meta {
        syn::Meta::List(list) if list.path.is_ident("serde") => {
            list.tokens.clone().into_iter().any(|t| {
                matches!(t, proc_macro2::TokenTree::Ident(i)
                    if i == "with" || i == "deserialize_with" || i == "flatten")
            })
        }
        _ => false,
    })
}

/// The attribute that routes a field or variant of `shape`.
fn attribute(shape: &Shape) -> Attribute {
    match shape {
        Shape::Plain => parse_quote!(#[serde(deserialize_with = "crate::datetime::deserialize")]),
        // `default` keeps a missing field `None`, as serde does for a bare `Option`.
        Shape::Optional => parse_quote!(
            #[serde(default, deserialize_with = "crate::datetime::deserialize_option")]
        ),
    }
}

struct Pass {
    routed: Routed,
}

impl Routed {
    fn count(&mut self, shape: &Shape) {
        match shape {
            Shape::Plain => self.plain += 1,
            Shape::Optional => self.optional += 1,
        }
    }
}

impl Pass {
    fn route_field(&mut self, field: &mut Field) {
        if let Some(shape) = shape(&field.ty)
            && !serde_decides(&field.attrs)
        {
            field.attrs.push(attribute(&shape));
            self.routed.count(&shape);
        }
    }

    fn route_variant(&mut self, variant: &mut Variant) {
        let syn::Fields::Unnamed(fields) = &variant.fields else {
            return;
        };
        if fields.unnamed.len() != 1 || serde_decides(&variant.attrs) {
            return;
        }
        if let Some(shape) = shape(&fields.unnamed[0].ty) {
            variant.attrs.push(attribute(&shape));
            self.routed.count(&shape);
        }
    }
}

impl VisitMut for Pass {
    items_only!(mut);

    fn visit_item_struct_mut(&mut self, s: &mut syn::ItemStruct) {
        if derives_deserialize(&s.attrs) {
            for field in s.fields.iter_mut() {
                self.route_field(field);
            }
        }
        visit_mut::visit_item_struct_mut(self, s);
    }

    fn visit_item_enum_mut(&mut self, e: &mut syn::ItemEnum) {
        if derives_deserialize(&e.attrs) {
            for variant in e.variants.iter_mut() {
                match &mut variant.fields {
                    syn::Fields::Named(fields) => {
                        for field in fields.named.iter_mut() {
                            self.route_field(field);
                        }
                    }
                    syn::Fields::Unnamed(_) => self.route_variant(variant),
                    syn::Fields::Unit => {}
                }
            }
        }
        visit_mut::visit_item_enum_mut(self, e);
    }
}

/// The `datetime` module of a generated crate, with the functions `routed` uses.
pub fn module(routed: &Routed) -> syn::File {
    let plain = (routed.plain > 0).then(|| {
        quote! {
            /// `deserialize_with` for `DateTime<Utc>`.
            pub(crate) fn deserialize<'de, D: Deserializer<'de>>(
                deserializer: D,
            ) -> Result<DateTime<Utc>, D::Error> {
                Utc3339::deserialize(deserializer).map(|t| t.0)
            }
        }
    });
    let optional = (routed.optional > 0).then(|| {
        quote! {
            /// `deserialize_with` for `Option<DateTime<Utc>>` (null is `None`).
            pub(crate) fn deserialize_option<'de, D: Deserializer<'de>>(
                deserializer: D,
            ) -> Result<Option<DateTime<Utc>>, D::Error> {
                Ok(Option::<Utc3339>::deserialize(deserializer)?.map(|t| t.0))
            }
        }
    });
    let mut file: syn::File = syn::parse_str(include_str!("templates/datetime.rs"))
        .expect("templates/datetime.rs is valid Rust");
    let used: syn::File = syn::parse2(quote!(#plain #optional)).expect("valid Rust");
    file.items.extend(used.items);
    file
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(src: &str) -> (String, Routed) {
        let mut file: syn::File = syn::parse_str(src).unwrap();
        let n = route(&mut file);
        (quote!(#file).to_string().replace(' ', ""), n)
    }

    #[test]
    fn date_time_fields_of_deserialize_structs_are_routed() {
        let (out, n) = run(r#"
            #[derive(::serde::Deserialize)]
            pub struct A {
                pub at: ::chrono::DateTime<::chrono::offset::Utc>,
                #[serde(skip_serializing_if = "::std::option::Option::is_none")]
                pub maybe: ::std::option::Option<::chrono::DateTime<::chrono::offset::Utc>>,
                pub name: String,
                pub local: ::chrono::DateTime<::chrono::offset::FixedOffset>,
            }
        "#);
        assert_eq!(
            n,
            Routed {
                plain: 1,
                optional: 1
            }
        );
        assert!(out.contains(r#"#[serde(deserialize_with="crate::datetime::deserialize")]pubat:"#));
        assert!(out.contains(
            r#"#[serde(default,deserialize_with="crate::datetime::deserialize_option")]pubmaybe:"#
        ));
        assert!(!out.contains(r#")]pubname"#));
        assert!(!out.contains(r#")]publocal"#));
    }

    #[test]
    fn newtype_variants_of_untagged_enums_are_routed() {
        let (out, n) = run(r#"
            #[derive(::serde::Deserialize, ::serde::Serialize)]
            #[serde(untagged)]
            pub enum When {
                DateTime(::chrono::DateTime<::chrono::offset::Utc>),
                Integer(i64),
            }
        "#);
        assert_eq!(
            n,
            Routed {
                plain: 1,
                optional: 0
            }
        );
        assert!(
            out.contains(r#"#[serde(deserialize_with="crate::datetime::deserialize")]DateTime("#)
        );
    }

    #[test]
    fn types_without_deserialize_and_decided_fields_are_left_alone() {
        let src = r#"
            pub struct Builder {
                at: ::std::result::Result<::chrono::DateTime<::chrono::offset::Utc>, String>,
                plain: ::chrono::DateTime<::chrono::offset::Utc>,
            }
            #[derive(Deserialize)]
            pub struct B {
                #[serde(bound(deserialize = "T: X"), with = "custom")]
                pub at: ::chrono::DateTime<::chrono::offset::Utc>,
                #[serde(default)]
                #[serde(deserialize_with = "other")]
                pub other: ::std::option::Option<::chrono::DateTime<::chrono::offset::Utc>>,
                #[serde(flatten)]
                pub rest: ::std::option::Option<::chrono::DateTime<::chrono::offset::Utc>>,
                pub list: Vec<::chrono::DateTime<::chrono::offset::Utc>>,
            }
        "#;
        let (out, n) = run(src);
        assert!(!n.any());
        let mut file: syn::File = syn::parse_str(src).unwrap();
        assert_eq!(out, quote!(#file).to_string().replace(' ', ""));
        assert!(!route(&mut file).any());
    }

    #[test]
    fn the_module_holds_only_the_functions_the_crate_uses() {
        let text = |r: Routed| {
            let f = module(&r);
            quote!(#f).to_string()
        };
        let only_plain = text(Routed {
            plain: 2,
            optional: 0,
        });
        assert!(only_plain.contains("pub (crate) fn deserialize <"));
        assert!(!only_plain.contains("fn deserialize_option"));
        let only_optional = text(Routed {
            plain: 0,
            optional: 1,
        });
        assert!(!only_optional.contains("pub (crate) fn deserialize <"));
        assert!(only_optional.contains("fn deserialize_option"));
    }
}
