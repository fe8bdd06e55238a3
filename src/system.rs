//! `System`: one simulated machine, or a network of hosts.
//!
//! Everything is owned here: hosts (each with its object table and namespace), and processes
//! (each with its handle table and address space). No clock, no host addresses, no randomness:
//! the same calls give the same handles, addresses and errors on every run.

use std::collections::BTreeMap;

use crate::error::{Result, Win32Error};
use crate::io::cache::FileCaches;
use crate::io::storage::{Disk, Storage};
use crate::mm::section::Backing;
use crate::ob::namespace::Namespace;
use crate::ob::object::ObjectId;
use crate::object_body::{Body, Object, ObjectTable};
use crate::ps::{Pid, Process, ProcessSpec, Teb};
use crate::rule::{RuleId, RuleSet};

/// Which Windows the machine behaves as.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Profile {
    /// Current Windows 10/11 desktop semantics.
    #[default]
    Windows,
    /// Windows CE 5 rules (DESIGN.md "Profiles"; README "Windows CE").
    Ce,
}

/// How a `System` is made.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SystemConfig {
    /// Behaviour profile.
    pub profile: Profile,
    /// Commit limit of each host in bytes (`None`: no limit). SEC_COMMIT sections charge their
    /// whole size at creation, SEC_RESERVE ones as pages are committed (catalog C12).
    pub commit_limit: Option<u64>,
    /// Capacity of the first host's disk in bytes (`None`: unlimited). Growth beyond it fails
    /// with ERROR_DISK_FULL (catalog D6).
    pub disk_capacity: Option<u64>,
    /// Where pages live: simulated (default) or host memory (views are real memory).
    pub memory: crate::mm::backend::MemoryBackend,
}

impl Default for SystemConfig {
    /// A desktop machine with a 32 GiB commit limit (RAM plus page file of a typical PC), so a
    /// 1 TiB SEC_COMMIT section fails with ERROR_COMMITMENT_LIMIT as on Windows (catalog C13).
    fn default() -> Self {
        SystemConfig {
            profile: Profile::Windows,
            commit_limit: Some(32 << 30),
            disk_capacity: None,
            memory: crate::mm::backend::MemoryBackend::Simulated,
        }
    }
}

/// Index of a host in `System::hosts` (0 is `local`).
pub type HostId = usize;

/// One computer: its own kernel object table, namespace and commit accounting.
#[derive(Clone, Debug)]
pub struct Host {
    /// Host name (`local` for the first).
    pub name: String,
    pub(crate) objects: ObjectTable,
    pub(crate) namespace: Namespace,
    pub(crate) commit_limit: Option<u64>,
    pub(crate) commit_charge: u64,
    /// This host's caches of files (local and remote), by file.
    pub(crate) caches: FileCaches,
}

impl Host {
    /// A host with the namespace of `profile`: session 1's directories on Windows (the
    /// interactive session exists before any process), one flat namespace on CE, which has no
    /// sessions (catalog K7).
    fn new(name: &str, commit_limit: Option<u64>, profile: Profile) -> Self {
        let mut objects = ObjectTable::default();
        let ce = profile == Profile::Ce;
        let mut namespace = Namespace::new(&mut objects, ce);
        if !ce {
            namespace.session_bno(&mut objects, 1);
        }
        Host {
            name: name.into(),
            objects,
            namespace,
            commit_limit,
            commit_charge: 0,
            caches: FileCaches::new(),
        }
    }

    /// Bytes of commit charged now.
    pub fn commit_charge(&self) -> u64 {
        self.commit_charge
    }

    /// Charges `bytes` of commit, or fails with ERROR_COMMITMENT_LIMIT (catalog C12).
    pub(crate) fn charge_commit(&mut self, bytes: u64) -> Result<()> {
        let total = self
            .commit_charge
            .checked_add(bytes)
            .ok_or(Win32Error::COMMITMENT_LIMIT)?;
        if self.commit_limit.is_some_and(|limit| total > limit) {
            return Err(crate::error::NtStatus::COMMITMENT_LIMIT.by(RuleId::C13));
        }
        self.commit_charge = total;
        Ok(())
    }

