//! The JSON store: reads a top-level object into the tree (key order, number text and
//! duplicate keys kept), splits off the `sops` member as metadata, and writes the file back.
//!
//! Lossless writing copies the source and replaces only changed values, written in the
//! file's own indentation; the `sops` member is removed and, when given, appended as the last
//! member. A changed string is escaped minimally (only `"`, `\` and control characters), so
//! decrypted text stays readable; fresh output and the `sops` block escape like Go's
//! `json.Marshal` (`<`, `>`, `&` as `\u003c`…), byte-compatible with sops. Fresh output is
//! tab-indented with a trailing newline, as sops writes it.

mod reader;
mod writer;

use std::collections::HashMap;
use std::ops::Range;

use reader::{Member, Reader, Shape};
use writer::{Fmt, J};

use super::{Document, Entry, Node, Parsed, StoreError, Value};

/// What the lossless writer needs to know about the source beyond the tree.
#[derive(Clone, Debug, Default)]
pub struct Layout {
    /// Indentation unit of the root's members; `None` when the root is written on one line.
    indent: Option<String>,
    newline: String,
    /// Whitespace after a key's `:`.
    colon: String,
    /// Whitespace after `,` in a one-line root.
    comma: String,
    /// The root object, `{` through `}`.
    root: Range<usize>,
    /// The bytes of the old `sops` member (with its separating comma), dropped when writing.
    hole: Option<Range<usize>>,
    /// Every value of the source by start offset: its end and shape (a container's original
    /// key list or length), to tell source nodes from foreign ones and changed containers.
    shapes: HashMap<usize, (usize, Shape)>,
}

impl Layout {
    fn fmt(&self) -> Fmt {
        Fmt {
            unit: self.indent.clone(),
            newline: self.newline.clone(),
            colon: self.colon.clone(),
            comma: self.comma.clone(),
            go: false,
        }
    }
}

/// Parses a JSON file whose top level is an object.
pub fn parse(src: &[u8]) -> Result<Parsed, StoreError> {
    let text = std::str::from_utf8(src)
        .map_err(|e| StoreError::at(e.valid_up_to(), "the file is not valid UTF-8"))?;
    let mut r = Reader::new(text);
    r.skip_ws();
    let open = r.pos;
    match r.peek() {
        Some(b'{') => r.pos += 1,
        None => {
            return Err(StoreError::whole(
                "the file is empty; expected a JSON object",
            ));
        }
        Some(_) => {
            return Err(StoreError::at(
                open,
                "the top level must be a JSON object; wrap other values in one, e.g. {\"data\": ...}",
            ));
        }
    }
    let members = r.members()?;
    let root = open..r.pos;
    r.skip_ws();
    if r.pos < src.len() {
        return Err(StoreError::at(
            r.pos,
            "unexpected content after the top-level object",
        ));
    }
    let mut layout = detect_layout(text, &members, root.clone());
    let (members, metadata, hole) = split_metadata(members, &root)?;
    layout.hole = hole;
    layout.shapes = std::mem::take(&mut r.shapes);
    let keys = members.iter().map(|m| m.key.clone()).collect();
    layout
        .shapes
        .insert(root.start, (root.end, Shape::Map(keys)));
    let entries = members
        .into_iter()
        .map(|m| Entry::Pair(m.key, m.node))
        .collect();
    let origin = super::Origin {
        span: root,
        style: super::Style::Plain,
    };
    Ok(Parsed {
        branches: vec![Node::with_origin(Value::Map(entries), origin)],
        metadata,
        layout: super::Layout::Json(layout),
    })
}

fn detect_layout(text: &str, members: &[Member], root: Range<usize>) -> Layout {
    let newline = if text.contains("\r\n") { "\r\n" } else { "\n" };
    let mut layout = Layout {
        indent: Some("\t".to_string()),
        newline: newline.to_string(),
        colon: " ".to_string(),
        comma: String::new(),
        root: root.clone(),
        ..Layout::default()
    };
    let Some(first) = members.first() else {
        return layout;
    };
    let lead = &text[root.start + 1..first.key_start];
    layout.indent = lead.rfind('\n').map(|p| lead[p + 1..].to_string());
    if let Some(value) = &first.node.origin {
        let gap = &text[first.key_end..value.span.start];
        if let Some((_, after)) = gap.split_once(':')
            && !after.contains('\n')
        {
            layout.colon = after.to_string();
        }
    }
    if let (Some(second), Some(value)) = (members.get(1), &first.node.origin) {
        let gap = &text[value.span.end..second.key_start];
        if let Some((_, after)) = gap.split_once(',')
            && !after.contains('\n')
        {
            layout.comma = after.to_string();
        }
    }
    layout
}

type Split = (Vec<Member>, Option<serde_json::Value>, Option<Range<usize>>);

