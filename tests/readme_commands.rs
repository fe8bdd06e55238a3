//! Every command of README.md that uses the CLI runs, verbatim: each `sh` block's lines that
//! start with `winsection`, or that build and run an exported program, run in order through
//! `sh -c` in one scratch directory (with `scenarios/` and `wine/` of this repository, and the
//! test's `winsection` first on PATH). A command must not fail as a usage or script error
//! (status 2 or more) nor panic. Lines that need a tool this machine lacks (`dot`, `wine`,
//! `x86_64-w64-mingw32-gcc`) are reported and skipped; `cargo` and `.ci/` lines are the
//! developer's commands, run by CI itself.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use std::path::Path;
use std::process::Command;

fn has(tool: &str) -> bool {
    Command::new("sh")
        .args(["-c", &format!("command -v {tool}")])
        .output()
        .is_ok_and(|o| o.status.success())
}

/// The `sh` blocks of a markdown text, each as its lines.
fn sh_blocks(text: &str) -> Vec<Vec<String>> {
    let mut blocks = Vec::new();
    let mut cur = Vec::new();
    // None: outside a fence; Some(true): inside an `sh` block; Some(false): another block.
    let mut inside: Option<bool> = None;
    for line in text.lines() {
        if line.starts_with("```") {
            inside = match inside {
                None => Some(line.trim() == "```sh"),
                Some(is_sh) => {
                    if is_sh {
                        blocks.push(std::mem::take(&mut cur));
                    }
                    None
                }
            };
            continue;
        }
        if inside == Some(true) {
            cur.push(line.to_string());
        }
    }
    blocks
}

#[test]
fn every_readme_command_runs() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    let bin_dir = Path::new(env!("CARGO_BIN_EXE_winsection"))
        .parent()
        .unwrap();
    let path = format!(
        "{}:{}",
        bin_dir.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let mut ran = 0;
    let mut skipped = Vec::new();
    for (i, block) in sh_blocks(&readme).iter().enumerate() {
        let dir =
            std::env::temp_dir().join(format!("winsection-readme-{}-{i}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        for sub in ["scenarios", "wine"] {
            let link = dir.join(sub);
            if !link.exists() {
                std::os::unix::fs::symlink(root.join(sub), &link).unwrap();
            }
        }
        for line in block {
            let l = line.trim();
            let runs_cli = l.starts_with("winsection ");
            let runs_exported =
                l.starts_with("x86_64-w64-mingw32-gcc ") || l.starts_with("WINEPREFIX=");
            if !runs_cli && !runs_exported {
                continue;
            }
            let needs: Vec<&str> = ["dot", "wine", "x86_64-w64-mingw32-gcc"]
                .into_iter()
                .filter(|t| {
                    l.split(|c: char| c.is_whitespace() || c == '|')
                        .any(|w| w == *t)
                        || (*t == "wine" && l.contains("--wine"))
                })
                .filter(|t| !has(t))
                .collect();
            if !needs.is_empty() {
                skipped.push(format!("{l}  (needs {})", needs.join(", ")));
                continue;
            }
            let out = Command::new("sh")
                .args(["-c", l])
                .current_dir(&dir)
                .env("PATH", &path)
                .stdin(std::process::Stdio::null())
                .output()
                .unwrap();
            let stderr = String::from_utf8_lossy(&out.stderr);
            let code = out.status.code().unwrap_or(-1);
            assert!(
                (0..=1).contains(&code) && !stderr.contains("panicked"),
                "README command `{l}` exited {code}:\n{stderr}"
            );
            ran += 1;
        }
        let _ = std::fs::remove_dir_all(&dir);
    }
    for s in &skipped {
        eprintln!("skipped: {s}");
    }
    assert!(ran >= 15, "only {ran} README commands ran");
}
