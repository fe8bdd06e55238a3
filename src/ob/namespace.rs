//! The object namespace of one host: directories, symbolic links and path lookup.
//!
//! Layout (MS docs "Kernel object namespaces"; catalog A):
//! ```text
//! \BaseNamedObjects                  session 0's and the Global namespace
//!     Global -> \BaseNamedObjects    Local -> \BaseNamedObjects    Session -> \Sessions\BNOLINKS
//! \Sessions\BNOLINKS\N -> \Sessions\N\BaseNamedObjects   (0 -> \BaseNamedObjects)
//! \Sessions\N\BaseNamedObjects
//!     Global -> \BaseNamedObjects    Local -> \Sessions\N\BaseNamedObjects   Session -> \Sessions\BNOLINKS
//! ```
//! Lookups are case-sensitive: the Win32 layer never passes OBJ_CASE_INSENSITIVE (catalog A12).

use std::borrow::Cow;
use std::collections::BTreeMap;

use super::object::{Directory, ObjectBody, ObjectId, ObjectTable, SymbolicLink};
use crate::error::NtStatus;

/// How many symbolic links one lookup may follow before it is a loop.
const MAX_REPARSE: u32 = 32;

/// Result of looking a relative path up.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Lookup<'p> {
    /// The path names this object (symbolic links followed).
    Found(ObjectId),
    /// Every directory on the path exists; the last component (borrowed from the path) does
    /// not.
    Missing { dir: ObjectId, component: &'p str },
}

/// The permanent directories of one host's namespace.
#[derive(Clone, Debug)]
pub(crate) struct Namespace {
    pub root: ObjectId,
    pub global_bno: ObjectId,
    sessions_dir: ObjectId,
    bnolinks: ObjectId,
    /// Hidden directory holding private namespaces, each named `alias|boundary`.
    pub private_root: ObjectId,
    /// Session id -> that session's BaseNamedObjects directory.
    sessions: BTreeMap<u32, ObjectId>,
}

impl Namespace {
    /// Builds `\`, `\BaseNamedObjects` (with its links, unless `flat`), `\Sessions` and
    /// `\Sessions\BNOLINKS`. A `flat` namespace (Windows CE: one global namespace, no
    /// sessions, no prefixes; src/ob/ce_names.rs) has no `Global`/`Local`/`Session` links, so
    /// those words are names like any other there.
    pub fn new<B: ObjectBody>(objects: &mut ObjectTable<B>, flat: bool) -> Self {
        let root = objects.insert(B::from_directory(Directory::default()), true);
        let global_bno = make_dir(objects, root, "BaseNamedObjects");
        let sessions_dir = make_dir(objects, root, "Sessions");
        let bnolinks = make_dir(objects, sessions_dir, "BNOLINKS");
        let private_root = make_dir(objects, root, "PrivateNamespaces");
        let mut ns = Namespace {
            root,
            global_bno,
            sessions_dir,
            bnolinks,
            private_root,
            sessions: BTreeMap::new(),
        };
        ns.sessions.insert(0, global_bno);
        if !flat {
            make_link(objects, bnolinks, "0", r"\BaseNamedObjects");
            make_session_links(objects, global_bno, r"\BaseNamedObjects");
        }
        ns
    }

    /// The BaseNamedObjects directory of `session`, created on first use (a session's
    /// directories appear when its first process starts).
    pub fn session_bno<B: ObjectBody>(
        &mut self,
        objects: &mut ObjectTable<B>,
        session: u32,
    ) -> ObjectId {
        if let Some(&dir) = self.sessions.get(&session) {
            return dir;
        }
        let number = session.to_string();
        let session_dir = make_dir(objects, self.sessions_dir, &number);
        let bno = make_dir(objects, session_dir, "BaseNamedObjects");
        let path = format!(r"\Sessions\{number}\BaseNamedObjects");
        make_session_links(objects, bno, path.clone());
        make_link(objects, self.bnolinks, &number, path);
        self.sessions.insert(session, bno);
        bno
    }

    /// Whether `dir` is a BaseNamedObjects directory (global or a session's).
    pub fn is_base_named_objects(&self, dir: ObjectId) -> bool {
        self.sessions.values().any(|d| *d == dir)
    }

