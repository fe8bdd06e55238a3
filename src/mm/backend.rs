//! Where a machine keeps its pages: chosen when a `System` is built (`SystemConfig::memory`),
//! under one set of engine rules (DESIGN.md "Rules of the engine").

/// The page backend of a machine.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum MemoryBackend {
    /// Simulated pages (the default): portable, no host resources, fastest for fuzzing; views
    /// are reached through `System::read_memory` / `write_memory` only.
    #[default]
    Simulated,
    /// Host memory (Linux): each section and each host's cache of a file lives in a memfd,
    /// and each process gets a reservation of `window` bytes of host address space in which
    /// a view at simulated address `a` is mapped at `base + a` with the view's protection, so
    /// a raw pointer into it works (`winsection::sys`). Regions placed beyond the window are
    /// not mirrored (the `sys` layer refuses them with ERROR_NOT_ENOUGH_MEMORY).
    Host {
        /// Bytes of host address space reserved per process (PROT_NONE, MAP_NORESERVE).
        window: u64,
    },
}

impl MemoryBackend {
    /// The default window: 2 TiB per process, enough for a 1 TiB view above the first
    /// placement address. x86-64 user space is 128 TiB and is shared by every machine of the
    /// host process (parallel test threads): a process reserves only when it first maps
    /// something, and takes a smaller window if the host cannot give this one.
    pub const DEFAULT_WINDOW: u64 = 2 << 40;

    /// Host memory with the default window.
    pub fn host() -> Self {
        MemoryBackend::Host {
            window: Self::DEFAULT_WINDOW,
        }
    }

    /// The window of the host backend (`None` for simulated pages, and off Linux, where the
    /// host backend is not built).
    pub fn window(self) -> Option<u64> {
        match self {
            MemoryBackend::Host { window } if cfg!(target_os = "linux") => Some(window),
            _ => None,
        }
    }
}
