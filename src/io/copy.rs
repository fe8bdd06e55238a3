//! `CopyFileW`: a new file with the source's bytes.
//!
//! Rules (MS docs "CopyFileW"; Wine `kernelbase/file.c CopyFileExW`, which opens the source
//! GENERIC_READ with FILE_SHARE_READ | FILE_SHARE_DELETE and the target CREATE_ALWAYS
//! GENERIC_WRITE with no sharing): an existing target with `bFailIfExists` is
//! ERROR_FILE_EXISTS; a source open for writing is ERROR_SHARING_VIOLATION, and so is an open
//! target; a target with a data section is ERROR_USER_MAPPED_FILE (CREATE_ALWAYS over a mapped
//! file; wine `file.c test_file_sharing`), with an image section ERROR_SHARING_VIOLATION; no
//! room on the target's disk is ERROR_DISK_FULL. Everything is checked before the target is
//! touched, so a failed copy changes nothing. Only the file's data is copied
//! (`System::copied_image`).

use super::file_object::share_conflict;
use crate::consts::*;
use crate::error::{NtStatus, Result};
use crate::ps::Pid;
use crate::system::System;

impl System {
    /// `CopyFileW(from, to, bFailIfExists)`.
    pub fn copy_file(
        &mut self,
        pid: Pid,
        from: &str,
        to: &str,
        fail_if_exists: bool,
    ) -> Result<()> {
        let host = self.live_process(pid)?.spec.host;
        let (src_disk, src) = self.locate(host, from)?;
        let (dst_disk, dst) = self.locate(host, to)?;
        let source = self.lookup_file(src_disk, &src)?;
        let src_node = self.live_file(source)?;
        if src_node.delete_pending {
            return Err(NtStatus::DELETE_PENDING.into());
        }
        let size = src_node.size;
        let read_share = FILE_SHARE_READ | FILE_SHARE_DELETE;
        if share_conflict(
            self.open_instances(source).into_iter(),
            FILE_READ_DATA,
            read_share,
        ) {
            return Err(NtStatus::SHARING_VIOLATION.into());
        }
        let existing = match self.lookup_file(dst_disk, &dst) {
            Ok(target) => Some(target),
            Err(e) if e.status() == Some(NtStatus::OBJECT_NAME_NOT_FOUND) => None,
            Err(e) => return Err(e),
        };
        let mut freed = 0;
        if let Some(target) = existing {
            if fail_if_exists {
                return Err(crate::error::Win32Error::FILE_EXISTS);
            }
            if target == source {
                return Err(NtStatus::SHARING_VIOLATION.into());
            }
            let node = self.live_file(target)?;
            if node.delete_pending {
                return Err(NtStatus::DELETE_PENDING.into());
            }
            if share_conflict(self.open_instances(target).into_iter(), FILE_WRITE_DATA, 0) {
                return Err(NtStatus::SHARING_VIOLATION.into());
            }
            if node.has_image_section() {
                return Err(NtStatus::SHARING_VIOLATION.into());
            }
            if !node.sections.is_empty() {
                return Err(NtStatus::USER_MAPPED_FILE.into());
            }
            freed = node.size;
        }
        let disk = self
            .storage
            .disks
            .get(dst_disk)
            .ok_or(NtStatus::BAD_NETWORK_PATH)?;
        let after = disk.used.saturating_sub(freed).saturating_add(size);
        if disk.capacity.is_some_and(|c| after > c) {
            return Err(NtStatus::DISK_FULL.into());
        }
        let image = self.copied_image(host, source, size);
        if let Some(target) = existing {
            self.storage.unlink(target);
            self.drop_caches_if_gone(target);
        }
        let (volume_key, key) = (dst.volume_key(), dst.key());
        let disk = self
            .storage
            .disks
            .get_mut(dst_disk)
            .ok_or(NtStatus::BAD_NETWORK_PATH)?;
        disk.resize(0, size)?;
        self.storage
            .create(dst_disk, &volume_key, &key, dst.display(), size, image);
        Ok(())
    }
}
