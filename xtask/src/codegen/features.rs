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
//!
//! The client is printed a piece at a time (`codegen::emit`), before every
//! item has been seen: [`Gatherer::gather`] records what each item mentions
//! and puts a placeholder attribute where its `cfg` may go, and once the
//! whole client is in, [`Gates::write`] replaces each placeholder's line in
//! the printed text with the `cfg` (or with nothing).

use std::cell::RefCell;
use std::collections::{BTreeSet, HashMap};

use proc_macro2::{TokenStream, TokenTree};
use syn::visit::{self, Visit};

use crate::spec::features::Groups;

/// The feature for types no operation uses.
pub const OTHER_TYPES: &str = "other-types";

/// The placeholder's name: `#[cfg(__feature_gate = N)]`, N the gate's number.
const PLACEHOLDER: &str = "__feature_gate";

/// What the pass found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Gating {
    /// Some types are used by no operation: the crate has `other-types`.
    pub other_types: bool,
}

/// What each item of the client mentions, gathered item by item.
pub struct Gatherer<'g> {
    groups: &'g Groups,
    /// Every name met, numbered.
    names: HashMap<String, u32>,
    /// The items of the `types` module (and its `builder` and `defaults`):
    /// the name they are keyed by, and the names they mention.
    types: Vec<(u32, Vec<u32>)>,
    /// Operation code and ungated code, and the names they mention.
    roots: Vec<(Root, Vec<u32>)>,
    /// The groups of each operation builder (by its struct's name).
    builders: HashMap<String, BTreeSet<usize>>,
    /// What decides each placeholder, with its number.
    gates: Vec<(usize, Gate)>,
    /// The next placeholder's number, and the step to the one after: a
    /// gatherer in lane `i` of `n` numbers `i`, `i + n`, … so the lanes'
    /// placeholders never collide when one absorbs the others.
    next: usize,
    step: usize,
    /// An identifier's text, reused: millions are looked up.
    buffer: String,
    /// By name: the number of the last item found to mention it, so each
    /// item lists a name once without sorting what it mentions.
    seen: Vec<u64>,
    stamp: u64,
}

/// Where mentions come from.
enum Root {
    /// The operation whose builder has this name.
    Operation(String),
    /// Code compiled whatever the features.
    Always,
}

/// What decides a placeholder's `cfg`.
enum Gate {
    /// The type node keyed by this name.
    Type(u32),
    /// The operation whose builder has this name.
    Operation(String),
}

/// Where an item of the `types` module sits.
#[derive(Clone, Copy)]
enum Place {
    /// Directly in `types` or in `types::builder`: keyed by its type's name.
    Type,
    /// In `types::defaults`: keyed `defaults::name`.
    Default,
}

impl<'g> Gatherer<'g> {
    /// A gatherer for a client whose operations form `groups`.
    pub fn new(groups: &'g Groups) -> Self {
        Self::in_lane(groups, 0, 1)
    }

    /// A gatherer for the part of a client that lane `lane` of `lanes`
    /// gathers; [`Gatherer::absorb`] joins the lanes' gatherers.
    pub fn in_lane(groups: &'g Groups, lane: usize, lanes: usize) -> Self {
        Self {
            groups,
            names: HashMap::new(),
            types: Vec::new(),
            roots: Vec::new(),
            builders: HashMap::new(),
            gates: Vec::new(),
            next: lane,
            step: lanes,
            buffer: String::new(),
            seen: Vec::new(),
            stamp: 0,
        }
    }

    /// Take in what `other` (another lane's gatherer) gathered.
    pub fn absorb(&mut self, other: Gatherer<'_>) {
        let mut ids = vec![0; other.names.len()];
        for (name, id) in &other.names {
            ids[*id as usize] = self.intern(name);
        }
        let map =
            |used: Vec<u32>| -> Vec<u32> { used.into_iter().map(|id| ids[id as usize]).collect() };
        for (key, used) in other.types {
            self.types.push((ids[key as usize], map(used)));
        }
        for (root, used) in other.roots {
            self.roots.push((root, map(used)));
        }
        self.builders.extend(other.builders);
        for (number, gate) in other.gates {
            let gate = match gate {
                Gate::Type(key) => Gate::Type(ids[key as usize]),
                operation => operation,
            };
            self.gates.push((number, gate));
        }
    }

