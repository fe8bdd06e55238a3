//! Every host page store holds a memfd. With the soft descriptor limit lowered to 256, 400
//! live mapped sections still work: the host backend raises the soft limit to the hard one
//! when it runs out. (Its own test binary: lowering the limit would disturb parallel tests.)

#![cfg(target_os = "linux")]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use winsection::sys;
use winsection::sys::Win32::Foundation::*;
use winsection::sys::Win32::System::Memory::*;

fn nofile() -> (u64, u64) {
    let text = std::fs::read_to_string("/proc/self/limits").unwrap();
    let line = text
        .lines()
        .find(|l| l.starts_with("Max open files"))
        .unwrap();
    let mut n = line
        .split_whitespace()
        .skip(3)
        .map(|v| v.parse::<u64>().unwrap_or(u64::MAX));
    (n.next().unwrap(), n.next().unwrap())
}

#[test]
fn more_sections_than_the_soft_descriptor_limit() {
    let (_, hard) = nofile();
    assert!(
        hard >= 1024,
        "hard descriptor limit {hard}: too low to show anything"
    );
    let low = libc::rlimit {
        rlim_cur: 256,
        rlim_max: hard,
    };
    // SAFETY: a valid rlimit for this process.
    assert_eq!(unsafe { libc::setrlimit(libc::RLIMIT_NOFILE, &low) }, 0);
    assert_eq!(nofile().0, 256);
    sys::reset();
    let mut views = Vec::new();
    // SAFETY: winsection::sys calls with live handles, NULL, or pointers to locals and to views this test mapped and still holds.
    unsafe {
        for i in 0..400u32 {
            let h = CreateFileMappingW(
                INVALID_HANDLE_VALUE,
                std::ptr::null(),
                PAGE_READWRITE,
                0,
                4096,
                std::ptr::null(),
            );
            assert!(!h.is_null());
            let v = MapViewOfFile(h, FILE_MAP_ALL_ACCESS, 0, 0, 0)
                .Value
                .cast::<u32>();
            assert!(!v.is_null(), "section {i}: {}", GetLastError());
            v.write(i);
            views.push(v);
        }
        for (i, v) in views.iter().enumerate() {
            assert_eq!(v.read(), i as u32);
        }
    }
    assert_eq!(nofile().0, hard, "the soft limit was raised");
}
