//! `NtExtendSection`: a section grows; its views do not.
//!
//! Rules (issue 10; MS docs "NtExtendSection" / `ZwExtendSection`, ReactOS `MmExtendSection`):
//! the handle needs SECTION_EXTEND_SIZE (STATUS_ACCESS_DENIED); a size at or below the current
//! one changes nothing and reports the current size (NtExtendSection never shrinks); a
//! page-file section grows only if it is SEC_RESERVE (the new pages are reserved, no commit is
//! charged), a SEC_COMMIT or image section is STATUS_SECTION_NOT_EXTENDED; a data section over
//! a file grows the file when the file is smaller (ERROR_DISK_FULL when it cannot), which a
//! read-only section may not do (STATUS_SECTION_NOT_EXTENDED: winsection's choice, as
//! CreateFileMapping refuses a read-only section larger than its file). Views keep their size.

use super::section::{Backing, MAX_SECTION_SIZE};
use crate::consts::*;
use crate::error::{NtStatus, Result};
use crate::ob::handle_table::Handle;
use crate::ob::object_type::ObjectType;
use crate::object_body::Body;
use crate::ps::Pid;
use crate::system::System;

impl System {
    /// Extends the section `handle` to at least `new_size` bytes; returns its size after.
    pub fn extend_section(&mut self, pid: Pid, handle: Handle, new_size: u64) -> Result<u64> {
        let (id, access) = self.resolve_typed(pid, handle, ObjectType::Section)?;
        if access & SECTION_EXTEND_SIZE == 0 {
            return Err(NtStatus::ACCESS_DENIED.by(crate::rule::RuleId::E13));
        }
        let host = self.live_process(pid)?.spec.host;
        let (size, attributes, protection, backing) =
            match self.host_ref(host)?.objects.get(id).map(|o| &o.body) {
                Some(Body::Section(s)) => (s.size, s.attributes, s.protection, s.backing),
                _ => return Err(NtStatus::OBJECT_TYPE_MISMATCH.into()),
            };
        if new_size <= size {
            return Ok(size);
        }
        if new_size > MAX_SECTION_SIZE {
            return Err(NtStatus::SECTION_TOO_BIG.into());
        }
        let new_size = match backing {
            Backing::Pagefile if attributes & SEC_RESERVE != 0 => new_size
                .checked_next_multiple_of(PAGE_SIZE)
                .ok_or(NtStatus::SECTION_TOO_BIG)?,
            Backing::Pagefile | Backing::File { image: true, .. } => {
                return Err(NtStatus::SECTION_NOT_EXTENDED.into())
            }
            Backing::File { file, .. } => {
                let file_size = self.storage.files.get(file).map_or(0, |n| n.size);
                if new_size > file_size {
                    if !matches!(protection, PAGE_READWRITE | PAGE_EXECUTE_READWRITE) {
                        return Err(NtStatus::SECTION_NOT_EXTENDED.into());
                    }
                    self.resize_file(file, new_size)?;
                }
                let serial = self.host_ref(host)?.objects.serial(id).unwrap_or(0);
                if let Some(u) = self
                    .storage
                    .files
                    .get_mut(file)
                    .and_then(|n| n.sections.get_mut(&(host, serial)))
                {
                    u.size = new_size;
                }
                new_size
            }
        };
        if let Some(Body::Section(s)) = self
            .host_mut(host)?
            .objects
            .get_mut(id)
            .map(|o| &mut o.body)
        {
            let old_pages = s.page_count();
            s.size = new_size;
            if s.backing != Backing::Pagefile {
                // A file section's pages are all committed (catalog F19).
                s.committed.set(old_pages, s.page_count(), ());
            }
        }
        Ok(new_size)
    }
}
