//! What a scenario may say on a `machine profile=ce` machine, and what only CE has.
//!
//! CE (≤ 5) has no ANSI entry points, no FromApp/NUMA/`2`/`3`/`Ex` variants, no
//! `OpenFileMapping` (a second `CreateFileMapping` with the name opens the mapping), no private
//! namespaces, sessions or app containers (CE API reference, "Windows CE 5.0"; catalog K7).
//! Those are script errors naming the profile; `CreateFileForMapping` exists only there.

use crate::system::Profile;

/// Calls a CE machine does not have.
const NOT_ON_CE: &[&str] = &[
    "CreateFileMappingA",
    "CreateFileMappingNumaW",
    "CreateFileMappingFromApp",
    "CreateFileMapping2",
    "OpenFileMappingW",
    "OpenFileMappingA",
    "OpenFileMappingFromApp",
    "MapViewOfFileEx",
    "MapViewOfFileFromApp",
    "MapViewOfFile3",
    "UnmapViewOfFileEx",
    "UnmapViewOfFile2",
    "VirtualAllocFromApp",
    "VirtualProtectFromApp",
    "GetAppContainerNamedObjectPath",
    "CreateBoundaryDescriptorW",
    "AddSIDToBoundaryDescriptor",
    "DeleteBoundaryDescriptor",
    "CreatePrivateNamespaceW",
    "OpenPrivateNamespaceW",
    "ClosePrivateNamespace",
    "CompareObjectHandles",
    "CreateFileA",
    "DeleteFileA",
    "CreateEventA",
    "CreateMutexA",
    "CreateSemaphoreA",
    "OpenEventA",
    // Windows 10 and Vista additions.
    "VirtualAlloc2",
    "GetLargePageMinimum",
    // CE has no NT native API (no ntdll).
    "NtQuerySection",
    "NtQueryObject",
    "NtAreMappedFilesTheSame",
    "NtExtendSection",
    // Added in Windows Embedded CE 6.0 ("VirtualAllocEx (Windows Embedded CE 6.0)"; CE 5's
    // reference has no *Ex virtual-memory functions): not on the CE 5 profile.
    "VirtualAllocEx",
    "VirtualFreeEx",
    "VirtualProtectEx",
    "VirtualQueryEx",
];

/// Process options a CE machine has no use for.
/// CE 5 has no sessions, no app containers, and no NT security: no user accounts in tokens,
/// no integrity levels, no privileges (its kernel objects take no security attributes:
/// "CreateFileMapping (Windows CE 5.0)", lpFileMappingAttributes "Ignored; must be NULL").
const NOT_ON_CE_OPTIONS: &[&str] = &[
    "session",
    "appcontainer",
    "capabilities",
    "integrity",
    "user",
    "privileges",
];

/// Why `call` cannot run on a `profile` machine, if it cannot.
pub fn refused_call(profile: Profile, call: &str) -> Option<String> {
    match profile {
        Profile::Windows if call == "CreateFileForMapping" => Some(
            "CreateFileForMapping belongs to the ce profile: start the scenario with \
             `machine profile=ce`"
                .into(),
        ),
        Profile::Ce if NOT_ON_CE.contains(&call) => Some(format!(
            "{call} does not exist on Windows CE (this machine has profile=ce)"
        )),
        _ => None,
    }
}

/// Why a process option cannot be used on a `profile` machine, if it cannot.
pub fn refused_option(profile: Profile, option: &str) -> Option<String> {
    (profile == Profile::Ce && NOT_ON_CE_OPTIONS.contains(&option)).then(|| {
        format!("process option `{option}` does not exist on Windows CE (this machine has profile=ce: no sessions, no app containers, no user accounts, integrity levels or privileges)")
    })
}
