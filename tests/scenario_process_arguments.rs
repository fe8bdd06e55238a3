//! Process arguments in scenarios: wherever C takes a process handle, a scenario may give a
//! process name, `GetCurrentProcess()`, NULL or a process handle value (SCENARIO.md "Calls":
//! "where C takes a process handle, a process name or `GetCurrentProcess()` is given").
//!
//! A process name stands for a handle the caller opens to that process for the one call, with
//! the access the call needs (what the exported C program does); a handle value is checked
//! for that access as Windows does: PROCESS_VM_OPERATION to map, allocate, free or protect
//! (ZwMapViewOfSection doc, ProcessHandle; VirtualAllocEx/VirtualFreeEx/VirtualProtectEx docs),
//! PROCESS_QUERY_INFORMATION to query (VirtualQueryEx doc), PROCESS_VM_READ to read
//! (ReadProcessMemory doc), PROCESS_VM_WRITE and PROCESS_VM_OPERATION to write
//! (WriteProcessMemory doc), PROCESS_DUP_HANDLE to duplicate (DuplicateHandle doc).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use winsection::scenario::{check_all, run_source};

/// Runs a scenario whose expectations must all hold; returns its output.
fn holds(script: &str) -> String {
    let (out, status) = run_source("t.scn", script.as_bytes());
    assert_eq!(status, 0, "{out}");
    assert!(!out.contains("FAILED") && !out.contains("NOT RUN"), "{out}");
    out
}

#[test]
fn map_view_of_file3_takes_a_process_name_null_the_pseudo_handle_and_a_handle() {
    // Issue 9: "MapViewOfFile3's process argument: the current-process pseudo handle, NULL
    // (the calling process) and a process handle or, in scenarios, a process name".
    let out = holds(
        r#"
process a
process b
a: s = CreateFileMappingW(INVALID_HANDLE_VALUE, NULL, PAGE_READWRITE, 0, 0x10000, NULL)
a: vb = MapViewOfFile3(s, b, NULL, 0, 0x10000, 0, PAGE_READWRITE)
a: expect vb != NULL
b: write(vb, "into b")
a: expect VirtualQuery(vb, &none) == 48 && none.State == MEM_FREE
a: vn = MapViewOfFile3(s, NULL, NULL, 0, 0x10000, 0, PAGE_READWRITE)
a: expect VirtualQuery(vn, &mbi) == 48 && mbi.Type == MEM_MAPPED && read(vn, 6) == "into b"
a: vc = MapViewOfFile3(s, GetCurrentProcess(), NULL, 0, 0x10000, 0, PAGE_READWRITE)
a: expect vc != vn && read(vc, 6) == "into b"
a: hb = OpenProcess(PROCESS_VM_OPERATION, FALSE, b)
a: vh = MapViewOfFile3(s, hb, NULL, 0, 0x10000, 0, PAGE_READWRITE)
b: expect read(vh, 6) == "into b"
a: hq = OpenProcess(PROCESS_QUERY_INFORMATION, FALSE, b)
a: expect MapViewOfFile3(s, hq, NULL, 0, 0x10000, 0, PAGE_READWRITE) fails ERROR_ACCESS_DENIED
a: expect UnmapViewOfFile2(hq, vh, 0) fails ERROR_ACCESS_DENIED
a: expect UnmapViewOfFile2(b, vh, 0)
b: expect VirtualQuery(vh, &gone) == 48 && gone.State == MEM_FREE
"#,
    );
    // The name's handle was opened for the call and closed after: a's table holds the
    // section and the two handles OpenProcess returned, nothing else.
    assert!(
        out.contains("hb = OpenProcess(PROCESS_VM_OPERATION, FALSE, b) -> 0x8"),
        "{out}"
    );
    assert!(
        out.contains("hq = OpenProcess(PROCESS_QUERY_INFORMATION, FALSE, b) -> 0xc"),
        "{out}"
    );
}

