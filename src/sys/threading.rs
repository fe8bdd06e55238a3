//! `Win32::System::Threading`: the calling process and named synchronisation objects, with
//! windows-sys's signatures. Waits never block: one thread runs every simulated process, so a
//! wait that would block answers WAIT_TIMEOUT at once (as the facade does).

#![allow(non_snake_case, clippy::missing_safety_doc)]

use std::ffi::c_void;

use windows_sys::core::{BOOL, PCSTR, PCWSTR};
use windows_sys::Win32::Foundation::{HANDLE, WAIT_EVENT};
use windows_sys::Win32::Security::{PSID, SECURITY_ATTRIBUTES};
use windows_sys::Win32::System::Threading::{PROCESS_ACCESS_RIGHTS, SYNCHRONIZATION_ACCESS_RIGHTS};

use super::convert::{handle_in, handle_out, security, wide};
use super::machine::{call_light, call_plain};
use super::named::{create_named, open_named, Runner};

/// `GetCurrentProcess`: the pseudo-handle -1.
// SAFETY (caller): none; `GetCurrentProcess` dereferences no argument. It is `unsafe` only because
// windows-sys declares it so, and code written against windows-sys calls it that way.
pub unsafe extern "system" fn GetCurrentProcess() -> HANDLE {
    handle_out(-1)
}

/// `GetCurrentProcessId`: the calling simulated process's id.
// SAFETY (caller): none; `GetCurrentProcessId` dereferences no argument. It is `unsafe` only
// because windows-sys declares it so, and code written against windows-sys calls it that way.
pub unsafe extern "system" fn GetCurrentProcessId() -> u32 {
    call_plain(0, |w| w.GetCurrentProcessId())
}

/// `OpenProcess`.
// SAFETY (caller): none; `OpenProcess` dereferences no argument. It is `unsafe` only because
// windows-sys declares it so, and code written against windows-sys calls it that way.
pub unsafe extern "system" fn OpenProcess(
    dwdesiredaccess: PROCESS_ACCESS_RIGHTS,
    binherithandle: BOOL,
    dwprocessid: u32,
) -> HANDLE {
    call_light(std::ptr::null_mut(), |w| {
        handle_out(w.OpenProcess(dwdesiredaccess, binherithandle, dwprocessid))
    })
}

/// `CreateEventW`.
// SAFETY (caller): Win32's contract for `CreateEventW`: `lpeventattributes`, `lpname` are each NULL
// where the API allows it, or valid for what `CreateEventW` reads or writes through them.
pub unsafe extern "system" fn CreateEventW(
    lpeventattributes: *const SECURITY_ATTRIBUTES,
    bmanualreset: BOOL,
    binitialstate: BOOL,
    lpname: PCWSTR,
) -> HANDLE {
    // SAFETY: NULL or valid pointers, as CreateEventW requires.
    unsafe {
        create_named(Runner::LIGHT, lpeventattributes, lpname, |w, sa, name| {
            w.CreateEventW(sa, bmanualreset, binitialstate, name)
        })
    }
}

/// `OpenEventW`.
// SAFETY (caller): Win32's contract for `OpenEventW`: `lpname` is NULL where the API allows it, or
// valid for what `OpenEventW` reads or writes through it.
pub unsafe extern "system" fn OpenEventW(
    dwdesiredaccess: SYNCHRONIZATION_ACCESS_RIGHTS,
    binherithandle: BOOL,
    lpname: PCWSTR,
) -> HANDLE {
    // SAFETY: NULL or a valid string.
    unsafe {
        open_named(Runner::LIGHT, lpname, |w, name| {
            w.OpenEventW(dwdesiredaccess, binherithandle, name)
        })
    }
}

/// `SetEvent`.
// SAFETY (caller): none; `SetEvent` dereferences no argument. It is `unsafe` only because windows-
// sys declares it so, and code written against windows-sys calls it that way.
pub unsafe extern "system" fn SetEvent(hevent: HANDLE) -> BOOL {
    call_light(0, |w| w.SetEvent(handle_in(hevent)))
}

/// `ResetEvent`.
// SAFETY (caller): none; `ResetEvent` dereferences no argument. It is `unsafe` only because
// windows-sys declares it so, and code written against windows-sys calls it that way.
pub unsafe extern "system" fn ResetEvent(hevent: HANDLE) -> BOOL {
    call_light(0, |w| w.ResetEvent(handle_in(hevent)))
}

