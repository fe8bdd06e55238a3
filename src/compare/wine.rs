//! Building an exported program with mingw-w64 and running it under Wine.
//!
//! The Wine prefix is `$WINEPREFIX` when set, else `<temp>/winsection-wineprefix` (made on the
//! first run, ~5 s, then reused: later runs take well under a second). `WINEDEBUG=-all`.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// The mingw-w64 C compiler used to build exported programs.
pub const MINGW_GCC: &str = "x86_64-w64-mingw32-gcc";

/// The longest an exported program may run under Wine.
pub const RUN_TIMEOUT: Duration = Duration::from_secs(120);

/// Whether a program is on PATH (it runs with `--version`).
pub fn available(program: &str) -> bool {
    Command::new(program)
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok()
}

/// A fresh directory under the system temp directory.
pub fn scratch_dir(tag: &str) -> Result<PathBuf, String> {
    let base = std::env::temp_dir();
    for n in 0..1000u32 {
        let dir = base.join(format!("winsection-{tag}-{}-{n}", std::process::id()));
        if std::fs::create_dir(&dir).is_ok() {
            return Ok(dir);
        }
    }
    Err(format!(
        "cannot create a directory under {}",
        base.display()
    ))
}

/// Compiles `c_file` into `exe` with mingw-w64.
pub fn build(c_file: &Path, exe: &Path) -> Result<(), String> {
    let out = Command::new(MINGW_GCC)
        .args(["-O1", "-o"])
        .arg(exe)
        .arg(c_file)
        .output()
        .map_err(|e| {
            format!("{MINGW_GCC}: {e} (install it: apt-get install -y gcc-mingw-w64-x86-64)")
        })?;
    if out.status.success() {
        Ok(())
    } else {
        Err(format!(
            "{MINGW_GCC} failed on {}:\n{}",
            c_file.display(),
            String::from_utf8_lossy(&out.stderr)
        ))
    }
}

/// The Wine prefix used.
pub fn prefix() -> PathBuf {
    std::env::var_os("WINEPREFIX")
        .map(PathBuf::from)
        .unwrap_or_else(|| std::env::temp_dir().join("winsection-wineprefix"))
}

/// Runs `exe --json` under Wine: its standard output (the trace).
pub fn run(exe: &Path) -> Result<String, String> {
    let dir = exe.parent().unwrap_or(Path::new("."));
    let out_path = dir.join("trace.json");
    let err_path = dir.join("wine-stderr.txt");
    let out_file = std::fs::File::create(&out_path).map_err(|e| e.to_string())?;
    let err_file = std::fs::File::create(&err_path).map_err(|e| e.to_string())?;
    let mut child = Command::new("wine")
        .arg(exe)
        .arg("--json")
        .env("WINEPREFIX", prefix())
        .env("WINEDEBUG", "-all")
        .stdin(Stdio::null())
        .stdout(out_file)
        .stderr(err_file)
        .spawn()
        .map_err(|e| format!("wine: {e} (install it: apt-get install -y wine64)"))?;
    let start = Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(s)) => break s,
            Ok(None) if start.elapsed() > RUN_TIMEOUT => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(format!(
                    "the program ran longer than {RUN_TIMEOUT:?} under Wine"
                ));
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(20)),
            Err(e) => return Err(e.to_string()),
        }
    };
    let trace = std::fs::read_to_string(&out_path).map_err(|e| e.to_string())?;
    // Exit status 0/1 is the scenario's own verdict; anything else is a failure to run.
    if !matches!(status.code(), Some(0 | 1)) {
        let stderr = std::fs::read_to_string(&err_path).unwrap_or_default();
        return Err(format!(
            "the program failed under Wine ({status}):\n{stderr}{trace}"
        ));
    }
    Ok(trace)
}
