//! CreateFileMapping*, OpenFileMapping*, MapViewOfFile*, UnmapViewOfFile*, FlushViewOfFile.

#![allow(non_snake_case)]

use super::*;
use crate::mm::map::ViewRequest;
use crate::mm::protection;
use crate::mm::section::SectionRequest;
use crate::ob::object_type::ObjectType;
use crate::ob::win32_name::Win32Name;
use crate::rule::RuleId;
use std::borrow::Cow;

/// `flProtect` carries the page protection in its low 20 bits and `SEC_*` attributes in the
/// high 12 (Wine `kernelbase/sync.c CreateFileMappingW`): an undefined low bit is an invalid
/// protection, an undefined high bit an invalid attribute (catalog C1, C7).
const SEC_MASK: u32 = 0xFFF0_0000;

/// NUMA_NO_PREFERRED_NODE.
pub const NUMA_NO_PREFERRED_NODE: u32 = 0xFFFF_FFFF;

/// INVALID_HANDLE_VALUE and NULL both mean "backed by the page file" (catalog D13).
/// The `dwDesiredAccess` bits MapViewOfFile gives a meaning to (FILE_MAP_* and the section's
/// standard rights); any other bit is ignored (catalog E10).
const VIEW_ACCESS_BITS: u32 = FILE_MAP_ALL_ACCESS
    | FILE_MAP_COPY
    | FILE_MAP_EXECUTE
    | FILE_MAP_LARGE_PAGES
    | FILE_MAP_TARGETS_INVALID
    | FILE_MAP_RESERVE;

fn file_of(h: HANDLE) -> Option<Handle> {
    (h != INVALID_HANDLE_VALUE && h != 0).then(|| from_handle(h))
}