    pub(crate) fn uncharge_commit(&mut self, bytes: u64) {
        self.commit_charge = self.commit_charge.saturating_sub(bytes);
    }
}

/// One simulated machine (or network of machines).
///
/// `Clone` copies the machine (a fuzzer snapshots a state and forks from it): pages are shared
/// copy-on-write, so the cost is the tables, not the memory.
#[derive(Clone, Debug)]
pub struct System {
    pub(crate) config: SystemConfig,
    pub(crate) hosts: Vec<Host>,
    pub(crate) processes: BTreeMap<Pid, Process>,
    pub(crate) storage: Storage,
    next_pid: u32,
    /// The most handles one process may hold (see [`System::set_handle_limit`]).
    pub(crate) handle_limit: usize,
    /// Host mirrors of the address spaces (host memory backend only).
    #[cfg(target_os = "linux")]
    pub(crate) host_views: crate::mm::host_window::HostViews,
    /// Processes changed since the last `check_touched` (bounded, as the object tables'
    /// lists are; past the bound `touched_overflow` makes the next cheap check a full one).
    pub(crate) touched_pids: Vec<Pid>,
    pub(crate) touched_overflow: bool,
    /// The catalogue rules the calls so far exercised (`winsection run --coverage`): engine
    /// decision points add theirs with [`System::hit`], the win32 facade adds a failed call's
    /// [`Win32Error::rule`]. A fixed bitset: recording is one OR.
    pub(crate) rules_hit: RuleSet,
}

/// How many changed processes a `System` remembers between two cheap checks.
const TOUCH_LIMIT: usize = 256;

impl Default for System {
    fn default() -> Self {
        System::new()
    }
}

impl System {
    /// A `windows`-profile machine with one host, `local`, and the default commit limit.
    pub fn new() -> Self {
        System::with_config(SystemConfig::default())
    }

    /// A machine made with `config`.
    pub fn with_config(config: SystemConfig) -> Self {
        let local = Host::new("local", config.commit_limit, config.profile);
        let storage = Storage::new(config.disk_capacity);
        System {
            config,
            hosts: vec![local],
            processes: BTreeMap::new(),
            storage,
            next_pid: 0x100,
            handle_limit: crate::ob::handle_table::MAX_HANDLES,
            #[cfg(target_os = "linux")]
            host_views: Default::default(),
            touched_pids: Vec::new(),
            touched_overflow: false,
            rules_hit: RuleSet::new(),
        }
    }

    /// Records that catalogue rule `rule` decided what a call did (success paths; a failure's
    /// rule travels in its [`Win32Error`]).
    #[inline]
    pub(crate) fn hit(&mut self, rule: RuleId) {
        self.rules_hit.insert(rule);
    }

    /// The rules exercised since the machine was made or [`System::take_rules_hit`] last ran.
    pub fn rules_hit(&self) -> RuleSet {
        self.rules_hit
    }

    /// The rules exercised since the last call of this function (or since the machine was
    /// made), clearing the record: a caller that takes it after each call attributes rules to
    /// calls.
    pub fn take_rules_hit(&mut self) -> RuleSet {
        std::mem::take(&mut self.rules_hit)
    }

    /// Records the rule a failed call's error names (the win32 facade calls this for every
    /// failure it returns).
    #[inline]
    pub(crate) fn hit_error(&mut self, e: Win32Error) {
        if let Some(rule) = e.rule() {
            self.rules_hit.insert(rule);
        }
    }

    /// Lowers the per-process handle limit (Windows' is 2^24, the default; larger values are
    /// clamped to it). A full handle table is where every create path must fail cleanly with
    /// ERROR_NO_SYSTEM_RESOURCES; a small limit lets a test or a fuzzer reach it in a few calls
    /// instead of sixteen million.
    pub fn set_handle_limit(&mut self, limit: usize) {
        self.handle_limit = limit.min(crate::ob::handle_table::MAX_HANDLES);
    }

    /// The configuration this machine was made with.
    pub fn config(&self) -> &SystemConfig {
        &self.config
    }

