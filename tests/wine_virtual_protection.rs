//! Ports of wine `dlls/kernel32/tests/virtual.c` `test_VirtualProtect`, `test_VirtualAlloc_protection`
//! and `test_CreateFileMapping_protection` (the Windows-truth lines: plain `ok()` and
//! `todo_wine_if` lines as Windows answers them; `broken()` NT4 / 2000 / XP answers are not
//! used).
//!
//! Skipped: `NtProtectVirtualMemory` with a NULL old-protection pointer (no NT call of that
//! name; `VirtualProtect`'s NULL case is ported).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

mod common;

use common::{check, machine};
use winsection::win32::*;

const PAGE: u64 = 0x1000;
const NA: u32 = PAGE_NOACCESS;
const RO: u32 = PAGE_READONLY;
const RW: u32 = PAGE_READWRITE;
const WC: u32 = PAGE_WRITECOPY;
const X: u32 = PAGE_EXECUTE;
const XR: u32 = PAGE_EXECUTE_READ;
const XRW: u32 = PAGE_EXECUTE_READWRITE;
const XWC: u32 = PAGE_EXECUTE_WRITECOPY;

/// The 32 protections of the tables: each of the 4 low bits combined, then each of the 4 high.
fn all_protections() -> Vec<u32> {
    (0..16u32).chain((1..16u32).map(|h| h << 4)).collect()
}

fn query(w: &mut Win32<'_>, address: u64) -> MEMORY_BASIC_INFORMATION {
    let mut info = MEMORY_BASIC_INFORMATION::default();
    assert_eq!(w.VirtualQuery(address, Some(&mut info), 48), 48);
    info
}

fn is_mem_writable(prot: u32) -> bool {
    matches!(prot & 0xFF, RW | WC | XRW | XWC)
}

/// virtual.c `test_VirtualProtect`: `td[]` (prot_set -> prot_get, 0 = fails) on committed
/// private memory, then the exec x rw matrix for VirtualAlloc(MEM_COMMIT) and VirtualProtect.
#[test]
fn virtual_c_test_virtual_protect() {
    let (mut sys, pids) = machine(&["test"]);
    let mut w = sys.win32(pids[0]);
    let base = w.VirtualAlloc(0, PAGE, MEM_RESERVE | MEM_COMMIT, NA);
    assert_ne!(base, 0);
    assert_eq!(w.VirtualProtect(base, PAGE, RO, None), FALSE);
    assert_eq!(w.GetLastError(), ERROR_NOACCESS);
    let mut old = 0xdeadbeef;
    assert_eq!(w.VirtualProtect(base, PAGE, NA, Some(&mut old)), TRUE);
    assert_eq!(old, NA);
    let prot_get = |p: u32| -> u32 {
        match p {
            NA | RO | RW | X | XR | XRW => p,
            _ => 0,
        }
    };
    for set in all_protections() {
        let info = query(&mut w, base);
        assert_eq!(
            (info.BaseAddress, info.RegionSize, info.Protect),
            (base, PAGE, NA)
        );
        assert_eq!((info.AllocationBase, info.AllocationProtect), (base, NA));
        assert_eq!((info.State, info.Type), (MEM_COMMIT, MEM_PRIVATE));
        let mut old = 0xdeadbeef;
        w.SetLastError(0xdeadbeef);
        let ret = w.VirtualProtect(base, PAGE, set, Some(&mut old));
        let get = prot_get(set);
        if get != 0 {
            assert_eq!(ret, TRUE, "{set:#x}: {}", w.GetLastError());
            assert_eq!(old, NA, "{set:#x}");
            let info = query(&mut w, base);
            assert_eq!((info.RegionSize, info.Protect), (PAGE, get), "{set:#x}");
            assert_eq!(info.AllocationProtect, NA, "{set:#x}");
        } else {
            assert_eq!(ret, FALSE, "{set:#x} should fail");
            assert_eq!(w.GetLastError(), ERROR_INVALID_PARAMETER, "{set:#x}");
        }
        let mut old = 0xdeadbeef;
        assert_eq!(w.VirtualProtect(base, PAGE, NA, Some(&mut old)), TRUE);
        assert_eq!(old, if get != 0 { get } else { NA }, "{set:#x}");
    }
    let mut exec_prot = 0;
    for i in 0..=4 {
        let mut rw_prot = 0;
        for j in 0..=4 {
            let prot = exec_prot | rw_prot;
            let invalid = (rw_prot != 0 && exec_prot != 0) || (rw_prot == 0 && exec_prot == 0);
            let fails = invalid || prot & (WC | XWC) != 0;
            w.SetLastError(0xdeadbeef);
            let ptr = w.VirtualAlloc(base, PAGE, MEM_COMMIT, prot);
            if fails {
                assert_eq!(ptr, 0, "alloc {prot:#x}");
                assert_eq!(w.GetLastError(), ERROR_INVALID_PARAMETER, "alloc {prot:#x}");
            } else {
                assert_eq!(ptr, base, "alloc {prot:#x}: {}", w.GetLastError());
            }
            let mut old = 0;
            let ret = w.VirtualProtect(base, PAGE, prot, Some(&mut old));
            if fails {
                assert_eq!(ret, FALSE, "protect {prot:#x}");
                assert_eq!(
                    w.GetLastError(),
                    ERROR_INVALID_PARAMETER,
                    "protect {prot:#x}"
                );
            } else {
                assert_eq!(ret, TRUE, "protect {prot:#x}: {}", w.GetLastError());
            }
            rw_prot = 1 << j;
        }
        exec_prot = 1 << (i + 4);
    }
    assert_eq!(w.VirtualFree(base, 0, MEM_RELEASE), TRUE);
    check(&sys);
}

