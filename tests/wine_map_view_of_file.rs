//! Port of wine `dlls/kernel32/tests/virtual.c test_MapViewOfFile`, the page-file parts: a
//! SEC_RESERVE section's two views and VirtualAlloc(MEM_COMMIT) through one of them, the same
//! with SEC_COMMIT and SEC_NOCACHE, MEM_RESET and MEM_DECOMMIT on views, NtQuerySection's
//! SECTION_QUERY check, view lifetimes after the handles close, unmapping from inside a view,
//! file sections' exact sizes (the Windows-truth lines: plain `ok()`).
//!
//! Skipped here: the file-backed opening part (OpenFileMapping access combinations) is
//! `conformance_mm.rs` E2-E5 and `wine_virtual_mapping.rs`; the views of image sections are in
//! `wine_file.rs`; `MapViewOfFileEx` at fixed addresses is catalog F7-F9 (`conformance_mm.rs`);
//! the `NtCreateSection` / `NtMapViewOfSection` calls with explicit sizes (no NT create call
//! yet); `IsBadReadPtr` (a `read` of the range stands in).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

mod common;

use common::{check, machine};
use winsection::win32::*;

const MAPPING_SIZE: u64 = 0x100000;
const STATUS_ACCESS_DENIED: NTSTATUS = 0xC000_0022_u32 as NTSTATUS;

fn query(w: &mut Win32<'_>, address: u64) -> MEMORY_BASIC_INFORMATION {
    let mut info = MEMORY_BASIC_INFORMATION::default();
    assert_eq!(w.VirtualQuery(address, Some(&mut info), 48), 48);
    info
}

#[track_caller]
fn assert_info(
    i: &MEMORY_BASIC_INFORMATION,
    base: u64,
    size: u64,
    state: u32,
    alloc: u32,
    prot: u32,
) {
    assert_eq!((i.BaseAddress, i.AllocationBase), (base, base));
    assert_eq!((i.RegionSize, i.State), (size, state));
    assert_eq!(
        (i.AllocationProtect, i.Protect, i.Type),
        (alloc, prot, MEM_MAPPED)
    );
}

