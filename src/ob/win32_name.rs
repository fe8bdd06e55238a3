//! A Win32 object name, scanned once.
//!
//! Resolving a name asks the same questions of it several times: is it too long (catalog A17),
//! does it have a `\` (a private-namespace alias, catalog J11; a path), does it start with a
//! keyword (`Global\`, `Local\`, `Session\`: catalog A2, A3, A5, A6), does it end with `\`
//! (A9), does it hold `/ : . * ?` (A11). Each of those used to rescan the text (`split_once`,
//! three prefix comparisons, `ends_with`, `contains`, a UTF-16 count, and the facade's cut at
//! the NUL before them): one pass here answers them all, and a name without `\` — the common
//! case — is known to be one component, which needs exactly one directory lookup (issue #11).

use crate::error::{NtStatus, Result};
use crate::rule::RuleId;

/// Longest object name a UNICODE_STRING can carry, in UTF-16 units (65534 bytes).
const MAX_NAME_UNITS: usize = 32767;

/// A keyword a Win32 name may start with (MS docs "Kernel object namespaces").
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Keyword {
    Global,
    Local,
    Session,
}

impl Keyword {
    /// The keyword a first component (the text before the first `\`) names, compared
    /// case-insensitively, and whether its case is exactly the keyword's.
    fn of(component: &str) -> Option<(Keyword, bool)> {
        [
            (Keyword::Global, "Global"),
            (Keyword::Local, "Local"),
            (Keyword::Session, "Session"),
        ]
        .into_iter()
        .find(|(_, word)| word.eq_ignore_ascii_case(component))
        .map(|(keyword, word)| (keyword, word == component))
    }
}

/// A Win32 object name and what one scan of it found.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Win32Name<'a> {
    text: &'a str,
    /// Byte index of the first `\`.
    separator: Option<usize>,
    /// Whether the text holds one of `/ : . * ?` (catalog A11).
    unusual: bool,
}

impl<'a> Win32Name<'a> {
    /// Scans `text` once.
    pub fn scan(text: &'a str) -> Self {
        Self::scan_to::<false>(text)
    }

    /// The text of a C string, up to its first NUL (the facade's `c_str`), scanned in the
    /// same pass.
    pub fn scan_c(text: &'a str) -> Self {
        Self::scan_to::<true>(text)
    }

    /// The one pass: the first `\`, any of `/ : . * ?`, and (with `NUL_ENDS`) the end.
    fn scan_to<const NUL_ENDS: bool>(text: &'a str) -> Self {
        let mut separator = None;
        let mut unusual = false;
        let mut end = text.len();
        for (i, b) in text.bytes().enumerate() {
            match b {
                0 if NUL_ENDS => {
                    end = i;
                    break;
                }
                b'\\' if separator.is_none() => separator = Some(i),
                b'/' | b':' | b'.' | b'*' | b'?' => unusual = true,
                _ => {}
            }
        }
        Win32Name {
            // `end` is a NUL's index or the length: a character boundary.
            text: text.get(..end).unwrap_or(text),
            separator,
            unusual,
        }
    }

