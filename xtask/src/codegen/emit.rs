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
//! typify puts a type's impls right after the type; the passes that patch
//! an enum's impls (`Display`, `FromStr`) rely on it, and an impl of an enum
//! already passed is an error rather than a silent miss.
//!
//! A piece is printed inside bare copies of the modules around it, and
//! those copies' lines are cut off again: the text is the same as
//! prettyplease printing the whole client at once.

use std::collections::{BTreeSet, HashSet};

use crate::codegen::features::{self, Gating};
use crate::codegen::forward_compat::{self, Discriminators};
use crate::codegen::parse::Sink;
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
}

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
}

/// A part of the text: printed, or a piece waiting for the whole client.
enum Slot {
    Printed(String),
    Waiting {
        path: Vec<syn::ItemMod>,
        names: Vec<String>,
        items: Vec<syn::Item>,
    },
}

impl<'a> Emitter<'a> {
    /// An emitter running the passes with `inputs`.
    pub fn new(inputs: &'a PassInputs<'a>) -> Self {
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
            gatherer: features::Gatherer::new(inputs.groups),
        }
    }

    /// The waiting pieces passed and printed, the gates decided: the text.
    pub fn finish(mut self) -> Emitted {
        self.flush();
        let closed = std::mem::take(&mut self.discriminators).found();
        let slots = std::mem::take(&mut self.slots);
        let printed: Vec<String> = slots
            .into_iter()
            .map(|slot| match slot {
                Slot::Printed(text) => text,
                Slot::Waiting { path, names, items } => {
                    self.pass_and_print(&path, &names, items, &closed)
                }
            })
            .collect();
        let gates = self.gatherer.finish();
        let mut text = String::with_capacity(printed.iter().map(String::len).sum());
        for piece in printed {
            gates.write(&piece, &mut text);
        }
        Emitted {
            text,
            dates: self.dates,
            gating: gates.gating(),
            crate_attr: gates.crate_attr(),
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

    fn enter(&mut self, module: syn::ItemMod) -> Result<(), PointerError> {
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
        emitter.finish().text
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

    #[test]
    fn an_impl_apart_from_its_enum_is_an_error() {
        let tokens = quote::quote! {
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
        };
        let inputs = PassInputs {
            markers: &[],
            empty: &empty_success::Empty::default(),
            paged: &[],
            keys: &[],
            groups: &Groups(Vec::new()),
        };
        let mut emitter = Emitter::new(&inputs);
        let err = crate::codegen::parse::stream(tokens, &mut emitter).expect_err("apart");
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
