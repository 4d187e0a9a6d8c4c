//! Encrypting and decrypting every value of a tree, and computing its MAC, in the order and
//! with the key paths sops uses (`walkBranch`/`walkSlice` in sops.go): map keys form the path
//! (list indices do not), nulls are skipped, comments are encrypted but never hashed.

use std::collections::HashMap;

use sha2::{Digest, Sha512};

use super::cipher::{self, DataKey, IV_LEN};
use super::rules::Rule;
use super::values::{self, Decrypted};
use crate::document::{Entry, Node, Scalar, Value};

/// sha256("sops"): the MAC's first input when only encrypted values are authenticated.
const MAC_ONLY_ENCRYPTED_SEED: [u8; 32] = [
    0x8a, 0x3f, 0xd2, 0xad, 0x54, 0xce, 0x66, 0x52, 0x7b, 0x10, 0x34, 0xf3, 0xd1, 0x47, 0xbe, 0x0b,
    0x0b, 0x97, 0x5b, 0x3b, 0xf4, 0x4f, 0x72, 0xc6, 0xfd, 0xad, 0xec, 0x81, 0x76, 0xf2, 0x7d, 0x69,
];

/// IVs of values seen while decrypting, keyed by (plaintext, key path), in the order they
/// were met, so re-encrypting an unchanged value reproduces its exact ciphertext. Equal
/// values at the same key path (list items share their list's path) each keep their own IV.
pub type IvStash = HashMap<(Vec<u8>, String), Vec<[u8; IV_LEN]>>;

/// How values are selected and authenticated.
#[derive(Clone, Copy, Debug)]
pub struct WalkOptions<'a> {
    pub rule: Option<&'a Rule>,
    pub mac_only_encrypted: bool,
}

/// A value that could not be processed, located by its key path (never its content).
#[derive(Debug, PartialEq)]
pub struct LeafError {
    pub path: String,
    pub reason: String,
}

/// The AAD / display form of a key path: components joined by `:` plus a trailing `:`.
pub fn aad(path: &[String]) -> String {
    let mut s = path.join(":");
    s.push(':');
    s
}

fn display_path(path: &[String]) -> String {
    if path.is_empty() {
        "the top level".to_string()
    } else {
        path.iter().map(|p| format!("[{p:?}]")).collect()
    }
}

struct Mac(Sha512);

impl Mac {
    fn new(mac_only_encrypted: bool) -> Mac {
        let mut h = Sha512::new();
        if mac_only_encrypted {
            h.update(MAC_ONLY_ENCRYPTED_SEED);
        }
        Mac(h)
    }

    fn hex(self) -> String {
        hex::encode_upper(self.0.finalize())
    }
}

/// One leaf as the walk presents it.
struct Leaf<'n, 'p> {
    node: &'n mut Node,
    path: &'p [String],
    comments: &'p [Vec<String>],
    is_comment: bool,
}

type Visit<'f> = dyn FnMut(Leaf<'_, '_>) -> Result<(), LeafError> + 'f;

fn walk(
    node: &mut Node,
    path: &mut Vec<String>,
    stack: &mut Vec<Vec<String>>,
    f: &mut Visit,
) -> Result<(), LeafError> {
    match &mut node.value {
        Value::Map(entries) => {
            stack.push(Vec::new());
            for entry in entries.iter_mut() {
                match entry {
                    Entry::Comment(c) => visit_comment(c, path, stack, f)?,
                    Entry::Pair(key, child) => {
                        path.push(key.clone());
                        walk(child, path, stack, f)?;
                        path.pop();
                        if let Some(level) = stack.last_mut() {
                            level.clear();
                        }
                    }
                }
            }
            stack.pop();
            Ok(())
        }
        Value::List(items) => {
            stack.push(Vec::new());
            for item in items.iter_mut() {
                if matches!(item.value, Value::Comment(_)) {
                    visit_comment(item, path, stack, f)?;
                } else {
                    walk(item, path, stack, f)?;
                    if let Some(level) = stack.last_mut() {
                        level.clear();
                    }
                }
            }
            stack.pop();
            Ok(())
        }
        Value::Scalar(Scalar::Null) => Ok(()),
        Value::Scalar(_) | Value::Comment(_) => f(Leaf {
            node,
            path,
            comments: stack,
            is_comment: false,
        }),
    }
}

fn visit_comment(
    node: &mut Node,
    path: &[String],
    stack: &mut [Vec<String>],
    f: &mut Visit,
) -> Result<(), LeafError> {
    if let (Value::Comment(text), Some(level)) = (&node.value, stack.last_mut()) {
        level.push(text.clone());
    }
    f(Leaf {
        node,
        path,
        comments: stack,
        is_comment: true,
    })
}

