//! Runs a checked scenario on a fresh [`System`], through the [`crate::win32`] facade only
//! (plus `System::with_config`, `spawn`, `add_host` and `dump` for the statements that make
//! or show the machine).
//!
//! - Expressions evaluate left to right in the calling process; `&&` and `||` short-circuit;
//!   arithmetic wraps as C's unsigned arithmetic does; comparisons give 1 or 0.
//! - A memory access that faults outside `expect ... raises` is an unhandled exception: the
//!   process ends through `ExitProcess(exception code)` (its handles close, its views unmap),
//!   the line says so, and the run goes on.
//! - A later statement of a process that has ended (by `exit` or by an exception), or one
//!   that needs a variable whose statement did not run, is reported as `NOT RUN` and counts
//!   against the scenario (exit status 1), like a failed expectation.

#![allow(clippy::cast_possible_truncation)]

use std::collections::BTreeMap;

use super::calls::{self, ArgValue, Args, Param, Ret, Run};
use super::check::{constant, is_current_process, is_null_literal, Script};
use super::parser::{Action, BinOp, Expr, ExprKind, Opt, OptValue, Stmt, StmtKind};
use super::printer::{OutValue, Outcome, Record, Summary};
use super::trace_value::{TraceException, TraceValue};
use super::value::{bytes_to_text, show_protection, Value};
use crate::error::Win32Error;
use crate::mm::access::Exception;
use crate::ps::{Integrity, Pid, Privilege, ProcessSpec};
use crate::rule::RuleSet;
use crate::system::{HostId, Profile, System};
use crate::win32::ProcessRef;
use crate::win32::{HANDLE, SECURITY_ATTRIBUTES};

/// The result of a run: every statement's record, the counts, and the final machine.
#[derive(Debug)]
pub struct RunResult {
    /// One record per statement.
    pub records: Vec<Record>,
    /// Counts.
    pub summary: Summary,
    /// The machine as the scenario left it.
    pub system: System,
}

/// Why evaluation stopped early.
enum Stop {
    /// A memory access raised an exception.
    Fault(Exception),
    /// The statement cannot run.
    NotRun(String),
}

/// What evaluating a top-level expression gave, with what is printed about it.
struct Evaluated {
    value: Value,
    /// How the result prints.
    shown: String,
    /// For a function call: its return kind and the last error after it.
    call: Option<(Ret, u32)>,
    /// For a function call: it left the last error as it was (see [`LAST_ERROR_PROBE`]).
    error_unchanged: bool,
    outs: Vec<OutValue>,
}

/// Written as the last error just before a call, to see whether the call writes one: bit 29
/// set marks an application-defined code, which Windows itself never sets (SetLastError doc,
/// Remarks), so if it is still there after the call, the call left the last error alone and
/// the previous value is put back. The exported C program (src/export) does the same.
pub const LAST_ERROR_PROBE: u32 = 0x2000_5EC7;

#[derive(Debug)]
struct ProcState {
    pid: Option<Pid>,
    /// Why it is not running (set when it ends, or when it could not start).
    ended: Option<String>,
}

struct Interpreter {
    sys: System,
    hosts: BTreeMap<String, HostId>,
    procs: BTreeMap<String, ProcState>,
    vars: BTreeMap<String, Value>,
    summary: Summary,
    /// Bytes held by `vars` (see [`MAX_HELD_BYTES`]).
    held: u64,
    /// Bytes the current statement has produced so far (`read`, `ReadFile` buffers).
    scratch: u64,
    /// Computed arguments a call converted to a narrower C parameter, as `NAME = VALUE`
    /// (shown next to the statement's result so the trace says what was passed).
    converted: Vec<String>,
    /// Whether the last facade call left the last error unchanged.
    error_unchanged: bool,
}

/// Runs a checked scenario.
pub fn run(script: &Script) -> RunResult {
    let mut runner = Runner::new(script.config.clone());
    let mut records = Vec::with_capacity(script.statements.len());
    for stmt in &script.statements {
        records.push(runner.step(stmt));
    }
    let (summary, system) = runner.finish();
    RunResult {
        records,
        summary,
        system,
    }
}

/// A run made one statement at a time: each [`Runner::step`] runs a checked statement and
/// returns its record, which the caller prints and drops. Nothing per statement is kept, so a
/// run's memory is the machine's plus the values its variables hold, which are limited to
/// [`MAX_HELD_BYTES`] in total.
pub struct Runner {
    it: Interpreter,
    /// Whether each record lists the rules its statement exercised (`run --coverage`).
    attribute_rules: bool,
    /// The rules the statements so far exercised.
    rules_hit: RuleSet,
}

impl Runner {
    /// A fresh machine made with `config` (the checked script's).
    pub fn new(config: crate::system::SystemConfig) -> Self {
        let mut it = Interpreter {
            sys: System::with_config(config),
            hosts: BTreeMap::new(),
            procs: BTreeMap::new(),
            vars: BTreeMap::new(),
            summary: Summary::default(),
            converted: Vec::new(),
            error_unchanged: false,
            held: 0,
            scratch: 0,
        };
        it.hosts.insert("local".into(), 0);
        Runner {
            it,
            attribute_rules: false,
            rules_hit: RuleSet::new(),
        }
    }

    /// From now on, each record lists the catalogue rules its statement exercised
    /// ([`Record::rules`]; `winsection run --coverage --json`).
    pub fn attribute_rules(&mut self) {
        self.attribute_rules = true;
    }

    /// The catalogue rules the statements so far exercised.
    pub fn rules_hit(&self) -> RuleSet {
        self.rules_hit
    }

    /// Runs one statement (already checked) and returns its record.
    pub fn step(&mut self, stmt: &Stmt) -> Record {
        self.it.converted.clear();
        self.it.scratch = 0;
        let (process, outcome) = self.it.statement(stmt);
        self.it.scratch = 0;
        self.it.count(&outcome);
        let hit = self.it.sys.take_rules_hit();
        self.rules_hit.extend(&hit);
        Record {
            line: stmt.pos.line,
            process,
            statement: stmt.text.clone(),
            outcome,
            rules: if self.attribute_rules {
                hit.iter().collect()
            } else {
                Vec::new()
            },
        }
    }

    /// The counts so far.
    pub fn summary(&self) -> &Summary {
        &self.it.summary
    }

    /// The machine as the statements so far left it.
    pub fn system(&self) -> &System {
        &self.it.sys
    }

    /// Ends the run: the counts and the machine (whose [`System::rules_hit`] is the run's).
    pub fn finish(mut self) -> (Summary, System) {
        self.it.sys.rules_hit.extend(&self.rules_hit);
        (self.it.summary, self.it.sys)
    }
}

