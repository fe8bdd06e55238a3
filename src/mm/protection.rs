//! Page protections: which values are valid where, what access they grant, and how view
//! protections relate to section protections and handle rights.
//!
//! Sources: CreateFileMappingW and MapViewOfFile docs; MS docs "Memory Protection Constants";
//! wine tests `dlls/kernel32/tests/virtual.c` helpers `page_prot_to_access`,
//! `is_compatible_protection`, `file_access_to_prot`, `map_prot_written` (which run on real
//! Windows); ReactOS `MmMakeSectionAccess`. Catalog C1, E4, E7, E8, F14, F15.

use crate::consts::*;

const BASE_MASK: u32 = 0xFF;
const MODIFIER_MASK: u32 = PAGE_GUARD | PAGE_NOCACHE | PAGE_WRITECOMBINE;

/// The base protection without PAGE_GUARD / PAGE_NOCACHE / PAGE_WRITECOMBINE.
pub fn base(prot: u32) -> u32 {
    prot & BASE_MASK
}

/// The modifier bits.
pub fn modifiers(prot: u32) -> u32 {
    prot & MODIFIER_MASK
}

/// Whether `p` is exactly one of the eight base protections.
pub fn is_single_base(p: u32) -> bool {
    matches!(
        p,
        PAGE_NOACCESS
            | PAGE_READONLY
            | PAGE_READWRITE
            | PAGE_WRITECOPY
            | PAGE_EXECUTE
            | PAGE_EXECUTE_READ
            | PAGE_EXECUTE_READWRITE
            | PAGE_EXECUTE_WRITECOPY
    )
}

/// `CreateFileMapping` accepts exactly six protections, with no modifier (catalog C1):
/// PAGE_NOACCESS, PAGE_EXECUTE, combinations, modifiers and undefined bits are
/// ERROR_INVALID_PARAMETER.
pub fn is_valid_section_protection(p: u32) -> bool {
    matches!(
        p,
        PAGE_READONLY
            | PAGE_READWRITE
            | PAGE_WRITECOPY
            | PAGE_EXECUTE_READ
            | PAGE_EXECUTE_READWRITE
            | PAGE_EXECUTE_WRITECOPY
    )
}

/// A page protection for VirtualProtect / VirtualAlloc / MapViewOfFile3: one base value plus
/// at most one of PAGE_NOCACHE / PAGE_WRITECOMBINE and optionally PAGE_GUARD; modifiers are
/// invalid on PAGE_NOACCESS (MS docs "Memory Protection Constants").
pub fn is_valid_page_protection(p: u32) -> bool {
    let b = base(p);
    let m = modifiers(p);
    if p & !(BASE_MASK | MODIFIER_MASK) != 0 || !is_single_base(b) {
        return false;
    }
    // "PAGE_NOCACHE ... cannot be used with the PAGE_GUARD, PAGE_NOACCESS, or
    // PAGE_WRITECOMBINE flags" (and likewise PAGE_WRITECOMBINE).
    let cache = m & (PAGE_NOCACHE | PAGE_WRITECOMBINE);
    if cache == PAGE_NOCACHE | PAGE_WRITECOMBINE || (cache != 0 && m & PAGE_GUARD != 0) {
        return false;
    }
    !(b == PAGE_NOACCESS && m != 0)
}

/// Read / write / execute as the wine test helper `page_prot_to_access` counts them:
/// WRITECOPY counts as read-only, PAGE_EXECUTE as read+execute.
fn access_bits(prot: u32) -> u32 {
    const R: u32 = 1;
    const W: u32 = 2;
    const X: u32 = 4;
    match base(prot) {
        PAGE_READONLY | PAGE_WRITECOPY => R,
        PAGE_READWRITE => R | W,
        PAGE_EXECUTE | PAGE_EXECUTE_READ | PAGE_EXECUTE_WRITECOPY => R | X,
        PAGE_EXECUTE_READWRITE => R | W | X,
        _ => 0,
    }
}

/// `VirtualProtect` / `VirtualAlloc(MEM_COMMIT)` on a view may only ask for access the view's
/// allocation protection grants (wine tests `is_compatible_protection`; catalog F14, F19).
pub fn is_compatible_protection(allocation: u32, requested: u32) -> bool {
    let have = access_bits(allocation);
    let want = access_bits(requested);
    have & want == want
}

