//! The JSON trace's published schema (docs/trace-json.schema.json) is the one the code
//! generates, and every line `winsection run --json` writes for the teaching scenarios (the
//! runs the snapshots hold), the `explain` scenarios, several files at once and script errors
//! validates against it (the `jsonschema` crate), has no key twice in an object, and carries
//! the format's version; values are typed, not printed text (docs/trace-json.md, "Values").

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

/// Any JSON value, refusing an object that has a key twice (serde_json alone keeps the last).
struct NoDuplicateKeys;

impl<'de> serde::Deserialize<'de> for NoDuplicateKeys {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(NoDuplicateKeys)
    }
}

impl<'de> serde::de::Visitor<'de> for NoDuplicateKeys {
    type Value = NoDuplicateKeys;
    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("JSON")
    }
    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Self, A::Error> {
        let mut seen = std::collections::BTreeSet::new();
        while let Some(key) = map.next_key::<String>()? {
            if !seen.insert(key.clone()) {
                return Err(serde::de::Error::custom(format!("duplicate key `{key}`")));
            }
            map.next_value::<NoDuplicateKeys>()?;
        }
        Ok(NoDuplicateKeys)
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Self, A::Error> {
        while seq.next_element::<NoDuplicateKeys>()?.is_some() {}
        Ok(NoDuplicateKeys)
    }
    fn visit_bool<E>(self, _: bool) -> Result<Self, E> {
        Ok(NoDuplicateKeys)
    }
    fn visit_u64<E>(self, _: u64) -> Result<Self, E> {
        Ok(NoDuplicateKeys)
    }
    fn visit_i64<E>(self, _: i64) -> Result<Self, E> {
        Ok(NoDuplicateKeys)
    }
    fn visit_f64<E>(self, _: f64) -> Result<Self, E> {
        Ok(NoDuplicateKeys)
    }
    fn visit_str<E>(self, _: &str) -> Result<Self, E> {
        Ok(NoDuplicateKeys)
    }
    fn visit_unit<E>(self) -> Result<Self, E> {
        Ok(NoDuplicateKeys)
    }
}

