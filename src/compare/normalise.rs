//! Normalising a trace so that two runs on different systems can be compared: handle values
//! and addresses differ from run to run on a real system, so each becomes `h1, h2, ...` /
//! `v1, v2, ...` in order of first appearance (an address inside a known region prints as
//! `vN+0xOFFSET`); process ids are dropped.
//!
//! Which numbers are handles or addresses is known from the scenario: the return kind of the
//! statement's top call, `DuplicateHandle`'s out handle, a MEMORY_BASIC_INFORMATION's
//! `BaseAddress` / `AllocationBase`, and the address of an exception.

use std::collections::BTreeMap;

use super::trace::TraceRecord;
use crate::scenario::calls::{self, Ret};
use crate::scenario::parser::{Action, ExprKind, StmtKind};
use crate::scenario::Script;

/// What the numbers printed by a statement's top call are.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TopKind {
    /// A handle value.
    Handle,
    /// An address.
    Address,
    /// Something else (compared as printed).
    Other,
}

/// What normalising one statement's record needs from the scenario.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StmtInfo {
    /// What the top call returns.
    pub top: TopKind,
    /// The process an out handle belongs to (`DuplicateHandle`'s target, or the caller for
    /// `AddSIDToBoundaryDescriptor`'s descriptor).
    pub out_owner: Option<String>,
}

/// Every statement's normalisation info, by line.
pub fn top_kinds(script: &Script) -> BTreeMap<u64, StmtInfo> {
    let mut out = BTreeMap::new();
    for st in &script.statements {
        let StmtKind::Act {
            action, process, ..
        } = &st.kind
        else {
            continue;
        };
        let e = match action {
            Action::Eval(e)
            | Action::Assign(_, _, e)
            | Action::ExpectFails(e, _, _)
            | Action::ExpectRaises(e, _, _) => e,
            _ => continue,
        };
        let kind = match &e.kind {
            ExprKind::Call(n, _) => match calls::lookup(n).map(|c| c.ret) {
                Some(Ret::Handle | Ret::FileHandle) if n != "GetCurrentProcess" => TopKind::Handle,
                Some(Ret::Address) => TopKind::Address,
                _ => TopKind::Other,
            },
            _ => TopKind::Other,
        };
        // DuplicateHandle(SRC, H, TARGET, &out, ...): the out handle is TARGET's.
        let out_owner = match &e.kind {
            ExprKind::Call(n, args) if n == "DuplicateHandle" => match args.get(2).map(|a| &a.kind)
            {
                Some(ExprKind::Name(t)) => Some(t.clone()),
                _ => Some(process.clone()),
            },
            _ => None,
        };
        out.insert(
            u64::from(st.pos.line),
            StmtInfo {
                top: kind,
                out_owner,
            },
        );
    }
    out
}

/// Where a value first appeared: process, statement line, and its order among the new values
/// of that statement. Two traces' values that first appear at the same place get the same
/// name, so one extra handle on one side (a call that failed on the other) does not shift the
/// names of every later handle.
type Slot = (String, u64, u32, char);

/// The names given so far, shared by the two sides of a comparison.
#[derive(Debug, Default)]
pub struct Names {
    slots: BTreeMap<Slot, usize>,
    handles: usize,
    addresses: usize,
}

impl Names {
    fn name(&mut self, slot: Slot) -> String {
        let kind = slot.3;
        if let Some(n) = self.slots.get(&slot) {
            return format!("{kind}{n}");
        }
        let counter = if kind == 'h' {
            &mut self.handles
        } else {
            &mut self.addresses
        };
        *counter += 1;
        let n = *counter;
        self.slots.insert(slot, n);
        format!("{kind}{n}")
    }
}

/// Names handles and addresses by first appearance.
///
/// Handle values and addresses are per process (each process has its own handle table and
/// address space), so they are keyed by process: the caller sets the current process and
/// statement with [`Normaliser::at`]. A value's name comes from where it first appeared (see
/// [`Names`]), numbered `h1, h2, ...` / `v1, v2, ...` in order of first appearance.
#[derive(Debug, Default)]
pub struct Normaliser {
    handles: BTreeMap<(String, u64), String>,
    addresses: BTreeMap<(String, u64), String>,
    current: String,
    line: u64,
    ordinal: u32,
}

/// The farthest an address may lie past a known region start and still be named from it.
const REGION_SPAN: u64 = 1 << 30;

