//! The `.scn` parser: lexed statements -> AST.
//!
//! Expressions use C's precedence, loosest first: `||`, `&&`, `|`, `&`, `== !=`,
//! `< <= > >=`, `<< >>`, `+ -`, `*`, then unary `-` and `&VAR`, then primaries (numbers,
//! strings, names, `VAR.Field`, calls, parentheses). Nesting is limited to [`MAX_DEPTH`]
//! levels, counted on the tree (so `1+1+1+...` counts too): deeper input is an error, never a
//! stack overflow.

use super::lexer::{LexedStatement, Pos, Tok};
use super::ScriptError;

/// Deepest expression tree accepted.
pub const MAX_DEPTH: u32 = 64;

/// A binary operator.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BinOp {
    /// `||`
    Or,
    /// `&&`
    And,
    /// `|`
    BitOr,
    /// `&`
    BitAnd,
    /// `==`
    Eq,
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
    /// `<<`
    Shl,
    /// `>>`
    Shr,
    /// `+`
    Add,
    /// `-`
    Sub,
    /// `*`
    Mul,
}

impl BinOp {
    /// The operator as written.
    pub fn symbol(self) -> &'static str {
        match self {
            BinOp::Or => "||",
            BinOp::And => "&&",
            BinOp::BitOr => "|",
            BinOp::BitAnd => "&",
            BinOp::Eq => "==",
            BinOp::Ne => "!=",
            BinOp::Lt => "<",
            BinOp::Le => "<=",
            BinOp::Gt => ">",
            BinOp::Ge => ">=",
            BinOp::Shl => "<<",
            BinOp::Shr => ">>",
            BinOp::Add => "+",
            BinOp::Sub => "-",
            BinOp::Mul => "*",
        }
    }

    /// Whether the result is a truth value (0 or 1) comparing its operands.
    pub fn is_comparison(self) -> bool {
        matches!(
            self,
            BinOp::Eq | BinOp::Ne | BinOp::Lt | BinOp::Le | BinOp::Gt | BinOp::Ge
        )
    }
}

/// Binary operators by precedence level, loosest first.
const LEVELS: &[&[(Tok, BinOp)]] = &[
    &[(Tok::OrOr, BinOp::Or)],
    &[(Tok::AndAnd, BinOp::And)],
    &[(Tok::Pipe, BinOp::BitOr)],
    &[(Tok::Amp, BinOp::BitAnd)],
    &[(Tok::EqEq, BinOp::Eq), (Tok::Ne, BinOp::Ne)],
    &[
        (Tok::Lt, BinOp::Lt),
        (Tok::Le, BinOp::Le),
        (Tok::Gt, BinOp::Gt),
        (Tok::Ge, BinOp::Ge),
    ],
    &[(Tok::Shl, BinOp::Shl), (Tok::Shr, BinOp::Shr)],
    &[(Tok::Plus, BinOp::Add), (Tok::Minus, BinOp::Sub)],
    &[(Tok::Star, BinOp::Mul)],
];

/// An expression.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Expr {
    /// Where it starts.
    pub pos: Pos,
    /// What it is.
    pub kind: ExprKind,
    /// Height of the tree (1 for a leaf).
    pub depth: u32,
}

/// The kinds of expression.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ExprKind {
    /// An integer literal.
    Int(u64),
    /// A string literal (`"..."`, as bytes).
    Str(Vec<u8>),
    /// A byte string (`x"..."`).
    Hex(Vec<u8>),
    /// A variable, constant or process name.
    Name(String),
    /// `VAR.Field`.
    Field(String, String),
    /// `&VAR` (out parameter).
    AddrOf(String),
    /// `NAME(args)`.
    Call(String, Vec<Expr>),
    /// `-x` (two's complement, wrapping).
    Neg(Box<Expr>),
    /// `a OP b`.
    Binary(BinOp, Box<Expr>, Box<Expr>),
}

impl Expr {
    /// The name and arguments when this is a call.
    pub fn as_call(&self) -> Option<(&str, &[Expr])> {
        match &self.kind {
            ExprKind::Call(name, args) => Some((name, args)),
            _ => None,
        }
    }
}

