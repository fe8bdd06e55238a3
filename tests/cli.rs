//! The `winsection` binary: exit statuses, the tour, `--json`, `--dot`, `explain`, `dump`.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use std::process::Command;

fn winsection(args: &[&str]) -> (String, String, i32) {
    let out = Command::new(env!("CARGO_BIN_EXE_winsection"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    (
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
        out.status.code().unwrap_or(-1),
    )
}

fn temp_file(name: &str, content: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("winsection-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, content).unwrap();
    path
}

#[test]
fn no_arguments_runs_the_tour() {
    let (out, _, status) = winsection(&[]);
    assert_eq!(status, 0);
    assert!(out.contains("[ERROR_ALREADY_EXISTS]"));
    assert!(out.contains("fails ERROR_ACCESS_DENIED -> NULL [ERROR_ACCESS_DENIED]  ok"));
    assert!(out.contains(
        "raises EXCEPTION_ACCESS_VIOLATION -> EXCEPTION_ACCESS_VIOLATION (write at 0x10001000)  ok"
    ));
    assert!(!out.contains("FAILED"));
}

#[test]
fn exit_statuses() {
    let ok = temp_file("ok.scn", "process a\na: expect 1\n");
    let bad = temp_file("bad.scn", "process a\na: expect 0\n");
    let broken = temp_file("broken.scn", "process a\na: expect nope\n");
    let (_, _, s) = winsection(&["run", ok.to_str().unwrap()]);
    assert_eq!(s, 0);
    let (out, _, s) = winsection(&["run", bad.to_str().unwrap()]);
    assert_eq!(s, 1);
    assert!(out.contains("FAILED"));
    let (out, err, s) = winsection(&["run", ok.to_str().unwrap(), broken.to_str().unwrap()]);
    assert_eq!(s, 2);
    assert_eq!(out, "", "nothing runs when any script has an error");
    assert!(err.starts_with("error: unknown name `nope`: not a constant, and no earlier statement sets a variable of that name\n"), "{err}");
    assert!(err.contains("broken.scn:2:11\n"), "{err}");
    assert!(
        err.contains("2 | a: expect nope\n  |           ^^^^\n"),
        "{err}"
    );
    let (_, err, s) = winsection(&["run", "does/not/exist.scn"]);
    assert_eq!(s, 2);
    assert!(err.starts_with("does/not/exist.scn: cannot read"));
}

#[test]
fn json_and_dot() {
    let (out, _, s) = winsection(&[
        "run",
        "--json",
        "scenarios/tour.scn",
        "scenarios/copy_on_write.scn",
    ]);
    assert_eq!(s, 0);
    for line in out.lines() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        assert!(v["kind"].is_string(), "{line}");
    }
    let dot = std::env::temp_dir().join(format!("winsection-cli-{}.dot", std::process::id()));
    let (_, _, s) = winsection(&["run", "scenarios/tour.scn", "--dot", dot.to_str().unwrap()]);
    assert_eq!(s, 0);
    let text = std::fs::read_to_string(&dot).unwrap();
    assert!(text.starts_with("digraph winsection {"));
    let (out, _, s) = winsection(&["dump", "--dot", "scenarios/tour.scn"]);
    assert_eq!(s, 0);
    assert_eq!(out, text);
    let (out, _, s) = winsection(&["dump", "scenarios/tour.scn"]);
    assert_eq!(s, 0);
    assert!(out.starts_with("host local\n"));
}

#[test]
fn explain() {
    let (out, _, s) = winsection(&["explain", "ERROR_ALREADY_EXISTS"]);
    assert_eq!(s, 0);
    assert!(out.starts_with("ERROR_ALREADY_EXISTS (183, 0xB7)\nmessage: Cannot create a file when that file already exists.\n"));
    assert!(out.contains("minimal scenario"));
    let (by_number, _, _) = winsection(&["explain", "183"]);
    assert_eq!(by_number, out);
    let (out, _, s) = winsection(&["explain", "ERROR_LOCKED"]);
    assert_eq!(s, 0);
    assert!(out.contains("Nothing, on NT"));
    let (_, err, s) = winsection(&["explain", "ERROR_NOPE"]);
    assert_eq!(s, 2);
    assert!(err.contains("not an error winsection knows"));
}

/// Output closed early (`winsection run ... | head`): the run stops quietly — no panic, nothing
/// on stderr — with status 1 (cut short), for the tour, `run`, `list`, `rules` and `explain`.
#[test]
fn a_closed_pipe_ends_the_run_quietly() {
    use std::io::{BufRead, BufReader};
    use std::process::Stdio;
    for args in [
        &[][..],
        &["run", "--json", "@tour", "@grow_on_map"][..],
        &["rules"][..],
        &["list"][..],
        &["explain", "ERROR_ACCESS_DENIED"][..],
    ] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_winsection"))
            .args(args)
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut first = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut first)
            .unwrap();
        // The reader is dropped here: the pipe is closed after one line.
        let out = child.wait_with_output().unwrap();
        let err = String::from_utf8(out.stderr).unwrap();
        assert!(!first.is_empty(), "{args:?}");
        assert_eq!(err, "", "{args:?}");
        assert!(
            matches!(out.status.code(), Some(0 | 1)),
            "{args:?}: {:?}",
            out.status
        );
    }
}
