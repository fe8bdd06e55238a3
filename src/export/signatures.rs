//! How each exported function is called in C: its C name, the C shape of each parameter and
//! of its return value. A scenario call missing here is refused by name by `export-c`.
//!
//! Prototypes: Microsoft Learn (memoryapi.h, handleapi.h, synchapi.h, fileapi.h,
//! processthreadsapi.h, sysinfoapi.h, winternl.h, wdm.h).

/// The C shape of a parameter: how a scenario value becomes the C argument.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CArg {
    /// `DWORD` (and `UINT`).
    Dword,
    /// `LONG`.
    Long,
    /// `BOOL`.
    Bool,
    /// `SIZE_T`.
    Size,
    /// A pointer given as a number (`LPVOID`, `LPCVOID`).
    Ptr,
    /// `HANDLE`.
    Handle,
    /// `LARGE_INTEGER` by value.
    Li,
    /// `LPCWSTR` object name.
    NameW,
    /// `LPCSTR` object name.
    NameA,
    /// `LPCWSTR` file path (`C:\` runs in the scratch directory).
    PathW,
    /// `LPCSTR` file path.
    PathA,
    /// `LPSECURITY_ATTRIBUTES` from `SA(...)`.
    Sa,
    /// `LPCVOID` bytes to write.
    Data,
    /// A process handle: a process name (a handle the caller opens with this access for the
    /// one call and closes after, as winsection's `ProcessHandle` parameter does),
    /// `GetCurrentProcess()`, NULL or a handle value.
    Proc(u32),
    /// `ULONG64`.
    U64,
    /// A process id given by a process name.
    Pid,
    /// `LPHANDLE` out.
    OutHandle,
    /// `LPDWORD` out.
    OutDword,
    /// `PLONG` in/out.
    OutLong,
    /// `PLARGE_INTEGER` out.
    OutLi,
    /// `SIZE_T *` out.
    OutSize,
    /// `PMEMORY_BASIC_INFORMATION` out.
    OutMbi,
    /// `LPSYSTEM_INFO` out.
    OutSi,
    /// `ReadFile`'s / `ReadProcessMemory`'s buffer (bytes out), sized by the parameter after
    /// it; the one after that receives the count read.
    ReadBuf,
    /// A reserved pointer passed as NULL (`lpOverlapped`).
    Null,
    /// `LPOVERLAPPED` carrying the scenario's 64-bit offset (`LockFileEx`, `UnlockFileEx`).
    Overlapped,
    /// `LPVOID` to a `SetFileInformationByHandle` structure whose one field is the scenario
    /// value (a little-endian 64-bit slot holds EndOfFile, AllocationSize, the BOOLEAN
    /// DeleteFile and the DWORD Flags alike).
    FileInfo,
    /// A `PSID` from `"S-1-..."`, an account name, or the scenario's default user `user`
    /// (the logged-in user).
    Sid,
    /// A native information structure out (`NtQuerySection`'s, `NtQueryObject`'s): the
    /// variable takes it only when the call returns STATUS_SUCCESS, as in winsection, since
    /// what ntdll leaves in the buffer on a failure is not specified.
    OutNt,
    /// The length of the `OutNt` buffer before it: the scenario's value when given, else the
    /// size of the structure the information class selects (so that a scenario that leaves
    /// it out asks for the whole structure, as winsection's facade answers it).
    InfoLen,
}

/// The C type of a return value, and how it widens to the scenario's 64-bit number.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CRet {
    /// `HANDLE`: sign-extended ((HANDLE)-1 stays -1).
    Handle,
    /// `BOOL`.
    Bool,
    /// A pointer.
    Ptr,
    /// `DWORD`: zero-extended.
    Dword,
    /// `SIZE_T`.
    Size,
    /// `void`.
    Void,
    /// `NTSTATUS`: zero-extended from 32 bits.
    Status,
}

/// One function's C call shape.
#[derive(Clone, Copy, Debug)]
pub struct CSig {
    /// The C function (a runtime wrapper where the SDK may lack it).
    pub c_name: &'static str,
    /// Parameters in order.
    pub params: &'static [CArg],
    /// Return type.
    pub ret: CRet,
    /// Where the C program finds the function.
    pub lookup: Lookup,
}

/// Where the exported program finds a function.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lookup {
    /// Linked from the SDK's import libraries (every supported Windows has it).
    Linked,
    /// ntdll's export, looked up at run time before the call (a system without it cannot run
    /// the statement: it is reported NOT RUN).
    Ntdll,
    /// kernelbase's (or kernel32's) export, looked up at run time in the same way: Windows 10
    /// additions older SDKs and Wine 8 may lack (`VirtualAlloc2`, the `FromApp` calls, ...).
    Kernelbase,
}

