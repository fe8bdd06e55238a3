//! Ports of wine `dlls/kernelbase/tests/process.c` (the Windows-truth lines: plain `ok()` and
//! `todo_wine`; `broken()` alternatives are old Windows and not used).
//!
//! Ported: `test_VirtualAlloc2` (placeholders: create, split in two and three, map over,
//! unmap preserving, the errors), `test_MapViewOfFile3` (incl. MEM_REPLACE_PLACEHOLDER's page
//! alignment), `test_VirtualAllocFromApp`, `test_VirtualProtectFromApp`,
//! `test_OpenFileMappingFromApp`, `test_CreateFileMappingFromApp`, `test_MapViewOfFileFromApp`.
//! Skipped: `test_CompareObjectHandles` (`\\.\NUL` and threads are not modelled; the handle
//! comparisons are in `conformance_ob.rs` I15), `test_VirtualAlloc2FromApp` (no
//! VirtualAlloc2FromApp yet), `test_QueryProcessCycleTime` (no clock).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

mod common;

use common::{check, machine};
use winsection::win32::*;

const MBI_SIZE: u64 = 48;
const SIZE: u64 = 0x80000;

fn info(w: &mut Win32<'_>, address: u64) -> MEMORY_BASIC_INFORMATION {
    let mut mbi = MEMORY_BASIC_INFORMATION::default();
    assert_eq!(w.VirtualQuery(address, Some(&mut mbi), MBI_SIZE), MBI_SIZE);
    mbi
}

#[track_caller]
fn assert_placeholder(w: &mut Win32<'_>, address: u64, size: u64) {
    let i = info(w, address);
    assert_eq!(i.AllocationProtect, PAGE_NOACCESS);
    assert_eq!(i.State, MEM_RESERVE);
    assert_eq!(i.Type, MEM_PRIVATE);
    assert_eq!(i.RegionSize, size);
}

#[track_caller]
fn fails(w: &mut Win32<'_>, ret: BOOL, error: u32) {
    assert_eq!(ret, FALSE);
    assert_eq!(w.GetLastError(), error);
}

