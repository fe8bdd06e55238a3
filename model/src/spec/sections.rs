//! Creating and opening named objects, and sections (catalog A13-A18, B1-B14, C1-C14,
//! D1-D13, J1, J2).

use super::names::{Lookup, Target};
use super::protection as prot;
use super::*;

/// The largest section: 256 TiB. Larger sizes, or sizes whose page rounding overflows, are
/// ERROR_INVALID_PARAMETER for page-file sections (C14: "reject any size that overflows when
/// rounded up to a page, and any size beyond the implementation's maximum"; Wine 8 oracle
/// `anon_size_u64_max_minus_4095`) and ERROR_NOT_ENOUGH_MEMORY (STATUS_SECTION_TOO_BIG) for
/// file sections. The limit itself is the engine's choice (`MAX_SECTION_SIZE`).
pub const MAX_SECTION_SIZE: u64 = 1 << 48;

/// `flProtect` carries the page protection in its low 20 bits and SEC_* attributes in the high
/// 12 (Wine `kernelbase/sync.c CreateFileMappingW`; C1, C7).
pub fn split_fl_protect(fl: u32) -> (u32, u32) {
    (fl & 0x000F_FFFF, fl & 0xFFF0_0000)
}

const KNOWN_SEC: u32 = SEC_FILE
    | SEC_IMAGE
    | SEC_RESERVE
    | SEC_COMMIT
    | SEC_NOCACHE
    | SEC_WRITECOMBINE
    | SEC_LARGE_PAGES;

/// C6, C7: SEC_* validity for a page-file section (wine tests `sec_flag_tests`, anonymous
/// rows). No attribute means SEC_COMMIT; exactly one of SEC_COMMIT / SEC_RESERVE; SEC_NOCACHE
/// or SEC_WRITECOMBINE (not both) may be added; SEC_LARGE_PAGES needs SEC_COMMIT; SEC_FILE is
/// invalid; SEC_IMAGE without a file is ERROR_BAD_EXE_FORMAT, and with SEC_COMMIT/SEC_RESERVE
/// (or another attribute) ERROR_INVALID_PARAMETER; undefined bits are invalid. Returns the
/// attributes NtQuerySection reports.
pub fn pagefile_attributes(attributes: u32) -> Result<u32, u32> {
    let a = if attributes == 0 {
        SEC_COMMIT
    } else {
        attributes
    };
    if a & !KNOWN_SEC != 0 {
        return Err(ERROR_INVALID_PARAMETER);
    }
    if a & SEC_IMAGE != 0 {
        if a & (SEC_RESERVE | SEC_COMMIT | SEC_FILE | SEC_LARGE_PAGES | SEC_WRITECOMBINE) != 0 {
            return Err(ERROR_INVALID_PARAMETER);
        }
        return Err(ERROR_BAD_EXE_FORMAT);
    }
    let commit = a & SEC_COMMIT != 0;
    let reserve = a & SEC_RESERVE != 0;
    if a & SEC_FILE != 0 || commit == reserve {
        return Err(ERROR_INVALID_PARAMETER);
    }
    if a & SEC_NOCACHE != 0 && a & SEC_WRITECOMBINE != 0 {
        return Err(ERROR_INVALID_PARAMETER);
    }
    if a & SEC_LARGE_PAGES != 0 && !commit {
        return Err(ERROR_INVALID_PARAMETER);
    }
    Ok(a)
}

/// C8, C9: SEC_* validity for a data-file section (wine tests `sec_flag_tests`, file rows):
/// SEC_COMMIT and SEC_RESERVE mean nothing (reported as SEC_FILE), SEC_NOCACHE /
/// SEC_WRITECOMBINE are kept, SEC_LARGE_PAGES and an explicit SEC_FILE are invalid, as are
/// SEC_COMMIT|SEC_RESERVE and a modifier alone. SEC_IMAGE takes no attribute but SEC_NOCACHE
/// and goes on to the image checks (`Ok(None)`).
pub fn file_attributes(attributes: u32) -> Result<Option<u32>, u32> {
    let a = if attributes == 0 {
        SEC_COMMIT
    } else {
        attributes
    };
    if a & !KNOWN_SEC != 0 {
        return Err(ERROR_INVALID_PARAMETER);
    }
    if a & SEC_IMAGE != 0 {
        if a & (SEC_RESERVE | SEC_COMMIT | SEC_FILE | SEC_LARGE_PAGES | SEC_WRITECOMBINE) != 0 {
            return Err(ERROR_INVALID_PARAMETER);
        }
        return Ok(None);
    }
    let commit = a & SEC_COMMIT != 0;
    let reserve = a & SEC_RESERVE != 0;
    if a & (SEC_FILE | SEC_LARGE_PAGES) != 0
        || commit == reserve
        || (a & SEC_NOCACHE != 0 && a & SEC_WRITECOMBINE != 0)
    {
        return Err(ERROR_INVALID_PARAMETER);
    }
    Ok(Some(SEC_FILE | (a & (SEC_NOCACHE | SEC_WRITECOMBINE))))
}

