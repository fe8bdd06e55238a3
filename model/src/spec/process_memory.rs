//! Another process through a process handle: `OpenProcess`, `ReadProcessMemory`,
//! `WriteProcessMemory`, `VirtualQueryEx` (issue 10; MS docs "Process Security and Access
//! Rights" and each function's page).

use super::*;

impl Model {
    /// `OpenProcess`: a process that is not running (or pid 0) is ERROR_INVALID_PARAMETER
    /// (OpenProcess doc: "If the specified process is the System Idle Process (0x00000000),
    /// the function fails and the last error code is ERROR_INVALID_PARAMETER"); the handle
    /// gets the generic-mapped access asked. Engine choice: no access check (one user owns
    /// every process) and an empty mask is granted as asked.
    pub fn open_process(
        &mut self,
        pid: u32,
        target: u32,
        access: u32,
        inherit: bool,
    ) -> Result<u64, u32> {
        self.live(pid)?;
        let object = self
            .proc(target)
            .filter(|p| p.alive)
            .map(|p| p.object)
            .ok_or(ERROR_INVALID_PARAMETER)?;
        self.add_handle(
            pid,
            object,
            handles::map_generic(Kind::Process, access),
            inherit,
        )
    }

    /// The process a process handle names and the handle's access (`GetCurrentProcess()` is
    /// the caller with PROCESS_ALL_ACCESS); any other handle is ERROR_INVALID_HANDLE.
    pub(crate) fn process_of(&self, pid: u32, handle: u64) -> Result<(u32, u32), u32> {
        let (id, access) = self.resolve_typed(pid, handle, Kind::Process)?;
        match self.objects.get(&id).map(|o| &o.kind) {
            Some(ObjKind::Process(target)) => Ok((*target, access)),
            _ => Err(ERROR_INVALID_HANDLE),
        }
    }

    /// Whether the byte at `address` of `target` is committed, not a guard page, and allows
    /// the access (a copy-on-write page allows writing) — ReadProcessMemory doc: "the entire
    /// area to be read must be accessible, and if it is not accessible, the function fails".
    fn accessible(&self, target: u32, address: u64, write: bool) -> bool {
        let Ok(m) = self.virtual_query(target, address) else {
            return false;
        };
        let allowed = if write {
            protection::writable(m.protect)
        } else {
            protection::readable(m.protect)
        };
        m.state == MEM_COMMIT && m.protect & PAGE_GUARD == 0 && allowed
    }

    /// `ReadProcessMemory` of one byte: the handle needs PROCESS_VM_READ
    /// (ERROR_ACCESS_DENIED); an inaccessible byte is STATUS_PARTIAL_COPY ->
    /// ERROR_PARTIAL_COPY, nothing read.
    pub fn read_process_memory(&mut self, pid: u32, handle: u64, address: u64) -> Result<u8, u32> {
        let (target, access) = self.process_of(pid, handle)?;
        if access & PROCESS_VM_READ == 0 {
            return Err(ERROR_ACCESS_DENIED);
        }
        if !self.accessible(target, address, false) {
            return Err(ERROR_PARTIAL_COPY);
        }
        match self.read_byte(target, address) {
            Access::Done(b) => Ok(b),
            _ => Err(ERROR_PARTIAL_COPY),
        }
    }

    /// `WriteProcessMemory` of one byte: the handle needs PROCESS_VM_WRITE and
    /// PROCESS_VM_OPERATION (ERROR_ACCESS_DENIED); an inaccessible byte is ERROR_PARTIAL_COPY
    /// and nothing is written. A copy-on-write page is copied as a write from the process
    /// would copy it. (Engine choice: a read-only page is refused, not made writable for the
    /// write as kernelbase does.)
    pub fn write_process_memory(
        &mut self,
        pid: u32,
        handle: u64,
        address: u64,
        value: u8,
    ) -> Result<(), u32> {
        let (target, access) = self.process_of(pid, handle)?;
        let needed = PROCESS_VM_WRITE | PROCESS_VM_OPERATION;
        if access & needed != needed {
            return Err(ERROR_ACCESS_DENIED);
        }
        if !self.accessible(target, address, true) {
            return Err(ERROR_PARTIAL_COPY);
        }
        match self.write_byte(target, address, value) {
            Access::Done(()) => Ok(()),
            _ => Err(ERROR_PARTIAL_COPY),
        }
    }

    /// `VirtualQueryEx`: the handle needs PROCESS_QUERY_INFORMATION or
    /// PROCESS_QUERY_LIMITED_INFORMATION (ERROR_ACCESS_DENIED); then `VirtualQuery` in the
    /// process it names.
    pub fn virtual_query_ex(&self, pid: u32, handle: u64, address: u64) -> Result<Mbi, u32> {
        let (target, access) = self.process_of(pid, handle)?;
        if access & (PROCESS_QUERY_INFORMATION | PROCESS_QUERY_LIMITED_INFORMATION) == 0 {
            return Err(ERROR_ACCESS_DENIED);
        }
        self.virtual_query(target, address)
    }

    /// `VirtualProtectEx`: the handle needs PROCESS_VM_OPERATION (ERROR_ACCESS_DENIED; MS docs
    /// VirtualProtectEx: "The handle must have the PROCESS_VM_OPERATION access right"); then
    /// `VirtualProtect` in the process it names, the caller's last error set on failure.
    pub fn virtual_protect_ex(
        &mut self,
        pid: u32,
        handle: u64,
        address: u64,
        size: u64,
        protect: u32,
    ) -> Result<u32, u32> {
        let (target, access) = self.process_of(pid, handle)?;
        if access & PROCESS_VM_OPERATION == 0 {
            return Err(ERROR_ACCESS_DENIED);
        }
        self.virtual_protect(target, address, size, protect)
    }
}
