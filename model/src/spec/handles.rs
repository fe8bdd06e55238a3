//! Handle tables, access masks and object lifetime (catalog E1, G1-G10, I1-I17).

use super::*;

/// One handle-table entry.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct HandleEntry {
    pub object: u64,
    /// Granted access (generic rights already mapped).
    pub access: u32,
    pub inherit: bool,
    pub protect_from_close: bool,
}

impl HandleEntry {
    /// I14: HANDLE_FLAG_INHERIT (0x1) and HANDLE_FLAG_PROTECT_FROM_CLOSE (0x2).
    pub fn flags(&self) -> u32 {
        let mut f = 0;
        if self.inherit {
            f |= HANDLE_FLAG_INHERIT;
        }
        if self.protect_from_close {
            f |= HANDLE_FLAG_PROTECT_FROM_CLOSE;
        }
        f
    }
}

/// `GetCurrentProcess()` = (HANDLE)-1 (I3).
pub const CURRENT_PROCESS: u64 = u64::MAX;
/// `GetCurrentThread()` = (HANDLE)-2 (I3).
pub const CURRENT_THREAD: u64 = u64::MAX - 1;

/// I1, G8: handle values are multiples of 4 from 4; the low two bits are tag bits the kernel
/// ignores (ntdef.h `OBJ_HANDLE_TAGBITS`). Slot k holds value 4 * (k + 1).
pub fn slot_of(value: u64) -> Option<u64> {
    (value >> 2).checked_sub(1)
}

/// The value of a slot.
pub fn value_of(slot: u64) -> u64 {
    slot.saturating_add(1).saturating_mul(4)
}

/// `ACCESS_SYSTEM_SECURITY`: kept by the generic mapping (engine choice).
const ACCESS_SYSTEM_SECURITY: u32 = 0x0100_0000;

/// E1 and winnt.h: `RtlMapGenericMask` with each type's GENERIC_MAPPING, then only the rights
/// the type defines remain (MAXIMUM_ALLOWED grants them all: no DACLs are modelled).
/// Sections: GENERIC_READ -> STANDARD_RIGHTS_READ | SECTION_QUERY | SECTION_MAP_READ,
/// GENERIC_WRITE -> STANDARD_RIGHTS_WRITE | SECTION_MAP_WRITE, GENERIC_EXECUTE ->
/// STANDARD_RIGHTS_EXECUTE | SECTION_MAP_EXECUTE, GENERIC_ALL -> SECTION_ALL_ACCESS; a section
/// right set is SECTION_ALL_ACCESS plus FILE_MAP_EXECUTE (= SECTION_MAP_EXECUTE_EXPLICIT) and
/// has no SYNCHRONIZE (E1, B15).
pub fn map_generic(kind: Kind, access: u32) -> u32 {
    // (read, write, execute, all, valid)
    let (r, w, x, all, valid) = match kind {
        Kind::Section => (
            STANDARD_RIGHTS_READ | SECTION_QUERY | SECTION_MAP_READ,
            STANDARD_RIGHTS_WRITE | SECTION_MAP_WRITE,
            STANDARD_RIGHTS_EXECUTE | SECTION_MAP_EXECUTE,
            SECTION_ALL_ACCESS,
            SECTION_ALL_ACCESS | SECTION_MAP_EXECUTE_EXPLICIT,
        ),
        Kind::Event => (
            STANDARD_RIGHTS_READ | EVENT_QUERY_STATE,
            STANDARD_RIGHTS_WRITE | EVENT_MODIFY_STATE,
            STANDARD_RIGHTS_EXECUTE | SYNCHRONIZE,
            EVENT_ALL_ACCESS,
            EVENT_ALL_ACCESS,
        ),
        Kind::Mutex => (
            STANDARD_RIGHTS_READ | MUTANT_QUERY_STATE,
            STANDARD_RIGHTS_WRITE,
            STANDARD_RIGHTS_EXECUTE | SYNCHRONIZE,
            MUTANT_ALL_ACCESS,
            MUTANT_ALL_ACCESS,
        ),
        Kind::File => (
            FILE_GENERIC_READ,
            FILE_GENERIC_WRITE,
            FILE_GENERIC_EXECUTE,
            FILE_ALL_ACCESS,
            FILE_ALL_ACCESS,
        ),
        Kind::Process => (
            // PROCESS_QUERY_INFORMATION | PROCESS_VM_READ
            STANDARD_RIGHTS_READ | PROCESS_QUERY_INFORMATION | 0x10,
            // CREATE_THREAD | VM_OPERATION | VM_WRITE | DUP_HANDLE | CREATE_PROCESS |
            // SET_QUOTA | SET_INFORMATION | SUSPEND_RESUME
            STANDARD_RIGHTS_WRITE | 0x0BEA,
            STANDARD_RIGHTS_EXECUTE
                | SYNCHRONIZE
                | PROCESS_QUERY_LIMITED_INFORMATION
                | PROCESS_TERMINATE,
            PROCESS_ALL_ACCESS,
            PROCESS_ALL_ACCESS,
        ),
        Kind::Directory => (0, 0, 0, DIRECTORY_ALL_ACCESS, DIRECTORY_ALL_ACCESS),
    };
    let mut out = access & !(GENERIC_READ | GENERIC_WRITE | GENERIC_EXECUTE | GENERIC_ALL);
    if access & GENERIC_READ != 0 {
        out |= r;
    }
    if access & GENERIC_WRITE != 0 {
        out |= w;
    }
    if access & GENERIC_EXECUTE != 0 {
        out |= x;
    }
    if access & GENERIC_ALL != 0 {
        out |= all;
    }
    if out & MAXIMUM_ALLOWED != 0 {
        out = (out & !MAXIMUM_ALLOWED) | all;
    }
    out & (valid | ACCESS_SYSTEM_SECURITY)
}

