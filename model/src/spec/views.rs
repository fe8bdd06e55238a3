//! Views and the memory they map (catalog C11, D4, D7, D8, D12, E4-E10, F1-F20, H13).

use super::private_memory::At;
use super::protection as prot;
use super::*;

/// Where the system starts looking for room for a view: 256 MiB (engine choice,
/// `FIRST_PLACEMENT`: bottom-up first fit, no ASLR).
pub const FIRST_PLACEMENT: u64 = 0x1000_0000;

pub(crate) fn page_floor(a: u64) -> u64 {
    a & !(PAGE_SIZE - 1)
}

/// Where and how a view is asked for (MapViewOfFileEx / MapViewOfFile3 arguments).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ViewArgs {
    /// Section offset.
    pub offset: u64,
    /// Bytes (0: to the end of the section).
    pub size: u64,
    /// Base address (0: the system chooses).
    pub base: u64,
    /// MapViewOfFile3's allocation type (0 for MapViewOfFileEx).
    pub allocation: u32,
}

impl View {
    /// Pages in the view.
    pub fn pages(&self) -> u64 {
        self.size / PAGE_SIZE
    }

    /// Exclusive end address.
    pub fn end(&self) -> u64 {
        self.base.saturating_add(self.size)
    }

    /// The current protection of a view page (the latest entry covering it).
    pub fn protect_of(&self, page: u64) -> u32 {
        self.protect
            .iter()
            .rev()
            .find(|(s, e, _)| *s <= page && page < *e)
            .map_or(PAGE_NOACCESS, |(_, _, p)| *p)
    }

    /// The section page of a view page.
    pub fn section_page(&self, page: u64) -> u64 {
        (self.offset / PAGE_SIZE).saturating_add(page)
    }
}

impl Model {
    pub(crate) fn view_of(&self, pid: u32, address: u64) -> Option<&View> {
        let p = self.proc(pid)?;
        let (_, v) = p.views.range(..=address).next_back()?;
        (address < v.end()).then_some(v)
    }

    /// The lowest 64 KiB-aligned address from `FIRST_PLACEMENT` with `size` free bytes
    /// (F7: views are 64 KiB aligned and each gets its own address; placement is the engine's
    /// documented first-fit choice, for views and private memory alike).
    pub(crate) fn find_free(&self, pid: u32, size: u64) -> Option<u64> {
        let mut candidate = FIRST_PLACEMENT;
        for (base, end) in self.regions(pid) {
            let wanted_end = candidate.checked_add(size)?;
            if end <= candidate {
                continue;
            }
            if base >= wanted_end {
                break;
            }
            candidate = end.checked_next_multiple_of(ALLOCATION_GRANULARITY)?;
        }
        let end = candidate.checked_add(size)?;
        (end <= MAX_APPLICATION_ADDRESS + 1).then_some(candidate)
    }

    /// Whether `[base, base + size)` is in user space and free.
    pub(crate) fn is_free(&self, pid: u32, base: u64, size: u64) -> bool {
        let Some(end) = base.checked_add(size) else {
            return false;
        };
        if base < MIN_APPLICATION_ADDRESS || end > MAX_APPLICATION_ADDRESS + 1 {
            return false;
        }
        self.proc(pid).is_some()
            && self
                .regions(pid)
                .iter()
                .all(|(b, e)| *e <= base || *b >= end)
    }

    /// `MapViewOfFileEx` (E4-E10, F2-F9, F20, G4): the view protection comes from the access
    /// (E8), then as [`Model::map_view_into`] into the caller with allocation type 0.
    pub fn map_view(
        &mut self,
        pid: u32,
        handle: u64,
        access: u32,
        offset: u64,
        size: u64,
        base: u64,
    ) -> Result<u64, u32> {
        let view = ViewArgs {
            offset,
            size,
            base,
            allocation: 0,
        };
        let protection = prot::view_protection_for_access(access);
        self.map_view_into(pid, pid, handle, protection, view)
    }