/// test_MapViewOfFile: "read/write mapping with SEC_RESERVE", "same thing with SEC_COMMIT",
/// "same thing with SEC_NOCACHE".
#[test]
fn virtual_c_test_map_view_of_file_page_file_sections() {
    let (mut sys, pids) = machine(&["test"]);
    let mut w = sys.win32(pids[0]);
    let rw = PAGE_READWRITE;

    // SEC_RESERVE.
    let mapping = w.CreateFileMappingA(
        INVALID_HANDLE_VALUE,
        None,
        rw | SEC_RESERVE,
        0,
        MAPPING_SIZE as u32,
        None,
    );
    assert_ne!(mapping, 0);
    let mut section = SECTION_BASIC_INFORMATION::default();
    assert_eq!(w.NtQuerySection(mapping, Some(&mut section)), 0);
    assert_eq!(
        (section.AllocationAttributes, section.BaseAddress),
        (SEC_RESERVE, 0)
    );
    assert_eq!(section.MaximumSize, MAPPING_SIZE);
    let ptr = w.MapViewOfFile(mapping, FILE_MAP_WRITE, 0, 0, 0);
    let ptr2 = w.MapViewOfFile(mapping, FILE_MAP_WRITE, 0, 0, 0);
    assert!(ptr != 0 && ptr2 != 0 && ptr != ptr2);
    assert_info(&query(&mut w, ptr), ptr, MAPPING_SIZE, MEM_RESERVE, rw, 0);
    assert_info(&query(&mut w, ptr2), ptr2, MAPPING_SIZE, MEM_RESERVE, rw, 0);
    assert_eq!(w.VirtualAlloc(ptr, 0x10000, MEM_COMMIT, PAGE_READONLY), ptr);
    assert_info(
        &query(&mut w, ptr),
        ptr,
        0x10000,
        MEM_COMMIT,
        rw,
        PAGE_READONLY,
    );
    // The commit is the section's: the other view sees it, with its own protection.
    assert_info(&query(&mut w, ptr2), ptr2, 0x10000, MEM_COMMIT, rw, rw);
    assert_eq!(
        w.VirtualAlloc(ptr, MAPPING_SIZE, MEM_RESET, PAGE_READONLY),
        ptr
    );
    assert_eq!(w.VirtualFree(ptr, 0x10000, MEM_DECOMMIT), FALSE);
    assert_eq!(w.GetLastError(), ERROR_INVALID_PARAMETER);
    assert_eq!(w.UnmapViewOfFile(ptr2), TRUE);
    assert_eq!(w.UnmapViewOfFile(ptr), TRUE);
    assert_eq!(w.CloseHandle(mapping), TRUE);

    // SEC_COMMIT.
    let mapping = w.CreateFileMappingA(
        INVALID_HANDLE_VALUE,
        None,
        rw | SEC_COMMIT,
        0,
        MAPPING_SIZE as u32,
        None,
    );
    assert_eq!(w.NtQuerySection(mapping, Some(&mut section)), 0);
    assert_eq!(
        (section.AllocationAttributes, section.MaximumSize),
        (SEC_COMMIT, MAPPING_SIZE)
    );
    let ptr = w.MapViewOfFile(mapping, FILE_MAP_WRITE, 0, 0, 0);
    assert_info(&query(&mut w, ptr), ptr, MAPPING_SIZE, MEM_COMMIT, rw, rw);
    assert_eq!(w.VirtualAlloc(ptr, 0x10000, MEM_COMMIT, PAGE_READONLY), ptr);
    assert_info(
        &query(&mut w, ptr),
        ptr,
        0x10000,
        MEM_COMMIT,
        rw,
        PAGE_READONLY,
    );
    assert_eq!(
        w.VirtualAlloc(ptr, MAPPING_SIZE, MEM_RESET, PAGE_READONLY),
        ptr
    );
    assert_eq!(w.VirtualFree(ptr, 0x10000, MEM_DECOMMIT), FALSE);
    assert_eq!(w.GetLastError(), ERROR_INVALID_PARAMETER);
    assert_eq!(w.UnmapViewOfFile(ptr), TRUE);
    assert_eq!(w.CloseHandle(mapping), TRUE);

    // SEC_NOCACHE: the view's protections carry PAGE_NOCACHE.
    let flags = rw | SEC_COMMIT | SEC_NOCACHE;
    let mapping = w.CreateFileMappingA(
        INVALID_HANDLE_VALUE,
        None,
        flags,
        0,
        MAPPING_SIZE as u32,
        None,
    );
    assert_eq!(w.NtQuerySection(mapping, Some(&mut section)), 0);
    assert_eq!(section.AllocationAttributes, SEC_COMMIT | SEC_NOCACHE);
    let ptr = w.MapViewOfFile(mapping, FILE_MAP_WRITE, 0, 0, 0);
    let nc = rw | PAGE_NOCACHE;
    assert_info(&query(&mut w, ptr), ptr, MAPPING_SIZE, MEM_COMMIT, nc, nc);
    assert_eq!(w.VirtualAlloc(ptr, 0x10000, MEM_COMMIT, PAGE_READONLY), ptr);
    assert_info(
        &query(&mut w, ptr),
        ptr,
        0x10000,
        MEM_COMMIT,
        nc,
        PAGE_READONLY | PAGE_NOCACHE,
    );
    assert_eq!(w.UnmapViewOfFile(ptr), TRUE);
    assert_eq!(w.CloseHandle(mapping), TRUE);
    check(&sys);
}

