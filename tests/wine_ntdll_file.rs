//! Port of wine `dlls/ntdll/tests/file.c test_file_disposition_information`, the part with
//! file mappings, through `SetFileInformationByHandle(FileDispositionInfo)` (the Windows-truth
//! lines: plain `ok()`), and FileEndOfFileInfo under SetEndOfFile's rules.
//!
//! Also: `test_file_rename_information`'s file-onto-directory cases (through MoveFileExW),
//! FileAllocationInfo and FileDispositionInfoEx (MS-FSA 2.1.5.15), the buffer-size check
//! (catalog H23-H25).
//!
//! FileDispositionInformationEx's POSIX_SEMANTICS and ON_CLOSE flags (H26, H27): the
//! test's "file is deleted after handle with FILE_DISPOSITION_POSIX_SEMANTICS is closed" (both
//! orders) and "can reset delete-on-close flag through FileDispositionInformationEx" cases,
//! with WinBtrfs `src/tests/delete.cpp`'s ON_CLOSE cases.
//!
//! Skipped: the directory and read-only-attribute cases of test_file_disposition_information
//! (no file attributes or directory handles in winsection yet), the rest of
//! test_file_rename_information (NtSetInformationFile with root directories and open targets:
//! no NT file calls).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

mod common;

use common::{check, machine};
use winsection::win32::*;

const ACCESS: u32 = GENERIC_READ | GENERIC_WRITE | DELETE;

fn delete_on_close(w: &mut Win32<'_>, f: HANDLE) -> BOOL {
    w.SetFileInformationByHandle(f, FileDispositionInfo, &FILE_INFO::Disposition(TRUE), 1)
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
    let r = w.SetFileInformationByHandle(f, FileEndOfFileInfo, &FILE_INFO::Disposition(TRUE), 8);
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
        w.SetFileInformationByHandle(f, FileEndOfFileInfo, &grow, 8),
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
        w.SetFileInformationByHandle(f, FileEndOfFileInfo, &shrink, 8),
        FALSE
    );
    assert_eq!(w.GetLastError(), ERROR_USER_MAPPED_FILE);
    let negative = FILE_INFO::EndOfFile(-1);
    assert_eq!(
        w.SetFileInformationByHandle(f, FileEndOfFileInfo, &negative, 8),
        FALSE
    );
    assert_eq!(w.GetLastError(), ERROR_INVALID_PARAMETER);
    check(&sys);
}

