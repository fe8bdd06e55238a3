//! Section objects: what `CreateFileMapping` makes, and the checks `NtCreateSection` applies
//! to its protection, `SEC_*` attributes and size.
//!
//! Sources: CreateFileMappingW doc; wine tests `virtual.c test_CreateFileMapping`
//! (`sec_flag_tests`, real-Windows results) and `test_NtQuerySection`; catalog C1-C16.

use super::page_map::PageMap;
use super::page_store::PageStore;
use crate::consts::*;
use crate::error::{NtStatus, Result};
use crate::io::storage::FileId;
use crate::ob::handle_table::Handle;
use crate::ob::object::ObjectId;
use crate::rule::RuleId;

/// The `SEC_*` bits NtCreateSection knows; any other bit is ERROR_INVALID_PARAMETER.
const KNOWN_SEC_BITS: u32 = SEC_FILE
    | SEC_IMAGE
    | SEC_RESERVE
    | SEC_COMMIT
    | SEC_NOCACHE
    | SEC_WRITECOMBINE
    | SEC_LARGE_PAGES;

/// The largest section winsection creates: 256 TiB. Sizes beyond (or whose page rounding
/// overflows) fail with ERROR_INVALID_PARAMETER, as Wine answers for 0xFFFFFFFF_FFFFF000
/// (Wine 8 oracle `anon_size_u64_max_minus_4095`; catalog C14). Wine's size-0 section for
/// 2^64-1 is a wraparound bug and is not reproduced.
pub const MAX_SECTION_SIZE: u64 = 1 << 48;

/// What to create: `NtCreateSection`'s parameters in Win32 shape.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SectionRequest<'a> {
    /// `None` (INVALID_HANDLE_VALUE or NULL): backed by the page file.
    pub file: Option<Handle>,
    /// One of the six section protections (catalog C1).
    pub protection: u32,
    /// `SEC_*` attributes; 0 means SEC_COMMIT (catalog C6).
    pub attributes: u32,
    /// dwMaximumSizeHigh:Low; 0 = the file's size (a page-file section needs a size).
    pub maximum_size: u64,
    /// Win32 name (relative to the caller's session namespace), `None` or `""` for anonymous.
    pub name: Option<&'a str>,
    /// Handle inheritable (SECURITY_ATTRIBUTES.bInheritHandle).
    pub inherit: bool,
    /// Access to request; `None` derives it from the protection as CreateFileMapping does (B9).
    pub desired_access: Option<u32>,
    /// Security descriptor (SDDL); `None` gives the creator's default DACL.
    pub security: Option<&'a str>,
}

impl<'a> SectionRequest<'a> {
    /// A page-file-backed request with SEC_COMMIT and no name.
    pub fn pagefile(protection: u32, maximum_size: u64) -> Self {
        SectionRequest {
            file: None,
            protection,
            attributes: 0,
            maximum_size,
            name: None,
            inherit: false,
            desired_access: None,
            security: None,
        }
    }

    /// The same request with a name.
    pub fn named(mut self, name: &'a str) -> Self {
        self.name = Some(name);
        self
    }

    /// The same request with `SEC_*` attributes.
    pub fn with_attributes(mut self, attributes: u32) -> Self {
        self.attributes = attributes;
        self
    }
}

/// What holds a section's pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Backing {
    /// The page file: pages live in the section's own store.
    Pagefile,
    /// A file: pages live in each host's cache of the file. The section holds a pointer
    /// reference on the file object, so the file stays open after its handle closes (D11).
    File {
        file: FileId,
        file_object: ObjectId,
        image: bool,
    },
}

/// A section object.
#[derive(Clone, Debug)]
pub(crate) struct Section {
    /// The protection it was created with (the most any view may get).
    pub protection: u32,
    /// `SEC_*` attributes as `NtQuerySection` reports them.
    pub attributes: u32,
    /// Size in bytes (page-rounded for page-file sections, catalog C4).
    pub size: u64,
    /// Page contents (section-relative page index), sparse.
    pub store: PageStore,
    /// Committed pages (section-relative): all of them for SEC_COMMIT; those committed by
    /// `VirtualAlloc(MEM_COMMIT)` through a view for SEC_RESERVE (catalog F16, F17).
    pub committed: PageMap<()>,
    /// Bytes of commit this section holds on its host.
    pub commit_charge: u64,
    /// Page file or file.
    pub backing: Backing,
}

