//! The object manager: the object table with its reference counts, the namespace of
//! directories and symbolic links, per-process handle tables, object types and the
//! synchronization objects that share the namespace with sections.

pub mod api;
pub mod app_container;
pub(crate) mod ce_names;
pub(crate) mod dir_table;
pub mod handle_table;
pub(crate) mod namespace;
pub(crate) mod object;
pub(crate) mod object_name;
pub mod object_type;
pub(crate) mod open_access;
pub mod private_namespace;
pub(crate) mod security;
pub mod sync;
pub(crate) mod win32_name;
