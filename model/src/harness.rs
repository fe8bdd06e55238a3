//! The model and the engine side by side.
//!
//! [`Harness::step`] resolves an [`Op`] against the model, applies the resulting [`Call`] to
//! the model (the prediction) and to a `winsection::System` through the Win32 facade, and
//! compares: return values and out-parameters, the caller's last error, read-back bytes, then
//! the observable state of the whole machine (every handle's object, type, granted access,
//! handle and pointer counts, NT name and section info; every process's address space region by region;
//! file sizes, existence and each file handle's byte-range locks; last errors; commit
//! charge), and finally `System::check()`.
//! Handle values and view addresses are compared directly: the model reproduces the engine's
//! documented choices (lowest free handle first from 4; first-fit 64 KiB placement from
//! 0x1000_0000).
//!
//! This module depends only on the crate, `winsection` and the op vocabulary (no proptest), so
//! fuzz targets can use it. It never panics.

use std::collections::BTreeSet;

use winsection::win32::{
    MEMORY_BASIC_INFORMATION, OBJECT_BASIC_INFORMATION, SECTION_BASIC_INFORMATION,
    SECTION_IMAGE_INFORMATION, SECURITY_ATTRIBUTES,
};
use winsection::{
    Exception, Handle, ObjectType, Pid, Privilege, ProcessSpec, System, SystemConfig,
};

use crate::op::{Op, Resolve, APP_CONTAINERS};
use crate::spec::handles::value_of;
use crate::spec::*;

/// The model and the engine, in step.
#[derive(Clone, Debug)]
pub struct Harness {
    /// The engine.
    pub sys: System,
    /// The reference model.
    pub model: Model,
    /// Calls made so far.
    pub steps: usize,
    /// How often the whole machine is audited: 1 (the default) audits, after every step, the
    /// processes the call involved; N > 1 audits the whole machine every N steps (and
    /// [`Harness::check_full`] at the end), which is what the `ops` fuzz target uses to keep
    /// its executions short (issue #11). A divergence persists in the state, so it is still
    /// found, at most N steps late.
    pub audit_period: usize,
}

impl Default for Harness {
    fn default() -> Self {
        Harness::new()
    }
}

/// How a property-test case begins.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Start {
    /// A `windows` machine with two desktop processes in session 1 ([`Harness::new`]).
    Desktop,
    /// A CE machine with two processes.
    Ce,
    /// A `windows` machine whose first process runs in the app container `Contoso.App`
    /// (without `codeGeneration`) and whose second is a desktop process, both in session 1.
    AppContainer,
}

impl Start {
    /// How the machine `m` began (its profile, and whether its first process is an app
    /// container).
    pub fn of(m: &Model) -> Start {
        if m.ce {
            Start::Ce
        } else if m.procs.first().is_some_and(|p| p.package.is_some()) {
            Start::AppContainer
        } else {
            Start::Desktop
        }
    }
}

/// Paths whose existence the audit compares.
const AUDITED_PATHS: &[&str] = &["C:\\a.dat", "C:\\b.dat"];

/// The model's root-directory keys of [`AUDITED_PATHS`], parsed once (the audit runs often).
fn audited_keys() -> &'static [String] {
    static KEYS: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
    KEYS.get_or_init(|| {
        AUDITED_PATHS
            .iter()
            .map(|path| {
                files::parse_path(path)
                    .ok()
                    .and_then(|c| c.into_iter().next())
                    .unwrap_or_default()
            })
            .collect()
    })
}

/// How many regions of one address space the audit walks at most.
const MAX_AUDITED_REGIONS: usize = 512;

impl Harness {
    /// A fresh machine with two processes in session 1 (no privileges), as the property test
    /// and the fuzz target start.
    ///
    /// A copy of one such harness built once per thread ([`Start::Desktop`]): the fuzz target
    /// starts every input here, and copying the machine costs a fraction of building its
    /// namespace and two processes again (issue #11). `System: Clone` copies the whole state,
    /// so the copy is the machine the two steps build.
    pub fn new() -> Self {
        thread_local! {
            static FRESH: Harness = Harness::start(Start::Desktop);
        }
        FRESH.with(Harness::clone)
    }

