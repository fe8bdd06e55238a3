//! Port of wine `dlls/kernel32/tests/loader.c query_image_section` (the Windows-truth lines:
//! plain `ok()`; its `broken()` alternatives are older Windows): `NtQuerySection
//! (SectionImageInformation)` on image sections built from PE headers like the test's
//! `nt_header_template`, and STATUS_SECTION_NOT_IMAGE for a data section (catalog C17).
//!
//! Skipped: the COM+ image flags (ComPlusILOnly, ComPlusNativeReady, ComPlusPrefer32bit: not
//! modelled, they read 0) and the loader half of the test (LoadLibrary: winsection has no
//! loader); `ImageDynamicallyRelocated`'s TransferAddress is the header's (the test also
//! accepts it).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

mod common;

use common::{check, machine};
use winsection::scenario;
use winsection::win32::*;
use winsection::NtStatus;

const NT: usize = 0x80;
const FILE_HEADER: usize = NT + 4;
const OPT: usize = FILE_HEADER + 20;

/// A PE header in the shape of loader.c's `nt_header_template`, with the fields the test
/// varies as parameters.
struct Pe {
    pe32: bool,
    size_of_code: u32,
    entry: u32,
    section_alignment: u32,
    dll_characteristics: u16,
    section_flags: u32,
    com_descriptor: bool,
}

const TEMPLATE: Pe = Pe {
    pe32: false,
    size_of_code: 0x1000,
    entry: 0x1010,
    section_alignment: 0x1000,
    dll_characteristics: 0x0140, // DYNAMIC_BASE | NX_COMPAT
    section_flags: 0x6000_0020,  // CODE | MEM_EXECUTE | MEM_READ
    com_descriptor: false,
};

fn put(v: &mut [u8], at: usize, bytes: &[u8]) {
    v[at..at + bytes.len()].copy_from_slice(bytes);
}

impl Pe {
    fn bytes(&self) -> Vec<u8> {
        let mut v = vec![0u8; 0x2000];
        put(&mut v, 0, b"MZ");
        put(&mut v, 0x3C, &(NT as u32).to_le_bytes());
        put(&mut v, NT, b"PE\0\0");
        let optional_size: u16 = if self.pe32 { 224 } else { 240 };
        put(&mut v, FILE_HEADER, &0x8664u16.to_le_bytes()); // Machine
        put(&mut v, FILE_HEADER + 2, &1u16.to_le_bytes()); // NumberOfSections
        put(&mut v, FILE_HEADER + 16, &optional_size.to_le_bytes());
        put(&mut v, FILE_HEADER + 18, &0x2022u16.to_le_bytes()); // EXECUTABLE | LARGE_ADDRESS | DLL
        let magic: u16 = if self.pe32 { 0x10B } else { 0x20B };
        put(&mut v, OPT, &magic.to_le_bytes());
        put(&mut v, OPT + 4, &self.size_of_code.to_le_bytes());
        put(&mut v, OPT + 16, &self.entry.to_le_bytes());
        put(&mut v, OPT + 32, &self.section_alignment.to_le_bytes());
        put(&mut v, OPT + 36, &0x200u32.to_le_bytes()); // FileAlignment
        put(&mut v, OPT + 40, &6u16.to_le_bytes()); // MajorOperatingSystemVersion
        put(&mut v, OPT + 42, &1u16.to_le_bytes());
        put(&mut v, OPT + 48, &5u16.to_le_bytes()); // MajorSubsystemVersion
        put(&mut v, OPT + 50, &2u16.to_le_bytes());
        put(&mut v, OPT + 56, &0x2000u32.to_le_bytes()); // SizeOfImage
        put(&mut v, OPT + 64, &0x0001_2345u32.to_le_bytes()); // CheckSum
        put(&mut v, OPT + 68, &2u16.to_le_bytes()); // IMAGE_SUBSYSTEM_WINDOWS_GUI
        put(&mut v, OPT + 70, &self.dll_characteristics.to_le_bytes());
        let directories = if self.pe32 {
            put(&mut v, OPT + 28, &0x1000_0000u32.to_le_bytes()); // ImageBase
            put(&mut v, OPT + 72, &0x0010_0000u32.to_le_bytes()); // SizeOfStackReserve
            put(&mut v, OPT + 76, &0x2000u32.to_le_bytes()); // SizeOfStackCommit
            put(&mut v, OPT + 92, &16u32.to_le_bytes());
            OPT + 96
        } else {
            put(&mut v, OPT + 24, &0x1_8000_0000u64.to_le_bytes());
            put(&mut v, OPT + 72, &0x0020_0000u64.to_le_bytes());
            put(&mut v, OPT + 80, &0x3000u64.to_le_bytes());
            put(&mut v, OPT + 108, &16u32.to_le_bytes());
            OPT + 112
        };
        if self.com_descriptor {
            put(&mut v, directories + 14 * 8, &0x1000u32.to_le_bytes());
            put(&mut v, directories + 14 * 8 + 4, &0x48u32.to_le_bytes());
        }
        let section = OPT + usize::from(optional_size);
        put(&mut v, section, b".text\0\0\0");
        put(&mut v, section + 36, &self.section_flags.to_le_bytes());
        v
    }
}

