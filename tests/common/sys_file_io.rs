//! Shared test fixtures for the `winsection::sys` file tests (`sys_files`, `sys_mirror`):
//! C strings, CreateFileW for read/write, ReadFile/WriteFile at an offset, the file size and
//! a file-backed section. Each asserts the call succeeded, so a test reads as its scenario.
//! Included with `#[path]` (not through `common/mod.rs`) so only the `sys` tests build it.

#![allow(dead_code)]

use winsection::sys;
use winsection::sys::Win32::Foundation::*;
use winsection::sys::Win32::Storage::FileSystem::*;
use winsection::sys::Win32::System::Memory::*;

/// Asserts every invariant of the thread's machine holds (`System::check()`).
pub fn check() {
    sys::with_system(|s| s.check())
        .expect("the machine is not busy")
        .unwrap_or_else(|e| panic!("check: {e}"));
}

/// A NUL-terminated UTF-16 copy of `s`.
pub fn wide(s: &str) -> Vec<u16> {
    s.encode_utf16().chain(Some(0)).collect()
}

/// Creates (or truncates) `path` for reading and writing, shared both ways.
// SAFETY: callers run inside the sys harness and pass handles and pointers it returned (the Win32 contract of the calls inside).
pub unsafe fn create(path: &str) -> HANDLE {
    let p = wide(path);
    // SAFETY: winsection::sys calls with live handles, NULL, or pointers to locals and to views this test mapped and still holds.
    let h = unsafe {
        CreateFileW(
            p.as_ptr(),
            GENERIC_READ | GENERIC_WRITE,
            FILE_SHARE_READ | FILE_SHARE_WRITE,
            std::ptr::null(),
            CREATE_ALWAYS,
            FILE_ATTRIBUTE_NORMAL,
            std::ptr::null_mut(),
        )
    };
    // SAFETY: winsection::sys calls with live handles, NULL, or pointers to locals and to views this test mapped and still holds.
    assert_ne!(h, INVALID_HANDLE_VALUE, "CreateFileW: {}", unsafe {
        GetLastError()
    });
    h
}

/// Moves the file pointer to `to`.
// SAFETY: callers run inside the sys harness and pass handles and pointers it returned (the Win32 contract of the calls inside).
pub unsafe fn seek(h: HANDLE, to: i64) {
    assert_ne!(
        // SAFETY: winsection::sys calls with live handles, NULL, or pointers to locals and to views this test mapped and still holds.
        unsafe { SetFilePointerEx(h, to, std::ptr::null_mut(), FILE_BEGIN) },
        0
    );
}

/// Writes all of `data` at offset `at`.
// SAFETY: callers run inside the sys harness and pass handles and pointers it returned (the Win32 contract of the calls inside).
pub unsafe fn write_at(h: HANDLE, at: i64, data: &[u8]) {
    // SAFETY: winsection::sys calls with live handles, NULL, or pointers to locals and to views this test mapped and still holds.
    unsafe { seek(h, at) };
    let mut n = 0;
    // SAFETY: winsection::sys calls with live handles, NULL, or pointers to locals and to views this test mapped and still holds.
    let ok = unsafe {
        WriteFile(
            h,
            data.as_ptr(),
            data.len() as u32,
            &mut n,
            std::ptr::null_mut(),
        )
    };
    assert_ne!(ok, 0);
    assert_eq!(n as usize, data.len());
}

/// Reads up to `len` bytes at offset `at` (fewer at the end of the file).
// SAFETY: callers run inside the sys harness and pass handles and pointers it returned (the Win32 contract of the calls inside).
pub unsafe fn read_at(h: HANDLE, at: i64, len: usize) -> Vec<u8> {
    // SAFETY: winsection::sys calls with live handles, NULL, or pointers to locals and to views this test mapped and still holds.
    unsafe { seek(h, at) };
    let mut buf = vec![0u8; len];
    let mut n = 0;
    // SAFETY: winsection::sys calls with live handles, NULL, or pointers to locals and to views this test mapped and still holds.
    let ok = unsafe {
        ReadFile(
            h,
            buf.as_mut_ptr(),
            len as u32,
            &mut n,
            std::ptr::null_mut(),
        )
    };
    assert_ne!(ok, 0);
    buf.truncate(n as usize);
    buf
}

/// The file's size.
// SAFETY: callers run inside the sys harness and pass handles and pointers it returned (the Win32 contract of the calls inside).
pub unsafe fn size(h: HANDLE) -> i64 {
    let mut s = 0;
    // SAFETY: winsection::sys calls with live handles, NULL, or pointers to locals and to views this test mapped and still holds.
    assert_ne!(unsafe { GetFileSizeEx(h, &mut s) }, 0);
    s
}

/// An unnamed section of `file` (INVALID_HANDLE_VALUE: backed by the paging file) with
/// `protect`, `size` bytes (0: the file's size).
// SAFETY: callers run inside the sys harness and pass handles and pointers it returned (the Win32 contract of the calls inside).
pub unsafe fn file_section(file: HANDLE, protect: PAGE_PROTECTION_FLAGS, size: u32) -> HANDLE {
    let s =
        // SAFETY: winsection::sys calls with live handles, NULL, or pointers to locals and to views this test mapped and still holds.
        unsafe { CreateFileMappingW(file, std::ptr::null(), protect, 0, size, std::ptr::null()) };
    // SAFETY: winsection::sys calls with live handles, NULL, or pointers to locals and to views this test mapped and still holds.
    assert!(!s.is_null(), "CreateFileMappingW: {}", unsafe {
        GetLastError()
    });
    s
}