/// `MapViewOfFile`'s dwDesiredAccess -> the view's protection (wine tests
/// `file_access_to_prot`, the `view[]` table; catalog E8): FILE_MAP_COPY only means
/// copy-on-write when it is the only data right; FILE_MAP_EXECUTE adds execute to a data right;
/// SECTION_MAP_EXECUTE (0x8) adds nothing; no data right gives PAGE_NOACCESS.
pub fn view_protection_for_access(access: u32) -> u32 {
    let exec = access & FILE_MAP_EXECUTE != 0;
    let rest = access & !FILE_MAP_EXECUTE;
    let data = access & (FILE_MAP_COPY | FILE_MAP_WRITE | FILE_MAP_READ);
    // Exactly FILE_MAP_COPY: any other bit (SECTION_MAP_EXECUTE 0x8 included) makes it an
    // ordinary access mask (`access == FILE_MAP_COPY` in the wine helper).
    if rest == FILE_MAP_COPY {
        return if exec {
            PAGE_EXECUTE_WRITECOPY
        } else {
            PAGE_WRITECOPY
        };
    }
    if data & FILE_MAP_WRITE != 0 {
        return if exec {
            PAGE_EXECUTE_READWRITE
        } else {
            PAGE_READWRITE
        };
    }
    if data & FILE_MAP_READ != 0 {
        return if exec {
            PAGE_EXECUTE_READ
        } else {
            PAGE_READONLY
        };
    }
    PAGE_NOACCESS
}

/// The section rights a handle needs to map a view with this protection (ReactOS
/// `MmMakeSectionAccess`; wine tests `test_MapViewOfFile`; catalog E4, E5): a read-write view
/// needs SECTION_MAP_WRITE only, so a FILE_MAP_WRITE handle can map it but cannot map a
/// read-only view. Execute is granted by SECTION_MAP_EXECUTE or, from `OpenFileMapping(
/// FILE_MAP_EXECUTE)`, SECTION_MAP_EXECUTE_EXPLICIT.
pub fn handle_grants_view(handle_access: u32, view_prot: u32) -> bool {
    let exec = handle_access & (SECTION_MAP_EXECUTE | SECTION_MAP_EXECUTE_EXPLICIT) != 0;
    let read = handle_access & SECTION_MAP_READ != 0;
    let write = handle_access & SECTION_MAP_WRITE != 0;
    match base(view_prot) {
        PAGE_NOACCESS | PAGE_READONLY | PAGE_WRITECOPY => read,
        PAGE_READWRITE => write,
        PAGE_EXECUTE | PAGE_EXECUTE_READ | PAGE_EXECUTE_WRITECOPY => exec && read,
        PAGE_EXECUTE_READWRITE => exec && write,
        _ => false,
    }
}

/// Whether a section created with `section_prot` may be mapped with `view_prot`: a shared-write
/// view needs a writable section, an executable view an executable section; read-only and
/// copy-on-write views fit every section (catalog E7, E9, F15). Otherwise NtMapViewOfSection
/// fails with STATUS_SECTION_PROTECTION (-> ERROR_INVALID_PARAMETER).
pub fn section_allows_view(section_prot: u32, view_prot: u32) -> bool {
    let sec_write = matches!(section_prot, PAGE_READWRITE | PAGE_EXECUTE_READWRITE);
    let sec_exec = matches!(
        section_prot,
        PAGE_EXECUTE_READ | PAGE_EXECUTE_READWRITE | PAGE_EXECUTE_WRITECOPY
    );
    let b = base(view_prot);
    let wants_write = matches!(b, PAGE_READWRITE | PAGE_EXECUTE_READWRITE);
    let wants_exec = matches!(
        b,
        PAGE_EXECUTE | PAGE_EXECUTE_READ | PAGE_EXECUTE_READWRITE | PAGE_EXECUTE_WRITECOPY
    );
    (!wants_write || sec_write) && (!wants_exec || sec_exec)
}

