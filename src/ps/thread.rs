//! A thread's user-mode state that winsection keeps: its last-error value.

/// The part of a thread environment block that kernel32 uses here: `LastErrorValue`.
///
/// The engine never reads or writes it: only the `win32` facade does, exactly as only kernel32
/// touches `NtCurrentTeb()->LastErrorValue` (`GetLastError`/`SetLastError`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Teb {
    /// Thread id (multiple of 4, as Windows hands them out).
    pub tid: u32,
    /// `GetLastError()`.
    pub last_error: u32,
}
