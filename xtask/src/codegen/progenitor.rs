//! Generation: progenitor's library API on the normalised document, and
//! prettyplease to turn tokens into source text.
//!
//! progenitor panics on some inputs the normalisation does not foresee; the
//! panic is caught and reported as an error at the document root, so one
//! vendor's failure never takes down the whole run.

use std::cell::Cell;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Once;

use proc_macro2::{Delimiter, TokenStream, TokenTree};
use progenitor::{GenerationSettings, Generator, InterfaceStyle, TagStyle, TypeImpl};
use quote::quote;

use crate::diag::PointerError;

/// What progenitor produced, and which optional crates that code uses.
pub struct Generated {
    /// The client: types, `Client`, builders.
    pub tokens: TokenStream,
    /// Uses `chrono` (date/date-time formats).
    pub uses_chrono: bool,
    /// Uses `regress` (string patterns).
    pub uses_regress: bool,
    /// Uses `uuid` (uuid format).
    pub uses_uuid: bool,
    /// Uses `futures` (streams).
    pub uses_futures: bool,
}

/// Generate the client for `spec`. Its inner value is the runtime's `Inner`
/// (settings and redaction) over `crate::auth::Credentials` with
/// `authenticated`, which are applied before every request, else over none.
pub fn client(spec: &openapiv3::OpenAPI, authenticated: bool) -> Result<Generated, PointerError> {
    let mut settings = GenerationSettings::new();
    settings
        .with_interface(InterfaceStyle::Builder)
        .with_tag(TagStyle::Merged)
        .with_derive("PartialEq")
        .with_conversion(
            crate::codegen::decimal::schema(),
            crate::codegen::decimal::TYPE_PATH,
            [TypeImpl::Display, TypeImpl::FromStr].into_iter(),
        );
    if authenticated {
        settings
            .with_inner_type(quote!(client_runtime::Inner<crate::auth::Credentials>))
            .with_pre_hook(quote!(crate::auth::authorize));
    } else {
        settings.with_inner_type(quote!(client_runtime::Inner<client_runtime::NoCredentials>));
    }
    let mut generator = Generator::new(&settings);

    let result = quietly(|| generator.generate_tokens(spec));

    let tokens = match result {
        Ok(Ok(tokens)) => tokens,
        Ok(Err(e)) => {
            return Err(PointerError::new(
                "",
                format!("progenitor refused the document: {e}"),
            ));
        }
        Err(panic) => {
            let message = panic
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| panic.downcast_ref::<&str>().map(|s| (*s).to_owned()))
                .unwrap_or_else(|| "unknown panic".to_owned());
            return Err(PointerError::new(
                "",
                format!("progenitor panicked: {message}"),
            ));
        }
    };
    let types = generator.get_type_space();
    Ok(Generated {
        tokens,
        uses_chrono: types.uses_chrono(),
        uses_regress: types.uses_regress(),
        uses_uuid: types.uses_uuid(),
        uses_futures: generator.uses_futures(),
    })
}

thread_local! {
    /// Whether this thread is inside [`quietly`].
    static QUIET: Cell<bool> = const { Cell::new(false) };
}

/// Run `f`, catching a panic without printing it. The panic hook is
/// process-wide, so it is replaced once, by one that stays silent only on a
/// thread inside `quietly` and otherwise does what the hook before it did:
/// vendors generated on several threads at once never swap hooks under each
/// other.
fn quietly<T>(f: impl FnOnce() -> T) -> std::thread::Result<T> {
    static INSTALL: Once = Once::new();
    INSTALL.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !QUIET.with(Cell::get) {
                previous(info);
            }
        }));
    });
    QUIET.with(|q| q.set(true));
    let result = catch_unwind(AssertUnwindSafe(f));
    QUIET.with(|q| q.set(false));
    result
}

