//! `winsection::sys::SetFileInformationByHandle` with real C buffers: the structure is read
//! only when `dwBufferSize` covers it (ERROR_BAD_LENGTH otherwise), a NULL buffer of the right
//! size is ERROR_NOACCESS, and the end of file under a section follows SetEndOfFile (catalog
//! H23, H24), and FileDispositionInfoEx's POSIX_SEMANTICS and ON_CLOSE flags (H26, H27).

#![cfg(target_os = "linux")]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use winsection::consts;
use winsection::sys;
use winsection::sys::Win32::Foundation::*;
use winsection::sys::Win32::Storage::FileSystem::*;

#[path = "common/sys_file_io.rs"]
mod sys_file_io;
use sys_file_io::{check, create, file_section, size};

#[test]
fn set_file_information_by_handle_reads_c_structures() {
    sys::reset();
    // SAFETY: winsection::sys calls with live handles, NULL, or pointers to locals.
    unsafe {
        let f = create(r"C:\info.bin");
        let eof = FILE_END_OF_FILE_INFO { EndOfFile: 0x3000 };
        let p = (&raw const eof).cast();
        assert_eq!(SetFileInformationByHandle(f, FileEndOfFileInfo, p, 8), TRUE);
        assert_eq!(size(f), 0x3000);
        assert_eq!(
            SetFileInformationByHandle(f, FileEndOfFileInfo, p, 4),
            FALSE
        );
        assert_eq!(GetLastError(), ERROR_BAD_LENGTH);
        let null = std::ptr::null();
        assert_eq!(
            SetFileInformationByHandle(f, FileEndOfFileInfo, null, 8),
            FALSE
        );
        assert_eq!(GetLastError(), ERROR_NOACCESS);
        let _s = file_section(f, winsection::sys::Win32::System::Memory::PAGE_READONLY, 0);
        let shrink = FILE_ALLOCATION_INFO {
            AllocationSize: 0x1000,
        };
        let p = (&raw const shrink).cast();
        assert_eq!(
            SetFileInformationByHandle(f, FileAllocationInfo, p, 8),
            FALSE
        );
        assert_eq!(GetLastError(), ERROR_USER_MAPPED_FILE);
        assert_eq!(size(f), 0x3000);
        let delete = FILE_DISPOSITION_INFO { DeleteFile: true };
        let p = (&raw const delete).cast();
        assert_eq!(
            SetFileInformationByHandle(f, FileDispositionInfo, p, 1),
            FALSE
        );
        assert_eq!(GetLastError(), ERROR_ACCESS_DENIED);
        assert_eq!(
            SetFileInformationByHandle(f, FileStandardInfo, p, 24),
            FALSE
        );
        assert_eq!(GetLastError(), ERROR_INVALID_PARAMETER);
    }
    check();
}

/// FileDispositionInfoEx's `Flags` read from a C ULONG (H26, H27; FILE_DISPOSITION_INFORMATION_EX
/// doc; wine `ntdll/tests/file.c test_file_disposition_information`): DELETE | ON_CLOSE on a
/// handle not opened delete-on-close is ERROR_NOT_SUPPORTED; DELETE | POSIX_SEMANTICS frees the
/// name when the handle closes while another handle still reads the file.
#[test]
fn disposition_ex_flags_from_a_c_ulong() {
    sys::reset();
    // SAFETY: winsection::sys calls with live handles, NULL, or pointers to locals.
    unsafe {
        let path = sys_file_io::wide(r"C:\posix.bin");
        let open = |disposition| {
            CreateFileW(
                path.as_ptr(),
                GENERIC_READ | GENERIC_WRITE | DELETE,
                FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE,
                std::ptr::null(),
                disposition,
                FILE_ATTRIBUTE_NORMAL,
                std::ptr::null_mut(),
            )
        };
        let f = open(CREATE_ALWAYS);
        let g = open(OPEN_EXISTING);
        assert_ne!(g, INVALID_HANDLE_VALUE);
        sys_file_io::write_at(f, 0, b"data");
        let on_close: u32 =
            consts::FILE_DISPOSITION_FLAG_DELETE | consts::FILE_DISPOSITION_FLAG_ON_CLOSE;
        let p = (&raw const on_close).cast();
        assert_eq!(
            SetFileInformationByHandle(f, FileDispositionInfoEx, p, 4),
            FALSE
        );
        assert_eq!(GetLastError(), ERROR_NOT_SUPPORTED);
        let posix: u32 =
            consts::FILE_DISPOSITION_FLAG_DELETE | consts::FILE_DISPOSITION_FLAG_POSIX_SEMANTICS;
        let p = (&raw const posix).cast();
        assert_eq!(
            SetFileInformationByHandle(f, FileDispositionInfoEx, p, 4),
            TRUE
        );
        assert_eq!(CloseHandle(f), TRUE);
        let gone = sys::with_system(|s| !s.file_exists(0, r"C:\posix.bin"));
        assert_eq!(gone, Some(true));
        assert_eq!(sys_file_io::read_at(g, 0, 4), b"data");
        assert_eq!(CloseHandle(g), TRUE);
    }
    check();
}
