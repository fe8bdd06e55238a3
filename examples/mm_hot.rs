//! Memory-manager hot paths for a profiler (issue #11): `mm_hot write N` does N 8-byte writes
//! into a 64 MiB touched view, page-stepping like `benches/perf.rs`; `mm_hot map VIEWS N` maps
//! and unmaps one view N times in a process that holds VIEWS other views; `mm_hot fresh N`
//! makes N fresh machines with one process each (count `malloc` calls in the profile). Run it
//! under `valgrind --tool=callgrind` (stable instruction counts) or `perf stat`.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::hint::black_box;

use winsection::win32::*;
use winsection::{ProcessSpec, System};

const MIB64: u64 = 64 << 20;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let arg = |i: usize, d: u64| args.get(i).and_then(|a| a.parse().ok()).unwrap_or(d);
    if args.get(1).map(String::as_str) == Some("fresh") {
        let n = arg(2, 100_000);
        let t = std::time::Instant::now();
        for _ in 0..n {
            let mut sys = System::new();
            black_box(sys.spawn(ProcessSpec::named("p")).unwrap());
        }
        println!("{:.1} ns/op", t.elapsed().as_nanos() as f64 / n as f64);
        return;
    }
    let mut sys = System::new();
    let pid = sys.spawn(ProcessSpec::named("hot")).unwrap();
    let mut w = sys.win32(pid);
    match args.get(1).map(String::as_str) {
        Some("map") => {
            let (views, n) = (arg(2, 100_000), arg(3, 100_000));
            let s =
                w.CreateFileMappingW(INVALID_HANDLE_VALUE, None, PAGE_READWRITE, 0, 0x1000, None);
            for _ in 0..views {
                assert_ne!(w.MapViewOfFile(s, FILE_MAP_READ, 0, 0, 0x1000), 0);
            }
            let t = std::time::Instant::now();
            for _ in 0..n {
                let a = w.MapViewOfFile(s, FILE_MAP_READ, 0, 0, 0x1000);
                assert_ne!(a, 0);
                w.UnmapViewOfFile(a);
            }
            println!("{:.1} ns/op", t.elapsed().as_nanos() as f64 / n as f64);
        }
        _ => {
            let n = arg(2, 10_000_000);
            let big = w.CreateFileMappingW(
                INVALID_HANDLE_VALUE,
                None,
                PAGE_READWRITE,
                0,
                MIB64 as u32,
                None,
            );
            let view = w.MapViewOfFile(big, FILE_MAP_WRITE, 0, 0, 0);
            w.write(view, &vec![0x5Au8; MIB64 as usize])
                .unwrap()
                .unwrap();
            let mut off = 0u64;
            let t = std::time::Instant::now();
            for _ in 0..n {
                off = (off + 4104) & (MIB64 - 1) & !7;
                let _ = black_box(sys.write_memory(pid, view + off, &[7u8; 8]));
            }
            println!("{:.1} ns/op", t.elapsed().as_nanos() as f64 / n as f64);
        }
    }
}
