//! Private memory and placeholders: `VirtualAlloc`, `VirtualAllocEx`, `VirtualAlloc2`,
//! `VirtualFree`, `VirtualFreeEx`, `UnmapViewOfFile2`, and what VirtualQuery, VirtualProtect
//! and memory accesses see in private regions (issue 10).
//!
//! Sources: MS docs "VirtualAlloc", "VirtualAlloc2" (example "Scenario: reserving a region and
//! mapping views into it"), "VirtualFree", "MapViewOfFile3", "UnmapViewOfFile2"; wine
//! `kernelbase/tests/process.c test_VirtualAlloc2` and `test_MapViewOfFile3` (plain `ok()`
//! lines, which ran on Windows); wine `kernel32/tests/virtual.c test_VirtualAlloc`. Where
//! those are silent the model follows the engine's documented choice (`src/mm/placeholder.rs`,
//! `src/mm/virtual_memory.rs`) and says "engine choice".

use std::collections::BTreeMap;

use super::protection as prot;
use super::views::page_floor;
use super::*;

/// What a private region is to the placeholder rules.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Role {
    /// Ordinary memory (`VirtualAlloc`).
    #[default]
    Memory,
    /// A placeholder: reserved, nothing committed, AllocationProtect PAGE_NOACCESS
    /// (`VirtualAlloc2(MEM_RESERVE | MEM_RESERVE_PLACEHOLDER)`).
    Placeholder,
    /// Memory that replaced a placeholder (`VirtualAlloc2(MEM_REPLACE_PLACEHOLDER)`).
    Replaced,
}

/// A private region (VirtualQuery Type MEM_PRIVATE).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Private {
    pub base: u64,
    pub size: u64,
    pub allocation_protect: u32,
    /// Committed runs of pages: first page -> (end page, protection); disjoint. A page in no
    /// run is reserved.
    pub committed: BTreeMap<u64, (u64, u32)>,
    /// Bytes by region offset (absent = 0).
    pub bytes: BTreeMap<u64, u8>,
    pub role: Role,
}

impl Private {
    /// A reserved region with nothing committed.
    pub fn new(base: u64, size: u64, allocation_protect: u32, role: Role) -> Self {
        Private {
            base,
            size,
            allocation_protect,
            committed: BTreeMap::new(),
            bytes: BTreeMap::new(),
            role,
        }
    }

    /// A placeholder `[base, base + size)`.
    pub fn placeholder(base: u64, size: u64) -> Self {
        Private::new(base, size, PAGE_NOACCESS, Role::Placeholder)
    }

    pub fn pages(&self) -> u64 {
        self.size / PAGE_SIZE
    }

    pub fn end(&self) -> u64 {
        self.base.saturating_add(self.size)
    }

    /// The protection of a committed page (None: reserved).
    pub fn protect_of(&self, page: u64) -> Option<u32> {
        self.committed
            .range(..=page)
            .next_back()
            .filter(|(_, (end, _))| page < *end)
            .map(|(_, (_, p))| *p)
    }

    /// Commits `[first, last)` with `protect`, or decommits it (None).
    pub fn set(&mut self, first: u64, last: u64, protect: Option<u32>) {
        let overlapping: Vec<(u64, u64, u32)> = self
            .committed
            .range(..last)
            .filter(|(_, (end, _))| *end > first)
            .map(|(s, (e, p))| (*s, *e, *p))
            .collect();
        for (s, e, p) in overlapping {
            self.committed.remove(&s);
            if s < first {
                self.committed.insert(s, (first, p));
            }
            if e > last {
                self.committed.insert(last, (e, p));
            }
        }
        if let Some(p) = protect {
            self.committed.insert(first, (last, p));
        }
    }

    /// How many pages of `[first, last)` are committed.
    pub fn committed_pages(&self, first: u64, last: u64) -> u64 {
        self.committed
            .iter()
            .map(|(s, (e, _))| (*e).min(last).saturating_sub((*s).max(first)))
            .sum()
    }

