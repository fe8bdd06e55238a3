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

fn query(h: &mut Harness, pid: u32, address: u64) -> Mbi {
    match run(h, Call::VirtualQuery { pid, address }).value {
        Value::Query(48, m) => m,
        v => panic!("{v:?}"),
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