/// Writes `pe` to `path` and returns `NtQuerySection(SectionImageInformation)` on an image
/// section of it.
fn query(w: &mut Win32<'_>, path: &str, pe: &Pe) -> SECTION_IMAGE_INFORMATION {
    let f = w.CreateFileW(
        Some(path),
        GENERIC_READ | GENERIC_WRITE,
        0,
        None,
        CREATE_ALWAYS,
        0,
        0,
    );
    let data = pe.bytes();
    let mut n = 0;
    assert_eq!(w.WriteFile(f, &data, data.len() as u32, Some(&mut n)), TRUE);
    let s = w.CreateFileMappingW(f, None, PAGE_READONLY | SEC_IMAGE, 0, 0, None);
    assert_ne!(s, 0, "{}", w.GetLastError());
    let mut image = SECTION_IMAGE_INFORMATION::default();
    assert_eq!(w.NtQuerySectionImage(s, Some(&mut image)), 0);
    assert_eq!(w.CloseHandle(s), TRUE);
    assert_eq!(w.CloseHandle(f), TRUE);
    image
}

/// query_image_section on the template: every field from the headers.
#[test]
fn loader_c_query_image_section_pe32_plus() {
    let (mut sys, pids) = machine(&["test"]);
    let mut w = sys.win32(pids[0]);
    let i = query(&mut w, r"C:\img64.dll", &TEMPLATE);
    assert_eq!(i.TransferAddress, 0x1_8000_0000 + 0x1010);
    assert_eq!(i.ZeroBits, 0);
    assert_eq!(i.MaximumStackSize, 0x0020_0000);
    assert_eq!(i.CommittedStackSize, 0x3000);
    assert_eq!(i.SubSystemType, 2);
    assert_eq!((i.SubSystemMajorVersion, i.SubSystemMinorVersion), (5, 2));
    assert_eq!(
        (i.MajorOperatingSystemVersion, i.MinorOperatingSystemVersion),
        (6, 1)
    );
    assert_eq!(i.ImageCharacteristics, 0x2022);
    assert_eq!(i.DllCharacteristics, 0x0140);
    assert_eq!(i.Machine, 0x8664);
    assert_eq!(i.LoaderFlags, 0);
    assert_eq!(i.ImageFileSize, 0x2000);
    assert_eq!(i.CheckSum, 0x0001_2345);
    assert_eq!(i.ImageContainsCode, 1);
    // ImageDynamicallyRelocated (DYNAMIC_BASE, code, not flat, not managed), nothing else.
    assert_eq!(i.ImageFlags, 1 << 2);
    check(&sys);
}

/// The PE32 branch of query_image_section: the 32-bit ImageBase and stack sizes.
#[test]
fn loader_c_query_image_section_pe32() {
    let (mut sys, pids) = machine(&["test"]);
    let mut w = sys.win32(pids[0]);
    let pe = Pe {
        pe32: true,
        ..TEMPLATE
    };
    let i = query(&mut w, r"C:\img32.dll", &pe);
    assert_eq!(i.TransferAddress, 0x1000_0000 + 0x1010);
    assert_eq!(i.MaximumStackSize, 0x0010_0000);
    assert_eq!(i.CommittedStackSize, 0x2000);
    assert_eq!(i.SubSystemType, 2);
    assert_eq!(i.Machine, 0x8664);
    check(&sys);
}

