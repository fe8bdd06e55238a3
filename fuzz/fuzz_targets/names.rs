#![no_main]
include!("../bodies/names.rs");
libfuzzer_sys::fuzz_target!(|data: &[u8]| run_names(data));
