//! `Win32::Storage::FileSystem`: files of the simulated volumes, with windows-sys's
//! signatures. A buffer may be a view (real memory): ReadFile stores into it, WriteFile reads
//! from it, as on Windows.

#![allow(non_snake_case, clippy::missing_safety_doc)]

use windows_sys::core::{BOOL, PCSTR, PCWSTR};
use windows_sys::Win32::Foundation::HANDLE;
use windows_sys::Win32::Security::SECURITY_ATTRIBUTES;
use windows_sys::Win32::Storage::FileSystem::{
    FILE_CREATION_DISPOSITION, FILE_FLAGS_AND_ATTRIBUTES, FILE_INFO_BY_HANDLE_CLASS,
    FILE_SHARE_MODE, LOCK_FILE_FLAGS, SET_FILE_POINTER_MOVE_METHOD,
};
use windows_sys::Win32::System::IO::OVERLAPPED;

use super::convert::{ansi, handle_in, put, security, wide};
use super::machine::{call, call_light};
use super::named::{create_named, Runner};
use crate::win32::{self, Win32};

/// The file offset an OVERLAPPED carries (`Offset`, `OffsetHigh`), if one is given.
///
/// # Safety
/// `o` is NULL or points to a readable OVERLAPPED.
// SAFETY (caller): the `# Safety` contract above; the body reads the pointers only under it.
unsafe fn overlapped_offset(o: *const OVERLAPPED) -> Option<u64> {
    // SAFETY: the caller guarantees NULL or valid; reading the offset variant of the union is
    // what the API defines for file handles.
    let o = unsafe { o.as_ref() }?;
    // SAFETY: both union variants are plain integers; any bit pattern is valid.
    let s = unsafe { o.Anonymous.Anonymous };
    Some(win32::dword_pair(s.OffsetHigh, s.Offset))
}

/// A synchronous handle given an OVERLAPPED reads or writes at its offset (ReadFile doc,
/// "Synchronization and File Position"): the file pointer moves there first.
fn seek_to(w: &mut Win32<'_>, h: win32::HANDLE, offset: Option<u64>) -> bool {
    match offset {
        None => true,
        Some(o) => w.SetFilePointerEx(h, o as i64, None, win32::FILE_BEGIN) != 0,
    }
}

/// `CreateFileW`.
// SAFETY (caller): Win32's contract for `CreateFileW`: `lpfilename`, `lpsecurityattributes` are
// each NULL where the API allows it, or valid for what `CreateFileW` reads or writes through them.
pub unsafe extern "system" fn CreateFileW(
    lpfilename: PCWSTR,
    dwdesiredaccess: u32,
    dwsharemode: FILE_SHARE_MODE,
    lpsecurityattributes: *const SECURITY_ATTRIBUTES,
    dwcreationdisposition: FILE_CREATION_DISPOSITION,
    dwflagsandattributes: FILE_FLAGS_AND_ATTRIBUTES,
    htemplatefile: HANDLE,
) -> HANDLE {
    // SAFETY: NULL or valid pointers, as CreateFileW requires.
    unsafe {
        create_named(
            Runner::FILE,
            lpsecurityattributes,
            lpfilename,
            |w, sa, name| {
                w.CreateFileW(
                    name,
                    dwdesiredaccess,
                    dwsharemode,
                    sa,
                    dwcreationdisposition,
                    dwflagsandattributes,
                    handle_in(htemplatefile),
                )
            },
        )
    }
}

