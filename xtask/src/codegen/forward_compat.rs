//! Forward compatibility: a pass over the generated code so that what a
//! vendor adds tomorrow still decodes.
//!
//! - `#[serde(deny_unknown_fields)]` (typify's reading of
//!   `additionalProperties: false`) goes: a new response field is ignored.
//! - Every untagged union gets a last variant `Unknown(serde_json::Value)`
//!   keeping an unknown branch's raw JSON, where its derives allow one.
//! - [`Discriminators`] finds the single-value enums that tell a union's
//!   branches apart (`type: [redirect]`); `open_enums` leaves them closed, so
//!   a branch is chosen by its distinguishing property, never by order.
//!
//! Request types become as lenient as response types; that only matters to
//! code that decodes requests, which a client does not.

use std::collections::BTreeSet;

use syn::visit::{self, Visit};
use syn::visit_mut::{self, VisitMut};
use syn::{
    Attribute, Fields, GenericArgument, ItemEnum, ItemStruct, PathArguments, Type, parse_quote,
};

/// What the pass changed.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Changed {
    /// Types that denied unknown fields.
    pub lenient: usize,
    /// Unions that got an `Unknown` variant.
    pub unions: usize,
}

/// Apply the pass to `file`.
pub fn apply(file: &mut syn::File) -> Changed {
    let mut pass = Pass::default();
    pass.visit_file_mut(file);
    DisplayArms {
        unions: &pass.unions,
    }
    .visit_file_mut(file);
    pass.changed
}

#[derive(Default)]
struct Pass {
    changed: Changed,
    /// (union, its `Unknown` variant).
    unions: Vec<(String, syn::Ident)>,
}

/// typify gives unions of simple types a `Display` that matches every
/// variant: the `Unknown` variant writes its JSON.
struct DisplayArms<'a> {
    unions: &'a [(String, syn::Ident)],
}

