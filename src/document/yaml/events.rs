//! The YAML event stream with byte spans, the comments found between events, and the
//! collections that comments attach to.

use std::collections::HashMap;
use std::ops::Range;

use saphyr_parser::{Event, Parser, ScalarStyle};

use super::{YAML_SPACE, is_yaml_blank, line_start};
use crate::document::StoreError;

/// One parser event with byte offsets into the source.
pub struct Ev<'a> {
    pub event: Event<'a>,
    pub start: usize,
    pub end: usize,
    /// Where a scalar's content begins (for block scalars: the first content line).
    pub content_start: usize,
    /// The bytes a scalar's value occupies and that are replaced when it changes (block
    /// scalars: from the `|`/`>` indicator to the end of the last content line).
    pub leaf: Range<usize>,
    /// The bytes in which `#` is content, not a comment.
    pub covered: Range<usize>,
}

/// A comment: `start` is the `#`, `end` the end of its line (without `\r`).
pub struct Comment {
    pub start: usize,
    pub end: usize,
    pub text: String,
    pub column: usize,
    /// The comment follows content on its line.
    pub inline: bool,
}

/// A mapping or sequence, located in the source.
pub struct Container {
    /// Index of its start event (also its identity).
    pub event: usize,
    pub start: usize,
    /// Where its end event is reported: just before the next token after it.
    pub end: usize,
    pub column: usize,
    pub depth: usize,
    pub flow: bool,
    /// Index of the DocumentStart event of its document.
    pub doc: usize,
}

/// The deepest nesting of maps and lists accepted (as the JSON store): the tree is built
/// and walked recursively, and a deeper document would exhaust the stack.
pub const MAX_DEPTH: usize = 256;

pub fn collect(text: &str) -> Result<Vec<Ev<'_>>, StoreError> {
    let offsets = CharOffsets::new(text);
    let mut out: Vec<Ev> = Vec::new();
    let mut prev_end = 0;
    let mut depth = 0usize;
    for item in Parser::new_from_str(text) {
        let (event, span) = item
            .map_err(|e| StoreError::at(offsets.byte(e.marker().index()), e.info().to_string()))?;
        let start = offsets.byte(span.start.index());
        let end = offsets.byte(span.end.index()).max(start);
        match event {
            Event::MappingStart(..) | Event::SequenceStart(..) => depth += 1,
            Event::MappingEnd | Event::SequenceEnd => depth = depth.saturating_sub(1),
            _ => {}
        }
        if depth > MAX_DEPTH {
            return Err(StoreError::at(
                start,
                format!("nesting is too deep (more than {MAX_DEPTH} levels of maps and lists)"),
            ));
        }
        let (leaf, covered) = match &event {
            Event::Scalar(_, ScalarStyle::Literal | ScalarStyle::Folded, ..) => {
                block_ranges(text, prev_end, start, end)
            }
            Event::Scalar(
                _,
                style @ (ScalarStyle::SingleQuoted | ScalarStyle::DoubleQuoted),
                _,
                tag,
            ) => {
                // The parser's span of a quoted scalar can run on over a trailing comment.
                let end =
                    quoted_end(text, start, *style == ScalarStyle::DoubleQuoted).unwrap_or(end);
                let from = match tag {
                    Some(t) if is_str_tag(t) => text[prev_end.min(start)..start]
                        .rfind("!!str")
                        .map_or(start, |p| prev_end.min(start) + p),
                    _ => start,
                };
                (from..end, from..end)
            }
            _ => (start..end, start..end),
        };
        if matches!(event, Event::DocumentStart(true)) && !text[start..].starts_with("---") {
            return Err(miscounted_directive(text, start));
        }
        if !matches!(event, Event::MappingStart(..) | Event::SequenceStart(..)) || end > start {
            prev_end = prev_end.max(end);
        }
        out.push(Ev {
            event,
            start,
            end,
            content_start: start,
            leaf,
            covered,
        });
    }
    Ok(out)
}

/// The `!!str` tag, which marks a sealed value that was a plain scalar in a flow collection.
pub fn is_str_tag(t: &saphyr_parser::Tag) -> bool {
    t.is_yaml_core_schema() && t.suffix == "str"
}

