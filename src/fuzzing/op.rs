//! The operation vocabulary: what a fuzzer (or a property test) asks a machine to do.
//!
//! An [`Op`] names its operands mostly as indices into what is live ("the k-th running
//! process", "the k-th live section handle of that process", "the k-th view"), so that random
//! sequences stay meaningful and shrink well, and sometimes as raw values (garbage handles,
//! absurd sizes, odd names) to reach the error paths. [`super::apply`] resolves and runs one
//! against a [`crate::System`]; `winsection-model` resolves the same ops against its reference
//! model. Pools list the simplest value first, so that shrinking (towards index 0) simplifies.

use std::fmt;

use arbitrary::Arbitrary;

use crate::consts::*;
use crate::win32::FILE_INFO;

pub use super::pe_images::PeImage;

/// A pool of values picked by index (modulo its length).
macro_rules! pool {
    ($(#[$doc:meta])* $name:ident : $ty:ty, common $common:literal = [$first:expr $(, $v:expr)* $(,)?]) => {
        $(#[$doc])*
        #[derive(Arbitrary, Clone, Copy, PartialEq, Eq, Hash)]
        pub struct $name(pub u8);

        impl $name {
            /// The values to pick from.
            pub const POOL: &'static [$ty] = &[$first $(, $v)*];

            /// The picked value.
            pub fn get(self) -> $ty {
                let n = Self::POOL.len();
                let i = usize::from(self.0) % n;
                Self::POOL.get(i).copied().unwrap_or($first)
            }

            /// How many values at the start of the pool are the common ones.
            pub const COMMON: u8 = $common;
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{:?}", self.get())
            }
        }
    };
}

pool! {
    /// Object names: common ones first, then prefixes, case, backslash rules (catalog A).
    Name: Option<&'static str>, common 4 = [
        Some("A"), Some("B"), Some("Local\\A"), Some(""), Some("A"), None, Some("Global\\A"),
        Some("Global\\B"), Some("Session\\1\\A"), Some("Session\\2\\A"), Some("Session\\0\\B"),
        Some("Session\\9\\A"), Some("global\\A"), Some("a"), Some("dir\\sub"), Some("\\A"),
        Some("A\\"), Some("Global\\\\A"), Some("a/b"), Some("Session"), Some("Global"),
        Some("Local\\Global\\B"),
        // The first app container's directory, from a desktop process (its session's
        // `AppContainerNamedObjects` link) and from anywhere (catalog J9).
        Some("AppContainerNamedObjects\\S-1-15-2-1903927298-1054517408-1178744923-402480562-3803318752-2591745356-1835341329\\A"),
        Some("Session\\1\\AppContainerNamedObjects\\S-1-15-2-1903927298-1054517408-1178744923-402480562-3803318752-2591745356-1835341329\\A"),
        Some("AppContainerNamedObjects"),
    ]
}

pool! {
    /// CreateFileMapping protections, valid (C1) and not.
    SectionProtect: u32, common 7 = [
        PAGE_READWRITE, PAGE_READWRITE, PAGE_READONLY, PAGE_WRITECOPY, PAGE_EXECUTE_READ,
        PAGE_EXECUTE_READWRITE, PAGE_EXECUTE_WRITECOPY, PAGE_NOACCESS, PAGE_EXECUTE, 0,
        PAGE_READWRITE | PAGE_GUARD, PAGE_READWRITE | 0x1_0000, PAGE_READWRITE | PAGE_READONLY,
    ]
}

pool! {
    /// SEC_* attribute combinations (C6-C10).
    SecFlags: u32, common 7 = [
        0, 0, SEC_COMMIT, SEC_RESERVE, SEC_RESERVE, SEC_COMMIT | SEC_NOCACHE,
        SEC_RESERVE | SEC_WRITECOMBINE, SEC_RESERVE | SEC_COMMIT, SEC_NOCACHE,
        SEC_COMMIT | SEC_LARGE_PAGES, SEC_IMAGE, SEC_FILE, 0x0010_0000, SEC_IMAGE | SEC_NOCACHE,
        SEC_COMMIT | SEC_NOCACHE | SEC_WRITECOMBINE, SEC_RESERVE | SEC_LARGE_PAGES,
        SEC_LARGE_PAGES, SEC_WRITECOMBINE, SEC_IMAGE | SEC_COMMIT, SEC_COMMIT | SEC_WRITECOMBINE,
        SEC_FILE | SEC_COMMIT,
    ]
}

pool! {
    /// Section sizes: 0, odd, page, granularity, multi-GiB, 1 TiB, overflowing (C3, C4, C12-C15).
    SectionSize: u64, common 6 = [
        0x1000, 0x10000, 0x21000, 5000, 0x3456, 0, 1, 0x20000, 100, 0x4000, 0x30000, 1 << 32,
        1 << 40, 16 << 30, 0xFFFF_FFFF_FFFF_F000, u64::MAX, 1 << 48, (1 << 48) + 1,
    ]
}

pool! {
    /// MapViewOfFile access masks (E8, E10).
    MapAccess: u32, common 5 = [
        FILE_MAP_WRITE, FILE_MAP_READ, FILE_MAP_COPY, FILE_MAP_ALL_ACCESS,
        FILE_MAP_READ | FILE_MAP_COPY, 0, FILE_MAP_WRITE | FILE_MAP_COPY,
        FILE_MAP_EXECUTE | FILE_MAP_READ, FILE_MAP_EXECUTE | FILE_MAP_WRITE,
        FILE_MAP_EXECUTE | FILE_MAP_COPY, FILE_MAP_EXECUTE, SECTION_MAP_EXECUTE | FILE_MAP_READ,
        SECTION_MAP_EXECUTE | FILE_MAP_COPY, FILE_MAP_EXECUTE | SECTION_MAP_EXECUTE | FILE_MAP_COPY,
        FILE_MAP_READ | 0x1_0000,
        FILE_MAP_READ | FILE_MAP_RESERVE,
    ]
}