    /// Adds another computer on the same network, with a disk of `disk_capacity` bytes
    /// (`None`: unlimited); returns its id.
    pub fn add_host(&mut self, name: &str, disk_capacity: Option<u64>) -> Result<HostId> {
        if self.hosts.iter().any(|h| h.name.eq_ignore_ascii_case(name)) {
            return Err(Win32Error::ALREADY_EXISTS);
        }
        self.hosts.push(Host::new(
            name,
            self.config.commit_limit,
            self.config.profile,
        ));
        self.touched_overflow = true;
        self.storage.disks.push(Disk::new(disk_capacity));
        Ok(self.hosts.len() - 1)
    }

    /// The hosts, `local` first.
    pub fn hosts(&self) -> &[Host] {
        &self.hosts
    }

    /// Finds a host by name (case-insensitive, as computer names are).
    pub fn host_id(&self, name: &str) -> Option<HostId> {
        self.hosts
            .iter()
            .position(|h| h.name.eq_ignore_ascii_case(name))
    }

    /// Starts a process. With `parent` and `inherit_handles`, every inheritable handle of the
    /// parent is copied to the child at the same value with the same access and the inherit flag
    /// (MS docs "Handle Inheritance"; catalog I6).
    pub fn spawn(&mut self, spec: ProcessSpec) -> Result<Pid> {
        let host_id = spec.host;
        let host = self
            .hosts
            .get_mut(host_id)
            .ok_or(Win32Error::INVALID_PARAMETER)?;
        let inherited = match spec.parent {
            Some(parent) => {
                let p = self
                    .processes
                    .get(&parent)
                    .ok_or(Win32Error::INVALID_HANDLE)?;
                if p.exit_code.is_some() || p.spec.host != host_id {
                    return Err(Win32Error::INVALID_HANDLE);
                }
                if spec.inherit_handles {
                    p.handles
                        .iter()
                        .filter(|(_, e)| e.inherit)
                        .map(|(h, e)| (h, *e))
                        .collect()
                } else {
                    Vec::new()
                }
            }
            None => Vec::new(),
        };
        // CE has no sessions and no app containers (catalog K7): names live in the one flat
        // namespace whatever the spec says.
        let ce = self.config.profile == Profile::Ce;
        let mut names_root = host.namespace.global_bno;
        if !ce {
            names_root = host.namespace.session_bno(&mut host.objects, spec.session);
        }
        if let Some(name) = spec.app_container.as_ref().filter(|_| !ce) {
            // The app container's directory appears with its first process, and its names
            // resolve there (catalog J9).
            let sid = crate::ob::app_container::app_container_sid(name);
            names_root = host
                .namespace
                .app_container_dir(&mut host.objects, spec.session, &sid);
        }
        let pid = Pid(self.next_pid);
        self.next_pid = self
            .next_pid
            .checked_add(4)
            .ok_or(Win32Error::NO_SYSTEM_RESOURCES)?;
        let object = host.objects.insert(Body::Process(pid), false);
        host.objects.add_pointer_ref(object);
        let mut process = Process {
            pid,
            object,
            spec,
            handles: Default::default(),
            address_space: Default::default(),
            threads: vec![Teb {
                tid: pid.0.saturating_add(4),
                last_error: 0,
            }],
            exit_code: None,
            boundaries: Default::default(),
            owned_mutexes: Default::default(),
            default_security: None,
            token: None,
            names_root,
            access_memo: Default::default(),
        };
        for (value, entry) in inherited {
            if process.handles.insert_at(value, entry) {
                host.objects.add_handle_ref(entry.object);
            }
        }
        if process.handles.len() != 0 {
            // Inheritable handles are copied at the same values (catalog I6).
            self.rules_hit.insert(RuleId::I6);
        }
        if process.spec.session != 1 {
            // The session decides the default namespace (catalog J15).
            self.rules_hit.insert(RuleId::J15);
        }
        self.processes.insert(pid, process);
        self.touch_process(pid);
        Ok(pid)
    }

