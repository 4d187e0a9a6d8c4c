//! Writing YAML: a lossless splice of the changed leaves into the source, and a fresh
//! block-style emitter for trees that have no source (format conversion, metadata blocks).

use std::ops::Range;

use super::edits::{Edits, any_changed};
use super::scalars::{can_be_plain, double_quoted, single_quoted, typed_text, unprintable};
use super::{Layout, METADATA_KEY, is_yaml_blank, line_start, without_comment};
use crate::document::{Document, Entry, Node, Origin, Scalar, StoreError, Style, Value};

/// The indentation sops uses when it writes YAML, used for fresh output.
const FRESH_INDENT: usize = 4;

pub fn emit_lossless(
    doc: &Document,
    layout: &Layout,
    metadata: Option<&serde_json::Value>,
) -> Result<Vec<u8>, StoreError> {
    if layout.flow_root {
        let out = emit_fresh(&doc.branches, metadata)?;
        if out.iter().all(u8::is_ascii_whitespace) {
            // `{}`: an empty map, as sops writes it (nothing would read back as no document).
            return Ok(b"{}\n".to_vec());
        }
        return Ok(out);
    }
    let src =
        std::str::from_utf8(&doc.source).map_err(|_| StoreError::whole("source is not UTF-8"))?;
    let mut edits: Vec<(Range<usize>, String)> = Vec::new();
    for (branch, d) in doc.branches.iter().zip(&layout.docs) {
        let expand_aliases = layout.has_aliases && any_changed(branch);
        let mut e = Edits::new(src, layout, d.indent.max(1), expand_aliases);
        e.node(branch)?;
        if (branch.origin.is_none() || e.is_keyless_root(branch))
            && let Value::Map(entries) = &branch.value
        {
            // A document that had no keys (or only `sops`): its new keys go where the
            // document ends.
            let new: Vec<Entry> = entries
                .iter()
                .filter(|e| matches!(e, Entry::Pair(_, n) if n.origin.is_none()))
                .cloned()
                .collect();
            let mut text = String::new();
            emit_entries(&mut text, &new, 0, d.indent.max(1));
            // A document written as a null (`~`) gives way to what is written into it.
            if let Some(null) = &d.null_root
                && (!text.is_empty() || metadata.is_some())
            {
                edits.push((null.clone(), comments_of(&src[null.clone()])));
            }
            if !text.is_empty() {
                edits.push((d.insert_at..d.insert_at, text));
            }
        }
        edits.extend(e.finish());
    }
    for (branch, d) in doc.branches.iter().zip(&layout.docs) {
        if let Some(range) = &d.metadata {
            edits.push((metadata_removal(src, range), String::new()));
        }
        if let Some(meta) = metadata {
            let column = root_column(src, layout, branch);
            edits.push((
                d.insert_at..d.insert_at,
                metadata_block(src, d.insert_at, meta, column, d.indent),
            ));
        }
    }
    let out = splice(src, edits)?;
    let keyless = doc
        .branches
        .iter()
        .all(|b| matches!(&b.value, Value::Map(entries) if entries.is_empty()));
    if metadata.is_none() && keyless && out.iter().all(u8::is_ascii_whitespace) {
        // Nothing left once the metadata is gone: an empty map, as sops writes it.
        return Ok(b"{}\n".to_vec());
    }
    Ok(out)
}

/// Applies non-overlapping edits in source order.
fn splice(src: &str, mut edits: Vec<(Range<usize>, String)>) -> Result<Vec<u8>, StoreError> {
    edits.sort_by_key(|(r, _)| (r.start, r.end));
    let mut out =
        String::with_capacity(src.len() + edits.iter().map(|(_, t)| t.len()).sum::<usize>());
    let mut at = 0;
    for (range, text) in edits {
        if range.start < at {
            return Err(StoreError::at(
                range.start,
                "internal error: overlapping edits",
            ));
        }
        out.push_str(&src[at..range.start]);
        out.push_str(&text);
        at = range.end;
    }
    out.push_str(&src[at..]);
    Ok(out.into_bytes())
}

/// A comment's text as YAML can hold it: one line, and no character YAML refuses (control
/// characters, which dotenv and INI comments may carry, are written as `\xNN`).
fn comment_text(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '\n' | '\r' => " ".to_string(),
            '\t' => "\t".to_string(),
            c if unprintable(c) => format!("\\x{:02X}", c as u32),
            c => c.to_string(),
        })
        .collect()
}