/// process.c `test_VirtualAlloc2`.
#[test]
fn process_c_test_virtual_alloc2() {
    let (mut sys, pids) = machine(&["test"]);
    let mut w = sys.win32(pids[0]);
    let me = w.GetCurrentProcess();
    let addr = w.VirtualAlloc2(0, 0, SIZE, MEM_COMMIT, PAGE_EXECUTE_READWRITE);
    assert_ne!(addr, 0, "{}", w.GetLastError());
    assert_eq!(w.VirtualFree(addr, 0, MEM_RELEASE), TRUE);

    // A plain reservation is no placeholder.
    let plain = w.VirtualAlloc2(0, 0, 2 * SIZE, MEM_RESERVE, PAGE_NOACCESS);
    assert_ne!(plain, 0);
    let r = w.VirtualFree(plain, SIZE, MEM_RELEASE | MEM_PRESERVE_PLACEHOLDER);
    fails(&mut w, r, ERROR_INVALID_ADDRESS);
    assert_eq!(w.VirtualFree(plain, 0, MEM_RELEASE), TRUE);

    // Splitting.
    let p1 = w.VirtualAlloc2(
        0,
        0,
        2 * SIZE,
        MEM_RESERVE_PLACEHOLDER | MEM_RESERVE,
        PAGE_NOACCESS,
    );
    assert_ne!(p1, 0, "{}", w.GetLastError());
    assert_placeholder(&mut w, p1, 2 * SIZE);
    assert_eq!(
        w.VirtualFree(p1, SIZE, MEM_RELEASE | MEM_PRESERVE_PLACEHOLDER),
        TRUE
    );
    assert_placeholder(&mut w, p1, SIZE);
    let p2 = p1 + SIZE;
    assert_placeholder(&mut w, p2, SIZE);

    let section = w.CreateFileMappingW(
        INVALID_HANDLE_VALUE,
        None,
        PAGE_READWRITE,
        0,
        SIZE as u32,
        None,
    );
    assert_ne!(section, 0);
    // A view that replaced no placeholder.
    let v = w.MapViewOfFile3(section, 0, 0, 0, SIZE, 0, PAGE_READWRITE);
    assert_ne!(v, 0);
    let r = w.VirtualFree(v, SIZE, MEM_RELEASE | MEM_PRESERVE_PLACEHOLDER);
    fails(&mut w, r, ERROR_INVALID_PARAMETER);
    let r = w.UnmapViewOfFile2(me, v, MEM_PRESERVE_PLACEHOLDER);
    fails(&mut w, r, ERROR_INVALID_ADDRESS);
    assert_eq!(w.UnmapViewOfFile2(me, v, 0), TRUE);

    let view1 = w.MapViewOfFile3(
        section,
        0,
        p1,
        0,
        SIZE,
        MEM_REPLACE_PLACEHOLDER,
        PAGE_READWRITE,
    );
    assert_eq!(view1, p1, "{}", w.GetLastError());
    let view2 = w.MapViewOfFile3(
        section,
        0,
        p2,
        0,
        SIZE,
        MEM_REPLACE_PLACEHOLDER,
        PAGE_READWRITE,
    );
    assert_eq!(view2, p2);
    for at in [p1, p2] {
        let i = info(&mut w, at);
        assert_eq!(i.AllocationProtect, PAGE_READWRITE);
        assert_eq!(i.State, MEM_COMMIT);
        assert_eq!(i.Type, MEM_MAPPED);
        assert_eq!(i.RegionSize, SIZE);
    }
    let r = w.UnmapViewOfFile2(0, view1, MEM_PRESERVE_PLACEHOLDER);
    fails(&mut w, r, ERROR_INVALID_HANDLE);
    let r = w.VirtualFree(p1, SIZE, MEM_RELEASE | MEM_PRESERVE_PLACEHOLDER);
    fails(&mut w, r, ERROR_INVALID_PARAMETER);
    let r = w.UnmapViewOfFile2(me, view1, MEM_RELEASE | MEM_PRESERVE_PLACEHOLDER);
    fails(&mut w, r, ERROR_INVALID_PARAMETER);
    assert_eq!(
        w.UnmapViewOfFile2(me, view1, MEM_PRESERVE_PLACEHOLDER),
        TRUE
    );
    assert_placeholder(&mut w, p1, SIZE);
    let r = w.UnmapViewOfFile2(me, view1, MEM_PRESERVE_PLACEHOLDER);
    fails(&mut w, r, ERROR_INVALID_ADDRESS);
    let r = w.UnmapViewOfFile(view1);
    fails(&mut w, r, ERROR_INVALID_ADDRESS);

    let view1 = w.MapViewOfFile3(
        section,
        0,
        p1,
        0,
        SIZE,
        MEM_REPLACE_PLACEHOLDER,
        PAGE_READWRITE,
    );
    assert_eq!(view1, p1);
    assert_eq!(w.CloseHandle(section), TRUE);
    let r = w.VirtualFree(view1, SIZE, MEM_RELEASE | MEM_PRESERVE_PLACEHOLDER);
    fails(&mut w, r, ERROR_INVALID_PARAMETER);
    let flags = MEM_UNMAP_WITH_TRANSIENT_BOOST | MEM_PRESERVE_PLACEHOLDER;
    assert_eq!(w.UnmapViewOfFile2(me, view1, flags), TRUE);
    // The whole placeholder cannot be split off itself.
    let r = w.VirtualFree(p1, SIZE, MEM_RELEASE | MEM_PRESERVE_PLACEHOLDER);
    fails(&mut w, r, ERROR_INVALID_ADDRESS);
    let r = w.VirtualFreeEx(me, p1, SIZE, MEM_RELEASE | MEM_PRESERVE_PLACEHOLDER);
    fails(&mut w, r, ERROR_INVALID_ADDRESS);
    assert_eq!(w.VirtualFree(p1, 0, MEM_RELEASE), TRUE);
    assert_eq!(w.UnmapViewOfFile(view2), TRUE);
    check(w.system());

    // Split in three regions.
    let p = w.VirtualAlloc2(
        0,
        0,
        2 * SIZE,
        MEM_RESERVE_PLACEHOLDER | MEM_RESERVE,
        PAGE_NOACCESS,
    );
    let (a, b) = (p + SIZE / 2, p + SIZE / 2 + SIZE / 4);
    assert_eq!(
        w.VirtualFree(a, SIZE / 4, MEM_RELEASE | MEM_PRESERVE_PLACEHOLDER),
        TRUE
    );
    assert_eq!(info(&mut w, p).RegionSize, SIZE / 2);
    assert_eq!(info(&mut w, a).RegionSize, SIZE / 4);
    assert_eq!(info(&mut w, b).RegionSize, 2 * SIZE - SIZE / 2 - SIZE / 4);
    for at in [p, a, b] {
        assert_eq!(w.VirtualFree(at, 0, MEM_RELEASE), TRUE);
    }

    // Split in two, lower part; size 0 is a parameter error.
    let p = w.VirtualAlloc2(
        0,
        0,
        2 * SIZE,
        MEM_RESERVE_PLACEHOLDER | MEM_RESERVE,
        PAGE_NOACCESS,
    );
    let r = w.VirtualFree(p, 0, MEM_RELEASE | MEM_PRESERVE_PLACEHOLDER);
    fails(&mut w, r, ERROR_INVALID_PARAMETER);
    assert_eq!(
        w.VirtualFree(p, SIZE / 2, MEM_RELEASE | MEM_PRESERVE_PLACEHOLDER),
        TRUE
    );
    assert_eq!(info(&mut w, p).RegionSize, SIZE / 2);
    assert_eq!(info(&mut w, p + SIZE / 2).RegionSize, 2 * SIZE - SIZE / 2);
    // Coalescing puts them back together (winsection's rules: README).
    let r = w.VirtualFree(p, 2 * SIZE, MEM_RELEASE | MEM_COALESCE_PLACEHOLDERS);
    assert_eq!(r, TRUE, "{}", w.GetLastError());
    assert_placeholder(&mut w, p, 2 * SIZE);
    assert_eq!(w.VirtualFree(p, 0, MEM_RELEASE), TRUE);

    // Split in two, upper half.
    let p = w.VirtualAlloc2(
        0,
        0,
        2 * SIZE,
        MEM_RESERVE_PLACEHOLDER | MEM_RESERVE,
        PAGE_NOACCESS,
    );
    assert_eq!(
        w.VirtualFree(p + SIZE, SIZE, MEM_RELEASE | MEM_PRESERVE_PLACEHOLDER),
        TRUE
    );
    assert_eq!(info(&mut w, p).RegionSize, SIZE);
    assert_eq!(info(&mut w, p + SIZE).RegionSize, SIZE);
    assert_eq!(w.VirtualFree(p, 0, MEM_RELEASE), TRUE);
    assert_eq!(w.VirtualFree(p + SIZE, 0, MEM_RELEASE), TRUE);
    check(&sys);
}