fn walk_all(branches: &mut [Node], f: &mut Visit) -> Result<(), LeafError> {
    for branch in branches {
        walk(branch, &mut Vec::new(), &mut Vec::new(), f)?;
    }
    Ok(())
}

fn selected(opts: &WalkOptions, leaf: &Leaf) -> bool {
    opts.rule
        .is_none_or(|r| r.should_encrypt(leaf.path, leaf.comments, leaf.is_comment))
}

/// Calls `f` with every value leaf (not comments) that `rule` selects for encryption and
/// its key path. The tree is not changed; `lint` uses this to find values a sealed file's
/// own rule says should be encrypted.
pub fn for_each_selected(
    branches: &mut [Node],
    rule: Option<&Rule>,
    f: &mut dyn FnMut(&Node, &[String]),
) {
    let opts = WalkOptions {
        rule,
        mac_only_encrypted: false,
    };
    let _ = walk_all(branches, &mut |leaf: Leaf| {
        if !leaf.is_comment && selected(&opts, &leaf) {
            f(leaf.node, leaf.path);
        }
        Ok(())
    });
}

/// Encrypts the selected values in place and returns the MAC (uppercase hex) over the
/// plaintext. Values found in `stash` reuse their IV.
pub fn encrypt_tree(
    branches: &mut [Node],
    key: &DataKey,
    opts: WalkOptions,
    stash: Option<&IvStash>,
) -> Result<String, LeafError> {
    let mut mac = Mac::new(opts.mac_only_encrypted);
    // How many IVs of each stash entry were handed out so far.
    let mut used: HashMap<(Vec<u8>, String), usize> = HashMap::new();
    walk_all(branches, &mut |leaf| {
        let encrypt = selected(&opts, &leaf);
        let aad = aad(leaf.path);
        let mut reuse = |plain: &[u8]| {
            let entry = (plain.to_vec(), aad.clone());
            let count = used.get(&entry).copied().unwrap_or(0);
            let iv = stash
                .and_then(|s| s.get(&entry))
                .and_then(|ivs| ivs.get(count).copied());
            if iv.is_some() {
                used.insert(entry, count + 1);
            }
            iv
        };
        match &leaf.node.value {
            Value::Comment(text) => {
                if encrypt && !text.is_empty() {
                    let enc = cipher::encrypt(
                        key,
                        text.as_bytes(),
                        &aad,
                        "comment",
                        reuse(text.as_bytes()),
                    );
                    leaf.node.set(Value::Comment(enc));
                }
            }
            Value::Scalar(s) => {
                if !opts.mac_only_encrypted || encrypt {
                    mac.0.update(values::mac_bytes(s));
                }
                let (mut plain, type_tag) = values::plaintext(s);
                let mut iv = reuse(&plain);
                // sops stores booleans as `True`/`False`: when that is what the old file
                // had, encrypt exactly those bytes again so the ciphertext stays the same
                // (an IV is only ever reused for the very bytes it encrypted before).
                if let (None, Scalar::Bool { value, .. }) = (iv, s) {
                    let go = values::go_bool(*value).as_bytes();
                    if let Some(old) = reuse(go) {
                        (plain, iv) = (go.to_vec(), Some(old));
                    }
                }
                if encrypt && !plain.is_empty() {
                    let enc = cipher::encrypt(key, &plain, &aad, type_tag, iv);
                    leaf.node.set(Value::Scalar(Scalar::Str(enc)));
                }
            }
            Value::Map(_) | Value::List(_) => {}
        }
        Ok(())
    })?;
    Ok(mac.hex())
}

/// Decrypts the selected values in place, returning the MAC computed over the plaintext and
/// the IV of every decrypted value.
pub fn decrypt_tree(
    branches: &mut [Node],
    key: &DataKey,
    opts: WalkOptions,
) -> Result<(String, IvStash), LeafError> {
    let mut mac = Mac::new(opts.mac_only_encrypted);
    let mut stash = IvStash::new();
    walk_all(branches, &mut |leaf| {
        let encrypt = selected(&opts, &leaf);
        match &leaf.node.value {
            Value::Comment(text) => {
                if cipher::is_encrypted(text) {
                    decrypt_comment(leaf.node, leaf.path, key, &mut stash);
                }
            }
            Value::Scalar(s) if encrypt => {
                let decrypted = decrypt_scalar(s, leaf.path, key, &mut stash)?;
                match decrypted {
                    Decrypted::Scalar(plain) => {
                        mac.0.update(values::mac_bytes(&plain));
                        leaf.node.set(Value::Scalar(plain));
                    }
                    // sops' list-comment quirk: a comment stored as an encrypted list item.
                    Decrypted::Comment(text) => leaf.node.set(Value::Comment(text)),
                }
            }
            Value::Scalar(s) => {
                if !opts.mac_only_encrypted {
                    mac.0.update(values::mac_bytes(s));
                }
            }
            Value::Map(_) | Value::List(_) => {}
        }
        Ok(())
    })?;
    Ok((mac.hex(), stash))
}

