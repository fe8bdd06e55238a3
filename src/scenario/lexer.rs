//! The `.scn` lexer: bytes -> statements, each a list of tokens with positions and the
//! statement's text as written.
//!
//! - The input must be UTF-8; control characters other than tab, CR and LF are errors.
//! - `#` outside a string literal starts a comment that runs to the end of the line (a `\` at
//!   the end of a comment does not continue the line).
//! - A `\` outside a string literal that is followed only by blanks (and optionally a comment)
//!   up to the end of the line continues the statement on the next line.
//! - Integers: decimal or `0x` hex, 64-bit unsigned; too large is an error, and so is a decimal
//!   literal with a leading zero (C would read `010` as octal).
//! - Strings: `"..."` with C escapes `\\ \" \n \t \r \0 \xHH`; `x"00ff41"` is a byte string in
//!   hex (blanks between bytes allowed).
//! - A statement longer than [`MAX_STATEMENT_CHARS`] characters is an error, so that a huge line
//!   cannot make the later stages slow.

use super::ScriptError;

/// Longest statement (after joining continued lines), in characters.
pub const MAX_STATEMENT_CHARS: usize = 65_536;

/// A position in the source: 1-based line and column (in characters).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct Pos {
    /// Line, from 1.
    pub line: u32,
    /// Column in characters, from 1.
    pub col: u32,
}

/// A token.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Tok {
    /// An identifier.
    Ident(String),
    /// An integer literal.
    Int(u64),
    /// A `"..."` string literal (as bytes: UTF-8 text with escapes applied).
    Str(Vec<u8>),
    /// An `x"..."` byte string.
    Hex(Vec<u8>),
    /// `:`
    Colon,
    /// `=`
    Assign,
    /// `,`
    Comma,
    /// `(`
    LParen,
    /// `)`
    RParen,
    /// `.`
    Dot,
    /// `&`
    Amp,
    /// `&&`
    AndAnd,
    /// `|`
    Pipe,
    /// `||`
    OrOr,
    /// `+`
    Plus,
    /// `-`
    Minus,
    /// `*`
    Star,
    /// `<<`
    Shl,
    /// `>>`
    Shr,
    /// `==`
    EqEq,
    /// `!=`
    Ne,
    /// `<`
    Lt,
    /// `<=`
    Le,
    /// `>`
    Gt,
    /// `>=`
    Ge,
}

impl Tok {
    /// How the token is written, for error messages.
    pub fn describe(&self) -> String {
        match self {
            Tok::Ident(s) => format!("`{s}`"),
            Tok::Int(v) => format!("number {v}"),
            Tok::Str(_) => "a string".into(),
            Tok::Hex(_) => "a byte string".into(),
            other => format!("`{}`", other.symbol()),
        }
    }

    fn symbol(&self) -> &'static str {
        match self {
            Tok::Colon => ":",
            Tok::Assign => "=",
            Tok::Comma => ",",
            Tok::LParen => "(",
            Tok::RParen => ")",
            Tok::Dot => ".",
            Tok::Amp => "&",
            Tok::AndAnd => "&&",
            Tok::Pipe => "|",
            Tok::OrOr => "||",
            Tok::Plus => "+",
            Tok::Minus => "-",
            Tok::Star => "*",
            Tok::Shl => "<<",
            Tok::Shr => ">>",
            Tok::EqEq => "==",
            Tok::Ne => "!=",
            Tok::Lt => "<",
            Tok::Le => "<=",
            Tok::Gt => ">",
            Tok::Ge => ">=",
            Tok::Ident(_) | Tok::Int(_) | Tok::Str(_) | Tok::Hex(_) => "",
        }
    }
}

/// One statement as lexed: where it starts, its text as written (comments removed, continued
/// lines joined with one space) and its tokens.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LexedStatement {
    /// Position of its first token.
    pub pos: Pos,
    /// The statement text as written.
    pub text: String,
    /// Tokens with their positions (never empty).
    pub tokens: Vec<(Tok, Pos)>,
    /// Position just after the last token.
    pub end: Pos,
}

/// Splits a source into statements.
pub fn lex(src: &[u8]) -> Result<Vec<LexedStatement>, ScriptError> {
    let mut lexer = StatementLexer::new(src);
    let mut out = Vec::new();
    while let Some(s) = lexer.next_statement()? {
        out.push(s);
    }
    Ok(out)
}

