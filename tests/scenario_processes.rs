//! `process` statements: a child declared with `inherit=PARENT` runs with its parent's token
//! (user, integrity), session and host unless its line says otherwise — CreateProcess gives the
//! child a copy of the caller's primary token (MS docs "CreateProcessW", "Access Tokens").

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use winsection::scenario::run_source;

#[test]
fn an_inheriting_child_takes_its_parents_token() {
    let script = br#"
process A user=alice session=2
A: h = CreateFileMappingW(INVALID_HANDLE_VALUE, SA(TRUE), PAGE_READWRITE, 0, 4096, "M")
process C inherit=A
C: expect OpenFileMappingW(FILE_MAP_READ, FALSE, "M") != NULL
C: expect MapViewOfFile(h, FILE_MAP_READ, 0, 0, 0) != NULL
process D inherit=A user=mallory
D: expect OpenFileMappingW(FILE_MAP_READ, FALSE, "M") fails ERROR_ACCESS_DENIED
process E
E: expect OpenFileMappingW(FILE_MAP_READ, FALSE, "M") fails ERROR_FILE_NOT_FOUND
"#;
    let (out, status) = run_source("t.scn", script);
    assert_eq!(status, 0, "{out}");
    assert!(out.contains("process C inherit=A -> pid"), "{out}");
}