/// The most bytes a scenario's values may hold at once (256 MiB): every variable's bytes plus
/// the bytes a statement is working on (`read` results, `ReadFile` buffers). A statement that
/// would go past it does not run (`NOT RUN`, with the sizes in the message) and the run goes
/// on, so no scenario can make the host allocate without bound (issue 15: 80 lines of
/// `x = read(v, 0x4000000)` aborted the process).
pub const MAX_HELD_BYTES: u64 = 256 << 20;

/// Bytes a value holds, for [`MAX_HELD_BYTES`]: byte strings count their length; numbers and
/// structs are fixed-size (and their count is bounded by the names a script declares).
fn held_size(v: &Value) -> u64 {
    match v {
        Value::Bytes(b) => b.len() as u64,
        _ => 0,
    }
}

fn opt_word(o: &Opt) -> String {
    match o.values.first() {
        Some((OptValue::Ident(s), _)) => s.clone(),
        Some((OptValue::Str(s), _)) => bytes_to_text(s),
        Some((OptValue::Int(v), _)) => v.to_string(),
        None => String::new(),
    }
}

fn opt_words(o: &Opt) -> Vec<String> {
    o.values
        .iter()
        .map(|(v, _)| match v {
            OptValue::Ident(s) => s.clone(),
            OptValue::Str(s) => bytes_to_text(s),
            OptValue::Int(v) => v.to_string(),
        })
        .collect()
}

fn opt_int(o: &Opt) -> u64 {
    match o.values.first() {
        Some((OptValue::Int(v), _)) => *v,
        _ => 0,
    }
}

/// How a value compared in an expectation prints: error names next to `GetLastError()` and
/// ERROR_* constants, protection names next to PAGE_* constants and protection fields.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Annotation {
    None,
    Error,
    Protection,
}

fn annotation_of(e: &Expr) -> Annotation {
    match &e.kind {
        ExprKind::Call(n, _) if n == "GetLastError" => Annotation::Error,
        ExprKind::Name(n) if n.starts_with("ERROR_") => Annotation::Error,
        ExprKind::Name(n) if n.starts_with("PAGE_") => Annotation::Protection,
        ExprKind::Field(_, f) if f == "Protect" || f == "AllocationProtect" => {
            Annotation::Protection
        }
        _ => Annotation::None,
    }
}

/// A side of a failed expectation: an error code or a protection is named (`5
/// (ERROR_ACCESS_DENIED)`).
fn annotated(v: &Value, a: Annotation) -> TraceValue {
    match (v, a) {
        (Value::Int(n), Annotation::Error) => {
            TraceValue::named(*n, Win32Error::from_code(*n as u32).name())
        }
        (Value::Int(n), Annotation::Protection) => {
            TraceValue::named(*n, show_protection(*n as u32))
        }
        (v, _) => TraceValue::plain(v),
    }
}

impl Interpreter {
    /// Claims `bytes` of working memory for the current statement, within the budget.
    fn claim(&mut self, bytes: u64, what: &str) -> Result<(), Stop> {
        let total = self.held.saturating_add(self.scratch).saturating_add(bytes);
        if total > MAX_HELD_BYTES {
            return Err(Stop::NotRun(format!(
                "{what} of 0x{bytes:x} bytes would take the values this scenario holds to \
                 0x{total:x} bytes, past its budget of 0x{MAX_HELD_BYTES:x} (256 MiB); \
                 reassign variables that hold large byte strings to free room"
            )));
        }
        self.scratch = self.scratch.saturating_add(bytes);
        Ok(())
    }

    /// Keeps `value` in `var`, within the budget (the old value's bytes are freed).
    fn store(&mut self, var: &str, value: Value) -> Result<(), Stop> {
        let old = self.vars.get(var).map_or(0, held_size);
        let new = held_size(&value);
        let total = self.held.saturating_sub(old).saturating_add(new);
        if total > MAX_HELD_BYTES {
            return Err(Stop::NotRun(format!(
                "keeping 0x{new:x} bytes in `{var}` would take the values this scenario holds \
                 to 0x{total:x} bytes, past its budget of 0x{MAX_HELD_BYTES:x} (256 MiB); \
                 `{var}` keeps its previous value"
            )));
        }
        self.held = total;
        self.vars.insert(var.to_string(), value);
        Ok(())
    }

    fn count(&mut self, o: &Outcome) {
        self.summary.statements += 1;
        match o {
            Outcome::Expect { held: true, .. } => self.summary.held += 1,
            Outcome::Expect { held: false, .. } => self.summary.not_held += 1,
            Outcome::NotRun { .. } => self.summary.not_run += 1,
            Outcome::Unhandled { .. } => self.summary.unhandled_exceptions += 1,
            _ => {}
        }
    }

    fn statement(&mut self, stmt: &Stmt) -> (Option<String>, Outcome) {
        match &stmt.kind {
            StmtKind::Machine(_) => {
                let c = self.sys.config();
                let profile = match c.profile {
                    Profile::Windows => "windows",
                    Profile::Ce => "ce",
                };
                (
                    None,
                    Outcome::Machine {
                        profile: profile.into(),
                        commit_limit: c.commit_limit,
                        disk_capacity: c.disk_capacity,
                    },
                )
            }
            StmtKind::Host(name, _, opts) => {
                let disk = opts.iter().find(|o| o.key == "disk").map(opt_int);
                let outcome = match self.sys.add_host(name, disk) {
                    Ok(id) => {
                        self.hosts.insert(name.to_ascii_lowercase(), id);
                        Outcome::Host {
                            host: name.clone(),
                            disk_capacity: disk,
                        }
                    }
                    Err(e) => Outcome::NotRun {
                        reason: format!("the host could not be added: {e}"),
                    },
                };
                (None, outcome)
            }
            StmtKind::Process(name, _, opts) => (None, self.process(name, opts)),
            StmtKind::Crash(host) => (
                None,
                self.crash(host.as_ref().map(|(h, _)| h.as_str()), stmt.pos.line),
            ),
            StmtKind::Dump => (
                None,
                Outcome::Dump {
                    text: self.sys.dump(),
                },
            ),
            StmtKind::Act {
                process, action, ..
            } => {
                let outcome = match self.running(process) {
                    Ok(pid) => self.action(process, pid, stmt.pos.line, action),
                    Err(reason) => Outcome::NotRun { reason },
                };
                (Some(process.clone()), outcome)
            }
        }
    }

    fn running(&self, name: &str) -> Result<Pid, String> {
        match self.procs.get(name) {
            Some(ProcState {
                pid: Some(pid),
                ended: None,
            }) => Ok(*pid),
            Some(ProcState {
                ended: Some(why), ..
            }) => Err(format!("process {name} {why}")),
            _ => Err(format!("process {name} was never started")),
        }
    }

