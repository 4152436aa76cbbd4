//! Spec evolution: what changed between two documents, and what version and
//! changelog entry a regenerated crate gets for it.

/// Changes between two normalised documents, breaking or not for Rust users.
pub(crate) mod specdiff;

/// A crate's version and `CHANGELOG.md` from those changes.
pub mod versioning;

/// The generator's own versions and revisions (`GENERATOR_REVISION`).
pub(crate) mod generator;
