//! Page protections and access rights: the tables of catalog C1, B9, D9, E4, E7, E8, E9,
//! F14, F15 and MS docs "Memory Protection Constants".

use super::*;

/// Read / write / execute, as the wine test helper `page_prot_to_access` counts them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rwx {
    pub read: bool,
    pub write: bool,
    pub execute: bool,
}

/// The base protection (low byte) without PAGE_GUARD / PAGE_NOCACHE / PAGE_WRITECOMBINE.
pub fn base(prot: u32) -> u32 {
    prot & 0xFF
}

/// C1: exactly six protections are valid for CreateFileMapping: PAGE_READONLY,
/// PAGE_READWRITE, PAGE_WRITECOPY, PAGE_EXECUTE_READ, PAGE_EXECUTE_READWRITE,
/// PAGE_EXECUTE_WRITECOPY; anything else (0, PAGE_NOACCESS, PAGE_EXECUTE, two values OR-ed,
/// modifiers, undefined bits) is ERROR_INVALID_PARAMETER.
pub fn valid_section_protection(p: u32) -> bool {
    [
        PAGE_READONLY,
        PAGE_READWRITE,
        PAGE_WRITECOPY,
        PAGE_EXECUTE_READ,
        PAGE_EXECUTE_READWRITE,
        PAGE_EXECUTE_WRITECOPY,
    ]
    .contains(&p)
}

/// MS docs "Memory Protection Constants": one of the eight base values, plus modifiers;
/// PAGE_GUARD "cannot be used with PAGE_NOACCESS"; PAGE_NOCACHE "cannot be used with the
/// PAGE_GUARD, PAGE_NOACCESS, or PAGE_WRITECOMBINE flags"; PAGE_WRITECOMBINE "cannot be
/// specified with the PAGE_NOACCESS, PAGE_GUARD, and PAGE_NOCACHE flags". Any other bit is
/// invalid (for VirtualProtect / VirtualAlloc: ERROR_INVALID_PARAMETER).
pub fn valid_page_protection(p: u32) -> bool {
    let bases = [
        PAGE_NOACCESS,
        PAGE_READONLY,
        PAGE_READWRITE,
        PAGE_WRITECOPY,
        PAGE_EXECUTE,
        PAGE_EXECUTE_READ,
        PAGE_EXECUTE_READWRITE,
        PAGE_EXECUTE_WRITECOPY,
    ];
    let modifiers = PAGE_GUARD | PAGE_NOCACHE | PAGE_WRITECOMBINE;
    if p & !(0xFF | modifiers) != 0 || !bases.contains(&base(p)) {
        return false;
    }
    let guard = p & PAGE_GUARD != 0;
    let nocache = p & PAGE_NOCACHE != 0;
    let combine = p & PAGE_WRITECOMBINE != 0;
    if base(p) == PAGE_NOACCESS && (guard || nocache || combine) {
        return false;
    }
    !(nocache && (guard || combine)) && !(combine && guard)
}

/// What a protection lets a program do, counting WRITECOPY as read-only access and
/// PAGE_EXECUTE as read + execute (wine tests `page_prot_to_access`, used by F14/F19).
pub fn rwx(prot: u32) -> Rwx {
    let (read, write, execute) = match base(prot) {
        PAGE_READONLY | PAGE_WRITECOPY => (true, false, false),
        PAGE_READWRITE => (true, true, false),
        PAGE_EXECUTE | PAGE_EXECUTE_READ | PAGE_EXECUTE_WRITECOPY => (true, false, true),
        PAGE_EXECUTE_READWRITE => (true, true, true),
        _ => (false, false, false),
    };
    Rwx {
        read,
        write,
        execute,
    }
}

/// F14, F19: VirtualProtect / VirtualAlloc(MEM_COMMIT) on a view may ask only for access the
/// view's allocation protection grants (WRITECOPY counts as read-only; PAGE_NOACCESS always
/// fits).
pub fn compatible(allocation: u32, requested: u32) -> bool {
    let have = rwx(allocation);
    let want = rwx(requested);
    (!want.read || have.read) && (!want.write || have.write) && (!want.execute || have.execute)
}

