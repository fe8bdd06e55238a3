#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]
//! Conformance tests for files under sections and the simulated file system: one test per
//! rule of `shared/behaviour/catalog.md` C5, C8, C9, D1–D14, G5, H1–H19 (K is out of scope),
//! plus the CreateFile / ReadFile / SetFilePointer / GetFileSize / CreateDirectory basics the
//! rules rely on. Windows is the ground truth; Wine is evidence (`shared/behaviour/README.md`):
//! where the two disagree these tests assert Windows. Where winsection made a documented choice
//! (its doc comments), the test asserts that choice and says so.

mod common;
use common::{check, machine};
use winsection::win32::*;
use winsection::{Handle, ProcessSpec, SectionInfo, System, SystemConfig};

// ------------------------------------------------------------------------------------------
// Helpers
// ------------------------------------------------------------------------------------------

const RW: u32 = GENERIC_READ | GENERIC_WRITE;
const RWX: u32 = GENERIC_READ | GENERIC_WRITE | GENERIC_EXECUTE;
const SHARE_RW: u32 = FILE_SHARE_READ | FILE_SHARE_WRITE;
const SHARE_ALL: u32 = FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE;
const K64: u32 = 0x1_0000;
const MBI_SIZE: u64 = 48;

fn handle(h: HANDLE) -> Handle {
    Handle(h as u64)
}

/// `CreateFileW` with no flags.
fn open(w: &mut Win32<'_>, path: &str, access: u32, share: u32, disposition: u32) -> HANDLE {
    w.CreateFileW(Some(path), access, share, None, disposition, 0, 0)
}

/// Creates (CREATE_ALWAYS) `path` opened read-write with `share`, writes `data`, rewinds.
fn new_file(w: &mut Win32<'_>, path: &str, data: &[u8], share: u32) -> HANDLE {
    let f = open(w, path, RW, share, CREATE_ALWAYS);
    assert_ne!(
        f,
        INVALID_HANDLE_VALUE,
        "CreateFileW({path}): {}",
        w.GetLastError()
    );
    if !data.is_empty() {
        write_at(w, f, 0, data);
    }
    assert_eq!(w.SetFilePointer(f, 0, None, FILE_BEGIN), 0);
    check(w.system());
    f
}

/// `len` bytes of a repeating pattern, so offsets are recognisable.
fn pattern(len: usize) -> Vec<u8> {
    (0..len).map(|i| b'a' + (i % 26) as u8).collect()
}

fn seek(w: &mut Win32<'_>, f: HANDLE, offset: u64) {
    let mut at = 0i64;
    assert_eq!(
        w.SetFilePointerEx(f, offset as i64, Some(&mut at), FILE_BEGIN),
        TRUE
    );
    assert_eq!(at as u64, offset);
}

fn write_at(w: &mut Win32<'_>, f: HANDLE, offset: u64, data: &[u8]) {
    seek(w, f, offset);
    let mut n = 0;
    assert_eq!(
        w.WriteFile(f, data, data.len() as u32, Some(&mut n)),
        TRUE,
        "WriteFile: {}",
        w.GetLastError()
    );
    assert_eq!(n as usize, data.len());
    check(w.system());
}

fn read_at(w: &mut Win32<'_>, f: HANDLE, offset: u64, len: u32) -> Vec<u8> {
    seek(w, f, offset);
    let mut buf = vec![0u8; len as usize];
    let mut n = 0;
    assert_eq!(
        w.ReadFile(f, &mut buf, len, Some(&mut n)),
        TRUE,
        "ReadFile: {}",
        w.GetLastError()
    );
    buf.truncate(n as usize);
    buf
}

fn file_size(w: &mut Win32<'_>, f: HANDLE) -> u64 {
    let mut size = -1i64;
    assert_eq!(w.GetFileSizeEx(f, &mut size), TRUE);
    size as u64
}

/// Moves the pointer to `size` and calls SetEndOfFile.
fn set_size(w: &mut Win32<'_>, f: HANDLE, size: u64) -> BOOL {
    seek(w, f, size);
    let r = w.SetEndOfFile(f);
    check(w.system());
    r
}

fn section_info(w: &mut Win32<'_>, s: HANDLE) -> SectionInfo {
    let pid = w.pid();
    w.system()
        .query_section(pid, handle(s))
        .expect("query_section")
}

fn query(w: &mut Win32<'_>, address: LPVOID) -> MEMORY_BASIC_INFORMATION {
    let mut mbi = MEMORY_BASIC_INFORMATION::default();
    assert_eq!(w.VirtualQuery(address, Some(&mut mbi), MBI_SIZE), MBI_SIZE);
    mbi
}

fn peek(w: &mut Win32<'_>, address: LPVOID, len: u64) -> Vec<u8> {
    w.read(address, len).expect("process").expect("no fault")
}

fn poke(w: &mut Win32<'_>, address: LPVOID, data: &[u8]) {
    w.write(address, data).expect("process").expect("no fault");
    check(w.system());
}

/// `CreateFileMappingW(f, NULL, prot, 0, size, NULL)`.
fn mapping(w: &mut Win32<'_>, f: HANDLE, prot: u32, size: u32) -> HANDLE {
    let s = w.CreateFileMappingW(f, None, prot, 0, size, None);
    check(w.system());
    s
}

fn map(w: &mut Win32<'_>, s: HANDLE, access: u32) -> LPVOID {
    let v = w.MapViewOfFile(s, access, 0, 0, 0);
    assert_ne!(v, 0, "MapViewOfFile: {}", w.GetLastError());
    check(w.system());
    v
}

fn close(w: &mut Win32<'_>, h: HANDLE) {
    assert_eq!(w.CloseHandle(h), TRUE);
    check(w.system());
}

fn unmap(w: &mut Win32<'_>, v: LPVOID) {
    assert_eq!(w.UnmapViewOfFile(v), TRUE);
    check(w.system());
}

/// A minimal PE file as winsection recognises one: "MZ", `e_lfanew` (at 0x3C) = 0x80, and
/// "PE\0\0" at 0x80.
fn pe_image() -> Vec<u8> {
    let mut v = vec![0u8; 1024];
    v[0..2].copy_from_slice(b"MZ");
    v[0x3C..0x40].copy_from_slice(&0x80u32.to_le_bytes());
    v[0x80..0x84].copy_from_slice(b"PE\0\0");
    v
}

/// Writes a minimal PE file to `path`, and returns an image section over it made through a
/// GENERIC_READ|GENERIC_EXECUTE handle that is already closed.
fn image_section(w: &mut Win32<'_>, path: &str) -> HANDLE {
    let f = new_file(w, path, &pe_image(), SHARE_ALL);
    close(w, f);
    let f = open(
        w,
        path,
        GENERIC_READ | GENERIC_EXECUTE,
        SHARE_ALL,
        OPEN_EXISTING,
    );
    assert_ne!(f, INVALID_HANDLE_VALUE);
    let s = mapping(w, f, PAGE_READONLY | SEC_IMAGE, 0);
    assert_ne!(s, 0, "SEC_IMAGE: {}", w.GetLastError());
    close(w, f);
    s
}

// ------------------------------------------------------------------------------------------
// C: file-backed section creation
// ------------------------------------------------------------------------------------------

/// C5, D1 — file-backed section sizes are not rounded; size 0 means the file's size.
/// Source: wine tests `virtual.c test_NtQuerySection`; Wine 8 oracle
/// `file_size0_maps_whole_file` (13398), `file_section_smaller_than_file` (36).
#[test]
fn c5_d1_file_section_size_is_not_rounded() {
    let (mut sys, pids) = machine(&["a"]);
    let mut w = sys.win32(pids[0]);
    let f = new_file(&mut w, r"C:\c5.bin", &pattern(0x3456), SHARE_RW);
    let s = mapping(&mut w, f, PAGE_READONLY, 0);
    assert_ne!(s, 0);
    assert_eq!(w.GetLastError(), ERROR_SUCCESS);
    let info = section_info(&mut w, s);
    assert_eq!(info.size, 0x3456);
    assert_eq!(info.attributes, SEC_FILE);
    let small = mapping(&mut w, f, PAGE_READONLY, 36);
    assert_ne!(small, 0);
    assert_eq!(section_info(&mut w, small).size, 36);
    assert_eq!(file_size(&mut w, f), 0x3456);
}

/// C8 — SEC_* validity for a data file (PAGE_READWRITE|flags, size 0): COMMIT/RESERVE/none
/// give SEC_FILE (a SEC_RESERVE view is fully committed), NOCACHE/WRITECOMBINE are kept,
/// everything else is ERROR_INVALID_PARAMETER. Source: wine tests `virtual.c
/// test_CreateFileMapping` (`sec_flag_tests`); Wine 8 oracle `sec_reserve_file_backed`,
/// `sec_reserve_file_backed_view`, `sec_large_pages_file_backed`; CreateFileMappingW doc.
#[test]
fn c8_file_backed_sec_flags() {
    let (mut sys, pids) = machine(&["a"]);
    let mut w = sys.win32(pids[0]);
    let f = new_file(&mut w, r"C:\c8.bin", &pattern(8192), SHARE_RW);
    let ok = [
        (0, SEC_FILE),
        (SEC_COMMIT, SEC_FILE),
        (SEC_RESERVE, SEC_FILE),
        (SEC_RESERVE | SEC_NOCACHE, SEC_FILE | SEC_NOCACHE),
        (SEC_RESERVE | SEC_WRITECOMBINE, SEC_FILE | SEC_WRITECOMBINE),
    ];
    for (flags, attributes) in ok {
        let s = mapping(&mut w, f, PAGE_READWRITE | flags, 0);
        assert_ne!(s, 0, "flags {flags:#x}: {}", w.GetLastError());
        assert_eq!(w.GetLastError(), ERROR_SUCCESS);
        let info = section_info(&mut w, s);
        assert_eq!(info.attributes, attributes, "flags {flags:#x}");
        assert_eq!(info.size, 8192);
        if flags == SEC_RESERVE {
            let v = map(&mut w, s, FILE_MAP_WRITE);
            let mbi = query(&mut w, v);
            assert_eq!(mbi.State, MEM_COMMIT);
            assert_eq!(mbi.Type, MEM_MAPPED);
            assert_eq!(peek(&mut w, v, 3), b"abc");
            unmap(&mut w, v);
        }
        close(&mut w, s);
    }
    let bad = [
        SEC_RESERVE | SEC_COMMIT,
        SEC_COMMIT | SEC_LARGE_PAGES,
        SEC_RESERVE | SEC_LARGE_PAGES,
        SEC_LARGE_PAGES,
        SEC_NOCACHE,
        SEC_WRITECOMBINE,
        SEC_FILE,
    ];
    for flags in bad {
        let s = mapping(&mut w, f, PAGE_READWRITE | flags, 0);
        assert_eq!(
            (s, w.GetLastError()),
            (0, ERROR_INVALID_PARAMETER),
            "flags {flags:#x}"
        );
    }
    // SEC_IMAGE on a data file.
    let s = mapping(&mut w, f, PAGE_READONLY | SEC_IMAGE, 0);
    assert_eq!((s, w.GetLastError()), (0, ERROR_BAD_EXE_FORMAT));
}

/// C9 — SEC_IMAGE: a non-PE file is ERROR_BAD_EXE_FORMAT; a (minimal) PE file gives a section
/// with SEC_FILE|SEC_IMAGE whatever the protection, SEC_NOCACHE is dropped, other SEC_* are
/// ERROR_INVALID_PARAMETER; its view is MEM_IMAGE with AllocationProtect
/// PAGE_EXECUTE_WRITECOPY and starts with "MZ". winsection's PE check is "MZ" + e_lfanew +
/// "PE\0\0" (its documented minimal check). Source: wine tests `virtual.c
/// test_CreateFileMapping` (PE rows), `test_mapping`; Wine 8 oracle `sec_image_non_image_file`,
/// `sec_image_own_exe`, `sec_image_own_exe_view`, `sec_image_own_exe_page_readwrite`.
#[test]
fn c9_sec_image_needs_a_pe_file() {
    let (mut sys, pids) = machine(&["a"]);
    let mut w = sys.win32(pids[0]);
    let text = new_file(&mut w, r"C:\text.txt", &pattern(4096), SHARE_ALL);
    let s = mapping(&mut w, text, PAGE_READONLY | SEC_IMAGE, 0);
    assert_eq!((s, w.GetLastError()), (0, ERROR_BAD_EXE_FORMAT));
    // "MZ" alone is not enough.
    let mut mz_only = pattern(4096);
    mz_only[0..2].copy_from_slice(b"MZ");
    let f = new_file(&mut w, r"C:\mz.bin", &mz_only, SHARE_ALL);
    let s = mapping(&mut w, f, PAGE_READONLY | SEC_IMAGE, 0);
    assert_eq!((s, w.GetLastError()), (0, ERROR_BAD_EXE_FORMAT));

    let pe = new_file(&mut w, r"C:\app.exe", &pe_image(), SHARE_ALL);
    close(&mut w, pe);
    let pe = open(
        &mut w,
        r"C:\app.exe",
        GENERIC_READ | GENERIC_EXECUTE,
        SHARE_ALL,
        OPEN_EXISTING,
    );
    assert_ne!(pe, INVALID_HANDLE_VALUE);
    let s = mapping(&mut w, pe, PAGE_READONLY | SEC_IMAGE, 0);
    assert_ne!(s, 0, "{}", w.GetLastError());
    assert_eq!(w.GetLastError(), ERROR_SUCCESS);
    let info = section_info(&mut w, s);
    assert_eq!(info.attributes, SEC_FILE | SEC_IMAGE);
    let v = map(&mut w, s, FILE_MAP_READ);
    let mbi = query(&mut w, v);
    assert_eq!(mbi.Type, MEM_IMAGE);
    assert_eq!(mbi.AllocationProtect, PAGE_EXECUTE_WRITECOPY);
    assert_eq!(peek(&mut w, v, 2), b"MZ");
    unmap(&mut w, v);
    close(&mut w, s);

    let s = mapping(&mut w, pe, PAGE_READWRITE | SEC_IMAGE, 0);
    assert_ne!(s, 0, "PAGE_READWRITE|SEC_IMAGE: {}", w.GetLastError());
    assert_eq!(section_info(&mut w, s).attributes, SEC_FILE | SEC_IMAGE);
    close(&mut w, s);
    let s = mapping(&mut w, pe, PAGE_READONLY | SEC_IMAGE | SEC_NOCACHE, 0);
    assert_ne!(s, 0, "SEC_IMAGE|SEC_NOCACHE: {}", w.GetLastError());
    assert_eq!(section_info(&mut w, s).attributes, SEC_FILE | SEC_IMAGE);
    close(&mut w, s);
    for extra in [
        SEC_FILE,
        SEC_LARGE_PAGES,
        SEC_WRITECOMBINE,
        SEC_RESERVE,
        SEC_COMMIT,
    ] {
        let s = mapping(&mut w, pe, PAGE_READONLY | SEC_IMAGE | extra, 0);
        assert_eq!(
            (s, w.GetLastError()),
            (0, ERROR_INVALID_PARAMETER),
            "SEC_IMAGE|{extra:#x}"
        );
    }
}

