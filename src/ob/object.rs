//! Kernel objects and the object table: each object has a handle count and a pointer count,
//! exactly as in the NT object manager.
//!
//! *Handle count*: open handles in every process. *Pointer count*: handles plus kernel
//! references (a mapped view references its section, a section its file). The name goes with the
//! last handle; the object goes with the last pointer (catalog G, "Lifetime"; Windows Internals
//! ch. 8 "Object retention").

use std::hash::BuildHasher;

use slotmap::SlotMap;

use super::object_name::ObjectName;

/// A directory's entries: `(hash of the component, object)` in a hashbrown table. The name is
/// not a key here: a lookup compares the wanted component against the candidate object's own
/// name (`NameLink::component`, inline in its slot), so a name is stored once and a hit reads
/// the table and the object, which the caller reads anyway (issue #11: no separate key block to
/// miss on among 1M names). A large directory's table sits in huge pages (`LargeTableAlloc`).
pub(crate) type DirectoryEntries =
    hashbrown::HashTable<(u64, ObjectId), crate::huge_pages::LargeTableAlloc>;

/// The hash of a name component: a fixed hasher, so that nothing varies between runs.
fn component_hash(component: &[u8]) -> u64 {
    foldhash::fast::FixedState::default().hash_one(component)
}

slotmap::new_key_type! {
    /// Key of an object in a host's object table. Internal only: users see handle values.
    pub(crate) struct ObjectId;
}

/// Where an object's name lives: the directory and the last path component. The component is
/// stored here only: the directory's entries hold the object id and the component's hash.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct NameLink {
    pub dir: ObjectId,
    pub component: ObjectName,
}

/// A named-object directory (`\BaseNamedObjects`, `\Sessions\1\BaseNamedObjects`, ...).
#[derive(Clone, Debug, Default)]
pub(crate) struct Directory {
    /// Its entries; read them through [`ObjectTable::entry`] and
    /// [`ObjectTable::directory_entries`], which compare against each object's own name.
    pub(super) entries: DirectoryEntries,
    /// For a private namespace: its alias (the `alias` of `alias\name`).
    pub alias: Option<Box<str>>,
}

/// A symbolic link object whose target is an absolute NT path (`Global` -> `\BaseNamedObjects`).
#[derive(Clone, Debug)]
pub(crate) struct SymbolicLink {
    /// Borrowed for the fixed targets every namespace has (no allocation per fresh machine:
    /// issue #11, a fresh `System` + one process).
    pub target: std::borrow::Cow<'static, str>,
}

/// A job object. Process assignment is not modelled; it exists for the shared namespace (B1).
#[derive(Clone, Debug, Default)]
pub(crate) struct Job;

/// What the object table needs to know of an object's type-specific part (its body): whether
/// it is a directory (names live in directories). The body type itself is owned above the object
/// manager (`crate::object_body::Body`), so that `ob` names no memory-manager or file-system
/// type and the layers depend one way (issue #11).
pub(crate) trait ObjectBody {
    fn directory(&self) -> Option<&Directory>;
    fn directory_mut(&mut self) -> Option<&mut Directory>;
    fn symbolic_link(&self) -> Option<&SymbolicLink>;
    fn from_directory(d: Directory) -> Self;
    fn from_symbolic_link(l: SymbolicLink) -> Self;
}

/// One kernel object.
#[derive(Clone, Debug)]
pub(crate) struct Object<B> {
    /// Creation order within the host: a stable, human-readable identity for dumps.
    pub serial: u64,
    pub body: B,
    pub handle_count: u32,
    pub pointer_count: u32,
    pub name: Option<NameLink>,
    /// Permanent objects (the namespace's own directories and links) keep their name and
    /// memory with no handle open; the namespace holds one pointer reference to each.
    pub permanent: bool,
    /// Owner, DACL and label of named-object types (None: no access check). Shared: every
    /// object a process creates without an explicit descriptor holds its one default.
    pub security: Option<std::sync::Arc<super::security::SecurityDescriptor>>,
}

/// The object table of one host.
#[derive(Clone, Debug)]
pub(crate) struct ObjectTable<B> {
    objects: SlotMap<ObjectId, Object<B>>,
    next_serial: u64,
    /// How many live private-namespace directories carry each alias: a name `alias\rest`
    /// whose alias no private namespace on the host carries needs no look at the caller's
    /// handles (issue #11: `Local\`/`Global\` names must not scan the handle table).
    private_aliases: hashbrown::HashMap<Box<str>, u32, foldhash::fast::FixedState>,
    /// Objects changed since the last `System::check_touched` (at most `TOUCH_LIMIT`; past it
    /// `touched_overflow` is set and the next cheap check is a full one).
    touched: Vec<ObjectId>,
    touched_overflow: bool,
}

