//! Narrated runs (`winsection run --narrate`, the default for the tour and `@NAME`): the
//! story a scenario tells in its comments, printed before the statements it introduces.
//!
//! The narrator reads the source a second time, in step with the run: before the record of
//! the statement on line L it prints the comment blocks between the previous statement and L
//! (each block after a blank line, `#` kept so a narrated trace still reads as a commented
//! script); comments at the end of a statement's line stay in the file. It holds one line at a
//! time, so narration does not change what a run's memory grows with.

use std::io::BufRead;

/// A line longer than this is cut when narrated (a comment line is prose, not data).
const MAX_NARRATED_LINE: usize = 4096;

/// Comment blocks of one source, handed out in line order.
pub struct Narrator<R: BufRead> {
    source: R,
    /// Lines read so far.
    line: u32,
    /// Whether the last line read was a comment (a block goes on) or not (the next comment
    /// starts a block, after a blank line).
    in_block: bool,
    buf: Vec<u8>,
}

impl<R: BufRead> Narrator<R> {
    /// A narrator over `source` (the same text the run reads).
    pub fn new(source: R) -> Self {
        Narrator {
            source,
            line: 0,
            in_block: false,
            buf: Vec::new(),
        }
    }

    /// The narration to print before the record of the statement that starts on `line`:
    /// every comment line from where the last call stopped up to `line - 1`.
    pub fn before(&mut self, line: u32) -> String {
        let mut out = String::new();
        while self.line.saturating_add(1) < line {
            if !self.next_line(&mut out) {
                break;
            }
        }
        // The statement's own line (and its continuations) are not narration.
        if self.line.saturating_add(1) == line {
            self.buf.clear();
            if matches!(self.source.read_until(b'\n', &mut self.buf), Ok(n) if n > 0) {
                self.line = line;
            }
            self.in_block = false;
        }
        out
    }

    /// The comments after the last statement.
    pub fn rest(&mut self) -> String {
        let mut out = String::new();
        while self.next_line(&mut out) {}
        out
    }

    /// Reads one line; appends it to `out` if it is a comment. False at the end.
    fn next_line(&mut self, out: &mut String) -> bool {
        self.buf.clear();
        match self.source.read_until(b'\n', &mut self.buf) {
            Ok(0) | Err(_) => return false,
            Ok(_) => {}
        }
        self.line = self.line.saturating_add(1);
        let text = String::from_utf8_lossy(&self.buf);
        let text = text.trim_end_matches(['\n', '\r']).trim_start();
        if text.starts_with('#') {
            if !self.in_block {
                out.push('\n');
                self.in_block = true;
            }
            let cut: String = text.chars().take(MAX_NARRATED_LINE).collect();
            out.push_str(&cut);
            out.push('\n');
        } else {
            // A blank line, or a continuation line of the previous statement: the next
            // comment starts a new block.
            self.in_block = false;
        }
        true
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;

    #[test]
    fn blocks_come_before_their_statements() {
        let src =
            "# Title.\n#\n# Story.\n\nprocess a\n# Why:\na: expect 1   # inline\n\n# The end.\n";
        let mut n = Narrator::new(src.as_bytes());
        assert_eq!(n.before(5), "\n# Title.\n#\n# Story.\n");
        assert_eq!(n.before(7), "\n# Why:\n");
        assert_eq!(n.rest(), "\n# The end.\n");
    }

    #[test]
    fn continuation_lines_are_skipped() {
        let src = "process a\na: h = OpenEventW(1, \\\n   FALSE, \"x\")\n# next\na: expect 1\n";
        let mut n = Narrator::new(src.as_bytes());
        assert_eq!(n.before(1), "");
        assert_eq!(n.before(2), "");
        assert_eq!(n.before(5), "\n# next\n");
    }
}
