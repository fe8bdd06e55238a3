//! Hostile input, bounded (issue 15): every failing call leaves the machine as it found it, and
//! inputs that used to run away (a huge sparse file moved across volumes, a write at the end
//! of the 64-bit range) are answered at once with the error Windows gives.
//!
//! "A failed call changes nothing" is checked the strong way: `System::dump()` (namespace,
//! objects with their counts, handle tables, views, files, disks) is byte-identical before and
//! after the call, and `System::check()` holds.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

mod common;

use winsection::io::api::MAX_FILE_SIZE;
use winsection::win32::*;
use winsection::{Pid, ProcessSpec, System, SystemConfig};

/// Runs `call` (which must fail with `error`) and asserts it changed nothing observable.
fn fails_cleanly(
    sys: &mut System,
    pid: Pid,
    error: u32,
    what: &str,
    call: impl FnOnce(&mut Win32<'_>) -> bool,
) {
    let before = sys.dump();
    let failed = {
        let mut w = sys.win32(pid);
        let failed = call(&mut w);
        assert!(failed, "{what}: expected a failure");
        assert_eq!(w.GetLastError(), error, "{what}: last error");
        failed
    };
    assert!(failed);
    common::check(sys);
    assert_eq!(
        sys.dump(),
        before,
        "{what}: a failed call left state behind"
    );
}

/// A machine whose process `app` holds exactly `limit` handles (its table is full).
fn full_handle_table(limit: usize) -> (System, Pid) {
    let mut sys = System::new();
    let app = sys.spawn(ProcessSpec::named("app")).unwrap();
    sys.set_handle_limit(limit);
    let mut w = sys.win32(app);
    for _ in 0..limit {
        assert_ne!(w.CreateEventW(None, TRUE, FALSE, None), 0);
    }
    assert_eq!(w.CreateEventW(None, TRUE, FALSE, None), 0);
    assert_eq!(w.GetLastError(), ERROR_NO_SYSTEM_RESOURCES);
    common::check(&sys);
    (sys, app)
}

/// Issue 15, defect 1: CreatePrivateNamespaceW with a full handle table used to create and
/// name the namespace directory before failing, so `check()` found an unreferenced object, a
/// retry said ERROR_ALREADY_EXISTS and an open succeeded. The slot is now reserved first
/// (CreatePrivateNamespaceW doc; catalog J11-J14).
#[test]
fn create_private_namespace_with_a_full_handle_table_leaves_no_namespace_behind() {
    let (mut sys, app) = full_handle_table(8);
    let mut w = sys.win32(app);
    let bd = w.CreateBoundaryDescriptorW(Some("Bound"), 0);
    assert_ne!(bd, 0);
    fails_cleanly(
        &mut sys,
        app,
        ERROR_NO_SYSTEM_RESOURCES,
        "CreatePrivateNamespaceW",
        |w| w.CreatePrivateNamespaceW(None, bd, Some("Ns")) == 0,
    );
    let mut w = sys.win32(app);
    // Nothing was left to open, and after a slot frees up the create really creates.
    assert!(w.CloseHandle(4) != 0);
    assert_eq!(w.OpenPrivateNamespaceW(bd, Some("Ns")), 0);
    assert_eq!(w.GetLastError(), ERROR_PATH_NOT_FOUND);
    let ns = w.CreatePrivateNamespaceW(None, bd, Some("Ns"));
    assert_ne!(ns, 0);
    common::check(&sys);
}

/// The promise for every create and open path that makes a handle: with a full table each
/// fails with ERROR_NO_SYSTEM_RESOURCES and leaves no object, name, file or view behind.
#[test]
fn every_create_path_with_a_full_handle_table_leaves_nothing_behind() {
    let (mut sys, app) = full_handle_table(6);
    let other = sys.spawn(ProcessSpec::named("other")).unwrap();
    let (named_section, file) = {
        let mut o = sys.win32(other);
        let s = o.CreateFileMappingW(
            INVALID_HANDLE_VALUE,
            None,
            PAGE_READWRITE,
            0,
            4096,
            Some("Shared"),
        );
        let e = o.CreateEventW(None, TRUE, FALSE, Some("SharedEvent"));
        assert!(s != 0 && e != 0);
        let f = o.CreateFileW(
            Some("C:\\existing.bin"),
            GENERIC_READ | GENERIC_WRITE,
            FILE_SHARE_READ | FILE_SHARE_WRITE,
            None,
            CREATE_ALWAYS,
            0,
            0,
        );
        assert_ne!(f, INVALID_HANDLE_VALUE);
        (s, f)
    };
    let _ = (named_section, file);
    let e = ERROR_NO_SYSTEM_RESOURCES;
    type Case = (&'static str, fn(&mut Win32<'_>) -> bool);
    let cases: &[Case] = &[
        ("CreateFileMappingW anonymous", |w| {
            w.CreateFileMappingW(INVALID_HANDLE_VALUE, None, PAGE_READWRITE, 0, 4096, None) == 0
        }),
        ("CreateFileMappingW new name", |w| {
            w.CreateFileMappingW(
                INVALID_HANDLE_VALUE,
                None,
                PAGE_READWRITE,
                0,
                4096,
                Some("Fresh"),
            ) == 0
        }),
        ("CreateFileMappingW existing name", |w| {
            w.CreateFileMappingW(
                INVALID_HANDLE_VALUE,
                None,
                PAGE_READWRITE,
                0,
                4096,
                Some("Shared"),
            ) == 0
        }),
        ("OpenFileMappingW", |w| {
            w.OpenFileMappingW(FILE_MAP_READ, FALSE, Some("Shared")) == 0
        }),
        ("CreateEventW new name", |w| {
            w.CreateEventW(None, TRUE, FALSE, Some("FreshEvent")) == 0
        }),
        ("OpenEventW", |w| {
            w.OpenEventW(EVENT_ALL_ACCESS, FALSE, Some("SharedEvent")) == 0
        }),
        ("CreateMutexW", |w| {
            w.CreateMutexW(None, TRUE, Some("FreshMutex")) == 0
        }),
        ("CreateSemaphoreW", |w| {
            w.CreateSemaphoreW(None, 1, 2, Some("FreshSem")) == 0
        }),
        ("CreateWaitableTimerW", |w| {
            w.CreateWaitableTimerW(None, TRUE, Some("FreshTimer")) == 0
        }),
        ("CreateJobObjectW", |w| {
            w.CreateJobObjectW(None, Some("FreshJob")) == 0
        }),
        ("CreateFileW new file", |w| {
            w.CreateFileW(
                Some("C:\\new.bin"),
                GENERIC_READ | GENERIC_WRITE,
                0,
                None,
                CREATE_NEW,
                0,
                0,
            ) == INVALID_HANDLE_VALUE
        }),
        ("CreateFileW truncating an existing file", |w| {
            w.CreateFileW(
                Some("C:\\existing.bin"),
                GENERIC_READ | GENERIC_WRITE,
                FILE_SHARE_READ | FILE_SHARE_WRITE,
                None,
                CREATE_ALWAYS,
                0,
                0,
            ) == INVALID_HANDLE_VALUE
        }),
        ("DuplicateHandle", |w| {
            let mut out = 0;
            let me = w.GetCurrentProcess();
            w.DuplicateHandle(me, 4, me, Some(&mut out), 0, FALSE, DUPLICATE_SAME_ACCESS) == 0
        }),
    ];
    for (what, call) in cases {
        fails_cleanly(&mut sys, app, e, what, call);
    }
    assert!(
        !sys.file_exists(0, "C:\\new.bin"),
        "a failed CREATE_NEW left a file"
    );
}

