//! `System::check()`: every count, link and table entry, recomputed from scratch and compared.
//!
//! - handle count = handle-table entries naming the object, in every process of its host;
//! - pointer count = handles + views of it + 1 for a permanent object + 1 for a running
//!   process's own object;
//! - a named object is in its directory under that name, and every directory entry names a live
//!   object that points back; a temporary object with no handle has no name (catalog G1);
//! - handle tables, address spaces and page maps are well formed, every view maps a live
//!   section inside its size, and the commit charged equals what sections and private memory
//!   hold;
//! - the indexes that spare scans agree with what they index: each file's open instances, each
//!   process's owned mutexes, each host's private-namespace aliases, each address space's
//!   free ranges; a running process's names root is a live directory;
//! - each address space's cached hot run (the access fast path, `mm/access.rs`) says what a
//!   full resolve of its pages gives.
//!
//! `check()` recounts the whole machine: O(state). `check_touched()` checks what changed since
//! its last call (the objects and processes the engine touched): O(touched). Tests call the
//! first; the fuzz targets and property tests call the second after every step and the first
//! once per input, so that a long input does not make them quadratic (issue #11).

use std::collections::BTreeMap;

use crate::consts::*;
use crate::io::storage::FileId;
use crate::mm::address_space::Region;
use crate::mm::section::Backing;
use crate::mm::section::Section;
use crate::ob::object::ObjectId;
use crate::object_body::{Body, Object};
use crate::system::System;

impl System {
    /// Verifies every invariant; `Err` describes the first one broken.
    pub fn check(&self) -> Result<(), String> {
        self.check_objects()?;
        self.check_storage()?;
        self.check_indexes()
    }

    /// The invariants of what changed since the last call: each touched object's own links
    /// and counts (its name in its directory, no name without a handle, a live reference, a
    /// well-formed commit map and charge, its file's index), each touched process's handle
    /// table and exit state. The whole-machine recounts (a handle count equals the handles
    /// naming the object, the commit charge equals its parts) are `check()`'s; when more was
    /// touched than is remembered, this is `check()`. Costs O(touched).
    pub fn check_touched(&mut self) -> Result<(), String> {
        let mut overflow = std::mem::take(&mut self.touched_overflow);
        let mut pids = std::mem::take(&mut self.touched_pids);
        let mut objects = Vec::with_capacity(self.hosts.len());
        for host in &mut self.hosts {
            let (ids, lost) = host.objects.take_touched();
            overflow |= lost;
            objects.push(ids);
        }
        if overflow {
            return self.check();
        }
        pids.sort_unstable();
        pids.dedup();
        for &pid in &pids {
            let Some(p) = self.processes.get(&pid) else {
                continue;
            };
            p.handles
                .check_summary()
                .map_err(|e| format!("pid {pid}: {e}"))?;
            if let Some(host) = self.hosts.get(p.spec.host) {
                crate::mm::access::check_hot_run(&p.address_space, host)
                    .map_err(|e| format!("pid {pid}: {e}"))?;
            }
            if p.exit_code.is_some()
                && (p.handles.len() != 0 || p.address_space.iter().next().is_some())
            {
                return Err(format!("exited pid {pid} still holds handles or memory"));
            }
        }
        for (host_id, ids) in objects.iter_mut().enumerate() {
            let Some(host) = self.hosts.get(host_id) else {
                continue;
            };
            ids.sort_unstable();
            ids.dedup();
            for &id in ids.iter() {
                if let Some(o) = host.objects.get(id) {
                    self.check_object_alone(host_id, id, o)?;
                }
            }
        }
        // The lists keep their allocations for the next operations.
        pids.clear();
        if self.touched_pids.is_empty() {
            self.touched_pids = pids;
        }
        for (host, ids) in self.hosts.iter_mut().zip(objects) {
            host.objects.recycle_touched(ids);
        }
        Ok(())
    }

