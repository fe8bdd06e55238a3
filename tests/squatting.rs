//! The squatting story (DEVELOPERS issue 2/3): "webcam" creates `MyFileMapping` with 4 KiB;
//! "app" asks for 1 MiB under the same name and gets ERROR_ALREADY_EXISTS and a handle to the
//! 4 KiB section; its 1 MiB view fails, its whole-section view is 4 KiB, and touching byte 4096
//! faults. Sources: CreateFileMappingW doc (Return value: "returns a handle to the existing
//! object (with its current size, not the specified size)"); Wine 8 oracle
//! `named_create_second_128k`, `named_second_map_128k`; catalog B8, F5, M2.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

mod common;
use common::{check, machine};
use winsection::win32::*;
use winsection::Exception;

#[test]
fn squatter_keeps_its_size_and_the_app_faults_at_4096() {
    let (mut sys, pids) = machine(&["webcam", "app"]);
    let (webcam, app) = (pids[0], pids[1]);

    let squat = sys.win32(webcam).CreateFileMappingW(
        INVALID_HANDLE_VALUE,
        None,
        PAGE_READWRITE,
        0,
        4096,
        Some("MyFileMapping"),
    );
    assert_ne!(squat, 0);
    assert_eq!(sys.win32(webcam).GetLastError(), ERROR_SUCCESS);
    check(&sys);

    let mut w = sys.win32(app);
    w.SetLastError(0xDEAD);
    let h = w.CreateFileMappingW(
        INVALID_HANDLE_VALUE,
        None,
        PAGE_READWRITE,
        0,
        1 << 20,
        Some("MyFileMapping"),
    );
    assert_ne!(h, 0);
    assert_eq!(w.GetLastError(), ERROR_ALREADY_EXISTS);

    assert_eq!(w.MapViewOfFile(h, FILE_MAP_WRITE, 0, 0, 1 << 20), 0);
    assert_eq!(w.GetLastError(), ERROR_ACCESS_DENIED);

    let view = w.MapViewOfFile(h, FILE_MAP_WRITE, 0, 0, 0);
    assert_ne!(view, 0);
    let mut mbi = MEMORY_BASIC_INFORMATION::default();
    assert_eq!(w.VirtualQuery(view, Some(&mut mbi), 48), 48);
    assert_eq!(mbi.RegionSize, 4096);
    assert_eq!(mbi.State, MEM_COMMIT);
    assert_eq!(mbi.Protect, PAGE_READWRITE);
    assert_eq!(mbi.Type, MEM_MAPPED);
    check(&sys);

    assert_eq!(sys.write_memory(app, view + 4095, b"x").unwrap(), Ok(()));
    assert_eq!(
        sys.write_memory(app, view + 4096, b"y").unwrap(),
        Err(Exception::AccessViolation {
            address: view + 4096,
            write: true
        })
    );
    assert_eq!(
        sys.read_memory(app, view + 4096, 1).unwrap(),
        Err(Exception::AccessViolation {
            address: view + 4096,
            write: false
        })
    );
    check(&sys);
}
