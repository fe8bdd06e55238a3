//! The static check that runs before anything else: every name resolves, every call exists
//! (and is supported), arguments have the right number and kind, types agree, processes and
//! hosts are declared before use, `machine` comes first. A scenario that passes cannot hit a
//! script error while running; what remains at run time are the scenario's own outcomes.
//!
//! Statements run in file order with no control flow, so the type a variable has at a point
//! is the type its last textual assignment gave it: the check is exact.

use std::collections::BTreeMap;

use super::calls::{self, OutKind, Param, ParamSpec, Run};
use super::lexer::Pos;
use super::parser::{Action, BinOp, Expr, ExprKind, Opt, OptValue, Stmt, StmtKind};
use super::value::Ty;
use super::ScriptError;
use crate::error::Win32Error;
use crate::ps::{Integrity, Privilege};
use crate::system::{Profile, SystemConfig};

/// Most distinct variables a scenario may have.
pub const MAX_VARIABLES: usize = 65_536;

/// Longest variable name, in characters.
pub const MAX_VARIABLE_NAME: usize = 255;

/// A checked scenario, ready to run.
#[derive(Clone, Debug)]
pub struct Script {
    /// How the machine is made (from `machine`, or the defaults: windows, no commit limit).
    pub config: SystemConfig,
    /// The statements in order.
    pub statements: Vec<Stmt>,
}

/// The value of a constant or error name, if it is one. A hash lookup: every name in every
/// statement is looked up here (and at run time again), so a linear scan of the ~300 names
/// made checking a long script take seconds per million statements.
pub fn constant(name: &str) -> Option<u64> {
    static NAMES: std::sync::OnceLock<std::collections::HashMap<&'static str, u64>> =
        std::sync::OnceLock::new();
    let names = NAMES.get_or_init(|| {
        let mut m = std::collections::HashMap::new();
        // Constants take precedence over error names, as the scan did.
        for (n, _, code) in crate::error::WIN32_ERRORS.iter().map(|(n, c, _)| (n, 0, c)) {
            m.insert(*n, u64::from(Win32Error::from_code(*code).code()));
        }
        // The NTSTATUS values the native calls return (`NtAreMappedFilesTheSame`, ...).
        m.insert("STATUS_SUCCESS", 0);
        for (n, v) in crate::error::NtStatus::ALL_NAMED {
            m.insert(*n, u64::from(*v));
        }
        for (n, v) in crate::consts::CONSTANTS {
            m.insert(*n, *v);
        }
        m
    });
    names.get(name).copied()
}

/// Whether `e` is written as `NULL` or `0`.
pub fn is_null_literal(e: &Expr) -> bool {
    matches!(&e.kind, ExprKind::Int(0)) || matches!(&e.kind, ExprKind::Name(n) if n == "NULL")
}

/// Whether `e` is `GetCurrentProcess()`.
pub fn is_current_process(e: &Expr) -> bool {
    matches!(&e.kind, ExprKind::Call(n, a) if n == "GetCurrentProcess" && a.is_empty())
}

/// The memory pseudo-calls.
pub fn is_memory_access(name: &str) -> bool {
    matches!(name, "read" | "write" | "fill")
}

/// Edit distance between two short names (bounded work: names longer than 64 bytes are
/// never "close").
fn distance(a: &str, b: &str) -> usize {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() > 64 || b.len() > 64 {
        return usize::MAX;
    }
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let sub = prev
                .get(j)
                .copied()
                .unwrap_or(usize::MAX)
                .saturating_add(usize::from(ca != cb));
            let del = prev
                .get(j + 1)
                .copied()
                .unwrap_or(usize::MAX)
                .saturating_add(1);
            let ins = cur.get(j).copied().unwrap_or(usize::MAX).saturating_add(1);
            cur.push(sub.min(del).min(ins));
        }
        prev = cur;
    }
    prev.last().copied().unwrap_or(usize::MAX)
}