pool! {
    /// View offsets (F2-F4).
    ViewOffset: u64, common 3 = [0, 0, 0x10000, 0x20000, 0x1000, 1, 1 << 32, 0x30000]
}

pool! {
    /// View sizes (C4, D8, F3, F5, F6).
    ViewSize: u64, common 4 = [
        0, 0, 1, 0x1000, 0x2000, 0x10000, 0x11000, 0x20000, 0x3456, 0x3457, 0x4000, 1 << 40,
        u64::MAX,
    ]
}

pool! {
    /// MapViewOfFileEx base addresses (F8, F9); 0 lets the system choose.
    ViewBase: u64, common 3 = [
        0, 0, 0, 0x2000_0000, 0x1000_0000, 0x1001_0000, 0x1000_1000, 0x5000,
        0x7FFF_FFFF_0000, 0x7FFF_FFFE_0000, 0x1_0000,
    ]
}

pool! {
    /// Access masks for Open* and DuplicateHandle (E1-E3, E11, I10).
    OpenAccess: u32, common 4 = [
        FILE_MAP_READ, FILE_MAP_WRITE, FILE_MAP_ALL_ACCESS, FILE_MAP_COPY, 0, GENERIC_READ,
        GENERIC_ALL, FILE_MAP_READ | FILE_MAP_EXECUTE, FILE_MAP_WRITE | FILE_MAP_READ,
        GENERIC_READ | GENERIC_WRITE, EVENT_ALL_ACCESS, SYNCHRONIZE,
        FILE_MAP_EXECUTE | FILE_MAP_WRITE,
        // Refused on open (issue 10; wine sync.c test_mutex): ACCESS_SYSTEM_SECURITY (0x0100_0000) without
        // the privilege, an undefined standard bit (21), a reserved bit (26).
        0x0100_0000 | FILE_MAP_READ, 0x0020_0000 | FILE_MAP_READ,
        0x0400_0000 | FILE_MAP_READ,
    ]
}

pool! {
    /// DuplicateHandle options (I7-I9).
    DupOptions: u32, common 4 = [
        DUPLICATE_SAME_ACCESS, 0, DUPLICATE_CLOSE_SOURCE,
        DUPLICATE_SAME_ACCESS | DUPLICATE_CLOSE_SOURCE,
    ]
}

pool! {
    /// SetHandleInformation (mask, flags) (I12, I14).
    HandleFlags: (u32, u32), common 8 = [
        (HANDLE_FLAG_INHERIT, HANDLE_FLAG_INHERIT),
        (HANDLE_FLAG_PROTECT_FROM_CLOSE, HANDLE_FLAG_PROTECT_FROM_CLOSE),
        (HANDLE_FLAG_PROTECT_FROM_CLOSE, 0), (HANDLE_FLAG_INHERIT, 0), (3, 3), (3, 0), (0, 3),
        (0x10, 0x10),
    ]
}

pool! {
    /// VirtualProtect / VirtualAlloc protections, valid and not (F14, F19, MS docs "Memory
    /// Protection Constants").
    PageProtect: u32, common 6 = [
        PAGE_READONLY, PAGE_READWRITE, PAGE_WRITECOPY, PAGE_NOACCESS, PAGE_EXECUTE_READ,
        PAGE_EXECUTE_READWRITE, PAGE_EXECUTE, PAGE_EXECUTE_WRITECOPY,
        PAGE_READWRITE | PAGE_GUARD, PAGE_READONLY | PAGE_NOCACHE, 0,
        PAGE_READWRITE | PAGE_READONLY, PAGE_NOACCESS | PAGE_GUARD,
        PAGE_READWRITE | PAGE_GUARD | PAGE_NOCACHE,
    ]
}

pool! {
    /// File paths: two files under several spellings, and the error cases.
    FilePath: Option<&'static str>, common 5 = [
        Some("C:\\a.dat"), Some("C:\\b.dat"), Some("c:\\A.DAT"), Some("C:/b.dat"),
        Some("a.dat"), Some("C:\\nodir\\c.dat"), Some("C:\\"), Some(""), None,
        Some("C:\\bad<name"), Some("D:\\x.dat"),
    ]
}

pool! {
    /// CreateFile access (D9), with DELETE for the delete dispositions (H24, H26).
    FileAccess: u32, common 4 = [
        GENERIC_READ | GENERIC_WRITE, GENERIC_READ | GENERIC_WRITE | DELETE, GENERIC_READ,
        GENERIC_READ | GENERIC_WRITE | GENERIC_EXECUTE, GENERIC_WRITE, 0,
        GENERIC_READ | GENERIC_EXECUTE,
        FILE_READ_DATA,
    ]
}

pool! {
    /// CreateFile share modes (H1, H2, H9).
    ShareMode: u32, common 4 = [
        FILE_SHARE_READ | FILE_SHARE_WRITE, FILE_SHARE_READ | FILE_SHARE_WRITE,
        FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, FILE_SHARE_READ, 0, FILE_SHARE_WRITE,
        FILE_SHARE_DELETE,
    ]
}

pool! {
    /// CreateFile dispositions, valid and not (H7).
    Disposition: u32, common 4 = [
        OPEN_ALWAYS, OPEN_ALWAYS, CREATE_ALWAYS, OPEN_EXISTING, CREATE_NEW, TRUNCATE_EXISTING, 0,
        6,
    ]
}