#[test]
fn a_duplicate_key_is_caught() {
    assert!(serde_json::from_str::<NoDuplicateKeys>(r#"{"a":1,"b":{"c":[{"d":1}]}}"#).is_ok());
    assert!(serde_json::from_str::<NoDuplicateKeys>(r#"{"a":1,"b":{"c":1,"c":2}}"#).is_err());
}

fn check_lines(validator: &jsonschema::Validator, what: &str, text: &str) -> usize {
    let mut n = 0;
    for line in text.lines() {
        if let Err(e) = serde_json::from_str::<NoDuplicateKeys>(line) {
            panic!("{what}: {line}\n{e}");
        }
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
    let mut teaching = String::new();
    for b in scenario::builtin::SCENARIOS {
        let script = scenario::load(b.source.as_bytes()).unwrap();
        let json = scenario::run(&script).json();
        lines += check_lines(&validator, b.name, &json);
        teaching.push_str(&json);
    }
    // The teaching runs write each type of value typed, not as printed text.
    for typed in [
        r#""outs":[{"var":"ro","value":{"handle":4}}]"#,
        r#""outs":[{"var":"mbi","value":{"struct":"MEMORY_BASIC_INFORMATION","fields":{"BaseAddress":"#,
    ] {
        assert!(teaching.contains(typed), "no {typed} in the teaching runs");
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
         a: expect x == 1\na: expect 0\na: CloseHandle(0x1234)\n\
         a: expect GetLastError() == ERROR_SUCCESS\na: expect GetLastError() == ERROR_SUCCESS && x == 0\n\
         a: expect \"ab\" == \"a\"\na: expect write(0x20, \"y\") raises EXCEPTION_ACCESS_VIOLATION\n\
         a: v = VirtualAlloc(NULL, 4096, MEM_COMMIT, PAGE_READWRITE)\n\
         a: VirtualProtect(v, 4096, PAGE_READONLY, &old)\n\
         a: write(0x10, \"x\")\na: CloseHandle(x)\n",
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
    for typed in [
        // 64-bit values as strings, typed sides of a failed comparison.
        r#""left":{"int":"18446744073709551615"},"right":{"int":1},"comparison":"==""#,
        r#""left":{"int":0},"last_error""#,
        // `&&` decided by its left side: no right.
        r#""left":{"int":0},"comparison":"&&""#,
        r#""left":{"int":6,"name":"ERROR_INVALID_HANDLE"},"right":{"int":0,"name":"ERROR_SUCCESS"}"#,
        r#""left":{"bytes":"6162","len":2},"right":{"bytes":"61","len":1}"#,
        r#""outs":[{"var":"old","value":{"int":4,"name":"PAGE_READWRITE"}}]"#,
        // Exceptions: code, name, access, address.
        r#""exception":{"code":3221225477,"name":"EXCEPTION_ACCESS_VIOLATION","access":"write","address":32}"#,
        r#""kind":"unhandled","exception":{"code":3221225477,"name":"EXCEPTION_ACCESS_VIOLATION","access":"write","address":16},"exit_code":3221225477"#,
    ] {
        assert!(text.contains(typed), "no {typed} in\n{text}");
    }
    // --coverage: per-record rules and a coverage line before each summary.
    assert!(text.contains("\"rules\":[\"A1\""), "{text}");
    assert!(
        text.contains("{\"kind\":\"coverage\",\"rules\":[{\"id\":"),
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
    // A scenario that cannot be read is a script error without a place, on stderr too.
    let out = Command::new(env!("CARGO_BIN_EXE_winsection"))
        .args(["run", "--json"])
        .arg(dir.join("missing.scn"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    let errors = String::from_utf8(out.stderr).unwrap();
    assert_eq!(check_lines(&validator, "missing", &errors), 1, "{errors}");
    let e: serde_json::Value = serde_json::from_str(&errors).unwrap();
    assert_eq!(
        (&e["kind"], &e["exit_status"], e.get("line")),
        (
            &serde_json::json!("script_error"),
            &serde_json::json!(2),
            None
        )
    );
    assert!(
        e["message"].as_str().unwrap().starts_with("cannot read: "),
        "{e}"
    );
    lines += 1;
    // A line of another shape is refused (the schema says something).
    let bad: serde_json::Value =
        serde_json::json!({"line": 1, "statement": "x", "kind": "value", "value": 1.5});
    assert!(!validator.is_valid(&bad));
    assert!(lines > 300, "{lines}");
}

/// A program from `export-c`, run under Wine, writes lines of the same schema: typed values
/// and exceptions included (needs mingw-w64 and Wine; skipped without them).
#[test]
fn an_exported_programs_trace_validates() {
    use winsection::compare::{cli, wine};
    if !wine::available(wine::MINGW_GCC) || !wine::available("wine") {
        println!("skipping: needs {} and wine", wine::MINGW_GCC);
        return;
    }
    let validator = jsonschema::validator_for(&published()).unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut all = String::new();
    for f in [
        "wine/scenarios/memory_calls.scn",
        "scenarios/unhandled_exception.scn",
        "scenarios/inherit_duplicate.scn",
        "tests/cmd/failing.scn",
    ] {
        let script = scenario::load(&std::fs::read(root.join(f)).unwrap()).unwrap();
        let ex = winsection::export::export_c(&script, f).unwrap();
        let text = cli::run_under_wine(&ex).unwrap();
        check_lines(&validator, f, &text);
        all.push_str(&text);
    }
    for typed in [
        r#""outs":[{"var":"ro","value":{"handle":"#,
        r#""value":{"struct":"MEMORY_BASIC_INFORMATION","fields":{"BaseAddress":"#,
        r#""exception":{"code":3221225477,"name":"EXCEPTION_ACCESS_VIOLATION","access":"write","address":"#,
        r#""left":{"int":183,"name":"ERROR_ALREADY_EXISTS"},"right":{"int":0,"name":"ERROR_SUCCESS"}"#,
        r#""producer":"export-c""#,
    ] {
        assert!(all.contains(typed), "no {typed} in\n{all}");
    }
}
