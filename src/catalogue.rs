//! The rule catalogue (docs/rules.md), built into the binary for `winsection rules`: every
//! rule of the section model with its id (`B8`), statement, source, and where the code
//! implements, tests and shows it. The "Where" lines are generated from the code's catalogue
//! citations ([`cited_ids`]) and kept current by tests/rules_catalogue.rs.

use std::collections::BTreeSet;

/// docs/rules.md.
pub const CATALOGUE: &str = include_str!("../docs/rules.md");

/// The prefix of a rule's generated line.
pub const WHERE_PREFIX: &str = "**Where:**";

/// One rule.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rule {
    /// `B8`.
    pub id: String,
    /// The rule in one sentence.
    pub title: String,
    /// The call shapes, answers, source and flags, as written in the catalogue.
    pub text: String,
    /// The generated "Where" line (without its prefix).
    pub location: String,
}

impl Rule {
    /// The built-in scenarios that show the rule (`@tour`, ...), from its Where line.
    pub fn scenarios(&self) -> Vec<&str> {
        self.location
            .split(|c: char| c.is_whitespace() || c == ',' || c == ';')
            .filter_map(|w| w.trim_matches('`').strip_prefix('@'))
            .collect()
    }
}

impl Rule {
    /// The test files that cite the rule (`conformance_ob`), from its Where line.
    pub fn tests(&self) -> Vec<&str> {
        let Some((_, rest)) = self.location.split_once("tested in ") else {
            return Vec::new();
        };
        rest.split(';')
            .next()
            .unwrap_or("")
            .split(',')
            .filter_map(|w| {
                let path = w.trim().trim_matches('`');
                let file = path.rsplit('/').next()?;
                file.strip_suffix(".rs")
            })
            .collect()
    }
}

/// The rules of `text` (docs/rules.md's format: a `### ID — title` heading per rule, the
/// rule's text, then its `**Where:**` line).
pub fn parse(text: &str) -> Vec<Rule> {
    let mut rules = Vec::new();
    let mut cur: Option<Rule> = None;
    for line in text.lines() {
        if line.starts_with("## ") || line.starts_with("### ") {
            rules.extend(cur.take());
        }
        if let Some(head) = line.strip_prefix("### ") {
            if let Some((id, title)) = head.split_once(" — ") {
                cur = Some(Rule {
                    id: id.trim().to_string(),
                    title: title.trim().to_string(),
                    text: String::new(),
                    location: String::new(),
                });
            }
            continue;
        }
        if let Some(r) = cur.as_mut() {
            if let Some(w) = line.strip_prefix(WHERE_PREFIX) {
                r.location = w.trim().to_string();
            } else {
                r.text.push_str(line);
                r.text.push('\n');
            }
        }
    }
    rules.extend(cur);
    for r in &mut rules {
        r.text = r.text.trim().to_string();
    }
    rules
}

/// The heading of docs/rules.md's list of rules the engine does not tag.
pub const UNTAGGED_HEADING: &str = "## Rules the engine does not tag";

/// The rules docs/rules.md lists under [`UNTAGGED_HEADING`] (`- **K1** — why`), with why:
/// rules that are not a decision the engine makes (documentation, a profile not implemented,
/// a fact about constants). Every other rule is tagged (`RuleId::B8`) where the engine
/// decides it; tests/rules_catalogue.rs checks that the two together are the catalogue.
pub fn untagged(text: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut inside = false;
    for line in text.lines() {
        if line.starts_with("## ") {
            inside = line.trim() == UNTAGGED_HEADING;
            continue;
        }
        if !inside {
            continue;
        }
        let Some(rest) = line.strip_prefix("- **") else {
            continue;
        };
        if let Some((id, why)) = rest.split_once("** — ") {
            out.push((id.trim().to_string(), why.trim().to_string()));
        }
    }
    out
}

/// Why the engine does not tag rule `id` (docs/rules.md), or None for a tagged rule.
pub fn untagged_reason(id: &str) -> Option<String> {
    untagged(CATALOGUE)
        .into_iter()
        .find(|(u, _)| u == id)
        .map(|(_, why)| why)
}

/// The ids the engine tags in `source` (Rust): every `RuleId::X` naming a known rule.
pub fn tagged_ids(source: &str, known: &BTreeSet<String>) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    for (i, _) in source.match_indices("RuleId::") {
        let chars: Vec<char> = source
            .get(i + "RuleId::".len()..)
            .unwrap_or("")
            .chars()
            .take(4)
            .collect();
        if let Some(id) = id_at(&chars, 0) {
            if known.contains(&id) {
                found.insert(id);
            }
        }
    }
    found
}

