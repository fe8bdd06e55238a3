//! Port of wine `dlls/kernel32/tests/file.c test_LockFile` (the Windows-truth lines: plain
//! `ok()`; the `limited_LockFile` / `limited_UnLockFile` branches take their NT answers, since
//! both probes succeed on NT), with the rules the test leaves open taken from MS-FSA 2.1.4.10
//! (overlap), 2.1.5.8 (lock) and 2.1.5.9 (unlock), and the LockFileEx doc for ReadFile/WriteFile
//! (catalog H20-H22).
//!
//! Skipped: nothing of test_LockFile's Windows-truth lines; its unchecked "wrap-around lock"
//! (`LockFile(h, 0, 0x10000000, 0, 0xf0000001)`, "should not do anything") is pinned to
//! MS-FSA's STATUS_INVALID_LOCK_RANGE (Wine answers STATUS_INVALID_PARAMETER; README "where
//! sources disagree").

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

mod common;

use common::{check, machine};
use winsection::win32::*;

const SILLYTEXT: &[u8] =
    b"en larvig liten text dx \x1b gx hej 84 hej 4484 ! \x01\x1b bla bl\na.. bla bla.";

fn open(w: &mut Win32<'_>, disposition: u32) -> HANDLE {
    let h = w.CreateFileW(
        Some(r"C:\testfile.xxx"),
        GENERIC_READ | GENERIC_WRITE,
        FILE_SHARE_READ | FILE_SHARE_WRITE,
        None,
        disposition,
        0,
        0,
    );
    assert_ne!(h, INVALID_HANDLE_VALUE);
    h
}

fn lock_ex(w: &mut Win32<'_>, h: HANDLE, flags: u32, len: u32, offset: u64) -> BOOL {
    w.LockFileEx(h, flags, 0, len, 0, offset)
}