// ------------------------------------------------------------------------------------------
// D: file-backed sizes, growth, access
// ------------------------------------------------------------------------------------------

/// D2 — a zero-length file with size 0 cannot be mapped: ERROR_FILE_INVALID for PAGE_READWRITE
/// and PAGE_READONLY; with SEC_IMAGE ERROR_BAD_EXE_FORMAT. Source: CreateFileMappingW doc
/// ("An attempt to map a file with a length of 0 ... fails with ... ERROR_FILE_INVALID");
/// Wine 8 oracle `file_zero_len_size0_rw`, `file_zero_len_size0_ro`.
#[test]
fn d2_zero_length_file_is_file_invalid() {
    let (mut sys, pids) = machine(&["a"]);
    let mut w = sys.win32(pids[0]);
    let f = new_file(&mut w, r"C:\empty.bin", &[], SHARE_RW);
    for prot in [PAGE_READWRITE, PAGE_READONLY] {
        let s = mapping(&mut w, f, prot, 0);
        assert_eq!((s, w.GetLastError()), (0, ERROR_FILE_INVALID), "{prot:#x}");
    }
    let s = mapping(&mut w, f, PAGE_READONLY | SEC_IMAGE, 0);
    assert_eq!((s, w.GetLastError()), (0, ERROR_BAD_EXE_FORMAT));
    assert_eq!(file_size(&mut w, f), 0);
}

/// D3 — a zero-length file with an explicit size and a writable protection is grown.
/// Source: Wine 8 oracle `file_zero_len_size4096_rw`.
#[test]
fn d3_zero_length_file_with_size_is_grown() {
    let (mut sys, pids) = machine(&["a"]);
    let mut w = sys.win32(pids[0]);
    let f = new_file(&mut w, r"C:\empty.bin", &[], SHARE_RW);
    let s = mapping(&mut w, f, PAGE_READWRITE, 4096);
    assert_ne!(s, 0);
    assert_eq!(w.GetLastError(), ERROR_SUCCESS);
    assert_eq!(file_size(&mut w, f), 4096);
    assert_eq!(section_info(&mut w, s).size, 4096);
}

/// D4 — a writable section larger than the file extends it at once (before any view) and the
/// size stays after the section is closed; the view shows the old bytes, then zeros.
/// Source: CreateFileMappingW doc, Remarks; Wine 8 oracle `file_grow_rw_100_to_64k`,
/// `file_grow_rw_view`, `file_grow_rw_size_after_close`.
#[test]
fn d4_writable_section_grows_the_file() {
    let (mut sys, pids) = machine(&["a"]);
    let mut w = sys.win32(pids[0]);
    let data = pattern(100);
    let f = new_file(&mut w, r"C:\grow.bin", &data, SHARE_RW);
    let s = mapping(&mut w, f, PAGE_READWRITE, K64);
    assert_ne!(s, 0);
    assert_eq!(w.GetLastError(), ERROR_SUCCESS);
    assert_eq!(file_size(&mut w, f), 65536);
    let mut high = 7;
    assert_eq!(w.GetFileSize(f, Some(&mut high)), 65536);
    assert_eq!(high, 0);
    let info = section_info(&mut w, s);
    assert_eq!((info.size, info.attributes), (65536, SEC_FILE));
    let v = map(&mut w, s, FILE_MAP_WRITE);
    assert_eq!(query(&mut w, v).RegionSize, 65536);
    assert_eq!(peek(&mut w, v, 100), data);
    assert_eq!(peek(&mut w, v + 99, 2), vec![data[99], 0]);
    assert!(peek(&mut w, v + 100, 65436).iter().all(|b| *b == 0));
    unmap(&mut w, v);
    close(&mut w, s);
    assert_eq!(file_size(&mut w, f), 65536);
    close(&mut w, f);
    let f = open(
        &mut w,
        r"C:\grow.bin",
        GENERIC_READ,
        SHARE_RW,
        OPEN_EXISTING,
    );
    assert_eq!(file_size(&mut w, f), 65536);
    assert_eq!(read_at(&mut w, f, 0, 100), data);
}

/// D5 — a read-only (or copy-on-write) section larger than the file fails with
/// ERROR_NOT_ENOUGH_MEMORY (STATUS_SECTION_TOO_BIG), even by one byte; the file is untouched.
/// Source: Wine 8 oracle `file_grow_ro_100_to_64k`, `file_grow_writecopy_100_to_64k`,
/// `file_grow_ro_100_to_101`; wine tests `test_NtQuerySection`.
#[test]
fn d5_read_only_section_larger_than_file_fails() {
    let (mut sys, pids) = machine(&["a"]);
    let mut w = sys.win32(pids[0]);
    let data = pattern(100);
    let f = open(&mut w, r"C:\ro.bin", RWX, SHARE_RW, CREATE_ALWAYS);
    write_at(&mut w, f, 0, &data);
    for (prot, size) in [
        (PAGE_READONLY, K64),
        (PAGE_WRITECOPY, K64),
        (PAGE_READONLY, 101),
        (PAGE_EXECUTE_READ, K64),
        (PAGE_EXECUTE_WRITECOPY, 101),
    ] {
        let s = mapping(&mut w, f, prot, size);
        assert_eq!(
            (s, w.GetLastError()),
            (0, ERROR_NOT_ENOUGH_MEMORY),
            "{prot:#x} {size}"
        );
        assert_eq!(file_size(&mut w, f), 100);
    }
    assert_eq!(read_at(&mut w, f, 0, 200), data);
}

/// D6 — growth that the disk cannot hold fails with ERROR_DISK_FULL and leaves the file alone;
/// growth up to the capacity works. winsection: `SystemConfig::disk_capacity` (whole 4 KiB
/// clusters). Source: CreateFileMappingW doc, Remarks ("If the file on disk cannot be
/// increased, CreateFileMapping fails and GetLastError returns ERROR_DISK_FULL").
#[test]
fn d6_growth_beyond_disk_is_disk_full() {
    let mut sys = System::with_config(SystemConfig {
        disk_capacity: Some(0x10000),
        ..Default::default()
    });
    let a = sys.spawn(ProcessSpec::named("a")).unwrap();
    check(&sys);
    let mut w = sys.win32(a);
    let f = new_file(&mut w, r"C:\full.bin", &pattern(100), SHARE_RW);
    let s = mapping(&mut w, f, PAGE_READWRITE, 0x20000);
    assert_eq!((s, w.GetLastError()), (0, ERROR_DISK_FULL));
    assert_eq!(file_size(&mut w, f), 100);
    let s = mapping(&mut w, f, PAGE_READWRITE, 0x10000);
    assert_ne!(s, 0, "exactly the capacity: {}", w.GetLastError());
    assert_eq!(file_size(&mut w, f), 0x10000);
    // WriteFile growth is refused the same way.
    seek(&mut w, f, 0x10000);
    let mut n = 9;
    assert_eq!(w.WriteFile(f, b"x", 1, Some(&mut n)), FALSE);
    assert_eq!(w.GetLastError(), ERROR_DISK_FULL);
    assert_eq!(file_size(&mut w, f), 0x10000);
    check(w.system());
}

/// D7 — a section smaller than the file is allowed; its view is a whole page and the bytes
/// past the section's end show the file's data. Source: Wine 8 oracle
/// `file_section_smaller_than_file`, `file_section_36_view` (byte40 = file byte);
/// wine tests `test_NtQuerySection`.
#[test]
fn d7_section_smaller_than_file_shows_whole_page() {
    let (mut sys, pids) = machine(&["a"]);
    let mut w = sys.win32(pids[0]);
    let data = pattern(4096);
    let f = new_file(&mut w, r"C:\d7.bin", &data, SHARE_RW);
    let s = mapping(&mut w, f, PAGE_READONLY, 36);
    assert_ne!(s, 0);
    assert_eq!(section_info(&mut w, s).size, 36);
    let v = map(&mut w, s, FILE_MAP_READ);
    assert_eq!(query(&mut w, v).RegionSize, 4096);
    assert_eq!(peek(&mut w, v + 40, 1), vec![data[40]]);
    assert_eq!(peek(&mut w, v, 4096), data);
    assert_eq!(file_size(&mut w, f), 4096);
}

/// D8 — a file-backed view may not ask for more than the section (not even its page-rounded
/// size): ERROR_ACCESS_DENIED; the whole-section view has RegionSize 0x4000 and a zero tail.
/// Source: Wine 8 oracle `file_size0_view_0x3456`, `file_view_size_section_plus_1`,
/// `file_view_size_page_rounded_0x4000`; wine tests `test_NtQuerySection`.
#[test]
fn d8_view_larger_than_file_section_is_access_denied() {
    let (mut sys, pids) = machine(&["a"]);
    let mut w = sys.win32(pids[0]);
    let f = new_file(&mut w, r"C:\d8.bin", &pattern(0x3456), SHARE_RW);
    let s = mapping(&mut w, f, PAGE_READONLY, 0);
    assert_ne!(s, 0);
    let v = map(&mut w, s, FILE_MAP_READ);
    assert_eq!(query(&mut w, v).RegionSize, 0x4000);
    assert_eq!(peek(&mut w, v + 0x3456, 1), vec![0]);
    for size in [0x3457, 0x4000] {
        let v2 = w.MapViewOfFile(s, FILE_MAP_READ, 0, 0, size);
        assert_eq!(
            (v2, w.GetLastError()),
            (0, ERROR_ACCESS_DENIED),
            "{size:#x}"
        );
    }
    let exact = w.MapViewOfFile(s, FILE_MAP_READ, 0, 0, 0x3456);
    assert_ne!(exact, 0);
    check(w.system());
}

/// D9 — the protection needs matching file-handle access, checked at CreateFileMapping:
/// read for all, write for PAGE_READWRITE/PAGE_EXECUTE_READWRITE, FILE_EXECUTE for every
/// PAGE_EXECUTE_* (Windows; Wine does not check execute). Source: CreateFileMappingW doc
/// (flProtect table); wine tests `virtual.c test_MapViewOfFile`, `test_mapping`; Wine 8
/// oracle `file_generic_read_map_rw`, `file_generic_read_map_ro`,
/// `file_generic_read_map_writecopy`, `file_generic_write_only_map_rw`, `file_no_access_map_ro`
/// (and, where Windows differs, `file_generic_read_map_execute_read`,
/// `file_rw_no_execute_access_map_exec_rw`).
#[test]
fn d9_protection_needs_file_access() {
    let (mut sys, pids) = machine(&["a"]);
    let mut w = sys.win32(pids[0]);
    let f = new_file(&mut w, r"C:\d9.bin", &pattern(4096), SHARE_ALL);
    close(&mut w, f);
    const PROTS: [u32; 6] = [
        PAGE_READONLY,
        PAGE_WRITECOPY,
        PAGE_READWRITE,
        PAGE_EXECUTE_READ,
        PAGE_EXECUTE_WRITECOPY,
        PAGE_EXECUTE_READWRITE,
    ];
    // Expected success per PROTS entry.
    let table: [(u32, [bool; 6]); 6] = [
        (GENERIC_READ, [true, true, false, false, false, false]),
        (GENERIC_WRITE, [false; 6]),
        (0, [false; 6]),
        (RW, [true, true, true, false, false, false]),
        (
            GENERIC_READ | GENERIC_EXECUTE,
            [true, true, false, true, true, false],
        ),
        (RWX, [true; 6]),
    ];
    for (access, expected) in table {
        let h = open(&mut w, r"C:\d9.bin", access, SHARE_ALL, OPEN_EXISTING);
        assert_ne!(h, INVALID_HANDLE_VALUE);
        for (prot, ok) in PROTS.into_iter().zip(expected) {
            let s = mapping(&mut w, h, prot, 0);
            if ok {
                assert_ne!(
                    s,
                    0,
                    "access {access:#x} prot {prot:#x}: {}",
                    w.GetLastError()
                );
                assert_eq!(w.GetLastError(), ERROR_SUCCESS);
                close(&mut w, s);
            } else {
                assert_eq!(
                    (s, w.GetLastError()),
                    (0, ERROR_ACCESS_DENIED),
                    "access {access:#x} prot {prot:#x}"
                );
            }
        }
        close(&mut w, h);
    }
}

