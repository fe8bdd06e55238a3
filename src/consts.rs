//! Win32 constants with the names and values windows-sys gives them (`winnt.h`, `winbase.h`,
//! `memoryapi.h`). The engine and the facade use these; [`CONSTANTS`] lists them by name for the
//! scenario language and the CLI.

macro_rules! constants {
    ($( $name:ident : $ty:ty = $value:expr; )*) => {
        $( #[allow(missing_docs)] pub const $name: $ty = $value; )*
        /// Every constant by name, as a 64-bit value (negative values sign-extended, as C would).
        pub const CONSTANTS: &[(&str, u64)] = &[ $( (stringify!($name), $value as i64 as u64), )* ];
    };
}

constants! {
    // Page protections (winnt.h).
    PAGE_NOACCESS: u32 = 0x01;
    PAGE_READONLY: u32 = 0x02;
    PAGE_READWRITE: u32 = 0x04;
    PAGE_WRITECOPY: u32 = 0x08;
    PAGE_EXECUTE: u32 = 0x10;
    PAGE_EXECUTE_READ: u32 = 0x20;
    PAGE_EXECUTE_READWRITE: u32 = 0x40;
    PAGE_EXECUTE_WRITECOPY: u32 = 0x80;
    PAGE_GUARD: u32 = 0x100;
    PAGE_NOCACHE: u32 = 0x200;
    PAGE_WRITECOMBINE: u32 = 0x400;

    // Section attributes.
    SEC_PARTITION_OWNER_HANDLE: u32 = 0x0004_0000;
    SEC_64K_PAGES: u32 = 0x0008_0000;
    SEC_FILE: u32 = 0x0080_0000;
    SEC_IMAGE: u32 = 0x0100_0000;
    SEC_PROTECTED_IMAGE: u32 = 0x0200_0000;
    SEC_RESERVE: u32 = 0x0400_0000;
    SEC_COMMIT: u32 = 0x0800_0000;
    SEC_NOCACHE: u32 = 0x1000_0000;
    SEC_WRITECOMBINE: u32 = 0x4000_0000;
    SEC_LARGE_PAGES: u32 = 0x8000_0000;
    SEC_IMAGE_NO_EXECUTE: u32 = 0x1100_0000;

    // Memory state and type.
    MEM_COMMIT: u32 = 0x1000;
    MEM_RESERVE: u32 = 0x2000;
    MEM_DECOMMIT: u32 = 0x4000;
    MEM_RELEASE: u32 = 0x8000;
    MEM_FREE: u32 = 0x10000;
    MEM_PRIVATE: u32 = 0x20000;
    MEM_MAPPED: u32 = 0x40000;
    MEM_RESET: u32 = 0x80000;
    MEM_TOP_DOWN: u32 = 0x100000;
    MEM_IMAGE: u32 = 0x100_0000;
    MEM_RESET_UNDO: u32 = 0x100_0000;
    MEM_LARGE_PAGES: u32 = 0x2000_0000;
    MEM_REPLACE_PLACEHOLDER: u32 = 0x4000;
    MEM_RESERVE_PLACEHOLDER: u32 = 0x40000;
    MEM_PRESERVE_PLACEHOLDER: u32 = 0x2;
    MEM_UNMAP_WITH_TRANSIENT_BOOST: u32 = 0x1;

    // Standard and generic rights.
    DELETE: u32 = 0x0001_0000;
    READ_CONTROL: u32 = 0x0002_0000;
    WRITE_DAC: u32 = 0x0004_0000;
    WRITE_OWNER: u32 = 0x0008_0000;
    SYNCHRONIZE: u32 = 0x0010_0000;
    STANDARD_RIGHTS_REQUIRED: u32 = 0x000F_0000;
    STANDARD_RIGHTS_READ: u32 = 0x0002_0000;
    STANDARD_RIGHTS_WRITE: u32 = 0x0002_0000;
    STANDARD_RIGHTS_EXECUTE: u32 = 0x0002_0000;
    STANDARD_RIGHTS_ALL: u32 = 0x001F_0000;
    MAXIMUM_ALLOWED: u32 = 0x0200_0000;
    GENERIC_READ: u32 = 0x8000_0000;
    GENERIC_WRITE: u32 = 0x4000_0000;
    GENERIC_EXECUTE: u32 = 0x2000_0000;
    GENERIC_ALL: u32 = 0x1000_0000;

    // Section rights and FILE_MAP_* (memoryapi.h).
    SECTION_QUERY: u32 = 0x0001;
    SECTION_MAP_WRITE: u32 = 0x0002;
    SECTION_MAP_READ: u32 = 0x0004;
    SECTION_MAP_EXECUTE: u32 = 0x0008;
    SECTION_EXTEND_SIZE: u32 = 0x0010;
    SECTION_MAP_EXECUTE_EXPLICIT: u32 = 0x0020;
    SECTION_ALL_ACCESS: u32 = 0x000F_001F;
    FILE_MAP_COPY: u32 = 0x0001;
    FILE_MAP_WRITE: u32 = 0x0002;
    FILE_MAP_READ: u32 = 0x0004;
    FILE_MAP_ALL_ACCESS: u32 = 0x000F_001F;
    FILE_MAP_EXECUTE: u32 = 0x0020;
    FILE_MAP_RESERVE: u32 = 0x8000_0000;
    FILE_MAP_TARGETS_INVALID: u32 = 0x4000_0000;
    FILE_MAP_LARGE_PAGES: u32 = 0x2000_0000;

    // Synchronization objects, jobs, directories, links, processes.
    EVENT_QUERY_STATE: u32 = 0x0001;
    EVENT_MODIFY_STATE: u32 = 0x0002;
    EVENT_ALL_ACCESS: u32 = 0x001F_0003;
    MUTANT_QUERY_STATE: u32 = 0x0001;
    MUTANT_ALL_ACCESS: u32 = 0x001F_0001;
    MUTEX_MODIFY_STATE: u32 = 0x0001;
    MUTEX_ALL_ACCESS: u32 = 0x001F_0001;
    SEMAPHORE_QUERY_STATE: u32 = 0x0001;
    SEMAPHORE_MODIFY_STATE: u32 = 0x0002;
    SEMAPHORE_ALL_ACCESS: u32 = 0x001F_0003;
    TIMER_QUERY_STATE: u32 = 0x0001;
    TIMER_MODIFY_STATE: u32 = 0x0002;
    TIMER_ALL_ACCESS: u32 = 0x001F_0003;
    JOB_OBJECT_ASSIGN_PROCESS: u32 = 0x0001;
    JOB_OBJECT_SET_ATTRIBUTES: u32 = 0x0002;
    JOB_OBJECT_QUERY: u32 = 0x0004;
    JOB_OBJECT_TERMINATE: u32 = 0x0008;
    JOB_OBJECT_SET_SECURITY_ATTRIBUTES: u32 = 0x0010;
    JOB_OBJECT_ALL_ACCESS: u32 = 0x001F_003F;
    DIRECTORY_QUERY: u32 = 0x0001;
    DIRECTORY_TRAVERSE: u32 = 0x0002;
    DIRECTORY_CREATE_OBJECT: u32 = 0x0004;
    DIRECTORY_CREATE_SUBDIRECTORY: u32 = 0x0008;
    DIRECTORY_ALL_ACCESS: u32 = 0x000F_000F;
    SYMBOLIC_LINK_QUERY: u32 = 0x0001;
    SYMBOLIC_LINK_ALL_ACCESS: u32 = 0x000F_0001;
    PROCESS_TERMINATE: u32 = 0x0001;
    PROCESS_DUP_HANDLE: u32 = 0x0040;
    PROCESS_QUERY_INFORMATION: u32 = 0x0400;
    PROCESS_QUERY_LIMITED_INFORMATION: u32 = 0x1000;
    PROCESS_ALL_ACCESS: u32 = 0x001F_FFFF;
    CREATE_EVENT_MANUAL_RESET: u32 = 0x1;
    CREATE_EVENT_INITIAL_SET: u32 = 0x2;
    CREATE_MUTEX_INITIAL_OWNER: u32 = 0x1;

    // Handles.
    DUPLICATE_CLOSE_SOURCE: u32 = 0x1;
    DUPLICATE_SAME_ACCESS: u32 = 0x2;
    HANDLE_FLAG_INHERIT: u32 = 0x1;
    HANDLE_FLAG_PROTECT_FROM_CLOSE: u32 = 0x2;
    INVALID_HANDLE_VALUE: isize = -1;
    NULL: u64 = 0;
    TRUE: i32 = 1;
    FALSE: i32 = 0;

    // Waits.
    INFINITE: u32 = 0xFFFF_FFFF;
    WAIT_OBJECT_0: u32 = 0;
    WAIT_ABANDONED: u32 = 0x80;
    WAIT_TIMEOUT: u32 = 0x102;
    WAIT_FAILED: u32 = 0xFFFF_FFFF;

    // Exceptions (winnt.h / ntstatus.h).
    EXCEPTION_ACCESS_VIOLATION: u32 = 0xC000_0005;
    EXCEPTION_GUARD_PAGE: u32 = 0x8000_0001;
    EXCEPTION_IN_PAGE_ERROR: u32 = 0xC000_0006;
    EXCEPTION_INVALID_HANDLE: u32 = 0xC000_0008;

    // Private namespaces.
    PRIVATE_NAMESPACE_FLAG_DESTROY: u32 = 0x1;

    // System information.
    PROCESSOR_ARCHITECTURE_AMD64: u16 = 9;
}

/// The page size of x86/x64 Windows (`GetSystemInfo().dwPageSize`; catalog F1).
pub const PAGE_SIZE: u64 = 0x1000;
/// The allocation granularity (`GetSystemInfo().dwAllocationGranularity`; catalog F1).
pub const ALLOCATION_GRANULARITY: u64 = 0x1_0000;
/// `GetLargePageMinimum()` on x64: 2 MiB (MS docs "Large-Page Support").
pub const LARGE_PAGE_MINIMUM: u64 = 0x20_0000;
/// Lowest user-mode address (`lpMinimumApplicationAddress`).
pub const MIN_APPLICATION_ADDRESS: u64 = 0x1_0000;
/// Highest user-mode address of a 64-bit process (`lpMaximumApplicationAddress`, 128 TiB).
pub const MAX_APPLICATION_ADDRESS: u64 = 0x7FFF_FFFE_FFFF;

/// Looks a constant up by name.
pub fn constant(name: &str) -> Option<u64> {
    CONSTANTS.iter().find(|(n, _)| *n == name).map(|(_, v)| *v)
}
