//! A process's handle table.
//!
//! Values are non-zero multiples of 4; the low two bits are tag bits the kernel ignores
//! (ntdef.h `OBJ_HANDLE_TAGBITS`; catalog I1, G8). The lowest free slot is used first, so a value
//! freed by `CloseHandle` is reused at once (catalog I2). Allocation and lookup are O(log n) at
//! worst (a heap of free slots) and O(1) for lookup.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use super::object::ObjectId;
use crate::consts::{HANDLE_FLAG_INHERIT, HANDLE_FLAG_PROTECT_FROM_CLOSE};

/// A handle value as a process sees it (pointer-sized, may be garbage).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Handle(pub u64);

impl Handle {
    /// NULL.
    pub const NULL: Handle = Handle(0);
    /// `GetCurrentProcess()` pseudo-handle ((HANDLE)-1), also INVALID_HANDLE_VALUE.
    pub const CURRENT_PROCESS: Handle = Handle(u64::MAX);
    /// `GetCurrentThread()` pseudo-handle ((HANDLE)-2).
    pub const CURRENT_THREAD: Handle = Handle(u64::MAX - 1);

    /// The raw value.
    pub const fn value(self) -> u64 {
        self.0
    }

    /// Slot index for a value, ignoring the tag bits; None for values no table can hold.
    fn slot(self) -> Option<usize> {
        let index = (self.0 >> 2).checked_sub(1)?;
        usize::try_from(index).ok()
    }

    fn from_slot(slot: usize) -> Handle {
        Handle(((slot as u64) + 1) << 2)
    }
}

impl std::fmt::Display for Handle {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "0x{:x}", self.0)
    }
}

/// One handle-table entry.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct HandleEntry {
    pub object: ObjectId,
    /// Granted access, already generic-mapped.
    pub access: u32,
    pub inherit: bool,
    pub protect_from_close: bool,
}

impl HandleEntry {
    /// HANDLE_FLAG_* bits of this entry (`GetHandleInformation`).
    pub fn flags(&self) -> u32 {
        let mut f = 0;
        if self.inherit {
            f |= HANDLE_FLAG_INHERIT;
        }
        if self.protect_from_close {
            f |= HANDLE_FLAG_PROTECT_FROM_CLOSE;
        }
        f
    }
}

/// Why `HandleTable::close` left the table as it was.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum CloseRefused {
    /// No live entry has this value.
    Invalid,
    /// The entry is protected from close (HANDLE_FLAG_PROTECT_FROM_CLOSE).
    Protected,
}

/// The most handles one process may hold (Windows' per-process limit is 2^24).
pub(crate) const MAX_HANDLES: usize = 1 << 24;

/// A process's handle table.
#[derive(Clone, Debug, Default)]
pub(crate) struct HandleTable {
    slots: Vec<Option<HandleEntry>>,
    free: BinaryHeap<Reverse<usize>>,
    live: usize,
}

impl HandleTable {
    /// Whether a freed value is waiting to be reused by the next `insert`.
    pub fn has_free_slot(&self) -> bool {
        !self.free.is_empty()
    }

    /// Inserts an entry at the lowest free value; None when the table is full.
    pub fn insert(&mut self, entry: HandleEntry) -> Option<Handle> {
        let slot = match self.free.pop() {
            Some(Reverse(slot)) => slot,
            None => {
                if self.slots.len() >= MAX_HANDLES {
                    return None;
                }
                self.slots.push(None);
                self.slots.len().checked_sub(1)?
            }
        };
        let cell = self.slots.get_mut(slot)?;
        *cell = Some(entry);
        self.live += 1;
        Some(Handle::from_slot(slot))
    }

    /// Inserts an entry at a given value (inheritance copies handles at the same values).
    /// Returns false if the value is invalid or taken.
    pub fn insert_at(&mut self, handle: Handle, entry: HandleEntry) -> bool {
        let Some(slot) = handle.slot() else {
            return false;
        };
        if slot >= MAX_HANDLES {
            return false;
        }
        if self.slots.len() <= slot {
            let old = self.slots.len();
            self.slots.resize(slot + 1, None);
            for s in old..slot {
                self.free.push(Reverse(s));
            }
        } else {
            if self.slots.get(slot).is_some_and(Option::is_some) {
                return false;
            }
            // The slot was free: take it out of the free heap.
            self.free.retain(|Reverse(s)| *s != slot);
        }
        if let Some(cell) = self.slots.get_mut(slot) {
            *cell = Some(entry);
            self.live += 1;
            true
        } else {
            false
        }
    }

    pub fn get(&self, handle: Handle) -> Option<&HandleEntry> {
        self.slots.get(handle.slot()?)?.as_ref()
    }

    pub fn get_mut(&mut self, handle: Handle) -> Option<&mut HandleEntry> {
        self.slots.get_mut(handle.slot()?)?.as_mut()
    }