    /// The name as given.
    pub fn text(&self) -> &'a str {
        self.text
    }

    /// The text before the first `\` and the text after it (`alias\name`), when there is one.
    pub fn split_first(&self) -> Option<(&'a str, &'a str)> {
        let at = self.separator?;
        Some((self.text.get(..at)?, self.text.get(at + 1..)?))
    }

    /// A non-empty name without `\`: one component, looked up in one directory.
    pub fn is_one_component(&self) -> bool {
        self.separator.is_none() && !self.text.is_empty()
    }

    /// Win32 object names become NT names relative to the caller's BaseNamedObjects directory
    /// (kernelbase `BaseGetNamedObjectDirectory`). A relative name of 65532 bytes works, 65534
    /// bytes is STATUS_OBJECT_NAME_INVALID (wine tests `om.c test_name_limits`; catalog A17),
    /// and a name too long for a UNICODE_STRING fails to convert (STATUS_NAME_TOO_LONG). A
    /// UTF-8 text has at least as many bytes as UTF-16 units, so a short one is not counted.
    pub fn check_length(&self) -> Result<()> {
        if self.text.len() < MAX_NAME_UNITS {
            return Ok(());
        }
        let units = self.text.encode_utf16().count();
        if units > MAX_NAME_UNITS {
            return Err(NtStatus::NAME_TOO_LONG.by(RuleId::A17));
        }
        if units == MAX_NAME_UNITS {
            return Err(NtStatus::OBJECT_NAME_INVALID.by(RuleId::A17));
        }
        Ok(())
    }

    /// The keyword the name starts with (`Global\`, `Local\`, `Session\`, any case), and
    /// whether its case is exact. A keyword ends at its `\`, so it is the first component.
    fn keyword(&self) -> Option<(Keyword, bool)> {
        let (first, _) = self.split_first()?;
        Keyword::of(first)
    }

    /// The catalogue rule that decides how the name resolves (catalog A1-A11), given the
    /// lookup's failure, if any.
    pub fn rule(&self, failure: Option<NtStatus>) -> RuleId {
        let keyword = self.keyword();
        match failure {
            Some(NtStatus::OBJECT_PATH_SYNTAX_BAD) => RuleId::A8,
            Some(NtStatus::OBJECT_NAME_INVALID) => RuleId::A10,
            Some(_) if keyword.is_some_and(|(_, exact)| !exact) => RuleId::A5,
            Some(_) if self.text.ends_with('\\') => RuleId::A9,
            Some(_) if keyword == Some((Keyword::Session, true)) => RuleId::A6,
            Some(_) => RuleId::A7,
            None => match keyword {
                Some((Keyword::Global, true)) => RuleId::A3,
                Some((Keyword::Local, true)) => RuleId::A2,
                Some((Keyword::Session, true)) => RuleId::A6,
                _ if self.unusual => RuleId::A11,
                _ => RuleId::A1,
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The rule as it was decided before the single scan (several passes over the text): the
    /// reference the scan must agree with.
    fn rescanning_rule(name: &str, failure: Option<NtStatus>) -> RuleId {
        let prefix = |p: &str| {
            name.get(..p.len())
                .is_some_and(|head| head.eq_ignore_ascii_case(p))
        };
        let keyword = ["Global\\", "Local\\", "Session\\"]
            .into_iter()
            .find(|p| prefix(p));
        match failure {
            Some(NtStatus::OBJECT_PATH_SYNTAX_BAD) => RuleId::A8,
            Some(NtStatus::OBJECT_NAME_INVALID) => RuleId::A10,
            Some(_) if keyword.is_some_and(|k| !name.starts_with(k)) => RuleId::A5,
            Some(_) if name.ends_with('\\') => RuleId::A9,
            Some(_) if name.starts_with("Session\\") => RuleId::A6,
            Some(_) => RuleId::A7,
            None if name.starts_with("Global\\") => RuleId::A3,
            None if name.starts_with("Local\\") => RuleId::A2,
            None if name.starts_with("Session\\") => RuleId::A6,
            None if name.contains(['/', ':', '.', '*', '?']) => RuleId::A11,
            None => RuleId::A1,
        }
    }

    #[test]
    fn one_scan_decides_as_the_rescans_did() {
        let names = [
            "",
            "x",
            "a.b",
            "Global\\x",
            "global\\x",
            "GLOBAL\\",
            "Global",
            "Globalx\\y",
            "Local\\a:b",
            "lOcal\\a",
            "Session\\1\\x",
            "session\\1\\x",
            "Session",
            "\\abs",
            "a\\",
            "a\\\\b",
            "Global\\\\x",
            "Sessio\\x",
            "é\\Global\\x",
            "x?*",
            "alias\\name",
        ];
        let failures = [
            None,
            Some(NtStatus::OBJECT_PATH_SYNTAX_BAD),
            Some(NtStatus::OBJECT_NAME_INVALID),
            Some(NtStatus::OBJECT_PATH_NOT_FOUND),
            Some(NtStatus::OBJECT_NAME_NOT_FOUND),
        ];
        for name in names {
            let scanned = Win32Name::scan(name);
            assert_eq!(
                scanned.split_first(),
                name.split_once('\\'),
                "split of {name:?}"
            );
            assert_eq!(
                scanned.is_one_component(),
                !name.is_empty() && !name.contains('\\')
            );
            for failure in failures {
                assert_eq!(
                    scanned.rule(failure),
                    rescanning_rule(name, failure),
                    "{name:?} {failure:?}"
                );
            }
        }
    }

    #[test]
    fn a_c_string_ends_at_its_nul() {
        for text in [
            "",
            "a",
            "a\0b",
            "\0",
            "Local\\x\0Global\\y",
            "a.b\0",
            "x\0a:b",
        ] {
            let cut = text.split('\0').next().unwrap_or("");
            let c = Win32Name::scan_c(text);
            let plain = Win32Name::scan(cut);
            assert_eq!(c.text(), cut);
            assert_eq!(c.split_first(), plain.split_first());
            assert_eq!(c.rule(None), plain.rule(None), "{text:?}");
        }
    }

    #[test]
    fn length_limits_count_utf16_units() {
        let ok = "a".repeat(MAX_NAME_UNITS - 1);
        assert!(Win32Name::scan(&ok).check_length().is_ok());
        let invalid = "a".repeat(MAX_NAME_UNITS);
        assert!(Win32Name::scan(&invalid).check_length().is_err());
        let too_long = "a".repeat(MAX_NAME_UNITS + 1);
        assert!(Win32Name::scan(&too_long).check_length().is_err());
        // Two-byte characters: 32766 bytes are 16383 units.
        let wide = "é".repeat(16383);
        assert!(Win32Name::scan(&wide).check_length().is_ok());
        // Four-byte characters are two units each: 8192 of them are 16384 units.
        let astral = "𝄞".repeat(8192);
        assert!(Win32Name::scan(&astral).check_length().is_ok());
    }
}
