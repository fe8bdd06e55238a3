//! `NtMapViewOfSection` / `NtUnmapViewOfSection` on `System`.
//!
//! Check order (catalog L5): handle (type) -> protection value -> handle rights for the view
//! protection (ERROR_ACCESS_DENIED) -> section protection (STATUS_SECTION_PROTECTION,
//! ERROR_INVALID_PARAMETER) -> offset alignment (ERROR_MAPPED_ALIGNMENT) -> offset and size
//! against the section (STATUS_INVALID_VIEW_SIZE, ERROR_ACCESS_DENIED) -> base address
//! (alignment, then conflicts: ERROR_INVALID_ADDRESS).

use super::address_space::{Region, View};
use super::page_map::PageMap;
use super::page_store::PageStore;
use super::protection;
use super::section::Backing;
use super::virtual_memory::section_page;
use crate::consts::*;
use crate::error::{NtStatus, Result};
use crate::ob::handle_table::Handle;
use crate::ob::object_type::ObjectType;
use crate::object_body::Body;
use crate::ps::Pid;
use crate::rule::RuleId;
use crate::system::System;

/// What view to map: `NtMapViewOfSection`'s parameters.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ViewRequest {
    /// The view's page protection (MapViewOfFile derives it from FILE_MAP_* access).
    pub protection: u32,
    /// Byte offset in the section; a multiple of 64 KiB (catalog F2).
    pub offset: u64,
    /// Bytes to map; 0 = from `offset` to the end of the section (catalog F3).
    pub size: u64,
    /// Requested base address (`MapViewOfFileEx`), `None` to let the system choose.
    pub base: Option<u64>,
    /// `MapViewOfFile3` AllocationType: 0, MEM_LARGE_PAGES, MEM_RESERVE (file-backed
    /// sections; `mm/view_parameters.rs`) or MEM_REPLACE_PLACEHOLDER (`mm/placeholder.rs`).
    pub allocation_type: u32,
}

impl ViewRequest {
    /// A whole-section view with this protection at a system-chosen address.
    pub fn whole(protection: u32) -> Self {
        ViewRequest {
            protection,
            offset: 0,
            size: 0,
            base: None,
            allocation_type: 0,
        }
    }
}

impl System {
    /// Maps a view of the section `handle` into `pid`'s address space; returns its base.
    /// Every view gets its own address (catalog F7) and holds a pointer reference on the section,
    /// so the section outlives its handles while mapped (G4).
    pub fn map_view(&mut self, pid: Pid, handle: Handle, request: ViewRequest) -> Result<u64> {
        self.map_view_into(pid, handle, pid, request)
    }