/// `ReadFile` (synchronous; an OVERLAPPED gives the offset).
// SAFETY (caller): Win32's contract for `ReadFile`: `lpbuffer`, `lpnumberofbytesread`,
// `lpoverlapped` are each NULL where the API allows it, or valid for what `ReadFile` reads or
// writes through them.
pub unsafe extern "system" fn ReadFile(
    hfile: HANDLE,
    lpbuffer: *mut u8,
    nnumberofbytestoread: u32,
    lpnumberofbytesread: *mut u32,
    lpoverlapped: *mut OVERLAPPED,
) -> BOOL {
    // NULL is an empty buffer.
    let buffer: &mut [u8] = if lpbuffer.is_null() {
        &mut []
    } else {
        // SAFETY: the caller guarantees `lpbuffer` is writable for `nnumberofbytestoread`
        // bytes (ReadFile's contract), and it is not NULL here.
        unsafe { std::slice::from_raw_parts_mut(lpbuffer, nnumberofbytestoread as usize) }
    };
    // SAFETY: NULL or valid, as ReadFile requires.
    let offset = unsafe { overlapped_offset(lpoverlapped) };
    let mut read = 0u32;
    let ok = call_light(0, |w| {
        let h = handle_in(hfile);
        if !seek_to(w, h, offset) {
            return 0;
        }
        w.ReadFile(h, buffer, nnumberofbytestoread, Some(&mut read))
    });
    // SAFETY: NULL or writable, as ReadFile requires.
    unsafe { put(lpnumberofbytesread, read) };
    ok
}

/// `WriteFile` (synchronous; an OVERLAPPED gives the offset).
// SAFETY (caller): Win32's contract for `WriteFile`: `lpbuffer`, `lpnumberofbyteswritten`,
// `lpoverlapped` are each NULL where the API allows it, or valid for what `WriteFile` reads or
// writes through them.
pub unsafe extern "system" fn WriteFile(
    hfile: HANDLE,
    lpbuffer: *const u8,
    nnumberofbytestowrite: u32,
    lpnumberofbyteswritten: *mut u32,
    lpoverlapped: *mut OVERLAPPED,
) -> BOOL {
    // The bytes are copied before the engine runs, so a buffer inside a view of the same file
    // reads as it was when the call began. NULL is an empty buffer.
    let data: Vec<u8> = if lpbuffer.is_null() {
        Vec::new()
    } else {
        // SAFETY: the caller guarantees `lpbuffer` is readable for `nnumberofbytestowrite`
        // bytes (WriteFile's contract), and it is not NULL here.
        unsafe { std::slice::from_raw_parts(lpbuffer, nnumberofbytestowrite as usize) }.to_vec()
    };
    // SAFETY: NULL or valid, as WriteFile requires.
    let offset = unsafe { overlapped_offset(lpoverlapped) };
    let mut written = 0u32;
    let ok = call_light(0, |w| {
        let h = handle_in(hfile);
        if !seek_to(w, h, offset) {
            return 0;
        }
        w.WriteFile(h, &data, nnumberofbytestowrite, Some(&mut written))
    });
    // SAFETY: NULL or writable, as WriteFile requires.
    unsafe { put(lpnumberofbyteswritten, written) };
    ok
}

/// `SetFilePointerEx`.
// SAFETY (caller): Win32's contract for `SetFilePointerEx`: `lpnewfilepointer` is NULL where the
// API allows it, or valid for what `SetFilePointerEx` reads or writes through it.
pub unsafe extern "system" fn SetFilePointerEx(
    hfile: HANDLE,
    lidistancetomove: i64,
    lpnewfilepointer: *mut i64,
    dwmovemethod: SET_FILE_POINTER_MOVE_METHOD,
) -> BOOL {
    // SAFETY: NULL or writable, as SetFilePointerEx requires.
    let out = unsafe { lpnewfilepointer.as_mut() };
    call_light(0, |w| {
        w.SetFilePointerEx(handle_in(hfile), lidistancetomove, out, dwmovemethod)
    })
}

/// `SetEndOfFile`: fails with ERROR_USER_MAPPED_FILE below a mapped section (catalog D5).
// SAFETY (caller): none; `SetEndOfFile` dereferences no argument. It is `unsafe` only because
// windows-sys declares it so, and code written against windows-sys calls it that way.
pub unsafe extern "system" fn SetEndOfFile(hfile: HANDLE) -> BOOL {
    call(0, |w, _| w.SetEndOfFile(handle_in(hfile)))
}