/// The open-by-name access rule (wine `kernel32/tests/sync.c test_mutex`, todo_wine lines =
/// Windows: `failed == 0x0de0fffe`): ACCESS_SYSTEM_SECURITY needs SeSecurityPrivilege, which
/// model processes never hold (ERROR_PRIVILEGE_NOT_HELD); an empty mask and bits the type does
/// not define are ERROR_ACCESS_DENIED. Same for every type (NT applies it in the object
/// manager).
pub fn open_access_error(kind: Kind, access: u32) -> Option<u32> {
    if access & ACCESS_SYSTEM_SECURITY != 0 {
        return Some(ERROR_PRIVILEGE_NOT_HELD);
    }
    let defined = map_generic(kind, 0x00FF_FFFF) & !ACCESS_SYSTEM_SECURITY;
    let allowed = defined | GENERIC_READ | GENERIC_WRITE | GENERIC_EXECUTE | GENERIC_ALL;
    if access == 0 || access & !(allowed | MAXIMUM_ALLOWED) != 0 {
        return Some(ERROR_ACCESS_DENIED);
    }
    None
}

impl Model {
    /// I1, I2: a new handle takes the lowest free value (Wine `server/handle.c`; engine choice:
    /// lowest free first from 4). The handle counts on the object (G6, I17).
    pub(crate) fn add_handle(
        &mut self,
        pid: u32,
        object: u64,
        access: u32,
        inherit: bool,
    ) -> Result<u64, u32> {
        let p = self.proc_mut(pid).ok_or(ERROR_INVALID_HANDLE)?;
        let mut slot = 0u64;
        while p.handles.contains_key(&slot) {
            slot = slot.saturating_add(1);
        }
        p.handles.insert(
            slot,
            HandleEntry {
                object,
                access,
                inherit,
                protect_from_close: false,
            },
        );
        if let Some(o) = self.objects.get_mut(&object) {
            o.handle_count = o.handle_count.saturating_add(1);
        }
        Ok(value_of(slot))
    }

    /// The live entry for a handle value (tag bits ignored, G8).
    pub(crate) fn entry(&self, pid: u32, value: u64) -> Option<&HandleEntry> {
        self.proc(pid)?.handles.get(&slot_of(value)?)
    }

    /// A handle's object and access: `GetCurrentProcess()` is the process itself with
    /// PROCESS_ALL_ACCESS (I3); anything else that is not a live entry is ERROR_INVALID_HANDLE
    /// (G7, I4).
    pub(crate) fn resolve(&self, pid: u32, value: u64) -> Result<(u64, u32), u32> {
        let p = self.live(pid)?;
        if value == CURRENT_PROCESS {
            return Ok((p.object, PROCESS_ALL_ACCESS));
        }
        let e = slot_of(value)
            .and_then(|s| p.handles.get(&s))
            .ok_or(ERROR_INVALID_HANDLE)?;
        Ok((e.object, e.access))
    }

    /// As `resolve`, and the object must have the expected type: a wrong type is
    /// STATUS_OBJECT_TYPE_MISMATCH -> ERROR_INVALID_HANDLE (D13, F12, L1).
    pub(crate) fn resolve_typed(
        &self,
        pid: u32,
        value: u64,
        kind: Kind,
    ) -> Result<(u64, u32), u32> {
        let (id, access) = self.resolve(pid, value)?;
        if self.objects.get(&id).map(|o| o.kind.kind()) != Some(kind) {
            return Err(ERROR_INVALID_HANDLE);
        }
        Ok((id, access))
    }

