//! A host's cache of one file (its "control area"): the pages every section view and every
//! cached `ReadFile`/`WriteFile` on that host go through, so they are coherent (CreateFileMappingW
//! doc; catalog H13, H14). Each host caches a remote file separately, so two hosts writing one
//! page see only their own write until a flush, and the later flush wins the whole page (the
//! documented remote-file exception; H16). Dirty pages reach the disk image only when flushed:
//! a power loss drops them (winsection has no lazy writer, so "unflushed" is exact).

use std::collections::BTreeMap;

use super::storage::{FileId, FileNode};
use crate::consts::PAGE_SIZE;
use crate::mm::page_map::PageMap;
use crate::mm::page_store::{Page, PageStore};

/// One host's cached pages of one file.
#[derive(Clone, Debug, Default)]
pub(crate) struct FileCache {
    pub pages: PageStore,
    pub dirty: PageMap<()>,
}

/// A host's caches, by file.
pub(crate) type FileCaches = BTreeMap<FileId, FileCache>;

/// A page of `node` as `cache` (if any) shows it, without filling the cache: a look that leaves
/// no trace, for checks of a call that may still fail (a failed call changes nothing).
pub(crate) fn peek<'a>(cache: Option<&'a FileCache>, node: &'a FileNode, index: u64) -> &'a Page {
    match cache {
        Some(c) if c.pages.contains(index) => c.pages.read(index),
        _ => node.image.read(index),
    }
}

impl FileCache {
    /// The cached page, read from the disk image on a miss.
    pub fn page(&mut self, node: &FileNode, index: u64) -> &Page {
        if !self.pages.contains(index) {
            self.fill(node, index);
        }
        self.pages.read(index)
    }

    /// A miss: the cache holds the disk's page (shared until either side writes it).
    fn fill(&mut self, node: &FileNode, index: u64) {
        if node.image.contains(index) {
            self.pages.share_from(index, &node.image);
        } else {
            self.pages.insert(index, node.image.read(index));
        }
    }

    /// The cached page for writing; it becomes dirty.
    pub fn page_mut(&mut self, node: &FileNode, index: u64) -> &mut Page {
        if !self.pages.contains(index) {
            self.fill(node, index);
        }
        self.dirty.set(index, index.saturating_add(1), ());
        self.pages.write(index)
    }

    /// Writes dirty pages of `[first, last)` to the disk image and drops clean ones, so the
    /// next access sees the disk (FlushViewOfFile / FlushFileBuffers). Costs what the range
    /// holds, not what the file caches: a short range is walked page by page, a long one
    /// through the cached pages; a flushed page is shared with the disk image, not copied.
    pub fn flush(&mut self, node: &mut FileNode, first: u64, last: u64) {
        let span = last.saturating_sub(first);
        let cached: Vec<u64> = if span <= self.pages.len() as u64 {
            (first..last).filter(|p| self.pages.contains(*p)).collect()
        } else {
            self.pages
                .pages()
                .filter(|p| (first..last).contains(p))
                .collect()
        };
        for p in cached {
            if self.dirty.get(p).is_some() {
                node.image.share_from(p, &self.pages);
            } else {
                self.pages.remove(p);
            }
        }
        self.dirty.clear(first, last);
    }
}

/// Zeroes `[size, end of its page)` in a page, in the cache and on disk: bytes past the end
/// of file read as zero when the file grows again (valid data length; catalog D4, D12).
pub(crate) fn zero_tail(cache: Option<&mut FileCache>, node: &mut FileNode, size: u64) {
    let (page, offset) = (size / PAGE_SIZE, (size % PAGE_SIZE) as usize);
    if offset == 0 {
        return;
    }
    if let Some(c) = cache {
        if c.pages.contains(page) {
            if let Some(tail) = c.pages.write(page).get_mut(offset..) {
                tail.fill(0);
            }
        }
    }
    if node.image.contains(page) {
        if let Some(tail) = node.image.write(page).get_mut(offset..) {
            tail.fill(0);
        }
    }
}

/// Drops every page at or beyond `size`'s last page from a cache and the disk image
/// (SetEndOfFile shrinking), zeroing the tail of the new last page.
pub(crate) fn truncate(cache: Option<&mut FileCache>, node: &mut FileNode, size: u64) {
    let keep = size.div_ceil(PAGE_SIZE);
    let drop_pages = |store: &mut PageStore| {
        let gone: Vec<u64> = store.pages().filter(|p| *p >= keep).collect();
        for p in gone {
            store.remove(p);
        }
    };
    drop_pages(&mut node.image);
    let cache = match cache {
        Some(c) => {
            drop_pages(&mut c.pages);
            c.dirty.clear(keep, u64::MAX);
            Some(c)
        }
        None => None,
    };
    zero_tail(cache, node, size);
}
