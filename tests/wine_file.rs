//! Ports of wine `dlls/kernel32/tests/file.c` (mapping parts) and the image-section rows of
//! `dlls/kernel32/tests/virtual.c test_mapping`: the Windows-truth lines (plain `ok()` and
//! `todo_wine`; `broken()` alternatives are old Windows and not used).
//!
//! Ported: `test_MapFile`; `test_file_sharing` whole (every pair of 24 access modes x 8 share
//! modes, then every open against a read-only, write-copy, read-write and image mapping, the
//! CREATE_ALWAYS and FILE_FLAG_DELETE_ON_CLOSE opens over them); `test_mapping`'s
//! `map_prot_no_write` for image views; and the image snapshot rule (NT's separate image and
//! data control areas).
//! Skipped: real PE layouts (winsection checks `MZ` / `PE\0\0` only and maps the file flat).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

mod common;

use common::{check, machine};
use winsection::win32::*;

const RW: u32 = GENERIC_READ | GENERIC_WRITE;
const SHARE_ALL: u32 = FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE;
const MBI_SIZE: u64 = 48;

fn pe_image() -> Vec<u8> {
    let mut v = vec![0u8; 0x2000];
    v[0..2].copy_from_slice(b"MZ");
    v[0x3C..0x40].copy_from_slice(&0x80u32.to_le_bytes());
    v[0x80..0x84].copy_from_slice(b"PE\0\0");
    v[0x1000..0x1005].copy_from_slice(b"code!");
    v
}

fn create(w: &mut Win32<'_>, path: &str, access: u32, disposition: u32) -> HANDLE {
    w.CreateFileW(Some(path), access, SHARE_ALL, None, disposition, 0, 0)
}

/// Writes the PE file and returns a read-write handle to it (share all).
fn pe_file(w: &mut Win32<'_>, path: &str) -> HANDLE {
    let f = create(w, path, RW | GENERIC_EXECUTE, CREATE_ALWAYS);
    assert_ne!(f, INVALID_HANDLE_VALUE);
    let data = pe_image();
    let mut n = 0;
    assert_eq!(w.WriteFile(f, &data, data.len() as u32, Some(&mut n)), TRUE);
    f
}

fn image_section(w: &mut Win32<'_>, path: &str) -> HANDLE {
    let f = create(w, path, GENERIC_READ | GENERIC_EXECUTE, OPEN_EXISTING);
    assert_ne!(f, INVALID_HANDLE_VALUE);
    let s = w.CreateFileMappingW(f, None, PAGE_READONLY | SEC_IMAGE, 0, 0, None);
    assert_ne!(s, 0, "SEC_IMAGE: {}", w.GetLastError());
    assert_eq!(w.CloseHandle(f), TRUE);
    s
}

fn protect_of(w: &mut Win32<'_>, address: u64) -> u32 {
    let mut mbi = MEMORY_BASIC_INFORMATION::default();
    assert_eq!(w.VirtualQuery(address, Some(&mut mbi), MBI_SIZE), MBI_SIZE);
    mbi.Protect
}

/// file.c `test_file_sharing` with an image section (`is_sharing_map_compatible`): an open
/// asking for FILE_APPEND_DATA succeeds, FILE_WRITE_DATA (alone or in GENERIC_WRITE) is a
/// sharing violation, whatever the share mode.
#[test]
fn file_c_test_file_sharing_image_section() {
    let (mut sys, pids) = machine(&["test"]);
    let mut w = sys.win32(pids[0]);
    let f = pe_file(&mut w, r"C:\sharing.exe");
    assert_eq!(w.CloseHandle(f), TRUE);
    let s = image_section(&mut w, r"C:\sharing.exe");
    for (access, ok) in [
        (FILE_APPEND_DATA, true),
        (FILE_APPEND_DATA | FILE_READ_DATA, true),
        (GENERIC_READ, true),
        (FILE_WRITE_DATA, false),
        (GENERIC_WRITE, false),
        (FILE_WRITE_DATA | FILE_APPEND_DATA, false),
    ] {
        w.SetLastError(0xdeadbeef);
        let h = create(&mut w, r"C:\sharing.exe", access, OPEN_EXISTING);
        if ok {
            assert_ne!(
                h,
                INVALID_HANDLE_VALUE,
                "access {access:#x}: {}",
                w.GetLastError()
            );
            assert_eq!(w.CloseHandle(h), TRUE);
        } else {
            assert_eq!(h, INVALID_HANDLE_VALUE, "access {access:#x}");
            assert_eq!(
                w.GetLastError(),
                ERROR_SHARING_VIOLATION,
                "access {access:#x}"
            );
        }
    }
    // Appending through such a handle does not reach the image (its own snapshot).
    let h = create(&mut w, r"C:\sharing.exe", FILE_APPEND_DATA, OPEN_EXISTING);
    let mut n = 0;
    assert_eq!(w.WriteFile(h, b"tail", 4, Some(&mut n)), TRUE);
    assert_eq!(w.CloseHandle(h), TRUE);
    let v = w.MapViewOfFile(s, FILE_MAP_READ, 0, 0, 0);
    assert_ne!(v, 0);
    assert_eq!(w.read(v + 0x1000, 5).unwrap().unwrap(), b"code!");
    check(&sys);
}

