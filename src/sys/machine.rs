//! The calling thread's machine and calling process, and the harness around them.
//!
//! Each thread has its own machine (made with host memory the first time it is needed, with
//! one process, `main`, a standard user's process in session 1) and its own calling process.
//! A test drives several simulated processes from one thread: `spawn` starts one, `enter`
//! makes it the caller until its guard drops. Ending a process is the harness's call
//! (`exit_process`), since `ExitProcess` in the code under test would end the test itself.

use std::cell::RefCell;
use std::ffi::c_void;

use crate::error::Win32Error;
use crate::mm::backend::MemoryBackend;
use crate::ps::{Pid, ProcessSpec};
use crate::system::{System, SystemConfig};
use crate::win32::Win32;

/// A simulated process of the thread's machine.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ProcessHandle(pub Pid);

impl ProcessHandle {
    /// The engine's process id.
    pub fn pid(self) -> Pid {
        self.0
    }
}

/// One thread's machine and the process that calls.
struct Machine {
    system: System,
    current: Pid,
}

thread_local! {
    static MACHINE: RefCell<Option<Machine>> = const { RefCell::new(None) };
}

/// The configuration of a thread's machine: the default one with host memory.
pub fn default_config() -> SystemConfig {
    SystemConfig {
        memory: MemoryBackend::host(),
        ..SystemConfig::default()
    }
}

fn fresh(config: SystemConfig) -> Option<Machine> {
    let mut system = System::with_config(config);
    let current = system.spawn(ProcessSpec::named("main")).ok()?;
    Some(Machine { system, current })
}

/// Runs `f` on this thread's machine (made on first use). `None` if the machine is busy (a
/// `sys` call from inside `with_system`) or the thread is being torn down.
fn with_machine<R>(f: impl FnOnce(&mut Machine) -> R) -> Option<R> {
    MACHINE
        .try_with(|cell| {
            let mut slot = cell.try_borrow_mut().ok()?;
            if slot.is_none() {
                *slot = fresh(default_config());
            }
            slot.as_mut().map(f)
        })
        .ok()
        .flatten()
}

/// Starts a new machine for this thread (the old one, its processes and host memory go).
pub fn reset() {
    reset_with(default_config());
}

/// Starts a new machine made with `config`. `config.memory` should be a host backend: with
/// simulated pages no pointer can reach a view, so `MapViewOfFile*` and `VirtualAlloc` fail
/// with ERROR_NOT_ENOUGH_MEMORY (the other calls answer as usual).
pub fn reset_with(config: SystemConfig) {
    let _ = MACHINE.try_with(|cell| {
        if let Ok(mut slot) = cell.try_borrow_mut() {
            // Drop the old machine first, so its reservations are free for the new one.
            *slot = None;
            *slot = fresh(config);
        }
    });
}

/// Starts a process named `name` (a standard user's, in session 1) on this thread's machine.
pub fn spawn(name: &str) -> Result<ProcessHandle, Win32Error> {
    spawn_with(ProcessSpec::named(name))
}

/// Starts a process made as `spec` (another session, user, integrity, privileges, app
/// container, parent).
pub fn spawn_with(spec: ProcessSpec) -> Result<ProcessHandle, Win32Error> {
    with_machine(|m| {
        let pid = m.system.spawn(spec)?;
        Ok(ProcessHandle(pid))
    })
    .unwrap_or(Err(Win32Error::INVALID_FUNCTION))
}

/// The calling process.
pub fn current() -> Option<ProcessHandle> {
    with_machine(|m| ProcessHandle(m.current))
}

/// Makes `process` the calling process until the guard drops (then the previous one calls
/// again).
pub fn enter(process: ProcessHandle) -> EnterGuard {
    let previous = with_machine(|m| std::mem::replace(&mut m.current, process.0));
    EnterGuard { previous }
}

/// Restores the previous calling process when dropped (see [`enter`]).
#[derive(Debug)]
#[must_use = "the process is the caller only while the guard lives"]
pub struct EnterGuard {
    previous: Option<Pid>,
}

impl Drop for EnterGuard {
    fn drop(&mut self) {
        if let Some(previous) = self.previous {
            with_machine(|m| m.current = previous);
        }
    }
}

