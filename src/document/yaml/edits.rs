//! Which bytes of a YAML source change when a tree read from it is written back: changed
//! leaves are re-rendered in place, items removed from a collection take their lines with
//! them, new items are written as fresh lines after the last item that stayed, and a value
//! whose kind changed (scalar ↔ collection) is replaced whole. Everything else is kept.

use std::ops::Range;

use super::emit::{emit_entries, emit_entry, emit_items, emit_value, flow, render_leaf};
use super::{Collection, Item, Layout, YAML_SPACE, is_yaml_blank, line_end_inclusive, line_start};
use crate::document::{Entry, Node, StoreError, Value};

/// One replacement of source bytes.
pub type Edit = (Range<usize>, String);

/// Collects the edits of one document.
pub struct Edits<'a> {
    src: &'a str,
    layout: &'a Layout,
    /// The document's indentation step, for fresh lines.
    unit: usize,
    expand_aliases: bool,
    pub edits: Vec<Edit>,
    /// Ranges removed whole: edits of comments inside them are dropped.
    removed: Vec<Range<usize>>,
}

impl<'a> Edits<'a> {
    pub fn new(src: &'a str, layout: &'a Layout, unit: usize, expand_aliases: bool) -> Self {
        Edits {
            src,
            layout,
            unit,
            expand_aliases,
            edits: Vec::new(),
            removed: Vec::new(),
        }
    }

    /// The edits, without those that fall inside a removed range.
    pub fn finish(self) -> Vec<Edit> {
        let removed = self.removed;
        self.edits
            .into_iter()
            .filter(|(r, _)| {
                !removed
                    .iter()
                    .any(|gone| gone != r && gone.start < r.end && r.start < gone.end)
            })
            .collect()
    }

    fn push(&mut self, range: Range<usize>, text: String) {
        self.edits.push((range, text));
    }

    fn remove(&mut self, range: Range<usize>, text: String) {
        self.removed.push(range.clone());
        self.edits.push((range, text));
    }

    /// Visits a node of the tree.
    /// True when `node` is a root map of the source that held no keys but `sops`.
    pub fn is_keyless_root(&self, node: &Node) -> bool {
        node.origin.as_ref().is_some_and(|o| {
            self.layout
                .collections
                .get(&o.span.start)
                .is_some_and(|c| c.root && c.items.is_empty())
        })
    }

    pub fn node(&mut self, node: &Node) -> Result<(), StoreError> {
        let Some(origin) = &node.origin else {
            return self.children(node);
        };
        let span = origin.span.clone();
        let is_collection = matches!(node.value, Value::Map(_) | Value::List(_));
        if self.src[span.clone()].starts_with('*') {
            // An alias: written out when it or what it refers to changed, so every copy
            // carries its own ciphertext.
            if self.expand_aliases || any_changed(node) {
                let text = if is_collection {
                    flow(node)
                } else {
                    render_leaf(self.src, &node.value, origin)
                };
                self.push(span, text);
            }
            return Ok(());
        }
        let collection = if span.is_empty() && !is_collection {
            None // an empty (null) value, not the collection that may start at its offset
        } else {
            self.layout.collections.get(&span.start)
        };
        match (collection, &node.value) {
            (Some(c), Value::Map(entries)) if c.map => self.map(c, node, entries),
            (Some(c), Value::List(items)) if !c.map => self.seq(c, node, items),
            // Kinds that changed are replaced by the parent; these are the leftovers.
            (Some(_), _) | (None, Value::Map(_) | Value::List(_)) => {
                if any_changed(node) {
                    self.push(span, flow(node));
                }
                Ok(())
            }
            (None, _) if node.changed => {
                self.push(span, render_leaf(self.src, &node.value, origin));
                Ok(())
            }
            (None, _) => Ok(()),
        }
    }

    fn children(&mut self, node: &Node) -> Result<(), StoreError> {
        match &node.value {
            Value::Map(entries) => entries.iter().try_for_each(|e| self.node(e.node())),
            Value::List(items) => items.iter().try_for_each(|n| self.node(n)),
            _ => Ok(()),
        }
    }

    fn map(&mut self, c: &'a Collection, node: &Node, entries: &[Entry]) -> Result<(), StoreError> {
        let current: Vec<(Option<usize>, &Node, Option<&str>)> = entries
            .iter()
            .map(|e| match e {
                Entry::Pair(k, n) => {
                    let at = c.items.iter().position(|i| i.key.as_deref() == Some(k));
                    (at, n, Some(k.as_str()))
                }
                // Comments are leaves of their own: never "new items".
                Entry::Comment(n) => (Some(usize::MAX), n, None),
            })
            .collect();
        self.collection(c, node, &current)
    }