    /// A machine as [`Start`] says, for the property test to begin from each profile.
    pub fn start(start: Start) -> Self {
        let mut h = Harness::empty();
        let spawn = |app_container| Call::Spawn {
            session: 1,
            create_global: false,
            parent: None,
            inherit_handles: false,
            app_container,
        };
        let calls = match start {
            Start::Desktop => vec![spawn(None), spawn(None)],
            Start::Ce => vec![Call::Machine { ce: true }],
            Start::AppContainer => vec![spawn(Some((0, false))), spawn(None)],
        };
        for call in calls {
            let _ = h.step_call(&call);
        }
        h
    }

    /// A fresh machine with no process.
    pub fn empty() -> Self {
        Harness {
            sys: System::new(),
            model: Model::new(),
            steps: 0,
            audit_period: 1,
        }
    }

    /// Applies `op` to both sides; `Err` describes the first disagreement.
    pub fn step(&mut self, op: &Op) -> Result<(), String> {
        let call = op.resolve(&self.model);
        self.step_call(&call)
            .map_err(|e| format!("{e}\n  op: {op:?}"))
    }

    /// Applies a concrete call to both sides; `Err` describes the first disagreement.
    pub fn step_call(&mut self, call: &Call) -> Result<(), String> {
        self.steps = self.steps.saturating_add(1);
        let must_change_nothing = crate::failed::must_change_nothing(call, self.model.ce);
        let links = self.model.links.len();
        let expected = self.model.apply(call);
        let links_changed = links != self.model.links.len();
        // The dump taken before a call that must change nothing if it fails (issue 15); in the
        // fuzz target's periodic-audit mode only on audit steps, so a step stays cheap (issue
        // 11). Only when the model predicts a failure: the dumps are compared only after a
        // failed call, and an engine outcome other than the prediction is reported below
        // anyway, so a predicted success needs no dump (a dump is most of a step's cost).
        let before = (must_change_nothing
            && crate::failed::failed(&expected)
            && (self.audit_period <= 1 || self.steps % self.audit_period == 0))
            .then(|| self.sys.dump());
        let actual = run_engine(&mut self.sys, call);
        if expected != actual {
            return Err(format!(
                "step {}: {call:?}\n  model:  {expected:?}\n  engine: {actual:?}",
                self.steps
            ));
        }
        // A failed call changes nothing but the last error (issue 15); `actual` is `expected`
        // here, so `before` was taken exactly for a failed call.
        if let Some(before) = before {
            let after = self.sys.dump();
            if after != before {
                return Err(format!(
                    "step {}: {call:?} failed but changed the machine\n  before:\n{before}\n  after:\n{after}",
                    self.steps
                ));
            }
        }
        let audited = if self.audit_period <= 1 {
            self.audit_step(call, links_changed)
        } else if self.steps % self.audit_period == 0 {
            self.audit()
        } else {
            self.audit_charge()
        };
        audited.map_err(|e| format!("step {}: after {call:?}: {e}", self.steps))?;
        self.sys.check_touched().map_err(|e| {
            format!(
                "step {}: after {call:?}: System::check_touched: {e}",
                self.steps
            )
        })
    }

    /// The whole-machine invariant check (`System::check`), for the end of a sequence: each
    /// step runs the cheap `check_touched`, so a long sequence is not quadratic (issue #11).
    pub fn check_full(&self) -> Result<(), String> {
        self.audit()
            .map_err(|e| format!("after step {}: {e}", self.steps))?;
        self.sys
            .check()
            .map_err(|e| format!("after step {}: System::check: {e}", self.steps))
    }

