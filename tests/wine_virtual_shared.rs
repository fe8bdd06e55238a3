//! Ports of wine `dlls/kernel32/tests/virtual.c` `test_shared_memory`, `test_shared_memory_ro`
//! (the child process is a second winsection process of the same user) and
//! `test_ReadProcessMemory` (the Windows-truth lines: plain `ok()` and `todo_wine`).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

mod common;

use common::{check, machine};
use winsection::win32::*;

/// virtual.c `test_shared_memory`: the child's create of the same name opens the parent's
/// section (ERROR_ALREADY_EXISTS) and sees what the parent wrote.
#[test]
fn virtual_c_test_shared_memory() {
    let (mut sys, pids) = machine(&["parent", "child"]);
    let (parent, child) = (pids[0], pids[1]);
    let mut w = sys.win32(parent);
    let mapping = w.CreateFileMappingA(
        INVALID_HANDLE_VALUE,
        None,
        PAGE_READWRITE,
        0,
        4096,
        Some(b"winetest_virtual.c"),
    );
    assert_ne!(mapping, 0);
    let p = w.MapViewOfFile(mapping, FILE_MAP_READ | FILE_MAP_WRITE, 0, 0, 4096);
    assert_ne!(p, 0);
    w.write(p, &0x1a2b3c4d_u32.to_le_bytes()).unwrap().unwrap();

    let mut c = sys.win32(child);
    let m = c.CreateFileMappingA(
        INVALID_HANDLE_VALUE,
        None,
        PAGE_READWRITE,
        0,
        4096,
        Some(b"winetest_virtual.c"),
    );
    assert_ne!(m, 0);
    assert_eq!(c.GetLastError(), ERROR_ALREADY_EXISTS);
    let cp = c.MapViewOfFile(m, FILE_MAP_READ | FILE_MAP_WRITE, 0, 0, 4096);
    assert_ne!(cp, 0);
    assert_eq!(
        c.read(cp, 4).unwrap().unwrap(),
        0x1a2b3c4d_u32.to_le_bytes()
    );
    assert_eq!(c.UnmapViewOfFile(cp), TRUE);
    assert_eq!(c.CloseHandle(m), TRUE);
    let mut w = sys.win32(parent);
    assert_eq!(w.UnmapViewOfFile(p), TRUE);
    assert_eq!(w.CloseHandle(mapping), TRUE);
    check(&sys);
}

/// virtual.c `test_shared_memory_ro`: the parent maps read-only, the child maps with
/// `child_access` and writes; the parent sees the write only when the child's view had
/// FILE_MAP_WRITE (FILE_MAP_COPY alone is a private copy).
#[test]
fn virtual_c_test_shared_memory_ro() {
    for child_access in [
        FILE_MAP_READ | FILE_MAP_WRITE,
        FILE_MAP_COPY,
        FILE_MAP_COPY | FILE_MAP_WRITE,
    ] {
        let (mut sys, pids) = machine(&["parent", "child"]);
        let (parent, child) = (pids[0], pids[1]);
        let name = Some(b"winetest_virtual.c_ro".as_slice());
        let mut w = sys.win32(parent);
        let mapping =
            w.CreateFileMappingA(INVALID_HANDLE_VALUE, None, PAGE_READWRITE, 0, 4096, name);
        assert_ne!(mapping, 0);
        let p = w.MapViewOfFile(mapping, FILE_MAP_READ, 0, 0, 4096);
        assert_ne!(p, 0);

        let mut c = sys.win32(child);
        let m = c.CreateFileMappingA(INVALID_HANDLE_VALUE, None, PAGE_READWRITE, 0, 4096, name);
        assert_ne!(m, 0);
        assert_eq!(c.GetLastError(), ERROR_ALREADY_EXISTS);
        let cp = c.MapViewOfFile(m, child_access, 0, 0, 4096);
        assert_ne!(cp, 0, "{child_access:#x}");
        c.write(cp, &0xdeadbeef_u32.to_le_bytes()).unwrap().unwrap();
        // The child exits: its handles and views go.
        c.ExitProcess(0);

        let mut w = sys.win32(parent);
        let seen = u32::from_le_bytes(w.read(p, 4).unwrap().unwrap().try_into().unwrap());
        if child_access & FILE_MAP_WRITE != 0 {
            assert_eq!(seen, 0xdeadbeef, "{child_access:#x}");
        } else {
            assert_eq!(seen, 0, "{child_access:#x}");
        }
        assert_eq!(w.UnmapViewOfFile(p), TRUE);
        assert_eq!(w.CloseHandle(mapping), TRUE);
        check(&sys);
    }
}

/// virtual.c `test_ReadProcessMemory`: a read running into a PAGE_NOACCESS page fails with
/// ERROR_PARTIAL_COPY and copies nothing, through GetCurrentProcess() and through a duplicated
/// process handle (todo_wine: Windows fails there too); one page reads whole.
#[test]
fn virtual_c_test_read_process_memory() {
    let (mut sys, pids) = machine(&["test"]);
    let mut w = sys.win32(pids[0]);
    let me = w.GetCurrentProcess();
    let mut hproc: HANDLE = 0;
    assert_eq!(
        w.DuplicateHandle(
            me,
            me,
            me,
            Some(&mut hproc),
            0,
            FALSE,
            DUPLICATE_SAME_ACCESS
        ),
        TRUE
    );
    let ptr = w.VirtualAlloc(0, 0x2000, MEM_COMMIT | MEM_RESERVE, PAGE_READWRITE);
    let mut old = 0;
    assert_eq!(
        w.VirtualProtect(ptr + 0x1000, 0x1000, PAGE_NOACCESS, Some(&mut old)),
        TRUE
    );
    let mut buf = vec![0u8; 0x2000];
    for h in [me, hproc] {
        let mut copied = 1;
        assert_eq!(
            w.ReadProcessMemory(h, ptr, &mut buf, 0x2000, Some(&mut copied)),
            FALSE
        );
        assert_eq!(copied, 0);
        assert_eq!(w.GetLastError(), ERROR_PARTIAL_COPY);
        assert_eq!(
            w.ReadProcessMemory(h, ptr, &mut buf, 0x1000, Some(&mut copied)),
            TRUE
        );
        assert_eq!(copied, 0x1000);
    }
    assert_eq!(w.VirtualFree(ptr, 0, MEM_RELEASE), TRUE);
    assert_eq!(w.CloseHandle(hproc), TRUE);
    check(&sys);
}
