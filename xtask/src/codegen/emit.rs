//! progenitor's client through the syn passes and printed a piece at a time,
//! as `parse::stream` parses it: a piece is an item with the impls that
//! follow it for the same type (an enum and its `Display`, say). Each piece
//! is printed as soon as the passes are done with it and its tree freed, so
//! a large client (Stripe's: 545,000 lines) is never held whole as a tree.
//!
//! What a pass needs from the whole client is gathered as the pieces go by.
//! The few pieces that depend on it wait as trees until the end: an enum of
//! one value (it may be a union's discriminator, which stays closed) and the
//! hooks impl (it lists every operation's idempotency key). The feature
//! gates are placeholders in the text until every item has been seen
//! (`features::Gates`).
//!
//! With a second lane (`lanes`), runs of pieces inside modules are handed to
//! it as text before they are parsed, and it emits them with an emitter of
//! its own; what the lanes gathered is joined in [`Emitter::finish`].
//!
//! typify puts a type's impls right after the type; the passes that patch
//! an enum's impls (`Display`, `FromStr`) rely on it, and an impl of an enum
//! already passed is an error rather than a silent miss.
//!
//! A piece is printed inside bare copies of the modules around it, and
//! those copies' lines are cut off again: the text is the same as
//! prettyplease printing the whole client at once.

use std::collections::{BTreeSet, HashSet};
use std::fmt::Write as _;

use proc_macro2::{TokenStream, TokenTree};

use crate::codegen::features::{self, Gating};
use crate::codegen::forward_compat::{self, Discriminators};
use crate::codegen::lanes::{Lane, Printed, Run};
use crate::codegen::parse::{self, Sink};
use crate::codegen::{datetime, empty_success, open_enums, paging, runtime, status_arms};
use crate::diag::PointerError;
use crate::spec::pagination::Paged;
use crate::spec::rust_names::Marker;

/// What the syn passes over progenitor's output take from the document.
pub struct PassInputs<'a> {
    /// Properties renamed for Rust, to carry their wire names again.
    pub markers: &'a [Marker],
    /// Operations whose JSON success sits next to an empty one.
    pub empty: &'a empty_success::Empty,
    /// Paged operations.
    pub paged: &'a [Paged],
    /// Operations that declare an idempotency-key header.
    pub keys: &'a [runtime::KeyHeader],
    /// The Cargo feature groups operations belong to.
    pub groups: &'a crate::spec::features::Groups,
}

/// The client, printed, and what the passes found in it.
pub struct Emitted {
    /// Every item handed to the emitter, printed in order.
    pub text: String,
    /// The date-time fields routed through the `datetime` module.
    pub dates: datetime::Routed,
    /// What the feature gating found.
    pub gating: Gating,
    /// The crate's inner attribute for a build with no feature on.
    pub crate_attr: Option<syn::Attribute>,
    /// Runs of pieces the second lane emitted (none with one lane).
    #[cfg(test)]
    handed: usize,
}

/// Inside modules the lanes take turns: of every [`TURN`] pieces, the second
/// lane emits the first [`THEIRS`]. It lexes and parses its pieces again
/// where this lane only prints their tokens, and this lane has the rest of
/// the client besides: on Stripe's spec this split keeps both busy to the
/// end (BENCHMARKS.md).
const TURN: usize = 144;
const THEIRS: usize = 80;

/// Takes the client's items one at a time (a [`Sink`]); [`Emitter::finish`]
/// gives the text.
pub struct Emitter<'a> {
    inputs: &'a PassInputs<'a>,
    /// The modules entered, outermost first: heads with empty bodies.
    path: Vec<syn::ItemMod>,
    /// Their names.
    names: Vec<String>,
    /// Their closing lines, printed when they were entered.
    tails: Vec<String>,
    /// The piece being gathered, and the type its items belong to.
    piece: Vec<syn::Item>,
    owner: Option<String>,
    /// The enums of the pieces already passed, as `module::path::Name`: a
    /// pass that patches an enum's impls sees only its piece, so an impl of
    /// one of these found later is an error, never a silent miss.
    enums: HashSet<String>,
    /// The text so far, in order, with the pieces that wait.
    slots: Vec<Slot>,
    discriminators: Discriminators,
    /// (operation id, header) of the operations seen that send a key.
    idempotency: Vec<(String, String)>,
    dates: datetime::Routed,
    gatherer: features::Gatherer<'a>,
    /// The second lane and the run being handed to it, if any.
    lane: Option<Handing<'a>>,
    /// In the second lane: where each run's slots and keys end.
    run_ends: Vec<(usize, usize)>,
}

