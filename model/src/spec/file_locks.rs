//! Byte-range locks: `LockFileEx`, `UnlockFileEx`, and what they do to `ReadFile` /
//! `WriteFile` (catalog H12, H20-H22; MS-FSA 2.1.5.8, 2.1.5.9, 2.1.4.10; MS docs LockFileEx,
//! UnlockFileEx; wine `kernel32/tests/file.c test_LockFile`).
//!
//! A lock is a range `[offset, offset + length)` of the 64-bit offset space held by one file
//! object (every handle to it), kept on the file in the order taken. Views never see locks
//! ("Locking a region of a file does not prevent reading from a mapped file view", LockFileEx
//! doc; H12): only ReadFile and WriteFile check them.

use super::*;

/// One lock.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FileLock {
    pub offset: u64,
    pub length: u64,
    /// The file object holding it.
    pub owner: u64,
    pub exclusive: bool,
}

/// MS-FSA 2.1.5.8: a range whose last byte would lie past 2^64 - 1 is
/// STATUS_INVALID_LOCK_RANGE; one ending exactly at 2^64 is valid (test_LockFile:
/// `LockFile(h, ~0, ~0, 1, 0)` succeeds).
fn check_range(offset: u64, length: u64) -> Result<(), u32> {
    if u128::from(offset) + u128::from(length) > 1u128 << 64 {
        return Err(ERROR_INVALID_LOCK_RANGE);
    }
    Ok(())
}

/// MS-FSA 2.1.4.10: ranges overlap when each starts at or before the other's last byte
/// (`offset + length - 1`, so a zero-length range at `o > 0` overlaps one holding `o - 1` and
/// `o`); the `{0, 0}` range overlaps nothing.
fn overlaps(a: (u64, u64), b: (u64, u64)) -> bool {
    if a == (0, 0) || b == (0, 0) {
        return false;
    }
    let last = |(o, l): (u64, u64)| i128::from(o) + i128::from(l) - 1;
    i128::from(a.0) <= last(b) && last(a) >= i128::from(b.0)
}

impl FileLock {
    fn range(&self) -> (u64, u64) {
        (self.offset, self.length)
    }
}

impl Model {
    /// `LockFileEx(handle, flags, 0, length, offset)`: flags other than
    /// LOCKFILE_EXCLUSIVE_LOCK and LOCKFILE_FAIL_IMMEDIATELY are ERROR_INVALID_PARAMETER
    /// (checked first); the handle needs read or write access (ERROR_ACCESS_DENIED); an invalid
    /// range is ERROR_INVALID_LOCK_RANGE; a request conflicts with an overlapping exclusive
    /// lock of another file object, and — when exclusive — with any overlapping lock
    /// (ERROR_LOCK_VIOLATION, with or without FAIL_IMMEDIATELY: nothing could ever release
    /// it while the caller waits; engine choice, `System::lock_file`).
    pub fn lock_file(
        &mut self,
        pid: u32,
        value: u64,
        flags: u32,
        offset: u64,
        length: u64,
    ) -> Result<(), u32> {
        if flags & !(LOCKFILE_EXCLUSIVE_LOCK | LOCKFILE_FAIL_IMMEDIATELY) != 0 {
            return Err(ERROR_INVALID_PARAMETER);
        }
        let (object, access) = self.resolve_typed(pid, value, Kind::File)?;
        if access & (FILE_READ_DATA | FILE_WRITE_DATA | FILE_APPEND_DATA) == 0 {
            return Err(ERROR_ACCESS_DENIED);
        }
        check_range(offset, length)?;
        let node = self.file_object(object).ok_or(ERROR_INVALID_HANDLE)?.node;
        let n = self.files.get_mut(&node).ok_or(ERROR_INVALID_HANDLE)?;
        let lock = FileLock {
            offset,
            length,
            owner: object,
            exclusive: flags & LOCKFILE_EXCLUSIVE_LOCK != 0,
        };
        let conflict = n.locks.iter().any(|l| {
            overlaps(l.range(), lock.range())
                && (lock.exclusive || (l.exclusive && l.owner != object))
        });
        if conflict {
            return Err(ERROR_LOCK_VIOLATION);
        }
        n.locks.push(lock);
        Ok(())
    }

    /// `UnlockFileEx(handle, 0, length, offset)`: any file handle; an invalid range is
    /// ERROR_INVALID_LOCK_RANGE; it releases exactly a range this file object locked — of two,
    /// the exclusive one first (test_LockFile "exclusive lock is removed first") — else
    /// ERROR_NOT_LOCKED.
    pub fn unlock_file(
        &mut self,
        pid: u32,
        value: u64,
        offset: u64,
        length: u64,
    ) -> Result<(), u32> {
        let (object, _) = self.resolve_typed(pid, value, Kind::File)?;
        check_range(offset, length)?;
        let node = self.file_object(object).ok_or(ERROR_INVALID_HANDLE)?.node;
        let n = self.files.get_mut(&node).ok_or(ERROR_INVALID_HANDLE)?;
        let mine = |l: &FileLock| l.offset == offset && l.length == length && l.owner == object;
        let at = n
            .locks
            .iter()
            .position(|l| mine(l) && l.exclusive)
            .or_else(|| n.locks.iter().position(mine))
            .ok_or(ERROR_NOT_LOCKED)?;
        n.locks.remove(at);
        Ok(())
    }

    /// Whether `object` may read (`write = false`) or write `length` bytes at `offset` through
    /// ReadFile / WriteFile (LockFileEx doc): an exclusive lock of another file object denies
    /// both, a shared lock denies everyone writing; a transfer of no bytes touches nothing.
    /// ERROR_LOCK_VIOLATION otherwise (H12).
    pub(crate) fn check_locked_io(
        &self,
        node: u64,
        object: u64,
        offset: u64,
        length: u64,
        write: bool,
    ) -> Result<(), u32> {
        let Some(n) = self.files.get(&node) else {
            return Ok(());
        };
        let denied = length > 0
            && n.locks.iter().any(|l| {
                overlaps(l.range(), (offset, length))
                    && if l.exclusive {
                        l.owner != object
                    } else {
                        write
                    }
            });
        if denied {
            Err(ERROR_LOCK_VIOLATION)
        } else {
            Ok(())
        }
    }

    /// The locks a file object holds, as (offset, length, exclusive) in the order taken (what
    /// the harness compares with `System::file_locks`).
    pub fn locks_held(&self, object: u64) -> Vec<(u64, u64, bool)> {
        let Some(node) = self.file_object(object).map(|f| f.node) else {
            return Vec::new();
        };
        self.files
            .get(&node)
            .map(|n| {
                n.locks
                    .iter()
                    .filter(|l| l.owner == object)
                    .map(|l| (l.offset, l.length, l.exclusive))
                    .collect()
            })
            .unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_and_overlaps_follow_ms_fsa() {
        assert_eq!(check_range(u64::MAX, 1), Ok(()));
        assert_eq!(check_range(u64::MAX, 2), Err(ERROR_INVALID_LOCK_RANGE));
        assert_eq!(check_range(1 << 63, 1 << 63), Ok(()));
        assert_eq!(
            check_range(1 << 63, (1 << 63) + 1),
            Err(ERROR_INVALID_LOCK_RANGE)
        );
        assert!(overlaps((100, 0), (98, 4)));
        assert!(!overlaps((100, 0), (100, 10)));
        assert!(!overlaps((0, 0), (0, 10)));
    }
}
