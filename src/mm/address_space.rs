//! A process's simulated 64-bit user address space: mapped views and private allocations,
//! placed deterministically.
//!
//! Placement is bottom-up first fit from `FIRST_PLACEMENT`, on 64 KiB boundaries (allocation
//! granularity, catalog F1, F7); no ASLR, so the same calls give the same addresses on every run.
//! The free gaps are indexed ([`FreeRanges`]), so placing costs O(log regions), not a walk.

use std::collections::BTreeMap;

use super::free_ranges::FreeRanges;
use super::page_map::PageMap;
use super::page_store::PageStore;
use crate::consts::{MAX_APPLICATION_ADDRESS, PAGE_SIZE};
use crate::ob::object::ObjectId;

/// Where the first free-address search starts (256 MiB: clear of the simulated image and heap).
pub const FIRST_PLACEMENT: u64 = 0x1000_0000;

/// A mapped view of a section.
#[derive(Clone, Debug)]
pub(crate) struct View {
    pub base: u64,
    /// Page-rounded size (VirtualQuery's RegionSize for a uniform view).
    pub size: u64,
    pub section: ObjectId,
    /// Byte offset of the view in the section (a multiple of 64 KiB).
    pub offset: u64,
    /// The protection the view was mapped with, with PAGE_NOCACHE / PAGE_WRITECOMBINE from the
    /// section's attributes (catalog F20).
    pub allocation_protect: u32,
    /// Current protection of each view page (view-relative page index).
    pub protect: PageMap<u32>,
    /// Private copies made by copy-on-write writes (view-relative page index; catalog F15).
    pub private: PageStore,
    /// Pages locked with VirtualLock.
    pub locked: PageMap<()>,
    /// A view of an image section (VirtualQuery Type MEM_IMAGE).
    pub image: bool,
    /// Mapped over a placeholder (MEM_REPLACE_PLACEHOLDER): unmapping with
    /// MEM_PRESERVE_PLACEHOLDER gives the placeholder back (`mm/placeholder.rs`).
    pub placeholder: bool,
}

/// Memory from `VirtualAlloc` (MEM_PRIVATE).
#[derive(Clone, Debug)]
pub(crate) struct PrivateRegion {
    pub base: u64,
    pub size: u64,
    pub allocation_protect: u32,
    /// Committed pages and their protection; a page with no entry is reserved.
    pub committed: PageMap<u32>,
    pub store: PageStore,
    pub locked: PageMap<()>,
    /// Whether this is a placeholder, or memory that replaced one (`mm/placeholder.rs`).
    pub placeholder: super::placeholder::PlaceholderRole,
}

/// One allocation in an address space.
#[derive(Clone, Debug)]
pub(crate) enum Region {
    View(View),
    Private(PrivateRegion),
}

impl Region {
    pub fn base(&self) -> u64 {
        match self {
            Region::View(v) => v.base,
            Region::Private(p) => p.base,
        }
    }

    pub fn size(&self) -> u64 {
        match self {
            Region::View(v) => v.size,
            Region::Private(p) => p.size,
        }
    }

    /// Exclusive end address.
    pub fn end(&self) -> u64 {
        self.base().saturating_add(self.size())
    }

    pub fn locked(&self) -> &PageMap<()> {
        match self {
            Region::View(v) => &v.locked,
            Region::Private(p) => &p.locked,
        }
    }

    pub fn locked_mut(&mut self) -> &mut PageMap<()> {
        match self {
            Region::View(v) => &mut v.locked,
            Region::Private(p) => &mut p.locked,
        }
    }
}

/// A run of view pages that the last access resolved uniformly (issue #11: an 8-byte
/// `write_memory` paid ~500 instructions resolving the same page state each time): the pages
/// `[start, end)` of one view of a page-file-backed section, committed, with one protection
/// that allows reading (and writing, if `writable`) with no guard, and no private
/// copy-on-write copy in the view. Their bytes are the section's store pages from
/// `first_section_page` on, so an access inside the run goes straight to the store.
///
/// Only `mm/access.rs` `reach` fills it, and only in that case; every change of the address
/// space forgets it (see [`HotSlot`]), and a section's own state can only grow under it (its
/// commit map only gains pages while a view maps it; its backing never changes; a flushed or
/// cloned page is shared copy-on-write inside the store, which a write through the store
/// handles). `System::check` verifies it against a full resolve (`check_hot_run`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct HotRun {
    /// Address of the run's first page.
    pub start: u64,
    /// Exclusive end address (page-aligned).
    pub end: u64,
    /// The section the view maps (a versioned key: a freed and reused slot does not match).
    pub section: ObjectId,
    /// Section page of the run's first page.
    pub first_section_page: u64,
    /// The protection every page of the run has.
    pub protect: u32,
    /// Whether a write is allowed as a plain store (not read-only, not copy-on-write).
    pub writable: bool,
}

impl HotRun {
    /// The section page of the page holding `at`, if `at` is in the run and the run allows
    /// the access.
    #[inline]
    pub fn section_page(&self, at: u64, write: bool) -> Option<u64> {
        if at < self.start || at >= self.end || (write && !self.writable) {
            return None;
        }
        Some(self.first_section_page + (at - self.start) / PAGE_SIZE)
    }
}

/// The cached [`HotRun`], if any. Cloning forgets it (a copied machine resolves afresh), and
/// `AddressSpace` empties it in every method that lends or changes a region: the one choke
/// point, since regions and protections live only behind those methods.
#[derive(Debug, Default)]
pub(crate) struct HotSlot(Option<HotRun>);

