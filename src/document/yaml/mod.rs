//! The YAML store: parses a (multi-document) YAML stream into trees whose leaves remember
//! their byte spans and styles, finds comments between them, and writes the file back by
//! splicing only what changed (see [`emit`]). Reading follows yaml.v3 (what sops uses):
//! plain scalars resolve to null/bool/int/float/timestamp/string the same way, duplicate
//! keys are refused, and each document's root must be a mapping.

mod edits;
mod emit;
mod events;
mod scalars;

pub use emit::{emit_fresh, emit_lossless};

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use saphyr_parser::{Event, ScalarStyle, Tag};

use super::{Entry, Node, Origin, Parsed, Scalar, StoreError, Style, Value};
use events::{Comment, Container, Ev};

/// What the emitter needs to rewrite each document of the source.
#[derive(Clone, Debug, Default)]
pub struct Layout {
    pub docs: Vec<DocLayout>,
    /// Set when some document's root is a flow mapping (`{...}`): written fresh instead.
    pub flow_root: bool,
    /// True when the stream uses anchors and aliases.
    pub has_aliases: bool,
    /// Every collection of the source by the start of its span (its node's origin), so the
    /// emitter can tell which items were removed or added.
    pub collections: HashMap<usize, Collection>,
}

/// A mapping or sequence as the source had it.
#[derive(Clone, Debug)]
pub struct Collection {
    pub flow: bool,
    /// A mapping (else a sequence).
    pub map: bool,
    /// The root mapping of a document.
    pub root: bool,
    pub items: Vec<Item>,
}

/// One entry of a source collection.
#[derive(Clone, Debug)]
pub struct Item {
    /// The key (mappings only).
    pub key: Option<String>,
    /// Where the item begins: its key, or its `-` in a block sequence.
    pub head: usize,
    /// The value's span (its node's origin): a leaf, or a collection up to its last leaf.
    pub value: Range<usize>,
}

#[derive(Clone, Debug, Default)]
pub struct DocLayout {
    /// Where a metadata block is inserted: the end of the document's content.
    pub insert_at: usize,
    /// The existing top-level `sops` entry, whole lines.
    pub metadata: Option<Range<usize>>,
    /// Indentation unit used by this document (for the metadata block).
    pub indent: usize,
    /// A root written as a null scalar (`~`, `null`): read as an empty map, and removed
    /// when keys or metadata are written into the document.
    pub null_root: Option<Range<usize>>,
}

/// The top-level key that holds sops metadata.
pub const METADATA_KEY: &str = "sops";

pub fn parse(src: &[u8]) -> Result<Parsed, StoreError> {
    let text = std::str::from_utf8(src)
        .map_err(|e| StoreError::at(e.valid_up_to(), "the file is not valid UTF-8"))?;
    if let Some(at) = lone_carriage_return(text) {
        return Err(StoreError::at(
            at,
            "a line ends with a lone carriage return (old Mac style), which hush does not \
             read; convert the line breaks to \\n or \\r\\n",
        ));
    }
    if let Some((at, c)) = control_character(text) {
        return Err(StoreError::at(
            at,
            format!(
                "the file holds a control character (U+{:04X}), which YAML does not allow \
                 (sops refuses it too): write it as an escape in a double-quoted string \
                 (\"\\u{:04X}\") or remove it",
                u32::from(c),
                u32::from(c)
            ),
        ));
    }
    let evs = events::collect(text)?;
    let comments = events::scan_comments(text, &evs);
    let containers = events::containers(text, &evs);
    let assigned = events::assign_comments(&comments, &containers, &evs);
    let mut builder = Builder {
        src: text,
        evs: &evs,
        pos: 0,
        containers: &containers,
        comments: assigned,
        anchors: HashMap::new(),
        expanded: 0,
        last_end: 0,
        has_aliases: false,
        collections: HashMap::new(),
    };
    builder.stream()
}

/// The offset of the first `\r` not followed by `\n`: a line break of its own for YAML,
/// where every position and line of hush's lossless writer is counted by `\n`.
fn lone_carriage_return(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    bytes
        .iter()
        .enumerate()
        .find(|&(i, &b)| b == b'\r' && bytes.get(i + 1) != Some(&b'\n'))
        .map(|(i, _)| i)
}