/// The rights `CreateFileMapping` requests for a protection, whether it creates or opens
/// (Wine `kernelbase/sync.c CreateFileMappingW`; CreateFileMappingW doc, lpName; catalog B9).
pub fn section_access_for_protection(prot: u32) -> u32 {
    STANDARD_RIGHTS_REQUIRED
        | match base(prot) {
            PAGE_READONLY | PAGE_WRITECOPY => SECTION_QUERY | SECTION_MAP_READ,
            PAGE_READWRITE => SECTION_QUERY | SECTION_MAP_READ | SECTION_MAP_WRITE,
            PAGE_EXECUTE_READ | PAGE_EXECUTE_WRITECOPY => {
                SECTION_QUERY | SECTION_MAP_READ | SECTION_MAP_EXECUTE
            }
            PAGE_EXECUTE_READWRITE => {
                SECTION_QUERY | SECTION_MAP_READ | SECTION_MAP_WRITE | SECTION_MAP_EXECUTE
            }
            _ => 0,
        }
}

/// A view page's new protection keeps the view's caching modifier (PAGE_NOCACHE /
/// PAGE_WRITECOMBINE from SEC_NOCACHE / SEC_WRITECOMBINE): wine tests `test_MapViewOfFile`
/// expect `PAGE_READONLY|PAGE_NOCACHE` after committing a SEC_NOCACHE view read-only (F20).
pub fn with_view_modifiers(new: u32, allocation: u32) -> u32 {
    let cache = allocation & (PAGE_NOCACHE | PAGE_WRITECOMBINE);
    if base(new) == PAGE_NOACCESS || new & (PAGE_NOCACHE | PAGE_WRITECOMBINE) != 0 {
        new
    } else {
        new | cache
    }
}

/// What a copy-on-write page reports after its first write: PAGE_READWRITE (or
/// PAGE_EXECUTE_READWRITE), modifiers kept (wine tests `map_prot_written`, `prot_after_write`;
/// catalog F15 — Wine itself keeps 0x08 there, Windows does not).
pub fn after_copy_on_write(prot: u32) -> u32 {
    let m = modifiers(prot);
    match base(prot) {
        PAGE_WRITECOPY => PAGE_READWRITE | m,
        PAGE_EXECUTE_WRITECOPY => PAGE_EXECUTE_READWRITE | m,
        _ => prot,
    }
}

/// Whether a read of a committed page with this protection succeeds. PAGE_EXECUTE is
/// execute-only: "An attempt to read from or write to the committed region results in an access
/// violation" (Memory Protection Constants).
pub fn allows_read(prot: u32) -> bool {
    matches!(
        base(prot),
        PAGE_READONLY
            | PAGE_READWRITE
            | PAGE_WRITECOPY
            | PAGE_EXECUTE_READ
            | PAGE_EXECUTE_READWRITE
            | PAGE_EXECUTE_WRITECOPY
    )
}

/// Whether a write succeeds (directly, or through a private copy for WRITECOPY pages).
pub fn allows_write(prot: u32) -> bool {
    matches!(
        base(prot),
        PAGE_READWRITE | PAGE_WRITECOPY | PAGE_EXECUTE_READWRITE | PAGE_EXECUTE_WRITECOPY
    )
}

/// Whether a write makes a private copy first.
pub fn is_copy_on_write(prot: u32) -> bool {
    matches!(base(prot), PAGE_WRITECOPY | PAGE_EXECUTE_WRITECOPY)
}