    /// `CloseHandle` (G7, I3, I12): pseudo-handles close successfully and do nothing; NULL,
    /// stale and never-allocated values are ERROR_INVALID_HANDLE; a handle protected from
    /// close stays open and fails with STATUS_HANDLE_NOT_CLOSABLE -> ERROR_INVALID_HANDLE.
    pub fn close_handle(&mut self, pid: u32, value: u64) -> Result<(), u32> {
        self.live(pid)?;
        if value == CURRENT_PROCESS || value == CURRENT_THREAD {
            return Ok(());
        }
        let slot = slot_of(value).ok_or(ERROR_INVALID_HANDLE)?;
        let p = self.proc_mut(pid).ok_or(ERROR_INVALID_HANDLE)?;
        match p.handles.get(&slot) {
            None => return Err(ERROR_INVALID_HANDLE),
            Some(e) if e.protect_from_close => return Err(ERROR_INVALID_HANDLE),
            Some(_) => {}
        }
        let entry = p.handles.remove(&slot).ok_or(ERROR_INVALID_HANDLE)?;
        self.release_handle_ref(entry.object);
        Ok(())
    }

    /// `DuplicateHandle(GetCurrentProcess(), h, target, ...)` (I7-I11, I13, I18).
    /// - the new handle's access is `access` (generic-mapped) or, with DUPLICATE_SAME_ACCESS,
    ///   the source's; it may exceed the source's (I10: no DACL forbids it);
    /// - its inherit flag comes only from `inherit`; protect-from-close is not copied (I7);
    /// - a NULL or exited target fails ERROR_INVALID_HANDLE (I9);
    /// - DUPLICATE_CLOSE_SOURCE closes the source "regardless of any error status" (I9), but a
    ///   source protected from close stays open (I13, Wine; engine choice);
    /// - the new value is allocated before the source is closed (engine choice; I8 says the
    ///   value is not contractual).
    pub fn duplicate_handle(
        &mut self,
        pid: u32,
        source: u64,
        target: DupTarget,
        access: u32,
        inherit: bool,
        options: u32,
    ) -> Result<u64, u32> {
        let close_source = options & DUPLICATE_CLOSE_SOURCE != 0;
        let target_pid = match target {
            DupTarget::Current => Some(pid),
            DupTarget::Null => None,
            DupTarget::Pid(t) => self.proc(t).filter(|p| p.alive).map(|p| p.pid),
        };
        let Some(target_pid) = target_pid else {
            if close_source {
                let _ = self.close_handle(pid, source);
            }
            return Err(ERROR_INVALID_HANDLE);
        };
        let result = self.duplicate_inner(pid, source, target_pid, access, inherit, options);
        if close_source {
            let protected = self
                .entry(pid, source)
                .is_some_and(|e| e.protect_from_close);
            if !protected {
                let _ = self.close_handle(pid, source);
            }
        }
        result
    }

    fn duplicate_inner(
        &mut self,
        pid: u32,
        source: u64,
        target: u32,
        access: u32,
        inherit: bool,
        options: u32,
    ) -> Result<u64, u32> {
        let (object, source_access) = self.resolve(pid, source)?;
        self.live(target)?;
        let kind = self
            .objects
            .get(&object)
            .map(|o| o.kind.kind())
            .ok_or(ERROR_INVALID_HANDLE)?;
        let granted = if options & DUPLICATE_SAME_ACCESS != 0 {
            source_access
        } else {
            let wanted = map_generic(kind, access);
            // More access than the source's goes through the object's DACL for the target
            // process's token (ReactOS `ObDuplicateObject`: the access state is the target
            // process's), so an app container gets more only on its own objects (J9).
            if wanted & !source_access != 0 {
                // ACCESS_SYSTEM_SECURITY comes from SeSecurityPrivilege, never from a DACL,
                // and model processes do not hold it (ReactOS SepAccessCheck:
                // STATUS_PRIVILEGE_NOT_HELD; the open rule of issue 10).
                if wanted & !source_access & ACCESS_SYSTEM_SECURITY != 0 {
                    return Err(ERROR_PRIVILEGE_NOT_HELD);
                }
                self.check_package(target, object)?;
            }
            wanted
        };
        self.add_handle(target, object, granted, inherit)
    }