/// One `key=value[,value...]` option of `machine`, `host` or `process`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Opt {
    /// Where the key is.
    pub pos: Pos,
    /// The key.
    pub key: String,
    /// The values (more than one only for comma lists).
    pub values: Vec<(OptValue, Pos)>,
}

/// An option value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum OptValue {
    /// An identifier.
    Ident(String),
    /// A number.
    Int(u64),
    /// A string literal.
    Str(Vec<u8>),
}

/// What a `NAME:` statement does.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Action {
    /// `NAME: EXPR` (usually a call).
    Eval(Expr),
    /// `NAME: VAR = EXPR`.
    Assign(String, Pos, Expr),
    /// `NAME: expect EXPR`.
    Expect(Expr),
    /// `NAME: expect CALL fails ERROR_X`.
    ExpectFails(Expr, String, Pos),
    /// `NAME: expect ACCESS raises EXCEPTION_X`.
    ExpectRaises(Expr, String, Pos),
    /// `NAME: exit [CODE]`.
    Exit(Option<Expr>),
}

/// A statement.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StmtKind {
    /// `machine [options]`.
    Machine(Vec<Opt>),
    /// `host NAME [options]`.
    Host(String, Pos, Vec<Opt>),
    /// `process NAME [options]`.
    Process(String, Pos, Vec<Opt>),
    /// `crash [HOST]`.
    Crash(Option<(String, Pos)>),
    /// `dump`.
    Dump,
    /// `NAME: ...`.
    Act {
        /// The process making the statement.
        process: String,
        /// Where its name is.
        process_pos: Pos,
        /// What it does.
        action: Action,
    },
}

/// A statement with its position and text as written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Stmt {
    /// Where it starts.
    pub pos: Pos,
    /// The text as written.
    pub text: String,
    /// What it is.
    pub kind: StmtKind,
}

/// Parses lexed statements.
pub fn parse(statements: Vec<LexedStatement>) -> Result<Vec<Stmt>, ScriptError> {
    statements.into_iter().map(parse_statement).collect()
}

/// Parses one lexed statement (statements are independent of one another).
pub fn parse_statement(s: LexedStatement) -> Result<Stmt, ScriptError> {
    let mut p = Parser {
        toks: s.tokens,
        i: 0,
        end: s.end,
    };
    let kind = p.statement()?;
    Ok(Stmt {
        pos: s.pos,
        text: s.text,
        kind,
    })
}

struct Parser {
    toks: Vec<(Tok, Pos)>,
    i: usize,
    /// Position just after the last token (for "expected ..., found the end").
    end: Pos,
}

impl Parser {
    fn peek(&self) -> Option<&Tok> {
        self.toks.get(self.i).map(|(t, _)| t)
    }

    fn peek_at(&self, n: usize) -> Option<&Tok> {
        self.toks.get(self.i.saturating_add(n)).map(|(t, _)| t)
    }

    fn pos(&self) -> Pos {
        self.toks.get(self.i).map_or(self.end, |(_, p)| *p)
    }

    fn next(&mut self) -> Option<(Tok, Pos)> {
        let t = self.toks.get(self.i).cloned();
        if t.is_some() {
            self.i += 1;
        }
        t
    }

    fn found(&self) -> String {
        self.peek()
            .map_or("the end of the statement".into(), Tok::describe)
    }

    fn expect_tok(&mut self, tok: &Tok, what: &str) -> Result<Pos, ScriptError> {
        if self.peek() == Some(tok) {
            let p = self.pos();
            self.i += 1;
            Ok(p)
        } else {
            Err(ScriptError::new(
                self.pos(),
                format!("expected {what}, found {}", self.found()),
            ))
        }
    }

    fn ident(&mut self, what: &str) -> Result<(String, Pos), ScriptError> {
        match self.peek() {
            Some(Tok::Ident(name)) => {
                let name = name.clone();
                let p = self.pos();
                self.i += 1;
                Ok((name, p))
            }
            _ => Err(ScriptError::new(
                self.pos(),
                format!("expected {what}, found {}", self.found()),
            )),
        }
    }

