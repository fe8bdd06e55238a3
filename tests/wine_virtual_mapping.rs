//! Port of wine `dlls/kernel32/tests/virtual.c test_mapping` / `test_mappings`: every section
//! protection x every `MapViewOfFile` access x every `VirtualProtect` / `VirtualAlloc`
//! protection, for a read-write-execute file, a read-only file, an image and the page file
//! (the Windows-truth lines: plain `ok()`, and `todo_wine` / `todo_wine_if` lines as Windows
//! answers them; `broken()` alternatives for XP / 2000 are not used).
//!
//! Differences from upstream, none in what is asserted: kernel32.dll is replaced by a PE file
//! of winsection's own (mapped flat, so an image view is 2 pages, which the test allows);
//! NtMapViewOfSection is `MapViewOfFile3` with the same protection.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

mod common;

use common::{check, machine};
use winsection::win32::*;

const PAGE: u64 = 0x1000;

const PAGE_PROT: [u32; 8] = [
    PAGE_NOACCESS,
    PAGE_READONLY,
    PAGE_READWRITE,
    PAGE_WRITECOPY,
    PAGE_EXECUTE,
    PAGE_EXECUTE_READ,
    PAGE_EXECUTE_READWRITE,
    PAGE_EXECUTE_WRITECOPY,
];

const C: u32 = FILE_MAP_COPY;
const W: u32 = FILE_MAP_WRITE;
const R: u32 = FILE_MAP_READ;
const X: u32 = SECTION_MAP_EXECUTE;
const FX: u32 = FILE_MAP_EXECUTE;

/// `view[]`: (access, the view's protection).
const VIEW: [(u32, u32); 32] = [
    (0, PAGE_NOACCESS),
    (C, PAGE_WRITECOPY),
    (W, PAGE_READWRITE),
    (W | C, PAGE_READWRITE),
    (R, PAGE_READONLY),
    (R | C, PAGE_READONLY),
    (R | W, PAGE_READWRITE),
    (R | W | C, PAGE_READWRITE),
    (X, PAGE_NOACCESS),
    (X | C, PAGE_NOACCESS),
    (X | W, PAGE_READWRITE),
    (X | W | C, PAGE_READWRITE),
    (X | R, PAGE_READONLY),
    (X | R | C, PAGE_READONLY),
    (X | R | W, PAGE_READWRITE),
    (X | R | W | C, PAGE_READWRITE),
    (FX, PAGE_NOACCESS),
    (FX | C, PAGE_EXECUTE_WRITECOPY),
    (FX | W, PAGE_EXECUTE_READWRITE),
    (FX | W | C, PAGE_EXECUTE_READWRITE),
    (FX | R, PAGE_EXECUTE_READ),
    (FX | R | C, PAGE_EXECUTE_READ),
    (FX | R | W, PAGE_EXECUTE_READWRITE),
    (FX | R | W | C, PAGE_EXECUTE_READWRITE),
    (FX | X, PAGE_NOACCESS),
    (FX | X | C, PAGE_NOACCESS),
    (FX | X | W, PAGE_EXECUTE_READWRITE),
    (FX | X | W | C, PAGE_EXECUTE_READWRITE),
    (FX | X | R, PAGE_EXECUTE_READ),
    (FX | X | R | C, PAGE_EXECUTE_READ),
    (FX | X | R | W, PAGE_EXECUTE_READWRITE),
    (FX | X | R | W | C, PAGE_EXECUTE_READWRITE),
];

fn page_prot_to_access(prot: u32) -> u32 {
    match prot {
        PAGE_READONLY | PAGE_WRITECOPY => 1,
        PAGE_READWRITE => 3,
        PAGE_EXECUTE | PAGE_EXECUTE_READ | PAGE_EXECUTE_WRITECOPY => 5,
        PAGE_EXECUTE_READWRITE => 7,
        _ => 0,
    }
}

