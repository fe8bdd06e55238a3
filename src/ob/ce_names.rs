//! Object names on a Windows CE machine (`Profile::Ce`).
//!
//! CE has one flat, global namespace: no sessions, no `Global\`/`Local\`/`Session\` prefixes, no
//! private namespaces, and a name is "any character except the backslash" ("CreateFileMapping
//! (Windows CE 5.0)", lpName; CE core docs "prog_mem_7": "The name of the memory-mapped object
//! is global"; catalog K7). Mappings share it with events, semaphores, mutexes, waitable timers
//! and jobs, so a name held by another type is ERROR_INVALID_HANDLE, as the CE
//! CreateFileMapping page says (the issue makes that page win over catalog K5, which reads the
//! CreateFileForMapping page as one namespace per type). An existing mapping's name opens it,
//! with its own size and ERROR_ALREADY_EXISTS — the create-or-open every profile shares.
//!
//! The empty string is a name like any other (catalog K6).
//!
//! Modelled as names directly in `\BaseNamedObjects`, whatever the caller's session; a name
//! with a backslash is ERROR_INVALID_NAME (STATUS_OBJECT_NAME_INVALID; the CE pages name no
//! code).

use super::namespace::Lookup;
use crate::error::{NtStatus, Result, Win32Error};
use crate::system::System;

impl System {
    /// Resolves a CE object name for a process on `host`.
    pub(crate) fn ce_lookup_name<'n>(&self, host: usize, name: &'n str) -> Result<Lookup<'n>> {
        if name.contains('\\') {
            // One flat namespace: no prefixes, no paths (K7).
            return Err(NtStatus::OBJECT_NAME_INVALID.by(crate::rule::RuleId::K7));
        }
        let host = self.host_ref(host)?;
        let global = host.namespace.global_bno;
        if name.is_empty() {
            // "Empty strings, "", are handled as named objects" ("CreateFileForMapping
            // (Windows CE 5.0)"; catalog K6): an entry named "" in the one directory.
            let entry = host.objects.entry(global, "");
            return Ok(match entry {
                Some(id) => Lookup::Found(id),
                None => Lookup::Missing {
                    dir: global,
                    component: "",
                },
            });
        }
        host.namespace
            .lookup_relative(&host.objects, host.namespace.global_bno, name)
            .map_err(Win32Error::from)
    }
}
