//! Text that came from the remote, made safe to show.
//!
//! A remote (or a proxy on the way) can answer anything: a 20 MB error page, terminal escapes, our
//! own request headers echoed back, URLs with credentials in them. Whatever of it reaches an
//! exception message, a log line or a health detail is cut to a bounded length, stripped of control
//! characters, and cleared of anything that looks like a credential.

/// Longest remote text kept in a message, in characters.
pub const MAX_CHARS: usize = 512;

const REDACTED: &str = "[redacted]";

/// `text` with every occurrence of `secrets` (the auth token in use) replaced, `Authorization`
/// values and bearer tokens redacted, URLs reduced to `scheme://host[:port]`, control characters
/// turned into spaces, and cut to [`MAX_CHARS`].
pub fn remote_text_without(text: &str, secrets: &[&str]) -> String {
    let mut text = text.to_owned();
    for secret in secrets.iter().filter(|s| !s.is_empty()) {
        text = text.replace(secret, REDACTED);
    }
    let text = redact_credentials(&text);
    let text = reduce_urls(&text);
    bounded(text.chars().map(|c| if c.is_control() { ' ' } else { c }))
}

/// [`remote_text_without`] when no secret is known at this point.
pub fn remote_text(text: &str) -> String {
    remote_text_without(text, &[])
}

fn bounded(chars: impl Iterator<Item = char>) -> String {
    let mut out = String::new();
    for (i, c) in chars.enumerate() {
        if i == MAX_CHARS {
            out.push_str("...");
            break;
        }
        out.push(c);
    }
    out
}

/// Clears the value after `authorization` (a header or a JSON key) and after `bearer`, up to the
/// end of the value: a quote, a comma, a brace, or the end of the line.
fn redact_credentials(text: &str) -> String {
    // ASCII lowercasing keeps byte offsets, so ranges found in `lower` apply to `text`.
    let lower = text.to_ascii_lowercase();
    let mut out = String::with_capacity(text.len());
    let (mut copied, mut search) = (0, 0);
    while let Some(value_at) = next_key_end(&lower, search) {
        let value = value_range(&lower, value_at);
        search = value_at;
        if !value.is_empty() {
            out.push_str(&text[copied..value.start]);
            out.push_str(REDACTED);
            (copied, search) = (value.end, value.end);
        }
    }
    out.push_str(&text[copied..]);
    out
}

/// Where the first credential key at or after `from` ends.
fn next_key_end(lower: &str, from: usize) -> Option<usize> {
    ["authorization", "bearer"]
        .iter()
        .filter_map(|key| lower[from..].find(key).map(|i| from + i + key.len()))
        .min()
}

/// The value after a key: past what separates them (`: `, `":"`, `=`), up to its end.
fn value_range(lower: &str, after_key: usize) -> std::ops::Range<usize> {
    let rest = &lower[after_key..];
    let start = after_key + rest.find(|c: char| !matches!(c, ':' | '"' | '\'' | '=' | ' ' | '\t')).unwrap_or(rest.len());
    let len = lower[start..].find(|c: char| matches!(c, '"' | '\'' | ',' | '}' | '\r' | '\n')).unwrap_or(lower.len() - start);
    start..start + len
}

/// Every `scheme://...` reduced to `scheme://host[:port]`: no user-info, path or query, which may
/// hold credentials.
fn reduce_urls(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find("://") {
        let scheme_start = rest[..i]
            .char_indices()
            .rev()
            .find(|(_, c)| !(c.is_ascii_alphanumeric() || matches!(c, '+' | '.' | '-')))
            .map_or(0, |(j, c)| j + c.len_utf8());
        let url_end = rest[i + 3..]
            .find(|c: char| c.is_whitespace() || matches!(c, '"' | '\'' | '<' | '>' | ','))
            .map_or(rest.len(), |j| i + 3 + j);
        out.push_str(&rest[..scheme_start]);
        let url = &rest[scheme_start..url_end];
        out.push_str(&if scheme_start == i { url.to_owned() } else { url_origin(url) });
        rest = &rest[url_end..];
    }
    out.push_str(rest);
    out
}

/// `scheme://host[:port]` of a URL, whatever came after the authority or before the `@`.
pub fn url_origin(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return "<invalid url>".into();
    };
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host = authority.rsplit('@').next().unwrap_or("");
    format!("{scheme}://{host}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_headers_and_user_info_are_redacted() {
        let echoed = "bad request; headers: Authorization: Bearer tk-123\r\nHost: x\n{\"authorization\":\"Bearer tk-123\"}";
        let safe = remote_text_without(echoed, &["tk-123"]);
        assert!(!safe.contains("tk-123"), "{safe}");
        assert!(safe.contains("Host: x"), "{safe}");
        assert!(!safe.contains('\r') && !safe.contains('\n'), "{safe}");
        let url = remote_text("failed: https://user:pass@db.example:8443/v2/pipeline?token=abc next");
        assert_eq!(url, "failed: https://db.example:8443 next");
    }

    #[test]
    fn bearer_without_header_and_bare_text_survive() {
        assert_eq!(remote_text("token bearer abc, then"), "token bearer [redacted], then");
        assert_eq!(remote_text("plain error"), "plain error");
        assert_eq!(remote_text("no authorization"), "no authorization");
    }

    #[test]
    fn long_text_and_escapes_are_bounded() {
        let huge = "\u{1b}[31m".to_string() + &"x".repeat(20 * 1024 * 1024);
        let safe = remote_text(&huge);
        assert_eq!(safe.chars().count(), MAX_CHARS + 3);
        assert!(!safe.contains('\u{1b}'));
    }

    #[test]
    fn urls_in_any_text_are_reduced_without_panicking() {
        assert_eq!(remote_text("é://x/y and ü https://h/p"), "é://x/y and ü https://h");
        assert_eq!(remote_text("://bare"), "://bare");
    }

    #[test]
    fn origins_drop_everything_but_scheme_host_and_port() {
        assert_eq!(url_origin("libsql://u:p@db-org.turso.io/path?x=1"), "libsql://db-org.turso.io");
        assert_eq!(url_origin("http://127.0.0.1:8080"), "http://127.0.0.1:8080");
        assert_eq!(url_origin("nonsense"), "<invalid url>");
    }
}
