//! The examples' windows-sys programs, run as tests: Microsoft's "Creating Named Shared
//! Memory" pair (`examples/named_shared_memory`) and the shared-memory ring buffer
//! (`examples/shm_ring`). The squatting overrun is asserted in `sys_faults.rs`.

#![cfg(target_os = "linux")]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

#[path = "../examples/named_shared_memory/programs.rs"]
#[allow(dead_code)]
mod programs;
#[path = "../examples/shm_ring/ring.rs"]
mod ring;

use winsection::sys;
use winsection::{Integrity, Privilege, ProcessSpec};

fn admin(name: &str) -> ProcessSpec {
    ProcessSpec {
        integrity: Integrity::High,
        privileges: [Privilege::CreateGlobal].into_iter().collect(),
        ..ProcessSpec::named(name)
    }
}

/// The walkthrough as written: the second process reads the first one's message.
#[test]
fn named_shared_memory_second_process_reads_the_message() {
    sys::reset();
    let first = sys::spawn_with(admin("first.exe")).unwrap();
    let second = sys::spawn("second.exe").unwrap();
    let mapped = {
        let _f = sys::enter(first);
        programs::first_process().unwrap()
    };
    {
        let _s = sys::enter(second);
        assert_eq!(
            programs::second_process().unwrap(),
            "Message from first process."
        );
    }
    {
        let _f = sys::enter(first);
        programs::first_process_exit(mapped);
    }
    // Once the first process let go, the name is gone (catalog G3).
    let _s = sys::enter(second);
    assert_eq!(
        programs::second_process().unwrap_err(),
        "Could not open file mapping object (2)."
    );
}

/// "Creating a file mapping object in the global namespace from a session other than session
/// zero requires the SeCreateGlobalPrivilege privilege" (catalog J1): ERROR_ACCESS_DENIED.
#[test]
fn named_shared_memory_without_create_global_privilege_is_denied() {
    sys::reset();
    let first = sys::spawn("first.exe").unwrap();
    let _f = sys::enter(first);
    assert_eq!(
        programs::first_process().err().unwrap(),
        "Could not create file mapping object (5)."
    );
}

fn ring_pair(
    name: &str,
    capacity: u32,
) -> (
    sys::ProcessHandle,
    ring::Ring,
    sys::ProcessHandle,
    ring::Ring,
) {
    let producer = sys::spawn("producer").unwrap();
    let consumer = sys::spawn("consumer").unwrap();
    let tx = {
        let _p = sys::enter(producer);
        ring::Ring::create(name, capacity).unwrap()
    };
    let rx = {
        let _c = sys::enter(consumer);
        ring::Ring::open(name).unwrap()
    };
    (producer, tx, consumer, rx)
}

/// Many times the capacity goes through, wrapping around, byte-exact.
#[test]
fn ring_carries_a_stream_across_processes_with_wraparound() {
    sys::reset();
    let (p, tx, c, rx) = ring_pair("Local\\ring1", 256);
    assert_eq!(rx.capacity(), 256);
    let text: Vec<u8> = (0..5000u32).map(|i| (i * 7 % 251) as u8).collect();
    let (mut sent, mut got) = (0, Vec::new());
    let mut turns = 0;
    while got.len() < text.len() {
        {
            let _p = sys::enter(p);
            sent += tx.push(&text[sent..]);
        }
        {
            let _c = sys::enter(c);
            let mut buf = [0u8; 100];
            let n = rx.pop(&mut buf);
            got.extend_from_slice(&buf[..n]);
        }
        turns += 1;
    }
    assert_eq!(got, text);
    assert_eq!(turns, 50, "100 bytes a turn");
    drop((tx, rx));
    sys::with_system(|s| s.check()).unwrap().unwrap();
}

/// A full ring takes nothing more until the consumer reads.
#[test]
fn ring_push_stops_at_capacity() {
    sys::reset();
    let (p, tx, c, rx) = ring_pair("Local\\ring2", 64);
    let _p = sys::enter(p);
    assert_eq!(tx.push(&[1; 100]), 64);
    assert_eq!(tx.push(&[2; 10]), 0);
    assert_eq!(tx.len(), 64);
    {
        let _c = sys::enter(c);
        let mut buf = [0u8; 10];
        assert_eq!(rx.pop(&mut buf), 10);
        assert_eq!(buf, [1; 10]);
    }
    assert_eq!(tx.push(&[3; 20]), 10);
    assert_eq!(rx.len(), 64);
}

/// A second producer is refused, a consumer of a missing ring gets ERROR_FILE_NOT_FOUND.
#[test]
fn ring_create_and_open_errors() {
    sys::reset();
    let (_p, _tx, _c, _rx) = ring_pair("Local\\ring3", 64);
    assert_eq!(ring::Ring::create("Local\\ring3", 64).err(), Some(183));
    assert_eq!(ring::Ring::create("Local\\ring4", 100).err(), Some(87));
    assert_eq!(ring::Ring::open("Local\\nothing").err(), Some(2));
    // A section that is not a ring (zero header) is refused.
    use winsection::sys::Win32::{Foundation::*, System::Memory::*};
    let name: Vec<u16> = "Local\\plain\0".encode_utf16().collect();
    // SAFETY: winsection::sys calls with live handles, NULL, or pointers to locals and to views this test mapped and still holds.
    let h = unsafe {
        CreateFileMappingW(
            INVALID_HANDLE_VALUE,
            std::ptr::null(),
            PAGE_READWRITE,
            0,
            4096,
            name.as_ptr(),
        )
    };
    assert!(!h.is_null());
    assert_eq!(
        ring::Ring::open("Local\\plain").err(),
        Some(ERROR_INVALID_DATA)
    );
}

/// The producer exits with bytes still in the ring: its handle closes and its view unmaps,
/// but the consumer's view keeps the section, so it drains everything (catalog G3, G10).
#[test]
fn ring_survives_the_producer_exiting() {
    sys::reset();
    let (p, tx, c, rx) = ring_pair("Local\\ring5", 128);
    {
        let _p = sys::enter(p);
        assert_eq!(tx.push(b"last words"), 10);
    }
    std::mem::forget(tx); // the process exit releases its view and handle, not Drop
    sys::exit_process(p, 0).unwrap();
    let _c = sys::enter(c);
    let mut buf = [0u8; 32];
    let n = rx.pop(&mut buf);
    assert_eq!(&buf[..n], b"last words");
    drop(rx);
    sys::with_system(|s| s.check()).unwrap().unwrap();
}