/// ` (did you mean `X`?)` for the closest candidate within a small edit distance, or "".
fn suggestion<'a>(name: &str, candidates: impl Iterator<Item = &'a str>) -> String {
    match closest(name, candidates) {
        Some(c) => format!(" (did you mean `{c}`?)"),
        None => String::new(),
    }
}

/// The candidate a user most likely meant by `name`, if any is close: case is ignored
/// (`createfilemappingw` is `CreateFileMappingW`), and a C macro name that the Windows headers
/// expand to its `W` function (`CreateFileMapping` -> `CreateFileMappingW`, as with `UNICODE`
/// defined) prefers that function over an equally close `A` twin. Otherwise the smallest edit
/// distance within a quarter of the name's length (1..=3) wins, ties by name.
pub fn closest<'a>(name: &str, candidates: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    let lower = name.to_ascii_lowercase();
    let wide = format!("{lower}w");
    let limit = (name.len() / 4).clamp(1, 3);
    candidates
        .map(|c| {
            let cl = c.to_ascii_lowercase();
            let rank = if cl == lower {
                (0, 0)
            } else if cl == wide {
                (0, 1)
            } else {
                (distance(&lower, &cl), 2)
            };
            (rank, c)
        })
        // A distance as long as the name is no likeness (`b` is not a typo of `a`).
        .filter(|((d, _), _)| *d <= limit && *d < name.len())
        .min_by_key(|(rank, c)| (*rank, *c))
        .map(|(_, c)| c)
}

/// Checks parsed statements.
pub fn check(statements: Vec<Stmt>) -> Result<Script, ScriptError> {
    let mut c = Checking::new();
    for stmt in &statements {
        c.statement(stmt)?;
    }
    Ok(Script {
        config: c.config,
        statements,
    })
}

/// The check made one statement at a time, in file order: what it keeps (declared hosts and
/// processes, each variable's type) grows with the names a script declares, not with its
/// length, so a script of any length is checked without holding its statements.
pub struct Checking {
    c: Checker,
    seen: usize,
    config: SystemConfig,
}

impl Default for Checking {
    fn default() -> Self {
        Checking::new()
    }
}

impl Checking {
    /// Nothing checked yet.
    pub fn new() -> Self {
        let mut c = Checker::default();
        c.hosts.insert("local".into(), "local".into());
        Checking {
            c,
            seen: 0,
            config: SystemConfig {
                profile: Profile::Windows,
                commit_limit: None,
                ..SystemConfig::default()
            },
        }
    }

    /// Checks the next statement.
    pub fn statement(&mut self, stmt: &Stmt) -> Result<(), ScriptError> {
        if let StmtKind::Machine(opts) = &stmt.kind {
            if self.seen != 0 {
                return Err(ScriptError::new(
                    stmt.pos,
                    "`machine` must be the first statement",
                ));
            }
            self.config = machine_config(opts)?;
            self.c.profile = self.config.profile;
        }
        self.seen = self.seen.saturating_add(1);
        self.c.statement(stmt)
    }

    /// How the machine is made (from `machine`, else the defaults).
    pub fn config(&self) -> &SystemConfig {
        &self.config
    }
}

fn once(opts: &[Opt]) -> Result<(), ScriptError> {
    for (i, o) in opts.iter().enumerate() {
        if opts.iter().take(i).any(|p| p.key == o.key) {
            return Err(ScriptError::new(
                o.pos,
                format!("option `{}` given twice", o.key),
            ));
        }
    }
    Ok(())
}

fn single(o: &Opt) -> Result<&(OptValue, Pos), ScriptError> {
    match o.values.as_slice() {
        [v] => Ok(v),
        _ => Err(ScriptError::new(
            o.pos,
            format!("option `{}` takes one value", o.key),
        )),
    }
}

fn int_opt(o: &Opt) -> Result<u64, ScriptError> {
    match single(o)? {
        (OptValue::Int(v), _) => Ok(*v),
        (_, p) => Err(ScriptError::new(
            *p,
            format!("option `{}` takes a number", o.key),
        )),
    }
}

