//! The machine state as a Graphviz DOT picture (`winsection dump --dot FILE`,
//! `winsection run FILE --dot OUT`): read-only, deterministic (everything is ordered by
//! object serial, handle value, address or pid; nothing depends on hash order).
//!
//! One cluster per host. Inside it:
//! - the namespace directories that hold user objects, with the path down to them
//!   (folders; dotted edges labelled with each entry's name), and their symbolic links
//!   (`Global`, `Local`, `Session`) with a dashed edge to the directory each points to;
//! - every non-namespace object with its type, detail, handle count and pointer count
//!   (sections blue, synchronisation objects yellow, processes grey);
//! - one cluster per process with its handle-table entries (value, access rights by name,
//!   `SECTION_MAP_READ|SECTION_MAP_WRITE`, flags) and its
//!   views; solid edges go from a handle to its object, dashed ones from a view to its
//!   section;
//! - the host's disk (each file it holds: size, durable pages, sections) and the host's caches
//!   (cached and dirty pages per file), with dotted edges from caches and file objects to the
//!   file — so two hosts caching one remote file show up as two caches of one disk file;
//!   a file-backed section has an edge to its file ("backed by", "image of");
//! - a legend cluster that says what each shape and edge means.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write;

use crate::consts::PAGE_SIZE;
use crate::dump::sec_names;
use crate::io::storage::{FileId, FileNode};
use crate::mm::address_space::Region;
use crate::mm::protection;
use crate::mm::section::Backing;
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