    /// The audit after one step: the commit charge, the processes the call involved (caller,
    /// DuplicateHandle target, a new process) and, after a CreateFile or DeleteFile or when the
    /// model's directory entries changed, the audited paths. The whole machine is audited by [`Harness::check_full`] at the
    /// end of a sequence, which catches what a step did to uninvolved processes (a divergence
    /// persists in the state); auditing everything after every step made long sequences
    /// quadratic (issue #11).
    fn audit_step(&self, call: &Call, links_changed: bool) -> Result<(), String> {
        let m = &self.model;
        self.audit_charge()?;
        let names_files = matches!(
            call,
            Call::CreateFile { .. }
                | Call::CreateFileDeleteOnClose { .. }
                | Call::DeleteFile { .. }
                | Call::CopyFile { .. }
                | Call::MoveFileEx { .. }
        );
        if links_changed || names_files {
            self.audit_files()?;
        }
        let mut involved = Vec::with_capacity(2);
        involved.extend(call.pid());
        match call {
            Call::DuplicateHandle {
                target: DupTarget::Pid(t),
                ..
            } => involved.push(*t),
            Call::Spawn { .. } => involved.extend(m.procs.last().map(|p| p.pid)),
            Call::OpenProcess { target, .. } => involved.push(*target),
            Call::MapView3 { .. } => return self.audit(),
            // Another process's memory may change through a process handle.
            Call::Alloc { api, .. } if !matches!(api, AllocCall::Plain | AllocCall::Two(0)) => {
                return self.audit()
            }
            Call::Free {
                process: Some(_), ..
            }
            | Call::Unmap2 { .. }
            | Call::VirtualProtectEx { .. } => return self.audit(),
            Call::WriteProcessMemory { .. } => return self.audit(),
            Call::Machine { .. } => return self.audit(),
            _ => {}
        }
        for p in m.procs.iter().filter(|p| involved.contains(&p.pid)) {
            self.audit_process(p)?;
        }
        Ok(())
    }

    /// Compares the observable state of the machine with the model's.
    pub fn audit(&self) -> Result<(), String> {
        let m = &self.model;
        self.audit_charge()?;
        self.audit_files()?;
        for p in &m.procs {
            self.audit_process(p)?;
        }
        Ok(())
    }

    /// The commit charge of the first host.
    fn audit_charge(&self) -> Result<(), String> {
        let charge = self.sys.hosts().first().map_or(0, |h| h.commit_charge());
        if charge != self.model.commit_charge {
            return Err(format!(
                "commit charge: model {:#x}, engine {charge:#x}",
                self.model.commit_charge
            ));
        }
        Ok(())
    }

    /// The audited paths exist in the engine exactly when they do in the model.
    fn audit_files(&self) -> Result<(), String> {
        let m = &self.model;
        let sys = &self.sys;
        for (path, key) in AUDITED_PATHS.iter().zip(audited_keys()) {
            let model_exists = m.links.contains_key(key);
            let engine_exists = sys.file_exists(0, path);
            if model_exists != engine_exists {
                return Err(format!(
                    "{path} exists: model {model_exists}, engine {engine_exists}"
                ));
            }
        }
        Ok(())
    }

    /// One process: running state, last error, handles and address space.
    fn audit_process(&self, p: &Proc) -> Result<(), String> {
        let sys = &self.sys;
        let pid = Pid(p.pid);
        if sys.is_running(pid) != p.alive {
            return Err(format!("process {} running: model {}", p.pid, p.alive));
        }
        let last_error = sys.teb(pid).map_or(0, |t| t.last_error);
        if last_error != p.last_error {
            return Err(format!(
                "process {} last error: model {}, engine {last_error}",
                p.pid, p.last_error
            ));
        }
        if p.alive {
            self.audit_handles(p)?;
            self.audit_memory(p)?;
        }
        Ok(())
    }

