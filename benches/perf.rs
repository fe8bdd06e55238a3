//! `cargo bench`: winsection against the native Linux syscalls doing analogous work, in one
//! process, interleaved, per-op medians and their ratio (issue #11); then the scaling rows (the
//! same operation at a small and a large state, and their ratio), the absolute costs (a fresh
//! `System` + one process) and host bytes per object, counted by this binary's allocator.
//!
//! A hand-rolled harness (`harness = false`) rather than criterion/divan: the figures that
//! matter are *ratios of two interleaved measurements from the same run*, which neither crate
//! reports; the sampling here is the same idea (calibrated batches, median of samples).
//!
//! `cargo bench --bench perf -- QUICK` runs every row at 1/16 of the sizes (a smoke run);
//! `profile-names N` and `profile-ops N` run fixed untimed workloads for callgrind (see `main`).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use std::alloc::{GlobalAlloc, Layout, System as HostAlloc};
use std::ffi::CString;
use std::hint::black_box;
use std::sync::atomic::{AtomicIsize, Ordering};
use std::time::{Duration, Instant};

use winsection::win32::*;
use winsection::{Pid, Privilege, ProcessSpec, System};

// ---------------------------------------------------------------------------------------------
// Host bytes: a counting global allocator.

struct Counting;

static LIVE: AtomicIsize = AtomicIsize::new(0);
/// Allocation calls (alloc, alloc_zeroed and realloc), for the allocations-per-operation rows.
static CALLS: AtomicIsize = AtomicIsize::new(0);