/// `GetFileSizeEx`.
// SAFETY (caller): Win32's contract for `GetFileSizeEx`: `lpfilesize` is NULL where the API allows
// it, or valid for what `GetFileSizeEx` reads or writes through it.
pub unsafe extern "system" fn GetFileSizeEx(hfile: HANDLE, lpfilesize: *mut i64) -> BOOL {
    let mut size = 0i64;
    let ok = call_light(0, |w| w.GetFileSizeEx(handle_in(hfile), &mut size));
    if ok != 0 {
        // SAFETY: writable, as GetFileSizeEx requires (NULL is tolerated).
        unsafe { put(lpfilesize, size) };
    }
    ok
}

/// `FlushFileBuffers`.
// SAFETY (caller): none; `FlushFileBuffers` dereferences no argument. It is `unsafe` only because
// windows-sys declares it so, and code written against windows-sys calls it that way.
pub unsafe extern "system" fn FlushFileBuffers(hfile: HANDLE) -> BOOL {
    call(0, |w, _| w.FlushFileBuffers(handle_in(hfile)))
}

/// `DeleteFileW`.
// SAFETY (caller): Win32's contract for `DeleteFileW`: `lpfilename` is NULL where the API allows
// it, or valid for what `DeleteFileW` reads or writes through it.
pub unsafe extern "system" fn DeleteFileW(lpfilename: PCWSTR) -> BOOL {
    // SAFETY: NULL or a valid string, as DeleteFileW requires.
    let name = unsafe { wide(lpfilename) };
    call(0, |w, _| w.DeleteFileW(name.as_deref()))
}

/// `LockFileEx` (synchronous: the range starts at the OVERLAPPED's offset; without one, 0).
// SAFETY (caller): Win32's contract for `LockFileEx`: `lpoverlapped` is NULL where the API allows
// it, or valid for what `LockFileEx` reads or writes through it.
pub unsafe extern "system" fn LockFileEx(
    hfile: HANDLE,
    dwflags: LOCK_FILE_FLAGS,
    dwreserved: u32,
    nnumberofbytestolocklow: u32,
    nnumberofbytestolockhigh: u32,
    lpoverlapped: *mut OVERLAPPED,
) -> BOOL {
    // SAFETY: NULL or valid, as LockFileEx requires.
    let offset = unsafe { overlapped_offset(lpoverlapped) }.unwrap_or(0);
    call_light(0, |w| {
        w.LockFileEx(
            handle_in(hfile),
            dwflags,
            dwreserved,
            nnumberofbytestolocklow,
            nnumberofbytestolockhigh,
            offset,
        )
    })
}

/// A `T` at `p`, if the `size` bytes there hold one (`T` is a plain integer: any bits are valid).
///
/// # Safety
/// `p` is NULL or points to `size` readable bytes.
// SAFETY (caller): the `# Safety` contract above; the body reads the pointers only under it.
unsafe fn read_field<T: Copy>(p: *const core::ffi::c_void, size: u32) -> Option<T> {
    if p.is_null() || (size as usize) < core::mem::size_of::<T>() {
        return None;
    }
    // SAFETY: the caller guarantees `size` readable bytes at `p`, which cover a `T`; read
    // unaligned, since a C caller need not align a byte buffer.
    Some(unsafe { p.cast::<T>().read_unaligned() })
}

