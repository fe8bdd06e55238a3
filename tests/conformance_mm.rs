//! Conformance tests for page-file-backed sections and their views: one test per documented
//! rule of `shared/behaviour/catalog.md` (C1–C16, D13, E1–E12, F1–F21, G1–G6, G9), plus
//! VirtualLock/VirtualUnlock and guard pages. Windows is the ground truth; Wine is evidence
//! (`shared/behaviour/README.md`), so where the two disagree these tests assert Windows.
//! Wine test tables are quoted from `research/view-protection.md` (wine-mirror/wine
//! `dlls/kernel32/tests/virtual.c`, commit 8db355e6).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

mod common;
use common::{check, machine};
use winsection::win32::*;
use winsection::{Exception, Handle, Pid, Privilege, ProcessSpec, System, SystemConfig};

// ------------------------------------------------------------------------------------------
// Helpers
// ------------------------------------------------------------------------------------------

const MBI_SIZE: u64 = 48;

/// NUMA_NO_PREFERRED_NODE (winnt.h).
const NUMA_NO_PREFERRED_NODE: u32 = 0xFFFF_FFFF;

/// The six protections CreateFileMapping accepts (catalog C1).
const SECTION_PROTS: [u32; 6] = [
    PAGE_READONLY,
    PAGE_READWRITE,
    PAGE_WRITECOPY,
    PAGE_EXECUTE_READ,
    PAGE_EXECUTE_READWRITE,
    PAGE_EXECUTE_WRITECOPY,
];

/// Wine `test_mapping` `page_prot[]`.
const PAGE_PROTS: [u32; 8] = [
    PAGE_NOACCESS,
    PAGE_READONLY,
    PAGE_READWRITE,
    PAGE_WRITECOPY,
    PAGE_EXECUTE,
    PAGE_EXECUTE_READ,
    PAGE_EXECUTE_READWRITE,
    PAGE_EXECUTE_WRITECOPY,
];

/// Wine `test_mapping` `view[]`: dwDesiredAccess -> view protection (catalog E8).
const VIEW_TABLE: [(u32, u32); 32] = [
    (0, PAGE_NOACCESS),
    (FILE_MAP_COPY, PAGE_WRITECOPY),
    (FILE_MAP_WRITE, PAGE_READWRITE),
    (FILE_MAP_WRITE | FILE_MAP_COPY, PAGE_READWRITE),
    (FILE_MAP_READ, PAGE_READONLY),
    (FILE_MAP_READ | FILE_MAP_COPY, PAGE_READONLY),
    (FILE_MAP_READ | FILE_MAP_WRITE, PAGE_READWRITE),
    (
        FILE_MAP_READ | FILE_MAP_WRITE | FILE_MAP_COPY,
        PAGE_READWRITE,
    ),
    (SECTION_MAP_EXECUTE, PAGE_NOACCESS),
    (SECTION_MAP_EXECUTE | FILE_MAP_COPY, PAGE_NOACCESS),
    (SECTION_MAP_EXECUTE | FILE_MAP_WRITE, PAGE_READWRITE),
    (
        SECTION_MAP_EXECUTE | FILE_MAP_WRITE | FILE_MAP_COPY,
        PAGE_READWRITE,
    ),
    (SECTION_MAP_EXECUTE | FILE_MAP_READ, PAGE_READONLY),
    (
        SECTION_MAP_EXECUTE | FILE_MAP_READ | FILE_MAP_COPY,
        PAGE_READONLY,
    ),
    (
        SECTION_MAP_EXECUTE | FILE_MAP_READ | FILE_MAP_WRITE,
        PAGE_READWRITE,
    ),
    (
        SECTION_MAP_EXECUTE | FILE_MAP_READ | FILE_MAP_WRITE | FILE_MAP_COPY,
        PAGE_READWRITE,
    ),
    (FILE_MAP_EXECUTE, PAGE_NOACCESS),
    (FILE_MAP_EXECUTE | FILE_MAP_COPY, PAGE_EXECUTE_WRITECOPY),
    (FILE_MAP_EXECUTE | FILE_MAP_WRITE, PAGE_EXECUTE_READWRITE),
    (
        FILE_MAP_EXECUTE | FILE_MAP_WRITE | FILE_MAP_COPY,
        PAGE_EXECUTE_READWRITE,
    ),
    (FILE_MAP_EXECUTE | FILE_MAP_READ, PAGE_EXECUTE_READ),
    (
        FILE_MAP_EXECUTE | FILE_MAP_READ | FILE_MAP_COPY,
        PAGE_EXECUTE_READ,
    ),
    (
        FILE_MAP_EXECUTE | FILE_MAP_READ | FILE_MAP_WRITE,
        PAGE_EXECUTE_READWRITE,
    ),
    (
        FILE_MAP_EXECUTE | FILE_MAP_READ | FILE_MAP_WRITE | FILE_MAP_COPY,
        PAGE_EXECUTE_READWRITE,
    ),
    (FILE_MAP_EXECUTE | SECTION_MAP_EXECUTE, PAGE_NOACCESS),
    (
        FILE_MAP_EXECUTE | SECTION_MAP_EXECUTE | FILE_MAP_COPY,
        PAGE_NOACCESS,
    ),
    (
        FILE_MAP_EXECUTE | SECTION_MAP_EXECUTE | FILE_MAP_WRITE,
        PAGE_EXECUTE_READWRITE,
    ),
    (
        FILE_MAP_EXECUTE | SECTION_MAP_EXECUTE | FILE_MAP_WRITE | FILE_MAP_COPY,
        PAGE_EXECUTE_READWRITE,
    ),
    (
        FILE_MAP_EXECUTE | SECTION_MAP_EXECUTE | FILE_MAP_READ,
        PAGE_EXECUTE_READ,
    ),
    (
        FILE_MAP_EXECUTE | SECTION_MAP_EXECUTE | FILE_MAP_READ | FILE_MAP_COPY,
        PAGE_EXECUTE_READ,
    ),
    (
        FILE_MAP_EXECUTE | SECTION_MAP_EXECUTE | FILE_MAP_READ | FILE_MAP_WRITE,
        PAGE_EXECUTE_READWRITE,
    ),
    (
        FILE_MAP_EXECUTE | SECTION_MAP_EXECUTE | FILE_MAP_READ | FILE_MAP_WRITE | FILE_MAP_COPY,
        PAGE_EXECUTE_READWRITE,
    ),
];

// The Wine test helpers of `test_mapping`, transcribed (research/view-protection.md §1a).
const ACCESS_READ: u32 = 1;
const ACCESS_WRITE: u32 = 2;
const ACCESS_EXECUTE: u32 = 4;

fn page_prot_to_access(prot: u32) -> u32 {
    match prot {
        PAGE_READONLY | PAGE_WRITECOPY => ACCESS_READ,
        PAGE_READWRITE => ACCESS_READ | ACCESS_WRITE,
        PAGE_EXECUTE | PAGE_EXECUTE_READ | PAGE_EXECUTE_WRITECOPY => ACCESS_READ | ACCESS_EXECUTE,
        PAGE_EXECUTE_READWRITE => ACCESS_READ | ACCESS_WRITE | ACCESS_EXECUTE,
        _ => 0,
    }
}

fn is_compatible_protection(view_prot: u32, prot: u32) -> bool {
    let view_access = page_prot_to_access(view_prot);
    let prot_access = page_prot_to_access(prot);
    view_access & prot_access == prot_access
}

fn map_prot_to_access(prot: u32) -> u32 {
    match prot {
        PAGE_READWRITE => SECTION_MAP_READ | SECTION_MAP_WRITE | SECTION_QUERY,
        PAGE_EXECUTE_READWRITE => {
            SECTION_MAP_READ | SECTION_MAP_WRITE | SECTION_MAP_EXECUTE | SECTION_QUERY
        }
        PAGE_READONLY | PAGE_WRITECOPY => SECTION_MAP_READ | SECTION_QUERY,
        PAGE_EXECUTE | PAGE_EXECUTE_READ | PAGE_EXECUTE_WRITECOPY => {
            SECTION_MAP_READ | SECTION_MAP_EXECUTE | SECTION_QUERY
        }
        _ => 0,
    }
}

fn file_access_to_prot(access: u32) -> u32 {
    let exec = access & FILE_MAP_EXECUTE != 0;
    let access = access & !FILE_MAP_EXECUTE;
    if access == FILE_MAP_COPY {
        return if exec {
            PAGE_EXECUTE_WRITECOPY
        } else {
            PAGE_WRITECOPY
        };
    }
    if access & FILE_MAP_WRITE != 0 {
        return if exec {
            PAGE_EXECUTE_READWRITE
        } else {
            PAGE_READWRITE
        };
    }
    if access & FILE_MAP_READ != 0 {
        return if exec {
            PAGE_EXECUTE_READ
        } else {
            PAGE_READONLY
        };
    }
    PAGE_NOACCESS
}

fn is_compatible_access(map_prot: u32, view_access: u32) -> bool {
    let access = map_prot_to_access(map_prot);
    let mut needed = map_prot_to_access(file_access_to_prot(view_access));
    if needed == 0 {
        needed = SECTION_MAP_READ;
    }
    needed & access == needed
}

fn handle(h: HANDLE) -> Handle {
    Handle(h as u64)
}

fn err(sys: &mut System, pid: Pid) -> u32 {
    sys.win32(pid).GetLastError()
}

fn set_err(sys: &mut System, pid: Pid, code: u32) {
    sys.win32(pid).SetLastError(code);
}

/// Asserts a Win32 call failed (returned 0 / NULL / FALSE) with `code`.
#[track_caller]
fn assert_fails<T: PartialEq + Default + std::fmt::Debug>(
    sys: &mut System,
    pid: Pid,
    result: T,
    code: u32,
) {
    assert_eq!(result, T::default(), "expected a failure with error {code}");
    assert_eq!(err(sys, pid), code);
    check(sys);
}

/// `CreateFileMappingW(INVALID_HANDLE_VALUE, NULL, flprotect, size >> 32, size, name)`.
fn create(sys: &mut System, pid: Pid, flprotect: u32, size: u64, name: Option<&str>) -> HANDLE {
    let h = sys.win32(pid).CreateFileMappingW(
        INVALID_HANDLE_VALUE,
        None,
        flprotect,
        (size >> 32) as u32,
        size as u32,
        name,
    );
    check(sys);
    h
}

/// A page-file section that must be created.
#[track_caller]
fn anon(sys: &mut System, pid: Pid, flprotect: u32, size: u64) -> HANDLE {
    let h = create(sys, pid, flprotect, size, None);
    assert_ne!(
        h,
        0,
        "CreateFileMappingW({flprotect:#x}, {size:#x}) failed: {}",
        err(sys, pid)
    );
    h
}

fn map(sys: &mut System, pid: Pid, h: HANDLE, access: u32, offset: u64, size: u64) -> u64 {
    let v = sys
        .win32(pid)
        .MapViewOfFile(h, access, (offset >> 32) as u32, offset as u32, size);
    check(sys);
    v
}

/// A view that must be mapped.
#[track_caller]
fn map_ok(sys: &mut System, pid: Pid, h: HANDLE, access: u32, offset: u64, size: u64) -> u64 {
    let v = map(sys, pid, h, access, offset, size);
    assert_ne!(
        v,
        0,
        "MapViewOfFile({access:#x}, {offset:#x}, {size:#x}) failed: {}",
        err(sys, pid)
    );
    v
}

#[track_caller]
fn unmap(sys: &mut System, pid: Pid, view: u64) {
    assert_eq!(sys.win32(pid).UnmapViewOfFile(view), TRUE);
    check(sys);
}

#[track_caller]
fn close(sys: &mut System, pid: Pid, h: HANDLE) {
    assert_eq!(sys.win32(pid).CloseHandle(h), TRUE);
    check(sys);
}

#[track_caller]
fn query(sys: &mut System, pid: Pid, addr: u64) -> MEMORY_BASIC_INFORMATION {
    let mut mbi = MEMORY_BASIC_INFORMATION::default();
    assert_eq!(
        sys.win32(pid).VirtualQuery(addr, Some(&mut mbi), MBI_SIZE),
        MBI_SIZE
    );
    mbi
}

#[track_caller]
fn read(sys: &mut System, pid: Pid, addr: u64, len: u64) -> Result<Vec<u8>, Exception> {
    let r = sys.read_memory(pid, addr, len).expect("read_memory call");
    check(sys);
    r
}

#[track_caller]
fn write(sys: &mut System, pid: Pid, addr: u64, data: &[u8]) -> Result<(), Exception> {
    let r = sys
        .write_memory(pid, addr, data)
        .expect("write_memory call");
    check(sys);
    r
}

#[track_caller]
fn protect(sys: &mut System, pid: Pid, addr: u64, size: u64, prot: u32) -> (BOOL, u32) {
    let mut old = 0;
    let r = sys
        .win32(pid)
        .VirtualProtect(addr, size, prot, Some(&mut old));
    check(sys);
    (r, old)
}

#[track_caller]
fn section(sys: &System, pid: Pid, h: HANDLE) -> winsection::SectionInfo {
    sys.query_section(pid, handle(h)).expect("query_section")
}

#[track_caller]
fn basic_info(sys: &System, pid: Pid, h: HANDLE) -> (u32, u32, u32) {
    sys.object_basic_information(pid, handle(h))
        .expect("object_basic_information")
}

fn commit_charge(sys: &System) -> u64 {
    sys.hosts()[0].commit_charge()
}

#[track_caller]
fn dup(sys: &mut System, pid: Pid, h: HANDLE, access: u32) -> HANDLE {
    let mut out: HANDLE = 0;
    let mut w = sys.win32(pid);
    let me = w.GetCurrentProcess();
    assert_eq!(
        w.DuplicateHandle(me, h, me, Some(&mut out), access, FALSE, 0),
        TRUE
    );
    check(sys);
    out
}

#[track_caller]
fn open(sys: &mut System, pid: Pid, access: u32, name: &str) -> HANDLE {
    let h = sys.win32(pid).OpenFileMappingW(access, FALSE, Some(name));
    check(sys);
    h
}

fn av(address: u64, write: bool) -> Exception {
    Exception::AccessViolation { address, write }
}

// ------------------------------------------------------------------------------------------
// C. Section creation
// ------------------------------------------------------------------------------------------

/// C1 — exactly six base protections are valid for CreateFileMapping; 0, PAGE_NOACCESS,
/// PAGE_EXECUTE, two base values OR-ed, PAGE_GUARD / PAGE_NOCACHE / PAGE_WRITECOMBINE and
/// undefined bits are ERROR_INVALID_PARAMETER. Sources: catalog C1; CreateFileMappingW doc
/// (flProtect); Wine tests `virtual.c test_CreateFileMapping_protection` (td[] table) and
/// `test_mapping`; Wine 8 oracle `anon_noaccess_create`, `anon_exec_only_create`,
/// `anon_rw_guard_create`, `sec_undefined_bit_0x10000`.
#[test]
fn c1_only_six_protections_are_valid() {
    let (mut sys, pids) = machine(&["app"]);
    let p = pids[0];
    for prot in SECTION_PROTS {
        set_err(&mut sys, p, 0xDEAD_BEEF);
        let h = anon(&mut sys, p, prot, 0x10000);
        assert_eq!(err(&mut sys, p), ERROR_SUCCESS, "{prot:#x}");
        assert_eq!(section(&sys, p, h).protection, prot);
        close(&mut sys, p, h);
    }

    let mut invalid = vec![
        0,
        PAGE_NOACCESS,
        PAGE_EXECUTE,
        0x10000,
        PAGE_READWRITE | 0x10000,
    ];
    for (i, a) in PAGE_PROTS.iter().enumerate() {
        for b in &PAGE_PROTS[i + 1..] {
            invalid.push(a | b);
        }
    }
    for prot in SECTION_PROTS {
        for modifier in [PAGE_GUARD, PAGE_NOCACHE, PAGE_WRITECOMBINE] {
            invalid.push(prot | modifier);
        }
    }
    for bit in 11..20 {
        invalid.push(PAGE_READWRITE | (1 << bit));
    }
    for prot in invalid {
        set_err(&mut sys, p, 0xDEAD_BEEF);
        let h = create(&mut sys, p, prot, 0x10000, None);
        assert_eq!(h, 0, "protection {prot:#x} was accepted");
        assert_eq!(err(&mut sys, p), ERROR_INVALID_PARAMETER, "{prot:#x}");
    }
}