/// Placeholder errors where process.c is silent (winsection's choices, README): a placeholder
/// takes only PAGE_NOACCESS and cannot be committed; private memory can replace one exactly
/// and give it back; coalescing needs placeholders that tile the range.
#[test]
fn placeholders_replaced_by_memory_and_refused_commits() {
    let (mut sys, pids) = machine(&["test"]);
    let mut w = sys.win32(pids[0]);
    let t = MEM_RESERVE_PLACEHOLDER | MEM_RESERVE;
    assert_eq!(w.VirtualAlloc2(0, 0, SIZE, t, PAGE_READWRITE), 0);
    assert_eq!(w.GetLastError(), ERROR_INVALID_PARAMETER);
    assert_eq!(w.VirtualAlloc(0, SIZE, t, PAGE_NOACCESS), 0);
    assert_eq!(w.GetLastError(), ERROR_INVALID_PARAMETER);
    let p = w.VirtualAlloc2(0, 0, 2 * SIZE, t, PAGE_NOACCESS);
    assert_eq!(w.VirtualAlloc(p, 0x1000, MEM_COMMIT, PAGE_READWRITE), 0);
    assert_eq!(w.GetLastError(), ERROR_INVALID_ADDRESS);
    assert_eq!(
        w.VirtualFree(p, SIZE, MEM_RELEASE | MEM_PRESERVE_PLACEHOLDER),
        TRUE
    );
    let replace = MEM_RESERVE | MEM_COMMIT | MEM_REPLACE_PLACEHOLDER;
    assert_eq!(w.VirtualAlloc2(0, p, 2 * SIZE, replace, PAGE_READWRITE), 0);
    assert_eq!(w.GetLastError(), ERROR_INVALID_PARAMETER);
    let m = w.VirtualAlloc2(0, p, SIZE, replace, PAGE_READWRITE);
    assert_eq!(m, p, "{}", w.GetLastError());
    w.write(m + 8, b"data").unwrap().unwrap();
    let i = info(&mut w, m);
    assert_eq!(
        (i.State, i.Type, i.RegionSize),
        (MEM_COMMIT, MEM_PRIVATE, SIZE)
    );
    // Coalescing across ordinary memory is refused.
    let r = w.VirtualFree(p, 2 * SIZE, MEM_RELEASE | MEM_COALESCE_PLACEHOLDERS);
    fails(&mut w, r, ERROR_INVALID_ADDRESS);
    assert_eq!(
        w.VirtualFree(m, SIZE, MEM_RELEASE | MEM_PRESERVE_PLACEHOLDER),
        TRUE
    );
    assert_placeholder(&mut w, p, SIZE);
    assert_eq!(
        w.VirtualFree(p, 2 * SIZE, MEM_RELEASE | MEM_COALESCE_PLACEHOLDERS),
        TRUE
    );
    assert_placeholder(&mut w, p, 2 * SIZE);
    let r = w.VirtualFree(p, 0, MEM_RELEASE | MEM_COALESCE_PLACEHOLDERS);
    fails(&mut w, r, ERROR_INVALID_PARAMETER);
    check(&sys);
}

