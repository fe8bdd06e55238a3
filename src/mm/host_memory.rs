//! Host memory for the host page backend (Linux): a shared-memory object (`memfd`) per page
//! store, mapped lazily in 1 GiB chunks for the engine's own reads and writes, and an address
//! reservation per simulated process in which views are mapped at `base + simulated address`.
//!
//! Every `unsafe` block here is one system call or one pointer conversion over a mapping this
//! module owns; each says why it is sound. Sparse as the simulated store: a memfd is sized
//! (`ftruncate`) to the largest section winsection creates but costs only the pages touched, and
//! `SEEK_DATA`/`SEEK_HOLE` say which pages exist.

use std::collections::BTreeMap;
use std::io;
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd, RawFd};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;

use crate::consts::PAGE_SIZE;
use crate::mm::section::MAX_SECTION_SIZE;

/// Bytes of one engine-side mapping of a memfd (mapped on first use, kept until drop).
const CHUNK: u64 = 1 << 30;

/// Identity of a memfd, so that the view mirror notices when a store was replaced.
static NEXT_ID: AtomicU64 = AtomicU64::new(1);

/// The errno of the last failed call, as an `io::Error`.
fn last_error() -> io::Error {
    io::Error::last_os_error()
}

/// Raises the soft limit on open descriptors to the hard limit (every host page store holds
/// one memfd, and the usual soft limit is 1024); whether it was raised.
fn raise_fd_limit() -> bool {
    let mut limit = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: `limit` is a valid, writable rlimit.
    if unsafe { libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit) } != 0
        || limit.rlim_cur >= limit.rlim_max
    {
        return false;
    }
    limit.rlim_cur = limit.rlim_max;
    // SAFETY: `limit` is a valid rlimit within the hard limit.
    unsafe { libc::setrlimit(libc::RLIMIT_NOFILE, &limit) == 0 }
}

/// One shared-memory object holding the pages of one page store, by page index.
pub(crate) struct SharedMemory {
    fd: OwnedFd,
    id: u64,
    /// Chunk index -> address of its `CHUNK`-byte MAP_SHARED mapping.
    chunks: Mutex<BTreeMap<u64, usize>>,
}

// SAFETY: the chunk addresses are mappings this value owns (unmapped only in Drop); the map of
// them is behind a Mutex, and the memfd is an ordinary descriptor usable from any thread.
unsafe impl Send for SharedMemory {}
// SAFETY: as above; `&self` methods only read the mappings or add new ones under the Mutex.
unsafe impl Sync for SharedMemory {}

impl std::fmt::Debug for SharedMemory {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "SharedMemory#{}", self.id)
    }
}

impl SharedMemory {
    /// A new, empty (all holes) object of `MAX_SECTION_SIZE` bytes.
    pub fn new() -> io::Result<Self> {
        let create = || {
            // SAFETY: the name is a NUL-terminated literal; the flags are valid.
            unsafe { libc::memfd_create(c"winsection".as_ptr(), libc::MFD_CLOEXEC) }
        };
        let mut raw = create();
        if raw < 0 && last_error().raw_os_error() == Some(libc::EMFILE) && raise_fd_limit() {
            raw = create();
        }
        if raw < 0 {
            return Err(last_error());
        }
        // SAFETY: `raw` is a descriptor memfd_create just returned and nothing else owns.
        let fd = unsafe { OwnedFd::from_raw_fd(raw) };
        let size =
            libc::off_t::try_from(MAX_SECTION_SIZE).map_err(|_| io::ErrorKind::InvalidInput)?;
        // SAFETY: plain call on a descriptor we own.
        if unsafe { libc::ftruncate(fd.as_raw_fd(), size) } != 0 {
            return Err(last_error());
        }
        Ok(SharedMemory {
            fd,
            id: NEXT_ID.fetch_add(1, Ordering::Relaxed),
            chunks: Mutex::new(BTreeMap::new()),
        })
    }

    /// A copy with the same pages in a new object (what `Clone` of a host store means).
    pub fn deep_clone(&self) -> io::Result<Self> {
        let copy = SharedMemory::new()?;
        for page in self.data_pages() {
            if let (Some(from), Some(to)) = (self.page_ptr(page), copy.page_ptr(page)) {
                // SAFETY: both pointers are page-aligned pages of live mappings owned by
                // `self` and `copy`, distinct objects, so the ranges do not overlap.
                unsafe { std::ptr::copy_nonoverlapping(from, to, PAGE_SIZE as usize) };
            }
        }
        Ok(copy)
    }

