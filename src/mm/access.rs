//! Reads and writes of simulated memory, page by page, honouring State and Protect.
//!
//! A fault is a value, never a panic: `Exception::AccessViolation` (EXCEPTION_ACCESS_VIOLATION)
//! for free, reserved, PAGE_NOACCESS or read-only-written pages; `Exception::GuardPage` the
//! first time a PAGE_GUARD page is touched (the guard is then removed, as on Windows: MS docs
//! "Creating Guard Pages"). Like a CPU copy, the bytes before the faulting page are accessed.
//! A write to a copy-on-write page copies it privately for that view, which then reports
//! PAGE_READWRITE (catalog F15).

use std::fmt;

use super::address_space::{AddressSpace, HotRun, Region, View};
use super::page_map::PageMap;
use super::page_store::{Page, PageStore};
use super::protection;
use super::section::Backing;
use super::virtual_memory::section_page;
use crate::consts::*;
use crate::error::{NtStatus, Result};
use crate::io::cache::FileCache;
use crate::io::storage::{FileNode, Storage};
use crate::ob::object::ObjectId;
use crate::object_body::Body;
use crate::ps::Pid;
use crate::rule::{RuleId, RuleSet};
use crate::system::Host;
use crate::system::System;

/// The most bytes one `read_memory` / `fill_memory` call handles (1 GiB), so that a fuzzer
/// cannot make the host allocate terabytes; larger requests are ERROR_INVALID_PARAMETER.
pub const MAX_ACCESS_LEN: u64 = 1 << 30;

/// A hardware exception raised by a memory access.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Exception {
    /// EXCEPTION_ACCESS_VIOLATION at `address` (the first byte touched in the faulting page).
    AccessViolation {
        /// Faulting address.
        address: u64,
        /// A write (true) or a read.
        write: bool,
    },
    /// EXCEPTION_GUARD_PAGE (STATUS_GUARD_PAGE_VIOLATION) at `address`.
    GuardPage {
        /// Faulting address.
        address: u64,
    },
}

impl Exception {
    /// The exception code (`EXCEPTION_RECORD.ExceptionCode`).
    pub fn code(self) -> u32 {
        match self {
            Exception::AccessViolation { .. } => EXCEPTION_ACCESS_VIOLATION,
            Exception::GuardPage { .. } => EXCEPTION_GUARD_PAGE,
        }
    }

    /// `EXCEPTION_...` name.
    pub fn name(self) -> &'static str {
        match self {
            Exception::AccessViolation { .. } => "EXCEPTION_ACCESS_VIOLATION",
            Exception::GuardPage { .. } => "EXCEPTION_GUARD_PAGE",
        }
    }

    /// The faulting address.
    pub fn address(self) -> u64 {
        match self {
            Exception::AccessViolation { address, .. } | Exception::GuardPage { address } => {
                address
            }
        }
    }
}

impl fmt::Display for Exception {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Exception::AccessViolation { address, write } => write!(
                f,
                "EXCEPTION_ACCESS_VIOLATION ({} at 0x{address:x})",
                if *write { "write" } else { "read" }
            ),
            Exception::GuardPage { address } => write!(f, "EXCEPTION_GUARD_PAGE at 0x{address:x}"),
        }
    }
}

/// The result of an access: the outer error says the call could not be made (no such
/// process, absurd length), the inner one that the access faulted.
pub type AccessResult<T> = Result<std::result::Result<T, Exception>>;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Op<'a> {
    Read,
    Write(&'a [u8]),
    Fill(u8),
}

impl System {
    /// Reads `len` bytes at `address` in `pid`'s address space.
    pub fn read_memory(&mut self, pid: Pid, address: u64, len: u64) -> AccessResult<Vec<u8>> {
        if len > MAX_ACCESS_LEN {
            return Err(NtStatus::INVALID_PARAMETER.into());
        }
        if let Some(bytes) = self.hot_read(pid, address, len) {
            return Ok(Ok(bytes));
        }
        let mut out = Vec::with_capacity(usize::try_from(len).unwrap_or(0));
        let r = self.access(pid, address, len, Op::Read, &mut out)?;
        Ok(r.map(|()| out))
    }

    /// Writes `data` at `address`.
    ///
    /// Inlined into the caller: a write the hot run covers is then a few loads, the section
    /// lookup and the copy (issue #11); anything else calls the full path.
    #[inline]
    pub fn write_memory(&mut self, pid: Pid, address: u64, data: &[u8]) -> AccessResult<()> {
        if self.hot_store(pid, address, Op::Write(data), data.len() as u64) {
            return Ok(Ok(()));
        }
        self.write_memory_full(pid, address, data)
    }

    /// `write_memory` through the full path (`access`).
    #[inline(never)]
    fn write_memory_full(&mut self, pid: Pid, address: u64, data: &[u8]) -> AccessResult<()> {
        self.access(
            pid,
            address,
            data.len() as u64,
            Op::Write(data),
            &mut Vec::new(),
        )
    }

