//! sops' flattening of the `sops` metadata block into single-level `key = value` pairs, as the
//! dotenv store (`sops_` prefix added by the caller) and the INI store (`[sops]` section) write it.
//!
//! A nested map key is appended as `__map_<key>`, a list index as `__list_<n>`:
//! `{"age": [{"enc": "x"}]}` ⇄ `age__list_0__map_enc = x`. Values are written as text
//! (numbers in JSON notation, bools as `true`/`false`) and read back as strings: the metadata
//! reader is weakly typed, as sops' is. Empty maps and lists vanish, as in sops.

use serde_json::{Map, Value};

const MAP_SEP: &str = "__map_";
const LIST_SEP: &str = "__list_";

/// Flattens `meta` (normally an object) into `(key, text)` pairs in document order.
pub fn flatten(meta: &Value) -> Vec<(String, String)> {
    let mut out = Vec::new();
    match meta {
        Value::Object(map) => {
            for (k, v) in map {
                descend(v, k.clone(), &mut out);
            }
        }
        other => descend(other, String::new(), &mut out),
    }
    out
}

fn descend(value: &Value, key: String, out: &mut Vec<(String, String)>) {
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                descend(v, format!("{key}{MAP_SEP}{k}"), out);
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                descend(v, format!("{key}{LIST_SEP}{i}"), out);
            }
        }
        Value::String(s) => out.push((key, s.clone())),
        Value::Bool(b) => out.push((key, b.to_string())),
        Value::Number(n) => out.push((key, n.to_string())),
        Value::Null => out.push((key, String::new())),
    }
}

/// One step of a flattened key.
#[derive(Debug, PartialEq)]
enum Token {
    Key(String),
    Index(usize),
}

/// Splits `age__list_0__map_enc` into `[Key(age), Index(0), Key(enc)]`.
fn tokenize(path: &str) -> Result<Vec<Token>, String> {
    let mut tokens = Vec::new();
    let mut rest = path;
    let mut pending_index = false;
    loop {
        let next = [(MAP_SEP, false), (LIST_SEP, true)]
            .iter()
            .filter_map(|(sep, is_list)| rest.find(sep).map(|p| (p, sep.len(), *is_list)))
            .min_by_key(|(p, _, _)| *p);
        let (piece, after) = match next {
            Some((pos, len, _)) => (&rest[..pos], Some(&rest[pos + len..])),
            None => (rest, None),
        };
        tokens.push(if pending_index {
            let index = piece
                .parse::<usize>()
                .map_err(|_| format!("bad list index in metadata key {path:?}"))?;
            Token::Index(index)
        } else {
            Token::Key(piece.to_string())
        });
        match (next, after) {
            (Some((_, _, is_list)), Some(after)) => {
                pending_index = is_list;
                rest = after;
            }
            _ => return Ok(tokens),
        }
    }
}

/// The tree being rebuilt: a leaf, a map in first-seen order, or a sparse list.
enum Slot {
    Empty,
    Leaf(String),
    Map(Vec<(String, Slot)>),
    List(Vec<(usize, Slot)>),
}

impl Slot {
    fn child(&mut self, token: &Token, path: &str) -> Result<&mut Slot, String> {
        if matches!(self, Slot::Empty) {
            *self = match token {
                Token::Key(_) => Slot::Map(Vec::new()),
                Token::Index(_) => Slot::List(Vec::new()),
            };
        }
        match (self, token) {
            (Slot::Map(entries), Token::Key(k)) => {
                let at = match entries.iter().position(|(key, _)| key == k) {
                    Some(at) => at,
                    None => {
                        entries.push((k.clone(), Slot::Empty));
                        entries.len() - 1
                    }
                };
                Ok(&mut entries[at].1)
            }
            (Slot::List(items), Token::Index(i)) => {
                let at = match items.iter().position(|(index, _)| index == i) {
                    Some(at) => at,
                    None => {
                        items.push((*i, Slot::Empty));
                        items.len() - 1
                    }
                };
                Ok(&mut items[at].1)
            }
            _ => Err(format!(
                "metadata key {path:?} mixes maps, lists and values"
            )),
        }
    }

