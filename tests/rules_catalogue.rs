//! docs/rules.md's "Where" lines are what the code cites: for every rule, the `src/` files,
//! `tests/` files and built-in scenarios whose comments cite its id. Stale lines fail this
//! test; `WINSECTION_BLESS=1 cargo test --test rules_catalogue` rewrites them.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use winsection::catalogue::{self, WHERE_PREFIX};

fn files(dir: &Path, ext: &str, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            files(&p, ext, out);
        } else if p.extension().is_some_and(|x| x == ext) {
            out.push(p);
        }
    }
}

/// Rule id -> the files citing it, relative to the repository.
fn citations(
    root: &Path,
    dir: &str,
    ext: &str,
    known: &BTreeSet<String>,
) -> BTreeMap<String, Vec<String>> {
    let mut paths = Vec::new();
    files(&root.join(dir), ext, &mut paths);
    paths.sort();
    let mut by_id: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for p in paths {
        // The catalogue's own modules cite nothing; they parse and list the ids.
        if p.ends_with("src/catalogue.rs") || p.ends_with("src/rule.rs") {
            continue;
        }
        let text = std::fs::read_to_string(&p).unwrap();
        let rel = p.strip_prefix(root).unwrap().display().to_string();
        let shown = if ext == "scn" {
            p.file_stem().unwrap().to_string_lossy().into_owned()
        } else {
            rel
        };
        for id in catalogue::cited_ids(&text, ext == "scn", known) {
            by_id.entry(id).or_default().push(shown.clone());
        }
    }
    by_id
}

#[test]
fn where_lines_are_current() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let doc_path = root.join("docs/rules.md");
    let doc = std::fs::read_to_string(&doc_path).unwrap();
    let rules = catalogue::parse(&doc);
    let known: BTreeSet<String> = rules.iter().map(|r| r.id.clone()).collect();
    assert_eq!(known.len(), rules.len(), "duplicate rule ids");
    let implemented = citations(root, "src", "rs", &known);
    let tested = citations(root, "tests", "rs", &known);
    let scenarios = citations(root, "scenarios", "scn", &known);
    let mut want = BTreeMap::new();
    for id in &known {
        let get = |m: &BTreeMap<String, Vec<String>>| m.get(id).cloned().unwrap_or_default();
        want.insert(
            id.clone(),
            catalogue::where_line(&get(&implemented), &get(&tested), &get(&scenarios)),
        );
    }
    // Rewrite every rule's Where line with the computed one.
    let mut out = String::new();
    let mut current: Option<String> = None;
    for line in doc.lines() {
        if let Some(head) = line.strip_prefix("### ") {
            current = head.split_once(" — ").map(|(id, _)| id.trim().to_string());
        } else if line.starts_with("## ") {
            current = None;
        }
        if line.starts_with(WHERE_PREFIX) {
            if let Some(w) = current.as_ref().and_then(|id| want.get(id)) {
                out.push_str(w);
                out.push('\n');
                continue;
            }
        }
        out.push_str(line);
        out.push('\n');
    }
    if out != doc {
        if std::env::var_os("WINSECTION_BLESS").is_some() {
            std::fs::write(&doc_path, &out).unwrap();
        } else {
            panic!(
                "docs/rules.md's Where lines are stale (a citation was added or removed): \
                 WINSECTION_BLESS=1 cargo test --test rules_catalogue"
            );
        }
    }
    // The catalogue built into the binary is this file.
    assert_eq!(catalogue::rules().len(), rules.len());
    // Most rules are implemented and tested somewhere the code says so.
    let cited = rules
        .iter()
        .filter(|r| implemented.contains_key(&r.id) || tested.contains_key(&r.id))
        .count();
    assert!(cited * 2 > rules.len(), "{cited} of {} cited", rules.len());
}

/// The typed rule ids (`winsection::RuleId`) are the catalogue's, in its order: an id in code
/// that is not in docs/rules.md, or a rule without an id in code, fails here.
#[test]
fn rule_ids_are_the_catalogue() {
    let ids: Vec<String> = catalogue::rules().into_iter().map(|r| r.id).collect();
    let typed: Vec<&str> = winsection::RuleId::ALL.iter().map(|r| r.as_str()).collect();
    assert_eq!(typed, ids);
}

/// Every rule is either tagged where the engine decides it (`RuleId::X` in `src/`, outside
/// test modules) or listed, with why, under "Rules the engine does not tag" — never both.
#[test]
fn tagged_and_untagged_rules_are_the_catalogue() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let doc = std::fs::read_to_string(root.join("docs/rules.md")).unwrap();
    let known: BTreeSet<String> = catalogue::parse(&doc).into_iter().map(|r| r.id).collect();
    let mut paths = Vec::new();
    files(&root.join("src"), "rs", &mut paths);
    let mut tagged = BTreeSet::new();
    for p in paths {
        // The id list itself names every rule.
        if p.ends_with("src/rule.rs") {
            continue;
        }
        let text = std::fs::read_to_string(&p).unwrap();
        let code = text.split("#[cfg(test)]").next().unwrap_or("");
        tagged.extend(catalogue::tagged_ids(code, &known));
    }
    let untagged: Vec<(String, String)> = catalogue::untagged(&doc);
    let untagged_ids: BTreeSet<String> = untagged.iter().map(|(id, _)| id.clone()).collect();
    assert_eq!(untagged_ids.len(), untagged.len(), "a rule listed twice");
    assert!(untagged.iter().all(|(_, why)| !why.is_empty()));
    let both: Vec<&String> = tagged.intersection(&untagged_ids).collect();
    assert!(both.is_empty(), "tagged and listed as untagged: {both:?}");
    let unknown: Vec<&String> = untagged_ids.difference(&known).collect();
    assert!(
        unknown.is_empty(),
        "listed but not in the catalogue: {unknown:?}"
    );
    let neither: Vec<&String> = known
        .iter()
        .filter(|id| !tagged.contains(*id) && !untagged_ids.contains(*id))
        .collect();
    assert!(
        neither.is_empty(),
        "rules neither tagged in src/ nor listed under \"{}\": {neither:?}",
        catalogue::UNTAGGED_HEADING
    );
    // Most of the catalogue is engine decisions.
    assert!(tagged.len() > 130, "{} tagged", tagged.len());
}
