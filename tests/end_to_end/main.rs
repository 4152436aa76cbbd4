//! Across crates: billing-core over the generated clients, on the vendors'
//! documented examples and on the sandbox that every vendor's registry entry
//! feeds.

mod documented_examples;
mod ledger_on_sandbox;
mod sandbox;