/// ImageContainsCode and the flags it drives: no code and no entry point with page-aligned,
/// non-executable sections is FALSE (and then not relocated); a section alignment below a page
/// maps flat and counts as code; a lone executable section counts as code.
#[test]
fn loader_c_query_image_section_contains_code() {
    let (mut sys, pids) = machine(&["test"]);
    let mut w = sys.win32(pids[0]);
    let data_only = Pe {
        size_of_code: 0,
        entry: 0,
        section_flags: 0x4000_0040, // INITIALIZED_DATA | MEM_READ
        ..TEMPLATE
    };
    let i = query(&mut w, r"C:\data.dll", &data_only);
    assert_eq!(i.ImageContainsCode, 0);
    assert_eq!(i.ImageFlags, 0);
    assert_eq!(i.TransferAddress, 0x1_8000_0000);

    let flat = Pe {
        section_alignment: 0x200,
        ..data_only
    };
    let i = query(&mut w, r"C:\flat.dll", &flat);
    assert_eq!(i.ImageContainsCode, 1);
    assert_eq!(i.ImageFlags, 1 << 3); // ImageMappedFlat, not relocated

    let lone_exec = Pe {
        section_flags: 0x6000_0020,
        ..data_only
    };
    let i = query(&mut w, r"C:\exec.dll", &lone_exec);
    assert_eq!(i.ImageContainsCode, 1);
    assert_eq!(i.ImageFlags, 1 << 2);

    let fixed = Pe {
        dll_characteristics: 0,
        ..TEMPLATE
    };
    let i = query(&mut w, r"C:\fixed.dll", &fixed);
    assert_eq!(i.ImageFlags, 0);
    check(&sys);
}

/// A COM descriptor (a managed image) sets LoaderFlags and is not dynamically relocated.
#[test]
fn loader_c_query_image_section_cor_header() {
    let (mut sys, pids) = machine(&["test"]);
    let mut w = sys.win32(pids[0]);
    let managed = Pe {
        com_descriptor: true,
        ..TEMPLATE
    };
    let i = query(&mut w, r"C:\managed.dll", &managed);
    assert_eq!(i.LoaderFlags, 1);
    assert_eq!(i.ImageFlags, 0);
    check(&sys);
}

/// A data or page-file section is STATUS_SECTION_NOT_IMAGE; without SECTION_QUERY the query is
/// STATUS_ACCESS_DENIED; another object's handle STATUS_OBJECT_TYPE_MISMATCH; NULL
/// STATUS_ACCESS_VIOLATION. A failed query writes nothing.
#[test]
fn section_image_information_errors() {
    let (mut sys, pids) = machine(&["test"]);
    let mut w = sys.win32(pids[0]);
    let s = w.CreateFileMappingW(
        INVALID_HANDLE_VALUE,
        None,
        PAGE_READWRITE,
        0,
        0x1000,
        Some("data"),
    );
    let mut image = SECTION_IMAGE_INFORMATION {
        CheckSum: 7,
        ..Default::default()
    };
    assert_eq!(
        w.NtQuerySectionImage(s, Some(&mut image)) as u32,
        NtStatus::SECTION_NOT_IMAGE.0
    );
    assert_eq!(image.CheckSum, 7);
    assert_eq!(
        w.NtQuerySectionImage(s, None) as u32,
        NtStatus::ACCESS_VIOLATION.0
    );
    let e = w.CreateEventW(None, TRUE, FALSE, None);
    assert_eq!(
        w.NtQuerySectionImage(e, Some(&mut image)) as u32,
        NtStatus::OBJECT_TYPE_MISMATCH.0
    );

    let f = w.CreateFileW(
        Some(r"C:\img.dll"),
        GENERIC_READ | GENERIC_WRITE,
        FILE_SHARE_READ,
        None,
        CREATE_ALWAYS,
        0,
        0,
    );
    let data = TEMPLATE.bytes();
    let mut n = 0;
    assert_eq!(w.WriteFile(f, &data, data.len() as u32, Some(&mut n)), TRUE);
    let file_data = w.CreateFileMappingW(f, None, PAGE_READONLY, 0, 0, None);
    assert_eq!(
        w.NtQuerySectionImage(file_data, Some(&mut image)) as u32,
        NtStatus::SECTION_NOT_IMAGE.0
    );
    let img = w.CreateFileMappingW(f, None, PAGE_READONLY | SEC_IMAGE, 0, 0, Some("img"));
    assert_ne!(img, 0);
    let read_only = w.OpenFileMappingW(FILE_MAP_READ, FALSE, Some("img"));
    assert_eq!(
        w.NtQuerySectionImage(read_only, Some(&mut image)) as u32,
        NtStatus::ACCESS_DENIED.0
    );
    assert_eq!(w.NtQuerySectionImage(img, Some(&mut image)), 0);
    assert_eq!(image.Machine, 0x8664);
    check(&sys);
}

