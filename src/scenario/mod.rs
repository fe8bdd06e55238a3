//! The `.scn` scenario language (shared/SCENARIO.md, a public contract): a plain-text script
//! of Win32 calls made by simulated processes on one simulated machine.
//!
//! Stages, one per file: [`lexer`] (bytes -> statements of tokens, with the statement text
//! as written), [`parser`] (AST), [`check`] (names, calls, arities, types — every script
//! error is found here, before anything runs), [`interpreter`] (runs on a fresh `System`
//! through the `win32` facade), [`printer`] (text and JSON lines). [`calls`] is the table of
//! callable functions; [`value`] the values and how they print; [`explain`] the error
//! knowledge behind `winsection explain`.
//!
//! # Output conventions
//!
//! One line per statement: `LINE STATEMENT-AS-WRITTEN` then the outcome.
//! - A function call prints ` -> RESULT [LAST_ERROR]`, where `LAST_ERROR` is
//!   `GetLastError()` right after the call (so a success that leaves the last error alone
//!   shows the previous value, as Windows does). Handles and addresses are hex (`0x44`,
//!   `0x10000000`); a NULL handle or address prints `NULL`; BOOLs print `TRUE`/`FALSE`;
//!   `INVALID_HANDLE_VALUE`, `WAIT_*` and `ERROR_*` results print by name; byte counts are
//!   decimal. Out parameters the call wrote follow as ` VAR = VALUE` (only when the call
//!   succeeded).
//! - Other integers print in decimal below 10 and in hex from 10 on; bytes as a C string
//!   when printable, else as `x"..."` (see [`value`]).
//! - `read(...)` prints the bytes read; `write`/`fill` print how many bytes they wrote. One
//!   `read` or `fill` touches at most 64 MiB (a larger one is NOT RUN).
//! - `expect` lines end in `  ok`, or in `  FAILED: ...` with both sides of the comparison
//!   (`left X, right Y`, annotated with error or protection names where the expression
//!   names one). `expect CALL fails ERROR_X` and `expect ACCESS raises EXCEPTION_X` also show
//!   what the call / access did. No other line contains the word FAILED.
//! - An unhandled exception ends its process: ` -> EXCEPTION_... (read|write at 0x...),
//!   unhandled: process P ended (exit code 0x...)`.
//! - A statement that cannot run — its process has ended (by `exit` or an unhandled
//!   exception) or was never started, or a variable it needs was never set because its
//!   statement did not run — prints ` -> NOT RUN: why` and counts against the scenario.
//! - `crash [HOST]` prints which processes the power loss ended.
//! - `dump` prints `System::dump()` after its line.
//! - A closing `end: ...` line counts statements, expectations held and not held, lines not
//!   run and unhandled exceptions.
//!
//! # Processes
//!
//! `process NAME` options default as SCENARIO.md says (host `local`, session 1, medium
//! integrity, user `user`, no privileges). A process with `inherit=PARENT` is created by
//! PARENT, so it starts from PARENT's token, session and host (CreateProcess copies the
//! caller's primary token); options written on its line still override them.
//!
//! Exit status: 0 when every expectation held and every statement ran, 1 otherwise, 2 for a
//! script error (the CLI reports every one with its line and a caret, [`diagnostics`]; the
//! library's [`ScriptError::display`] is `FILE:LINE:COL: message`; nothing is run).
//!
//! # Extensions to SCENARIO.md
//! `<<` and `>>` (C precedence); `\r` and `\0` escapes; blanks inside `x"..."`; `VAR = EXPR`
//! and `NAME: EXPR` for any expression; calls inside expressions; trailing `\` followed by a
//! comment; `SetLastError`, `GetCurrentProcessId`, `OpenProcess` (its process-id argument may
//! be a process name), `GetLargePageMinimum`, `UnmapViewOfFile2`, `CreateFileMappingNumaW`,
//! the `...A` twins of the event/mutex/semaphore calls, `SetEvent`, `ResetEvent`,
//! `ReleaseMutex`, `ReleaseSemaphore`. Optional trailing arguments: `VirtualQuery`'s
//! `dwLength` (48), `CreateFileMapping2`'s and `MapViewOfFile3`'s extended parameters (must
//! be NULL/0). `MapViewOfFile3`'s process argument is a process handle (`GetCurrentProcess()`
//! or one from `OpenProcess`).
//!
//! # Differences from the engine's defaults
//! SCENARIO.md says a machine has no commit limit unless `machine commit=BYTES` sets one;
//! the engine's `SystemConfig::default()` has a 32 GiB limit. Scenarios follow the contract.
//!
//! # Files, disks, hosts and power loss
//! The file calls run on the engine's simulated file system: `CreateFileW/A`, `ReadFile`
//! (`&data` receives the bytes read; its buffer is capped at 64 MiB), `WriteFile`,
//! `SetFilePointer(Ex)`, `SetEndOfFile`, `GetFileSize(Ex)`, `FlushFileBuffers`,
//! `DeleteFileW/A`, `MoveFileW`, `LockFile`, `UnlockFile`, `CreateDirectoryW`; `machine
//! disk=BYTES` and `host NAME disk=BYTES` limit a host's disk; `crash [HOST]` is a power loss
//! (every process on HOST ends; its later lines are NOT RUN).
//!
//! Private namespaces: `CreateBoundaryDescriptorW`, `AddSIDToBoundaryDescriptor(&bd, SID)`,
//! `DeleteBoundaryDescriptor`, `CreatePrivateNamespaceW`, `OpenPrivateNamespaceW`,
//! `ClosePrivateNamespace`.
//!
//! # Resource limits (hostile input is answered in bounded time and memory)
//! - A statement is at most 65,536 characters (after joining continued lines) and nests at
//!   most 64 levels; a script has at most 65,536 distinct variables, each named in at most
//!   255 characters; more is a script error.
//! - A constant argument (literals, constant names, operators on them) must fit its C
//!   parameter: `0x100001000` as a DWORD is a script error. A computed value converts as C
//!   does (the low 32 bits) and the trace says so after the result:
//!   `-> 0x4 (dwMaximumSizeLow passed as 0x1000) [ERROR_SUCCESS]` (see [`widths`]).
//! - One `read` or `fill` touches at most 64 MiB, a `ReadFile` buffer holds at most 64 MiB.
//! - The values a run holds — the bytes of every variable plus the bytes the current
//!   statement has read — are limited to 256 MiB in total
//!   ([`interpreter::MAX_HELD_BYTES`]). A statement that would go past it prints
//!   ` -> NOT RUN: ... past its budget of 0x10000000 (256 MiB) ...` and counts against the
//!   scenario; the run goes on. Reassigning a variable frees its old bytes.
//! - `winsection run` checks each whole file first (a script error anywhere runs nothing,
//!   exit 2), then reads it again and runs and prints it statement by statement
//!   ([`check_streaming`], [`run_streaming`]): no record is kept, so memory does not grow
//!   with a script's length (a script of any size starts printing at once).
//! - Files stop growing at NTFS's maximum file size, 16 TB - 64 KB, with ERROR_DISK_FULL.
//!
//! # Not supported yet (script errors naming the feature, reported before anything runs)
//! The ce profile: `machine profile=ce` and `CreateFileForMapping`.