/// virtual.c `test_mapping`, SEC_IMAGE rows (`map_prot_no_write`): VirtualProtect of an image
/// view's page to PAGE_READWRITE gives PAGE_WRITECOPY, to PAGE_EXECUTE_READWRITE gives
/// PAGE_EXECUTE_WRITECOPY; the old protection is returned; a write is private to the view.
#[test]
fn virtual_c_test_mapping_image_map_prot_no_write() {
    let (mut sys, pids) = machine(&["test"]);
    let mut w = sys.win32(pids[0]);
    let f = pe_file(&mut w, r"C:\prot.exe");
    assert_eq!(w.CloseHandle(f), TRUE);
    let s = image_section(&mut w, r"C:\prot.exe");
    let v = w.MapViewOfFile(s, FILE_MAP_READ, 0, 0, 0);
    assert_ne!(v, 0);
    let page = v + 0x1000;
    for (asked, got) in [
        (PAGE_READWRITE, PAGE_WRITECOPY),
        (PAGE_EXECUTE_READWRITE, PAGE_EXECUTE_WRITECOPY),
        (PAGE_READONLY, PAGE_READONLY),
        (PAGE_WRITECOPY, PAGE_WRITECOPY),
        (PAGE_EXECUTE_READ, PAGE_EXECUTE_READ),
        (PAGE_EXECUTE_WRITECOPY, PAGE_EXECUTE_WRITECOPY),
        (PAGE_NOACCESS, PAGE_NOACCESS),
    ] {
        let before = protect_of(&mut w, page);
        let mut old = 0;
        assert_eq!(
            w.VirtualProtect(page, 0x1000, asked, Some(&mut old)),
            TRUE,
            "{asked:#x}"
        );
        assert_eq!(old, before);
        assert_eq!(protect_of(&mut w, page), got, "{asked:#x}");
    }
    let mut old = 0;
    assert_eq!(
        w.VirtualProtect(page, 0x1000, PAGE_READWRITE, Some(&mut old)),
        TRUE
    );
    w.write(page, b"patch").unwrap().unwrap();
    assert_eq!(protect_of(&mut w, page), PAGE_READWRITE);
    // Another view of the same image still sees the file's bytes.
    let v2 = w.MapViewOfFile(s, FILE_MAP_READ, 0, 0, 0);
    assert_eq!(w.read(v2 + 0x1000, 5).unwrap().unwrap(), b"code!");
    check(&sys);
}

