//! The host mirror of simulated address spaces (host page backend, Linux): each live process
//! gets a PROT_NONE reservation, and every view or private region the engine placed at
//! simulated address `a` is mapped at `base + a` from the memfd of the page store that holds
//! its bytes, page runs by page runs, with the host protection of the engine's page state.
//!
//! The engine decides everything (placement, commit, protection, copy-on-write, unmapping);
//! this mirror only follows it. Before each `sys` call that may change a mapping, `pull_host`
//! makes the engine learn what raw pointers did (pages the kernel copied on write in
//! copy-on-write views; cached file pages stored into, which become dirty); after it,
//! `push_host` mirrors the engine's state into the reservations (only regions whose mapping
//! changed are remapped). Limit: in a copy-on-write piece larger than `MAX_SCANNED`, raw
//! stores stay the kernel's private pages, unseen by the engine, and are lost if that view's
//! mapping is rebuilt.

use std::collections::BTreeMap;
use std::hash::BuildHasher;

use foldhash::fast::FixedState;

use super::address_space::Region;
use super::host_memory::{host_prot, Backed, Reservation};
use super::protection;
use super::section::{Backing, Section};
use crate::consts::*;
use crate::io::storage::FileId;
use crate::object_body::Body;
use crate::ps::Pid;
use crate::system::System;

/// The smallest reservation tried when the configured window cannot be had.
const MIN_WINDOW: u64 = 1 << 30;

/// The largest copy-on-write piece whose private copies are looked up in /proc/self/pagemap.
const MAX_SCANNED: u64 = 1 << 30;

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

/// One process's reservation and what is mapped in it, by region base.
#[derive(Debug)]
struct ProcessMirror {
    reservation: Reservation,
    regions: BTreeMap<u64, (u64, Vec<Piece>)>,
}

/// Content hashes of clean cached pages, by page, per (host, file).
type CleanPages = BTreeMap<(usize, FileId), hashbrown::HashMap<u64, u64, FixedState>>;

/// The host mirrors of a machine's processes.
#[derive(Debug, Default)]
pub(crate) struct HostViews {
    processes: BTreeMap<Pid, ProcessMirror>,
    /// What each clean page of a host-backed file cache held after the last call: a page
    /// whose bytes differ at the next pull was stored into through a view, and becomes dirty.
    /// (Comparing with the disk instead would mark a clean page dirty when another computer
    /// changed a remote file, and write the stale page back.)
    clean: CleanPages,
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
    /// call, so the engine decides on it).
    pub fn pull_host(&mut self) {
        if !self.uses_host_memory() {
            return;
        }
        self.pull_private_copies();
        self.pull_dirty_cache_pages();
    }

    /// The second half of `sync_host`: the engine's address spaces are mirrored into host
    /// memory (after a call). Costs a walk of every region of every process (remapping only
    /// the regions whose mapping changed).
    pub fn push_host(&mut self) {
        if !self.uses_host_memory() {
            return;
        }
        self.push_mappings();
        self.record_clean_cache_pages();
    }