    /// The end of the run of pages from `page` that VirtualQuery reports alike (same state and
    /// protection).
    fn run_end(&self, page: u64) -> u64 {
        let Some(p) = self.protect_of(page) else {
            return self
                .committed
                .range(page..)
                .next()
                .map_or(self.pages(), |(s, _)| *s);
        };
        let mut end = self
            .committed
            .range(..=page)
            .next_back()
            .map_or(page.saturating_add(1), |(_, (e, _))| *e);
        while let Some((e, q)) = self.committed.get(&end) {
            if *q != p {
                break;
            }
            end = *e;
        }
        end
    }
}

/// A region of an address space: a view or private memory.
#[derive(Clone, Copy, Debug)]
pub enum At<'a> {
    View(&'a View),
    Private(&'a Private),
}

impl At<'_> {
    pub fn base(&self) -> u64 {
        match self {
            At::View(v) => v.base,
            At::Private(r) => r.base,
        }
    }

    pub fn end(&self) -> u64 {
        match self {
            At::View(v) => v.end(),
            At::Private(r) => r.end(),
        }
    }
}

/// `[floor(address), ceil(address + size))`, or None on overflow.
fn page_range(address: u64, size: u64) -> Option<(u64, u64)> {
    let end = address
        .checked_add(size)?
        .checked_next_multiple_of(PAGE_SIZE)?;
    Some((page_floor(address), end))
}

impl Model {
    /// Every allocation of a process, (base, end), in address order.
    pub(crate) fn regions(&self, pid: u32) -> Vec<(u64, u64)> {
        let Some(p) = self.proc(pid) else {
            return Vec::new();
        };
        let mut all: Vec<(u64, u64)> = p
            .views
            .values()
            .map(|v| (v.base, v.end()))
            .chain(p.private.values().map(|r| (r.base, r.end())))
            .collect();
        all.sort_unstable();
        all
    }

