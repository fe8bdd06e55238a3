//! `SetFileInformationByHandle`: FileEndOfFileInfo, FileAllocationInfo, FileDispositionInfo
//! and FileDispositionInfoEx (catalog H23-H27; MS docs SetFileInformationByHandle,
//! FILE_ALLOCATION_INFO, FILE_DISPOSITION_INFORMATION_EX; MS-FSA 2.1.5.15; wine
//! `ntdll/tests/file.c test_file_disposition_information`).

#![allow(non_upper_case_globals)] // the FILE_INFO_BY_HANDLE_CLASS names, as winbase.h spells them

use super::*;
use winsection::win32::{file_info_size, FILE_INFO};

impl Model {
    /// `SetFileInformationByHandle(handle, class, &info, size)`. Order: a class the function
    /// does not take is ERROR_INVALID_PARAMETER; a buffer smaller than the class's structure
    /// ERROR_BAD_LENGTH (STATUS_INFO_LENGTH_MISMATCH, before the handle is looked at: MS-FSA
    /// 2.1.5.15); information of another class, or a negative size, ERROR_INVALID_PARAMETER;
    /// then the class's own rules.
    pub fn set_file_information(
        &mut self,
        pid: u32,
        value: u64,
        class: u32,
        info: FILE_INFO,
        size: u32,
    ) -> Result<(), u32> {
        let needed = file_info_size(class).ok_or(ERROR_INVALID_PARAMETER)?;
        if size < needed {
            return Err(ERROR_BAD_LENGTH);
        }
        let bytes = |v: i64| u64::try_from(v).map_err(|_| ERROR_INVALID_PARAMETER);
        match (class, info) {
            (FileEndOfFileInfo, FILE_INFO::EndOfFile(v)) => {
                let v = bytes(v)?;
                let node = self.writable_file(pid, value)?;
                self.resize_file(node, v)
            }
            (FileAllocationInfo, FILE_INFO::Allocation(v)) => {
                let v = bytes(v)?;
                let node = self.writable_file(pid, value)?;
                if v < self.files.get(&node).map_or(0, |n| n.size) {
                    self.resize_file(node, v)?;
                }
                Ok(())
            }
            (FileDispositionInfo, FILE_INFO::Disposition(delete)) => {
                self.set_disposition(pid, value, delete != 0, false)
            }
            (FileDispositionInfoEx, FILE_INFO::DispositionEx(flags)) => {
                self.set_disposition_ex(pid, value, flags)
            }
            _ => Err(ERROR_INVALID_PARAMETER),
        }
    }

    /// The file node of a handle with FILE_WRITE_DATA (ERROR_ACCESS_DENIED without: MS-FSA
    /// 2.1.5.15.1, 2.1.5.15.4). FileEndOfFileInfo then resizes as SetEndOfFile does
    /// (ERROR_USER_MAPPED_FILE below a section, H4-H6; the file pointer stays); a
    /// FileAllocationInfo below the end of file moves the end down under the same rules
    /// (FILE_ALLOCATION_INFO doc), above it nothing visible changes.
    fn writable_file(&self, pid: u32, value: u64) -> Result<u64, u32> {
        let (object, access) = self.resolve_typed(pid, value, Kind::File)?;
        if access & FILE_WRITE_DATA == 0 {
            return Err(ERROR_ACCESS_DENIED);
        }
        Ok(self.file_object(object).ok_or(ERROR_INVALID_HANDLE)?.node)
    }

    /// The delete disposition of the file (shared by every handle: wine "pending delete flag
    /// is shared across handles"): DELETE access needed (H23); deleting while a section uses
    /// the file is STATUS_CANNOT_DELETE -> ERROR_ACCESS_DENIED (H24). `posix` (H26) names the
    /// file object whose close takes the name away; any later disposition replaces it.
    fn set_disposition(
        &mut self,
        pid: u32,
        value: u64,
        delete: bool,
        posix: bool,
    ) -> Result<(), u32> {
        let (object, access) = self.resolve_typed(pid, value, Kind::File)?;
        if access & DELETE == 0 {
            return Err(ERROR_ACCESS_DENIED);
        }
        let node = self.file_object(object).ok_or(ERROR_INVALID_HANDLE)?.node;
        let n = self.files.get_mut(&node).ok_or(ERROR_INVALID_HANDLE)?;
        if delete && !n.sections.is_empty() {
            return Err(ERROR_ACCESS_DENIED);
        }
        n.delete_pending = delete;
        n.posix_delete_by = (delete && posix).then_some(object);
        Ok(())
    }

    /// FileDispositionInfoEx's flags (FILE_DISPOSITION_INFORMATION_EX doc): unknown bits are
    /// ERROR_INVALID_PARAMETER; without FILE_DISPOSITION_FLAG_ON_CLOSE, DELETE (with
    /// POSIX_SEMANTICS, H26) or DO_NOT_DELETE set the disposition as FileDispositionInfo does
    /// (FORCE_IMAGE_SECTION_CHECK and IGNORE_READONLY_ATTRIBUTE change nothing: every section
    /// refuses already, no file is read-only); with ON_CLOSE they set or clear the handle's
    /// delete-on-close state instead (H27): ON_CLOSE alone cancels a FILE_FLAG_DELETE_ON_CLOSE
    /// open (wine "can reset delete-on-close flag through FileDispositionInformationEx"),
    /// DELETE | ON_CLOSE is accepted on such an open and ERROR_NOT_SUPPORTED on any other
    /// (WinBtrfs `src/tests/delete.cpp` "Try to set delete on close flag"); the other flags
    /// are ignored with it (engine choice). DELETE access is needed either way.
    fn set_disposition_ex(&mut self, pid: u32, value: u64, flags: u32) -> Result<(), u32> {
        let known = FILE_DISPOSITION_FLAG_DELETE
            | FILE_DISPOSITION_FLAG_POSIX_SEMANTICS
            | FILE_DISPOSITION_FLAG_FORCE_IMAGE_SECTION_CHECK
            | FILE_DISPOSITION_FLAG_ON_CLOSE
            | FILE_DISPOSITION_FLAG_IGNORE_READONLY_ATTRIBUTE;
        if flags & !known != 0 {
            return Err(ERROR_INVALID_PARAMETER);
        }
        let delete = flags & FILE_DISPOSITION_FLAG_DELETE != 0;
        if flags & FILE_DISPOSITION_FLAG_ON_CLOSE != 0 {
            let (object, access) = self.resolve_typed(pid, value, Kind::File)?;
            if access & DELETE == 0 {
                return Err(ERROR_ACCESS_DENIED);
            }
            let f = self.file_object_mut(object).ok_or(ERROR_INVALID_HANDLE)?;
            if delete && !f.delete_on_close {
                return Err(ERROR_NOT_SUPPORTED);
            }
            f.delete_on_close = delete;
            return Ok(());
        }
        let posix = flags & FILE_DISPOSITION_FLAG_POSIX_SEMANTICS != 0;
        self.set_disposition(pid, value, delete, posix)
    }
}