    /// Record `item`, an item of the module `path` (names from the crate
    /// root), and put a placeholder on it where its `cfg` may go.
    pub fn gather(&mut self, path: &[String], item: &mut syn::Item) {
        let path: Vec<&str> = path.iter().map(String::as_str).collect();
        match path.as_slice() {
            ["types"] | ["types", "builder"] => self.type_item(Place::Type, item),
            ["types", "defaults"] => self.type_item(Place::Default, item),
            // `error` and any other module of `types`: left ungated.
            ["types", ..] => {}
            ["builder"] => self.builder_item(item),
            [] => match item {
                syn::Item::Impl(imp) if is_client_impl(imp) => self.client_impl(imp),
                other => self.always(other),
            },
            _ => self.always(item),
        }
    }

    /// Code compiled whatever the features: what it mentions always is too.
    fn always(&mut self, item: &syn::Item) {
        let used = self.mentions(item);
        self.roots.push((Root::Always, used));
    }

    fn type_item(&mut self, place: Place, item: &mut syn::Item) {
        let Some(name) = owner(item) else { return };
        let key = match place {
            Place::Type => name,
            Place::Default => format!("defaults::{name}"),
        };
        let key = self.intern(&key);
        let used = self.mentions(item);
        self.types.push((key, used));
        self.placeholder(item, Gate::Type(key));
    }

    fn builder_item(&mut self, item: &mut syn::Item) {
        let Some(name) = owner(item) else {
            return self.always(item);
        };
        let used = self.mentions(item);
        if let syn::Item::Impl(imp) = &*item
            && let Some((method, path)) = imp.items.iter().find_map(|i| match i {
                syn::ImplItem::Fn(f) if f.sig.ident == "send" => {
                    crate::codegen::progenitor::send_operation(&f.attrs)
                }
                _ => None,
            })
        {
            let groups = self.groups.of(&method, &path).into_iter().collect();
            self.builders.insert(name.clone(), groups);
        }
        self.roots.push((Root::Operation(name.clone()), used));
        self.placeholder(item, Gate::Operation(name));
    }

    fn client_impl(&mut self, imp: &mut syn::ItemImpl) {
        for impl_item in &mut imp.items {
            let used = self.mentions(&*impl_item);
            let Some(builder) = builder_returned(impl_item) else {
                self.roots.push((Root::Always, used));
                continue;
            };
            self.roots.push((Root::Operation(builder.clone()), used));
            if let syn::ImplItem::Fn(f) = impl_item {
                let number = self.number(Gate::Operation(builder));
                f.attrs.insert(0, placeholder(number));
            }
        }
    }

    /// Put the placeholder for `gate` first among `item`'s attributes.
    fn placeholder(&mut self, item: &mut syn::Item, gate: Gate) {
        let attrs = match item {
            syn::Item::Struct(s) => &mut s.attrs,
            syn::Item::Enum(e) => &mut e.attrs,
            syn::Item::Type(t) => &mut t.attrs,
            syn::Item::Union(u) => &mut u.attrs,
            syn::Item::Fn(f) => &mut f.attrs,
            syn::Item::Impl(i) => &mut i.attrs,
            _ => return,
        };
        attrs.insert(0, placeholder(self.number(gate)));
    }

    /// Number a new placeholder decided by `gate`.
    fn number(&mut self, gate: Gate) -> usize {
        let number = self.next;
        self.next += self.step;
        self.gates.push((number, gate));
        number
    }

    fn intern(&mut self, name: &str) -> u32 {
        intern(&mut self.names, name)
    }

    /// The names `item` mentions, each once.
    fn mentions<T: Mentions>(&mut self, item: &T) -> Vec<u32> {
        self.stamp += 1;
        let mut names = Names {
            names: &mut self.names,
            seen: &mut self.seen,
            stamp: self.stamp,
            found: Vec::new(),
            buffer: std::mem::take(&mut self.buffer),
        };
        item.visit(&mut names);
        let Names { found, buffer, .. } = names;
        self.buffer = buffer;
        found
    }

