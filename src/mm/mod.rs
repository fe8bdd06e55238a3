//! The memory manager: sections, their sparse page stores, process address spaces, views,
//! page protections, copy-on-write, reserve/commit, and simulated memory access.

pub mod access;
pub(crate) mod address_space;
pub mod backend;
pub mod create;
pub(crate) mod free_ranges;
pub(crate) mod host_log;
#[cfg(target_os = "linux")]
pub(crate) mod host_memory;
#[cfg(target_os = "linux")]
pub(crate) mod host_store;
#[cfg(target_os = "linux")]
pub(crate) mod host_window;
pub mod map;
pub(crate) mod page_map;
pub(crate) mod page_store;
pub mod protection;
pub mod section;
pub mod virtual_memory;
