//! Win32 error codes and the NTSTATUS values the engine decides with.
//!
//! Every engine call returns `Result<T, Win32Error>`. Where the NT layer makes the decision
//! (`NtCreateSection`, `NtMapViewOfSection`, ...), the error also remembers the NTSTATUS it came
//! from, so traces can teach *why* `CreateFileMapping` said ERROR_NOT_ENOUGH_MEMORY
//! (STATUS_SECTION_TOO_BIG). The mapping is `RtlNtStatusToDosError` as verified by Wine's
//! `dlls/ntdll/tests/error.c` (which runs on real Windows) and `shared/behaviour/catalog.md` L1.

use std::fmt;

use crate::rule::RuleId;

/// A Win32 error code (`GetLastError()` value), optionally with the NTSTATUS it was mapped from.
///
/// Two errors are equal when their Win32 codes are equal: the NTSTATUS is provenance for
/// teaching, not part of the answer a Win32 caller sees.
#[derive(Clone, Copy, Debug, Eq)]
pub struct Win32Error {
    code: u32,
    status: Option<NtStatus>,
    /// The catalogue rule that decided this answer (docs/rules.md), when the engine knows it:
    /// provenance like `status`, not part of equality.
    rule: Option<RuleId>,
}

impl PartialEq for Win32Error {
    fn eq(&self, other: &Self) -> bool {
        self.code == other.code
    }
}

impl std::hash::Hash for Win32Error {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.code.hash(state);
    }
}

impl std::error::Error for Win32Error {}

impl fmt::Display for Win32Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({})", self.name(), self.code)?;
        if let Some(status) = self.status {
            write!(f, " from {}", status)?;
        }
        Ok(())
    }
}

/// An NTSTATUS value (the kernel's answer before kernel32 translates it).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct NtStatus(pub u32);

impl fmt::Display for NtStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.name() {
            Some(name) => write!(f, "{} (0x{:08X})", name, self.0),
            None => write!(f, "0x{:08X}", self.0),
        }
    }
}

macro_rules! win32_errors {
    ($( $name:ident / $cname:ident = $code:expr, $msg:expr; )*) => {
        #[allow(missing_docs)]
        impl Win32Error {
            $( pub const $name: Win32Error = Win32Error { code: $code, status: None, rule: None }; )*
        }
        /// The `ERROR_*` numbers as windows-sys defines them (`WIN32_ERROR` values).
        #[allow(missing_docs)]
        pub mod codes {
            $( pub const $cname: u32 = $code; )*
        }
        /// Every Win32 error the engine can produce or name: (name, number, system message).
        pub const WIN32_ERRORS: &[(&str, u32, &str)] = &[
            $( (concat!("ERROR_", stringify!($name)), $code, $msg), )*
        ];
    };
}

