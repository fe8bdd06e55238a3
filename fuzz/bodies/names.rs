// The `names` fuzz body: arbitrary Win32 object names, wide and ANSI, from processes in
// several sessions, through create and open of sections and events. Properties: no panic;
// `System::check()` holds after every call; every failure is one of the errors the name rules
// can produce (catalog A, B, J1); a named object created fresh is found again by
// `OpenFileMappingW`/`OpenEventW` under the same name from the same session (A1, A2).
// Included by fuzz/fuzz_targets/names.rs and by tests/fuzz_replay.rs (which replays
// fuzz/seeds/names/*), so it depends only on `arbitrary` and `winsection`.

use arbitrary::{Arbitrary, Unstructured};
use winsection::win32::*;
use winsection::{Pid, Privilege, ProcessSpec, System};

#[derive(Arbitrary, Debug)]
enum NameCall {
    Section { name: String, size: u16 },
    SectionAnsi { name: Vec<u8> },
    Event { name: String },
    OpenSection { name: Option<String> },
    OpenEvent { name: String },
    CloseLast,
}

#[derive(Arbitrary, Debug)]
struct NameInput {
    sessions: (u8, u8),
    privileged: bool,
    calls: Vec<(bool, NameCall)>,
}

/// Errors a name-taking call may legitimately report.
const NAME_ERRORS: &[u32] = &[
    ERROR_FILE_NOT_FOUND,
    ERROR_PATH_NOT_FOUND,
    ERROR_ACCESS_DENIED,
    ERROR_INVALID_HANDLE,
    ERROR_INVALID_PARAMETER,
    ERROR_INVALID_NAME,
    ERROR_BAD_PATHNAME,
    ERROR_FILENAME_EXCED_RANGE,
];

/// Runs one input; panics (a finding) when a property breaks.
pub fn run_names(data: &[u8]) {
    let Ok(input) = NameInput::arbitrary_take_rest(Unstructured::new(data)) else { return };
    let mut sys = System::new();
    let mut spawn = |name: &str, session: u8| {
        let mut spec = ProcessSpec::named(name);
        spec.session = u32::from(session % 3);
        if input.privileged {
            spec.privileges.insert(Privilege::CreateGlobal);
        }
        match sys.spawn(spec) {
            Ok(pid) => pid,
            Err(e) => panic!("spawn failed: {e}"),
        }
    };
    let (a, b): (Pid, Pid) = (spawn("a", input.sessions.0), spawn("b", input.sessions.1));
    let mut handles: Vec<(Pid, HANDLE)> = Vec::new();
    for (which, call) in input.calls.iter().take(64) {
        let pid = if *which { b } else { a };
        let mut w = sys.win32(pid);
        let (h, fresh_name) = match call {
            NameCall::Section { name, size } => {
                let h = w.CreateFileMappingW(INVALID_HANDLE_VALUE, None, PAGE_READWRITE, 0, u32::from(*size), Some(name.as_str()));
                (h, (h != 0 && w.GetLastError() == 0 && !name.is_empty() && !name.contains('\0')).then_some(name.clone()))
            }
            NameCall::SectionAnsi { name } => {
                let h = w.CreateFileMappingA(INVALID_HANDLE_VALUE, None, PAGE_READONLY, 0, 4096, Some(name.as_slice()));
                (h, None)
            }
            NameCall::Event { name } => (w.CreateEventW(None, 1, 0, Some(name.as_str())), None),
            NameCall::OpenSection { name } => (w.OpenFileMappingW(FILE_MAP_READ, 0, name.as_deref()), None),
            NameCall::OpenEvent { name } => (w.OpenEventW(SYNCHRONIZE, 0, Some(name.as_str())), None),
            NameCall::CloseLast => {
                if let Some((p, h)) = handles.pop() {
                    assert_eq!(sys.win32(p).CloseHandle(h), 1, "closing a live handle");
                }
                (0, None)
            }
        };
        let mut w = sys.win32(pid);
        if h == 0 && !matches!(call, NameCall::CloseLast) {
            let e = w.GetLastError();
            assert!(NAME_ERRORS.contains(&e), "{call:?} failed with unexpected error {e}");
        }
        if h != 0 {
            handles.push((pid, h));
        }
        if let Some(name) = fresh_name {
            let again = w.OpenFileMappingW(FILE_MAP_READ, 0, Some(&name));
            assert_ne!(again, 0, "a fresh section named {name:?} cannot be opened: {}", w.GetLastError());
            assert_eq!(w.CompareObjectHandles(h, again), 1, "{name:?} opened another object");
            assert_eq!(w.CloseHandle(again), 1);
        }
        if let Err(e) = sys.check() {
            panic!("invariant broken after {call:?}: {e}");
        }
    }
}
