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
//! 2 a script could not be read (reported as `FILE:LINE:COL: message`, nothing run).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use winsection::scenario::{self, explain, Script, EXIT_SCRIPT_ERROR};

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

/// Reads and checks a scenario; on failure prints the error and returns None.
fn load(path: &Path) -> Option<Script> {
    let shown = path.display().to_string();
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("{shown}: cannot read: {e}");
            return None;
        }
    };
    match scenario::load(&bytes) {
        Ok(s) => Some(s),
        Err(e) => {
            eprintln!("{}", e.display(&shown));
            None
        }
    }
}

fn run_files(files: &[PathBuf], json: bool, dot: Option<&Path>) -> i32 {
    if dot.is_some() && files.len() > 1 {
        eprintln!("--dot OUT takes a single scenario");
        return EXIT_SCRIPT_ERROR;
    }
    // Every script is checked before any runs.
    let scripts: Vec<Option<Script>> = files.iter().map(|f| load(f)).collect();
    if scripts.iter().any(Option::is_none) {
        return EXIT_SCRIPT_ERROR;
    }
    let mut worst = 0;
    for (path, script) in files.iter().zip(scripts.iter().flatten()) {
        if files.len() > 1 {
            if json {
                let header =
                    serde_json::json!({"kind": "file", "path": path.display().to_string()});
                println!("{header}");
            } else {
                println!("# {}", path.display());
            }
        }
        let result = scenario::run(script);
        if json {
            print!("{}", result.json());
        } else {
            print!("{}", result.text());
        }
        if let Some(out) = dot {
            if let Err(e) = std::fs::write(out, result.system.dump_dot()) {
                eprintln!("{}: cannot write: {e}", out.display());
                return EXIT_SCRIPT_ERROR;
            }
        }
        worst = worst.max(result.exit_status());
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
            let Some(script) = load(&file) else {
                return status(EXIT_SCRIPT_ERROR);
            };
            let result = scenario::run(&script);
            if dot {
                print!("{}", result.system.dump_dot());
            } else {
                print!("{}", result.system.dump());
            }
            status(result.exit_status())
        }
    }
}
