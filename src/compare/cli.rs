//! The `export-c` and `compare` subcommands (called from `src/main.rs`).
//!
//! `compare` exit status: 0 the traces agree (or differ only where the known-deviations file
//! explains it), 1 a new difference, 2 an error (script error, build or run failure), 3 the
//! scenario cannot be exported (refused by name: several hosts, crash, ...).

use std::path::{Path, PathBuf};

use clap::Args;

use super::deviations::Deviations;
use super::{compare as compare_traces, trace, wine};
use crate::export::{self, Exported};
use crate::scenario::{self, Script};

/// Exit status of a scenario that cannot be exported.
pub const EXIT_NOT_EXPORTABLE: i32 = 3;

/// The known-deviations file shipped with the repository.
pub const DEFAULT_DEVIATIONS: &str = "wine/known-deviations.json";

/// `winsection compare` arguments.
#[derive(Args, Debug, Clone)]
pub struct CompareArgs {
    /// The scenario file.
    pub file: PathBuf,
    /// Build the exported program with mingw-w64 and run it under Wine (the default).
    #[arg(long, conflicts_with = "other_trace")]
    pub wine: bool,
    /// Compare with a trace captured on Windows (the exported program's `--json` output).
    /// (`--trace` is the flag of `run` and `dump` that prints the engine's tracing spans.)
    #[arg(long = "windows-trace", id = "other_trace", value_name = "OTHER.json")]
    pub trace: Option<PathBuf>,
    /// The known-deviations file.
    #[arg(long, value_name = "FILE", default_value = DEFAULT_DEVIATIONS)]
    pub deviations: PathBuf,
    /// Print the summary line only (and the differences that need a look).
    #[arg(long)]
    pub quiet: bool,
}

fn load(path: &Path) -> Result<Script, String> {
    let bytes = std::fs::read(path).map_err(|e| format!("{}: cannot read: {e}", path.display()))?;
    scenario::load(&bytes).map_err(|e| e.display(&path.display().to_string()))
}

fn exported(path: &Path, script: &Script) -> Result<Exported, i32> {
    let name = path
        .file_name()
        .map_or(String::new(), |n| n.to_string_lossy().into_owned());
    export::export_c(script, &name).map_err(|refusals| {
        eprintln!(
            "{}: not exportable to one unprivileged Windows login:",
            path.display()
        );
        for r in refusals {
            eprintln!("  {r}");
        }
        EXIT_NOT_EXPORTABLE
    })
}

/// `winsection export-c FILE [-o OUT]`.
pub fn export_c(path: &Path, output: Option<&Path>) -> i32 {
    let script = match load(path) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("{e}");
            return scenario::EXIT_SCRIPT_ERROR;
        }
    };
    let ex = match exported(path, &script) {
        Ok(x) => x,
        Err(_) => return scenario::EXIT_SCRIPT_ERROR,
    };
    match output {
        Some(out) => match std::fs::write(out, &ex.c) {
            Ok(()) => 0,
            Err(e) => {
                eprintln!("{}: cannot write: {e}", out.display());
                scenario::EXIT_SCRIPT_ERROR
            }
        },
        None => {
            use std::io::Write;
            // A closed pipe (`| head`) ends the command quietly with status 1, as every
            // command does (it panicked in `print!` before).
            match std::io::stdout().lock().write_all(ex.c.as_bytes()) {
                Ok(()) => 0,
                Err(_) => 1,
            }
        }
    }
}

/// Builds and runs the exported program under Wine: its JSON trace.
pub fn run_under_wine(ex: &Exported) -> Result<String, String> {
    let dir = wine::scratch_dir("compare")?;
    let c_file = dir.join("scenario.c");
    let exe = dir.join("scenario.exe");
    std::fs::write(&c_file, &ex.c).map_err(|e| e.to_string())?;
    let result = wine::build(&c_file, &exe).and_then(|()| wine::run(&exe));
    let _ = std::fs::remove_dir_all(&dir);
    result
}

/// `winsection compare FILE [--wine | --windows-trace OTHER.json]`.
pub fn compare(args: &CompareArgs) -> i32 {
    let script = match load(&args.file) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("{e}");
            return scenario::EXIT_SCRIPT_ERROR;
        }
    };
    let ex = match exported(&args.file, &script) {
        Ok(x) => x,
        Err(code) => return code,
    };
    let known = match std::fs::read_to_string(&args.deviations)
        .map_err(|e| e.to_string())
        .and_then(|t| Deviations::parse(&t))
    {
        Ok(d) => d,
        Err(e) => {
            eprintln!("{}: {e}", args.deviations.display());
            return scenario::EXIT_SCRIPT_ERROR;
        }
    };
    let (theirs_text, theirs_name) = match &args.trace {
        Some(t) => match std::fs::read_to_string(t) {
            // Labelled "trace": it may come from Windows or from Wine.
            Ok(x) => (x, "trace".to_string()),
            Err(e) => {
                eprintln!("{}: cannot read: {e}", t.display());
                return scenario::EXIT_SCRIPT_ERROR;
            }
        },
        None => match run_under_wine(&ex) {
            Ok(x) => (x, "wine".to_string()),
            Err(e) => {
                eprintln!("{}: {e}", args.file.display());
                return scenario::EXIT_SCRIPT_ERROR;
            }
        },
    };
    let ours = match trace::parse(&scenario::run(&script).json()) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("winsection's own trace: {e}");
            return scenario::EXIT_SCRIPT_ERROR;
        }
    };
    let theirs = match trace::parse(&theirs_text) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("{theirs_name} trace: {e}");
            return scenario::EXIT_SCRIPT_ERROR;
        }
    };
    let name = args
        .file
        .file_name()
        .map_or(String::new(), |n| n.to_string_lossy().into_owned());
    let c = compare_traces(&script, &name, &ours, &theirs, &known, &ex.host_dependent);
    println!(
        "compare {}: winsection vs {theirs_name}",
        args.file.display()
    );
    if args.quiet {
        let mut only_new = c.clone();
        only_new.rows.retain(|r| r.verdict == super::Verdict::New);
        let report = only_new.report(&theirs_name);
        // The summary counts every row, not only the new ones.
        for line in report.lines().filter(|l| !l.starts_with("summary:")) {
            println!("{line}");
        }
        println!("{}", c.summary_line(&theirs_name));
    } else {
        print!("{}", c.report(&theirs_name));
    }
    i32::from(c.new_differences() > 0)
}
