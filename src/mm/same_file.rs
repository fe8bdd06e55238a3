//! `NtAreMappedFilesTheSame`: whether two addresses are views of the same file.
//!
//! Windows truth (wine `kernel32/tests/virtual.c test_NtAreMappedFilesTheSame`, plain `ok()`
//! and `todo_wine` lines): two addresses in one view are the same (STATUS_SUCCESS); two
//! different data views — even of one section — are not (STATUS_NOT_SAME_DEVICE); when the
//! first address is in an image view, any view of the same file is the same (image vs image,
//! and image vs data: `todo_wine`), while a data view first and an image view second are not.
//! Private memory is STATUS_CONFLICTING_ADDRESSES; NULL or free memory STATUS_INVALID_ADDRESS.

use super::address_space::Region;
use super::section::Backing;
use crate::error::NtStatus;
use crate::io::storage::FileId;
use crate::object_body::Body;
use crate::ps::Pid;
use crate::system::System;

/// What an address is, as the comparison needs it.
#[derive(Clone, Copy, PartialEq, Eq)]
struct Mapped {
    view_base: u64,
    file: Option<FileId>,
    image: bool,
}

impl System {
    /// `NtAreMappedFilesTheSame(address1, address2)` in `pid`'s address space.
    pub fn are_mapped_files_the_same(
        &self,
        pid: Pid,
        address1: u64,
        address2: u64,
    ) -> std::result::Result<(), NtStatus> {
        let first = self.mapped_at(pid, address1)?;
        let second = self.mapped_at(pid, address2)?;
        if first.view_base == second.view_base {
            return Ok(());
        }
        match (first.image, first.file, second.file) {
            (true, Some(a), Some(b)) if a == b => Ok(()),
            _ => Err(NtStatus::NOT_SAME_DEVICE),
        }
    }

    fn mapped_at(&self, pid: Pid, address: u64) -> std::result::Result<Mapped, NtStatus> {
        let process = self
            .live_process(pid)
            .map_err(|_| NtStatus::INVALID_HANDLE)?;
        let host = self
            .host_ref(process.spec.host)
            .map_err(|_| NtStatus::INVALID_HANDLE)?;
        match process.address_space.find(address) {
            None => Err(NtStatus::INVALID_ADDRESS),
            Some(Region::Private(_)) => Err(NtStatus::CONFLICTING_ADDRESSES),
            Some(Region::View(v)) => {
                let file = match host.objects.get(v.section).map(|o| &o.body) {
                    Some(Body::Section(s)) => match s.backing {
                        Backing::File { file, .. } => Some(file),
                        Backing::Pagefile => None,
                    },
                    _ => None,
                };
                Ok(Mapped {
                    view_base: v.base,
                    file,
                    image: v.image,
                })
            }
        }
    }
}