use crate::consts::{
    PROCESS_DUP_HANDLE, PROCESS_QUERY_INFORMATION, PROCESS_VM_OPERATION, PROCESS_VM_READ,
    PROCESS_VM_WRITE,
};
use CArg::*;

const fn s(c_name: &'static str, params: &'static [CArg], ret: CRet) -> CSig {
    CSig {
        c_name,
        params,
        ret,
        lookup: Lookup::Linked,
    }
}

/// A Windows 10 addition: the runtime's `ws_NAME` wrapper calls kernelbase's export.
const fn kb(c_name: &'static str, params: &'static [CArg], ret: CRet) -> CSig {
    CSig {
        c_name,
        params,
        ret,
        lookup: Lookup::Kernelbase,
    }
}

/// A native call: the runtime's `ws_NAME` wrapper calls ntdll's export.
const fn nt(c_name: &'static str, params: &'static [CArg]) -> CSig {
    CSig {
        c_name,
        params,
        ret: CRet::Status,
        lookup: Lookup::Ntdll,
    }
}

const OPEN_W: &[CArg] = &[Dword, Bool, NameW];
const OPEN_A: &[CArg] = &[Dword, Bool, NameA];
const LOCK: &[CArg] = &[Handle, Dword, Dword, Dword, Dword];
/// The access a process name is opened with (each function's hProcess parameter, MS docs; the
/// same as winsection's call table).
const VM_OPERATION: CArg = Proc(PROCESS_VM_OPERATION);

