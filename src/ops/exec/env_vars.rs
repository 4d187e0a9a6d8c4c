//! Which decrypted values become environment variables for `exec-env`, and how they are
//! spelled.
//!
//! As sops: every top-level key of the first document becomes a variable, comments are
//! skipped, and a key containing `=` is refused. Numbers, booleans and timestamps are given
//! as the file spells them. Unlike sops: `null` gives an empty string (sops passes `<nil>`),
//! and `--extract` can pick a nested map (a Kubernetes Secret's `stringData`, an INI section)
//! whose keys become the variables, where sops refuses every file with a nested value.

use std::ffi::OsString;
use std::os::unix::ffi::OsStringExt;
use std::path::Path;

use zeroize::Zeroizing;

use crate::document::{Entry, Node, Scalar, Value};
use crate::error::{Error, Result};

/// One variable for the child. The value is zeroized when dropped.
pub struct EnvVar {
    pub name: OsString,
    pub value: Zeroizing<Vec<u8>>,
}

/// The variables of a map node (the document root or the `--extract`ed map).
pub(super) fn from_node(node: &Node, path: &Path, extract: Option<&str>) -> Result<Vec<EnvVar>> {
    let Value::Map(entries) = &node.value else {
        return Err(refused(
            path,
            extract.unwrap_or("the document root"),
            "only the keys of a map become variables; point --extract at a map",
        ));
    };
    entries
        .iter()
        .filter_map(|e| match e {
            Entry::Pair(key, value) => Some(variable(key, value, path)),
            Entry::Comment(_) => None,
        })
        .collect()
}

fn variable(key: &str, node: &Node, path: &Path) -> Result<EnvVar> {
    if key.is_empty() || key.contains('=') || key.contains('\0') {
        return Err(refused(
            path,
            key,
            "a variable name must be non-empty and contain neither `=` nor NUL",
        ));
    }
    let value = Zeroizing::new(value_bytes(&node.value).ok_or_else(|| {
        refused(
            path,
            key,
            "nested maps and lists cannot be variables; use --extract '[\"KEY\"]' to pass the \
             keys of a nested map instead",
        )
    })?);
    if value.contains(&0) {
        return Err(refused(path, key, "the value contains a NUL byte"));
    }
    Ok(EnvVar {
        name: OsString::from_vec(key.as_bytes().to_vec()),
        value,
    })
}

/// The bytes of a scalar value as the file spells it; `None` for maps and lists.
fn value_bytes(value: &Value) -> Option<Vec<u8>> {
    match value {
        Value::Scalar(Scalar::Str(s)) => Some(s.as_bytes().to_vec()),
        Value::Scalar(Scalar::Bytes(b)) => Some(b.clone()),
        Value::Scalar(Scalar::Null) => Some(Vec::new()),
        Value::Scalar(
            Scalar::Int { text, .. }
            | Scalar::Float { text, .. }
            | Scalar::Bool { text, .. }
            | Scalar::Time { text },
        ) => Some(text.as_bytes().to_vec()),
        Value::Map(_) | Value::List(_) | Value::Comment(_) => None,
    }
}

fn refused(path: &Path, key: &str, reason: &str) -> Error {
    Error::EnvVariable {
        path: path.to_path_buf(),
        key: key.to_string(),
        reason: reason.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{Format, parse};

    fn vars(yaml: &str) -> Result<Vec<(String, String)>> {
        let doc = parse(Format::Yaml, yaml.as_bytes().to_vec(), Path::new("t.yaml"))?;
        Ok(from_node(&doc.branches[0], Path::new("t.yaml"), None)?
            .into_iter()
            .map(|v| {
                (
                    v.name.to_string_lossy().into_owned(),
                    String::from_utf8_lossy(&v.value).into_owned(),
                )
            })
            .collect())
    }

    #[test]
    fn scalars_become_variables_spelled_as_in_the_file() {
        let got = vars("# c\nA: text\nB: 42\nC: 1.50\nD: true\nE: null\nF: ''\n").expect("vars");
        let want = [
            ("A", "text"),
            ("B", "42"),
            ("C", "1.50"),
            ("D", "true"),
            ("E", ""),
            ("F", ""),
        ];
        let want: Vec<(String, String)> = want
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        assert_eq!(got, want);
    }

    #[test]
    fn nested_values_and_bad_names_are_refused_naming_the_key() {
        for (yaml, key) in [
            ("A: 1\nnested:\n  x: 1\n", "nested"),
            ("list: [1, 2]\n", "list"),
            ("'a=b': 1\n", "a=b"),
        ] {
            let err = vars(yaml).expect_err("refused");
            assert!(
                matches!(&err, Error::EnvVariable { key: k, .. } if k == key),
                "{err}"
            );
        }
    }
}
