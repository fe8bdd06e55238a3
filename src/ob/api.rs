//! The object manager's typed API on `System`: create / open named objects, close, duplicate,
//! handle flags, comparisons, waits.
//!
//! These are the `Nt*` services that kernel32 calls; they return `Result` and never touch the
//! last-error value (that is the `win32` facade's job).

use std::sync::Arc;

use super::handle_table::{CloseRefused, Handle, HandleEntry};
use super::namespace::Lookup;
use super::object::{Job, ObjectBody, ObjectId};
use super::object_type::ObjectType;
use super::security::{access_check, parse_sddl, SecurityDescriptor, Token};
use super::sync::{Event, Mutant, Semaphore, WaitOutcome, WaitableTimer};
use super::win32_name::Win32Name;
use crate::consts::*;
use crate::error::{NtStatus, Result, Win32Error};
use crate::object_body::{Body, Object};
use crate::ps::{Integrity, Pid, Privilege, Process};
use crate::rule::{RuleId, RuleSet};
use crate::system::{Host, System};

/// Whether a create call made a new object or opened an existing one of the same name
/// (Win32 reports the latter as success with ERROR_ALREADY_EXISTS; catalog A18, B8).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Disposition {
    /// A new object was created.
    Created,
    /// The name was taken by an object of the same type: the handle refers to it.
    OpenedExisting,
}

/// A non-section object to create.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NewObject {
    /// `CreateEventW(.., bManualReset, bInitialState, ..)`.
    Event {
        /// Manual-reset event.
        manual_reset: bool,
        /// Initially signalled.
        initial_state: bool,
    },
    /// `CreateMutexW(.., bInitialOwner, ..)`.
    Mutex {
        /// The creator owns it (only when the mutex is new).
        initial_owner: bool,
    },
    /// `CreateSemaphoreW(.., lInitialCount, lMaximumCount, ..)`.
    Semaphore {
        /// Initial count (0..=maximum).
        initial: i32,
        /// Maximum count (> 0).
        maximum: i32,
    },
    /// `CreateWaitableTimerW(.., bManualReset, ..)`.
    WaitableTimer {
        /// Manual-reset (notification) timer.
        manual_reset: bool,
    },
    /// `CreateJobObjectW`.
    Job,
}

impl NewObject {
    /// The object type this creates.
    pub fn object_type(self) -> ObjectType {
        match self {
            NewObject::Event { .. } => ObjectType::Event,
            NewObject::Mutex { .. } => ObjectType::Mutant,
            NewObject::Semaphore { .. } => ObjectType::Semaphore,
            NewObject::WaitableTimer { .. } => ObjectType::WaitableTimer,
            NewObject::Job => ObjectType::Job,
        }
    }
}

/// The name-related parameters of a create call.
#[derive(Clone, Copy, Debug)]
pub(crate) struct NewName<'a> {
    /// Win32 name; `None` or `""` for an anonymous object.
    pub name: Option<&'a str>,
    /// Access for the new handle, generic-mapped.
    pub access: u32,
    /// Inheritable handle.
    pub inherit: bool,
    /// Security descriptor in SDDL; `None` gives the token's default DACL.
    pub security: Option<&'a str>,
}

/// Who is calling: the pieces of a process that object-manager decisions need.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Caller {
    pub pid: Pid,
    pub host: usize,
    pub session: u32,
    pub create_global: bool,
    /// The directory its names resolve in ([`Process::names_root`]).
    pub names_root: ObjectId,
    /// It runs in an app container (its names resolve in the container's directory: J9).
    pub app_container: bool,
}

impl Caller {
    fn of(p: &Process) -> Caller {
        Caller {
            pid: p.pid,
            host: p.spec.host,
            session: p.spec.session,
            create_global: p.has_privilege(Privilege::CreateGlobal),
            names_root: p.names_root,
            app_container: p.spec.app_container.is_some(),
        }
    }
}

/// What a create call needs of its process, taken in one lookup of it.
struct Creator {
    caller: Caller,
    /// Its token's integrity level (catalog J7).
    integrity: Integrity,
    /// The process's default descriptor (new objects get it without SDDL; SDDL's missing
    /// parts come from it).
    default_security: Arc<SecurityDescriptor>,
    /// The handle table cannot take one more entry (reported after the SDDL is parsed).
    handles_full: bool,
}

/// Adds a handle to `object` in `process`'s table (the handle-table part of every create and
/// open): STATUS_INSUFFICIENT_RESOURCES when the table holds `limit` handles.
fn insert_handle(
    process: &mut Process,
    host: &mut Host,
    rules: &mut RuleSet,
    limit: usize,
    object: ObjectId,
    access: u32,
    inherit: bool,
) -> Result<Handle> {
    if process.handles.len() >= limit {
        return Err(NtStatus::INSUFFICIENT_RESOURCES.into());
    }
    let entry = HandleEntry {
        object,
        access,
        inherit,
        protect_from_close: false,
    };
    let reused = process.handles.has_free_slot();
    let handle = process
        .handles
        .insert(entry)
        .ok_or(NtStatus::INSUFFICIENT_RESOURCES)?;
    host.objects.add_handle_ref(object);
    // A non-zero multiple of 4 (I1); a freed value is reused first (I2); the inherit flag as
    // asked (I5).
    rules.insert(RuleId::I1);
    if reused {
        rules.insert(RuleId::I2);
    }
    if inherit {
        rules.insert(RuleId::I5);
    }
    Ok(handle)
}

