//! `winsection::sys::SetFileInformationByHandle` with real C buffers: the structure is read
//! only when `dwBufferSize` covers it (ERROR_BAD_LENGTH otherwise), a NULL buffer of the right
//! size is ERROR_NOACCESS, and the end of file under a section follows SetEndOfFile (catalog
//! H23, H24).

#![cfg(target_os = "linux")]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

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
