//! Spec evolution: what changed between two documents, and what version and
//! changelog entry a regenerated crate gets for it.

/// The generator's own versions and revisions (`GENERATOR_REVISION`).
pub mod generator;
/// Changes between two normalised documents, breaking or not for Rust users.
pub mod specdiff;
/// A crate's version and `CHANGELOG.md` from those changes.
pub mod versioning;