/// The first character YAML does not allow in a stream, with its offset: a control
/// character other than tab, line breaks and NEL, or U+FFFE/U+FFFF. The parser takes them
/// as content (even into an anchor's name); yaml.v3, and so sops, refuses them.
fn control_character(text: &str) -> Option<(usize, char)> {
    text.char_indices().find(|&(_, c)| {
        (c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\u{85}'))
            || matches!(c, '\u{fffe}' | '\u{ffff}')
    })
}

/// The most nodes that aliases may copy in one stream: far above what hand-written anchors
/// produce, far below what exhausts memory (each alias is expanded into a copy).
pub const ALIAS_EXPANSION_LIMIT: usize = 100_000;

struct Builder<'a> {
    src: &'a str,
    evs: &'a [Ev<'a>],
    pos: usize,
    containers: &'a [Container],
    /// Comments per container index (by the container's first event index).
    comments: HashMap<usize, Vec<&'a Comment>>,
    /// Anchored nodes with their number of nodes.
    anchors: HashMap<usize, (Node, usize)>,
    /// Nodes copied so far by aliases, bounded by [`ALIAS_EXPANSION_LIMIT`].
    expanded: usize,
    /// End of the last leaf consumed, to find where an entry's value ends.
    last_end: usize,
    has_aliases: bool,
    collections: HashMap<usize, Collection>,
}

impl<'a> Builder<'a> {
    fn next(&mut self) -> Result<&'a Ev<'a>, StoreError> {
        let ev = self
            .evs
            .get(self.pos)
            .ok_or_else(|| StoreError::whole("unexpected end of the YAML stream"))?;
        self.pos += 1;
        Ok(ev)
    }

    fn peek(&self) -> Option<&'a Ev<'a>> {
        self.evs.get(self.pos)
    }

    fn stream(&mut self) -> Result<Parsed, StoreError> {
        let mut branches = Vec::new();
        let mut layout = Layout::default();
        let mut metadata = None;
        while let Some(ev) = self.peek() {
            match ev.event {
                Event::DocumentStart(_) => {
                    let (root, doc, meta) = self.document()?;
                    layout.flow_root |= doc.1;
                    if metadata.is_none() {
                        metadata = meta;
                    }
                    branches.push(root);
                    layout.docs.push(doc.0);
                }
                _ => {
                    self.pos += 1;
                }
            }
        }
        if branches.is_empty() || is_yaml_blank(self.src) {
            return Err(StoreError::whole("the file is empty"));
        }
        layout.has_aliases = self.has_aliases;
        layout.collections = std::mem::take(&mut self.collections);
        Ok(Parsed {
            branches,
            metadata,
            layout: super::Layout::Yaml(layout),
        })
    }

    /// One document: its root map, its layout (and whether the root is a flow map), and
    /// the metadata it carried.
    #[allow(clippy::type_complexity)]
    fn document(
        &mut self,
    ) -> Result<(Node, (DocLayout, bool), Option<serde_json::Value>), StoreError> {
        let start_ev = self.pos;
        self.next()?; // DocumentStart
        let mut root = match self.peek().map(|e| &e.event) {
            Some(Event::DocumentEnd) | None => {
                let mut node = Node::map(Vec::new());
                self.attach_orphans(start_ev, &mut node);
                node
            }
            _ => self.node(false)?,
        };
        let end = self.next()?; // DocumentEnd
        let null_root = match &root.value {
            Value::Scalar(Scalar::Null) => root
                .origin
                .as_ref()
                .map(|o| o.span.clone())
                // An empty document's implicit null may be given the span of what follows.
                .filter(|span| is_written_null(&self.src[span.clone()])),
            _ => None,
        };
        let flow_root = match &root.value {
            Value::Map(_) => false,
            Value::Scalar(Scalar::Null) => {
                root = Node::map(Vec::new());
                self.attach_orphans(start_ev, &mut root);
                false
            }
            Value::Scalar(_) => {
                return Err(StoreError::at(
                    self.evs[start_ev + 1].start,
                    "a YAML document must be a mapping (key: value pairs), not a scalar",
                ));
            }
            Value::List(_) => {
                return Err(StoreError::at(
                    self.evs[start_ev + 1].start,
                    "a YAML document must be a mapping (key: value pairs), not a sequence",
                ));
            }
            Value::Comment(_) => false,
        };
        let flow_root = flow_root
            || self.evs.get(start_ev + 1).is_some_and(|e| {
                matches!(e.event, Event::MappingStart(..)) && events::opens_flow(self.src, e)
            });
        let (metadata, meta_range) = self.take_metadata(&mut root);
        if let Some(c) = root
            .origin
            .as_ref()
            .and_then(|o| self.collections.get_mut(&o.span.start))
        {
            c.root = true;
        }
        let layout = DocLayout {
            insert_at: end.start,
            metadata: meta_range,
            indent: self.indent_unit(start_ev),
            null_root,
        };
        Ok((root, (layout, flow_root), metadata))
    }