    fn audit_handles(&self, p: &Proc) -> Result<(), String> {
        let m = &self.model;
        let sys = &self.sys;
        let pid = Pid(p.pid);
        let top = p
            .handles
            .keys()
            .next_back()
            .map_or(0, |s| s.saturating_add(1));
        for slot in 0..=top {
            let value = value_of(slot);
            let h = Handle(value);
            let engine = sys.object_basic_information(pid, h);
            let Some(e) = p.handles.get(&slot) else {
                if engine.is_ok() {
                    return Err(format!(
                        "process {}: the engine has handle {value:#x}, the model none",
                        p.pid
                    ));
                }
                continue;
            };
            let Ok((access, handle_count, pointer_count)) = engine else {
                return Err(format!(
                    "process {}: handle {value:#x} missing in the engine",
                    p.pid
                ));
            };
            let o = m
                .objects
                .get(&e.object)
                .ok_or_else(|| format!("model handle {value:#x} has no object"))?;
            let what = HandleAt(p.pid, value);
            if access != e.access {
                return Err(format!(
                    "{what}: granted access model {:#x}, engine {access:#x}",
                    e.access
                ));
            }
            if handle_count != o.handle_count {
                return Err(format!(
                    "{what}: handle count model {}, engine {handle_count}",
                    o.handle_count
                ));
            }
            // NtQueryObject's PointerCount: handles and kernel references (object_info.rs).
            let pointers = o.handle_count.saturating_add(o.kernel_refs);
            if pointer_count != pointers {
                return Err(format!(
                    "{what}: pointer count model {pointers}, engine {pointer_count}"
                ));
            }
            let ty = sys.object_type(pid, h).ok();
            let want = match o.kind.kind() {
                Kind::Section => ObjectType::Section,
                Kind::Event => ObjectType::Event,
                Kind::Mutex => ObjectType::Mutant,
                Kind::Process => ObjectType::Process,
                Kind::File => ObjectType::File,
                Kind::Directory => ObjectType::Directory,
            };
            if ty != Some(want) {
                return Err(format!("{what}: type model {want:?}, engine {ty:?}"));
            }
            let name = sys.object_name(pid, h).ok().flatten();
            let model_name = m.object_path(e.object);
            if name != model_name {
                return Err(format!(
                    "{what}: name model {model_name:?}, engine {name:?}"
                ));
            }
            let flags = sys.handle_information(pid, h).ok();
            if flags != Some(e.flags()) {
                return Err(format!(
                    "{what}: flags model {:#x}, engine {flags:?}",
                    e.flags()
                ));
            }
            match &o.kind {
                ObjKind::Section(s) if e.access & SECTION_QUERY != 0 => {
                    let info = sys
                        .query_section(pid, h)
                        .map_err(|err| format!("{what}: NtQuerySection failed: {err}"))?;
                    let size = s.queried_size();
                    if (info.size, info.attributes, info.protection)
                        != (size, s.attributes, s.protection)
                    {
                        return Err(format!(
                            "{what}: section (size, attributes, protection) model ({:#x}, {:#x}, {:#x}), engine ({:#x}, {:#x}, {:#x})",
                            size, s.attributes, s.protection, info.size, info.attributes, info.protection
                        ));
                    }
                }
                ObjKind::File(f) => {
                    let size = sys.get_file_size(pid, h).ok();
                    let model_size = m.files.get(&f.node).map(|n| n.size);
                    if size != model_size {
                        return Err(format!(
                            "{what}: file size model {model_size:?}, engine {size:?}"
                        ));
                    }
                    let locks = sys.file_locks(pid, h).unwrap_or_default();
                    let model_locks = m.locks_held(e.object);
                    if locks != model_locks {
                        return Err(format!(
                            "{what}: locks (offset, length, exclusive) model {model_locks:?}, engine {locks:?}"
                        ));
                    }
                }
                _ => {}
            }
        }
        Ok(())
    }

    fn audit_memory(&self, p: &Proc) -> Result<(), String> {
        let pid = Pid(p.pid);
        let mut address = MIN_APPLICATION_ADDRESS;
        let mut seen = BTreeSet::new();
        for _ in 0..MAX_AUDITED_REGIONS {
            if address > MAX_APPLICATION_ADDRESS || !seen.insert(address) {
                break;
            }
            let model = self
                .model
                .virtual_query(p.pid, address)
                .map_err(|e| format!("model VirtualQuery({address:#x}) failed: {e}"))?;
            let engine = self
                .sys
                .virtual_query(pid, address)
                .map(|m| mbi(&m))
                .map_err(|e| format!("engine VirtualQuery({address:#x}) failed: {e}"))?;
            if model != engine {
                return Err(format!(
                    "process {} VirtualQuery({address:#x}):\n  model:  {model:?}\n  engine: {engine:?}",
                    p.pid
                ));
            }
            if model.region_size == 0 {
                break;
            }
            address = address.saturating_add(model.region_size);
        }
        Ok(())
    }
}

fn mbi(m: &MEMORY_BASIC_INFORMATION) -> Mbi {
    Mbi {
        base_address: m.BaseAddress,
        allocation_base: m.AllocationBase,
        allocation_protect: m.AllocationProtect,
        region_size: m.RegionSize,
        state: m.State,
        protect: m.Protect,
        kind: m.Type,
    }
}