/// kernel32/tests/file.c `test_SetFileInformationByHandle`: FileStandardInfo is an invalid
/// class (ERROR_INVALID_PARAMETER); FileDispositionInfo with a buffer size of 0 is
/// ERROR_BAD_LENGTH (a `todo_wine` line). MS-FSA 2.1.5.15.1 / 2.1.5.15.4 put that length check
/// (STATUS_INFO_LENGTH_MISMATCH) before the handle's access.
#[test]
fn kernel32_file_c_test_set_file_information_by_handle() {
    let (mut sys, pids) = machine(&["test"]);
    let mut w = sys.win32(pids[0]);
    let f = w.CreateFileW(
        Some(r"C:\len.bin"),
        GENERIC_READ,
        0,
        None,
        CREATE_ALWAYS,
        0,
        0,
    );
    let eof = FILE_INFO::EndOfFile(0x1000);
    assert_eq!(
        w.SetFileInformationByHandle(f, FileEndOfFileInfo, &eof, 7),
        FALSE
    );
    assert_eq!(w.GetLastError(), ERROR_BAD_LENGTH);
    let delete = FILE_INFO::Disposition(TRUE);
    assert_eq!(
        w.SetFileInformationByHandle(f, FileDispositionInfo, &delete, 0),
        FALSE
    );
    assert_eq!(w.GetLastError(), ERROR_BAD_LENGTH);
    // With the size right, the missing access shows.
    assert_eq!(
        w.SetFileInformationByHandle(f, FileEndOfFileInfo, &eof, 8),
        FALSE
    );
    assert_eq!(w.GetLastError(), ERROR_ACCESS_DENIED);
    const FILE_STANDARD_INFO_CLASS: u32 = 1;
    assert_eq!(
        w.SetFileInformationByHandle(f, FILE_STANDARD_INFO_CLASS, &eof, 24),
        FALSE
    );
    assert_eq!(w.GetLastError(), ERROR_INVALID_PARAMETER);
    assert_eq!(w.CloseHandle(f), TRUE);
    // The test's file handle: GENERIC_READ | FILE_WRITE_ATTRIBUTES with
    // FILE_FLAG_DELETE_ON_CLOSE (which asks for DELETE): the disposition is set.
    let all = FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE;
    let access = GENERIC_READ | FILE_WRITE_ATTRIBUTES;
    let flags = FILE_FLAG_DELETE_ON_CLOSE;
    let f = w.CreateFileW(
        Some(r"C:\len.bin"),
        access,
        all,
        None,
        OPEN_EXISTING,
        flags,
        0,
    );
    assert_ne!(f, INVALID_HANDLE_VALUE);
    let delete = FILE_INFO::Disposition(TRUE);
    assert_eq!(
        w.SetFileInformationByHandle(f, FileDispositionInfo, &delete, 1),
        TRUE
    );
    assert_eq!(w.CloseHandle(f), TRUE);
    assert!(!exists(&mut w, r"C:\len.bin"));
    check(&sys);
}

/// FILE_ALLOCATION_INFO doc: "If the allocation size is set to a value that is less than EOF,
/// the EOF position is automatically adjusted"; MS-FSA 2.1.5.15.1: FILE_WRITE_DATA. Below a
/// section the truncation is refused as SetEndOfFile's is (ERROR_USER_MAPPED_FILE).
#[test]
fn set_file_information_allocation() {
    let (mut sys, pids) = machine(&["test"]);
    let mut w = sys.win32(pids[0]);
    let f = w.CreateFileW(
        Some(r"C:\alloc.bin"),
        GENERIC_READ | GENERIC_WRITE,
        FILE_SHARE_READ | FILE_SHARE_WRITE,
        None,
        CREATE_ALWAYS,
        0,
        0,
    );
    let eof = FILE_INFO::EndOfFile(0x3000);
    assert_eq!(
        w.SetFileInformationByHandle(f, FileEndOfFileInfo, &eof, 8),
        TRUE
    );
    let mut size = 0i64;
    // Growing the allocation leaves the end of file.
    let grow = FILE_INFO::Allocation(0x10000);
    assert_eq!(
        w.SetFileInformationByHandle(f, FileAllocationInfo, &grow, 8),
        TRUE
    );
    assert_eq!(w.GetFileSizeEx(f, &mut size), TRUE);
    assert_eq!(size, 0x3000);
    // Shrinking it below the end of file moves the end of file.
    let shrink = FILE_INFO::Allocation(0x2000);
    assert_eq!(
        w.SetFileInformationByHandle(f, FileAllocationInfo, &shrink, 8),
        TRUE
    );
    assert_eq!(w.GetFileSizeEx(f, &mut size), TRUE);
    assert_eq!(size, 0x2000);
    // Not below a section's size.
    let s = w.CreateFileMappingW(f, None, PAGE_READONLY, 0, 0, None);
    assert_ne!(s, 0);
    let under = FILE_INFO::Allocation(0x1000);
    assert_eq!(
        w.SetFileInformationByHandle(f, FileAllocationInfo, &under, 8),
        FALSE
    );
    assert_eq!(w.GetLastError(), ERROR_USER_MAPPED_FILE);
    assert_eq!(w.GetFileSizeEx(f, &mut size), TRUE);
    assert_eq!(size, 0x2000);
    let negative = FILE_INFO::Allocation(-1);
    assert_eq!(
        w.SetFileInformationByHandle(f, FileAllocationInfo, &negative, 8),
        FALSE
    );
    assert_eq!(w.GetLastError(), ERROR_INVALID_PARAMETER);
    assert_eq!(w.CloseHandle(s), TRUE);
    // Read-only handle: ERROR_ACCESS_DENIED.
    let r = w.CreateFileW(
        Some(r"C:\alloc.bin"),
        GENERIC_READ,
        FILE_SHARE_READ | FILE_SHARE_WRITE,
        None,
        OPEN_EXISTING,
        0,
        0,
    );
    assert_ne!(r, INVALID_HANDLE_VALUE, "{}", w.GetLastError());
    assert_eq!(
        w.SetFileInformationByHandle(r, FileAllocationInfo, &shrink, 8),
        FALSE
    );
    assert_eq!(w.GetLastError(), ERROR_ACCESS_DENIED);
    check(&sys);
}