/// Statements lexed one at a time from a reader, in memory that does not grow with the
/// source's length (one statement, at most [`MAX_STATEMENT_CHARS`] characters, is held): the
/// CLI checks and runs files of any size this way. The source is decoded as UTF-8 as it is
/// read; invalid UTF-8 is reported where it is met.
pub struct StatementLexer<'a> {
    lexer: Lexer<'a>,
}

impl<'a> StatementLexer<'a> {
    /// Lexes what `source` reads (a file, a byte slice...).
    pub fn new(source: impl std::io::Read + 'a) -> Self {
        StatementLexer {
            lexer: Lexer::new(CharSource::new(source)),
        }
    }

    /// The next statement, `None` at the end of the source.
    pub fn next_statement(&mut self) -> Result<Option<LexedStatement>, ScriptError> {
        let result = self.lexer.next_statement();
        // Input that could not be decoded ends the stream early: whatever the lexer made of
        // that end, the real error is the bad byte (or the failed read), at this position.
        match self.lexer.chars.bad.take() {
            Some(Bad::Utf8(byte)) => Err(ScriptError::new(
                self.lexer.pos,
                format!("invalid UTF-8 (byte 0x{byte:02x}): a scenario is UTF-8 text"),
            )),
            Some(Bad::Io(e)) => Err(ScriptError::new(
                self.lexer.pos,
                format!("cannot read: {e}"),
            )),
            None => result,
        }
    }
}

/// Why the character stream ended early.
enum Bad {
    /// The first byte of an invalid UTF-8 sequence.
    Utf8(u8),
    /// A read failed.
    Io(String),
}

/// Characters decoded from a byte reader, with two characters of lookahead.
struct CharSource<'a> {
    bytes: std::io::Bytes<std::io::BufReader<Box<dyn std::io::Read + 'a>>>,
    ahead: std::collections::VecDeque<char>,
    bad: Option<Bad>,
    done: bool,
}

impl<'a> CharSource<'a> {
    fn new(source: impl std::io::Read + 'a) -> Self {
        let boxed: Box<dyn std::io::Read + 'a> = Box::new(source);
        CharSource {
            bytes: std::io::Read::bytes(std::io::BufReader::with_capacity(1 << 16, boxed)),
            ahead: std::collections::VecDeque::with_capacity(2),
            bad: None,
            done: false,
        }
    }

    fn byte(&mut self) -> Result<Option<u8>, Bad> {
        match self.bytes.next() {
            None => Ok(None),
            Some(Ok(b)) => Ok(Some(b)),
            Some(Err(e)) => Err(Bad::Io(e.to_string())),
        }
    }

    /// Decodes one character; `Err` for invalid UTF-8 or a failed read.
    fn decode(&mut self) -> Result<Option<char>, Bad> {
        let Some(first) = self.byte()? else {
            return Ok(None);
        };
        let len = match first {
            0x00..=0x7F => return Ok(Some(char::from(first))),
            0xC2..=0xDF => 2,
            0xE0..=0xEF => 3,
            0xF0..=0xF4 => 4,
            _ => return Err(Bad::Utf8(first)),
        };
        let mut buf = [first, 0, 0, 0];
        for slot in buf.iter_mut().take(len).skip(1) {
            match self.byte()? {
                Some(b @ 0x80..=0xBF) => *slot = b,
                _ => return Err(Bad::Utf8(first)),
            }
        }
        std::str::from_utf8(buf.get(..len).unwrap_or(&[]))
            .ok()
            .and_then(|s| s.chars().next())
            .map(Some)
            .ok_or(Bad::Utf8(first))
    }

    /// Fills the lookahead up to `n` characters (fewer at the end or after bad input).
    fn fill(&mut self, n: usize) {
        while self.ahead.len() < n && !self.done {
            match self.decode() {
                Ok(Some(c)) => self.ahead.push_back(c),
                Ok(None) => self.done = true,
                Err(bad) => {
                    self.bad = Some(bad);
                    self.done = true;
                }
            }
        }
    }

    fn peek(&mut self) -> Option<char> {
        self.fill(1);
        self.ahead.front().copied()
    }

