//! Port of wine `dlls/ntdll/tests/file.c test_file_disposition_information`, the part with
//! file mappings, through `SetFileInformationByHandle(FileDispositionInfo)` (the Windows-truth
//! lines: plain `ok()`), and FileEndOfFileInfo under SetEndOfFile's rules.
//!
//! Skipped: the directory and read-only-attribute cases of that test (no file attributes or
//! directory handles in winsection yet), FileDispositionInformationEx flags (POSIX semantics).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

mod common;

use common::{check, machine};
use winsection::win32::*;

const ACCESS: u32 = GENERIC_READ | GENERIC_WRITE | DELETE;

fn delete_on_close(w: &mut Win32<'_>, f: HANDLE) -> BOOL {
    w.SetFileInformationByHandle(f, FileDispositionInfo, &FILE_INFO::Disposition(TRUE))
}

/// The test's `fileDeleted` probe: `GetFileAttributesA(buffer) == INVALID_FILE_ATTRIBUTES &&
/// GetLastError() == ERROR_FILE_NOT_FOUND`, negated.
fn exists(w: &mut Win32<'_>, path: &str) -> bool {
    let a = w.GetFileAttributesW(Some(path));
    let gone = a == INVALID_FILE_ATTRIBUTES && w.GetLastError() == ERROR_FILE_NOT_FOUND;
    assert_eq!(gone, !w.system().file_exists(0, path));
    if !gone {
        assert_eq!(a, FILE_ATTRIBUTE_ARCHIVE);
    }
    !gone
}

/// file.c `test_file_disposition_information`: a mapping handle, or only a mapped view, keeps
/// the disposition from being set (STATUS_CANNOT_DELETE -> ERROR_ACCESS_DENIED) and the file
/// survives its handle; with the mapping closed and the view unmapped the disposition is set
/// and the file goes with its handle.
#[test]
fn ntdll_file_c_test_file_disposition_information_mappings() {
    let (mut sys, pids) = machine(&["test"]);
    let mut w = sys.win32(pids[0]);
    let path = r"C:\dis1.tmp";
    // Mapping handle open.
    let f = w.CreateFileW(Some(path), ACCESS, 0, None, CREATE_ALWAYS, 0, 0);
    let mapping = w.CreateFileMappingW(f, None, PAGE_READWRITE, 0, 64 * 1024, Some("DelFileTest"));
    assert_ne!(mapping, 0);
    assert_eq!(delete_on_close(&mut w, f), FALSE);
    assert_eq!(w.GetLastError(), ERROR_ACCESS_DENIED);
    assert_eq!(w.CloseHandle(f), TRUE);
    assert!(exists(&mut w, path));
    assert_eq!(w.CloseHandle(mapping), TRUE);
    assert_eq!(w.DeleteFileW(Some(path)), TRUE);

    // Mapping closed, view still mapped.
    let f = w.CreateFileW(Some(path), ACCESS, 0, None, CREATE_ALWAYS, 0, 0);
    let mapping = w.CreateFileMappingW(f, None, PAGE_READWRITE, 0, 64 * 1024, Some("DelFileTest"));
    let ptr = w.MapViewOfFile(mapping, FILE_MAP_READ, 0, 0, 4096);
    assert_ne!(ptr, 0);
    assert_eq!(w.CloseHandle(mapping), TRUE);
    assert_eq!(delete_on_close(&mut w, f), FALSE);
    assert_eq!(w.GetLastError(), ERROR_ACCESS_DENIED);
    assert_eq!(w.CloseHandle(f), TRUE);
    assert!(exists(&mut w, path));
    assert_eq!(w.UnmapViewOfFile(ptr), TRUE);
    assert_eq!(w.DeleteFileW(Some(path)), TRUE);

    // Mapped and unmapped again.
    let f = w.CreateFileW(Some(path), ACCESS, 0, None, CREATE_ALWAYS, 0, 0);
    let mapping = w.CreateFileMappingW(f, None, PAGE_READWRITE, 0, 64 * 1024, Some("DelFileTest"));
    let ptr = w.MapViewOfFile(mapping, FILE_MAP_READ, 0, 0, 4096);
    assert_eq!(w.CloseHandle(mapping), TRUE);
    assert_eq!(w.UnmapViewOfFile(ptr), TRUE);
    assert_eq!(delete_on_close(&mut w, f), TRUE);
    assert_eq!(w.CloseHandle(f), TRUE);
    assert!(!exists(&mut w, path));

    // Without DELETE access.
    let f = w.CreateFileW(
        Some(path),
        GENERIC_READ | GENERIC_WRITE,
        0,
        None,
        CREATE_ALWAYS,
        0,
        0,
    );
    assert_eq!(delete_on_close(&mut w, f), FALSE);
    assert_eq!(w.GetLastError(), ERROR_ACCESS_DENIED);
    // A class that does not match its information.
    let r = w.SetFileInformationByHandle(f, FileEndOfFileInfo, &FILE_INFO::Disposition(TRUE));
    assert_eq!(r, FALSE);
    assert_eq!(w.GetLastError(), ERROR_INVALID_PARAMETER);
    check(&sys);
}

/// FileEndOfFileInfo follows SetEndOfFile (catalog H4-H6): growing works, shrinking under a
/// section is ERROR_USER_MAPPED_FILE, a negative size ERROR_INVALID_PARAMETER; the file pointer
/// stays.
#[test]
fn set_file_information_end_of_file() {
    let (mut sys, pids) = machine(&["test"]);
    let mut w = sys.win32(pids[0]);
    let f = w.CreateFileW(
        Some(r"C:\eof.bin"),
        GENERIC_READ | GENERIC_WRITE,
        0,
        None,
        CREATE_ALWAYS,
        0,
        0,
    );
    let grow = FILE_INFO::EndOfFile(0x3000);
    assert_eq!(
        w.SetFileInformationByHandle(f, FileEndOfFileInfo, &grow),
        TRUE
    );
    let mut size = 0i64;
    assert_eq!(w.GetFileSizeEx(f, &mut size), TRUE);
    assert_eq!(size, 0x3000);
    assert_eq!(w.SetFilePointer(f, 0, None, FILE_CURRENT), 0);
    let s = w.CreateFileMappingW(f, None, PAGE_READONLY, 0, 0, None);
    assert_ne!(s, 0);
    let shrink = FILE_INFO::EndOfFile(0x1000);
    assert_eq!(
        w.SetFileInformationByHandle(f, FileEndOfFileInfo, &shrink),
        FALSE
    );
    assert_eq!(w.GetLastError(), ERROR_USER_MAPPED_FILE);
    let negative = FILE_INFO::EndOfFile(-1);
    assert_eq!(
        w.SetFileInformationByHandle(f, FileEndOfFileInfo, &negative),
        FALSE
    );
    assert_eq!(w.GetLastError(), ERROR_INVALID_PARAMETER);
    check(&sys);
}
