//! `NtQueryObject(ObjectBasicInformation)` (ntdll `om.c`; catalog G6, I16, I17): what a
//! handle grants and how referenced its object is.
//!
//! - `Attributes`: OBJ_INHERIT (2) for an inheritable handle, else 0 (GetCurrentProcess()
//!   included: its flags read 0, I14);
//! - `GrantedAccess`: the handle's access (PROCESS_ALL_ACCESS for GetCurrentProcess(), I3);
//! - `HandleCount`: handles to the object in every process;
//! - `PointerCount`: every reference — each handle is also a pointer reference in NT, and the
//!   kernel ones the model counts (views on their section, a section on its file object, a
//!   running process on itself). The figures are the engine's documented ones
//!   (`ob/object.rs`); Windows adds references of its own (its handle tables' bias) that no
//!   Win32 program can rely on.
//!
//! A value that is no handle is STATUS_INVALID_HANDLE; the last error is left alone.

use super::native::STATUS_INVALID_HANDLE;
use super::*;

/// `OBJ_INHERIT`.
const OBJ_INHERIT: u32 = 0x2;

impl Model {
    /// `NtQueryObject(handle, ObjectBasicInformation)`: `[Attributes, GrantedAccess,
    /// HandleCount, PointerCount]`.
    pub fn query_object(&self, pid: u32, handle: u64) -> Result<[u32; 4], i32> {
        let (id, access) = self
            .resolve(pid, handle)
            .map_err(|_| STATUS_INVALID_HANDLE)?;
        let o = self.objects.get(&id).ok_or(STATUS_INVALID_HANDLE)?;
        let flags = self.handle_information(pid, handle).unwrap_or(0);
        let attributes = if flags & HANDLE_FLAG_INHERIT != 0 {
            OBJ_INHERIT
        } else {
            0
        };
        let pointers = o.handle_count.saturating_add(o.kernel_refs);
        Ok([attributes, access, o.handle_count, pointers])
    }
}