/// C2 — page-file sections accept every valid protection, WRITECOPY included: a READONLY
/// section reads as zero, an EXECUTE_READWRITE section maps FILE_MAP_WRITE|FILE_MAP_EXECUTE as
/// PAGE_EXECUTE_READWRITE. Sources: catalog C2; Wine 8 oracle `anon_writecopy_create`,
/// `anon_readonly_create`, `anon_readonly_map_read`, `anon_exec_rw_create`,
/// `anon_exec_rw_map_write_exec`.
#[test]
fn c2_pagefile_sections_accept_writecopy_readonly_and_execute() {
    let (mut sys, pids) = machine(&["app"]);
    let p = pids[0];

    set_err(&mut sys, p, 0xDEAD_BEEF);
    let wc = anon(&mut sys, p, PAGE_WRITECOPY, 0x10000);
    assert_eq!(err(&mut sys, p), ERROR_SUCCESS);
    let v = map_ok(&mut sys, p, wc, FILE_MAP_COPY, 0, 0);
    assert_eq!(query(&mut sys, p, v).Protect, PAGE_WRITECOPY);

    let ro = anon(&mut sys, p, PAGE_READONLY, 0x10000);
    let v = map_ok(&mut sys, p, ro, FILE_MAP_READ, 0, 0);
    assert_eq!(query(&mut sys, p, v).Protect, PAGE_READONLY);
    assert_eq!(read(&mut sys, p, v, 1), Ok(vec![0]));

    let erw = anon(&mut sys, p, PAGE_EXECUTE_READWRITE, 0x10000);
    let v = map_ok(&mut sys, p, erw, FILE_MAP_WRITE | FILE_MAP_EXECUTE, 0, 0);
    let mbi = query(&mut sys, p, v);
    assert_eq!(mbi.Protect, PAGE_EXECUTE_READWRITE);
    assert_eq!(mbi.AllocationProtect, PAGE_EXECUTE_READWRITE);
}

/// C3 — a page-file section of size 0 is ERROR_INVALID_PARAMETER (with INVALID_HANDLE_VALUE
/// or NULL as hFile, named or not). Sources: catalog C3, D13; CreateFileMappingW doc (hFile:
/// "you must also specify a size"); Wine 8 oracle `anon_size0`, `named_second_size0`.
#[test]
fn c3_pagefile_size_zero_is_invalid() {
    let (mut sys, pids) = machine(&["app"]);
    let p = pids[0];
    let h = create(&mut sys, p, PAGE_READWRITE, 0, None);
    assert_fails(&mut sys, p, h, ERROR_INVALID_PARAMETER);
    let h = create(&mut sys, p, PAGE_READWRITE, 0, Some("ZeroSized"));
    assert_fails(&mut sys, p, h, ERROR_INVALID_PARAMETER);
    let h = sys
        .win32(p)
        .CreateFileMappingW(0, None, PAGE_READWRITE, 0, 0, None);
    assert_fails(&mut sys, p, h, ERROR_INVALID_PARAMETER);
    let o = open(&mut sys, p, FILE_MAP_READ, "ZeroSized");
    assert_fails(&mut sys, p, o, ERROR_FILE_NOT_FOUND);
}

/// D13 — hFile = NULL behaves like INVALID_HANDLE_VALUE: a page-file section. Sources:
/// catalog D13; wine tests `kernelbase/tests/process.c test_MapViewOfFile3`
/// (`CreateFileMappingA(NULL, NULL, PAGE_READWRITE, 0, size, NULL)` succeeds on Windows).
#[test]
fn d13_null_file_handle_means_pagefile() {
    let (mut sys, pids) = machine(&["app"]);
    let p = pids[0];
    let h = sys
        .win32(p)
        .CreateFileMappingW(0, None, PAGE_READWRITE, 0, 5000, None);
    check(&sys);
    assert_ne!(h, 0);
    let info = section(&sys, p, h);
    assert_eq!(info.size, 8192);
    assert_eq!(info.attributes, SEC_COMMIT);
}

/// C4 — page-file sizes round up to whole pages: 5000 -> 8192 (0x3457 -> 0x4000); an 8192-byte
/// view is fine, 8193 is ERROR_ACCESS_DENIED. Sources: catalog C4; Wine 8 oracle
/// `anon_odd_size_5000`, `anon_odd_size_5000_view`, `anon_odd_size_5000_view_8192`,
/// `anon_odd_size_5000_view_8193`; wine tests `virtual.c test_NtQuerySection`.
#[test]
fn c4_pagefile_sizes_round_up_to_pages() {
    let (mut sys, pids) = machine(&["app"]);
    let p = pids[0];
    let h = anon(&mut sys, p, PAGE_READWRITE, 5000);
    assert_eq!(section(&sys, p, h).size, 8192);

    let whole = map_ok(&mut sys, p, h, FILE_MAP_WRITE, 0, 0);
    assert_eq!(query(&mut sys, p, whole).RegionSize, 8192);
    let v8192 = map_ok(&mut sys, p, h, FILE_MAP_WRITE, 0, 8192);
    assert_eq!(query(&mut sys, p, v8192).RegionSize, 8192);
    assert_eq!(write(&mut sys, p, v8192 + 8191, b"z"), Ok(()));
    assert_eq!(read(&mut sys, p, whole + 8191, 1), Ok(b"z".to_vec()));

    let v = map(&mut sys, p, h, FILE_MAP_WRITE, 0, 8193);
    assert_fails(&mut sys, p, v, ERROR_ACCESS_DENIED);

    let h2 = anon(&mut sys, p, PAGE_READWRITE, 0x3457);
    assert_eq!(section(&sys, p, h2).size, 0x4000);
}

/// C6 — with no SEC_* flag a page-file section is SEC_COMMIT (NtQuerySection attributes
/// 0x8000000) and its views are committed. Sources: catalog C6; CreateFileMappingW doc ("If no
/// attribute is specified, SEC_COMMIT is assumed"); Wine 8 oracle `anon_create_rw_64k`
/// (`section_attr=0x8000000`), `anon_rw_64k_map_all_access`.
#[test]
fn c6_default_attribute_is_sec_commit() {
    let (mut sys, pids) = machine(&["app"]);
    let p = pids[0];
    let h = anon(&mut sys, p, PAGE_READWRITE, 0x10000);
    let info = section(&sys, p, h);
    assert_eq!(info.attributes, SEC_COMMIT);
    assert_eq!(info.attributes, 0x0800_0000);
    assert_eq!(info.size, 0x10000);
    assert_eq!(info.protection, PAGE_READWRITE);
    let v = map_ok(&mut sys, p, h, FILE_MAP_ALL_ACCESS, 0, 0);
    let mbi = query(&mut sys, p, v);
    assert_eq!(mbi.State, MEM_COMMIT);
    assert_eq!(mbi.RegionSize, 0x10000);
}

/// C7 — the anonymous rows (0–17) of the `sec_flag_tests` table, through CreateFileMappingW
/// with `PAGE_READWRITE | flags`, size 0x1000, name "Wine Test Mapping"; successful rows report
/// `attrs` (or `flags`) through NtQuerySection. Sources: catalog C7; wine tests `virtual.c
/// test_CreateFileMapping` (`sec_flag_tests`); Wine 8 oracle `sec_reserve_create`,
/// `sec_commit_and_reserve`, `sec_large_pages_reserve`, `sec_large_pages_alone`,
/// `sec_nocache_alone`, `sec_commit_nocache`, `sec_file_alone_anon`, `sec_image_anon`.
#[test]
fn c7_sec_flag_tests_anonymous_rows() {
    let (mut sys, pids) = machine(&["app"]);
    let p = pids[0];
    // (flags, error, attrs)
    let rows: [(u32, u32, u32); 18] = [
        (SEC_RESERVE, 0, 0),
        (SEC_RESERVE | SEC_NOCACHE, 0, 0),
        (SEC_RESERVE | SEC_LARGE_PAGES, ERROR_INVALID_PARAMETER, 0),
        (SEC_RESERVE | SEC_WRITECOMBINE, 0, 0),
        (SEC_COMMIT, 0, 0),
        (SEC_COMMIT | SEC_NOCACHE, 0, 0),
        (SEC_COMMIT | SEC_WRITECOMBINE, 0, 0),
        (SEC_RESERVE | SEC_COMMIT, ERROR_INVALID_PARAMETER, 0),
        (SEC_IMAGE, ERROR_BAD_EXE_FORMAT, 0),
        (SEC_IMAGE | SEC_RESERVE, ERROR_INVALID_PARAMETER, 0),
        (SEC_IMAGE | SEC_COMMIT, ERROR_INVALID_PARAMETER, 0),
        (SEC_NOCACHE, ERROR_INVALID_PARAMETER, 0),
        (SEC_LARGE_PAGES, ERROR_INVALID_PARAMETER, 0),
        (SEC_WRITECOMBINE, ERROR_INVALID_PARAMETER, 0),
        (SEC_FILE, ERROR_INVALID_PARAMETER, 0),
        (SEC_FILE | SEC_RESERVE, ERROR_INVALID_PARAMETER, 0),
        (SEC_FILE | SEC_COMMIT, ERROR_INVALID_PARAMETER, 0),
        (0, 0, SEC_COMMIT),
    ];
    for (row, (flags, error, attrs)) in rows.into_iter().enumerate() {
        set_err(&mut sys, p, 0xDEAD_BEEF);
        let h = create(
            &mut sys,
            p,
            PAGE_READWRITE | flags,
            0x1000,
            Some("Wine Test Mapping"),
        );
        if error == 0 {
            assert_ne!(h, 0, "row {row}: error {}", err(&mut sys, p));
            assert_eq!(err(&mut sys, p), ERROR_SUCCESS, "row {row}");
            let expected = if attrs != 0 { attrs } else { flags };
            assert_eq!(section(&sys, p, h).attributes, expected, "row {row}");
            close(&mut sys, p, h);
        } else {
            assert_eq!(h, 0, "row {row} was accepted");
            assert_eq!(err(&mut sys, p), error, "row {row}");
        }
    }
}

/// C10 — SEC_IMAGE without a file is ERROR_BAD_EXE_FORMAT; SEC_LARGE_PAGES|SEC_COMMIT needs
/// SeLockMemoryPrivilege (else ERROR_PRIVILEGE_NOT_HELD) and a size that is a multiple of
/// GetLargePageMinimum() (2 MiB; else ERROR_INVALID_PARAMETER). Sources: catalog C7, C9 (emulator
/// note), C10, J4; CreateFileMappingW doc (SEC_LARGE_PAGES); MS docs "Large-Page Support";
/// Wine 8 oracle `sec_image_anon` (Wine's `sec_large_pages_commit_no_privilege` HANDLE is a
/// known Wine difference: README).
#[test]
fn c10_sec_image_and_large_pages() {
    let (mut sys, pids) = machine(&["app"]);
    let p = pids[0];
    let h = create(&mut sys, p, PAGE_READONLY | SEC_IMAGE, 0x1000, None);
    assert_fails(&mut sys, p, h, ERROR_BAD_EXE_FORMAT);

    assert_eq!(sys.win32(p).GetLargePageMinimum(), 2 << 20);
    let large = PAGE_READWRITE | SEC_COMMIT | SEC_LARGE_PAGES;
    let h = create(&mut sys, p, large, 2 << 20, None);
    assert_fails(&mut sys, p, h, ERROR_PRIVILEGE_NOT_HELD);

    let locker = sys
        .spawn(ProcessSpec {
            privileges: [Privilege::LockMemory].into_iter().collect(),
            ..ProcessSpec::named("locker")
        })
        .unwrap();
    check(&sys);
    let h = anon(&mut sys, locker, large, 2 << 20);
    let info = section(&sys, locker, h);
    assert_eq!(info.attributes, SEC_COMMIT | SEC_LARGE_PAGES);
    assert_eq!(info.attributes, 0x8800_0000);
    assert_eq!(info.size, 2 << 20);
    let h4 = anon(&mut sys, locker, large, 4 << 20);
    assert_eq!(section(&sys, locker, h4).size, 4 << 20);
    for size in [0x1000, (2 << 20) + 0x1000, 3 << 20] {
        let h = create(&mut sys, locker, large, size, None);
        assert_fails(&mut sys, locker, h, ERROR_INVALID_PARAMETER);
    }
    let h = create(
        &mut sys,
        locker,
        PAGE_READWRITE | SEC_RESERVE | SEC_LARGE_PAGES,
        2 << 20,
        None,
    );
    assert_fails(&mut sys, locker, h, ERROR_INVALID_PARAMETER);
}

/// C11 — the pages of a page-file section start zeroed, for every protection, and SEC_RESERVE
/// pages read zero once committed. Sources: catalog C11; CreateFileMappingW doc ("The initial
/// contents of the pages ... are 0"); Wine 8 oracle `anon_rw_64k_map_all_access`
/// (`first_byte=0`), `anon_readonly_map_read`.
#[test]
fn c11_fresh_pages_are_zero() {
    let (mut sys, pids) = machine(&["app"]);
    let p = pids[0];
    for prot in SECTION_PROTS {
        let h = anon(&mut sys, p, prot, 0x10000);
        let v = map_ok(&mut sys, p, h, FILE_MAP_READ, 0, 0);
        assert_eq!(
            read(&mut sys, p, v, 0x10000),
            Ok(vec![0; 0x10000]),
            "{prot:#x}"
        );
    }
    let h = anon(&mut sys, p, PAGE_READWRITE | SEC_RESERVE, 0x10000);
    let v = map_ok(&mut sys, p, h, FILE_MAP_WRITE, 0, 0);
    assert_eq!(
        sys.win32(p)
            .VirtualAlloc(v, 0x10000, MEM_COMMIT, PAGE_READWRITE),
        v
    );
    check(&sys);
    assert_eq!(read(&mut sys, p, v, 0x10000), Ok(vec![0; 0x10000]));
}

