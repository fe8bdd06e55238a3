//! What one unprivileged Windows login cannot reproduce, found before any C is written: each
//! refusal names the statement's line and the reason (several hosts, `crash`, another
//! session, integrity level or user, privileges, app containers, `machine` limits, calls the
//! exporter does not know yet).

use super::signatures;
use super::Refusal;
use crate::scenario::parser::{Action, Expr, ExprKind, Opt, OptValue, StmtKind};
use crate::scenario::Script;

/// Memory pseudo-calls and `SA` are handled by the code generator itself.
pub const BUILTINS: &[&str] = &["read", "write", "fill", "SA"];

/// An option's (first) value as a word.
pub fn opt_word(o: &Opt) -> String {
    match o.values.first() {
        Some((OptValue::Ident(s), _)) => s.clone(),
        Some((OptValue::Str(s), _)) => String::from_utf8_lossy(s).into_owned(),
        Some((OptValue::Int(v), _)) => v.to_string(),
        None => String::new(),
    }
}

/// Why a `process` option cannot be reproduced by one unprivileged login, if it cannot.
fn process_option_refusal(o: &Opt) -> Option<String> {
    let v = opt_word(o);
    match o.key.as_str() {
        "inherit" => None,
        "host" if v.eq_ignore_ascii_case("local") => None,
        "host" => Some(format!(
            "host={v}: several hosts (one Windows login is one computer)"
        )),
        "session" if v == "1" => None,
        "session" => Some(format!(
            "session={v}: another session (the exported program runs in the user's own session)"
        )),
        "integrity" if v == "medium" => None,
        "integrity" => Some(format!(
            "integrity={v}: another integrity level (the program runs at the login's medium level)"
        )),
        "user" if v == "user" => None,
        "user" => Some(format!(
            "user={v}: another user (the program runs as the one logged-in user)"
        )),
        "privileges" => Some(format!(
            "privileges={v}: privileges an unprivileged login does not hold"
        )),
        "appcontainer" | "capabilities" => {
            Some(format!("{}={v}: app containers are not exported", o.key))
        }
        other => Some(format!("option `{other}` is not exported")),
    }
}

/// Every call a statement makes, with where, for the refusal check.
fn calls_in<'a>(e: &'a Expr, out: &mut Vec<&'a str>) {
    match &e.kind {
        ExprKind::Call(name, args) => {
            out.push(name);
            for a in args {
                calls_in(a, out);
            }
        }
        ExprKind::Neg(x) => calls_in(x, out),
        ExprKind::Binary(_, l, r) => {
            calls_in(l, out);
            calls_in(r, out);
        }
        _ => {}
    }
}

/// The expressions of an action.
pub fn action_exprs(a: &Action) -> Vec<&Expr> {
    match a {
        Action::Eval(e)
        | Action::Assign(_, _, e)
        | Action::Expect(e)
        | Action::ExpectFails(e, _, _)
        | Action::ExpectRaises(e, _, _) => vec![e],
        Action::Exit(e) => e.iter().collect(),
    }
}

/// Everything in `script` the exported program cannot reproduce.
pub fn refusals(script: &Script) -> Vec<Refusal> {
    let mut out = Vec::new();
    for st in &script.statements {
        let mut refuse = |reason: String| {
            out.push(Refusal {
                line: st.pos.line,
                statement: st.text.clone(),
                reason,
            });
        };
        match &st.kind {
            StmtKind::Machine(opts) => {
                for o in opts {
                    if !(o.key == "profile" && opt_word(o) == "windows") {
                        refuse(format!(
                            "machine {}={}: a real machine's limits and profile are its own",
                            o.key,
                            opt_word(o)
                        ));
                    }
                }
            }
            StmtKind::Host(name, _, _) => {
                refuse(format!(
                    "host {name}: several hosts (one Windows login is one computer)"
                ));
            }
            StmtKind::Crash(_) => {
                refuse("crash: a power loss cannot be caused by an unprivileged program".into());
            }
            StmtKind::Process(_, _, opts) => {
                for o in opts {
                    if let Some(r) = process_option_refusal(o) {
                        refuse(r);
                    }
                }
            }
            StmtKind::Dump => {}
            StmtKind::Act { action, .. } => {
                let mut names = Vec::new();
                for e in action_exprs(action) {
                    calls_in(e, &mut names);
                }
                for n in names {
                    if !BUILTINS.contains(&n) && signatures::lookup(n).is_none() {
                        refuse(format!("{n} is not exported yet"));
                    }
                }
            }
        }
    }
    out
}
