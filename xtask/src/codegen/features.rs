//! syn pass: operations, and the types only some operations need, behind the
//! crate's Cargo features (`spec::features`), so a user compiles what they use.
//!
//! Each operation's builder and its `Client` method get
//! `#[cfg(any(feature = …))]` over the operation's groups. A type (with its
//! impls, its builder and the `defaults` functions its fields name) is needed
//! by every group whose operations reach it through the types they mention,
//! transitively; it is compiled when any of those is on. Types no operation
//! reaches (webhook payloads, say) are behind `other-types`. Anything else
//! mentioning a type keeps that type always compiled. A name is matched as an
//! identifier anywhere in an item, so the closure can only be too large,
//! never too small.

use std::cell::RefCell;
use std::collections::{BTreeSet, HashMap};

use proc_macro2::{TokenStream, TokenTree};
use syn::visit::{self, Visit};

use crate::spec::features::Groups;

/// The feature for types no operation uses.
pub const OTHER_TYPES: &str = "other-types";

/// What the pass found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Gating {
    /// Some types are used by no operation: the crate has `other-types`.
    pub other_types: bool,
}

/// Gate the operations and types of progenitor's client in `file` by `groups`.
pub fn gate(file: &mut syn::File, groups: &Groups) -> Gating {
    let builders = operation_groups(file, groups);
    let graph = Graph::of(file);
    let mut needs = Needs::new(graph.nodes.len(), groups.0.len());
    for item in &file.items {
        match item {
            syn::Item::Mod(m) if m.ident == "types" => {}
            syn::Item::Mod(m) if m.ident == "builder" => {
                for inner in module_items(m) {
                    let used = graph.mentioned(inner);
                    match owner(inner).and_then(|o| builders.get(&o)) {
                        Some(op) => needs.by_groups(op, used),
                        None => needs.always(used),
                    }
                }
            }
            syn::Item::Impl(imp) if is_client_impl(imp) => {
                for impl_item in &imp.items {
                    let used = graph.mentioned(impl_item);
                    match builder_returned(impl_item).and_then(|b| builders.get(&b)) {
                        Some(op) => needs.by_groups(op, used),
                        None => needs.always(used),
                    }
                }
            }
            other => needs.always(graph.mentioned(other)),
        }
    }
    let need = needs.spread(&graph);
    let features = Features::new(groups, need.other_types);
    annotate(file, &graph, &need, &builders, &features);
    if !groups.0.is_empty() {
        // With no group on there are no operations: what only they use
        // (the builders' imports, the credentials hook) is unused then.
        let names = groups.0.iter().map(|g| g.feature.as_str());
        file.attrs.push(syn::parse_quote! {
            #![cfg_attr(not(any(#(feature = #names),*)), allow(dead_code, unused_imports))]
        });
    }
    Gating {
        other_types: need.other_types,
    }
}

/// Feature names by index (the groups', then `other-types` if present), and
/// the `cfg` attribute of each set of them made so far.
struct Features {
    names: Vec<String>,
    made: RefCell<HashMap<BTreeSet<usize>, Option<syn::Attribute>>>,
}

impl Features {
    fn new(groups: &Groups, other_types: bool) -> Self {
        let mut names: Vec<String> = groups.0.iter().map(|g| g.feature.clone()).collect();
        if other_types {
            names.push(OTHER_TYPES.to_owned());
        }
        Self {
            names,
            made: RefCell::default(),
        }
    }

