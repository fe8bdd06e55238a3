//! `Win32::Foundation`: handles and the last error, with windows-sys's signatures.

#![allow(non_snake_case, clippy::missing_safety_doc)]

use windows_sys::core::BOOL;
use windows_sys::Win32::Foundation::{DUPLICATE_HANDLE_OPTIONS, HANDLE, HANDLE_FLAGS, WIN32_ERROR};

use super::convert::{handle_in, handle_out, put};
use super::machine::{call, call_light, call_plain};

/// `CloseHandle`.
// SAFETY (caller): none; `CloseHandle` dereferences no argument. It is `unsafe` only because
// windows-sys declares it so, and code written against windows-sys calls it that way.
pub unsafe extern "system" fn CloseHandle(hobject: HANDLE) -> BOOL {
    call(0, |w, _| w.CloseHandle(handle_in(hobject)))
}

/// `DuplicateHandle`. Process handles name simulated processes (`GetCurrentProcess()` or a
/// handle from `OpenProcess`).
// SAFETY (caller): Win32's contract for `DuplicateHandle`: `lptargethandle` is NULL where the API
// allows it, or valid for what `DuplicateHandle` reads or writes through it.
pub unsafe extern "system" fn DuplicateHandle(
    hsourceprocesshandle: HANDLE,
    hsourcehandle: HANDLE,
    htargetprocesshandle: HANDLE,
    lptargethandle: *mut HANDLE,
    dwdesiredaccess: u32,
    binherithandle: BOOL,
    dwoptions: DUPLICATE_HANDLE_OPTIONS,
) -> BOOL {
    let mut target = 0;
    let ok = call_light(0, |w| {
        w.DuplicateHandle(
            handle_in(hsourceprocesshandle),
            handle_in(hsourcehandle),
            handle_in(htargetprocesshandle),
            (!lptargethandle.is_null()).then_some(&mut target),
            dwdesiredaccess,
            binherithandle,
            dwoptions,
        )
    });
    if ok != 0 {
        // SAFETY: NULL or writable, as DuplicateHandle requires.
        unsafe { put(lptargethandle, handle_out(target)) };
    }
    ok
}

/// `GetLastError`: the calling simulated process's (thread's) last error.
// SAFETY (caller): none; `GetLastError` dereferences no argument. It is `unsafe` only because
// windows-sys declares it so, and code written against windows-sys calls it that way.
pub unsafe extern "system" fn GetLastError() -> WIN32_ERROR {
    call_plain(0, |w| w.GetLastError())
}

/// `SetLastError`.
// SAFETY (caller): none; `SetLastError` dereferences no argument. It is `unsafe` only because
// windows-sys declares it so, and code written against windows-sys calls it that way.
pub unsafe extern "system" fn SetLastError(dwerrcode: WIN32_ERROR) {
    call_plain((), |w| w.SetLastError(dwerrcode))
}

/// `GetHandleInformation`.
// SAFETY (caller): Win32's contract for `GetHandleInformation`: `lpdwflags` is NULL where the API
// allows it, or valid for what `GetHandleInformation` reads or writes through it.
pub unsafe extern "system" fn GetHandleInformation(hobject: HANDLE, lpdwflags: *mut u32) -> BOOL {
    // SAFETY: NULL or writable, as GetHandleInformation requires.
    let out = unsafe { lpdwflags.as_mut() };
    call_light(0, |w| w.GetHandleInformation(handle_in(hobject), out))
}

/// `SetHandleInformation`.
// SAFETY (caller): none; `SetHandleInformation` dereferences no argument. It is `unsafe` only
// because windows-sys declares it so, and code written against windows-sys calls it that way.
pub unsafe extern "system" fn SetHandleInformation(
    hobject: HANDLE,
    dwmask: u32,
    dwflags: HANDLE_FLAGS,
) -> BOOL {
    call_light(0, |w| {
        w.SetHandleInformation(handle_in(hobject), dwmask, dwflags)
    })
}

/// `CompareObjectHandles`.
// SAFETY (caller): none; `CompareObjectHandles` dereferences no argument. It is `unsafe` only
// because windows-sys declares it so, and code written against windows-sys calls it that way.
pub unsafe extern "system" fn CompareObjectHandles(
    hfirstobjecthandle: HANDLE,
    hsecondobjecthandle: HANDLE,
) -> BOOL {
    call_light(0, |w| {
        w.CompareObjectHandles(
            handle_in(hfirstobjecthandle),
            handle_in(hsecondobjecthandle),
        )
    })
}
