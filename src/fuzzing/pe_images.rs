//! The PE files the vocabulary writes ([`super::op::Op::WriteImage`]): a few built-in images,
//! valid and not, so that random sequences reach image sections (`CreateFileMappingW` with
//! `SEC_IMAGE`), their views and `NtQuerySection(SectionImageInformation)`.
//!
//! The valid ones follow wine `dlls/kernel32/tests/loader.c` `nt_header_template` (headers at
//! 0x80, one `.text` section); the broken ones fail winsection's image check ("MZ", then
//! "PE\0\0" at `e_lfanew` inside the file) in each of its ways, which Windows answers with
//! ERROR_BAD_EXE_FORMAT (STATUS_INVALID_IMAGE_NOT_MZ / STATUS_INVALID_IMAGE_FORMAT).

use std::fmt;

use arbitrary::Arbitrary;

/// Where the NT headers start (`e_lfanew`).
const NT: usize = 0x80;
const FILE_HEADER: usize = NT + 4;
const OPTIONAL_HEADER: usize = FILE_HEADER + 20;

/// Which built-in file to write.
#[derive(Arbitrary, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PeImage {
    /// A PE32+ executable with code and an entry point (0x400 bytes).
    Valid,
    /// A PE32 DLL without entry point or code, DYNAMIC_BASE off, with a COM descriptor.
    ValidPe32,
    /// "MZ" and `e_lfanew`, but "PX\0\0" where "PE\0\0" belongs.
    BadSignature,
    /// "MZ" whose `e_lfanew` points past the end of the (0x60-byte) file.
    Truncated,
    /// No "MZ" at all: the PE32+ image with its first byte zeroed.
    NotMz,
}

impl fmt::Debug for PeImage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let name = match self {
            PeImage::Valid => "Valid",
            PeImage::ValidPe32 => "ValidPe32",
            PeImage::BadSignature => "BadSignature",
            PeImage::Truncated => "Truncated",
            PeImage::NotMz => "NotMz",
        };
        f.write_str(name)
    }
}

fn put(v: &mut [u8], at: usize, bytes: &[u8]) {
    if let Some(t) = v.get_mut(at..at.saturating_add(bytes.len())) {
        t.copy_from_slice(bytes);
    }
}