    /// Comments of a document without a root mapping are given to an empty root map.
    fn attach_orphans(&mut self, doc_ev: usize, root: &mut Node) {
        if let (Some(list), Value::Map(entries)) = (self.comments.remove(&doc_ev), &mut root.value)
        {
            entries.extend(list.into_iter().map(|c| Entry::Comment(comment_node(c))));
        }
    }

    fn take_metadata(
        &mut self,
        root: &mut Node,
    ) -> (Option<serde_json::Value>, Option<Range<usize>>) {
        let Value::Map(entries) = &mut root.value else {
            return (None, None);
        };
        let Some(i) = entries
            .iter()
            .position(|e| matches!(e, Entry::Pair(k, _) if k == METADATA_KEY))
        else {
            return (None, None);
        };
        let Entry::Pair(_, node) = entries.remove(i) else {
            return (None, None);
        };
        let range = node.origin.as_ref().map(|o| o.span.clone());
        if let Some(c) = root
            .origin
            .as_ref()
            .and_then(|o| self.collections.get_mut(&o.span.start))
        {
            c.items
                .retain(|item| item.key.as_deref() != Some(METADATA_KEY));
        }
        (Some(node.to_json()), range)
    }

    /// The indentation step of the first nested block collection of the document.
    fn indent_unit(&self, doc_ev: usize) -> usize {
        let doc_end = self.pos;
        self.containers
            .iter()
            .filter(|c| c.event > doc_ev && c.event < doc_end && c.depth == 1 && !c.flow)
            .find_map(|c| {
                let parent = self
                    .containers
                    .iter()
                    .find(|p| p.depth == 0 && p.event > doc_ev && p.event < c.event)?;
                c.column.checked_sub(parent.column).filter(|&d| d > 0)
            })
            .unwrap_or(2)
    }

    fn node(&mut self, flow: bool) -> Result<Node, StoreError> {
        let ev_index = self.pos;
        let ev = self.next()?;
        match &ev.event {
            Event::Scalar(value, style, anchor, tag) => {
                let node = self.scalar(ev, value, *style, tag.as_deref(), flow);
                self.last_end = self.last_end.max(ev.leaf.end);
                self.remember(*anchor, &node);
                Ok(node)
            }
            Event::MappingStart(anchor, _) => {
                // A map is flow when it has braces or sits in a flow sequence (`[a: 1]`).
                let flow = flow || events::opens_flow(self.src, ev);
                let (node, items) = self.mapping(ev_index, flow)?;
                let node = self.record(ev.start, node, items, flow, true);
                self.remember(*anchor, &node);
                Ok(node)
            }
            Event::SequenceStart(anchor, _) => {
                let own_flow = events::opens_flow(self.src, ev);
                let (node, items) = self.sequence(ev_index, flow || own_flow)?;
                // A block sequence begins at its first item's dash. The parser reports an
                // indentless one (`key:\n- a`) at that item's content, where the item's own
                // collection may start (`key:\n- - a` reports both sequences at the second
                // dash), and an anchored one at its anchor (`key: &a\n- a`).
                let first_head = items.first().map(|i| i.head);
                let start = match (own_flow, first_head) {
                    (true, _) => ev.start,
                    (false, Some(head)) if self.src[ev.start..].starts_with('-') => {
                        head.min(ev.start)
                    }
                    (false, Some(head)) => head,
                    (false, None) => dash_before(self.src, ev.start),
                };
                let node = self.record(start, node, items, own_flow, false);
                self.remember(*anchor, &node);
                Ok(node)
            }
            Event::Alias(id) => {
                self.has_aliases = true;
                let (anchored, size) = self
                    .anchors
                    .get(id)
                    .ok_or_else(|| StoreError::at(ev.start, "alias to an unknown anchor"))?;
                self.expanded = self.expanded.saturating_add(*size);
                if self.expanded > ALIAS_EXPANSION_LIMIT {
                    return Err(StoreError::at(
                        ev.start,
                        format!(
                            "aliases expand to more than {ALIAS_EXPANSION_LIMIT} values (a \
                             \"billion laughs\" document?); write the values out or use fewer \
                             aliases"
                        ),
                    ));
                }
                let mut copy = anchored.clone();
                strip_origins(&mut copy);
                copy.origin = Some(Origin {
                    span: ev.start..ev.end,
                    style: Style::Plain,
                });
                self.last_end = self.last_end.max(ev.end);
                Ok(copy)
            }
            _ => Err(StoreError::at(ev.start, "unexpected YAML structure")),
        }
    }

