//! Faults through raw pointers, asserted from a child process: a bad access through a view
//! ends the process (SIGSEGV on the host), as an unhandled EXCEPTION_ACCESS_VIOLATION ends a
//! Windows program. Each test re-runs this test binary on itself with `WINSECTION_CHILD` set;
//! the child runs the body, printing a line before the access that must fault, and the parent
//! asserts the child died of SIGSEGV after that line and before the next.
//!
//! This is the pattern to copy for asserting an expected fault (the `rusty-fork` crate does
//! the same with more machinery).

#![cfg(target_os = "linux")]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use std::os::unix::process::ExitStatusExt;
use std::process::Command;

use winsection::sys;
use winsection::sys::Win32::Foundation::*;
use winsection::sys::Win32::System::Memory::*;

/// Runs `body` in a child process and returns (signal that ended it, its stderr).
fn in_child(test: &str, body: impl FnOnce()) -> (Option<i32>, String) {
    if std::env::var("WINSECTION_CHILD").as_deref() == Ok(test) {
        body();
        eprintln!("no fault");
        std::process::exit(0);
    }
    let out = Command::new(std::env::current_exe().unwrap())
        .args([test, "--exact", "--nocapture", "--test-threads=1"])
        .env("WINSECTION_CHILD", test)
        .output()
        .unwrap();
    (
        out.status.signal(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn assert_faults_after(test: &str, marker: &str, body: impl FnOnce()) {
    let (signal, stderr) = in_child(test, body);
    assert_eq!(signal, Some(libc_sigsegv()), "child stderr:\n{stderr}");
    assert!(stderr.contains(marker), "child stderr:\n{stderr}");
    assert!(!stderr.contains("no fault"), "child stderr:\n{stderr}");
}

const fn libc_sigsegv() -> i32 {
    11
}

fn wide(s: &str) -> Vec<u16> {
    s.encode_utf16().chain(Some(0)).collect()
}

// SAFETY: callers run inside the sys harness and pass handles and pointers it returned (the Win32 contract of the calls inside).
unsafe fn section(name: &str, prot: u32, size: u32) -> HANDLE {
    let n = wide(name);
    // SAFETY: the pointers come from winsection::sys calls in this test; the faulting access is the point and runs only in the child process.
    let h = unsafe {
        CreateFileMappingW(
            INVALID_HANDLE_VALUE,
            std::ptr::null(),
            prot,
            0,
            size,
            n.as_ptr(),
        )
    };
    assert!(!h.is_null());
    h
}

/// A store through a FILE_MAP_READ view faults (catalog F3: the view is PAGE_READONLY).
#[test]
fn store_into_read_only_view_faults() {
    // SAFETY: the pointers come from winsection::sys calls in this test; the faulting access is the point and runs only in the child process.
    assert_faults_after("store_into_read_only_view_faults", "read ok", || unsafe {
        sys::reset();
        let h = section("Local\\ro", PAGE_READWRITE, 0x1000);
        let v = MapViewOfFile(h, FILE_MAP_READ, 0, 0, 0).Value.cast::<u8>();
        assert_eq!(v.read_volatile(), 0);
        eprintln!("read ok");
        v.write_volatile(1);
    });
}

/// A reserved page of a SEC_RESERVE view faults until committed (catalog F16).
#[test]
fn touching_a_reserved_sec_reserve_page_faults() {
    assert_faults_after(
        "touching_a_reserved_sec_reserve_page_faults",
        "committed ok",
        // SAFETY: the pointers come from winsection::sys calls in this test; the faulting access is the point and runs only in the child process.
        || unsafe {
            sys::reset();
            let h = section("Local\\res", PAGE_READWRITE | SEC_RESERVE, 0x10000);
            let v = MapViewOfFile(h, FILE_MAP_ALL_ACCESS, 0, 0, 0)
                .Value
                .cast::<u8>();
            assert!(!VirtualAlloc(v.cast(), 0x1000, MEM_COMMIT, PAGE_READWRITE).is_null());
            v.add(0xFFF).write_volatile(1);
            eprintln!("committed ok");
            v.add(0x1000).read_volatile();
        },
    );
}

/// PAGE_NOACCESS set with VirtualProtect faults on any touch.
#[test]
fn page_noaccess_faults() {
    // SAFETY: the pointers come from winsection::sys calls in this test; the faulting access is the point and runs only in the child process.
    assert_faults_after("page_noaccess_faults", "protected", || unsafe {
        sys::reset();
        let h = section("Local\\na", PAGE_READWRITE, 0x2000);
        let v = MapViewOfFile(h, FILE_MAP_ALL_ACCESS, 0, 0, 0)
            .Value
            .cast::<u8>();
        let mut old = 0;
        assert_ne!(VirtualProtect(v.cast(), 1, PAGE_NOACCESS, &mut old), 0);
        v.add(0x1000).write_volatile(1);
        eprintln!("protected");
        v.read_volatile();
    });
}

/// A view's pages are gone once it is unmapped.
#[test]
fn touching_an_unmapped_view_faults() {
    // SAFETY: the pointers come from winsection::sys calls in this test; the faulting access is the point and runs only in the child process.
    assert_faults_after("touching_an_unmapped_view_faults", "unmapped", || unsafe {
        sys::reset();
        let h = section("Local\\un", PAGE_READWRITE, 0x1000);
        let v = MapViewOfFile(h, FILE_MAP_ALL_ACCESS, 0, 0, 0);
        assert_ne!(UnmapViewOfFile(v), 0);
        eprintln!("unmapped");
        v.Value.cast::<u8>().read_volatile();
    });
}

/// The squatting story (catalog A-series; "Creating Named Shared Memory"): a squatter creates
/// the name first with 4 KiB; the victim's CreateFileMappingW for 64 KiB opens it
/// (ERROR_ALREADY_EXISTS) and its whole-section view is 4 KiB: the 4097th byte faults.
#[test]
fn squatted_section_faults_at_the_4097th_byte() {
    assert_faults_after(
        "squatted_section_faults_at_the_4097th_byte",
        "4096 bytes ok",
        // SAFETY: the pointers come from winsection::sys calls in this test; the faulting access is the point and runs only in the child process.
        || unsafe {
            sys::reset();
            let squatter = sys::spawn("squatter").unwrap();
            {
                let _s = sys::enter(squatter);
                section("Local\\MyFileMappingObject", PAGE_READWRITE, 4096);
            }
            let h = section("Local\\MyFileMappingObject", PAGE_READWRITE, 0x10000);
            assert_eq!(GetLastError(), ERROR_ALREADY_EXISTS);
            let v = MapViewOfFile(h, FILE_MAP_ALL_ACCESS, 0, 0, 0)
                .Value
                .cast::<u8>();
            std::ptr::write_bytes(v, 1, 4096);
            eprintln!("4096 bytes ok");
            v.add(4096).write_volatile(1);
        },
    );
}

/// Without a fault the child reports it, and the helper notices (the check can fail).
#[test]
fn the_child_helper_sees_a_clean_exit() {
    let (signal, stderr) = in_child("the_child_helper_sees_a_clean_exit", || {});
    assert_eq!(signal, None);
    assert!(stderr.contains("no fault"));
}

/// A PAGE_GUARD page faults on first touch (STATUS_GUARD_PAGE_VIOLATION, which unhandled ends
/// the program; MS docs "Creating Guard Pages").
#[test]
fn touching_a_guard_page_faults() {
    // SAFETY: the pointers come from winsection::sys calls in this test; the faulting access is the point and runs only in the child process.
    assert_faults_after("touching_a_guard_page_faults", "guarded", || unsafe {
        sys::reset();
        let h = section("Local\\guard", PAGE_READWRITE, 0x2000);
        let v = MapViewOfFile(h, FILE_MAP_ALL_ACCESS, 0, 0, 0)
            .Value
            .cast::<u8>();
        let mut old = 0;
        assert_ne!(
            VirtualProtect(v.cast(), 1, PAGE_READWRITE | PAGE_GUARD, &mut old),
            0
        );
        v.add(0x1000).write_volatile(1);
        eprintln!("guarded");
        v.read_volatile();
    });
}
