//! Authentication code, generated from the supported security schemes
//! (`spec::security`): a `Scheme` enum, a `Credentials` type with one
//! constructor per scheme, and the pre-request hook that puts the credential on
//! every request. What does not depend on the schemes is the template
//! `templates/auth.rs`.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::codegen::names::{pascal, snake};
use crate::spec::security::{Form, Scheme};

/// The `auth` module of a generated crate: the template, with the scheme
/// enum before `Credentials` and its constructors after it.
pub fn module(schemes: &[Scheme]) -> syn::File {
    let mut file: syn::File =
        syn::parse_str(include_str!("templates/auth.rs")).expect("templates/auth.rs is valid Rust");
    let at = file
        .items
        .iter()
        .position(|i| matches!(i, syn::Item::Struct(s) if s.ident == "Credentials"))
        .expect("the template defines Credentials");
    let before: syn::File = syn::parse2(scheme_enum(schemes)).expect("valid Rust");
    let after: syn::File = syn::parse2(constructors(schemes)).expect("valid Rust");
    file.items.splice(at + 1..at + 1, after.items);
    file.items.splice(at..at, before.items);
    file
}

fn variant(scheme: &Scheme) -> proc_macro2::Ident {
    format_ident!("{}", pascal(&scheme.name))
}

/// `enum Scheme` and its accessors.
fn scheme_enum(schemes: &[Scheme]) -> TokenStream {
    let variants: Vec<_> = schemes.iter().map(variant).collect();
    let spec_names: Vec<_> = schemes.iter().map(|s| s.name.as_str()).collect();
    let headers: Vec<_> = schemes.iter().map(|s| s.header.as_str()).collect();
    let queries: Vec<_> = schemes
        .iter()
        .map(|s| match &s.form {
            Form::Query(name) => quote!(Some(#name)),
            _ => quote!(None),
        })
        .collect();
    let variant_docs: Vec<_> = schemes
        .iter()
        .map(|s| format!("Security scheme `{}`: {}.", s.name, sent_as(s)))
        .collect();
    quote! {
        /// The ways this API accepts a credential, one per security scheme in the spec.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum Scheme {
            #(#[doc = #variant_docs] #variants,)*
        }

        impl Scheme {
            /// The scheme's name in the spec's `securitySchemes`.
            pub fn spec_name(self) -> &'static str {
                match self { #(Scheme::#variants => #spec_names,)* }
            }

            /// The HTTP header this scheme sends the credential in (empty
            /// for a key sent in the query string).
            pub fn header_name(self) -> &'static str {
                match self { #(Scheme::#variants => #headers,)* }
            }

            /// The query parameter this scheme sends the credential in, if it does.
            pub fn query_name(self) -> Option<&'static str> {
                match self { #(Scheme::#variants => #queries,)* }
            }
        }
    }
}

/// How a scheme's credential appears on the wire, for docs.
pub fn sent_as(s: &Scheme) -> String {
    match &s.form {
        Form::Bearer => "`Authorization: Bearer <token>`".to_owned(),
        Form::Basic => "`Authorization: Basic <base64 of user:password>`".to_owned(),
        Form::Header => format!("`{}: <key>`", s.header),
        Form::Cookie(name) => format!("`Cookie: {name}=<key>`"),
        Form::Query(name) => format!("`?{name}=<key>` in the query string"),
    }
}

/// The doc comment of a scheme's constructor.
fn constructor_doc(s: &Scheme) -> String {
    let what = match s.form {
        Form::Bearer => "A bearer token",
        Form::Basic => "A user name and password",
        Form::Header | Form::Cookie(_) | Form::Query(_) => "An API key",
    };
    let mut doc = format!(
        "{what} for security scheme `{}`, sent as {}.",
        s.name,
        sent_as(s)
    );
    if let Some(d) = &s.description {
        doc.push_str("\n\nThe spec says: ");
        doc.push_str(d.trim());
    }
    doc
}

/// One constructor per scheme.
fn constructor(s: &Scheme) -> TokenStream {
    let ctor = format_ident!("{}", snake(&s.name));
    let variant = variant(s);
    let doc = constructor_doc(s);
    let (params, body) = match &s.form {
        Form::Bearer => (
            quote!(secret: &str),
            quote!(Self::new(Scheme::#variant, format!("Bearer {secret}"), &[secret])),
        ),
        Form::Header | Form::Query(_) => (
            quote!(secret: &str),
            quote!(Self::new(Scheme::#variant, secret.to_owned(), &[secret])),
        ),
        Form::Basic => (
            quote!(username: &str, password: &str),
            quote!({
                let pair = format!("{username}:{password}");
                Self::new(
                    Scheme::#variant,
                    format!("Basic {}", base64(pair.as_bytes())),
                    &[password, &pair],
                )
            }),
        ),
        Form::Cookie(name) => (
            quote!(secret: &str),
            quote!(Self::cookie(Scheme::#variant, #name, secret)),
        ),
    };
    quote! {
        #[doc = #doc]
        ///
        /// Fails if the secret holds characters it cannot be sent with; the
        /// error does not include the secret.
        pub fn #ctor(#params) -> Result<Self, InvalidCredentials> {
            #body
        }
    }
}

/// `impl Credentials`: one constructor per scheme.
fn constructors(schemes: &[Scheme]) -> TokenStream {
    let constructors = schemes.iter().map(constructor);
    quote! {
        impl Credentials {
            #(#constructors)*
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spec::security::{Form, Scheme};

    #[test]
    fn the_module_has_one_constructor_per_scheme() {
        let s = vec![
            Scheme {
                name: "bearerAuth".into(),
                header: "authorization".into(),
                form: Form::Bearer,
                description: None,
            },
            Scheme {
                name: "apiKeyHeader".into(),
                header: "x-api-key".into(),
                form: Form::Header,
                description: None,
            },
        ];
        let code = prettyplease::unparse(&module(&s));
        assert!(code.contains("pub fn bearer_auth"), "{code}");
        assert!(code.contains("pub fn api_key_header"));
        assert!(code.contains("\"x-api-key\""));
        let scheme = code.find("pub enum Scheme").unwrap();
        let credentials = code.find("pub struct Credentials").unwrap();
        let ctor = code.find("pub fn bearer_auth").unwrap();
        assert!(scheme < credentials && credentials < ctor, "{code}");
    }
}
