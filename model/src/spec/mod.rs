//! The reference model: one naive machine (one host, the `C:` volume, processes, the object
//! namespace, sections, views, private memory and placeholders, and files) and the documented
//! rules that change it.
//!
//! Sources are cited per rule as catalog ids (`shared/behaviour/catalog.md`, which names the
//! Wine 8 oracle line, Wine conformance test or Microsoft Learn page behind each rule). Where
//! the catalog is silent or flags a rule as unverified, the model follows the engine's
//! documented choice and says "engine choice" with the engine doc it follows.
//!
//! Representation (deliberately simple):
//! - objects in a `BTreeMap` by serial number, with a handle count and a count of kernel
//!   references (views on sections, sections on file objects, a running process on itself);
//! - named objects in a `BTreeMap<(Dir, String), id>`; the `Global`/`Local`/`Session` links are
//!   computed, not stored;
//! - handle tables as `BTreeMap<slot, entry>`;
//! - bytes as `BTreeMap<offset, u8>` (absent = 0);
//! - per-page state as interval lists (later entries win; private memory: disjoint runs), so a
//!   1 TiB view or reservation costs one entry.

pub mod app_container;
pub mod ce;
pub mod file_information;
pub mod file_locks;
pub mod file_moves;
pub mod files;
pub mod handles;
pub mod image;
pub mod names;
pub mod native;
pub mod object_info;
pub mod private_memory;
pub mod process;
pub mod process_memory;
pub mod protection;
pub mod sections;
pub mod views;

use std::collections::{BTreeMap, BTreeSet};

pub use winsection::consts::*;
pub use winsection::error::codes::*;
pub use winsection::fuzzing::op::PeImage;

use names::Dir;

/// `HANDLE` as the Win32 facade takes it.
pub type HANDLE = isize;

/// The first process id the engine hands out, and the step between ids (engine choice:
/// `System::spawn`, pids are multiples of 4 from 0x100, never reused).
pub const FIRST_PID: u32 = 0x100;

/// The default commit limit: 32 GiB (engine choice, `SystemConfig::default`; catalog C12, C13:
/// "the emulator should expose a configurable commit limit").
pub const DEFAULT_COMMIT_LIMIT: u64 = 32 << 30;