/// file.c `test_LockFile`, line by line.
#[test]
fn file_c_test_lock_file() {
    let (mut sys, pids) = machine(&["test"]);
    let mut w = sys.win32(pids[0]);
    let handle = open(&mut w, CREATE_ALWAYS);
    let handle2 = open(&mut w, OPEN_EXISTING);
    let mut written = 0;
    let len = SILLYTEXT.len() as u32;
    assert_eq!(
        w.WriteFile(handle, SILLYTEXT, len, Some(&mut written)),
        TRUE
    );

    assert_eq!(w.LockFile(handle, 0, 0, 0, 0), TRUE);
    assert_eq!(w.UnlockFile(handle, 0, 0, 0, 0), TRUE);
    // limited_UnLockFile is 0 on NT: the {0, 0} lock is gone.
    assert_eq!(w.UnlockFile(handle, 0, 0, 0, 0), FALSE);
    assert_eq!(w.GetLastError(), ERROR_NOT_LOCKED);

    assert_eq!(w.LockFile(handle, 10, 0, 20, 0), TRUE);
    // Overlapping locks must fail, even through the same handle.
    assert_eq!(w.LockFile(handle, 12, 0, 10, 0), FALSE);
    assert_eq!(w.GetLastError(), ERROR_LOCK_VIOLATION);
    assert_eq!(w.LockFile(handle, 5, 0, 6, 0), FALSE);
    // Non-overlapping locks must succeed.
    assert_eq!(w.LockFile(handle, 5, 0, 5, 0), TRUE);

    assert_eq!(w.UnlockFile(handle, 10, 0, 10, 0), FALSE);
    assert_eq!(w.GetLastError(), ERROR_NOT_LOCKED);
    assert_eq!(w.UnlockFile(handle, 10, 0, 20, 0), TRUE);
    assert_eq!(w.UnlockFile(handle, 10, 0, 20, 0), FALSE);
    assert_eq!(w.UnlockFile(handle, 5, 0, 5, 0), TRUE);

    // Shared locks stack, even over the same range.
    assert_eq!(lock_ex(&mut w, handle, 0, 100, 100), TRUE);
    assert_eq!(lock_ex(&mut w, handle, 0, 100, 100), TRUE);
    assert_eq!(lock_ex(&mut w, handle, 0, 100, 150), TRUE);
    // But an exclusive lock over them is refused.
    let exclusive_now = LOCKFILE_EXCLUSIVE_LOCK | LOCKFILE_FAIL_IMMEDIATELY;
    assert_eq!(lock_ex(&mut w, handle, exclusive_now, 50, 150), FALSE);
    assert_eq!(w.GetLastError(), ERROR_LOCK_VIOLATION);
    assert_eq!(w.UnlockFileEx(handle, 0, 100, 0, 150), TRUE);

    // A shared lock may overlap an exclusive one only through the same handle.
    assert_eq!(
        lock_ex(&mut w, handle, LOCKFILE_EXCLUSIVE_LOCK, 100, 300),
        TRUE
    );
    assert_eq!(
        lock_ex(&mut w, handle2, LOCKFILE_FAIL_IMMEDIATELY, 100, 300),
        FALSE
    );
    assert_eq!(w.GetLastError(), ERROR_LOCK_VIOLATION);
    assert_eq!(
        lock_ex(&mut w, handle, LOCKFILE_FAIL_IMMEDIATELY, 100, 300),
        TRUE
    );
    assert_eq!(w.UnlockFileEx(handle, 0, 100, 0, 300), TRUE);
    // The exclusive lock is removed first: handle2's shared lock now fits.
    assert_eq!(
        lock_ex(&mut w, handle2, LOCKFILE_FAIL_IMMEDIATELY, 100, 300),
        TRUE
    );
    assert_eq!(w.UnlockFileEx(handle2, 0, 100, 0, 300), TRUE);
    assert_eq!(w.UnlockFileEx(handle, 0, 100, 0, 300), TRUE);

    // A range ending exactly at 2^64 is valid.
    assert_eq!(w.LockFile(handle, 0, 0x1000_0000, 0, 0xf000_0000), TRUE);
    assert_eq!(w.LockFile(handle, !0, !0, 1, 0), FALSE);
    assert_eq!(w.GetLastError(), ERROR_LOCK_VIOLATION);
    assert_eq!(w.LockFile(handle, 0, 0x2000_0000, 20, 0), FALSE);
    assert_eq!(w.UnlockFile(handle, 0, 0x1000_0000, 0, 0xf000_0000), TRUE);

    // The wrap-around lock does nothing (MS-FSA: STATUS_INVALID_LOCK_RANGE).
    assert_eq!(w.LockFile(handle, 0, 0x1000_0000, 1, 0xf000_0000), FALSE);
    assert_eq!(w.GetLastError(), ERROR_INVALID_LOCK_RANGE);

    // limited_LockFile is 0 on NT.
    assert_eq!(w.LockFile(handle, !0, !0, 1, 0), TRUE);
    assert_eq!(w.UnlockFile(handle, !0, !0, 1, 0), TRUE);

    // Zero-byte lock. The shared locks on [100, 200) are still held, so [98, 102) and
    // [100, 110) conflict with them; [90, 100) does not.
    assert_eq!(w.LockFile(handle, 100, 0, 0, 0), TRUE);
    assert_eq!(w.LockFile(handle, 98, 0, 4, 0), FALSE);
    assert_eq!(w.LockFile(handle, 90, 0, 10, 0), TRUE);
    assert_eq!(w.LockFile(handle, 100, 0, 10, 0), FALSE);

    assert_eq!(w.UnlockFile(handle, 90, 0, 10, 0), TRUE);
    assert_eq!(w.UnlockFile(handle, 100, 0, 10, 0), FALSE);
    assert_eq!(w.GetLastError(), ERROR_NOT_LOCKED);
    assert_eq!(w.UnlockFile(handle, 100, 0, 0, 0), TRUE);

    assert_eq!(w.CloseHandle(handle2), TRUE);
    assert_eq!(w.CloseHandle(handle), TRUE);
    check(&sys);
}

/// MS-FSA 2.1.4.10: a zero-length lock at offset o > 0 overlaps a range that holds both o - 1
/// and o (so a range strictly around it), and {0, 0} overlaps nothing.
#[test]
fn zero_length_locks_follow_ms_fsa_2_1_4_10() {
    let (mut sys, pids) = machine(&["test"]);
    let mut w = sys.win32(pids[0]);
    let a = open(&mut w, CREATE_ALWAYS);
    let b = open(&mut w, OPEN_EXISTING);
    assert_eq!(w.LockFile(a, 100, 0, 0, 0), TRUE);
    assert_eq!(w.LockFile(b, 98, 0, 4, 0), FALSE);
    assert_eq!(w.LockFile(b, 100, 0, 10, 0), TRUE);
    assert_eq!(w.LockFile(b, 90, 0, 10, 0), TRUE);
    assert_eq!(w.LockFile(a, 0, 0, 0, 0), TRUE);
    assert_eq!(w.LockFile(b, 0, 0, 1, 0), TRUE);
    check(&sys);
}

