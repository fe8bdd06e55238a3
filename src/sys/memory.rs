//! `Win32::System::Memory`: sections, views and virtual memory with windows-sys's signatures.
//! Addresses are real pointers into the calling process's host window.

#![allow(non_snake_case, clippy::missing_safety_doc)]

use std::ffi::c_void;

use windows_sys::core::{BOOL, PCSTR, PCWSTR};
use windows_sys::Win32::Foundation::HANDLE;
use windows_sys::Win32::Security::SECURITY_ATTRIBUTES;
use windows_sys::Win32::System::Memory::{
    FILE_MAP, MEMORY_BASIC_INFORMATION, MEMORY_MAPPED_VIEW_ADDRESS, MEM_EXTENDED_PARAMETER,
    PAGE_PROTECTION_FLAGS, UNMAP_VIEW_OF_FILE_FLAGS, VIRTUAL_ALLOCATION_TYPE, VIRTUAL_FREE_TYPE,
};

use super::convert::handle_in;
use super::machine::{call, region_fits, Window};
use super::named::{create_named, open_named, Runner};
use crate::win32::{self, Win32};

/// A view the caller's pointers cannot reach (placed beyond the window) is unmapped again and
/// the call fails with ERROR_NOT_ENOUGH_MEMORY, as for an exhausted address space.
fn view_result(w: &mut Win32<'_>, address: u64, window: Window) -> MEMORY_MAPPED_VIEW_ADDRESS {
    let window = window.ensure(w);
    if address != 0 && !region_fits(w, address, window) {
        w.UnmapViewOfFile(address);
        w.SetLastError(win32::ERROR_NOT_ENOUGH_MEMORY);
        return MEMORY_MAPPED_VIEW_ADDRESS {
            Value: std::ptr::null_mut(),
        };
    }
    MEMORY_MAPPED_VIEW_ADDRESS {
        Value: window.to_ptr(address),
    }
}

const NULL_VIEW: MEMORY_MAPPED_VIEW_ADDRESS = MEMORY_MAPPED_VIEW_ADDRESS {
    Value: std::ptr::null_mut(),
};

/// `CreateFileMappingW`.
// SAFETY (caller): Win32's contract for `CreateFileMappingW`: `lpfilemappingattributes`, `lpname`
// are each NULL where the API allows it, or valid for what `CreateFileMappingW` reads or writes
// through them.
pub unsafe extern "system" fn CreateFileMappingW(
    hfile: HANDLE,
    lpfilemappingattributes: *const SECURITY_ATTRIBUTES,
    flprotect: PAGE_PROTECTION_FLAGS,
    dwmaximumsizehigh: u32,
    dwmaximumsizelow: u32,
    lpname: PCWSTR,
) -> HANDLE {
    // SAFETY: the caller passes NULL or valid pointers, as the Win32 contract requires.
    unsafe {
        create_named(
            Runner::SYNCED,
            lpfilemappingattributes,
            lpname,
            |w, sa, name| {
                w.CreateFileMappingW(
                    handle_in(hfile),
                    sa,
                    flprotect,
                    dwmaximumsizehigh,
                    dwmaximumsizelow,
                    name,
                )
            },
        )
    }
}

/// `CreateFileMappingA`.
// SAFETY (caller): Win32's contract for `CreateFileMappingA`: `lpfilemappingattributes`, `lpname`
// are each NULL where the API allows it, or valid for what `CreateFileMappingA` reads or writes
// through them.
pub unsafe extern "system" fn CreateFileMappingA(
    hfile: HANDLE,
    lpfilemappingattributes: *const SECURITY_ATTRIBUTES,
    flprotect: PAGE_PROTECTION_FLAGS,
    dwmaximumsizehigh: u32,
    dwmaximumsizelow: u32,
    lpname: PCSTR,
) -> HANDLE {
    // SAFETY: as in CreateFileMappingW.
    unsafe {
        create_named(
            Runner::SYNCED,
            lpfilemappingattributes,
            lpname,
            |w, sa, name| {
                w.CreateFileMappingA(
                    handle_in(hfile),
                    sa,
                    flprotect,
                    dwmaximumsizehigh,
                    dwmaximumsizelow,
                    name,
                )
            },
        )
    }
}

