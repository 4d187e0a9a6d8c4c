//! The format-neutral document tree that every store parses into and emits from.
//!
//! A [`Document`] holds one tree per YAML document (every other format has exactly one),
//! the raw `sops` metadata when the file is sealed, and the original bytes. Leaves remember
//! where they came from ([`Origin`]), so a store can write the file back by splicing only the
//! leaves whose value changed: everything else (comments, quoting, indentation, blank lines)
//! stays byte-for-byte. A document built without a source, or emitted in another format,
//! is written fresh by the target store.
//!
//! This module knows nothing of encryption, recipients or the terminal.

pub mod binary;
pub mod dotenv;
pub mod flatten;
pub mod ini;
pub mod json;
pub mod merge;
pub mod scalar_text;
pub mod tree_path;
pub mod yaml;

use std::ops::Range;
use std::path::Path;

use crate::error::{Error, Location, Result};

/// The file formats hush reads and writes, named as sops names them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Format {
    Yaml,
    Json,
    Dotenv,
    Ini,
    Binary,
}

impl Format {
    /// All formats, in the order they are documented.
    pub const ALL: [Format; 5] = [
        Format::Yaml,
        Format::Json,
        Format::Dotenv,
        Format::Ini,
        Format::Binary,
    ];

    /// Format by file extension, as sops chooses it: unknown extensions are binary.
    pub fn from_path(path: &Path) -> Format {
        match path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .as_deref()
        {
            Some("yaml" | "yml") => Format::Yaml,
            Some("json") => Format::Json,
            Some("env") => Format::Dotenv,
            Some("ini") => Format::Ini,
            _ => Format::Binary,
        }
    }

    /// Format by the name used on the command line (`--input-type yaml`).
    pub fn from_name(name: &str) -> Option<Format> {
        Format::ALL.into_iter().find(|f| f.name() == name)
    }

    pub fn name(self) -> &'static str {
        match self {
            Format::Yaml => "yaml",
            Format::Json => "json",
            Format::Dotenv => "dotenv",
            Format::Ini => "ini",
            Format::Binary => "binary",
        }
    }
}

/// A scalar value. Numbers and booleans keep the text they were written with, so a value
/// that did not change is written back exactly as it was (`1.50` stays `1.50`).
#[derive(Clone, Debug, PartialEq)]
pub enum Scalar {
    Null,
    Str(String),
    /// Raw bytes that need not be UTF-8 (the binary store's payload).
    Bytes(Vec<u8>),
    Int {
        value: i64,
        text: String,
    },
    Float {
        value: f64,
        text: String,
    },
    Bool {
        value: bool,
        text: String,
    },
    /// A timestamp, kept as written (RFC 3339 or a YAML date).
    Time {
        text: String,
    },
}

impl Scalar {
    pub fn int(value: i64) -> Scalar {
        Scalar::Int {
            value,
            text: value.to_string(),
        }
    }

    pub fn bool(value: bool) -> Scalar {
        Scalar::Bool {
            value,
            text: if value { "true" } else { "false" }.to_string(),
        }
    }

    pub fn float(value: f64) -> Scalar {
        Scalar::Float {
            value,
            text: scalar_text::go_format_float(value),
        }
    }
}

/// A value in the tree.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Map(Vec<Entry>),
    List(Vec<Node>),
    Scalar(Scalar),
    /// A comment's text without its marker (`# hi` → `" hi"`).
    Comment(String),
}

/// One item of a map: a key with its value, or a comment between keys.
#[derive(Clone, Debug, PartialEq)]
pub enum Entry {
    Pair(String, Node),
    Comment(Node),
}

impl Entry {
    pub fn node(&self) -> &Node {
        match self {
            Entry::Pair(_, n) | Entry::Comment(n) => n,
        }
    }
}

/// How a leaf was written in its source, so it can be rewritten in the same style.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Style {
    /// Unquoted (YAML plain scalar, JSON number/bool/null, dotenv/INI value).
    Plain,
    /// A YAML plain scalar inside a flow collection (`[a, b]`, `{k: v}`), where `,[]{}`
    /// would end the scalar.
    FlowPlain,
    SingleQuoted,
    DoubleQuoted,
    /// YAML `|` block; `indent` is the column of the content lines.
    Literal {
        indent: usize,
    },
    /// YAML `>` block; `indent` is the column of the content lines.
    Folded {
        indent: usize,
    },
}

/// Where a leaf sits in the source bytes and how it was written.
#[derive(Clone, Debug, PartialEq)]
pub struct Origin {
    /// Byte range of the leaf's text in [`Document::source`], replaced when the value changes.
    pub span: Range<usize>,
    pub style: Style,
}

/// A value and, for leaves read from a file, where it came from.
#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    pub value: Value,
    pub origin: Option<Origin>,
    /// True once [`Node::set`] replaced the value read from the source.
    pub changed: bool,
}

impl Node {
    pub fn new(value: Value) -> Node {
        Node {
            value,
            origin: None,
            changed: false,
        }
    }

