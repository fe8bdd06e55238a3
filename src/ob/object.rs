//! Kernel objects and the object table: each object has a handle count and a pointer count,
//! exactly as in the NT object manager.
//!
//! *Handle count*: open handles in every process. *Pointer count*: handles plus kernel
//! references (a mapped view references its section, a section its file). The name goes with the
//! last handle; the object goes with the last pointer (catalog G, "Lifetime"; Windows Internals
//! ch. 8 "Object retention").
//!
//! The table is a slot map of its own ([`Slots`]) rather than the `slotmap` crate's: each slot
//! is one 64-byte cache line holding the object and its version, and the slots sit in huge
//! pages once large (issue #11: a random open among 1M names missed on the slot's version and
//! again on the name link in the 88-byte slot's second line). Its keys behave as `slotmap`'s
//! did (same index and version rules, same `1v1` text, same order), so dumps and tests see no
//! difference.

use std::hash::{BuildHasher, Hash, Hasher};
use std::num::NonZeroU32;

use super::dir_table::DirTable;
use super::object_name::ObjectName;
use crate::huge_pages::LargeTableAlloc;

/// The tag under which a name component sits in its directory's table: 32 bits of a fixed
/// hash, so that nothing varies between runs.
fn component_tag(component: &[u8]) -> u32 {
    (foldhash::fast::FixedState::default().hash_one(component) >> 32) as u32
}

/// A slot map key: a slot index and the slot's version when the key was made (odd: the slot
/// was occupied). Laid out, compared, hashed and printed exactly as `slotmap` 1.0's
/// `KeyData` (`3v1`, `null`), which the table used before: a key's text and order are part
/// of dumps and sorted output.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct KeyData {
    idx: u32,
    version: NonZeroU32,
}

impl KeyData {
    fn new(idx: u32, version: u32) -> Self {
        KeyData {
            idx,
            version: NonZeroU32::new(version | 1).unwrap_or(NonZeroU32::MIN),
        }
    }

    /// The key that names no slot (`ObjectId::default()`).
    fn null() -> Self {
        KeyData::new(u32::MAX, 1)
    }

    fn as_ffi(self) -> u64 {
        (u64::from(self.version.get()) << 32) | u64::from(self.idx)
    }
}

impl Default for KeyData {
    fn default() -> Self {
        KeyData::null()
    }
}

impl Hash for KeyData {
    fn hash<H: Hasher>(&self, state: &mut H) {
        // One `write_u64`, as `slotmap` does, so hashed collections see the same values.
        state.write_u64(self.as_ffi());
    }
}

impl std::fmt::Debug for KeyData {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.idx == u32::MAX {
            f.write_str("null")
        } else {
            write!(f, "{}v{}", self.idx, self.version.get())
        }
    }
}

/// Key of an object in a host's object table. Internal only: users see handle values.
#[derive(Copy, Clone, Default, Eq, PartialEq, Ord, PartialOrd, Hash, Debug)]
#[repr(transparent)]
pub(crate) struct ObjectId(KeyData);

impl ObjectId {
    fn new(idx: u32, version: u32) -> Self {
        ObjectId(KeyData::new(idx, version))
    }

    /// The slot index.
    fn index(self) -> usize {
        self.0.idx as usize
    }

    fn version(self) -> u32 {
        self.0.version.get()
    }
}

/// One slot: a cache line with the value and its version. Even version: vacant (`value` is
/// `None`, `next_free` links the free list); odd: occupied.
#[repr(align(64))]
#[derive(Clone, Debug)]
struct Slot<T> {
    version: u32,
    next_free: u32,
    value: Option<T>,
}

/// The size of one slot holding `T` (for the compile-time check that an object's slot is one
/// cache line, `src/object_body.rs`).
pub(crate) const fn slot_size<T>() -> usize {
    std::mem::size_of::<Slot<T>>()
}

/// A slot map with `slotmap` 1.0's semantics: slot 0 is a sentinel never handed out, so the
/// first key is `1v1`; a removal bumps the slot's version (to even) and pushes it on a LIFO
/// free list; an insertion takes the free list's head with the next (odd) version, else a new
/// slot at version 1; a key matches only its exact version; iteration is in slot order.
#[derive(Clone, Debug)]
pub(crate) struct Slots<T> {
    slots: allocator_api2::vec::Vec<Slot<T>, LargeTableAlloc>,
    free_head: u32,
    len: u32,
}