    /// Follow the graph once every item is in: the `cfg` of each placeholder.
    pub fn finish(self) -> Gates {
        let mut index: HashMap<u32, usize> = HashMap::new();
        for (key, _) in &self.types {
            let next = index.len();
            index.entry(*key).or_insert(next);
        }
        let nodes = |used: &[u32]| -> BTreeSet<usize> {
            used.iter()
                .filter_map(|id| index.get(id).copied())
                .collect()
        };
        let mut graph = Graph {
            nodes: vec![Vec::new(); index.len()],
        };
        for (key, used) in &self.types {
            let node = index[key];
            graph.nodes[node].extend(nodes(used).into_iter().filter(|&m| m != node));
        }
        for edges in &mut graph.nodes {
            edges.sort_unstable();
            edges.dedup();
        }
        let mut needs = Needs::new(graph.nodes.len(), self.groups.0.len());
        for (root, used) in &self.roots {
            let groups = match root {
                Root::Operation(builder) => self.builders.get(builder),
                Root::Always => None,
            };
            match groups {
                Some(groups) => needs.by_groups(groups, nodes(used)),
                None => needs.always(nodes(used)),
            }
        }
        let need = needs.spread(&graph);
        let size = self.gates.iter().map(|(number, _)| number + 1).max();
        let mut decisions = vec![None; size.unwrap_or(0)];
        for (number, gate) in &self.gates {
            decisions[*number] = match gate {
                Gate::Type(key) => {
                    let node = index[key];
                    (!need.always[node]).then(|| need.features[node].clone())
                }
                Gate::Operation(builder) => self.builders.get(builder).cloned(),
            };
        }
        let groups = self.groups.0.iter().map(|g| g.feature.clone()).collect();
        Gates {
            features: Features::new(self.groups, need.other_types),
            decisions,
            groups,
            other_types: need.other_types,
            texts: RefCell::default(),
        }
    }
}

fn intern(names: &mut HashMap<String, u32>, name: &str) -> u32 {
    if let Some(&id) = names.get(name) {
        return id;
    }
    let id = u32::try_from(names.len()).expect("fewer than 4 billion names");
    names.insert(name.to_owned(), id);
    id
}