impl Section {
    /// Pages in the section (the last one possibly partial for file sections).
    pub fn page_count(&self) -> u64 {
        self.size.div_ceil(PAGE_SIZE)
    }
}

/// `SECTION_BASIC_INFORMATION` (NtQuerySection): what a section reports about itself.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SectionInfo {
    /// Size in bytes.
    pub size: u64,
    /// `SEC_*` attributes.
    pub attributes: u32,
    /// Creation protection.
    pub protection: u32,
}

/// What a `SEC_*` mask asks for, after the checks page-file and file sections share.
enum SecKind {
    /// SEC_IMAGE (with nothing else but SEC_NOCACHE, i.e. SEC_IMAGE_NO_EXECUTE).
    Image,
    /// A data section with these attributes (0 already turned into SEC_COMMIT).
    Data(u32),
}

/// The shared rules (wine tests `virtual.c test_CreateFileMapping` `sec_flag_tests`;
/// CreateFileMappingW doc): no attribute means SEC_COMMIT; undefined bits, an explicit
/// SEC_FILE, SEC_RESERVE with SEC_COMMIT, a modifier without either, and SEC_NOCACHE with
/// SEC_WRITECOMBINE are ERROR_INVALID_PARAMETER; "SEC_IMAGE ... No other attributes are valid"
/// (SEC_NOCACHE excepted).
fn classify(attributes: u32, rule: RuleId) -> Result<SecKind> {
    let attrs = if attributes == 0 {
        SEC_COMMIT
    } else {
        attributes
    };
    let invalid = || NtStatus::INVALID_PARAMETER.by(rule);
    if attrs & !KNOWN_SEC_BITS != 0 {
        return Err(invalid());
    }
    if attrs & SEC_IMAGE != 0 {
        if attrs & (SEC_RESERVE | SEC_COMMIT | SEC_FILE | SEC_LARGE_PAGES | SEC_WRITECOMBINE) != 0 {
            return Err(invalid());
        }
        return Ok(SecKind::Image);
    }
    let (reserve, commit) = (attrs & SEC_RESERVE != 0, attrs & SEC_COMMIT != 0);
    if attrs & SEC_FILE != 0
        || reserve == commit
        || attrs & SEC_NOCACHE != 0 && attrs & SEC_WRITECOMBINE != 0
    {
        return Err(invalid());
    }
    Ok(SecKind::Data(attrs))
}

/// Validates the `SEC_*` attributes of a page-file section (anonymous rows of
/// `sec_flag_tests`): SEC_IMAGE without a file cannot be read (STATUS_INVALID_FILE_FOR_SECTION
/// -> ERROR_BAD_EXE_FORMAT); "If SEC_LARGE_PAGES is specified, SEC_COMMIT must also be
/// specified" (doc). Returns the attributes the section reports.
pub(crate) fn check_pagefile_attributes(attributes: u32) -> Result<u32> {
    match classify(attributes, RuleId::C7)? {
        SecKind::Image => Err(NtStatus::INVALID_FILE_FOR_SECTION.by(RuleId::C7)),
        SecKind::Data(a) if a & SEC_LARGE_PAGES != 0 && a & SEC_COMMIT == 0 => {
            Err(NtStatus::INVALID_PARAMETER.by(RuleId::C7))
        }
        SecKind::Data(a) => Ok(a),
    }
}

/// Validates the `SEC_*` attributes of a section over a file (file and PE rows; catalog C8,
/// C9): SEC_COMMIT and SEC_RESERVE mean nothing for files (the section reports SEC_FILE),
/// SEC_NOCACHE / SEC_WRITECOMBINE are kept, SEC_LARGE_PAGES is invalid ("not supported" for
/// files); an image reports SEC_FILE|SEC_IMAGE.
pub(crate) fn check_file_attributes(attributes: u32) -> Result<u32> {
    match classify(attributes, RuleId::C8)? {
        SecKind::Image => Ok(SEC_FILE | SEC_IMAGE),
        SecKind::Data(a) if a & SEC_LARGE_PAGES != 0 => {
            Err(NtStatus::INVALID_PARAMETER.by(RuleId::C8))
        }
        SecKind::Data(a) => Ok(SEC_FILE | (a & (SEC_NOCACHE | SEC_WRITECOMBINE))),
    }
}

