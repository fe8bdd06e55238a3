//! Ports of wine `dlls/kernel32/tests/virtual.c` (the Windows-truth lines: plain `ok()` and
//! `todo_wine`; `broken()` alternatives are old Windows and not used).
//!
//! Ported: `test_CreateFileMapping` (case sensitivity and the whole `sec_flag_tests` table,
//! attributes read back with NtQuerySection), `test_NtAreMappedFilesTheSame` (with a PE file of
//! winsection's own in place of kernel32.dll).
//! Skipped: rows that need a loaded module (`GetModuleHandleA`) are replaced by an image view of
//! the test's own PE file; `test_MapViewOfFile`, `test_mapping`, `test_CreateFileMapping_protection`,
//! `test_shared_memory(_ro)` are covered row by row in `conformance_mm.rs` (catalog E, F ids) and
//! the image rows in `wine_file.rs`; child processes of `test_shared_memory` are scenario
//! processes in `scenarios/inherit_duplicate.scn`.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

mod common;

use common::{check, machine};
use winsection::win32::*;

const STATUS_NOT_SAME_DEVICE: NTSTATUS = 0xC000_00D4_u32 as NTSTATUS;
const STATUS_CONFLICTING_ADDRESSES: NTSTATUS = 0xC000_0018_u32 as NTSTATUS;
const STATUS_INVALID_ADDRESS: NTSTATUS = 0xC000_0141_u32 as NTSTATUS;

fn pe_image() -> Vec<u8> {
    let mut v = vec![0u8; 0x2000];
    v[0..2].copy_from_slice(b"MZ");
    v[0x3C..0x40].copy_from_slice(&0x80u32.to_le_bytes());
    v[0x80..0x84].copy_from_slice(b"PE\0\0");
    v
}

fn write_file(w: &mut Win32<'_>, path: &str, data: &[u8]) {
    let f = w.CreateFileW(
        Some(path),
        GENERIC_READ | GENERIC_WRITE,
        0,
        None,
        CREATE_ALWAYS,
        0,
        0,
    );
    let mut n = 0;
    assert_eq!(w.WriteFile(f, data, data.len() as u32, Some(&mut n)), TRUE);
    assert_eq!(w.CloseHandle(f), TRUE);
}

