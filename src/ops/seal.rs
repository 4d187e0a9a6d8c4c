//! `encrypt` and `decrypt`: read, parse, seal or open, emit.

use crate::document::{self, Document, Format, tree_path};
use crate::envelope::rules::Rule;
use crate::envelope::seal::{self, KeyUnwrapper, KeyWrapper, SealOptions};
use crate::error::{Error, Result};
use crate::ops::io::Input;

/// Options of `hush encrypt`.
pub struct EncryptOptions<'a> {
    pub input: Input,
    pub input_format: Format,
    pub output_format: Format,
    /// Master keys, one list per key group.
    pub groups: Vec<Vec<&'a dyn KeyWrapper>>,
    pub shamir_threshold: Option<usize>,
    pub rule: Option<Rule>,
    pub mac_only_encrypted: bool,
}

/// Seals the input and returns the sealed bytes.
pub fn encrypt(opts: EncryptOptions) -> Result<Vec<u8>> {
    let src = opts.input.read()?;
    seal_bytes(src, opts)
}

/// Seals plaintext already in memory (the input named by `opts` is not read; it names the
/// plaintext in messages).
pub fn seal_bytes(src: Vec<u8>, opts: EncryptOptions) -> Result<Vec<u8>> {
    let path = opts.input.display_path();
    if src.is_empty() {
        return Err(Error::EmptyFile { path });
    }
    let mut doc = document::parse(opts.input_format, src, &path)?;
    if opts.input_format == Format::Binary {
        // The binary store seals into its JSON form.
        doc.layout = document::Layout::Fresh;
    }
    let metadata = seal::seal(
        &mut doc,
        SealOptions {
            groups: opts.groups,
            shamir_threshold: opts.shamir_threshold,
            rule: opts.rule,
            mac_only_encrypted: opts.mac_only_encrypted,
            reuse: None,
        },
        &path,
    )?;
    document::emit(&doc, opts.output_format, Some(&metadata.to_json()), &path)
}

/// Options of `hush decrypt`.
pub struct DecryptOptions<'a> {
    pub input: Input,
    pub input_format: Format,
    pub output_format: Format,
    pub unwrapper: &'a dyn KeyUnwrapper,
    pub ignore_mac: bool,
    /// `["a"]["b"][0]`: print only this value.
    pub extract: Option<String>,
}

/// Opens the input and returns the plaintext bytes.
pub fn decrypt(opts: DecryptOptions) -> Result<Vec<u8>> {
    let path = opts.input.display_path();
    let steps = opts
        .extract
        .as_deref()
        .map(|p| {
            tree_path::parse(p).map_err(|reason| Error::TreePath {
                path: p.to_string(),
                reason,
            })
        })
        .transpose()?;
    let mut doc = read_sealed(&opts.input, opts.input_format)?;
    seal::open(&mut doc, opts.unwrapper, opts.ignore_mac, &path)?;
    match steps {
        None => document::emit(&doc, opts.output_format, None, &path),
        Some(steps) => extract(
            &doc,
            &steps,
            opts.output_format,
            opts.extract.as_deref().unwrap_or_default(),
            &path,
        ),
    }
}

/// Reads and parses a sealed file (binary files are read in their sealed JSON form).
pub fn read_sealed(input: &Input, format: Format) -> Result<Document> {
    let path = input.display_path();
    let src = input.read()?;
    if src.is_empty() {
        return Err(Error::EmptyFile { path });
    }
    document::parse_sealed(format, src, &path)
}

pub(crate) fn extract(
    doc: &Document,
    steps: &[tree_path::Step],
    format: Format,
    raw_path: &str,
    path: &std::path::Path,
) -> Result<Vec<u8>> {
    let root = doc
        .branches
        .first()
        .ok_or_else(|| Error::TreePathNotFound {
            path: path.to_path_buf(),
            tree_path: raw_path.to_string(),
        })?;
    let node = tree_path::get(root, steps).ok_or_else(|| Error::TreePathNotFound {
        path: path.to_path_buf(),
        tree_path: raw_path.to_string(),
    })?;
    use crate::document::{Node, Scalar, Value};
    Ok(match &node.value {
        Value::Scalar(Scalar::Str(s)) => s.clone().into_bytes(),
        Value::Scalar(Scalar::Bytes(b)) => b.clone(),
        Value::Scalar(Scalar::Null) => Vec::new(),
        Value::Scalar(
            Scalar::Int { text, .. }
            | Scalar::Float { text, .. }
            | Scalar::Bool { text, .. }
            | Scalar::Time { text },
        ) => text.clone().into_bytes(),
        Value::Map(_) => {
            let fresh = Document {
                branches: vec![Node::new(node.value.clone())],
                ..empty(format)
            };
            document::emit(&fresh, format, None, path)?
        }
        Value::List(_) | Value::Comment(_) => {
            let json = node.to_json();
            let mut out = serde_json::to_vec_pretty(&json).unwrap_or_default();
            out.push(b'\n');
            out
        }
    })
}

fn empty(format: Format) -> Document {
    Document {
        format,
        source: Vec::new(),
        branches: Vec::new(),
        metadata: None,
        layout: document::Layout::Fresh,
    }
}