/// FileDispositionInfoEx: FILE_DISPOSITION_FLAG_DELETE behaves as FileDispositionInfo (refused
/// while a section uses the file, test_file_disposition_information), DO_NOT_DELETE clears it,
/// a POSIX delete too; unknown flags are ERROR_INVALID_PARAMETER.
#[test]
fn set_file_information_disposition_ex() {
    let (mut sys, pids) = machine(&["test"]);
    let mut w = sys.win32(pids[0]);
    let path = r"C:\disex.tmp";
    let f = w.CreateFileW(Some(path), ACCESS, 0, None, CREATE_ALWAYS, 0, 0);
    let delete = FILE_INFO::DispositionEx(FILE_DISPOSITION_FLAG_DELETE);
    let keep = FILE_INFO::DispositionEx(FILE_DISPOSITION_FLAG_DO_NOT_DELETE);
    assert_eq!(
        w.SetFileInformationByHandle(f, FileDispositionInfoEx, &delete, 3),
        FALSE
    );
    assert_eq!(w.GetLastError(), ERROR_BAD_LENGTH);
    let m = w.CreateFileMappingW(f, None, PAGE_READWRITE, 0, 4096, None);
    assert_ne!(m, 0);
    assert_eq!(
        w.SetFileInformationByHandle(f, FileDispositionInfoEx, &delete, 4),
        FALSE
    );
    assert_eq!(w.GetLastError(), ERROR_ACCESS_DENIED);
    assert_eq!(w.CloseHandle(m), TRUE);
    let posix = FILE_INFO::DispositionEx(
        FILE_DISPOSITION_FLAG_DELETE | FILE_DISPOSITION_FLAG_POSIX_SEMANTICS,
    );
    assert_eq!(
        w.SetFileInformationByHandle(f, FileDispositionInfoEx, &posix, 4),
        TRUE
    );
    assert_eq!(
        w.SetFileInformationByHandle(f, FileDispositionInfoEx, &keep, 4),
        TRUE
    );
    let unknown = FILE_INFO::DispositionEx(0x8000);
    assert_eq!(
        w.SetFileInformationByHandle(f, FileDispositionInfoEx, &unknown, 4),
        FALSE
    );
    assert_eq!(w.GetLastError(), ERROR_INVALID_PARAMETER);
    assert_eq!(
        w.SetFileInformationByHandle(f, FileDispositionInfoEx, &delete, 4),
        TRUE
    );
    assert_eq!(
        w.SetFileInformationByHandle(f, FileDispositionInfoEx, &keep, 4),
        TRUE
    );
    assert_eq!(w.CloseHandle(f), TRUE);
    assert!(exists(&mut w, path));
    let f = w.CreateFileW(Some(path), ACCESS, 0, None, OPEN_EXISTING, 0, 0);
    assert_eq!(
        w.SetFileInformationByHandle(f, FileDispositionInfoEx, &delete, 4),
        TRUE
    );
    assert_eq!(w.CloseHandle(f), TRUE);
    assert!(!exists(&mut w, path));
    check(&sys);
}

