//! Conformance tests for the object manager: the named-object namespace (sessions, prefixes,
//! name syntax), create-or-open and type clashes, object lifetime, handles (values, tables,
//! inheritance, duplication, flags) and the `Global\` privilege. One test per rule of
//! `shared/behaviour/catalog.md` (areas A, B, G, I, J, L3); each cites its source. Windows is the
//! ground truth: where Wine differs (shared/behaviour/README.md), the Windows answer is asserted.
//! The squatting story (B8 with two processes, F5) lives in `squatting.rs`.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

mod common;
use common::{check, machine};
use winsection::win32::*;
use winsection::{Handle, NtStatus, ObjectType, Pid, Privilege, ProcessSpec, System};

/// The value every test pre-sets to see whether a call touched the last error.
const SENTINEL: u32 = 0xDEAD_BEEF;

/// The engine handle for a HANDLE value.
fn hv(h: HANDLE) -> Handle {
    Handle(h as u64)
}

/// `CreateFileMappingW(INVALID_HANDLE_VALUE, NULL, PAGE_READWRITE, 0, size, name)`.
fn create_rw(sys: &mut System, pid: Pid, size: u32, name: Option<&str>) -> HANDLE {
    sys.win32(pid)
        .CreateFileMappingW(INVALID_HANDLE_VALUE, None, PAGE_READWRITE, 0, size, name)
}

/// A session-0 service holding SeCreateGlobalPrivilege.
fn service(sys: &mut System) -> Pid {
    sys.spawn(ProcessSpec {
        session: 0,
        privileges: [Privilege::CreateGlobal].into(),
        ..ProcessSpec::named("svc")
    })
    .unwrap()
}

/// A session-1 process holding SeCreateGlobalPrivilege (an elevated administrator).
fn admin(sys: &mut System) -> Pid {
    sys.spawn(ProcessSpec {
        privileges: [Privilege::CreateGlobal].into(),
        ..ProcessSpec::named("admin")
    })
    .unwrap()
}

/// (granted access, handle count, pointer count) of the object behind `h`.
fn basic_info(sys: &System, pid: Pid, h: HANDLE) -> (u32, u32, u32) {
    sys.object_basic_information(pid, hv(h)).unwrap()
}

/// `GetHandleInformation` flags, asserting success.
fn flags_of(sys: &mut System, pid: Pid, h: HANDLE) -> u32 {
    let mut flags = 0xFFFF;
    assert_eq!(sys.win32(pid).GetHandleInformation(h, Some(&mut flags)), 1);
    flags
}

/// Asserts that `result` is NULL/FALSE with `GetLastError() == code`.
fn assert_fails<T: PartialEq + Default + std::fmt::Debug>(
    sys: &mut System,
    pid: Pid,
    result: T,
    code: u32,
) {
    assert_eq!(result, T::default(), "call should fail with {code}");
    assert_eq!(sys.win32(pid).GetLastError(), code);
}

// ---------------------------------------------------------------------------------------------
// A. Namespace and names
// ---------------------------------------------------------------------------------------------

/// A1 — unprefixed names live in the caller's session `BaseNamedObjects`: the NT name of
/// `CreateFileMapping(.., "X")` from session 1 is `\Sessions\1\BaseNamedObjects\X`, from session 0
/// `\BaseNamedObjects\X`. Source: catalog A1; MS docs "Kernel object namespaces"; wine tests
/// `dlls/ntdll/tests/om.c test_query_object`.
#[test]
fn a01_unprefixed_names_live_in_the_session_namespace() {
    let (mut sys, pids) = machine(&["app"]);
    let app = pids[0];
    let svc = service(&mut sys);

    let h = create_rw(&mut sys, app, 4096, Some("X"));
    assert_ne!(h, 0);
    check(&sys);
    assert_eq!(
        sys.object_name(app, hv(h)).unwrap().as_deref(),
        Some(r"\Sessions\1\BaseNamedObjects\X")
    );

    let s = create_rw(&mut sys, svc, 4096, Some("X"));
    assert_ne!(s, 0);
    assert_eq!(sys.win32(svc).GetLastError(), ERROR_SUCCESS);
    check(&sys);
    assert_eq!(
        sys.object_name(svc, hv(s)).unwrap().as_deref(),
        Some(r"\BaseNamedObjects\X")
    );

    let g = sys.win32(app).CreateEventW(None, 1, 0, Some(r"Global\E"));
    assert_ne!(g, 0);
    check(&sys);
    assert_eq!(
        sys.object_name(app, hv(g)).unwrap().as_deref(),
        Some(r"\BaseNamedObjects\E")
    );

    let anon = create_rw(&mut sys, app, 4096, None);
    assert_ne!(anon, 0);
    check(&sys);
    assert_eq!(sys.object_name(app, hv(anon)).unwrap(), None);
}

/// A2 — `Local\X` and `X` are the same object: create `Local\X`, `OpenFileMapping("X")` opens
/// it, `CreateFileMapping("X")` returns it with ERROR_ALREADY_EXISTS. Source: catalog A2; Wine 8
/// oracle `named_local_create`, `named_local_open_unprefixed`, `named_local_create_unprefixed`.
#[test]
fn a02_local_prefix_and_unprefixed_are_the_same_object() {
    let (mut sys, pids) = machine(&["app"]);
    let app = pids[0];
    let h = create_rw(&mut sys, app, 4096, Some(r"Local\X"));
    assert_ne!(h, 0);
    assert_eq!(sys.win32(app).GetLastError(), ERROR_SUCCESS);
    check(&sys);

    let mut w = sys.win32(app);
    let o = w.OpenFileMappingW(FILE_MAP_READ, 0, Some("X"));
    assert_ne!(o, 0);
    assert_eq!(w.CompareObjectHandles(h, o), 1);
    let c = w.CreateFileMappingW(
        INVALID_HANDLE_VALUE,
        None,
        PAGE_READWRITE,
        0,
        4096,
        Some("X"),
    );
    assert_ne!(c, 0);
    assert_eq!(w.GetLastError(), ERROR_ALREADY_EXISTS);
    assert_eq!(w.CompareObjectHandles(h, c), 1);
    check(&sys);
    assert_eq!(basic_info(&sys, app, h).1, 3);
}

/// A3 — for a session-1 caller `Global\X` is a different object from `X` / `Local\X`; for a
/// session-0 caller all three are the same object. Source: catalog A3 (and its flag); Wine 8
/// oracle `named_global_create`, `named_global_open_same`, `named_global_open_unprefixed`,
/// `named_global_open_local`; MS docs "Kernel object namespaces" (services use the global
/// namespace by default).
#[test]
fn a03_global_is_not_local_in_session_1_but_is_in_session_0() {
    let (mut sys, _) = machine(&[]);
    let adm = admin(&mut sys);
    let svc = service(&mut sys);

    let g = create_rw(&mut sys, adm, 4096, Some(r"Global\X"));
    assert_ne!(g, 0);
    assert_eq!(sys.win32(adm).GetLastError(), ERROR_SUCCESS);
    check(&sys);
    let mut w = sys.win32(adm);
    let r = w.OpenFileMappingW(FILE_MAP_READ, 0, Some("X"));
    assert_fails(w.system(), adm, r, ERROR_FILE_NOT_FOUND);
    let mut w = sys.win32(adm);
    let r = w.OpenFileMappingW(FILE_MAP_READ, 0, Some(r"Local\X"));
    assert_fails(w.system(), adm, r, ERROR_FILE_NOT_FOUND);
    let mut w = sys.win32(adm);
    let same = w.OpenFileMappingW(FILE_MAP_READ, 0, Some(r"Global\X"));
    assert_ne!(same, 0);
    assert_eq!(w.CompareObjectHandles(g, same), 1);
    check(&sys);

    // Session 0: Global\X, Local\X and X name one object (the one created above).
    let mut w = sys.win32(svc);
    for name in ["X", r"Local\X", r"Global\X"] {
        w.SetLastError(SENTINEL);
        let h = w.CreateFileMappingW(
            INVALID_HANDLE_VALUE,
            None,
            PAGE_READWRITE,
            0,
            4096,
            Some(name),
        );
        assert_ne!(h, 0, "{name}");
        assert_eq!(w.GetLastError(), ERROR_ALREADY_EXISTS, "{name}");
        assert_eq!(
            w.system().object_name(svc, hv(h)).unwrap().as_deref(),
            Some(r"\BaseNamedObjects\X")
        );
    }
    check(&sys);
    assert_eq!(basic_info(&sys, adm, g).1, 5);
}

/// A4 — `Local\Y` created in session 1 is not reachable as `Global\Y`: ERROR_FILE_NOT_FOUND.
/// Source: catalog A4; Wine 8 oracle `named_local_open_global`.
#[test]
fn a04_local_name_is_not_reachable_as_global() {
    let (mut sys, pids) = machine(&["app"]);
    let app = pids[0];
    assert_ne!(create_rw(&mut sys, app, 4096, Some(r"Local\Y")), 0);
    assert_ne!(create_rw(&mut sys, app, 4096, Some("Z")), 0);
    check(&sys);
    for name in [r"Global\Y", r"Global\Z"] {
        let mut w = sys.win32(app);
        let r = w.OpenFileMappingW(FILE_MAP_READ, 0, Some(name));
        assert_fails(w.system(), app, r, ERROR_FILE_NOT_FOUND);
    }
}

/// A5 — the prefix keywords are case-sensitive: `global\X` is a sub-directory `global` that
/// does not exist, so Create and Open fail ERROR_PATH_NOT_FOUND. Source: catalog A5; MS docs
/// "Kernel object namespaces" ("These keywords are case sensitive"); Wine 8 oracle
/// `named_global_open_lowercase_prefix`.
#[test]
fn a05_lowercase_global_prefix_is_a_missing_directory() {
    let (mut sys, pids) = machine(&["app"]);
    let app = pids[0];
    let adm = admin(&mut sys);
    assert_ne!(create_rw(&mut sys, adm, 4096, Some(r"Global\X")), 0);
    check(&sys);
    for name in [r"global\X", r"GLOBAL\X", r"local\X"] {
        let r = create_rw(&mut sys, app, 4096, Some(name));
        assert_fails(&mut sys, app, r, ERROR_PATH_NOT_FOUND);
        let mut w = sys.win32(app);
        let r = w.OpenFileMappingW(FILE_MAP_READ, 0, Some(name));
        assert_fails(w.system(), app, r, ERROR_PATH_NOT_FOUND);
    }
    check(&sys);
}

/// A6 — `Session\<n>\X` addresses session n's namespace: from session 1 `Session\1\X` creates
/// (ERROR_SUCCESS) the object that `X` opens; a session that does not exist (`Session\99\X`)
/// is a dangling link: ERROR_PATH_NOT_FOUND. Source: catalog A6 (the 99 case is the catalog's
/// NT-model derivation); Wine 8 oracle `named_session1_create`, `named_session1_open_unprefixed`;
/// `om.c test_directory`.
#[test]
fn a06_session_prefix_addresses_a_session_namespace() {
    let (mut sys, pids) = machine(&["app"]);
    let app = pids[0];
    let mut w = sys.win32(app);
    w.SetLastError(SENTINEL);
    let h = w.CreateFileMappingW(
        INVALID_HANDLE_VALUE,
        None,
        PAGE_READWRITE,
        0,
        4096,
        Some(r"Session\1\X"),
    );
    assert_ne!(h, 0);
    assert_eq!(w.GetLastError(), ERROR_SUCCESS);
    let o = w.OpenFileMappingW(FILE_MAP_READ, 0, Some("X"));
    assert_ne!(o, 0);
    assert_eq!(w.CompareObjectHandles(h, o), 1);
    check(&sys);
    assert_eq!(
        sys.object_name(app, hv(h)).unwrap().as_deref(),
        Some(r"\Sessions\1\BaseNamedObjects\X")
    );

    let r = create_rw(&mut sys, app, 4096, Some(r"Session\99\X"));
    assert_fails(&mut sys, app, r, ERROR_PATH_NOT_FOUND);
    let mut w = sys.win32(app);
    let r = w.OpenFileMappingW(FILE_MAP_READ, 0, Some(r"Session\99\X"));
    assert_fails(w.system(), app, r, ERROR_PATH_NOT_FOUND);
    let mut w = sys.win32(app);
    let r = w.CreateEventW(None, 1, 0, Some(r"Session\99\E"));
    assert_fails(w.system(), app, r, ERROR_PATH_NOT_FOUND);
    check(&sys);
}

/// A7 — any other backslash makes the name a path through a directory that does not exist:
/// `dir\sub` → ERROR_PATH_NOT_FOUND, for sections and events alike. Source: catalog A7; Wine 8
/// oracle `named_backslash`; Raymond Chen "Why does CreateEvent fail with ERROR_PATH_NOT_FOUND
/// if I give it a name with a backslash?".
#[test]
fn a07_inner_backslash_makes_the_name_a_path() {
    let (mut sys, pids) = machine(&["app"]);
    let app = pids[0];
    for name in [r"a\b", r"dir\sub", r"Local\a\b"] {
        let r = create_rw(&mut sys, app, 4096, Some(name));
        assert_fails(&mut sys, app, r, ERROR_PATH_NOT_FOUND);
        let mut w = sys.win32(app);
        let r = w.CreateEventW(None, 1, 0, Some(name));
        assert_fails(w.system(), app, r, ERROR_PATH_NOT_FOUND);
        let mut w = sys.win32(app);
        let r = w.OpenFileMappingW(FILE_MAP_READ, 0, Some(name));
        assert_fails(w.system(), app, r, ERROR_PATH_NOT_FOUND);
    }
    check(&sys);
}

/// A8 — a leading backslash is an absolute path given with a root directory:
/// ERROR_BAD_PATHNAME (STATUS_OBJECT_PATH_SYNTAX_BAD). Source: catalog A8; Wine 8 oracle
/// `named_leading_backslash`; `om.c test_directory`.
#[test]
fn a08_leading_backslash_is_a_bad_pathname() {
    let (mut sys, pids) = machine(&["app"]);
    let app = pids[0];
    for name in [r"\X", r"\BaseNamedObjects\X"] {
        let r = create_rw(&mut sys, app, 4096, Some(name));
        assert_fails(&mut sys, app, r, ERROR_BAD_PATHNAME);
        let mut w = sys.win32(app);
        let r = w.OpenFileMappingW(FILE_MAP_READ, 0, Some(name));
        assert_fails(w.system(), app, r, ERROR_BAD_PATHNAME);
    }
    check(&sys);
}

/// A9 — a trailing backslash fails as a path: `X\` → ERROR_PATH_NOT_FOUND. Source: catalog A9;
/// Wine 8 oracle `named_trailing_backslash`; `om.c test_directory`.
#[test]
fn a09_trailing_backslash_is_path_not_found() {
    let (mut sys, pids) = machine(&["app"]);
    let app = pids[0];
    let r = create_rw(&mut sys, app, 4096, Some("a\\"));
    assert_fails(&mut sys, app, r, ERROR_PATH_NOT_FOUND);
    let r = create_rw(&mut sys, app, 4096, Some("X\\"));
    assert_fails(&mut sys, app, r, ERROR_PATH_NOT_FOUND);
    check(&sys);
}

