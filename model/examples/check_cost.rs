//! The cost of one anonymous section create + close + `System::check_touched()` among N live
//! objects (README "Performance", the invariant-check scaling row; issue #11):
//! `cargo run --release -p winsection-model --example check_cost [OBJECTS] [OPS]`. Under
//! `valgrind --tool=callgrind --toggle-collect='*create_close_check*'` the instruction count
//! of the measured loop divided by OPS is the cost per operation, which is stable on a loaded
//! machine where timings are not; compare OBJECTS = 1000 with 100000.

use winsection::win32::{INVALID_HANDLE_VALUE, PAGE_READWRITE};
use winsection::{Pid, ProcessSpec, System};

/// OPS times: create an anonymous 4 KiB section, close it, check what the two calls touched.
#[inline(never)]
fn create_close_check(sys: &mut System, pid: Pid, ops: u64) -> Result<(), String> {
    for _ in 0..ops {
        let mut w = sys.win32(pid);
        let h = w.CreateFileMappingW(INVALID_HANDLE_VALUE, None, PAGE_READWRITE, 0, 0x1000, None);
        if h == 0 || w.CloseHandle(h) == 0 {
            return Err("create or close failed".into());
        }
        sys.check_touched()?;
    }
    Ok(())
}

fn main() -> Result<(), String> {
    let mut args = std::env::args().skip(1);
    let objects: usize = args.next().and_then(|s| s.parse().ok()).unwrap_or(1000);
    let ops: u64 = args.next().and_then(|s| s.parse().ok()).unwrap_or(10_000);
    let mut sys = System::new();
    let pid = sys
        .spawn(ProcessSpec::named("p"))
        .map_err(|e| e.to_string())?;
    for _ in 0..objects {
        let h = sys.win32(pid).CreateFileMappingW(
            INVALID_HANDLE_VALUE,
            None,
            PAGE_READWRITE,
            0,
            0x1000,
            None,
        );
        if h == 0 {
            return Err("setup create failed".into());
        }
    }
    sys.check_touched()?;
    let start = std::time::Instant::now();
    create_close_check(&mut sys, pid, ops)?;
    let ns = start.elapsed().as_nanos() as f64 / ops as f64;
    println!("{objects} objects: {ns:.0} ns per create + close + check_touched");
    Ok(())
}
