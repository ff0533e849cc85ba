#![no_main]

use std::sync::LazyLock;

use gundo_fuzz::SubmitHarness;

/// One runtime and one store for the whole run: opening them per input would
/// measure set-up, not the parser.
static HARNESS: LazyLock<SubmitHarness> = LazyLock::new(SubmitHarness::new);

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    HARNESS.run(data);
});