/// D10 — a second, larger writable section grows the file again; the first keeps its size and
/// its view; a third with size 0 takes the new size. Source: Wine 8 oracle
/// `file_second_larger_section_grows_file`, `file_first_section_size_after_growth`,
/// `file_third_section_size0_after_growth`.
#[test]
fn d10_second_larger_section_grows_file_again() {
    let (mut sys, pids) = machine(&["a"]);
    let mut w = sys.win32(pids[0]);
    let f = new_file(&mut w, r"C:\d10.bin", &pattern(100), SHARE_RW);
    let a = mapping(&mut w, f, PAGE_READWRITE, K64);
    assert_ne!(a, 0);
    assert_eq!(file_size(&mut w, f), 65536);
    let va = map(&mut w, a, FILE_MAP_WRITE);
    let b = mapping(&mut w, f, PAGE_READWRITE, 0x20000);
    assert_ne!(b, 0);
    assert_eq!(w.GetLastError(), ERROR_SUCCESS);
    assert_eq!(file_size(&mut w, f), 131072);
    assert_eq!(section_info(&mut w, b).size, 131072);
    assert_eq!(section_info(&mut w, a).size, 65536);
    assert_eq!(query(&mut w, va).RegionSize, 65536);
    let c = mapping(&mut w, f, PAGE_READWRITE, 0);
    assert_ne!(c, 0);
    assert_eq!(w.GetLastError(), ERROR_SUCCESS);
    assert_eq!(section_info(&mut w, c).size, 131072);
}

/// D11 — the section keeps the file open: the file handle may be closed at once; the view
/// shows the file's data and its writes reach the file (ReadFile through a new handle).
/// Source: Wine 8 oracle `section_outlives_file_handle`,
/// `view_write_after_file_handle_closed_persists`; MS docs "Creating a File Mapping Object".
#[test]
fn d11_section_keeps_file_open() {
    let (mut sys, pids) = machine(&["a"]);
    let mut w = sys.win32(pids[0]);
    let data = pattern(8192);
    let f = new_file(&mut w, r"C:\d11.bin", &data, SHARE_RW);
    let s = mapping(&mut w, f, PAGE_READWRITE, 0);
    assert_ne!(s, 0);
    close(&mut w, f);
    let v = map(&mut w, s, FILE_MAP_WRITE);
    assert_eq!(peek(&mut w, v, 8192), data);
    poke(&mut w, v + 5000, b"written after close");
    let g = open(&mut w, r"C:\d11.bin", GENERIC_READ, SHARE_RW, OPEN_EXISTING);
    assert_ne!(g, INVALID_HANDLE_VALUE);
    assert_eq!(read_at(&mut w, g, 5000, 19), b"written after close");
    assert_eq!(file_size(&mut w, g), 8192);
}

/// D12 — bytes written past EOF inside the last page stay in memory: another view sees them,
/// the file size does not change and ReadFile there returns nothing. Source: Wine 8 oracle
/// `tail_write_past_eof_other_view` (byte200=T, file_size=100).
#[test]
fn d12_write_past_eof_in_last_page_stays_in_memory() {
    let (mut sys, pids) = machine(&["a"]);
    let mut w = sys.win32(pids[0]);
    let f = new_file(&mut w, r"C:\d12.bin", &pattern(100), SHARE_RW);
    let s = mapping(&mut w, f, PAGE_READWRITE, 0);
    assert_ne!(s, 0);
    assert_eq!(section_info(&mut w, s).size, 100);
    let v1 = map(&mut w, s, FILE_MAP_WRITE);
    let v2 = map(&mut w, s, FILE_MAP_READ);
    assert_eq!(peek(&mut w, v1 + 200, 1), vec![0]);
    poke(&mut w, v1 + 200, b"T");
    assert_eq!(peek(&mut w, v2 + 200, 1), b"T");
    assert_eq!(file_size(&mut w, f), 100);
    assert_eq!(read_at(&mut w, f, 200, 1), Vec::<u8>::new());
    assert_eq!(w.FlushViewOfFile(v1, 0), TRUE);
    check(w.system());
    assert_eq!(file_size(&mut w, f), 100);
}

/// D13 — hFile must be a file handle: an event or section handle, a closed handle and a
/// garbage value are ERROR_INVALID_HANDLE; NULL means the page file (size still required).
/// Source: NtCreateSection (STATUS_OBJECT_TYPE_MISMATCH -> 6); wine tests
/// `kernelbase/tests/process.c test_MapViewOfFile3` (NULL file handle); Wine
/// `kernelbase/sync.c`.
#[test]
fn d13_non_file_handle_is_invalid_handle() {
    let (mut sys, pids) = machine(&["a"]);
    let mut w = sys.win32(pids[0]);
    let event = w.CreateEventW(None, TRUE, FALSE, None);
    assert_ne!(event, 0);
    let anon = w.CreateFileMappingW(INVALID_HANDLE_VALUE, None, PAGE_READWRITE, 0, 4096, None);
    assert_ne!(anon, 0);
    let f = new_file(&mut w, r"C:\d13.bin", &pattern(4096), SHARE_RW);
    close(&mut w, f);
    for h in [event, anon, f, 0x12340] {
        let s = mapping(&mut w, h, PAGE_READWRITE, 0);
        assert_eq!((s, w.GetLastError()), (0, ERROR_INVALID_HANDLE), "{h:#x}");
        let s = mapping(&mut w, h, PAGE_READWRITE, 4096);
        assert_eq!((s, w.GetLastError()), (0, ERROR_INVALID_HANDLE), "{h:#x}");
    }
    let s = mapping(&mut w, 0, PAGE_READWRITE, 4096);
    assert_ne!(s, 0);
    assert_eq!(section_info(&mut w, s).attributes, SEC_COMMIT);
    let s = mapping(&mut w, 0, PAGE_READWRITE, 0);
    assert_eq!((s, w.GetLastError()), (0, ERROR_INVALID_PARAMETER));
}

/// D14 — directories cannot back a section. Opening a directory as a file is
/// ERROR_ACCESS_DENIED (STATUS_FILE_IS_A_DIRECTORY); with FILE_FLAG_BACKUP_SEMANTICS Windows
/// hands out a directory handle, which CreateFileMapping then refuses (code unverified: 5 or
/// 87), while winsection refuses the open itself — either way no section results. Source:
/// catalog D14 (gap); CreateFileW doc ("Directories": FILE_FLAG_BACKUP_SEMANTICS).
#[test]
fn d14_directory_cannot_back_a_section() {
    let (mut sys, pids) = machine(&["a"]);
    let mut w = sys.win32(pids[0]);
    assert_eq!(w.CreateDirectoryW(Some(r"C:\d14"), None), TRUE);
    check(w.system());
    let h = open(&mut w, r"C:\d14", GENERIC_READ, SHARE_ALL, OPEN_EXISTING);
    assert_eq!(
        (h, w.GetLastError()),
        (INVALID_HANDLE_VALUE, ERROR_ACCESS_DENIED)
    );
    let h = w.CreateFileW(
        Some(r"C:\d14"),
        GENERIC_READ,
        SHARE_ALL,
        None,
        OPEN_EXISTING,
        FILE_FLAG_BACKUP_SEMANTICS,
        0,
    );
    check(w.system());
    if h == INVALID_HANDLE_VALUE {
        assert_eq!(w.GetLastError(), ERROR_ACCESS_DENIED);
    } else {
        let s = mapping(&mut w, h, PAGE_READONLY, 0);
        assert_eq!(s, 0);
        assert!(matches!(
            w.GetLastError(),
            ERROR_ACCESS_DENIED | ERROR_INVALID_PARAMETER
        ));
    }
}

// ------------------------------------------------------------------------------------------
// G5
// ------------------------------------------------------------------------------------------

/// G5 — a file-backed section keeps its file object, and a view keeps the section: with the
/// file and section handles closed the view still reads and writes the file, and still holds
/// the file (truncation refused) until it is unmapped. Source: Wine 8 oracle
/// `section_outlives_file_handle`, `view_write_after_file_handle_closed_persists`,
/// `setendoffile_zero_other_handle_readonly_view_handles_closed`.
#[test]
fn g5_view_keeps_section_and_file_alive() {
    let (mut sys, pids) = machine(&["a"]);
    let mut w = sys.win32(pids[0]);
    let data = pattern(8192);
    let f = new_file(&mut w, r"C:\g5.bin", &data, SHARE_RW);
    let s = mapping(&mut w, f, PAGE_READWRITE, 0);
    assert_ne!(s, 0);
    let v = map(&mut w, s, FILE_MAP_WRITE);
    close(&mut w, f);
    close(&mut w, s);
    assert_eq!(peek(&mut w, v, 8192), data);
    poke(&mut w, v + 10, b"G5");
    let g = open(&mut w, r"C:\g5.bin", RW, SHARE_RW, OPEN_EXISTING);
    assert_ne!(g, INVALID_HANDLE_VALUE);
    assert_eq!(read_at(&mut w, g, 10, 2), b"G5");
    assert_eq!(set_size(&mut w, g, 0), FALSE);
    assert_eq!(w.GetLastError(), ERROR_USER_MAPPED_FILE);
    unmap(&mut w, v);
    assert_eq!(set_size(&mut w, g, 0), TRUE);
    assert_eq!(file_size(&mut w, g), 0);
}

// ------------------------------------------------------------------------------------------
// H: files under sections
// ------------------------------------------------------------------------------------------

/// H1 — a writable data section forces every later opener to share write, even one asking
/// for no access with share 0; sharing read|write works. Source: Wine 8 probe
/// `rw_section_open_read_share_read`, `rw_section_open_noaccess_share_none`,
/// `rw_section_open_read_share_rw`; wine tests `file.c test_file_sharing`.
#[test]
fn h1_writable_section_forces_share_write() {
    let (mut sys, pids) = machine(&["a"]);
    let mut w = sys.win32(pids[0]);
    let path = r"C:\h1.bin";
    let f = new_file(&mut w, path, &pattern(4096), SHARE_RW);
    let s = mapping(&mut w, f, PAGE_READWRITE, 0);
    assert_ne!(s, 0);
    close(&mut w, f);
    let h = open(&mut w, path, GENERIC_READ, FILE_SHARE_READ, OPEN_EXISTING);
    assert_eq!(
        (h, w.GetLastError()),
        (INVALID_HANDLE_VALUE, ERROR_SHARING_VIOLATION)
    );
    let h = open(&mut w, path, 0, 0, OPEN_EXISTING);
    assert_eq!(
        (h, w.GetLastError()),
        (INVALID_HANDLE_VALUE, ERROR_SHARING_VIOLATION)
    );
    let h = open(&mut w, path, GENERIC_READ, SHARE_RW, OPEN_EXISTING);
    assert_ne!(h, INVALID_HANDLE_VALUE);
    assert_eq!(w.GetLastError(), ERROR_SUCCESS);
    check(w.system());
    close(&mut w, h);
    // With the section gone the restriction goes too.
    close(&mut w, s);
    let h = open(&mut w, path, GENERIC_READ, FILE_SHARE_READ, OPEN_EXISTING);
    assert_ne!(h, INVALID_HANDLE_VALUE);
    check(w.system());
}

/// H2 — read-only data sections impose no sharing restriction. Source: Wine 8 probe
/// `ro_section_open_read_share_read`, `ro_section_open_rw_share_none`; `test_file_sharing`.
#[test]
fn h2_read_only_section_imposes_no_sharing() {
    let (mut sys, pids) = machine(&["a"]);
    let mut w = sys.win32(pids[0]);
    let path = r"C:\h2.bin";
    let f = new_file(&mut w, path, &pattern(4096), SHARE_RW);
    close(&mut w, f);
    let f = open(&mut w, path, GENERIC_READ, SHARE_RW, OPEN_EXISTING);
    let s = mapping(&mut w, f, PAGE_READONLY, 0);
    assert_ne!(s, 0);
    let c = mapping(&mut w, f, PAGE_WRITECOPY, 0);
    assert_ne!(c, 0);
    close(&mut w, f);
    let h = open(&mut w, path, GENERIC_READ, FILE_SHARE_READ, OPEN_EXISTING);
    assert_ne!(h, INVALID_HANDLE_VALUE, "{}", w.GetLastError());
    close(&mut w, h);
    let h = open(&mut w, path, RW, 0, OPEN_EXISTING);
    assert_ne!(h, INVALID_HANDLE_VALUE, "{}", w.GetLastError());
    check(w.system());
}

