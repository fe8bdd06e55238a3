//! The machine state as stable, human-readable text: per host the namespace tree and every
//! non-namespace object with its handle and pointer counts, then each process with its handle
//! table and views. Snapshots depend on this layout: nothing here may depend on hash order,
//! host addresses or time.

use std::fmt::Write;

use crate::consts::*;
use crate::mm::address_space::Region;
use crate::mm::protection;
use crate::ob::object::ObjectId;
use crate::object_body::{Body, Object, ObjectTable};
use crate::system::{Host, System};

/// `SEC_*` attribute names, in the order they print.
const SEC_NAMES: &[(u32, &str)] = &[
    (SEC_COMMIT, "SEC_COMMIT"),
    (SEC_RESERVE, "SEC_RESERVE"),
    (SEC_FILE, "SEC_FILE"),
    (SEC_IMAGE, "SEC_IMAGE"),
    (SEC_NOCACHE, "SEC_NOCACHE"),
    (SEC_WRITECOMBINE, "SEC_WRITECOMBINE"),
    (SEC_LARGE_PAGES, "SEC_LARGE_PAGES"),
];

/// `SEC_A|SEC_B` for an attribute mask.
pub fn sec_names(attributes: u32) -> String {
    let names: Vec<&str> = SEC_NAMES
        .iter()
        .filter(|(bit, _)| attributes & bit != 0)
        .map(|(_, n)| *n)
        .collect();
    if names.is_empty() {
        "0".into()
    } else {
        names.join("|")
    }
}

impl System {
    /// The whole machine state as text.
    pub fn dump(&self) -> String {
        let mut out = String::new();
        for (host_id, host) in self.hosts.iter().enumerate() {
            let _ = writeln!(out, "host {}", host.name);
            if self.is_ce() {
                // The CE address-space layout (catalog K8; src/mm/ce.rs).
                out.push_str(&self.ce_layout(host_id));
            }
            if self.is_ce() {
                // CE has one flat namespace, no sessions (catalog K7; src/ob/ce_names.rs).
                let _ = writeln!(out, "  namespace (one global namespace, no sessions)");
                write_dir(
                    &mut out,
                    &host.objects,
                    host.namespace.global_bno,
                    "\\BaseNamedObjects\\",
                    2,
                );
            } else {
                let _ = writeln!(out, "  namespace");
                write_dir(&mut out, &host.objects, host.namespace.root, "\\", 2);
            }
            let _ = writeln!(out, "  objects");
            let mut objects: Vec<(ObjectId, &Object)> = host
                .objects
                .iter()
                .filter(|(_, o)| !o.permanent())
                .collect();
            objects.sort_by_key(|(id, _)| host.objects.serial(*id));
            if objects.is_empty() {
                let _ = writeln!(out, "    (none)");
            }
            for (id, o) in objects {
                out.push_str("    ");
                write_object(&mut out, self, host, id, o);
                out.push('\n');
            }
            let _ = writeln!(out, "  commit {} bytes", host.commit_charge);
            write_files(&mut out, self, host_id);
            write_caches(&mut out, self, host);
            for p in self.processes.values().filter(|p| p.spec.host == host_id) {
                let state = match p.exit_code {
                    Some(code) => format!(", exited {code}"),
                    None => String::new(),
                };
                let context = match self.ce_slot(p.pid).filter(|_| self.is_ce()) {
                    // CE: no sessions, no integrity levels; the process's 32 MB slot instead.
                    Some((slot, _, _)) => format!("slot={slot}"),
                    None => format!(
                        "session={} integrity={}{}",
                        p.spec.session,
                        crate::ob::app_container::effective_integrity(&p.spec).as_str(),
                        crate::ob::app_container::describe(&p.spec),
                    ),
                };
                let _ = writeln!(
                    out,
                    "  process {} pid={} {context}{state}",
                    p.spec.name, p.pid,
                );
                let _ = writeln!(out, "    handles");
                if p.handles.len() == 0 {
                    let _ = writeln!(out, "      (none)");
                }
                for (h, e) in p.handles.iter() {
                    let o = host.objects.get(e.object);
                    let serial = host.objects.serial(e.object).unwrap_or(0);
                    let ty = o.map_or("?", |o| o.body.object_type().nt_name());
                    let _ = writeln!(
                        out,
                        "      {h} -> #{serial} {ty} access=0x{:x}{}{}",
                        e.access,
                        if e.inherit { " inherit" } else { "" },
                        if e.protect_from_close {
                            " protect-from-close"
                        } else {
                            ""
                        }
                    );
                }
                let _ = writeln!(out, "    views");
                let mut any = false;
                for region in p.address_space.iter() {
                    any = true;
                    match region {
                        Region::View(v) => {
                            let serial = host.objects.serial(v.section).unwrap_or(0);
                            let _ = writeln!(
                                out,
                                "      0x{:x} size=0x{:x} {} section=#{} offset=0x{:x}{}{}",
                                v.base,
                                v.size,
                                protection::name(v.allocation_protect),
                                serial,
                                v.offset,
                                if v.private.len() > 0 {
                                    format!(" private-pages={}", v.private.len())
                                } else {
                                    String::new()
                                },
                                self.ce_region_note(v.base)
                            );
                        }
                        Region::Private(r) => {
                            let _ = writeln!(
                                out,
                                "      0x{:x} size=0x{:x} {} private committed-pages={}",
                                r.base,
                                r.size,
                                protection::name(r.allocation_protect),
                                r.committed.count_in(0, r.size / PAGE_SIZE)
                            );
                        }
                    }
                }
                if !any {
                    let _ = writeln!(out, "      (none)");
                }
            }
        }
        out
    }
}