    /// Writes `len` copies of `byte` at `address`.
    pub fn fill_memory(&mut self, pid: Pid, address: u64, len: u64, byte: u8) -> AccessResult<()> {
        if len > MAX_ACCESS_LEN {
            return Err(NtStatus::INVALID_PARAMETER.into());
        }
        if self.hot_store(pid, address, Op::Fill(byte), len) {
            return Ok(Ok(()));
        }
        self.access(pid, address, len, Op::Fill(byte), &mut Vec::new())
    }

    /// The access fast path (issue #11): where `address..address + len` lies in one page of
    /// `pid`'s hot run (`AddressSpace::hot`) and the run allows the access, the process's
    /// host, the section and its page, and the bytes' range in the page. What the full path
    /// would find there is that same store page, with no fault, no rule applied and no
    /// state changed but the bytes, so the access is a bounds check and a copy. `None`:
    /// take the full path (which also reports every error and fault).
    #[inline(always)]
    fn hot_target(
        &mut self,
        pid: Pid,
        address: u64,
        len: u64,
        write: bool,
    ) -> Option<(usize, ObjectId, u64, std::ops::Range<usize>)> {
        let lo = address & (PAGE_SIZE - 1);
        let hi = lo.checked_add(len).filter(|hi| *hi <= PAGE_SIZE)?;
        self.touch_process(pid);
        let process = self.processes.get(&pid)?;
        if process.exit_code.is_some() {
            return None;
        }
        let run = process.address_space.hot()?;
        let spage = run.section_page(address, write)?;
        Some((
            process.spec.host,
            run.section,
            spage,
            lo as usize..hi as usize,
        ))
    }

    /// `read_memory` through the hot run, if it covers the access (`hot_target`).
    #[inline]
    fn hot_read(&mut self, pid: Pid, address: u64, len: u64) -> Option<Vec<u8>> {
        let (host, section, spage, range) = self.hot_target(pid, address, len, false)?;
        match self.hosts.get(host)?.objects.get(section).map(|o| &o.body) {
            Some(Body::Section(s)) => Some(s.store.read(spage).get(range)?.to_vec()),
            _ => None,
        }
    }

    /// A write or fill of `len` bytes through the hot run; false if it does not cover the
    /// access (`hot_target`) and nothing was done.
    #[inline(always)]
    fn hot_store(&mut self, pid: Pid, address: u64, op: Op<'_>, len: u64) -> bool {
        let Some((host, section, spage, range)) = self.hot_target(pid, address, len, true) else {
            return false;
        };
        let body = self
            .hosts
            .get_mut(host)
            .and_then(|h| h.objects.get_mut(section))
            .map(|o| &mut o.body);
        let Some(Body::Section(s)) = body else {
            return false;
        };
        let Some(target) = s.store.write(spage).get_mut(range) else {
            return false;
        };
        match op {
            Op::Write(data) if data.len() == target.len() => target.copy_from_slice(data),
            Op::Fill(b) => target.fill(b),
            // Not reached: `len` is the data's length, and a read is not a store.
            Op::Write(_) | Op::Read => return false,
        }
        true
    }

    /// The `len` bytes at `address`, for writing, as one slice; they must lie in one page
    /// (else ERROR_INVALID_PARAMETER). Taking the slice is a write access to that page, with
    /// `write_memory`'s faults and effects (a guard page raises once, a copy-on-write page is
    /// copied privately, a file page becomes dirty); afterwards any number of reads and
    /// writes through it are plain memory accesses, with no lookup: the machine stays
    /// borrowed while the slice lives, so nothing can change the page's state meanwhile. This
    /// is how a caller writes repeatedly into a view at the cost of a store (issue #11).
    pub fn memory_mut(&mut self, pid: Pid, address: u64, len: u64) -> AccessResult<&mut [u8]> {
        let in_page = address & (PAGE_SIZE - 1);
        if in_page.saturating_add(len) > PAGE_SIZE {
            return Err(NtStatus::INVALID_PARAMETER.into());
        }
        let (process, host, storage, rules_hit) = self.parts_and_rules_mut(pid)?;
        if len == 0 {
            return Ok(Ok(&mut []));
        }
        let (lo, hi) = (in_page as usize, (in_page + len) as usize);
        let reached = reach(
            &mut process.address_space,
            host,
            storage,
            address,
            true,
            rules_hit,
        );
        Ok(match reached {
            Ok(Reached::Write(page)) => Ok(page.get_mut(lo..hi).unwrap_or_default()),
            Ok(Reached::Read(_)) => Err(Exception::AccessViolation {
                address,
                write: true,
            }),
            Err(fault) => Err(fault),
        })
    }