/// `#[cfg(__feature_gate = number)]`.
fn placeholder(number: usize) -> syn::Attribute {
    let name = proc_macro2::Ident::new(PLACEHOLDER, proc_macro2::Span::call_site());
    let number = proc_macro2::Literal::usize_unsuffixed(number);
    syn::parse_quote!(#[cfg(#name = #number)])
}

/// The `cfg` of every placeholder, known once the whole client has been seen.
pub struct Gates {
    features: Features,
    /// By placeholder number: the features that need the item, or none
    /// where it is always compiled (or no placeholder has the number).
    decisions: Vec<Option<BTreeSet<usize>>>,
    /// The groups' features.
    groups: Vec<String>,
    other_types: bool,
    /// Each `cfg`'s printed lines, by its features and indentation depth.
    texts: RefCell<HashMap<(BTreeSet<usize>, usize), String>>,
}

impl Gates {
    /// What the pass found.
    pub fn gating(&self) -> Gating {
        Gating {
            other_types: self.other_types,
        }
    }

    /// The crate's inner attribute for a build with no group on: there are
    /// no operations then, and what only they use (the builders' imports,
    /// the credentials hook) is unused.
    pub fn crate_attr(&self) -> Option<syn::Attribute> {
        if self.groups.is_empty() {
            return None;
        }
        let names = self.groups.iter();
        Some(syn::parse_quote! {
            #![cfg_attr(not(any(#(feature = #names),*)), allow(dead_code, unused_imports))]
        })
    }

    /// Append `printed` to `out`, each placeholder's line replaced by its
    /// `cfg`, printed as prettyplease prints it at that depth, or dropped.
    pub fn write(&self, printed: &str, out: &mut String) {
        let prefix = format!("#[cfg({PLACEHOLDER} = ");
        for line in printed.split_inclusive('\n') {
            let code = line.trim_start_matches(' ');
            let number = code
                .strip_prefix(&prefix)
                .and_then(|rest| rest.strip_suffix(")]\n"))
                .and_then(|n| n.parse::<usize>().ok());
            match number {
                Some(number) => {
                    let depth = (line.len() - code.len()) / 4;
                    if let Some(text) = self.cfg_text(number, depth) {
                        out.push_str(&text);
                    }
                }
                None => out.push_str(line),
            }
        }
    }

    fn cfg_text(&self, number: usize, depth: usize) -> Option<String> {
        let set = self.decisions.get(number)?.as_ref()?;
        let attr = self.features.cfg(set)?;
        let mut texts = self.texts.borrow_mut();
        let text = texts
            .entry((set.clone(), depth))
            .or_insert_with(|| printed_at(&attr, depth));
        Some(text.clone())
    }
}

/// `attr`'s lines as prettyplease prints them on an item `depth` modules deep.
fn printed_at(attr: &syn::Attribute, depth: usize) -> String {
    let mut item: syn::Item = syn::parse_quote!(#attr struct Gated;);
    for _ in 0..depth {
        item = syn::parse_quote!(mod m { #item });
    }
    let text = prettyplease::unparse(&syn::File {
        shebang: None,
        frontmatter: None,
        attrs: Vec::new(),
        items: vec![item],
    });
    text.split_inclusive('\n')
        .skip(depth)
        .take_while(|line| line.trim() != "struct Gated;")
        .collect()
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

/// The type (or `defaults` function) an item of the `types` module, or the
/// builder an item of the `builder` module, belongs to.
pub fn owner(item: &syn::Item) -> Option<String> {
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

/// Which type nodes each one mentions.
struct Graph {
    nodes: Vec<Vec<usize>>,
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

/// Collects identifiers, and `defaults::name` in attribute strings, anywhere
/// in what it visits (macro tokens and `serde` attributes, where field
/// defaults are named, included).
struct Names<'a> {
    names: &'a mut HashMap<String, u32>,
    seen: &'a mut Vec<u64>,
    stamp: u64,
    found: Vec<u32>,
    buffer: String,
}

impl Names<'_> {
    fn name(&mut self, name: &str) {
        let id = intern(self.names, name);
        let at = id as usize;
        if at >= self.seen.len() {
            self.seen.resize(at + 1, 0);
        }
        if self.seen[at] != self.stamp {
            self.seen[at] = self.stamp;
            self.found.push(id);
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

    /// `file` printed through the passes, as `lib.rs` is.
    fn emit(file: &syn::File, groups: &Groups) -> crate::codegen::emit::Emitted {
        use crate::codegen::emit::{Emitter, PassInputs};
        let inputs = PassInputs {
            markers: &[],
            empty: &Default::default(),
            paged: &[],
            keys: &[],
            groups,
        };
        let mut emitter = Emitter::new(&inputs);
        let items = &file.items;
        crate::codegen::parse::stream(quote::quote!(#(#items)*), &mut emitter).unwrap();
        emitter.finish().unwrap()
    }

    /// `file` printed through the passes, as `lib.rs` is, and parsed again.
    fn gate(file: &syn::File, groups: &Groups) -> (syn::File, Gating) {
        let emitted = emit(file, groups);
        let mut printed: syn::File = syn::parse_str(&emitted.text).expect("valid Rust");
        printed.attrs.extend(emitted.crate_attr);
        (printed, emitted.gating)
    }

    fn gated() -> (syn::File, Gating) {
        gate(&client(), &groups())
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
        let file: syn::File = syn::parse_quote! {
            pub mod types { pub struct Plan {} }
            pub mod builder {
                pub struct ListPlans {}
                impl ListPlans {
                    #[doc = "Sends a `GET` request to `/plans`"]
                    pub async fn send(self) -> types::Plan { todo!() }
                }
            }
        };
        let (file, gating) = gate(&file, &groups());
        assert!(!gating.other_types);
        assert_eq!(
            cfg(&file, "types::Plan"),
            Some(r#"cfg(feature="plans")"#.to_owned())
        );
    }

    #[test]
    fn a_gate_prints_as_prettyplease_prints_its_cfg_in_place() {
        // Nine of ten groups reach `Shared`: its `cfg` is longer than a line.
        let names: Vec<String> = (0..10)
            .map(|i| format!("a-rather-long-feature-name-{i}"))
            .collect();
        let groups = Groups(
            names
                .iter()
                .map(|name| Group {
                    feature: name.clone(),
                    from: vec![name.clone()],
                    operations: vec![("GET".to_owned(), format!("/{name}"))],
                })
                .collect(),
        );
        let builders = names.iter().enumerate().map(|(i, name)| {
            let builder = quote::format_ident!("Op{i}");
            let doc = format!("Sends a `GET` request to `/{name}`");
            let returned = quote::format_ident!("{}", if i < 9 { "Shared" } else { "Lone" });
            quote::quote! {
                pub struct #builder<'a> { client: &'a super::Client }
                impl<'a> #builder<'a> {
                    #[doc = #doc]
                    pub async fn send(self) -> Result<types::#returned, ()> { todo!() }
                }
            }
        });
        let file: syn::File = syn::parse_quote! {
            pub mod types {
                pub struct Shared {}
                pub struct Other {}
                pub struct Lone {}
                pub mod builder { pub struct Shared { other: super::Other } }
            }
            pub mod builder { #(#builders)* }
        };
        let text = emit(&file, &groups).text;
        assert!(!text.contains(PLACEHOLDER), "{text}");
        let shared = text.find("pub struct Shared {}").expect("Shared");
        assert!(
            text[..shared].contains(r#"feature = "a-rather-long-feature-name-8""#),
            "{text}"
        );
        assert!(
            text[..shared].lines().count() > 3,
            "a cfg over lines: {text}"
        );
        let reparsed = syn::parse_file(&text).expect("valid Rust");
        assert_eq!(text, prettyplease::unparse(&reparsed));
    }
}
