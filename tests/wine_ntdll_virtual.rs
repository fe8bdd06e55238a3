//! Ports of wine `dlls/ntdll/tests/virtual.c test_NtMapViewOfSection` and
//! `dlls/kernelbase/tests/process.c test_MapViewOfFile3` through `MapViewOfFile3` (the
//! Windows-truth lines: plain `ok()` and `todo_wine`).
//!
//! Ported: the address-space checks made before alignment (size larger than the user address
//! space, base above it -> ERROR_INVALID_PARAMETER), the allocation types (MEM_RESERVE for
//! file-backed sections only, MEM_RESERVE|MEM_COMMIT and MEM_LARGE_PAGES|MEM_RESERVE refused),
//! PAGE_GUARD views, and NULL as the calling process.
//! Skipped: zero-bits arguments and MEM_TOP_DOWN placement (MapViewOfFile3 has no zero bits;
//! placement is first-fit, documented), views of another process's address space through
//! NtMapViewOfSection with process handles lacking PROCESS_VM_OPERATION (covered by
//! `conformance_mm.rs`); placeholders are in `wine_kernelbase_process.rs` (a
//! MEM_REPLACE_PLACEHOLDER view without a base address is ERROR_INVALID_PARAMETER here).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

mod common;

use common::{check, machine};
use winsection::win32::*;
use winsection::Exception;

const SHARE_ALL: u32 = FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE;
const MBI_SIZE: u64 = 48;

fn file_section(w: &mut Win32<'_>, attributes: u32) -> HANDLE {
    let f = w.CreateFileW(
        Some(r"C:\view.bin"),
        GENERIC_READ | GENERIC_WRITE,
        SHARE_ALL,
        None,
        CREATE_ALWAYS,
        0,
        0,
    );
    assert_ne!(f, INVALID_HANDLE_VALUE);
    let s = w.CreateFileMappingW(f, None, PAGE_READWRITE | attributes, 0, 0x20000, None);
    assert_ne!(s, 0, "{}", w.GetLastError());
    s
}

/// test_NtMapViewOfSection: a size beyond the user address space and a base above it are
/// ERROR_INVALID_PARAMETER even when unaligned (the range is checked before alignment).
#[test]
fn ntdll_virtual_c_test_nt_map_view_of_section_address_range() {
    let (mut sys, pids) = machine(&["test"]);
    let mut w = sys.win32(pids[0]);
    let s = w.CreateFileMappingW(INVALID_HANDLE_VALUE, None, PAGE_READWRITE, 0, 0x10000, None);
    let me = w.GetCurrentProcess();
    for (base, size) in [
        (0, 1u64 << 47),
        (0, u64::MAX),
        (0x8000_0000_0000, 0x1000),
        (0x8000_0000_1234, 0x1000),
        (0xFFFF_FFFF_FFFF_0000, 0x1000),
        (0x7FFF_FFFF_0000, 0x10_0000),
    ] {
        w.SetLastError(0xdeadbeef);
        let v = w.MapViewOfFile3(s, me, base, 0, size, 0, PAGE_READWRITE);
        assert_eq!(v, 0, "{base:#x} {size:#x}");
        assert_eq!(
            w.GetLastError(),
            ERROR_INVALID_PARAMETER,
            "{base:#x} {size:#x}"
        );
    }
    // Inside the address space, an unaligned base is still an alignment error.
    assert_eq!(
        w.MapViewOfFile3(s, me, 0x1000_1000, 0, 0x1000, 0, PAGE_READWRITE),
        0
    );
    assert_eq!(w.GetLastError(), ERROR_MAPPED_ALIGNMENT);
    check(&sys);
}