/// `FileDispositionInfoEx` with `flags`, of the structure's size.
fn disposition_ex(w: &mut Win32<'_>, f: HANDLE, flags: u32) -> BOOL {
    w.SetFileInformationByHandle(
        f,
        FileDispositionInfoEx,
        &FILE_INFO::DispositionEx(flags),
        4,
    )
}

/// The test's `fileDeleted` probe as written, for files that may be delete-pending (whose
/// attributes are ERROR_ACCESS_DENIED, STATUS_DELETE_PENDING): deleted means
/// ERROR_FILE_NOT_FOUND.
fn file_deleted(w: &mut Win32<'_>, path: &str) -> bool {
    w.GetFileAttributesW(Some(path)) == INVALID_FILE_ATTRIBUTES
        && w.GetLastError() == ERROR_FILE_NOT_FOUND
}

const POSIX_DELETE: u32 = FILE_DISPOSITION_FLAG_DELETE | FILE_DISPOSITION_FLAG_POSIX_SEMANTICS;

/// file.c `test_file_disposition_information`, "file is deleted after handle with
/// FILE_DISPOSITION_POSIX_SEMANTICS is closed", both orders (H26): `handle` (GENERIC_WRITE |
/// DELETE, FILE_SHARE_DELETE) sets DELETE | POSIX_SEMANTICS, `handle2` (DELETE, FILE_SHARE_DELETE
/// | FILE_SHARE_WRITE) stays open. Closing `handle` first deletes the file at once; closing
/// `handle2` first deletes nothing until `handle` closes.
#[test]
fn ntdll_file_c_test_file_disposition_information_posix_semantics() {
    let (mut sys, pids) = machine(&["test"]);
    let mut w = sys.win32(pids[0]);
    let path = r"C:\dis_posix.tmp";
    for posix_handle_first in [true, false] {
        let handle = w.CreateFileW(
            Some(path),
            GENERIC_WRITE | DELETE,
            FILE_SHARE_DELETE,
            None,
            CREATE_ALWAYS,
            0,
            0,
        );
        assert_ne!(handle, INVALID_HANDLE_VALUE);
        let handle2 = w.CreateFileW(
            Some(path),
            DELETE,
            FILE_SHARE_DELETE | FILE_SHARE_WRITE,
            None,
            OPEN_EXISTING,
            0,
            0,
        );
        assert_ne!(handle2, INVALID_HANDLE_VALUE);
        assert_eq!(disposition_ex(&mut w, handle, POSIX_DELETE), TRUE);
        if posix_handle_first {
            assert_eq!(w.CloseHandle(handle), TRUE);
            assert!(file_deleted(&mut w, path), "File should have been deleted");
            assert_eq!(w.CloseHandle(handle2), TRUE);
        } else {
            assert_eq!(w.CloseHandle(handle2), TRUE);
            assert!(
                !file_deleted(&mut w, path),
                "File shouldn't have been deleted"
            );
            assert_eq!(w.CloseHandle(handle), TRUE);
            assert!(file_deleted(&mut w, path), "File should have been deleted");
        }
    }
    check(&sys);
}

