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

/// Sparse page contents keyed by page index.
#[derive(Debug, Default)]
pub(crate) struct PageStore {
    pages: hashbrown::HashMap<u64, Arc<Page>, foldhash::fast::FixedState>,
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
        self.pages.get(&index).map_or(&ZERO_PAGE, |p| p)
    }

    /// Whether the page holds its own bytes.
    pub fn contains(&self, index: u64) -> bool {
        #[cfg(target_os = "linux")]
        if let Some(h) = &self.host {
            return h.contains(index);
        }
        self.pages.contains_key(&index)
    }

    /// The page's bytes for writing, materialised (zero-filled) on first use.
    pub fn write(&mut self, index: u64) -> &mut Page {
        #[cfg(target_os = "linux")]
        if let Some(h) = &mut self.host {
            return h.write(index);
        }
        Arc::make_mut(
            self.pages
                .entry(index)
                .or_insert_with(|| Arc::new(ZERO_PAGE)),
        )
    }

    /// Stores a copy of `page` at `index`.
    pub fn insert(&mut self, index: u64, page: &Page) {
        #[cfg(target_os = "linux")]
        if let Some(h) = &mut self.host {
            h.write(index).copy_from_slice(page);
            return;
        }
        self.pages.insert(index, Arc::new(*page));
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
        match from.pages.get(&index) {
            Some(page) => {
                self.pages.insert(index, Arc::clone(page));
            }
            None => {
                self.pages.remove(&index);
            }
        }
    }

    /// Forgets a page (it reads as zeros again).
    pub fn remove(&mut self, index: u64) {
        #[cfg(target_os = "linux")]
        if let Some(h) = &mut self.host {
            h.remove(index);
            return;
        }
        self.pages.remove(&index);
    }

    /// Indices of the materialised pages (unordered).
    pub fn pages(&self) -> impl Iterator<Item = u64> + '_ {
        #[cfg(target_os = "linux")]
        let host = self.host.as_ref().map(|h| h.pages());
        #[cfg(not(target_os = "linux"))]
        let host: Option<Vec<u64>> = None;
        let sim = host.is_none().then(|| self.pages.keys().copied());
        host.into_iter().flatten().chain(sim.into_iter().flatten())
    }

    /// Pages materialised.
    pub fn len(&self) -> usize {
        #[cfg(target_os = "linux")]
        if let Some(h) = &self.host {
            return h.pages().len();
        }
        self.pages.len()
    }
}

impl Clone for PageStore {
    /// A copy of the contents; a host store's copy gets its own shared-memory object.
    fn clone(&self) -> Self {
        #[cfg(target_os = "linux")]
        if let Some(h) = &self.host {
            return match h.try_clone() {
                Some(copy) => PageStore {
                    pages: Default::default(),
                    host: Some(Box::new(copy)),
                },
                // No memfd to be had: the copy keeps the bytes in simulated pages.
                None => {
                    let mut copy = PageStore::default();
                    for p in h.pages() {
                        copy.pages.insert(p, Arc::new(*h.read(p)));
                    }
                    copy
                }
            };
        }
        PageStore {
            pages: self.pages.clone(),
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
            for (index, page) in self.pages.drain() {
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