    /// `MapViewOfFile3` (issue 10; wine `kernelbase/tests/process.c test_MapViewOfFile3`,
    /// `ntdll/tests/virtual.c test_NtMapViewOfSection`): a NULL process is the caller, else a
    /// process handle (engine choice: any access); then [`Model::map_view_into`] with the page
    /// protection given. MEM_REPLACE_PLACEHOLDER maps exactly over a placeholder (see
    /// [`Model::map_view_into`]).
    pub fn map_view3(
        &mut self,
        pid: u32,
        process: u64,
        handle: u64,
        protection: u32,
        view: ViewArgs,
    ) -> Result<u64, u32> {
        self.live(pid)?;
        // The process is referenced first, for PROCESS_VM_OPERATION (ZwMapViewOfSection doc,
        // ProcessHandle; ReactOS NtMapViewOfSection references the process before the section).
        let target = if process == 0 {
            pid
        } else {
            let (target, access) = self.process_of(pid, process)?;
            if access & PROCESS_VM_OPERATION == 0 {
                return Err(ERROR_ACCESS_DENIED);
            }
            target
        };
        self.map_view_into(pid, target, handle, protection, view)
    }

    /// A view of the section `handle` (of `caller`'s table) in `target`'s address space. Order
    /// (L5; NtMapViewOfSection): the handle must be a section (ERROR_INVALID_HANDLE, F12) ->
    /// the target must be running (ERROR_INVALID_HANDLE) -> a valid page protection
    /// (ERROR_INVALID_PARAMETER; PAGE_GUARD makes a guarded view: each page's first touch
    /// raises the guard-page exception, issue 10) -> the allocation type: 0, MEM_LARGE_PAGES,
    /// MEM_RESERVE or MEM_REPLACE_PLACEHOLDER (else ERROR_INVALID_PARAMETER) -> the range
    /// against the user address space, before any alignment (ERROR_INVALID_PARAMETER, issue
    /// 10) -> the handle's rights for the protection (ERROR_ACCESS_DENIED, E4, E5, E9) ->
    /// MEM_RESERVE on a page-file section (ERROR_INVALID_PARAMETER; a file view is committed
    /// all the same) -> the section's protection (ERROR_INVALID_PARAMETER, E7) -> offset
    /// alignment, 64 KiB or a page for MEM_REPLACE_PLACEHOLDER (ERROR_MAPPED_ALIGNMENT, F2) ->
    /// offset and size against the section (STATUS_INVALID_VIEW_SIZE -> ERROR_ACCESS_DENIED:
    /// F5, C4, D8, B8; an offset at or past the end too — F4 is flagged unverified, engine
    /// choice) -> CE's view rules (ce.rs) -> base alignment (ERROR_MAPPED_ALIGNMENT, F9), base
    /// beyond user space (ERROR_INVALID_PARAMETER), base in use (ERROR_INVALID_ADDRESS, F8).
    /// MEM_REPLACE_PLACEHOLDER (wine `kernelbase/tests/process.c test_MapViewOfFile3`,
    /// `test_VirtualAlloc2`) needs a base (ERROR_INVALID_PARAMETER) on a page boundary
    /// (ERROR_MAPPED_ALIGNMENT) where a placeholder of exactly the view's size starts
    /// ([`Model::check_replaceable`]); the view takes the placeholder's place.
    /// Size 0 maps to the end of the section (F3); views are page-granular (F6); a view of a
    /// SEC_NOCACHE / SEC_WRITECOMBINE section carries the modifier (F20). The view keeps the
    /// section alive (G4).
    pub fn map_view_into(
        &mut self,
        caller: u32,
        target: u32,
        handle: u64,
        view_prot: u32,
        view: ViewArgs,
    ) -> Result<u64, u32> {
        let ViewArgs {
            offset,
            size,
            base,
            allocation,
        } = view;
        let (section_id, handle_access) = self.resolve_typed(caller, handle, Kind::Section)?;
        let pid = self.live(target)?.pid;
        if !prot::valid_page_protection(view_prot) {
            return Err(ERROR_INVALID_PARAMETER);
        }
        if ![0, MEM_LARGE_PAGES, MEM_RESERVE, MEM_REPLACE_PLACEHOLDER].contains(&allocation) {
            return Err(ERROR_INVALID_PARAMETER);
        }
        // The view's range is checked against the user address space before the handle's
        // rights and before any alignment (issue 10; wine ntdll/tests/virtual.c
        // test_NtMapViewOfSection; NtMapViewOfSection's INVALID_PARAMETER_3/4).
        let user_space = MAX_APPLICATION_ADDRESS + 1 - 0x1_0000;
        let past_end = base != 0
            && base
                .checked_add(size)
                .is_none_or(|e| e > MAX_APPLICATION_ADDRESS + 1);
        if size > user_space || base > MAX_APPLICATION_ADDRESS || past_end {
            return Err(ERROR_INVALID_PARAMETER);
        }
        let unguarded = view_prot & !PAGE_GUARD;
        if !prot::handle_grants_view(handle_access, unguarded) {
            return Err(ERROR_ACCESS_DENIED);
        }
        let s = self.section(section_id).ok_or(ERROR_INVALID_HANDLE)?;
        let (section_prot, section_size, attributes, image) =
            (s.protection, s.size, s.attributes, s.image);
        if allocation & MEM_RESERVE != 0 && s.backing == Backing::PageFile {
            return Err(ERROR_INVALID_PARAMETER);
        }
        // An image view takes its protections from the image, not the section (image.rs).
        if !image && !prot::section_allows_view(section_prot, unguarded) {
            return Err(ERROR_INVALID_PARAMETER);
        }
        let replace_placeholder = allocation == MEM_REPLACE_PLACEHOLDER;
        let granularity = if replace_placeholder {
            PAGE_SIZE
        } else {
            ALLOCATION_GRANULARITY
        };
        if offset % granularity != 0 {
            return Err(ERROR_MAPPED_ALIGNMENT);
        }
        if offset >= section_size {
            return Err(ERROR_ACCESS_DENIED);
        }
        let bytes = if size == 0 {
            section_size - offset
        } else {
            match offset.checked_add(size) {
                Some(end) if end <= section_size => size,
                _ => return Err(ERROR_ACCESS_DENIED),
            }
        };
        let view_size = bytes
            .checked_next_multiple_of(PAGE_SIZE)
            .ok_or(ERROR_ACCESS_DENIED)?;
        // CE: no copy-on-write or executable view; the shared region (K3, K8; ce.rs).
        let base = if self.ce {
            self.ce_view_base(pid, section_id, offset, view_prot, view_size, base)?
        } else {
            base
        };
        let base = if replace_placeholder {
            if base == 0 {
                return Err(ERROR_INVALID_PARAMETER);
            }
            if base % PAGE_SIZE != 0 {
                return Err(ERROR_MAPPED_ALIGNMENT);
            }
            self.check_replaceable(pid, base, view_size)?;
            base
        } else if base != 0 {
            if base % ALLOCATION_GRANULARITY != 0 {
                return Err(ERROR_MAPPED_ALIGNMENT);
            }
            if base > MAX_APPLICATION_ADDRESS
                || base
                    .checked_add(view_size)
                    .is_none_or(|e| e > MAX_APPLICATION_ADDRESS + 1)
            {
                return Err(ERROR_INVALID_PARAMETER);
            }
            if !self.is_free(pid, base, view_size) {
                return Err(ERROR_INVALID_ADDRESS);
            }
            base
        } else {
            // No room in the address space: STATUS_NO_MEMORY -> ERROR_NOT_ENOUGH_MEMORY.
            self.find_free(pid, view_size)
                .ok_or(ERROR_NOT_ENOUGH_MEMORY)?
        };
        let mut modifiers = 0;
        if attributes & SEC_NOCACHE != 0 {
            modifiers |= PAGE_NOCACHE;
        }
        if attributes & SEC_WRITECOMBINE != 0 {
            modifiers |= PAGE_WRITECOMBINE;
        }
        // An image view: PAGE_EXECUTE_WRITECOPY, read-only pages, whatever was asked
        // (image.rs).
        let (page_prot, allocation_protect) = if image {
            (PAGE_READONLY, PAGE_EXECUTE_WRITECOPY)
        } else {
            (view_prot, view_prot)
        };
        let view = View {
            base,
            size: view_size,
            section: section_id,
            offset,
            allocation_protect: allocation_protect | modifiers,
            protect: vec![(0, view_size / PAGE_SIZE, page_prot | modifiers)],
            private_pages: BTreeSet::new(),
            private_bytes: BTreeMap::new(),
            placeholder: replace_placeholder,
        };
        let p = self.proc_mut(pid).ok_or(ERROR_INVALID_HANDLE)?;
        if replace_placeholder {
            p.private.remove(&base);
        }
        p.views.insert(base, view);
        self.add_kernel_ref(section_id);
        Ok(base)
    }

