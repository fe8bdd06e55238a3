//! VirtualQuery, VirtualProtect, VirtualAlloc, VirtualFree, VirtualLock, VirtualUnlock.

#![allow(non_snake_case)]

use super::*;

/// `sizeof(MEMORY_BASIC_INFORMATION)` on x64.
pub const MEMORY_BASIC_INFORMATION_SIZE: u64 = 48;

impl Win32<'_> {
    /// `VirtualQuery`: returns the bytes written (48), or 0 with ERROR_INVALID_PARAMETER for an
    /// address beyond user space, ERROR_BAD_LENGTH for a short buffer, ERROR_NOACCESS for a NULL
    /// one (catalog F13).
    pub fn VirtualQuery(
        &mut self,
        lpAddress: LPVOID,
        lpBuffer: Option<&mut MEMORY_BASIC_INFORMATION>,
        dwLength: u64,
    ) -> u64 {
        let mut info = MEMORY_BASIC_INFORMATION::default();
        let has_buffer = lpBuffer.is_some();
        let n = self.call(
            "VirtualQuery",
            format_args!("{lpAddress:#x}, {dwLength}"),
            0,
            |s, p| {
                if !has_buffer {
                    return Err(Win32Error::NOACCESS);
                }
                if dwLength < MEMORY_BASIC_INFORMATION_SIZE {
                    return Err(Win32Error::BAD_LENGTH);
                }
                info = s.virtual_query(p, lpAddress)?;
                if info.Type == MEM_MAPPED {
                    // What VirtualQuery reports for a view (catalog F13).
                    s.hit(crate::rule::RuleId::F13);
                }
                Ok(MEMORY_BASIC_INFORMATION_SIZE)
            },
        );
        if let (Some(out), true) = (lpBuffer, n != 0) {
            *out = info;
        }
        n
    }

    /// `VirtualProtect`; a NULL `lpflOldProtect` fails with ERROR_NOACCESS before anything
    /// changes (NtProtectVirtualMemory probes its output first; catalog F14).
    pub fn VirtualProtect(
        &mut self,
        lpAddress: LPVOID,
        dwSize: u64,
        flNewProtect: u32,
        lpflOldProtect: Option<&mut u32>,
    ) -> BOOL {
        let args = format_args!(
            "{lpAddress:#x}, {dwSize:#x}, {}",
            super::shown::Protection(flNewProtect)
        );
        let has_out = lpflOldProtect.is_some();
        let mut old = 0;
        let r = self.call("VirtualProtect", args, 0, |s, p| {
            if !has_out {
                return Err(Win32Error::NOACCESS);
            }
            old = s.virtual_protect(p, lpAddress, dwSize, flNewProtect)?;
            Ok(1)
        });
        if let (Some(out), 1) = (lpflOldProtect, r) {
            *out = old;
        }
        r
    }

    /// `VirtualAlloc` (catalog F17, F19 for views).
    pub fn VirtualAlloc(
        &mut self,
        lpAddress: LPVOID,
        dwSize: u64,
        flAllocationType: u32,
        flProtect: u32,
    ) -> LPVOID {
        let args = format_args!(
            "{lpAddress:#x}, {dwSize:#x}, {flAllocationType:#x}, {}",
            super::shown::Protection(flProtect)
        );
        self.call("VirtualAlloc", args, 0, |s, p| {
            s.virtual_alloc(p, lpAddress, dwSize, flAllocationType, flProtect)
        })
    }

    /// `VirtualFree` (catalog F18).
    pub fn VirtualFree(&mut self, lpAddress: LPVOID, dwSize: u64, dwFreeType: u32) -> BOOL {
        self.call(
            "VirtualFree",
            format_args!("{lpAddress:#x}, {dwSize:#x}, {dwFreeType:#x}"),
            0,
            |s, p| s.virtual_free(p, lpAddress, dwSize, dwFreeType).map(|()| 1),
        )
    }

    /// `VirtualLock`.
    pub fn VirtualLock(&mut self, lpAddress: LPVOID, dwSize: u64) -> BOOL {
        self.call(
            "VirtualLock",
            format_args!("{lpAddress:#x}, {dwSize:#x}"),
            0,
            |s, p| s.virtual_lock(p, lpAddress, dwSize).map(|()| 1),
        )
    }

    /// `VirtualUnlock` (ERROR_NOT_LOCKED when any page is not locked).
    pub fn VirtualUnlock(&mut self, lpAddress: LPVOID, dwSize: u64) -> BOOL {
        self.call(
            "VirtualUnlock",
            format_args!("{lpAddress:#x}, {dwSize:#x}"),
            0,
            |s, p| s.virtual_unlock(p, lpAddress, dwSize).map(|()| 1),
        )
    }
}