/// `CreateFileMapping2`. Extended parameters (NUMA node) change nothing here and are not read.
// SAFETY (caller): Win32's contract for `CreateFileMapping2`: `securityattributes`, `name`,
// `_extendedparameters` are each NULL where the API allows it, or valid for what
// `CreateFileMapping2` reads or writes through them.
pub unsafe extern "system" fn CreateFileMapping2(
    file: HANDLE,
    securityattributes: *const SECURITY_ATTRIBUTES,
    desiredaccess: u32,
    pageprotection: PAGE_PROTECTION_FLAGS,
    allocationattributes: u32,
    maximumsize: u64,
    name: PCWSTR,
    _extendedparameters: *mut MEM_EXTENDED_PARAMETER,
    _parametercount: u32,
) -> HANDLE {
    // SAFETY: as in CreateFileMappingW.
    unsafe {
        create_named(Runner::SYNCED, securityattributes, name, |w, sa, name| {
            w.CreateFileMapping2(
                handle_in(file),
                sa,
                desiredaccess,
                pageprotection,
                allocationattributes,
                maximumsize,
                name,
            )
        })
    }
}

/// `OpenFileMappingW`.
// SAFETY (caller): Win32's contract for `OpenFileMappingW`: `lpname` is NULL where the API allows
// it, or valid for what `OpenFileMappingW` reads or writes through it.
pub unsafe extern "system" fn OpenFileMappingW(
    dwdesiredaccess: u32,
    binherithandle: BOOL,
    lpname: PCWSTR,
) -> HANDLE {
    // SAFETY: as in CreateFileMappingW.
    unsafe {
        open_named(Runner::SYNCED, lpname, |w, name| {
            w.OpenFileMappingW(dwdesiredaccess, binherithandle, name)
        })
    }
}

/// `OpenFileMappingA`.
// SAFETY (caller): Win32's contract for `OpenFileMappingA`: `lpname` is NULL where the API allows
// it, or valid for what `OpenFileMappingA` reads or writes through it.
pub unsafe extern "system" fn OpenFileMappingA(
    dwdesiredaccess: u32,
    binherithandle: BOOL,
    lpname: PCSTR,
) -> HANDLE {
    // SAFETY: as in CreateFileMappingW.
    unsafe {
        open_named(Runner::SYNCED, lpname, |w, name| {
            w.OpenFileMappingA(dwdesiredaccess, binherithandle, name)
        })
    }
}

/// `MapViewOfFile`: a real pointer to the view.
// SAFETY (caller): none; `MapViewOfFile` dereferences no argument. It is `unsafe` only because
// windows-sys declares it so, and code written against windows-sys calls it that way.
pub unsafe extern "system" fn MapViewOfFile(
    hfilemappingobject: HANDLE,
    dwdesiredaccess: FILE_MAP,
    dwfileoffsethigh: u32,
    dwfileoffsetlow: u32,
    dwnumberofbytestomap: usize,
) -> MEMORY_MAPPED_VIEW_ADDRESS {
    call(NULL_VIEW, |w, window| {
        let a = w.MapViewOfFile(
            handle_in(hfilemappingobject),
            dwdesiredaccess,
            dwfileoffsethigh,
            dwfileoffsetlow,
            dwnumberofbytestomap as u64,
        );
        view_result(w, a, window)
    })
}

/// `MapViewOfFileEx`: `lpbaseaddress` is a pointer into the calling process's window.
// SAFETY (caller): Win32's contract for `MapViewOfFileEx`: `lpbaseaddress` is NULL where the API
// allows it, or valid for what `MapViewOfFileEx` reads or writes through it.
pub unsafe extern "system" fn MapViewOfFileEx(
    hfilemappingobject: HANDLE,
    dwdesiredaccess: FILE_MAP,
    dwfileoffsethigh: u32,
    dwfileoffsetlow: u32,
    dwnumberofbytestomap: usize,
    lpbaseaddress: *const c_void,
) -> MEMORY_MAPPED_VIEW_ADDRESS {
    call(NULL_VIEW, |w, window| {
        let a = w.MapViewOfFileEx(
            handle_in(hfilemappingobject),
            dwdesiredaccess,
            dwfileoffsethigh,
            dwfileoffsetlow,
            dwnumberofbytestomap as u64,
            window.to_sim(lpbaseaddress),
        );
        view_result(w, a, window)
    })
}