/// The end (just past the closing quote) of a quoted scalar starting at `start`.
fn quoted_end(text: &str, start: usize, double: bool) -> Option<usize> {
    let bytes = text.as_bytes();
    let quote = if double { b'"' } else { b'\'' };
    if bytes.get(start) != Some(&quote) {
        return None;
    }
    let mut i = start + 1;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' if double => i += 2,
            b'\'' if !double && bytes.get(i + 1) == Some(&b'\'') => i += 2,
            b if b == quote => return Some(i + 1),
            _ => i += 1,
        }
    }
    None
}

/// Leaf and covered ranges of a block scalar whose content spans `start..end`; its header
/// (`|`, `>` with indicators) lies between `prev_end` and `start`.
fn block_ranges(
    text: &str,
    prev_end: usize,
    start: usize,
    end: usize,
) -> (Range<usize>, Range<usize>) {
    // The parser's spans of a malformed document can overlap (`prev_end` past `start`).
    let from = prev_end.min(start);
    let header = text[from..start]
        .find(['|', '>'])
        .map_or(start, |p| from + p);
    let indicators = text.get(header + 1..).unwrap_or("");
    let keep = indicators
        .chars()
        .take_while(|c| matches!(c, '+' | '-' | '0'..='9'))
        .any(|c| c == '+');
    let content_from = text[header..]
        .find('\n')
        .map_or(text.len(), |p| header + p + 1)
        .min(end.max(header));
    let region = &text[content_from.min(end)..end];
    let content_end = if keep {
        region.rfind('\n').map_or(end, |p| content_from + p)
    } else {
        content_from + region.trim_end_matches(YAML_SPACE).len()
    };
    let leaf_end = content_end.max(
        text[header..]
            .find('\n')
            .map_or(text.len(), |p| header + p)
            .min(end.max(header + 1)),
    );
    let within = |i: usize| i.min(text.len());
    (
        header..within(leaf_end.max(header + 1)),
        header..within(end.max(leaf_end)),
    )
}

pub fn scan_comments(text: &str, evs: &[Ev]) -> Vec<Comment> {
    let mut covered: Vec<&Range<usize>> = evs
        .iter()
        .filter(|e| matches!(e.event, Event::Scalar(..) | Event::Alias(_)))
        .map(|e| &e.covered)
        .collect();
    covered.sort_by_key(|r| r.start);
    let bytes = text.as_bytes();
    let mut comments = Vec::new();
    let mut next_cover = covered.into_iter().peekable();
    let mut i = 0;
    while i < bytes.len() {
        if let Some(r) = next_cover.next_if(|r| i >= r.start) {
            i = i.max(r.end);
            continue;
        }
        let boundary = i == 0 || matches!(bytes[i - 1], b' ' | b'\t' | b'\n' | b'\r');
        if bytes[i] == b'#' && boundary {
            let mut end = text[i..].find('\n').map_or(text.len(), |p| i + p);
            if end > i && bytes[end - 1] == b'\r' {
                end -= 1;
            }
            let ls = line_start(text, i);
            comments.push(Comment {
                start: i,
                end,
                text: text[i + 1..end].to_string(),
                column: i - ls,
                inline: !is_yaml_blank(&text[ls..i]),
            });
            i = end;
            continue;
        }
        i += 1;
    }
    comments
}

/// The error for a document whose `---` is not where the parser reports it. The parser
/// counts a directive's name and parameters in bytes where it counts everything else in
/// characters, so a directive line holding non-ASCII text (`%ñ`) shifts every position
/// after it, and hush's lossless writer would edit the wrong bytes.
fn miscounted_directive(text: &str, reported: usize) -> StoreError {
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        if line.starts_with('%') && !line.is_ascii() {
            return StoreError::at(
                at,
                "this directive line holds non-ASCII characters, which hush's YAML parser \
                 miscounts; remove them (a directive takes ASCII names and parameters)",
            );
        }
        at += line.len();
    }
    StoreError::at(
        reported,
        "the YAML parser reported a document start that is not at a `---`; please report \
         this file's structure to hush",
    )
}

