#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    gundo_fuzz::clean(data);
});
