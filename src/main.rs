//! The `winsection` command line.
//!
//! - `winsection [--trace]` — runs the built-in tour (scenarios/tour.scn), narrated.
//! - `winsection run SCENARIO... [--json] [--coverage] [--dot OUT] [--narrate|--no-narrate]
//!   [--trace]` — runs scenarios: a file, `@NAME` (a built-in teaching scenario) or `-`
//!   (stdin); `--coverage` lists the catalogue rules each run exercised.
//! - `winsection list` — the built-in teaching scenarios with their lessons.
//! - `winsection rules [ID] [--unshown]` — the rule catalogue (docs/rules.md).
//! - `winsection explain ERROR_X|STATUS_X|NUMBER [--scenario]` — what an error means.
//! - `winsection export-c FILE [-o OUT]` — the scenario as a C program for Windows / Wine.
//! - `winsection compare FILE [--wine | --windows-trace OTHER.json]` — winsection vs a real system.
//! - `winsection report SCENARIO -o OUT.html` — a self-contained page stepping through it.
//! - `winsection dump [--dot] [--trace] SCENARIO` — runs a scenario quietly, then prints its
//!   final state (text, or Graphviz DOT with `--dot`).
//!
//! Exit status: see [`EXIT_STATUSES`] (printed by `--help`).
//!
//! `run` and `dump` check each whole file first (every script error is reported, each with a
//! caret excerpt, and nothing runs), then read it again and run it statement by statement,
//! printing each line as its statement finishes: memory does not grow with a script's length
//! (README, "Hostile input, bounded"). Output closed early (`winsection run ... | head`) stops
//! the run quietly.

