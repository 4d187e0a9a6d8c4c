//! `set` and `unset`: change one value of a sealed file in place, as `sops set`/`sops unset`
//! do, but rewriting only what changed: the touched value (or the lines of a removed one),
//! `lastmodified` and `mac`. Every other value keeps its ciphertext.

use std::path::PathBuf;

use crate::document::scalar_text::flat_text;
use crate::document::tree_path::{self, Step};
use crate::document::{Entry, Format, Node, Scalar, Value};
use crate::envelope::seal::KeyUnwrapper;
use crate::error::{Error, Result};
use crate::ops::io::Input;
use crate::ops::sealed_file::SealedFile;

/// What `set` stores: JSON text (as sops reads it) or a string taken as it is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NewValue {
    Json(String),
    Raw(String),
}

/// Options of `hush set`.
pub struct SetOptions<'a> {
    pub file: PathBuf,
    pub format: Format,
    /// A sops path, `["a"]["b"][0]`.
    pub path: String,
    pub value: NewValue,
    pub unwrapper: &'a dyn KeyUnwrapper,
}

/// What `set` did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SetOutcome {
    /// The file was rewritten.
    Written,
    /// The path already held this value; the file was not touched.
    Unchanged,
}

/// Sets the value at a path (creating missing keys) and rewrites the file.
pub fn set(opts: SetOptions) -> Result<SetOutcome> {
    let steps = parse_path(&opts.path)?;
    let value = parse_value(&opts.value, opts.format)?;
    let mut file = SealedFile::open(&Input::File(opts.file.clone()), opts.format, opts.unwrapper)?;
    let root = root(&mut file)?;
    let changed = tree_path::set(root, &steps, value).map_err(|e| Error::PathConflict {
        path: opts.file.clone(),
        tree_path: opts.path.clone(),
        reason: e.0,
    })?;
    if !changed {
        return Ok(SetOutcome::Unchanged);
    }
    let sealed = file.reseal()?;
    crate::atomic::write(&opts.file, &sealed)?;
    Ok(SetOutcome::Written)
}

/// Options of `hush unset`.
pub struct UnsetOptions<'a> {
    pub file: PathBuf,
    pub format: Format,
    pub path: String,
    pub unwrapper: &'a dyn KeyUnwrapper,
}

/// Removes the key or list item at a path and rewrites the file.
pub fn unset(opts: UnsetOptions) -> Result<()> {
    let steps = parse_path(&opts.path)?;
    let mut file = SealedFile::open(&Input::File(opts.file.clone()), opts.format, opts.unwrapper)?;
    let root = root(&mut file)?;
    tree_path::remove(root, &steps).map_err(|_| Error::TreePathNotFound {
        path: opts.file.clone(),
        tree_path: opts.path.clone(),
    })?;
    let sealed = file.reseal()?;
    crate::atomic::write(&opts.file, &sealed)
}

fn parse_path(path: &str) -> Result<Vec<Step>> {
    tree_path::parse(path).map_err(|reason| Error::SetPath {
        path: path.to_string(),
        reason,
    })
}

/// The tree `set` and `unset` work on: the first document, as sops.
fn root(file: &mut SealedFile) -> Result<&mut Node> {
    let path = file.path.clone();
    file.doc
        .branches
        .first_mut()
        .ok_or(Error::EmptyFile { path })
}

/// The node a value stands for. JSON is read as sops reads it (objects keep their key order);
/// in dotenv and INI files, where every value is a string, scalars are stored as their text.
pub fn parse_value(value: &NewValue, format: Format) -> Result<Node> {
    let node = match value {
        NewValue::Raw(text) => Node::scalar(Scalar::Str(text.clone())),
        NewValue::Json(text) => {
            let json: serde_json::Value =
                serde_json::from_str(text).map_err(|e| Error::SetValue {
                    reason: format!(
                        "it is not JSON ({}); quote strings as JSON ('\"text\"') or pass --string to store the text as it is",
                        e.to_string().split(" at line").next().unwrap_or_default()
                    ),
                })?;
            Node::from_json(&json)
        }
    };
    Ok(match format {
        Format::Dotenv | Format::Ini => stringify(node),
        _ => node,
    })
}

fn stringify(mut node: Node) -> Node {
    match &mut node.value {
        Value::Scalar(s) if !matches!(s, Scalar::Str(_)) => {
            let text = String::from_utf8_lossy(&flat_text(s)).into_owned();
            node.value = Value::Scalar(Scalar::Str(text));
        }
        Value::Map(entries) => {
            for e in entries.iter_mut() {
                if let Entry::Pair(_, n) = e {
                    *n = stringify(std::mem::replace(n, Node::scalar(Scalar::Null)));
                }
            }
        }
        Value::List(items) => {
            for n in items.iter_mut() {
                *n = stringify(std::mem::replace(n, Node::scalar(Scalar::Null)));
            }
        }
        _ => {}
    }
    node
}

#[cfg(test)]
mod tests {
    use super::*;

    fn json(text: &str, format: Format) -> Result<Node> {
        parse_value(&NewValue::Json(text.into()), format)
    }

    #[test]
    fn values_are_json_as_in_sops() {
        assert_eq!(
            json("\"a b\"", Format::Yaml).unwrap().value,
            Value::Scalar(Scalar::Str("a b".into()))
        );
        assert_eq!(
            json("42", Format::Yaml).unwrap().value,
            Value::Scalar(Scalar::int(42))
        );
        let map = json(r#"{"z": 1, "a": [true, null]}"#, Format::Yaml).unwrap();
        let Value::Map(entries) = &map.value else {
            panic!("map")
        };
        let keys: Vec<&str> = tree_path::pairs(entries).map(|(k, _)| k.as_str()).collect();
        assert_eq!(keys, ["z", "a"]);
    }

    #[test]
    fn bare_words_are_refused_with_a_hint() {
        let err = json("hello", Format::Yaml).unwrap_err();
        assert_eq!(err.exit_code(), crate::error::ExitCode::InvalidSetFormat);
        assert!(err.to_string().contains("--string"), "{err}");
        assert!(!err.to_string().contains("hello"), "{err}");
    }

    #[test]
    fn flat_formats_store_text() {
        assert_eq!(
            json("42", Format::Dotenv).unwrap().value,
            Value::Scalar(Scalar::Str("42".into()))
        );
        assert_eq!(
            parse_value(&NewValue::Raw("x y\n".into()), Format::Ini)
                .unwrap()
                .value,
            Value::Scalar(Scalar::Str("x y\n".into()))
        );
    }
}
