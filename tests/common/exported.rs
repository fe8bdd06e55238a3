//! The part of an exported C program that depends on the scenario, as a reviewed snapshot.

#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

/// The program's header and its statement functions (the runtime, the same for every program,
/// is left out), snapshotted as `snapshots/NAME.snap`.
pub fn assert_generated_snapshot(name: &str, c: &str) {
    let start = c.find("/* ---- the scenario's statements ---- */").unwrap();
    let end = c
        .find("/* ---- winsection export-c runtime, part 2")
        .unwrap();
    let head_end = c.find("#define WS_TRACE_VERSION").unwrap();
    let generated = format!("{}\n{}", &c[..head_end], &c[start..end]);
    let mut s = insta::Settings::clone_current();
    s.set_snapshot_path(concat!(env!("CARGO_MANIFEST_DIR"), "/snapshots"));
    s.set_prepend_module_to_snapshot(false);
    s.bind(|| insta::assert_snapshot!(name, generated));
}
