//! The `Virtual*` functions that name a process (`VirtualAllocEx`, `VirtualFreeEx`,
//! `VirtualProtectEx`, `VirtualQueryEx`), `VirtualAlloc2` (placeholders), and the FromApp
//! variants (`VirtualAllocFromApp`, `VirtualProtectFromApp`).
//!
//! A process handle needs PROCESS_VM_OPERATION to allocate, free or protect, and
//! PROCESS_QUERY_INFORMATION (or PROCESS_QUERY_LIMITED_INFORMATION) to query, else
//! ERROR_ACCESS_DENIED (MS docs, each function's hProcess parameter); `GetCurrentProcess()` has
//! every right. `VirtualAlloc2` takes NULL for the calling process (wine
//! `kernelbase/tests/process.c test_VirtualAlloc2`).

#![allow(non_snake_case)]

use super::memory::MEMORY_BASIC_INFORMATION_SIZE;
use super::*;
use crate::mm::protection;

impl System {
    /// The process `handle` names in `caller`'s table, if the handle holds `needed`.
    fn target_process(&self, caller: Pid, handle: HANDLE, needed: u32) -> Result<Pid> {
        let (pid, access) = self.process_handle(caller, from_handle(handle))?;
        if access & needed == 0 {
            return Err(Win32Error::ACCESS_DENIED);
        }
        Ok(pid)
    }
}

impl Win32<'_> {
    /// `VirtualAllocEx`: `VirtualAlloc` in the process `hProcess` names.
    pub fn VirtualAllocEx(
        &mut self,
        hProcess: HANDLE,
        lpAddress: LPVOID,
        dwSize: u64,
        flAllocationType: u32,
        flProtect: u32,
    ) -> LPVOID {
        let args = format_args!(
            "{hProcess:#x}, {lpAddress:#x}, {dwSize:#x}, {flAllocationType:#x}, {}",
            protection::name(flProtect)
        );
        self.call("VirtualAllocEx", args, 0, |s, p| {
            let target = s.target_process(p, hProcess, PROCESS_VM_OPERATION)?;
            s.virtual_alloc(target, lpAddress, dwSize, flAllocationType, flProtect)
        })
    }

    /// `VirtualAlloc2` without extended parameters: MEM_RESERVE|MEM_RESERVE_PLACEHOLDER with
    /// PAGE_NOACCESS makes a placeholder, MEM_RESERVE|MEM_REPLACE_PLACEHOLDER (with or
    /// without MEM_COMMIT) replaces one exactly; anything else is `VirtualAllocEx`. A NULL
    /// process is the calling one.
    pub fn VirtualAlloc2(
        &mut self,
        Process: HANDLE,
        BaseAddress: LPVOID,
        Size: u64,
        AllocationType: u32,
        PageProtection: u32,
    ) -> LPVOID {
        let args = format_args!(
            "{Process:#x}, {BaseAddress:#x}, {Size:#x}, {AllocationType:#x}, {}",
            protection::name(PageProtection)
        );
        self.call("VirtualAlloc2", args, 0, |s, p| {
            let target = if Process == 0 {
                p
            } else {
                s.target_process(p, Process, PROCESS_VM_OPERATION)?
            };
            let placeholder_bits =
                AllocationType & (MEM_RESERVE_PLACEHOLDER | MEM_REPLACE_PLACEHOLDER);
            match (AllocationType & !placeholder_bits, placeholder_bits) {
                (_, 0) => {
                    s.virtual_alloc(target, BaseAddress, Size, AllocationType, PageProtection)
                }
                (MEM_RESERVE, MEM_RESERVE_PLACEHOLDER) => {
                    s.reserve_placeholder(target, BaseAddress, Size, PageProtection)
                }
                (MEM_RESERVE, MEM_REPLACE_PLACEHOLDER) => s.replace_placeholder_with_memory(
                    target,
                    BaseAddress,
                    Size,
                    false,
                    PageProtection,
                ),
                (t, MEM_REPLACE_PLACEHOLDER) if t == MEM_RESERVE | MEM_COMMIT => s
                    .replace_placeholder_with_memory(
                        target,
                        BaseAddress,
                        Size,
                        true,
                        PageProtection,
                    ),
                _ => Err(Win32Error::INVALID_PARAMETER),
            }
        })
    }

    /// `VirtualFreeEx`: `VirtualFree` in the process `hProcess` names.
    pub fn VirtualFreeEx(
        &mut self,
        hProcess: HANDLE,
        lpAddress: LPVOID,
        dwSize: u64,
        dwFreeType: u32,
    ) -> BOOL {
        let args = format_args!("{hProcess:#x}, {lpAddress:#x}, {dwSize:#x}, {dwFreeType:#x}");
        self.call("VirtualFreeEx", args, 0, |s, p| {
            let target = s.target_process(p, hProcess, PROCESS_VM_OPERATION)?;
            s.virtual_free(target, lpAddress, dwSize, dwFreeType)
                .map(|()| 1)
        })
    }

    /// `VirtualProtectEx`: `VirtualProtect` in the process `hProcess` names; a NULL
    /// `lpflOldProtect` is ERROR_NOACCESS.
    pub fn VirtualProtectEx(
        &mut self,
        hProcess: HANDLE,
        lpAddress: LPVOID,
        dwSize: u64,
        flNewProtect: u32,
        lpflOldProtect: Option<&mut u32>,
    ) -> BOOL {
        let args = format_args!(
            "{hProcess:#x}, {lpAddress:#x}, {dwSize:#x}, {}",
            protection::name(flNewProtect)
        );
        let has_out = lpflOldProtect.is_some();
        let mut old = 0;
        let r = self.call("VirtualProtectEx", args, 0, |s, p| {
            let target = s.target_process(p, hProcess, PROCESS_VM_OPERATION)?;
            if !has_out {
                return Err(Win32Error::NOACCESS);
            }
            old = s.virtual_protect(target, lpAddress, dwSize, flNewProtect)?;
            Ok(1)
        });
        if let (Some(out), 1) = (lpflOldProtect, r) {
            *out = old;
        }
        r
    }

    /// `VirtualQueryEx`: `VirtualQuery` in the process `hProcess` names (needs
    /// PROCESS_QUERY_INFORMATION or PROCESS_QUERY_LIMITED_INFORMATION).
    pub fn VirtualQueryEx(
        &mut self,
        hProcess: HANDLE,
        lpAddress: LPVOID,
        lpBuffer: Option<&mut MEMORY_BASIC_INFORMATION>,
        dwLength: u64,
    ) -> u64 {
        let mut info = MEMORY_BASIC_INFORMATION::default();
        let has_buffer = lpBuffer.is_some();
        let n = self.call(
            "VirtualQueryEx",
            format_args!("{hProcess:#x}, {lpAddress:#x}, {dwLength}"),
            0,
            |s, p| {
                let query = PROCESS_QUERY_INFORMATION | PROCESS_QUERY_LIMITED_INFORMATION;
                let target = s.target_process(p, hProcess, query)?;
                if !has_buffer {
                    return Err(Win32Error::NOACCESS);
                }
                if dwLength < MEMORY_BASIC_INFORMATION_SIZE {
                    return Err(Win32Error::BAD_LENGTH);
                }
                info = s.virtual_query(target, lpAddress)?;
                Ok(MEMORY_BASIC_INFORMATION_SIZE)
            },
        );
        if let (Some(out), true) = (lpBuffer, n != 0) {
            *out = info;
        }
        n
    }
}