/// E8: MapViewOfFile's dwDesiredAccess -> the view's protection (wine tests `test_mapping`
/// `view[]` table, asserted on real Windows). FILE_MAP_COPY means copy-on-write only when the
/// access is *exactly* FILE_MAP_COPY (optionally with FILE_MAP_EXECUTE): with any other bit,
/// SECTION_MAP_EXECUTE (0x8) included, it is the plain SECTION_QUERY bit. Otherwise
/// FILE_MAP_WRITE gives a read-write view, FILE_MAP_READ a read-only one, FILE_MAP_EXECUTE adds
/// execute to either, and no data right gives PAGE_NOACCESS (undefined bits ignored, E10).
pub fn view_protection_for_access(access: u32) -> u32 {
    let exec = access & FILE_MAP_EXECUTE != 0;
    if access & !FILE_MAP_EXECUTE == FILE_MAP_COPY {
        return if exec {
            PAGE_EXECUTE_WRITECOPY
        } else {
            PAGE_WRITECOPY
        };
    }
    let write = access & FILE_MAP_WRITE != 0;
    let read = access & FILE_MAP_READ != 0;
    match (write, read, exec) {
        (true, _, false) => PAGE_READWRITE,
        (true, _, true) => PAGE_EXECUTE_READWRITE,
        (false, true, false) => PAGE_READONLY,
        (false, true, true) => PAGE_EXECUTE_READ,
        (false, false, _) => PAGE_NOACCESS,
    }
}

/// E4, E5: the section rights a handle needs for a view protection (ReactOS
/// `MmMakeSectionAccess`; wine tests `test_MapViewOfFile`): read-only, copy-on-write and
/// no-access views need SECTION_MAP_READ; a read-write view needs SECTION_MAP_WRITE only;
/// executable views need an execute right (SECTION_MAP_EXECUTE, or FILE_MAP_EXECUTE =
/// SECTION_MAP_EXECUTE_EXPLICIT from OpenFileMapping) with the read or write right.
pub fn handle_grants_view(handle_access: u32, view_prot: u32) -> bool {
    let read = handle_access & SECTION_MAP_READ != 0;
    let write = handle_access & SECTION_MAP_WRITE != 0;
    let exec = handle_access & (SECTION_MAP_EXECUTE | SECTION_MAP_EXECUTE_EXPLICIT) != 0;
    match base(view_prot) {
        PAGE_NOACCESS | PAGE_READONLY | PAGE_WRITECOPY => read,
        PAGE_READWRITE => write,
        PAGE_EXECUTE | PAGE_EXECUTE_READ | PAGE_EXECUTE_WRITECOPY => exec && read,
        PAGE_EXECUTE_READWRITE => exec && write,
        _ => false,
    }
}

/// E7, E9, F15: a shared-write view needs a writable section (PAGE_READWRITE or
/// PAGE_EXECUTE_READWRITE); an executable view needs an executable section; read-only and
/// copy-on-write views fit every section. Otherwise STATUS_SECTION_PROTECTION ->
/// ERROR_INVALID_PARAMETER.
pub fn section_allows_view(section_prot: u32, view_prot: u32) -> bool {
    let section_write = [PAGE_READWRITE, PAGE_EXECUTE_READWRITE].contains(&section_prot);
    let section_exec = [
        PAGE_EXECUTE_READ,
        PAGE_EXECUTE_READWRITE,
        PAGE_EXECUTE_WRITECOPY,
    ]
    .contains(&section_prot);
    let v = base(view_prot);
    let wants_write = v == PAGE_READWRITE || v == PAGE_EXECUTE_READWRITE;
    let wants_exec = [
        PAGE_EXECUTE,
        PAGE_EXECUTE_READ,
        PAGE_EXECUTE_READWRITE,
        PAGE_EXECUTE_WRITECOPY,
    ]
    .contains(&v);
    (!wants_write || section_write) && (!wants_exec || section_exec)
}

