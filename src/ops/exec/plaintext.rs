//! Opening the sealed file for `exec-env`/`exec-file`: decrypt the bytes read from disk into
//! what the child receives (variables or file content), then scrub the decrypted tree.
//!
//! Decryption works on bytes rather than on the path so that a watched file is decrypted
//! exactly as the watcher read it.

use std::path::PathBuf;

use zeroize::{Zeroize, Zeroizing};

use crate::document::{self, Document, Entry, Format, Node, Scalar, Value, tree_path};
use crate::envelope::seal::{self, KeyUnwrapper};
use crate::error::{Error, Result};

use super::env_vars::{self, EnvVar};

/// A sealed file and how to open it.
pub struct Source<'a> {
    pub path: PathBuf,
    pub format: Format,
    pub unwrapper: &'a dyn KeyUnwrapper,
    pub ignore_mac: bool,
    /// `["a"]["b"]`: use only this part of the file.
    pub extract: Option<String>,
}

impl Source<'_> {
    /// Reads the sealed bytes from disk.
    pub(super) fn read(&self) -> Result<Vec<u8>> {
        crate::ops::io::Input::File(self.path.clone()).read()
    }

    /// The variables `exec-env` gives the child.
    pub(super) fn env_vars(&self, sealed: &[u8]) -> Result<Vec<EnvVar>> {
        let steps = self.steps()?;
        let mut doc = self.open(sealed)?;
        let vars = match self.node(&doc, &steps) {
            Ok(node) => env_vars::from_node(node, &self.path, self.extract.as_deref()),
            Err(e) => Err(e),
        };
        scrub(&mut doc);
        vars
    }

    /// The content `exec-file` gives the child, in `format`.
    pub(super) fn file_content(&self, sealed: &[u8], format: Format) -> Result<Zeroizing<Vec<u8>>> {
        let steps = self.steps()?;
        let mut doc = self.open(sealed)?;
        let content = match &self.extract {
            Some(raw) => crate::ops::seal::extract(&doc, &steps, format, raw, &self.path),
            None => document::emit(&doc, format, None, &self.path),
        };
        scrub(&mut doc);
        content.map(Zeroizing::new)
    }

    /// Opens the sealed bytes; the frames that held the data key are scrubbed once done.
    fn open(&self, sealed: &[u8]) -> Result<Document> {
        let doc = self.decrypt(sealed);
        crate::hardening::scrub_stack();
        doc
    }

    fn decrypt(&self, sealed: &[u8]) -> Result<Document> {
        if sealed.is_empty() {
            return Err(Error::EmptyFile {
                path: self.path.clone(),
            });
        }
        let mut doc = document::parse_sealed(self.format, sealed.to_vec(), &self.path)?;
        match seal::open(&mut doc, self.unwrapper, self.ignore_mac, &self.path) {
            // The opened envelope (data key, IV stash) is dropped here; the key zeroizes itself.
            Ok(_opened) => Ok(doc),
            Err(e) => {
                scrub(&mut doc);
                Err(e)
            }
        }
    }

    fn steps(&self) -> Result<Vec<tree_path::Step>> {
        match &self.extract {
            None => Ok(Vec::new()),
            Some(raw) => tree_path::parse(raw).map_err(|reason| Error::TreePath {
                path: raw.clone(),
                reason,
            }),
        }
    }

    /// The first document's root, or the node at the `--extract` path.
    fn node<'d>(&self, doc: &'d Document, steps: &[tree_path::Step]) -> Result<&'d Node> {
        let not_found = || Error::TreePathNotFound {
            path: self.path.clone(),
            tree_path: self.extract.clone().unwrap_or_default(),
        };
        let root = doc.branches.first().ok_or_else(not_found)?;
        tree_path::get(root, steps).ok_or_else(not_found)
    }
}

/// Overwrites every decrypted value and comment of `doc` before it is dropped.
fn scrub(doc: &mut Document) {
    for node in &mut doc.branches {
        scrub_node(node);
    }
}

fn scrub_node(node: &mut Node) {
    match &mut node.value {
        Value::Map(entries) => entries.iter_mut().for_each(|e| match e {
            Entry::Pair(_, n) | Entry::Comment(n) => scrub_node(n),
        }),
        Value::List(items) => items.iter_mut().for_each(scrub_node),
        Value::Comment(text) => text.zeroize(),
        Value::Scalar(scalar) => scrub_scalar(scalar),
    }
}

fn scrub_scalar(scalar: &mut Scalar) {
    match scalar {
        Scalar::Str(s) => s.zeroize(),
        Scalar::Bytes(b) => b.zeroize(),
        Scalar::Int { text, value } => {
            text.zeroize();
            *value = 0;
        }
        Scalar::Float { text, value } => {
            text.zeroize();
            *value = 0.0;
        }
        Scalar::Bool { text, .. } | Scalar::Time { text } => text.zeroize(),
        Scalar::Null => {}
    }
}