/// Ends `process` with `code`, as if it had called ExitProcess: its handles close and its
/// views unmap (catalog G10); its host mappings go with them.
pub fn exit_process(process: ProcessHandle, code: u32) -> Result<(), Win32Error> {
    with_machine(|m| {
        m.system.pull_host();
        let r = m.system.exit_process(process.0, code);
        m.system.push_host();
        r
    })
    .unwrap_or(Err(Win32Error::INVALID_FUNCTION))
}

/// Runs `f` on this thread's typed `System` (for `check()`, `dump()`, `read_memory`, the
/// teaching tools). What raw pointers did is pulled in first, and what `f` changed is mapped
/// after. `None` if called from inside another `with_system`.
pub fn with_system<R>(f: impl FnOnce(&mut System) -> R) -> Option<R> {
    with_machine(|m| {
        m.system.pull_host();
        let r = f(&mut m.system);
        m.system.push_host();
        r
    })
}

/// What a `sys` function needs to translate pointers for the calling process.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Window {
    /// Host address of simulated address 0 (0 while the process has no reservation: then no
    /// pointer can be one of its addresses).
    pub base: usize,
    /// Bytes of the reservation.
    pub size: u64,
}

impl Window {
    /// The calling process's window, reserved now if it was not (for a call that returns
    /// pointers).
    pub fn ensure(self, w: &mut Win32<'_>) -> Window {
        if self.base != 0 {
            return self;
        }
        let pid = w.pid();
        match w.system().host_reservation(pid) {
            Some((base, size)) => Window { base, size },
            None => self,
        }
    }
}

/// A simulated address no process can have (kernel space): what a pointer outside the
/// calling process's window becomes, so the engine answers as for any bad address.
const OUTSIDE: u64 = 0xFFFF_8000_0000_0000;

impl Window {
    /// Host pointer -> simulated address (NULL stays 0).
    pub fn to_sim(self, p: *const c_void) -> u64 {
        let a = p as usize;
        if a == 0 {
            return 0;
        }
        match a.checked_sub(self.base) {
            Some(off) if self.base != 0 && (off as u64) < self.size => off as u64,
            _ => OUTSIDE,
        }
    }

    /// Simulated address -> host pointer (0 and addresses beyond the window: NULL).
    pub fn to_ptr(self, a: u64) -> *mut c_void {
        if a == 0 || a >= self.size || self.base == 0 {
            return std::ptr::null_mut();
        }
        (self.base + a as usize) as *mut c_void
    }
}

/// Runs a facade call as the calling process: what raw pointers did is pulled into the engine
/// before, and the engine's address spaces are mirrored into host memory after. `failure` is returned if the machine is busy.
pub(crate) fn call<R>(failure: R, f: impl FnOnce(&mut Win32<'_>, Window) -> R) -> R {
    with_machine(|m| {
        m.system.pull_host();
        let (base, size) = m
            .system
            .host_reservation_if_made(m.current)
            .unwrap_or((0, 0));
        let pid = m.current;
        let r = f(&mut m.system.win32(pid), Window { base, size });
        m.system.push_host();
        r
    })
    .unwrap_or(failure)
}

/// Runs a facade call that cannot change what is mapped where, with what protection, or
/// which page store backs it (synchronisation objects, handle flags, file pointers and sizes,
/// locks, cached ReadFile/WriteFile), and that reads no view through the engine: no pull, no
/// push, so its cost does not grow with the regions mapped.
pub(crate) fn call_light<R>(failure: R, f: impl FnOnce(&mut Win32<'_>) -> R) -> R {
    with_machine(|m| {
        let pid = m.current;
        f(&mut m.system.win32(pid))
    })
    .unwrap_or(failure)
}

/// Runs `f` without syncing (last-error calls).
pub(crate) fn call_plain<R>(failure: R, f: impl FnOnce(&mut Win32<'_>) -> R) -> R {
    with_machine(|m| {
        let pid = m.current;
        f(&mut m.system.win32(pid))
    })
    .unwrap_or(failure)
}

/// Whether a new region at `address` in the calling process is mirrored in host memory: it
/// ends inside the window and the host gave its page stores a memfd (else the caller undoes
/// it: raw pointers cannot reach it).
pub(crate) fn region_fits(w: &mut Win32<'_>, address: u64, window: Window) -> bool {
    let pid = w.pid();
    let region = w
        .system()
        .processes
        .get(&pid)
        .and_then(|p| p.address_space.find(address))
        .map(|r| (r.base(), r.end()));
    match region {
        Some((base, end)) if end <= window.size => w.system().host_mirrors(pid, base),
        _ => false,
    }
}
