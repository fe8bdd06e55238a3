//! `winsection compare`: a scenario's trace from winsection next to a real implementation's
//! (the exported program run under Wine, or a trace captured on Windows with the exported
//! program's `--json`), normalised ([`normalise`]), statement by statement, with known
//! deviations ([`deviations`]) told apart from new differences.

pub mod cli;
pub mod deviations;
pub mod normalise;
pub mod trace;
pub mod wine;

use std::collections::BTreeMap;
use std::fmt::Write;

use deviations::{Deviation, Deviations};
use normalise::{top_kinds, Names, Normaliser, StmtInfo, TopKind};
use trace::Trace;

use crate::scenario::Script;

/// How one statement compared.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// Both said the same (after normalisation).
    Agree,
    /// They differ, and the deviations file explains it.
    Known(Deviation),
    /// An `expect` comparing a handle value or address with a literal: not counted.
    HostDependent,
    /// They differ and nothing explains it: look.
    New,
}

/// One statement's comparison.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Row {
    /// Source line.
    pub line: u64,
    /// The statement.
    pub statement: String,
    /// winsection's outcome, normalised.
    pub ours: String,
    /// The real implementation's, normalised.
    pub theirs: String,
    /// The verdict.
    pub verdict: Verdict,
}

/// A comparison's result.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Comparison {
    /// Every compared statement.
    pub rows: Vec<Row>,
    /// Statements not compared (`dump`, `machine`).
    pub skipped: usize,
}

impl Comparison {
    /// Statements on which both agree.
    pub fn agree(&self) -> usize {
        self.count(|v| matches!(v, Verdict::Agree))
    }
    /// Known deviations.
    pub fn known(&self) -> usize {
        self.count(|v| matches!(v, Verdict::Known(_)))
    }
    /// Host-dependent expectations.
    pub fn host_dependent(&self) -> usize {
        self.count(|v| matches!(v, Verdict::HostDependent))
    }
    /// New differences.
    pub fn new_differences(&self) -> usize {
        self.count(|v| matches!(v, Verdict::New))
    }
    fn count(&self, f: impl Fn(&Verdict) -> bool) -> usize {
        self.rows.iter().filter(|r| f(&r.verdict)).count()
    }

    /// The report: each differing statement, both sides, then the summary line.
    pub fn report(&self, theirs_name: &str) -> String {
        let mut s = String::new();
        let width = theirs_name.len().max("winsection".len());
        for r in &self.rows {
            if r.verdict == Verdict::Agree {
                continue;
            }
            let _ = writeln!(s, "line {}  {}", r.line, r.statement);
            let _ = writeln!(s, "  {:<width$}  {}", "winsection", r.ours);
            let _ = writeln!(s, "  {theirs_name:<width$}  {}", r.theirs);
            match &r.verdict {
                Verdict::Known(d) => {
                    let _ = writeln!(
                        s,
                        "  known ({}): Windows: {}; source: {}",
                        d.kind, d.windows, d.source
                    );
                }
                Verdict::HostDependent => {
                    let _ = writeln!(
                        s,
                        "  host-dependent: a handle value or address compared with a literal"
                    );
                }
                _ => {
                    let _ = writeln!(s, "  NEW DIFFERENCE: look");
                }
            }
        }
        let _ = writeln!(s, "{}", self.summary_line(theirs_name));
        s
    }

    /// Known deviations by kind, kinds in a fixed order, only those present:
    /// `wine-bug 4, unverified 1`.
    pub fn known_by_kind(&self) -> String {
        ["wine-bug", "winsection-bug", "unverified", "host-dependent"]
            .iter()
            .filter_map(|k| {
                let n = self.count(|v| matches!(v, Verdict::Known(d) if d.kind == *k));
                (n > 0).then(|| format!("{k} {n}"))
            })
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// `summary: N statements compared with X: A agree, K known deviations [kinds],
    /// H host-dependent expectations, D new differences (S not compared: dump/machine)`.
    pub fn summary_line(&self, theirs_name: &str) -> String {
        let kinds = self.known_by_kind();
        format!(
            "summary: {} statements compared with {theirs_name}: {} agree, {} known deviation{}{}, {} host-dependent expectation{}, {} new difference{}{} ({} not compared: dump/machine)",
            self.rows.len(),
            self.agree(),
            self.known(),
            if self.known() == 1 { "" } else { "s" },
            if kinds.is_empty() { String::new() } else { format!(" [{kinds}]") },
            self.host_dependent(),
            if self.host_dependent() == 1 { "" } else { "s" },
            self.new_differences(),
            if self.new_differences() == 1 { "" } else { "s" },
            if self.new_differences() > 0 { ": look" } else { "" },
            self.skipped
        )
    }
}

/// Compares winsection's trace (`ours`) with a real implementation's (`theirs`) for `script`
/// (file name `scenario`, as the deviations file names it).
pub fn compare(
    script: &Script,
    scenario: &str,
    ours: &Trace,
    theirs: &Trace,
    known: &Deviations,
    host_dependent: &[u32],
) -> Comparison {
    let kinds = top_kinds(script);
    let mut na = Normaliser::default();
    let mut nb = Normaliser::default();
    let mut names = Names::default();
    let theirs_by_line: BTreeMap<u64, &trace::TraceRecord> =
        theirs.records.iter().map(|r| (r.line, r)).collect();
    let mut out = Comparison::default();
    for r in &ours.records {
        let kind = kinds.get(&r.line).cloned().unwrap_or(StmtInfo {
            top: TopKind::Other,
            out_owner: None,
        });
        let Some(a) = na.record(r, &kind, &mut names) else {
            out.skipped += 1;
            continue;
        };
        let b = match theirs_by_line.get(&r.line) {
            // A trace of another scenario (or another version of this one) is not compared
            // line by line as if it were this one's.
            Some(t) if t.statement != r.statement => {
                format!(
                    "(the trace has another statement on this line: {})",
                    t.statement
                )
            }
            Some(t) => nb
                .record(t, &kind, &mut names)
                .unwrap_or_else(|| format!("-> ({})", t.kind)),
            None => "(no record for this line)".to_string(),
        };
        let verdict = if a == b {
            Verdict::Agree
        } else if host_dependent.iter().any(|l| u64::from(*l) == r.line) {
            Verdict::HostDependent
        } else if let Some(d) = known.find(scenario, r.line, &r.statement) {
            Verdict::Known(d.clone())
        } else {
            Verdict::New
        };
        out.rows.push(Row {
            line: r.line,
            statement: r.statement.clone(),
            ours: a,
            theirs: b,
            verdict,
        });
    }
    out
}
