//! The FromApp family and `GetAppContainerNamedObjectPath`: the calls Store (app-container)
//! apps use, and the rule they share — executable memory only with the `codeGeneration`
//! capability (catalog J9, J10).
//!
//! Errors (MS docs pages of each function; Wine `kernelbase/tests/process.c`, which ran on
//! Windows): `VirtualAllocFromApp` refuses every PAGE_EXECUTE* protection with
//! ERROR_INVALID_PARAMETER, desktop callers included (`test_VirtualAllocFromApp`). The others
//! allow executable protections to desktop processes (`test_CreateFileMappingFromApp`,
//! `test_MapViewOfFileFromApp`, `test_VirtualProtectFromApp`) and to app containers holding
//! `codeGeneration` ("You can only successfully request executable protection if your app has
//! the codeGeneration capability"). For an app container without it the docs name no error;
//! winsection answers ERROR_ACCESS_DENIED (5), the error of a right the caller lacks
//! (catalog J10 flags 5 or 87; README "Choices").

#![allow(non_snake_case)]

use super::*;
use crate::ob::object_type::ObjectType;

/// Whether a page protection is one of the PAGE_EXECUTE* values.
fn is_executable_protection(protection: u32) -> bool {
    protection
        & (PAGE_EXECUTE | PAGE_EXECUTE_READ | PAGE_EXECUTE_READWRITE | PAGE_EXECUTE_WRITECOPY)
        != 0
}

