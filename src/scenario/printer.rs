//! What a run prints: one [`Record`] per statement, as text or as JSON lines, then a summary.
//!
//! Text (`LINE STATEMENT-AS-WRITTEN` followed by the outcome):
//! ```text
//! 12 app: h = CreateFileMappingW(INVALID_HANDLE_VALUE, NULL, PAGE_READWRITE, 0, 4096, "X") -> 0x44 [ERROR_ALREADY_EXISTS]
//! 13 app: CloseHandle(h) -> TRUE [ERROR_ALREADY_EXISTS, unchanged]
//! 13 app: expect GetLastError() == ERROR_ALREADY_EXISTS  ok
//! 14 app: expect h == NULL  FAILED: left 0x44, right 0 (expected left == right); last error ERROR_ALREADY_EXISTS
//! 15 app: write(v + 4096, "y") -> EXCEPTION_ACCESS_VIOLATION (write at 0x10001000), unhandled: process app ended (exit code 0xc0000005)
//! 16 app: CloseHandle(h) -> NOT RUN: process app has ended (line 15: EXCEPTION_ACCESS_VIOLATION)
//! 17 dump
//! <System::dump() text>
//! end: 17 statements, 1 expectation held, 1 not held, 1 not run, 1 unhandled exception
//! ```
//! Only a failed expectation's line contains the word `FAILED`. JSON (`--json`) prints each
//! record as one object per line with the same content (`kind` tells which), values typed
//! rather than printed ([`super::trace_value`]), then a `{"kind":"summary",...}` object.

use schemars::JsonSchema;
use serde::Serialize;

use super::schema::{FileLine, JsU64, RecordLine, ScriptErrorLine, SummaryLine};
use super::trace_value::{TraceException, TraceValue};

/// An out parameter written by a call.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, JsonSchema)]
pub struct OutValue {
    /// The variable.
    pub var: String,
    /// Its new value, typed.
    pub value: TraceValue,
}

/// What one statement did.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Outcome {
    /// `machine`.
    Machine {
        /// `windows`.
        profile: String,
        /// Commit limit in bytes, if any.
        #[serde(serialize_with = "js_u64_opt")]
        #[schemars(with = "Option<JsU64>")]
        commit_limit: Option<u64>,
        /// Capacity of the local disk in bytes, if limited.
        #[serde(serialize_with = "js_u64_opt")]
        #[schemars(with = "Option<JsU64>")]
        disk_capacity: Option<u64>,
    },
    /// `host NAME`.
    Host {
        /// The host.
        host: String,
        /// Capacity of its disk in bytes, if limited.
        #[serde(serialize_with = "js_u64_opt")]
        #[schemars(with = "Option<JsU64>")]
        disk_capacity: Option<u64>,
    },
    /// `process NAME`: started.
    Process {
        /// Its process id.
        pid: u32,
        /// Its host.
        host: String,
    },
    /// A call, memory access or expression.
    Value {
        /// The result as printed (`0x44`, `NULL`, `TRUE`, `"text"`, ...).
        result: String,
        /// The raw number, for integer results (in JSON a string above 2^53 - 1, see
        /// [`js_u64`]).
        #[serde(skip_serializing_if = "Option::is_none", serialize_with = "js_u64_opt")]
        #[schemars(with = "Option<JsU64>")]
        value: Option<u64>,
        /// `GetLastError()` after a function call.
        #[serde(skip_serializing_if = "Option::is_none")]
        last_error: Option<String>,
        /// The call left the last error as it was (`last_error` is a previous call's):
        /// printed `[ERROR_X, unchanged]`; in JSON present only when true.
        #[serde(skip_serializing_if = "std::ops::Not::not", default)]
        last_error_unchanged: bool,
        /// Out parameters the call wrote.
        #[serde(skip_serializing_if = "Vec::is_empty")]
        outs: Vec<OutValue>,
    },
    /// An `expect` line.
    Expect {
        /// Whether the expectation held.
        held: bool,
        /// For `fails` / `raises`: what the call or access did, as printed.
        #[serde(skip_serializing_if = "Option::is_none")]
        result: Option<String>,
        /// Left side of a failed comparison, or the value of a failed value expectation.
        #[serde(skip_serializing_if = "Option::is_none")]
        left: Option<TraceValue>,
        /// Right side of a failed comparison; absent when it was not evaluated (`&&` / `||`
        /// decided by the left side).
        #[serde(skip_serializing_if = "Option::is_none")]
        right: Option<TraceValue>,
        /// What was expected and what happened, for failed `fails` / `raises`.
        #[serde(skip_serializing_if = "Option::is_none")]
        detail: Option<String>,
        /// For `raises`: the exception the access raised, if any.
        #[serde(skip_serializing_if = "Option::is_none")]
        exception: Option<TraceException>,
        /// The operator of a failed comparison (`==`, `!=`, `<`, `&&`, ...), as written.
        #[serde(skip_serializing_if = "Option::is_none")]
        comparison: Option<String>,
        /// `GetLastError()` when a comparison or value expectation failed (it often says why).
        #[serde(skip_serializing_if = "Option::is_none")]
        last_error: Option<String>,
    },
    /// A memory access raised an exception outside `expect ... raises`: the process ended.
    Unhandled {
        /// The exception.
        exception: TraceException,
        /// The process that ended: always the record's own `process`, so JSON does not repeat
        /// it (no duplicate keys).
        #[serde(skip_serializing)]
        process: String,
        /// Its exit code (the exception code).
        exit_code: u32,
    },
    /// `crash [HOST]`: power loss.
    Crash {
        /// The host that lost power.
        host: String,
        /// The processes that ended with it.
        ended: Vec<String>,
    },
    /// `NAME: exit [CODE]`.
    Exit {
        /// The exit code.
        exit_code: u32,
    },
    /// The statement could not run (its process had ended, a variable it needs was never
    /// set, ...). Counts against the scenario like a failed expectation.
    NotRun {
        /// Why.
        reason: String,
    },
    /// `dump`.
    Dump {
        /// `System::dump()`.
        text: String,
    },
}