pub mod builtin;
pub mod calls;
pub mod ce_profile;
pub mod check;
pub mod coverage;
pub mod diagnostics;
pub mod explain;
pub mod interpreter;
pub mod lexer;
pub mod narrate;
pub mod parser;
pub mod printer;
pub mod schema;
pub mod trace_value;
pub mod value;
pub mod widths;

use std::fmt;

pub use check::Script;
pub use interpreter::RunResult;
pub use lexer::Pos;
pub use printer::{Outcome, Record, Summary};

/// The built-in tour (the squatting story), run by `winsection` with no arguments.
pub const TOUR: &str = include_str!("../../scenarios/tour.scn");

/// Exit status of a script error.
pub const EXIT_SCRIPT_ERROR: i32 = 2;

/// A script error: where and what. Nothing runs when a scenario has one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScriptError {
    /// Where.
    pub pos: Pos,
    /// What.
    pub message: String,
}

impl ScriptError {
    /// An error at `pos`.
    pub fn new(pos: Pos, message: impl Into<String>) -> Self {
        ScriptError {
            pos,
            message: message.into(),
        }
    }

    /// `FILE:LINE:COL: message`.
    pub fn display(&self, file: &str) -> String {
        format!(
            "{file}:{}:{}: {}",
            self.pos.line, self.pos.col, self.message
        )
    }
}

