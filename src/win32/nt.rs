//! The native calls the Wine conformance tests use to look at sections and handles:
//! `NtQuerySection(SectionBasicInformation)`, `NtQueryObject(ObjectBasicInformation)`,
//! `NtAreMappedFilesTheSame`. They return an NTSTATUS and leave the last error alone, as ntdll
//! does.

#![allow(non_snake_case, non_camel_case_types)]

use super::*;
use crate::error::NtStatus;
use crate::rule::RuleId;

/// `NTSTATUS` (windows-sys types it `i32`); 0 is STATUS_SUCCESS.
pub type NTSTATUS = i32;

/// `SECTION_BASIC_INFORMATION`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SECTION_BASIC_INFORMATION {
    /// Always 0 for a section (it is not mapped anywhere in particular).
    pub BaseAddress: u64,
    /// `SEC_*` attributes (wine `virtual.c test_CreateFileMapping`, `sec_flag_tests`).
    pub AllocationAttributes: u32,
    /// Size in bytes.
    pub MaximumSize: u64,
}

/// `SECTION_IMAGE_INFORMATION` (x64; `mm/image_information.rs` says where each field comes
/// from).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SECTION_IMAGE_INFORMATION {
    pub TransferAddress: u64,
    pub ZeroBits: u32,
    pub MaximumStackSize: u64,
    pub CommittedStackSize: u64,
    pub SubSystemType: u32,
    pub SubSystemMinorVersion: u16,
    pub SubSystemMajorVersion: u16,
    pub MajorOperatingSystemVersion: u16,
    pub MinorOperatingSystemVersion: u16,
    pub ImageCharacteristics: u16,
    pub DllCharacteristics: u16,
    pub Machine: u16,
    pub ImageContainsCode: u8,
    pub ImageFlags: u8,
    pub LoaderFlags: u32,
    pub ImageFileSize: u32,
    pub CheckSum: u32,
}

/// `PUBLIC_OBJECT_BASIC_INFORMATION` (the fields winsection keeps).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct OBJECT_BASIC_INFORMATION {
    /// `OBJ_INHERIT` (2) when the handle is inheritable.
    pub Attributes: u32,
    /// The handle's granted access.
    pub GrantedAccess: u32,
    /// Handles to the object, in every process.
    pub HandleCount: u32,
    /// References to the object (handles, views, links).
    pub PointerCount: u32,
}

/// `OBJ_INHERIT`.
const OBJ_INHERIT: u32 = 0x2;

/// The NTSTATUS an engine error came from (or the usual one for its Win32 code).
fn status_of(e: Win32Error) -> NTSTATUS {
    let status = e.status().unwrap_or(match e.code() {
        ERROR_ACCESS_DENIED => NtStatus::ACCESS_DENIED,
        ERROR_INVALID_HANDLE => NtStatus::INVALID_HANDLE,
        _ => NtStatus::INVALID_PARAMETER,
    });
    status.0 as NTSTATUS
}

