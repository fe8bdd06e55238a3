//! Every constant, Win32 error code and NTSTATUS winsection exports, compared with windows-sys's
//! value of the same name, so that no value can drift (issue 10: STATUS_USER_MAPPED_FILE once
//! held STATUS_DEVICE_NOT_PARTITIONED's 0xC0000174). The lists are checked for completeness:
//! a constant added to `consts.rs` / `error.rs` without a row here fails
//! `every_exported_name_is_compared`. windows-sys's constants compile on any OS.
//!
//! Names windows-sys does not define (winnt.h composites the SDK spells out as macros only) are
//! in `NOT_IN_WINDOWS_SYS` and are checked against their winnt.h definitions instead.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]
// windows-sys types many constants as aliases of u32: the casts are the point of the comparison.
#![allow(clippy::unnecessary_cast)]

use std::collections::BTreeSet;

use winsection::error::codes;
use winsection::win32 as ws32;
use winsection::NtStatus;

/// (name, winsection value, windows-sys value), both as the 32 bits C stores.
const CONSTANTS: &[(&str, u32, u32)] = &[
    (
        "PAGE_NOACCESS",
        ws32::PAGE_NOACCESS as u32,
        windows_sys::Win32::System::Memory::PAGE_NOACCESS as u32,
    ),
    (
        "PAGE_READONLY",
        ws32::PAGE_READONLY as u32,
        windows_sys::Win32::System::Memory::PAGE_READONLY as u32,
    ),
    (
        "PAGE_READWRITE",
        ws32::PAGE_READWRITE as u32,
        windows_sys::Win32::System::Memory::PAGE_READWRITE as u32,
    ),
    (
        "PAGE_WRITECOPY",
        ws32::PAGE_WRITECOPY as u32,
        windows_sys::Win32::System::Memory::PAGE_WRITECOPY as u32,
    ),
    (
        "PAGE_EXECUTE",
        ws32::PAGE_EXECUTE as u32,
        windows_sys::Win32::System::Memory::PAGE_EXECUTE as u32,
    ),
    (
        "PAGE_EXECUTE_READ",
        ws32::PAGE_EXECUTE_READ as u32,
        windows_sys::Win32::System::Memory::PAGE_EXECUTE_READ as u32,
    ),
    (
        "PAGE_EXECUTE_READWRITE",
        ws32::PAGE_EXECUTE_READWRITE as u32,
        windows_sys::Win32::System::Memory::PAGE_EXECUTE_READWRITE as u32,
    ),
    (
        "PAGE_EXECUTE_WRITECOPY",
        ws32::PAGE_EXECUTE_WRITECOPY as u32,
        windows_sys::Win32::System::Memory::PAGE_EXECUTE_WRITECOPY as u32,
    ),
    (
        "PAGE_GUARD",
        ws32::PAGE_GUARD as u32,
        windows_sys::Win32::System::Memory::PAGE_GUARD as u32,
    ),
    (
        "PAGE_NOCACHE",
        ws32::PAGE_NOCACHE as u32,
        windows_sys::Win32::System::Memory::PAGE_NOCACHE as u32,
    ),
    (
        "PAGE_WRITECOMBINE",
        ws32::PAGE_WRITECOMBINE as u32,
        windows_sys::Win32::System::Memory::PAGE_WRITECOMBINE as u32,
    ),
    (
        "SEC_PARTITION_OWNER_HANDLE",
        ws32::SEC_PARTITION_OWNER_HANDLE as u32,
        windows_sys::Win32::System::Memory::SEC_PARTITION_OWNER_HANDLE as u32,
    ),
    (
        "SEC_64K_PAGES",
        ws32::SEC_64K_PAGES as u32,
        windows_sys::Win32::System::Memory::SEC_64K_PAGES as u32,
    ),
    (
        "SEC_FILE",
        ws32::SEC_FILE as u32,
        windows_sys::Win32::System::Memory::SEC_FILE as u32,
    ),
    (
        "SEC_IMAGE",
        ws32::SEC_IMAGE as u32,
        windows_sys::Win32::System::Memory::SEC_IMAGE as u32,
    ),
    (
        "SEC_PROTECTED_IMAGE",
        ws32::SEC_PROTECTED_IMAGE as u32,
        windows_sys::Win32::System::Memory::SEC_PROTECTED_IMAGE as u32,
    ),
    (
        "SEC_RESERVE",
        ws32::SEC_RESERVE as u32,
        windows_sys::Win32::System::Memory::SEC_RESERVE as u32,
    ),
    (
        "SEC_COMMIT",
        ws32::SEC_COMMIT as u32,
        windows_sys::Win32::System::Memory::SEC_COMMIT as u32,
    ),
    (
        "SEC_NOCACHE",
        ws32::SEC_NOCACHE as u32,
        windows_sys::Win32::System::Memory::SEC_NOCACHE as u32,
    ),
    (
        "SEC_WRITECOMBINE",
        ws32::SEC_WRITECOMBINE as u32,
        windows_sys::Win32::System::Memory::SEC_WRITECOMBINE as u32,
    ),
    (
        "SEC_LARGE_PAGES",
        ws32::SEC_LARGE_PAGES as u32,
        windows_sys::Win32::System::Memory::SEC_LARGE_PAGES as u32,
    ),
    (
        "SEC_IMAGE_NO_EXECUTE",
        ws32::SEC_IMAGE_NO_EXECUTE as u32,
        windows_sys::Win32::System::Memory::SEC_IMAGE_NO_EXECUTE as u32,
    ),
    (
        "MEM_COMMIT",
        ws32::MEM_COMMIT as u32,
        windows_sys::Win32::System::Memory::MEM_COMMIT as u32,
    ),
    (
        "MEM_RESERVE",
        ws32::MEM_RESERVE as u32,
        windows_sys::Win32::System::Memory::MEM_RESERVE as u32,
    ),
    (
        "MEM_DECOMMIT",
        ws32::MEM_DECOMMIT as u32,
        windows_sys::Win32::System::Memory::MEM_DECOMMIT as u32,
    ),
    (
        "MEM_RELEASE",
        ws32::MEM_RELEASE as u32,
        windows_sys::Win32::System::Memory::MEM_RELEASE as u32,
    ),
    (
        "MEM_FREE",
        ws32::MEM_FREE as u32,
        windows_sys::Win32::System::Memory::MEM_FREE as u32,
    ),
    (
        "MEM_PRIVATE",
        ws32::MEM_PRIVATE as u32,
        windows_sys::Win32::System::Memory::MEM_PRIVATE as u32,
    ),
    (
        "MEM_MAPPED",
        ws32::MEM_MAPPED as u32,
        windows_sys::Win32::System::Memory::MEM_MAPPED as u32,
    ),
    (
        "MEM_RESET",
        ws32::MEM_RESET as u32,
        windows_sys::Win32::System::Memory::MEM_RESET as u32,
    ),
    (
        "MEM_TOP_DOWN",
        ws32::MEM_TOP_DOWN as u32,
        windows_sys::Win32::System::SystemServices::MEM_TOP_DOWN as u32,
    ),
    (
        "MEM_IMAGE",
        ws32::MEM_IMAGE as u32,
        windows_sys::Win32::System::Memory::MEM_IMAGE as u32,
    ),
    (
        "MEM_RESET_UNDO",
        ws32::MEM_RESET_UNDO as u32,
        windows_sys::Win32::System::Memory::MEM_RESET_UNDO as u32,
    ),
    (
        "MEM_LARGE_PAGES",
        ws32::MEM_LARGE_PAGES as u32,
        windows_sys::Win32::System::Memory::MEM_LARGE_PAGES as u32,
    ),
    (
        "MEM_REPLACE_PLACEHOLDER",
        ws32::MEM_REPLACE_PLACEHOLDER as u32,
        windows_sys::Win32::System::Memory::MEM_REPLACE_PLACEHOLDER as u32,
    ),
    (
        "MEM_RESERVE_PLACEHOLDER",
        ws32::MEM_RESERVE_PLACEHOLDER as u32,
        windows_sys::Win32::System::Memory::MEM_RESERVE_PLACEHOLDER as u32,
    ),
    (
        "MEM_PRESERVE_PLACEHOLDER",
        ws32::MEM_PRESERVE_PLACEHOLDER as u32,
        windows_sys::Win32::System::Memory::MEM_PRESERVE_PLACEHOLDER as u32,
    ),
    (
        "MEM_COALESCE_PLACEHOLDERS",
        ws32::MEM_COALESCE_PLACEHOLDERS as u32,
        windows_sys::Win32::System::SystemServices::MEM_COALESCE_PLACEHOLDERS as u32,
    ),
    (
        "MEM_UNMAP_WITH_TRANSIENT_BOOST",
        ws32::MEM_UNMAP_WITH_TRANSIENT_BOOST as u32,
        windows_sys::Win32::System::Memory::MEM_UNMAP_WITH_TRANSIENT_BOOST as u32,
    ),
    (
        "DELETE",
        ws32::DELETE as u32,
        windows_sys::Win32::Storage::FileSystem::DELETE as u32,
    ),
    (
        "READ_CONTROL",
        ws32::READ_CONTROL as u32,
        windows_sys::Win32::Storage::FileSystem::READ_CONTROL as u32,
    ),
    (
        "WRITE_DAC",
        ws32::WRITE_DAC as u32,
        windows_sys::Win32::Storage::FileSystem::WRITE_DAC as u32,
    ),
    (
        "WRITE_OWNER",
        ws32::WRITE_OWNER as u32,
        windows_sys::Win32::Storage::FileSystem::WRITE_OWNER as u32,
    ),
    (
        "SYNCHRONIZE",
        ws32::SYNCHRONIZE as u32,
        windows_sys::Win32::Storage::FileSystem::SYNCHRONIZE as u32,
    ),
    (
        "STANDARD_RIGHTS_REQUIRED",
        ws32::STANDARD_RIGHTS_REQUIRED as u32,
        windows_sys::Win32::Storage::FileSystem::STANDARD_RIGHTS_REQUIRED as u32,
    ),
    (
        "STANDARD_RIGHTS_READ",
        ws32::STANDARD_RIGHTS_READ as u32,
        windows_sys::Win32::Storage::FileSystem::STANDARD_RIGHTS_READ as u32,
    ),
    (
        "STANDARD_RIGHTS_WRITE",
        ws32::STANDARD_RIGHTS_WRITE as u32,
        windows_sys::Win32::Storage::FileSystem::STANDARD_RIGHTS_WRITE as u32,
    ),
    (
        "STANDARD_RIGHTS_EXECUTE",
        ws32::STANDARD_RIGHTS_EXECUTE as u32,
        windows_sys::Win32::Storage::FileSystem::STANDARD_RIGHTS_EXECUTE as u32,
    ),
    (
        "STANDARD_RIGHTS_ALL",
        ws32::STANDARD_RIGHTS_ALL as u32,
        windows_sys::Win32::Storage::FileSystem::STANDARD_RIGHTS_ALL as u32,
    ),
    (
        "MAXIMUM_ALLOWED",
        ws32::MAXIMUM_ALLOWED as u32,
        windows_sys::Win32::System::SystemServices::MAXIMUM_ALLOWED as u32,
    ),
    (
        "GENERIC_READ",
        ws32::GENERIC_READ as u32,
        windows_sys::Win32::Foundation::GENERIC_READ as u32,
    ),
    (
        "GENERIC_WRITE",
        ws32::GENERIC_WRITE as u32,
        windows_sys::Win32::Foundation::GENERIC_WRITE as u32,
    ),
    (
        "GENERIC_EXECUTE",
        ws32::GENERIC_EXECUTE as u32,
        windows_sys::Win32::Foundation::GENERIC_EXECUTE as u32,
    ),
    (
        "GENERIC_ALL",
        ws32::GENERIC_ALL as u32,
        windows_sys::Win32::Foundation::GENERIC_ALL as u32,
    ),
    (
        "SECTION_QUERY",
        ws32::SECTION_QUERY as u32,
        windows_sys::Win32::System::Memory::SECTION_QUERY as u32,
    ),
    (
        "SECTION_MAP_WRITE",
        ws32::SECTION_MAP_WRITE as u32,
        windows_sys::Win32::System::Memory::SECTION_MAP_WRITE as u32,
    ),
    (
        "SECTION_MAP_READ",
        ws32::SECTION_MAP_READ as u32,
        windows_sys::Win32::System::Memory::SECTION_MAP_READ as u32,
    ),
    (
        "SECTION_MAP_EXECUTE",
        ws32::SECTION_MAP_EXECUTE as u32,
        windows_sys::Win32::System::Memory::SECTION_MAP_EXECUTE as u32,
    ),
    (
        "SECTION_EXTEND_SIZE",
        ws32::SECTION_EXTEND_SIZE as u32,
        windows_sys::Win32::System::Memory::SECTION_EXTEND_SIZE as u32,
    ),
    (
        "SECTION_MAP_EXECUTE_EXPLICIT",
        ws32::SECTION_MAP_EXECUTE_EXPLICIT as u32,
        windows_sys::Win32::System::Memory::SECTION_MAP_EXECUTE_EXPLICIT as u32,
    ),
    (
        "SECTION_ALL_ACCESS",
        ws32::SECTION_ALL_ACCESS as u32,
        windows_sys::Win32::System::Memory::SECTION_ALL_ACCESS as u32,
    ),
    (
        "FILE_MAP_COPY",
        ws32::FILE_MAP_COPY as u32,
        windows_sys::Win32::System::Memory::FILE_MAP_COPY as u32,
    ),
    (
        "FILE_MAP_WRITE",
        ws32::FILE_MAP_WRITE as u32,
        windows_sys::Win32::System::Memory::FILE_MAP_WRITE as u32,
    ),
    (
        "FILE_MAP_READ",
        ws32::FILE_MAP_READ as u32,
        windows_sys::Win32::System::Memory::FILE_MAP_READ as u32,
    ),
    (
        "FILE_MAP_ALL_ACCESS",
        ws32::FILE_MAP_ALL_ACCESS as u32,
        windows_sys::Win32::System::Memory::FILE_MAP_ALL_ACCESS as u32,
    ),
    (
        "FILE_MAP_EXECUTE",
        ws32::FILE_MAP_EXECUTE as u32,
        windows_sys::Win32::System::Memory::FILE_MAP_EXECUTE as u32,
    ),
    (
        "FILE_MAP_RESERVE",
        ws32::FILE_MAP_RESERVE as u32,
        windows_sys::Win32::System::Memory::FILE_MAP_RESERVE as u32,
    ),
    (
        "FILE_MAP_TARGETS_INVALID",
        ws32::FILE_MAP_TARGETS_INVALID as u32,
        windows_sys::Win32::System::Memory::FILE_MAP_TARGETS_INVALID as u32,
    ),
    (
        "FILE_MAP_LARGE_PAGES",
        ws32::FILE_MAP_LARGE_PAGES as u32,
        windows_sys::Win32::System::Memory::FILE_MAP_LARGE_PAGES as u32,
    ),
    (
        "EVENT_QUERY_STATE",
        ws32::EVENT_QUERY_STATE as u32,
        windows_sys::Wdk::System::SystemServices::EVENT_QUERY_STATE as u32,
    ),
    (
        "EVENT_MODIFY_STATE",
        ws32::EVENT_MODIFY_STATE as u32,
        windows_sys::Win32::System::Threading::EVENT_MODIFY_STATE as u32,
    ),
    (
        "EVENT_ALL_ACCESS",
        ws32::EVENT_ALL_ACCESS as u32,
        windows_sys::Win32::System::Threading::EVENT_ALL_ACCESS as u32,
    ),
    (
        "MUTANT_QUERY_STATE",
        ws32::MUTANT_QUERY_STATE as u32,
        windows_sys::Win32::System::SystemServices::MUTANT_QUERY_STATE as u32,
    ),
    (
        "MUTEX_MODIFY_STATE",
        ws32::MUTEX_MODIFY_STATE as u32,
        windows_sys::Win32::System::Threading::MUTEX_MODIFY_STATE as u32,
    ),
    (
        "MUTEX_ALL_ACCESS",
        ws32::MUTEX_ALL_ACCESS as u32,
        windows_sys::Win32::System::Threading::MUTEX_ALL_ACCESS as u32,
    ),
    (
        "SEMAPHORE_QUERY_STATE",
        ws32::SEMAPHORE_QUERY_STATE as u32,
        windows_sys::Wdk::System::SystemServices::SEMAPHORE_QUERY_STATE as u32,
    ),
    (
        "SEMAPHORE_MODIFY_STATE",
        ws32::SEMAPHORE_MODIFY_STATE as u32,
        windows_sys::Win32::System::Threading::SEMAPHORE_MODIFY_STATE as u32,
    ),
    (
        "SEMAPHORE_ALL_ACCESS",
        ws32::SEMAPHORE_ALL_ACCESS as u32,
        windows_sys::Win32::System::Threading::SEMAPHORE_ALL_ACCESS as u32,
    ),
    (
        "TIMER_QUERY_STATE",
        ws32::TIMER_QUERY_STATE as u32,
        windows_sys::Win32::System::Threading::TIMER_QUERY_STATE as u32,
    ),
    (
        "TIMER_MODIFY_STATE",
        ws32::TIMER_MODIFY_STATE as u32,
        windows_sys::Win32::System::Threading::TIMER_MODIFY_STATE as u32,
    ),
    (
        "TIMER_ALL_ACCESS",
        ws32::TIMER_ALL_ACCESS as u32,
        windows_sys::Win32::System::Threading::TIMER_ALL_ACCESS as u32,
    ),
    (
        "JOB_OBJECT_ASSIGN_PROCESS",
        ws32::JOB_OBJECT_ASSIGN_PROCESS as u32,
        windows_sys::Win32::System::SystemServices::JOB_OBJECT_ASSIGN_PROCESS as u32,
    ),
    (
        "JOB_OBJECT_SET_ATTRIBUTES",
        ws32::JOB_OBJECT_SET_ATTRIBUTES as u32,
        windows_sys::Win32::System::SystemServices::JOB_OBJECT_SET_ATTRIBUTES as u32,
    ),
    (
        "JOB_OBJECT_QUERY",
        ws32::JOB_OBJECT_QUERY as u32,
        windows_sys::Win32::System::SystemServices::JOB_OBJECT_QUERY as u32,
    ),
    (
        "JOB_OBJECT_TERMINATE",
        ws32::JOB_OBJECT_TERMINATE as u32,
        windows_sys::Win32::System::SystemServices::JOB_OBJECT_TERMINATE as u32,
    ),
    (
        "JOB_OBJECT_SET_SECURITY_ATTRIBUTES",
        ws32::JOB_OBJECT_SET_SECURITY_ATTRIBUTES as u32,
        windows_sys::Win32::System::SystemServices::JOB_OBJECT_SET_SECURITY_ATTRIBUTES as u32,
    ),
    (
        "DIRECTORY_QUERY",
        ws32::DIRECTORY_QUERY as u32,
        windows_sys::Wdk::System::SystemServices::DIRECTORY_QUERY as u32,
    ),
    (
        "DIRECTORY_TRAVERSE",
        ws32::DIRECTORY_TRAVERSE as u32,
        windows_sys::Wdk::System::SystemServices::DIRECTORY_TRAVERSE as u32,
    ),
    (
        "DIRECTORY_CREATE_OBJECT",
        ws32::DIRECTORY_CREATE_OBJECT as u32,
        windows_sys::Wdk::System::SystemServices::DIRECTORY_CREATE_OBJECT as u32,
    ),
    (
        "DIRECTORY_CREATE_SUBDIRECTORY",
        ws32::DIRECTORY_CREATE_SUBDIRECTORY as u32,
        windows_sys::Wdk::System::SystemServices::DIRECTORY_CREATE_SUBDIRECTORY as u32,
    ),
    (
        "SYMBOLIC_LINK_QUERY",
        ws32::SYMBOLIC_LINK_QUERY as u32,
        windows_sys::Wdk::System::SystemServices::SYMBOLIC_LINK_QUERY as u32,
    ),
    (
        "PROCESS_TERMINATE",
        ws32::PROCESS_TERMINATE as u32,
        windows_sys::Win32::System::Threading::PROCESS_TERMINATE as u32,
    ),
    (
        "PROCESS_VM_OPERATION",
        ws32::PROCESS_VM_OPERATION as u32,
        windows_sys::Win32::System::Threading::PROCESS_VM_OPERATION as u32,
    ),
    (
        "PROCESS_VM_READ",
        ws32::PROCESS_VM_READ as u32,
        windows_sys::Win32::System::Threading::PROCESS_VM_READ as u32,
    ),
    (
        "PROCESS_VM_WRITE",
        ws32::PROCESS_VM_WRITE as u32,
        windows_sys::Win32::System::Threading::PROCESS_VM_WRITE as u32,
    ),
    (
        "PROCESS_DUP_HANDLE",
        ws32::PROCESS_DUP_HANDLE as u32,
        windows_sys::Win32::System::Threading::PROCESS_DUP_HANDLE as u32,
    ),
    (
        "PROCESS_QUERY_INFORMATION",
        ws32::PROCESS_QUERY_INFORMATION as u32,
        windows_sys::Win32::System::Threading::PROCESS_QUERY_INFORMATION as u32,
    ),
    (
        "PROCESS_QUERY_LIMITED_INFORMATION",
        ws32::PROCESS_QUERY_LIMITED_INFORMATION as u32,
        windows_sys::Win32::System::Threading::PROCESS_QUERY_LIMITED_INFORMATION as u32,
    ),
    (
        "PROCESS_ALL_ACCESS",
        ws32::PROCESS_ALL_ACCESS as u32,
        windows_sys::Win32::System::Threading::PROCESS_ALL_ACCESS as u32,
    ),
    (
        "CREATE_EVENT_MANUAL_RESET",
        ws32::CREATE_EVENT_MANUAL_RESET as u32,
        windows_sys::Win32::System::Threading::CREATE_EVENT_MANUAL_RESET as u32,
    ),
    (
        "CREATE_EVENT_INITIAL_SET",
        ws32::CREATE_EVENT_INITIAL_SET as u32,
        windows_sys::Win32::System::Threading::CREATE_EVENT_INITIAL_SET as u32,
    ),
    (
        "CREATE_MUTEX_INITIAL_OWNER",
        ws32::CREATE_MUTEX_INITIAL_OWNER as u32,
        windows_sys::Win32::System::Threading::CREATE_MUTEX_INITIAL_OWNER as u32,
    ),
    (
        "DUPLICATE_CLOSE_SOURCE",
        ws32::DUPLICATE_CLOSE_SOURCE as u32,
        windows_sys::Win32::Foundation::DUPLICATE_CLOSE_SOURCE as u32,
    ),
    (
        "DUPLICATE_SAME_ACCESS",
        ws32::DUPLICATE_SAME_ACCESS as u32,
        windows_sys::Win32::Foundation::DUPLICATE_SAME_ACCESS as u32,
    ),
    (
        "HANDLE_FLAG_INHERIT",
        ws32::HANDLE_FLAG_INHERIT as u32,
        windows_sys::Win32::Foundation::HANDLE_FLAG_INHERIT as u32,
    ),
    (
        "HANDLE_FLAG_PROTECT_FROM_CLOSE",
        ws32::HANDLE_FLAG_PROTECT_FROM_CLOSE as u32,
        windows_sys::Win32::Foundation::HANDLE_FLAG_PROTECT_FROM_CLOSE as u32,
    ),
    (
        "TRUE",
        ws32::TRUE as u32,
        windows_sys::Win32::Foundation::TRUE as u32,
    ),
    (
        "FALSE",
        ws32::FALSE as u32,
        windows_sys::Win32::Foundation::FALSE as u32,
    ),
    (
        "INFINITE",
        ws32::INFINITE as u32,
        windows_sys::Win32::System::Threading::INFINITE as u32,
    ),
    (
        "WAIT_OBJECT_0",
        ws32::WAIT_OBJECT_0 as u32,
        windows_sys::Win32::Foundation::WAIT_OBJECT_0 as u32,
    ),
    (
        "WAIT_ABANDONED",
        ws32::WAIT_ABANDONED as u32,
        windows_sys::Win32::Foundation::WAIT_ABANDONED as u32,
    ),
    (
        "WAIT_TIMEOUT",
        ws32::WAIT_TIMEOUT as u32,
        windows_sys::Win32::Foundation::WAIT_TIMEOUT as u32,
    ),
    (
        "WAIT_FAILED",
        ws32::WAIT_FAILED as u32,
        windows_sys::Win32::Foundation::WAIT_FAILED as u32,
    ),
    (
        "EXCEPTION_ACCESS_VIOLATION",
        ws32::EXCEPTION_ACCESS_VIOLATION as u32,
        windows_sys::Win32::Foundation::EXCEPTION_ACCESS_VIOLATION as u32,
    ),
    (
        "EXCEPTION_GUARD_PAGE",
        ws32::EXCEPTION_GUARD_PAGE as u32,
        windows_sys::Win32::Foundation::EXCEPTION_GUARD_PAGE as u32,
    ),
    (
        "EXCEPTION_IN_PAGE_ERROR",
        ws32::EXCEPTION_IN_PAGE_ERROR as u32,
        windows_sys::Win32::Foundation::EXCEPTION_IN_PAGE_ERROR as u32,
    ),
    (
        "EXCEPTION_INVALID_HANDLE",
        ws32::EXCEPTION_INVALID_HANDLE as u32,
        windows_sys::Win32::Foundation::EXCEPTION_INVALID_HANDLE as u32,
    ),
    (
        "FILE_READ_DATA",
        ws32::FILE_READ_DATA as u32,
        windows_sys::Win32::Storage::FileSystem::FILE_READ_DATA as u32,
    ),
    (
        "FILE_WRITE_DATA",
        ws32::FILE_WRITE_DATA as u32,
        windows_sys::Win32::Storage::FileSystem::FILE_WRITE_DATA as u32,
    ),
    (
        "FILE_APPEND_DATA",
        ws32::FILE_APPEND_DATA as u32,
        windows_sys::Win32::Storage::FileSystem::FILE_APPEND_DATA as u32,
    ),
    (
        "FILE_READ_EA",
        ws32::FILE_READ_EA as u32,
        windows_sys::Win32::Storage::FileSystem::FILE_READ_EA as u32,
    ),
    (
        "FILE_WRITE_EA",
        ws32::FILE_WRITE_EA as u32,
        windows_sys::Win32::Storage::FileSystem::FILE_WRITE_EA as u32,
    ),
    (
        "FILE_EXECUTE",
        ws32::FILE_EXECUTE as u32,
        windows_sys::Win32::Storage::FileSystem::FILE_EXECUTE as u32,
    ),
    (
        "FILE_READ_ATTRIBUTES",
        ws32::FILE_READ_ATTRIBUTES as u32,
        windows_sys::Win32::Storage::FileSystem::FILE_READ_ATTRIBUTES as u32,
    ),
    (
        "FILE_WRITE_ATTRIBUTES",
        ws32::FILE_WRITE_ATTRIBUTES as u32,
        windows_sys::Win32::Storage::FileSystem::FILE_WRITE_ATTRIBUTES as u32,
    ),
    (
        "FILE_ALL_ACCESS",
        ws32::FILE_ALL_ACCESS as u32,
        windows_sys::Win32::Storage::FileSystem::FILE_ALL_ACCESS as u32,
    ),
    (
        "FILE_GENERIC_READ",
        ws32::FILE_GENERIC_READ as u32,
        windows_sys::Win32::Storage::FileSystem::FILE_GENERIC_READ as u32,
    ),
    (
        "FILE_GENERIC_WRITE",
        ws32::FILE_GENERIC_WRITE as u32,
        windows_sys::Win32::Storage::FileSystem::FILE_GENERIC_WRITE as u32,
    ),
    (
        "FILE_GENERIC_EXECUTE",
        ws32::FILE_GENERIC_EXECUTE as u32,
        windows_sys::Win32::Storage::FileSystem::FILE_GENERIC_EXECUTE as u32,
    ),
    (
        "FILE_SHARE_READ",
        ws32::FILE_SHARE_READ as u32,
        windows_sys::Win32::Storage::FileSystem::FILE_SHARE_READ as u32,
    ),
    (
        "FILE_SHARE_WRITE",
        ws32::FILE_SHARE_WRITE as u32,
        windows_sys::Win32::Storage::FileSystem::FILE_SHARE_WRITE as u32,
    ),
    (
        "FILE_SHARE_DELETE",
        ws32::FILE_SHARE_DELETE as u32,
        windows_sys::Win32::Storage::FileSystem::FILE_SHARE_DELETE as u32,
    ),
    (
        "CREATE_NEW",
        ws32::CREATE_NEW as u32,
        windows_sys::Win32::Storage::FileSystem::CREATE_NEW as u32,
    ),
    (
        "CREATE_ALWAYS",
        ws32::CREATE_ALWAYS as u32,
        windows_sys::Win32::Storage::FileSystem::CREATE_ALWAYS as u32,
    ),
    (
        "OPEN_EXISTING",
        ws32::OPEN_EXISTING as u32,
        windows_sys::Win32::Storage::FileSystem::OPEN_EXISTING as u32,
    ),
    (
        "OPEN_ALWAYS",
        ws32::OPEN_ALWAYS as u32,
        windows_sys::Win32::Storage::FileSystem::OPEN_ALWAYS as u32,
    ),
    (
        "TRUNCATE_EXISTING",
        ws32::TRUNCATE_EXISTING as u32,
        windows_sys::Win32::Storage::FileSystem::TRUNCATE_EXISTING as u32,
    ),
    (
        "FILE_ATTRIBUTE_READONLY",
        ws32::FILE_ATTRIBUTE_READONLY as u32,
        windows_sys::Win32::Storage::FileSystem::FILE_ATTRIBUTE_READONLY as u32,
    ),
    (
        "FILE_ATTRIBUTE_HIDDEN",
        ws32::FILE_ATTRIBUTE_HIDDEN as u32,
        windows_sys::Win32::Storage::FileSystem::FILE_ATTRIBUTE_HIDDEN as u32,
    ),
    (
        "FILE_ATTRIBUTE_SYSTEM",
        ws32::FILE_ATTRIBUTE_SYSTEM as u32,
        windows_sys::Win32::Storage::FileSystem::FILE_ATTRIBUTE_SYSTEM as u32,
    ),
    (
        "FILE_ATTRIBUTE_DIRECTORY",
        ws32::FILE_ATTRIBUTE_DIRECTORY as u32,
        windows_sys::Win32::Storage::FileSystem::FILE_ATTRIBUTE_DIRECTORY as u32,
    ),
    (
        "FILE_ATTRIBUTE_ARCHIVE",
        ws32::FILE_ATTRIBUTE_ARCHIVE as u32,
        windows_sys::Win32::Storage::FileSystem::FILE_ATTRIBUTE_ARCHIVE as u32,
    ),
    (
        "FILE_ATTRIBUTE_NORMAL",
        ws32::FILE_ATTRIBUTE_NORMAL as u32,
        windows_sys::Win32::Storage::FileSystem::FILE_ATTRIBUTE_NORMAL as u32,
    ),
    (
        "FILE_ATTRIBUTE_TEMPORARY",
        ws32::FILE_ATTRIBUTE_TEMPORARY as u32,
        windows_sys::Win32::Storage::FileSystem::FILE_ATTRIBUTE_TEMPORARY as u32,
    ),
    (
        "FILE_FLAG_WRITE_THROUGH",
        ws32::FILE_FLAG_WRITE_THROUGH as u32,
        windows_sys::Win32::Storage::FileSystem::FILE_FLAG_WRITE_THROUGH as u32,
    ),
    (
        "FILE_FLAG_OVERLAPPED",
        ws32::FILE_FLAG_OVERLAPPED as u32,
        windows_sys::Win32::Storage::FileSystem::FILE_FLAG_OVERLAPPED as u32,
    ),
    (
        "FILE_FLAG_NO_BUFFERING",
        ws32::FILE_FLAG_NO_BUFFERING as u32,
        windows_sys::Win32::Storage::FileSystem::FILE_FLAG_NO_BUFFERING as u32,
    ),
    (
        "FILE_FLAG_RANDOM_ACCESS",
        ws32::FILE_FLAG_RANDOM_ACCESS as u32,
        windows_sys::Win32::Storage::FileSystem::FILE_FLAG_RANDOM_ACCESS as u32,
    ),
    (
        "FILE_FLAG_SEQUENTIAL_SCAN",
        ws32::FILE_FLAG_SEQUENTIAL_SCAN as u32,
        windows_sys::Win32::Storage::FileSystem::FILE_FLAG_SEQUENTIAL_SCAN as u32,
    ),
    (
        "FILE_FLAG_DELETE_ON_CLOSE",
        ws32::FILE_FLAG_DELETE_ON_CLOSE as u32,
        windows_sys::Win32::Storage::FileSystem::FILE_FLAG_DELETE_ON_CLOSE as u32,
    ),
    (
        "FILE_FLAG_BACKUP_SEMANTICS",
        ws32::FILE_FLAG_BACKUP_SEMANTICS as u32,
        windows_sys::Win32::Storage::FileSystem::FILE_FLAG_BACKUP_SEMANTICS as u32,
    ),
    (
        "FILE_BEGIN",
        ws32::FILE_BEGIN as u32,
        windows_sys::Win32::Storage::FileSystem::FILE_BEGIN as u32,
    ),
    (
        "FILE_CURRENT",
        ws32::FILE_CURRENT as u32,
        windows_sys::Win32::Storage::FileSystem::FILE_CURRENT as u32,
    ),
    (
        "FILE_END",
        ws32::FILE_END as u32,
        windows_sys::Win32::Storage::FileSystem::FILE_END as u32,
    ),
    (
        "INVALID_SET_FILE_POINTER",
        ws32::INVALID_SET_FILE_POINTER as u32,
        windows_sys::Win32::Storage::FileSystem::INVALID_SET_FILE_POINTER as u32,
    ),
    (
        "INVALID_FILE_ATTRIBUTES",
        ws32::INVALID_FILE_ATTRIBUTES as u32,
        windows_sys::Win32::Storage::FileSystem::INVALID_FILE_ATTRIBUTES as u32,
    ),
    (
        "INVALID_FILE_SIZE",
        ws32::INVALID_FILE_SIZE as u32,
        windows_sys::Win32::Storage::FileSystem::INVALID_FILE_SIZE as u32,
    ),
    (
        "LOCKFILE_FAIL_IMMEDIATELY",
        ws32::LOCKFILE_FAIL_IMMEDIATELY as u32,
        windows_sys::Win32::Storage::FileSystem::LOCKFILE_FAIL_IMMEDIATELY as u32,
    ),
    (
        "LOCKFILE_EXCLUSIVE_LOCK",
        ws32::LOCKFILE_EXCLUSIVE_LOCK as u32,
        windows_sys::Win32::Storage::FileSystem::LOCKFILE_EXCLUSIVE_LOCK as u32,
    ),
    (
        "MOVEFILE_REPLACE_EXISTING",
        ws32::MOVEFILE_REPLACE_EXISTING as u32,
        windows_sys::Win32::Storage::FileSystem::MOVEFILE_REPLACE_EXISTING as u32,
    ),
    (
        "FileDispositionInfo",
        ws32::FileDispositionInfo as u32,
        windows_sys::Win32::Storage::FileSystem::FileDispositionInfo as u32,
    ),
    (
        "FileEndOfFileInfo",
        ws32::FileEndOfFileInfo as u32,
        windows_sys::Win32::Storage::FileSystem::FileEndOfFileInfo as u32,
    ),
    (
        "FileAllocationInfo",
        ws32::FileAllocationInfo as u32,
        windows_sys::Win32::Storage::FileSystem::FileAllocationInfo as u32,
    ),
    (
        "FileDispositionInfoEx",
        ws32::FileDispositionInfoEx as u32,
        windows_sys::Win32::Storage::FileSystem::FileDispositionInfoEx as u32,
    ),
    (
        "FILE_DISPOSITION_FLAG_DO_NOT_DELETE",
        ws32::FILE_DISPOSITION_FLAG_DO_NOT_DELETE as u32,
        windows_sys::Win32::Storage::FileSystem::FILE_DISPOSITION_FLAG_DO_NOT_DELETE as u32,
    ),
    (
        "FILE_DISPOSITION_FLAG_DELETE",
        ws32::FILE_DISPOSITION_FLAG_DELETE as u32,
        windows_sys::Win32::Storage::FileSystem::FILE_DISPOSITION_FLAG_DELETE as u32,
    ),
    (
        "FILE_DISPOSITION_FLAG_POSIX_SEMANTICS",
        ws32::FILE_DISPOSITION_FLAG_POSIX_SEMANTICS as u32,
        windows_sys::Win32::Storage::FileSystem::FILE_DISPOSITION_FLAG_POSIX_SEMANTICS as u32,
    ),
    (
        "FILE_DISPOSITION_FLAG_FORCE_IMAGE_SECTION_CHECK",
        ws32::FILE_DISPOSITION_FLAG_FORCE_IMAGE_SECTION_CHECK as u32,
        windows_sys::Win32::Storage::FileSystem::FILE_DISPOSITION_FLAG_FORCE_IMAGE_SECTION_CHECK
            as u32,
    ),
    (
        "FILE_DISPOSITION_FLAG_ON_CLOSE",
        ws32::FILE_DISPOSITION_FLAG_ON_CLOSE as u32,
        windows_sys::Win32::Storage::FileSystem::FILE_DISPOSITION_FLAG_ON_CLOSE as u32,
    ),
    (
        "FILE_DISPOSITION_FLAG_IGNORE_READONLY_ATTRIBUTE",
        ws32::FILE_DISPOSITION_FLAG_IGNORE_READONLY_ATTRIBUTE as u32,
        windows_sys::Win32::Storage::FileSystem::FILE_DISPOSITION_FLAG_IGNORE_READONLY_ATTRIBUTE
            as u32,
    ),
    (
        "MOVEFILE_COPY_ALLOWED",
        ws32::MOVEFILE_COPY_ALLOWED as u32,
        windows_sys::Win32::Storage::FileSystem::MOVEFILE_COPY_ALLOWED as u32,
    ),
    (
        "PRIVATE_NAMESPACE_FLAG_DESTROY",
        ws32::PRIVATE_NAMESPACE_FLAG_DESTROY as u32,
        windows_sys::Win32::System::Threading::PRIVATE_NAMESPACE_FLAG_DESTROY as u32,
    ),
    (
        "PROCESSOR_ARCHITECTURE_AMD64",
        ws32::PROCESSOR_ARCHITECTURE_AMD64 as u32,
        windows_sys::Win32::System::SystemInformation::PROCESSOR_ARCHITECTURE_AMD64 as u32,
    ),
];

