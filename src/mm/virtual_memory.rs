//! `VirtualQuery`, `VirtualProtect`, `VirtualAlloc`, `VirtualFree`, `VirtualLock`,
//! `VirtualUnlock` on `System`, for views and private memory.
//!
//! Sources: the functions' MS docs; wine tests `dlls/kernel32/tests/virtual.c`
//! (`test_mapping`, `test_MapViewOfFile`, `test_VirtualProtect`); catalog F13-F19.

use super::address_space::{AddressSpace, PrivateRegion, Region, View};
use super::page_map::PageMap;
use super::page_store::PageStore;
use super::protection;
use super::section::{Backing, Section};
use crate::consts::*;
use crate::error::{NtStatus, Result};
use crate::object_body::{Body, ObjectTable};
use crate::ps::Pid;
use crate::rule::RuleId;
use crate::system::System;

/// `MEMORY_BASIC_INFORMATION`, field for field (winnt.h).
#[allow(non_snake_case, non_camel_case_types, missing_docs)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct MEMORY_BASIC_INFORMATION {
    pub BaseAddress: u64,
    pub AllocationBase: u64,
    pub AllocationProtect: u32,
    pub PartitionId: u16,
    pub RegionSize: u64,
    pub State: u32,
    pub Protect: u32,
    pub Type: u32,
}

/// The section a view maps (None if the table lost it, which `check` reports).
pub(crate) fn view_section<'a>(objects: &'a ObjectTable, view: &View) -> Option<&'a Section> {
    match objects.get(view.section).map(|o| &o.body) {
        Some(Body::Section(s)) => Some(s),
        _ => None,
    }
}

/// Section page index of a view page.
pub(crate) fn section_page(view: &View, view_page: u64) -> u64 {
    (view.offset / PAGE_SIZE).saturating_add(view_page)
}

/// (committed, protection) of a view page: commit state is the section's, shared by every
/// view; protection is the view's own (catalog F17).
fn view_page_state(section: Option<&Section>, view: &View, page: u64) -> (bool, u32) {
    let committed = section.is_some_and(|s| s.committed.get(section_page(view, page)).is_some());
    (committed, view.protect.get(page).unwrap_or(PAGE_NOACCESS))
}

/// The first view page after `page` (and at most `limit`) where its state or protection may
/// change: runs, not pages, so a 1 TiB view costs a few steps.
fn view_run_end(section: Option<&Section>, view: &View, page: u64, limit: u64) -> u64 {
    let prot_end = view.protect.run_end(page, limit);
    let commit_end = section.map_or(limit, |s| {
        let sp = section_page(view, page);
        let end = s.committed.run_end(sp, section_page(view, limit));
        end.saturating_sub(sp).saturating_add(page)
    });
    prot_end.min(commit_end).max(page.saturating_add(1))
}

/// Same for any region.
fn region_run_end(objects: &ObjectTable, region: &Region, page: u64, limit: u64) -> u64 {
    match region {
        Region::View(v) => view_run_end(view_section(objects, v), v, page, limit),
        Region::Private(r) => r.committed.run_end(page, limit).max(page.saturating_add(1)),
    }
}

/// (State, Protect) that VirtualQuery reports for a page of a region: reserved pages report
/// protection 0 (catalog F16).
fn page_report(objects: &ObjectTable, region: &Region, page: u64) -> (u32, u32) {
    let (committed, prot) = match region {
        Region::View(v) => view_page_state(view_section(objects, v), v, page),
        Region::Private(r) => (
            r.committed.get(page).is_some(),
            r.committed.get(page).unwrap_or(0),
        ),
    };
    if committed {
        (MEM_COMMIT, prot)
    } else {
        (MEM_RESERVE, 0)
    }
}

/// The region holding `[address, address + size)` and the range's first and last (exclusive)
/// region-relative pages. The range must lie in one allocation: otherwise, and for free
/// memory, STATUS_CONFLICTING_ADDRESSES -> ERROR_INVALID_ADDRESS.
fn pages_in_one_region(
    space: &mut AddressSpace,
    address: u64,
    size: u64,
) -> Result<(&mut Region, u64, u64)> {
    let (start, end) = page_range(address, size).ok_or(NtStatus::INVALID_PARAMETER)?;
    let region = space
        .find_mut(address)
        .ok_or(NtStatus::CONFLICTING_ADDRESSES)?;
    if end > region.end() {
        return Err(NtStatus::CONFLICTING_ADDRESSES.into());
    }
    let (first, last) = (
        (start - region.base()) / PAGE_SIZE,
        (end - region.base()) / PAGE_SIZE,
    );
    Ok((region, first, last))
}

