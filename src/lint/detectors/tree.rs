//! Small read-only helpers over the document tree for the structure-aware checks: typed
//! lookups and the source span of a value (without its quotes).

use std::ops::Range;

use crate::document::{Entry, Node, Scalar, Value};

/// The string value of a scalar node.
pub fn text(node: &Node) -> Option<&str> {
    match &node.value {
        Value::Scalar(Scalar::Str(s)) => Some(s),
        _ => None,
    }
}

/// A map's string value at `key`.
pub fn str_at<'n>(node: &'n Node, key: &str) -> Option<&'n str> {
    node.get(key).and_then(text)
}

/// The key/value pairs of a map (empty for other nodes).
pub fn pairs(node: &Node) -> impl Iterator<Item = (&str, &Node)> {
    let entries: &[Entry] = match &node.value {
        Value::Map(entries) => entries,
        _ => &[],
    };
    entries.iter().filter_map(|e| match e {
        Entry::Pair(k, n) => Some((k.as_str(), n)),
        Entry::Comment(_) => None,
    })
}

/// The items of a list (empty for other nodes).
pub fn items(node: &Node) -> &[Node] {
    match &node.value {
        Value::List(items) => items,
        _ => &[],
    }
}

/// Where a value was written, without surrounding quotes.
pub fn span(src: &str, node: &Node) -> Option<Range<usize>> {
    let r = node.origin.as_ref()?.span.clone();
    let t = src.get(r.clone())?;
    let quoted = t.len() >= 2
        && ((t.starts_with('"') && t.ends_with('"')) || (t.starts_with('\'') && t.ends_with('\'')));
    Some(if quoted { r.start + 1..r.end - 1 } else { r })
}
