//! Handles, last errors, synchronisation objects, private namespaces and system information
//! through `winsection::sys`, with windows-sys's types.

#![cfg(target_os = "linux")]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use winsection::sys;
use winsection::sys::Win32::Foundation::*;
use winsection::sys::Win32::System::SystemInformation::*;
use winsection::sys::Win32::System::Threading::*;

fn wide(s: &str) -> Vec<u16> {
    s.encode_utf16().chain(Some(0)).collect()
}

/// GetLastError is per thread, i.e. per simulated process here: B's failure does not change
/// A's last error.
#[test]
fn last_error_belongs_to_the_calling_process() {
    sys::reset();
    let b = sys::spawn("B").unwrap();
    // SAFETY: winsection::sys calls with live handles, NULL, or pointers to locals and to views this test mapped and still holds.
    unsafe {
        SetLastError(1234);
        {
            let _b = sys::enter(b);
            assert_eq!(GetLastError(), 0);
            assert_eq!(CloseHandle(0x1234 as HANDLE), 0);
            assert_eq!(GetLastError(), ERROR_INVALID_HANDLE);
            assert_ne!(GetCurrentProcessId(), 0);
        }
        assert_eq!(GetLastError(), 1234);
    }
}

/// An event created by A and opened by B is one object: B's SetEvent is what A's wait sees
/// (waits never block: an unsignalled wait answers WAIT_TIMEOUT).
#[test]
fn events_mutexes_and_semaphores_are_shared_by_name() {
    sys::reset();
    let b = sys::spawn("B").unwrap();
    // SAFETY: winsection::sys calls with live handles, NULL, or pointers to locals and to views this test mapped and still holds.
    unsafe {
        let name = wide("Local\\ev");
        let e = CreateEventW(std::ptr::null(), 1, 0, name.as_ptr());
        assert!(!e.is_null());
        assert_eq!(GetLastError(), 0);
        assert_eq!(WaitForSingleObject(e, 0), WAIT_TIMEOUT);
        {
            let _b = sys::enter(b);
            let e2 = OpenEventW(EVENT_MODIFY_STATE, 0, name.as_ptr());
            assert!(!e2.is_null());
            assert_ne!(SetEvent(e2), 0);
            // The same name for another type is ERROR_INVALID_HANDLE (catalog B3).
            let m = CreateMutexW(std::ptr::null(), 0, name.as_ptr());
            assert!(m.is_null());
            assert_eq!(GetLastError(), ERROR_INVALID_HANDLE);
        }
        assert_eq!(WaitForSingleObject(e, 0), WAIT_OBJECT_0);
        assert_ne!(ResetEvent(e), 0);
        assert_eq!(WaitForSingleObject(e, INFINITE), WAIT_TIMEOUT);

        let s = CreateSemaphoreW(std::ptr::null(), 1, 3, wide("Local\\sem").as_ptr());
        let mut previous = -1;
        assert_ne!(ReleaseSemaphore(s, 2, &mut previous), 0);
        assert_eq!(previous, 1);
        assert_eq!(ReleaseSemaphore(s, 1, &mut previous), 0);
        assert_eq!(GetLastError(), ERROR_TOO_MANY_POSTS);

        let a_name = b"Local\\ansi\0";
        let m = CreateMutexA(std::ptr::null(), 1, a_name.as_ptr());
        assert!(!m.is_null());
        let again = CreateMutexW(std::ptr::null(), 0, wide("Local\\ansi").as_ptr());
        assert_eq!(GetLastError(), ERROR_ALREADY_EXISTS);
        assert_eq!(CompareObjectHandles(m, again), 1);
        assert_ne!(ReleaseMutex(m), 0);
    }
    sys::with_system(|s| s.check()).unwrap().unwrap();
}

/// DuplicateHandle into another process, handle flags, and the pseudo-handle.
#[test]
fn duplicate_handle_and_handle_information() {
    sys::reset();
    let b = sys::spawn("B").unwrap();
    // SAFETY: winsection::sys calls with live handles, NULL, or pointers to locals and to views this test mapped and still holds.
    unsafe {
        assert_eq!(GetCurrentProcess() as isize, -1);
        let e = CreateEventW(std::ptr::null(), 0, 0, std::ptr::null());
        let target = {
            let _b = sys::enter(b);
            GetCurrentProcessId()
        };
        let hb = OpenProcess(PROCESS_DUP_HANDLE, 0, target);
        assert!(!hb.is_null(), "{}", GetLastError());
        let mut dup: HANDLE = std::ptr::null_mut();
        assert_ne!(
            DuplicateHandle(
                GetCurrentProcess(),
                e,
                hb,
                &mut dup,
                0,
                0,
                DUPLICATE_SAME_ACCESS
            ),
            0
        );
        assert!(!dup.is_null());
        {
            let _b = sys::enter(b);
            assert_ne!(SetEvent(dup), 0);
        }
        assert_eq!(WaitForSingleObject(e, 0), WAIT_OBJECT_0);
        let mut flags = 0xFF;
        assert_ne!(GetHandleInformation(e, &mut flags), 0);
        assert_eq!(flags, 0);
        assert_ne!(
            SetHandleInformation(
                e,
                HANDLE_FLAG_PROTECT_FROM_CLOSE,
                HANDLE_FLAG_PROTECT_FROM_CLOSE
            ),
            0
        );
        assert_ne!(GetHandleInformation(e, &mut flags), 0);
        assert_eq!(flags, HANDLE_FLAG_PROTECT_FROM_CLOSE);
    }
}