/// `SetFileInformationByHandle` for FileEndOfFileInfo, FileAllocationInfo, FileDispositionInfo
/// and FileDispositionInfoEx (`io/file_information.rs`). The structure is read only when the
/// buffer is as large as the class's structure (else the call fails with ERROR_BAD_LENGTH
/// before looking at it); a NULL buffer of that size is ERROR_NOACCESS (STATUS_ACCESS_VIOLATION).
// SAFETY (caller): Win32's contract for `SetFileInformationByHandle`: `lpfileinformation` is NULL
// where the API allows it, or valid for what `SetFileInformationByHandle` reads or writes through
// it.
pub unsafe extern "system" fn SetFileInformationByHandle(
    hfile: HANDLE,
    fileinformationclass: FILE_INFO_BY_HANDLE_CLASS,
    lpfileinformation: *const core::ffi::c_void,
    dwbuffersize: u32,
) -> BOOL {
    use win32::FILE_INFO;
    let class = fileinformationclass as u32;
    let (p, n) = (lpfileinformation, dwbuffersize);
    // SAFETY: the caller passes `dwbuffersize` readable bytes at `lpfileinformation` (or NULL),
    // as SetFileInformationByHandle requires.
    let info = unsafe {
        match class {
            win32::FileEndOfFileInfo => read_field::<i64>(p, n).map(FILE_INFO::EndOfFile),
            win32::FileAllocationInfo => read_field::<i64>(p, n).map(FILE_INFO::Allocation),
            win32::FileDispositionInfo => {
                read_field::<u8>(p, n).map(|b| FILE_INFO::Disposition(win32::BOOL::from(b)))
            }
            win32::FileDispositionInfoEx => read_field::<u32>(p, n).map(FILE_INFO::DispositionEx),
            _ => None,
        }
    };
    let null_but_sized = lpfileinformation.is_null()
        && info.is_none()
        && dwbuffersize >= win32::file_info_size(class).unwrap_or(u32::MAX);
    call_light(0, |w| {
        if null_but_sized {
            w.SetLastError(win32::ERROR_NOACCESS);
            return 0;
        }
        // Without a readable structure the facade still answers the class and size checks.
        let info = info.unwrap_or(FILE_INFO::EndOfFile(0));
        let size = if lpfileinformation.is_null() {
            0
        } else {
            dwbuffersize
        };
        w.SetFileInformationByHandle(handle_in(hfile), class, &info, size)
    })
}

/// `UnlockFileEx`.
// SAFETY (caller): Win32's contract for `UnlockFileEx`: `lpoverlapped` is NULL where the API allows
// it, or valid for what `UnlockFileEx` reads or writes through it.
pub unsafe extern "system" fn UnlockFileEx(
    hfile: HANDLE,
    dwreserved: u32,
    nnumberofbytestounlocklow: u32,
    nnumberofbytestounlockhigh: u32,
    lpoverlapped: *mut OVERLAPPED,
) -> BOOL {
    // SAFETY: NULL or valid, as UnlockFileEx requires.
    let offset = unsafe { overlapped_offset(lpoverlapped) }.unwrap_or(0);
    call_light(0, |w| {
        w.UnlockFileEx(
            handle_in(hfile),
            dwreserved,
            nnumberofbytestounlocklow,
            nnumberofbytestounlockhigh,
            offset,
        )
    })
}

/// `CreateFileA`.
// SAFETY (caller): Win32's contract for `CreateFileA`: `lpfilename`, `lpsecurityattributes` are
// each NULL where the API allows it, or valid for what `CreateFileA` reads or writes through them.
pub unsafe extern "system" fn CreateFileA(
    lpfilename: PCSTR,
    dwdesiredaccess: u32,
    dwsharemode: FILE_SHARE_MODE,
    lpsecurityattributes: *const SECURITY_ATTRIBUTES,
    dwcreationdisposition: FILE_CREATION_DISPOSITION,
    dwflagsandattributes: FILE_FLAGS_AND_ATTRIBUTES,
    htemplatefile: HANDLE,
) -> HANDLE {
    // SAFETY: NULL or valid pointers, as CreateFileA requires.
    unsafe {
        create_named(
            Runner::FILE,
            lpsecurityattributes,
            lpfilename,
            |w, sa, name| {
                w.CreateFileA(
                    name,
                    dwdesiredaccess,
                    dwsharemode,
                    sa,
                    dwcreationdisposition,
                    dwflagsandattributes,
                    handle_in(htemplatefile),
                )
            },
        )
    }
}

/// `DeleteFileA`.
// SAFETY (caller): Win32's contract for `DeleteFileA`: `lpfilename` is NULL where the API allows
// it, or valid for what `DeleteFileA` reads or writes through it.
pub unsafe extern "system" fn DeleteFileA(lpfilename: PCSTR) -> BOOL {
    // SAFETY: NULL or a valid string, as DeleteFileA requires.
    let name = unsafe { ansi(lpfilename) };
    call(0, |w, _| w.DeleteFileA(name.as_deref()))
}

