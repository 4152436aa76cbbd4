//! Empty successes: an operation documenting a JSON success and a success
//! without a body (200 with `T`, 204 empty; `spec::normalize::EMPTY_SUCCESS`)
//! gets `send() -> Result<ResponseValue<Option<T>>, _>`: `Some(T)` for the
//! typed status, `None` for the empty ones, each with its status and headers.
//! progenitor cannot express the pair (it asserts one success type).

use std::collections::BTreeMap;

use syn::visit_mut::{self, VisitMut};
use syn::{Arm, Expr, ImplItemFn, Pat, parse_quote};

/// (METHOD, path) → the empty success statuses.
pub type Empty = BTreeMap<(String, String), Vec<u16>>;

/// The operations of `doc` that list empty successes.
pub fn of(doc: &serde_json::Value) -> Empty {
    crate::spec::walk::operations(doc)
        .filter_map(|(path, method, op)| {
            let statuses: Vec<u16> = op
                .get(crate::spec::normalize::EMPTY_SUCCESS)?
                .as_array()?
                .iter()
                .filter_map(|s| s.as_str()?.parse().ok())
                .collect();
            Some(((method.to_uppercase(), path.to_owned()), statuses))
        })
        .collect()
}

/// Rewrite the `send` of every operation in `empty`.
pub fn apply(file: &mut syn::File, empty: &Empty) {
    if !empty.is_empty() {
        Pass { empty }.visit_file_mut(file);
    }
}

struct Pass<'a> {
    empty: &'a Empty,
}

/// `ResponseValue<T>` in the return type becomes `ResponseValue<Option<T>>`;
/// returns `T`.
fn optional_return(f: &mut ImplItemFn) -> Option<syn::Type> {
    struct Wrap(Option<syn::Type>);
    impl VisitMut for Wrap {
        fn visit_path_segment_mut(&mut self, seg: &mut syn::PathSegment) {
            if self.0.is_none()
                && seg.ident == "ResponseValue"
                && let syn::PathArguments::AngleBracketed(args) = &mut seg.arguments
                && let Some(syn::GenericArgument::Type(t)) = args.args.first_mut()
            {
                self.0 = Some(t.clone());
                *t = parse_quote!(::std::option::Option<#t>);
                return;
            }
            visit_mut::visit_path_segment_mut(self, seg);
        }
    }
    let mut wrap = Wrap(None);
    wrap.visit_return_type_mut(&mut f.sig.output);
    wrap.0
}

impl VisitMut for Pass<'_> {
    fn visit_impl_item_fn_mut(&mut self, f: &mut ImplItemFn) {
        let Some(statuses) = (f.sig.ident == "send")
            .then(|| crate::codegen::progenitor::send_operation(&f.attrs))
            .flatten()
            .and_then(|op| self.empty.get(&op))
        else {
            return visit_mut::visit_impl_item_fn_mut(self, f);
        };
        let Some(inner) = optional_return(f) else {
            return;
        };
        let Some(syn::Stmt::Expr(Expr::Match(m), _)) = f.block.stmts.last_mut() else {
            return;
        };
        for arm in m.arms.iter_mut() {
            let success =
                matches!(&arm.pat, Pat::Lit(l) if quote::quote!(#l).to_string().starts_with('2'));
            if success {
                let body = &arm.body;
                arm.body = parse_quote! {
                    #body.and_then(|value: ResponseValue<#inner>| value.map(::std::option::Option::Some))
                };
            }
        }
        for status in statuses.iter().rev() {
            let arm: Arm = parse_quote! {
                #status => Ok(ResponseValue::new(
                    ::std::option::Option::None,
                    response.status(),
                    response.headers().clone(),
                )),
            };
            m.arms.insert(0, arm);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use quote::quote;

    #[test]
    fn send_of_a_listed_operation_answers_an_option() {
        let mut f: syn::File = syn::parse2(quote! {
            impl<'a> DeleteThing<'a> {
                #[doc = "Sends a `DELETE` request to `/things/{id}`"]
                pub async fn send(self) -> Result<ResponseValue<types::Thing>, Error<()>> {
                    match response.status().as_u16() {
                        200u16 => ResponseValue::from_response(response).await,
                        _ => Err(Error::UnexpectedResponse(response)),
                    }
                }
            }
            impl<'a> GetThing<'a> {
                #[doc = "Sends a `GET` request to `/things/{id}`"]
                pub async fn send(self) -> Result<ResponseValue<types::Thing>, Error<()>> {
                    match response.status().as_u16() { 200u16 => x, _ => y, }
                }
            }
        })
        .unwrap();
        let empty: Empty = [(("DELETE".to_owned(), "/things/{id}".to_owned()), vec![204])].into();
        apply(&mut f, &empty);
        let text = quote!(#f).to_string().replace(' ', "");
        assert!(
            text.contains("ResponseValue<::std::option::Option<types::Thing>>"),
            "{text}"
        );
        assert!(
            text.contains("204u16=>Ok(ResponseValue::new(::std::option::Option::None"),
            "{text}"
        );
        assert!(
            text.contains(
                ".await.and_then(|value:ResponseValue<types::Thing>|value.map(::std::option::Option::Some))"
            ),
            "{text}"
        );
        assert_eq!(
            text.matches("Option<types::Thing>").count(),
            1,
            "GET is untouched"
        );
    }
}
