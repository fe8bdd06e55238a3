//! The `winsection` command line.
//!
//! - `winsection` — runs the built-in tour (scenarios/tour.scn: the squatting story).
//! - `winsection run FILE... [--json] [--dot OUT] [--trace]` — runs scenarios.
//! - `winsection explain ERROR_X|NUMBER` — what an error means in the section model.
//! - `winsection export-c FILE [-o OUT]` — the scenario as a C program for Windows / Wine.
//! - `winsection compare FILE [--wine | --windows-trace OTHER.json]` — winsection vs a real system.
//! - `winsection dump [--dot] FILE` — runs a scenario quietly, then prints its final state
//!   (text, or Graphviz DOT with `--dot`).
//!
//! Exit status: 0 every expectation held; 1 one did not (or a statement could not run);
//! 2 a script could not be read (reported as `FILE:LINE:COL: message`, nothing run), or
//! `--dot OUT` cannot be created (checked before anything runs).
//!
//! `run` and `dump` check each whole file first, then read it again and run it statement by
//! statement, printing each line as its statement finishes: memory does not grow with a
//! script's length (README, "Hostile input, bounded").

use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use winsection::scenario::{self, explain, printer, Record, Summary, EXIT_SCRIPT_ERROR};
use winsection::System;

#[derive(Parser, Debug)]
#[command(
    name = "winsection",
    version,
    about = "A deterministic emulator of the Windows section-object model.\n\
             With no command, runs the built-in tour (the name-squatting story)."
)]
struct Cli {
    /// Print the engine's tracing spans (every Win32 call with its arguments, result and last
    /// error) to stderr.
    #[arg(long, global = true)]
    trace: bool,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Run scenario files (.scn) and print one line per statement.
    Run {
        /// Scenario files, run in order, each on a fresh machine.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Print one JSON object per line instead of text.
        #[arg(long)]
        json: bool,
        /// Also write the final state of the (single) scenario as Graphviz DOT to OUT.
        #[arg(long, value_name = "OUT")]
        dot: Option<PathBuf>,
    },
    /// Explain a Win32 error (or EXCEPTION_*) in the section model, by name or number.
    Explain {
        /// ERROR_ALREADY_EXISTS, ALREADY_EXISTS, 183 or 0xB7.
        code: String,
    },
    /// Write a C program (C99 + windows.h) that performs the scenario on the real Win32 API
    /// and prints a trace in winsection's format (see `winsection compare`).
    #[command(name = "export-c")]
    ExportC {
        /// The scenario file.
        file: PathBuf,
        /// Write the program to OUT instead of stdout.
        #[arg(short, long, value_name = "OUT")]
        output: Option<PathBuf>,
    },
    /// Run a scenario in winsection and on a real implementation (the exported program under
    /// Wine, or a trace captured on Windows) and list the statements on which they differ.
    Compare(winsection::compare::cli::CompareArgs),
    /// Run a scenario without printing its trace, then print its final state.
    Dump {
        /// Print Graphviz DOT instead of text.
        #[arg(long)]
        dot: bool,
        /// The scenario file.
        file: PathBuf,
    },
}

fn install_trace() {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let _ = tracing_subscriber::fmt()
        .without_time()
        .with_ansi(false)
        .with_target(false)
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .try_init();
}

fn status(code: i32) -> ExitCode {
    ExitCode::from(u8::try_from(code).unwrap_or(1))
}

/// Checks a scenario file without keeping its statements; on failure prints the error and
/// returns false.
fn check_file(path: &Path) -> bool {
    let shown = path.display().to_string();
    let file = match File::open(path) {
        Ok(f) => f,
        Err(e) => {
            eprintln!("{shown}: cannot read: {e}");
            return false;
        }
    };
    match scenario::check_streaming(file) {
        Ok(_) => true,
        Err(e) => {
            eprintln!("{}", e.display(&shown));
            false
        }
    }
}

/// Runs a checked scenario file statement by statement, giving each record to `each` as soon
/// as it exists; the counts and the final machine, or None (reported) if the file could not be
/// read again or no longer checks.
fn run_file(path: &Path, each: impl FnMut(&Record) -> bool) -> Option<(Summary, System)> {
    let shown = path.display().to_string();
    let file = match File::open(path) {
        Ok(f) => f,
        Err(e) => {
            eprintln!("{shown}: cannot read: {e}");
            return None;
        }
    };
    match scenario::run_streaming(file, each) {
        Ok(done) => Some(done),
        Err(e) => {
            eprintln!("{} (the file changed while it ran)", e.display(&shown));
            None
        }
    }
}

