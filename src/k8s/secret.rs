//! A `kind: Secret` manifest from the top-level values of a decrypted file, for
//! `hush k8s secret x.enc.env | kubectl apply -f -`. With versioning the name carries a
//! hash of the content and the Secret is immutable, so each change is a new Secret.

use base64::Engine;
use sha2::{Digest, Sha256};
use zeroize::Zeroizing;

use super::generate::scalar;
use crate::document::{Document, Entry, Scalar, Value};
use crate::error::{Error, Result};

#[derive(Clone, Debug)]
pub struct SecretOptions {
    pub name: String,
    pub namespace: Option<String>,
    /// Name it `<name>-<hash>` and set `immutable: true`.
    pub immutable_versioned: bool,
}

/// The default Secret name for a file: its name up to the first dot (`db.enc.env` → `db`).
pub fn default_name(path: &std::path::Path) -> Option<String> {
    let file = path.file_name()?.to_str()?;
    let stem = file.split('.').next().filter(|s| !s.is_empty())?;
    Some(stem.to_ascii_lowercase().replace('_', "-"))
}

/// Renders the manifest (the values are zeroized when it is dropped).
pub fn render(doc: &Document, opts: &SecretOptions) -> Result<Zeroizing<String>> {
    check_name(&opts.name, "--name")?;
    if let Some(ns) = &opts.namespace {
        check_name(ns, "--namespace")?;
    }
    let data = values(doc)?;
    let name = if opts.immutable_versioned {
        format!("{}-{}", opts.name, content_hash(&data))
    } else {
        opts.name.clone()
    };
    let mut out = Zeroizing::new(String::new());
    out.push_str("apiVersion: v1\nkind: Secret\nmetadata:\n");
    out.push_str(&format!("  name: {name}\n"));
    if let Some(ns) = &opts.namespace {
        out.push_str(&format!("  namespace: {ns}\n"));
    }
    out.push_str("type: Opaque\n");
    if opts.immutable_versioned {
        out.push_str("immutable: true\n");
    }
    out.push_str(if data.is_empty() {
        "data: {}\n"
    } else {
        "data:\n"
    });
    for (key, value) in data.iter() {
        let encoded =
            Zeroizing::new(base64::engine::general_purpose::STANDARD.encode(value.as_slice()));
        out.push_str(&format!(
            "  {}: {}\n",
            scalar(&serde_json::Value::String(key.clone())),
            encoded.as_str()
        ));
    }
    Ok(out)
}

/// Top-level keys and their values as the file spells them, sorted by key.
fn values(doc: &Document) -> Result<Vec<(String, Zeroizing<Vec<u8>>)>> {
    let Some(Value::Map(entries)) = doc.branches.first().map(|b| &b.value) else {
        return Err(Error::Usage(
            "the file's top level must be a map of keys to values".into(),
        ));
    };
    let mut out = Vec::new();
    for (key, node) in entries.iter().filter_map(|e| match e {
        Entry::Pair(k, n) if k != "sops" => Some((k, n)),
        _ => None,
    }) {
        if key.is_empty()
            || !key
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "-._".contains(c))
        {
            return Err(Error::Usage(format!(
                "key `{key}` cannot be a Secret key: use letters, digits, '-', '_' and '.'"
            )));
        }
        let bytes = scalar_bytes(&node.value).ok_or_else(|| {
            Error::Usage(format!(
                "key `{key}` holds a map or list; a Secret takes only top-level values"
            ))
        })?;
        out.push((key.clone(), Zeroizing::new(bytes)));
    }
    out.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(out)
}

fn scalar_bytes(value: &Value) -> Option<Vec<u8>> {
    let Value::Scalar(s) = value else { return None };
    Some(match s {
        Scalar::Str(s) => s.as_bytes().to_vec(),
        Scalar::Bytes(b) => b.clone(),
        Scalar::Null => Vec::new(),
        Scalar::Int { text, .. }
        | Scalar::Float { text, .. }
        | Scalar::Bool { text, .. }
        | Scalar::Time { text } => text.as_bytes().to_vec(),
    })
}

/// The first 10 hex digits of a SHA-256 over the sorted keys and values.
fn content_hash(data: &[(String, Zeroizing<Vec<u8>>)]) -> String {
    let mut h = Sha256::new();
    for (k, v) in data {
        h.update((k.len() as u64).to_be_bytes());
        h.update(k.as_bytes());
        h.update((v.len() as u64).to_be_bytes());
        h.update(v.as_slice());
    }
    hex::encode(h.finalize())[..10].to_string()
}

/// A DNS-1123 subdomain (what Kubernetes requires of names and namespaces).
fn check_name(name: &str, flag: &str) -> Result<()> {
    let ok = !name.is_empty()
        && name.len() <= 253
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '.')
        && name.starts_with(|c: char| c.is_ascii_alphanumeric())
        && name.ends_with(|c: char| c.is_ascii_alphanumeric());
    if ok {
        Ok(())
    } else {
        Err(Error::Usage(format!(
            "{flag} `{name}`: Kubernetes names use lowercase letters, digits, '-' and '.', and start and end with a letter or digit"
        )))
    }
}