fn decrypt_scalar(
    s: &Scalar,
    path: &[String],
    key: &DataKey,
    stash: &mut IvStash,
) -> Result<Decrypted, LeafError> {
    let fail = |reason: String| LeafError {
        path: display_path(path),
        reason,
    };
    let text = match s {
        Scalar::Str(t) => t,
        other => {
            return Err(fail(format!(
                "expected an encrypted value but found a plain {}; the file was edited by hand or is corrupt",
                kind_name(other)
            )));
        }
    };
    if text.is_empty() {
        return Ok(Decrypted::Scalar(Scalar::Str(String::new())));
    }
    let aad = aad(path);
    let (plain, type_tag, iv) =
        cipher::decrypt(key, text, &aad).map_err(|e| fail(e.to_string()))?;
    remember_iv(stash, &plain, &aad, &iv);
    values::from_plaintext(&plain, &type_tag).map_err(fail)
}

/// Comments are tried with their own path and then each enclosing path, since YAML parsers
/// disagree on which map a comment between two indentation levels belongs to. A comment that
/// does not decrypt is kept as it is, as sops does for comments written in clear by old versions.
fn decrypt_comment(node: &mut Node, path: &[String], key: &DataKey, stash: &mut IvStash) {
    let Value::Comment(text) = &node.value else {
        return;
    };
    for depth in (0..=path.len()).rev() {
        let aad = aad(&path[..depth]);
        if let Ok((plain, type_tag, iv)) = cipher::decrypt(key, text, &aad)
            && type_tag == "comment"
            && let Ok(s) = String::from_utf8(plain.to_vec())
        {
            remember_iv(stash, &plain, &aad, &iv);
            node.set(Value::Comment(s));
            return;
        }
    }
}

fn remember_iv(stash: &mut IvStash, plain: &[u8], aad: &str, iv: &[u8]) {
    if let Ok(iv) = <[u8; IV_LEN]>::try_from(iv) {
        stash
            .entry((plain.to_vec(), aad.to_string()))
            .or_default()
            .push(iv);
    }
}

fn kind_name(s: &Scalar) -> &'static str {
    match s {
        Scalar::Null => "null",
        Scalar::Str(_) | Scalar::Bytes(_) => "string",
        Scalar::Int { .. } => "integer",
        Scalar::Float { .. } => "float",
        Scalar::Bool { .. } => "boolean",
        Scalar::Time { .. } => "timestamp",
    }
}

/// Encrypts the MAC with the `lastmodified` timestamp as AAD.
pub fn encrypt_mac(
    key: &DataKey,
    mac_hex: &str,
    lastmodified_aad: &str,
    iv: Option<[u8; IV_LEN]>,
) -> String {
    cipher::encrypt(key, mac_hex.as_bytes(), lastmodified_aad, "str", iv)
}

