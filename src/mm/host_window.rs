//! The host mirror of simulated address spaces (host page backend, Linux): each live process
//! gets a PROT_NONE reservation, and every view or private region the engine placed at
//! simulated address `a` is mapped at `base + a` from the memfd of the page store that holds
//! its bytes, page runs by page runs, with the host protection of the engine's page state.
//!
//! The engine decides everything (placement, commit, protection, copy-on-write, unmapping);
//! this mirror only follows it, and only where something changed. Before each `sys` call that
//! may change a mapping, `pull_host` makes the engine learn what raw pointers did, looking only
//! where a raw store can land: the copy-on-write pieces mapped writable (pages the kernel
//! copied, from `/proc/self/pagemap`) and the file-backed pieces mapped writable (present pages
//! whose content hash changed become dirty). After it, `push_host` reconciles the regions the
//! engine noted as changed (`host_log.rs`: the address space notes each region it inserts,
//! removes or lends mutably; `touch_process` notes the process; flushes and resizes note the
//! file), the other views of a section whose commit changed, and the views of a file whose
//! cache or disk image changed.

use std::collections::{BTreeMap, BTreeSet};
use std::hash::BuildHasher;
use std::os::unix::fs::FileExt;

use foldhash::fast::FixedState;

use super::address_space::Region;
use super::host_memory::{host_prot, Backed, Reservation};
use super::protection;
use super::section::{Backing, Section};
use crate::consts::*;
use crate::io::storage::FileId;
use crate::ob::object::ObjectId;
use crate::object_body::Body;
use crate::ps::Pid;
use crate::system::System;

/// The smallest reservation tried when the configured window cannot be had.
const MIN_WINDOW: u64 = 1 << 30;

/// Pagemap entries read at once (64 MiB of address space, a 128 KiB buffer).
const PAGEMAP_CHUNK: u64 = 1 << 14;

/// How many processes or files one call may note before the log says "all of them".
const LOG_LIMIT: usize = 64;

/// One mapped run of pages of a region.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Piece {
    /// Simulated address and length (page multiples).
    start: u64,
    len: u64,
    backed: Backed,
    /// Identity of the memfd behind `backed` (descriptor numbers can be reused).
    memory: u64,
    prot: i32,
}

/// What a mirrored view depends on besides its own region.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct ViewSource {
    host: usize,
    section: ObjectId,
    /// The section's commit charge when mirrored: it grows exactly when pages of the section
    /// are committed, which changes every view of it.
    charge: u64,
    /// The file of a file-backed section.
    file: Option<FileId>,
    /// Identity of the memfd of the section's pages (or of the host's cache of the file).
    memory: u64,
}

/// One mirrored region: its size and what is mapped in it.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Mirrored {
    size: u64,
    pieces: Vec<Piece>,
    source: Option<ViewSource>,
}

/// One process's reservation and what is mapped in it, by region base.
#[derive(Debug)]
struct ProcessMirror {
    reservation: Reservation,
    regions: BTreeMap<u64, Mirrored>,
}

/// A file-backed piece mapped writable: raw stores into it dirty the host's cache.
#[derive(Clone, Copy, Debug)]
struct WatchedFile {
    len: u64,
    host: usize,
    file: FileId,
    /// File page of the piece's first page.
    first: u64,
}

/// The mirrored views of one section and the commit charge last seen.
#[derive(Debug, Default)]
struct SectionViews {
    charge: u64,
    views: BTreeSet<(Pid, u64)>,
}

/// Content hashes of clean cached pages, by page, per (host, file).
type CleanPages = BTreeMap<(usize, FileId), hashbrown::HashMap<u64, u64, FixedState>>;