/// A concrete Win32 call, as both the model and the engine receive it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Call {
    /// Nothing to do (an op that found nothing live to act on).
    Noop,
    /// `System::spawn` with a session, SeCreateGlobalPrivilege, an optional parent, and an
    /// optional app container (the index of its package in `APP_CONTAINERS`, and whether it
    /// holds `codeGeneration`).
    Spawn {
        session: u32,
        create_global: bool,
        parent: Option<u32>,
        inherit_handles: bool,
        app_container: Option<(usize, bool)>,
    },
    /// A fresh machine of the `windows` or (`ce`) the CE profile, with two processes in
    /// session 1.
    Machine { ce: bool },
    /// `ExitProcess(0)` as `pid`.
    Exit { pid: u32 },
    /// `CreateFileMappingW(file, sa, flProtect, size >> 32, size as u32, name)`.
    CreateFileMapping {
        pid: u32,
        file: HANDLE,
        fl_protect: u32,
        size: u64,
        name: Option<String>,
        inherit: bool,
    },
    /// `OpenFileMappingW(access, inherit, name)`.
    OpenFileMapping {
        pid: u32,
        access: u32,
        inherit: bool,
        name: Option<String>,
    },
    /// `CreateEventW(sa, FALSE, FALSE, name)`.
    CreateEvent {
        pid: u32,
        name: Option<String>,
        inherit: bool,
    },
    /// `CreateMutexW(sa, FALSE, name)`.
    CreateMutex {
        pid: u32,
        name: Option<String>,
        inherit: bool,
    },
    /// `OpenEventW(access, FALSE, name)`.
    OpenEvent {
        pid: u32,
        access: u32,
        name: Option<String>,
    },
    /// `CloseHandle(handle)`.
    CloseHandle { pid: u32, handle: HANDLE },
    /// `DuplicateHandle(GetCurrentProcess(), handle, target, &out, access, inherit, options)`.
    DuplicateHandle {
        pid: u32,
        handle: HANDLE,
        target: DupTarget,
        access: u32,
        inherit: bool,
        options: u32,
    },
    /// `SetHandleInformation(handle, mask, flags)`.
    SetHandleInformation {
        pid: u32,
        handle: HANDLE,
        mask: u32,
        flags: u32,
    },
    /// `GetHandleInformation(handle, &flags)`.
    GetHandleInformation { pid: u32, handle: HANDLE },
    /// `MapViewOfFileEx(handle, access, offset >> 32, offset as u32, size, base)`.
    MapView {
        pid: u32,
        handle: HANDLE,
        access: u32,
        offset: u64,
        size: u64,
        base: u64,
    },
    /// `UnmapViewOfFile(address)`.
    Unmap { pid: u32, address: u64 },
    /// `VirtualQuery(address, &mbi, 48)`.
    VirtualQuery { pid: u32, address: u64 },
    /// `VirtualProtect(address, size, protect, &old)`.
    VirtualProtect {
        pid: u32,
        address: u64,
        size: u64,
        protect: u32,
    },
    /// `VirtualAlloc(address, size, MEM_COMMIT, protect)`.
    VirtualAlloc {
        pid: u32,
        address: u64,
        size: u64,
        protect: u32,
    },
    /// Read one byte of simulated memory.
    Read { pid: u32, address: u64 },
    /// Write one byte of simulated memory.
    Write { pid: u32, address: u64, value: u8 },
    /// `CreateFileW(path, access, share, sa, disposition, 0, NULL)`.
    CreateFile {
        pid: u32,
        path: Option<String>,
        access: u32,
        share: u32,
        disposition: u32,
        inherit: bool,
    },
    /// `WriteFile(handle, [value; len], len, &written, NULL)`.
    WriteFile {
        pid: u32,
        handle: HANDLE,
        value: u8,
        len: u32,
    },
    /// `ReadFile(handle, buffer, len, &read, NULL)`.
    ReadFile { pid: u32, handle: HANDLE, len: u32 },
    /// `CompareObjectHandles(first, second)`.
    CompareObjectHandles {
        pid: u32,
        first: HANDLE,
        second: HANDLE,
    },
    /// `SetFilePointer(handle, pos as i32, &(pos >> 32), FILE_BEGIN)`.
    SetFilePointer {
        pid: u32,
        handle: HANDLE,
        position: u64,
    },
    /// `SetEndOfFile(handle)`.
    SetEndOfFile { pid: u32, handle: HANDLE },
    /// `GetFileSize(handle, &high)`.
    GetFileSize { pid: u32, handle: HANDLE },
    /// `DeleteFileW(path)`.
    DeleteFile { pid: u32, path: Option<String> },
    /// `CreateFileForMapping(path, access, 0, NULL, disposition, 0, NULL)`.
    CreateFileForMapping {
        pid: u32,
        path: Option<String>,
        access: u32,
        disposition: u32,
    },
    /// `OpenFileMappingFromApp(access, inherit, name)`.
    OpenFileMappingFromApp {
        pid: u32,
        access: u32,
        inherit: bool,
        name: Option<String>,
    },
    /// `VirtualProtectFromApp(address, size, protect, &old)`.
    VirtualProtectFromApp {
        pid: u32,
        address: u64,
        size: u64,
        protect: u32,
    },
    /// `NtExtendSection(handle, &size)`.
    ExtendSection { pid: u32, handle: HANDLE, size: i64 },
    /// `NtQuerySection(handle, SectionBasicInformation, &info, sizeof info, NULL)`.
    QuerySection { pid: u32, handle: HANDLE },
    /// `NtAreMappedFilesTheSame(first, second)`.
    MappedFilesSame { pid: u32, first: u64, second: u64 },
    /// `OpenProcess(access, inherit, target)`.
    OpenProcess {
        pid: u32,
        target: u32,
        access: u32,
        inherit: bool,
    },
    /// `ReadProcessMemory(process, address, buffer, 1, &read)`.
    ReadProcessMemory {
        pid: u32,
        process: HANDLE,
        address: u64,
    },
    /// `WriteProcessMemory(process, address, &value, 1, &written)`.
    WriteProcessMemory {
        pid: u32,
        process: HANDLE,
        address: u64,
        value: u8,
    },
    /// `VirtualProtectEx(process, address, size, protect, &old)`.
    VirtualProtectEx {
        pid: u32,
        process: HANDLE,
        address: u64,
        size: u64,
        protect: u32,
    },
    /// `VirtualQueryEx(process, address, &mbi, 48)`.
    VirtualQueryEx {
        pid: u32,
        process: HANDLE,
        address: u64,
    },
    /// `GetFileAttributesW(path)`.
    GetFileAttributes { pid: u32, path: Option<String> },
    /// `MapViewOfFile3(handle, process, base, offset, size, allocation, protect, NULL, 0)`.
    MapView3 {
        pid: u32,
        handle: HANDLE,
        process: HANDLE,
        base: u64,
        offset: u64,
        size: u64,
        allocation: u32,
        protect: u32,
    },
    /// `SetFilePointer(handle, 0, &0, FILE_BEGIN)` then `WriteFile(handle, image, len,
    /// &written, NULL)` of a built-in PE file.
    WriteImage {
        pid: u32,
        handle: HANDLE,
        image: PeImage,
    },
    /// `NtQueryObject(handle, ObjectBasicInformation, &info, sizeof info, NULL)`.
    QueryObject { pid: u32, handle: HANDLE },
    /// `NtQuerySection(handle, SectionImageInformation, &info, sizeof info, NULL)`.
    QuerySectionImage { pid: u32, handle: HANDLE },
    /// `CreateFileMappingFromApp(file, sa, protect, size, name)` (`protect` carries the SEC_*
    /// attributes, as CreateFileMappingW's `flProtect`).
    CreateFileMappingFromApp {
        pid: u32,
        file: HANDLE,
        protect: u32,
        size: u64,
        name: Option<String>,
        inherit: bool,
    },
    /// `MapViewOfFileFromApp(handle, access, offset, size)`.
    MapViewFromApp {
        pid: u32,
        handle: HANDLE,
        access: u32,
        offset: u64,
        size: u64,
    },
    /// `VirtualAllocFromApp(address, size, MEM_COMMIT, protect)`.
    VirtualAllocFromApp {
        pid: u32,
        address: u64,
        size: u64,
        protect: u32,
    },
    /// `CopyFileW(from, to, fail_if_exists)`.
    CopyFile {
        pid: u32,
        from: Option<String>,
        to: Option<String>,
        fail_if_exists: bool,
    },
    /// `MoveFileExW(from, to, flags)`.
    MoveFileEx {
        pid: u32,
        from: Option<String>,
        to: Option<String>,
        flags: u32,
    },
    /// `LockFileEx(handle, flags, 0, length, &overlapped at offset)`.
    LockFileEx {
        pid: u32,
        handle: HANDLE,
        flags: u32,
        offset: u64,
        length: u64,
    },
    /// `UnlockFileEx(handle, 0, length, &overlapped at offset)`.
    UnlockFileEx {
        pid: u32,
        handle: HANDLE,
        offset: u64,
        length: u64,
    },
    /// `SetFileInformationByHandle(handle, class, &info, size)`.
    SetFileInformation {
        pid: u32,
        handle: HANDLE,
        class: u32,
        info: winsection::win32::FILE_INFO,
        size: u32,
    },
    /// `CreateFileW(path, access, share, NULL, disposition, FILE_FLAG_DELETE_ON_CLOSE, NULL)`.
    CreateFileDeleteOnClose {
        pid: u32,
        path: Option<String>,
        access: u32,
        share: u32,
        disposition: u32,
    },
    /// `VirtualAlloc` / `VirtualAllocEx` / `VirtualAlloc2(address, size, allocation,
    /// protect)`.
    Alloc {
        pid: u32,
        api: AllocCall,
        address: u64,
        size: u64,
        allocation: u32,
        protect: u32,
    },
    /// `VirtualFree(address, size, free_type)`, or `VirtualFreeEx` through `process`.
    Free {
        pid: u32,
        process: Option<HANDLE>,
        address: u64,
        size: u64,
        free_type: u32,
    },
    /// `UnmapViewOfFile2(process, address, flags)`.
    Unmap2 {
        pid: u32,
        process: HANDLE,
        address: u64,
        flags: u32,
    },
}