/// The C shape of `name`, if `export-c` supports it.
pub fn lookup(name: &str) -> Option<CSig> {
    let sig = match name {
        "CreateFileMappingW" => s(
            name_of(name),
            &[Handle, Sa, Dword, Dword, Dword, NameW],
            CRet::Handle,
        ),
        "CreateFileMappingA" => s(
            name_of(name),
            &[Handle, Sa, Dword, Dword, Dword, NameA],
            CRet::Handle,
        ),
        "OpenFileMappingW" | "OpenEventW" | "OpenMutexW" | "OpenSemaphoreW"
        | "OpenWaitableTimerW" | "OpenJobObjectW" => s(name_of(name), OPEN_W, CRet::Handle),
        "OpenFileMappingA" | "OpenEventA" => s(name_of(name), OPEN_A, CRet::Handle),
        "MapViewOfFile" => s(
            name_of(name),
            &[Handle, Dword, Dword, Dword, Size],
            CRet::Ptr,
        ),
        "MapViewOfFileEx" => s(
            name_of(name),
            &[Handle, Dword, Dword, Dword, Size, Ptr],
            CRet::Ptr,
        ),
        "UnmapViewOfFile" => s(name_of(name), &[Ptr], CRet::Bool),
        "FlushViewOfFile" => s(name_of(name), &[Ptr, Size], CRet::Bool),
        "VirtualQuery" => s(name_of(name), &[Ptr, OutMbi, Size], CRet::Size),
        "VirtualProtect" => s(name_of(name), &[Ptr, Size, Dword, OutDword], CRet::Bool),
        "VirtualAlloc" => s(name_of(name), &[Ptr, Size, Dword, Dword], CRet::Ptr),
        "VirtualFree" => s(name_of(name), &[Ptr, Size, Dword], CRet::Bool),
        "VirtualLock" | "VirtualUnlock" => s(name_of(name), &[Ptr, Size], CRet::Bool),
        "CloseHandle" | "SetEvent" | "ResetEvent" | "ReleaseMutex" | "SetEndOfFile"
        | "FlushFileBuffers" => s(name_of(name), &[Handle], CRet::Bool),
        "DuplicateHandle" => s(
            name_of(name),
            &[
                Proc(PROCESS_DUP_HANDLE),
                Handle,
                Proc(PROCESS_DUP_HANDLE),
                OutHandle,
                Dword,
                Bool,
                Dword,
            ],
            CRet::Bool,
        ),
        "GetHandleInformation" => s(name_of(name), &[Handle, OutDword], CRet::Bool),
        "SetHandleInformation" => s(name_of(name), &[Handle, Dword, Dword], CRet::Bool),
        // Windows 10 1607+ (kernelbase): looked up at run time, as older SDKs lack it.
        "CompareObjectHandles" => s("ws_CompareObjectHandles", &[Handle, Handle], CRet::Bool),
        "CreateEventW" => s(name_of(name), &[Sa, Bool, Bool, NameW], CRet::Handle),
        "CreateEventA" => s(name_of(name), &[Sa, Bool, Bool, NameA], CRet::Handle),
        "CreateMutexW" => s(name_of(name), &[Sa, Bool, NameW], CRet::Handle),
        "CreateMutexA" => s(name_of(name), &[Sa, Bool, NameA], CRet::Handle),
        "CreateSemaphoreW" => s(name_of(name), &[Sa, Long, Long, NameW], CRet::Handle),
        "CreateSemaphoreA" => s(name_of(name), &[Sa, Long, Long, NameA], CRet::Handle),
        "CreateWaitableTimerW" => s(name_of(name), &[Sa, Bool, NameW], CRet::Handle),
        "CreateJobObjectW" => s(name_of(name), &[Sa, NameW], CRet::Handle),
        "WaitForSingleObject" => s(name_of(name), &[Handle, Dword], CRet::Dword),
        "ReleaseSemaphore" => s(name_of(name), &[Handle, Long, OutLong], CRet::Bool),
        "GetCurrentProcess" => s(name_of(name), &[], CRet::Handle),
        "GetCurrentProcessId" | "GetLastError" => s(name_of(name), &[], CRet::Dword),
        "OpenProcess" => s(name_of(name), &[Dword, Bool, Pid], CRet::Handle),
        "SetLastError" => s(name_of(name), &[Dword], CRet::Void),
        "GetSystemInfo" => s(name_of(name), &[OutSi], CRet::Void),
        "GetLargePageMinimum" => s(name_of(name), &[], CRet::Size),
        "CreateFileW" => s(
            name_of(name),
            &[PathW, Dword, Dword, Sa, Dword, Dword, Handle],
            CRet::Handle,
        ),
        "CreateFileA" => s(
            name_of(name),
            &[PathA, Dword, Dword, Sa, Dword, Dword, Handle],
            CRet::Handle,
        ),
        "ReadFile" => s(
            name_of(name),
            &[Handle, ReadBuf, Dword, OutDword, Null],
            CRet::Bool,
        ),
        "WriteFile" => s(
            name_of(name),
            &[Handle, Data, Dword, OutDword, Null],
            CRet::Bool,
        ),
        "SetFilePointer" => s(name_of(name), &[Handle, Long, OutLong, Dword], CRet::Dword),
        "SetFilePointerEx" => s(name_of(name), &[Handle, Li, OutLi, Dword], CRet::Bool),
        "GetFileSize" => s(name_of(name), &[Handle, OutDword], CRet::Dword),
        "GetFileSizeEx" => s(name_of(name), &[Handle, OutLi], CRet::Bool),
        "DeleteFileW" => s(name_of(name), &[PathW], CRet::Bool),
        "DeleteFileA" => s(name_of(name), &[PathA], CRet::Bool),
        "MoveFileW" => s(name_of(name), &[PathW, PathW], CRet::Bool),
        "LockFile" | "UnlockFile" => s(name_of(name), LOCK, CRet::Bool),
        "LockFileEx" => s(
            name_of(name),
            &[Handle, Dword, Dword, Dword, Dword, Overlapped],
            CRet::Bool,
        ),
        "UnlockFileEx" => s(
            name_of(name),
            &[Handle, Dword, Dword, Dword, Overlapped],
            CRet::Bool,
        ),
        "SetFileInformationByHandle" => {
            s(name_of(name), &[Handle, Dword, FileInfo, Dword], CRet::Bool)
        }
        "CreateDirectoryW" => s(name_of(name), &[PathW, Sa], CRet::Bool),
        "CreateBoundaryDescriptorW" => s(name_of(name), &[NameW, Dword], CRet::Handle),
        "AddSIDToBoundaryDescriptor" => s(name_of(name), &[OutHandle, Sid], CRet::Bool),
        "DeleteBoundaryDescriptor" => s(name_of(name), &[Handle], CRet::Void),
        "CreatePrivateNamespaceW" => s(name_of(name), &[Sa, Ptr, NameW], CRet::Handle),
        "OpenPrivateNamespaceW" => s(name_of(name), &[Ptr, NameW], CRet::Handle),
        "ClosePrivateNamespace" => s(name_of(name), &[Handle, Dword], CRet::Bool),
        // The native calls (Microsoft Learn: NtQuerySection, NtQueryObject (winternl.h),
        // ZwExtendSection (wdm.h); NtAreMappedFilesTheSame: Wine dlls/ntdll/virtual.c).
        "VirtualAllocEx" => s(
            name_of(name),
            &[VM_OPERATION, Ptr, Size, Dword, Dword],
            CRet::Ptr,
        ),
        "VirtualFreeEx" => s(name_of(name), &[VM_OPERATION, Ptr, Size, Dword], CRet::Bool),
        "VirtualProtectEx" => s(
            name_of(name),
            &[VM_OPERATION, Ptr, Size, Dword, OutDword],
            CRet::Bool,
        ),
        "VirtualQueryEx" => s(
            name_of(name),
            &[Proc(PROCESS_QUERY_INFORMATION), Ptr, OutMbi, Size],
            CRet::Size,
        ),
        "ReadProcessMemory" => s(
            name_of(name),
            &[Proc(PROCESS_VM_READ), Ptr, ReadBuf, Size, OutSize],
            CRet::Bool,
        ),
        "WriteProcessMemory" => s(
            name_of(name),
            &[
                Proc(PROCESS_VM_WRITE | PROCESS_VM_OPERATION),
                Ptr,
                Data,
                Size,
                OutSize,
            ],
            CRet::Bool,
        ),
        "GetFileAttributesW" => s(name_of(name), &[PathW], CRet::Dword),
        "CopyFileW" => s(name_of(name), &[PathW, PathW, Bool], CRet::Bool),
        "MoveFileExW" => s(name_of(name), &[PathW, PathW, Dword], CRet::Bool),
        "CreateFileMappingNumaW" => s(
            name_of(name),
            &[Handle, Sa, Dword, Dword, Dword, NameW, Dword],
            CRet::Handle,
        ),
        // Windows 8 / 10 (memoryapi.h): looked up in kernelbase at run time.
        "UnmapViewOfFileEx" => kb("ws_UnmapViewOfFileEx", &[Ptr, Dword], CRet::Bool),
        "CreateFileMappingFromApp" => kb(
            "ws_CreateFileMappingFromApp",
            &[Handle, Sa, Dword, U64, NameW],
            CRet::Handle,
        ),
        "MapViewOfFileFromApp" => kb(
            "ws_MapViewOfFileFromApp",
            &[Handle, Dword, U64, Size],
            CRet::Ptr,
        ),
        "OpenFileMappingFromApp" => kb("ws_OpenFileMappingFromApp", OPEN_W, CRet::Handle),
        "VirtualAllocFromApp" => kb(
            "ws_VirtualAllocFromApp",
            &[Ptr, Size, Dword, Dword],
            CRet::Ptr,
        ),
        "VirtualProtectFromApp" => kb(
            "ws_VirtualProtectFromApp",
            &[Ptr, Size, Dword, OutDword],
            CRet::Bool,
        ),
        "CreateFileMapping2" => kb(
            "ws_CreateFileMapping2",
            &[Handle, Sa, Dword, Dword, Dword, U64, NameW, Null, Dword],
            CRet::Handle,
        ),
        "VirtualAlloc2" => kb(
            "ws_VirtualAlloc2",
            &[VM_OPERATION, Ptr, Size, Dword, Dword, Null, Dword],
            CRet::Ptr,
        ),
        "MapViewOfFile3" => kb(
            "ws_MapViewOfFile3",
            &[
                Handle,
                VM_OPERATION,
                Ptr,
                U64,
                Size,
                Dword,
                Dword,
                Null,
                Dword,
            ],
            CRet::Ptr,
        ),
        "UnmapViewOfFile2" => kb(
            "ws_UnmapViewOfFile2",
            &[VM_OPERATION, Ptr, Dword],
            CRet::Bool,
        ),
        "NtQuerySection" => nt(
            "ws_NtQuerySection",
            &[Handle, Dword, OutNt, InfoLen, OutSize],
        ),
        "NtQueryObject" => nt(
            "ws_NtQueryObject",
            &[Handle, Dword, OutNt, InfoLen, OutDword],
        ),
        "NtAreMappedFilesTheSame" => nt("ws_NtAreMappedFilesTheSame", &[Ptr, Ptr]),
        "NtExtendSection" => nt("ws_NtExtendSection", &[Handle, OutLi]),
        _ => return None,
    };
    Some(sig)
}

/// The C name of a function exported under its own name.
fn name_of(name: &str) -> &'static str {
    super::calls_static_name(name)
}
