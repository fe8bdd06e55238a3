//! `SetFileInformationByHandle` for the classes that touch sections: FileEndOfFileInfo (the
//! size, with SetEndOfFile's rules), FileAllocationInfo (which truncates a file longer than
//! it), FileDispositionInfo and FileDispositionInfoEx (delete on last close); and
//! `GetFileAttributesW`, which the Wine tests use to see whether a file is gone (catalog H23,
//! H24).
//!
//! Windows truth (wine `ntdll/tests/file.c test_file_disposition_information`, plain `ok()`
//! lines): setting the delete disposition on a file that has a section — a mapping handle still
//! open, or only a view still mapped — is STATUS_CANNOT_DELETE and the file survives; once the
//! mapping is closed and the view unmapped it succeeds and the file goes with its last handle.
//! The handle needs DELETE (STATUS_ACCESS_DENIED otherwise; FILE_DISPOSITION_INFO doc).

use crate::consts::*;
use crate::error::{NtStatus, Result};
use crate::ob::handle_table::Handle;
use crate::ps::Pid;
use crate::rule::RuleId;
use crate::system::System;

impl System {
    /// `FileDispositionInfo { DeleteFile }`: marks (or unmarks) the file for deletion when its
    /// last handle closes.
    pub fn set_file_disposition(&mut self, pid: Pid, handle: Handle, delete: bool) -> Result<()> {
        let (id, host, access) = self.file_handle(pid, handle)?;
        if access & DELETE == 0 {
            return Err(NtStatus::ACCESS_DENIED.by(RuleId::H23));
        }
        let file = self.file_object(host, id)?.file;
        let node = self
            .storage
            .files
            .get_mut(file)
            .ok_or(NtStatus::INVALID_HANDLE)?;
        if delete && !node.sections.is_empty() {
            // MmFlushImageSection(MmFlushForDelete) refuses while a section uses the file.
            return Err(NtStatus::CANNOT_DELETE.by(RuleId::H24));
        }
        node.delete_pending = delete;
        Ok(())
    }

    /// `FileDispositionInfoEx { Flags }`: FILE_DISPOSITION_FLAG_DELETE sets the disposition and
    /// DO_NOT_DELETE (0) clears it, as FileDispositionInfo does (FORCE_IMAGE_SECTION_CHECK and
    /// IGNORE_READONLY_ATTRIBUTE change nothing here: every section already refuses, and
    /// winsection keeps no read-only attribute). POSIX_SEMANTICS and ON_CLOSE are not modelled:
    /// ERROR_NOT_SUPPORTED, what a file system without them answers (STATUS_NOT_SUPPORTED);
    /// unknown flags are ERROR_INVALID_PARAMETER.
    pub fn set_file_disposition_ex(&mut self, pid: Pid, handle: Handle, flags: u32) -> Result<()> {
        let modelled = FILE_DISPOSITION_FLAG_DELETE
            | FILE_DISPOSITION_FLAG_FORCE_IMAGE_SECTION_CHECK
            | FILE_DISPOSITION_FLAG_IGNORE_READONLY_ATTRIBUTE;
        let known =
            modelled | FILE_DISPOSITION_FLAG_POSIX_SEMANTICS | FILE_DISPOSITION_FLAG_ON_CLOSE;
        if flags & !known != 0 {
            return Err(NtStatus::INVALID_PARAMETER.into());
        }
        if flags & !modelled != 0 {
            return Err(NtStatus::NOT_SUPPORTED.into());
        }
        self.set_file_disposition(pid, handle, flags & FILE_DISPOSITION_FLAG_DELETE != 0)
    }

    /// `FileAllocationInfo { AllocationSize }`: needs FILE_WRITE_DATA (MS-FSA 2.1.5.15.1).
    /// winsection keeps no allocation size apart from the file size, so growing the allocation
    /// changes nothing visible; an allocation below the end of file moves the end of file down
    /// to it ("the EOF position is automatically adjusted", FILE_ALLOCATION_INFO doc), under
    /// SetEndOfFile's rules (ERROR_USER_MAPPED_FILE below a section).
    pub fn set_file_allocation(&mut self, pid: Pid, handle: Handle, size: u64) -> Result<()> {
        let (id, host, access) = self.file_handle(pid, handle)?;
        if access & FILE_WRITE_DATA == 0 {
            return Err(NtStatus::ACCESS_DENIED.by(RuleId::H23));
        }
        let file = self.file_object(host, id)?.file;
        let current = self.storage.files.get(file).map_or(0, |n| n.size);
        if size < current {
            self.resize_file(file, size)?;
        }
        Ok(())
    }

    /// `FileEndOfFileInfo { EndOfFile }`: the size becomes `size` under SetEndOfFile's rules
    /// (FILE_WRITE_DATA; shrinking under a section is ERROR_USER_MAPPED_FILE; growing past the
    /// disk is ERROR_DISK_FULL). The file pointer does not move.
    pub fn set_file_end(&mut self, pid: Pid, handle: Handle, size: u64) -> Result<()> {
        let (id, host, access) = self.file_handle(pid, handle)?;
        if access & FILE_WRITE_DATA == 0 {
            return Err(NtStatus::ACCESS_DENIED.by(RuleId::H23));
        }
        let file = self.file_object(host, id)?.file;
        self.resize_file(file, size)
    }

    /// `GetFileAttributesW`: FILE_ATTRIBUTE_DIRECTORY for a directory, FILE_ATTRIBUTE_ARCHIVE for
    /// a file (what NTFS gives a new file; winsection keeps no other attributes); a missing
    /// file is ERROR_FILE_NOT_FOUND, a missing directory on the way ERROR_PATH_NOT_FOUND, a
    /// delete-pending file ERROR_ACCESS_DENIED (STATUS_DELETE_PENDING).
    pub fn file_attributes(&self, pid: Pid, path: &str) -> Result<u32> {
        let host = self.live_process(pid)?.spec.host;
        let (disk, fp) = self.locate(host, path)?;
        match self.lookup_file(disk, &fp) {
            Ok(file) => match self.storage.files.get(file) {
                Some(node) if node.delete_pending => Err(NtStatus::DELETE_PENDING.into()),
                Some(_) => Ok(FILE_ATTRIBUTE_ARCHIVE),
                None => Err(NtStatus::OBJECT_NAME_NOT_FOUND.into()),
            },
            Err(e) if e.status() == Some(NtStatus::FILE_IS_A_DIRECTORY) => {
                Ok(FILE_ATTRIBUTE_DIRECTORY)
            }
            Err(e) => Err(e),
        }
    }
}