impl<T> Slots<T> {
    pub fn with_capacity(capacity: usize) -> Self {
        let mut slots =
            allocator_api2::vec::Vec::with_capacity_in(capacity.saturating_add(1), LargeTableAlloc);
        slots.push(Slot {
            version: 0,
            next_free: 0,
            value: None,
        });
        Slots {
            slots,
            free_head: 1,
            len: 0,
        }
    }

    pub fn len(&self) -> usize {
        self.len as usize
    }

    /// Stores `value`; its key. A map of 2^32 - 1 slots (256 GiB of them, which the host's
    /// allocator refuses first) stores nothing and answers the null key.
    pub fn insert(&mut self, value: T) -> ObjectId {
        let head = self.free_head;
        if let Some(slot) = self.slots.get_mut(head as usize) {
            let version = slot.version | 1;
            self.free_head = slot.next_free;
            slot.value = Some(value);
            slot.version = version;
            slot.next_free = 0;
            self.len = self.len.saturating_add(1);
            return ObjectId::new(head, version);
        }
        let Ok(idx) = u32::try_from(self.slots.len()) else {
            return ObjectId::default();
        };
        if idx == u32::MAX {
            return ObjectId::default();
        }
        self.slots.push(Slot {
            version: 1,
            next_free: 0,
            value: Some(value),
        });
        self.free_head = idx.saturating_add(1);
        self.len = self.len.saturating_add(1);
        ObjectId::new(idx, 1)
    }

    pub fn get(&self, key: ObjectId) -> Option<&T> {
        self.slots
            .get(key.index())
            .filter(|s| s.version == key.version())
            .and_then(|s| s.value.as_ref())
    }

    pub fn get_mut(&mut self, key: ObjectId) -> Option<&mut T> {
        self.slots
            .get_mut(key.index())
            .filter(|s| s.version == key.version())
            .and_then(|s| s.value.as_mut())
    }

    /// The key and value in slot `idx`, if it is occupied.
    pub fn get_index(&self, idx: u32) -> Option<(ObjectId, &T)> {
        let slot = self.slots.get(idx as usize)?;
        Some((ObjectId::new(idx, slot.version), slot.value.as_ref()?))
    }

    /// Removes the value of `key`, if `key` is current.
    pub fn remove(&mut self, key: ObjectId) -> Option<T> {
        let free_head = self.free_head;
        let slot = self
            .slots
            .get_mut(key.index())
            .filter(|s| s.version == key.version())?;
        let value = slot.value.take()?;
        slot.next_free = free_head;
        slot.version = slot.version.wrapping_add(1);
        self.free_head = key.0.idx;
        self.len = self.len.saturating_sub(1);
        Some(value)
    }

    /// Whether `key`'s slot was vacated by removing exactly `key` (and not reused since).
    fn was_removed(&self, key: ObjectId) -> bool {
        self.slots
            .get(key.index())
            .is_some_and(|s| s.value.is_none() && s.version == key.version().wrapping_add(1))
    }

    /// The occupied slots, in slot order.
    pub fn iter(&self) -> impl Iterator<Item = (ObjectId, &T)> {
        self.slots.iter().enumerate().filter_map(|(idx, s)| {
            let value = s.value.as_ref()?;
            Some((ObjectId::new(idx as u32, s.version), value))
        })
    }

    /// The map's own invariants (for `System::check`): the sentinel, odd versions exactly on
    /// occupied slots, the count, and a free list that visits every vacant slot once.
    pub fn check(&self) -> Result<(), String> {
        if self
            .slots
            .first()
            .is_none_or(|s| s.version != 0 || s.value.is_some())
        {
            return Err("object table sentinel slot is not vacant".into());
        }
        let mut occupied = 0usize;
        for (idx, s) in self.slots.iter().enumerate().skip(1) {
            if (s.version % 2 == 1) != s.value.is_some() {
                return Err(format!(
                    "object slot {idx}: version {} disagrees",
                    s.version
                ));
            }
            occupied += usize::from(s.value.is_some());
        }
        if occupied != self.len() {
            return Err(format!(
                "object table counts {} objects but holds {occupied}",
                self.len
            ));
        }
        let vacant = self.slots.len().saturating_sub(1) - occupied;
        let mut seen = vec![false; self.slots.len()];
        let mut at = self.free_head as usize;
        for _ in 0..vacant {
            let slot = self.slots.get(at).filter(|s| at != 0 && s.value.is_none());
            let (Some(slot), Some(mark)) = (slot, seen.get_mut(at)) else {
                return Err(format!("object table free list reaches slot {at}"));
            };
            if std::mem::replace(mark, true) {
                return Err(format!("object table free list visits slot {at} twice"));
            }
            at = slot.next_free as usize;
        }
        if at != self.slots.len() {
            return Err(format!(
                "object table free list ends at {at}, not past the {} slots",
                self.slots.len()
            ));
        }
        Ok(())
    }
}