    pub fn with_origin(value: Value, origin: Origin) -> Node {
        Node {
            value,
            origin: Some(origin),
            changed: false,
        }
    }

    pub fn scalar(s: Scalar) -> Node {
        Node::new(Value::Scalar(s))
    }

    pub fn map(entries: Vec<Entry>) -> Node {
        Node::new(Value::Map(entries))
    }

    /// Replaces the value; the store rewrites this leaf when emitting.
    pub fn set(&mut self, value: Value) {
        if self.value != value {
            self.value = value;
            self.changed = true;
        }
    }

    /// Looks a key up in a map node.
    pub fn get(&self, key: &str) -> Option<&Node> {
        match &self.value {
            Value::Map(entries) => entries.iter().find_map(|e| match e {
                Entry::Pair(k, n) if k == key => Some(n),
                _ => None,
            }),
            _ => None,
        }
    }

    /// Builds a tree from JSON (metadata blocks, `set` values): objects keep their key order,
    /// integers that fit `i64` become ints, other numbers floats.
    pub fn from_json(v: &serde_json::Value) -> Node {
        use serde_json::Value as J;
        Node::new(match v {
            J::Null => Value::Scalar(Scalar::Null),
            J::Bool(b) => Value::Scalar(Scalar::bool(*b)),
            J::Number(n) => match n.as_i64() {
                Some(i) => Value::Scalar(Scalar::int(i)),
                None => Value::Scalar(Scalar::float(n.as_f64().unwrap_or(0.0))),
            },
            J::String(s) => Value::Scalar(Scalar::Str(s.clone())),
            J::Array(a) => Value::List(a.iter().map(Node::from_json).collect()),
            J::Object(o) => Value::Map(
                o.iter()
                    .map(|(k, v)| Entry::Pair(k.clone(), Node::from_json(v)))
                    .collect(),
            ),
        })
    }

    /// Converts a metadata-like subtree to JSON (comments dropped, scalars typed).
    pub fn to_json(&self) -> serde_json::Value {
        use serde_json::Value as J;
        match &self.value {
            Value::Map(entries) => J::Object(
                entries
                    .iter()
                    .filter_map(|e| match e {
                        Entry::Pair(k, n) => Some((k.clone(), n.to_json())),
                        Entry::Comment(_) => None,
                    })
                    .collect(),
            ),
            Value::List(items) => J::Array(
                items
                    .iter()
                    .filter(|n| !matches!(n.value, Value::Comment(_)))
                    .map(Node::to_json)
                    .collect(),
            ),
            Value::Comment(_) => J::Null,
            Value::Scalar(s) => match s {
                Scalar::Null => J::Null,
                Scalar::Str(s) | Scalar::Time { text: s } => J::String(s.clone()),
                Scalar::Bytes(b) => J::String(String::from_utf8_lossy(b).into_owned()),
                Scalar::Int { value, .. } => J::from(*value),
                Scalar::Float { value, .. } => J::from(*value),
                Scalar::Bool { value, .. } => J::Bool(*value),
            },
        }
    }
}

/// Store-specific facts about the source layout needed for a lossless rewrite.
#[derive(Clone, Debug, Default)]
pub enum Layout {
    /// No source (a document built in memory) or a format that is always written fresh.
    #[default]
    Fresh,
    Yaml(yaml::Layout),
    Json(json::Layout),
    Dotenv(dotenv::Layout),
    Ini(ini::Layout),
}

/// A parsed file: its trees, its sops metadata if sealed, and its source.
#[derive(Clone, Debug)]
pub struct Document {
    pub format: Format,
    /// The bytes the document was parsed from (empty for documents built in memory).
    pub source: Vec<u8>,
    /// One map per YAML document; exactly one for the other formats.
    pub branches: Vec<Node>,
    /// The raw `sops` metadata block (from the first YAML document), if present.
    pub metadata: Option<serde_json::Value>,
    pub layout: Layout,
}

/// A store-level failure before the file name is known.
#[derive(Clone, Debug, PartialEq)]
pub struct StoreError {
    /// Byte offset of the problem, when it has one.
    pub offset: Option<usize>,
    pub message: String,
}

impl StoreError {
    pub fn at(offset: usize, message: impl Into<String>) -> StoreError {
        StoreError {
            offset: Some(offset),
            message: message.into(),
        }
    }

    pub fn whole(message: impl Into<String>) -> StoreError {
        StoreError {
            offset: None,
            message: message.into(),
        }
    }
}