    /// One access, page by page; the catalogue rules it applied join the machine's record.
    fn access(
        &mut self,
        pid: Pid,
        address: u64,
        len: u64,
        op: Op<'_>,
        out: &mut Vec<u8>,
    ) -> AccessResult<()> {
        let mut hit = RuleSet::new();
        let result = self.access_pages(pid, address, len, op, out, &mut hit);
        self.rules_hit.extend(&hit);
        result
    }

    fn access_pages(
        &mut self,
        pid: Pid,
        address: u64,
        len: u64,
        op: Op<'_>,
        out: &mut Vec<u8>,
        hit: &mut RuleSet,
    ) -> AccessResult<()> {
        let (process, host, storage) = self.parts_mut(pid)?;
        let write = !matches!(op, Op::Read);
        let mut done = 0u64;
        while done < len {
            let Some(at) = address.checked_add(done) else {
                return Ok(Err(Exception::AccessViolation {
                    address: u64::MAX,
                    write,
                }));
            };
            let in_page = at & (PAGE_SIZE - 1);
            let chunk = (PAGE_SIZE - in_page).min(len - done);
            let (lo, hi) = (in_page as usize, (in_page + chunk) as usize);
            let (src, dst) = (done as usize, (done + chunk) as usize);
            let reached = match hot_reach(&process.address_space, host, at, write) {
                Some(page) => Ok(page),
                None => reach(&mut process.address_space, host, storage, at, write, hit),
            };
            match reached {
                Ok(Reached::Read(page)) => out.extend_from_slice(page.get(lo..hi).unwrap_or(&[])),
                Ok(Reached::Write(page)) => store(page, lo, hi, op, src, dst),
                Err(fault) => return Ok(Err(fault)),
            }
            done += chunk;
        }
        Ok(Ok(()))
    }
}

/// A page an access reached: its bytes for reading, or for writing.
enum Reached<'a> {
    Read(&'a Page),
    Write(&'a mut Page),
}

/// The page holding `at` through the address space's hot run, if the run covers it for this
/// access (issue #11): the run says the page is committed, allows the access and has no guard
/// or private copy, so what `reach` would return is the section store's page, without the
/// region search, the commit and protection maps and the private-copy probe. `None`: take
/// `reach`.
#[inline]
fn hot_reach<'a>(
    space: &AddressSpace,
    host: &'a mut Host,
    at: u64,
    write: bool,
) -> Option<Reached<'a>> {
    let run = space.hot()?;
    let spage = run.section_page(at, write)?;
    if write {
        match host.objects.get_mut(run.section).map(|o| &mut o.body) {
            Some(Body::Section(s)) => Some(Reached::Write(s.store.write(spage))),
            _ => None,
        }
    } else {
        match host.objects.get(run.section).map(|o| &o.body) {
            Some(Body::Section(s)) => Some(Reached::Read(s.store.read(spage))),
            _ => None,
        }
    }
}

/// The page holding `at`, checked for a read or a write (committed, protection, guard), or
/// the fault the access raises (a guard page's guard is cleared as it fires). A write to a
/// copy-on-write page first copies it privately for the view (catalog F15). A page of a
/// page-file section's view with no private copies, committed and accessible, leaves the run
/// of pages that resolve like it in the address space's hot run (`hot_reach`); anything else
/// leaves no run.
fn reach<'a>(
    space: &'a mut AddressSpace,
    host: &'a mut Host,
    storage: &'a Storage,
    at: u64,
    write: bool,
    hit: &mut RuleSet,
) -> std::result::Result<Reached<'a>, Exception> {
    let av = Exception::AccessViolation { address: at, write };
    let Some((region, hot)) = space.find_mut_with_hot(at) else {
        return Err(av);
    };
    let page = ((at & !(PAGE_SIZE - 1)) - region.base()) / PAGE_SIZE;
    match region {
        Region::View(v) => {
            let spage = section_page(v, page);
            let Some(Body::Section(section)) = host.objects.get_mut(v.section).map(|o| &mut o.body)
            else {
                return Err(av);
            };
            if section.committed.get(spage).is_none() {
                // A SEC_RESERVE page not committed yet (F16).
                hit.insert(RuleId::F16);
                return Err(av);
            }
            let prot = v.protect.get(page).unwrap_or(PAGE_NOACCESS);
            if let Some(fault) = page_fault(prot, write, at) {
                if prot & PAGE_GUARD != 0 {
                    v.protect.set(page, page + 1, prot & !PAGE_GUARD);
                }
                return Err(fault);
            }
            let mut source = match section.backing {
                // An image view reads the section's snapshot (mm/image.rs).
                Backing::Pagefile | Backing::File { image: true, .. } => {
                    Source::Store(&mut section.store)
                }
                Backing::File { file, .. } => match storage.files.get(file) {
                    Some(node) => Source::Cache(host.caches.entry(file).or_default(), node),
                    None => return Err(av),
                },
            };
            let file_view = matches!(section.backing, Backing::File { image: false, .. });
            let pagefile = matches!(section.backing, Backing::Pagefile);
            if write && protection::is_copy_on_write(prot) {
                // The first write to a copy-on-write page makes it private (F15).
                hit.insert(RuleId::F15);
                if !v.private.contains(page) {
                    v.private.insert(page, source.read(spage));
                }
                v.protect
                    .set(page, page + 1, protection::after_copy_on_write(prot));
            }
            if pagefile && v.private.len() == 0 {
                *hot = hot_run(v, &section.committed, page, at);
            }
            Ok(match (write, v.private.contains(page)) {
                (false, true) => Reached::Read(v.private.read(page)),
                (false, false) => Reached::Read(source.into_read(spage)),
                (true, true) => Reached::Write(v.private.write(page)),
                (true, false) => {
                    if file_view {
                        // A shared file page: every view of the file sees it (H13).
                        hit.insert(RuleId::H13);
                    }
                    Reached::Write(source.into_write(spage))
                }
            })
        }
        Region::Private(r) => {
            let Some(prot) = r.committed.get(page) else {
                return Err(av);
            };
            if let Some(fault) = page_fault(prot, write, at) {
                if prot & PAGE_GUARD != 0 {
                    r.committed.set(page, page + 1, prot & !PAGE_GUARD);
                }
                return Err(fault);
            }
            Ok(if write {
                Reached::Write(r.store.write(page))
            } else {
                Reached::Read(r.store.read(page))
            })
        }
    }
}