/// `CreateMutexW`.
// SAFETY (caller): Win32's contract for `CreateMutexW`: `lpmutexattributes`, `lpname` are each NULL
// where the API allows it, or valid for what `CreateMutexW` reads or writes through them.
pub unsafe extern "system" fn CreateMutexW(
    lpmutexattributes: *const SECURITY_ATTRIBUTES,
    binitialowner: BOOL,
    lpname: PCWSTR,
) -> HANDLE {
    // SAFETY: NULL or valid pointers.
    unsafe {
        create_named(Runner::LIGHT, lpmutexattributes, lpname, |w, sa, name| {
            w.CreateMutexW(sa, binitialowner, name)
        })
    }
}

/// `OpenMutexW`.
// SAFETY (caller): Win32's contract for `OpenMutexW`: `lpname` is NULL where the API allows it, or
// valid for what `OpenMutexW` reads or writes through it.
pub unsafe extern "system" fn OpenMutexW(
    dwdesiredaccess: SYNCHRONIZATION_ACCESS_RIGHTS,
    binherithandle: BOOL,
    lpname: PCWSTR,
) -> HANDLE {
    // SAFETY: NULL or a valid string.
    unsafe {
        open_named(Runner::LIGHT, lpname, |w, name| {
            w.OpenMutexW(dwdesiredaccess, binherithandle, name)
        })
    }
}

/// `ReleaseMutex`.
// SAFETY (caller): none; `ReleaseMutex` dereferences no argument. It is `unsafe` only because
// windows-sys declares it so, and code written against windows-sys calls it that way.
pub unsafe extern "system" fn ReleaseMutex(hmutex: HANDLE) -> BOOL {
    call_light(0, |w| w.ReleaseMutex(handle_in(hmutex)))
}

/// `CreateSemaphoreW`.
// SAFETY (caller): Win32's contract for `CreateSemaphoreW`: `lpsemaphoreattributes`, `lpname` are
// each NULL where the API allows it, or valid for what `CreateSemaphoreW` reads or writes through
// them.
pub unsafe extern "system" fn CreateSemaphoreW(
    lpsemaphoreattributes: *const SECURITY_ATTRIBUTES,
    linitialcount: i32,
    lmaximumcount: i32,
    lpname: PCWSTR,
) -> HANDLE {
    // SAFETY: NULL or valid pointers.
    unsafe {
        create_named(
            Runner::LIGHT,
            lpsemaphoreattributes,
            lpname,
            |w, sa, name| w.CreateSemaphoreW(sa, linitialcount, lmaximumcount, name),
        )
    }
}

/// `OpenSemaphoreW`.
// SAFETY (caller): Win32's contract for `OpenSemaphoreW`: `lpname` is NULL where the API allows it,
// or valid for what `OpenSemaphoreW` reads or writes through it.
pub unsafe extern "system" fn OpenSemaphoreW(
    dwdesiredaccess: SYNCHRONIZATION_ACCESS_RIGHTS,
    binherithandle: BOOL,
    lpname: PCWSTR,
) -> HANDLE {
    // SAFETY: NULL or a valid string.
    unsafe {
        open_named(Runner::LIGHT, lpname, |w, name| {
            w.OpenSemaphoreW(dwdesiredaccess, binherithandle, name)
        })
    }
}

/// `ReleaseSemaphore`.
// SAFETY (caller): Win32's contract for `ReleaseSemaphore`: `lppreviouscount` is NULL where the API
// allows it, or valid for what `ReleaseSemaphore` reads or writes through it.
pub unsafe extern "system" fn ReleaseSemaphore(
    hsemaphore: HANDLE,
    lreleasecount: i32,
    lppreviouscount: *mut i32,
) -> BOOL {
    // SAFETY: NULL or writable, as ReleaseSemaphore requires.
    let out = unsafe { lppreviouscount.as_mut() };
    call_light(0, |w| {
        w.ReleaseSemaphore(handle_in(hsemaphore), lreleasecount, out)
    })
}

/// `WaitForSingleObject` (never blocks; see the module doc).
// SAFETY (caller): none; `WaitForSingleObject` dereferences no argument. It is `unsafe` only
// because windows-sys declares it so, and code written against windows-sys calls it that way.
pub unsafe extern "system" fn WaitForSingleObject(
    hhandle: HANDLE,
    dwmilliseconds: u32,
) -> WAIT_EVENT {
    call_light(windows_sys::Win32::Foundation::WAIT_FAILED, |w| {
        w.WaitForSingleObject(handle_in(hhandle), dwmilliseconds)
    })
}