    fn process(&mut self, name: &str, opts: &[Opt]) -> Outcome {
        let mut spec = ProcessSpec::named(name);
        let mut host_name = "local".to_string();
        // A process created by PARENT runs with PARENT's token, session and host
        // (CreateProcess gives the child a copy of the caller's primary token): options not
        // written take the parent's values, not the defaults.
        if let Some(parent) = opts.iter().find(|o| o.key == "inherit").map(opt_word) {
            let base = self
                .running(&parent)
                .ok()
                .and_then(|pid| self.sys.process_spec(pid).cloned());
            if let Some(base) = base {
                host_name = self
                    .sys
                    .hosts()
                    .get(base.host)
                    .map_or(host_name, |h| h.name.clone());
                spec = ProcessSpec {
                    name: name.into(),
                    parent: None,
                    inherit_handles: false,
                    ..base
                };
            }
        }
        for o in opts {
            match o.key.as_str() {
                "host" => {
                    let h = opt_word(o);
                    spec.host = self
                        .hosts
                        .get(&h.to_ascii_lowercase())
                        .copied()
                        .unwrap_or(0);
                    host_name = h;
                }
                "session" => spec.session = opt_int(o) as u32,
                "integrity" => spec.integrity = Integrity::parse(&opt_word(o)).unwrap_or_default(),
                "user" => spec.user = opt_word(o),
                "appcontainer" => spec.app_container = Some(opt_word(o)),
                "capabilities" => spec.capabilities = opt_words(o).into_iter().collect(),
                "privileges" => {
                    spec.privileges = opt_words(o)
                        .iter()
                        .filter_map(|p| Privilege::parse(p))
                        .collect();
                }
                "inherit" => {
                    let parent = opt_word(o);
                    match self.running(&parent) {
                        Ok(pid) => {
                            spec.parent = Some(pid);
                            spec.inherit_handles = true;
                        }
                        Err(why) => {
                            let reason = format!("its parent could not create it: {why}");
                            self.procs.insert(
                                name.into(),
                                ProcState {
                                    pid: None,
                                    ended: Some(format!("was never started ({reason})")),
                                },
                            );
                            return Outcome::NotRun { reason };
                        }
                    }
                }
                _ => {}
            }
        }
        match self.sys.spawn(spec) {
            Ok(pid) => {
                self.procs.insert(
                    name.into(),
                    ProcState {
                        pid: Some(pid),
                        ended: None,
                    },
                );
                Outcome::Process {
                    pid: pid.0,
                    host: host_name,
                }
            }
            Err(e) => {
                let reason = format!("the process could not start: {e}");
                self.procs.insert(
                    name.into(),
                    ProcState {
                        pid: None,
                        ended: Some(format!("was never started ({reason})")),
                    },
                );
                Outcome::NotRun { reason }
            }
        }
    }

    /// `crash [HOST]`: power loss on HOST (default `local`).
    fn crash(&mut self, host: Option<&str>, line: u32) -> Outcome {
        let name = host.unwrap_or("local");
        let Some(&id) = self.hosts.get(&name.to_ascii_lowercase()) else {
            return Outcome::NotRun {
                reason: format!("host {name} was never added"),
            };
        };
        let victims: Vec<String> = self
            .procs
            .iter()
            .filter(|(_, p)| {
                p.ended.is_none()
                    && p.pid
                        .is_some_and(|pid| self.sys.process_spec(pid).is_some_and(|s| s.host == id))
            })
            .map(|(n, _)| n.clone())
            .collect();
        if let Err(e) = self.sys.crash(id) {
            return Outcome::NotRun {
                reason: format!("the crash could not happen: {e}"),
            };
        }
        for v in &victims {
            if let Some(p) = self.procs.get_mut(v) {
                p.ended = Some(format!("has ended (line {line}: power loss)"));
            }
        }
        Outcome::Crash {
            host: name.into(),
            ended: victims,
        }
    }

    /// Ends `name` after an unhandled exception.
    fn unhandled(&mut self, name: &str, pid: Pid, line: u32, ex: Exception) -> Outcome {
        self.sys.win32(pid).ExitProcess(ex.code());
        if let Some(p) = self.procs.get_mut(name) {
            p.ended = Some(format!("has ended (line {line}: {})", ex.name()));
        }
        Outcome::Unhandled {
            exception: ex.into(),
            process: name.into(),
            exit_code: ex.code(),
        }
    }

    fn action(&mut self, name: &str, pid: Pid, line: u32, action: &Action) -> Outcome {
        let result = match action {
            Action::Eval(e) => self.top(pid, e).map(|ev| value_outcome(&ev)),
            Action::Assign(var, _, e) => self.top(pid, e).and_then(|ev| {
                let outcome = value_outcome(&ev);
                self.store(var, ev.value)?;
                Ok(outcome)
            }),
            Action::Expect(e) => self.expect(pid, e),
            Action::ExpectFails(e, error, _) => self.expect_fails(pid, e, error),
            Action::ExpectRaises(e, exception, _) => match self.top(pid, e) {
                Ok(ev) => Ok(Outcome::Expect {
                    held: false,
                    result: Some(ev.shown),
                    left: None,
                    right: None,
                    exception: None,
                    detail: Some(format!("expected {exception}, got no exception")),
                    comparison: None,
                    last_error: None,
                }),
                Err(Stop::Fault(ex)) => Ok(Outcome::Expect {
                    held: ex.name() == exception,
                    result: Some(ex.to_string()),
                    left: None,
                    right: None,
                    exception: Some(TraceException::from(ex)),
                    detail: Some(format!("expected {exception}, got {}", ex.name())),
                    comparison: None,
                    last_error: None,
                }),
                Err(stop) => Err(stop),
            },
            Action::Exit(code) => {
                let code = match code {
                    Some(e) => self.eval(pid, e).map(|v| v.int() as u32),
                    None => Ok(0),
                };
                code.map(|code| {
                    self.sys.win32(pid).ExitProcess(code);
                    if let Some(p) = self.procs.get_mut(name) {
                        p.ended = Some(format!("has exited (line {line})"));
                    }
                    Outcome::Exit { exit_code: code }
                })
            }
        };
        let mut outcome = match result {
            Ok(o) => o,
            Err(Stop::Fault(ex)) => self.unhandled(name, pid, line, ex),
            Err(Stop::NotRun(reason)) => Outcome::NotRun { reason },
        };
        // What a narrower C parameter received, when a computed value did not fit it.
        let notes: String = self
            .converted
            .drain(..)
            .map(|n| format!(" ({n})"))
            .collect();
        if !notes.is_empty() {
            match &mut outcome {
                Outcome::Value { result, .. } => result.push_str(&notes),
                Outcome::Expect { result, .. } => {
                    let shown = result.take().unwrap_or_default() + &notes;
                    *result = Some(shown.trim_start().to_string());
                }
                _ => {}
            }
        }
        outcome
    }