// SAFETY: every call forwards to the system allocator with the same arguments; the counter is
// only bookkeeping.
unsafe impl GlobalAlloc for Counting {
    // SAFETY: GlobalAlloc's contract is the caller's; this counts and forwards to `System` unchanged.
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        LIVE.fetch_add(layout.size() as isize, Ordering::Relaxed);
        CALLS.fetch_add(1, Ordering::Relaxed);
        // SAFETY: forwarded unchanged.
        unsafe { HostAlloc.alloc(layout) }
    }
    // SAFETY: GlobalAlloc's contract is the caller's; this counts and forwards to `System` unchanged.
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        LIVE.fetch_add(layout.size() as isize, Ordering::Relaxed);
        CALLS.fetch_add(1, Ordering::Relaxed);
        // SAFETY: forwarded unchanged.
        unsafe { HostAlloc.alloc_zeroed(layout) }
    }
    // SAFETY: GlobalAlloc's contract is the caller's; this counts and forwards to `System` unchanged.
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size() as isize, Ordering::Relaxed);
        // SAFETY: forwarded unchanged.
        unsafe { HostAlloc.dealloc(ptr, layout) }
    }
    // SAFETY: GlobalAlloc's contract is the caller's; this counts and forwards to `System` unchanged.
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        LIVE.fetch_add(
            new_size as isize - layout.size() as isize,
            Ordering::Relaxed,
        );
        CALLS.fetch_add(1, Ordering::Relaxed);
        // SAFETY: forwarded unchanged.
        unsafe { HostAlloc.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

fn live_bytes() -> isize {
    LIVE.load(Ordering::Relaxed)
}

/// Allocation calls per run of `f(n)`, over `n` runs.
fn allocations_per_op(n: u64, f: Op<'_>) -> f64 {
    let before = CALLS.load(Ordering::Relaxed);
    f(n);
    (CALLS.load(Ordering::Relaxed) - before) as f64 / n as f64
}

// ---------------------------------------------------------------------------------------------
// Timing: calibrated batches, interleaved samples, medians.

/// One benchmarked operation: runs `n` iterations.
type Op<'a> = &'a mut dyn FnMut(u64);

/// Iterations per batch so that a batch takes about `target`.
fn calibrate(f: Op<'_>, target: Duration) -> u64 {
    let mut n = 1u64;
    loop {
        let t = Instant::now();
        f(n);
        let e = t.elapsed();
        if e >= target || n >= 1 << 24 {
            return n;
        }
        let grow = if e.is_zero() {
            16
        } else {
            (target.as_nanos() / e.as_nanos().max(1)).clamp(2, 16) as u64
        };
        n = n.saturating_mul(grow);
    }
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

/// Per-op medians (ns) of `a` and `b`, sampled alternately.
fn interleave(a: Op<'_>, b: Op<'_>, bulk: bool) -> (f64, f64) {
    let (target, samples) = if bulk {
        (Duration::ZERO, 7)
    } else {
        (Duration::from_micros(500), 31)
    };
    let na = calibrate(a, target);
    let nb = calibrate(b, target);
    let (mut sa, mut sb) = (Vec::new(), Vec::new());
    for _ in 0..samples {
        let t = Instant::now();
        a(na);
        sa.push(t.elapsed().as_nanos() as f64 / na as f64);
        let t = Instant::now();
        b(nb);
        sb.push(t.elapsed().as_nanos() as f64 / nb as f64);
    }
    (median(sa), median(sb))
}

fn fmt_ns(ns: f64) -> String {
    if ns >= 1e6 {
        format!("{:.2} ms", ns / 1e6)
    } else if ns >= 1e3 {
        format!("{:.2} us", ns / 1e3)
    } else {
        format!("{ns:.1} ns")
    }
}

/// A winsection-vs-native row: the ratio is native / winsection (how many times faster).
fn row_vs(name: &str, ws: Op<'_>, native: Op<'_>, bulk: bool) {
    let (w, n) = interleave(ws, native, bulk);
    println!("| {name} | {} | {} | {:.2}x |", fmt_ns(w), fmt_ns(n), n / w);
}

/// A scaling row: the ratio is large / small (1.0 = no growth with unrelated state).
fn row_scale(name: &str, small_n: usize, small: Op<'_>, large_n: usize, large: Op<'_>) {
    let (s, l) = interleave(small, large, false);
    println!(
        "| {name} | {small_n} | {} | {large_n} | {} | {:.2}x |",
        fmt_ns(s),
        fmt_ns(l),
        l / s
    );
}

/// Builds state with `step(i)` up to `want` items or until ~20 s have passed; returns the count.
fn build(want: usize, mut step: impl FnMut(usize)) -> usize {
    let t = Instant::now();
    for i in 0..want {
        step(i);
        if i % 1024 == 1023 && t.elapsed() > Duration::from_secs(20) {
            eprintln!("  (setup stopped at {} of {want} after 20 s)", i + 1);
            return i + 1;
        }
    }
    want
}

// ---------------------------------------------------------------------------------------------
// Helpers on both sides.

fn machine() -> (System, Pid) {
    let mut sys = System::new();
    let pid = sys.spawn(ProcessSpec::named("bench")).unwrap();
    (sys, pid)
}

/// A name `{prefix}{n}`, NUL-terminated, built in a stack buffer: the named rows make their
/// names this way on both sides (no heap string per operation, no table of names to miss on),
/// so that a name costs the same few instructions whatever the state.
struct NameBuf {
    buf: [u8; 64],
    len: usize,
}

impl NameBuf {
    fn new(prefix: &str, n: u64) -> Self {
        use std::io::Write;
        let mut buf = [0u8; 64];
        let mut rest = &mut buf[..63];
        write!(rest, "{prefix}{n}").unwrap();
        let len = 63 - rest.len();
        NameBuf { buf, len }
    }

    fn as_str(&self) -> &str {
        std::str::from_utf8(&self.buf[..self.len]).unwrap()
    }

    fn as_cstr(&self) -> &std::ffi::CStr {
        std::ffi::CStr::from_bytes_with_nul(&self.buf[..=self.len]).unwrap()
    }
}

fn cstr(s: &str) -> CString {
    CString::new(s).unwrap()
}

fn memfd(size: usize) -> i32 {
    // SAFETY: plain syscalls with a valid NUL-terminated name.
    unsafe {
        let fd = libc::memfd_create(c"bench".as_ptr(), 0);
        assert!(fd >= 0);
        assert_eq!(libc::ftruncate(fd, size as libc::off_t), 0);
        fd
    }
}

/// A shared mapping of a memfd of `size` bytes, every page touched.
fn touched_mapping(size: usize) -> (*mut u8, i32) {
    let fd = memfd(size);
    // SAFETY: maps `size` bytes of a memfd of that size; the pointer stays valid until exit.
    let p = unsafe {
        libc::mmap(
            std::ptr::null_mut(),
            size,
            libc::PROT_READ | libc::PROT_WRITE,
            libc::MAP_SHARED,
            fd,
            0,
        )
    };
    assert_ne!(p, libc::MAP_FAILED);
    let p = p.cast::<u8>();
    // SAFETY: inside the mapping just made.
    unsafe { std::ptr::write_bytes(p, 1, size) };
    (p, fd)
}

const MIB64: usize = 64 << 20;

// ---------------------------------------------------------------------------------------------
// The object-op workloads, winsection side: each a named function, shared by the rows of
// `object_ops` and by `profile-ops N`, so that callgrind's `--toggle-collect='*workload_NAME*'`
// isolates one of them.

/// Anonymous 64 KiB section create + close, `n` times.
#[inline(never)]
fn workload_anonymous_create(sys: &mut System, pid: Pid, n: u64) {
    let mut w = sys.win32(pid);
    for _ in 0..n {
        let h = w.CreateFileMappingW(INVALID_HANDLE_VALUE, None, PAGE_READWRITE, 0, 0x10000, None);
        w.CloseHandle(black_box(h));
    }
}

/// Anonymous create + map + write 1 byte + unmap + close, `n` times.
#[inline(never)]
fn workload_create_map(sys: &mut System, pid: Pid, n: u64) {
    let mut w = sys.win32(pid);
    for _ in 0..n {
        let h = w.CreateFileMappingW(INVALID_HANDLE_VALUE, None, PAGE_READWRITE, 0, 0x10000, None);
        let a = w.MapViewOfFile(h, FILE_MAP_WRITE, 0, 0, 0);
        let _ = black_box(w.write(a, &[1]));
        w.UnmapViewOfFile(a);
        w.CloseHandle(h);
    }
}

/// Named create (a unique name `bench{k}`, `k` counting on) + close, `n` times.
#[inline(never)]
fn workload_named_create(sys: &mut System, pid: Pid, k: &mut u64, n: u64) {
    let mut w = sys.win32(pid);
    for _ in 0..n {
        *k += 1;
        let name = NameBuf::new("bench", *k);
        let h = w.CreateFileMappingW(
            INVALID_HANDLE_VALUE,
            None,
            PAGE_READWRITE,
            0,
            0x10000,
            Some(name.as_str()),
        );
        w.CloseHandle(h);
    }
}

/// The section `workload_open_close` opens (`benchopen`); returns its handle.
fn create_open_target(sys: &mut System, pid: Pid) -> HANDLE {
    sys.win32(pid).CreateFileMappingW(
        INVALID_HANDLE_VALUE,
        None,
        PAGE_READWRITE,
        0,
        0x10000,
        Some("benchopen"),
    )
}

/// Open the existing `benchopen` by name + close, `n` times.
#[inline(never)]
fn workload_open_close(sys: &mut System, pid: Pid, n: u64) {
    let mut w = sys.win32(pid);
    for _ in 0..n {
        let h = w.OpenFileMappingW(FILE_MAP_READ, 0, Some("benchopen"));
        w.CloseHandle(black_box(h));
    }
}

// ---------------------------------------------------------------------------------------------
// Winsection vs native.

fn object_ops() {
    println!("\n### winsection vs native (per-op median; ratio = native / winsection)\n");
    println!("| workload | winsection | native | ratio |");
    println!("|---|---|---|---|");
    let (mut sys, pid) = machine();

    row_vs(
        "anonymous 64 KiB section create + close",
        &mut |n| workload_anonymous_create(&mut sys, pid, n),
        &mut |n| {
            for _ in 0..n {
                // SAFETY: plain syscalls on a fd this loop owns.
                unsafe {
                    let fd = libc::memfd_create(c"b".as_ptr(), 0);
                    libc::ftruncate(fd, 0x10000);
                    libc::close(black_box(fd));
                }
            }
        },
        false,
    );

    row_vs(
        "create + map + write 1 byte + unmap + close",
        &mut |n| workload_create_map(&mut sys, pid, n),
        &mut |n| {
            for _ in 0..n {
                // SAFETY: the mapping is 64 KiB of a 64 KiB memfd; unmapped before close.
                unsafe {
                    let fd = libc::memfd_create(c"b".as_ptr(), 0);
                    libc::ftruncate(fd, 0x10000);
                    let p = libc::mmap(
                        std::ptr::null_mut(),
                        0x10000,
                        libc::PROT_READ | libc::PROT_WRITE,
                        libc::MAP_SHARED,
                        fd,
                        0,
                    );
                    std::ptr::write_volatile(p.cast::<u8>(), 1);
                    libc::munmap(p, 0x10000);
                    libc::close(fd);
                }
            }
        },
        false,
    );

    let mut k = 0u64;
    let mut kn = 0u64;
    let me = std::process::id();
    let shm_prefix = format!("/wsbench{me}_");
    row_vs(
        "named create (unique name) + close",
        &mut |n| workload_named_create(&mut sys, pid, &mut k, n),
        &mut |n| {
            for _ in 0..n {
                kn += 1;
                let name = NameBuf::new(&shm_prefix, kn);
                let name = name.as_cstr();
                // SAFETY: plain syscalls with a valid name; the object is unlinked at once.
                unsafe {
                    let fd = libc::shm_open(
                        name.as_ptr(),
                        libc::O_CREAT | libc::O_EXCL | libc::O_RDWR,
                        0o600,
                    );
                    libc::ftruncate(fd, 0x10000);
                    libc::shm_unlink(name.as_ptr());
                    libc::close(fd);
                }
            }
        },
        false,
    );

    let keep = create_open_target(&mut sys, pid);
    let shm_name = cstr(&format!("/wsbench{me}_open"));
    // SAFETY: plain syscalls with a valid name.
    let shm_keep = unsafe {
        let fd = libc::shm_open(shm_name.as_ptr(), libc::O_CREAT | libc::O_RDWR, 0o600);
        libc::ftruncate(fd, 0x10000);
        fd
    };
    row_vs(
        "open existing by name + close",
        &mut |n| workload_open_close(&mut sys, pid, n),
        &mut |n| {
            for _ in 0..n {
                // SAFETY: plain syscalls with a valid name.
                unsafe {
                    let fd = libc::shm_open(shm_name.as_ptr(), libc::O_RDWR, 0);
                    libc::close(black_box(fd));
                }
            }
        },
        false,
    );
    // SAFETY: plain syscalls with a valid name and a fd this function owns.
    unsafe {
        libc::shm_unlink(shm_name.as_ptr());
        libc::close(shm_keep);
    }
    sys.win32(pid).CloseHandle(keep);

    // Bulk writes into a touched view.
    let data = vec![0x5Au8; MIB64];
    let big = sys.win32(pid).CreateFileMappingW(
        INVALID_HANDLE_VALUE,
        None,
        PAGE_READWRITE,
        0,
        MIB64 as u32,
        None,
    );
    let view = sys.win32(pid).MapViewOfFile(big, FILE_MAP_WRITE, 0, 0, 0);
    sys.win32(pid).write(view, &data).unwrap().unwrap();
    let (native_view, _fd) = touched_mapping(MIB64);
    row_vs(
        "write 64 MiB into a touched view",
        &mut |n| {
            for _ in 0..n {
                sys.write_memory(pid, view, &data).unwrap().unwrap();
            }
        },
        &mut |n| {
            for _ in 0..n {
                // SAFETY: `native_view` maps MIB64 bytes; `data` holds as many.
                unsafe { std::ptr::copy_nonoverlapping(data.as_ptr(), native_view, MIB64) };
                black_box(native_view);
            }
        },
        true,
    );
    let (mut off, mut off_n) = (0u64, 0u64);
    row_vs(
        "8-byte write into a view",
        &mut |n| {
            for _ in 0..n {
                off = (off + 4104) & (MIB64 as u64 - 1) & !7;
                let _ = black_box(sys.write_memory(pid, view + off, &[7u8; 8]));
            }
        },
        &mut |n| {
            for _ in 0..n {
                off_n = (off_n + 4104) & (MIB64 as u64 - 1) & !7;
                // SAFETY: an aligned 8-byte store inside the mapping.
                unsafe {
                    std::ptr::write_volatile(native_view.add(off_n as usize).cast::<u64>(), 7)
                };
            }
        },
        false,
    );

    // The same 8-byte stores, 512 to a page, the page held as a slice (`System::memory_mut`:
    // one checked access per page, then plain stores) vs the same stores into the mapping.
    let (mut page_off, mut page_off_n) = (0u64, 0u64);
    row_vs(
        "8-byte write into a view, 512 per page held with System::memory_mut",
        &mut |n| {
            let mut left = n;
            while left > 0 {
                page_off = (page_off + 4096) & (MIB64 as u64 - 1);
                let k = left.min(512);
                let page = sys.memory_mut(pid, view + page_off, 4096).unwrap().unwrap();
                for word in page.chunks_exact_mut(8).take(k as usize) {
                    word.copy_from_slice(&7u64.to_ne_bytes());
                }
                black_box(page);
                left -= k;
            }
        },
        &mut |n| {
            let mut left = n;
            while left > 0 {
                page_off_n = (page_off_n + 4096) & (MIB64 as u64 - 1);
                let k = left.min(512);
                // SAFETY: one page inside the MIB64-byte mapping, not otherwise borrowed.
                let page = unsafe {
                    std::slice::from_raw_parts_mut(native_view.add(page_off_n as usize), 4096)
                };
                for word in page.chunks_exact_mut(8).take(k as usize) {
                    word.copy_from_slice(&7u64.to_ne_bytes());
                }
                black_box(page);
                left -= k;
            }
        },
        false,
    );

    // ReadFile / WriteFile of a cached file vs pread / pwrite on a memfd.
    let file = sys.win32(pid).CreateFileW(
        Some("C:\\bench.dat"),
        GENERIC_READ | GENERIC_WRITE,
        0,
        None,
        CREATE_ALWAYS,
        0,
        0,
    );
    let mut wrote = 0u32;
    assert_eq!(
        sys.win32(pid)
            .WriteFile(file, &data, MIB64 as u32, Some(&mut wrote)),
        1
    );
    let fd = memfd(MIB64);
    // SAFETY: writes MIB64 bytes from a buffer of that size.
    unsafe { libc::pwrite(fd, data.as_ptr().cast(), MIB64, 0) };
    let mut buf = vec![0u8; MIB64];
    let mut buf_n = vec![0u8; MIB64];
    row_vs(
        "ReadFile 64 MiB of a cached file",
        &mut |n| {
            let mut w = sys.win32(pid);
            for _ in 0..n {
                w.SetFilePointer(file, 0, None, FILE_BEGIN);
                let mut got = 0u32;
                assert_eq!(w.ReadFile(file, &mut buf, MIB64 as u32, Some(&mut got)), 1);
                black_box(&buf);
            }
        },
        &mut |n| {
            for _ in 0..n {
                // SAFETY: reads MIB64 bytes into a buffer of that size.
                let r = unsafe { libc::pread(fd, buf_n.as_mut_ptr().cast(), MIB64, 0) };
                assert_eq!(r as usize, MIB64);
                black_box(&buf_n);
            }
        },
        true,
    );
    row_vs(
        "WriteFile 64 MiB of a cached file",
        &mut |n| {
            let mut w = sys.win32(pid);
            for _ in 0..n {
                w.SetFilePointer(file, 0, None, FILE_BEGIN);
                let mut put = 0u32;
                assert_eq!(w.WriteFile(file, &data, MIB64 as u32, Some(&mut put)), 1);
            }
        },
        &mut |n| {
            for _ in 0..n {
                // SAFETY: writes MIB64 bytes from a buffer of that size.
                let r = unsafe { libc::pwrite(fd, data.as_ptr().cast(), MIB64, 0) };
                assert_eq!(r as usize, MIB64);
            }
        },
        true,
    );
}

// ---------------------------------------------------------------------------------------------
// Scaling rows.

/// A machine with `n` live named sections (handles held by one process).
fn with_names(n: usize) -> (System, Pid, usize) {
    let (mut sys, pid) = machine();
    let made = build(n, |i| {
        let name = format!("live{i}");
        let h = sys.win32(pid).CreateFileMappingW(
            INVALID_HANDLE_VALUE,
            None,
            PAGE_READWRITE,
            0,
            0x1000,
            Some(&name),
        );
        assert_ne!(h, 0);
    });
    (sys, pid, made)
}

/// Random open by name + close among the live names.
fn open_random(sys: &mut System, pid: Pid, live: usize, seed: u64) -> impl FnMut(u64) + '_ {
    let mut x = seed;
    move |n| {
        let mut w = sys.win32(pid);
        for _ in 0..n {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let name = NameBuf::new("live", x % live as u64);
            let h = w.OpenFileMappingW(FILE_MAP_READ, 0, Some(name.as_str()));
            w.CloseHandle(black_box(h));
        }
    }
}

fn unique_create(sys: &mut System, pid: Pid) -> impl FnMut(u64) + '_ {
    let mut k = 0u64;
    move |n| {
        let mut w = sys.win32(pid);
        for _ in 0..n {
            k += 1;
            let name = NameBuf::new("uniq", k);
            let h = w.CreateFileMappingW(
                INVALID_HANDLE_VALUE,
                None,
                PAGE_READWRITE,
                0,
                0x1000,
                Some(name.as_str()),
            );
            w.CloseHandle(h);
        }
    }
}