/// H3 — an image section blocks writers: a write open and CREATE_ALWAYS are
/// ERROR_SHARING_VIOLATION (not 1224); readers may still open. Source: Wine 8 probe
/// `image_section_open_for_write`, `image_section_create_always`; `test_file_sharing`.
#[test]
fn h3_image_section_blocks_writers() {
    let (mut sys, pids) = machine(&["a"]);
    let mut w = sys.win32(pids[0]);
    let path = r"C:\h3.exe";
    let _s = image_section(&mut w, path);
    let h = open(&mut w, path, GENERIC_WRITE, SHARE_ALL, OPEN_EXISTING);
    assert_eq!(
        (h, w.GetLastError()),
        (INVALID_HANDLE_VALUE, ERROR_SHARING_VIOLATION)
    );
    let h = open(&mut w, path, RW, SHARE_ALL, CREATE_ALWAYS);
    assert_eq!(
        (h, w.GetLastError()),
        (INVALID_HANDLE_VALUE, ERROR_SHARING_VIOLATION)
    );
    let h = open(&mut w, path, GENERIC_READ, SHARE_ALL, OPEN_EXISTING);
    assert_ne!(h, INVALID_HANDLE_VALUE);
    assert_eq!(file_size(&mut w, h), 1024);
    check(w.system());
}

/// H4 — shrinking a file with a mapped view is ERROR_USER_MAPPED_FILE and leaves the size;
/// extending works; shrinking back to exactly the section's size is refused too
/// (`MmCanFileBeTruncated`: "users hold references to the data section ... and NewFileSize <=
/// the current file size"; Wine agrees). Source: Wine 8 oracle
/// `setendoffile_shrink_with_view`, `setendoffile_extend_with_view`,
/// `setendoffile_shrink_to_section_size_with_view`; MS docs `MmCanFileBeTruncated`.
#[test]
fn h4_shrink_with_view_is_user_mapped_file() {
    let (mut sys, pids) = machine(&["a"]);
    let mut w = sys.win32(pids[0]);
    let f = new_file(&mut w, r"C:\h4.bin", &pattern(0x30000), SHARE_RW);
    let s = mapping(&mut w, f, PAGE_READWRITE, 0);
    assert_ne!(s, 0);
    let v = map(&mut w, s, FILE_MAP_WRITE);
    assert_eq!(set_size(&mut w, f, 4096), FALSE);
    assert_eq!(w.GetLastError(), ERROR_USER_MAPPED_FILE);
    assert_eq!(file_size(&mut w, f), 196608);
    w.SetLastError(0xDEAD_BEEF);
    assert_eq!(set_size(&mut w, f, 0x40000), TRUE);
    assert_eq!(w.GetLastError(), 0xDEAD_BEEF);
    assert_eq!(file_size(&mut w, f), 262144);
    assert_eq!(query(&mut w, v).RegionSize, 196608);
    // Back down to the section's size: refused as well.
    assert_eq!(set_size(&mut w, f, 196608), FALSE);
    assert_eq!(w.GetLastError(), ERROR_USER_MAPPED_FILE);
    assert_eq!(file_size(&mut w, f), 262144);
}

/// H5 — the section alone (view unmapped) still blocks shrinking; once it is closed too the
/// file shrinks. Source: Wine 8 oracle `setendoffile_shrink_section_open_no_view`,
/// `setendoffile_shrink_after_unmap_and_close`; `MmCanFileBeTruncated`.
#[test]
fn h5_section_without_view_blocks_shrink() {
    let (mut sys, pids) = machine(&["a"]);
    let mut w = sys.win32(pids[0]);
    let f = new_file(&mut w, r"C:\h5.bin", &pattern(0x30000), SHARE_RW);
    let s = mapping(&mut w, f, PAGE_READWRITE, 0);
    assert_ne!(s, 0);
    let v = map(&mut w, s, FILE_MAP_WRITE);
    unmap(&mut w, v);
    assert_eq!(set_size(&mut w, f, 4096), FALSE);
    assert_eq!(w.GetLastError(), ERROR_USER_MAPPED_FILE);
    assert_eq!(file_size(&mut w, f), 196608);
    close(&mut w, s);
    assert_eq!(set_size(&mut w, f, 2048), TRUE);
    assert_eq!(file_size(&mut w, f), 2048);
    assert_eq!(read_at(&mut w, f, 0, 4096), pattern(2048));
}

/// H6 — a view alone (section and file handles closed) blocks truncation through any other
/// handle; after the unmap it works. Source: Wine 8 oracle
/// `setendoffile_zero_other_handle_readonly_view_handles_closed`.
#[test]
fn h6_view_alone_blocks_truncation() {
    let (mut sys, pids) = machine(&["a"]);
    let mut w = sys.win32(pids[0]);
    let path = r"C:\h6.bin";
    let f = new_file(&mut w, path, &pattern(0x10000), SHARE_RW);
    let s = mapping(&mut w, f, PAGE_READONLY, 0);
    assert_ne!(s, 0);
    let v = map(&mut w, s, FILE_MAP_READ);
    close(&mut w, s);
    close(&mut w, f);
    let g = open(&mut w, path, RW, SHARE_RW, OPEN_EXISTING);
    assert_ne!(g, INVALID_HANDLE_VALUE);
    assert_eq!(set_size(&mut w, g, 0), FALSE);
    assert_eq!(w.GetLastError(), ERROR_USER_MAPPED_FILE);
    assert_eq!(file_size(&mut w, g), 65536);
    unmap(&mut w, v);
    assert_eq!(set_size(&mut w, g, 0), TRUE);
    assert_eq!(file_size(&mut w, g), 0);
}

/// H7 — CREATE_ALWAYS / TRUNCATE_EXISTING on a file with a data section (with or without a
/// view, read-only too) is ERROR_USER_MAPPED_FILE; sharing is checked first, so a conflicting
/// share mode gives ERROR_SHARING_VIOLATION. Source: Wine 8 oracle
/// `createfile_truncate_existing_while_mapped`, `createfile_create_always_while_mapped`;
/// Wine 8 probe `ro_section_no_view_create_always`; wine tests `file.c` (CopyFile2 over a
/// mapping: SHARE_READ -> 32, SHARE_READ|SHARE_WRITE -> 1224).
#[test]
fn h7_truncating_open_of_mapped_file_fails() {
    let (mut sys, pids) = machine(&["a"]);
    let mut w = sys.win32(pids[0]);
    let path = r"C:\h7.bin";
    let f = new_file(&mut w, path, &pattern(4096), SHARE_RW);
    let s = mapping(&mut w, f, PAGE_READWRITE, 0);
    assert_ne!(s, 0);
    let v = map(&mut w, s, FILE_MAP_WRITE);
    for disposition in [TRUNCATE_EXISTING, CREATE_ALWAYS] {
        let h = open(&mut w, path, RW, SHARE_RW, disposition);
        assert_eq!(
            (h, w.GetLastError()),
            (INVALID_HANDLE_VALUE, ERROR_USER_MAPPED_FILE),
            "{disposition}"
        );
        let h = open(&mut w, path, RW, FILE_SHARE_READ, disposition);
        assert_eq!(
            (h, w.GetLastError()),
            (INVALID_HANDLE_VALUE, ERROR_SHARING_VIOLATION),
            "{disposition}"
        );
    }
    assert_eq!(file_size(&mut w, f), 4096);
    unmap(&mut w, v);
    let h = open(&mut w, path, RW, SHARE_RW, CREATE_ALWAYS);
    assert_eq!(
        (h, w.GetLastError()),
        (INVALID_HANDLE_VALUE, ERROR_USER_MAPPED_FILE)
    );
    close(&mut w, s);
    // A read-only section without a view blocks truncation too.
    let s = mapping(&mut w, f, PAGE_READONLY, 0);
    assert_ne!(s, 0);
    let h = open(&mut w, path, RW, SHARE_RW, CREATE_ALWAYS);
    assert_eq!(
        (h, w.GetLastError()),
        (INVALID_HANDLE_VALUE, ERROR_USER_MAPPED_FILE)
    );
    close(&mut w, s);
    let h = open(&mut w, path, RW, SHARE_RW, CREATE_ALWAYS);
    assert_ne!(h, INVALID_HANDLE_VALUE);
    assert_eq!(w.GetLastError(), ERROR_ALREADY_EXISTS);
    assert_eq!(file_size(&mut w, f), 0);
    check(w.system());
}

/// H8 — WriteFile may extend the file past a section; the section and its view keep their
/// size. Source: Wine 8 probe `writefile_extend_past_section_with_view` (131073 / 65536).
#[test]
fn h8_writefile_past_section_keeps_view_size() {
    let (mut sys, pids) = machine(&["a"]);
    let mut w = sys.win32(pids[0]);
    let f = new_file(&mut w, r"C:\h8.bin", &pattern(0x10000), SHARE_RW);
    let s = mapping(&mut w, f, PAGE_READWRITE, K64);
    assert_ne!(s, 0);
    let v = map(&mut w, s, FILE_MAP_WRITE);
    write_at(&mut w, f, 0x20000, b"Z");
    assert_eq!(file_size(&mut w, f), 131073);
    assert_eq!(query(&mut w, v).RegionSize, 65536);
    assert_eq!(section_info(&mut w, s).size, 65536);
    assert_eq!(read_at(&mut w, f, 0x20000, 10), b"Z");
    assert_eq!(read_at(&mut w, f, 0x10000, 4), vec![0; 4]);
}

/// H9 — DeleteFile of a mapped file: winsection's documented choice (`System::delete_file`):
/// ERROR_ACCESS_DENIED while a section or a view uses the file — Windows per the DeleteFile
/// doc ("fails if ... open ... as a memory-mapped file") and MmFlushImageSection; Wine deletes
/// (Wine 8 oracle `deletefile_mapped_handles_closed`, `deletefile_mapped_handle_open_share_delete`,
/// README table). The view stays writable; once the view/section is gone DeleteFile works.
#[test]
fn h9_deletefile_of_mapped_file_is_access_denied() {
    let (mut sys, pids) = machine(&["a"]);
    let mut w = sys.win32(pids[0]);
    // A view alone (all handles closed).
    let path = r"C:\h9a.bin";
    let f = new_file(&mut w, path, &pattern(4096), SHARE_ALL);
    let s = mapping(&mut w, f, PAGE_READWRITE, 0);
    let v = map(&mut w, s, FILE_MAP_WRITE);
    close(&mut w, s);
    close(&mut w, f);
    assert_eq!(w.DeleteFileW(Some(path)), FALSE);
    assert_eq!(w.GetLastError(), ERROR_ACCESS_DENIED);
    check(w.system());
    assert!(w.system().file_exists(0, path));
    poke(&mut w, v, b"D");
    unmap(&mut w, v);
    assert_eq!(w.DeleteFileW(Some(path)), TRUE);
    check(w.system());
    assert!(!w.system().file_exists(0, path));
    let h = open(&mut w, path, GENERIC_READ, SHARE_ALL, OPEN_EXISTING);
    assert_eq!(
        (h, w.GetLastError()),
        (INVALID_HANDLE_VALUE, ERROR_FILE_NOT_FOUND)
    );

    // A section without a view; the file handle (no FILE_SHARE_DELETE) already closed.
    let path = r"C:\h9b.bin";
    let f = new_file(&mut w, path, &pattern(4096), SHARE_RW);
    let s = mapping(&mut w, f, PAGE_READWRITE, 0);
    close(&mut w, f);
    assert_eq!(w.DeleteFileW(Some(path)), FALSE);
    assert_eq!(w.GetLastError(), ERROR_ACCESS_DENIED);
    close(&mut w, s);
    assert_eq!(w.DeleteFileW(Some(path)), TRUE);
    check(w.system());
    assert!(!w.system().file_exists(0, path));

    // The file handle open with FILE_SHARE_DELETE and a view.
    let path = r"C:\h9c.bin";
    let f = new_file(&mut w, path, &pattern(4096), SHARE_ALL);
    let s = mapping(&mut w, f, PAGE_READWRITE, 0);
    let v = map(&mut w, s, FILE_MAP_WRITE);
    assert_eq!(w.DeleteFileW(Some(path)), FALSE);
    assert_eq!(w.GetLastError(), ERROR_ACCESS_DENIED);
    check(w.system());
    poke(&mut w, v, b"D");
    assert_eq!(read_at(&mut w, f, 0, 1), b"D");
    unmap(&mut w, v);
    close(&mut w, s);
    close(&mut w, f);

    // Opening with FILE_FLAG_DELETE_ON_CLOSE over a data section is allowed (only image
    // sections refuse it: H10). Wine 8 probe `ro_section_delete_on_close_open`;
    // `test_file_sharing`.
    let f = new_file(&mut w, path, &pattern(4096), SHARE_ALL);
    let s = mapping(&mut w, f, PAGE_READONLY, 0);
    assert_ne!(s, 0);
    let h = w.CreateFileW(
        Some(path),
        GENERIC_READ,
        SHARE_ALL,
        None,
        OPEN_EXISTING,
        FILE_FLAG_DELETE_ON_CLOSE,
        0,
    );
    assert_ne!(h, INVALID_HANDLE_VALUE, "{}", w.GetLastError());
    check(w.system());
}