    fn expect(&mut self, pid: Pid, e: &Expr) -> Result<Outcome, Stop> {
        if let ExprKind::Binary(op, l, r) = &e.kind {
            let lv = self.eval(pid, l)?;
            let (held, rv) = match op {
                BinOp::And if lv.int() == 0 => (false, None),
                BinOp::Or if lv.int() != 0 => (true, None),
                _ => {
                    let rv = self.eval(pid, r)?;
                    (binary(*op, &lv, &rv) != 0, Some(rv))
                }
            };
            let ann = match (annotation_of(l), annotation_of(r)) {
                (Annotation::None, a) | (a, _) => a,
            };
            return Ok(Outcome::Expect {
                held,
                result: None,
                left: (!held).then(|| annotated(&lv, ann)),
                right: if held {
                    None
                } else {
                    rv.map(|v| annotated(&v, ann))
                },
                exception: None,
                detail: None,
                comparison: (!held).then(|| op.symbol().to_string()),
                last_error: (!held).then(|| self.last_error_name(pid)),
            });
        }
        let v = self.eval(pid, e)?;
        let held = v.int() != 0;
        Ok(Outcome::Expect {
            held,
            result: None,
            left: (!held).then(|| annotated(&v, annotation_of(e))),
            right: None,
            exception: None,
            detail: None,
            comparison: None,
            last_error: (!held).then(|| self.last_error_name(pid)),
        })
    }

    /// `GetLastError()` of `pid` now, by name.
    fn last_error_name(&mut self, pid: Pid) -> String {
        Win32Error::from_code(self.sys.win32(pid).GetLastError()).name()
    }

    fn expect_fails(&mut self, pid: Pid, e: &Expr, error: &str) -> Result<Outcome, Stop> {
        let ev = self.top(pid, e)?;
        let Some((ret, last_error)) = ev.call else {
            return Err(Stop::NotRun("not a function call".into()));
        };
        let expected = Win32Error::from_name(error).map_or(u32::MAX, |x| x.code());
        let failed = ret.failed(ev.value.int());
        let held = failed && last_error == expected;
        let got = Win32Error::from_code(last_error).name();
        let detail = if !failed {
            format!("expected a failure with {error}, got success")
        } else {
            format!("expected {error}, got {got}")
        };
        Ok(Outcome::Expect {
            held,
            result: Some(format!("{} [{got}]", ev.shown)),
            left: None,
            right: None,
            exception: None,
            detail: (!held).then_some(detail),
            comparison: None,
            last_error: None,
        })
    }

    /// Evaluates a statement's expression, keeping what is printed about a call at its top.
    fn top(&mut self, pid: Pid, e: &Expr) -> Result<Evaluated, Stop> {
        if let ExprKind::Call(name, args) = &e.kind {
            match name.as_str() {
                "read" => {
                    let v = self.eval(pid, e)?;
                    let shown = v.show();
                    return Ok(Evaluated {
                        value: v,
                        shown,
                        call: None,
                        error_unchanged: false,
                        outs: Vec::new(),
                    });
                }
                "write" | "fill" => {
                    let n = self.memory_write(pid, name, args)?;
                    let verb = if name == "write" { "written" } else { "filled" };
                    return Ok(Evaluated {
                        value: Value::Int(0),
                        shown: format!("{n} byte{} {verb}", if n == 1 { "" } else { "s" }),
                        call: None,
                        error_unchanged: false,
                        outs: Vec::new(),
                    });
                }
                _ => {}
            }
            if let Some(spec) = calls::lookup(name) {
                let (value, outs) = self.call(pid, spec, args)?;
                let last_error = self.sys.win32(pid).GetLastError();
                let shown = spec.ret.show(value);
                let outs = if call_failed(spec.ret, value, last_error) {
                    Vec::new()
                } else {
                    outs
                };
                return Ok(Evaluated {
                    value: Value::Int(value),
                    shown,
                    call: Some((spec.ret, last_error)),
                    error_unchanged: self.error_unchanged,
                    outs,
                });
            }
        }
        let value = self.eval(pid, e)?;
        let shown = value.show();
        Ok(Evaluated {
            value,
            shown,
            call: None,
            error_unchanged: false,
            outs: Vec::new(),
        })
    }

    fn eval(&mut self, pid: Pid, e: &Expr) -> Result<Value, Stop> {
        match &e.kind {
            ExprKind::Int(v) => Ok(Value::Int(*v)),
            ExprKind::Str(b) | ExprKind::Hex(b) => Ok(Value::Bytes(b.clone())),
            ExprKind::Name(n) => {
                if let Some(v) = constant(n) {
                    return Ok(Value::Int(v));
                }
                self.var(n).cloned()
            }
            ExprKind::Field(var, field) => {
                let v = self.var(var)?;
                v.field(field)
                    .map(Value::Int)
                    .ok_or_else(|| Stop::NotRun(format!("`{var}` has no field `{field}`")))
            }
            ExprKind::AddrOf(v) => Err(Stop::NotRun(format!("`&{v}` outside an argument"))),
            ExprKind::Neg(x) => Ok(Value::Int(self.eval(pid, x)?.int().wrapping_neg())),
            ExprKind::Binary(op, l, r) => {
                let lv = self.eval(pid, l)?;
                match op {
                    BinOp::And if lv.int() == 0 => return Ok(Value::Int(0)),
                    BinOp::Or if lv.int() != 0 => return Ok(Value::Int(1)),
                    _ => {}
                }
                let rv = self.eval(pid, r)?;
                Ok(Value::Int(binary(*op, &lv, &rv)))
            }
            ExprKind::Call(name, args) => match name.as_str() {
                "read" => {
                    let addr = self.int_arg(pid, args, 0)?;
                    let len = self.int_arg(pid, args, 1)?;
                    check_access_len("read", len)?;
                    self.claim(len, "read")?;
                    match self.sys.win32(pid).read(addr, len) {
                        Ok(Ok(bytes)) => Ok(Value::Bytes(bytes)),
                        Ok(Err(ex)) => Err(Stop::Fault(ex)),
                        Err(err) => Err(Stop::NotRun(format!("read refused: {err}"))),
                    }
                }
                "write" | "fill" => self.memory_write(pid, name, args).map(|_| Value::Int(0)),
                _ => match calls::lookup(name) {
                    Some(spec) => self.call(pid, spec, args).map(|(v, _)| Value::Int(v)),
                    None => Err(Stop::NotRun(format!("unknown function `{name}`"))),
                },
            },
        }
    }