/// An image section is the file as it stood when the section was made: later writes through a
/// data view or WriteFile (by a handle opened before the image section) do not show in image
/// views, while data views see them (NT keeps the image and data control areas apart).
#[test]
fn image_section_is_a_snapshot_of_the_file() {
    let (mut sys, pids) = machine(&["test"]);
    let mut w = sys.win32(pids[0]);
    let f = pe_file(&mut w, r"C:\snap.exe");
    let data = w.CreateFileMappingW(f, None, PAGE_READWRITE, 0, 0, None);
    assert_ne!(data, 0);
    let dv = w.MapViewOfFile(data, FILE_MAP_WRITE, 0, 0, 0);
    assert_ne!(dv, 0);
    let image = image_section(&mut w, r"C:\snap.exe");
    let iv = w.MapViewOfFile(image, FILE_MAP_READ, 0, 0, 0);
    assert_ne!(iv, 0);
    w.write(dv + 0x1000, b"DATA!").unwrap().unwrap();
    assert_eq!(w.read(iv + 0x1000, 5).unwrap().unwrap(), b"code!");
    assert_eq!(w.read(dv + 0x1000, 5).unwrap().unwrap(), b"DATA!");
    assert_eq!(w.SetFilePointer(f, 0x1800, None, FILE_BEGIN), 0x1800);
    let mut n = 0;
    assert_eq!(w.WriteFile(f, b"late", 4, Some(&mut n)), TRUE);
    assert_eq!(w.read(iv + 0x1800, 4).unwrap().unwrap(), [0; 4]);
    assert_eq!(w.read(dv + 0x1800, 4).unwrap().unwrap(), b"late");
    // A new image section takes the file as it is now.
    let image2 = image_section(&mut w, r"C:\snap.exe");
    let iv2 = w.MapViewOfFile(image2, FILE_MAP_READ, 0, 0, 0);
    assert_eq!(w.read(iv2 + 0x1000, 5).unwrap().unwrap(), b"DATA!");
    check(&sys);
}

/// file.c `test_MapFile`: a named read-write mapping of an empty file (it grows), then a
/// size-0 mapping of the now non-empty file; on a fresh empty file size 0 is ERROR_FILE_INVALID
/// and sizes with the high DWORD 0x80000000 fail; the file deletes once closed.
#[test]
fn file_c_test_map_file() {
    let (mut sys, pids) = machine(&["test"]);
    let mut w = sys.win32(pids[0]);
    let path = r"C:\mapfile.tmp";
    let h = create(&mut w, path, RW, CREATE_ALWAYS);
    let hmap = w.CreateFileMappingA(h, None, PAGE_READWRITE, 0, 0x1000, Some(b"named_file_map"));
    assert_ne!(hmap, 0);
    assert_eq!(w.CloseHandle(hmap), TRUE);
    let hmap = w.CreateFileMappingA(h, None, PAGE_READWRITE, 0, 0, None);
    assert_ne!(hmap, 0);
    assert_eq!(w.CloseHandle(hmap), TRUE);
    assert_eq!(w.CloseHandle(h), TRUE);

    let h = create(&mut w, path, RW, CREATE_ALWAYS);
    assert_eq!(w.CreateFileMappingA(h, None, PAGE_READWRITE, 0, 0, None), 0);
    assert_eq!(w.GetLastError(), ERROR_FILE_INVALID);
    assert_eq!(
        w.CreateFileMappingA(h, None, PAGE_READWRITE, 0x8000_0000, 0, None),
        0
    );
    assert_eq!(
        w.CreateFileMappingA(h, None, PAGE_READWRITE, 0x8000_0000, 0x10000, None),
        0
    );
    assert_eq!(w.CloseHandle(h), TRUE);
    assert_eq!(w.DeleteFileA(Some(path.as_bytes())), TRUE);
    check(&sys);
}

fn map_file_access(access: u32) -> u32 {
    let mut a = access;
    if access & GENERIC_READ != 0 {
        a |= FILE_GENERIC_READ;
    }
    if access & GENERIC_WRITE != 0 {
        a |= FILE_GENERIC_WRITE;
    }
    if access & GENERIC_EXECUTE != 0 {
        a |= FILE_GENERIC_EXECUTE;
    }
    if access & GENERIC_ALL != 0 {
        a |= FILE_ALL_ACCESS;
    }
    a & !(GENERIC_READ | GENERIC_WRITE | GENERIC_EXECUTE | GENERIC_ALL)
}

fn is_sharing_compatible(a1: u32, s1: u32, a2: u32, s2: u32) -> bool {
    let data = FILE_READ_DATA | FILE_WRITE_DATA | FILE_APPEND_DATA | FILE_EXECUTE | DELETE;
    let (a1, a2) = (map_file_access(a1) & data, map_file_access(a2) & data);
    let s1 = if a1 == 0 { SHARE_ALL } else { s1 };
    let s2 = if a2 == 0 { SHARE_ALL } else { s2 };
    let conflict = |a: u32, s: u32| {
        (a & (FILE_READ_DATA | FILE_EXECUTE) != 0 && s & FILE_SHARE_READ == 0)
            || (a & (FILE_WRITE_DATA | FILE_APPEND_DATA) != 0 && s & FILE_SHARE_WRITE == 0)
            || (a & DELETE != 0 && s & FILE_SHARE_DELETE == 0)
    };
    !conflict(a1, s2) && !conflict(a2, s1)
}