/// test_MapViewOfFile: NtQuerySection needs SECTION_QUERY (STATUS_ACCESS_DENIED through a
/// FILE_MAP_READ or FILE_MAP_WRITE handle, success with `| SECTION_QUERY`, attributes SEC_COMMIT,
/// BaseAddress NULL, size the view's); a FILE_MAP_WRITE handle cannot map a read view.
#[test]
fn virtual_c_test_map_view_of_file_query_access() {
    let (mut sys, pids) = machine(&["test"]);
    let mut w = sys.win32(pids[0]);
    let name = "Local\\Foo";
    let owner = w.CreateFileMappingW(
        INVALID_HANDLE_VALUE,
        None,
        PAGE_READWRITE,
        0,
        4096,
        Some(name),
    );
    assert_ne!(owner, 0);
    let mut section = SECTION_BASIC_INFORMATION::default();
    let m = w.OpenFileMappingW(FILE_MAP_READ, FALSE, Some(name));
    assert_eq!(w.MapViewOfFile(m, FILE_MAP_WRITE, 0, 0, 0), 0);
    assert_eq!(w.GetLastError(), ERROR_ACCESS_DENIED);
    let ptr = w.MapViewOfFile(m, FILE_MAP_READ, 0, 0, 0);
    let info = query(&mut w, ptr);
    assert_info(&info, ptr, 4096, MEM_COMMIT, PAGE_READONLY, PAGE_READONLY);
    assert_eq!(w.UnmapViewOfFile(ptr), TRUE);
    assert_eq!(
        w.NtQuerySection(m, Some(&mut section)),
        STATUS_ACCESS_DENIED
    );
    assert_eq!(w.CloseHandle(m), TRUE);
    let m = w.OpenFileMappingW(FILE_MAP_READ | SECTION_QUERY, FALSE, Some(name));
    assert_eq!(w.NtQuerySection(m, Some(&mut section)), 0);
    assert_eq!(
        (section.AllocationAttributes, section.BaseAddress),
        (SEC_COMMIT, 0)
    );
    assert_eq!(section.MaximumSize, info.RegionSize);
    assert_eq!(w.CloseHandle(m), TRUE);

    let m = w.OpenFileMappingW(FILE_MAP_WRITE, FALSE, Some(name));
    assert_ne!(m, 0);
    assert_eq!(w.MapViewOfFile(m, FILE_MAP_READ, 0, 0, 0), 0);
    assert_eq!(w.GetLastError(), ERROR_ACCESS_DENIED);
    let ptr = w.MapViewOfFile(m, FILE_MAP_WRITE, 0, 0, 0);
    assert_info(
        &query(&mut w, ptr),
        ptr,
        4096,
        MEM_COMMIT,
        PAGE_READWRITE,
        PAGE_READWRITE,
    );
    assert_eq!(w.UnmapViewOfFile(ptr), TRUE);
    assert_eq!(
        w.NtQuerySection(m, Some(&mut section)),
        STATUS_ACCESS_DENIED
    );
    assert_eq!(w.CloseHandle(m), TRUE);
    let m = w.OpenFileMappingW(FILE_MAP_WRITE | SECTION_QUERY, FALSE, Some(name));
    assert_eq!(w.NtQuerySection(m, Some(&mut section)), 0);
    assert_eq!(section.AllocationAttributes, SEC_COMMIT);
    assert_eq!(w.CloseHandle(m), TRUE);
    check(&sys);
}

