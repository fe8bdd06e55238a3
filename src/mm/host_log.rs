//! Change logs for the host mirror (`host_window.rs`): the engine notes which regions of an
//! address space and which files' disk images or caches changed, and the mirror reconciles
//! only those after a call, so its cost follows what the call changed, not how much is mapped
//! (issue 11: "no operation whose cost grows with unrelated state").
//!
//! The logs are bounded: past `LIMIT` entries a log says "everything changed" and the next
//! reconciliation walks the whole address space once. On the simulated backend nothing drains
//! them, so they sit at that bound and cost a flag test per note.

use crate::io::storage::FileId;
use crate::system::System;

/// How many region bases one address space remembers between two reconciliations.
const LIMIT: usize = 64;

/// Bases of the regions of one address space that were inserted, removed or borrowed
/// mutably since the mirror last looked.
#[derive(Clone, Debug, Default)]
pub(crate) struct RegionChanges {
    bases: Vec<u64>,
    all: bool,
}

impl RegionChanges {
    /// The region based at `base` changed (or appeared, or went).
    pub fn note(&mut self, base: u64) {
        if self.all || self.bases.last() == Some(&base) {
            return;
        }
        if self.bases.len() < LIMIT {
            self.bases.push(base);
        } else {
            self.all = true;
        }
    }

    /// Every region may have changed (process exit, a log overflow).
    pub fn note_all(&mut self) {
        self.all = true;
    }

    /// The bases noted (unordered, possibly repeated) and whether everything changed; the
    /// log is empty afterwards.
    pub fn take(&mut self) -> (Vec<u64>, bool) {
        (
            std::mem::take(&mut self.bases),
            std::mem::take(&mut self.all),
        )
    }
}

impl System {
    /// A file's disk image or a host's cache of it changed under possibly mapped views (a
    /// flush dropped clean pages or shared dirty ones with the disk, a resize zeroed a tail, a
    /// non-buffered write reached the disk): the mirror re-reads those views' pages.
    pub(crate) fn note_file_changed(&mut self, file: FileId) {
        #[cfg(target_os = "linux")]
        self.host_views.note_file(file);
        #[cfg(not(target_os = "linux"))]
        let _ = file;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Notes are kept in order without immediate repeats, and past the bound the log says
    /// "everything"; taking empties it.
    #[test]
    fn region_changes_are_bounded_and_drained() {
        let mut c = RegionChanges::default();
        c.note(1);
        c.note(1);
        c.note(2);
        assert_eq!(c.take(), (vec![1, 2], false));
        assert_eq!(c.take(), (vec![], false));
        for b in 0..=LIMIT as u64 {
            c.note(b);
        }
        let (bases, all) = c.take();
        assert!(all);
        assert_eq!(bases.len(), LIMIT);
        c.note_all();
        c.note(7);
        assert_eq!(c.take(), (vec![], true));
    }
}
