//! `PageStore`: the contents of a section (or of a view's private copy-on-write pages), sparse.
//!
//! A page costs host memory only once written; a page never written reads as zeros, which is
//! what a fresh page-file page holds ("The initial contents of the pages in a file mapping
//! object backed by the operating system paging file are 0", CreateFileMappingW doc; catalog C11).

use crate::consts::PAGE_SIZE;

/// One page of bytes.
pub(crate) type Page = [u8; PAGE_SIZE as usize];

const ZERO_PAGE: Page = [0; PAGE_SIZE as usize];

/// Sparse page contents keyed by page index.
#[derive(Clone, Debug, Default)]
pub(crate) struct PageStore {
    pages: hashbrown::HashMap<u64, Box<Page>, foldhash::fast::FixedState>,
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
        self.pages
            .entry(index)
            .or_insert_with(|| Box::new(ZERO_PAGE))
    }

    /// Stores a copy of `page` at `index`.
    pub fn insert(&mut self, index: u64, page: &Page) {
        self.pages.insert(index, Box::new(*page));
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
