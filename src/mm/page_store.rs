//! `PageStore`: the contents of a section (or of a view's private copy-on-write pages), sparse.
//!
//! A page costs host memory only once written; a page never written reads as zeros, which is
//! what a fresh page-file page holds ("The initial contents of the pages in a file mapping
//! object backed by the operating system paging file are 0", CreateFileMappingW doc; catalog C11).
//!
//! Pages are reference-counted and copied on write, so one page can be held by two stores at
//! once (a file cache and the disk image after a flush) without a second copy (issue #11).

use std::sync::Arc;

use crate::consts::PAGE_SIZE;

/// One page of bytes.
pub(crate) type Page = [u8; PAGE_SIZE as usize];

const ZERO_PAGE: Page = [0; PAGE_SIZE as usize];

/// Pages below this index may be kept in the dense vector (1 GiB of a section: a vector of
/// at most 2 MiB of slots); pages beyond it always live in the sparse map.
const DENSE_LIMIT: u64 = 1 << 18;

/// A materialised page, shared copy-on-write between stores (a flushed file page is held by the
/// cache and the disk image; `System::clone` shares every page).
type Held = Arc<Page>;

/// A page's bytes for writing: in place when this store holds the only reference, else a
/// private copy first (`Arc::make_mut`). The unique case reads the counts with plain loads
/// instead of `make_mut`'s locked compare-exchange, which serialises the CPU's memory accesses
/// (issue #11: one per 8-byte `write_memory`).
#[inline]
fn page_mut(page: &mut Held) -> &mut Page {
    if Arc::strong_count(page) == 1 && Arc::weak_count(page) == 0 {
        // Pairs with the release decrement of a clone dropped on another thread, so its
        // reads of the page happen before our writes (what `Arc::get_mut` orders too).
        std::sync::atomic::fence(std::sync::atomic::Ordering::Acquire);
        // `page` is the only `Arc` of this allocation (strong count 1) and no `Weak` exists
        // (weak count 0); none can appear while we hold `&mut page`. `Arc::as_ptr` derives from
        // the allocation's own pointer (as `Arc::get_mut` does), so writing through it is
        // allowed.
        let ptr = Arc::as_ptr(page).cast_mut();
        // SAFETY: the data is unique (above), so the borrow `&mut page` bounds is exclusive.
        return unsafe { &mut *ptr };
    }
    Arc::make_mut(page)
}

/// Simulated pages: pages `0..dense.len()` in a vector indexed by page (one load finds a
/// page; a section written from its start, the common case, stays there; issue #11: the
/// 8-byte `write_memory` paid a hash probe, two cache misses at a page stride), the rest in a
/// hash map. The vector grows only while it stays within a few times the pages it holds, so
/// a lone page far into a huge section costs one map entry, not a vector.
type SparseMap = hashbrown::HashMap<u64, Option<Held>, foldhash::fast::FixedState>;

#[derive(Clone, Debug, Default)]
struct SimPages {
    dense: Vec<Option<Held>>,
    /// Materialised pages in `dense`.
    dense_count: usize,
    /// Pages at `dense.len()` and beyond (every entry is `Some`); boxed, as most stores have
    /// none (every section and view carries a store: issue #11, host bytes per section).
    sparse: Option<Box<SparseMap>>,
}

impl SimPages {
    /// The materialised page at `index`, if any.
    fn get(&self, index: u64) -> Option<&Held> {
        match usize::try_from(index).ok().and_then(|i| self.dense.get(i)) {
            Some(slot) => slot.as_ref(),
            None => self.sparse.as_ref()?.get(&index)?.as_ref(),
        }
    }

