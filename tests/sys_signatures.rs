//! Every `winsection::sys` function has exactly windows-sys's signature, checked at compile
//! time: an `if`/`else` whose branches are the two functions compiles only if both fn items
//! coerce to one fn-pointer type, i.e. same ABI, unsafety, parameter and return types. The
//! check sits in a generic function that is never instantiated, so it is type-checked but never
//! code-generated: windows-sys's functions are never referenced by the binary (they would not
//! link off Windows).

#![cfg(target_os = "linux")]
#![allow(clippy::unwrap_used)]

use winsection::sys;

macro_rules! same {
    ($($path:ident)::+) => {
        let _ = if true {
            sys::Win32::$($path)::+
        } else {
            windows_sys::Win32::$($path)::+
        };
    };
}

/// Generic so that it is never code-generated (it is never instantiated).
#[allow(dead_code, clippy::extra_unused_type_parameters)]
fn signatures_match<Never>() {
    same!(Foundation::CloseHandle);
    same!(Foundation::DuplicateHandle);
    same!(Foundation::GetLastError);
    same!(Foundation::SetLastError);
    same!(Foundation::GetHandleInformation);
    same!(Foundation::SetHandleInformation);
    same!(Foundation::CompareObjectHandles);
    same!(Storage::FileSystem::CreateFileW);
    same!(Storage::FileSystem::ReadFile);
    same!(Storage::FileSystem::WriteFile);
    same!(Storage::FileSystem::SetFilePointerEx);
    same!(Storage::FileSystem::SetEndOfFile);
    same!(Storage::FileSystem::GetFileSizeEx);
    same!(Storage::FileSystem::FlushFileBuffers);
    same!(Storage::FileSystem::DeleteFileW);
    same!(Storage::FileSystem::LockFileEx);
    same!(Storage::FileSystem::UnlockFileEx);
    same!(Storage::FileSystem::SetFileInformationByHandle);
    same!(Storage::FileSystem::CreateFileA);
    same!(Storage::FileSystem::DeleteFileA);
    same!(Storage::FileSystem::SetFilePointer);
    same!(Storage::FileSystem::GetFileSize);
    same!(Storage::FileSystem::LockFile);
    same!(Storage::FileSystem::UnlockFile);
    same!(Storage::FileSystem::MoveFileW);
    same!(Storage::FileSystem::CreateDirectoryW);
    same!(System::Memory::CreateFileMappingW);
    same!(System::Memory::CreateFileMappingA);
    same!(System::Memory::CreateFileMapping2);
    same!(System::Memory::OpenFileMappingW);
    same!(System::Memory::OpenFileMappingA);
    same!(System::Memory::MapViewOfFile);
    same!(System::Memory::MapViewOfFileEx);
    same!(System::Memory::MapViewOfFile3);
    same!(System::Memory::UnmapViewOfFile);
    same!(System::Memory::UnmapViewOfFileEx);
    same!(System::Memory::FlushViewOfFile);
    same!(System::Memory::VirtualQuery);
    same!(System::Memory::VirtualProtect);
    same!(System::Memory::VirtualAlloc);
    same!(System::Memory::VirtualFree);
    same!(System::Memory::VirtualLock);
    same!(System::Memory::VirtualUnlock);
    same!(System::Memory::CreateFileMappingNumaW);
    same!(System::Memory::CreateFileMappingFromApp);
    same!(System::Memory::MapViewOfFileFromApp);
    same!(System::Memory::UnmapViewOfFile2);
    same!(System::Memory::GetLargePageMinimum);
    same!(System::Threading::GetCurrentProcess);
    same!(System::Threading::GetCurrentProcessId);
    same!(System::Threading::OpenProcess);
    same!(System::Threading::CreateEventW);
    same!(System::Threading::OpenEventW);
    same!(System::Threading::SetEvent);
    same!(System::Threading::ResetEvent);
    same!(System::Threading::CreateMutexW);
    same!(System::Threading::OpenMutexW);
    same!(System::Threading::ReleaseMutex);
    same!(System::Threading::CreateSemaphoreW);
    same!(System::Threading::OpenSemaphoreW);
    same!(System::Threading::ReleaseSemaphore);
    same!(System::Threading::WaitForSingleObject);
    same!(System::Threading::CreateEventA);
    same!(System::Threading::OpenEventA);
    same!(System::Threading::CreateMutexA);
    same!(System::Threading::CreateSemaphoreA);
    same!(System::Threading::CreateWaitableTimerW);
    same!(System::Threading::OpenWaitableTimerW);
    same!(System::Threading::CreateBoundaryDescriptorW);
    same!(System::Threading::AddSIDToBoundaryDescriptor);
    same!(System::Threading::DeleteBoundaryDescriptor);
    same!(System::Threading::CreatePrivateNamespaceW);
    same!(System::Threading::OpenPrivateNamespaceW);
    same!(System::Threading::ClosePrivateNamespace);
    same!(System::SystemInformation::GetSystemInfo);
}

/// The same check spelled out for the central function, with the type written by hand (a
/// `const` fn pointer to winsection's function, which links).
// SAFETY: a function-pointer type only (nothing is called); it must say `unsafe`
// because windows-sys declares the function so.
const _: unsafe extern "system" fn(
    windows_sys::Win32::Foundation::HANDLE,
    *const windows_sys::Win32::Security::SECURITY_ATTRIBUTES,
    windows_sys::Win32::System::Memory::PAGE_PROTECTION_FLAGS,
    u32,
    u32,
    windows_sys::core::PCWSTR,
) -> windows_sys::Win32::Foundation::HANDLE = sys::Win32::System::Memory::CreateFileMappingW;

/// windows-sys's own item has that very type. (A `const` naming a windows-sys extern fn is
/// evaluated at compile time and never emitted, so it links on Linux too.)
// SAFETY: a function-pointer type only (nothing is called); it must say `unsafe`
// because windows-sys declares the function so.
const _: unsafe extern "system" fn(
    windows_sys::Win32::Foundation::HANDLE,
    *const windows_sys::Win32::Security::SECURITY_ATTRIBUTES,
    windows_sys::Win32::System::Memory::PAGE_PROTECTION_FLAGS,
    u32,
    u32,
    windows_sys::core::PCWSTR,
) -> windows_sys::Win32::Foundation::HANDLE =
    windows_sys::Win32::System::Memory::CreateFileMappingW;

const _:
    // SAFETY: a function-pointer type only (nothing is called); it must say `unsafe`
    // because windows-sys declares the function so.
    unsafe extern "system" fn(
        windows_sys::Win32::Foundation::HANDLE,
        windows_sys::Win32::System::Memory::FILE_MAP,
        u32,
        u32,
        usize,
    ) -> windows_sys::Win32::System::Memory::MEMORY_MAPPED_VIEW_ADDRESS =
    sys::Win32::System::Memory::MapViewOfFile;

/// The constants are windows-sys's own (re-exported, not copied).
#[test]
fn constants_are_windows_sys_constants() {
    assert_eq!(
        sys::Win32::System::Memory::PAGE_READWRITE,
        windows_sys::Win32::System::Memory::PAGE_READWRITE
    );
    assert_eq!(
        sys::Win32::System::Memory::FILE_MAP_ALL_ACCESS,
        windows_sys::Win32::System::Memory::FILE_MAP_ALL_ACCESS
    );
    assert_eq!(
        sys::Win32::Foundation::ERROR_ALREADY_EXISTS,
        winsection::win32::ERROR_ALREADY_EXISTS
    );
    assert_eq!(sys::Win32::Foundation::INVALID_HANDLE_VALUE as isize, -1);
}
