//! File-backed sections through `winsection::sys` with real pointers: the view and
//! ReadFile/WriteFile go through the host's cache of the file, so they see each other at once
//! (CreateFileMappingW doc: coherent "with the file on disk" for local files; catalog H13,
//! H14); a section larger than its file grows the file (D4); SetEndOfFile below a mapped
//! section fails with ERROR_USER_MAPPED_FILE (D5); unflushed stores die with a power loss.

#![cfg(target_os = "linux")]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use winsection::sys;
use winsection::sys::Win32::Foundation::*;
use winsection::sys::Win32::Storage::FileSystem::*;
use winsection::sys::Win32::System::Memory::*;

#[path = "common/sys_file_io.rs"]
mod sys_file_io;
use sys_file_io::{check, create, file_section, read_at, seek, size, wide, write_at};

fn disk(path: &str) -> Vec<u8> {
    sys::with_system(|s| s.disk_contents(0, path).unwrap()).unwrap()
}

#[test]
fn views_and_file_io_share_the_cache_and_the_file_grows() {
    sys::reset();
    // SAFETY: winsection::sys calls with live handles, NULL, or pointers to locals and to views this test mapped and still holds.
    unsafe {
        let f = create(r"C:\data.bin");
        write_at(f, 0, b"hello");
        assert_eq!(size(f), 5);
        // A section bigger than the file grows the file to the section's size (catalog D4).
        let s = file_section(f, PAGE_READWRITE, 0x2000);
        assert_eq!(size(f), 0x2000);
        let v = MapViewOfFile(s, FILE_MAP_ALL_ACCESS, 0, 0, 0)
            .Value
            .cast::<u8>();
        assert_eq!(std::slice::from_raw_parts(v, 5), b"hello");
        // A raw store is what ReadFile reads; WriteFile's bytes are what a load sees.
        v.add(100).write(b'X');
        assert_eq!(read_at(f, 100, 1), b"X");
        write_at(f, 0x1800, b"from WriteFile");
        assert_eq!(
            std::slice::from_raw_parts(v.add(0x1800), 14),
            b"from WriteFile"
        );
        // ReadFile can fill a buffer that is itself the view.
        seek(f, 0);
        let mut n = 0;
        assert_ne!(
            ReadFile(f, v.add(0x1000), 5, &mut n, std::ptr::null_mut()),
            0
        );
        assert_eq!(std::slice::from_raw_parts(v.add(0x1000), 5), b"hello");
        // Nothing is flushed yet (WriteFile is cached too), so the disk image is empty.
        assert!(disk(r"C:\data.bin").iter().all(|b| *b == 0));
        assert_ne!(FlushViewOfFile(v.cast(), 0), 0);
        let on_disk = disk(r"C:\data.bin");
        assert_eq!(&on_disk[..5], b"hello");
        assert_eq!(on_disk[100], b'X');
        assert_eq!(&on_disk[0x1800..0x180E], b"from WriteFile");
    }
    check();
}

/// SetEndOfFile cannot cut a file below a mapped section: ERROR_USER_MAPPED_FILE, and the
/// file keeps its size (catalog D5); once the views and the section are gone it can.
#[test]
fn truncating_a_mapped_file_fails_with_user_mapped_file() {
    sys::reset();
    // SAFETY: winsection::sys calls with live handles, NULL, or pointers to locals and to views this test mapped and still holds.
    unsafe {
        let f = create(r"C:\mapped.bin");
        let s = file_section(f, PAGE_READWRITE, 0x3000);
        let v = MapViewOfFile(s, FILE_MAP_ALL_ACCESS, 0, 0, 0);
        v.Value.cast::<u8>().add(0x2FFF).write(1);
        seek(f, 0x1000);
        assert_eq!(SetEndOfFile(f), 0);
        assert_eq!(GetLastError(), ERROR_USER_MAPPED_FILE);
        assert_eq!(size(f), 0x3000);
        assert_eq!(v.Value.cast::<u8>().add(0x2FFF).read(), 1);
        assert_ne!(UnmapViewOfFile(v), 0);
        assert_ne!(CloseHandle(s), 0);
        seek(f, 0x1000);
        assert_ne!(SetEndOfFile(f), 0);
        assert_eq!(size(f), 0x1000);
    }
    check();
}

/// A power loss drops what was never flushed: the flushed store survives, the later one does
/// not (catalog H15; winsection has no lazy writer, so "unflushed" is exact).
#[test]
fn unflushed_stores_die_with_a_power_loss() {
    sys::reset();
    // SAFETY: winsection::sys calls with live handles, NULL, or pointers to locals and to views this test mapped and still holds.
    unsafe {
        let f = create(r"C:\power.bin");
        let s = file_section(f, PAGE_READWRITE, 0x1000);
        let v = MapViewOfFile(s, FILE_MAP_ALL_ACCESS, 0, 0, 0)
            .Value
            .cast::<u8>();
        v.write(b'F');
        assert_ne!(FlushViewOfFile(v.cast(), 1), 0);
        v.add(1).write(b'L');
    }
    sys::with_system(|s| s.crash(0).unwrap()).unwrap();
    let on_disk = disk(r"C:\power.bin");
    assert_eq!(&on_disk[..2], b"F\0");
    check();
}