    /// Ends a process: every handle closes and every view unmaps (catalog G10). The process
    /// stays listed as exited so that its exit code can be read.
    pub fn exit_process(&mut self, pid: Pid, code: u32) -> Result<()> {
        let process = self.live_process_mut(pid)?;
        process.exit_code = Some(code);
        let host_id = process.spec.host;
        let object = process.object;
        let handles = process.handles.drain();
        let regions = process.address_space.drain();
        // Exit closes every handle and unmaps every view (catalog G10).
        self.rules_hit.insert(RuleId::G10);
        for (_, entry) in handles {
            self.release_handle_ref(host_id, entry.object);
        }
        for region in regions {
            self.release_region(host_id, region);
        }
        self.abandon_mutexes(host_id, pid);
        self.release_pointer_ref(host_id, object);
        Ok(())
    }

    /// Process ids in creation order.
    pub fn processes(&self) -> impl Iterator<Item = Pid> + '_ {
        self.processes.keys().copied()
    }

    /// The process named `name` (the first one, if several share it).
    pub fn process_by_name(&self, name: &str) -> Option<Pid> {
        self.processes
            .values()
            .find(|p| p.spec.name == name)
            .map(|p| p.pid)
    }

    /// How a process was made.
    pub fn process_spec(&self, pid: Pid) -> Option<&ProcessSpec> {
        self.processes.get(&pid).map(|p| &p.spec)
    }

    /// Exit code of an exited process; None while it runs (or if unknown).
    pub fn exit_code(&self, pid: Pid) -> Option<u32> {
        self.processes.get(&pid).and_then(|p| p.exit_code)
    }

    /// Whether the process exists and has not exited.
    pub fn is_running(&self, pid: Pid) -> bool {
        self.processes
            .get(&pid)
            .is_some_and(|p| p.exit_code.is_none())
    }

    /// A process's first thread (its TEB), for the win32 facade's last-error value.
    pub fn teb(&self, pid: Pid) -> Option<&Teb> {
        self.processes.get(&pid).and_then(|p| p.threads.first())
    }

    /// Mutable access to a process's first thread's TEB.
    pub fn teb_mut(&mut self, pid: Pid) -> Option<&mut Teb> {
        self.processes
            .get_mut(&pid)
            .and_then(|p| p.threads.first_mut())
    }

    pub(crate) fn live_process(&self, pid: Pid) -> Result<&Process> {
        match self.processes.get(&pid) {
            Some(p) if p.exit_code.is_none() => Ok(p),
            _ => Err(Win32Error::INVALID_HANDLE),
        }
    }

    /// Remembers that a process changed, for `check_touched`. The same process again (a loop
    /// of accesses to one process's memory) is remembered once, so the log does not fill and
    /// turn the next cheap check into a full one.
    #[inline]
    pub(crate) fn touch_process(&mut self, pid: Pid) {
        #[cfg(target_os = "linux")]
        self.host_views.note_process(pid);
        if self.touched_pids.last() == Some(&pid) {
            return;
        }
        if self.touched_pids.len() < TOUCH_LIMIT {
            self.touched_pids.push(pid);
        } else {
            self.touched_overflow = true;
        }
    }

    pub(crate) fn live_process_mut(&mut self, pid: Pid) -> Result<&mut Process> {
        self.touch_process(pid);
        match self.processes.get_mut(&pid) {
            Some(p) if p.exit_code.is_none() => Ok(p),
            _ => Err(Win32Error::INVALID_HANDLE),
        }
    }

    /// A running process, its host and the storage, borrowed together.
    pub(crate) fn parts_mut(
        &mut self,
        pid: Pid,
    ) -> Result<(&mut Process, &mut Host, &mut Storage)> {
        self.parts_and_rules_mut(pid).map(|(p, h, s, _)| (p, h, s))
    }

    /// `parts_mut`, with the machine's record of the catalogue rules applied, for an access
    /// whose result borrows the machine (`memory_mut`).
    pub(crate) fn parts_and_rules_mut(
        &mut self,
        pid: Pid,
    ) -> Result<(&mut Process, &mut Host, &mut Storage, &mut RuleSet)> {
        self.touch_process(pid);
        let process = self
            .processes
            .get_mut(&pid)
            .filter(|p| p.exit_code.is_none());
        let process = process.ok_or(Win32Error::INVALID_HANDLE)?;
        let host = self
            .hosts
            .get_mut(process.spec.host)
            .ok_or(Win32Error::INVALID_HANDLE)?;
        Ok((process, host, &mut self.storage, &mut self.rules_hit))
    }

    /// Drops a handle reference on an object and destroys it (and what it references) when
    /// that was the last reference.
    pub(crate) fn release_handle_ref(&mut self, host: usize, id: ObjectId) {
        let Some(h) = self.hosts.get_mut(host) else {
            return;
        };
        // Lifetime rules (catalog G1, G3, G4): the last handle takes the name with it, even
        // while views keep the object; any other handle keeps the name.
        if let Some(o) = h.objects.get(id).filter(|o| !o.permanent()) {
            let named = o.name.is_some();
            let last_handle = o.handle_count <= 1;
            let views_left = o.pointer_count > o.handle_count;
            let is_section = matches!(o.body, Body::Section(_));
            if named && last_handle {
                self.rules_hit.insert(RuleId::G1);
                if !is_section {
                    // A clashing object's name goes with its last handle too (B6).
                    self.rules_hit.insert(RuleId::B6);
                }
            } else if named {
                self.rules_hit.insert(RuleId::G3);
            }
            if last_handle && views_left && is_section {
                self.rules_hit.insert(RuleId::G4);
            }
        }
        match h.objects.release_handle_ref(id) {
            Some(object) => {
                if let Body::File(f) = &object.body {
                    self.file_cleanup(host, id, f.file, f.flags);
                }
                self.destroy(host, id, object);
            }
            None => {
                let closed = h.objects.get(id).filter(|o| o.handle_count == 0);
                if let Some(Body::File(f)) = closed.map(|o| &o.body) {
                    let (file, flags) = (f.file, f.flags);
                    self.file_cleanup(host, id, file, flags);
                }
            }
        }
    }

    /// Drops a kernel reference (a view's on its section), destroying the object if last.
    pub(crate) fn release_pointer_ref(&mut self, host: usize, id: ObjectId) {
        let dead = self
            .hosts
            .get_mut(host)
            .and_then(|h| h.objects.release_pointer_ref(id));
        if let Some(object) = dead {
            self.destroy(host, id, object);
        }
    }

    /// What dies with an object: a section returns its commit charge and releases its file;
    /// a file object releases its file node. `id` is the object's id, just released: its
    /// serial (what its file's index knows it by) is still the table's.
    fn destroy(&mut self, host: usize, id: ObjectId, object: Object) {
        match object.body {
            Body::Section(section) => {
                if let Some(h) = self.hosts.get_mut(host) {
                    h.uncharge_commit(section.commit_charge);
                }
                if let Backing::File {
                    file, file_object, ..
                } = section.backing
                {
                    let serial = self
                        .hosts
                        .get(host)
                        .and_then(|h| h.objects.released_serial(id));
                    if let (Some(node), Some(serial)) = (self.storage.files.get_mut(file), serial) {
                        node.sections.remove(&(host, serial));
                    }
                    self.release_pointer_ref(host, file_object);
                }
            }
            Body::File(f) => self.file_object_destroyed(f.file),
            _ => {}
        }
    }

    /// The mutexes an exiting process owns become abandoned (catalog G10): from the process's
    /// own list, not a scan of the host's objects.
    fn abandon_mutexes(&mut self, host: usize, pid: Pid) {
        self.touch_process(pid);
        let Some(owned) = self
            .processes
            .get_mut(&pid)
            .map(|p| std::mem::take(&mut p.owned_mutexes))
        else {
            return;
        };
        let Some(h) = self.hosts.get_mut(host) else {
            return;
        };
        for id in owned {
            if let Some(Body::Mutant(m)) = h.objects.get_mut(id).map(|o| &mut o.body) {
                if m.owner == Some(pid) {
                    m.owner = None;
                    m.recursion = 0;
                    m.abandoned = true;
                }
            }
        }
    }
}