impl System {
    /// The caller, its token's integrity, its default descriptor (token and descriptor built
    /// on first use, then shared) and whether its handle table is full: one lookup of the
    /// process for a create.
    fn creator(&mut self, pid: Pid) -> Result<Creator> {
        let limit = self.handle_limit;
        let process = self.live_process_mut(pid)?;
        let token = process
            .token
            .get_or_insert_with(|| Arc::new(Token::of(&process.spec)));
        let integrity = token.integrity;
        let default_security = Arc::clone(
            process
                .default_security
                .get_or_insert_with(|| Arc::new(token.default_descriptor())),
        );
        Ok(Creator {
            caller: Caller::of(process),
            integrity,
            default_security,
            handles_full: process.handles.len() >= limit,
        })
    }

    pub(crate) fn host_mut(&mut self, host: usize) -> Result<&mut Host> {
        self.hosts.get_mut(host).ok_or(Win32Error::INVALID_HANDLE)
    }

    pub(crate) fn host_ref(&self, host: usize) -> Result<&Host> {
        self.hosts.get(host).ok_or(Win32Error::INVALID_HANDLE)
    }

    /// Resolves a Win32 object name for `caller` (catalog A1-A10).
    fn lookup_win32_name<'n>(&mut self, caller: Caller, name: Win32Name<'n>) -> Result<Lookup<'n>> {
        name.check_length()?;
        if self.is_ce() {
            // One flat global namespace (catalog K7; src/ob/ce_names.rs); "" is a name (K6).
            self.hit(if name.text().is_empty() {
                RuleId::K6
            } else {
                RuleId::K7
            });
            return self.ce_lookup_name(caller.host, name.text());
        }
        // `alias\name` in a private namespace the caller holds open (CreatePrivateNamespaceW).
        if let Some((alias, rest)) = name.split_first() {
            if let Some(dir) = self.private_namespace_dir(caller.pid, alias) {
                let host = self.host_ref(caller.host)?;
                return host
                    .namespace
                    .lookup_relative(&host.objects, dir, rest)
                    .map_err(Win32Error::from);
            }
        }
        // An app container's names resolve in its own directory (catalog J9), found at spawn
        // as the session's BaseNamedObjects is for other processes.
        if caller.app_container {
            self.hit(RuleId::J9);
        }
        let root = caller.names_root;
        let host = self.host_ref(caller.host)?;
        let objects = &host.objects;
        let found = if name.is_one_component() {
            // One component: one directory lookup, as the walk would make it. A symbolic
            // link found (or a root that is no directory) takes the walk, which follows it.
            match objects.entry(root, name.text()) {
                Some(id)
                    if objects
                        .get(id)
                        .is_some_and(|o| o.body.symbolic_link().is_none()) =>
                {
                    Ok(Lookup::Found(id))
                }
                None if objects
                    .get(root)
                    .is_some_and(|o| o.body.directory().is_some()) =>
                {
                    Ok(Lookup::Missing {
                        dir: root,
                        component: name.text(),
                    })
                }
                _ => host.namespace.lookup_relative(objects, root, name.text()),
            }
        } else {
            host.namespace.lookup_relative(objects, root, name.text())
        };
        let rule = name.rule(found.as_ref().err().copied());
        self.hit(rule);
        found.map_err(|status| status.by(rule))
    }

    /// Fails with STATUS_INSUFFICIENT_RESOURCES (ERROR_NO_SYSTEM_RESOURCES) when `pid`'s handle
    /// table cannot take one more entry. Every create path calls it before it makes, names or
    /// links anything, so that a full table leaves nothing behind (a failed call changes
    /// nothing: DEVELOPERS.md; issue 15).
    pub(crate) fn reserve_handle_slot(&self, pid: Pid) -> Result<()> {
        if self.live_process(pid)?.handles.len() >= self.handle_limit {
            return Err(NtStatus::INSUFFICIENT_RESOURCES.into());
        }
        Ok(())
    }

    /// Adds a handle to `object` in `pid`'s table (one lookup of the process).
    pub(crate) fn add_handle(
        &mut self,
        pid: Pid,
        object: ObjectId,
        access: u32,
        inherit: bool,
    ) -> Result<Handle> {
        let limit = self.handle_limit;
        let (process, host, _, rules) = self.parts_and_rules_mut(pid)?;
        insert_handle(process, host, rules, limit, object, access, inherit)
    }

    /// The open of an existing object `id` by `pid` with its own token, in one lookup of the
    /// process: `admit` sees the object first and returns the desired access (its error ends
    /// the open before the DACL is read), then the access check (through the process's
    /// [`super::security::AccessMemo`]; a refusal carries `denied`), then the handle.
    #[allow(clippy::too_many_arguments)]
    fn open_existing(
        &mut self,
        pid: Pid,
        id: ObjectId,
        ty: ObjectType,
        maximum: bool,
        inherit: bool,
        denied: RuleId,
        admit: impl FnOnce(Option<&Object>) -> Result<u32>,
    ) -> Result<Handle> {
        let limit = self.handle_limit;
        let (process, host, _, rules) = self.parts_and_rules_mut(pid)?;
        let object = host.objects.get(id);
        let desired = admit(object)?;
        let granted = match object.and_then(|o| o.security.as_ref()) {
            Some(sd) => {
                let token = process
                    .token
                    .get_or_insert_with(|| Arc::new(Token::of(&process.spec)));
                process
                    .access_memo
                    .check(sd, token, ty, desired, maximum)
                    .map_err(|e| e.by(denied))?
            }
            // Objects without a descriptor grant what is asked.
            None if maximum => desired | ty.valid_access(),
            None => desired,
        };
        insert_handle(process, host, rules, limit, id, granted, inherit)
    }

    /// The create-or-open at the heart of every `Create*` call with `OBJ_OPENIF`:
    /// - a name held by another type: STATUS_OBJECT_TYPE_MISMATCH -> ERROR_INVALID_HANDLE (B1-B4);
    /// - a name held by the same type: a new handle to the existing object (B8), `make` unused;
    /// - otherwise `make` builds the body and the object is inserted under the name.
    ///
    /// `access` is already generic-mapped.
    pub(crate) fn create_or_open(
        &mut self,
        pid: Pid,
        ty: ObjectType,
        new: NewName<'_>,
        make: impl FnOnce(&mut System, usize) -> Result<Body>,
    ) -> Result<(Handle, Disposition)> {
        let NewName {
            name,
            access,
            inherit,
            security,
        } = new;
        let Creator {
            caller,
            integrity,
            default_security,
            handles_full,
        } = self.creator(pid)?;
        // The descriptor is parsed first: bad SDDL fails before anything else happens.
        let descriptor = match security {
            Some(sddl) => Arc::new(parse_sddl(sddl, &default_security)?),
            None => default_security,
        };
        // Before anything is made, named or linked (see `reserve_handle_slot`).
        if handles_full {
            return Err(NtStatus::INSUFFICIENT_RESOURCES.into());
        }
        // An empty name creates an anonymous object (catalog A13); on CE it is a real name
        // (catalog K6).
        let ce = self.is_ce();
        let name = if ce {
            name
        } else {
            if name == Some("") {
                self.hit(RuleId::A13);
            }
            name.filter(|n| !n.is_empty())
        };
        let slot = match name {
            Some(n) => match self.lookup_win32_name(caller, Win32Name::scan(n))? {
                Lookup::Found(existing) => {
                    let found_type = self
                        .host_ref(caller.host)?
                        .objects
                        .get(existing)
                        .map(|o| o.body.object_type());
                    if found_type != Some(ty) {
                        // One namespace for every type (B1): a section over another type's
                        // name (B2), another type over a section's (B3).
                        let rule = if ty == ObjectType::Section {
                            RuleId::B2
                        } else if found_type == Some(ObjectType::Section) {
                            RuleId::B3
                        } else {
                            RuleId::B1
                        };
                        return Err(NtStatus::OBJECT_TYPE_MISMATCH.by(rule));
                    }
                    // Create-or-open cannot bypass the DACL (catalog J6).
                    let h =
                        self.open_existing(pid, existing, ty, false, inherit, RuleId::J6, |_| {
                            Ok(access)
                        })?;
                    // Same name, same type: the existing object, untouched (B8 for sections,
                    // B5 for the others; B14), the handle's access from this call (B9).
                    self.hit(RuleId::B14);
                    if ty == ObjectType::Section {
                        self.hit(RuleId::B8);
                        self.hit(RuleId::B9);
                    } else {
                        self.hit(RuleId::B5);
                    }
                    return Ok((h, Disposition::OpenedExisting));
                }
                Lookup::Missing { dir, component } => Some((dir, component)),
            },
            None => None,
        };
        // CE has no sessions and no privilege checks on names (catalog K7).
        if let Some((dir, _)) = &slot {
            let host = self.host_ref(caller.host)?;
            // Creating a file mapping in Global\ from a session other than 0 needs
            // SeCreateGlobalPrivilege (MS docs "Kernel object namespaces"; catalog J1, J2).
            let global_from_session =
                *dir == host.namespace.global_bno && !ce && caller.session != 0;
            // A low-integrity process cannot create names in a medium-labelled
            // BaseNamedObjects directory: no-write-up on DIRECTORY_CREATE_OBJECT (MS docs
            // "Mandatory Integrity Control"; catalog J7).
            // CE has no integrity levels.
            let low_in_bno =
                !ce && integrity == Integrity::Low && host.namespace.is_base_named_objects(*dir);
            if global_from_session && !caller.create_global {
                if ty == ObjectType::Section {
                    return Err(NtStatus::ACCESS_DENIED.by(RuleId::J1));
                }
                // Only file mappings need the privilege in Global\ (catalog J2).
                self.hit(RuleId::J2);
            }
            if low_in_bno {
                return Err(NtStatus::ACCESS_DENIED.by(RuleId::J7));
            }
        }
        let body = make(self, caller.host)?;
        if security.is_some() {
            // The creator's handle gets what it asked for, whatever the new DACL says (J5).
            self.hit(RuleId::J5);
        }
        let host = self.host_mut(caller.host)?;
        let id = host.objects.insert(body, false);
        if let Some(o) = host.objects.get_mut(id) {
            o.security = Some(descriptor);
        }
        if let Some((dir, component)) = slot {
            host.objects.link_name(id, dir, component);
        }
        let h = self.add_handle(pid, id, access, inherit)?;
        Ok((h, Disposition::Created))
    }

    /// `NtCreateEvent` / `NtCreateMutant` / `NtCreateSemaphore` / `NtCreateTimer` /
    /// `NtCreateJobObject` with `OBJ_OPENIF`. `access` may hold GENERIC_* rights.
    pub fn create_object(
        &mut self,
        pid: Pid,
        new: NewObject,
        name: Option<&str>,
        access: u32,
        inherit: bool,
        security: Option<&str>,
    ) -> Result<(Handle, Disposition)> {
        // CreateSemaphore: "lMaximumCount must be greater than zero"; the initial count must
        // lie in 0..=maximum (MS docs CreateSemaphoreW).
        if let NewObject::Semaphore { initial, maximum } = new {
            if maximum <= 0 || initial < 0 || initial > maximum {
                return Err(NtStatus::INVALID_PARAMETER.into());
            }
        }
        let ty = new.object_type();
        let access = ty.map_generic(access);
        let names = NewName {
            name,
            access,
            inherit,
            security,
        };
        let initial_owner = matches!(
            new,
            NewObject::Mutex {
                initial_owner: true
            }
        );
        let made = self.create_or_open(pid, ty, names, |_, _| {
            Ok(match new {
                NewObject::Event {
                    manual_reset,
                    initial_state,
                } => Body::Event(Event {
                    manual_reset,
                    signaled: initial_state,
                }),
                NewObject::Mutex { initial_owner } => Body::Mutant(Mutant {
                    owner: initial_owner.then_some(pid),
                    recursion: u32::from(initial_owner),
                    abandoned: false,
                }),
                NewObject::Semaphore { initial, maximum } => Body::Semaphore(Semaphore {
                    count: initial.unsigned_abs(),
                    maximum: maximum.unsigned_abs(),
                }),
                NewObject::WaitableTimer { manual_reset } => Body::WaitableTimer(WaitableTimer {
                    manual_reset,
                    signaled: false,
                }),
                NewObject::Job => Body::Job(Job),
            })
        })?;
        if initial_owner && made.1 == Disposition::Created {
            // The creator owns the new mutex: its exit abandons it (catalog G10).
            let (id, _) = self.resolve_handle(pid, made.0)?;
            self.live_process_mut(pid)?.owned_mutexes.insert(id);
        }
        Ok(made)
    }

    /// `NtOpen*` by Win32 name: `None` is ERROR_INVALID_PARAMETER (A15), `""` names the
    /// directory itself and so is a type mismatch (A14), a missing name is ERROR_FILE_NOT_FOUND,
    /// another type's name is ERROR_INVALID_HANDLE (B4). `access` may hold GENERIC_* rights.
    pub fn open_object(
        &mut self,
        pid: Pid,
        ty: ObjectType,
        name: Option<&str>,
        access: u32,
        inherit: bool,
    ) -> Result<Handle> {
        self.open_named(pid, ty, name.map(Win32Name::scan), access, inherit)
    }

    /// [`System::open_object`] of a name already scanned (the facade's `Open*` calls scan a
    /// C string's text up to its NUL in the same pass).
    pub(crate) fn open_named(
        &mut self,
        pid: Pid,
        ty: ObjectType,
        name: Option<Win32Name<'_>>,
        access: u32,
        inherit: bool,
    ) -> Result<Handle> {
        let process = self.live_process(pid)?;
        let caller = Caller::of(process);
        let privileged = process.has_privilege(crate::ps::Privilege::Security);
        let Some(name) = name else {
            return Err(NtStatus::INVALID_PARAMETER.by(RuleId::A15));
        };
        let id = match self.lookup_win32_name(caller, name)? {
            Lookup::Found(id) => id,
            Lookup::Missing { .. } => return Err(NtStatus::OBJECT_NAME_NOT_FOUND.into()),
        };
        let maximum = access & MAXIMUM_ALLOWED != 0;
        let admit = |object: Option<&Object>| {
            if object.map(|o| o.body.object_type()) != Some(ty) {
                // The empty name is the directory itself (A14); another type's name, B4.
                let rule = if name.text().is_empty() {
                    RuleId::A14
                } else {
                    RuleId::B4
                };
                return Err(NtStatus::OBJECT_TYPE_MISMATCH.by(rule));
            }
            // Empty, undefined and SACL access are refused before the DACL is read (sync.c).
            super::open_access::validate_open_access(ty, access, privileged)
        };
        let h = self.open_existing(pid, id, ty, maximum, inherit, RuleId::E2, admit)?;
        // The granted mask is checked against the DACL and kept in the handle (E2).
        self.hit(RuleId::E2);
        Ok(h)
    }

    /// The access check on an existing object (catalog J5-J8); objects without a descriptor
    /// (namespace directories, files, processes) grant what is asked.
    pub(crate) fn check_access(
        &self,
        host: usize,
        id: ObjectId,
        token: &Token,
        ty: ObjectType,
        desired: u32,
        maximum: bool,
    ) -> Result<u32> {
        match self
            .host_ref(host)?
            .objects
            .get(id)
            .and_then(|o| o.security.as_deref())
        {
            Some(sd) => access_check(sd, token, ty, desired, maximum),
            None if maximum => Ok(desired | ty.valid_access()),
            None => Ok(desired),
        }
    }

    /// Looks a handle up in `pid`'s table (tag bits ignored; catalog G8). `GetCurrentProcess()`
    /// resolves to the process itself with PROCESS_ALL_ACCESS. Other values that are not live
    /// entries are ERROR_INVALID_HANDLE.
    pub(crate) fn resolve_handle(&self, pid: Pid, handle: Handle) -> Result<(ObjectId, u32)> {
        let process = self.live_process(pid)?;
        if handle == Handle::CURRENT_PROCESS {
            return Ok((process.object, PROCESS_ALL_ACCESS));
        }
        process
            .handles
            .get(handle)
            .map(|e| (e.object, e.access))
            .ok_or_else(|| NtStatus::INVALID_HANDLE.into())
    }

    /// Like `resolve_handle`, and the object must be of type `ty` (else
    /// STATUS_OBJECT_TYPE_MISMATCH -> ERROR_INVALID_HANDLE, catalog F12).
    pub(crate) fn resolve_typed(
        &self,
        pid: Pid,
        handle: Handle,
        ty: ObjectType,
    ) -> Result<(ObjectId, u32)> {
        let (id, access) = self.resolve_handle(pid, handle)?;
        let host = self.live_process(pid)?.spec.host;
        let found = self
            .host_ref(host)?
            .objects
            .get(id)
            .map(|o| o.body.object_type());
        if found != Some(ty) {
            // A section call given another object's handle (F12).
            let mismatch = NtStatus::OBJECT_TYPE_MISMATCH.to_win32();
            return Err(if ty == ObjectType::Section {
                mismatch.by(RuleId::F12)
            } else {
                mismatch
            });
        }
        Ok((id, access))
    }

    /// `NtClose`: pseudo-handles close successfully and do nothing; NULL, stale and
    /// never-allocated values are ERROR_INVALID_HANDLE; a handle protected from close stays open
    /// and fails with STATUS_HANDLE_NOT_CLOSABLE -> ERROR_INVALID_HANDLE (CloseHandle doc;
    /// catalog G7, I3, I12).
    pub fn close_handle(&mut self, pid: Pid, handle: Handle) -> Result<()> {
        if handle == Handle::CURRENT_PROCESS || handle == Handle::CURRENT_THREAD {
            self.live_process(pid)?;
            // Pseudo-handles are not table entries (I3).
            self.hit(RuleId::I3);
            return Ok(());
        }
        let process = self.live_process_mut(pid)?;
        let host = process.spec.host;
        let entry = match process.handles.close(handle) {
            Ok(entry) => entry,
            Err(CloseRefused::Invalid) => return Err(NtStatus::INVALID_HANDLE.by(RuleId::G7)),
            Err(CloseRefused::Protected) => {
                return Err(NtStatus::HANDLE_NOT_CLOSABLE.by(RuleId::I12))
            }
        };
        self.release_handle_ref(host, entry.object);
        if handle.value() & 3 != 0 {
            // The low two bits are tag bits the kernel ignores (G8).
            self.hit(RuleId::G8);
        }
        Ok(())
    }

    /// The process a process handle in `caller`'s table (or `GetCurrentProcess()`) refers to,
    /// when the handle holds one of the rights in `needed` (else ERROR_ACCESS_DENIED).
    pub(crate) fn process_with_access(
        &self,
        caller: Pid,
        handle: Handle,
        needed: u32,
    ) -> Result<Pid> {
        let (pid, access) = self.process_handle(caller, handle)?;
        if access & needed == 0 {
            return Err(NtStatus::ACCESS_DENIED.into());
        }
        Ok(pid)
    }

    /// The process a handle refers to, needing PROCESS_DUP_HANDLE (DuplicateHandle doc).
    fn process_from_handle(&self, caller: Pid, handle: Handle) -> Result<Pid> {
        let (pid, access) = self.process_handle(caller, handle)?;
        if access & PROCESS_DUP_HANDLE == 0 {
            return Err(NtStatus::ACCESS_DENIED.into());
        }
        Ok(pid)
    }

    /// The process a process handle refers to, and the handle's access.
    pub(crate) fn process_handle(&self, caller: Pid, handle: Handle) -> Result<(Pid, u32)> {
        let (id, access) = self.resolve_typed(caller, handle, ObjectType::Process)?;
        let host = self.live_process(caller)?.spec.host;
        match self.host_ref(host)?.objects.get(id).map(|o| &o.body) {
            Some(Body::Process(pid)) => Ok((*pid, access)),
            _ => Err(NtStatus::INVALID_HANDLE.into()),
        }
    }

    /// `DuplicateHandle` with process handles from `caller`'s table (or `GetCurrentProcess()`).
    /// A NULL or invalid target process fails with ERROR_INVALID_HANDLE; with
    /// DUPLICATE_CLOSE_SOURCE the source is closed "regardless of any error status returned"
    /// (DuplicateHandle doc; catalog I9).
    #[allow(clippy::too_many_arguments)]
    pub fn duplicate_handle(
        &mut self,
        caller: Pid,
        source_process: Handle,
        source: Handle,
        target_process: Handle,
        access: u32,
        inherit: bool,
        options: u32,
    ) -> Result<Handle> {
        let source_pid = self
            .process_from_handle(caller, source_process)
            .map_err(|e| e.by(RuleId::I18))?;
        let target_pid = self.process_from_handle(caller, target_process);
        match target_pid {
            Ok(target_pid) => {
                self.duplicate_between(source_pid, source, target_pid, access, inherit, options)
            }
            Err(e) => {
                if options & DUPLICATE_CLOSE_SOURCE != 0 {
                    // The source closes even though the call fails (I9).
                    let _ = self.close_handle(source_pid, source);
                    return Err(e.by(RuleId::I9));
                }
                Err(e.by(RuleId::I18))
            }
        }
    }

    /// `DuplicateHandle` between two processes named by id (the scenario language names
    /// processes rather than passing process handles).
    ///
    /// The new handle's access is `access` (generic-mapped) or, with DUPLICATE_SAME_ACCESS, the
    /// source's; it may exceed the source's access, as Windows allows when the object's security
    /// grants it (no DACLs are modelled, so it always does: catalog I10). The inherit flag comes
    /// only from `inherit`; protect-from-close is not copied (I7). The new value is allocated
    /// before the source is closed (DUPLICATE_CLOSE_SOURCE), so it differs from the source's.
    pub fn duplicate_between(
        &mut self,
        source_pid: Pid,
        source: Handle,
        target_pid: Pid,
        access: u32,
        inherit: bool,
        options: u32,
    ) -> Result<Handle> {
        let close_source = options & DUPLICATE_CLOSE_SOURCE != 0;
        let result = self.duplicate_inner(source_pid, source, target_pid, access, inherit, options);
        if close_source {
            let protected = self
                .processes
                .get(&source_pid)
                .and_then(|p| p.handles.get(source))
                .is_some_and(|e| e.protect_from_close);
            // A protected source stays open (Wine 8 probe `dup_close_source_on_protected`;
            // unverified on Windows, catalog I13).
            if !protected {
                let _ = self.close_handle(source_pid, source);
                if result.is_err() {
                    self.hit(RuleId::I9);
                }
            } else {
                self.hit(RuleId::I13);
            }
        }
        result
    }

    fn duplicate_inner(
        &mut self,
        source_pid: Pid,
        source: Handle,
        target_pid: Pid,
        access: u32,
        inherit: bool,
        options: u32,
    ) -> Result<Handle> {
        let (object, source_access) = self
            .resolve_handle(source_pid, source)
            .map_err(|e| e.by(RuleId::I11))?;
        let source_host = self.live_process(source_pid)?.spec.host;
        let target_host = self.live_process(target_pid)?.spec.host;
        if source_host != target_host {
            return Err(NtStatus::INVALID_HANDLE.into());
        }
        let ty = self
            .host_ref(source_host)?
            .objects
            .get(object)
            .map(|o| o.body.object_type())
            .ok_or(Win32Error::INVALID_HANDLE)?;
        let granted = if options & DUPLICATE_SAME_ACCESS != 0 {
            self.hit(RuleId::I8);
            source_access
        } else {
            let wanted = ty.map_generic(access);
            if wanted & !source_access != 0 {
                // More access than the source: the object's security must grant it to the
                // target process (DuplicateHandle doc; ReactOS ObDuplicateObject; catalog I10).
                // ACCESS_SYSTEM_SECURITY is the SeSecurityPrivilege's to give, not the DACL's
                // (ReactOS SepAccessCheck: STATUS_PRIVILEGE_NOT_HELD), as for an open.
                let target = self.live_process(target_pid)?;
                if wanted & !source_access & super::open_access::ACCESS_SYSTEM_SECURITY != 0
                    && !target.has_privilege(crate::ps::Privilege::Security)
                {
                    return Err(NtStatus::PRIVILEGE_NOT_HELD.into());
                }
                let token = Token::of(&target.spec);
                let granted = self
                    .check_access(source_host, object, &token, ty, wanted, false)
                    .map_err(|e| e.by(RuleId::I10))?;
                self.hit(RuleId::I10);
                granted
            } else {
                if wanted != source_access {
                    // A reduced handle is enforced on its own (E11).
                    self.hit(RuleId::E11);
                }
                wanted
            }
        };
        let h = self.add_handle(target_pid, object, granted, inherit)?;
        // A new, independent entry (I7); into another process only valid there (I18).
        self.hit(if source_pid == target_pid {
            RuleId::I7
        } else {
            RuleId::I18
        });
        Ok(h)
    }

    /// `GetHandleInformation`: HANDLE_FLAG_* bits. `GetCurrentProcess()` reports 0 (Wine 8 probe
    /// `gethandleinfo_pseudo_process`; catalog I14).
    pub fn handle_information(&self, pid: Pid, handle: Handle) -> Result<u32> {
        let process = self.live_process(pid)?;
        if handle == Handle::CURRENT_PROCESS {
            return Ok(0);
        }
        process
            .handles
            .get(handle)
            .map(|e| e.flags())
            .ok_or_else(|| NtStatus::INVALID_HANDLE.into())
    }

    /// `SetHandleInformation`: only the bits in `mask` change; undefined bits are ignored
    /// (SetHandleInformation doc; catalog I14).
    pub fn set_handle_information(
        &mut self,
        pid: Pid,
        handle: Handle,
        mask: u32,
        flags: u32,
    ) -> Result<()> {
        self.hit(RuleId::I14);
        let process = self.live_process_mut(pid)?;
        let entry = process
            .handles
            .get_mut(handle)
            .ok_or(NtStatus::INVALID_HANDLE)?;
        if mask & HANDLE_FLAG_INHERIT != 0 {
            entry.inherit = flags & HANDLE_FLAG_INHERIT != 0;
        }
        if mask & HANDLE_FLAG_PROTECT_FROM_CLOSE != 0 {
            entry.protect_from_close = flags & HANDLE_FLAG_PROTECT_FROM_CLOSE != 0;
        }
        Ok(())
    }

    /// `CompareObjectHandles`: Ok when both handles refer to one object, else
    /// ERROR_NOT_SAME_OBJECT; an invalid handle is ERROR_INVALID_HANDLE (catalog I15).
    pub fn compare_object_handles(&self, pid: Pid, a: Handle, b: Handle) -> Result<()> {
        let (x, _) = self.resolve_handle(pid, a)?;
        let (y, _) = self.resolve_handle(pid, b)?;
        if x == y {
            Ok(())
        } else {
            Err(NtStatus::NOT_SAME_OBJECT.by(RuleId::I15))
        }
    }

    /// `OpenProcess`: a handle to a process on the caller's host.
    pub fn open_process(
        &mut self,
        pid: Pid,
        access: u32,
        inherit: bool,
        target: Pid,
    ) -> Result<Handle> {
        let host = self.live_process(pid)?.spec.host;
        let object = match self.processes.get(&target) {
            Some(p) if p.spec.host == host && p.exit_code.is_none() => p.object,
            _ => return Err(NtStatus::INVALID_PARAMETER.into()),
        };
        self.add_handle(
            pid,
            object,
            ObjectType::Process.map_generic(access),
            inherit,
        )
    }

    /// `WaitForSingleObject` that never blocks. The handle needs SYNCHRONIZE: a section handle
    /// never has it, so a wait on a section fails with ERROR_ACCESS_DENIED (catalog B15). A
    /// wait that would block reports `Timeout` whatever the timeout (winsection has one thread
    /// and no clock; on Windows an INFINITE wait would hang).
    pub fn wait_for_single_object(&mut self, pid: Pid, handle: Handle) -> Result<WaitOutcome> {
        let (id, access) = self.resolve_handle(pid, handle)?;
        if access & SYNCHRONIZE == 0 {
            let denied = NtStatus::ACCESS_DENIED.to_win32();
            let is_section = self
                .host_ref(self.live_process(pid)?.spec.host)?
                .objects
                .get(id)
                .is_some_and(|o| o.body.object_type() == ObjectType::Section);
            return Err(if is_section {
                denied.by(RuleId::B15)
            } else {
                denied
            });
        }
        let host_id = self.live_process(pid)?.spec.host;
        let exited = |s: &System, p: &Pid| s.processes.get(p).is_none_or(|p| p.exit_code.is_some());
        let process_target = match self.host_ref(host_id)?.objects.get(id).map(|o| &o.body) {
            Some(Body::Process(p)) => Some(*p),
            _ => None,
        };
        if let Some(target) = process_target {
            return Ok(if exited(self, &target) {
                WaitOutcome::Signaled
            } else {
                WaitOutcome::Timeout
            });
        }
        let host = self.host_mut(host_id)?;
        let object = host.objects.get_mut(id).ok_or(Win32Error::INVALID_HANDLE)?;
        let mut owns = false;
        let outcome = match &mut object.body {
            Body::Event(e) => e.try_wait(),
            Body::Mutant(m) => {
                let outcome = m.try_wait(pid);
                owns = m.owner == Some(pid);
                outcome
            }
            Body::Semaphore(s) => s.try_wait(),
            Body::WaitableTimer(t) => t.try_wait(),
            Body::Job(_) => WaitOutcome::Timeout,
            _ => return Err(NtStatus::OBJECT_TYPE_MISMATCH.into()),
        };
        if owns {
            self.live_process_mut(pid)?.owned_mutexes.insert(id);
        }
        Ok(outcome)
    }

    /// `SetEvent` (`signal = true`) and `ResetEvent`; the handle needs EVENT_MODIFY_STATE.
    pub fn set_event(&mut self, pid: Pid, handle: Handle, signal: bool) -> Result<()> {
        let (id, access) = self.resolve_typed(pid, handle, ObjectType::Event)?;
        if access & EVENT_MODIFY_STATE == 0 {
            return Err(NtStatus::ACCESS_DENIED.into());
        }
        let host = self.live_process(pid)?.spec.host;
        if let Some(Body::Event(e)) = self
            .host_mut(host)?
            .objects
            .get_mut(id)
            .map(|o| &mut o.body)
        {
            e.signaled = signal;
        }
        Ok(())
    }

    /// `ReleaseMutex`: only the owner may release (else ERROR_NOT_OWNER, 288).
    pub fn release_mutex(&mut self, pid: Pid, handle: Handle) -> Result<()> {
        let (id, _) = self.resolve_typed(pid, handle, ObjectType::Mutant)?;
        let host = self.live_process(pid)?.spec.host;
        let mut released = false;
        if let Some(Body::Mutant(m)) = self
            .host_mut(host)?
            .objects
            .get_mut(id)
            .map(|o| &mut o.body)
        {
            if m.owner != Some(pid) {
                return Err(Win32Error::NOT_OWNER);
            }
            m.recursion = m.recursion.saturating_sub(1);
            if m.recursion == 0 {
                m.owner = None;
                released = true;
            }
        }
        if released {
            self.live_process_mut(pid)?.owned_mutexes.remove(&id);
        }
        Ok(())
    }

    /// `ReleaseSemaphore`: adds `count`; beyond the maximum fails with ERROR_TOO_MANY_POSTS
    /// (298) and changes nothing. Returns the previous count.
    pub fn release_semaphore(&mut self, pid: Pid, handle: Handle, count: i32) -> Result<u32> {
        let (id, access) = self.resolve_typed(pid, handle, ObjectType::Semaphore)?;
        if access & SEMAPHORE_MODIFY_STATE == 0 {
            return Err(NtStatus::ACCESS_DENIED.into());
        }
        if count <= 0 {
            return Err(NtStatus::INVALID_PARAMETER.into());
        }
        let host = self.live_process(pid)?.spec.host;
        match self
            .host_mut(host)?
            .objects
            .get_mut(id)
            .map(|o| &mut o.body)
        {
            Some(Body::Semaphore(s)) => {
                let previous = s.count;
                let next = s
                    .count
                    .checked_add(count.unsigned_abs())
                    .filter(|n| *n <= s.maximum);
                s.count = next.ok_or(Win32Error::TOO_MANY_POSTS)?;
                Ok(previous)
            }
            _ => Err(Win32Error::INVALID_HANDLE),
        }
    }

    /// The NT path of the object behind a handle (`NtQueryObject(ObjectNameInformation)`),
    /// `None` for an unnamed object.
    pub fn object_name(&self, pid: Pid, handle: Handle) -> Result<Option<String>> {
        let (id, _) = self.resolve_handle(pid, handle)?;
        let host = self.host_ref(self.live_process(pid)?.spec.host)?;
        let named = host.objects.get(id).is_some_and(|o| o.name.is_some());
        Ok(if named {
            host.namespace.full_path(&host.objects, id)
        } else {
            None
        })
    }

    /// `NtQueryObject(ObjectBasicInformation)`: (granted access, handle count, pointer count).
    pub fn object_basic_information(&self, pid: Pid, handle: Handle) -> Result<(u32, u32, u32)> {
        let (id, access) = self.resolve_handle(pid, handle)?;
        let host = self.host_ref(self.live_process(pid)?.spec.host)?;
        let o = host.objects.get(id).ok_or(Win32Error::INVALID_HANDLE)?;
        Ok((access, o.handle_count, o.pointer_count))
    }

    /// The type of the object behind a handle (`NtQueryObject(ObjectTypeInformation)`).
    pub fn object_type(&self, pid: Pid, handle: Handle) -> Result<ObjectType> {
        let (id, _) = self.resolve_handle(pid, handle)?;
        let host = self.host_ref(self.live_process(pid)?.spec.host)?;
        host.objects
            .get(id)
            .map(|o| o.body.object_type())
            .ok_or(Win32Error::INVALID_HANDLE)
    }
}