    /// The object's identity (unique in this host process).
    pub fn id(&self) -> u64 {
        self.id
    }

    /// The descriptor, for mapping views of it.
    pub fn raw_fd(&self) -> RawFd {
        self.fd.as_raw_fd()
    }

    /// Whether `page` holds data (was written, here or through a view).
    pub fn has_data(&self, page: u64) -> bool {
        let Some(offset) = page
            .checked_mul(PAGE_SIZE)
            .and_then(|o| libc::off_t::try_from(o).ok())
        else {
            return false;
        };
        // SAFETY: plain call on a descriptor we own.
        let found = unsafe { libc::lseek(self.fd.as_raw_fd(), offset, libc::SEEK_DATA) };
        found == offset
    }

    /// Indices of the pages holding data, in order (SEEK_DATA / SEEK_HOLE walk).
    pub fn data_pages(&self) -> Vec<u64> {
        let mut out = Vec::new();
        let mut at: libc::off_t = 0;
        loop {
            // SAFETY: plain calls on a descriptor we own.
            let data = unsafe { libc::lseek(self.fd.as_raw_fd(), at, libc::SEEK_DATA) };
            if data < 0 {
                return out;
            }
            // SAFETY: as above.
            let hole = unsafe { libc::lseek(self.fd.as_raw_fd(), data, libc::SEEK_HOLE) };
            if hole <= data {
                return out;
            }
            let (first, last) = (data as u64 / PAGE_SIZE, (hole as u64).div_ceil(PAGE_SIZE));
            out.extend(first..last);
            at = hole;
        }
    }

    /// Makes `page` a hole again (it reads as zeros and costs nothing).
    pub fn punch(&self, page: u64) {
        let Some(offset) = page
            .checked_mul(PAGE_SIZE)
            .and_then(|o| libc::off_t::try_from(o).ok())
        else {
            return;
        };
        // SAFETY: plain call on a descriptor we own; a failure leaves the page as it was.
        unsafe {
            libc::fallocate(
                self.fd.as_raw_fd(),
                libc::FALLOC_FL_PUNCH_HOLE | libc::FALLOC_FL_KEEP_SIZE,
                offset,
                PAGE_SIZE as libc::off_t,
            )
        };
    }

    /// The address of `page` in the engine's mapping of this object (mapped on first use).
    pub fn page_ptr(&self, page: u64) -> Option<*mut u8> {
        let offset = page
            .checked_mul(PAGE_SIZE)
            .filter(|o| *o < MAX_SECTION_SIZE)?;
        let (chunk, within) = (offset / CHUNK, offset % CHUNK);
        let mut chunks = self.chunks.lock().ok()?;
        let base = match chunks.get(&chunk) {
            Some(b) => *b,
            None => {
                let file_offset = libc::off_t::try_from(chunk * CHUNK).ok()?;
                // SAFETY: a new shared mapping chosen by the kernel (no MAP_FIXED), of a range
                // of our memfd inside its size; it is owned by `self` until Drop.
                let p = unsafe {
                    libc::mmap(
                        std::ptr::null_mut(),
                        CHUNK as usize,
                        libc::PROT_READ | libc::PROT_WRITE,
                        libc::MAP_SHARED | libc::MAP_NORESERVE,
                        self.fd.as_raw_fd(),
                        file_offset,
                    )
                };
                if p == libc::MAP_FAILED {
                    return None;
                }
                chunks.insert(chunk, p as usize);
                p as usize
            }
        };
        Some((base + within as usize) as *mut u8)
    }
}

impl Drop for SharedMemory {
    fn drop(&mut self) {
        let chunks = match self.chunks.get_mut() {
            Ok(c) => std::mem::take(c),
            Err(poisoned) => std::mem::take(poisoned.into_inner()),
        };
        for base in chunks.into_values() {
            // SAFETY: `base` is a CHUNK-byte mapping this object made and nothing borrows it
            // any more (Drop has `&mut self`).
            unsafe { libc::munmap(base as *mut libc::c_void, CHUNK as usize) };
        }
    }
}

/// How a page range of a reservation is mapped.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Backed {
    /// MAP_SHARED of a memfd at a byte offset: stores reach every view.
    Shared { fd: RawFd, offset: u64 },
    /// MAP_PRIVATE of a memfd: the kernel copies a page on its first write (copy-on-write).
    Private { fd: RawFd, offset: u64 },
}