/// The host mirrors of a machine's processes, their indexes, and the change logs.
#[derive(Debug, Default)]
pub(crate) struct HostViews {
    processes: BTreeMap<Pid, ProcessMirror>,
    /// What each clean page watched through a writable file-backed piece held when last
    /// seen: a page whose bytes differ at the next pull was stored into through a view, and
    /// becomes dirty. (Comparing with the disk instead would mark a clean page dirty when
    /// another computer changed a remote file, and write the stale page back.)
    clean: CleanPages,
    /// Whether a first, full reconciliation happened (until then nothing is logged).
    synced: bool,
    /// Processes noted since the last push; `pids_all`: more than `LOG_LIMIT`.
    pids: Vec<Pid>,
    pids_all: bool,
    /// Files noted since the last push; `files_all`: more than `LOG_LIMIT`.
    files: Vec<FileId>,
    files_all: bool,
    /// Mirrored views by section and by file (for the changes that reach every view).
    by_section: BTreeMap<(usize, ObjectId), SectionViews>,
    by_file: BTreeMap<FileId, BTreeSet<(Pid, u64)>>,
    /// Copy-on-write pieces mapped writable, by (process, start): their length.
    watched_cow: BTreeMap<(Pid, u64), u64>,
    /// File-backed shared pieces mapped writable, by (process, start).
    watched_file: BTreeMap<(Pid, u64), WatchedFile>,
    /// `/proc/self/pagemap`, opened on first use.
    pagemap: Option<std::fs::File>,
    /// Regions reconciled so far (see `System::host_regions_reconciled`).
    reconciled: u64,
}

/// A page's content hash (64-bit foldhash with a fixed seed).
fn page_hash(page: &[u8]) -> u64 {
    FixedState::default().hash_one(page)
}

impl Clone for HostViews {
    /// A cloned machine gets its own reservations, made on its first sync (its page stores
    /// are deep copies, so nothing is shared with the original).
    fn clone(&self) -> Self {
        HostViews::default()
    }
}

/// Adds `item` to a bounded, deduplicated log (`all` once it would exceed `LOG_LIMIT`).
fn note<T: PartialEq>(log: &mut Vec<T>, all: &mut bool, item: T) {
    if *all || log.contains(&item) {
        return;
    }
    if log.len() < LOG_LIMIT {
        log.push(item);
    } else {
        *all = true;
    }
}

impl HostViews {
    /// The engine changed something of `pid` (see `System::touch_process`).
    #[inline]
    pub(crate) fn note_process(&mut self, pid: Pid) {
        if self.synced {
            note(&mut self.pids, &mut self.pids_all, pid);
        }
    }

    /// A file's cache or disk image changed (see `System::note_file_changed`).
    pub(crate) fn note_file(&mut self, file: FileId) {
        if self.synced {
            note(&mut self.files, &mut self.files_all, file);
        }
    }

    /// Records `m` (mirrored at `base` of `pid`) in the indexes.
    fn index_add(&mut self, pid: Pid, base: u64, m: &Mirrored) {
        if let Some(s) = m.source {
            let views = self.by_section.entry((s.host, s.section)).or_default();
            views.charge = s.charge;
            views.views.insert((pid, base));
            if let Some(file) = s.file {
                self.by_file.entry(file).or_default().insert((pid, base));
            }
        }
        for p in &m.pieces {
            if p.prot & libc::PROT_WRITE == 0 {
                continue;
            }
            match (p.backed, m.source.and_then(|s| s.file.map(|f| (s.host, f)))) {
                (Backed::Private { .. }, _) => {
                    self.watched_cow.insert((pid, p.start), p.len);
                }
                (Backed::Shared { offset, .. }, Some((host, file)))
                    if m.source.is_some_and(|s| s.memory == p.memory) =>
                {
                    self.watched_file.insert(
                        (pid, p.start),
                        WatchedFile {
                            len: p.len,
                            host,
                            file,
                            first: offset / PAGE_SIZE,
                        },
                    );
                }
                _ => {}
            }
        }
    }

    /// Removes `m` (mirrored at `base` of `pid`) from the indexes.
    fn index_remove(&mut self, pid: Pid, base: u64, m: &Mirrored) {
        if let Some(s) = m.source {
            if let Some(views) = self.by_section.get_mut(&(s.host, s.section)) {
                views.views.remove(&(pid, base));
                if views.views.is_empty() {
                    self.by_section.remove(&(s.host, s.section));
                }
            }
            if let Some(file) = s.file {
                if let Some(views) = self.by_file.get_mut(&file) {
                    views.remove(&(pid, base));
                    if views.is_empty() {
                        self.by_file.remove(&file);
                        self.clean.retain(|(_, f), _| *f != file);
                    }
                }
            }
        }
        for p in &m.pieces {
            self.watched_cow.remove(&(pid, p.start));
            self.watched_file.remove(&(pid, p.start));
        }
    }