    /// The place of page `index`, for storing into: the dense vector if it covers `index`
    /// (grown first when that keeps it dense enough), else a map entry. The caller fills it
    /// (the dense count already counts it; a map entry is never left empty).
    ///
    /// A page the vector already covers is the inlined common case (issue #11: the 8-byte
    /// `write_memory` fast path); growing and the map are `slot_beyond`'s.
    #[inline]
    fn slot(&mut self, index: u64) -> &mut Option<Held> {
        if (index as usize as u64) != index || index as usize >= self.dense.len() {
            return self.slot_beyond(index);
        }
        self.slot_in_place(index)
    }

    /// `slot` for a page beyond the dense vector: the vector grows over it if it stays dense
    /// enough, else the page's place is a map entry.
    #[cold]
    #[inline(never)]
    fn slot_beyond(&mut self, index: u64) -> &mut Option<Held> {
        self.grow_dense(index);
        self.slot_in_place(index)
    }

    /// The page's place where the store holds it now: in the dense vector if it covers
    /// `index`, else a map entry.
    #[inline]
    fn slot_in_place(&mut self, index: u64) -> &mut Option<Held> {
        match usize::try_from(index)
            .ok()
            .and_then(|i| self.dense.get_mut(i))
        {
            Some(slot) => {
                if slot.is_none() {
                    self.dense_count += 1;
                }
                slot
            }
            None => self
                .sparse
                .get_or_insert_with(Box::default)
                .entry(index)
                .or_insert(None),
        }
    }

    /// Extends the dense vector to cover `index` if the result stays within a few times the
    /// pages held (doubling, so a section written from its start grows it in O(1) amortised),
    /// moving the map's pages it now covers into it.
    fn grow_dense(&mut self, index: u64) {
        let len = self.dense.len() as u64;
        if index < len || index >= DENSE_LIMIT {
            return;
        }
        let want = (index + 1).max(len * 2).clamp(16, DENSE_LIMIT);
        let held = self.len() as u64;
        if want > 4 * held + 16 {
            return;
        }
        let Ok(want_len) = usize::try_from(want) else {
            return;
        };
        self.dense.resize_with(want_len, || None);
        let (dense, count) = (&mut self.dense, &mut self.dense_count);
        let Some(sparse) = self.sparse.as_mut() else {
            return;
        };
        sparse.retain(
            |k, page| match usize::try_from(*k).ok().and_then(|i| dense.get_mut(i)) {
                Some(slot) => {
                    *slot = page.take();
                    *count += usize::from(slot.is_some());
                    false
                }
                None => true,
            },
        );
    }

    fn remove(&mut self, index: u64) {
        match usize::try_from(index)
            .ok()
            .and_then(|i| self.dense.get_mut(i))
        {
            Some(slot) => {
                if slot.take().is_some() {
                    self.dense_count = self.dense_count.saturating_sub(1);
                }
            }
            None => {
                if let Some(sparse) = self.sparse.as_mut() {
                    sparse.remove(&index);
                }
            }
        }
    }

    fn len(&self) -> usize {
        self.dense_count + self.sparse.as_ref().map_or(0, |m| m.len())
    }

    /// Indices of the materialised pages: the dense ones in order, then the map's.
    fn indices(&self) -> impl Iterator<Item = u64> + '_ {
        let dense = (0u64..)
            .zip(&self.dense)
            .filter_map(|(i, p)| p.as_ref().map(|_| i));
        dense.chain(self.sparse.iter().flat_map(|m| m.keys().copied()))
    }

    /// Empties the store, yielding its pages.
    fn drain(&mut self) -> impl Iterator<Item = (u64, Held)> + '_ {
        self.dense_count = 0;
        let dense = (0u64..)
            .zip(self.dense.drain(..))
            .filter_map(|(i, p)| Some((i, p?)));
        let sparse = self
            .sparse
            .take()
            .into_iter()
            .flat_map(|m| m.into_iter())
            .filter_map(|(i, p)| Some((i, p?)));
        dense.chain(sparse)
    }
}