const ERRORS: &[(&str, u32, u32)] = &[
    (
        "ERROR_SUCCESS",
        codes::ERROR_SUCCESS,
        windows_sys::Win32::Foundation::ERROR_SUCCESS,
    ),
    (
        "ERROR_INVALID_FUNCTION",
        codes::ERROR_INVALID_FUNCTION,
        windows_sys::Win32::Foundation::ERROR_INVALID_FUNCTION,
    ),
    (
        "ERROR_FILE_NOT_FOUND",
        codes::ERROR_FILE_NOT_FOUND,
        windows_sys::Win32::Foundation::ERROR_FILE_NOT_FOUND,
    ),
    (
        "ERROR_PATH_NOT_FOUND",
        codes::ERROR_PATH_NOT_FOUND,
        windows_sys::Win32::Foundation::ERROR_PATH_NOT_FOUND,
    ),
    (
        "ERROR_ACCESS_DENIED",
        codes::ERROR_ACCESS_DENIED,
        windows_sys::Win32::Foundation::ERROR_ACCESS_DENIED,
    ),
    (
        "ERROR_INVALID_HANDLE",
        codes::ERROR_INVALID_HANDLE,
        windows_sys::Win32::Foundation::ERROR_INVALID_HANDLE,
    ),
    (
        "ERROR_NOT_ENOUGH_MEMORY",
        codes::ERROR_NOT_ENOUGH_MEMORY,
        windows_sys::Win32::Foundation::ERROR_NOT_ENOUGH_MEMORY,
    ),
    (
        "ERROR_OUTOFMEMORY",
        codes::ERROR_OUTOFMEMORY,
        windows_sys::Win32::Foundation::ERROR_OUTOFMEMORY,
    ),
    (
        "ERROR_NOT_SAME_DEVICE",
        codes::ERROR_NOT_SAME_DEVICE,
        windows_sys::Win32::Foundation::ERROR_NOT_SAME_DEVICE,
    ),
    (
        "ERROR_SHARING_VIOLATION",
        codes::ERROR_SHARING_VIOLATION,
        windows_sys::Win32::Foundation::ERROR_SHARING_VIOLATION,
    ),
    (
        "ERROR_LOCK_VIOLATION",
        codes::ERROR_LOCK_VIOLATION,
        windows_sys::Win32::Foundation::ERROR_LOCK_VIOLATION,
    ),
    (
        "ERROR_HANDLE_EOF",
        codes::ERROR_HANDLE_EOF,
        windows_sys::Win32::Foundation::ERROR_HANDLE_EOF,
    ),
    (
        "ERROR_BAD_LENGTH",
        codes::ERROR_BAD_LENGTH,
        windows_sys::Win32::Foundation::ERROR_BAD_LENGTH,
    ),
    (
        "ERROR_NOT_SUPPORTED",
        codes::ERROR_NOT_SUPPORTED,
        windows_sys::Win32::Foundation::ERROR_NOT_SUPPORTED,
    ),
    (
        "ERROR_BAD_NETPATH",
        codes::ERROR_BAD_NETPATH,
        windows_sys::Win32::Foundation::ERROR_BAD_NETPATH,
    ),
    (
        "ERROR_FILE_EXISTS",
        codes::ERROR_FILE_EXISTS,
        windows_sys::Win32::Foundation::ERROR_FILE_EXISTS,
    ),
    (
        "ERROR_INVALID_PARAMETER",
        codes::ERROR_INVALID_PARAMETER,
        windows_sys::Win32::Foundation::ERROR_INVALID_PARAMETER,
    ),
    (
        "ERROR_DISK_FULL",
        codes::ERROR_DISK_FULL,
        windows_sys::Win32::Foundation::ERROR_DISK_FULL,
    ),
    (
        "ERROR_CALL_NOT_IMPLEMENTED",
        codes::ERROR_CALL_NOT_IMPLEMENTED,
        windows_sys::Win32::Foundation::ERROR_CALL_NOT_IMPLEMENTED,
    ),
    (
        "ERROR_INSUFFICIENT_BUFFER",
        codes::ERROR_INSUFFICIENT_BUFFER,
        windows_sys::Win32::Foundation::ERROR_INSUFFICIENT_BUFFER,
    ),
    (
        "ERROR_INVALID_NAME",
        codes::ERROR_INVALID_NAME,
        windows_sys::Win32::Foundation::ERROR_INVALID_NAME,
    ),
    (
        "ERROR_NEGATIVE_SEEK",
        codes::ERROR_NEGATIVE_SEEK,
        windows_sys::Win32::Foundation::ERROR_NEGATIVE_SEEK,
    ),
    (
        "ERROR_DIR_NOT_EMPTY",
        codes::ERROR_DIR_NOT_EMPTY,
        windows_sys::Win32::Foundation::ERROR_DIR_NOT_EMPTY,
    ),
    (
        "ERROR_INVALID_LOCK_RANGE",
        codes::ERROR_INVALID_LOCK_RANGE,
        windows_sys::Win32::Foundation::ERROR_INVALID_LOCK_RANGE,
    ),
    (
        "ERROR_NOT_LOCKED",
        codes::ERROR_NOT_LOCKED,
        windows_sys::Win32::Foundation::ERROR_NOT_LOCKED,
    ),
    (
        "ERROR_BAD_PATHNAME",
        codes::ERROR_BAD_PATHNAME,
        windows_sys::Win32::Foundation::ERROR_BAD_PATHNAME,
    ),
    (
        "ERROR_ALREADY_EXISTS",
        codes::ERROR_ALREADY_EXISTS,
        windows_sys::Win32::Foundation::ERROR_ALREADY_EXISTS,
    ),
    (
        "ERROR_BAD_EXE_FORMAT",
        codes::ERROR_BAD_EXE_FORMAT,
        windows_sys::Win32::Foundation::ERROR_BAD_EXE_FORMAT,
    ),
    (
        "ERROR_FILENAME_EXCED_RANGE",
        codes::ERROR_FILENAME_EXCED_RANGE,
        windows_sys::Win32::Foundation::ERROR_FILENAME_EXCED_RANGE,
    ),
    (
        "ERROR_LOCKED",
        codes::ERROR_LOCKED,
        windows_sys::Win32::Foundation::ERROR_LOCKED,
    ),
    (
        "ERROR_NOT_OWNER",
        codes::ERROR_NOT_OWNER,
        windows_sys::Win32::Foundation::ERROR_NOT_OWNER,
    ),
    (
        "ERROR_TOO_MANY_POSTS",
        codes::ERROR_TOO_MANY_POSTS,
        windows_sys::Win32::Foundation::ERROR_TOO_MANY_POSTS,
    ),
    (
        "ERROR_INVALID_ADDRESS",
        codes::ERROR_INVALID_ADDRESS,
        windows_sys::Win32::Foundation::ERROR_INVALID_ADDRESS,
    ),
    (
        "ERROR_NOACCESS",
        codes::ERROR_NOACCESS,
        windows_sys::Win32::Foundation::ERROR_NOACCESS,
    ),
    (
        "ERROR_FILE_INVALID",
        codes::ERROR_FILE_INVALID,
        windows_sys::Win32::Foundation::ERROR_FILE_INVALID,
    ),
    (
        "ERROR_MAPPED_ALIGNMENT",
        codes::ERROR_MAPPED_ALIGNMENT,
        windows_sys::Win32::Foundation::ERROR_MAPPED_ALIGNMENT,
    ),
    (
        "ERROR_USER_MAPPED_FILE",
        codes::ERROR_USER_MAPPED_FILE,
        windows_sys::Win32::Foundation::ERROR_USER_MAPPED_FILE,
    ),
    (
        "ERROR_PARTIAL_COPY",
        codes::ERROR_PARTIAL_COPY,
        windows_sys::Win32::Foundation::ERROR_PARTIAL_COPY,
    ),
    (
        "ERROR_INVALID_ACL",
        codes::ERROR_INVALID_ACL,
        windows_sys::Win32::Foundation::ERROR_INVALID_ACL,
    ),
    (
        "ERROR_INVALID_SID",
        codes::ERROR_INVALID_SID,
        windows_sys::Win32::Foundation::ERROR_INVALID_SID,
    ),
    (
        "ERROR_PRIVILEGE_NOT_HELD",
        codes::ERROR_PRIVILEGE_NOT_HELD,
        windows_sys::Win32::Foundation::ERROR_PRIVILEGE_NOT_HELD,
    ),
    (
        "ERROR_NO_SYSTEM_RESOURCES",
        codes::ERROR_NO_SYSTEM_RESOURCES,
        windows_sys::Win32::Foundation::ERROR_NO_SYSTEM_RESOURCES,
    ),
    (
        "ERROR_COMMITMENT_LIMIT",
        codes::ERROR_COMMITMENT_LIMIT,
        windows_sys::Win32::Foundation::ERROR_COMMITMENT_LIMIT,
    ),
    (
        "ERROR_NOT_SAME_OBJECT",
        codes::ERROR_NOT_SAME_OBJECT,
        windows_sys::Win32::Foundation::ERROR_NOT_SAME_OBJECT,
    ),
];