/// Which `VirtualAlloc` a [`Call::Alloc`] is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AllocCall {
    /// `VirtualAlloc`.
    Plain,
    /// `VirtualAllocEx(process, ...)`.
    Ex(HANDLE),
    /// `VirtualAlloc2(process, ...)` (NULL: the caller).
    Two(HANDLE),
}

impl Call {
    /// The calling process, if the call is made by one.
    pub fn pid(&self) -> Option<u32> {
        match self {
            Call::Noop | Call::Spawn { .. } | Call::Machine { .. } => None,
            Call::Exit { pid }
            | Call::CreateFileMapping { pid, .. }
            | Call::OpenFileMapping { pid, .. }
            | Call::CreateEvent { pid, .. }
            | Call::CreateMutex { pid, .. }
            | Call::OpenEvent { pid, .. }
            | Call::CloseHandle { pid, .. }
            | Call::DuplicateHandle { pid, .. }
            | Call::SetHandleInformation { pid, .. }
            | Call::GetHandleInformation { pid, .. }
            | Call::MapView { pid, .. }
            | Call::Unmap { pid, .. }
            | Call::VirtualQuery { pid, .. }
            | Call::VirtualProtect { pid, .. }
            | Call::VirtualAlloc { pid, .. }
            | Call::Read { pid, .. }
            | Call::Write { pid, .. }
            | Call::CreateFile { pid, .. }
            | Call::WriteFile { pid, .. }
            | Call::ReadFile { pid, .. }
            | Call::CompareObjectHandles { pid, .. }
            | Call::SetFilePointer { pid, .. }
            | Call::SetEndOfFile { pid, .. }
            | Call::GetFileSize { pid, .. }
            | Call::DeleteFile { pid, .. }
            | Call::CreateFileForMapping { pid, .. }
            | Call::OpenFileMappingFromApp { pid, .. }
            | Call::VirtualProtectFromApp { pid, .. }
            | Call::ExtendSection { pid, .. }
            | Call::QuerySection { pid, .. }
            | Call::MappedFilesSame { pid, .. }
            | Call::OpenProcess { pid, .. }
            | Call::ReadProcessMemory { pid, .. }
            | Call::WriteProcessMemory { pid, .. }
            | Call::VirtualQueryEx { pid, .. }
            | Call::GetFileAttributes { pid, .. }
            | Call::MapView3 { pid, .. }
            | Call::WriteImage { pid, .. }
            | Call::QueryObject { pid, .. }
            | Call::QuerySectionImage { pid, .. }
            | Call::CreateFileMappingFromApp { pid, .. }
            | Call::MapViewFromApp { pid, .. }
            | Call::VirtualAllocFromApp { pid, .. }
            | Call::CopyFile { pid, .. }
            | Call::MoveFileEx { pid, .. }
            | Call::LockFileEx { pid, .. }
            | Call::UnlockFileEx { pid, .. }
            | Call::SetFileInformation { pid, .. }
            | Call::CreateFileDeleteOnClose { pid, .. }
            | Call::Alloc { pid, .. }
            | Call::Free { pid, .. }
            | Call::Unmap2 { pid, .. }
            | Call::VirtualProtectEx { pid, .. } => Some(*pid),
        }
    }
}

/// The target process of a `DuplicateHandle`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DupTarget {
    /// `GetCurrentProcess()`.
    Current,
    /// NULL (a failing target: catalog I9).
    Null,
    /// Another process by id (running or exited).
    Pid(u32),
}

/// What a call returned, with the caller's last error afterwards.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Outcome {
    /// Return value and out-parameters.
    pub value: Value,
    /// `GetLastError()` of the calling thread after the call (0 for calls without a caller).
    pub last_error: u32,
}

/// Return values and out-parameters, per call shape.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Value {
    /// `Call::Noop`.
    Nothing,
    /// `System::spawn`: the new pid or the error code.
    Spawned(Result<u32, u32>),
    /// A HANDLE (NULL or INVALID_HANDLE_VALUE on failure).
    Handle(HANDLE),
    /// A BOOL.
    Bool(i32),
    /// `GetHandleInformation`: BOOL and the flags written (0 when not written).
    Flags(i32, u32),
    /// `DuplicateHandle`: BOOL and the target handle written (0 when not written).
    Duplicated(i32, HANDLE),
    /// An address (NULL on failure).
    Address(u64),
    /// `VirtualQuery`: bytes returned and the buffer (zeros when not written).
    Query(u64, Mbi),
    /// `VirtualProtect`: BOOL and the old protection written (0 when not written).
    Protect(i32, u32),
    /// A memory read of one byte.
    Read(Access<u8>),
    /// A memory write of one byte.
    Write(Access<()>),
    /// `WriteFile`: BOOL and bytes written.
    Written(i32, u32),
    /// `ReadFile`: BOOL, bytes read (the count written back) and the bytes.
    FileRead(i32, u32, Vec<u8>),
    /// `SetFilePointer` / `GetFileSize`: the DWORD returned and the high DWORD out-parameter;
    /// `GetFileAttributesW`: the attributes and 0.
    Dword(u32, u32),
    /// An NTSTATUS (the native calls leave the last error alone).
    Status(i32),
    /// `NtExtendSection`: the status and the size written back (unchanged on failure).
    Extended(i32, i64),
    /// `NtQuerySection`: the status, `AllocationAttributes` and `MaximumSize` (zeros when not
    /// written).
    SectionInfo(i32, u32, u64),
    /// `ReadProcessMemory` / `WriteProcessMemory`: BOOL, the count written back and the byte
    /// read (None for a write or a failed read).
    ProcessMemory(i32, u64, Option<u8>),
    /// `NtQueryObject(ObjectBasicInformation)`: the status, then `Attributes`,
    /// `GrantedAccess`, `HandleCount` and `PointerCount` (zeros when not written).
    ObjectInfo(i32, [u32; 4]),
    /// `NtQuerySection(SectionImageInformation)`: the status and the structure (zeros when
    /// not written).
    ImageInfo(i32, Box<image::ImageInfo>),
}