pool! {
    /// OpenProcess access masks (MS docs "Process Security and Access Rights").
    ProcessAccess: u32, common 4 = [
        PROCESS_ALL_ACCESS, PROCESS_VM_READ, PROCESS_VM_WRITE | PROCESS_VM_OPERATION,
        PROCESS_QUERY_INFORMATION, PROCESS_QUERY_LIMITED_INFORMATION, PROCESS_VM_OPERATION, 0,
        GENERIC_READ, PROCESS_VM_WRITE, SYNCHRONIZE,
    ]
}

pool! {
    /// MapViewOfFile3 allocation types (issue 10; wine ntdll/tests/virtual.c
    /// test_NtMapViewOfSection, kernelbase/tests/process.c test_MapViewOfFile3).
    MapAllocation: u32, common 2 = [
        0, MEM_RESERVE, MEM_LARGE_PAGES, MEM_RESERVE | MEM_COMMIT, MEM_REPLACE_PLACEHOLDER,
        MEM_LARGE_PAGES | MEM_RESERVE, MEM_COMMIT,
    ]
}

pool! {
    /// Bytes to write; none is 'M' or 'P', so only [`Op::WriteImage`] makes a PE image.
    ByteValue: u8, common 5 = [0x5A, 0xA5, 0x01, 0xFF, 0x00]
}

pool! {
    /// File pointer positions (H4-H8).
    FilePosition: u64, common 6 = [
        0, 100, 4096, 0x10000, 0x12345, 0x20000, 36, 0xFFFF_FFFF, 1 << 32, 0x4000, 0x3456,
    ]
}

pool! {
    /// MoveFileExW flags: the modelled ones, then ones winsection refuses
    /// (MOVEFILE_DELAY_UNTIL_REBOOT, MOVEFILE_CREATE_HARDLINK, MOVEFILE_FAIL_IF_NOT_TRACKABLE:
    /// ERROR_INVALID_PARAMETER; `io/move_ex.rs`).
    MoveFlags: u32, common 3 = [
        MOVEFILE_REPLACE_EXISTING, 0, MOVEFILE_REPLACE_EXISTING | MOVEFILE_COPY_ALLOWED,
        MOVEFILE_COPY_ALLOWED, 0x8, MOVEFILE_REPLACE_EXISTING | 0x8, 0x4, 0x10, 0x20,
    ]
}

pool! {
    /// LockFileEx flags (LockFileEx doc), and an undefined bit (ERROR_INVALID_PARAMETER).
    LockFlags: u32, common 4 = [
        LOCKFILE_EXCLUSIVE_LOCK | LOCKFILE_FAIL_IMMEDIATELY, LOCKFILE_FAIL_IMMEDIATELY,
        LOCKFILE_EXCLUSIVE_LOCK, 0, 0x4,
    ]
}

pool! {
    /// Lock offsets: inside small files, then at the top of the 64-bit offset space (H20).
    LockOffset: u64, common 4 = [0, 100, 0, 4096, 2, u64::MAX, 1 << 63, 1 << 60]
}

pool! {
    /// Lock lengths: ranges that end exactly at 2^64 are valid, one byte more is
    /// ERROR_INVALID_LOCK_RANGE (H20; MS-FSA 2.1.5.8).
    LockLength: u64, common 4 = [
        1, 100, 4096, 0, 2, u64::MAX, 0xF000_0000_0000_0000, 1 << 63, (1 << 63) + 1,
    ]
}

pool! {
    /// SetFileInformationByHandle (class, information): the end of file, the allocation, the
    /// delete disposition, FileDispositionInfoEx's flags (H23-H27), and the refusals (a
    /// negative size, a class winsection does not take, information of another class, an
    /// unknown flag, a size past NTFS's largest file).
    FileInformation: (u32, FILE_INFO), common 10 = [
        (FileEndOfFileInfo, FILE_INFO::EndOfFile(0)),
        (FileDispositionInfoEx, FILE_INFO::DispositionEx(
            FILE_DISPOSITION_FLAG_DELETE | FILE_DISPOSITION_FLAG_POSIX_SEMANTICS,
        )),
        (FileDispositionInfo, FILE_INFO::Disposition(1)),
        (FileEndOfFileInfo, FILE_INFO::EndOfFile(100)),
        (FileDispositionInfoEx, FILE_INFO::DispositionEx(FILE_DISPOSITION_FLAG_DELETE)),
        (FileDispositionInfo, FILE_INFO::Disposition(0)),
        (FileDispositionInfoEx, FILE_INFO::DispositionEx(FILE_DISPOSITION_FLAG_DO_NOT_DELETE)),
        (FileAllocationInfo, FILE_INFO::Allocation(0)),
        (FileEndOfFileInfo, FILE_INFO::EndOfFile(0x10000)),
        (FileDispositionInfoEx, FILE_INFO::DispositionEx(FILE_DISPOSITION_FLAG_ON_CLOSE)),
        (FileDispositionInfoEx, FILE_INFO::DispositionEx(
            FILE_DISPOSITION_FLAG_DELETE | FILE_DISPOSITION_FLAG_ON_CLOSE,
        )),
        (FileDispositionInfoEx, FILE_INFO::DispositionEx(
            FILE_DISPOSITION_FLAG_DELETE
                | FILE_DISPOSITION_FLAG_POSIX_SEMANTICS
                | FILE_DISPOSITION_FLAG_FORCE_IMAGE_SECTION_CHECK
                | FILE_DISPOSITION_FLAG_IGNORE_READONLY_ATTRIBUTE,
        )),
        (FileDispositionInfoEx, FILE_INFO::DispositionEx(FILE_DISPOSITION_FLAG_POSIX_SEMANTICS)),
        (FileDispositionInfoEx, FILE_INFO::DispositionEx(0x20 | FILE_DISPOSITION_FLAG_DELETE)),
        (FileAllocationInfo, FILE_INFO::Allocation(0x10000)),
        (FileAllocationInfo, FILE_INFO::Allocation(50)),
        (FileEndOfFileInfo, FILE_INFO::EndOfFile(-1)),
        (FileEndOfFileInfo, FILE_INFO::EndOfFile(1 << 44)),
        (FileEndOfFileInfo, FILE_INFO::Allocation(0)),
        // FileStandardInfo (1): not a class SetFileInformationByHandle takes.
        (1, FILE_INFO::EndOfFile(0)),
    ]
}

