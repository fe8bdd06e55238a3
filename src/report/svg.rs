//! The machine state as an SVG picture, drawn by winsection itself (no Graphviz needed to view
//! it): processes with their handles and views on the left, the objects they refer to in the
//! middle (sections, synchronisation objects, files, with counts), the files on disk and the
//! hosts' caches on the right; lines from each handle and view to its object and from each
//! file-backed section and file object to its file. An item whose text differs from the
//! previous step's (or is new) is drawn highlighted.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write;

use crate::dump_dot::access_names;
use crate::mm::address_space::Region;
use crate::mm::protection;
use crate::mm::section::Backing;
use crate::object_body::{Body, Object};
use crate::system::System;

/// One box (a row of lines) in the picture.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Item {
    /// Stable across steps: what the item is (`o0:18`, `p256h4`, `f3`).
    key: String,
    lines: Vec<String>,
    /// Fill colour.
    fill: &'static str,
    /// Drawn indented: a process's handle, view or allocation, under the process's row.
    indent: bool,
}

/// A line between two items.
struct Edge {
    from: String,
    to: String,
    dashed: bool,
    color: &'static str,
}

/// What a step shows: the items by column, and the edges.
pub struct Picture {
    columns: [Vec<Item>; 3],
    edges: Vec<Edge>,
    /// The processes column's title: it names the machine profile on CE (issue 9: the
    /// pictures show the profile).
    processes_title: &'static str,
}

/// Each item's text by key: what the next step compares with.
pub type Seen = BTreeMap<String, Vec<String>>;

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