    /// `UnmapViewOfFile` (F10, F11, G2): [`Model::unmap_view_flags`] without flags.
    pub fn unmap_view(&mut self, pid: u32, address: u64) -> Result<(), u32> {
        self.unmap_view_flags(pid, address, 0)
    }

    /// `UnmapViewOfFile(Ex)` / `UnmapViewOfFile2`'s unmapping (F10, F11, F21, G2): flags other
    /// than MEM_UNMAP_WITH_TRANSIENT_BOOST and MEM_PRESERVE_PLACEHOLDER ->
    /// ERROR_INVALID_PARAMETER; any address inside a view unmaps the whole view; anything
    /// else (free or private memory) is ERROR_INVALID_ADDRESS. MEM_PRESERVE_PLACEHOLDER needs a
    /// view that replaced a placeholder (else ERROR_INVALID_ADDRESS, F21) and leaves the
    /// placeholder (wine `test_VirtualAlloc2`). The last reference may destroy the section.
    pub fn unmap_view_flags(&mut self, pid: u32, address: u64, flags: u32) -> Result<(), u32> {
        if flags & !(MEM_UNMAP_WITH_TRANSIENT_BOOST | MEM_PRESERVE_PLACEHOLDER) != 0 {
            return Err(ERROR_INVALID_PARAMETER);
        }
        self.live(pid)?;
        let (base, over_placeholder) = self
            .view_of(pid, address)
            .map(|v| (v.base, v.placeholder))
            .ok_or(ERROR_INVALID_ADDRESS)?;
        let preserve = flags & MEM_PRESERVE_PLACEHOLDER != 0;
        if preserve && !over_placeholder {
            return Err(ERROR_INVALID_ADDRESS);
        }
        let p = self.proc_mut(pid).ok_or(ERROR_INVALID_ADDRESS)?;
        let view = p.views.remove(&base).ok_or(ERROR_INVALID_ADDRESS)?;
        if preserve {
            p.private.insert(
                base,
                super::private_memory::Private::placeholder(base, view.size),
            );
        }
        self.release_kernel_ref(view.section);
        Ok(())
    }