fn image_info(i: &SECTION_IMAGE_INFORMATION) -> image::ImageInfo {
    image::ImageInfo {
        transfer_address: i.TransferAddress,
        zero_bits: i.ZeroBits,
        maximum_stack_size: i.MaximumStackSize,
        committed_stack_size: i.CommittedStackSize,
        subsystem_type: i.SubSystemType,
        subsystem_minor_version: i.SubSystemMinorVersion,
        subsystem_major_version: i.SubSystemMajorVersion,
        major_operating_system_version: i.MajorOperatingSystemVersion,
        minor_operating_system_version: i.MinorOperatingSystemVersion,
        image_characteristics: i.ImageCharacteristics,
        dll_characteristics: i.DllCharacteristics,
        machine: i.Machine,
        image_contains_code: i.ImageContainsCode,
        image_flags: i.ImageFlags,
        loader_flags: i.LoaderFlags,
        image_file_size: i.ImageFileSize,
        checksum: i.CheckSum,
    }
}

/// `winsection::fuzzing::fresh_machine(sys, ce, "model")`. A machine of the default
/// configuration is a copy of one built once per thread and profile, whose invariants were
/// checked once (`System::check`): the `ops` fuzz target asks for a fresh machine about once
/// per input, and copying costs a fraction of building the namespace and two processes and
/// rechecking them (issue #11). Another configuration (the host-memory backend of
/// `backends_agree`, a commit limit) is built each time.
fn fresh_machine(sys: &System, ce: bool) -> System {
    let is_default = sys.config()
        == &SystemConfig {
            profile: sys.config().profile,
            ..SystemConfig::default()
        };
    if !is_default {
        return winsection::fuzzing::fresh_machine(sys, ce, "model");
    }
    thread_local! {
        static FRESH: [System; 2] = [false, true].map(|ce| {
            let mut fresh = winsection::fuzzing::fresh_machine(&System::new(), ce, "model");
            // A broken fresh machine keeps its touched logs, so the step's `check_touched`
            // looks at the copy again, and `Harness::check_full` checks it whole.
            if fresh.check().is_ok() {
                let _ = fresh.check_touched();
            }
            fresh
        });
    }
    FRESH.with(|[windows, ce_machine]| if ce { ce_machine } else { windows }.clone())
}

fn fault(e: Exception) -> Fault {
    match e {
        Exception::AccessViolation { address, write } => Fault::AccessViolation { address, write },
        Exception::GuardPage { address } => Fault::GuardPage { address },
    }
}

fn sa(inherit: bool) -> Option<SECURITY_ATTRIBUTES> {
    inherit.then(|| SECURITY_ATTRIBUTES::inherit(true))
}