/// The first lane's side of the hand-over.
struct Handing<'a> {
    lane: Lane<'a>,
    /// Pieces begun inside modules so far.
    pieces: usize,
    /// Of every `turn.0` pieces, the second lane emits the first `turn.1`.
    turn: (usize, usize),
    /// The run being written, if the second lane has the current piece.
    run: Option<Run>,
    /// For each run handed over: how many of this lane's keys came before it.
    keys_before: Vec<usize>,
}

/// A part of the text: printed, a piece waiting for the whole client, or a
/// run the second lane prints.
enum Slot {
    Printed(String),
    Waiting {
        path: Vec<syn::ItemMod>,
        names: Vec<String>,
        items: Vec<syn::Item>,
    },
    Handed(usize),
}

impl Slot {
    /// The length of its text, as far as known.
    fn len(&self) -> usize {
        match self {
            Slot::Printed(text) => text.len(),
            Slot::Waiting { .. } | Slot::Handed(_) => 0,
        }
    }
}

impl<'a> Emitter<'a> {
    /// An emitter running the passes with `inputs`, alone.
    pub fn new(inputs: &'a PassInputs<'a>) -> Self {
        Self::with_gatherer(inputs, features::Gatherer::new(inputs.groups), None)
    }

    /// The first lane's emitter: it hands runs of pieces to `lane`.
    pub fn handing_to(inputs: &'a PassInputs<'a>, lane: Lane<'a>) -> Self {
        Self::handing_in_turns(inputs, lane, (TURN, THEIRS))
    }

    fn handing_in_turns(inputs: &'a PassInputs<'a>, lane: Lane<'a>, turn: (usize, usize)) -> Self {
        let handing = Handing {
            lane,
            pieces: 0,
            turn,
            run: None,
            keys_before: Vec::new(),
        };
        let gatherer = features::Gatherer::in_lane(inputs.groups, 0, 2);
        Self::with_gatherer(inputs, gatherer, Some(handing))
    }

    /// The second lane's emitter: it emits the runs handed to it.
    pub fn second_lane(inputs: &'a PassInputs<'a>) -> Self {
        Self::with_gatherer(
            inputs,
            features::Gatherer::in_lane(inputs.groups, 1, 2),
            None,
        )
    }

    fn with_gatherer(
        inputs: &'a PassInputs<'a>,
        gatherer: features::Gatherer<'a>,
        lane: Option<Handing<'a>>,
    ) -> Self {
        Self {
            inputs,
            path: Vec::new(),
            names: Vec::new(),
            tails: Vec::new(),
            piece: Vec::new(),
            owner: None,
            enums: HashSet::new(),
            slots: Vec::new(),
            discriminators: Discriminators::default(),
            idempotency: Vec::new(),
            dates: datetime::Routed::default(),
            gatherer,
            lane,
            run_ends: Vec::new(),
        }
    }

