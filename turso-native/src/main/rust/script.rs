//! SQL text holding several statements (schema scripts, `Statement.execute("a; b")`).
//!
//! The engine prepares only the first statement of a text and ignores the rest, which would drop
//! statements silently. We split with the engine's own parser, so semicolons inside strings,
//! comments and trigger bodies are handled as the engine handles them.

use crate::error::{Error, ErrorCode, Result};
use turso_parser::parser::Parser;

/// The statements of `sql`, each as its own text. Texts without an inner `;` are returned whole
/// without parsing: the common case costs nothing.
pub fn split(sql: &str) -> Result<Vec<&str>> {
    let body = sql.trim_end().trim_end_matches(';');
    if !body.contains(';') {
        return Ok(vec![sql]);
    }
    let mut parser = Parser::new(sql.as_bytes());
    let mut statements = Vec::new();
    let mut start = 0;
    loop {
        match parser.next_cmd() {
            Ok(Some(_)) => {
                let end = parser.offset();
                statements.push(sql[start..end].trim_start_matches(|c: char| c == ';' || c.is_whitespace()));
                start = end;
            }
            Ok(None) => break,
            Err(error) => return Err(Error::new(ErrorCode::Error, error.to_string())),
        }
    }
    if statements.is_empty() {
        statements.push(sql);
    }
    Ok(statements)
}

#[cfg(test)]
mod tests {
    use super::split;

    #[test]
    fn splits_statements_but_not_strings_or_triggers() {
        assert_eq!(split("SELECT 1").unwrap(), vec!["SELECT 1"]);
        assert_eq!(split("SELECT ';'; ").unwrap().len(), 1);
        assert_eq!(split("CREATE TABLE a(x); INSERT INTO a VALUES (1);").unwrap().len(), 2);
        let trigger = "CREATE TRIGGER t AFTER INSERT ON a BEGIN UPDATE a SET x = 1; DELETE FROM a; END; SELECT 1";
        assert_eq!(split(trigger).unwrap().len(), 2);
    }
}