/// FILE_DISPOSITION_INFORMATION_EX doc (H26): after a POSIX delete "the file's data streams
/// remain accessible by other existing handles until the last handle has been closed", and
/// the name is free: a new file of that name is another file. Before the POSIX handle closes
/// the file is only delete-pending (opening it: ERROR_ACCESS_DENIED). A section refuses the
/// POSIX delete (H24); a later disposition from any handle replaces it.
#[test]
fn posix_delete_leaves_an_unnamed_file_to_the_other_handles() {
    let (mut sys, pids) = machine(&["test"]);
    let mut w = sys.win32(pids[0]);
    let path = r"C:\unnamed.tmp";
    let share = FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE;
    let deleter = w.CreateFileW(Some(path), ACCESS, share, None, CREATE_ALWAYS, 0, 0);
    let reader = w.CreateFileW(Some(path), ACCESS, share, None, OPEN_EXISTING, 0, 0);
    let mut n = 0;
    assert_eq!(w.WriteFile(deleter, b"kept", 4, Some(&mut n)), TRUE);
    assert_eq!(disposition_ex(&mut w, deleter, POSIX_DELETE), TRUE);
    let again = w.CreateFileW(Some(path), GENERIC_READ, share, None, OPEN_EXISTING, 0, 0);
    assert_eq!(again, INVALID_HANDLE_VALUE);
    assert_eq!(w.GetLastError(), ERROR_ACCESS_DENIED);
    assert_eq!(w.CloseHandle(deleter), TRUE);
    assert_eq!(w.GetFileAttributesW(Some(path)), INVALID_FILE_ATTRIBUTES);
    assert_eq!(w.GetLastError(), ERROR_FILE_NOT_FOUND);
    // The name is free: CREATE_NEW makes another, empty file.
    let other = w.CreateFileW(Some(path), ACCESS, share, None, CREATE_NEW, 0, 0);
    assert_ne!(other, INVALID_HANDLE_VALUE);
    assert_eq!(w.GetFileSize(other, None), 0);
    // The unnamed file still holds its bytes and grows through its handle.
    let mut buffer = [0u8; 4];
    assert_eq!(w.ReadFile(reader, &mut buffer, 4, Some(&mut n)), TRUE);
    assert_eq!((&buffer, n), (b"kept", 4));
    assert_eq!(w.WriteFile(reader, b"!", 1, Some(&mut n)), TRUE);
    assert_eq!(w.GetFileSize(reader, None), 5);
    assert_eq!(w.CloseHandle(reader), TRUE);
    assert_eq!(w.GetFileSize(other, None), 0);
    // A section refuses the POSIX delete as any delete; FileDispositionInfo replaces it.
    let m = w.CreateFileMappingW(other, None, PAGE_READWRITE, 0, 4096, None);
    assert_ne!(m, 0);
    assert_eq!(disposition_ex(&mut w, other, POSIX_DELETE), FALSE);
    assert_eq!(w.GetLastError(), ERROR_ACCESS_DENIED);
    assert_eq!(w.CloseHandle(m), TRUE);
    let second = w.CreateFileW(Some(path), ACCESS, share, None, OPEN_EXISTING, 0, 0);
    assert_eq!(disposition_ex(&mut w, other, POSIX_DELETE), TRUE);
    assert_eq!(delete_on_close(&mut w, second), TRUE);
    assert_eq!(w.CloseHandle(other), TRUE);
    assert!(
        !file_deleted(&mut w, path),
        "the plain delete waits for the last handle"
    );
    assert_eq!(w.CloseHandle(second), TRUE);
    assert!(file_deleted(&mut w, path));
    check(&sys);
}