// Messages are the system message texts (FormatMessage, en-US), from Microsoft Learn
// "System Error Codes" (learn.microsoft.com/windows/win32/debug/system-error-codes--0-499- ...).
win32_errors! {
    SUCCESS / ERROR_SUCCESS = 0, "The operation completed successfully.";
    INVALID_FUNCTION / ERROR_INVALID_FUNCTION = 1, "Incorrect function.";
    FILE_NOT_FOUND / ERROR_FILE_NOT_FOUND = 2, "The system cannot find the file specified.";
    PATH_NOT_FOUND / ERROR_PATH_NOT_FOUND = 3, "The system cannot find the path specified.";
    ACCESS_DENIED / ERROR_ACCESS_DENIED = 5, "Access is denied.";
    INVALID_HANDLE / ERROR_INVALID_HANDLE = 6, "The handle is invalid.";
    NOT_ENOUGH_MEMORY / ERROR_NOT_ENOUGH_MEMORY = 8, "Not enough memory resources are available to process this command.";
    OUTOFMEMORY / ERROR_OUTOFMEMORY = 14, "Not enough memory resources are available to complete this operation.";
    NOT_SAME_DEVICE / ERROR_NOT_SAME_DEVICE = 17, "The system cannot move the file to a different disk drive.";
    SHARING_VIOLATION / ERROR_SHARING_VIOLATION = 32, "The process cannot access the file because it is being used by another process.";
    LOCK_VIOLATION / ERROR_LOCK_VIOLATION = 33, "The process cannot access the file because another process has locked a portion of the file.";
    HANDLE_EOF / ERROR_HANDLE_EOF = 38, "Reached the end of the file.";
    BAD_LENGTH / ERROR_BAD_LENGTH = 24, "The program issued a command but the command length is incorrect.";
    NOT_SUPPORTED / ERROR_NOT_SUPPORTED = 50, "The request is not supported.";
    BAD_NETPATH / ERROR_BAD_NETPATH = 53, "The network path was not found.";
    FILE_EXISTS / ERROR_FILE_EXISTS = 80, "The file exists.";
    INVALID_PARAMETER / ERROR_INVALID_PARAMETER = 87, "The parameter is incorrect.";
    DISK_FULL / ERROR_DISK_FULL = 112, "There is not enough space on the disk.";
    CALL_NOT_IMPLEMENTED / ERROR_CALL_NOT_IMPLEMENTED = 120, "This function is not supported on this system.";
    INSUFFICIENT_BUFFER / ERROR_INSUFFICIENT_BUFFER = 122, "The data area passed to a system call is too small.";
    INVALID_NAME / ERROR_INVALID_NAME = 123, "The filename, directory name, or volume label syntax is incorrect.";
    NEGATIVE_SEEK / ERROR_NEGATIVE_SEEK = 131, "An attempt was made to move the file pointer before the beginning of the file.";
    DIR_NOT_EMPTY / ERROR_DIR_NOT_EMPTY = 145, "The directory is not empty.";
    NOT_LOCKED / ERROR_NOT_LOCKED = 158, "The segment is already unlocked.";
    BAD_PATHNAME / ERROR_BAD_PATHNAME = 161, "The specified path is invalid.";
    ALREADY_EXISTS / ERROR_ALREADY_EXISTS = 183, "Cannot create a file when that file already exists.";
    BAD_EXE_FORMAT / ERROR_BAD_EXE_FORMAT = 193, "%1 is not a valid Win32 application.";
    FILENAME_EXCED_RANGE / ERROR_FILENAME_EXCED_RANGE = 206, "The filename or extension is too long.";
    LOCKED / ERROR_LOCKED = 212, "The segment is locked and cannot be reallocated.";
    NOT_OWNER / ERROR_NOT_OWNER = 288, "Attempt to release mutex not owned by caller.";
    INVALID_LOCK_RANGE / ERROR_INVALID_LOCK_RANGE = 307, "A requested file lock operation cannot be processed due to an invalid byte range.";
    PARTIAL_COPY / ERROR_PARTIAL_COPY = 299, "Only part of a ReadProcessMemory or WriteProcessMemory request was completed.";
    TOO_MANY_POSTS / ERROR_TOO_MANY_POSTS = 298, "Too many posts were made to a semaphore.";
    INVALID_ADDRESS / ERROR_INVALID_ADDRESS = 487, "Attempt to access invalid address.";
    NOACCESS / ERROR_NOACCESS = 998, "Invalid access to memory location.";
    FILE_INVALID / ERROR_FILE_INVALID = 1006, "The volume for a file has been externally altered so that the opened file is no longer valid.";
    MAPPED_ALIGNMENT / ERROR_MAPPED_ALIGNMENT = 1132, "The base address or the file offset specified does not have the proper alignment.";
    USER_MAPPED_FILE / ERROR_USER_MAPPED_FILE = 1224, "The requested operation cannot be performed on a file with a user-mapped section open.";
    INVALID_ACL / ERROR_INVALID_ACL = 1336, "The access control list (ACL) structure is invalid.";
    INVALID_SID / ERROR_INVALID_SID = 1337, "The security ID structure is invalid.";
    PRIVILEGE_NOT_HELD / ERROR_PRIVILEGE_NOT_HELD = 1314, "A required privilege is not held by the client.";
    NO_SYSTEM_RESOURCES / ERROR_NO_SYSTEM_RESOURCES = 1450, "Insufficient system resources exist to complete the requested service.";
    COMMITMENT_LIMIT / ERROR_COMMITMENT_LIMIT = 1455, "The paging file is too small for this operation to complete.";
    NOT_SAME_OBJECT / ERROR_NOT_SAME_OBJECT = 1656, "The objects are not identical.";
}

impl Win32Error {
    /// The error with this Win32 number (any number: unknown ones print as a bare number).
    pub const fn from_code(code: u32) -> Self {
        Win32Error {
            code,
            status: None,
            rule: None,
        }
    }

    /// The Win32 number (`GetLastError()` value).
    pub const fn code(self) -> u32 {
        self.code
    }

    /// The catalogue rule that decided this error, when the engine named one.
    pub const fn rule(self) -> Option<RuleId> {
        self.rule
    }