impl Picture {
    /// The picture of `sys` now.
    pub fn of(sys: &System) -> Picture {
        let mut processes = Vec::new();
        let mut objects = Vec::new();
        let mut files = Vec::new();
        let mut edges = Vec::new();
        let numbers = sys.dot_file_numbers();
        for (host_id, host) in sys.hosts.iter().enumerate() {
            let mut list: Vec<(crate::ob::object::ObjectId, &Object)> = host
                .objects
                .iter()
                .filter(|(_, o)| {
                    // As in `dump --dot`: no namespace objects, and a process's own object
                    // only while a handle refers to it.
                    let unreferenced_process =
                        matches!(o.body, Body::Process(_)) && o.handle_count == 0;
                    !o.permanent() && !unreferenced_process
                })
                .collect();
            list.sort_by_key(|(id, _)| host.objects.serial(*id));
            for (id, o) in list {
                let (mut lines, fill) = sys.dot_object_lines(host, id, o);
                if sys.hosts.len() > 1 {
                    lines.insert(0, format!("host {}", host.name));
                }
                let key = format!("o{host_id}:{}", host.objects.serial(id).unwrap_or(0));
                match &o.body {
                    Body::Section(s) => {
                        if let Backing::File { file, .. } = &s.backing {
                            if let Some(i) = numbers.get(file) {
                                edges.push(Edge {
                                    from: key.clone(),
                                    to: format!("f{i}"),
                                    dashed: true,
                                    color: "#b07030",
                                });
                            }
                        }
                    }
                    Body::File(f) => {
                        if let Some(i) = numbers.get(&f.file) {
                            edges.push(Edge {
                                from: key.clone(),
                                to: format!("f{i}"),
                                dashed: true,
                                color: "#60a060",
                            });
                        }
                    }
                    _ => {}
                }
                objects.push(Item {
                    key,
                    lines,
                    fill,
                    indent: false,
                });
            }
            let serial_of = |id| host.objects.serial(id);
            for p in sys.processes.values().filter(|p| p.spec.host == host_id) {
                let pid = p.pid.0;
                let state = match p.exit_code {
                    Some(c) => format!(", exited 0x{c:x}"),
                    None => String::new(),
                };
                let mut place = sys.process_place(p).into_iter();
                let mut lines = vec![format!(
                    "process {} (pid {pid}, {}{state})",
                    p.spec.name,
                    place.next().unwrap_or_default()
                )];
                lines.extend(place);
                processes.push(Item {
                    key: format!("p{pid}"),
                    lines,
                    fill: "#e6e6e6",
                    indent: false,
                });
                for (h, e) in p.handles.iter() {
                    let key = format!("p{pid}h{:x}", h.value());
                    let rights = match host.objects.get(e.object) {
                        Some(o) => access_names(o.body.object_type(), e.access),
                        None => format!("0x{:x}", e.access),
                    };
                    let target = serial_of(e.object);
                    let mut line = format!("handle {h}");
                    if let Some(s) = target {
                        let _ = write!(line, " -> #{s}");
                    }
                    if e.inherit {
                        line.push_str(" inherit");
                    }
                    processes.push(Item {
                        key: key.clone(),
                        lines: vec![line, rights],
                        fill: "#ffffff",
                        indent: true,
                    });
                    if let Some(s) = target {
                        edges.push(Edge {
                            from: key,
                            to: format!("o{host_id}:{s}"),
                            dashed: false,
                            color: "#404040",
                        });
                    }
                }
                for region in p.address_space.iter() {
                    match region {
                        Region::View(v) => {
                            let key = format!("p{pid}v{:x}", v.base);
                            let target = serial_of(v.section);
                            processes.push(Item {
                                key: key.clone(),
                                lines: vec![
                                    format!("view 0x{:x} -> #{}", v.base, target.unwrap_or(0)),
                                    format!(
                                        "size 0x{:x} {} offset 0x{:x}",
                                        v.size,
                                        protection::name(v.allocation_protect),
                                        v.offset
                                    ),
                                ],
                                fill: "#e8f4ff",
                                indent: true,
                            });
                            if let Some(s) = target {
                                edges.push(Edge {
                                    from: key,
                                    to: format!("o{host_id}:{s}"),
                                    dashed: true,
                                    color: "#3070b0",
                                });
                            }
                        }
                        Region::Private(r) => processes.push(Item {
                            key: format!("p{pid}m{:x}", r.base),
                            lines: vec![format!("private 0x{:x} size 0x{:x}", r.base, r.size)],
                            fill: "#f4f4f4",
                            indent: true,
                        }),
                    }
                }
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
                let key = format!("c{host_id}:{i}");
                files.push(Item {
                    key: key.clone(),
                    lines: vec![
                        format!("cache of {} on {}", file_name(sys, &numbers, i), host.name),
                        format!("{cached} pages, {dirty} dirty"),
                    ],
                    fill: "#fde9d9",
                    indent: false,
                });
                edges.push(Edge {
                    from: key,
                    to: format!("f{i}"),
                    dashed: true,
                    color: "#c08080",
                });
            }
        }
        let mut disk: Vec<(usize, Item)> = sys
            .storage
            .files
            .iter()
            .filter_map(|(id, n)| {
                numbers.get(&id).map(|i| {
                    (
                        *i,
                        Item {
                            key: format!("f{i}"),
                            lines: vec![
                                n.display.clone(),
                                format!("size {}, durable pages {}", n.size, n.image.len()),
                            ],
                            fill: "#fff2cc",
                            indent: false,
                        },
                    )
                })
            })
            .collect();
        disk.sort_by_key(|(i, _)| *i);
        let mut right: Vec<Item> = disk.into_iter().map(|(_, it)| it).collect();
        right.extend(files);
        Picture {
            columns: [processes, objects, right],
            processes_title: if sys.is_ce() {
                "processes (profile ce: 32 MB slots; shared region 0x42000000-0x7fffffff)"
            } else {
                "processes: handles and views"
            },
            edges,
        }
    }

    /// Each item's text, for the next step's comparison.
    pub fn seen(&self) -> Seen {
        self.columns
            .iter()
            .flatten()
            .map(|it| (it.key.clone(), it.lines.clone()))
            .collect()
    }

