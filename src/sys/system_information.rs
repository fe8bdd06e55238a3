//! `Win32::System::SystemInformation`: the machine's page size, granularity and the address
//! range real pointers can reach (the calling process's window).

#![allow(non_snake_case, clippy::missing_safety_doc)]

use windows_sys::Win32::System::SystemInformation::SYSTEM_INFO;

use super::machine::call;
use crate::win32;

/// `GetSystemInfo`: the engine's numbers, with the application address range as pointers
/// (its top clipped to the window).
// SAFETY (caller): Win32's contract for `GetSystemInfo`: `lpsysteminfo` is NULL where the API
// allows it, or valid for what `GetSystemInfo` reads or writes through it.
pub unsafe extern "system" fn GetSystemInfo(lpsysteminfo: *mut SYSTEM_INFO) {
    let mut info = win32::SYSTEM_INFO::default();
    let (min, max) = call((std::ptr::null_mut(), std::ptr::null_mut()), |w, window| {
        w.GetSystemInfo(&mut info);
        let window = window.ensure(w);
        let top = info
            .lpMaximumApplicationAddress
            .min(window.size.saturating_sub(1));
        (
            window.to_ptr(info.lpMinimumApplicationAddress),
            window.to_ptr(top),
        )
    });
    // SAFETY: NULL or writable, as GetSystemInfo requires.
    if let Some(out) = unsafe { lpsysteminfo.as_mut() } {
        let mut si = SYSTEM_INFO::default();
        si.Anonymous.Anonymous.wProcessorArchitecture = info.wProcessorArchitecture;
        si.dwPageSize = info.dwPageSize;
        si.lpMinimumApplicationAddress = min;
        si.lpMaximumApplicationAddress = max;
        si.dwActiveProcessorMask = info.dwActiveProcessorMask as usize;
        si.dwNumberOfProcessors = info.dwNumberOfProcessors;
        si.dwProcessorType = info.dwProcessorType;
        si.dwAllocationGranularity = info.dwAllocationGranularity;
        si.wProcessorLevel = info.wProcessorLevel;
        si.wProcessorRevision = info.wProcessorRevision;
        *out = si;
    }
}
