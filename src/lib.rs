//! winsection: a deterministic, in-process emulator of the Windows section-object model.
//!
//! One [`System`] is a whole simulated machine (or a network of them): the kernel object
//! namespace, processes with handle tables and address spaces, section objects and their views.
//! Two layers of API:
//! - the typed engine API on [`System`] (`create_section`, `map_view`, `close_handle`, ...),
//!   returning `Result<T, Win32Error>` and never touching a last-error value;
//! - the [`win32`] facade, with functions named and shaped as the Win32 API
//!   (`CreateFileMappingW`, `MapViewOfFile`, `GetLastError`, ...);
//! - on Linux, `sys`: the same functions with windows-sys's paths and signatures, on a
//!   per-thread machine, with views that are real memory (the host memory backend), so code
//!   written against windows-sys runs unchanged but for its `use` lines.
//!
//! ```
//! use winsection::{System, ProcessSpec, win32::*};
//! let mut sys = System::new();
//! let webcam = sys.spawn(ProcessSpec::named("webcam")).unwrap();
//! let app = sys.spawn(ProcessSpec::named("app")).unwrap();
//! let h1 = sys.win32(webcam).CreateFileMappingW(INVALID_HANDLE_VALUE, None, PAGE_READWRITE, 0, 4096, Some("MyFileMapping"));
//! let mut w = sys.win32(app);
//! let h2 = w.CreateFileMappingW(INVALID_HANDLE_VALUE, None, PAGE_READWRITE, 0, 1 << 20, Some("MyFileMapping"));
//! assert!(h1 != 0 && h2 != 0);
//! assert_eq!(w.GetLastError(), ERROR_ALREADY_EXISTS);
//! ```

pub mod catalogue;
pub mod compare;
pub mod consts;
pub mod dump;
pub mod dump_dot;
pub mod error;
pub mod export;
#[cfg(feature = "arbitrary")]
pub mod fuzzing;
pub(crate) mod huge_pages;
pub mod invariants;
pub mod io;
pub mod mm;
pub mod ob;
pub(crate) mod object_body;
pub mod ps;
pub mod report;
pub mod rule;
pub mod scenario;
#[cfg(target_os = "linux")]
pub mod sys;
pub mod system;
pub mod win32;

pub use error::{NtStatus, Win32Error};
pub use io::api::FileRequest;
pub use mm::access::Exception;
pub use mm::backend::MemoryBackend;
pub use mm::map::ViewRequest;
pub use mm::section::{SectionInfo, SectionRequest};
pub use mm::virtual_memory::MEMORY_BASIC_INFORMATION;
pub use ob::api::{Disposition, NewObject};
pub use ob::handle_table::Handle;
pub use ob::object_type::ObjectType;
pub use ps::{Integrity, Pid, Privilege, ProcessSpec};
pub use rule::{RuleId, RuleSet};
pub use system::{HostId, Profile, System, SystemConfig};
