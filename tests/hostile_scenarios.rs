//! Issue 15's scenario and CLI defects, one regression test each: silent truncation of
//! constants, lost out values of a successful call, `--dot` to an unwritable file, the
//! position of "statement too long", and the CLI printing the same trace as the library while
//! it streams.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use std::process::Command;

use winsection::scenario::{lexer::MAX_STATEMENT_CHARS, run_source};

fn winsection(args: &[&str]) -> (String, String, i32) {
    let out = Command::new(env!("CARGO_BIN_EXE_winsection"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    (
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
        out.status.code().unwrap_or(-1),
    )
}

fn temp_file(name: &str, content: &[u8]) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("winsection-hostile-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, content).unwrap();
    path
}

/// `0x100001000` as CreateFileMappingW's DWORD `dwMaximumSizeLow` used to map 0x1000 bytes
/// without a word; a constant that does not fit its C parameter is now a script error.
#[test]
fn a_constant_that_does_not_fit_a_dword_parameter_is_a_script_error() {
    let (out, status) = run_source(
        "t.scn",
        b"process a\n\
          a: h = CreateFileMappingW(INVALID_HANDLE_VALUE, NULL, PAGE_READWRITE, 0, 0x100001000, NULL)\n",
    );
    assert_eq!(status, 2);
    assert_eq!(
        out,
        "t.scn:2:74: argument `dwMaximumSizeLow` of CreateFileMappingW is 32 bits wide: \
         0x100001000 does not fit (C would pass 0x1000)\n"
    );
    let (out, status) = run_source(
        "t.scn",
        b"process a\na: v = MapViewOfFile(0x4, FILE_MAP_READ, 0x100000000, 0, 0)\n",
    );
    assert_eq!(status, 2);
    assert!(
        out.starts_with("t.scn:2:42: argument `dwFileOffsetHigh` of MapViewOfFile is 32 bits wide"),
        "{out}"
    );
    // What C converts silently and means the same is accepted: -1 as a DWORD, INFINITE, and a
    // SIZE_T argument of any 64-bit value.
    let (out, status) = run_source(
        "t.scn",
        b"process a\n\
          a: h = CreateFileMappingW(INVALID_HANDLE_VALUE, NULL, PAGE_READWRITE, 0, 0x10000, NULL)\n\
          a: expect WaitForSingleObject(h, INFINITE) fails ERROR_ACCESS_DENIED\n\
          a: expect WaitForSingleObject(h, -1) fails ERROR_ACCESS_DENIED\n\
          a: expect MapViewOfFile(h, FILE_MAP_READ, 0, 0, 0x100000000) fails ERROR_ACCESS_DENIED\n",
    );
    assert_eq!(status, 0, "{out}");
}

/// A computed value converts as C does (the low 32 bits), and the trace says what was passed.
#[test]
fn a_computed_value_converts_as_c_does_and_the_trace_shows_what_was_passed() {
    let (out, status) = run_source(
        "t.scn",
        b"process a\n\
          a: n = 0x100001000\n\
          a: h = CreateFileMappingW(INVALID_HANDLE_VALUE, NULL, PAGE_READWRITE, 0, n, NULL)\n\
          a: v = MapViewOfFile(h, FILE_MAP_READ, 0, 0, 0)\n\
          a: VirtualQuery(v, &mbi, 48)\n\
          a: expect mbi.RegionSize == 0x1000\n",
    );
    assert_eq!(status, 0, "{out}");
    let line = out.lines().nth(2).unwrap();
    assert_eq!(
        line,
        "3 a: h = CreateFileMappingW(INVALID_HANDLE_VALUE, NULL, PAGE_READWRITE, 0, n, NULL) \
         -> 0x4 (dwMaximumSizeLow passed as 0x1000) [ERROR_SUCCESS]"
    );
}

/// GetFileSize of a file of 0x1FFFFFFFF bytes returns INVALID_FILE_SIZE with last error
/// NO_ERROR: that is a success (GetFileSize doc), and its out value must be in the trace.
#[test]
fn a_success_that_returns_the_failure_value_keeps_its_out_values() {
    let (out, status) = run_source(
        "t.scn",
        b"process a\n\
          a: f = CreateFileW(\"C:\\\\big.bin\", GENERIC_READ | GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL)\n\
          a: SetFilePointerEx(f, 0x1FFFFFFFF, NULL, FILE_BEGIN)\n\
          a: SetEndOfFile(f)\n\
          a: GetFileSize(f, &high)\n\
          a: expect high == 1\n",
    );
    assert_eq!(status, 0, "{out}");
    assert_eq!(
        out.lines().nth(4).unwrap(),
        "5 a: GetFileSize(f, &high) -> 0xffffffff [ERROR_SUCCESS] high = 1"
    );
}

/// "statement too long" used to point at the previous statement when the long token started
/// the statement (the start was recorded only once a token ended).
#[test]
fn statement_too_long_points_at_its_own_statement() {
    let src = format!(
        "process a\na: x = 1\n  a{}\n",
        "b".repeat(MAX_STATEMENT_CHARS + 1)
    );
    let (out, status) = run_source("t.scn", src.as_bytes());
    assert_eq!(status, 2);
    assert_eq!(
        out,
        format!("t.scn:3:3: statement too long (more than {MAX_STATEMENT_CHARS} characters)\n")
    );
}

/// `run --dot OUT` with an unwritable OUT used to print the whole trace and then exit 2, the
/// status reserved for "nothing ran". OUT is now created first: nothing runs.
#[test]
fn run_with_an_unwritable_dot_file_runs_nothing_and_exits_2() {
    let missing = std::env::temp_dir().join("winsection-no-such-dir/sub/state.dot");
    let (out, err, status) = winsection(&[
        "run",
        "--dot",
        missing.to_str().unwrap(),
        "scenarios/tour.scn",
    ]);
    assert_eq!(status, 2);
    assert_eq!(out, "");
    assert!(err.contains("cannot write"), "{err}");
}

/// The streaming CLI prints what the library's whole-script run prints, in text and JSON; a
/// script error anywhere (here on the last line, after invalid UTF-8 would be met) runs
/// nothing.
#[test]
fn the_streaming_cli_prints_the_library_trace_and_a_late_error_runs_nothing() {
    let tour = std::fs::read("scenarios/tour.scn").unwrap();
    let (expected, _) = run_source("tour", &tour);
    let (out, _, status) = winsection(&["run", "scenarios/tour.scn"]);
    assert_eq!((out.as_str(), status), (expected.as_str(), 0));
    let script = winsection::scenario::load(&tour).unwrap();
    let json = winsection::scenario::run(&script).json();
    let (out, _, _) = winsection(&["run", "--json", "scenarios/tour.scn"]);
    assert_eq!(out, json);

    let mut bad = b"process a\na: e = CreateEventW(NULL, TRUE, FALSE, \"E\")\n".to_vec();
    bad.extend_from_slice(b"a: CloseHandle(e)\n# \xff\n");
    let path = temp_file("late_error.scn", &bad);
    let (out, err, status) = winsection(&["run", path.to_str().unwrap()]);
    assert_eq!((out.as_str(), status), ("", 2));
    // Reported with its excerpt (the bad byte shown as U+FFFD) and a caret under it.
    assert!(
        err.starts_with("error: invalid UTF-8 (byte 0xff): a scenario is UTF-8 text\n"),
        "{err}"
    );
    assert!(err.contains("late_error.scn:4:3\n"), "{err}");
    assert!(err.contains("4 | # \u{fffd}\n  |   ^\n"), "{err}");
}

/// What a run keeps per variable is bounded whatever the script's length: a script may not
/// declare more than 65,536 variables, nor name one in more than 255 characters.
#[test]
fn variables_are_bounded_in_number_and_name_length() {
    use winsection::scenario::check::{MAX_VARIABLES, MAX_VARIABLE_NAME};
    let mut src = String::from("process a\n");
    for i in 0..=MAX_VARIABLES {
        src.push_str(&format!("a: v{i} = 1\n"));
    }
    let (out, status) = run_source("t.scn", src.as_bytes());
    assert_eq!(status, 2);
    assert_eq!(
        out,
        format!(
            "t.scn:{}:4: more than {MAX_VARIABLES} variables: reuse a name\n",
            MAX_VARIABLES + 2
        )
    );
    let long = format!("process a\na: {} = 1\n", "v".repeat(MAX_VARIABLE_NAME + 1));
    let (out, status) = run_source("t.scn", long.as_bytes());
    assert_eq!(status, 2);
    assert_eq!(
        out,
        format!("t.scn:2:4: variable name longer than {MAX_VARIABLE_NAME} characters\n")
    );
}
