//! Integration tests: the real router on a real socket, the real binary.
//! One test binary so it links once.

#![allow(
    clippy::unwrap_used,
    clippy::missing_panics_doc,
    missing_docs,
    unreachable_pub
)]

mod cli;
mod fixtures;
mod review;
mod site;
mod support;