/// The file access a section protection needs on the file handle (CreateFileMappingW doc,
/// flProtect table; catalog D9): read for every protection, write for the read-write ones,
/// execute (FILE_EXECUTE) for the executable ones — Windows refuses where Wine allows.
pub(crate) fn file_access_for_protection(prot: u32) -> u32 {
    match prot {
        PAGE_READWRITE => FILE_READ_DATA | FILE_WRITE_DATA,
        PAGE_EXECUTE_READ | PAGE_EXECUTE_WRITECOPY => FILE_READ_DATA | FILE_EXECUTE,
        PAGE_EXECUTE_READWRITE => FILE_READ_DATA | FILE_WRITE_DATA | FILE_EXECUTE,
        _ => FILE_READ_DATA,
    }
}

/// Rounds a page-file section's size up to whole pages (catalog C4, C14).
pub(crate) fn pagefile_size(requested: u64) -> Result<u64> {
    if requested == 0 {
        return Err(NtStatus::INVALID_PARAMETER.by(RuleId::C3));
    }
    let rounded = requested
        .checked_next_multiple_of(PAGE_SIZE)
        .filter(|s| *s <= MAX_SECTION_SIZE)
        .ok_or(NtStatus::INVALID_PARAMETER.by(RuleId::C14))?;
    Ok(rounded)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Win32Error;

    /// wine tests `virtual.c test_CreateFileMapping`, `sec_flag_tests` rows 0-17.
    #[test]
    fn sec_flag_tests_anonymous_rows() {
        let ok = |f| check_pagefile_attributes(f);
        assert_eq!(ok(SEC_RESERVE), Ok(SEC_RESERVE));
        assert_eq!(ok(SEC_RESERVE | SEC_NOCACHE), Ok(SEC_RESERVE | SEC_NOCACHE));
        assert_eq!(
            ok(SEC_RESERVE | SEC_LARGE_PAGES),
            Err(Win32Error::INVALID_PARAMETER)
        );
        assert_eq!(
            ok(SEC_RESERVE | SEC_WRITECOMBINE),
            Ok(SEC_RESERVE | SEC_WRITECOMBINE)
        );
        assert_eq!(ok(SEC_COMMIT), Ok(SEC_COMMIT));
        assert_eq!(ok(SEC_COMMIT | SEC_NOCACHE), Ok(SEC_COMMIT | SEC_NOCACHE));
        assert_eq!(
            ok(SEC_COMMIT | SEC_WRITECOMBINE),
            Ok(SEC_COMMIT | SEC_WRITECOMBINE)
        );
        assert_eq!(
            ok(SEC_RESERVE | SEC_COMMIT),
            Err(Win32Error::INVALID_PARAMETER)
        );
        assert_eq!(ok(SEC_IMAGE), Err(Win32Error::BAD_EXE_FORMAT));
        assert_eq!(
            ok(SEC_IMAGE | SEC_RESERVE),
            Err(Win32Error::INVALID_PARAMETER)
        );
        assert_eq!(
            ok(SEC_IMAGE | SEC_COMMIT),
            Err(Win32Error::INVALID_PARAMETER)
        );
        assert_eq!(ok(SEC_NOCACHE), Err(Win32Error::INVALID_PARAMETER));
        assert_eq!(ok(SEC_LARGE_PAGES), Err(Win32Error::INVALID_PARAMETER));
        assert_eq!(ok(SEC_WRITECOMBINE), Err(Win32Error::INVALID_PARAMETER));
        assert_eq!(ok(SEC_FILE), Err(Win32Error::INVALID_PARAMETER));
        assert_eq!(
            ok(SEC_FILE | SEC_RESERVE),
            Err(Win32Error::INVALID_PARAMETER)
        );
        assert_eq!(
            ok(SEC_FILE | SEC_COMMIT),
            Err(Win32Error::INVALID_PARAMETER)
        );
        assert_eq!(ok(0), Ok(SEC_COMMIT));
        assert_eq!(ok(0x0010_0000), Err(Win32Error::INVALID_PARAMETER));
    }

    #[test]
    fn sizes_round_to_pages_and_overflow_cleanly() {
        assert_eq!(pagefile_size(5000), Ok(8192));
        assert_eq!(pagefile_size(0x3457), Ok(0x4000));
        assert_eq!(pagefile_size(0), Err(Win32Error::INVALID_PARAMETER));
        assert_eq!(pagefile_size(u64::MAX), Err(Win32Error::INVALID_PARAMETER));
        assert_eq!(
            pagefile_size(0xFFFF_FFFF_FFFF_F000),
            Err(Win32Error::INVALID_PARAMETER)
        );
        assert_eq!(pagefile_size(1 << 40), Ok(1 << 40));
    }
}