    fn into_json(self, path: &str) -> Result<Value, String> {
        match self {
            Slot::Empty => Ok(Value::Object(Map::new())),
            Slot::Leaf(s) => Ok(Value::String(s)),
            Slot::Map(entries) => {
                let mut map = Map::new();
                for (k, v) in entries {
                    map.insert(k, v.into_json(path)?);
                }
                Ok(Value::Object(map))
            }
            Slot::List(mut items) => {
                items.sort_by_key(|(i, _)| *i);
                if items.iter().enumerate().any(|(want, (i, _))| want != *i) {
                    return Err(format!("metadata list {path:?} has missing indices"));
                }
                items
                    .into_iter()
                    .map(|(_, v)| v.into_json(path))
                    .collect::<Result<Vec<_>, _>>()
                    .map(Value::Array)
            }
        }
    }
}

/// Rebuilds the metadata object from flattened pairs; all values stay strings.
pub fn unflatten(pairs: &[(String, String)]) -> Result<Value, String> {
    let mut root = Slot::Map(Vec::new());
    for (key, value) in pairs {
        let mut slot = &mut root;
        for token in tokenize(key)? {
            slot = slot.child(&token, key)?;
        }
        if !matches!(slot, Slot::Empty) {
            return Err(format!("metadata key {key:?} is given twice or clashes"));
        }
        *slot = Slot::Leaf(value.clone());
    }
    let first = pairs.first().map_or("", |(k, _)| k.as_str());
    root.into_json(first)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn flattens_like_sops() {
        let meta = json!({
            "key_groups": [{"age": [{"recipient": "r0", "enc": "e0"}]},
                           {"age": [{"recipient": "r1", "enc": "e1"}]}],
            "kms": [{"context": {"tenant": "t"}}],
            "empty": [],
            "shamir_threshold": 2,
            "mac_only_encrypted": true,
            "lastmodified": "2024-01-01T00:00:00Z",
        });
        assert_eq!(
            flatten(&meta),
            pairs(&[
                ("key_groups__list_0__map_age__list_0__map_recipient", "r0"),
                ("key_groups__list_0__map_age__list_0__map_enc", "e0"),
                ("key_groups__list_1__map_age__list_0__map_recipient", "r1"),
                ("key_groups__list_1__map_age__list_0__map_enc", "e1"),
                ("kms__list_0__map_context__map_tenant", "t"),
                ("shamir_threshold", "2"),
                ("mac_only_encrypted", "true"),
                ("lastmodified", "2024-01-01T00:00:00Z"),
            ])
        );
    }

    #[test]
    fn unflatten_reverses_flatten_keeping_order() {
        let meta = json!({
            "age": [{"recipient": "r0", "enc": "a\nb"}, {"recipient": "r1", "enc": "c"}],
            "lastmodified": "t",
            "shamir_threshold": "2",
            "version": "3.11.0",
        });
        let flat = flatten(&meta);
        let back = unflatten(&flat).unwrap();
        assert_eq!(back, meta);
        assert_eq!(flatten(&back), flat);
    }

    #[test]
    fn unflatten_accepts_any_order_of_list_items() {
        let flat = pairs(&[
            ("age__list_1__map_enc", "e1"),
            ("age__list_0__map_enc", "e0"),
        ]);
        assert_eq!(
            unflatten(&flat).unwrap(),
            json!({"age": [{"enc": "e0"}, {"enc": "e1"}]})
        );
    }

    #[test]
    fn unflatten_rejects_inconsistent_keys() {
        assert!(unflatten(&pairs(&[("a", "1"), ("a", "2")])).is_err());
        assert!(unflatten(&pairs(&[("a", "1"), ("a__map_b", "2")])).is_err());
        assert!(unflatten(&pairs(&[("a__list_0", "1"), ("a__map_b", "2")])).is_err());
        assert!(unflatten(&pairs(&[("a__list_1", "1")])).is_err());
        assert!(unflatten(&pairs(&[("a__list_x", "1")])).is_err());
    }

    #[test]
    fn tokenizes_both_separators() {
        assert_eq!(
            tokenize("a__list_10__map_b__map_c").unwrap(),
            vec![
                Token::Key("a".into()),
                Token::Index(10),
                Token::Key("b".into()),
                Token::Key("c".into())
            ]
        );
        assert_eq!(tokenize("plain").unwrap(), vec![Token::Key("plain".into())]);
    }
}