/// `MapViewOfFile3`. Only the calling process (`GetCurrentProcess()`) gets a pointer it can
/// use; a view mapped into another process answers with that process's simulated address
/// translated through the caller's window. Extended parameters are not read.
// SAFETY (caller): Win32's contract for `MapViewOfFile3`: `baseaddress`, `_extendedparameters` are
// each NULL where the API allows it, or valid for what `MapViewOfFile3` reads or writes through
// them.
pub unsafe extern "system" fn MapViewOfFile3(
    filemapping: HANDLE,
    process: HANDLE,
    baseaddress: *const c_void,
    offset: u64,
    viewsize: usize,
    allocationtype: VIRTUAL_ALLOCATION_TYPE,
    pageprotection: u32,
    _extendedparameters: *mut MEM_EXTENDED_PARAMETER,
    _parametercount: u32,
) -> MEMORY_MAPPED_VIEW_ADDRESS {
    call(NULL_VIEW, |w, window| {
        let a = w.MapViewOfFile3(
            handle_in(filemapping),
            handle_in(process),
            window.to_sim(baseaddress),
            offset,
            viewsize as u64,
            allocationtype,
            pageprotection,
        );
        if handle_in(process) == -1 {
            view_result(w, a, window)
        } else {
            MEMORY_MAPPED_VIEW_ADDRESS {
                Value: window.ensure(w).to_ptr(a),
            }
        }
    })
}

/// `UnmapViewOfFile`.
// SAFETY (caller): none; `UnmapViewOfFile` dereferences no argument. It is `unsafe` only because
// windows-sys declares it so, and code written against windows-sys calls it that way.
pub unsafe extern "system" fn UnmapViewOfFile(lpbaseaddress: MEMORY_MAPPED_VIEW_ADDRESS) -> BOOL {
    call(0, |w, window| {
        w.UnmapViewOfFile(window.to_sim(lpbaseaddress.Value))
    })
}

/// `UnmapViewOfFileEx`.
// SAFETY (caller): none; `UnmapViewOfFileEx` dereferences no argument. It is `unsafe` only because
// windows-sys declares it so, and code written against windows-sys calls it that way.
pub unsafe extern "system" fn UnmapViewOfFileEx(
    baseaddress: MEMORY_MAPPED_VIEW_ADDRESS,
    unmapflags: UNMAP_VIEW_OF_FILE_FLAGS,
) -> BOOL {
    call(0, |w, window| {
        w.UnmapViewOfFileEx(window.to_sim(baseaddress.Value), unmapflags)
    })
}

/// `FlushViewOfFile`: what raw stores put in a file view's pages reaches the disk image.
// SAFETY (caller): Win32's contract for `FlushViewOfFile`: `lpbaseaddress` is NULL where the API
// allows it, or valid for what `FlushViewOfFile` reads or writes through it.
pub unsafe extern "system" fn FlushViewOfFile(
    lpbaseaddress: *const c_void,
    dwnumberofbytestoflush: usize,
) -> BOOL {
    call(0, |w, window| {
        w.FlushViewOfFile(window.to_sim(lpbaseaddress), dwnumberofbytestoflush as u64)
    })
}