fn is_sharing_map_compatible(map: u32, a2: u32, s2: u32) -> bool {
    if (map == PAGE_READWRITE || map == PAGE_EXECUTE_READWRITE) && s2 & FILE_SHARE_WRITE == 0 {
        return false;
    }
    !(map & SEC_IMAGE != 0 && map_file_access(a2) & FILE_WRITE_DATA != 0)
}

const FILE_DELETE_CHILD: u32 = 0x40;
const ACCESS_MODES: [u32; 24] = [
    0,
    GENERIC_READ,
    GENERIC_WRITE,
    GENERIC_READ | GENERIC_WRITE,
    DELETE,
    GENERIC_READ | DELETE,
    GENERIC_WRITE | DELETE,
    GENERIC_READ | GENERIC_WRITE | DELETE,
    GENERIC_EXECUTE,
    GENERIC_EXECUTE | DELETE,
    FILE_READ_DATA,
    FILE_WRITE_DATA,
    FILE_APPEND_DATA,
    FILE_READ_EA,
    FILE_WRITE_EA,
    FILE_READ_DATA | FILE_EXECUTE,
    FILE_WRITE_DATA | FILE_EXECUTE,
    FILE_APPEND_DATA | FILE_EXECUTE,
    FILE_READ_EA | FILE_EXECUTE,
    FILE_WRITE_EA | FILE_EXECUTE,
    FILE_EXECUTE,
    FILE_DELETE_CHILD,
    FILE_READ_ATTRIBUTES,
    FILE_WRITE_ATTRIBUTES,
];
const SHARING_MODES: [u32; 8] = [
    0,
    FILE_SHARE_READ,
    FILE_SHARE_WRITE,
    FILE_SHARE_READ | FILE_SHARE_WRITE,
    FILE_SHARE_DELETE,
    FILE_SHARE_READ | FILE_SHARE_DELETE,
    FILE_SHARE_WRITE | FILE_SHARE_DELETE,
    SHARE_ALL,
];

fn open(
    w: &mut Win32<'_>,
    path: &str,
    access: u32,
    share: u32,
    disposition: u32,
    flags: u32,
) -> HANDLE {
    w.CreateFileW(Some(path), access, share, None, disposition, flags, 0)
}

