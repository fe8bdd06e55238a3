//! The shape every `Create*`/`Open*` function of `sys` shares: the C name (wide or ANSI) and
//! optional SECURITY_ATTRIBUTES converted to the facade's, the facade call run as the calling
//! process, and its HANDLE converted back. Written once here, so each `extern "system"`
//! function only says which facade call it makes.

use std::ops::Deref;

use windows_sys::core::{PCSTR, PCWSTR};
use windows_sys::Win32::Foundation::HANDLE;
use windows_sys::Win32::Security::SECURITY_ATTRIBUTES;

use super::convert::{ansi, handle_out, security, wide};
use super::machine::{call, call_light};
use crate::win32::{self, Win32};

/// A C string argument: a wide (`PCWSTR`, read as `String`) or ANSI (`PCSTR`, read as bytes)
/// name.
pub(crate) trait CName: Copy {
    /// What the string is read into; the facade takes it by reference.
    type Owned: Deref;

    /// The string (`None` for NULL).
    ///
    /// # Safety
    /// `self` is NULL or points to a NUL-terminated string (see [`wide`], [`ansi`]).
    // SAFETY (caller): the `# Safety` contract above; implementations read `self` only under it.
    unsafe fn read(self) -> Option<Self::Owned>;
}

impl CName for PCWSTR {
    type Owned = String;

    // SAFETY: the caller passes NULL or a NUL-terminated string (the trait's contract), as `read` requires.
    unsafe fn read(self) -> Option<String> {
        // SAFETY: the caller's guarantee, passed on.
        unsafe { wide(self) }
    }
}

impl CName for PCSTR {
    type Owned = Vec<u8>;

    // SAFETY: the caller passes NULL or a NUL-terminated string (the trait's contract), as `read` requires.
    unsafe fn read(self) -> Option<Vec<u8>> {
        // SAFETY: the caller's guarantee, passed on.
        unsafe { ansi(self) }
    }
}

/// The name as the facade takes it: `Option<&str>` or `Option<&[u8]>`.
pub(crate) type NameRef<'a, N> = Option<&'a <<N as CName>::Owned as Deref>::Target>;

/// How the facade call runs (see `machine`) and what it answers if it cannot (the machine is
/// busy): `LIGHT` for objects that map nothing (synchronisation objects, namespaces),
/// `SYNCED` for sections (pull before, push after), `FILE` for CreateFile (synced, answering
/// INVALID_HANDLE_VALUE, its failure value).
#[derive(Clone, Copy)]
pub(crate) struct Runner {
    synced: bool,
    on_busy: win32::HANDLE,
}

impl Runner {
    pub(crate) const LIGHT: Runner = Runner {
        synced: false,
        on_busy: 0,
    };
    pub(crate) const SYNCED: Runner = Runner {
        synced: true,
        on_busy: 0,
    };
    pub(crate) const FILE: Runner = Runner {
        synced: true,
        on_busy: -1,
    };

    /// Runs `f` as the calling process and converts its HANDLE.
    fn run(self, f: impl FnOnce(&mut Win32<'_>) -> win32::HANDLE) -> HANDLE {
        let failure = handle_out(self.on_busy);
        if self.synced {
            call(failure, |w, _| handle_out(f(w)))
        } else {
            call_light(failure, |w| handle_out(f(w)))
        }
    }
}

/// A `Create*` call.
///
/// # Safety
/// `sa` is NULL or points to a readable SECURITY_ATTRIBUTES; `name` is NULL or points to a
/// NUL-terminated string (the Win32 contract of every `Create*` function).
// SAFETY (caller): the `# Safety` contract above; the body reads the pointers only under it.
pub(crate) unsafe fn create_named<N: CName>(
    runner: Runner,
    sa: *const SECURITY_ATTRIBUTES,
    name: N,
    create: impl FnOnce(
        &mut Win32<'_>,
        Option<&win32::SECURITY_ATTRIBUTES>,
        NameRef<'_, N>,
    ) -> win32::HANDLE,
) -> HANDLE {
    // SAFETY: the caller guarantees both pointers are NULL or valid.
    let (sa, name) = unsafe { (security(sa), name.read()) };
    runner.run(|w| create(w, sa.as_ref(), name.as_deref()))
}

/// An `Open*` call.
///
/// # Safety
/// `name` is NULL or points to a NUL-terminated string.
// SAFETY (caller): the `# Safety` contract above; the body reads the pointers only under it.
pub(crate) unsafe fn open_named<N: CName>(
    runner: Runner,
    name: N,
    open: impl FnOnce(&mut Win32<'_>, NameRef<'_, N>) -> win32::HANDLE,
) -> HANDLE {
    // SAFETY: the caller guarantees `name` is NULL or valid.
    let name = unsafe { name.read() };
    runner.run(|w| open(w, name.as_deref()))
}