    /// One object's own invariants (no recount of who references it).
    fn check_object_alone(&self, host_id: usize, id: ObjectId, o: &Object) -> Result<(), String> {
        let Some(host) = self.hosts.get(host_id) else {
            return Ok(());
        };
        let serial = host.objects.serial(id).unwrap_or(0);
        if o.pointer_count == 0 || o.pointer_count < o.handle_count {
            return Err(format!(
                "object #{serial}: handle/pointer counts {}/{}",
                o.handle_count, o.pointer_count
            ));
        }
        if !o.permanent() && o.handle_count == 0 && o.name.is_some() {
            return Err(format!(
                "object #{serial} keeps its name with no handle open"
            ));
        }
        if let Some(link) = &o.name {
            if host.objects.entry(link.dir, &link.component) != Some(id) {
                return Err(format!("object #{serial} is not in its directory"));
            }
        }
        match &o.body {
            Body::Section(s) => {
                check_section_commit(serial, s)?;
                if let Backing::File { file, .. } = s.backing {
                    let tracked = self
                        .storage
                        .files
                        .get(file)
                        .is_some_and(|n| n.sections.contains_key(&(host_id, serial)));
                    if !tracked {
                        return Err(format!("section #{serial} is unknown to its file"));
                    }
                }
            }
            Body::File(_) => self.check_open_instance(host_id, id, o)?,
            _ => {}
        }
        Ok(())
    }

    /// A file object is in its file's open-instance index exactly while it has a handle.
    fn check_open_instance(&self, host_id: usize, id: ObjectId, o: &Object) -> Result<(), String> {
        let Body::File(f) = &o.body else {
            return Ok(());
        };
        let serial = self
            .hosts
            .get(host_id)
            .and_then(|h| h.objects.serial(id))
            .unwrap_or(0);
        let Some(node) = self.storage.files.get(f.file) else {
            return Err(format!("file object #{serial} names no file"));
        };
        let indexed = node.open_instances.get(&(host_id, id)).copied();
        let want = (o.handle_count > 0).then_some((f.access, f.share));
        if indexed != want {
            return Err(format!(
                "file object #{serial}: open-instance index {indexed:?}, {want:?} expected"
            ));
        }
        Ok(())
    }

    /// The indexes kept to spare scans agree with a scan.
    fn check_indexes(&self) -> Result<(), String> {
        for (host_id, host) in self.hosts.iter().enumerate() {
            let mut aliases: BTreeMap<&str, u32> = BTreeMap::new();
            for (id, o) in host.objects.iter() {
                match &o.body {
                    Body::Directory(d) if d.alias.is_some() => {
                        if let Some(alias) = d.alias.as_deref() {
                            *aliases.entry(alias).or_default() += 1;
                        }
                    }
                    Body::Mutant(m) => {
                        if let Some(owner) = m.owner {
                            let listed = self
                                .processes
                                .get(&owner)
                                .is_some_and(|p| p.owned_mutexes.contains(&id));
                            if !listed {
                                return Err(format!(
                                    "mutant #{} is owned by pid {owner}, not in its list",
                                    host.objects.serial(id).unwrap_or(0)
                                ));
                            }
                        }
                    }
                    Body::File(_) => self.check_open_instance(host_id, id, o)?,
                    _ => {}
                }
            }
            host.objects
                .check_tables()
                .map_err(|e| format!("host {}: {e}", host.name))?;
            let indexed: BTreeMap<&str, u32> = host.objects.private_alias_counts().collect();
            if indexed != aliases {
                return Err(format!(
                    "host {}: private-namespace alias index {indexed:?}, {aliases:?} exist",
                    host.name
                ));
            }
        }
        for node in self.storage.files.values() {
            for (host_id, id) in node.open_instances.keys() {
                let live = self
                    .hosts
                    .get(*host_id)
                    .and_then(|h| h.objects.get(*id))
                    .is_some_and(|o| o.handle_count > 0);
                if !live {
                    return Err(format!(
                        "{} indexes an open instance with no handle",
                        node.display
                    ));
                }
            }
        }
        Ok(())
    }