/// The outcome of a memory access.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Access<T> {
    /// The access happened.
    Done(T),
    /// The access raised an exception.
    Fault(Fault),
    /// The access could not be made at all (error code).
    Error(u32),
}

/// A hardware exception raised by a memory access.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fault {
    /// EXCEPTION_ACCESS_VIOLATION.
    AccessViolation { address: u64, write: bool },
    /// EXCEPTION_GUARD_PAGE.
    GuardPage { address: u64 },
}

/// `MEMORY_BASIC_INFORMATION` fields.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Mbi {
    pub base_address: u64,
    pub allocation_base: u64,
    pub allocation_protect: u32,
    pub region_size: u64,
    pub state: u32,
    pub protect: u32,
    pub kind: u32,
}

/// One process.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Proc {
    pub pid: u32,
    pub session: u32,
    pub create_global: bool,
    /// Its app container: the index of its package in `APP_CONTAINERS` (catalog J9).
    pub package: Option<usize>,
    /// Whether the app container holds the `codeGeneration` capability (catalog J10).
    pub code_generation: bool,
    pub alive: bool,
    /// The process object (for `GetCurrentProcess()` as a DuplicateHandle source).
    pub object: u64,
    /// Handle table: slot -> entry (value = (slot + 1) * 4).
    pub handles: BTreeMap<u64, handles::HandleEntry>,
    /// Views by base address.
    pub views: BTreeMap<u64, View>,
    /// Private memory and placeholders by base address.
    pub private: BTreeMap<u64, private_memory::Private>,
    /// The thread's last error.
    pub last_error: u32,
}

/// A kernel object.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Obj {
    pub kind: ObjKind,
    pub handle_count: u32,
    /// References other than handles: views (sections), sections (file objects), the running
    /// process (its own process object).
    pub kernel_refs: u32,
    /// Where the object is named, if it is.
    pub name: Option<(Dir, String)>,
    /// The app container whose process made it: a lowbox token's default DACL grants its own
    /// package (catalog J9), so the object is open to that app container; an object made
    /// outside an app container is not (None).
    pub package: Option<usize>,
}

/// What an object is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ObjKind {
    Section(Box<Section>),
    Event,
    Mutex,
    Process(u32),
    File(FileObject),
}

/// Object types as the name lookup and type checks see them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Directory,
    Section,
    Event,
    Mutex,
    Process,
    File,
}

impl ObjKind {
    pub fn kind(&self) -> Kind {
        match self {
            ObjKind::Section(_) => Kind::Section,
            ObjKind::Event => Kind::Event,
            ObjKind::Mutex => Kind::Mutex,
            ObjKind::Process(_) => Kind::Process,
            ObjKind::File(_) => Kind::File,
        }
    }
}

/// A section object.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Section {
    /// Creation protection.
    pub protection: u32,
    /// SEC_* attributes as NtQuerySection reports them.
    pub attributes: u32,
    /// Size in bytes.
    pub size: u64,
    pub backing: Backing,
    /// Page-file contents by section offset (absent = 0, catalog C11).
    pub bytes: BTreeMap<u64, u8>,
    /// Committed section pages, as `[start, end)` page ranges.
    pub committed: Vec<(u64, u64)>,
    /// Commit charged by this section.
    pub commit_charge: u64,
    /// A SEC_IMAGE section: `bytes` holds the file as it stood at creation (image.rs).
    pub image: bool,
}

/// What holds a section's bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backing {
    PageFile,
    File { node: u64, file_object: u64 },
}

/// An open file (what a file handle refers to).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileObject {
    pub node: u64,
    pub access: u32,
    pub share: u32,
    pub position: u64,
    /// Opened with FILE_FLAG_DELETE_ON_CLOSE (and not cancelled since: H27).
    pub delete_on_close: bool,
}

/// A mapped view.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct View {
    pub base: u64,
    /// Page-rounded size.
    pub size: u64,
    pub section: u64,
    /// Section offset of the view's first byte.
    pub offset: u64,
    pub allocation_protect: u32,
    /// Page protections `[start, end, protect)` in view pages; later entries win.
    pub protect: Vec<(u64, u64, u32)>,
    /// View pages copied by copy-on-write.
    pub private_pages: BTreeSet<u64>,
    /// Bytes of the private pages, by view offset.
    pub private_bytes: BTreeMap<u64, u8>,
    /// Mapped over a placeholder (MEM_REPLACE_PLACEHOLDER): unmapping it with
    /// MEM_PRESERVE_PLACEHOLDER gives the placeholder back.
    pub placeholder: bool,
}

