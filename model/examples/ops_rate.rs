//! Executions per second of the `ops` fuzz body on pseudo-random inputs, without cargo-fuzz:
//! `cargo run --release -p winsection-model --example ops_rate [SECONDS] [SEED] [MAX_INPUTS]`
//! (a fixed MAX_INPUTS gives a stable instruction count under `valgrind --tool=callgrind`). A quick way
//! to see what the invariant check and the model cost per input (issue #11).

mod ops_body {
    include!("../../fuzz/bodies/ops.rs");
}

fn main() {
    let mut args = std::env::args().skip(1);
    let seconds: u64 = args.next().and_then(|s| s.parse().ok()).unwrap_or(5);
    let mut x: u64 = args.next().and_then(|s| s.parse().ok()).unwrap_or(1) | 1;
    let max_inputs: u64 = args.next().and_then(|s| s.parse().ok()).unwrap_or(u64::MAX);
    let start = std::time::Instant::now();
    let mut runs = 0u64;
    let mut input = Vec::new();
    while start.elapsed().as_secs() < seconds && runs < max_inputs {
        input.clear();
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        let len = 64 + (x % 1024) as usize;
        for _ in 0..len {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            input.push((x >> 24) as u8);
        }
        let _ = std::panic::catch_unwind(|| ops_body::run_ops(&input));
        runs += 1;
    }
    let secs = start.elapsed().as_secs_f64();
    println!(
        "{runs} inputs in {secs:.1} s: {:.0} exec/s",
        runs as f64 / secs
    );
}
