//! Ports of wine `dlls/kernel32/tests/sync.c` named-object tests: the Windows-truth lines
//! (plain `ok()` and `todo_wine`; `broken()` alternatives are old Windows and not used).
//!
//! Ported: `test_mutex` (access masks on open, ownership count, case sensitivity),
//! `test_event` (security descriptors on create, case sensitivity), `test_semaphore`,
//! `test_waitable_timer` (case sensitivity, create-existing).
//! Also: the open-access rule `test_mutex` shows, checked for every named type (sections
//! included), since NT applies it in the object manager.
//! Skipped: memory resource notifications (not modelled); `test_slist`, `test_iocp_callback`,
//! waits with timeouts and threads (one thread, no clock: `WaitForSingleObject` never blocks).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

mod common;

use common::{check, machine};
use winsection::win32::*;

const ACCESS_SYSTEM_SECURITY: u32 = 0x0100_0000;

/// wine `kernel32/tests/sync.c test_mutex`.
#[test]
fn sync_c_test_mutex() {
    let (mut sys, pids) = machine(&["test"]);
    let mut w = sys.win32(pids[0]);
    w.SetLastError(0xdeadbeef);
    assert_eq!(w.OpenMutexW(0, FALSE, Some("WineTestMutex")), 0);
    assert_eq!(w.GetLastError(), ERROR_FILE_NOT_FOUND);

    let created = w.CreateMutexW(None, FALSE, Some("WineTestMutex"));
    assert_ne!(created, 0);

    // todo_wine (Windows): an open with access 0 is refused.
    w.SetLastError(0xdeadbeef);
    assert_eq!(w.OpenMutexW(0, FALSE, Some("WineTestMutex")), 0);
    assert_eq!(w.GetLastError(), ERROR_ACCESS_DENIED);

    let opened = w.OpenMutexW(GENERIC_EXECUTE, FALSE, Some("WineTestMutex"));
    assert_ne!(opened, 0);
    assert_eq!(w.WaitForSingleObject(opened, INFINITE), WAIT_OBJECT_0);
    assert_eq!(w.CloseHandle(opened), TRUE);
    for _ in 0..31 {
        assert_eq!(w.WaitForSingleObject(created, INFINITE), WAIT_OBJECT_0);
    }

    // GENERIC_READ|GENERIC_WRITE maps to no SYNCHRONIZE: the wait fails.
    let opened = w.OpenMutexW(GENERIC_READ | GENERIC_WRITE, FALSE, Some("WineTestMutex"));
    assert_ne!(opened, 0);
    assert_eq!(w.WaitForSingleObject(opened, INFINITE), WAIT_FAILED);
    assert_eq!(w.CloseHandle(opened), TRUE);

    let mut failed = 0u32;
    for i in 0..32 {
        let access = 1u32 << i;
        w.SetLastError(0xdeadbeef);
        let opened = w.OpenMutexW(access, FALSE, Some("WineTestMutex"));
        if opened != 0 {
            // ReleaseMutex needs no access right: ownership is the thread's.
            assert_eq!(w.ReleaseMutex(opened), TRUE, "access {access:#x}");
            assert_eq!(w.CloseHandle(opened), TRUE);
        } else {
            let want = if access == ACCESS_SYSTEM_SECURITY {
                ERROR_PRIVILEGE_NOT_HELD
            } else {
                ERROR_ACCESS_DENIED
            };
            assert_eq!(w.GetLastError(), want, "access {access:#x}");
            w.ReleaseMutex(created);
            failed |= access;
        }
    }
    assert_eq!(failed, 0x0de0_fffe);

    w.SetLastError(0xdeadbeef);
    assert_eq!(w.ReleaseMutex(created), FALSE);
    assert_eq!(w.GetLastError(), ERROR_NOT_OWNER);

    // Case sensitivity: names are case-sensitive in \BaseNamedObjects.
    for name in ["WINETESTMUTEX", "winetestmutex"] {
        assert_eq!(w.OpenMutexW(READ_CONTROL, FALSE, Some(name)), 0);
        assert_eq!(w.GetLastError(), ERROR_FILE_NOT_FOUND);
    }
    let again = w.CreateMutexW(None, FALSE, Some("WineTestMutex"));
    assert_ne!(again, 0);
    assert_eq!(w.GetLastError(), ERROR_ALREADY_EXISTS);
    assert_eq!(w.CloseHandle(again), TRUE);
    let other = w.CreateMutexW(None, FALSE, Some("WINETESTMUTEX"));
    assert_ne!(other, 0);
    assert_eq!(w.GetLastError(), 0);
    assert_eq!(w.CloseHandle(other), TRUE);
    assert_eq!(w.CloseHandle(created), TRUE);
    check(&sys);
}

