//! The model against the engine.
//!
//! - `model_matches_engine`: a `proptest-state-machine` test. The reference state machine is
//!   the model (`winsection_model::spec::Model`), the system under test a
//!   `winsection_model::Harness` (the engine with its own copy of the model): after every
//!   transition the results, out-parameters and last errors agree, the machines' observable
//!   states agree, `System::check_touched()` holds (and `System::check()` at the end of the
//!   case), and the harness's model equals the reference one.
//!   `PROPTEST_CASES` scales the number of cases (default below); `PROPTEST_RNG_SEED` changes
//!   the otherwise fixed seed. Failures are saved next to this file in
//!   `model_vs_engine.proptest-regressions` (commit it).
//! - hand-written stories replayed through the harness, with their documented outcomes.
//! - `known_defect_*` (ignored): the engine defects the strategy keeps out, one call sequence
//!   each; they pass once the engine is fixed.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use proptest::prelude::*;
use proptest::test_runner::{Config, RngSeed};
use proptest_state_machine::{prop_state_machine, ReferenceStateMachine, StateMachineTest};

use winsection_model::op::APP_CONTAINERS;
use winsection_model::op::{op_strategy_for, Op, Resolve};
use winsection_model::spec::*;
use winsection_model::{Harness, Start};

/// Cases when `PROPTEST_CASES` is not set: about 10 s in a debug build (3000 cases take about
/// a minute).
const DEFAULT_CASES: u32 = 512;

/// The seed when `PROPTEST_RNG_SEED` is not set, so that runs repeat.
const DEFAULT_SEED: u64 = 0x5EC7_1011_0006;

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

/// The model as a reference state machine.
struct ModelMachine;

impl ReferenceStateMachine for ModelMachine {
    type State = Model;
    type Transition = Op;