/// How many changed objects a table remembers between two cheap checks.
const TOUCH_LIMIT: usize = 1024;

/// Room a new table makes at once: a host's namespace (directories, links, a session's
/// directories) and a first process fit, so a fresh machine does not regrow the table and its
/// touched list step by step (issue #11: a fresh `System` + one process).
const FRESH_OBJECTS: usize = 32;

impl<B> Default for ObjectTable<B> {
    fn default() -> Self {
        ObjectTable {
            objects: SlotMap::with_capacity_and_key(FRESH_OBJECTS),
            next_serial: 0,
            private_aliases: Default::default(),
            touched: Vec::with_capacity(2 * FRESH_OBJECTS),
            touched_overflow: false,
        }
    }
}

impl<B: ObjectBody> ObjectTable<B> {
    /// Inserts a new object with no references yet (the caller adds the first one).
    pub fn insert(&mut self, body: B, permanent: bool) -> ObjectId {
        self.next_serial = self.next_serial.saturating_add(1);
        if let Some(alias) = body.directory().and_then(|d| d.alias.as_ref()) {
            let n = self.private_aliases.entry(alias.clone()).or_default();
            *n = n.saturating_add(1);
        }
        let id = self.objects.insert(Object {
            serial: self.next_serial,
            body,
            handle_count: 0,
            pointer_count: u32::from(permanent),
            name: None,
            permanent,
            security: None,
        });
        self.touch(id);
        id
    }

    pub fn get(&self, id: ObjectId) -> Option<&Object<B>> {
        self.objects.get(id)
    }

    pub fn get_mut(&mut self, id: ObjectId) -> Option<&mut Object<B>> {
        self.touch(id);
        self.objects.get_mut(id)
    }

    /// Remembers that `id` changed, for `System::check_touched`.
    fn touch(&mut self, id: ObjectId) {
        if self.touched.len() < TOUCH_LIMIT {
            self.touched.push(id);
        } else {
            self.touched_overflow = true;
        }
    }

    /// The objects changed since the last call, and whether some were not remembered.
    pub fn take_touched(&mut self) -> (Vec<ObjectId>, bool) {
        (
            std::mem::take(&mut self.touched),
            std::mem::take(&mut self.touched_overflow),
        )
    }

    /// Hands back the list `take_touched` gave, emptied, to keep its allocation.
    pub fn recycle_touched(&mut self, mut ids: Vec<ObjectId>) {
        if self.touched.is_empty() {
            ids.clear();
            self.touched = ids;
        }
    }

    pub fn iter(&self) -> impl Iterator<Item = (ObjectId, &Object<B>)> {
        self.objects.iter()
    }

    /// Adds a handle reference (handle count and pointer count both rise: a handle is also a
    /// pointer reference in NT).
    pub fn add_handle_ref(&mut self, id: ObjectId) {
        self.touch(id);
        if let Some(o) = self.objects.get_mut(id) {
            o.handle_count = o.handle_count.saturating_add(1);
            o.pointer_count = o.pointer_count.saturating_add(1);
        }
    }

    /// Adds a kernel (pointer-only) reference, e.g. a mapped view.
    pub fn add_pointer_ref(&mut self, id: ObjectId) {
        self.touch(id);
        if let Some(o) = self.objects.get_mut(id) {
            o.pointer_count = o.pointer_count.saturating_add(1);
        }
    }

    /// Drops a handle reference. When the handle count reaches zero the name is removed from
    /// its directory (temporary objects, catalog G1). Returns the object if that was also the
    /// last pointer reference: the caller releases whatever it referenced.
    pub fn release_handle_ref(&mut self, id: ObjectId) -> Option<Object<B>> {
        self.touch(id);
        let (unname, destroy) = match self.objects.get_mut(id) {
            Some(o) => {
                o.handle_count = o.handle_count.saturating_sub(1);
                o.pointer_count = o.pointer_count.saturating_sub(1);
                (o.handle_count == 0 && !o.permanent, o.pointer_count == 0)
            }
            None => return None,
        };
        if unname {
            self.unlink_name(id);
        }
        if destroy {
            self.take(id)
        } else {
            None
        }
    }

    /// Removes an object from the table, and its alias from the alias index.
    fn take(&mut self, id: ObjectId) -> Option<Object<B>> {
        let object = self.objects.remove(id)?;
        if let Some(alias) = object.body.directory().and_then(|d| d.alias.as_ref()) {
            if let Some(n) = self.private_aliases.get_mut(alias) {
                *n = n.saturating_sub(1);
                if *n == 0 {
                    self.private_aliases.remove(alias);
                }
            }
        }
        Some(object)
    }