/// The run of view pages around view page `page` (holding `at`) that resolve like it: one
/// protection run of the view, inside one committed run of the section, if that protection
/// allows reading without a guard. The caller has checked that the section is backed by the
/// page file and that the view holds no private copies.
fn hot_run(v: &View, committed: &PageMap<()>, page: u64, at: u64) -> Option<HotRun> {
    let (p0, p1, protect) = v.protect.run_at(page)?;
    if page_fault(protect, false, at).is_some() {
        return None;
    }
    let first = v.offset / PAGE_SIZE;
    let (c0, c1, ()) = committed.run_at(first.checked_add(page)?)?;
    let lo = p0.max(c0.saturating_sub(first));
    let hi = p1.min(c1.saturating_sub(first)).min(v.size / PAGE_SIZE);
    if !(lo <= page && page < hi) {
        return None;
    }
    Some(HotRun {
        start: v.base.checked_add(lo.checked_mul(PAGE_SIZE)?)?,
        end: v.base.checked_add(hi.checked_mul(PAGE_SIZE)?)?,
        section: v.section,
        first_section_page: first.checked_add(lo)?,
        protect,
        writable: page_fault(protect, true, at).is_none() && !protection::is_copy_on_write(protect),
    })
}

/// The invariant of the access fast path (`System::check`): the cached hot run, if any, is
/// what a full resolve gives for each of its pages — a view of a page-file section, the
/// section pages it names, committed, one protection with the cached access rights and no
/// guard, and no private copy in the view.
pub(crate) fn check_hot_run(space: &AddressSpace, host: &Host) -> std::result::Result<(), String> {
    let Some(run) = space.hot() else {
        return Ok(());
    };
    let bad = |why: &str| Err(format!("hot run {:#x}..{:#x}: {why}", run.start, run.end));
    if run.start >= run.end || run.start % PAGE_SIZE != 0 || run.end % PAGE_SIZE != 0 {
        return bad("empty or not page-aligned");
    }
    let Some(Region::View(v)) = space.find(run.start) else {
        return bad("not in a view");
    };
    if run.end > v.base.saturating_add(v.size) || v.section != run.section {
        return bad("not inside one view of its section");
    }
    let Some(Body::Section(section)) = host.objects.get(v.section).map(|o| &o.body) else {
        return bad("the view maps no section");
    };
    if !matches!(section.backing, Backing::Pagefile) || v.private.len() != 0 {
        return bad("not a page-file view without private copies");
    }
    let (lo, hi) = (
        (run.start - v.base) / PAGE_SIZE,
        (run.end - v.base) / PAGE_SIZE,
    );
    let first = v.offset / PAGE_SIZE + lo;
    if run.first_section_page != first {
        return bad("names other section pages");
    }
    if v.protect.get(lo) != Some(run.protect) || v.protect.run_end(lo, hi) != hi {
        return bad("protection not uniform as cached");
    }
    let last = first + (hi - lo);
    if section.committed.get(first).is_none() || section.committed.run_end(first, last) != last {
        return bad("not wholly committed");
    }
    let writable = page_fault(run.protect, true, run.start).is_none()
        && !protection::is_copy_on_write(run.protect);
    if page_fault(run.protect, false, run.start).is_some() || run.writable != writable {
        return bad("access rights differ from the protection's");
    }
    Ok(())
}