/// The text of a changed leaf in its original style.
pub(super) fn render_leaf(src: &str, value: &Value, origin: &Origin) -> String {
    match value {
        Value::Comment(text) => format!("#{}", comment_text(text)),
        Value::Scalar(s) => {
            let base_indent = indentation(src, origin.span.start);
            let (style, header_rest) = match origin.style {
                Style::Literal { .. } | Style::Folded { .. } => {
                    (origin.style, block_header_rest(src, origin.span.start))
                }
                // A block scalar would swallow a comment that follows the value on its line.
                _ if is_multiline(s) && !rest_of_line_blank(src, origin.span.end) => {
                    (Style::DoubleQuoted, "")
                }
                _ => (origin.style, ""),
            };
            render_scalar(s, style, base_indent, header_rest)
        }
        Value::Map(_) | Value::List(_) => flow(&Node::new(value.clone())),
    }
}

fn is_multiline(s: &Scalar) -> bool {
    matches!(s, Scalar::Str(t) if t.contains('\n'))
}

/// True when only YAML blanks follow `at` up to the end of its line.
fn rest_of_line_blank(src: &str, at: usize) -> bool {
    let rest = &src[at.min(src.len())..];
    is_yaml_blank(&rest[..rest.find('\n').unwrap_or(rest.len())])
}

/// Leading spaces of the line containing `at`.
fn indentation(src: &str, at: usize) -> usize {
    let ls = line_start(src, at);
    src[ls..].bytes().take_while(|b| *b == b' ').count()
}

/// What follows a block header's indicators on its line (spaces and a comment), kept as is.
fn block_header_rest(src: &str, header: usize) -> &str {
    let line = &src[header..src[header..].find('\n').map_or(src.len(), |p| header + p)];
    let after = line
        .char_indices()
        .skip(1)
        .find(|(_, c)| !matches!(c, '+' | '-' | '0'..='9'))
        .map_or(line.len(), |(i, _)| i);
    line[after..].trim_end_matches('\r')
}

/// Renders a scalar in `style`. `base_indent` is the indentation of the line it sits on.
pub(super) fn render_scalar(
    s: &Scalar,
    style: Style,
    base_indent: usize,
    header_rest: &str,
) -> String {
    let text = match s {
        Scalar::Str(v) => v.clone(),
        Scalar::Bytes(b) => String::from_utf8_lossy(b).into_owned(),
        other => return typed_text(other).unwrap_or_default(),
    };
    let flow = matches!(style, Style::FlowPlain);
    if text.contains('\n') && !flow && !matches!(style, Style::DoubleQuoted) {
        let (indent, folded) = match style {
            Style::Literal { indent } => (indent, false),
            Style::Folded { indent } => (indent, true),
            _ => (base_indent + 2, false),
        };
        if let Some(block) = block_scalar(&text, indent.max(base_indent + 1), folded, header_rest) {
            return block;
        }
        return double_quoted(&text);
    }
    match style {
        Style::Plain | Style::FlowPlain if can_be_plain(&text, flow) => text,
        // A sealed value cannot be plain inside `{}`/`[]`; the tag says it was plain.
        Style::FlowPlain if crate::envelope::cipher::is_encrypted(&text) => {
            format!("!!str {}", double_quoted(&text))
        }
        Style::SingleQuoted => single_quoted(&text).unwrap_or_else(|| double_quoted(&text)),
        Style::Literal { indent } | Style::Folded { indent } if !text.is_empty() => block_scalar(
            &text,
            indent.max(base_indent + 1),
            matches!(style, Style::Folded { .. }),
            header_rest,
        )
        .unwrap_or_else(|| double_quoted(&text)),
        Style::Plain | Style::FlowPlain => quoted_like_yaml_v3(&text),
        _ => double_quoted(&text),
    }
}

/// The quoting yaml.v3 (and so sops) picks for a string that cannot be plain: double quotes
/// when it would otherwise read as another type (`"42"`, `"n"`), else single quotes.
fn quoted_like_yaml_v3(text: &str) -> String {
    let looks_typed = !matches!(super::scalars::resolve_plain(text), Scalar::Str(_))
        || matches!(
            text,
            "y" | "Y"
                | "yes"
                | "Yes"
                | "YES"
                | "n"
                | "N"
                | "no"
                | "No"
                | "NO"
                | "on"
                | "On"
                | "ON"
                | "off"
                | "Off"
                | "OFF"
        );
    match single_quoted(text) {
        Some(q) if !looks_typed => q,
        _ => double_quoted(text),
    }
}

