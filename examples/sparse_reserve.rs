//! How much host memory does a 1 TiB section cost? A counting global allocator measures the host
//! heap bytes allocated while a 1 TiB `PAGE_READWRITE|SEC_RESERVE` section is created, mapped
//! whole, one page committed with `VirtualAlloc` and written; then the same steps for a 4 KiB
//! SEC_COMMIT section, for reference. Both run in this one process, so the ratio is fair.
//!
//! `cargo run --release --example sparse_reserve`

use std::alloc::{GlobalAlloc, Layout, System as HostHeap};
use std::error::Error;
use std::sync::atomic::{AtomicU64, Ordering};

use winsection::win32::*;
use winsection::{ProcessSpec, System};

/// Counts every byte handed out by the host allocator (reallocations count their new size).
struct Counting;

static ALLOCATED: AtomicU64 = AtomicU64::new(0);

// SAFETY: every call is forwarded unchanged to the system allocator; only a counter is added.
unsafe impl GlobalAlloc for Counting {
    // SAFETY: GlobalAlloc's contract is the caller's; this counts and forwards to `System` unchanged.
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATED.fetch_add(layout.size() as u64, Ordering::Relaxed);
        // SAFETY: the caller upholds `GlobalAlloc::alloc`'s contract.
        unsafe { HostHeap.alloc(layout) }
    }

    // SAFETY: GlobalAlloc's contract is the caller's; this counts and forwards to `System` unchanged.
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        ALLOCATED.fetch_add(layout.size() as u64, Ordering::Relaxed);
        // SAFETY: as above.
        unsafe { HostHeap.alloc_zeroed(layout) }
    }

    // SAFETY: GlobalAlloc's contract is the caller's; this counts and forwards to `System` unchanged.
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        ALLOCATED.fetch_add(new_size as u64, Ordering::Relaxed);
        // SAFETY: as above.
        unsafe { HostHeap.realloc(ptr, layout, new_size) }
    }

    // SAFETY: GlobalAlloc's contract is the caller's; this counts and forwards to `System` unchanged.
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: as above.
        unsafe { HostHeap.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// Host bytes allocated by: create the section, map all of it, commit its first page, write
/// to that page.
fn measure(flprotect: u32, size: u64) -> Result<u64, Box<dyn Error>> {
    let mut sys = System::new();
    let pid = sys.spawn(ProcessSpec::named("app"))?;
    let before = ALLOCATED.load(Ordering::Relaxed);

    let mut w = sys.win32(pid);
    let h = w.CreateFileMappingW(
        INVALID_HANDLE_VALUE,
        None,
        flprotect,
        (size >> 32) as u32,
        size as u32,
        None,
    );
    if h == 0 {
        return Err(format!("CreateFileMappingW failed: {}", w.GetLastError()).into());
    }
    let view = w.MapViewOfFile(h, FILE_MAP_WRITE, 0, 0, 0);
    if view == 0 {
        return Err(format!("MapViewOfFile failed: {}", w.GetLastError()).into());
    }
    if w.VirtualAlloc(view, 4096, MEM_COMMIT, PAGE_READWRITE) != view {
        return Err(format!("VirtualAlloc failed: {}", w.GetLastError()).into());
    }
    if let Err(e) = sys.write_memory(pid, view, b"hello, terabyte")? {
        return Err(format!("write faulted: {e}").into());
    }

    let bytes = ALLOCATED.load(Ordering::Relaxed) - before;
    sys.check()?;
    Ok(bytes)
}

fn main() -> Result<(), Box<dyn Error>> {
    let reserve = measure(PAGE_READWRITE | SEC_RESERVE, 1 << 40)?;
    let commit = measure(PAGE_READWRITE | SEC_COMMIT, 4096)?;
    println!("1 TiB SEC_RESERVE (create, map whole, commit 1 page, write): {reserve} host bytes");
    println!("4 KiB SEC_COMMIT  (create, map whole, commit 1 page, write): {commit} host bytes");
    println!(
        "ratio 1 TiB reserve / 4 KiB commit: {:.2}",
        reserve as f64 / commit.max(1) as f64
    );
    Ok(())
}
