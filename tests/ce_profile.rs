//! The Windows CE profile (`Profile::Ce`; catalog K1-K12; issue 9). Each test names its rule
//! and source; "the CE page" is "CreateFileMapping (Windows CE 5.0)"
//! (learn.microsoft.com/previous-versions/windows/embedded/aa517331), which wins where it and
//! the catalogue differ.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

mod common;
use common::check;
use winsection::mm::ce::{CE_SHARED_BASE, CE_SHARED_CAPACITY, CE_SHARED_END};
use winsection::win32::*;
use winsection::{Pid, ProcessSpec, Profile, System, SystemConfig};

fn ce(disk: Option<u64>) -> (System, Pid, Pid) {
    let mut sys = System::with_config(SystemConfig {
        profile: Profile::Ce,
        disk_capacity: disk,
        ..SystemConfig::default()
    });
    let a = sys.spawn(ProcessSpec::named("a")).unwrap();
    let b = sys.spawn(ProcessSpec::named("b")).unwrap();
    (sys, a, b)
}

fn err(sys: &mut System, pid: Pid) -> u32 {
    sys.win32(pid).GetLastError()
}

fn ram(sys: &mut System, pid: Pid, prot: u32, size: u32, name: Option<&str>) -> HANDLE {
    let h = sys
        .win32(pid)
        .CreateFileMappingW(INVALID_HANDLE_VALUE, None, prot, 0, size, name);
    check(sys);
    h
}

fn file_for_mapping(sys: &mut System, pid: Pid, path: &str) -> HANDLE {
    let f = sys.win32(pid).CreateFileForMapping(
        Some(path),
        GENERIC_READ | GENERIC_WRITE,
        FILE_SHARE_READ | FILE_SHARE_WRITE,
        None,
        CREATE_ALWAYS,
        0,
        0,
    );
    assert_ne!(f, INVALID_HANDLE_VALUE);
    f
}

/// K1 — lpFileMappingAttributes "Ignored. Must be NULL": non-NULL is ERROR_INVALID_PARAMETER
/// (emulator choice). Source: the CE page; catalog K1.
#[test]
fn k1_attributes_must_be_null() {
    let (mut sys, a, _) = ce(None);
    let sa = SECURITY_ATTRIBUTES::inherit(false);
    let h = sys.win32(a).CreateFileMappingW(
        INVALID_HANDLE_VALUE,
        Some(&sa),
        PAGE_READWRITE,
        0,
        4096,
        None,
    );
    assert_eq!(h, 0);
    assert_eq!(err(&mut sys, a), ERROR_INVALID_PARAMETER);
    check(&sys);
}

/// K2 — PAGE_READONLY without a file fails with ERROR_INVALID_PARAMETER. Source: the CE page
/// ("You cannot specify PAGE_READONLY without a file handle"); catalog K2.
#[test]
fn k2_readonly_needs_a_file() {
    let (mut sys, a, _) = ce(None);
    assert_eq!(ram(&mut sys, a, PAGE_READONLY, 4096, None), 0);
    assert_eq!(err(&mut sys, a), ERROR_INVALID_PARAMETER);
    assert_ne!(ram(&mut sys, a, PAGE_READWRITE, 4096, None), 0);
}

/// K3 — PAGE_WRITECOPY and executable protections do not exist; nor FILE_MAP_COPY views.
/// Source: CEL_MAPFILE_CREATE ("PAGE_WRITECOPY — Not supported"); the CE page; catalog K3.
#[test]
fn k3_no_writecopy_no_execute() {
    let (mut sys, a, _) = ce(None);
    for prot in [
        PAGE_WRITECOPY,
        PAGE_EXECUTE_READ,
        PAGE_EXECUTE_READWRITE,
        PAGE_EXECUTE_WRITECOPY,
    ] {
        assert_eq!(ram(&mut sys, a, prot, 4096, None), 0, "{prot:#x}");
        assert_eq!(err(&mut sys, a), ERROR_INVALID_PARAMETER);
    }
    let h = ram(&mut sys, a, PAGE_READWRITE, 4096, None);
    assert_eq!(sys.win32(a).MapViewOfFile(h, FILE_MAP_COPY, 0, 0, 0), 0);
    assert_eq!(err(&mut sys, a), ERROR_INVALID_PARAMETER);
    check(&sys);
}

