//! App containers and the FromApp family (catalog J6, J7, J9, J10; MS docs "AppContainer
//! isolation", "OpenFileMappingFromApp", "VirtualProtectFromApp"; wine
//! `kernelbase/tests/process.c`, which ran on Windows).
//!
//! The model has one user, so every object's DACL grants every desktop process (the owner's
//! full access). An app container's access check has a second pass over its package: it gets
//! only what an ACE for its own SID (or ALL APPLICATION PACKAGES) also grants. The only such
//! ACE in this vocabulary is the one a lowbox token's default DACL puts on what the app
//! container creates, so an app container reaches its own objects and nothing else.

use super::*;

/// Whether a protection names any PAGE_EXECUTE* value.
fn executable(protection: u32) -> bool {
    protection
        & (PAGE_EXECUTE | PAGE_EXECUTE_READ | PAGE_EXECUTE_READWRITE | PAGE_EXECUTE_WRITECOPY)
        != 0
}

impl Model {
    /// J6, J9: the package pass of the access check. An app-container caller may open only
    /// an object made by a process of its own app container (ERROR_ACCESS_DENIED otherwise);
    /// a desktop caller passes. Only objects made by a `Create*` call (sections, events,
    /// mutexes) have a security descriptor; files and processes have none here and grant
    /// what is asked (engine choice: no file or process DACLs are modelled).
    pub(crate) fn check_package(&self, pid: u32, object: u64) -> Result<(), u32> {
        let package = self.live(pid)?.package;
        let Some(o) = self.objects.get(&object) else {
            return Ok(());
        };
        let secured = matches!(o.kind.kind(), Kind::Section | Kind::Event | Kind::Mutex);
        match package {
            Some(k) if secured && o.package != Some(k) => Err(ERROR_ACCESS_DENIED),
            _ => Ok(()),
        }
    }

    /// J10: executable memory through the FromApp calls needs the `codeGeneration` capability
    /// in an app container ("You can only successfully request executable protection if your
    /// app has the codeGeneration capability"); desktop processes may (wine
    /// `test_MapViewOfFileFromApp`, `test_VirtualProtectFromApp`). The docs name no error for a
    /// refusal: engine choice ERROR_ACCESS_DENIED (README "Choices").
    fn refuse_code_generation(&self, pid: u32, executable: bool) -> Result<(), u32> {
        let p = self.live(pid)?;
        if executable && p.package.is_some() && !p.code_generation {
            return Err(ERROR_ACCESS_DENIED);
        }
        Ok(())
    }

    /// `OpenFileMappingFromApp`: FILE_MAP_EXECUTE is refused to an app container without
    /// `codeGeneration` (J10) and otherwise asks for SECTION_MAP_EXECUTE (wine
    /// `test_OpenFileMappingFromApp`, a todo_wine line); the handle gets exactly the access
    /// asked (FILE_MAP_COPY is not turned into FILE_MAP_READ as OpenFileMappingW does); then as
    /// `OpenFileMappingW`.
    pub fn open_file_mapping_from_app(
        &mut self,
        pid: u32,
        access: u32,
        inherit: bool,
        name: Option<&str>,
    ) -> Result<u64, u32> {
        self.refuse_code_generation(pid, access & FILE_MAP_EXECUTE != 0)?;
        let access = if access & FILE_MAP_EXECUTE != 0 {
            (access & !FILE_MAP_EXECUTE) | SECTION_MAP_EXECUTE
        } else {
            access
        };
        self.open_object(pid, Kind::Section, name, access, inherit)
    }

    /// `CreateFileMappingFromApp`: an executable page protection is refused to an app
    /// container without `codeGeneration` (J10; desktop processes may: wine
    /// `test_CreateFileMappingFromApp`); then as `CreateFileMappingW` with a 64-bit size
    /// (catalog C16). The caller must be running (ERROR_INVALID_HANDLE).
    pub fn create_file_mapping_from_app(
        &mut self,
        pid: u32,
        file: HANDLE,
        protect: u32,
        size: u64,
        name: Option<&str>,
        inherit: bool,
    ) -> Result<(u64, bool), u32> {
        self.refuse_code_generation(pid, executable(protect))?;
        if self.ce {
            // A Windows 10 call: on the CE profile only CE's section checks apply, not
            // CreateFileMapping's CE conventions (NULL attributes, the file handle taken
            // over), which belong to CE's own CreateFileMapping (engine choice, win32/ce.rs).
            self.ce_check_mapping(pid, file, protect, size, name)?;
        }
        self.create_mapping(pid, file, protect, size, name, inherit)
    }

    /// `MapViewOfFileFromApp`: FILE_MAP_EXECUTE is refused to an app container without
    /// `codeGeneration` (J10; wine `test_MapViewOfFileFromApp`); then as `MapViewOfFile`
    /// with a 64-bit offset.
    pub fn map_view_from_app(
        &mut self,
        pid: u32,
        handle: u64,
        access: u32,
        offset: u64,
        size: u64,
    ) -> Result<u64, u32> {
        self.refuse_code_generation(pid, access & FILE_MAP_EXECUTE != 0)?;
        self.map_view(pid, handle, access, offset, size, 0)
    }

    /// `VirtualAllocFromApp(address, size, MEM_COMMIT, protect)`: every PAGE_EXECUTE*
    /// protection is ERROR_INVALID_PARAMETER, for desktop processes too ("VirtualAllocFromApp"
    /// doc; wine `test_VirtualAllocFromApp`); then as `VirtualAlloc`.
    pub fn virtual_alloc_from_app(
        &mut self,
        pid: u32,
        address: u64,
        size: u64,
        protect: u32,
    ) -> Result<u64, u32> {
        if executable(protect) {
            return Err(ERROR_INVALID_PARAMETER);
        }
        self.virtual_alloc(pid, address, size, MEM_COMMIT, protect)
    }

    /// `VirtualProtectFromApp`: an executable protection is refused to an app container
    /// without `codeGeneration` (J10); otherwise `VirtualProtect`.
    pub fn virtual_protect_from_app(
        &mut self,
        pid: u32,
        address: u64,
        size: u64,
        protect: u32,
    ) -> Result<u32, u32> {
        self.refuse_code_generation(pid, executable(protect))?;
        self.virtual_protect(pid, address, size, protect)
    }
}
