//! Splits INI text into records the way go-ini (the library sops uses) reads it: blank lines,
//! comment groups, section headers and `key = value` lines (a value may span several lines
//! when it is `"""`/backtick quoted or continued with a trailing `\`).
//!
//! Deliberate difference from go-ini: an inline comment must be preceded by whitespace
//! (`v ; note`); go-ini cuts a value at any `#` or `;`, silently truncating secrets such as
//! `password = abc#def`.

use std::ops::Range;

use crate::document::{StoreError, Style};

/// A piece of text that becomes a tree leaf.
#[derive(Clone, Debug, PartialEq)]
pub struct Leaf {
    pub span: Range<usize>,
    pub text: String,
    pub style: Style,
}

/// One logical line (or group of lines) of the file.
#[derive(Debug)]
pub struct Rec {
    /// All bytes of the record, including its final line break.
    pub range: Range<usize>,
    pub item: Item,
}

#[derive(Debug)]
pub enum Item {
    Blank,
    /// Consecutive comment lines, joined as go-ini joins them.
    Comment(Leaf),
    Header {
        name: String,
        /// The `[name]` token.
        span: Range<usize>,
        comment: Option<Leaf>,
    },
    Key {
        key: String,
        key_start: usize,
        value: Leaf,
        comment: Option<Leaf>,
    },
}

impl Item {
    /// The spans of the leaves (and header) this record holds.
    pub fn spans(&self) -> Vec<Range<usize>> {
        let inline = |c: &Option<Leaf>| c.as_ref().map(|l| l.span.clone());
        match self {
            Item::Blank => Vec::new(),
            Item::Comment(leaf) => vec![leaf.span.clone()],
            Item::Header { span, comment, .. } => std::iter::once(span.clone())
                .chain(inline(comment))
                .collect(),
            Item::Key { value, comment, .. } => std::iter::once(value.span.clone())
                .chain(inline(comment))
                .collect(),
        }
    }
}

/// A value read from the rest of a key line.
#[derive(Debug, PartialEq)]
pub enum Decoded {
    /// A complete value: its token (relative to the input), text, style and inline comment.
    Value {
        token: Range<usize>,
        text: String,
        style: Style,
        comment: Option<(Range<usize>, String)>,
    },
    /// An opening `"""` or backtick whose closing quote is on a later line.
    Open(&'static str),
    /// A value ending in `\`, continued on the next line; holds the text so far.
    Continued(String),
}

struct Lines<'a> {
    text: &'a str,
    pos: usize,
}

impl<'a> Lines<'a> {
    /// The next line: its start, its content without `\n`, and the offset after its `\n`.
    fn next(&mut self) -> Option<(usize, &'a str, usize)> {
        if self.pos >= self.text.len() {
            return None;
        }
        let start = self.pos;
        let rest = &self.text[start..];
        let (content, end) = match rest.find('\n') {
            Some(p) => (&rest[..p], start + p + 1),
            None => (rest, self.text.len()),
        };
        self.pos = end;
        Some((start, content, end))
    }
}

/// Reads all records of `text`, starting at byte `from` (after a byte-order mark).
pub fn records(text: &str, from: usize) -> Result<Vec<Rec>, StoreError> {
    let mut lines = Lines { text, pos: from };
    let mut out: Vec<Rec> = Vec::new();
    while let Some((start, content, end)) = lines.next() {
        let t = content.trim_start();
        let ts = start + (content.len() - t.len());
        let item = if t.is_empty() {
            Item::Blank
        } else if t.starts_with(['#', ';']) {
            let leaf = comment_leaf(t, ts);
            if let Some(Rec {
                range,
                item: Item::Comment(group),
            }) = out.last_mut()
            {
                group.span.end = leaf.span.end.max(group.span.end);
                group.text.push('\n');
                group.text.push_str(t.trim_end());
                range.end = end;
                continue;
            }
            Item::Comment(leaf)
        } else if t.starts_with('[') {
            header(t, ts)?
        } else {
            let mut range = start..end;
            let item = key_line(t, ts, &mut lines, &mut range)?;
            out.push(Rec { range, item });
            continue;
        };
        out.push(Rec {
            range: start..end,
            item,
        });
    }
    Ok(out)
}

/// A comment without its markers (`; x` → `x`, as sops strips them), `t` starting at `at`.
fn comment_leaf(t: &str, at: usize) -> Leaf {
    let marker = if t.starts_with(';') { ';' } else { '#' };
    let body = t.trim_start_matches([marker, ' ']);
    let start = at + (t.len() - body.len());
    let text = body.trim_end();
    Leaf {
        span: start..start + text.len(),
        text: text.to_string(),
        style: Style::Plain,
    }
}

fn header(t: &str, at: usize) -> Result<Item, StoreError> {
    let close = t
        .rfind(']')
        .ok_or_else(|| StoreError::at(at, "section header has no closing ']'"))?;
    let name = &t[1..close];
    if name.is_empty() {
        return Err(StoreError::at(at, "empty section name"));
    }
    let rest = &t[close + 1..];
    let comment = rest
        .find(['#', ';'])
        .map(|i| comment_leaf(rest[i..].trim_end(), at + close + 1 + i));
    Ok(Item::Header {
        name: name.to_string(),
        span: at..at + close + 1,
        comment,
    })
}