fn page_floor(a: u64) -> u64 {
    a & !(PAGE_SIZE - 1)
}

/// `[floor(address), ceil(address + size))` as page-aligned addresses, or None on overflow.
fn page_range(address: u64, size: u64) -> Option<(u64, u64)> {
    let end = address
        .checked_add(size)?
        .checked_next_multiple_of(PAGE_SIZE)?;
    Some((page_floor(address), end))
}

impl System {
    /// `VirtualQuery` (catalog F13, F16): for a view page, AllocationBase = view base,
    /// AllocationProtect = the view's protection, State MEM_COMMIT or MEM_RESERVE (Protect 0),
    /// Type MEM_MAPPED, RegionSize the run of pages with the same state and protection; for free
    /// memory MEM_FREE, PAGE_NOACCESS, AllocationBase 0, Type 0. An address beyond user space
    /// is ERROR_INVALID_PARAMETER.
    pub fn virtual_query(&self, pid: Pid, address: u64) -> Result<MEMORY_BASIC_INFORMATION> {
        let process = self.live_process(pid)?;
        if address > MAX_APPLICATION_ADDRESS {
            return Err(NtStatus::INVALID_PARAMETER.into());
        }
        let objects = &self.host_ref(process.spec.host)?.objects;
        let page_addr = page_floor(address);
        let space = &process.address_space;
        let Some(region) = space.find(address) else {
            let next = space
                .next_after(page_addr)
                .map_or(MAX_APPLICATION_ADDRESS + 1, |r| r.base());
            return Ok(MEMORY_BASIC_INFORMATION {
                BaseAddress: page_addr,
                RegionSize: next.saturating_sub(page_addr),
                State: MEM_FREE,
                Protect: PAGE_NOACCESS,
                ..Default::default()
            });
        };
        let first = (page_addr - region.base()) / PAGE_SIZE;
        let pages = region.size() / PAGE_SIZE;
        let (alloc_protect, kind) = match region {
            Region::View(v) => (
                v.allocation_protect,
                if v.image { MEM_IMAGE } else { MEM_MAPPED },
            ),
            Region::Private(r) => (r.allocation_protect, MEM_PRIVATE),
        };
        let report = |p: u64| page_report(objects, region, p);
        let here = report(first);
        let mut end = first + 1;
        while end < pages {
            let next_change = region_run_end(objects, region, end, pages);
            if report(end) != here {
                break;
            }
            end = next_change;
        }
        Ok(MEMORY_BASIC_INFORMATION {
            BaseAddress: page_addr,
            AllocationBase: region.base(),
            AllocationProtect: alloc_protect,
            PartitionId: 0,
            RegionSize: (end.min(pages) - first) * PAGE_SIZE,
            State: here.0,
            Protect: here.1,
            Type: kind,
        })
    }