fn map_unmap(sys: &mut System, pid: Pid, section: HANDLE) -> impl FnMut(u64) + '_ {
    move |n| {
        let mut w = sys.win32(pid);
        for _ in 0..n {
            let a = w.MapViewOfFile(section, FILE_MAP_READ, 0, 0, 0x1000);
            assert_ne!(a, 0);
            w.UnmapViewOfFile(a);
        }
    }
}

/// A machine whose process has `n` views of one section; returns the section handle.
fn with_views(n: usize) -> (System, Pid, HANDLE, usize) {
    let (mut sys, pid) = machine();
    let s = sys.win32(pid).CreateFileMappingW(
        INVALID_HANDLE_VALUE,
        None,
        PAGE_READWRITE,
        0,
        0x1000,
        None,
    );
    let made = build(n, |_| {
        assert_ne!(
            sys.win32(pid).MapViewOfFile(s, FILE_MAP_READ, 0, 0, 0x1000),
            0
        );
    });
    (sys, pid, s, made)
}

/// A machine whose process holds `n` handles (duplicates of one event).
fn with_handles(n: usize) -> (System, Pid, usize) {
    let mut sys = System::new();
    let mut spec = ProcessSpec::named("bench");
    spec.privileges.insert(Privilege::CreateGlobal);
    let pid = sys.spawn(spec).unwrap();
    let mut w = sys.win32(pid);
    let e = w.CreateEventW(None, 1, 0, None);
    w.CreateFileMappingW(
        INVALID_HANDLE_VALUE,
        None,
        PAGE_READWRITE,
        0,
        0x1000,
        Some("Local\\bench"),
    );
    w.CreateFileMappingW(
        INVALID_HANDLE_VALUE,
        None,
        PAGE_READWRITE,
        0,
        0x1000,
        Some("Global\\bench"),
    );
    let made = build(n, |_| {
        let mut d = 0;
        assert_eq!(
            w.DuplicateHandle(-1, e, -1, Some(&mut d), 0, 0, DUPLICATE_SAME_ACCESS),
            1
        );
    });
    (sys, pid, made)
}