/// test_NtMapViewOfSection: MEM_RESERVE is accepted for a view of a file-backed section and
/// its pages are committed all the same (even for SEC_RESERVE); MEM_RESERVE on a page-file
/// section, MEM_RESERVE|MEM_COMMIT and MEM_LARGE_PAGES|MEM_RESERVE are ERROR_INVALID_PARAMETER.
#[test]
fn ntdll_virtual_c_test_nt_map_view_of_section_allocation_type() {
    let (mut sys, pids) = machine(&["test"]);
    let mut w = sys.win32(pids[0]);
    let me = w.GetCurrentProcess();
    let file = file_section(&mut w, SEC_RESERVE);
    let v = w.MapViewOfFile3(file, me, 0, 0, 0x10000, MEM_RESERVE, PAGE_READWRITE);
    assert_ne!(v, 0, "{}", w.GetLastError());
    let mut mbi = MEMORY_BASIC_INFORMATION::default();
    assert_eq!(w.VirtualQuery(v, Some(&mut mbi), MBI_SIZE), MBI_SIZE);
    assert_eq!(mbi.State, MEM_COMMIT);
    assert_eq!(mbi.Type, MEM_MAPPED);
    w.write(v + 10, b"ok").unwrap().unwrap();
    let paged = w.CreateFileMappingW(INVALID_HANDLE_VALUE, None, PAGE_READWRITE, 0, 0x10000, None);
    for (section, allocation) in [
        (paged, MEM_RESERVE),
        (file, MEM_RESERVE | MEM_COMMIT),
        (file, MEM_LARGE_PAGES | MEM_RESERVE),
        (file, MEM_COMMIT),
        (file, MEM_REPLACE_PLACEHOLDER),
    ] {
        w.SetLastError(0xdeadbeef);
        let v = w.MapViewOfFile3(section, me, 0, 0, 0x10000, allocation, PAGE_READWRITE);
        assert_eq!(v, 0, "{allocation:#x}");
        assert_eq!(w.GetLastError(), ERROR_INVALID_PARAMETER, "{allocation:#x}");
    }
    check(&sys);
}

/// test_NtMapViewOfSection: PAGE_GUARD with the view protection gives a guarded view: the
/// first touch of a page raises STATUS_GUARD_PAGE_VIOLATION, the next one succeeds.
#[test]
fn ntdll_virtual_c_test_nt_map_view_of_section_guard() {
    let (mut sys, pids) = machine(&["test"]);
    let mut w = sys.win32(pids[0]);
    let s = w.CreateFileMappingW(INVALID_HANDLE_VALUE, None, PAGE_READWRITE, 0, 0x10000, None);
    let v = w.MapViewOfFile3(s, 0, 0, 0, 0x2000, 0, PAGE_READWRITE | PAGE_GUARD);
    assert_ne!(v, 0, "{}", w.GetLastError());
    let mut mbi = MEMORY_BASIC_INFORMATION::default();
    assert_eq!(w.VirtualQuery(v, Some(&mut mbi), MBI_SIZE), MBI_SIZE);
    assert_eq!(mbi.Protect, PAGE_READWRITE | PAGE_GUARD);
    assert!(matches!(
        w.read(v, 1).unwrap(),
        Err(Exception::GuardPage { .. })
    ));
    assert_eq!(w.read(v, 1).unwrap().unwrap(), [0]);
    assert!(matches!(
        w.write(v + 0x1000, b"x").unwrap(),
        Err(Exception::GuardPage { .. })
    ));
    w.write(v + 0x1000, b"x").unwrap().unwrap();
    assert_eq!(w.VirtualQuery(v, Some(&mut mbi), MBI_SIZE), MBI_SIZE);
    assert_eq!(mbi.Protect, PAGE_READWRITE);
    check(&sys);
}

/// process.c test_MapViewOfFile3 (a 4096-byte read-only view of a file section through
/// GetCurrentProcess()) and test_VirtualAlloc2's `MapViewOfFile3(section, NULL, ...)`: NULL is
/// the calling process.
#[test]
fn kernelbase_process_c_test_map_view_of_file3() {
    let (mut sys, pids) = machine(&["test"]);
    let mut w = sys.win32(pids[0]);
    let f = w.CreateFileW(
        Some(r"C:\testfile.xxx"),
        GENERIC_READ | GENERIC_WRITE,
        0,
        None,
        CREATE_ALWAYS,
        0,
        0,
    );
    assert_ne!(f, INVALID_HANDLE_VALUE);
    assert_eq!(w.SetFilePointer(f, 12288, None, FILE_BEGIN), 12288);
    assert_eq!(w.SetEndOfFile(f), TRUE);
    let mapping = w.CreateFileMappingW(f, None, PAGE_READWRITE, 0, 4096, None);
    assert_ne!(mapping, 0);
    let me = w.GetCurrentProcess();
    let v = w.MapViewOfFile3(mapping, me, 0, 0, 4096, 0, PAGE_READONLY);
    assert_ne!(v, 0, "{}", w.GetLastError());
    assert_eq!(w.UnmapViewOfFile(v), TRUE);
    let v = w.MapViewOfFile3(mapping, 0, 0, 0, 4096, 0, PAGE_READONLY);
    assert_ne!(v, 0, "{}", w.GetLastError());
    assert_eq!(w.UnmapViewOfFile(v), TRUE);
    assert_eq!(w.CloseHandle(mapping), TRUE);
    assert_eq!(w.CloseHandle(f), TRUE);
    assert_eq!(w.DeleteFileW(Some(r"C:\testfile.xxx")), TRUE);
    check(&sys);
}

