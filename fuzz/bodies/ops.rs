// The `ops` fuzz body: arbitrary operation sequences applied to the engine and to the
// reference model side by side (winsection-model's `Harness`). Properties: no panic; after
// every step the engine's return value, last error and observable state agree with the
// model's prediction and `System::check_touched()` holds; `System::check()` holds at the end.
// Included by fuzz/fuzz_targets/ops.rs and by model/tests/fuzz_replay.rs (which replays
// fuzz/seeds/ops/*).

use arbitrary::{Arbitrary, Unstructured};
use winsection_model::{Harness, Op};

/// The most operations one input runs (keeps every execution short).
const MAX_OPS: usize = 96;

/// Steps between two audits of the whole machine.
const AUDIT_PERIOD: usize = 16;

/// Runs one input; panics (a finding) on the first disagreement.
pub fn run_ops(data: &[u8]) {
    // One op after another while bytes remain (`Vec::arbitrary_take_rest` would decode only a
    // handful of ops from most inputs).
    let mut u = Unstructured::new(data);
    let mut harness = Harness::new();
    // The whole machine is audited every AUDIT_PERIOD steps and at the end (issue #11).
    harness.audit_period = AUDIT_PERIOD;
    for i in 0..MAX_OPS {
        if u.is_empty() {
            break;
        }
        let Ok(op) = Op::arbitrary(&mut u) else { break };
        if let Err(e) = harness.step(&op) {
            panic!("step {i} {op:?}: {e}");
        }
    }
    if let Err(e) = harness.check_full() {
        panic!("{e}");
    }
}
