//! A directory's entries: an open-addressing hash table of 8-byte cells, each a 32-bit tag of
//! the name component's hash and the 32-bit slot index of the named object.
//!
//! The name is not stored here: a lookup compares the wanted component against the candidate
//! object's own name (`NameLink::component`, inline in its slot), which it reads anyway, so a
//! name is stored once (issue #11). A cell holds a slot index and not a full object id: a
//! named object is live (its name holds a reference), so its slot is the one the cell names,
//! and the slot's version comes with the slot line the lookup reads. 8-byte cells are half
//! `hashbrown`'s `(hash, id)` buckets, with no separate control bytes: among 1M names a probe
//! reads one line of a table half the size (issue #11: a random open among 1M names is
//! bounded by its dependent cache misses). A table of 2 MiB or more sits in huge pages
//! (`LargeTableAlloc`).
//!
//! Linear probing with deletion by backward shift (no tombstones): a cell's home is a
//! function of its tag alone, so a removal can move the cells after it back without the
//! names. The table stays at most three quarters full, so a miss (every unique create looks
//! its name up first) reads a few cells of one line.

use crate::huge_pages::LargeTableAlloc;

/// A cell's slot index when the cell is empty (never a slot: the slot map's null index).
const EMPTY: u32 = u32::MAX;

/// Cells a table takes on its first entry (one cache line).
const FIRST_CELLS: usize = 8;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Cell {
    tag: u32,
    slot: u32,
}

const EMPTY_CELL: Cell = Cell {
    tag: 0,
    slot: EMPTY,
};

/// The entries of one directory: `(tag, slot index)` pairs, at most one per name.
#[derive(Clone, Debug)]
pub(crate) struct DirTable {
    /// Empty, or a power of two of cells.
    cells: allocator_api2::vec::Vec<Cell, LargeTableAlloc>,
    len: usize,
}

impl Default for DirTable {
    fn default() -> Self {
        DirTable {
            cells: allocator_api2::vec::Vec::new_in(LargeTableAlloc),
            len: 0,
        }
    }
}

/// The home cell of `tag` in a table of `cells` cells (a power of two at most 2^32): the tag's
/// top bits, so the home is a function of the tag alone.
fn home(tag: u32, cells: usize) -> usize {
    ((u64::from(tag) * cells as u64) >> 32) as usize
}

impl DirTable {
    /// How many entries.
    #[cfg(test)]
    fn len(&self) -> usize {
        self.len
    }

    /// The slot of the first entry with `tag` for which `is` holds, probing from its home.
    pub fn find(&self, tag: u32, mut is: impl FnMut(u32) -> bool) -> Option<u32> {
        let n = self.cells.len();
        if n == 0 {
            return None;
        }
        let mask = n - 1;
        let mut i = home(tag, n);
        // At most every cell; a table is never full, so an empty cell ends the probe first.
        for _ in 0..n {
            let cell = *self.cells.get(i)?;
            if cell.slot == EMPTY {
                return None;
            }
            if cell.tag == tag && is(cell.slot) {
                return Some(cell.slot);
            }
            i = (i + 1) & mask;
        }
        None
    }

    /// Adds an entry. The caller has checked that the name is not in the table.
    pub fn insert(&mut self, tag: u32, slot: u32) {
        if slot == EMPTY {
            return;
        }
        let want = self.len.saturating_add(1);
        if want.saturating_mul(4) > self.cells.len().saturating_mul(3) {
            self.grow();
        }
        if self.place(Cell { tag, slot }) {
            self.len = want;
        }
    }

    /// Puts `cell` in the first empty cell from its home; false if there is none (a table
    /// that could not grow).
    fn place(&mut self, cell: Cell) -> bool {
        let n = self.cells.len();
        if n == 0 {
            return false;
        }
        let mask = n - 1;
        let mut i = home(cell.tag, n);
        for _ in 0..n {
            match self.cells.get_mut(i) {
                Some(c) if c.slot == EMPTY => {
                    *c = cell;
                    return true;
                }
                Some(_) => i = (i + 1) & mask,
                None => return false,
            }
        }
        false
    }

