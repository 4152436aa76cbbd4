//! The project's build tasks (`cargo xtask`): regenerating the vendor client
//! crates from `specs/` and checking they are current. See `ARCHITECTURE.md`.

pub mod auth;
pub mod bench;
pub mod datetime;
pub mod decimal;
pub mod diag;
pub mod diff;
pub mod downconvert;
pub mod emit;
pub mod generate;
pub mod load;
pub mod merge;
pub mod names;
pub mod normalize;
pub mod open_enums;
pub mod overlay;
pub mod pipeline;
pub mod pull;
pub mod regen;
pub mod specdiff;
pub mod sync;
pub mod synth;
pub mod validate;
pub mod vendor;
pub mod versioning;
pub mod versions;
pub mod walk;

use std::path::PathBuf;

/// The workspace root: the parent of this crate's directory.
pub fn workspace_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives in the workspace")
        .to_path_buf()
}
