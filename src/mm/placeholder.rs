//! Placeholders: reserved address ranges that can be split, coalesced, and replaced by a view
//! or by private memory, and that come back when that view or memory goes with
//! MEM_PRESERVE_PLACEHOLDER (MS docs "VirtualAlloc2" example "Scenario: reserving a region and
//! mapping views into it"; `VirtualFree`, `MapViewOfFile3`, `UnmapViewOfFile2`).
//!
//! Windows truth (wine `kernelbase/tests/process.c test_VirtualAlloc2` and
//! `test_MapViewOfFile3`, plain `ok()` lines):
//! - `VirtualAlloc2(MEM_RESERVE|MEM_RESERVE_PLACEHOLDER, PAGE_NOACCESS)` makes a placeholder:
//!   VirtualQuery shows MEM_RESERVE, MEM_PRIVATE, AllocationProtect PAGE_NOACCESS;
//! - `VirtualFree(p, size, MEM_RELEASE|MEM_PRESERVE_PLACEHOLDER)` splits a placeholder at page
//!   granularity into two or three (size 0: ERROR_INVALID_PARAMETER; the whole placeholder, or
//!   a plain reservation: ERROR_INVALID_ADDRESS; a view: ERROR_INVALID_PARAMETER);
//! - `MapViewOfFile3(MEM_REPLACE_PLACEHOLDER)` maps a view exactly over one placeholder, with
//!   page alignment for base and offset;
//! - `UnmapViewOfFile2(MEM_PRESERVE_PLACEHOLDER)` of such a view leaves the placeholder; of any
//!   other view it is ERROR_INVALID_ADDRESS.
//!
//! winsection's choices where those tests are silent (README, "where sources disagree"):
//! `MEM_COALESCE_PLACEHOLDERS` needs `address` at a placeholder's base and `address + size` at a
//! placeholder's end with only placeholders in between (else ERROR_INVALID_ADDRESS; size 0 is
//! ERROR_INVALID_PARAMETER); a view or memory over a placeholder must cover it exactly (else
//! ERROR_INVALID_PARAMETER); committing inside a placeholder is ERROR_INVALID_ADDRESS.

use super::address_space::{AddressSpace, PrivateRegion, Region};
use super::page_map::PageMap;
use super::page_store::PageStore;
use crate::consts::*;
use crate::error::{NtStatus, Result};
use crate::ps::Pid;
use crate::system::System;

/// What a private region is to the placeholder rules.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) enum PlaceholderRole {
    /// Ordinary memory.
    #[default]
    None,
    /// A placeholder (reserved, nothing committed, PAGE_NOACCESS).
    Placeholder,
    /// Memory that replaced a placeholder (`VirtualAlloc2(MEM_REPLACE_PLACEHOLDER)`).
    Replaced,
}

/// A placeholder region `[base, base + size)`.
pub(crate) fn new_placeholder(base: u64, size: u64) -> Region {
    Region::Private(PrivateRegion {
        base,
        size,
        allocation_protect: PAGE_NOACCESS,
        committed: PageMap::new(),
        store: PageStore::default(),
        locked: PageMap::new(),
        placeholder: PlaceholderRole::Placeholder,
    })
}

fn is_placeholder(region: &Region) -> bool {
    matches!(region, Region::Private(p) if p.placeholder == PlaceholderRole::Placeholder)
}

/// Whether `[base, base + size)` is exactly one placeholder (what MEM_REPLACE_PLACEHOLDER
/// needs): a base outside any placeholder is ERROR_INVALID_ADDRESS, a size that does not fill
/// it ERROR_INVALID_PARAMETER.
pub(crate) fn check_replaceable(space: &AddressSpace, base: u64, size: u64) -> Result<()> {
    match space.find(base) {
        Some(r) if is_placeholder(r) && r.base() == base => {
            if r.size() == size {
                Ok(())
            } else {
                Err(NtStatus::INVALID_PARAMETER.into())
            }
        }
        _ => Err(NtStatus::CONFLICTING_ADDRESSES.into()),
    }
}

impl System {
    /// `VirtualAlloc2(MEM_RESERVE | MEM_RESERVE_PLACEHOLDER, PAGE_NOACCESS)`: a new placeholder
    /// at `address` (64 KiB-aligned, or anywhere free when 0). Another protection is
    /// ERROR_INVALID_PARAMETER.
    pub fn reserve_placeholder(
        &mut self,
        pid: Pid,
        address: u64,
        size: u64,
        prot: u32,
    ) -> Result<u64> {
        if prot != PAGE_NOACCESS || size == 0 || address > MAX_APPLICATION_ADDRESS {
            return Err(NtStatus::INVALID_PARAMETER.into());
        }
        let len = size
            .checked_next_multiple_of(PAGE_SIZE)
            .ok_or(NtStatus::INVALID_PARAMETER)?;
        let space = &mut self.live_process_mut(pid)?.address_space;
        let base = if address == 0 {
            space.find_free(len).ok_or(NtStatus::NO_MEMORY)?
        } else {
            if address % ALLOCATION_GRANULARITY != 0 {
                return Err(NtStatus::MAPPED_ALIGNMENT.into());
            }
            if !space.is_free(address, len) {
                return Err(NtStatus::CONFLICTING_ADDRESSES.into());
            }
            address
        };
        space.insert(new_placeholder(base, len));
        Ok(base)
    }