    /// The allocation holding `address`.
    pub(crate) fn region_at(&self, pid: u32, address: u64) -> Option<At<'_>> {
        if let Some(v) = self.view_of(pid, address) {
            return Some(At::View(v));
        }
        self.private_of(pid, address).map(At::Private)
    }

    pub(crate) fn private_of(&self, pid: u32, address: u64) -> Option<&Private> {
        let (_, r) = self.proc(pid)?.private.range(..=address).next_back()?;
        (address < r.end()).then_some(r)
    }

    fn private_mut(&mut self, pid: u32, base: u64) -> Option<&mut Private> {
        self.proc_mut(pid)?.private.get_mut(&base)
    }

    /// Gives back `pages` pages of commit charge.
    pub(crate) fn uncharge(&mut self, pages: u64) {
        self.commit_charge = self
            .commit_charge
            .saturating_sub(pages.saturating_mul(PAGE_SIZE));
    }

    /// The process a `*Ex` call names, if the handle holds PROCESS_VM_OPERATION (MS docs,
    /// hProcess: "The handle must have the PROCESS_VM_OPERATION access right"; else
    /// ERROR_ACCESS_DENIED; no process handle: ERROR_INVALID_HANDLE).
    fn vm_target(&self, pid: u32, process: u64) -> Result<u32, u32> {
        let (target, access) = self.process_of(pid, process)?;
        if access & PROCESS_VM_OPERATION == 0 {
            return Err(ERROR_ACCESS_DENIED);
        }
        Ok(target)
    }

    /// `VirtualAlloc`, `VirtualAllocEx` (the target process first), `VirtualAlloc2` (NULL
    /// process: the caller). VirtualAlloc2 sends the placeholder types to their own rules:
    /// MEM_RESERVE | MEM_RESERVE_PLACEHOLDER makes a placeholder, MEM_RESERVE |
    /// MEM_REPLACE_PLACEHOLDER (with or without MEM_COMMIT) replaces one; any other type
    /// naming a placeholder bit is ERROR_INVALID_PARAMETER (wine `test_VirtualAlloc2`:
    /// `VirtualAlloc2(MEM_RESERVE_PLACEHOLDER)` without MEM_RESERVE fails). `VirtualAlloc(Ex)`
    /// knows no placeholder bit (ERROR_INVALID_PARAMETER, the same test).
    pub fn alloc_call(
        &mut self,
        pid: u32,
        api: AllocCall,
        address: u64,
        size: u64,
        allocation: u32,
        protect: u32,
    ) -> Result<u64, u32> {
        let target = match api {
            AllocCall::Plain | AllocCall::Two(0) => pid,
            AllocCall::Ex(h) | AllocCall::Two(h) => self.vm_target(pid, h as u64)?,
        };
        if !matches!(api, AllocCall::Two(_)) {
            return self.virtual_alloc(target, address, size, allocation, protect);
        }
        let placeholder_bits = allocation & (MEM_RESERVE_PLACEHOLDER | MEM_REPLACE_PLACEHOLDER);
        match (allocation & !placeholder_bits, placeholder_bits) {
            (_, 0) => self.virtual_alloc(target, address, size, allocation, protect),
            (MEM_RESERVE, MEM_RESERVE_PLACEHOLDER) => {
                self.reserve_placeholder(target, address, size, protect)
            }
            (MEM_RESERVE, MEM_REPLACE_PLACEHOLDER) => {
                self.replace_placeholder(target, address, size, false, protect)
            }
            (t, MEM_REPLACE_PLACEHOLDER) if t == MEM_RESERVE | MEM_COMMIT => {
                self.replace_placeholder(target, address, size, true, protect)
            }
            _ => Err(ERROR_INVALID_PARAMETER),
        }
    }

    /// `VirtualAlloc(address, size, allocation, protect)` (MS docs "VirtualAlloc"; engine
    /// `System::virtual_alloc`). Order: size 0, a type outside MEM_COMMIT | MEM_RESERVE |
    /// MEM_RESET | MEM_TOP_DOWN, MEM_RESET with anything else, none of the three, or
    /// MEM_LARGE_PAGES (no large pages here: engine choice) -> ERROR_INVALID_PARAMETER; an
    /// invalid protection (not checked for MEM_RESET) -> ERROR_INVALID_PARAMETER; an address
    /// beyond user space or a range that overflows -> ERROR_INVALID_PARAMETER. Then:
    /// - inside an allocation: a range leaving it -> ERROR_INVALID_ADDRESS; MEM_RESET changes
    ///   nothing; MEM_RESERVE -> ERROR_INVALID_ADDRESS (reserving what is reserved); in a view,
    ///   committing as [`Model::commit_view`] says (F17, F19); in private memory a placeholder
    ///   cannot be committed (ERROR_INVALID_ADDRESS, wine `test_VirtualAlloc2`), copy-on-write
    ///   protections are ERROR_INVALID_PARAMETER (wine `test_VirtualAlloc`), and the pages take
    ///   the protection, the new ones charged (ERROR_COMMITMENT_LIMIT past the limit);
    /// - in free memory: MEM_RESET, or committing at an address never reserved ->
    ///   ERROR_INVALID_ADDRESS ("Attempting to commit a specific address range by specifying
    ///   MEM_COMMIT without MEM_RESERVE and a non-NULL lpAddress fails unless the entire range
    ///   has already been reserved"); a copy-on-write protection -> ERROR_INVALID_PARAMETER; a
    ///   new region at the address rounded down to 64 KiB (busy or outside user space:
    ///   ERROR_INVALID_ADDRESS), or without an address at the lowest free 64 KiB boundary from
    ///   0x1000_0000 (engine choice: bottom-up, no ASLR; MEM_TOP_DOWN is ignored) — on CE in
    ///   the process's 32 MB slot (catalog K, `src/mm/ce.rs`) — ERROR_NOT_ENOUGH_MEMORY when
    ///   there is no room. With MEM_COMMIT the whole region is committed (NULL address:
    ///   "MEM_COMMIT ... reserve and commit") and charged.
    ///
    /// Returns the page-aligned address (a new region: its base).
    pub fn virtual_alloc(
        &mut self,
        pid: u32,
        address: u64,
        size: u64,
        allocation: u32,
        protect: u32,
    ) -> Result<u64, u32> {
        const KNOWN: u32 = MEM_COMMIT | MEM_RESERVE | MEM_RESET | MEM_TOP_DOWN | MEM_LARGE_PAGES;
        let reset = allocation & MEM_RESET != 0;
        let commit = allocation & MEM_COMMIT != 0;
        let reserve = allocation & MEM_RESERVE != 0;
        if size == 0
            || allocation & !KNOWN != 0
            || (reset && (commit || reserve))
            || !(reset || commit || reserve)
            || allocation & MEM_LARGE_PAGES != 0
        {
            return Err(ERROR_INVALID_PARAMETER);
        }
        if !reset && !prot::valid_page_protection(protect) {
            return Err(ERROR_INVALID_PARAMETER);
        }
        if address > MAX_APPLICATION_ADDRESS {
            return Err(ERROR_INVALID_PARAMETER);
        }
        let (start, end) = page_range(address, size).ok_or(ERROR_INVALID_PARAMETER)?;
        self.live(pid)?;
        if address != 0 {
            if let Some(region) = self.region_at(pid, address) {
                if end > region.end() {
                    return Err(ERROR_INVALID_ADDRESS);
                }
                if reset {
                    return Ok(start);
                }
                if reserve {
                    return Err(ERROR_INVALID_ADDRESS);
                }
                let first = (start - region.base()) / PAGE_SIZE;
                let last = (end - region.base()) / PAGE_SIZE;
                return match region {
                    At::View(v) => {
                        let base = v.base;
                        self.commit_view(pid, base, first, last, protect)?;
                        Ok(start)
                    }
                    At::Private(r) => {
                        if r.role == Role::Placeholder {
                            return Err(ERROR_INVALID_ADDRESS);
                        }
                        if prot::copy_on_write(protect) {
                            return Err(ERROR_INVALID_PARAMETER);
                        }
                        let base = r.base;
                        let new_pages = (last - first) - r.committed_pages(first, last);
                        self.charge_commit(new_pages.saturating_mul(PAGE_SIZE))?;
                        if let Some(r) = self.private_mut(pid, base) {
                            r.set(first, last, Some(protect));
                        }
                        Ok(start)
                    }
                };
            }
        }
        if reset || !reserve && address != 0 {
            return Err(ERROR_INVALID_ADDRESS);
        }
        if prot::copy_on_write(protect) {
            return Err(ERROR_INVALID_PARAMETER);
        }
        let (base, len) = if address == 0 {
            let len = end - start;
            let base = if self.ce {
                self.ce_slot_free(pid, len)
            } else {
                self.find_free(pid, len)
            };
            (base.ok_or(ERROR_NOT_ENOUGH_MEMORY)?, len)
        } else {
            let base = address & !(ALLOCATION_GRANULARITY - 1);
            let len = end - base;
            if !self.is_free(pid, base, len) {
                return Err(ERROR_INVALID_ADDRESS);
            }
            (base, len)
        };
        let mut region = Private::new(base, len, protect, Role::Memory);
        if commit {
            self.charge_commit(len)?;
            region.set(0, len / PAGE_SIZE, Some(protect));
        }
        if let Some(p) = self.proc_mut(pid) {
            p.private.insert(base, region);
        }
        Ok(base)
    }

    /// Where a CE process's `VirtualAlloc(NULL, ...)` goes: the lowest 64 KiB boundary from
    /// 0x10000 with room inside its 32 MB slot (CE 5.0 "Memory Architecture"; engine
    /// `ce::slot_free`).
    fn ce_slot_free(&self, pid: u32, len: u64) -> Option<u64> {
        const CE_SLOT_SIZE: u64 = 32 << 20;
        let mut base = MIN_APPLICATION_ADDRESS;
        while base.checked_add(len)? <= CE_SLOT_SIZE {
            if self.is_free(pid, base, len) {
                return Some(base);
            }
            base = base.checked_add(ALLOCATION_GRANULARITY)?;
        }
        None
    }

    /// `VirtualAlloc2(MEM_RESERVE | MEM_RESERVE_PLACEHOLDER, PAGE_NOACCESS)` (wine
    /// `test_VirtualAlloc2`: the placeholder shows MEM_RESERVE, MEM_PRIVATE, AllocationProtect
    /// PAGE_NOACCESS; another protection is ERROR_INVALID_PARAMETER). Size 0 or an address
    /// beyond user space -> ERROR_INVALID_PARAMETER; without an address the lowest free 64 KiB
    /// boundary from 0x1000_0000 (also on CE: engine choice), ERROR_NOT_ENOUGH_MEMORY when
    /// there is none; an address not on a 64 KiB boundary -> ERROR_MAPPED_ALIGNMENT; a busy
    /// one -> ERROR_INVALID_ADDRESS.
    pub fn reserve_placeholder(
        &mut self,
        pid: u32,
        address: u64,
        size: u64,
        protect: u32,
    ) -> Result<u64, u32> {
        if protect != PAGE_NOACCESS || size == 0 || address > MAX_APPLICATION_ADDRESS {
            return Err(ERROR_INVALID_PARAMETER);
        }
        let len = size
            .checked_next_multiple_of(PAGE_SIZE)
            .ok_or(ERROR_INVALID_PARAMETER)?;
        self.live(pid)?;
        let base = if address == 0 {
            self.find_free(pid, len).ok_or(ERROR_NOT_ENOUGH_MEMORY)?
        } else {
            if address % ALLOCATION_GRANULARITY != 0 {
                return Err(ERROR_MAPPED_ALIGNMENT);
            }
            if !self.is_free(pid, address, len) {
                return Err(ERROR_INVALID_ADDRESS);
            }
            address
        };
        if let Some(p) = self.proc_mut(pid) {
            p.private.insert(base, Private::placeholder(base, len));
        }
        Ok(base)
    }

    /// Whether `[base, base + len)` is exactly one placeholder, as MEM_REPLACE_PLACEHOLDER
    /// needs (wine `test_VirtualAlloc2`, `test_MapViewOfFile3`): a base at no placeholder's
    /// start -> ERROR_INVALID_ADDRESS; a size other than the placeholder's ->
    /// ERROR_INVALID_PARAMETER (engine choice for a smaller size: MS docs "VirtualAlloc2" only
    /// say the view or memory replaces the placeholder).
    pub(crate) fn check_replaceable(&self, pid: u32, base: u64, len: u64) -> Result<(), u32> {
        match self.private_of(pid, base) {
            Some(r) if r.role == Role::Placeholder && r.base == base => {
                if r.size == len {
                    Ok(())
                } else {
                    Err(ERROR_INVALID_PARAMETER)
                }
            }
            _ => Err(ERROR_INVALID_ADDRESS),
        }
    }

    /// `VirtualAlloc2(MEM_RESERVE | MEM_REPLACE_PLACEHOLDER [| MEM_COMMIT])`: private memory
    /// exactly over the placeholder at `address` (wine `test_VirtualAlloc2`). An invalid or
    /// copy-on-write protection -> ERROR_INVALID_PARAMETER; an address off a page boundary ->
    /// ERROR_MAPPED_ALIGNMENT; then [`Model::check_replaceable`]; with MEM_COMMIT every page
    /// is committed and charged.
    pub fn replace_placeholder(
        &mut self,
        pid: u32,
        address: u64,
        size: u64,
        commit: bool,
        protect: u32,
    ) -> Result<u64, u32> {
        if !prot::valid_page_protection(protect) || prot::copy_on_write(protect) {
            return Err(ERROR_INVALID_PARAMETER);
        }
        if address % PAGE_SIZE != 0 {
            return Err(ERROR_MAPPED_ALIGNMENT);
        }
        let len = size
            .checked_next_multiple_of(PAGE_SIZE)
            .ok_or(ERROR_INVALID_PARAMETER)?;
        self.live(pid)?;
        self.check_replaceable(pid, address, len)?;
        let mut region = Private::new(address, len, protect, Role::Replaced);
        if commit {
            self.charge_commit(len)?;
            region.set(0, len / PAGE_SIZE, Some(protect));
        }
        if let Some(p) = self.proc_mut(pid) {
            p.private.insert(address, region);
        }
        Ok(address)
    }

    /// `VirtualFree`, or `VirtualFreeEx` through a process handle (PROCESS_VM_OPERATION).
    pub fn free_call(
        &mut self,
        pid: u32,
        process: Option<HANDLE>,
        address: u64,
        size: u64,
        free_type: u32,
    ) -> Result<(), u32> {
        let target = match process {
            None => pid,
            Some(h) => self.vm_target(pid, h as u64)?,
        };
        self.virtual_free(target, address, size, free_type)
    }

    /// `VirtualFree` (MS docs "VirtualFree"; catalog F18). A placeholder flag goes to
    /// [`Model::free_placeholder`]; otherwise the type must be MEM_RELEASE or MEM_DECOMMIT
    /// alone (ERROR_INVALID_PARAMETER); an address in no allocation -> ERROR_INVALID_ADDRESS;
    /// in a view -> ERROR_INVALID_PARAMETER (F18). MEM_RELEASE needs the region's base and size
    /// 0 ("If the dwFreeType parameter is MEM_RELEASE, this parameter must be 0") and frees
    /// the whole region, its commit given back — a placeholder, or memory that replaced one,
    /// goes entirely. MEM_DECOMMIT with size 0 needs the base (all of it), else the pages of
    /// `[address, address + size)` inside the region (a range leaving it:
    /// ERROR_INVALID_PARAMETER); decommitted pages lose their contents (a page committed again
    /// reads zeros: "the contents will be zero" when first accessed after MEM_COMMIT).
    pub fn virtual_free(
        &mut self,
        pid: u32,
        address: u64,
        size: u64,
        free_type: u32,
    ) -> Result<(), u32> {
        if free_type & (MEM_PRESERVE_PLACEHOLDER | MEM_COALESCE_PLACEHOLDERS) != 0 {
            return self.free_placeholder(pid, address, size, free_type);
        }
        if free_type != MEM_RELEASE && free_type != MEM_DECOMMIT {
            return Err(ERROR_INVALID_PARAMETER);
        }
        self.live(pid)?;
        let r = match self.region_at(pid, address) {
            None => return Err(ERROR_INVALID_ADDRESS),
            Some(At::View(_)) => return Err(ERROR_INVALID_PARAMETER),
            Some(At::Private(r)) => r,
        };
        let (base, region_end) = (r.base, r.end());
        if free_type == MEM_RELEASE {
            if size != 0 || address != base {
                return Err(ERROR_INVALID_PARAMETER);
            }
            self.release_private(pid, base);
            return Ok(());
        }
        let (start, end) = if size == 0 {
            if address != base {
                return Err(ERROR_INVALID_PARAMETER);
            }
            (base, region_end)
        } else {
            page_range(address, size).ok_or(ERROR_INVALID_PARAMETER)?
        };
        if end > region_end {
            return Err(ERROR_INVALID_PARAMETER);
        }
        let (first, last) = ((start - base) / PAGE_SIZE, (end - base) / PAGE_SIZE);
        let released = r.committed_pages(first, last);
        if let Some(r) = self.private_mut(pid, base) {
            r.set(first, last, None);
            let (lo, hi) = (first * PAGE_SIZE, last * PAGE_SIZE);
            r.bytes.retain(|offset, _| !(lo..hi).contains(offset));
        }
        self.uncharge(released);
        Ok(())
    }

    /// Removes the private region based at `base`, giving its commit back.
    fn release_private(&mut self, pid: u32, base: u64) -> Option<Private> {
        let r = self.proc_mut(pid)?.private.remove(&base)?;
        self.uncharge(r.committed_pages(0, r.pages()));
        Some(r)
    }

    /// `VirtualFree` with MEM_PRESERVE_PLACEHOLDER or MEM_COALESCE_PLACEHOLDERS (MS docs
    /// "VirtualFree"; wine `test_VirtualAlloc2`). Each only with MEM_RELEASE, and size 0 is
    /// refused (ERROR_INVALID_PARAMETER); an overflowing range -> ERROR_INVALID_PARAMETER; an
    /// address in no allocation -> ERROR_INVALID_ADDRESS; in a view -> ERROR_INVALID_PARAMETER
    /// (the test's `VirtualFree(view, MEM_RELEASE | MEM_PRESERVE_PLACEHOLDER)`). Then:
    /// - MEM_COALESCE_PLACEHOLDERS: `[address, address + size)` must be tiled exactly by
    ///   placeholders, the first starting at the address (else ERROR_INVALID_ADDRESS: engine
    ///   choice, `src/mm/placeholder.rs`); they become one;
    /// - MEM_PRESERVE_PLACEHOLDER on memory that is no placeholder and replaced none ->
    ///   ERROR_INVALID_ADDRESS (the test's plain reservation); on memory that replaced a
    ///   placeholder, the whole of it (else ERROR_INVALID_PARAMETER) gives the placeholder back
    ///   and its commit; on a placeholder, a range leaving it -> ERROR_INVALID_PARAMETER, the
    ///   whole of it -> ERROR_INVALID_ADDRESS, else it splits in two or three at page
    ///   granularity.
    pub fn free_placeholder(
        &mut self,
        pid: u32,
        address: u64,
        size: u64,
        free_type: u32,
    ) -> Result<(), u32> {
        let preserve = free_type == MEM_RELEASE | MEM_PRESERVE_PLACEHOLDER;
        let coalesce = free_type == MEM_RELEASE | MEM_COALESCE_PLACEHOLDERS;
        if !(preserve || coalesce) || size == 0 {
            return Err(ERROR_INVALID_PARAMETER);
        }
        let (start, end) = page_range(address, size).ok_or(ERROR_INVALID_PARAMETER)?;
        self.live(pid)?;
        let r = match self.region_at(pid, address) {
            None => return Err(ERROR_INVALID_ADDRESS),
            Some(At::View(_)) => return Err(ERROR_INVALID_PARAMETER),
            Some(At::Private(r)) => r,
        };
        let (base, region_end, role) = (r.base, r.end(), r.role);
        if coalesce {
            return self.coalesce_placeholders(pid, start, end);
        }
        match role {
            Role::Memory => Err(ERROR_INVALID_ADDRESS),
            Role::Replaced => {
                if start != base || end != region_end {
                    return Err(ERROR_INVALID_PARAMETER);
                }
                self.release_private(pid, base);
                if let Some(p) = self.proc_mut(pid) {
                    p.private
                        .insert(base, Private::placeholder(base, region_end - base));
                }
                Ok(())
            }
            Role::Placeholder => {
                if end > region_end {
                    return Err(ERROR_INVALID_PARAMETER);
                }
                if start == base && end == region_end {
                    return Err(ERROR_INVALID_ADDRESS);
                }
                let p = self.proc_mut(pid).ok_or(ERROR_INVALID_HANDLE)?;
                p.private.remove(&base);
                for (a, b) in [(base, start), (start, end), (end, region_end)] {
                    if b > a {
                        p.private.insert(a, Private::placeholder(a, b - a));
                    }
                }
                Ok(())
            }
        }
    }

    /// Merges the placeholders that tile `[start, end)` exactly into one.
    fn coalesce_placeholders(&mut self, pid: u32, start: u64, end: u64) -> Result<(), u32> {
        let mut at = start;
        let mut bases = Vec::new();
        while at < end {
            match self.private_of(pid, at) {
                Some(r) if r.role == Role::Placeholder && r.base == at && r.end() <= end => {
                    bases.push(at);
                    at = r.end();
                }
                _ => return Err(ERROR_INVALID_ADDRESS),
            }
        }
        let p = self.proc_mut(pid).ok_or(ERROR_INVALID_HANDLE)?;
        for b in bases {
            p.private.remove(&b);
        }
        p.private
            .insert(start, Private::placeholder(start, end - start));
        Ok(())
    }

    /// `UnmapViewOfFile2(process, address, flags)` (MS docs "UnmapViewOfFile2"; catalog F21):
    /// the process handle needs PROCESS_VM_OPERATION (NULL: ERROR_INVALID_HANDLE), then
    /// [`Model::unmap_view_flags`] in that process.
    pub fn unmap_view2(
        &mut self,
        pid: u32,
        process: u64,
        address: u64,
        flags: u32,
    ) -> Result<(), u32> {
        let target = self.vm_target(pid, process)?;
        self.unmap_view_flags(target, address, flags)
    }

    /// `VirtualQuery` of a private page (engine `System::virtual_query`): AllocationBase and
    /// AllocationProtect the region's, Type MEM_PRIVATE; a committed page MEM_COMMIT with its
    /// protection, a reserved one (placeholders included) MEM_RESERVE and protection 0
    /// (catalog F16; wine `test_VirtualAlloc2` for placeholders); RegionSize the run of pages
    /// alike.
    pub(crate) fn query_private(r: &Private, page_addr: u64) -> Mbi {
        let first = (page_addr - r.base) / PAGE_SIZE;
        let (state, protect) = match r.protect_of(first) {
            Some(p) => (MEM_COMMIT, p),
            None => (MEM_RESERVE, 0),
        };
        let end = r.run_end(first).min(r.pages());
        Mbi {
            base_address: page_addr,
            allocation_base: r.base,
            allocation_protect: r.allocation_protect,
            region_size: (end - first) * PAGE_SIZE,
            state,
            protect,
            kind: MEM_PRIVATE,
        }
    }

    /// `VirtualProtect` in private memory (engine `System::virtual_protect`): every page of the
    /// range must be committed (STATUS_NOT_COMMITTED -> ERROR_INVALID_ADDRESS); copy-on-write
    /// protections are ERROR_INVALID_PARAMETER (private memory has none: wine
    /// `test_VirtualProtect`); no check against the allocation protection. Returns the first
    /// page's old protection.
    pub(crate) fn protect_private(
        &mut self,
        pid: u32,
        base: u64,
        first: u64,
        last: u64,
        new: u32,
    ) -> Result<u32, u32> {
        let r = self.private_mut(pid, base).ok_or(ERROR_INVALID_ADDRESS)?;
        if r.committed_pages(first, last) != last - first {
            return Err(ERROR_INVALID_ADDRESS);
        }
        if prot::copy_on_write(new) {
            return Err(ERROR_INVALID_PARAMETER);
        }
        let old = r.protect_of(first).unwrap_or(PAGE_NOACCESS);
        r.set(first, last, Some(new));
        Ok(old)
    }

    /// The checks an access makes on a private page (MS docs "Memory Protection Constants",
    /// "Creating Guard Pages"): a reserved page faults; a guard page raises
    /// EXCEPTION_GUARD_PAGE once and loses its guard; a protection that does not allow the
    /// access faults. Returns (region base, offset in the region).
    pub(crate) fn check_private_access(
        &mut self,
        pid: u32,
        address: u64,
        write: bool,
    ) -> Result<(u64, u64), Fault> {
        let av = Fault::AccessViolation { address, write };
        let r = self.private_of(pid, address).ok_or(av)?;
        let (base, offset) = (r.base, address - r.base);
        let page = offset / PAGE_SIZE;
        let p = r.protect_of(page).ok_or(av)?;
        if p & PAGE_GUARD != 0 {
            if let Some(r) = self.private_mut(pid, base) {
                r.set(page, page + 1, Some(p & !PAGE_GUARD));
            }
            return Err(Fault::GuardPage { address });
        }
        let allowed = if write {
            prot::writable(p)
        } else {
            prot::readable(p)
        };
        if !allowed {
            return Err(av);
        }
        Ok((base, offset))
    }

    /// Reads a private byte (committed pages start zeroed: MS docs "VirtualAlloc").
    pub(crate) fn read_private(&mut self, pid: u32, address: u64) -> Access<u8> {
        match self.check_private_access(pid, address, false) {
            Ok((base, offset)) => Access::Done(
                self.proc(pid)
                    .and_then(|p| p.private.get(&base))
                    .and_then(|r| r.bytes.get(&offset).copied())
                    .unwrap_or(0),
            ),
            Err(f) => Access::Fault(f),
        }
    }

    /// Writes a private byte.
    pub(crate) fn write_private(&mut self, pid: u32, address: u64, value: u8) -> Access<()> {
        match self.check_private_access(pid, address, true) {
            Ok((base, offset)) => {
                if let Some(r) = self.private_mut(pid, base) {
                    r.bytes.insert(offset, value);
                }
                Access::Done(())
            }
            Err(f) => Access::Fault(f),
        }
    }
}