impl Win32<'_> {
    #[allow(clippy::too_many_arguments)]
    pub(super) fn create_mapping(
        &mut self,
        call: &'static str,
        hFile: HANDLE,
        sa: Option<&SECURITY_ATTRIBUTES>,
        protection: u32,
        attributes: u32,
        size: u64,
        name: NameArg<'_>,
        desired_access: Option<u32>,
    ) -> HANDLE {
        let shown = shown::Name(&name, "(name too long)");
        let args = format_args!(
            "{hFile:#x}, {}, {}, {size:#x}, {shown}",
            shown::Protection(protection),
            shown::SecAttributes(attributes)
        );
        let inherit = inherit_of(sa);
        let security = sa.and_then(|sa| sa.lpSecurityDescriptor.as_deref());
        self.call_create(call, args, |s, p| {
            let name = name.as_ref().map_err(|e| *e)?;
            if call != "CreateFileMappingW" && call != "CreateFileMappingA" {
                // The other creators validate as CreateFileMappingW does (catalog C16).
                s.hit(RuleId::C16);
            }
            if size > u64::from(u32::MAX) {
                // dwMaximumSizeHigh:Low make one 64-bit size (catalog C15).
                s.hit(RuleId::C15);
            }
            let request = SectionRequest {
                file: file_of(hFile),
                protection,
                attributes,
                maximum_size: size,
                name: name.as_deref().map(c_str),
                inherit,
                desired_access,
                security,
            };
            s.create_section(p, &request)
        })
    }

    /// `CreateFileMappingW`.
    pub fn CreateFileMappingW(
        &mut self,
        hFile: HANDLE,
        lpFileMappingAttributes: Option<&SECURITY_ATTRIBUTES>,
        flProtect: u32,
        dwMaximumSizeHigh: u32,
        dwMaximumSizeLow: u32,
        lpName: Option<&str>,
    ) -> HANDLE {
        let size = dword_pair(dwMaximumSizeHigh, dwMaximumSizeLow);
        if self.sys.is_ce() {
            // CE: NULL attributes, the file handle taken over (catalog K1, K9; win32/ce.rs).
            return self.ce_create_file_mapping(
                hFile,
                lpFileMappingAttributes,
                flProtect,
                size,
                lpName,
            );
        }
        self.create_mapping(
            "CreateFileMappingW",
            hFile,
            lpFileMappingAttributes,
            flProtect & !SEC_MASK,
            flProtect & SEC_MASK,
            size,
            Ok(lpName.map(Cow::Borrowed)),
            None,
        )
    }

    /// `CreateFileMappingA`: as W, with the ANSI name limit (catalog A16).
    pub fn CreateFileMappingA(
        &mut self,
        hFile: HANDLE,
        lpFileMappingAttributes: Option<&SECURITY_ATTRIBUTES>,
        flProtect: u32,
        dwMaximumSizeHigh: u32,
        dwMaximumSizeLow: u32,
        lpName: Option<&[u8]>,
    ) -> HANDLE {
        let size = dword_pair(dwMaximumSizeHigh, dwMaximumSizeLow);
        self.create_mapping(
            "CreateFileMappingA",
            hFile,
            lpFileMappingAttributes,
            flProtect & !SEC_MASK,
            flProtect & SEC_MASK,
            size,
            ansi_name(lpName).map(|n| n.map(Cow::Owned)),
            None,
        )
    }

    /// `CreateFileMappingNumaW`: one NUMA node (0) exists; another node number is
    /// ERROR_INVALID_PARAMETER (a winsection choice).
    #[allow(clippy::too_many_arguments)]
    pub fn CreateFileMappingNumaW(
        &mut self,
        hFile: HANDLE,
        lpFileMappingAttributes: Option<&SECURITY_ATTRIBUTES>,
        flProtect: u32,
        dwMaximumSizeHigh: u32,
        dwMaximumSizeLow: u32,
        lpName: Option<&str>,
        nndPreferred: u32,
    ) -> HANDLE {
        if nndPreferred != 0 && nndPreferred != NUMA_NO_PREFERRED_NODE {
            self.fail_now("CreateFileMappingNumaW", Win32Error::INVALID_PARAMETER);
            return 0;
        }
        let size = dword_pair(dwMaximumSizeHigh, dwMaximumSizeLow);
        self.create_mapping(
            "CreateFileMappingNumaW",
            hFile,
            lpFileMappingAttributes,
            flProtect & !SEC_MASK,
            flProtect & SEC_MASK,
            size,
            Ok(lpName.map(Cow::Borrowed)),
            None,
        )
    }

    /// `CreateFileMapping2`: explicit access, protection and attributes; 64-bit size. No
    /// extended parameters are supported (pass `None`).
    #[allow(clippy::too_many_arguments)]
    pub fn CreateFileMapping2(
        &mut self,
        File: HANDLE,
        SecurityAttributes: Option<&SECURITY_ATTRIBUTES>,
        DesiredAccess: u32,
        PageProtection: u32,
        AllocationAttributes: u32,
        MaximumSize: u64,
        Name: Option<&str>,
    ) -> HANDLE {
        self.create_mapping(
            "CreateFileMapping2",
            File,
            SecurityAttributes,
            PageProtection,
            AllocationAttributes,
            MaximumSize,
            Ok(Name.map(Cow::Borrowed)),
            Some(DesiredAccess),
        )
    }

    /// `CreateFileMappingFromApp`: as W with a 64-bit size (catalog C16, J10).
    pub fn CreateFileMappingFromApp(
        &mut self,
        hFile: HANDLE,
        SecurityAttributes: Option<&SECURITY_ATTRIBUTES>,
        PageProtection: u32,
        MaximumSize: u64,
        Name: Option<&str>,
    ) -> HANDLE {
        // Executable sections need codeGeneration in an app container (catalog J10).
        if self.refuses_executable_section("CreateFileMappingFromApp", PageProtection) {
            return 0;
        }
        self.create_mapping(
            "CreateFileMappingFromApp",
            hFile,
            SecurityAttributes,
            PageProtection & !SEC_MASK,
            PageProtection & SEC_MASK,
            MaximumSize,
            Ok(Name.map(Cow::Borrowed)),
            None,
        )
    }

    pub(super) fn open_mapping(
        &mut self,
        call: &'static str,
        access: u32,
        inherit: BOOL,
        name: NameArg<'_>,
    ) -> HANDLE {
        let shown = shown::Name(&name, "(name too long)");
        // "OpenFileMapping ... treats FILE_MAP_COPY the same way as FILE_MAP_READ" (MS docs
        // "File-mapping security and access rights"; catalog E3).
        let copy = access == FILE_MAP_COPY;
        let access = if copy { SECTION_MAP_READ } else { access };
        self.call(
            call,
            format_args!("{access:#x}, {inherit}, {shown}"),
            0,
            |s, p| {
                if copy {
                    s.hit(RuleId::E3);
                }
                let name = name.as_ref().map_err(|e| *e)?;
                let name = name.as_deref().map(Win32Name::scan_c);
                s.open_named(p, ObjectType::Section, name, access, inherit != 0)
                    .map(to_handle)
            },
        )
    }

    /// `OpenFileMappingW` (catalog A14, A15, B4, E2, E3, G1).
    pub fn OpenFileMappingW(
        &mut self,
        dwDesiredAccess: u32,
        bInheritHandle: BOOL,
        lpName: Option<&str>,
    ) -> HANDLE {
        self.open_mapping(
            "OpenFileMappingW",
            dwDesiredAccess,
            bInheritHandle,
            Ok(lpName.map(Cow::Borrowed)),
        )
    }

    /// `OpenFileMappingA`.
    pub fn OpenFileMappingA(
        &mut self,
        dwDesiredAccess: u32,
        bInheritHandle: BOOL,
        lpName: Option<&[u8]>,
    ) -> HANDLE {
        self.open_mapping(
            "OpenFileMappingA",
            dwDesiredAccess,
            bInheritHandle,
            ansi_name(lpName).map(|n| n.map(Cow::Owned)),
        )
    }

    /// `MapViewOfFile`.
    pub fn MapViewOfFile(
        &mut self,
        hFileMappingObject: HANDLE,
        dwDesiredAccess: u32,
        dwFileOffsetHigh: u32,
        dwFileOffsetLow: u32,
        dwNumberOfBytesToMap: u64,
    ) -> LPVOID {
        self.map(
            "MapViewOfFile",
            hFileMappingObject,
            dwDesiredAccess,
            dword_pair(dwFileOffsetHigh, dwFileOffsetLow),
            dwNumberOfBytesToMap,
            0,
        )
    }

    /// `MapViewOfFileEx`: at `lpBaseAddress` when non-NULL (catalog F8, F9).
    pub fn MapViewOfFileEx(
        &mut self,
        hFileMappingObject: HANDLE,
        dwDesiredAccess: u32,
        dwFileOffsetHigh: u32,
        dwFileOffsetLow: u32,
        dwNumberOfBytesToMap: u64,
        lpBaseAddress: LPVOID,
    ) -> LPVOID {
        self.map(
            "MapViewOfFileEx",
            hFileMappingObject,
            dwDesiredAccess,
            dword_pair(dwFileOffsetHigh, dwFileOffsetLow),
            dwNumberOfBytesToMap,
            lpBaseAddress,
        )
    }

    /// `MapViewOfFileFromApp`: as MapViewOfFile with a 64-bit offset.
    pub fn MapViewOfFileFromApp(
        &mut self,
        hFileMappingObject: HANDLE,
        DesiredAccess: u32,
        FileOffset: u64,
        NumberOfBytesToMap: u64,
    ) -> LPVOID {
        // Executable views need codeGeneration in an app container (catalog J10).
        if self.refuses_executable_view("MapViewOfFileFromApp", DesiredAccess) {
            return 0;
        }
        self.map(
            "MapViewOfFileFromApp",
            hFileMappingObject,
            DesiredAccess,
            FileOffset,
            NumberOfBytesToMap,
            0,
        )
    }

    fn map(
        &mut self,
        call: &'static str,
        h: HANDLE,
        access: u32,
        offset: u64,
        size: u64,
        base: LPVOID,
    ) -> LPVOID {
        let args = format_args!("{h:#x}, {access:#x}, {offset:#x}, {size:#x}, {base:#x}");
        self.call(call, args, 0, |s, p| {
            // dwDesiredAccess decides the view's protection (E8); bits it does not define are
            // ignored (E10).
            s.hit(RuleId::E8);
            if access & !VIEW_ACCESS_BITS != 0 {
                s.hit(RuleId::E10);
            }
            let request = ViewRequest {
                protection: protection::view_protection_for_access(access),
                offset,
                size,
                base: (base != 0).then_some(base),
                allocation_type: 0,
            };
            s.map_view(p, from_handle(h), request)
        })
    }

    /// `MapViewOfFile3`: explicit page protection, into this process or another one (a process
    /// handle with PROCESS_VM_OPERATION, `GetCurrentProcess()` or NULL). Placeholders are not
    /// modelled: AllocationType may be 0, MEM_LARGE_PAGES or MEM_RESERVE (file sections).
    #[allow(clippy::too_many_arguments)]
    pub fn MapViewOfFile3(
        &mut self,
        FileMapping: HANDLE,
        Process: HANDLE,
        BaseAddress: LPVOID,
        Offset: u64,
        ViewSize: u64,
        AllocationType: u32,
        PageProtection: u32,
    ) -> LPVOID {
        let args = format_args!("{FileMapping:#x}, {Process:#x}, {BaseAddress:#x}, {Offset:#x}, {ViewSize:#x}, {AllocationType:#x}, {}", shown::Protection(PageProtection));
        self.call("MapViewOfFile3", args, 0, |s, p| {
            // A NULL process is the calling process (wine `kernelbase/tests/process.c
            // test_VirtualAlloc2` maps with `MapViewOfFile3(section, NULL, ...)`). Another
            // process's handle "must have been opened with PROCESS_VM_OPERATION access"
            // (ZwMapViewOfSection doc, ProcessHandle: MapViewOfFile3 is NtMapViewOfSectionEx).
            let target = if Process == 0 {
                p
            } else {
                s.process_with_access(p, from_handle(Process), PROCESS_VM_OPERATION)?
            };
            let request = ViewRequest {
                protection: PageProtection,
                offset: Offset,
                size: ViewSize,
                base: (BaseAddress != 0).then_some(BaseAddress),
                allocation_type: AllocationType,
            };
            s.map_view_into(p, from_handle(FileMapping), target, request)
        })
    }

    /// `UnmapViewOfFile` (catalog F10, F11).
    pub fn UnmapViewOfFile(&mut self, lpBaseAddress: LPVOID) -> BOOL {
        self.call(
            "UnmapViewOfFile",
            format_args!("{lpBaseAddress:#x}"),
            0,
            |s, p| s.unmap_view(p, lpBaseAddress, 0).map(|()| 1),
        )
    }

    /// `UnmapViewOfFileEx` with MEM_UNMAP_WITH_TRANSIENT_BOOST / MEM_PRESERVE_PLACEHOLDER.
    pub fn UnmapViewOfFileEx(&mut self, BaseAddress: LPVOID, UnmapFlags: u32) -> BOOL {
        self.call(
            "UnmapViewOfFileEx",
            format_args!("{BaseAddress:#x}, {UnmapFlags:#x}"),
            0,
            |s, p| s.unmap_view(p, BaseAddress, UnmapFlags).map(|()| 1),
        )
    }

    /// `UnmapViewOfFile2`: a NULL process handle is ERROR_INVALID_HANDLE (catalog F21).
    pub fn UnmapViewOfFile2(
        &mut self,
        Process: HANDLE,
        BaseAddress: LPVOID,
        UnmapFlags: u32,
    ) -> BOOL {
        self.call(
            "UnmapViewOfFile2",
            format_args!("{Process:#x}, {BaseAddress:#x}, {UnmapFlags:#x}"),
            0,
            |s, p| {
                // The right the view was mapped with (NtUnmapViewOfSection references the
                // process for PROCESS_VM_OPERATION, as NtMapViewOfSection does).
                let target =
                    s.process_with_access(p, from_handle(Process), PROCESS_VM_OPERATION)?;
                s.unmap_view(target, BaseAddress, UnmapFlags).map(|()| 1)
            },
        )
    }

    /// `FlushViewOfFile` (catalog H17).
    pub fn FlushViewOfFile(&mut self, lpBaseAddress: LPVOID, dwNumberOfBytesToFlush: u64) -> BOOL {
        self.call(
            "FlushViewOfFile",
            format_args!("{lpBaseAddress:#x}, {dwNumberOfBytesToFlush:#x}"),
            0,
            |s, p| {
                s.flush_view(p, lpBaseAddress, dwNumberOfBytesToFlush)
                    .map(|()| 1)
            },
        )
    }
}