impl fmt::Display for ScriptError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.pos.line, self.pos.col, self.message)
    }
}

impl std::error::Error for ScriptError {}

/// Lexes, parses and checks a scenario.
pub fn load(src: &[u8]) -> Result<Script, ScriptError> {
    let statements = lexer::lex(src)?;
    let stmts = parser::parse(statements)?;
    check::check(stmts)
}

/// Runs a checked scenario on a fresh machine.
pub fn run(script: &Script) -> RunResult {
    interpreter::run(script)
}

/// Checked statements read one at a time from a source: lexed, parsed and checked in file
/// order, the first error ending the stream. Memory does not grow with the source's length.
pub struct Statements<'a> {
    lexer: lexer::StatementLexer<'a>,
    checking: check::Checking,
    failed: bool,
}

impl<'a> Statements<'a> {
    /// Statements of what `source` reads.
    pub fn new(source: impl std::io::Read + 'a) -> Self {
        Statements {
            lexer: lexer::StatementLexer::new(source),
            checking: check::Checking::new(),
            failed: false,
        }
    }

    /// How the machine is made, from the statements seen so far (`machine` comes first).
    pub fn config(&self) -> &crate::system::SystemConfig {
        self.checking.config()
    }

    fn next_checked(&mut self) -> Result<Option<parser::Stmt>, ScriptError> {
        let Some(lexed) = self.lexer.next_statement()? else {
            return Ok(None);
        };
        let stmt = parser::parse_statement(lexed)?;
        self.checking.statement(&stmt)?;
        Ok(Some(stmt))
    }
}

impl Iterator for Statements<'_> {
    type Item = Result<parser::Stmt, ScriptError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.failed {
            return None;
        }
        let next = self.next_checked().transpose();
        self.failed = matches!(next, Some(Err(_)));
        next
    }
}

/// Checks a whole source without keeping its statements: the machine's configuration, or the
/// first script error. The CLI calls this before it runs anything (a script error runs
/// nothing), then reads the source again with [`run_streaming`].
pub fn check_streaming(
    source: impl std::io::Read,
) -> Result<crate::system::SystemConfig, ScriptError> {
    let mut statements = Statements::new(source);
    for s in statements.by_ref() {
        s?;
    }
    Ok(statements.config().clone())
}

/// How many script errors [`check_all`] collects before it stops looking (a file of garbage
/// must not print a million errors).
pub const MAX_REPORTED_ERRORS: usize = 20;

