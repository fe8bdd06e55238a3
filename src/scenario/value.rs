//! Values a scenario computes with, their static types, struct fields, and how they print.
//!
//! Integers print as decimal below 10 and as `0x` hex from 10 on (handles, addresses, sizes
//! and flags are all easier to read in hex). Byte strings print as a C string literal when
//! every byte is printable ASCII (or `\n`, `\t`), otherwise as `x"..."`; past 32 bytes only the
//! first 32 are shown, followed by `... (N bytes)`.

use std::fmt::Write;

use crate::consts::*;
use crate::mm::protection;
use crate::win32::{
    MEMORY_BASIC_INFORMATION, OBJECT_BASIC_INFORMATION, SECTION_BASIC_INFORMATION,
    SECTION_IMAGE_INFORMATION, SYSTEM_INFO,
};

/// A scenario value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Value {
    /// A 64-bit unsigned integer (handles, addresses, sizes, BOOLs, errors...).
    Int(u64),
    /// Bytes (string literals, `x"..."`, `read(...)`).
    Bytes(Vec<u8>),
    /// A MEMORY_BASIC_INFORMATION (from `VirtualQuery(ADDR, &mbi)`).
    Mbi(MEMORY_BASIC_INFORMATION),
    /// A SYSTEM_INFO (from `GetSystemInfo(&si)`).
    SystemInfo(SYSTEM_INFO),
    /// A SECTION_BASIC_INFORMATION (from `NtQuerySection(S, 0, &info)`).
    SectionBasic(SECTION_BASIC_INFORMATION),
    /// An OBJECT_BASIC_INFORMATION (from `NtQueryObject(H, 0, &info)`).
    ObjectBasic(OBJECT_BASIC_INFORMATION),
    /// A SECTION_IMAGE_INFORMATION (from `NtQuerySection(S, SectionImageInformation, &info)`).
    SectionImage(SECTION_IMAGE_INFORMATION),
}

/// A struct type with named fields.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StructKind {
    /// MEMORY_BASIC_INFORMATION.
    Mbi,
    /// SYSTEM_INFO.
    SystemInfo,
    /// SECTION_BASIC_INFORMATION.
    SectionBasic,
    /// OBJECT_BASIC_INFORMATION.
    ObjectBasic,
    /// SECTION_IMAGE_INFORMATION.
    SectionImage,
}

/// The static type of an expression.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ty {
    /// An integer.
    Int,
    /// Bytes.
    Bytes,
    /// A struct.
    Struct(StructKind),
    /// SECURITY_ATTRIBUTES built by `SA(...)`: only an argument.
    Sa,
    /// No value (`write`, `fill`, void functions).
    Void,
}

impl Ty {
    /// How the type is named in error messages.
    pub fn describe(self) -> &'static str {
        match self {
            Ty::Int => "a number",
            Ty::Bytes => "bytes",
            Ty::Struct(StructKind::Mbi) => "a MEMORY_BASIC_INFORMATION",
            Ty::Struct(StructKind::SystemInfo) => "a SYSTEM_INFO",
            Ty::Struct(StructKind::SectionBasic) => "a SECTION_BASIC_INFORMATION",
            Ty::Struct(StructKind::ObjectBasic) => "an OBJECT_BASIC_INFORMATION",
            Ty::Struct(StructKind::SectionImage) => "a SECTION_IMAGE_INFORMATION",
            Ty::Sa => "SECURITY_ATTRIBUTES",
            Ty::Void => "nothing (it returns no value)",
        }
    }
}

const MBI_FIELDS: &[&str] = &[
    "BaseAddress",
    "AllocationBase",
    "AllocationProtect",
    "PartitionId",
    "RegionSize",
    "State",
    "Protect",
    "Type",
];

const SYSTEM_INFO_FIELDS: &[&str] = &[
    "wProcessorArchitecture",
    "dwPageSize",
    "lpMinimumApplicationAddress",
    "lpMaximumApplicationAddress",
    "dwActiveProcessorMask",
    "dwNumberOfProcessors",
    "dwProcessorType",
    "dwAllocationGranularity",
    "wProcessorLevel",
    "wProcessorRevision",
];

