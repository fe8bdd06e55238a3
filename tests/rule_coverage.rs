//! Engine decisions name the catalogue rule that decided them (docs/rules.md): each test makes
//! one call with a known answer (Windows' value and last error, as the catalogue states it),
//! checks that answer, and checks the rules the machine recorded for that call
//! (`System::take_rules_hit`). The rule ids in the test names are the catalogue's.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

mod common;
use common::{check, machine};
use winsection::win32::*;
use winsection::{Pid, RuleId, System};

/// The rules recorded since the last take, as ids.
fn took(sys: &mut System) -> Vec<&'static str> {
    sys.take_rules_hit().iter().map(RuleId::as_str).collect()
}

/// A machine with one process and a `size`-byte file opened read-write.
fn with_file(size: u32) -> (System, Pid, HANDLE) {
    let (mut sys, pids) = machine(&["p"]);
    let p = pids[0];
    let mut w = sys.win32(p);
    let f = w.CreateFileW(
        Some("C:\\data.bin"),
        GENERIC_READ | GENERIC_WRITE,
        FILE_SHARE_READ | FILE_SHARE_WRITE,
        None,
        CREATE_ALWAYS,
        0,
        0,
    );
    assert_ne!(f, INVALID_HANDLE_VALUE);
    if size > 0 {
        let bytes = vec![7u8; size as usize];
        assert_eq!(w.WriteFile(f, &bytes, size, None), TRUE);
    }
    sys.take_rules_hit();
    (sys, p, f)
}

#[test]
fn b8_existing_name_returns_the_existing_section_with_already_exists() {
    let (mut sys, pids) = machine(&["webcam", "app"]);
    let first = sys.win32(pids[0]).CreateFileMappingW(
        INVALID_HANDLE_VALUE,
        None,
        PAGE_READWRITE,
        0,
        4096,
        Some("MyFileMapping"),
    );
    assert_ne!(first, 0);
    let created = took(&mut sys);
    assert!(
        created.contains(&"A18") && !created.contains(&"B8"),
        "{created:?}"
    );
    let mut w = sys.win32(pids[1]);
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
    let rules = took(&mut sys);
    for id in ["A1", "A18", "B8", "B9", "B14"] {
        assert!(rules.contains(&id), "{id} missing from {rules:?}");
    }
    // F5: the 1 MiB view of the 4 KiB section.
    let mut w = sys.win32(pids[1]);
    assert_eq!(w.MapViewOfFile(h, FILE_MAP_WRITE, 0, 0, 1 << 20), 0);
    assert_eq!(w.GetLastError(), ERROR_ACCESS_DENIED);
    assert!(took(&mut sys).contains(&"F5"));
    check(&sys);
}

#[test]
fn b2_a_section_over_an_event_name_is_a_type_clash() {
    let (mut sys, pids) = machine(&["p"]);
    let mut w = sys.win32(pids[0]);
    assert_ne!(w.CreateEventW(None, TRUE, FALSE, Some("X")), 0);
    let h = w.CreateFileMappingW(
        INVALID_HANDLE_VALUE,
        None,
        PAGE_READWRITE,
        0,
        4096,
        Some("X"),
    );
    assert_eq!(h, 0);
    assert_eq!(w.GetLastError(), ERROR_INVALID_HANDLE);
    assert!(took(&mut sys).contains(&"B2"));
}

#[test]
fn c3_and_c4_pagefile_sizes() {
    let (mut sys, pids) = machine(&["p"]);
    let mut w = sys.win32(pids[0]);
    assert_eq!(
        w.CreateFileMappingW(INVALID_HANDLE_VALUE, None, PAGE_READWRITE, 0, 0, None),
        0
    );
    assert_eq!(w.GetLastError(), ERROR_INVALID_PARAMETER);
    assert_eq!(took(&mut sys), ["C3"]);
    let mut w = sys.win32(pids[0]);
    assert_ne!(
        w.CreateFileMappingW(INVALID_HANDLE_VALUE, None, PAGE_READWRITE, 0, 5000, None),
        0
    );
    assert!(took(&mut sys).contains(&"C4"));
}

