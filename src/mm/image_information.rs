//! `NtQuerySection(SectionImageInformation)`: what an image section tells about the PE file it
//! was made from, read from the headers in the section's own snapshot of the file
//! (`mm/image.rs`).
//!
//! Windows truth is wine `dlls/kernel32/tests/loader.c query_image_section` (plain `ok()`
//! lines, run on Windows): TransferAddress is ImageBase + AddressOfEntryPoint; ZeroBits 0;
//! MaximumStackSize / CommittedStackSize are SizeOfStackReserve / SizeOfStackCommit (for PE32
//! and PE32+ alike on x64); SubSystemType, the subsystem and operating-system versions,
//! DllCharacteristics and CheckSum come from the optional header, ImageCharacteristics and
//! Machine from the file header; LoaderFlags is 1 when the image has a COM descriptor
//! (IMAGE_DIRECTORY_ENTRY_COM_DESCRIPTOR with an address and a size) and 0 otherwise;
//! ImageFileSize is the file's size; ImageContainsCode is TRUE when SizeOfCode or
//! AddressOfEntryPoint is non-zero, or the section alignment is below a page, or the one
//! section is executable, FALSE otherwise; ImageMappedFlat is set when the section alignment is
//! below a page; ImageDynamicallyRelocated when DYNAMIC_BASE is set on an image with code that
//! is neither mapped flat nor managed; BaseBelow4gb is never set. A data section is
//! STATUS_SECTION_NOT_IMAGE (ntstatus.h: "An attempt was made to query image information on a
//! section that does not map an image"); the handle needs SECTION_QUERY (catalog C17, E12).
//!
//! Not modelled: the COM+ flags (ComPlusILOnly, ComPlusNativeReady, ComPlusPrefer32bit), which
//! need the COR20 header found through the section table; they read 0. winsection's image
//! check accepts any optional-header magic; anything but PE32 (0x10B) is read as PE32+.

use super::page_store::PageStore;
use crate::consts::{PAGE_SIZE, SECTION_QUERY};
use crate::error::{NtStatus, Result};
use crate::ob::handle_table::Handle;
use crate::ob::object_type::ObjectType;
use crate::object_body::Body;
use crate::ps::Pid;
use crate::rule::RuleId;
use crate::system::System;

/// `SECTION_IMAGE_INFORMATION`'s fields (x64 layout in winternl.h; the facade exposes them).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ImageInformation {
    /// ImageBase + AddressOfEntryPoint.
    pub transfer_address: u64,
    /// Always 0.
    pub zero_bits: u32,
    /// SizeOfStackReserve.
    pub maximum_stack_size: u64,
    /// SizeOfStackCommit.
    pub committed_stack_size: u64,
    /// Subsystem.
    pub subsystem_type: u32,
    /// MinorSubsystemVersion.
    pub subsystem_minor_version: u16,
    /// MajorSubsystemVersion.
    pub subsystem_major_version: u16,
    /// MajorOperatingSystemVersion.
    pub major_operating_system_version: u16,
    /// MinorOperatingSystemVersion.
    pub minor_operating_system_version: u16,
    /// FileHeader.Characteristics.
    pub image_characteristics: u16,
    /// DllCharacteristics.
    pub dll_characteristics: u16,
    /// FileHeader.Machine.
    pub machine: u16,
    /// Whether the image holds code (see the module doc).
    pub image_contains_code: bool,
    /// ComPlusNativeReady (bit 0), ComPlusILOnly (1), ImageDynamicallyRelocated (2),
    /// ImageMappedFlat (3), BaseBelow4gb (4), ComPlusPrefer32bit (5).
    pub image_flags: u8,
    /// 1 for an image with a COM descriptor.
    pub loader_flags: u32,
    /// The file's size.
    pub image_file_size: u32,
    /// CheckSum.
    pub checksum: u32,
}

/// `IMAGE_DLLCHARACTERISTICS_DYNAMIC_BASE`.
const DYNAMIC_BASE: u16 = 0x0040;
/// `IMAGE_SCN_MEM_EXECUTE`.
const SCN_MEM_EXECUTE: u32 = 0x2000_0000;
/// `IMAGE_DIRECTORY_ENTRY_COM_DESCRIPTOR`.
const COM_DESCRIPTOR: u64 = 14;
/// ImageDynamicallyRelocated and ImageMappedFlat in `image_flags`.
const FLAG_RELOCATED: u8 = 1 << 2;
const FLAG_MAPPED_FLAT: u8 = 1 << 3;

/// Little-endian reads of the section's snapshot: bytes past what the store holds read as 0.
struct Bytes<'a>(&'a PageStore);

impl Bytes<'_> {
    fn byte(&self, at: u64) -> u8 {
        let (page, off) = (at / PAGE_SIZE, (at % PAGE_SIZE) as usize);
        self.0.read(page).get(off).copied().unwrap_or(0)
    }

    fn le(&self, at: u64, n: u64) -> u64 {
        (0..n).fold(0, |v, i| {
            v | u64::from(self.byte(at.saturating_add(i))) << (8 * i)
        })
    }

    fn u16(&self, at: u64) -> u16 {
        self.le(at, 2) as u16
    }

    fn u32(&self, at: u64) -> u32 {
        self.le(at, 4) as u32
    }
}

