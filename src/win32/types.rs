//! Win32 data types as the facade takes and returns them.

#![allow(non_snake_case, non_camel_case_types)]

/// `HANDLE` (pointer-sized; NULL = 0, INVALID_HANDLE_VALUE = -1).
pub type HANDLE = isize;
/// `BOOL`.
pub type BOOL = i32;
/// `DWORD`.
pub type DWORD = u32;
/// An address in a simulated address space (`LPVOID`); 0 is NULL.
pub type LPVOID = u64;
/// `SIZE_T`.
pub type SIZE_T = u64;

/// `SECURITY_ATTRIBUTES`: the inherit flag and, as SDDL text, the security descriptor
/// (recorded; DACLs are not enforced yet).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SECURITY_ATTRIBUTES {
    /// `bInheritHandle`.
    pub bInheritHandle: BOOL,
    /// `lpSecurityDescriptor` in SDDL form (e.g. `D:(A;;GA;;;WD)`), if any.
    pub lpSecurityDescriptor: Option<String>,
}

impl SECURITY_ATTRIBUTES {
    /// Attributes with only the inherit flag set as given.
    pub fn inherit(inherit: bool) -> Self {
        SECURITY_ATTRIBUTES {
            bInheritHandle: BOOL::from(inherit),
            lpSecurityDescriptor: None,
        }
    }
}

/// `SYSTEM_INFO` (GetSystemInfo).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[allow(missing_docs)]
pub struct SYSTEM_INFO {
    pub wProcessorArchitecture: u16,
    pub dwPageSize: u32,
    pub lpMinimumApplicationAddress: u64,
    pub lpMaximumApplicationAddress: u64,
    pub dwActiveProcessorMask: u64,
    pub dwNumberOfProcessors: u32,
    pub dwProcessorType: u32,
    pub dwAllocationGranularity: u32,
    pub wProcessorLevel: u16,
    pub wProcessorRevision: u16,
}