fn open_prefixed(sys: &mut System, pid: Pid) -> impl FnMut(u64) + '_ {
    move |n| {
        let mut w = sys.win32(pid);
        for i in 0..n {
            let name = if i % 2 == 0 {
                "Local\\bench"
            } else {
                "Global\\bench"
            };
            let h = w.OpenFileMappingW(FILE_MAP_READ, 0, Some(name));
            assert_ne!(h, 0);
            w.CloseHandle(h);
        }
    }
}

/// A machine with one file and `n` unrelated objects (events held by another process).
fn with_objects(n: usize) -> (System, Pid, usize) {
    let (mut sys, pid) = machine();
    let other = sys.spawn(ProcessSpec::named("other")).unwrap();
    let h = sys.win32(pid).CreateFileW(
        Some("C:\\f.dat"),
        GENERIC_READ | GENERIC_WRITE,
        FILE_SHARE_READ | FILE_SHARE_WRITE,
        None,
        CREATE_ALWAYS,
        0,
        0,
    );
    sys.win32(pid).CloseHandle(h);
    let made = build(n, |_| {
        assert_ne!(sys.win32(other).CreateEventW(None, 1, 0, None), 0);
    });
    (sys, pid, made)
}

fn file_open_close(sys: &mut System, pid: Pid) -> impl FnMut(u64) + '_ {
    move |n| {
        let mut w = sys.win32(pid);
        for _ in 0..n {
            let h = w.CreateFileW(
                Some("C:\\f.dat"),
                GENERIC_READ,
                FILE_SHARE_READ | FILE_SHARE_WRITE,
                None,
                OPEN_EXISTING,
                0,
                0,
            );
            assert_ne!(h, INVALID_HANDLE_VALUE);
            w.CloseHandle(h);
        }
    }
}

