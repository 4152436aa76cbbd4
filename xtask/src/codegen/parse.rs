//! progenitor's tokens to syntax trees: the client item by item, each handed
//! on as soon as it is parsed and the tokens consumed as it goes, so a large
//! client is never held whole as a tree (BENCHMARKS.md: Stripe's peak memory).

use proc_macro2::{Delimiter, TokenStream, TokenTree};

use crate::diag::PointerError;

/// Parse generated tokens as a source file.
pub fn file(tokens: TokenStream) -> Result<syn::File, PointerError> {
    syn::parse2(tokens).map_err(unparsable)
}

fn unparsable(e: syn::Error) -> PointerError {
    PointerError::new("", format!("generated code does not parse: {e}"))
}

/// What [`stream`] hands on as it parses: items, and the modules they sit in.
pub trait Sink {
    /// An item of the module entered last (or of the crate root).
    fn item(&mut self, item: syn::Item) -> Result<(), PointerError>;
    /// A module begins: its head, with an empty body; its items follow.
    fn enter(&mut self, module: syn::ItemMod) -> Result<(), PointerError>;
    /// The module entered last ends.
    fn leave(&mut self) -> Result<(), PointerError>;
    /// An item's tokens before they are parsed (never a module's), offered
    /// where they surely end the item: the sink takes them (`None`), or
    /// gives them back (`Some`) to be parsed and handed to [`Sink::item`].
    fn offer(&mut self, tokens: Vec<TokenTree>) -> Result<Option<Vec<TokenTree>>, PointerError> {
        Ok(Some(tokens))
    }
}

/// Parse generated items one at a time, modules' contents included, and hand
/// each to `sink` as soon as it is parsed, consuming `tokens` as it goes: no
/// more than one item is ever held as a tree.
pub fn stream(tokens: TokenStream, sink: &mut impl Sink) -> Result<(), PointerError> {
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
            stream_module(std::mem::take(&mut pending), sink)?;
            continue;
        }
        if trees.peek().is_none_or(starts_item) {
            match sink.offer(std::mem::take(&mut pending))? {
                None => continue,
                Some(back) => pending = back,
            }
        }
        if let Ok(item) = syn::parse2(pending.iter().cloned().collect()) {
            pending.clear();
            sink.item(item)?;
        }
        // Otherwise the split cut an item short (a brace inside a type, say):
        // it takes the tokens up to the next end too, and is tried again.
    }
    if !pending.is_empty() {
        sink.item(syn::parse2(pending.into_iter().collect()).map_err(unparsable)?)?;
    }
    Ok(())
}

/// Keywords an item can begin with (after its attributes).
const ITEM_KEYWORDS: &[&str] = &[
    "pub",
    "impl",
    "struct",
    "enum",
    "union",
    "type",
    "fn",
    "const",
    "static",
    "use",
    "mod",
    "trait",
    "unsafe",
    "async",
    "extern",
    "macro_rules",
];

/// Whether an item can begin with `tree`: an attribute or a keyword that
/// opens one. A brace that seemed to end an item is followed by something
/// else when it did not (`type A = B<{ 2 }>;`).
fn starts_item(tree: &TokenTree) -> bool {
    match tree {
        TokenTree::Punct(p) => p.as_char() == '#',
        TokenTree::Ident(i) => ITEM_KEYWORDS.iter().any(|k| i == k),
        _ => false,
    }
}