const SECTION_BASIC_FIELDS: &[&str] = &["BaseAddress", "AllocationAttributes", "MaximumSize"];

const SECTION_IMAGE_FIELDS: &[&str] = &[
    "TransferAddress",
    "ZeroBits",
    "MaximumStackSize",
    "CommittedStackSize",
    "SubSystemType",
    "SubSystemMinorVersion",
    "SubSystemMajorVersion",
    "MajorOperatingSystemVersion",
    "MinorOperatingSystemVersion",
    "ImageCharacteristics",
    "DllCharacteristics",
    "Machine",
    "ImageContainsCode",
    "ImageFlags",
    "LoaderFlags",
    "ImageFileSize",
    "CheckSum",
];

const OBJECT_BASIC_FIELDS: &[&str] =
    &["Attributes", "GrantedAccess", "HandleCount", "PointerCount"];

impl StructKind {
    /// The C type name.
    pub fn name(self) -> &'static str {
        match self {
            StructKind::Mbi => "MEMORY_BASIC_INFORMATION",
            StructKind::SystemInfo => "SYSTEM_INFO",
            StructKind::SectionBasic => "SECTION_BASIC_INFORMATION",
            StructKind::ObjectBasic => "OBJECT_BASIC_INFORMATION",
            StructKind::SectionImage => "SECTION_IMAGE_INFORMATION",
        }
    }

    /// The field names.
    pub fn fields(self) -> &'static [&'static str] {
        match self {
            StructKind::Mbi => MBI_FIELDS,
            StructKind::SystemInfo => SYSTEM_INFO_FIELDS,
            StructKind::SectionBasic => SECTION_BASIC_FIELDS,
            StructKind::ObjectBasic => OBJECT_BASIC_FIELDS,
            StructKind::SectionImage => SECTION_IMAGE_FIELDS,
        }
    }

    /// A zeroed value of this struct.
    pub fn zeroed(self) -> Value {
        match self {
            StructKind::Mbi => Value::Mbi(MEMORY_BASIC_INFORMATION::default()),
            StructKind::SystemInfo => Value::SystemInfo(SYSTEM_INFO::default()),
            StructKind::SectionBasic => Value::SectionBasic(SECTION_BASIC_INFORMATION::default()),
            StructKind::ObjectBasic => Value::ObjectBasic(OBJECT_BASIC_INFORMATION::default()),
            StructKind::SectionImage => Value::SectionImage(SECTION_IMAGE_INFORMATION::default()),
        }
    }
}

impl Value {
    /// The value's type.
    pub fn ty(&self) -> Ty {
        match self {
            Value::Int(_) => Ty::Int,
            Value::Bytes(_) => Ty::Bytes,
            Value::Mbi(_) => Ty::Struct(StructKind::Mbi),
            Value::SystemInfo(_) => Ty::Struct(StructKind::SystemInfo),
            Value::SectionBasic(_) => Ty::Struct(StructKind::SectionBasic),
            Value::ObjectBasic(_) => Ty::Struct(StructKind::ObjectBasic),
            Value::SectionImage(_) => Ty::Struct(StructKind::SectionImage),
        }
    }

    /// The integer, or 0 for other values (the checker makes sure that never matters).
    pub fn int(&self) -> u64 {
        match self {
            Value::Int(v) => *v,
            _ => 0,
        }
    }