/// A private namespace through a boundary with a binary SID (Everyone, S-1-1-0), and a bad SID
/// refused with ERROR_INVALID_PARAMETER.
#[test]
fn private_namespace_with_a_binary_sid() {
    sys::reset();
    // SAFETY: winsection::sys calls with live handles, NULL, or pointers to locals and to views this test mapped and still holds.
    unsafe {
        let mut bd = CreateBoundaryDescriptorW(wide("MyBoundary").as_ptr(), 0);
        assert!(!bd.is_null(), "{}", GetLastError());
        let mut everyone: [u8; 12] = [1, 1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0];
        assert_ne!(
            AddSIDToBoundaryDescriptor(&mut bd, everyone.as_mut_ptr().cast()),
            0,
            "{}",
            GetLastError()
        );
        let mut bad: [u8; 8] = [2, 0, 0, 0, 0, 0, 0, 1];
        assert_eq!(
            AddSIDToBoundaryDescriptor(&mut bd, bad.as_mut_ptr().cast()),
            0
        );
        assert_eq!(GetLastError(), ERROR_INVALID_PARAMETER);
        let ns = CreatePrivateNamespaceW(std::ptr::null(), bd.cast_const(), wide("MyNs").as_ptr());
        assert!(!ns.is_null(), "{}", GetLastError());
        let e = CreateEventW(std::ptr::null(), 0, 0, wide("MyNs\\ev").as_ptr());
        assert!(!e.is_null(), "{}", GetLastError());
        assert!(ClosePrivateNamespace(ns, 0));
        DeleteBoundaryDescriptor(bd);
    }
    sys::with_system(|s| s.check()).unwrap().unwrap();
}

/// GetSystemInfo: Windows' page size and granularity, and the application range as pointers
/// into the calling process's window.
#[test]
fn system_info_reports_the_window() {
    sys::reset();
    let mut si = SYSTEM_INFO::default();
    // SAFETY: winsection::sys calls with live handles, NULL, or pointers to locals and to views this test mapped and still holds.
    unsafe { GetSystemInfo(&mut si) };
    assert_eq!(si.dwPageSize, 4096);
    assert_eq!(si.dwAllocationGranularity, 65536);
    let span = si.lpMaximumApplicationAddress as usize - si.lpMinimumApplicationAddress as usize;
    assert_eq!(
        span,
        (winsection::MemoryBackend::DEFAULT_WINDOW as usize - 1) - 0x10000
    );
    assert_eq!(
        // SAFETY: winsection::sys calls with live handles, NULL, or pointers to locals and to views this test mapped and still holds.
        unsafe { winsection::sys::Win32::System::Memory::GetLargePageMinimum() } % 4096,
        0
    );
}

/// A `sys` call from inside `with_system` finds the machine busy: it fails (NULL / FALSE,
/// `Err`) instead of panicking or deadlocking, and the machine is unchanged.
#[test]
fn calls_from_inside_with_system_fail_cleanly() {
    sys::reset();
    let inner = sys::with_system(|s| {
        // SAFETY: winsection::sys calls with live handles, NULL, or pointers to locals and to views this test mapped and still holds.
        let close = unsafe { CloseHandle(std::ptr::null_mut()) };
        let spawned = sys::spawn("inner");
        let nested = sys::with_system(|_| ());
        (
            close,
            spawned.is_err(),
            nested.is_none(),
            s.processes().count(),
        )
    });
    assert_eq!(inner, Some((0, true, true, 1)));
}

/// With simulated pages no pointer can reach a view: MapViewOfFile fails with
/// ERROR_NOT_ENOUGH_MEMORY, and nothing is left mapped.
#[test]
fn simulated_backend_views_cannot_be_pointers() {
    use winsection::sys::Win32::System::Memory::*;
    sys::reset_with(winsection::SystemConfig::default());
    // SAFETY: winsection::sys calls with live handles, NULL, or pointers to locals and to views this test mapped and still holds.
    unsafe {
        let h = CreateFileMappingW(
            INVALID_HANDLE_VALUE,
            std::ptr::null(),
            PAGE_READWRITE,
            0,
            4096,
            std::ptr::null(),
        );
        assert!(!h.is_null());
        let v = MapViewOfFile(h, FILE_MAP_ALL_ACCESS, 0, 0, 0);
        assert!(v.Value.is_null());
        assert_eq!(GetLastError(), ERROR_NOT_ENOUGH_MEMORY);
    }
    let regions = sys::with_system(|s| {
        let pid = s.processes().next().unwrap();
        s.virtual_query(pid, 0x1000_0000).unwrap().State
    });
    assert_eq!(regions, Some(winsection::win32::MEM_FREE));
}
