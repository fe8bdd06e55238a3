//! C-shaped arguments (wide and ANSI strings, SECURITY_ATTRIBUTES, out-pointers, HANDLE
//! values) to the facade's Rust-shaped ones.

use std::ffi::c_void;

use windows_sys::core::{PCSTR, PCWSTR};
use windows_sys::Win32::Foundation::HANDLE;

use crate::win32;

/// The longest string read from a C pointer (UNICODE_STRING's limit, in characters): a
/// missing terminator cannot make the reader run away.
const MAX_STRING: usize = 32_767;

/// A NUL-terminated UTF-16 string (`None` for NULL). Unpaired surrogates become U+FFFD.
///
/// # Safety
/// `p` is NULL or points to a NUL-terminated UTF-16 string (or at least `MAX_STRING` readable
/// units).
// SAFETY (caller): the `# Safety` contract above; the body reads the pointers only under it.
pub(crate) unsafe fn wide(p: PCWSTR) -> Option<String> {
    if p.is_null() {
        return None;
    }
    let mut units = Vec::new();
    for i in 0..MAX_STRING {
        // SAFETY: the caller guarantees the units up to the terminator are readable, and we
        // stop at the terminator.
        let u = unsafe { *p.add(i) };
        if u == 0 {
            break;
        }
        units.push(u);
    }
    Some(String::from_utf16_lossy(&units))
}

/// A NUL-terminated ANSI string's bytes (`None` for NULL).
///
/// # Safety
/// As [`wide`], for bytes.
// SAFETY (caller): the `# Safety` contract above; the body reads the pointers only under it.
pub(crate) unsafe fn ansi(p: PCSTR) -> Option<Vec<u8>> {
    if p.is_null() {
        return None;
    }
    let mut bytes = Vec::new();
    for i in 0..MAX_STRING {
        // SAFETY: as in `wide`.
        let b = unsafe { *p.add(i) };
        if b == 0 {
            break;
        }
        bytes.push(b);
    }
    Some(bytes)
}

/// The inherit flag of optional SECURITY_ATTRIBUTES. The binary security descriptor is not
/// read (winsection records SDDL; DACLs are not enforced yet), so objects get the creator's
/// default DACL.
///
/// # Safety
/// `sa` is NULL or points to a readable SECURITY_ATTRIBUTES.
// SAFETY (caller): the `# Safety` contract above; the body reads the pointers only under it.
pub(crate) unsafe fn security(
    sa: *const windows_sys::Win32::Security::SECURITY_ATTRIBUTES,
) -> Option<win32::SECURITY_ATTRIBUTES> {
    // SAFETY: the caller guarantees `sa` is NULL or valid.
    let sa = unsafe { sa.as_ref() }?;
    Some(win32::SECURITY_ATTRIBUTES::inherit(sa.bInheritHandle != 0))
}

/// windows-sys HANDLE -> facade HANDLE (the same pointer-sized value).
pub(crate) fn handle_in(h: HANDLE) -> win32::HANDLE {
    h as win32::HANDLE
}

/// facade HANDLE -> windows-sys HANDLE.
pub(crate) fn handle_out(h: win32::HANDLE) -> HANDLE {
    h as *mut c_void
}

/// Writes `value` through an optional out-pointer.
///
/// # Safety
/// `p` is NULL or valid for a write of `T`.
// SAFETY (caller): the `# Safety` contract above; the body reads the pointers only under it.
pub(crate) unsafe fn put<T>(p: *mut T, value: T) {
    // SAFETY: the caller guarantees `p` is NULL or writable.
    if let Some(out) = unsafe { p.as_mut() } {
        *out = value;
    }
}

/// A binary SID (`SID`: revision, sub-authority count, 48-bit big-endian authority,
/// little-endian 32-bit sub-authorities) in its `S-1-...` string form; `None` for NULL, a
/// revision other than 1 or more than 15 sub-authorities (SID_MAX_SUB_AUTHORITIES).
///
/// # Safety
/// `sid` is NULL or points to a readable SID.
// SAFETY (caller): the `# Safety` contract above; the body reads the pointers only under it.
pub(crate) unsafe fn sid_string(sid: windows_sys::Win32::Security::PSID) -> Option<String> {
    let p = sid.cast::<u8>().cast_const();
    if p.is_null() {
        return None;
    }
    // SAFETY: the caller guarantees a readable SID header of 8 bytes.
    let header = unsafe { std::slice::from_raw_parts(p, 8) };
    let (&revision, &count) = (header.first()?, header.get(1)?);
    if revision != 1 || count > 15 {
        return None;
    }
    let authority = header
        .get(2..8)?
        .iter()
        .fold(0u64, |a, b| (a << 8) | u64::from(*b));
    // SAFETY: a SID with `count` sub-authorities is 8 + 4 * count bytes long.
    let subs = unsafe { std::slice::from_raw_parts(p.add(8), 4 * usize::from(count)) };
    let mut s = format!("S-1-{authority}");
    for chunk in subs.chunks_exact(4) {
        let mut word = [0u8; 4];
        word.copy_from_slice(chunk);
        s.push_str(&format!("-{}", u32::from_le_bytes(word)));
    }
    Some(s)
}