/// A10 — an empty path component (a doubled backslash) is an invalid name:
/// `Global\\X` → ERROR_INVALID_NAME (STATUS_OBJECT_NAME_INVALID). Source: catalog A10 (Win32 form
/// derived from the NT result); `om.c test_directory`; `dlls/ntdll/tests/error.c`.
#[test]
fn a10_doubled_backslash_is_an_invalid_name() {
    let (mut sys, pids) = machine(&["app"]);
    let app = pids[0];
    let adm = admin(&mut sys);
    for pid in [app, adm] {
        let r = create_rw(&mut sys, pid, 4096, Some(r"Global\\X"));
        assert_fails(&mut sys, pid, r, ERROR_INVALID_NAME);
        let mut w = sys.win32(pid);
        let r = w.OpenFileMappingW(FILE_MAP_READ, 0, Some(r"Global\\X"));
        assert_fails(w.system(), pid, r, ERROR_INVALID_NAME);
    }
    check(&sys);
}

/// A11 — forward slash and other punctuation are ordinary name characters: `a/b` → HANDLE,
/// ERROR_SUCCESS, and it is found again under the same name. Source: catalog A11; Wine 8 oracle
/// `named_forward_slash`.
#[test]
fn a11_forward_slash_is_an_ordinary_character() {
    let (mut sys, pids) = machine(&["app"]);
    let app = pids[0];
    for name in ["a/b", "x:y*z?<>|\"", "Global/X"] {
        let mut w = sys.win32(app);
        w.SetLastError(SENTINEL);
        let h = w.CreateFileMappingW(
            INVALID_HANDLE_VALUE,
            None,
            PAGE_READWRITE,
            0,
            4096,
            Some(name),
        );
        assert_ne!(h, 0, "{name}");
        assert_eq!(w.GetLastError(), ERROR_SUCCESS, "{name}");
        let o = w.OpenFileMappingW(FILE_MAP_READ, 0, Some(name));
        assert_ne!(o, 0);
        assert_eq!(w.CompareObjectHandles(h, o), 1);
        check(&sys);
        assert_eq!(
            sys.object_name(app, hv(h)).unwrap(),
            Some(format!(r"\Sessions\1\BaseNamedObjects\{name}"))
        );
    }
}

/// A12 — names are case-sensitive: after `Wine Test Mapping`, `WINE TEST MAPPING` is a new
/// object (last error 0, not 183); once that one is closed, opening it fails
/// ERROR_FILE_NOT_FOUND. Source: catalog A12; wine tests `dlls/kernel32/tests/virtual.c
/// test_CreateFileMapping`; Wine 8 oracle `named_case_first`, `named_case_upper_create`,
/// `named_case_upper_open_after_close`; MS docs "Object Names".
#[test]
fn a12_names_are_case_sensitive() {
    let (mut sys, pids) = machine(&["app"]);
    let app = pids[0];
    let first = create_rw(&mut sys, app, 4096, Some("Wine Test Mapping"));
    assert_ne!(first, 0);
    check(&sys);
    let mut w = sys.win32(app);
    w.SetLastError(SENTINEL);
    let upper = w.CreateFileMappingW(
        INVALID_HANDLE_VALUE,
        None,
        PAGE_READWRITE,
        0,
        4096,
        Some("WINE TEST MAPPING"),
    );
    assert_ne!(upper, 0);
    assert_ne!(upper, first);
    assert_eq!(w.GetLastError(), ERROR_SUCCESS);
    assert_eq!(w.CompareObjectHandles(first, upper), 0);
    assert_eq!(w.GetLastError(), ERROR_NOT_SAME_OBJECT);
    assert_eq!(w.CloseHandle(upper), 1);
    check(&sys);
    let mut w = sys.win32(app);
    let r = w.OpenFileMappingW(FILE_MAP_READ, 0, Some("WINE TEST MAPPING"));
    assert_fails(w.system(), app, r, ERROR_FILE_NOT_FOUND);
    let mut w = sys.win32(app);
    let r = w.OpenFileMappingW(FILE_MAP_READ, 0, Some("wine test mapping"));
    assert_fails(w.system(), app, r, ERROR_FILE_NOT_FOUND);
    let mut w = sys.win32(app);
    assert_ne!(
        w.OpenFileMappingW(FILE_MAP_READ, 0, Some("Wine Test Mapping")),
        0
    );
    check(&sys);
}

/// A13 — an empty name on create means anonymous: `CreateFileMapping(.., "")` twice gives two
/// distinct objects, both with last error ERROR_SUCCESS (never 183), and no NT name. Source:
/// catalog A13; Wine 8 oracle `named_empty_string_first`, `named_empty_string_second`; `om.c
/// test_name_limits`.
#[test]
fn a13_empty_name_on_create_is_anonymous() {
    let (mut sys, pids) = machine(&["app"]);
    let app = pids[0];
    let mut handles = Vec::new();
    for _ in 0..2 {
        let mut w = sys.win32(app);
        w.SetLastError(SENTINEL);
        let h = w.CreateFileMappingW(
            INVALID_HANDLE_VALUE,
            None,
            PAGE_READWRITE,
            0,
            4096,
            Some(""),
        );
        assert_ne!(h, 0);
        assert_eq!(w.GetLastError(), ERROR_SUCCESS);
        check(&sys);
        assert_eq!(sys.object_name(app, hv(h)).unwrap(), None);
        handles.push(h);
    }
    let mut w = sys.win32(app);
    assert_eq!(w.CompareObjectHandles(handles[0], handles[1]), 0);
    assert_eq!(w.GetLastError(), ERROR_NOT_SAME_OBJECT);
    // Events too.
    w.SetLastError(SENTINEL);
    let e1 = w.CreateEventW(None, 1, 0, Some(""));
    assert_ne!(e1, 0);
    assert_eq!(w.GetLastError(), ERROR_SUCCESS);
    let e2 = w.CreateEventW(None, 1, 0, Some(""));
    assert_ne!(e2, 0);
    assert_eq!(w.GetLastError(), ERROR_SUCCESS);
    assert_eq!(w.CompareObjectHandles(e1, e2), 0);
    check(&sys);
}

/// A14 — an empty name on open names the directory itself, a type mismatch:
/// `OpenFileMapping(FILE_MAP_READ, FALSE, "")` → NULL, ERROR_INVALID_HANDLE. Source: catalog A14;
/// Wine 8 oracle `open_empty_string`; `om.c test_name_limits`.
#[test]
fn a14_open_with_empty_name_is_a_type_mismatch() {
    let (mut sys, pids) = machine(&["app"]);
    let app = pids[0];
    let mut w = sys.win32(app);
    let r = w.OpenFileMappingW(FILE_MAP_READ, 0, Some(""));
    assert_fails(w.system(), app, r, ERROR_INVALID_HANDLE);
    let mut w = sys.win32(app);
    let r = w.OpenEventW(EVENT_ALL_ACCESS, 0, Some(""));
    assert_fails(w.system(), app, r, ERROR_INVALID_HANDLE);
    check(&sys);
}

/// A15 — `OpenFileMapping` with a NULL name is ERROR_INVALID_PARAMETER. Source: catalog A15;
/// Wine 8 oracle `open_null_name`; `om.c test_name_limits`.
#[test]
fn a15_open_with_null_name_is_invalid_parameter() {
    let (mut sys, pids) = machine(&["app"]);
    let app = pids[0];
    let mut w = sys.win32(app);
    let r = w.OpenFileMappingW(FILE_MAP_READ, 0, None);
    assert_fails(w.system(), app, r, ERROR_INVALID_PARAMETER);
    let mut w = sys.win32(app);
    let r = w.OpenFileMappingA(FILE_MAP_READ, 0, None);
    assert_fails(w.system(), app, r, ERROR_INVALID_PARAMETER);
    check(&sys);
}

/// A16 — ANSI names go through a MAX_PATH buffer: 259 characters work, 260 and 300 fail
/// ERROR_FILENAME_EXCED_RANGE, for `CreateFileMappingA`, `OpenFileMappingA` and `CreateEventA`
/// (even when the name exists). The catalog flags 260 as version-dependent; the engine follows
/// Wine's 259/260 cut-off (its `ansi_name` doc comment). Source: catalog A16; Wine 8 oracle
/// `named_long_259_A`, `named_long_260_A`, `named_long_300_A`; Wine `kernelbase/sync.c`.
#[test]
fn a16_ansi_names_are_limited_by_max_path() {
    let (mut sys, pids) = machine(&["app"]);
    let app = pids[0];
    let a259 = vec![b'a'; 259];
    let mut w = sys.win32(app);
    w.SetLastError(SENTINEL);
    let h = w.CreateFileMappingA(
        INVALID_HANDLE_VALUE,
        None,
        PAGE_READWRITE,
        0,
        4096,
        Some(&a259),
    );
    assert_ne!(h, 0);
    assert_eq!(w.GetLastError(), ERROR_SUCCESS);
    w.SetLastError(SENTINEL);
    let o = w.OpenFileMappingA(FILE_MAP_READ, 0, Some(&a259));
    assert_ne!(o, 0);
    assert_eq!(w.GetLastError(), SENTINEL);
    assert_eq!(w.CompareObjectHandles(h, o), 1);
    let e = w.CreateEventA(None, 1, 0, Some(&[b'e'; 259]));
    assert_ne!(e, 0);
    assert_eq!(w.GetLastError(), ERROR_SUCCESS);
    check(&sys);

    // A 260-character section exists (made through the wide API); ANSI still cannot name it.
    let w260 = "b".repeat(260);
    assert_ne!(create_rw(&mut sys, app, 4096, Some(&w260)), 0);
    check(&sys);
    for len in [260, 300] {
        for byte in [b'a', b'b'] {
            let name = vec![byte; len];
            let mut w = sys.win32(app);
            let r = w.CreateFileMappingA(
                INVALID_HANDLE_VALUE,
                None,
                PAGE_READWRITE,
                0,
                4096,
                Some(&name),
            );
            assert_fails(w.system(), app, r, ERROR_FILENAME_EXCED_RANGE);
            let mut w = sys.win32(app);
            let r = w.OpenFileMappingA(FILE_MAP_READ, 0, Some(&name));
            assert_fails(w.system(), app, r, ERROR_FILENAME_EXCED_RANGE);
            let mut w = sys.win32(app);
            let r = w.CreateEventA(None, 1, 0, Some(&name));
            assert_fails(w.system(), app, r, ERROR_FILENAME_EXCED_RANGE);
        }
    }
    check(&sys);
}

/// A17 — wide names are limited only by UNICODE_STRING: a 300-character name is created and
/// opened; at the limit a relative name of 32766 WCHARs (65532 bytes) works and 32767 WCHARs
/// (65534 bytes) is ERROR_INVALID_NAME. Source: catalog A17; Wine 8 oracle `named_long_300_W`,
/// `named_long_300_W_open`; `om.c test_name_limits`.
#[test]
fn a17_wide_names_are_limited_only_by_unicode_string() {
    let (mut sys, pids) = machine(&["app"]);
    let app = pids[0];
    let long = "W".repeat(300);
    let h = create_rw(&mut sys, app, 4096, Some(&long));
    assert_ne!(h, 0);
    assert_eq!(sys.win32(app).GetLastError(), ERROR_SUCCESS);
    check(&sys);
    let mut w = sys.win32(app);
    let o = w.OpenFileMappingW(FILE_MAP_READ, 0, Some(&long));
    assert_ne!(o, 0);
    assert_eq!(w.CompareObjectHandles(h, o), 1);
    check(&sys);

    let max = "m".repeat(32766);
    let h = create_rw(&mut sys, app, 4096, Some(&max));
    assert_ne!(h, 0);
    check(&sys);
    let too_long = "m".repeat(32767);
    let r = create_rw(&mut sys, app, 4096, Some(&too_long));
    assert_fails(&mut sys, app, r, ERROR_INVALID_NAME);
    check(&sys);
}

/// A18 — a successful `CreateFileMapping` always sets the last error: ERROR_SUCCESS for a new
/// object (named or anonymous), ERROR_ALREADY_EXISTS for an existing one; the other `Create*`
/// do the same; `OpenFileMapping` success leaves it unchanged. Source: catalog A18; Wine 8 oracle
/// `anon_create_rw_64k`, `named_create_first_64k`, `named_global_open_same`; Wine
/// `kernelbase/sync.c CreateFileMappingW`; CreateFileMappingW doc (Return value).
#[test]
fn a18_create_sets_the_last_error_on_success() {
    let (mut sys, pids) = machine(&["app"]);
    let app = pids[0];
    let mut w = sys.win32(app);

    w.SetLastError(SENTINEL);
    assert_ne!(
        w.CreateFileMappingW(INVALID_HANDLE_VALUE, None, PAGE_READWRITE, 0, 0x10000, None),
        0
    );
    assert_eq!(w.GetLastError(), ERROR_SUCCESS);

    w.SetLastError(SENTINEL);
    assert_ne!(
        w.CreateFileMappingW(
            INVALID_HANDLE_VALUE,
            None,
            PAGE_READWRITE,
            0,
            0x10000,
            Some("N")
        ),
        0
    );
    assert_eq!(w.GetLastError(), ERROR_SUCCESS);

    w.SetLastError(SENTINEL);
    assert_ne!(
        w.CreateFileMappingW(
            INVALID_HANDLE_VALUE,
            None,
            PAGE_READWRITE,
            0,
            0x10000,
            Some("N")
        ),
        0
    );
    assert_eq!(w.GetLastError(), ERROR_ALREADY_EXISTS);

    // A later success of a create resets a stale ERROR_ALREADY_EXISTS.
    assert_ne!(
        w.CreateFileMappingW(
            INVALID_HANDLE_VALUE,
            None,
            PAGE_READWRITE,
            0,
            0x10000,
            Some("M")
        ),
        0
    );
    assert_eq!(w.GetLastError(), ERROR_SUCCESS);

    w.SetLastError(SENTINEL);
    assert_ne!(w.OpenFileMappingW(FILE_MAP_READ, 0, Some("N")), 0);
    assert_eq!(w.GetLastError(), SENTINEL);

    let makers: [(&str, Maker); 5] = [
        ("event", |w, n| w.CreateEventW(None, 1, 0, Some(n))),
        ("mutex", |w, n| w.CreateMutexW(None, 0, Some(n))),
        ("semaphore", |w, n| w.CreateSemaphoreW(None, 0, 1, Some(n))),
        ("timer", |w, n| w.CreateWaitableTimerW(None, 1, Some(n))),
        ("job", |w, n| w.CreateJobObjectW(None, Some(n))),
    ];
    for (name, make) in makers {
        w.SetLastError(SENTINEL);
        assert_ne!(make(&mut w, name), 0, "{name}");
        assert_eq!(w.GetLastError(), ERROR_SUCCESS, "{name}");
        w.SetLastError(SENTINEL);
        assert_ne!(make(&mut w, name), 0, "{name}");
        assert_eq!(w.GetLastError(), ERROR_ALREADY_EXISTS, "{name}");
    }
    check(&sys);
}

// ---------------------------------------------------------------------------------------------
// B. Object types sharing one namespace; create-or-open semantics
// ---------------------------------------------------------------------------------------------