/// `CreateEventA`.
// SAFETY (caller): Win32's contract for `CreateEventA`: `lpeventattributes`, `lpname` are each NULL
// where the API allows it, or valid for what `CreateEventA` reads or writes through them.
pub unsafe extern "system" fn CreateEventA(
    lpeventattributes: *const SECURITY_ATTRIBUTES,
    bmanualreset: BOOL,
    binitialstate: BOOL,
    lpname: PCSTR,
) -> HANDLE {
    // SAFETY: NULL or valid pointers.
    unsafe {
        create_named(Runner::LIGHT, lpeventattributes, lpname, |w, sa, name| {
            w.CreateEventA(sa, bmanualreset, binitialstate, name)
        })
    }
}

/// `OpenEventA`.
// SAFETY (caller): Win32's contract for `OpenEventA`: `lpname` is NULL where the API allows it, or
// valid for what `OpenEventA` reads or writes through it.
pub unsafe extern "system" fn OpenEventA(
    dwdesiredaccess: SYNCHRONIZATION_ACCESS_RIGHTS,
    binherithandle: BOOL,
    lpname: PCSTR,
) -> HANDLE {
    // SAFETY: NULL or a valid string.
    unsafe {
        open_named(Runner::LIGHT, lpname, |w, name| {
            w.OpenEventA(dwdesiredaccess, binherithandle, name)
        })
    }
}

/// `CreateMutexA`.
// SAFETY (caller): Win32's contract for `CreateMutexA`: `lpmutexattributes`, `lpname` are each NULL
// where the API allows it, or valid for what `CreateMutexA` reads or writes through them.
pub unsafe extern "system" fn CreateMutexA(
    lpmutexattributes: *const SECURITY_ATTRIBUTES,
    binitialowner: BOOL,
    lpname: PCSTR,
) -> HANDLE {
    // SAFETY: NULL or valid pointers.
    unsafe {
        create_named(Runner::LIGHT, lpmutexattributes, lpname, |w, sa, name| {
            w.CreateMutexA(sa, binitialowner, name)
        })
    }
}

/// `CreateSemaphoreA`.
// SAFETY (caller): Win32's contract for `CreateSemaphoreA`: `lpsemaphoreattributes`, `lpname` are
// each NULL where the API allows it, or valid for what `CreateSemaphoreA` reads or writes through
// them.
pub unsafe extern "system" fn CreateSemaphoreA(
    lpsemaphoreattributes: *const SECURITY_ATTRIBUTES,
    linitialcount: i32,
    lmaximumcount: i32,
    lpname: PCSTR,
) -> HANDLE {
    // SAFETY: NULL or valid pointers.
    unsafe {
        create_named(
            Runner::LIGHT,
            lpsemaphoreattributes,
            lpname,
            |w, sa, name| w.CreateSemaphoreA(sa, linitialcount, lmaximumcount, name),
        )
    }
}

/// `CreateWaitableTimerW`.
// SAFETY (caller): Win32's contract for `CreateWaitableTimerW`: `lptimerattributes`, `lptimername`
// are each NULL where the API allows it, or valid for what `CreateWaitableTimerW` reads or writes
// through them.
pub unsafe extern "system" fn CreateWaitableTimerW(
    lptimerattributes: *const SECURITY_ATTRIBUTES,
    bmanualreset: BOOL,
    lptimername: PCWSTR,
) -> HANDLE {
    // SAFETY: NULL or valid pointers.
    unsafe {
        create_named(
            Runner::LIGHT,
            lptimerattributes,
            lptimername,
            |w, sa, name| w.CreateWaitableTimerW(sa, bmanualreset, name),
        )
    }
}

/// `OpenWaitableTimerW`.
// SAFETY (caller): Win32's contract for `OpenWaitableTimerW`: `lptimername` is NULL where the API
// allows it, or valid for what `OpenWaitableTimerW` reads or writes through it.
pub unsafe extern "system" fn OpenWaitableTimerW(
    dwdesiredaccess: SYNCHRONIZATION_ACCESS_RIGHTS,
    binherithandle: BOOL,
    lptimername: PCWSTR,
) -> HANDLE {
    // SAFETY: NULL or a valid string.
    unsafe {
        open_named(Runner::LIGHT, lptimername, |w, name| {
            w.OpenWaitableTimerW(dwdesiredaccess, binherithandle, name)
        })
    }
}

/// `CreateBoundaryDescriptorW`.
// SAFETY (caller): Win32's contract for `CreateBoundaryDescriptorW`: `name` is NULL where the API
// allows it, or valid for what `CreateBoundaryDescriptorW` reads or writes through it.
pub unsafe extern "system" fn CreateBoundaryDescriptorW(name: PCWSTR, flags: u32) -> HANDLE {
    // SAFETY: NULL or a valid string.
    let name = unsafe { wide(name) };
    call_light(std::ptr::null_mut(), |w| {
        handle_out(w.CreateBoundaryDescriptorW(name.as_deref(), flags))
    })
}

