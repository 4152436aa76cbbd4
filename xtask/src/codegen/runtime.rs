//! syn pass: the client runs on `client-runtime`. progenitor's empty
//! `ClientHooks` impl gets an `exec` that sends through the runtime
//! (retries, deadlines, body cap), `Client::new` builds the runtime's HTTP
//! client (same-origin redirects, `User-Agent`), and the constructors users
//! call are added.

use proc_macro2::TokenStream;
use quote::quote;

/// An operation's idempotency-key header: (METHOD, path, header name).
pub type KeyHeader = (String, String, String);

/// The header parameters of `doc` that carry an idempotency key (their name
/// says so), by operation.
pub fn idempotency_headers(doc: &serde_json::Value) -> Vec<KeyHeader> {
    crate::spec::walk::operations(doc)
        .filter_map(|(path, method, op)| {
            let name = op
                .get("parameters")?
                .as_array()?
                .iter()
                .filter(|p| p.get("in").and_then(serde_json::Value::as_str) == Some("header"))
                .filter_map(|p| p.get("name")?.as_str())
                .find(|n| n.to_ascii_lowercase().contains("idempotency"))?;
            Some((method.to_uppercase(), path.to_owned(), name.to_owned()))
        })
        .collect()
}

/// Apply the pass to `file`, progenitor's client or a part of it;
/// `operations` are the (operation id, header) pairs of every operation
/// whose requests carry an idempotency key ([`idempotency_keys`] over the
/// whole client).
pub fn apply(file: &mut syn::File, operations: &[(String, String)]) {
    for item in &mut file.items {
        let syn::Item::Impl(imp) = item else { continue };
        if is_hooks_impl(imp) {
            let exec: syn::ImplItem = syn::parse2(exec(operations)).expect("valid Rust");
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

/// Whether `item` is the hooks impl, whose `exec` needs every operation's
/// idempotency key: it is rewritten once the whole client has been read.
pub fn needs_every_operation(item: &syn::Item) -> bool {
    matches!(item, syn::Item::Impl(imp) if is_hooks_impl(imp))
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

/// (progenitor's operation id, header) for each operation of `file` in
/// `keys`, read from the `OperationInfo` in its builder's `send`.
pub fn idempotency_keys(file: &syn::File, keys: &[KeyHeader]) -> Vec<(String, String)> {
    let mut out = Vec::new();
    if keys.is_empty() {
        return out;
    }
    let mut sends = Vec::new();
    collect_sends(&file.items, &mut sends);
    for f in sends {
        let Some((method, path)) = crate::codegen::progenitor::send_operation(&f.attrs) else {
            continue;
        };
        let Some((_, _, header)) = keys.iter().find(|(m, p, _)| *m == method && *p == path) else {
            continue;
        };
        let body = quote!(#f).to_string();
        let id = body
            .split("operation_id :")
            .nth(1)
            .and_then(|rest| rest.split('"').nth(1));
        if let Some(id) = id {
            out.push((id.to_owned(), header.clone()));
        }
    }
    out
}

/// Every `send` method in `items`, nested modules included.
fn collect_sends<'a>(items: &'a [syn::Item], out: &mut Vec<&'a syn::ImplItemFn>) {
    for item in items {
        match item {
            syn::Item::Mod(m) => {
                collect_sends(m.content.as_ref().map(|c| &c.1[..]).unwrap_or(&[]), out)
            }
            syn::Item::Impl(imp) => out.extend(imp.items.iter().filter_map(|i| match i {
                syn::ImplItem::Fn(f) if f.sig.ident == "send" => Some(f),
                _ => None,
            })),
            _ => {}
        }
    }
}

fn exec(keys: &[(String, String)]) -> TokenStream {
    let ids = keys.iter().map(|(id, _)| id);
    let headers = keys.iter().map(|(_, h)| h);
    quote! {
        /// Send through the runtime: retries, timeouts, deadline, body limit;
        /// an idempotency key where the operation declares one.
        async fn exec(
            &self,
            request: reqwest::Request,
            info: &OperationInfo,
        ) -> reqwest::Result<reqwest::Response> {
            const IDEMPOTENCY_KEYS: &[(&str, &str)] = &[#((#ids, #headers)),*];
            let key = IDEMPOTENCY_KEYS
                .iter()
                .find(|(id, _)| *id == info.operation_id)
                .map(|(_, header)| *header);
            client_runtime::exec::execute(&self.client, &self.inner, request, key).await
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