type Maker = fn(&mut Win32<'_>, &str) -> HANDLE;
type Opener = fn(&mut Win32<'_>, &str) -> HANDLE;

/// The five non-section types that share the namespace with sections: (label, create, open).
fn other_types() -> [(&'static str, Maker, Opener); 5] {
    [
        (
            "event",
            |w, n| w.CreateEventW(None, 1, 0, Some(n)),
            |w, n| w.OpenEventW(EVENT_ALL_ACCESS, 0, Some(n)),
        ),
        (
            "mutex",
            |w, n| w.CreateMutexW(None, 0, Some(n)),
            |w, n| w.OpenMutexW(SYNCHRONIZE, 0, Some(n)),
        ),
        (
            "semaphore",
            |w, n| w.CreateSemaphoreW(None, 0, 1, Some(n)),
            |w, n| w.OpenSemaphoreW(SEMAPHORE_ALL_ACCESS, 0, Some(n)),
        ),
        (
            "waitable timer",
            |w, n| w.CreateWaitableTimerW(None, 1, Some(n)),
            |w, n| w.OpenWaitableTimerW(TIMER_ALL_ACCESS, 0, Some(n)),
        ),
        (
            "job",
            |w, n| w.CreateJobObjectW(None, Some(n)),
            |w, n| w.OpenJobObjectW(JOB_OBJECT_ALL_ACCESS, 0, Some(n)),
        ),
    ]
}

/// B1 — events, mutexes, semaphores, waitable timers, job objects and sections share one
/// namespace: a name taken by one type cannot be created as another, in either direction
/// (ERROR_INVALID_HANDLE), and each pair of non-section types clashes too. Source: catalog B1;
/// CreateFileMappingW doc, lpName ("… these objects share the same namespace"); MS docs
/// "Kernel object namespaces".
#[test]
fn b01_all_named_types_share_one_namespace() {
    let (mut sys, pids) = machine(&["app"]);
    let app = pids[0];
    let types = other_types();
    for (label, make, _) in types {
        // Other type first, then a section.
        let first = make(&mut sys.win32(app), &format!("{label} first"));
        assert_ne!(first, 0);
        check(&sys);
        let r = create_rw(&mut sys, app, 4096, Some(&format!("{label} first")));
        assert_fails(&mut sys, app, r, ERROR_INVALID_HANDLE);
        // Section first, then the other type.
        let s = create_rw(&mut sys, app, 4096, Some(&format!("{label} second")));
        assert_ne!(s, 0);
        check(&sys);
        let mut w = sys.win32(app);
        let r = make(&mut w, &format!("{label} second"));
        assert_fails(w.system(), app, r, ERROR_INVALID_HANDLE);
        check(&sys);
    }
    // Every ordered pair of distinct non-section types clashes as well.
    for (i, (a, make_a, _)) in types.iter().enumerate() {
        for (j, (b, make_b, _)) in types.iter().enumerate() {
            if i == j {
                continue;
            }
            let name = format!("{a} vs {b}");
            let mut w = sys.win32(app);
            assert_ne!(make_a(&mut w, &name), 0);
            let r = make_b(&mut w, &name);
            assert_fails(w.system(), app, r, ERROR_INVALID_HANDLE);
        }
    }
    check(&sys);
}

/// B2 — a section over an existing event / mutex / semaphore name → NULL, ERROR_INVALID_HANDLE.
/// Source: catalog B2; Wine 8 oracle `clash_event_then_section`, `clash_mutex_then_section`,
/// `clash_semaphore_then_section`.
#[test]
fn b02_section_over_an_event_mutex_or_semaphore_name_clashes() {
    let (mut sys, pids) = machine(&["app"]);
    let app = pids[0];
    let mut w = sys.win32(app);
    assert_ne!(w.CreateEventW(None, 1, 0, Some("E")), 0);
    assert_ne!(w.CreateMutexW(None, 0, Some("M")), 0);
    assert_ne!(w.CreateSemaphoreW(None, 0, 1, Some("S")), 0);
    check(&sys);
    for name in ["E", "M", "S"] {
        sys.win32(app).SetLastError(SENTINEL);
        let r = create_rw(&mut sys, app, 4096, Some(name));
        assert_fails(&mut sys, app, r, ERROR_INVALID_HANDLE);
        // The clash did not disturb the holder: its type and name are unchanged.
        let mut w = sys.win32(app);
        let r = w.OpenFileMappingW(FILE_MAP_READ, 0, Some(name));
        assert_fails(w.system(), app, r, ERROR_INVALID_HANDLE);
    }
    check(&sys);
    let mut w = sys.win32(app);
    assert_ne!(w.OpenEventW(EVENT_ALL_ACCESS, 0, Some("E")), 0);
    assert_ne!(w.OpenMutexW(SYNCHRONIZE, 0, Some("M")), 0);
    assert_ne!(w.OpenSemaphoreW(SEMAPHORE_ALL_ACCESS, 0, Some("S")), 0);
    check(&sys);
}

/// B3 — an event / mutex / semaphore over an existing section name → NULL, ERROR_INVALID_HANDLE.
/// Source: catalog B3; Wine 8 oracle `clash_section_then_event`, `clash_section_then_mutex`,
/// `clash_section_then_semaphore`.
#[test]
fn b03_event_mutex_or_semaphore_over_a_section_name_clashes() {
    let (mut sys, pids) = machine(&["app"]);
    let app = pids[0];
    let s = create_rw(&mut sys, app, 4096, Some("N"));
    assert_ne!(s, 0);
    check(&sys);
    let mut w = sys.win32(app);
    let r = w.CreateEventW(None, 1, 0, Some("N"));
    assert_fails(w.system(), app, r, ERROR_INVALID_HANDLE);
    let mut w = sys.win32(app);
    let r = w.CreateMutexW(None, 1, Some("N"));
    assert_fails(w.system(), app, r, ERROR_INVALID_HANDLE);
    let mut w = sys.win32(app);
    let r = w.CreateSemaphoreW(None, 1, 1, Some("N"));
    assert_fails(w.system(), app, r, ERROR_INVALID_HANDLE);
    check(&sys);
    assert_eq!(basic_info(&sys, app, s).1, 1);
}

/// B4 — opening a name of the wrong type is ERROR_INVALID_HANDLE, not ERROR_FILE_NOT_FOUND:
/// `OpenFileMapping` on an event (or any other type's) name, `OpenEvent` / `OpenMutex` / … on a
/// section name. Source: catalog B4; Wine 8 oracle `clash_open_section_on_event_name`,
/// `clash_open_event_on_section_name`, `clash_open_mutex_on_section_name`; `om.c
/// test_name_limits`.
#[test]
fn b04_open_of_the_wrong_type_is_invalid_handle() {
    let (mut sys, pids) = machine(&["app"]);
    let app = pids[0];
    assert_ne!(create_rw(&mut sys, app, 4096, Some("S")), 0);
    check(&sys);
    for (label, make, open) in other_types() {
        let mut w = sys.win32(app);
        assert_ne!(make(&mut w, label), 0);
        let r = w.OpenFileMappingW(FILE_MAP_READ, 0, Some(label));
        assert_fails(w.system(), app, r, ERROR_INVALID_HANDLE);
        let mut w = sys.win32(app);
        let r = open(&mut w, "S");
        assert_fails(w.system(), app, r, ERROR_INVALID_HANDLE);
        // A name nobody holds is still ERROR_FILE_NOT_FOUND.
        let mut w = sys.win32(app);
        let r = open(&mut w, "nobody");
        assert_fails(w.system(), app, r, ERROR_FILE_NOT_FOUND);
        check(&sys);
    }
}

/// B5 — same type → the existing object (183); a different non-section type → clash:
/// `CreateEvent("N")` twice → HANDLE + ERROR_ALREADY_EXISTS; then `CreateMutex("N")` → NULL,
/// ERROR_INVALID_HANDLE. Source: catalog B5; Wine 8 oracle `clash_event_then_event`,
/// `clash_event_then_mutex`.
#[test]
fn b05_same_type_opens_the_existing_object_other_type_clashes() {
    let (mut sys, pids) = machine(&["app"]);
    let app = pids[0];
    let mut w = sys.win32(app);
    let e1 = w.CreateEventW(None, 1, 0, Some("N"));
    assert_ne!(e1, 0);
    assert_eq!(w.GetLastError(), ERROR_SUCCESS);
    let e2 = w.CreateEventW(None, 0, 1, Some("N"));
    assert_ne!(e2, 0);
    assert_ne!(e2, e1);
    assert_eq!(w.GetLastError(), ERROR_ALREADY_EXISTS);
    assert_eq!(w.CompareObjectHandles(e1, e2), 1);
    // The existing event kept its state: the second call's bInitialState is ignored.
    assert_eq!(w.WaitForSingleObject(e2, 0), WAIT_TIMEOUT);
    check(&sys);
    let mut w = sys.win32(app);
    let r = w.CreateMutexW(None, 0, Some("N"));
    assert_fails(w.system(), app, r, ERROR_INVALID_HANDLE);
    let mut w = sys.win32(app);
    let m1 = w.CreateMutexW(None, 0, Some("M"));
    assert_ne!(m1, 0);
    let m2 = w.CreateMutexW(None, 0, Some("M"));
    assert_ne!(m2, 0);
    assert_eq!(w.GetLastError(), ERROR_ALREADY_EXISTS);
    assert_eq!(w.CompareObjectHandles(m1, m2), 1);
    check(&sys);
}

/// B6 — the name is released with the last handle of the clashing object: after the event's
/// only handle is closed, `CreateFileMapping("N")` → HANDLE, ERROR_SUCCESS. Source: catalog B6;
/// Wine 8 oracle `clash_section_after_event_closed`.
#[test]
fn b06_name_is_released_with_the_last_handle_of_the_clashing_object() {
    let (mut sys, pids) = machine(&["app"]);
    let app = pids[0];
    let mut w = sys.win32(app);
    let e = w.CreateEventW(None, 1, 0, Some("N"));
    assert_ne!(e, 0);
    let e2 = w.OpenEventW(SYNCHRONIZE, 0, Some("N"));
    assert_ne!(e2, 0);
    check(&sys);
    assert_eq!(sys.win32(app).CloseHandle(e), 1);
    check(&sys);
    // One handle remains: the name is still the event's.
    let r = create_rw(&mut sys, app, 4096, Some("N"));
    assert_fails(&mut sys, app, r, ERROR_INVALID_HANDLE);
    assert_eq!(sys.win32(app).CloseHandle(e2), 1);
    check(&sys);
    sys.win32(app).SetLastError(SENTINEL);
    let s = create_rw(&mut sys, app, 4096, Some("N"));
    assert_ne!(s, 0);
    assert_eq!(sys.win32(app).GetLastError(), ERROR_SUCCESS);
    check(&sys);
    assert_eq!(sys.object_type(app, hv(s)).unwrap(), ObjectType::Section);
}

/// B7 — at the NT level a type clash under `OBJ_OPENIF` is STATUS_OBJECT_TYPE_MISMATCH
/// (→ ERROR_INVALID_HANDLE), the Vista+ answer (not XP's OBJECT_NAME_COLLISION). Checked on the
/// typed API, whose error remembers the NTSTATUS. Source: catalog B7; `om.c
/// test_case_sensitive`; `dlls/ntdll/tests/error.c`.
#[test]
fn b07_type_clash_is_status_object_type_mismatch() {
    let (mut sys, pids) = machine(&["app"]);
    let app = pids[0];
    sys.create_object(
        app,
        winsection::NewObject::Event {
            manual_reset: true,
            initial_state: false,
        },
        Some("N"),
        EVENT_ALL_ACCESS,
        false,
        None,
    )
    .unwrap();
    check(&sys);
    let request = winsection::SectionRequest::pagefile(PAGE_READWRITE, 4096).named("N");
    let e = sys.create_section(app, &request).unwrap_err();
    assert_eq!(e.code(), ERROR_INVALID_HANDLE);
    assert_eq!(e.status(), Some(NtStatus::OBJECT_TYPE_MISMATCH));
    let e = sys
        .open_object(app, ObjectType::Section, Some("N"), SECTION_MAP_READ, false)
        .unwrap_err();
    assert_eq!(e.code(), ERROR_INVALID_HANDLE);
    assert_eq!(e.status(), Some(NtStatus::OBJECT_TYPE_MISMATCH));
    check(&sys);
}

/// B8 — same name, same type → the EXISTING section at its own size: a new, different handle
/// value, ERROR_ALREADY_EXISTS, `NtQuerySection` size 0x10000 (not 0x20000), a whole-section view
/// of 0x10000 bytes, a 0x20000-byte FILE_MAP_WRITE view → ERROR_ACCESS_DENIED, and writes
/// through one handle's view are seen through the other's. Source: catalog B8; CreateFileMappingW
/// doc (Return value); Wine 8 oracle `named_create_second_128k`, `named_second_view_size`,
/// `named_second_coherent_with_first`, `named_second_map_128k`; `om.c test_name_collisions`.
#[test]
fn b08_existing_section_keeps_its_own_size() {
    let (mut sys, pids) = machine(&["app"]);
    let app = pids[0];
    let h1 = create_rw(&mut sys, app, 0x10000, Some("N"));
    assert_ne!(h1, 0);
    check(&sys);
    sys.win32(app).SetLastError(SENTINEL);
    let h2 = create_rw(&mut sys, app, 0x20000, Some("N"));
    assert_ne!(h2, 0);
    assert_ne!(h2, h1);
    assert_eq!(sys.win32(app).GetLastError(), ERROR_ALREADY_EXISTS);
    check(&sys);
    assert_eq!(sys.query_section(app, hv(h2)).unwrap().size, 0x10000);
    assert_eq!(sys.query_section(app, hv(h1)).unwrap().size, 0x10000);

    let mut w = sys.win32(app);
    let r = w.MapViewOfFile(h2, FILE_MAP_WRITE, 0, 0, 0x20000);
    assert_fails(w.system(), app, r, ERROR_ACCESS_DENIED);
    let mut w = sys.win32(app);
    let v2 = w.MapViewOfFile(h2, FILE_MAP_WRITE, 0, 0, 0);
    assert_ne!(v2, 0);
    let mut mbi = MEMORY_BASIC_INFORMATION::default();
    assert_eq!(w.VirtualQuery(v2, Some(&mut mbi), 48), 48);
    assert_eq!(mbi.RegionSize, 0x10000);
    let v1 = w.MapViewOfFile(h1, FILE_MAP_READ, 0, 0, 0);
    assert_ne!(v1, 0);
    check(&sys);
    assert_eq!(
        sys.write_memory(app, v2 + 0x100, b"shared").unwrap(),
        Ok(())
    );
    check(&sys);
    assert_eq!(
        sys.read_memory(app, v1 + 0x100, 6).unwrap(),
        Ok(b"shared".to_vec())
    );
}

/// B9 — on open-existing the new handle's access follows the *requested* protection:
/// `CreateFileMapping(PAGE_READONLY, "N")` on an existing RW section → HANDLE + 183 with
/// `STANDARD_RIGHTS_REQUIRED|SECTION_QUERY|SECTION_MAP_READ`; a FILE_MAP_WRITE view through it →
/// ERROR_ACCESS_DENIED, a FILE_MAP_READ view works. Source: catalog B9; CreateFileMappingW doc
/// (lpName); Wine `kernelbase/sync.c CreateFileMappingW`; Wine 8 oracle
/// `named_second_readonly_prot`, `named_second_readonly_prot_map_write`.
#[test]
fn b09_open_existing_access_follows_the_requested_protection() {
    let (mut sys, pids) = machine(&["app"]);
    let app = pids[0];
    let rw = create_rw(&mut sys, app, 4096, Some("N"));
    assert_ne!(rw, 0);
    let v = sys.win32(app).MapViewOfFile(rw, FILE_MAP_WRITE, 0, 0, 0);
    assert_ne!(v, 0);
    assert_eq!(sys.write_memory(app, v, b"rw data").unwrap(), Ok(()));
    check(&sys);

    let mut w = sys.win32(app);
    let ro = w.CreateFileMappingW(
        INVALID_HANDLE_VALUE,
        None,
        PAGE_READONLY,
        0,
        4096,
        Some("N"),
    );
    assert_ne!(ro, 0);
    assert_eq!(w.GetLastError(), ERROR_ALREADY_EXISTS);
    check(&sys);
    assert_eq!(
        basic_info(&sys, app, ro).0,
        STANDARD_RIGHTS_REQUIRED | SECTION_QUERY | SECTION_MAP_READ
    );
    let mut w = sys.win32(app);
    let r = w.MapViewOfFile(ro, FILE_MAP_WRITE, 0, 0, 0);
    assert_fails(w.system(), app, r, ERROR_ACCESS_DENIED);
    let mut w = sys.win32(app);
    let r = w.MapViewOfFile(ro, FILE_MAP_ALL_ACCESS, 0, 0, 0);
    assert_fails(w.system(), app, r, ERROR_ACCESS_DENIED);
    let mut w = sys.win32(app);
    let rv = w.MapViewOfFile(ro, FILE_MAP_READ, 0, 0, 0);
    assert_ne!(rv, 0);
    check(&sys);
    assert_eq!(
        sys.read_memory(app, rv, 7).unwrap(),
        Ok(b"rw data".to_vec())
    );

    // PAGE_EXECUTE_READ asks for MAP_READ|MAP_EXECUTE (no MAP_WRITE).
    let mut w = sys.win32(app);
    let xr = w.CreateFileMappingW(
        INVALID_HANDLE_VALUE,
        None,
        PAGE_EXECUTE_READ,
        0,
        4096,
        Some("N"),
    );
    assert_ne!(xr, 0);
    assert_eq!(w.GetLastError(), ERROR_ALREADY_EXISTS);
    check(&sys);
    assert_eq!(
        basic_info(&sys, app, xr).0,
        STANDARD_RIGHTS_REQUIRED | SECTION_QUERY | SECTION_MAP_READ | SECTION_MAP_EXECUTE
    );
    // The existing object itself is unchanged (B14).
    assert_eq!(
        sys.query_section(app, hv(rw)).unwrap().protection,
        PAGE_READWRITE
    );
}

/// B12 — parameters kernel32 checks come before the name lookup: pagefile size 0 or an invalid
/// protection fails ERROR_INVALID_PARAMETER even when the name is an existing section or is held
/// by an event (not 183, not 6). Source: catalog B12; Wine 8 oracle `named_second_size0`,
/// `named_existing_invalid_protect`, `named_event_name_size0`,
/// `named_event_name_invalid_protect`; Wine `kernelbase/sync.c`.
#[test]
fn b12_parameters_are_validated_before_the_name_lookup() {
    let (mut sys, pids) = machine(&["app"]);
    let app = pids[0];
    assert_ne!(create_rw(&mut sys, app, 4096, Some("S")), 0);
    assert_ne!(sys.win32(app).CreateEventW(None, 1, 0, Some("E")), 0);
    check(&sys);
    for name in ["S", "E"] {
        let mut w = sys.win32(app);
        w.SetLastError(SENTINEL);
        let r = w.CreateFileMappingW(INVALID_HANDLE_VALUE, None, PAGE_READWRITE, 0, 0, Some(name));
        assert_fails(w.system(), app, r, ERROR_INVALID_PARAMETER);
        let mut w = sys.win32(app);
        let r = w.CreateFileMappingW(
            INVALID_HANDLE_VALUE,
            None,
            PAGE_NOACCESS,
            0,
            4096,
            Some(name),
        );
        assert_fails(w.system(), app, r, ERROR_INVALID_PARAMETER);
        let mut w = sys.win32(app);
        let r = w.CreateFileMappingW(
            INVALID_HANDLE_VALUE,
            None,
            PAGE_READWRITE | PAGE_GUARD,
            0,
            4096,
            Some(name),
        );
        assert_fails(w.system(), app, r, ERROR_INVALID_PARAMETER);
    }
    check(&sys);
}

/// B13 — invalid `SEC_*` combinations on an existing name: on Windows `NtCreateSection`
/// validates the attributes before the object is inserted, so
/// `PAGE_READWRITE|SEC_COMMIT|SEC_RESERVE` on an existing section → NULL, ERROR_INVALID_PARAMETER
/// (Wine answers 183: the sources disagree, the Windows expectation is asserted). Source:
/// catalog B13; CreateFileMappingW doc (SEC_COMMIT "cannot be combined with SEC_RESERVE"); wine
/// tests `virtual.c test_CreateFileMapping sec_flag_tests`; Wine 8 oracle
/// `named_existing_invalid_sec_flags` (differs); shared/behaviour/README.md.
#[test]
fn b13_invalid_sec_flags_on_an_existing_name_are_invalid_parameter() {
    let (mut sys, pids) = machine(&["app"]);
    let app = pids[0];
    assert_ne!(create_rw(&mut sys, app, 0x10000, Some("N")), 0);
    check(&sys);
    for flags in [
        SEC_COMMIT | SEC_RESERVE,
        SEC_NOCACHE,
        SEC_FILE,
        SEC_RESERVE | SEC_LARGE_PAGES,
    ] {
        let mut w = sys.win32(app);
        w.SetLastError(SENTINEL);
        let r = w.CreateFileMappingW(
            INVALID_HANDLE_VALUE,
            None,
            PAGE_READWRITE | flags,
            0,
            0x10000,
            Some("N"),
        );
        assert_eq!(r, 0, "flags {flags:#x}");
        assert_eq!(
            w.GetLastError(),
            ERROR_INVALID_PARAMETER,
            "flags {flags:#x}"
        );
    }
    check(&sys);
}

/// B14 — a clash or an existing object never changes the existing object: size, protection,
/// attributes and contents survive a second `CreateFileMapping` with other parameters. Source:
/// catalog B14 (consequence of B8–B11; Wine 8 oracle lines cited there).
#[test]
fn b14_create_on_an_existing_name_never_changes_the_object() {
    let (mut sys, pids) = machine(&["app"]);
    let app = pids[0];
    let h = create_rw(&mut sys, app, 0x3000, Some("N"));
    assert_ne!(h, 0);
    let v = sys.win32(app).MapViewOfFile(h, FILE_MAP_WRITE, 0, 0, 0);
    assert_ne!(v, 0);
    assert_eq!(sys.write_memory(app, v, b"keep").unwrap(), Ok(()));
    check(&sys);
    let before = sys.query_section(app, hv(h)).unwrap();
    let mut w = sys.win32(app);
    let h2 = w.CreateFileMappingW(
        INVALID_HANDLE_VALUE,
        None,
        PAGE_EXECUTE_READWRITE | SEC_RESERVE,
        0,
        0x9000,
        Some("N"),
    );
    assert_ne!(h2, 0);
    assert_eq!(w.GetLastError(), ERROR_ALREADY_EXISTS);
    check(&sys);
    assert_eq!(sys.query_section(app, hv(h)).unwrap(), before);
    assert_eq!(before.size, 0x3000);
    assert_eq!(before.protection, PAGE_READWRITE);
    assert_eq!(before.attributes, SEC_COMMIT);
    assert_eq!(sys.read_memory(app, v, 4).unwrap(), Ok(b"keep".to_vec()));
}

/// B15 — sections are not waitable: `WaitForSingleObject(hSection, 0)` → WAIT_FAILED,
/// ERROR_ACCESS_DENIED (no SYNCHRONIZE in the handle's access). Source: catalog B15; Wine 8 oracle
/// `wait_on_section_handle`.
#[test]
fn b15_waiting_on_a_section_fails_access_denied() {
    let (mut sys, pids) = machine(&["app"]);
    let app = pids[0];
    let h = create_rw(&mut sys, app, 4096, Some("N"));
    assert_ne!(h, 0);
    let all = sys
        .win32(app)
        .OpenFileMappingW(FILE_MAP_ALL_ACCESS, 0, Some("N"));
    assert_ne!(all, 0);
    check(&sys);
    for handle in [h, all] {
        let mut w = sys.win32(app);
        w.SetLastError(SENTINEL);
        assert_eq!(w.WaitForSingleObject(handle, 0), WAIT_FAILED);
        assert_eq!(w.GetLastError(), ERROR_ACCESS_DENIED);
        assert_eq!(w.WaitForSingleObject(handle, INFINITE), WAIT_FAILED);
        assert_eq!(w.GetLastError(), ERROR_ACCESS_DENIED);
    }
    check(&sys);
}

/// B16 — `NtQueryObject(ObjectTypeInformation)` on a section handle reports type `Section`.
/// Source: catalog B16; `om.c` type-name checks.
#[test]
fn b16_section_type_name_is_section() {
    let (mut sys, pids) = machine(&["app"]);
    let app = pids[0];
    let h = create_rw(&mut sys, app, 4096, None);
    assert_ne!(h, 0);
    check(&sys);
    let ty = sys.object_type(app, hv(h)).unwrap();
    assert_eq!(ty, ObjectType::Section);
    assert_eq!(ty.nt_name(), "Section");
}

// ---------------------------------------------------------------------------------------------
// G. Lifetime
// ---------------------------------------------------------------------------------------------

/// G1 — the name disappears with the last handle, even while a view is mapped:
/// `OpenFileMapping("N")` → ERROR_FILE_NOT_FOUND, and the view still reads and writes. Source:
/// catalog G1; Wine 8 oracle `open_after_handles_closed_view_mapped`; wine tests `virtual.c
/// test_MapViewOfFile`.
#[test]
fn g01_name_dies_with_the_last_handle_even_while_a_view_is_mapped() {
    let (mut sys, pids) = machine(&["app"]);
    let app = pids[0];
    let h = create_rw(&mut sys, app, 4096, Some("N"));
    assert_ne!(h, 0);
    let v = sys.win32(app).MapViewOfFile(h, FILE_MAP_WRITE, 0, 0, 0);
    assert_ne!(v, 0);
    assert_eq!(sys.write_memory(app, v, b"OLDDATA").unwrap(), Ok(()));
    check(&sys);
    assert_eq!(sys.win32(app).CloseHandle(h), 1);
    check(&sys);
    let mut w = sys.win32(app);
    let r = w.OpenFileMappingW(FILE_MAP_READ, 0, Some("N"));
    assert_fails(w.system(), app, r, ERROR_FILE_NOT_FOUND);
    assert_eq!(sys.read_memory(app, v, 7).unwrap(), Ok(b"OLDDATA".to_vec()));
    assert_eq!(sys.write_memory(app, v + 7, b"+more").unwrap(), Ok(()));
    check(&sys);
    assert_eq!(
        sys.read_memory(app, v, 12).unwrap(),
        Ok(b"OLDDATA+more".to_vec())
    );
}

/// G2 — re-creating the vanished name gives a brand-new object: ERROR_SUCCESS (not 183), and
/// its view reads zeros, not the old data. Source: catalog G2; Wine 8 oracle
/// `create_again_after_handles_closed_view_mapped` (`sees_old_data=0`); wine tests
/// `test_MapViewOfFile`.
#[test]
fn g02_recreating_a_vanished_name_gives_a_fresh_zeroed_object() {
    let (mut sys, pids) = machine(&["app"]);
    let app = pids[0];
    let h = create_rw(&mut sys, app, 4096, Some("N"));
    let v = sys.win32(app).MapViewOfFile(h, FILE_MAP_WRITE, 0, 0, 0);
    assert_ne!(v, 0);
    assert_eq!(sys.write_memory(app, v, b"OLDDATA").unwrap(), Ok(()));
    assert_eq!(sys.win32(app).CloseHandle(h), 1);
    check(&sys);
    sys.win32(app).SetLastError(SENTINEL);
    let n = create_rw(&mut sys, app, 4096, Some("N"));
    assert_ne!(n, 0);
    assert_eq!(sys.win32(app).GetLastError(), ERROR_SUCCESS);
    check(&sys);
    let nv = sys.win32(app).MapViewOfFile(n, FILE_MAP_READ, 0, 0, 0);
    assert_ne!(nv, 0);
    check(&sys);
    assert_eq!(sys.read_memory(app, nv, 4096).unwrap(), Ok(vec![0; 4096]));
}

/// G3 — any surviving handle keeps the name, including a duplicate: after the original is
/// closed `OpenFileMapping("N")` works and the data is still there; after the duplicate is
/// closed too → ERROR_FILE_NOT_FOUND. Source: catalog G3; Wine 8 oracle
/// `open_after_closing_one_of_two_handles` (`data_kept=1`), `open_after_closing_all_handles`.
#[test]
fn g03_a_duplicate_keeps_the_name_alive() {
    let (mut sys, pids) = machine(&["app"]);
    let app = pids[0];
    let h = create_rw(&mut sys, app, 4096, Some("N"));
    let v = sys.win32(app).MapViewOfFile(h, FILE_MAP_WRITE, 0, 0, 0);
    assert_eq!(sys.write_memory(app, v, b"data").unwrap(), Ok(()));
    assert_eq!(sys.win32(app).UnmapViewOfFile(v), 1);
    let mut d = 0;
    let mut w = sys.win32(app);
    let me = w.GetCurrentProcess();
    assert_eq!(
        w.DuplicateHandle(me, h, me, Some(&mut d), 0, 0, DUPLICATE_SAME_ACCESS),
        1
    );
    assert_eq!(w.CloseHandle(h), 1);
    check(&sys);
    let mut w = sys.win32(app);
    let o = w.OpenFileMappingW(FILE_MAP_READ, 0, Some("N"));
    assert_ne!(o, 0);
    let ov = w.MapViewOfFile(o, FILE_MAP_READ, 0, 0, 0);
    assert_ne!(ov, 0);
    check(&sys);
    assert_eq!(sys.read_memory(app, ov, 4).unwrap(), Ok(b"data".to_vec()));
    let mut w = sys.win32(app);
    assert_eq!(w.CloseHandle(o), 1);
    assert_eq!(w.CloseHandle(d), 1);
    check(&sys);
    let mut w = sys.win32(app);
    let r = w.OpenFileMappingW(FILE_MAP_READ, 0, Some("N"));
    assert_fails(w.system(), app, r, ERROR_FILE_NOT_FOUND);
}

/// G4 — views keep the section's memory alive: closing the section handle right after
/// `MapViewOfFile` leaves the view fully usable until `UnmapViewOfFile`. Source: catalog G4;
/// Wine 8 oracle `view_outlives_section_handle` (`rw_ok=1`); CreateFileMappingW doc ("These
/// functions can be called in any order"); MS docs "Closing a File Mapping Object".
#[test]
fn g04_a_view_outlives_the_section_handle() {
    let (mut sys, pids) = machine(&["app"]);
    let app = pids[0];
    let h = create_rw(&mut sys, app, 0x2000, None);
    let v = sys.win32(app).MapViewOfFile(h, FILE_MAP_WRITE, 0, 0, 0);
    assert_ne!(v, 0);
    assert_eq!(sys.win32(app).CloseHandle(h), 1);
    check(&sys);
    assert_eq!(
        sys.write_memory(app, v + 0x1FF0, b"still here").unwrap(),
        Ok(())
    );
    check(&sys);
    assert_eq!(
        sys.read_memory(app, v + 0x1FF0, 10).unwrap(),
        Ok(b"still here".to_vec())
    );
    assert_eq!(sys.win32(app).UnmapViewOfFile(v), 1);
    check(&sys);
    assert!(sys.read_memory(app, v, 1).unwrap().is_err());
}

/// G6 — HandleCount counts open handles; PointerCount ≥ HandleCount and rises by one per mapped
/// view (only monotonicity is asserted, per the catalog's flag). Source: catalog G6;
/// `OBJECT_BASIC_INFORMATION` (winternl); `om.c` object-info tests.
#[test]
fn g06_handle_and_pointer_counts_are_observable() {
    let (mut sys, pids) = machine(&["app"]);
    let app = pids[0];
    let h = create_rw(&mut sys, app, 4096, Some("N"));
    check(&sys);
    let (_, handles, pointers) = basic_info(&sys, app, h);
    assert_eq!(handles, 1);
    assert!(pointers >= handles);
    let v = sys.win32(app).MapViewOfFile(h, FILE_MAP_READ, 0, 0, 0);
    assert_ne!(v, 0);
    check(&sys);
    let (_, handles2, pointers2) = basic_info(&sys, app, h);
    assert_eq!(handles2, 1);
    assert_eq!(pointers2, pointers + 1);
    assert_eq!(sys.win32(app).UnmapViewOfFile(v), 1);
    check(&sys);
    assert_eq!(basic_info(&sys, app, h).2, pointers);
}

/// G7 — CloseHandle on a stale or bogus handle → FALSE, ERROR_INVALID_HANDLE: twice, NULL, a
/// never-allocated value; `CloseHandle(GetCurrentProcess())` → TRUE. Source: catalog G7; Wine 8
/// oracle `closehandle_first`, `closehandle_twice`, `closehandle_null`,
/// `closehandle_never_allocated_value`, `closehandle_pseudo_current_process`; CloseHandle doc.
#[test]
fn g07_closehandle_on_a_stale_or_bogus_handle_is_invalid_handle() {
    let (mut sys, pids) = machine(&["app"]);
    let app = pids[0];
    let h = create_rw(&mut sys, app, 4096, None);
    let mut w = sys.win32(app);
    w.SetLastError(SENTINEL);
    assert_eq!(w.CloseHandle(h), 1);
    assert_eq!(w.GetLastError(), SENTINEL);
    check(&sys);
    for bogus in [h, 0, 0x12340] {
        let mut w = sys.win32(app);
        w.SetLastError(SENTINEL);
        let r = w.CloseHandle(bogus);
        assert_fails(w.system(), app, r, ERROR_INVALID_HANDLE);
    }
    let mut w = sys.win32(app);
    w.SetLastError(SENTINEL);
    let me = w.GetCurrentProcess();
    assert_eq!(w.CloseHandle(me), 1);
    assert_eq!(w.GetLastError(), SENTINEL);
    check(&sys);
}

/// G8 — the low two bits of a handle value are tag bits the kernel ignores: `MapViewOfFile(h|2)`
/// maps `h`'s section, `CloseHandle(h|1)` closes `h`. Source: catalog G8; ntdef.h
/// `OBJ_HANDLE_TAGBITS`; Raymond Chen "Why are kernel HANDLEs always a multiple of four?"; Wine 8
/// oracle `map_handle_low_bits_set`, `closehandle_low_bits_set_live_handle`.
#[test]
fn g08_low_two_bits_of_a_handle_are_ignored() {
    let (mut sys, pids) = machine(&["app"]);
    let app = pids[0];
    let h = create_rw(&mut sys, app, 4096, Some("N"));
    let v = sys.win32(app).MapViewOfFile(h | 2, FILE_MAP_WRITE, 0, 0, 0);
    assert_ne!(v, 0);
    check(&sys);
    assert_eq!(sys.write_memory(app, v, b"tag").unwrap(), Ok(()));
    let mut w = sys.win32(app);
    assert_eq!(w.CompareObjectHandles(h, h | 3), 1);
    let mut flags = 0;
    assert_eq!(w.GetHandleInformation(h | 1, Some(&mut flags)), 1);
    assert_eq!(w.CloseHandle(h | 1), 1);
    check(&sys);
    let mut w = sys.win32(app);
    let r = w.CloseHandle(h);
    assert_fails(w.system(), app, r, ERROR_INVALID_HANDLE);
    // It was the only handle: the name is gone.
    let mut w = sys.win32(app);
    let r = w.OpenFileMappingW(FILE_MAP_READ, 0, Some("N"));
    assert_fails(w.system(), app, r, ERROR_FILE_NOT_FOUND);
    check(&sys);
}

/// G9 — a name never refers to a destroyed object, and after it is reused by a new object the
/// old view still shows the old memory while the new object starts at zero. Source: catalog G9;
/// Wine 8 oracle `create_again_after_handles_closed_view_mapped`.
#[test]
fn g09_old_views_keep_the_old_memory_after_the_name_is_reused() {
    let (mut sys, pids) = machine(&["app"]);
    let app = pids[0];
    let h = create_rw(&mut sys, app, 4096, Some("N"));
    let old = sys.win32(app).MapViewOfFile(h, FILE_MAP_WRITE, 0, 0, 0);
    assert_eq!(sys.write_memory(app, old, b"OLDDATA").unwrap(), Ok(()));
    assert_eq!(sys.win32(app).CloseHandle(h), 1);
    check(&sys);
    let n = create_rw(&mut sys, app, 4096, Some("N"));
    assert_eq!(sys.win32(app).GetLastError(), ERROR_SUCCESS);
    let new = sys.win32(app).MapViewOfFile(n, FILE_MAP_WRITE, 0, 0, 0);
    assert_ne!(new, 0);
    check(&sys);
    assert_eq!(sys.write_memory(app, new, b"NEW").unwrap(), Ok(()));
    check(&sys);
    assert_eq!(
        sys.read_memory(app, old, 7).unwrap(),
        Ok(b"OLDDATA".to_vec())
    );
    assert_eq!(
        sys.read_memory(app, new, 7).unwrap(),
        Ok(b"NEW\0\0\0\0".to_vec())
    );
    assert_eq!(basic_info(&sys, app, n).1, 1);
}

/// G10 — process exit closes every handle and unmaps every view: a named section held only by
/// the exiting process vanishes; one also held elsewhere survives with one handle fewer and
/// one view reference fewer. Source: catalog G10; MS docs "Terminating a Process"; CloseHandle
/// doc.
#[test]
fn g10_process_exit_closes_handles_and_unmaps_views() {
    let (mut sys, pids) = machine(&["a", "b"]);
    let (a, b) = (pids[0], pids[1]);
    let shared = create_rw(&mut sys, a, 4096, Some("shared"));
    let own = create_rw(&mut sys, a, 4096, Some("own"));
    assert_ne!(own, 0);
    let va = sys.win32(a).MapViewOfFile(shared, FILE_MAP_WRITE, 0, 0, 0);
    assert_eq!(sys.write_memory(a, va, b"from a").unwrap(), Ok(()));
    let hb = sys
        .win32(b)
        .OpenFileMappingW(FILE_MAP_READ, 0, Some("shared"));
    assert_ne!(hb, 0);
    check(&sys);
    let (_, handles, pointers) = basic_info(&sys, b, hb);
    assert_eq!(handles, 2);

    sys.exit_process(a, 0).unwrap();
    check(&sys);
    assert!(!sys.is_running(a));
    assert_eq!(sys.exit_code(a), Some(0));
    // A's address space is gone along with the process.
    assert!(sys.read_memory(a, va, 1).is_err());
    let (_, handles_after, pointers_after) = basic_info(&sys, b, hb);
    assert_eq!(handles_after, 1);
    assert_eq!(pointers_after, pointers - 2);
    let mut w = sys.win32(b);
    let r = w.OpenFileMappingW(FILE_MAP_READ, 0, Some("own"));
    assert_fails(w.system(), b, r, ERROR_FILE_NOT_FOUND);
    let mut w = sys.win32(b);
    let vb = w.MapViewOfFile(hb, FILE_MAP_READ, 0, 0, 0);
    assert_ne!(vb, 0);
    check(&sys);
    assert_eq!(sys.read_memory(b, vb, 6).unwrap(), Ok(b"from a".to_vec()));
    assert_eq!(sys.win32(b).CloseHandle(hb), 1);
    check(&sys);
    let mut w = sys.win32(b);
    let r = w.OpenFileMappingW(FILE_MAP_READ, 0, Some("shared"));
    assert_fails(w.system(), b, r, ERROR_FILE_NOT_FOUND);
}

// ---------------------------------------------------------------------------------------------
// I. Handles
// ---------------------------------------------------------------------------------------------

/// I1 — handle values are non-zero multiples of 4, never -1, unique among open handles.
/// Source: catalog I1; Wine 8 oracle `handle_values` (`multiple_of_4=1`); ntdef.h
/// `OBJ_HANDLE_TAGBITS`.
#[test]
fn i01_handle_values_are_nonzero_multiples_of_4() {
    let (mut sys, pids) = machine(&["app"]);
    let app = pids[0];
    let mut seen = Vec::new();
    for i in 0..6 {
        let h = create_rw(&mut sys, app, 4096, Some(&format!("h{i}")));
        assert_ne!(h, 0);
        assert_ne!(h, INVALID_HANDLE_VALUE);
        assert_eq!(h % 4, 0, "{h:#x}");
        assert!(!seen.contains(&h), "{h:#x} handed out twice");
        seen.push(h);
        check(&sys);
    }
    let e = sys.win32(app).CreateEventW(None, 1, 0, None);
    assert_eq!(e % 4, 0);
    assert!(e > 0 && !seen.contains(&e));
}

/// I2 — a freed handle value is reused by the next new handle. Source: catalog I2; Wine 8
/// oracle `handle_value_reused_after_close`; Wine `server/handle.c`.
#[test]
fn i02_a_freed_handle_value_is_reused() {
    let (mut sys, pids) = machine(&["app"]);
    let app = pids[0];
    let _a = create_rw(&mut sys, app, 4096, None);
    let b = create_rw(&mut sys, app, 4096, None);
    let _c = create_rw(&mut sys, app, 4096, None);
    check(&sys);
    assert_eq!(sys.win32(app).CloseHandle(b), 1);
    check(&sys);
    let d = sys.win32(app).CreateEventW(None, 1, 0, None);
    assert_eq!(d, b);
    check(&sys);
    assert_eq!(sys.object_type(app, hv(d)).unwrap(), ObjectType::Event);
}

/// I3 — pseudo-handles are not table entries: `GetCurrentProcess()` is -1,
/// `CloseHandle(-1)` → TRUE (no-op), `MapViewOfFile(-1)` → NULL, ERROR_INVALID_HANDLE; NULL is
/// never valid. Source: catalog I3; Wine 8 oracle `closehandle_pseudo_current_process`,
/// `map_pseudo_process_handle`, `closehandle_null`; GetCurrentProcess doc.
#[test]
fn i03_pseudo_handles_are_not_table_entries() {
    let (mut sys, pids) = machine(&["app"]);
    let app = pids[0];
    let mut w = sys.win32(app);
    let me = w.GetCurrentProcess();
    assert_eq!(me, -1);
    assert_eq!(w.CloseHandle(me), 1);
    assert_eq!(w.CloseHandle(me), 1);
    let r = w.MapViewOfFile(me, FILE_MAP_READ, 0, 0, 0);
    assert_fails(w.system(), app, r, ERROR_INVALID_HANDLE);
    let mut w = sys.win32(app);
    let r = w.MapViewOfFile(0, FILE_MAP_READ, 0, 0, 0);
    assert_fails(w.system(), app, r, ERROR_INVALID_HANDLE);
    let mut w = sys.win32(app);
    let r = w.CloseHandle(0);
    assert_fails(w.system(), app, r, ERROR_INVALID_HANDLE);
    check(&sys);
    // The process is still fine after "closing" its pseudo-handle.
    assert!(sys.is_running(app));
    assert_ne!(create_rw(&mut sys, app, 4096, None), 0);
    check(&sys);
}

/// I4 — handles are per process: a section handle value is invalid in another process
/// (`MapViewOfFile` → ERROR_INVALID_HANDLE) while the name still works there. Source: catalog
/// I4; Wine 8 probe `child_inheritable_binherit_false`, `child_noninheritable_binherit_true`.
#[test]
fn i04_handles_are_per_process() {
    let (mut sys, pids) = machine(&["a", "b"]);
    let (a, b) = (pids[0], pids[1]);
    let h = create_rw(&mut sys, a, 4096, Some("N"));
    check(&sys);
    let mut w = sys.win32(b);
    let r = w.MapViewOfFile(h, FILE_MAP_READ, 0, 0, 0);
    assert_fails(w.system(), b, r, ERROR_INVALID_HANDLE);
    let mut w = sys.win32(b);
    let r = w.CloseHandle(h);
    assert_fails(w.system(), b, r, ERROR_INVALID_HANDLE);
    let mut w = sys.win32(b);
    let o = w.OpenFileMappingW(FILE_MAP_READ, 0, Some("N"));
    assert_ne!(o, 0);
    check(&sys);
    // A's handle is unaffected by B's failed close.
    assert_eq!(basic_info(&sys, a, h).1, 2);
}

/// I5 — `bInheritHandle` controls HANDLE_FLAG_INHERIT: NULL SECURITY_ATTRIBUTES → flags 0;
/// `bInheritHandle = TRUE` → 0x1; `OpenFileMapping(.., TRUE, ..)` → 0x1. Source: catalog I5;
/// Wine 8 probe `gethandleinfo_default`, `gethandleinfo_sa_inherit`,
/// `gethandleinfo_open_inherit_true`; CreateFileMappingW doc (lpFileMappingAttributes).
#[test]
fn i05_binherithandle_controls_the_inherit_flag() {
    let (mut sys, pids) = machine(&["app"]);
    let app = pids[0];
    let plain = create_rw(&mut sys, app, 4096, Some("N"));
    let sa = SECURITY_ATTRIBUTES::inherit(true);
    let no = SECURITY_ATTRIBUTES::inherit(false);
    let mut w = sys.win32(app);
    let inh = w.CreateFileMappingW(
        INVALID_HANDLE_VALUE,
        Some(&sa),
        PAGE_READWRITE,
        0,
        4096,
        None,
    );
    let not = w.CreateFileMappingW(
        INVALID_HANDLE_VALUE,
        Some(&no),
        PAGE_READWRITE,
        0,
        4096,
        None,
    );
    let open_inh = w.OpenFileMappingW(FILE_MAP_READ, 1, Some("N"));
    let open_not = w.OpenFileMappingW(FILE_MAP_READ, 0, Some("N"));
    let ev = w.CreateEventW(Some(&sa), 1, 0, None);
    check(&sys);
    assert_eq!(flags_of(&mut sys, app, plain), 0);
    assert_eq!(flags_of(&mut sys, app, inh), HANDLE_FLAG_INHERIT);
    assert_eq!(flags_of(&mut sys, app, not), 0);
    assert_eq!(flags_of(&mut sys, app, open_inh), HANDLE_FLAG_INHERIT);
    assert_eq!(flags_of(&mut sys, app, open_not), 0);
    assert_eq!(flags_of(&mut sys, app, ev), HANDLE_FLAG_INHERIT);
}

/// I6 — a child created with bInheritHandles = TRUE gets every inheritable handle at the same
/// value, with the same access and the inherit flag set; non-inheritable handles are not
/// copied; with bInheritHandles = FALSE nothing is. Source: catalog I6; Wine 8 probe
/// `child_inheritable_binherit_true`, `child_inheritable_binherit_false`,
/// `child_noninheritable_binherit_true`; MS docs "Handle Inheritance".
#[test]
fn i06_inheritable_handles_are_copied_to_the_child_at_the_same_value() {
    let (mut sys, pids) = machine(&["parent"]);
    let parent = pids[0];
    let sa = SECURITY_ATTRIBUTES::inherit(true);
    let mut w = sys.win32(parent);
    let inh = w.CreateFileMappingW(
        INVALID_HANDLE_VALUE,
        Some(&sa),
        PAGE_READWRITE,
        0,
        4096,
        Some("N"),
    );
    let not = w.CreateFileMappingW(INVALID_HANDLE_VALUE, None, PAGE_READWRITE, 0, 4096, None);
    let ro = w.OpenFileMappingW(FILE_MAP_READ, 1, Some("N"));
    let v = w.MapViewOfFile(inh, FILE_MAP_WRITE, 0, 0, 0);
    assert_ne!(v, 0);
    check(&sys);
    assert_eq!(sys.write_memory(parent, v, b"parent data").unwrap(), Ok(()));
    check(&sys);

    let child = sys
        .spawn(ProcessSpec {
            parent: Some(parent),
            inherit_handles: true,
            ..ProcessSpec::named("child")
        })
        .unwrap();
    check(&sys);
    assert_eq!(basic_info(&sys, parent, inh).1, 4);
    for h in [inh, ro] {
        assert_eq!(flags_of(&mut sys, child, h), HANDLE_FLAG_INHERIT);
        assert_eq!(basic_info(&sys, child, h).0, basic_info(&sys, parent, h).0);
        let mut w = sys.win32(child);
        assert_eq!(w.CompareObjectHandles(inh, h), 1);
    }
    let cv = sys.win32(child).MapViewOfFile(inh, FILE_MAP_READ, 0, 0, 0);
    assert_ne!(cv, 0);
    check(&sys);
    assert_eq!(
        sys.read_memory(child, cv, 11).unwrap(),
        Ok(b"parent data".to_vec())
    );
    // The read-only handle kept its access in the child.
    let mut w = sys.win32(child);
    let r = w.MapViewOfFile(ro, FILE_MAP_WRITE, 0, 0, 0);
    assert_fails(w.system(), child, r, ERROR_ACCESS_DENIED);
    // The non-inheritable handle was not copied.
    let mut w = sys.win32(child);
    let r = w.MapViewOfFile(not, FILE_MAP_READ, 0, 0, 0);
    assert_fails(w.system(), child, r, ERROR_INVALID_HANDLE);
    check(&sys);

    // bInheritHandles = FALSE: nothing is copied.
    let other = sys
        .spawn(ProcessSpec {
            parent: Some(parent),
            inherit_handles: false,
            ..ProcessSpec::named("other")
        })
        .unwrap();
    check(&sys);
    let mut w = sys.win32(other);
    let r = w.MapViewOfFile(inh, FILE_MAP_READ, 0, 0, 0);
    assert_fails(w.system(), other, r, ERROR_INVALID_HANDLE);
    assert_eq!(basic_info(&sys, parent, inh).1, 4);
}

/// I7 — DuplicateHandle makes a new, independent entry: new value; access = dwDesiredAccess
/// (FILE_MAP_READ: a write view is refused); it survives closing the source; its inherit flag
/// comes only from bInheritHandle; HANDLE_FLAG_PROTECT_FROM_CLOSE is not copied (source flags
/// 0x3 → duplicate 0x0, or 0x1 with bInheritHandle). Source: catalog I7; Wine 8 probe
/// `dup_of_protected_inheritable_flags`, `dup_binherit_true_flags`; DuplicateHandle doc.
#[test]
fn i07_duplicate_makes_a_new_independent_entry() {
    let (mut sys, pids) = machine(&["app"]);
    let app = pids[0];
    let h = create_rw(&mut sys, app, 4096, Some("N"));
    let mut w = sys.win32(app);
    let me = w.GetCurrentProcess();
    let mut d = 0;
    w.SetLastError(SENTINEL);
    assert_eq!(
        w.DuplicateHandle(me, h, me, Some(&mut d), FILE_MAP_READ, 0, 0),
        1
    );
    assert_eq!(w.GetLastError(), SENTINEL);
    assert_ne!(d, 0);
    assert_ne!(d, h);
    check(&sys);
    assert_eq!(basic_info(&sys, app, d).0, FILE_MAP_READ);
    let mut w = sys.win32(app);
    let r = w.MapViewOfFile(d, FILE_MAP_WRITE, 0, 0, 0);
    assert_fails(w.system(), app, r, ERROR_ACCESS_DENIED);
    let mut w = sys.win32(app);
    assert_eq!(w.CloseHandle(h), 1);
    let v = w.MapViewOfFile(d, FILE_MAP_READ, 0, 0, 0);
    assert_ne!(v, 0);
    let o = w.OpenFileMappingW(FILE_MAP_READ, 0, Some("N"));
    assert_ne!(o, 0);
    check(&sys);

    // Flags: the source is inheritable and protected.
    let mut w = sys.win32(app);
    assert_eq!(w.SetHandleInformation(o, 3, 3), 1);
    let (mut plain, mut inh) = (0, 0);
    assert_eq!(
        w.DuplicateHandle(me, o, me, Some(&mut plain), 0, 0, DUPLICATE_SAME_ACCESS),
        1
    );
    assert_eq!(
        w.DuplicateHandle(me, o, me, Some(&mut inh), 0, 1, DUPLICATE_SAME_ACCESS),
        1
    );
    check(&sys);
    assert_eq!(flags_of(&mut sys, app, o), 3);
    assert_eq!(flags_of(&mut sys, app, plain), 0);
    assert_eq!(flags_of(&mut sys, app, inh), HANDLE_FLAG_INHERIT);
    // The unprotected duplicate closes normally.
    assert_eq!(sys.win32(app).CloseHandle(plain), 1);
    check(&sys);
}

/// I8 — DUPLICATE_SAME_ACCESS ignores dwDesiredAccess: `DuplicateHandle(self, hRW, self, &d, 0,
/// FALSE, SAME_ACCESS|CLOSE_SOURCE)` → TRUE, a FILE_MAP_WRITE view of `d` works, and the source
/// is closed. On Windows the new value is allocated before the source is closed, so it differs
/// from the source (Wine reuses it). Source: catalog I8; Wine 8 oracle
/// `dup_same_access_close_source`, `dup_same_access_map_write`; shared/behaviour/README.md.
#[test]
fn i08_duplicate_same_access_ignores_the_desired_access() {
    let (mut sys, pids) = machine(&["app"]);
    let app = pids[0];
    let h = create_rw(&mut sys, app, 4096, Some("N"));
    let granted = basic_info(&sys, app, h).0;
    let mut w = sys.win32(app);
    let me = w.GetCurrentProcess();
    let mut d = 0;
    assert_eq!(
        w.DuplicateHandle(
            me,
            h,
            me,
            Some(&mut d),
            0,
            0,
            DUPLICATE_SAME_ACCESS | DUPLICATE_CLOSE_SOURCE
        ),
        1
    );
    assert_ne!(d, 0);
    assert_ne!(d, h);
    check(&sys);
    assert_eq!(basic_info(&sys, app, d).0, granted);
    assert_eq!(basic_info(&sys, app, d).1, 1);
    let mut w = sys.win32(app);
    let v = w.MapViewOfFile(d, FILE_MAP_WRITE, 0, 0, 0);
    assert_ne!(v, 0);
    let mut flags = 0;
    let r = w.GetHandleInformation(h, Some(&mut flags));
    assert_fails(w.system(), app, r, ERROR_INVALID_HANDLE);
    check(&sys);
    assert_eq!(sys.write_memory(app, v, b"w").unwrap(), Ok(()));
}

/// I9 — DUPLICATE_CLOSE_SOURCE closes the source even when the call fails: with a NULL target
/// process → FALSE, ERROR_INVALID_HANDLE, and the source is closed (its name gone). Source:
/// catalog I9; DuplicateHandle doc ("regardless of any error status returned"); Wine 8 probe
/// `dup_close_source_null_target_process`.
#[test]
fn i09_close_source_happens_even_when_duplicate_fails() {
    let (mut sys, pids) = machine(&["app"]);
    let app = pids[0];
    let h = create_rw(&mut sys, app, 4096, Some("N"));
    check(&sys);
    let mut w = sys.win32(app);
    let me = w.GetCurrentProcess();
    let mut d = 0x5555;
    w.SetLastError(SENTINEL);
    let r = w.DuplicateHandle(
        me,
        h,
        0,
        Some(&mut d),
        0,
        0,
        DUPLICATE_SAME_ACCESS | DUPLICATE_CLOSE_SOURCE,
    );
    assert_fails(w.system(), app, r, ERROR_INVALID_HANDLE);
    check(&sys);
    let mut w = sys.win32(app);
    let mut flags = 0;
    let r = w.GetHandleInformation(h, Some(&mut flags));
    assert_fails(w.system(), app, r, ERROR_INVALID_HANDLE);
    let mut w = sys.win32(app);
    let r = w.OpenFileMappingW(FILE_MAP_READ, 0, Some("N"));
    assert_fails(w.system(), app, r, ERROR_FILE_NOT_FOUND);

    // Without DUPLICATE_CLOSE_SOURCE the failing call leaves the source alone.
    let h = create_rw(&mut sys, app, 4096, Some("M"));
    let mut w = sys.win32(app);
    let r = w.DuplicateHandle(me, h, 0, Some(&mut d), 0, 0, DUPLICATE_SAME_ACCESS);
    assert_fails(w.system(), app, r, ERROR_INVALID_HANDLE);
    check(&sys);
    assert_eq!(flags_of(&mut sys, app, h), 0);
}

/// I10 — DuplicateHandle may raise access when the object's security allows it (the creator's
/// default DACL does): FILE_MAP_READ handle → FILE_MAP_ALL_ACCESS duplicate, granted 0xF001F, a
/// FILE_MAP_WRITE view works. Source: catalog I10; Wine 8 probe
/// `dup_escalate_read_to_all_access`; DuplicateHandle doc; ReactOS `ObDuplicateObject`.
#[test]
fn i10_duplicate_may_raise_access() {
    let (mut sys, pids) = machine(&["app"]);
    let app = pids[0];
    assert_ne!(create_rw(&mut sys, app, 4096, Some("N")), 0);
    let mut w = sys.win32(app);
    let ro = w.OpenFileMappingW(FILE_MAP_READ, 0, Some("N"));
    assert_ne!(ro, 0);
    let r = w.MapViewOfFile(ro, FILE_MAP_WRITE, 0, 0, 0);
    assert_fails(w.system(), app, r, ERROR_ACCESS_DENIED);
    let mut w = sys.win32(app);
    let me = w.GetCurrentProcess();
    let mut d = 0;
    assert_eq!(
        w.DuplicateHandle(me, ro, me, Some(&mut d), FILE_MAP_ALL_ACCESS, 0, 0),
        1
    );
    check(&sys);
    assert_eq!(basic_info(&sys, app, d).0, 0xF001F);
    let v = sys.win32(app).MapViewOfFile(d, FILE_MAP_WRITE, 0, 0, 0);
    assert_ne!(v, 0);
    check(&sys);
    assert_eq!(sys.write_memory(app, v, b"up").unwrap(), Ok(()));
}

/// I11 — DuplicateHandle with a bogus source → FALSE, ERROR_INVALID_HANDLE. Source: catalog I11;
/// Wine 8 probe `dup_bogus_source`.
#[test]
fn i11_duplicate_of_a_bogus_source_is_invalid_handle() {
    let (mut sys, pids) = machine(&["app"]);
    let app = pids[0];
    let me = sys.win32(app).GetCurrentProcess();
    for bogus in [0, 0x12340, 0x44] {
        let mut d = 0x7777;
        let mut w = sys.win32(app);
        w.SetLastError(SENTINEL);
        let r = w.DuplicateHandle(me, bogus, me, Some(&mut d), 0, 0, DUPLICATE_SAME_ACCESS);
        assert_fails(w.system(), app, r, ERROR_INVALID_HANDLE);
        assert_eq!(d, 0x7777);
    }
    check(&sys);
}

/// I12 — HANDLE_FLAG_PROTECT_FROM_CLOSE makes CloseHandle fail with ERROR_INVALID_HANDLE
/// (STATUS_HANDLE_NOT_CLOSABLE) and the handle stays valid; after clearing the flag CloseHandle
/// succeeds. Source: catalog I12; Wine 8 oracle `closehandle_protect_from_close`,
/// `closehandle_after_unprotect`; Wine 8 probe `closehandle_after_unprotect_ok`; `error.c`.
#[test]
fn i12_protect_from_close_makes_closehandle_fail() {
    let (mut sys, pids) = machine(&["app"]);
    let app = pids[0];
    let h = create_rw(&mut sys, app, 4096, Some("N"));
    let mut w = sys.win32(app);
    assert_eq!(
        w.SetHandleInformation(
            h,
            HANDLE_FLAG_PROTECT_FROM_CLOSE,
            HANDLE_FLAG_PROTECT_FROM_CLOSE
        ),
        1
    );
    check(&sys);
    let mut w = sys.win32(app);
    let r = w.CloseHandle(h);
    assert_fails(w.system(), app, r, ERROR_INVALID_HANDLE);
    check(&sys);
    assert_eq!(
        sys.close_handle(app, hv(h)).unwrap_err().status(),
        Some(NtStatus::HANDLE_NOT_CLOSABLE)
    );
    let mut w = sys.win32(app);
    let v = w.MapViewOfFile(h, FILE_MAP_READ, 0, 0, 0);
    assert_ne!(v, 0);
    assert_ne!(w.OpenFileMappingW(FILE_MAP_READ, 0, Some("N")), 0);
    assert_eq!(
        w.SetHandleInformation(h, HANDLE_FLAG_PROTECT_FROM_CLOSE, 0),
        1
    );
    w.SetLastError(SENTINEL);
    assert_eq!(w.CloseHandle(h), 1);
    assert_eq!(w.GetLastError(), SENTINEL);
    check(&sys);
}

/// I14 — Get/SetHandleInformation: only the bits in the mask change (mask 0 → TRUE, no
/// change), undefined bits are ignored, a bogus handle → FALSE, ERROR_INVALID_HANDLE for both.
/// Source: catalog I14; Wine 8 probe `sethandleinfo_inherit`, `sethandleinfo_protect`,
/// `sethandleinfo_mask0_noop`, `sethandleinfo_undefined_bit4`, `gethandleinfo_bogus`,
/// `sethandleinfo_bogus`; SetHandleInformation doc.
#[test]
fn i14_get_and_set_handle_information() {
    let (mut sys, pids) = machine(&["app"]);
    let app = pids[0];
    let h = create_rw(&mut sys, app, 4096, None);
    assert_eq!(flags_of(&mut sys, app, h), 0);
    let mut w = sys.win32(app);
    assert_eq!(
        w.SetHandleInformation(h, HANDLE_FLAG_INHERIT, HANDLE_FLAG_INHERIT),
        1
    );
    check(&sys);
    assert_eq!(flags_of(&mut sys, app, h), 0x1);
    let mut w = sys.win32(app);
    assert_eq!(
        w.SetHandleInformation(
            h,
            HANDLE_FLAG_PROTECT_FROM_CLOSE,
            HANDLE_FLAG_PROTECT_FROM_CLOSE
        ),
        1
    );
    check(&sys);
    assert_eq!(flags_of(&mut sys, app, h), 0x3);
    // Mask 0: nothing changes, even with flags 0.
    assert_eq!(sys.win32(app).SetHandleInformation(h, 0, 0), 1);
    check(&sys);
    assert_eq!(flags_of(&mut sys, app, h), 0x3);
    // Only the masked bit changes.
    assert_eq!(
        sys.win32(app)
            .SetHandleInformation(h, HANDLE_FLAG_INHERIT, 0),
        1
    );
    check(&sys);
    assert_eq!(flags_of(&mut sys, app, h), HANDLE_FLAG_PROTECT_FROM_CLOSE);
    // Undefined bits are ignored.
    assert_eq!(sys.win32(app).SetHandleInformation(h, 0x10 | 0x2, 0x10), 1);
    check(&sys);
    assert_eq!(flags_of(&mut sys, app, h), 0);
    for bogus in [0, 0x12340] {
        let mut w = sys.win32(app);
        let mut flags = 0;
        let r = w.GetHandleInformation(bogus, Some(&mut flags));
        assert_fails(w.system(), app, r, ERROR_INVALID_HANDLE);
        let mut w = sys.win32(app);
        let r = w.SetHandleInformation(bogus, HANDLE_FLAG_INHERIT, HANDLE_FLAG_INHERIT);
        assert_fails(w.system(), app, r, ERROR_INVALID_HANDLE);
    }
    check(&sys);
}

/// I15 — CompareObjectHandles compares objects, not values: create vs open of one name → TRUE;
/// a duplicate → TRUE; two sections → FALSE, ERROR_NOT_SAME_OBJECT; a bogus handle → FALSE,
/// ERROR_INVALID_HANDLE. Source: catalog I15; Wine 8 probe `compare_create_vs_open`,
/// `compare_two_sections`, `compare_bogus`; wine tests `kernelbase/tests/process.c
/// test_CompareObjectHandles`.
#[test]
fn i15_compare_object_handles_compares_objects() {
    let (mut sys, pids) = machine(&["app"]);
    let app = pids[0];
    let h = create_rw(&mut sys, app, 4096, Some("N"));
    let other = create_rw(&mut sys, app, 4096, None);
    let mut w = sys.win32(app);
    let o = w.OpenFileMappingW(FILE_MAP_READ, 0, Some("N"));
    let me = w.GetCurrentProcess();
    let mut d = 0;
    assert_eq!(
        w.DuplicateHandle(me, h, me, Some(&mut d), 0, 0, DUPLICATE_SAME_ACCESS),
        1
    );
    check(&sys);
    let mut w = sys.win32(app);
    w.SetLastError(SENTINEL);
    assert_eq!(w.CompareObjectHandles(h, o), 1);
    assert_eq!(w.CompareObjectHandles(o, d), 1);
    assert_eq!(w.CompareObjectHandles(h, h), 1);
    assert_eq!(w.GetLastError(), SENTINEL);
    let r = w.CompareObjectHandles(h, other);
    assert_fails(w.system(), app, r, ERROR_NOT_SAME_OBJECT);
    let mut w = sys.win32(app);
    let r = w.CompareObjectHandles(h, 0x12340);
    assert_fails(w.system(), app, r, ERROR_INVALID_HANDLE);
    let mut w = sys.win32(app);
    let r = w.CompareObjectHandles(0x12340, h);
    assert_fails(w.system(), app, r, ERROR_INVALID_HANDLE);
    check(&sys);
}

/// I16 — the granted access recorded on a handle is observable: `OpenFileMapping(FILE_MAP_READ)`
/// → exactly 0x4; duplicated with FILE_MAP_ALL_ACCESS → 0xF001F (the create-handle mask is not
/// asserted, per the catalog's flag). Source: catalog I16; Wine 8 probe `obi_create_handle`,
/// `dup_escalate_read_to_all_access`; kernelbase `test_OpenFileMappingFromApp`.
#[test]
fn i16_granted_access_is_observable() {
    let (mut sys, pids) = machine(&["app"]);
    let app = pids[0];
    assert_ne!(create_rw(&mut sys, app, 4096, Some("N")), 0);
    let mut w = sys.win32(app);
    let r = w.OpenFileMappingW(FILE_MAP_READ, 0, Some("N"));
    let rw = w.OpenFileMappingW(FILE_MAP_READ | FILE_MAP_WRITE, 0, Some("N"));
    let me = w.GetCurrentProcess();
    let mut all = 0;
    assert_eq!(
        w.DuplicateHandle(me, r, me, Some(&mut all), FILE_MAP_ALL_ACCESS, 0, 0),
        1
    );
    check(&sys);
    assert_eq!(basic_info(&sys, app, r).0, 0x4);
    assert_eq!(basic_info(&sys, app, rw).0, 0x6);
    assert_eq!(basic_info(&sys, app, all).0, 0xF001F);
}

/// I17 — HandleCount follows open handles across the system: create + open → 2; another
/// process opens → 3; close one → 2; that process exits → 1. Source: catalog I17; Wine 8 probe
/// `obi_two_handles`, `obi_one_handle`.
#[test]
fn i17_handle_count_follows_open_handles() {
    let (mut sys, pids) = machine(&["a", "b"]);
    let (a, b) = (pids[0], pids[1]);
    let h = create_rw(&mut sys, a, 4096, Some("N"));
    check(&sys);
    assert_eq!(basic_info(&sys, a, h).1, 1);
    let o = sys.win32(a).OpenFileMappingW(FILE_MAP_READ, 0, Some("N"));
    check(&sys);
    assert_eq!(basic_info(&sys, a, h).1, 2);
    let ob = sys.win32(b).OpenFileMappingW(FILE_MAP_READ, 0, Some("N"));
    check(&sys);
    assert_eq!(basic_info(&sys, a, h).1, 3);
    assert_eq!(basic_info(&sys, b, ob).1, 3);
    // A view is not a handle.
    let v = sys.win32(b).MapViewOfFile(ob, FILE_MAP_READ, 0, 0, 0);
    assert_ne!(v, 0);
    check(&sys);
    assert_eq!(basic_info(&sys, a, h).1, 3);
    assert_eq!(sys.win32(a).CloseHandle(o), 1);
    check(&sys);
    assert_eq!(basic_info(&sys, a, h).1, 2);
    sys.exit_process(b, 0).unwrap();
    check(&sys);
    assert_eq!(basic_info(&sys, a, h).1, 1);
}

/// I18 — DuplicateHandle into another process needs PROCESS_DUP_HANDLE on the process handles
/// (`OpenProcess(PROCESS_DUP_HANDLE, FALSE, pid)`); without it → ERROR_ACCESS_DENIED. The value
/// returned is valid in the target, where it maps the same section. Source: catalog I18;
/// DuplicateHandle doc (hSourceProcessHandle / hTargetProcessHandle, lpTargetHandle).
#[test]
fn i18_duplicate_across_processes_needs_process_dup_handle() {
    let (mut sys, pids) = machine(&["a", "b"]);
    let (a, b) = (pids[0], pids[1]);
    let h = create_rw(&mut sys, a, 4096, None);
    let v = sys.win32(a).MapViewOfFile(h, FILE_MAP_WRITE, 0, 0, 0);
    assert_eq!(sys.write_memory(a, v, b"pushed").unwrap(), Ok(()));
    check(&sys);

    // Push A -> B.
    let mut w = sys.win32(a);
    let me = w.GetCurrentProcess();
    let query_b = w.OpenProcess(PROCESS_QUERY_INFORMATION, 0, b.0);
    assert_ne!(query_b, 0);
    let mut d = 0;
    let r = w.DuplicateHandle(me, h, query_b, Some(&mut d), 0, 0, DUPLICATE_SAME_ACCESS);
    assert_fails(w.system(), a, r, ERROR_ACCESS_DENIED);
    let mut w = sys.win32(a);
    let dup_b = w.OpenProcess(PROCESS_DUP_HANDLE, 0, b.0);
    assert_ne!(dup_b, 0);
    w.SetLastError(SENTINEL);
    assert_eq!(
        w.DuplicateHandle(me, h, dup_b, Some(&mut d), 0, 0, DUPLICATE_SAME_ACCESS),
        1
    );
    assert_eq!(w.GetLastError(), SENTINEL);
    assert_ne!(d, 0);
    check(&sys);
    assert_eq!(basic_info(&sys, a, h).1, 2);
    assert_eq!(basic_info(&sys, b, d).0, basic_info(&sys, a, h).0);
    let bv = sys.win32(b).MapViewOfFile(d, FILE_MAP_READ, 0, 0, 0);
    assert_ne!(bv, 0);
    check(&sys);
    assert_eq!(sys.read_memory(b, bv, 6).unwrap(), Ok(b"pushed".to_vec()));

    // Pull B -> A: B's value, duplicated into A through a handle to B.
    let mut back = 0;
    let mut w = sys.win32(a);
    assert_eq!(
        w.DuplicateHandle(dup_b, d, me, Some(&mut back), FILE_MAP_READ, 0, 0),
        1
    );
    assert_eq!(w.CompareObjectHandles(back, h), 1);
    let r = w.DuplicateHandle(query_b, d, me, Some(&mut back), FILE_MAP_READ, 0, 0);
    assert_fails(w.system(), a, r, ERROR_ACCESS_DENIED);
    check(&sys);
    assert_eq!(basic_info(&sys, a, h).1, 3);
}

// ---------------------------------------------------------------------------------------------
// J. Security and sessions
// ---------------------------------------------------------------------------------------------

/// J1 — creating a file mapping in `Global\` from a session other than 0 needs
/// SeCreateGlobalPrivilege: without it → NULL, ERROR_ACCESS_DENIED; with it, or from session 0,
/// it works. Source: catalog J1; MS docs "Kernel object namespaces"; CreateFileMappingW doc;
/// user reports (shawwn/shmem #1, python/cpython #99871).
#[test]
fn j01_global_section_creation_needs_the_privilege_outside_session_0() {
    let (mut sys, pids) = machine(&["user"]);
    let user = pids[0];
    let adm = admin(&mut sys);
    let svc0 = sys
        .spawn(ProcessSpec {
            session: 0,
            ..ProcessSpec::named("plain service")
        })
        .unwrap();
    check(&sys);

    sys.win32(user).SetLastError(SENTINEL);
    let r = create_rw(&mut sys, user, 4096, Some(r"Global\X"));
    assert_fails(&mut sys, user, r, ERROR_ACCESS_DENIED);
    let r = create_rw(&mut sys, user, 4096, Some(r"Session\0\X"));
    assert_fails(&mut sys, user, r, ERROR_ACCESS_DENIED);
    check(&sys);
    let mut w = sys.win32(user);
    let r = w.OpenFileMappingW(FILE_MAP_READ, 0, Some(r"Global\X"));
    assert_fails(w.system(), user, r, ERROR_FILE_NOT_FOUND);

    let a = create_rw(&mut sys, adm, 4096, Some(r"Global\A"));
    assert_ne!(a, 0);
    assert_eq!(sys.win32(adm).GetLastError(), ERROR_SUCCESS);
    check(&sys);
    let s = create_rw(&mut sys, svc0, 4096, Some(r"Global\S"));
    assert_ne!(s, 0);
    assert_eq!(sys.win32(svc0).GetLastError(), ERROR_SUCCESS);
    let s2 = create_rw(&mut sys, svc0, 4096, Some("S2"));
    assert_ne!(s2, 0);
    check(&sys);
    assert_eq!(
        sys.object_name(svc0, hv(s2)).unwrap().as_deref(),
        Some(r"\BaseNamedObjects\S2")
    );
}

/// J2 — the privilege check applies only to creating file mappings: a session-1 user without
/// the privilege opens an existing `Global\` section (OpenFileMapping, or CreateFileMapping →
/// 183), and creates events / mutexes in `Global\`. Source: catalog J2; CreateFileMappingW doc
/// ("does not apply to opening existing ones"); MS docs "Kernel object namespaces";
/// pocoproject/poco #493.
#[test]
fn j02_privilege_is_needed_only_to_create_global_sections() {
    let (mut sys, pids) = machine(&["user"]);
    let user = pids[0];
    let svc = service(&mut sys);
    let s = create_rw(&mut sys, svc, 4096, Some(r"Global\Shared"));
    assert_ne!(s, 0);
    let sv = sys.win32(svc).MapViewOfFile(s, FILE_MAP_WRITE, 0, 0, 0);
    assert_eq!(sys.write_memory(svc, sv, b"from svc").unwrap(), Ok(()));
    check(&sys);

    let mut w = sys.win32(user);
    let o = w.OpenFileMappingW(FILE_MAP_READ, 0, Some(r"Global\Shared"));
    assert_ne!(o, 0);
    w.SetLastError(SENTINEL);
    let c = w.CreateFileMappingW(
        INVALID_HANDLE_VALUE,
        None,
        PAGE_READWRITE,
        0,
        4096,
        Some(r"Global\Shared"),
    );
    assert_ne!(c, 0);
    assert_eq!(w.GetLastError(), ERROR_ALREADY_EXISTS);
    let v = w.MapViewOfFile(o, FILE_MAP_READ, 0, 0, 0);
    assert_ne!(v, 0);
    check(&sys);
    assert_eq!(
        sys.read_memory(user, v, 8).unwrap(),
        Ok(b"from svc".to_vec())
    );

    let mut w = sys.win32(user);
    w.SetLastError(SENTINEL);
    let e = w.CreateEventW(None, 1, 0, Some(r"Global\Ev"));
    assert_ne!(e, 0);
    assert_eq!(w.GetLastError(), ERROR_SUCCESS);
    let m = w.CreateMutexW(None, 0, Some(r"Global\Mx"));
    assert_ne!(m, 0);
    assert_eq!(w.GetLastError(), ERROR_SUCCESS);
    check(&sys);
    // The service sees them in its (global) namespace.
    let mut w = sys.win32(svc);
    assert_ne!(w.OpenEventW(SYNCHRONIZE, 0, Some("Ev")), 0);
    assert_ne!(w.OpenMutexW(SYNCHRONIZE, 0, Some("Mx")), 0);
    check(&sys);
}

/// J15 — the caller's session id determines the default namespace: two session-1 processes
/// share `X`, a session-2 process does not see it (ERROR_FILE_NOT_FOUND) and creates its own.
/// Source: catalog J15; Wine 8 probe `session_id`; MS docs "Kernel object namespaces".
#[test]
fn j15_session_id_determines_the_default_namespace() {
    let (mut sys, pids) = machine(&["a", "b"]);
    let (a, b) = (pids[0], pids[1]);
    let s2 = sys
        .spawn(ProcessSpec {
            session: 2,
            ..ProcessSpec::named("rdp")
        })
        .unwrap();
    let h = create_rw(&mut sys, a, 4096, Some("X"));
    assert_ne!(h, 0);
    check(&sys);
    assert_ne!(
        sys.win32(b).OpenFileMappingW(FILE_MAP_READ, 0, Some("X")),
        0
    );
    let mut w = sys.win32(s2);
    let r = w.OpenFileMappingW(FILE_MAP_READ, 0, Some("X"));
    assert_fails(w.system(), s2, r, ERROR_FILE_NOT_FOUND);
    let mine = create_rw(&mut sys, s2, 4096, Some("X"));
    assert_ne!(mine, 0);
    assert_eq!(sys.win32(s2).GetLastError(), ERROR_SUCCESS);
    check(&sys);
    assert_eq!(
        sys.object_name(s2, hv(mine)).unwrap().as_deref(),
        Some(r"\Sessions\2\BaseNamedObjects\X")
    );
    // Session 2 reaches session 1's object through Session\1\.
    let mut w = sys.win32(s2);
    let via = w.OpenFileMappingW(FILE_MAP_READ, 0, Some(r"Session\1\X"));
    assert_ne!(via, 0);
    check(&sys);
    assert_eq!(
        sys.object_name(s2, hv(via)).unwrap().as_deref(),
        Some(r"\Sessions\1\BaseNamedObjects\X")
    );
}

// ---------------------------------------------------------------------------------------------
// L. Last-error conventions
// ---------------------------------------------------------------------------------------------

/// L3 — which calls touch the last error on success: `Create*` always set it (0 / 183, A18);
/// `OpenFileMapping`, `MapViewOfFile`, `UnmapViewOfFile`, `CloseHandle`, `DuplicateHandle`,
/// `Get/SetHandleInformation`, `CompareObjectHandles` (TRUE) leave it unchanged. Source: catalog
/// L3; Wine 8 oracle `open_FILE_MAP_READ`, `map_FILE_MAP_READ`, `unmap_interior_address`,
/// `closehandle_first`, `dup_FILE_MAP_READ`; Wine 8 probe `gethandleinfo_default`,
/// `compare_create_vs_open`; the facade's module doc (win32/mod.rs) promises this.
#[test]
fn l3_open_close_duplicate_and_handle_info_leave_the_last_error_unchanged() {
    let (mut sys, pids) = machine(&["app"]);
    let app = pids[0];
    let h = create_rw(&mut sys, app, 0x2000, Some("N"));
    assert_ne!(h, 0);
    check(&sys);
    let mut w = sys.win32(app);
    let me = w.GetCurrentProcess();

    w.SetLastError(SENTINEL);
    let o = w.OpenFileMappingW(FILE_MAP_READ, 0, Some("N"));
    assert_ne!(o, 0);
    assert_eq!(w.GetLastError(), SENTINEL, "OpenFileMappingW");

    let v = w.MapViewOfFile(o, FILE_MAP_READ, 0, 0, 0);
    assert_ne!(v, 0);
    assert_eq!(w.GetLastError(), SENTINEL, "MapViewOfFile");

    assert_eq!(w.UnmapViewOfFile(v + 0x1000), 1);
    assert_eq!(w.GetLastError(), SENTINEL, "UnmapViewOfFile");

    let mut d = 0;
    assert_eq!(
        w.DuplicateHandle(me, o, me, Some(&mut d), FILE_MAP_READ, 0, 0),
        1
    );
    assert_eq!(w.GetLastError(), SENTINEL, "DuplicateHandle");

    let mut flags = 0xFF;
    assert_eq!(w.GetHandleInformation(d, Some(&mut flags)), 1);
    assert_eq!(flags, 0);
    assert_eq!(w.GetLastError(), SENTINEL, "GetHandleInformation");

    assert_eq!(
        w.SetHandleInformation(d, HANDLE_FLAG_INHERIT, HANDLE_FLAG_INHERIT),
        1
    );
    assert_eq!(w.GetLastError(), SENTINEL, "SetHandleInformation");

    assert_eq!(w.CompareObjectHandles(h, d), 1);
    assert_eq!(w.GetLastError(), SENTINEL, "CompareObjectHandles");

    assert_eq!(w.CloseHandle(d), 1);
    assert_eq!(w.GetLastError(), SENTINEL, "CloseHandle");

    let e = w.CreateEventW(None, 1, 0, Some("E"));
    assert_eq!(w.GetLastError(), ERROR_SUCCESS);
    w.SetLastError(SENTINEL);
    assert_ne!(w.OpenEventW(SYNCHRONIZE, 0, Some("E")), 0);
    assert_eq!(w.GetLastError(), SENTINEL, "OpenEventW");
    assert_eq!(w.SetEvent(e), 1);
    assert_eq!(w.GetLastError(), SENTINEL, "SetEvent");
    check(&sys);
}

// ---------------------------------------------------------------------------------------------
// J. Security: DACLs and integrity
// ---------------------------------------------------------------------------------------------

/// A process of another user, medium integrity, session 1.
fn other_user(sys: &mut System, integrity: winsection::Integrity) -> Pid {
    sys.spawn(ProcessSpec {
        user: "mallory".into(),
        integrity,
        ..ProcessSpec::named("other")
    })
    .unwrap()
}

fn sa(sddl: &str) -> SECURITY_ATTRIBUTES {
    SECURITY_ATTRIBUTES {
        bInheritHandle: 0,
        lpSecurityDescriptor: Some(sddl.into()),
    }
}

/// J5 — the creator's handle gets the requested access whatever the new object's DACL says;
/// an empty DACL then refuses every open, even the creator's; a NULL DACL admits everyone.
/// Source: catalog J5; MS docs "Null DACLs and Empty DACLs"; NT object manager (access check
/// on open, not on create).
#[test]
fn j05_creator_access_and_empty_or_null_dacls() {
    let (mut sys, pids) = machine(&["app"]);
    let app = pids[0];
    let mut w = sys.win32(app);
    let locked = w.CreateFileMappingW(
        INVALID_HANDLE_VALUE,
        Some(&sa("D:")),
        PAGE_READWRITE,
        0,
        4096,
        Some("Locked"),
    );
    assert_ne!(locked, 0);
    assert_ne!(w.MapViewOfFile(locked, FILE_MAP_WRITE, 0, 0, 0), 0);
    assert_eq!(w.OpenFileMappingW(FILE_MAP_READ, 0, Some("Locked")), 0);
    assert_eq!(w.GetLastError(), ERROR_ACCESS_DENIED);
    // An open asking for no access at all is refused too (wine sync.c test_mutex, SeAccessCheck).
    assert_eq!(w.OpenFileMappingW(0, 0, Some("Locked")), 0);
    assert_eq!(w.GetLastError(), ERROR_ACCESS_DENIED);
    let open = w.CreateFileMappingW(
        INVALID_HANDLE_VALUE,
        Some(&sa("D:NO_ACCESS_CONTROL")),
        PAGE_READWRITE,
        0,
        4096,
        Some("Open"),
    );
    assert_ne!(open, 0);
    check(&sys);
    let other = other_user(&mut sys, winsection::Integrity::Medium);
    let mut o = sys.win32(other);
    assert_ne!(o.OpenFileMappingW(FILE_MAP_ALL_ACCESS, 0, Some("Open")), 0);
    assert_eq!(o.OpenFileMappingW(FILE_MAP_READ, 0, Some("Locked")), 0);
    assert_eq!(o.GetLastError(), ERROR_ACCESS_DENIED);
    check(&sys);
}

/// J6 — create-or-open cannot bypass the DACL: another user's CreateFileMapping on a name
/// whose default DACL admits only its creator (and SYSTEM) fails with ERROR_ACCESS_DENIED —
/// not a new object, not ERROR_ALREADY_EXISTS; OpenFileMapping too. Source: catalog J6;
/// CreateFileMappingW doc (lpName: "requests access to the object with the protection that
/// flProtect specifies"); cpython #99871.
#[test]
fn j06_create_or_open_cannot_bypass_the_default_dacl() {
    let (mut sys, pids) = machine(&["alice"]);
    let alice = pids[0];
    assert_ne!(create_rw(&mut sys, alice, 4096, Some("Shared")), 0);
    let other = other_user(&mut sys, winsection::Integrity::Medium);
    let h = create_rw(&mut sys, other, 4096, Some("Shared"));
    assert_fails(&mut sys, other, h, ERROR_ACCESS_DENIED);
    let h = sys
        .win32(other)
        .OpenFileMappingW(FILE_MAP_READ, 0, Some("Shared"));
    assert_fails(&mut sys, other, h, ERROR_ACCESS_DENIED);
    // An explicit grant lets the other user in, for exactly what it grants.
    let mut w = sys.win32(alice);
    assert_ne!(
        w.CreateFileMappingW(
            INVALID_HANDLE_VALUE,
            Some(&sa("D:(A;;GA;;;OW)(A;;GR;;;WD)")),
            PAGE_READWRITE,
            0,
            4096,
            Some("Readable")
        ),
        0
    );
    // OW (OWNER RIGHTS) gives the owner full access.
    assert_ne!(
        sys.win32(alice)
            .OpenFileMappingW(FILE_MAP_WRITE, 0, Some("Readable")),
        0
    );
    let mut o = sys.win32(other);
    assert_ne!(o.OpenFileMappingW(FILE_MAP_READ, 0, Some("Readable")), 0);
    assert_eq!(o.OpenFileMappingW(FILE_MAP_WRITE, 0, Some("Readable")), 0);
    assert_eq!(o.GetLastError(), ERROR_ACCESS_DENIED);
    check(&sys);
}

/// J7 — a low-integrity process cannot create a name in the (medium-labelled)
/// BaseNamedObjects directory; anonymous objects are fine. Source: catalog J7; MS docs
/// "Mandatory Integrity Control".
#[test]
fn j07_low_integrity_cannot_create_named_objects() {
    let (mut sys, _) = machine(&[]);
    let low = sys
        .spawn(ProcessSpec {
            integrity: winsection::Integrity::Low,
            ..ProcessSpec::named("low")
        })
        .unwrap();
    let h = create_rw(&mut sys, low, 4096, Some("LowName"));
    assert_fails(&mut sys, low, h, ERROR_ACCESS_DENIED);
    let e = sys.win32(low).CreateEventW(None, 1, 0, Some("LowEvent"));
    assert_fails(&mut sys, low, e, ERROR_ACCESS_DENIED);
    assert_ne!(create_rw(&mut sys, low, 4096, None), 0);
    check(&sys);
}

/// J8 — no-write-up: a low-integrity process may open a medium section for reading but not
/// for writing (SECTION_MAP_WRITE is a write right), even when the DACL allows it; a section
/// labelled low (`S:(ML;;NW;;;LW)`) is writable from low. Source: catalog J8; MS docs
/// "Mandatory Integrity Control".
#[test]
fn j08_low_integrity_cannot_write_up() {
    let (mut sys, pids) = machine(&["user"]);
    let user = pids[0];
    let mut w = sys.win32(user);
    assert_ne!(
        w.CreateFileMappingW(
            INVALID_HANDLE_VALUE,
            Some(&sa("D:(A;;GA;;;WD)")),
            PAGE_READWRITE,
            0,
            4096,
            Some("Medium")
        ),
        0
    );
    assert_ne!(
        w.CreateFileMappingW(
            INVALID_HANDLE_VALUE,
            Some(&sa("D:(A;;GA;;;WD)S:(ML;;NW;;;LW)")),
            PAGE_READWRITE,
            0,
            4096,
            Some("LowOk")
        ),
        0
    );
    let low = sys
        .spawn(ProcessSpec {
            integrity: winsection::Integrity::Low,
            ..ProcessSpec::named("low")
        })
        .unwrap();
    let mut l = sys.win32(low);
    assert_ne!(l.OpenFileMappingW(FILE_MAP_READ, 0, Some("Medium")), 0);
    assert_eq!(l.OpenFileMappingW(FILE_MAP_WRITE, 0, Some("Medium")), 0);
    assert_eq!(l.GetLastError(), ERROR_ACCESS_DENIED);
    assert_eq!(
        l.OpenFileMappingW(FILE_MAP_ALL_ACCESS, 0, Some("Medium")),
        0
    );
    assert_ne!(l.OpenFileMappingW(FILE_MAP_WRITE, 0, Some("LowOk")), 0);
    check(&sys);
}

/// I10 — DuplicateHandle raises access only as far as the object's DACL allows the target:
/// from a read handle of a section whose DACL grants the caller only GENERIC_READ,
/// FILE_MAP_ALL_ACCESS is ERROR_ACCESS_DENIED. Source: catalog I10 (flag); DuplicateHandle
/// doc; ReactOS `ObDuplicateObject`.
#[test]
fn i10_duplicate_cannot_raise_access_past_the_dacl() {
    let (mut sys, pids) = machine(&["owner"]);
    let owner = pids[0];
    let mut w = sys.win32(owner);
    assert_ne!(
        w.CreateFileMappingW(
            INVALID_HANDLE_VALUE,
            Some(&sa("D:(A;;GR;;;WD)")),
            PAGE_READWRITE,
            0,
            4096,
            Some("RO")
        ),
        0
    );
    let other = other_user(&mut sys, winsection::Integrity::Medium);
    let mut o = sys.win32(other);
    let r = o.OpenFileMappingW(FILE_MAP_READ, 0, Some("RO"));
    assert_ne!(r, 0);
    let mut d = 0;
    assert_eq!(
        o.DuplicateHandle(-1, r, -1, Some(&mut d), FILE_MAP_ALL_ACCESS, 0, 0),
        0
    );
    assert_eq!(o.GetLastError(), ERROR_ACCESS_DENIED);
    check(&sys);
}

/// J11-J14 — private namespaces: `NS\\name` objects live in the namespace of the boundary
/// descriptor's alias; a process that has not opened the namespace cannot reach them
/// (ERROR_PATH_NOT_FOUND); CreatePrivateNamespace of an existing (alias, boundary) is NULL +
/// ERROR_ALREADY_EXISTS; OpenPrivateNamespace works until the namespace is destroyed.
/// Sources: catalog J11-J14; MS docs CreatePrivateNamespaceW, ClosePrivateNamespace;
/// microsoft/service-fabric `PrivateNamespace.cs`.
#[test]
fn j11_j14_private_namespace_create_open_close() {
    let (mut sys, pids) = machine(&["good", "squatter"]);
    let (good, squatter) = (pids[0], pids[1]);
    let mut w = sys.win32(good);
    let mut bd = w.CreateBoundaryDescriptorW(Some("B"), 0);
    assert_ne!(bd, 0);
    assert_eq!(w.AddSIDToBoundaryDescriptor(&mut bd, "Everyone"), 1);
    let ns = w.CreatePrivateNamespaceW(None, bd, Some("NS"));
    assert_ne!(ns, 0);
    let h = w.CreateFileMappingW(
        INVALID_HANDLE_VALUE,
        None,
        PAGE_READWRITE,
        0,
        4096,
        Some(r"NS\MyFileMapping"),
    );
    assert_ne!(h, 0);
    assert_eq!(w.GetLastError(), 0);
    assert_eq!(
        sys.object_name(good, winsection::Handle(h as u64))
            .unwrap()
            .unwrap(),
        r"\PrivateNamespaces\NS|B|EVERYONE\MyFileMapping"
    );
    check(&sys);
    // Another process: same alias, but it did not open the namespace.
    let mut s = sys.win32(squatter);
    assert_eq!(
        s.OpenFileMappingW(FILE_MAP_READ, 0, Some(r"NS\MyFileMapping")),
        0
    );
    assert_eq!(s.GetLastError(), ERROR_PATH_NOT_FOUND);
    let mut bd2 = s.CreateBoundaryDescriptorW(Some("B"), 0);
    s.AddSIDToBoundaryDescriptor(&mut bd2, "Everyone");
    assert_eq!(s.CreatePrivateNamespaceW(None, bd2, Some("NS")), 0);
    assert_eq!(s.GetLastError(), ERROR_ALREADY_EXISTS);
    let ns2 = s.OpenPrivateNamespaceW(bd2, Some("NS"));
    assert_ne!(ns2, 0);
    assert_ne!(
        s.OpenFileMappingW(FILE_MAP_READ, 0, Some(r"NS\MyFileMapping")),
        0
    );
    check(&sys);
    assert_eq!(
        sys.win32(good)
            .ClosePrivateNamespace(ns, PRIVATE_NAMESPACE_FLAG_DESTROY),
        1
    );
    assert_eq!(
        sys.win32(squatter).OpenPrivateNamespaceW(bd2, Some("NS")),
        0
    );
    check(&sys);
    assert_eq!(sys.win32(squatter).ClosePrivateNamespace(ns2, 0), 1);
    check(&sys);
}