    /// The waiting pieces passed and printed, the lanes joined, the gates
    /// decided: the text.
    pub fn finish(mut self) -> Result<Emitted, PointerError> {
        self.flush();
        self.hand_run();
        let lane = self.lane.take();
        if let Some(handing) = &lane {
            let theirs = handing.lane.discriminators()?;
            self.discriminators.merge(theirs);
        }
        let closed = std::mem::take(&mut self.discriminators).found();
        if let Some(handing) = &lane {
            handing.lane.print(closed.clone());
        }
        let mut slots = std::mem::take(&mut self.slots);
        // While the second lane prints: what needs nothing more from it.
        self.print_waiting(&mut slots, &closed, |items| {
            !items.iter().any(runtime::needs_every_operation)
        });
        let mut runs = match lane {
            Some(handing) => {
                let printed = handing.lane.printed()?;
                self.join(printed, &handing.keys_before)
            }
            None => Vec::new(),
        };
        #[cfg(test)]
        let handed = runs.len();
        self.print_waiting(&mut slots, &closed, |_| true);
        let gates = self.gatherer.finish();
        let size = slots.iter().map(Slot::len).sum::<usize>()
            + runs.iter().map(String::len).sum::<usize>();
        let mut text = String::with_capacity(size);
        for slot in slots {
            match slot {
                Slot::Printed(printed) => gates.write(&printed, &mut text),
                Slot::Handed(run) => gates.write(&std::mem::take(&mut runs[run]), &mut text),
                Slot::Waiting { .. } => unreachable!("every waiting piece was printed"),
            }
        }
        Ok(Emitted {
            text,
            dates: self.dates,
            gating: gates.gating(),
            crate_attr: gates.crate_attr(),
            #[cfg(test)]
            handed,
        })
    }

    /// Pass and print the waiting pieces among `slots` whose items `now`
    /// accepts, with `closed` the enums to leave closed.
    fn print_waiting(
        &mut self,
        slots: &mut [Slot],
        closed: &BTreeSet<String>,
        now: impl Fn(&[syn::Item]) -> bool,
    ) {
        for slot in slots {
            if matches!(slot, Slot::Waiting { items, .. } if now(items))
                && let Slot::Waiting { path, names, items } =
                    std::mem::replace(slot, Slot::Printed(String::new()))
            {
                *slot = Slot::Printed(self.pass_and_print(&path, &names, items, closed));
            }
        }
    }

    /// Take in what the second lane found and printed: its keys in client
    /// order among this lane's, its dates and gathering; its runs' text.
    fn join(&mut self, printed: Printed<'a>, keys_before: &[usize]) -> Vec<String> {
        let ours = std::mem::take(&mut self.idempotency);
        let mut from = 0;
        for (&before, keys) in keys_before.iter().zip(printed.keys) {
            self.idempotency.extend_from_slice(&ours[from..before]);
            self.idempotency.extend(keys);
            from = before;
        }
        self.idempotency.extend_from_slice(&ours[from..]);
        self.dates += printed.dates;
        self.gatherer.absorb(printed.gatherer);
        printed.runs
    }

    /// In the second lane: emit `run`, pieces of the module `run.names`.
    pub fn emit_run(&mut self, run: Run) -> Result<(), PointerError> {
        let tokens: TokenStream = run.text.parse().map_err(|e| {
            PointerError::new("", format!("generated code handed over does not lex: {e}"))
        })?;
        self.path = run
            .names
            .iter()
            .map(|name| {
                let ident = proc_macro2::Ident::new(name, proc_macro2::Span::call_site());
                syn::parse_quote!(mod #ident {})
            })
            .collect();
        self.names = run.names;
        parse::stream(tokens, self)?;
        self.flush();
        self.run_ends
            .push((self.slots.len(), self.idempotency.len()));
        Ok(())
    }

    /// In the second lane, once every run is in: what tells a union's
    /// discriminators in the runs.
    pub fn take_discriminators(&mut self) -> Discriminators {
        std::mem::take(&mut self.discriminators)
    }

    /// In the second lane: each run printed (its gates still placeholders),
    /// with `closed` the enums to leave closed, and what was gathered.
    pub fn print_runs(mut self, closed: &BTreeSet<String>) -> Printed<'a> {
        let mut slots = std::mem::take(&mut self.slots);
        self.print_waiting(&mut slots, closed, |_| true);
        let mut slots = slots.into_iter();
        let mut runs = Vec::new();
        let mut keys = Vec::new();
        let (mut taken, mut keys_from) = (0, 0);
        for (end, keys_end) in std::mem::take(&mut self.run_ends) {
            let mut text = String::new();
            for slot in slots.by_ref().take(end - taken) {
                match slot {
                    Slot::Printed(printed) => text.push_str(&printed),
                    Slot::Waiting { .. } | Slot::Handed(_) => {
                        unreachable!("the second lane printed every piece and hands nothing on")
                    }
                }
            }
            runs.push(text);
            keys.push(self.idempotency[keys_from..keys_end].to_vec());
            (taken, keys_from) = (end, keys_end);
        }
        Printed {
            runs,
            keys,
            dates: self.dates,
            gatherer: self.gatherer,
        }
    }