    /// (State, Protect) of a view page as VirtualQuery reports it: committed pages report the
    /// view's own protection; reserved ones MEM_RESERVE and protection 0 (F13, F16, F17).
    fn page_report(&self, v: &View, page: u64) -> (u32, u32) {
        let committed = self
            .section(v.section)
            .is_some_and(|s| in_ranges(&s.committed, v.section_page(page)));
        if committed {
            (MEM_COMMIT, v.protect_of(page))
        } else {
            (MEM_RESERVE, 0)
        }
    }

    /// `VirtualQuery` (F13, F16): for a view page, BaseAddress = the page, AllocationBase = the
    /// view, AllocationProtect = the view's protection, Type MEM_MAPPED, RegionSize = the run
    /// of following pages with the same state and protection; for free memory MEM_FREE,
    /// PAGE_NOACCESS, AllocationBase 0, Type 0, RegionSize up to the next allocation (or the
    /// end of user space). An address beyond user space is ERROR_INVALID_PARAMETER.
    pub fn virtual_query(&self, pid: u32, address: u64) -> Result<Mbi, u32> {
        let p = self.live(pid)?;
        if address > MAX_APPLICATION_ADDRESS {
            return Err(ERROR_INVALID_PARAMETER);
        }
        let page_addr = page_floor(address);
        if let Some(r) = self.private_of(pid, address) {
            return Ok(Model::query_private(r, page_addr));
        }
        let Some(v) = self.view_of(pid, address) else {
            let next = self
                .regions(p.pid)
                .into_iter()
                .map(|(b, _)| b)
                .find(|b| *b > page_addr)
                .unwrap_or(MAX_APPLICATION_ADDRESS + 1);
            return Ok(Mbi {
                base_address: page_addr,
                region_size: next.saturating_sub(page_addr),
                state: MEM_FREE,
                protect: PAGE_NOACCESS,
                ..Mbi::default()
            });
        };
        let first = (page_addr - v.base) / PAGE_SIZE;
        let here = self.page_report(v, first);
        // Every page where the state or protection may change.
        let mut marks: Vec<u64> = Vec::new();
        for (s, e, _) in &v.protect {
            marks.push(*s);
            marks.push(*e);
        }
        if let Some(s) = self.section(v.section) {
            let first_section_page = v.section_page(0);
            for (a, b) in &s.committed {
                marks.push(a.saturating_sub(first_section_page));
                marks.push(b.saturating_sub(first_section_page));
            }
        }
        marks.retain(|m| *m > first && *m < v.pages());
        marks.sort_unstable();
        let end = marks
            .into_iter()
            .find(|m| self.page_report(v, *m) != here)
            .unwrap_or(v.pages());
        Ok(Mbi {
            base_address: page_addr,
            allocation_base: v.base,
            allocation_protect: v.allocation_protect,
            region_size: (end - first) * PAGE_SIZE,
            state: here.0,
            protect: here.1,
            kind: if self.is_image_view(v) {
                MEM_IMAGE
            } else {
                MEM_MAPPED
            },
        })
    }