/// C4, C14: page-file sizes are rounded up to whole pages; rounding overflow or a size beyond
/// the maximum is ERROR_INVALID_PARAMETER.
pub fn pagefile_size(requested: u64) -> Result<u64, u32> {
    requested
        .checked_next_multiple_of(PAGE_SIZE)
        .filter(|s| *s <= MAX_SECTION_SIZE)
        .ok_or(ERROR_INVALID_PARAMETER)
}

impl Model {
    /// The create-or-open at the heart of every `Create*` (B1-B8, A13, J1, J2):
    /// - an empty name creates an anonymous object (A13);
    /// - a name held by another type (directories included) is ERROR_INVALID_HANDLE (B1-B3);
    /// - a name held by the same type gives a new handle to the existing object, with the
    ///   access this call asked for, and the object is left as it is (B8, B9, B14);
    /// - creating a *section* in `\BaseNamedObjects` from a session other than 0 needs
    ///   SeCreateGlobalPrivilege, else ERROR_ACCESS_DENIED (J1); opening needs none (J2);
    /// - then `make` builds the object (its failure leaves nothing behind).
    ///
    /// Returns (handle, existed).
    pub(crate) fn create_or_open(
        &mut self,
        pid: u32,
        kind: Kind,
        name: Option<&str>,
        access: u32,
        inherit: bool,
        make: impl FnOnce(&mut Model) -> Result<ObjKind, u32>,
    ) -> Result<(u64, bool), u32> {
        let caller = self.live(pid)?;
        let (session, create_global, package) =
            (caller.session, caller.create_global, caller.package);
        // On CE the empty string is a name like any other (K6).
        let name = name.filter(|n| self.ce || !n.is_empty());
        let slot = match name {
            None => None,
            Some(n) => match self.lookup_for(pid, n)? {
                Lookup::Found(t) => {
                    if self.target_kind(t) != Some(kind) {
                        return Err(ERROR_INVALID_HANDLE);
                    }
                    let Target::Object(id) = t else {
                        return Err(ERROR_INVALID_HANDLE);
                    };
                    // Create-or-open cannot get round the object's DACL (J6, J9).
                    self.check_package(pid, id)?;
                    let h = self.add_handle(pid, id, access, inherit)?;
                    return Ok((h, true));
                }
                Lookup::Missing { dir, component } => Some((dir, component)),
            },
        };
        if let Some((dir, _)) = &slot {
            // CE has no sessions and no privilege on names (K7).
            if kind == Kind::Section
                && *dir == names::Dir::Global
                && !self.ce
                && session != 0
                && !create_global
            {
                return Err(ERROR_ACCESS_DENIED);
            }
            // J7 (MS docs "Mandatory Integrity Control", no-write-up): an app container runs
            // at low integrity and cannot create names in a (medium) BaseNamedObjects
            // directory, global or a session's.
            if package.is_some() && matches!(dir, names::Dir::Global | names::Dir::Session(_)) {
                return Err(ERROR_ACCESS_DENIED);
            }
        }
        let body = make(self)?;
        let id = self.insert_object(body);
        if let Some(o) = self.objects.get_mut(&id) {
            o.package = package;
        }
        if let Some((dir, component)) = slot {
            self.names.insert((dir, component.clone()), id);
            if let Some(o) = self.objects.get_mut(&id) {
                o.name = Some((dir, component));
            }
        }
        let h = self.add_handle(pid, id, access, inherit)?;
        Ok((h, false))
    }