/// `R`, `W`, `D` letters of a share mode (`-` for none).
fn share_names(share: u32) -> String {
    let mut s = String::new();
    for (bit, c) in [
        (FILE_SHARE_READ, 'R'),
        (FILE_SHARE_WRITE, 'W'),
        (FILE_SHARE_DELETE, 'D'),
    ] {
        if share & bit != 0 {
            s.push(c);
        }
    }
    if s.is_empty() {
        s.push('-');
    }
    s
}

/// One line describing a non-namespace object, written into `out` (no string of its own:
/// the `ops` fuzz harness dumps often, issue #11).
fn write_object(out: &mut String, sys: &System, host: &Host, id: ObjectId, o: &Object) {
    let ty = o.body.object_type().nt_name();
    let serial = host.objects.serial(id).unwrap_or(0);
    let _ = write!(out, "#{serial} {ty}");
    if o.name.is_some() {
        if let Some(n) = host.namespace.full_path(&host.objects, id) {
            let _ = write!(out, " \"{n}\"");
        }
    }
    let _ = write!(
        out,
        " handles={} pointers={}",
        o.handle_count, o.pointer_count
    );
    let _ = match &o.body {
        Body::Section(s) => write!(
            out,
            " size=0x{:x} {} {} committed-pages={} stored-pages={}",
            s.size,
            protection::name(s.protection),
            sec_names(s.attributes),
            s.committed.count_in(0, s.page_count()),
            s.store.len()
        ),
        Body::Event(e) => write!(out, " {} {}", e.kind(), e.state()),
        Body::Mutant(m) => match m.owner.and_then(|pid| sys.processes.get(&pid)) {
            Some(p) => write!(out, " owner={} count={}", p.spec.name, m.recursion),
            None => write!(out, " unowned"),
        },
        Body::Semaphore(s) => write!(out, " count={} max={}", s.count, s.maximum),
        Body::WaitableTimer(t) => write!(
            out,
            " {}",
            if t.manual_reset {
                "manual-reset"
            } else {
                "synchronization"
            }
        ),
        Body::Process(pid) => match sys.processes.get(pid) {
            Some(p) => write!(out, " {} pid={}", p.spec.name, pid),
            None => write!(out, " pid={pid}"),
        },
        Body::File(f) => match sys.storage.files.get(f.file) {
            Some(node) => write!(
                out,
                " \"{}\" access=0x{:x} share={} position={}",
                node.display,
                f.access,
                share_names(f.share),
                f.position
            ),
            None => write!(out, " (deleted file)"),
        },
        Body::Job(_) | Body::Directory(_) | Body::SymbolicLink(_) => Ok(()),
    };
}

