//! The memory manager: sections, their sparse page stores, process address spaces, views,
//! page protections, copy-on-write, reserve/commit, and simulated memory access.

pub mod access;
pub(crate) mod address_space;
pub mod backend;
pub mod ce;
pub mod create;
pub mod extend;
pub(crate) mod free_ranges;
pub(crate) mod host_log;
#[cfg(target_os = "linux")]
pub(crate) mod host_memory;
#[cfg(target_os = "linux")]
pub(crate) mod host_store;
#[cfg(target_os = "linux")]
pub(crate) mod host_window;
pub(crate) mod image;
pub mod image_information;
pub mod map;
pub(crate) mod page_map;
pub(crate) mod page_store;
pub(crate) mod placeholder;
pub mod protection;
pub(crate) mod same_file;
pub mod section;
pub(crate) mod view_parameters;
pub mod virtual_memory;