/// A number as the trace writes it: a JSON number, or a decimal string above 2^53 - 1.
fn json_u64(v: &serde_json::Value) -> Option<u64> {
    v.as_u64()
        .or_else(|| v.as_str().and_then(|s| s.parse().ok()))
}

fn parse_hex(s: &str) -> Option<u64> {
    let h = s.strip_prefix("0x")?;
    u64::from_str_radix(h, 16).ok()
}

impl Normaliser {
    /// Sets the process and the statement line whose values follow.
    pub fn at(&mut self, process: &str, line: u64) {
        process.clone_into(&mut self.current);
        self.line = line;
        self.ordinal = 0;
    }

    fn slot(&mut self, kind: char) -> Slot {
        self.ordinal = self.ordinal.saturating_add(1);
        (self.current.clone(), self.line, self.ordinal, kind)
    }

    /// `hN` for a handle value of the current process.
    pub fn handle(&mut self, v: u64, names: &mut Names) -> String {
        let key = (self.current.clone(), v);
        if let Some(n) = self.handles.get(&key) {
            return n.clone();
        }
        let slot = self.slot('h');
        let n = names.name(slot);
        self.handles.insert(key, n.clone());
        n
    }

    /// `vN` for a region start of the current process (a value an address-returning call
    /// gave is always a region start).
    pub fn base(&mut self, v: u64, names: &mut Names) -> String {
        let key = (self.current.clone(), v);
        if let Some(n) = self.addresses.get(&key) {
            return n.clone();
        }
        let slot = self.slot('v');
        let n = names.name(slot);
        self.addresses.insert(key, n.clone());
        n
    }

    /// An address of the current process: `vN` for a known region start, `vN+0xOFF` inside
    /// one, else a new `vN`.
    pub fn address(&mut self, v: u64, names: &mut Names) -> String {
        let key = (self.current.clone(), v);
        if let Some(n) = self.addresses.get(&key) {
            return n.clone();
        }
        let low = (self.current.clone(), 0);
        if let Some(((_, base), n)) = self.addresses.range(low..key).next_back() {
            if v - base < REGION_SPAN {
                return format!("{n}+0x{:x}", v - base);
            }
        }
        self.base(v, names)
    }

    /// A printed value (`0x44`, `NULL`, ...) of the given kind.
    pub fn value(&mut self, shown: &str, kind: TopKind, names: &mut Names) -> String {
        match (kind, parse_hex(shown)) {
            (TopKind::Handle, Some(v)) => self.handle(v, names),
            (TopKind::Address, Some(v)) => self.base(v, names),
            _ => shown.to_string(),
        }
    }

    /// Rewrites `KEY: 0x...` fields holding addresses inside a printed struct, and
    /// `at 0x...` in an exception.
    fn text(&mut self, s: &str, names: &mut Names) -> String {
        let mut out = String::new();
        let mut rest = s;
        loop {
            let next = ["BaseAddress: ", "AllocationBase: ", " at "]
                .iter()
                .filter_map(|k| rest.find(k).map(|i| (i, *k)))
                .min();
            let Some((i, key)) = next else {
                out.push_str(rest);
                return out;
            };
            let start = i + key.len();
            out.push_str(rest.get(..start).unwrap_or_default());
            rest = rest.get(start..).unwrap_or_default();
            let end = rest
                .find(|c: char| !(c.is_ascii_hexdigit() || c == 'x'))
                .unwrap_or(rest.len());
            let token = rest.get(..end).unwrap_or_default();
            match parse_hex(token) {
                Some(v) => out.push_str(&self.address(v, names)),
                None => out.push_str(token),
            }
            rest = rest.get(end..).unwrap_or_default();
        }
    }

    /// A number of a failed expectation's side: named if it is a handle or address already
    /// seen (from 10 on: below, as the text prints it, a number is a count), else as printed.
    fn known(&mut self, v: u64, names: &mut Names) -> String {
        if v < 10 {
            v.to_string()
        } else if self.handles.contains_key(&(self.current.clone(), v)) {
            self.handle(v, names)
        } else if self.addresses.contains_key(&(self.current.clone(), v)) {
            self.address(v, names)
        } else {
            format!("0x{v:x}")
        }
    }