/// Reads a key line (and the lines a multi-line value takes), growing `range` to cover them.
fn key_line(
    t: &str,
    at: usize,
    lines: &mut Lines,
    range: &mut Range<usize>,
) -> Result<Item, StoreError> {
    let (key, value_at) = key_name(t, at)?;
    let rest = &t[value_at - at..];
    let v = rest.trim_start();
    let voff = value_at + (rest.len() - v.len());
    // go-ini reads the value with its line break, so a lone `"""` opens a multi-line value
    // (one that starts with a newline) when a line follows.
    let opens_alone = v == "\"\"\"" && lines.text[voff + v.len()..].starts_with('\n');
    let decoded = if opens_alone {
        Decoded::Open("\"\"\"")
    } else {
        decode(v)
    };
    let (value, comment) = match decoded {
        Decoded::Value {
            token,
            text,
            style,
            comment,
        } => {
            let span = voff + token.start..voff + token.end;
            let comment = comment.map(|(r, text)| Leaf {
                span: voff + r.start..voff + r.end,
                text,
                style: Style::Plain,
            });
            (Leaf { span, text, style }, comment)
        }
        Decoded::Open(quote) => (multi_line(voff, quote, lines, range)?, None),
        Decoded::Continued(text) => (continued(text, voff, v, lines, range), None),
    };
    Ok(Item::Key {
        key,
        key_start: at,
        value,
        comment,
    })
}

/// The key of a line and the offset just after its `=` or `:` (go-ini's `readKeyName`).
fn key_name(t: &str, at: usize) -> Result<(String, usize), StoreError> {
    let no_delim = || StoreError::at(at, "line is not `key = value` (no '=' or ':')");
    let quote = if t.len() > 6 && t.starts_with("\"\"\"") {
        "\"\"\""
    } else if t.starts_with('"') {
        "\""
    } else if t.starts_with('`') {
        "`"
    } else {
        ""
    };
    let (key, delim) = if quote.is_empty() {
        let d = t.find(['=', ':']).ok_or_else(no_delim)?;
        (&t[..d], d)
    } else {
        let q = quote.len();
        let close = t[q..]
            .find(quote)
            .map(|p| p + q)
            .ok_or_else(|| StoreError::at(at, "key has no closing quote"))?;
        let d = t[close + q..].find(['=', ':']).ok_or_else(no_delim)?;
        (&t[q..close], close + q + d)
    };
    let key = key.trim();
    if key.is_empty() {
        return Err(StoreError::at(at, "empty key name"));
    }
    Ok((key.to_string(), at + delim + 1))
}

/// True when `s` is wrapped in `q` with no other `q` inside (go-ini's `hasSurroundedQuote`).
fn surrounded(s: &str, q: char) -> bool {
    s.len() >= 2 && s.starts_with(q) && s.ends_with(q) && !s[1..s.len() - 1].contains(q)
}

/// Decodes a value from the rest of its line, `v` having no leading whitespace.
pub fn decode(v: &str) -> Decoded {
    let quote = if v.len() > 3 && v.starts_with("\"\"\"") {
        "\"\"\""
    } else if v.starts_with('`') {
        "`"
    } else {
        ""
    };
    if !quote.is_empty() {
        let q = quote.len();
        return match v[q..].rfind(quote) {
            Some(p) => Decoded::Value {
                token: 0..q + p + q,
                text: v[q..q + p].to_string(),
                style: Style::Plain,
                comment: None,
            },
            None => Decoded::Open(quote),
        };
    }
    let t = v.trim_end();
    if let Some(head) = t.strip_suffix('\\') {
        return Decoded::Continued(head.to_string());
    }
    let cut = t.char_indices().find(|&(i, c)| {
        matches!(c, '#' | ';') && (i == 0 || t[..i].ends_with(char::is_whitespace))
    });
    let (value, comment) = match cut {
        Some((i, _)) => {
            let leaf = comment_leaf(&t[i..], i);
            (t[..i].trim_end(), Some((leaf.span, leaf.text)))
        }
        None => (t, None),
    };
    let style = if surrounded(value, '"') {
        Style::DoubleQuoted
    } else if surrounded(value, '\'') {
        Style::SingleQuoted
    } else {
        Style::Plain
    };
    let text = match style {
        Style::Plain => value,
        _ => &value[1..value.len() - 1],
    };
    Decoded::Value {
        token: 0..value.len(),
        text: text.to_string(),
        style,
        comment,
    }
}

/// Reads a quoted value whose closing quote is on a later line; the text keeps the line breaks.
fn multi_line(
    voff: usize,
    quote: &str,
    lines: &mut Lines,
    range: &mut Range<usize>,
) -> Result<Leaf, StoreError> {
    let q = quote.len();
    let mut text = lines.text[voff + q..range.end].to_string();
    while let Some((start, content, end)) = lines.next() {
        range.end = end;
        if let Some(p) = content.rfind(quote) {
            text.push_str(&content[..p]);
            return Ok(Leaf {
                span: voff..start + p + q,
                text,
                style: Style::Plain,
            });
        }
        text.push_str(&lines.text[start..end]);
    }
    Err(StoreError::at(voff, "quoted value has no closing quote"))
}

/// Reads the lines that continue a value ending in `\` (go-ini joins them trimmed).
fn continued(
    mut text: String,
    voff: usize,
    v: &str,
    lines: &mut Lines,
    range: &mut Range<usize>,
) -> Leaf {
    let mut span_end = voff + v.trim_end().len();
    while let Some((start, content, end)) = lines.next() {
        range.end = end;
        let next = content.trim();
        if next.is_empty() {
            break;
        }
        text.push_str(next);
        span_end = start + (content.len() - content.trim_start().len()) + next.len();
        match text.strip_suffix('\\') {
            Some(head) => text.truncate(head.len()),
            None => break,
        }
    }
    Leaf {
        span: voff..span_end,
        text,
        style: Style::Plain,
    }
}
