//! The dotenv store, in sops' dialect: one `KEY=VALUE` per line split at the first `=`, key
//! and value taken verbatim (no quotes, no `export` handling, no trimming), a literal `\n` in a
//! value standing for a newline, `#` lines as comments, every value a string. The sops
//! metadata is the set of `sops_`-prefixed lines, flattened (see [`super::flatten`]).
//!
//! Unlike sops, blank lines and the position of every line are kept: the lossless writer
//! copies each entry's source line, replacing only a changed value, and writes the metadata
//! after the last line as sops does.

use std::ops::Range;

use super::flatten::{flatten, unflatten};
use super::scalar_text::flat_text;
use super::{Document, Entry, Node, Origin, Parsed, Scalar, StoreError, Style, Value};

/// The key prefix of flattened metadata lines.
const META_PREFIX: &str = "sops_";

/// The source lines, so the writer can keep blank lines and spot reordered entries.
#[derive(Clone, Debug, Default)]
pub struct Layout {
    lines: Vec<Line>,
}

#[derive(Clone, Debug)]
struct Line {
    /// The line's bytes including its `\n`, if any.
    range: Range<usize>,
    kind: Kind,
    /// The value (or comment text) read from the line.
    leaf: Range<usize>,
}

#[derive(Clone, Debug, PartialEq)]
enum Kind {
    Blank,
    Comment,
    Pair(String),
    Metadata,
}

/// Parses a dotenv file.
pub fn parse(src: &[u8]) -> Result<Parsed, StoreError> {
    let mut lines = Vec::new();
    let mut entries = Vec::new();
    let mut meta = Vec::new();
    let mut first_meta = None;
    let mut start = 0;
    while start < src.len() {
        let content_end = src[start..]
            .iter()
            .position(|&b| b == b'\n')
            .map_or(src.len(), |p| start + p);
        let end = (content_end + 1).min(src.len());
        let mut leaf_span = start..start;
        let kind = if content_end == start {
            Kind::Blank
        } else if src[start] == b'#' {
            leaf_span = start + 1..content_end;
            let text = utf8(src, start + 1..content_end)?;
            entries.push(Entry::Comment(leaf(
                Value::Comment(text.to_string()),
                start + 1..content_end,
            )));
            Kind::Comment
        } else {
            let eq = src[start..content_end]
                .iter()
                .position(|&b| b == b'=')
                .map(|p| start + p)
                .ok_or_else(|| StoreError::at(start, "line is not KEY=VALUE (it has no '=')"))?;
            leaf_span = eq + 1..content_end;
            let key = utf8(src, start..eq)?.to_string();
            let value = utf8(src, eq + 1..content_end)?.replace("\\n", "\n");
            match key.strip_prefix(META_PREFIX) {
                Some(meta_key) => {
                    first_meta.get_or_insert(start);
                    meta.push((meta_key.to_string(), value));
                    Kind::Metadata
                }
                None => {
                    let node = leaf(Value::Scalar(Scalar::Str(value)), eq + 1..content_end);
                    entries.push(Entry::Pair(key.clone(), node));
                    Kind::Pair(key)
                }
            }
        };
        lines.push(Line {
            range: start..end,
            kind,
            leaf: leaf_span,
        });
        start = end;
    }
    let metadata = match first_meta {
        Some(at) => Some(
            unflatten(&meta)
                .map_err(|m| StoreError::at(at, format!("invalid sops metadata: {m}")))?,
        ),
        None => None,
    };
    Ok(Parsed {
        branches: vec![Node::map(entries)],
        metadata,
        layout: super::Layout::Dotenv(Layout { lines }),
    })
}

fn leaf(value: Value, span: Range<usize>) -> Node {
    Node::with_origin(
        value,
        Origin {
            span,
            style: Style::Plain,
        },
    )
}

fn utf8(src: &[u8], range: Range<usize>) -> Result<&str, StoreError> {
    let start = range.start;
    std::str::from_utf8(&src[range])
        .map_err(|e| StoreError::at(start + e.valid_up_to(), "the line is not valid UTF-8"))
}

/// Writes a tree that has no dotenv source the way sops does: `KEY=VALUE` and `#comment`
/// lines, then the metadata lines.
pub fn emit_fresh(
    branches: &[Node],
    metadata: Option<&serde_json::Value>,
) -> Result<Vec<u8>, StoreError> {
    let entries = root_entries(branches, metadata)?;
    let mut out = Vec::new();
    for entry in entries {
        out.extend(fresh_line(entry)?);
    }
    write_metadata(&mut out, metadata);
    Ok(out)
}

/// Rewrites the source: unchanged lines are copied, changed values replaced, new entries
/// written fresh where they sit in the tree, old metadata lines dropped and new ones appended.
pub fn emit_lossless(
    doc: &Document,
    layout: &Layout,
    metadata: Option<&serde_json::Value>,
) -> Result<Vec<u8>, StoreError> {
    let entries = root_entries(&doc.branches, metadata)?;
    let mut w = Writer {
        src: &doc.source,
        lines: &layout.lines,
        out: Vec::with_capacity(doc.source.len()),
        cursor: 0,
        used: vec![false; layout.lines.len()],
    };
    for entry in entries {
        w.entry(entry)?;
    }
    w.blanks_before(layout.lines.len());
    write_metadata(&mut w.out, metadata);
    Ok(w.out)
}