fn spawn_exit(sys: &mut System) -> impl FnMut(u64) + '_ {
    move |n| {
        for _ in 0..n {
            let p = sys.spawn(ProcessSpec::named("child")).unwrap();
            let e = sys.win32(p).CreateEventW(None, 1, 0, None);
            black_box(e);
            sys.exit_process(p, 0).unwrap();
        }
    }
}

/// A machine with a mapped file of `pages` dirty cached pages; returns the view address.
fn with_cached_pages(pages: usize) -> (System, Pid, u64) {
    let (mut sys, pid) = machine();
    let mut w = sys.win32(pid);
    let f = w.CreateFileW(
        Some("C:\\flush.dat"),
        GENERIC_READ | GENERIC_WRITE,
        0,
        None,
        CREATE_ALWAYS,
        0,
        0,
    );
    let size = (pages as u64) * 4096;
    let s = w.CreateFileMappingW(
        f,
        None,
        PAGE_READWRITE,
        (size >> 32) as u32,
        size as u32,
        None,
    );
    let v = w.MapViewOfFile(s, FILE_MAP_WRITE, 0, 0, 0);
    assert_ne!(v, 0);
    w.fill(v, size, 0x11).unwrap().unwrap();
    (sys, pid, v)
}

fn flush_one(sys: &mut System, pid: Pid, view: u64) -> impl FnMut(u64) + '_ {
    move |n| {
        for i in 0..n {
            sys.write_memory(pid, view, &[i as u8]).unwrap().unwrap();
            assert_eq!(sys.win32(pid).FlushViewOfFile(view, 4096), 1);
        }
    }
}

