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
    unsafe fn read(self) -> Option<Self::Owned>;
}

impl CName for PCWSTR {
    type Owned = String;

    unsafe fn read(self) -> Option<String> {
        // SAFETY: the caller's guarantee, passed on.
        unsafe { wide(self) }
    }
}

impl CName for PCSTR {
    type Owned = Vec<u8>;

    unsafe fn read(self) -> Option<Vec<u8>> {
        // SAFETY: the caller's guarantee, passed on.
        unsafe { ansi(self) }
    }
}

/// The name as the facade takes it: `Option<&str>` or `Option<&[u8]>`.
pub(crate) type NameRef<'a, N> = Option<&'a <<N as CName>::Owned as Deref>::Target>;

/// How the facade call runs (see `machine`): `Light` for objects that map nothing
/// (synchronisation objects, namespaces), `Synced` for sections and files (pull before, push
/// after).
#[derive(Clone, Copy)]
pub(crate) enum Runner {
    Light,
    Synced,
}

/// Runs `f` as the calling process and converts its HANDLE; `failure` if the machine is busy.
fn run(runner: Runner, failure: HANDLE, f: impl FnOnce(&mut Win32<'_>) -> win32::HANDLE) -> HANDLE {
    match runner {
        Runner::Light => call_light(failure, |w| handle_out(f(w))),
        Runner::Synced => call(failure, |w, _| handle_out(f(w))),
    }
}

/// A `Create*` call: NULL if the machine is busy.
///
/// # Safety
/// `sa` is NULL or points to a readable SECURITY_ATTRIBUTES; `name` is NULL or points to a
/// NUL-terminated string (the Win32 contract of every `Create*` function).
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
    // SAFETY: the caller's guarantees, passed on.
    unsafe { create_named_or(runner, std::ptr::null_mut(), sa, name, create) }
}

/// [`create_named`] answering `failure` if the machine is busy (CreateFile's is
/// INVALID_HANDLE_VALUE).
///
/// # Safety
/// As [`create_named`].
pub(crate) unsafe fn create_named_or<N: CName>(
    runner: Runner,
    failure: HANDLE,
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
    run(runner, failure, |w| create(w, sa.as_ref(), name.as_deref()))
}

/// An `Open*` call: NULL if the machine is busy.
///
/// # Safety
/// `name` is NULL or points to a NUL-terminated string.
pub(crate) unsafe fn open_named<N: CName>(
    runner: Runner,
    name: N,
    open: impl FnOnce(&mut Win32<'_>, NameRef<'_, N>) -> win32::HANDLE,
) -> HANDLE {
    // SAFETY: the caller guarantees `name` is NULL or valid.
    let name = unsafe { name.read() };
    run(runner, std::ptr::null_mut(), |w| open(w, name.as_deref()))
}
