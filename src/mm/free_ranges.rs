//! `FreeRanges`: the free-range index behind automatic placement (MapViewOfFile and
//! VirtualAlloc with a NULL base).
//!
//! Placement is bottom-up first fit on 64 KiB boundaries (catalog F1, F7). Walking the regions
//! from the bottom costs O(regions) per placement (issue #11: 10 s to map 16K views), so the
//! gaps between regions are indexed: by start and by end in two hash maps (so that a region
//! coming or going finds the gaps it splits or joins in O(1), whatever the number of regions),
//! and, per power-of-two class of their *usable* size (the bytes from their first 64 KiB
//! boundary to their end), in one ordered set. The lowest gap that fits is then the lowest
//! start among the classes strictly above the request's class (every gap there fits),
//! compared with the first fitting gap of the request's own class: O(log n) per class, and a
//! gap too small to hold even one aligned page (a 4 KiB view leaves one after it) is in no
//! class. (Ordered maps by start cost a B-tree descent per split or merge, about ten per
//! map + unmap, which made MapViewOfFile + unmap 2.4x slower among 100K views: issue #11.)

use std::collections::BTreeMap;

use crate::consts::ALLOCATION_GRANULARITY;

type Gaps = hashbrown::HashMap<u64, u64, foldhash::fast::FixedState>;

/// Free gaps of `[low, high)` not covered by any region.
#[derive(Clone, Debug)]
pub(crate) struct FreeRanges {
    low: u64,
    high: u64,
    /// Gap start -> gap end (exclusive); gaps are disjoint and never adjacent.
    by_start: Gaps,
    /// Gap end -> gap start: the same gaps.
    by_end: Gaps,
    /// (class `k`, start) -> end of every gap whose usable size is in `[2^k, 2^(k+1))`: one
    /// ordered map, so an address space with few gaps allocates little.
    classes: BTreeMap<(u8, u64), u64>,
    /// The last `first_fit` answer and the start of the gap it lies in, so that taking the
    /// placed region finds its gap without a search (checked before use).
    last_fit: Option<(u64, u64)>,
}

/// Bytes of `[start, end)` from its first 64 KiB boundary on.
fn usable(start: u64, end: u64) -> u64 {
    start
        .checked_next_multiple_of(ALLOCATION_GRANULARITY)
        .map_or(0, |aligned| end.saturating_sub(aligned))
}

fn class_of(size: u64) -> Option<u8> {
    (size > 0).then(|| (63 - size.leading_zeros()) as u8)
}

impl FreeRanges {
    /// The whole of `[low, high)` free.
    pub fn new(low: u64, high: u64) -> Self {
        let mut f = FreeRanges {
            low,
            high,
            by_start: Gaps::default(),
            by_end: Gaps::default(),
            classes: BTreeMap::new(),
            last_fit: None,
        };
        f.add_gap(low, high);
        f
    }

    fn add_gap(&mut self, start: u64, end: u64) {
        if start >= end {
            return;
        }
        self.by_start.insert(start, end);
        self.by_end.insert(end, start);
        if let Some(k) = class_of(usable(start, end)) {
            self.classes.insert((k, start), end);
        }
    }

    fn remove_gap(&mut self, start: u64) -> Option<u64> {
        let end = self.by_start.remove(&start)?;
        self.by_end.remove(&end);
        if let Some(k) = class_of(usable(start, end)) {
            self.classes.remove(&(k, start));
        }
        Some(end)
    }

    /// `[base, base+size)` is now taken (the caller checked it was free); `below` gives the
    /// end of the region below `base` (0 if none), asked only when `base` is not the last
    /// `first_fit` answer.
    pub fn take(&mut self, base: u64, size: u64, below: impl FnOnce() -> u64) {
        let start = base.max(self.low);
        let end = base.saturating_add(size).min(self.high);
        if start >= end {
            return;
        }
        let fitted = self
            .last_fit
            .take()
            .filter(|&(b, _)| b == base)
            .map(|(_, g)| g);
        let contains =
            |f: &Self, g: u64| f.by_start.get(&g).is_some_and(|&e| g <= start && end <= e);
        let gap_start = match fitted.filter(|&g| contains(self, g)) {
            Some(g) => g,
            None => {
                let g = below().max(self.low);
                if !contains(self, g) {
                    return;
                }
                g
            }
        };
        let Some(gap_end) = self.remove_gap(gap_start) else {
            return;
        };
        self.add_gap(gap_start, start);
        self.add_gap(end, gap_end);
    }