/// B9: the rights CreateFileMapping requests for a protection, creating or opening (Wine
/// `kernelbase/sync.c CreateFileMappingW`): STANDARD_RIGHTS_REQUIRED | SECTION_QUERY |
/// SECTION_MAP_READ, plus SECTION_MAP_WRITE for the read-write protections and
/// SECTION_MAP_EXECUTE for the executable ones (I16 flag: Windows may grant more to a new
/// object; the protection-derived mask is the engine's documented choice).
pub fn section_access_for_protection(prot: u32) -> u32 {
    let mut a = STANDARD_RIGHTS_REQUIRED | SECTION_QUERY | SECTION_MAP_READ;
    if prot == PAGE_READWRITE || prot == PAGE_EXECUTE_READWRITE {
        a |= SECTION_MAP_WRITE;
    }
    if [
        PAGE_EXECUTE_READ,
        PAGE_EXECUTE_READWRITE,
        PAGE_EXECUTE_WRITECOPY,
    ]
    .contains(&prot)
    {
        a |= SECTION_MAP_EXECUTE;
    }
    a
}

/// D9: the file-handle access a section protection needs (CreateFileMappingW doc flProtect
/// table): read for every protection, write for PAGE_READWRITE / PAGE_EXECUTE_READWRITE,
/// FILE_EXECUTE for the executable ones (real Windows; Wine does not check it).
pub fn file_access_for_protection(prot: u32) -> u32 {
    let mut a = FILE_READ_DATA;
    if prot == PAGE_READWRITE || prot == PAGE_EXECUTE_READWRITE {
        a |= FILE_WRITE_DATA;
    }
    if [
        PAGE_EXECUTE_READ,
        PAGE_EXECUTE_READWRITE,
        PAGE_EXECUTE_WRITECOPY,
    ]
    .contains(&prot)
    {
        a |= FILE_EXECUTE;
    }
    a
}

/// D4, H1: a section whose protection allows writing the file (PAGE_READWRITE or
/// PAGE_EXECUTE_READWRITE) grows it and makes it "user-writably mapped".
pub fn writes_file(prot: u32) -> bool {
    prot == PAGE_READWRITE || prot == PAGE_EXECUTE_READWRITE
}

/// F20: a view page's new protection (VirtualProtect, VirtualAlloc(MEM_COMMIT)) keeps the
/// view's caching modifier (PAGE_NOCACHE / PAGE_WRITECOMBINE from SEC_NOCACHE /
/// SEC_WRITECOMBINE), unless the new protection is PAGE_NOACCESS or names a caching modifier
/// itself (wine tests `test_MapViewOfFile`: committing a SEC_NOCACHE view PAGE_READONLY reports
/// `PAGE_READONLY|PAGE_NOCACHE`).
pub fn with_view_modifiers(new: u32, allocation: u32) -> u32 {
    let cache = PAGE_NOCACHE | PAGE_WRITECOMBINE;
    if base(new) == PAGE_NOACCESS || new & cache != 0 {
        new
    } else {
        new | (allocation & cache)
    }
}

/// F15: after its first write a copy-on-write page reports PAGE_READWRITE (or
/// PAGE_EXECUTE_READWRITE), modifiers kept (wine tests `prot_after_write`; MS docs "Memory
/// Protection Constants": "The private page is marked as PAGE_READWRITE").
pub fn after_copy_on_write(prot: u32) -> u32 {
    let modifiers = prot & !0xFF;
    match base(prot) {
        PAGE_WRITECOPY => PAGE_READWRITE | modifiers,
        PAGE_EXECUTE_WRITECOPY => PAGE_EXECUTE_READWRITE | modifiers,
        _ => prot,
    }
}

/// MS docs "Memory Protection Constants": reads fault on PAGE_NOACCESS and on PAGE_EXECUTE
/// ("An attempt to read from or write to the committed region results in an access
/// violation" for execute-only pages).
pub fn readable(prot: u32) -> bool {
    [
        PAGE_READONLY,
        PAGE_READWRITE,
        PAGE_WRITECOPY,
        PAGE_EXECUTE_READ,
        PAGE_EXECUTE_READWRITE,
        PAGE_EXECUTE_WRITECOPY,
    ]
    .contains(&base(prot))
}

/// Writes succeed on read-write pages, and on copy-on-write pages through a private copy.
pub fn writable(prot: u32) -> bool {
    [
        PAGE_READWRITE,
        PAGE_WRITECOPY,
        PAGE_EXECUTE_READWRITE,
        PAGE_EXECUTE_WRITECOPY,
    ]
    .contains(&base(prot))
}

/// A write to such a page copies it first (F15).
pub fn copy_on_write(prot: u32) -> bool {
    base(prot) == PAGE_WRITECOPY || base(prot) == PAGE_EXECUTE_WRITECOPY
}