    fn at_end(&self) -> bool {
        self.i >= self.toks.len()
    }

    fn end_of_statement(&self) -> Result<(), ScriptError> {
        if self.at_end() {
            Ok(())
        } else {
            Err(ScriptError::new(
                self.pos(),
                format!("unexpected {} after the end of the statement", self.found()),
            ))
        }
    }

    fn statement(&mut self) -> Result<StmtKind, ScriptError> {
        let (first, first_pos) =
            self.ident("a statement (machine, host, process, crash, dump or NAME:)")?;
        if self.peek() == Some(&Tok::Colon) {
            self.i += 1;
            let action = self.action()?;
            self.end_of_statement()?;
            return Ok(StmtKind::Act {
                process: first,
                process_pos: first_pos,
                action,
            });
        }
        let kind = match first.as_str() {
            "machine" => StmtKind::Machine(self.options()?),
            "host" => {
                let (name, p) = self.ident("a host name")?;
                StmtKind::Host(name, p, self.options()?)
            }
            "process" => {
                let (name, p) = self.ident("a process name")?;
                StmtKind::Process(name, p, self.options()?)
            }
            "crash" => {
                let host = if self.at_end() {
                    None
                } else {
                    Some(self.ident("a host name")?)
                };
                StmtKind::Crash(host)
            }
            "dump" => StmtKind::Dump,
            _ => {
                return Err(ScriptError::new(
                    first_pos,
                    format!(
                    "unknown statement `{first}`: expected machine, host, process, crash, dump, \
                         or a process name followed by `:`"
                ),
                ))
            }
        };
        self.end_of_statement()?;
        Ok(kind)
    }

    fn options(&mut self) -> Result<Vec<Opt>, ScriptError> {
        let mut opts = Vec::new();
        while !self.at_end() {
            let (key, pos) = self.ident("an option (key=value)")?;
            self.expect_tok(&Tok::Assign, &format!("`=` after option `{key}`"))?;
            let mut values = vec![self.option_value()?];
            while self.peek() == Some(&Tok::Comma) {
                self.i += 1;
                values.push(self.option_value()?);
            }
            opts.push(Opt { pos, key, values });
        }
        Ok(opts)
    }

    fn option_value(&mut self) -> Result<(OptValue, Pos), ScriptError> {
        let pos = self.pos();
        match self.next() {
            Some((Tok::Ident(s), _)) => Ok((OptValue::Ident(s), pos)),
            Some((Tok::Int(v), _)) => Ok((OptValue::Int(v), pos)),
            Some((Tok::Str(s), _)) => Ok((OptValue::Str(s), pos)),
            other => {
                let found = other.map_or("the end of the statement".into(), |(t, _)| t.describe());
                Err(ScriptError::new(
                    pos,
                    format!("expected an option value, found {found}"),
                ))
            }
        }
    }

    fn action(&mut self) -> Result<Action, ScriptError> {
        match (self.peek(), self.peek_at(1)) {
            (Some(Tok::Ident(word)), next) if word == "expect" && next != Some(&Tok::Assign) => {
                self.i += 1;
                let e = self.expr()?;
                match self.peek() {
                    Some(Tok::Ident(w)) if w == "fails" => {
                        self.i += 1;
                        let (name, p) = self.ident("an error name (ERROR_...) after `fails`")?;
                        Ok(Action::ExpectFails(e, name, p))
                    }
                    Some(Tok::Ident(w)) if w == "raises" => {
                        self.i += 1;
                        let (name, p) =
                            self.ident("an exception name (EXCEPTION_...) after `raises`")?;
                        Ok(Action::ExpectRaises(e, name, p))
                    }
                    _ => Ok(Action::Expect(e)),
                }
            }
            (Some(Tok::Ident(word)), next) if word == "exit" && next != Some(&Tok::Assign) => {
                self.i += 1;
                if self.at_end() {
                    Ok(Action::Exit(None))
                } else {
                    Ok(Action::Exit(Some(self.expr()?)))
                }
            }
            (Some(Tok::Ident(_)), Some(Tok::Assign)) => {
                let (var, p) = self.ident("a variable")?;
                self.i += 1;
                Ok(Action::Assign(var, p, self.expr()?))
            }
            _ => Ok(Action::Eval(self.expr()?)),
        }
    }

