//! Ports of wine `dlls/kernel32/tests/file.c` (mapping parts) and the image-section rows of
//! `dlls/kernel32/tests/virtual.c test_mapping`: the Windows-truth lines (plain `ok()` and
//! `todo_wine`; `broken()` alternatives are old Windows and not used).
//!
//! Ported: `test_file_sharing`'s mapping part for SEC_IMAGE (`is_sharing_map_compatible`: only
//! FILE_WRITE_DATA conflicts with an image section), `test_mapping`'s `map_prot_no_write` for
//! image views, and the image snapshot rule (NT's separate image and data control areas).
//! Skipped: `test_MapFile` (covered by `conformance_io.rs` D-rows), the share-mode matrix of
//! `test_file_sharing` without sections (covered by `conformance_io.rs` H-rows), real PE
//! layouts (winsection checks `MZ` / `PE\0\0` only and maps the file flat).

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
