//! The native calls the Wine conformance tests use to look at sections and handles:
//! `NtQuerySection(SectionBasicInformation)`, `NtQueryObject(ObjectBasicInformation)`,
//! `NtAreMappedFilesTheSame`. They return an NTSTATUS and leave the last error alone, as ntdll
//! does.

#![allow(non_snake_case, non_camel_case_types, non_upper_case_globals)]

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

/// `sizeof(SECTION_BASIC_INFORMATION)` on x64: what `NtQuerySection(SectionBasicInformation)`
/// wants and writes to `ReturnLength`.
pub const SECTION_BASIC_INFORMATION_SIZE: usize = 24;
/// `sizeof(SECTION_IMAGE_INFORMATION)` on x64.
pub const SECTION_IMAGE_INFORMATION_SIZE: usize = 64;
/// `sizeof(PUBLIC_OBJECT_BASIC_INFORMATION)` on x64 (winternl.h: four ULONGs and `Reserved[10]`).
pub const OBJECT_BASIC_INFORMATION_SIZE: u32 = 56;
/// `OBJECT_INFORMATION_CLASS` `ObjectBasicInformation`.
pub const OBJECT_BASIC_INFORMATION_CLASS: u32 = 0;

/// What `NtQuerySectionEx` writes, by information class.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SECTION_INFORMATION {
    /// `SectionBasicInformation`.
    Basic(SECTION_BASIC_INFORMATION),
    /// `SectionImageInformation`.
    Image(SECTION_IMAGE_INFORMATION),
}