/// H9 (flag) — delete-pending: DeleteFile with other handles open (all sharing delete)
/// succeeds; the name stays but opening it is ERROR_ACCESS_DENIED; it goes with the last
/// handle. An open handle without FILE_SHARE_DELETE makes DeleteFile ERROR_SHARING_VIOLATION.
/// Source: DeleteFile doc ("marks a file for deletion on close ... Subsequent calls to
/// CreateFile to open the file fail with ERROR_ACCESS_DENIED"; "FILE_SHARE_DELETE must have
/// been specified"); MS docs "Closing and Deleting Files". winsection follows these docs'
/// classic semantics; Windows 10 1809+ on NTFS may use POSIX delete (name gone at once;
/// catalog H9 flag).
#[test]
fn h9_delete_pending_until_last_handle_closes() {
    let (mut sys, pids) = machine(&["a", "b"]);
    let (a, b) = (pids[0], pids[1]);
    let path = r"C:\pending.bin";
    let f = new_file(&mut sys.win32(a), path, &pattern(100), SHARE_ALL);
    let g = open(
        &mut sys.win32(b),
        path,
        GENERIC_READ,
        SHARE_ALL,
        OPEN_EXISTING,
    );
    assert_ne!(g, INVALID_HANDLE_VALUE);
    check(&sys);
    let mut w = sys.win32(a);
    assert_eq!(w.DeleteFileW(Some(path)), TRUE);
    check(w.system());
    assert!(w.system().file_exists(0, path));
    let h = open(&mut w, path, GENERIC_READ, SHARE_ALL, OPEN_EXISTING);
    assert_eq!(
        (h, w.GetLastError()),
        (INVALID_HANDLE_VALUE, ERROR_ACCESS_DENIED)
    );
    assert_eq!(w.DeleteFileW(Some(path)), FALSE);
    assert_eq!(w.GetLastError(), ERROR_ACCESS_DENIED);
    // The open handles keep working.
    assert_eq!(read_at(&mut w, f, 0, 3), b"abc");
    close(&mut w, f);
    assert!(sys.file_exists(0, path));
    let mut w = sys.win32(b);
    close(&mut w, g);
    assert!(!w.system().file_exists(0, path));
    let h = open(&mut w, path, GENERIC_READ, SHARE_ALL, OPEN_EXISTING);
    assert_eq!(
        (h, w.GetLastError()),
        (INVALID_HANDLE_VALUE, ERROR_FILE_NOT_FOUND)
    );

    // A handle without FILE_SHARE_DELETE.
    let f = new_file(&mut w, path, &pattern(100), SHARE_RW);
    assert_eq!(w.DeleteFileW(Some(path)), FALSE);
    assert_eq!(w.GetLastError(), ERROR_SHARING_VIOLATION);
    close(&mut w, f);
    assert_eq!(w.DeleteFileW(Some(path)), TRUE);
    check(w.system());
    assert!(!w.system().file_exists(0, path));
}

/// H10 — an image section makes DeleteFile and FILE_FLAG_DELETE_ON_CLOSE opens
/// ERROR_ACCESS_DENIED (STATUS_CANNOT_DELETE), also while only a view is left; once the
/// section is gone DeleteFile works. Source: Wine 8 probe `image_section_deletefile`,
/// `image_section_delete_on_close`, `image_section_closed_deletefile`; wine tests `file.c
/// test_DeleteFileA`, `test_file_sharing`; MS docs `MmFlushImageSection`.
#[test]
fn h10_image_section_blocks_delete() {
    let (mut sys, pids) = machine(&["a"]);
    let mut w = sys.win32(pids[0]);
    let path = r"C:\h10.exe";
    let s = image_section(&mut w, path);
    assert_eq!(w.DeleteFileW(Some(path)), FALSE);
    assert_eq!(w.GetLastError(), ERROR_ACCESS_DENIED);
    let h = w.CreateFileW(
        Some(path),
        GENERIC_READ,
        SHARE_ALL,
        None,
        OPEN_EXISTING,
        FILE_FLAG_DELETE_ON_CLOSE,
        0,
    );
    assert_eq!(
        (h, w.GetLastError()),
        (INVALID_HANDLE_VALUE, ERROR_ACCESS_DENIED)
    );
    check(w.system());
    let v = map(&mut w, s, FILE_MAP_READ);
    close(&mut w, s);
    assert_eq!(w.DeleteFileW(Some(path)), FALSE);
    assert_eq!(w.GetLastError(), ERROR_ACCESS_DENIED);
    unmap(&mut w, v);
    assert_eq!(w.DeleteFileW(Some(path)), TRUE);
    check(w.system());
    assert!(!w.system().file_exists(0, path));
}

/// H10 after the share modes — a delete-on-close open that both conflicts with an open handle
/// (no FILE_SHARE_DELETE, while the open asks DELETE) and meets an image section is
/// ERROR_SHARING_VIOLATION: the file system checks share access before it asks
/// MmFlushImageSection (FastFAT `FatOpenExistingFcb`, Windows-driver-samples
/// filesys/fastfat/create.c: IoCheckShareAccess, then `MmFlushImageSection(...,
/// MmFlushForWrite)` → STATUS_CANNOT_DELETE for DeleteOnClose). Found by the `ops` fuzz target
/// (the model said 32, the engine 5).
#[test]
fn h10_share_modes_are_checked_before_the_image_section() {
    let (mut sys, pids) = machine(&["a"]);
    let mut w = sys.win32(pids[0]);
    let path = r"C:\h10s.exe";
    let s = image_section(&mut w, path);
    let reader = open(&mut w, path, GENERIC_READ, FILE_SHARE_READ, OPEN_EXISTING);
    assert_ne!(reader, INVALID_HANDLE_VALUE, "{}", w.GetLastError());
    let delete_on_close = |w: &mut Win32<'_>| {
        let h = w.CreateFileW(
            Some(path),
            GENERIC_READ,
            SHARE_ALL,
            None,
            OPEN_EXISTING,
            FILE_FLAG_DELETE_ON_CLOSE,
            0,
        );
        (h, w.GetLastError())
    };
    assert_eq!(
        delete_on_close(&mut w),
        (INVALID_HANDLE_VALUE, ERROR_SHARING_VIOLATION)
    );
    // Without the conflicting handle the image section answers (H10).
    close(&mut w, reader);
    assert_eq!(
        delete_on_close(&mut w),
        (INVALID_HANDLE_VALUE, ERROR_ACCESS_DENIED)
    );
    close(&mut w, s);
    check(w.system());
    assert!(w.system().file_exists(0, path));
}

/// H11 — MoveFile of a file with only a view left works and the view keeps working on the
/// renamed file; a source handle lacking FILE_SHARE_DELETE makes it ERROR_SHARING_VIOLATION.
/// Source: Wine 8 oracle `movefile_mapped`; wine tests `file.c test_MoveFileA`; MoveFileW doc.
#[test]
fn h11_movefile_of_mapped_file() {
    let (mut sys, pids) = machine(&["a"]);
    let mut w = sys.win32(pids[0]);
    let (from, to) = (r"C:\h11.bin", r"C:\moved.bin");
    let f = new_file(&mut w, from, &pattern(4096), SHARE_ALL);
    let s = mapping(&mut w, f, PAGE_READWRITE, 0);
    let v = map(&mut w, s, FILE_MAP_WRITE);
    close(&mut w, s);
    close(&mut w, f);
    w.SetLastError(0xDEAD_BEEF);
    assert_eq!(w.MoveFileW(Some(from), Some(to)), TRUE);
    assert_eq!(w.GetLastError(), 0xDEAD_BEEF);
    check(w.system());
    assert!(!w.system().file_exists(0, from));
    assert!(w.system().file_exists(0, to));
    poke(&mut w, v, b"MOVED");
    let g = open(&mut w, to, GENERIC_READ, SHARE_RW, OPEN_EXISTING);
    assert_ne!(g, INVALID_HANDLE_VALUE);
    assert_eq!(read_at(&mut w, g, 0, 5), b"MOVED");
    close(&mut w, g);
    unmap(&mut w, v);

    let f = new_file(&mut w, from, &pattern(4096), SHARE_RW);
    let s = mapping(&mut w, f, PAGE_READWRITE, 0);
    assert_ne!(s, 0);
    assert_eq!(w.MoveFileW(Some(from), Some(r"C:\other.bin")), FALSE);
    assert_eq!(w.GetLastError(), ERROR_SHARING_VIOLATION);
    check(w.system());
    assert!(w.system().file_exists(0, from));
}

/// H12 — byte-range locks do not apply to views: with the range locked the view writes into
/// it, and the locker's ReadFile sees the byte; ReadFile/WriteFile through a second handle are
/// ERROR_LOCK_VIOLATION (Windows; Wine does not enforce it). UnlockFile of a range that is not
/// locked (or not by this handle) is ERROR_NOT_LOCKED. Source: LockFileEx doc, Remarks; Wine 8
/// probe `lockfile_with_view`, `view_write_into_locked_range`, `readfile_locker_sees_view_write`
/// (and, where Windows differs, `readfile_other_handle_locked_range`,
/// `writefile_other_handle_locked_range`); `error.c` (FILE_LOCK_CONFLICT -> 33).
#[test]
fn h12_locks_do_not_apply_to_views() {
    let (mut sys, pids) = machine(&["a"]);
    let mut w = sys.win32(pids[0]);
    let path = r"C:\h12.bin";
    let f = new_file(&mut w, path, &pattern(8192), SHARE_RW);
    let s = mapping(&mut w, f, PAGE_READWRITE, 0);
    let v = map(&mut w, s, FILE_MAP_WRITE);
    w.SetLastError(0xDEAD_BEEF);
    assert_eq!(w.LockFile(f, 0, 0, 4096, 0), TRUE);
    assert_eq!(w.GetLastError(), 0xDEAD_BEEF);
    check(w.system());
    poke(&mut w, v + 10, b"L");
    assert_eq!(read_at(&mut w, f, 10, 1), b"L");
    let g = open(&mut w, path, RW, SHARE_RW, OPEN_EXISTING);
    assert_ne!(g, INVALID_HANDLE_VALUE);
    let mut buf = [0u8; 16];
    let mut n = 99;
    seek(&mut w, g, 0);
    assert_eq!(w.ReadFile(g, &mut buf, 16, Some(&mut n)), FALSE);
    assert_eq!((w.GetLastError(), n), (ERROR_LOCK_VIOLATION, 0));
    assert_eq!(w.WriteFile(g, b"x", 1, None), FALSE);
    assert_eq!(w.GetLastError(), ERROR_LOCK_VIOLATION);
    check(w.system());
    assert_eq!(peek(&mut w, v, 1), b"a");
    // Outside the locked range the second handle works.
    assert_eq!(read_at(&mut w, g, 4096, 2), &pattern(4098)[4096..]);
    // A conflicting lock through the second handle.
    assert_eq!(w.LockFile(g, 100, 0, 10, 0), FALSE);
    assert_eq!(w.GetLastError(), ERROR_LOCK_VIOLATION);
    // Unlocking what is not locked.
    assert_eq!(w.UnlockFile(f, 100, 0, 10, 0), FALSE);
    assert_eq!(w.GetLastError(), ERROR_NOT_LOCKED);
    assert_eq!(w.UnlockFile(g, 0, 0, 4096, 0), FALSE);
    assert_eq!(w.GetLastError(), ERROR_NOT_LOCKED);
    assert_eq!(w.UnlockFile(f, 0, 0, 4096, 0), TRUE);
    check(w.system());
    assert_eq!(read_at(&mut w, g, 10, 1), b"L");
    assert_eq!(w.UnlockFile(f, 0, 0, 4096, 0), FALSE);
    assert_eq!(w.GetLastError(), ERROR_NOT_LOCKED);
    // A shared lock denies everyone write access, its owner too, but not reading; the view
    // still writes.
    assert_eq!(w.LockFileEx(f, 0, 0, 100, 0, 8000), TRUE);
    check(w.system());
    assert_eq!(read_at(&mut w, g, 8000, 2), &pattern(8002)[8000..]);
    seek(&mut w, f, 8010);
    assert_eq!(w.WriteFile(f, b"x", 1, None), FALSE);
    assert_eq!(w.GetLastError(), ERROR_LOCK_VIOLATION);
    seek(&mut w, g, 8010);
    assert_eq!(w.WriteFile(g, b"x", 1, None), FALSE);
    assert_eq!(w.GetLastError(), ERROR_LOCK_VIOLATION);
    poke(&mut w, v + 8010, b"v");
    assert_eq!(read_at(&mut w, g, 8010, 1), b"v");
    assert_eq!(
        w.LockFileEx(g, 0, 0, 10, 0, 8050),
        TRUE,
        "shared locks overlap"
    );
    assert_eq!(
        w.LockFileEx(
            g,
            LOCKFILE_EXCLUSIVE_LOCK | LOCKFILE_FAIL_IMMEDIATELY,
            0,
            10,
            0,
            8050
        ),
        FALSE
    );
    assert_eq!(w.GetLastError(), ERROR_LOCK_VIOLATION);
    // Closing the handle releases its locks.
    close(&mut w, f);
    assert_eq!(w.UnlockFileEx(g, 0, 10, 0, 8050), TRUE);
    write_at(&mut w, g, 8010, b"w");
    check(w.system());
}