fn word_opt(o: &Opt) -> Result<(String, Pos), ScriptError> {
    match single(o)? {
        (OptValue::Ident(s), p) => Ok((s.clone(), *p)),
        (OptValue::Str(s), p) => Ok((super::value::bytes_to_text(s), *p)),
        (OptValue::Int(_), p) => Err(ScriptError::new(
            *p,
            format!("option `{}` takes a name", o.key),
        )),
    }
}

fn list_opt(o: &Opt) -> Result<Vec<(String, Pos)>, ScriptError> {
    o.values
        .iter()
        .map(|(v, p)| match v {
            OptValue::Ident(s) => Ok((s.clone(), *p)),
            OptValue::Str(s) => Ok((super::value::bytes_to_text(s), *p)),
            OptValue::Int(_) => Err(ScriptError::new(
                *p,
                format!("option `{}` takes names", o.key),
            )),
        })
        .collect()
}

fn machine_config(opts: &[Opt]) -> Result<SystemConfig, ScriptError> {
    once(opts)?;
    let mut config = SystemConfig {
        profile: Profile::Windows,
        commit_limit: None,
        ..SystemConfig::default()
    };
    for o in opts {
        match o.key.as_str() {
            "profile" => match word_opt(o)? {
                (w, _) if w == "windows" => config.profile = Profile::Windows,
                (w, _) if w == "ce" => config.profile = Profile::Ce,
                (w, p) => {
                    return Err(ScriptError::new(
                        p,
                        format!("unknown profile `{w}` (known: windows, ce)"),
                    ))
                }
            },
            "commit" => config.commit_limit = Some(int_opt(o)?),
            "disk" => config.disk_capacity = Some(int_opt(o)?),
            other => {
                return Err(ScriptError::new(
                    o.pos,
                    format!("unknown machine option `{other}` (known: profile, disk, commit)"),
                ))
            }
        }
    }
    Ok(config)
}

#[derive(Default)]
struct Checker {
    /// Lowercase host name -> name as declared.
    hosts: BTreeMap<String, String>,
    /// Process name -> lowercase host name.
    processes: BTreeMap<String, String>,
    /// Variable -> its type now.
    vars: BTreeMap<String, Ty>,
    /// The machine's profile (calls and options of the other profile are script errors).
    profile: Profile,
}

impl Checker {
    fn statement(&mut self, stmt: &Stmt) -> Result<(), ScriptError> {
        match &stmt.kind {
            StmtKind::Machine(_) | StmtKind::Dump => Ok(()),
            StmtKind::Host(name, pos, opts) => self.host(name, *pos, opts),
            StmtKind::Process(name, pos, opts) => self.process(name, *pos, opts),
            StmtKind::Crash(host) => match host {
                Some((h, p)) if !self.hosts.contains_key(&h.to_ascii_lowercase()) => {
                    Err(ScriptError::new(*p, format!("unknown host `{h}`")))
                }
                _ => Ok(()),
            },
            StmtKind::Act {
                process,
                process_pos,
                action,
            } => {
                if !self.processes.contains_key(process) {
                    let hint = match closest(process, self.processes.keys().map(String::as_str)) {
                        Some(p) => format!(
                            "did you mean `{p}`, or declare it first with `process {process}`"
                        ),
                        None => format!("declare it first with `process {process}`"),
                    };
                    return Err(ScriptError::new(
                        *process_pos,
                        format!("unknown process `{process}` ({hint})"),
                    ));
                }
                self.action(action)
            }
        }
    }

    fn host(&mut self, name: &str, pos: Pos, opts: &[Opt]) -> Result<(), ScriptError> {
        once(opts)?;
        if self.hosts.contains_key(&name.to_ascii_lowercase()) {
            return Err(ScriptError::new(
                pos,
                format!("host `{name}` is already declared"),
            ));
        }
        for o in opts {
            match o.key.as_str() {
                "disk" => {
                    int_opt(o)?;
                }
                other => {
                    return Err(ScriptError::new(
                        o.pos,
                        format!("unknown host option `{other}` (known: disk)"),
                    ))
                }
            }
        }
        self.hosts.insert(name.to_ascii_lowercase(), name.into());
        Ok(())
    }