/// A literal (`|`) or folded (`>`) block for `text`, or `None` when a block cannot carry it
/// exactly (leading spaces, whitespace-only lines, control characters).
fn block_scalar(text: &str, indent: usize, folded: bool, header_rest: &str) -> Option<String> {
    let body = text.trim_end_matches('\n');
    let trailing = text.len() - body.len();
    let lines: Vec<&str> = body.split('\n').collect();
    // The first non-empty line sets the block's indentation: it may not start with blanks.
    let first_line = lines.iter().find(|l| !l.is_empty());
    let representable = !body.is_empty()
        && !first_line.is_some_and(|l| l.starts_with([' ', '\t']))
        // What YAML cannot hold as is (controls, a byte order mark) must be escaped.
        && !body.chars().any(|c| unprintable(c) && c != '\n' && c != '\t')
        && (!folded || lines.iter().all(|l| !l.is_empty()))
        && lines.iter().all(|l| l.is_empty() || !l.trim().is_empty())
        && !(folded && lines.iter().any(|l| l.starts_with([' ', '\t'])));
    if !representable {
        return None;
    }
    let chomp = match trailing {
        0 => "-",
        1 => "",
        _ => "+",
    };
    let pad = " ".repeat(indent);
    let mut out = format!("{}{chomp}{header_rest}", if folded { '>' } else { '|' });
    for (i, line) in lines.iter().enumerate() {
        if folded && i > 0 {
            out.push('\n'); // a blank line folds back into one newline
        }
        out.push('\n');
        if !line.is_empty() {
            out.push_str(&pad);
            out.push_str(line);
        }
    }
    out.push_str(&"\n".repeat(trailing.saturating_sub(1)));
    Some(out)
}

/// A one-line flow rendering of a collection (used for expanded aliases).
pub(super) fn flow(node: &Node) -> String {
    match &node.value {
        Value::Map(entries) => {
            let parts: Vec<String> = entries
                .iter()
                .filter_map(|e| match e {
                    Entry::Pair(k, n) => Some(format!("{}: {}", flow_key(k), flow(n))),
                    Entry::Comment(_) => None,
                })
                .collect();
            format!("{{{}}}", parts.join(", "))
        }
        Value::List(items) => {
            let parts: Vec<String> = items
                .iter()
                .filter(|n| !matches!(n.value, Value::Comment(_)))
                .map(flow)
                .collect();
            format!("[{}]", parts.join(", "))
        }
        Value::Scalar(s) => render_scalar(s, Style::FlowPlain, 0, ""),
        Value::Comment(_) => String::new(),
    }
}

fn flow_key(k: &str) -> String {
    if can_be_plain(k, true) {
        k.to_string()
    } else {
        double_quoted(k)
    }
}

fn block_key(k: &str) -> String {
    if can_be_plain(k, false) {
        k.to_string()
    } else {
        double_quoted(k)
    }
}

/// The comments in a text the writer removes (a root null's `&a # note\n~`), each on a
/// line of its own, so that removing the text keeps them.
fn comments_of(text: &str) -> String {
    text.lines()
        .filter_map(|line| line.get(without_comment(line).len()..))
        .filter(|comment| !comment.is_empty())
        .map(|comment| format!("{comment}\n"))
        .collect()
}

/// The whole lines of the old metadata entry, plus the newline the writer added before it
/// when the document did not end with one.
fn metadata_removal(src: &str, range: &Range<usize>) -> Range<usize> {
    let ends_without_newline = range.end == src.len() && !src.ends_with('\n');
    if ends_without_newline && range.start > 0 && src.as_bytes()[range.start - 1] == b'\n' {
        range.start - 1..range.end
    } else {
        range.clone()
    }
}

/// The column of a document's root map keys: a root map may be indented as a whole, and
/// the metadata entry must line up with its keys (its first key's, not its anchor's or
/// tag's, which may stand indented on a line of their own: ` &a\nkey: v`).
fn root_column(src: &str, layout: &Layout, root: &Node) -> usize {
    let Some(origin) = root.origin.as_ref().map(|o| o.span.start) else {
        return 0;
    };
    let start = layout
        .collections
        .get(&origin)
        .and_then(|c| c.items.first())
        .map_or(origin, |first| first.head);
    let line = line_start(src, start);
    let before = &src[line..start];
    if before.bytes().all(|b| b == b' ') {
        before.len()
    } else {
        0
    }
}

/// The `sops:` block inserted at `at`, beginning on a new line, its key at `column`.
fn metadata_block(
    src: &str,
    at: usize,
    meta: &serde_json::Value,
    column: usize,
    indent: usize,
) -> String {
    let node = Node::from_json(meta);
    let mut out = String::new();
    emit_entry(&mut out, METADATA_KEY, &node, column, indent.max(1));
    let at_line_start = at == 0 || src[..at].ends_with('\n');
    if at_line_start {
        out
    } else {
        // No newline at the end of the file: keep it that way after the block.
        format!("\n{}", out.trim_end_matches('\n'))
    }
}