pool! {
    /// SetFileInformationByHandle's `dwBufferSize`: None is `sizeof` the class's structure;
    /// smaller sizes are ERROR_BAD_LENGTH (H23).
    InfoSize: Option<u32>, common 1 = [None, Some(0), Some(1), Some(3), Some(7), Some(64)]
}

impl InfoSize {
    /// The buffer size for `class`.
    pub fn bytes(self, class: u32) -> u32 {
        self.get()
            .unwrap_or_else(|| crate::win32::file_info_size(class).unwrap_or(8))
    }
}

pool! {
    /// VirtualAlloc / VirtualAllocEx / VirtualAlloc2 allocation types, valid and not (MS docs
    /// "VirtualAlloc", "VirtualAlloc2"; wine `kernelbase/tests/process.c test_VirtualAlloc2`).
    AllocType: u32, common 6 = [
        MEM_RESERVE | MEM_COMMIT, MEM_RESERVE, MEM_COMMIT,
        MEM_RESERVE | MEM_RESERVE_PLACEHOLDER, MEM_RESERVE | MEM_REPLACE_PLACEHOLDER,
        MEM_RESERVE | MEM_COMMIT | MEM_REPLACE_PLACEHOLDER, MEM_RESET, 0,
        MEM_RESERVE_PLACEHOLDER, MEM_REPLACE_PLACEHOLDER, MEM_COMMIT | MEM_RESET,
        MEM_RESERVE | MEM_COMMIT | MEM_LARGE_PAGES, MEM_RESERVE | MEM_TOP_DOWN,
        MEM_COMMIT | MEM_RESERVE_PLACEHOLDER, MEM_RESERVE | 0x8,
    ]
}

pool! {
    /// Allocation sizes: a granule, two (a placeholder to split), a page, odd, 0, 1 TiB,
    /// overflowing.
    AllocSize: u64, common 4 = [
        0x10000, 0x20000, 0x1000, 0x30000, 0x2000, 0x3456, 0, 1, 1 << 40, u64::MAX - 0xFFF,
    ]
}

pool! {
    /// VirtualFree / VirtualFreeEx free types, valid and not (MS docs "VirtualFree"; wine
    /// `kernelbase/tests/process.c test_VirtualAlloc2`).
    FreeType: u32, common 4 = [
        MEM_RELEASE, MEM_DECOMMIT, MEM_RELEASE | MEM_PRESERVE_PLACEHOLDER,
        MEM_RELEASE | MEM_COALESCE_PLACEHOLDERS, MEM_PRESERVE_PLACEHOLDER,
        MEM_COALESCE_PLACEHOLDERS, MEM_RELEASE | MEM_DECOMMIT, 0,
        MEM_DECOMMIT | MEM_PRESERVE_PLACEHOLDER,
        MEM_RELEASE | MEM_PRESERVE_PLACEHOLDER | MEM_COALESCE_PLACEHOLDERS,
    ]
}

pool! {
    /// UnmapViewOfFile2 flags (MS docs "UnmapViewOfFile2"; catalog F21).
    UnmapFlags: u32, common 2 = [
        0, MEM_PRESERVE_PLACEHOLDER, MEM_UNMAP_WITH_TRANSIENT_BOOST,
        MEM_PRESERVE_PLACEHOLDER | MEM_UNMAP_WITH_TRANSIENT_BOOST, MEM_RELEASE,
    ]
}

/// "The k-th running process" (modulo their number).
#[derive(Arbitrary, Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ProcRef(pub u8);

/// A handle operand.
#[derive(Arbitrary, Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum HandleRef {
    /// The k-th live handle of the process, of any type.
    Any(u8),
    /// The k-th live section handle (any handle if there is none).
    Section(u8),
    /// The k-th live file handle (any handle if there is none).
    File(u8),
    /// The k-th live process handle (`GetCurrentProcess()` if there is none).
    Process(u8),
    /// The k-th live handle with tag bits 1..=3 set (G8).
    Tagged(u8, u8),
    /// NULL.
    Null,
    /// `GetCurrentProcess()` (-1).
    CurrentProcess,
    /// `GetCurrentThread()` (-2).
    CurrentThread,
    /// A value never allocated (0x12340).
    Never,
}

/// CreateFileMapping's `hFile`.
#[derive(Arbitrary, Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum FileArg {
    /// INVALID_HANDLE_VALUE.
    PageFile,
    /// NULL (also the page file, D13).
    Null,
    /// A handle (usually a file).
    Handle(HandleRef),
}

/// Which page of a view.
#[derive(Arbitrary, Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PageSel {
    First,
    Nth(u8),
    Last,
    /// The page just past the view.
    PastEnd,
}

/// A raw address.
#[derive(Arbitrary, Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum RawAddr {
    Null,
    /// 0x1000_0000, where the first view goes.
    FirstPlacement,
    /// 0x5000, below user space.
    Low,
    /// The last page of user space.
    Top,
    /// Past user space.
    Beyond,
    /// 0xDEADBEEF.
    DeadBeef,
}

/// An address operand.
#[derive(Arbitrary, Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum AddrRef {
    /// A byte of a page of the k-th view of the process.
    View { view: u8, page: PageSel, byte: u16 },
    /// A raw address.
    Raw(RawAddr),
    /// A byte of a page of the k-th allocation of the process, in address order: views and
    /// private regions (placeholders included) alike.
    Region {
        region: u8,
        page: PageSel,
        byte: u16,
    },
}