    fn process(&mut self, name: &str, pos: Pos, opts: &[Opt]) -> Result<(), ScriptError> {
        once(opts)?;
        for o in opts {
            if let Some(why) = super::ce_profile::refused_option(self.profile, &o.key) {
                return Err(ScriptError::new(o.pos, why));
            }
        }
        if self.processes.contains_key(name) {
            return Err(ScriptError::new(
                pos,
                format!("process `{name}` is already declared"),
            ));
        }
        if self.vars.contains_key(name) || constant(name).is_some() {
            return Err(ScriptError::new(
                pos,
                format!("`{name}` is already a variable or constant name: give the process another name"),
            ));
        }
        let mut host = "local".to_string();
        let mut parent = None;
        for o in opts {
            match o.key.as_str() {
                "host" => {
                    let (h, p) = word_opt(o)?;
                    let key = h.to_ascii_lowercase();
                    if !self.hosts.contains_key(&key) {
                        return Err(ScriptError::new(
                            p,
                            format!("unknown host `{h}` (declare it first with `host {h}`)"),
                        ));
                    }
                    host = key;
                }
                "session" => {
                    let v = int_opt(o)?;
                    if u32::try_from(v).is_err() {
                        return Err(ScriptError::new(o.pos, "session must fit in 32 bits"));
                    }
                }
                "integrity" => {
                    let (w, p) = word_opt(o)?;
                    if Integrity::parse(&w).is_none() {
                        return Err(ScriptError::new(
                            p,
                            format!("unknown integrity `{w}` (known: low, medium, high, system)"),
                        ));
                    }
                }
                "user" | "appcontainer" => {
                    word_opt(o)?;
                }
                "capabilities" => {
                    list_opt(o)?;
                }
                "privileges" => {
                    for (w, p) in list_opt(o)? {
                        if Privilege::parse(&w).is_none() {
                            return Err(ScriptError::new(
                                p,
                                format!(
                                    "privilege `{w}` is not modelled (known: SeCreateGlobalPrivilege, \
                                     SeLockMemoryPrivilege)"
                                ),
                            ));
                        }
                    }
                }
                "inherit" => {
                    let (w, p) = word_opt(o)?;
                    if !self.processes.contains_key(&w) {
                        return Err(ScriptError::new(
                            p,
                            format!("unknown parent process `{w}` (declare it before its child)"),
                        ));
                    }
                    parent = Some((w, p));
                }
                other => {
                    return Err(ScriptError::new(
                        o.pos,
                        format!(
                            "unknown process option `{other}` (known: host, session, integrity, \
                             user, privileges, appcontainer, capabilities, inherit)"
                        ),
                    ))
                }
            }
        }
        if let Some((parent, p)) = parent {
            if self.processes.get(&parent) != Some(&host) {
                return Err(ScriptError::new(
                    p,
                    format!("process `{name}` cannot inherit from `{parent}`: they are on different hosts"),
                ));
            }
        }
        self.processes.insert(name.into(), host);
        Ok(())
    }