/// C12 — SEC_COMMIT charges its whole size at creation, SEC_RESERVE nothing until
/// VirtualAlloc(MEM_COMMIT); beyond the commit limit: ERROR_COMMITMENT_LIMIT; closing the section
/// returns the charge. Sources: catalog C12; CreateFileMappingW doc (SEC_COMMIT: "The system must
/// have enough committable pages to hold the entire mapping"); scala-native issue #893
/// (error 1455); iowarp/clio-core #1061.
#[test]
fn c12_commit_limit() {
    let mut sys = System::with_config(SystemConfig {
        commit_limit: Some(1 << 20),
        ..Default::default()
    });
    let p = sys.spawn(ProcessSpec::named("app")).unwrap();
    check(&sys);
    assert_eq!(commit_charge(&sys), 0);

    let h = create(
        &mut sys,
        p,
        PAGE_READWRITE | SEC_COMMIT,
        (1 << 20) + 0x1000,
        None,
    );
    assert_fails(&mut sys, p, h, ERROR_COMMITMENT_LIMIT);
    assert_eq!(commit_charge(&sys), 0);

    let reserve = anon(&mut sys, p, PAGE_READWRITE | SEC_RESERVE, 16 << 20);
    assert_eq!(commit_charge(&sys), 0);

    let committed = anon(&mut sys, p, PAGE_READWRITE | SEC_COMMIT, 512 << 10);
    assert_eq!(commit_charge(&sys), 512 << 10);
    let h = create(&mut sys, p, PAGE_READWRITE, 768 << 10, None);
    assert_fails(&mut sys, p, h, ERROR_COMMITMENT_LIMIT);

    // SEC_RESERVE pages charge as they are committed.
    let v = map_ok(&mut sys, p, reserve, FILE_MAP_WRITE, 0, 0);
    let r = sys
        .win32(p)
        .VirtualAlloc(v, 1 << 20, MEM_COMMIT, PAGE_READWRITE);
    assert_fails(&mut sys, p, r, ERROR_COMMITMENT_LIMIT);
    assert_eq!(query(&mut sys, p, v).State, MEM_RESERVE);
    assert_eq!(
        sys.win32(p)
            .VirtualAlloc(v, 256 << 10, MEM_COMMIT, PAGE_READWRITE),
        v
    );
    check(&sys);
    assert_eq!(commit_charge(&sys), 768 << 10);

    close(&mut sys, p, committed);
    assert_eq!(commit_charge(&sys), 256 << 10);
    let again = anon(&mut sys, p, PAGE_READWRITE, 768 << 10);
    assert_eq!(commit_charge(&sys), 1 << 20);
    close(&mut sys, p, again);
}

/// C13 — a 1 TiB SEC_RESERVE section (size high dword 256) is created and fully mappable as a
/// reservation; the default machine (a desktop commit limit) rejects a 1 TiB SEC_COMMIT section
/// with ERROR_COMMITMENT_LIMIT. Sources: catalog C13, C12; Wine 8 oracle
/// `anon_1tib_sec_reserve`; README (Wine's `anon_1tib_sec_commit` HANDLE is not Windows).
#[test]
fn c13_one_tib_reserve_is_fine_commit_is_not() {
    let (mut sys, pids) = machine(&["app"]);
    let p = pids[0];
    let h = sys.win32(p).CreateFileMappingW(
        INVALID_HANDLE_VALUE,
        None,
        PAGE_READWRITE | SEC_RESERVE,
        256,
        0,
        None,
    );
    check(&sys);
    assert_ne!(h, 0);
    assert_eq!(err(&mut sys, p), ERROR_SUCCESS);
    let info = section(&sys, p, h);
    assert_eq!(info.size, 1_099_511_627_776);
    assert_eq!(info.attributes, SEC_RESERVE);
    let v = map_ok(&mut sys, p, h, FILE_MAP_WRITE, 0, 0);
    let mbi = query(&mut sys, p, v);
    assert_eq!(mbi.RegionSize, 1 << 40);
    assert_eq!(mbi.State, MEM_RESERVE);

    let before = commit_charge(&sys);
    let h = sys.win32(p).CreateFileMappingW(
        INVALID_HANDLE_VALUE,
        None,
        PAGE_READWRITE | SEC_COMMIT,
        256,
        0,
        None,
    );
    assert_fails(&mut sys, p, h, ERROR_COMMITMENT_LIMIT);
    assert_eq!(commit_charge(&sys), before);
}

/// C14 — sizes near 2^64 fail cleanly with ERROR_INVALID_PARAMETER and never create a size-0
/// section: 0xFFFFFFFF_FFFFF000 and 0xFFFFFFFF_FFFFFFFF (where Wine wraps to size 0). The code
/// for 2^64-1 is the engine's documented choice (`section.rs MAX_SECTION_SIZE`: 87; catalog
/// allows 87 or 8). Sources: catalog C14; Wine 8 oracle `anon_size_u64_max_minus_4095`,
/// `anon_size_max_u64` (Wine bug, README).
#[test]
fn c14_sizes_near_2_pow_64_fail_cleanly() {
    let (mut sys, pids) = machine(&["app"]);
    let p = pids[0];
    for size in [0xFFFF_FFFF_FFFF_F000u64, u64::MAX] {
        for attrs in [SEC_COMMIT, SEC_RESERVE] {
            let h = create(&mut sys, p, PAGE_READWRITE | attrs, size, None);
            assert_fails(&mut sys, p, h, ERROR_INVALID_PARAMETER);
        }
        let h = sys.win32(p).CreateFileMapping2(
            INVALID_HANDLE_VALUE,
            None,
            SECTION_ALL_ACCESS,
            PAGE_READWRITE,
            SEC_RESERVE,
            size,
            None,
        );
        assert_fails(&mut sys, p, h, ERROR_INVALID_PARAMETER);
        let h = sys.win32(p).CreateFileMappingFromApp(
            INVALID_HANDLE_VALUE,
            None,
            PAGE_READWRITE,
            size,
            None,
        );
        assert_fails(&mut sys, p, h, ERROR_INVALID_PARAMETER);
    }
    assert_eq!(commit_charge(&sys), 0);
}

/// C15 — dwMaximumSizeHigh is the high DWORD of a 64-bit size: (1, 0) = 4 GiB, (1, 0x1000) =
/// 4 GiB + 4 KiB, (256, 0) = 1 TiB. Sources: catalog C15; CreateFileMappingW doc
/// (dwMaximumSizeHigh/Low); Wine 8 oracle `anon_1tib_sec_reserve`.
#[test]
fn c15_size_high_dword() {
    let (mut sys, pids) = machine(&["app"]);
    let p = pids[0];
    for (high, low, size) in [
        (1u32, 0u32, 1u64 << 32),
        (1, 0x1000, (1 << 32) + 0x1000),
        (256, 0, 1 << 40),
    ] {
        let h = sys.win32(p).CreateFileMappingW(
            INVALID_HANDLE_VALUE,
            None,
            PAGE_READWRITE | SEC_RESERVE,
            high,
            low,
            None,
        );
        check(&sys);
        assert_ne!(h, 0);
        assert_eq!(section(&sys, p, h).size, size);
        let v = map_ok(&mut sys, p, h, FILE_MAP_READ, 0, 0);
        assert_eq!(query(&mut sys, p, v).RegionSize, size);
        unmap(&mut sys, p, v);
        close(&mut sys, p, h);
    }
}

#[derive(Clone, Copy, Debug)]
enum Api {
    W,
    A,
    Numa,
    Two,
    FromApp,
}

fn create_via(
    sys: &mut System,
    pid: Pid,
    api: Api,
    prot: u32,
    attrs: u32,
    size: u64,
    name: Option<&str>,
) -> HANDLE {
    let (high, low) = ((size >> 32) as u32, size as u32);
    let mut w = sys.win32(pid);
    let h = match api {
        Api::W => w.CreateFileMappingW(INVALID_HANDLE_VALUE, None, prot | attrs, high, low, name),
        Api::A => w.CreateFileMappingA(
            INVALID_HANDLE_VALUE,
            None,
            prot | attrs,
            high,
            low,
            name.map(str::as_bytes),
        ),
        Api::Numa => w.CreateFileMappingNumaW(
            INVALID_HANDLE_VALUE,
            None,
            prot | attrs,
            high,
            low,
            name,
            NUMA_NO_PREFERRED_NODE,
        ),
        Api::Two => w.CreateFileMapping2(
            INVALID_HANDLE_VALUE,
            None,
            SECTION_ALL_ACCESS,
            prot,
            attrs,
            size,
            name,
        ),
        Api::FromApp => {
            w.CreateFileMappingFromApp(INVALID_HANDLE_VALUE, None, prot | attrs, size, name)
        }
    };
    check(sys);
    h
}

/// C16 — CreateFileMappingA / CreateFileMapping2 / CreateFileMappingNumaW /
/// CreateFileMappingFromApp validate exactly as CreateFileMappingW: the six protections, size 0,
/// SEC_* combinations, SEC_IMAGE without a file, page rounding. FromApp accepts
/// PAGE_EXECUTE_READWRITE on the desktop and grants execute; CreateFileMapping2's DesiredAccess
/// is the handle's access. NUMA node other than 0 / NUMA_NO_PREFERRED_NODE: the engine's
/// documented choice (ERROR_INVALID_PARAMETER, one node). Sources: catalog C16; MS docs
/// CreateFileMappingFromApp, CreateFileMapping2, CreateFileMappingNumaW; wine tests
/// `kernelbase/tests/process.c` (FromApp PAGE_EXECUTE_READWRITE).
#[test]
fn c16_create_variants_share_validation() {
    let (mut sys, pids) = machine(&["app"]);
    let p = pids[0];
    for api in [Api::W, Api::A, Api::Numa, Api::Two, Api::FromApp] {
        for prot in SECTION_PROTS {
            let h = create_via(&mut sys, p, api, prot, 0, 5000, None);
            assert_ne!(h, 0, "{api:?} {prot:#x}: {}", err(&mut sys, p));
            let info = section(&sys, p, h);
            assert_eq!(
                (info.size, info.attributes, info.protection),
                (8192, SEC_COMMIT, prot),
                "{api:?}"
            );
            close(&mut sys, p, h);
        }
        let h = create_via(&mut sys, p, api, PAGE_READWRITE, SEC_RESERVE, 0x10000, None);
        assert_ne!(h, 0, "{api:?}");
        assert_eq!(section(&sys, p, h).attributes, SEC_RESERVE, "{api:?}");
        close(&mut sys, p, h);

        let failures = [
            (0, 0, 0x1000, ERROR_INVALID_PARAMETER),
            (PAGE_NOACCESS, 0, 0x1000, ERROR_INVALID_PARAMETER),
            (PAGE_EXECUTE, 0, 0x1000, ERROR_INVALID_PARAMETER),
            (
                PAGE_READWRITE | PAGE_GUARD,
                0,
                0x1000,
                ERROR_INVALID_PARAMETER,
            ),
            (
                PAGE_READWRITE | PAGE_READONLY,
                0,
                0x1000,
                ERROR_INVALID_PARAMETER,
            ),
            (PAGE_READWRITE, 0, 0, ERROR_INVALID_PARAMETER),
            (
                PAGE_READWRITE,
                SEC_RESERVE | SEC_COMMIT,
                0x1000,
                ERROR_INVALID_PARAMETER,
            ),
            (PAGE_READWRITE, SEC_NOCACHE, 0x1000, ERROR_INVALID_PARAMETER),
            (PAGE_READONLY, SEC_IMAGE, 0x1000, ERROR_BAD_EXE_FORMAT),
        ];
        for (prot, attrs, size, code) in failures {
            set_err(&mut sys, p, 0xDEAD_BEEF);
            let h = create_via(&mut sys, p, api, prot, attrs, size, Some("C16"));
            assert_eq!(h, 0, "{api:?} {prot:#x} {attrs:#x} {size:#x} accepted");
            assert_eq!(err(&mut sys, p), code, "{api:?} {prot:#x} {attrs:#x}");
        }
    }

    let h = sys.win32(p).CreateFileMappingFromApp(
        INVALID_HANDLE_VALUE,
        None,
        PAGE_EXECUTE_READWRITE,
        0x10000,
        None,
    );
    check(&sys);
    assert_ne!(h, 0);
    let v = map_ok(&mut sys, p, h, FILE_MAP_EXECUTE | FILE_MAP_WRITE, 0, 0);
    assert_eq!(query(&mut sys, p, v).Protect, PAGE_EXECUTE_READWRITE);

    let h = sys.win32(p).CreateFileMapping2(
        INVALID_HANDLE_VALUE,
        None,
        FILE_MAP_READ,
        PAGE_READWRITE,
        SEC_COMMIT,
        0x10000,
        None,
    );
    check(&sys);
    assert_ne!(h, 0);
    assert_eq!(basic_info(&sys, p, h).0, SECTION_MAP_READ);
    let v = map(&mut sys, p, h, FILE_MAP_WRITE, 0, 0);
    assert_fails(&mut sys, p, v, ERROR_ACCESS_DENIED);
    map_ok(&mut sys, p, h, FILE_MAP_READ, 0, 0);

    for node in [0, NUMA_NO_PREFERRED_NODE] {
        let h = sys.win32(p).CreateFileMappingNumaW(
            INVALID_HANDLE_VALUE,
            None,
            PAGE_READWRITE,
            0,
            0x1000,
            None,
            node,
        );
        check(&sys);
        assert_ne!(h, 0, "node {node:#x}");
    }
    let h = sys.win32(p).CreateFileMappingNumaW(
        INVALID_HANDLE_VALUE,
        None,
        PAGE_READWRITE,
        0,
        0x1000,
        None,
        1,
    );
    assert_fails(&mut sys, p, h, ERROR_INVALID_PARAMETER);
}

// ------------------------------------------------------------------------------------------
// E. Access checks
// ------------------------------------------------------------------------------------------

/// E1 — the access-right constants and the generic mapping of sections (GENERIC_READ ->
/// STANDARD_RIGHTS_READ|SECTION_QUERY|SECTION_MAP_READ, ...); SECTION_ALL_ACCESS = 0xF001F with no
/// SYNCHRONIZE, FILE_MAP_ALL_ACCESS = SECTION_ALL_ACCESS without FILE_MAP_EXECUTE. Sources:
/// catalog E1; MS docs "File-mapping security and access rights"; winnt.h values.
#[test]
fn e1_access_right_constants_and_generic_mapping() {
    assert_eq!(SECTION_QUERY, 0x1);
    assert_eq!(SECTION_MAP_WRITE, 0x2);
    assert_eq!(SECTION_MAP_READ, 0x4);
    assert_eq!(SECTION_MAP_EXECUTE, 0x8);
    assert_eq!(SECTION_EXTEND_SIZE, 0x10);
    assert_eq!(SECTION_MAP_EXECUTE_EXPLICIT, 0x20);
    assert_eq!(SECTION_ALL_ACCESS, 0xF001F);
    assert_eq!(SECTION_ALL_ACCESS & SYNCHRONIZE, 0);
    assert_eq!(FILE_MAP_COPY, 0x1);
    assert_eq!(FILE_MAP_WRITE, 0x2);
    assert_eq!(FILE_MAP_READ, 0x4);
    assert_eq!(FILE_MAP_EXECUTE, 0x20);
    assert_eq!(FILE_MAP_ALL_ACCESS, SECTION_ALL_ACCESS);
    assert_eq!(FILE_MAP_ALL_ACCESS & FILE_MAP_EXECUTE, 0);
    assert_eq!(FILE_MAP_LARGE_PAGES, 0x2000_0000);
    assert_eq!(FILE_MAP_TARGETS_INVALID, 0x4000_0000);
    assert_eq!(FILE_MAP_RESERVE, 0x8000_0000);

    let (mut sys, pids) = machine(&["app"]);
    let p = pids[0];
    let _h = anon(&mut sys, p, PAGE_EXECUTE_READWRITE, 0x1000);
    let named = create(&mut sys, p, PAGE_EXECUTE_READWRITE, 0x1000, Some("E1"));
    assert_ne!(named, 0);
    for (access, granted) in [
        (
            GENERIC_READ,
            STANDARD_RIGHTS_READ | SECTION_QUERY | SECTION_MAP_READ,
        ),
        (GENERIC_WRITE, STANDARD_RIGHTS_WRITE | SECTION_MAP_WRITE),
        (
            GENERIC_EXECUTE,
            STANDARD_RIGHTS_EXECUTE | SECTION_MAP_EXECUTE,
        ),
        (GENERIC_ALL, SECTION_ALL_ACCESS),
        (FILE_MAP_ALL_ACCESS, 0xF001F),
    ] {
        let h = open(&mut sys, p, access, "E1");
        assert_ne!(h, 0);
        assert_eq!(basic_info(&sys, p, h).0, granted, "access {access:#x}");
        close(&mut sys, p, h);
    }
}

