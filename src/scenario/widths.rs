//! The C width of a number parameter, so that a scenario never passes something other than
//! what it says (issue 15, "silent truncation").
//!
//! - A *constant* argument (integer literals, named constants and operators on them) that does
//!   not fit a 32-bit parameter (DWORD, ULONG, LONG, BOOL) is a script error: `0x100001000` as
//!   `dwMaximumSizeLow` would otherwise map 0x1000 bytes without a word. Negative constants
//!   that fit a 32-bit signed value are accepted, as C converts them (`-1` as a DWORD is
//!   0xFFFFFFFF).
//! - A *computed* argument (one that reads a variable or calls a function) converts as C does,
//!   keeping the low 32 bits, and the trace shows the value actually passed next to the result.
//!
//! The widths come from the C prototypes: every number parameter of the call table is 32 bits
//! wide except the pointer- and SIZE_T-sized ones and the 64-bit ones listed in
//! [`WIDE_PARAMS`] (MapViewOfFile's `dwNumberOfBytesToMap` is a SIZE_T despite its `dw`).

use super::check::constant;
use super::parser::{BinOp, Expr, ExprKind};

/// Number parameters of the call table that are 64 bits wide (pointers, SIZE_T, ULONG64,
/// LARGE_INTEGER); every other one is 32 bits.
pub const WIDE_PARAMS: &[&str] = &[
    "lpAddress",
    "lpBaseAddress",
    "BaseAddress",
    "dwSize",
    "dwLength",
    "dwNumberOfBytesToMap",
    "dwNumberOfBytesToFlush",
    "NumberOfBytesToMap",
    "ViewSize",
    "MaximumSize",
    "Offset",
    "FileOffset",
    "liDistanceToMove",
    // LockFileEx / UnlockFileEx: the OVERLAPPED's 64-bit offset.
    "lpOverlapped",
    // SetFileInformationByHandle: the structure's field (EndOfFile is a LARGE_INTEGER).
    "lpFileInformation",
    // NtQuerySection: a SIZE_T.
    "SectionInformationLength",
];

/// Whether a number parameter is 32 bits wide in C.
pub fn is_32_bit(param: &str) -> bool {
    !WIDE_PARAMS.contains(&param)
}

/// Whether `v` (as the 64-bit pattern the scenario computed) can be passed to a 32-bit
/// parameter without changing its value: 0..=0xFFFFFFFF, or a negative value of at least
/// -2^31 (C converts it to the parameter's type).
pub fn fits_32(v: u64) -> bool {
    let signed = v as i64;
    v <= u64::from(u32::MAX) || (i64::from(i32::MIN)..0).contains(&signed)
}

/// The value of an expression made only of constants (no variable, no call), if it is one.
pub fn constant_value(e: &Expr) -> Option<u64> {
    match &e.kind {
        ExprKind::Int(v) => Some(*v),
        ExprKind::Name(n) => constant(n),
        ExprKind::Neg(x) => constant_value(x).map(u64::wrapping_neg),
        ExprKind::Binary(op, l, r) => {
            let (a, b) = (constant_value(l)?, constant_value(r)?);
            Some(match op {
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
            })
        }
        _ => None,
    }
}
