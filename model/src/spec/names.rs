//! Win32 object names -> the NT namespace (catalog A1-A17).
//!
//! The Win32 named-object APIs build an NT name relative to the caller's session
//! `BaseNamedObjects` directory (`\Sessions\N\BaseNamedObjects`; session 0 uses
//! `\BaseNamedObjects`), which holds the links `Global` -> `\BaseNamedObjects`, `Local` -> itself
//! and `Session` -> `\Sessions\BNOLINKS` (whose entries `0`, `1`, ... point at each session's
//! directory). Lookups are case-sensitive (catalog A, introduction; MS docs "Kernel object
//! namespaces").

use super::*;

/// A directory Win32 names can reach.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Dir {
    /// `\BaseNamedObjects`: the global namespace, and session 0's own.
    Global,
    /// `\Sessions\N\BaseNamedObjects` for N >= 1.
    Session(u32),
    /// `\Sessions\BNOLINKS`.
    BnoLinks,
    /// `\Sessions\N\AppContainerNamedObjects`, the directory of a session's app-container
    /// directories (catalog J9).
    AppContainers(u32),
    /// `\Sessions\N\AppContainerNamedObjects\<SID>`: the named-object directory of the
    /// app container `APP_CONTAINERS[k]` in session N (catalog J9; MS docs
    /// "GetAppContainerNamedObjectPath").
    AppContainer(u32, usize),
}

/// The app-container SID of the k-th package of the vocabulary.
pub fn package_sid(k: usize) -> &'static str {
    crate::op::APP_CONTAINERS.get(k).map_or("", |(_, sid)| sid)
}

/// The link an app container's session directory gets, and the name of the directory of its
/// app-container directories.
pub const APP_CONTAINER_NAMED_OBJECTS: &str = "AppContainerNamedObjects";

impl Dir {
    /// The directory's NT path (catalog A1: `NtQueryObject(ObjectNameInformation)` reports
    /// `\Sessions\<N>\BaseNamedObjects\X`).
    pub fn path(self) -> String {
        match self {
            Dir::Global => r"\BaseNamedObjects".to_string(),
            Dir::Session(n) => format!(r"\Sessions\{n}\BaseNamedObjects"),
            Dir::BnoLinks => r"\Sessions\BNOLINKS".to_string(),
            Dir::AppContainers(n) => format!(r"\Sessions\{n}\{APP_CONTAINER_NAMED_OBJECTS}"),
            Dir::AppContainer(n, k) => {
                format!(
                    r"\Sessions\{n}\{APP_CONTAINER_NAMED_OBJECTS}\{}",
                    package_sid(k)
                )
            }
        }
    }
}

/// A1, A3 flag: a caller's unprefixed names live in its session's directory; session 0's
/// directory *is* `\BaseNamedObjects` ("Service applications ... use the global namespace by
/// default", MS docs "Kernel object namespaces").
pub fn session_dir(session: u32) -> Dir {
    if session == 0 {
        Dir::Global
    } else {
        Dir::Session(session)
    }
}

/// What a path names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Target {
    Dir(Dir),
    Object(u64),
}

/// The result of a lookup.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Lookup {
    /// The name exists.
    Found(Target),
    /// Every directory on the path exists; the last component does not.
    Missing { dir: Dir, component: String },
}

/// The longest relative name in UTF-16 units a UNICODE_STRING can carry (65534 bytes).
const MAX_NAME_UNITS: usize = 32767;

/// A17: a relative name of 32766 UTF-16 units works; 32767 (65534 bytes) is
/// STATUS_OBJECT_NAME_INVALID -> ERROR_INVALID_NAME; longer cannot become a UNICODE_STRING
/// (STATUS_NAME_TOO_LONG -> ERROR_FILENAME_EXCED_RANGE, A19; engine choice for the latter).
pub fn check_name_length(name: &str) -> Result<(), u32> {
    let units = name.encode_utf16().count();
    if units > MAX_NAME_UNITS {
        Err(ERROR_FILENAME_EXCED_RANGE)
    } else if units == MAX_NAME_UNITS {
        Err(ERROR_INVALID_NAME)
    } else {
        Ok(())
    }
}

impl Model {
    /// The symbolic links of a directory (A2, A3, A6): `Global`, `Local`, `Session` in every
    /// BaseNamedObjects directory; in `\Sessions\BNOLINKS`, one entry per existing session
    /// (its decimal number). A link to a session that does not exist is absent, so
    /// `Session\99\X` fails ERROR_PATH_NOT_FOUND (A6 flag).
    ///
    /// App containers (catalog J9): a session's BaseNamedObjects directory gets the link
    /// `AppContainerNamedObjects` -> `\Sessions\N\AppContainerNamedObjects` with the session's
    /// first app-container process (session 0's BaseNamedObjects is `\BaseNamedObjects`); that
    /// directory holds one directory per app container started in the session, named by its
    /// SID; an app container's directory holds `Global` -> `\BaseNamedObjects`, `Local` ->
    /// itself and `Session` -> `\Sessions\BNOLINKS`, as a BaseNamedObjects does.
    fn link(&self, dir: Dir, component: &str) -> Option<Dir> {
        match dir {
            Dir::Global | Dir::Session(_) => match component {
                "Global" => Some(Dir::Global),
                "Local" => Some(dir),
                "Session" => Some(Dir::BnoLinks),
                APP_CONTAINER_NAMED_OBJECTS => {
                    let session = match dir {
                        Dir::Session(n) => n,
                        _ => 0,
                    };
                    self.app_container_links
                        .contains(&session)
                        .then_some(Dir::AppContainers(session))
                }
                _ => None,
            },
            Dir::AppContainer(..) => match component {
                "Global" => Some(Dir::Global),
                "Local" => Some(dir),
                "Session" => Some(Dir::BnoLinks),
                _ => None,
            },
            Dir::AppContainers(session) => self
                .app_containers
                .iter()
                .find(|(s, k)| *s == session && package_sid(*k) == component)
                .map(|(s, k)| Dir::AppContainer(*s, *k)),
            Dir::BnoLinks => self
                .sessions
                .iter()
                .find(|s| s.to_string() == component)
                .map(|&s| session_dir(s)),
        }
    }