use std::fs::File;
use std::io::{BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use winsection::scenario::{
    self, builtin, coverage, diagnostics, explain, narrate::Narrator, printer, Record, ScriptError,
    Summary, EXIT_SCRIPT_ERROR,
};
use winsection::System;

/// The exit statuses, as `--help` prints them.
const EXIT_STATUSES: &str = "\
Exit status:
  0  every expectation held and every statement ran
  1  an expectation did not hold, or a statement could not run (NOT RUN)
  2  nothing ran: a script error (all are listed, each with its line), an unreadable
     scenario, an unknown error name for `explain`, or an output file that cannot be created
  3  `compare` only: the scenario cannot be exported to one Windows login";

#[derive(Parser, Debug)]
#[command(
    name = "winsection",
    version,
    about = "A deterministic emulator of the Windows section-object model.\n\
             With no command, runs the built-in tour (the name-squatting story), narrated.",
    after_help = EXIT_STATUSES,
    args_conflicts_with_subcommands = true
)]
struct Cli {
    /// Print the engine's tracing spans (every Win32 call with its arguments, result and last
    /// error) to stderr while the tour runs.
    #[arg(long)]
    trace: bool,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Run scenarios and print one line per statement.
    #[command(after_help = EXIT_STATUSES)]
    Run {
        /// Scenarios, run in order, each on a fresh machine: a .scn file, `@NAME` for a
        /// built-in teaching scenario (`winsection list`), or `-` for standard input.
        #[arg(required = true, value_name = "SCENARIO")]
        files: Vec<String>,
        /// Print one JSON object per line instead of text (docs/trace-json.md).
        #[arg(long)]
        json: bool,
        /// Also write the final state of the (single) scenario as Graphviz DOT to OUT.
        #[arg(long, value_name = "OUT")]
        dot: Option<PathBuf>,
        /// Print the scenario's comments as narration before the statements they introduce,
        /// and what to try next (the default for `@NAME`; text output only).
        #[arg(long, conflicts_with = "no_narrate")]
        narrate: bool,
        /// Do not narrate, even a built-in scenario.
        #[arg(long)]
        no_narrate: bool,
        /// Print the engine's tracing spans to stderr.
        #[arg(long)]
        trace: bool,
        /// After each scenario, list the catalogue rules (docs/rules.md) its calls exercised;
        /// with `--json`, each record also lists its statement's rules.
        #[arg(long)]
        coverage: bool,
    },
    /// List the built-in teaching scenarios (run one with `winsection run @NAME`).
    List,
    /// The rule catalogue (docs/rules.md): every rule with the built-in scenarios that exercise
    /// it and the tests that cite it; one rule in full with `winsection rules ID`.
    #[command(after_help = EXIT_STATUSES)]
    Rules {
        /// A rule id (`B8`): print that rule, its source and where it is implemented and tested.
        id: Option<String>,
        /// Only the engine's rules that no built-in scenario exercises yet.
        #[arg(long, conflicts_with = "id")]
        unshown: bool,
    },
    /// Explain a Win32 error, an NTSTATUS or an exception in the section model.
    #[command(after_help = EXIT_STATUSES)]
    Explain {
        /// ERROR_ALREADY_EXISTS, already_exists, STATUS_SECTION_TOO_BIG, 183, 0xB7, B7h,
        /// 0xC0000040, -1073741819 or 0x800700B7.
        code: String,
        /// Print only the minimal scenario that shows it (pipe it to `winsection run -`).
        #[arg(long)]
        scenario: bool,
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
    #[command(after_help = EXIT_STATUSES)]
    Compare(winsection::compare::cli::CompareArgs),
    /// Write one self-contained HTML page that steps through a scenario: the narrated trace
    /// and, for every statement, a picture of the machine after it (changes highlighted).
    #[command(after_help = EXIT_STATUSES)]
    Report {
        /// The scenario: a .scn file, `@NAME` or `-`.
        #[arg(value_name = "SCENARIO")]
        file: String,
        /// The page to write (HTML).
        #[arg(short, long, value_name = "OUT.html")]
        output: PathBuf,
    },
    /// Run a scenario without printing its trace, then print its final state.
    Dump {
        /// Print Graphviz DOT instead of text.
        #[arg(long)]
        dot: bool,
        /// Print the engine's tracing spans to stderr.
        #[arg(long)]
        trace: bool,
        /// The scenario: a .scn file, `@NAME` or `-`.
        #[arg(value_name = "SCENARIO")]
        file: String,
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

/// Standard output that remembers it was closed: once a write fails (`| head` exited), later
/// writes are dropped and the command stops quietly, as a C program killed by SIGPIPE would
/// (Rust ignores SIGPIPE, so `print!` would panic instead).
struct Out {
    out: std::io::StdoutLock<'static>,
    closed: bool,
}

impl Out {
    fn new() -> Self {
        Out {
            out: std::io::stdout().lock(),
            closed: false,
        }
    }

    /// Writes `text`; false once the output is closed.
    fn put(&mut self, text: &str) -> bool {
        if !self.closed {
            self.closed = self.out.write_all(text.as_bytes()).is_err();
        }
        !self.closed
    }

    fn flush(&mut self) {
        if !self.closed {
            self.closed = self.out.flush().is_err();
        }
    }
}

/// Standard input read once is kept for the second read (check, then run); beyond this it is
/// refused: save a larger scenario to a file.
const MAX_STDIN_SCENARIO: u64 = 64 << 20;

/// Where a scenario comes from.
enum Source {
    File(PathBuf),
    Builtin(&'static builtin::Builtin),
    Stdin(Vec<u8>),
}

impl Source {
    /// `-` (stdin, read now), `@NAME` or a path; `Err` is the message for an unknown name or
    /// unreadable stdin.
    fn parse(arg: &str, stdin_used: &mut bool) -> Result<Source, String> {
        if arg == "-" {
            if std::mem::replace(stdin_used, true) {
                return Err("-: standard input can be given once".into());
            }
            let mut bytes = Vec::new();
            let read = std::io::stdin()
                .lock()
                .take(MAX_STDIN_SCENARIO + 1)
                .read_to_end(&mut bytes);
            return match read {
                Err(e) => Err(format!("-: cannot read standard input: {e}")),
                Ok(_) if bytes.len() as u64 > MAX_STDIN_SCENARIO => Err(format!(
                    "-: a scenario on standard input is limited to {} MiB; save it to a file",
                    MAX_STDIN_SCENARIO >> 20
                )),
                Ok(_) => Ok(Source::Stdin(bytes)),
            };
        }
        if let Some(name) = arg.strip_prefix('@') {
            return match builtin::find(name) {
                Some(b) => Ok(Source::Builtin(b)),
                None => {
                    let hint =
                        scenario::check::closest(name, builtin::SCENARIOS.iter().map(|b| b.name))
                            .map_or(String::new(), |c| format!(" (did you mean `@{c}`?)"));
                    Err(format!(
                        "{arg}: no built-in scenario of that name{hint}; `winsection list` shows them"
                    ))
                }
            };
        }
        Ok(Source::File(PathBuf::from(arg)))
    }

    /// How errors name it.
    fn shown(&self) -> String {
        match self {
            Source::File(p) => p.display().to_string(),
            Source::Builtin(b) => format!("@{}", b.name),
            Source::Stdin(_) => "<stdin>".into(),
        }
    }

    fn open(&self) -> std::io::Result<Box<dyn Read + '_>> {
        Ok(match self {
            Source::File(p) => Box::new(File::open(p)?),
            Source::Builtin(b) => Box::new(b.source.as_bytes()),
            Source::Stdin(bytes) => Box::new(bytes.as_slice()),
        })
    }
}

/// Checks a scenario without keeping its statements; on failure prints every error (with its
/// excerpt, or as JSON lines under `--json`) and returns false.
fn check_source(src: &Source, json: bool) -> bool {
    let shown = src.shown();
    let errors = match src.open() {
        Err(e) => {
            file_error(&shown, &format!("cannot read: {e}"), json);
            return false;
        }
        Ok(reader) => match scenario::check_all(reader) {
            Ok(_) => return true,
            Err(errors) => errors,
        },
    };
    report_script_errors(src, &errors, json);
    false
}

/// An error about a whole scenario on stderr: `FILE: MESSAGE`, or under `--json` a
/// `script_error` JSON line without a place.
fn file_error(file: &str, message: &str, json: bool) {
    if json {
        eprint!("{}", printer::file_error_json(file, message));
    } else {
        eprintln!("{file}: {message}");
    }
}

/// Script errors on stderr: with caret excerpts, or (under `--json`) one
/// `{"kind":"script_error",...}` object per line (docs/trace-json.md).
fn report_script_errors(src: &Source, errors: &[ScriptError], json: bool) {
    let shown = src.shown();
    if json {
        for e in errors {
            eprint!("{}", printer::script_error_json(&shown, e));
        }
        return;
    }
    let lines = match src.open() {
        Ok(reader) => diagnostics::lines_of(reader, errors),
        Err(_) => Default::default(),
    };
    eprint!("{}", diagnostics::render(&shown, errors, &lines));
}

/// Runs a checked scenario statement by statement, giving each record to `each` as soon as it
/// exists; the counts and the final machine, or None (reported) if it could not be read again
/// or no longer checks.
fn run_source(
    src: &Source,
    attribute_rules: bool,
    each: impl FnMut(&Record) -> bool,
) -> Option<(Summary, System)> {
    let shown = src.shown();
    let reader = match src.open() {
        Ok(r) => r,
        Err(e) => {
            eprintln!("{shown}: cannot read: {e}");
            return None;
        }
    };
    match scenario::run_streaming_with(reader, attribute_rules, each) {
        Ok(done) => Some(done),
        Err(e) => {
            eprintln!("{} (the file changed while it ran)", e.display(&shown));
            None
        }
    }
}

/// How `run` prints.
#[derive(Clone, Copy)]
struct RunOptions {
    json: bool,
    /// None: narrate built-in scenarios only.
    narrate: Option<bool>,
    /// List the rules each scenario exercised (`--coverage`).
    coverage: bool,
}

/// `winsection run`: every scenario is checked before any runs (a script error runs nothing
/// and exits 2); then each runs on a fresh machine and prints one line (or JSON object) per
/// statement as it runs, holding no per-statement record, so the CLI's memory does not grow
/// with a script's length.
fn run_sources(args: &[String], opts: RunOptions, dot: Option<&Path>) -> i32 {
    if dot.is_some() && args.len() > 1 {
        eprintln!("--dot OUT takes a single scenario");
        return EXIT_SCRIPT_ERROR;
    }
    let mut stdin_used = false;
    let mut sources = Vec::new();
    for a in args {
        match Source::parse(a, &mut stdin_used) {
            Ok(s) => sources.push(s),
            Err(message) => {
                let what = message
                    .strip_prefix(a.as_str())
                    .and_then(|m| m.strip_prefix(": "))
                    .unwrap_or(&message);
                file_error(a, what, opts.json);
                return EXIT_SCRIPT_ERROR;
            }
        }
    }
    // Every scenario is checked (and all its errors reported) before any runs.
    let checked: Vec<bool> = sources.iter().map(|s| check_source(s, opts.json)).collect();
    if checked.contains(&false) {
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
    let mut out = Out::new();
    let mut worst = 0;
    for src in &sources {
        if sources.len() > 1 {
            let header = if opts.json {
                printer::file_json(&src.shown())
            } else {
                format!("# {}\n", src.shown())
            };
            out.put(&header);
        }
        let narrate = !opts.json && opts.narrate.unwrap_or(matches!(src, Source::Builtin(_)));
        let mut narrator = if narrate {
            src.open().ok().map(|r| Narrator::new(BufReader::new(r)))
        } else {
            None
        };
        let done = run_source(src, opts.coverage && opts.json, |r| {
            if let Some(n) = narrator.as_mut() {
                if !out.put(&n.before(r.line)) {
                    return false;
                }
            }
            let line = if opts.json {
                printer::record_json(r)
            } else {
                printer::record_text(r)
            };
            out.put(&line)
        });
        if out.closed {
            return worst.max(1);
        }
        let Some((summary, system)) = done else {
            worst = worst.max(1);
            continue;
        };
        if let Some(n) = narrator.as_mut() {
            out.put(&n.rest());
        }
        let tail = if opts.json {
            let rules = if opts.coverage {
                coverage::json(&system.rules_hit())
            } else {
                String::new()
            };
            rules + &printer::summary_json(&summary)
        } else {
            let rules = if opts.coverage {
                coverage::text(&system.rules_hit())
            } else {
                String::new()
            };
            printer::summary_text(&summary) + "\n" + &rules
        };
        out.put(&tail);
        if narrate {
            out.put(&what_next(src, &summary));
        }
        out.flush();
        if let Some((path, file)) = dot_file.as_mut() {
            if let Err(e) = file.write_all(system.dump_dot().as_bytes()) {
                // The run happened: a failure now is a failed run (1), not "nothing run".
                eprintln!("{}: cannot write: {e}", path.display());
                worst = worst.max(1);
            }
        }
        worst = worst.max(summary.exit_status());
    }
    if out.closed {
        worst = worst.max(1);
    }
    worst
}

/// The closing lines of a narrated run: what to try next.
fn what_next(src: &Source, summary: &Summary) -> String {
    let mut s = String::from("\nnext:\n");
    if summary.not_held > 0 {
        s.push_str("  - an expectation FAILED: read its line (the comparison, both sides and the last error)\n");
    }
    match src {
        Source::Builtin(b) => {
            s.push_str(&format!(
                "  - change something: winsection run @{} --no-narrate > trace.txt, or copy scenarios/{}.scn and edit it\n",
                b.name, b.name
            ));
            match b.next() {
                Some(n) => s.push_str(&format!(
                    "  - the next lesson: winsection run @{}  ({})\n",
                    n.name,
                    n.lesson()
                )),
                None => {
                    s.push_str("  - that was the last lesson: winsection list shows them all\n")
                }
            }
        }
        _ => s.push_str("  - the teaching scenarios: winsection list\n"),
    }
    s.push_str(
        "  - what an error means: winsection explain ERROR_X; the state as a picture: winsection dump --dot SCENARIO\n",
    );
    s
}

fn list() -> i32 {
    let mut out = Out::new();
    let width = builtin::SCENARIOS
        .iter()
        .map(|b| b.name.len())
        .max()
        .unwrap_or(0);
    for b in builtin::SCENARIOS {
        if !out.put(&format!("@{:<width$}  {}\n", b.name, b.lesson())) {
            break;
        }
    }
    out.put("\nrun one, narrated: winsection run @NAME (e.g. winsection run @tour)\n");
    0
}

fn rules(id: Option<&str>, unshown: bool) -> i32 {
    let all = winsection::catalogue::rules();
    // Which built-in scenario exercises which rule: computed by running them (a few ms).
    let shown_by = coverage::of_builtins();
    let showing = |id: &str| {
        winsection::RuleId::parse(id)
            .map(|r| coverage::scenarios_showing(&shown_by, r))
            .unwrap_or_default()
    };
    let mut out = Out::new();
    if let Some(id) = id {
        let Some(r) = all.iter().find(|r| r.id.eq_ignore_ascii_case(id)) else {
            let hint = scenario::check::closest(id, all.iter().map(|r| r.id.as_str()))
                .map_or(String::new(), |c| format!(" (did you mean `{c}`?)"));
            eprintln!("`{id}` is not a rule id{hint}; `winsection rules` lists them");
            return EXIT_SCRIPT_ERROR;
        };
        let mut s = format!("{} — {}\n\n{}\n\n{}\n", r.id, r.title, r.text, r.location);
        let scenarios = showing(&r.id);
        if let Some(why) = winsection::catalogue::untagged_reason(&r.id) {
            s.push_str(&format!(
                "\nnot an engine decision, so no run exercises it: {why}\n"
            ));
        } else if let Some(first) = scenarios.first() {
            let at: Vec<String> = scenarios.iter().map(|s| format!("@{s}")).collect();
            s.push_str(&format!(
                "\nexercised by: {}\nsee it: winsection run --coverage @{first}\n",
                at.join(" ")
            ));
        } else {
            s.push_str("\nno built-in scenario exercises it yet\n");
        }
        out.put(&s);
        return 0;
    }
    let (mut shown, mut untagged) = (0, 0);
    for r in &all {
        let scenarios = showing(&r.id);
        let not_decided = winsection::catalogue::untagged_reason(&r.id).is_some();
        let line = if unshown {
            if not_decided || !scenarios.is_empty() {
                continue;
            }
            format!("{:<4} {}\n", r.id, r.title)
        } else {
            let tests = r.tests();
            let tests = if tests.is_empty() {
                "none".to_string()
            } else {
                tests.join(" ")
            };
            let scenarios = if not_decided {
                untagged += 1;
                "n/a (not an engine decision)".to_string()
            } else if scenarios.is_empty() {
                "NONE".to_string()
            } else {
                shown += 1;
                let at: Vec<String> = scenarios.iter().map(|s| format!("@{s}")).collect();
                at.join(" ")
            };
            format!(
                "{:<4} {}\n     scenarios: {scenarios}; tests: {tests}\n",
                r.id, r.title
            )
        };
        if !out.put(&line) {
            return 0;
        }
    }
    if !unshown {
        out.put(&format!(
            "\n{} rules: {shown} exercised by a built-in scenario (winsection run --coverage @NAME), \
             {} by none (NONE), {untagged} not engine decisions; one in full: winsection rules ID\n",
            all.len(),
            all.len().saturating_sub(shown + untagged)
        ));
    }
    0
}

fn explain_cmd(code: &str, scenario_only: bool) -> i32 {
    let mut out = Out::new();
    if scenario_only {
        return match explain::scenario(code) {
            Some(Some(s)) => {
                out.put(s);
                0
            }
            Some(None) => {
                eprintln!("`{code}`: nothing in winsection's scenario language produces it today, so there is no scenario");
                EXIT_SCRIPT_ERROR
            }
            None => unknown_error(code),
        };
    }
    match explain::explain(code) {
        Some(text) => {
            out.put(&text);
            0
        }
        None => unknown_error(code),
    }
}

fn unknown_error(code: &str) -> i32 {
    let hint = explain::suggest(code).map_or(String::new(), |s| format!(" (did you mean `{s}`?)"));
    eprintln!(
        "`{code}` is not an error winsection knows{hint}; try a name like ERROR_ACCESS_DENIED or STATUS_SECTION_TOO_BIG, or a number"
    );
    EXIT_SCRIPT_ERROR
}

fn report(arg: &str, output: &Path) -> i32 {
    let mut stdin_used = false;
    let src = match Source::parse(arg, &mut stdin_used) {
        Ok(s) => s,
        Err(message) => {
            eprintln!("{message}");
            return EXIT_SCRIPT_ERROR;
        }
    };
    let mut bytes = Vec::new();
    let read = src
        .open()
        .and_then(|r| r.take(MAX_STDIN_SCENARIO + 1).read_to_end(&mut bytes));
    if let Err(e) = read {
        eprintln!("{}: cannot read: {e}", src.shown());
        return EXIT_SCRIPT_ERROR;
    }
    if bytes.len() as u64 > MAX_STDIN_SCENARIO {
        eprintln!("{}: too large for a report", src.shown());
        return EXIT_SCRIPT_ERROR;
    }
    let title = src.shown();
    match winsection::report::report(&title, &bytes) {
        Ok(html) => match std::fs::write(output, html) {
            Ok(()) => 0,
            Err(e) => {
                eprintln!("{}: cannot write: {e}", output.display());
                EXIT_SCRIPT_ERROR
            }
        },
        Err(Ok(errors)) => {
            report_script_errors(&src, &errors, false);
            EXIT_SCRIPT_ERROR
        }
        Err(Err(message)) => {
            eprintln!("{title}: {message}");
            EXIT_SCRIPT_ERROR
        }
    }
}

fn dump(arg: &str, dot: bool) -> i32 {
    let mut stdin_used = false;
    let src = match Source::parse(arg, &mut stdin_used) {
        Ok(s) => s,
        Err(message) => {
            eprintln!("{message}");
            return EXIT_SCRIPT_ERROR;
        }
    };
    if !check_source(&src, false) {
        return EXIT_SCRIPT_ERROR;
    }
    let Some((summary, system)) = run_source(&src, false, |_| true) else {
        return 1;
    };
    let text = if dot {
        system.dump_dot()
    } else {
        system.dump()
    };
    Out::new().put(&text);
    summary.exit_status()
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let trace = cli.trace
        || matches!(
            cli.command,
            Some(Command::Run { trace: true, .. } | Command::Dump { trace: true, .. })
        );
    if trace {
        install_trace();
    }
    let code = match cli.command {
        None => run_sources(
            &["@tour".to_string()],
            RunOptions {
                json: false,
                narrate: Some(true),
                coverage: false,
            },
            None,
        ),
        Some(Command::Run {
            files,
            json,
            dot,
            narrate,
            no_narrate,
            trace: _,
            coverage,
        }) => {
            let narrate = if narrate {
                Some(true)
            } else if no_narrate {
                Some(false)
            } else {
                None
            };
            run_sources(
                &files,
                RunOptions {
                    json,
                    narrate,
                    coverage,
                },
                dot.as_deref(),
            )
        }
        Some(Command::List) => list(),
        Some(Command::Rules { id, unshown }) => rules(id.as_deref(), unshown),
        Some(Command::Explain { code, scenario }) => explain_cmd(&code, scenario),
        Some(Command::ExportC { file, output }) => {
            winsection::compare::cli::export_c(&file, output.as_deref())
        }
        Some(Command::Compare(args)) => winsection::compare::cli::compare(&args),
        Some(Command::Report { file, output }) => report(&file, &output),
        Some(Command::Dump {
            dot,
            trace: _,
            file,
        }) => dump(&file, dot),
    };
    status(code)
}