/// FILE_DISPOSITION_FLAG_ON_CLOSE (H27): file.c `test_file_disposition_information` "can reset
/// delete-on-close flag through FileDispositionInformationEx" (ON_CLOSE alone on a
/// FILE_FLAG_DELETE_ON_CLOSE handle: the file survives its close); WinBtrfs
/// `src/tests/delete.cpp` test_delete_ex: DELETE | ON_CLOSE on a handle opened without
/// delete-on-close is STATUS_NOT_SUPPORTED, on one opened with it accepted (the file goes).
#[test]
fn ntdll_file_c_test_file_disposition_information_on_close() {
    let (mut sys, pids) = machine(&["test"]);
    let mut w = sys.win32(pids[0]);
    let path = r"C:\dis_on_close.tmp";
    let on_close = FILE_DISPOSITION_FLAG_ON_CLOSE;
    let f = w.CreateFileW(
        Some(path),
        GENERIC_WRITE | DELETE,
        0,
        None,
        CREATE_ALWAYS,
        FILE_FLAG_DELETE_ON_CLOSE,
        0,
    );
    assert_eq!(disposition_ex(&mut w, f, on_close), TRUE);
    assert_eq!(w.CloseHandle(f), TRUE);
    assert!(
        !file_deleted(&mut w, path),
        "File shouldn't have been deleted"
    );

    let f = w.CreateFileW(Some(path), DELETE, 0, None, OPEN_EXISTING, 0, 0);
    assert_eq!(
        disposition_ex(&mut w, f, FILE_DISPOSITION_FLAG_DELETE | on_close),
        FALSE
    );
    assert_eq!(w.GetLastError(), ERROR_NOT_SUPPORTED);
    assert_eq!(disposition_ex(&mut w, f, on_close), TRUE);
    assert_eq!(w.CloseHandle(f), TRUE);
    assert!(!file_deleted(&mut w, path));

    let f = w.CreateFileW(
        Some(path),
        DELETE,
        0,
        None,
        OPEN_EXISTING,
        FILE_FLAG_DELETE_ON_CLOSE,
        0,
    );
    assert_eq!(
        disposition_ex(&mut w, f, FILE_DISPOSITION_FLAG_DELETE | on_close),
        TRUE
    );
    assert_eq!(w.CloseHandle(f), TRUE);
    assert!(file_deleted(&mut w, path));

    // DELETE access is needed as for every disposition (H23).
    let f = w.CreateFileW(Some(path), GENERIC_WRITE, 0, None, CREATE_ALWAYS, 0, 0);
    assert_eq!(disposition_ex(&mut w, f, on_close), FALSE);
    assert_eq!(w.GetLastError(), ERROR_ACCESS_DENIED);
    assert_eq!(w.CloseHandle(f), TRUE);
    check(&sys);
}

/// ntdll/tests/file.c `test_file_rename_information`, "oldpath is a file, newpath is a
/// directory": without ReplaceIfExists STATUS_OBJECT_NAME_COLLISION (ERROR_ALREADY_EXISTS),
/// with it STATUS_ACCESS_DENIED (ERROR_ACCESS_DENIED); both stay. MoveFileExW's
/// MOVEFILE_REPLACE_EXISTING is that flag.
#[test]
fn ntdll_file_c_test_file_rename_information_onto_a_directory() {
    let (mut sys, pids) = machine(&["test"]);
    let mut w = sys.win32(pids[0]);
    let f = w.CreateFileW(Some(r"C:\old.tmp"), ACCESS, 0, None, CREATE_ALWAYS, 0, 0);
    assert_eq!(w.CloseHandle(f), TRUE);
    assert_eq!(w.CreateDirectoryW(Some(r"C:\newdir"), None), TRUE);
    assert_eq!(
        w.MoveFileExW(Some(r"C:\old.tmp"), Some(r"C:\newdir"), 0),
        FALSE
    );
    assert_eq!(w.GetLastError(), ERROR_ALREADY_EXISTS);
    for flags in [
        MOVEFILE_REPLACE_EXISTING,
        MOVEFILE_REPLACE_EXISTING | MOVEFILE_COPY_ALLOWED,
    ] {
        let before = w.system().dump();
        assert_eq!(
            w.MoveFileExW(Some(r"C:\old.tmp"), Some(r"C:\newdir"), flags),
            FALSE
        );
        assert_eq!(w.GetLastError(), ERROR_ACCESS_DENIED);
        assert_eq!(w.system().dump(), before);
    }
    assert!(exists(&mut w, r"C:\old.tmp"));
    assert_eq!(
        w.GetFileAttributesW(Some(r"C:\newdir")),
        FILE_ATTRIBUTE_DIRECTORY
    );
    check(&sys);
}
