//! Scenario -> C: the refusal check, the statement functions, the script table, the header.

use std::collections::BTreeMap;
use std::fmt::Write;

use super::host_values::{host_dependent, is_host_value};
use super::refuse::{action_exprs, opt_word, refusals, BUILTINS};
use super::signatures::{self, CArg, CRet, Lookup};
use super::Exported;
use crate::error::{NtStatus, WIN32_ERRORS};
use crate::scenario::calls::{self, CallSpec, IntShow, OutKind, Param, Ret};
use crate::scenario::check::{constant, is_current_process, is_null_literal};
use crate::scenario::parser::{Action, BinOp, Expr, ExprKind, StmtKind};
use crate::scenario::value::StructKind;
use crate::scenario::widths::constant_value;
use crate::scenario::Script;

/// Version of the JSON trace both `winsection run --json` and exported programs write (the
/// summary object's `trace_version`); see docs/trace-json.md.
pub const TRACE_VERSION: u32 = 3;

const RUNTIME_HEAD: &str = include_str!("runtime_head.c");
const RUNTIME_MAIN: &str = include_str!("runtime_main.c");

/// `"..."` as a C string literal (octal escapes for everything but plain ASCII).
fn c_str(bytes: &[u8]) -> String {
    let mut s = String::from("\"");
    for &b in bytes {
        match b {
            b'"' => s.push_str("\\\""),
            b'\\' => s.push_str("\\\\"),
            b'?' => s.push_str("\\?"),
            0x20..=0x7e => s.push(char::from(b)),
            _ => {
                let _ = write!(s, "\\{b:03o}");
            }
        }
    }
    s.push('"');
    s
}

/// How a value compared in an expectation prints (the interpreter's annotation rule).
fn annotation(e: &Expr) -> &'static str {
    match &e.kind {
        ExprKind::Call(n, _) if n == "GetLastError" => "A_ERROR",
        ExprKind::Name(n) if n.starts_with("ERROR_") => "A_ERROR",
        ExprKind::Name(n) if n.starts_with("PAGE_") => "A_PROT",
        ExprKind::Field(_, f) if f == "Protect" || f == "AllocationProtect" => "A_PROT",
        _ => "A_NONE",
    }
}

fn binop(op: BinOp) -> &'static str {
    match op {
        BinOp::Or => "B_OR",
        BinOp::And => "B_AND",
        BinOp::BitOr => "B_BITOR",
        BinOp::BitAnd => "B_BITAND",
        BinOp::Eq => "B_EQ",
        BinOp::Ne => "B_NE",
        BinOp::Lt => "B_LT",
        BinOp::Le => "B_LE",
        BinOp::Gt => "B_GT",
        BinOp::Ge => "B_GE",
        BinOp::Shl => "B_SHL",
        BinOp::Shr => "B_SHR",
        BinOp::Add => "B_ADD",
        BinOp::Sub => "B_SUB",
        BinOp::Mul => "B_MUL",
    }
}

fn ret_code(r: Ret) -> (&'static str, u64) {
    match r {
        Ret::Handle => ("R_HANDLE", 0),
        Ret::FileHandle => ("R_FILEHANDLE", 0),
        Ret::Address => ("R_ADDRESS", 0),
        Ret::Bool => ("R_BOOL", 0),
        Ret::Count => ("R_COUNT", 0),
        Ret::Wait => ("R_WAIT", 0),
        Ret::Dword(f) => ("R_DWORD", f),
        Ret::ErrorCode => ("R_ERRORCODE", 0),
        Ret::Int => ("R_INT", 0),
        Ret::Void => ("R_VOID", 0),
        Ret::Status => ("R_STATUS", 0),
    }
}

/// Every struct a scenario value can hold.
const STRUCT_KINDS: [StructKind; 5] = [
    StructKind::Mbi,
    StructKind::SystemInfo,
    StructKind::SectionBasic,
    StructKind::SectionImage,
    StructKind::ObjectBasic,
];

/// How the runtime holds a struct value: its `Val` kind, the `Val` member, and the C type.
fn c_struct(k: StructKind) -> (&'static str, &'static str, &'static str) {
    match k {
        StructKind::Mbi => ("WS_MBI", "mbi", "MEMORY_BASIC_INFORMATION"),
        StructKind::SystemInfo => ("WS_SI", "si", "SYSTEM_INFO"),
        StructKind::SectionBasic => ("WS_SBI", "sbi", "WS_SECTION_BASIC_INFORMATION"),
        StructKind::SectionImage => ("WS_SII", "sii", "WS_SECTION_IMAGE_INFORMATION"),
        StructKind::ObjectBasic => ("WS_OBI", "obi", "WS_OBJECT_BASIC_INFORMATION"),
    }
}