/// H13 — views of one file are coherent: two views of one section, a view at an offset, a
/// second section over the same file, and a view in another process. Source:
/// CreateFileMappingW doc (coherency paragraph); Wine 8 oracle `two_views_coherent`,
/// `two_sections_same_file_coherent`.
#[test]
fn h13_views_of_one_file_are_coherent() {
    let (mut sys, pids) = machine(&["a", "b"]);
    let (a, b) = (pids[0], pids[1]);
    let path = r"C:\h13.bin";
    let mut w = sys.win32(a);
    let f = new_file(&mut w, path, &pattern(0x20000), SHARE_RW);
    let s1 = mapping(&mut w, f, PAGE_READWRITE, 0);
    let v1 = map(&mut w, s1, FILE_MAP_WRITE);
    let v2 = map(&mut w, s1, FILE_MAP_READ);
    assert_ne!(v1, v2);
    let v3 = w.MapViewOfFile(s1, FILE_MAP_READ, 0, 0x10000, 0x10000);
    assert_ne!(v3, 0);
    let g = open(&mut w, path, GENERIC_READ, SHARE_RW, OPEN_EXISTING);
    let s2 = mapping(&mut w, g, PAGE_READONLY, 0);
    assert_ne!(s2, 0);
    let v4 = map(&mut w, s2, FILE_MAP_READ);
    let mut w = sys.win32(b);
    let h = open(&mut w, path, RW, SHARE_RW, OPEN_EXISTING);
    let s5 = mapping(&mut w, h, PAGE_READWRITE, 0);
    let v5 = map(&mut w, s5, FILE_MAP_WRITE);

    let mut w = sys.win32(a);
    poke(&mut w, v1 + 0x10010, b"X");
    assert_eq!(peek(&mut w, v2 + 0x10010, 1), b"X");
    assert_eq!(peek(&mut w, v3 + 0x10, 1), b"X");
    assert_eq!(peek(&mut w, v4 + 0x10010, 1), b"X");
    let mut w = sys.win32(b);
    assert_eq!(peek(&mut w, v5 + 0x10010, 1), b"X");
    poke(&mut w, v5 + 5, b"Y");
    let mut w = sys.win32(a);
    assert_eq!(peek(&mut w, v1 + 5, 1), b"Y");
    assert_eq!(peek(&mut w, v4 + 5, 1), b"Y");
}

/// H14 — cached ReadFile/WriteFile are coherent with views (NTFS shares the cache pages; the
/// doc only says "not necessarily"). Source: Wine 8 oracle `view_write_then_readfile`,
/// `writefile_then_view`; CreateFileMappingW doc.
#[test]
fn h14_cached_io_is_coherent_with_views() {
    let (mut sys, pids) = machine(&["a", "b"]);
    let (a, b) = (pids[0], pids[1]);
    let path = r"C:\h14.bin";
    let mut w = sys.win32(a);
    let f = new_file(&mut w, path, &pattern(8192), SHARE_RW);
    let s = mapping(&mut w, f, PAGE_READWRITE, 0);
    let v = map(&mut w, s, FILE_MAP_WRITE);
    poke(&mut w, v + 100, b"view");
    assert_eq!(read_at(&mut w, f, 100, 4), b"view");
    write_at(&mut w, f, 6000, b"file");
    assert_eq!(peek(&mut w, v + 6000, 4), b"file");
    // Another process's handle too.
    let mut w = sys.win32(b);
    let g = open(&mut w, path, RW, SHARE_RW, OPEN_EXISTING);
    assert_eq!(read_at(&mut w, g, 100, 4), b"view");
    write_at(&mut w, g, 7000, b"other");
    let mut w = sys.win32(a);
    assert_eq!(peek(&mut w, v + 7000, 5), b"other");
}

/// H15 — FILE_FLAG_NO_BUFFERING: a section may be made over such a handle; unaligned offsets
/// or lengths are ERROR_INVALID_PARAMETER; aligned I/O goes to the disk image — winsection's
/// documented choice (`System::write_file`/`read_file`, catalog H15 flag: NT cannot purge
/// pages a view holds, so the view shows stale data until FlushViewOfFile drops its clean
/// copy; Wine stays coherent, probe `nobuffering_writefile_then_view`). Source: CreateFileW doc
/// "File Buffering"; Wine 8 probe `nobuffering_create_section`.
#[test]
fn h15_no_buffering_io_goes_to_disk() {
    let (mut sys, pids) = machine(&["a"]);
    let mut w = sys.win32(pids[0]);
    let path = r"C:\h15.bin";
    let f = new_file(&mut w, path, &vec![b'a'; 8192], SHARE_RW);
    assert_eq!(w.FlushFileBuffers(f), TRUE);
    check(w.system());
    let nb = w.CreateFileW(
        Some(path),
        RW,
        SHARE_RW,
        None,
        OPEN_EXISTING,
        FILE_FLAG_NO_BUFFERING,
        0,
    );
    assert_ne!(nb, INVALID_HANDLE_VALUE);
    // Unaligned length, unaligned offset.
    seek(&mut w, nb, 0);
    assert_eq!(w.WriteFile(nb, &[b'N'; 100], 100, None), FALSE);
    assert_eq!(w.GetLastError(), ERROR_INVALID_PARAMETER);
    let mut buf = vec![0u8; 512];
    assert_eq!(w.ReadFile(nb, &mut buf, 100, None), FALSE);
    assert_eq!(w.GetLastError(), ERROR_INVALID_PARAMETER);
    seek(&mut w, nb, 100);
    assert_eq!(w.WriteFile(nb, &[b'N'; 512], 512, None), FALSE);
    assert_eq!(w.GetLastError(), ERROR_INVALID_PARAMETER);
    assert_eq!(w.ReadFile(nb, &mut buf, 512, None), FALSE);
    assert_eq!(w.GetLastError(), ERROR_INVALID_PARAMETER);
    check(w.system());

    let s = mapping(&mut w, nb, PAGE_READWRITE, 0);
    assert_ne!(
        s,
        0,
        "section over a NO_BUFFERING handle: {}",
        w.GetLastError()
    );
    let v = map(&mut w, s, FILE_MAP_WRITE);
    assert_eq!(peek(&mut w, v, 1), b"a");
    write_at(&mut w, nb, 0, &[b'N'; 512]);
    let disk = w.system().disk_contents(0, path).unwrap();
    assert_eq!(&disk[..512], &[b'N'; 512][..]);
    assert_eq!(disk[512], b'a');
    assert_eq!(peek(&mut w, v, 1), b"a", "the view keeps its cached page");
    assert_eq!(w.FlushViewOfFile(v, 0), TRUE);
    check(w.system());
    assert_eq!(peek(&mut w, v, 1), b"N");

    // A view write is not seen by a non-cached read until flushed.
    poke(&mut w, v + 4096, b"V");
    assert_eq!(read_at(&mut w, nb, 4096, 512)[0], b'a');
    assert_eq!(
        read_at(&mut w, f, 4096, 1),
        b"V",
        "cached reads share the view's page"
    );
    assert_eq!(w.FlushViewOfFile(v + 4096, 1), TRUE);
    check(w.system());
    assert_eq!(read_at(&mut w, nb, 4096, 512)[0], b'V');
    assert_eq!(w.system().disk_contents(0, path).unwrap()[4096], b'V');
}

/// H16 — remote files are not coherent between machines: clients on two hosts mapping
/// `\\srv\share\f.bin` each see only their own write to a page (processes on one host stay
/// coherent), nothing reaches the server's disk until a flush, and the later
/// FlushViewOfFile wins the whole page. winsection: remote files are cached per host
/// (`io/cache.rs`). Source: CreateFileMappingW doc (the remote-files exception);
/// FlushViewOfFile doc.
#[test]
fn h16_remote_views_are_not_coherent() {
    let mut sys = System::new();
    let srv = sys.add_host("srv", None).unwrap();
    let c1 = sys.add_host("client1", None).unwrap();
    let c2 = sys.add_host("client2", None).unwrap();
    let a = sys
        .spawn(ProcessSpec {
            host: c1,
            ..ProcessSpec::named("a")
        })
        .unwrap();
    let a2 = sys
        .spawn(ProcessSpec {
            host: c1,
            ..ProcessSpec::named("a2")
        })
        .unwrap();
    let b = sys
        .spawn(ProcessSpec {
            host: c2,
            ..ProcessSpec::named("b")
        })
        .unwrap();
    check(&sys);
    let path = r"\\srv\share\f.bin";
    let mut w = sys.win32(a);
    let fa = new_file(&mut w, path, &vec![b'0'; 8192], SHARE_RW);
    assert_eq!(w.FlushFileBuffers(fa), TRUE);
    let sa = mapping(&mut w, fa, PAGE_READWRITE, 0);
    assert_ne!(sa, 0);
    let va = map(&mut w, sa, FILE_MAP_WRITE);
    let mut w = sys.win32(a2);
    let fa2 = open(&mut w, path, RW, SHARE_RW, OPEN_EXISTING);
    assert_ne!(fa2, INVALID_HANDLE_VALUE);
    let sa2 = mapping(&mut w, fa2, PAGE_READWRITE, 0);
    let va2 = map(&mut w, sa2, FILE_MAP_WRITE);
    let mut w = sys.win32(b);
    let fb = open(&mut w, path, RW, SHARE_RW, OPEN_EXISTING);
    assert_ne!(fb, INVALID_HANDLE_VALUE);
    let sb = mapping(&mut w, fb, PAGE_READWRITE, 0);
    let vb = map(&mut w, sb, FILE_MAP_WRITE);

    poke(&mut sys.win32(a), va, b"A");
    poke(&mut sys.win32(b), vb + 1, b"B");
    assert_eq!(peek(&mut sys.win32(a), va, 2), b"A0");
    assert_eq!(
        peek(&mut sys.win32(a2), va2, 2),
        b"A0",
        "same host: coherent"
    );
    assert_eq!(peek(&mut sys.win32(b), vb, 2), b"0B");
    assert_eq!(read_at(&mut sys.win32(b), fb, 0, 2), b"0B");
    assert_eq!(&sys.disk_contents(srv, path).unwrap()[..2], b"00");

    assert_eq!(sys.win32(a).FlushViewOfFile(va, 0), TRUE);
    check(&sys);
    assert_eq!(&sys.disk_contents(srv, path).unwrap()[..2], b"A0");
    assert_eq!(
        peek(&mut sys.win32(b), vb, 2),
        b"0B",
        "b still sees only its own write"
    );
    assert_eq!(sys.win32(b).FlushViewOfFile(vb, 0), TRUE);
    check(&sys);
    assert_eq!(
        &sys.disk_contents(srv, path).unwrap()[..2],
        b"0B",
        "the later flush wins the whole page"
    );
}

/// H17 — FlushViewOfFile succeeds for the whole view (size 0) and for any interior range, and
/// writes the view's pages to the file (the disk image). Only the success cases are tested
/// (the failure codes are uncertain, catalog H17 flag). Source: FlushViewOfFile doc; Wine 8
/// oracle `flushviewoffile`; Wine 8 probe `flushview_interior_range`.
#[test]
fn h17_flushviewoffile_writes_pages() {
    let (mut sys, pids) = machine(&["a"]);
    let mut w = sys.win32(pids[0]);
    let path = r"C:\h17.bin";
    let f = new_file(&mut w, path, &vec![b'.'; 8192], SHARE_RW);
    assert_eq!(w.FlushFileBuffers(f), TRUE);
    let s = mapping(&mut w, f, PAGE_READWRITE, 0);
    let v = map(&mut w, s, FILE_MAP_WRITE);
    poke(&mut w, v + 100, b"Q");
    assert_eq!(w.system().disk_contents(0, path).unwrap()[100], b'.');
    w.SetLastError(0xDEAD_BEEF);
    assert_eq!(w.FlushViewOfFile(v + 100, 10), TRUE);
    assert_eq!(w.GetLastError(), 0xDEAD_BEEF);
    check(w.system());
    assert_eq!(w.system().disk_contents(0, path).unwrap()[100], b'Q');
    poke(&mut w, v + 5000, b"R");
    assert_eq!(w.FlushViewOfFile(v, 0), TRUE);
    check(w.system());
    let disk = w.system().disk_contents(0, path).unwrap();
    assert_eq!((disk.len(), disk[5000]), (8192, b'R'));
    // A read-only view flushes too.
    let r = map(&mut w, s, FILE_MAP_READ);
    assert_eq!(w.FlushViewOfFile(r, 0), TRUE);
    assert_eq!(w.FlushViewOfFile(r + 4096, 4096), TRUE);
    check(w.system());
    // FlushFileBuffers writes view-dirtied pages too (winsection: one cache per host).
    poke(&mut w, v + 7000, b"S");
    assert_eq!(w.FlushFileBuffers(f), TRUE);
    check(w.system());
    assert_eq!(w.system().disk_contents(0, path).unwrap()[7000], b'S');
}

