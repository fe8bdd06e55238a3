//! `ReadProcessMemory` / `WriteProcessMemory`: another process's simulated memory, through a
//! process handle.
//!
//! MS docs: the handle needs PROCESS_VM_READ (read) or PROCESS_VM_WRITE and
//! PROCESS_VM_OPERATION (write), else ERROR_ACCESS_DENIED; "the entire area ... must be
//! accessible, and if it is not accessible, the function fails" — NtReadVirtualMemory /
//! NtWriteVirtualMemory answer STATUS_PARTIAL_COPY -> ERROR_PARTIAL_COPY. winsection checks the
//! whole range first and copies nothing when any page is not committed, readable (writable,
//! copy-on-write included) or is a guard page, so a failed call changes nothing and the count
//! is 0. Not modelled: kernelbase's WriteProcessMemory making a read-only page writable for the
//! write (it is refused here, as the documentation's "accessible" reads).

#![allow(non_snake_case)]

use super::*;
use crate::mm::protection;

impl System {
    /// Whether every page of `[address, address + len)` in `pid` is committed, not a guard page
    /// and allows the access.
    fn range_allows(&self, pid: Pid, address: u64, len: u64, write: bool) -> bool {
        let Some(end) = address.checked_add(len) else {
            return false;
        };
        let mut at = address;
        while at < end {
            let Ok(mbi) = self.virtual_query(pid, at) else {
                return false;
            };
            let ok = mbi.State == MEM_COMMIT
                && mbi.Protect & PAGE_GUARD == 0
                && if write {
                    protection::allows_write(mbi.Protect)
                } else {
                    protection::allows_read(mbi.Protect)
                };
            if !ok || mbi.RegionSize == 0 {
                return false;
            }
            at = mbi.BaseAddress.saturating_add(mbi.RegionSize);
        }
        true
    }

    fn process_with(&self, caller: Pid, handle: HANDLE, needed: u32) -> Result<Pid> {
        let (pid, access) = self.process_handle(caller, from_handle(handle))?;
        if access & needed != needed {
            return Err(Win32Error::ACCESS_DENIED);
        }
        Ok(pid)
    }
}

impl Win32<'_> {
    /// `ReadProcessMemory(hProcess, lpBaseAddress, lpBuffer, nSize, &read)`: fills
    /// `lpBuffer[..nSize]`.
    pub fn ReadProcessMemory(
        &mut self,
        hProcess: HANDLE,
        lpBaseAddress: LPVOID,
        lpBuffer: &mut [u8],
        nSize: u64,
        lpNumberOfBytesRead: Option<&mut u64>,
    ) -> BOOL {
        let args = format_args!("{hProcess:#x}, {lpBaseAddress:#x}, {nSize:#x}");
        let capacity = lpBuffer.len() as u64;
        let mut data = Vec::new();
        let r = self.call("ReadProcessMemory", args, 0, |s, p| {
            let target = s.process_with(p, hProcess, PROCESS_VM_READ)?;
            if nSize > capacity {
                return Err(Win32Error::NOACCESS);
            }
            if !s.range_allows(target, lpBaseAddress, nSize, false) {
                return Err(Win32Error::PARTIAL_COPY);
            }
            data = s
                .read_memory(target, lpBaseAddress, nSize)?
                .map_err(|_| Win32Error::PARTIAL_COPY)?;
            Ok(1)
        });
        if r == 1 {
            if let Some(dst) = lpBuffer.get_mut(..data.len()) {
                dst.copy_from_slice(&data);
            }
        }
        if let Some(n) = lpNumberOfBytesRead {
            *n = if r == 1 { data.len() as u64 } else { 0 };
        }
        r
    }

    /// `WriteProcessMemory(hProcess, lpBaseAddress, lpBuffer, nSize, &written)`.
    pub fn WriteProcessMemory(
        &mut self,
        hProcess: HANDLE,
        lpBaseAddress: LPVOID,
        lpBuffer: &[u8],
        nSize: u64,
        lpNumberOfBytesWritten: Option<&mut u64>,
    ) -> BOOL {
        let args = format_args!("{hProcess:#x}, {lpBaseAddress:#x}, {nSize:#x}");
        let r = self.call("WriteProcessMemory", args, 0, |s, p| {
            let target = s.process_with(p, hProcess, PROCESS_VM_WRITE | PROCESS_VM_OPERATION)?;
            let data = usize::try_from(nSize)
                .ok()
                .and_then(|n| lpBuffer.get(..n))
                .ok_or(Win32Error::NOACCESS)?;
            if !s.range_allows(target, lpBaseAddress, nSize, true) {
                return Err(Win32Error::PARTIAL_COPY);
            }
            s.write_memory(target, lpBaseAddress, data)?
                .map_err(|_| Win32Error::PARTIAL_COPY)?;
            Ok(1)
        });
        if let Some(n) = lpNumberOfBytesWritten {
            *n = if r == 1 { nSize } else { 0 };
        }
        r
    }
}
