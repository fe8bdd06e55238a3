//! Script errors: each broken script gives one `FILE:LINE:COL: message`, exit status 2, and
//! nothing runs. The messages are snapshotted together (reviewed like code).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use winsection::scenario;

/// (name, script).
const BROKEN: &[(&str, &str)] = &[
    ("unknown_constant", "process a\na: h = CreateFileMappingW(INVALID_HANDLE_VALUE, NULL, PAGE_READWRIT, 0, 4096, NULL)\n"),
    ("unknown_function", "process a\na: CreateFileMappingX(1)\n"),
    ("unknown_process", "process a\nb: CloseHandle(4)\n"),
    ("process_used_before_declared", "a: CloseHandle(4)\nprocess a\n"),
    ("duplicate_process", "process a\nprocess a\n"),
    ("machine_not_first", "process a\nmachine commit=4096\n"),
    ("unknown_machine_option", "machine ram=4096\n"),
    ("ce_no_sessions", "machine profile=ce\nprocess a session=2\n"),
    ("ce_no_open_file_mapping", "machine profile=ce\nprocess a\na: h = OpenFileMappingW(4, FALSE, \"x\")\n"),
    ("ce_no_native_api", "machine profile=ce\nprocess a\na: NtQueryObject(4, 0, &info)\n"),
    ("ce_no_virtual_alloc_ex", "machine profile=ce\nprocess a\na: VirtualAllocEx(a, NULL, 4096, MEM_COMMIT, PAGE_READWRITE)\n"),
    ("ce_no_integrity", "machine profile=ce\nprocess a integrity=low\n"),
    ("unknown_host", "process a host=srv\n"),
    ("unknown_privilege", "process a privileges=SeDebugPrivilege\n"),
    ("bad_integrity", "process a integrity=root\n"),
    ("inherit_unknown_parent", "process c inherit=p\n"),
    ("inherit_across_hosts", "host srv\nprocess p\nprocess c host=srv inherit=p\n"),
    ("crash_unknown_host", "process a\ncrash srv\n"),
    ("ce_call_not_supported", "process a\na: f = CreateFileForMapping(\"\\\\data.bin\", GENERIC_READ, 0, NULL, OPEN_EXISTING, 0, NULL)\n"),
    ("host_option_not_a_number", "host srv disk=big\n"),
    ("read_file_buffer_not_out", "process a\na: ReadFile(4, \"buffer\", 6, NULL, NULL)\n"),
    ("overlapped_not_supported", "process a\na: WriteFile(4, \"x\", 1, NULL, 8)\n"),
    ("wrong_arity", "process a\na: CloseHandle(1, 2)\n"),
    ("too_few_arguments", "process a\na: MapViewOfFile(h)\n"),
    ("string_for_number", "process a\na: CloseHandle(\"h\")\n"),
    ("number_for_name", "process a\na: OpenFileMappingW(FILE_MAP_READ, FALSE, 5)\n"),
    ("out_param_not_address", "process a\na: VirtualQuery(0x10000, 5)\n"),
    ("address_of_outside_call", "process a\na: x = &y\n"),
    ("assign_to_constant", "process a\na: NULL = GetLastError()\n"),
    ("unknown_variable", "process a\na: CloseHandle(h)\n"),
    ("unknown_field", "process a\na: VirtualQuery(0x10000, &mbi)\na: expect mbi.Size == 4096\n"),
    ("field_of_number", "process a\na: h = GetLastError()\na: expect h.RegionSize == 1\n"),
    ("compare_bytes_with_number", "process a\na: expect \"abc\" == 3\n"),
    ("fails_without_call", "process a\na: expect 1 fails ERROR_ACCESS_DENIED\n"),
    ("fails_unknown_error", "process a\na: expect CloseHandle(4) fails ERROR_NOPE\n"),
    ("raises_needs_access", "process a\na: expect CloseHandle(4) raises EXCEPTION_ACCESS_VIOLATION\n"),
    ("raises_unknown_exception", "process a\na: expect read(0, 1) raises EXCEPTION_NOPE\n"),
    ("void_used_as_value", "process a\na: x = write(0, \"a\")\n"),
    ("process_as_value", "process a\nprocess b\na: x = b + 1\n"),
    ("sa_outside_argument", "process a\na: x = SA(TRUE)\n"),
    ("duplicate_handle_process_string", "process a\na: DuplicateHandle(\"a\", 4, a, &o, 0, FALSE, DUPLICATE_SAME_ACCESS)\n"),
    ("integer_overflow", "process a\na: x = 18446744073709551616\n"),
    ("octal_looking", "process a\na: x = 0755\n"),
    ("unterminated_string", "process a\na: x = \"abc\n"),
    ("bad_escape", "process a\na: x = \"\\q\"\n"),
    ("odd_hex_string", "process a\na: x = x\"abc\"\n"),
    ("stray_backslash", "process a\na: x = 1 \\ 2\n"),
    ("missing_paren", "process a\na: x = (1 + 2\n"),
    ("unknown_statement", "proces a\n"),
    ("missing_colon_value", "process a\na: expect\n"),
    ("binary_garbage", "process a\n\u{1}\u{2}\u{3}"),
    ("deep_nesting", "process a\na: x = ((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((1))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))\n"),
];

#[test]
fn broken_scripts_report_one_clear_error() {
    let mut report = String::new();
    for (name, src) in BROKEN {
        let (out, status) = scenario::run_source(&format!("{name}.scn"), src.as_bytes());
        assert_eq!(status, 2, "{name}: {out}");
        assert_eq!(out.lines().count(), 1, "{name}: {out}");
        report.push_str(&out);
    }
    // Non-UTF-8 input.
    let (out, status) = scenario::run_source("invalid_utf8.scn", b"process a\na: x = \"\xff\"\n");
    assert_eq!(status, 2);
    report.push_str(&out);
    // A very long line.
    let long = format!("process a\na: x = {}1\n", "1 + ".repeat(20_000));
    let (out, status) = scenario::run_source("long_line.scn", long.as_bytes());
    assert_eq!(status, 2);
    report.push_str(&out);

    let mut s = insta::Settings::clone_current();
    s.set_snapshot_path(concat!(env!("CARGO_MANIFEST_DIR"), "/snapshots"));
    s.set_prepend_module_to_snapshot(false);
    s.bind(|| insta::assert_snapshot!("scenario_errors", report));
}

#[test]
fn mutated_scenarios_never_panic() {
    // Every teaching scenario, cut and spliced at many points, must give an answer (run or
    // script error) without panicking.
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/scenarios");
    let mut seed = 0x9e37_79b9_7f4a_7c15u64;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    for entry in std::fs::read_dir(dir).unwrap() {
        let src = std::fs::read(entry.unwrap().path()).unwrap();
        for _ in 0..60 {
            let mut m = src.clone();
            for _ in 0..3 {
                if m.is_empty() {
                    break;
                }
                let i = (next() as usize) % m.len();
                match next() % 4 {
                    0 => {
                        m.remove(i);
                    }
                    1 => m.insert(i, (next() % 256) as u8),
                    2 => m.insert(i, b"(\"\\&-,=:0x"[(next() % 10) as usize]),
                    _ => {
                        let j = (next() as usize) % m.len();
                        let b = m[j];
                        m.insert(i, b);
                    }
                }
            }
            let _ = scenario::run_source("mutated.scn", &m);
        }
    }
}
