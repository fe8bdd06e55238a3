//! What real pointers cost and buy: `winsection::sys` (host memory) against the `win32`
//! facade on simulated pages, for the same work, in one process so the ratios are fair.
//!
//! - map/unmap: CreateFileMappingW + MapViewOfFile + store + UnmapViewOfFile + CloseHandle;
//! - bytes: storing 64 MiB into a view (raw pointer vs `System::write_memory`);
//! - a 1 TiB SEC_RESERVE section with one page touched: the host memory it costs;
//! - scaling: a map+unmap with 10 vs 1000 other views mapped (the mirror reconciles only
//!   what changed, so the ratio should stay near 1);
//! - a call with N views mapped: CloseHandle (mirror synced) and SetEvent (no sync).
//!
//! `cargo run --release --example sys_cost`

#[cfg(target_os = "linux")]
fn main() {
    use std::time::Instant;
    use winsection::sys::Win32::Foundation::*;
    use winsection::sys::Win32::System::Memory::*;
    use winsection::{sys, win32, ProcessSpec, System};

    const ROUNDS: u32 = 2000;
    sys::reset();
    let t = Instant::now();
    for _ in 0..ROUNDS {
        // SAFETY: plain Win32 calls; the store is inside the 4 KiB view.
        unsafe {
            let h = CreateFileMappingW(
                INVALID_HANDLE_VALUE,
                std::ptr::null(),
                PAGE_READWRITE,
                0,
                4096,
                std::ptr::null(),
            );
            let v = MapViewOfFile(h, FILE_MAP_ALL_ACCESS, 0, 0, 0);
            v.Value.cast::<u8>().write(1);
            UnmapViewOfFile(v);
            CloseHandle(h);
        }
    }
    let host_round = t.elapsed().as_secs_f64() / f64::from(ROUNDS);

    let mut s = System::new();
    let p = s
        .spawn(ProcessSpec::named("p"))
        .unwrap_or_else(|e| panic!("{e}"));
    let t = Instant::now();
    for _ in 0..ROUNDS {
        let mut w = s.win32(p);
        let h = w.CreateFileMappingW(
            win32::INVALID_HANDLE_VALUE,
            None,
            win32::PAGE_READWRITE,
            0,
            4096,
            None,
        );
        let v = w.MapViewOfFile(h, win32::FILE_MAP_ALL_ACCESS, 0, 0, 0);
        let _ = w.system().write_memory(p, v, &[1]);
        w.UnmapViewOfFile(v);
        w.CloseHandle(h);
    }
    let sim_round = t.elapsed().as_secs_f64() / f64::from(ROUNDS);
    println!(
        "map/store/unmap/close round: sys (host memory) {:.1} us, win32 (simulated) {:.1} us, ratio {:.1}",
        host_round * 1e6,
        sim_round * 1e6,
        host_round / sim_round
    );

    const BYTES: usize = 64 << 20;
    let data = vec![0x5Au8; BYTES];
    // SAFETY: plain Win32 calls; the copy stays inside the 64 MiB view.
    let host_bytes = unsafe {
        let h = CreateFileMappingW(
            INVALID_HANDLE_VALUE,
            std::ptr::null(),
            PAGE_READWRITE,
            0,
            BYTES as u32,
            std::ptr::null(),
        );
        let v = MapViewOfFile(h, FILE_MAP_ALL_ACCESS, 0, 0, 0);
        let t = Instant::now();
        std::ptr::copy_nonoverlapping(data.as_ptr(), v.Value.cast::<u8>(), BYTES);
        let e = t.elapsed().as_secs_f64();
        UnmapViewOfFile(v);
        CloseHandle(h);
        e
    };
    let sim_bytes = {
        let mut w = s.win32(p);
        let h = w.CreateFileMappingW(
            win32::INVALID_HANDLE_VALUE,
            None,
            win32::PAGE_READWRITE,
            0,
            BYTES as u32,
            None,
        );
        let v = w.MapViewOfFile(h, win32::FILE_MAP_ALL_ACCESS, 0, 0, 0);
        let t = Instant::now();
        let _ = w.system().write_memory(p, v, &data);
        t.elapsed().as_secs_f64()
    };
    let mib = (BYTES >> 20) as f64;
    println!(
        "storing 64 MiB into a fresh view: raw pointer {:.0} MiB/s, System::write_memory {:.0} MiB/s, ratio {:.1}",
        mib / host_bytes,
        mib / sim_bytes,
        sim_bytes / host_bytes
    );

    {
        let rss = || -> u64 {
            std::fs::read_to_string("/proc/self/status")
                .ok()
                .and_then(|s| {
                    s.lines()
                        .find(|l| l.starts_with("VmRSS:"))
                        .and_then(|l| l.split_whitespace().nth(1))
                        .and_then(|n| n.parse().ok())
                })
                .unwrap_or(0)
        };
        sys::reset();
        let before = rss();
        // SAFETY: plain Win32 calls; the store is inside the committed page.
        unsafe {
            let h = CreateFileMappingW(
                INVALID_HANDLE_VALUE,
                std::ptr::null(),
                PAGE_READWRITE | SEC_RESERVE,
                0x100,
                0,
                std::ptr::null(),
            );
            let v = MapViewOfFile(h, FILE_MAP_ALL_ACCESS, 0, 0, 0)
                .Value
                .cast::<u8>();
            let page = v.add(1 << 39);
            VirtualAlloc(page.cast(), 1, MEM_COMMIT, PAGE_READWRITE);
            page.write(1);
        }
        println!(
            "1 TiB SEC_RESERVE section, mapped whole, one page committed and stored: RSS +{} KiB",
            rss().saturating_sub(before)
        );
    }

    // Scaling row (issue 11's target: at most 1.5x): MapViewOfFile + UnmapViewOfFile of one
    // more view, with 10 vs 1000 other views mapped in the process.
    let mut per_call = Vec::new();
    for views in [10usize, 1000] {
        sys::reset();
        // SAFETY: plain Win32 calls.
        let cost = unsafe {
            let h = CreateFileMappingW(
                INVALID_HANDLE_VALUE,
                std::ptr::null(),
                PAGE_READWRITE,
                0,
                4096,
                std::ptr::null(),
            );
            for _ in 0..views {
                MapViewOfFile(h, FILE_MAP_ALL_ACCESS, 0, 0, 0);
            }
            const CALLS: u32 = 500;
            let t = Instant::now();
            for _ in 0..CALLS {
                let v = MapViewOfFile(h, FILE_MAP_ALL_ACCESS, 0, 0, 0);
                UnmapViewOfFile(v);
            }
            t.elapsed().as_secs_f64() / f64::from(CALLS) * 1e6
        };
        per_call.push(cost);
    }
    if let [small, large] = per_call[..] {
        println!(
            "scaling: MapViewOfFile + UnmapViewOfFile with 10 views mapped {small:.1} us, with 1000 {large:.1} us, ratio {:.2} (target <= 1.5)",
            large / small
        );
    }

    for views in [0usize, 100, 1000] {
        sys::reset();
        // SAFETY: plain Win32 calls.
        unsafe {
            let h = CreateFileMappingW(
                INVALID_HANDLE_VALUE,
                std::ptr::null(),
                PAGE_READWRITE,
                0,
                4096,
                std::ptr::null(),
            );
            for _ in 0..views {
                MapViewOfFile(h, FILE_MAP_READ, 0, 0, 0);
            }
            let t = Instant::now();
            for _ in 0..200 {
                CloseHandle(std::ptr::null_mut());
            }
            let heavy = t.elapsed().as_secs_f64() / 200.0 * 1e6;
            let e = winsection::sys::Win32::System::Threading::CreateEventW(
                std::ptr::null(),
                1,
                0,
                std::ptr::null(),
            );
            let t = Instant::now();
            for _ in 0..200 {
                winsection::sys::Win32::System::Threading::SetEvent(e);
            }
            let light = t.elapsed().as_secs_f64() / 200.0 * 1e6;
            println!(
                "with {views:>4} views mapped: CloseHandle (mirror synced) {heavy:.1} us, SetEvent (no sync) {light:.1} us"
            );
        }
    }
}

#[cfg(not(target_os = "linux"))]
fn main() {
    println!("winsection::sys needs the host memory backend (Linux)");
}