    /// Disks, files, file objects, sections over files and caches agree.
    fn check_storage(&self) -> Result<(), String> {
        let mut file_objects: BTreeMap<FileId, u32> = BTreeMap::new();
        let mut sections: BTreeMap<FileId, Vec<(usize, u64)>> = BTreeMap::new();
        for (host_id, host) in self.hosts.iter().enumerate() {
            for (id, o) in host.objects.iter() {
                match &o.body {
                    Body::File(f) => *file_objects.entry(f.file).or_default() += 1,
                    Body::Section(s) => {
                        if let Backing::File { file, .. } = s.backing {
                            let serial = host.objects.serial(id).unwrap_or(0);
                            sections.entry(file).or_default().push((host_id, serial));
                        }
                    }
                    _ => {}
                }
            }
            for (id, c) in &host.caches {
                if !self.storage.files.contains_key(*id) {
                    return Err(format!(
                        "host {} caches a file that no longer exists",
                        host.name
                    ));
                }
                if c.dirty
                    .iter()
                    .any(|(s, e, _)| (s..e).any(|p| !c.pages.contains(p)))
                {
                    return Err(format!(
                        "host {} has a dirty page it does not cache",
                        host.name
                    ));
                }
            }
        }
        for (d, disk) in self.storage.disks.iter().enumerate() {
            let used: u64 = self
                .storage
                .files
                .values()
                .filter(|n| n.disk == d)
                .map(|n| n.allocation())
                .sum();
            if used != disk.used {
                return Err(format!(
                    "disk {d} accounts {} bytes, files hold {used}",
                    disk.used
                ));
            }
            for (vkey, v) in &disk.volumes {
                for (key, id) in &v.files {
                    let linked = self.storage.files.get(*id).and_then(|n| n.link.as_ref());
                    if linked != Some(&(vkey.clone(), key.clone())) {
                        return Err(format!("volume {vkey} entry {key} does not link back"));
                    }
                }
            }
        }
        for (id, node) in &self.storage.files {
            let objects = file_objects.get(&id).copied().unwrap_or(0);
            if node.file_objects != objects {
                return Err(format!(
                    "{} counts {} file objects, {objects} exist",
                    node.display, node.file_objects
                ));
            }
            let mut live = sections.get(&id).cloned().unwrap_or_default();
            live.sort_unstable();
            let known: Vec<(usize, u64)> = node.sections.keys().copied().collect();
            if live != known {
                return Err(format!(
                    "{} tracks sections {known:?}, {live:?} exist",
                    node.display
                ));
            }
            if node.link.is_none() && node.file_objects == 0 {
                return Err(format!(
                    "{} is unlinked and unreferenced but kept",
                    node.display
                ));
            }
            // A POSIX delete (H26) belongs to a delete-pending file and to one of its opens.
            if let Some(owner) = node.posix_delete_by {
                if !node.delete_pending || !node.open_instances.contains_key(&owner) {
                    return Err(format!(
                        "{} has a POSIX delete by {owner:?} without being delete-pending by an open",
                        node.display
                    ));
                }
            }
        }
        Ok(())
    }