/// Decrypts a stored MAC.
pub fn decrypt_mac(
    key: &DataKey,
    enc: &str,
    lastmodified_aad: &str,
) -> Result<String, cipher::CipherError> {
    let (plain, _, _) = cipher::decrypt(key, enc, lastmodified_aad)?;
    Ok(String::from_utf8_lossy(&plain).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pair(k: &str, n: Node) -> Entry {
        Entry::Pair(k.to_string(), n)
    }

    fn s(v: &str) -> Node {
        Node::scalar(Scalar::Str(v.to_string()))
    }

    fn sample() -> Vec<Node> {
        vec![Node::map(vec![
            Entry::Comment(Node::new(Value::Comment(" top".into()))),
            pair("a", s("hello")),
            pair("n", Node::scalar(Scalar::int(42))),
            pair("b_unencrypted", s("clear")),
            pair("nul", Node::scalar(Scalar::Null)),
            pair("empty", s("")),
            pair(
                "list",
                Node::new(Value::List(vec![
                    s("x"),
                    Node::map(vec![pair("k", Node::scalar(Scalar::bool(true)))]),
                ])),
            ),
        ])]
    }

    #[test]
    fn encrypt_then_decrypt_restores_values_and_mac() {
        let key = DataKey::generate();
        let rule = Rule::from_key("unencrypted_suffix", "_unencrypted").unwrap();
        let opts = WalkOptions {
            rule: Some(&rule),
            mac_only_encrypted: false,
        };
        let mut tree = sample();
        let mac = encrypt_tree(&mut tree, &key, opts, None).unwrap();
        let root = &tree[0];
        assert!(
            matches!(&root.get("a").unwrap().value, Value::Scalar(Scalar::Str(v)) if v.starts_with("ENC["))
        );
        assert_eq!(
            root.get("b_unencrypted").unwrap().value,
            Value::Scalar(Scalar::Str("clear".into()))
        );
        assert_eq!(
            root.get("empty").unwrap().value,
            Value::Scalar(Scalar::Str("".into()))
        );
        let (mac2, stash) = decrypt_tree(&mut tree, &key, opts).unwrap();
        assert_eq!(mac, mac2);
        let mut expected = sample();
        // Decrypting sets values back; structural equality ignores the `changed` flags.
        for t in [&mut tree, &mut expected] {
            clear_flags(&mut t[0]);
        }
        assert_eq!(tree, expected);
        assert!(stash.contains_key(&(b"hello".to_vec(), "a:".to_string())));
    }

    fn clear_flags(n: &mut Node) {
        n.changed = false;
        match &mut n.value {
            Value::Map(es) => es.iter_mut().for_each(|e| match e {
                Entry::Pair(_, c) | Entry::Comment(c) => clear_flags(c),
            }),
            Value::List(items) => items.iter_mut().for_each(clear_flags),
            _ => {}
        }
    }

    #[test]
    fn mac_matches_sops_definition() {
        // SHA-512 over "hello" "42" "clear" "" "x" "True" (comments and nulls excluded).
        let key = DataKey::generate();
        let mut tree = sample();
        let mac = encrypt_tree(
            &mut tree,
            &key,
            WalkOptions {
                rule: None,
                mac_only_encrypted: false,
            },
            None,
        )
        .unwrap();
        let expected = hex::encode_upper(Sha512::digest(b"hello42clearxTrue"));
        assert_eq!(mac, expected);
    }

    #[test]
    fn mac_only_encrypted_seeds_and_skips_plain_values() {
        let key = DataKey::generate();
        let rule = Rule::from_key("unencrypted_suffix", "_unencrypted").unwrap();
        let mut tree = sample();
        let opts = WalkOptions {
            rule: Some(&rule),
            mac_only_encrypted: true,
        };
        let mac = encrypt_tree(&mut tree, &key, opts, None).unwrap();
        let mut h = Sha512::new();
        h.update(MAC_ONLY_ENCRYPTED_SEED);
        h.update(b"hello42xTrue");
        assert_eq!(mac, hex::encode_upper(h.finalize()));
    }

    #[test]
    fn tampered_key_path_is_refused_without_leaking() {
        let key = DataKey::generate();
        let mut tree = sample();
        let opts = WalkOptions {
            rule: None,
            mac_only_encrypted: false,
        };
        encrypt_tree(&mut tree, &key, opts, None).unwrap();
        if let Value::Map(entries) = &mut tree[0].value
            && let Entry::Pair(k, _) = &mut entries[1]
        {
            *k = "renamed".into();
        }
        let err = decrypt_tree(&mut tree, &key, opts).unwrap_err();
        assert_eq!(err.path, "[\"renamed\"]");
        assert!(!err.reason.contains("hello"));
    }

    #[test]
    fn plain_value_in_encrypted_position_is_an_error() {
        let key = DataKey::generate();
        let mut tree = vec![Node::map(vec![pair("n", Node::scalar(Scalar::int(1)))])];
        let err = decrypt_tree(
            &mut tree,
            &key,
            WalkOptions {
                rule: None,
                mac_only_encrypted: false,
            },
        )
        .unwrap_err();
        assert!(err.reason.contains("plain integer"), "{}", err.reason);
    }

    #[test]
    fn stash_reproduces_ciphertext() {
        let key = DataKey::generate();
        let opts = WalkOptions {
            rule: None,
            mac_only_encrypted: false,
        };
        let mut tree = sample();
        encrypt_tree(&mut tree, &key, opts, None).unwrap();
        let sealed = tree.clone();
        let (_, stash) = decrypt_tree(&mut tree, &key, opts).unwrap();
        encrypt_tree(&mut tree, &key, opts, Some(&stash)).unwrap();
        assert_eq!(
            tree[0].get("a").unwrap().value,
            sealed[0].get("a").unwrap().value
        );
    }
}
