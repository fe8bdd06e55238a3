//! Synchronization objects: their state and what a zero-timeout wait does to it.
//!
//! winsection runs one thread at a time and never blocks: a wait either is satisfied now or
//! reports `WAIT_TIMEOUT` (see `System::wait_for_single_object`). Sources: MS docs
//! "Synchronization Objects", CreateEventW, CreateMutexW, CreateSemaphoreW, CreateWaitableTimerW.

use crate::ps::Pid;

/// An event: signalled or not; auto-reset events are reset by a satisfied wait.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Event {
    pub manual_reset: bool,
    pub signaled: bool,
}

/// A mutex: owned by a thread (here: a process's single thread) with a recursion count.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub(crate) struct Mutant {
    pub owner: Option<Pid>,
    pub recursion: u32,
    pub abandoned: bool,
}

/// A semaphore: a count between 0 and a maximum.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Semaphore {
    pub count: u32,
    pub maximum: u32,
}

/// A waitable timer. No clock runs in winsection, so an unset timer never fires.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct WaitableTimer {
    pub manual_reset: bool,
    pub signaled: bool,
}

/// Outcome of a wait attempt that does not block.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WaitOutcome {
    /// `WAIT_OBJECT_0`: the object was signalled and the wait consumed what it must.
    Signaled,
    /// `WAIT_ABANDONED`: a mutex whose owner exited; the caller now owns it.
    Abandoned,
    /// `WAIT_TIMEOUT`: not signalled.
    Timeout,
}

/// A wait on a notification (manual-reset) or synchronization (auto-reset) object: satisfied
/// when signalled; an auto-reset object is reset by the wait it satisfies.
fn consume(signaled: &mut bool, manual_reset: bool) -> WaitOutcome {
    if !*signaled {
        return WaitOutcome::Timeout;
    }
    if !manual_reset {
        *signaled = false;
    }
    WaitOutcome::Signaled
}

impl Event {
    /// `manual-reset` or `auto-reset`, for dumps.
    pub fn kind(&self) -> &'static str {
        if self.manual_reset {
            "manual-reset"
        } else {
            "auto-reset"
        }
    }

    /// `signaled` or `nonsignaled`, for dumps.
    pub fn state(&self) -> &'static str {
        if self.signaled {
            "signaled"
        } else {
            "nonsignaled"
        }
    }

    pub fn try_wait(&mut self) -> WaitOutcome {
        consume(&mut self.signaled, self.manual_reset)
    }
}

impl Mutant {
    pub fn try_wait(&mut self, caller: Pid) -> WaitOutcome {
        match self.owner {
            Some(owner) if owner != caller => WaitOutcome::Timeout,
            _ => {
                self.owner = Some(caller);
                self.recursion = self.recursion.saturating_add(1);
                if std::mem::take(&mut self.abandoned) {
                    WaitOutcome::Abandoned
                } else {
                    WaitOutcome::Signaled
                }
            }
        }
    }
}

impl Semaphore {
    pub fn try_wait(&mut self) -> WaitOutcome {
        if self.count == 0 {
            return WaitOutcome::Timeout;
        }
        self.count = self.count.saturating_sub(1);
        WaitOutcome::Signaled
    }
}

impl WaitableTimer {
    pub fn try_wait(&mut self) -> WaitOutcome {
        consume(&mut self.signaled, self.manual_reset)
    }
}