impl Clone for HotSlot {
    fn clone(&self) -> Self {
        HotSlot(None)
    }
}

/// The allocations of one process, keyed by base address, and the free gaps above
/// `FIRST_PLACEMENT`.
#[derive(Clone, Debug)]
pub(crate) struct AddressSpace {
    regions: BTreeMap<u64, Region>,
    free: FreeRanges,
    /// Regions changed since the host mirror last reconciled this address space.
    pub(crate) changes: super::host_log::RegionChanges,
    /// The last uniformly resolved run of view pages (the access fast path).
    hot: HotSlot,
}

impl Default for AddressSpace {
    fn default() -> Self {
        AddressSpace {
            regions: BTreeMap::new(),
            free: FreeRanges::new(FIRST_PLACEMENT, MAX_APPLICATION_ADDRESS + 1),
            changes: Default::default(),
            hot: HotSlot(None),
        }
    }
}

impl AddressSpace {
    /// The region containing `address`.
    pub fn find(&self, address: u64) -> Option<&Region> {
        let (_, r) = self.regions.range(..=address).next_back()?;
        (address < r.end()).then_some(r)
    }

    /// The region containing `address`, for changing it (noted for the host mirror; the hot
    /// run is forgotten, as the caller may change what its pages resolve to).
    pub fn find_mut(&mut self, address: u64) -> Option<&mut Region> {
        self.find_mut_with_hot(address).map(|(r, _)| r)
    }

    /// `find_mut`, and the emptied hot-run slot, for `reach` to fill once it has resolved a
    /// page (the region and the slot are borrowed together).
    pub fn find_mut_with_hot(
        &mut self,
        address: u64,
    ) -> Option<(&mut Region, &mut Option<HotRun>)> {
        self.hot.0 = None;
        let (_, r) = self.regions.range_mut(..=address).next_back()?;
        if address >= r.end() {
            return None;
        }
        self.changes.note(r.base());
        Some((r, &mut self.hot.0))
    }

    /// The cached hot run, if any.
    #[inline]
    pub fn hot(&self) -> Option<&HotRun> {
        self.hot.0.as_ref()
    }

    /// The first region starting above `address` (to size a free range).
    pub fn next_after(&self, address: u64) -> Option<&Region> {
        self.regions
            .range(address.saturating_add(1)..)
            .next()
            .map(|(_, r)| r)
    }

    /// Whether `[base, base+size)` is inside user space and touches no region.
    pub fn is_free(&self, base: u64, size: u64) -> bool {
        let Some(end) = base.checked_add(size) else {
            return false;
        };
        if base < crate::consts::MIN_APPLICATION_ADDRESS || end > MAX_APPLICATION_ADDRESS + 1 {
            return false;
        }
        if let Some((_, r)) = self.regions.range(..end).next_back() {
            if r.end() > base {
                return false;
            }
        }
        true
    }

    /// The lowest 64 KiB-aligned base at or above `FIRST_PLACEMENT` with `size` free bytes.
    pub fn find_free(&mut self, size: u64) -> Option<u64> {
        self.free.first_fit(size)
    }

    pub fn insert(&mut self, region: Region) {
        self.hot.0 = None;
        let regions = &self.regions;
        let base = region.base();
        self.free.take(base, region.size(), || {
            regions
                .range(..base)
                .next_back()
                .map_or(0, |(_, r)| r.end())
        });
        self.changes.note(base);
        self.regions.insert(region.base(), region);
    }

    /// Removes the region based at `base`.
    pub fn remove(&mut self, base: u64) -> Option<Region> {
        self.hot.0 = None;
        let region = self.regions.remove(&base)?;
        self.free.give_back(region.base(), region.size());
        self.changes.note(base);
        Some(region)
    }

    /// Every region, in address order.
    pub fn iter(&self) -> impl Iterator<Item = &Region> {
        self.regions.values()
    }

    /// Takes every region out (process exit; the hot run goes with the rest of the state).
    pub fn drain(&mut self) -> Vec<Region> {
        let regions = std::mem::take(self).regions.into_values().collect();
        self.changes.note_all();
        regions
    }

    /// Regions are disjoint, page-aligned, inside user space (for `System::check`).
    pub fn check(&self) -> Result<(), String> {
        let mut prev_end = 0u64;
        for r in self.regions.values() {
            if r.base() % PAGE_SIZE != 0 || r.size() % PAGE_SIZE != 0 || r.size() == 0 {
                return Err(format!("region at {:#x} is not page-aligned", r.base()));
            }
            if r.base() < prev_end {
                return Err(format!(
                    "region at {:#x} overlaps its predecessor",
                    r.base()
                ));
            }
            if r.end() > MAX_APPLICATION_ADDRESS + 1 {
                return Err(format!("region at {:#x} leaves user space", r.base()));
            }
            prev_end = r.end();
        }
        self.check_free()
    }

    /// The free-range index is exactly the complement of the regions above `FIRST_PLACEMENT`.
    fn check_free(&self) -> Result<(), String> {
        let mut expected = Vec::new();
        let mut at = FIRST_PLACEMENT;
        for r in self.regions.values() {
            let (base, end) = (r.base().max(FIRST_PLACEMENT), r.end().max(FIRST_PLACEMENT));
            if base > at {
                expected.push((at, base));
            }
            at = at.max(end);
        }
        if at < MAX_APPLICATION_ADDRESS + 1 {
            expected.push((at, MAX_APPLICATION_ADDRESS + 1));
        }
        if !self.free.iter().eq(expected) || !self.free.check_classes() {
            return Err("the free-range index does not match the regions".into());
        }
        Ok(())
    }
}