/// process.c `test_MapViewOfFile3`: MEM_REPLACE_PLACEHOLDER relaxes base and offset alignment
/// to the page; without it both need 64 KiB.
#[test]
fn process_c_test_map_view_of_file3_placeholders() {
    let (mut sys, pids) = machine(&["test"]);
    let mut w = sys.win32(pids[0]);
    let me = w.GetCurrentProcess();
    let file_size = 1024 * 1024u64;
    let page = 0x1000;
    let mapping = w.CreateFileMappingW(0, None, PAGE_READWRITE, 0, file_size as u32, None);
    assert_ne!(mapping, 0);
    let allocation = w.VirtualAlloc2(
        me,
        0,
        file_size,
        MEM_RESERVE | MEM_RESERVE_PLACEHOLDER,
        PAGE_NOACCESS,
    );
    assert_ne!(allocation, 0);
    let map_start = allocation + page;
    let map_end = map_start + page;
    assert_eq!(
        w.VirtualFree(map_start, page, MEM_RELEASE | MEM_PRESERVE_PLACEHOLDER),
        TRUE
    );
    let view = w.MapViewOfFile3(
        mapping,
        me,
        map_start,
        page,
        page,
        MEM_REPLACE_PLACEHOLDER,
        PAGE_READWRITE,
    );
    assert_eq!(view, map_start, "{}", w.GetLastError());
    assert_eq!(w.UnmapViewOfFile(view), TRUE);

    w.SetLastError(0xdeadbeef);
    let v = w.MapViewOfFile3(
        mapping,
        me,
        map_start - 1,
        page,
        page,
        MEM_REPLACE_PLACEHOLDER,
        PAGE_READWRITE,
    );
    assert_eq!(v, 0);
    assert_eq!(w.GetLastError(), ERROR_MAPPED_ALIGNMENT);
    let v = w.MapViewOfFile3(
        mapping,
        me,
        map_start,
        page - 1,
        page,
        MEM_REPLACE_PLACEHOLDER,
        PAGE_READWRITE,
    );
    assert_eq!(v, 0);
    assert_eq!(w.GetLastError(), ERROR_MAPPED_ALIGNMENT);

    assert_eq!(w.VirtualFree(allocation, 0, MEM_RELEASE), TRUE);
    assert_eq!(w.VirtualFree(map_end, 0, MEM_RELEASE), TRUE);

    let v = w.MapViewOfFile3(mapping, me, map_end, page, 0, 0, PAGE_READWRITE);
    assert_eq!(v, 0);
    assert_eq!(w.GetLastError(), ERROR_MAPPED_ALIGNMENT);
    let start = (allocation + 0x10000) & !0xFFFF;
    let v = w.MapViewOfFile3(mapping, me, map_end, page, page, 0, PAGE_READWRITE);
    assert_eq!(v, 0);
    assert_eq!(w.GetLastError(), ERROR_MAPPED_ALIGNMENT);
    let v = w.MapViewOfFile3(mapping, me, start, 0, page, 0, PAGE_READWRITE);
    assert_eq!(v, start, "{}", w.GetLastError());
    assert_eq!(w.UnmapViewOfFile(v), TRUE);
    let v = w.MapViewOfFile3(mapping, me, start, 4 * 0x10000, page, 0, PAGE_READWRITE);
    assert_eq!(v, start);
    assert_eq!(w.UnmapViewOfFile(v), TRUE);
    assert_eq!(w.CloseHandle(mapping), TRUE);
    check(&sys);
}