/// Sparse page contents keyed by page index, in simulated pages or in host memory.
#[derive(Debug, Default)]
pub(crate) struct PageStore {
    sim: SimPages,
    /// Host backend: the pages live in a shared-memory object instead (`make_host`).
    #[cfg(target_os = "linux")]
    /// Boxed: few stores use it, and every section carries a store (issue #11: host bytes per
    /// section).
    host: Option<Box<super::host_store::HostPages>>,
}

impl PageStore {
    /// The page's bytes (zeros if never written).
    pub fn read(&self, index: u64) -> &Page {
        #[cfg(target_os = "linux")]
        if let Some(h) = &self.host {
            return h.read(index);
        }
        self.sim.get(index).map_or(&ZERO_PAGE, |p| p)
    }

    /// Whether the page holds its own bytes.
    pub fn contains(&self, index: u64) -> bool {
        #[cfg(target_os = "linux")]
        if let Some(h) = &self.host {
            return h.contains(index);
        }
        self.sim.get(index).is_some()
    }

    /// The page's bytes for writing, materialised (zero-filled) on first use.
    #[inline]
    pub fn write(&mut self, index: u64) -> &mut Page {
        #[cfg(target_os = "linux")]
        if let Some(h) = &mut self.host {
            return h.write(index);
        }
        page_mut(
            self.sim
                .slot(index)
                .get_or_insert_with(|| Arc::new(ZERO_PAGE)),
        )
    }

    /// Stores a copy of `page` at `index`.
    pub fn insert(&mut self, index: u64, page: &Page) {
        #[cfg(target_os = "linux")]
        if let Some(h) = &mut self.host {
            h.write(index).copy_from_slice(page);
            return;
        }
        *self.sim.slot(index) = Some(Arc::new(*page));
    }

    /// Makes `index` hold the same page as `from`'s `index` (shared until one of them writes
    /// it); a page `from` never materialised is forgotten here (it reads as zeros there).
    /// Host-memory stores cannot share a page: they copy it.
    pub fn share_from(&mut self, index: u64, from: &PageStore) {
        #[cfg(target_os = "linux")]
        if self.host.is_some() || from.host.is_some() {
            if from.contains(index) {
                self.insert(index, from.read(index));
            } else {
                self.remove(index);
            }
            return;
        }
        match from.sim.get(index) {
            Some(page) => *self.sim.slot(index) = Some(Arc::clone(page)),
            None => self.sim.remove(index),
        }
    }

    /// Forgets a page (it reads as zeros again).
    pub fn remove(&mut self, index: u64) {
        #[cfg(target_os = "linux")]
        if let Some(h) = &mut self.host {
            h.remove(index);
            return;
        }
        self.sim.remove(index);
    }

    /// Indices of the materialised pages (unordered).
    pub fn pages(&self) -> impl Iterator<Item = u64> + '_ {
        #[cfg(target_os = "linux")]
        let host = self.host.as_ref().map(|h| h.pages());
        #[cfg(not(target_os = "linux"))]
        let host: Option<Vec<u64>> = None;
        let sim = host.is_none().then(|| self.sim.indices());
        host.into_iter().flatten().chain(sim.into_iter().flatten())
    }

    /// Pages materialised.
    pub fn len(&self) -> usize {
        #[cfg(target_os = "linux")]
        if let Some(h) = &self.host {
            return h.pages().len();
        }
        self.sim.len()
    }
}

impl Clone for PageStore {
    /// A copy of the contents (simulated pages are shared, copied on their next write); a host
    /// store's copy gets its own shared-memory object.
    fn clone(&self) -> Self {
        #[cfg(target_os = "linux")]
        if let Some(h) = &self.host {
            return match h.try_clone() {
                Some(copy) => PageStore {
                    sim: SimPages::default(),
                    host: Some(Box::new(copy)),
                },
                // No memfd to be had: the copy keeps the bytes in simulated pages.
                None => {
                    let mut copy = PageStore::default();
                    for p in h.pages() {
                        copy.insert(p, h.read(p));
                    }
                    copy
                }
            };
        }
        PageStore {
            sim: self.sim.clone(),
            #[cfg(target_os = "linux")]
            host: None,
        }
    }
}