/// `SetFilePointer`.
// SAFETY (caller): Win32's contract for `SetFilePointer`: `lpdistancetomovehigh` is NULL where the
// API allows it, or valid for what `SetFilePointer` reads or writes through it.
pub unsafe extern "system" fn SetFilePointer(
    hfile: HANDLE,
    ldistancetomove: i32,
    lpdistancetomovehigh: *mut i32,
    dwmovemethod: SET_FILE_POINTER_MOVE_METHOD,
) -> u32 {
    // SAFETY: NULL or readable and writable, as SetFilePointer requires.
    let high = unsafe { lpdistancetomovehigh.as_mut() };
    call_light(u32::MAX, |w| {
        w.SetFilePointer(handle_in(hfile), ldistancetomove, high, dwmovemethod)
    })
}

/// `GetFileSize`.
// SAFETY (caller): Win32's contract for `GetFileSize`: `lpfilesizehigh` is NULL where the API
// allows it, or valid for what `GetFileSize` reads or writes through it.
pub unsafe extern "system" fn GetFileSize(hfile: HANDLE, lpfilesizehigh: *mut u32) -> u32 {
    // SAFETY: NULL or writable, as GetFileSize requires.
    let high = unsafe { lpfilesizehigh.as_mut() };
    call_light(u32::MAX, |w| w.GetFileSize(handle_in(hfile), high))
}

/// `LockFile`.
// SAFETY (caller): none; `LockFile` dereferences no argument. It is `unsafe` only because windows-
// sys declares it so, and code written against windows-sys calls it that way.
pub unsafe extern "system" fn LockFile(
    hfile: HANDLE,
    dwfileoffsetlow: u32,
    dwfileoffsethigh: u32,
    nnumberofbytestolocklow: u32,
    nnumberofbytestolockhigh: u32,
) -> BOOL {
    call_light(0, |w| {
        w.LockFile(
            handle_in(hfile),
            dwfileoffsetlow,
            dwfileoffsethigh,
            nnumberofbytestolocklow,
            nnumberofbytestolockhigh,
        )
    })
}

/// `UnlockFile`.
// SAFETY (caller): none; `UnlockFile` dereferences no argument. It is `unsafe` only because
// windows-sys declares it so, and code written against windows-sys calls it that way.
pub unsafe extern "system" fn UnlockFile(
    hfile: HANDLE,
    dwfileoffsetlow: u32,
    dwfileoffsethigh: u32,
    nnumberofbytestounlocklow: u32,
    nnumberofbytestounlockhigh: u32,
) -> BOOL {
    call_light(0, |w| {
        w.UnlockFile(
            handle_in(hfile),
            dwfileoffsetlow,
            dwfileoffsethigh,
            nnumberofbytestounlocklow,
            nnumberofbytestounlockhigh,
        )
    })
}

/// `MoveFileW`.
// SAFETY (caller): Win32's contract for `MoveFileW`: `lpexistingfilename`, `lpnewfilename` are each
// NULL where the API allows it, or valid for what `MoveFileW` reads or writes through them.
pub unsafe extern "system" fn MoveFileW(lpexistingfilename: PCWSTR, lpnewfilename: PCWSTR) -> BOOL {
    // SAFETY: NULL or valid strings, as MoveFileW requires.
    let (from, to) = unsafe { (wide(lpexistingfilename), wide(lpnewfilename)) };
    call(0, |w, _| w.MoveFileW(from.as_deref(), to.as_deref()))
}

/// `CreateDirectoryW`.
// SAFETY (caller): Win32's contract for `CreateDirectoryW`: `lppathname`, `lpsecurityattributes`
// are each NULL where the API allows it, or valid for what `CreateDirectoryW` reads or writes
// through them.
pub unsafe extern "system" fn CreateDirectoryW(
    lppathname: PCWSTR,
    lpsecurityattributes: *const SECURITY_ATTRIBUTES,
) -> BOOL {
    // SAFETY: NULL or valid pointers, as CreateDirectoryW requires.
    let (path, sa) = unsafe { (wide(lppathname), security(lpsecurityattributes)) };
    call(0, |w, _| w.CreateDirectoryW(path.as_deref(), sa.as_ref()))
}