/// `VirtualQuery`: the engine's description of the page's region, addresses as pointers.
// SAFETY (caller): Win32's contract for `VirtualQuery`: `lpaddress`, `lpbuffer` are each NULL where
// the API allows it, or valid for what `VirtualQuery` reads or writes through them.
pub unsafe extern "system" fn VirtualQuery(
    lpaddress: *const c_void,
    lpbuffer: *mut MEMORY_BASIC_INFORMATION,
    dwlength: usize,
) -> usize {
    // SAFETY: the caller passes NULL or a writable buffer, as VirtualQuery requires; the
    // length check below keeps a short buffer from being written.
    let out = unsafe { lpbuffer.as_mut() };
    let has_buffer = out.is_some();
    let mut info = win32::MEMORY_BASIC_INFORMATION::default();
    let n = call(0, |w, window| {
        let n = w.VirtualQuery(
            window.to_sim(lpaddress),
            has_buffer.then_some(&mut info),
            dwlength.min(std::mem::size_of::<MEMORY_BASIC_INFORMATION>()) as u64,
        );
        let window = window.ensure(w);
        info.BaseAddress = window.to_ptr(info.BaseAddress) as u64;
        info.AllocationBase = window.to_ptr(info.AllocationBase) as u64;
        n
    });
    if let (Some(out), true) = (out, n != 0) {
        *out = MEMORY_BASIC_INFORMATION {
            BaseAddress: info.BaseAddress as *mut c_void,
            AllocationBase: info.AllocationBase as *mut c_void,
            AllocationProtect: info.AllocationProtect,
            PartitionId: info.PartitionId,
            RegionSize: info.RegionSize as usize,
            State: info.State,
            Protect: info.Protect,
            Type: info.Type,
        };
    }
    if n == 0 {
        0
    } else {
        std::mem::size_of::<MEMORY_BASIC_INFORMATION>()
    }
}

/// `VirtualProtect`: the engine's rules decide, and the host pages follow (mprotect).
// SAFETY (caller): Win32's contract for `VirtualProtect`: `lpaddress`, `lpfloldprotect` are each
// NULL where the API allows it, or valid for what `VirtualProtect` reads or writes through them.
pub unsafe extern "system" fn VirtualProtect(
    lpaddress: *const c_void,
    dwsize: usize,
    flnewprotect: PAGE_PROTECTION_FLAGS,
    lpfloldprotect: *mut PAGE_PROTECTION_FLAGS,
) -> BOOL {
    // SAFETY: NULL or writable, as VirtualProtect requires.
    let old_out = unsafe { lpfloldprotect.as_mut() };
    call(0, |w, window| {
        w.VirtualProtect(
            window.to_sim(lpaddress),
            dwsize as u64,
            flnewprotect,
            old_out,
        )
    })
}

/// `VirtualAlloc`: reserves and commits private memory, or commits pages of a SEC_RESERVE
/// view (catalog F16); the returned pointer is real.
// SAFETY (caller): Win32's contract for `VirtualAlloc`: `lpaddress` is NULL where the API allows
// it, or valid for what `VirtualAlloc` reads or writes through it.
pub unsafe extern "system" fn VirtualAlloc(
    lpaddress: *const c_void,
    dwsize: usize,
    flallocationtype: VIRTUAL_ALLOCATION_TYPE,
    flprotect: PAGE_PROTECTION_FLAGS,
) -> *mut c_void {
    call(std::ptr::null_mut(), |w, window| {
        let requested = window.to_sim(lpaddress);
        let a = w.VirtualAlloc(requested, dwsize as u64, flallocationtype, flprotect);
        let window = window.ensure(w);
        if a != 0 && requested == 0 && !region_fits(w, a, window) {
            w.VirtualFree(a, 0, win32::MEM_RELEASE);
            w.SetLastError(win32::ERROR_NOT_ENOUGH_MEMORY);
            return std::ptr::null_mut();
        }
        window.to_ptr(a)
    })
}

/// `VirtualFree`.
// SAFETY (caller): Win32's contract for `VirtualFree`: `lpaddress` is NULL where the API allows it,
// or valid for what `VirtualFree` reads or writes through it.
pub unsafe extern "system" fn VirtualFree(
    lpaddress: *mut c_void,
    dwsize: usize,
    dwfreetype: VIRTUAL_FREE_TYPE,
) -> BOOL {
    call(0, |w, window| {
        w.VirtualFree(window.to_sim(lpaddress), dwsize as u64, dwfreetype)
    })
}

/// `VirtualLock`.
// SAFETY (caller): Win32's contract for `VirtualLock`: `lpaddress` is NULL where the API allows it,
// or valid for what `VirtualLock` reads or writes through it.
pub unsafe extern "system" fn VirtualLock(lpaddress: *const c_void, dwsize: usize) -> BOOL {
    call(0, |w, window| {
        w.VirtualLock(window.to_sim(lpaddress), dwsize as u64)
    })
}