/// A machine with `n` objects (unnamed sections held by one process).
fn with_sections(n: usize) -> (System, Pid, usize) {
    let (mut sys, pid) = machine();
    let made = build(n, |_| {
        assert_ne!(
            sys.win32(pid).CreateFileMappingW(
                INVALID_HANDLE_VALUE,
                None,
                PAGE_READWRITE,
                0,
                0x1000,
                None
            ),
            0
        );
    });
    (sys, pid, made)
}

fn op_then_check(sys: &mut System, pid: Pid) -> impl FnMut(u64) + '_ {
    move |n| {
        for _ in 0..n {
            let mut w = sys.win32(pid);
            let h =
                w.CreateFileMappingW(INVALID_HANDLE_VALUE, None, PAGE_READWRITE, 0, 0x1000, None);
            w.CloseHandle(h);
            sys.check_touched().unwrap();
        }
    }
}

fn scaling(div: usize) {
    println!("\n### scaling (per-op median; ratio = large / small, target <= 1.5x)\n");
    println!("| operation | small state | small | large state | large | ratio |");
    println!("|---|---|---|---|---|---|");
    names_scaling(div);
    scaling_rest(div);
}

/// The two named-object scaling rows (also alone: `cargo bench --bench perf -- names`).
fn names_scaling(div: usize) {
    let seed = 0x9E37_79B9_7F4A_7C15u64;
    let (mut s1, p1, n1) = with_names(1_000);
    let (mut s2, p2, n2) = with_names(1_000_000 / div);
    row_scale(
        "random OpenFileMapping + close, live names",
        n1,
        &mut open_random(&mut s1, p1, n1, seed),
        n2,
        &mut open_random(&mut s2, p2, n2, seed),
    );
    row_scale(
        "unique named create + close, live names",
        n1,
        &mut unique_create(&mut s1, p1),
        n2,
        &mut unique_create(&mut s2, p2),
    );
    drop((s1, s2));
}