    /// Copy-on-write pages the kernel copied on a raw store become the view's private pages
    /// (and PAGE_READWRITE / PAGE_EXECUTE_READWRITE), as an engine write would make them (F15).
    fn pull_private_copies(&mut self) {
        let pids: Vec<Pid> = self.host_views.processes.keys().copied().collect();
        for pid in pids {
            let Some(mirror) = self.host_views.processes.get(&pid) else {
                continue;
            };
            let base = mirror.reservation.base();
            let mut copied: Vec<u64> = Vec::new();
            for (_, pieces) in mirror.regions.values() {
                for p in pieces {
                    // Pieces above 1 GiB are not scanned (256 Ki pagemap entries per GiB):
                    // raw stores there stay the kernel's until the engine writes the page.
                    if matches!(p.backed, Backed::Private { .. }) && p.len <= MAX_SCANNED {
                        copied.extend(mirror.reservation.private_copies(p.start, p.len));
                    }
                }
            }
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

    /// Cached file pages stored into through a view become dirty, which a flush then writes
    /// (catalog H13, H14): a clean page whose bytes changed since the last call, or a page
    /// the engine has not seen yet whose bytes differ from the disk.
    fn pull_dirty_cache_pages(&mut self) {
        let storage = &self.storage;
        let clean = &self.host_views.clean;
        for (host_id, host) in self.hosts.iter_mut().enumerate() {
            for (file, cache) in host.caches.iter_mut() {
                if cache.pages.host_memory().is_none() {
                    continue;
                }
                let Some(node) = storage.files.get(*file) else {
                    continue;
                };
                let seen = clean.get(&(host_id, *file));
                for p in cache.pages.pages() {
                    if cache.dirty.get(p).is_some() {
                        continue;
                    }
                    let page = cache.pages.read(p);
                    let stored = match seen.and_then(|m| m.get(&p)) {
                        Some(hash) => page_hash(page) != *hash,
                        None => page != node.image.read(p),
                    };
                    if stored {
                        cache.dirty.set(p, p.saturating_add(1), ());
                    }
                }
            }
        }
    }

    /// Records what the clean pages of host-backed file caches hold now (after a call).
    fn record_clean_cache_pages(&mut self) {
        let mut clean = CleanPages::new();
        for (host_id, host) in self.hosts.iter().enumerate() {
            for (file, cache) in host.caches.iter() {
                if cache.pages.host_memory().is_none() {
                    continue;
                }
                let hashes = cache
                    .pages
                    .pages()
                    .filter(|p| cache.dirty.get(*p).is_none())
                    .map(|p| (p, page_hash(cache.pages.read(p))))
                    .collect();
                clean.insert((host_id, *file), hashes);
            }
        }
        self.host_views.clean = clean;
    }

    fn push_mappings(&mut self) {
        // Exited processes lose their reservation (and every mapping in it).
        let gone: Vec<Pid> = self
            .host_views
            .processes
            .keys()
            .copied()
            .filter(|p| !self.is_running(*p))
            .collect();
        for pid in gone {
            self.host_views.processes.remove(&pid);
        }
        let mirrored = &self.host_views.processes;
        let pids: Vec<Pid> = self
            .processes
            .iter()
            .filter(|(pid, p)| {
                p.exit_code.is_none()
                    && (p.address_space.iter().next().is_some() || mirrored.contains_key(pid))
            })
            .map(|(pid, _)| *pid)
            .collect();
        for pid in pids {
            let Some((_, window)) = self.host_reservation(pid) else {
                continue;
            };
            let Ok(desired) = self.desired_pieces(pid, window) else {
                continue;
            };
            let Some(mirror) = self.host_views.processes.get_mut(&pid) else {
                continue;
            };
            let stale: Vec<u64> = mirror
                .regions
                .iter()
                .filter(|(base, old)| desired.get(base) != Some(old))
                .map(|(base, _)| *base)
                .collect();
            for base in stale {
                if let Some((size, _)) = mirror.regions.remove(&base) {
                    mirror.reservation.reset(base, size);
                }
            }
            for (base, (size, pieces)) in desired {
                if mirror.regions.contains_key(&base) {
                    continue;
                }
                for p in &pieces {
                    // A piece the host refuses stays PROT_NONE: a touch faults, no more.
                    let _ = mirror.reservation.map(p.start, p.len, p.backed, p.prot);
                }
                mirror.regions.insert(base, (size, pieces));
            }
        }
    }

    /// What each region of `pid` inside the window should map, by region base. Page stores
    /// that back a region move into host memory here (once).
    #[allow(clippy::type_complexity)]
    fn desired_pieces(
        &mut self,
        pid: Pid,
        window: u64,
    ) -> crate::error::Result<BTreeMap<u64, (u64, Vec<Piece>)>> {
        let (process, host, storage) = self.parts_mut(pid)?;
        let mut out = BTreeMap::new();
        let bases: Vec<u64> = process.address_space.iter().map(|r| r.base()).collect();
        for base in bases {
            let Some(region) = process.address_space.find_mut(base) else {
                continue;
            };
            if region.end() > window {
                continue;
            }
            let size = region.size();
            let mut pieces = Vec::new();
            match region {
                Region::View(v) => {
                    let Some(Body::Section(section)) =
                        host.objects.get_mut(v.section).map(|o| &mut o.body)
                    else {
                        continue;
                    };
                    let first = v.offset / PAGE_SIZE;
                    let count = v.size / PAGE_SIZE;
                    let shared = match section.backing {
                        Backing::Pagefile => {
                            section.store.make_host().map(|m| (m.raw_fd(), m.id()))
                        }
                        Backing::File { file, .. } => {
                            let Some(node) = storage.files.get(file) else {
                                continue;
                            };
                            let cache = host.caches.entry(file).or_default();
                            // Pages only on disk come into the cache now, so that a raw load
                            // sees them (the simulated backend reads them in on first access).
                            for p in node.image.pages() {
                                if (first..first.saturating_add(count)).contains(&p)
                                    && !cache.pages.contains(p)
                                {
                                    cache.pages.insert(p, node.image.read(p));
                                }
                            }
                            cache.pages.make_host().map(|m| (m.raw_fd(), m.id()))
                        }
                    };
                    let Some((fd, memory)) = shared else {
                        continue;
                    };
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
                }
                Region::Private(r) => {
                    let Some(m) = r.store.make_host() else {
                        continue;
                    };
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
                }
            }
            out.insert(base, (size, pieces));
        }
        Ok(out)
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