    /// Pages of `[start, start+len)` of `pid`'s reservation whose pagemap entry passes
    /// `keep`, scanned in chunks of `PAGEMAP_CHUNK` entries (the whole run, however long).
    fn scan(&mut self, pid: Pid, start: u64, len: u64, keep: fn(u64) -> bool) -> Vec<u64> {
        let mut out = Vec::new();
        let Some(base) = self.processes.get(&pid).map(|m| m.reservation.base()) else {
            return out;
        };
        if self.pagemap.is_none() {
            self.pagemap = std::fs::File::open("/proc/self/pagemap").ok();
        }
        let Some(f) = &self.pagemap else {
            return out;
        };
        let first = (base as u64 + start) / PAGE_SIZE;
        let count = len / PAGE_SIZE;
        let mut buf = Vec::new();
        let mut done = 0u64;
        while done < count {
            let n = (count - done).min(PAGEMAP_CHUNK);
            buf.resize(usize::try_from(n * 8).unwrap_or(0), 0u8);
            if f.read_exact_at(&mut buf, (first + done) * 8).is_err() {
                return out;
            }
            for (i, entry) in buf.chunks_exact(8).enumerate() {
                let mut word = [0u8; 8];
                word.copy_from_slice(entry);
                if keep(u64::from_le_bytes(word)) {
                    out.push(start / PAGE_SIZE + done + i as u64);
                }
            }
            done += n;
        }
        out
    }
}

/// A page the kernel copied privately (a written copy-on-write page): present (bit 63) and
/// not file-backed or shared (bit 61).
fn is_private_copy(entry: u64) -> bool {
    entry & (1 << 63) != 0 && entry & (1 << 61) == 0
}

/// A page present in the mapping (bit 63) or swapped out (bit 62): one a raw access reached.
fn is_present(entry: u64) -> bool {
    entry & (3 << 62) != 0
}

impl System {
    /// Whether this machine keeps its pages in host memory (`MemoryBackend::Host`).
    pub fn uses_host_memory(&self) -> bool {
        self.config.memory.window().is_some()
    }

    /// Host address of simulated address 0 in `pid`'s reservation, made on first use, and
    /// its size; `None` for the simulated backend, an exited process, or a host that refuses
    /// even 1 GiB. If the configured window cannot be reserved (host address space is shared
    /// by every machine of the test process), halving sizes down to 1 GiB are tried; regions
    /// beyond the window a process got are not mirrored.
    pub fn host_reservation(&mut self, pid: Pid) -> Option<(usize, u64)> {
        let window = self.config.memory.window()?;
        if !self.is_running(pid) {
            return None;
        }
        if let Some(m) = self.host_views.processes.get(&pid) {
            return Some((m.reservation.base(), m.reservation.size()));
        }
        let mut size = window;
        let reservation = loop {
            match Reservation::new(size) {
                Ok(r) => break r,
                Err(_) if size > MIN_WINDOW => size /= 2,
                Err(_) => return None,
            }
        };
        let found = (reservation.base(), reservation.size());
        self.host_views.processes.insert(
            pid,
            ProcessMirror {
                reservation,
                regions: BTreeMap::new(),
            },
        );
        Some(found)
    }

    /// How many regions the host mirror has reconciled on this machine (a region is
    /// reconciled when the engine noted it changed, or its section's commit or its file's
    /// cache changed): what a test asserts to show a call's cost follows what it changed.
    #[doc(hidden)]
    pub fn host_regions_reconciled(&self) -> u64 {
        self.host_views.reconciled
    }

    /// `host_reservation` without making one.
    pub fn host_reservation_if_made(&self, pid: Pid) -> Option<(usize, u64)> {
        self.host_views
            .processes
            .get(&pid)
            .map(|m| (m.reservation.base(), m.reservation.size()))
    }

    /// Mirrors the address spaces now and says whether the region based at `base` in `pid`
    /// is mirrored (its page stores could move into host memory and it lies in the window).
    pub fn host_mirrors(&mut self, pid: Pid, base: u64) -> bool {
        self.push_host();
        self.host_views
            .processes
            .get(&pid)
            .is_some_and(|m| m.regions.contains_key(&base))
    }

