//! Real-pointer code against `winsection::sys` (host memory backend), one test per rule
//! group: coherence across views and processes, SEC_RESERVE commit, sparse reserve, views
//! outliving handles, handles closing at process exit, copy-on-write, VirtualProtect.
//! Faults are asserted in `sys_faults.rs` (child processes).

#![cfg(target_os = "linux")]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use std::ffi::c_void;

use winsection::sys;
use winsection::sys::Win32::Foundation::*;
use winsection::sys::Win32::System::Memory::*;

fn wide(s: &str) -> Vec<u16> {
    s.encode_utf16().chain(Some(0)).collect()
}

fn check() {
    sys::with_system(|s| s.check())
        .unwrap()
        .unwrap_or_else(|e| panic!("check: {e}"));
}

/// A named page-file section of `size` bytes with `flags` (SEC_*), created by the caller.
// SAFETY: callers run inside the sys harness and pass handles and pointers it returned (the Win32 contract of the calls inside).
unsafe fn section(name: &str, prot: u32, size: u32) -> HANDLE {
    let n = wide(name);
    // SAFETY: winsection::sys calls with live handles, NULL, or pointers to locals and to views this test mapped and still holds.
    let h = unsafe {
        CreateFileMappingW(
            INVALID_HANDLE_VALUE,
            std::ptr::null(),
            prot,
            0,
            size,
            n.as_ptr(),
        )
    };
    // SAFETY: winsection::sys calls with live handles, NULL, or pointers to locals and to views this test mapped and still holds.
    assert!(!h.is_null(), "CreateFileMappingW({name}): {}", unsafe {
        GetLastError()
    });
    h
}

// SAFETY: callers run inside the sys harness and pass handles and pointers it returned (the Win32 contract of the calls inside).
unsafe fn map(h: HANDLE, access: u32, size: usize) -> *mut u8 {
    // SAFETY: winsection::sys calls with live handles, NULL, or pointers to locals and to views this test mapped and still holds.
    let v = unsafe { MapViewOfFile(h, access, 0, 0, size) };
    // SAFETY: winsection::sys calls with live handles, NULL, or pointers to locals and to views this test mapped and still holds.
    assert!(!v.Value.is_null(), "MapViewOfFile: {}", unsafe {
        GetLastError()
    });
    v.Value.cast()
}

// SAFETY: callers run inside the sys harness and pass handles and pointers it returned (the Win32 contract of the calls inside).
unsafe fn query(p: *const u8) -> MEMORY_BASIC_INFORMATION {
    let mut mbi = MEMORY_BASIC_INFORMATION::default();
    // SAFETY: winsection::sys calls with live handles, NULL, or pointers to locals and to views this test mapped and still holds.
    let n = unsafe {
        VirtualQuery(
            p.cast(),
            &mut mbi,
            std::mem::size_of::<MEMORY_BASIC_INFORMATION>(),
        )
    };
    assert_eq!(n, std::mem::size_of::<MEMORY_BASIC_INFORMATION>());
    mbi
}

/// CreateFileMappingW doc: "views of a single file mapping object are coherent": two views in
/// one process, a view in another process, and the engine's own reads and writes
/// (`System::read_memory` / `write_memory`) are the same bytes at once (catalog H13).
#[test]
fn views_in_two_processes_and_the_engine_are_coherent() {
    sys::reset();
    let a = sys::current().unwrap();
    let b = sys::spawn("B").unwrap();
    // SAFETY: winsection::sys calls with live handles, NULL, or pointers to locals and to views this test mapped and still holds.
    unsafe {
        let h = section("Local\\coherent", PAGE_READWRITE, 0x20000);
        let v1 = map(h, FILE_MAP_ALL_ACCESS, 0);
        let v2 = map(h, FILE_MAP_ALL_ACCESS, 0);
        assert_ne!(v1, v2);
        v1.add(0x1_0004).write(0xAB);
        assert_eq!(v2.add(0x1_0004).read(), 0xAB);
        let from_b = {
            let _b = sys::enter(b);
            let h = OpenFileMappingW(FILE_MAP_ALL_ACCESS, 0, wide("Local\\coherent").as_ptr());
            assert!(!h.is_null());
            let v = map(h, FILE_MAP_ALL_ACCESS, 0);
            assert_eq!(v.add(0x1_0004).read(), 0xAB);
            v.write(0x11);
            v
        };
        assert_eq!(v1.read(), 0x11);
        // The engine reads what the raw store wrote (v1 is A's first view, at the first
        // placement address), and its writes appear behind the pointers.
        let seen = sys::with_system(|s| s.read_memory(a.pid(), 0x1000_0000, 1).unwrap().unwrap());
        assert_eq!(seen, Some(vec![0x11]));
        sys::with_system(|s| {
            s.write_memory(b.pid(), 0x1000_0000 + 8, b"engine")
                .unwrap()
                .unwrap();
        })
        .unwrap();
        assert_eq!(std::slice::from_raw_parts(v1.add(8), 6), b"engine");
        assert_eq!(std::slice::from_raw_parts(from_b.add(8), 6), b"engine");
    }
    check();
}