    /// Where a process's relative names start: its app container's directory, else its
    /// session's BaseNamedObjects (catalog A1, J9).
    pub fn name_root(&self, p: &Proc) -> Dir {
        match p.package {
            Some(k) => Dir::AppContainer(p.session, k),
            None => session_dir(p.session),
        }
    }

    /// Resolves a Win32 object name for the running process `pid`. On a CE machine (catalog
    /// K6, K7; "CreateFileMapping (Windows CE 5.0)": a name is "any character except the
    /// backslash", one global namespace): a backslash is STATUS_OBJECT_NAME_INVALID ->
    /// ERROR_INVALID_NAME; `""` is a name like any other; a name is an entry of the one global
    /// directory. Engine choice: that directory is `\BaseNamedObjects`, which still holds its
    /// `Global`, `Local` and `Session` links, so those three names are taken by directories.
    pub fn lookup_for(&self, pid: u32, name: &str) -> Result<Lookup, u32> {
        let p = self.live(pid)?;
        if !self.ce {
            return self.lookup_name(self.name_root(p), name);
        }
        check_name_length(name)?;
        if name.contains('\\') {
            return Err(ERROR_INVALID_NAME);
        }
        // One flat namespace with no links and no sessions: `Global`, `Local` and `Session`
        // are plain names on CE (K7; the CE CreateFileMapping page knows no prefixes).
        let entry = self.names.get(&(Dir::Global, name.to_string()));
        Ok(match entry {
            Some(&id) => Lookup::Found(Target::Object(id)),
            None => Lookup::Missing {
                dir: Dir::Global,
                component: name.to_string(),
            },
        })
    }

    /// An entry of a directory: a link or a named object.
    fn dir_entry(&self, dir: Dir, component: &str) -> Option<Target> {
        if let Some(d) = self.link(dir, component) {
            return Some(Target::Dir(d));
        }
        self.names
            .get(&(dir, component.to_string()))
            .map(|&id| Target::Object(id))
    }

    /// Resolves a Win32 object name relative to `root` (catalog A1-A10, A14, A17):
    /// - a leading backslash is an absolute name with a root directory: ERROR_BAD_PATHNAME (A8);
    /// - `""` names the session directory itself (A14: a type mismatch for Open*);
    /// - components are split at backslashes; an empty component (`Global\\X`, `X\`) is
    ///   STATUS_OBJECT_NAME_INVALID -> ERROR_INVALID_NAME (A10); a missing or non-directory
    ///   intermediate component is ERROR_PATH_NOT_FOUND (A5, A7, A9);
    /// - names are case-sensitive, so `global\X` is a sub-directory that does not exist (A5,
    ///   A12).
    ///
    /// Engine choice on a detail no source fixes: an empty component is reported before the
    /// check that the previous component is a directory (`X\` with X a section -> 123).
    pub fn lookup_name(&self, root: Dir, name: &str) -> Result<Lookup, u32> {
        check_name_length(name)?;
        if name.starts_with('\\') {
            return Err(ERROR_BAD_PATHNAME);
        }
        if name.is_empty() {
            return Ok(Lookup::Found(Target::Dir(root)));
        }
        let components: Vec<&str> = name.split('\\').collect();
        let count = components.len();
        let mut current = Target::Dir(root);
        for (i, component) in components.into_iter().enumerate() {
            if component.is_empty() {
                return Err(ERROR_INVALID_NAME);
            }
            let Target::Dir(dir) = current else {
                return Err(ERROR_PATH_NOT_FOUND);
            };
            let last = i + 1 == count;
            match self.dir_entry(dir, component) {
                None if last => {
                    return Ok(Lookup::Missing {
                        dir,
                        component: component.to_string(),
                    })
                }
                None => return Err(ERROR_PATH_NOT_FOUND),
                Some(t) if last => return Ok(Lookup::Found(t)),
                Some(t) => current = t,
            }
        }
        Ok(Lookup::Found(current))
    }

    /// The NT path of a named object, None for an anonymous one (A1).
    pub fn object_path(&self, id: u64) -> Option<String> {
        let (dir, component) = self.objects.get(&id)?.name.as_ref()?;
        Some(format!(r"{}\{}", dir.path(), component))
    }

    /// The kind of what a lookup found.
    pub(crate) fn target_kind(&self, t: Target) -> Option<Kind> {
        match t {
            Target::Dir(_) => Some(Kind::Directory),
            Target::Object(id) => self.objects.get(&id).map(|o| o.kind.kind()),
        }
    }
}
