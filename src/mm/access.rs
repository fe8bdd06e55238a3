//! Reads and writes of simulated memory, page by page, honouring State and Protect.
//!
//! A fault is a value, never a panic: `Exception::AccessViolation` (EXCEPTION_ACCESS_VIOLATION)
//! for free, reserved, PAGE_NOACCESS or read-only-written pages; `Exception::GuardPage` the
//! first time a PAGE_GUARD page is touched (the guard is then removed, as on Windows: MS docs
//! "Creating Guard Pages"). Like a CPU copy, the bytes before the faulting page are accessed.
//! A write to a copy-on-write page copies it privately for that view, which then reports
//! PAGE_READWRITE (catalog F15).

use std::fmt;

use super::address_space::{AddressSpace, Region};
use super::page_store::{Page, PageStore};
use super::protection;
use super::section::Backing;
use super::virtual_memory::section_page;
use crate::consts::*;
use crate::error::{NtStatus, Result};
use crate::io::cache::FileCache;
use crate::io::storage::{FileNode, Storage};
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
        let mut out = Vec::with_capacity(usize::try_from(len).unwrap_or(0));
        let r = self.access(pid, address, len, Op::Read, &mut out)?;
        Ok(r.map(|()| out))
    }

    /// Writes `data` at `address`.
    pub fn write_memory(&mut self, pid: Pid, address: u64, data: &[u8]) -> AccessResult<()> {
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
        self.access(pid, address, len, Op::Fill(byte), &mut Vec::new())
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
            match reach(&mut process.address_space, host, storage, at, write, hit) {
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

/// The page holding `at`, checked for a read or a write (committed, protection, guard), or
/// the fault the access raises (a guard page's guard is cleared as it fires). A write to a
/// copy-on-write page first copies it privately for the view (catalog F15).
fn reach<'a>(
    space: &'a mut AddressSpace,
    host: &'a mut Host,
    storage: &'a Storage,
    at: u64,
    write: bool,
    hit: &mut RuleSet,
) -> std::result::Result<Reached<'a>, Exception> {
    let av = Exception::AccessViolation { address: at, write };
    let Some(region) = space.find_mut(at) else {
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
            if write && protection::is_copy_on_write(prot) {
                // The first write to a copy-on-write page makes it private (F15).
                hit.insert(RuleId::F15);
                if !v.private.contains(page) {
                    v.private.insert(page, source.read(spage));
                }
                v.protect
                    .set(page, page + 1, protection::after_copy_on_write(prot));
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