/// A file on the volume.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileNode {
    /// Its path key while linked in the root directory.
    pub key: Option<String>,
    pub size: u64,
    /// Contents by offset (absent = 0); may hold bytes past the end inside the last page
    /// (catalog D12).
    pub bytes: BTreeMap<u64, u8>,
    pub delete_pending: bool,
    /// File objects that reference the node.
    pub file_objects: u32,
    /// Live sections over the file: section object -> (size, writable).
    pub sections: BTreeMap<u64, (u64, bool)>,
    /// Byte-range locks, in the order taken (`file_locks.rs`).
    pub locks: Vec<file_locks::FileLock>,
    /// The file object whose POSIX delete takes the name away when it closes (H26); only
    /// while `delete_pending`.
    pub posix_delete_by: Option<u64>,
}

/// The whole reference machine.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Model {
    /// A Windows CE machine (catalog K; the `ce` profile) rather than a desktop one.
    pub ce: bool,
    pub procs: Vec<Proc>,
    pub objects: BTreeMap<u64, Obj>,
    pub next_object: u64,
    /// Named objects.
    pub names: BTreeMap<(Dir, String), u64>,
    /// Sessions whose namespace exists (0 and 1 from boot, others when a process starts).
    pub sessions: BTreeSet<u32>,
    pub files: BTreeMap<u64, FileNode>,
    pub next_file: u64,
    /// The root directory of `C:`: path key -> file node.
    pub links: BTreeMap<String, u64>,
    pub commit_charge: u64,
    pub commit_limit: u64,
    /// App-container directories made so far: (session, package) (catalog J9).
    pub app_containers: BTreeSet<(u32, usize)>,
    /// Sessions whose BaseNamedObjects holds the `AppContainerNamedObjects` link.
    pub app_container_links: BTreeSet<u32>,
}

impl Default for Model {
    fn default() -> Self {
        Model::new()
    }
}

impl Model {
    /// A machine with no process, sessions 0 and 1, an empty `C:` and the default commit limit.
    pub fn new() -> Self {
        Model {
            ce: false,
            procs: Vec::new(),
            objects: BTreeMap::new(),
            next_object: 1,
            names: BTreeMap::new(),
            sessions: [0, 1].into_iter().collect(),
            files: BTreeMap::new(),
            next_file: 1,
            links: BTreeMap::new(),
            commit_charge: 0,
            commit_limit: DEFAULT_COMMIT_LIMIT,
            app_containers: BTreeSet::new(),
            app_container_links: BTreeSet::new(),
        }
    }

    /// A fresh machine of the profile with two processes in session 1 (no privileges), as the
    /// harness starts.
    pub fn fresh(ce: bool) -> Self {
        let mut m = Model { ce, ..Model::new() };
        for _ in 0..2 {
            let _ = m.spawn(1, false, None, false, None);
        }
        m
    }

    /// The index of a process by pid.
    pub fn proc_index(&self, pid: u32) -> Option<usize> {
        let i = usize::try_from(pid.checked_sub(FIRST_PID)? / 4).ok()?;
        self.procs.get(i).filter(|p| p.pid == pid).map(|_| i)
    }

    pub fn proc(&self, pid: u32) -> Option<&Proc> {
        self.procs.get(self.proc_index(pid)?)
    }

    pub fn proc_mut(&mut self, pid: u32) -> Option<&mut Proc> {
        let i = self.proc_index(pid)?;
        self.procs.get_mut(i)
    }

    /// Pids of running processes, in creation order.
    pub fn live_pids(&self) -> Vec<u32> {
        self.procs
            .iter()
            .filter(|p| p.alive)
            .map(|p| p.pid)
            .collect()
    }

    pub(crate) fn insert_object(&mut self, kind: ObjKind) -> u64 {
        let id = self.next_object;
        self.next_object = self.next_object.saturating_add(1);
        self.objects.insert(
            id,
            Obj {
                kind,
                handle_count: 0,
                kernel_refs: 0,
                name: None,
                package: None,
            },
        );
        id
    }

    pub(crate) fn section(&self, id: u64) -> Option<&Section> {
        match self.objects.get(&id).map(|o| &o.kind) {
            Some(ObjKind::Section(s)) => Some(s),
            _ => None,
        }
    }

    pub(crate) fn section_mut(&mut self, id: u64) -> Option<&mut Section> {
        match self.objects.get_mut(&id).map(|o| &mut o.kind) {
            Some(ObjKind::Section(s)) => Some(s),
            _ => None,
        }
    }

    pub(crate) fn file_object(&self, id: u64) -> Option<&FileObject> {
        match self.objects.get(&id).map(|o| &o.kind) {
            Some(ObjKind::File(f)) => Some(f),
            _ => None,
        }
    }

    pub(crate) fn file_object_mut(&mut self, id: u64) -> Option<&mut FileObject> {
        match self.objects.get_mut(&id).map(|o| &mut o.kind) {
            Some(ObjKind::File(f)) => Some(f),
            _ => None,
        }
    }