    /// The allocation and page range `[first, last)` for `[address, address + size)`: the
    /// range must lie in one allocation (else STATUS_CONFLICTING_ADDRESSES ->
    /// ERROR_INVALID_ADDRESS); overflow is ERROR_INVALID_PARAMETER. Returns (base, first,
    /// last, whether it is a view).
    fn region_range(
        &self,
        pid: u32,
        address: u64,
        size: u64,
    ) -> Result<(u64, u64, u64, bool), u32> {
        let end = address
            .checked_add(size)
            .and_then(|e| e.checked_next_multiple_of(PAGE_SIZE))
            .ok_or(ERROR_INVALID_PARAMETER)?;
        let r = self.region_at(pid, address).ok_or(ERROR_INVALID_ADDRESS)?;
        if end > r.end() {
            return Err(ERROR_INVALID_ADDRESS);
        }
        let first = (page_floor(address) - r.base()) / PAGE_SIZE;
        let last = (end - r.base()) / PAGE_SIZE;
        Ok((r.base(), first, last, matches!(r, At::View(_))))
    }

    /// `VirtualProtect` (F14, F15). Order (engine choice where no source fixes it):
    /// protection validity (MS docs "Memory Protection Constants") or size 0 ->
    /// ERROR_INVALID_PARAMETER (size 0: engine choice); the range must lie in one allocation
    /// (ERROR_INVALID_ADDRESS); private memory then follows [`Model::protect_private`]; in a
    /// view the range must be committed (STATUS_NOT_COMMITTED -> ERROR_INVALID_ADDRESS) and
    /// the new protection must fit the view (ERROR_INVALID_PARAMETER, F14) and keeps the
    /// view's caching modifier (F20). Returns the first page's old protection. Pages already
    /// copied by copy-on-write get the protection a written page has (PAGE_WRITECOPY reads as
    /// PAGE_READWRITE there, wine tests `map_prot_written`).
    pub fn virtual_protect(
        &mut self,
        pid: u32,
        address: u64,
        size: u64,
        new: u32,
    ) -> Result<u32, u32> {
        if !prot::valid_page_protection(new) || size == 0 {
            return Err(ERROR_INVALID_PARAMETER);
        }
        self.live(pid)?;
        let (base, first, last, is_view) = self.region_range(pid, address, size)?;
        if !is_view {
            return self.protect_private(pid, base, first, last, new);
        }
        let v = self.view_of(pid, base).ok_or(ERROR_INVALID_ADDRESS)?;
        let s = self.section(v.section).ok_or(ERROR_INVALID_ADDRESS)?;
        let (s0, s1) = (v.section_page(first), v.section_page(last));
        if covered_pages(&s.committed, s0, s1) != s1 - s0 {
            return Err(ERROR_INVALID_ADDRESS);
        }
        // An image page takes any protection, a write request as copy-on-write (image.rs).
        let new = if s.image {
            super::image::image_page_protection(new)
        } else if prot::compatible(v.allocation_protect, new) {
            new
        } else {
            return Err(ERROR_INVALID_PARAMETER);
        };
        let old = v.protect_of(first);
        let new = prot::with_view_modifiers(new, v.allocation_protect);
        let v = self
            .proc_mut(pid)
            .and_then(|p| p.views.get_mut(&base))
            .ok_or(ERROR_INVALID_ADDRESS)?;
        v.protect.push((first, last, new));
        let copied: Vec<u64> = v
            .private_pages
            .iter()
            .copied()
            .filter(|p| (first..last).contains(p))
            .collect();
        for p in copied {
            v.protect.push((p, p + 1, prot::after_copy_on_write(new)));
        }
        Ok(old)
    }

