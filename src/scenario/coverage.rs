//! Rule coverage: which catalogue rules (docs/rules.md) a run exercised, as `winsection run
//! --coverage` prints them, and which rules each built-in scenario exercises (for `winsection
//! rules`). The engine records the rule behind each decision it makes ([`crate::System::rules_hit`]);
//! this module only names and prints them.

use super::builtin::{self, Builtin};
use super::printer::json_line;
use super::schema::{CoverageLine, CoveredRule};
use crate::catalogue::{self, Rule};
use crate::rule::{RuleId, RuleSet};

/// The catalogue's title of `id` ("" if the catalogue lacks it; a test keeps the two equal).
fn title(rules: &[Rule], id: RuleId) -> &str {
    rules
        .iter()
        .find(|r| r.id == id.as_str())
        .map_or("", |r| r.title.as_str())
}

/// The coverage block of a text run: a count, then one line per rule (id and title), in
/// catalogue order.
pub fn text(hit: &RuleSet) -> String {
    let rules = catalogue::rules();
    let mut s = format!(
        "coverage: {} {} of the catalogue exercised (winsection rules ID shows one)\n",
        hit.len(),
        if hit.len() == 1 { "rule" } else { "rules" }
    );
    for id in hit.iter() {
        s.push_str(&format!("  {:<4} {}\n", id.as_str(), title(&rules, id)));
    }
    s
}

/// The coverage line of a JSON run (`{"kind":"coverage","rules":[{"id","title"}],...}`).
pub fn json(hit: &RuleSet) -> String {
    let rules = catalogue::rules();
    json_line(&CoverageLine {
        kind: "coverage",
        rules: hit
            .iter()
            .map(|id| CoveredRule {
                id,
                title: title(&rules, id),
            })
            .collect(),
        trace_version: crate::export::TRACE_VERSION,
    })
}

/// The rules one built-in scenario exercises, computed by running it (an empty set if it does
/// not load, which a test rules out).
pub fn of_builtin(b: &Builtin) -> RuleSet {
    match super::load(b.source.as_bytes()) {
        Ok(script) => super::run(&script).system.rules_hit(),
        Err(_) => RuleSet::new(),
    }
}

/// Every built-in scenario with the rules it exercises, in reading order.
pub fn of_builtins() -> Vec<(&'static Builtin, RuleSet)> {
    builtin::SCENARIOS
        .iter()
        .map(|b| (b, of_builtin(b)))
        .collect()
}

/// The built-in scenarios that exercise `id`, in reading order.
pub fn scenarios_showing(all: &[(&'static Builtin, RuleSet)], id: RuleId) -> Vec<&'static str> {
    all.iter()
        .filter(|(_, set)| set.contains(id))
        .map(|(b, _)| b.name)
        .collect()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;

    #[test]
    fn the_tour_exercises_the_squatting_rules() {
        let tour = builtin::find("tour").unwrap();
        let hit = of_builtin(tour);
        // ALREADY_EXISTS with the existing 4 KiB section, and the 1 MiB view past its end.
        assert!(hit.contains(RuleId::B8), "{hit:?}");
        assert!(hit.contains(RuleId::F5), "{hit:?}");
        let t = text(&hit);
        assert!(t.contains("  B8   Same name, same type"), "{t}");
        let j = json(&hit);
        assert!(
            j.starts_with("{\"kind\":\"coverage\",\"rules\":[{\"id\":\"A"),
            "{j}"
        );
    }
}
