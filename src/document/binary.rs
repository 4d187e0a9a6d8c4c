//! The binary store: any file is one opaque value under the key `data`.
//!
//! Plain files become `{"data": <bytes>}` (a string when the bytes are UTF-8, raw bytes
//! otherwise, so nothing is lost). Sealed files are sops' JSON envelope
//! `{"data": "ENC[...]", "sops": {...}}`, read with [`parse_sealed`] and written by [`emit`]
//! exactly as sops writes them (tab-indented, `data` then `sops`).

use super::{Entry, Layout, Node, Origin, Parsed, Scalar, StoreError, Style, Value};

/// The only key of a binary tree.
pub const DATA_KEY: &str = "data";

/// Wraps the raw bytes of a plain file.
pub fn parse(src: &[u8]) -> Parsed {
    let scalar = match std::str::from_utf8(src) {
        Ok(text) => Scalar::Str(text.to_string()),
        Err(_) => Scalar::Bytes(src.to_vec()),
    };
    let origin = Origin {
        span: 0..src.len(),
        style: Style::Plain,
    };
    let data = Node::with_origin(Value::Scalar(scalar), origin);
    Parsed {
        branches: vec![Node::map(vec![Entry::Pair(DATA_KEY.to_string(), data)])],
        metadata: None,
        layout: Layout::Fresh,
    }
}

/// Reads sops' sealed form of a binary file: a JSON object with a string `data` and `sops`.
pub fn parse_sealed(src: &[u8]) -> Result<Parsed, StoreError> {
    let parsed = super::json::parse(src)?;
    let root = parsed.branches.first();
    let data = root.and_then(|r| r.get(DATA_KEY));
    if !matches!(
        data,
        Some(Node {
            value: Value::Scalar(Scalar::Str(_)),
            ..
        })
    ) {
        return Err(StoreError::whole(
            "a sealed binary file must hold a string \"data\" value",
        ));
    }
    Ok(Parsed {
        layout: Layout::Fresh,
        ..parsed
    })
}

/// With metadata, writes the sealed JSON form; without, the raw bytes of `data`.
pub fn emit(
    branches: &[Node],
    metadata: Option<&serde_json::Value>,
) -> Result<Vec<u8>, StoreError> {
    let [root] = branches else {
        return Err(StoreError::whole(
            "binary output needs exactly one document",
        ));
    };
    let data = root
        .get(DATA_KEY)
        .ok_or_else(|| StoreError::whole("no \"data\" value to write as a binary file"))?;
    if metadata.is_some() {
        let only_data = Node::map(vec![Entry::Pair(DATA_KEY.to_string(), data.clone())]);
        return super::json::emit_fresh(&[only_data], metadata);
    }
    match &data.value {
        Value::Scalar(Scalar::Str(s)) => Ok(s.as_bytes().to_vec()),
        Value::Scalar(Scalar::Bytes(b)) => Ok(b.clone()),
        _ => Err(StoreError::whole(
            "the \"data\" value of a binary file must be a string",
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SEALED: &[u8] = include_bytes!("../../tests/fixtures/sops/sealed.bin");
    const PLAIN: &[u8] = include_bytes!("../../tests/fixtures/sops/plain.bin");

    #[test]
    fn plain_bytes_survive_including_non_utf8() {
        let parsed = parse(PLAIN);
        let data = parsed.branches[0].get(DATA_KEY).unwrap();
        assert_eq!(data.value, Value::Scalar(Scalar::Bytes(PLAIN.to_vec())));
        assert_eq!(emit(&parsed.branches, None).unwrap(), PLAIN);
        let text = parse(b"hello\n");
        let data = text.branches[0].get(DATA_KEY).unwrap();
        assert_eq!(data.value, Value::Scalar(Scalar::Str("hello\n".into())));
        assert_eq!(emit(&text.branches, None).unwrap(), b"hello\n");
    }

    #[test]
    fn reads_and_rewrites_real_sealed_files_identically() {
        let parsed = parse_sealed(SEALED).unwrap();
        let meta = parsed.metadata.as_ref().expect("metadata");
        assert_eq!(meta["version"], "3.11.0");
        assert!(meta.get("unencrypted_suffix").is_none());
        let data = parsed.branches[0].get(DATA_KEY).unwrap();
        assert!(matches!(&data.value, Value::Scalar(Scalar::Str(s)) if s.starts_with("ENC[")));
        assert_eq!(emit(&parsed.branches, Some(meta)).unwrap(), SEALED);
    }

    #[test]
    fn sealed_form_needs_string_data() {
        assert!(parse_sealed(b"{\"data\": 1, \"sops\": {}}").is_err());
        assert!(parse_sealed(b"{\"sops\": {}}").is_err());
        assert_eq!(parse_sealed(b"[]").unwrap_err().offset, Some(0));
    }

    #[test]
    fn emit_needs_one_string_data_value() {
        let none = Node::map(vec![]);
        assert!(emit(&[none], None).is_err());
        let int = Node::map(vec![Entry::Pair(
            DATA_KEY.into(),
            Node::scalar(Scalar::int(1)),
        )]);
        assert!(emit(&[int], None).is_err());
        assert!(emit(&[], None).is_err());
    }
}