    fn action(&mut self, action: &Action) -> Result<(), ScriptError> {
        match action {
            Action::Eval(e) => {
                let ty = self.expr(e)?;
                if ty == Ty::Sa {
                    return Err(ScriptError::new(e.pos, "SA(...) is only an argument"));
                }
                Ok(())
            }
            Action::Assign(var, pos, e) => {
                let ty = self.expr(e)?;
                if matches!(ty, Ty::Void | Ty::Sa) {
                    return Err(ScriptError::new(
                        e.pos,
                        format!("this returns no value: there is nothing to keep in `{var}`"),
                    ));
                }
                self.define(var, *pos, ty)
            }
            Action::Expect(e) => {
                let ty = self.expr(e)?;
                if ty != Ty::Int {
                    return Err(ScriptError::new(
                        e.pos,
                        format!(
                            "`expect` needs a number or a comparison, found {}",
                            ty.describe()
                        ),
                    ));
                }
                Ok(())
            }
            Action::ExpectFails(e, error, pos) => {
                let spec = match e.as_call() {
                    Some((name, _)) => calls::lookup(name),
                    None => None,
                };
                let Some(spec) = spec else {
                    return Err(ScriptError::new(
                        e.pos,
                        "`expect ... fails` needs a function call (for memory accesses use `raises`)",
                    ));
                };
                if spec.ret.failure().is_none() {
                    return Err(ScriptError::new(
                        e.pos,
                        format!("{} has no failure value: it cannot `fail`", spec.name),
                    ));
                }
                self.expr(e)?;
                if Win32Error::from_name(error).is_none() {
                    return Err(ScriptError::new(
                        *pos,
                        format!(
                            "unknown error name `{error}`{}",
                            suggestion(
                                error,
                                crate::error::WIN32_ERRORS.iter().map(|(c, _, _)| *c)
                            )
                        ),
                    ));
                }
                Ok(())
            }
            Action::ExpectRaises(e, exception, pos) => {
                let is_access = e.as_call().is_some_and(|(n, _)| is_memory_access(n));
                if !is_access {
                    return Err(ScriptError::new(
                        e.pos,
                        "`expect ... raises` needs a memory access: read(...), write(...) or fill(...)",
                    ));
                }
                self.expr(e)?;
                if !exception.starts_with("EXCEPTION_")
                    || crate::consts::constant(exception).is_none()
                {
                    return Err(ScriptError::new(
                        *pos,
                        format!("unknown exception name `{exception}`"),
                    ));
                }
                Ok(())
            }
            Action::Exit(code) => match code {
                Some(e) => self.int(e),
                None => Ok(()),
            },
        }
    }

    fn define(&mut self, var: &str, pos: Pos, ty: Ty) -> Result<(), ScriptError> {
        if constant(var).is_some() {
            return Err(ScriptError::new(
                pos,
                format!("`{var}` is a constant: it cannot be assigned"),
            ));
        }
        if self.processes.contains_key(var) {
            return Err(ScriptError::new(
                pos,
                format!("`{var}` is a process name: use another variable name"),
            ));
        }
        if !self.vars.contains_key(var) {
            // What a run keeps per variable is bounded whatever the script's length
            // (issue 15): names are short and there are not too many of them.
            if var.chars().count() > MAX_VARIABLE_NAME {
                return Err(ScriptError::new(
                    pos,
                    format!("variable name longer than {MAX_VARIABLE_NAME} characters"),
                ));
            }
            if self.vars.len() >= MAX_VARIABLES {
                return Err(ScriptError::new(
                    pos,
                    format!("more than {MAX_VARIABLES} variables: reuse a name"),
                ));
            }
        }
        self.vars.insert(var.into(), ty);
        Ok(())
    }

    fn int(&mut self, e: &Expr) -> Result<(), ScriptError> {
        let ty = self.expr(e)?;
        if ty == Ty::Int {
            Ok(())
        } else {
            Err(ScriptError::new(
                e.pos,
                format!("expected a number, found {}", ty.describe()),
            ))
        }
    }