    /// `MapViewOfFile3` into another process: `handle` is looked up in `caller`'s table and
    /// the view is placed in `target`'s address space (both on one host).
    pub fn map_view_into(
        &mut self,
        caller: Pid,
        handle: Handle,
        target: Pid,
        request: ViewRequest,
    ) -> Result<u64> {
        let (section_id, access) = self.resolve_typed(caller, handle, ObjectType::Section)?;
        let pid = target;
        if self.live_process(pid)?.spec.host != self.live_process(caller)?.spec.host {
            return Err(NtStatus::INVALID_HANDLE.into());
        }
        let prot = request.protection;
        // PAGE_GUARD with a view protection makes a guarded view (wine
        // `ntdll/tests/virtual.c test_NtMapViewOfSection`): the first touch of each page raises
        // STATUS_GUARD_PAGE_VIOLATION, the next succeeds.
        if !protection::is_valid_page_protection(prot) {
            return Err(NtStatus::INVALID_PAGE_PROTECTION.into());
        }
        super::view_parameters::check_allocation_type(request.allocation_type)?;
        super::view_parameters::check_address_range(request.base, request.size)?;
        if !protection::handle_grants_view(access, prot & !PAGE_GUARD) {
            // A FILE_MAP_WRITE-only handle and a read-only view (E5); a read handle and a
            // writable view (E6); the table of rights (E4).
            let rule = if access & SECTION_MAP_READ == 0 && prot & !PAGE_GUARD == PAGE_READONLY {
                RuleId::E5
            } else if access & SECTION_MAP_WRITE == 0
                && matches!(prot & 0xFF, PAGE_READWRITE | PAGE_EXECUTE_READWRITE)
            {
                RuleId::E6
            } else {
                RuleId::E4
            };
            return Err(NtStatus::ACCESS_DENIED.by(rule));
        }
        let host_id = self.live_process(pid)?.spec.host;
        let (section_prot, section_size, attributes, backing) = match self
            .host_ref(host_id)?
            .objects
            .get(section_id)
            .map(|o| &o.body)
        {
            Some(Body::Section(s)) => (s.protection, s.size, s.attributes, s.backing),
            _ => return Err(NtStatus::OBJECT_TYPE_MISMATCH.into()),
        };
        let image = matches!(backing, Backing::File { image: true, .. });
        // MEM_RESERVE is for views of file-backed sections only (their pages are committed
        // all the same).
        if request.allocation_type & MEM_RESERVE != 0 && backing == Backing::Pagefile {
            return Err(NtStatus::INVALID_PARAMETER.into());
        }
        if !image && !protection::section_allows_view(section_prot, prot & !PAGE_GUARD) {
            let executable = |p: u32| p & 0xF0 != 0;
            let rule = if executable(prot) && !executable(section_prot) {
                RuleId::E9
            } else {
                RuleId::E7
            };
            return Err(NtStatus::SECTION_PROTECTION.by(rule));
        }
        // MEM_REPLACE_PLACEHOLDER relaxes the alignment of the offset and the base from 64 KiB
        // to the page (wine `kernelbase/tests/process.c test_MapViewOfFile3`).
        let replace_placeholder = request.allocation_type == MEM_REPLACE_PLACEHOLDER;
        let granularity = if replace_placeholder {
            PAGE_SIZE
        } else {
            ALLOCATION_GRANULARITY
        };
        if request.offset % granularity != 0 {
            return Err(NtStatus::MAPPED_ALIGNMENT.by(RuleId::F2));
        }
        // An offset at or past the end: NT answers STATUS_INVALID_VIEW_SIZE (ReactOS
        // MmMapViewOfSection); Wine answers ERROR_INVALID_PARAMETER. Windows' structure is
        // followed (catalog F4, flagged unverified).
        if request.offset >= section_size {
            return Err(NtStatus::INVALID_VIEW_SIZE.by(RuleId::F4));
        }
        let bytes = if request.size == 0 {
            self.hit(RuleId::F3);
            section_size - request.offset
        } else {
            match request.offset.checked_add(request.size) {
                Some(end) if end <= section_size => request.size,
                // Past the end of the section: ERROR_ACCESS_DENIED (F5); for a file section
                // even within its last page (D8).
                Some(end)
                    if end
                        <= section_size
                            .checked_next_multiple_of(PAGE_SIZE)
                            .unwrap_or(u64::MAX) =>
                {
                    return Err(NtStatus::INVALID_VIEW_SIZE.by(RuleId::D8))
                }
                _ => return Err(NtStatus::INVALID_VIEW_SIZE.by(RuleId::F5)),
            }
        };
        if bytes % PAGE_SIZE != 0 {
            // A view covers whole pages (F6).
            self.hit(RuleId::F6);
        }
        let view_size = bytes
            .checked_next_multiple_of(PAGE_SIZE)
            .ok_or(NtStatus::INVALID_VIEW_SIZE)?;
        // CE: no copy-on-write or executable views; views go to the shared region (K3, K8).
        let request = if self.is_ce() {
            self.ce_place_view(pid, section_id, request, view_size)?
        } else {
            request
        };
        let process = self.live_process_mut(pid)?;
        let base = match request.base {
            Some(base) if replace_placeholder => {
                if base % PAGE_SIZE != 0 {
                    return Err(NtStatus::MAPPED_ALIGNMENT.into());
                }
                super::placeholder::check_replaceable(&process.address_space, base, view_size)?;
                base
            }
            None if replace_placeholder => return Err(NtStatus::INVALID_PARAMETER.into()),
            Some(base) => {
                if base % ALLOCATION_GRANULARITY != 0 {
                    return Err(NtStatus::MAPPED_ALIGNMENT.by(RuleId::F9));
                }
                if base > MAX_APPLICATION_ADDRESS
                    || base
                        .checked_add(view_size)
                        .is_none_or(|e| e > MAX_APPLICATION_ADDRESS + 1)
                {
                    return Err(NtStatus::INVALID_PARAMETER.into());
                }
                if !process.address_space.is_free(base, view_size) {
                    return Err(NtStatus::CONFLICTING_ADDRESSES.by(RuleId::F8));
                }
                base
            }
            None => process
                .address_space
                .find_free(view_size)
                .ok_or(NtStatus::NO_MEMORY)?,
        };
        // An image view ignores the requested access: AllocationProtect
        // PAGE_EXECUTE_WRITECOPY, pages read-only (winsection does not lay out PE sections;
        // wine tests `test_mapping` SEC_IMAGE rows; catalog C9).
        let (prot, mut allocation_protect) = if image {
            (PAGE_READONLY, PAGE_EXECUTE_WRITECOPY)
        } else {
            (prot, prot)
        };
        if attributes & SEC_NOCACHE != 0 {
            allocation_protect |= PAGE_NOCACHE;
        }
        if attributes & SEC_WRITECOMBINE != 0 {
            allocation_protect |= PAGE_WRITECOMBINE;
        }
        let pages = view_size / PAGE_SIZE;
        if replace_placeholder {
            // Checked above: exactly one placeholder, holding nothing.
            process.address_space.remove(base);
        }
        process.address_space.insert(Region::View(View {
            base,
            size: view_size,
            section: section_id,
            offset: request.offset,
            allocation_protect,
            protect: PageMap::filled(0, pages, prot | (allocation_protect & !0xFF)),
            private: PageStore::default(),
            locked: PageMap::new(),
            image,
            placeholder: replace_placeholder,
        }));
        self.host_mut(host_id)?.objects.add_pointer_ref(section_id);
        // Its own 64 KiB-aligned address (F7); the view keeps the section alive (G4).
        self.hit(RuleId::F7);
        if attributes & (SEC_NOCACHE | SEC_WRITECOMBINE) != 0 {
            self.hit(RuleId::F20);
        }
        if attributes & SEC_RESERVE != 0 && backing == Backing::Pagefile {
            self.hit(RuleId::F16);
        }
        Ok(base)
    }