/// K4 — SEC_IMAGE, SEC_NOCACHE and SEC_RESERVE are not supported: ERROR_INVALID_PARAMETER.
/// Source: the CE page; catalog K4.
#[test]
fn k4_no_sec_image_nocache_reserve() {
    let (mut sys, a, _) = ce(None);
    for sec in [SEC_IMAGE, SEC_NOCACHE, SEC_RESERVE] {
        assert_eq!(ram(&mut sys, a, PAGE_READWRITE | sec, 4096, None), 0);
        assert_eq!(err(&mut sys, a), ERROR_INVALID_PARAMETER);
    }
    assert_ne!(ram(&mut sys, a, PAGE_READWRITE | SEC_COMMIT, 4096, None), 0);
}

/// K5 (as the CE page has it) — mappings share one namespace with events, mutexes,
/// semaphores, timers and jobs: a clash is ERROR_INVALID_HANDLE. Source: the CE page (issue 9:
/// the page wins over catalog K5's reading of CreateFileForMapping).
#[test]
fn k5_one_namespace_for_all_types() {
    let (mut sys, a, b) = ce(None);
    assert_ne!(sys.win32(a).CreateEventW(None, 1, 0, Some("N")), 0);
    assert_eq!(ram(&mut sys, b, PAGE_READWRITE, 4096, Some("N")), 0);
    assert_eq!(err(&mut sys, b), ERROR_INVALID_HANDLE);
}

/// K6 — the empty string is a real name on CE: the second create returns the same object with
/// ERROR_ALREADY_EXISTS. Source: CreateFileForMapping (CE 5.0) ("Empty strings, "", are handled
/// as named objects"); catalog K6.
#[test]
fn k6_empty_name_is_a_name() {
    let (mut sys, a, b) = ce(None);
    let h1 = ram(&mut sys, a, PAGE_READWRITE, 4096, Some(""));
    assert_eq!(err(&mut sys, a), ERROR_SUCCESS);
    let h2 = ram(&mut sys, b, PAGE_READWRITE, 4096, Some(""));
    assert_ne!(h2, 0);
    assert_eq!(err(&mut sys, b), ERROR_ALREADY_EXISTS);
    let (va, vb) = (
        sys.win32(a).MapViewOfFile(h1, FILE_MAP_WRITE, 0, 0, 0),
        sys.win32(b).MapViewOfFile(h2, FILE_MAP_READ, 0, 0, 0),
    );
    sys.write_memory(a, va, b"same").unwrap().unwrap();
    assert_eq!(sys.read_memory(b, vb, 4).unwrap().unwrap(), b"same");
}

/// K7 — names are global (no sessions) and flat: a second process's create of the name gets
/// the original object with its size and ERROR_ALREADY_EXISTS; `Global\`-style names (any
/// backslash) are ERROR_INVALID_NAME. Sources: CE core docs "prog_mem_7" ("The name of the
/// memory-mapped object is global"); the CE page (lpName: any character but backslash; the
/// existing object's size); catalog K7, B8.
#[test]
fn k7_global_flat_names() {
    let (mut sys, a, _) = ce(None);
    let other_session = sys
        .spawn(ProcessSpec {
            session: 2,
            ..ProcessSpec::named("c")
        })
        .unwrap();
    let h = ram(&mut sys, a, PAGE_READWRITE, 0x2000, Some("Shared"));
    let o = ram(
        &mut sys,
        other_session,
        PAGE_READWRITE,
        0x10000,
        Some("Shared"),
    );
    assert_ne!(o, 0);
    assert_eq!(err(&mut sys, other_session), ERROR_ALREADY_EXISTS);
    let v = sys
        .win32(other_session)
        .MapViewOfFile(o, FILE_MAP_READ, 0, 0, 0);
    let mut mbi = MEMORY_BASIC_INFORMATION::default();
    assert_eq!(
        sys.win32(other_session).VirtualQuery(v, Some(&mut mbi), 48),
        48
    );
    assert_eq!(mbi.RegionSize, 0x2000, "the existing object keeps its size");
    for name in [r"Global\Shared", r"Local\X", r"a\b"] {
        assert_eq!(ram(&mut sys, a, PAGE_READWRITE, 4096, Some(name)), 0);
        assert_eq!(err(&mut sys, a), ERROR_INVALID_NAME);
    }
    assert_ne!(h, 0);
}

