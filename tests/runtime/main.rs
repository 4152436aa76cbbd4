//! The runtime every generated client runs on, driven through the generator
//! fixture's client against misbehaving servers on 127.x (`hostile`): every
//! case ends within its deadline, bounded in requests and memory, with a
//! typed error and the key nowhere in what the caller sees.

mod common;
mod limits;
mod paging;
mod redirects;
mod retries;
