//! A single-producer single-consumer byte ring in a named page-file section, written once
//! against windows-sys's paths (only the `use` lines know the platform). The section holds a
//! header — `head` (total bytes written) and `tail` (total bytes read), each an `AtomicU32` at
//! its own cache line, and the capacity — then `capacity` bytes of data. The producer only stores `head`, the
//! consumer only `tail`; Release/Acquire order the data with the counters, so the same code
//! is correct between two real Windows processes.

#![allow(dead_code, clippy::missing_safety_doc)]

use std::ptr::null;
use std::sync::atomic::{AtomicU32, Ordering};

#[cfg(windows)]
use windows_sys::Win32::{Foundation::*, System::Memory::*};
#[cfg(not(windows))]
use winsection::sys::Win32::{Foundation::*, System::Memory::*};

/// Bytes before the data: `head` at 0, `tail` at 64, the capacity at 96.
const HEADER: usize = 128;

/// One side of a ring: the section handle and the view.
pub struct Ring {
    section: HANDLE,
    view: MEMORY_MAPPED_VIEW_ADDRESS,
    capacity: u32,
}

fn wide(s: &str) -> Vec<u16> {
    s.encode_utf16().chain(Some(0)).collect()
}

impl Ring {
    /// Creates the ring (the producer's side); `capacity` must be a power of two. Fails with
    /// the Win32 error, ERROR_ALREADY_EXISTS included: a producer must own a fresh ring.
    pub fn create(name: &str, capacity: u32) -> Result<Ring, u32> {
        if !capacity.is_power_of_two() {
            return Err(ERROR_INVALID_PARAMETER);
        }
        let n = wide(name);
        let size = HEADER as u32 + capacity;
        // SAFETY: plain Win32 calls with valid arguments.
        unsafe {
            let section = CreateFileMappingW(
                INVALID_HANDLE_VALUE,
                null(),
                PAGE_READWRITE,
                0,
                size,
                n.as_ptr(),
            );
            if section.is_null() {
                return Err(GetLastError());
            }
            if GetLastError() == ERROR_ALREADY_EXISTS {
                CloseHandle(section);
                return Err(ERROR_ALREADY_EXISTS);
            }
            let ring = Self::map(section, capacity)?;
            ring.counter(96).store(capacity, Ordering::Release);
            Ok(ring)
        }
    }

    /// Opens an existing ring (the consumer's side), checking its header against the view size.
    pub fn open(name: &str) -> Result<Ring, u32> {
        let n = wide(name);
        // SAFETY: plain Win32 calls with valid arguments.
        unsafe {
            let section = OpenFileMappingW(FILE_MAP_READ | FILE_MAP_WRITE, 0, n.as_ptr());
            if section.is_null() {
                return Err(GetLastError());
            }
            let mut ring = Self::map(section, 0)?;
            let mut mbi = MEMORY_BASIC_INFORMATION::default();
            VirtualQuery(
                ring.view.Value,
                &mut mbi,
                std::mem::size_of::<MEMORY_BASIC_INFORMATION>(),
            );
            let capacity = ring.counter(96).load(Ordering::Acquire);
            // A section too small for the capacity it claims is not a ring.
            if !capacity.is_power_of_two() || mbi.RegionSize < HEADER + capacity as usize {
                return Err(ERROR_INVALID_DATA);
            }
            ring.capacity = capacity;
            Ok(ring)
        }
    }

    // SAFETY: the caller passes a section handle of the current machine of at least `capacity` bytes plus the header.
    unsafe fn map(section: HANDLE, capacity: u32) -> Result<Ring, u32> {
        // SAFETY: `section` is a live section handle.
        let view = unsafe { MapViewOfFile(section, FILE_MAP_READ | FILE_MAP_WRITE, 0, 0, 0) };
        if view.Value.is_null() {
            // SAFETY: as above.
            let e = unsafe { GetLastError() };
            // SAFETY: `section` is a live handle this function owns, closed once.
            unsafe { CloseHandle(section) };
            return Err(e);
        }
        Ok(Ring {
            section,
            view,
            capacity,
        })
    }

    fn counter(&self, offset: usize) -> &AtomicU32 {
        // SAFETY: the view is at least HEADER bytes, page-aligned, and lives as long as `self`;
        // AtomicU32 has u32's layout and the section's pages start zeroed.
        unsafe { &*self.view.Value.cast::<u8>().add(offset).cast::<AtomicU32>() }
    }

    fn data(&self) -> *mut u8 {
        // SAFETY: HEADER is inside the view.
        unsafe { self.view.Value.cast::<u8>().add(HEADER) }
    }

    /// Bytes the ring holds.
    pub fn capacity(&self) -> u32 {
        self.capacity
    }

    /// Bytes waiting to be read.
    pub fn len(&self) -> u32 {
        let head = self.counter(0).load(Ordering::Acquire);
        let tail = self.counter(64).load(Ordering::Acquire);
        head.wrapping_sub(tail)
    }

    /// Producer: writes as much of `bytes` as fits; returns how many.
    pub fn push(&self, bytes: &[u8]) -> usize {
        let head = self.counter(0).load(Ordering::Relaxed);
        let tail = self.counter(64).load(Ordering::Acquire);
        let free = self.capacity - head.wrapping_sub(tail);
        let n = bytes.len().min(free as usize);
        for (i, b) in bytes.iter().take(n).enumerate() {
            let at = (head.wrapping_add(i as u32) & (self.capacity - 1)) as usize;
            // SAFETY: `at < capacity`, inside the data area.
            unsafe { self.data().add(at).write(*b) };
        }
        self.counter(0)
            .store(head.wrapping_add(n as u32), Ordering::Release);
        n
    }

    /// Consumer: reads up to `out.len()` bytes; returns how many.
    pub fn pop(&self, out: &mut [u8]) -> usize {
        let tail = self.counter(64).load(Ordering::Relaxed);
        let head = self.counter(0).load(Ordering::Acquire);
        let n = out.len().min(head.wrapping_sub(tail) as usize);
        for (i, slot) in out.iter_mut().take(n).enumerate() {
            let at = (tail.wrapping_add(i as u32) & (self.capacity - 1)) as usize;
            // SAFETY: `at < capacity`, inside the data area.
            *slot = unsafe { self.data().add(at).read() };
        }
        self.counter(64)
            .store(tail.wrapping_add(n as u32), Ordering::Release);
        n
    }
}

impl Drop for Ring {
    fn drop(&mut self) {
        // SAFETY: the view and the handle this side made.
        unsafe {
            UnmapViewOfFile(self.view);
            CloseHandle(self.section);
        }
    }
}
