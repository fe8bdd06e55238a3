//! `export-c` and `compare` (issue 13): every teaching scenario exports (or is refused by
//! name), the C compiles with mingw-w64 when it is installed, the trace format is versioned,
//! a planted difference is reported, a known deviation is told apart, and (when Wine is
//! installed) the tour agrees with Wine end to end.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

mod common;

use std::path::Path;
use std::process::Command;

use winsection::compare::deviations::Deviations;
use winsection::compare::{self, trace, wine, Verdict};
use winsection::export;
use winsection::scenario;

const NOT_EXPORTABLE: &[(&str, &str)] = &[
    (
        "app_container_squatter.scn",
        "app containers are not exported",
    ),
    ("store_app_codegen.scn", "app containers are not exported"),
    ("windows_ce.scn", "machine profile=ce"),
    ("global_vs_local.scn", "session=0: another session"),
    ("power_loss.scn", "crash: a power loss"),
    ("private_namespace.scn", "user=mallory: another user"),
    ("remote_incoherence.scn", "host srv: several hosts"),
];

fn load(path: &Path) -> scenario::Script {
    scenario::load(&std::fs::read(path).unwrap()).unwrap()
}

/// The teaching scenarios and the conformance scenarios (for Wine, and for Windows only).
fn scenarios() -> Vec<std::path::PathBuf> {
    let mut v = Vec::new();
    for dir in ["/scenarios", "/wine/scenarios", "/wine/windows-only"] {
        let dir = format!("{}{dir}", env!("CARGO_MANIFEST_DIR"));
        v.extend(
            std::fs::read_dir(dir)
                .unwrap()
                .map(|e| e.unwrap().path())
                .filter(|p| p.extension().is_some_and(|x| x == "scn")),
        );
    }
    v.sort();
    v
}

fn scratch(tag: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("winsection-test-{tag}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn every_teaching_scenario_exports_or_is_refused_by_name() {
    let mingw = wine::available(wine::MINGW_GCC);
    if !mingw {
        println!(
            "skipping the C compilation: {} is not installed",
            wine::MINGW_GCC
        );
    }
    let dir = scratch("export");
    let mut exported = 0;
    for path in scenarios() {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let script = load(&path);
        match export::export_c(&script, &name) {
            Ok(ex) => {
                assert!(
                    NOT_EXPORTABLE.iter().all(|(n, _)| *n != name),
                    "{name} should be refused"
                );
                exported += 1;
                // Every statement of the scenario is in the program's table, in order.
                let table: Vec<u32> =
                    ex.c.lines()
                        .filter_map(|l| l.trim().strip_prefix("{S_"))
                        .map(|l| l.split(", ").nth(1).unwrap().parse().unwrap())
                        .collect();
                let lines: Vec<u32> = script.statements.iter().map(|s| s.pos.line).collect();
                assert_eq!(table, lines, "{name}");
                if mingw {
                    common::exported::assert_compiles(&ex.c, &dir, &name.replace(".scn", ""));
                }
            }
            Err(refusals) => {
                let expected = NOT_EXPORTABLE
                    .iter()
                    .find(|(n, _)| *n == name)
                    .unwrap_or_else(|| panic!("{name} was refused: {refusals:?}"));
                let first = refusals[0].to_string();
                assert!(first.contains(expected.1), "{name}: {first}");
            }
        }
    }
    assert_eq!(exported, 22);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn refusals_name_the_line_and_the_reason() {
    let script = scenario::load(
        b"machine commit=0x100000\nprocess a integrity=low\na: GetAppContainerNamedObjectPath(NULL, NULL, 0, &path, &n)\ncrash\n",
    )
    .unwrap();
    let refusals = export::export_c(&script, "t.scn").unwrap_err();
    let text: Vec<String> = refusals.iter().map(ToString::to_string).collect();
    assert_eq!(
        text,
        [
            "line 1: `machine commit=0x100000`: machine commit=1048576: a real machine's limits and profile are its own",
            "line 2: `process a integrity=low`: integrity=low: another integrity level (the program runs at the login's medium level)",
            "line 3: `a: GetAppContainerNamedObjectPath(NULL, NULL, 0, &path, &n)`: GetAppContainerNamedObjectPath is not exported yet",
            "line 4: `crash`: crash: a power loss cannot be caused by an unprivileged program",
        ]
    );
}

#[test]
fn the_statements_of_an_exported_program() {
    // The generated part of one program (the runtime is left out: it is the same for all).
    let path = Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/scenarios/view_outlives_handle.scn"
    ));
    let ex = export::export_c(&load(path), "view_outlives_handle.scn").unwrap();
    common::exported::assert_generated_snapshot("export_c_view_outlives_handle", &ex.c);
}

