//! The Win32-shaped facade: functions named and shaped as the Win32 API, returning HANDLE /
//! BOOL / NULL, with Windows' last-error conventions.
//!
//! `system.win32(pid)` gives a [`Win32`] bound to that process's (single) thread. Conventions
//! (catalog A18, L3): `CreateFileMapping*` and the other `Create*` functions set the last error
//! on success too (0, or ERROR_ALREADY_EXISTS for an existing name); `Open*`, `CloseHandle`,
//! `DuplicateHandle`, `MapViewOfFile*`, `UnmapViewOfFile*` and the other BOOL functions leave it
//! unchanged on success. Every call is a `tracing` span with its arguments, result and last
//! error.

mod app_container;
mod ce;
mod file_information;
mod files;
mod memory;
mod namespaces;
mod nt;
mod objects;
mod process_memory;
mod sections;
mod shown;
mod types;
mod virtual_ex;

pub use crate::consts::*;
pub use crate::error::codes::*;
pub use crate::mm::virtual_memory::MEMORY_BASIC_INFORMATION;
pub use file_information::{file_info_size, FILE_INFO};
pub use nt::{
    section_information_size, NTSTATUS, OBJECT_BASIC_INFORMATION, OBJECT_BASIC_INFORMATION_CLASS,
    OBJECT_BASIC_INFORMATION_SIZE, SECTION_BASIC_INFORMATION, SECTION_BASIC_INFORMATION_SIZE,
    SECTION_IMAGE_INFORMATION, SECTION_IMAGE_INFORMATION_SIZE, SECTION_INFORMATION,
};
pub use objects::ProcessRef;
pub use types::*;

use std::fmt;

use crate::error::{Result, Win32Error};
use crate::ob::api::Disposition;
use crate::ob::handle_table::Handle;
use crate::ps::Pid;
use crate::system::System;

/// A process's view of the Win32 API.
pub struct Win32<'a> {
    sys: &'a mut System,
    pid: Pid,
}

impl System {
    /// The Win32 API as process `pid` (its first thread) calls it.
    pub fn win32(&mut self, pid: Pid) -> Win32<'_> {
        Win32 { sys: self, pid }
    }
}

#[allow(non_snake_case)]
impl Win32<'_> {
    /// The process this facade calls as.
    pub fn pid(&self) -> Pid {
        self.pid
    }

    /// The machine underneath.
    pub fn system(&mut self) -> &mut System {
        self.sys
    }

    /// `GetLastError()`.
    pub fn GetLastError(&self) -> u32 {
        self.sys.teb(self.pid).map_or(0, |t| t.last_error)
    }

    /// `SetLastError()`.
    pub fn SetLastError(&mut self, code: u32) {
        if let Some(teb) = self.sys.teb_mut(self.pid) {
            teb.last_error = code;
        }
    }

    /// `GetCurrentProcess()`: the pseudo-handle (HANDLE)-1.
    pub fn GetCurrentProcess(&self) -> HANDLE {
        -1
    }

    /// `GetCurrentProcessId()`.
    pub fn GetCurrentProcessId(&self) -> u32 {
        self.pid.0
    }

    /// Runs an engine call inside a span: on failure the last error is set and `failure`
    /// returned; on success the last error is left unchanged.
    fn call<T: fmt::Debug>(
        &mut self,
        name: &'static str,
        args: fmt::Arguments<'_>,
        failure: T,
        f: impl FnOnce(&mut System, Pid) -> Result<T>,
    ) -> T {
        let span = tracing::info_span!("win32", call = name, pid = self.pid.0, args = %args);
        let _enter = span.enter();
        let result = f(self.sys, self.pid);
        let value = match result {
            Ok(v) => v,
            Err(e) => {
                self.sys.hit_error(e);
                self.SetLastError(e.code());
                failure
            }
        };
        tracing::info!(result = ?value, last_error = self.GetLastError(), "returned");
        value
    }

    /// A create-or-open call: the last error becomes 0 or ERROR_ALREADY_EXISTS on success.
    fn call_create(
        &mut self,
        name: &'static str,
        args: fmt::Arguments<'_>,
        f: impl FnOnce(&mut System, Pid) -> Result<(Handle, Disposition)>,
    ) -> HANDLE {
        self.call_create_or(name, args, 0, f)
    }

    /// `call_create` with another failure value (INVALID_HANDLE_VALUE for CreateFile).
    fn call_create_or(
        &mut self,
        name: &'static str,
        args: fmt::Arguments<'_>,
        failure: HANDLE,
        f: impl FnOnce(&mut System, Pid) -> Result<(Handle, Disposition)>,
    ) -> HANDLE {
        let mut disposition = Disposition::Created;
        let h = self.call(name, args, failure, |sys, pid| {
            let (h, d) = f(sys, pid)?;
            disposition = d;
            Ok(to_handle(h))
        });
        if h != failure {
            // A successful create always sets the last error (catalog A18).
            self.sys.hit(crate::rule::RuleId::A18);
            let code = match disposition {
                Disposition::Created => ERROR_SUCCESS,
                Disposition::OpenedExisting => ERROR_ALREADY_EXISTS,
            };
            self.SetLastError(code);
        }
        h
    }
}

/// A 64-bit value from its high and low DWORDs (sizes and offsets split in two arguments).
pub(crate) fn dword_pair(high: u32, low: u32) -> u64 {
    (u64::from(high) << 32) | u64::from(low)
}

/// HANDLE value -> engine handle.
pub(crate) fn from_handle(h: HANDLE) -> Handle {
    Handle(h as u64)
}

/// Engine handle -> HANDLE value.
pub(crate) fn to_handle(h: Handle) -> HANDLE {
    h.value() as HANDLE
}

/// The part of a C string before its first NUL.
pub(crate) fn c_str(s: &str) -> &str {
    s.split('\0').next().unwrap_or("")
}

/// ANSI object names are converted through a MAX_PATH buffer: 260 bytes or more fail with
/// ERROR_FILENAME_EXCED_RANGE (Wine `kernelbase/sync.c`, Wine 8 oracle `named_long_260_A`;
/// catalog A16 — real Windows may cut off at 261; the 260 is followed). Bytes are
/// decoded as Latin-1 (code page 1252 for ASCII and most of the upper half).
/// An object-name argument as the facade passes it on: borrowed from a `W` call's `&str` (no
/// copy on the hot path: issue #11), owned when decoded from an `A` call's bytes; `Err` when
/// the decoding failed (too long).
pub(crate) type NameArg<'a> = Result<Option<std::borrow::Cow<'a, str>>>;

pub(crate) fn ansi_name(name: Option<&[u8]>) -> Result<Option<String>> {
    match name {
        None => Ok(None),
        Some(bytes) => {
            let bytes = bytes.split(|b| *b == 0).next().unwrap_or(&[]);
            if bytes.len() >= 260 {
                return Err(crate::error::NtStatus::NAME_TOO_LONG.by(crate::rule::RuleId::A16));
            }
            Ok(Some(bytes.iter().map(|&b| char::from(b)).collect()))
        }
    }
}

/// The inherit flag of optional SECURITY_ATTRIBUTES.
pub(crate) fn inherit_of(sa: Option<&SECURITY_ATTRIBUTES>) -> bool {
    sa.is_some_and(|sa| sa.bInheritHandle != 0)
}

impl fmt::Debug for Win32<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Win32 {{ pid: {} }}", self.pid)
    }
}
