//! An allocator for the engine's large tables (a directory's entries, a handle table) that
//! asks the host kernel for transparent huge pages once a table reaches 2 MiB.
//!
//! Among 1M live names a random `OpenFileMapping` probes tables far larger than the CPU's
//! caches and TLB; with 4 KiB pages each probe also walks the page tables (two levels of them
//! under a hypervisor). A 2 MiB page covers 512 times the memory per TLB entry, so those walks
//! mostly disappear (issue #11, "names at scale"). Linux's `transparent_hugepage/enabled` is
//! commonly `madvise`: huge pages only where a program asks, with `madvise(MADV_HUGEPAGE)`, as
//! databases do for their buffer pools. The advice changes nothing a program can observe
//! but speed; elsewhere (no THP, other systems) this is the global allocator.

use std::alloc::Layout;
use std::ptr::NonNull;

use allocator_api2::alloc::{AllocError, Allocator, Global};

/// A huge page (x86-64 and aarch64 with 4 KiB base pages).
const HUGE_PAGE: usize = 2 << 20;

/// The global allocator, with blocks of at least [`HUGE_PAGE`] aligned to it and advised for
/// huge pages.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct LargeTableAlloc;

/// The layout actually allocated for `layout`: a large block is aligned to a huge page, so
/// that it covers whole huge pages. A function of `layout` alone, so `deallocate` finds the
/// same one.
fn block_layout(layout: Layout) -> Layout {
    if layout.size() < HUGE_PAGE {
        return layout;
    }
    Layout::from_size_align(layout.size(), layout.align().max(HUGE_PAGE)).unwrap_or(layout)
}

// Every block comes from `Global` for `block_layout(layout)`, which fits `layout` (same size,
// an alignment at least as strict), and goes back to `Global` with that same layout.
// SAFETY: blocks stay valid until `deallocate`, as `Global` requires; copies are stateless.
unsafe impl Allocator for LargeTableAlloc {
    fn allocate(&self, layout: Layout) -> Result<NonNull<[u8]>, AllocError> {
        let block = block_layout(layout);
        let memory = Global.allocate(block)?;
        if block.size() >= HUGE_PAGE {
            advise_huge(memory.cast::<u8>(), block.size());
        }
        Ok(memory)
    }

    // SAFETY: (the trait's contract) `ptr` must be a block this allocator returned for
    // `layout` and not yet freed; it is freed once, for the layout `allocate` used.
    unsafe fn deallocate(&self, ptr: NonNull<u8>, layout: Layout) {
        // SAFETY: the caller passes a block `allocate` returned for `layout`, which came from
        // `Global` for `block_layout(layout)`.
        unsafe { Global.deallocate(ptr, block_layout(layout)) }
    }
}

/// Asks the kernel to back `[start, start + len)` (huge-page aligned) with huge pages; a
/// refusal (no THP, an old kernel) is ignored, as the advice is only about speed.
#[cfg(target_os = "linux")]
fn advise_huge(start: NonNull<u8>, len: usize) {
    let whole = len - len % HUGE_PAGE;
    // SAFETY: `[start, start + whole)` lies inside a block this allocator owns and has handed
    // to no one yet; MADV_HUGEPAGE only sets how the kernel backs those pages, never their
    // contents or mapping, so no Rust reference to the memory is affected.
    let _ = unsafe { libc::madvise(start.as_ptr().cast(), whole, libc::MADV_HUGEPAGE) };
}

#[cfg(not(target_os = "linux"))]
fn advise_huge(_start: NonNull<u8>, _len: usize) {}

#[cfg(test)]
mod tests {
    use super::*;

    /// Small blocks keep their layout; large ones are huge-page aligned, and the layout is a
    /// function of the request alone (what `deallocate` relies on).
    #[test]
    fn large_blocks_are_huge_page_aligned() {
        let small = Layout::from_size_align(4096, 8).unwrap_or(Layout::new::<u8>());
        assert_eq!(block_layout(small), small);
        let large = Layout::from_size_align(3 << 20, 16).unwrap_or(Layout::new::<u8>());
        assert_eq!(block_layout(large).align(), HUGE_PAGE);
        assert_eq!(block_layout(large).size(), 3 << 20);
        let mut v: allocator_api2::vec::Vec<u64, LargeTableAlloc> =
            allocator_api2::vec::Vec::new_in(LargeTableAlloc);
        v.resize(1 << 19, 7);
        assert_eq!(v.as_ptr() as usize % HUGE_PAGE, 0);
        assert_eq!(v.iter().sum::<u64>(), 7 << 19);
    }
}