/// A range of host address space reserved PROT_NONE for one simulated process: simulated
/// address `a` is host address `base + a`.
#[derive(Debug)]
pub(crate) struct Reservation {
    base: usize,
    size: u64,
}

impl Reservation {
    /// Reserves `size` bytes (no memory, no commit: PROT_NONE, MAP_NORESERVE).
    pub fn new(size: u64) -> io::Result<Self> {
        let len = usize::try_from(size).map_err(|_| io::ErrorKind::InvalidInput)?;
        // SAFETY: a new anonymous PROT_NONE mapping chosen by the kernel; owned by the result.
        let p = unsafe {
            libc::mmap(
                std::ptr::null_mut(),
                len,
                libc::PROT_NONE,
                libc::MAP_PRIVATE | libc::MAP_ANONYMOUS | libc::MAP_NORESERVE,
                -1,
                0,
            )
        };
        if p == libc::MAP_FAILED {
            return Err(last_error());
        }
        Ok(Reservation {
            base: p as usize,
            size,
        })
    }

    /// Host address of simulated address 0.
    pub fn base(&self) -> usize {
        self.base
    }

    /// Bytes reserved.
    pub fn size(&self) -> u64 {
        self.size
    }

    /// Whether `[start, start+len)` lies inside the reservation.
    fn contains(&self, start: u64, len: u64) -> bool {
        start.checked_add(len).is_some_and(|end| end <= self.size)
    }

    /// Maps `[start, start+len)` (simulated addresses, page-aligned) as `backed` with `prot`.
    pub fn map(&self, start: u64, len: u64, backed: Backed, prot: i32) -> io::Result<()> {
        if !self.contains(start, len) || len == 0 {
            return Err(io::ErrorKind::InvalidInput.into());
        }
        let (flags, fd, offset) = match backed {
            Backed::Shared { fd, offset } => (libc::MAP_SHARED, fd, offset),
            Backed::Private { fd, offset } => (libc::MAP_PRIVATE, fd, offset),
        };
        let offset = libc::off_t::try_from(offset).map_err(|_| io::ErrorKind::InvalidInput)?;
        // SAFETY: the target range lies inside this reservation (checked above), which this
        // value owns; MAP_FIXED replaces only our own earlier mapping of that range.
        let p = unsafe {
            libc::mmap(
                (self.base + start as usize) as *mut libc::c_void,
                len as usize,
                prot,
                flags | libc::MAP_FIXED | libc::MAP_NORESERVE,
                fd,
                offset,
            )
        };
        if p == libc::MAP_FAILED {
            return Err(last_error());
        }
        Ok(())
    }

    /// Returns `[start, start+len)` to the PROT_NONE reservation (freeing what was mapped).
    pub fn reset(&self, start: u64, len: u64) {
        if !self.contains(start, len) || len == 0 {
            return;
        }
        // SAFETY: as in `map`: a range inside our own reservation, replaced by PROT_NONE.
        unsafe {
            libc::mmap(
                (self.base + start as usize) as *mut libc::c_void,
                len as usize,
                libc::PROT_NONE,
                libc::MAP_PRIVATE | libc::MAP_ANONYMOUS | libc::MAP_NORESERVE | libc::MAP_FIXED,
                -1,
                0,
            )
        };
    }
}

impl Drop for Reservation {
    fn drop(&mut self) {
        // SAFETY: the whole reservation is ours; views in it die with it.
        unsafe { libc::munmap(self.base as *mut libc::c_void, self.size as usize) };
    }
}

/// Host protection bits for a Windows page protection (PAGE_GUARD and PAGE_NOACCESS: none).
pub(crate) fn host_prot(prot: u32) -> i32 {
    use crate::consts::*;
    if prot & PAGE_GUARD != 0 {
        return libc::PROT_NONE;
    }
    match prot & 0xFF {
        PAGE_READONLY => libc::PROT_READ,
        PAGE_READWRITE | PAGE_WRITECOPY => libc::PROT_READ | libc::PROT_WRITE,
        PAGE_EXECUTE | PAGE_EXECUTE_READ => libc::PROT_READ | libc::PROT_EXEC,
        PAGE_EXECUTE_READWRITE | PAGE_EXECUTE_WRITECOPY => {
            libc::PROT_READ | libc::PROT_WRITE | libc::PROT_EXEC
        }
        _ => libc::PROT_NONE,
    }
}