    fn expr(&mut self) -> Result<Expr, ScriptError> {
        self.binary(0, 0)
    }

    fn check_depth(pos: Pos, depth: u32) -> Result<(), ScriptError> {
        if depth > MAX_DEPTH {
            Err(ScriptError::new(
                pos,
                format!("expression nested too deeply (more than {MAX_DEPTH} levels)"),
            ))
        } else {
            Ok(())
        }
    }

    /// Precedence climbing over `LEVELS`; `nest` counts the parentheses, unary operators and
    /// calls around this point, so that the recursion itself is bounded too.
    fn binary(&mut self, level: usize, nest: u32) -> Result<Expr, ScriptError> {
        let Some(ops) = LEVELS.get(level) else {
            return self.unary(nest);
        };
        let mut left = self.binary(level + 1, nest)?;
        loop {
            let Some(op) = self
                .peek()
                .and_then(|t| ops.iter().find(|(tok, _)| tok == t).map(|(_, op)| *op))
            else {
                return Ok(left);
            };
            let pos = self.pos();
            self.i += 1;
            let right = self.binary(level + 1, nest)?;
            let depth = left.depth.max(right.depth).saturating_add(1);
            Self::check_depth(pos, depth)?;
            left = Expr {
                pos: left.pos,
                kind: ExprKind::Binary(op, Box::new(left), Box::new(right)),
                depth,
            };
        }
    }

    fn unary(&mut self, nest: u32) -> Result<Expr, ScriptError> {
        let pos = self.pos();
        let nest = nest.saturating_add(1);
        Self::check_depth(pos, nest)?;
        match self.peek() {
            Some(Tok::Minus) => {
                self.i += 1;
                let inner = self.unary(nest)?;
                let depth = inner.depth.saturating_add(1);
                Self::check_depth(pos, depth)?;
                Ok(Expr {
                    pos,
                    kind: ExprKind::Neg(Box::new(inner)),
                    depth,
                })
            }
            Some(Tok::Amp) => {
                self.i += 1;
                let (var, _) = self.ident("a variable after `&`")?;
                Ok(Expr {
                    pos,
                    kind: ExprKind::AddrOf(var),
                    depth: 1,
                })
            }
            _ => self.primary(nest),
        }
    }