    /// Whether some live private namespace on this host has the alias `alias`.
    pub fn has_private_alias(&self, alias: &str) -> bool {
        self.private_aliases.contains_key(alias)
    }

    /// Live private-namespace directories per alias (for `System::check`).
    pub fn private_alias_counts(&self) -> impl Iterator<Item = (&str, u32)> {
        self.private_aliases.iter().map(|(a, n)| (&**a, *n))
    }

    /// Drops a kernel reference; returns the object when it was the last reference.
    pub fn release_pointer_ref(&mut self, id: ObjectId) -> Option<Object<B>> {
        self.touch(id);
        let destroy = match self.objects.get_mut(id) {
            Some(o) => {
                o.pointer_count = o.pointer_count.saturating_sub(1);
                o.pointer_count == 0
            }
            None => return None,
        };
        if destroy {
            self.unlink_name(id);
            self.take(id)
        } else {
            None
        }
    }

    /// Removes an object nothing references yet (its creation could not complete).
    pub fn remove_unreferenced(&mut self, id: ObjectId) -> Option<Object<B>> {
        if self.objects.get(id).is_some_and(|o| o.pointer_count == 0) {
            self.take(id)
        } else {
            None
        }
    }

    /// Links `id` into `dir` under `component`. The caller has checked the name is free.
    /// A name in a temporary directory (a private namespace) holds a pointer reference on the
    /// directory, as NT's object headers do, so the directory outlives its handles while named
    /// objects live in it.
    pub fn link_name(&mut self, id: ObjectId, dir: ObjectId, component: &str) {
        self.touch(id);
        self.touch(dir);
        let hash = component_hash(component.as_bytes());
        if let Some(d) = self.objects.get_mut(dir) {
            if let Some(entries) = d.body.directory_mut() {
                entries.entries.insert_unique(hash, (hash, id), |e| e.0);
                if !d.permanent {
                    d.pointer_count = d.pointer_count.saturating_add(1);
                }
            }
        }
        if let Some(o) = self.objects.get_mut(id) {
            o.name = Some(NameLink {
                dir,
                component: ObjectName::new(component),
            });
        }
    }

    /// The object named `component` in directory `dir`. A candidate entry is confirmed
    /// against the object's own name (same directory, same bytes: lookups are case-sensitive,
    /// catalog A12).
    pub fn entry(&self, dir: ObjectId, component: &str) -> Option<ObjectId> {
        let entries = &self.objects.get(dir)?.body.directory()?.entries;
        let wanted = component.as_bytes();
        let hash = component_hash(wanted);
        entries
            .find(hash, |&(h, id)| {
                h == hash
                    && self
                        .objects
                        .get(id)
                        .and_then(|o| o.name.as_ref())
                        .is_some_and(|l| l.dir == dir && l.component.as_bytes() == wanted)
            })
            .map(|&(_, id)| id)
    }

    /// The entries of directory `dir` as (component, object), in no particular order; an entry
    /// whose object does not name itself so (a broken table, which `System::check` reports)
    /// reads as `None`.
    pub fn directory_entries(
        &self,
        dir: ObjectId,
    ) -> impl Iterator<Item = (Option<&str>, ObjectId)> + '_ {
        let entries = self
            .objects
            .get(dir)
            .and_then(|o| o.body.directory())
            .map(|d| d.entries.iter())
            .into_iter()
            .flatten();
        entries.map(move |&(hash, id)| {
            let name = self
                .objects
                .get(id)
                .and_then(|o| o.name.as_ref())
                .filter(|l| l.dir == dir && component_hash(l.component.as_bytes()) == hash)
                .map(|l| l.component.as_str());
            (name, id)
        })
    }

    /// Removes an object's name now (ClosePrivateNamespace with DESTROY).
    pub fn unlink(&mut self, id: ObjectId) {
        self.unlink_name(id);
    }

    fn unlink_name(&mut self, id: ObjectId) {
        self.touch(id);
        let Some(link) = self.objects.get_mut(id).and_then(|o| o.name.take()) else {
            return;
        };
        self.touch(link.dir);
        let mut dead_dir = false;
        if let Some(d) = self.objects.get_mut(link.dir) {
            if let Some(entries) = d.body.directory_mut() {
                let hash = component_hash(link.component.as_bytes());
                if let Ok(entry) = entries.entries.find_entry(hash, |e| *e == (hash, id)) {
                    entry.remove();
                    if !d.permanent {
                        d.pointer_count = d.pointer_count.saturating_sub(1);
                        dead_dir = d.pointer_count == 0;
                    }
                }
            }
        }
        if dead_dir {
            self.unlink_name(link.dir);
            self.take(link.dir);
        }
    }
}
