//! syn pass: every paged operation's builder gets `items()`, a `Stream` of
//! its items over every page, walked by `client_runtime::paging` as the
//! operation's `x-pagination` says (`spec::pagination`).

use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use syn::visit_mut::{self, VisitMut};

use crate::codegen::names::{Case, typify_ident};
use crate::spec::pagination::Paged;
use client_runtime::paging::{Pagination, Style};

/// Add `items()` to the builder of each operation in `paged`.
pub fn apply(file: &mut syn::File, paged: &[Paged]) {
    if !paged.is_empty() {
        Pass { paged }.visit_file_mut(file);
    }
}

struct Pass<'a> {
    paged: &'a [Paged],
}

impl VisitMut for Pass<'_> {
    items_only!(mut);

    fn visit_item_impl_mut(&mut self, imp: &mut syn::ItemImpl) {
        let operation = imp.items.iter().find_map(|i| match i {
            syn::ImplItem::Fn(f) if f.sig.ident == "send" => {
                crate::codegen::progenitor::send_operation(&f.attrs)
            }
            _ => None,
        });
        let found = operation.and_then(|(method, path)| {
            self.paged
                .iter()
                .find(|p| p.method == method && p.path == path)
        });
        match found {
            Some(paged) => imp
                .items
                .push(syn::parse2(items_fn(paged)).expect("valid Rust")),
            None => visit_mut::visit_item_impl_mut(self, imp),
        }
    }
}

/// `pub fn items(self) -> Items<'a, types::Item>`.
fn items_fn(paged: &Paged) -> TokenStream {
    let item = format_ident!("{}", typify_ident(&paged.item, Case::Pascal));
    let description = description(&paged.pagination);
    let doc = format!(
        "Every item of every page, in order, each decoded on its own (a malformed one is one \
         `Err` item and the walk goes on). Pages {}. The first page is the request this builder \
         makes; see `client_runtime::paging` for the caps, loop checks and concurrency.",
        how(&paged.pagination)
    );
    quote! {
        #[doc = #doc]
        pub fn items(self) -> client_runtime::paging::Items<'a, types::#item> {
            static PAGINATION: client_runtime::paging::Pagination = #description;
            let client = self.client;
            client_runtime::paging::walk(&PAGINATION, &client.client, &client.inner, self.send())
        }
    }
}

/// How the operation pages, in words, for docs and the README.
pub fn how(p: &Pagination) -> String {
    let param = p.param.as_deref().unwrap_or_default();
    let mut out = match p.style {
        Style::Page => format!("by page number (`{param}`)"),
        Style::Offset => format!("by offset (`{param}`)"),
        Style::Cursor => format!("by cursor (`{param}`)"),
        Style::Link => "by next link".to_owned(),
        Style::Single => "as one page".to_owned(),
    };
    out.push_str(&format!(", items at `{}`", p.items));
    let signals: Vec<String> = p
        .pointers()
        .into_iter()
        .skip(1)
        .map(|(f, v)| format!("{f} `{v}`"))
        .collect();
    if !signals.is_empty() {
        out.push_str(&format!(", reading {}", signals.join(", ")));
    }
    if p.rebase_next {
        out.push_str("; a next link naming another origin is followed on the client's own");
    }
    if p.style == Style::Link && p.param.is_some() {
        out.push_str(&format!(
            "; by number (`{param}`), concurrently, when page 1 links to page 2"
        ));
    }
    out
}

/// The description as a `static` initialiser.
fn description(p: &Pagination) -> TokenStream {
    let style = format_ident!("{}", format!("{:?}", p.style));
    let text = |v: &Option<std::borrow::Cow<'static, str>>| match v {
        Some(v) => {
            let v = v.as_ref();
            quote!(Some(::std::borrow::Cow::Borrowed(#v)))
        }
        None => quote!(None),
    };
    let items = p.items.as_ref();
    let (param, size_param, next, cursor, cursor_item, has_more, total_pages, total_items) = (
        text(&p.param),
        text(&p.size_param),
        text(&p.next),
        text(&p.cursor),
        text(&p.cursor_item),
        text(&p.has_more),
        text(&p.total_pages),
        text(&p.total_items),
    );
    let rebase_next = p.rebase_next;
    let start = match p.start {
        Some(n) => quote!(Some(#n)),
        None => quote!(None),
    };
    quote! {
        client_runtime::paging::Pagination {
            style: client_runtime::paging::Style::#style,
            items: ::std::borrow::Cow::Borrowed(#items),
            param: #param,
            size_param: #size_param,
            start: #start,
            next: #next,
            rebase_next: #rebase_next,
            cursor: #cursor,
            cursor_item: #cursor_item,
            has_more: #has_more,
            total_pages: #total_pages,
            total_items: #total_items,
        }
    }
}