const STATUSES: &[(&str, u32, u32)] = &[
    (
        "STATUS_OBJECT_NAME_NOT_FOUND",
        NtStatus::OBJECT_NAME_NOT_FOUND.0,
        windows_sys::Win32::Foundation::STATUS_OBJECT_NAME_NOT_FOUND as u32,
    ),
    (
        "STATUS_OBJECT_PATH_NOT_FOUND",
        NtStatus::OBJECT_PATH_NOT_FOUND.0,
        windows_sys::Win32::Foundation::STATUS_OBJECT_PATH_NOT_FOUND as u32,
    ),
    (
        "STATUS_ACCESS_DENIED",
        NtStatus::ACCESS_DENIED.0,
        windows_sys::Win32::Foundation::STATUS_ACCESS_DENIED as u32,
    ),
    (
        "STATUS_CANNOT_DELETE",
        NtStatus::CANNOT_DELETE.0,
        windows_sys::Win32::Foundation::STATUS_CANNOT_DELETE as u32,
    ),
    (
        "STATUS_INVALID_VIEW_SIZE",
        NtStatus::INVALID_VIEW_SIZE.0,
        windows_sys::Win32::Foundation::STATUS_INVALID_VIEW_SIZE as u32,
    ),
    (
        "STATUS_ALREADY_COMMITTED",
        NtStatus::ALREADY_COMMITTED.0,
        windows_sys::Win32::Foundation::STATUS_ALREADY_COMMITTED as u32,
    ),
    (
        "STATUS_INVALID_HANDLE",
        NtStatus::INVALID_HANDLE.0,
        windows_sys::Win32::Foundation::STATUS_INVALID_HANDLE as u32,
    ),
    (
        "STATUS_OBJECT_TYPE_MISMATCH",
        NtStatus::OBJECT_TYPE_MISMATCH.0,
        windows_sys::Win32::Foundation::STATUS_OBJECT_TYPE_MISMATCH as u32,
    ),
    (
        "STATUS_HANDLE_NOT_CLOSABLE",
        NtStatus::HANDLE_NOT_CLOSABLE.0,
        windows_sys::Win32::Foundation::STATUS_HANDLE_NOT_CLOSABLE as u32,
    ),
    (
        "STATUS_SECTION_TOO_BIG",
        NtStatus::SECTION_TOO_BIG.0,
        windows_sys::Win32::Foundation::STATUS_SECTION_TOO_BIG as u32,
    ),
    (
        "STATUS_NO_MEMORY",
        NtStatus::NO_MEMORY.0,
        windows_sys::Win32::Foundation::STATUS_NO_MEMORY as u32,
    ),
    (
        "STATUS_SECTION_NOT_EXTENDED",
        NtStatus::SECTION_NOT_EXTENDED.0,
        windows_sys::Win32::Foundation::STATUS_SECTION_NOT_EXTENDED as u32,
    ),
    (
        "STATUS_SHARING_VIOLATION",
        NtStatus::SHARING_VIOLATION.0,
        windows_sys::Win32::Foundation::STATUS_SHARING_VIOLATION as u32,
    ),
    (
        "STATUS_FILE_LOCK_CONFLICT",
        NtStatus::FILE_LOCK_CONFLICT.0,
        windows_sys::Win32::Foundation::STATUS_FILE_LOCK_CONFLICT as u32,
    ),
    (
        "STATUS_LOCK_NOT_GRANTED",
        NtStatus::LOCK_NOT_GRANTED.0,
        windows_sys::Win32::Foundation::STATUS_LOCK_NOT_GRANTED as u32,
    ),
    (
        "STATUS_INVALID_PARAMETER",
        NtStatus::INVALID_PARAMETER.0,
        windows_sys::Win32::Foundation::STATUS_INVALID_PARAMETER as u32,
    ),
    (
        "STATUS_SECTION_PROTECTION",
        NtStatus::SECTION_PROTECTION.0,
        windows_sys::Win32::Foundation::STATUS_SECTION_PROTECTION as u32,
    ),
    (
        "STATUS_INVALID_PAGE_PROTECTION",
        NtStatus::INVALID_PAGE_PROTECTION.0,
        windows_sys::Win32::Foundation::STATUS_INVALID_PAGE_PROTECTION as u32,
    ),
    (
        "STATUS_DISK_FULL",
        NtStatus::DISK_FULL.0,
        windows_sys::Win32::Foundation::STATUS_DISK_FULL as u32,
    ),
    (
        "STATUS_OBJECT_NAME_INVALID",
        NtStatus::OBJECT_NAME_INVALID.0,
        windows_sys::Win32::Foundation::STATUS_OBJECT_NAME_INVALID as u32,
    ),
    (
        "STATUS_INVALID_LOCK_RANGE",
        NtStatus::INVALID_LOCK_RANGE.0,
        windows_sys::Win32::Foundation::STATUS_INVALID_LOCK_RANGE as u32,
    ),
    (
        "STATUS_INFO_LENGTH_MISMATCH",
        NtStatus::INFO_LENGTH_MISMATCH.0,
        windows_sys::Win32::Foundation::STATUS_INFO_LENGTH_MISMATCH as u32,
    ),
    (
        "STATUS_INVALID_INFO_CLASS",
        NtStatus::INVALID_INFO_CLASS.0,
        windows_sys::Win32::Foundation::STATUS_INVALID_INFO_CLASS as u32,
    ),
    (
        "STATUS_NOT_SUPPORTED",
        NtStatus::NOT_SUPPORTED.0,
        windows_sys::Win32::Foundation::STATUS_NOT_SUPPORTED as u32,
    ),
    (
        "STATUS_SECTION_NOT_IMAGE",
        NtStatus::SECTION_NOT_IMAGE.0,
        windows_sys::Win32::Foundation::STATUS_SECTION_NOT_IMAGE as u32,
    ),
    (
        "STATUS_RANGE_NOT_LOCKED",
        NtStatus::RANGE_NOT_LOCKED.0,
        windows_sys::Win32::Foundation::STATUS_RANGE_NOT_LOCKED as u32,
    ),
    (
        "STATUS_NOT_LOCKED",
        NtStatus::NOT_LOCKED.0,
        windows_sys::Win32::Foundation::STATUS_NOT_LOCKED as u32,
    ),
    (
        "STATUS_OBJECT_PATH_SYNTAX_BAD",
        NtStatus::OBJECT_PATH_SYNTAX_BAD.0,
        windows_sys::Win32::Foundation::STATUS_OBJECT_PATH_SYNTAX_BAD as u32,
    ),
    (
        "STATUS_OBJECT_NAME_COLLISION",
        NtStatus::OBJECT_NAME_COLLISION.0,
        windows_sys::Win32::Foundation::STATUS_OBJECT_NAME_COLLISION as u32,
    ),
    (
        "STATUS_INVALID_FILE_FOR_SECTION",
        NtStatus::INVALID_FILE_FOR_SECTION.0,
        windows_sys::Win32::Foundation::STATUS_INVALID_FILE_FOR_SECTION as u32,
    ),
    (
        "STATUS_INVALID_IMAGE_NOT_MZ",
        NtStatus::INVALID_IMAGE_NOT_MZ.0,
        windows_sys::Win32::Foundation::STATUS_INVALID_IMAGE_NOT_MZ as u32,
    ),
    (
        "STATUS_NAME_TOO_LONG",
        NtStatus::NAME_TOO_LONG.0,
        windows_sys::Win32::Foundation::STATUS_NAME_TOO_LONG as u32,
    ),
    (
        "STATUS_CONFLICTING_ADDRESSES",
        NtStatus::CONFLICTING_ADDRESSES.0,
        windows_sys::Win32::Foundation::STATUS_CONFLICTING_ADDRESSES as u32,
    ),
    (
        "STATUS_NOT_MAPPED_VIEW",
        NtStatus::NOT_MAPPED_VIEW.0,
        windows_sys::Win32::Foundation::STATUS_NOT_MAPPED_VIEW as u32,
    ),
    (
        "STATUS_NOT_COMMITTED",
        NtStatus::NOT_COMMITTED.0,
        windows_sys::Win32::Foundation::STATUS_NOT_COMMITTED as u32,
    ),
    (
        "STATUS_INVALID_ADDRESS",
        NtStatus::INVALID_ADDRESS.0,
        windows_sys::Win32::Foundation::STATUS_INVALID_ADDRESS as u32,
    ),
    (
        "STATUS_MAPPED_FILE_SIZE_ZERO",
        NtStatus::MAPPED_FILE_SIZE_ZERO.0,
        windows_sys::Win32::Foundation::STATUS_MAPPED_FILE_SIZE_ZERO as u32,
    ),
    (
        "STATUS_MAPPED_ALIGNMENT",
        NtStatus::MAPPED_ALIGNMENT.0,
        windows_sys::Win32::Foundation::STATUS_MAPPED_ALIGNMENT as u32,
    ),
    (
        "STATUS_USER_MAPPED_FILE",
        NtStatus::USER_MAPPED_FILE.0,
        windows_sys::Win32::Foundation::STATUS_USER_MAPPED_FILE as u32,
    ),
    (
        "STATUS_PRIVILEGE_NOT_HELD",
        NtStatus::PRIVILEGE_NOT_HELD.0,
        windows_sys::Win32::Foundation::STATUS_PRIVILEGE_NOT_HELD as u32,
    ),
    (
        "STATUS_INSUFFICIENT_RESOURCES",
        NtStatus::INSUFFICIENT_RESOURCES.0,
        windows_sys::Win32::Foundation::STATUS_INSUFFICIENT_RESOURCES as u32,
    ),
    (
        "STATUS_COMMITMENT_LIMIT",
        NtStatus::COMMITMENT_LIMIT.0,
        windows_sys::Win32::Foundation::STATUS_COMMITMENT_LIMIT as u32,
    ),
    (
        "STATUS_NOT_SAME_OBJECT",
        NtStatus::NOT_SAME_OBJECT.0,
        windows_sys::Win32::Foundation::STATUS_NOT_SAME_OBJECT as u32,
    ),
    (
        "STATUS_OBJECT_NAME_EXISTS",
        NtStatus::OBJECT_NAME_EXISTS.0,
        windows_sys::Win32::Foundation::STATUS_OBJECT_NAME_EXISTS as u32,
    ),
    (
        "STATUS_ACCESS_VIOLATION",
        NtStatus::ACCESS_VIOLATION.0,
        windows_sys::Win32::Foundation::STATUS_ACCESS_VIOLATION as u32,
    ),
    (
        "STATUS_DELETE_PENDING",
        NtStatus::DELETE_PENDING.0,
        windows_sys::Win32::Foundation::STATUS_DELETE_PENDING as u32,
    ),
    (
        "STATUS_FILE_IS_A_DIRECTORY",
        NtStatus::FILE_IS_A_DIRECTORY.0,
        windows_sys::Win32::Foundation::STATUS_FILE_IS_A_DIRECTORY as u32,
    ),
    (
        "STATUS_NOT_SAME_DEVICE",
        NtStatus::NOT_SAME_DEVICE.0,
        windows_sys::Win32::Foundation::STATUS_NOT_SAME_DEVICE as u32,
    ),
    (
        "STATUS_BAD_NETWORK_PATH",
        NtStatus::BAD_NETWORK_PATH.0,
        windows_sys::Win32::Foundation::STATUS_BAD_NETWORK_PATH as u32,
    ),
    (
        "STATUS_END_OF_FILE",
        NtStatus::END_OF_FILE.0,
        windows_sys::Win32::Foundation::STATUS_END_OF_FILE as u32,
    ),
];

