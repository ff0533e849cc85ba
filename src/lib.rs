//! gundo: an anonymous whistleblower submission server (a Tor onion
//! service), and the offline tool reviewers use to read what it receives.
//!
//! The layers point one way, inward. The pure core — [`receipt`], [`seal`],
//! [`reply`], [`keys`] — knows nothing of HTTP, SQL or terminals; nor does
//! [`i18n`], the catalogues the site and the reviewer desk share. Around it,
//! [`store`] is the only door to disk state, [`web`] the submission site, and
//! [`demo`] the zero-set-up demo. For operators, [`check`] inspects a
//! deployment, [`service`] speaks to systemd and runs the retention sweep,
//! and [`hygiene`] keeps memory off the disk. [`terminal`] makes hostile
//! text safe to print. `main.rs` only parses arguments.

#![forbid(unsafe_code)]

pub mod bundle;
pub mod check;
pub mod config;
pub mod day;
pub mod demo;
pub mod hygiene;
pub mod i18n;
pub mod ids;
pub mod keys;
pub mod receipt;
pub mod reply;
pub mod review;
pub mod seal;
pub mod service;
pub mod store;
pub mod terminal;
pub mod web;