/// Whether the item `tokens` holds, unparsed, is an impl: its first token
/// after the attributes is `impl`, or `unsafe impl`.
pub fn is_impl(tokens: &[TokenTree]) -> bool {
    let mut trees = tokens.iter();
    while let Some(tree) = trees.next() {
        match tree {
            TokenTree::Punct(p) if p.as_char() == '#' => {
                trees.next(); // the attribute's brackets
            }
            TokenTree::Ident(i) if i == "unsafe" => {}
            TokenTree::Ident(i) => return i == "impl",
            _ => return false,
        }
    }
    false
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
/// items one at a time (generated modules have no inner attributes).
fn stream_module(mut tokens: Vec<TokenTree>, sink: &mut impl Sink) -> Result<(), PointerError> {
    let Some(TokenTree::Group(body)) = tokens.pop() else {
        unreachable!("is_module checked the body")
    };
    let (span, content) = (body.delim_span(), body.stream());
    drop(body);
    tokens.push(proc_macro2::Group::new(Delimiter::Brace, TokenStream::new()).into());
    let mut module: syn::ItemMod = syn::parse2(tokens.into_iter().collect()).map_err(unparsable)?;
    module.content = Some((syn::token::Brace(span), Vec::new()));
    sink.enter(module)?;
    stream(content, sink)?;
    sink.leave()
}

#[cfg(test)]
mod tests {
    use super::*;
    use quote::quote;

    /// Rebuilds the tree from what `stream` hands on.
    struct Tree(Vec<(Option<syn::ItemMod>, Vec<syn::Item>)>);

    impl Sink for Tree {
        fn item(&mut self, item: syn::Item) -> Result<(), PointerError> {
            self.0.last_mut().expect("open").1.push(item);
            Ok(())
        }
        fn enter(&mut self, module: syn::ItemMod) -> Result<(), PointerError> {
            self.0.push((Some(module), Vec::new()));
            Ok(())
        }
        fn leave(&mut self) -> Result<(), PointerError> {
            let (Some(mut module), items) = self.0.pop().expect("entered") else {
                panic!("left the root")
            };
            module.content.as_mut().expect("a body").1 = items;
            self.item(syn::Item::Mod(module))
        }
    }

    #[test]
    fn streamed_items_are_the_items_a_whole_parse_gives() {
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
        let mut tree = Tree(vec![(None, Vec::new())]);
        stream(tokens, &mut tree).unwrap();
        let [(None, items)] = &tree.0[..] else {
            panic!("a module left open")
        };
        assert_eq!(items.len(), 7);
        let text = |items: &[syn::Item]| quote!(#(#items)*).to_string();
        assert_eq!(text(items), text(&whole.items));
    }

    /// Takes every item offered, as text; what it is handed parsed, too.
    #[derive(Default)]
    struct Taker {
        offered: Vec<String>,
        parsed: Vec<String>,
    }

    impl Sink for Taker {
        fn item(&mut self, item: syn::Item) -> Result<(), PointerError> {
            self.parsed.push(quote!(#item).to_string());
            Ok(())
        }
        fn enter(&mut self, _: syn::ItemMod) -> Result<(), PointerError> {
            Ok(())
        }
        fn leave(&mut self) -> Result<(), PointerError> {
            Ok(())
        }
        fn offer(
            &mut self,
            tokens: Vec<TokenTree>,
        ) -> Result<Option<Vec<TokenTree>>, PointerError> {
            self.offered
                .push(tokens.into_iter().collect::<TokenStream>().to_string());
            Ok(None)
        }
    }

    #[test]
    fn items_are_offered_whole_before_they_are_parsed() {
        let items = [
            quote!(
                pub type Y = Z<{ 2 }>;
            ),
            quote!(
                #[derive(Debug)]
                pub struct S {
                    a: u8,
                }
            ),
            quote!(impl S { fn f() {} }),
            quote!(
                pub const X: T = T { a: 1 };
            ),
            quote!(
                pub use a::{b, c};
            ),
        ];
        let module_item = quote!(
            pub struct Inner;
        );
        let tokens = quote!(#(#items)* mod m { #module_item });
        let mut taker = Taker::default();
        stream(tokens, &mut taker).unwrap();
        let mut expected: Vec<String> = items.iter().map(ToString::to_string).collect();
        expected.push(module_item.to_string());
        assert_eq!(taker.offered, expected, "each item whole, in order");
        assert!(taker.parsed.is_empty(), "{:?}", taker.parsed);
    }

    #[test]
    fn items_report_what_does_not_parse() {
        let mut tree = Tree(vec![(None, Vec::new())]);
        let Err(err) = stream(quote!(pub struct A { x: u8 } pub fn ;), &mut tree) else {
            panic!("parsed");
        };
        assert!(err.message.contains("does not parse"), "{}", err.message);
    }
}