/// Where an object's name lives: the directory and the last path component. The component is
/// stored here only: the directory's entries hold the object's slot and the component's tag.
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
    pub(super) entries: DirTable,
    /// For a private namespace: its alias (the `alias` of `alias\name`).
    pub alias: Option<Box<str>>,
    /// One of the namespace's own directories (see [`ObjectBody::permanent`]).
    pub permanent: bool,
}

/// A symbolic link object whose target is an absolute NT path (`Global` -> `\BaseNamedObjects`).
#[derive(Clone, Debug)]
pub(crate) struct SymbolicLink {
    /// Borrowed for the fixed targets every namespace has (no allocation per fresh machine:
    /// issue #11, a fresh `System` + one process).
    pub target: std::borrow::Cow<'static, str>,
    /// One of the namespace's own links (see [`ObjectBody::permanent`]).
    pub permanent: bool,
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
    /// Whether the object is permanent: it keeps its name and memory with no handle open, and
    /// the namespace holds a pointer reference to it. Only the namespace's own directories and
    /// links are (NT's `OBJ_PERMANENT` on other objects is not modelled), so the flag lives in
    /// their boxed bodies and not in every object: that byte is what lets an object and its
    /// slot version share one 64-byte line (issue #11).
    fn permanent(&self) -> bool;
    /// Makes a directory or link permanent; false (nothing changed) for other bodies.
    fn make_permanent(&mut self) -> bool;
}

/// One kernel object: 56 bytes, so that with its slot version it fills one cache line (its
/// creation serial is in the table's side vector, [`ObjectTable::serial`]).
#[derive(Clone, Debug)]
pub(crate) struct Object<B> {
    pub body: B,
    pub handle_count: u32,
    pub pointer_count: u32,
    pub name: Option<NameLink>,
    /// Owner, DACL and label of named-object types (None: no access check). Shared: every
    /// object a process creates without an explicit descriptor holds its one default.
    pub security: Option<std::sync::Arc<super::security::SecurityDescriptor>>,
}

impl<B: ObjectBody> Object<B> {
    /// Permanent objects (the namespace's own directories and links) keep their name and
    /// memory with no handle open; the namespace holds one pointer reference to each.
    pub fn permanent(&self) -> bool {
        self.body.permanent()
    }
}

/// The object table of one host.
#[derive(Clone, Debug)]
pub(crate) struct ObjectTable<B> {
    objects: Slots<Object<B>>,
    /// Each slot's object's creation serial (kept after the object goes, until the slot is
    /// reused: [`ObjectTable::released_serial`]). A side vector, as only dumps and checks read
    /// it, so the hot slot line does not carry it.
    serials: Vec<u64>,
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
            objects: Slots::with_capacity(FRESH_OBJECTS),
            serials: Vec::with_capacity(FRESH_OBJECTS.saturating_add(1)),
            next_serial: 0,
            private_aliases: Default::default(),
            touched: Vec::with_capacity(2 * FRESH_OBJECTS),
            touched_overflow: false,
        }
    }
}

impl<B: ObjectBody> ObjectTable<B> {
    /// Inserts a new object with no references yet (the caller adds the first one).
    /// Only directories and symbolic links can be `permanent` ([`ObjectBody::permanent`]).
    pub fn insert(&mut self, mut body: B, permanent: bool) -> ObjectId {
        self.next_serial = self.next_serial.saturating_add(1);
        let permanent = permanent && body.make_permanent();
        if let Some(alias) = body.directory().and_then(|d| d.alias.as_ref()) {
            let n = self.private_aliases.entry(alias.clone()).or_default();
            *n = n.saturating_add(1);
        }
        let id = self.objects.insert(Object {
            body,
            handle_count: 0,
            pointer_count: u32::from(permanent),
            name: None,
            security: None,
        });
        let idx = id.index();
        if id != ObjectId::default() && self.serials.len() <= idx {
            self.serials.resize(idx.saturating_add(1), 0);
        }
        if let Some(serial) = self.serials.get_mut(idx) {
            *serial = self.next_serial;
        }
        self.touch(id);
        id
    }