/// virtual.c `test_CreateFileMapping`: names are case-sensitive; the `sec_flag_tests` table
/// (anonymous, normal file, PE file) with the attributes NtQuerySection reports.
#[test]
fn virtual_c_test_create_file_mapping() {
    let (mut sys, pids) = machine(&["test"]);
    let mut w = sys.win32(pids[0]);
    let rw = SEC_COMMIT | PAGE_READWRITE;
    w.SetLastError(0xdeadbeef);
    let h = w.CreateFileMappingA(
        INVALID_HANDLE_VALUE,
        None,
        rw,
        0,
        0x1000,
        Some(b"Wine Test Mapping"),
    );
    assert_ne!(h, 0);
    assert_eq!(w.GetLastError(), 0);
    let h2 = w.CreateFileMappingA(
        INVALID_HANDLE_VALUE,
        None,
        rw,
        0,
        0x1000,
        Some(b"Wine Test Mapping"),
    );
    assert_ne!(h2, 0);
    assert_eq!(w.GetLastError(), ERROR_ALREADY_EXISTS);
    assert_eq!(w.CloseHandle(h2), TRUE);
    w.SetLastError(0xdeadbeef);
    let h2 = w.CreateFileMappingA(
        INVALID_HANDLE_VALUE,
        None,
        rw,
        0,
        0x1000,
        Some(b"WINE TEST MAPPING"),
    );
    assert_ne!(h2, 0);
    assert_eq!(w.GetLastError(), 0);
    assert_eq!(w.CloseHandle(h2), TRUE);
    let h2 = w.OpenFileMappingA(FILE_MAP_ALL_ACCESS, FALSE, Some(b"Wine Test Mapping"));
    assert_ne!(h2, 0);
    assert_eq!(w.CloseHandle(h2), TRUE);
    assert_eq!(
        w.OpenFileMappingA(FILE_MAP_ALL_ACCESS, FALSE, Some(b"WINE TEST MAPPING")),
        0
    );
    assert_eq!(w.GetLastError(), ERROR_FILE_NOT_FOUND);
    assert_eq!(w.CloseHandle(h), TRUE);

    // SEC_* flags.
    let f1 = w.CreateFileW(
        Some(r"C:\map.tmp"),
        GENERIC_READ | GENERIC_WRITE,
        0,
        None,
        CREATE_ALWAYS,
        0,
        0,
    );
    assert_eq!(w.SetFilePointer(f1, 0x2000, None, FILE_BEGIN), 0x2000);
    assert_eq!(w.SetEndOfFile(f1), TRUE);
    write_file(&mut w, r"C:\kernel32.dll", &pe_image());
    let share = FILE_SHARE_READ | FILE_SHARE_WRITE;
    let f2 = w.CreateFileW(
        Some(r"C:\kernel32.dll"),
        GENERIC_READ,
        share,
        None,
        OPEN_EXISTING,
        0,
        0,
    );
    let files = [INVALID_HANDLE_VALUE, f1, f2];
    const P: u32 = ERROR_INVALID_PARAMETER;
    const B: u32 = ERROR_BAD_EXE_FORMAT;
    #[rustfmt::skip]
    let table: [(usize, u32, u32, u32); 44] = [
        (0, SEC_RESERVE, 0, 0),
        (0, SEC_RESERVE | SEC_NOCACHE, 0, 0),
        (0, SEC_RESERVE | SEC_LARGE_PAGES, P, 0),
        (0, SEC_RESERVE | SEC_WRITECOMBINE, 0, 0),
        (0, SEC_COMMIT, 0, 0),
        (0, SEC_COMMIT | SEC_NOCACHE, 0, 0),
        (0, SEC_COMMIT | SEC_WRITECOMBINE, 0, 0),
        (0, SEC_RESERVE | SEC_COMMIT, P, 0),
        (0, SEC_IMAGE, B, 0),
        (0, SEC_IMAGE | SEC_RESERVE, P, 0),
        (0, SEC_IMAGE | SEC_COMMIT, P, 0),
        (0, SEC_NOCACHE, P, 0),
        (0, SEC_LARGE_PAGES, P, 0),
        (0, SEC_WRITECOMBINE, P, 0),
        (0, SEC_FILE, P, 0),
        (0, SEC_FILE | SEC_RESERVE, P, 0),
        (0, SEC_FILE | SEC_COMMIT, P, 0),
        (0, 0, 0, SEC_COMMIT),
        (1, SEC_RESERVE, 0, SEC_FILE),
        (1, SEC_RESERVE | SEC_NOCACHE, 0, SEC_FILE | SEC_NOCACHE),
        (1, SEC_RESERVE | SEC_LARGE_PAGES, P, 0),
        (1, SEC_RESERVE | SEC_WRITECOMBINE, 0, SEC_FILE | SEC_WRITECOMBINE),
        (1, SEC_COMMIT, 0, SEC_FILE),
        (1, SEC_COMMIT | SEC_NOCACHE, 0, SEC_FILE | SEC_NOCACHE),
        (1, SEC_COMMIT | SEC_LARGE_PAGES, P, 0),
        (1, SEC_COMMIT | SEC_WRITECOMBINE, 0, SEC_FILE | SEC_WRITECOMBINE),
        (1, SEC_RESERVE | SEC_COMMIT, P, 0),
        (1, SEC_IMAGE, B, 0),
        (1, SEC_IMAGE | SEC_RESERVE, P, 0),
        (1, SEC_IMAGE | SEC_COMMIT, P, 0),
        (1, SEC_NOCACHE, P, 0),
        (1, SEC_LARGE_PAGES, P, 0),
        (1, SEC_WRITECOMBINE, P, 0),
        (1, SEC_FILE, P, 0),
        (1, SEC_FILE | SEC_RESERVE, P, 0),
        (1, SEC_FILE | SEC_COMMIT, P, 0),
        (1, 0, 0, SEC_FILE),
        (2, SEC_IMAGE, 0, SEC_FILE | SEC_IMAGE),
        (2, SEC_IMAGE | SEC_FILE, P, 0),
        (2, SEC_IMAGE | SEC_NOCACHE, 0, SEC_FILE | SEC_IMAGE),
        (2, SEC_IMAGE | SEC_LARGE_PAGES, P, 0),
        (2, SEC_IMAGE | SEC_WRITECOMBINE, P, 0),
        (2, SEC_IMAGE | SEC_RESERVE, P, 0),
        (2, SEC_IMAGE | SEC_COMMIT, P, 0),
    ];
    for (i, (file, flags, error, attrs)) in table.into_iter().enumerate() {
        let perm = if file == 2 {
            PAGE_READONLY
        } else {
            PAGE_READWRITE
        };
        w.SetLastError(0xdeadbeef);
        let h = w.CreateFileMappingA(
            files[file],
            None,
            flags | perm,
            0,
            0x1000,
            Some(b"Wine Test Mapping"),
        );
        if error != 0 {
            assert_eq!(h, 0, "{i}: succeeded");
            assert_eq!(w.GetLastError(), error, "{i}: wrong error");
            continue;
        }
        assert_ne!(h, 0, "{i}: failed with {}", w.GetLastError());
        assert_eq!(w.GetLastError(), 0, "{i}");
        let mut info = SECTION_BASIC_INFORMATION::default();
        assert_eq!(w.NtQuerySection(h, Some(&mut info)), 0, "{i}");
        let expect = if attrs != 0 { attrs } else { flags };
        assert_eq!(info.AllocationAttributes, expect, "{i}: attributes");
        assert_eq!(w.CloseHandle(h), TRUE);
    }
    assert_eq!(w.CloseHandle(f1), TRUE);
    assert_eq!(w.CloseHandle(f2), TRUE);
    check(&sys);
}

