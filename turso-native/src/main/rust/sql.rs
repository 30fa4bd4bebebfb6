//! What a SQL text is, as the engine's own parser reads it: how many statements it holds, whether
//! its first statement changes rows, and whether it already returns them.
//!
//! The engine prepares only the first statement of a text and ignores the rest, which would drop
//! statements silently; and generated keys need a `RETURNING` clause added to a statement that has
//! none. Both are decided here, with the parser, so strings, comments, `WITH` prefixes and trigger
//! bodies are read as the engine reads them.

use crate::error::{Detail, Error, ErrorCode, Result};
use turso_parser::ast::{Cmd, Stmt};
use turso_parser::lexer::Lexer;
use turso_parser::parser::Parser;
use turso_parser::token::TokenType;

/// The kind of the first statement of a text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    /// INSERT, REPLACE, UPDATE or DELETE, a `WITH` prefix included.
    Change,
    /// Anything else: queries, schema changes, pragmas, transactions.
    Other,
}

/// What a SQL text holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Shape {
    /// Statements in the text; 0 for a text of only comments and semicolons.
    pub statements: usize,
    pub kind: Kind,
    /// The first statement has a `RETURNING` clause.
    pub returning: bool,
    /// Where a `RETURNING` clause can be appended to the first statement: the end of its last
    /// token, before any trailing comment or semicolon, in UTF-16 units (Java string indexes).
    pub end_utf16: usize,
}

impl Shape {
    /// Reads `sql`; fails with the parser's message when its first statement does not parse.
    /// Statements after the first are only counted when the text has a `;` before its end.
    pub fn of(sql: &str) -> Result<Shape> {
        let mut parser = Parser::new(sql.as_bytes());
        let first = parser.next_cmd().map_err(syntax)?;
        let first_end = parser.offset();
        let (kind, returning) = match &first {
            Some(Cmd::Stmt(stmt)) => classify(stmt),
            _ => (Kind::Other, false),
        };
        let mut statements = usize::from(first.is_some());
        if has_inner_semicolon(sql) {
            while parser.next_cmd().map_err(syntax)?.is_some() {
                statements += 1;
            }
        }
        let end = last_token_end(&sql[..first_end]);
        Ok(Shape { statements, kind, returning, end_utf16: sql[..end].encode_utf16().count() })
    }
}

fn classify(stmt: &Stmt) -> (Kind, bool) {
    match stmt {
        Stmt::Insert { returning, .. } | Stmt::Delete { returning, .. } => (Kind::Change, !returning.is_empty()),
        Stmt::Update(update) => (Kind::Change, !update.returning.is_empty()),
        _ => (Kind::Other, false),
    }
}

/// Whether a `;` comes before the trailing semicolons and spaces: only then can there be more
/// than one statement, and the rest of the text needs parsing.
fn has_inner_semicolon(sql: &str) -> bool {
    sql.trim_end_matches(|c: char| c == ';' || c.is_whitespace()).contains(';')
}

/// The byte offset just past the last token of `sql` that is neither a comment, a space nor a `;`.
fn last_token_end(sql: &str) -> usize {
    let base = sql.as_ptr() as usize;
    let mut end = 0;
    for token in Lexer::new(sql.as_bytes()).flatten() {
        if token.token_type != TokenType::TK_NONE && token.token_type != TokenType::TK_SEMI {
            end = token.value.as_ptr() as usize - base + token.value.len();
        }
    }
    end
}

fn syntax(error: turso_parser::error::Error) -> Error {
    Error::new(ErrorCode::Error, error.to_string()).with_detail(Detail::Grammar)
}

/// The statements of `sql`, each as its own text. Texts without an inner `;` are returned whole
/// without parsing: the common case costs nothing.
pub(crate) fn split(sql: &str) -> Result<Vec<&str>> {
    if !has_inner_semicolon(sql) {
        return Ok(vec![sql]);
    }
    let mut parser = Parser::new(sql.as_bytes());
    let mut statements = Vec::new();
    let mut start = 0;
    while parser.next_cmd().map_err(syntax)?.is_some() {
        let end = parser.offset();
        statements.push(sql[start..end].trim_start_matches(|c: char| c == ';' || c.is_whitespace()));
        start = end;
    }
    if statements.is_empty() {
        statements.push(sql);
    }
    Ok(statements)
}

#[cfg(test)]
mod tests {
    use super::{split, Kind, Shape};

    #[test]
    fn splits_statements_but_not_strings_or_triggers() {
        assert_eq!(split("SELECT 1").unwrap(), vec!["SELECT 1"]);
        assert_eq!(split("SELECT ';'; ").unwrap().len(), 1);
        assert_eq!(split("CREATE TABLE a(x); INSERT INTO a VALUES (1);").unwrap().len(), 2);
        let trigger = "CREATE TRIGGER t AFTER INSERT ON a BEGIN UPDATE a SET x = 1; DELETE FROM a; END; SELECT 1";
        assert_eq!(split(trigger).unwrap().len(), 2);
    }

    #[test]
    fn reads_the_kind_and_returning_clause_of_the_first_statement() {
        let shape = |sql| Shape::of(sql).unwrap();
        assert_eq!(shape("SELECT 'INSERT'").kind, Kind::Other);
        assert_eq!(shape("/* note */ INSERT INTO t VALUES (1)").kind, Kind::Change);
        assert_eq!(shape("-- note\nreplace into t values (1)").kind, Kind::Change);
        assert_eq!(shape("WITH x AS (SELECT 1) INSERT INTO t SELECT * FROM x").kind, Kind::Change);
        assert_eq!(shape("UPDATE t SET a = 1").kind, Kind::Change);
        assert_eq!(shape("DELETE FROM t").kind, Kind::Change);
        assert!(!shape("INSERT INTO t(v) VALUES ('RETURNING')").returning);
        assert!(shape("INSERT INTO t(v) VALUES (1) returning id").returning);
        assert!(shape("UPDATE t SET v = 1 RETURNING v").returning);
        assert_eq!(shape("INSERT INTO t VALUES (1)").statements, 1);
        assert_eq!(shape("INSERT INTO t VALUES (1); DELETE FROM t;").statements, 2);
        assert_eq!(shape(" ; -- nothing").statements, 0);
    }

    #[test]
    fn a_returning_clause_goes_after_the_last_token_in_java_string_units() {
        let sql = "INSERT INTO t(v) VALUES ('é') -- trailing ; comment\n ;  ";
        let end = Shape::of(sql).unwrap().end_utf16;
        let java: Vec<u16> = sql.encode_utf16().collect();
        assert_eq!(String::from_utf16(&java[..end]).unwrap(), "INSERT INTO t(v) VALUES ('é')");
    }

    #[test]
    fn a_text_that_does_not_parse_is_an_error() {
        assert!(Shape::of("INSERT INTO").is_err());
    }
}
