//! Which `expect` lines compare a handle value or an address with a literal: their outcome
//! depends on the host (a real system's handle values and addresses differ from winsection's
//! and from run to run), so `compare` does not count them.

use std::collections::BTreeMap;

use crate::scenario::calls::{self, Ret};
use crate::scenario::check::constant;
use crate::scenario::parser::{BinOp, Expr, ExprKind};

/// Whether an expression holds a handle value or an address (for host-dependent expects).
pub fn is_host_value(e: &Expr, kinds: &BTreeMap<String, bool>) -> bool {
    match &e.kind {
        ExprKind::Name(n) => kinds.get(n).copied().unwrap_or(false),
        ExprKind::Field(_, f) => f == "BaseAddress" || f == "AllocationBase",
        ExprKind::Call(n, _) => calls::lookup(n).is_some_and(|c| {
            matches!(c.ret, Ret::Handle | Ret::FileHandle | Ret::Address)
                && n != "GetCurrentProcess"
        }),
        ExprKind::Binary(BinOp::Add | BinOp::Sub, l, r) => {
            is_host_value(l, kinds) || is_host_value(r, kinds)
        }
        _ => false,
    }
}

/// A literal other than NULL / 0 / INVALID_HANDLE_VALUE / (HANDLE)-1.
fn is_fixed_literal(e: &Expr) -> bool {
    match &e.kind {
        ExprKind::Int(v) => *v != 0 && *v != u64::MAX,
        ExprKind::Name(n) => constant(n).is_some_and(|v| v != 0 && v != u64::MAX) && n != "NULL",
        ExprKind::Neg(x) => is_fixed_literal(x) && !matches!(x.kind, ExprKind::Int(1)),
        _ => false,
    }
}

/// Whether an `expect` expression compares a handle value or address with a literal.
pub fn host_dependent(e: &Expr, kinds: &BTreeMap<String, bool>) -> bool {
    match &e.kind {
        ExprKind::Binary(BinOp::And | BinOp::Or, l, r) => {
            host_dependent(l, kinds) || host_dependent(r, kinds)
        }
        ExprKind::Binary(
            BinOp::Eq | BinOp::Ne | BinOp::Lt | BinOp::Le | BinOp::Gt | BinOp::Ge,
            l,
            r,
        ) => {
            (is_host_value(l, kinds) && is_fixed_literal(r))
                || (is_host_value(r, kinds) && is_fixed_literal(l))
        }
        _ => false,
    }
}
