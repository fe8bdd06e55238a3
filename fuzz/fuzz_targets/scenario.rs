#![no_main]
include!("../bodies/scenario.rs");
libfuzzer_sys::fuzz_target!(|data: &[u8]| run_scenario(data));