/// What each shape, colour and edge means (the picture's last cluster).
const LEGEND: &str = "  subgraph cluster_legend {
    label=\"legend\"; style=dashed; color=gray70; fontsize=9;
    node [fontsize=8];
    edge [fontsize=8];
    legend_dir [shape=folder, style=filled, fillcolor=\"#f2f2f2\", label=\"namespace directory\"];
    legend_link [shape=cds, style=filled, fillcolor=\"#ececff\", label=\"symbolic link\\n(Global, Local, Session)\"];
    legend_section [shape=box, style=\"rounded,filled\", fillcolor=\"#cfe3f7\", label=\"section\\nhandles N, pointers N\"];
    legend_sync [shape=box, style=\"rounded,filled\", fillcolor=\"#fff3c4\", label=\"event, mutex,\\nsemaphore, timer, job\"];
    legend_fileobj [shape=box, style=\"rounded,filled\", fillcolor=\"#d9f2d9\", label=\"file object\\n(an open file)\"];
    legend_handle [shape=box, label=\"handle VALUE\\naccess rights\"];
    legend_view [shape=component, style=filled, fillcolor=\"#e8f4ff\", label=\"view\"];
    legend_file [shape=cylinder, style=filled, fillcolor=\"#fff2cc\", label=\"file on disk\"];
    legend_cache [shape=note, style=filled, fillcolor=\"#fde9d9\", label=\"host cache\\nof a file\"];
    legend_dir -> legend_section [style=dotted, label=\"name\"];
    legend_dir -> legend_link [style=dotted, label=\"name\"];
    legend_link -> legend_dir [color=\"#6060c0\", style=dashed, label=\"points to\"];
    legend_handle -> legend_section [label=\"refers to\"];
    legend_view -> legend_section [style=dashed, color=\"#3070b0\", label=\"maps\"];
    legend_section -> legend_file [color=\"#b07030\", label=\"backed by\"];
    legend_fileobj -> legend_file [style=dotted, arrowhead=none];
    legend_cache -> legend_file [style=dotted, label=\"flush\"];
  }
";

/// The rights of one object type, most inclusive first: `*_ALL_ACCESS`, then the composite
/// standard rights, then each specific and standard right (winnt.h names; consts.rs values).
fn rights_of(ty: crate::ob::object_type::ObjectType) -> &'static [(&'static str, u32)] {
    use crate::ob::object_type::ObjectType as T;
    const STANDARD: [(&str, u32); 6] = [
        ("STANDARD_RIGHTS_REQUIRED", 0x000F_0000),
        ("DELETE", 0x0001_0000),
        ("READ_CONTROL", 0x0002_0000),
        ("WRITE_DAC", 0x0004_0000),
        ("WRITE_OWNER", 0x0008_0000),
        ("SYNCHRONIZE", 0x0010_0000),
    ];
    macro_rules! rights {
        ($($name:literal = $v:expr),* $(,)?) => {{
            const R: &[(&str, u32)] = &[
                $(($name, $v),)*
                STANDARD[0], STANDARD[1], STANDARD[2], STANDARD[3], STANDARD[4], STANDARD[5],
            ];
            R
        }};
    }
    match ty {
        T::Section => rights!(
            "SECTION_ALL_ACCESS" = 0x000F_001F,
            "SECTION_QUERY" = 0x1,
            "SECTION_MAP_WRITE" = 0x2,
            "SECTION_MAP_READ" = 0x4,
            "SECTION_MAP_EXECUTE" = 0x8,
            "SECTION_EXTEND_SIZE" = 0x10,
            "SECTION_MAP_EXECUTE_EXPLICIT" = 0x20,
        ),
        T::Event => rights!(
            "EVENT_ALL_ACCESS" = 0x001F_0003,
            "EVENT_QUERY_STATE" = 0x1,
            "EVENT_MODIFY_STATE" = 0x2,
        ),
        T::Mutant => rights!("MUTEX_ALL_ACCESS" = 0x001F_0001, "MUTANT_QUERY_STATE" = 0x1),
        T::Semaphore => rights!(
            "SEMAPHORE_ALL_ACCESS" = 0x001F_0003,
            "SEMAPHORE_QUERY_STATE" = 0x1,
            "SEMAPHORE_MODIFY_STATE" = 0x2,
        ),
        T::WaitableTimer => rights!(
            "TIMER_ALL_ACCESS" = 0x001F_0003,
            "TIMER_QUERY_STATE" = 0x1,
            "TIMER_MODIFY_STATE" = 0x2,
        ),
        T::Job => rights!(
            "JOB_OBJECT_ALL_ACCESS" = 0x001F_003F,
            "JOB_OBJECT_ASSIGN_PROCESS" = 0x1,
            "JOB_OBJECT_SET_ATTRIBUTES" = 0x2,
            "JOB_OBJECT_QUERY" = 0x4,
            "JOB_OBJECT_TERMINATE" = 0x8,
            "JOB_OBJECT_SET_SECURITY_ATTRIBUTES" = 0x10,
        ),
        T::Directory => rights!(
            "DIRECTORY_ALL_ACCESS" = 0x000F_000F,
            "DIRECTORY_QUERY" = 0x1,
            "DIRECTORY_TRAVERSE" = 0x2,
            "DIRECTORY_CREATE_OBJECT" = 0x4,
            "DIRECTORY_CREATE_SUBDIRECTORY" = 0x8,
        ),
        T::SymbolicLink => rights!(
            "SYMBOLIC_LINK_ALL_ACCESS" = 0x000F_0001,
            "SYMBOLIC_LINK_QUERY" = 0x1
        ),
        T::Process => rights!(
            "PROCESS_ALL_ACCESS" = 0x001F_FFFF,
            "PROCESS_TERMINATE" = 0x1,
            "PROCESS_DUP_HANDLE" = 0x40,
            "PROCESS_QUERY_INFORMATION" = 0x400,
            "PROCESS_QUERY_LIMITED_INFORMATION" = 0x1000,
        ),
        T::File => rights!(
            "FILE_ALL_ACCESS" = 0x001F_01FF,
            "FILE_READ_DATA" = 0x1,
            "FILE_WRITE_DATA" = 0x2,
            "FILE_APPEND_DATA" = 0x4,
            "FILE_READ_EA" = 0x8,
            "FILE_WRITE_EA" = 0x10,
            "FILE_EXECUTE" = 0x20,
            "FILE_READ_ATTRIBUTES" = 0x80,
            "FILE_WRITE_ATTRIBUTES" = 0x100,
        ),
    }
}

/// An access mask by name for an object of type `ty` (the type's own rights first, then the
/// standard ones): `SECTION_MAP_WRITE|SECTION_MAP_READ`,
/// the type's `*_ALL_ACCESS` when every right is there, bits without a name in hex.
pub fn access_names(ty: crate::ob::object_type::ObjectType, mask: u32) -> String {
    if mask == 0 {
        return "0".into();
    }
    let mut left = mask;
    let mut names = Vec::new();
    for (name, bits) in rights_of(ty) {
        if *bits != 0 && left & bits == *bits {
            names.push((*name).to_string());
            left &= !bits;
        }
    }
    if left != 0 {
        names.push(format!("0x{left:x}"));
    }
    names.join("|")
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
        out.push_str(LEGEND);
        out.push_str("}\n");
        out
    }

    /// Where a process lives, for the pictures, one line per fact: its 32 MB slot on CE (no
    /// sessions there), else its session, then its app container, SID and capabilities
    /// (issue 9: the pictures show process slots and app containers; catalog J9, K8).
    pub(crate) fn process_place(&self, p: &crate::ps::Process) -> Vec<String> {
        if let Some((slot, first, last)) = self.ce_slot(p.pid).filter(|_| self.is_ce()) {
            return vec![format!("slot {slot}: {first:#x}-{last:#x}")];
        }
        let mut lines = vec![format!("session {}", p.spec.session)];
        if let Some(name) = &p.spec.app_container {
            lines.push(format!("app container {name}"));
            lines.push(crate::ob::app_container::app_container_sid(name));
            if !p.spec.capabilities.is_empty() {
                let caps: Vec<&str> = p.spec.capabilities.iter().map(String::as_str).collect();
                lines.push(format!("capabilities {}", caps.join(",")));
            }
        }
        lines
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
                !o.permanent() && !unreferenced_process
            })
            .collect();
        let serial_of = |id: ObjectId| host.objects.serial(id);
        objects.sort_by_key(|(id, _)| serial_of(*id));

        // Namespace: directories holding user objects, and their ancestors.
        let mut dirs: BTreeSet<u64> = BTreeSet::new();
        let mut dir_ids: BTreeMap<u64, ObjectId> = BTreeMap::new();
        let mut dir_edges: BTreeSet<(u64, u64, String)> = BTreeSet::new();
        let mut name_edges: Vec<(u64, u64, String)> = Vec::new();
        // A directory and its ancestors, up to the root.
        let mut add_chain =
            |start: ObjectId, dirs: &mut BTreeSet<u64>, dir_ids: &mut BTreeMap<u64, ObjectId>| {
                let mut cur = start;
                for _ in 0..64 {
                    let (Some(d), Some(d_serial)) = (host.objects.get(cur), serial_of(cur)) else {
                        break;
                    };
                    dirs.insert(d_serial);
                    dir_ids.insert(d_serial, cur);
                    let Some(parent) = &d.name else { break };
                    let Some(parent_serial) = serial_of(parent.dir) else {
                        break;
                    };
                    dir_edges.insert((parent_serial, d_serial, parent.component.to_string()));
                    cur = parent.dir;
                }
            };
        for (id, o) in &objects {
            let Some(link) = &o.name else { continue };
            let (Some(dir_serial), Some(serial)) = (serial_of(link.dir), serial_of(*id)) else {
                continue;
            };
            name_edges.push((dir_serial, serial, link.component.to_string()));
            add_chain(link.dir, &mut dirs, &mut dir_ids);
        }
        // The symbolic links (`Global`, `Local`, `Session`) of the directories drawn, and the
        // directories they point to (catalog A1-A6): how `Global\X` reaches `\BaseNamedObjects`.
        let mut links: Vec<(u64, u64, String, String)> = Vec::new();
        let mut sorted: Vec<(ObjectId, &Object)> = host.objects.iter().collect();
        sorted.sort_by_key(|(id, _)| serial_of(*id));
        for (id, o) in &sorted {
            let (Body::SymbolicLink(l), Some(name)) = (&o.body, &o.name) else {
                continue;
            };
            let (Some(dir_serial), Some(serial)) = (serial_of(name.dir), serial_of(*id)) else {
                continue;
            };
            if !dirs.contains(&dir_serial) {
                continue;
            }
            links.push((
                dir_serial,
                serial,
                name.component.to_string(),
                l.target.to_string(),
            ));
        }
        let mut link_targets: Vec<(u64, u64)> = Vec::new();
        for (_, link_serial, _, target) in &links {
            let found = sorted.iter().find(|(id, t)| {
                matches!(t.body, Body::Directory(_))
                    && host.namespace.full_path(&host.objects, *id).as_deref() == Some(target)
            });
            if let Some((id, _)) = found {
                add_chain(*id, &mut dirs, &mut dir_ids);
                if let Some(target_serial) = serial_of(*id) {
                    link_targets.push((*link_serial, target_serial));
                }
            }
        }
        if !dirs.is_empty() {
            let _ = writeln!(out, "    subgraph cluster_h{host_id}_namespace {{");
            let _ = writeln!(
                out,
                "      label=\"{}\"; style=dashed; color=gray60;",
                if self.is_ce() {
                    // CE: one flat namespace (catalog K7; src/ob/ce_names.rs).
                    "namespace (one global namespace, no sessions)"
                } else {
                    "namespace"
                }
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
            for (_, serial, name, target) in &links {
                let _ = writeln!(
                    out,
                    "      {} [shape=cds, style=filled, fillcolor=\"#ececff\", label=\"{}\"];",
                    object_node(host_id, *serial),
                    label(&[format!("{name} -> {target}"), "symbolic link".into()])
                );
            }
            let _ = writeln!(out, "    }}");
            for (dir, serial, name, _) in &links {
                let _ = writeln!(
                    out,
                    "    {} -> {} [style=dotted, label=\"{}\"];",
                    object_node(host_id, *dir),
                    object_node(host_id, *serial),
                    esc(name)
                );
            }
            for (link, target) in &link_targets {
                let _ = writeln!(
                    out,
                    "    {} -> {} [color=\"#6060c0\", style=dashed, label=\"points to\"];",
                    object_node(host_id, *link),
                    object_node(host_id, *target)
                );
            }
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
                    object_node(host_id, serial_of(*id).unwrap_or(0)),
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
            let context = self.process_place(p).join("\n");
            let _ = writeln!(
                out,
                "      label=\"process {} (pid {pid}, {}{state})\"; style={}; color=gray30;",
                esc(&p.spec.name),
                esc(&context),
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
                        match host.objects.get(e.object) {
                            Some(o) => access_names(o.body.object_type(), e.access),
                            None => format!("0x{:x}", e.access),
                        } + &flags
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
                                format!("view 0x{:x}{}", v.base, self.ce_region_note(v.base)),
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
    pub(crate) fn dot_file_numbers(&self) -> BTreeMap<FileId, usize> {
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
        let mut objects: Vec<(u64, &Object)> = host
            .objects
            .iter()
            .map(|(id, o)| (host.objects.serial(id).unwrap_or(0), o))
            .collect();
        objects.sort_by_key(|&(serial, _)| serial);
        for (serial, o) in objects {
            if let Body::File(f) = &o.body {
                if let Some(i) = numbers.get(&f.file) {
                    let _ = writeln!(
                        out,
                        "    {} -> file{i} [style=dotted, arrowhead=none];",
                        object_node(host_id, serial)
                    );
                }
            }
            // A file-backed section: its pages are the file's (through the host's cache).
            if let Body::Section(s) = &o.body {
                if let Backing::File { file, image, .. } = &s.backing {
                    if let Some(i) = numbers.get(file) {
                        let _ = writeln!(
                            out,
                            "    {} -> file{i} [color=\"#b07030\", label=\"{}\"];",
                            object_node(host_id, serial),
                            if *image { "image of" } else { "backed by" }
                        );
                    }
                }
            }
        }
    }

    /// Label lines and fill colour of an object node.
    pub(crate) fn dot_object_lines(
        &self,
        host: &Host,
        id: ObjectId,
        o: &Object,
    ) -> (Vec<String>, &'static str) {
        let ty = o.body.object_type().nt_name();
        let serial = host.objects.serial(id).unwrap_or(0);
        let mut lines = vec![format!("#{serial} {ty}")];
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
                lines.push(format!(
                    "{}, position {}",
                    access_names(crate::ob::object_type::ObjectType::File, f.access),
                    f.position
                ));
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

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;
    use crate::ob::object_type::ObjectType;

    #[test]
    fn access_rights_by_name() {
        assert_eq!(
            access_names(ObjectType::Section, 0x000F_0007),
            "SECTION_QUERY|SECTION_MAP_WRITE|SECTION_MAP_READ|STANDARD_RIGHTS_REQUIRED"
        );
        assert_eq!(
            access_names(ObjectType::Section, 0x000F_001F),
            "SECTION_ALL_ACCESS"
        );
        assert_eq!(
            access_names(ObjectType::Event, 0x0010_0002),
            "EVENT_MODIFY_STATE|SYNCHRONIZE"
        );
        assert_eq!(
            access_names(ObjectType::Section, 0x0100_0004),
            "SECTION_MAP_READ|0x1000000"
        );
    }

    #[test]
    fn links_rights_backing_and_legend() {
        let src = "process a\n\
                   a: f = CreateFileW(\"C:\\\\d.bin\", GENERIC_READ | GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL)\n\
                   a: s = CreateFileMappingW(f, NULL, PAGE_READWRITE, 0, 4096, \"Named\")\n\
                   a: r = OpenFileMappingW(FILE_MAP_READ, FALSE, \"Named\")\n";
        let script = crate::scenario::load(src.as_bytes()).unwrap();
        let dot = crate::scenario::run(&script).system.dump_dot();
        assert!(
            dot.contains(" -> file0 [color=\"#b07030\", label=\"backed by\"];"),
            "{dot}"
        );
        assert!(dot.contains("handle 0xc\\nSECTION_MAP_READ\""), "{dot}");
        assert!(
            dot.contains("label=\"Global -> \\\\BaseNamedObjects\\nsymbolic link\""),
            "{dot}"
        );
        assert!(dot.contains("label=\"points to\""), "{dot}");
        assert!(dot.contains("subgraph cluster_legend {"), "{dot}");
    }
}