    /// A field of a struct value.
    pub fn field(&self, name: &str) -> Option<u64> {
        match self {
            Value::Mbi(m) => Some(match name {
                "BaseAddress" => m.BaseAddress,
                "AllocationBase" => m.AllocationBase,
                "AllocationProtect" => u64::from(m.AllocationProtect),
                "PartitionId" => u64::from(m.PartitionId),
                "RegionSize" => m.RegionSize,
                "State" => u64::from(m.State),
                "Protect" => u64::from(m.Protect),
                "Type" => u64::from(m.Type),
                _ => return None,
            }),
            Value::SystemInfo(s) => Some(match name {
                "wProcessorArchitecture" => u64::from(s.wProcessorArchitecture),
                "dwPageSize" => u64::from(s.dwPageSize),
                "lpMinimumApplicationAddress" => s.lpMinimumApplicationAddress,
                "lpMaximumApplicationAddress" => s.lpMaximumApplicationAddress,
                "dwActiveProcessorMask" => s.dwActiveProcessorMask,
                "dwNumberOfProcessors" => u64::from(s.dwNumberOfProcessors),
                "dwProcessorType" => u64::from(s.dwProcessorType),
                "dwAllocationGranularity" => u64::from(s.dwAllocationGranularity),
                "wProcessorLevel" => u64::from(s.wProcessorLevel),
                "wProcessorRevision" => u64::from(s.wProcessorRevision),
                _ => return None,
            }),
            Value::SectionBasic(i) => Some(match name {
                "BaseAddress" => i.BaseAddress,
                "AllocationAttributes" => u64::from(i.AllocationAttributes),
                "MaximumSize" => i.MaximumSize,
                _ => return None,
            }),
            Value::ObjectBasic(i) => Some(match name {
                "Attributes" => u64::from(i.Attributes),
                "GrantedAccess" => u64::from(i.GrantedAccess),
                "HandleCount" => u64::from(i.HandleCount),
                "PointerCount" => u64::from(i.PointerCount),
                _ => return None,
            }),
            Value::SectionImage(i) => Some(match name {
                "TransferAddress" => i.TransferAddress,
                "ZeroBits" => u64::from(i.ZeroBits),
                "MaximumStackSize" => i.MaximumStackSize,
                "CommittedStackSize" => i.CommittedStackSize,
                "SubSystemType" => u64::from(i.SubSystemType),
                "SubSystemMinorVersion" => u64::from(i.SubSystemMinorVersion),
                "SubSystemMajorVersion" => u64::from(i.SubSystemMajorVersion),
                "MajorOperatingSystemVersion" => u64::from(i.MajorOperatingSystemVersion),
                "MinorOperatingSystemVersion" => u64::from(i.MinorOperatingSystemVersion),
                "ImageCharacteristics" => u64::from(i.ImageCharacteristics),
                "DllCharacteristics" => u64::from(i.DllCharacteristics),
                "Machine" => u64::from(i.Machine),
                "ImageContainsCode" => u64::from(i.ImageContainsCode),
                "ImageFlags" => u64::from(i.ImageFlags),
                "LoaderFlags" => u64::from(i.LoaderFlags),
                "ImageFileSize" => u64::from(i.ImageFileSize),
                "CheckSum" => u64::from(i.CheckSum),
                _ => return None,
            }),
            Value::Int(_) | Value::Bytes(_) => None,
        }
    }

    /// The value as printed.
    pub fn show(&self) -> String {
        match self {
            Value::Int(v) => show_int(*v),
            Value::Bytes(b) => show_bytes(b),
            Value::Mbi(m) => show_mbi(m),
            Value::SystemInfo(s) => format!(
                "{{dwPageSize: {}, dwAllocationGranularity: {}, lpMinimumApplicationAddress: {}, \
                 lpMaximumApplicationAddress: {}, dwNumberOfProcessors: {}}}",
                show_int(u64::from(s.dwPageSize)),
                show_int(u64::from(s.dwAllocationGranularity)),
                show_int(s.lpMinimumApplicationAddress),
                show_int(s.lpMaximumApplicationAddress),
                s.dwNumberOfProcessors
            ),
            Value::SectionBasic(i) => format!(
                "{{BaseAddress: {}, AllocationAttributes: {}, MaximumSize: {}}}",
                show_int(i.BaseAddress),
                show_int(u64::from(i.AllocationAttributes)),
                show_int(i.MaximumSize)
            ),
            Value::ObjectBasic(i) => format!(
                "{{Attributes: {}, GrantedAccess: {}, HandleCount: {}, PointerCount: {}}}",
                i.Attributes,
                show_int(u64::from(i.GrantedAccess)),
                i.HandleCount,
                i.PointerCount
            ),
            Value::SectionImage(i) => format!(
                "{{TransferAddress: {}, SubSystemType: {}, ImageCharacteristics: {}, \
                 DllCharacteristics: {}, Machine: {}, ImageContainsCode: {}, ImageFlags: {}, \
                 ImageFileSize: {}}}",
                show_int(i.TransferAddress),
                i.SubSystemType,
                show_int(u64::from(i.ImageCharacteristics)),
                show_int(u64::from(i.DllCharacteristics)),
                show_int(u64::from(i.Machine)),
                i.ImageContainsCode,
                show_int(u64::from(i.ImageFlags)),
                show_int(u64::from(i.ImageFileSize))
            ),
        }
    }
}

