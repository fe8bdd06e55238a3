//! Script errors as a reader wants them: each with the line it is on and a caret under the
//! place, rendered by `codespan-reporting` (the renderer of the `codespan` family, used by
//! many compilers' front ends), plain text without colour so it pastes anywhere:
//!
//! ```text
//! error: unknown function `CreateFileMaping` (did you mean `CreateFileMappingW`?)
//!   --> bad.scn:3:8
//!    |
//!  3 | a: h = CreateFileMaping(INVALID_HANDLE_VALUE, NULL, PAGE_READWRITE, 0, 4096, "X")
//!    |        ^^^^^^^^^^^^^^^^
//! ```
//!
//! The CLI checks a file without holding it ([`super::check_all`]), so the lines shown are
//! read again afterwards ([`lines_of`]): only the lines that have an error are kept.

use std::collections::BTreeMap;
use std::io::BufRead;
use std::ops::Range;

use codespan_reporting::diagnostic::{Diagnostic, Label};
use codespan_reporting::files::{Error as FilesError, Files};
use codespan_reporting::term::{self, Chars, Config};

use super::ScriptError;

/// One source line, as `codespan-reporting` sees a file: the excerpt is the only text, and its
/// line number is the real one.
struct OneLine<'a> {
    name: &'a str,
    line: usize,
    text: &'a str,
}

impl<'a> Files<'a> for OneLine<'a> {
    type FileId = ();
    type Name = &'a str;
    type Source = &'a str;

    fn name(&'a self, _: ()) -> Result<&'a str, FilesError> {
        Ok(self.name)
    }

    fn source(&'a self, _: ()) -> Result<&'a str, FilesError> {
        Ok(self.text)
    }

    fn line_index(&'a self, _: (), _: usize) -> Result<usize, FilesError> {
        Ok(0)
    }

    fn line_number(&'a self, _: (), _: usize) -> Result<usize, FilesError> {
        Ok(self.line)
    }

    fn line_range(&'a self, _: (), line_index: usize) -> Result<Range<usize>, FilesError> {
        if line_index == 0 {
            Ok(0..self.text.len())
        } else {
            Err(FilesError::LineTooLarge {
                given: line_index,
                max: 0,
            })
        }
    }
}

/// The byte range the caret marks: the word (name, number) starting at character column
/// `col` (from 1), or the one character there; the end of the line when `col` is past it.
fn caret_range(text: &str, col: u32) -> Range<usize> {
    let skip = usize::try_from(col.saturating_sub(1)).unwrap_or(usize::MAX);
    let Some((start, first)) = text.char_indices().nth(skip) else {
        return text.len()..text.len();
    };
    let word = |c: char| c.is_alphanumeric() || c == '_';
    let mut end = start + first.len_utf8();
    if word(first) {
        for (i, c) in text.get(start..).unwrap_or("").char_indices().skip(1) {
            if !word(c) {
                break;
            }
            end = start + i + c.len_utf8();
        }
    }
    start..end
}

/// Every error, rendered with its excerpt. `lines` maps a line number to its text (see
/// [`lines_of`]); an error whose line is missing is shown as `FILE:LINE:COL: message`.
pub fn render(file: &str, errors: &[ScriptError], lines: &BTreeMap<u32, String>) -> String {
    let config = Config {
        chars: Chars::ascii(),
        ..Config::default()
    };
    let mut out = String::new();
    for e in errors {
        let rendered = lines.get(&e.pos.line).and_then(|text| {
            let text = text.trim_end_matches(['\n', '\r']);
            let files = OneLine {
                name: file,
                line: usize::try_from(e.pos.line).unwrap_or(usize::MAX),
                text,
            };
            let diagnostic = Diagnostic::error()
                .with_message(e.message.clone())
                .with_labels(vec![Label::primary((), caret_range(text, e.pos.col))]);
            term::emit_into_string(&config, &files, &diagnostic).ok()
        });
        match rendered {
            Some(r) => out.push_str(&r),
            None => {
                out.push_str(&e.display(file));
                out.push('\n');
            }
        }
    }
    if errors.len() > 1 {
        out.push_str(&format!("{file}: {} script errors\n", errors.len()));
    }
    out
}

/// The lines `errors` point at, read from `source` (each at most 64 KiB is kept: a statement
/// line is at most 65,536 characters anyway).
pub fn lines_of(source: impl std::io::Read, errors: &[ScriptError]) -> BTreeMap<u32, String> {
    let wanted: std::collections::BTreeSet<u32> = errors.iter().map(|e| e.pos.line).collect();
    let last = wanted.iter().next_back().copied().unwrap_or(0);
    let mut found = BTreeMap::new();
    let mut reader = std::io::BufReader::new(source);
    let mut buf = Vec::new();
    let mut line = 0u32;
    while line < last {
        buf.clear();
        match reader.read_until(b'\n', &mut buf) {
            Ok(0) | Err(_) => break,
            Ok(_) => {}
        }
        line = line.saturating_add(1);
        if wanted.contains(&line) {
            buf.truncate(1 << 16);
            found.insert(line, String::from_utf8_lossy(&buf).into_owned());
        }
    }
    found
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;
    use crate::scenario::Pos;

    #[test]
    fn carets_cover_the_word() {
        assert_eq!(caret_range("a: h = Foo(1)", 8), 7..10);
        assert_eq!(caret_range("a: h = (1", 8), 7..8);
        assert_eq!(caret_range("ab", 9), 2..2);
    }

    #[test]
    fn renders_every_error_with_its_line() {
        let src = "process a\na: h = Fooo(1)\na: expect nope\n";
        let errors = crate::scenario::check_all(src.as_bytes()).unwrap_err();
        assert_eq!(errors.len(), 2, "{errors:?}");
        let lines = lines_of(src.as_bytes(), &errors);
        let text = render("t.scn", &errors, &lines);
        assert!(text.contains("t.scn:2:8"), "{text}");
        assert!(text.contains("2 | a: h = Fooo(1)"), "{text}");
        assert!(text.contains("^^^^"), "{text}");
        assert!(text.contains("t.scn:3:11"), "{text}");
        assert!(text.ends_with("t.scn: 2 script errors\n"), "{text}");
        let missing = render(
            "t.scn",
            &[ScriptError::new(Pos { line: 9, col: 1 }, "x")],
            &lines,
        );
        assert_eq!(missing, "t.scn:9:1: x\n");
    }
}
