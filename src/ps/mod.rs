//! Processes and threads (NT's process structure, `ps`).

mod process;
mod thread;

pub(crate) use process::Process;
pub use process::{Integrity, Pid, Privilege, ProcessSpec};
pub use thread::Teb;