/// virtual.c `test_NtAreMappedFilesTheSame`.
#[test]
fn virtual_c_test_nt_are_mapped_files_the_same() {
    let (mut sys, pids) = machine(&["test"]);
    let mut w = sys.win32(pids[0]);
    let share = FILE_SHARE_READ | FILE_SHARE_WRITE;
    let file = w.CreateFileW(
        Some(r"C:\testfile.xxx"),
        GENERIC_READ | GENERIC_WRITE,
        share,
        None,
        CREATE_ALWAYS,
        0,
        0,
    );
    assert_eq!(w.SetFilePointer(file, 4096, None, FILE_BEGIN), 4096);
    assert_eq!(w.SetEndOfFile(file), TRUE);
    let mapping = w.CreateFileMappingW(file, None, PAGE_READWRITE, 0, 4096, None);
    let ptr = w.MapViewOfFile(mapping, FILE_MAP_READ, 0, 0, 4096);
    assert_ne!(ptr, 0);
    let file2 = w.CreateFileW(
        Some(r"C:\testfile.xxx"),
        GENERIC_READ,
        share,
        None,
        OPEN_EXISTING,
        0,
        0,
    );
    let map2 = w.CreateFileMappingW(file2, None, PAGE_READONLY, 0, 4096, None);
    let ptr2 = w.MapViewOfFile(map2, FILE_MAP_READ, 0, 0, 4096);
    assert_eq!(w.NtAreMappedFilesTheSame(ptr, ptr2), STATUS_NOT_SAME_DEVICE);
    assert_eq!(w.UnmapViewOfFile(ptr2), TRUE);
    let ptr2 = w.MapViewOfFile(mapping, FILE_MAP_READ, 0, 0, 4096);
    assert_eq!(w.NtAreMappedFilesTheSame(ptr, ptr2), STATUS_NOT_SAME_DEVICE);
    assert_eq!(w.UnmapViewOfFile(ptr2), TRUE);
    assert_eq!(w.CloseHandle(map2), TRUE);
    assert_eq!(w.CloseHandle(file2), TRUE);

    assert_eq!(w.NtAreMappedFilesTheSame(ptr, ptr), 0);
    assert_eq!(w.NtAreMappedFilesTheSame(ptr, ptr + 30), 0);
    let bad = w.NtAreMappedFilesTheSame(ptr, 0xdeadbeef);
    assert!(bad == STATUS_CONFLICTING_ADDRESSES || bad == STATUS_INVALID_ADDRESS);
    assert_eq!(w.NtAreMappedFilesTheSame(ptr, 0), STATUS_INVALID_ADDRESS);
    assert_eq!(w.NtAreMappedFilesTheSame(0, 0), STATUS_INVALID_ADDRESS);
    let heap = w.VirtualAlloc(0, 0x10000, MEM_COMMIT, PAGE_READWRITE);
    assert_eq!(
        w.NtAreMappedFilesTheSame(ptr, heap),
        STATUS_CONFLICTING_ADDRESSES
    );
    assert_eq!(w.VirtualFree(heap, 0, MEM_RELEASE), TRUE);
    assert_eq!(w.UnmapViewOfFile(ptr), TRUE);
    assert_eq!(w.CloseHandle(mapping), TRUE);
    assert_eq!(w.CloseHandle(file), TRUE);

    // Images: the module is an image view of the PE file.
    write_file(&mut w, r"C:\kernel32.dll", &pe_image());
    let open = |w: &mut Win32<'_>| {
        w.CreateFileW(
            Some(r"C:\kernel32.dll"),
            GENERIC_READ,
            share,
            None,
            OPEN_EXISTING,
            0,
            0,
        )
    };
    let f = open(&mut w);
    let image_section = w.CreateFileMappingW(f, None, PAGE_READONLY | SEC_IMAGE, 0, 0, None);
    let module = w.MapViewOfFile(image_section, FILE_MAP_READ, 0, 0, 0);
    assert_ne!(module, 0);
    assert_eq!(w.NtAreMappedFilesTheSame(module, module), 0);
    assert_eq!(w.NtAreMappedFilesTheSame(module, module + 4096), 0);
    let data = w.CreateFileMappingW(f, None, PAGE_READONLY, 0, 4096, None);
    let ptr = w.MapViewOfFile(data, FILE_MAP_READ, 0, 0, 4096);
    assert_eq!(
        w.NtAreMappedFilesTheSame(ptr, module),
        STATUS_NOT_SAME_DEVICE
    );
    // todo_wine: Windows answers STATUS_SUCCESS with the image first.
    assert_eq!(w.NtAreMappedFilesTheSame(module, ptr), 0);
    assert_eq!(w.UnmapViewOfFile(ptr), TRUE);
    let mapping = w.CreateFileMappingW(f, None, PAGE_READONLY | SEC_IMAGE, 0, 0, None);
    let ptr = w.MapViewOfFile(mapping, FILE_MAP_READ, 0, 0, 0);
    assert_eq!(w.NtAreMappedFilesTheSame(ptr, module), 0);
    assert_eq!(w.NtAreMappedFilesTheSame(module, ptr), 0);
    let f2 = open(&mut w);
    let map2 = w.CreateFileMappingW(f2, None, PAGE_READONLY | SEC_IMAGE, 0, 0, None);
    let ptr2 = w.MapViewOfFile(map2, FILE_MAP_READ, 0, 0, 0);
    assert_eq!(w.NtAreMappedFilesTheSame(ptr, ptr2), 0);
    assert_eq!(w.NtAreMappedFilesTheSame(ptr2, ptr), 0);
    // Another image file is another file.
    write_file(&mut w, r"C:\ntdll.dll", &pe_image());
    let f3 = w.CreateFileW(
        Some(r"C:\ntdll.dll"),
        GENERIC_READ,
        share,
        None,
        OPEN_EXISTING,
        0,
        0,
    );
    let map3 = w.CreateFileMappingW(f3, None, PAGE_READONLY | SEC_IMAGE, 0, 0, None);
    let ntdll = w.MapViewOfFile(map3, FILE_MAP_READ, 0, 0, 0);
    assert_eq!(
        w.NtAreMappedFilesTheSame(ntdll, module),
        STATUS_NOT_SAME_DEVICE
    );
    check(&sys);
}