/// wine `kernel32/tests/sync.c test_event`, `test_semaphore`, `test_waitable_timer`: the
/// case-sensitivity blocks (create, create-existing -> 183, other case -> new object, open of
/// the other case -> ERROR_FILE_NOT_FOUND).
#[test]
fn sync_c_test_event_semaphore_waitable_timer_case_sensitivity() {
    let (mut sys, pids) = machine(&["test"]);
    let mut w = sys.win32(pids[0]);
    type Create = fn(&mut Win32<'_>, &str) -> HANDLE;
    type Open = fn(&mut Win32<'_>, &str) -> HANDLE;
    let kinds: [(&str, Create, Open); 3] = [
        (
            "sync.c: Test Event",
            |w, n| w.CreateEventW(None, FALSE, FALSE, Some(n)),
            |w, n| w.OpenEventW(EVENT_ALL_ACCESS, FALSE, Some(n)),
        ),
        (
            "sync.c: Test Semaphore",
            |w, n| w.CreateSemaphoreW(None, 0, 1, Some(n)),
            |w, n| w.OpenSemaphoreW(SEMAPHORE_ALL_ACCESS, FALSE, Some(n)),
        ),
        (
            "sync.c: Test WaitableTimer",
            |w, n| w.CreateWaitableTimerW(None, FALSE, Some(n)),
            |w, n| w.OpenWaitableTimerW(TIMER_ALL_ACCESS, FALSE, Some(n)),
        ),
    ];
    for (name, create, open) in kinds {
        let upper = name.to_uppercase();
        w.SetLastError(0xdeadbeef);
        let h = create(&mut w, name);
        assert_ne!(h, 0, "{name}");
        assert_eq!(w.GetLastError(), 0, "{name}");
        let h2 = create(&mut w, name);
        assert_ne!(h2, 0);
        assert_eq!(w.GetLastError(), ERROR_ALREADY_EXISTS, "{name}");
        assert_eq!(w.CloseHandle(h2), TRUE);
        w.SetLastError(0xdeadbeef);
        let h2 = create(&mut w, &upper);
        assert_ne!(h2, 0);
        assert_eq!(w.GetLastError(), 0, "{upper}");
        assert_eq!(w.CloseHandle(h2), TRUE);
        let h2 = open(&mut w, name);
        assert_ne!(h2, 0, "{name}");
        assert_eq!(w.CloseHandle(h2), TRUE);
        assert_eq!(open(&mut w, &upper), 0);
        assert_eq!(w.GetLastError(), ERROR_FILE_NOT_FOUND, "{upper}");
        assert_eq!(w.CloseHandle(h), TRUE);
    }
    check(&sys);
}

/// The rule `test_mutex` shows holds for every named type, sections included (NT applies it in
/// `ObpCreateHandle` / `SeAccessCheck`, not per type): access 0 and bits the type does not
/// define are ERROR_ACCESS_DENIED, ACCESS_SYSTEM_SECURITY without SeSecurityPrivilege is
/// ERROR_PRIVILEGE_NOT_HELD, MAXIMUM_ALLOWED and GENERIC_* are accepted. With
/// SeSecurityPrivilege the ACCESS_SYSTEM_SECURITY open succeeds.
#[test]
fn sync_c_test_mutex_access_rule_for_every_type() {
    let (mut sys, pids) = machine(&["test"]);
    let mut w = sys.win32(pids[0]);
    type Open = fn(&mut Win32<'_>, u32) -> HANDLE;
    // (name, undefined specific bit, open)
    let section = w.CreateFileMappingW(
        INVALID_HANDLE_VALUE,
        None,
        PAGE_READWRITE,
        0,
        4096,
        Some("S"),
    );
    let event = w.CreateEventW(None, TRUE, FALSE, Some("E"));
    let mutex = w.CreateMutexW(None, FALSE, Some("M"));
    let sem = w.CreateSemaphoreW(None, 0, 1, Some("Sem"));
    let timer = w.CreateWaitableTimerW(None, FALSE, Some("T"));
    let job = w.CreateJobObjectW(None, Some("J"));
    for h in [section, event, mutex, sem, timer, job] {
        assert_ne!(h, 0);
    }
    let kinds: [(&str, u32, Open); 6] = [
        ("section", 0x40, |w, a| {
            w.OpenFileMappingW(a, FALSE, Some("S"))
        }),
        ("event", 0x4, |w, a| w.OpenEventW(a, FALSE, Some("E"))),
        ("mutex", 0x2, |w, a| w.OpenMutexW(a, FALSE, Some("M"))),
        ("semaphore", 0x4, |w, a| {
            w.OpenSemaphoreW(a, FALSE, Some("Sem"))
        }),
        ("timer", 0x4, |w, a| {
            w.OpenWaitableTimerW(a, FALSE, Some("T"))
        }),
        ("job", 0x8000, |w, a| w.OpenJobObjectW(a, FALSE, Some("J"))),
    ];
    for (what, undefined, open) in kinds {
        for (access, want) in [
            (0, ERROR_ACCESS_DENIED),
            (undefined, ERROR_ACCESS_DENIED),
            (0x0020_0000, ERROR_ACCESS_DENIED),
            (0x0400_0000, ERROR_ACCESS_DENIED),
            (ACCESS_SYSTEM_SECURITY, ERROR_PRIVILEGE_NOT_HELD),
            (
                ACCESS_SYSTEM_SECURITY | READ_CONTROL,
                ERROR_PRIVILEGE_NOT_HELD,
            ),
        ] {
            w.SetLastError(0xdeadbeef);
            assert_eq!(open(&mut w, access), 0, "{what} {access:#x}");
            assert_eq!(w.GetLastError(), want, "{what} {access:#x}");
        }
        for access in [MAXIMUM_ALLOWED, GENERIC_READ, READ_CONTROL] {
            let h = open(&mut w, access);
            assert_ne!(h, 0, "{what} {access:#x}");
            assert_eq!(w.CloseHandle(h), TRUE);
        }
    }
    check(&sys);

    let mut spec = winsection::ProcessSpec::named("auditor");
    spec.privileges.insert(winsection::Privilege::Security);
    let auditor = sys.spawn(spec).unwrap();
    let mut a = sys.win32(auditor);
    let h = a.OpenMutexW(ACCESS_SYSTEM_SECURITY | SYNCHRONIZE, FALSE, Some("M"));
    assert_ne!(h, 0, "error {}", a.GetLastError());
    assert_eq!(a.WaitForSingleObject(h, 0), WAIT_OBJECT_0);
    check(&sys);
}

/// wine `kernel32/tests/sync.c test_event`, the security-descriptor block: creating a named
/// event with no SD, a blank SD, a NULL DACL and an empty DACL all succeed.
#[test]
fn sync_c_test_event_security_descriptors() {
    let (mut sys, pids) = machine(&["test"]);
    let mut w = sys.win32(pids[0]);
    let sa = |sddl: &str| SECURITY_ATTRIBUTES {
        bInheritHandle: FALSE,
        lpSecurityDescriptor: Some(sddl.into()),
    };
    let name = Some("sync.c: Test Event");
    let h = w.CreateEventW(None, FALSE, FALSE, name);
    assert_ne!(h, 0);
    assert_eq!(w.CloseHandle(h), TRUE);
    for sddl in ["", "D:NO_ACCESS_CONTROL", "D:"] {
        let h = w.CreateEventW(Some(&sa(sddl)), FALSE, FALSE, name);
        assert_ne!(h, 0, "{sddl:?}: {}", w.GetLastError());
        assert_eq!(w.CloseHandle(h), TRUE);
    }
    check(&sys);
}