/// Names windows-sys lacks or types differently: MUTANT_ALL_ACCESS, JOB_OBJECT_ALL_ACCESS, DIRECTORY_ALL_ACCESS, SYMBOLIC_LINK_ALL_ACCESS, INVALID_HANDLE_VALUE, NULL
const NOT_IN_WINDOWS_SYS: &[&str] = &[
    "MUTANT_ALL_ACCESS",
    "JOB_OBJECT_ALL_ACCESS",
    "DIRECTORY_ALL_ACCESS",
    "SYMBOLIC_LINK_ALL_ACCESS",
    "INVALID_HANDLE_VALUE",
    "NULL",
    "SectionBasicInformation",
    "SectionImageInformation",
];

#[test]
fn constants_match_windows_sys() {
    for (name, ours, theirs) in CONSTANTS {
        assert_eq!(
            ours, theirs,
            "{name}: winsection {ours:#x}, windows-sys {theirs:#x}"
        );
    }
    assert_eq!(
        ws32::INVALID_HANDLE_VALUE as isize,
        windows_sys::Win32::Foundation::INVALID_HANDLE_VALUE as isize
    );
}

#[test]
fn error_codes_match_windows_sys() {
    for (name, ours, theirs) in ERRORS {
        assert_eq!(
            ours, theirs,
            "{name}: winsection {ours}, windows-sys {theirs}"
        );
    }
}