/// E2 — OpenFileMapping stores exactly the requested access: FILE_MAP_READ -> 0x4. An open that
/// asks for no access at all is refused with ERROR_ACCESS_DENIED (Windows; catalog E2's "allowed"
/// came from the Wine 8 oracle `open_access_0`, i.e. from Wine): sources wine
/// `kernel32/tests/sync.c test_mutex` (`OpenMutexA(0, ...)`, todo_wine = Windows), NT
/// `SeAccessCheck` (empty desired mask); a handle with no access still exists through
/// `DuplicateHandle` and can map nothing (wine `virtual.c test_MapViewOfFile`).
#[test]
fn e2_open_grants_exactly_the_requested_access() {
    let (mut sys, pids) = machine(&["owner", "app"]);
    let (owner, app) = (pids[0], pids[1]);
    let _h = create(&mut sys, owner, PAGE_READWRITE, 0x10000, Some("E2"));
    let r = open(&mut sys, app, FILE_MAP_READ, "E2");
    assert_ne!(r, 0);
    assert_eq!(basic_info(&sys, app, r).0, SECTION_MAP_READ);
    assert_eq!(open(&mut sys, app, 0, "E2"), 0);
    assert_eq!(sys.win32(app).GetLastError(), ERROR_ACCESS_DENIED);
    let none = dup(&mut sys, app, r, 0);
    assert_ne!(none, 0);
    assert_eq!(basic_info(&sys, app, none).0, 0);
    for access in [0, FILE_MAP_READ, FILE_MAP_COPY, FILE_MAP_WRITE] {
        let v = map(&mut sys, app, none, access, 0, 0);
        assert_fails(&mut sys, app, v, ERROR_ACCESS_DENIED);
    }
}

/// E3 — OpenFileMapping(FILE_MAP_COPY) is turned into SECTION_MAP_READ, so COPY and READ views
/// work and WRITE views do not. Sources: catalog E3; MS docs "File-mapping security and access
/// rights" ("OpenFileMapping ... treats FILE_MAP_COPY the same way as FILE_MAP_READ"); Wine
/// `kernelbase/sync.c OpenFileMappingW`.
#[test]
fn e3_open_with_file_map_copy_means_read() {
    let (mut sys, pids) = machine(&["app"]);
    let p = pids[0];
    let _h = create(&mut sys, p, PAGE_READWRITE, 0x10000, Some("E3"));
    let h = open(&mut sys, p, FILE_MAP_COPY, "E3");
    assert_ne!(h, 0);
    assert_eq!(basic_info(&sys, p, h).0, SECTION_MAP_READ);
    let c = map_ok(&mut sys, p, h, FILE_MAP_COPY, 0, 0);
    assert_eq!(query(&mut sys, p, c).Protect, PAGE_WRITECOPY);
    let r = map_ok(&mut sys, p, h, FILE_MAP_READ, 0, 0);
    assert_eq!(query(&mut sys, p, r).Protect, PAGE_READONLY);
    let w = map(&mut sys, p, h, FILE_MAP_WRITE, 0, 0);
    assert_fails(&mut sys, p, w, ERROR_ACCESS_DENIED);
}

/// E4 — each view protection needs specific handle rights (checked first; else
/// ERROR_ACCESS_DENIED): NOACCESS / READONLY / WRITECOPY need SECTION_MAP_READ; READWRITE needs
/// SECTION_MAP_WRITE only; EXECUTE_READ / EXECUTE_WRITECOPY need MAP_EXECUTE|MAP_READ;
/// EXECUTE_READWRITE needs MAP_EXECUTE|MAP_WRITE. Handles are reduced copies (DuplicateHandle)
/// of a PAGE_EXECUTE_READWRITE section's handle. Sources: catalog E4; ReactOS
/// `MmMakeSectionAccess`; wine tests `virtual.c test_MapViewOfFile`; Wine 8 oracle
/// `dup_FILE_MAP_READ_map_write`, `dup_access_0_map_read`.
#[test]
fn e4_each_view_protection_needs_its_handle_rights() {
    let (mut sys, pids) = machine(&["app"]);
    let p = pids[0];
    let full = anon(&mut sys, p, PAGE_EXECUTE_READWRITE, 0x10000);
    let (r, w, x) = (SECTION_MAP_READ, SECTION_MAP_WRITE, SECTION_MAP_EXECUTE);
    let views = [
        (0, PAGE_NOACCESS, r),
        (FILE_MAP_COPY, PAGE_WRITECOPY, r),
        (FILE_MAP_READ, PAGE_READONLY, r),
        (FILE_MAP_WRITE, PAGE_READWRITE, w),
        (FILE_MAP_EXECUTE | FILE_MAP_READ, PAGE_EXECUTE_READ, x | r),
        (
            FILE_MAP_EXECUTE | FILE_MAP_COPY,
            PAGE_EXECUTE_WRITECOPY,
            x | r,
        ),
        (
            FILE_MAP_EXECUTE | FILE_MAP_WRITE,
            PAGE_EXECUTE_READWRITE,
            x | w,
        ),
    ];
    for rights in [0, r, w, x, r | w, r | x, w | x, r | w | x] {
        let h = dup(&mut sys, p, full, rights);
        assert_eq!(basic_info(&sys, p, h).0, rights);
        for (access, prot, needed) in views {
            set_err(&mut sys, p, 0xDEAD_BEEF);
            let v = map(&mut sys, p, h, access, 0, 0);
            if rights & needed == needed {
                assert_ne!(
                    v,
                    0,
                    "rights {rights:#x} view {access:#x}: {}",
                    err(&mut sys, p)
                );
                assert_eq!(query(&mut sys, p, v).Protect, prot);
                unmap(&mut sys, p, v);
            } else {
                assert_eq!(v, 0, "rights {rights:#x} view {access:#x} was mapped");
                assert_eq!(err(&mut sys, p), ERROR_ACCESS_DENIED);
            }
        }
        close(&mut sys, p, h);
    }
}

/// E5 — a FILE_MAP_WRITE-only handle maps a read-write view but not a read-only (or copy, or
/// no-access) one: ERROR_ACCESS_DENIED. Sources: catalog E5 (real Windows per the Wine test,
/// against the "File-mapping security" doc wording); wine tests `virtual.c test_MapViewOfFile`;
/// Wine 8 oracle `open_FILE_MAP_WRITE`, `open_FILE_MAP_WRITE_map_read`,
/// `open_FILE_MAP_WRITE_map_write`.
#[test]
fn e5_file_map_write_handle_cannot_map_read_view() {
    let (mut sys, pids) = machine(&["app"]);
    let p = pids[0];
    let _h = create(&mut sys, p, PAGE_READWRITE, 0x10000, Some("E5"));
    let h = open(&mut sys, p, FILE_MAP_WRITE, "E5");
    assert_ne!(h, 0);
    assert_eq!(basic_info(&sys, p, h).0, SECTION_MAP_WRITE);
    for access in [FILE_MAP_READ, FILE_MAP_COPY, 0] {
        let v = map(&mut sys, p, h, access, 0, 0);
        assert_fails(&mut sys, p, v, ERROR_ACCESS_DENIED);
    }
    let v = map_ok(&mut sys, p, h, FILE_MAP_WRITE, 0, 0);
    assert_eq!(query(&mut sys, p, v).Protect, PAGE_READWRITE);
    assert_eq!(write(&mut sys, p, v, b"w"), Ok(()));
}

/// E6 — a FILE_MAP_READ handle maps read-only (PAGE_READONLY) and copy (PAGE_WRITECOPY) views;
/// a write view is ERROR_ACCESS_DENIED. Sources: catalog E6; Wine 8 oracle
/// `open_FILE_MAP_READ_map_write`, `open_FILE_MAP_READ_map_read`; wine tests
/// `test_MapViewOfFile`.
#[test]
fn e6_file_map_read_handle_maps_read_and_copy_views() {
    let (mut sys, pids) = machine(&["app"]);
    let p = pids[0];
    let _h = create(&mut sys, p, PAGE_READWRITE, 0x10000, Some("E6"));
    let h = open(&mut sys, p, FILE_MAP_READ, "E6");
    let v = map(&mut sys, p, h, FILE_MAP_WRITE, 0, 0);
    assert_fails(&mut sys, p, v, ERROR_ACCESS_DENIED);
    let v = map(&mut sys, p, h, FILE_MAP_ALL_ACCESS, 0, 0);
    assert_fails(&mut sys, p, v, ERROR_ACCESS_DENIED);
    let r = map_ok(&mut sys, p, h, FILE_MAP_READ, 0, 0);
    assert_eq!(query(&mut sys, p, r).Protect, PAGE_READONLY);
    assert_eq!(write(&mut sys, p, r, b"x"), Err(av(r, true)));
    let c = map_ok(&mut sys, p, h, FILE_MAP_COPY, 0, 0);
    assert_eq!(query(&mut sys, p, c).Protect, PAGE_WRITECOPY);
}

/// E7 — a view must also fit the section's protection: a read-only (or write-copy,
/// execute-read) section refuses FILE_MAP_WRITE with ERROR_ACCESS_DENIED through a
/// CreateFileMapping handle (no SECTION_MAP_WRITE), and with ERROR_INVALID_PARAMETER
/// (STATUS_SECTION_PROTECTION) through an OpenFileMapping(FILE_MAP_WRITE / FILE_MAP_ALL_ACCESS)
/// handle — the Windows expectation, not Wine's writable view. Sources: catalog E7; README
/// (`open_readonly_section_with_FILE_MAP_WRITE_map_write`); Wine 8 oracle
/// `anon_readonly_map_write`, `ro_section_map_FILE_MAP_WRITE`,
/// `ro_section_map_FILE_MAP_ALL_ACCESS`, `writecopy_section_map_FILE_MAP_WRITE`; ReactOS
/// rostests NtMapViewOfSection.
#[test]
fn e7_read_only_section_refuses_write_views() {
    let (mut sys, pids) = machine(&["app"]);
    let p = pids[0];
    for prot in [
        PAGE_READONLY,
        PAGE_WRITECOPY,
        PAGE_EXECUTE_READ,
        PAGE_EXECUTE_WRITECOPY,
    ] {
        let name = format!("E7-{prot:x}");
        let h = create(&mut sys, p, prot, 0x10000, Some(&name));
        assert_ne!(h, 0);
        for access in [FILE_MAP_WRITE, FILE_MAP_ALL_ACCESS] {
            let v = map(&mut sys, p, h, access, 0, 0);
            assert_fails(&mut sys, p, v, ERROR_ACCESS_DENIED);
        }
        for (open_access, map_access) in [
            (FILE_MAP_WRITE, FILE_MAP_WRITE),
            (FILE_MAP_ALL_ACCESS, FILE_MAP_ALL_ACCESS),
        ] {
            let o = open(&mut sys, p, open_access, &name);
            assert_ne!(o, 0, "OpenFileMapping succeeds on Windows too");
            let v = map(&mut sys, p, o, map_access, 0, 0);
            assert_fails(&mut sys, p, v, ERROR_INVALID_PARAMETER);
            close(&mut sys, p, o);
        }
        // Copy-on-write views fit every section.
        let c = map_ok(&mut sys, p, h, FILE_MAP_COPY, 0, 0);
        assert_eq!(query(&mut sys, p, c).Protect, PAGE_WRITECOPY);
    }
}

/// E8 — MapViewOfFile dwDesiredAccess -> view protection for every FILE_MAP_* combination of the
/// Wine `view[]` table, on sections of each of the six protections through the CreateFileMapping
/// handle: the view succeeds iff the Wine helper `is_compatible_access` says so (else
/// ERROR_ACCESS_DENIED); VirtualQuery Protect == AllocationProtect == the table's protection,
/// MEM_COMMIT, MEM_MAPPED, RegionSize the whole 2-page view. Sources: catalog E8; wine tests
/// `virtual.c test_mapping` (`view[]`, `is_compatible_access`); Wine 8 oracle `map_access_0`,
/// `map_FILE_MAP_READ`, `map_FILE_MAP_WRITE`, `map_FILE_MAP_COPY_on_rw`.
#[test]
fn e8_view_protection_table_for_every_file_map_combination() {
    let (mut sys, pids) = machine(&["app"]);
    let p = pids[0];
    let mut wrong = Vec::new();
    for section_prot in SECTION_PROTS {
        let h = anon(&mut sys, p, section_prot, 0x2000);
        for (access, prot) in VIEW_TABLE {
            set_err(&mut sys, p, 0xDEAD_BEEF);
            let v = map(&mut sys, p, h, access, 0, 0);
            let what = format!("section {section_prot:#x} access {access:#x}");
            if !is_compatible_access(section_prot, access) {
                if v != 0 || err(&mut sys, p) != ERROR_ACCESS_DENIED {
                    wrong.push(format!(
                        "{what}: got view {v:#x} error {}, expected error 5",
                        err(&mut sys, p)
                    ));
                }
                if v != 0 {
                    unmap(&mut sys, p, v);
                }
                continue;
            }
            if v == 0 {
                wrong.push(format!("{what}: failed with {}", err(&mut sys, p)));
                continue;
            }
            assert_eq!(err(&mut sys, p), 0xDEAD_BEEF, "{what}: last error changed");
            let mbi = query(&mut sys, p, v);
            if (mbi.Protect, mbi.AllocationProtect) != (prot, prot) {
                wrong.push(format!(
                    "{what}: Protect {:#x} AllocationProtect {:#x}, expected {prot:#x}",
                    mbi.Protect, mbi.AllocationProtect
                ));
            }
            assert_eq!(mbi.State, MEM_COMMIT, "{what}");
            assert_eq!(mbi.Type, MEM_MAPPED, "{what}");
            assert_eq!(mbi.RegionSize, 0x2000, "{what}");
            assert_eq!(mbi.BaseAddress, v);
            assert_eq!(mbi.AllocationBase, v);
            unmap(&mut sys, p, v);
        }
        close(&mut sys, p, h);
    }
    assert!(
        wrong.is_empty(),
        "view table mismatches:\n{}",
        wrong.join("\n")
    );
}