/// The built-in catalogue's rules.
pub fn rules() -> Vec<Rule> {
    parse(CATALOGUE)
}

/// The comment part of a source line: after `//` in Rust and C, after `#` in a scenario.
fn comment(line: &str, scenario: bool) -> Option<&str> {
    if scenario {
        line.find('#').and_then(|i| line.get(i..))
    } else {
        line.find("//").and_then(|i| line.get(i..))
    }
}

/// The rule ids a source file cites in its comments, among `known`: single ids (`catalog B8`,
/// `(D4, H18)`) and ranges within one area (`C1–C16`, `F1-F21`).
pub fn cited_ids(source: &str, scenario: bool, known: &BTreeSet<String>) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    for line in source.lines() {
        let Some(c) = comment(line, scenario) else {
            continue;
        };
        let chars: Vec<char> = c.chars().collect();
        let mut i = 0;
        while i < chars.len() {
            let Some(id) = id_at(&chars, i) else {
                i += 1;
                continue;
            };
            let mut end = i + id.len();
            // A range: `C1–C16` or `C1-C16`.
            let dash = chars.get(end).copied();
            if matches!(dash, Some('–') | Some('-')) {
                if let Some(to) = id_at(&chars, end + 1) {
                    if to.starts_with(id.get(..1).unwrap_or("")) {
                        let from_n: u32 = id.get(1..).and_then(|n| n.parse().ok()).unwrap_or(0);
                        let to_n: u32 = to.get(1..).and_then(|n| n.parse().ok()).unwrap_or(0);
                        let area = id.get(..1).unwrap_or("");
                        for n in from_n..=to_n.min(from_n.saturating_add(60)) {
                            let each = format!("{area}{n}");
                            if known.contains(&each) {
                                found.insert(each);
                            }
                        }
                        end += 1 + to.len();
                    }
                }
            }
            if known.contains(&id) {
                found.insert(id);
            }
            i = end;
        }
    }
    found
}

/// An id (`A1` .. `M15`) starting at `i` with word boundaries on both sides.
fn id_at(chars: &[char], i: usize) -> Option<String> {
    let first = *chars.get(i)?;
    if !('A'..='M').contains(&first) {
        return None;
    }
    if i > 0
        && chars
            .get(i - 1)
            .is_some_and(|c| c.is_alphanumeric() || *c == '_')
    {
        return None;
    }
    let digits: String = chars
        .iter()
        .skip(i + 1)
        .take_while(|c| c.is_ascii_digit())
        .collect();
    if digits.is_empty() || digits.len() > 2 {
        return None;
    }
    let after = chars.get(i + 1 + digits.len());
    if after.is_some_and(|c| c.is_alphanumeric() || *c == '_') {
        return None;
    }
    Some(format!("{first}{digits}"))
}

/// The generated "Where" line for a rule.
pub fn where_line(implemented: &[String], tested: &[String], scenarios: &[String]) -> String {
    fn list(items: &[String], wrap: impl Fn(&str) -> String) -> String {
        if items.is_empty() {
            "none".into()
        } else {
            items.iter().map(|s| wrap(s)).collect::<Vec<_>>().join(", ")
        }
    }
    format!(
        "{WHERE_PREFIX} implemented in {}; tested in {}; scenarios {}",
        list(implemented, |s| format!("`{s}`")),
        list(tested, |s| format!("`{s}`")),
        list(scenarios, |s| format!("`@{s}`"))
    )
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;

    #[test]
    fn citations_and_ranges() {
        let known: BTreeSet<String> = ["A1", "C1", "C2", "C3", "D4", "H18"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let got = cited_ids(
            "let x = A1; // catalog C1–C3, (D4, H18); not 0xA1 nor A1B\n",
            false,
            &known,
        );
        let want: BTreeSet<String> = ["C1", "C2", "C3", "D4", "H18"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        assert_eq!(got, want);
        assert!(cited_ids("a: x = A1 # A1", true, &known).contains("A1"));
    }

    #[test]
    fn the_catalogue_parses() {
        let rules = rules();
        assert_eq!(rules.len(), 189);
        let b8 = rules.iter().find(|r| r.id == "B8").unwrap();
        assert!(!b8.title.is_empty() && b8.text.contains("*Source:*"));
    }
}