/// virtual.c `test_VirtualAlloc_protection`.
#[test]
fn virtual_c_test_virtual_alloc_protection() {
    let (mut sys, pids) = machine(&["test"]);
    let mut w = sys.win32(pids[0]);
    for prot in all_protections() {
        let success = matches!(prot, NA | RO | RW | X | XR | XRW);
        w.SetLastError(0xdeadbeef);
        let base = w.VirtualAlloc(0, PAGE, MEM_COMMIT, prot);
        if !success {
            assert_eq!(base, 0, "{prot:#x} should fail");
            assert_eq!(w.GetLastError(), ERROR_INVALID_PARAMETER, "{prot:#x}");
            continue;
        }
        assert_ne!(base, 0, "{prot:#x}: {}", w.GetLastError());
        let info = query(&mut w, base);
        assert_eq!(
            (info.BaseAddress, info.RegionSize, info.Protect),
            (base, PAGE, prot)
        );
        assert_eq!((info.AllocationBase, info.AllocationProtect), (base, prot));
        assert_eq!((info.State, info.Type), (MEM_COMMIT, MEM_PRIVATE));
        if is_mem_writable(info.Protect) {
            w.write(base, &[0xfe]).unwrap().unwrap();
            assert_eq!(query(&mut w, base).Protect, prot);
        }
        assert_eq!(
            w.VirtualAlloc(base, PAGE, MEM_COMMIT, prot),
            base,
            "{prot:#x}"
        );
        assert_eq!(w.VirtualFree(base, 0, MEM_RELEASE), TRUE);
    }
    check(&sys);
}

