//! Image sections (`CreateFileMappingW` with `SEC_IMAGE` over a PE file), their views and
//! `NtQuerySection(SectionImageInformation)` (catalog C8, C9, C17; issue 10).
//!
//! Rules, with their sources:
//! - the file must hold a PE image: "MZ" at 0 and "PE\0\0" at `e_lfanew` (the DWORD at 0x3C),
//!   inside the file; anything else, an empty file included, is ERROR_BAD_EXE_FORMAT
//!   (STATUS_INVALID_IMAGE_NOT_MZ; wine `virtual.c test_CreateFileMapping` `sec_flag_tests`:
//!   SEC_IMAGE over a data file). Engine choice: the check stops there (no layout of PE
//!   sections), which is what the engine documents in `mm/create.rs`;
//! - the handle needs only read access (D9 has no row for SEC_IMAGE; wine `loader.c` maps
//!   images through GENERIC_READ handles); the size argument is ignored, the section has the
//!   file's size and reports SEC_FILE | SEC_IMAGE (wine `sec_flag_tests`);
//! - the section is built from the file as it stands at creation: later writes (WriteFile,
//!   data views) do not show in its views (Windows Internals, "Section objects": an image has
//!   its own control area);
//! - an image view is MEM_IMAGE, AllocationProtect PAGE_EXECUTE_WRITECOPY, its pages
//!   PAGE_READONLY whatever access was asked (wine `virtual.c test_mapping` SEC_IMAGE rows;
//!   the engine lays out no PE sections, so every page reads so); VirtualProtect there turns a
//!   write request into copy-on-write (`map_prot_no_write`) and never writes the section;
//! - only FILE_WRITE_DATA (or truncation) conflicts with an image section at open time,
//!   FILE_APPEND_DATA does not (wine `file.c test_file_sharing`, `is_sharing_map_compatible`);
//! - an image section never grows (NtExtendSection: STATUS_SECTION_NOT_EXTENDED);
//! - any two views of one file are "the same" when the first is an image view
//!   (NtAreMappedFilesTheSame, wine `virtual.c test_NtAreMappedFilesTheSame`).

use super::native::{STATUS_ACCESS_DENIED, STATUS_OBJECT_TYPE_MISMATCH};
use super::protection as prot;
use super::*;

/// STATUS_SECTION_NOT_IMAGE (ntstatus.h: "An attempt was made to query image information on
/// a section that does not map an image").
pub const STATUS_SECTION_NOT_IMAGE: i32 = 0xC000_0049_u32 as i32;

/// `SECTION_IMAGE_INFORMATION` (x64), as the model predicts it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ImageInfo {
    pub transfer_address: u64,
    pub zero_bits: u32,
    pub maximum_stack_size: u64,
    pub committed_stack_size: u64,
    pub subsystem_type: u32,
    pub subsystem_minor_version: u16,
    pub subsystem_major_version: u16,
    pub major_operating_system_version: u16,
    pub minor_operating_system_version: u16,
    pub image_characteristics: u16,
    pub dll_characteristics: u16,
    pub machine: u16,
    pub image_contains_code: u8,
    pub image_flags: u8,
    pub loader_flags: u32,
    pub image_file_size: u32,
    pub checksum: u32,
}

/// Little-endian reads of a byte map (absent bytes are 0).
struct Le<'a>(&'a BTreeMap<u64, u8>);

impl Le<'_> {
    fn n(&self, at: u64, bytes: u64) -> u64 {
        let mut v = 0u64;
        for i in 0..bytes {
            let b = at
                .checked_add(i)
                .and_then(|a| self.0.get(&a))
                .copied()
                .unwrap_or(0);
            v |= u64::from(b) << (8 * i);
        }
        v
    }

    fn u16(&self, at: u64) -> u16 {
        self.n(at, 2) as u16
    }

    fn u32(&self, at: u64) -> u32 {
        self.n(at, 4) as u32
    }
}

/// Whether the file's bytes hold a PE image: "MZ" at 0, "PE\0\0" at `e_lfanew` with its four
/// bytes inside the file.
fn is_pe_image(n: &FileNode) -> bool {
    let b = Le(&n.bytes);
    if n.size == 0 || b.u16(0) != u16::from_le_bytes(*b"MZ") {
        return false;
    }
    let at = u64::from(b.u32(0x3C));
    at.checked_add(4).is_some_and(|end| end <= n.size)
        && b.u32(at) == u32::from_le_bytes(*b"PE\0\0")
}