/// `VirtualUnlock`.
// SAFETY (caller): Win32's contract for `VirtualUnlock`: `lpaddress` is NULL where the API allows
// it, or valid for what `VirtualUnlock` reads or writes through it.
pub unsafe extern "system" fn VirtualUnlock(lpaddress: *const c_void, dwsize: usize) -> BOOL {
    call(0, |w, window| {
        w.VirtualUnlock(window.to_sim(lpaddress), dwsize as u64)
    })
}

/// `CreateFileMappingNumaW` (the preferred node changes nothing here).
// SAFETY (caller): Win32's contract for `CreateFileMappingNumaW`: `lpfilemappingattributes`,
// `lpname` are each NULL where the API allows it, or valid for what `CreateFileMappingNumaW` reads
// or writes through them.
pub unsafe extern "system" fn CreateFileMappingNumaW(
    hfile: HANDLE,
    lpfilemappingattributes: *const SECURITY_ATTRIBUTES,
    flprotect: PAGE_PROTECTION_FLAGS,
    dwmaximumsizehigh: u32,
    dwmaximumsizelow: u32,
    lpname: PCWSTR,
    nndpreferred: u32,
) -> HANDLE {
    // SAFETY: as in CreateFileMappingW.
    unsafe {
        create_named(
            Runner::SYNCED,
            lpfilemappingattributes,
            lpname,
            |w, sa, name| {
                w.CreateFileMappingNumaW(
                    handle_in(hfile),
                    sa,
                    flprotect,
                    dwmaximumsizehigh,
                    dwmaximumsizelow,
                    name,
                    nndpreferred,
                )
            },
        )
    }
}

/// `CreateFileMappingFromApp`.
// SAFETY (caller): Win32's contract for `CreateFileMappingFromApp`: `securityattributes`, `name`
// are each NULL where the API allows it, or valid for what `CreateFileMappingFromApp` reads or
// writes through them.
pub unsafe extern "system" fn CreateFileMappingFromApp(
    hfile: HANDLE,
    securityattributes: *const SECURITY_ATTRIBUTES,
    pageprotection: PAGE_PROTECTION_FLAGS,
    maximumsize: u64,
    name: PCWSTR,
) -> HANDLE {
    // SAFETY: as in CreateFileMappingW.
    unsafe {
        create_named(Runner::SYNCED, securityattributes, name, |w, sa, name| {
            w.CreateFileMappingFromApp(handle_in(hfile), sa, pageprotection, maximumsize, name)
        })
    }
}

/// `MapViewOfFileFromApp`.
// SAFETY (caller): none; `MapViewOfFileFromApp` dereferences no argument. It is `unsafe` only
// because windows-sys declares it so, and code written against windows-sys calls it that way.
pub unsafe extern "system" fn MapViewOfFileFromApp(
    hfilemappingobject: HANDLE,
    desiredaccess: FILE_MAP,
    fileoffset: u64,
    numberofbytestomap: usize,
) -> MEMORY_MAPPED_VIEW_ADDRESS {
    call(NULL_VIEW, |w, window| {
        let a = w.MapViewOfFileFromApp(
            handle_in(hfilemappingobject),
            desiredaccess,
            fileoffset,
            numberofbytestomap as u64,
        );
        view_result(w, a, window)
    })
}

/// `UnmapViewOfFile2` (the address is translated through the caller's window).
// SAFETY (caller): none; `UnmapViewOfFile2` dereferences no argument. It is `unsafe` only because
// windows-sys declares it so, and code written against windows-sys calls it that way.
pub unsafe extern "system" fn UnmapViewOfFile2(
    process: HANDLE,
    baseaddress: MEMORY_MAPPED_VIEW_ADDRESS,
    unmapflags: UNMAP_VIEW_OF_FILE_FLAGS,
) -> BOOL {
    call(0, |w, window| {
        w.UnmapViewOfFile2(
            handle_in(process),
            window.to_sim(baseaddress.Value),
            unmapflags,
        )
    })
}

/// `GetLargePageMinimum`.
// SAFETY (caller): none; `GetLargePageMinimum` dereferences no argument. It is `unsafe` only
// because windows-sys declares it so, and code written against windows-sys calls it that way.
pub unsafe extern "system" fn GetLargePageMinimum() -> usize {
    super::machine::call_plain(0, |w| w.GetLargePageMinimum() as usize)
}