    fn peek_second(&mut self) -> Option<char> {
        self.fill(2);
        self.ahead.get(1).copied()
    }

    fn next(&mut self) -> Option<char> {
        self.fill(1);
        self.ahead.pop_front()
    }
}

struct Lexer<'a> {
    chars: CharSource<'a>,
    pos: Pos,
    /// A finished statement not yet handed out.
    out: Option<LexedStatement>,
    /// The statement being built.
    tokens: Vec<(Tok, Pos)>,
    text: String,
    text_chars: usize,
    /// Where the statement's text begins.
    text_start: Pos,
    start: Pos,
    end: Pos,
}

impl<'a> Lexer<'a> {
    fn new(chars: CharSource<'a>) -> Self {
        Lexer {
            chars,
            pos: Pos { line: 1, col: 1 },
            out: None,
            tokens: Vec::new(),
            text: String::new(),
            text_chars: 0,
            text_start: Pos::default(),
            start: Pos::default(),
            end: Pos::default(),
        }
    }

    fn peek(&mut self) -> Option<char> {
        self.chars.peek()
    }

    /// Consumes one character, keeping it in the statement text.
    fn bump(&mut self) -> Result<Option<char>, ScriptError> {
        let at = self.pos;
        let c = self.skip_char();
        if let Some(c) = c {
            self.push_text(c, at)?;
        }
        Ok(c)
    }

    /// Consumes one character without keeping it.
    fn skip_char(&mut self) -> Option<char> {
        let c = self.chars.next()?;
        if c == '\n' {
            self.pos.line = self.pos.line.saturating_add(1);
            self.pos.col = 1;
        } else {
            self.pos.col = self.pos.col.saturating_add(1);
        }
        Some(c)
    }

    fn push_text(&mut self, c: char, at: Pos) -> Result<(), ScriptError> {
        if self.tokens.is_empty() && self.text.is_empty() && c.is_whitespace() {
            return Ok(());
        }
        if self.text.is_empty() {
            // Where this statement's text begins, known before its first token ends: a
            // statement whose first token is itself too long is reported here, not at the
            // previous statement (issue 15).
            self.text_start = at;
        }
        self.text.push(c);
        self.text_chars += 1;
        if self.text_chars > MAX_STATEMENT_CHARS {
            return Err(ScriptError::new(
                self.text_start,
                format!("statement too long (more than {MAX_STATEMENT_CHARS} characters)"),
            ));
        }
        Ok(())
    }

    fn token(&mut self, tok: Tok, at: Pos) {
        if self.tokens.is_empty() {
            self.start = at;
        }
        self.tokens.push((tok, at));
        self.end = self.pos;
    }

    fn end_statement(&mut self) {
        if self.tokens.is_empty() {
            self.text.clear();
            self.text_chars = 0;
            return;
        }
        let text = self.text.trim().to_string();
        self.out = Some(LexedStatement {
            pos: self.start,
            text,
            tokens: std::mem::take(&mut self.tokens),
            end: self.end,
        });
        self.text.clear();
        self.text_chars = 0;
    }

    fn skip_comment(&mut self) {
        while let Some(c) = self.peek() {
            if c == '\n' {
                break;
            }
            self.skip_char();
        }
    }

    /// Lexes up to the end of the next statement.
    fn next_statement(&mut self) -> Result<Option<LexedStatement>, ScriptError> {
        loop {
            if let Some(done) = self.out.take() {
                return Ok(Some(done));
            }
            let Some(c) = self.peek() else {
                self.end_statement();
                return Ok(self.out.take());
            };
            let at = self.pos;
            match c {
                '\n' => {
                    self.skip_char();
                    self.end_statement();
                }
                ' ' | '\t' | '\r' => {
                    self.bump()?;
                }
                '#' => self.skip_comment(),
                '\\' => self.continuation(at)?,
                '"' => {
                    self.bump()?;
                    let s = self.string(at)?;
                    self.token(Tok::Str(s), at);
                }
                'x' if self.is_hex_string_start() => {
                    self.bump()?;
                    self.bump()?;
                    let s = self.hex_string(at)?;
                    self.token(Tok::Hex(s), at);
                }
                c if c.is_ascii_alphabetic() || c == '_' => {
                    let mut name = String::new();
                    while let Some(c) = self.peek() {
                        if c.is_ascii_alphanumeric() || c == '_' {
                            name.push(c);
                            self.bump()?;
                        } else {
                            break;
                        }
                    }
                    self.token(Tok::Ident(name), at);
                }
                c if c.is_ascii_digit() => {
                    let v = self.number(at)?;
                    self.token(Tok::Int(v), at);
                }
                _ => {
                    let tok = self.punct(at)?;
                    self.token(tok, at);
                }
            }
        }
    }

