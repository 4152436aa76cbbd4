//! progenitor's tokens to a syntax tree: the client item by item, consuming
//! the tokens as it goes, so a large client is never held as tokens and as a
//! tree at once (BENCHMARKS.md: Stripe's peak memory).

use proc_macro2::{Delimiter, TokenStream, TokenTree};

use crate::diag::PointerError;

/// Parse generated tokens as a source file.
pub fn file(tokens: TokenStream) -> Result<syn::File, PointerError> {
    syn::parse2(tokens).map_err(unparsable)
}

fn unparsable(e: syn::Error) -> PointerError {
    PointerError::new("", format!("generated code does not parse: {e}"))
}

/// Parse generated items one at a time, modules' contents included,
/// consuming `tokens` as it goes: each item's tokens are freed once it is
/// parsed.
pub fn items(tokens: TokenStream) -> Result<Vec<syn::Item>, PointerError> {
    let mut items = Vec::new();
    let mut pending: Vec<TokenTree> = Vec::new();
    let mut trees = tokens.into_iter().peekable();
    while let Some(tree) = trees.next() {
        let ends_item = match &tree {
            TokenTree::Punct(p) => p.as_char() == ';',
            TokenTree::Group(g) => {
                g.delimiter() == Delimiter::Brace
                    && !matches!(trees.peek(), Some(TokenTree::Punct(p)) if p.as_char() == ';')
            }
            _ => false,
        };
        pending.push(tree);
        if !ends_item {
            continue;
        }
        if is_module(&pending) {
            items.push(syn::Item::Mod(parse_module(std::mem::take(&mut pending))?));
        } else if let Ok(item) = syn::parse2(pending.iter().cloned().collect()) {
            items.push(item);
            pending.clear();
        }
        // Otherwise the split cut an item short (a brace inside a type, say):
        // it takes the tokens up to the next end too, and is tried again.
    }
    if !pending.is_empty() {
        items.push(syn::parse2(pending.into_iter().collect()).map_err(unparsable)?);
    }
    Ok(items)
}

/// Whether `tokens` ends `mod name { … }`.
fn is_module(tokens: &[TokenTree]) -> bool {
    matches!(
        tokens,
        [.., TokenTree::Ident(keyword), TokenTree::Ident(_), TokenTree::Group(body)]
            if keyword == "mod" && body.delimiter() == Delimiter::Brace
    )
}

/// `… mod name { … }`: the head parsed with an empty body, then the body's
/// items one at a time (`items`) (generated modules have no inner attributes).
fn parse_module(mut tokens: Vec<TokenTree>) -> Result<syn::ItemMod, PointerError> {
    let Some(TokenTree::Group(body)) = tokens.pop() else {
        unreachable!("is_module checked the body")
    };
    let (span, content) = (body.delim_span(), body.stream());
    drop(body);
    tokens.push(proc_macro2::Group::new(Delimiter::Brace, TokenStream::new()).into());
    let mut module: syn::ItemMod = syn::parse2(tokens.into_iter().collect()).map_err(unparsable)?;
    module.content = Some((syn::token::Brace(span), items(content)?));
    Ok(module)
}

#[cfg(test)]
mod tests {
    use super::*;
    use quote::quote;

    #[test]
    fn items_are_the_items_a_whole_parse_gives() {
        let tokens = quote! {
            use a::{b, c};
            pub const X: T = T { a: 1 };
            pub type Y = Z<{ 2 }>;
            pub struct S(u8);
            #[doc = "m"]
            pub mod types {
                pub struct A { x: u8 }
                impl A { fn f() {} }
                pub mod inner { pub enum E { V } }
            }
            impl S { pub fn g(&self) -> u8 { self.0 } }
            macro_rules! m { () => {} }
        };
        let whole: syn::File = syn::parse2(tokens.clone()).unwrap();
        let items = items(tokens).unwrap();
        assert_eq!(items.len(), 7);
        let text = |items: &[syn::Item]| quote!(#(#items)*).to_string();
        assert_eq!(text(&items), text(&whole.items));
    }

    #[test]
    fn items_report_what_does_not_parse() {
        let Err(err) = items(quote!(pub struct A { x: u8 } pub fn ;)) else {
            panic!("parsed");
        };
        assert!(err.message.contains("does not parse"), "{}", err.message);
    }
}