/// The C expression reading field `f` of the `Val` in `t`. A field name only one struct has
/// reads that struct's member; one several have (`BaseAddress`: MEMORY_BASIC_INFORMATION and
/// SECTION_BASIC_INFORMATION) is chosen by the value's kind at run time.
fn field_read(t: &str, f: &str) -> String {
    let read = |k: StructKind| {
        let (_, member, _) = c_struct(k);
        // mingw's MEMORY_BASIC_INFORMATION has no PartitionId (always 0 in user mode).
        if k == StructKind::Mbi && f == "PartitionId" {
            "0".to_string()
        } else {
            format!("(uint64_t)(uintptr_t){t}.{member}.{f}")
        }
    };
    let holders: Vec<StructKind> = STRUCT_KINDS
        .into_iter()
        .filter(|k| k.fields().contains(&f))
        .collect();
    match holders.as_slice() {
        [one] => read(*one),
        many => {
            let mut s = String::new();
            for k in many {
                let _ = write!(s, "{t}.kind == {} ? {} : ", c_struct(*k).0, read(*k));
            }
            s.push('0');
            s
        }
    }
}

/// The struct an out argument receives: the one its information class selects
/// (`NtQuerySection`), else the parameter's own.
fn out_struct(name: &str, spec: &CallSpec, args: &[Expr], i: usize) -> Option<StructKind> {
    let kind = match calls::class_dependent_out(name) {
        Some((class_at, out_at)) if out_at == i => {
            calls::class_out_kind(name, constant_value(args.get(class_at)?)?)?
        }
        _ => match spec.params.get(i)?.kind {
            Param::Out(k) | Param::OutRequired(k) => k,
            _ => return None,
        },
    };
    match kind {
        OutKind::Struct(k) => Some(k),
        OutKind::Int(_) | OutKind::Bytes => None,
    }
}

fn out_how(k: OutKind) -> &'static str {
    match k {
        OutKind::Int(IntShow::Dec) => "O_DEC",
        OutKind::Int(IntShow::Hex) => "O_HEX",
        OutKind::Int(IntShow::Handle) => "O_HANDLE",
        OutKind::Int(IntShow::Protection) => "O_PROT",
        OutKind::Struct(_) | OutKind::Bytes => "O_OTHER",
    }
}

struct Gen<'a> {
    vars: &'a BTreeMap<String, usize>,
    procs: &'a BTreeMap<String, usize>,
    body: String,
    temps: usize,
    depth: usize,
}

