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
    /// last handle closes. The disposition belongs to the file, shared by every handle (wine
    /// test_file_disposition_information, "pending delete flag is shared across handles"), so
    /// setting it either way also withdraws an earlier POSIX delete.
    pub fn set_file_disposition(&mut self, pid: Pid, handle: Handle, delete: bool) -> Result<()> {
        self.set_disposition(pid, handle, delete, false)
    }

    /// The disposition itself: DELETE access, no section while deleting (H24), then the
    /// file's delete-pending state, with the object that asked for a POSIX delete.
    fn set_disposition(
        &mut self,
        pid: Pid,
        handle: Handle,
        delete: bool,
        posix: bool,
    ) -> Result<()> {
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
        node.posix_delete_by = (delete && posix).then_some((host, id));
        Ok(())
    }

    /// `FileDispositionInfoEx { Flags }` (FILE_DISPOSITION_INFORMATION_EX doc):
    /// - without FILE_DISPOSITION_FLAG_ON_CLOSE, FILE_DISPOSITION_FLAG_DELETE sets the
    ///   disposition and DO_NOT_DELETE (0) clears it, as FileDispositionInfo does;
    ///   POSIX_SEMANTICS with DELETE also removes the name when this handle's file object
    ///   closes, even while other handles stay open: they keep the unnamed file, and a new file
    ///   may take the name (H26; doc: "the link is removed from the visible namespace as soon
    ///   as the POSIX delete handle has been closed"; wine test_file_disposition_information:
    ///   closing the POSIX handle first deletes the file, closing the other handle first does
    ///   not);
    /// - with ON_CLOSE the call sets or clears this file object's delete-on-close state
    ///   instead (H27): clearing it cancels a FILE_FLAG_DELETE_ON_CLOSE open (wine "can reset
    ///   delete-on-close flag through FileDispositionInformationEx"; WinBtrfs
    ///   `src/tests/delete.cpp` "Clear delete on close flag"); setting it on an object not
    ///   opened delete-on-close is STATUS_NOT_SUPPORTED -> ERROR_NOT_SUPPORTED (delete.cpp
    ///   "Try to set delete on close flag"), on one opened so it changes nothing. Engine
    ///   choice: the other flags are ignored with ON_CLOSE.
    ///
    /// FORCE_IMAGE_SECTION_CHECK and IGNORE_READONLY_ATTRIBUTE change nothing here: every
    /// section already refuses, and winsection keeps no read-only attribute. Unknown flags are
    /// ERROR_INVALID_PARAMETER. The handle needs DELETE in every case (H23).
    pub fn set_file_disposition_ex(&mut self, pid: Pid, handle: Handle, flags: u32) -> Result<()> {
        let known = FILE_DISPOSITION_FLAG_DELETE
            | FILE_DISPOSITION_FLAG_POSIX_SEMANTICS
            | FILE_DISPOSITION_FLAG_FORCE_IMAGE_SECTION_CHECK
            | FILE_DISPOSITION_FLAG_ON_CLOSE
            | FILE_DISPOSITION_FLAG_IGNORE_READONLY_ATTRIBUTE;
        if flags & !known != 0 {
            return Err(NtStatus::INVALID_PARAMETER.into());
        }
        let delete = flags & FILE_DISPOSITION_FLAG_DELETE != 0;
        if flags & FILE_DISPOSITION_FLAG_ON_CLOSE != 0 {
            return self.set_delete_on_close(pid, handle, delete);
        }
        let posix = flags & FILE_DISPOSITION_FLAG_POSIX_SEMANTICS != 0;
        self.set_disposition(pid, handle, delete, posix)
    }

    /// FileDispositionInfoEx with FILE_DISPOSITION_FLAG_ON_CLOSE (H27).
    fn set_delete_on_close(&mut self, pid: Pid, handle: Handle, delete: bool) -> Result<()> {
        let (id, host, access) = self.file_handle(pid, handle)?;
        if access & DELETE == 0 {
            return Err(NtStatus::ACCESS_DENIED.by(RuleId::H23));
        }
        let object = self.file_object_mut(host, id)?;
        let on_close = object.flags & FILE_FLAG_DELETE_ON_CLOSE != 0;
        if delete && !on_close {
            return Err(NtStatus::NOT_SUPPORTED.by(RuleId::H27));
        }
        if !delete {
            object.flags &= !FILE_FLAG_DELETE_ON_CLOSE;
        }
        self.hit(RuleId::H27);
        Ok(())
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