#[cfg(target_os = "linux")]
impl PageStore {
    /// Moves the pages into host shared memory (the host page backend), once; returns the
    /// object, or `None` if the host refused a memfd (the store then stays simulated).
    pub(crate) fn make_host(&mut self) -> Option<&super::host_memory::SharedMemory> {
        if self.host.is_none() {
            let mut h = super::host_store::HostPages::new()?;
            for (index, page) in self.sim.drain() {
                h.write(index).copy_from_slice(&*page);
            }
            self.host = Some(Box::new(h));
        }
        self.host.as_ref().map(|h| h.memory())
    }

    /// `make_host` for a host's cache of a file: a raw load through a view reads a page into
    /// the cache, so every page the memfd holds counts (elsewhere a raw load of a
    /// never-written page stores nothing; see `HostPages`).
    pub(crate) fn make_host_cache(&mut self) -> Option<&super::host_memory::SharedMemory> {
        self.make_host()?;
        let h = self.host.as_mut()?;
        h.count_loads();
        Some(h.memory())
    }

    /// The host object, if this store lives in host memory.
    #[cfg(test)]
    pub(crate) fn host_memory(&self) -> Option<&super::host_memory::SharedMemory> {
        self.host.as_ref().map(|h| h.memory())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Pages written from the start land in the dense vector, a lone far page in the map, and
    /// both read back, count and list alike; a page moves from the map into the vector when
    /// the vector grows over it.
    #[test]
    fn dense_and_sparse_pages_read_back() {
        let mut s = PageStore::default();
        for i in 0..40u64 {
            s.write(i)[0] = i as u8 + 1;
        }
        s.write(1_000_000)[5] = 9;
        s.insert(60, &[3; PAGE_SIZE as usize]);
        assert_eq!(s.sim.dense.len(), 64);
        assert!(s
            .sim
            .sparse
            .as_ref()
            .is_some_and(|m| m.contains_key(&1_000_000)));
        assert_eq!(s.len(), 42);
        assert_eq!(s.read(39)[0], 40);
        assert_eq!(s.read(60)[7], 3);
        assert_eq!(s.read(1_000_000)[5], 9);
        assert_eq!(s.read(41), &ZERO_PAGE);
        s.remove(39);
        s.remove(1_000_000);
        assert_eq!(s.len(), 40);
        let mut pages: Vec<u64> = s.pages().collect();
        pages.sort_unstable();
        let want: Vec<u64> = (0..39).chain([60]).collect();
        assert_eq!(pages, want);

        // A map page below the vector's future end moves in when the vector doubles.
        let mut t = PageStore::default();
        t.write(100)[0] = 1;
        assert_eq!(t.sim.dense.len(), 0);
        for i in 0..70u64 {
            t.write(i);
        }
        assert_eq!(t.sim.dense.len(), 128);
        assert!(t.sim.sparse.as_ref().is_none_or(|m| m.is_empty()));
        assert_eq!((t.read(100)[0], t.len()), (1, 71));
    }

    /// A copy shares its pages and a write to either side copies that page for it alone.
    #[test]
    fn clones_share_pages_until_written() {
        let mut a = PageStore::default();
        a.write(2)[0] = 1;
        let mut b = a.clone();
        b.write(2)[0] = 2;
        a.write(2)[1] = 3;
        assert_eq!((a.read(2)[0], a.read(2)[1]), (1, 3));
        assert_eq!((b.read(2)[0], b.read(2)[1]), (2, 0));
        let mut c = PageStore::default();
        c.share_from(2, &a);
        c.write(2)[0] = 7;
        assert_eq!((a.read(2)[0], c.read(2)[0]), (1, 7));
    }
}