    /// `Open*` by name (A14, A15, B4, E2, G1, J9): NULL is ERROR_INVALID_PARAMETER; `""` names the
    /// directory itself, a type mismatch (ERROR_INVALID_HANDLE); a missing name is
    /// ERROR_FILE_NOT_FOUND; another type's name is ERROR_INVALID_HANDLE; the access mask is
    /// checked (issue 10), then the DACL (an app container reaches only its own objects); then
    /// a handle with the requested (generic-mapped) access.
    pub fn open_object(
        &mut self,
        pid: u32,
        kind: Kind,
        name: Option<&str>,
        access: u32,
        inherit: bool,
    ) -> Result<u64, u32> {
        self.live(pid)?;
        let name = name.ok_or(ERROR_INVALID_PARAMETER)?;
        let target = match self.lookup_for(pid, name)? {
            Lookup::Found(t) => t,
            Lookup::Missing { .. } => return Err(ERROR_FILE_NOT_FOUND),
        };
        if self.target_kind(target) != Some(kind) {
            return Err(ERROR_INVALID_HANDLE);
        }
        let Target::Object(id) = target else {
            return Err(ERROR_INVALID_HANDLE);
        };
        if let Some(e) = handles::open_access_error(kind, access) {
            return Err(e);
        }
        self.check_package(pid, id)?;
        self.add_handle(pid, id, handles::map_generic(kind, access), inherit)
    }

    /// `OpenFileMappingW`: FILE_MAP_COPY is treated as FILE_MAP_READ (E3; MS docs "File-mapping
    /// security and access rights").
    pub fn open_file_mapping(
        &mut self,
        pid: u32,
        access: u32,
        inherit: bool,
        name: Option<&str>,
    ) -> Result<u64, u32> {
        let access = if access == FILE_MAP_COPY {
            SECTION_MAP_READ
        } else {
            access
        };
        self.open_object(pid, Kind::Section, name, access, inherit)
    }

    /// `CreateEventW` / `CreateMutexW` (B1-B6): EVENT_ALL_ACCESS / MUTEX_ALL_ACCESS, sharing
    /// the namespace with sections.
    pub fn create_sync(
        &mut self,
        pid: u32,
        kind: Kind,
        name: Option<&str>,
        inherit: bool,
    ) -> Result<(u64, bool), u32> {
        let (access, body) = match kind {
            Kind::Mutex => (MUTEX_ALL_ACCESS, ObjKind::Mutex),
            _ => (EVENT_ALL_ACCESS, ObjKind::Event),
        };
        let access = handles::map_generic(kind, access);
        self.create_or_open(pid, kind, name, access, inherit, |_| Ok(body))
    }

    /// `CreateFileMappingW`. Order (L4): protection (C1) -> for the page file: size 0 (C3),
    /// SEC_* (C7), size rounding (C4, C14), SEC_LARGE_PAGES privilege (C10, J4) -> name
    /// (B1-B12, J1) -> commit charge (C12). An invalid parameter fails even when the name
    /// exists (B12, B13). `file` INVALID_HANDLE_VALUE or NULL means the page file (D13).
    pub fn create_file_mapping(
        &mut self,
        pid: u32,
        file: HANDLE,
        fl_protect: u32,
        size: u64,
        name: Option<&str>,
        inherit: bool,
    ) -> Result<(u64, bool), u32> {
        self.live(pid)?;
        if self.ce {
            return self.ce_create_file_mapping(pid, file, fl_protect, size, name, inherit);
        }
        self.create_mapping(pid, file, fl_protect, size, name, inherit)
    }

    /// The `CreateFileMappingW` rules both profiles share (after CE's own checks).
    pub(crate) fn create_mapping(
        &mut self,
        pid: u32,
        file: HANDLE,
        fl_protect: u32,
        size: u64,
        name: Option<&str>,
        inherit: bool,
    ) -> Result<(u64, bool), u32> {
        let (protection, attributes) = split_fl_protect(fl_protect);
        if !prot::valid_section_protection(protection) {
            return Err(ERROR_INVALID_PARAMETER);
        }
        if file != INVALID_HANDLE_VALUE && file != 0 {
            return self.create_file_section(
                pid,
                file as u64,
                protection,
                attributes,
                size,
                name,
                inherit,
            );
        }
        if size == 0 {
            return Err(ERROR_INVALID_PARAMETER);
        }
        let attributes = pagefile_attributes(attributes)?;
        let size = pagefile_size(size)?;
        if attributes & SEC_LARGE_PAGES != 0 {
            // SeLockMemoryPrivilege is never given to model processes (C10, J4).
            return Err(ERROR_PRIVILEGE_NOT_HELD);
        }
        let access = prot::section_access_for_protection(protection);
        self.create_or_open(pid, Kind::Section, name, access, inherit, |m| {
            let pages = size / PAGE_SIZE;
            let (committed, charge) = if attributes & SEC_COMMIT != 0 {
                m.charge_commit(size)?;
                (vec![(0, pages)], size)
            } else {
                (Vec::new(), 0)
            };
            Ok(ObjKind::Section(Box::new(Section {
                protection,
                attributes,
                size,
                backing: Backing::PageFile,
                bytes: BTreeMap::new(),
                committed,
                commit_charge: charge,
                image: false,
            })))
        })
    }

