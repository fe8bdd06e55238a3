//! One story across every layer: a file written, mapped read-write (the file grows), read back
//! through ReadFile, refused a shrink, flushed, and found on the disk image after a power loss
//! (catalog D4, H4, H14, H17; the DESIGN's power-loss story). The DOT picture of that machine
//! shows the file on its disk and the host's cache of it.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]
mod common;
use common::{check, machine};
use winsection::win32::*;

#[test]
fn file_mapped_flushed_and_surviving_power_loss() {
    let (mut sys, pids) = machine(&["a"]);
    let a = pids[0];
    let mut w = sys.win32(a);
    assert_eq!(w.CreateDirectoryW(Some(r"C:\data"), None), 1);
    let f = w.CreateFileW(
        Some(r"C:\data\f.bin"),
        GENERIC_READ | GENERIC_WRITE,
        FILE_SHARE_READ | FILE_SHARE_WRITE,
        None,
        CREATE_ALWAYS,
        0,
        0,
    );
    assert_ne!(f, INVALID_HANDLE_VALUE);
    assert_eq!(w.GetLastError(), 0);
    let mut n = 0;
    assert_eq!(w.WriteFile(f, &[b'a'; 100], 100, Some(&mut n)), 1);
    assert_eq!(n, 100);
    let s = w.CreateFileMappingW(f, None, PAGE_READWRITE, 0, 0x10000, None);
    assert_ne!(s, 0);
    let mut hi = 0;
    assert_eq!(w.GetFileSize(f, Some(&mut hi)), 65536);
    let v = w.MapViewOfFile(s, FILE_MAP_WRITE, 0, 0, 0);
    assert_ne!(v, 0);
    assert_eq!(w.read(v + 99, 2).unwrap().unwrap(), vec![b'a', 0]);
    w.write(v, b"XY").unwrap().unwrap();
    assert_eq!(w.SetFilePointer(f, 0, None, FILE_BEGIN), 0);
    let mut buf = [0u8; 4];
    assert_eq!(w.ReadFile(f, &mut buf, 4, Some(&mut n)), 1);
    assert_eq!(&buf, b"XYaa");
    assert_eq!(w.SetFilePointer(f, 4096, None, FILE_BEGIN), 4096);
    assert_eq!(w.SetEndOfFile(f), 0);
    assert_eq!(w.GetLastError(), ERROR_USER_MAPPED_FILE);
    check(&sys);
    let dot = sys.dump_dot();
    assert!(
        dot.contains("shape=cylinder") && dot.contains("C:\\\\data\\\\f.bin"),
        "{dot}"
    );
    assert!(
        dot.contains("cache: 1 pages") && dot.contains("1 dirty"),
        "{dot}"
    );
    let mut w = sys.win32(a);
    assert_eq!(w.FlushViewOfFile(v, 0), 1);
    sys.crash(0).unwrap();
    check(&sys);
    assert_eq!(
        &sys.disk_contents(0, r"c:\DATA\F.BIN").unwrap()[..4],
        b"XYaa"
    );
    println!("{}", sys.dump());
}