    /// The type of an expression (which may be Void only at the top of a statement; callers
    /// that need a value check for it).
    fn expr(&mut self, e: &Expr) -> Result<Ty, ScriptError> {
        match &e.kind {
            ExprKind::Int(_) => Ok(Ty::Int),
            ExprKind::Str(_) | ExprKind::Hex(_) => Ok(Ty::Bytes),
            ExprKind::Name(n) => {
                if let Some(ty) = self.vars.get(n) {
                    return Ok(*ty);
                }
                if constant(n).is_some() {
                    return Ok(Ty::Int);
                }
                if self.processes.contains_key(n) {
                    return Err(ScriptError::new(
                        e.pos,
                        format!(
                            "`{n}` is a process: a process name is only an argument where a \
                             process handle or id is expected (DuplicateHandle, OpenProcess, \
                             MapViewOfFile3, VirtualAllocEx, ReadProcessMemory, ...)"
                        ),
                    ));
                }
                let hint = suggestion(
                    n,
                    crate::consts::CONSTANTS
                        .iter()
                        .map(|(c, _)| *c)
                        .chain(crate::error::WIN32_ERRORS.iter().map(|(c, _, _)| *c))
                        .chain(self.vars.keys().map(String::as_str)),
                );
                Err(ScriptError::new(
                    e.pos,
                    format!(
                        "unknown name `{n}`: not a constant, and no earlier statement sets a \
                         variable of that name{hint}"
                    ),
                ))
            }
            ExprKind::Field(var, field) => {
                let Some(ty) = self.vars.get(var) else {
                    return Err(ScriptError::new(e.pos, format!("unknown variable `{var}`")));
                };
                let Ty::Struct(kind) = *ty else {
                    return Err(ScriptError::new(
                        e.pos,
                        format!("`{var}` is {}, not a struct", ty.describe()),
                    ));
                };
                if !kind.fields().contains(&field.as_str()) {
                    return Err(ScriptError::new(
                        e.pos,
                        format!(
                            "{} has no field `{field}` (fields: {})",
                            kind.name(),
                            kind.fields().join(", ")
                        ),
                    ));
                }
                Ok(Ty::Int)
            }
            ExprKind::AddrOf(v) => Err(ScriptError::new(
                e.pos,
                format!("`&{v}` is only allowed as an out parameter of a function"),
            )),
            ExprKind::Neg(x) => {
                self.int(x)?;
                Ok(Ty::Int)
            }
            ExprKind::Binary(op, l, r) => {
                let lt = self.value(l)?;
                let rt = self.value(r)?;
                match op {
                    BinOp::Eq | BinOp::Ne if lt == rt && matches!(lt, Ty::Int | Ty::Bytes) => {
                        Ok(Ty::Int)
                    }
                    BinOp::Eq | BinOp::Ne => Err(ScriptError::new(
                        e.pos,
                        format!("cannot compare {} with {}", lt.describe(), rt.describe()),
                    )),
                    _ if lt == Ty::Int && rt == Ty::Int => Ok(Ty::Int),
                    _ => {
                        let bad = if lt == Ty::Int { r } else { l };
                        let ty = if lt == Ty::Int { rt } else { lt };
                        Err(ScriptError::new(
                            bad.pos,
                            format!("`{}` needs numbers, found {}", op.symbol(), ty.describe()),
                        ))
                    }
                }
            }
            ExprKind::Call(name, args) => self.call(e.pos, name, args),
        }
    }

    /// Like `expr`, for a sub-expression whose value is used.
    fn value(&mut self, e: &Expr) -> Result<Ty, ScriptError> {
        let ty = self.expr(e)?;
        if matches!(ty, Ty::Void | Ty::Sa) {
            return Err(ScriptError::new(
                e.pos,
                format!(
                    "this returns {}: it cannot be used as a value",
                    ty.describe()
                ),
            ));
        }
        Ok(ty)
    }

    fn arity(pos: Pos, name: &str, args: &[Expr], params: &[ParamSpec]) -> Result<(), ScriptError> {
        let min = params.iter().filter(|p| p.default.is_none()).count();
        if args.len() < min || args.len() > params.len() {
            let names: Vec<&str> = params.iter().map(|p| p.name).collect();
            let count = if min == params.len() {
                format!("{min}")
            } else {
                format!("{min} to {}", params.len())
            };
            return Err(ScriptError::new(
                pos,
                format!(
                    "{name} takes {count} argument{} ({}), found {}",
                    if params.len() == 1 { "" } else { "s" },
                    names.join(", "),
                    args.len()
                ),
            ));
        }
        Ok(())
    }