    /// Pass and print the piece gathered so far, or keep it waiting.
    fn flush(&mut self) {
        self.owner = None;
        if self.piece.is_empty() {
            return;
        }
        let items = std::mem::take(&mut self.piece);
        for item in &items {
            if let syn::Item::Enum(e) = item {
                self.enums.insert(self.place(&e.ident.to_string()));
            }
        }
        self.discriminators.add(&items);
        let waits = items.iter().any(|item| {
            runtime::needs_every_operation(item)
                || matches!(item, syn::Item::Enum(e) if Discriminators::candidate(e))
        });
        let slot = if waits {
            Slot::Waiting {
                path: self.path.clone(),
                names: self.names.clone(),
                items,
            }
        } else {
            let (path, names) = (
                std::mem::take(&mut self.path),
                std::mem::take(&mut self.names),
            );
            let printed = self.pass_and_print(&path, &names, items, &BTreeSet::new());
            (self.path, self.names) = (path, names);
            Slot::Printed(printed)
        };
        self.slots.push(slot);
    }

    /// Hand the run being written, if any, to the second lane.
    fn hand_run(&mut self) {
        if let Some(handing) = &mut self.lane
            && let Some(run) = handing.run.take()
        {
            handing.lane.hand(run);
        }
    }

    /// Whether the item `tokens` goes to the second lane: inside modules the
    /// lanes take turns by pieces, and an impl goes where its type went.
    /// Starting a run flushes this lane's piece; ending one hands it over.
    fn route(&mut self, tokens: &[TokenTree]) -> bool {
        let Some(handing) = &mut self.lane else {
            return false;
        };
        if self.names.is_empty() {
            return false;
        }
        if !parse::is_impl(tokens) {
            let theirs = handing.pieces % handing.turn.0 < handing.turn.1;
            handing.pieces += 1;
            match (theirs, handing.run.is_some()) {
                (true, false) => {
                    self.flush();
                    let handing = self.lane.as_mut().expect("checked above");
                    handing.keys_before.push(self.idempotency.len());
                    self.slots.push(Slot::Handed(handing.keys_before.len() - 1));
                    handing.run = Some(Run {
                        names: self.names.clone(),
                        text: String::new(),
                    });
                }
                (false, true) => self.hand_run(),
                _ => {}
            }
        }
        self.lane.as_ref().is_some_and(|h| h.run.is_some())
    }

    /// `name` in the module entered last, as `module::path::name`.
    fn place(&self, name: &str) -> String {
        let mut place = self.names.join("::");
        place.push_str("::");
        place.push_str(name);
        place
    }

    /// Run every pass over `items` (in the modules `path`, named `names`),
    /// gather them for the gating, and print them. `closed`: the enums to
    /// leave closed.
    fn pass_and_print(
        &mut self,
        path: &[syn::ItemMod],
        names: &[String],
        items: Vec<syn::Item>,
        closed: &BTreeSet<String>,
    ) -> String {
        let mut file = wrap(path, items);
        let inputs = self.inputs;
        open_enums::open(&mut file, closed);
        self.idempotency
            .extend(runtime::idempotency_keys(&file, inputs.keys));
        runtime::apply(&mut file, &self.idempotency);
        paging::apply(&mut file, inputs.paged);
        forward_compat::apply(&mut file);
        empty_success::apply(&mut file, inputs.empty);
        status_arms::order(&mut file);
        self.dates += datetime::route(&mut file);
        for item in innermost(&mut file.items, path.len()) {
            self.gatherer.gather(names, item);
        }
        unwrapped(&prettyplease::unparse(&file), path.len())
    }
}

