//! `winsection::sys`: the Win32 functions with windows-sys 0.61's module paths, names and
//! signatures, running on the calling thread's simulated machine, with views that are real
//! memory (host memory backend, Linux).
//!
//! Code written against windows-sys switches with its `use` lines only:
//!
//! ```text
//! #[cfg(windows)]
//! use windows_sys::Win32::System::Memory::*;
//! #[cfg(not(windows))]
//! use winsection::sys::Win32::System::Memory::*;
//! ```
//!
//! Each module re-exports everything of its windows-sys namesake (types, constants) and
//! replaces the functions winsection models with its own; a windows-sys function it does not
//! model is still named there, and fails at link time if called. Which machine and process a
//! call runs as is the thread's (see [`reset`], [`spawn`], [`enter`]); `sys` calls the
//! `win32` facade, which calls the engine, so every answer is the engine's.
//!
//! A store through a read-only view, or a touch of a reserved SEC_RESERVE page, a
//! PAGE_NOACCESS or a PAGE_GUARD page, faults as on Windows: the host delivers SIGSEGV and the
//! test process dies, as an unhandled access violation ends a Windows program. Assert such a
//! fault from a child process (see `tests/sys_faults.rs`, which re-runs the test binary).

mod convert;
mod file_system;
mod foundation;
mod machine;
mod memory;
mod named;
mod system_information;
mod threading;

pub use machine::{
    current, default_config, enter, exit_process, reset, reset_with, spawn, spawn_with,
    with_system, EnterGuard, ProcessHandle,
};

/// The windows-sys module tree (`Win32::System::Memory`, `Win32::Foundation`, ...).
#[allow(non_snake_case)]
pub mod Win32 {
    /// `windows_sys::Win32::Foundation`.
    pub mod Foundation {
        pub use crate::sys::foundation::{
            CloseHandle, CompareObjectHandles, DuplicateHandle, GetHandleInformation, GetLastError,
            SetHandleInformation, SetLastError,
        };
        pub use windows_sys::Win32::Foundation::*;
    }
    /// `windows_sys::Win32::Security`.
    pub mod Security {
        pub use windows_sys::Win32::Security::*;
    }
    /// `windows_sys::Win32::Storage`.
    pub mod Storage {
        /// `windows_sys::Win32::Storage::FileSystem`.
        pub mod FileSystem {
            pub use crate::sys::file_system::{
                CreateDirectoryW, CreateFileA, CreateFileW, DeleteFileA, DeleteFileW,
                FlushFileBuffers, GetFileSize, GetFileSizeEx, LockFile, LockFileEx, MoveFileW,
                ReadFile, SetEndOfFile, SetFileInformationByHandle, SetFilePointer,
                SetFilePointerEx, UnlockFile, UnlockFileEx, WriteFile,
            };
            pub use windows_sys::Win32::Storage::FileSystem::*;
        }
    }
    /// `windows_sys::Win32::System`.
    pub mod System {
        /// `windows_sys::Win32::System::Memory`.
        pub mod Memory {
            pub use crate::sys::memory::{
                CreateFileMapping2, CreateFileMappingA, CreateFileMappingFromApp,
                CreateFileMappingNumaW, CreateFileMappingW, FlushViewOfFile, GetLargePageMinimum,
                MapViewOfFile, MapViewOfFile3, MapViewOfFileEx, MapViewOfFileFromApp,
                OpenFileMappingA, OpenFileMappingW, UnmapViewOfFile, UnmapViewOfFile2,
                UnmapViewOfFileEx, VirtualAlloc, VirtualFree, VirtualLock, VirtualProtect,
                VirtualQuery, VirtualUnlock,
            };
            pub use windows_sys::Win32::System::Memory::*;
        }
        /// `windows_sys::Win32::System::Threading`.
        pub mod Threading {
            pub use crate::sys::threading::{
                AddSIDToBoundaryDescriptor, ClosePrivateNamespace, CreateBoundaryDescriptorW,
                CreateEventA, CreateEventW, CreateMutexA, CreateMutexW, CreatePrivateNamespaceW,
                CreateSemaphoreA, CreateSemaphoreW, CreateWaitableTimerW, DeleteBoundaryDescriptor,
                GetCurrentProcess, GetCurrentProcessId, OpenEventA, OpenEventW, OpenMutexW,
                OpenPrivateNamespaceW, OpenProcess, OpenSemaphoreW, OpenWaitableTimerW,
                ReleaseMutex, ReleaseSemaphore, ResetEvent, SetEvent, WaitForSingleObject,
            };
            pub use windows_sys::Win32::System::Threading::*;
        }
        /// `windows_sys::Win32::System::SystemInformation`.
        pub mod SystemInformation {
            pub use crate::sys::system_information::GetSystemInfo;
            pub use windows_sys::Win32::System::SystemInformation::*;
        }
        /// `windows_sys::Win32::System::IO`.
        pub mod IO {
            pub use windows_sys::Win32::System::IO::*;
        }
    }
}