/// K8 — RAM-backed views are in the shared region, at the same address in every process, and
/// show the same bytes; the region's capacity bounds all RAM-backed mappings together
/// (ERROR_NOT_ENOUGH_MEMORY). Source: the CE page ("not part of the 32 MB virtual process
/// space"); catalog K8.
#[test]
fn k8_shared_region() {
    let (mut sys, a, b) = ce(None);
    let h = ram(&mut sys, a, PAGE_READWRITE, 0x3000, Some("M"));
    let hb = ram(&mut sys, b, PAGE_READWRITE, 0x3000, Some("M"));
    let va = sys.win32(a).MapViewOfFile(h, FILE_MAP_WRITE, 0, 0, 0);
    let vb = sys.win32(b).MapViewOfFile(hb, FILE_MAP_WRITE, 0, 0, 0);
    assert_eq!(va, CE_SHARED_BASE);
    assert_eq!(vb, va, "one mapping, one address in every process");
    sys.write_memory(a, va + 0x2000, b"abc").unwrap().unwrap();
    assert_eq!(sys.read_memory(b, vb + 0x2000, 3).unwrap().unwrap(), b"abc");
    // A second mapping's view goes elsewhere in the region, in both processes.
    let h2 = ram(&mut sys, b, PAGE_READWRITE, 0x1000, None);
    let v2 = sys.win32(b).MapViewOfFile(h2, FILE_MAP_WRITE, 0, 0, 0);
    assert!((CE_SHARED_BASE..CE_SHARED_END).contains(&v2) && v2 != va);
    // Capacity: what is left fits, one page more does not.
    let used = 0x4000u64;
    let left = u32::try_from(CE_SHARED_CAPACITY - used).unwrap();
    assert_eq!(ram(&mut sys, a, PAGE_READWRITE, left + 0x1000, None), 0);
    assert_eq!(err(&mut sys, a), ERROR_NOT_ENOUGH_MEMORY);
    assert_ne!(ram(&mut sys, a, PAGE_READWRITE, left, None), 0);
    assert_eq!(ram(&mut sys, a, PAGE_READWRITE, 0x1000, None), 0);
    assert_eq!(err(&mut sys, a), ERROR_NOT_ENOUGH_MEMORY);
    // A full region still opens existing names, whatever size is asked (K7).
    let again = ram(&mut sys, a, PAGE_READWRITE, 0x10000, Some("M"));
    assert_ne!(again, 0);
    assert_eq!(err(&mut sys, a), ERROR_ALREADY_EXISTS);
    assert!(sys.dump().contains("profile ce: process slots"));
}

/// K9 — CreateFileForMapping derives its share mode from the access (GENERIC_READ alone ->
/// FILE_SHARE_READ, else 0); CreateFileMapping takes the file handle over, and closes it when it
/// fails for any reason (a later CloseHandle is FALSE). Sources: CreateFileForMapping (CE 5.0);
/// the CE page (hFile); catalog K9.
#[test]
fn k9_file_handle_belongs_to_the_mapping() {
    let (mut sys, a, b) = ce(None);
    // Read access: others may read, not write.
    let r = sys.win32(a).CreateFileForMapping(
        Some(r"C:\r.bin"),
        GENERIC_READ,
        0,
        None,
        CREATE_ALWAYS,
        0,
        0,
    );
    assert_ne!(r, INVALID_HANDLE_VALUE);
    let w = sys.win32(b).CreateFileW(
        Some(r"C:\r.bin"),
        GENERIC_WRITE,
        FILE_SHARE_READ | FILE_SHARE_WRITE,
        None,
        OPEN_EXISTING,
        0,
        0,
    );
    assert_eq!(w, INVALID_HANDLE_VALUE);
    assert_eq!(err(&mut sys, b), ERROR_SHARING_VIOLATION);
    // Write access: no sharing at all, whatever dwShareMode says.
    let f = file_for_mapping(&mut sys, a, r"C:\w.bin");
    let again = sys.win32(b).CreateFileW(
        Some(r"C:\w.bin"),
        GENERIC_READ,
        FILE_SHARE_READ | FILE_SHARE_WRITE,
        None,
        OPEN_EXISTING,
        0,
        0,
    );
    assert_eq!(again, INVALID_HANDLE_VALUE);
    let m = sys
        .win32(a)
        .CreateFileMappingW(f, None, PAGE_READWRITE, 0, 0x1000, None);
    assert_ne!(m, 0);
    assert_eq!(sys.win32(a).CloseHandle(f), 0);
    assert_eq!(err(&mut sys, a), ERROR_INVALID_HANDLE);
    // Failure for any reason closes it too: a bad protection, non-NULL attributes.
    for bad_attributes in [false, true] {
        let g = file_for_mapping(&mut sys, a, r"C:\g.bin");
        let sa = SECURITY_ATTRIBUTES::inherit(false);
        let (prot, sa) = if bad_attributes {
            (PAGE_READWRITE, Some(&sa))
        } else {
            (PAGE_WRITECOPY, None)
        };
        assert_eq!(
            sys.win32(a)
                .CreateFileMappingW(g, sa, prot, 0, 0x1000, None),
            0
        );
        assert_eq!(err(&mut sys, a), ERROR_INVALID_PARAMETER);
        assert_eq!(sys.win32(a).CloseHandle(g), 0);
        assert_eq!(err(&mut sys, a), ERROR_INVALID_HANDLE);
        check(&sys);
    }
}

