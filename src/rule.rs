//! Rule ids: the catalogue's rules (docs/rules.md) as a type, so the engine can say which rule
//! decided a call's answer. [`RuleId`] lists every id in catalogue order; tests/rules_catalogue.rs
//! fails when this list and docs/rules.md differ. [`RuleSet`] is the set of rules a run (or one
//! call) exercised: a fixed bitset, so recording a rule is one OR into [`crate::System`] (no
//! allocation, no formatting; fuzzers run millions of calls).

use std::fmt;

macro_rules! rule_ids {
    ($($id:ident),* $(,)?) => {
        /// A rule of the catalogue (docs/rules.md), by its id (`B8`).
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        #[repr(u8)]
        #[allow(missing_docs)]
        pub enum RuleId {
            $($id),*
        }

        impl RuleId {
            /// Every rule, in catalogue order.
            pub const ALL: &'static [RuleId] = &[$(RuleId::$id),*];

            /// The id as the catalogue writes it (`B8`).
            pub fn as_str(self) -> &'static str {
                match self {
                    $(RuleId::$id => stringify!($id)),*
                }
            }
        }
    };
}

rule_ids! {
    A1, A2, A3, A4, A5, A6, A7, A8, A9, A10, A11, A12, A13, A14, A15, A16, A17, A18, A19, A20,
    B1, B2, B3, B4, B5, B6, B7, B8, B9, B10, B11, B12, B13, B14, B15, B16,
    C1, C2, C3, C4, C5, C6, C7, C8, C9, C10, C11, C12, C13, C14, C15, C16, C17,
    D1, D2, D3, D4, D5, D6, D7, D8, D9, D10, D11, D12, D13, D14,
    E1, E2, E3, E4, E5, E6, E7, E8, E9, E10, E11, E12, E13,
    F1, F2, F3, F4, F5, F6, F7, F8, F9, F10, F11, F12, F13, F14, F15, F16, F17, F18, F19, F20, F21,
    F22,
    G1, G2, G3, G4, G5, G6, G7, G8, G9, G10,
    H1, H2, H3, H4, H5, H6, H7, H8, H9, H10, H11, H12, H13, H14, H15, H16, H17, H18, H19, H20, H21,
    H22, H23, H24, H25, H26, H27,
    I1, I2, I3, I4, I5, I6, I7, I8, I9, I10, I11, I12, I13, I14, I15, I16, I17, I18,
    J1, J2, J3, J4, J5, J6, J7, J8, J9, J10, J11, J12, J13, J14, J15,
    K1, K2, K3, K4, K5, K6, K7, K8, K9, K10, K11, K12,
    L1, L2, L3, L4, L5,
}

impl RuleId {
    /// The rule with id `id` (`B8`, case-insensitive).
    pub fn parse(id: &str) -> Option<RuleId> {
        RuleId::ALL
            .iter()
            .copied()
            .find(|r| r.as_str().eq_ignore_ascii_case(id))
    }

    /// Position in [`RuleId::ALL`].
    fn index(self) -> usize {
        self as usize
    }
}

impl fmt::Display for RuleId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl serde::Serialize for RuleId {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl schemars::JsonSchema for RuleId {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "RuleId".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "A rule id of the catalogue (docs/rules.md), such as `B8`.",
            "type": "string",
            "pattern": "^[A-L][0-9]{1,2}$"
        })
    }
}

/// How many u64 words hold one bit per rule.
const WORDS: usize = RuleId::ALL.len().div_ceil(64);

/// A set of rules: one bit per rule, iterated in catalogue order.
#[derive(Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct RuleSet {
    bits: [u64; WORDS],
}

impl RuleSet {
    /// The empty set.
    pub const fn new() -> Self {
        RuleSet { bits: [0; WORDS] }
    }

    /// Adds `rule`.
    #[inline]
    pub fn insert(&mut self, rule: RuleId) {
        let i = rule.index();
        if let Some(w) = self.bits.get_mut(i / 64) {
            *w |= 1 << (i % 64);
        }
    }

    /// Whether `rule` is in the set.
    pub fn contains(&self, rule: RuleId) -> bool {
        let i = rule.index();
        self.bits
            .get(i / 64)
            .is_some_and(|w| w & (1 << (i % 64)) != 0)
    }

    /// Adds every rule of `other`.
    pub fn extend(&mut self, other: &RuleSet) {
        for (w, o) in self.bits.iter_mut().zip(other.bits.iter()) {
            *w |= o;
        }
    }

    /// Whether the set is empty.
    pub fn is_empty(&self) -> bool {
        self.bits.iter().all(|w| *w == 0)
    }

    /// How many rules the set holds.
    pub fn len(&self) -> usize {
        self.bits.iter().map(|w| w.count_ones() as usize).sum()
    }

    /// The rules, in catalogue order.
    pub fn iter(&self) -> impl Iterator<Item = RuleId> + '_ {
        RuleId::ALL.iter().copied().filter(|r| self.contains(*r))
    }
}

impl FromIterator<RuleId> for RuleSet {
    fn from_iter<I: IntoIterator<Item = RuleId>>(iter: I) -> Self {
        let mut set = RuleSet::new();
        for r in iter {
            set.insert(r);
        }
        set
    }
}

impl fmt::Debug for RuleSet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_set().entries(self.iter()).finish()
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn ids_index_and_parse() {
        assert_eq!(RuleId::ALL.len(), 189);
        for (i, r) in RuleId::ALL.iter().enumerate() {
            assert_eq!(r.index(), i);
            assert_eq!(RuleId::parse(r.as_str()), Some(*r));
        }
        assert_eq!(RuleId::parse("b8"), Some(RuleId::B8));
        assert_eq!(RuleId::parse("M1"), None);
    }

    #[test]
    fn sets_hold_rules_in_catalogue_order() {
        let mut s = RuleSet::new();
        assert!(s.is_empty());
        s.insert(RuleId::L5);
        s.insert(RuleId::A1);
        s.insert(RuleId::L5);
        assert_eq!(s.len(), 2);
        assert_eq!(s.iter().collect::<Vec<_>>(), vec![RuleId::A1, RuleId::L5]);
        let mut t: RuleSet = [RuleId::B8].into_iter().collect();
        t.extend(&s);
        assert_eq!(
            t.iter().map(RuleId::as_str).collect::<Vec<_>>(),
            ["A1", "B8", "L5"]
        );
        assert!(!t.contains(RuleId::B7));
    }
}