    fn is_hex_string_start(&mut self) -> bool {
        self.chars.peek() == Some('x') && self.chars.peek_second() == Some('"')
    }

    /// A `\` outside a string: only valid at the end of a line (blanks and a comment may
    /// follow), where it continues the statement.
    fn continuation(&mut self, at: Pos) -> Result<(), ScriptError> {
        self.skip_char();
        loop {
            match self.peek() {
                Some(' ' | '\t' | '\r') => {
                    self.skip_char();
                }
                Some('#') => self.skip_comment(),
                Some('\n') => {
                    self.skip_char();
                    break;
                }
                None => break,
                Some(_) => {
                    return Err(ScriptError::new(
                        at,
                        "stray `\\`: outside a string, `\\` may only end a line (to continue it)",
                    ))
                }
            }
        }
        while self.text.ends_with([' ', '\t', '\r']) {
            self.text.pop();
        }
        if !self.text.is_empty() {
            self.text.push(' ');
        }
        while let Some(' ' | '\t' | '\r') = self.peek() {
            self.skip_char();
        }
        Ok(())
    }

    fn number(&mut self, at: Pos) -> Result<u64, ScriptError> {
        let mut raw = String::new();
        while let Some(c) = self.peek() {
            if c.is_ascii_alphanumeric() || c == '_' {
                raw.push(c);
                self.bump()?;
            } else {
                break;
            }
        }
        let shown: String = raw.chars().take(40).collect();
        let (digits, radix) = match raw.strip_prefix("0x").or_else(|| raw.strip_prefix("0X")) {
            Some(hex) => (hex, 16),
            None => (raw.as_str(), 10),
        };
        if digits.is_empty() || !digits.chars().all(|c| c.is_digit(radix)) {
            return Err(ScriptError::new(at, format!("invalid number `{shown}`")));
        }
        if radix == 10 && digits.len() > 1 && digits.starts_with('0') {
            return Err(ScriptError::new(
                at,
                format!(
                    "number `{shown}` has a leading zero: write it in decimal without it, or in hex \
                     with 0x (C would read it as octal)"
                ),
            ));
        }
        u64::from_str_radix(digits, radix).map_err(|_| {
            ScriptError::new(
                at,
                format!("integer literal `{shown}` does not fit in 64 bits"),
            )
        })
    }

    fn string(&mut self, at: Pos) -> Result<Vec<u8>, ScriptError> {
        let mut out = Vec::new();
        loop {
            let here = self.pos;
            match self.peek() {
                None | Some('\n') => {
                    return Err(ScriptError::new(at, "unterminated string literal"));
                }
                Some('"') => {
                    self.bump()?;
                    return Ok(out);
                }
                Some('\\') => {
                    self.bump()?;
                    let e = self.bump()?;
                    match e {
                        Some('\\') => out.push(b'\\'),
                        Some('"') => out.push(b'"'),
                        Some('n') => out.push(b'\n'),
                        Some('t') => out.push(b'\t'),
                        Some('r') => out.push(b'\r'),
                        Some('0') => out.push(0),
                        Some('x') => {
                            let mut v = 0u8;
                            for _ in 0..2 {
                                let d = self.peek().and_then(|c| c.to_digit(16));
                                let Some(d) = d else {
                                    return Err(ScriptError::new(
                                        here,
                                        "`\\x` takes exactly two hex digits",
                                    ));
                                };
                                self.bump()?;
                                v = v.wrapping_mul(16).wrapping_add(d as u8);
                            }
                            out.push(v);
                        }
                        None | Some('\n') => {
                            return Err(ScriptError::new(at, "unterminated string literal"));
                        }
                        Some(other) => {
                            return Err(ScriptError::new(
                                here,
                                format!(
                                    "unknown escape `\\{}` (known: \\\\ \\\" \\n \\t \\r \\0 \\xHH)",
                                    other.escape_debug()
                                ),
                            ));
                        }
                    }
                }
                Some(c) if c.is_control() && c != '\t' => {
                    return Err(ScriptError::new(
                        here,
                        format!("control character U+{:04X} in a string literal", c as u32),
                    ));
                }
                Some(c) => {
                    self.bump()?;
                    let mut buf = [0u8; 4];
                    out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
                }
            }
        }
    }