/// Writes trees as block YAML, one document each, like sops (4-space indentation).
pub fn emit_fresh(
    branches: &[Node],
    metadata: Option<&serde_json::Value>,
) -> Result<Vec<u8>, StoreError> {
    let meta = metadata.map(Node::from_json);
    let mut out = String::new();
    for (i, branch) in branches.iter().enumerate() {
        if i > 0 {
            out.push_str("---\n");
        }
        if let Value::Map(entries) = &branch.value {
            emit_entries(&mut out, entries, 0, FRESH_INDENT);
            let keyless = !entries.iter().any(|e| matches!(e, Entry::Pair(..)));
            if keyless && meta.is_none() {
                // Comments alone would read back as no document: an empty map, as sops
                // writes it.
                out.push_str("{}\n");
            }
        }
        if let Some(meta) = &meta {
            emit_entry(&mut out, METADATA_KEY, meta, 0, FRESH_INDENT);
        }
    }
    Ok(out.into_bytes())
}

/// YAML limits an implicit key to 1024 characters as written.
const MAX_KEY_CHARS: usize = 1024;

/// Writes `key:` at column `indent`. A key longer than YAML allows for an implicit key is
/// written as an explicit one (`? key` then `:` on the next line), which yaml.v3 (sops)
/// reads as well.
fn emit_key(out: &mut String, key: &str, indent: usize) {
    let written = block_key(key);
    out.push_str(&" ".repeat(indent));
    if written.chars().count() > MAX_KEY_CHARS {
        out.push_str("? ");
        out.push_str(&written);
        out.push('\n');
        out.push_str(&" ".repeat(indent));
    } else {
        out.push_str(&written);
    }
    out.push(':');
}

pub(super) fn emit_entries(out: &mut String, entries: &[Entry], indent: usize, unit: usize) {
    emit_entries_at(out, entries, indent, indent, unit);
}

/// Entries with keys at column `indent` whose nested content is indented from `base`: the
/// key column, except in a map that is a sequence item (`- key: v`), where yaml.v3 indents
/// from the dash.
fn emit_entries_at(out: &mut String, entries: &[Entry], indent: usize, base: usize, unit: usize) {
    for e in entries {
        match e {
            Entry::Pair(k, n) => {
                emit_key(out, k, indent);
                emit_value(out, n, base, unit);
            }
            Entry::Comment(n) => {
                if let Value::Comment(t) = &n.value {
                    out.push_str(&format!("{}#{}\n", " ".repeat(indent), comment_text(t)));
                }
            }
        }
    }
}

pub(super) fn emit_entry(out: &mut String, key: &str, node: &Node, indent: usize, unit: usize) {
    emit_key(out, key, indent);
    emit_value(out, node, indent, unit);
}

/// Writes what follows `key:` or `-`.
pub(super) fn emit_value(out: &mut String, node: &Node, indent: usize, unit: usize) {
    match &node.value {
        Value::Map(entries) if entries.iter().any(|e| matches!(e, Entry::Pair(..))) => {
            out.push('\n');
            emit_entries(out, entries, indent + unit, unit);
        }
        Value::Map(_) => out.push_str(" {}\n"),
        Value::List(items) if items.iter().any(|n| !matches!(n.value, Value::Comment(_))) => {
            out.push('\n');
            emit_items(out, items, indent + unit, unit);
        }
        Value::List(_) => out.push_str(" []\n"),
        Value::Scalar(s) => {
            let multiline = matches!(s, Scalar::Str(t) if t.contains('\n'));
            let style = if multiline {
                Style::Literal {
                    indent: indent + unit,
                }
            } else {
                Style::Plain
            };
            out.push(' ');
            out.push_str(&render_scalar(s, style, indent, ""));
            out.push('\n');
        }
        Value::Comment(_) => out.push('\n'),
    }
}

pub(super) fn emit_items(out: &mut String, items: &[Node], indent: usize, unit: usize) {
    for item in items {
        match &item.value {
            Value::Comment(t) => {
                out.push_str(&format!("{}#{}\n", " ".repeat(indent), comment_text(t)))
            }
            Value::Map(entries) if entries.iter().any(|e| matches!(e, Entry::Pair(..))) => {
                let mut inner = String::new();
                // yaml.v3 (4 spaces) indents an item map's content from the dash; narrower
                // units would put it left of the keys.
                let base = if unit > 2 { indent } else { indent + 2 };
                emit_entries_at(&mut inner, entries, indent + 2, base, unit);
                out.push_str(&" ".repeat(indent));
                out.push_str("- ");
                out.push_str(&inner[indent + 2..]);
            }
            _ => {
                out.push_str(&" ".repeat(indent));
                out.push('-');
                emit_value(out, item, indent, unit);
            }
        }
    }
}