#[test]
fn host_dependent_expectations_are_marked() {
    let script = scenario::load(
        b"process a\na: h = CreateEventW(NULL, TRUE, FALSE, NULL)\na: expect h == 0x44\na: expect h != NULL\na: v = VirtualAlloc(NULL, 4096, MEM_COMMIT, PAGE_READWRITE)\na: expect v + 4096 > 0x10000000 && 1\na: expect v != 0\n",
    )
    .unwrap();
    let ex = export::export_c(&script, "t.scn").unwrap();
    assert_eq!(ex.host_dependent, [3, 6]);
    assert!(ex.c.contains("lines 3, 6."));
    // ...and flagged in the program's table, so that its JSON trace marks them too.
    let flagged: Vec<&str> =
        ex.c.lines()
            .filter(|l| l.starts_with("    {S_ACT") && l.ends_with(", 1},"))
            .collect();
    assert_eq!(flagged.len(), 2, "{flagged:?}");
    assert!(flagged[0].starts_with("    {S_ACT, 3, "));
    assert!(flagged[1].starts_with("    {S_ACT, 6, "));
}

#[test]
fn both_sides_write_a_versioned_trace() {
    let path = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/scenarios/tour.scn"));
    let json = scenario::run(&load(path)).json();
    let last: serde_json::Value = serde_json::from_str(json.lines().last().unwrap()).unwrap();
    assert_eq!(last["kind"], "summary");
    assert_eq!(last["trace_version"], export::TRACE_VERSION);
    let t = trace::parse(&json).unwrap();
    assert_eq!(t.records.len(), json.lines().count() - 1);
    // The exported program writes the same summary fields.
    let ex = export::export_c(&load(path), "tour.scn").unwrap();
    assert!(ex.c.contains("\\\"trace_version\\\":%d"));
    // A trace of another version, or cut short, is refused.
    let other = json.replace(
        &format!("\"trace_version\":{}", export::TRACE_VERSION),
        "\"trace_version\":99",
    );
    assert!(trace::parse(&other).unwrap_err().contains("version 99"));
    let cut: String = json.lines().take(3).map(|l| format!("{l}\n")).collect();
    assert!(trace::parse(&cut).unwrap_err().contains("no summary"));
}

