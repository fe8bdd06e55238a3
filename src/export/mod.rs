//! `winsection export-c`: a scenario as one self-contained C program (C99 + `windows.h`) that
//! performs the scenario's statements on the real Win32 API and prints a trace in winsection's
//! own format (text, or JSON lines with `--json`), so that winsection's answer can be checked
//! against Wine or Windows (`winsection compare`, [`crate::compare`]).
//!
//! How the program works (the runtime is `runtime_head.c` + `runtime_main.c`, copied into
//! every program):
//! - The program started by the user is a *controller*: it runs the statements in file order,
//!   one at a time, and prints every line. Each scenario process is a real process, a copy of
//!   the program started with `--ws-worker`; the controller sends it "run statement K" with the
//!   scenario's variables (numbers and bytes) and its peers' process ids, and receives the
//!   statement's record and the variables back. Coordination uses anonymous pipes only, which
//!   the worker duplicates from the controller (`DuplicateHandle`, not inheritance): no name
//!   is created in any namespace and no coordination handle is inheritable.
//! - `process C inherit=P` is a real `CreateProcessW(bInheritHandles=TRUE)` made by P's worker.
//! - `exit CODE` and an unhandled exception end the real process (`TerminateProcess` with the
//!   code; the controller prints the exit code it reads back with `GetExitCodeProcess`).
//! - `read`/`write`/`fill` are real loads and stores. A fault is caught by a vectored exception
//!   handler (mingw) or `__try/__except` (MSVC) that is armed only during the access; the
//!   mingw path leaves the handler with `__builtin_longjmp` (no unwinding), which works under
//!   Wine and Windows.
//! - `expect` is evaluated in C and prints `ok` / `FAILED: ...` as winsection does.
//! - An exception raised inside a real call (Wine's unimplemented-function stub, say) is that
//!   statement's unhandled exception: an unhandled-exception filter reports it and ends the
//!   process (without the system debugger, whose output would mix into the trace).
//! - A real call that blocks (winsection's never do) ends its process after 10 s; the
//!   statement is reported NOT RUN.
//! - The native calls (`NtQuerySection`, `NtQueryObject`, `NtAreMappedFilesTheSame`,
//!   `NtExtendSection`) are looked up in ntdll.dll, and the Windows 8 / 10 additions
//!   (`VirtualAlloc2`, `MapViewOfFile3`, the `FromApp` calls, ...) in kernelbase.dll, at run
//!   time: a system without one reports its statements NOT RUN. An NTSTATUS prints by its
//!   `STATUS_*` name and a native structure as a typed value, as winsection prints them
//!   (docs/export-c.md).
//!
//! What is cut or refused (the choice, written in the program's header too):
//! - Refused (`export-c` exits 2, `compare` 3), each reason by line: several hosts, `crash`, a process in another
//!   session, integrity level, user or app container, privileges, `machine` limits or the ce
//!   profile, and calls the exporter does not know yet (named).
//! - Cut: `dump` prints a placeholder line (a real system has no such dump); paths on `C:\`
//!   run in a scratch directory under `%TEMP%` (an unprivileged login cannot create files in
//!   `C:\`), deleted at the end.

mod codegen;
mod host_values;
mod refuse;
mod signatures;

use std::fmt;

use crate::scenario::Script;

pub use codegen::TRACE_VERSION;

/// A part of a scenario the exported program cannot reproduce.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Refusal {
    /// The statement's line.
    pub line: u32,
    /// The statement as written.
    pub statement: String,
    /// Why.
    pub reason: String,
}

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "line {}: `{}`: {}",
            self.line, self.statement, self.reason
        )
    }
}

/// An exported program.
#[derive(Clone, Debug)]
pub struct Exported {
    /// The C source.
    pub c: String,
    /// Lines of `expect` statements that compare a handle value or an address with a literal:
    /// their outcome depends on the host (real handle values and addresses differ).
    pub host_dependent: Vec<u32>,
}

/// Exports a checked scenario as a C program; `name` is shown in the program's header.
pub fn export_c(script: &Script, name: &str) -> Result<Exported, Vec<Refusal>> {
    codegen::generate(script, name)
}

fn calls_static_name(name: &str) -> &'static str {
    crate::scenario::calls::lookup(name).map_or("", |c| c.name)
}