    fn call(&mut self, pos: Pos, name: &str, args: &[Expr]) -> Result<Ty, ScriptError> {
        match name {
            "SA" => {
                return Err(ScriptError::new(
                    pos,
                    "SA(...) is only allowed where a function takes SECURITY_ATTRIBUTES",
                ))
            }
            "read" | "write" | "fill" => {
                let (params, ret): (&[ParamSpec], Ty) = match name {
                    "read" => (MEMORY_READ, Ty::Bytes),
                    "write" => (MEMORY_WRITE, Ty::Void),
                    _ => (MEMORY_FILL, Ty::Void),
                };
                Self::arity(pos, name, args, params)?;
                for (a, p) in args.iter().zip(params) {
                    self.arg(name, a, p)?;
                }
                return Ok(ret);
            }
            _ => {}
        }
        let Some(spec) = calls::lookup(name) else {
            let hint = suggestion(
                name,
                calls::CALLS
                    .iter()
                    .map(|c| c.name)
                    .chain(["read", "write", "fill", "SA"]),
            );
            return Err(ScriptError::new(
                pos,
                format!("unknown function `{name}`{hint}"),
            ));
        };
        if let Run::NotYet(why) = spec.run {
            return Err(ScriptError::new(
                pos,
                format!("{name} is not supported yet: {why}"),
            ));
        }
        if let Some(why) = super::ce_profile::refused_call(self.profile, name) {
            return Err(ScriptError::new(pos, why));
        }
        Self::arity(pos, name, args, spec.params)?;
        let retyped = Self::class_dependent_out(name, args)?;
        for (i, (a, p)) in args.iter().zip(spec.params).enumerate() {
            match retyped {
                Some((at, kind)) if at == i => {
                    let p = ParamSpec {
                        kind: Param::Out(kind),
                        ..*p
                    };
                    self.arg(name, a, &p)?;
                }
                _ => self.arg(name, a, p)?,
            }
        }
        Ok(match spec.ret {
            calls::Ret::Void => Ty::Void,
            _ => Ty::Int,
        })
    }

    /// For a call whose information-class argument types its out structure
    /// (`calls::class_dependent_out`): the out argument's position and kind. The class must be
    /// a constant the language takes.
    fn class_dependent_out(
        func: &str,
        args: &[Expr],
    ) -> Result<Option<(usize, OutKind)>, ScriptError> {
        let Some((class_at, out_at)) = calls::class_dependent_out(func) else {
            return Ok(None);
        };
        let Some(class) = args.get(class_at) else {
            return Ok(None);
        };
        let kind = super::widths::constant_value(class)
            .and_then(|v| calls::class_out_kind(func, v))
            .ok_or_else(|| {
                ScriptError::new(
                    class.pos,
                    format!(
                        "the information class of {func} must be a constant it takes \
                         (SectionBasicInformation or SectionImageInformation)"
                    ),
                )
            })?;
        Ok(Some((out_at, kind)))
    }