    /// `#[cfg(any(feature = …))]` for `set`; none when `set` is every
    /// feature (or none: nothing is ever gated off entirely).
    fn cfg(&self, set: &BTreeSet<usize>) -> Option<syn::Attribute> {
        if set.is_empty() || set.len() == self.names.len() {
            return None;
        }
        let mut made = self.made.borrow_mut();
        made.entry(set.clone())
            .or_insert_with(|| {
                let names = set.iter().map(|&i| self.names[i].as_str());
                Some(if set.len() == 1 {
                    let name = names.into_iter().next().expect("one");
                    syn::parse_quote!(#[cfg(feature = #name)])
                } else {
                    syn::parse_quote!(#[cfg(any(#(feature = #names),*))])
                })
            })
            .clone()
    }
}

/// The groups of each operation builder (by its struct's name), read from
/// the `send` doc progenitor writes ("Sends a `GET` request to `/path`").
fn operation_groups(file: &syn::File, groups: &Groups) -> HashMap<String, BTreeSet<usize>> {
    let mut out = HashMap::new();
    for item in &file.items {
        let syn::Item::Mod(m) = item else { continue };
        if m.ident != "builder" {
            continue;
        }
        for inner in module_items(m) {
            let syn::Item::Impl(imp) = inner else {
                continue;
            };
            let sent = imp.items.iter().find_map(|i| match i {
                syn::ImplItem::Fn(f) if f.sig.ident == "send" => {
                    crate::codegen::progenitor::send_operation(&f.attrs)
                }
                _ => None,
            });
            if let (Some((method, path)), Some(name)) = (sent, owner(inner)) {
                out.insert(name, groups.of(&method, &path).into_iter().collect());
            }
        }
    }
    out
}

/// The type (or `defaults` function) an item of the `types` module, or the
/// builder an item of the `builder` module, belongs to.
fn owner(item: &syn::Item) -> Option<String> {
    match item {
        syn::Item::Struct(s) => Some(s.ident.to_string()),
        syn::Item::Enum(e) => Some(e.ident.to_string()),
        syn::Item::Type(t) => Some(t.ident.to_string()),
        syn::Item::Union(u) => Some(u.ident.to_string()),
        syn::Item::Fn(f) => Some(f.sig.ident.to_string()),
        syn::Item::Impl(imp) => match &*imp.self_ty {
            syn::Type::Path(p) => p.path.segments.last().map(|s| s.ident.to_string()),
            _ => None,
        },
        _ => None,
    }
}

fn module_items(m: &syn::ItemMod) -> impl Iterator<Item = &syn::Item> {
    m.content.iter().flat_map(|(_, items)| items)
}

/// `impl Client { … }` (not a trait impl).
fn is_client_impl(imp: &syn::ItemImpl) -> bool {
    imp.trait_.is_none() && matches!(&*imp.self_ty, syn::Type::Path(p) if p.path.is_ident("Client"))
}

/// `X` of a `Client` method returning `builder::X<'_>`.
fn builder_returned(item: &syn::ImplItem) -> Option<String> {
    let syn::ImplItem::Fn(f) = item else {
        return None;
    };
    let syn::ReturnType::Type(_, ty) = &f.sig.output else {
        return None;
    };
    let syn::Type::Path(p) = &**ty else {
        return None;
    };
    let segments: Vec<_> = p.path.segments.iter().collect();
    match segments.as_slice() {
        [module, builder] if module.ident == "builder" => Some(builder.ident.to_string()),
        _ => None,
    }
}

/// The types of the `types` module (and its `defaults` functions, keyed
/// `defaults::name`) and which of them each one mentions.
struct Graph {
    index: HashMap<String, usize>,
    nodes: Vec<Vec<usize>>,
}

/// Where an item of the `types` module sits.
#[derive(Clone, Copy)]
enum Place {
    /// Directly in `types` or in `types::builder`: keyed by its type's name.
    Type,
    /// In `types::defaults`: keyed `defaults::name`.
    Default,
}

impl Graph {
    fn of(file: &syn::File) -> Self {
        let mut graph = Graph {
            index: HashMap::new(),
            nodes: Vec::new(),
        };
        let items = types_items(file);
        for (place, item) in &items {
            if let Some(key) = key(*place, item) {
                let next = graph.index.len();
                graph.index.entry(key).or_insert(next);
            }
        }
        graph.nodes = vec![Vec::new(); graph.index.len()];
        for (place, item) in &items {
            let Some(node) = key(*place, item).map(|k| graph.index[&k]) else {
                continue;
            };
            let mentioned = graph.mentioned(*item);
            graph.nodes[node].extend(mentioned.into_iter().filter(|&m| m != node));
        }
        for edges in &mut graph.nodes {
            edges.sort_unstable();
            edges.dedup();
        }
        graph
    }

    /// The nodes `item` mentions.
    fn mentioned<T: Mentions>(&self, item: &T) -> BTreeSet<usize> {
        let mut names = Names {
            graph: self,
            found: BTreeSet::new(),
            buffer: String::new(),
        };
        item.visit(&mut names);
        names.found
    }
}

/// The items of the `types` module and its `builder` and `defaults` modules,
/// with where each sits (`error` and anything else is left ungated).
fn types_items(file: &syn::File) -> Vec<(Place, &syn::Item)> {
    let mut out = Vec::new();
    let types = file.items.iter().find_map(|i| match i {
        syn::Item::Mod(m) if m.ident == "types" => Some(m),
        _ => None,
    });
    for item in types.into_iter().flat_map(module_items) {
        match item {
            syn::Item::Mod(m) if m.ident == "builder" => {
                out.extend(module_items(m).map(|i| (Place::Type, i)));
            }
            syn::Item::Mod(m) if m.ident == "defaults" => {
                out.extend(module_items(m).map(|i| (Place::Default, i)));
            }
            syn::Item::Mod(_) => {}
            _ => out.push((Place::Type, item)),
        }
    }
    out
}

fn key(place: Place, item: &syn::Item) -> Option<String> {
    let name = owner(item)?;
    Some(match place {
        Place::Type => name,
        Place::Default => format!("defaults::{name}"),
    })
}

/// Something names can be collected from.
trait Mentions {
    fn visit(&self, names: &mut Names<'_>);
}

impl Mentions for syn::Item {
    fn visit(&self, names: &mut Names<'_>) {
        names.visit_item(self);
    }
}

impl Mentions for syn::ImplItem {
    fn visit(&self, names: &mut Names<'_>) {
        names.visit_impl_item(self);
    }
}

/// Collects the graph's nodes named by identifiers, and `defaults::name` in
/// attribute strings, anywhere in what it visits (macro tokens and `serde`
/// attributes, where field defaults are named, included).
struct Names<'a> {
    graph: &'a Graph,
    found: BTreeSet<usize>,
    /// An identifier's text, reused: millions are looked up.
    buffer: String,
}

impl Names<'_> {
    fn name(&mut self, name: &str) {
        if let Some(&node) = self.graph.index.get(name) {
            self.found.insert(node);
        }
    }

    fn ident(&mut self, ident: &proc_macro2::Ident) {
        use std::fmt::Write as _;
        let mut buffer = std::mem::take(&mut self.buffer);
        buffer.clear();
        let _ = write!(buffer, "{ident}");
        self.name(&buffer);
        self.buffer = buffer;
    }

    fn tokens(&mut self, tokens: &TokenStream) {
        for tree in tokens.clone() {
            match tree {
                TokenTree::Ident(ident) => self.ident(&ident),
                TokenTree::Group(group) => self.tokens(&group.stream()),
                TokenTree::Literal(lit) => self.defaults_in(&lit.to_string()),
                TokenTree::Punct(_) => {}
            }
        }
    }

    /// `defaults::name` inside a string such as `"defaults::name::<T, 1>"`.
    fn defaults_in(&mut self, text: &str) {
        for (at, _) in text.match_indices("defaults::") {
            let rest = &text[at..];
            let end = "defaults::".len()
                + rest["defaults::".len()..]
                    .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                    .unwrap_or(rest.len() - "defaults::".len());
            self.name(&rest[..end]);
        }
    }
}

impl<'ast> Visit<'ast> for Names<'_> {
    fn visit_ident(&mut self, ident: &'ast proc_macro2::Ident) {
        self.ident(ident);
    }