    /// Host address of simulated address 0 in `pid`'s reservation (see `host_reservation`).
    pub fn host_base(&mut self, pid: Pid) -> Option<usize> {
        self.host_reservation(pid).map(|(base, _)| base)
    }

    /// Pulls what raw pointers did, then mirrors the engine's address spaces into host memory
    /// (see the module doc). Does nothing on the simulated backend.
    pub fn sync_host(&mut self) {
        self.pull_host();
        self.push_host();
    }

    /// The first half of `sync_host`: what raw pointers did becomes engine state (before a
    /// call, so the engine decides on it). Looks only at pieces mapped writable.
    pub fn pull_host(&mut self) {
        if !self.uses_host_memory() {
            return;
        }
        self.pull_private_copies();
        self.pull_dirty_cache_pages();
    }

    /// The second half of `sync_host`: the regions the engine changed since the last push
    /// are mirrored into host memory (after a call). The first push of a machine mirrors
    /// everything.
    pub fn push_host(&mut self) {
        if !self.uses_host_memory() {
            return;
        }
        let views = &mut self.host_views;
        let first = !views.synced;
        views.synced = true;
        let (pids, pids_all) = (
            std::mem::take(&mut views.pids),
            std::mem::take(&mut views.pids_all) || first,
        );
        let (files, files_all) = (
            std::mem::take(&mut views.files),
            std::mem::take(&mut views.files_all),
        );
        let files: Vec<FileId> = if files_all {
            views.by_file.keys().copied().collect()
        } else {
            files
        };
        let pids: BTreeSet<Pid> = if pids_all {
            self.processes
                .keys()
                .chain(self.host_views.processes.keys())
                .copied()
                .collect()
        } else {
            pids.into_iter().collect()
        };
        let mut queue: Vec<(Pid, u64)> = Vec::new();
        for pid in pids {
            if !self.is_running(pid) {
                self.drop_mirror(pid);
                continue;
            }
            let Some(process) = self.processes.get_mut(&pid) else {
                continue;
            };
            let (bases, all) = process.address_space.changes.take();
            if all || first {
                queue.extend(process.address_space.iter().map(|r| (pid, r.base())));
                if let Some(m) = self.host_views.processes.get(&pid) {
                    queue.extend(m.regions.keys().map(|b| (pid, *b)));
                }
            } else {
                queue.extend(bases.into_iter().map(|b| (pid, b)));
            }
        }
        for file in &files {
            if let Some(views) = self.host_views.by_file.get(file) {
                queue.extend(views.iter().copied());
            }
        }
        self.reconcile(queue);
        for file in files {
            self.record_clean_pages(Some(file));
        }
    }

    /// A process that exited loses its reservation (and every mapping in it).
    fn drop_mirror(&mut self, pid: Pid) {
        let Some(m) = self.host_views.processes.remove(&pid) else {
            return;
        };
        for (base, region) in &m.regions {
            self.host_views.index_remove(pid, *base, region);
        }
    }

    /// Brings the regions at `queue`'s (process, base) pairs up to date: stale mappings are
    /// reset first, then new ones mapped (a region that moved may overlap another's old
    /// range). A view whose section's commit changed queues the section's other views.
    fn reconcile(&mut self, mut queue: Vec<(Pid, u64)>) {
        let mut seen: BTreeSet<(Pid, u64)> = BTreeSet::new();
        let mut to_map: Vec<(Pid, u64, Mirrored)> = Vec::new();
        while let Some((pid, base)) = queue.pop() {
            if !seen.insert((pid, base)) {
                continue;
            }
            self.host_views.reconciled = self.host_views.reconciled.saturating_add(1);
            let exists = self.is_running(pid)
                && self
                    .processes
                    .get(&pid)
                    .and_then(|p| p.address_space.find(base))
                    .is_some_and(|r| r.base() == base);
            let desired = match exists.then(|| self.host_reservation(pid)).flatten() {
                Some((_, window)) => self.desired_region(pid, base, window),
                None => None,
            };
            let views = &mut self.host_views;
            if let Some(s) = desired.as_ref().and_then(|d| d.source) {
                if let Some(section) = views.by_section.get_mut(&(s.host, s.section)) {
                    if section.charge != s.charge {
                        section.charge = s.charge;
                        queue.extend(section.views.iter().copied());
                    }
                }
            }
            let Some(mirror) = views.processes.get_mut(&pid) else {
                continue;
            };
            if mirror.regions.get(&base) == desired.as_ref() {
                continue;
            }
            if let Some(old) = mirror.regions.remove(&base) {
                mirror.reservation.reset(base, old.size);
                views.index_remove(pid, base, &old);
            }
            if let Some(d) = desired {
                to_map.push((pid, base, d));
            }
        }
        for (pid, base, d) in to_map {
            let Some(mirror) = self.host_views.processes.get_mut(&pid) else {
                continue;
            };
            for p in &d.pieces {
                // A piece the host refuses stays PROT_NONE: a touch faults, no more.
                let _ = mirror.reservation.map(p.start, p.len, p.backed, p.prot);
            }
            self.host_views.index_add(pid, base, &d);
            if let Some(mirror) = self.host_views.processes.get_mut(&pid) {
                mirror.regions.insert(base, d);
            }
        }
        // What the mirror itself borrowed is no change for the next push.
        let pids: BTreeSet<Pid> = seen.iter().map(|(p, _)| *p).collect();
        for pid in pids {
            if let Some(p) = self.processes.get_mut(&pid) {
                p.address_space.changes.take();
            }
        }
        self.host_views.pids.clear();
        self.host_views.pids_all = false;
    }

