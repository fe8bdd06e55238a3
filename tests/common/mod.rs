//! Shared test fixtures: a machine with named processes, and `System::check()` after each step.

#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

pub mod exported;

use winsection::{Pid, ProcessSpec, System};

/// A fresh machine with one process per name (session 1, medium integrity).
pub fn machine(names: &[&str]) -> (System, Vec<Pid>) {
    let mut sys = System::new();
    let pids = names
        .iter()
        .map(|n| sys.spawn(ProcessSpec::named(n)).unwrap())
        .collect();
    sys.check().unwrap();
    (sys, pids)
}

/// Asserts every invariant of the machine holds.
pub fn check(sys: &System) {
    if let Err(e) = sys.check() {
        panic!("invariant broken: {e}\n{}", sys.dump());
    }
}