/// A full address space: a view or an allocation that cannot be placed fails with
/// ERROR_NOT_ENOUGH_MEMORY and leaves the section's counts and the address space as they were.
#[test]
fn create_paths_with_a_full_address_space_leave_nothing_behind() {
    let (mut sys, pids) = common::machine(&["app"]);
    let app = pids[0];
    let mut w = sys.win32(app);
    // Reserve every free byte the placement could use, in 64 GiB steps.
    let mut reserved = 0u64;
    while w.VirtualAlloc(0, 1 << 36, MEM_RESERVE, PAGE_NOACCESS) != 0 {
        reserved += 1;
        assert!(reserved < 4096, "the address space never filled");
    }
    let mut size = 1u64 << 35;
    while size >= 0x10000 {
        while w.VirtualAlloc(0, size, MEM_RESERVE, PAGE_NOACCESS) != 0 {}
        size /= 2;
    }
    let s = w.CreateFileMappingW(
        INVALID_HANDLE_VALUE,
        None,
        PAGE_READWRITE,
        0,
        0x10000,
        Some("S"),
    );
    assert_ne!(s, 0);
    common::check(&sys);
    fails_cleanly(
        &mut sys,
        app,
        ERROR_NOT_ENOUGH_MEMORY,
        "MapViewOfFile",
        |w| w.MapViewOfFile(s, FILE_MAP_WRITE, 0, 0, 0) == 0,
    );
    fails_cleanly(
        &mut sys,
        app,
        ERROR_NOT_ENOUGH_MEMORY,
        "VirtualAlloc",
        |w| w.VirtualAlloc(0, 0x10000, MEM_RESERVE | MEM_COMMIT, PAGE_READWRITE) == 0,
    );
}