fn scaling_rest(div: usize) {
    let (mut s1, p1, h1, n1) = with_views(10);
    let (mut s2, p2, h2, n2) = with_views(100_000 / div);
    row_scale(
        "MapViewOfFile (automatic) + unmap, views in process",
        n1,
        &mut map_unmap(&mut s1, p1, h1),
        n2,
        &mut map_unmap(&mut s2, p2, h2),
    );
    drop((s1, s2));

    let (mut s1, p1, n1) = with_handles(1_000);
    let (mut s2, p2, n2) = with_handles(1_000_000 / div);
    row_scale(
        "OpenFileMapping Local\\/Global\\ + close, handles in process",
        n1,
        &mut open_prefixed(&mut s1, p1),
        n2,
        &mut open_prefixed(&mut s2, p2),
    );
    drop((s1, s2));

    let (mut s1, p1, n1) = with_objects(100);
    let (mut s2, p2, n2) = with_objects(100_000 / div);
    row_scale(
        "CreateFileW + CloseHandle, objects on host",
        n1,
        &mut file_open_close(&mut s1, p1),
        n2,
        &mut file_open_close(&mut s2, p2),
    );
    row_scale(
        "spawn + one handle + process exit, objects on host",
        n1,
        &mut spawn_exit(&mut s1),
        n2,
        &mut spawn_exit(&mut s2),
    );
    drop((s1, s2));

    let (mut s1, p1, v1) = with_cached_pages(1);
    let (mut s2, p2, v2) = with_cached_pages(16_384 / div);
    row_scale(
        "FlushViewOfFile of one page, cached pages",
        1,
        &mut flush_one(&mut s1, p1, v1),
        16_384 / div,
        &mut flush_one(&mut s2, p2, v2),
    );
    drop((s1, s2));

    let (mut s1, p1, n1) = with_sections(1_000);
    let (mut s2, p2, n2) = with_sections(100_000 / div);
    row_scale(
        "create + close + System::check_touched(), objects",
        n1,
        &mut op_then_check(&mut s1, p1),
        n2,
        &mut op_then_check(&mut s2, p2),
    );
}

// ---------------------------------------------------------------------------------------------
// Absolute costs and host bytes.

fn absolute() {
    println!("\n### absolute\n");
    println!("| measure | value | target |");
    println!("|---|---|---|");
    let mut none = |n: u64| {
        for _ in 0..n {
            black_box(());
        }
    };
    let (fresh, _) = interleave(
        &mut |n| {
            for _ in 0..n {
                let mut sys = System::new();
                black_box(sys.spawn(ProcessSpec::named("p")).unwrap());
            }
        },
        &mut none,
        false,
    );
    println!(
        "| fresh System + one process | {} | < 5 us |",
        fmt_ns(fresh)
    );

    let (sys, _, _) = with_names(1_000);
    let (clone, _) = interleave(
        &mut |n| {
            for _ in 0..n {
                black_box(sys.clone());
            }
        },
        &mut |n| {
            for _ in 0..n {
                black_box(());
            }
        },
        false,
    );
    println!(
        "| System::clone, one process with 1000 named sections | {} | |",
        fmt_ns(clone)
    );
    drop(sys);

    let (mut sys, pid) = machine();
    let n = 10_000;
    let before = live_bytes();
    create_live_names(&mut sys, pid, n);
    let per = (live_bytes() - before) as f64 / n as f64;
    println!("| host bytes per named section + handle | {per:.0} B | < 400 B |");

    // Allocations per named create + close and per open + close, with 10K names live.
    let create = allocations_per_op(1000, &mut unique_create(&mut sys, pid));
    let open = allocations_per_op(1000, &mut open_random(&mut sys, pid, n, 7));
    println!("| allocations per named create + close / open + close | {create:.1} / {open:.1} | |");

    let s = sys.win32(pid).CreateFileMappingW(
        INVALID_HANDLE_VALUE,
        None,
        PAGE_READWRITE,
        0,
        0x1000,
        None,
    );
    let before = live_bytes();
    for _ in 0..n {
        sys.win32(pid).MapViewOfFile(s, FILE_MAP_READ, 0, 0, 0x1000);
    }
    let per = (live_bytes() - before) as f64 / n as f64;
    println!("| host bytes per view | {per:.0} B | |");

    let before = live_bytes();
    for _ in 0..n {
        let mut d = 0;
        sys.win32(pid)
            .DuplicateHandle(-1, s, -1, Some(&mut d), 0, 0, DUPLICATE_SAME_ACCESS);
    }
    let per = (live_bytes() - before) as f64 / n as f64;
    println!("| host bytes per handle | {per:.0} B | |");

    let before = live_bytes();
    for _ in 0..1000 {
        sys.spawn(ProcessSpec::named("p")).unwrap();
    }
    let per = (live_bytes() - before) as f64 / 1000.0;
    println!("| host bytes per process | {per:.0} B | |");
    drop(sys);

    let mut times = Vec::new();
    let mut bytes = 0;
    for _ in 0..5 {
        let before = live_bytes();
        let t = Instant::now();
        let (mut sys, pid) = machine();
        let mut w = sys.win32(pid);
        let s = w.CreateFileMappingW(
            INVALID_HANDLE_VALUE,
            None,
            PAGE_READWRITE | SEC_RESERVE,
            1 << 8,
            0,
            None,
        );
        assert_ne!(s, 0);
        let v = w.MapViewOfFile(s, FILE_MAP_WRITE, 0, 0, 0x10000);
        assert_ne!(v, 0);
        assert_ne!(w.VirtualAlloc(v, 0x1000, MEM_COMMIT, PAGE_READWRITE), 0);
        w.write(v, &[1]).unwrap().unwrap();
        times.push(t.elapsed().as_nanos() as f64);
        bytes = live_bytes() - before;
        drop(sys);
    }
    println!(
        "| 1 TiB SEC_RESERVE section, one touched page: machine + section + view + commit + write | {} , {bytes} B | sparse |",
        fmt_ns(median(times))
    );
}