    /// Half the cases on a desktop machine, a quarter on a CE machine, a quarter with an
    /// app-container process first (issue 9).
    fn init_state() -> BoxedStrategy<Model> {
        prop_oneof![
            2 => Just(Start::Desktop),
            1 => Just(Start::Ce),
            1 => Just(Start::AppContainer),
        ]
        .prop_map(|start| Harness::start(start).model)
        .boxed()
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

/// The engine (with the harness's own model) as the system under test.
struct EngineTest;

impl StateMachineTest for EngineTest {
    type SystemUnderTest = Harness;
    type Reference = ModelMachine;

    fn init_test(state: &Model) -> Harness {
        Harness::start(Start::of(state))
    }

    fn apply(mut h: Harness, ref_state: &Model, op: Op) -> Harness {
        if let Err(e) = h.step(&op) {
            panic!("model and engine disagree:\n{e}");
        }
        assert!(
            h.model == *ref_state,
            "the harness's model diverged from the reference state machine after {op:?}"
        );
        h
    }

    /// Each step ran the cheap `check_touched`; the whole machine is recounted once per case.
    fn teardown(h: Harness, _: Model) {
        if let Err(e) = h.check_full() {
            panic!("{e}");
        }
    }
}

prop_state_machine! {
    #![proptest_config(config())]
    #[test]
    fn model_matches_engine(sequential 1..48 => EngineTest);
}

// ---------------------------------------------------------------------------------------------
// Hand-written stories.

/// Runs a call on both sides and returns the outcome they agree on.
fn run(h: &mut Harness, call: Call) -> Outcome {
    let expected = h.model.clone().apply(&call);
    if let Err(e) = h.step_call(&call) {
        panic!("model and engine disagree:\n{e}");
    }
    expected
}

fn handle(o: &Outcome) -> isize {
    match o.value {
        Value::Handle(h) => h,
        ref v => panic!("not a handle: {v:?}"),
    }
}

fn address(o: &Outcome) -> u64 {
    match o.value {
        Value::Address(a) => a,
        ref v => panic!("not an address: {v:?}"),
    }
}

fn pagefile(pid: u32, protect: u32, size: u64, name: Option<&str>) -> Call {
    Call::CreateFileMapping {
        pid,
        file: INVALID_HANDLE_VALUE,
        fl_protect: protect,
        size,
        name: name.map(String::from),
        inherit: false,
    }
}

fn map(pid: u32, handle: isize, access: u32, size: u64) -> Call {
    Call::MapView {
        pid,
        handle,
        access,
        offset: 0,
        size,
        base: 0,
    }
}

fn open_file(pid: u32, path: &str, access: u32, disposition: u32) -> Call {
    Call::CreateFile {
        pid,
        path: Some(path.into()),
        access,
        share: FILE_SHARE_READ | FILE_SHARE_WRITE,
        disposition,
        inherit: false,
    }
}

fn two_processes() -> (Harness, u32, u32) {
    let h = Harness::new();
    let pids = h.model.live_pids();
    (h, pids[0], pids[1])
}

/// The squatting story (catalog B8, F5, M2): a squatter creates the name first with 4 KiB; the
/// app asks for 1 MiB, gets ERROR_ALREADY_EXISTS and the 4 KiB section; its 1 MiB view fails
/// ERROR_ACCESS_DENIED, its whole view is 4 KiB, and byte 4096 faults.
#[test]
fn squatting_story() {
    let (mut h, squatter, app) = two_processes();
    let s = run(
        &mut h,
        pagefile(squatter, PAGE_READWRITE, 4096, Some("MyFileMapping")),
    );
    assert_ne!(handle(&s), 0);
    assert_eq!(s.last_error, ERROR_SUCCESS);
    let a = run(
        &mut h,
        pagefile(app, PAGE_READWRITE, 1 << 20, Some("MyFileMapping")),
    );
    let ha = handle(&a);
    assert_ne!(ha, 0);
    assert_eq!(a.last_error, ERROR_ALREADY_EXISTS);
    let big = run(&mut h, map(app, ha, FILE_MAP_WRITE, 1 << 20));
    assert_eq!((address(&big), big.last_error), (0, ERROR_ACCESS_DENIED));
    let view = address(&run(&mut h, map(app, ha, FILE_MAP_WRITE, 0)));
    assert_ne!(view, 0);
    let q = run(
        &mut h,
        Call::VirtualQuery {
            pid: app,
            address: view,
        },
    );
    match q.value {
        Value::Query(48, m) => assert_eq!((m.region_size, m.state), (4096, MEM_COMMIT)),
        v => panic!("{v:?}"),
    }
    let w = run(
        &mut h,
        Call::Write {
            pid: app,
            address: view + 4095,
            value: 1,
        },
    );
    assert_eq!(w.value, Value::Write(Access::Done(())));
    let f = run(
        &mut h,
        Call::Write {
            pid: app,
            address: view + 4096,
            value: 1,
        },
    );
    assert!(matches!(
        f.value,
        Value::Write(Access::Fault(Fault::AccessViolation { .. }))
    ));
    // A global squat needs SeCreateGlobalPrivilege from session 1 (J1)...
    let g = run(
        &mut h,
        pagefile(squatter, PAGE_READWRITE, 4096, Some("Global\\Cam")),
    );
    assert_eq!((handle(&g), g.last_error), (0, ERROR_ACCESS_DENIED));
    // ... but not from a service in session 0, and then everyone can open it (J2).
    let svc = match run(
        &mut h,
        Call::Spawn {
            session: 0,
            create_global: false,
            parent: None,
            inherit_handles: false,
            app_container: None,
        },
    )
    .value
    {
        Value::Spawned(Ok(pid)) => pid,
        v => panic!("{v:?}"),
    };
    let g = run(&mut h, pagefile(svc, PAGE_READWRITE, 4096, Some("Cam")));
    assert_eq!(g.last_error, ERROR_SUCCESS);
    let o = run(
        &mut h,
        Call::OpenFileMapping {
            pid: app,
            access: FILE_MAP_READ,
            inherit: false,
            name: Some("Global\\Cam".into()),
        },
    );
    assert_ne!(handle(&o), 0);
}

/// Name lifetime (G1-G3, G9): the name dies with the last handle even while a view is mapped;
/// re-creating it gives a fresh, zero-filled section while the old view keeps the old bytes.
#[test]
fn name_lifetime() {
    let (mut h, a, b) = two_processes();
    let h1 = handle(&run(
        &mut h,
        pagefile(a, PAGE_READWRITE, 0x10000, Some("N")),
    ));
    let view = address(&run(&mut h, map(a, h1, FILE_MAP_WRITE, 0)));
    run(
        &mut h,
        Call::Write {
            pid: a,
            address: view,
            value: 0x5A,
        },
    );
    // A duplicate keeps the name (G3).
    let d = run(
        &mut h,
        Call::DuplicateHandle {
            pid: a,
            handle: h1,
            target: DupTarget::Pid(b),
            access: 0,
            inherit: false,
            options: DUPLICATE_SAME_ACCESS,
        },
    );
    let Value::Duplicated(1, hb) = d.value else {
        panic!("{d:?}")
    };
    run(&mut h, Call::CloseHandle { pid: a, handle: h1 });
    let o = run(
        &mut h,
        Call::OpenFileMapping {
            pid: a,
            access: FILE_MAP_READ,
            inherit: false,
            name: Some("N".into()),
        },
    );
    let ho = handle(&o);
    assert_ne!(ho, 0);
    run(&mut h, Call::CloseHandle { pid: a, handle: ho });
    run(&mut h, Call::CloseHandle { pid: b, handle: hb });
    let gone = run(
        &mut h,
        Call::OpenFileMapping {
            pid: a,
            access: FILE_MAP_READ,
            inherit: false,
            name: Some("N".into()),
        },
    );
    assert_eq!((handle(&gone), gone.last_error), (0, ERROR_FILE_NOT_FOUND));
    assert_eq!(
        run(
            &mut h,
            Call::Read {
                pid: a,
                address: view
            }
        )
        .value,
        Value::Read(Access::Done(0x5A))
    );
    let again = run(&mut h, pagefile(a, PAGE_READWRITE, 0x10000, Some("N")));
    assert_eq!(again.last_error, ERROR_SUCCESS);
    let v2 = address(&run(&mut h, map(a, handle(&again), FILE_MAP_READ, 0)));
    assert_eq!(
        run(
            &mut h,
            Call::Read {
                pid: a,
                address: v2
            }
        )
        .value,
        Value::Read(Access::Done(0))
    );
    // Process exit closes everything (G10).
    run(&mut h, Call::Exit { pid: a });
    let after = run(
        &mut h,
        Call::OpenFileMapping {
            pid: b,
            access: FILE_MAP_READ,
            inherit: false,
            name: Some("N".into()),
        },
    );
    assert_eq!(after.last_error, ERROR_FILE_NOT_FOUND);
}

/// Copy-on-write (F15, E8): a FILE_MAP_COPY view's write lands in a private page, which then
/// reports PAGE_READWRITE; other views and the file keep the old byte.
#[test]
fn copy_on_write() {
    let (mut h, a, _) = two_processes();
    let f = handle(&run(
        &mut h,
        open_file(
            a,
            "C:\\cow.dat",
            GENERIC_READ | GENERIC_WRITE,
            CREATE_ALWAYS,
        ),
    ));
    run(
        &mut h,
        Call::WriteFile {
            pid: a,
            handle: f,
            value: 0x01,
            len: 4,
        },
    );
    let s = handle(&run(
        &mut h,
        Call::CreateFileMapping {
            pid: a,
            file: f,
            fl_protect: PAGE_READONLY,
            size: 0,
            name: None,
            inherit: false,
        },
    ));
    assert_ne!(s, 0);
    let shared = address(&run(&mut h, map(a, s, FILE_MAP_READ, 0)));
    let private = address(&run(&mut h, map(a, s, FILE_MAP_COPY, 0)));
    let q = run(
        &mut h,
        Call::VirtualQuery {
            pid: a,
            address: private,
        },
    );
    assert!(matches!(q.value, Value::Query(48, m) if m.protect == PAGE_WRITECOPY));
    let w = run(
        &mut h,
        Call::Write {
            pid: a,
            address: private + 1,
            value: 0xA5,
        },
    );
    assert_eq!(w.value, Value::Write(Access::Done(())));
    assert_eq!(
        run(
            &mut h,
            Call::Read {
                pid: a,
                address: private + 1
            }
        )
        .value,
        Value::Read(Access::Done(0xA5))
    );
    assert_eq!(
        run(
            &mut h,
            Call::Read {
                pid: a,
                address: private
            }
        )
        .value,
        Value::Read(Access::Done(0x01))
    );
    assert_eq!(
        run(
            &mut h,
            Call::Read {
                pid: a,
                address: shared + 1
            }
        )
        .value,
        Value::Read(Access::Done(0x01))
    );
    let q = run(
        &mut h,
        Call::VirtualQuery {
            pid: a,
            address: private,
        },
    );
    assert!(
        matches!(q.value, Value::Query(48, m) if m.protect == PAGE_READWRITE && m.kind == MEM_MAPPED)
    );
    // The shared read-only view cannot write (and a write view of a read-only section is
    // refused by the handle's rights: E7).
    let ro = run(
        &mut h,
        Call::Write {
            pid: a,
            address: shared,
            value: 1,
        },
    );
    assert!(matches!(ro.value, Value::Write(Access::Fault(_))));
    let rw = run(&mut h, map(a, s, FILE_MAP_WRITE, 0));
    assert_eq!((address(&rw), rw.last_error), (0, ERROR_ACCESS_DENIED));
}

/// Grow-on-map (D3-D5, D10, H18): a writable section larger than the file grows it at once,
/// zero-filled; a read-only one fails ERROR_NOT_ENOUGH_MEMORY; an empty file with size 0 is
/// ERROR_FILE_INVALID.
#[test]
fn grow_on_map() {
    let (mut h, a, _) = two_processes();
    let f = handle(&run(
        &mut h,
        open_file(
            a,
            "C:\\grow.dat",
            GENERIC_READ | GENERIC_WRITE,
            CREATE_ALWAYS,
        ),
    ));
    let empty = run(
        &mut h,
        Call::CreateFileMapping {
            pid: a,
            file: f,
            fl_protect: PAGE_READWRITE,
            size: 0,
            name: None,
            inherit: false,
        },
    );
    assert_eq!((handle(&empty), empty.last_error), (0, ERROR_FILE_INVALID));
    run(
        &mut h,
        Call::SetFilePointer {
            pid: a,
            handle: f,
            position: 99,
        },
    );
    run(
        &mut h,
        Call::WriteFile {
            pid: a,
            handle: f,
            value: 0x5A,
            len: 1,
        },
    );
    let ro = run(
        &mut h,
        Call::CreateFileMapping {
            pid: a,
            file: f,
            fl_protect: PAGE_READONLY,
            size: 0x10000,
            name: None,
            inherit: false,
        },
    );
    assert_eq!((handle(&ro), ro.last_error), (0, ERROR_NOT_ENOUGH_MEMORY));
    assert_eq!(
        run(&mut h, Call::GetFileSize { pid: a, handle: f }).value,
        Value::Dword(100, 0)
    );
    let s = handle(&run(
        &mut h,
        Call::CreateFileMapping {
            pid: a,
            file: f,
            fl_protect: PAGE_READWRITE,
            size: 0x10000,
            name: None,
            inherit: false,
        },
    ));
    assert_ne!(s, 0);
    assert_eq!(
        run(&mut h, Call::GetFileSize { pid: a, handle: f }).value,
        Value::Dword(0x10000, 0)
    );
    let v = address(&run(&mut h, map(a, s, FILE_MAP_WRITE, 0)));
    assert_eq!(
        run(
            &mut h,
            Call::Read {
                pid: a,
                address: v + 99
            }
        )
        .value,
        Value::Read(Access::Done(0x5A))
    );
    assert_eq!(
        run(
            &mut h,
            Call::Read {
                pid: a,
                address: v + 100
            }
        )
        .value,
        Value::Read(Access::Done(0))
    );
    // A second, larger section grows the file again; the first keeps its size (D10).
    let s2 = handle(&run(
        &mut h,
        Call::CreateFileMapping {
            pid: a,
            file: f,
            fl_protect: PAGE_READWRITE,
            size: 0x20000,
            name: None,
            inherit: false,
        },
    ));
    assert_ne!(s2, 0);
    assert_eq!(
        run(&mut h, Call::GetFileSize { pid: a, handle: f }).value,
        Value::Dword(0x20000, 0)
    );
    let big = run(&mut h, map(a, s, FILE_MAP_WRITE, 0x20000));
    assert_eq!(big.last_error, ERROR_ACCESS_DENIED);
}

/// ERROR_USER_MAPPED_FILE (H4-H7): a section, with or without a view, blocks truncation;
/// growing is fine; once every section and view is gone the file can shrink.
#[test]
fn user_mapped_file() {
    let (mut h, a, _) = two_processes();
    let f = handle(&run(
        &mut h,
        open_file(
            a,
            "C:\\trunc.dat",
            GENERIC_READ | GENERIC_WRITE,
            CREATE_ALWAYS,
        ),
    ));
    let s = handle(&run(
        &mut h,
        Call::CreateFileMapping {
            pid: a,
            file: f,
            fl_protect: PAGE_READWRITE,
            size: 0x30000,
            name: None,
            inherit: false,
        },
    ));
    let v = address(&run(&mut h, map(a, s, FILE_MAP_WRITE, 0)));
    run(
        &mut h,
        Call::SetFilePointer {
            pid: a,
            handle: f,
            position: 4096,
        },
    );
    let shrink = run(&mut h, Call::SetEndOfFile { pid: a, handle: f });
    assert_eq!(
        (shrink.value.clone(), shrink.last_error),
        (Value::Bool(0), ERROR_USER_MAPPED_FILE)
    );
    run(
        &mut h,
        Call::SetFilePointer {
            pid: a,
            handle: f,
            position: 0x40000,
        },
    );
    assert_eq!(
        run(&mut h, Call::SetEndOfFile { pid: a, handle: f }).value,
        Value::Bool(1)
    );
    // CREATE_ALWAYS / TRUNCATE_EXISTING also refuse (H7).
    let t = run(
        &mut h,
        open_file(
            a,
            "C:\\trunc.dat",
            GENERIC_READ | GENERIC_WRITE,
            TRUNCATE_EXISTING,
        ),
    );
    assert_eq!(
        (handle(&t), t.last_error),
        (INVALID_HANDLE_VALUE, ERROR_USER_MAPPED_FILE)
    );
    // The section alone still blocks (H5); after unmap and close the file shrinks.
    run(&mut h, Call::Unmap { pid: a, address: v });
    run(
        &mut h,
        Call::SetFilePointer {
            pid: a,
            handle: f,
            position: 4096,
        },
    );
    assert_eq!(
        run(&mut h, Call::SetEndOfFile { pid: a, handle: f }).last_error,
        ERROR_USER_MAPPED_FILE
    );
    run(&mut h, Call::CloseHandle { pid: a, handle: s });
    assert_eq!(
        run(&mut h, Call::SetEndOfFile { pid: a, handle: f }).value,
        Value::Bool(1)
    );
    assert_eq!(
        run(&mut h, Call::GetFileSize { pid: a, handle: f }).value,
        Value::Dword(4096, 0)
    );
}

/// Namespaces and clashes (A2-A14, B2-B5): prefixes, case, backslashes, type clashes.
#[test]
fn names_and_clashes() {
    let (mut h, a, _) = two_processes();
    let x = run(&mut h, pagefile(a, PAGE_READWRITE, 4096, Some("Local\\X")));
    assert_eq!(x.last_error, ERROR_SUCCESS);
    assert_eq!(
        run(&mut h, pagefile(a, PAGE_READWRITE, 4096, Some("X"))).last_error,
        ERROR_ALREADY_EXISTS
    );
    assert_eq!(
        run(
            &mut h,
            pagefile(a, PAGE_READWRITE, 4096, Some("Session\\1\\X"))
        )
        .last_error,
        ERROR_ALREADY_EXISTS
    );
    assert_eq!(
        run(&mut h, pagefile(a, PAGE_READWRITE, 4096, Some("x"))).last_error,
        ERROR_SUCCESS
    );
    assert_eq!(
        run(&mut h, pagefile(a, PAGE_READWRITE, 4096, Some("global\\X"))).last_error,
        ERROR_PATH_NOT_FOUND
    );
    assert_eq!(
        run(&mut h, pagefile(a, PAGE_READWRITE, 4096, Some("\\X"))).last_error,
        ERROR_BAD_PATHNAME
    );
    assert_eq!(
        run(
            &mut h,
            pagefile(a, PAGE_READWRITE, 4096, Some("Global\\\\X"))
        )
        .last_error,
        ERROR_INVALID_NAME
    );
    assert_eq!(
        run(
            &mut h,
            pagefile(a, PAGE_READWRITE, 4096, Some("Session\\9\\X"))
        )
        .last_error,
        ERROR_PATH_NOT_FOUND
    );
    let open = |name: Option<&str>| Call::OpenFileMapping {
        pid: a,
        access: FILE_MAP_READ,
        inherit: false,
        name: name.map(String::from),
    };
    assert_eq!(run(&mut h, open(Some(""))).last_error, ERROR_INVALID_HANDLE);
    assert_eq!(run(&mut h, open(None)).last_error, ERROR_INVALID_PARAMETER);
    assert_eq!(
        run(&mut h, open(Some("Global\\X"))).last_error,
        ERROR_FILE_NOT_FOUND
    );
    let e = run(
        &mut h,
        Call::CreateEvent {
            pid: a,
            name: Some("E".into()),
            inherit: false,
        },
    );
    assert_eq!(e.last_error, ERROR_SUCCESS);
    assert_eq!(
        run(&mut h, pagefile(a, PAGE_READWRITE, 4096, Some("E"))).last_error,
        ERROR_INVALID_HANDLE
    );
    assert_eq!(
        run(&mut h, open(Some("E"))).last_error,
        ERROR_INVALID_HANDLE
    );
    assert_eq!(
        run(
            &mut h,
            Call::CreateMutex {
                pid: a,
                name: Some("X".into()),
                inherit: false
            }
        )
        .last_error,
        ERROR_INVALID_HANDLE
    );
    // Parameter checks come before the name (B12).
    assert_eq!(
        run(&mut h, pagefile(a, PAGE_READWRITE, 0, Some("E"))).last_error,
        ERROR_INVALID_PARAMETER
    );
}

/// H4: shrinking to exactly the section size while the view is mapped fails
/// ERROR_USER_MAPPED_FILE (Wine 8 oracle `setendoffile_shrink_to_section_size_with_view`).
#[test]
fn shrink_to_section_size_is_refused() {
    let (mut h, a, _) = two_processes();
    let f = handle(&run(
        &mut h,
        open_file(a, "C:\\a.dat", GENERIC_READ | GENERIC_WRITE, CREATE_ALWAYS),
    ));
    run(
        &mut h,
        Call::SetFilePointer {
            pid: a,
            handle: f,
            position: 0x30000,
        },
    );
    run(&mut h, Call::SetEndOfFile { pid: a, handle: f });
    let s = handle(&run(
        &mut h,
        Call::CreateFileMapping {
            pid: a,
            file: f,
            fl_protect: PAGE_READWRITE,
            size: 0,
            name: None,
            inherit: false,
        },
    ));
    address(&run(&mut h, map(a, s, FILE_MAP_WRITE, 0)));
    run(
        &mut h,
        Call::SetFilePointer {
            pid: a,
            handle: f,
            position: 0x40000,
        },
    );
    assert_eq!(
        run(&mut h, Call::SetEndOfFile { pid: a, handle: f }).value,
        Value::Bool(1)
    );
    run(
        &mut h,
        Call::SetFilePointer {
            pid: a,
            handle: f,
            position: 0x30000,
        },
    );
    let r = run(&mut h, Call::SetEndOfFile { pid: a, handle: f });
    assert_eq!(
        (r.value, r.last_error),
        (Value::Bool(0), ERROR_USER_MAPPED_FILE)
    );
}

// ---------------------------------------------------------------------------------------------
// Defects found by the property test, kept as regression tests.

fn replay_unfiltered(calls: &[Call]) -> Result<(), String> {
    let mut h = Harness::new();
    for c in calls {
        h.step_call(c)?;
    }
    Ok(())
}

/// MS docs "Memory Protection Constants": PAGE_NOCACHE cannot be combined with PAGE_GUARD
/// (found by this property test; the engine accepted it).
#[test]
fn guard_with_nocache_is_invalid_parameter() {
    let a = FIRST_PID;
    let r = replay_unfiltered(&[
        pagefile(a, PAGE_READWRITE, 0x10000, None),
        map(a, 4, FILE_MAP_WRITE, 0),
        Call::VirtualProtect {
            pid: a,
            address: 0x1000_0000,
            size: 4096,
            protect: PAGE_READWRITE | PAGE_GUARD | PAGE_NOCACHE,
        },
    ]);
    r.unwrap();
}

#[test]
fn the_harness_survives_garbage() {
    use arbitrary::{Arbitrary, Unstructured};
    let mut h = Harness::new();
    let bytes: Vec<u8> = (0u32..4096)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    let mut u = Unstructured::new(&bytes);
    while !u.is_empty() {
        let Ok(op) = Op::arbitrary(&mut u) else {
            break;
        };
        if let Err(e) = h.step(&op) {
            panic!("{e}");
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The two profiles of issue 9 and the native calls of issue 10, as stories.

fn spawned(o: &Outcome) -> u32 {
    match o.value {
        Value::Spawned(Ok(pid)) => pid,
        ref v => panic!("not a new process: {v:?}"),
    }
}

fn spawn_in(h: &mut Harness, app_container: Option<(usize, bool)>) -> u32 {
    let call = Call::Spawn {
        session: 1,
        create_global: false,
        parent: None,
        inherit_handles: false,
        app_container,
    };
    spawned(&run(h, call))
}

fn open_mapping(pid: u32, access: u32, name: &str) -> Call {
    Call::OpenFileMapping {
        pid,
        access,
        inherit: false,
        name: Some(name.into()),
    }
}

/// The squatter defeated by an app container (catalog J7, J9; the squatting blog's "Another
/// victory for the UWP sandbox"): the Store app's unprefixed name lands in its own directory,
/// so the desktop squatter's 4 KiB section is not what it gets; desktop code reaches the app's
/// object only by the full path; the app reaches neither the session's objects nor
/// `Global\`, and another app container does not reach its objects.
#[test]
fn app_container_defeats_the_squatter() {
    let (mut h, squatter, _) = two_processes();
    let app = spawn_in(&mut h, Some((0, false)));
    let other_app = spawn_in(&mut h, Some((1, true)));
    let squat = run(
        &mut h,
        pagefile(squatter, PAGE_READWRITE, 4096, Some("MyFileMapping")),
    );
    assert_eq!(
        (squat.last_error, handle(&squat) != 0),
        (ERROR_SUCCESS, true)
    );
    let own = run(
        &mut h,
        pagefile(app, PAGE_READWRITE, 0x10_0000, Some("MyFileMapping")),
    );
    assert_eq!((own.last_error, handle(&own) != 0), (ERROR_SUCCESS, true));
    let view = run(&mut h, map(app, handle(&own), FILE_MAP_WRITE, 0x10_0000));
    assert_ne!(address(&view), 0);
    let sid = APP_CONTAINERS[0].1;
    let full = format!("AppContainerNamedObjects\\{sid}\\MyFileMapping");
    assert_ne!(
        handle(&run(&mut h, open_mapping(squatter, FILE_MAP_READ, &full))),
        0
    );
    for (pid, name) in [
        (app, "Session\\1\\MyFileMapping".to_string()),
        (other_app, format!("Session\\1\\{full}")),
    ] {
        let o = run(&mut h, open_mapping(pid, FILE_MAP_READ, &name));
        assert_eq!(
            (handle(&o), o.last_error),
            (0, ERROR_ACCESS_DENIED),
            "{name}"
        );
    }
    let global = run(
        &mut h,
        pagefile(app, PAGE_READWRITE, 4096, Some("Global\\X")),
    );
    assert_eq!(
        (handle(&global), global.last_error),
        (0, ERROR_ACCESS_DENIED)
    );
    // FromApp: executable memory needs codeGeneration (J10).
    let exec = FILE_MAP_READ | FILE_MAP_EXECUTE;
    let refused = run(
        &mut h,
        Call::OpenFileMappingFromApp {
            pid: app,
            access: exec,
            inherit: false,
            name: Some("MyFileMapping".into()),
        },
    );
    assert_eq!(
        (handle(&refused), refused.last_error),
        (0, ERROR_ACCESS_DENIED)
    );
    let protect = run(
        &mut h,
        Call::VirtualProtectFromApp {
            pid: app,
            address: address(&view),
            size: 4096,
            protect: PAGE_EXECUTE_READ,
        },
    );
    assert_eq!(
        (protect.value, protect.last_error),
        (Value::Protect(0, PAGE_NOACCESS), ERROR_ACCESS_DENIED)
    );
}

/// A CE machine (catalog K1-K9, "CreateFileMapping (Windows CE 5.0)"): unsupported flags, one
/// flat namespace shared with events, the empty name, views of one mapping at one address in
/// every process, and the file handle CreateFileMapping takes over even when it fails.
#[test]
fn ce_machine_story() {
    let mut h = Harness::start(Start::Ce);
    let pids = h.model.live_pids();
    let (a, b) = (pids[0], pids[1]);
    for fl in [PAGE_READONLY, PAGE_WRITECOPY, PAGE_READWRITE | SEC_RESERVE] {
        let o = run(&mut h, pagefile(a, fl, 4096, None));
        assert_eq!(
            (handle(&o), o.last_error),
            (0, ERROR_INVALID_PARAMETER),
            "{fl:#x}"
        );
    }
    let event = run(
        &mut h,
        Call::CreateEvent {
            pid: a,
            name: Some("E".into()),
            inherit: false,
        },
    );
    assert_ne!(handle(&event), 0);
    let clash = run(&mut h, pagefile(b, PAGE_READWRITE, 4096, Some("E")));
    assert_eq!(
        (handle(&clash), clash.last_error),
        (0, ERROR_INVALID_HANDLE)
    );
    let prefixed = run(&mut h, pagefile(b, PAGE_READWRITE, 4096, Some("Local\\M")));
    assert_eq!(
        (handle(&prefixed), prefixed.last_error),
        (0, ERROR_INVALID_NAME)
    );
    let first = run(&mut h, pagefile(a, PAGE_READWRITE, 4096, Some("")));
    let second = run(&mut h, pagefile(b, PAGE_READWRITE, 0x10000, Some("")));
    assert_eq!(second.last_error, ERROR_ALREADY_EXISTS);
    let va = address(&run(&mut h, map(a, handle(&first), FILE_MAP_WRITE, 0)));
    let vb = address(&run(&mut h, map(b, handle(&second), FILE_MAP_WRITE, 0)));
    assert_eq!((va, vb), (0x4200_0000, 0x4200_0000));
    // The file handle goes with a failed CreateFileMapping.
    let file = run(
        &mut h,
        Call::CreateFileForMapping {
            pid: a,
            path: Some("C:\\ce.dat".into()),
            access: GENERIC_READ | GENERIC_WRITE,
            disposition: OPEN_ALWAYS,
        },
    );
    let f = handle(&file);
    let failed = run(
        &mut h,
        Call::CreateFileMapping {
            pid: a,
            file: f,
            fl_protect: PAGE_WRITECOPY,
            size: 4096,
            name: None,
            inherit: false,
        },
    );
    assert_eq!(
        (handle(&failed), failed.last_error),
        (0, ERROR_INVALID_PARAMETER)
    );
    let close = run(&mut h, Call::CloseHandle { pid: a, handle: f });
    assert_eq!(
        (close.value, close.last_error),
        (Value::Bool(0), ERROR_INVALID_HANDLE)
    );
}

/// `CreateFileForMapping` does not exist on a desktop machine.
#[test]
fn create_file_for_mapping_is_ce_only() {
    let (mut h, a, _) = two_processes();
    let o = run(
        &mut h,
        Call::CreateFileForMapping {
            pid: a,
            path: Some("C:\\a.dat".into()),
            access: GENERIC_READ,
            disposition: OPEN_ALWAYS,
        },
    );
    assert_eq!(
        (handle(&o), o.last_error),
        (INVALID_HANDLE_VALUE, ERROR_CALL_NOT_IMPLEMENTED)
    );
}

/// NtExtendSection (issue 10): a SEC_RESERVE section grows to whole pages and its view does
/// not; a SEC_COMMIT one is STATUS_SECTION_NOT_EXTENDED; SECTION_EXTEND_SIZE is needed.
#[test]
fn extend_section_story() {
    use winsection_model::spec::native::*;
    let (mut h, a, _) = two_processes();
    let reserve = handle(&run(
        &mut h,
        pagefile(a, PAGE_READWRITE | SEC_RESERVE, 4096, Some("R")),
    ));
    let view = address(&run(&mut h, map(a, reserve, FILE_MAP_WRITE, 0)));
    let denied = run(
        &mut h,
        Call::ExtendSection {
            pid: a,
            handle: reserve,
            size: 0x3000,
        },
    );
    assert_eq!(denied.value, Value::Extended(STATUS_ACCESS_DENIED, 0x3000));
    let all = handle(&run(&mut h, open_mapping(a, FILE_MAP_ALL_ACCESS, "R")));
    let grown = run(
        &mut h,
        Call::ExtendSection {
            pid: a,
            handle: all,
            size: 0x2001,
        },
    );
    assert_eq!(grown.value, Value::Extended(0, 0x3000));
    let info = run(
        &mut h,
        Call::QuerySection {
            pid: a,
            handle: all,
        },
    );
    assert_eq!(info.value, Value::SectionInfo(0, SEC_RESERVE, 0x3000));
    let q = run(
        &mut h,
        Call::VirtualQuery {
            pid: a,
            address: view,
        },
    );
    assert!(matches!(q.value, Value::Query(48, m) if m.region_size == 0x1000));
    let commit = handle(&run(&mut h, pagefile(a, PAGE_READWRITE, 4096, Some("C"))));
    let all = handle(&run(&mut h, open_mapping(a, FILE_MAP_ALL_ACCESS, "C")));
    let refused = run(
        &mut h,
        Call::ExtendSection {
            pid: a,
            handle: all,
            size: 0x2000,
        },
    );
    assert_ne!(commit, 0);
    assert_eq!(
        refused.value,
        Value::Extended(STATUS_SECTION_NOT_EXTENDED, 0x2000)
    );
}

/// DuplicateHandle asking for more than the source's access runs the access check for the
/// target: ACCESS_SYSTEM_SECURITY is SeSecurityPrivilege's to give (ReactOS SepAccessCheck:
/// STATUS_PRIVILEGE_NOT_HELD -> ERROR_PRIVILEGE_NOT_HELD), and an app container gets more only
/// on its own objects (catalog J9).
#[test]
fn duplicating_more_access_is_checked_for_the_target() {
    let (mut h, a, _) = two_processes();
    let app = spawn_in(&mut h, Some((0, false)));
    let s = handle(&run(&mut h, pagefile(a, PAGE_READWRITE, 4096, None)));
    let dup = |target, access| Call::DuplicateHandle {
        pid: a,
        handle: s,
        target,
        access,
        inherit: false,
        options: 0,
    };
    let sacl = run(&mut h, dup(DupTarget::Current, 0x0100_0000 | FILE_MAP_READ));
    assert_eq!(
        (sacl.value, sacl.last_error),
        (Value::Duplicated(0, 0), ERROR_PRIVILEGE_NOT_HELD)
    );
    let more = run(&mut h, dup(DupTarget::Pid(app), FILE_MAP_ALL_ACCESS));
    assert_eq!(
        (more.value, more.last_error),
        (Value::Duplicated(0, 0), ERROR_ACCESS_DENIED)
    );
    let same = run(&mut h, dup(DupTarget::Pid(app), FILE_MAP_READ));
    assert!(matches!(same.value, Value::Duplicated(1, h) if h != 0));
}

/// An object named `AppContainerNamedObjects` in the session before its first app container
/// keeps the name: no link is made over it (engine choice; on Windows the link exists from the
/// session's start).
#[test]
fn app_container_link_does_not_replace_an_object() {
    let (mut h, a, _) = two_processes();
    let squat = run(
        &mut h,
        Call::CreateEvent {
            pid: a,
            name: Some("AppContainerNamedObjects".into()),
            inherit: false,
        },
    );
    assert_ne!(handle(&squat), 0);
    let app = spawn_in(&mut h, Some((0, false)));
    let own = run(&mut h, pagefile(app, PAGE_READWRITE, 4096, Some("A")));
    assert_ne!(handle(&own), 0);
    let sid = APP_CONTAINERS[0].1;
    let o = run(
        &mut h,
        open_mapping(
            a,
            FILE_MAP_READ,
            &format!("AppContainerNamedObjects\\{sid}\\A"),
        ),
    );
    assert_eq!((handle(&o), o.last_error), (0, ERROR_PATH_NOT_FOUND));
}

// ---------------------------------------------------------------------------------------------
// Image sections, NtQueryObject and the FromApp creators (issue 10), as stories.

fn write_image(pid: u32, handle: isize, image: PeImage) -> Call {
    Call::WriteImage { pid, handle, image }
}

fn image_section(pid: u32, file: isize, protect: u32) -> Call {
    Call::CreateFileMapping {
        pid,
        file,
        fl_protect: protect | SEC_IMAGE,
        size: 0,
        name: None,
        inherit: false,
    }
}

/// `C:\a.dat` opened read-write, a valid PE image written into it and an image section over
/// it: (file handle, section handle).
fn image_file(h: &mut Harness, pid: u32) -> (isize, isize) {
    let rw = GENERIC_READ | GENERIC_WRITE;
    let file = handle(&run(h, open_file(pid, r"C:\a.dat", rw, CREATE_ALWAYS)));
    let written = run(h, write_image(pid, file, PeImage::Valid));
    assert_eq!(written.value, Value::Written(1, 0x400));
    let section = handle(&run(h, image_section(pid, file, PAGE_READONLY)));
    assert_ne!(section, 0);
    (file, section)
}

fn query(h: &mut Harness, pid: u32, address: u64) -> Mbi {
    match run(h, Call::VirtualQuery { pid, address }).value {
        Value::Query(48, m) => m,
        v => panic!("VirtualQuery failed: {v:?}"),
    }
}

/// An image section over a PE file (wine `virtual.c test_mapping` SEC_IMAGE rows and
/// `map_prot_no_write`, `file.c test_file_sharing` `is_sharing_map_compatible`, `loader.c
/// query_image_section`, `test_NtQuerySection`): it reports SEC_FILE|SEC_IMAGE and its SizeOfImage; its view is
/// MEM_IMAGE, PAGE_EXECUTE_WRITECOPY with read-only pages; it is a snapshot (a later WriteFile
/// does not show, while a new image section sees the change); PAGE_READWRITE becomes PAGE_WRITECOPY and a write stays private; the file
/// opens for FILE_APPEND_DATA but not for FILE_WRITE_DATA; NtQueryObject counts the view.
#[test]
fn image_section_story() {
    let (mut h, pid, _) = two_processes();
    let (file, section) = image_file(&mut h, pid);
    let info = run(
        &mut h,
        Call::QuerySection {
            pid,
            handle: section,
        },
    );
    // The size is the image's SizeOfImage (0x2000), not the file's 0x400 (C9; wine
    // virtual.c test_NtQuerySection).
    assert_eq!(
        info.value,
        Value::SectionInfo(0, SEC_FILE | SEC_IMAGE, 0x2000)
    );
    let base = address(&run(&mut h, map(pid, section, FILE_MAP_READ, 0)));
    assert_ne!(base, 0);
    let m = query(&mut h, pid, base);
    assert_eq!(
        (m.kind, m.allocation_protect, m.protect, m.region_size),
        (MEM_IMAGE, PAGE_EXECUTE_WRITECOPY, PAGE_READONLY, 0x1000)
    );
    // The file changes; the image does not.
    let seek = Call::SetFilePointer {
        pid,
        handle: file,
        position: 0,
    };
    run(&mut h, seek);
    let overwrite = Call::WriteFile {
        pid,
        handle: file,
        value: 0x5A,
        len: 1,
    };
    assert_eq!(run(&mut h, overwrite).value, Value::Written(1, 1));
    let read = run(&mut h, Call::Read { pid, address: base });
    assert_eq!(read.value, Value::Read(Access::Done(b'M')));
    // A new image section sees the file as it is now: no "MZ" any more.
    let again = run(&mut h, image_section(pid, file, PAGE_READONLY));
    assert_eq!(
        (handle(&again), again.last_error),
        (0, ERROR_BAD_EXE_FORMAT)
    );
    // A write request becomes copy-on-write.
    let protect = Call::VirtualProtect {
        pid,
        address: base,
        size: 0x1000,
        protect: PAGE_READWRITE,
    };
    assert_eq!(run(&mut h, protect).value, Value::Protect(1, PAGE_READONLY));
    assert_eq!(query(&mut h, pid, base).protect, PAGE_WRITECOPY);
    let write = Call::Write {
        pid,
        address: base + 1,
        value: 0xA5,
    };
    assert_eq!(run(&mut h, write).value, Value::Write(Access::Done(())));
    assert_eq!(query(&mut h, pid, base).protect, PAGE_READWRITE);
    // Sharing: FILE_WRITE_DATA conflicts with the image, FILE_APPEND_DATA does not.
    let writer = run(
        &mut h,
        open_file(pid, r"C:\a.dat", GENERIC_WRITE, OPEN_EXISTING),
    );
    assert_eq!(
        (handle(&writer), writer.last_error),
        (INVALID_HANDLE_VALUE, ERROR_SHARING_VIOLATION)
    );
    let appender = run(
        &mut h,
        open_file(pid, r"C:\a.dat", FILE_APPEND_DATA, OPEN_EXISTING),
    );
    assert_ne!(handle(&appender), INVALID_HANDLE_VALUE);
    // The image's headers.
    let image = run(
        &mut h,
        Call::QuerySectionImage {
            pid,
            handle: section,
        },
    );
    let Value::ImageInfo(0, info) = image.value else {
        panic!("NtQuerySection(SectionImageInformation) failed: {image:?}");
    };
    assert_eq!(
        (info.machine, info.transfer_address, info.image_file_size),
        (0x8664, 0x1_4000_1010, 0x400)
    );
    assert_eq!((info.image_contains_code, info.image_flags), (1, 1 << 2));
    // One handle, one view: two references.
    let object = run(
        &mut h,
        Call::QueryObject {
            pid,
            handle: section,
        },
    );
    assert_eq!(
        object.value,
        Value::ObjectInfo(
            0,
            [
                0,
                SECTION_QUERY | SECTION_MAP_READ | STANDARD_RIGHTS_REQUIRED,
                1,
                2
            ]
        )
    );
    // An image section never grows, and the two views of one file are the same file.
    let duplicate = Call::DuplicateHandle {
        pid,
        handle: section,
        target: DupTarget::Current,
        access: SECTION_ALL_ACCESS,
        inherit: false,
        options: 0,
    };
    let Value::Duplicated(1, all) = run(&mut h, duplicate).value else {
        panic!("DuplicateHandle(SECTION_ALL_ACCESS) failed");
    };
    let extend = Call::ExtendSection {
        pid,
        handle: all,
        size: 0x10000,
    };
    assert_eq!(
        run(&mut h, extend).value,
        Value::Extended(native::STATUS_SECTION_NOT_EXTENDED, 0x10000)
    );
    // An image view and a data view of one file map the same file, asked in that order
    // (wine `virtual.c test_NtAreMappedFilesTheSame`).
    let data = Call::CreateFileMapping {
        pid,
        file,
        fl_protect: PAGE_READONLY,
        size: 0,
        name: None,
        inherit: false,
    };
    let data = handle(&run(&mut h, data));
    let data_view = address(&run(&mut h, map(pid, data, FILE_MAP_READ, 0)));
    let same = |first, second| Call::MappedFilesSame { pid, first, second };
    assert_eq!(run(&mut h, same(base, data_view)).value, Value::Status(0));
    assert_eq!(
        run(&mut h, same(data_view, base)).value,
        Value::Status(native::STATUS_NOT_SAME_DEVICE)
    );
    h.check_full().unwrap();
}

/// SEC_IMAGE over what is not a PE image is ERROR_BAD_EXE_FORMAT, whichever way it fails
/// (wine `virtual.c test_CreateFileMapping` `sec_flag_tests`, the data-file rows).
#[test]
fn broken_images_are_bad_exe_format() {
    for image in [PeImage::BadSignature, PeImage::Truncated, PeImage::NotMz] {
        let (mut h, pid, _) = two_processes();
        let rw = GENERIC_READ | GENERIC_WRITE;
        let file = handle(&run(&mut h, open_file(pid, r"C:\b.dat", rw, CREATE_ALWAYS)));
        run(&mut h, write_image(pid, file, image));
        let made = run(&mut h, image_section(pid, file, PAGE_READONLY));
        assert_eq!(
            (handle(&made), made.last_error),
            (0, ERROR_BAD_EXE_FORMAT),
            "{image:?}"
        );
    }
}

/// The FromApp creators in an app container without `codeGeneration` (catalog J10; wine
/// `kernelbase/tests/process.c`): an executable section or view is refused
/// (ERROR_ACCESS_DENIED, engine choice), a plain one made; VirtualAllocFromApp refuses
/// executable protections to everyone (ERROR_INVALID_PARAMETER).
#[test]
fn from_app_creators_and_code_generation() {
    let mut h = Harness::start(Start::AppContainer);
    let pids = h.model.live_pids();
    let (app, desktop) = (pids[0], pids[1]);
    let create = |pid, protect| Call::CreateFileMappingFromApp {
        pid,
        file: INVALID_HANDLE_VALUE,
        protect,
        size: 0x10000,
        name: None,
        inherit: false,
    };
    let refused = run(&mut h, create(app, PAGE_EXECUTE_READWRITE));
    assert_eq!(
        (handle(&refused), refused.last_error),
        (0, ERROR_ACCESS_DENIED)
    );
    let section = handle(&run(&mut h, create(app, PAGE_READWRITE)));
    assert_ne!(section, 0);
    let view = |access| Call::MapViewFromApp {
        pid: app,
        handle: section,
        access,
        offset: 0,
        size: 0,
    };
    let refused = run(&mut h, view(FILE_MAP_READ | FILE_MAP_EXECUTE));
    assert_eq!(
        (address(&refused), refused.last_error),
        (0, ERROR_ACCESS_DENIED)
    );
    let base = address(&run(&mut h, view(FILE_MAP_WRITE)));
    assert_ne!(base, 0);
    let commit = |pid, protect| Call::VirtualAllocFromApp {
        pid,
        address: base,
        size: 0x1000,
        protect,
    };
    let refused = run(&mut h, commit(app, PAGE_EXECUTE_READ));
    assert_eq!(
        (address(&refused), refused.last_error),
        (0, ERROR_INVALID_PARAMETER)
    );
    assert_eq!(address(&run(&mut h, commit(app, PAGE_READWRITE))), base);
    // A desktop process may ask for an executable section.
    assert_ne!(
        handle(&run(&mut h, create(desktop, PAGE_EXECUTE_READWRITE))),
        0
    );
    h.check_full().unwrap();
}

/// A BOOL call's (value, last error).
fn bool_outcome(h: &mut Harness, call: Call) -> (Value, u32) {
    let o = run(h, call);
    (o.value, o.last_error)
}

/// An unnamed section of the file's size over `file`.
fn whole_file_section(pid: u32, file: isize, protect: u32) -> Call {
    Call::CreateFileMapping {
        pid,
        file,
        fl_protect: protect,
        size: 0,
        name: None,
        inherit: false,
    }
}

fn lock(pid: u32, handle: isize, flags: u32, offset: u64, length: u64) -> Call {
    Call::LockFileEx {
        pid,
        handle,
        flags,
        offset,
        length,
    }
}

/// Byte-range locks (H12, H20-H22; MS-FSA 2.1.5.8; LockFileEx doc; wine `kernel32/tests/file.c
/// test_LockFile`): an exclusive lock keeps another handle from reading and writing the range,
/// not its owner; a shared lock keeps everyone from writing; a view ignores locks; a range
/// ending at 2^64 is valid, one byte more ERROR_INVALID_LOCK_RANGE; only the owner unlocks,
/// exactly its range; the locks go with the file object's last handle.
#[test]
fn byte_range_locks_story() {
    let (mut h, a, _) = two_processes();
    let rw = GENERIC_READ | GENERIC_WRITE;
    let f = handle(&run(
        &mut h,
        open_file(a, "C:\\locks.dat", rw, CREATE_ALWAYS),
    ));
    let g = handle(&run(
        &mut h,
        open_file(a, "C:\\locks.dat", rw, OPEN_EXISTING),
    ));
    let write = |handle| Call::WriteFile {
        pid: a,
        handle,
        value: 0x5A,
        len: 4,
    };
    let seek = |handle, position| Call::SetFilePointer {
        pid: a,
        handle,
        position,
    };
    run(&mut h, write(f));
    let exclusive = LOCKFILE_EXCLUSIVE_LOCK | LOCKFILE_FAIL_IMMEDIATELY;
    assert_eq!(
        bool_outcome(&mut h, lock(a, f, exclusive, 0, 100)),
        (Value::Bool(1), ERROR_SUCCESS)
    );
    let read = run(
        &mut h,
        Call::ReadFile {
            pid: a,
            handle: g,
            len: 4,
        },
    );
    assert_eq!(
        (read.value, read.last_error),
        (Value::FileRead(0, 0, Vec::new()), ERROR_LOCK_VIOLATION)
    );
    run(&mut h, seek(f, 0));
    let own = run(
        &mut h,
        Call::ReadFile {
            pid: a,
            handle: f,
            len: 4,
        },
    );
    assert_eq!(own.value, Value::FileRead(1, 4, vec![0x5A; 4]));
    assert_eq!(
        bool_outcome(&mut h, lock(a, g, LOCKFILE_FAIL_IMMEDIATELY, 50, 1)).1,
        ERROR_LOCK_VIOLATION
    );
    // The top of the offset space: ending at 2^64 is fine, past it is not.
    assert_eq!(
        bool_outcome(&mut h, lock(a, g, exclusive, u64::MAX, 1)).0,
        Value::Bool(1)
    );
    assert_eq!(
        bool_outcome(&mut h, lock(a, g, exclusive, u64::MAX, 2)),
        (Value::Bool(0), ERROR_INVALID_LOCK_RANGE)
    );
    assert_eq!(
        bool_outcome(&mut h, lock(a, g, 0x4, 0, 1)),
        (Value::Bool(0), ERROR_INVALID_PARAMETER)
    );
    // A shared lock: its owner cannot write there either.
    assert_eq!(
        bool_outcome(&mut h, lock(a, g, 0, 200, 10)).0,
        Value::Bool(1)
    );
    run(&mut h, seek(g, 200));
    assert_eq!(bool_outcome(&mut h, write(g)).1, ERROR_LOCK_VIOLATION);
    // A view of the file reads and writes the locked bytes all the same.
    let s = handle(&run(&mut h, whole_file_section(a, f, PAGE_READWRITE)));
    let v = address(&run(&mut h, map(a, s, FILE_MAP_WRITE, 0)));
    let w = run(
        &mut h,
        Call::Write {
            pid: a,
            address: v,
            value: 1,
        },
    );
    assert_eq!(w.value, Value::Write(Access::Done(())));
    // Only the owner unlocks, exactly its range.
    let unlock = |handle, offset, length| Call::UnlockFileEx {
        pid: a,
        handle,
        offset,
        length,
    };
    assert_eq!(bool_outcome(&mut h, unlock(g, 0, 100)).1, ERROR_NOT_LOCKED);
    assert_eq!(bool_outcome(&mut h, unlock(f, 0, 99)).1, ERROR_NOT_LOCKED);
    assert_eq!(
        bool_outcome(&mut h, unlock(f, u64::MAX, 2)).1,
        ERROR_INVALID_LOCK_RANGE
    );
    // Closing f's handle releases its lock: g reads.
    run(&mut h, Call::CloseHandle { pid: a, handle: f });
    run(&mut h, seek(g, 0));
    let read = run(
        &mut h,
        Call::ReadFile {
            pid: a,
            handle: g,
            len: 4,
        },
    );
    assert_eq!(read.value, Value::FileRead(1, 4, vec![1, 0x5A, 0x5A, 0x5A]));
    assert_eq!(bool_outcome(&mut h, unlock(g, 200, 10)).0, Value::Bool(1));
}

/// CopyFileW and MoveFileExW (MS docs; H11, H25): fail_if_exists both ways; a copy over a
/// mapped file is ERROR_USER_MAPPED_FILE, over an open one ERROR_SHARING_VIOLATION; a move
/// onto a directory is ERROR_ACCESS_DENIED with MOVEFILE_REPLACE_EXISTING and
/// ERROR_ALREADY_EXISTS without; a mapped file can be renamed, but not replaced; unknown flags
/// are ERROR_INVALID_PARAMETER.
#[test]
fn copy_and_move_story() {
    let (mut h, a, _) = two_processes();
    let rw = GENERIC_READ | GENERIC_WRITE;
    let copy = |from: &str, to: &str, fail_if_exists| Call::CopyFile {
        pid: a,
        from: Some(from.into()),
        to: Some(to.into()),
        fail_if_exists,
    };
    let rename = |from: &str, to: &str, flags| Call::MoveFileEx {
        pid: a,
        from: Some(from.into()),
        to: Some(to.into()),
        flags,
    };
    let f = handle(&run(&mut h, open_file(a, "C:\\a.dat", rw, CREATE_ALWAYS)));
    run(
        &mut h,
        Call::WriteFile {
            pid: a,
            handle: f,
            value: 7,
            len: 3,
        },
    );
    // CopyFileW reads sharing read and delete only: a writer keeps it out.
    assert_eq!(
        bool_outcome(&mut h, copy("C:\\a.dat", "C:\\b.dat", true)).1,
        ERROR_SHARING_VIOLATION
    );
    run(&mut h, Call::CloseHandle { pid: a, handle: f });
    assert_eq!(
        bool_outcome(&mut h, copy("C:\\a.dat", "C:\\b.dat", true)).0,
        Value::Bool(1)
    );
    assert_eq!(
        bool_outcome(&mut h, copy("C:\\a.dat", "C:\\b.dat", true)),
        (Value::Bool(0), ERROR_FILE_EXISTS)
    );
    assert_eq!(
        bool_outcome(&mut h, copy("C:\\a.dat", "C:\\b.dat", false)).0,
        Value::Bool(1)
    );
    let f = handle(&run(&mut h, open_file(a, "C:\\a.dat", rw, OPEN_EXISTING)));
    assert_eq!(
        bool_outcome(&mut h, copy("C:\\b.dat", "C:\\a.dat", false)).1,
        ERROR_SHARING_VIOLATION
    );
    let s = handle(&run(&mut h, whole_file_section(a, f, PAGE_READONLY)));
    run(&mut h, Call::CloseHandle { pid: a, handle: f });
    assert_eq!(
        bool_outcome(&mut h, copy("C:\\b.dat", "C:\\a.dat", false)).1,
        ERROR_USER_MAPPED_FILE
    );
    // Moves: onto the root directory, onto an existing file, a mapped file.
    assert_eq!(
        bool_outcome(
            &mut h,
            rename("C:\\b.dat", "C:\\", MOVEFILE_REPLACE_EXISTING)
        )
        .1,
        ERROR_ACCESS_DENIED
    );
    assert_eq!(
        bool_outcome(&mut h, rename("C:\\b.dat", "C:\\", 0)).1,
        ERROR_ALREADY_EXISTS
    );
    assert_eq!(
        bool_outcome(&mut h, rename("C:\\b.dat", "C:\\a.dat", 0)).1,
        ERROR_ALREADY_EXISTS
    );
    assert_eq!(
        bool_outcome(
            &mut h,
            rename("C:\\b.dat", "C:\\a.dat", MOVEFILE_REPLACE_EXISTING)
        )
        .1,
        ERROR_ACCESS_DENIED
    );
    assert_eq!(
        bool_outcome(&mut h, rename("C:\\b.dat", "C:\\a.dat", 0x4)).1,
        ERROR_INVALID_PARAMETER
    );
    assert_eq!(
        bool_outcome(&mut h, rename("C:\\a.dat", "C:\\c.dat", 0)).0,
        Value::Bool(1)
    );
    run(&mut h, Call::CloseHandle { pid: a, handle: s });
    assert_eq!(
        bool_outcome(
            &mut h,
            rename("C:\\b.dat", "C:\\c.dat", MOVEFILE_REPLACE_EXISTING)
        )
        .0,
        Value::Bool(1)
    );
    let attributes = |path: &str| Call::GetFileAttributes {
        pid: a,
        path: Some(path.into()),
    };
    assert_eq!(
        run(&mut h, attributes("C:\\b.dat")).last_error,
        ERROR_FILE_NOT_FOUND
    );
    let c = handle(&run(&mut h, open_file(a, "C:\\c.dat", rw, OPEN_EXISTING)));
    assert_eq!(
        run(&mut h, Call::GetFileSize { pid: a, handle: c }).value,
        Value::Dword(3, 0)
    );
}

/// SetFileInformationByHandle (H23-H27): a short buffer is ERROR_BAD_LENGTH before anything
/// else; the end of file under a section cannot shrink; a POSIX delete frees the name when its
/// handle closes while another handle keeps the unnamed file; ON_CLOSE with DELETE on a handle
/// not opened delete-on-close is ERROR_NOT_SUPPORTED.
#[test]
fn file_information_story() {
    use winsection::win32::FILE_INFO;
    let (mut h, a, _) = two_processes();
    let access = GENERIC_READ | GENERIC_WRITE | DELETE;
    let open = |disposition| Call::CreateFile {
        pid: a,
        path: Some("C:\\info.dat".into()),
        access,
        share: FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE,
        disposition,
        inherit: false,
    };
    let set = |handle, class, info, size| Call::SetFileInformation {
        pid: a,
        handle,
        class,
        info,
        size,
    };
    let f = handle(&run(&mut h, open(CREATE_ALWAYS)));
    let g = handle(&run(&mut h, open(OPEN_EXISTING)));
    let eof = |v| FILE_INFO::EndOfFile(v);
    assert_eq!(
        bool_outcome(&mut h, set(0, FileEndOfFileInfo, eof(100), 7)),
        (Value::Bool(0), ERROR_BAD_LENGTH)
    );
    assert_eq!(
        bool_outcome(&mut h, set(f, FileEndOfFileInfo, eof(0x10000), 8)).0,
        Value::Bool(1)
    );
    let s = handle(&run(&mut h, whole_file_section(a, f, PAGE_READONLY)));
    assert_eq!(
        bool_outcome(&mut h, set(f, FileEndOfFileInfo, eof(100), 8)).1,
        ERROR_USER_MAPPED_FILE
    );
    assert_eq!(
        bool_outcome(
            &mut h,
            set(f, FileAllocationInfo, FILE_INFO::Allocation(100), 8)
        )
        .1,
        ERROR_USER_MAPPED_FILE
    );
    let posix = FILE_INFO::DispositionEx(
        FILE_DISPOSITION_FLAG_DELETE | FILE_DISPOSITION_FLAG_POSIX_SEMANTICS,
    );
    assert_eq!(
        bool_outcome(&mut h, set(f, FileDispositionInfoEx, posix, 4)).1,
        ERROR_ACCESS_DENIED
    );
    run(&mut h, Call::CloseHandle { pid: a, handle: s });
    assert_eq!(
        bool_outcome(&mut h, set(f, FileDispositionInfoEx, posix, 4)).0,
        Value::Bool(1)
    );
    let on_close =
        FILE_INFO::DispositionEx(FILE_DISPOSITION_FLAG_DELETE | FILE_DISPOSITION_FLAG_ON_CLOSE);
    assert_eq!(
        bool_outcome(&mut h, set(g, FileDispositionInfoEx, on_close, 4)).1,
        ERROR_NOT_SUPPORTED
    );
    assert_eq!(
        handle(&run(&mut h, open(OPEN_EXISTING))),
        INVALID_HANDLE_VALUE
    );
    run(&mut h, Call::CloseHandle { pid: a, handle: f });
    let again = run(&mut h, open(CREATE_NEW));
    assert_eq!(again.last_error, ERROR_SUCCESS);
    assert_eq!(
        run(&mut h, Call::GetFileSize { pid: a, handle: g }).value,
        Value::Dword(0x10000, 0)
    );
}

fn alloc2(pid: u32, address: u64, size: u64, allocation: u32, protect: u32) -> Call {
    Call::Alloc {
        pid,
        api: AllocCall::Two(0),
        address,
        size,
        allocation,
        protect,
    }
}

fn free(pid: u32, address: u64, size: u64, free_type: u32) -> Call {
    Call::Free {
        pid,
        process: None,
        address,
        size,
        free_type,
    }
}

/// The outcome's BOOL and last error.
fn boolean(o: &Outcome) -> (i32, u32) {
    match o.value {
        Value::Bool(b) => (b, o.last_error),
        ref v => panic!("not a BOOL: {v:?}"),
    }
}

/// Placeholders round trip (wine `kernelbase/tests/process.c test_VirtualAlloc2`, plain
/// `ok()` lines): a placeholder of two granules is MEM_RESERVE, MEM_PRIVATE, PAGE_NOACCESS;
/// releasing all of it with MEM_PRESERVE_PLACEHOLDER is ERROR_INVALID_ADDRESS, half of it
/// splits it; a view replaces one half exactly (a size that differs: ERROR_INVALID_PARAMETER),
/// memory the other; unmapping with MEM_PRESERVE_PLACEHOLDER and freeing the memory with it
/// give the placeholders back, which MEM_COALESCE_PLACEHOLDERS joins again.
#[test]
fn placeholder_story() {
    const G: u64 = 0x10000;
    let (mut h, a, _) = two_processes();
    let wrong = run(
        &mut h,
        alloc2(
            a,
            0,
            2 * G,
            MEM_RESERVE | MEM_RESERVE_PLACEHOLDER,
            PAGE_READWRITE,
        ),
    );
    assert_eq!(
        (address(&wrong), wrong.last_error),
        (0, ERROR_INVALID_PARAMETER)
    );
    let p = address(&run(
        &mut h,
        alloc2(
            a,
            0,
            2 * G,
            MEM_RESERVE | MEM_RESERVE_PLACEHOLDER,
            PAGE_NOACCESS,
        ),
    ));
    assert_ne!(p, 0);
    let m = query(&mut h, a, p);
    assert_eq!(
        (m.state, m.kind, m.allocation_protect, m.region_size),
        (MEM_RESERVE, MEM_PRIVATE, PAGE_NOACCESS, 2 * G)
    );
    // A placeholder cannot be committed.
    let c = run(&mut h, alloc2(a, p, 0x1000, MEM_COMMIT, PAGE_READWRITE));
    assert_eq!((address(&c), c.last_error), (0, ERROR_INVALID_ADDRESS));
    let all = run(
        &mut h,
        free(a, p, 2 * G, MEM_RELEASE | MEM_PRESERVE_PLACEHOLDER),
    );
    assert_eq!(boolean(&all), (0, ERROR_INVALID_ADDRESS));
    let zero = run(
        &mut h,
        free(a, p, 0, MEM_RELEASE | MEM_PRESERVE_PLACEHOLDER),
    );
    assert_eq!(boolean(&zero), (0, ERROR_INVALID_PARAMETER));
    let split = run(
        &mut h,
        free(a, p, G, MEM_RELEASE | MEM_PRESERVE_PLACEHOLDER),
    );
    assert_eq!(boolean(&split).0, 1);
    assert_eq!(query(&mut h, a, p).region_size, G);
    assert_eq!(query(&mut h, a, p + G).region_size, G);
    // A view over the first half: the size must be the placeholder's.
    let s = handle(&run(&mut h, pagefile(a, PAGE_READWRITE, 2 * G, None)));
    let view3 = |size| Call::MapView3 {
        pid: a,
        handle: s,
        process: 0,
        base: p,
        offset: 0,
        size,
        allocation: MEM_REPLACE_PLACEHOLDER,
        protect: PAGE_READWRITE,
    };
    let too_big = run(&mut h, view3(2 * G));
    assert_eq!(
        (address(&too_big), too_big.last_error),
        (0, ERROR_INVALID_PARAMETER)
    );
    assert_eq!(address(&run(&mut h, view3(G))), p);
    assert_eq!(query(&mut h, a, p).kind, MEM_MAPPED);
    // Memory over the second half, committed: it reads and writes.
    let memory = run(
        &mut h,
        alloc2(
            a,
            p + G,
            G,
            MEM_RESERVE | MEM_COMMIT | MEM_REPLACE_PLACEHOLDER,
            PAGE_READWRITE,
        ),
    );
    assert_eq!(address(&memory), p + G);
    run(
        &mut h,
        Call::Write {
            pid: a,
            address: p + G + 5,
            value: 7,
        },
    );
    let r = run(
        &mut h,
        Call::Read {
            pid: a,
            address: p + G + 5,
        },
    );
    assert_eq!(r.value, Value::Read(Access::Done(7)));
    // Coalescing over a view and memory fails.
    let busy = run(
        &mut h,
        free(a, p, 2 * G, MEM_RELEASE | MEM_COALESCE_PLACEHOLDERS),
    );
    assert_eq!(boolean(&busy), (0, ERROR_INVALID_PARAMETER));
    // Unmapping preserves the placeholder; freeing the memory too.
    let unmapped = run(
        &mut h,
        Call::Unmap2 {
            pid: a,
            process: -1,
            address: p,
            flags: MEM_PRESERVE_PLACEHOLDER,
        },
    );
    assert_eq!(boolean(&unmapped).0, 1);
    let freed = run(
        &mut h,
        free(a, p + G, G, MEM_RELEASE | MEM_PRESERVE_PLACEHOLDER),
    );
    assert_eq!(boolean(&freed).0, 1);
    let m = query(&mut h, a, p + G);
    assert_eq!(
        (m.state, m.allocation_protect),
        (MEM_RESERVE, PAGE_NOACCESS)
    );
    let joined = run(
        &mut h,
        free(a, p, 2 * G, MEM_RELEASE | MEM_COALESCE_PLACEHOLDERS),
    );
    assert_eq!(boolean(&joined).0, 1);
    assert_eq!(query(&mut h, a, p).region_size, 2 * G);
    let released = run(&mut h, free(a, p, 0, MEM_RELEASE));
    assert_eq!(boolean(&released).0, 1);
    assert_eq!(query(&mut h, a, p).state, MEM_FREE);
}

/// Plain private memory (MS docs "VirtualAlloc", "VirtualFree"): MEM_RELEASE with a size is
/// ERROR_INVALID_PARAMETER; a plain reservation refuses MEM_PRESERVE_PLACEHOLDER
/// (ERROR_INVALID_ADDRESS, wine `test_VirtualAlloc2`); decommitted pages read zeros when
/// committed again ("the contents will be zero").
#[test]
fn private_memory_story() {
    let (mut h, a, _) = two_processes();
    let p = address(&run(
        &mut h,
        Call::Alloc {
            pid: a,
            api: AllocCall::Plain,
            address: 0,
            size: 0x20000,
            allocation: MEM_RESERVE,
            protect: PAGE_READWRITE,
        },
    ));
    assert_ne!(p, 0);
    let preserve = run(
        &mut h,
        free(a, p, 0x10000, MEM_RELEASE | MEM_PRESERVE_PLACEHOLDER),
    );
    assert_eq!(boolean(&preserve), (0, ERROR_INVALID_ADDRESS));
    let c = run(
        &mut h,
        Call::VirtualAlloc {
            pid: a,
            address: p + 0x1000,
            size: 0x2000,
            protect: PAGE_READWRITE,
        },
    );
    assert_eq!(address(&c), p + 0x1000);
    run(
        &mut h,
        Call::Write {
            pid: a,
            address: p + 0x1000,
            value: 9,
        },
    );
    let d = run(&mut h, free(a, p + 0x1000, 0x1000, MEM_DECOMMIT));
    assert_eq!(boolean(&d).0, 1);
    let m = query(&mut h, a, p + 0x1000);
    assert_eq!((m.state, m.protect, m.kind), (MEM_RESERVE, 0, MEM_PRIVATE));
    run(
        &mut h,
        Call::VirtualAlloc {
            pid: a,
            address: p + 0x1000,
            size: 0x1000,
            protect: PAGE_READWRITE,
        },
    );
    let r = run(
        &mut h,
        Call::Read {
            pid: a,
            address: p + 0x1000,
        },
    );
    assert_eq!(r.value, Value::Read(Access::Done(0)));
    let sized = run(&mut h, free(a, p, 0x1000, MEM_RELEASE));
    assert_eq!(boolean(&sized), (0, ERROR_INVALID_PARAMETER));
    assert_eq!(boolean(&run(&mut h, free(a, p, 0, MEM_RELEASE))).0, 1);
}

/// `VirtualProtectEx` (MS docs VirtualProtectEx: "The handle must have the
/// PROCESS_VM_OPERATION access right"): through a handle with only PROCESS_QUERY_INFORMATION
/// it is ERROR_ACCESS_DENIED and the target's page keeps its protection; through a handle with
/// PROCESS_VM_OPERATION it changes the *target's* page and reports the old protection, while
/// the caller's own view at another address is untouched.
#[test]
fn virtual_protect_ex_story() {
    let (mut h, caller, target) = two_processes();
    let s = handle(&run(
        &mut h,
        pagefile(target, PAGE_READWRITE, 0x10000, None),
    ));
    let view = address(&run(&mut h, map(target, s, FILE_MAP_WRITE, 0)));
    assert_ne!(view, 0);
    let open = |access| Call::OpenProcess {
        pid: caller,
        target,
        access,
        inherit: false,
    };
    let query_only = handle(&run(&mut h, open(PROCESS_QUERY_INFORMATION)));
    let vm = handle(&run(&mut h, open(PROCESS_VM_OPERATION)));
    assert!(query_only != 0 && vm != 0);
    let protect_ex = |process| Call::VirtualProtectEx {
        pid: caller,
        process,
        address: view,
        size: 0x1000,
        protect: PAGE_READONLY,
    };
    let refused = run(&mut h, protect_ex(query_only));
    assert_eq!(
        (refused.value, refused.last_error),
        (Value::Protect(0, 0), ERROR_ACCESS_DENIED)
    );
    assert_eq!(query(&mut h, target, view).protect, PAGE_READWRITE);
    let done = run(&mut h, protect_ex(vm));
    assert_eq!(done.value, Value::Protect(1, PAGE_READWRITE));
    assert_eq!(query(&mut h, target, view).protect, PAGE_READONLY);
    let next = query(&mut h, target, view + 0x1000);
    assert_eq!(next.protect, PAGE_READWRITE);
}

/// A delete-on-close open of a file with an image section and a handle that does not share
/// delete: share modes are checked before the image section, so it is ERROR_SHARING_VIOLATION
/// (FastFAT `FatOpenExistingFcb`: IoCheckShareAccess, then MmFlushImageSection); without the
/// handle it is ERROR_ACCESS_DENIED (catalog H10). Found by the `ops` fuzz target: the model
/// answered 32 and the engine 5.
#[test]
fn delete_on_close_meets_share_modes_before_the_image() {
    let (mut h, pid, _) = two_processes();
    let (file, _section) = image_file(&mut h, pid);
    let delete_on_close = Call::CreateFileDeleteOnClose {
        pid,
        path: Some(r"C:\a.dat".into()),
        access: GENERIC_READ,
        share: FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE,
        disposition: OPEN_EXISTING,
    };
    let refused = run(&mut h, delete_on_close.clone());
    assert_eq!(
        (handle(&refused), refused.last_error),
        (INVALID_HANDLE_VALUE, ERROR_SHARING_VIOLATION)
    );
    run(&mut h, Call::CloseHandle { pid, handle: file });
    let refused = run(&mut h, delete_on_close);
    assert_eq!(
        (handle(&refused), refused.last_error),
        (INVALID_HANDLE_VALUE, ERROR_ACCESS_DENIED)
    );
}
