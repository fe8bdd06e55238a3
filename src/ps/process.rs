//! A simulated process: identity, security context, handle table, address space, threads.

use std::collections::BTreeSet;
use std::fmt;

use super::thread::Teb;
use crate::mm::address_space::AddressSpace;
use crate::ob::handle_table::HandleTable;

/// A process id (multiple of 4, unique in the whole `System`, never reused).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Pid(pub u32);

impl fmt::Display for Pid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// Mandatory integrity level of a process token (MS docs "Mandatory Integrity Control").
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub enum Integrity {
    /// Low (sandboxed browsers, app containers).
    Low,
    /// Medium: a standard user's processes.
    #[default]
    Medium,
    /// High: elevated administrators.
    High,
    /// System: services running as LocalSystem.
    System,
}

impl Integrity {
    /// Lowercase name, as the scenario language writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            Integrity::Low => "low",
            Integrity::Medium => "medium",
            Integrity::High => "high",
            Integrity::System => "system",
        }
    }

    /// Parses `low|medium|high|system`.
    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "low" => Integrity::Low,
            "medium" => Integrity::Medium,
            "high" => Integrity::High,
            "system" => Integrity::System,
            _ => return None,
        })
    }
}

/// Privileges the engine consults.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Privilege {
    /// SeCreateGlobalPrivilege: create file mappings in `Global\` from a session other than 0
    /// (catalog J1).
    CreateGlobal,
    /// SeLockMemoryPrivilege: SEC_LARGE_PAGES sections (catalog C10, J4).
    LockMemory,
    /// SeSecurityPrivilege: ACCESS_SYSTEM_SECURITY in an open (wine `sync.c test_mutex`).
    Security,
}

impl Privilege {
    /// The `Se...Privilege` name.
    pub fn name(self) -> &'static str {
        match self {
            Privilege::CreateGlobal => "SeCreateGlobalPrivilege",
            Privilege::LockMemory => "SeLockMemoryPrivilege",
            Privilege::Security => "SeSecurityPrivilege",
        }
    }

    /// Parses a `Se...Privilege` name.
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "SeCreateGlobalPrivilege" => Some(Privilege::CreateGlobal),
            "SeLockMemoryPrivilege" => Some(Privilege::LockMemory),
            "SeSecurityPrivilege" => Some(Privilege::Security),
            _ => None,
        }
    }
}

/// What a new process is made with. `Default` is a medium-integrity process of user `user` in
/// session 1 on the first host, with no privileges and no parent.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProcessSpec {
    /// A human name (image name) for traces and dumps.
    pub name: String,
    /// The host it runs on (index into `System::hosts`, 0 = `local`).
    pub host: usize,
    /// Terminal-services session id (default 1; services run in 0).
    pub session: u32,
    /// Token integrity level.
    pub integrity: Integrity,
    /// Token user name.
    pub user: String,
    /// Enabled privileges.
    pub privileges: BTreeSet<Privilege>,
    /// App container name (recorded; enforced in a later issue).
    pub app_container: Option<String>,
    /// App container capabilities (e.g. `codeGeneration`), recorded.
    pub capabilities: BTreeSet<String>,
    /// Creator; with `inherit_handles` the child gets its inheritable handles.
    pub parent: Option<Pid>,
    /// `CreateProcess(bInheritHandles)`.
    pub inherit_handles: bool,
}

impl Default for ProcessSpec {
    fn default() -> Self {
        ProcessSpec {
            name: "process".into(),
            host: 0,
            session: 1,
            integrity: Integrity::Medium,
            user: "user".into(),
            privileges: BTreeSet::new(),
            app_container: None,
            capabilities: BTreeSet::new(),
            parent: None,
            inherit_handles: false,
        }
    }
}

impl ProcessSpec {
    /// A default spec with this name.
    pub fn named(name: &str) -> Self {
        ProcessSpec {
            name: name.into(),
            ..ProcessSpec::default()
        }
    }
}

/// A live or exited process.
#[derive(Clone, Debug)]
pub(crate) struct Process {
    pub pid: Pid,
    pub spec: ProcessSpec,
    /// The process object in its host's object table (referenced while the process runs).
    pub object: crate::ob::object::ObjectId,
    pub handles: HandleTable,
    pub address_space: AddressSpace,
    pub threads: Vec<Teb>,
    /// Boundary descriptors (user-mode heap structures), by their fake address.
    pub boundaries:
        std::collections::BTreeMap<u64, crate::ob::private_namespace::BoundaryDescriptor>,
    /// `Some(code)` once the process has exited.
    pub exit_code: Option<u32>,
    /// Mutexes this process has owned since it last released them: what its exit abandons
    /// (catalog G10), without a scan of every object. Entries whose mutex has since died or
    /// changed owner are skipped at exit.
    pub owned_mutexes: std::collections::BTreeSet<crate::ob::object::ObjectId>,
    /// The descriptor its new objects get without an explicit one (built on first use, then
    /// shared by all of them: issue #11).
    pub default_security: Option<std::sync::Arc<crate::ob::security::SecurityDescriptor>>,
    /// Its token as access checks read it (built on first use from the spec, which does not
    /// change after spawn; shared, so that a create or open copies no user name: issue #11).
    pub token: Option<std::sync::Arc<crate::ob::security::Token>>,
    /// The directory its Win32 names resolve in (catalog A1, J9): its session's
    /// BaseNamedObjects, or its app container's directory. Both are permanent and made by
    /// spawn, so they are found once there, not per call (issue #11). On CE (one flat
    /// namespace, catalog K7) the global directory, unused.
    pub names_root: crate::ob::object::ObjectId,
    /// Its last granted access check, answered again without the DACL walk (issue #11).
    pub access_memo: crate::ob::security::AccessMemo,
}

impl Process {
    pub fn has_privilege(&self, p: Privilege) -> bool {
        self.spec.privileges.contains(&p)
    }
}