/// test_MapViewOfFile: UnmapViewOfFile of private memory or a wild address is
/// ERROR_INVALID_ADDRESS; a view outlives its named mapping's handles, while the name goes at
/// once (a new create is a new object, ERROR_SUCCESS), for page-file and file sections; after
/// the unmap the range is MEM_FREE; any address inside a view unmaps it; file sections report
/// SEC_FILE and their exact byte size.
#[test]
fn virtual_c_test_map_view_of_file_lifetimes_and_sizes() {
    let (mut sys, pids) = machine(&["test"]);
    let mut w = sys.win32(pids[0]);
    let addr = w.VirtualAlloc(0, 0x10000, MEM_COMMIT, PAGE_READONLY);
    for a in [addr, addr + 0x3000, 0xdeadbeef] {
        w.SetLastError(0xdeadbeef);
        assert_eq!(w.UnmapViewOfFile(a), FALSE);
        assert_eq!(w.GetLastError(), ERROR_INVALID_ADDRESS);
    }
    assert_eq!(w.VirtualFree(addr, 0, MEM_RELEASE), TRUE);

    let rw = GENERIC_READ | GENERIC_WRITE;
    let file = w.CreateFileW(Some(r"C:\testfile.xxx"), rw, 0, None, CREATE_ALWAYS, 0, 0);
    assert_eq!(w.SetFilePointer(file, 4096, None, FILE_BEGIN), 4096);
    assert_eq!(w.SetEndOfFile(file), TRUE);
    for backing in [INVALID_HANDLE_VALUE, file] {
        let size = MAPPING_SIZE as u32;
        let mapping = w.CreateFileMappingA(backing, None, PAGE_READWRITE, 0, size, Some(b"Foo"));
        assert_ne!(mapping, 0, "{}", w.GetLastError());
        let ptr = w.MapViewOfFile(mapping, FILE_MAP_WRITE, 0, 0, 0);
        assert_ne!(ptr, 0);
        let map2 = w.OpenFileMappingA(FILE_MAP_READ, FALSE, Some(b"Foo"));
        assert_ne!(map2, 0);
        assert_eq!(w.CloseHandle(map2), TRUE);
        if backing == file {
            let mut section = SECTION_BASIC_INFORMATION::default();
            assert_eq!(w.NtQuerySection(mapping, Some(&mut section)), 0);
            assert_eq!(
                (section.AllocationAttributes, section.MaximumSize),
                (SEC_FILE, MAPPING_SIZE)
            );
        }
        assert_eq!(w.CloseHandle(mapping), TRUE);
        for round in 0..2 {
            assert!(w.read(ptr, MAPPING_SIZE).unwrap().is_ok(), "round {round}");
            assert_info(
                &query(&mut w, ptr),
                ptr,
                MAPPING_SIZE,
                MEM_COMMIT,
                PAGE_READWRITE,
                PAGE_READWRITE,
            );
            if round == 0 {
                assert_eq!(w.OpenFileMappingA(FILE_MAP_READ, FALSE, Some(b"Foo")), 0);
                assert_eq!(w.GetLastError(), ERROR_FILE_NOT_FOUND);
                let again =
                    w.CreateFileMappingA(backing, None, PAGE_READWRITE, 0, size, Some(b"Foo"));
                assert_ne!(again, 0);
                assert_eq!(w.GetLastError(), ERROR_SUCCESS);
                assert_eq!(w.CloseHandle(again), TRUE);
            }
        }
        assert_eq!(w.UnmapViewOfFile(ptr), TRUE);
        assert!(w.read(ptr, MAPPING_SIZE).unwrap().is_err());
        let info = query(&mut w, ptr);
        assert_eq!(
            (info.BaseAddress, info.Protect, info.AllocationBase),
            (ptr, PAGE_NOACCESS, 0)
        );
        assert_eq!(
            (info.AllocationProtect, info.State, info.Type),
            (0, MEM_FREE, 0)
        );
    }

    let mapping = w.CreateFileMappingA(file, None, PAGE_READONLY, 0, 12288, None);
    assert_ne!(mapping, 0);
    for inside in [100, 4096, 4096 + 100] {
        let ptr = w.MapViewOfFile(mapping, FILE_MAP_READ, 0, 0, 12288);
        assert_ne!(ptr, 0);
        assert_eq!(w.UnmapViewOfFile(ptr + inside), TRUE, "{inside}");
    }
    assert_eq!(w.CloseHandle(mapping), TRUE);

    let mut section = SECTION_BASIC_INFORMATION::default();
    let mapping = w.CreateFileMappingA(file, None, PAGE_READONLY, 0, 36, None);
    assert_eq!(w.NtQuerySection(mapping, Some(&mut section)), 0);
    assert_eq!(
        (
            section.AllocationAttributes,
            section.BaseAddress,
            section.MaximumSize
        ),
        (SEC_FILE, 0, 36)
    );
    assert_eq!(w.CloseHandle(mapping), TRUE);
    assert_eq!(w.SetFilePointer(file, 0x3456, None, FILE_BEGIN), 0x3456);
    assert_eq!(w.SetEndOfFile(file), TRUE);
    let mapping = w.CreateFileMappingA(file, None, PAGE_READONLY, 0, 0, None);
    assert_eq!(w.NtQuerySection(mapping, Some(&mut section)), 0);
    assert_eq!(
        (section.AllocationAttributes, section.MaximumSize),
        (SEC_FILE, 0x3456)
    );
    assert_eq!(w.CloseHandle(mapping), TRUE);
    // A page-file section's size is page-rounded (NtCreateSection 0x3457 -> 0x4000).
    let paged = w.CreateFileMappingA(INVALID_HANDLE_VALUE, None, PAGE_READONLY, 0, 0x3457, None);
    assert_eq!(w.NtQuerySection(paged, Some(&mut section)), 0);
    assert_eq!(
        (section.AllocationAttributes, section.MaximumSize),
        (SEC_COMMIT, 0x4000)
    );
    assert_eq!(w.CloseHandle(paged), TRUE);
    assert_eq!(w.CloseHandle(file), TRUE);
    check(&sys);
}