/// A range size for VirtualProtect / VirtualAlloc.
#[derive(Arbitrary, Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum RangeSize {
    Page,
    One,
    TwoPages,
    /// From the address to the end of its allocation (view or private region).
    Rest,
    Zero,
    /// 1 TiB.
    Big,
    /// Overflows.
    Huge,
    /// From the address to the end of the allocation `k % 4` allocations after the one
    /// holding it (0: `Rest`), so that a range can cover neighbouring placeholders (a page if
    /// the address is in none).
    Span(u8),
}

/// A DuplicateHandle target process.
#[derive(Arbitrary, Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TargetRef {
    Current,
    /// The k-th running process.
    Live(u8),
    Null,
    /// An exited process (NULL if none).
    Exited,
}

/// The app containers the vocabulary knows: (package name, app-container SID as
/// `DeriveAppContainerSidFromAppContainerName` gives it in winsection: `S-1-15-2-` and seven
/// sub-authorities from the SHA-256 of the lower-cased name).
pub const APP_CONTAINERS: &[(&str, &str)] = &[
    (
        "Contoso.App",
        "S-1-15-2-1903927298-1054517408-1178744923-402480562-3803318752-2591745356-1835341329",
    ),
    (
        "Fabrikam.App",
        "S-1-15-2-2309045649-2581172029-2341297420-2741341871-1692628307-337776111-2151113511",
    ),
];

/// A process's app container: which package (modulo [`APP_CONTAINERS`]) and whether it holds
/// the `codeGeneration` capability.
#[derive(Arbitrary, Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct AppContainerRef {
    pub package: u8,
    pub code_generation: bool,
}

impl AppContainerRef {
    /// The index into [`APP_CONTAINERS`].
    pub fn index(self) -> usize {
        usize::from(self.package) % APP_CONTAINERS.len()
    }

    /// The package name.
    pub fn name(self) -> &'static str {
        APP_CONTAINERS
            .get(self.index())
            .map_or("Contoso.App", |(n, _)| n)
    }
}

/// Which `VirtualAlloc` an [`Op::Alloc`] calls.
#[derive(Arbitrary, Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum AllocApi {
    /// `VirtualAlloc`.
    Plain,
    /// `VirtualAllocEx(process, ...)`.
    Ex(HandleRef),
    /// `VirtualAlloc2(process, ...)` without extended parameters (NULL: the caller).
    Two(HandleRef),
}

/// An [`Op::Alloc`]'s size: a fixed one, or one taken from the allocation at the address
/// (so that memory can replace a placeholder exactly).
#[derive(Arbitrary, Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum AllocSizeArg {
    Fixed(AllocSize),
    Range(RangeSize),
}

impl AllocSizeArg {
    /// The size at `address` in a process whose allocations are `regions`.
    pub fn resolve_in(self, regions: &[(u64, u64)], address: u64) -> u64 {
        match self {
            AllocSizeArg::Fixed(s) => s.get(),
            AllocSizeArg::Range(r) => r.resolve_in(regions, address),
        }
    }
}

/// Which `VirtualFree` an [`Op::Free`] calls.
#[derive(Arbitrary, Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum FreeApi {
    /// `VirtualFree`.
    Plain,
    /// `VirtualFreeEx(process, ...)`.
    Ex(HandleRef),
}