/// process.c `test_VirtualAllocFromApp`: executable protections are ERROR_INVALID_PARAMETER;
/// success leaves the last error alone.
#[test]
fn process_c_test_virtual_alloc_from_app() {
    let (mut sys, pids) = machine(&["test"]);
    let mut w = sys.win32(pids[0]);
    w.SetLastError(0xdeadbeef);
    let p = w.VirtualAllocFromApp(0, 0x1000, MEM_RESERVE, PAGE_READWRITE);
    assert_ne!(p, 0);
    assert_eq!(w.GetLastError(), 0xdeadbeef);
    assert_eq!(w.VirtualFree(p, 0, MEM_RELEASE), TRUE);
    for prot in [
        PAGE_EXECUTE,
        PAGE_EXECUTE_READ,
        PAGE_EXECUTE_READWRITE,
        PAGE_EXECUTE_WRITECOPY,
    ] {
        w.SetLastError(0xdeadbeef);
        assert_eq!(w.VirtualAllocFromApp(0, 0x1000, MEM_RESERVE, prot), 0);
        assert_eq!(w.GetLastError(), ERROR_INVALID_PARAMETER);
    }
    check(&sys);
}

/// process.c `test_VirtualProtectFromApp`.
#[test]
fn process_c_test_virtual_protect_from_app() {
    let (mut sys, pids) = machine(&["test"]);
    let mut w = sys.win32(pids[0]);
    let p = w.VirtualAlloc(0, 0x1000, MEM_COMMIT, PAGE_READWRITE);
    assert_ne!(p, 0);
    let mut old = 0;
    assert_eq!(
        w.VirtualProtectFromApp(p, 0x1000, PAGE_READONLY, Some(&mut old)),
        TRUE
    );
    assert_eq!(old, PAGE_READWRITE);
    assert_eq!(
        w.VirtualProtectFromApp(p, 0x100000, PAGE_READWRITE, Some(&mut old)),
        FALSE
    );
    assert_eq!(old, PAGE_NOACCESS);
    assert_eq!(
        w.VirtualProtectFromApp(p, 0x1000, PAGE_EXECUTE_READ, None),
        FALSE
    );
    assert_eq!(
        w.VirtualProtectFromApp(p, 0x1000, PAGE_GUARD, Some(&mut old)),
        FALSE
    );
    assert_eq!(
        w.VirtualProtectFromApp(p, 0x1000, PAGE_EXECUTE_READWRITE, Some(&mut old)),
        TRUE
    );
    assert_eq!(old, PAGE_READONLY);
    assert_eq!(w.VirtualFree(p, 0, MEM_RELEASE), TRUE);
    check(&sys);
}