    /// This error, decided by catalogue rule `rule` (an engine decision point names the rule
    /// it applies; the win32 facade records it for `winsection run --coverage`).
    #[inline]
    pub const fn by(self, rule: RuleId) -> Self {
        Win32Error {
            rule: Some(rule),
            ..self
        }
    }

    /// The NTSTATUS this error was mapped from, if the NT layer decided it.
    pub const fn status(self) -> Option<NtStatus> {
        self.status
    }

    /// `ERROR_...` name, or `ERROR_<number>` for a code outside the table.
    pub fn name(self) -> String {
        match lookup_code(self.code) {
            Some((name, _, _)) => (*name).to_string(),
            None => format!("ERROR_{}", self.code),
        }
    }

    /// The system message text.
    pub fn message(self) -> &'static str {
        lookup_code(self.code).map_or("Unknown error.", |(_, _, m)| m)
    }

    /// Looks an error up by its `ERROR_...` name.
    pub fn from_name(name: &str) -> Option<Self> {
        WIN32_ERRORS
            .iter()
            .find(|(n, _, _)| *n == name)
            .map(|(_, code, _)| Win32Error::from_code(*code))
    }
}

fn lookup_code(code: u32) -> Option<&'static (&'static str, u32, &'static str)> {
    WIN32_ERRORS.iter().find(|(_, c, _)| *c == code)
}

macro_rules! nt_statuses {
    ($( $name:ident = $value:expr => $win32:ident; )*) => {
        #[allow(missing_docs)]
        impl NtStatus {
            $( pub const $name: NtStatus = NtStatus($value); )*

            /// Every status the engine uses (for `winsection explain STATUS_...`).
            pub const ALL: &'static [NtStatus] = &[ $( NtStatus($value), )* ];

            /// `STATUS_...` name of a status the engine uses.
            pub fn name(self) -> Option<&'static str> {
                match self.0 {
                    $( $value => Some(concat!("STATUS_", stringify!($name))), )*
                    _ => None,
                }
            }

            /// Every status the engine uses: (`STATUS_...` name, value).
            pub const ALL_NAMED: &'static [(&'static str, u32)] =
                &[ $( (concat!("STATUS_", stringify!($name)), $value), )* ];

            /// `RtlNtStatusToDosError` for the statuses the engine uses.
            pub fn to_win32(self) -> Win32Error {
                let code = match self.0 {
                    $( $value => Win32Error::$win32.code, )*
                    _ => Win32Error::INVALID_PARAMETER.code,
                };
                Win32Error { code, status: Some(self), rule: None }
            }
        }
    };
}