impl Sink for Emitter<'_> {
    fn item(&mut self, item: syn::Item) -> Result<(), PointerError> {
        // Parsed here, so not part of a run: any run open ends before it.
        if self.lane.as_ref().is_some_and(|h| h.run.is_some()) {
            self.hand_run();
        }
        let owner = features::owner(&item);
        let joins = matches!(item, syn::Item::Impl(_)) && owner.is_some() && owner == self.owner;
        if !joins {
            if let (syn::Item::Impl(_), Some(name)) = (&item, &owner)
                && self.enums.contains(&self.place(name))
            {
                return Err(PointerError::new(
                    "",
                    format!(
                        "generated code: an impl of the enum `{}` comes apart from the enum, \
                         where the passes that patch its impls do not see it",
                        self.place(name)
                    ),
                ));
            }
            self.flush();
            self.owner = owner;
        }
        self.piece.push(item);
        Ok(())
    }

    fn offer(&mut self, tokens: Vec<TokenTree>) -> Result<Option<Vec<TokenTree>>, PointerError> {
        if !self.route(&tokens) {
            return Ok(Some(tokens));
        }
        let run = self
            .lane
            .as_mut()
            .and_then(|h| h.run.as_mut())
            .expect("route opened a run");
        let tokens: TokenStream = tokens.into_iter().collect();
        writeln!(run.text, "{tokens}").expect("writing to a String");
        Ok(None)
    }

    fn enter(&mut self, module: syn::ItemMod) -> Result<(), PointerError> {
        self.hand_run();
        self.flush();
        let marker: syn::Item = syn::parse_quote!(
            struct EmitMarker;
        );
        let mut shown = module.clone();
        shown.content = Some((syn::token::Brace::default(), vec![marker]));
        let text = unwrapped(
            &prettyplease::unparse(&wrap(&self.path, vec![syn::Item::Mod(shown)])),
            self.path.len(),
        );
        let at = text.find("struct EmitMarker;").ok_or_else(|| {
            PointerError::new("", format!("module `{}` did not print", module.ident))
        })?;
        let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
        let line_end = text[at..].find('\n').map_or(text.len(), |i| at + i + 1);
        self.slots
            .push(Slot::Printed(text[..line_start].to_owned()));
        self.tails.push(text[line_end..].to_owned());
        self.names.push(module.ident.to_string());
        self.path.push(module);
        Ok(())
    }

    fn leave(&mut self) -> Result<(), PointerError> {
        self.hand_run();
        self.flush();
        self.path.pop();
        self.names.pop();
        let tail = self.tails.pop().unwrap_or_default();
        self.slots.push(Slot::Printed(tail));
        Ok(())
    }
}

/// `items` inside bare copies (no attributes) of the modules `path`.
fn wrap(path: &[syn::ItemMod], items: Vec<syn::Item>) -> syn::File {
    let mut items = items;
    for module in path.iter().rev() {
        let mut bare = module.clone();
        bare.attrs.clear();
        bare.content = Some((syn::token::Brace::default(), items));
        items = vec![syn::Item::Mod(bare)];
    }
    syn::File {
        shebang: None,
        frontmatter: None,
        attrs: Vec::new(),
        items,
    }
}

/// The items `depth` modules into `items` (as `wrap` made them).
fn innermost(items: &mut Vec<syn::Item>, depth: usize) -> &mut Vec<syn::Item> {
    if depth == 0 {
        return items;
    }
    match items.first_mut() {
        Some(syn::Item::Mod(syn::ItemMod {
            content: Some((_, inner)),
            ..
        })) => innermost(inner, depth - 1),
        _ => unreachable!("wrap nests one module a level"),
    }
}