    /// Looks `path` up relative to directory `root_dir`, as `ObpLookupObjectName` does for an
    /// `OBJECT_ATTRIBUTES` with a RootDirectory (catalog A5-A10, A14, A19).
    pub fn lookup_relative<'p, B: ObjectBody>(
        &self,
        objects: &ObjectTable<B>,
        root_dir: ObjectId,
        path: &'p str,
    ) -> Result<Lookup<'p>, NtStatus> {
        if path.starts_with('\\') {
            // An absolute name together with a root directory (catalog A8).
            return Err(NtStatus::OBJECT_PATH_SYNTAX_BAD);
        }
        if path.is_empty() {
            // The directory itself (catalog A14: then a type mismatch for Open*).
            return Ok(Lookup::Found(root_dir));
        }
        let mut reparses = 0;
        self.walk(objects, root_dir, path, &mut reparses)
    }

    fn walk<'p, B: ObjectBody>(
        &self,
        objects: &ObjectTable<B>,
        start: ObjectId,
        path: &'p str,
        reparses: &mut u32,
    ) -> Result<Lookup<'p>, NtStatus> {
        let mut dir = start;
        let mut components = path.split('\\').peekable();
        while let Some(component) = components.next() {
            if component.is_empty() {
                // `Global\\X` or a doubled separator (catalog A10).
                return Err(NtStatus::OBJECT_NAME_INVALID);
            }
            let last = components.peek().is_none();
            if objects.get(dir).and_then(|o| o.body.directory()).is_none() {
                return Err(NtStatus::OBJECT_PATH_NOT_FOUND);
            }
            let entry = objects.entry(dir, component);
            let Some(found) = entry else {
                return if last {
                    Ok(Lookup::Missing { dir, component })
                } else {
                    Err(NtStatus::OBJECT_PATH_NOT_FOUND)
                };
            };
            let target = self.follow_links(objects, found, reparses)?;
            if last {
                return Ok(Lookup::Found(target));
            }
            dir = target;
        }
        Ok(Lookup::Found(dir))
    }

    /// Follows symbolic links until a non-link object.
    fn follow_links<B: ObjectBody>(
        &self,
        objects: &ObjectTable<B>,
        mut id: ObjectId,
        reparses: &mut u32,
    ) -> Result<ObjectId, NtStatus> {
        while let Some(link) = objects.get(id).and_then(|o| o.body.symbolic_link()) {
            *reparses += 1;
            if *reparses > MAX_REPARSE {
                return Err(NtStatus::OBJECT_PATH_NOT_FOUND);
            }
            let relative = link.target.trim_start_matches('\\');
            id = match self.walk(objects, self.root, relative, reparses)? {
                Lookup::Found(target) => target,
                Lookup::Missing { .. } => return Err(NtStatus::OBJECT_PATH_NOT_FOUND),
            };
        }
        Ok(id)
    }

    /// The full NT path of a named object (`NtQueryObject(ObjectNameInformation)`, catalog A1).
    pub fn full_path<B: ObjectBody>(
        &self,
        objects: &ObjectTable<B>,
        id: ObjectId,
    ) -> Option<String> {
        if id == self.root {
            return Some("\\".to_string());
        }
        // Borrowed components, one allocation for the result.
        let mut parts: Vec<&str> = Vec::new();
        let mut cur = id;
        for _ in 0..64 {
            if cur == self.root {
                let len = parts.iter().map(|p| p.len() + 1).sum();
                let mut path = String::with_capacity(len);
                for p in parts.iter().rev() {
                    path.push('\\');
                    path.push_str(p);
                }
                return Some(path);
            }
            let link = objects.get(cur)?.name.as_ref()?;
            parts.push(&link.component);
            cur = link.dir;
        }
        None
    }
}

pub(crate) fn make_dir<B: ObjectBody>(
    objects: &mut ObjectTable<B>,
    parent: ObjectId,
    name: &str,
) -> ObjectId {
    let id = objects.insert(B::from_directory(Directory::default()), true);
    objects.link_name(id, parent, name);
    id
}

pub(crate) fn make_link<B: ObjectBody>(
    objects: &mut ObjectTable<B>,
    parent: ObjectId,
    name: &str,
    target: impl Into<Cow<'static, str>>,
) {
    let id = objects.insert(
        B::from_symbolic_link(SymbolicLink {
            target: target.into(),
            permanent: true,
        }),
        true,
    );
    objects.link_name(id, parent, name);
}

/// `Global`, `Local` and `Session` inside a BaseNamedObjects directory at `own_path`.
fn make_session_links<B: ObjectBody>(
    objects: &mut ObjectTable<B>,
    bno: ObjectId,
    own_path: impl Into<Cow<'static, str>>,
) {
    make_link(objects, bno, "Global", r"\BaseNamedObjects");
    make_link(objects, bno, "Local", own_path);
    make_link(objects, bno, "Session", r"\Sessions\BNOLINKS");
}