    fn visit_attribute(&mut self, attr: &'ast syn::Attribute) {
        // Derives, docs, lints and cfgs name no type of the spec.
        if let syn::Meta::List(list) = &attr.meta
            && list.path.is_ident("serde")
        {
            self.tokens(&list.tokens);
        }
    }

    fn visit_macro(&mut self, mac: &'ast syn::Macro) {
        visit::visit_macro(self, mac);
        self.tokens(&mac.tokens);
    }

    fn visit_lit_str(&mut self, lit: &'ast syn::LitStr) {
        self.defaults_in(&lit.value());
    }
}

/// Which groups need each node, before and after following the graph.
struct Needs {
    /// Per node: the groups whose operations mention it.
    by_group: Vec<BTreeSet<usize>>,
    /// Nodes mentioned by ungated code.
    always: Vec<bool>,
    groups: usize,
}

/// Which features need each node, the graph followed.
struct Need {
    features: Vec<BTreeSet<usize>>,
    always: Vec<bool>,
    other_types: bool,
}

impl Needs {
    fn new(nodes: usize, groups: usize) -> Self {
        Self {
            by_group: vec![BTreeSet::new(); nodes],
            always: vec![false; nodes],
            groups,
        }
    }

    fn by_groups(&mut self, groups: &BTreeSet<usize>, nodes: BTreeSet<usize>) {
        for node in nodes {
            self.by_group[node].extend(groups);
        }
    }

