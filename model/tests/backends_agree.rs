//! The same `ops` sequences on both page backends give the same observable results.
//!
//! A `proptest-state-machine` test whose system under test is two harnesses: one on the
//! simulated backend (the default), one on the host-memory backend (`MemoryBackend::host()`,
//! the backend `winsection::sys` runs on), whose host mirror is synchronised after every call
//! as the `sys` layer does. Each harness checks every result, out-parameter, last error, read-
//! back byte and the machine's observable state against the same model, so both backends
//! agree with each other. Then the mirror itself is checked: in every process, the first byte
//! of every committed readable run is read through the real pointer and must equal what
//! `System::read_memory` reads there.
//!
//! `PROPTEST_CASES` scales the number of cases (default below; the host side maps real memory,
//! so it is slower than `model_matches_engine`).

#![cfg(target_os = "linux")]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use proptest::prelude::*;
use proptest::test_runner::{Config, RngSeed};
use proptest_state_machine::{prop_state_machine, ReferenceStateMachine, StateMachineTest};

use winsection::win32::{MEM_COMMIT, PAGE_EXECUTE, PAGE_GUARD, PAGE_NOACCESS};
use winsection::{MemoryBackend, System, SystemConfig};
use winsection_model::op::{op_strategy_for, Op, Resolve};
use winsection_model::spec::*;
use winsection_model::Harness;

const DEFAULT_CASES: u32 = 96;
const DEFAULT_SEED: u64 = 0x5EC7_1012_0002;

fn config() -> Config {
    let mut c = Config::default();
    if std::env::var_os("PROPTEST_CASES").is_none() {
        c.cases = DEFAULT_CASES;
    }
    if std::env::var_os("PROPTEST_RNG_SEED").is_none() {
        c.rng_seed = RngSeed::Fixed(DEFAULT_SEED);
    }
    c
}

struct ModelMachine;

impl ReferenceStateMachine for ModelMachine {
    type State = Model;
    type Transition = Op;

    fn init_state() -> BoxedStrategy<Model> {
        Just(Harness::new().model).boxed()
    }

    fn transitions(state: &Model) -> BoxedStrategy<Op> {
        op_strategy_for(state)
    }

    fn apply(mut state: Model, op: &Op) -> Model {
        let call = op.resolve(&state);
        state.apply(&call);
        state
    }
}

/// `Harness::new()` on the host-memory backend: the same two processes.
fn host_harness() -> Harness {
    let mut h = Harness::empty();
    h.sys = System::with_config(SystemConfig {
        memory: MemoryBackend::host(),
        ..SystemConfig::default()
    });
    for _ in 0..2 {
        h.step_call(&Call::Spawn {
            session: 1,
            create_global: false,
            parent: None,
            inherit_handles: false,
            app_container: None,
        })
        .unwrap();
    }
    h
}

/// The first byte of every committed, readable run, through the real pointer and through the
/// engine, in every running process.
fn mirror_matches_engine(sys: &mut System) -> Result<(), String> {
    let pids: Vec<_> = sys.processes().filter(|p| sys.is_running(*p)).collect();
    for pid in pids {
        let Some((base, window)) = sys.host_reservation(pid) else {
            return Err(format!("process {pid} has no host window"));
        };
        let mut address = 0x1_0000u64;
        while address < window {
            let Ok(mbi) = sys.virtual_query(pid, address) else {
                break;
            };
            let readable = mbi.State == MEM_COMMIT
                && mbi.Protect & (PAGE_GUARD | PAGE_NOACCESS) == 0
                && mbi.Protect != PAGE_EXECUTE;
            if readable {
                let engine = sys.read_memory(pid, address, 1).unwrap().unwrap()[0];
                // SAFETY: the engine reports the page committed and readable, so the mirror
                // maps it readable at `base + address`.
                let real = unsafe { ((base + address as usize) as *const u8).read_volatile() };
                if engine != real {
                    return Err(format!(
                        "process {pid} at {address:#x}: engine {engine:#x}, host memory {real:#x}"
                    ));
                }
            }
            let next = mbi.BaseAddress.saturating_add(mbi.RegionSize);
            if next <= address {
                break;
            }
            address = next;
        }
    }
    Ok(())
}

struct BothBackends;

impl StateMachineTest for BothBackends {
    type SystemUnderTest = (Harness, Harness);
    type Reference = ModelMachine;

    fn init_test(_: &Model) -> (Harness, Harness) {
        (Harness::new(), host_harness())
    }

    fn apply((mut sim, mut host): (Harness, Harness), _: &Model, op: Op) -> (Harness, Harness) {
        if let Err(e) = sim.step(&op) {
            panic!("simulated backend and model disagree:\n{e}");
        }
        if let Err(e) = host.step(&op) {
            panic!("host backend and model disagree:\n{e}");
        }
        host.sys.sync_host();
        if let Err(e) = mirror_matches_engine(&mut host.sys) {
            panic!("host mirror disagrees with the engine after {op:?}:\n{e}");
        }
        host.sys.check().unwrap();
        assert!(sim.model == host.model);
        (sim, host)
    }
}

prop_state_machine! {
    #![proptest_config(config())]
    #[test]
    fn backends_agree(sequential 1..48 => BothBackends);
}