/// The size `NtQuerySection(SectionBasicInformation)` reports for an image section: the
/// image's SizeOfImage rounded up to a page, not the file's size (catalog C9; wine
/// `kernel32/tests/virtual.c test_NtQuerySection`, plain `ok(info.basic.Size.QuadPart ==
/// image_size)`).
fn image_section_size(bytes: &BTreeMap<u64, u8>) -> u64 {
    let b = Le(bytes);
    let opt = u64::from(b.u32(0x3C)).saturating_add(4 + 20);
    u64::from(b.u32(opt.saturating_add(56))).div_ceil(PAGE_SIZE) * PAGE_SIZE
}

impl Section {
    /// The size `NtQuerySection(SectionBasicInformation)` reports: an image's SizeOfImage
    /// rounded to a page (C9), any other section's size.
    pub fn queried_size(&self) -> u64 {
        if self.image {
            image_section_size(&self.bytes)
        } else {
            self.size
        }
    }
}

/// VirtualProtect on an image page (wine `virtual.c test_mapping`, `map_prot_no_write`):
/// PAGE_READWRITE becomes PAGE_WRITECOPY and PAGE_EXECUTE_READWRITE PAGE_EXECUTE_WRITECOPY,
/// modifiers kept; every other protection stands.
pub fn image_page_protection(new: u32) -> u32 {
    let base = match new & 0xFF {
        PAGE_READWRITE => PAGE_WRITECOPY,
        PAGE_EXECUTE_READWRITE => PAGE_EXECUTE_WRITECOPY,
        other => other,
    };
    base | (new & !0xFF)
}

/// loader.c `query_image_section` (plain `ok()` lines, Windows): TransferAddress is ImageBase
/// plus AddressOfEntryPoint; stack sizes from the optional header (PE32 DWORDs, PE32+ QWORDs);
/// subsystem, versions, DllCharacteristics, CheckSum from the optional header; Machine and
/// Characteristics from the file header; LoaderFlags 1 with a COM descriptor (address and
/// size non-zero, inside the optional header's directories); ImageContainsCode when
/// SizeOfCode or the entry point is non-zero, the section alignment is below a page, or the
/// one section is executable; flags: ImageMappedFlat (bit 3) for an alignment that is not a
/// multiple of the page, ImageDynamicallyRelocated (bit 2) for DYNAMIC_BASE on an image with
/// code, neither flat nor managed. Any magic but PE32's is read as PE32+ (engine choice,
/// `mm/image_information.rs`).
fn parse(bytes: &BTreeMap<u64, u8>, file_size: u64) -> ImageInfo {
    let b = Le(bytes);
    let file_header = u64::from(b.u32(0x3C)).saturating_add(4);
    let opt = file_header.saturating_add(20);
    let o = |off: u64| opt.saturating_add(off);
    let pe32 = b.u16(opt) == 0x10B;
    let word = if pe32 { 4 } else { 8 };
    let image_base = if pe32 { b.n(o(28), 4) } else { b.n(o(24), 8) };
    let stack_reserve = b.n(o(72), word);
    let stack_commit = b.n(o(72 + word), word);
    let directories = if pe32 { o(96) } else { o(112) };
    let entry = u64::from(b.u32(o(16)));
    let optional_end = opt.saturating_add(u64::from(b.u16(file_header.saturating_add(16))));
    let com = directories.saturating_add(14 * 8);
    let managed = com.saturating_add(8) <= optional_end
        && b.u32(com) != 0
        && b.u32(com.saturating_add(4)) != 0;
    let flat = u64::from(b.u32(o(32))) % PAGE_SIZE != 0;
    let one_executable_section = b.u16(file_header.saturating_add(2)) == 1
        && b.u32(optional_end.saturating_add(36)) & 0x2000_0000 != 0;
    let code = b.u32(o(4)) != 0 || entry != 0 || flat || one_executable_section;
    let dll_characteristics = b.u16(o(70));
    let relocated = dll_characteristics & 0x0040 != 0 && code && !flat && !managed;
    ImageInfo {
        transfer_address: image_base.wrapping_add(entry),
        zero_bits: 0,
        maximum_stack_size: stack_reserve,
        committed_stack_size: stack_commit,
        subsystem_type: u32::from(b.u16(o(68))),
        subsystem_minor_version: b.u16(o(50)),
        subsystem_major_version: b.u16(o(48)),
        major_operating_system_version: b.u16(o(40)),
        minor_operating_system_version: b.u16(o(42)),
        image_characteristics: b.u16(file_header.saturating_add(18)),
        dll_characteristics,
        machine: b.u16(file_header),
        image_contains_code: u8::from(code),
        image_flags: (u8::from(relocated) << 2) | (u8::from(flat) << 3),
        loader_flags: u32::from(managed),
        image_file_size: u32::try_from(file_size).unwrap_or(u32::MAX),
        checksum: b.u32(o(64)),
    }
}

