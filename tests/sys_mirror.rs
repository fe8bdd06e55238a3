//! The host mirror follows only what changed (issue 11 for `winsection::sys`, issue 12's
//! limits): a call reconciles the regions it changed, not every mapped one; a flush that
//! drops clean cached pages leaves mapped views showing the file; raw stores into a
//! copy-on-write run longer than 1 GiB are seen by the engine and survive a remap.

#![cfg(target_os = "linux")]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use winsection::sys;
use winsection::sys::Win32::Foundation::*;
use winsection::sys::Win32::Storage::FileSystem::*;
use winsection::sys::Win32::System::Memory::*;

#[path = "common/sys_file_io.rs"]
mod sys_file_io;
use sys_file_io::{check, create, file_section, read_at, wide, write_at};

fn reconciled() -> u64 {
    sys::with_system(|s| s.host_regions_reconciled()).unwrap()
}

/// Regions reconciled by one MapViewOfFile + UnmapViewOfFile with `others` views mapped.
fn reconciled_by_map_unmap(others: usize) -> u64 {
    sys::reset();
    // SAFETY: winsection::sys calls with live handles, NULL, or pointers to locals and to views this test mapped and still holds.
    unsafe {
        let h = file_section(INVALID_HANDLE_VALUE, PAGE_READWRITE, 4096);
        let views: Vec<_> = (0..others)
            .map(|_| MapViewOfFile(h, FILE_MAP_ALL_ACCESS, 0, 0, 0))
            .collect();
        views[0].Value.cast::<u8>().write(7);
        let before = reconciled();
        let v = MapViewOfFile(h, FILE_MAP_ALL_ACCESS, 0, 0, 0);
        assert_eq!(
            v.Value.cast::<u8>().read(),
            7,
            "the new view sees the section"
        );
        assert_ne!(UnmapViewOfFile(v), 0);
        let after = reconciled();
        assert_eq!(views[others - 1].Value.cast::<u8>().read(), 7);
        after - before
    }
}

/// A map and an unmap reconcile the one region they changed, however many views are mapped
/// (before this, every call walked every region of every process).
#[test]
fn a_call_reconciles_only_the_regions_it_changed() {
    let small = reconciled_by_map_unmap(4);
    let large = reconciled_by_map_unmap(300);
    assert!(small >= 1, "the new view was reconciled");
    assert!(small <= 4, "map+unmap reconciled {small} regions");
    assert_eq!(small, large, "300 views mapped: {large} regions reconciled");
    check();
}

/// SEC_RESERVE commit through one view still reaches the other views of the section (their
/// regions did not change; the section's commit did), in another process too.
#[test]
fn a_commit_reaches_every_view_of_the_section() {
    sys::reset();
    let b = sys::spawn("B").unwrap();
    // SAFETY: winsection::sys calls with live handles, NULL, or pointers to locals and to views this test mapped and still holds.
    unsafe {
        let name = wide("Local\\mirror-commit");
        let h = CreateFileMappingW(
            INVALID_HANDLE_VALUE,
            std::ptr::null(),
            PAGE_READWRITE | SEC_RESERVE,
            0,
            0x10_0000,
            name.as_ptr(),
        );
        let v = MapViewOfFile(h, FILE_MAP_ALL_ACCESS, 0, 0, 0)
            .Value
            .cast::<u8>();
        let w = {
            let _b = sys::enter(b);
            let h2 = OpenFileMappingW(FILE_MAP_READ, 0, name.as_ptr());
            MapViewOfFile(h2, FILE_MAP_READ, 0, 0, 0).Value.cast::<u8>()
        };
        let p = VirtualAlloc(v.add(0x5000).cast(), 0x1000, MEM_COMMIT, PAGE_READWRITE);
        assert!(!p.is_null());
        v.add(0x5008).write(0x42);
        assert_eq!(
            w.add(0x5008).read(),
            0x42,
            "B's view maps the committed page"
        );
    }
    check();
}