#[test]
fn the_ex_family_and_process_memory_take_every_form() {
    holds(
        r#"
process a
process b
a: p = VirtualAllocEx(b, NULL, 4096, MEM_COMMIT | MEM_RESERVE, PAGE_READWRITE)
a: expect p != NULL
a: expect VirtualQueryEx(b, p, &mbi) == 48 && mbi.State == MEM_COMMIT
a: expect WriteProcessMemory(b, p, "remote", 6, &n) && n == 6
a: expect ReadProcessMemory(b, p, &buf, 6, &got) && buf == "remote"
b: expect read(p, 6) == "remote"
a: expect VirtualProtectEx(b, p, 4096, PAGE_READONLY, &old) && old == PAGE_READWRITE
a: expect VirtualFreeEx(b, p, 0, MEM_RELEASE)
a: q = VirtualAlloc2(b, NULL, 0x10000, MEM_RESERVE | MEM_RESERVE_PLACEHOLDER, PAGE_NOACCESS)
b: expect VirtualQuery(q, &ph) == 48 && ph.State == MEM_RESERVE
a: mine = VirtualAlloc2(NULL, NULL, 4096, MEM_COMMIT | MEM_RESERVE, PAGE_READWRITE)
a: expect VirtualQuery(mine, &own) == 48 && own.State == MEM_COMMIT
a: expect VirtualAllocEx(GetCurrentProcess(), NULL, 4096, MEM_COMMIT, PAGE_READWRITE) != NULL
a: hr = OpenProcess(PROCESS_VM_READ, FALSE, b)
a: expect VirtualAllocEx(hr, NULL, 4096, MEM_COMMIT, PAGE_READWRITE) fails ERROR_ACCESS_DENIED
a: expect VirtualQueryEx(hr, q, &x) fails ERROR_ACCESS_DENIED
a: expect WriteProcessMemory(hr, q, "x", 1, NULL) fails ERROR_ACCESS_DENIED
a: expect VirtualAllocEx(NULL, NULL, 4096, MEM_COMMIT, PAGE_READWRITE) fails ERROR_INVALID_HANDLE
"#,
    );
}

#[test]
fn duplicate_handle_takes_a_process_handle_value_as_well_as_a_name() {
    // DuplicateHandle doc: both process handles need PROCESS_DUP_HANDLE; with
    // DUPLICATE_CLOSE_SOURCE the source closes "regardless of any error status returned".
    holds(
        r#"
process a
process b
a: e = CreateEventW(NULL, TRUE, FALSE, NULL)
a: hd = OpenProcess(PROCESS_DUP_HANDLE, FALSE, b)
a: expect DuplicateHandle(GetCurrentProcess(), e, hd, &out, 0, FALSE, DUPLICATE_SAME_ACCESS)
b: expect SetEvent(out)
a: expect WaitForSingleObject(e, 0) == WAIT_OBJECT_0
a: hv = OpenProcess(PROCESS_VM_OPERATION, FALSE, b)
a: expect DuplicateHandle(GetCurrentProcess(), e, hv, &no, 0, FALSE, DUPLICATE_SAME_ACCESS) fails ERROR_ACCESS_DENIED
a: expect DuplicateHandle(GetCurrentProcess(), e, hv, &no, 0, FALSE, DUPLICATE_SAME_ACCESS | DUPLICATE_CLOSE_SOURCE) fails ERROR_ACCESS_DENIED
a: expect CloseHandle(e) fails ERROR_INVALID_HANDLE
a: expect DuplicateHandle(b, out, a, &back, 0, FALSE, DUPLICATE_SAME_ACCESS)
a: expect WaitForSingleObject(back, 0) == WAIT_OBJECT_0
"#,
    );
}

#[test]
fn a_process_name_for_an_ended_process_does_not_run_the_call() {
    let (out, status) = run_source(
        "t.scn",
        br#"
process a
process b
b: exit
a: VirtualAllocEx(b, NULL, 4096, MEM_COMMIT, PAGE_READWRITE)
a: expect GetLastError() == ERROR_SUCCESS
"#,
    );
    assert_eq!(status, 1, "{out}");
    assert!(
        out.contains("-> NOT RUN: process b cannot be opened (ERROR_INVALID_PARAMETER)"),
        "{out}"
    );
    // Nothing was left behind: the last error is untouched and a holds no handle.
    assert!(
        out.contains("expect GetLastError() == ERROR_SUCCESS  ok"),
        "{out}"
    );
}

#[test]
fn a_process_argument_must_be_a_process_or_a_number() {
    let errors = check_all(
        &br#"
process a
a: VirtualAllocEx("a", NULL, 4096, MEM_COMMIT, PAGE_READWRITE)
a: DuplicateHandle(GetCurrentProcess(), 4, "b", &out, 0, FALSE, 0)
"#[..],
    )
    .unwrap_err();
    let text = errors
        .iter()
        .map(|e| e.message.clone())
        .collect::<Vec<_>>()
        .join("\n");
    assert!(
        text.contains(
            "argument `hProcess` of VirtualAllocEx must be a process name, GetCurrentProcess(), \
             NULL or a process handle"
        ),
        "{text}"
    );
    assert!(
        text.contains("argument `hTargetProcessHandle` of DuplicateHandle must be"),
        "{text}"
    );
}
