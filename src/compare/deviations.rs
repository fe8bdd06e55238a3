//! The known-deviations file (`wine/known-deviations.json`): differences between winsection
//! and a real implementation that the project has already explained, each with its source.
//!
//! Kinds: `wine-bug` (Wine differs from Windows: a Microsoft doc, a Wine test that ran on
//! Windows, or the catalogue's *Flag:* line says what Windows does), `winsection-bug`
//! (winsection differs from documented Windows behaviour: tracked, to fix),
//! `host-dependent` (the value depends on the machine, not on the rules).

use serde::Deserialize;

/// One explained difference.
#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
pub struct Deviation {
    /// The scenario's file name (`tour.scn`), or `*` for any.
    pub scenario: String,
    /// The statement's line, if the entry is for one line.
    #[serde(default)]
    pub line: Option<u64>,
    /// A piece of the statement's text, if the entry is for statements that contain it.
    #[serde(default)]
    pub statement_contains: Option<String>,
    /// `wine-bug`, `winsection-bug` or `host-dependent`.
    pub kind: String,
    /// What Windows does.
    pub windows: String,
    /// What the real implementation (Wine) does.
    #[serde(default)]
    pub wine: String,
    /// Where Windows' behaviour is stated.
    pub source: String,
}

/// The file.
#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
pub struct Deviations {
    /// Format version (1).
    pub version: u32,
    /// Entries.
    pub deviations: Vec<Deviation>,
}

impl Deviations {
    /// Parses the file.
    pub fn parse(text: &str) -> Result<Deviations, String> {
        let d: Deviations = serde_json::from_str(text).map_err(|e| e.to_string())?;
        if d.version != 1 {
            return Err(format!(
                "known-deviations version {} (expected 1)",
                d.version
            ));
        }
        for e in &d.deviations {
            if e.line.is_none() && e.statement_contains.is_none() {
                return Err(format!(
                    "a deviation for {} names neither a line nor statement_contains",
                    e.scenario
                ));
            }
            if !matches!(
                e.kind.as_str(),
                "wine-bug" | "winsection-bug" | "host-dependent"
            ) {
                return Err(format!("unknown deviation kind `{}`", e.kind));
            }
        }
        Ok(d)
    }

    /// The entry explaining a difference on `line` / `statement` of `scenario`, if any.
    pub fn find(&self, scenario: &str, line: u64, statement: &str) -> Option<&Deviation> {
        self.deviations.iter().find(|d| {
            (d.scenario == "*" || d.scenario == scenario)
                && d.line.is_none_or(|l| l == line)
                && d.statement_contains
                    .as_deref()
                    .is_none_or(|s| statement.contains(s))
        })
    }
}
