//! Replays every committed seed of the `ops` fuzz target (fuzz/seeds/ops/*) through the same
//! fuzz body cargo-fuzz runs, so CI exercises it without cargo-fuzz (TOOLING.md).

mod ops_body {
    include!("../../fuzz/bodies/ops.rs");
}

#[test]
fn ops_seeds_replay() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../fuzz/seeds/ops");
    let mut seeds: Vec<_> = std::fs::read_dir(&dir)
        .map(|d| d.filter_map(|e| e.ok()).map(|e| e.path()).collect())
        .unwrap_or_default();
    seeds.sort();
    assert!(!seeds.is_empty(), "fuzz/seeds/ops holds no seed");
    for path in seeds {
        let bytes = std::fs::read(&path).unwrap_or_default();
        let r = std::panic::catch_unwind(|| ops_body::run_ops(&bytes));
        assert!(r.is_ok(), "seed {} failed", path.display());
    }
}

/// What the machine shows: per process, running state, last error, every handle's object
/// type and counts, and the address space region by region.
fn fingerprint(sys: &winsection::System) -> Vec<String> {
    use winsection::Handle;
    let mut out = Vec::new();
    for pid in sys.processes() {
        let last_error = sys.teb(pid).map_or(0, |t| t.last_error);
        out.push(format!(
            "{pid} running={} le={last_error}",
            sys.is_running(pid)
        ));
        for value in (4..=0x400u64).step_by(4) {
            if let Ok(info) = sys.object_basic_information(pid, Handle(value)) {
                let ty = sys.object_type(pid, Handle(value)).ok();
                out.push(format!("  {value:#x} {ty:?} {info:?}"));
            }
        }
        let mut address = 0x1_0000u64;
        while let Ok(m) = sys.virtual_query(pid, address) {
            out.push(format!(
                "  {:#x} {:#x} {} {:#x}",
                m.BaseAddress, m.RegionSize, m.State, m.Protect
            ));
            if m.RegionSize == 0 {
                break;
            }
            address = m.BaseAddress.saturating_add(m.RegionSize);
        }
    }
    out
}

/// The crate's `fuzzing::apply` resolves ops against the engine as the model resolves them
/// against itself: every seed leaves both machines showing the same state.
#[test]
fn crate_apply_resolves_ops_as_the_model_does() {
    use arbitrary::{Arbitrary, Unstructured};
    use winsection_model::{Harness, Op};
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../fuzz/seeds/ops");
    let mut seeds: Vec<_> = std::fs::read_dir(&dir)
        .map(|d| d.filter_map(|e| e.ok()).map(|e| e.path()).collect())
        .unwrap_or_default();
    seeds.sort();
    for path in seeds {
        let bytes = std::fs::read(&path).unwrap_or_default();
        let mut harness = Harness::new();
        let mut sys = winsection::System::new();
        for _ in 0..2 {
            let spawn = Op::Spawn {
                session: 1,
                global_privilege: false,
                parent: None,
                inherit: false,
                app_container: None,
            };
            winsection::fuzzing::apply(&mut sys, &spawn);
        }
        let mut u = Unstructured::new(&bytes);
        for _ in 0..96 {
            if u.is_empty() {
                break;
            }
            let Ok(op) = Op::arbitrary(&mut u) else { break };
            if harness.step(&op).is_err() {
                break;
            }
            winsection::fuzzing::apply(&mut sys, &op);
            if let Err(e) = sys.check_touched() {
                panic!("seed {}: {e}", path.display());
            }
        }
        assert_eq!(
            fingerprint(&harness.sys),
            fingerprint(&sys),
            "seed {}",
            path.display()
        );
    }
}