    /// The SVG, with items that differ from `before` highlighted (class `changed`).
    pub fn svg(&self, before: &Seen) -> String {
        const CHAR_W: f64 = 6.6;
        const LINE_H: f64 = 14.0;
        const GAP: f64 = 8.0;
        const COL_GAP: f64 = 90.0;
        let titles = [self.processes_title, "objects", "files and caches"];
        let mut places: BTreeMap<&str, (f64, f64, f64, f64)> = BTreeMap::new();
        let mut body = String::new();
        let mut x = 10.0;
        let mut height: f64 = 40.0;
        for (col, items) in self.columns.iter().enumerate() {
            let width = items
                .iter()
                .flat_map(|it| it.lines.iter())
                .map(|l| l.chars().count())
                .max()
                .unwrap_or(10)
                .max(titles.get(col).map_or(10, |t| t.len())) as f64
                * CHAR_W
                + 12.0;
            let _ = write!(
                body,
                "<text x=\"{x}\" y=\"18\" class=\"title\">{}</text>",
                esc(titles.get(col).copied().unwrap_or(""))
            );
            let mut y = 30.0;
            if items.is_empty() {
                let _ = write!(
                    body,
                    "<text x=\"{x}\" y=\"{}\" class=\"none\">(none)</text>",
                    y + 12.0
                );
            }
            for it in items {
                let h = it.lines.len() as f64 * LINE_H + 6.0;
                let changed = before.get(&it.key) != Some(&it.lines);
                let class = if changed { "item changed" } else { "item" };
                let indent = if it.indent { 12.0 } else { 0.0 };
                let _ = write!(
                    body,
                    "<g class=\"{class}\" data-key=\"{}\"><rect x=\"{}\" y=\"{y}\" width=\"{}\" height=\"{h}\" rx=\"4\" fill=\"{}\"/>",
                    esc(&it.key),
                    x + indent,
                    width - indent,
                    it.fill
                );
                for (k, line) in it.lines.iter().enumerate() {
                    let _ = write!(
                        body,
                        "<text x=\"{}\" y=\"{}\">{}</text>",
                        x + indent + 6.0,
                        y + 14.0 + k as f64 * LINE_H,
                        esc(line)
                    );
                }
                body.push_str("</g>");
                places.insert(&it.key, (x + indent, y, width - indent, h));
                y += h + GAP;
            }
            height = height.max(y + 10.0);
            x += width + COL_GAP;
        }
        let mut lines = String::new();
        let mut drawn = BTreeSet::new();
        for e in &self.edges {
            let (Some(a), Some(b)) = (places.get(e.from.as_str()), places.get(e.to.as_str()))
            else {
                continue;
            };
            if !drawn.insert((e.from.as_str(), e.to.as_str())) {
                continue;
            }
            let (x1, y1) = (a.0 + a.2, a.1 + a.3 / 2.0);
            let (x2, y2) = (b.0, b.1 + b.3 / 2.0);
            let dash = if e.dashed {
                " stroke-dasharray=\"5 3\""
            } else {
                ""
            };
            let _ = write!(
                lines,
                "<path d=\"M{x1:.1},{y1:.1} C{:.1},{y1:.1} {:.1},{y2:.1} {x2:.1},{y2:.1}\" stroke=\"{}\" fill=\"none\"{dash} marker-end=\"url(#arrow)\"/>",
                x1 + 40.0,
                x2 - 40.0,
                e.color
            );
        }
        format!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{x:.0}\" height=\"{height:.0}\" viewBox=\"0 0 {x:.0} {height:.0}\">\
             <defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto-start-reverse\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"#606060\"/></marker></defs>\
             {lines}{body}</svg>"
        )
    }
}

fn file_name(
    sys: &System,
    numbers: &BTreeMap<crate::io::storage::FileId, usize>,
    i: usize,
) -> String {
    numbers
        .iter()
        .find(|(_, n)| **n == i)
        .and_then(|(id, _)| sys.storage.files.get(*id))
        .map_or_else(|| format!("file {i}"), |n| n.display.clone())
}