impl Model {
    /// The SEC_IMAGE half of `CreateFileMappingW` over `file_object`, once its SEC_* flags and
    /// the handle's read access have passed: a PE check on the file as it stands (else
    /// ERROR_BAD_EXE_FORMAT), then the name; a new section snapshots the file's pages and
    /// references the file object (D11, G5). An existing name returns the existing section.
    pub(crate) fn create_image_section(
        &mut self,
        pid: u32,
        file_object: u64,
        protection: u32,
        name: Option<&str>,
        inherit: bool,
    ) -> Result<(u64, bool), u32> {
        let node = self
            .file_object(file_object)
            .map(|f| f.node)
            .ok_or(ERROR_INVALID_HANDLE)?;
        let n = self.files.get(&node).ok_or(ERROR_INVALID_HANDLE)?;
        if !is_pe_image(n) {
            return Err(ERROR_BAD_EXE_FORMAT);
        }
        let size = n.size;
        let pages = size.div_ceil(PAGE_SIZE);
        let snapshot: BTreeMap<u64, u8> = n
            .bytes
            .range(..pages.saturating_mul(PAGE_SIZE))
            .map(|(k, v)| (*k, *v))
            .collect();
        let access = prot::section_access_for_protection(protection);
        let (h, existed) = self.create_or_open(pid, Kind::Section, name, access, inherit, |m| {
            m.add_kernel_ref(file_object);
            Ok(ObjKind::Section(Box::new(Section {
                protection,
                attributes: SEC_FILE | SEC_IMAGE,
                size,
                backing: Backing::File { node, file_object },
                bytes: snapshot,
                committed: vec![(0, pages)],
                commit_charge: 0,
                image: true,
            })))
        })?;
        if !existed {
            // An image section is no user-writable data section (H1 does not apply).
            self.register_file_section(pid, h, node, size, false)?;
        }
        Ok((h, existed))
    }

    /// Whether a file has an image section (the open-time sharing rule, H3).
    pub(crate) fn has_image_section(&self, node: u64) -> bool {
        self.files.get(&node).is_some_and(|n| {
            n.sections
                .keys()
                .any(|id| self.section(*id).is_some_and(|s| s.image))
        })
    }

    /// Whether the view at `base` of `pid` maps an image.
    pub(crate) fn is_image_view(&self, v: &View) -> bool {
        self.section(v.section).is_some_and(|s| s.image)
    }

    /// `NtQuerySection(SectionImageInformation)`: as SectionBasicInformation for the handle
    /// (STATUS_INVALID_HANDLE, STATUS_OBJECT_TYPE_MISMATCH, SECTION_QUERY or
    /// STATUS_ACCESS_DENIED), then a data or page-file section is STATUS_SECTION_NOT_IMAGE
    /// (C17); an image reports its snapshot's headers.
    pub fn query_section_image(&self, pid: u32, handle: u64) -> Result<ImageInfo, i32> {
        let (id, access) = self.native_section(pid, handle)?;
        if access & SECTION_QUERY == 0 {
            return Err(STATUS_ACCESS_DENIED);
        }
        let s = self.section(id).ok_or(STATUS_OBJECT_TYPE_MISMATCH)?;
        if !s.image {
            return Err(STATUS_SECTION_NOT_IMAGE);
        }
        Ok(parse(&s.bytes, s.size))
    }

    /// `SetFilePointer(h, 0, FILE_BEGIN)` (its failure sets the last error and the write goes
    /// on, as a program that does not check it) then `WriteFile` of the image's bytes.
    pub fn write_image(&mut self, pid: u32, handle: u64, image: PeImage) -> Result<u32, u32> {
        if let Err(e) = self.set_file_pointer(pid, handle, 0) {
            self.set_last_error(pid, e);
        }
        self.write_bytes(pid, handle, &image.bytes())
    }
}