/// A full disk: growth that cannot be allocated fails with ERROR_DISK_FULL (catalog D6) and
/// the file keeps its size, its bytes and its sections' absence.
#[test]
fn create_paths_with_a_full_disk_leave_nothing_behind() {
    let mut sys = System::with_config(SystemConfig {
        disk_capacity: Some(0x2000),
        ..SystemConfig::default()
    });
    let app = sys.spawn(ProcessSpec::named("app")).unwrap();
    let mut w = sys.win32(app);
    let f = w.CreateFileW(
        Some("C:\\f.bin"),
        GENERIC_READ | GENERIC_WRITE,
        0,
        None,
        CREATE_ALWAYS,
        0,
        0,
    );
    assert_ne!(f, INVALID_HANDLE_VALUE);
    assert!(w.WriteFile(f, b"abc", 3, None) != 0);
    fails_cleanly(
        &mut sys,
        app,
        ERROR_DISK_FULL,
        "CreateFileMappingW growing the file",
        |w| w.CreateFileMappingW(f, None, PAGE_READWRITE, 0, 0x10000, Some("Grow")) == 0,
    );
    fails_cleanly(
        &mut sys,
        app,
        ERROR_DISK_FULL,
        "WriteFile past the disk",
        |w| {
            w.SetFilePointerEx(f, 0x10000, None, FILE_BEGIN);
            let r = w.WriteFile(f, b"x", 1, None) == 0;
            w.SetFilePointerEx(f, 3, None, FILE_BEGIN);
            r
        },
    );
    let mut size = 0i64;
    let mut w = sys.win32(app);
    assert!(w.GetFileSizeEx(f, &mut size) != 0);
    assert_eq!(size, 3);
}

/// Issue 15, defect 3: a write at `i64::MAX - 1` used to succeed and make a size beyond
/// `i64::MAX` (GetFileSizeEx then reported it negative). Sizes stop at NTFS's implementation
/// limit of 16 TB minus 64 KB ("How NTFS Works", NTFS size limits), with ERROR_DISK_FULL; the
/// pointer itself may still be set anywhere up to 2^63-1 (SetFilePointerEx doc).
#[test]
fn write_file_past_the_ntfs_maximum_file_size_fails_with_disk_full() {
    let (mut sys, pids) = common::machine(&["app"]);
    let app = pids[0];
    let mut w = sys.win32(app);
    let f = w.CreateFileW(
        Some("C:\\big.bin"),
        GENERIC_READ | GENERIC_WRITE,
        0,
        None,
        CREATE_ALWAYS,
        0,
        0,
    );
    let mut at = 0i64;
    assert!(w.SetFilePointerEx(f, i64::MAX - 1, Some(&mut at), FILE_BEGIN) != 0);
    assert_eq!(at, i64::MAX - 1);
    fails_cleanly(
        &mut sys,
        app,
        ERROR_DISK_FULL,
        "WriteFile at i64::MAX - 1",
        |w| w.WriteFile(f, b"xy", 2, None) == 0,
    );
    let mut w = sys.win32(app);
    // A null write neither writes nor extends (WriteFile doc).
    let mut written = 7u32;
    assert!(w.WriteFile(f, b"", 0, Some(&mut written)) != 0);
    assert_eq!(written, 0);
    // The last byte NTFS allows can be written; one more cannot.
    let last = i64::try_from(MAX_FILE_SIZE).unwrap() - 1;
    assert!(w.SetFilePointerEx(f, last, None, FILE_BEGIN) != 0);
    assert!(w.WriteFile(f, b"z", 1, None) != 0);
    let mut size = 0i64;
    assert!(w.GetFileSizeEx(f, &mut size) != 0);
    assert_eq!(u64::try_from(size).unwrap(), MAX_FILE_SIZE);
    fails_cleanly(
        &mut sys,
        app,
        ERROR_DISK_FULL,
        "WriteFile one byte past the maximum",
        |w| w.WriteFile(f, b"z", 1, None) == 0,
    );
    fails_cleanly(
        &mut sys,
        app,
        ERROR_DISK_FULL,
        "SetEndOfFile past the maximum",
        |w| {
            w.SetFilePointerEx(f, i64::MAX, None, FILE_BEGIN);
            let r = w.SetEndOfFile(f) == 0;
            w.SetFilePointerEx(f, last + 1, None, FILE_BEGIN);
            r
        },
    );
    common::check(&sys);
}

