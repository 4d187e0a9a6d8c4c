//! The INI store: sections become top-level maps (keys before any header go to `DEFAULT`,
//! always the first section, as with sops/go-ini), keys in a section become string values,
//! `;`/`#` comment lines become comments of the section they belong to (comments just above a
//! header belong to that header's section, as go-ini attaches them). The `[sops]` section holds
//! the flattened metadata, with newlines written as `\n` (3.13.0/3.13.1's `"""` multi-line
//! values are read too).
//!
//! The lossless writer copies every record it can match to the tree, replacing only changed
//! values (quoted as before when possible), and writes the `[sops]` section last after an
//! empty line, aligned as sops aligns it. Fresh output follows go-ini's layout.

mod reader;
mod writer;

use std::ops::Range;

use reader::{Item, Leaf, Rec};
use writer::Quote;

use super::flatten::unflatten;
use super::{Document, Entry, Node, Origin, Parsed, Scalar, StoreError, Style, Value};

/// The section of keys that come before any header.
pub const DEFAULT_SECTION: &str = "DEFAULT";
const META_SECTION: &str = "sops";

/// The source records, so the writer can keep blank lines and match entries to their lines.
#[derive(Clone, Debug, Default)]
pub struct Layout {
    /// Length of a leading byte-order mark.
    bom: usize,
    lines: Vec<Line>,
}

#[derive(Clone, Debug)]
struct Line {
    range: Range<usize>,
    kind: Kind,
    /// The spans of the leaves (and header) read from this record.
    leaves: Vec<Range<usize>>,
}

#[derive(Clone, Debug, PartialEq)]
enum Kind {
    Blank,
    Comment,
    Header(String),
    Key(String),
    Metadata,
}

/// Parses an INI file.
pub fn parse(src: &[u8]) -> Result<Parsed, StoreError> {
    let text = std::str::from_utf8(src)
        .map_err(|e| StoreError::at(e.valid_up_to(), "the file is not valid UTF-8"))?;
    let bom = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let mut b = Builder {
        sections: vec![Section {
            name: DEFAULT_SECTION.to_string(),
            header: None,
            entries: Vec::new(),
        }],
        ..Builder::default()
    };
    for rec in reader::records(text, bom)? {
        b.add(rec)?;
    }
    b.finish(bom)
}

struct Section {
    name: String,
    header: Option<Origin>,
    entries: Vec<Entry>,
}

#[derive(Default)]
struct Builder {
    sections: Vec<Section>,
    /// Comments waiting for the key or header they precede.
    pending: Vec<Entry>,
    in_meta: bool,
    meta: Vec<(String, String)>,
    /// Offset and line index of the `[sops]` header.
    meta_header: Option<(usize, usize)>,
    lines: Vec<Line>,
}

fn leaf_node(value: Value, leaf: Leaf) -> Node {
    Node::with_origin(
        value,
        Origin {
            span: leaf.span,
            style: leaf.style,
        },
    )
}

fn comment(leaf: Leaf) -> Entry {
    let text = leaf.text.clone();
    Entry::Comment(leaf_node(Value::Comment(text), leaf))
}

impl Builder {
    fn current(&mut self) -> &mut Section {
        let last = self.sections.len() - 1;
        &mut self.sections[last]
    }

    fn add(&mut self, rec: Rec) -> Result<(), StoreError> {
        let leaves = rec.item.spans();
        let kind = match rec.item {
            _ if self.in_meta && !matches!(rec.item, Item::Header { .. }) => {
                if let Item::Key { key, value, .. } = rec.item {
                    self.meta.push((key, value.text.replace("\\n", "\n")));
                }
                Kind::Metadata
            }
            Item::Blank => Kind::Blank,
            Item::Comment(leaf) => {
                self.pending.push(comment(leaf));
                Kind::Comment
            }
            Item::Header { name, span, .. } if name == META_SECTION => {
                if self.meta_header.is_some() {
                    return Err(StoreError::at(span.start, "duplicate [sops] section"));
                }
                self.meta_header = Some((span.start, self.lines.len()));
                self.in_meta = true;
                let pending = std::mem::take(&mut self.pending);
                self.current().entries.extend(pending);
                Kind::Metadata
            }
            Item::Header {
                name,
                span,
                comment: inline,
            } => {
                self.in_meta = false;
                let mut entries = std::mem::take(&mut self.pending);
                entries.extend(inline.map(comment));
                let header = Some(Origin {
                    span,
                    style: Style::Plain,
                });
                self.sections.push(Section {
                    name: name.clone(),
                    header,
                    entries,
                });
                Kind::Header(name)
            }
            Item::Key {
                key,
                key_start,
                value,
                comment: inline,
            } => {
                let pending = std::mem::take(&mut self.pending);
                let section = self.current();
                if section
                    .entries
                    .iter()
                    .any(|e| matches!(e, Entry::Pair(k, _) if *k == key))
                {
                    return Err(StoreError::at(
                        key_start,
                        format!("duplicate key {key:?} in section {:?}", section.name),
                    ));
                }
                section.entries.extend(pending);
                let text = value.text.clone();
                let node = leaf_node(Value::Scalar(Scalar::Str(text)), value);
                section.entries.push(Entry::Pair(key.clone(), node));
                section.entries.extend(inline.map(comment));
                Kind::Key(key)
            }
        };
        self.lines.push(Line {
            range: rec.range,
            kind,
            leaves,
        });
        Ok(())
    }

