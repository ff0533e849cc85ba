//! Replays the fuzz corpora without libFuzzer: every seed in `fuzz/corpus/`
//! and every input that once crashed a target (`tests/data/fuzz/`) goes
//! through the very harness the targets run (`fuzz/src/lib.rs`, included
//! below), which asserts each entry point's promises. Seeds named `ok-*`
//! must be accepted and `bad-*` refused, so the harness itself is tested.

use std::path::{Path, PathBuf};

#[path = "../../fuzz/src/lib.rs"]
pub(crate) mod harness;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// Every file of `target` in the seed corpus and in the regression inputs.
fn inputs(target: &str) -> Vec<(PathBuf, Vec<u8>)> {
    let mut found = Vec::new();
    for dir in ["fuzz/corpus", "tests/data/fuzz"] {
        let dir = Path::new(ROOT).join(dir).join(target);
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries {
            let path = entry.unwrap().path();
            let data = std::fs::read(&path).unwrap();
            found.push((path, data));
        }
    }
    found.sort();
    found
}

/// Runs `run` on every input of `target`, checking the `ok-`/`bad-` seeds'
/// outcome; returns how many inputs there were.
fn replay(target: &str, mut run: impl FnMut(&[u8]) -> bool) -> usize {
    let all = inputs(target);
    for (path, data) in &all {
        let accepted = run(data);
        let name = path.file_name().unwrap().to_string_lossy();
        if name.starts_with("ok-") {
            assert!(accepted, "{} was refused", path.display());
        } else if name.starts_with("bad-") {
            assert!(!accepted, "{} was accepted", path.display());
        }
    }
    assert!(!all.is_empty(), "no corpus for {target}");
    all.len()
}

#[test]
fn receipt() {
    replay("receipt", harness::receipt);
}

#[test]
fn proxy_header() {
    replay("proxy_header", harness::proxy_header);
}

#[test]
fn config() {
    replay("config", harness::config);
}

#[test]
fn attachment_names() {
    replay("attachment_names", harness::attachment_names);
}

#[test]
fn outbox() {
    replay("outbox", harness::outbox);
}

#[test]
fn export_bundle() {
    replay("export_bundle", harness::export_bundle);
}

#[test]
fn submit_multipart() {
    let site = harness::SubmitHarness::new();
    replay("submit_multipart", |data| site.run(data) == 200);
}

#[test]
fn clean() {
    replay("clean", harness::clean);
}
