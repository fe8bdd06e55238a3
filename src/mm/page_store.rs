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
#[derive(Clone, Debug, Default)]
pub(crate) struct PageStore {
    pages: hashbrown::HashMap<u64, Arc<Page>, foldhash::fast::FixedState>,
}

impl PageStore {
    /// The page's bytes (zeros if never written).
    pub fn read(&self, index: u64) -> &Page {
        self.pages.get(&index).map_or(&ZERO_PAGE, |p| p)
    }

    /// Whether the page holds its own bytes.
    pub fn contains(&self, index: u64) -> bool {
        self.pages.contains_key(&index)
    }

    /// The page's bytes for writing, materialised (zero-filled) on first use.
    pub fn write(&mut self, index: u64) -> &mut Page {
        Arc::make_mut(
            self.pages
                .entry(index)
                .or_insert_with(|| Arc::new(ZERO_PAGE)),
        )
    }

    /// Stores a copy of `page` at `index`.
    pub fn insert(&mut self, index: u64, page: &Page) {
        self.pages.insert(index, Arc::new(*page));
    }

    /// Makes `index` hold the same page as `from`'s `index` (shared until one of them writes
    /// it); a page `from` never materialised is forgotten here (it reads as zeros there).
    pub fn share_from(&mut self, index: u64, from: &PageStore) {
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
        self.pages.remove(&index);
    }

    /// Indices of the materialised pages (unordered).
    pub fn pages(&self) -> impl Iterator<Item = u64> + '_ {
        self.pages.keys().copied()
    }

    /// Pages materialised.
    pub fn len(&self) -> usize {
        self.pages.len()
    }
}