/// LockFileEx doc: an exclusive lock denies other handles read and write access; a shared
/// lock denies everyone, its owner too, write access; its owner reads and writes through an
/// exclusive lock; a mapped view ignores locks (catalog H12). A transfer of no bytes is no
/// conflict.
#[test]
fn read_file_and_write_file_honour_locks() {
    let (mut sys, pids) = machine(&["test"]);
    let mut w = sys.win32(pids[0]);
    let a = open(&mut w, CREATE_ALWAYS);
    let b = open(&mut w, OPEN_EXISTING);
    let mut n = 0;
    assert_eq!(w.WriteFile(a, &[7; 64], 64, Some(&mut n)), TRUE);
    assert_eq!(lock_ex(&mut w, a, LOCKFILE_EXCLUSIVE_LOCK, 16, 0), TRUE);

    let mut buf = [0u8; 8];
    assert_eq!(w.SetFilePointer(b, 4, None, FILE_BEGIN), 4);
    assert_eq!(w.ReadFile(b, &mut buf, 8, Some(&mut n)), FALSE);
    assert_eq!(w.GetLastError(), ERROR_LOCK_VIOLATION);
    assert_eq!(w.WriteFile(b, b"x", 1, Some(&mut n)), FALSE);
    assert_eq!(w.GetLastError(), ERROR_LOCK_VIOLATION);
    assert_eq!(w.WriteFile(b, b"", 0, Some(&mut n)), TRUE);
    // Past the lock, b reads and writes.
    assert_eq!(w.SetFilePointer(b, 16, None, FILE_BEGIN), 16);
    assert_eq!(w.ReadFile(b, &mut buf, 8, Some(&mut n)), TRUE);
    assert_eq!(n, 8);
    // The owner reads and writes its exclusive range.
    assert_eq!(w.SetFilePointer(a, 0, None, FILE_BEGIN), 0);
    assert_eq!(w.WriteFile(a, b"own", 3, Some(&mut n)), TRUE);

    // A mapped view reads and writes the locked range all the same.
    let s = w.CreateFileMappingW(b, None, PAGE_READWRITE, 0, 0, None);
    let v = w.MapViewOfFile(s, FILE_MAP_WRITE, 0, 0, 0);
    assert_ne!(v, 0);
    assert_eq!(
        w.system().read_memory(pids[0], v, 3).unwrap().unwrap(),
        b"own"
    );
    assert_eq!(w.UnmapViewOfFile(v), TRUE);
    assert_eq!(w.CloseHandle(s), TRUE);

    // A shared lock: everyone reads; nobody writes, the owner included.
    assert_eq!(w.UnlockFileEx(a, 0, 16, 0, 0), TRUE);
    assert_eq!(lock_ex(&mut w, a, 0, 16, 0), TRUE);
    assert_eq!(w.SetFilePointer(b, 0, None, FILE_BEGIN), 0);
    assert_eq!(w.ReadFile(b, &mut buf, 8, Some(&mut n)), TRUE);
    assert_eq!(&buf[..3], b"own");
    assert_eq!(w.SetFilePointer(a, 0, None, FILE_BEGIN), 0);
    assert_eq!(w.WriteFile(a, b"no", 2, Some(&mut n)), FALSE);
    assert_eq!(w.GetLastError(), ERROR_LOCK_VIOLATION);
    check(&sys);
}

/// The locks belong to the file object: a duplicated handle shares them, and closing the last
/// handle releases them (LockFileEx doc: "If a process terminates with a portion of a file
/// locked or closes a file that has outstanding locks, the locks are unlocked by the
/// operating system").
#[test]
fn locks_belong_to_the_file_object() {
    let (mut sys, pids) = machine(&["test"]);
    let mut w = sys.win32(pids[0]);
    let a = open(&mut w, CREATE_ALWAYS);
    let b = open(&mut w, OPEN_EXISTING);
    let mut dup = 0;
    let me = w.GetCurrentProcess();
    assert_eq!(
        w.DuplicateHandle(me, a, me, Some(&mut dup), 0, FALSE, DUPLICATE_SAME_ACCESS),
        TRUE
    );
    assert_eq!(w.LockFile(a, 0, 0, 10, 0), TRUE);
    assert_eq!(w.UnlockFile(b, 0, 0, 10, 0), FALSE);
    assert_eq!(w.GetLastError(), ERROR_NOT_LOCKED);
    assert_eq!(w.UnlockFile(dup, 0, 0, 10, 0), TRUE);
    assert_eq!(w.LockFile(a, 0, 0, 10, 0), TRUE);
    assert_eq!(w.CloseHandle(a), TRUE);
    assert_eq!(w.LockFile(b, 0, 0, 10, 0), FALSE);
    assert_eq!(w.CloseHandle(dup), TRUE);
    assert_eq!(w.LockFile(b, 0, 0, 10, 0), TRUE);
    // LockFileEx's reserved word and unknown flags are ERROR_INVALID_PARAMETER.
    assert_eq!(w.LockFileEx(b, 0, 1, 1, 0, 50), FALSE);
    assert_eq!(w.GetLastError(), ERROR_INVALID_PARAMETER);
    assert_eq!(w.LockFileEx(b, 0x80, 0, 1, 0, 50), FALSE);
    assert_eq!(w.GetLastError(), ERROR_INVALID_PARAMETER);
    check(&sys);
}