    fn primary(&mut self, nest: u32) -> Result<Expr, ScriptError> {
        let pos = self.pos();
        let leaf = |kind| Expr {
            pos,
            kind,
            depth: 1,
        };
        match self.next() {
            Some((Tok::Int(v), _)) => Ok(leaf(ExprKind::Int(v))),
            Some((Tok::Str(s), _)) => Ok(leaf(ExprKind::Str(s))),
            Some((Tok::Hex(s), _)) => Ok(leaf(ExprKind::Hex(s))),
            Some((Tok::LParen, _)) => {
                let inner = self.binary(0, nest)?;
                self.expect_tok(&Tok::RParen, "`)`")?;
                Ok(inner)
            }
            Some((Tok::Ident(name), _)) => match self.peek() {
                Some(Tok::LParen) => {
                    self.i += 1;
                    let mut args = Vec::new();
                    if self.peek() == Some(&Tok::RParen) {
                        self.i += 1;
                    } else {
                        loop {
                            args.push(self.binary(0, nest)?);
                            match self.next() {
                                Some((Tok::Comma, _)) => {}
                                Some((Tok::RParen, _)) => break,
                                other => {
                                    let (found, at) = match other {
                                        Some((t, p)) => (t.describe(), p),
                                        None => ("the end of the statement".into(), self.end),
                                    };
                                    return Err(ScriptError::new(
                                        at,
                                        format!(
                                            "expected `,` or `)` in the arguments of {name}, found {found}"
                                        ),
                                    ));
                                }
                            }
                        }
                    }
                    let depth = args
                        .iter()
                        .map(|a| a.depth)
                        .max()
                        .unwrap_or(0)
                        .saturating_add(1);
                    Self::check_depth(pos, depth)?;
                    Ok(Expr {
                        pos,
                        kind: ExprKind::Call(name, args),
                        depth,
                    })
                }
                Some(Tok::Dot) => {
                    self.i += 1;
                    let (field, _) = self.ident(&format!("a field name after `{name}.`"))?;
                    Ok(leaf(ExprKind::Field(name, field)))
                }
                _ => Ok(leaf(ExprKind::Name(name))),
            },
            Some((tok, _)) => Err(ScriptError::new(
                pos,
                format!("expected an expression, found {}", tok.describe()),
            )),
            None => Err(ScriptError::new(
                pos,
                "expected an expression, found the end of the statement",
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]
    use super::*;
    use crate::scenario::lexer::lex;

    fn parse_src(src: &str) -> Result<Vec<Stmt>, String> {
        lex(src.as_bytes())
            .and_then(parse)
            .map_err(|e| format!("{}:{}: {}", e.pos.line, e.pos.col, e.message))
    }

    fn expr(src: &str) -> Expr {
        let st = parse_src(&format!("A: {src}")).unwrap();
        match &st[0].kind {
            StmtKind::Act {
                action: Action::Eval(e),
                ..
            } => e.clone(),
            other => panic!("{other:?}"),
        }
    }

    /// Renders an expression fully parenthesised.
    fn show(e: &Expr) -> String {
        match &e.kind {
            ExprKind::Int(v) => v.to_string(),
            ExprKind::Name(n) => n.clone(),
            ExprKind::Field(v, f) => format!("{v}.{f}"),
            ExprKind::AddrOf(v) => format!("&{v}"),
            ExprKind::Str(_) | ExprKind::Hex(_) => "str".into(),
            ExprKind::Neg(x) => format!("(-{})", show(x)),
            ExprKind::Call(n, a) => {
                format!("{n}({})", a.iter().map(show).collect::<Vec<_>>().join(", "))
            }
            ExprKind::Binary(op, l, r) => format!("({} {} {})", show(l), op.symbol(), show(r)),
        }
    }

    #[test]
    fn c_precedence() {
        assert_eq!(
            show(&expr("a | b & c == d + e * f")),
            "(a | (b & (c == (d + (e * f)))))"
        );
        assert_eq!(show(&expr("a || b && c")), "(a || (b && c))");
        assert_eq!(show(&expr("a < b == c > d")), "((a < b) == (c > d))");
        assert_eq!(show(&expr("1 << 2 + 3")), "(1 << (2 + 3))");
        assert_eq!(show(&expr("a - b - c")), "((a - b) - c)");
        assert_eq!(show(&expr("-1")), "(-1)");
        assert_eq!(show(&expr("(a | b) & c")), "((a | b) & c)");
        assert_eq!(
            show(&expr("F(&x, -1, mbi.RegionSize, G())")),
            "F(&x, (-1), mbi.RegionSize, G())"
        );
    }

    #[test]
    fn statements() {
        let st = parse_src(
            "machine commit=0x100000\nhost srv\nprocess a session=0 privileges=SeCreateGlobalPrivilege,SeLockMemoryPrivilege\n\
             a: h = F(1)\na: expect h != 0\na: expect F(1) fails ERROR_X\na: expect write(p, \"x\") raises EXCEPTION_Y\na: exit\na: exit 3\ncrash\ncrash srv\ndump\ndump: exit",
        )
        .unwrap();
        assert_eq!(st.len(), 13);
        assert!(
            matches!(&st[2].kind, StmtKind::Process(n, _, o) if n == "a" && o[1].values.len() == 2)
        );
        assert!(
            matches!(&st[3].kind, StmtKind::Act { action: Action::Assign(v, _, _), .. } if v == "h")
        );
        assert!(
            matches!(&st[5].kind, StmtKind::Act { action: Action::ExpectFails(_, e, _), .. } if e == "ERROR_X")
        );
        assert!(matches!(
            &st[6].kind,
            StmtKind::Act {
                action: Action::ExpectRaises(..),
                ..
            }
        ));
        assert!(matches!(
            &st[8].kind,
            StmtKind::Act {
                action: Action::Exit(Some(_)),
                ..
            }
        ));
        assert!(matches!(&st[10].kind, StmtKind::Crash(Some(_))));
        assert!(matches!(&st[12].kind, StmtKind::Act { process, .. } if process == "dump"));
    }

    #[test]
    fn syntax_errors() {
        assert_eq!(
            parse_src("A: F(1,").unwrap_err(),
            "1:8: expected an expression, found the end of the statement"
        );
        assert_eq!(
            parse_src("A: F(1 2)").unwrap_err(),
            "1:8: expected `,` or `)` in the arguments of F, found number 2"
        );
        assert_eq!(
            parse_src("A: (1").unwrap_err(),
            "1:6: expected `)`, found the end of the statement"
        );
        assert_eq!(
            parse_src("A: 1 2").unwrap_err(),
            "1:6: unexpected number 2 after the end of the statement"
        );
        assert_eq!(
            parse_src("frobnicate")
                .unwrap_err()
                .split(':')
                .nth(2)
                .unwrap(),
            " unknown statement `frobnicate`"
        );
        assert_eq!(
            parse_src("process").unwrap_err(),
            "1:8: expected a process name, found the end of the statement"
        );
        assert_eq!(
            parse_src("process a session").unwrap_err(),
            "1:18: expected `=` after option `session`, found the end of the statement"
        );
        assert_eq!(parse_src("A: expect F() fails").unwrap_err(), "1:20: expected an error name (ERROR_...) after `fails`, found the end of the statement");
        assert_eq!(
            parse_src(": x").unwrap_err(),
            "1:1: expected a statement (machine, host, process, crash, dump or NAME:), found `:`"
        );
        assert_eq!(
            parse_src("A: &1").unwrap_err(),
            "1:5: expected a variable after `&`, found number 1"
        );
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_crash() {
        for depth in [65usize, 1000, 20_000] {
            let src = format!("A: {}1{}", "(".repeat(depth), ")".repeat(depth));
            let e = parse_src(&src).unwrap_err();
            assert!(e.contains("nested too deeply"), "{e}");
            let src = format!("A: {}1", "-".repeat(depth));
            assert!(parse_src(&src).unwrap_err().contains("nested too deeply"));
            let src = format!("A: {}1{}", "F(".repeat(depth), ")".repeat(depth));
            assert!(parse_src(&src).unwrap_err().contains("nested too deeply"));
        }
        let chain = format!("A: 1{}", " + 1".repeat(10_000));
        assert!(parse_src(&chain).unwrap_err().contains("nested too deeply"));
        // Past the statement length limit, that limit speaks first.
        let huge = format!("A: {}1{}", "(".repeat(100_000), ")".repeat(100_000));
        assert!(parse_src(&huge).unwrap_err().contains("statement too long"));
        let ok = format!("A: {}1{}", "(".repeat(60), ")".repeat(60));
        assert!(parse_src(&ok).is_ok());
        let ok = format!("A: 1{}", " + 1".repeat(60));
        assert!(parse_src(&ok).is_ok());
    }

    #[test]
    fn garbage_never_panics() {
        let alphabet: &[u8] = b"A:(),.\"x\\#=&|<>!-+ 0x1\nprocess expect fails raises exit F";
        let mut seed = 0xdead_beef_cafe_f00du64;
        for len in 0..600 {
            let bytes: Vec<u8> = (0..len)
                .map(|_| {
                    seed ^= seed << 13;
                    seed ^= seed >> 7;
                    seed ^= seed << 17;
                    alphabet[(seed >> 33) as usize % alphabet.len()]
                })
                .collect();
            let _ = lex(&bytes).and_then(parse);
        }
    }
}
