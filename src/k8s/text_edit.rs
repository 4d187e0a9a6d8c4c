//! Edits to the text of a config file by position, so a rotation changes only the lines of
//! the keys it adds, moves or removes: comments, order and layout stay as written (and in a
//! sealed file, every other value keeps its ciphertext).

use std::ops::Range;

use crate::document::{Document, Entry, Format, Node, Value};

/// One item of a list in the source: its text range and the ranges of its scalar fields.
#[derive(Clone, Debug)]
pub struct Item {
    pub range: Range<usize>,
    pub fields: Vec<(String, Range<usize>)>,
}

/// The `keys` list of provider `kind` in `resources[entry].providers[provider]`.
pub fn keys_node<'d>(
    doc: &'d Document,
    entry: usize,
    provider: usize,
    kind: &str,
) -> Option<&'d Node> {
    let root = doc.branches.first()?;
    let entry = items(root.get("resources")?).nth(entry)?;
    let provider = items(entry.get("providers")?).nth(provider)?;
    provider.get(kind)?.get("keys")
}

fn items(node: &Node) -> impl Iterator<Item = &Node> {
    let list: &[Node] = match &node.value {
        Value::List(items) => items,
        _ => &[],
    };
    list.iter()
        .filter(|n| !matches!(n.value, Value::Comment(_)))
}

/// The items of a list of flat maps, located in `doc.source`. `None` when an item has no
/// located field or items share a line in YAML (flow style), which these edits do not handle.
pub fn list_items(doc: &Document, list: &Node) -> Option<Vec<Item>> {
    let src = std::str::from_utf8(&doc.source).ok()?;
    let mut out: Vec<Item> = Vec::new();
    for node in items(list) {
        let Value::Map(entries) = &node.value else {
            return None;
        };
        let fields: Vec<(String, Range<usize>)> = entries
            .iter()
            .filter_map(|e| match e {
                Entry::Pair(k, n) => n.origin.as_ref().map(|o| (k.clone(), o.span.clone())),
                Entry::Comment(_) => None,
            })
            .collect();
        let start = fields.iter().map(|(_, r)| r.start).min()?;
        let end = fields.iter().map(|(_, r)| r.end).max()?;
        let range = match doc.format {
            Format::Json => json_object(src, start, end)?,
            _ => yaml_item(src, start, end)?,
        };
        if out.last().is_some_and(|prev| prev.range.end > range.start) {
            return None;
        }
        out.push(Item { range, fields });
    }
    Some(out)
}

/// The whole lines of a block-sequence item, from its dash to the end of its last line.
fn yaml_item(src: &str, start: usize, end: usize) -> Option<Range<usize>> {
    let line_start = src[..start].rfind('\n').map_or(0, |i| i + 1);
    let lead = &src[line_start..start];
    let from = if lead.trim_start().starts_with("- ") {
        line_start
    } else {
        // `-` alone on the line before.
        let prev_start = src[..line_start.checked_sub(1)?]
            .rfind('\n')
            .map_or(0, |i| i + 1);
        (src[prev_start..line_start].trim() == "-").then_some(prev_start)?
    };
    // Item text before the first field must be only the dash and the field's key.
    if lead.contains(['{', '[']) {
        return None;
    }
    let to = src[end..].find('\n').map_or(src.len(), |i| end + i + 1);
    Some(from..to)
}

/// The `{...}` around a JSON object's fields.
fn json_object(src: &str, start: usize, end: usize) -> Option<Range<usize>> {
    let open = src[..start].rfind('{')?;
    let close = end + src[end..].find('}')?;
    Some(open..close + 1)
}

/// The text between two neighbouring items, or a separator in the file's style.
pub fn separator(src: &str, format: Format, items: &[Item]) -> String {
    if let [a, b, ..] = items {
        return src[a.range.end..b.range.start].to_string();
    }
    match (format, items.first()) {
        (Format::Json, Some(a)) => {
            let line_start = src[..a.range.start].rfind('\n').map_or(0, |i| i + 1);
            let indent = &src[line_start..a.range.start];
            if indent.trim().is_empty() {
                format!(",\n{indent}")
            } else {
                ",".to_string()
            }
        }
        _ => String::new(),
    }
}

/// A copy of `item`'s text with some fields' values replaced (kept in the quoting style
/// they were written in).
pub fn item_with(src: &str, item: &Item, values: &[(&str, &str)]) -> String {
    let mut edits = Vec::new();
    for (field, value) in values {
        if let Some((_, r)) = item.fields.iter().find(|(k, _)| k == field) {
            let rel = r.start - item.range.start..r.end - item.range.start;
            edits.push((rel, quoted_like(&src[r.clone()], value)));
        }
    }
    apply(&src[item.range.clone()], edits)
}

fn quoted_like(original: &str, value: &str) -> String {
    if original.starts_with('"') {
        serde_json::Value::String(value.to_string()).to_string()
    } else if original.starts_with('\'') {
        format!("'{}'", value.replace('\'', "''"))
    } else {
        value.to_string()
    }
}

/// Applies non-overlapping edits to `src`.
pub fn apply(src: &str, mut edits: Vec<(Range<usize>, String)>) -> String {
    edits.sort_by_key(|(r, _)| (r.start, r.end));
    let mut out = String::with_capacity(src.len());
    let mut at = 0;
    for (r, text) in edits {
        out.push_str(&src[at..r.start]);
        out.push_str(&text);
        at = r.end;
    }
    out.push_str(&src[at..]);
    out
}