    /// `VirtualProtect`. On a view the new protection must fit the view's allocation protection
    /// (else ERROR_INVALID_PARAMETER, catalog F14); every page must be committed (else
    /// STATUS_NOT_COMMITTED -> ERROR_INVALID_ADDRESS); the range must lie in one allocation.
    /// A page already copied by copy-on-write reports PAGE_READWRITE when asked for
    /// PAGE_WRITECOPY (wine tests `map_prot_written`). Returns the first page's old protection.
    /// Size 0 is ERROR_INVALID_PARAMETER (a winsection choice: no source says otherwise).
    pub fn virtual_protect(&mut self, pid: Pid, address: u64, size: u64, new: u32) -> Result<u32> {
        if !protection::is_valid_page_protection(new) || size == 0 {
            return Err(NtStatus::INVALID_PAGE_PROTECTION.into());
        }
        let (process, host, _) = self.parts_mut(pid)?;
        let objects = &host.objects;
        let (region, first, last) = pages_in_one_region(&mut process.address_space, address, size)?;
        match region {
            Region::View(v) => {
                let section = view_section(objects, v).ok_or(NtStatus::NOT_MAPPED_VIEW)?;
                let (s0, s1) = (section_page(v, first), section_page(v, last));
                if !section.committed.covers(s0, s1) {
                    return Err(NtStatus::NOT_COMMITTED.into());
                }
                let new = if v.image {
                    super::image::image_page_protection(new)
                } else if protection::is_compatible_protection(v.allocation_protect, new) {
                    new
                } else {
                    return Err(NtStatus::INVALID_PAGE_PROTECTION.by(RuleId::F14));
                };
                let old = v.protect.get(first).unwrap_or(PAGE_NOACCESS);
                let new = protection::with_view_modifiers(new, v.allocation_protect);
                v.protect.set(first, last, new);
                let copied: Vec<u64> = v
                    .private
                    .pages()
                    .filter(|p| (first..last).contains(p))
                    .collect();
                for p in copied {
                    v.protect
                        .set(p, p + 1, protection::after_copy_on_write(new));
                }
                Ok(old)
            }
            Region::Private(r) => {
                if !r.committed.covers(first, last) {
                    return Err(NtStatus::NOT_COMMITTED.into());
                }
                // Private memory has no copy-on-write (wine tests `test_VirtualProtect`).
                if protection::is_copy_on_write(new) {
                    return Err(NtStatus::INVALID_PAGE_PROTECTION.into());
                }
                let old = r.committed.get(first).unwrap_or(PAGE_NOACCESS);
                r.committed.set(first, last, new);
                Ok(old)
            }
        }
    }