    fn seq(&mut self, c: &'a Collection, node: &Node, items: &[Node]) -> Result<(), StoreError> {
        let current: Vec<(Option<usize>, &Node, Option<&str>)> = items
            .iter()
            .map(|n| {
                if is_list_comment(n) {
                    return (Some(usize::MAX), n, None);
                }
                let at = n
                    .origin
                    .as_ref()
                    .and_then(|o| c.items.iter().position(|i| i.value == o.span));
                let at = match n.value {
                    Value::Comment(_) if n.origin.is_some() => Some(usize::MAX),
                    _ => at,
                };
                (at, n, None)
            })
            .collect();
        self.collection(c, node, &current)
    }

    /// The common part of [`Edits::map`] and [`Edits::seq`]: `current` pairs every item of
    /// the tree with the index of its source item (`None`: new; `usize::MAX`: a comment).
    fn collection(
        &mut self,
        c: &'a Collection,
        node: &Node,
        current: &[(Option<usize>, &Node, Option<&str>)],
    ) -> Result<(), StoreError> {
        if c.items.is_empty() {
            // A root map whose only key was the `sops` metadata: nothing to splice into;
            // `emit_lossless` adds its new keys where the document ends.
            return Ok(());
        }
        let kept: Vec<usize> = current
            .iter()
            .filter_map(|(at, _, _)| at.filter(|&i| i != usize::MAX))
            .collect();
        let same = kept.len() == c.items.len() && current.iter().all(|(at, ..)| at.is_some());
        if c.flow {
            if same && kept.windows(2).all(|w| w[0] < w[1]) {
                return self.visit_items(c, current);
            }
            let span = node.origin.as_ref().map_or(0..0, |o| o.span.clone());
            self.push(span, flow(node));
            return Ok(());
        }
        let first_kept = current
            .iter()
            .position(|(at, ..)| at.is_some_and(|i| i != usize::MAX));
        let inserts_first = current
            .iter()
            .take(first_kept.unwrap_or(current.len()))
            .any(|(at, ..)| at.is_none());
        if kept.is_empty() || inserts_first {
            let empty = current.iter().all(|(at, ..)| *at == Some(usize::MAX));
            return self.rewrite_block(c, node, empty);
        }
        for i in 0..c.items.len() {
            if !kept.contains(&i) {
                let range = self.removal(c, i);
                self.remove(range, String::new());
            }
        }
        self.visit_items(c, current)?;
        self.insert_new(c, current)
    }

    /// Visits the items that stayed, replacing those whose kind changed.
    fn visit_items(
        &mut self,
        c: &Collection,
        current: &[(Option<usize>, &Node, Option<&str>)],
    ) -> Result<(), StoreError> {
        for (at, n, _) in current {
            match at {
                Some(usize::MAX) if is_list_comment(n) => self.list_comment(n)?,
                Some(i) if *i != usize::MAX && self.kind_changed(n) => {
                    self.replace_value(&c.items[*i], n, c.flow);
                }
                Some(_) => self.node(n)?,
                None => {}
            }
        }
        Ok(())
    }

    /// Writes the new items after the last source item before them.
    fn insert_new(
        &mut self,
        c: &Collection,
        current: &[(Option<usize>, &Node, Option<&str>)],
    ) -> Result<(), StoreError> {
        let column = self.column(c.items[0].head);
        let mut anchor = None;
        for (at, n, key) in current {
            match at {
                Some(i) if *i != usize::MAX => anchor = Some(&c.items[*i]),
                Some(_) => {}
                None => {
                    let after = anchor.map_or(0, |a| line_end_inclusive(self.src, a.value.end));
                    let mut text = String::new();
                    match key {
                        Some(k) => emit_entry(&mut text, k, n, column, self.unit),
                        None => emit_items(&mut text, std::slice::from_ref(*n), column, self.unit),
                    }
                    if !self.src[..after].ends_with('\n') {
                        text = format!("\n{}", text.trim_end_matches('\n'));
                    }
                    self.push(after..after, text);
                }
            }
        }
        Ok(())
    }

    /// The bytes item `i` occupies: its whole lines, or from its head to the next item's
    /// head when it shares its first line with its parent (`- key: v`).
    fn removal(&self, c: &Collection, i: usize) -> Range<usize> {
        let item = &c.items[i];
        let end = line_end_inclusive(self.src, item.value.end);
        match (self.starts_line(item.head), c.items.get(i + 1)) {
            (true, _) => line_start(self.src, item.head)..end,
            (false, Some(next)) => item.head..next.head,
            (false, None) => item.head..end,
        }
    }