    /// Doubles the cells (or makes the first ones) and places every entry again.
    fn grow(&mut self) {
        let n = self.cells.len();
        let new_n = if n == 0 {
            FIRST_CELLS
        } else {
            n.saturating_mul(2)
        };
        if new_n <= n || new_n as u64 > 1 << 32 {
            return;
        }
        let mut cells = allocator_api2::vec::Vec::with_capacity_in(new_n, LargeTableAlloc);
        cells.resize(new_n, EMPTY_CELL);
        let old = std::mem::replace(&mut self.cells, cells);
        for cell in old.iter().filter(|c| c.slot != EMPTY) {
            self.place(*cell);
        }
    }

    /// Removes the entry `(tag, slot)`; false if there is none. The cells after it that
    /// probed past it move back (backward shift), so that no probe meets a hole too early.
    pub fn remove(&mut self, tag: u32, slot: u32) -> bool {
        let n = self.cells.len();
        if n == 0 {
            return false;
        }
        let mask = n - 1;
        let mut i = home(tag, n);
        let mut found = None;
        for _ in 0..n {
            let Some(&cell) = self.cells.get(i) else {
                return false;
            };
            if cell.slot == EMPTY {
                break;
            }
            if cell.tag == tag && cell.slot == slot {
                found = Some(i);
                break;
            }
            i = (i + 1) & mask;
        }
        let Some(mut hole) = found else {
            return false;
        };
        let mut j = hole;
        for _ in 0..n {
            j = (j + 1) & mask;
            let Some(&cell) = self.cells.get(j) else {
                break;
            };
            if cell.slot == EMPTY {
                break;
            }
            // The cell at `j` may fill the hole if the hole lies on its probe path, from its
            // home to `j`: its distance from home is at least the hole's distance to `j`.
            let from_home = j.wrapping_sub(home(cell.tag, n)) & mask;
            let from_hole = j.wrapping_sub(hole) & mask;
            if from_home >= from_hole {
                if let Some(h) = self.cells.get_mut(hole) {
                    *h = cell;
                }
                hole = j;
            }
        }
        if let Some(h) = self.cells.get_mut(hole) {
            *h = EMPTY_CELL;
        }
        self.len = self.len.saturating_sub(1);
        true
    }

