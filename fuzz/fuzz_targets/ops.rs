#![no_main]
include!("../bodies/ops.rs");
libfuzzer_sys::fuzz_target!(|data: &[u8]| run_ops(data));
