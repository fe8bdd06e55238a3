//! Reading a JSON trace (docs/trace-json.md): one object per statement, then a summary object
//! carrying `trace_version`. Written alike by `winsection run --json` and by programs from
//! `winsection export-c` run with `--json`.

use serde_json::{Map, Value};

use crate::export::TRACE_VERSION;

/// One statement's record, as read.
#[derive(Clone, Debug, PartialEq)]
pub struct TraceRecord {
    /// Source line of the statement.
    pub line: u64,
    /// The statement as written.
    pub statement: String,
    /// `value`, `expect`, `process`, `unhandled`, `exit`, `not_run`, `dump`, `machine`...
    pub kind: String,
    /// Every field of the object.
    pub fields: Map<String, Value>,
}

impl TraceRecord {
    /// A string field, if present.
    pub fn str(&self, key: &str) -> Option<&str> {
        self.fields.get(key).and_then(Value::as_str)
    }
}

/// A whole trace.
#[derive(Clone, Debug, PartialEq)]
pub struct Trace {
    /// The statements' records in order.
    pub records: Vec<TraceRecord>,
    /// The summary object.
    pub summary: Map<String, Value>,
}

/// Parses a JSON-lines trace. Refuses a trace without a summary, or of another version.
pub fn parse(text: &str) -> Result<Trace, String> {
    let mut records = Vec::new();
    let mut summary = None;
    for (i, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        let v: Value =
            serde_json::from_str(line).map_err(|e| format!("trace line {}: {e}", i + 1))?;
        let Value::Object(map) = v else {
            return Err(format!("trace line {}: not a JSON object", i + 1));
        };
        // Every line carries the version (since version 2); one of another version is refused.
        if let Some(v) = map.get("trace_version").and_then(Value::as_u64) {
            if v != u64::from(TRACE_VERSION) {
                return Err(format!(
                    "trace line {}: trace format version {v}; this winsection reads version {TRACE_VERSION}",
                    i + 1
                ));
            }
        }
        let kind = map
            .get("kind")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string();
        match kind.as_str() {
            "summary" => summary = Some(map),
            // A file header, or the rules a run exercised (`run --coverage`): not compared.
            "file" | "coverage" => {}
            _ => records.push(TraceRecord {
                line: map.get("line").and_then(Value::as_u64).unwrap_or(0),
                statement: map
                    .get("statement")
                    .and_then(Value::as_str)
                    .unwrap_or_default()
                    .to_string(),
                kind,
                fields: map,
            }),
        }
    }
    let Some(summary) = summary else {
        return Err("the trace has no summary object (was it cut short?)".into());
    };
    match summary.get("trace_version").and_then(Value::as_u64) {
        Some(v) if v == u64::from(TRACE_VERSION) => {}
        Some(v) => {
            return Err(format!(
                "trace format version {v}; this winsection reads version {TRACE_VERSION}"
            ))
        }
        None => return Err("the trace's summary has no trace_version".into()),
    }
    Ok(Trace { records, summary })
}
