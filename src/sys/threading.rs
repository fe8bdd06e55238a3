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
pub unsafe extern "system" fn GetCurrentProcess() -> HANDLE {
    handle_out(-1)
}

/// `GetCurrentProcessId`: the calling simulated process's id.
pub unsafe extern "system" fn GetCurrentProcessId() -> u32 {
    call_plain(0, |w| w.GetCurrentProcessId())
}

/// `OpenProcess`.
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
pub unsafe extern "system" fn SetEvent(hevent: HANDLE) -> BOOL {
    call_light(0, |w| w.SetEvent(handle_in(hevent)))
}

/// `ResetEvent`.
pub unsafe extern "system" fn ResetEvent(hevent: HANDLE) -> BOOL {
    call_light(0, |w| w.ResetEvent(handle_in(hevent)))
}

/// `CreateMutexW`.
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
pub unsafe extern "system" fn ReleaseMutex(hmutex: HANDLE) -> BOOL {
    call_light(0, |w| w.ReleaseMutex(handle_in(hmutex)))
}

/// `CreateSemaphoreW`.
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
pub unsafe extern "system" fn WaitForSingleObject(
    hhandle: HANDLE,
    dwmilliseconds: u32,
) -> WAIT_EVENT {
    call_light(windows_sys::Win32::Foundation::WAIT_FAILED, |w| {
        w.WaitForSingleObject(handle_in(hhandle), dwmilliseconds)
    })
}

/// `CreateEventA`.
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
pub unsafe extern "system" fn CreateBoundaryDescriptorW(name: PCWSTR, flags: u32) -> HANDLE {
    // SAFETY: NULL or a valid string.
    let name = unsafe { wide(name) };
    call_light(std::ptr::null_mut(), |w| {
        handle_out(w.CreateBoundaryDescriptorW(name.as_deref(), flags))
    })
}

/// `AddSIDToBoundaryDescriptor`: the binary SID is read (revision 1 layout) and passed on in
/// its `S-1-...` string form; anything else is ERROR_INVALID_PARAMETER.
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
pub unsafe extern "system" fn DeleteBoundaryDescriptor(boundarydescriptor: HANDLE) {
    call_light((), |w| {
        w.DeleteBoundaryDescriptor(handle_in(boundarydescriptor))
    })
}

/// `CreatePrivateNamespaceW` (the boundary descriptor is the handle-like value
/// CreateBoundaryDescriptorW returned).
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
pub unsafe extern "system" fn ClosePrivateNamespace(handle: HANDLE, flags: u32) -> bool {
    call_light(false, |w| {
        w.ClosePrivateNamespace(handle_in(handle), flags) != 0
    })
}