/// NtExtendSection (MS docs; ReactOS `MmExtendSection`; issue 10): a SEC_RESERVE page-file
/// section and a read-write file section grow, views keep their size, a smaller size is a
/// no-op that reports the current size; SEC_COMMIT is STATUS_SECTION_NOT_EXTENDED; the handle
/// needs SECTION_EXTEND_SIZE, which CreateFileMapping's handle does not hold (kernelbase asks
/// for the map rights only), a duplicate with SECTION_ALL_ACCESS does.
#[test]
fn nt_extend_section() {
    const STATUS_SECTION_NOT_EXTENDED: NTSTATUS = 0xC000_0087_u32 as NTSTATUS;
    const STATUS_ACCESS_DENIED: NTSTATUS = 0xC000_0022_u32 as NTSTATUS;
    let (mut sys, pids) = machine(&["test"]);
    let mut w = sys.win32(pids[0]);
    let extendable = |w: &mut Win32<'_>, h: HANDLE| {
        let me = w.GetCurrentProcess();
        let mut dup: HANDLE = 0;
        let all = SECTION_ALL_ACCESS;
        assert_eq!(
            w.DuplicateHandle(me, h, me, Some(&mut dup), all, FALSE, 0),
            TRUE
        );
        dup
    };
    let rs = PAGE_READWRITE | SEC_RESERVE;
    let created = w.CreateFileMappingW(INVALID_HANDLE_VALUE, None, rs, 0, 0x10000, None);
    let mut size = 0x30000i64;
    assert_eq!(
        w.NtExtendSection(created, Some(&mut size)),
        STATUS_ACCESS_DENIED
    );
    let reserve = extendable(&mut w, created);
    let v = w.MapViewOfFile(reserve, FILE_MAP_WRITE, 0, 0, 0);
    assert_eq!(w.NtExtendSection(reserve, Some(&mut size)), 0);
    assert_eq!(size, 0x30000);
    let mut info = SECTION_BASIC_INFORMATION::default();
    assert_eq!(w.NtQuerySection(reserve, Some(&mut info)), 0);
    assert_eq!(info.MaximumSize, 0x30000);
    let mut mbi = MEMORY_BASIC_INFORMATION::default();
    assert_eq!(w.VirtualQuery(v, Some(&mut mbi), 48), 48);
    assert_eq!(mbi.RegionSize, 0x10000);
    // A new view sees the new size, reserved.
    let v2 = w.MapViewOfFile(reserve, FILE_MAP_WRITE, 0, 0, 0);
    assert_eq!(w.VirtualQuery(v2, Some(&mut mbi), 48), 48);
    assert_eq!((mbi.RegionSize, mbi.State), (0x30000, MEM_RESERVE));
    let mut smaller = 0x1000i64;
    assert_eq!(w.NtExtendSection(reserve, Some(&mut smaller)), 0);
    assert_eq!(smaller, 0x30000);

    let commit = w.CreateFileMappingW(INVALID_HANDLE_VALUE, None, PAGE_READWRITE, 0, 0x10000, None);
    let commit = extendable(&mut w, commit);
    let mut size = 0x20000i64;
    assert_eq!(
        w.NtExtendSection(commit, Some(&mut size)),
        STATUS_SECTION_NOT_EXTENDED
    );

    let rw = GENERIC_READ | GENERIC_WRITE;
    let f = w.CreateFileW(Some(r"C:\grow.bin"), rw, 0, None, CREATE_ALWAYS, 0, 0);
    let mut n = 0;
    assert_eq!(w.WriteFile(f, b"0123456789", 10, Some(&mut n)), TRUE);
    let file_section = w.CreateFileMappingW(f, None, PAGE_READWRITE, 0, 0, None);
    let file_section = extendable(&mut w, file_section);
    let mut size = 0x5000i64;
    assert_eq!(w.NtExtendSection(file_section, Some(&mut size)), 0);
    let mut file_size = 0i64;
    assert_eq!(w.GetFileSizeEx(f, &mut file_size), TRUE);
    assert_eq!(file_size, 0x5000);
    let fv = w.MapViewOfFile(file_section, FILE_MAP_WRITE, 0, 0, 0);
    w.write(fv + 0x4FFF, b"z").unwrap().unwrap();
    check(&sys);
}