    /// Object-manager and memory invariants.
    fn check_objects(&self) -> Result<(), String> {
        for (host_id, host) in self.hosts.iter().enumerate() {
            let mut handles: BTreeMap<ObjectId, u32> = BTreeMap::new();
            let mut pointers: BTreeMap<ObjectId, u32> = BTreeMap::new();
            let mut private_commit = 0u64;
            for p in self.processes.values().filter(|p| p.spec.host == host_id) {
                p.handles
                    .check()
                    .map_err(|e| format!("pid {}: {e}", p.pid))?;
                p.address_space
                    .check()
                    .map_err(|e| format!("pid {}: {e}", p.pid))?;
                crate::mm::access::check_hot_run(&p.address_space, host)
                    .map_err(|e| format!("pid {}: {e}", p.pid))?;
                if p.exit_code.is_some()
                    && (p.handles.len() != 0 || p.address_space.iter().next().is_some())
                {
                    return Err(format!(
                        "exited pid {} still holds handles or memory",
                        p.pid
                    ));
                }
                if p.exit_code.is_none() {
                    *pointers.entry(p.object).or_default() += 1;
                    // Its names resolve in a live directory (found once, at spawn).
                    if !matches!(
                        host.objects.get(p.names_root).map(|o| &o.body),
                        Some(Body::Directory(_))
                    ) {
                        return Err(format!("pid {} names root is no directory", p.pid));
                    }
                }
                for (h, e) in p.handles.iter() {
                    if host.objects.get(e.object).is_none() {
                        return Err(format!("pid {} handle {h} names a dead object", p.pid));
                    }
                    *handles.entry(e.object).or_default() += 1;
                    *pointers.entry(e.object).or_default() += 1;
                }
                for region in p.address_space.iter() {
                    match region {
                        Region::View(v) => {
                            let Some(Body::Section(s)) =
                                host.objects.get(v.section).map(|o| &o.body)
                            else {
                                return Err(format!("view at {:#x} maps no section", v.base));
                            };
                            let limit = s.size.div_ceil(PAGE_SIZE) * PAGE_SIZE;
                            if v.offset.checked_add(v.size).is_none_or(|e| e > limit) {
                                return Err(format!("view at {:#x} runs past its section", v.base));
                            }
                            let pages = v.size / PAGE_SIZE;
                            if !v.protect.is_canonical()
                                || !v.protect.covers(0, pages)
                                || v.protect.iter().any(|(_, e, _)| e > pages)
                            {
                                return Err(format!(
                                    "view at {:#x} has a malformed protection map",
                                    v.base
                                ));
                            }
                            if v.private.pages().any(|pg| pg >= pages) {
                                return Err(format!(
                                    "view at {:#x} has a private page outside it",
                                    v.base
                                ));
                            }
                            *pointers.entry(v.section).or_default() += 1;
                        }
                        Region::Private(r) => {
                            let pages = r.size / PAGE_SIZE;
                            if !r.committed.is_canonical()
                                || r.committed.iter().any(|(_, e, _)| e > pages)
                            {
                                return Err(format!(
                                    "private region at {:#x} has a malformed commit map",
                                    r.base
                                ));
                            }
                            private_commit += r.committed.count_in(0, pages) * PAGE_SIZE;
                        }
                    }
                }
            }
            for (_, o) in host.objects.iter() {
                if let Some(link) = &o.name {
                    let temporary_dir = host.objects.get(link.dir).is_some_and(|d| !d.permanent());
                    if temporary_dir {
                        *pointers.entry(link.dir).or_default() += 1;
                    }
                }
                if let Body::Section(s) = &o.body {
                    if let Backing::File { file_object, .. } = s.backing {
                        *pointers.entry(file_object).or_default() += 1;
                    }
                }
            }
            let mut section_commit = 0u64;
            for (id, o) in host.objects.iter() {
                let serial = host.objects.serial(id).unwrap_or(0);
                if o.permanent() {
                    *pointers.entry(id).or_default() += 1;
                }
                let want_h = handles.get(&id).copied().unwrap_or(0);
                let want_p = pointers.get(&id).copied().unwrap_or(0);
                if o.handle_count != want_h || o.pointer_count != want_p {
                    return Err(format!(
                        "host {} object #{}: handle/pointer counts {}/{} but {}/{} expected",
                        host.name, serial, o.handle_count, o.pointer_count, want_h, want_p
                    ));
                }
                if o.pointer_count == 0 {
                    return Err(format!(
                        "object #{serial} has no reference and still exists"
                    ));
                }
                if !o.permanent() && o.handle_count == 0 && o.name.is_some() {
                    return Err(format!(
                        "object #{serial} keeps its name with no handle open"
                    ));
                }
                if let Some(link) = &o.name {
                    if host.objects.entry(link.dir, &link.component) != Some(id) {
                        return Err(format!("object #{serial} is not in its directory"));
                    }
                }
                match &o.body {
                    Body::Directory(_) => {
                        // Every entry's object names itself in this directory under a
                        // component with the entry's hash (duplicates fail the per-object
                        // check above: the lookup finds the first).
                        for (name, child) in host.objects.directory_entries(id) {
                            if name.is_none() {
                                let child_serial = host.objects.serial(child);
                                return Err(format!(
                                    "directory #{serial} entry for object #{child_serial:?} does not link back"
                                ));
                            }
                        }
                    }
                    Body::Section(s) => {
                        check_section_commit(serial, s)?;
                        section_commit += s.commit_charge;
                    }
                    _ => {}
                }
            }
            if host.commit_charge != section_commit + private_commit {
                return Err(format!(
                    "host {} commit charge {} != sections {} + private {}",
                    host.name, host.commit_charge, section_commit, private_commit
                ));
            }
        }
        Ok(())
    }
}

