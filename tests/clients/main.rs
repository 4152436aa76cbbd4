//! Each generated client against a local server on 127.0.0.1: the documented
//! examples decode, the spec's credential is sent, and the generated types
//! keep what the spec promises (open enums, exact date-times).

mod autoposting;
mod cekura;
mod date_times;
mod generator_fixture;
mod mifumo;
mod open_enums;
mod profile_payments;
