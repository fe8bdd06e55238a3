//! The Windows CE profile's memory rules (`Profile::Ce`): which sections and views exist, and
//! where views go.
//!
//! Sources: "CreateFileMapping (Windows CE 5.0)" (the CE column's ground truth), CE 3.0/6.0
//! CreateFileMapping pages, `CEL_MAPFILE_CREATE`, CE core docs "prog_mem_7"; catalog K1-K4, K8.
//!
//! Layout (Windows CE 5.0 "Memory Architecture"): 32 process slots of 32 MB from address 0
//! (slot 0 the running process, slot N at N * 32 MB), then the shared memory-mapped-file region
//! from `0x4200_0000` to `0x7FFF_FFFF`, visible at the same addresses in every process. A
//! RAM-backed (INVALID_HANDLE_VALUE) mapping is "backed by physical memory" and "not part of
//! the 32 MB virtual process space": its views are placed in the shared region, and the total
//! of RAM-backed mappings is limited by that region's size (catalog K8).

use super::address_space::Region;
use super::map::ViewRequest;
use super::section::{Backing, SectionRequest};
use crate::consts::*;
use crate::error::{NtStatus, Result, Win32Error};
use crate::ob::object::ObjectId;
use crate::object_body::Body;
use crate::ps::Pid;
use crate::rule::RuleId;
use crate::system::System;

/// The size of one CE process slot (CE ≤ 5: 32 MB).
pub const CE_SLOT_SIZE: u64 = 32 << 20;
/// How many process slots CE ≤ 5 has (slot 0 is the running process).
pub const CE_SLOTS: u64 = 33;
/// First address of the shared memory-mapped-file region.
pub const CE_SHARED_BASE: u64 = 0x4200_0000;
/// One past its last address.
pub const CE_SHARED_END: u64 = 0x8000_0000;
/// The region's capacity: the most bytes all RAM-backed mappings of a CE machine may hold
/// together (0x3E00_0000 bytes, 992 MiB). Past it `CreateFileMapping` fails with
/// ERROR_NOT_ENOUGH_MEMORY (catalog K8: the CE docs name no code; 8 is what NT gives for a
/// section that does not fit, STATUS_SECTION_TOO_BIG).
pub const CE_SHARED_CAPACITY: u64 = CE_SHARED_END - CE_SHARED_BASE;

/// Where a CE process's `VirtualAlloc(NULL, ...)` goes: the lowest 64 KiB-aligned free range
/// inside its 32 MB slot (from 0x10000, the slot-0 view of the running process). A slot that
/// cannot hold it is ERROR_NOT_ENOUGH_MEMORY (the caller's `None`).
pub(crate) fn slot_free(space: &super::address_space::AddressSpace, len: u64) -> Option<u64> {
    let mut base = MIN_APPLICATION_ADDRESS;
    while base.checked_add(len)? <= CE_SLOT_SIZE {
        if space.is_free(base, len) {
            return Some(base);
        }
        base = base.checked_add(ALLOCATION_GRANULARITY)?;
    }
    None
}

/// Whether a protection is one of the PAGE_EXECUTE* values (none exist on CE).
fn is_executable(protection: u32) -> bool {
    protection
        & (PAGE_EXECUTE | PAGE_EXECUTE_READ | PAGE_EXECUTE_READWRITE | PAGE_EXECUTE_WRITECOPY)
        != 0
}

impl System {
    /// The dump's description of a CE host's layout: the profile, the process slots (each
    /// process in creation order from slot 2; slot 0 is the running process, slot 1 the
    /// ROM DLLs in CE 5) and how full the shared mapped-file region is.
    pub(crate) fn ce_layout(&self, host: usize) -> String {
        let used: u64 = self
            .hosts
            .get(host)
            .map(|h| {
                h.objects
                    .iter()
                    .filter_map(|(_, o)| match &o.body {
                        Body::Section(s) if s.backing == Backing::Pagefile => Some(s.size),
                        _ => None,
                    })
                    .sum()
            })
            .unwrap_or(0);
        let mut out = format!(
            "  profile ce: process slots of {CE_SLOT_SIZE:#x} bytes; shared mapped-file region \
             {CE_SHARED_BASE:#x}-{:#x}, RAM-backed mappings {used:#x} of {CE_SHARED_CAPACITY:#x} bytes\n",
            CE_SHARED_END - 1
        );
        for p in self.processes.values().filter(|p| p.spec.host == host) {
            if let Some((slot, first, last)) = self.ce_slot(p.pid) {
                out.push_str(&format!(
                    "    slot {slot} {first:#x}-{last:#x} {}\n",
                    p.spec.name
                ));
            }
        }
        out
    }

    /// A CE process's slot: its number and its first and last address (processes of a host
    /// take slots from 2 in creation order; None past the last slot or for an unknown pid).
    pub(crate) fn ce_slot(&self, pid: Pid) -> Option<(u64, u64, u64)> {
        let host = self.processes.get(&pid)?.spec.host;
        let index = self
            .processes
            .values()
            .filter(|p| p.spec.host == host)
            .position(|p| p.pid == pid)?;
        let slot = (index as u64).checked_add(2).filter(|s| *s < CE_SLOTS)?;
        let first = slot.checked_mul(CE_SLOT_SIZE)?;
        Some((slot, first, first.checked_add(CE_SLOT_SIZE - 1)?))
    }

