//! Speed figures for the operations fuzzers and tests repeat millions of times, each with a
//! reference measured in the same run so the ratio means something on any machine.
//!
//! `cargo run --release --example bench`
//!
//! - a fresh `System` with one process, against building a `BTreeMap` of 32 string keys (about
//!   the directories, links and objects a fresh machine holds);
//! - a named `CreateFileMappingW` + `CloseHandle` pair, against inserting and removing one
//!   string key in a `std::collections::HashMap` of 1000 entries;
//! - `OpenFileMappingW` + `CloseHandle` of an existing name among 1000 named sections (name
//!   lookups are hash lookups: the cost must not grow with the number of names);
//! - a 4 KiB memory write through a view.

use std::collections::{BTreeMap, HashMap};
use std::hint::black_box;
use std::time::Instant;

use winsection::win32::*;
use winsection::{ProcessSpec, System};

/// Nanoseconds per iteration of `f`, best of 5 runs of `n` iterations.
fn time(n: u32, mut f: impl FnMut(u32)) -> f64 {
    let mut best = f64::MAX;
    for _ in 0..5 {
        let start = Instant::now();
        for i in 0..n {
            f(i);
        }
        best = best.min(start.elapsed().as_nanos() as f64 / f64::from(n));
    }
    best
}

fn report(what: &str, ns: f64, reference: &str, ref_ns: f64) {
    println!(
        "{what:<48} {ns:>10.0} ns   ({:.1}x {reference}: {ref_ns:.0} ns)",
        ns / ref_ns
    );
}

fn main() {
    let fresh = time(20_000, |_| {
        let mut sys = System::new();
        black_box(sys.spawn(ProcessSpec::named("p")).ok());
        black_box(sys);
    });
    let btree = time(20_000, |i| {
        let mut m = BTreeMap::new();
        for k in 0..32u32 {
            m.insert(format!("entry{k}"), k ^ i);
        }
        black_box(m);
    });
    report(
        "fresh System + 1 process",
        fresh,
        "BTreeMap of 32 strings",
        btree,
    );

    let mut sys = System::new();
    let Ok(pid) = sys.spawn(ProcessSpec::named("bench")) else {
        return;
    };
    let names: Vec<String> = (0..1000).map(|i| format!("Section{i}")).collect();
    {
        let mut w = sys.win32(pid);
        for n in &names {
            w.CreateFileMappingW(INVALID_HANDLE_VALUE, None, PAGE_READWRITE, 0, 4096, Some(n));
        }
    }
    let create_close = time(50_000, |i| {
        let mut w = sys.win32(pid);
        let name = if i % 2 == 0 { "FreshA" } else { "FreshB" };
        let h = w.CreateFileMappingW(
            INVALID_HANDLE_VALUE,
            None,
            PAGE_READWRITE,
            0,
            4096,
            Some(name),
        );
        black_box(w.CloseHandle(h));
    });
    let mut map: HashMap<String, u32> = names.iter().cloned().zip(0..).collect();
    let hashmap = time(50_000, |i| {
        let key = if i % 2 == 0 {
            "FreshA".to_string()
        } else {
            "FreshB".to_string()
        };
        map.insert(key.clone(), i);
        black_box(map.remove(&key));
    });
    report(
        "CreateFileMappingW + CloseHandle (1000 names)",
        create_close,
        "HashMap insert+remove",
        hashmap,
    );

    let open_close = time(50_000, |i| {
        let mut w = sys.win32(pid);
        let name = names
            .get((i % 1000) as usize)
            .map_or("Section0", |s| s.as_str());
        let h = w.OpenFileMappingW(FILE_MAP_READ, 0, Some(name));
        black_box(w.CloseHandle(h));
    });
    report(
        "OpenFileMappingW + CloseHandle (1000 names)",
        open_close,
        "HashMap insert+remove",
        hashmap,
    );

    let (view, data) = {
        let mut w = sys.win32(pid);
        let h = w.CreateFileMappingW(INVALID_HANDLE_VALUE, None, PAGE_READWRITE, 0, 1 << 20, None);
        (
            w.MapViewOfFile(h, FILE_MAP_WRITE, 0, 0, 0),
            vec![0x5Au8; 4096],
        )
    };
    let write = time(20_000, |i| {
        let at = view + u64::from(i % 256) * 4096;
        black_box(sys.write_memory(pid, at, &data).ok());
    });
    let mut buf = vec![0u8; 1 << 20];
    let memcpy = time(20_000, |i| {
        let at = (i % 256) as usize * 4096;
        if let Some(dst) = buf.get_mut(at..at + 4096) {
            dst.copy_from_slice(&data);
        }
        black_box(&buf);
    });
    report("4 KiB write through a view", write, "4 KiB memcpy", memcpy);
    match sys.check() {
        Ok(()) => println!("System::check(): ok"),
        Err(e) => println!("System::check(): {e}"),
    }
}