    /// `VirtualAlloc`. On a view: MEM_COMMIT commits SEC_RESERVE pages in the section — for
    /// every view — and gives this view's pages the requested protection, which must fit the
    /// view (catalog F17, F19); on SEC_COMMIT views it only changes the protection; MEM_RESET is
    /// accepted and changes nothing; MEM_RESERVE conflicts (ERROR_INVALID_ADDRESS). Elsewhere it
    /// reserves and/or commits private memory. Returns the page-aligned (or, for a new
    /// reservation, 64 KiB-aligned) base.
    pub fn virtual_alloc(
        &mut self,
        pid: Pid,
        address: u64,
        size: u64,
        allocation_type: u32,
        prot: u32,
    ) -> Result<u64> {
        const KNOWN: u32 = MEM_COMMIT | MEM_RESERVE | MEM_RESET | MEM_TOP_DOWN | MEM_LARGE_PAGES;
        // CE: private memory comes from the process's 32 MB slot (src/mm/ce.rs).
        let ce_slot = self.is_ce();
        let reset = allocation_type & MEM_RESET != 0;
        let commit = allocation_type & MEM_COMMIT != 0;
        let reserve = allocation_type & MEM_RESERVE != 0;
        if size == 0
            || allocation_type & !KNOWN != 0
            || (reset && (commit || reserve))
            || !(reset || commit || reserve)
            || allocation_type & MEM_LARGE_PAGES != 0
        {
            return Err(NtStatus::INVALID_PARAMETER.into());
        }
        if !reset && !protection::is_valid_page_protection(prot) {
            return Err(NtStatus::INVALID_PAGE_PROTECTION.into());
        }
        if address > MAX_APPLICATION_ADDRESS {
            return Err(NtStatus::INVALID_PARAMETER.into());
        }
        let (start, end) = page_range(address, size).ok_or(NtStatus::INVALID_PARAMETER)?;
        let (process, host, _) = self.parts_mut(pid)?;
        if address != 0 {
            if let Some(region) = process.address_space.find_mut(address) {
                if end > region.end() {
                    return Err(NtStatus::CONFLICTING_ADDRESSES.into());
                }
                if reset {
                    return Ok(start);
                }
                if reserve {
                    return Err(NtStatus::CONFLICTING_ADDRESSES.into());
                }
                let first = (start - region.base()) / PAGE_SIZE;
                let last = (end - region.base()) / PAGE_SIZE;
                match region {
                    Region::View(v) => {
                        let file_backed = match host.objects.get(v.section).map(|o| &o.body) {
                            Some(Body::Section(s)) => s.backing != Backing::Pagefile,
                            _ => true,
                        };
                        if file_backed {
                            // File views are always committed; VirtualAlloc refuses them
                            // (wine tests `test_CreateFileMapping_protection`; catalog F19).
                            return Err(NtStatus::ACCESS_DENIED.by(RuleId::F19));
                        }
                        if !protection::is_compatible_protection(v.allocation_protect, prot) {
                            return Err(NtStatus::INVALID_PAGE_PROTECTION.by(RuleId::F17));
                        }
                        let (s0, s1) = (section_page(v, first), section_page(v, last));
                        let already = match host.objects.get(v.section).map(|o| &o.body) {
                            Some(Body::Section(section)) => section.committed.count_in(s0, s1),
                            _ => return Err(NtStatus::NOT_MAPPED_VIEW.into()),
                        };
                        let bytes = ((s1 - s0) - already).saturating_mul(PAGE_SIZE);
                        host.charge_commit(bytes)?;
                        if let Some(Body::Section(section)) =
                            host.objects.get_mut(v.section).map(|o| &mut o.body)
                        {
                            section.committed.set(s0, s1, ());
                            section.commit_charge = section.commit_charge.saturating_add(bytes);
                        }
                        let prot = protection::with_view_modifiers(prot, v.allocation_protect);
                        v.protect.set(first, last, prot);
                        // Committed in the section, for every view (F17; SEC_COMMIT views: F19).
                        self.hit(if already < s1 - s0 {
                            RuleId::F17
                        } else {
                            RuleId::F19
                        });
                        return Ok(start);
                    }
                    Region::Private(r) => {
                        // A placeholder cannot be committed (mm/placeholder.rs).
                        if r.placeholder == super::placeholder::PlaceholderRole::Placeholder {
                            return Err(NtStatus::CONFLICTING_ADDRESSES.into());
                        }
                        if protection::is_copy_on_write(prot) {
                            return Err(NtStatus::INVALID_PAGE_PROTECTION.into());
                        }
                        let new_pages = (last - first) - r.committed.count_in(first, last);
                        host.charge_commit(new_pages.saturating_mul(PAGE_SIZE))?;
                        r.committed.set(first, last, prot);
                        return Ok(start);
                    }
                }
            }
        }
        // Free address space: a new private allocation.
        if reset || !reserve && address != 0 {
            // Committing or resetting pages never reserved (VirtualAlloc doc).
            return Err(NtStatus::CONFLICTING_ADDRESSES.into());
        }
        if protection::is_copy_on_write(prot) {
            return Err(NtStatus::INVALID_PAGE_PROTECTION.into());
        }
        let (base, region_size) = if address == 0 {
            let len = end - start;
            let base = if ce_slot {
                super::ce::slot_free(&process.address_space, len)
            } else {
                process.address_space.find_free(len)
            }
            .ok_or(NtStatus::NO_MEMORY)?;
            (base, len)
        } else {
            let base = address & !(ALLOCATION_GRANULARITY - 1);
            let len = end - base;
            if !process.address_space.is_free(base, len) {
                return Err(NtStatus::CONFLICTING_ADDRESSES.into());
            }
            (base, len)
        };
        let pages = region_size / PAGE_SIZE;
        let mut committed = PageMap::new();
        if commit {
            host.charge_commit(region_size)?;
            committed.set(0, pages, prot);
        }
        process.address_space.insert(Region::Private(PrivateRegion {
            base,
            size: region_size,
            allocation_protect: prot,
            committed,
            store: PageStore::default(),
            locked: PageMap::new(),
            placeholder: Default::default(),
        }));
        Ok(base)
    }

