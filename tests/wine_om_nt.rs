//! Ports of the NT-level tests of wine `dlls/ntdll/tests/om.c` that a Win32 caller can express
//! (the Windows-truth lines: plain `ok()`; `broken()` alternatives are older Windows). Win32
//! names reach the object manager relative to the session's BaseNamedObjects directory
//! (kernelbase opens them with that directory as `RootDirectory`), so every om.c line whose
//! `OBJECT_ATTRIBUTES` is "a name relative to the base directory" has a Win32 twin; the NT
//! statuses map by `RtlNtStatusToDosError` (catalog A19).
//!
//! Ported:
//! - `test_name_limits`: for every object type, an empty name relative to the base directory
//!   creates an unnamed object and opens the directory itself (STATUS_OBJECT_TYPE_MISMATCH ->
//!   ERROR_INVALID_HANDLE; catalog A13, A14); a NULL name on open is STATUS_INVALID_PARAMETER
//!   (A15); a relative name of 65532 bytes (32766 WCHARs) succeeds (A17).
//! - `test_name_collisions` / `test_name_limits`' cross-type opens: a name taken by one type is
//!   STATUS_OBJECT_TYPE_MISMATCH (ERROR_INVALID_HANDLE) to every other type's create and open,
//!   for all 30 ordered pairs of mutex, event, semaphore, waitable timer, job and section (B1-B4).
//! - `test_directory`'s bad names, relative to the base directory: a leading backslash
//!   (STATUS_OBJECT_PATH_SYNTAX_BAD -> ERROR_BAD_PATHNAME, A8), a trailing backslash
//!   (STATUS_OBJECT_PATH_NOT_FOUND -> ERROR_PATH_NOT_FOUND, A9), an empty component (`\\`:
//!   STATUS_OBJECT_NAME_INVALID -> ERROR_INVALID_NAME, A10), a missing directory on the way
//!   (A7); and the `Local` symbolic link in BaseNamedObjects (`Local\X` is `X`, A2).
//!
//! Skipped, with reasons (winsection has no NT object-attribute calls: no `NtCreate*` /
//! `NtOpen*` taking OBJECT_ATTRIBUTES, no directory or symbolic-link object calls):
//! - `OBJ_OPENIF`, `OBJ_CASE_INSENSITIVE` (`test_case_sensitive`'s NT half), `OBJ_PERMANENT`:
//!   attributes a Win32 caller never passes.
//! - Root directories other than BaseNamedObjects (a mutant, the `Local` link, 0xdeadbeef),
//!   absolute names (`\BaseNamedObjects\...`), a NULL root with a relative name: catalog A20 /
//!   A19 state them; Win32 cannot pass them.
//! - Odd byte lengths, lengths of 65534 bytes (Win32's `RtlInitUnicodeString` caps a longer
//!   name at 65532 bytes instead), `OBJECT_ATTRIBUTES.Length` checks, misaligned or faulting
//!   buffers: UNICODE_STRING shapes Win32 never builds.
//! - `test_directory`'s `NtCreateDirectoryObject` / `NtOpenDirectoryObject` / nested
//!   directories, `test_symboliclink`, `test_query_object`'s name queries, keyed events, I/O
//!   completions, debug objects, `\Device\NamedPipe`, mailslots, the registry: object types
//!   and calls winsection does not model.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

mod common;

use common::{check, machine};
use winsection::win32::*;