/// `AddSIDToBoundaryDescriptor`: the binary SID is read (revision 1 layout) and passed on in
/// its `S-1-...` string form; anything else is ERROR_INVALID_PARAMETER.
// SAFETY (caller): Win32's contract for `AddSIDToBoundaryDescriptor`: `boundarydescriptor`,
// `requiredsid` are each NULL where the API allows it, or valid for what
// `AddSIDToBoundaryDescriptor` reads or writes through them.
pub unsafe extern "system" fn AddSIDToBoundaryDescriptor(
    boundarydescriptor: *mut HANDLE,
    requiredsid: PSID,
) -> BOOL {
    // SAFETY: NULL or a valid SID, as AddSIDToBoundaryDescriptor requires.
    let sid = unsafe { super::convert::sid_string(requiredsid) };
    // SAFETY: NULL or a valid, writable HANDLE, as the API requires.
    let Some(bd) = (unsafe { boundarydescriptor.as_mut() }) else {
        return call_light(0, |w| {
            w.SetLastError(crate::win32::ERROR_INVALID_PARAMETER);
            0
        });
    };
    let mut h = handle_in(*bd);
    let ok = call_light(0, |w| match &sid {
        Some(sid) => w.AddSIDToBoundaryDescriptor(&mut h, sid),
        None => {
            w.SetLastError(crate::win32::ERROR_INVALID_PARAMETER);
            0
        }
    });
    *bd = handle_out(h);
    ok
}

/// `DeleteBoundaryDescriptor`.
// SAFETY (caller): none; `DeleteBoundaryDescriptor` dereferences no argument. It is `unsafe` only
// because windows-sys declares it so, and code written against windows-sys calls it that way.
pub unsafe extern "system" fn DeleteBoundaryDescriptor(boundarydescriptor: HANDLE) {
    call_light((), |w| {
        w.DeleteBoundaryDescriptor(handle_in(boundarydescriptor))
    })
}

/// `CreatePrivateNamespaceW` (the boundary descriptor is the handle-like value
/// CreateBoundaryDescriptorW returned).
// SAFETY (caller): Win32's contract for `CreatePrivateNamespaceW`: `lpprivatenamespaceattributes`,
// `lpboundarydescriptor`, `lpaliasprefix` are each NULL where the API allows it, or valid for what
// `CreatePrivateNamespaceW` reads or writes through them.
pub unsafe extern "system" fn CreatePrivateNamespaceW(
    lpprivatenamespaceattributes: *const SECURITY_ATTRIBUTES,
    lpboundarydescriptor: *const c_void,
    lpaliasprefix: PCWSTR,
) -> HANDLE {
    // SAFETY: NULL or valid pointers.
    let (sa, prefix) = unsafe { (security(lpprivatenamespaceattributes), wide(lpaliasprefix)) };
    call_light(std::ptr::null_mut(), |w| {
        handle_out(w.CreatePrivateNamespaceW(
            sa.as_ref(),
            handle_in(lpboundarydescriptor.cast_mut()),
            prefix.as_deref(),
        ))
    })
}

/// `OpenPrivateNamespaceW`.
// SAFETY (caller): Win32's contract for `OpenPrivateNamespaceW`: `lpboundarydescriptor`,
// `lpaliasprefix` are each NULL where the API allows it, or valid for what `OpenPrivateNamespaceW`
// reads or writes through them.
pub unsafe extern "system" fn OpenPrivateNamespaceW(
    lpboundarydescriptor: *const c_void,
    lpaliasprefix: PCWSTR,
) -> HANDLE {
    // SAFETY: NULL or a valid string.
    let prefix = unsafe { wide(lpaliasprefix) };
    call_light(std::ptr::null_mut(), |w| {
        handle_out(w.OpenPrivateNamespaceW(
            handle_in(lpboundarydescriptor.cast_mut()),
            prefix.as_deref(),
        ))
    })
}

/// `ClosePrivateNamespace` (windows-sys declares it returning `bool`).
// SAFETY (caller): none; `ClosePrivateNamespace` dereferences no argument. It is `unsafe` only
// because windows-sys declares it so, and code written against windows-sys calls it that way.
pub unsafe extern "system" fn ClosePrivateNamespace(handle: HANDLE, flags: u32) -> bool {
    call_light(false, |w| {
        w.ClosePrivateNamespace(handle_in(handle), flags) != 0
    })
}