/// The files on a host's disk.
fn write_files(out: &mut String, sys: &System, host_id: usize) {
    let Some(disk) = sys.storage.disks.get(host_id) else {
        return;
    };
    let capacity = disk
        .capacity
        .map_or(String::new(), |c| format!(" capacity={c}"));
    let _ = writeln!(out, "  disk used={}{capacity}", disk.used);
    let mut files: Vec<String> = sys
        .storage
        .files
        .values()
        .filter(|n| n.disk == host_id)
        .map(|n| {
            let mut line = format!(
                "    {}{} size={} allocated={}",
                if n.link.is_none() { "(deleted) " } else { "" },
                n.display,
                n.size,
                n.allocation()
            );
            if !n.sections.is_empty() {
                let _ = write!(line, " sections={}", n.sections.len());
            }
            if n.locks.len() > 0 {
                let _ = write!(line, " locks={}", n.locks.len());
            }
            if n.delete_pending {
                line.push_str(" delete-pending");
            }
            line
        })
        .collect();
    files.sort();
    for f in files {
        let _ = writeln!(out, "{f}");
    }
}

/// A host's file caches: cached and dirty pages per file.
fn write_caches(out: &mut String, sys: &System, host: &Host) {
    let mut lines: Vec<String> = host
        .caches
        .iter()
        .filter(|(_, c)| c.pages.len() > 0)
        .map(|(id, c)| {
            let name = sys
                .storage
                .files
                .get(*id)
                .map_or("?".to_string(), |n| n.display.clone());
            let dirty = c.dirty.count_in(0, u64::MAX);
            format!(
                "    {name} cached-pages={} dirty-pages={dirty}",
                c.pages.len()
            )
        })
        .collect();
    if lines.is_empty() {
        return;
    }
    lines.sort();
    let _ = writeln!(out, "  cache");
    for l in lines {
        let _ = writeln!(out, "{l}");
    }
}

/// `indent` spaces and `text`, without the formatting machinery (whose padding writes a
/// character at a time).
fn push_line_start(out: &mut String, indent: usize, text: &str) {
    out.extend(std::iter::repeat_n(' ', indent));
    out.push_str(text);
}

fn write_dir(out: &mut String, objects: &ObjectTable, dir: ObjectId, label: &str, depth: usize) {
    // Written straight into `out`, with no string per line or entry: the `ops` fuzz harness
    // dumps the machine around failed calls (issue #11).
    let indent = depth * 2;
    push_line_start(out, indent, label);
    out.push('\n');
    if !matches!(objects.get(dir).map(|o| &o.body), Some(Body::Directory(_))) {
        return;
    }
    let mut sorted: Vec<(&str, ObjectId)> = objects
        .directory_entries(dir)
        .filter_map(|(k, v)| Some((k?, v)))
        .collect();
    // By name; of entries with one name (a broken directory) the last, as a map keeps it.
    sorted.sort_by(|a, b| a.0.cmp(b.0));
    let mut entries = sorted.iter().peekable();
    while let Some(&(name, child)) = entries.next() {
        if entries.peek().is_some_and(|next| next.0 == name) {
            continue;
        }
        let Some(o) = objects.get(child) else {
            continue;
        };
        match &o.body {
            Body::Directory(_) => {
                let mut label = String::with_capacity(name.len() + 1);
                label.push_str(name);
                label.push('\\');
                write_dir(out, objects, child, &label, depth + 1);
            }
            Body::SymbolicLink(l) => {
                push_line_start(out, indent + 2, name);
                out.push_str(" -> ");
                out.push_str(&l.target);
                out.push('\n');
            }
            other => {
                // CE's empty name is a real name (catalog K6): shown as "".
                let name = if name.is_empty() { "\"\"" } else { name };
                push_line_start(out, indent + 2, name);
                let serial = objects.serial(child).unwrap_or(0);
                let _ = writeln!(out, "  #{serial} {}", other.object_type().nt_name());
            }
        }
    }
}
