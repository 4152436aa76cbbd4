//! Generation: progenitor's library API on the normalised document (its
//! tokens become a syntax tree in `parse`).
//!
//! progenitor panics on some inputs the normalisation does not foresee; the
//! panic is caught and reported as an error at the document root, so one
//! vendor's failure never takes down the whole run.

use std::cell::Cell;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Once;

use proc_macro2::TokenStream;
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

#[cfg(test)]
mod tests {
    use super::*;

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
        assert!(
            prettyplease::unparse(&crate::codegen::parse::file(g.tokens).unwrap())
                .contains("pub fn x(&self)")
        );
    }
}