/// Checks a whole source without keeping its statements, like [`check_streaming`], but goes on
/// after a statement that does not parse or check, so the CLI can report every error at once
/// (at most [`MAX_REPORTED_ERRORS`]). An error that only follows from an earlier one — a
/// variable whose assignment had the error, a process whose declaration had it — is not
/// reported again. A lexer error (unterminated string, invalid UTF-8, unreadable input) ends
/// the check: what follows it cannot be split into statements reliably.
pub fn check_all(
    source: impl std::io::Read,
) -> Result<crate::system::SystemConfig, Vec<ScriptError>> {
    let mut lexer = lexer::StatementLexer::new(source);
    let mut checking = check::Checking::new();
    let mut errors: Vec<ScriptError> = Vec::new();
    // Names an erroneous statement would have defined: later "unknown" errors about them are
    // consequences, not new errors.
    let mut poisoned: std::collections::BTreeSet<String> = std::collections::BTreeSet::new();
    while errors.len() < MAX_REPORTED_ERRORS {
        let lexed = match lexer.next_statement() {
            Ok(Some(l)) => l,
            Ok(None) => break,
            Err(e) => {
                errors.push(e);
                break;
            }
        };
        let stmt = match parser::parse_statement(lexed) {
            Ok(s) => s,
            Err(e) => {
                errors.push(e);
                continue;
            }
        };
        if let Err(e) = checking.statement(&stmt) {
            let consequence = poisoned.iter().any(|n| {
                e.message.starts_with(&format!("unknown name `{n}`"))
                    || e.message.starts_with(&format!("unknown process `{n}`"))
                    || e.message
                        .starts_with(&format!("unknown parent process `{n}`"))
            });
            match &stmt.kind {
                parser::StmtKind::Process(name, _, _) | parser::StmtKind::Host(name, _, _) => {
                    poisoned.insert(name.clone());
                }
                parser::StmtKind::Act {
                    action: parser::Action::Assign(var, _, _),
                    ..
                } => {
                    poisoned.insert(var.clone());
                }
                _ => {}
            }
            if !consequence {
                errors.push(e);
            }
        }
    }
    if errors.is_empty() {
        Ok(checking.config().clone())
    } else {
        Err(errors)
    }
}

/// Runs a source that [`check_streaming`] accepted, statement by statement: `each` gets every
/// record as soon as its statement has run (and may print and drop it); it returns `false` to
/// stop the run there (the CLI does when its output is closed). Returns the counts and the
/// machine as the statements run left them, or a script error if the source no longer checks
/// (it changed between the two reads).
pub fn run_streaming(
    source: impl std::io::Read,
    each: impl FnMut(&Record) -> bool,
) -> Result<(Summary, crate::system::System), ScriptError> {
    run_streaming_with(source, false, each)
}

/// [`run_streaming`], with each record listing the catalogue rules its statement exercised
/// when `attribute_rules` is set (`winsection run --coverage`; [`Record::rules`]). Either way
/// the returned machine's [`crate::System::rules_hit`] holds the rules the whole run exercised.
pub fn run_streaming_with(
    source: impl std::io::Read,
    attribute_rules: bool,
    mut each: impl FnMut(&Record) -> bool,
) -> Result<(Summary, crate::system::System), ScriptError> {
    let mut statements = Statements::new(source);
    let mut runner: Option<interpreter::Runner> = None;
    while let Some(stmt) = statements.next() {
        let stmt = stmt?;
        let r = runner.get_or_insert_with(|| {
            let mut r = interpreter::Runner::new(statements.config().clone());
            if attribute_rules {
                r.attribute_rules();
            }
            r
        });
        if !each(&r.step(&stmt)) {
            break;
        }
    }
    let runner = runner.unwrap_or_else(|| interpreter::Runner::new(statements.config().clone()));
    Ok(runner.finish())
}

impl RunResult {
    /// The trace as text, with the closing summary line.
    pub fn text(&self) -> String {
        let mut out = String::new();
        for r in &self.records {
            out.push_str(&printer::record_text(r));
        }
        out.push_str(&printer::summary_text(&self.summary));
        out.push('\n');
        out
    }

    /// The trace as JSON lines, with the closing summary object.
    pub fn json(&self) -> String {
        let mut out = String::new();
        for r in &self.records {
            out.push_str(&printer::record_json(r));
        }
        out.push_str(&printer::summary_json(&self.summary));
        out
    }

    /// 0 when every expectation held and every statement ran, else 1.
    pub fn exit_status(&self) -> i32 {
        self.summary.exit_status()
    }
}

/// Loads and runs `src`: the text trace and exit status, or the script error as
/// `NAME:LINE:COL: message` with exit status 2.
pub fn run_source(name: &str, src: &[u8]) -> (String, i32) {
    match load(src) {
        Ok(script) => {
            let r = run(&script);
            (r.text(), r.exit_status())
        }
        Err(e) => (e.display(name) + "\n", EXIT_SCRIPT_ERROR),
    }
}