/// A flush drops clean cached pages (the next access reads the disk); a view mapped over
/// them keeps showing the file, a raw store after the flush is dirty again, and the next
/// flush writes it.
#[test]
fn a_flush_that_drops_clean_pages_keeps_views_showing_the_file() {
    sys::reset();
    // SAFETY: winsection::sys calls with live handles, NULL, or pointers to locals and to views this test mapped and still holds.
    unsafe {
        let f = create("C:\\mirror-flush.dat");
        write_at(f, 0, &[1u8; 8192]);
        assert_ne!(FlushFileBuffers(f), 0);
        let s = file_section(f, PAGE_READWRITE, 0);
        let v = MapViewOfFile(s, FILE_MAP_ALL_ACCESS, 0, 0, 0)
            .Value
            .cast::<u8>();
        assert_eq!(v.add(4096).read(), 1);
        assert_ne!(FlushViewOfFile(v.cast(), 0), 0);
        assert_eq!(
            v.add(4100).read(),
            1,
            "a clean page dropped by the flush reads the disk"
        );
        v.add(4100).write(9);
        assert_ne!(FlushViewOfFile(v.cast(), 0), 0);
        let disk =
            sys::with_system(|s| s.disk_contents(0, "C:\\mirror-flush.dat").unwrap()).unwrap();
        assert_eq!((disk[4099], disk[4100], disk[4101]), (1, 9, 1));
        assert_eq!(read_at(f, 4100, 1), vec![9]);
    }
    check();
}

/// Raw stores into a copy-on-write view longer than 1 GiB, beyond its first GiB, become the
/// view's private pages (the whole run is scanned), so a VirtualProtect that rebuilds the
/// view's mapping keeps them, the engine reads them, and the file does not change.
#[test]
fn copy_on_write_stores_beyond_one_gib_survive_a_remap() {
    sys::reset();
    const SIZE: i64 = (3 << 29) + 0x10000; // 1.5 GiB + 64 KiB
    const AT: usize = 5 << 28; // 1.25 GiB
                               // SAFETY: winsection::sys calls with live handles, NULL, or pointers to locals and to views this test mapped and still holds.
    unsafe {
        let f = create("C:\\mirror-cow.dat");
        write_at(f, SIZE - 1, &[0]);
        let s = file_section(f, PAGE_WRITECOPY, 0);
        assert!(!s.is_null());
        let v = MapViewOfFile(s, FILE_MAP_COPY, 0, 0, 0).Value.cast::<u8>();
        assert!(!v.is_null(), "map: {}", GetLastError());
        v.add(AT).write(0x5A);
        let mut old = 0;
        assert_ne!(VirtualProtect(v.cast(), 0x1000, PAGE_READONLY, &mut old), 0);
        assert_eq!(old, PAGE_WRITECOPY);
        assert_eq!(
            v.add(AT).read(),
            0x5A,
            "the private page survives the remap"
        );
        let pid = sys::current().unwrap().pid();
        let base = sys::with_system(|s| s.host_base(pid)).unwrap().unwrap();
        let address = (v as usize - base + AT) as u64;
        let engine = sys::with_system(|s| s.read_memory(pid, address, 1))
            .unwrap()
            .unwrap()
            .unwrap();
        assert_eq!(engine, vec![0x5A], "the engine sees the raw store");
        let mut mbi = std::mem::zeroed::<MEMORY_BASIC_INFORMATION>();
        VirtualQuery(v.add(AT).cast(), &mut mbi, std::mem::size_of_val(&mbi));
        assert_eq!(
            mbi.Protect, PAGE_READWRITE,
            "a written copy-on-write page (F15)"
        );
        assert_eq!(read_at(f, AT as i64, 1), vec![0], "the file is unchanged");
    }
    check();
}

/// A raw load of a never-written page makes the host allocate a zero page in the memfd; the
/// engine does not count it (the section stores no page), while a raw store does count.
#[test]
fn a_raw_load_of_a_never_written_page_stores_nothing() {
    sys::reset();
    let stored = || {
        sys::with_system(|s| s.dump())
            .unwrap()
            .lines()
            .find(|l| l.contains("raw-load") && l.contains("stored-pages="))
            .and_then(|l| l.split("stored-pages=").nth(1))
            .and_then(|n| n.split_whitespace().next())
            .and_then(|n| n.parse::<u64>().ok())
            .unwrap()
    };
    // SAFETY: winsection::sys calls with live handles, NULL, or pointers to locals and to views this test mapped and still holds.
    unsafe {
        let name = wide("Local\\raw-load");
        let h = CreateFileMappingW(
            INVALID_HANDLE_VALUE,
            std::ptr::null(),
            PAGE_READWRITE,
            0,
            0x4000,
            name.as_ptr(),
        );
        let v = MapViewOfFile(h, FILE_MAP_ALL_ACCESS, 0, 0, 0)
            .Value
            .cast::<u8>();
        assert_eq!(v.add(0x2000).read_volatile(), 0);
        assert_eq!(stored(), 0, "a load stores nothing");
        v.add(0x1000).write(3);
        assert_eq!(stored(), 1, "a store does");
        assert_eq!(v.add(0x1000).read(), 3);
    }
    check();
}