/// The same program maps the same simulated offsets on every run: views are placed by the
/// engine's first-fit rule at 64 KiB granularity inside the window (catalog F1, F7).
#[test]
fn placement_is_deterministic() {
    // SAFETY: winsection::sys calls with live handles, NULL, or pointers to locals and to views this test mapped and still holds.
    let run = || unsafe {
        sys::reset();
        let h = section("Local\\place", PAGE_READWRITE, 0x5000);
        let a = map(h, FILE_MAP_READ, 0);
        let b = map(h, FILE_MAP_READ, 0);
        let mbi = query(a);
        (
            b as usize - a as usize,
            mbi.RegionSize,
            mbi.AllocationBase as usize - a as usize,
        )
    };
    assert_eq!(run(), (0x10000, 0x5000, 0));
    assert_eq!(run(), run());
}

/// SEC_RESERVE: views show reserved pages until VirtualAlloc(MEM_COMMIT) commits them through a
/// view; the commit is the section's, so every view (in any process) sees it (catalog F16, F17).
#[test]
fn sec_reserve_commit_through_one_view_is_seen_by_all() {
    sys::reset();
    let b = sys::spawn("B").unwrap();
    // SAFETY: winsection::sys calls with live handles, NULL, or pointers to locals and to views this test mapped and still holds.
    unsafe {
        let h = section("Local\\reserve", PAGE_READWRITE | SEC_RESERVE, 0x100000);
        let v = map(h, FILE_MAP_ALL_ACCESS, 0);
        assert_eq!(query(v).State, MEM_RESERVE);
        let p = VirtualAlloc(v.add(0x3000).cast(), 0x1000, MEM_COMMIT, PAGE_READWRITE);
        assert_eq!(p, v.add(0x3000).cast::<c_void>());
        let mbi = query(v.add(0x3000));
        assert_eq!(
            (mbi.State, mbi.Protect, mbi.RegionSize),
            (MEM_COMMIT, PAGE_READWRITE, 0x1000)
        );
        v.add(0x3010).write(5);
        let _b = sys::enter(b);
        let h2 = OpenFileMappingW(FILE_MAP_READ, 0, wide("Local\\reserve").as_ptr());
        let w = map(h2, FILE_MAP_READ, 0);
        assert_eq!(query(w.add(0x3000)).State, MEM_COMMIT);
        assert_eq!(query(w).State, MEM_RESERVE);
        assert_eq!(w.add(0x3010).read(), 5);
    }
    check();
}