    /// `CloseHandle`'s part: removes the entry in one slot lookup, unless it is protected from
    /// close (then it stays). Its value becomes the next one handed out.
    pub fn close(&mut self, handle: Handle) -> Result<HandleEntry, CloseRefused> {
        let slot = handle.slot().ok_or(CloseRefused::Invalid)?;
        let cell = self.slots.get_mut(slot).ok_or(CloseRefused::Invalid)?;
        match cell {
            None => return Err(CloseRefused::Invalid),
            Some(e) if e.protect_from_close => return Err(CloseRefused::Protected),
            Some(_) => {}
        }
        let entry = cell.take().ok_or(CloseRefused::Invalid)?;
        self.free.push(Reverse(slot));
        self.live -= 1;
        Ok(entry)
    }

    /// Live entries in value order.
    pub fn iter(&self) -> impl Iterator<Item = (Handle, &HandleEntry)> {
        self.slots
            .iter()
            .enumerate()
            .filter_map(|(i, e)| e.as_ref().map(|e| (Handle::from_slot(i), e)))
    }

    /// Number of live entries.
    pub fn len(&self) -> usize {
        self.live
    }

    /// Takes every entry out (process exit).
    pub fn drain(&mut self) -> Vec<(Handle, HandleEntry)> {
        let out: Vec<_> = self
            .slots
            .iter_mut()
            .enumerate()
            .filter_map(|(i, e)| e.take().map(|e| (Handle::from_slot(i), e)))
            .collect();
        self.slots.clear();
        self.free.clear();
        self.live = 0;
        out
    }

    /// The counts agree, in O(1) (for `System::check_touched`).
    pub fn check_summary(&self) -> Result<(), String> {
        if self.live.checked_add(self.free.len()) != Some(self.slots.len()) {
            return Err(format!(
                "handle table: {} live + {} free != {} slots",
                self.live,
                self.free.len(),
                self.slots.len()
            ));
        }
        Ok(())
    }

    /// Consistency of the free list and the live count (for `System::check`).
    pub fn check(&self) -> Result<(), String> {
        let live = self.slots.iter().filter(|e| e.is_some()).count();
        if live != self.live {
            return Err(format!("handle table live count {} != {}", self.live, live));
        }
        let mut free: Vec<usize> = self.free.iter().map(|Reverse(s)| *s).collect();
        free.sort_unstable();
        let expected: Vec<usize> = self
            .slots
            .iter()
            .enumerate()
            .filter(|(_, e)| e.is_none())
            .map(|(i, _)| i)
            .collect();
        if free != expected {
            return Err("handle table free list does not match its empty slots".into());
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry() -> HandleEntry {
        HandleEntry {
            object: ObjectId::default(),
            access: 0,
            inherit: false,
            protect_from_close: false,
        }
    }

    #[test]
    fn values_are_multiples_of_four_and_lowest_free_is_reused() {
        let mut t = HandleTable::default();
        let a = t.insert(entry());
        let b = t.insert(entry());
        let c = t.insert(entry());
        assert_eq!(
            (a, b, c),
            (Some(Handle(4)), Some(Handle(8)), Some(Handle(12)))
        );
        assert!(t.close(Handle(8)).is_ok());
        assert!(t.close(Handle(4 | 1)).is_ok(), "tag bits are ignored");
        assert_eq!(t.insert(entry()), Some(Handle(4)));
        assert_eq!(t.insert(entry()), Some(Handle(8)));
        assert_eq!(t.insert(entry()), Some(Handle(16)));
        assert!(t.check().is_ok());
    }

    #[test]
    fn garbage_values_are_not_entries() {
        let mut t = HandleTable::default();
        assert!(t.get(Handle(0)).is_none());
        assert!(t.get(Handle(u64::MAX)).is_none());
        assert!(t.get(Handle(3)).is_none());
        assert_eq!(t.close(Handle(0x12340)), Err(CloseRefused::Invalid));
        assert_eq!(t.close(Handle(u64::MAX)), Err(CloseRefused::Invalid));
        assert!(t.insert_at(Handle(0x20), entry()));
        assert!(!t.insert_at(Handle(0x20), entry()));
        assert_eq!(t.insert(entry()), Some(Handle(4)));
        assert!(t.check().is_ok());
    }

    #[test]
    fn a_protected_entry_stays_and_a_closed_one_is_gone() {
        let mut t = HandleTable::default();
        let h = t.insert(entry()).unwrap_or_default();
        if let Some(e) = t.get_mut(h) {
            e.protect_from_close = true;
        }
        assert_eq!(t.close(h), Err(CloseRefused::Protected));
        assert_eq!(t.len(), 1);
        if let Some(e) = t.get_mut(h) {
            e.protect_from_close = false;
        }
        assert!(t.close(h).is_ok());
        assert_eq!(t.close(h), Err(CloseRefused::Invalid));
        assert_eq!(t.len(), 0);
        assert!(t.check().is_ok());
    }
}