/// `n` named sections `live0`, `live1`, ... (handles kept open), with no time limit.
fn create_live_names(sys: &mut System, pid: Pid, n: usize) {
    for i in 0..n {
        let name = NameBuf::new("live", i as u64);
        sys.win32(pid).CreateFileMappingW(
            INVALID_HANDLE_VALUE,
            None,
            PAGE_READWRITE,
            0,
            0x1000,
            Some(name.as_str()),
        );
    }
}

#[inline(never)]
fn profile_opens(sys: &mut System, pid: Pid, live: usize) {
    open_random(sys, pid, live, 7)(100_000);
}

#[inline(never)]
fn profile_creates(sys: &mut System, pid: Pid) {
    unique_create(sys, pid)(100_000);
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let quick = args.iter().any(|a| a == "QUICK");
    let div = if quick { 16 } else { 1 };
    let filter = args
        .iter()
        .skip(1)
        .find(|a| !a.starts_with('-') && *a != "QUICK")
        .cloned();
    let want = |s: &str| filter.as_deref().is_none_or(|f| s.contains(f));
    // `profile-names N`: N live names, then 100K random opens and 100K unique creates, untimed:
    // a fixed workload for `valgrind --tool=callgrind --cache-sim=yes
    // --collect-atstart=no --toggle-collect='*profile_opens*' --toggle-collect='*profile_creates*'`
    // (misses per operation at 1K and 1M names; README "Performance").
    // `profile-ops N`: each object-op workload of the first table run N times on one machine,
    // untimed, each in its own function: `valgrind --tool=callgrind --collect-atstart=no
    // --toggle-collect='*workload_open_close*'` (or `*workload_anonymous_create*`,
    // `*workload_named_create*`, `*workload_create_map*`) counts one of them; divided by N
    // that is instructions per operation (README "Performance").
    if let Some(i) = args.iter().position(|a| a == "profile-ops") {
        let n = args
            .get(i + 1)
            .and_then(|v| v.parse().ok())
            .unwrap_or(10_000);
        let (mut sys, pid) = machine();
        let mut k = 0u64;
        let keep = create_open_target(&mut sys, pid);
        workload_anonymous_create(&mut sys, pid, n);
        workload_create_map(&mut sys, pid, n);
        workload_named_create(&mut sys, pid, &mut k, n);
        workload_open_close(&mut sys, pid, n);
        sys.win32(pid).CloseHandle(keep);
        return;
    }
    if let Some(i) = args.iter().position(|a| a == "profile-names") {
        let n = args.get(i + 1).and_then(|v| v.parse().ok()).unwrap_or(1000);
        let (mut sys, pid) = machine();
        create_live_names(&mut sys, pid, n);
        let live = n;
        profile_opens(&mut sys, pid, live);
        profile_creates(&mut sys, pid);
        return;
    }
    println!("winsection performance (issue #11); sizes divided by {div}");
    if want("native") {
        object_ops();
    }
    if want("scaling") {
        scaling(div);
    } else if filter.as_deref() == Some("names") {
        names_scaling(div);
    }
    if want("absolute") {
        absolute();
    }
}