    /// `[base, base+size)` is free again: merged with its neighbours.
    pub fn give_back(&mut self, base: u64, size: u64) {
        let mut start = base.max(self.low);
        let mut end = base.saturating_add(size).min(self.high);
        if start >= end {
            return;
        }
        if let Some(prev_start) = self.by_end.get(&start).copied() {
            self.remove_gap(prev_start);
            start = prev_start;
        }
        if let Some(next_end) = self.remove_gap(end) {
            end = next_end;
        }
        self.add_gap(start, end);
    }

    /// The lowest 64 KiB-aligned base with `size` free bytes (first fit).
    pub fn first_fit(&mut self, size: u64) -> Option<u64> {
        let need = size.max(1);
        let k = class_of(need)?;
        // Every gap of a higher class fits; take the lowest of them, visiting only the
        // classes that hold a gap.
        let mut best: Option<u64> = None;
        let mut class = k.checked_add(1);
        while let Some(c) = class {
            let Some((&(found, start), _)) = self.classes.range((c, 0)..).next() else {
                break;
            };
            best = Some(best.map_or(start, |b| b.min(start)));
            class = found.checked_add(1);
        }
        // In the request's own class, the first gap that fits and lies below `best`.
        for (&(_, start), &end) in self.classes.range((k, 0)..(k, best.unwrap_or(u64::MAX))) {
            if usable(start, end) >= need {
                best = Some(start);
                break;
            }
        }
        let start = best?;
        let base = start.checked_next_multiple_of(ALLOCATION_GRANULARITY)?;
        self.last_fit = Some((base, start));
        Some(base)
    }

    /// The gaps, in address order (for `System::check`).
    pub fn iter(&self) -> impl Iterator<Item = (u64, u64)> {
        let mut gaps: Vec<(u64, u64)> = self.by_start.iter().map(|(s, e)| (*s, *e)).collect();
        gaps.sort_unstable();
        gaps.into_iter()
    }

    /// Both gap maps hold the same gaps and every gap is in exactly the class of its usable
    /// size (for `System::check`).
    pub fn check_classes(&self) -> bool {
        let expected: BTreeMap<(u8, u64), u64> = self
            .by_start
            .iter()
            .filter_map(|(s, e)| class_of(usable(*s, *e)).map(|k| ((k, *s), *e)))
            .collect();
        expected == self.classes
            && self.by_end.len() == self.by_start.len()
            && self
                .by_start
                .iter()
                .all(|(s, e)| self.by_end.get(e) == Some(s))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const G: u64 = ALLOCATION_GRANULARITY;

    #[test]
    fn first_fit_is_lowest_aligned_gap() {
        let mut f = FreeRanges::new(16 * G, 1 << 40);
        assert_eq!(f.first_fit(0x1000), Some(16 * G));
        f.take(16 * G, 0x1000, || 0);
        // The rest of that granule holds no aligned address.
        assert_eq!(f.first_fit(0x1000), Some(17 * G));
        f.take(17 * G, 3 * G, || 16 * G + 0x1000);
        f.take(21 * G, G, || 20 * G);
        // A one-granule hole at 20G: fits 64 KiB, not 128 KiB.
        assert_eq!(f.first_fit(G), Some(20 * G));
        assert_eq!(f.first_fit(2 * G), Some(22 * G));
        f.give_back(17 * G, 3 * G);
        assert_eq!(f.first_fit(2 * G), Some(17 * G));
        f.give_back(16 * G, 0x1000);
        f.give_back(21 * G, G);
        assert_eq!(f.iter().collect::<Vec<_>>(), vec![(16 * G, 1 << 40)]);
        assert!(f.check_classes());
    }

    #[test]
    fn regions_outside_the_window_are_ignored() {
        let mut f = FreeRanges::new(16 * G, 32 * G);
        f.take(0x5000, 0x1000, || 0);
        f.take(15 * G, 2 * G, || 0x6000);
        assert_eq!(f.first_fit(G), Some(17 * G));
        assert_eq!(f.first_fit(16 * G), None);
        f.give_back(15 * G, 2 * G);
        assert_eq!(f.first_fit(16 * G), Some(16 * G));
    }
}