    /// Writes a block collection afresh (when it lost all its items or gained one before
    /// its first): from its first item to the end of its last line.
    fn rewrite_block(
        &mut self,
        c: &Collection,
        node: &Node,
        empty: bool,
    ) -> Result<(), StoreError> {
        let first = &c.items[0];
        let last = &c.items[c.items.len() - 1];
        let starts_line = self.starts_line(first.head);
        let from = if starts_line {
            line_start(self.src, first.head)
        } else {
            first.head
        };
        let range = from..line_end_inclusive(self.src, last.value.end);
        let column = self.column(first.head);
        let mut text = String::new();
        if empty && c.root {
            // A document without keys: nothing left but (later) the metadata.
        } else if empty {
            let pad = if starts_line {
                " ".repeat(column)
            } else {
                String::new()
            };
            text = format!("{pad}{}\n", if c.map { "{}" } else { "[]" });
        } else {
            match &node.value {
                Value::Map(entries) => emit_entries(&mut text, entries, column, self.unit),
                Value::List(items) => emit_items(&mut text, items, column, self.unit),
                _ => {}
            }
            if !starts_line {
                text.drain(..column.min(text.len()));
            }
        }
        if !self.src[..range.end].ends_with('\n') {
            text.truncate(text.trim_end_matches('\n').len());
        }
        self.remove(range, text);
        Ok(())
    }

    /// True when `n` was a collection and is now a scalar or the other kind, or the reverse.
    fn kind_changed(&self, n: &Node) -> bool {
        let Some(origin) = &n.origin else {
            return false;
        };
        if self.src[origin.span.clone()].starts_with('*') {
            return false;
        }
        let is = match n.value {
            Value::Map(_) => Some(true),
            Value::List(_) => Some(false),
            _ => None,
        };
        if is.is_none() && origin.span.is_empty() {
            // An empty (null) value: its empty span may start where its parent map does.
            return false;
        }
        let was = self
            .layout
            .collections
            .get(&origin.span.start)
            .map(|c| c.map);
        was != is
    }

    /// Replaces the value of `item` by `n`, written as a fresh block (or flow) value.
    fn replace_value(&mut self, item: &Item, n: &Node, in_flow: bool) {
        let span = item.value.clone();
        if in_flow {
            self.push(span, flow(n));
            return;
        }
        let column = self.column(item.head);
        let before = self.src[..span.start].trim_end_matches(YAML_SPACE);
        let mut text = String::new();
        if before.ends_with([':', '-', '?']) {
            emit_value(&mut text, n, column, self.unit);
            let text = text.trim_end_matches('\n').to_string();
            self.push(before.len()..span.end, text);
        } else {
            // The value sits on its own line (after a comment): write it there.
            let value_column = self.column(span.start);
            match &n.value {
                Value::Map(entries) => emit_entries(&mut text, entries, value_column, self.unit),
                Value::List(items) => emit_items(&mut text, items, value_column, self.unit),
                _ => emit_value(&mut text, n, column, self.unit),
            }
            let trimmed = text.trim_start().trim_end_matches('\n').to_string();
            self.push(span, trimmed);
        }
    }

    fn list_comment(&mut self, item: &Node) -> Result<(), StoreError> {
        let origin = item
            .origin
            .as_ref()
            .ok_or_else(|| StoreError::whole("list comment without origin"))?;
        let Value::Comment(text) = &item.value else {
            return Ok(());
        };
        if self.src[origin.span.clone()].starts_with('#') {
            self.push(origin.span.clone(), format!("#{text}"));
            return Ok(());
        }
        // `- ENC[...type:comment]`: replace from the dash.
        let dash = self.src[..origin.span.start]
            .rfind('-')
            .unwrap_or(origin.span.start);
        self.push(dash..origin.span.end, format!("#{text}"));
        Ok(())
    }

    fn starts_line(&self, at: usize) -> bool {
        is_yaml_blank(&self.src[line_start(self.src, at)..at])
    }

    /// The column of byte `at` (counted in bytes: YAML indentation is spaces).
    fn column(&self, at: usize) -> usize {
        at - line_start(self.src, at)
    }
}

pub fn any_changed(node: &Node) -> bool {
    node.changed
        || match &node.value {
            Value::Map(entries) => entries.iter().any(|e| any_changed(e.node())),
            Value::List(items) => items.iter().any(any_changed),
            _ => false,
        }
}

/// A comment that sops stored as an encrypted list item and that now decrypted to a comment.
fn is_list_comment(item: &Node) -> bool {
    item.changed && matches!(item.value, Value::Comment(_)) && item.origin.is_some()
}
