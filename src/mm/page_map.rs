//! `PageMap<V>`: a value per page index, stored as coalesced runs, so that a 1 TiB view whose
//! protection or commit state is uniform costs one entry, and a query can report how far a run
//! of identical pages extends (VirtualQuery's RegionSize).

use std::collections::BTreeMap;

/// Runs `start -> (end, value)` over page indices, non-overlapping, adjacent equal runs merged.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct PageMap<V: Copy + Eq> {
    runs: BTreeMap<u64, (u64, V)>,
}

impl<V: Copy + Eq> PageMap<V> {
    pub fn new() -> Self {
        PageMap {
            runs: BTreeMap::new(),
        }
    }

    /// A map with `value` on `[start, end)`.
    pub fn filled(start: u64, end: u64, value: V) -> Self {
        let mut m = PageMap::new();
        m.set(start, end, value);
        m
    }

    /// The value at `page`, if any.
    pub fn get(&self, page: u64) -> Option<V> {
        // Most maps are one run (a uniformly protected view, a wholly committed section): no
        // range search on the access path then (issue #11).
        let (&start, &(end, v)) = if self.runs.len() == 1 {
            self.runs.first_key_value()?
        } else {
            self.runs.range(..=page).next_back()?
        };
        (start <= page && page < end).then_some(v)
    }

    /// The end of the run containing `page` (value `get(page)`, possibly None), capped at `limit`.
    pub fn run_end(&self, page: u64, limit: u64) -> u64 {
        match self.runs.range(..=page).next_back() {
            Some((_, &(end, _))) if page < end => end.min(limit),
            _ => self
                .runs
                .range(page..)
                .next()
                .map_or(limit, |(&s, _)| s.min(limit)),
        }
    }

    /// Whether every page of `[start, end)` has a value.
    pub fn covers(&self, start: u64, end: u64) -> bool {
        let mut page = start;
        while page < end {
            if self.get(page).is_none() {
                return false;
            }
            page = self.run_end(page, end);
        }
        true
    }

    /// Number of pages in `[start, end)` that have a value.
    pub fn count_in(&self, start: u64, end: u64) -> u64 {
        let mut page = start;
        let mut count = 0u64;
        while page < end {
            let next = self.run_end(page, end).max(page.saturating_add(1));
            if self.get(page).is_some() {
                count = count.saturating_add(next - page);
            }
            page = next;
        }
        count
    }

    /// Sets `value` on `[start, end)`.
    pub fn set(&mut self, start: u64, end: u64, value: V) {
        if start >= end {
            return;
        }
        self.clear(start, end);
        let mut s = start;
        let mut e = end;
        // Merge with an equal run ending at `start`.
        if let Some((&ps, &(pe, pv))) = self.runs.range(..start).next_back() {
            if pe == start && pv == value {
                self.runs.remove(&ps);
                s = ps;
            }
        }
        // Merge with an equal run starting at `end`.
        if let Some(&(ne, nv)) = self.runs.get(&end) {
            if nv == value {
                self.runs.remove(&end);
                e = ne;
            }
        }
        self.runs.insert(s, (e, value));
    }

    /// Removes every value on `[start, end)`.
    pub fn clear(&mut self, start: u64, end: u64) {
        if start >= end {
            return;
        }
        // Split a run that straddles `start`.
        if let Some((&ps, &(pe, pv))) = self.runs.range(..start).next_back() {
            if pe > start {
                self.runs.insert(ps, (start, pv));
                if pe > end {
                    self.runs.insert(end, (pe, pv));
                    return;
                }
            }
        }
        let inside: Vec<u64> = self.runs.range(start..end).map(|(&s, _)| s).collect();
        for s in inside {
            if let Some((e, v)) = self.runs.remove(&s) {
                if e > end {
                    self.runs.insert(end, (e, v));
                }
            }
        }
    }

    /// The runs, in order.
    pub fn iter(&self) -> impl Iterator<Item = (u64, u64, V)> + '_ {
        self.runs.iter().map(|(&s, &(e, v))| (s, e, v))
    }

    /// Whether the runs are sorted, non-empty, non-overlapping and merged (for `check`).
    pub fn is_canonical(&self) -> bool {
        let mut prev: Option<(u64, V)> = None;
        for (s, e, v) in self.iter() {
            if s >= e {
                return false;
            }
            if let Some((pe, pv)) = prev {
                if s < pe || (s == pe && pv == v) {
                    return false;
                }
            }
            prev = Some((e, v));
        }
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn set_split_merge() {
        let mut m = PageMap::filled(0, 16, 4u32);
        m.set(3, 4, 8);
        assert_eq!(m.get(2), Some(4));
        assert_eq!(m.get(3), Some(8));
        assert_eq!(m.get(4), Some(4));
        assert_eq!(m.run_end(0, 16), 3);
        assert_eq!(m.run_end(3, 16), 4);
        assert_eq!(m.run_end(4, 10), 10);
        m.set(3, 4, 4);
        assert_eq!(m.iter().count(), 1);
        assert!(m.is_canonical());
        m.clear(5, 7);
        assert_eq!(m.get(5), None);
        assert_eq!(m.run_end(5, 16), 7);
        assert!(!m.covers(0, 16));
        assert!(m.covers(0, 5));
        assert_eq!(m.count_in(0, 16), 14);
        assert!(m.is_canonical());
    }

    #[test]
    fn huge_ranges_are_one_run() {
        let mut m: PageMap<()> = PageMap::new();
        m.set(0, 1 << 28, ());
        m.clear(10, 11);
        assert_eq!(m.iter().count(), 2);
        assert_eq!(m.count_in(0, 1 << 28), (1 << 28) - 1);
    }
}