/// CreateFileForMapping does not exist on a windows machine: ERROR_CALL_NOT_IMPLEMENTED.
/// Source: issue 9 ("every desktop-only call ... gets the error CE gives").
#[test]
fn k9_create_file_for_mapping_is_ce_only() {
    let mut sys = System::new();
    let p = sys.spawn(ProcessSpec::named("p")).unwrap();
    let f = sys.win32(p).CreateFileForMapping(
        Some(r"C:\x.bin"),
        GENERIC_READ,
        0,
        None,
        CREATE_ALWAYS,
        0,
        0,
    );
    assert_eq!(f, INVALID_HANDLE_VALUE);
    assert_eq!(err(&mut sys, p), ERROR_CALL_NOT_IMPLEMENTED);
}

/// K10 — growing a file to the mapping size on a full volume is ERROR_DISK_FULL, and the
/// handle is closed. Source: the CE page; catalog K10, D6.
#[test]
fn k10_growth_disk_full() {
    let (mut sys, a, _) = ce(Some(0x2000));
    let f = file_for_mapping(&mut sys, a, r"C:\big.bin");
    assert_eq!(
        sys.win32(a)
            .CreateFileMappingW(f, None, PAGE_READWRITE, 0, 0x10000, None),
        0
    );
    assert_eq!(err(&mut sys, a), ERROR_DISK_FULL);
    assert_eq!(sys.win32(a).CloseHandle(f), 0);
    check(&sys);
}

/// K11 — a mapped file cannot be deleted (no delete-pending state). Source: DeleteFile (CE
/// pages: "fails if an application attempts to delete a file that is ... open ... as a
/// memory-mapped file"); catalog K11 (code not documented: ERROR_ACCESS_DENIED, as the
/// windows profile answers).
#[test]
fn k11_mapped_file_cannot_be_deleted() {
    let (mut sys, a, _) = ce(None);
    let f = file_for_mapping(&mut sys, a, r"C:\d.bin");
    let m = sys
        .win32(a)
        .CreateFileMappingW(f, None, PAGE_READWRITE, 0, 0x1000, None);
    assert_ne!(m, 0);
    assert_eq!(sys.win32(a).DeleteFileW(Some(r"C:\d.bin")), 0);
    assert_eq!(err(&mut sys, a), ERROR_ACCESS_DENIED);
    assert_eq!(sys.win32(a).CloseHandle(m), 1);
    assert_eq!(sys.win32(a).DeleteFileW(Some(r"C:\d.bin")), 1);
    check(&sys);
}