    /// `VirtualAlloc2(MEM_RESERVE | MEM_REPLACE_PLACEHOLDER [| MEM_COMMIT])`: private memory
    /// exactly over the placeholder at `address`; `VirtualFree(MEM_PRESERVE_PLACEHOLDER)` gives
    /// the placeholder back.
    pub fn replace_placeholder_with_memory(
        &mut self,
        pid: Pid,
        address: u64,
        size: u64,
        commit: bool,
        prot: u32,
    ) -> Result<u64> {
        if !crate::mm::protection::is_valid_page_protection(prot)
            || crate::mm::protection::is_copy_on_write(prot)
        {
            return Err(NtStatus::INVALID_PAGE_PROTECTION.into());
        }
        if address % PAGE_SIZE != 0 {
            return Err(NtStatus::MAPPED_ALIGNMENT.into());
        }
        let len = size
            .checked_next_multiple_of(PAGE_SIZE)
            .ok_or(NtStatus::INVALID_PARAMETER)?;
        let (process, host, _) = self.parts_mut(pid)?;
        check_replaceable(&process.address_space, address, len)?;
        let mut committed = PageMap::new();
        if commit {
            host.charge_commit(len)?;
            committed.set(0, len / PAGE_SIZE, prot);
        }
        process.address_space.remove(address);
        process.address_space.insert(Region::Private(PrivateRegion {
            base: address,
            size: len,
            allocation_protect: prot,
            committed,
            store: PageStore::default(),
            locked: PageMap::new(),
            placeholder: PlaceholderRole::Replaced,
        }));
        Ok(address)
    }

    /// `VirtualFree` with MEM_PRESERVE_PLACEHOLDER (split, or give back a replaced
    /// placeholder) or MEM_COALESCE_PLACEHOLDERS (merge), both with MEM_RELEASE.
    pub(crate) fn free_placeholder(
        &mut self,
        pid: Pid,
        address: u64,
        size: u64,
        free_type: u32,
    ) -> Result<()> {
        let preserve = free_type == MEM_RELEASE | MEM_PRESERVE_PLACEHOLDER;
        let coalesce = free_type == MEM_RELEASE | MEM_COALESCE_PLACEHOLDERS;
        if !(preserve || coalesce) || size == 0 {
            return Err(NtStatus::INVALID_PARAMETER.into());
        }
        let (start, end) = match address.checked_add(size) {
            Some(e) => (
                address & !(PAGE_SIZE - 1),
                e.checked_next_multiple_of(PAGE_SIZE)
                    .ok_or(NtStatus::INVALID_PARAMETER)?,
            ),
            None => return Err(NtStatus::INVALID_PARAMETER.into()),
        };
        let process = self.live_process_mut(pid)?;
        let host_id = process.spec.host;
        let space = &mut process.address_space;
        let region = space.find(address).ok_or(NtStatus::CONFLICTING_ADDRESSES)?;
        let (base, region_end, role) = match region {
            Region::View(_) => return Err(NtStatus::INVALID_PARAMETER.into()),
            Region::Private(p) => (p.base, region.end(), p.placeholder),
        };
        if coalesce {
            return coalesce_placeholders(space, start, end);
        }
        match role {
            PlaceholderRole::None => Err(NtStatus::CONFLICTING_ADDRESSES.into()),
            PlaceholderRole::Replaced => {
                if start != base || end != region_end {
                    return Err(NtStatus::INVALID_PARAMETER.into());
                }
                if let Some(old) = space.remove(base) {
                    space.insert(new_placeholder(base, region_end - base));
                    self.release_region(host_id, old);
                }
                Ok(())
            }
            PlaceholderRole::Placeholder => {
                if end > region_end {
                    return Err(NtStatus::INVALID_PARAMETER.into());
                }
                if start == base && end == region_end {
                    return Err(NtStatus::CONFLICTING_ADDRESSES.into());
                }
                space.remove(base);
                for (a, b) in [(base, start), (start, end), (end, region_end)] {
                    if b > a {
                        space.insert(new_placeholder(a, b - a));
                    }
                }
                Ok(())
            }
        }
    }
}

/// Merges the placeholders that exactly tile `[start, end)` into one.
fn coalesce_placeholders(space: &mut AddressSpace, start: u64, end: u64) -> Result<()> {
    let mut at = start;
    let mut bases = Vec::new();
    while at < end {
        match space.find(at) {
            Some(r) if is_placeholder(r) && r.base() == at && r.end() <= end => {
                bases.push(at);
                at = r.end();
            }
            _ => return Err(NtStatus::CONFLICTING_ADDRESSES.into()),
        }
    }
    for b in bases {
        space.remove(b);
    }
    space.insert(new_placeholder(start, end - start));
    Ok(())
}