/// One statement's line.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, JsonSchema)]
pub struct Record {
    /// Source line.
    pub line: u32,
    /// The process making the statement.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub process: Option<String>,
    /// The statement as written.
    pub statement: String,
    /// What it did.
    #[serde(flatten)]
    pub outcome: Outcome,
    /// The catalogue rules (docs/rules.md) its calls exercised, in catalogue order: filled by
    /// `winsection run --coverage` only (absent otherwise).
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub rules: Vec<crate::rule::RuleId>,
}

/// Counts over a run.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, JsonSchema)]
pub struct Summary {
    /// Statements run or reported.
    pub statements: usize,
    /// Expectations that held.
    pub held: usize,
    /// Expectations that did not hold.
    pub not_held: usize,
    /// Statements that could not run.
    pub not_run: usize,
    /// Unhandled exceptions (each ended a process).
    pub unhandled_exceptions: usize,
}

impl Summary {
    /// 0 when every expectation held and every statement ran, else 1.
    pub fn exit_status(&self) -> i32 {
        if self.not_held == 0 && self.not_run == 0 {
            0
        } else {
            1
        }
    }
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

fn limit(what: &str, v: Option<u64>) -> String {
    match v {
        Some(b) => format!("{what} 0x{b:x} bytes"),
        None => format!("no {what}"),
    }
}

/// The summary line (text).
pub fn summary_text(s: &Summary) -> String {
    format!(
        "end: {}, {} held, {} not held, {} not run, {}",
        plural(s.statements, "statement", "statements"),
        plural(s.held, "expectation", "expectations"),
        s.not_held,
        s.not_run,
        plural(
            s.unhandled_exceptions,
            "unhandled exception",
            "unhandled exceptions"
        )
    )
}

/// One record as text (a `dump` record spans several lines; the text ends with a newline).
pub fn record_text(r: &Record) -> String {
    let head = format!("{} {}", r.line, r.statement);
    match &r.outcome {
        Outcome::Machine {
            profile,
            commit_limit,
            disk_capacity,
        } => format!(
            "{head} -> profile {profile}, {}, {}\n",
            limit("commit limit", *commit_limit),
            limit("disk limit", *disk_capacity)
        ),
        Outcome::Host {
            host,
            disk_capacity,
        } => format!(
            "{head} -> host {host} added, {}\n",
            limit("disk limit", *disk_capacity)
        ),
        Outcome::Process { pid, host } => format!("{head} -> pid {pid} on {host}\n"),
        Outcome::Value {
            result,
            last_error,
            last_error_unchanged,
            outs,
            ..
        } => {
            let mut s = format!("{head} -> {result}");
            if let Some(e) = last_error {
                if *last_error_unchanged {
                    s.push_str(&format!(" [{e}, unchanged]"));
                } else {
                    s.push_str(&format!(" [{e}]"));
                }
            }
            for o in outs {
                s.push_str(&format!(" {} = {}", o.var, o.value.shown));
            }
            s.push('\n');
            s
        }
        Outcome::Expect {
            held,
            result,
            left,
            right,
            detail,
            comparison,
            last_error,
            ..
        } => {
            let mut s = head;
            if let Some(res) = result {
                s.push_str(&format!(" -> {res}"));
            }
            if *held {
                s.push_str("  ok");
            } else {
                s.push_str("  FAILED: ");
                let mut parts = Vec::new();
                if let Some(d) = detail {
                    parts.push(d.clone());
                }
                match (left, comparison) {
                    (Some(l), Some(op)) => {
                        let r = right
                            .as_ref()
                            .map_or("(not evaluated)", |r| r.shown.as_str());
                        parts.push(format!(
                            "left {}, right {r} (expected left {op} right)",
                            l.shown
                        ))
                    }
                    (Some(l), None) => parts.push(format!("value {} (expected nonzero)", l.shown)),
                    _ => {}
                }
                if let Some(e) = last_error {
                    parts.push(format!("last error {e}"));
                }
                s.push_str(&parts.join("; "));
            }
            s.push('\n');
            s
        }
        Outcome::Unhandled {
            exception,
            process,
            exit_code,
            ..
        } => format!(
            "{head} -> {}, unhandled: process {process} ended (exit code 0x{exit_code:x})\n",
            exception.shown
        ),
        Outcome::Crash { host, ended } => {
            let who = if ended.is_empty() {
                "no process was running there".to_string()
            } else {
                format!("ended: {}", ended.join(", "))
            };
            format!("{head} -> power loss on {host}; unflushed data lost; {who}\n")
        }
        Outcome::Exit { exit_code } => format!("{head} -> exited with code {exit_code}\n"),
        Outcome::NotRun { reason } => format!("{head} -> NOT RUN: {reason}\n"),
        Outcome::Dump { text } => {
            let mut s = format!("{head}\n{text}");
            if !s.ends_with('\n') {
                s.push('\n');
            }
            s
        }
    }
}

/// The largest integer a JSON reader in JavaScript holds exactly (`Number.MAX_SAFE_INTEGER`).
pub const JS_MAX_SAFE_INTEGER: u64 = (1 << 53) - 1;

/// A 64-bit number in JSON: a number up to 2^53 - 1, above it a decimal string
/// (`INVALID_HANDLE_VALUE` is 18446744073709551615, which a double would round): the
/// convention of JSON APIs that carry 64-bit integers (docs/trace-json.md).
pub fn js_u64<S: serde::Serializer>(v: &u64, s: S) -> Result<S::Ok, S::Error> {
    if *v > JS_MAX_SAFE_INTEGER {
        s.serialize_str(&v.to_string())
    } else {
        s.serialize_u64(*v)
    }
}

/// [`js_u64`] of an optional number.
pub fn js_u64_opt<S: serde::Serializer>(v: &Option<u64>, s: S) -> Result<S::Ok, S::Error> {
    match v {
        Some(v) => js_u64(v, s),
        None => s.serialize_none(),
    }
}

/// One record as a JSON line (with newline), carrying the format's `trace_version`.
pub fn record_json(r: &Record) -> String {
    let line = RecordLine {
        record: r,
        trace_version: crate::export::TRACE_VERSION,
    };
    json_line(&line)
}

pub(crate) fn json_line(v: &impl Serialize) -> String {
    match serde_json::to_string(v) {
        Ok(s) => s + "\n",
        Err(e) => format!("{{\"kind\":\"error\",\"message\":{:?}}}\n", e.to_string()),
    }
}

/// The summary as a JSON line.
pub fn summary_json(s: &Summary) -> String {
    json_line(&SummaryLine {
        kind: "summary",
        summary: s,
        exit_status: s.exit_status(),
        trace_version: crate::export::TRACE_VERSION,
        producer: None,
    })
}

/// The header line `run --json` prints before each of several scenarios.
pub fn file_json(path: &str) -> String {
    json_line(&FileLine {
        kind: "file",
        path,
        trace_version: crate::export::TRACE_VERSION,
    })
}

/// A script error as a JSON line (`run --json` prints these on stderr; docs/trace-json.md).
pub fn script_error_json(file: &str, e: &super::ScriptError) -> String {
    json_line(&ScriptErrorLine {
        kind: "script_error",
        file,
        line: Some(e.pos.line),
        col: Some(e.pos.col),
        message: &e.message,
        exit_status: super::EXIT_SCRIPT_ERROR,
        trace_version: crate::export::TRACE_VERSION,
    })
}

/// An error about a whole scenario (it cannot be read, no built-in has that name) as a
/// `script_error` JSON line without a place.
pub fn file_error_json(file: &str, message: &str) -> String {
    json_line(&ScriptErrorLine {
        kind: "script_error",
        file,
        line: None,
        col: None,
        message,
        exit_status: super::EXIT_SCRIPT_ERROR,
        trace_version: crate::export::TRACE_VERSION,
    })
}
