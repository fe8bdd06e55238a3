//! Arguments as a trace shows them, formatted only when a `tracing` subscriber listens: the
//! facade passes these to `format_args!`, which formats nothing until the span is built, and
//! `tracing` builds no span nobody listens to (issue #11: building these strings on every call
//! was a tenth of an object operation).

use std::fmt;

use crate::error::Result;
use crate::mm::protection;

/// A page protection by name (`PAGE_READWRITE`).
pub(crate) struct Protection(pub u32);

impl fmt::Display for Protection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&protection::name(self.0))
    }
}

/// SEC_* attributes by name (`SEC_COMMIT|SEC_NOCACHE`).
pub(crate) struct SecAttributes(pub u32);

impl fmt::Display for SecAttributes {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&crate::dump::sec_names(self.0))
    }
}

/// An object name or path argument: quoted, `NULL`, or why it could not be converted.
pub(crate) struct Name<'a, 'n>(pub &'a super::NameArg<'n>, pub &'static str);

impl fmt::Display for Name<'_, '_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Ok(n) => write!(f, "{n:?}"),
            Err(_) => f.write_str(self.1),
        }
    }
}

/// A path argument: quoted, `NULL`, or too long.
pub(crate) struct Path<'a>(pub &'a Result<Option<String>>);

impl fmt::Display for Path<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Ok(Some(p)) => write!(f, "{p:?}"),
            Ok(None) => f.write_str("NULL"),
            Err(_) => f.write_str("(path too long)"),
        }
    }
}