/// `winsection run`: every file is checked before any runs (a script error runs nothing and
/// exits 2); then each runs on a fresh machine and prints one line (or JSON object) per
/// statement as it runs, holding no per-statement record, so the CLI's memory does not grow
/// with a script's length.
fn run_files(files: &[PathBuf], json: bool, dot: Option<&Path>) -> i32 {
    if dot.is_some() && files.len() > 1 {
        eprintln!("--dot OUT takes a single scenario");
        return EXIT_SCRIPT_ERROR;
    }
    if !files.iter().all(|f| check_file(f)) {
        return EXIT_SCRIPT_ERROR;
    }
    // OUT is created before anything runs: an unwritable OUT is a usage error with nothing
    // run (exit 2 means "nothing run"), not a failure found after the whole trace.
    let mut dot_file = match dot {
        Some(out) => match File::create(out) {
            Ok(f) => Some((out, f)),
            Err(e) => {
                eprintln!("{}: cannot write: {e}", out.display());
                return EXIT_SCRIPT_ERROR;
            }
        },
        None => None,
    };
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let mut worst = 0;
    for path in files {
        if files.len() > 1 {
            let header = if json {
                serde_json::json!({"kind": "file", "path": path.display().to_string()}).to_string()
            } else {
                format!("# {}", path.display())
            };
            let _ = writeln!(out, "{header}");
        }
        let mut closed = false;
        let done = run_file(path, |r| {
            let line = if json {
                printer::record_json(r)
            } else {
                printer::record_text(r)
            };
            // Output closed (`| head`): stop running, as a C program killed by SIGPIPE would.
            closed = out.write_all(line.as_bytes()).is_err();
            !closed
        });
        if closed {
            return worst.max(1);
        }
        let Some((summary, system)) = done else {
            worst = worst.max(1);
            continue;
        };
        let tail = if json {
            printer::summary_json(&summary)
        } else {
            printer::summary_text(&summary) + "\n"
        };
        let _ = out.write_all(tail.as_bytes());
        let _ = out.flush();
        if let Some((path, file)) = dot_file.as_mut() {
            if let Err(e) = file.write_all(system.dump_dot().as_bytes()) {
                // The run happened: a failure now is a failed run (1), not "nothing run".
                eprintln!("{}: cannot write: {e}", path.display());
                worst = worst.max(1);
            }
        }
        worst = worst.max(summary.exit_status());
    }
    worst
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    if cli.trace {
        install_trace();
    }
    match cli.command {
        None => match scenario::load(scenario::TOUR.as_bytes()) {
            Ok(script) => {
                let result = scenario::run(&script);
                print!("{}", result.text());
                status(result.exit_status())
            }
            Err(e) => {
                eprintln!("{}", e.display("scenarios/tour.scn"));
                status(EXIT_SCRIPT_ERROR)
            }
        },
        Some(Command::Run { files, json, dot }) => status(run_files(&files, json, dot.as_deref())),
        Some(Command::Explain { code }) => match explain::explain(&code) {
            Some(text) => {
                print!("{text}");
                ExitCode::SUCCESS
            }
            None => {
                eprintln!(
                    "`{code}` is not an error winsection knows (try a name like ERROR_ACCESS_DENIED, or a number)"
                );
                status(EXIT_SCRIPT_ERROR)
            }
        },
        Some(Command::ExportC { file, output }) => {
            status(winsection::compare::cli::export_c(&file, output.as_deref()))
        }
        Some(Command::Compare(args)) => status(winsection::compare::cli::compare(&args)),
        Some(Command::Dump { dot, file }) => {
            if !check_file(&file) {
                return status(EXIT_SCRIPT_ERROR);
            }
            let Some((summary, system)) = run_file(&file, |_| true) else {
                return status(1);
            };
            if dot {
                print!("{}", system.dump_dot());
            } else {
                print!("{}", system.dump());
            }
            status(summary.exit_status())
        }
    }
}