/// process.c `test_OpenFileMappingFromApp` (FILE_MAP_EXECUTE -> SECTION_MAP_EXECUTE is a
/// todo_wine line: Windows) and `test_CreateFileMappingFromApp`.
#[test]
fn process_c_test_open_and_create_file_mapping_from_app() {
    let (mut sys, pids) = machine(&["test"]);
    let pid = pids[0];
    let mut w = sys.win32(pid);
    let file = w.CreateFileMappingW(
        INVALID_HANDLE_VALUE,
        None,
        PAGE_EXECUTE_READ,
        0,
        4090,
        Some("foo"),
    );
    assert_ne!(file, 0);
    let m = w.OpenFileMappingFromApp(FILE_MAP_READ, FALSE, Some("foo"));
    assert_ne!(m, 0);
    let granted = |sys: &winsection::System, h: HANDLE| {
        sys.object_basic_information(pid, winsection::Handle(h as u64))
            .unwrap()
            .0
    };
    assert_eq!(granted(w.system(), m), SECTION_MAP_READ);
    assert_eq!(w.CloseHandle(m), TRUE);
    let m = w.OpenFileMappingFromApp(FILE_MAP_EXECUTE, FALSE, Some("foo"));
    assert_ne!(m, 0);
    assert_eq!(granted(w.system(), m), SECTION_MAP_EXECUTE);
    assert_eq!(w.CloseHandle(m), TRUE);
    assert_eq!(w.CloseHandle(file), TRUE);
    let f = w.CreateFileMappingFromApp(
        INVALID_HANDLE_VALUE,
        None,
        PAGE_EXECUTE_READWRITE,
        1024,
        Some("foo"),
    );
    assert_ne!(f, 0, "{}", w.GetLastError());
    assert_ne!(granted(w.system(), f) & SECTION_MAP_EXECUTE, 0);
    check(&sys);
}

/// process.c `test_MapViewOfFileFromApp`: PAGE_EXECUTE_READWRITE as the access of a view of a
/// read-write file section (a desktop process).
#[test]
fn process_c_test_map_view_of_file_from_app() {
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
    assert_eq!(w.SetFilePointer(f, 12288, None, FILE_BEGIN), 12288);
    assert_eq!(w.SetEndOfFile(f), TRUE);
    let mapping = w.CreateFileMappingW(f, None, PAGE_READWRITE, 0, 4096, None);
    assert_ne!(mapping, 0);
    let v = w.MapViewOfFileFromApp(mapping, PAGE_EXECUTE_READWRITE, 0, 4096);
    assert_ne!(v, 0, "{}", w.GetLastError());
    assert_eq!(w.UnmapViewOfFile(v), TRUE);
    assert_eq!(w.CloseHandle(mapping), TRUE);
    assert_eq!(w.CloseHandle(f), TRUE);
    assert_eq!(w.DeleteFileW(Some(r"C:\testfile.xxx")), TRUE);
    check(&sys);
}
