//! The machine state as a Graphviz DOT picture (`winsection dump --dot FILE`,
//! `winsection run FILE --dot OUT`): read-only, deterministic (everything is ordered by
//! object serial, handle value, address or pid; nothing depends on hash order).
//!
//! One cluster per host. Inside it:
//! - the namespace directories that hold user objects, with the path down to them
//!   (folders; dotted edges labelled with each entry's name);
//! - every non-namespace object with its type, detail, handle count and pointer count
//!   (sections blue, synchronisation objects yellow, processes grey);
//! - one cluster per process with its handle-table entries (value, access, flags) and its
//!   views; solid edges go from a handle to its object, dashed ones from a view to its
//!   section;
//! - the host's disk (each file it holds: size, durable pages, sections) and the host's caches
//!   (cached and dirty pages per file), with dotted edges from caches and file objects to the
//!   file — so two hosts caching one remote file show up as two caches of one disk file.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write;

use crate::consts::PAGE_SIZE;
use crate::dump::sec_names;
use crate::io::storage::{FileId, FileNode};
use crate::mm::address_space::Region;
use crate::mm::protection;
use crate::ob::object::ObjectId;
use crate::object_body::{Body, Object};
use crate::system::{Host, System};

/// Escapes text for a double-quoted DOT string (lines are then joined with `\n`).
fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            c if c.is_control() => {
                let _ = write!(out, "\\\\x{:02x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out
}

/// A label from lines.
fn label(lines: &[String]) -> String {
    lines.iter().map(|l| esc(l)).collect::<Vec<_>>().join("\\n")
}

fn object_node(host: usize, serial: u64) -> String {
    format!("h{host}_o{serial}")
}

impl System {
    /// The machine state as a Graphviz DOT digraph (see the module doc).
    pub fn dump_dot(&self) -> String {
        let mut out = String::new();
        out.push_str("digraph winsection {\n");
        out.push_str("  graph [rankdir=LR, fontname=\"Helvetica\", fontsize=11, nodesep=0.25, ranksep=0.9];\n");
        out.push_str("  node [fontname=\"Helvetica\", fontsize=10];\n");
        out.push_str("  edge [fontname=\"Helvetica\", fontsize=9];\n");
        for (host_id, host) in self.hosts.iter().enumerate() {
            self.dot_host(&mut out, host_id, host);
        }
        out.push_str("}\n");
        out
    }

    fn dot_host(&self, out: &mut String, host_id: usize, host: &Host) {
        let _ = writeln!(out, "  subgraph cluster_h{host_id} {{");
        let _ = writeln!(
            out,
            "    label=\"host {}{}\"; style=rounded; color=gray40;",
            esc(&host.name),
            // The CE profile says so, with its shared mapped-file region (src/mm/ce.rs).
            if self.is_ce() {
                " (profile ce: 32 MB process slots, shared mapped-file region 0x42000000-0x7fffffff)"
            } else {
                ""
            }
        );
        // A process's own object is drawn only when some handle refers to it (the process
        // itself is its cluster).
        let mut objects: Vec<(ObjectId, &Object)> = host
            .objects
            .iter()
            .filter(|(_, o)| {
                let unreferenced_process =
                    matches!(o.body, Body::Process(_)) && o.handle_count == 0;
                !o.permanent && !unreferenced_process
            })
            .collect();
        objects.sort_by_key(|(_, o)| o.serial);
        let serial_of = |id: ObjectId| host.objects.get(id).map(|o| o.serial);

        // Namespace: directories holding user objects, and their ancestors.
        let mut dirs: BTreeSet<u64> = BTreeSet::new();
        let mut dir_ids: BTreeMap<u64, ObjectId> = BTreeMap::new();
        let mut dir_edges: BTreeSet<(u64, u64, String)> = BTreeSet::new();
        let mut name_edges: Vec<(u64, u64, String)> = Vec::new();
        for (_, o) in &objects {
            let Some(link) = &o.name else { continue };
            let Some(dir_serial) = serial_of(link.dir) else {
                continue;
            };
            name_edges.push((dir_serial, o.serial, link.component.to_string()));
            let mut cur = link.dir;
            for _ in 0..64 {
                let Some(d) = host.objects.get(cur) else {
                    break;
                };
                dirs.insert(d.serial);
                dir_ids.insert(d.serial, cur);
                let Some(parent) = &d.name else { break };
                let Some(parent_serial) = serial_of(parent.dir) else {
                    break;
                };
                dir_edges.insert((parent_serial, d.serial, parent.component.to_string()));
                cur = parent.dir;
            }
        }
        if !dirs.is_empty() {
            let _ = writeln!(out, "    subgraph cluster_h{host_id}_namespace {{");
            let _ = writeln!(
                out,
                "      label=\"namespace\"; style=dashed; color=gray60;"
            );
            for (serial, id) in &dir_ids {
                let path = host
                    .namespace
                    .full_path(&host.objects, *id)
                    .unwrap_or_else(|| "?".into());
                let _ = writeln!(
                    out,
                    "      {} [shape=folder, style=filled, fillcolor=\"#f2f2f2\", label=\"{}\"];",
                    object_node(host_id, *serial),
                    label(&[path])
                );
            }
            let _ = writeln!(out, "    }}");
            for (parent, child, _) in &dir_edges {
                let _ = writeln!(
                    out,
                    "    {} -> {} [color=gray60, arrowhead=none];",
                    object_node(host_id, *parent),
                    object_node(host_id, *child)
                );
            }
        }

        // Objects.
        if !objects.is_empty() {
            let _ = writeln!(out, "    subgraph cluster_h{host_id}_objects {{");
            let _ = writeln!(out, "      label=\"objects\"; style=dashed; color=gray60;");
            for (id, o) in &objects {
                let (lines, color) = self.dot_object_lines(host, *id, o);
                let _ = writeln!(
                    out,
                    "      {} [shape=box, style=\"rounded,filled\", fillcolor=\"{color}\", label=\"{}\"];",
                    object_node(host_id, o.serial),
                    label(&lines)
                );
            }
            let _ = writeln!(out, "    }}");
        }
        for (dir, object, name) in &name_edges {
            let _ = writeln!(
                out,
                "    {} -> {} [style=dotted, label=\"{}\"];",
                object_node(host_id, *dir),
                object_node(host_id, *object),
                esc(name)
            );
        }

        // Processes.
        for p in self.processes.values().filter(|p| p.spec.host == host_id) {
            let pid = p.pid.0;
            let _ = writeln!(out, "    subgraph cluster_p{pid} {{");
            let state = match p.exit_code {
                Some(code) => format!(", exited 0x{code:x}"),
                None => String::new(),
            };
            let _ = writeln!(
                out,
                "      label=\"process {} (pid {pid}, session {}{state})\"; style={}; color=gray30;",
                esc(&p.spec.name),
                p.spec.session,
                if p.exit_code.is_some() {
                    "\"rounded,dashed\""
                } else {
                    "rounded"
                }
            );
            if p.handles.len() == 0 && p.address_space.iter().next().is_none() {
                let _ = writeln!(
                    out,
                    "      p{pid} [shape=plaintext, label=\"(no handles, no views)\"];"
                );
            }
            let mut edges = Vec::new();
            for (h, e) in p.handles.iter() {
                let node = format!("p{pid}_h{:x}", h.value());
                let mut flags = String::new();
                if e.inherit {
                    flags.push_str(" inherit");
                }
                if e.protect_from_close {
                    flags.push_str(" protect");
                }
                let _ = writeln!(
                    out,
                    "      {node} [shape=box, label=\"{}\"];",
                    label(&[
                        format!("handle {h}"),
                        format!("access 0x{:x}{flags}", e.access)
                    ])
                );
                if let Some(serial) = serial_of(e.object) {
                    edges.push(format!("    {node} -> {};", object_node(host_id, serial)));
                }
            }
            for region in p.address_space.iter() {
                match region {
                    Region::View(v) => {
                        let node = format!("p{pid}_v{:x}", v.base);
                        let _ = writeln!(
                            out,
                            "      {node} [shape=component, style=filled, fillcolor=\"#e8f4ff\", label=\"{}\"];",
                            label(&[
                                format!("view 0x{:x}", v.base),
                                format!(
                                    "size 0x{:x} {}",
                                    v.size,
                                    protection::name(v.allocation_protect)
                                ),
                                format!("offset 0x{:x}", v.offset),
                            ])
                        );
                        if let Some(serial) = serial_of(v.section) {
                            edges.push(format!(
                                "    {node} -> {} [style=dashed, color=\"#3070b0\", label=\"maps\"];",
                                object_node(host_id, serial)
                            ));
                        }
                    }
                    Region::Private(r) => {
                        let _ = writeln!(
                            out,
                            "      p{pid}_m{:x} [shape=box3d, label=\"{}\"];",
                            r.base,
                            label(&[
                                format!("private 0x{:x}", r.base),
                                format!(
                                    "size 0x{:x}, {} committed pages",
                                    r.size,
                                    r.committed.count_in(0, r.size / PAGE_SIZE)
                                ),
                            ])
                        );
                    }
                }
            }
            let _ = writeln!(out, "    }}");
            for e in edges {
                out.push_str(&e);
                out.push('\n');
            }
        }
        self.dot_storage(out, host_id, host);
        let _ = writeln!(out, "  }}");
    }

    /// Files in a stable order (by disk, then path), numbered for node names.
    fn dot_file_numbers(&self) -> BTreeMap<FileId, usize> {
        let mut files: Vec<(usize, String, FileId)> = self
            .storage
            .files
            .iter()
            .map(|(id, n)| (n.disk, n.display.clone(), id))
            .collect();
        files.sort();
        files
            .into_iter()
            .enumerate()
            .map(|(i, (_, _, id))| (id, i))
            .collect()
    }

    /// A host's disk (the files it holds: size, sections, durable pages) and its caches (per
    /// file: cached and dirty pages), with an edge from each cache to the file it caches and
    /// from each file object to its file.
    fn dot_storage(&self, out: &mut String, host_id: usize, host: &Host) {
        let numbers = self.dot_file_numbers();
        let on_disk: Vec<(usize, &FileNode)> = self
            .storage
            .files
            .iter()
            .filter(|(_, n)| n.disk == host_id)
            .filter_map(|(id, n)| numbers.get(&id).map(|i| (*i, n)))
            .collect::<BTreeMap<_, _>>()
            .into_iter()
            .collect();
        if !on_disk.is_empty() {
            let _ = writeln!(out, "    subgraph cluster_h{host_id}_disk {{");
            let _ = writeln!(
                out,
                "      label=\"disk\"; style=filled; color=gray85; fillcolor=gray97;"
            );
            for (i, n) in on_disk {
                let mut lines = vec![n.display.clone(), format!("size {}", n.size)];
                lines.push(format!("durable pages {}", n.image.len()));
                if !n.sections.is_empty() {
                    lines.push(format!("sections {}", n.sections.len()));
                }
                if n.delete_pending {
                    lines.push("delete pending".into());
                }
                let _ = writeln!(
                    out,
                    "      file{i} [shape=cylinder, style=filled, fillcolor=\"#fff2cc\", label=\"{}\"];",
                    label(&lines)
                );
            }
            let _ = writeln!(out, "    }}");
        }
        let mut caches: Vec<(usize, usize, u64)> = host
            .caches
            .iter()
            .filter(|(_, c)| c.pages.len() > 0)
            .filter_map(|(id, c)| {
                numbers
                    .get(id)
                    .map(|i| (*i, c.pages.len(), c.dirty.count_in(0, u64::MAX)))
            })
            .collect();
        caches.sort_unstable();
        for (i, cached, dirty) in caches {
            let lines = [format!("cache: {cached} pages"), format!("{dirty} dirty")];
            let _ = writeln!(
                out,
                "    h{host_id}_cache{i} [shape=note, style=filled, fillcolor=\"#fde9d9\", label=\"{}\"];",
                label(&lines)
            );
            let _ = writeln!(
                out,
                "    h{host_id}_cache{i} -> file{i} [style=dotted, label=\"flush\"];"
            );
        }
        for (_, o) in host.objects.iter() {
            if let Body::File(f) = &o.body {
                if let Some(i) = numbers.get(&f.file) {
                    let _ = writeln!(
                        out,
                        "    {} -> file{i} [style=dotted, arrowhead=none];",
                        object_node(host_id, o.serial)
                    );
                }
            }
        }
    }

    /// Label lines and fill colour of an object node.
    fn dot_object_lines(
        &self,
        host: &Host,
        id: ObjectId,
        o: &Object,
    ) -> (Vec<String>, &'static str) {
        let ty = o.body.object_type().nt_name();
        let mut lines = vec![format!("#{} {ty}", o.serial)];
        let color = match &o.body {
            Body::Section(s) => {
                lines.push(format!(
                    "size 0x{:x} {} {}",
                    s.size,
                    protection::name(s.protection),
                    sec_names(s.attributes)
                ));
                lines.push(format!(
                    "committed pages {}, stored pages {}",
                    s.committed.count_in(0, s.page_count()),
                    s.store.len()
                ));
                "#cfe3f7"
            }
            Body::Event(e) => {
                lines.push(format!("{}, {}", e.kind(), e.state()));
                "#fff3c4"
            }
            Body::Mutant(m) => {
                lines.push(match m.owner.and_then(|pid| self.processes.get(&pid)) {
                    Some(p) => format!("owner {}", p.spec.name),
                    None => "unowned".into(),
                });
                "#fff3c4"
            }
            Body::Semaphore(s) => {
                lines.push(format!("count {} of {}", s.count, s.maximum));
                "#fff3c4"
            }
            Body::WaitableTimer(_) | Body::Job(_) => "#fff3c4",
            Body::Process(pid) => {
                if let Some(p) = self.processes.get(pid) {
                    lines.push(format!("{} pid {pid}", p.spec.name));
                }
                "#e6e6e6"
            }
            Body::File(f) => {
                if let Some(node) = self.storage.files.get(f.file) {
                    lines.push(node.display.to_string());
                }
                lines.push(format!("access 0x{:x}, position {}", f.access, f.position));
                "#d9f2d9"
            }
            Body::Directory(_) | Body::SymbolicLink(_) => "#f2f2f2",
        };
        if o.name.is_some() {
            if let Some(path) = host.namespace.full_path(&host.objects, id) {
                lines.insert(1, path);
            }
        }
        lines.push(format!(
            "handles {}, pointers {}",
            o.handle_count, o.pointer_count
        ));
        (lines, color)
    }
}