    /// A typed value (docs/trace-json.md, "Values") as compared: a handle named (as a handle
    /// of `owner` when given), a struct's address fields named, and on a failed expectation's
    /// side (`side`) a number named when it is a known handle or address.
    fn typed(
        &mut self,
        v: &serde_json::Value,
        owner: Option<&String>,
        side: bool,
        names: &mut Names,
    ) -> String {
        if let Some(h) = v.get("handle").and_then(json_u64) {
            let Some(owner) = owner else {
                return self.handle(h, names);
            };
            let caller = std::mem::replace(&mut self.current, owner.clone());
            let n = self.handle(h, names);
            self.current = caller;
            return n;
        }
        if let Some(n) = v.get("int").and_then(json_u64) {
            let shown = if side {
                self.known(n, names)
            } else {
                format!("0x{n:x}")
            };
            return match v.get("name").and_then(serde_json::Value::as_str) {
                Some(name) => format!("{shown} ({name})"),
                None => shown,
            };
        }
        if let Some(hex) = v.get("bytes").and_then(serde_json::Value::as_str) {
            let len = v.get("len").and_then(json_u64).unwrap_or(0);
            return format!("x\"{hex}\" ({len} bytes)");
        }
        if let (Some(kind), Some(serde_json::Value::Object(fields))) = (
            v.get("struct").and_then(serde_json::Value::as_str),
            v.get("fields"),
        ) {
            let shown: Vec<String> = fields
                .iter()
                .map(|(k, x)| {
                    let n = json_u64(x).unwrap_or(0);
                    let x = if k == "BaseAddress" || k == "AllocationBase" {
                        if n == 0 {
                            "0".to_string()
                        } else {
                            self.address(n, names)
                        }
                    } else {
                        format!("0x{n:x}")
                    };
                    format!("{k}: {x}")
                })
                .collect();
            return format!("{kind} {{{}}}", shown.join(", "));
        }
        v.to_string()
    }

    /// An `exception` object as compared: name, access and address (named).
    fn exception(&mut self, v: Option<&serde_json::Value>, names: &mut Names) -> String {
        let Some(v) = v else {
            return String::new();
        };
        let mut s = v
            .get("name")
            .and_then(serde_json::Value::as_str)
            .unwrap_or_default()
            .to_string();
        let access = v.get("access").and_then(serde_json::Value::as_str);
        match (access, v.get("address").and_then(json_u64)) {
            (Some(a), Some(at)) => s.push_str(&format!(" ({a} at {})", self.address(at, names))),
            (None, Some(at)) => s.push_str(&format!(" at {}", self.address(at, names))),
            _ => {}
        }
        s
    }