/// test_NtMapViewOfSection, the parts MapViewOfFile3 can express: a view of a file section in
/// another process (through a process handle) at a 64 KiB-aligned address, read there with
/// ReadProcessMemory; mapping at the same address conflicts (ERROR_INVALID_ADDRESS); an
/// unaligned offset, an unaligned base and a page-aligned but not 64 KiB-aligned base are
/// ERROR_MAPPED_ALIGNMENT. (NtMapViewOfSection's own NULL process is STATUS_INVALID_HANDLE;
/// MapViewOfFile3 turns NULL into the calling process: `kernelbase_process_c_test_map_view_of_file3`.)
#[test]
fn ntdll_virtual_c_test_nt_map_view_of_section_other_process() {
    let (mut sys, pids) = machine(&["test", "target"]);
    let (me, target) = (pids[0], pids[1]);
    let target_id = sys.win32(target).GetCurrentProcessId();
    let mut w = sys.win32(me);
    let data = b"test data for NtMapViewOfSection\0";
    let file = w.CreateFileW(
        Some(r"C:\testfile.xxx"),
        GENERIC_READ | GENERIC_WRITE,
        0,
        None,
        CREATE_ALWAYS,
        0,
        0,
    );
    let mut n = 0;
    assert_eq!(
        w.WriteFile(file, data, data.len() as u32, Some(&mut n)),
        TRUE
    );
    assert_eq!(w.SetFilePointer(file, 4096, None, FILE_BEGIN), 4096);
    assert_eq!(w.SetEndOfFile(file), TRUE);
    let mapping = w.CreateFileMappingW(file, None, PAGE_READWRITE, 0, 4096, None);
    assert_ne!(mapping, 0);
    let access = PROCESS_VM_OPERATION | PROCESS_VM_READ | PROCESS_QUERY_INFORMATION;
    let process = w.OpenProcess(access, FALSE, target_id);
    assert_ne!(process, 0);
    let ptr = w.MapViewOfFile3(mapping, process, 0, 0, 0, 0, PAGE_READWRITE);
    assert_ne!(ptr, 0, "{}", w.GetLastError());
    assert_eq!(ptr & 0xffff, 0);
    let mut buffer = vec![0u8; data.len()];
    let mut result = 0;
    assert_eq!(
        w.ReadProcessMemory(
            process,
            ptr,
            &mut buffer,
            data.len() as u64,
            Some(&mut result)
        ),
        TRUE
    );
    assert_eq!(
        (result, buffer.as_slice()),
        (data.len() as u64, data.as_slice())
    );
    // The view is the target's, not ours.
    let mut mbi = MEMORY_BASIC_INFORMATION::default();
    assert_eq!(w.VirtualQuery(ptr, Some(&mut mbi), MBI_SIZE), MBI_SIZE);
    assert_eq!(mbi.State, MEM_FREE);
    assert_eq!(
        w.VirtualQueryEx(process, ptr, Some(&mut mbi), MBI_SIZE),
        MBI_SIZE
    );
    assert_eq!((mbi.State, mbi.Type), (MEM_COMMIT, MEM_MAPPED));

    for (base, offset, error) in [
        (ptr, 0, ERROR_INVALID_ADDRESS),
        (ptr, 1, ERROR_MAPPED_ALIGNMENT),
        (ptr + 42, 0, ERROR_MAPPED_ALIGNMENT),
        (ptr + 0x1000, 0, ERROR_MAPPED_ALIGNMENT),
    ] {
        w.SetLastError(0xdeadbeef);
        assert_eq!(
            w.MapViewOfFile3(mapping, process, base, offset, 0, 0, PAGE_READWRITE),
            0
        );
        assert_eq!(w.GetLastError(), error, "{base:#x} {offset:#x}");
    }
    assert_eq!(w.UnmapViewOfFile2(process, ptr, 0), TRUE);
    assert_eq!(w.CloseHandle(mapping), TRUE);
    assert_eq!(w.CloseHandle(file), TRUE);
    check(&sys);
}