// RtlNtStatusToDosError, verified by wine tests dlls/ntdll/tests/error.c and the Wine 8 scan
// (shared/behaviour/wine-oracle/errscan-results.txt); catalog.md L1.
nt_statuses! {
    OBJECT_NAME_NOT_FOUND = 0xC000_0034 => FILE_NOT_FOUND;
    OBJECT_PATH_NOT_FOUND = 0xC000_003A => PATH_NOT_FOUND;
    ACCESS_DENIED = 0xC000_0022 => ACCESS_DENIED;
    CANNOT_DELETE = 0xC000_0121 => ACCESS_DENIED;
    INVALID_VIEW_SIZE = 0xC000_001F => ACCESS_DENIED;
    ALREADY_COMMITTED = 0xC000_0021 => ACCESS_DENIED;
    INVALID_HANDLE = 0xC000_0008 => INVALID_HANDLE;
    OBJECT_TYPE_MISMATCH = 0xC000_0024 => INVALID_HANDLE;
    HANDLE_NOT_CLOSABLE = 0xC000_0235 => INVALID_HANDLE;
    SECTION_TOO_BIG = 0xC000_0040 => NOT_ENOUGH_MEMORY;
    NO_MEMORY = 0xC000_0017 => NOT_ENOUGH_MEMORY;
    SECTION_NOT_EXTENDED = 0xC000_0087 => OUTOFMEMORY;
    SHARING_VIOLATION = 0xC000_0043 => SHARING_VIOLATION;
    FILE_LOCK_CONFLICT = 0xC000_0054 => LOCK_VIOLATION;
    LOCK_NOT_GRANTED = 0xC000_0055 => LOCK_VIOLATION;
    INVALID_PARAMETER = 0xC000_000D => INVALID_PARAMETER;
    SECTION_PROTECTION = 0xC000_004E => INVALID_PARAMETER;
    INVALID_PAGE_PROTECTION = 0xC000_0045 => INVALID_PARAMETER;
    DISK_FULL = 0xC000_007F => DISK_FULL;
    OBJECT_NAME_INVALID = 0xC000_0033 => INVALID_NAME;
    RANGE_NOT_LOCKED = 0xC000_007E => NOT_LOCKED;
    INVALID_LOCK_RANGE = 0xC000_01A1 => INVALID_LOCK_RANGE;
    INFO_LENGTH_MISMATCH = 0xC000_0004 => BAD_LENGTH;
    INVALID_INFO_CLASS = 0xC000_0003 => INVALID_PARAMETER;
    NOT_SUPPORTED = 0xC000_00BB => NOT_SUPPORTED;
    SECTION_NOT_IMAGE = 0xC000_0049 => INVALID_PARAMETER;
    NOT_LOCKED = 0xC000_002A => NOT_LOCKED;
    OBJECT_PATH_SYNTAX_BAD = 0xC000_003B => BAD_PATHNAME;
    OBJECT_NAME_COLLISION = 0xC000_0035 => ALREADY_EXISTS;
    INVALID_FILE_FOR_SECTION = 0xC000_0020 => BAD_EXE_FORMAT;
    INVALID_IMAGE_NOT_MZ = 0xC000_012F => BAD_EXE_FORMAT;
    NAME_TOO_LONG = 0xC000_0106 => FILENAME_EXCED_RANGE;
    CONFLICTING_ADDRESSES = 0xC000_0018 => INVALID_ADDRESS;
    NOT_MAPPED_VIEW = 0xC000_0019 => INVALID_ADDRESS;
    NOT_COMMITTED = 0xC000_002D => INVALID_ADDRESS;
    INVALID_ADDRESS = 0xC000_0141 => INVALID_ADDRESS;
    MAPPED_FILE_SIZE_ZERO = 0xC000_011E => FILE_INVALID;
    MAPPED_ALIGNMENT = 0xC000_0220 => MAPPED_ALIGNMENT;
    USER_MAPPED_FILE = 0xC000_0243 => USER_MAPPED_FILE;
    PRIVILEGE_NOT_HELD = 0xC000_0061 => PRIVILEGE_NOT_HELD;
    INSUFFICIENT_RESOURCES = 0xC000_009A => NO_SYSTEM_RESOURCES;
    COMMITMENT_LIMIT = 0xC000_012D => COMMITMENT_LIMIT;
    NOT_SAME_OBJECT = 0xC000_01AC => NOT_SAME_OBJECT;
    OBJECT_NAME_EXISTS = 0x4000_0000 => ALREADY_EXISTS;
    ACCESS_VIOLATION = 0xC000_0005 => NOACCESS;
    DELETE_PENDING = 0xC000_0056 => ACCESS_DENIED;
    FILE_IS_A_DIRECTORY = 0xC000_00BA => ACCESS_DENIED;
    NOT_SAME_DEVICE = 0xC000_00D4 => NOT_SAME_DEVICE;
    BAD_NETWORK_PATH = 0xC000_00BE => BAD_NETPATH;
    END_OF_FILE = 0xC000_0011 => HANDLE_EOF;
}

impl NtStatus {
    /// The Win32 error this status maps to, decided by catalogue rule `rule`
    /// ([`Win32Error::by`]).
    #[inline]
    pub fn by(self, rule: RuleId) -> Win32Error {
        self.to_win32().by(rule)
    }
}

impl From<NtStatus> for Win32Error {
    fn from(status: NtStatus) -> Self {
        status.to_win32()
    }
}

/// Engine result.
pub type Result<T> = std::result::Result<T, Win32Error>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_mapping_keeps_provenance() {
        let e: Win32Error = NtStatus::SECTION_TOO_BIG.into();
        assert_eq!(e, Win32Error::NOT_ENOUGH_MEMORY);
        assert_eq!(e.code(), 8);
        assert_eq!(e.status(), Some(NtStatus::SECTION_TOO_BIG));
        assert_eq!(
            e.to_string(),
            "ERROR_NOT_ENOUGH_MEMORY (8) from STATUS_SECTION_TOO_BIG (0xC0000040)"
        );
    }

    #[test]
    fn names_and_messages() {
        assert_eq!(
            Win32Error::USER_MAPPED_FILE.name(),
            "ERROR_USER_MAPPED_FILE"
        );
        assert_eq!(
            Win32Error::from_name("ERROR_MAPPED_ALIGNMENT").map(|e| e.code()),
            Some(1132)
        );
        assert_eq!(Win32Error::from_code(99999).name(), "ERROR_99999");
        assert_eq!(Win32Error::ACCESS_DENIED.message(), "Access is denied.");
    }
}
