//! ReadProcessMemory / WriteProcessMemory / VirtualQueryEx / VirtualAllocEx / VirtualProtectEx
//! through process handles (MS docs of each: the handle's rights; "the entire area ... must be
//! accessible"). A failed copy copies nothing.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

mod common;

use common::{check, machine};
use winsection::win32::*;

#[test]
fn read_and_write_another_process() {
    let (mut sys, pids) = machine(&["target", "debugger"]);
    let (target, debugger) = (pids[0], pids[1]);
    let mut t = sys.win32(target);
    let p = t.VirtualAlloc(0, 0x2000, MEM_RESERVE, PAGE_READWRITE);
    assert_eq!(t.VirtualAlloc(p, 0x1000, MEM_COMMIT, PAGE_READWRITE), p);
    t.write(p + 0x10, b"secret").unwrap().unwrap();
    let id = t.GetCurrentProcessId();

    let mut d = sys.win32(debugger);
    let query_only = d.OpenProcess(PROCESS_QUERY_INFORMATION, FALSE, id);
    let reader = d.OpenProcess(PROCESS_VM_READ, FALSE, id);
    let writer = d.OpenProcess(PROCESS_VM_WRITE | PROCESS_VM_OPERATION, FALSE, id);
    let write_only = d.OpenProcess(PROCESS_VM_WRITE, FALSE, id);
    for h in [query_only, reader, writer, write_only] {
        assert_ne!(h, 0, "{}", d.GetLastError());
    }
    let mut buf = [0u8; 6];
    let mut n = 99;
    assert_eq!(
        d.ReadProcessMemory(query_only, p + 0x10, &mut buf, 6, Some(&mut n)),
        FALSE
    );
    assert_eq!(d.GetLastError(), ERROR_ACCESS_DENIED);
    assert_eq!(
        d.ReadProcessMemory(reader, p + 0x10, &mut buf, 6, Some(&mut n)),
        TRUE
    );
    assert_eq!((&buf, n), (b"secret", 6));
    // Running into the reserved page: nothing is copied.
    let mut big = [0u8; 0x20];
    let r = d.ReadProcessMemory(reader, p + 0xFF0, &mut big, 0x20, Some(&mut n));
    assert_eq!((r, d.GetLastError(), n), (FALSE, ERROR_PARTIAL_COPY, 0));
    assert_eq!(big, [0u8; 0x20]);

    let r = d.WriteProcessMemory(write_only, p, b"x", 1, None);
    assert_eq!((r, d.GetLastError()), (FALSE, ERROR_ACCESS_DENIED));
    assert_eq!(
        d.WriteProcessMemory(writer, p + 0x10, b"public", 6, Some(&mut n)),
        TRUE
    );
    assert_eq!(n, 6);
    let r = d.WriteProcessMemory(writer, p + 0xFFE, b"spill", 5, Some(&mut n));
    assert_eq!((r, d.GetLastError(), n), (FALSE, ERROR_PARTIAL_COPY, 0));
    // A read-only page is not written.
    let mut old = 0;
    assert_eq!(
        d.VirtualProtectEx(writer, p, 0x1000, PAGE_READONLY, Some(&mut old)),
        TRUE
    );
    assert_eq!(old, PAGE_READWRITE);
    let r = d.WriteProcessMemory(writer, p, b"x", 1, None);
    assert_eq!((r, d.GetLastError()), (FALSE, ERROR_PARTIAL_COPY));
    let mut mbi = MEMORY_BASIC_INFORMATION::default();
    assert_eq!(d.VirtualQueryEx(reader, p, Some(&mut mbi), 48), 0);
    assert_eq!(d.GetLastError(), ERROR_ACCESS_DENIED);
    assert_eq!(d.VirtualQueryEx(query_only, p, Some(&mut mbi), 48), 48);
    assert_eq!(mbi.Protect, PAGE_READONLY);
    assert_eq!(
        d.VirtualAllocEx(reader, 0, 0x1000, MEM_COMMIT, PAGE_READWRITE),
        0
    );
    assert_eq!(d.GetLastError(), ERROR_ACCESS_DENIED);
    let q = d.VirtualAllocEx(writer, 0, 0x1000, MEM_COMMIT, PAGE_READWRITE);
    assert_ne!(q, 0);
    assert_eq!(d.VirtualFreeEx(writer, q, 0, MEM_RELEASE), TRUE);

    let mut t = sys.win32(target);
    assert_eq!(t.read(p + 0x10, 6).unwrap().unwrap(), b"public");
    check(&sys);
}