/// virtual.c `test_CreateFileMapping_protection`: which protections a file section takes (a
/// FILE_MAP_READ view of each is read-only, cannot be committed and changes protection only to
/// READONLY / WRITECOPY); then, on a PAGE_EXECUTE_READWRITE section's RWX view, every
/// protection through VirtualProtect and what a write turns it into (`prot_after_write`;
/// todo_wine_if lines for WRITECOPY: Windows says PAGE_READWRITE / PAGE_EXECUTE_READWRITE).
#[test]
fn virtual_c_test_create_file_mapping_protection() {
    let (mut sys, pids) = machine(&["test"]);
    let mut w = sys.win32(pids[0]);
    let success = |p: u32| matches!(p, RO | RW | WC | XR | XRW | XWC);
    let after_write = |p: u32| -> u32 {
        match p {
            0 => 0,
            RO => RO,
            RW | WC => RW,
            X => X,
            XR | 0x30 => XR,
            XRW | XWC => XRW,
            _ => NA,
        }
    };
    let rwx = GENERIC_READ | GENERIC_WRITE | GENERIC_EXECUTE;
    let hfile = w.CreateFileW(Some(r"C:\map.tmp"), rwx, 0, None, CREATE_ALWAYS, 0, 0);
    assert_eq!(
        w.SetFilePointer(hfile, PAGE as i32, None, FILE_BEGIN),
        PAGE as u32
    );
    assert_eq!(w.SetEndOfFile(hfile), TRUE);
    for prot in all_protections() {
        w.SetLastError(0xdeadbeef);
        let hmap = w.CreateFileMappingW(hfile, None, prot | SEC_COMMIT, 0, PAGE as u32, None);
        if !success(prot) {
            assert_eq!(hmap, 0, "{prot:#x} should fail");
            assert_eq!(w.GetLastError(), ERROR_INVALID_PARAMETER, "{prot:#x}");
            continue;
        }
        assert_ne!(hmap, 0, "{prot:#x}: {}", w.GetLastError());
        let base = w.MapViewOfFile(hmap, FILE_MAP_READ, 0, 0, 0);
        assert_ne!(base, 0);
        let info = query(&mut w, base);
        assert_eq!(
            (info.RegionSize, info.Protect, info.AllocationProtect),
            (PAGE, RO, RO)
        );
        assert_eq!((info.State, info.Type), (MEM_COMMIT, MEM_MAPPED));
        w.SetLastError(0xdeadbeef);
        assert_eq!(w.VirtualAlloc(base, PAGE, MEM_COMMIT, prot), 0);
        assert_eq!(w.GetLastError(), ERROR_ACCESS_DENIED, "{prot:#x}");
        let mut old = 0;
        let ret = w.VirtualProtect(base, PAGE, prot, Some(&mut old));
        if prot == RO || prot == WC {
            assert_eq!(ret, TRUE, "{prot:#x}: {}", w.GetLastError());
        } else {
            assert_eq!(ret, FALSE, "{prot:#x}");
            assert_eq!(w.GetLastError(), ERROR_INVALID_PARAMETER, "{prot:#x}");
        }
        assert_eq!(w.UnmapViewOfFile(base), TRUE);
        assert_eq!(w.CloseHandle(hmap), TRUE);
    }

    let alloc_prot = XRW;
    let hmap = w.CreateFileMappingW(hfile, None, alloc_prot, 0, PAGE as u32, None);
    assert_ne!(hmap, 0);
    for prot in all_protections() {
        let access = FILE_MAP_READ | FILE_MAP_WRITE | FILE_MAP_EXECUTE;
        let base = w.MapViewOfFile(hmap, access, 0, 0, 0);
        assert_ne!(base, 0, "{}", w.GetLastError());
        let mut old = 0xdeadbeef;
        assert_eq!(w.VirtualProtect(base, PAGE, NA, Some(&mut old)), TRUE);
        assert_eq!(old, alloc_prot);
        let info = query(&mut w, base);
        assert_eq!(
            (info.RegionSize, info.Protect, info.AllocationProtect),
            (PAGE, NA, alloc_prot)
        );
        let mut old = 0xdeadbeef;
        w.SetLastError(0xdeadbeef);
        let ret = w.VirtualProtect(base, PAGE, prot, Some(&mut old));
        if success(prot) || prot == NA || prot == X {
            assert_eq!(ret, TRUE, "{prot:#x}: {}", w.GetLastError());
            assert_eq!(old, NA, "{prot:#x}");
            let info = query(&mut w, base);
            assert_eq!((info.RegionSize, info.Protect), (PAGE, prot), "{prot:#x}");
            assert_eq!(
                (info.AllocationProtect, info.Type),
                (alloc_prot, MEM_MAPPED)
            );
            if is_mem_writable(info.Protect) {
                w.write(base, &[0xfe]).unwrap().unwrap();
                assert_eq!(query(&mut w, base).Protect, after_write(prot), "{prot:#x}");
            }
        } else {
            assert_eq!(ret, FALSE, "{prot:#x} should fail");
            assert_eq!(w.GetLastError(), ERROR_INVALID_PARAMETER, "{prot:#x}");
            assert_eq!(w.UnmapViewOfFile(base), TRUE);
            continue;
        }
        let mut old = 0xdeadbeef;
        assert_eq!(w.VirtualProtect(base, PAGE, NA, Some(&mut old)), TRUE);
        assert_eq!(old, after_write(prot), "{prot:#x}");
        assert_eq!(w.UnmapViewOfFile(base), TRUE);
    }
    assert_eq!(w.CloseHandle(hmap), TRUE);
    assert_eq!(w.CloseHandle(hfile), TRUE);
    check(&sys);
}
