//! Writing INI text as sops (go-ini) writes it: quoting values and keys so that both go-ini
//! and our reader read them back unchanged, `; ` comments, aligned `key = value` sections and
//! the flattened `[sops]` section.

use super::reader::{Decoded, decode};
use crate::document::flatten::flatten;
use crate::document::scalar_text::flat_text;
use crate::document::{Entry, Node, StoreError, Style, Value};

/// How a value token is quoted.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Quote {
    Plain,
    Double,
    Single,
    Backtick,
    Triple,
}

impl Quote {
    /// The quoting of an existing value token.
    pub fn of_token(token: &str, style: Style) -> Quote {
        match style {
            Style::DoubleQuoted => Quote::Double,
            Style::SingleQuoted => Quote::Single,
            _ if token.starts_with("\"\"\"") => Quote::Triple,
            _ if token.starts_with('`') => Quote::Backtick,
            _ => Quote::Plain,
        }
    }

    /// go-ini's choice when writing a value.
    fn go_ini(v: &str) -> Quote {
        if v.contains(['\n', '`']) {
            Quote::Triple
        } else if v.contains(['#', ';']) {
            Quote::Backtick
        } else if v.trim() != v {
            Quote::Double
        } else {
            Quote::Plain
        }
    }

    fn wrap(self, v: &str) -> String {
        let q = match self {
            Quote::Plain => "",
            Quote::Double => "\"",
            Quote::Single => "'",
            Quote::Backtick => "`",
            Quote::Triple => "\"\"\"",
        };
        format!("{q}{v}{q}")
    }
}

/// A value token that reads back as `v`, quoted as `prefer` when that works, else as go-ini
/// would quote it, else in the first form that works. `None` when no form can hold `v`.
pub fn value_token(v: &str, prefer: Option<Quote>) -> Option<String> {
    let order = [
        Quote::go_ini(v),
        Quote::Plain,
        Quote::Double,
        Quote::Backtick,
        Quote::Triple,
    ];
    prefer
        .into_iter()
        .chain(order)
        .map(|q| (q, q.wrap(v)))
        .find(|(q, token)| reads_back(*q, v, token))
        .map(|(_, token)| token)
}

fn reads_back(q: Quote, v: &str, token: &str) -> bool {
    if q == Quote::Triple && v.contains('\n') {
        return !v.contains("\"\"\"");
    }
    if v.contains(['\n', '\r'])
        || (q != Quote::Backtick && q != Quote::Triple && v.contains(['#', ';']))
    {
        return false;
    }
    // A value of exactly `"""` on its line opens a multi-line value (see the reader).
    if token.trim_start() != token || token == "\"\"\"" {
        return false;
    }
    matches!(decode(token), Decoded::Value { token: t, text, comment: None, .. }
        if t == (0..token.len()) && text == v)
}

/// A key as written before `=`, quoted when it holds characters go-ini treats specially.
pub fn key_token(k: &str) -> Option<String> {
    if k.is_empty() || k.contains(['\n', '\r']) || k.trim() != k {
        return None;
    }
    let special = k.contains(['"', '=', ':', '`']) || k.starts_with(['[', '#', ';']);
    if !special {
        Some(k.to_string())
    } else if !k.contains('`') {
        Some(format!("`{k}`"))
    } else if !k.contains("\"\"\"") && !k.ends_with('"') {
        Some(format!("\"\"\"{k}\"\"\""))
    } else {
        None
    }
}

/// A comment's text as written after its first `; `: later lines get their own marker.
pub fn comment_text(text: &str) -> String {
    let mut lines = text.split('\n');
    let mut out = lines.next().unwrap_or_default().to_string();
    for line in lines {
        out.push('\n');
        if !line.starts_with([';', '#']) {
            out.push_str("; ");
        }
        out.push_str(line);
    }
    out
}

/// The text of a scalar value; nested values and non-UTF-8 bytes cannot be written.
pub fn value_text(node: &Node, key: &str) -> Result<String, StoreError> {
    match &node.value {
        Value::Scalar(s) => String::from_utf8(flat_text(s))
            .map_err(|_| StoreError::whole(format!("the value of {key:?} is not UTF-8 text"))),
        _ => Err(StoreError::whole(format!(
            "the value of {key:?} is nested; an INI section holds only plain values"
        ))),
    }
}