/// One operation.
#[derive(Arbitrary, Clone, Debug, PartialEq, Eq, Hash)]
pub enum Op {
    /// Start a process in session 0/1/2 (`session % 3`), with or without
    /// SeCreateGlobalPrivilege, optionally inheriting from a running parent, optionally in an
    /// app container (ignored on a CE machine: CE has no app containers).
    Spawn {
        session: u8,
        global_privilege: bool,
        parent: Option<ProcRef>,
        inherit: bool,
        app_container: Option<AppContainerRef>,
    },
    /// Start over on a fresh machine of the `windows` or (`ce`) the Windows CE profile, with
    /// two processes in session 1, as the harness starts.
    Machine { ce: bool },
    /// `ExitProcess`.
    Exit { proc: ProcRef },
    /// `CreateFileMappingW`.
    CreateMapping {
        proc: ProcRef,
        file: FileArg,
        protect: SectionProtect,
        sec: SecFlags,
        size: SectionSize,
        name: Name,
        inherit: bool,
    },
    /// `OpenFileMappingW`.
    OpenMapping {
        proc: ProcRef,
        access: OpenAccess,
        inherit: bool,
        name: Name,
    },
    /// `CreateEventW`.
    CreateEvent {
        proc: ProcRef,
        name: Name,
        inherit: bool,
    },
    /// `CreateMutexW`.
    CreateMutex {
        proc: ProcRef,
        name: Name,
        inherit: bool,
    },
    /// `OpenEventW`.
    OpenEvent {
        proc: ProcRef,
        access: OpenAccess,
        name: Name,
    },
    /// `CloseHandle`.
    CloseHandle { proc: ProcRef, handle: HandleRef },
    /// `DuplicateHandle` from the process.
    Duplicate {
        proc: ProcRef,
        handle: HandleRef,
        target: TargetRef,
        access: OpenAccess,
        inherit: bool,
        options: DupOptions,
    },
    /// `SetHandleInformation`.
    SetHandleInfo {
        proc: ProcRef,
        handle: HandleRef,
        flags: HandleFlags,
    },
    /// `GetHandleInformation`.
    GetHandleInfo { proc: ProcRef, handle: HandleRef },
    /// `MapViewOfFileEx`.
    MapView {
        proc: ProcRef,
        handle: HandleRef,
        access: MapAccess,
        offset: ViewOffset,
        size: ViewSize,
        base: ViewBase,
    },
    /// `UnmapViewOfFile`.
    Unmap { proc: ProcRef, addr: AddrRef },
    /// `VirtualQuery`.
    Query { proc: ProcRef, addr: AddrRef },
    /// `VirtualProtect`.
    Protect {
        proc: ProcRef,
        addr: AddrRef,
        size: RangeSize,
        protect: PageProtect,
    },
    /// `VirtualAlloc(MEM_COMMIT)` in what is already there (a NULL address becomes 0xDEADBEEF:
    /// new allocations are [`Op::Alloc`]'s).
    Commit {
        proc: ProcRef,
        addr: AddrRef,
        size: RangeSize,
        protect: PageProtect,
    },
    /// Read a byte.
    Read { proc: ProcRef, addr: AddrRef },
    /// Write a byte.
    Write {
        proc: ProcRef,
        addr: AddrRef,
        value: ByteValue,
    },
    /// `CreateFileW`.
    CreateFile {
        proc: ProcRef,
        path: FilePath,
        access: FileAccess,
        share: ShareMode,
        disposition: Disposition,
        inherit: bool,
    },
    /// `WriteFile` of 1..=4 copies of a byte.
    WriteFile {
        proc: ProcRef,
        handle: HandleRef,
        value: ByteValue,
        len: u8,
    },
    /// `ReadFile` of 1..=4 bytes.
    ReadFile {
        proc: ProcRef,
        handle: HandleRef,
        len: u8,
    },
    /// `CompareObjectHandles`.
    Compare {
        proc: ProcRef,
        first: HandleRef,
        second: HandleRef,
    },
    /// `SetFilePointer(FILE_BEGIN)`.
    Seek {
        proc: ProcRef,
        handle: HandleRef,
        position: FilePosition,
    },
    /// `SetEndOfFile`.
    SetEndOfFile { proc: ProcRef, handle: HandleRef },
    /// `GetFileSize`.
    GetFileSize { proc: ProcRef, handle: HandleRef },
    /// `DeleteFileW`.
    DeleteFile { proc: ProcRef, path: FilePath },
    /// `CreateFileForMapping` (CE; ERROR_CALL_NOT_IMPLEMENTED on a `windows` machine), with
    /// a NULL security descriptor and share mode 0 (CE derives it from the access).
    CreateFileForMapping {
        proc: ProcRef,
        path: FilePath,
        access: FileAccess,
        disposition: Disposition,
    },
    /// `OpenFileMappingFromApp`.
    OpenMappingFromApp {
        proc: ProcRef,
        access: OpenAccess,
        inherit: bool,
        name: Name,
    },
    /// `VirtualProtectFromApp`.
    ProtectFromApp {
        proc: ProcRef,
        addr: AddrRef,
        size: RangeSize,
        protect: PageProtect,
    },
    /// `NtExtendSection(handle, &size)`.
    ExtendSection {
        proc: ProcRef,
        handle: HandleRef,
        size: SectionSize,
    },
    /// `NtQuerySection(handle, SectionBasicInformation, ...)`.
    QuerySection { proc: ProcRef, handle: HandleRef },
    /// `NtAreMappedFilesTheSame(first, second)`.
    MappedFilesSame {
        proc: ProcRef,
        first: AddrRef,
        second: AddrRef,
    },
    /// `OpenProcess(access, inherit, pid of the target)`.
    OpenProcess {
        proc: ProcRef,
        target: TargetRef,
        access: ProcessAccess,
        inherit: bool,
    },
    /// `ReadProcessMemory` of one byte, or `WriteProcessMemory` of `write`, through a process
    /// handle; the address is resolved against the caller's own views.
    ProcessMemory {
        proc: ProcRef,
        process: HandleRef,
        addr: AddrRef,
        write: Option<ByteValue>,
    },
    /// `VirtualQueryEx` through a process handle; the address is resolved against the
    /// caller's own views.
    QueryEx {
        proc: ProcRef,
        process: HandleRef,
        addr: AddrRef,
    },
    /// `GetFileAttributesW`.
    GetFileAttributes { proc: ProcRef, path: FilePath },
    /// `MapViewOfFile3(handle, process, base, offset, size, allocation, protect, NULL, 0)`.
    MapView3 {
        proc: ProcRef,
        handle: HandleRef,
        process: HandleRef,
        base: ViewBase,
        offset: ViewOffset,
        size: ViewSize,
        allocation: MapAllocation,
        protect: PageProtect,
    },
    /// `SetFilePointer(handle, 0, FILE_BEGIN)` then `WriteFile` of a built-in PE file (valid
    /// or not), so that `SEC_IMAGE` sections can be made over it.
    WriteImage {
        proc: ProcRef,
        handle: HandleRef,
        image: PeImage,
    },
    /// `NtQueryObject(handle, ObjectBasicInformation, ...)`.
    QueryObject { proc: ProcRef, handle: HandleRef },
    /// `NtQuerySection(handle, SectionImageInformation, ...)`.
    QuerySectionImage { proc: ProcRef, handle: HandleRef },
    /// `CreateFileMappingFromApp(file, sa, protect | sec, size, name)`.
    CreateMappingFromApp {
        proc: ProcRef,
        file: FileArg,
        protect: SectionProtect,
        sec: SecFlags,
        size: SectionSize,
        name: Name,
        inherit: bool,
    },
    /// `MapViewOfFileFromApp(handle, access, offset, size)`.
    MapViewFromApp {
        proc: ProcRef,
        handle: HandleRef,
        access: MapAccess,
        offset: ViewOffset,
        size: ViewSize,
    },
    /// `VirtualAllocFromApp(address, size, MEM_COMMIT, protect)` (a NULL address becomes
    /// 0xDEADBEEF, as for [`Op::Commit`]).
    CommitFromApp {
        proc: ProcRef,
        addr: AddrRef,
        size: RangeSize,
        protect: PageProtect,
    },
    /// `CopyFileW(from, to, fail_if_exists)`.
    CopyFile {
        proc: ProcRef,
        from: FilePath,
        to: FilePath,
        fail_if_exists: bool,
    },
    /// `MoveFileExW(from, to, flags)`.
    MoveFile {
        proc: ProcRef,
        from: FilePath,
        to: FilePath,
        flags: MoveFlags,
    },
    /// `LockFileEx(handle, flags, 0, length, &overlapped at offset)`.
    LockFile {
        proc: ProcRef,
        handle: HandleRef,
        flags: LockFlags,
        offset: LockOffset,
        length: LockLength,
    },
    /// `UnlockFileEx(handle, 0, length, &overlapped at offset)`.
    UnlockFile {
        proc: ProcRef,
        handle: HandleRef,
        offset: LockOffset,
        length: LockLength,
    },
    /// `SetFileInformationByHandle(handle, class, &information, size)`.
    SetFileInfo {
        proc: ProcRef,
        handle: HandleRef,
        info: FileInformation,
        size: InfoSize,
    },
    /// `CreateFileW(path, access, share, NULL, disposition, FILE_FLAG_DELETE_ON_CLOSE, NULL)`.
    CreateFileDeleteOnClose {
        proc: ProcRef,
        path: FilePath,
        access: FileAccess,
        share: ShareMode,
        disposition: Disposition,
    },
    /// `VirtualAlloc` / `VirtualAllocEx` / `VirtualAlloc2(address, size, allocation,
    /// protect)`: private memory and placeholders (a NULL address lets the system choose).
    Alloc {
        proc: ProcRef,
        api: AllocApi,
        addr: AddrRef,
        size: AllocSizeArg,
        allocation: AllocType,
        protect: PageProtect,
    },
    /// `VirtualFree` / `VirtualFreeEx(address, size, free_type)`.
    Free {
        proc: ProcRef,
        api: FreeApi,
        addr: AddrRef,
        size: RangeSize,
        free_type: FreeType,
    },
    /// `MapViewOfFile3(handle, process, base, offset, size, allocation, protect, NULL, 0)`
    /// with the base and size taken from the caller's address space, so that a view can
    /// replace a placeholder (MEM_REPLACE_PLACEHOLDER).
    MapView3At {
        proc: ProcRef,
        handle: HandleRef,
        process: HandleRef,
        base: AddrRef,
        offset: ViewOffset,
        size: RangeSize,
        allocation: MapAllocation,
        protect: PageProtect,
    },
    /// `UnmapViewOfFile2(process, address, flags)`.
    Unmap2 {
        proc: ProcRef,
        process: HandleRef,
        addr: AddrRef,
        flags: UnmapFlags,
    },
    /// `VirtualProtectEx(process, address, size, protect, &old)`; the address and size are
    /// resolved against the caller's own allocations, as for [`Op::QueryEx`].
    ProtectEx {
        proc: ProcRef,
        process: HandleRef,
        addr: AddrRef,
        size: RangeSize,
        protect: PageProtect,
    },
}

