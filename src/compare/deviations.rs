//! The known-deviations file (`wine/known-deviations.json`): differences between winsection
//! and a real implementation that the project has already explained, each with its source.
//!
//! Kinds: `wine-bug` (Wine differs from Windows: a Microsoft doc, a Wine test that ran on
//! Windows, or the catalogue's *Flag:* line says what Windows does), `winsection-bug`
//! (winsection differs from documented Windows behaviour: tracked, to fix),
//! `host-dependent` (the value depends on the machine, not on the rules), `unverified`
//! (winsection's choice rests on indirect evidence, Wine differs, and no source settles it:
//! a trace captured on Windows will).

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
    /// `wine-bug`, `winsection-bug`, `host-dependent` or `unverified`.
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
                "wine-bug" | "winsection-bug" | "host-dependent" | "unverified"
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

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn entry(extra: &str) -> String {
        format!(
            r#"{{"version": 1, "deviations": [{{"scenario": "a.scn", "kind": "wine-bug",
                "windows": "w", "source": "s"{extra}}}]}}"#
        )
    }

    #[test]
    fn entries_match_by_line_or_statement_text() {
        let by_line = Deviations::parse(&entry(r#", "line": 7"#)).unwrap();
        assert!(by_line.find("a.scn", 7, "x: F()").is_some());
        assert!(by_line.find("a.scn", 8, "x: F()").is_none());
        assert!(by_line.find("b.scn", 7, "x: F()").is_none());
        let by_text = Deviations::parse(&entry(r#", "statement_contains": "LockFile""#)).unwrap();
        assert!(by_text
            .find("a.scn", 1, "x: LockFile(f, 0, 0, 1, 0)")
            .is_some());
        assert!(by_text.find("a.scn", 1, "x: UnlockFile(f)").is_none()); // case-sensitive
        assert!(by_text.find("a.scn", 1, "x: ReadFile(f)").is_none());
        let any = entry(r#", "line": 3"#).replace("a.scn", "*");
        let any = Deviations::parse(&any).unwrap();
        assert!(any.find("z.scn", 3, "").is_some());
    }

    #[test]
    fn bad_files_are_refused() {
        assert!(Deviations::parse(&entry(""))
            .unwrap_err()
            .contains("neither a line nor statement_contains"));
        let kind = entry(r#", "line": 1"#).replace("wine-bug", "maybe");
        assert!(Deviations::parse(&kind)
            .unwrap_err()
            .contains("unknown deviation kind"));
        let version = entry(r#", "line": 1"#).replace("\"version\": 1", "\"version\": 2");
        assert!(Deviations::parse(&version)
            .unwrap_err()
            .contains("version 2"));
        assert!(Deviations::parse(
            &entry(r#", "line": 1"#).replace(r#""source": "s""#, r#""src": "s""#)
        )
        .is_err());
    }
}
