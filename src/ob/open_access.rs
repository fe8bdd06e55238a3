//! The checks an open by name makes on the requested access mask before the DACL is read.
//!
//! Windows (wine `kernel32/tests/sync.c test_mutex`, whose `todo_wine` lines are what Windows
//! does): `OpenMutex(0, ...)` fails with ERROR_ACCESS_DENIED; of the 32 single-bit masks, the
//! ones the type does not define (bits 1-15 for a mutex, the undefined standard bits 21-23 and
//! the reserved bits 26-27) fail with ERROR_ACCESS_DENIED, and ACCESS_SYSTEM_SECURITY without
//! SeSecurityPrivilege fails with ERROR_PRIVILEGE_NOT_HELD (`failed == 0x0de0fffe`). The rule
//! belongs to the object manager, not to one type: NT's `ObpCreateHandle` refuses bits outside
//! the type's `ValidAccessMask`, and `SeAccessCheck` refuses an empty desired mask ("if
//! DesiredAccess is zero ... STATUS_ACCESS_DENIED"), so it holds for sections too (this
//! replaces catalog E2's "OpenFileMapping(0) is allowed", which came from Wine).

use super::object_type::ObjectType;
use crate::consts::*;
use crate::error::{NtStatus, Result};

/// `ACCESS_SYSTEM_SECURITY` (winnt.h): reading or writing the SACL; needs SeSecurityPrivilege.
pub const ACCESS_SYSTEM_SECURITY: u32 = 0x0100_0000;

/// Validates `access` (as the caller wrote it, GENERIC_* included) for an open of an object of
/// type `ty`. Returns the generic-mapped mask with MAXIMUM_ALLOWED and ACCESS_SYSTEM_SECURITY
/// removed, for the DACL check.
pub(crate) fn validate_open_access(
    ty: ObjectType,
    access: u32,
    has_security_privilege: bool,
) -> Result<u32> {
    if access & ACCESS_SYSTEM_SECURITY != 0 && !has_security_privilege {
        return Err(NtStatus::PRIVILEGE_NOT_HELD.into());
    }
    let generic = GENERIC_READ | GENERIC_WRITE | GENERIC_EXECUTE | GENERIC_ALL;
    let allowed = ty.valid_access() | generic | MAXIMUM_ALLOWED | ACCESS_SYSTEM_SECURITY;
    if access & !allowed != 0 {
        return Err(NtStatus::ACCESS_DENIED.into());
    }
    if access == 0 {
        return Err(NtStatus::ACCESS_DENIED.into());
    }
    Ok(ty.map_generic(access) & !ACCESS_SYSTEM_SECURITY)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// wine `kernel32/tests/sync.c test_mutex`: `failed == 0x0de0fffe` over the 32 single bits.
    #[test]
    fn mutex_single_bits_fail_as_test_mutex_shows() {
        let mut failed = 0u32;
        for bit in 0..32 {
            if validate_open_access(ObjectType::Mutant, 1 << bit, false).is_err() {
                failed |= 1 << bit;
            }
        }
        assert_eq!(failed, 0x0de0_fffe);
        assert_eq!(
            validate_open_access(ObjectType::Mutant, ACCESS_SYSTEM_SECURITY, false)
                .map_err(|e| e.code()),
            Err(1314)
        );
        assert_eq!(
            validate_open_access(ObjectType::Mutant, 0, false).map_err(|e| e.code()),
            Err(5)
        );
    }
}
