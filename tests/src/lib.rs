//! Helpers for the workspace-level tests (`clients/`, `end_to_end/`) and for
//! billing-core's own tests: the vendors' documented examples read straight
//! from `specs/`, local servers and configs on 127.0.0.1, and misbehaving
//! servers on 127.x addresses (`hostile`).

pub mod hostile;
pub mod local;
pub mod specs;

pub use specs::{example, spec_file};
