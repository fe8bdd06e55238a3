//! Native calls on sections and views: `NtExtendSection`, `NtQuerySection`,
//! `NtAreMappedFilesTheSame` (issue 10). They return an NTSTATUS and leave the last error
//! alone, as ntdll does; the model's errors here are NTSTATUS values (ntstatus.h).

use super::*;

/// ntstatus.h values the native calls answer.
pub const STATUS_INVALID_HANDLE: i32 = 0xC000_0008_u32 as i32;
pub const STATUS_INVALID_PARAMETER: i32 = 0xC000_000D_u32 as i32;
pub const STATUS_ACCESS_DENIED: i32 = 0xC000_0022_u32 as i32;
pub const STATUS_OBJECT_TYPE_MISMATCH: i32 = 0xC000_0024_u32 as i32;
pub const STATUS_SECTION_TOO_BIG: i32 = 0xC000_0040_u32 as i32;
pub const STATUS_DISK_FULL: i32 = 0xC000_007F_u32 as i32;
pub const STATUS_SECTION_NOT_EXTENDED: i32 = 0xC000_0087_u32 as i32;
pub const STATUS_NOT_SAME_DEVICE: i32 = 0xC000_00D4_u32 as i32;
pub const STATUS_INVALID_ADDRESS: i32 = 0xC000_0141_u32 as i32;
pub const STATUS_CONFLICTING_ADDRESSES: i32 = 0xC000_0018_u32 as i32;

impl Model {
    /// A section handle for a native call: a value that is no handle is
    /// STATUS_INVALID_HANDLE, another type's handle STATUS_OBJECT_TYPE_MISMATCH (catalog L1).
    pub(crate) fn native_section(&self, pid: u32, handle: u64) -> Result<(u64, u32), i32> {
        let (id, access) = self
            .resolve(pid, handle)
            .map_err(|_| STATUS_INVALID_HANDLE)?;
        if self.section(id).is_none() {
            return Err(STATUS_OBJECT_TYPE_MISMATCH);
        }
        Ok((id, access))
    }

    /// `NtQuerySection(SectionBasicInformation)`: needs SECTION_QUERY (STATUS_ACCESS_DENIED);
    /// reports the SEC_* attributes and the size (wine `virtual.c test_CreateFileMapping`).
    pub fn query_section(&self, pid: u32, handle: u64) -> Result<(u32, u64), i32> {
        let (id, access) = self.native_section(pid, handle)?;
        if access & SECTION_QUERY == 0 {
            return Err(STATUS_ACCESS_DENIED);
        }
        let s = self.section(id).ok_or(STATUS_OBJECT_TYPE_MISMATCH)?;
        Ok((s.attributes, s.queried_size()))
    }

    /// `NtExtendSection` (MS docs `ZwExtendSection`; ReactOS `MmExtendSection`): a negative
    /// size is STATUS_INVALID_PARAMETER; the handle needs SECTION_EXTEND_SIZE
    /// (STATUS_ACCESS_DENIED); a size at or below the current one changes nothing and reports
    /// the current size (a section never shrinks); past the largest section
    /// STATUS_SECTION_TOO_BIG; a page-file section grows only if SEC_RESERVE (to whole pages,
    /// the new pages reserved, no commit charged), a SEC_COMMIT one is
    /// STATUS_SECTION_NOT_EXTENDED; a file section grows the file when the file is smaller —
    /// which only a writable protection may do (else STATUS_SECTION_NOT_EXTENDED: engine
    /// choice, as CreateFileMapping refuses a read-only section larger than its file) — and
    /// its new pages are committed (F19). Views keep their size. Returns the size after.
    pub fn extend_section(&mut self, pid: u32, handle: u64, size: i64) -> Result<u64, i32> {
        let wanted = u64::try_from(size).map_err(|_| STATUS_INVALID_PARAMETER)?;
        let (id, access) = self.native_section(pid, handle)?;
        if access & SECTION_EXTEND_SIZE == 0 {
            return Err(STATUS_ACCESS_DENIED);
        }
        let s = self.section(id).ok_or(STATUS_OBJECT_TYPE_MISMATCH)?;
        let (old, backing, attributes, protection, image) =
            (s.size, s.backing, s.attributes, s.protection, s.image);
        if wanted <= old {
            return Ok(old);
        }
        if wanted > sections::MAX_SECTION_SIZE {
            return Err(STATUS_SECTION_TOO_BIG);
        }
        let new = match backing {
            Backing::PageFile if attributes & SEC_RESERVE != 0 => wanted
                .checked_next_multiple_of(PAGE_SIZE)
                .ok_or(STATUS_SECTION_TOO_BIG)?,
            Backing::PageFile => return Err(STATUS_SECTION_NOT_EXTENDED),
            // An image section never grows (image.rs).
            Backing::File { .. } if image => return Err(STATUS_SECTION_NOT_EXTENDED),
            Backing::File { node, .. } => {
                let file_size = self.files.get(&node).map_or(0, |n| n.size);
                if wanted > file_size {
                    if !protection::writes_file(protection) {
                        return Err(STATUS_SECTION_NOT_EXTENDED);
                    }
                    self.resize_file(node, wanted).map_err(|e| match e {
                        ERROR_DISK_FULL => STATUS_DISK_FULL,
                        _ => STATUS_INVALID_PARAMETER,
                    })?;
                }
                if let Some(n) = self.files.get_mut(&node) {
                    if let Some(entry) = n.sections.get_mut(&id) {
                        entry.0 = wanted;
                    }
                }
                wanted
            }
        };
        if let Some(s) = self.section_mut(id) {
            let old_pages = s.size.div_ceil(PAGE_SIZE);
            s.size = new;
            if s.backing != Backing::PageFile {
                s.committed.push((old_pages, new.div_ceil(PAGE_SIZE)));
            }
        }
        Ok(new)
    }

    /// `NtAreMappedFilesTheSame` (wine `kernel32/tests/virtual.c
    /// test_NtAreMappedFilesTheSame`): an address in private memory is
    /// STATUS_CONFLICTING_ADDRESSES, in no allocation STATUS_INVALID_ADDRESS (the first address
    /// checked first); two addresses in one view are the same (0); two different
    /// data views — even of one section, even of one file — are not
    /// (STATUS_NOT_SAME_DEVICE) — unless the first is an image view and the second maps the
    /// same file (`test_NtAreMappedFilesTheSame`: an image and a data view of one file are
    /// the same file).
    pub fn mapped_files_same(&self, pid: u32, first: u64, second: u64) -> Result<(), i32> {
        let view = |a: u64| match self.view_of(pid, a) {
            Some(v) => Ok(v),
            None if self.private_of(pid, a).is_some() => Err(STATUS_CONFLICTING_ADDRESSES),
            None => Err(STATUS_INVALID_ADDRESS),
        };
        self.live(pid).map_err(|_| STATUS_INVALID_HANDLE)?;
        let (a, b) = (view(first)?, view(second)?);
        if a.base == b.base {
            return Ok(());
        }
        let file = |v: &View| match self.section(v.section).map(|s| s.backing) {
            Some(Backing::File { node, .. }) => Some(node),
            _ => None,
        };
        match (self.is_image_view(a), file(a), file(b)) {
            (true, Some(x), Some(y)) if x == y => Ok(()),
            _ => Err(STATUS_NOT_SAME_DEVICE),
        }
    }
}
