//! The JSON trace's published schema (docs/trace-json.schema.json) is the one the code
//! generates, and every line `winsection run --json` writes for the teaching scenarios (the
//! runs the snapshots hold), the `explain` scenarios, several files at once and script errors
//! validates against it (the `jsonschema` crate).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use std::path::Path;
use std::process::Command;

use winsection::scenario::{self, explain, schema};

fn published() -> serde_json::Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/trace-json.schema.json");
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

#[test]
fn the_published_schema_is_the_generated_one() {
    assert_eq!(
        published(),
        schema::trace_line_schema(),
        "docs/trace-json.schema.json is stale: cargo run --example trace_schema > docs/trace-json.schema.json"
    );
}

fn check_lines(validator: &jsonschema::Validator, what: &str, text: &str) -> usize {
    let mut n = 0;
    for line in text.lines() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        let errors: Vec<String> = validator.iter_errors(&v).map(|e| e.to_string()).collect();
        assert!(errors.is_empty(), "{what}: {line}\n{errors:#?}");
        assert_eq!(
            v["trace_version"],
            winsection::export::TRACE_VERSION,
            "{what}: {line}"
        );
        n += 1;
    }
    n
}

#[test]
fn every_line_validates() {
    let validator = jsonschema::validator_for(&published()).unwrap();
    let mut lines = 0;
    for b in scenario::builtin::SCENARIOS {
        let script = scenario::load(b.source.as_bytes()).unwrap();
        lines += check_lines(&validator, b.name, &scenario::run(&script).json());
    }
    for e in explain::EXPLANATIONS {
        let Some(src) = e.scenario else { continue };
        let script = scenario::load(src.as_bytes()).unwrap();
        lines += check_lines(&validator, e.name, &scenario::run(&script).json());
    }
    // Through the CLI: several files (file headers), failures, 64-bit values; script errors.
    let dir = std::env::temp_dir().join(format!("winsection-schema-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let odd = dir.join("odd.scn");
    std::fs::write(
        &odd,
        "process a\na: x = 0xFFFFFFFFFFFFFFFF + 0\na: CloseHandle(INVALID_HANDLE_VALUE)\n\
         a: expect x == 1\na: expect 0\na: write(0x10, \"x\")\na: CloseHandle(x)\n",
    )
    .unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_winsection"))
        .args(["run", "--json", "--coverage", "@tour"])
        .arg(&odd)
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("\"value\":\"18446744073709551615\""),
        "{text}"
    );
    assert!(text.contains("\"kind\":\"file\""), "{text}");
    // --coverage: per-record rules and a coverage line before each summary.
    assert!(text.contains("\"rules\":[\"A1\""), "{text}");
    assert!(
        text.contains("{\"kind\":\"coverage\",\"rules\":[{\"id\":"),
        "{text}"
    );
    assert!(
        text.contains("\"kind\":\"unhandled\"")
            && text.contains("\"exception_name\":\"EXCEPTION_ACCESS_VIOLATION\",\"access\":\"write\",\"address\":16"),
        "{text}"
    );
    lines += check_lines(&validator, "cli", &text);
    let broken = dir.join("broken.scn");
    std::fs::write(&broken, "process a\na: Nope()\na: expect nope\n").unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_winsection"))
        .args(["run", "--json"])
        .arg(&broken)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let errors = String::from_utf8(out.stderr).unwrap();
    assert_eq!(
        check_lines(&validator, "script errors", &errors),
        2,
        "{errors}"
    );
    lines += 2;
    // A line of another shape is refused (the schema says something).
    let bad: serde_json::Value =
        serde_json::json!({"line": 1, "statement": "x", "kind": "value", "value": 1.5});
    assert!(!validator.is_valid(&bad));
    assert!(lines > 300, "{lines}");
}