    /// The normalised outcome of one record, as compared (None: not compared).
    pub fn record(
        &mut self,
        r: &TraceRecord,
        info: &StmtInfo,
        names: &mut Names,
    ) -> Option<String> {
        let s = |k: &str| r.str(k).unwrap_or_default().to_string();
        let kind = info.top;
        self.at(r.str("process").unwrap_or_default(), r.line);
        match r.kind.as_str() {
            "dump" | "machine" => None,
            "process" => Some(format!("process started on {}", s("host"))),
            "value" => {
                let mut out = format!("-> {}", self.value(&s("result"), kind, names));
                if let Some(le) = r.str("last_error") {
                    out.push_str(&format!(" [{le}]"));
                }
                if let Some(serde_json::Value::Array(outs)) = r.fields.get("outs") {
                    for o in outs {
                        let var = o.get("var").and_then(|v| v.as_str()).unwrap_or_default();
                        let val = match o.get("value") {
                            Some(v) => self.typed(v, info.out_owner.as_ref(), false, names),
                            None => String::new(),
                        };
                        out.push_str(&format!(" {var} = {val}"));
                    }
                }
                Some(out)
            }
            "expect" => {
                let held = r.fields.get("held").and_then(serde_json::Value::as_bool) == Some(true);
                let mut out = String::new();
                if let Some(res) = r.str("result") {
                    // `fails`: "VALUE [ERROR]"; `raises`: the exception text.
                    let (v, tail) = res.split_once(' ').unwrap_or((res, ""));
                    let v = self.value(v, kind, names);
                    let tail = self.text(tail, names);
                    out.push_str(&format!(
                        "-> {v}{}{tail} ",
                        if tail.is_empty() { "" } else { " " }
                    ));
                }
                if held {
                    out.push_str(" ok");
                } else {
                    out.push_str(" FAILED");
                    if let Some(x) = r.str("detail") {
                        out.push_str(&format!("; detail {x}"));
                    }
                    for k in ["left", "right"] {
                        if let Some(x) = r.fields.get(k) {
                            let x = self.typed(x, None, true, names);
                            out.push_str(&format!("; {k} {x}"));
                        }
                    }
                }
                Some(out.trim_start().to_string())
            }
            "unhandled" => Some(format!(
                "-> {}, unhandled: process ended (exit code 0x{:x})",
                self.exception(r.fields.get("exception"), names),
                r.fields
                    .get("exit_code")
                    .and_then(serde_json::Value::as_u64)
                    .unwrap_or(0)
            )),
            "exit" => Some(format!(
                "-> exited with code {}",
                r.fields
                    .get("exit_code")
                    .and_then(serde_json::Value::as_u64)
                    .unwrap_or(0)
            )),
            "not_run" => Some(format!("-> NOT RUN: {}", s("reason"))),
            other => Some(format!("-> ({other})")),
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn handles_and_addresses_are_named_by_first_appearance() {
        let (mut n, mut names) = (Normaliser::default(), Names::default());
        n.at("a", 1);
        assert_eq!(n.handle(0x44, &mut names), "h1");
        assert_eq!(n.handle(0x8, &mut names), "h2");
        assert_eq!(n.handle(0x44, &mut names), "h1");
        assert_eq!(n.base(0x1000_0000, &mut names), "v1");
        assert_eq!(n.address(0x1000_1000, &mut names), "v1+0x1000");
        assert_eq!(n.base(0x1001_0000, &mut names), "v2"); // a call's address is a region start
        assert_eq!(n.address(0x7ff0_0000_0000, &mut names), "v3");
        assert_eq!(n.value("NULL", TopKind::Address, &mut names), "NULL");
        assert_eq!(n.value("0x44", TopKind::Other, &mut names), "0x44");
        assert_eq!(n.value("0x44", TopKind::Handle, &mut names), "h1");
        // Per process: the same value in another process is another handle.
        n.at("b", 2);
        assert_eq!(n.handle(0x44, &mut names), "h3");
    }

    #[test]
    fn an_extra_handle_on_one_side_does_not_shift_later_names() {
        let mut names = Names::default();
        let (mut ours, mut theirs) = (Normaliser::default(), Normaliser::default());
        // Line 1 fails in winsection and succeeds on the real system: one extra handle there.
        ours.at("a", 1);
        theirs.at("a", 1);
        assert_eq!(theirs.handle(0x30, &mut names), "h1");
        // Line 2 creates a handle on both sides: the same name.
        ours.at("a", 2);
        theirs.at("a", 2);
        assert_eq!(ours.handle(0x4, &mut names), "h2");
        assert_eq!(theirs.handle(0x34, &mut names), "h2");
    }

    #[test]
    fn struct_fields_and_exception_addresses() {
        let mut names = Names::default();
        let (mut a, mut b) = (Normaliser::default(), Normaliser::default());
        a.at("p", 3);
        b.at("p", 3);
        let ta = a.text(
            "{BaseAddress: 0x10000000, AllocationBase: 0x10000000, RegionSize: 0x1000}",
            &mut names,
        );
        let tb = b.text(
            "{BaseAddress: 0x230000, AllocationBase: 0x230000, RegionSize: 0x1000}",
            &mut names,
        );
        assert_eq!(
            ta,
            "{BaseAddress: v1, AllocationBase: v1, RegionSize: 0x1000}"
        );
        assert_eq!(ta, tb);
        a.at("p", 4);
        b.at("p", 4);
        assert_eq!(
            a.text(
                "EXCEPTION_ACCESS_VIOLATION (write at 0x10001000)",
                &mut names
            ),
            "EXCEPTION_ACCESS_VIOLATION (write at v1+0x1000)"
        );
        assert_eq!(
            b.text("EXCEPTION_ACCESS_VIOLATION (write at 0x231000)", &mut names),
            "EXCEPTION_ACCESS_VIOLATION (write at v1+0x1000)"
        );
        // A side of a failed expectation: only values already seen are renamed.
        assert_eq!(a.known(0x1000_0000, &mut names), "v1");
        assert_eq!(a.known(0x5, &mut names), "5");
        assert_eq!(a.known(0x50, &mut names), "0x50");
        assert_eq!(
            a.typed(
                &serde_json::json!({"int": 5, "name": "ERROR_ACCESS_DENIED"}),
                None,
                true,
                &mut names
            ),
            "5 (ERROR_ACCESS_DENIED)"
        );
        assert_eq!(
            b.exception(
                Some(&serde_json::json!({"code": 3221225477u32, "name": "EXCEPTION_ACCESS_VIOLATION", "access": "read", "address": 0x230010})),
                &mut names
            ),
            "EXCEPTION_ACCESS_VIOLATION (read at v1+0x10)"
        );
    }
}