impl Gen<'_> {
    fn line(&mut self, s: &str) {
        for _ in 0..self.depth {
            self.body.push_str("    ");
        }
        self.body.push_str(s);
        self.body.push('\n');
    }

    fn temp(&mut self) -> String {
        self.temps += 1;
        format!("t[{}]", self.temps)
    }

    fn var(&self, name: &str) -> usize {
        self.vars.get(name).copied().unwrap_or(0)
    }

    /// Evaluates `e` into a new temporary (left to right, `&&`/`||` short-circuit).
    fn expr(&mut self, e: &Expr) -> String {
        let t = self.temp();
        match &e.kind {
            ExprKind::Int(v) => self.line(&format!("{t} = ws_int(0x{v:x}ULL);")),
            ExprKind::Str(b) | ExprKind::Hex(b) => {
                self.line(&format!("{t} = ws_bytes({}, {});", c_str(b), b.len()));
            }
            ExprKind::Name(n) => match constant(n) {
                Some(v) => self.line(&format!("{t} = ws_int(0x{v:x}ULL); /* {n} */")),
                None => {
                    let i = self.var(n);
                    self.line(&format!("{t} = ws_getvar({i}); /* {n} */"));
                }
            },
            ExprKind::Field(v, f) => {
                let i = self.var(v);
                self.line(&format!("{t} = ws_getvar({i}); /* {v} */"));
                let access = field_read(&t, f);
                self.line(&format!("{t} = ws_int({access});"));
            }
            ExprKind::AddrOf(v) => {
                self.line(&format!("ws_notrun(\"`&{v}` outside an argument\");"));
            }
            ExprKind::Neg(x) => {
                let x = self.expr(x);
                self.line(&format!("{t} = ws_int(0 - ws_n({x}));"));
            }
            ExprKind::Binary(op, l, r) => {
                let l = self.expr(l);
                match op {
                    BinOp::And | BinOp::Or => {
                        let (test, short) = if *op == BinOp::And {
                            ("== 0", 0)
                        } else {
                            ("!= 0", 1)
                        };
                        self.line(&format!("if (ws_n({l}) {test}) {{"));
                        self.line(&format!("    {t} = ws_int({short});"));
                        self.line("} else {");
                        self.depth += 1;
                        let r = self.expr(r);
                        self.line(&format!(
                            "{t} = ws_int(ws_binary({}, {l}, {r}));",
                            binop(*op)
                        ));
                        self.depth -= 1;
                        self.line("}");
                    }
                    _ => {
                        let r = self.expr(r);
                        self.line(&format!(
                            "{t} = ws_int(ws_binary({}, {l}, {r}));",
                            binop(*op)
                        ));
                    }
                }
            }
            ExprKind::Call(name, args) => self.call(&t, name, args, false),
        }
        t
    }

    fn int_arg(&mut self, args: &[Expr], i: usize) -> String {
        match args.get(i) {
            Some(a) => {
                let t = self.expr(a);
                format!("ws_n({t})")
            }
            None => "0".into(),
        }
    }

    /// A call into temporary `t`. At the top of a statement, `write`/`fill` record how many
    /// bytes they wrote.
    fn call(&mut self, t: &str, name: &str, args: &[Expr], top: bool) {
        match name {
            "read" => {
                let a = self.int_arg(args, 0);
                let n = self.int_arg(args, 1);
                self.line(&format!("{t} = ws_read({a}, {n});"));
                return;
            }
            "write" | "fill" => {
                let a = self.int_arg(args, 0);
                let n = if name == "write" {
                    let d = match args.get(1) {
                        Some(x) => self.expr(x),
                        None => "ws_bytes(\"\", 0)".into(),
                    };
                    format!("ws_write({a}, {d})")
                } else {
                    let len = self.int_arg(args, 1);
                    let byte = self.int_arg(args, 2);
                    format!("ws_fill({a}, {len}, {byte})")
                };
                if top {
                    let verb = if name == "write" { "written" } else { "filled" };
                    self.line(&format!("ws_rec_written({n}, \"{verb}\");"));
                } else {
                    self.line(&format!("{n};"));
                }
                self.line(&format!("{t} = ws_int(0);"));
                return;
            }
            _ => {}
        }
        let (Some(spec), Some(sig)) = (calls::lookup(name), signatures::lookup(name)) else {
            self.line(&format!("ws_notrun(\"{name} is not exported\");"));
            return;
        };
        self.line(&format!("{{ /* {name} */"));
        self.depth += 1;
        let mut c_args = Vec::new();
        let mut after = Vec::new();
        let mut cleanup = Vec::new();
        for (i, shape) in sig.params.iter().enumerate() {
            let arg = args.get(i);
            let default = spec.params.get(i).and_then(|p| p.default).unwrap_or(0);
            let out_kind = spec.params.get(i).and_then(|p| match p.kind {
                calls::Param::Out(k) | calls::Param::OutRequired(k) => Some(k),
                _ => None,
            });
            let value = |g: &mut Self| match arg {
                Some(a) => {
                    let t = g.expr(a);
                    format!("ws_n({t})")
                }
                None => format!("0x{default:x}ULL"),
            };
            let c = match shape {
                CArg::Dword => format!("(DWORD){}", value(self)),
                CArg::Long => format!("(LONG){}", value(self)),
                CArg::Bool => format!("(BOOL)({} != 0)", value(self)),
                CArg::Size => format!("(SIZE_T){}", value(self)),
                CArg::Ptr => format!("(LPVOID)(uintptr_t){}", value(self)),
                CArg::Handle => format!("(HANDLE)(uintptr_t){}", value(self)),
                CArg::Li => format!("ws_li({})", value(self)),
                CArg::NameW | CArg::NameA | CArg::PathW | CArg::PathA | CArg::Data => match arg {
                    Some(a) if !is_null_literal(a) => {
                        let t = self.expr(a);
                        match shape {
                            CArg::NameW => format!("ws_wstr({t})"),
                            CArg::NameA => format!("ws_astr({t})"),
                            CArg::PathW => format!("ws_wpath({t})"),
                            CArg::PathA => format!("ws_apath({t})"),
                            _ => format!("({t}.kind == WS_BYTES ? (LPCVOID){t}.b : NULL)"),
                        }
                    }
                    _ => "NULL".into(),
                },
                CArg::Sa => match arg.and_then(|a| a.as_call()) {
                    Some(("SA", sa)) => {
                        let inherit = self.int_arg(sa, 0);
                        let sddl = match sa.get(1) {
                            Some(x) => {
                                let t = self.expr(x);
                                format!("&{t}")
                            }
                            None => "NULL".into(),
                        };
                        let v = format!("sa{i}");
                        self.line(&format!("SECURITY_ATTRIBUTES {v};"));
                        format!("ws_sa(&{v}, {inherit}, {sddl})")
                    }
                    _ => "NULL".into(),
                },
                CArg::U64 => format!("(ULONG64){}", value(self)),
                CArg::Proc(access) => match arg {
                    Some(a) if is_current_process(a) => "GetCurrentProcess()".into(),
                    Some(Expr {
                        kind: ExprKind::Name(n),
                        ..
                    }) if self.procs.contains_key(n) => {
                        let p = self.procs.get(n).copied().unwrap_or(0);
                        let v = format!("ph{i}");
                        self.line(&format!(
                            "HANDLE {v} = ws_proc_open({p}, 0x{access:x}); /* {n} */"
                        ));
                        cleanup.push(format!("ws_close_quietly({v});"));
                        v
                    }
                    // NULL, or a process handle value (from OpenProcess).
                    _ => format!("(HANDLE)(uintptr_t){}", value(self)),
                },
                CArg::Pid => match arg {
                    Some(Expr {
                        kind: ExprKind::Name(n),
                        ..
                    }) if self.procs.contains_key(n) => {
                        let p = self.procs.get(n).copied().unwrap_or(0);
                        self.line(&format!(
                            "if (!ws_pids[{p}]) ws_notrun(\"process {n} was never started\");"
                        ));
                        format!("ws_pids[{p}]")
                    }
                    _ => format!("(DWORD){}", value(self)),
                },
                CArg::Null => "NULL".into(),
                CArg::Overlapped => {
                    let offset = value(self);
                    let v = format!("ov{i}");
                    self.line(&format!(
                        "uint64_t {v}o = {offset}; OVERLAPPED {v}; memset(&{v}, 0, sizeof {v}); \
                         {v}.Offset = (DWORD){v}o; {v}.OffsetHigh = (DWORD)({v}o >> 32);"
                    ));
                    format!("&{v}")
                }
                CArg::FileInfo => {
                    let field = value(self);
                    let v = format!("fi{i}");
                    self.line(&format!(
                        "LARGE_INTEGER {v}; {v}.QuadPart = (LONGLONG){field};"
                    ));
                    format!("&{v}")
                }
                CArg::Sid => match arg {
                    Some(a) if !is_null_literal(a) => {
                        let t = self.expr(a);
                        format!("ws_sid({t})")
                    }
                    _ => "NULL".into(),
                },
                CArg::InfoLen => match (
                    arg,
                    i.checked_sub(1)
                        .and_then(|o| out_struct(name, spec, args, o)),
                ) {
                    (Some(_), _) => format!("(SIZE_T){}", value(self)),
                    (None, Some(k)) => format!("sizeof({})", c_struct(k).2),
                    (None, None) => format!("(SIZE_T)0x{default:x}ULL"),
                },
                CArg::OutNt => match (arg.map(|a| &a.kind), out_struct(name, spec, args, i)) {
                    (Some(ExprKind::AddrOf(var)), Some(k)) => {
                        let vi = self.var(var);
                        let (kind, member, c_type) = c_struct(k);
                        let o = format!("o{i}");
                        self.line(&format!("Val {o}v = ws_isset[{vi}] && ws_vars[{vi}].kind == {kind} ? ws_vars[{vi}] : ws_int(0);"));
                        self.line(&format!("{c_type} {o};"));
                        self.line(&format!("{o}v.kind = {kind};"));
                        self.line(&format!("{o} = {o}v.{member};"));
                        after.push(format!("if (ret == 0) {o}v.{member} = {o};"));
                        after.push(format!(
                            "ws_setvar({vi}, {o}v); ws_note_out(\"{var}\", O_OTHER, ws_vars[{vi}]);"
                        ));
                        format!("&{o}")
                    }
                    _ => "NULL".into(),
                },
                CArg::OutHandle
                | CArg::OutDword
                | CArg::OutSize
                | CArg::OutLong
                | CArg::OutLi
                | CArg::OutMbi
                | CArg::OutSi
                | CArg::ReadBuf => match arg.map(|a| &a.kind) {
                    Some(ExprKind::AddrOf(var)) => {
                        let vi = self.var(var);
                        let o = format!("o{i}");
                        let how = out_kind.map_or("O_OTHER", out_how);
                        let cur = format!("(ws_isset[{vi}] && ws_vars[{vi}].kind == WS_INT ? ws_vars[{vi}].n : 0)");
                        let store = |val: &str| {
                            format!("ws_setvar({vi}, {val}); ws_note_out(\"{var}\", {how}, ws_vars[{vi}]);")
                        };
                        match shape {
                            CArg::OutHandle => {
                                self.line(&format!("HANDLE {o} = (HANDLE)(uintptr_t){cur};"));
                                after.push(store(&format!("ws_int((uint64_t)(uintptr_t){o})")));
                            }
                            CArg::OutDword => {
                                self.line(&format!("DWORD {o} = (DWORD){cur};"));
                                after.push(store(&format!("ws_int((uint64_t){o})")));
                            }
                            CArg::OutSize => {
                                self.line(&format!("SIZE_T {o} = (SIZE_T){cur};"));
                                after.push(store(&format!("ws_int((uint64_t){o})")));
                            }
                            CArg::OutLong => {
                                self.line(&format!("LONG {o} = (LONG){cur};"));
                                after.push(store(&format!("ws_int((uint64_t)(int64_t){o})")));
                            }
                            CArg::OutLi => {
                                self.line(&format!("LARGE_INTEGER {o} = ws_li({cur});"));
                                after.push(store(&format!("ws_int((uint64_t){o}.QuadPart)")));
                            }
                            CArg::OutMbi => {
                                self.line(&format!("Val {o}v = ws_isset[{vi}] && ws_vars[{vi}].kind == WS_MBI ? ws_vars[{vi}] : ws_int(0);"));
                                self.line(&format!("{o}v.kind = WS_MBI;"));
                                after.push(store(&format!("{o}v")));
                                c_args.push(format!("&{o}v.mbi"));
                                continue;
                            }
                            CArg::OutSi => {
                                self.line(&format!("Val {o}v = ws_isset[{vi}] && ws_vars[{vi}].kind == WS_SI ? ws_vars[{vi}] : ws_int(0);"));
                                self.line(&format!("{o}v.kind = WS_SI;"));
                                after.push(store(&format!("{o}v")));
                                c_args.push(format!("&{o}v.si"));
                                continue;
                            }
                            _ => {
                                // ReadFile's buffer: nNumberOfBytesToRead bytes (at most 64 MiB);
                                // the variable gets the bytes read when the call succeeds.
                                self.line(&format!("unsigned char *{o} = NULL;"));
                                self.line(&format!("size_t {o}cap = 0;"));
                                after.push(format!(
                                    "if (ret) ws_setvar({vi}, ws_bytes({o}, rd_given ? (rd_n < {o}cap ? rd_n : {o}cap) : {o}cap)); \
                                     else if (!(ws_isset[{vi}] && ws_vars[{vi}].kind == WS_BYTES)) ws_setvar({vi}, ws_bytes(\"\", 0)); \
                                     ws_note_out(\"{var}\", O_OTHER, ws_vars[{vi}]);"
                                ));
                                c_args.push(o.clone());
                                continue;
                            }
                        }
                        format!("&{o}")
                    }
                    _ => "NULL".into(),
                },
            };
            c_args.push(c);
        }
        // ReadFile / ReadProcessMemory: size the buffer from the parameter after it (now
        // evaluated); the one after that receives the count.
        let read_buf = sig.params.iter().position(|p| *p == CArg::ReadBuf);
        if let Some(b) = read_buf {
            if let (Some(buf), Some(want)) = (c_args.get(b).cloned(), c_args.get(b + 1).cloned()) {
                if buf != "NULL" {
                    self.line(&format!(
                        "{buf}cap = {want} < WS_MAX_ACCESS ? (size_t){want} : (size_t)WS_MAX_ACCESS;"
                    ));
                    self.line(&format!(
                        "{buf} = (unsigned char *)calloc({buf}cap + 1, 1);"
                    ));
                    self.line(&format!("if (!{buf}) ws_notrun(\"out of memory\");"));
                }
            }
            let given = c_args.get(b + 2).is_some_and(|c| c != "NULL");
            self.line(&format!("int rd_given = {};", i32::from(given)));
        }
        let call = format!("{}({})", sig.c_name, c_args.join(", "));
        let widen = match sig.ret {
            CRet::Handle => format!("(uint64_t)(intptr_t){call}"),
            CRet::Bool => format!("(uint64_t)(int64_t){call}"),
            CRet::Ptr => format!("(uint64_t)(uintptr_t){call}"),
            CRet::Dword | CRet::Size => format!("(uint64_t){call}"),
            CRet::Void => format!("({call}, (uint64_t)0)"),
            CRet::Status => format!("(uint64_t)(uint32_t){call}"),
        };
        match sig.lookup {
            Lookup::Linked => {}
            Lookup::Ntdll => self.line(&format!("ws_need_nt(\"{name}\");")),
            Lookup::Kernelbase => self.line(&format!("ws_need_kb(\"{name}\");")),
        }
        // The last-error probe (interpreter::LAST_ERROR_PROBE): not around GetLastError and
        // SetLastError, which are the last error itself.
        let probe = !matches!(name, "GetLastError" | "SetLastError");
        if probe {
            self.line("DWORD le_before = GetLastError();");
            self.line("SetLastError(WS_LE_PROBE);");
        }
        self.line(&format!("uint64_t ret = {widen};"));
        self.line("DWORD le = GetLastError();");
        if probe {
            self.line("int le_same = le == WS_LE_PROBE;");
            self.line("if (le_same) le = le_before;");
        }
        if let Some(b) = read_buf {
            let n = c_args
                .get(b + 2)
                .filter(|c| *c != "NULL")
                .map_or("0".to_string(), |c| {
                    format!("(size_t){}", c.trim_start_matches('&'))
                });
            self.line(&format!("size_t rd_n = {n};"));
        }
        for c in &cleanup {
            self.line(c);
        }
        let (rk, fail) = ret_code(spec.ret);
        self.line(&format!("ws_note_call({rk}, ret, 0x{fail:x}ULL, le);"));
        if probe {
            self.line("ws_nc_le_unchanged = le_same;");
        }
        for a in &after {
            self.line(a);
        }
        self.line("SetLastError(le);");
        self.line(&format!("{t} = ws_int(ret);"));
        self.depth -= 1;
        self.line("}");
    }

    /// The top of a statement: evaluates and records what winsection prints about it.
    fn top(&mut self, e: &Expr) -> String {
        if let ExprKind::Call(name, args) = &e.kind {
            let t = self.temp();
            self.call(&t, name, args, true);
            match name.as_str() {
                "read" => self.line(&format!("ws_rec_plain({t});")),
                "write" | "fill" => {}
                _ => self.line("ws_rec_call();"),
            }
            return t;
        }
        let t = self.expr(e);
        self.line(&format!("ws_rec_plain({t});"));
        t
    }

    fn action(&mut self, a: &Action) {
        match a {
            Action::Eval(e) => {
                self.top(e);
            }
            Action::Assign(var, _, e) => {
                let t = self.top(e);
                let i = self.var(var);
                self.line(&format!("ws_setvar({i}, {t}); /* {var} */"));
            }
            Action::Expect(e) => match &e.kind {
                ExprKind::Binary(op, l, r) => {
                    let ann = match (annotation(l), annotation(r)) {
                        ("A_NONE", a) | (a, _) => a,
                    };
                    let lt = self.expr(l);
                    let short = match op {
                        BinOp::And => Some(("== 0", 0)),
                        BinOp::Or => Some(("!= 0", 1)),
                        _ => None,
                    };
                    if let Some((test, held)) = short {
                        self.line(&format!("if (ws_n({lt}) {test}) {{"));
                        self.line(&format!(
                            "    ws_rec_expect_bin({held}, {lt}, NULL, {ann}, \"{}\");",
                            op.symbol()
                        ));
                        self.line("} else {");
                        self.depth += 1;
                    }
                    let rt = self.expr(r);
                    self.line(&format!(
                        "ws_rec_expect_bin(ws_binary({}, {lt}, {rt}) != 0, {lt}, &{rt}, {ann}, \"{}\");",
                        binop(*op),
                        op.symbol()
                    ));
                    if short.is_some() {
                        self.depth -= 1;
                        self.line("}");
                    }
                }
                _ => {
                    let t = self.expr(e);
                    self.line(&format!("ws_rec_expect_value({t}, {});", annotation(e)));
                }
            },
            Action::ExpectFails(e, error, _) => {
                let is_call =
                    matches!(&e.kind, ExprKind::Call(n, _) if !BUILTINS.contains(&n.as_str()));
                self.top(e);
                if is_call {
                    let code = constant(error).unwrap_or(u64::from(u32::MAX));
                    self.line(&format!("ws_rec_fails(\"{error}\", 0x{code:x});"));
                } else {
                    self.line("ws_notrun(\"not a function call\");");
                }
            }
            Action::ExpectRaises(e, exception, _) => {
                self.top(e);
                self.line(&format!("ws_rec_no_exception(\"{exception}\");"));
            }
            Action::Exit(code) => {
                let c = match code {
                    Some(e) => {
                        let t = self.expr(e);
                        format!("(uint32_t)ws_n({t})")
                    }
                    None => "0".into(),
                };
                self.line("ws_rec.kind = WS_R_EXIT;");
                self.line(&format!("ws_rec.exit_code = {c};"));
            }
        }
    }
}