/// Reads the headers of the PE image in `store` (a file of `file_size` bytes).
pub(crate) fn parse(store: &PageStore, file_size: u64) -> ImageInformation {
    let b = Bytes(store);
    let nt = u64::from(b.u32(0x3C));
    let file_header = nt.saturating_add(4);
    let opt = file_header.saturating_add(20);
    let at = |off: u64| opt.saturating_add(off);
    let pe32 = b.u16(opt) == 0x10B;
    let (image_base, stack_reserve, stack_commit, directories) = if pe32 {
        (b.le(at(28), 4), b.le(at(72), 4), b.le(at(76), 4), at(96))
    } else {
        (b.le(at(24), 8), b.le(at(72), 8), b.le(at(80), 8), at(112))
    };
    let entry = u64::from(b.u32(at(16)));
    let size_of_code = b.u32(at(4));
    let section_alignment = u64::from(b.u32(at(32)));
    let dll_characteristics = b.u16(at(70));
    let sections = b.u16(file_header.saturating_add(2));
    let optional_size = u64::from(b.u16(file_header.saturating_add(16)));
    let first_section = opt.saturating_add(optional_size);
    let only_section_executes =
        sections == 1 && b.u32(first_section.saturating_add(36)) & SCN_MEM_EXECUTE != 0;
    let com = directories.saturating_add(COM_DESCRIPTOR * 8);
    let has_com_directory_room =
        directories.saturating_add((COM_DESCRIPTOR + 1) * 8) <= opt.saturating_add(optional_size);
    let managed = has_com_directory_room && b.u32(com) != 0 && b.u32(com.saturating_add(4)) != 0;
    let mapped_flat = section_alignment % PAGE_SIZE != 0;
    let contains_code = size_of_code != 0 || entry != 0 || mapped_flat || only_section_executes;
    let relocated =
        dll_characteristics & DYNAMIC_BASE != 0 && contains_code && !mapped_flat && !managed;
    let mut image_flags = 0;
    if relocated {
        image_flags |= FLAG_RELOCATED;
    }
    if mapped_flat {
        image_flags |= FLAG_MAPPED_FLAT;
    }
    ImageInformation {
        transfer_address: image_base.wrapping_add(entry),
        zero_bits: 0,
        maximum_stack_size: stack_reserve,
        committed_stack_size: stack_commit,
        subsystem_type: u32::from(b.u16(at(68))),
        subsystem_minor_version: b.u16(at(50)),
        subsystem_major_version: b.u16(at(48)),
        major_operating_system_version: b.u16(at(40)),
        minor_operating_system_version: b.u16(at(42)),
        image_characteristics: b.u16(file_header.saturating_add(18)),
        dll_characteristics,
        machine: b.u16(file_header),
        image_contains_code: contains_code,
        image_flags,
        loader_flags: u32::from(managed),
        image_file_size: u32::try_from(file_size).unwrap_or(u32::MAX),
        checksum: b.u32(at(64)),
    }
}

/// The size `NtQuerySection(SectionBasicInformation)` reports for an image section: the
/// image's SizeOfImage rounded up to a page, not the file's size. Windows truth: wine
/// `dlls/kernel32/tests/virtual.c test_NtQuerySection`, plain `ok(info.basic.Size.QuadPart ==
/// image_size)` with `image_size = ROUND_SIZE(p, nt->OptionalHeader.SizeOfImage)` for a
/// SEC_IMAGE mapping of kernel32.dll (and `== fsize` for its data mapping); found by comparing
/// `wine/scenarios/nt_section_query.scn` with Wine.
pub(crate) fn image_section_size(store: &PageStore) -> u64 {
    let b = Bytes(store);
    let opt = u64::from(b.u32(0x3C)).saturating_add(4 + 20);
    u64::from(b.u32(opt.saturating_add(56))).div_ceil(PAGE_SIZE) * PAGE_SIZE
}

impl System {
    /// `NtQuerySection(SectionImageInformation)`: needs SECTION_QUERY (STATUS_ACCESS_DENIED);
    /// a section that is not an image is STATUS_SECTION_NOT_IMAGE.
    pub fn query_section_image(&self, pid: Pid, handle: Handle) -> Result<ImageInformation> {
        let (id, access) = self.resolve_typed(pid, handle, ObjectType::Section)?;
        if access & SECTION_QUERY == 0 {
            return Err(NtStatus::ACCESS_DENIED.into());
        }
        let host = self.host_ref(self.live_process(pid)?.spec.host)?;
        match host.objects.get(id).map(|o| &o.body) {
            Some(Body::Section(s)) => match s.backing {
                super::section::Backing::File { image: true, .. } => Ok(parse(&s.store, s.size)),
                _ => Err(NtStatus::SECTION_NOT_IMAGE.by(RuleId::C17)),
            },
            _ => Err(NtStatus::OBJECT_TYPE_MISMATCH.into()),
        }
    }
}