/// The name of a protection value, modifiers included (`PAGE_READWRITE|PAGE_NOCACHE`).
pub fn name(prot: u32) -> String {
    let base_name = match base(prot) {
        0 => "0",
        PAGE_NOACCESS => "PAGE_NOACCESS",
        PAGE_READONLY => "PAGE_READONLY",
        PAGE_READWRITE => "PAGE_READWRITE",
        PAGE_WRITECOPY => "PAGE_WRITECOPY",
        PAGE_EXECUTE => "PAGE_EXECUTE",
        PAGE_EXECUTE_READ => "PAGE_EXECUTE_READ",
        PAGE_EXECUTE_READWRITE => "PAGE_EXECUTE_READWRITE",
        PAGE_EXECUTE_WRITECOPY => "PAGE_EXECUTE_WRITECOPY",
        _ => return format!("0x{prot:x}"),
    };
    let mut s = base_name.to_string();
    for (bit, n) in [
        (PAGE_GUARD, "PAGE_GUARD"),
        (PAGE_NOCACHE, "PAGE_NOCACHE"),
        (PAGE_WRITECOMBINE, "PAGE_WRITECOMBINE"),
    ] {
        if prot & bit != 0 {
            s.push('|');
            s.push_str(n);
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    /// wine tests `dlls/kernel32/tests/virtual.c test_mapping`, `view[]` table.
    #[test]
    fn view_table_from_wine_test_mapping() {
        let table = [
            (0, PAGE_NOACCESS),
            (FILE_MAP_COPY, PAGE_WRITECOPY),
            (FILE_MAP_WRITE, PAGE_READWRITE),
            (FILE_MAP_WRITE | FILE_MAP_COPY, PAGE_READWRITE),
            (FILE_MAP_READ, PAGE_READONLY),
            (FILE_MAP_READ | FILE_MAP_COPY, PAGE_READONLY),
            (FILE_MAP_READ | FILE_MAP_WRITE, PAGE_READWRITE),
            (SECTION_MAP_EXECUTE, PAGE_NOACCESS),
            (SECTION_MAP_EXECUTE | FILE_MAP_COPY, PAGE_NOACCESS),
            (SECTION_MAP_EXECUTE | FILE_MAP_WRITE, PAGE_READWRITE),
            (SECTION_MAP_EXECUTE | FILE_MAP_READ, PAGE_READONLY),
            (FILE_MAP_EXECUTE, PAGE_NOACCESS),
            (FILE_MAP_EXECUTE | FILE_MAP_COPY, PAGE_EXECUTE_WRITECOPY),
            (FILE_MAP_EXECUTE | FILE_MAP_WRITE, PAGE_EXECUTE_READWRITE),
            (FILE_MAP_EXECUTE | FILE_MAP_READ, PAGE_EXECUTE_READ),
            (
                FILE_MAP_EXECUTE | FILE_MAP_READ | FILE_MAP_COPY,
                PAGE_EXECUTE_READ,
            ),
            (
                FILE_MAP_EXECUTE | SECTION_MAP_EXECUTE | FILE_MAP_COPY,
                PAGE_NOACCESS,
            ),
            (
                FILE_MAP_EXECUTE | SECTION_MAP_EXECUTE | FILE_MAP_READ,
                PAGE_EXECUTE_READ,
            ),
            (FILE_MAP_ALL_ACCESS, PAGE_READWRITE),
        ];
        for (access, prot) in table {
            assert_eq!(
                view_protection_for_access(access),
                prot,
                "access {access:#x}"
            );
        }
    }

    #[test]
    fn compatible_protection_matches_wine_helper() {
        assert!(is_compatible_protection(PAGE_READWRITE, PAGE_READONLY));
        assert!(is_compatible_protection(PAGE_READWRITE, PAGE_WRITECOPY));
        assert!(is_compatible_protection(PAGE_READONLY, PAGE_WRITECOPY));
        assert!(is_compatible_protection(PAGE_READONLY, PAGE_NOACCESS));
        assert!(!is_compatible_protection(PAGE_READONLY, PAGE_READWRITE));
        assert!(!is_compatible_protection(PAGE_READWRITE, PAGE_EXECUTE_READ));
        assert!(is_compatible_protection(PAGE_EXECUTE_READ, PAGE_EXECUTE));
    }

    #[test]
    fn protection_validity() {
        assert!(is_valid_page_protection(PAGE_READWRITE | PAGE_GUARD));
        assert!(!is_valid_page_protection(PAGE_NOACCESS | PAGE_GUARD));
        assert!(!is_valid_page_protection(PAGE_READWRITE | PAGE_READONLY));
        assert!(!is_valid_page_protection(
            PAGE_READWRITE | PAGE_GUARD | PAGE_NOCACHE
        ));
        assert!(!is_valid_page_protection(
            PAGE_READWRITE | PAGE_NOCACHE | PAGE_WRITECOMBINE
        ));
        assert!(is_valid_page_protection(PAGE_READWRITE | PAGE_WRITECOMBINE));
        assert!(!is_valid_section_protection(PAGE_READWRITE | PAGE_GUARD));
        assert!(!is_valid_section_protection(PAGE_EXECUTE));
        assert_eq!(
            name(PAGE_READWRITE | PAGE_NOCACHE),
            "PAGE_READWRITE|PAGE_NOCACHE"
        );
    }
}
