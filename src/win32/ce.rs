//! The Windows CE profile's facade rules: `CreateFileForMapping`, and the file handle that
//! `CreateFileMapping` takes over (catalog K1, K9).
//!
//! Sources: "CreateFileForMapping (Windows CE 5.0)" (share mode derived from the access:
//! GENERIC_READ alone -> FILE_SHARE_READ, otherwise 0; `dwShareMode` ignored) and
//! "CreateFileMapping (Windows CE 5.0)" (hFile: the handle belongs to the mapping; "if
//! CreateFileMapping fails, the file handle is closed"; lpFileMappingAttributes "Ignored. Must
//! be NULL").
//!
//! Choice where the pages are silent: the handle is taken over on success too (the mapping
//! owns it; closing the mapping's last handle releases the file), so a later
//! `CloseHandle(hFile)` fails with ERROR_INVALID_HANDLE either way. A non-NULL
//! `lpFileMappingAttributes` is ERROR_INVALID_PARAMETER (catalog K1, emulator choice).

#![allow(non_snake_case)]

use super::*;
use std::borrow::Cow;

impl Win32<'_> {
    /// `CreateFileForMapping` (CE ≤ 5): `CreateFileW` with the share mode derived from the
    /// access. On a `windows` machine the function does not exist: ERROR_CALL_NOT_IMPLEMENTED.
    #[allow(clippy::too_many_arguments)]
    pub fn CreateFileForMapping(
        &mut self,
        lpFileName: Option<&str>,
        dwDesiredAccess: u32,
        dwShareMode: u32,
        lpSecurityAttributes: Option<&SECURITY_ATTRIBUTES>,
        dwCreationDisposition: u32,
        dwFlagsAndAttributes: u32,
        hTemplateFile: HANDLE,
    ) -> HANDLE {
        let _ = (dwShareMode, hTemplateFile);
        if !self.sys.is_ce() {
            self.fail_now("CreateFileForMapping", Win32Error::CALL_NOT_IMPLEMENTED);
            return INVALID_HANDLE_VALUE;
        }
        let share = if dwDesiredAccess & GENERIC_WRITE == 0 && dwDesiredAccess & GENERIC_READ != 0 {
            FILE_SHARE_READ
        } else {
            0
        };
        self.create_file(
            "CreateFileForMapping",
            Ok(lpFileName.map(String::from)),
            dwDesiredAccess,
            share,
            lpSecurityAttributes,
            dwCreationDisposition,
            dwFlagsAndAttributes,
        )
    }

    /// CE `CreateFileMapping`: attributes must be NULL; the file handle belongs to the call,
    /// which closes it whether it succeeds or fails (catalog K1, K9). The last error is the
    /// mapping's.
    pub(super) fn ce_create_file_mapping(
        &mut self,
        hFile: HANDLE,
        lpFileMappingAttributes: Option<&SECURITY_ATTRIBUTES>,
        flProtect: u32,
        size: u64,
        lpName: Option<&str>,
    ) -> HANDLE {
        const SEC_MASK: u32 = 0xFFF0_0000;
        let h = if lpFileMappingAttributes.is_some() {
            self.fail_now(
                "CreateFileMappingW",
                Win32Error::INVALID_PARAMETER.by(crate::rule::RuleId::K1),
            );
            0
        } else {
            self.create_mapping(
                "CreateFileMappingW",
                hFile,
                None,
                flProtect & !SEC_MASK,
                flProtect & SEC_MASK,
                size,
                Ok(lpName.map(Cow::Borrowed)),
                None,
            )
        };
        if hFile != INVALID_HANDLE_VALUE && hFile != 0 {
            // The engine call leaves the last error alone. The mapping owns the file handle
            // (K9).
            let _ = self.sys.close_handle(self.pid, from_handle(hFile));
            self.sys.hit(crate::rule::RuleId::K9);
        }
        h
    }
}