fn no_deviations() -> Deviations {
    Deviations::parse(r#"{"version": 1, "deviations": []}"#).unwrap()
}

/// winsection's own tour trace with line 19's last error changed, as if a real system said so.
fn planted() -> (scenario::Script, String, String) {
    let path = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/scenarios/tour.scn"));
    let script = load(path);
    let ours = scenario::run(&script).json();
    let theirs: String = ours
        .lines()
        .map(|l| {
            if l.starts_with("{\"line\":19,") {
                l.replace("ERROR_ALREADY_EXISTS", "ERROR_SUCCESS")
            } else {
                l.to_string()
            }
        })
        .map(|l| l + "\n")
        .collect();
    assert_ne!(ours, theirs);
    (script, ours, theirs)
}

#[test]
fn compare_reports_a_planted_difference() {
    let (script, ours, theirs) = planted();
    let (a, b) = (trace::parse(&ours).unwrap(), trace::parse(&theirs).unwrap());
    let same = compare::compare(&script, "tour.scn", &a, &a, &no_deviations(), &[]);
    assert_eq!(same.new_differences(), 0);
    assert_eq!(same.agree(), same.rows.len());
    let c = compare::compare(&script, "tour.scn", &a, &b, &no_deviations(), &[]);
    assert_eq!(c.new_differences(), 1);
    let row = c.rows.iter().find(|r| r.verdict == Verdict::New).unwrap();
    assert_eq!(row.line, 19);
    assert_eq!(row.ours, "-> h2 [ERROR_ALREADY_EXISTS]");
    assert_eq!(row.theirs, "-> h2 [ERROR_SUCCESS]");
    let report = c.report("windows");
    assert!(report.contains("NEW DIFFERENCE: look"), "{report}");
    assert!(report.contains("1 new difference: look"), "{report}");

    // Listed in the deviations file, the same difference is a known one.
    let known = Deviations::parse(
        r#"{"version": 1, "deviations": [{"scenario": "tour.scn", "line": 19, "kind": "wine-bug",
            "windows": "ERROR_ALREADY_EXISTS", "source": "CreateFileMappingW doc"}]}"#,
    )
    .unwrap();
    let c = compare::compare(&script, "tour.scn", &a, &b, &known, &[]);
    assert_eq!((c.new_differences(), c.known()), (0, 1));
    // A trace of another scenario differs on every statement whose text differs.
    let other = theirs.replace("MyFileMapping", "OtherMapping");
    let c = compare::compare(
        &script,
        "tour.scn",
        &a,
        &trace::parse(&other).unwrap(),
        &no_deviations(),
        &[],
    );
    let row = c.rows.iter().find(|r| r.line == 15).unwrap();
    assert!(
        row.theirs
            .starts_with("(the trace has another statement on this line: webcam: squat = "),
        "{}",
        row.theirs
    );
    // And as a host-dependent line it is not counted either.
    let c = compare::compare(&script, "tour.scn", &a, &b, &no_deviations(), &[19]);
    assert_eq!((c.new_differences(), c.host_dependent()), (0, 1));
}

#[test]
fn compare_cli_with_a_trace_captured_elsewhere() {
    let (_, _, theirs) = planted();
    let dir = scratch("cli");
    let file = dir.join("windows-trace.json");
    std::fs::write(&file, theirs).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_winsection"))
        .args(["compare", "scenarios/tour.scn", "--windows-trace"])
        .arg(&file)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    assert!(
        stdout.contains("line 19  app: h = CreateFileMappingW("),
        "{stdout}"
    );
    assert!(
        stdout.contains("  trace       -> h2 [ERROR_SUCCESS]"),
        "{stdout}"
    );
    assert!(
        stdout.contains("summary: 24 statements compared with trace: 23 agree"),
        "{stdout}"
    );
    // A scenario one login cannot reproduce: exit 3, the reason by line.
    let out = Command::new(env!("CARGO_BIN_EXE_winsection"))
        .args(["compare", "scenarios/power_loss.scn", "--windows-trace"])
        .arg(&file)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    assert!(String::from_utf8_lossy(&out.stderr).contains("line 41: `crash`"));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn the_shipped_deviations_file_is_valid_and_sourced() {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/wine/known-deviations.json"
    ))
    .unwrap();
    let d = Deviations::parse(&text).unwrap();
    assert!(!d.deviations.is_empty());
    for e in &d.deviations {
        assert!(!e.source.is_empty() && !e.windows.is_empty(), "{e:?}");
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        assert!(
            root.join("scenarios").join(&e.scenario).exists()
                || root.join("wine/scenarios").join(&e.scenario).exists(),
            "{e:?}"
        );
    }
}

#[test]
fn the_tour_agrees_with_wine() {
    let Some(stdout) = common::exported::compare_with_wine("scenarios/tour.scn") else {
        return;
    };
    assert!(
        stdout.contains("summary: 24 statements compared with wine: 24 agree, 0 known deviations"),
        "{stdout}"
    );
}

#[test]
fn export_c_cli_writes_the_program_or_refuses() {
    let out = Command::new(env!("CARGO_BIN_EXE_winsection"))
        .args(["export-c", "scenarios/tour.scn"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let c = String::from_utf8(out.stdout).unwrap();
    assert!(c.starts_with("/*\n * tour.scn, exported by `winsection export-c`"));
    assert!(c.contains("int main(int argc, char **argv)"));
    let out = Command::new(env!("CARGO_BIN_EXE_winsection"))
        .args(["export-c", "scenarios/remote_incoherence.scn"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.starts_with("scenarios/remote_incoherence.scn: not exportable to one unprivileged Windows login:\n  line 16: `host srv`: host srv: several hosts"),
        "{err}"
    );
}