/// One object type through its Win32 create and open calls.
struct Kind {
    name: &'static str,
    create: fn(&mut Win32<'_>, Option<&str>) -> HANDLE,
    open: fn(&mut Win32<'_>, Option<&str>) -> HANDLE,
}

const KINDS: [Kind; 6] = [
    Kind {
        name: "mutex",
        create: |w, n| w.CreateMutexW(None, FALSE, n),
        open: |w, n| w.OpenMutexW(MUTEX_ALL_ACCESS, FALSE, n),
    },
    Kind {
        name: "event",
        create: |w, n| w.CreateEventW(None, TRUE, FALSE, n),
        open: |w, n| w.OpenEventW(EVENT_ALL_ACCESS, FALSE, n),
    },
    Kind {
        name: "semaphore",
        create: |w, n| w.CreateSemaphoreW(None, 1, 2, n),
        open: |w, n| w.OpenSemaphoreW(SEMAPHORE_ALL_ACCESS, FALSE, n),
    },
    Kind {
        name: "timer",
        create: |w, n| w.CreateWaitableTimerW(None, TRUE, n),
        open: |w, n| w.OpenWaitableTimerW(TIMER_ALL_ACCESS, FALSE, n),
    },
    Kind {
        name: "job",
        create: |w, n| w.CreateJobObjectW(None, n),
        open: |w, n| w.OpenJobObjectW(JOB_OBJECT_ALL_ACCESS, FALSE, n),
    },
    Kind {
        name: "section",
        create: |w, n| w.CreateFileMappingW(INVALID_HANDLE_VALUE, None, PAGE_READWRITE, 0, 4096, n),
        open: |w, n| w.OpenFileMappingW(FILE_MAP_ALL_ACCESS, FALSE, n),
    },
];

/// om.c `test_name_limits`: `str.Length = 0` relative to the base directory creates an
/// unnamed object of every type (`NtCreate*` STATUS_SUCCESS) and opens the directory itself
/// (`NtOpen*` STATUS_OBJECT_TYPE_MISMATCH); `NtOpen*` with NULL attributes is
/// STATUS_INVALID_PARAMETER; `str.Length = 65532` succeeds for create and open.
#[test]
fn om_c_test_name_limits() {
    let (mut sys, pids) = machine(&["test"]);
    let mut w = sys.win32(pids[0]);
    let long: String = "a".repeat(65532 / 2);
    for k in &KINDS {
        let a = (k.create)(&mut w, Some(""));
        assert_ne!(a, 0, "{}: {}", k.name, w.GetLastError());
        assert_eq!(w.GetLastError(), 0, "{}", k.name);
        let b = (k.create)(&mut w, Some(""));
        assert_ne!(b, 0, "{}", k.name);
        assert_eq!(w.GetLastError(), 0, "{}: a second unnamed object", k.name);
        assert_eq!(w.CompareObjectHandles(a, b), FALSE, "{}", k.name);
        assert_eq!((k.open)(&mut w, Some("")), 0, "{}", k.name);
        assert_eq!(
            w.GetLastError(),
            ERROR_INVALID_HANDLE,
            "{}: open \"\"",
            k.name
        );
        assert_eq!((k.open)(&mut w, None), 0, "{}", k.name);
        assert_eq!(
            w.GetLastError(),
            ERROR_INVALID_PARAMETER,
            "{}: open NULL",
            k.name
        );
        let named = (k.create)(&mut w, Some(&long));
        assert_ne!(named, 0, "{}: 65532 bytes: {}", k.name, w.GetLastError());
        let opened = (k.open)(&mut w, Some(&long));
        assert_ne!(
            opened,
            0,
            "{}: open 65532 bytes: {}",
            k.name,
            w.GetLastError()
        );
        assert_eq!(w.CompareObjectHandles(named, opened), TRUE, "{}", k.name);
        for h in [a, b, named, opened] {
            assert_eq!(w.CloseHandle(h), TRUE);
        }
    }
    check(&sys);
}

/// om.c `test_name_collisions` and `test_name_limits`' cross-type opens: a name held by one
/// type is STATUS_OBJECT_TYPE_MISMATCH (ERROR_INVALID_HANDLE) to every other type's create and
/// open, and the failed calls leave the holder alone.
#[test]
fn om_c_test_name_collisions_across_types() {
    let (mut sys, pids) = machine(&["test"]);
    let mut w = sys.win32(pids[0]);
    for holder in &KINDS {
        let h = (holder.create)(&mut w, Some("om.c-test"));
        assert_ne!(h, 0, "{}", holder.name);
        for other in KINDS.iter().filter(|k| k.name != holder.name) {
            let what = format!("{} over a {}", other.name, holder.name);
            assert_eq!(
                (other.create)(&mut w, Some("om.c-test")),
                0,
                "create {what}"
            );
            assert_eq!(w.GetLastError(), ERROR_INVALID_HANDLE, "create {what}");
            assert_eq!((other.open)(&mut w, Some("om.c-test")), 0, "open {what}");
            assert_eq!(w.GetLastError(), ERROR_INVALID_HANDLE, "open {what}");
        }
        let again = (holder.open)(&mut w, Some("om.c-test"));
        assert_eq!(w.CompareObjectHandles(h, again), TRUE, "{}", holder.name);
        assert_eq!(w.CloseHandle(again), TRUE);
        assert_eq!(w.CloseHandle(h), TRUE);
        // The name goes with the last handle (catalog B6).
        assert_eq!((holder.open)(&mut w, Some("om.c-test")), 0);
        assert_eq!(w.GetLastError(), ERROR_FILE_NOT_FOUND, "{}", holder.name);
    }
    check(&sys);
}

/// om.c `test_directory`'s bad names, as Win32 names relative to the base directory, for
/// every type: a leading backslash is STATUS_OBJECT_PATH_SYNTAX_BAD (a rooted name with a
/// root directory), a trailing backslash STATUS_OBJECT_PATH_NOT_FOUND, an empty component
/// STATUS_OBJECT_NAME_INVALID, a missing directory on the way STATUS_OBJECT_PATH_NOT_FOUND.
#[test]
fn om_c_test_directory_bad_names() {
    let (mut sys, pids) = machine(&["test"]);
    let mut w = sys.win32(pids[0]);
    let cases: [(&str, u32); 5] = [
        (r"\om.c-test", ERROR_BAD_PATHNAME),
        (r"om.c-test\", ERROR_PATH_NOT_FOUND),
        (r"Global\\om.c-test", ERROR_INVALID_NAME),
        (r"Local\\om.c-test", ERROR_INVALID_NAME),
        (r"om.c-dir\om.c-test", ERROR_PATH_NOT_FOUND),
    ];
    for k in &KINDS {
        for (name, error) in cases {
            let before = w.system().dump();
            assert_eq!((k.create)(&mut w, Some(name)), 0, "{} {name}", k.name);
            assert_eq!(w.GetLastError(), error, "create {} {name}", k.name);
            assert_eq!((k.open)(&mut w, Some(name)), 0, "{} {name}", k.name);
            assert_eq!(w.GetLastError(), error, "open {} {name}", k.name);
            assert_eq!(w.system().dump(), before, "{} {name}", k.name);
        }
    }
    check(&sys);
}

/// om.c `test_name_limits` opens `\BaseNamedObjects\Local`, a symbolic link to the base
/// directory itself: through it, `Local\X` names the same object as `X` (catalog A2).
#[test]
fn om_c_local_symbolic_link() {
    let (mut sys, pids) = machine(&["test"]);
    let mut w = sys.win32(pids[0]);
    for k in &KINDS {
        let plain = (k.create)(&mut w, Some("om.c-link"));
        assert_ne!(plain, 0, "{}", k.name);
        let linked = (k.create)(&mut w, Some(r"Local\om.c-link"));
        assert_ne!(linked, 0, "{}", k.name);
        assert_eq!(w.GetLastError(), ERROR_ALREADY_EXISTS, "{}", k.name);
        assert_eq!(w.CompareObjectHandles(plain, linked), TRUE, "{}", k.name);
        assert_eq!(w.CloseHandle(plain), TRUE);
        assert_eq!(w.CloseHandle(linked), TRUE);
    }
    check(&sys);
}
