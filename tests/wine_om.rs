//! Ports of wine `dlls/ntdll/tests/om.c`, the parts a Win32 caller can reach (the
//! Windows-truth lines: plain `ok()`; where a line allows an old and a Vista+ answer, the
//! Vista+ one).
//!
//! Ported: `test_name_collisions` (create-existing of every type through the Win32 calls:
//! ERROR_ALREADY_EXISTS, same object), `test_case_sensitive` (names differing in case are
//! different objects; another type's name is STATUS_OBJECT_TYPE_MISMATCH -> ERROR_INVALID_HANDLE).
//! Skipped: the NT-only parts (NtCreate* with OBJECT_ATTRIBUTES, OBJ_OPENIF / OBJ_CASE_INSENSITIVE,
//! root-directory handles, `\??\PIPE`, `test_name_limits`' UNICODE_STRING lengths): winsection
//! has no NT object-attribute calls yet; the Win32 name-length limits are catalog A16
//! (`conformance_ob.rs`).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

mod common;

use common::{check, machine};
use winsection::win32::*;

/// om.c `test_name_collisions`: for each type, a second create of the same name returns a
/// handle to the same object with ERROR_ALREADY_EXISTS.
#[test]
fn om_c_test_name_collisions() {
    let (mut sys, pids) = machine(&["test"]);
    let mut w = sys.win32(pids[0]);
    type Create = fn(&mut Win32<'_>) -> HANDLE;
    let creates: [(&str, Create); 5] = [
        ("mutex", |w| w.CreateMutexA(None, FALSE, Some(b"om.c-test"))),
        ("event", |w| {
            w.CreateEventA(None, FALSE, FALSE, Some(b"om.c-test"))
        }),
        ("semaphore", |w| {
            w.CreateSemaphoreA(None, 1, 2, Some(b"om.c-test"))
        }),
        ("timer", |w| {
            w.CreateWaitableTimerW(None, TRUE, Some("om.c-test"))
        }),
        ("mapping", |w| {
            w.CreateFileMappingA(
                INVALID_HANDLE_VALUE,
                None,
                PAGE_READWRITE,
                0,
                256,
                Some(b"om.c-test"),
            )
        }),
    ];
    for (what, create) in creates {
        let h = create(&mut w);
        assert_ne!(h, 0, "{what}: {}", w.GetLastError());
        assert_eq!(w.GetLastError(), 0, "{what}");
        let h2 = create(&mut w);
        assert_ne!(h2, 0, "{what}");
        assert_eq!(w.GetLastError(), ERROR_ALREADY_EXISTS, "{what}");
        assert_eq!(w.CompareObjectHandles(h, h2), TRUE, "{what}");
        assert_eq!(w.CloseHandle(h), TRUE);
        assert_eq!(w.CloseHandle(h2), TRUE);
    }
    check(&sys);
}

/// om.c `test_case_sensitive`: "test" and "Test" are two objects; creating an event over the
/// mutant "test" fails (STATUS_OBJECT_TYPE_MISMATCH on Vista+ -> ERROR_INVALID_HANDLE), and so
/// does opening the event "Test" as a mutex.
#[test]
fn om_c_test_case_sensitive() {
    let (mut sys, pids) = machine(&["test"]);
    let mut w = sys.win32(pids[0]);
    let mutant = w.CreateMutexW(None, FALSE, Some("test"));
    assert_ne!(mutant, 0);
    assert_eq!(w.CreateEventW(None, TRUE, FALSE, Some("test")), 0);
    assert_eq!(w.GetLastError(), ERROR_INVALID_HANDLE);
    let event = w.CreateEventW(None, TRUE, FALSE, Some("Test"));
    assert_ne!(event, 0);
    assert_eq!(w.GetLastError(), 0);
    assert_eq!(w.OpenMutexW(MUTEX_ALL_ACCESS, FALSE, Some("Test")), 0);
    assert_eq!(w.GetLastError(), ERROR_INVALID_HANDLE);
    assert_eq!(w.OpenMutexW(MUTEX_ALL_ACCESS, FALSE, Some("TEst")), 0);
    assert_eq!(w.GetLastError(), ERROR_FILE_NOT_FOUND);
    assert_eq!(w.CloseHandle(mutant), TRUE);
    assert_eq!(w.CloseHandle(event), TRUE);
    check(&sys);
}