impl Win32<'_> {
    /// Whether this process may ask the FromApp calls for executable memory: desktop
    /// processes may, app containers only with `codeGeneration` (catalog J10).
    fn may_generate_code(&self) -> bool {
        self.sys.live_process(self.pid).is_ok_and(|p| {
            p.spec.app_container.is_none()
                || p.spec
                    .capabilities
                    .contains(crate::ob::app_container::CODE_GENERATION)
        })
    }

    /// A FromApp call refused before it runs: traced, last error set, `true` returned.
    pub(super) fn refuse_executable_from_app(
        &mut self,
        call: &'static str,
        args: fmt::Arguments<'_>,
        executable: bool,
    ) -> bool {
        if !executable || self.may_generate_code() {
            return false;
        }
        self.call(call, args, 0u64, |_, _| {
            Err(crate::error::NtStatus::ACCESS_DENIED.by(crate::rule::RuleId::J10))
        });
        true
    }

    /// Whether `CreateFileMappingFromApp` with this protection is refused (J10).
    pub(super) fn refuses_executable_section(
        &mut self,
        call: &'static str,
        protection: u32,
    ) -> bool {
        let args = format_args!("{}", super::shown::Protection(protection));
        self.refuse_executable_from_app(call, args, is_executable_protection(protection))
    }

    /// Whether `MapViewOfFileFromApp` with this access is refused (J10).
    pub(super) fn refuses_executable_view(&mut self, call: &'static str, access: u32) -> bool {
        let args = format_args!("{access:#x}");
        self.refuse_executable_from_app(call, args, access & FILE_MAP_EXECUTE != 0)
    }

    /// `OpenFileMappingFromApp`: as OpenFileMappingW; the handle gets exactly the access asked
    /// (FILE_MAP_READ -> SECTION_MAP_READ: `test_OpenFileMappingFromApp`); FILE_MAP_EXECUTE
    /// from an app container without `codeGeneration` is refused (catalog J10).
    pub fn OpenFileMappingFromApp(
        &mut self,
        DesiredAccess: u32,
        InheritHandle: BOOL,
        Name: Option<&str>,
    ) -> HANDLE {
        const CALL: &str = "OpenFileMappingFromApp";
        if self.refuses_executable_view(CALL, DesiredAccess) {
            return 0;
        }
        let name = Name.map(c_str).map(String::from);
        // FILE_MAP_EXECUTE asks for SECTION_MAP_EXECUTE (`test_OpenFileMappingFromApp`, a
        // todo_wine line, so Windows).
        let DesiredAccess = if DesiredAccess & FILE_MAP_EXECUTE != 0 {
            (DesiredAccess & !FILE_MAP_EXECUTE) | SECTION_MAP_EXECUTE
        } else {
            DesiredAccess
        };
        self.call(
            CALL,
            format_args!("{DesiredAccess:#x}, {InheritHandle}, {name:?}"),
            0,
            |s, p| {
                s.open_object(
                    p,
                    ObjectType::Section,
                    name.as_deref(),
                    DesiredAccess,
                    InheritHandle != 0,
                )
                .map(to_handle)
            },
        )
    }

    /// `VirtualAllocFromApp`: as VirtualAlloc, but no PAGE_EXECUTE* protection, for anyone
    /// (ERROR_INVALID_PARAMETER: MS docs "VirtualAllocFromApp"; `test_VirtualAllocFromApp`).
    pub fn VirtualAllocFromApp(
        &mut self,
        BaseAddress: LPVOID,
        Size: u64,
        AllocationType: u32,
        Protection: u32,
    ) -> LPVOID {
        let args = format_args!(
            "{BaseAddress:#x}, {Size:#x}, {AllocationType:#x}, {}",
            super::shown::Protection(Protection)
        );
        self.call("VirtualAllocFromApp", args, 0, |s, p| {
            if is_executable_protection(Protection) {
                return Err(Win32Error::INVALID_PARAMETER);
            }
            s.virtual_alloc(p, BaseAddress, Size, AllocationType, Protection)
        })
    }

    /// `VirtualProtectFromApp`: as VirtualProtect; an executable protection needs
    /// `codeGeneration` in an app container (catalog J10).
    pub fn VirtualProtectFromApp(
        &mut self,
        Address: LPVOID,
        Size: u64,
        NewProtection: u32,
        OldProtection: Option<&mut u32>,
    ) -> BOOL {
        const CALL: &str = "VirtualProtectFromApp";
        let args = format_args!(
            "{Address:#x}, {Size:#x}, {}",
            super::shown::Protection(NewProtection)
        );
        if self.refuse_executable_from_app(CALL, args, is_executable_protection(NewProtection)) {
            if let Some(out) = OldProtection {
                *out = PAGE_NOACCESS;
            }
            return 0;
        }
        let has_out = OldProtection.is_some();
        let mut old = 0;
        let r = self.call(CALL, args, 0, |s, p| {
            if !has_out {
                return Err(Win32Error::NOACCESS);
            }
            old = s.virtual_protect(p, Address, Size, NewProtection)?;
            Ok(1)
        });
        // On failure `*OldProtection` becomes PAGE_NOACCESS (`test_VirtualProtectFromApp`, the
        // overflowing size).
        if let Some(out) = OldProtection {
            *out = if r == 1 { old } else { PAGE_NOACCESS };
        }
        r
    }

    /// `GetAppContainerNamedObjectPath(Token, AppContainerSid, ObjectPathLength, ObjectPath,
    /// ReturnLength)`: `AppContainerNamedObjects\<SID>`, relative to the session's namespace
    /// (catalog J9). `Token` must be NULL (the caller's own token; other tokens are not
    /// modelled: ERROR_INVALID_HANDLE). With `AppContainerSid` the path of that app container;
    /// without it the caller's own (ERROR_INVALID_PARAMETER outside an app container).
    /// `ReturnLength` receives the length in characters with the terminating NUL; a buffer
    /// shorter than that fails with ERROR_INSUFFICIENT_BUFFER.
    pub fn GetAppContainerNamedObjectPath(
        &mut self,
        Token: HANDLE,
        AppContainerSid: Option<&str>,
        ObjectPathLength: u32,
        ObjectPath: Option<&mut String>,
        ReturnLength: Option<&mut u32>,
    ) -> BOOL {
        let mut path = String::new();
        let mut needed = 0u32;
        let r = self.call(
            "GetAppContainerNamedObjectPath",
            format_args!("{Token:#x}, {AppContainerSid:?}, {ObjectPathLength}"),
            0,
            |s, p| {
                if Token != 0 {
                    return Err(Win32Error::INVALID_HANDLE);
                }
                path = s.app_container_named_object_path(p, AppContainerSid)?;
                needed = u32::try_from(path.encode_utf16().count())
                    .unwrap_or(u32::MAX)
                    .saturating_add(1);
                if ObjectPathLength < needed {
                    return Err(Win32Error::INSUFFICIENT_BUFFER);
                }
                Ok(1)
            },
        );
        if let Some(out) = ReturnLength {
            if needed != 0 {
                *out = needed;
            }
        }
        if let (Some(out), 1) = (ObjectPath, r) {
            *out = path;
        }
        r
    }
}
