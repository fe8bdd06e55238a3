//! Image sections hold their own copy of the file.
//!
//! NT keeps a file's image section apart from its data section (two control areas:
//! `SECTION_OBJECT_POINTERS.ImageSectionObject` and `.DataSectionObject`), and an image is built
//! from the file as it stands when the section is made: later writes through a data view or
//! `WriteFile` do not show in an image view (issue 10; Windows Internals, "Section objects").
//! winsection copies the file's bytes, as this host's cache holds them, into the section's own
//! page store at creation; image views then read that store, and their writes are always
//! copy-on-write into the view (image pages are never written back).

use super::page_store::PageStore;
use crate::consts::PAGE_SIZE;
use crate::io::cache::FileCache;
use crate::io::storage::FileNode;

/// The pages of the first `size` bytes of `node` as `cache` shows them. Only pages that hold
/// data somewhere (on disk or in the cache) are visited, so a sparse file costs what it holds.
pub(crate) fn snapshot(cache: &mut FileCache, node: &FileNode, size: u64) -> PageStore {
    let pages = size.div_ceil(PAGE_SIZE);
    let mut present: Vec<u64> = node
        .image
        .pages()
        .chain(cache.pages.pages())
        .filter(|p| *p < pages)
        .collect();
    present.sort_unstable();
    present.dedup();
    let mut store = PageStore::default();
    for index in present {
        let page = *cache.page(node, index);
        if page.iter().any(|b| *b != 0) {
            store.insert(index, &page);
        }
    }
    store
}

impl crate::system::System {
    /// The snapshot of `file`'s first `size` bytes through `host`'s cache (empty if either is
    /// gone).
    pub(crate) fn image_snapshot(
        &mut self,
        host: usize,
        file: crate::io::storage::FileId,
        size: u64,
    ) -> PageStore {
        match (self.hosts.get_mut(host), self.storage.files.get(file)) {
            (Some(h), Some(node)) => snapshot(h.caches.entry(file).or_default(), node, size),
            _ => PageStore::default(),
        }
    }
}

/// The protection `VirtualProtect` gives an image view's page: a write request becomes
/// copy-on-write, since an image view never writes its section (wine
/// `kernel32/tests/virtual.c test_mapping`, `map_prot_no_write`: PAGE_READWRITE ->
/// PAGE_WRITECOPY, PAGE_EXECUTE_READWRITE -> PAGE_EXECUTE_WRITECOPY). Every other protection
/// is kept: an image view's allocation protection, PAGE_EXECUTE_WRITECOPY, admits them all.
pub(crate) fn image_page_protection(new: u32) -> u32 {
    use crate::consts::*;
    let modifiers = new & !0xFF;
    match new & 0xFF {
        PAGE_READWRITE => PAGE_WRITECOPY | modifiers,
        PAGE_EXECUTE_READWRITE => PAGE_EXECUTE_WRITECOPY | modifiers,
        _ => new,
    }
}