/// E9 — executable views need an executable section: a PAGE_READWRITE or PAGE_READONLY
/// section's CreateFileMapping handle refuses FILE_MAP_EXECUTE|FILE_MAP_READ with
/// ERROR_ACCESS_DENIED (no SECTION_MAP_EXECUTE); a handle opened with FILE_MAP_EXECUTE passes the
/// handle check and meets the section protection instead: ERROR_INVALID_PARAMETER
/// (STATUS_SECTION_PROTECTION, as E7). EXECUTE_READ sections map execute views. Sources: catalog
/// E9, E7; CreateFileMappingW doc, Remarks; "File-mapping security and access rights"
/// (FILE_MAP_EXECUTE); Wine 8 oracle `map_FILE_MAP_EXECUTE_on_rw_section`,
/// `ro_section_map_read_execute`.
#[test]
fn e9_executable_views_need_an_executable_section() {
    let (mut sys, pids) = machine(&["app"]);
    let p = pids[0];
    for prot in [PAGE_READWRITE, PAGE_READONLY] {
        let name = format!("E9-{prot:x}");
        let h = create(&mut sys, p, prot, 0x10000, Some(&name));
        let v = map(&mut sys, p, h, FILE_MAP_EXECUTE | FILE_MAP_READ, 0, 0);
        assert_fails(&mut sys, p, v, ERROR_ACCESS_DENIED);
        let o = open(&mut sys, p, FILE_MAP_EXECUTE | FILE_MAP_READ, &name);
        assert_ne!(o, 0);
        let v = map(&mut sys, p, o, FILE_MAP_EXECUTE | FILE_MAP_READ, 0, 0);
        assert_fails(&mut sys, p, v, ERROR_INVALID_PARAMETER);
    }
    let h = anon(&mut sys, p, PAGE_EXECUTE_READ, 0x10000);
    let v = map_ok(&mut sys, p, h, FILE_MAP_EXECUTE | FILE_MAP_READ, 0, 0);
    assert_eq!(query(&mut sys, p, v).Protect, PAGE_EXECUTE_READ);
}

/// E10 — undefined high bits of dwDesiredAccess are ignored: FILE_MAP_READ|0x10000 and
/// FILE_MAP_READ|FILE_MAP_RESERVE map PAGE_READONLY views. Sources: catalog E10; Wine 8 oracle
/// `map_access_undefined_bit16`, `map_access_bit31_FILE_MAP_RESERVE`.
#[test]
fn e10_undefined_access_bits_are_ignored() {
    let (mut sys, pids) = machine(&["app"]);
    let p = pids[0];
    let h = anon(&mut sys, p, PAGE_READWRITE, 0x10000);
    for access in [FILE_MAP_READ | 0x10000, FILE_MAP_READ | FILE_MAP_RESERVE] {
        let v = map_ok(&mut sys, p, h, access, 0, 0);
        assert_eq!(query(&mut sys, p, v).Protect, PAGE_READONLY, "{access:#x}");
    }
}

/// E11 — DuplicateHandle can reduce access and the reduced handle is enforced: FILE_MAP_READ
/// copy maps READ not WRITE; access-0 copy maps nothing; GENERIC_READ copy (generic-mapped)
/// maps READ not WRITE. Sources: catalog E11; Wine 8 oracle `dup_FILE_MAP_READ*`,
/// `dup_access_0*`, `dup_GENERIC_READ*`; wine tests `test_MapViewOfFile`, `test_mapping`.
#[test]
fn e11_duplicate_handle_reduces_access() {
    let (mut sys, pids) = machine(&["app"]);
    let p = pids[0];
    let h = anon(&mut sys, p, PAGE_READWRITE, 0x10000);
    for access in [FILE_MAP_READ, GENERIC_READ] {
        let d = dup(&mut sys, p, h, access);
        let v = map(&mut sys, p, d, FILE_MAP_WRITE, 0, 0);
        assert_fails(&mut sys, p, v, ERROR_ACCESS_DENIED);
        let v = map_ok(&mut sys, p, d, FILE_MAP_READ, 0, 0);
        assert_eq!(query(&mut sys, p, v).Protect, PAGE_READONLY);
    }
    let d = dup(&mut sys, p, h, 0);
    let v = map(&mut sys, p, d, FILE_MAP_READ, 0, 0);
    assert_fails(&mut sys, p, v, ERROR_ACCESS_DENIED);
    let same = {
        let mut out: HANDLE = 0;
        let mut w = sys.win32(p);
        let me = w.GetCurrentProcess();
        assert_eq!(
            w.DuplicateHandle(me, h, me, Some(&mut out), 0, FALSE, DUPLICATE_SAME_ACCESS),
            TRUE
        );
        out
    };
    check(&sys);
    map_ok(&mut sys, p, same, FILE_MAP_WRITE, 0, 0);
}

/// E12 — NtQuerySection needs SECTION_QUERY: an OpenFileMapping(FILE_MAP_READ) handle is
/// ERROR_ACCESS_DENIED, the CreateFileMapping handle answers. Sources: catalog E12; wine tests
/// `virtual.c test_MapViewOfFile` / `test_NtQuerySection`.
#[test]
fn e12_query_section_needs_section_query() {
    let (mut sys, pids) = machine(&["app"]);
    let p = pids[0];
    let h = create(&mut sys, p, PAGE_READWRITE, 0x10000, Some("E12"));
    assert_eq!(section(&sys, p, h).size, 0x10000);
    let r = open(&mut sys, p, FILE_MAP_READ, "E12");
    assert_eq!(
        sys.query_section(p, handle(r)),
        Err(winsection::Win32Error::ACCESS_DENIED)
    );
    // (SECTION_QUERY alone is FILE_MAP_COPY, which OpenFileMapping turns into MAP_READ: E3.)
    let q = open(&mut sys, p, SECTION_QUERY | SECTION_MAP_READ, "E12");
    assert_eq!(sys.query_section(p, handle(q)).map(|i| i.size), Ok(0x10000));
}

// ------------------------------------------------------------------------------------------
// F. Views
// ------------------------------------------------------------------------------------------

/// F1 — GetSystemInfo: page size 4096, allocation granularity 65536. Sources: catalog F1; Wine
/// 8 oracle `system_allocation_granularity`.
#[test]
fn f1_get_system_info_page_size_and_granularity() {
    let (mut sys, pids) = machine(&["app"]);
    let mut si = SYSTEM_INFO::default();
    sys.win32(pids[0]).GetSystemInfo(&mut si);
    assert_eq!(si.dwPageSize, 4096);
    assert_eq!(si.dwAllocationGranularity, 65536);
}

/// F2 — view offsets must be multiples of 64 KiB: 4096 and 1 -> ERROR_MAPPED_ALIGNMENT; 0x10000
/// maps. Sources: catalog F2; MapViewOfFile doc (dwFileOffsetLow); Wine 8 oracle
/// `map_offset_4096`, `map_offset_1`.
#[test]
fn f2_offsets_must_be_64k_aligned() {
    let (mut sys, pids) = machine(&["app"]);
    let p = pids[0];
    let h = anon(&mut sys, p, PAGE_READWRITE, 0x21000);
    for offset in [4096, 1, 0x8000, 0x1_0001] {
        let v = map(&mut sys, p, h, FILE_MAP_READ, offset, 4096);
        assert_fails(&mut sys, p, v, ERROR_MAPPED_ALIGNMENT);
    }
    map_ok(&mut sys, p, h, FILE_MAP_READ, 0x10000, 4096);
}

/// F3 — size 0 maps from the offset to the end: on a 0x21000 section, offset 0x10000 -> 0x11000
/// bytes, offset 0x20000 -> 0x1000; the offset view shows the section's bytes at that offset.
/// Sources: catalog F3; MapViewOfFile doc (dwNumberOfBytesToMap); Wine 8 oracle
/// `map_offset_64k_size0`, `map_offset_128k_size0_tail_4k`.
#[test]
fn f3_size_zero_maps_to_the_end() {
    let (mut sys, pids) = machine(&["app"]);
    let p = pids[0];
    let h = anon(&mut sys, p, PAGE_READWRITE, 0x21000);
    let whole = map_ok(&mut sys, p, h, FILE_MAP_WRITE, 0, 0);
    assert_eq!(query(&mut sys, p, whole).RegionSize, 0x21000);
    assert_eq!(write(&mut sys, p, whole + 0x20000, b"tail"), Ok(()));
    let v = map_ok(&mut sys, p, h, FILE_MAP_READ, 0x10000, 0);
    assert_eq!(query(&mut sys, p, v).RegionSize, 0x11000);
    assert_eq!(read(&mut sys, p, v + 0x10000, 4), Ok(b"tail".to_vec()));
    let t = map_ok(&mut sys, p, h, FILE_MAP_READ, 0x20000, 0);
    assert_eq!(query(&mut sys, p, t).RegionSize, 0x1000);
    assert_eq!(read(&mut sys, p, t, 4), Ok(b"tail".to_vec()));
}

/// F4 — an offset at or past the end of the section fails. Windows' NT path answers
/// STATUS_INVALID_VIEW_SIZE -> ERROR_ACCESS_DENIED (Wine says 87); the engine follows NT and says
/// so in `src/mm/map.rs` ("Windows' structure is followed (catalog F4, flagged unverified)").
/// Sources: catalog F4 (flag); README (`map_offset_past_end`, `map_offset_high_dword_1`:
/// "probably 5"); ReactOS `MmMapViewOfSection`.
#[test]
fn f4_offset_past_end_fails() {
    let (mut sys, pids) = machine(&["app"]);
    let p = pids[0];
    let h = anon(&mut sys, p, PAGE_READWRITE, 0x21000);
    let v = map(&mut sys, p, h, FILE_MAP_READ, 0x30000, 0);
    assert_fails(&mut sys, p, v, ERROR_ACCESS_DENIED);
    let v = map(&mut sys, p, h, FILE_MAP_READ, 1 << 32, 0);
    assert_fails(&mut sys, p, v, ERROR_ACCESS_DENIED);
    let v = map(&mut sys, p, h, FILE_MAP_READ, 0x30000, 0x1000);
    assert_fails(&mut sys, p, v, ERROR_ACCESS_DENIED);
    let h2 = anon(&mut sys, p, PAGE_READWRITE, 0x20000);
    let v = map(&mut sys, p, h2, FILE_MAP_READ, 0x20000, 0);
    assert_fails(&mut sys, p, v, ERROR_ACCESS_DENIED);
}

/// F5 — a view running past the end of the section is ERROR_ACCESS_DENIED
/// (STATUS_INVALID_VIEW_SIZE): offset 0x10000 + 0x20000 and 0x30000 at 0 on a 0x21000 section.
/// Sources: catalog F5; Wine 8 oracle `map_offset_plus_size_past_end`,
/// `map_size_larger_than_section`; wine tests `test_NtQuerySection`.
#[test]
fn f5_view_past_the_end_is_access_denied() {
    let (mut sys, pids) = machine(&["app"]);
    let p = pids[0];
    let h = anon(&mut sys, p, PAGE_READWRITE, 0x21000);
    let v = map(&mut sys, p, h, FILE_MAP_READ, 0x10000, 0x20000);
    assert_fails(&mut sys, p, v, ERROR_ACCESS_DENIED);
    let v = map(&mut sys, p, h, FILE_MAP_READ, 0, 0x30000);
    assert_fails(&mut sys, p, v, ERROR_ACCESS_DENIED);
    // A size larger than the whole user address space is refused before the section is
    // looked at: ERROR_INVALID_PARAMETER (NtMapViewOfSection's range check; wine
    // ntdll/tests/virtual.c test_NtMapViewOfSection; src/mm/view_parameters.rs).
    let v = map(&mut sys, p, h, FILE_MAP_READ, 0, u64::MAX);
    assert_fails(&mut sys, p, v, ERROR_INVALID_PARAMETER);
    map_ok(&mut sys, p, h, FILE_MAP_READ, 0x10000, 0x11000);
}

/// F6 — views are page-granular: a 1-byte view has RegionSize 4096 and all 4096 bytes are
/// accessible. Sources: catalog F6; Wine 8 oracle `map_size_1`.
#[test]
fn f6_views_are_page_granular() {
    let (mut sys, pids) = machine(&["app"]);
    let p = pids[0];
    let h = anon(&mut sys, p, PAGE_READWRITE, 0x10000);
    let v = map_ok(&mut sys, p, h, FILE_MAP_WRITE, 0, 1);
    assert_eq!(query(&mut sys, p, v).RegionSize, 4096);
    assert_eq!(write(&mut sys, p, v + 4095, b"e"), Ok(()));
    assert_eq!(write(&mut sys, p, v + 4096, b"x"), Err(av(v + 4096, true)));
}

/// F7 — each view gets its own 64 KiB-aligned address, and views (also one at another offset)
/// are coherent. Sources: catalog F7; Wine 8 oracle `view_base_64k_aligned`,
/// `two_views_coherent` (`distinct_addr=1 view2_sees=1 offset_view_sees=1`); wine tests
/// `test_MapViewOfFile` (`ptr != ptr2`).
#[test]
fn f7_views_get_distinct_64k_aligned_addresses_and_are_coherent() {
    let (mut sys, pids) = machine(&["app"]);
    let p = pids[0];
    let h = anon(&mut sys, p, PAGE_READWRITE, 0x20000);
    let mut bases = Vec::new();
    for _ in 0..4 {
        let v = map_ok(&mut sys, p, h, FILE_MAP_WRITE, 0, 0x1000);
        assert_eq!(v % 0x10000, 0);
        assert!(!bases.contains(&v));
        bases.push(v);
    }
    let (a, b) = (bases[0], bases[1]);
    let off = map_ok(&mut sys, p, h, FILE_MAP_READ, 0x10000, 0);
    assert_eq!(off % 0x10000, 0);
    assert_eq!(write(&mut sys, p, a + 10, b"hello"), Ok(()));
    assert_eq!(read(&mut sys, p, b + 10, 5), Ok(b"hello".to_vec()));
    let whole = map_ok(&mut sys, p, h, FILE_MAP_WRITE, 0, 0);
    assert_eq!(write(&mut sys, p, whole + 0x10000, b"off"), Ok(()));
    assert_eq!(read(&mut sys, p, off, 3), Ok(b"off".to_vec()));
    assert_eq!(write(&mut sys, p, b + 20, b"back"), Ok(()));
    assert_eq!(read(&mut sys, p, whole + 20, 4), Ok(b"back".to_vec()));
}

/// F8 — MapViewOfFileEx at an address in use (a view's base, inside it, or overlapping it) is
/// ERROR_INVALID_ADDRESS (STATUS_CONFLICTING_ADDRESSES). Sources: catalog F8; MapViewOfFileEx
/// doc; Wine 8 oracle `mapex_address_in_use`; wine tests `ntdll/tests/virtual.c
/// test_NtMapViewOfSection`.
#[test]
fn f8_map_view_ex_at_an_address_in_use() {
    let (mut sys, pids) = machine(&["app"]);
    let p = pids[0];
    let h = anon(&mut sys, p, PAGE_READWRITE, 0x20000);
    let base = 0x2000_0000;
    let v = sys
        .win32(p)
        .MapViewOfFileEx(h, FILE_MAP_READ, 0, 0, 0, base);
    check(&sys);
    assert_eq!(v, base);
    for (at, size) in [
        (base, 4096),
        (base + 0x10000, 4096),
        (base - 0x10000, 0x20000),
    ] {
        let r = sys
            .win32(p)
            .MapViewOfFileEx(h, FILE_MAP_READ, 0, 0, size, at);
        assert_fails(&mut sys, p, r, ERROR_INVALID_ADDRESS);
    }
    assert_eq!(query(&mut sys, p, base - 0x10000).State, MEM_FREE);
}

