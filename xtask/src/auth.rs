//! Authentication code, generated from the spec's `securitySchemes` (which
//! progenitor ignores): a `Credentials` type with one constructor per scheme,
//! and the pre-request hook that puts the credential on every request.
//!
//! Supported: `http` bearer, `apiKey` in a header, and `oauth2`/`openIdConnect`
//! as a bearer access token. Not generated (with a notice): `http` basic and
//! other http schemes, `apiKey` in a query (the key would appear in URLs, which
//! reqwest puts in its error messages) or cookie, `mutualTLS`.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use serde_json::Value;

use crate::diag::{Notice, PointerError, child};
use crate::names::{pascal, snake};

/// One supported security scheme.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scheme {
    /// Key in `components.securitySchemes`.
    pub name: String,
    /// Header the credential goes in, lower-case.
    pub header: String,
    /// Whether the value is sent as `Bearer <token>`.
    pub bearer: bool,
    /// The spec's description, for the constructor's docs.
    pub description: Option<String>,
}

/// The supported schemes declared in `doc`, in spec order.
pub fn schemes(doc: &Value, notices: &mut Vec<Notice>) -> Result<Vec<Scheme>, PointerError> {
    let Some(declared) = doc
        .pointer("/components/securitySchemes")
        .and_then(Value::as_object)
    else {
        return Ok(Vec::new());
    };
    let mut out = Vec::new();
    for (name, s) in declared {
        let ptr = child("/components/securitySchemes", name);
        let kind = s.get("type").and_then(Value::as_str).unwrap_or_default();
        let description = s
            .get("description")
            .and_then(Value::as_str)
            .map(str::to_owned);
        let http_scheme = s
            .get("scheme")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_ascii_lowercase();
        let location = s.get("in").and_then(Value::as_str).unwrap_or_default();
        let scheme = match (kind, http_scheme.as_str(), location) {
            ("http", "bearer", _) | ("oauth2" | "openIdConnect", _, _) => Some(Scheme {
                name: name.clone(),
                header: "authorization".into(),
                bearer: true,
                description,
            }),
            ("apiKey", _, "header") => {
                let header = s
                    .get("name")
                    .and_then(Value::as_str)
                    .unwrap_or_default()
                    .to_ascii_lowercase();
                if header.is_empty()
                    || !header
                        .bytes()
                        .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
                {
                    return Err(PointerError::new(
                        child(&ptr, "name"),
                        format!("`{header}` is not a valid HTTP header name"),
                    ));
                }
                Some(Scheme {
                    name: name.clone(),
                    header,
                    bearer: false,
                    description,
                })
            }
            _ => None,
        };
        match scheme {
            Some(s) => out.push(s),
            None => notices.push(Notice::new(
                ptr,
                format!("security scheme `{name}` ({kind} {http_scheme}{location}) is not generated: attach it with `Client::new_with_client` and a reqwest client carrying default headers"),
            )),
        }
    }
    Ok(out)
}