/// The exception an access to a committed page with protection `prot` raises, if any: a guard
/// page raises EXCEPTION_GUARD_PAGE once (the caller then clears the guard), a page that does
/// not allow the access EXCEPTION_ACCESS_VIOLATION.
fn page_fault(prot: u32, write: bool, address: u64) -> Option<Exception> {
    if prot & PAGE_GUARD != 0 {
        return Some(Exception::GuardPage { address });
    }
    let allowed = if write {
        protection::allows_write(prot)
    } else {
        protection::allows_read(prot)
    };
    (!allowed).then_some(Exception::AccessViolation { address, write })
}

/// Where a view page's shared bytes live: the section's own store (page file) or this host's
/// cache of the file (so views and cached file I/O on a host are coherent).
enum Source<'a> {
    Store(&'a mut PageStore),
    Cache(&'a mut FileCache, &'a FileNode),
}

impl<'a> Source<'a> {
    fn read(&mut self, index: u64) -> &Page {
        match self {
            Source::Store(s) => s.read(index),
            Source::Cache(c, node) => c.page(node, index),
        }
    }

    fn into_read(self, index: u64) -> &'a Page {
        match self {
            Source::Store(s) => s.read(index),
            Source::Cache(c, node) => c.page(node, index),
        }
    }

    fn into_write(self, index: u64) -> &'a mut Page {
        match self {
            Source::Store(s) => s.write(index),
            Source::Cache(c, node) => c.page_mut(node, index),
        }
    }
}