    fn finish(mut self, bom: usize) -> Result<Parsed, StoreError> {
        let pending = std::mem::take(&mut self.pending);
        self.current().entries.extend(pending);
        let metadata = match self.meta_header {
            Some((at, line)) => {
                for l in self.lines[..line].iter_mut().rev() {
                    if l.kind != Kind::Blank {
                        break;
                    }
                    l.kind = Kind::Metadata;
                }
                let meta = unflatten(&self.meta)
                    .map_err(|m| StoreError::at(at, format!("invalid sops metadata: {m}")))?;
                Some(meta)
            }
            None => None,
        };
        let entries = self
            .sections
            .into_iter()
            .map(|s| {
                let node = Node {
                    value: Value::Map(s.entries),
                    origin: s.header,
                    changed: false,
                };
                Entry::Pair(s.name, node)
            })
            .collect();
        Ok(Parsed {
            branches: vec![Node::map(entries)],
            metadata,
            layout: super::Layout::Ini(Layout {
                bom,
                lines: self.lines,
            }),
        })
    }
}

/// A top-level section: its name, its node and its entries.
type SectionRef<'a> = (&'a str, &'a Node, &'a [Entry]);

fn sections<'a>(
    branches: &'a [Node],
    metadata: Option<&serde_json::Value>,
) -> Result<Vec<SectionRef<'a>>, StoreError> {
    let entries = super::single_root(branches, "an INI file")?;
    let mut out = Vec::new();
    for entry in entries {
        let Entry::Pair(name, node) = entry else {
            continue;
        };
        let Value::Map(items) = &node.value else {
            return Err(StoreError::whole(format!(
                "top-level value {name:?} is not a section; an INI file holds only sections"
            )));
        };
        if metadata.is_some() && name == META_SECTION {
            return Err(StoreError::whole(
                "the document has its own [sops] section, which sops reserves",
            ));
        }
        out.push((name.as_str(), node, items.as_slice()));
    }
    Ok(out)
}

/// Writes a tree that has no INI source the way sops (go-ini) does.
pub fn emit_fresh(
    branches: &[Node],
    metadata: Option<&serde_json::Value>,
) -> Result<Vec<u8>, StoreError> {
    let mut out = String::new();
    for (i, (name, _, entries)) in sections(branches, metadata)?.into_iter().enumerate() {
        if i == 0 && name == DEFAULT_SECTION {
            writer::section(&mut out, None, entries)?;
        } else {
            writer::blank_line(&mut out);
            writer::section(&mut out, Some(name), entries)?;
        }
    }
    if let Some(meta) = metadata {
        writer::metadata(&mut out, meta)?;
    }
    Ok(out.into_bytes())
}

/// Rewrites the source: matched records are copied with changed values replaced, the rest of
/// the tree is written fresh in place, old metadata is dropped and new metadata appended.
pub fn emit_lossless(
    doc: &Document,
    layout: &Layout,
    metadata: Option<&serde_json::Value>,
) -> Result<Vec<u8>, StoreError> {
    let src = std::str::from_utf8(&doc.source)
        .map_err(|_| StoreError::whole("the INI source is not valid UTF-8"))?;
    let mut w = Writer {
        src,
        lines: &layout.lines,
        out: String::with_capacity(src.len()),
        cursor: 0,
        used: vec![false; layout.lines.len()],
    };
    for (i, section) in sections(&doc.branches, metadata)?.into_iter().enumerate() {
        w.section(i, section)?;
    }
    w.blanks_before(layout.lines.len());
    if let Some(meta) = metadata {
        writer::metadata(&mut w.out, meta)?;
    }
    w.out.insert_str(0, &src[..layout.bom.min(src.len())]);
    Ok(w.out.into_bytes())
}

/// Where an entry's source is.
enum Loc {
    /// Its own record, key unchanged.
    Source(usize),
    /// Its record, but the key was renamed: write a fresh line there.
    Renamed(usize),
    /// An inline comment whose record was already written with its key or header.
    Written,
    /// No usable source: write fresh.
    Fresh,
}

struct Writer<'a> {
    src: &'a str,
    lines: &'a [Line],
    out: String,
    cursor: usize,
    used: Vec<bool>,
}