    /// The creation serial of a live object: its stable, human-readable identity in dumps.
    pub fn serial(&self, id: ObjectId) -> Option<u64> {
        self.objects.get(id)?;
        self.serials.get(id.index()).copied()
    }

    /// The creation serial of an object this table has just released (its slot not reused
    /// since): what its file's index knows it by.
    pub fn released_serial(&self, id: ObjectId) -> Option<u64> {
        if !self.objects.was_removed(id) {
            return None;
        }
        self.serials.get(id.index()).copied()
    }

    /// The object table's and every directory's own invariants (slot map, tables).
    pub fn check_tables(&self) -> Result<(), String> {
        self.objects.check()?;
        if self.serials.len() < self.objects.slots.len() {
            return Err("object table has fewer serials than slots".into());
        }
        for (_, o) in self.objects.iter() {
            if let Some(d) = o.body.directory() {
                d.entries.check()?;
            }
        }
        Ok(())
    }

    pub fn get(&self, id: ObjectId) -> Option<&Object<B>> {
        self.objects.get(id)
    }

    pub fn get_mut(&mut self, id: ObjectId) -> Option<&mut Object<B>> {
        self.touch(id);
        self.objects.get_mut(id)
    }

    /// Remembers that `id` changed, for `System::check_touched`.
    /// A repeat of the last id is not logged again: a hot loop on one object (a view written
    /// over and over) would otherwise fill the log and turn the next `check_touched` into a
    /// full `check`.
    fn touch(&mut self, id: ObjectId) {
        if self.touched.last() == Some(&id) {
            return;
        }
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
                // The body (a box) is read only when the last handle goes.
                (o.handle_count == 0 && !o.permanent(), o.pointer_count == 0)
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
        if self.objects.get(id).is_none() {
            // The directory's cell names a slot: only a live object can be linked.
            return;
        }
        let tag = component_tag(component.as_bytes());
        if let Some(d) = self.objects.get_mut(dir) {
            let permanent = d.permanent();
            if let Some(entries) = d.body.directory_mut() {
                entries.entries.insert(tag, id.0.idx);
                if !permanent {
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
        let mut found = None;
        entries.find(component_tag(wanted), |slot| {
            let Some((id, o)) = self.objects.get_index(slot) else {
                return false;
            };
            let hit = o
                .name
                .as_ref()
                .is_some_and(|l| l.dir == dir && l.component.as_bytes() == wanted);
            if hit {
                found = Some(id);
            }
            hit
        })?;
        found
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
        entries.map(move |(tag, slot)| match self.objects.get_index(slot) {
            Some((id, o)) => {
                let name = o
                    .name
                    .as_ref()
                    .filter(|l| l.dir == dir && component_tag(l.component.as_bytes()) == tag)
                    .map(|l| l.component.as_str());
                (name, id)
            }
            // A cell naming a vacant slot: an id that is no live object.
            None => (None, ObjectId::new(slot, 0)),
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
            let permanent = d.permanent();
            if let Some(entries) = d.body.directory_mut() {
                let tag = component_tag(link.component.as_bytes());
                if entries.entries.remove(tag, id.0.idx) && !permanent {
                    d.pointer_count = d.pointer_count.saturating_sub(1);
                    dead_dir = d.pointer_count == 0;
                }
            }
        }
        if dead_dir {
            self.unlink_name(link.dir);
            self.take(link.dir);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Keys, reuse and versions follow `slotmap` 1.0 exactly: the first key is `1v1`, a
    /// removed slot is reused last-in first-out at the next odd version, a stale key reads
    /// nothing and removes nothing.
    #[test]
    fn slot_map_keys_reuse_and_versions() {
        let mut m: Slots<&str> = Slots::with_capacity(0);
        let a = m.insert("a");
        let b = m.insert("b");
        let c = m.insert("c");
        assert_eq!(
            format!("{a:?} {b:?} {c:?}"),
            "ObjectId(1v1) ObjectId(2v1) ObjectId(3v1)"
        );
        assert_eq!(m.len(), 3);
        assert_eq!(m.remove(b), Some("b"));
        assert_eq!(m.remove(a), Some("a"));
        assert_eq!(m.remove(a), None);
        assert_eq!(m.get(a), None);
        assert!(m.was_removed(a) && !m.was_removed(c));
        // Last freed, first reused; the version moves on to the next odd number.
        let a2 = m.insert("a2");
        let b2 = m.insert("b2");
        let d = m.insert("d");
        assert_eq!(
            format!("{a2:?} {b2:?} {d:?}"),
            "ObjectId(1v3) ObjectId(2v3) ObjectId(4v1)"
        );
        assert_eq!(m.get(a), None);
        assert_eq!(m.get(a2), Some(&"a2"));
        assert!(!m.was_removed(a));
        if let Some(v) = m.get_mut(b2) {
            *v = "B2";
        }
        assert_eq!(m.get_index(2), Some((b2, &"B2")));
        assert_eq!(m.get_index(0), None);
        assert_eq!(m.get_index(9), None);
        let all: Vec<_> = m.iter().map(|(k, v)| (k, *v)).collect();
        assert_eq!(all, vec![(a2, "a2"), (b2, "B2"), (c, "c"), (d, "d")]);
        assert_eq!(m.check(), Ok(()));
        let copy = m.clone();
        assert_eq!(copy.iter().count(), 4);
        assert_eq!(format!("{:?}", ObjectId::default()), "ObjectId(null)");
        assert_eq!(m.get(ObjectId::default()), None);
    }

    /// Keys order by index, then version, and hash as `slotmap`'s (one `write_u64` of
    /// `version << 32 | index`).
    #[test]
    fn key_order_and_hash() {
        assert!(ObjectId::new(1, 3) < ObjectId::new(2, 1));
        assert!(ObjectId::new(2, 1) < ObjectId::new(2, 3));
        let hash = |k: ObjectId| foldhash::fast::FixedState::default().hash_one(k);
        let mut h = foldhash::fast::FixedState::default().build_hasher();
        h.write_u64((3 << 32) | 7);
        assert_eq!(hash(ObjectId::new(7, 3)), h.finish());
        // Versions are always odd in keys.
        assert_eq!(ObjectId::new(5, 2), ObjectId::new(5, 3));
    }

    /// A corrupted free list or count is reported by `check`.
    #[test]
    fn slot_map_check_finds_broken_structure() {
        let mut m: Slots<u8> = Slots::with_capacity(4);
        let keys: Vec<_> = (0..4).map(|i| m.insert(i)).collect();
        for k in keys.iter().take(2) {
            m.remove(*k);
        }
        assert_eq!(m.check(), Ok(()));
        let mut bad = m.clone();
        bad.len += 1;
        assert!(bad.check().is_err());
        let mut bad = m.clone();
        bad.free_head = 3;
        assert!(bad.check().is_err());
        let mut bad = m;
        if let Some(s) = bad.slots.get_mut(1) {
            s.next_free = 2;
        }
        assert!(bad.check().is_err());
    }

    /// A table of real objects: names link and unlink through the directory table; the
    /// serial stays readable after release until the slot is reused.
    #[test]
    fn object_table_names_and_serials() {
        use crate::object_body::Body;
        let mut t: ObjectTable<Body> = ObjectTable::default();
        let root = t.insert(Body::from_directory(Directory::default()), true);
        assert!(t
            .get(root)
            .is_some_and(|o| o.permanent() && o.pointer_count == 1));
        let job = t.insert(Body::Job(Job), true);
        assert!(t
            .get(job)
            .is_some_and(|o| !o.permanent() && o.pointer_count == 0));
        t.add_handle_ref(job);
        t.link_name(job, root, "a-name-longer-than-fourteen");
        let short = t.insert(Body::Job(Job), false);
        t.add_handle_ref(short);
        t.link_name(short, root, "j");
        assert_eq!(t.entry(root, "a-name-longer-than-fourteen"), Some(job));
        assert_eq!(t.entry(root, "j"), Some(short));
        assert_eq!(t.entry(root, "k"), None);
        assert_eq!(t.serial(short), Some(3));
        assert_eq!(t.check_tables(), Ok(()));
        let mut names: Vec<_> = t.directory_entries(root).collect();
        names.sort();
        assert_eq!(
            names,
            vec![
                (Some("a-name-longer-than-fourteen"), job),
                (Some("j"), short)
            ]
        );
        assert!(t.release_handle_ref(short).is_some());
        assert_eq!(t.entry(root, "j"), None);
        assert_eq!(t.serial(short), None);
        assert_eq!(t.released_serial(short), Some(3));
        assert_eq!(t.released_serial(job), None);
        let next = t.insert(Body::Job(Job), false);
        assert_eq!(next.index(), short.index());
        assert_eq!(t.released_serial(short), None);
        assert_eq!(t.serial(next), Some(4));
        assert_eq!(t.check_tables(), Ok(()));
    }
}