/// H18 — growth by CreateFileMapping is visible to every handle at once and the grown region
/// reads as zero through ReadFile and views. Source: Wine 8 oracle `file_grow_rw_100_to_64k`,
/// `file_grow_rw_view`; CreateFileMappingW doc, Remarks.
#[test]
fn h18_growth_is_visible_to_every_handle() {
    let (mut sys, pids) = machine(&["a", "b"]);
    let (a, b) = (pids[0], pids[1]);
    let path = r"C:\h18.bin";
    let f = new_file(&mut sys.win32(a), path, &pattern(100), SHARE_RW);
    let g = open(
        &mut sys.win32(b),
        path,
        GENERIC_READ,
        SHARE_RW,
        OPEN_EXISTING,
    );
    assert_ne!(g, INVALID_HANDLE_VALUE);
    assert_eq!(file_size(&mut sys.win32(b), g), 100);
    let mut w = sys.win32(a);
    let s = mapping(&mut w, f, PAGE_READWRITE, K64);
    assert_ne!(s, 0);
    let v = map(&mut w, s, FILE_MAP_READ);
    let mut w = sys.win32(b);
    assert_eq!(file_size(&mut w, g), 65536);
    assert_eq!(w.GetFileSize(g, None), 65536);
    let tail = read_at(&mut w, g, 100, 65536);
    assert_eq!(tail.len(), 65436);
    assert!(tail.iter().all(|x| *x == 0));
    assert_eq!(read_at(&mut w, g, 0, 100), pattern(100));
    let mut w = sys.win32(a);
    assert!(peek(&mut w, v + 100, 65436).iter().all(|x| *x == 0));
}

/// H19 — writes through a view need not update the last-write time. winsection keeps no file
/// times, so the observable part is that a view write changes the data but not the size.
/// Source: CreateFileMappingW doc ("the last modification timestamp may not be updated
/// automatically").
#[test]
fn h19_view_write_changes_data_not_metadata() {
    let (mut sys, pids) = machine(&["a"]);
    let mut w = sys.win32(pids[0]);
    let f = new_file(&mut w, r"C:\h19.bin", &pattern(5000), SHARE_RW);
    let s = mapping(&mut w, f, PAGE_READWRITE, 0);
    let v = map(&mut w, s, FILE_MAP_WRITE);
    poke(&mut w, v + 4999, b"!");
    assert_eq!(file_size(&mut w, f), 5000);
    assert_eq!(read_at(&mut w, f, 4999, 10), b"!");
}

// ------------------------------------------------------------------------------------------
// Power loss
// ------------------------------------------------------------------------------------------

/// Power loss (winsection's `System::crash`, its documented model): the host's processes exit,
/// its unflushed pages are lost (view writes and WriteFile alike), flushed pages survive, and
/// file sizes survive (metadata is journaled), so an unflushed extension reads as zeros.
/// Processes on other hosts run on. Source: FlushViewOfFile / FlushFileBuffers docs
/// (flushing is what makes data durable); catalog H17.
#[test]
fn power_loss_drops_unflushed_pages() {
    let (mut sys, pids) = machine(&["a"]);
    let a = pids[0];
    let other = sys.add_host("other", None).unwrap();
    let o = sys
        .spawn(ProcessSpec {
            host: other,
            ..ProcessSpec::named("o")
        })
        .unwrap();
    check(&sys);
    let path = r"C:\crash.bin";
    let mut w = sys.win32(a);
    let f = new_file(&mut w, path, &vec![b'a'; 12288], SHARE_RW);
    assert_eq!(w.FlushFileBuffers(f), TRUE);
    let s = mapping(&mut w, f, PAGE_READWRITE, 0);
    let v = map(&mut w, s, FILE_MAP_WRITE);
    poke(&mut w, v, b"F");
    assert_eq!(w.FlushViewOfFile(v, 4096), TRUE);
    poke(&mut w, v + 4096, b"U");
    write_at(&mut w, f, 12288, &[b'W'; 100]);
    assert_eq!(file_size(&mut w, f), 12388);
    // FILE_FLAG_WRITE_THROUGH writes reach the disk at once (CreateFileW doc, "Caching
    // Behavior"); another page than the view's unflushed one (write-through writes the
    // whole cached page).
    let wt = w.CreateFileW(
        Some(path),
        RW,
        SHARE_RW,
        None,
        OPEN_EXISTING,
        FILE_FLAG_WRITE_THROUGH,
        0,
    );
    assert_ne!(wt, INVALID_HANDLE_VALUE);
    write_at(&mut w, wt, 9000, b"T");

    sys.crash(0).unwrap();
    check(&sys);
    assert!(!sys.is_running(a));
    assert!(sys.exit_code(a).is_some());
    assert!(sys.is_running(o));
    let disk = sys.disk_contents(0, path).unwrap();
    assert_eq!(disk.len(), 12388);
    assert_eq!(disk[0], b'F');
    assert_eq!(disk[4096], b'a');
    assert_eq!(disk[9000], b'T');
    assert!(disk[12288..].iter().all(|x| *x == 0));

    let c = sys.spawn(ProcessSpec::named("c")).unwrap();
    check(&sys);
    let mut w = sys.win32(c);
    let g = open(&mut w, path, RW, SHARE_RW, OPEN_EXISTING);
    assert_ne!(g, INVALID_HANDLE_VALUE, "{}", w.GetLastError());
    assert_eq!(file_size(&mut w, g), 12388);
    assert_eq!(read_at(&mut w, g, 0, 1), b"F");
    assert_eq!(read_at(&mut w, g, 4096, 1), b"a");
    assert_eq!(read_at(&mut w, g, 9000, 1), b"T");
    assert_eq!(read_at(&mut w, g, 12288, 100), vec![0; 100]);
    // Nothing of the dead process holds the file any more.
    assert_eq!(set_size(&mut w, g, 0), TRUE);
}

// ------------------------------------------------------------------------------------------
// File-system basics
// ------------------------------------------------------------------------------------------

/// CreateFileW dispositions: CREATE_NEW on an existing file -> ERROR_FILE_EXISTS; OPEN_EXISTING
/// / TRUNCATE_EXISTING on a missing one -> ERROR_FILE_NOT_FOUND; a missing directory ->
/// ERROR_PATH_NOT_FOUND; OPEN_ALWAYS / CREATE_ALWAYS set ERROR_ALREADY_EXISTS when the file
/// existed (CREATE_ALWAYS truncates it) and 0 when they created it; TRUNCATE_EXISTING needs
/// GENERIC_WRITE (ERROR_INVALID_PARAMETER). Source: CreateFileW doc (dwCreationDisposition);
/// MS docs "Creating and Opening Files".
#[test]
fn createfile_dispositions() {
    let (mut sys, pids) = machine(&["a"]);
    let mut w = sys.win32(pids[0]);
    let path = r"C:\disp.bin";
    let h = open(&mut w, path, RW, SHARE_ALL, OPEN_EXISTING);
    assert_eq!(
        (h, w.GetLastError()),
        (INVALID_HANDLE_VALUE, ERROR_FILE_NOT_FOUND)
    );
    let h = open(&mut w, path, RW, SHARE_ALL, TRUNCATE_EXISTING);
    assert_eq!(
        (h, w.GetLastError()),
        (INVALID_HANDLE_VALUE, ERROR_FILE_NOT_FOUND)
    );
    let h = open(&mut w, r"C:\nodir\x.bin", RW, SHARE_ALL, CREATE_ALWAYS);
    assert_eq!(
        (h, w.GetLastError()),
        (INVALID_HANDLE_VALUE, ERROR_PATH_NOT_FOUND)
    );
    let h = open(&mut w, r"C:\nodir\x.bin", RW, SHARE_ALL, OPEN_EXISTING);
    assert_eq!(
        (h, w.GetLastError()),
        (INVALID_HANDLE_VALUE, ERROR_PATH_NOT_FOUND)
    );
    check(w.system());

    w.SetLastError(0xDEAD_BEEF);
    let h = open(&mut w, path, RW, SHARE_ALL, CREATE_NEW);
    assert_ne!(h, INVALID_HANDLE_VALUE);
    assert_eq!(w.GetLastError(), ERROR_SUCCESS);
    write_at(&mut w, h, 0, b"hello");
    close(&mut w, h);
    let h = open(&mut w, path, RW, SHARE_ALL, CREATE_NEW);
    assert_eq!(
        (h, w.GetLastError()),
        (INVALID_HANDLE_VALUE, ERROR_FILE_EXISTS)
    );

    let h = open(&mut w, path, RW, SHARE_ALL, OPEN_ALWAYS);
    assert_ne!(h, INVALID_HANDLE_VALUE);
    assert_eq!(w.GetLastError(), ERROR_ALREADY_EXISTS);
    assert_eq!(file_size(&mut w, h), 5);
    close(&mut w, h);
    w.SetLastError(0xDEAD_BEEF);
    let h = open(&mut w, path, RW, SHARE_ALL, OPEN_EXISTING);
    assert_ne!(h, INVALID_HANDLE_VALUE);
    assert_eq!(w.GetLastError(), ERROR_SUCCESS);
    close(&mut w, h);
    let h = open(&mut w, path, RW, SHARE_ALL, CREATE_ALWAYS);
    assert_ne!(h, INVALID_HANDLE_VALUE);
    assert_eq!(w.GetLastError(), ERROR_ALREADY_EXISTS);
    assert_eq!(file_size(&mut w, h), 0);
    write_at(&mut w, h, 0, b"again");
    close(&mut w, h);

    let h = open(&mut w, path, GENERIC_READ, SHARE_ALL, TRUNCATE_EXISTING);
    assert_eq!(
        (h, w.GetLastError()),
        (INVALID_HANDLE_VALUE, ERROR_INVALID_PARAMETER)
    );
    let h = open(&mut w, path, GENERIC_WRITE, SHARE_ALL, TRUNCATE_EXISTING);
    assert_ne!(h, INVALID_HANDLE_VALUE);
    assert_eq!(file_size(&mut w, h), 0);
    close(&mut w, h);

    w.SetLastError(0xDEAD_BEEF);
    let h = open(&mut w, r"C:\new1.bin", RW, SHARE_ALL, OPEN_ALWAYS);
    assert_ne!(h, INVALID_HANDLE_VALUE);
    assert_eq!(w.GetLastError(), ERROR_SUCCESS);
    w.SetLastError(0xDEAD_BEEF);
    let h = open(&mut w, r"C:\new2.bin", RW, SHARE_ALL, CREATE_ALWAYS);
    assert_ne!(h, INVALID_HANDLE_VALUE);
    assert_eq!(w.GetLastError(), ERROR_SUCCESS);
    check(w.system());
}

/// Paths are case-insensitive (and `/` is a separator): one file under every spelling.
/// Source: MS docs "Naming Files, Paths, and Namespaces" ("case-insensitive").
#[test]
fn createfile_case_insensitive_paths() {
    let (mut sys, pids) = machine(&["a"]);
    let mut w = sys.win32(pids[0]);
    assert_eq!(w.CreateDirectoryW(Some(r"C:\Data"), None), TRUE);
    let f = new_file(&mut w, r"C:\Data\File.BIN", b"mixed", SHARE_RW);
    close(&mut w, f);
    let g = open(
        &mut w,
        r"c:\DATA\file.bin",
        GENERIC_READ,
        SHARE_RW,
        OPEN_EXISTING,
    );
    assert_ne!(g, INVALID_HANDLE_VALUE);
    assert_eq!(read_at(&mut w, g, 0, 10), b"mixed");
    let h = open(
        &mut w,
        "c:/data/FILE.bin",
        GENERIC_READ,
        SHARE_RW,
        OPEN_EXISTING,
    );
    assert_ne!(h, INVALID_HANDLE_VALUE);
    let n = open(&mut w, r"C:\DATA\FILE.BIN", RW, SHARE_RW, CREATE_NEW);
    assert_eq!(
        (n, w.GetLastError()),
        (INVALID_HANDLE_VALUE, ERROR_FILE_EXISTS)
    );
    assert!(w.system().file_exists(0, r"C:\data\file.BIN"));
    check(w.system());
}

/// Share modes: a reader sharing only read keeps writers out (ERROR_SHARING_VIOLATION) but lets
/// readers in; a newcomer must share what existing opens use. Source: MS docs "Creating and
/// Opening Files" (sharing table); CreateFileW doc (dwShareMode).
#[test]
fn sharing_matrix_basics() {
    let (mut sys, pids) = machine(&["a"]);
    let mut w = sys.win32(pids[0]);
    let path = r"C:\share.bin";
    let f = new_file(&mut w, path, b"x", SHARE_ALL);
    close(&mut w, f);
    let r = open(&mut w, path, GENERIC_READ, FILE_SHARE_READ, OPEN_EXISTING);
    assert_ne!(r, INVALID_HANDLE_VALUE);
    let h = open(&mut w, path, GENERIC_WRITE, SHARE_RW, OPEN_EXISTING);
    assert_eq!(
        (h, w.GetLastError()),
        (INVALID_HANDLE_VALUE, ERROR_SHARING_VIOLATION)
    );
    let h = open(&mut w, path, GENERIC_READ, FILE_SHARE_WRITE, OPEN_EXISTING);
    assert_eq!(
        (h, w.GetLastError()),
        (INVALID_HANDLE_VALUE, ERROR_SHARING_VIOLATION)
    );
    let r2 = open(&mut w, path, GENERIC_READ, FILE_SHARE_READ, OPEN_EXISTING);
    assert_ne!(r2, INVALID_HANDLE_VALUE);
    close(&mut w, r);
    close(&mut w, r2);
    let h = open(&mut w, path, GENERIC_WRITE, SHARE_RW, OPEN_EXISTING);
    assert_ne!(h, INVALID_HANDLE_VALUE);
    check(w.system());
}