impl Win32<'_> {
    /// `NtQuerySection(h, SectionBasicInformation, &info, sizeof info, NULL)`: needs
    /// SECTION_QUERY (STATUS_ACCESS_DENIED); another object's handle is
    /// STATUS_OBJECT_TYPE_MISMATCH; a NULL buffer STATUS_ACCESS_VIOLATION.
    pub fn NtQuerySection(
        &mut self,
        SectionHandle: HANDLE,
        Information: Option<&mut SECTION_BASIC_INFORMATION>,
    ) -> NTSTATUS {
        let span = tracing::info_span!("nt", call = "NtQuerySection", pid = self.pid.0);
        let _enter = span.enter();
        let Some(out) = Information else {
            return NtStatus::ACCESS_VIOLATION.0 as NTSTATUS;
        };
        match self.sys.query_section(self.pid, from_handle(SectionHandle)) {
            Ok(info) => {
                *out = SECTION_BASIC_INFORMATION {
                    BaseAddress: 0,
                    AllocationAttributes: info.attributes,
                    MaximumSize: info.size,
                };
                0
            }
            Err(e) => {
                self.sys.hit_error(e);
                status_of(e)
            }
        }
    }

    /// `NtQuerySection(h, SectionImageInformation, &info, sizeof info, NULL)`: needs
    /// SECTION_QUERY (STATUS_ACCESS_DENIED); a data or page-file section is
    /// STATUS_SECTION_NOT_IMAGE; another object's handle STATUS_OBJECT_TYPE_MISMATCH; a NULL
    /// buffer STATUS_ACCESS_VIOLATION (`mm/image_information.rs`).
    pub fn NtQuerySectionImage(
        &mut self,
        SectionHandle: HANDLE,
        Information: Option<&mut SECTION_IMAGE_INFORMATION>,
    ) -> NTSTATUS {
        let span = tracing::info_span!("nt", call = "NtQuerySection", pid = self.pid.0);
        let _enter = span.enter();
        let Some(out) = Information else {
            return NtStatus::ACCESS_VIOLATION.0 as NTSTATUS;
        };
        match self
            .sys
            .query_section_image(self.pid, from_handle(SectionHandle))
        {
            Ok(i) => {
                *out = SECTION_IMAGE_INFORMATION {
                    TransferAddress: i.transfer_address,
                    ZeroBits: i.zero_bits,
                    MaximumStackSize: i.maximum_stack_size,
                    CommittedStackSize: i.committed_stack_size,
                    SubSystemType: i.subsystem_type,
                    SubSystemMinorVersion: i.subsystem_minor_version,
                    SubSystemMajorVersion: i.subsystem_major_version,
                    MajorOperatingSystemVersion: i.major_operating_system_version,
                    MinorOperatingSystemVersion: i.minor_operating_system_version,
                    ImageCharacteristics: i.image_characteristics,
                    DllCharacteristics: i.dll_characteristics,
                    Machine: i.machine,
                    ImageContainsCode: u8::from(i.image_contains_code),
                    ImageFlags: i.image_flags,
                    LoaderFlags: i.loader_flags,
                    ImageFileSize: i.image_file_size,
                    CheckSum: i.checksum,
                };
                0
            }
            Err(e) => status_of(e),
        }
    }

    /// `NtQueryObject(h, ObjectBasicInformation, &info, sizeof info, NULL)`: any handle,
    /// `GetCurrentProcess()` included; an invalid one is STATUS_INVALID_HANDLE.
    pub fn NtQueryObject(
        &mut self,
        ObjectHandle: HANDLE,
        Information: Option<&mut OBJECT_BASIC_INFORMATION>,
    ) -> NTSTATUS {
        let span = tracing::info_span!("nt", call = "NtQueryObject", pid = self.pid.0);
        let _enter = span.enter();
        let Some(out) = Information else {
            return NtStatus::ACCESS_VIOLATION.0 as NTSTATUS;
        };
        let h = from_handle(ObjectHandle);
        let basic = self.sys.object_basic_information(self.pid, h);
        let flags = self.sys.handle_information(self.pid, h).unwrap_or(0);
        match basic {
            Ok((access, handles, pointers)) => {
                // Granted access, handle and pointer counts are observable (catalog G6, I16,
                // I17).
                for rule in [RuleId::G6, RuleId::I16, RuleId::I17] {
                    self.sys.hit(rule);
                }
                // Attributes are the handle's (OBJ_INHERIT), as ReactOS's NtQueryObject
                // reports them (ntoskrnl/ob/oblife.c); Wine 8 leaves the field 0, and no Wine
                // test checks it: wine/known-deviations.json, kind `unverified`.
                *out = OBJECT_BASIC_INFORMATION {
                    Attributes: if flags & HANDLE_FLAG_INHERIT != 0 {
                        OBJ_INHERIT
                    } else {
                        0
                    },
                    GrantedAccess: access,
                    HandleCount: handles,
                    PointerCount: pointers,
                };
                0
            }
            Err(e) => {
                self.sys.hit_error(e);
                status_of(e)
            }
        }
    }

    /// `NtAreMappedFilesTheSame(File1MappedAsAnImage, File2MappedAsFile)` (`mm/same_file.rs`).
    pub fn NtAreMappedFilesTheSame(&mut self, Address1: LPVOID, Address2: LPVOID) -> NTSTATUS {
        let span = tracing::info_span!("nt", call = "NtAreMappedFilesTheSame", pid = self.pid.0);
        let _enter = span.enter();
        match self
            .sys
            .are_mapped_files_the_same(self.pid, Address1, Address2)
        {
            Ok(()) => 0,
            Err(s) => s.0 as NTSTATUS,
        }
    }
}

impl Win32<'_> {
    /// `NtExtendSection(h, &size)` (`mm/extend.rs`): on success `NewSectionSize` holds the
    /// section's size after the call (never smaller than before); a NULL size pointer is
    /// STATUS_ACCESS_VIOLATION, a negative size STATUS_INVALID_PARAMETER.
    pub fn NtExtendSection(
        &mut self,
        SectionHandle: HANDLE,
        NewSectionSize: Option<&mut i64>,
    ) -> NTSTATUS {
        let span = tracing::info_span!("nt", call = "NtExtendSection", pid = self.pid.0);
        let _enter = span.enter();
        let Some(size) = NewSectionSize else {
            return NtStatus::ACCESS_VIOLATION.0 as NTSTATUS;
        };
        let Ok(wanted) = u64::try_from(*size) else {
            return NtStatus::INVALID_PARAMETER.0 as NTSTATUS;
        };
        match self
            .sys
            .extend_section(self.pid, from_handle(SectionHandle), wanted)
        {
            Ok(after) => {
                *size = i64::try_from(after).unwrap_or(i64::MAX);
                0
            }
            Err(e) => {
                self.sys.hit_error(e);
                status_of(e)
            }
        }
    }
}
