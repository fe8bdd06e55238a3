//! Byte-range locks (`LockFile`, `LockFileEx`, `UnlockFile`).
//!
//! LockFileEx doc: an exclusive lock denies other handles both read and write access to the
//! range ("If the locking process opens the file a second time, it cannot access the specified
//! region through this second handle"); a shared lock denies everyone write access. Locks never
//! apply to mapped views ("Locking a region of a file does not prevent reading from a mapped file
//! view"; catalog H12). Conflicts are ERROR_LOCK_VIOLATION; unlocking a range that is not locked
//! exactly is ERROR_NOT_LOCKED.

use crate::error::{NtStatus, Result};
use crate::ob::object::ObjectId;

/// One lock: a range held by one file object.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct ByteRangeLock {
    pub offset: u64,
    pub length: u64,
    pub owner: (usize, ObjectId),
    pub exclusive: bool,
}

impl ByteRangeLock {
    fn overlaps(&self, offset: u64, length: u64) -> bool {
        let end = offset.saturating_add(length);
        let own_end = self.offset.saturating_add(self.length);
        length > 0 && self.length > 0 && offset < own_end && self.offset < end
    }
}

/// The locks on one file.
#[derive(Clone, Debug, Default)]
pub(crate) struct ByteRangeLocks {
    locks: Vec<ByteRangeLock>,
}

impl ByteRangeLocks {
    /// Takes a lock, or ERROR_LOCK_VIOLATION if it overlaps any lock (an exclusive request) or
    /// an exclusive lock (a shared request).
    pub fn lock(&mut self, lock: ByteRangeLock) -> Result<()> {
        let conflict = self
            .locks
            .iter()
            .any(|l| l.overlaps(lock.offset, lock.length) && (lock.exclusive || l.exclusive));
        if conflict {
            return Err(NtStatus::LOCK_NOT_GRANTED.into());
        }
        self.locks.push(lock);
        Ok(())
    }

    /// Releases exactly this range held by `owner`.
    pub fn unlock(&mut self, offset: u64, length: u64, owner: (usize, ObjectId)) -> Result<()> {
        let at = self
            .locks
            .iter()
            .position(|l| l.offset == offset && l.length == length && l.owner == owner)
            .ok_or(NtStatus::RANGE_NOT_LOCKED)?;
        self.locks.remove(at);
        Ok(())
    }

    /// Drops every lock of a file object (its last handle closed).
    pub fn release_owner(&mut self, owner: (usize, ObjectId)) {
        self.locks.retain(|l| l.owner != owner);
    }

    /// Whether `owner` may read (`write = false`) or write the range through ReadFile/WriteFile.
    pub fn check_io(
        &self,
        offset: u64,
        length: u64,
        owner: (usize, ObjectId),
        write: bool,
    ) -> Result<()> {
        let denied = self.locks.iter().any(|l| {
            l.overlaps(offset, length) && if l.exclusive { l.owner != owner } else { write }
        });
        if denied {
            Err(NtStatus::FILE_LOCK_CONFLICT.into())
        } else {
            Ok(())
        }
    }

    pub fn len(&self) -> usize {
        self.locks.len()
    }
}