fn unwritable(what: &str, name: &str) -> StoreError {
    StoreError::whole(format!("{what} {name:?} cannot be written in an INI file"))
}

/// A whole `key = value` line, for an entry with no usable source line.
pub fn key_line(key: &str, node: &Node, width: usize) -> Result<String, StoreError> {
    let k = key_token(key).ok_or_else(|| unwritable("key", key))?;
    let v = value_token(&value_text(node, key)?, None)
        .ok_or_else(|| unwritable("the value of", key))?;
    Ok(format!("{k:width$} = {v}\n"))
}

/// A whole comment line.
pub fn comment_line(node: &Node) -> String {
    match &node.value {
        Value::Comment(text) => format!("; {}\n", comment_text(text)),
        _ => String::new(),
    }
}

/// A `[name]` header line.
pub fn header_line(name: &str) -> Result<String, StoreError> {
    if name.is_empty() || name.contains(['\n', '\r']) {
        return Err(unwritable("section", name));
    }
    Ok(format!("[{name}]\n"))
}

/// Ends the output with an empty line, as go-ini separates sections.
pub fn blank_line(out: &mut String) {
    if out.is_empty() {
        return;
    }
    if !out.ends_with('\n') {
        out.push('\n');
    }
    if !out.ends_with("\n\n") {
        out.push('\n');
    }
}

/// Writes a section: optional header, then its entries with the `=` signs aligned.
pub fn section(
    out: &mut String,
    header: Option<&str>,
    entries: &[Entry],
) -> Result<(), StoreError> {
    if let Some(name) = header {
        out.push_str(&header_line(name)?);
    }
    let width = entries
        .iter()
        .filter_map(|e| match e {
            Entry::Pair(k, _) => key_token(k).map(|t| t.len()),
            Entry::Comment(_) => None,
        })
        .max()
        .unwrap_or(0);
    for entry in entries {
        match entry {
            Entry::Pair(k, n) => out.push_str(&key_line(k, n, width)?),
            Entry::Comment(n) => out.push_str(&comment_line(n)),
        }
    }
    Ok(())
}

/// Appends the `[sops]` section after an empty line; newlines in values become `\n`.
pub fn metadata(out: &mut String, meta: &serde_json::Value) -> Result<(), StoreError> {
    blank_line(out);
    let entries: Vec<Entry> = flatten(meta)
        .into_iter()
        .map(|(k, v)| {
            let value = crate::document::Scalar::Str(v.replace('\n', "\\n"));
            Entry::Pair(k, Node::scalar(value))
        })
        .collect();
    section(out, Some("sops"), &entries)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_quoted_only_when_needed_and_read_back() {
        assert_eq!(value_token("plain", None).unwrap(), "plain");
        assert_eq!(value_token("", None).unwrap(), "");
        assert_eq!(value_token(" padded ", None).unwrap(), "\" padded \"");
        assert_eq!(value_token("a;b", None).unwrap(), "`a;b`");
        assert_eq!(
            value_token("two\nlines", None).unwrap(),
            "\"\"\"two\nlines\"\"\""
        );
        assert_eq!(value_token("tick`", None).unwrap(), "\"\"\"tick`\"\"\"");
        assert_eq!(value_token("\"q\"", None).unwrap(), "`\"q\"`");
        assert_eq!(value_token("ends\\", None).unwrap(), "\"ends\\\"");
        assert_eq!(value_token("x", Some(Quote::Double)).unwrap(), "\"x\"");
        assert_eq!(value_token("a;b", Some(Quote::Double)).unwrap(), "`a;b`");
        assert_eq!(
            value_token("a`b\"\"\"", None).unwrap(),
            "\"\"\"a`b\"\"\"\"\"\""
        );
        assert_eq!(value_token("a\n\"\"\"", None), None);
    }

    #[test]
    fn keys_are_quoted_like_go_ini() {
        assert_eq!(key_token("user").unwrap(), "user");
        assert_eq!(key_token("a=b").unwrap(), "`a=b`");
        assert_eq!(key_token("[x").unwrap(), "`[x`");
        assert_eq!(key_token("a`b").unwrap(), "\"\"\"a`b\"\"\"");
        assert_eq!(key_token(" pad"), None);
        assert_eq!(key_token(""), None);
    }

    #[test]
    fn comments_keep_one_marker_per_line() {
        assert_eq!(comment_text("one\ntwo\n# three"), "one\n; two\n# three");
    }
}
