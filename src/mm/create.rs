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
    check_file_attributes, check_pagefile_attributes, file_access_for_protection, pagefile_size,
    Backing, Section, SectionInfo, SectionRequest, MAX_SECTION_SIZE,
};
use crate::consts::*;
use crate::error::{NtStatus, Result};
use crate::io::storage::{FileId, SectionUse};
use crate::ob::api::{Disposition, NewName};
use crate::ob::handle_table::Handle;
use crate::ob::object_type::ObjectType;
use crate::object_body::Body;
use crate::ps::{Pid, Privilege};
use crate::rule::RuleId;
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
        if self.is_ce() {
            // The CE profile's section rules (catalog K2-K4, K8; src/mm/ce.rs).
            self.ce_check_section_request(pid, request)?;
        }
        if !protection::is_valid_section_protection(request.protection) {
            return Err(NtStatus::INVALID_PARAMETER.by(RuleId::C1));
        }
        if let Some(file) = request.file {
            return self.create_file_section(pid, file, request);
        }
        if request.maximum_size == 0 {
            // "If hFile is INVALID_HANDLE_VALUE, ... you must also specify a size" (catalog C3).
            return Err(NtStatus::INVALID_PARAMETER.by(RuleId::C3));
        }
        let attributes = check_pagefile_attributes(request.attributes)?;
        let size = pagefile_size(request.maximum_size)?;
        if request.attributes == 0 {
            self.hit(RuleId::C6);
        }
        if size != request.maximum_size {
            self.hit(RuleId::C4);
        }
        if matches!(request.protection, PAGE_WRITECOPY | PAGE_EXECUTE_WRITECOPY) {
            self.hit(RuleId::C2);
        }
        if attributes & SEC_LARGE_PAGES != 0 {
            // CreateFileMappingW doc, SEC_LARGE_PAGES; MS docs "Large-Page Support" (C10, J4).
            let process = self.live_process(pid)?;
            if !process.has_privilege(Privilege::LockMemory) {
                return Err(NtStatus::PRIVILEGE_NOT_HELD.by(RuleId::J4));
            }
            if size % LARGE_PAGE_MINIMUM != 0 {
                return Err(NtStatus::INVALID_PARAMETER.by(RuleId::C10));
            }
            self.hit(RuleId::C10);
        }
        let access = match request.desired_access {
            Some(a) => ObjectType::Section.map_generic(a),
            None => protection::section_access_for_protection(request.protection),
        };
        let protection = request.protection;
        let made = self.create_or_open(
            pid,
            ObjectType::Section,
            NewName {
                name: request.name,
                access,
                inherit: request.inherit,
                security: request.security,
            },
            |sys, host| {
                let pages = size / PAGE_SIZE;
                // A new section's pages read as zeros (catalog C11).
                sys.hit(RuleId::C11);
                let (committed, charge) = if attributes & SEC_COMMIT != 0 {
                    // SEC_COMMIT charges the whole size at creation (catalog C12).
                    sys.host_mut(host)?.charge_commit(size)?;
                    sys.hit(RuleId::C12);
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
                    backing: Backing::Pagefile,
                })))
            },
        )?;
        if made.1 == Disposition::OpenedExisting {
            let (id, _) = self.resolve_handle(pid, made.0)?;
            let host = self.live_process(pid)?.spec.host;
            let file_backed = matches!(
                self.host_ref(host)?.objects.get(id).map(|o| &o.body),
                Some(Body::Section(s)) if s.backing != Backing::Pagefile
            );
            if file_backed {
                // A page-file create over a file-backed name gets the file section (B11).
                self.hit(RuleId::B11);
            }
        }
        Ok(made)
    }

    /// A section over a file (catalog C8, C9, D1-D13). Order: file handle (ERROR_INVALID_HANDLE
    /// for anything but a file) -> `SEC_*` attributes -> the file handle's access for the
    /// protection (ERROR_ACCESS_DENIED, D9) -> the file's size (zero-length:
    /// ERROR_FILE_INVALID; larger than the file without write protection:
    /// ERROR_NOT_ENOUGH_MEMORY; SEC_IMAGE on a non-PE file: ERROR_BAD_EXE_FORMAT) -> the name.
    /// Only a new section grows the file (D4, ERROR_DISK_FULL when it cannot): an existing
    /// name returns the existing section and leaves the file alone (Wine 8 oracle
    /// `named_second_with_file_handle`; catalog B10).
    fn create_file_section(
        &mut self,
        pid: Pid,
        file_handle: Handle,
        request: &SectionRequest<'_>,
    ) -> Result<(Handle, Disposition)> {
        let (file_object, file_access) = self
            .resolve_typed(pid, file_handle, ObjectType::File)
            .map_err(|e| e.by(RuleId::D13))?;
        let host = self.live_process(pid)?.spec.host;
        let attributes = check_file_attributes(request.attributes)?;
        let image = attributes & SEC_IMAGE != 0;
        let protection = request.protection;
        let needed = if image {
            FILE_READ_DATA
        } else {
            file_access_for_protection(protection)
        };
        if file_access & needed != needed {
            return Err(NtStatus::ACCESS_DENIED.by(RuleId::D9));
        }
        let file = match self
            .host_ref(host)?
            .objects
            .get(file_object)
            .map(|o| &o.body)
        {
            Some(Body::File(f)) => f.file,
            _ => return Err(NtStatus::OBJECT_TYPE_MISMATCH.by(RuleId::D13)),
        };
        let file_size = self.storage.files.get(file).map_or(0, |n| n.size);
        let writable = matches!(protection, PAGE_READWRITE | PAGE_EXECUTE_READWRITE);
        let size = if image {
            if file_size == 0 || !self.is_pe_image(host, file) {
                return Err(NtStatus::INVALID_IMAGE_NOT_MZ.by(RuleId::C8));
            }
            self.hit(RuleId::C9);
            file_size
        } else if request.maximum_size == 0 {
            if file_size == 0 {
                return Err(NtStatus::MAPPED_FILE_SIZE_ZERO.by(RuleId::D2));
            }
            self.hit(RuleId::D1);
            file_size
        } else {
            if request.maximum_size > file_size && !writable {
                return Err(NtStatus::SECTION_TOO_BIG.by(RuleId::D5));
            }
            if request.maximum_size < file_size {
                self.hit(RuleId::D7);
            }
            request.maximum_size
        };
        if size % PAGE_SIZE != 0 {
            // A file section keeps its exact size (catalog C5).
            self.hit(RuleId::C5);
        }
        if size > MAX_SECTION_SIZE {
            return Err(NtStatus::SECTION_TOO_BIG.by(RuleId::C14));
        }
        let access = match request.desired_access {
            Some(a) => ObjectType::Section.map_generic(a),
            None => protection::section_access_for_protection(protection),
        };
        let (handle, disposition) = self.create_or_open(
            pid,
            ObjectType::Section,
            NewName {
                name: request.name,
                access,
                inherit: request.inherit,
                security: request.security,
            },
            |sys, host| {
                if size > file_size {
                    // A writable section larger than its file grows it now (catalog D3, D4,
                    // D10; ERROR_DISK_FULL when it cannot, D6).
                    sys.resize_file(file, size).map_err(|e| e.by(RuleId::D6))?;
                    let grows_again = sys
                        .storage
                        .files
                        .get(file)
                        .is_some_and(|n| !n.sections.is_empty());
                    // Every view and handle of the file sees the new size (H18).
                    sys.hit(RuleId::H18);
                    sys.hit(if file_size == 0 {
                        RuleId::D3
                    } else if grows_again {
                        RuleId::D10
                    } else {
                        RuleId::D4
                    });
                }
                // An image is a snapshot of the file as it stands now (mm/image.rs).
                let store = if image {
                    sys.image_snapshot(host, file, size)
                } else {
                    PageStore::default()
                };
                // The section keeps the file object open (catalog D11, G5).
                sys.host_mut(host)?.objects.add_pointer_ref(file_object);
                sys.hit(RuleId::D11);
                sys.hit(RuleId::G5);
                Ok(Body::Section(Box::new(Section {
                    protection,
                    attributes,
                    size,
                    store,
                    committed: PageMap::filled(0, size.div_ceil(PAGE_SIZE), ()),
                    commit_charge: 0,
                    backing: Backing::File {
                        file,
                        file_object,
                        image,
                    },
                })))
            },
        )?;
        if disposition == Disposition::OpenedExisting {
            // The existing section is returned; this call's file is ignored (B10).
            self.hit(RuleId::B10);
        }
        if disposition == Disposition::Created {
            let (section, _) = self.resolve_handle(pid, handle)?;
            let serial = self.host_ref(host)?.objects.serial(section).unwrap_or(0);
            if let Some(node) = self.storage.files.get_mut(file) {
                node.sections.insert(
                    (host, serial),
                    SectionUse {
                        size,
                        writable,
                        image,
                    },
                );
            }
        }
        Ok((handle, disposition))
    }

    /// A minimal PE check, what winsection accepts as an image: "MZ" at offset 0, and "PE\0\0"
    /// at the offset stored at 0x3C (`e_lfanew`), inside the file. Read through this host's
    /// cache, so unflushed writes count, but without filling it: the check runs before the
    /// call can still fail, and a failed call changes nothing (issue 10: a failed SEC_IMAGE
    /// CreateFileMapping left the file's first page cached).
    fn is_pe_image(&self, host: usize, file: FileId) -> bool {
        let Some(node) = self.storage.files.get(file) else {
            return false;
        };
        let first = self.logical_page(host, file, 0);
        if first.get(0..2) != Some(b"MZ".as_slice()) {
            return false;
        }
        let Some(lfanew) = first
            .get(0x3C..0x40)
            .and_then(|b| <[u8; 4]>::try_from(b).ok())
        else {
            return false;
        };
        let at = u64::from(u32::from_le_bytes(lfanew));
        if at.saturating_add(4) > node.size {
            return false;
        }
        let (page, off) = (at / PAGE_SIZE, (at % PAGE_SIZE) as usize);
        let bytes = self.logical_page(host, file, page);
        let next = self.logical_page(host, file, page + 1);
        let sig: Vec<u8> = bytes
            .iter()
            .chain(next.iter())
            .skip(off)
            .take(4)
            .copied()
            .collect();
        sig == b"PE\0\0"
    }

    /// `NtQuerySection(SectionBasicInformation)`: needs SECTION_QUERY (catalog E12).
    pub fn query_section(&self, pid: Pid, handle: Handle) -> Result<SectionInfo> {
        let (id, access) = self.resolve_typed(pid, handle, ObjectType::Section)?;
        if access & SECTION_QUERY == 0 {
            return Err(NtStatus::ACCESS_DENIED.by(RuleId::E12));
        }
        let host = self.host_ref(self.live_process(pid)?.spec.host)?;
        match host.objects.get(id).map(|o| &o.body) {
            Some(Body::Section(s)) => Ok(SectionInfo {
                // An image section reports its SizeOfImage (catalog C9).
                size: match s.backing {
                    Backing::File { image: true, .. } => {
                        super::image_information::image_section_size(&s.store)
                    }
                    _ => s.size,
                },
                attributes: s.attributes,
                protection: s.protection,
            }),
            _ => Err(NtStatus::OBJECT_TYPE_MISMATCH.into()),
        }
    }
}