fn root_entries<'a>(
    branches: &'a [Node],
    metadata: Option<&serde_json::Value>,
) -> Result<&'a [Entry], StoreError> {
    let entries = super::single_root(branches, "a dotenv file")?;
    if metadata.is_some()
        && let Some(Entry::Pair(key, _)) = entries
            .iter()
            .find(|e| matches!(e, Entry::Pair(k, _) if k.starts_with(META_PREFIX)))
    {
        return Err(StoreError::whole(format!(
            "key {key:?} starts with {META_PREFIX:?}, which sops reserves for its metadata"
        )));
    }
    Ok(entries)
}

struct Writer<'a> {
    src: &'a [u8],
    lines: &'a [Line],
    out: Vec<u8>,
    /// The first source line not yet passed.
    cursor: usize,
    used: Vec<bool>,
}

impl Writer<'_> {
    fn entry(&mut self, entry: &Entry) -> Result<(), StoreError> {
        let located = self.locate(entry);
        if let Some((at, _)) = located {
            if at >= self.cursor {
                self.blanks_before(at);
                self.cursor = at + 1;
            }
            self.used[at] = true;
        }
        self.start_line();
        let Some((at, true)) = located else {
            self.out.extend(fresh_line(entry)?);
            return Ok(());
        };
        let node = entry.node();
        let line = self.lines[at].range.clone();
        let span = node
            .origin
            .as_ref()
            .map_or(line.end..line.end, |o| o.span.clone());
        self.out.extend(&self.src[line.start..span.start]);
        if node.changed {
            self.out.extend(render(entry)?);
        } else {
            self.out.extend(&self.src[span.clone()]);
        }
        self.out.extend(&self.src[span.end..line.end]);
        Ok(())
    }

    /// The unused source line an entry was read from, and whether it still has the same key
    /// (a renamed entry is written fresh in its old place).
    fn locate(&self, entry: &Entry) -> Option<(usize, bool)> {
        let span = &entry.node().origin.as_ref()?.span;
        let at = self
            .lines
            .partition_point(|l| l.range.start <= span.start)
            .checked_sub(1)?;
        let line = &self.lines[at];
        if *span != line.leaf || self.used[at] {
            return None;
        }
        match (entry, &line.kind) {
            (Entry::Pair(key, _), Kind::Pair(was)) => Some((at, key == was)),
            (Entry::Comment(_), Kind::Comment) => Some((at, true)),
            _ => None,
        }
    }

    /// Copies the blank source lines from the cursor up to line `end`.
    fn blanks_before(&mut self, end: usize) {
        for line in &self.lines[self.cursor.min(end)..end] {
            if line.kind == Kind::Blank {
                self.start_line();
                self.out.extend(&self.src[line.range.clone()]);
            }
        }
        self.cursor = self.cursor.max(end);
    }

    /// Ends an unterminated last line before more is written.
    fn start_line(&mut self) {
        if !self.out.is_empty() && !self.out.ends_with(b"\n") {
            self.out.push(b'\n');
        }
    }
}

/// The new text of a changed value or comment (without key or `#`).
fn render(entry: &Entry) -> Result<Vec<u8>, StoreError> {
    match (entry, &entry.node().value) {
        (Entry::Pair(_, _), Value::Scalar(Scalar::Str(s))) => {
            Ok(s.replace('\n', "\\n").into_bytes())
        }
        (Entry::Pair(_, _), Value::Scalar(s)) => Ok(flat_text(s)),
        (Entry::Comment(_), Value::Comment(text)) => Ok(text.replace('\n', "\n#").into_bytes()),
        (Entry::Pair(key, _), _) => Err(StoreError::whole(format!(
            "the value of {key:?} is nested; a dotenv file holds only strings"
        ))),
        (Entry::Comment(_), _) => Err(StoreError::whole("a comment entry holds a value")),
    }
}

/// A whole new line for an entry.
fn fresh_line(entry: &Entry) -> Result<Vec<u8>, StoreError> {
    let mut line = Vec::new();
    match entry {
        Entry::Pair(key, _) => {
            if key.contains(['=', '\n']) || key.starts_with('#') {
                return Err(StoreError::whole(format!(
                    "key {key:?} cannot be written in a dotenv file"
                )));
            }
            line.extend(key.as_bytes());
            line.push(b'=');
        }
        Entry::Comment(_) => line.push(b'#'),
    }
    line.extend(render(entry)?);
    line.push(b'\n');
    Ok(line)
}

/// Appends the flattened `sops_` lines.
fn write_metadata(out: &mut Vec<u8>, metadata: Option<&serde_json::Value>) {
    let Some(meta) = metadata else {
        return;
    };
    if !out.is_empty() && !out.ends_with(b"\n") {
        out.push(b'\n');
    }
    for (key, value) in flatten(meta) {
        out.extend(format!("{META_PREFIX}{key}={}\n", value.replace('\n', "\\n")).as_bytes());
    }
}

#[cfg(test)]
mod tests;
