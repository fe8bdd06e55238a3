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

/// `winsection compare --wine SCENARIO` (a path from the crate's root): its standard output,
/// after checking that it exits 0 (no new difference); None, said on standard output, when
/// mingw-w64 or Wine is not installed.
pub fn compare_with_wine(scenario: &str) -> Option<String> {
    use winsection::compare::wine;
    if !wine::available(wine::MINGW_GCC) || !wine::available("wine") {
        println!(
            "skipping: needs {} and wine (apt-get install -y wine64 gcc-mingw-w64-x86-64)",
            wine::MINGW_GCC
        );
        return None;
    }
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_winsection"))
        .args(["compare", "--wine", scenario])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    Some(stdout)
}

/// Writes the program `c` as `DIR/NAME.c` and builds `DIR/NAME.exe` with mingw-w64, warnings
/// as errors; fails the test with the compiler's messages otherwise.
pub fn assert_compiles(c: &str, dir: &std::path::Path, name: &str) {
    let (c_file, exe) = (
        dir.join(format!("{name}.c")),
        dir.join(format!("{name}.exe")),
    );
    std::fs::write(&c_file, c).unwrap();
    let out = std::process::Command::new(winsection::compare::wine::MINGW_GCC)
        .args(["-O0", "-Wall", "-Werror", "-o"])
        .arg(&exe)
        .arg(&c_file)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{name}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(exe.exists(), "{name}");
}
