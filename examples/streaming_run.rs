//! Does a scenario run's memory grow with the script's length? A counting global allocator
//! measures the peak host heap of `winsection run`'s path (`check_streaming` then
//! `run_streaming`, records printed and dropped) for scripts of 10 k, 100 k and 1 M
//! statements, generated as they are read; then the whole-script path (`scenario::load` +
//! `scenario::run`, which keeps every statement and record) for the 100 k script, for
//! reference. Issue 15: a 200 MB script took 9.6 GB and printed nothing for 100 s.
//!
//! `cargo run --release --example streaming_run`

#![allow(clippy::expect_used, clippy::indexing_slicing)]

use std::alloc::{GlobalAlloc, Layout, System as HostHeap};
use std::io::Read;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use winsection::scenario;

/// The host allocator, counting live bytes and their peak.
struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

// SAFETY: every call is forwarded unchanged to the system allocator; only counters are added.
unsafe impl GlobalAlloc for Counting {
    // SAFETY: GlobalAlloc's contract is the caller's; this counts and forwards to `System` unchanged.
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: the caller upholds `GlobalAlloc::alloc`'s contract.
        let p = unsafe { HostHeap.alloc(layout) };
        if !p.is_null() {
            let now = LIVE.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
            PEAK.fetch_max(now, Ordering::Relaxed);
        }
        p
    }

    // SAFETY: GlobalAlloc's contract is the caller's; this counts and forwards to `System` unchanged.
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
        // SAFETY: the caller upholds `GlobalAlloc::dealloc`'s contract.
        unsafe { HostHeap.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static COUNTING: Counting = Counting;

const HEADER: &[u8] = b"process a\n\
    a: h = CreateFileMappingW(INVALID_HANDLE_VALUE, NULL, PAGE_READWRITE, 0, 0x10000, \"S\")\n\
    a: v = MapViewOfFile(h, FILE_MAP_WRITE, 0, 0, 0)\n";
const BODY: &[u8] = b"a: write(v, \"some bytes\")\n\
    a: x = read(v, 10)\n\
    a: expect x == \"some bytes\"\n\
    a: e = CreateEventW(NULL, TRUE, FALSE, \"E\")\n\
    a: CloseHandle(e)\n";

/// HEADER then `repeats` copies of BODY, produced as they are read.
struct Generated {
    repeats: usize,
    at: usize,
}

impl Read for Generated {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let total = HEADER.len() + self.repeats * BODY.len();
        let mut n = 0;
        while n < buf.len() && self.at < total {
            let byte = if self.at < HEADER.len() {
                HEADER[self.at]
            } else {
                BODY[(self.at - HEADER.len()) % BODY.len()]
            };
            buf[n] = byte;
            n += 1;
            self.at += 1;
        }
        Ok(n)
    }
}

fn generated(repeats: usize) -> Generated {
    Generated { repeats, at: 0 }
}

/// (statements, peak heap bytes above the start, seconds).
fn measure(f: impl FnOnce() -> usize) -> (usize, usize, f64) {
    let base = LIVE.load(Ordering::Relaxed);
    PEAK.store(base, Ordering::Relaxed);
    let start = Instant::now();
    let statements = f();
    let secs = start.elapsed().as_secs_f64();
    (statements, PEAK.load(Ordering::Relaxed) - base, secs)
}

fn streamed(repeats: usize) -> usize {
    let mut printed = 0usize;
    scenario::check_streaming(generated(repeats)).expect("the script checks");
    let (summary, _) = scenario::run_streaming(generated(repeats), |r| {
        printed += scenario::printer::record_text(r).len().min(1);
        true
    })
    .expect("the script runs");
    assert_eq!(summary.exit_status(), 0);
    printed
}

fn main() {
    println!("streamed run (winsection run's path):");
    let mut first = None;
    for repeats in [2_000, 20_000, 200_000] {
        let (n, peak, secs) = measure(|| streamed(repeats));
        let ratio = peak as f64 / *first.get_or_insert(peak) as f64;
        println!(
            "  {n:>9} statements: peak heap {:>9} bytes ({ratio:.2}x the 10 k run), {secs:.2} s",
            peak
        );
    }
    let (n, whole, secs) = measure(|| {
        let mut src = Vec::new();
        generated(20_000).read_to_end(&mut src).expect("generated");
        let script = scenario::load(&src).expect("the script checks");
        let result = scenario::run(&script);
        result.records.len()
    });
    let (_, streamed_peak, _) = measure(|| streamed(20_000));
    println!(
        "whole-script run (load + run, every record kept):\n  {n:>9} statements: peak heap {whole:>9} \
         bytes, {secs:.2} s ({:.0}x the streamed run of the same script)",
        whole as f64 / streamed_peak as f64
    );
}
