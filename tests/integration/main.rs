//! Integration tests: the real router on a real socket, the real binary.
//! One test binary so it links once.

// A test that follows a user through the whole journey is long by nature.
#![allow(
    clippy::unwrap_used,
    clippy::missing_panics_doc,
    clippy::too_many_lines,
    missing_docs,
    unreachable_pub
)]

mod abuse;
mod cli;
mod fixtures;
mod fuzz_regressions;
mod imports;
mod keys;
mod memory;
mod newcomer;
mod ops;
mod plugin;
mod properties;
mod review;
mod site;
mod support;
