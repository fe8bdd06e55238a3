//! The simulated file system: per-host disks with `C:` and shares, files with sizes and
//! durable page images, per-host caches, file objects with share modes, byte-range locks, and
//! power loss. Nothing touches the host's real file system.

pub mod api;
pub(crate) mod cache;
pub(crate) mod copy;
pub(crate) mod file_information;
pub(crate) mod file_object;
pub(crate) mod locks;
pub(crate) mod move_ex;
pub(crate) mod path;
pub(crate) mod storage;
