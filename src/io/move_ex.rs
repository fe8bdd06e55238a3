//! `MoveFileExW`: `MoveFileW` with flags.
//!
//! MS docs "MoveFileExW": without MOVEFILE_COPY_ALLOWED a move to another volume fails
//! (ERROR_NOT_SAME_DEVICE); MOVEFILE_REPLACE_EXISTING replaces an existing target file, which
//! must not be open (ERROR_ACCESS_DENIED, NT's rename with ReplaceIfExists refuses an open
//! target) nor used by a section (ERROR_ACCESS_DENIED, STATUS_CANNOT_DELETE); a target that is
//! the source itself is a rename to itself; an existing directory is never replaced
//! (ERROR_ACCESS_DENIED; without the flag it is ERROR_ALREADY_EXISTS, as for a file; catalog
//! H25). MOVEFILE_WRITE_THROUGH is accepted (winsection
//! writes metadata at once). MOVEFILE_DELAY_UNTIL_REBOOT, MOVEFILE_CREATE_HARDLINK and
//! MOVEFILE_FAIL_IF_NOT_TRACKABLE are not modelled: ERROR_INVALID_PARAMETER. Every check that
//! can fail runs before the target is removed, so a failed call changes nothing.

use super::file_object::share_conflict;
use crate::consts::*;
use crate::error::{NtStatus, Result};
use crate::ps::Pid;
use crate::rule::RuleId;
use crate::system::System;

/// `MOVEFILE_WRITE_THROUGH` (winbase.h).
const MOVEFILE_WRITE_THROUGH: u32 = 0x8;

impl System {
    /// `MoveFileExW(from, to, flags)`.
    pub fn move_file_ex(&mut self, pid: Pid, from: &str, to: &str, flags: u32) -> Result<()> {
        let known = MOVEFILE_REPLACE_EXISTING | MOVEFILE_COPY_ALLOWED | MOVEFILE_WRITE_THROUGH;
        if flags & !known != 0 {
            return Err(NtStatus::INVALID_PARAMETER.into());
        }
        let host = self.live_process(pid)?.spec.host;
        let (src_disk, src) = self.locate(host, from)?;
        let (dst_disk, dst) = self.locate(host, to)?;
        let source = self.lookup_file(src_disk, &src)?;
        let same_volume = src_disk == dst_disk && src.volume_key() == dst.volume_key();
        if !same_volume && flags & MOVEFILE_COPY_ALLOWED == 0 {
            return Err(NtStatus::NOT_SAME_DEVICE.into());
        }
        if flags & MOVEFILE_REPLACE_EXISTING != 0 {
            let target = self.lookup_file(dst_disk, &dst);
            if target
                .as_ref()
                .is_err_and(|e| e.status() == Some(NtStatus::FILE_IS_A_DIRECTORY))
            {
                // Wine ntdll/tests/file.c test_file_rename_information, "oldpath is a file,
                // newpath is a directory, Replace = TRUE": STATUS_ACCESS_DENIED, both stay.
                return Err(NtStatus::ACCESS_DENIED.by(RuleId::H25));
            }
            if let Ok(target) = target {
                if target != source {
                    self.check_replaceable_move(source, target, same_volume, dst_disk)?;
                    // As DeleteFile with no handle open: the name and the bytes go.
                    self.storage.unlink(target);
                    self.drop_caches_if_gone(target);
                }
            }
        }
        self.move_file(pid, from, to)
    }

    /// What `move_file` and the removal of `target` would refuse, checked before anything
    /// changes.
    fn check_replaceable_move(
        &self,
        source: crate::io::storage::FileId,
        target: crate::io::storage::FileId,
        same_volume: bool,
        dst_disk: usize,
    ) -> Result<()> {
        let src_node = self.live_file(source)?;
        if src_node.delete_pending {
            return Err(NtStatus::DELETE_PENDING.into());
        }
        let all = FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE;
        if share_conflict(self.open_instances(source).into_iter(), DELETE, all) {
            return Err(NtStatus::SHARING_VIOLATION.into());
        }
        let dst_node = self.live_file(target)?;
        if !self.open_instances(target).is_empty() {
            return Err(NtStatus::ACCESS_DENIED.into());
        }
        if !dst_node.sections.is_empty() {
            return Err(NtStatus::CANNOT_DELETE.into());
        }
        if !same_volume {
            if !src_node.sections.is_empty() {
                return Err(NtStatus::CANNOT_DELETE.into());
            }
            let disk = self
                .storage
                .disks
                .get(dst_disk)
                .ok_or(NtStatus::BAD_NETWORK_PATH)?;
            let after = disk
                .used
                .saturating_sub(dst_node.size)
                .saturating_add(src_node.size);
            if disk.capacity.is_some_and(|c| after > c) {
                return Err(NtStatus::DISK_FULL.into());
            }
        }
        Ok(())
    }
}