/// The size of the structure `class` selects, or None for a class winsection does not take.
pub fn section_information_size(class: u32) -> Option<usize> {
    match class {
        SectionBasicInformation => Some(SECTION_BASIC_INFORMATION_SIZE),
        SectionImageInformation => Some(SECTION_IMAGE_INFORMATION_SIZE),
        _ => None,
    }
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

/// The `SECTION_IMAGE_INFORMATION` the engine's image information fills.
fn image_information(
    i: &crate::mm::image_information::ImageInformation,
) -> SECTION_IMAGE_INFORMATION {
    SECTION_IMAGE_INFORMATION {
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
    }
}

/// An `NtStatus` as the `NTSTATUS` the native calls return.
fn nt(status: NtStatus) -> NTSTATUS {
    status.0 as NTSTATUS
}

impl Win32<'_> {
    /// `NtQuerySection(h, SectionBasicInformation, &info, sizeof info, NULL)`
    /// ([`Self::NtQuerySectionEx`]): needs SECTION_QUERY (STATUS_ACCESS_DENIED); another
    /// object's handle is STATUS_OBJECT_TYPE_MISMATCH; a NULL buffer STATUS_ACCESS_VIOLATION.
    pub fn NtQuerySection(
        &mut self,
        SectionHandle: HANDLE,
        Information: Option<&mut SECTION_BASIC_INFORMATION>,
    ) -> NTSTATUS {
        let mut info = SECTION_INFORMATION::Basic(SECTION_BASIC_INFORMATION::default());
        let wanted = Information.is_some();
        let r = self.NtQuerySectionEx(
            SectionHandle,
            SectionBasicInformation,
            wanted.then_some(&mut info),
            SECTION_BASIC_INFORMATION_SIZE,
            None,
        );
        if let (Some(out), SECTION_INFORMATION::Basic(i), 0) = (Information, info, r) {
            *out = i;
        }
        r
    }

    /// `NtQuerySection(h, SectionImageInformation, &info, sizeof info, NULL)`
    /// ([`Self::NtQuerySectionEx`]): a data or page-file section is STATUS_SECTION_NOT_IMAGE
    /// (`mm/image_information.rs`); the other failures as [`Self::NtQuerySection`]'s.
    pub fn NtQuerySectionImage(
        &mut self,
        SectionHandle: HANDLE,
        Information: Option<&mut SECTION_IMAGE_INFORMATION>,
    ) -> NTSTATUS {
        let mut info = SECTION_INFORMATION::Image(SECTION_IMAGE_INFORMATION::default());
        let wanted = Information.is_some();
        let r = self.NtQuerySectionEx(
            SectionHandle,
            SectionImageInformation,
            wanted.then_some(&mut info),
            SECTION_IMAGE_INFORMATION_SIZE,
            None,
        );
        if let (Some(out), SECTION_INFORMATION::Image(i), 0) = (Information, info, r) {
            *out = i;
        }
        r
    }

    /// The whole `NtQuerySection(SectionHandle, SectionInformationClass, SectionInformation,
    /// SectionInformationLength, ReturnLength)`, in the order Windows checks its arguments
    /// (catalog E12; ReactOS `ntoskrnl/mm/section.c NtQuerySection`; ReactOS
    /// `modules/rostests/apitests/ntdll/NtQuerySection.c`, which runs on Windows):
    /// 1. the buffer is probed for `SectionInformationLength` bytes: a NULL buffer with a
    ///    length, or a length no user-mode buffer can have (past the highest application
    ///    address), is STATUS_ACCESS_VIOLATION (a length of 0 probes nothing, as
    ///    `ProbeForWrite` documents);
    /// 2. a class other than SectionBasicInformation / SectionImageInformation is
    ///    STATUS_INVALID_INFO_CLASS; a length smaller than the class's structure (24 / 64
    ///    bytes) is STATUS_INFO_LENGTH_MISMATCH; a larger one is accepted (Wine
    ///    `dlls/kernel32/tests/virtual.c test_NtQuerySection` passes a union larger than
    ///    either structure);
    /// 3. the handle: SECTION_QUERY (STATUS_ACCESS_DENIED), a section
    ///    (STATUS_OBJECT_TYPE_MISMATCH), an image for SectionImageInformation
    ///    (STATUS_SECTION_NOT_IMAGE);
    /// 4. on success the structure is written (the variant `SectionInformationClass` names)
    ///    and `ReturnLength`, when given, receives the structure's size, not the buffer's;
    ///    on a failure neither is touched.
    pub fn NtQuerySectionEx(
        &mut self,
        SectionHandle: HANDLE,
        SectionInformationClass: u32,
        SectionInformation: Option<&mut SECTION_INFORMATION>,
        SectionInformationLength: usize,
        ReturnLength: Option<&mut usize>,
    ) -> NTSTATUS {
        let span = tracing::info_span!("nt", call = "NtQuerySection", pid = self.pid.0);
        let _enter = span.enter();
        // No user-mode buffer reaches past the highest application address: `ProbeForWrite`
        // raises STATUS_ACCESS_VIOLATION for a range outside user space (Microsoft Learn,
        // ProbeForWrite).
        let beyond_user_space = u64::try_from(SectionInformationLength)
            .map_or(true, |len| len > MAX_APPLICATION_ADDRESS);
        if (SectionInformation.is_none() && SectionInformationLength != 0) || beyond_user_space {
            return nt(NtStatus::ACCESS_VIOLATION);
        }
        let Some(needed) = section_information_size(SectionInformationClass) else {
            return nt(NtStatus::INVALID_INFO_CLASS);
        };
        // A NULL buffer reaches here only with a length of 0, which is too short.
        let Some(out) = SectionInformation.filter(|_| SectionInformationLength >= needed) else {
            return nt(NtStatus::INFO_LENGTH_MISMATCH);
        };
        let h = from_handle(SectionHandle);
        let info = if SectionInformationClass == SectionImageInformation {
            self.sys
                .query_section_image(self.pid, h)
                .map(|i| SECTION_INFORMATION::Image(image_information(&i)))
        } else {
            self.sys.query_section(self.pid, h).map(|info| {
                SECTION_INFORMATION::Basic(SECTION_BASIC_INFORMATION {
                    BaseAddress: 0,
                    AllocationAttributes: info.attributes,
                    MaximumSize: info.size,
                })
            })
        };
        match info {
            Ok(i) => {
                *out = i;
                if let Some(len) = ReturnLength {
                    *len = needed;
                }
                0
            }
            Err(e) => {
                self.sys.hit_error(e);
                status_of(e)
            }
        }
    }

    /// `NtQueryObject(h, ObjectBasicInformation, &info, sizeof info, NULL)`
    /// ([`Self::NtQueryObjectEx`]): any handle, `GetCurrentProcess()` included; an invalid
    /// one is STATUS_INVALID_HANDLE.
    pub fn NtQueryObject(
        &mut self,
        ObjectHandle: HANDLE,
        Information: Option<&mut OBJECT_BASIC_INFORMATION>,
    ) -> NTSTATUS {
        self.NtQueryObjectEx(
            ObjectHandle,
            OBJECT_BASIC_INFORMATION_CLASS,
            Information,
            OBJECT_BASIC_INFORMATION_SIZE,
            None,
        )
    }

    /// The whole `NtQueryObject(ObjectHandle, ObjectInformationClass, ObjectInformation,
    /// ObjectInformationLength, ReturnLength)` for ObjectBasicInformation, in the order
    /// Windows checks its arguments (catalog G6; ReactOS `ntoskrnl/ob/oblife.c
    /// NtQueryObject`; Wine `dlls/ntdll/tests/om.c test_query_object`, plain `ok()` lines that
    /// run on Windows):
    /// 1. the buffer is probed: a NULL buffer with a length is STATUS_ACCESS_VIOLATION; with a
    ///    length of 0 it is not (om.c: `NtQueryObject(h, ObjectBasicInformation, NULL, 0,
    ///    ...)` is STATUS_INFO_LENGTH_MISMATCH);
    /// 2. the handle: an invalid one is STATUS_INVALID_HANDLE, before the length is looked at;
    /// 3. a class other than ObjectBasicInformation is STATUS_INVALID_INFO_CLASS (winsection
    ///    models no other class; `ReturnLength` is then the length given, as ReactOS writes);
    ///    a length other than exactly 56 bytes is STATUS_INFO_LENGTH_MISMATCH and
    ///    `ReturnLength` receives 56 (ReactOS `Length != sizeof(OBJECT_BASIC_INFORMATION)`;
    ///    Wine's ntdll accepts a larger buffer, which no Wine test checks: Windows' own
    ///    design is followed);
    /// 4. on success the structure is written and `ReturnLength` receives 56 (om.c:
    ///    `len >= sizeof(OBJECT_BASIC_INFORMATION)`).
    pub fn NtQueryObjectEx(
        &mut self,
        ObjectHandle: HANDLE,
        ObjectInformationClass: u32,
        ObjectInformation: Option<&mut OBJECT_BASIC_INFORMATION>,
        ObjectInformationLength: u32,
        ReturnLength: Option<&mut u32>,
    ) -> NTSTATUS {
        let span = tracing::info_span!("nt", call = "NtQueryObject", pid = self.pid.0);
        let _enter = span.enter();
        if ObjectInformation.is_none() && ObjectInformationLength != 0 {
            return nt(NtStatus::ACCESS_VIOLATION);
        }
        let h = from_handle(ObjectHandle);
        let basic = self.sys.object_basic_information(self.pid, h);
        let flags = self.sys.handle_information(self.pid, h).unwrap_or(0);
        let (access, handles, pointers) = match basic {
            Ok(counts) => counts,
            Err(e) => {
                self.sys.hit_error(e);
                return status_of(e);
            }
        };
        let (written, status) = if ObjectInformationClass != OBJECT_BASIC_INFORMATION_CLASS {
            (ObjectInformationLength, NtStatus::INVALID_INFO_CLASS)
        } else if ObjectInformationLength != OBJECT_BASIC_INFORMATION_SIZE {
            (
                OBJECT_BASIC_INFORMATION_SIZE,
                NtStatus::INFO_LENGTH_MISMATCH,
            )
        } else {
            (OBJECT_BASIC_INFORMATION_SIZE, NtStatus(0))
        };
        if let Some(len) = ReturnLength {
            *len = written;
        }
        let Some(out) = ObjectInformation.filter(|_| status.0 == 0) else {
            return nt(status);
        };
        // Granted access, handle and pointer counts are observable (catalog G6, I16, I17).
        for rule in [RuleId::G6, RuleId::I16, RuleId::I17] {
            self.sys.hit(rule);
        }
        // Attributes are the handle's (OBJ_INHERIT), as ReactOS's NtQueryObject reports them
        // (ntoskrnl/ob/oblife.c); Wine 8 leaves the field 0, and no Wine test checks it:
        // wine/known-deviations.json, kind `unverified`.
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