/// Removes the `sops` member, returning its JSON and the bytes to drop when rewriting.
fn split_metadata(mut members: Vec<Member>, root: &Range<usize>) -> Result<Split, StoreError> {
    let mut found = members.iter().enumerate().filter(|(_, m)| m.key == "sops");
    let Some((at, _)) = found.next() else {
        return Ok((members, None, None));
    };
    if let Some((_, dup)) = found.next() {
        return Err(StoreError::at(
            dup.key_start,
            "duplicate top-level \"sops\" key",
        ));
    }
    let end = |m: &Member| m.node.origin.as_ref().map_or(m.key_end, |o| o.span.end);
    let hole = if at > 0 {
        end(&members[at - 1])..end(&members[at])
    } else if let Some(next) = members.get(1) {
        members[0].key_start..next.key_start
    } else {
        root.start + 1..root.end - 1
    };
    let sops = members.remove(at);
    if !matches!(sops.node.value, Value::Map(_)) {
        return Err(StoreError::at(
            sops.key_start,
            "the \"sops\" metadata is not an object",
        ));
    }
    Ok((members, Some(sops.node.to_json()), Some(hole)))
}

/// Writes a tree that has no JSON source the way sops does.
pub fn emit_fresh(
    branches: &[Node],
    metadata: Option<&serde_json::Value>,
) -> Result<Vec<u8>, StoreError> {
    let entries = root_entries(branches)?;
    let mut members = writer::entries_to_j(entries, true)?;
    push_metadata(&mut members, entries, metadata)?;
    let mut out = String::new();
    writer::write(&mut out, &J::Obj(members), &Fmt::sops(), "");
    out.push('\n');
    Ok(out.into_bytes())
}

fn root_entries(branches: &[Node]) -> Result<&[Entry], StoreError> {
    super::single_root(branches, "a JSON file")
}

fn push_metadata(
    members: &mut Vec<(String, J)>,
    entries: &[Entry],
    metadata: Option<&serde_json::Value>,
) -> Result<(), StoreError> {
    if let Some(meta) = metadata {
        if entries
            .iter()
            .any(|e| matches!(e, Entry::Pair(k, _) if k == "sops"))
        {
            return Err(StoreError::whole(
                "the document has its own top-level \"sops\" key, which sops reserves",
            ));
        }
        members.push(("sops".to_string(), writer::meta_to_j(meta)));
    }
    Ok(())
}

/// Rewrites the source, replacing changed values and the metadata member.
pub fn emit_lossless(
    doc: &Document,
    layout: &Layout,
    metadata: Option<&serde_json::Value>,
) -> Result<Vec<u8>, StoreError> {
    let src = std::str::from_utf8(&doc.source)
        .map_err(|_| StoreError::whole("the JSON source is not valid UTF-8"))?;
    let entries = root_entries(&doc.branches)?;
    let mut p = Patcher {
        src,
        layout,
        fmt: layout.fmt(),
        out: String::with_capacity(src.len()),
    };
    p.out.push_str(&src[..layout.root.start]);
    let root = doc.branches.first();
    let intact = root.is_some_and(|r| {
        !r.changed && r.origin.as_ref().map(|o| &o.span) == Some(&layout.root) && p.same_shape(r)
    });
    if intact {
        p.patch_root(entries, metadata)?;
    } else {
        let mut members = writer::entries_to_j(entries, false)?;
        push_metadata(&mut members, entries, metadata)?;
        writer::write(&mut p.out, &J::Obj(members), &p.fmt, "");
    }
    p.out.push_str(&src[layout.root.end..]);
    Ok(p.out.into_bytes())
}

struct Patcher<'a> {
    src: &'a str,
    layout: &'a Layout,
    fmt: Fmt,
    out: String,
}

