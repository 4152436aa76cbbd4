//! syn pass: the client runs on `client-runtime`. progenitor's empty
//! `ClientHooks` impl gets an `exec` that sends through the runtime
//! (retries, deadlines, body cap), `Client::new` builds the runtime's HTTP
//! client (same-origin redirects, `User-Agent`), and the constructors users
//! call are added.

use proc_macro2::TokenStream;
use quote::quote;

/// Apply the pass to `file`, progenitor's client.
pub fn apply(file: &mut syn::File) {
    for item in &mut file.items {
        let syn::Item::Impl(imp) = item else { continue };
        if is_hooks_impl(imp) {
            let exec: syn::ImplItem = syn::parse2(exec()).expect("valid Rust");
            imp.items = vec![exec];
        } else if is_client_impl(imp) {
            for inner in &mut imp.items {
                if let syn::ImplItem::Fn(f) = inner
                    && f.sig.ident == "new"
                {
                    f.block = new_body();
                    f.attrs.retain(|a| !a.path().is_ident("doc"));
                    f.attrs.splice(0..0, new_docs());
                }
            }
        }
    }
}

/// `impl ClientHooks<..> for &Client {}`.
fn is_hooks_impl(imp: &syn::ItemImpl) -> bool {
    imp.trait_
        .as_ref()
        .and_then(|(path, _)| path.segments.last())
        .is_some_and(|s| s.ident == "ClientHooks")
}

/// `impl Client { .. }` (no trait).
fn is_client_impl(imp: &syn::ItemImpl) -> bool {
    imp.trait_.is_none() && matches!(&*imp.self_ty, syn::Type::Path(p) if p.path.is_ident("Client"))
}

fn exec() -> TokenStream {
    quote! {
        /// Send through the runtime: retries, timeouts, deadline, body limit.
        async fn exec(
            &self,
            request: reqwest::Request,
            _info: &OperationInfo,
        ) -> reqwest::Result<reqwest::Response> {
            client_runtime::exec::execute(&self.client, &self.inner, request).await
        }
    }
}

fn new_body() -> syn::Block {
    syn::parse2(quote! {{
        let client = client_runtime::exec::http_client(inner.config(), USER_AGENT)
            .expect("a reqwest client with rustls and no custom TLS settings builds");
        Self::new_with_client(baseurl, client, inner)
    }})
    .expect("valid Rust")
}

fn new_docs() -> Vec<syn::Attribute> {
    let item: syn::ItemFn = syn::parse2(quote! {
        /// A client for `baseurl` (scheme, host, port and any path prefix)
        /// with the runtime's HTTP client: redirects followed on the same
        /// origin only, [`USER_AGENT`], and `inner`'s settings.
        fn f() {}
    })
    .expect("valid Rust");
    item.attrs
}

/// The constructors users call: with credentials (and settings), or with
/// settings alone for an API that declares no credentials.
pub fn constructors(authenticated: bool) -> TokenStream {
    if authenticated {
        quote! {
            impl Client {
                /// A client for `baseurl` that sends `credentials` with every
                /// request, with the runtime's default settings
                /// ([`client_runtime::Config`]).
                pub fn with_credentials(baseurl: &str, credentials: Credentials) -> Result<Self, reqwest::Error> {
                    Self::with_config(baseurl, credentials, client_runtime::Config::default())
                }

                /// A client for `baseurl` that sends `credentials` with every
                /// request, with `config`'s retries, limits and timeouts.
                pub fn with_config(
                    baseurl: &str,
                    credentials: Credentials,
                    config: client_runtime::Config,
                ) -> Result<Self, reqwest::Error> {
                    let http = client_runtime::exec::http_client(&config, USER_AGENT)?;
                    let inner = client_runtime::Inner::new(credentials, config);
                    Ok(Self::new_with_client(baseurl, http, inner))
                }
            }
        }
    } else {
        quote! {
            impl Client {
                /// A client for `baseurl` with `config`'s retries, limits and timeouts.
                pub fn with_config(baseurl: &str, config: client_runtime::Config) -> Result<Self, reqwest::Error> {
                    let http = client_runtime::exec::http_client(&config, USER_AGENT)?;
                    let inner = client_runtime::Inner::new(client_runtime::NoCredentials, config);
                    Ok(Self::new_with_client(baseurl, http, inner))
                }
            }
        }
    }
}