#[test]
fn d2_an_empty_file_cannot_be_mapped() {
    let (mut sys, p, f) = with_file(0);
    let mut w = sys.win32(p);
    assert_eq!(w.CreateFileMappingW(f, None, PAGE_READWRITE, 0, 0, None), 0);
    assert_eq!(w.GetLastError(), ERROR_FILE_INVALID);
    assert_eq!(took(&mut sys), ["D2"]);
}

#[test]
fn d4_and_d5_growth_on_map() {
    let (mut sys, p, f) = with_file(100);
    let mut w = sys.win32(p);
    // D5: read-only and larger than the file: refused, the file untouched.
    assert_eq!(
        w.CreateFileMappingW(f, None, PAGE_READONLY, 0, 8192, None),
        0
    );
    assert_eq!(w.GetLastError(), ERROR_NOT_ENOUGH_MEMORY);
    assert_eq!(took(&mut sys), ["D5"]);
    // D4: read-write grows the file at once.
    let mut w = sys.win32(p);
    let s = w.CreateFileMappingW(f, None, PAGE_READWRITE, 0, 8192, None);
    assert_ne!(s, 0);
    assert_eq!(w.GetFileSize(f, None), 8192);
    let rules = took(&mut sys);
    for id in ["D4", "D11", "G5", "H18"] {
        assert!(rules.contains(&id), "{id} missing from {rules:?}");
    }
    // H4: shrinking the mapped file fails.
    let mut w = sys.win32(p);
    assert_eq!(w.SetFilePointer(f, 4096, None, FILE_BEGIN), 4096);
    assert_eq!(w.SetEndOfFile(f), FALSE);
    assert_eq!(w.GetLastError(), ERROR_USER_MAPPED_FILE);
    assert!(took(&mut sys).contains(&"H4"));
    check(&sys);
}

#[test]
fn f15_a_write_to_a_copy_on_write_view_makes_the_page_private() {
    let (mut sys, pids) = machine(&["p"]);
    let p = pids[0];
    let mut w = sys.win32(p);
    let h = w.CreateFileMappingW(INVALID_HANDLE_VALUE, None, PAGE_READWRITE, 0, 4096, None);
    let v = w.MapViewOfFile(h, FILE_MAP_COPY, 0, 0, 0);
    assert_ne!(v, 0);
    sys.take_rules_hit();
    sys.write_memory(p, v, b"x").unwrap().unwrap();
    assert_eq!(took(&mut sys), ["F15"]);
    // Reading it back applies no rule.
    assert_eq!(sys.read_memory(p, v, 1).unwrap().unwrap(), b"x");
    assert!(took(&mut sys).is_empty());
}

#[test]
fn g7_and_g8_close_handle() {
    let (mut sys, pids) = machine(&["p"]);
    let mut w = sys.win32(pids[0]);
    let h = w.CreateFileMappingW(INVALID_HANDLE_VALUE, None, PAGE_READWRITE, 0, 4096, None);
    assert_eq!(w.CloseHandle(h | 1), TRUE);
    assert!(took(&mut sys).contains(&"G8"));
    let mut w = sys.win32(pids[0]);
    assert_eq!(w.CloseHandle(h), FALSE);
    assert_eq!(w.GetLastError(), ERROR_INVALID_HANDLE);
    assert_eq!(took(&mut sys), ["G7"]);
}

#[test]
fn recording_does_not_change_answers_and_a_failed_call_records_only_its_rule() {
    let (mut sys, pids) = machine(&["p"]);
    let mut w = sys.win32(pids[0]);
    // C1: an invalid protection.
    assert_eq!(
        w.CreateFileMappingW(INVALID_HANDLE_VALUE, None, PAGE_NOACCESS, 0, 4096, None),
        0
    );
    assert_eq!(w.GetLastError(), ERROR_INVALID_PARAMETER);
    assert_eq!(took(&mut sys), ["C1"]);
    assert!(sys.rules_hit().is_empty());
}