/// Copies the op's bytes into `page[lo..hi]` (data taken from `src..dst` of a write).
fn store(page: &mut Page, lo: usize, hi: usize, op: Op<'_>, src: usize, dst: usize) {
    let Some(target) = page.get_mut(lo..hi) else {
        return;
    };
    match op {
        Op::Write(data) => {
            if let Some(bytes) = data.get(src..dst) {
                target.copy_from_slice(bytes);
            }
        }
        Op::Fill(b) => target.fill(b),
        Op::Read => {}
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]

    use super::*;
    use crate::win32::*;
    use crate::ProcessSpec;

    const PAGES: u64 = 16;

    /// A process with a 16-page read-write view of a page-file section (`attributes`: 0 or
    /// SEC_RESERVE), and the section handle.
    fn machine(attributes: u32) -> (System, Pid, HANDLE, u64) {
        let mut sys = System::new();
        let pid = sys.spawn(ProcessSpec::named("p")).unwrap();
        let mut w = sys.win32(pid);
        let s = w.CreateFileMappingW(
            INVALID_HANDLE_VALUE,
            None,
            PAGE_READWRITE | attributes,
            0,
            (PAGES * PAGE_SIZE) as u32,
            None,
        );
        assert_ne!(s, 0);
        let v = w.MapViewOfFile(s, FILE_MAP_WRITE, 0, 0, 0);
        assert_ne!(v, 0);
        (sys, pid, s, v)
    }

    fn hot(sys: &System, pid: Pid) -> Option<HotRun> {
        sys.processes[&pid].address_space.hot().copied()
    }

    type Outcome = AccessResult<Vec<u8>>;

    /// One access: `Write(address, len)` writes `len` bytes counting up from 1, `Fill`
    /// stores 0xAB, `Read` reads.
    #[derive(Clone, Copy)]
    enum Step {
        Write(u64, u64),
        Read(u64, u64),
        Fill(u64, u64),
    }

    impl Step {
        fn run(self, sys: &mut System, pid: Pid) -> Outcome {
            let none = |r: AccessResult<()>| r.map(|r| r.map(|()| Vec::new()));
            match self {
                Step::Write(at, len) => {
                    let data: Vec<u8> = (1..=len).map(|i| i as u8).collect();
                    none(sys.write_memory(pid, at, &data))
                }
                Step::Read(at, len) => sys.read_memory(pid, at, len),
                Step::Fill(at, len) => none(sys.fill_memory(pid, at, len, 0xAB)),
            }
        }
    }

    /// Runs `op` on the machine (its hot run in place) and on a copy (`clone` forgets the
    /// run, so the copy takes the full resolve): both give the same result and leave the
    /// same bytes in the view, and both machines keep their invariants.
    fn same_as_slow(sys: &mut System, pid: Pid, view: u64, op: impl Fn(&mut System) -> Outcome) {
        let mut cold = sys.clone();
        assert!(hot(&cold, pid).is_none());
        let (fast, slow) = (op(sys), op(&mut cold));
        assert_eq!(fast, slow);
        let all = |s: &mut System| s.read_memory(pid, view, PAGES * PAGE_SIZE).unwrap();
        assert_eq!(all(sys), all(&mut cold));
        sys.check().unwrap();
        cold.check().unwrap();
    }

    /// After one write the whole uniform view is the hot run; reads, writes and fills
    /// inside it, across pages, ending past the view and starting before it give exactly
    /// what the full resolve gives.
    #[test]
    fn the_fast_path_gives_the_slow_paths_bytes_and_faults() {
        let (mut sys, pid, _, v) = machine(0);
        sys.write_memory(pid, v + 8, &[1; 8]).unwrap().unwrap();
        let run = hot(&sys, pid).unwrap();
        assert_eq!(
            (run.start, run.end, run.writable),
            (v, v + PAGES * PAGE_SIZE, true)
        );
        let end = v + PAGES * PAGE_SIZE;
        use Step::*;
        let steps = [
            Write(v + 5 * PAGE_SIZE + 3, 8),
            Write(v + PAGE_SIZE - 4, 8),
            Write(v + 7 * PAGE_SIZE, PAGE_SIZE),
            Read(v + PAGE_SIZE - 4, 8),
            Read(v + 5 * PAGE_SIZE, 16),
            Fill(v + 6 * PAGE_SIZE + 1, 100),
            Fill(v + 3 * PAGE_SIZE, 2 * PAGE_SIZE + 5),
            Write(end - 4, 8),
            Read(end - 4, 8),
            Read(end, 1),
            Read(v - 4, 8),
            Write(u64::MAX - 3, 8),
            Read(v, 0),
            Write(v, 0),
        ];
        for step in steps {
            // Fill the run again (a fault on the copy or a miss may have left none).
            sys.write_memory(pid, v + 8, &[1; 8]).unwrap().unwrap();
            assert!(hot(&sys, pid).is_some());
            same_as_slow(&mut sys, pid, v, |s| step.run(s, pid));
        }
        assert_eq!(
            sys.write_memory(pid, end, &[1]).unwrap(),
            Err(Exception::AccessViolation {
                address: end,
                write: true
            })
        );
    }

    /// A page made read-only after a cached write faults on the next write (and reads); the
    /// rest of the view stays writable; PAGE_NOACCESS faults reads too.
    #[test]
    fn protect_after_a_cached_write_is_honoured() {
        let (mut sys, pid, _, v) = machine(0);
        sys.write_memory(pid, v + 2 * PAGE_SIZE, &[1; 8])
            .unwrap()
            .unwrap();
        let mut old = 0;
        assert_eq!(
            sys.win32(pid)
                .VirtualProtect(v + 2 * PAGE_SIZE, 1, PAGE_READONLY, Some(&mut old)),
            1
        );
        assert!(hot(&sys, pid).is_none());
        let at = v + 2 * PAGE_SIZE + 16;
        assert_eq!(
            sys.write_memory(pid, at, &[2; 8]).unwrap(),
            Err(Exception::AccessViolation {
                address: at,
                write: true
            })
        );
        assert_eq!(
            sys.read_memory(pid, v + 2 * PAGE_SIZE, 8).unwrap().unwrap(),
            [1; 8]
        );
        // The cached run is now the read-only page: reads only.
        assert!(!hot(&sys, pid).unwrap().writable);
        assert_eq!(
            sys.write_memory(pid, at, &[2; 8]).unwrap(),
            Err(Exception::AccessViolation {
                address: at,
                write: true
            })
        );
        sys.write_memory(pid, v + 3 * PAGE_SIZE, &[4; 8])
            .unwrap()
            .unwrap();
        let run = hot(&sys, pid).unwrap();
        assert_eq!(
            (run.start, run.end),
            (v + 3 * PAGE_SIZE, v + PAGES * PAGE_SIZE)
        );
        assert_eq!(
            sys.win32(pid)
                .VirtualProtect(v + 3 * PAGE_SIZE, 1, PAGE_NOACCESS, Some(&mut old)),
            1
        );
        assert_eq!(
            sys.read_memory(pid, v + 3 * PAGE_SIZE, 8).unwrap(),
            Err(Exception::AccessViolation {
                address: v + 3 * PAGE_SIZE,
                write: false
            })
        );
        sys.check().unwrap();
    }

    /// A guard page set after a cached write raises once, then the page is writable again.
    #[test]
    fn a_guard_page_after_a_cached_write_raises_once() {
        let (mut sys, pid, _, v) = machine(0);
        sys.write_memory(pid, v, &[1; 8]).unwrap().unwrap();
        let mut old = 0;
        let prot = PAGE_READWRITE | PAGE_GUARD;
        assert_eq!(sys.win32(pid).VirtualProtect(v, 1, prot, Some(&mut old)), 1);
        assert_eq!(
            sys.write_memory(pid, v + 8, &[2; 8]).unwrap(),
            Err(Exception::GuardPage { address: v + 8 })
        );
        sys.write_memory(pid, v + 8, &[2; 8]).unwrap().unwrap();
        assert_eq!(
            sys.read_memory(pid, v, 16).unwrap().unwrap(),
            [[1u8; 8], [2; 8]].concat()
        );
        sys.check().unwrap();
    }

    /// A SEC_RESERVE view: the run covers the committed pages only; a reserved page faults
    /// (F16) even right after a cached write next to it, and is writable once committed. A
    /// view cannot be decommitted, so a cached run survives the refused VirtualFree.
    #[test]
    fn commit_and_decommit_are_honoured() {
        let (mut sys, pid, _, v) = machine(SEC_RESERVE);
        assert_ne!(
            sys.win32(pid)
                .VirtualAlloc(v, PAGE_SIZE, MEM_COMMIT, PAGE_READWRITE),
            0
        );
        sys.write_memory(pid, v, &[1; 8]).unwrap().unwrap();
        assert_eq!(hot(&sys, pid).unwrap().end, v + PAGE_SIZE);
        assert_eq!(
            sys.write_memory(pid, v + PAGE_SIZE, &[1; 8]).unwrap(),
            Err(Exception::AccessViolation {
                address: v + PAGE_SIZE,
                write: true
            })
        );
        assert_ne!(
            sys.win32(pid)
                .VirtualAlloc(v + PAGE_SIZE, PAGE_SIZE, MEM_COMMIT, PAGE_READWRITE),
            0
        );
        sys.write_memory(pid, v + PAGE_SIZE, &[2; 8])
            .unwrap()
            .unwrap();
        assert_eq!(hot(&sys, pid).unwrap().end, v + 2 * PAGE_SIZE);
        assert_eq!(sys.win32(pid).VirtualFree(v, PAGE_SIZE, MEM_DECOMMIT), 0);
        sys.write_memory(pid, v, &[3; 8]).unwrap().unwrap();
        // Private memory is never cached, and its decommit is honoured.
        let p = sys
            .win32(pid)
            .VirtualAlloc(0, PAGE_SIZE, MEM_COMMIT | MEM_RESERVE, PAGE_READWRITE);
        sys.write_memory(pid, p, &[4; 8]).unwrap().unwrap();
        assert!(hot(&sys, pid).is_none());
        assert_eq!(sys.win32(pid).VirtualFree(p, PAGE_SIZE, MEM_DECOMMIT), 1);
        assert_eq!(
            sys.write_memory(pid, p, &[4; 8]).unwrap(),
            Err(Exception::AccessViolation {
                address: p,
                write: true
            })
        );
        sys.check().unwrap();
    }

    /// Unmapping forgets the run: the address faults, and a view mapped there again writes
    /// its own section.
    #[test]
    fn unmap_after_a_cached_write_is_honoured() {
        let (mut sys, pid, s, v) = machine(0);
        sys.write_memory(pid, v, &[1; 8]).unwrap().unwrap();
        assert_eq!(sys.win32(pid).UnmapViewOfFile(v), 1);
        assert!(hot(&sys, pid).is_none());
        assert_eq!(
            sys.write_memory(pid, v, &[2; 8]).unwrap(),
            Err(Exception::AccessViolation {
                address: v,
                write: true
            })
        );
        let mut w = sys.win32(pid);
        let other =
            w.CreateFileMappingW(INVALID_HANDLE_VALUE, None, PAGE_READWRITE, 0, 0x1000, None);
        let v2 = w.MapViewOfFile(other, FILE_MAP_WRITE, 0, 0, 0);
        assert_eq!(v2, v);
        w.write(v2, &[5; 8]).unwrap().unwrap();
        let v3 = w.MapViewOfFile(s, FILE_MAP_READ, 0, 0, 0);
        assert_eq!(w.read(v3, 8).unwrap().unwrap(), [1; 8]);
        sys.check().unwrap();
        // Process exit empties the address space and its run.
        sys.win32(pid).ExitProcess(0);
        assert!(hot(&sys, pid).is_none());
        assert!(sys.write_memory(pid, v, &[1]).is_err());
        sys.check().unwrap();
    }

    /// A copy view mapped after a cached write: its first write copies the page privately
    /// (F15), the original view's cached writes reach the section and show through the copy
    /// view's unwritten pages only; a read-only run of the copy view does not let a write
    /// through as a plain store.
    #[test]
    fn copy_on_write_after_a_cached_write_is_honoured() {
        let (mut sys, pid, s, v) = machine(0);
        sys.write_memory(pid, v, &[1; 8]).unwrap().unwrap();
        let c = sys.win32(pid).MapViewOfFile(s, FILE_MAP_COPY, 0, 0, 0);
        assert_ne!(c, 0);
        assert!(hot(&sys, pid).is_none());
        assert_eq!(sys.read_memory(pid, c, 8).unwrap().unwrap(), [1; 8]);
        assert!(!hot(&sys, pid).unwrap().writable);
        sys.take_rules_hit();
        sys.write_memory(pid, c, &[2; 8]).unwrap().unwrap();
        assert!(sys.rules_hit().contains(RuleId::F15));
        // The copy view has a private page now: it is never a run again.
        assert!(hot(&sys, pid).is_none());
        sys.write_memory(pid, v, &[3; 8]).unwrap().unwrap();
        sys.write_memory(pid, v + PAGE_SIZE, &[4; 8])
            .unwrap()
            .unwrap();
        assert!(hot(&sys, pid).is_some());
        assert_eq!(sys.read_memory(pid, c, 8).unwrap().unwrap(), [2; 8]);
        assert_eq!(
            sys.read_memory(pid, c + PAGE_SIZE, 8).unwrap().unwrap(),
            [4; 8]
        );
        assert_eq!(sys.read_memory(pid, v, 8).unwrap().unwrap(), [3; 8]);
        sys.check().unwrap();
    }

    /// Flushes: a page-file view's run survives a flush (nothing changes); a file view is
    /// never cached, and what it writes before and after a flush reaches the file.
    #[test]
    fn flush_after_a_cached_write_is_honoured() {
        let (mut sys, pid, _, v) = machine(0);
        sys.write_memory(pid, v, &[1; 8]).unwrap().unwrap();
        assert_eq!(sys.win32(pid).FlushViewOfFile(v, 0), 1);
        sys.write_memory(pid, v + 8, &[2; 8]).unwrap().unwrap();
        assert_eq!(
            sys.read_memory(pid, v, 16).unwrap().unwrap(),
            [[1u8; 8], [2; 8]].concat()
        );

        let mut w = sys.win32(pid);
        let f = w.CreateFileW(
            Some("C:\\hot.dat"),
            GENERIC_READ | GENERIC_WRITE,
            FILE_SHARE_READ | FILE_SHARE_WRITE,
            None,
            CREATE_ALWAYS,
            0,
            0,
        );
        assert_ne!(f, INVALID_HANDLE_VALUE);
        let s = w.CreateFileMappingW(f, None, PAGE_READWRITE, 0, 0x2000, None);
        let fv = w.MapViewOfFile(s, FILE_MAP_WRITE, 0, 0, 0);
        w.write(fv, &[5; 8]).unwrap().unwrap();
        assert_eq!(w.FlushViewOfFile(fv, 0), 1);
        w.write(fv + 8, &[6; 8]).unwrap().unwrap();
        assert_eq!(w.FlushViewOfFile(fv, 0), 1);
        assert!(hot(&sys, pid).is_none());
        let mut w = sys.win32(pid);
        let mut buf = [0u8; 16];
        let mut got = 0;
        assert_eq!(w.ReadFile(f, &mut buf, 16, Some(&mut got)), 1);
        assert_eq!(buf.to_vec(), [[5u8; 8], [6; 8]].concat());
        sys.check().unwrap();
    }

    /// A hot loop of writes remembers its process once for `check_touched`, which checks
    /// the run; a copied machine starts with no run and writes its own pages.
    #[test]
    fn hot_writes_touch_once_and_clones_forget_the_run() {
        let (mut sys, pid, _, v) = machine(0);
        sys.check_touched().unwrap();
        for i in 0..1000u64 {
            sys.write_memory(pid, v + (i * 8) % (PAGES * PAGE_SIZE), &i.to_le_bytes())
                .unwrap()
                .unwrap();
        }
        assert_eq!(sys.touched_pids, [pid]);
        // Nor does it log its section over and over (`ObjectTable::touch` skips a repeat).
        let (ids, lost) = sys.hosts[0].objects.take_touched();
        assert!(!lost && ids.len() <= 1, "{ids:?}");
        sys.check_touched().unwrap();
        let mut copy = sys.clone();
        assert!(hot(&copy, pid).is_none());
        copy.write_memory(pid, v, &[9; 8]).unwrap().unwrap();
        assert_eq!(
            sys.read_memory(pid, v, 8).unwrap().unwrap(),
            0u64.to_le_bytes()
        );
        copy.check().unwrap();
    }

    /// `check` finds a cached run that no longer says what a resolve gives.
    #[test]
    fn check_finds_a_stale_hot_run() {
        let (mut sys, pid, _, v) = machine(0);
        sys.write_memory(pid, v, &[1; 8]).unwrap().unwrap();
        let run = hot(&sys, pid).unwrap();
        let space = &mut sys.processes.get_mut(&pid).unwrap().address_space;
        let (_, slot) = space.find_mut_with_hot(v).unwrap();
        *slot = Some(HotRun {
            protect: PAGE_READONLY,
            ..run
        });
        let e = sys.check().unwrap_err();
        assert!(e.contains("hot run"), "{e}");
        assert!(sys.check_touched().unwrap_err().contains("hot run"));
        let space = &mut sys.processes.get_mut(&pid).unwrap().address_space;
        let (_, slot) = space.find_mut_with_hot(v).unwrap();
        *slot = Some(HotRun {
            end: run.end + PAGE_SIZE,
            ..run
        });
        assert!(sys.check().unwrap_err().contains("hot run"));
    }
}