/// `printed` without the `depth` opening and closing lines of the bare
/// modules around it (each prints as one line: it has no attributes).
fn unwrapped(printed: &str, depth: usize) -> String {
    let lines: Vec<&str> = printed.split_inclusive('\n').collect();
    lines[depth..lines.len() - depth].concat()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spec::features::Groups;

    fn emitted_with(file: &syn::File, keys: &[runtime::KeyHeader]) -> String {
        let inputs = PassInputs {
            markers: &[],
            empty: &empty_success::Empty::default(),
            paged: &[],
            keys,
            groups: &Groups(Vec::new()),
        };
        let mut emitter = Emitter::new(&inputs);
        let items = &file.items;
        crate::codegen::parse::stream(quote::quote!(#(#items)*), &mut emitter).unwrap();
        emitter.finish().unwrap().text
    }

    fn emitted(file: &syn::File) -> String {
        emitted_with(file, &[])
    }

    /// The text of the item whose printed text starts with `start`, up to
    /// the next item of the same module.
    fn item<'t>(text: &'t str, start: &str) -> &'t str {
        let at = text
            .find(start)
            .unwrap_or_else(|| panic!("{start} in {text}"));
        let rest = &text[at..];
        let end = rest[1..]
            .find("\n    #[derive")
            .map_or(rest.len(), |i| i + 1);
        &rest[..end]
    }

    #[test]
    fn a_discriminator_met_before_its_union_stays_closed() {
        let file: syn::File = syn::parse_quote! {
            pub mod types {
                #[derive(::serde::Deserialize, Clone, Copy)]
                pub enum RedirectType { #[serde(rename = "redirect")] Redirect }
                #[derive(::serde::Deserialize, Clone, Copy)]
                pub enum Lone { #[serde(rename = "lone")] Lone }
                #[derive(::serde::Deserialize, Clone, Copy)]
                pub enum Mode { #[serde(rename = "a")] A, #[serde(rename = "b")] B }
                #[derive(::serde::Deserialize, Clone)]
                pub struct Redirect { pub type_: RedirectType, pub mode: Mode }
                #[derive(::serde::Deserialize, Clone)]
                #[serde(untagged)]
                pub enum Action { Redirect(Redirect) }
                #[derive(::serde::Deserialize, Clone)]
                pub struct NotABranch { pub lone: Lone }
            }
        };
        let text = emitted(&file);
        // A single value in a struct that is no union's branch is opened.
        assert!(
            !item(&text, "pub enum RedirectType").contains("UnknownValue"),
            "{text}"
        );
        for opened in ["pub enum Lone", "pub enum Mode"] {
            assert!(item(&text, opened).contains("UnknownValue"), "{text}");
        }
        let order = [
            "enum RedirectType",
            "enum Lone",
            "enum Mode",
            "struct Redirect",
        ];
        let at: Vec<usize> = order.iter().map(|o| text.find(o).expect(o)).collect();
        assert!(at.is_sorted(), "{text}");
    }

    /// An enum, another item, then the enum's impl.
    fn impl_apart_from_its_enum() -> proc_macro2::TokenStream {
        quote::quote! {
            pub mod types {
                #[derive(::serde::Deserialize)]
                pub enum Status { #[serde(rename = "a")] A, #[serde(rename = "b")] B }
                pub struct Other {}
                impl ::std::fmt::Display for Status {
                    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                        match *self { Self::A => f.write_str("a"), Self::B => f.write_str("b") }
                    }
                }
            }
        }
    }

    /// `f` with pass inputs that change nothing.
    fn with_no_inputs<T>(f: impl FnOnce(&PassInputs<'_>) -> T) -> T {
        let (empty, groups) = (empty_success::Empty::default(), Groups(Vec::new()));
        f(&PassInputs {
            markers: &[],
            empty: &empty,
            paged: &[],
            keys: &[],
            groups: &groups,
        })
    }

    #[test]
    fn an_impl_apart_from_its_enum_is_an_error() {
        let err = with_no_inputs(|inputs| {
            let mut emitter = Emitter::new(inputs);
            crate::codegen::parse::stream(impl_apart_from_its_enum(), &mut emitter)
                .expect_err("apart")
        });
        assert!(
            err.message.contains("`types::Status` comes apart"),
            "{}",
            err.message
        );
    }

    #[test]
    fn an_error_in_the_second_lane_is_the_emitter_s_error() {
        let err = with_no_inputs(|inputs| {
            std::thread::scope(|scope| {
                let lane = Lane::spawn(scope, inputs);
                let mut emitter = Emitter::handing_in_turns(inputs, lane, (1, 1));
                crate::codegen::parse::stream(impl_apart_from_its_enum(), &mut emitter).unwrap();
                emitter.finish().err().expect("the second lane failed")
            })
        });
        assert!(
            err.message.contains("`types::Status` comes apart"),
            "{}",
            err.message
        );
    }

    #[test]
    fn the_hooks_impl_lists_the_keys_of_operations_that_come_after_it() {
        let file: syn::File = syn::parse_quote! {
            pub struct Client {}
            impl ClientHooks<()> for &Client {}
            pub mod builder {
                pub struct CreatePayment<'a> { client: &'a super::Client }
                impl<'a> CreatePayment<'a> {
                    #[doc = "Sends a `POST` request to `/payments`"]
                    pub async fn send(self) -> Result<(), ()> {
                        let info = OperationInfo { operation_id: "create_payment" };
                        todo!()
                    }
                }
            }
        };
        let keys = [(
            "POST".to_owned(),
            "/payments".to_owned(),
            "Idempotency-Key".to_owned(),
        )];
        let text = emitted_with(&file, &keys);
        let hooks = &text[text.find("impl ClientHooks").expect("hooks")
            ..text.find("pub mod builder").expect("builder")];
        assert!(
            hooks.contains(r#"("create_payment", "Idempotency-Key")"#),
            "{hooks}"
        );
    }

    /// A client in progenitor's shape with enough pieces for the lanes to
    /// take turns: types with impls and builders, open enums, a union and
    /// its discriminator far apart, date-times, operations with keys.
    fn many_pieces() -> proc_macro2::TokenStream {
        let things = (0..24).map(|i| {
            let name = quote::format_ident!("Thing{i}");
            let status = quote::format_ident!("Status{i}");
            quote::quote! {
                #[derive(::serde::Deserialize, Clone, Copy)]
                pub enum #status { #[serde(rename = "a")] A, #[serde(rename = "b")] B }
                impl ::std::fmt::Display for #status {
                    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                        match *self { Self::A => f.write_str("a"), Self::B => f.write_str("b") }
                    }
                }
                #[derive(::serde::Deserialize, Clone)]
                pub struct #name {
                    pub at: ::chrono::DateTime<::chrono::offset::Utc>,
                    pub status: #status,
                }
                impl #name { pub fn builder() -> builder::#name { Default::default() } }
            }
        });
        let builders = (0..24).map(|i| {
            let name = quote::format_ident!("Thing{i}");
            quote::quote! {
                pub struct #name { at: Result<::chrono::DateTime<::chrono::offset::Utc>, String> }
                impl ::std::convert::TryFrom<#name> for super::#name {
                    type Error = String;
                    fn try_from(value: #name) -> Result<Self, String> { todo!() }
                }
            }
        });
        let operations = ["payments", "refunds"].map(|path| {
            let builder = quote::format_ident!("Create{}", path.to_uppercase());
            let id = format!("create_{path}");
            let doc = format!("Sends a `POST` request to `/{path}`");
            quote::quote! {
                pub struct #builder<'a> { client: &'a super::Client }
                impl<'a> #builder<'a> {
                    #[doc = #doc]
                    pub async fn send(self) -> Result<types::Thing0, ()> {
                        let info = OperationInfo { operation_id: #id };
                        todo!()
                    }
                }
            }
        });
        quote::quote! {
            pub mod types {
                #[derive(::serde::Deserialize, Clone, Copy)]
                pub enum RedirectType { #[serde(rename = "redirect")] Redirect }
                #[derive(::serde::Deserialize, Clone, Copy)]
                pub enum Lone { #[serde(rename = "lone")] Lone }
                #(#things)*
                #[derive(::serde::Deserialize, Clone)]
                pub struct Redirect { pub type_: RedirectType }
                #[derive(::serde::Deserialize, Clone)]
                pub struct NotABranch { pub lone: Lone }
                #[derive(::serde::Deserialize, Clone)]
                #[serde(untagged)]
                pub enum Action { Redirect(Redirect), Thing(Thing3) }
                pub mod builder { #(#builders)* }
            }
            pub struct Client {}
            impl ClientHooks<()> for &Client {}
            impl Client {
                pub fn create_payments(&self) -> builder::CreatePAYMENTS<'_> { todo!() }
                pub fn create_refunds(&self) -> builder::CreateREFUNDS<'_> { todo!() }
            }
            pub mod builder {
                use super::types;
                #(#operations)*
            }
        }
    }

    /// `many_pieces` emitted by one lane, or by two taking `turn`s.
    fn emitted_in_lanes(turn: Option<(usize, usize)>) -> Emitted {
        let keys = ["payments", "refunds"].map(|path| {
            (
                "POST".to_owned(),
                format!("/{path}"),
                "Idempotency-Key".to_owned(),
            )
        });
        let group = |path: &str| crate::spec::features::Group {
            feature: path.to_owned(),
            from: Vec::new(),
            operations: vec![("POST".to_owned(), format!("/{path}"))],
        };
        let inputs = PassInputs {
            markers: &[],
            empty: &empty_success::Empty::default(),
            paged: &[],
            keys: &keys,
            groups: &Groups(vec![group("payments"), group("refunds")]),
        };
        let emit = |mut emitter: Emitter<'_>| {
            crate::codegen::parse::stream(many_pieces(), &mut emitter).unwrap();
            emitter.finish().unwrap()
        };
        match turn {
            None => emit(Emitter::new(&inputs)),
            Some(turn) => std::thread::scope(|scope| {
                let lane = Lane::spawn(scope, &inputs);
                emit(Emitter::handing_in_turns(&inputs, lane, turn))
            }),
        }
    }

    #[test]
    fn two_lanes_print_what_one_lane_prints() {
        let one = emitted_in_lanes(None);
        assert_eq!(one.handed, 0);
        // The sample exercises what the lanes join: gates, keys, discriminators, dates.
        assert!(
            one.text.contains(r#"#[cfg(feature = "payments")]"#),
            "{}",
            one.text
        );
        assert!(
            one.text
                .contains(r#"("create_payments", "Idempotency-Key")"#)
                && one
                    .text
                    .contains(r#"("create_refunds", "Idempotency-Key")"#),
            "{}",
            one.text
        );
        assert!(!item(&one.text, "pub enum RedirectType").contains("UnknownValue"));
        assert!(item(&one.text, "pub enum Lone").contains("UnknownValue"));
        assert!(one.dates.any());
        for turn in [(2, 1), (3, 2), (5, 1), (TURN, THEIRS)] {
            let two = emitted_in_lanes(Some(turn));
            assert!(two.handed > 0, "turn {turn:?}: the second lane took runs");
            assert_eq!(two.text, one.text, "turn {turn:?}");
            assert_eq!(two.dates, one.dates, "turn {turn:?}");
            assert_eq!(two.gating, one.gating, "turn {turn:?}");
            let attr = |e: &Emitted| e.crate_attr.as_ref().map(|a| quote::quote!(#a).to_string());
            assert_eq!(attr(&two), attr(&one), "turn {turn:?}");
        }
    }

    #[test]
    fn printing_piece_by_piece_prints_what_prettyplease_prints_whole() {
        let file: syn::File = syn::parse_quote! {
            pub const A: u8 = 1;
            /// The types.
            pub mod types {
                /// A long doc comment on a struct whose fields wrap across lines when printed.
                pub struct S { pub a_rather_long_field_name: ::std::option::Option<::std::string::String>, pub b: u8 }
                impl S { pub fn f(&self) -> u8 { self.b } }
                pub mod builder {
                    #[derive(Clone, Debug)]
                    pub struct S { a_rather_long_field_name: ::std::result::Result<::std::option::Option<::std::string::String>, ::std::string::String> }
                }
            }
            impl types::S { pub fn g(&self) -> u8 { self.b } }
        };
        assert_eq!(emitted(&file), prettyplease::unparse(&file));
    }
}