    fn var(&self, name: &str) -> Result<&Value, Stop> {
        self.vars.get(name).ok_or_else(|| {
            Stop::NotRun(format!(
                "variable `{name}` was never set (the statement that sets it did not run)"
            ))
        })
    }

    fn int_arg(&mut self, pid: Pid, args: &[Expr], i: usize) -> Result<u64, Stop> {
        match args.get(i) {
            Some(e) => Ok(self.eval(pid, e)?.int()),
            None => Ok(0),
        }
    }

    /// `write(ADDR, bytes)` / `fill(ADDR, LEN, BYTE)`: the number of bytes written.
    fn memory_write(&mut self, pid: Pid, name: &str, args: &[Expr]) -> Result<u64, Stop> {
        let addr = self.int_arg(pid, args, 0)?;
        let (result, n) = if name == "write" {
            let data = match args.get(1) {
                Some(e) => match self.eval(pid, e)? {
                    Value::Bytes(b) => b,
                    other => other.int().to_le_bytes().to_vec(),
                },
                None => Vec::new(),
            };
            let n = data.len() as u64;
            (self.sys.win32(pid).write(addr, &data), n)
        } else {
            let len = self.int_arg(pid, args, 1)?;
            check_access_len("fill", len)?;
            let byte = self.int_arg(pid, args, 2)? as u8;
            (self.sys.win32(pid).fill(addr, len, byte), len)
        };
        match result {
            Ok(Ok(())) => Ok(n),
            Ok(Err(ex)) => Err(Stop::Fault(ex)),
            Err(err) => Err(Stop::NotRun(format!("{name} refused: {err}"))),
        }
    }

    /// `DuplicateHandle`'s process argument: NULL, `GetCurrentProcess()`, a process name (the
    /// process itself) or any other value, a process handle of the caller.
    fn process_ref(&mut self, pid: Pid, e: &Expr) -> Result<ProcessRef, Stop> {
        if is_null_literal(e) {
            return Ok(ProcessRef::Null);
        }
        if is_current_process(e) {
            return Ok(ProcessRef::Current);
        }
        if let Some(target) = self.named_process(e)? {
            return Ok(ProcessRef::Pid(target));
        }
        Ok(ProcessRef::Handle(self.eval(pid, e)?.int() as HANDLE))
    }

    /// The process an argument names, when it is a process name (a process name wins over a
    /// variable of the same name, as the checker reads it).
    fn named_process(&self, e: &Expr) -> Result<Option<Pid>, Stop> {
        match &e.kind {
            ExprKind::Name(n) if self.procs.contains_key(n) => match self.procs.get(n) {
                Some(ProcState { pid: Some(pid), .. }) => Ok(Some(*pid)),
                _ => Err(Stop::NotRun(format!("process {n} was never started"))),
            },
            _ => Ok(None),
        }
    }

    /// Opens, in `caller`, the handles that stand for process names given where C takes a
    /// process handle (`pending`: argument index, process, access), as the exported C program
    /// does (`ws_proc_handle`): `OpenProcess(access, FALSE, pid)`, the last error kept. A
    /// process that cannot be opened (it has ended, or runs on another host) stops the
    /// statement: there is no handle to give the call. Returns the handles opened.
    fn open_named_processes(
        &mut self,
        caller: Pid,
        pending: &[(usize, Pid, u32)],
        values: &mut [ArgValue],
    ) -> Result<Vec<HANDLE>, Stop> {
        let mut opened = Vec::with_capacity(pending.len());
        for &(i, target, access) in pending {
            let mut w = self.sys.win32(caller);
            let before = w.GetLastError();
            let h = w.OpenProcess(access, 0, target.0);
            let why = w.GetLastError();
            w.SetLastError(before);
            if h == 0 {
                self.close_named_processes(caller, &opened);
                let name = self
                    .procs
                    .iter()
                    .find(|(_, p)| p.pid == Some(target))
                    .map_or_else(String::new, |(n, _)| n.clone());
                return Err(Stop::NotRun(format!(
                    "process {name} cannot be opened ({}): a process name stands for a handle \
                     to a running process on the same host",
                    Win32Error::from_code(why).name()
                )));
            }
            if let Some(slot) = values.get_mut(i) {
                *slot = ArgValue::Int(h as u64);
            }
            opened.push(h);
        }
        Ok(opened)
    }

    /// Closes the handles [`Self::open_named_processes`] opened, the last error kept.
    fn close_named_processes(&mut self, caller: Pid, opened: &[HANDLE]) {
        let mut w = self.sys.win32(caller);
        let before = w.GetLastError();
        for &h in opened {
            w.CloseHandle(h);
        }
        w.SetLastError(before);
    }