fn rss_kib() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap();
    status
        .lines()
        .find(|l| l.starts_with("VmRSS:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|n| n.parse().ok())
        .unwrap()
}

/// Sparse as the simulated backend: a 1 TiB SEC_RESERVE section, mapped whole, with one page
/// committed and touched, costs kilobytes of host memory (memfd + MAP_NORESERVE).
#[test]
fn one_tib_reserve_with_one_touched_page_is_sparse() {
    sys::reset();
    // SAFETY: winsection::sys calls with live handles, NULL, or pointers to locals and to views this test mapped and still holds.
    unsafe {
        let before = rss_kib();
        let n = wide("Local\\huge");
        let h = CreateFileMappingW(
            INVALID_HANDLE_VALUE,
            std::ptr::null(),
            PAGE_READWRITE | SEC_RESERVE,
            0x100,
            0,
            n.as_ptr(),
        );
        assert!(!h.is_null(), "{}", GetLastError());
        let v = map(h, FILE_MAP_ALL_ACCESS, 0);
        let mbi = query(v);
        assert_eq!((mbi.State, mbi.RegionSize), (MEM_RESERVE, 1 << 40));
        let page = v.add((1 << 39) + 0x1234);
        assert!(!VirtualAlloc(page.cast(), 1, MEM_COMMIT, PAGE_READWRITE).is_null());
        page.write(0x5A);
        assert_eq!(page.read(), 0x5A);
        let grown = rss_kib().saturating_sub(before);
        assert!(grown < 16 * 1024, "RSS grew by {grown} KiB");
        let mbi = query(page);
        assert_eq!((mbi.State, mbi.RegionSize), (MEM_COMMIT, 0x1000));
    }
    check();
}

/// "Mapped views of a file mapping object maintain internal references to the object, and a
/// file mapping object does not close until all references to it are released"
/// (CreateFileMappingW doc; catalog G3): the view works after its handle closes.
#[test]
fn a_view_outlives_its_handle() {
    sys::reset();
    // SAFETY: winsection::sys calls with live handles, NULL, or pointers to locals and to views this test mapped and still holds.
    unsafe {
        let h = section("Local\\outlive", PAGE_READWRITE, 0x1000);
        let v = map(h, FILE_MAP_ALL_ACCESS, 0);
        assert_ne!(CloseHandle(h), 0);
        v.write(9);
        assert_eq!(v.read(), 9);
        // The name went with the last handle, though the view keeps the section (G3).
        let again = OpenFileMappingW(FILE_MAP_READ, 0, wide("Local\\outlive").as_ptr());
        assert!(again.is_null(), "the name goes with the last handle");
        assert_eq!(GetLastError(), ERROR_FILE_NOT_FOUND);
        assert_eq!(v.read(), 9);
        assert_ne!(
            UnmapViewOfFile(MEMORY_MAPPED_VIEW_ADDRESS { Value: v.cast() }),
            0
        );
        assert_eq!(query(v).State, MEM_FREE);
        assert_eq!(
            UnmapViewOfFile(MEMORY_MAPPED_VIEW_ADDRESS { Value: v.cast() }),
            0
        );
        assert_eq!(GetLastError(), ERROR_INVALID_ADDRESS);
    }
    check();
}

/// A process's handles close and its views unmap when it exits (catalog G10): the section it
/// alone named is gone, while another process's view keeps its bytes.
#[test]
fn handles_close_and_views_unmap_at_process_exit() {
    sys::reset();
    let b = sys::spawn("B").unwrap();
    // SAFETY: winsection::sys calls with live handles, NULL, or pointers to locals and to views this test mapped and still holds.
    let kept = unsafe {
        let _b = sys::enter(b);
        let h = section("Local\\exit", PAGE_READWRITE, 0x1000);
        let v = map(h, FILE_MAP_ALL_ACCESS, 0);
        v.write(77);
        h
    };
    // SAFETY: winsection::sys calls with live handles, NULL, or pointers to locals and to views this test mapped and still holds.
    unsafe {
        let h = OpenFileMappingW(FILE_MAP_READ, 0, wide("Local\\exit").as_ptr());
        assert!(!h.is_null());
        let mine = map(h, FILE_MAP_READ, 0);
        assert_ne!(CloseHandle(h), 0);
        sys::exit_process(b, 0).unwrap();
        assert_eq!(mine.read(), 77, "my view keeps the section alive");
        let again = OpenFileMappingW(FILE_MAP_READ, 0, wide("Local\\exit").as_ptr());
        assert!(again.is_null());
        assert_eq!(GetLastError(), ERROR_FILE_NOT_FOUND);
        let _ = kept;
    }
    check();
}

/// FILE_MAP_COPY: a store gets the view a private page (the kernel copies it on write, the
/// engine learns it), which VirtualQuery then reports PAGE_READWRITE while the untouched pages
/// stay PAGE_WRITECOPY; other views keep the shared bytes (catalog F15).
#[test]
fn copy_on_write_gives_the_writer_a_private_page() {
    sys::reset();
    let a = sys::current().unwrap();
    // SAFETY: winsection::sys calls with live handles, NULL, or pointers to locals and to views this test mapped and still holds.
    unsafe {
        let h = section("Local\\cow", PAGE_READWRITE, 0x3000);
        let shared = map(h, FILE_MAP_ALL_ACCESS, 0);
        shared.add(0x1000).write(1);
        let cow = map(h, FILE_MAP_COPY, 0);
        assert_eq!(query(cow).Protect, PAGE_WRITECOPY);
        assert_eq!(cow.add(0x1000).read(), 1);
        cow.add(0x1000).write(2);
        assert_eq!(cow.add(0x1000).read(), 2);
        assert_eq!(shared.add(0x1000).read(), 1, "the section keeps its bytes");
        let mbi = query(cow.add(0x1000));
        assert_eq!((mbi.Protect, mbi.RegionSize), (PAGE_READWRITE, 0x1000));
        assert_eq!(query(cow).Protect, PAGE_WRITECOPY);
        // The engine sees the private page through the view, the shared one elsewhere.
        let cow_sim = 0x1000_0000 + (cow as u64 - shared as u64);
        let seen = sys::with_system(|s| {
            s.read_memory(a.pid(), cow_sim + 0x1000, 1)
                .unwrap()
                .unwrap()[0]
        });
        assert_eq!(seen, Some(2));
        // A later store into the shared page is not seen through the private copy...
        shared.add(0x1000).write(3);
        assert_eq!(cow.add(0x1000).read(), 2);
        // ...but untouched copy-on-write pages still show the section.
        shared.add(0x2000).write(4);
        assert_eq!(cow.add(0x2000).read(), 4);
    }
    check();
}

/// VirtualProtect changes what the hardware allows and VirtualQuery reports the new and old
/// protections (catalog F10-F12).
#[test]
fn virtual_protect_changes_the_host_protection() {
    sys::reset();
    // SAFETY: winsection::sys calls with live handles, NULL, or pointers to locals and to views this test mapped and still holds.
    unsafe {
        let h = section("Local\\protect", PAGE_READWRITE, 0x2000);
        let v = map(h, FILE_MAP_ALL_ACCESS, 0);
        v.write(1);
        let mut old = 0;
        assert_ne!(VirtualProtect(v.cast(), 0x1000, PAGE_READONLY, &mut old), 0);
        assert_eq!(old, PAGE_READWRITE);
        assert_eq!(query(v).Protect, PAGE_READONLY);
        assert_eq!(v.read(), 1);
        assert_ne!(
            VirtualProtect(v.cast(), 0x1000, PAGE_READWRITE, &mut old),
            0
        );
        assert_eq!(old, PAGE_READONLY);
        v.write(2);
        assert_eq!(v.read(), 2);
        // A view can never exceed the section's protection (catalog F11).
        let r = map(h, FILE_MAP_READ, 0);
        assert_eq!(
            VirtualProtect(r.cast(), 0x1000, PAGE_READWRITE, &mut old),
            0
        );
        assert_eq!(GetLastError(), ERROR_INVALID_PARAMETER);
    }
    check();
}

/// VirtualAlloc'd private memory is real too.
#[test]
fn private_virtual_alloc_is_real_memory() {
    sys::reset();
    // SAFETY: winsection::sys calls with live handles, NULL, or pointers to locals and to views this test mapped and still holds.
    unsafe {
        let p = VirtualAlloc(
            std::ptr::null(),
            0x3000,
            MEM_RESERVE | MEM_COMMIT,
            PAGE_READWRITE,
        )
        .cast::<u8>();
        assert!(!p.is_null());
        std::ptr::write_bytes(p, 0xEE, 0x3000);
        assert_eq!(p.add(0x2FFF).read(), 0xEE);
        assert_eq!(query(p).Type, MEM_PRIVATE);
        assert_ne!(VirtualFree(p.cast(), 0, MEM_RELEASE), 0);
        assert_eq!(query(p).State, MEM_FREE);
    }
    check();
}

/// A view that would end beyond the process's host window cannot be reached by a pointer:
/// the call fails as for an exhausted address space and changes nothing.
#[test]
fn views_beyond_the_window_fail_with_not_enough_memory() {
    sys::reset_with(winsection::SystemConfig {
        memory: winsection::MemoryBackend::Host { window: 1 << 32 },
        ..winsection::SystemConfig::default()
    });
    // SAFETY: winsection::sys calls with live handles, NULL, or pointers to locals and to views this test mapped and still holds.
    unsafe {
        let n = wide("Local\\big");
        let h = CreateFileMappingW(
            INVALID_HANDLE_VALUE,
            std::ptr::null(),
            PAGE_READWRITE | SEC_RESERVE,
            1,
            0,
            n.as_ptr(),
        );
        assert!(!h.is_null());
        let v = MapViewOfFile(h, FILE_MAP_ALL_ACCESS, 0, 0, 0);
        assert!(v.Value.is_null());
        assert_eq!(GetLastError(), ERROR_NOT_ENOUGH_MEMORY);
        let small = MapViewOfFile(h, FILE_MAP_ALL_ACCESS, 0, 0, 0x10000);
        assert!(!small.Value.is_null());
        // The failed view left nothing behind: the small one takes the first placement.
        let mut si = winsection::sys::Win32::System::SystemInformation::SYSTEM_INFO::default();
        winsection::sys::Win32::System::SystemInformation::GetSystemInfo(&mut si);
        let base = si.lpMinimumApplicationAddress as usize - 0x10000;
        assert_eq!(small.Value as usize - base, 0x1000_0000);
        assert_eq!(
            si.lpMaximumApplicationAddress as usize - base,
            (1 << 32) - 1
        );
    }
    check();
}

/// A window the host cannot reserve (2^60 bytes: more than x86-64 user space) falls back to
/// a smaller one; views inside it work as usual.
#[test]
fn an_impossible_window_falls_back_to_a_smaller_one() {
    sys::reset_with(winsection::SystemConfig {
        memory: winsection::MemoryBackend::Host { window: 1 << 60 },
        ..winsection::SystemConfig::default()
    });
    // SAFETY: winsection::sys calls with live handles, NULL, or pointers to locals and to views this test mapped and still holds.
    unsafe {
        let h = section("Local\\fallback", PAGE_READWRITE, 0x1000);
        let v = map(h, FILE_MAP_ALL_ACCESS, 0);
        v.write(3);
        assert_eq!(v.read(), 3);
        let mut si = winsection::sys::Win32::System::SystemInformation::SYSTEM_INFO::default();
        winsection::sys::Win32::System::SystemInformation::GetSystemInfo(&mut si);
        let span =
            si.lpMaximumApplicationAddress as usize - si.lpMinimumApplicationAddress as usize;
        assert!(span < 1 << 48, "window of {span:#x} bytes");
        assert!(span >= (1 << 30) - 0x10001);
    }
    check();
}

/// The host's own page tables say what VirtualQuery says: `/proc/self/maps` shows each page of
/// a view with the protection the engine gave it (shared for views, private for
/// copy-on-write, none for PAGE_NOACCESS and reserved pages).
#[test]
fn host_page_protections_follow_the_engine() {
    fn perms(p: *const u8) -> String {
        let maps = std::fs::read_to_string("/proc/self/maps").unwrap();
        let a = p as usize;
        maps.lines()
            .find_map(|l| {
                let mut f = l.split_whitespace();
                let range = f.next()?;
                let (lo, hi) = range.split_once('-')?;
                let (lo, hi) = (
                    usize::from_str_radix(lo, 16).ok()?,
                    usize::from_str_radix(hi, 16).ok()?,
                );
                (lo <= a && a < hi).then(|| f.next().unwrap_or("").to_string())
            })
            .unwrap_or_default()
    }
    sys::reset();
    // SAFETY: winsection::sys calls with live handles, NULL, or pointers to locals and to views this test mapped and still holds.
    unsafe {
        let h = section("Local\\maps", PAGE_READWRITE, 0x4000);
        let v = map(h, FILE_MAP_ALL_ACCESS, 0);
        let mut old = 0;
        assert_ne!(
            VirtualProtect(v.add(0x1000).cast(), 1, PAGE_READONLY, &mut old),
            0
        );
        assert_ne!(
            VirtualProtect(v.add(0x2000).cast(), 1, PAGE_NOACCESS, &mut old),
            0
        );
        assert_eq!(perms(v), "rw-s");
        assert_eq!(perms(v.add(0x1000)), "r--s");
        assert_eq!(perms(v.add(0x2000)), "---s");
        assert_eq!(perms(v.add(0x3000)), "rw-s");
        let cow = map(h, FILE_MAP_COPY, 0);
        assert_eq!(perms(cow), "rw-p");
        let r = section("Local\\maps_reserve", PAGE_READWRITE | SEC_RESERVE, 0x10000);
        let rv = map(r, FILE_MAP_ALL_ACCESS, 0);
        assert_eq!(
            perms(rv),
            "---p",
            "reserved: still the PROT_NONE reservation"
        );
        assert!(!VirtualAlloc(rv.cast(), 1, MEM_COMMIT, PAGE_READWRITE).is_null());
        assert_eq!(perms(rv), "rw-s");
        assert_eq!(perms(rv.add(0x1000)), "---p");
    }
    check();
}
