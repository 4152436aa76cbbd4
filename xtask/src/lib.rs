//! The project's build tasks (`cargo xtask`): regenerating the vendor client
//! crates from `specs/` and checking they are current. See `ARCHITECTURE.md`.
//!
//! The pipeline, by folder: `manifest` reads
//! `specs/<id>/vendor.yaml`; `spec/` turns the vendor's files into one
//! normalised OpenAPI 3.0 document; `codegen/` turns that into the crate's
//! files; `sync` compares them with `crates/` or writes them; `record` is
//! each crate's `GENERATED.sha256`, which lets `regen --check` skip a vendor
//! nothing changed for; `evolution/`
//! versions the crate by what changed. `pipeline` runs those stages for one
//! vendor, and `commands/` are the subcommands over all vendors.
//!
//! Everything is private to this crate except what `main.rs` and the
//! integration tests call.

mod codegen;
mod commands;
mod diag;
mod evolution;
mod manifest;
mod pipeline;
mod record;
mod spec;
mod sync;
mod workspace;

pub use commands::{bench, corpus, diff, features, pull, regen};
pub use evolution::versioning::{Version, latest as latest_version};
pub use manifest::{Vendor, discover as discover_vendors};
pub use pipeline::{Built, build};
pub use workspace::root as workspace_root;