    /// Copy-on-write pages the kernel copied on a raw store become the view's private pages
    /// (and PAGE_READWRITE / PAGE_EXECUTE_READWRITE), as an engine write would make them (F15).
    /// Only copy-on-write pieces mapped writable are scanned, each whole (in chunks).
    fn pull_private_copies(&mut self) {
        let watched: Vec<((Pid, u64), u64)> = self
            .host_views
            .watched_cow
            .iter()
            .map(|(k, v)| (*k, *v))
            .collect();
        for ((pid, start), len) in watched {
            let copied = self.host_views.scan(pid, start, len, is_private_copy);
            if copied.is_empty() {
                continue;
            }
            let Some(base) = self.host_reservation_if_made(pid).map(|(b, _)| b) else {
                continue;
            };
            self.host_views.note_process(pid);
            let Some(process) = self.processes.get_mut(&pid) else {
                continue;
            };
            for page in copied {
                let address = page * PAGE_SIZE;
                let Some(Region::View(v)) = process.address_space.find_mut(address) else {
                    continue;
                };
                let vp = (address - v.base) / PAGE_SIZE;
                if v.private.contains(vp) {
                    continue;
                }
                let mut bytes = [0u8; PAGE_SIZE as usize];
                // SAFETY: `base + address` is a page of this process's reservation that the
                // mirror mapped readable (a copy-on-write piece) and the kernel reports present.
                unsafe {
                    std::ptr::copy_nonoverlapping(
                        (base + address as usize) as *const u8,
                        bytes.as_mut_ptr(),
                        bytes.len(),
                    )
                };
                v.private.insert(vp, &bytes);
                if let Some(prot) = v.protect.get(vp) {
                    v.protect
                        .set(vp, vp + 1, protection::after_copy_on_write(prot));
                }
            }
        }
    }

    /// Cached file pages stored into through a writable view become dirty, which a flush
    /// then writes (catalog H13, H14): among the pages present in writable file-backed pieces,
    /// a clean page whose bytes changed since last seen, or a page not seen yet whose bytes
    /// differ from the disk.
    fn pull_dirty_cache_pages(&mut self) {
        let watched: Vec<((Pid, u64), WatchedFile)> = self
            .host_views
            .watched_file
            .iter()
            .map(|(k, v)| (*k, *v))
            .collect();
        for ((pid, start), w) in watched {
            let present = self.host_views.scan(pid, start, w.len, is_present);
            let first_page = start / PAGE_SIZE;
            let (Some(host), Some(node)) =
                (self.hosts.get_mut(w.host), self.storage.files.get(w.file))
            else {
                continue;
            };
            let Some(cache) = host.caches.get_mut(&w.file) else {
                continue;
            };
            let seen = self.host_views.clean.entry((w.host, w.file)).or_default();
            for page in present {
                let p = w.first + (page - first_page);
                if cache.dirty.get(p).is_some() {
                    seen.remove(&p);
                    continue;
                }
                let hash = page_hash(cache.pages.read(p));
                let stored = match seen.get(&p) {
                    Some(h) => hash != *h,
                    None => cache.pages.read(p) != node.image.read(p),
                };
                if stored {
                    cache.dirty.set(p, p.saturating_add(1), ());
                    seen.remove(&p);
                } else {
                    seen.insert(p, hash);
                }
            }
        }
    }

