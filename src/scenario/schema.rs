//! The JSON trace's schema (docs/trace-json.schema.json), generated with `schemars` from the
//! very types `winsection run --json` serialises, so the two cannot drift: one line is a
//! statement record, a summary, a file header (several scenarios) or a script error.
//! `cargo run --example trace_schema > docs/trace-json.schema.json` regenerates the file; a
//! test (tests/trace_schema.rs) keeps it current and validates every line the teaching
//! scenarios produce against it.

use std::borrow::Cow;

use schemars::{json_schema, JsonSchema, Schema, SchemaGenerator};
use serde::Serialize;

use super::printer::{Record, Summary, JS_MAX_SAFE_INTEGER};

/// A 64-bit unsigned number as the trace writes it: a JSON number up to 2^53 - 1, a decimal
/// string above (see [`super::printer::js_u64`]).
pub struct JsU64;

impl JsonSchema for JsU64 {
    fn schema_name() -> Cow<'static, str> {
        "JsU64".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "A 64-bit unsigned number: a JSON number up to 2^53 - 1, a decimal string above.",
            "anyOf": [
                {"type": "integer", "minimum": 0, "maximum": JS_MAX_SAFE_INTEGER},
                {"type": "string", "pattern": "^[0-9]{16,20}$"}
            ]
        })
    }
}

/// A statement record line: the record and the format's version.
#[derive(Serialize, JsonSchema)]
pub struct RecordLine<'a> {
    /// The record.
    #[serde(flatten)]
    pub record: &'a Record,
    /// The format's version (docs/trace-json.md).
    pub trace_version: u32,
}

/// The closing line of a run.
#[derive(Serialize, JsonSchema)]
pub struct SummaryLine<'a> {
    /// `summary`.
    #[schemars(extend("const" = "summary"))]
    pub kind: &'static str,
    /// The counts.
    #[serde(flatten)]
    pub summary: &'a Summary,
    /// The run's exit status (0 or 1).
    pub exit_status: i32,
    /// The format's version.
    pub trace_version: u32,
    /// `export-c` when an exported program wrote the trace.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub producer: Option<&'static str>,
}

/// The header before each scenario when `run --json` runs several.
#[derive(Serialize, JsonSchema)]
pub struct FileLine<'a> {
    /// `file`.
    #[schemars(extend("const" = "file"))]
    pub kind: &'static str,
    /// The scenario as given on the command line.
    pub path: &'a str,
    /// The format's version.
    pub trace_version: u32,
}

/// A script error (`run --json` prints these on standard error; nothing runs): an error in
/// the scenario's text, or a scenario that cannot be read.
#[derive(Serialize, JsonSchema)]
pub struct ScriptErrorLine<'a> {
    /// `script_error`.
    #[schemars(extend("const" = "script_error"))]
    pub kind: &'static str,
    /// The scenario as given on the command line.
    pub file: &'a str,
    /// Line, from 1 (absent when the error is not at a place in the text: unreadable file,
    /// unknown `@NAME`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<u32>,
    /// Column in characters, from 1 (absent with `line`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub col: Option<u32>,
    /// What is wrong.
    pub message: &'a str,
    /// The exit status the run ends with (2: nothing ran).
    pub exit_status: i32,
    /// The format's version.
    pub trace_version: u32,
}

/// One rule of a coverage line.
#[derive(Serialize, JsonSchema)]
pub struct CoveredRule<'a> {
    /// The rule's id, as docs/rules.md writes it.
    pub id: crate::rule::RuleId,
    /// The rule in one sentence, as docs/rules.md titles it.
    pub title: &'a str,
}

/// The rules a run exercised (`run --coverage --json`, before the summary).
#[derive(Serialize, JsonSchema)]
pub struct CoverageLine<'a> {
    /// `coverage`.
    #[schemars(extend("const" = "coverage"))]
    pub kind: &'static str,
    /// The rules, in catalogue order.
    pub rules: Vec<CoveredRule<'a>>,
    /// The format's version.
    pub trace_version: u32,
}

/// Any line of a JSON trace.
#[derive(JsonSchema)]
#[serde(untagged)]
#[allow(dead_code)]
enum TraceLine<'a> {
    Record(RecordLine<'a>),
    Summary(SummaryLine<'a>),
    File(FileLine<'a>),
    ScriptError(ScriptErrorLine<'a>),
    Coverage(CoverageLine<'a>),
}

/// The schema of one line of a JSON trace (JSON Schema 2020-12), as published in
/// docs/trace-json.schema.json.
pub fn trace_line_schema() -> serde_json::Value {
    let generator = schemars::generate::SchemaSettings::draft2020_12()
        .for_serialize()
        .into_generator();
    let mut schema = generator.into_root_schema_for::<TraceLine<'static>>();
    schema.insert(
        "title".into(),
        format!(
            "winsection JSON trace line, version {}",
            crate::export::TRACE_VERSION
        )
        .into(),
    );
    schema.insert(
        "description".into(),
        "One line of `winsection run --json` or of an exported program run with `--json` \
         (docs/trace-json.md)."
            .into(),
    );
    schema.to_value()
}