/// A section's commit map is well formed and its charge is what its kind holds (catalog C12).
fn check_section_commit(serial: u64, s: &Section) -> Result<(), String> {
    let pages = s.page_count();
    if !s.committed.is_canonical() || s.committed.iter().any(|(_, e, _)| e > pages) {
        return Err(format!("section #{serial} has a malformed commit map"));
    }
    let expected = if s.backing != Backing::Pagefile {
        0
    } else if s.attributes & SEC_COMMIT != 0 {
        s.size
    } else {
        s.committed.count_in(0, pages) * PAGE_SIZE
    };
    if s.commit_charge != expected {
        return Err(format!(
            "section #{serial} holds {} bytes of commit, {expected} expected",
            s.commit_charge
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]

    use crate::win32::*;
    use crate::{ProcessSpec, System};

    fn machine_with_section() -> (System, crate::Pid, HANDLE) {
        let mut sys = System::new();
        let pid = sys.spawn(ProcessSpec::named("p")).unwrap();
        let h = sys.win32(pid).CreateFileMappingW(
            INVALID_HANDLE_VALUE,
            None,
            PAGE_READWRITE,
            0,
            0x1000,
            Some("S"),
        );
        assert_ne!(h, 0);
        (sys, pid, h)
    }

    #[test]
    fn check_touched_holds_after_operations_and_resets() {
        let (mut sys, pid, h) = machine_with_section();
        sys.check_touched().unwrap();
        let v = sys.win32(pid).MapViewOfFile(h, FILE_MAP_WRITE, 0, 0, 0);
        assert_ne!(v, 0);
        sys.check_touched().unwrap();
        assert_eq!(sys.win32(pid).CloseHandle(h), 1);
        sys.check_touched().unwrap();
        sys.check().unwrap();
        // Nothing touched since: nothing to check.
        assert!(sys.touched_pids.is_empty());
        assert!(sys.hosts[0].objects.take_touched().0.is_empty());
    }

    #[test]
    fn check_touched_finds_a_broken_count_on_a_touched_object() {
        let (mut sys, pid, h) = machine_with_section();
        sys.check_touched().unwrap();
        let (id, _) = sys.resolve_handle(pid, crate::Handle(h as u64)).unwrap();
        // get_mut records the object as touched.
        sys.hosts[0].objects.get_mut(id).unwrap().pointer_count = 0;
        let e = sys.check_touched().unwrap_err();
        assert!(e.contains("handle/pointer counts"), "{e}");
    }

    #[test]
    fn check_finds_a_stale_open_instance_index() {
        let mut sys = System::new();
        let pid = sys.spawn(ProcessSpec::named("p")).unwrap();
        let f = sys.win32(pid).CreateFileW(
            Some("C:\\f.dat"),
            GENERIC_READ,
            FILE_SHARE_READ,
            None,
            CREATE_ALWAYS,
            0,
            0,
        );
        sys.check().unwrap();
        let file = sys.storage.files.keys().next().unwrap();
        sys.storage.files[file].open_instances.clear();
        let e = sys.check().unwrap_err();
        assert!(e.contains("open-instance index"), "{e}");
        assert_eq!(sys.win32(pid).CloseHandle(f), 1);
    }

    #[test]
    fn more_touched_than_remembered_falls_back_to_the_full_check() {
        let (mut sys, pid, _) = machine_with_section();
        for _ in 0..2000 {
            let e = sys.win32(pid).CreateEventW(None, 1, 0, None);
            assert_ne!(e, 0);
        }
        assert!(sys.hosts[0].objects.take_touched().1, "the list overflowed");
        // The overflow flag was consumed above; touch one more and break a far object.
        let (id, _) = sys.resolve_handle(pid, crate::Handle(8)).unwrap();
        sys.hosts[0].objects.get_mut(id).unwrap().handle_count = 7;
        assert!(sys.check_touched().is_err());
    }
}

#[cfg(test)]
mod clone_tests {
    #![allow(clippy::unwrap_used)]

    use crate::win32::*;
    use crate::{ProcessSpec, System};

    /// A clone is a fork: what either machine does afterwards, the other does not see, and
    /// both keep their invariants (shared pages are copied on write).
    #[test]
    fn a_cloned_machine_forks_independently() {
        let mut a = System::new();
        let pid = a.spawn(ProcessSpec::named("p")).unwrap();
        let mut w = a.win32(pid);
        let s = w.CreateFileMappingW(
            INVALID_HANDLE_VALUE,
            None,
            PAGE_READWRITE,
            0,
            0x1000,
            Some("S"),
        );
        let v = w.MapViewOfFile(s, FILE_MAP_WRITE, 0, 0, 0);
        w.write(v, b"before").unwrap().unwrap();
        let mut b = a.clone();
        b.win32(pid).write(v, b"after!").unwrap().unwrap();
        assert_eq!(a.win32(pid).read(v, 6).unwrap().unwrap(), b"before");
        assert_eq!(b.win32(pid).read(v, 6).unwrap().unwrap(), b"after!");
        assert_eq!(b.win32(pid).CloseHandle(s), 1);
        assert_eq!(
            b.win32(pid).OpenFileMappingW(FILE_MAP_READ, 0, Some("S")),
            0
        );
        assert_ne!(
            a.win32(pid).OpenFileMappingW(FILE_MAP_READ, 0, Some("S")),
            0
        );
        a.check().unwrap();
        b.check().unwrap();
    }
}
