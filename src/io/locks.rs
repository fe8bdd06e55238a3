//! Byte-range locks (`LockFile`, `LockFileEx`, `UnlockFile`, `UnlockFileEx`; catalog H20-H22).
//!
//! Windows truth is MS-FSA (the file-system algorithms Windows' file systems implement) and
//! wine `kernel32/tests/file.c test_LockFile` (plain `ok()` lines):
//! - a range is `[offset, offset + length)` of the 64-bit unsigned offset space; one whose last
//!   byte would lie past 2^64 - 1 is STATUS_INVALID_LOCK_RANGE (MS-FSA 2.1.5.8 / 2.1.5.9). A
//!   range ending exactly at 2^64 is valid (test_LockFile: `LockFile(h, 0, 0x10000000, 0,
//!   0xf0000000)` and `LockFile(h, ~0, ~0, 1, 0)` succeed).
//! - overlap follows MS-FSA 2.1.4.10: last bytes are `offset + length - 1`, so a zero-length
//!   lock at `o > 0` overlaps a range holding both `o - 1` and `o`; the `{0, 0}` range overlaps
//!   nothing.
//! - a lock request conflicts with an overlapping exclusive lock of another handle (file
//!   object), with any overlapping lock when it is exclusive, and never with an overlapping
//!   shared lock when it is shared — so a handle may take a shared lock over its own exclusive
//!   one, but not an exclusive lock over its own lock of either kind (test_LockFile).
//! - an unlock names exactly a range this file object locked (else STATUS_RANGE_NOT_LOCKED);
//!   of two such locks the exclusive one goes first (MS-FSA 2.1.5.9; test_LockFile "exclusive
//!   lock is removed first").
//! - ReadFile and WriteFile honour locks (LockFileEx doc): an exclusive lock denies other
//!   handles both read and write access to the range ("If the locking process opens the file a
//!   second time, it cannot access the specified region through this second handle"); a shared
//!   lock denies everyone, its owner included, write access. Locks never apply to mapped views
//!   ("Locking a region of a file does not prevent reading from a mapped file view"; catalog
//!   H12). Conflicts are ERROR_LOCK_VIOLATION.

use crate::error::{NtStatus, Result};
use crate::ob::object::ObjectId;
use crate::rule::RuleId;

/// One lock: a range held by one file object.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct ByteRangeLock {
    pub offset: u64,
    pub length: u64,
    pub owner: (usize, ObjectId),
    pub exclusive: bool,
}

/// A range is valid unless its last byte lies past 2^64 - 1 (MS-FSA 2.1.5.8).
pub(crate) fn check_range(offset: u64, length: u64) -> Result<()> {
    if u128::from(offset) + u128::from(length) > 1u128 << 64 {
        return Err(NtStatus::INVALID_LOCK_RANGE.by(RuleId::H20));
    }
    Ok(())
}

/// MS-FSA 2.1.4.10's overlap test, in exact arithmetic.
fn overlaps(a: (u64, u64), b: (u64, u64)) -> bool {
    if a == (0, 0) || b == (0, 0) {
        return false;
    }
    let last = |(o, l): (u64, u64)| i128::from(o) + i128::from(l) - 1;
    i128::from(a.0) <= last(b) && last(a) >= i128::from(b.0)
}

impl ByteRangeLock {
    fn range(&self) -> (u64, u64) {
        (self.offset, self.length)
    }
}

/// The locks on one file.
#[derive(Clone, Debug, Default)]
pub(crate) struct ByteRangeLocks {
    locks: Vec<ByteRangeLock>,
}

impl ByteRangeLocks {
    /// Takes a lock, or ERROR_LOCK_VIOLATION (STATUS_LOCK_NOT_GRANTED) on a conflict.
    pub fn lock(&mut self, lock: ByteRangeLock) -> Result<()> {
        check_range(lock.offset, lock.length)?;
        let conflict = self.locks.iter().any(|l| {
            overlaps(l.range(), lock.range())
                && (lock.exclusive || (l.exclusive && l.owner != lock.owner))
        });
        if conflict {
            return Err(NtStatus::LOCK_NOT_GRANTED.by(RuleId::H20));
        }
        self.locks.push(lock);
        Ok(())
    }

    /// Releases exactly this range held by `owner`, its exclusive lock first.
    pub fn unlock(&mut self, offset: u64, length: u64, owner: (usize, ObjectId)) -> Result<()> {
        check_range(offset, length)?;
        let mine = |l: &ByteRangeLock| l.offset == offset && l.length == length && l.owner == owner;
        let at = self
            .locks
            .iter()
            .position(|l| mine(l) && l.exclusive)
            .or_else(|| self.locks.iter().position(mine))
            .ok_or(NtStatus::RANGE_NOT_LOCKED.by(RuleId::H21))?;
        self.locks.remove(at);
        Ok(())
    }

    /// Drops every lock of a file object (its last handle closed).
    pub fn release_owner(&mut self, owner: (usize, ObjectId)) {
        self.locks.retain(|l| l.owner != owner);
    }

    /// Whether `owner` may read (`write = false`) or write the range through ReadFile/WriteFile
    /// (ERROR_LOCK_VIOLATION, STATUS_FILE_LOCK_CONFLICT, otherwise).
    pub fn check_io(
        &self,
        offset: u64,
        length: u64,
        owner: (usize, ObjectId),
        write: bool,
    ) -> Result<()> {
        // A transfer of no bytes touches no byte (ReadFile / WriteFile of zero bytes succeed).
        let denied = length > 0
            && self.locks.iter().any(|l| {
                overlaps(l.range(), (offset, length))
                    && if l.exclusive { l.owner != owner } else { write }
            });
        if denied {
            Err(NtStatus::FILE_LOCK_CONFLICT.by(RuleId::H22))
        } else {
            Ok(())
        }
    }

    /// The locks `owner` holds, as (offset, length, exclusive), in the order taken.
    pub fn held_by(&self, owner: (usize, ObjectId)) -> Vec<(u64, u64, bool)> {
        self.locks
            .iter()
            .filter(|l| l.owner == owner)
            .map(|l| (l.offset, l.length, l.exclusive))
            .collect()
    }

    pub fn len(&self) -> usize {
        self.locks.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_follow_ms_fsa() {
        assert!(check_range(u64::MAX, 1).is_ok());
        assert!(check_range(1 << 60, 0xF000_0000_0000_0000).is_ok());
        assert!(check_range(1 << 60, 0xF000_0000_0000_0001).is_err());
        assert!(check_range(u64::MAX, 0).is_ok());
        // A zero-length range at 100 overlaps [98, 102) but neither [90, 100) nor [100, 110).
        assert!(overlaps((100, 0), (98, 4)));
        assert!(!overlaps((100, 0), (90, 10)));
        assert!(!overlaps((100, 0), (100, 10)));
        assert!(!overlaps((0, 0), (0, 10)));
        assert!(overlaps((u64::MAX, 1), (1 << 60, 0xF000_0000_0000_0000)));
    }
}