/// Runs a call on the engine through the Win32 facade.
pub fn run_engine(sys: &mut System, call: &Call) -> Outcome {
    let Some(pid) = call.pid() else {
        let value = match call {
            Call::Spawn {
                session,
                create_global,
                parent,
                inherit_handles,
                app_container,
            } => {
                let mut spec = ProcessSpec::named("model");
                spec.session = *session;
                if *create_global {
                    spec.privileges.insert(Privilege::CreateGlobal);
                }
                spec.parent = parent.map(Pid);
                spec.inherit_handles = *inherit_handles;
                if let Some((k, code_generation)) = app_container {
                    spec.app_container = APP_CONTAINERS.get(*k).map(|(n, _)| n.to_string());
                    if *code_generation {
                        spec.capabilities.insert("codeGeneration".to_string());
                    }
                }
                Value::Spawned(sys.spawn(spec).map(|p| p.0).map_err(|e| e.code()))
            }
            Call::Machine { ce } => {
                *sys = fresh_machine(sys, *ce);
                Value::Nothing
            }
            _ => Value::Nothing,
        };
        return Outcome {
            value,
            last_error: 0,
        };
    };
    let mut w = sys.win32(Pid(pid));
    let value = match call {
        Call::Noop | Call::Spawn { .. } | Call::Machine { .. } => Value::Nothing,
        Call::Exit { .. } => {
            w.ExitProcess(0);
            Value::Nothing
        }
        Call::CreateFileMapping {
            file,
            fl_protect,
            size,
            name,
            inherit,
            ..
        } => Value::Handle(w.CreateFileMappingW(
            *file,
            sa(*inherit).as_ref(),
            *fl_protect,
            (*size >> 32) as u32,
            *size as u32,
            name.as_deref(),
        )),
        Call::OpenFileMapping {
            access,
            inherit,
            name,
            ..
        } => Value::Handle(w.OpenFileMappingW(*access, i32::from(*inherit), name.as_deref())),
        Call::CreateEvent { name, inherit, .. } => {
            Value::Handle(w.CreateEventW(sa(*inherit).as_ref(), 0, 0, name.as_deref()))
        }
        Call::CreateMutex { name, inherit, .. } => {
            Value::Handle(w.CreateMutexW(sa(*inherit).as_ref(), 0, name.as_deref()))
        }
        Call::OpenEvent { access, name, .. } => {
            Value::Handle(w.OpenEventW(*access, 0, name.as_deref()))
        }
        Call::CloseHandle { handle, .. } => Value::Bool(w.CloseHandle(*handle)),
        Call::DuplicateHandle {
            handle,
            target,
            access,
            inherit,
            options,
            ..
        } => {
            let mut out = 0;
            let r = match target {
                // GetCurrentProcess() and NULL as the target process handle.
                DupTarget::Current | DupTarget::Null => {
                    let target = if *target == DupTarget::Current { -1 } else { 0 };
                    w.DuplicateHandle(
                        -1,
                        *handle,
                        target,
                        Some(&mut out),
                        *access,
                        i32::from(*inherit),
                        *options,
                    )
                }
                // Another process: the engine call behind DuplicateHandle, with the facade's
                // last-error convention (set on failure, unchanged on success).
                DupTarget::Pid(t) => {
                    match w.system().duplicate_between(
                        Pid(pid),
                        Handle(*handle as u64),
                        Pid(*t),
                        *access,
                        *inherit,
                        *options,
                    ) {
                        Ok(h) => {
                            out = h.value() as isize;
                            1
                        }
                        Err(e) => {
                            w.SetLastError(e.code());
                            0
                        }
                    }
                }
            };
            Value::Duplicated(r, out)
        }
        Call::SetHandleInformation {
            handle,
            mask,
            flags,
            ..
        } => Value::Bool(w.SetHandleInformation(*handle, *mask, *flags)),
        Call::GetHandleInformation { handle, .. } => {
            let mut flags = 0;
            let r = w.GetHandleInformation(*handle, Some(&mut flags));
            Value::Flags(r, flags)
        }
        Call::MapView {
            handle,
            access,
            offset,
            size,
            base,
            ..
        } => Value::Address(w.MapViewOfFileEx(
            *handle,
            *access,
            (*offset >> 32) as u32,
            *offset as u32,
            *size,
            *base,
        )),
        Call::Unmap { address, .. } => Value::Bool(w.UnmapViewOfFile(*address)),
        Call::VirtualQuery { address, .. } => {
            let mut m = MEMORY_BASIC_INFORMATION::default();
            let n = w.VirtualQuery(*address, Some(&mut m), 48);
            Value::Query(n, mbi(&m))
        }
        Call::VirtualProtect {
            address,
            size,
            protect,
            ..
        } => {
            let mut old = 0;
            let r = w.VirtualProtect(*address, *size, *protect, Some(&mut old));
            Value::Protect(r, old)
        }
        Call::VirtualAlloc {
            address,
            size,
            protect,
            ..
        } => Value::Address(w.VirtualAlloc(*address, *size, MEM_COMMIT, *protect)),
        Call::Read { address, .. } => Value::Read(match w.read(*address, 1) {
            Ok(Ok(bytes)) => bytes
                .first()
                .map_or(Access::Error(u32::MAX), |b| Access::Done(*b)),
            Ok(Err(e)) => Access::Fault(fault(e)),
            Err(e) => Access::Error(e.code()),
        }),
        Call::Write { address, value, .. } => Value::Write(match w.write(*address, &[*value]) {
            Ok(Ok(())) => Access::Done(()),
            Ok(Err(e)) => Access::Fault(fault(e)),
            Err(e) => Access::Error(e.code()),
        }),
        Call::CreateFile {
            path,
            access,
            share,
            disposition,
            inherit,
            ..
        } => Value::Handle(w.CreateFileW(
            path.as_deref(),
            *access,
            *share,
            sa(*inherit).as_ref(),
            *disposition,
            0,
            0,
        )),
        Call::WriteFile {
            handle, value, len, ..
        } => {
            let buffer = vec![*value; usize::try_from(*len).unwrap_or(0)];
            let mut written = 0;
            let r = w.WriteFile(*handle, &buffer, *len, Some(&mut written));
            Value::Written(r, written)
        }
        Call::ReadFile { handle, len, .. } => {
            let mut buffer = vec![0u8; usize::try_from(*len).unwrap_or(0)];
            let mut read = 0;
            let r = w.ReadFile(*handle, &mut buffer, *len, Some(&mut read));
            buffer.truncate(usize::try_from(read).unwrap_or(0));
            Value::FileRead(r, read, buffer)
        }
        Call::CompareObjectHandles { first, second, .. } => {
            Value::Bool(w.CompareObjectHandles(*first, *second))
        }
        Call::SetFilePointer {
            handle, position, ..
        } => {
            let mut high = (*position >> 32) as i32;
            let r = w.SetFilePointer(
                *handle,
                *position as u32 as i32,
                Some(&mut high),
                FILE_BEGIN,
            );
            Value::Dword(r, high as u32)
        }
        Call::SetEndOfFile { handle, .. } => Value::Bool(w.SetEndOfFile(*handle)),
        Call::GetFileSize { handle, .. } => {
            let mut high = 0;
            let r = w.GetFileSize(*handle, Some(&mut high));
            Value::Dword(r, high)
        }
        Call::DeleteFile { path, .. } => Value::Bool(w.DeleteFileW(path.as_deref())),
        Call::CreateFileForMapping {
            path,
            access,
            disposition,
            ..
        } => Value::Handle(w.CreateFileForMapping(
            path.as_deref(),
            *access,
            0,
            None,
            *disposition,
            0,
            0,
        )),
        Call::OpenFileMappingFromApp {
            access,
            inherit,
            name,
            ..
        } => Value::Handle(w.OpenFileMappingFromApp(*access, i32::from(*inherit), name.as_deref())),
        Call::VirtualProtectFromApp {
            address,
            size,
            protect,
            ..
        } => {
            let mut old = 0;
            let r = w.VirtualProtectFromApp(*address, *size, *protect, Some(&mut old));
            Value::Protect(r, old)
        }
        Call::ExtendSection { handle, size, .. } => {
            let mut size = *size;
            let status = w.NtExtendSection(*handle, Some(&mut size));
            Value::Extended(status, size)
        }
        Call::QuerySection { handle, .. } => {
            let mut info = SECTION_BASIC_INFORMATION::default();
            let status = w.NtQuerySection(*handle, Some(&mut info));
            Value::SectionInfo(status, info.AllocationAttributes, info.MaximumSize)
        }
        Call::MappedFilesSame { first, second, .. } => {
            Value::Status(w.NtAreMappedFilesTheSame(*first, *second))
        }
        Call::OpenProcess {
            target,
            access,
            inherit,
            ..
        } => Value::Handle(w.OpenProcess(*access, i32::from(*inherit), *target)),
        Call::ReadProcessMemory {
            process, address, ..
        } => {
            let (mut buffer, mut n) = ([0u8; 1], 0);
            let r = w.ReadProcessMemory(*process, *address, &mut buffer, 1, Some(&mut n));
            Value::ProcessMemory(r, n, buffer.first().copied().filter(|_| r != 0))
        }
        Call::WriteProcessMemory {
            process,
            address,
            value,
            ..
        } => {
            let mut n = 0;
            let r = w.WriteProcessMemory(*process, *address, &[*value], 1, Some(&mut n));
            Value::ProcessMemory(r, n, None)
        }
        Call::VirtualQueryEx {
            process, address, ..
        } => {
            let mut m = MEMORY_BASIC_INFORMATION::default();
            let n = w.VirtualQueryEx(*process, *address, Some(&mut m), 48);
            Value::Query(n, mbi(&m))
        }
        Call::MapView3 {
            handle,
            process,
            base,
            offset,
            size,
            allocation,
            protect,
            ..
        } => Value::Address(w.MapViewOfFile3(
            *handle,
            *process,
            *base,
            *offset,
            *size,
            *allocation,
            *protect,
        )),
        Call::GetFileAttributes { path, .. } => {
            Value::Dword(w.GetFileAttributesW(path.as_deref()), 0)
        }
        Call::CopyFile {
            from,
            to,
            fail_if_exists,
            ..
        } => Value::Bool(w.CopyFileW(from.as_deref(), to.as_deref(), i32::from(*fail_if_exists))),
        Call::MoveFileEx {
            from, to, flags, ..
        } => Value::Bool(w.MoveFileExW(from.as_deref(), to.as_deref(), *flags)),
        Call::LockFileEx {
            handle,
            flags,
            offset,
            length,
            ..
        } => Value::Bool(w.LockFileEx(
            *handle,
            *flags,
            0,
            *length as u32,
            (*length >> 32) as u32,
            *offset,
        )),
        Call::UnlockFileEx {
            handle,
            offset,
            length,
            ..
        } => {
            Value::Bool(w.UnlockFileEx(*handle, 0, *length as u32, (*length >> 32) as u32, *offset))
        }
        Call::SetFileInformation {
            handle,
            class,
            info,
            size,
            ..
        } => Value::Bool(w.SetFileInformationByHandle(*handle, *class, info, *size)),
        Call::CreateFileDeleteOnClose {
            path,
            access,
            share,
            disposition,
            ..
        } => Value::Handle(w.CreateFileW(
            path.as_deref(),
            *access,
            *share,
            None,
            *disposition,
            FILE_FLAG_DELETE_ON_CLOSE,
            0,
        )),
        Call::WriteImage { handle, image, .. } => {
            let bytes = image.bytes();
            let len = u32::try_from(bytes.len()).unwrap_or(u32::MAX);
            let (mut high, mut written) = (0, 0);
            w.SetFilePointer(*handle, 0, Some(&mut high), FILE_BEGIN);
            let r = w.WriteFile(*handle, &bytes, len, Some(&mut written));
            Value::Written(r, written)
        }
        Call::QueryObject { handle, .. } => {
            let mut info = OBJECT_BASIC_INFORMATION::default();
            let status = w.NtQueryObject(*handle, Some(&mut info));
            Value::ObjectInfo(
                status,
                [
                    info.Attributes,
                    info.GrantedAccess,
                    info.HandleCount,
                    info.PointerCount,
                ],
            )
        }
        Call::QuerySectionImage { handle, .. } => {
            let mut info = SECTION_IMAGE_INFORMATION::default();
            let status = w.NtQuerySectionImage(*handle, Some(&mut info));
            Value::ImageInfo(status, Box::new(image_info(&info)))
        }
        Call::CreateFileMappingFromApp {
            file,
            protect,
            size,
            name,
            inherit,
            ..
        } => Value::Handle(w.CreateFileMappingFromApp(
            *file,
            sa(*inherit).as_ref(),
            *protect,
            *size,
            name.as_deref(),
        )),
        Call::MapViewFromApp {
            handle,
            access,
            offset,
            size,
            ..
        } => Value::Address(w.MapViewOfFileFromApp(*handle, *access, *offset, *size)),
        Call::VirtualAllocFromApp {
            address,
            size,
            protect,
            ..
        } => Value::Address(w.VirtualAllocFromApp(*address, *size, MEM_COMMIT, *protect)),
        Call::Alloc {
            api,
            address,
            size,
            allocation,
            protect,
            ..
        } => Value::Address(match api {
            AllocCall::Plain => w.VirtualAlloc(*address, *size, *allocation, *protect),
            AllocCall::Ex(h) => w.VirtualAllocEx(*h, *address, *size, *allocation, *protect),
            AllocCall::Two(h) => w.VirtualAlloc2(*h, *address, *size, *allocation, *protect),
        }),
        Call::Free {
            process,
            address,
            size,
            free_type,
            ..
        } => Value::Bool(match process {
            None => w.VirtualFree(*address, *size, *free_type),
            Some(h) => w.VirtualFreeEx(*h, *address, *size, *free_type),
        }),
        Call::Unmap2 {
            process,
            address,
            flags,
            ..
        } => Value::Bool(w.UnmapViewOfFile2(*process, *address, *flags)),
        Call::VirtualProtectEx {
            process,
            address,
            size,
            protect,
            ..
        } => {
            let mut old = 0;
            let r = w.VirtualProtectEx(*process, *address, *size, *protect, Some(&mut old));
            Value::Protect(r, old)
        }
    };
    let last_error = w.GetLastError();
    Outcome { value, last_error }
}

/// "process P handle H", formatted only when a disagreement is reported.
struct HandleAt(u32, u64);

impl std::fmt::Display for HandleAt {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "process {} handle {:#x}", self.0, self.1)
    }
}
