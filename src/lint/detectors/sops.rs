//! sops awareness: a sealed file (one with a `sops` metadata block) whose own recorded
//! encryption rule selects a value that is still plaintext. `ENC[...]` values are never
//! findings. (Files that a creation rule says must be sealed but are not are found by the
//! scanner itself, which holds the creation-rule resolver: `sops-unsealed-file`.)

use crate::document::{self, Document, Format, Scalar, Value};
use crate::envelope::metadata::Metadata;
use crate::envelope::walk::for_each_selected;
use crate::lint::finding::{Hit, PRIORITY_STRUCTURE};

use super::tree::span;

/// True when `text` may hold sops metadata (cheap test before parsing).
pub fn may_be_sealed(text: &str) -> bool {
    text.contains("sops") && text.contains("mac") && text.contains("ENC[")
}

/// Parses `text` as `format` when it may be sealed.
pub fn parse(format: Format, text: &str, path: &str) -> Option<Document> {
    document::parse(format, text.as_bytes().to_vec(), path.as_ref()).ok()
}

/// Reports selected values of a sealed document that are not encrypted.
pub fn detect(doc: &Document, hits: &mut Vec<Hit>) {
    let Some(raw) = &doc.metadata else { return };
    let Ok(meta) = Metadata::from_json(raw) else {
        return;
    };
    let src = String::from_utf8_lossy(&doc.source);
    let mut branches = doc.branches.clone();
    for_each_selected(&mut branches, meta.rule.as_ref(), &mut |node, _path| {
        let plaintext = match &node.value {
            Value::Scalar(Scalar::Str(s)) => !s.is_empty() && !s.starts_with("ENC["),
            Value::Scalar(Scalar::Null) => false,
            Value::Scalar(_) => true,
            _ => false,
        };
        if let Some(r) = span(&src, node).filter(|_| plaintext) {
            hits.push(Hit::new("sops-unencrypted-value", r, PRIORITY_STRUCTURE));
        }
    });
}