/// F9 — MapViewOfFileEx base must be 64 KiB aligned: page-aligned-only and odd addresses are
/// ERROR_MAPPED_ALIGNMENT (and nothing is mapped there); a free aligned base is used exactly.
/// Sources: catalog F9; Wine 8 oracle `mapex_address_page_aligned_not_64k` (`at_requested=0`),
/// `mapex_address_unaligned_1`, `mapex_address_free_64k_aligned` (`at_requested=1`); kernelbase
/// `test_MapViewOfFile3`.
#[test]
fn f9_map_view_ex_base_alignment() {
    let (mut sys, pids) = machine(&["app"]);
    let p = pids[0];
    let h = anon(&mut sys, p, PAGE_READWRITE, 0x10000);
    let free = 0x4000_0000;
    assert_eq!(query(&mut sys, p, free).State, MEM_FREE);
    for at in [free + 0x1000, free + 1] {
        let r = sys
            .win32(p)
            .MapViewOfFileEx(h, FILE_MAP_READ, 0, 0, 0x1000, at);
        assert_fails(&mut sys, p, r, ERROR_MAPPED_ALIGNMENT);
        assert_eq!(query(&mut sys, p, at).State, MEM_FREE);
    }
    let v = sys
        .win32(p)
        .MapViewOfFileEx(h, FILE_MAP_READ, 0, 0, 0x1000, free);
    check(&sys);
    assert_eq!(v, free);
    let mbi = query(&mut sys, p, free);
    assert_eq!((mbi.AllocationBase, mbi.Type), (free, MEM_MAPPED));
}

/// F10 — UnmapViewOfFile accepts any address inside a view (base+100, +0x1000, +0x1064) and
/// unmaps the whole view, leaving the last error unchanged. Sources: catalog F10; wine tests
/// `virtual.c test_MapViewOfFile`; Wine 8 oracle `unmap_interior_address`.
#[test]
fn f10_unmap_at_an_interior_address() {
    let (mut sys, pids) = machine(&["app"]);
    let p = pids[0];
    let h = anon(&mut sys, p, PAGE_READWRITE, 0x10000);
    for interior in [100, 4096, 4096 + 100] {
        let v = map_ok(&mut sys, p, h, FILE_MAP_READ, 0, 12288);
        set_err(&mut sys, p, 0xDEAD_BEEF);
        assert_eq!(sys.win32(p).UnmapViewOfFile(v + interior), TRUE);
        check(&sys);
        assert_eq!(err(&mut sys, p), 0xDEAD_BEEF);
        for page in [v, v + 0x1000, v + 0x2000] {
            assert_eq!(query(&mut sys, p, page).State, MEM_FREE);
        }
    }
}

/// F11 — UnmapViewOfFile on what is not a view (twice, NULL, VirtualAlloc memory at its base
/// and inside, 0xdeadbeef) is ERROR_INVALID_ADDRESS. Sources: catalog F11; wine tests
/// `test_MapViewOfFile`; Wine 8 oracle `unmap_twice`, `unmap_virtualalloc_memory`, `unmap_null`,
/// `unmap_0xdeadbeef`.
#[test]
fn f11_unmap_of_a_non_view_is_invalid_address() {
    let (mut sys, pids) = machine(&["app"]);
    let p = pids[0];
    let h = anon(&mut sys, p, PAGE_READWRITE, 0x10000);
    let v = map_ok(&mut sys, p, h, FILE_MAP_READ, 0, 0);
    unmap(&mut sys, p, v);
    let r = sys.win32(p).UnmapViewOfFile(v);
    assert_fails(&mut sys, p, r, ERROR_INVALID_ADDRESS);
    let r = sys.win32(p).UnmapViewOfFile(0);
    assert_fails(&mut sys, p, r, ERROR_INVALID_ADDRESS);
    let mem = sys
        .win32(p)
        .VirtualAlloc(0, 0x10000, MEM_COMMIT, PAGE_READONLY);
    check(&sys);
    assert_ne!(mem, 0);
    for addr in [mem, mem + 0x3000, 0xdead_beef] {
        let r = sys.win32(p).UnmapViewOfFile(addr);
        assert_fails(&mut sys, p, r, ERROR_INVALID_ADDRESS);
    }
    assert_eq!(query(&mut sys, p, mem).Type, MEM_PRIVATE);
}

/// F12 — MapViewOfFile with a handle that is not a section (NULL, closed, GetCurrentProcess(),
/// an event) is ERROR_INVALID_HANDLE. Sources: catalog F12; Wine 8 oracle `map_null_handle`,
/// `map_closed_handle`, `map_pseudo_process_handle`, `map_event_handle`.
#[test]
fn f12_non_section_handles_are_invalid_handle() {
    let (mut sys, pids) = machine(&["app"]);
    let p = pids[0];
    let closed = anon(&mut sys, p, PAGE_READWRITE, 0x1000);
    close(&mut sys, p, closed);
    let event = sys.win32(p).CreateEventW(None, TRUE, FALSE, None);
    check(&sys);
    assert_ne!(event, 0);
    let me = sys.win32(p).GetCurrentProcess();
    for h in [0, closed, me, event] {
        let v = map(&mut sys, p, h, FILE_MAP_READ, 0, 0);
        assert_fails(&mut sys, p, v, ERROR_INVALID_HANDLE);
    }
}

/// F13 — VirtualQuery on a view: BaseAddress the queried page, AllocationBase the view base,
/// AllocationProtect the view protection, RegionSize the rest of the uniform run, MEM_COMMIT,
/// MEM_MAPPED; after UnmapViewOfFile: MEM_FREE, PAGE_NOACCESS, AllocationBase 0,
/// AllocationProtect 0, Type 0. Bad arguments (engine doc, `win32/memory.rs`): short buffer
/// ERROR_BAD_LENGTH, NULL buffer ERROR_NOACCESS, address beyond user space
/// ERROR_INVALID_PARAMETER. Sources: catalog F13; Wine 8 oracle `anon_rw_64k_map_all_access`;
/// wine tests `test_MapViewOfFile` (after unmap), `test_mapping`.
#[test]
fn f13_virtual_query_fields() {
    let (mut sys, pids) = machine(&["app"]);
    let p = pids[0];
    let h = anon(&mut sys, p, PAGE_READWRITE, 0x10000);
    let v = map_ok(&mut sys, p, h, FILE_MAP_ALL_ACCESS, 0, 0);
    let mbi = query(&mut sys, p, v);
    assert_eq!(
        mbi,
        MEMORY_BASIC_INFORMATION {
            BaseAddress: v,
            AllocationBase: v,
            AllocationProtect: PAGE_READWRITE,
            PartitionId: 0,
            RegionSize: 0x10000,
            State: MEM_COMMIT,
            Protect: PAGE_READWRITE,
            Type: MEM_MAPPED,
        }
    );
    let mbi = query(&mut sys, p, v + 0x1234);
    assert_eq!(mbi.BaseAddress, v + 0x1000);
    assert_eq!(mbi.AllocationBase, v);
    assert_eq!(mbi.RegionSize, 0xF000);

    let mut out = MEMORY_BASIC_INFORMATION::default();
    let n = sys.win32(p).VirtualQuery(v, Some(&mut out), 47);
    assert_fails(&mut sys, p, n, ERROR_BAD_LENGTH);
    let n = sys.win32(p).VirtualQuery(v, None, 48);
    assert_fails(&mut sys, p, n, ERROR_NOACCESS);
    let n = sys
        .win32(p)
        .VirtualQuery(0x8000_0000_0000, Some(&mut out), 48);
    assert_fails(&mut sys, p, n, ERROR_INVALID_PARAMETER);

    unmap(&mut sys, p, v);
    let mbi = query(&mut sys, p, v);
    assert_eq!(mbi.BaseAddress, v);
    assert_eq!(mbi.State, MEM_FREE);
    assert_eq!(mbi.Protect, PAGE_NOACCESS);
    assert_eq!(mbi.AllocationBase, 0);
    assert_eq!(mbi.AllocationProtect, 0);
    assert_eq!(mbi.Type, 0);
    assert!(mbi.RegionSize >= 0x10000);
}

/// F14 — VirtualProtect on a view succeeds iff the requested access fits the view's
/// AllocationProtect (Wine `is_compatible_protection`, WRITECOPY counting as read), reports the
/// previous per-page protection, else ERROR_INVALID_PARAMETER; every `view[]` row × every
/// `page_prot[]` value on a PAGE_EXECUTE_READWRITE section. A NULL lpflOldProtect is
/// ERROR_NOACCESS and changes nothing. Sources: catalog F14; wine tests `virtual.c test_mapping`
/// (VirtualProtect loop, research §1c), `test_VirtualProtect`; Wine 8 oracle
/// `virtualprotect_rw_view_to_ro` (`old=0x4`), `virtualprotect_read_view_to_rw`.
#[test]
fn f14_virtual_protect_compatibility_table() {
    let (mut sys, pids) = machine(&["app"]);
    let p = pids[0];
    let h = anon(&mut sys, p, PAGE_EXECUTE_READWRITE, 0x2000);
    for (access, _) in VIEW_TABLE {
        let v = map_ok(&mut sys, p, h, access, 0, 0);
        let mbi = query(&mut sys, p, v);
        let alloc = mbi.AllocationProtect;
        let mut prev = mbi.Protect;
        for prot in PAGE_PROTS {
            let what = format!("view {alloc:#x} -> {prot:#x}");
            let (r, old) = protect(&mut sys, p, v, 0x1000, prot);
            if is_compatible_protection(alloc, prot) {
                assert_eq!(r, TRUE, "{what}: error {}", err(&mut sys, p));
                assert_eq!(old, prev, "{what}");
                let mbi = query(&mut sys, p, v);
                assert_eq!(mbi.Protect, prot, "{what}");
                assert_eq!(mbi.AllocationProtect, alloc, "{what}");
                let run = if prot == alloc { 0x2000 } else { 0x1000 };
                assert_eq!(mbi.RegionSize, run, "{what}");
                prev = prot;
            } else {
                assert_eq!(r, FALSE, "{what} was allowed");
                assert_eq!(err(&mut sys, p), ERROR_INVALID_PARAMETER, "{what}");
                assert_eq!(query(&mut sys, p, v).Protect, prev, "{what}");
            }
        }
        unmap(&mut sys, p, v);
    }

    let rw = map_ok(&mut sys, p, h, FILE_MAP_WRITE, 0, 0);
    assert_eq!(
        protect(&mut sys, p, rw, 0x1000, PAGE_READONLY),
        (TRUE, PAGE_READWRITE)
    );
    let ro = map_ok(&mut sys, p, h, FILE_MAP_READ, 0, 0);
    let (r, _) = protect(&mut sys, p, ro, 0x1000, PAGE_READWRITE);
    assert_fails(&mut sys, p, r, ERROR_INVALID_PARAMETER);
    let r = sys
        .win32(p)
        .VirtualProtect(rw + 0x1000, 0x1000, PAGE_READONLY, None);
    assert_fails(&mut sys, p, r, ERROR_NOACCESS);
    assert_eq!(query(&mut sys, p, rw + 0x1000).Protect, PAGE_READWRITE);
}

/// F15 — copy-on-write views are private: a write through a FILE_MAP_COPY view lands in a
/// private page (other views keep the old byte; later shared writes no longer show there), the
/// written page reports PAGE_READWRITE with RegionSize one page, its neighbours stay
/// PAGE_WRITECOPY, Type stays MEM_MAPPED; VirtualProtect(PAGE_WRITECOPY) on the written page
/// reports PAGE_READWRITE; unwritten pages still follow the section. Works on a PAGE_READONLY
/// section too. Sources: catalog F15; wine tests `test_mapping` (`map_prot_written`,
/// `prot_after_write`, research §1e); Wine 8 oracle `map_FILE_MAP_COPY_on_rw`,
/// `map_FILE_MAP_COPY_write_not_shared`, `ro_section_map_FILE_MAP_COPY`,
/// `ro_section_copy_view_write_private` (Wine keeps 0x08 after the write: README).
#[test]
fn f15_copy_on_write_is_private() {
    let (mut sys, pids) = machine(&["app"]);
    let p = pids[0];
    let h = anon(&mut sys, p, PAGE_READWRITE, 0x10000);
    let shared = map_ok(&mut sys, p, h, FILE_MAP_WRITE, 0, 0);
    let cow = map_ok(&mut sys, p, h, FILE_MAP_COPY, 0, 0);
    assert_eq!(query(&mut sys, p, cow).Protect, PAGE_WRITECOPY);

    assert_eq!(write(&mut sys, p, cow + 0x1000, b"!"), Ok(()));
    assert_eq!(read(&mut sys, p, shared + 0x1000, 1), Ok(vec![0]));
    assert_eq!(read(&mut sys, p, cow + 0x1000, 1), Ok(b"!".to_vec()));

    let page0 = query(&mut sys, p, cow);
    assert_eq!((page0.Protect, page0.RegionSize), (PAGE_WRITECOPY, 0x1000));
    let written = query(&mut sys, p, cow + 0x1000);
    assert_eq!(written.Protect, PAGE_READWRITE);
    assert_eq!(written.RegionSize, 0x1000);
    assert_eq!(written.AllocationProtect, PAGE_WRITECOPY);
    assert_eq!(written.Type, MEM_MAPPED);
    assert_eq!(written.State, MEM_COMMIT);
    let rest = query(&mut sys, p, cow + 0x2000);
    assert_eq!((rest.Protect, rest.RegionSize), (PAGE_WRITECOPY, 0xE000));

    // The private copy no longer follows the section; untouched pages do.
    assert_eq!(write(&mut sys, p, shared + 0x1000, b"S"), Ok(()));
    assert_eq!(read(&mut sys, p, cow + 0x1000, 1), Ok(b"!".to_vec()));
    assert_eq!(write(&mut sys, p, shared, b"Z"), Ok(()));
    assert_eq!(read(&mut sys, p, cow, 1), Ok(b"Z".to_vec()));

    let (r, old) = protect(&mut sys, p, cow + 0x1000, 0x1000, PAGE_WRITECOPY);
    assert_eq!((r, old), (TRUE, PAGE_READWRITE));
    assert_eq!(query(&mut sys, p, cow + 0x1000).Protect, PAGE_READWRITE);

    // FILE_MAP_COPY|FILE_MAP_WRITE is a shared write view (E8).
    let cw = map_ok(&mut sys, p, h, FILE_MAP_COPY | FILE_MAP_WRITE, 0, 0);
    assert_eq!(write(&mut sys, p, cw + 0x3000, b"C"), Ok(()));
    assert_eq!(read(&mut sys, p, shared + 0x3000, 1), Ok(b"C".to_vec()));

    let ro = anon(&mut sys, p, PAGE_READONLY, 0x10000);
    let rv = map_ok(&mut sys, p, ro, FILE_MAP_READ, 0, 0);
    let rc = map_ok(&mut sys, p, ro, FILE_MAP_COPY, 0, 0);
    assert_eq!(query(&mut sys, p, rc).Protect, PAGE_WRITECOPY);
    assert_eq!(write(&mut sys, p, rc, b"!"), Ok(()));
    assert_eq!(read(&mut sys, p, rv, 1), Ok(vec![0]));
    assert_eq!(query(&mut sys, p, rc).Protect, PAGE_READWRITE);
}