/// A never-allocated handle value (catalog G7 uses 0x12340).
pub const NEVER_ALLOCATED: u64 = 0x12340;

impl RawAddr {
    /// The address.
    pub fn value(self) -> u64 {
        match self {
            RawAddr::Null => 0,
            RawAddr::FirstPlacement => 0x1000_0000,
            RawAddr::Low => 0x5000,
            RawAddr::Top => MAX_APPLICATION_ADDRESS & !(PAGE_SIZE - 1),
            RawAddr::Beyond => MAX_APPLICATION_ADDRESS + 1,
            RawAddr::DeadBeef => 0xDEAD_BEEF,
        }
    }
}

impl PageSel {
    /// The page index in a view of `pages` pages.
    pub fn index(self, pages: u64) -> u64 {
        match self {
            PageSel::First => 0,
            PageSel::Nth(n) => u64::from(n) % pages.max(1),
            PageSel::Last => pages.saturating_sub(1),
            PageSel::PastEnd => pages,
        }
    }
}

/// A process's address space as the operands see it: its views, and all its allocations
/// (views and private regions), each (base, size) in address order. The engine side
/// ([`super::apply`]) and the model build it from their own state and resolve operands alike.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Layout {
    pub views: Vec<(u64, u64)>,
    pub regions: Vec<(u64, u64)>,
}

impl AddrRef {
    /// The address in a process laid out as `layout`.
    pub fn resolve_in(self, layout: &Layout) -> u64 {
        let (list, k, page, byte) = match self {
            AddrRef::Raw(r) => return r.value(),
            AddrRef::View { view, page, byte } => (&layout.views, view, page, byte),
            AddrRef::Region { region, page, byte } => (&layout.regions, region, page, byte),
        };
        let Some((base, size)) = pick(list, k) else {
            return RawAddr::FirstPlacement.value();
        };
        let index = page.index(size / PAGE_SIZE);
        base.saturating_add(index.saturating_mul(PAGE_SIZE))
            .saturating_add(u64::from(byte) % PAGE_SIZE)
    }
}

impl RangeSize {
    /// The size at `address` in a process whose allocations are `regions` ((base, size) in
    /// address order).
    pub fn resolve_in(self, regions: &[(u64, u64)], address: u64) -> u64 {
        let span = |after: usize| {
            let Some(i) = regions
                .iter()
                .position(|(b, s)| *b <= address && address < b.saturating_add(*s))
            else {
                return PAGE_SIZE;
            };
            let last = i.saturating_add(after).min(regions.len().saturating_sub(1));
            regions.get(last).map_or(PAGE_SIZE, |(b, s)| {
                b.saturating_add(*s).saturating_sub(address)
            })
        };
        match self {
            RangeSize::Page => PAGE_SIZE,
            RangeSize::One => 1,
            RangeSize::TwoPages => 2 * PAGE_SIZE,
            RangeSize::Zero => 0,
            RangeSize::Big => 1 << 40,
            RangeSize::Huge => u64::MAX - 0xFFF,
            RangeSize::Rest => span(0),
            RangeSize::Span(k) => span(usize::from(k % 4)),
        }
    }
}