    /// Records what the clean pages present in writable file-backed pieces hold now (of
    /// `file`, or of every file), after a call that may have changed them (a flush made dirty
    /// pages clean, a resize zeroed a tail).
    fn record_clean_pages(&mut self, file: Option<FileId>) {
        let watched: Vec<((Pid, u64), WatchedFile)> = self
            .host_views
            .watched_file
            .iter()
            .filter(|(_, w)| file.is_none_or(|f| f == w.file))
            .map(|(k, v)| (*k, *v))
            .collect();
        for ((pid, start), w) in watched {
            let present = self.host_views.scan(pid, start, w.len, is_present);
            let first_page = start / PAGE_SIZE;
            let Some(cache) = self.hosts.get(w.host).and_then(|h| h.caches.get(&w.file)) else {
                continue;
            };
            let seen = self.host_views.clean.entry((w.host, w.file)).or_default();
            for page in present {
                let p = w.first + (page - first_page);
                if cache.dirty.get(p).is_some() || !cache.pages.contains(p) {
                    seen.remove(&p);
                } else {
                    seen.insert(p, page_hash(cache.pages.read(p)));
                }
            }
        }
    }

    /// What the region based at `base` of `pid` should map, if it exists, lies inside the
    /// window and its page stores can move into host memory (they move here, once). A
    /// file-backed view's pages only on disk come into the host's cache now, so that a raw
    /// load sees them (the simulated backend reads them in on first access); their hashes
    /// (and those of the clean cached pages of a writable view) are recorded.
    fn desired_region(&mut self, pid: Pid, base: u64, window: u64) -> Option<Mirrored> {
        let (process, host, storage) = self.parts_mut(pid).ok()?;
        let host_id = process.spec.host;
        let region = process.address_space.find_mut(base)?;
        if region.base() != base || region.end() > window {
            return None;
        }
        let size = region.size();
        let mut pieces = Vec::new();
        let mut hashes: Vec<(FileId, u64, u64)> = Vec::new();
        let source = match region {
            Region::View(v) => {
                let section_id = v.section;
                let Some(Body::Section(section)) =
                    host.objects.get_mut(v.section).map(|o| &mut o.body)
                else {
                    return None;
                };
                let first = v.offset / PAGE_SIZE;
                let count = v.size / PAGE_SIZE;
                let writable = v
                    .protect
                    .iter()
                    .any(|(_, _, prot)| host_prot(prot) & libc::PROT_WRITE != 0);
                let (shared, file) = match section.backing {
                    Backing::Pagefile => (
                        section.store.make_host().map(|m| (m.raw_fd(), m.id())),
                        None,
                    ),
                    Backing::File { file, .. } => {
                        let node = storage.files.get(file)?;
                        let cache = host.caches.entry(file).or_default();
                        let end = first.saturating_add(count);
                        let on_disk: Vec<u64> = if count <= node.image.len() as u64 {
                            (first..end).filter(|p| node.image.contains(*p)).collect()
                        } else {
                            node.image
                                .pages()
                                .filter(|p| (first..end).contains(p))
                                .collect()
                        };
                        for p in on_disk {
                            if !cache.pages.contains(p) {
                                cache.pages.insert(p, node.image.read(p));
                                hashes.push((file, p, page_hash(node.image.read(p))));
                            }
                        }
                        let shared = cache.pages.make_host_cache().map(|m| (m.raw_fd(), m.id()));
                        if writable {
                            let cached: Vec<u64> = if count <= cache.pages.len() as u64 {
                                (first..end).filter(|p| cache.pages.contains(*p)).collect()
                            } else {
                                cache
                                    .pages
                                    .pages()
                                    .filter(|p| (first..end).contains(p))
                                    .collect()
                            };
                            for p in cached {
                                if cache.dirty.get(p).is_none() {
                                    hashes.push((file, p, page_hash(cache.pages.read(p))));
                                }
                            }
                        }
                        (shared, Some(file))
                    }
                };
                let (fd, memory) = shared?;
                let private = if v.private.len() > 0 {
                    v.private.make_host().map(|m| (m.raw_fd(), m.id()))
                } else {
                    None
                };
                let private_pages: Vec<u64> = match private {
                    Some(_) => {
                        let mut p: Vec<u64> = v.private.pages().collect();
                        p.sort_unstable();
                        p
                    }
                    None => Vec::new(),
                };
                view_pieces(
                    v,
                    section,
                    (fd, memory),
                    private.map(|p| (p, private_pages)),
                    &mut pieces,
                );
                Some(ViewSource {
                    host: host_id,
                    section: section_id,
                    charge: section.commit_charge,
                    file,
                    memory,
                })
            }
            Region::Private(r) => {
                let m = r.store.make_host()?;
                let (fd, memory) = (m.raw_fd(), m.id());
                for (s, e, prot) in r.committed.iter() {
                    push_piece(
                        &mut pieces,
                        Piece {
                            start: r.base + s * PAGE_SIZE,
                            len: (e - s) * PAGE_SIZE,
                            backed: Backed::Shared {
                                fd,
                                offset: s * PAGE_SIZE,
                            },
                            memory,
                            prot: host_prot(prot),
                        },
                    );
                }
                None
            }
        };
        for (file, p, hash) in hashes {
            self.host_views
                .clean
                .entry((host_id, file))
                .or_default()
                .insert(p, hash);
        }
        Some(Mirrored {
            size,
            pieces,
            source,
        })
    }
}

