#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]
mod common;
use common::{check, machine};
use winsection::win32::*;

#[test]
fn smoke() {
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
    println!("{}", sys.dump());
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

#[test]
fn private_namespace_story() {
    let (mut sys, pids) = machine(&["good", "squatter"]);
    let (good, squatter) = (pids[0], pids[1]);
    let mut w = sys.win32(good);
    let mut bd = w.CreateBoundaryDescriptorW(Some("B"), 0);
    assert_ne!(bd, 0);
    assert_eq!(w.AddSIDToBoundaryDescriptor(&mut bd, "Everyone"), 1);
    let ns = w.CreatePrivateNamespaceW(None, bd, Some("NS"));
    assert_ne!(ns, 0);
    let h = w.CreateFileMappingW(
        INVALID_HANDLE_VALUE,
        None,
        PAGE_READWRITE,
        0,
        4096,
        Some(r"NS\MyFileMapping"),
    );
    assert_ne!(h, 0);
    assert_eq!(w.GetLastError(), 0);
    assert_eq!(
        sys.object_name(good, winsection::Handle(h as u64))
            .unwrap()
            .unwrap(),
        r"\PrivateNamespaces\NS|B|EVERYONE\MyFileMapping"
    );
    check(&sys);
    // Another process: same alias, but it did not open the namespace.
    let mut s = sys.win32(squatter);
    assert_eq!(
        s.OpenFileMappingW(FILE_MAP_READ, 0, Some(r"NS\MyFileMapping")),
        0
    );
    assert_eq!(s.GetLastError(), ERROR_PATH_NOT_FOUND);
    let mut bd2 = s.CreateBoundaryDescriptorW(Some("B"), 0);
    s.AddSIDToBoundaryDescriptor(&mut bd2, "Everyone");
    assert_eq!(s.CreatePrivateNamespaceW(None, bd2, Some("NS")), 0);
    assert_eq!(s.GetLastError(), ERROR_ALREADY_EXISTS);
    let ns2 = s.OpenPrivateNamespaceW(bd2, Some("NS"));
    assert_ne!(ns2, 0);
    assert_ne!(
        s.OpenFileMappingW(FILE_MAP_READ, 0, Some(r"NS\MyFileMapping")),
        0
    );
    check(&sys);
    assert_eq!(
        sys.win32(good)
            .ClosePrivateNamespace(ns, PRIVATE_NAMESPACE_FLAG_DESTROY),
        1
    );
    assert_eq!(
        sys.win32(squatter).OpenPrivateNamespaceW(bd2, Some("NS")),
        0
    );
    check(&sys);
    assert_eq!(sys.win32(squatter).ClosePrivateNamespace(ns2, 0), 1);
    check(&sys);
}