    fn always(&mut self, nodes: BTreeSet<usize>) {
        for node in nodes {
            self.always[node] = true;
        }
    }

    /// Follow the graph from each group's nodes, then from the nodes no group
    /// and nothing ungated reaches (`other-types`, the feature after the
    /// groups).
    fn spread(self, graph: &Graph) -> Need {
        let n = graph.nodes.len();
        let mut features = vec![BTreeSet::new(); n];
        for group in 0..self.groups {
            let roots = (0..n).filter(|&i| self.by_group[i].contains(&group));
            for node in reach(graph, roots) {
                features[node].insert(group);
            }
        }
        let always = reach(graph, (0..n).filter(|&i| self.always[i]));
        let mut always_set = vec![false; n];
        for node in always {
            always_set[node] = true;
        }
        let orphans: Vec<usize> = (0..n)
            .filter(|&i| features[i].is_empty() && !always_set[i])
            .collect();
        let other_types = !orphans.is_empty();
        for node in reach(graph, orphans.into_iter()) {
            features[node].insert(self.groups);
        }
        Need {
            features,
            always: always_set,
            other_types,
        }
    }
}

/// Every node reachable from `roots`, the roots included.
fn reach(graph: &Graph, roots: impl Iterator<Item = usize>) -> Vec<usize> {
    let mut seen = vec![false; graph.nodes.len()];
    let mut stack: Vec<usize> = roots.collect();
    let mut out = Vec::new();
    while let Some(node) = stack.pop() {
        if std::mem::replace(&mut seen[node], true) {
            continue;
        }
        out.push(node);
        stack.extend(graph.nodes[node].iter().copied().filter(|&m| !seen[m]));
    }
    out
}

/// Put the `cfg` attributes on the items.
fn annotate(
    file: &mut syn::File,
    graph: &Graph,
    need: &Need,
    builders: &HashMap<String, BTreeSet<usize>>,
    features: &Features,
) {
    let node_cfg = |place: Place, item: &syn::Item| {
        let node = graph.index[&key(place, item)?];
        if need.always[node] {
            return None;
        }
        features.cfg(&need.features[node])
    };
    for item in &mut file.items {
        match item {
            syn::Item::Mod(m) if m.ident == "types" => {
                for inner in module_items_mut(m) {
                    match inner {
                        syn::Item::Mod(sub) if sub.ident == "builder" => {
                            for i in module_items_mut(sub) {
                                let cfg = node_cfg(Place::Type, i);
                                push(i, cfg);
                            }
                        }
                        syn::Item::Mod(sub) if sub.ident == "defaults" => {
                            for i in module_items_mut(sub) {
                                let cfg = node_cfg(Place::Default, i);
                                push(i, cfg);
                            }
                        }
                        syn::Item::Mod(_) => {}
                        other => {
                            let cfg = node_cfg(Place::Type, other);
                            push(other, cfg);
                        }
                    }
                }
            }
            syn::Item::Mod(m) if m.ident == "builder" => {
                for inner in module_items_mut(m) {
                    let cfg = owner(inner)
                        .and_then(|o| builders.get(&o))
                        .and_then(|g| features.cfg(g));
                    push(inner, cfg);
                }
            }
            syn::Item::Impl(imp) if is_client_impl(imp) => {
                for impl_item in &mut imp.items {
                    let cfg = builder_returned(impl_item)
                        .and_then(|b| builders.get(&b))
                        .and_then(|g| features.cfg(g));
                    if let (Some(cfg), syn::ImplItem::Fn(f)) = (cfg, impl_item) {
                        f.attrs.insert(0, cfg);
                    }
                }
            }
            _ => {}
        }
    }
}

fn module_items_mut(m: &mut syn::ItemMod) -> impl Iterator<Item = &mut syn::Item> {
    m.content.iter_mut().flat_map(|(_, items)| items)
}