    /// Runs a table call: evaluates the arguments, calls the facade, writes out parameters
    /// back to their variables. Returns the raw result and the out values as printed.
    fn call(
        &mut self,
        pid: Pid,
        spec: &'static calls::CallSpec,
        args: &[Expr],
    ) -> Result<(u64, Vec<OutValue>), Stop> {
        let Run::Facade(run) = spec.run else {
            return Err(Stop::NotRun(format!("{} is not supported yet", spec.name)));
        };
        let mut values = Vec::with_capacity(spec.params.len());
        let mut out_vars: Vec<(usize, String, calls::OutKind)> = Vec::new();
        let mut named: Vec<(usize, Pid, u32)> = Vec::new();
        // An out structure typed by an information-class argument (the checker made the class
        // a constant, so evaluating it again is free of effects).
        let retyped = match calls::class_dependent_out(spec.name) {
            Some((class_at, out_at)) => match args.get(class_at) {
                Some(c) => {
                    let class = self.eval(pid, c)?.int();
                    calls::class_out_kind(spec.name, class).map(|k| (out_at, k))
                }
                None => None,
            },
            None => None,
        };
        // A length whose default is the size of the structure the class picks.
        let class_length = match calls::class_dependent_out(spec.name) {
            Some((class_at, _)) => match args.get(class_at) {
                Some(c) => {
                    let class = self.eval(pid, c)?.int();
                    calls::class_default_length(spec.name, class)
                }
                None => None,
            },
            None => None,
        };
        for (i, p) in spec.params.iter().enumerate() {
            let Some(a) = args.get(i) else {
                values.push(match (p.kind, class_length) {
                    (Param::Out(_) | Param::OutRequired(_), _) => ArgValue::Out(None),
                    (_, Some((at, size))) if at == i => ArgValue::Int(size),
                    _ => ArgValue::Int(p.default.unwrap_or(0)),
                });
                continue;
            };
            let v = match p.kind {
                Param::Int | Param::Handle | Param::Zero => {
                    let v = self.eval(pid, a)?.int();
                    if p.kind == Param::Int
                        && super::widths::is_32_bit(p.name)
                        && !super::widths::fits_32(v)
                    {
                        self.converted
                            .push(format!("{} passed as 0x{:x}", p.name, v as u32));
                    }
                    ArgValue::Int(v)
                }
                Param::NameW | Param::NameA | Param::Data | Param::Sid => {
                    if is_null_literal(a) {
                        ArgValue::Bytes(None)
                    } else {
                        match self.eval(pid, a)? {
                            Value::Bytes(b) => ArgValue::Bytes(Some(b)),
                            _ => ArgValue::Bytes(None),
                        }
                    }
                }
                Param::Sa => ArgValue::Sa(self.security_attributes(pid, a)?),
                Param::Process => ArgValue::Process(self.process_ref(pid, a)?),
                Param::ProcessHandle(access) => match self.named_process(a)? {
                    Some(target) => {
                        named.push((i, target, access));
                        ArgValue::Int(0)
                    }
                    None => ArgValue::Int(self.eval(pid, a)?.int()),
                },
                Param::Pid => match &a.kind {
                    ExprKind::Name(n) if self.procs.contains_key(n) => match self.procs.get(n) {
                        Some(ProcState { pid: Some(p), .. }) => ArgValue::Int(u64::from(p.0)),
                        _ => return Err(Stop::NotRun(format!("process {n} was never started"))),
                    },
                    _ => ArgValue::Int(self.eval(pid, a)?.int()),
                },
                Param::Out(kind) | Param::OutRequired(kind) => match &a.kind {
                    ExprKind::AddrOf(var) => {
                        let kind = match retyped {
                            Some((at, k)) if at == i => k,
                            _ => kind,
                        };
                        let initial = kind.initial();
                        let current = self
                            .vars
                            .get(var)
                            .filter(|v| v.ty() == initial.ty())
                            .cloned()
                            .unwrap_or(initial);
                        out_vars.push((i, var.clone(), kind));
                        ArgValue::Out(Some(current))
                    }
                    _ => ArgValue::Out(None),
                },
            };
            values.push(v);
        }
        // A ReadFile buffer is working memory of the statement (calls.rs caps it at
        // MAX_READ_BUFFER).
        if spec.name == "ReadFile" {
            let want = match values.get(2) {
                Some(ArgValue::Int(n)) => (*n as u32 as u64).min(calls::MAX_READ_BUFFER as u64),
                _ => 0,
            };
            self.claim(want, "a ReadFile buffer")?;
        }
        let opened = self.open_named_processes(pid, &named, &mut values)?;
        let mut args = Args { values };
        let result = {
            let mut w = self.sys.win32(pid);
            // GetLastError / SetLastError are the last error itself: no probe around them.
            let probe = !matches!(spec.name, "GetLastError" | "SetLastError");
            let before = w.GetLastError();
            if probe {
                w.SetLastError(LAST_ERROR_PROBE);
            }
            let result = run(&mut w, &mut args);
            self.error_unchanged = probe && w.GetLastError() == LAST_ERROR_PROBE;
            if self.error_unchanged {
                w.SetLastError(before);
            }
            result
        };
        self.close_named_processes(pid, &opened);
        let mut outs = Vec::new();
        for (i, var, kind) in out_vars {
            if let Some(ArgValue::Out(Some(v))) = args.values.get(i) {
                outs.push(OutValue {
                    var: var.clone(),
                    value: TraceValue::out(kind, v),
                });
                if let Err(Stop::NotRun(why)) = self.store(&var, v.clone()) {
                    return Err(Stop::NotRun(format!(
                        "{} ran and returned {}, but {why}",
                        spec.name,
                        spec.ret.show(result)
                    )));
                }
            }
        }
        Ok((result, outs))
    }

    fn security_attributes(
        &mut self,
        pid: Pid,
        e: &Expr,
    ) -> Result<Option<SECURITY_ATTRIBUTES>, Stop> {
        let Some(("SA", args)) = e.as_call() else {
            return Ok(None);
        };
        let inherit = self.int_arg(pid, args, 0)?;
        let sddl = match args.get(1) {
            Some(x) => match self.eval(pid, x)? {
                Value::Bytes(b) => Some(bytes_to_text(&b)),
                _ => None,
            },
            None => None,
        };
        Ok(Some(SECURITY_ATTRIBUTES {
            bInheritHandle: i32::from(inherit as u32 != 0),
            lpSecurityDescriptor: sddl,
        }))
    }
}

/// The most bytes one `read` or `fill` touches (64 MiB): a scenario is a story, and a larger
/// access would only make the host allocate.
pub const MAX_SCENARIO_ACCESS: u64 = 64 << 20;

fn check_access_len(what: &str, len: u64) -> Result<(), Stop> {
    if len > MAX_SCENARIO_ACCESS {
        return Err(Stop::NotRun(format!(
            "{what} of 0x{len:x} bytes: scenarios touch at most 0x{MAX_SCENARIO_ACCESS:x} bytes at once"
        )));
    }
    Ok(())
}

/// Whether a call failed, for deciding whether its out values are shown. A DWORD-returning
/// function whose failure value is also a valid result (`GetFileSize` of a file of 0x1FFFFFFFF
/// bytes returns INVALID_FILE_SIZE with `*lpFileSizeHigh` = 1) failed only if GetLastError()
/// is not NO_ERROR (GetFileSize / SetFilePointer docs).
fn call_failed(ret: Ret, value: u64, last_error: u32) -> bool {
    ret.failed(value) && !(matches!(ret, Ret::Dword(_)) && last_error == 0)
}

fn value_outcome(ev: &Evaluated) -> Outcome {
    Outcome::Value {
        result: ev.shown.clone(),
        value: match &ev.value {
            Value::Int(v) if ev.call.is_none_or(|(r, _)| r != Ret::Void) => Some(*v),
            _ => None,
        },
        last_error: ev.call.map(|(_, e)| Win32Error::from_code(e).name()),
        last_error_unchanged: ev.call.is_some() && ev.error_unchanged,
        outs: ev.outs.clone(),
    }
}