/// Whether a collection's start event opens a flow collection (`[...]`, `{...}`). The
/// parser spans a collection's start over its properties (anchor, tag), and for a flow
/// collection over its bracket (and what blanks and comment follow it); a block
/// collection's span ends before its content. Its start offset alone does not tell: an
/// indentless sequence (`key:\n- [a]`) is reported at its first item's bracket.
pub fn opens_flow(text: &str, ev: &Ev) -> bool {
    let mut rest = &text[ev.start..ev.end];
    loop {
        rest = rest.trim_start_matches(YAML_SPACE);
        match rest.chars().next() {
            Some('[' | '{') => return true,
            // A verbatim tag (`!<tag:x>`) may hold any URI character; anchors and tag
            // shorthands end at a blank or a flow indicator.
            Some('!') if rest.starts_with("!<") => {
                rest = rest.find('>').map_or("", |at| &rest[at + 1..]);
            }
            Some('#') => rest = rest.find('\n').map_or("", |at| &rest[at..]),
            Some('&' | '!') => {
                let end = rest
                    .find(|c: char| YAML_SPACE.contains(&c) || "[]{},".contains(c))
                    .unwrap_or(rest.len());
                rest = &rest[end..];
            }
            _ => return false,
        }
    }
}

pub fn containers(text: &str, evs: &[Ev]) -> Vec<Container> {
    let mut out: Vec<Container> = Vec::new();
    let mut stack: Vec<usize> = Vec::new();
    let mut doc = 0;
    for (i, ev) in evs.iter().enumerate() {
        match ev.event {
            Event::DocumentStart(_) => doc = i,
            Event::MappingStart(..) | Event::SequenceStart(..) => {
                let flow = opens_flow(text, ev);
                stack.push(out.len());
                out.push(Container {
                    event: i,
                    start: ev.start,
                    end: usize::MAX,
                    column: ev.start - line_start(text, ev.start),
                    depth: stack.len() - 1,
                    flow,
                    doc,
                });
            }
            Event::MappingEnd | Event::SequenceEnd => {
                if let Some(c) = stack.pop() {
                    out[c].end = ev.start;
                }
            }
            _ => {}
        }
    }
    out
}

/// Gives each comment to the deepest collection open at its position whose indentation is
/// not deeper than the comment (an inline comment goes to the innermost open collection),
/// falling back to the document's root, or to the document itself when it has no root.
pub fn assign_comments<'c>(
    comments: &'c [Comment],
    containers: &[Container],
    evs: &[Ev],
) -> HashMap<usize, Vec<&'c Comment>> {
    let doc_starts: Vec<(usize, usize)> = evs
        .iter()
        .enumerate()
        .filter(|(_, e)| matches!(e.event, Event::DocumentStart(_)))
        .map(|(i, e)| (i, e.start))
        .collect();
    let mut token_starts: Vec<usize> = evs
        .iter()
        .filter(|e| {
            matches!(
                e.event,
                Event::Scalar(..)
                    | Event::Alias(_)
                    | Event::MappingStart(..)
                    | Event::SequenceStart(..)
            )
        })
        .map(|e| e.start)
        .collect();
    token_starts.sort_unstable();
    let mut out: HashMap<usize, Vec<&Comment>> = HashMap::new();
    for c in comments {
        let doc = doc_starts
            .iter()
            .rev()
            .find(|(_, start)| *start <= c.start)
            .or(doc_starts.first())
            .map_or(0, |(i, _)| *i);
        let in_doc = || containers.iter().filter(move |k| k.doc == doc);
        // An own-line comment right before a collection's first token, indented like it,
        // heads that collection (yaml.v3 makes it the head comment of its first key).
        let next_token = token_starts
            .get(token_starts.partition_point(|&t| t < c.end))
            .copied();
        let heading = in_doc()
            .filter(|k| !c.inline && Some(k.start) == next_token && k.column <= c.column)
            .max_by_key(|k| k.depth);
        let open = heading.or_else(|| {
            in_doc()
                .filter(|k| {
                    k.start <= c.start
                        && c.start < k.end
                        && (c.inline || k.flow || k.column <= c.column)
                })
                .max_by_key(|k| k.depth)
        });
        let target = open
            .or_else(|| in_doc().find(|k| k.depth == 0))
            .map_or(doc, |k| k.event);
        out.entry(target).or_default().push(c);
    }
    out
}

/// Maps the parser's character indices to byte offsets.
struct CharOffsets {
    table: Option<Vec<usize>>,
    len: usize,
}

impl CharOffsets {
    fn new(text: &str) -> CharOffsets {
        let table = (!text.is_ascii()).then(|| text.char_indices().map(|(b, _)| b).collect());
        CharOffsets {
            table,
            len: text.len(),
        }
    }

    fn byte(&self, char_index: usize) -> usize {
        match &self.table {
            None => char_index.min(self.len),
            Some(t) => t.get(char_index).copied().unwrap_or(self.len),
        }
    }
}