/// The `k`-th item (modulo their number), if any.
pub fn pick<T: Copy>(items: &[T], k: u8) -> Option<T> {
    if items.is_empty() {
        return None;
    }
    items.get(usize::from(k) % items.len()).copied()
}

impl Op {
    /// The process an op acts as (None for `Spawn`).
    pub fn proc(&self) -> Option<ProcRef> {
        match self {
            Op::Spawn { .. } | Op::Machine { .. } => None,
            Op::Exit { proc }
            | Op::CreateMapping { proc, .. }
            | Op::OpenMapping { proc, .. }
            | Op::CreateEvent { proc, .. }
            | Op::CreateMutex { proc, .. }
            | Op::OpenEvent { proc, .. }
            | Op::CloseHandle { proc, .. }
            | Op::Duplicate { proc, .. }
            | Op::SetHandleInfo { proc, .. }
            | Op::GetHandleInfo { proc, .. }
            | Op::MapView { proc, .. }
            | Op::Unmap { proc, .. }
            | Op::Query { proc, .. }
            | Op::Protect { proc, .. }
            | Op::Commit { proc, .. }
            | Op::Read { proc, .. }
            | Op::Write { proc, .. }
            | Op::CreateFile { proc, .. }
            | Op::WriteFile { proc, .. }
            | Op::ReadFile { proc, .. }
            | Op::Compare { proc, .. }
            | Op::Seek { proc, .. }
            | Op::SetEndOfFile { proc, .. }
            | Op::GetFileSize { proc, .. }
            | Op::DeleteFile { proc, .. }
            | Op::CreateFileForMapping { proc, .. }
            | Op::OpenMappingFromApp { proc, .. }
            | Op::ProtectFromApp { proc, .. }
            | Op::ExtendSection { proc, .. }
            | Op::QuerySection { proc, .. }
            | Op::MappedFilesSame { proc, .. }
            | Op::OpenProcess { proc, .. }
            | Op::ProcessMemory { proc, .. }
            | Op::QueryEx { proc, .. }
            | Op::GetFileAttributes { proc, .. }
            | Op::MapView3 { proc, .. }
            | Op::WriteImage { proc, .. }
            | Op::QueryObject { proc, .. }
            | Op::QuerySectionImage { proc, .. }
            | Op::CreateMappingFromApp { proc, .. }
            | Op::MapViewFromApp { proc, .. }
            | Op::CommitFromApp { proc, .. }
            | Op::CopyFile { proc, .. }
            | Op::MoveFile { proc, .. }
            | Op::LockFile { proc, .. }
            | Op::UnlockFile { proc, .. }
            | Op::SetFileInfo { proc, .. }
            | Op::CreateFileDeleteOnClose { proc, .. }
            | Op::Alloc { proc, .. }
            | Op::Free { proc, .. }
            | Op::MapView3At { proc, .. }
            | Op::Unmap2 { proc, .. }
            | Op::ProtectEx { proc, .. } => Some(*proc),
        }
    }
}

/// The `k`-th item of an iterator (modulo their number), without collecting it.
pub fn pick_from<I: Iterator + Clone>(items: I, k: u8) -> Option<I::Item> {
    let n = items.clone().count();
    if n == 0 {
        return None;
    }
    items.into_iter().nth(usize::from(k) % n)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A view at 0x1000_0000 (two pages) and private regions at 0x1001_0000 (one page) and
    /// 0x1002_0000 (four pages).
    fn layout() -> Layout {
        Layout {
            views: vec![(0x1000_0000, 0x2000)],
            regions: vec![
                (0x1000_0000, 0x2000),
                (0x1001_0000, 0x1000),
                (0x1002_0000, 0x4000),
            ],
        }
    }

    #[test]
    fn region_operands_name_any_allocation() {
        let l = layout();
        let at = |region, page| AddrRef::Region {
            region,
            page,
            byte: 5,
        };
        assert_eq!(at(2, PageSel::Last).resolve_in(&l), 0x1002_3005);
        // Modulo the number of allocations; views count among them.
        assert_eq!(at(3, PageSel::First).resolve_in(&l), 0x1000_0005);
        let view = AddrRef::View {
            view: 1,
            page: PageSel::PastEnd,
            byte: 0,
        };
        assert_eq!(view.resolve_in(&l), 0x1000_2000);
        assert_eq!(
            at(0, PageSel::First).resolve_in(&Layout::default()),
            0x1000_0000
        );
    }

    #[test]
    fn spans_reach_the_following_allocations() {
        let regions = layout().regions;
        let a = 0x1000_1000;
        assert_eq!(RangeSize::Rest.resolve_in(&regions, a), 0x1000);
        assert_eq!(RangeSize::Span(1).resolve_in(&regions, a), 0x1_0000);
        // Past the last allocation: to the end of the last one.
        assert_eq!(RangeSize::Span(3).resolve_in(&regions, a), 0x2_3000);
        // In free memory: a page.
        assert_eq!(RangeSize::Span(1).resolve_in(&regions, 0x5000), PAGE_SIZE);
        let fixed = AllocSizeArg::Fixed(AllocSize(1));
        assert_eq!(fixed.resolve_in(&regions, a), 0x20000);
        let rest = AllocSizeArg::Range(RangeSize::Rest);
        assert_eq!(rest.resolve_in(&regions, 0x1002_0000), 0x4000);
    }
}