    /// `VirtualAlloc(MEM_COMMIT)` on pages `[first, last)` of the view at `base` (F17, F19),
    /// after [`Model::virtual_alloc`]'s checks: a file-backed view -> ERROR_ACCESS_DENIED
    /// (F19); a protection that does not fit the view -> ERROR_INVALID_PARAMETER (F19); commit
    /// beyond the limit -> ERROR_COMMITMENT_LIMIT (C12). Pages are committed in the section, so
    /// in every view (F17); this view's pages take the requested protection, with the view's
    /// caching modifier (F20).
    pub(crate) fn commit_view(
        &mut self,
        pid: u32,
        base: u64,
        first: u64,
        last: u64,
        protect: u32,
    ) -> Result<(), u32> {
        let v = self.view_of(pid, base).ok_or(ERROR_INVALID_ADDRESS)?;
        let section_id = v.section;
        let s = self.section(section_id).ok_or(ERROR_INVALID_ADDRESS)?;
        if s.backing != Backing::PageFile {
            return Err(ERROR_ACCESS_DENIED);
        }
        if !prot::compatible(v.allocation_protect, protect) {
            return Err(ERROR_INVALID_PARAMETER);
        }
        let (s0, s1) = (v.section_page(first), v.section_page(last));
        let new_pages = (s1 - s0) - covered_pages(&s.committed, s0, s1);
        let bytes = new_pages.saturating_mul(PAGE_SIZE);
        self.charge_commit(bytes)?;
        if let Some(s) = self.section_mut(section_id) {
            s.committed.push((s0, s1));
            s.commit_charge = s.commit_charge.saturating_add(bytes);
        }
        if let Some(v) = self.proc_mut(pid).and_then(|p| p.views.get_mut(&base)) {
            let protect = prot::with_view_modifiers(protect, v.allocation_protect);
            v.protect.push((first, last, protect));
        }
        Ok(())
    }

    /// The shared byte at a section offset: the section's own bytes for the page file and for
    /// an image (its snapshot, image.rs), the file's for a data file section (H13: one byte
    /// store per file, so every view and section over it is coherent).
    fn shared_byte(&self, section: u64, offset: u64) -> u8 {
        match self.section(section) {
            Some(s) => match s.backing {
                _ if s.image => s.bytes.get(&offset).copied().unwrap_or(0),
                Backing::PageFile => s.bytes.get(&offset).copied().unwrap_or(0),
                Backing::File { node, .. } => self
                    .files
                    .get(&node)
                    .and_then(|n| n.bytes.get(&offset).copied())
                    .unwrap_or(0),
            },
            None => 0,
        }
    }

    fn set_shared_byte(&mut self, section: u64, offset: u64, value: u8) {
        let node = match self.section(section).map(|s| (s.backing, s.image)) {
            Some((Backing::PageFile, _) | (_, true)) => None,
            Some((Backing::File { node, .. }, false)) => Some(node),
            None => return,
        };
        match node {
            None => {
                if let Some(s) = self.section_mut(section) {
                    s.bytes.insert(offset, value);
                }
            }
            Some(node) => {
                if let Some(n) = self.files.get_mut(&node) {
                    n.bytes.insert(offset, value);
                }
            }
        }
    }