#[test]
fn nt_statuses_match_windows_sys() {
    for (name, ours, theirs) in STATUSES {
        assert_eq!(
            ours, theirs,
            "{name}: winsection {ours:#x}, windows-sys {theirs:#x}"
        );
    }
    // The value issue 10 found wrong.
    assert_eq!(NtStatus::USER_MAPPED_FILE.0, 0xC000_0243);
}

/// The composites windows-sys leaves out, from their winnt.h definitions over windows-sys parts.
#[test]
fn composites_match_their_winnt_h_definitions() {
    use windows_sys::Wdk::System::SystemServices as wdk;
    use windows_sys::Win32::Storage::FileSystem as fs;
    use windows_sys::Win32::System::SystemServices as ss;
    let required = fs::STANDARD_RIGHTS_REQUIRED;
    let sync = fs::SYNCHRONIZE;
    assert_eq!(
        ws32::MUTANT_ALL_ACCESS,
        required | sync | ss::MUTANT_QUERY_STATE
    );
    assert_eq!(ws32::JOB_OBJECT_ALL_ACCESS, required | sync | 0x3F);
    assert_eq!(ws32::DIRECTORY_ALL_ACCESS, required | 0xF);
    assert_eq!(
        ws32::DIRECTORY_ALL_ACCESS,
        required
            | wdk::DIRECTORY_QUERY
            | wdk::DIRECTORY_TRAVERSE
            | wdk::DIRECTORY_CREATE_OBJECT
            | wdk::DIRECTORY_CREATE_SUBDIRECTORY
    );
    assert_eq!(ws32::SYMBOLIC_LINK_ALL_ACCESS, required | 0x1);
    assert_eq!(ws32::NULL, 0);
    // SECTION_INFORMATION_CLASS (wdm.h): SectionBasicInformation, SectionImageInformation.
    assert_eq!(ws32::SectionBasicInformation, 0);
    assert_eq!(ws32::SectionImageInformation, 1);
}

/// Every exported name has a row (or is a listed composite): nothing can be added unchecked.
#[test]
fn every_exported_name_is_compared() {
    let checked: BTreeSet<&str> = CONSTANTS
        .iter()
        .map(|(n, _, _)| *n)
        .chain(NOT_IN_WINDOWS_SYS.iter().copied())
        .collect();
    for (name, _) in winsection::win32::CONSTANTS {
        assert!(
            checked.contains(name),
            "{name} has no windows-sys comparison"
        );
    }
    let errors: BTreeSet<&str> = ERRORS.iter().map(|(n, _, _)| *n).collect();
    for (name, _, _) in winsection::error::WIN32_ERRORS {
        assert!(
            errors.contains(name),
            "{name} has no windows-sys comparison"
        );
    }
    let statuses: BTreeSet<&str> = STATUSES.iter().map(|(n, _, _)| *n).collect();
    for (name, _) in NtStatus::ALL_NAMED {
        assert!(
            statuses.contains(name),
            "{name} has no windows-sys comparison"
        );
    }
}
