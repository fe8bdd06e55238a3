//! The host page backend's store: a page store whose pages live in a [`SharedMemory`] object,
//! so that views mapped from it in host address space and the engine's own reads and writes
//! (`System::read_memory`, cached `ReadFile`/`WriteFile`, flushes) are the same bytes.

use std::collections::BTreeSet;

use super::host_memory::SharedMemory;
use super::page_store::Page;
use crate::consts::PAGE_SIZE;

const ZERO_PAGE: Page = [0; PAGE_SIZE as usize];

/// Pages in a memfd. A page is "contained" when the memfd holds data there (SEEK_DATA) and
/// the engine wrote it or its bytes are not all zero: a raw load of a never-written page
/// makes tmpfs allocate a zero page (a read fault on a hole), which is no page for the
/// engine (as on the simulated backend, where a read materialises nothing).
#[derive(Debug)]
pub(crate) struct HostPages {
    memory: SharedMemory,
    /// Pages the engine wrote (through `write`), which count even when they hold zeros.
    written: BTreeSet<u64>,
    /// A file cache: every page the memfd holds counts, since a raw load through a view
    /// reads the page into the cache (as `FileCache::page` does on a miss).
    loads_count: bool,
    /// Where a write goes if the host cannot map the page (address space exhausted): the bytes
    /// are lost rather than the engine panicking.
    scratch: Box<Page>,
}

impl HostPages {
    /// An empty store, or `None` if the host has no memfd to give.
    pub fn new() -> Option<Self> {
        Some(HostPages {
            memory: SharedMemory::new().ok()?,
            written: BTreeSet::new(),
            loads_count: false,
            scratch: Box::new(ZERO_PAGE),
        })
    }

    /// A copy in a new object.
    pub fn try_clone(&self) -> Option<Self> {
        Some(HostPages {
            memory: self.memory.deep_clone().ok()?,
            written: self.written.clone(),
            loads_count: self.loads_count,
            scratch: Box::new(ZERO_PAGE),
        })
    }

    /// Makes every page the memfd holds count (a file cache; see `loads_count`).
    pub fn count_loads(&mut self) {
        self.loads_count = true;
    }

    pub fn memory(&self) -> &SharedMemory {
        &self.memory
    }

    pub fn contains(&self, index: u64) -> bool {
        self.memory.has_data(index) && self.counts(index)
    }

    /// Whether a page the memfd holds is one for the engine: written by it, or not all zero
    /// (then a raw store wrote it).
    fn counts(&self, index: u64) -> bool {
        if self.loads_count || self.written.contains(&index) {
            return true;
        }
        match self.memory.page_ptr(index) {
            // SAFETY: as in `read`: a page of a live mapping owned by `self.memory`, read only
            // for the length of this call.
            Some(p) => unsafe { &*(p as *const Page) }.iter().any(|b| *b != 0),
            None => false,
        }
    }

    /// The page's bytes; a hole reads as the zero page without being materialised.
    pub fn read(&self, index: u64) -> &Page {
        if !self.memory.has_data(index) {
            return &ZERO_PAGE;
        }
        match self.memory.page_ptr(index) {
            // The pointer is a page-aligned, PAGE_SIZE-long range of a live mapping owned by
            // `self.memory`, which outlives the returned borrow of `self`; one thread runs the
            // machine, and raw pointers touch views only between engine calls.
            // SAFETY: so the range is valid, aligned and not written elsewhere while borrowed.
            Some(p) => unsafe { &*(p as *const Page) },
            None => &ZERO_PAGE,
        }
    }

    pub fn write(&mut self, index: u64) -> &mut Page {
        self.written.insert(index);
        match self.memory.page_ptr(index) {
            // SAFETY: as in `read`; `&mut self` makes this the only engine borrow of the page.
            Some(p) => unsafe { &mut *(p as *mut Page) },
            None => &mut self.scratch,
        }
    }

    pub fn remove(&mut self, index: u64) {
        self.written.remove(&index);
        self.memory.punch(index);
    }

    pub fn pages(&self) -> Vec<u64> {
        let mut pages = self.memory.data_pages();
        pages.retain(|p| self.counts(*p));
        pages
    }
}

#[cfg(test)]
mod tests {
    use super::super::page_store::PageStore;

    /// A host store behaves as a simulated one: zeros until written, pages listed in order,
    /// removal makes a hole, and a clone is a deep copy in its own memfd.
    #[test]
    fn host_store_reads_writes_removes_and_clones_deeply() {
        let mut s = PageStore::default();
        s.write(3)[7] = 1;
        assert!(s.make_host().is_some());
        assert!(s.host_memory().is_some());
        assert_eq!(s.read(3)[7], 1, "pages move into the memfd");
        assert!(!s.contains(2));
        assert_eq!(s.read(2)[0], 0);
        assert!(!s.contains(2), "reading a hole does not materialise it");
        s.write(1 << 20)[0] = 9;
        let mut pages: Vec<u64> = s.pages().collect();
        pages.sort_unstable();
        assert_eq!(pages, vec![3, 1 << 20]);
        assert_eq!(s.len(), 2);
        let copy = s.clone();
        s.write(3)[7] = 2;
        s.remove(1 << 20);
        assert_eq!(copy.read(3)[7], 1);
        assert_eq!(copy.read(1 << 20)[0], 9);
        assert_ne!(
            copy.host_memory().map(|m| m.id()),
            s.host_memory().map(|m| m.id())
        );
        assert!(!s.contains(1 << 20));
        assert_eq!(s.len(), 1);
    }
}