    /// Applies a call and predicts its outcome.
    pub fn apply(&mut self, call: &Call) -> Outcome {
        let value = match call {
            Call::Noop => Value::Nothing,
            Call::Spawn {
                session,
                create_global,
                parent,
                inherit_handles,
                app_container,
            } => Value::Spawned(self.spawn(
                *session,
                *create_global,
                *parent,
                *inherit_handles,
                *app_container,
            )),
            Call::Machine { ce } => {
                *self = Model::fresh(*ce);
                Value::Nothing
            }
            Call::Exit { pid } => {
                let r = self.exit_process(*pid);
                self.fail_unit(*pid, r);
                Value::Nothing
            }
            Call::CreateFileMapping {
                pid,
                file,
                fl_protect,
                size,
                name,
                inherit,
            } => {
                let r = self.create_file_mapping(
                    *pid,
                    *file,
                    *fl_protect,
                    *size,
                    name.as_deref(),
                    *inherit,
                );
                Value::Handle(self.created(*pid, r, 0))
            }
            Call::OpenFileMapping {
                pid,
                access,
                inherit,
                name,
            } => {
                let r = self.open_file_mapping(*pid, *access, *inherit, name.as_deref());
                Value::Handle(self.opened(*pid, r))
            }
            Call::CreateEvent { pid, name, inherit } => {
                let r = self.create_sync(*pid, Kind::Event, name.as_deref(), *inherit);
                Value::Handle(self.created(*pid, r, 0))
            }
            Call::CreateMutex { pid, name, inherit } => {
                let r = self.create_sync(*pid, Kind::Mutex, name.as_deref(), *inherit);
                Value::Handle(self.created(*pid, r, 0))
            }
            Call::OpenEvent { pid, access, name } => {
                let r = self.open_object(*pid, Kind::Event, name.as_deref(), *access, false);
                Value::Handle(self.opened(*pid, r))
            }
            Call::CloseHandle { pid, handle } => {
                let r = self.close_handle(*pid, *handle as u64);
                Value::Bool(self.fail_unit(*pid, r))
            }
            Call::DuplicateHandle {
                pid,
                handle,
                target,
                access,
                inherit,
                options,
            } => {
                let r = self.duplicate_handle(
                    *pid,
                    *handle as u64,
                    *target,
                    *access,
                    *inherit,
                    *options,
                );
                match r {
                    Ok(h) => Value::Duplicated(1, h as HANDLE),
                    Err(e) => {
                        self.set_last_error(*pid, e);
                        Value::Duplicated(0, 0)
                    }
                }
            }
            Call::SetHandleInformation {
                pid,
                handle,
                mask,
                flags,
            } => {
                let r = self.set_handle_information(*pid, *handle as u64, *mask, *flags);
                Value::Bool(self.fail_unit(*pid, r))
            }
            Call::GetHandleInformation { pid, handle } => {
                match self.handle_information(*pid, *handle as u64) {
                    Ok(f) => Value::Flags(1, f),
                    Err(e) => {
                        self.set_last_error(*pid, e);
                        Value::Flags(0, 0)
                    }
                }
            }
            Call::MapView {
                pid,
                handle,
                access,
                offset,
                size,
                base,
            } => {
                let r = self.map_view(*pid, *handle as u64, *access, *offset, *size, *base);
                Value::Address(self.fail_or(*pid, r, 0))
            }
            Call::Unmap { pid, address } => {
                let r = self.unmap_view(*pid, *address);
                Value::Bool(self.fail_unit(*pid, r))
            }
            Call::VirtualQuery { pid, address } => match self.virtual_query(*pid, *address) {
                Ok(m) => Value::Query(48, m),
                Err(e) => {
                    self.set_last_error(*pid, e);
                    Value::Query(0, Mbi::default())
                }
            },
            Call::VirtualProtect {
                pid,
                address,
                size,
                protect,
            } => match self.virtual_protect(*pid, *address, *size, *protect) {
                Ok(old) => Value::Protect(1, old),
                Err(e) => {
                    self.set_last_error(*pid, e);
                    Value::Protect(0, 0)
                }
            },
            Call::VirtualAlloc {
                pid,
                address,
                size,
                protect,
            } => {
                let r = self.virtual_alloc(*pid, *address, *size, MEM_COMMIT, *protect);
                Value::Address(self.fail_or(*pid, r, 0))
            }
            Call::Read { pid, address } => Value::Read(self.read_byte(*pid, *address)),
            Call::Write {
                pid,
                address,
                value,
            } => Value::Write(self.write_byte(*pid, *address, *value)),
            Call::CreateFile {
                pid,
                path,
                access,
                share,
                disposition,
                inherit,
            } => {
                let r = self.create_file(
                    *pid,
                    path.as_deref(),
                    *access,
                    *share,
                    *disposition,
                    *inherit,
                    false,
                );
                Value::Handle(self.created(*pid, r, INVALID_HANDLE_VALUE))
            }
            Call::WriteFile {
                pid,
                handle,
                value,
                len,
            } => match self.write_file(*pid, *handle as u64, *value, *len) {
                Ok(n) => Value::Written(1, n),
                Err(e) => {
                    self.set_last_error(*pid, e);
                    Value::Written(0, 0)
                }
            },
            Call::ReadFile { pid, handle, len } => {
                match self.read_file(*pid, *handle as u64, *len) {
                    Ok(bytes) => {
                        let n = u32::try_from(bytes.len()).unwrap_or(u32::MAX);
                        Value::FileRead(1, n, bytes)
                    }
                    Err(e) => {
                        self.set_last_error(*pid, e);
                        Value::FileRead(0, 0, Vec::new())
                    }
                }
            }
            Call::CompareObjectHandles { pid, first, second } => {
                let r = self.compare_object_handles(*pid, *first as u64, *second as u64);
                Value::Bool(self.fail_unit(*pid, r))
            }
            Call::SetFilePointer {
                pid,
                handle,
                position,
            } => {
                let high_in = (*position >> 32) as u32;
                match self.set_file_pointer(*pid, *handle as u64, *position) {
                    Ok(new) => {
                        let low = new as u32;
                        // "If the return value is INVALID_SET_FILE_POINTER and ... the
                        // function succeeded, GetLastError returns NO_ERROR" (SetFilePointer
                        // doc).
                        if low == INVALID_SET_FILE_POINTER {
                            self.set_last_error(*pid, ERROR_SUCCESS);
                        }
                        Value::Dword(low, (new >> 32) as u32)
                    }
                    Err(e) => {
                        self.set_last_error(*pid, e);
                        Value::Dword(INVALID_SET_FILE_POINTER, high_in)
                    }
                }
            }
            Call::SetEndOfFile { pid, handle } => {
                let r = self.set_end_of_file(*pid, *handle as u64);
                Value::Bool(self.fail_unit(*pid, r))
            }
            Call::GetFileSize { pid, handle } => match self.get_file_size(*pid, *handle as u64) {
                Ok(size) => {
                    let low = size as u32;
                    // GetFileSize doc: a size whose low DWORD is INVALID_FILE_SIZE succeeds
                    // with GetLastError() == NO_ERROR.
                    if low == INVALID_FILE_SIZE {
                        self.set_last_error(*pid, ERROR_SUCCESS);
                    }
                    Value::Dword(low, (size >> 32) as u32)
                }
                Err(e) => {
                    self.set_last_error(*pid, e);
                    Value::Dword(INVALID_FILE_SIZE, 0)
                }
            },
            Call::DeleteFile { pid, path } => {
                let r = self.delete_file(*pid, path.as_deref());
                Value::Bool(self.fail_unit(*pid, r))
            }
            Call::CreateFileForMapping {
                pid,
                path,
                access,
                disposition,
            } => {
                let r = self.create_file_for_mapping(*pid, path.as_deref(), *access, *disposition);
                Value::Handle(self.created(*pid, r, INVALID_HANDLE_VALUE))
            }
            Call::OpenFileMappingFromApp {
                pid,
                access,
                inherit,
                name,
            } => {
                let r = self.open_file_mapping_from_app(*pid, *access, *inherit, name.as_deref());
                Value::Handle(self.opened(*pid, r))
            }
            Call::VirtualProtectFromApp {
                pid,
                address,
                size,
                protect,
            } => match self.virtual_protect_from_app(*pid, *address, *size, *protect) {
                Ok(old) => Value::Protect(1, old),
                Err(e) => {
                    self.set_last_error(*pid, e);
                    // `*OldProtection` becomes PAGE_NOACCESS on failure (wine kernelbase
                    // tests/process.c test_VirtualProtectFromApp).
                    Value::Protect(0, PAGE_NOACCESS)
                }
            },
            Call::ExtendSection { pid, handle, size } => {
                match self.extend_section(*pid, *handle as u64, *size) {
                    Ok(after) => Value::Extended(0, i64::try_from(after).unwrap_or(i64::MAX)),
                    Err(status) => Value::Extended(status, *size),
                }
            }
            Call::QuerySection { pid, handle } => match self.query_section(*pid, *handle as u64) {
                Ok((attributes, size)) => Value::SectionInfo(0, attributes, size),
                Err(status) => Value::SectionInfo(status, 0, 0),
            },
            Call::MappedFilesSame { pid, first, second } => Value::Status(
                self.mapped_files_same(*pid, *first, *second)
                    .err()
                    .unwrap_or(0),
            ),
            Call::OpenProcess {
                pid,
                target,
                access,
                inherit,
            } => {
                let r = self.open_process(*pid, *target, *access, *inherit);
                Value::Handle(self.opened(*pid, r))
            }
            Call::ReadProcessMemory {
                pid,
                process,
                address,
            } => match self.read_process_memory(*pid, *process as u64, *address) {
                Ok(b) => Value::ProcessMemory(1, 1, Some(b)),
                Err(e) => {
                    self.set_last_error(*pid, e);
                    Value::ProcessMemory(0, 0, None)
                }
            },
            Call::WriteProcessMemory {
                pid,
                process,
                address,
                value,
            } => match self.write_process_memory(*pid, *process as u64, *address, *value) {
                Ok(()) => Value::ProcessMemory(1, 1, None),
                Err(e) => {
                    self.set_last_error(*pid, e);
                    Value::ProcessMemory(0, 0, None)
                }
            },
            Call::VirtualProtectEx {
                pid,
                process,
                address,
                size,
                protect,
            } => match self.virtual_protect_ex(*pid, *process as u64, *address, *size, *protect) {
                Ok(old) => Value::Protect(1, old),
                Err(e) => {
                    self.set_last_error(*pid, e);
                    Value::Protect(0, 0)
                }
            },
            Call::VirtualQueryEx {
                pid,
                process,
                address,
            } => match self.virtual_query_ex(*pid, *process as u64, *address) {
                Ok(m) => Value::Query(48, m),
                Err(e) => {
                    self.set_last_error(*pid, e);
                    Value::Query(0, Mbi::default())
                }
            },
            Call::MapView3 {
                pid,
                handle,
                process,
                base,
                offset,
                size,
                allocation,
                protect,
            } => {
                let view = views::ViewArgs {
                    offset: *offset,
                    size: *size,
                    base: *base,
                    allocation: *allocation,
                };
                let r = self.map_view3(*pid, *process as u64, *handle as u64, *protect, view);
                Value::Address(self.fail_or(*pid, r, 0))
            }
            Call::WriteImage { pid, handle, image } => {
                match self.write_image(*pid, *handle as u64, *image) {
                    Ok(n) => Value::Written(1, n),
                    Err(e) => {
                        self.set_last_error(*pid, e);
                        Value::Written(0, 0)
                    }
                }
            }
            Call::QueryObject { pid, handle } => match self.query_object(*pid, *handle as u64) {
                Ok(info) => Value::ObjectInfo(0, info),
                Err(status) => Value::ObjectInfo(status, [0; 4]),
            },
            Call::QuerySectionImage { pid, handle } => {
                match self.query_section_image(*pid, *handle as u64) {
                    Ok(info) => Value::ImageInfo(0, Box::new(info)),
                    Err(status) => Value::ImageInfo(status, Box::default()),
                }
            }
            Call::CreateFileMappingFromApp {
                pid,
                file,
                protect,
                size,
                name,
                inherit,
            } => {
                let r = self.create_file_mapping_from_app(
                    *pid,
                    *file,
                    *protect,
                    *size,
                    name.as_deref(),
                    *inherit,
                );
                Value::Handle(self.created(*pid, r, 0))
            }
            Call::MapViewFromApp {
                pid,
                handle,
                access,
                offset,
                size,
            } => {
                let r = self.map_view_from_app(*pid, *handle as u64, *access, *offset, *size);
                Value::Address(self.fail_or(*pid, r, 0))
            }
            Call::VirtualAllocFromApp {
                pid,
                address,
                size,
                protect,
            } => {
                let r = self.virtual_alloc_from_app(*pid, *address, *size, *protect);
                Value::Address(self.fail_or(*pid, r, 0))
            }
            Call::GetFileAttributes { pid, path } => {
                match self.file_attributes(*pid, path.as_deref()) {
                    Ok(a) => Value::Dword(a, 0),
                    Err(e) => {
                        self.set_last_error(*pid, e);
                        Value::Dword(INVALID_FILE_ATTRIBUTES, 0)
                    }
                }
            }
            Call::CopyFile {
                pid,
                from,
                to,
                fail_if_exists,
            } => {
                let r = self.copy_file(*pid, from.as_deref(), to.as_deref(), *fail_if_exists);
                Value::Bool(self.fail_unit(*pid, r))
            }
            Call::MoveFileEx {
                pid,
                from,
                to,
                flags,
            } => {
                let r = self.move_file_ex(*pid, from.as_deref(), to.as_deref(), *flags);
                Value::Bool(self.fail_unit(*pid, r))
            }
            Call::LockFileEx {
                pid,
                handle,
                flags,
                offset,
                length,
            } => {
                let r = self.lock_file(*pid, *handle as u64, *flags, *offset, *length);
                Value::Bool(self.fail_unit(*pid, r))
            }
            Call::UnlockFileEx {
                pid,
                handle,
                offset,
                length,
            } => {
                let r = self.unlock_file(*pid, *handle as u64, *offset, *length);
                Value::Bool(self.fail_unit(*pid, r))
            }
            Call::SetFileInformation {
                pid,
                handle,
                class,
                info,
                size,
            } => {
                let r = self.set_file_information(*pid, *handle as u64, *class, *info, *size);
                Value::Bool(self.fail_unit(*pid, r))
            }
            Call::CreateFileDeleteOnClose {
                pid,
                path,
                access,
                share,
                disposition,
            } => {
                let r = self.create_file_delete_on_close(
                    *pid,
                    path.as_deref(),
                    *access,
                    *share,
                    *disposition,
                );
                Value::Handle(self.created(*pid, r, INVALID_HANDLE_VALUE))
            }
            Call::Alloc {
                pid,
                api,
                address,
                size,
                allocation,
                protect,
            } => {
                let r = self.alloc_call(*pid, *api, *address, *size, *allocation, *protect);
                Value::Address(self.fail_or(*pid, r, 0))
            }
            Call::Free {
                pid,
                process,
                address,
                size,
                free_type,
            } => {
                let r = self.free_call(*pid, *process, *address, *size, *free_type);
                Value::Bool(self.fail_unit(*pid, r))
            }
            Call::Unmap2 {
                pid,
                process,
                address,
                flags,
            } => {
                let r = self.unmap_view2(*pid, *process as u64, *address, *flags);
                Value::Bool(self.fail_unit(*pid, r))
            }
        };
        let last_error = call
            .pid()
            .and_then(|pid| self.proc(pid))
            .map_or(0, |p| p.last_error);
        Outcome { value, last_error }
    }