/// The scenario language: `NtQuerySection(S, SectionImageInformation, &img)` types `img` as a
/// SECTION_IMAGE_INFORMATION; the class must be a constant.
#[test]
fn scenario_nt_query_section_image_information() {
    let hex: String = TEMPLATE.bytes()[..0x200]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let src = format!(
        "process a\n\
         a: f = CreateFileW(\"C:\\\\img.dll\", GENERIC_READ | GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL)\n\
         a: WriteFile(f, x\"{hex}\", 0x200, NULL, NULL)\n\
         a: s = CreateFileMappingW(f, NULL, PAGE_READONLY | SEC_IMAGE, 0, 0, NULL)\n\
         a: expect NtQuerySection(s, SectionImageInformation, &img) == STATUS_SUCCESS\n\
         a: expect img.Machine == 0x8664 && img.TransferAddress == 0x180001010\n\
         a: expect img.SubSystemType == 2 && img.ImageFileSize == 0x200 && img.ImageContainsCode == 1\n\
         a: expect NtQuerySection(s, SectionBasicInformation, &info) == STATUS_SUCCESS\n\
         a: expect info.AllocationAttributes == SEC_IMAGE | SEC_FILE\n\
         a: d = CreateFileMappingW(INVALID_HANDLE_VALUE, NULL, PAGE_READWRITE, 0, 0x1000, NULL)\n\
         a: expect NtQuerySection(d, SectionImageInformation, &img) == STATUS_SECTION_NOT_IMAGE\n"
    );
    let script = scenario::load(src.as_bytes()).unwrap_or_else(|e| panic!("{}", e.display("t")));
    let result = scenario::run(&script);
    assert_eq!(result.exit_status(), 0, "{}", result.text());

    // A class that is not a constant the language takes is a script error.
    for class in ["c", "2"] {
        let bad = format!(
            "process a\n\
             a: c = 1\n\
             a: NtQuerySection(0, {class}, &img)\n"
        );
        let Err(e) = scenario::load(bad.as_bytes()) else {
            panic!("{class}: not a script error");
        };
        assert!(
            e.display("t").contains("information class"),
            "{}",
            e.display("t")
        );
    }
}

/// Wine `dlls/kernel32/tests/virtual.c test_NtQuerySection` (plain `ok()`, run on Windows):
/// `NtQuerySection(SectionBasicInformation)` on a SEC_IMAGE section reports the image's
/// SizeOfImage rounded up to a page (`image_size = ROUND_SIZE(p, SizeOfImage)`), not the file's
/// size, which its data section reports (`== fsize`). Found by `wine/scenarios/nt_section_query.scn`
/// (winsection said the file's 0x200 bytes, Wine 0x2000).
#[test]
fn virtual_c_test_nt_query_section_image_size_is_size_of_image() {
    let (mut sys, pids) = machine(&["test"]);
    let mut w = sys.win32(pids[0]);
    let f = w.CreateFileW(
        Some(r"C:\headers.dll"),
        GENERIC_READ | GENERIC_WRITE,
        0,
        None,
        CREATE_ALWAYS,
        0,
        0,
    );
    // Only the headers: a 0x200-byte file whose SizeOfImage says 0x1234 (rounded: 0x2000).
    let mut data = TEMPLATE.bytes();
    data.truncate(0x200);
    put(&mut data, OPT + 56, &0x1234u32.to_le_bytes());
    let mut n = 0;
    assert_eq!(w.WriteFile(f, &data, 0x200, Some(&mut n)), TRUE);
    let image = w.CreateFileMappingW(f, None, PAGE_READONLY | SEC_IMAGE, 0, 0, None);
    let mut info = SECTION_BASIC_INFORMATION::default();
    assert_eq!(w.NtQuerySection(image, Some(&mut info)), 0);
    assert_eq!(info.AllocationAttributes, SEC_FILE | SEC_IMAGE);
    assert_eq!(info.MaximumSize, 0x2000);
    let data_section = w.CreateFileMappingW(f, None, PAGE_READONLY, 0, 0, None);
    assert_eq!(w.NtQuerySection(data_section, Some(&mut info)), 0);
    assert_eq!(
        (info.AllocationAttributes, info.MaximumSize),
        (SEC_FILE, 0x200)
    );
    let mut image_info = SECTION_IMAGE_INFORMATION::default();
    assert_eq!(w.NtQuerySectionImage(image, Some(&mut image_info)), 0);
    assert_eq!(image_info.ImageFileSize, 0x200);
    check(&sys);
}
