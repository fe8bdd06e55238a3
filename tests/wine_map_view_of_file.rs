//! Port of wine `dlls/kernel32/tests/virtual.c test_MapViewOfFile`, the page-file parts: a
//! SEC_RESERVE section's two views and VirtualAlloc(MEM_COMMIT) through one of them, the same
//! with SEC_COMMIT and SEC_NOCACHE, MEM_RESET and MEM_DECOMMIT on views, NtQuerySection's
//! SECTION_QUERY check (the Windows-truth lines: plain `ok()`).
//!
//! Skipped here: the file-backed opening part (OpenFileMapping access combinations) is
//! `conformance_mm.rs` E2-E5 and `wine_virtual_mapping.rs`; the views of image sections are in
//! `wine_file.rs`; `MapViewOfFileEx` at fixed addresses is catalog F7-F9 (`conformance_mm.rs`).

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