    fn hex_string(&mut self, at: Pos) -> Result<Vec<u8>, ScriptError> {
        let mut out = Vec::new();
        let mut high: Option<u8> = None;
        loop {
            let here = self.pos;
            match self.peek() {
                None | Some('\n') => {
                    return Err(ScriptError::new(at, "unterminated byte string"));
                }
                Some('"') => {
                    self.bump()?;
                    if high.is_some() {
                        return Err(ScriptError::new(
                            at,
                            "byte string has an odd number of hex digits",
                        ));
                    }
                    return Ok(out);
                }
                Some(' ' | '\t') => {
                    self.bump()?;
                }
                Some(c) => {
                    let Some(d) = c.to_digit(16) else {
                        return Err(ScriptError::new(
                            here,
                            format!(
                                "`{}` in a byte string: only hex digits and blanks are allowed",
                                c.escape_debug()
                            ),
                        ));
                    };
                    self.bump()?;
                    let d = d as u8;
                    match high.take() {
                        Some(h) => out.push(h << 4 | d),
                        None => high = Some(d),
                    }
                }
            }
        }
    }

    fn punct(&mut self, at: Pos) -> Result<Tok, ScriptError> {
        let Some(c) = self.bump()? else {
            return Err(ScriptError::new(at, "unexpected end of input"));
        };
        let next = self.peek();
        let two = |s: &mut Self, t: Tok| -> Result<Tok, ScriptError> {
            s.bump()?;
            Ok(t)
        };
        match (c, next) {
            ('&', Some('&')) => two(self, Tok::AndAnd),
            ('|', Some('|')) => two(self, Tok::OrOr),
            ('=', Some('=')) => two(self, Tok::EqEq),
            ('!', Some('=')) => two(self, Tok::Ne),
            ('<', Some('=')) => two(self, Tok::Le),
            ('>', Some('=')) => two(self, Tok::Ge),
            ('<', Some('<')) => two(self, Tok::Shl),
            ('>', Some('>')) => two(self, Tok::Shr),
            (':', _) => Ok(Tok::Colon),
            ('=', _) => Ok(Tok::Assign),
            (',', _) => Ok(Tok::Comma),
            ('(', _) => Ok(Tok::LParen),
            (')', _) => Ok(Tok::RParen),
            ('.', _) => Ok(Tok::Dot),
            ('&', _) => Ok(Tok::Amp),
            ('|', _) => Ok(Tok::Pipe),
            ('+', _) => Ok(Tok::Plus),
            ('-', _) => Ok(Tok::Minus),
            ('*', _) => Ok(Tok::Star),
            ('<', _) => Ok(Tok::Lt),
            ('>', _) => Ok(Tok::Gt),
            (c, _) if c.is_control() => Err(ScriptError::new(
                at,
                format!("unexpected control character U+{:04X}", c as u32),
            )),
            (c, _) => Err(ScriptError::new(
                at,
                format!("unexpected character `{}`", c.escape_debug()),
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]
    use super::*;

    fn toks(src: &str) -> Vec<Vec<Tok>> {
        lex(src.as_bytes())
            .unwrap()
            .into_iter()
            .map(|s| s.tokens.into_iter().map(|(t, _)| t).collect())
            .collect()
    }

    fn err(src: &[u8]) -> String {
        let e = lex(src).unwrap_err();
        format!("{}:{}: {}", e.pos.line, e.pos.col, e.message)
    }

    #[test]
    fn statements_comments_and_continuations() {
        let src = "# header\nA: h = F(1, 0x10)  # trailing \\\n\nB: x = \\\n    G(\"a#b\")\n";
        let st = lex(src.as_bytes()).unwrap();
        assert_eq!(st.len(), 2);
        assert_eq!(st[0].text, "A: h = F(1, 0x10)");
        assert_eq!(st[0].pos, Pos { line: 2, col: 1 });
        assert_eq!(st[1].text, "B: x = G(\"a#b\")");
        assert_eq!(st[1].pos, Pos { line: 4, col: 1 });
        assert_eq!(
            toks("A: x == -1 && y != 2 || z <= 3 >= 4 < 5 > 6 | 7 & 8 << 1 >> 2 * 3 + .")[0].len(),
            32
        );
    }

    #[test]
    fn continuation_with_comment_after_backslash() {
        let st = lex(b"A: f(1, \\ # more\n  2)\n").unwrap();
        assert_eq!(st.len(), 1);
        assert_eq!(st[0].text, "A: f(1, 2)");
    }

    #[test]
    fn literals() {
        assert_eq!(
            toks(r#"A: f("a\\\"\n\t\x41\0", x"00 ff41")"#)[0][4..7],
            [
                Tok::Str(b"a\\\"\n\tA\0".to_vec()),
                Tok::Comma,
                Tok::Hex(vec![0, 0xff, 0x41])
            ]
        );
        assert_eq!(toks("A: 18446744073709551615")[0][2], Tok::Int(u64::MAX));
        assert_eq!(toks("A: 0xFFFFFFFFFFFFFFFF")[0][2], Tok::Int(u64::MAX));
        assert_eq!(toks("A: x")[0][2], Tok::Ident("x".into()));
        assert_eq!(toks("A: \"é\"")[0][2], Tok::Str("é".as_bytes().to_vec()));
    }

    #[test]
    fn errors() {
        assert_eq!(
            err(b"A: 18446744073709551616"),
            "1:4: integer literal `18446744073709551616` does not fit in 64 bits"
        );
        assert_eq!(
            err(b"A: 0x10000000000000000"),
            "1:4: integer literal `0x10000000000000000` does not fit in 64 bits"
        );
        assert!(err(b"A: 010").contains("leading zero"));
        assert_eq!(err(b"A: 12ab"), "1:4: invalid number `12ab`");
        assert_eq!(err(b"A: \"abc\nB"), "1:4: unterminated string literal");
        assert_eq!(
            err(b"A: \"\\q\""),
            "1:5: unknown escape `\\q` (known: \\\\ \\\" \\n \\t \\r \\0 \\xHH)"
        );
        assert_eq!(
            err(b"A: \"\\x4\""),
            "1:5: `\\x` takes exactly two hex digits"
        );
        assert_eq!(
            err(b"A: x\"abc\""),
            "1:4: byte string has an odd number of hex digits"
        );
        assert_eq!(
            err(b"A: a \\ b"),
            "1:6: stray `\\`: outside a string, `\\` may only end a line (to continue it)"
        );
        assert_eq!(err(b"A: $"), "1:4: unexpected character `$`");
        assert_eq!(err(b"A: !x"), "1:4: unexpected character `!`");
        assert_eq!(
            err(b"\n\nA: \xff\xfe"),
            "3:4: invalid UTF-8 (byte 0xff): a scenario is UTF-8 text"
        );
        assert_eq!(err(b"A: \x01"), "1:4: unexpected control character U+0001");
    }

    #[test]
    fn long_statement_is_an_error() {
        let long = format!("A: f({})", "1,".repeat(MAX_STATEMENT_CHARS));
        assert!(err(long.as_bytes()).contains("statement too long"));
        // A long comment is fine.
        let comment = format!("# {}\nA: f()", "x".repeat(MAX_STATEMENT_CHARS * 2));
        assert_eq!(lex(comment.as_bytes()).unwrap().len(), 1);
    }

    #[test]
    fn garbage_never_panics() {
        let mut seed = 0x1234_5678_9abc_def0u64;
        for len in 0..400 {
            let bytes: Vec<u8> = (0..len)
                .map(|_| {
                    seed ^= seed << 13;
                    seed ^= seed >> 7;
                    seed ^= seed << 17;
                    (seed >> 24) as u8
                })
                .collect();
            let _ = lex(&bytes);
            let ascii: Vec<u8> = bytes
                .iter()
                .map(|b| {
                    let alphabet = b"A:(),.\"x\\#=&|<>!-+ 0x1\n";
                    alphabet[usize::from(*b) % alphabet.len()]
                })
                .collect();
            let _ = lex(&ascii);
        }
    }
}