/// F16 — SEC_RESERVE views start reserved: MEM_RESERVE, Protect 0, AllocationProtect
/// PAGE_READWRITE, MEM_MAPPED, RegionSize the whole view; touching a reserved page raises
/// EXCEPTION_ACCESS_VIOLATION (Windows; Wine lets it through), and VirtualProtect on it is
/// ERROR_INVALID_ADDRESS (STATUS_NOT_COMMITTED). Sources: catalog F16; Wine 8 oracle
/// `sec_reserve_create`, `sec_reserve_view`; README (`sec_reserve_touch_uncommitted`); wine tests
/// `test_MapViewOfFile`, `test_VirtualAllocEx` (not-committed protect); research §4.
#[test]
fn f16_sec_reserve_views_are_reserved_and_fault() {
    let (mut sys, pids) = machine(&["app"]);
    let p = pids[0];
    let h = anon(&mut sys, p, PAGE_READWRITE | SEC_RESERVE, 0x40000);
    let info = section(&sys, p, h);
    assert_eq!((info.size, info.attributes), (0x40000, SEC_RESERVE));
    let v = map_ok(&mut sys, p, h, FILE_MAP_WRITE, 0, 0);
    let mbi = query(&mut sys, p, v);
    assert_eq!(mbi.State, MEM_RESERVE);
    assert_eq!(mbi.Protect, 0);
    assert_eq!(mbi.AllocationProtect, PAGE_READWRITE);
    assert_eq!(mbi.Type, MEM_MAPPED);
    assert_eq!(mbi.RegionSize, 0x40000);

    let e = read(&mut sys, p, v + 0x10, 1).unwrap_err();
    assert_eq!(e, av(v + 0x10, false));
    assert_eq!(e.code(), EXCEPTION_ACCESS_VIOLATION);
    assert_eq!(
        write(&mut sys, p, v + 0x3000, b"w"),
        Err(av(v + 0x3000, true))
    );
    assert_eq!(query(&mut sys, p, v).State, MEM_RESERVE);

    let (r, _) = protect(&mut sys, p, v, 0x1000, PAGE_READONLY);
    assert_fails(&mut sys, p, r, ERROR_INVALID_ADDRESS);
}

/// F17 — VirtualAlloc(MEM_COMMIT) on a SEC_RESERVE view commits the pages in the section: every
/// view sees them committed (RegionSize the committed run) with its own protection (the
/// committing view PAGE_READONLY, the other PAGE_READWRITE), data is shared, the rest stays
/// reserved. Sources: catalog F17; wine tests `virtual.c test_MapViewOfFile` (research §4
/// table); Wine 8 oracle `sec_reserve_virtualalloc_commit`,
/// `sec_reserve_commit_visible_in_other_view`; CreateFileMappingW doc (SEC_RESERVE).
#[test]
fn f17_commit_through_one_view_commits_in_every_view() {
    let (mut sys, pids) = machine(&["app", "other"]);
    let (p, q) = (pids[0], pids[1]);
    let size = 0x10_0000;
    let h = create(&mut sys, p, PAGE_READWRITE | SEC_RESERVE, size, Some("F17"));
    let ptr = map_ok(&mut sys, p, h, FILE_MAP_WRITE, 0, 0);
    let ptr2 = map_ok(&mut sys, p, h, FILE_MAP_WRITE, 0, 0);
    assert_ne!(ptr, ptr2);
    let hq = open(&mut sys, q, FILE_MAP_WRITE, "F17");
    let qv = map_ok(&mut sys, q, hq, FILE_MAP_WRITE, 0, 0);

    set_err(&mut sys, p, 0xDEAD_BEEF);
    assert_eq!(
        sys.win32(p)
            .VirtualAlloc(ptr, 0x10000, MEM_COMMIT, PAGE_READONLY),
        ptr
    );
    check(&sys);
    assert_eq!(err(&mut sys, p), 0xDEAD_BEEF);

    let a = query(&mut sys, p, ptr);
    assert_eq!(
        (a.BaseAddress, a.AllocationBase, a.AllocationProtect),
        (ptr, ptr, PAGE_READWRITE)
    );
    assert_eq!(
        (a.RegionSize, a.State, a.Protect, a.Type),
        (0x10000, MEM_COMMIT, PAGE_READONLY, MEM_MAPPED)
    );
    for (pid, view) in [(p, ptr2), (q, qv)] {
        let b = query(&mut sys, pid, view);
        assert_eq!(
            (b.RegionSize, b.State, b.Protect, b.AllocationProtect),
            (0x10000, MEM_COMMIT, PAGE_READWRITE, PAGE_READWRITE)
        );
        let rest = query(&mut sys, pid, view + 0x10000);
        assert_eq!(
            (rest.State, rest.Protect, rest.RegionSize),
            (MEM_RESERVE, 0, size - 0x10000)
        );
    }

    assert_eq!(write(&mut sys, q, qv + 8, b"shared"), Ok(()));
    assert_eq!(read(&mut sys, p, ptr + 8, 6), Ok(b"shared".to_vec()));
    assert_eq!(read(&mut sys, p, ptr2 + 8, 6), Ok(b"shared".to_vec()));
    assert_eq!(write(&mut sys, p, ptr, b"x"), Err(av(ptr, true)));

    // The Wine oracle's single-page commit.
    assert_eq!(
        sys.win32(p)
            .VirtualAlloc(ptr2 + 0x20000, 4096, MEM_COMMIT, PAGE_READWRITE),
        ptr2 + 0x20000
    );
    check(&sys);
    let c = query(&mut sys, q, qv + 0x20000);
    assert_eq!((c.State, c.RegionSize), (MEM_COMMIT, 4096));
}

/// F18 — VirtualFree cannot decommit or release view pages (ERROR_INVALID_PARAMETER), on
/// SEC_RESERVE and SEC_COMMIT views alike; VirtualAlloc(MEM_RESET) over a whole, partly
/// reserved view is accepted. Sources: catalog F18; wine tests `virtual.c test_MapViewOfFile`
/// (research §4); Wine 8 oracle `sec_reserve_virtualfree_decommit`,
/// `sec_reserve_virtualfree_release_view`; CreateFileMappingW doc.
#[test]
fn f18_virtual_free_on_a_view_is_invalid_parameter() {
    let (mut sys, pids) = machine(&["app"]);
    let p = pids[0];
    let size = 0x10_0000;
    for attrs in [SEC_RESERVE, SEC_COMMIT] {
        let h = anon(&mut sys, p, PAGE_READWRITE | attrs, size);
        let v = map_ok(&mut sys, p, h, FILE_MAP_WRITE, 0, 0);
        assert_eq!(
            sys.win32(p)
                .VirtualAlloc(v, 0x10000, MEM_COMMIT, PAGE_READWRITE),
            v
        );
        check(&sys);
        assert_eq!(write(&mut sys, p, v, b"keep"), Ok(()));
        assert_eq!(
            sys.win32(p).VirtualAlloc(v, size, MEM_RESET, PAGE_READONLY),
            v
        );
        check(&sys);
        let r = sys.win32(p).VirtualFree(v, 0x10000, MEM_DECOMMIT);
        assert_fails(&mut sys, p, r, ERROR_INVALID_PARAMETER);
        let r = sys.win32(p).VirtualFree(v, 0, MEM_RELEASE);
        assert_fails(&mut sys, p, r, ERROR_INVALID_PARAMETER);
        let mbi = query(&mut sys, p, v);
        assert_eq!((mbi.State, mbi.Type), (MEM_COMMIT, MEM_MAPPED));
        unmap(&mut sys, p, v);
    }
}

/// F19 — VirtualAlloc(MEM_COMMIT) on a SEC_COMMIT page-file view succeeds iff the protection is
/// compatible with the view (Wine `is_compatible_protection(view[j].prot, page_prot[k])`) and
/// then sets it; otherwise ERROR_INVALID_PARAMETER. Every `view[]` row × `page_prot[]` value on a
/// PAGE_EXECUTE_READWRITE section, plus the RW view -> PAGE_READONLY case of
/// `test_MapViewOfFile`. Sources: catalog F19; wine tests `virtual.c test_mapping` (research
/// §1d), `test_MapViewOfFile` (SEC_COMMIT variant).
#[test]
fn f19_mem_commit_on_sec_commit_views() {
    let (mut sys, pids) = machine(&["app"]);
    let p = pids[0];
    let h = anon(&mut sys, p, PAGE_EXECUTE_READWRITE | SEC_COMMIT, 0x2000);
    for (access, _) in VIEW_TABLE {
        for prot in PAGE_PROTS {
            let v = map_ok(&mut sys, p, h, access, 0, 0);
            // The view's own protection (E8 checks it against the table).
            let view_prot = query(&mut sys, p, v).AllocationProtect;
            let what = format!("view {view_prot:#x} MEM_COMMIT {prot:#x}");
            let r = sys.win32(p).VirtualAlloc(v, 0x1000, MEM_COMMIT, prot);
            check(&sys);
            if is_compatible_protection(view_prot, prot) {
                assert_eq!(r, v, "{what}: error {}", err(&mut sys, p));
                let mbi = query(&mut sys, p, v);
                let run = if prot == view_prot { 0x2000 } else { 0x1000 };
                assert_eq!((mbi.Protect, mbi.RegionSize), (prot, run), "{what}");
                assert_eq!(mbi.AllocationProtect, view_prot, "{what}");
                assert_eq!(query(&mut sys, p, v + 0x1000).Protect, view_prot, "{what}");
            } else {
                assert_eq!(r, 0, "{what} was allowed");
                assert_eq!(err(&mut sys, p), ERROR_INVALID_PARAMETER, "{what}");
                assert_eq!(query(&mut sys, p, v).Protect, view_prot, "{what}");
            }
            unmap(&mut sys, p, v);
        }
    }

    let big = anon(&mut sys, p, PAGE_READWRITE | SEC_COMMIT, 0x10_0000);
    let v = map_ok(&mut sys, p, big, FILE_MAP_WRITE, 0, 0);
    assert_eq!(
        sys.win32(p)
            .VirtualAlloc(v, 0x10000, MEM_COMMIT, PAGE_READONLY),
        v
    );
    check(&sys);
    let mbi = query(&mut sys, p, v);
    assert_eq!(
        (
            mbi.RegionSize,
            mbi.State,
            mbi.Protect,
            mbi.AllocationProtect
        ),
        (0x10000, MEM_COMMIT, PAGE_READONLY, PAGE_READWRITE)
    );
    let ro = map_ok(&mut sys, p, big, FILE_MAP_READ, 0, 0);
    let r = sys
        .win32(p)
        .VirtualAlloc(ro, 0x1000, MEM_COMMIT, PAGE_READWRITE);
    assert_fails(&mut sys, p, r, ERROR_INVALID_PARAMETER);
}

/// F20 — views of SEC_NOCACHE / SEC_WRITECOMBINE sections carry PAGE_NOCACHE /
/// PAGE_WRITECOMBINE in Protect and AllocationProtect, and MEM_COMMIT PAGE_READONLY on a
/// SEC_COMMIT|SEC_NOCACHE view gives Protect PAGE_READONLY|PAGE_NOCACHE (the modifier belongs to
/// the view). Sources: catalog F20; wine tests `virtual.c test_MapViewOfFile` (SEC_NOCACHE
/// variant: `info.Protect == (PAGE_READONLY | PAGE_NOCACHE)` after the commit, research §4);
/// Wine 8 oracle `sec_commit_nocache` (`section_attr=0x18000000`).
#[test]
fn f20_nocache_and_writecombine_views_carry_the_modifier() {
    let (mut sys, pids) = machine(&["app"]);
    let p = pids[0];
    let size = 0x10_0000;
    let h = anon(&mut sys, p, PAGE_READWRITE | SEC_COMMIT | SEC_NOCACHE, size);
    assert_eq!(section(&sys, p, h).attributes, 0x1800_0000);
    let v = map_ok(&mut sys, p, h, FILE_MAP_WRITE, 0, 0);
    let mbi = query(&mut sys, p, v);
    assert_eq!(mbi.AllocationProtect, PAGE_READWRITE | PAGE_NOCACHE);
    assert_eq!(mbi.Protect, PAGE_READWRITE | PAGE_NOCACHE);
    assert_eq!((mbi.RegionSize, mbi.State), (size, MEM_COMMIT));
    assert_eq!(write(&mut sys, p, v, b"nc"), Ok(()));

    let wc = anon(
        &mut sys,
        p,
        PAGE_READWRITE | SEC_COMMIT | SEC_WRITECOMBINE,
        0x10000,
    );
    let wv = map_ok(&mut sys, p, wc, FILE_MAP_WRITE, 0, 0);
    let mbi = query(&mut sys, p, wv);
    assert_eq!(mbi.AllocationProtect, PAGE_READWRITE | PAGE_WRITECOMBINE);
    assert_eq!(mbi.Protect, PAGE_READWRITE | PAGE_WRITECOMBINE);

    assert_eq!(
        sys.win32(p)
            .VirtualAlloc(v, 0x10000, MEM_COMMIT, PAGE_READONLY),
        v
    );
    check(&sys);
    let mbi = query(&mut sys, p, v);
    assert_eq!(mbi.RegionSize, 0x10000);
    assert_eq!(mbi.AllocationProtect, PAGE_READWRITE | PAGE_NOCACHE);
    assert_eq!(mbi.Protect, PAGE_READONLY | PAGE_NOCACHE);
}

/// F21 — UnmapViewOfFile2 with a NULL process handle is ERROR_INVALID_HANDLE;
/// MEM_PRESERVE_PLACEHOLDER on a view not mapped into a placeholder is ERROR_INVALID_ADDRESS and
/// the view stays; VirtualFree(MEM_RELEASE|MEM_PRESERVE_PLACEHOLDER) on a view is
/// ERROR_INVALID_PARAMETER; UnmapViewOfFile2(GetCurrentProcess(), view, 0) unmaps. Sources:
/// catalog F21; wine tests `kernelbase/tests/process.c test_VirtualAlloc2`.
#[test]
fn f21_unmap_view_of_file2() {
    let (mut sys, pids) = machine(&["app"]);
    let p = pids[0];
    let h = anon(&mut sys, p, PAGE_READWRITE, 0x10000);
    let v = map_ok(&mut sys, p, h, FILE_MAP_WRITE, 0, 0);
    let r = sys.win32(p).UnmapViewOfFile2(0, v, 0);
    assert_fails(&mut sys, p, r, ERROR_INVALID_HANDLE);
    let me = sys.win32(p).GetCurrentProcess();
    let r = sys
        .win32(p)
        .UnmapViewOfFile2(me, v, MEM_PRESERVE_PLACEHOLDER);
    assert_fails(&mut sys, p, r, ERROR_INVALID_ADDRESS);
    let r = sys
        .win32(p)
        .VirtualFree(v, 0x10000, MEM_RELEASE | MEM_PRESERVE_PLACEHOLDER);
    assert_fails(&mut sys, p, r, ERROR_INVALID_PARAMETER);
    assert_eq!(query(&mut sys, p, v).Type, MEM_MAPPED);
    assert_eq!(sys.win32(p).UnmapViewOfFile2(me, v, 0), TRUE);
    check(&sys);
    assert_eq!(query(&mut sys, p, v).State, MEM_FREE);
}

// ------------------------------------------------------------------------------------------
// VirtualLock / VirtualUnlock, guard pages
// ------------------------------------------------------------------------------------------