    /// Gives a collection its span as origin and records its items for the emitter. A flow
    /// collection ends at its closing bracket, a block one at its last leaf.
    fn record(
        &mut self,
        start: usize,
        mut node: Node,
        items: Vec<Item>,
        flow: bool,
        map: bool,
    ) -> Node {
        if flow && let Some(end) = self.pos.checked_sub(1).map(|i| self.evs[i].end) {
            self.last_end = self.last_end.max(end);
        }
        let end = self.last_end.max(start);
        node.origin = Some(Origin {
            span: start..end,
            style: Style::Plain,
        });
        self.collections.insert(
            start,
            Collection {
                flow,
                map,
                root: false,
                items,
            },
        );
        node
    }

    fn remember(&mut self, anchor: usize, node: &Node) {
        if anchor != 0 {
            self.anchors
                .insert(anchor, (node.clone(), node_count(node)));
        }
    }

    fn scalar(
        &self,
        ev: &Ev,
        value: &str,
        style: ScalarStyle,
        tag: Option<&Tag>,
        flow: bool,
    ) -> Node {
        let column = ev.content_start - line_start(self.src, ev.content_start);
        let str_tag = tag.is_some_and(events::is_str_tag);
        let origin_style = match style {
            ScalarStyle::Plain if flow => Style::FlowPlain,
            ScalarStyle::DoubleQuoted if flow && str_tag => Style::FlowPlain,
            ScalarStyle::Plain => Style::Plain,
            ScalarStyle::SingleQuoted => Style::SingleQuoted,
            ScalarStyle::DoubleQuoted => Style::DoubleQuoted,
            ScalarStyle::Literal => Style::Literal { indent: column },
            ScalarStyle::Folded => Style::Folded { indent: column },
        };
        let scalar = match (style, tag) {
            (ScalarStyle::Plain, None) => scalars::resolve_plain(value),
            (_, Some(t))
                if t.is_yaml_core_schema()
                    && matches!(
                        t.suffix.as_str(),
                        "int" | "float" | "bool" | "null" | "timestamp"
                    ) =>
            {
                scalars::resolve_plain(value)
            }
            _ => Scalar::Str(value.to_string()),
        };
        Node::with_origin(
            Value::Scalar(scalar),
            Origin {
                span: ev.leaf.clone(),
                style: origin_style,
            },
        )
    }