/// The pieces of one view: committed runs from the section's store (copy-on-write runs
/// MAP_PRIVATE), private pages from the view's own store, the rest left PROT_NONE.
#[allow(clippy::type_complexity)]
fn view_pieces(
    v: &super::address_space::View,
    section: &Section,
    (fd, memory): (i32, u64),
    private: Option<((i32, u64), Vec<u64>)>,
    pieces: &mut Vec<Piece>,
) {
    let first = v.offset / PAGE_SIZE;
    let count = v.size / PAGE_SIZE;
    let mut page = 0u64;
    while page < count {
        let commit_end = section
            .committed
            .run_end(first + page, first + count)
            .saturating_sub(first);
        let end = v.protect.run_end(page, count).min(commit_end).max(page + 1);
        let committed = section.committed.get(first + page).is_some();
        let prot = v.protect.get(page);
        if let (true, Some(prot)) = (committed, prot) {
            let cow = protection::is_copy_on_write(prot);
            let offset = (first + page) * PAGE_SIZE;
            push_piece(
                pieces,
                Piece {
                    start: v.base + page * PAGE_SIZE,
                    len: (end - page) * PAGE_SIZE,
                    backed: if cow {
                        Backed::Private { fd, offset }
                    } else {
                        Backed::Shared { fd, offset }
                    },
                    memory,
                    prot: host_prot(prot),
                },
            );
        }
        page = end;
    }
    // Private copies are mapped over the section's pages, page by page.
    if let Some(((pfd, pmemory), pages)) = private {
        for p in pages.into_iter().filter(|p| *p < count) {
            let prot = v.protect.get(p).unwrap_or(PAGE_NOACCESS);
            pieces.push(Piece {
                start: v.base + p * PAGE_SIZE,
                len: PAGE_SIZE,
                backed: Backed::Shared {
                    fd: pfd,
                    offset: p * PAGE_SIZE,
                },
                memory: pmemory,
                prot: host_prot(prot),
            });
        }
    }
}

/// Appends a piece, merged with the previous one when it continues it exactly.
fn push_piece(pieces: &mut Vec<Piece>, p: Piece) {
    if let Some(last) = pieces.last_mut() {
        let continues = last.start + last.len == p.start
            && last.memory == p.memory
            && last.prot == p.prot
            && match (last.backed, p.backed) {
                (Backed::Shared { offset: a, .. }, Backed::Shared { offset: b, .. })
                | (Backed::Private { offset: a, .. }, Backed::Private { offset: b, .. }) => {
                    a + last.len == b
                }
                _ => false,
            };
        if continues {
            last.len += p.len;
            return;
        }
    }
    pieces.push(p);
}
