//! The Windows CE profile (catalog K1-K9; "CreateFileMapping (Windows CE 5.0)", the CE
//! column's ground truth; "CreateFileForMapping (Windows CE 5.0)"; CE 5.0 "Memory
//! Architecture"). Names are in `names.rs` (`lookup_for`).

use super::*;

/// First address of CE's shared memory-mapped-file region (CE 5.0 "Memory Architecture":
/// above the 32 process slots of 32 MB, from 0x4200_0000 up to 2 GB).
pub const CE_SHARED_BASE: u64 = 0x4200_0000;

/// One past the region's last address.
pub const CE_SHARED_END: u64 = 0x8000_0000;

/// K8: RAM-backed mappings are "not part of the 32 MB virtual process space"; all of them
/// together hold at most the shared region's size (engine choice of the capacity and of the
/// error, ERROR_NOT_ENOUGH_MEMORY: the CE pages name none).
pub const CE_SHARED_CAPACITY: u64 = CE_SHARED_END - CE_SHARED_BASE;

/// Whether a protection names PAGE_WRITECOPY or any PAGE_EXECUTE* value.
fn unsupported_protection(protection: u32) -> bool {
    protection
        & (PAGE_WRITECOPY
            | PAGE_EXECUTE
            | PAGE_EXECUTE_READ
            | PAGE_EXECUTE_READWRITE
            | PAGE_EXECUTE_WRITECOPY)
        != 0
}

impl Model {
    /// CE `CreateFileMapping`: `lpFileMappingAttributes` "Ignored. Must be NULL"
    /// (ERROR_INVALID_PARAMETER: K1, engine choice of the code); then CE's own checks, then the
    /// rules every profile shares. The file handle belongs to the mapping: it is closed whatever
    /// the outcome ("if CreateFileMapping fails, the file handle is closed"; K9; engine choice:
    /// on success too, the mapping owning the file), after the mapping's last error is set.
    pub(crate) fn ce_create_file_mapping(
        &mut self,
        pid: u32,
        file: HANDLE,
        fl_protect: u32,
        size: u64,
        name: Option<&str>,
        inherit: bool,
    ) -> Result<(u64, bool), u32> {
        let r = if inherit {
            Err(ERROR_INVALID_PARAMETER)
        } else {
            self.ce_check_mapping(pid, file, fl_protect, size, name)
                .and_then(|()| self.create_mapping(pid, file, fl_protect, size, name, false))
        };
        if file != INVALID_HANDLE_VALUE && file != 0 {
            let _ = self.close_handle(pid, file as u64);
        }
        r
    }

    /// CE's checks, before any other (K2-K4, K8), all ERROR_INVALID_PARAMETER but the last:
    /// PAGE_WRITECOPY ("Not supported") and executable protections (CE has none for mappings);
    /// any SEC_* attribute but SEC_COMMIT (SEC_IMAGE, SEC_NOCACHE, SEC_RESERVE "not
    /// supported"); PAGE_READONLY without a file ("You cannot specify PAGE_READONLY without a
    /// file handle"); a new RAM-backed mapping that the shared region cannot hold besides the
    /// RAM-backed sections alive (ERROR_NOT_ENOUGH_MEMORY; an existing name opens the existing
    /// mapping and adds nothing).
    pub(crate) fn ce_check_mapping(
        &self,
        pid: u32,
        file: HANDLE,
        fl_protect: u32,
        size: u64,
        name: Option<&str>,
    ) -> Result<(), u32> {
        let (protection, attributes) = sections::split_fl_protect(fl_protect);
        if unsupported_protection(protection) || attributes & !SEC_COMMIT != 0 {
            return Err(ERROR_INVALID_PARAMETER);
        }
        if file != INVALID_HANDLE_VALUE && file != 0 {
            return Ok(());
        }
        if protection == PAGE_READONLY {
            return Err(ERROR_INVALID_PARAMETER);
        }
        let size = size
            .checked_next_multiple_of(PAGE_SIZE)
            .ok_or(ERROR_NOT_ENOUGH_MEMORY)?;
        if let Some(n) = name {
            if matches!(self.lookup_for(pid, n), Ok(names::Lookup::Found(_))) {
                return Ok(());
            }
        }
        let used: u64 = self
            .objects
            .values()
            .filter_map(|o| match &o.kind {
                ObjKind::Section(s) if s.backing == Backing::PageFile => Some(s.size),
                _ => None,
            })
            .sum();
        if used.saturating_add(size) > CE_SHARED_CAPACITY {
            return Err(ERROR_NOT_ENOUGH_MEMORY);
        }
        Ok(())
    }

    /// A CE view (K3, K8): no copy-on-write and no executable view (ERROR_INVALID_PARAMETER).
    /// Without a base, a view goes to the shared region, which every process sees at the same
    /// addresses ("CE maps a mapping once, globally"): at the address where a running process
    /// (in creation order, its views in address order) first maps the same part of the same
    /// mapping, if that is free here; else at the lowest 64 KiB-aligned address of the region
    /// free in every running process (ERROR_NOT_ENOUGH_MEMORY when there is none).
    pub(crate) fn ce_view_base(
        &self,
        pid: u32,
        section: u64,
        offset: u64,
        view_prot: u32,
        view_size: u64,
        base: u64,
    ) -> Result<u64, u32> {
        if unsupported_protection(view_prot) {
            return Err(ERROR_INVALID_PARAMETER);
        }
        if base != 0 {
            return Ok(base);
        }
        let live: Vec<&Proc> = self.procs.iter().filter(|p| p.alive).collect();
        let shared = live
            .iter()
            .flat_map(|p| p.views.values())
            .find(|v| v.section == section && v.offset == offset && v.size == view_size);
        if let Some(v) = shared.filter(|v| self.is_free(pid, v.base, view_size)) {
            return Ok(v.base);
        }
        let mut at = CE_SHARED_BASE;
        while at.saturating_add(view_size) <= CE_SHARED_END {
            if live.iter().all(|p| self.is_free(p.pid, at, view_size)) {
                return Ok(at);
            }
            at = at.saturating_add(ALLOCATION_GRANULARITY);
        }
        Err(ERROR_NOT_ENOUGH_MEMORY)
    }

    /// `CreateFileForMapping` (CE ≤ 5): `CreateFileW` with the share mode derived from the
    /// access — FILE_SHARE_READ for GENERIC_READ without GENERIC_WRITE, else 0 — whatever
    /// `dwShareMode` says ("CreateFileForMapping (Windows CE 5.0)"; K1). A `windows` machine has
    /// no such function: ERROR_CALL_NOT_IMPLEMENTED.
    pub fn create_file_for_mapping(
        &mut self,
        pid: u32,
        path: Option<&str>,
        access: u32,
        disposition: u32,
    ) -> Result<(u64, bool), u32> {
        if !self.ce {
            return Err(ERROR_CALL_NOT_IMPLEMENTED);
        }
        let share = if access & GENERIC_WRITE == 0 && access & GENERIC_READ != 0 {
            FILE_SHARE_READ
        } else {
            0
        };
        self.create_file(pid, path, access, share, disposition, false, false)
    }
}