    /// `CompareObjectHandles` (I15): TRUE when both handles refer to one object (duplicates,
    /// create vs open of one name), else ERROR_NOT_SAME_OBJECT; a bogus handle is
    /// ERROR_INVALID_HANDLE (Wine 8 probe `compare_bogus`).
    pub fn compare_object_handles(&self, pid: u32, first: u64, second: u64) -> Result<(), u32> {
        let (a, _) = self.resolve(pid, first)?;
        let (b, _) = self.resolve(pid, second)?;
        if a == b {
            Ok(())
        } else {
            Err(ERROR_NOT_SAME_OBJECT)
        }
    }

    /// `GetHandleInformation` (I14): the flags; `GetCurrentProcess()` reports 0 (Wine 8 probe
    /// `gethandleinfo_pseudo_process`); a bogus handle is ERROR_INVALID_HANDLE.
    pub fn handle_information(&self, pid: u32, value: u64) -> Result<u32, u32> {
        self.live(pid)?;
        if value == CURRENT_PROCESS {
            return Ok(0);
        }
        self.entry(pid, value)
            .map(|e| e.flags())
            .ok_or(ERROR_INVALID_HANDLE)
    }

    /// `SetHandleInformation` (I12, I14): only the bits in `mask` change; undefined bits are
    /// ignored; a bogus handle (pseudo-handles included) is ERROR_INVALID_HANDLE.
    pub fn set_handle_information(
        &mut self,
        pid: u32,
        value: u64,
        mask: u32,
        flags: u32,
    ) -> Result<(), u32> {
        self.live(pid)?;
        let slot = slot_of(value).ok_or(ERROR_INVALID_HANDLE)?;
        let e = self
            .proc_mut(pid)
            .and_then(|p| p.handles.get_mut(&slot))
            .ok_or(ERROR_INVALID_HANDLE)?;
        if mask & HANDLE_FLAG_INHERIT != 0 {
            e.inherit = flags & HANDLE_FLAG_INHERIT != 0;
        }
        if mask & HANDLE_FLAG_PROTECT_FROM_CLOSE != 0 {
            e.protect_from_close = flags & HANDLE_FLAG_PROTECT_FROM_CLOSE != 0;
        }
        Ok(())
    }

    /// A kernel reference (a view on its section, a section on its file object).
    pub(crate) fn add_kernel_ref(&mut self, id: u64) {
        if let Some(o) = self.objects.get_mut(&id) {
            o.kernel_refs = o.kernel_refs.saturating_add(1);
        }
    }

    /// G1: the name goes with the last handle, even while views keep the object alive; G4:
    /// the object goes when nothing references it. H9 (engine form): the last handle of a file
    /// object runs the file system's cleanup.
    pub(crate) fn release_handle_ref(&mut self, id: u64) {
        let Some(o) = self.objects.get_mut(&id) else {
            return;
        };
        o.handle_count = o.handle_count.saturating_sub(1);
        if o.handle_count > 0 {
            return;
        }
        let dead = o.kernel_refs == 0;
        let file = match &o.kind {
            ObjKind::File(f) => Some(f.node),
            _ => None,
        };
        self.unname(id);
        if let Some(node) = file {
            self.file_cleanup(node, id);
        }
        if dead {
            self.destroy(id);
        }
    }

    /// Drops a kernel reference; the object goes when it was the last reference (G4, G5).
    pub(crate) fn release_kernel_ref(&mut self, id: u64) {
        let Some(o) = self.objects.get_mut(&id) else {
            return;
        };
        o.kernel_refs = o.kernel_refs.saturating_sub(1);
        if o.kernel_refs == 0 && o.handle_count == 0 {
            self.unname(id);
            self.destroy(id);
        }
    }

    fn unname(&mut self, id: u64) {
        if let Some(name) = self.objects.get_mut(&id).and_then(|o| o.name.take()) {
            if self.names.get(&name) == Some(&id) {
                self.names.remove(&name);
            }
        }
    }

    /// What goes with an object: a section returns its commit charge (C12) and releases its
    /// file (G5); a file object releases its file node.
    fn destroy(&mut self, id: u64) {
        let Some(o) = self.objects.remove(&id) else {
            return;
        };
        match o.kind {
            ObjKind::Section(s) => {
                self.commit_charge = self.commit_charge.saturating_sub(s.commit_charge);
                if let Backing::File { node, file_object } = s.backing {
                    if let Some(n) = self.files.get_mut(&node) {
                        n.sections.remove(&id);
                    }
                    self.release_kernel_ref(file_object);
                }
            }
            ObjKind::File(f) => {
                if let Some(n) = self.files.get_mut(&f.node) {
                    n.file_objects = n.file_objects.saturating_sub(1);
                }
                self.collect_file(f.node);
            }
            _ => {}
        }
    }
}