/// K12 — CE does not promise ReadFile/WriteFile coherence with views; winsection's CE profile
/// keeps them coherent (one cache per host, as on windows), the stronger choice a program may
/// not rely on. Source: the CE page (hFile: "inconsistencies ... can occur"); catalog K12.
#[test]
fn k12_file_io_is_coherent_here() {
    let (mut sys, a, b) = ce(None);
    let f = file_for_mapping(&mut sys, a, r"C:\c.bin");
    let m = sys
        .win32(a)
        .CreateFileMappingW(f, None, PAGE_READWRITE, 0, 0x1000, Some("C"));
    let v = sys.win32(a).MapViewOfFile(m, FILE_MAP_WRITE, 0, 0, 0);
    sys.write_memory(a, v, b"view").unwrap().unwrap();
    // Another process's view (same address) sees it; so does a new handle's ReadFile.
    let mb = ram(&mut sys, b, PAGE_READWRITE, 0x1000, Some("C"));
    assert_eq!(err(&mut sys, b), ERROR_ALREADY_EXISTS);
    let vb = sys.win32(b).MapViewOfFile(mb, FILE_MAP_READ, 0, 0, 0);
    assert_eq!(vb, v);
    assert_eq!(sys.read_memory(b, vb, 4).unwrap().unwrap(), b"view");
    sys.win32(a).UnmapViewOfFile(v);
    sys.win32(a).CloseHandle(m);
    sys.win32(b).UnmapViewOfFile(vb);
    sys.win32(b).CloseHandle(mb);
    let r = sys.win32(b).CreateFileW(
        Some(r"C:\c.bin"),
        GENERIC_READ,
        FILE_SHARE_READ,
        None,
        OPEN_EXISTING,
        0,
        0,
    );
    let mut buf = [0u8; 4];
    let mut got = 0;
    assert_eq!(sys.win32(b).ReadFile(r, &mut buf, 4, Some(&mut got)), 1);
    assert_eq!(&buf, b"view");
}

/// The windows profile is unchanged: sessions, prefixes and anonymous "" names as before.
#[test]
fn windows_profile_unchanged() {
    let mut sys = System::new();
    let p = sys.spawn(ProcessSpec::named("p")).unwrap();
    let h = ram(&mut sys, p, PAGE_READWRITE, 4096, Some(r"Local\X"));
    assert_ne!(h, 0);
    let e1 = ram(&mut sys, p, PAGE_READWRITE, 4096, Some(""));
    let e2 = ram(&mut sys, p, PAGE_READWRITE, 4096, Some(""));
    assert_eq!(
        err(&mut sys, p),
        ERROR_SUCCESS,
        "anonymous on windows (A13)"
    );
    assert_eq!(sys.win32(p).CompareObjectHandles(e1, e2), 0);
    let v = sys.win32(p).MapViewOfFile(h, FILE_MAP_WRITE, 0, 0, 0);
    assert_eq!(v, 0x1000_0000);
}

/// K8 — private memory (VirtualAlloc) of a CE process stays inside its 32 MB slot; a
/// reservation that cannot fit is ERROR_NOT_ENOUGH_MEMORY. Source: the CE page ("the 32 MB
/// virtual process space"); CE 5.0 "Memory Architecture" (slots); catalog K8.
#[test]
fn k8_private_memory_in_the_slot() {
    let (mut sys, a, _) = ce(None);
    let p = sys
        .win32(a)
        .VirtualAlloc(0, 0x10000, MEM_COMMIT | MEM_RESERVE, PAGE_READWRITE);
    assert!(
        p != 0 && p + 0x10000 <= winsection::mm::ce::CE_SLOT_SIZE,
        "{p:#x}"
    );
    let big = sys.win32(a).VirtualAlloc(
        0,
        winsection::mm::ce::CE_SLOT_SIZE,
        MEM_RESERVE,
        PAGE_READWRITE,
    );
    assert_eq!(big, 0);
    assert_eq!(err(&mut sys, a), ERROR_NOT_ENOUGH_MEMORY);
    check(&sys);
}

/// K7: CE names are flat ("CreateFileMapping (Windows CE 5.0)", lpName: any character but the
/// backslash; no sessions): `Global`, `Local` and `Session` are ordinary names there, not the
/// links a Windows BaseNamedObjects holds, and a process in "session 2" shares the names.
#[test]
fn k7_prefix_words_are_plain_names_and_there_are_no_sessions() {
    let (mut sys, a, _) = ce(None);
    let c = sys
        .spawn(ProcessSpec {
            session: 2,
            ..ProcessSpec::named("c")
        })
        .unwrap();
    let m = ram(&mut sys, a, PAGE_READWRITE, 4096, Some("Global"));
    assert_ne!(m, 0);
    assert_eq!(err(&mut sys, a), ERROR_SUCCESS);
    let e = sys.win32(a).CreateEventW(None, TRUE, FALSE, Some("Local"));
    assert_ne!(e, 0);
    let again = ram(&mut sys, c, PAGE_READWRITE, 4096, Some("Global"));
    assert_ne!(again, 0);
    assert_eq!(err(&mut sys, c), ERROR_ALREADY_EXISTS);
    assert!(!sys.dump().contains("Sessions"), "{}", sys.dump());
    check(&sys);
}
