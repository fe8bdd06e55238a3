//! `PageMap<V>`: a value per page index, stored as coalesced runs, so that a 1 TiB view whose
//! protection or commit state is uniform costs one entry, and a query can report how far a run
//! of identical pages extends (VirtualQuery's RegionSize).

use std::collections::BTreeMap;

/// Runs `start -> (end, value)` over page indices, non-overlapping, adjacent equal runs merged.
///
/// A map of at most one run (a SEC_COMMIT section's commit state, a view's uniform protection:
/// most maps) keeps it inline in `single` and allocates no B-tree node (issue #11: host bytes per
/// named section and per view); `runs` holds two or more, and then `single` is `None`.
#[derive(Clone, Debug, Default)]
pub(crate) struct PageMap<V: Copy + Eq> {
    single: Option<(u64, u64, V)>,
    runs: BTreeMap<u64, (u64, V)>,
}

impl<V: Copy + Eq> PartialEq for PageMap<V> {
    fn eq(&self, other: &Self) -> bool {
        self.iter().eq(other.iter())
    }
}

impl<V: Copy + Eq> Eq for PageMap<V> {}

impl<V: Copy + Eq> PageMap<V> {
    pub fn new() -> Self {
        PageMap {
            single: None,
            runs: BTreeMap::new(),
        }
    }

    /// The runs as a B-tree, for a change (the inline run moves in).
    fn tree(&mut self) -> &mut BTreeMap<u64, (u64, V)> {
        if let Some((s, e, v)) = self.single.take() {
            self.runs.insert(s, (e, v));
        }
        &mut self.runs
    }

    /// After a change: one run or none goes back inline and the B-tree's node is freed.
    fn settle(&mut self) {
        if self.single.is_none() && self.runs.len() <= 1 {
            let tree = std::mem::take(&mut self.runs);
            self.single = tree.into_iter().next().map(|(s, (e, v))| (s, e, v));
        }
    }

    /// The run starting at or before `page` (the last such).
    fn run_at_or_before(&self, page: u64) -> Option<(u64, u64, V)> {
        match self.single {
            Some(r) => (r.0 <= page).then_some(r),
            None => {
                let (&s, &(e, v)) = self.runs.range(..=page).next_back()?;
                Some((s, e, v))
            }
        }
    }

    /// The first run starting at or after `page`.
    fn run_from(&self, page: u64) -> Option<(u64, u64, V)> {
        match self.single {
            Some(r) => (r.0 >= page).then_some(r),
            None => {
                let (&s, &(e, v)) = self.runs.range(page..).next()?;
                Some((s, e, v))
            }
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
        let (_, end, v) = self.run_at_or_before(page)?;
        (page < end).then_some(v)
    }

    /// The run containing `page`: its first page, its end (exclusive) and its value.
    pub fn run_at(&self, page: u64) -> Option<(u64, u64, V)> {
        self.run_at_or_before(page).filter(|r| page < r.1)
    }

    /// The end of the run containing `page` (value `get(page)`, possibly None), capped at `limit`.
    pub fn run_end(&self, page: u64, limit: u64) -> u64 {
        match self.run_at_or_before(page) {
            Some((_, end, _)) if page < end => end.min(limit),
            _ => self.run_from(page).map_or(limit, |(s, _, _)| s.min(limit)),
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
        if self.single.is_none() && self.runs.is_empty() {
            self.single = Some((start, end, value));
            return;
        }
        self.clear_runs(start, end);
        let runs = self.tree();
        let mut s = start;
        let mut e = end;
        // Merge with an equal run ending at `start`.
        if let Some((&ps, &(pe, pv))) = runs.range(..start).next_back() {
            if pe == start && pv == value {
                runs.remove(&ps);
                s = ps;
            }
        }
        // Merge with an equal run starting at `end`.
        if let Some(&(ne, nv)) = runs.get(&end) {
            if nv == value {
                runs.remove(&end);
                e = ne;
            }
        }
        runs.insert(s, (e, value));
        self.settle();
    }

    /// Removes every value on `[start, end)`.
    pub fn clear(&mut self, start: u64, end: u64) {
        self.clear_runs(start, end);
        self.settle();
    }

    /// `clear` without settling (`set` settles once at its end).
    fn clear_runs(&mut self, start: u64, end: u64) {
        if start >= end {
            return;
        }
        // Nothing to clear: no B-tree node.
        if let Some((s, e, _)) = self.single {
            if e <= start || s >= end {
                return;
            }
        }
        let runs = self.tree();
        // Split a run that straddles `start`.
        if let Some((&ps, &(pe, pv))) = runs.range(..start).next_back() {
            if pe > start {
                runs.insert(ps, (start, pv));
                if pe > end {
                    runs.insert(end, (pe, pv));
                    return;
                }
            }
        }
        let inside: Vec<u64> = runs.range(start..end).map(|(&s, _)| s).collect();
        for s in inside {
            if let Some((e, v)) = runs.remove(&s) {
                if e > end {
                    runs.insert(end, (e, v));
                }
            }
        }
    }

    /// The runs, in order.
    pub fn iter(&self) -> impl Iterator<Item = (u64, u64, V)> + '_ {
        self.single
            .into_iter()
            .chain(self.runs.iter().map(|(&s, &(e, v))| (s, e, v)))
    }

    /// Whether the runs are sorted, non-empty, non-overlapping and merged (for `check`).
    pub fn is_canonical(&self) -> bool {
        if self.single.is_some() && !self.runs.is_empty() {
            return false;
        }
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
        m.set(10, 11, ());
        assert_eq!(m.iter().collect::<Vec<_>>(), vec![(0, 1 << 28, ())]);
        assert!(m.is_canonical());
    }

    #[test]
    fn one_run_is_inline_and_reads_like_the_tree() {
        let mut m = PageMap::filled(4, 8, 1u32);
        assert!(m.runs.is_empty(), "one run: no B-tree node");
        assert_eq!(
            (m.get(3), m.get(4), m.get(7), m.get(8)),
            (None, Some(1), Some(1), None)
        );
        assert_eq!(
            (m.run_end(0, 100), m.run_end(5, 100), m.run_end(9, 100)),
            (4, 8, 100)
        );
        m.clear(0, 4);
        assert!(
            m.runs.is_empty(),
            "clearing outside the run changes nothing"
        );
        m.set(8, 10, 1);
        assert_eq!(m.iter().collect::<Vec<_>>(), vec![(4, 10, 1)]);
        assert!(m.runs.is_empty());
        m.set(6, 7, 2);
        assert_eq!(m.iter().count(), 3);
        assert!(m.single.is_none());
        m.set(6, 7, 1);
        assert_eq!(m, PageMap::filled(4, 10, 1));
        assert!(m.runs.is_empty(), "back to one run: inline again");
        m.clear(0, 100);
        assert_eq!(m, PageMap::new());
        assert!(m.is_canonical());
    }
}