impl Patcher<'_> {
    /// Copies `range` of the source, leaving out the old metadata member.
    fn copy(&mut self, range: Range<usize>) {
        match &self.layout.hole {
            Some(h) if h.start < range.end && range.start < h.end => {
                self.out
                    .push_str(&self.src[range.start..h.start.max(range.start)]);
                self.out
                    .push_str(&self.src[h.end.min(range.end)..range.end]);
            }
            _ => self.out.push_str(&self.src[range]),
        }
    }

    fn patch_root(
        &mut self,
        entries: &[Entry],
        metadata: Option<&serde_json::Value>,
    ) -> Result<(), StoreError> {
        let root = self.layout.root.clone();
        let mut cursor = root.start;
        let mut any = false;
        for (key, node) in pairs(entries) {
            let span = node
                .origin
                .as_ref()
                .map_or(cursor..cursor, |o| o.span.clone());
            self.copy(cursor..span.start);
            self.node(node, key)?;
            cursor = span.end;
            any = true;
        }
        if !any {
            self.copy(cursor..cursor + 1);
            cursor += 1;
        }
        let insert_at = self.out.len();
        self.copy(cursor..root.end);
        let Some(meta) = metadata else {
            return Ok(());
        };
        push_metadata(&mut Vec::new(), entries, metadata)?;
        let mut text = String::new();
        let unit = self.fmt.unit.clone();
        if any {
            text.push(',');
            if unit.is_none() {
                text.push_str(&self.fmt.comma);
            }
        } else if self.out[insert_at..self.out.len() - 1].trim().is_empty() {
            self.out.truncate(insert_at);
            self.out.push('}');
        }
        if let Some(unit) = &unit {
            text.push_str(&self.fmt.newline);
            text.push_str(unit);
        }
        text.push_str("\"sops\":");
        text.push_str(&self.fmt.colon);
        writer::write(
            &mut text,
            &writer::meta_to_j(meta),
            &self.fmt,
            unit.as_deref().unwrap_or(""),
        );
        if !any && unit.is_some() {
            text.push_str(&self.fmt.newline);
        }
        self.out.insert_str(insert_at, &text);
        Ok(())
    }

    /// Writes one value: copied, spliced child by child, or re-rendered when changed.
    fn node(&mut self, node: &Node, key: &str) -> Result<(), StoreError> {
        let Some(origin) = &node.origin else {
            return self.render(node, key, "");
        };
        let span = origin.span.clone();
        if !node.changed {
            match &node.value {
                Value::Scalar(_) | Value::Comment(_) => {
                    self.out.push_str(&self.src[span]);
                    return Ok(());
                }
                Value::Map(entries) if self.same_shape(node) => {
                    let children = pairs(entries).collect::<Vec<_>>();
                    return self.splice(span, &children);
                }
                Value::List(items) if self.same_shape(node) => {
                    let children = items.iter().map(|n| (key, n)).collect::<Vec<_>>();
                    return self.splice(span, &children);
                }
                _ => {}
            }
        }
        let base = line_indent(self.src, span.start);
        self.render(node, key, base)
    }

    fn splice(&mut self, span: Range<usize>, children: &[(&str, &Node)]) -> Result<(), StoreError> {
        let mut cursor = span.start;
        for (key, child) in children {
            let child_span = child
                .origin
                .as_ref()
                .map_or(cursor..cursor, |o| o.span.clone());
            self.copy(cursor..child_span.start);
            self.node(child, key)?;
            cursor = child_span.end;
        }
        self.copy(cursor..span.end);
        Ok(())
    }

    fn render(&mut self, node: &Node, key: &str, base: &str) -> Result<(), StoreError> {
        match writer::node_to_j(node, false, key)? {
            Some(j) => writer::write(&mut self.out, &j, &self.fmt, base),
            None => self.out.push_str("null"),
        }
        Ok(())
    }

    /// The recorded shape of a node that still sits where the source had it.
    fn recorded(&self, node: &Node) -> Option<&Shape> {
        let span = &node.origin.as_ref()?.span;
        match self.layout.shapes.get(&span.start) {
            Some((end, shape)) if *end == span.end => Some(shape),
            _ => None,
        }
    }

    /// True when a container still has the keys (or length) it had in the source, and every
    /// child is a node of the source, in source order.
    fn same_shape(&self, node: &Node) -> bool {
        let children: Vec<&Node> = match (&node.value, self.recorded(node)) {
            (Value::Map(entries), Some(Shape::Map(keys))) => {
                if !pairs(entries)
                    .map(|(k, _)| k)
                    .eq(keys.iter().map(String::as_str))
                {
                    return false;
                }
                pairs(entries).map(|(_, n)| n).collect()
            }
            (Value::List(items), Some(Shape::List(len))) if items.len() == *len => {
                items.iter().collect()
            }
            _ => return false,
        };
        let mut last = node.origin.as_ref().map_or(0, |o| o.span.start);
        for child in children {
            match &child.origin {
                Some(o) if o.span.start > last && self.recorded(child).is_some() => {
                    last = o.span.end
                }
                _ => return false,
            }
        }
        true
    }
}

fn pairs(entries: &[Entry]) -> impl Iterator<Item = (&str, &Node)> {
    entries.iter().filter_map(|e| match e {
        Entry::Pair(k, n) => Some((k.as_str(), n)),
        Entry::Comment(_) => None,
    })
}

/// The spaces and tabs that start the line holding `pos`.
fn line_indent(src: &str, pos: usize) -> &str {
    let start = src[..pos].rfind('\n').map_or(0, |p| p + 1);
    let line = &src[start..];
    let len = line.len() - line.trim_start_matches([' ', '\t']).len();
    &line[..len]
}

#[cfg(test)]
mod tests;