/// VirtualUnlock of pages that are not locked is ERROR_NOT_LOCKED ("If any of the pages in the
/// specified range are not locked, VirtualUnlock ... sets last error to ERROR_NOT_LOCKED, and
/// returns FALSE"); locked ranges unlock, in pieces too. VirtualLock of reserved (uncommitted)
/// view pages fails: ERROR_NOACCESS is the engine's documented choice (`virtual_lock`).
/// Sources: MS docs VirtualUnlock, Remarks (research §5); Wine `dlls/ntdll/error.c`
/// (STATUS_NOT_LOCKED -> ERROR_NOT_LOCKED).
#[test]
fn virtual_unlock_of_unlocked_pages_is_not_locked() {
    let (mut sys, pids) = machine(&["app"]);
    let p = pids[0];
    let h = anon(&mut sys, p, PAGE_READWRITE, 0x10000);
    let v = map_ok(&mut sys, p, h, FILE_MAP_WRITE, 0, 0);
    let r = sys.win32(p).VirtualUnlock(v, 0x1000);
    assert_fails(&mut sys, p, r, ERROR_NOT_LOCKED);
    assert_eq!(sys.win32(p).VirtualLock(v, 0x2000), TRUE);
    check(&sys);
    assert_eq!(sys.win32(p).VirtualUnlock(v, 0x1000), TRUE);
    check(&sys);
    let r = sys.win32(p).VirtualUnlock(v, 0x2000);
    assert_fails(&mut sys, p, r, ERROR_NOT_LOCKED);
    assert_eq!(sys.win32(p).VirtualUnlock(v + 0x1000, 0x1000), TRUE);
    check(&sys);
    let r = sys.win32(p).VirtualUnlock(v + 0x1000, 0x1000);
    assert_fails(&mut sys, p, r, ERROR_NOT_LOCKED);

    let res = anon(&mut sys, p, PAGE_READWRITE | SEC_RESERVE, 0x10000);
    let rv = map_ok(&mut sys, p, res, FILE_MAP_WRITE, 0, 0);
    let r = sys.win32(p).VirtualLock(rv, 0x1000);
    assert_fails(&mut sys, p, r, ERROR_NOACCESS);
}

/// Guard pages: VirtualProtect(PAGE_READWRITE|PAGE_GUARD) on a view page; the first access
/// (read or write) raises EXCEPTION_GUARD_PAGE once and clears the guard, then the access works.
/// An access that starts on a normal page faults at the guarded page's first byte. Sources: MS
/// docs "Creating Guard Pages" ("the system ... raises a STATUS_GUARD_PAGE_VIOLATION exception
/// and turns off the guard page status"); MS docs "Memory Protection Constants" (PAGE_GUARD).
#[test]
fn guard_page_faults_once_then_works() {
    let (mut sys, pids) = machine(&["app"]);
    let p = pids[0];
    let h = anon(&mut sys, p, PAGE_READWRITE, 0x10000);
    let v = map_ok(&mut sys, p, h, FILE_MAP_WRITE, 0, 0);
    assert_eq!(
        protect(&mut sys, p, v, 0x1000, PAGE_READWRITE | PAGE_GUARD),
        (TRUE, PAGE_READWRITE)
    );
    let mbi = query(&mut sys, p, v);
    assert_eq!(
        (mbi.Protect, mbi.RegionSize),
        (PAGE_READWRITE | PAGE_GUARD, 0x1000)
    );

    let e = read(&mut sys, p, v + 5, 1).unwrap_err();
    assert_eq!(e, Exception::GuardPage { address: v + 5 });
    assert_eq!(e.code(), EXCEPTION_GUARD_PAGE);
    assert_eq!(query(&mut sys, p, v).Protect, PAGE_READWRITE);
    assert_eq!(read(&mut sys, p, v + 5, 1), Ok(vec![0]));
    assert_eq!(write(&mut sys, p, v + 5, b"g"), Ok(()));

    // A write is an access too; a run from a normal page faults at the guard page.
    assert_eq!(
        protect(&mut sys, p, v + 0x2000, 0x1000, PAGE_READWRITE | PAGE_GUARD),
        (TRUE, PAGE_READWRITE)
    );
    assert_eq!(
        write(&mut sys, p, v + 0x1FFE, b"abcd"),
        Err(Exception::GuardPage {
            address: v + 0x2000
        })
    );
    assert_eq!(write(&mut sys, p, v + 0x1FFE, b"abcd"), Ok(()));
    assert_eq!(read(&mut sys, p, v + 0x1FFE, 4), Ok(b"abcd".to_vec()));
    assert_eq!(query(&mut sys, p, v + 0x2000).Protect, PAGE_READWRITE);
}

// ------------------------------------------------------------------------------------------
// G. Lifetime
// ------------------------------------------------------------------------------------------

/// G4 — a view keeps its section alive after every handle is closed: read/write still work;
/// the section (and its commit charge) goes with the last unmap. Sources: catalog G4; Wine 8
/// oracle `view_outlives_section_handle` (`rw_ok=1`); CreateFileMappingW doc ("Mapped views ...
/// maintain internal references to the object"); MS docs "Closing a File Mapping Object".
#[test]
fn g4_view_outlives_every_handle() {
    let (mut sys, pids) = machine(&["app"]);
    let p = pids[0];
    let h = anon(&mut sys, p, PAGE_READWRITE, 0x10000);
    let d = dup(&mut sys, p, h, FILE_MAP_READ);
    let charged = commit_charge(&sys);
    assert_eq!(charged, 0x10000);
    let v = map_ok(&mut sys, p, h, FILE_MAP_WRITE, 0, 0);
    let v2 = map_ok(&mut sys, p, d, FILE_MAP_READ, 0, 0);
    close(&mut sys, p, h);
    close(&mut sys, p, d);
    assert_eq!(write(&mut sys, p, v + 0xFFFF, b"L"), Ok(()));
    assert_eq!(read(&mut sys, p, v2 + 0xFFFF, 1), Ok(b"L".to_vec()));
    assert_eq!(query(&mut sys, p, v).State, MEM_COMMIT);
    assert_eq!(commit_charge(&sys), charged);
    unmap(&mut sys, p, v);
    assert_eq!(read(&mut sys, p, v2 + 0xFFFF, 1), Ok(b"L".to_vec()));
    assert_eq!(commit_charge(&sys), charged);
    unmap(&mut sys, p, v2);
    assert_eq!(commit_charge(&sys), 0);
}

/// G1, G2, G9 — the lifetime story: close the only handle while a view is mapped: the data stays
/// readable and writable, the name is gone (OpenFileMapping -> ERROR_FILE_NOT_FOUND); creating
/// the name again gives a brand-new zeroed object (ERROR_SUCCESS, not ERROR_ALREADY_EXISTS),
/// while the old view keeps the old data and the two no longer share. Sources: catalog G1, G2,
/// G9; Wine 8 oracle `open_after_handles_closed_view_mapped` (`view_still_readable=1`),
/// `create_again_after_handles_closed_view_mapped` (`sees_old_data=0`); wine tests `virtual.c
/// test_MapViewOfFile` ("close named mapping handle without unmapping").
#[test]
fn g2_lifetime_story_name_goes_view_stays_recreate_is_fresh() {
    let (mut sys, pids) = machine(&["writer", "reader"]);
    let (w, r) = (pids[0], pids[1]);
    let h = create(&mut sys, w, PAGE_READWRITE, 0x10000, Some("Story"));
    assert_ne!(h, 0);
    let old = map_ok(&mut sys, w, h, FILE_MAP_WRITE, 0, 0);
    assert_eq!(write(&mut sys, w, old, b"OLDDATA"), Ok(()));
    close(&mut sys, w, h);

    let o = open(&mut sys, r, FILE_MAP_READ, "Story");
    assert_fails(&mut sys, r, o, ERROR_FILE_NOT_FOUND);
    assert_eq!(read(&mut sys, w, old, 7), Ok(b"OLDDATA".to_vec()));
    assert_eq!(write(&mut sys, w, old + 7, b"+"), Ok(()));

    set_err(&mut sys, r, 0xDEAD_BEEF);
    let fresh = create(&mut sys, r, PAGE_READWRITE, 0x10000, Some("Story"));
    assert_ne!(fresh, 0);
    assert_eq!(err(&mut sys, r), ERROR_SUCCESS);
    let nv = map_ok(&mut sys, r, fresh, FILE_MAP_WRITE, 0, 0);
    assert_eq!(read(&mut sys, r, nv, 8), Ok(vec![0; 8]));
    assert_eq!(write(&mut sys, r, nv, b"NEW"), Ok(()));
    assert_eq!(read(&mut sys, w, old, 8), Ok(b"OLDDATA+".to_vec()));

    let again = open(&mut sys, w, FILE_MAP_READ, "Story");
    assert_ne!(again, 0);
    let av2 = map_ok(&mut sys, w, again, FILE_MAP_READ, 0, 0);
    assert_eq!(read(&mut sys, w, av2, 3), Ok(b"NEW".to_vec()));
}

/// G3 — any surviving handle keeps the name, including a duplicate: close the original, the
/// name still opens and the data is kept; close the duplicate too and the name is gone. Sources:
/// catalog G3; Wine 8 oracle `open_after_closing_one_of_two_handles` (`data_kept=1`),
/// `open_after_closing_all_handles`.
#[test]
fn g3_a_duplicate_handle_keeps_the_name() {
    let (mut sys, pids) = machine(&["app"]);
    let p = pids[0];
    let h = create(&mut sys, p, PAGE_READWRITE, 0x10000, Some("G3"));
    let v = map_ok(&mut sys, p, h, FILE_MAP_WRITE, 0, 0);
    assert_eq!(write(&mut sys, p, v, b"kept"), Ok(()));
    unmap(&mut sys, p, v);
    let d = {
        let mut out: HANDLE = 0;
        let mut w = sys.win32(p);
        let me = w.GetCurrentProcess();
        assert_eq!(
            w.DuplicateHandle(me, h, me, Some(&mut out), 0, FALSE, DUPLICATE_SAME_ACCESS),
            TRUE
        );
        out
    };
    check(&sys);
    close(&mut sys, p, h);
    let o = open(&mut sys, p, FILE_MAP_READ, "G3");
    assert_ne!(o, 0);
    let v = map_ok(&mut sys, p, o, FILE_MAP_READ, 0, 0);
    assert_eq!(read(&mut sys, p, v, 4), Ok(b"kept".to_vec()));
    unmap(&mut sys, p, v);
    close(&mut sys, p, o);
    close(&mut sys, p, d);
    let o = open(&mut sys, p, FILE_MAP_READ, "G3");
    assert_fails(&mut sys, p, o, ERROR_FILE_NOT_FOUND);
}

/// G6 — NtQueryObject(ObjectBasicInformation): HandleCount is the number of open handles in all
/// processes; PointerCount rises by one per mapped view (in any process) and falls by one per
/// unmap. Sources: catalog G6; `OBJECT_BASIC_INFORMATION` (winternl).
#[test]
fn g6_pointer_count_rises_by_one_per_view() {
    let (mut sys, pids) = machine(&["app", "other"]);
    let (p, q) = (pids[0], pids[1]);
    let h = create(&mut sys, p, PAGE_READWRITE, 0x10000, Some("G6"));
    let (_, handles, p0) = basic_info(&sys, p, h);
    assert_eq!(handles, 1);
    assert!(p0 >= handles);

    let v1 = map_ok(&mut sys, p, h, FILE_MAP_WRITE, 0, 0);
    assert_eq!(basic_info(&sys, p, h).1, 1);
    assert_eq!(basic_info(&sys, p, h).2, p0 + 1);
    let v2 = map_ok(&mut sys, p, h, FILE_MAP_READ, 0, 0);
    assert_eq!(basic_info(&sys, p, h).2, p0 + 2);

    let hq = open(&mut sys, q, FILE_MAP_READ, "G6");
    let (_, handles, with_q) = basic_info(&sys, p, h);
    assert_eq!(handles, 2);
    assert!(with_q > p0 + 2);
    assert_eq!(basic_info(&sys, q, hq).1, 2);
    let qv = map_ok(&mut sys, q, hq, FILE_MAP_READ, 0, 0);
    assert_eq!(basic_info(&sys, p, h).2, with_q + 1);

    unmap(&mut sys, p, v1);
    assert_eq!(basic_info(&sys, p, h).2, with_q);
    unmap(&mut sys, q, qv);
    unmap(&mut sys, p, v2);
    assert_eq!(basic_info(&sys, p, h).2, with_q - 2);
    close(&mut sys, q, hq);
    let (_, handles, last) = basic_info(&sys, p, h);
    assert_eq!((handles, last), (1, p0));
}

/// `System::memory_mut` (issue #11): taking the slice is a write access with `write_memory`'s
/// faults and effects — a guard page raises EXCEPTION_GUARD_PAGE once (MS docs "Creating Guard
/// Pages"), a read-only page EXCEPTION_ACCESS_VIOLATION, a copy-on-write page is copied
/// privately and reports PAGE_READWRITE (catalog F15) — and stores through it land in the
/// view; a range crossing a page is ERROR_INVALID_PARAMETER.
#[test]
fn memory_mut_is_a_write_access() {
    let (mut sys, pids) = machine(&["app"]);
    let p = pids[0];
    let h = anon(&mut sys, p, PAGE_READWRITE, 0x10000);
    let v = map_ok(&mut sys, p, h, FILE_MAP_WRITE, 0, 0);
    let cow = map_ok(&mut sys, p, h, FILE_MAP_COPY, 0, 0);
    let ro = map_ok(&mut sys, p, h, FILE_MAP_READ, 0, 0);

    let bytes = sys.memory_mut(p, v + 0x1008, 8).unwrap().unwrap();
    for (i, b) in bytes.iter_mut().enumerate() {
        *b = i as u8 + 1;
    }
    assert_eq!(read(&mut sys, p, ro + 0x1008, 8), Ok((1..=8).collect()));
    assert_eq!(
        sys.memory_mut(p, v + 0x1FFC, 4).unwrap().map(|s| s.len()),
        Ok(4)
    );
    assert_eq!(
        sys.memory_mut(p, v + 0x1FFC, 5).map(|_| ()).unwrap_err(),
        winsection::Win32Error::INVALID_PARAMETER
    );

    assert_eq!(
        sys.memory_mut(p, ro, 1).unwrap().map(|_| ()),
        Err(Exception::AccessViolation {
            address: ro,
            write: true
        })
    );

    sys.memory_mut(p, cow + 0x1000, 1).unwrap().unwrap()[0] = b'!';
    assert_eq!(query(&mut sys, p, cow + 0x1000).Protect, PAGE_READWRITE);
    assert_eq!(read(&mut sys, p, v + 0x1000, 1), Ok(vec![0]));
    assert_eq!(read(&mut sys, p, cow + 0x1000, 1), Ok(b"!".to_vec()));

    protect(&mut sys, p, v + 0x3000, 0x1000, PAGE_READWRITE | PAGE_GUARD);
    assert_eq!(
        sys.memory_mut(p, v + 0x3000, 1).unwrap().map(|_| ()),
        Err(Exception::GuardPage {
            address: v + 0x3000
        })
    );
    assert_eq!(
        sys.memory_mut(p, v + 0x3000, 1).unwrap().map(|s| s.len()),
        Ok(1)
    );
    check(&sys);
}