/// The operation a builder's `send` performs, as (METHOD, path), read from
/// the doc comment progenitor gives it: "Sends a `GET` request to `/path`".
pub fn send_operation(attrs: &[syn::Attribute]) -> Option<(String, String)> {
    attrs.iter().find_map(|a| {
        let syn::Meta::NameValue(nv) = &a.meta else {
            return None;
        };
        let syn::Expr::Lit(syn::ExprLit {
            lit: syn::Lit::Str(s),
            ..
        }) = &nv.value
        else {
            return None;
        };
        let text = s.value();
        let rest = text.trim().strip_prefix("Sends a `")?;
        let (method, rest) = rest.split_once("` request to `")?;
        Some((method.to_owned(), rest.split('`').next()?.to_owned()))
    })
}

/// Parse generated tokens as a source file.
pub fn parse(tokens: TokenStream) -> Result<syn::File, PointerError> {
    syn::parse2(tokens).map_err(unparsable)
}

fn unparsable(e: syn::Error) -> PointerError {
    PointerError::new("", format!("generated code does not parse: {e}"))
}

/// Parse generated items one at a time, modules' contents included,
/// consuming `tokens` as it goes: each item's tokens are freed once it is
/// parsed, so a large client is never held as tokens and as a syntax tree at
/// once (BENCHMARKS.md: Stripe's peak memory).
pub fn parse_items(tokens: TokenStream) -> Result<Vec<syn::Item>, PointerError> {
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
/// items one at a time (generated modules have no inner attributes).
fn parse_module(mut tokens: Vec<TokenTree>) -> Result<syn::ItemMod, PointerError> {
    let Some(TokenTree::Group(body)) = tokens.pop() else {
        unreachable!("is_module checked the body")
    };
    let (span, content) = (body.delim_span(), body.stream());
    drop(body);
    tokens.push(proc_macro2::Group::new(Delimiter::Brace, TokenStream::new()).into());
    let mut module: syn::ItemMod = syn::parse2(tokens.into_iter().collect()).map_err(unparsable)?;
    module.content = Some((syn::token::Brace(span), parse_items(content)?));
    Ok(module)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_items_gives_the_items_a_whole_parse_gives() {
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
        let items = parse_items(tokens).unwrap();
        assert_eq!(items.len(), 7);
        let text = |items: &[syn::Item]| quote!(#(#items)*).to_string();
        assert_eq!(text(&items), text(&whole.items));
    }

    #[test]
    fn parse_items_reports_what_does_not_parse() {
        let Err(err) = parse_items(quote!(pub struct A { x: u8 } pub fn ;)) else {
            panic!("parsed");
        };
        assert!(err.message.contains("does not parse"), "{}", err.message);
    }

    fn spec(operation: serde_json::Value) -> openapiv3::OpenAPI {
        serde_json::from_value(serde_json::json!({
            "openapi": "3.0.3", "info": {"title": "t", "version": "1"},
            "paths": {"/x": {"get": operation}}
        }))
        .unwrap()
    }

    #[test]
    fn a_progenitor_panic_becomes_an_error() {
        // 200 JSON next to 204 empty: progenitor asserts one success type.
        let s = spec(serde_json::json!({"operationId": "x", "responses": {
            "200": {"description": "", "content": {"application/json": {"schema": {"type": "string"}}}},
            "204": {"description": ""}
        }}));
        let err = client(&s, false)
            .err()
            .expect("progenitor panics on this input");
        assert!(
            err.message.starts_with("progenitor panicked:"),
            "{}",
            err.message
        );
    }

    #[test]
    fn a_progenitor_refusal_becomes_an_error() {
        let s = spec(serde_json::json!({"responses": {"200": {"description": ""}}}));
        let err = client(&s, false).err().expect("no operationId is refused");
        assert!(
            err.message.starts_with("progenitor refused the document:"),
            "{}",
            err.message
        );
    }

    #[test]
    fn a_plain_operation_generates() {
        let s = spec(
            serde_json::json!({"operationId": "x", "responses": {"200": {"description": ""}}}),
        );
        let Ok(g) = client(&s, false) else {
            panic!("does not generate")
        };
        assert!(prettyplease::unparse(&parse(g.tokens).unwrap()).contains("pub fn x(&self)"));
    }
}