    /// `VirtualFree`. Views cannot be decommitted or released (ERROR_INVALID_PARAMETER,
    /// catalog F18); private memory: MEM_RELEASE needs the base and size 0, MEM_DECOMMIT a range
    /// inside the allocation (size 0 from the base: all of it), whose pages lose their
    /// contents (catalog F22).
    pub fn virtual_free(
        &mut self,
        pid: Pid,
        address: u64,
        size: u64,
        free_type: u32,
    ) -> Result<()> {
        if free_type & (MEM_PRESERVE_PLACEHOLDER | MEM_COALESCE_PLACEHOLDERS) != 0 {
            return self.free_placeholder(pid, address, size, free_type);
        }
        if free_type != MEM_RELEASE && free_type != MEM_DECOMMIT {
            return Err(NtStatus::INVALID_PARAMETER.into());
        }
        let process = self.live_process_mut(pid)?;
        let host_id = process.spec.host;
        let region = process
            .address_space
            .find_mut(address)
            .ok_or(NtStatus::CONFLICTING_ADDRESSES)?;
        let Region::Private(r) = region else {
            // Views cannot be decommitted or released (F18).
            return Err(NtStatus::INVALID_PARAMETER.by(RuleId::F18));
        };
        let pages = r.size / PAGE_SIZE;
        if free_type == MEM_RELEASE {
            if size != 0 || address != r.base {
                return Err(NtStatus::INVALID_PARAMETER.into());
            }
            let base = r.base;
            if let Some(region) = process.address_space.remove(base) {
                self.release_region(host_id, region);
            }
            return Ok(());
        }
        let (start, end) = if size == 0 {
            if address != r.base {
                return Err(NtStatus::INVALID_PARAMETER.into());
            }
            (r.base, r.base + r.size)
        } else {
            page_range(address, size).ok_or(NtStatus::INVALID_PARAMETER)?
        };
        if end > r.base + r.size {
            return Err(NtStatus::INVALID_PARAMETER.into());
        }
        let (first, last) = (
            (start - r.base) / PAGE_SIZE,
            ((end - r.base) / PAGE_SIZE).min(pages),
        );
        let released = r.committed.count_in(first, last);
        r.committed.clear(first, last);
        r.locked.clear(first, last);
        // Decommitted pages lose their contents: committed again, they read zeros (F22).
        let dropped: Vec<u64> = r
            .store
            .pages()
            .filter(|p| (first..last).contains(p))
            .collect();
        for page in dropped {
            r.store.remove(page);
        }
        self.hit(RuleId::F22);
        if let Some(h) = self.hosts.get_mut(host_id) {
            h.uncharge_commit(released.saturating_mul(PAGE_SIZE));
        }
        Ok(())
    }

    /// `VirtualLock`: every page must be committed and accessible (else ERROR_NOACCESS); the
    /// range must lie in one allocation (else ERROR_INVALID_ADDRESS). The working-set quota
    /// that limits real locks is not modelled.
    pub fn virtual_lock(&mut self, pid: Pid, address: u64, size: u64) -> Result<()> {
        let (first, last, region) = self.lock_range(pid, address, size)?;
        region.locked_mut().set(first, last, ());
        Ok(())
    }

    /// `VirtualUnlock`: "If any of the pages in the specified range are not locked,
    /// VirtualUnlock ... sets last error to ERROR_NOT_LOCKED, and returns FALSE" (MS docs).
    pub fn virtual_unlock(&mut self, pid: Pid, address: u64, size: u64) -> Result<()> {
        let (first, last, region) = self.lock_range(pid, address, size)?;
        if !region.locked().covers(first, last) {
            return Err(NtStatus::NOT_LOCKED.into());
        }
        region.locked_mut().clear(first, last);
        Ok(())
    }

    fn lock_range(&mut self, pid: Pid, address: u64, size: u64) -> Result<(u64, u64, &mut Region)> {
        if size == 0 {
            return Err(NtStatus::INVALID_PARAMETER.into());
        }
        let (process, host, _) = self.parts_mut(pid)?;
        let objects = &host.objects;
        let (region, first, last) = pages_in_one_region(&mut process.address_space, address, size)?;
        let accessible = |committed: bool, prot: u32| {
            committed && protection::allows_read(prot) && prot & PAGE_GUARD == 0
        };
        let mut page = first;
        while page < last {
            let ok = match &*region {
                Region::View(v) => {
                    let (c, p) = view_page_state(view_section(objects, v), v, page);
                    accessible(c, p)
                }
                Region::Private(r) => {
                    let prot = r.committed.get(page);
                    accessible(prot.is_some(), prot.unwrap_or(0))
                }
            };
            if !ok {
                return Err(NtStatus::ACCESS_VIOLATION.into());
            }
            page = region_run_end(objects, region, page, last);
        }
        Ok((first, last, region))
    }
}
