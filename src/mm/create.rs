//! `NtCreateSection` / `NtQuerySection` on `System`.
//!
//! Check order (catalog L4): protection -> page-file size 0 -> file handle -> `SEC_*`
//! attributes -> size rounding, large-page rules -> name (type clash, existing object) ->
//! `Global\` privilege -> commit charge. Everything but the last two runs before the name is
//! looked up, so a bad parameter fails with ERROR_INVALID_PARAMETER even when the name exists
//! (Wine 8 oracle `named_second_size0`, `named_existing_invalid_protect`; catalog B12, B13).

use super::page_map::PageMap;
use super::page_store::PageStore;
use super::protection;
use super::section::{
    check_pagefile_attributes, pagefile_size, Section, SectionInfo, SectionRequest,
};
use crate::consts::*;
use crate::error::{NtStatus, Result};
use crate::ob::api::Disposition;
use crate::ob::handle_table::Handle;
use crate::ob::object::Body;
use crate::ob::object_type::ObjectType;
use crate::ps::{Pid, Privilege};
use crate::system::System;

impl System {
    /// `CreateFileMapping*` / `NtCreateSection` with `OBJ_OPENIF`.
    ///
    /// On an existing section of the same name the result is a new handle to that section,
    /// which keeps its own size, protection and backing (CreateFileMappingW doc, Return value;
    /// catalog B8-B11, B14), with access derived from *this* call's protection (B9).
    pub fn create_section(
        &mut self,
        pid: Pid,
        request: &SectionRequest<'_>,
    ) -> Result<(Handle, Disposition)> {
        self.live_process(pid)?;
        if !protection::is_valid_section_protection(request.protection) {
            return Err(NtStatus::INVALID_PARAMETER.into());
        }
        if let Some(file) = request.file {
            // Files arrive with the simulated file system; until then no handle is a file, so
            // every handle is the wrong type (catalog D13).
            self.resolve_handle(pid, file)?;
            return Err(NtStatus::OBJECT_TYPE_MISMATCH.into());
        }
        if request.maximum_size == 0 {
            // "If hFile is INVALID_HANDLE_VALUE, ... you must also specify a size" (catalog C3).
            return Err(NtStatus::INVALID_PARAMETER.into());
        }
        let attributes = check_pagefile_attributes(request.attributes)?;
        let size = pagefile_size(request.maximum_size)?;
        if attributes & SEC_LARGE_PAGES != 0 {
            // CreateFileMappingW doc, SEC_LARGE_PAGES; MS docs "Large-Page Support" (C10, J4).
            let process = self.live_process(pid)?;
            if !process.has_privilege(Privilege::LockMemory) {
                return Err(NtStatus::PRIVILEGE_NOT_HELD.into());
            }
            if size % LARGE_PAGE_MINIMUM != 0 {
                return Err(NtStatus::INVALID_PARAMETER.into());
            }
        }
        let access = match request.desired_access {
            Some(a) => ObjectType::Section.map_generic(a),
            None => protection::section_access_for_protection(request.protection),
        };
        let protection = request.protection;
        self.create_or_open(
            pid,
            ObjectType::Section,
            request.name,
            access,
            request.inherit,
            |host| {
                let pages = size / PAGE_SIZE;
                let (committed, charge) = if attributes & SEC_COMMIT != 0 {
                    // SEC_COMMIT charges the whole size at creation (catalog C12).
                    host.charge_commit(size)?;
                    (PageMap::filled(0, pages, ()), size)
                } else {
                    (PageMap::new(), 0)
                };
                Ok(Body::Section(Box::new(Section {
                    protection,
                    attributes,
                    size,
                    store: PageStore::default(),
                    committed,
                    commit_charge: charge,
                })))
            },
        )
    }

    /// `NtQuerySection(SectionBasicInformation)`: needs SECTION_QUERY (catalog E12).
    pub fn query_section(&self, pid: Pid, handle: Handle) -> Result<SectionInfo> {
        let (id, access) = self.resolve_typed(pid, handle, ObjectType::Section)?;
        if access & SECTION_QUERY == 0 {
            return Err(NtStatus::ACCESS_DENIED.into());
        }
        let host = self.host_ref(self.live_process(pid)?.spec.host)?;
        match host.objects.get(id).map(|o| &o.body) {
            Some(Body::Section(s)) => Ok(SectionInfo {
                size: s.size,
                attributes: s.attributes,
                protection: s.protection,
            }),
            _ => Err(NtStatus::OBJECT_TYPE_MISMATCH.into()),
        }
    }
}