/// An integer as printed: decimal below 10, `0x` hex from 10 on.
pub fn show_int(v: u64) -> String {
    if v < 10 {
        v.to_string()
    } else {
        format!("0x{v:x}")
    }
}

/// Bytes as printed (see the module doc).
pub fn show_bytes(b: &[u8]) -> String {
    const SHOWN: usize = 32;
    let head = b.get(..SHOWN).unwrap_or(b);
    let text = b
        .iter()
        .all(|c| (0x20..0x7f).contains(c) || *c == b'\n' || *c == b'\t');
    let mut out = String::new();
    if text {
        out.push('"');
        for &c in head {
            match c {
                b'"' => out.push_str("\\\""),
                b'\\' => out.push_str("\\\\"),
                b'\n' => out.push_str("\\n"),
                b'\t' => out.push_str("\\t"),
                c => out.push(char::from(c)),
            }
        }
        out.push('"');
    } else {
        out.push_str("x\"");
        for c in head {
            let _ = write!(out, "{c:02x}");
        }
        out.push('"');
    }
    if b.len() > SHOWN {
        let _ = write!(out, "... ({} bytes)", b.len());
    }
    out
}

/// A MEM_* state name.
fn state_name(state: u32) -> String {
    match state {
        MEM_COMMIT => "MEM_COMMIT".into(),
        MEM_RESERVE => "MEM_RESERVE".into(),
        MEM_FREE => "MEM_FREE".into(),
        other => show_int(u64::from(other)),
    }
}

/// A MEM_* type name.
fn type_name(ty: u32) -> String {
    match ty {
        MEM_MAPPED => "MEM_MAPPED".into(),
        MEM_PRIVATE => "MEM_PRIVATE".into(),
        MEM_IMAGE => "MEM_IMAGE".into(),
        other => show_int(u64::from(other)),
    }
}

/// A page protection by name (0 prints as 0).
pub fn show_protection(p: u32) -> String {
    if p == 0 {
        "0".into()
    } else {
        protection::name(p)
    }
}

fn show_mbi(m: &MEMORY_BASIC_INFORMATION) -> String {
    format!(
        "{{BaseAddress: {}, AllocationBase: {}, AllocationProtect: {}, RegionSize: {}, State: {}, \
         Protect: {}, Type: {}}}",
        show_int(m.BaseAddress),
        show_int(m.AllocationBase),
        show_protection(m.AllocationProtect),
        show_int(m.RegionSize),
        state_name(m.State),
        show_protection(m.Protect),
        type_name(m.Type)
    )
}

/// Bytes as a Win32 wide-string argument: UTF-8 text as is; other bytes one char each
/// (Latin-1), so that no input is lost.
pub fn bytes_to_text(b: &[u8]) -> String {
    match std::str::from_utf8(b) {
        Ok(s) => s.to_string(),
        Err(_) => b.iter().map(|&c| char::from(c)).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn printing() {
        assert_eq!(show_int(9), "9");
        assert_eq!(show_int(10), "0xa");
        assert_eq!(show_int(u64::MAX), "0xffffffffffffffff");
        assert_eq!(show_bytes(b"hi \"x\"\n"), "\"hi \\\"x\\\"\\n\"");
        assert_eq!(show_bytes(&[0, 0xff]), "x\"00ff\"");
        assert_eq!(
            show_bytes(&[0; 40]),
            "x\"0000000000000000000000000000000000000000000000000000000000000000\"... (40 bytes)"
        );
        assert_eq!(show_protection(PAGE_READWRITE), "PAGE_READWRITE");
        assert_eq!(bytes_to_text(&[0x41, 0xe9]), "A\u{e9}");
    }
}