/// Remote files: each host caches the file separately, so views on two computers see only
/// their own stores until a flush, two processes on one computer share its cache, and the
/// later flush wins the whole page (CreateFileMappingW doc, the remote-file exception;
/// catalog H16).
#[test]
fn remote_file_views_are_coherent_per_host_only() {
    use winsection::ProcessSpec;
    sys::reset();
    let (pc1, pc2, pc3) = sys::with_system(|s| {
        s.add_host("srv", None).unwrap();
        (
            s.add_host("pc1", None).unwrap(),
            s.add_host("pc2", None).unwrap(),
            s.add_host("pc3", None).unwrap(),
        )
    })
    .unwrap();
    let on = |name: &str, host| {
        sys::spawn_with(ProcessSpec {
            host,
            ..ProcessSpec::named(name)
        })
        .unwrap()
    };
    let (alice, carol, bob, reader) = (
        on("alice", pc1),
        on("carol", pc1),
        on("bob", pc2),
        on("reader", pc3),
    );
    let path = r"\\srv\share\data.bin";
    // SAFETY: winsection::sys calls with live handles, NULL, or pointers to locals and to views this test mapped and still holds.
    let open_map = |p: sys::ProcessHandle, new: bool| unsafe {
        let _g = sys::enter(p);
        let f = if new {
            create(path)
        } else {
            let n = wide(path);
            CreateFileW(
                n.as_ptr(),
                GENERIC_READ | GENERIC_WRITE,
                FILE_SHARE_READ | FILE_SHARE_WRITE,
                std::ptr::null(),
                OPEN_EXISTING,
                FILE_ATTRIBUTE_NORMAL,
                std::ptr::null_mut(),
            )
        };
        assert_ne!(f, INVALID_HANDLE_VALUE);
        let s = file_section(f, PAGE_READWRITE, 4096);
        MapViewOfFile(s, FILE_MAP_WRITE, 0, 0, 0).Value.cast::<u8>()
    };
    let va = open_map(alice, true);
    let vb = open_map(bob, false);
    let vc = open_map(carol, false);
    // SAFETY: winsection::sys calls with live handles, NULL, or pointers to locals and to views this test mapped and still holds.
    unsafe {
        va.copy_from(b"alice".as_ptr(), 5);
        vb.add(100).copy_from(b"bob".as_ptr(), 3);
        assert_eq!(
            std::slice::from_raw_parts(va.add(100), 3),
            [0, 0, 0],
            "no sign of bob"
        );
        assert_eq!(
            std::slice::from_raw_parts(vb, 5),
            [0; 5],
            "no sign of alice"
        );
        assert_eq!(
            std::slice::from_raw_parts(vc, 5),
            b"alice",
            "carol shares pc1's cache"
        );
        {
            let _a = sys::enter(alice);
            assert_ne!(FlushViewOfFile(va.cast(), 0), 0);
        }
        {
            let _b = sys::enter(bob);
            assert_ne!(FlushViewOfFile(vb.cast(), 0), 0);
        }
        let _r = sys::enter(reader);
        let n = wide(path);
        let f = CreateFileW(
            n.as_ptr(),
            GENERIC_READ,
            FILE_SHARE_READ | FILE_SHARE_WRITE,
            std::ptr::null(),
            OPEN_EXISTING,
            FILE_ATTRIBUTE_NORMAL,
            std::ptr::null_mut(),
        );
        assert_eq!(
            read_at(f, 0, 5),
            [0; 5],
            "bob's later flush of the whole page won"
        );
        assert_eq!(read_at(f, 100, 3), b"bob");
    }
    check();
}

/// A computer that only read a remote file does not write its stale cached page back when it
/// flushes: another computer's flushed bytes survive (only dirty pages are written; H16).
#[test]
fn a_clean_stale_remote_page_is_not_written_back() {
    use winsection::ProcessSpec;
    sys::reset();
    let (pc1, pc2) = sys::with_system(|s| {
        s.add_host("srv", None).unwrap();
        (
            s.add_host("pc1", None).unwrap(),
            s.add_host("pc2", None).unwrap(),
        )
    })
    .unwrap();
    let alice = sys::spawn_with(ProcessSpec {
        host: pc1,
        ..ProcessSpec::named("alice")
    })
    .unwrap();
    let bob = sys::spawn_with(ProcessSpec {
        host: pc2,
        ..ProcessSpec::named("bob")
    })
    .unwrap();
    let path = r"\\srv\share\stale.bin";
    // SAFETY: winsection::sys calls with live handles, NULL, or pointers to locals and to views this test mapped and still holds.
    unsafe {
        let va = {
            let _a = sys::enter(alice);
            let f = create(path);
            let s = file_section(f, PAGE_READWRITE, 4096);
            let v = MapViewOfFile(s, FILE_MAP_WRITE, 0, 0, 0).Value.cast::<u8>();
            assert_eq!(v.read(), 0);
            v
        };
        {
            let _b = sys::enter(bob);
            let n = wide(path);
            let f = CreateFileW(
                n.as_ptr(),
                GENERIC_READ | GENERIC_WRITE,
                FILE_SHARE_READ | FILE_SHARE_WRITE,
                std::ptr::null(),
                OPEN_EXISTING,
                FILE_ATTRIBUTE_NORMAL,
                std::ptr::null_mut(),
            );
            write_at(f, 0, b"bob");
            assert_ne!(FlushFileBuffers(f), 0);
            assert_eq!(read_at(f, 0, 3), b"bob");
        }
        let _a = sys::enter(alice);
        assert_eq!(va.read(), 0, "alice's cache is stale (remote incoherence)");
        assert_ne!(FlushViewOfFile(va.cast(), 0), 0);
    }
    let on_disk =
        sys::with_system(|s| s.disk_contents(0, r"\\srv\share\stale.bin").unwrap()).unwrap();
    assert_eq!(&on_disk[..3], b"bob");
}