/// file.c `test_file_sharing`: every pair of (access, share mode) opens as
/// `is_sharing_compatible` says (ERROR_SHARING_VIOLATION otherwise), then, with a mapping of
/// each kind and no file handle left, every open as `is_sharing_map_compatible` says;
/// CREATE_ALWAYS over a mapped file is ERROR_USER_MAPPED_FILE (ERROR_SHARING_VIOLATION over an
/// image); FILE_FLAG_DELETE_ON_CLOSE over an image is ERROR_ACCESS_DENIED, over a data mapping
/// it opens.
#[test]
fn file_c_test_file_sharing() {
    let (mut sys, pids) = machine(&["test"]);
    let mut w = sys.win32(pids[0]);
    let path = r"C:\sharing.dll";
    let f = pe_file(&mut w, path);
    assert_eq!(w.CloseHandle(f), TRUE);
    for a1 in ACCESS_MODES {
        for s1 in SHARING_MODES {
            let h = open(&mut w, path, a1, s1, OPEN_EXISTING, 0);
            assert_ne!(
                h,
                INVALID_HANDLE_VALUE,
                "{a1:#x}/{s1:#x}: {}",
                w.GetLastError()
            );
            for a2 in ACCESS_MODES {
                for s2 in SHARING_MODES {
                    w.SetLastError(0xdeadbeef);
                    let h2 = open(&mut w, path, a2, s2, OPEN_EXISTING, 0);
                    let ret = w.GetLastError();
                    let modes = format!("{a1:#x}/{s1:#x}/{a2:#x}/{s2:#x}");
                    if is_sharing_compatible(a1, s1, a2, s2) {
                        assert_ne!(h2, INVALID_HANDLE_VALUE, "open failed for {modes}: {ret}");
                        assert_eq!(w.CloseHandle(h2), TRUE);
                    } else {
                        assert_eq!(h2, INVALID_HANDLE_VALUE, "open succeeded for {modes}");
                        assert_eq!(ret, ERROR_SHARING_VIOLATION, "{modes}");
                    }
                }
            }
            assert_eq!(w.CloseHandle(h), TRUE);
        }
    }

    for map in [
        PAGE_READONLY,
        PAGE_WRITECOPY,
        PAGE_READWRITE,
        SEC_IMAGE | PAGE_WRITECOPY,
    ] {
        let f = pe_file(&mut w, path);
        assert_eq!(w.CloseHandle(f), TRUE);
        let h = open(&mut w, path, RW, 0, OPEN_EXISTING, 0);
        let m = w.CreateFileMappingW(h, None, map, 0, 0, None);
        assert_ne!(m, 0, "map {map:#x}: {}", w.GetLastError());
        assert_eq!(w.CloseHandle(h), TRUE);
        for a2 in ACCESS_MODES {
            for s2 in SHARING_MODES {
                w.SetLastError(0xdeadbeef);
                let h2 = open(&mut w, path, a2, s2, OPEN_EXISTING, 0);
                let ret = w.GetLastError();
                let modes = format!("map {map:#x}/{a2:#x}/{s2:#x}");
                if is_sharing_map_compatible(map, a2, s2) {
                    assert_ne!(h2, INVALID_HANDLE_VALUE, "open failed for {modes}: {ret}");
                    assert_eq!(w.CloseHandle(h2), TRUE);
                } else {
                    assert_eq!(h2, INVALID_HANDLE_VALUE, "open succeeded for {modes}");
                    assert_eq!(ret, ERROR_SHARING_VIOLATION, "{modes}");
                }
            }
        }
        let share_rw = FILE_SHARE_READ | FILE_SHARE_WRITE;
        let h2 = open(&mut w, path, GENERIC_WRITE, share_rw, CREATE_ALWAYS, 0);
        assert_eq!(
            h2, INVALID_HANDLE_VALUE,
            "create succeeded for map {map:#x}"
        );
        let want = if map & SEC_IMAGE != 0 {
            ERROR_SHARING_VIOLATION
        } else {
            ERROR_USER_MAPPED_FILE
        };
        assert_eq!(w.GetLastError(), want, "map {map:#x}");
        let h2 = open(
            &mut w,
            path,
            GENERIC_READ,
            share_rw,
            OPEN_EXISTING,
            FILE_FLAG_DELETE_ON_CLOSE,
        );
        if map & SEC_IMAGE != 0 {
            assert_eq!(h2, INVALID_HANDLE_VALUE, "map {map:#x}");
            assert_eq!(w.GetLastError(), ERROR_ACCESS_DENIED, "map {map:#x}");
        } else {
            assert_ne!(
                h2,
                INVALID_HANDLE_VALUE,
                "map {map:#x}: {}",
                w.GetLastError()
            );
            assert_eq!(w.CloseHandle(h2), TRUE);
        }
        assert_eq!(w.CloseHandle(m), TRUE);
    }

    let h = open(&mut w, path, RW, FILE_SHARE_READ, OPEN_ALWAYS, 0);
    assert_ne!(h, INVALID_HANDLE_VALUE);
    assert_eq!(
        open(
            &mut w,
            path,
            GENERIC_READ,
            FILE_SHARE_READ,
            OPEN_EXISTING,
            0
        ),
        INVALID_HANDLE_VALUE
    );
    assert_eq!(w.GetLastError(), ERROR_SHARING_VIOLATION);
    let h2 = open(
        &mut w,
        path,
        GENERIC_READ,
        FILE_SHARE_READ | FILE_SHARE_WRITE,
        OPEN_EXISTING,
        0,
    );
    assert_ne!(h2, INVALID_HANDLE_VALUE);
    assert_eq!(w.CloseHandle(h), TRUE);
    assert_eq!(w.CloseHandle(h2), TRUE);
    check(&sys);
}