    /// The checks every access makes on a view page (F13-F16, MS docs "Memory Protection
    /// Constants", "Creating Guard Pages"): an uncommitted (SEC_RESERVE) page faults (F16); a
    /// guard page raises EXCEPTION_GUARD_PAGE once and loses its guard; a page whose
    /// protection does not allow the access faults. Returns (view base, view page, protection).
    fn check_access(
        &mut self,
        pid: u32,
        address: u64,
        write: bool,
    ) -> Result<(u64, u64, u32), Fault> {
        let av = Fault::AccessViolation { address, write };
        let v = self.view_of(pid, address).ok_or(av)?;
        let page = (address - v.base) / PAGE_SIZE;
        let committed = self
            .section(v.section)
            .is_some_and(|s| in_ranges(&s.committed, v.section_page(page)));
        if !committed {
            return Err(av);
        }
        let p = v.protect_of(page);
        let base = v.base;
        if p & PAGE_GUARD != 0 {
            if let Some(v) = self.proc_mut(pid).and_then(|pr| pr.views.get_mut(&base)) {
                v.protect.push((page, page + 1, p & !PAGE_GUARD));
            }
            return Err(Fault::GuardPage { address });
        }
        let allowed = if write {
            prot::writable(p)
        } else {
            prot::readable(p)
        };
        if !allowed {
            return Err(av);
        }
        Ok((base, page, p))
    }

    /// Reads one byte (C11: page-file pages start zeroed; D4, D7, D12: file views show the
    /// file's bytes, including past the end of file inside the last page; F15: a copied page
    /// shows the private copy).
    pub fn read_byte(&mut self, pid: u32, address: u64) -> Access<u8> {
        if self.live(pid).is_err() {
            return Access::Error(ERROR_INVALID_HANDLE);
        }
        if self.private_of(pid, address).is_some() {
            return self.read_private(pid, address);
        }
        let (base, page, _) = match self.check_access(pid, address, false) {
            Ok(x) => x,
            Err(f) => return Access::Fault(f),
        };
        let Some(v) = self.view_of(pid, base) else {
            return Access::Fault(Fault::AccessViolation {
                address,
                write: false,
            });
        };
        let in_view = address - v.base;
        if v.private_pages.contains(&page) {
            return Access::Done(v.private_bytes.get(&in_view).copied().unwrap_or(0));
        }
        let offset = v.offset.saturating_add(in_view);
        Access::Done(self.shared_byte(v.section, offset))
    }

    /// Writes one byte. A write to a copy-on-write page first copies the page privately for
    /// this view, which then reports PAGE_READWRITE (F15; other views and the file do not see
    /// the write). Shared writes are seen at once by every view of the section and, for a file
    /// section, by every section over the same file (F7, H13, H14).
    pub fn write_byte(&mut self, pid: u32, address: u64, value: u8) -> Access<()> {
        if self.live(pid).is_err() {
            return Access::Error(ERROR_INVALID_HANDLE);
        }
        if self.private_of(pid, address).is_some() {
            return self.write_private(pid, address, value);
        }
        let (base, page, p) = match self.check_access(pid, address, true) {
            Ok(x) => x,
            Err(f) => return Access::Fault(f),
        };
        let Some(v) = self.view_of(pid, base) else {
            return Access::Fault(Fault::AccessViolation {
                address,
                write: true,
            });
        };
        let (section, offset, in_view) = (v.section, v.offset, address - v.base);
        let page_start = page * PAGE_SIZE;
        let private_already = v.private_pages.contains(&page);
        if prot::copy_on_write(p) {
            let copy: Vec<(u64, u8)> = if private_already {
                Vec::new()
            } else {
                (0..PAGE_SIZE)
                    .filter_map(|i| {
                        let b = self.shared_byte(
                            section,
                            offset.saturating_add(page_start).saturating_add(i),
                        );
                        (b != 0).then_some((page_start + i, b))
                    })
                    .collect()
            };
            if let Some(v) = self.proc_mut(pid).and_then(|pr| pr.views.get_mut(&base)) {
                if !private_already {
                    v.private_pages.insert(page);
                    v.private_bytes.extend(copy);
                }
                v.protect
                    .push((page, page + 1, prot::after_copy_on_write(p)));
            }
        }
        let private = self
            .proc(pid)
            .and_then(|pr| pr.views.get(&base))
            .is_some_and(|v| v.private_pages.contains(&page));
        if private {
            if let Some(v) = self.proc_mut(pid).and_then(|pr| pr.views.get_mut(&base)) {
                v.private_bytes.insert(in_view, value);
            }
        } else {
            self.set_shared_byte(section, offset.saturating_add(in_view), value);
        }
        Access::Done(())
    }
}