    /// C12: commit is charged against the limit, else ERROR_COMMITMENT_LIMIT (1455).
    pub(crate) fn charge_commit(&mut self, bytes: u64) -> Result<(), u32> {
        let total = self
            .commit_charge
            .checked_add(bytes)
            .filter(|t| *t <= self.commit_limit)
            .ok_or(ERROR_COMMITMENT_LIMIT)?;
        self.commit_charge = total;
        Ok(())
    }

    /// A section over a file (C5, C8, C9, D1-D11, D13). Order (L4): the handle must be a file
    /// (ERROR_INVALID_HANDLE, D13) -> SEC_* (C8) -> the file handle's access for the
    /// protection (ERROR_ACCESS_DENIED, D9; SEC_IMAGE needs only read access and goes on in
    /// image.rs) -> sizes: size 0 on an empty file ERROR_FILE_INVALID (D2), larger
    /// than the file without a writable protection ERROR_NOT_ENOUGH_MEMORY (D5), beyond the
    /// maximum ERROR_NOT_ENOUGH_MEMORY (C14) -> the name. Only a *new* section grows the file
    /// (D3, D4, D10; zero-filled, H18): an existing name returns the existing section and
    /// leaves the file alone (B10, B11). File section sizes are not rounded (C5); every page
    /// is committed (C8).
    #[allow(clippy::too_many_arguments)]
    fn create_file_section(
        &mut self,
        pid: u32,
        file: u64,
        protection: u32,
        attributes: u32,
        requested: u64,
        name: Option<&str>,
        inherit: bool,
    ) -> Result<(u64, bool), u32> {
        let (file_object, file_access) = self.resolve_typed(pid, file, Kind::File)?;
        let attributes = file_attributes(attributes)?;
        let needed = match attributes {
            None => FILE_READ_DATA,
            Some(_) => prot::file_access_for_protection(protection),
        };
        if file_access & needed != needed {
            return Err(ERROR_ACCESS_DENIED);
        }
        let Some(attributes) = attributes else {
            return self.create_image_section(pid, file_object, protection, name, inherit);
        };
        let node = self
            .file_object(file_object)
            .map(|f| f.node)
            .ok_or(ERROR_INVALID_HANDLE)?;
        let file_size = self.files.get(&node).map_or(0, |n| n.size);
        let writable = prot::writes_file(protection);
        let size = if requested == 0 {
            if file_size == 0 {
                return Err(ERROR_FILE_INVALID);
            }
            file_size
        } else {
            if requested > file_size && !writable {
                return Err(ERROR_NOT_ENOUGH_MEMORY);
            }
            requested
        };
        if size > MAX_SECTION_SIZE {
            return Err(ERROR_NOT_ENOUGH_MEMORY);
        }
        let access = prot::section_access_for_protection(protection);
        let (h, existed) = self.create_or_open(pid, Kind::Section, name, access, inherit, |m| {
            if size > file_size {
                m.resize_file(node, size)?;
            }
            m.add_kernel_ref(file_object);
            Ok(ObjKind::Section(Box::new(Section {
                protection,
                attributes,
                size,
                backing: Backing::File { node, file_object },
                bytes: BTreeMap::new(),
                committed: vec![(0, size.div_ceil(PAGE_SIZE))],
                commit_charge: 0,
                image: false,
            })))
        })?;
        if !existed {
            self.register_file_section(pid, h, node, size, writable)?;
        }
        Ok((h, existed))
    }

    /// Records a new section (the object of `pid`'s handle `h`) among its file's sections.
    pub(crate) fn register_file_section(
        &mut self,
        pid: u32,
        h: u64,
        node: u64,
        size: u64,
        writable: bool,
    ) -> Result<(), u32> {
        let section = self
            .entry(pid, h)
            .map(|e| e.object)
            .ok_or(ERROR_INVALID_HANDLE)?;
        if let Some(n) = self.files.get_mut(&node) {
            n.sections.insert(section, (size, writable));
        }
        Ok(())
    }
}