/// Parses `src` as `format`. `path` is used only in error messages.
pub fn parse(format: Format, src: Vec<u8>, path: &Path) -> Result<Document> {
    let result = match format {
        Format::Yaml => yaml::parse(&src),
        Format::Json => json::parse(&src),
        Format::Dotenv => dotenv::parse(&src),
        Format::Ini => ini::parse(&src),
        Format::Binary => Ok(binary::parse(&src)),
    };
    match result {
        Ok(parsed) => Ok(Document {
            format,
            source: src,
            branches: parsed.branches,
            metadata: parsed.metadata,
            layout: parsed.layout,
        }),
        Err(e) => Err(match e.offset {
            Some(offset) => Error::Parse {
                path: path.to_path_buf(),
                format: format.name(),
                location: Location::of_offset(&src, offset),
                message: e.message,
            },
            None => Error::Structure {
                path: path.to_path_buf(),
                format: format.name(),
                message: e.message,
            },
        }),
    }
}

/// Parses a sealed file: like [`parse`], except that binary files are read in the sealed
/// JSON form the binary store writes (`{"data": "ENC[...]", "sops": {...}}`).
pub fn parse_sealed(format: Format, src: Vec<u8>, path: &Path) -> Result<Document> {
    if format != Format::Binary {
        return parse(format, src, path);
    }
    match binary::parse_sealed(&src) {
        Ok(parsed) => Ok(Document {
            format,
            source: src,
            branches: parsed.branches,
            metadata: parsed.metadata,
            layout: parsed.layout,
        }),
        Err(e) => Err(Error::NotEncrypted {
            path: path.to_path_buf(),
            reason: format!(
                "binary files are sealed as JSON with `data` and `sops` entries ({})",
                e.message
            ),
        }),
    }
}

/// The entries of the single root map that flat formats (JSON, dotenv, INI, binary) hold.
/// `what` names the format in the error (`"a JSON file"`).
pub fn single_root<'a>(branches: &'a [Node], what: &str) -> Result<&'a [Entry], StoreError> {
    match branches {
        [] => Ok(&[]),
        [root] => match &root.value {
            Value::Map(entries) => Ok(entries),
            _ => Err(StoreError::whole(format!(
                "the top level of {what} must be a map"
            ))),
        },
        more => Err(StoreError::whole(format!(
            "{what} holds one document, this input has {}",
            more.len()
        ))),
    }
}

/// What a store's parser returns.
#[derive(Clone, Debug)]
pub struct Parsed {
    pub branches: Vec<Node>,
    pub metadata: Option<serde_json::Value>,
    pub layout: Layout,
}

/// True when a document's top-level map holds a key named like the metadata block.
/// A top-level key of `doc` that `format` would read back as part of the sops metadata: `sops`
/// (YAML, JSON; in INI a `[sops]` section) or a `sops_` prefix (dotenv's flattened lines).
fn reserved_key(doc: &Document, format: Format) -> Option<&str> {
    let reserved = |k: &str, v: &Value| match format {
        Format::Dotenv => k.starts_with("sops_"),
        Format::Yaml | Format::Json => k == yaml::METADATA_KEY,
        Format::Ini => k == yaml::METADATA_KEY && matches!(v, Value::Map(_)),
        Format::Binary => false,
    };
    doc.branches.iter().find_map(|b| match &b.value {
        Value::Map(entries) => entries.iter().find_map(|e| match e {
            Entry::Pair(k, n) if reserved(k, &n.value) => Some(k.as_str()),
            _ => None,
        }),
        _ => None,
    })
}

/// Writes `doc` as `format` with `metadata` as its `sops` block (none: no block).
///
/// When `format` is the format the document was read from, the source is patched in place;
/// otherwise the target store writes the trees fresh.
pub fn emit(
    doc: &Document,
    format: Format,
    metadata: Option<&serde_json::Value>,
    path: &Path,
) -> Result<Vec<u8>> {
    let lossless = format == doc.format;
    // Converting: a key of the source format that the target reads as the metadata block.
    if let Some(key) = reserved_key(doc, format).filter(|_| !lossless) {
        return Err(Error::Emit {
            path: path.to_path_buf(),
            format: format.name(),
            message: format!(
                "the top-level key `{key}` is reserved for the sops metadata in {}; rename it",
                format.name()
            ),
        });
    }
    let result = match (format, lossless, &doc.layout) {
        (Format::Yaml, true, Layout::Yaml(layout)) => yaml::emit_lossless(doc, layout, metadata),
        (Format::Json, true, Layout::Json(layout)) => json::emit_lossless(doc, layout, metadata),
        (Format::Dotenv, true, Layout::Dotenv(layout)) => {
            dotenv::emit_lossless(doc, layout, metadata)
        }
        (Format::Ini, true, Layout::Ini(layout)) => ini::emit_lossless(doc, layout, metadata),
        (Format::Yaml, _, _) => yaml::emit_fresh(&doc.branches, metadata),
        (Format::Json, _, _) => json::emit_fresh(&doc.branches, metadata),
        (Format::Dotenv, _, _) => dotenv::emit_fresh(&doc.branches, metadata),
        (Format::Ini, _, _) => ini::emit_fresh(&doc.branches, metadata),
        (Format::Binary, _, _) => binary::emit(&doc.branches, metadata),
    };
    result.map_err(|e| Error::Emit {
        path: path.to_path_buf(),
        format: format.name(),
        message: e.message,
    })
}