    fn arg(&mut self, func: &str, a: &Expr, p: &ParamSpec) -> Result<(), ScriptError> {
        let bad = |what: &str| {
            ScriptError::new(
                a.pos,
                format!("argument `{}` of {func} must be {what}", p.name),
            )
        };
        match p.kind {
            Param::Int | Param::Handle => {
                let ty = self.value(a)?;
                if ty != Ty::Int {
                    return Err(bad(&format!("a number, not {}", ty.describe())));
                }
                // A constant must fit its parameter (issue 15: no silent truncation).
                let narrow = p.kind == Param::Int
                    && calls::lookup(func).is_some()
                    && super::widths::is_32_bit(p.name);
                if let Some(v) = super::widths::constant_value(a).filter(|_| narrow) {
                    if !super::widths::fits_32(v) {
                        return Err(ScriptError::new(
                            a.pos,
                            format!(
                                "argument `{}` of {func} is 32 bits wide: 0x{v:x} does not fit \
                                 (C would pass 0x{:x})",
                                p.name, v as u32
                            ),
                        ));
                    }
                }
            }
            Param::NameW | Param::NameA | Param::Data | Param::Sid => {
                if matches!(p.kind, Param::NameW | Param::NameA) && is_null_literal(a) {
                    return Ok(());
                }
                let ty = self.value(a)?;
                if ty != Ty::Bytes {
                    return Err(bad(match p.kind {
                        Param::NameW | Param::NameA => "a string or NULL",
                        Param::Sid => "a SID string (\"S-1-...\" or an account name)",
                        _ => "bytes (a string or x\"...\")",
                    }));
                }
            }
            Param::Sa => {
                if is_null_literal(a) {
                    return Ok(());
                }
                match a.as_call() {
                    Some(("SA", sa_args)) => {
                        Self::arity(a.pos, "SA", sa_args, SA_PARAMS)?;
                        for (x, q) in sa_args.iter().zip(SA_PARAMS) {
                            self.arg("SA", x, q)?;
                        }
                    }
                    _ => return Err(bad("SA(INHERIT), SA(INHERIT, \"SDDL\") or NULL")),
                }
            }
            Param::Process | Param::ProcessHandle(_) => {
                // SCENARIO.md: "where C takes a process handle, a process name or
                // `GetCurrentProcess()` is given"; NULL and a handle value are C's own forms.
                if matches!(&a.kind, ExprKind::Name(n) if self.processes.contains_key(n)) {
                    return Ok(());
                }
                if self.value(a)? != Ty::Int {
                    return Err(bad(
                        "a process name, GetCurrentProcess(), NULL or a process handle",
                    ));
                }
            }
            Param::Pid => {
                if matches!(&a.kind, ExprKind::Name(n) if self.processes.contains_key(n)) {
                    return Ok(());
                }
                let ty = self.value(a)?;
                if ty != Ty::Int {
                    return Err(bad("a process name or a process id"));
                }
            }
            Param::Out(kind) | Param::OutRequired(kind) => {
                if matches!(p.kind, Param::Out(_)) && is_null_literal(a) {
                    return Ok(());
                }
                let ExprKind::AddrOf(var) = &a.kind else {
                    return Err(bad(if matches!(p.kind, Param::Out(_)) {
                        "&VAR or NULL"
                    } else {
                        "&VAR"
                    }));
                };
                let ty = match kind {
                    OutKind::Int(_) => Ty::Int,
                    OutKind::Struct(k) => Ty::Struct(k),
                    OutKind::Bytes => Ty::Bytes,
                };
                self.define(var, a.pos, ty)?;
            }
            Param::Zero => {
                if !is_null_literal(a) {
                    return Err(bad("NULL or 0 (not supported otherwise)"));
                }
            }
        }
        Ok(())
    }
}

/// `SA(bInheritHandle [, "SDDL"])`.
pub const SA_PARAMS: &[ParamSpec] = &[
    ParamSpec {
        name: "bInheritHandle",
        kind: Param::Int,
        default: None,
    },
    ParamSpec {
        name: "lpSecurityDescriptor",
        kind: Param::Data,
        default: Some(0),
    },
];

/// `read(ADDR, LEN)`.
const MEMORY_READ: &[ParamSpec] = &[
    ParamSpec {
        name: "ADDR",
        kind: Param::Int,
        default: None,
    },
    ParamSpec {
        name: "LEN",
        kind: Param::Int,
        default: None,
    },
];

/// `write(ADDR, bytes)`.
const MEMORY_WRITE: &[ParamSpec] = &[
    ParamSpec {
        name: "ADDR",
        kind: Param::Int,
        default: None,
    },
    ParamSpec {
        name: "bytes",
        kind: Param::Data,
        default: None,
    },
];

/// `fill(ADDR, LEN, BYTE)`.
const MEMORY_FILL: &[ParamSpec] = &[
    ParamSpec {
        name: "ADDR",
        kind: Param::Int,
        default: None,
    },
    ParamSpec {
        name: "LEN",
        kind: Param::Int,
        default: None,
    },
    ParamSpec {
        name: "BYTE",
        kind: Param::Int,
        default: None,
    },
];
