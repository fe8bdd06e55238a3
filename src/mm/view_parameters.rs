//! The parameter checks `NtMapViewOfSection` (and so `MapViewOfFile3`) makes before it looks
//! at the section's size or the view's alignment.
//!
//! Windows truth (issue 10; wine `ntdll/tests/virtual.c test_NtMapViewOfSection` and
//! `kernelbase/tests/process.c test_MapViewOfFile3`, ReactOS `NtMapViewOfSection`, which
//! validates the base address and the view size against the user address space before it
//! references the section): a view size larger than the user address space, or a base
//! address outside it, is STATUS_INVALID_PARAMETER_3/4 -> ERROR_INVALID_PARAMETER, whatever
//! their alignment. The allocation type may be 0, MEM_LARGE_PAGES, MEM_REPLACE_PLACEHOLDER
//! (`mm/placeholder.rs`) or MEM_RESERVE (a view of a
//! file-backed section: its pages are committed all the same, as Windows commits every
//! file-backed view even for SEC_RESERVE); MEM_RESERVE|MEM_COMMIT,
//! MEM_LARGE_PAGES|MEM_RESERVE and anything else are ERROR_INVALID_PARAMETER (MEM_RESERVE on
//! a page-file section is refused by the caller, which knows the section).

use crate::consts::*;
use crate::error::{NtStatus, Result};

/// The user address space's size: `[MIN_APPLICATION_ADDRESS, MAX_APPLICATION_ADDRESS]`.
const USER_SPACE: u64 = MAX_APPLICATION_ADDRESS + 1 - MIN_APPLICATION_ADDRESS;

/// Checks `AllocationType` on its own.
pub(crate) fn check_allocation_type(allocation_type: u32) -> Result<()> {
    let ok = matches!(
        allocation_type,
        0 | MEM_LARGE_PAGES | MEM_RESERVE | MEM_REPLACE_PLACEHOLDER
    );
    if ok {
        Ok(())
    } else {
        Err(NtStatus::INVALID_PARAMETER.into())
    }
}

/// Checks the base address and the view size against the user address space, before any
/// alignment check.
pub(crate) fn check_address_range(base: Option<u64>, size: u64) -> Result<()> {
    if size > USER_SPACE {
        return Err(NtStatus::INVALID_PARAMETER.into());
    }
    if let Some(base) = base {
        if base > MAX_APPLICATION_ADDRESS {
            return Err(NtStatus::INVALID_PARAMETER.into());
        }
        if base
            .checked_add(size)
            .is_none_or(|end| end > MAX_APPLICATION_ADDRESS + 1)
        {
            return Err(NtStatus::INVALID_PARAMETER.into());
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn allocation_types() {
        for ok in [0, MEM_LARGE_PAGES, MEM_RESERVE, MEM_REPLACE_PLACEHOLDER] {
            assert!(check_allocation_type(ok).is_ok(), "{ok:#x}");
        }
        for bad in [
            MEM_RESERVE | MEM_COMMIT,
            MEM_LARGE_PAGES | MEM_RESERVE,
            MEM_COMMIT,
            MEM_TOP_DOWN,
        ] {
            assert!(check_allocation_type(bad).is_err(), "{bad:#x}");
        }
    }

    #[test]
    fn address_range_before_alignment() {
        assert!(check_address_range(None, USER_SPACE + 1).is_err());
        // An unaligned base outside the user space is a parameter error, not an alignment one.
        let e = check_address_range(Some(MAX_APPLICATION_ADDRESS + 0x1234), 0x1000);
        assert_eq!(e.map_err(|e| e.code()), Err(87));
        assert!(check_address_range(Some(0x1_0000), 0x1000).is_ok());
    }
}