    /// `SetLastError` on the caller's thread.
    pub(crate) fn set_last_error(&mut self, pid: u32, code: u32) {
        if let Some(p) = self.proc_mut(pid) {
            p.last_error = code;
        }
    }

    /// BOOL convention: TRUE and the last error unchanged on success (catalog L3), FALSE and
    /// the error on failure.
    fn fail_unit(&mut self, pid: u32, r: Result<(), u32>) -> i32 {
        match r {
            Ok(()) => 1,
            Err(e) => {
                self.set_last_error(pid, e);
                0
            }
        }
    }

    fn fail_or<T>(&mut self, pid: u32, r: Result<T, u32>, failure: T) -> T {
        r.unwrap_or_else(|e| {
            self.set_last_error(pid, e);
            failure
        })
    }

    /// `Open*` convention: the handle, last error unchanged on success (catalog A18, L3).
    fn opened(&mut self, pid: u32, r: Result<u64, u32>) -> HANDLE {
        match r {
            Ok(h) => h as HANDLE,
            Err(e) => {
                self.set_last_error(pid, e);
                0
            }
        }
    }

    /// `Create*` convention: on success the last error is ERROR_SUCCESS for a new object and
    /// ERROR_ALREADY_EXISTS for an existing one (catalog A18, B5, B8; CreateFileW doc for
    /// CREATE_ALWAYS / OPEN_ALWAYS).
    fn created(&mut self, pid: u32, r: Result<(u64, bool), u32>, failure: HANDLE) -> HANDLE {
        match r {
            Ok((h, existed)) => {
                let code = if existed {
                    ERROR_ALREADY_EXISTS
                } else {
                    ERROR_SUCCESS
                };
                self.set_last_error(pid, code);
                h as HANDLE
            }
            Err(e) => {
                self.set_last_error(pid, e);
                failure
            }
        }
    }

    /// The running process `pid`, or ERROR_INVALID_HANDLE.
    pub(crate) fn live(&self, pid: u32) -> Result<&Proc, u32> {
        self.proc(pid)
            .filter(|p| p.alive)
            .ok_or(ERROR_INVALID_HANDLE)
    }
}

/// `[start, end)` page ranges: how many pages of `[from, to)` they cover.
pub(crate) fn covered_pages(ranges: &[(u64, u64)], from: u64, to: u64) -> u64 {
    let mut clipped: Vec<(u64, u64)> = ranges
        .iter()
        .map(|&(s, e)| (s.max(from), e.min(to)))
        .filter(|(s, e)| s < e)
        .collect();
    clipped.sort_unstable();
    let mut total = 0u64;
    let mut reach = from;
    for (s, e) in clipped {
        let s = s.max(reach);
        if e > s {
            total = total.saturating_add(e - s);
            reach = e;
        }
    }
    total
}

/// Whether `page` lies in one of the ranges.
pub(crate) fn in_ranges(ranges: &[(u64, u64)], page: u64) -> bool {
    ranges.iter().any(|&(s, e)| s <= page && page < e)
}