/// The scenario language: LockFileEx / UnlockFileEx (the OVERLAPPED given as its offset) and
/// SetFileInformationByHandle (the structure's one field and the buffer size).
#[test]
fn scenario_lock_file_ex_and_set_file_information() {
    let src = "process a\n\
         a: f = CreateFileW(\"C:\\\\l.bin\", GENERIC_READ | GENERIC_WRITE | DELETE, FILE_SHARE_READ | FILE_SHARE_WRITE, NULL, CREATE_ALWAYS, 0, NULL)\n\
         a: g = CreateFileW(\"C:\\\\l.bin\", GENERIC_READ | GENERIC_WRITE, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, NULL, OPEN_EXISTING, 0, NULL)\n\
         a: expect LockFileEx(f, LOCKFILE_EXCLUSIVE_LOCK, 0, 100, 0, 300) == TRUE\n\
         a: expect LockFileEx(g, LOCKFILE_FAIL_IMMEDIATELY, 0, 100, 0, 300) fails ERROR_LOCK_VIOLATION\n\
         a: expect LockFileEx(f, LOCKFILE_FAIL_IMMEDIATELY, 0, 100, 0, 300) == TRUE\n\
         a: expect UnlockFileEx(f, 0, 100, 0, 300) == TRUE\n\
         a: expect LockFileEx(g, LOCKFILE_FAIL_IMMEDIATELY, 0, 100, 0, 300) == TRUE\n\
         a: expect UnlockFileEx(g, 0, 10, 0, 300) fails ERROR_NOT_LOCKED\n\
         a: expect LockFile(f, 0, 0x10000000, 1, 0xf0000000) fails ERROR_INVALID_LOCK_RANGE\n\
         a: expect LockFileEx(f, LOCKFILE_EXCLUSIVE_LOCK, 0, 1, 0, 0x100000000 + 5) == TRUE\n\
         a: expect LockFile(g, 5, 1, 1, 0) fails ERROR_LOCK_VIOLATION\n\
         a: expect LockFile(g, 5, 0, 1, 0) == TRUE\n\
         a: expect SetFileInformationByHandle(f, FileEndOfFileInfo, 0x2000, 8) == TRUE\n\
         a: expect GetFileSizeEx(f, &size) == TRUE\n\
         a: expect size == 0x2000\n\
         a: s = CreateFileMappingW(f, NULL, PAGE_READONLY, 0, 0, NULL)\n\
         a: expect SetFileInformationByHandle(f, FileEndOfFileInfo, 0x1000, 8) fails ERROR_USER_MAPPED_FILE\n\
         a: expect SetFileInformationByHandle(f, FileAllocationInfo, 0x1000, 8) fails ERROR_USER_MAPPED_FILE\n\
         a: expect SetFileInformationByHandle(f, FileDispositionInfo, TRUE, 1) fails ERROR_ACCESS_DENIED\n\
         a: expect SetFileInformationByHandle(f, FileDispositionInfo, TRUE, 0) fails ERROR_BAD_LENGTH\n\
         a: CloseHandle(s)\n\
         a: expect SetFileInformationByHandle(f, FileDispositionInfoEx, FILE_DISPOSITION_FLAG_DELETE, 4) == TRUE\n\
         a: CloseHandle(g)\n\
         a: CloseHandle(f)\n\
         a: expect GetFileAttributesW(\"C:\\\\l.bin\") fails ERROR_FILE_NOT_FOUND\n";
    let script =
        winsection::scenario::load(src.as_bytes()).unwrap_or_else(|e| panic!("{}", e.display("t")));
    let result = winsection::scenario::run(&script);
    assert_eq!(result.exit_status(), 0, "{}", result.text());
    result.system.check().unwrap();
}