    /// The entries as `(tag, slot)`, in cell order (deterministic: a function of the tags and
    /// of the order of insertions and removals).
    pub fn iter(&self) -> impl Iterator<Item = (u32, u32)> + '_ {
        self.cells
            .iter()
            .filter(|c| c.slot != EMPTY)
            .map(|c| (c.tag, c.slot))
    }

    /// The table's own invariants (for `System::check`): a power-of-two size, the count, the
    /// load bound, and every entry reachable from its home with no empty cell between.
    pub fn check(&self) -> Result<(), String> {
        let n = self.cells.len();
        if n != 0 && !n.is_power_of_two() {
            return Err(format!("directory table of {n} cells"));
        }
        let used = self.cells.iter().filter(|c| c.slot != EMPTY).count();
        if used != self.len {
            return Err(format!(
                "directory table counts {} entries but holds {used}",
                self.len
            ));
        }
        if used.saturating_mul(4) > n.saturating_mul(3) {
            return Err(format!("directory table of {n} cells holds {used} entries"));
        }
        let mask = n.wrapping_sub(1);
        for (i, cell) in self.cells.iter().enumerate() {
            if cell.slot == EMPTY {
                continue;
            }
            let mut k = home(cell.tag, n);
            while k != i {
                if self.cells.get(k).is_none_or(|c| c.slot == EMPTY) {
                    return Err(format!(
                        "directory table entry for slot {} is unreachable from its home",
                        cell.slot
                    ));
                }
                k = (k + 1) & mask;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entries(t: &DirTable) -> Vec<(u32, u32)> {
        let mut v: Vec<_> = t.iter().collect();
        v.sort_unstable();
        v
    }

    #[test]
    fn insert_find_remove() {
        let mut t = DirTable::default();
        assert_eq!(t.find(5, |_| true), None);
        assert!(!t.remove(5, 1));
        t.insert(5, 1);
        t.insert(0x8000_0000, 2);
        assert_eq!(t.len(), 2);
        assert_eq!(t.find(5, |_| true), Some(1));
        assert_eq!(t.find(5, |s| s == 2), None);
        assert_eq!(t.find(0x8000_0000, |s| s == 2), Some(2));
        assert!(t.remove(5, 1));
        assert!(!t.remove(5, 1));
        assert_eq!(t.find(5, |_| true), None);
        assert_eq!(t.len(), 1);
        assert_eq!(entries(&t), vec![(0x8000_0000, 2)]);
        assert_eq!(t.check(), Ok(()));
    }

    /// Equal tags (colliding names) are told apart by the caller's confirmation; a removal
    /// in the middle of a probe run keeps the later entries reachable (backward shift).
    #[test]
    fn colliding_tags_and_backward_shift() {
        let mut t = DirTable::default();
        for slot in 1..=5 {
            t.insert(7, slot);
        }
        // Another home's entry pushed into the run.
        t.insert(7 + (1 << 29), 9);
        for slot in 1..=5 {
            assert_eq!(t.find(7, |s| s == slot), Some(slot));
        }
        assert!(t.remove(7, 2));
        assert_eq!(t.check(), Ok(()));
        for slot in [1, 3, 4, 5] {
            assert_eq!(t.find(7, |s| s == slot), Some(slot));
        }
        assert_eq!(t.find(7, |s| s == 2), None);
        assert_eq!(t.find(7 + (1 << 29), |s| s == 9), Some(9));
        assert!(t.remove(7, 1));
        assert!(t.remove(7, 5));
        assert_eq!(t.check(), Ok(()));
        assert_eq!(entries(&t), vec![(7, 3), (7, 4), (7 + (1 << 29), 9)]);
    }

    /// Entries whose probe runs wrap past the last cell stay reachable after removals.
    #[test]
    fn wrapping_runs() {
        let mut t = DirTable::default();
        for slot in 0..5 {
            t.insert(u32::MAX, slot);
        }
        t.insert(0, 10);
        assert_eq!(t.check(), Ok(()));
        assert!(t.remove(u32::MAX, 0));
        assert!(t.remove(u32::MAX, 3));
        assert_eq!(t.check(), Ok(()));
        for slot in [1, 2, 4] {
            assert_eq!(t.find(u32::MAX, |s| s == slot), Some(slot));
        }
        assert_eq!(t.find(0, |_| true), Some(10));
    }

    /// Many entries with spread tags: the table grows, stays at most 3/4 full, and keeps every
    /// entry through removals of half of them.
    #[test]
    fn grows_and_keeps_everything() {
        let mut t = DirTable::default();
        let tag = |i: u32| i.wrapping_mul(0x9E37_79B9);
        for i in 0..10_000u32 {
            t.insert(tag(i), i);
        }
        assert_eq!(t.len(), 10_000);
        assert_eq!(t.check(), Ok(()));
        assert!(t.cells.len() >= 10_000 * 4 / 3);
        for i in (0..10_000u32).step_by(2) {
            assert!(t.remove(tag(i), i));
        }
        assert_eq!(t.check(), Ok(()));
        for i in 0..10_000u32 {
            let want = (i % 2 == 1).then_some(i);
            assert_eq!(t.find(tag(i), |s| s == i), want, "{i}");
        }
        let copy = t.clone();
        assert_eq!(entries(&copy), entries(&t));
    }
}