/// ReadFile needs read access (ERROR_ACCESS_DENIED), WriteFile write access. Source: ReadFile
/// / WriteFile docs; NtReadFile (STATUS_ACCESS_DENIED -> 5).
#[test]
fn readfile_without_read_access_is_access_denied() {
    let (mut sys, pids) = machine(&["a"]);
    let mut w = sys.win32(pids[0]);
    let path = r"C:\acc.bin";
    let f = new_file(&mut w, path, b"data", SHARE_RW);
    let wo = open(&mut w, path, GENERIC_WRITE, SHARE_RW, OPEN_EXISTING);
    let mut buf = [0u8; 4];
    let mut n = 7;
    assert_eq!(w.ReadFile(wo, &mut buf, 4, Some(&mut n)), FALSE);
    assert_eq!((w.GetLastError(), n), (ERROR_ACCESS_DENIED, 0));
    let ro = open(&mut w, path, GENERIC_READ, SHARE_RW, OPEN_EXISTING);
    assert_eq!(w.WriteFile(ro, b"x", 1, None), FALSE);
    assert_eq!(w.GetLastError(), ERROR_ACCESS_DENIED);
    assert_eq!(read_at(&mut w, ro, 0, 4), b"data");
    // Reading at or past the end: TRUE with 0 bytes.
    assert_eq!(read_at(&mut w, f, 4, 4), Vec::<u8>::new());
    assert_eq!(read_at(&mut w, f, 100, 4), Vec::<u8>::new());
    check(w.system());
}

/// SetFilePointer to a negative position fails with ERROR_NEGATIVE_SEEK and leaves the
/// pointer; past the end is allowed. Source: SetFilePointer / SetFilePointerEx docs.
#[test]
fn setfilepointer_negative_is_negative_seek() {
    let (mut sys, pids) = machine(&["a"]);
    let mut w = sys.win32(pids[0]);
    let f = new_file(&mut w, r"C:\seek.bin", b"0123456789", SHARE_RW);
    assert_eq!(w.SetFilePointer(f, 4, None, FILE_BEGIN), 4);
    assert_eq!(
        w.SetFilePointer(f, -5, None, FILE_BEGIN),
        INVALID_SET_FILE_POINTER
    );
    assert_eq!(w.GetLastError(), ERROR_NEGATIVE_SEEK);
    assert_eq!(
        w.SetFilePointer(f, -5, None, FILE_CURRENT),
        INVALID_SET_FILE_POINTER
    );
    assert_eq!(w.GetLastError(), ERROR_NEGATIVE_SEEK);
    assert_eq!(w.SetFilePointerEx(f, -11, None, FILE_END), FALSE);
    assert_eq!(w.GetLastError(), ERROR_NEGATIVE_SEEK);
    assert_eq!(w.SetFilePointer(f, 0, None, FILE_CURRENT), 4);
    assert_eq!(w.SetFilePointer(f, -3, None, FILE_END), 7);
    let mut buf = [0u8; 3];
    assert_eq!(w.ReadFile(f, &mut buf, 3, None), TRUE);
    assert_eq!(&buf, b"789");
    assert_eq!(w.SetFilePointer(f, 100, None, FILE_END), 110);
    assert_eq!(file_size(&mut w, f), 10);
    check(w.system());
}

/// GetFileSize returns the low DWORD and the high one through its pointer; GetFileSizeEx the
/// 64-bit size; a low part of 0xFFFFFFFF sets the last error to 0. Source: GetFileSize /
/// GetFileSizeEx docs.
#[test]
fn getfilesize_and_getfilesizeex() {
    let (mut sys, pids) = machine(&["a"]);
    let mut w = sys.win32(pids[0]);
    let f = new_file(&mut w, r"C:\size.bin", &pattern(100), SHARE_RW);
    let mut high = 9;
    assert_eq!(w.GetFileSize(f, Some(&mut high)), 100);
    assert_eq!(high, 0);
    assert_eq!(file_size(&mut w, f), 100);
    assert_eq!(set_size(&mut w, f, 0x1_0000_0010), TRUE);
    assert_eq!(w.GetFileSize(f, Some(&mut high)), 0x10);
    assert_eq!(high, 1);
    assert_eq!(file_size(&mut w, f), 0x1_0000_0010);
    assert_eq!(set_size(&mut w, f, 0xFFFF_FFFF), TRUE);
    w.SetLastError(0xDEAD_BEEF);
    assert_eq!(w.GetFileSize(f, Some(&mut high)), INVALID_FILE_SIZE);
    assert_eq!((high, w.GetLastError()), (0, ERROR_SUCCESS));
    assert_eq!(w.GetFileSize(0x12340, None), INVALID_FILE_SIZE);
    assert_eq!(w.GetLastError(), ERROR_INVALID_HANDLE);
    let mut size = 0;
    assert_eq!(w.GetFileSizeEx(0x12340, &mut size), FALSE);
    assert_eq!(w.GetLastError(), ERROR_INVALID_HANDLE);
}

/// CreateDirectoryW: an existing name is ERROR_ALREADY_EXISTS, a missing parent
/// ERROR_PATH_NOT_FOUND. Source: CreateDirectoryW doc.
#[test]
fn createdirectory_existing_is_already_exists() {
    let (mut sys, pids) = machine(&["a"]);
    let mut w = sys.win32(pids[0]);
    assert_eq!(w.CreateDirectoryW(Some(r"C:\dir"), None), TRUE);
    check(w.system());
    assert_eq!(w.CreateDirectoryW(Some(r"C:\dir"), None), FALSE);
    assert_eq!(w.GetLastError(), ERROR_ALREADY_EXISTS);
    assert_eq!(w.CreateDirectoryW(Some(r"C:\DIR"), None), FALSE);
    assert_eq!(w.GetLastError(), ERROR_ALREADY_EXISTS);
    assert_eq!(w.CreateDirectoryW(Some(r"C:\missing\sub"), None), FALSE);
    assert_eq!(w.GetLastError(), ERROR_PATH_NOT_FOUND);
    assert_eq!(w.CreateDirectoryW(Some(r"C:\dir\sub"), None), TRUE);
    let f = new_file(&mut w, r"C:\dir\sub\f.bin", b"x", SHARE_RW);
    assert_ne!(f, INVALID_HANDLE_VALUE);
    assert_eq!(w.CreateDirectoryW(Some(r"C:\dir\sub\f.bin"), None), FALSE);
    assert_eq!(w.GetLastError(), ERROR_ALREADY_EXISTS);
    check(w.system());
}

/// MoveFileW renames within a volume; an existing target is ERROR_ALREADY_EXISTS; a missing
/// source ERROR_FILE_NOT_FOUND. A *file* may move to another volume: MoveFileW is
/// MoveFileWithProgressW with MOVEFILE_COPY_ALLOWED (copy, then delete the source). Source:
/// MoveFileW doc ("The new name must not already exist. A new file may be on a different file
/// system or drive. A new directory must be on the same drive."); Wine `kernelbase/file.c
/// MoveFileW`.
#[test]
fn movefile_rename_and_across_volumes() {
    let (mut sys, pids) = machine(&["a"]);
    let mut w = sys.win32(pids[0]);
    let f = new_file(&mut w, r"C:\m1.bin", b"one", SHARE_ALL);
    close(&mut w, f);
    let g = new_file(&mut w, r"C:\m2.bin", b"two", SHARE_ALL);
    close(&mut w, g);
    assert_eq!(w.MoveFileW(Some(r"C:\m1.bin"), Some(r"C:\m2.bin")), FALSE);
    assert_eq!(w.GetLastError(), ERROR_ALREADY_EXISTS);
    assert_eq!(w.MoveFileW(Some(r"C:\none.bin"), Some(r"C:\m3.bin")), FALSE);
    assert_eq!(w.GetLastError(), ERROR_FILE_NOT_FOUND);
    assert_eq!(w.MoveFileW(Some(r"C:\m1.bin"), Some(r"C:\m3.bin")), TRUE);
    check(w.system());
    assert!(!w.system().file_exists(0, r"C:\m1.bin"));
    let h = open(&mut w, r"C:\m3.bin", GENERIC_READ, SHARE_ALL, OPEN_EXISTING);
    assert_eq!(read_at(&mut w, h, 0, 10), b"one");
    close(&mut w, h);

    // Another volume (a share of this host's disk).
    let to = r"\\local\share\m3.bin";
    let r = w.MoveFileW(Some(r"C:\m3.bin"), Some(to));
    let err = w.GetLastError();
    check(w.system());
    assert_eq!(
        (r, err),
        (TRUE, err),
        "MoveFileW across volumes: error {err}"
    );
    assert!(!w.system().file_exists(0, r"C:\m3.bin"));
    let h = open(&mut w, to, GENERIC_READ, SHARE_ALL, OPEN_EXISTING);
    assert_ne!(h, INVALID_HANDLE_VALUE);
    assert_eq!(read_at(&mut w, h, 0, 10), b"one");
}

/// DeleteFileW basics: a missing file is ERROR_FILE_NOT_FOUND, a missing directory
/// ERROR_PATH_NOT_FOUND, a directory ERROR_ACCESS_DENIED; FILE_FLAG_DELETE_ON_CLOSE removes
/// the file with its last handle. Source: DeleteFileW doc; CreateFileW doc
/// (FILE_FLAG_DELETE_ON_CLOSE).
#[test]
fn deletefile_basics() {
    let (mut sys, pids) = machine(&["a"]);
    let mut w = sys.win32(pids[0]);
    assert_eq!(w.DeleteFileW(Some(r"C:\none.bin")), FALSE);
    assert_eq!(w.GetLastError(), ERROR_FILE_NOT_FOUND);
    assert_eq!(w.DeleteFileW(Some(r"C:\nodir\none.bin")), FALSE);
    assert_eq!(w.GetLastError(), ERROR_PATH_NOT_FOUND);
    assert_eq!(w.CreateDirectoryW(Some(r"C:\dir"), None), TRUE);
    assert_eq!(w.DeleteFileW(Some(r"C:\dir")), FALSE);
    assert_eq!(w.GetLastError(), ERROR_ACCESS_DENIED);
    check(w.system());
    let path = r"C:\doc.bin";
    let h = w.CreateFileW(
        Some(path),
        RW,
        SHARE_ALL,
        None,
        CREATE_ALWAYS,
        FILE_FLAG_DELETE_ON_CLOSE,
        0,
    );
    assert_ne!(h, INVALID_HANDLE_VALUE);
    write_at(&mut w, h, 0, b"temp");
    assert!(w.system().file_exists(0, path));
    close(&mut w, h);
    assert!(!w.system().file_exists(0, path));
}

/// SetEndOfFile and FlushFileBuffers need write access (ERROR_ACCESS_DENIED). Source:
/// SetEndOfFile doc ("must be created with the GENERIC_WRITE access right");
/// FlushFileBuffers doc ("must have the GENERIC_WRITE access right").
#[test]
fn setendoffile_and_flush_need_write_access() {
    let (mut sys, pids) = machine(&["a"]);
    let mut w = sys.win32(pids[0]);
    let path = r"C:\wa.bin";
    let f = new_file(&mut w, path, &pattern(100), SHARE_RW);
    let ro = open(&mut w, path, GENERIC_READ, SHARE_RW, OPEN_EXISTING);
    assert_eq!(set_size(&mut w, ro, 10), FALSE);
    assert_eq!(w.GetLastError(), ERROR_ACCESS_DENIED);
    assert_eq!(w.FlushFileBuffers(ro), FALSE);
    assert_eq!(w.GetLastError(), ERROR_ACCESS_DENIED);
    assert_eq!(file_size(&mut w, f), 100);
    assert_eq!(w.FlushFileBuffers(f), TRUE);
    assert_eq!(set_size(&mut w, f, 10), TRUE);
    assert_eq!(file_size(&mut w, ro), 10);
}

/// A flushed page is shared by the cache and the disk image (issue #11: flushing must not
/// double a file's memory), so a write after the flush must copy it first: the disk keeps the
/// flushed bytes until the next flush (FlushViewOfFile doc: the disk holds what was flushed).
#[test]
fn a_write_after_flush_does_not_reach_the_disk_until_the_next_flush() {
    let (mut sys, pids) = machine(&["app"]);
    let mut w = sys.win32(pids[0]);
    let path = "C:\\shared.dat";
    let f = new_file(&mut w, path, &[0u8; 8192], SHARE_RW);
    let s = mapping(&mut w, f, PAGE_READWRITE, 0);
    let v = map(&mut w, s, FILE_MAP_WRITE);
    poke(&mut w, v, b"first");
    assert_eq!(w.FlushViewOfFile(v, 4096), 1);
    assert_eq!(&w.system().disk_contents(0, path).unwrap()[..5], b"first");
    poke(&mut w, v, b"again");
    assert_eq!(&w.system().disk_contents(0, path).unwrap()[..5], b"first");
    assert_eq!(&read_at(&mut w, f, 0, 5), b"again");
    assert_eq!(w.FlushViewOfFile(v, 0), 1);
    assert_eq!(&w.system().disk_contents(0, path).unwrap()[..5], b"again");
    check(w.system());
}