/// Applies a binary operator (C unsigned semantics, wrapping).
fn binary(op: BinOp, l: &Value, r: &Value) -> u64 {
    if let (Value::Bytes(a), Value::Bytes(b)) = (l, r) {
        return match op {
            BinOp::Eq => u64::from(a == b),
            BinOp::Ne => u64::from(a != b),
            _ => 0,
        };
    }
    let (a, b) = (l.int(), r.int());
    match op {
        BinOp::Or => u64::from(a != 0 || b != 0),
        BinOp::And => u64::from(a != 0 && b != 0),
        BinOp::BitOr => a | b,
        BinOp::BitAnd => a & b,
        BinOp::Eq => u64::from(a == b),
        BinOp::Ne => u64::from(a != b),
        BinOp::Lt => u64::from(a < b),
        BinOp::Le => u64::from(a <= b),
        BinOp::Gt => u64::from(a > b),
        BinOp::Ge => u64::from(a >= b),
        BinOp::Shl => u32::try_from(b)
            .ok()
            .and_then(|s| a.checked_shl(s))
            .unwrap_or(0),
        BinOp::Shr => u32::try_from(b)
            .ok()
            .and_then(|s| a.checked_shr(s))
            .unwrap_or(0),
        BinOp::Add => a.wrapping_add(b),
        BinOp::Sub => a.wrapping_sub(b),
        BinOp::Mul => a.wrapping_mul(b),
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]
    use crate::scenario::{load, run, run_source};

    fn trace(src: &str) -> (String, i32) {
        run_source("t.scn", src.as_bytes())
    }

    #[test]
    fn failed_expectations_show_both_sides_and_only_they_say_failed() {
        let (out, status) = trace(
            "process a\n\
             a: h = CreateFileMappingW(INVALID_HANDLE_VALUE, NULL, PAGE_READWRITE, 0, 4096, \"X\")\n\
             a: expect GetLastError() == ERROR_ALREADY_EXISTS\n\
             a: expect h == 0\n\
             a: expect 0\n\
             a: expect MapViewOfFile(h, FILE_MAP_WRITE, 0, 0, 0) fails ERROR_ACCESS_DENIED\n\
             a: expect MapViewOfFile(h, FILE_MAP_WRITE, 0, 0, 0x100000) fails ERROR_INVALID_PARAMETER\n\
             a: v = MapViewOfFile(h, FILE_MAP_READ, 0, 0, 0)\n\
             a: expect read(v, 1) raises EXCEPTION_ACCESS_VIOLATION\n\
             a: expect mbi_unused_or_real(1) == 1\n",
        );
        // The last line is a script error: nothing ran.
        assert_eq!(status, 2, "{out}");
        assert_eq!(out, "t.scn:10:11: unknown function `mbi_unused_or_real`\n");

        let (out, status) = trace(
            "process a\n\
             a: h = CreateFileMappingW(INVALID_HANDLE_VALUE, NULL, PAGE_READWRITE, 0, 4096, \"X\")\n\
             a: expect GetLastError() == ERROR_ALREADY_EXISTS\n\
             a: expect h == 0\n\
             a: expect 0\n\
             a: expect MapViewOfFile(h, FILE_MAP_WRITE, 0, 0, 0) fails ERROR_ACCESS_DENIED\n\
             a: expect MapViewOfFile(h, FILE_MAP_WRITE, 0, 0, 0x100000) fails ERROR_INVALID_PARAMETER\n\
             a: v = MapViewOfFile(h, FILE_MAP_READ, 0, 0, 0)\n\
             a: expect read(v, 1) raises EXCEPTION_ACCESS_VIOLATION\n\
             a: expect mbi.Protect == PAGE_READONLY\n",
        );
        assert_eq!(status, 2);
        assert_eq!(out, "t.scn:10:11: unknown variable `mbi`\n");

        let (out, status) = trace(
            "process a\n\
             a: h = CreateFileMappingW(INVALID_HANDLE_VALUE, NULL, PAGE_READWRITE, 0, 4096, \"X\")\n\
             a: expect GetLastError() == ERROR_ALREADY_EXISTS\n\
             a: expect h == 0\n\
             a: expect 0\n\
             a: expect MapViewOfFile(h, FILE_MAP_WRITE, 0, 0, 0) fails ERROR_ACCESS_DENIED\n\
             a: expect MapViewOfFile(h, FILE_MAP_WRITE, 0, 0, 0x100000) fails ERROR_INVALID_PARAMETER\n\
             a: v = MapViewOfFile(h, FILE_MAP_READ, 0, 0, 0)\n\
             a: expect read(v, 1) raises EXCEPTION_ACCESS_VIOLATION\n",
        );
        assert_eq!(status, 1);
        let failed: Vec<&str> = out.lines().filter(|l| l.contains("FAILED")).collect();
        assert_eq!(
            failed,
            [
                "3 a: expect GetLastError() == ERROR_ALREADY_EXISTS  FAILED: left 0 (ERROR_SUCCESS), right 0xb7 (ERROR_ALREADY_EXISTS) (expected left == right); last error ERROR_SUCCESS",
                "4 a: expect h == 0  FAILED: left 4, right 0 (expected left == right); last error ERROR_SUCCESS",
                "5 a: expect 0  FAILED: value 0 (expected nonzero); last error ERROR_SUCCESS",
                "6 a: expect MapViewOfFile(h, FILE_MAP_WRITE, 0, 0, 0) fails ERROR_ACCESS_DENIED -> 0x10000000 [ERROR_SUCCESS]  FAILED: expected a failure with ERROR_ACCESS_DENIED, got success",
                "7 a: expect MapViewOfFile(h, FILE_MAP_WRITE, 0, 0, 0x100000) fails ERROR_INVALID_PARAMETER -> NULL [ERROR_ACCESS_DENIED]  FAILED: expected ERROR_INVALID_PARAMETER, got ERROR_ACCESS_DENIED",
                "9 a: expect read(v, 1) raises EXCEPTION_ACCESS_VIOLATION -> x\"00\"  FAILED: expected EXCEPTION_ACCESS_VIOLATION, got no exception",
            ]
        );
        assert!(out.ends_with("end: 9 statements, 0 expectations held, 6 not held, 0 not run, 0 unhandled exceptions\n"), "{out}");
    }

    #[test]
    fn an_unhandled_fault_ends_the_process_and_its_later_lines_do_not_run() {
        let (out, status) = trace(
            "process a\nprocess b\n\
             a: h = CreateFileMappingW(INVALID_HANDLE_VALUE, NULL, PAGE_READWRITE, 0, 4096, \"X\")\n\
             a: v = MapViewOfFile(h, FILE_MAP_WRITE, 0, 0, 0)\n\
             a: x = read(v + 4096, 1)\n\
             a: CloseHandle(h)\n\
             b: expect OpenFileMappingW(FILE_MAP_READ, FALSE, \"X\") fails ERROR_FILE_NOT_FOUND\n\
             b: y = x\n\
             a: exit\n",
        );
        assert_eq!(status, 1, "{out}");
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(
            lines[4],
            "5 a: x = read(v + 4096, 1) -> EXCEPTION_ACCESS_VIOLATION (read at 0x10001000), unhandled: process a ended (exit code 0xc0000005)"
        );
        assert_eq!(
            lines[5],
            "6 a: CloseHandle(h) -> NOT RUN: process a has ended (line 5: EXCEPTION_ACCESS_VIOLATION)"
        );
        assert!(lines[6].ends_with("  ok"), "{}", lines[6]);
        assert_eq!(
            lines[7],
            "8 b: y = x -> NOT RUN: variable `x` was never set (the statement that sets it did not run)"
        );
        assert_eq!(
            lines[9],
            "end: 9 statements, 1 expectation held, 0 not held, 3 not run, 1 unhandled exception"
        );
    }

    #[test]
    fn exit_and_inherit_from_an_ended_parent() {
        let (out, status) =
            trace("process p\np: exit 3\nprocess c inherit=p\nc: GetCurrentProcessId()\n");
        assert_eq!(status, 1);
        assert_eq!(
            out,
            "1 process p -> pid 256 on local\n\
             2 p: exit 3 -> exited with code 3\n\
             3 process c inherit=p -> NOT RUN: its parent could not create it: process p has exited (line 2)\n\
             4 c: GetCurrentProcessId() -> NOT RUN: process c was never started (its parent could not create it: process p has exited (line 2))\n\
             end: 4 statements, 0 expectations held, 0 not held, 2 not run, 0 unhandled exceptions\n"
        );
    }

    #[test]
    fn expressions_follow_c() {
        let (out, status) = trace(
            "process a\n\
             a: expect -1 == 0xFFFFFFFFFFFFFFFF\n\
             a: expect 0xFFFFFFFFFFFFFFFF + 2 == 1\n\
             a: expect 0 - 1 > 0\n\
             a: expect (1 | 2 & 0) == 1\n\
             a: expect 1 | 2 & 0 == 0\n\
             a: expect 1 << 64 == 0 && 1 << 63 == 0x8000000000000000\n\
             a: expect 2 * 3 + 4 == 10 && 2 + 3 * 4 == 14\n\
             a: expect \"ab\" == x\"6162\" && \"ab\" != \"abc\"\n\
             a: expect (0 && read(0, 1) == \"never evaluated\") == 0\n\
             a: expect 1 || read(0, 1) == \"never evaluated\"\n\
             a: n = PAGE_READWRITE | SEC_COMMIT\n\
             a: expect n == 0x8000004\n\
             a: GetSystemInfo(&si)\n\
             a: expect si.dwAllocationGranularity == 0x10000 && si.dwPageSize == 4096\n",
        );
        assert_eq!(status, 0, "{out}");
    }

    #[test]
    fn json_lines_carry_the_same_content() {
        let script = load(include_bytes!("../../scenarios/tour.scn")).unwrap();
        let result = run(&script);
        let json = result.json();
        let lines: Vec<serde_json::Value> = json
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        assert_eq!(lines.len(), result.records.len() + 1);
        let first_call = lines.iter().find(|l| l["kind"] == "value").unwrap();
        assert_eq!(first_call["process"], "webcam");
        assert_eq!(first_call["result"], "0x4");
        assert_eq!(first_call["last_error"], "ERROR_SUCCESS");
        let last = lines.last().unwrap();
        assert_eq!(last["kind"], "summary");
        assert_eq!(last["exit_status"], 0);
        assert!(!json.contains("FAILED"));
    }

    #[test]
    fn machine_commit_limit_and_not_supported_features() {
        let (out, status) = trace("machine commit=0x1000\nprocess a\na: expect CreateFileMappingW(INVALID_HANDLE_VALUE, NULL, PAGE_READWRITE, 0, 0x2000, NULL) fails ERROR_COMMITMENT_LIMIT\n");
        assert_eq!(status, 0, "{out}");
        assert!(out.starts_with("1 machine commit=0x1000 -> profile windows, commit limit 0x1000 bytes, no disk limit\n"));
        let (out, status) = trace("process a\ncrash\na: GetCurrentProcessId()\n");
        assert_eq!(status, 1);
        assert_eq!(
            out,
            "1 process a -> pid 256 on local\n\
             2 crash -> power loss on local; unflushed data lost; ended: a\n\
             3 a: GetCurrentProcessId() -> NOT RUN: process a has ended (line 2: power loss)\n\
             end: 3 statements, 0 expectations held, 0 not held, 1 not run, 0 unhandled exceptions\n"
        );
    }

    #[test]
    fn file_calls_reach_the_file_system() {
        let (out, status) = trace(
            "machine disk=0x100000\n\
             process a\n\
             a: f = CreateFileW(\"C:\\\\data.bin\", GENERIC_READ | GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL)\n\
             a: WriteFile(f, \"hello world\", 11, &n, NULL)\n\
             a: expect n == 11 && GetFileSize(f, NULL) == 11\n\
             a: m = CreateFileMappingW(f, NULL, PAGE_READWRITE, 0, 0x10000, NULL)\n\
             a: expect GetFileSize(f, &high) == 0x10000 && high == 0\n\
             a: expect SetFilePointer(f, 0, NULL, FILE_BEGIN) == 0\n\
             a: ReadFile(f, &data, 5, &got, NULL)\n\
             a: expect data == \"hello\" && got == 5\n\
             a: GetFileSizeEx(f, &size)\n\
             a: expect size == 0x10000\n\
             a: expect SetEndOfFile(f) fails ERROR_USER_MAPPED_FILE\n\
             a: expect CreateFileW(\"C:\\\\data.bin\", GENERIC_READ, 0, NULL, OPEN_EXISTING, 0, NULL) fails ERROR_SHARING_VIOLATION\n\
             crash\n",
        );
        assert_eq!(status, 0, "{out}");
        assert!(out.contains("9 a: ReadFile(f, &data, 5, &got, NULL) -> TRUE [ERROR_SUCCESS, unchanged] data = \"hello\" got = 5\n"),
            "ReadFile leaves the last error alone on success: {out}"
        );
        assert!(
            out.contains("15 crash -> power loss on local; unflushed data lost; ended: a\n"),
            "{out}"
        );
    }

    #[test]
    fn private_namespaces() {
        let (out, status) = trace(
            "process app\nprocess other\n\
             app: bd = CreateBoundaryDescriptorW(\"AppBoundary\", 0)\n\
             app: AddSIDToBoundaryDescriptor(&bd, \"Everyone\")\n\
             app: ns = CreatePrivateNamespaceW(NULL, bd, \"AppNs\")\n\
             app: h = CreateFileMappingW(INVALID_HANDLE_VALUE, NULL, PAGE_READWRITE, 0, 4096, \"AppNs\\\\Buffer\")\n\
             app: expect h != NULL && GetLastError() == ERROR_SUCCESS\n\
             other: expect OpenFileMappingW(FILE_MAP_READ, FALSE, \"AppNs\\\\Buffer\") fails ERROR_PATH_NOT_FOUND\n\
             app: expect ClosePrivateNamespace(ns, 0) == TRUE\n\
             app: DeleteBoundaryDescriptor(bd)\n",
        );
        assert_eq!(status, 0, "{out}");
    }
}