    /// The comments assigned to the collection that starts at event `ev_index`, in order.
    fn take_comments(
        &mut self,
        ev_index: usize,
    ) -> std::iter::Peekable<std::vec::IntoIter<&'a Comment>> {
        self.comments
            .remove(&ev_index)
            .unwrap_or_default()
            .into_iter()
            .peekable()
    }

    fn mapping(&mut self, ev_index: usize, flow: bool) -> Result<(Node, Vec<Item>), StoreError> {
        let start = self.evs[ev_index].start;
        // Only a document's root map holds the metadata; a nested `sops` key is data.
        let root = ev_index
            .checked_sub(1)
            .is_some_and(|i| matches!(self.evs[i].event, Event::DocumentStart(..)));
        let mut comments = self.take_comments(ev_index);
        let mut entries = Vec::new();
        let mut items = Vec::new();
        let mut seen = HashSet::new();
        // Where the previous entry (or, before the first, the map) ended: an explicit
        // key's `?` stands between there and the key.
        let mut entry_from = start;
        loop {
            let ev = self
                .peek()
                .ok_or_else(|| StoreError::at(start, "unterminated mapping"))?;
            if matches!(ev.event, Event::MappingEnd) {
                self.pos += 1;
                break;
            }
            let key_ev = self.next()?;
            let key = match &key_ev.event {
                Event::Scalar(k, ..) => k.to_string(),
                _ => {
                    return Err(StoreError::at(
                        key_ev.start,
                        "only scalar mapping keys are supported",
                    ));
                }
            };
            if !flow && let Some(tab) = tab_indentation(self.src, key_ev.start) {
                return Err(StoreError::at(
                    tab,
                    "a tab indents this key; YAML indents with spaces (sops refuses tabs here \
                     too): replace the tab with spaces",
                ));
            }
            while let Some(c) = comments.next_if(|c| c.start < key_ev.start) {
                entries.push(Entry::Comment(comment_node(c)));
            }
            if !seen.insert(key.clone()) {
                return Err(StoreError::at(
                    key_ev.start,
                    format!("duplicate key `{key}`"),
                ));
            }
            let head = if flow {
                key_ev.start
            } else {
                explicit_key_indicator(self.src, entry_from, key_ev.start).unwrap_or(key_ev.start)
            };
            let mut value = self.node(flow)?;
            if root && key == METADATA_KEY {
                // Remember the whole lines of the entry so the emitter can remove it.
                let from = line_start(self.src, head);
                let to = line_end_inclusive(self.src, self.last_end);
                value.origin = Some(Origin {
                    span: from..to,
                    style: Style::Plain,
                });
            }
            entry_from = self.last_end;
            items.push(Item {
                key: Some(key.clone()),
                head,
                value: value
                    .origin
                    .as_ref()
                    .map_or(key_ev.end..self.last_end, |o| o.span.clone()),
            });
            entries.push(Entry::Pair(key, value));
        }
        entries.extend(comments.map(|c| Entry::Comment(comment_node(c))));
        Ok((Node::map(entries), items))
    }

    fn sequence(&mut self, ev_index: usize, flow: bool) -> Result<(Node, Vec<Item>), StoreError> {
        let start = self.evs[ev_index].start;
        let mut comments = self.take_comments(ev_index);
        let mut items = Vec::new();
        let mut recorded = Vec::new();
        loop {
            let ev = self
                .peek()
                .ok_or_else(|| StoreError::at(start, "unterminated sequence"))?;
            if matches!(ev.event, Event::SequenceEnd) {
                self.pos += 1;
                break;
            }
            while let Some(c) = comments.next_if(|c| c.start < ev.start) {
                items.push(comment_node(c));
            }
            let head = if flow {
                ev.start
            } else {
                dash_before(self.src, ev.start)
            };
            let item = self.node(flow)?;
            recorded.push(Item {
                key: None,
                head,
                value: item
                    .origin
                    .as_ref()
                    .map_or(ev.start..ev.end, |o| o.span.clone()),
            });
            items.push(item);
        }
        items.extend(comments.map(comment_node));
        Ok((Node::new(Value::List(items)), recorded))
    }
}

fn comment_node(c: &Comment) -> Node {
    Node::with_origin(
        Value::Comment(c.text.clone()),
        Origin {
            span: c.start..c.end,
            style: Style::Plain,
        },
    )
}

/// How many nodes a tree has (itself included).
fn node_count(node: &Node) -> usize {
    1 + match &node.value {
        Value::Map(entries) => entries
            .iter()
            .map(|e| match e {
                Entry::Pair(_, n) | Entry::Comment(n) => node_count(n),
            })
            .sum(),
        Value::List(items) => items.iter().map(node_count).sum(),
        _ => 0,
    }
}

fn strip_origins(node: &mut Node) {
    node.origin = None;
    match &mut node.value {
        Value::Map(entries) => entries.iter_mut().for_each(|e| match e {
            Entry::Pair(_, n) | Entry::Comment(n) => strip_origins(n),
        }),
        Value::List(items) => items.iter_mut().for_each(strip_origins),
        _ => {}
    }
}