    /// `UnmapViewOfFile(Ex)`: any address inside a view unmaps the whole view (catalog F10);
    /// anything else — NULL, twice, private memory — is STATUS_NOT_MAPPED_VIEW ->
    /// ERROR_INVALID_ADDRESS (F11). `flags` may hold MEM_UNMAP_WITH_TRANSIENT_BOOST;
    /// MEM_PRESERVE_PLACEHOLDER on a view not mapped into a placeholder is
    /// ERROR_INVALID_ADDRESS (F21); other bits are ERROR_INVALID_PARAMETER.
    pub fn unmap_view(&mut self, pid: Pid, address: u64, flags: u32) -> Result<()> {
        if flags & !(MEM_UNMAP_WITH_TRANSIENT_BOOST | MEM_PRESERVE_PLACEHOLDER) != 0 {
            return Err(NtStatus::INVALID_PARAMETER.into());
        }
        let process = self.live_process_mut(pid)?;
        let host_id = process.spec.host;
        let (base, size, over_placeholder) = match process.address_space.find(address) {
            Some(Region::View(v)) => (v.base, v.size, v.placeholder),
            _ => return Err(NtStatus::NOT_MAPPED_VIEW.by(RuleId::F11)),
        };
        let preserve = flags & MEM_PRESERVE_PLACEHOLDER != 0;
        if preserve && !over_placeholder {
            return Err(NtStatus::NOT_MAPPED_VIEW.by(RuleId::F21));
        }
        if let Some(region) = process.address_space.remove(base) {
            if preserve {
                // The view gives its placeholder back (wine test_VirtualAlloc2).
                process
                    .address_space
                    .insert(super::placeholder::new_placeholder(base, size));
            }
            self.release_region(host_id, region);
        }
        if address != base {
            // Any address inside the view unmaps it (F10).
            self.hit(RuleId::F10);
        }
        if preserve {
            self.hit(RuleId::F21);
        }
        Ok(())
    }

    /// `FlushViewOfFile`: the range must lie in one view (else STATUS_NOT_MAPPED_VIEW ->
    /// ERROR_INVALID_ADDRESS, NT's answer; Wine says ERROR_INVALID_PARAMETER: catalog H17);
    /// size 0 means to the end of the view; a range running past the view is
    /// ERROR_INVALID_PARAMETER. Dirty pages of a file view reach the file's disk image;
    /// page-file views have nothing to write back.
    pub fn flush_view(&mut self, pid: Pid, address: u64, size: u64) -> Result<()> {
        let process = self.live_process(pid)?;
        let Some(Region::View(v)) = process.address_space.find(address) else {
            return Err(NtStatus::NOT_MAPPED_VIEW.by(RuleId::H17));
        };
        let view_end = v.base + v.size;
        let end = if size == 0 {
            Some(view_end)
        } else {
            address.checked_add(size)
        };
        let end = end
            .filter(|e| *e <= view_end)
            .ok_or(NtStatus::INVALID_PARAMETER)?;
        let host = process.spec.host;
        let first = section_page(v, (address - v.base) / PAGE_SIZE);
        let last = section_page(v, (end - v.base).div_ceil(PAGE_SIZE));
        let backing = match self.host_ref(host)?.objects.get(v.section).map(|o| &o.body) {
            Some(Body::Section(s)) => s.backing,
            _ => return Ok(()),
        };
        if let Backing::File { file, .. } = backing {
            self.flush_pages(host, file, first, last);
        }
        Ok(())
    }

    /// Releases what a region holds: a view's reference on its section (which may destroy the
    /// section: catalog G2), a private region's commit charge.
    pub(crate) fn release_region(&mut self, host: usize, region: Region) {
        match region {
            Region::View(v) => self.release_pointer_ref(host, v.section),
            Region::Private(p) => {
                let pages = p.committed.count_in(0, p.size / PAGE_SIZE);
                if let Some(h) = self.hosts.get_mut(host) {
                    h.uncharge_commit(pages.saturating_mul(PAGE_SIZE));
                }
            }
        }
    }
}