impl VisitMut for DisplayArms<'_> {
    items_only!(mut);

    fn visit_item_impl_mut(&mut self, imp: &mut syn::ItemImpl) {
        let is_display = imp
            .trait_
            .as_ref()
            .and_then(|(p, _)| p.segments.last())
            .is_some_and(|s| s.ident == "Display");
        let union = match &*imp.self_ty {
            Type::Path(ty) => ty.path.segments.last().and_then(|s| {
                self.unions
                    .iter()
                    .find(|(n, _)| s.ident == n)
                    .map(|(_, v)| v.clone())
            }),
            _ => None,
        };
        if let (true, Some(variant)) = (is_display, union) {
            for item in &mut imp.items {
                if let syn::ImplItem::Fn(f) = item
                    && let Some(syn::Stmt::Expr(syn::Expr::Match(m), _)) = f.block.stmts.last_mut()
                {
                    m.arms.push(parse_quote!(Self::#variant(x) => x.fmt(f),));
                }
            }
        }
        visit_mut::visit_item_impl_mut(self, imp);
    }
}

/// Whether `attr` is `#[serde(...)]` naming `word` among its arguments.
fn serde_has(attr: &Attribute, word: &str) -> bool {
    attr.path().is_ident("serde")
        && attr
            .parse_args_with(
                syn::punctuated::Punctuated::<syn::Meta, syn::Token![,]>::parse_terminated,
            )
            .is_ok_and(|args| args.iter().any(|m| m.path().is_ident(word)))
}

/// Derives a `serde_json::Value` variant can take part in.
const VALUE_DERIVES: [&str; 5] = ["Deserialize", "Serialize", "Clone", "Debug", "PartialEq"];

fn derives_allow_value(attrs: &[Attribute]) -> bool {
    attrs
        .iter()
        .filter(|a| a.path().is_ident("derive"))
        .all(|a| {
            a.parse_args_with(
                syn::punctuated::Punctuated::<syn::Path, syn::Token![,]>::parse_terminated,
            )
            .is_ok_and(|paths| {
                paths.iter().all(|p| {
                    p.segments
                        .last()
                        .is_some_and(|s| VALUE_DERIVES.contains(&s.ident.to_string().as_str()))
                })
            })
        })
}

impl Pass {
    /// Drop `#[serde(deny_unknown_fields)]` from a type's attributes.
    fn make_lenient(&mut self, attrs: &mut Vec<Attribute>) {
        let before = attrs.len();
        attrs
            .retain(|a| !serde_has(a, "deny_unknown_fields") || !is_only(a, "deny_unknown_fields"));
        if attrs.len() != before {
            self.changed.lenient += 1;
        }
    }
}

impl VisitMut for Pass {
    items_only!(mut);

    fn visit_item_struct_mut(&mut self, s: &mut ItemStruct) {
        self.make_lenient(&mut s.attrs);
        visit_mut::visit_item_struct_mut(self, s);
    }

    fn visit_item_enum_mut(&mut self, e: &mut ItemEnum) {
        self.make_lenient(&mut e.attrs);
        if e.attrs.iter().any(|a| serde_has(a, "untagged")) && derives_allow_value(&e.attrs) {
            let mut name = String::from("Unknown");
            while e.variants.iter().any(|v| v.ident == name) {
                name.push('_');
            }
            let ident = syn::Ident::new(&name, proc_macro2::Span::call_site());
            e.variants.push(parse_quote! {
                /// A branch this version of the spec does not describe, as sent.
                #ident(::serde_json::Value)
            });
            self.unions.push((e.ident.to_string(), ident));
            self.changed.unions += 1;
        }
        visit_mut::visit_item_enum_mut(self, e);
    }
}

/// Whether `#[serde(...)]` holds `word` and nothing else.
fn is_only(attr: &Attribute, word: &str) -> bool {
    attr.parse_args_with(syn::punctuated::Punctuated::<syn::Meta, syn::Token![,]>::parse_terminated)
        .is_ok_and(|args| args.len() == 1 && args[0].path().is_ident(word))
}

/// The last path segment of `ty`, looking through `Option<..>` and `Box<..>`.
fn type_name(ty: &Type) -> Option<String> {
    let Type::Path(p) = ty else { return None };
    let last = p.path.segments.last()?;
    if last.ident == "Option" || last.ident == "Box" {
        if let PathArguments::AngleBracketed(args) = &last.arguments
            && let Some(GenericArgument::Type(inner)) = args.args.first()
        {
            return type_name(inner);
        }
        return None;
    }
    Some(last.ident.to_string())
}

/// Collects, item by item, the single-variant enums that are the field type
/// of a struct that is a branch of an untagged union: the union's
/// discriminators. Facts from any order of items give the same answer.
#[derive(Default)]
pub struct Discriminators {
    branches: BTreeSet<String>,
    fields: Vec<(String, String)>,
    single: BTreeSet<String>,
}

impl Discriminators {
    /// Take in what `items` hold (modules' items included).
    pub fn add(&mut self, items: &[syn::Item]) {
        for item in items {
            self.visit_item(item);
        }
    }

    /// Take in what `other` took in (facts from another part of the client).
    pub fn merge(&mut self, other: Discriminators) {
        self.branches.extend(other.branches);
        self.fields.extend(other.fields);
        self.single.extend(other.single);
    }

    /// Whether `e` could be a discriminator (one unit variant): until every
    /// item is in, whether it is one is not known.
    pub fn candidate(e: &ItemEnum) -> bool {
        e.variants.len() == 1 && matches!(e.variants[0].fields, Fields::Unit)
    }

    /// The discriminators among everything taken in.
    pub fn found(self) -> BTreeSet<String> {
        let Self {
            branches,
            fields,
            single,
        } = self;
        fields
            .into_iter()
            .filter(|(owner, ty)| branches.contains(owner) && single.contains(ty))
            .map(|(_, ty)| ty)
            .collect()
    }
}

impl Visit<'_> for Discriminators {
    items_only!();

    fn visit_item_enum(&mut self, e: &ItemEnum) {
        if e.attrs.iter().any(|a| serde_has(a, "untagged")) {
            for v in &e.variants {
                if let Fields::Unnamed(f) = &v.fields
                    && let Some(name) = f.unnamed.first().and_then(|f| type_name(&f.ty))
                {
                    self.branches.insert(name);
                }
            }
        } else if Self::candidate(e) {
            self.single.insert(e.ident.to_string());
        }
        visit::visit_item_enum(self, e);
    }

    fn visit_item_struct(&mut self, s: &ItemStruct) {
        for f in &s.fields {
            if let Some(ty) = type_name(&f.ty) {
                self.fields.push((s.ident.to_string(), ty));
            }
        }
        visit::visit_item_struct(self, s);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use quote::quote;

    fn file(tokens: proc_macro2::TokenStream) -> syn::File {
        syn::parse2(tokens).unwrap()
    }

    #[test]
    fn unknown_fields_are_no_longer_denied() {
        let mut f = file(quote! {
            #[derive(Deserialize)]
            #[serde(deny_unknown_fields)]
            pub struct A { pub x: String }
        });
        assert_eq!(apply(&mut f).lenient, 1);
        assert!(!quote!(#f).to_string().contains("deny_unknown_fields"));
    }

    #[test]
    fn untagged_unions_get_a_raw_fallback_when_their_derives_allow_it() {
        let mut f = file(quote! {
            #[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, PartialEq)]
            #[serde(untagged)]
            pub enum Action { Redirect(Redirect), Await(Await) }
            #[derive(::serde::Deserialize, Clone, Debug, Eq, Hash, Ord, PartialEq, PartialOrd)]
            #[serde(untagged)]
            pub enum Small { A(i64), B(String) }
        });
        assert_eq!(apply(&mut f).unions, 1);
        let text = quote!(#f).to_string();
        assert!(text.contains("Unknown (:: serde_json :: Value)"), "{text}");
        assert_eq!(
            text.matches("Unknown").count(),
            1,
            "Small derives Ord: left alone"
        );
    }

    #[test]
    fn single_value_enums_in_union_branches_are_discriminators() {
        let f = file(quote! {
            #[serde(untagged)]
            pub enum Action { Redirect(Redirect), Await(Await) }
            pub struct Redirect { pub type_: RedirectType, pub url: String, pub mode: Mode }
            pub struct Await { pub type_: Option<AwaitType> }
            pub struct Other { pub type_: OtherType }
            pub enum RedirectType { Redirect }
            pub enum AwaitType { Await }
            pub enum OtherType { Other }
            pub enum Mode { A, B }
        });
        let mut collected = Discriminators::default();
        collected.add(&f.items);
        let d: Vec<_> = collected.found().into_iter().collect();
        assert_eq!(d, ["AwaitType", "RedirectType"]);
    }
}
