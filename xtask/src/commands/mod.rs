//! The `cargo xtask` subcommands.

/// `cargo xtask bench`.
pub mod bench;

/// The cargo child processes the commands run.
mod cargo;

/// `cargo xtask corpus`.
pub mod corpus;
/// `cargo xtask diff VENDOR`.
pub mod diff;
/// `cargo xtask features [VENDOR...]`.
pub mod features;
/// `cargo xtask pull [VENDOR...]`.
pub mod pull;
/// `cargo xtask regen [VENDOR...] [--check] [--timings]`.
pub mod regen;
/// The synthetic spec `bench` times.
mod synth;