/// The `auth` module of a generated crate.
pub fn module(schemes: &[Scheme]) -> TokenStream {
    let variants: Vec<_> = schemes
        .iter()
        .map(|s| format_ident!("{}", pascal(&s.name)))
        .collect();
    let spec_names: Vec<_> = schemes.iter().map(|s| s.name.as_str()).collect();
    let headers: Vec<_> = schemes.iter().map(|s| s.header.as_str()).collect();
    let variant_docs: Vec<_> = schemes
        .iter()
        .map(|s| {
            let form = if s.bearer {
                "`Authorization: Bearer <token>`".to_owned()
            } else {
                format!("`{}: <key>`", s.header)
            };
            format!("Security scheme `{}`: {form}.", s.name)
        })
        .collect();
    let constructors = schemes.iter().zip(&variants).map(|(s, variant)| {
        let ctor = format_ident!("{}", snake(&s.name));
        let mut doc = if s.bearer {
            format!(
                "A bearer token for security scheme `{}`, sent as `Authorization: Bearer <token>`.",
                s.name
            )
        } else {
            format!(
                "An API key for security scheme `{}`, sent as the `{}` header.",
                s.name, s.header
            )
        };
        if let Some(d) = &s.description {
            doc.push_str("\n\nThe spec says: ");
            doc.push_str(d.trim());
        }
        let value = if s.bearer {
            quote!(format!("Bearer {secret}"))
        } else {
            quote!(secret.to_owned())
        };
        quote! {
            #[doc = #doc]
            ///
            /// Fails if the secret holds characters an HTTP header cannot carry; the
            /// error does not include the secret.
            pub fn #ctor(secret: &str) -> Result<Self, InvalidCredentials> {
                Self::new(Scheme::#variant, #value)
            }
        }
    });
    quote! {
        //! Credentials, generated from the spec's `securitySchemes`.
        //!
        //! Every request the [`Client`](crate::Client) sends carries its credential.
        //! The secret is kept in a header value marked sensitive and never appears
        //! in `Debug` output or error messages.

        use std::fmt;

        use reqwest::header::{HeaderName, HeaderValue};

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

            /// The HTTP header this scheme sends the credential in.
            pub fn header_name(self) -> &'static str {
                match self { #(Scheme::#variants => #headers,)* }
            }
        }

        /// A credential for one security scheme. `Debug` shows the scheme, never the secret.
        #[derive(Clone)]
        pub struct Credentials {
            scheme: Scheme,
            header: HeaderValue,
        }

        impl Credentials {
            #(#constructors)*

            fn new(scheme: Scheme, value: String) -> Result<Self, InvalidCredentials> {
                let mut header = HeaderValue::from_str(&value).map_err(|_| InvalidCredentials { scheme })?;
                header.set_sensitive(true);
                Ok(Self { scheme, header })
            }

            /// The scheme this credential is for.
            pub fn scheme(&self) -> Scheme {
                self.scheme
            }
        }

        impl fmt::Debug for Credentials {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.debug_struct("Credentials")
                    .field("scheme", &self.scheme)
                    .field("secret", &"<redacted>")
                    .finish()
            }
        }

        /// A secret that cannot be sent in an HTTP header. Names the scheme, never the secret.
        #[derive(Clone, Debug, PartialEq, Eq)]
        pub struct InvalidCredentials {
            scheme: Scheme,
        }

        impl fmt::Display for InvalidCredentials {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(
                    f,
                    "the credential for security scheme `{}` contains characters an HTTP header cannot carry",
                    self.scheme.spec_name()
                )
            }
        }

        impl std::error::Error for InvalidCredentials {}

        impl Credentials {
            /// Put this credential on a request built by hand (following a `next`
            /// link, say), exactly as every generated operation does.
            pub fn apply_to(&self, request: &mut reqwest::Request) {
                request.headers_mut().insert(
                    HeaderName::from_static(self.scheme.header_name()),
                    self.header.clone(),
                );
            }
        }

        /// The pre-request hook of every operation: puts the credential on the
        /// request, and removes the `api-version` header progenitor adds, which
        /// the vendor's API does not define.
        pub(crate) fn authorize(credentials: &Credentials, request: &mut reqwest::Request) {
            request.headers_mut().remove("api-version");
            credentials.apply_to(request);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn bearer_api_key_header_and_oauth_are_supported_basic_and_query_keys_are_not() {
        let doc = json!({"components": {"securitySchemes": {
            "bearerAuth": {"type": "http", "scheme": "bearer"},
            "api_key": {"type": "apiKey", "in": "header", "name": "X-CEKURA-API-KEY"},
            "oauth": {"type": "oauth2", "flows": {}},
            "basic": {"type": "http", "scheme": "basic"},
            "q": {"type": "apiKey", "in": "query", "name": "key"}
        }}});
        let mut n = Vec::new();
        let s = schemes(&doc, &mut n).unwrap();
        let got: Vec<_> = s
            .iter()
            .map(|s| (s.name.as_str(), s.header.as_str(), s.bearer))
            .collect();
        assert_eq!(
            got,
            [
                ("bearerAuth", "authorization", true),
                ("api_key", "x-cekura-api-key", false),
                ("oauth", "authorization", true)
            ]
        );
        let skipped: Vec<_> = n.iter().map(|n| n.pointer.as_str()).collect();
        assert_eq!(
            skipped,
            [
                "/components/securitySchemes/basic",
                "/components/securitySchemes/q"
            ]
        );
    }

    #[test]
    fn an_invalid_header_name_is_an_error_at_the_scheme() {
        let doc = json!({"components": {"securitySchemes": {"k": {"type": "apiKey", "in": "header", "name": "bad name"}}}});
        let err = schemes(&doc, &mut Vec::new()).unwrap_err();
        assert_eq!(err.pointer, "/components/securitySchemes/k/name");
    }

    #[test]
    fn the_module_has_one_constructor_per_scheme() {
        let s = vec![
            Scheme {
                name: "bearerAuth".into(),
                header: "authorization".into(),
                bearer: true,
                description: None,
            },
            Scheme {
                name: "apiKeyHeader".into(),
                header: "x-api-key".into(),
                bearer: false,
                description: None,
            },
        ];
        let code = module(&s).to_string();
        assert!(code.contains("pub fn bearer_auth"), "{code}");
        assert!(code.contains("pub fn api_key_header"));
        assert!(code.contains("\"x-api-key\""));
    }
}