/// Issue 15, defect 2: MoveFileW of a sparse file to another volume walked every logical page
/// and never finished for a huge file. It now copies the pages that hold bytes, so a file of
/// the largest size NTFS allows moves at once (bounded by construction: the loop runs over
/// stored pages only) with its bytes intact at both ends.
#[test]
fn move_file_of_a_huge_sparse_file_to_another_volume_copies_only_stored_pages() {
    let (mut sys, pids) = common::machine(&["app"]);
    sys.add_host("srv", None).unwrap();
    let app = pids[0];
    let mut w = sys.win32(app);
    let f = w.CreateFileW(
        Some("C:\\sparse.bin"),
        GENERIC_READ | GENERIC_WRITE,
        0,
        None,
        CREATE_ALWAYS,
        0,
        0,
    );
    assert!(w.WriteFile(f, b"head", 4, None) != 0);
    let last = i64::try_from(MAX_FILE_SIZE).unwrap() - 4;
    assert!(w.SetFilePointerEx(f, last, None, FILE_BEGIN) != 0);
    assert!(w.WriteFile(f, b"tail", 4, None) != 0);
    assert!(w.CloseHandle(f) != 0);
    assert!(w.MoveFileW(Some("C:\\sparse.bin"), Some("\\\\srv\\share\\moved.bin")) != 0);
    assert!(!sys.file_exists(0, "C:\\sparse.bin"));
    let mut w = sys.win32(app);
    let g = w.CreateFileW(
        Some("\\\\srv\\share\\moved.bin"),
        GENERIC_READ,
        0,
        None,
        OPEN_EXISTING,
        0,
        0,
    );
    assert_ne!(g, INVALID_HANDLE_VALUE);
    let mut size = 0i64;
    assert!(w.GetFileSizeEx(g, &mut size) != 0);
    assert_eq!(u64::try_from(size).unwrap(), MAX_FILE_SIZE);
    let mut buf = [0u8; 4];
    assert!(w.ReadFile(g, &mut buf, 4, None) != 0);
    assert_eq!(&buf, b"head");
    assert!(w.SetFilePointerEx(g, last, None, FILE_BEGIN) != 0);
    assert!(w.ReadFile(g, &mut buf, 4, None) != 0);
    assert_eq!(&buf, b"tail");
    common::check(&sys);
}

/// A file-backed section that would grow its file, a private namespace open and OpenProcess,
/// with a full handle table: the file keeps its size (the growth is not made before the slot
/// is known to exist) and nothing else changes.
#[test]
fn file_backed_sections_and_opens_with_a_full_handle_table_leave_nothing_behind() {
    let mut sys = System::new();
    let app = sys.spawn(ProcessSpec::named("app")).unwrap();
    let other = sys.spawn(ProcessSpec::named("other")).unwrap();
    let mut w = sys.win32(app);
    let f = w.CreateFileW(
        Some("C:\\small.bin"),
        GENERIC_READ | GENERIC_WRITE,
        0,
        None,
        CREATE_ALWAYS,
        0,
        0,
    );
    assert!(w.WriteFile(f, b"0123456789", 10, None) != 0);
    let bd = w.CreateBoundaryDescriptorW(Some("Bound"), 0);
    let ns = w.CreatePrivateNamespaceW(None, bd, Some("Ns"));
    assert!(f != INVALID_HANDLE_VALUE && ns != 0);
    sys.set_handle_limit(2);
    common::check(&sys);
    fails_cleanly(
        &mut sys,
        app,
        ERROR_NO_SYSTEM_RESOURCES,
        "CreateFileMappingW growing its file",
        |w| w.CreateFileMappingW(f, None, PAGE_READWRITE, 0, 0x10000, Some("Grow")) == 0,
    );
    fails_cleanly(
        &mut sys,
        app,
        ERROR_NO_SYSTEM_RESOURCES,
        "OpenPrivateNamespaceW",
        |w| w.OpenPrivateNamespaceW(bd, Some("Ns")) == 0,
    );
    let other_pid = other.0;
    fails_cleanly(
        &mut sys,
        app,
        ERROR_NO_SYSTEM_RESOURCES,
        "OpenProcess",
        |w| w.OpenProcess(PROCESS_ALL_ACCESS, FALSE, other_pid) == 0,
    );
    let mut size = 0i64;
    assert!(sys.win32(app).GetFileSizeEx(f, &mut size) != 0);
    assert_eq!(size, 10);
}