/// Put `cfg` first among `item`'s attributes.
fn push(item: &mut syn::Item, cfg: Option<syn::Attribute>) {
    let Some(cfg) = cfg else { return };
    let attrs = match item {
        syn::Item::Struct(s) => &mut s.attrs,
        syn::Item::Enum(e) => &mut e.attrs,
        syn::Item::Type(t) => &mut t.attrs,
        syn::Item::Union(u) => &mut u.attrs,
        syn::Item::Fn(f) => &mut f.attrs,
        syn::Item::Impl(i) => &mut i.attrs,
        _ => return,
    };
    attrs.insert(0, cfg);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spec::features::Group;
    use quote::ToTokens;

    fn groups() -> Groups {
        let group = |feature: &str, path: &str| Group {
            feature: feature.to_owned(),
            from: vec![feature.to_owned()],
            operations: vec![("GET".to_owned(), path.to_owned())],
        };
        Groups(vec![
            group("others", "/others"),
            group("plans", "/plans"),
            group("subs", "/subs"),
        ])
    }

    /// progenitor's shape: types (with their builders and defaults), the
    /// client's methods, the operation builders.
    fn client() -> syn::File {
        syn::parse_quote! {
            pub mod types {
                pub struct Plan { pub price: Price }
                impl Plan { pub fn builder() -> builder::Plan { Default::default() } }
                pub struct Price {
                    #[serde(default = "defaults::price_currency")]
                    pub currency: String,
                }
                pub struct Sub { pub plan: Plan }
                pub struct Shared {}
                pub struct Webhook { pub sub: Sub }
                pub struct Lonely {}
                pub struct Kept {}
                pub mod builder {
                    pub struct Plan { price: Result<super::Price, String> }
                    impl ::std::convert::TryFrom<Plan> for super::Plan {
                        type Error = String;
                        fn try_from(value: Plan) -> Result<Self, String> { todo!() }
                    }
                }
                pub mod defaults {
                    pub(super) fn price_currency() -> String { "usd".into() }
                }
                pub mod error {
                    pub struct ConversionError;
                }
            }
            pub const KEPT: Option<types::Kept> = None;
            pub struct Client {}
            impl Client {
                pub fn new() -> Self { Client {} }
                pub fn list_plans(&self) -> builder::ListPlans<'_> { builder::ListPlans::new(self) }
                pub fn get_sub(&self) -> builder::GetSub<'_> { builder::GetSub::new(self) }
                pub fn others(&self) -> builder::Others<'_> { builder::Others::new(self) }
            }
            pub mod builder {
                use super::types;
                pub struct ListPlans<'a> { client: &'a super::Client }
                impl<'a> ListPlans<'a> {
                    #[doc = "Sends a `GET` request to `/plans`"]
                    pub async fn send(self) -> Result<Vec<types::Plan>, ()> { todo!() }
                }
                pub struct GetSub<'a> { client: &'a super::Client }
                impl<'a> GetSub<'a> {
                    #[doc = "Sends a `GET` request to `/subs`"]
                    pub async fn send(self) -> Result<(types::Sub, types::Shared), ()> { todo!() }
                }
                pub struct Others<'a> { client: &'a super::Client }
                impl<'a> Others<'a> {
                    #[doc = "Sends a `GET` request to `/others`"]
                    pub async fn send(self) -> Result<types::Shared, ()> { todo!() }
                }
            }
        }
    }

    /// The `cfg` on the item `path` names (`types::Plan`, `impl types::Plan`,
    /// `types::builder::Plan`, `Client::list_plans`…), without spaces.
    fn cfg(file: &syn::File, path: &str) -> Option<String> {
        let (implementation, path) = match path.strip_prefix("impl ") {
            Some(rest) => (true, rest),
            None => (false, path),
        };
        let parts: Vec<&str> = path.split("::").collect();
        let mut items = &file.items;
        for module in &parts[..parts.len() - 1] {
            if *module == "Client" {
                let method = parts[parts.len() - 1];
                let f = items.iter().find_map(|i| match i {
                    syn::Item::Impl(imp) if is_client_impl(imp) => {
                        imp.items.iter().find_map(|ii| match ii {
                            syn::ImplItem::Fn(f) if f.sig.ident == method => Some(f),
                            _ => None,
                        })
                    }
                    _ => None,
                })?;
                return first_cfg(&f.attrs);
            }
            items = items
                .iter()
                .find_map(|i| match i {
                    syn::Item::Mod(m) if m.ident == module => m.content.as_ref().map(|c| &c.1),
                    _ => None,
                })
                .expect("module");
        }
        let name = parts[parts.len() - 1];
        let item = items
            .iter()
            .find(|i| {
                owner(i).as_deref() == Some(name)
                    && matches!(i, syn::Item::Impl(_)) == implementation
            })
            .expect("item");
        let attrs = match item {
            syn::Item::Struct(s) => &s.attrs,
            syn::Item::Impl(i) => &i.attrs,
            syn::Item::Fn(f) => &f.attrs,
            _ => unreachable!(),
        };
        first_cfg(attrs)
    }

    fn first_cfg(attrs: &[syn::Attribute]) -> Option<String> {
        attrs
            .iter()
            .find(|a| a.path().is_ident("cfg"))
            .map(|a| a.meta.to_token_stream().to_string().replace(' ', ""))
    }

    fn gated() -> (syn::File, Gating) {
        let mut file = client();
        let gating = gate(&mut file, &groups());
        (file, gating)
    }

    #[test]
    fn an_operation_is_gated_by_its_group() {
        let (file, _) = gated();
        let plans = Some(r#"cfg(feature="plans")"#.to_owned());
        assert_eq!(cfg(&file, "Client::list_plans"), plans);
        assert_eq!(cfg(&file, "builder::ListPlans"), plans);
        assert_eq!(cfg(&file, "impl builder::ListPlans"), plans);
        assert_eq!(cfg(&file, "Client::new"), None);
    }

    #[test]
    fn a_type_is_compiled_for_every_group_that_reaches_it() {
        let (file, _) = gated();
        let shared = Some(r#"cfg(any(feature="others",feature="subs"))"#.to_owned());
        assert_eq!(cfg(&file, "types::Shared"), shared);
        // `Sub` mentions `Plan`, `Plan` mentions `Price`, whose field's
        // default is a function: all follow, builder and impls included.
        let plan =
            Some(r#"cfg(any(feature="plans",feature="subs",feature="other-types"))"#.to_owned());
        for item in [
            "types::Plan",
            "impl types::Plan",
            "types::Price",
            "types::builder::Plan",
            "impl types::builder::Plan",
            "types::defaults::price_currency",
        ] {
            assert_eq!(cfg(&file, item), plan, "{item}");
        }
    }

    #[test]
    fn types_no_operation_uses_are_behind_other_types() {
        let (file, gating) = gated();
        assert!(gating.other_types);
        let other = Some(r#"cfg(feature="other-types")"#.to_owned());
        assert_eq!(cfg(&file, "types::Lonely"), other);
        assert_eq!(cfg(&file, "types::Webhook"), other);
        // what an orphan mentions is compiled with it too
        assert_eq!(
            cfg(&file, "types::Sub"),
            Some(r#"cfg(any(feature="subs",feature="other-types"))"#.to_owned())
        );
    }

    #[test]
    fn what_ungated_code_mentions_is_never_gated() {
        let (file, _) = gated();
        assert_eq!(cfg(&file, "types::Kept"), None);
    }

    #[test]
    fn a_build_without_operations_allows_what_only_they_use() {
        let (file, _) = gated();
        let inner = file.attrs.last().expect("an inner attribute");
        assert_eq!(
            inner.meta.to_token_stream().to_string().replace(' ', ""),
            r#"cfg_attr(not(any(feature="others",feature="plans",feature="subs")),allow(dead_code,unused_imports))"#
        );
    }

    #[test]
    fn without_orphans_there_is_no_other_types() {
        let mut file: syn::File = syn::parse_quote! {
            pub mod types { pub struct Plan {} }
            pub mod builder {
                pub struct ListPlans {}
                impl ListPlans {
                    #[doc = "Sends a `GET` request to `/plans`"]
                    pub async fn send(self) -> types::Plan { todo!() }
                }
            }
        };
        let gating = gate(&mut file, &groups());
        assert!(!gating.other_types);
        assert_eq!(
            cfg(&file, "types::Plan"),
            Some(r#"cfg(feature="plans")"#.to_owned())
        );
    }
}