impl Writer<'_> {
    fn record_of(&self, span: &Range<usize>) -> Option<usize> {
        let at = self
            .lines
            .partition_point(|l| l.range.start <= span.start)
            .checked_sub(1)?;
        self.lines[at].leaves.contains(span).then_some(at)
    }

    fn section(&mut self, i: usize, (name, node, entries): SectionRef) -> Result<(), StoreError> {
        let header = node.origin.as_ref().and_then(|o| {
            let at = self.record_of(&o.span)?;
            match &self.lines[at].kind {
                Kind::Header(was) if !self.used[at] => Some((at, was == name, o.span.start)),
                _ => None,
            }
        });
        let split = header.map_or(0, |(_, _, start)| {
            entries
                .iter()
                .take_while(|e| {
                    e.node()
                        .origin
                        .as_ref()
                        .is_some_and(|o| o.span.start < start)
                })
                .count()
        });
        for entry in &entries[..split] {
            self.entry(entry, entries)?;
        }
        match header {
            Some((at, true, _)) => {
                self.goto(at);
                self.copy_record(at, entries)?;
            }
            Some((at, false, _)) => {
                self.goto(at);
                self.start_line();
                self.out.push_str(&writer::header_line(name)?);
            }
            None if i == 0 && name == DEFAULT_SECTION && node.origin.is_none() => {}
            None => {
                writer::blank_line(&mut self.out);
                self.out.push_str(&writer::header_line(name)?);
            }
        }
        for entry in &entries[split..] {
            self.entry(entry, entries)?;
        }
        Ok(())
    }

    fn locate(&self, entry: &Entry) -> Loc {
        let Some(at) = entry
            .node()
            .origin
            .as_ref()
            .and_then(|o| self.record_of(&o.span))
        else {
            return Loc::Fresh;
        };
        let used = self.used[at];
        match (entry, &self.lines[at].kind) {
            (Entry::Pair(key, _), Kind::Key(was)) if !used => {
                if key == was {
                    Loc::Source(at)
                } else {
                    Loc::Renamed(at)
                }
            }
            (Entry::Comment(_), Kind::Comment) if !used => Loc::Source(at),
            (Entry::Comment(_), Kind::Key(_) | Kind::Header(_)) if used => Loc::Written,
            _ => Loc::Fresh,
        }
    }

    fn entry(&mut self, entry: &Entry, siblings: &[Entry]) -> Result<(), StoreError> {
        let loc = self.locate(entry);
        match loc {
            Loc::Written => return Ok(()),
            Loc::Source(at) => {
                self.goto(at);
                return self.copy_record(at, siblings);
            }
            Loc::Renamed(at) => self.goto(at),
            Loc::Fresh => {}
        }
        self.start_line();
        let line = match entry {
            Entry::Pair(key, node) => writer::key_line(key, node, 0)?,
            Entry::Comment(node) => writer::comment_line(node),
        };
        self.out.push_str(&line);
        Ok(())
    }

    /// Copies record `at`, replacing the text of every changed entry that lies in it.
    fn copy_record(&mut self, at: usize, siblings: &[Entry]) -> Result<(), StoreError> {
        let range = self.lines[at].range.clone();
        let mut edits = Vec::new();
        for entry in siblings {
            let node = entry.node();
            if let Some(o) = &node.origin
                && node.changed
                && self.lines[at].leaves.contains(&o.span)
            {
                edits.push((o.span.clone(), self.render(entry, o)?));
            }
        }
        edits.sort_by_key(|(span, _)| span.start);
        self.start_line();
        let mut cursor = range.start;
        for (span, text) in edits {
            if span.start < cursor {
                continue;
            }
            self.out.push_str(&self.src[cursor..span.start]);
            self.out.push_str(&text);
            cursor = span.end;
        }
        self.out.push_str(&self.src[cursor..range.end]);
        Ok(())
    }

    /// The new text of a changed value (quoted as before when possible) or comment.
    fn render(&self, entry: &Entry, origin: &Origin) -> Result<String, StoreError> {
        let Entry::Pair(key, node) = entry else {
            return Ok(match &entry.node().value {
                Value::Comment(text) => writer::comment_text(text),
                _ => String::new(),
            });
        };
        let before = Quote::of_token(&self.src[origin.span.clone()], origin.style);
        let text = writer::value_text(node, key)?;
        let token = writer::value_token(&text, Some(before)).ok_or_else(|| {
            StoreError::whole(format!(
                "the value of {key:?} cannot be written in an INI file"
            ))
        })?;
        let glued = origin.span.is_empty() && !self.src[..origin.span.start].ends_with([' ', '\t']);
        Ok(if glued && !token.is_empty() {
            format!(" {token}")
        } else {
            token
        })
    }

    /// Moves to record `at`, copying the blank lines passed on the way.
    fn goto(&mut self, at: usize) {
        if at >= self.cursor {
            self.blanks_before(at);
            self.cursor = at + 1;
        }
        self.used[at] = true;
    }

    fn blanks_before(&mut self, end: usize) {
        for line in &self.lines[self.cursor.min(end)..end] {
            if line.kind == Kind::Blank {
                self.start_line();
                self.out.push_str(&self.src[line.range.clone()]);
            }
        }
        self.cursor = self.cursor.max(end);
    }

    fn start_line(&mut self) {
        if !self.out.is_empty() && !self.out.ends_with('\n') {
            self.out.push('\n');
        }
    }
}

#[cfg(test)]
mod tests;