/// A PE image in the shape of loader.c's `nt_header_template`.
fn pe(pe32: bool) -> Vec<u8> {
    let mut v = vec![0u8; 0x400];
    put(&mut v, 0, b"MZ");
    put(&mut v, 0x3C, &(NT as u32).to_le_bytes());
    put(&mut v, NT, b"PE\0\0");
    let optional_size: u16 = if pe32 { 224 } else { 240 };
    let (characteristics, entry, size_of_code, dll_characteristics): (u16, u32, u32, u16) = if pe32
    {
        // EXECUTABLE | 32BIT_MACHINE | DLL; NX_COMPAT only.
        (0x2102, 0, 0, 0x0100)
    } else {
        // EXECUTABLE | LARGE_ADDRESS_AWARE; DYNAMIC_BASE | NX_COMPAT.
        (0x0022, 0x1010, 0x200, 0x0140)
    };
    let machine: u16 = if pe32 { 0x014C } else { 0x8664 };
    put(&mut v, FILE_HEADER, &machine.to_le_bytes());
    put(&mut v, FILE_HEADER + 2, &1u16.to_le_bytes()); // NumberOfSections
    put(&mut v, FILE_HEADER + 16, &optional_size.to_le_bytes());
    put(&mut v, FILE_HEADER + 18, &characteristics.to_le_bytes());
    let magic: u16 = if pe32 { 0x10B } else { 0x20B };
    let o = OPTIONAL_HEADER;
    put(&mut v, o, &magic.to_le_bytes());
    put(&mut v, o + 4, &size_of_code.to_le_bytes());
    put(&mut v, o + 16, &entry.to_le_bytes());
    put(&mut v, o + 32, &0x1000u32.to_le_bytes()); // SectionAlignment
    put(&mut v, o + 36, &0x200u32.to_le_bytes()); // FileAlignment
    put(&mut v, o + 40, &6u16.to_le_bytes()); // MajorOperatingSystemVersion
    put(&mut v, o + 48, &6u16.to_le_bytes()); // MajorSubsystemVersion
    put(&mut v, o + 56, &0x2000u32.to_le_bytes()); // SizeOfImage
    put(&mut v, o + 60, &0x200u32.to_le_bytes()); // SizeOfHeaders
    put(&mut v, o + 64, &0x0000_BEEFu32.to_le_bytes()); // CheckSum
    put(&mut v, o + 68, &3u16.to_le_bytes()); // IMAGE_SUBSYSTEM_WINDOWS_CUI
    put(&mut v, o + 70, &dll_characteristics.to_le_bytes());
    let directories = if pe32 {
        put(&mut v, o + 28, &0x1000_0000u32.to_le_bytes()); // ImageBase
        put(&mut v, o + 72, &0x0010_0000u32.to_le_bytes()); // SizeOfStackReserve
        put(&mut v, o + 76, &0x1000u32.to_le_bytes()); // SizeOfStackCommit
        put(&mut v, o + 92, &16u32.to_le_bytes()); // NumberOfRvaAndSizes
        o + 96
    } else {
        put(&mut v, o + 24, &0x1_4000_0000u64.to_le_bytes());
        put(&mut v, o + 72, &0x0010_0000u64.to_le_bytes());
        put(&mut v, o + 80, &0x1000u64.to_le_bytes());
        put(&mut v, o + 108, &16u32.to_le_bytes());
        o + 112
    };
    if pe32 {
        // IMAGE_DIRECTORY_ENTRY_COM_DESCRIPTOR: a managed image.
        put(&mut v, directories + 14 * 8, &0x1000u32.to_le_bytes());
        put(&mut v, directories + 14 * 8 + 4, &0x48u32.to_le_bytes());
    }
    let section = o + usize::from(optional_size);
    put(&mut v, section, b".text\0\0\0");
    put(&mut v, section + 8, &0x200u32.to_le_bytes()); // VirtualSize
    put(&mut v, section + 12, &0x1000u32.to_le_bytes()); // VirtualAddress
    put(&mut v, section + 16, &0x200u32.to_le_bytes()); // SizeOfRawData
    put(&mut v, section + 20, &0x200u32.to_le_bytes()); // PointerToRawData
    let flags: u32 = if pe32 { 0x4000_0040 } else { 0x6000_0020 };
    put(&mut v, section + 36, &flags.to_le_bytes());
    // The code: `ret` and padding.
    put(&mut v, 0x200, &[0xC3, 0xCC, 0xCC, 0xCC]);
    v
}

impl PeImage {
    /// The file's bytes.
    pub fn bytes(self) -> Vec<u8> {
        match self {
            PeImage::Valid => pe(false),
            PeImage::ValidPe32 => pe(true),
            PeImage::BadSignature => {
                let mut v = pe(false);
                put(&mut v, NT, b"PX\0\0");
                v
            }
            PeImage::Truncated => {
                let mut v = pe(false);
                v.truncate(0x60);
                v
            }
            PeImage::NotMz => {
                let mut v = pe(false);
                put(&mut v, 0, &[0]);
                v
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn valid_images_carry_both_signatures_and_broken_ones_lack_one() {
        let signature = |b: &[u8]| b.get(NT..NT + 4).map(<[u8]>::to_vec);
        for image in [PeImage::Valid, PeImage::ValidPe32] {
            let b = image.bytes();
            assert_eq!(b.get(0..2), Some(b"MZ".as_slice()));
            assert_eq!(signature(&b), Some(b"PE\0\0".to_vec()));
        }
        assert_eq!(
            signature(&PeImage::BadSignature.bytes()),
            Some(b"PX\0\0".to_vec())
        );
        assert_eq!(PeImage::Truncated.bytes().len(), 0x60);
        assert_eq!(PeImage::NotMz.bytes().first(), Some(&0));
    }
}