    /// ` (shared region)` for an address in CE's shared memory-mapped-file region, where every
    /// view is placed (for the dump and the pictures; catalog K8); empty elsewhere and on
    /// Windows.
    pub(crate) fn ce_region_note(&self, address: u64) -> &'static str {
        if self.is_ce() && (CE_SHARED_BASE..CE_SHARED_END).contains(&address) {
            " (shared region)"
        } else {
            ""
        }
    }

    /// Whether this machine runs the CE profile.
    pub(crate) fn is_ce(&self) -> bool {
        self.config.profile == crate::system::Profile::Ce
    }

    /// The CE checks `CreateFileMapping` makes before anything else (catalog K2-K4, K8):
    /// - PAGE_WRITECOPY and every PAGE_EXECUTE* protection: ERROR_INVALID_PARAMETER (K3;
    ///   `CEL_MAPFILE_CREATE`: "PAGE_WRITECOPY — Not supported"; CE has no executable
    ///   protections for mappings);
    /// - SEC_IMAGE, SEC_NOCACHE, SEC_RESERVE (and the NT-only SEC_LARGE_PAGES,
    ///   SEC_WRITECOMBINE): ERROR_INVALID_PARAMETER (K4: "not supported");
    /// - PAGE_READONLY without a file: ERROR_INVALID_PARAMETER (K2: "You cannot specify
    ///   PAGE_READONLY without a file handle");
    /// - RAM-backed mappings past the shared region's capacity: ERROR_NOT_ENOUGH_MEMORY (K8).
    pub(crate) fn ce_check_section_request(
        &self,
        pid: Pid,
        request: &SectionRequest<'_>,
    ) -> Result<()> {
        let prot = request.protection;
        if prot & PAGE_WRITECOPY != 0 || is_executable(prot) {
            return Err(Win32Error::INVALID_PARAMETER.by(RuleId::K3));
        }
        if request.attributes & !SEC_COMMIT != 0 {
            return Err(Win32Error::INVALID_PARAMETER.by(RuleId::K4));
        }
        if request.file.is_none() {
            if prot == PAGE_READONLY {
                return Err(Win32Error::INVALID_PARAMETER.by(RuleId::K2));
            }
            let size = request
                .maximum_size
                .checked_next_multiple_of(PAGE_SIZE)
                .ok_or(Win32Error::NOT_ENOUGH_MEMORY)?;
            let host_id = self.live_process(pid)?.spec.host;
            if let Some(name) = request.name {
                // An existing name opens the existing mapping, whatever size is asked (K7):
                // nothing new is charged to the region.
                if matches!(
                    self.ce_lookup_name(host_id, name),
                    Ok(crate::ob::namespace::Lookup::Found(_))
                ) {
                    return Ok(());
                }
            }
            let host = self.host_ref(host_id)?;
            let used: u64 = host
                .objects
                .iter()
                .filter_map(|(_, o)| match &o.body {
                    Body::Section(s) if s.backing == Backing::Pagefile => Some(s.size),
                    _ => None,
                })
                .sum();
            if used.saturating_add(size) > CE_SHARED_CAPACITY {
                return Err(Win32Error::NOT_ENOUGH_MEMORY.by(RuleId::K8));
            }
        }
        Ok(())
    }

    /// A CE view: no copy-on-write (FILE_MAP_COPY) and no executable views
    /// (ERROR_INVALID_PARAMETER: K3), and placed in the shared mapped-file region, at the
    /// address another process already sees the same part of the mapping at when that is free
    /// here (CE maps a mapping once, globally), else at the lowest address free in every
    /// process of the host. A full region is ERROR_NOT_ENOUGH_MEMORY.
    pub(crate) fn ce_place_view(
        &self,
        pid: Pid,
        section: ObjectId,
        mut request: ViewRequest,
        view_size: u64,
    ) -> Result<ViewRequest> {
        if request.protection & (PAGE_WRITECOPY | PAGE_EXECUTE_WRITECOPY) != 0
            || is_executable(request.protection)
        {
            return Err(Win32Error::INVALID_PARAMETER.by(RuleId::K3));
        }
        if request.base.is_some() {
            return Ok(request);
        }
        let host = self.live_process(pid)?.spec.host;
        let processes: Vec<_> = self
            .processes
            .values()
            .filter(|p| p.spec.host == host && p.exit_code.is_none())
            .collect();
        let own = self.live_process(pid)?;
        let shared = processes
            .iter()
            .flat_map(|p| p.address_space.iter())
            .find_map(|r| match r {
                Region::View(v)
                    if v.section == section
                        && v.offset == request.offset
                        && v.size == view_size =>
                {
                    Some(v.base)
                }
                _ => None,
            });
        if let Some(base) = shared.filter(|b| own.address_space.is_free(*b, view_size)) {
            request.base = Some(base);
            return Ok(request);
        }
        let mut base = CE_SHARED_BASE;
        while base.saturating_add(view_size) <= CE_SHARED_END {
            if processes
                .iter()
                .all(|p| p.address_space.is_free(base, view_size))
            {
                request.base = Some(base);
                return Ok(request);
            }
            base = base.saturating_add(ALLOCATION_GRANULARITY);
        }
        Err(NtStatus::NO_MEMORY.into())
    }
}