/// Whether a root null's text is a null written out (`~`, `null`), after its anchor, tag
/// and comments if it has them (`&a # note\n~`): the text the writer replaces when it
/// writes into the document.
fn is_written_null(text: &str) -> bool {
    let mut tokens = text
        .lines()
        .flat_map(|line| without_comment(line).split(YAML_SPACE))
        .filter(|t| !t.is_empty());
    let literal = tokens.next_back();
    tokens.all(|t| t.starts_with(['&', '!']))
        && literal.is_some_and(|l| matches!(l, "~" | "null" | "Null" | "NULL"))
}

/// A line without its comment (a `#` at the start or after a blank).
fn without_comment(line: &str) -> &str {
    let at = line
        .char_indices()
        .find(|&(i, c)| c == '#' && (i == 0 || line[..i].ends_with([' ', '\t'])))
        .map_or(line.len(), |(i, _)| i);
    &line[..at]
}

/// The `-` that introduces the block sequence item whose value starts at `at`.
fn dash_before(src: &str, at: usize) -> usize {
    let mut before = src[..at].trim_end_matches(YAML_SPACE);
    // Between a dash and its item's content there may be blank lines and comments
    // (`- # note\n  value`): step back over the comments.
    loop {
        if before.ends_with('-') {
            return before.len() - 1;
        }
        let last_line = before.rfind('\n').map_or(0, |p| p + 1);
        let last = &before[last_line..];
        let code = without_comment(last);
        if code.len() == last.len() {
            break;
        }
        before = before[..last_line + code.len()].trim_end_matches(YAML_SPACE);
    }
    let line = line_start(src, at);
    src[line..at].rfind('-').map_or(at, |p| line + p)
}

/// The `?` that makes the block mapping key at `key` explicit (`? key`, or a lone `?`
/// whose empty key the parser places at the next token, possibly lines later), searched
/// from `from`, where the previous entry ended. Blanks, comments, the previous entry's
/// `:` and the map's own anchor or tag may stand in between.
fn explicit_key_indicator(src: &str, from: usize, key: usize) -> Option<usize> {
    let gap = src.get(from..key)?;
    let mut rest = gap;
    loop {
        let trimmed = rest.trim_start_matches(YAML_SPACE);
        let at = gap.len() - trimmed.len();
        let token_end = trimmed.find(YAML_SPACE).unwrap_or(trimmed.len());
        match trimmed.chars().next()? {
            '?' if token_end == 1 => return Some(from + at),
            '#' => rest = &trimmed[trimmed.find('\n').unwrap_or(trimmed.len())..],
            // The previous key's `:` when its value is empty (the parser ends it before).
            ':' if token_end == 1 => rest = &trimmed[1..],
            '&' | '!' => rest = &trimmed[token_end..],
            _ => return None,
        }
    }
}

/// The first tab of the indentation before `at`, when only blanks precede `at` on its line
/// and one of them is a tab. The parser accepts tab-indented block keys (`\tkey: v`) that
/// yaml.v3, and so sops, refuses.
fn tab_indentation(src: &str, at: usize) -> Option<usize> {
    let line = line_start(src, at);
    let indent = &src[line..at];
    if !indent.bytes().all(|b| b == b' ' || b == b'\t') {
        return None;
    }
    indent.find('\t').map(|i| line + i)
}

/// YAML's white space: blanks (space, tab) and line breaks. Rust's `trim` and
/// `char::is_whitespace` also take other Unicode spaces and controls (`\x0b`), which YAML
/// reads as content (an anchor `&\x0b%` goes on to the `%`).
const YAML_SPACE: [char; 4] = [' ', '\t', '\r', '\n'];

/// Whether only YAML white space is in `text`.
fn is_yaml_blank(text: &str) -> bool {
    text.trim_matches(YAML_SPACE).is_empty()
}

/// Byte offset of the start of the line containing `at`.
pub(crate) fn line_start(src: &str, at: usize) -> usize {
    src[..at.min(src.len())].rfind('\n').map_or(0, |p| p + 1)
}

/// Byte offset just past the newline ending the line containing `at` (or the end of input).
pub(crate) fn line_end_inclusive(src: &str, at: usize) -> usize {
    let at = at.min(src.len());
    if at > 0 && src.as_bytes()[at - 1] == b'\n' {
        return at;
    }
    src[at..].find('\n').map_or(src.len(), |p| at + p + 1)
}

#[cfg(test)]
mod tests;