fn is_compatible_protection(view_prot: u32, prot: u32) -> bool {
    let (v, p) = (page_prot_to_access(view_prot), page_prot_to_access(prot));
    v & p == p
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

fn map_prot_no_write(prot: u32) -> u32 {
    match prot {
        PAGE_READWRITE => PAGE_WRITECOPY,
        PAGE_EXECUTE_READWRITE => PAGE_EXECUTE_WRITECOPY,
        p => p,
    }
}

fn map_prot_written(prot: u32) -> u32 {
    match prot {
        PAGE_WRITECOPY => PAGE_READWRITE,
        PAGE_EXECUTE_WRITECOPY => PAGE_EXECUTE_READWRITE,
        p => p,
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
    let mut view = map_prot_to_access(file_access_to_prot(view_access));
    if view == 0 {
        view = SECTION_MAP_READ;
    }
    view & access == view
}

fn query(w: &mut Win32<'_>, address: u64) -> MEMORY_BASIC_INFORMATION {
    let mut info = MEMORY_BASIC_INFORMATION::default();
    assert_eq!(w.VirtualQuery(address, Some(&mut info), 48), 48);
    info
}

/// `test_mapping(hfile, sec_flags, readonly)`.
fn test_mapping(w: &mut Win32<'_>, hfile: HANDLE, sec_flags: u32, readonly: bool) {
    let anon = hfile == INVALID_HANDLE_VALUE;
    let image = sec_flags & SEC_IMAGE != 0;
    for map_prot in PAGE_PROT {
        let ctx = format!("file {hfile:#x} flags {sec_flags:#x} map {map_prot:#x}");
        w.SetLastError(0xdeadbeef);
        let mut hmap =
            w.CreateFileMappingW(hfile, None, map_prot | sec_flags, 0, 2 * PAGE as u32, None);
        if readonly
            && matches!(
                map_prot,
                PAGE_READWRITE
                    | PAGE_EXECUTE_READ
                    | PAGE_EXECUTE_READWRITE
                    | PAGE_EXECUTE_WRITECOPY
            )
        {
            assert_eq!(hmap, 0, "{ctx}");
            assert_eq!(w.GetLastError(), ERROR_ACCESS_DENIED, "{ctx}");
            continue;
        }
        if map_prot == PAGE_NOACCESS {
            assert_eq!(hmap, 0, "{ctx}");
            assert_eq!(w.GetLastError(), ERROR_INVALID_PARAMETER, "{ctx}");
            // A trick to create a mapping nothing can be mapped from.
            let prot = if image { PAGE_WRITECOPY } else { PAGE_READONLY };
            let h = w.CreateFileMappingW(hfile, None, prot | sec_flags, 0, PAGE as u32, None);
            assert_ne!(h, 0, "{ctx}: {}", w.GetLastError());
            let me = w.GetCurrentProcess();
            let mut h2: HANDLE = 0;
            assert_eq!(
                w.DuplicateHandle(me, h, me, Some(&mut h2), 0, FALSE, 0),
                TRUE
            );
            assert_eq!(w.CloseHandle(h), TRUE);
            hmap = h2;
        }
        if map_prot == PAGE_EXECUTE {
            assert_eq!(hmap, 0, "{ctx}");
            assert_eq!(w.GetLastError(), ERROR_INVALID_PARAMETER, "{ctx}");
            continue;
        }
        if hmap == 0 && image && matches!(map_prot, PAGE_READWRITE | PAGE_EXECUTE_READWRITE) {
            continue; // SEC_IMAGE doesn't support write access
        }
        assert_ne!(hmap, 0, "{ctx}: {}", w.GetLastError());

        for (j, (access, view_prot)) in VIEW.into_iter().enumerate() {
            let ctx = format!("{ctx} view {j} ({access:#x})");
            let me = w.GetCurrentProcess();
            let nt_prot = file_access_to_prot(access);
            let nt_base = w.MapViewOfFile3(hmap, me, 0, 0, 0, 0, nt_prot);
            let nt_info = (nt_base != 0).then(|| query(w, nt_base));
            if nt_base != 0 {
                assert_eq!(w.UnmapViewOfFile(nt_base), TRUE);
            }
            w.SetLastError(0xdeadbeef);
            let base = w.MapViewOfFile(hmap, access, 0, 0, 0);
            assert_eq!(
                nt_base == 0,
                base == 0,
                "{ctx}: NT {nt_base:#x} kernel {base:#x}"
            );
            if !is_compatible_access(map_prot, access) {
                assert_eq!(base, 0, "{ctx}: should fail");
                assert_eq!(w.GetLastError(), ERROR_ACCESS_DENIED, "{ctx}");
                continue;
            }
            assert_ne!(base, 0, "{ctx}: {}", w.GetLastError());
            let info = query(w, base);
            assert_eq!(info.BaseAddress, base, "{ctx}");
            assert!(
                info.RegionSize == 2 * PAGE || (info.RegionSize == PAGE && image),
                "{ctx}"
            );
            if image {
                assert_eq!(info.Protect, PAGE_READONLY, "{ctx}");
                assert_eq!(info.AllocationProtect, PAGE_EXECUTE_WRITECOPY, "{ctx}");
            } else {
                assert_eq!(info.Protect, view_prot, "{ctx}");
                assert_eq!(info.AllocationProtect, info.Protect, "{ctx}");
            }
            assert_eq!(info.AllocationBase, base, "{ctx}");
            assert_eq!(info.State, MEM_COMMIT, "{ctx}");
            assert_eq!(
                info.Type,
                if image { MEM_IMAGE } else { MEM_MAPPED },
                "{ctx}"
            );
            if let Some(nt) = nt_info {
                assert_eq!(nt.RegionSize, info.RegionSize, "{ctx}");
                assert_eq!(nt.Protect, info.Protect, "{ctx}");
                assert_eq!(nt.AllocationProtect, info.AllocationProtect, "{ctx}");
                assert_eq!(nt.State, info.State, "{ctx}");
                assert_eq!(nt.Type, info.Type, "{ctx}");
            }
            let mut prev_prot = info.Protect;
            let mut alloc_prot = info.AllocationProtect;

            for prot in PAGE_PROT {
                let actual = if image { map_prot_no_write(prot) } else { prot };
                w.SetLastError(0xdeadbeef);
                let mut old = 0xdeadbeef;
                let ret = w.VirtualProtect(base, PAGE, prot, Some(&mut old));
                if is_compatible_protection(alloc_prot, actual) {
                    assert_eq!(ret, TRUE, "{ctx} protect {prot:#x}: {}", w.GetLastError());
                    assert_eq!(old, prev_prot, "{ctx} protect {prot:#x}");
                    prev_prot = actual;
                    assert_eq!(query(w, base).Protect, actual, "{ctx} protect {prot:#x}");
                } else {
                    assert_eq!(ret, FALSE, "{ctx} protect {prot:#x} should fail");
                    assert_eq!(w.GetLastError(), ERROR_INVALID_PARAMETER, "{ctx}");
                }
            }

            for prot in PAGE_PROT {
                w.SetLastError(0xdeadbeef);
                let ptr = w.VirtualAlloc(base, PAGE, MEM_COMMIT, prot);
                if anon {
                    if is_compatible_protection(view_prot, prot) {
                        assert_ne!(ptr, 0, "{ctx} alloc {prot:#x}: {}", w.GetLastError());
                        assert_eq!(query(w, base).Protect, prot, "{ctx} alloc {prot:#x}");
                    } else {
                        assert_eq!(ptr, 0, "{ctx} alloc {prot:#x} should fail");
                        assert_eq!(w.GetLastError(), ERROR_INVALID_PARAMETER, "{ctx}");
                    }
                } else {
                    assert_eq!(ptr, 0, "{ctx} alloc {prot:#x} should fail");
                    assert_eq!(w.GetLastError(), ERROR_ACCESS_DENIED, "{ctx}");
                }
            }

            if !anon && is_compatible_protection(alloc_prot, PAGE_WRITECOPY) {
                let size = if image { PAGE } else { 2 * PAGE };
                let mut old = 0;
                let ret = w.VirtualProtect(base, size, PAGE_WRITECOPY, Some(&mut old));
                assert_eq!(ret, TRUE, "{ctx}: {}", w.GetLastError());
                w.write(base, &0xdeadbeef_u32.to_le_bytes())
                    .unwrap()
                    .unwrap();
                let info = query(w, base);
                // todo_wine lines: Windows reports the written copy read-write, page by page.
                assert_eq!(info.Protect, PAGE_READWRITE, "{ctx}");
                assert_eq!(info.RegionSize, PAGE, "{ctx}");
                prev_prot = info.Protect;
                alloc_prot = info.AllocationProtect;
                if !image {
                    assert_eq!(query(w, base + PAGE).Protect, PAGE_WRITECOPY, "{ctx}");
                }
                for prot in PAGE_PROT {
                    let actual = if image { map_prot_no_write(prot) } else { prot };
                    w.SetLastError(0xdeadbeef);
                    let mut old = 0xdeadbeef;
                    let ret = w.VirtualProtect(base, PAGE, prot, Some(&mut old));
                    if is_compatible_protection(alloc_prot, actual) {
                        assert_eq!(ret, TRUE, "{ctx} written {prot:#x}: {}", w.GetLastError());
                        assert_eq!(old, prev_prot, "{ctx} written {prot:#x}");
                        let now = query(w, base).Protect;
                        assert_eq!(now, map_prot_written(prot), "{ctx} written {prot:#x}");
                        prev_prot = now;
                    } else {
                        assert_eq!(ret, FALSE, "{ctx} written {prot:#x} should fail");
                        assert_eq!(w.GetLastError(), ERROR_INVALID_PARAMETER, "{ctx}");
                    }
                }
            }
            assert_eq!(w.UnmapViewOfFile(base), TRUE);
        }
        assert_eq!(w.CloseHandle(hmap), TRUE);
        check(w.system());
    }
}

fn pe_image() -> Vec<u8> {
    let mut v = vec![0u8; 0x2000];
    v[0..2].copy_from_slice(b"MZ");
    v[0x3C..0x40].copy_from_slice(&0x80u32.to_le_bytes());
    v[0x80..0x84].copy_from_slice(b"PE\0\0");
    v
}

/// virtual.c `test_mappings`.
#[test]
fn virtual_c_test_mappings() {
    let (mut sys, pids) = machine(&["test"]);
    let mut w = sys.win32(pids[0]);
    let path = r"C:\map.tmp";
    let rwx = GENERIC_READ | GENERIC_WRITE | GENERIC_EXECUTE;
    let hfile = w.CreateFileW(Some(path), rwx, 0, None, CREATE_ALWAYS, 0, 0);
    assert_ne!(hfile, INVALID_HANDLE_VALUE);
    assert_eq!(
        w.SetFilePointer(hfile, 2 * PAGE as i32, None, FILE_BEGIN),
        2 * PAGE as u32
    );
    assert_eq!(w.SetEndOfFile(hfile), TRUE);
    test_mapping(&mut w, hfile, SEC_COMMIT, false);
    // The file was not modified (todo_wine: Windows).
    assert_eq!(w.SetFilePointer(hfile, 0, None, FILE_BEGIN), 0);
    let mut data = [0xFFu8; 4];
    let mut n = 0;
    assert_eq!(w.ReadFile(hfile, &mut data, 4, Some(&mut n)), TRUE);
    assert_eq!((n, data), (4, [0; 4]));
    assert_eq!(w.CloseHandle(hfile), TRUE);

    let hfile = w.CreateFileW(Some(path), GENERIC_READ, 0, None, OPEN_EXISTING, 0, 0);
    assert_ne!(hfile, INVALID_HANDLE_VALUE);
    test_mapping(&mut w, hfile, SEC_COMMIT, true);
    assert_eq!(w.CloseHandle(hfile), TRUE);
    assert_eq!(w.DeleteFileW(Some(path)), TRUE);

    // SEC_IMAGE mapping.
    let dll = r"C:\kernel32.dll";
    let f = w.CreateFileW(
        Some(dll),
        GENERIC_READ | GENERIC_WRITE,
        0,
        None,
        CREATE_ALWAYS,
        0,
        0,
    );
    let bytes = pe_image();
    assert_eq!(
        w.WriteFile(f, &bytes, bytes.len() as u32, Some(&mut n)),
        TRUE
    );
    assert_eq!(w.CloseHandle(f), TRUE);
    let access = GENERIC_READ | GENERIC_EXECUTE;
    let hfile = w.CreateFileW(
        Some(dll),
        access,
        FILE_SHARE_READ,
        None,
        OPEN_EXISTING,
        0,
        0,
    );
    assert_ne!(hfile, INVALID_HANDLE_VALUE);
    test_mapping(&mut w, hfile, SEC_IMAGE, false);
    assert_eq!(w.CloseHandle(hfile), TRUE);

    // Anonymous mappings.
    test_mapping(&mut w, INVALID_HANDLE_VALUE, SEC_COMMIT, false);
    check(&sys);
}