fn collect_vars(e: &Expr, vars: &mut BTreeMap<String, usize>) {
    match &e.kind {
        ExprKind::Name(n) | ExprKind::Field(n, _) | ExprKind::AddrOf(n)
            if constant(n).is_none() =>
        {
            let next = vars.len();
            vars.entry(n.clone()).or_insert(next);
        }
        ExprKind::Neg(x) => collect_vars(x, vars),
        ExprKind::Binary(_, l, r) => {
            collect_vars(l, vars);
            collect_vars(r, vars);
        }
        ExprKind::Call(_, args) => {
            for a in args {
                collect_vars(a, vars);
            }
        }
        _ => {}
    }
}

/// Generates the program, or says why it cannot.
pub fn generate(script: &Script, name: &str) -> Result<Exported, Vec<super::Refusal>> {
    let refused = refusals(script);
    if !refused.is_empty() {
        return Err(refused);
    }
    let mut procs: BTreeMap<String, usize> = BTreeMap::new();
    let mut vars: BTreeMap<String, usize> = BTreeMap::new();
    for st in &script.statements {
        match &st.kind {
            StmtKind::Process(n, _, _) => {
                let next = procs.len();
                procs.entry(n.clone()).or_insert(next);
            }
            StmtKind::Act { action, .. } => {
                if let Action::Assign(v, _, _) = action {
                    let next = vars.len();
                    vars.entry(v.clone()).or_insert(next);
                }
                for e in action_exprs(action) {
                    collect_vars(e, &mut vars);
                }
            }
            _ => {}
        }
    }
    // Process names are not variables (DuplicateHandle / OpenProcess name processes).
    let vars: BTreeMap<String, usize> = {
        let mut kept: Vec<(String, usize)> = vars
            .into_iter()
            .filter(|(v, _)| !procs.contains_key(v))
            .collect();
        kept.sort_by_key(|(_, i)| *i);
        kept.into_iter()
            .enumerate()
            .map(|(i, (v, _))| (v, i))
            .collect()
    };

    let mut functions = String::new();
    let mut table = String::new();
    let mut host_dep = Vec::new();
    let mut kinds: BTreeMap<String, bool> = BTreeMap::new();
    for (k, st) in script.statements.iter().enumerate() {
        let text = c_str(st.text.as_bytes());
        let line = st.pos.line;
        match &st.kind {
            StmtKind::Machine(_) => {
                let _ = writeln!(
                    table,
                    "    {{S_MACHINE, {line}, -1, -1, {text}, NULL, NULL, 0}},"
                );
            }
            StmtKind::Dump => {
                let _ = writeln!(
                    table,
                    "    {{S_DUMP, {line}, -1, -1, {text}, NULL, NULL, 0}},"
                );
            }
            StmtKind::Process(n, _, opts) => {
                let p = procs.get(n).copied().unwrap_or(0);
                let parent = opts
                    .iter()
                    .find(|o| o.key == "inherit")
                    .and_then(|o| procs.get(&opt_word(o)).copied())
                    .map_or(-1, |x| x as i64);
                let _ = writeln!(
                    table,
                    "    {{S_PROCESS, {line}, {p}, {parent}, {text}, NULL, NULL, 0}},"
                );
            }
            StmtKind::Act {
                process, action, ..
            } => {
                let p = procs.get(process).copied().unwrap_or(0);
                if let Action::Expect(e) = action {
                    if host_dependent(e, &kinds) {
                        host_dep.push(line);
                    }
                }
                if let Action::Assign(v, _, e) = action {
                    kinds.insert(v.clone(), is_host_value(e, &kinds));
                }
                let mut g = Gen {
                    vars: &vars,
                    procs: &procs,
                    body: String::new(),
                    temps: 0,
                    depth: 1,
                };
                g.action(action);
                let _ = writeln!(
                    functions,
                    "/* line {line}: {} */",
                    st.text.replace("*/", "* /")
                );
                let _ = writeln!(functions, "static void ws_st_{k}(void)\n{{");
                let _ = writeln!(functions, "    Val t[{}];", g.temps + 1);
                let _ = writeln!(functions, "    memset(t, 0, sizeof t);");
                functions.push_str(&g.body);
                functions.push_str("}\n\n");
                let raises = match action {
                    Action::ExpectRaises(_, x, _) => c_str(x.as_bytes()),
                    _ => "NULL".into(),
                };
                let _ = writeln!(
                    table,
                    "    {{S_ACT, {line}, {p}, -1, {text}, ws_st_{k}, {raises}, {}}},",
                    i32::from(host_dep.last() == Some(&line))
                );
            }
            StmtKind::Host(..) | StmtKind::Crash(_) => {}
        }
    }

    let mut c = String::new();
    let _ = writeln!(c, "/*");
    let _ = writeln!(
        c,
        " * {name}, exported by `winsection export-c` (trace format version {TRACE_VERSION})."
    );
    let _ = writeln!(c, " *");
    let _ = writeln!(
        c,
        " * Build: x86_64-w64-mingw32-gcc -O1 -o scenario.exe scenario.c   (or: cl scenario.c)"
    );
    let _ = writeln!(c, " * Run:   WINEPREFIX=$(mktemp -d) WINEDEBUG=-all wine scenario.exe [--json]   (or natively)");
    let _ = writeln!(c, " *");
    let _ = writeln!(
        c,
        " * Each scenario process is a real process (a copy of this program); the first copy runs"
    );
    let _ = writeln!(
        c,
        " * the statements in order, one at a time, and prints the trace. Coordination uses"
    );
    let _ = writeln!(
        c,
        " * anonymous pipes only: no name is created in any namespace."
    );
    let _ = writeln!(c, " * Cut: `dump` prints a placeholder; paths on C:\\ run in a scratch directory under %TEMP%.");
    if host_dep.is_empty() {
        let _ = writeln!(c, " * Host-dependent expectations: none.");
    } else {
        let lines: Vec<String> = host_dep.iter().map(u32::to_string).collect();
        let _ = writeln!(
            c,
            " * Host-dependent expectations (a handle value or address compared with a literal): lines {}.",
            lines.join(", ")
        );
    }
    let _ = writeln!(c, " */");
    let _ = writeln!(c, "#define WS_TRACE_VERSION {TRACE_VERSION}");
    let _ = writeln!(c, "#define WS_NVARS {}", vars.len());
    let _ = writeln!(c, "#define WS_NPROCS {}", procs.len());
    let mut var_names: Vec<(&String, &usize)> = vars.iter().collect();
    var_names.sort_by_key(|(_, i)| **i);
    let names: Vec<String> = var_names.iter().map(|(v, _)| c_str(v.as_bytes())).collect();
    let _ = writeln!(
        c,
        "static const char *const ws_var_names[] = {{{}{}\"\"}};",
        names.join(", "),
        if names.is_empty() { "" } else { ", " }
    );
    let mut proc_names: Vec<(&String, &usize)> = procs.iter().collect();
    proc_names.sort_by_key(|(_, i)| **i);
    let names: Vec<String> = proc_names
        .iter()
        .map(|(v, _)| c_str(v.as_bytes()))
        .collect();
    let _ = writeln!(
        c,
        "static const char *const ws_proc_names[] = {{{}{}\"\"}};",
        names.join(", "),
        if names.is_empty() { "" } else { ", " }
    );
    let _ = writeln!(
        c,
        "static const struct {{ unsigned long code; const char *name; }} ws_errors[] = {{"
    );
    for (n, code, _) in WIN32_ERRORS {
        let _ = writeln!(c, "    {{{code}, \"{n}\"}},");
    }
    let _ = writeln!(c, "}};");
    let _ = writeln!(
        c,
        "static const struct {{ unsigned long code; const char *name; }} ws_statuses[] = {{"
    );
    for (n, code) in NtStatus::ALL_NAMED {
        let _ = writeln!(c, "    {{0x{code:08X}UL, \"{n}\"}},");
    }
    let _ = writeln!(c, "}};\n");
    c.push_str(RUNTIME_HEAD);
    c.push_str("\n/* ---- the scenario's statements ---- */\n\n");
    c.push_str(&functions);
    c.push_str("static const WsStmt ws_script[] = {\n");
    c.push_str(&table);
    c.push_str("};\n\n");
    c.push_str(RUNTIME_MAIN);
    Ok(Exported {
        c,
        host_dependent: host_dep,
    })
}
