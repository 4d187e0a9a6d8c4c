//! Property tests of the sealing core through the library API: encrypt→decrypt is the
//! identity for arbitrary trees, resealing an opened file changes only `lastmodified` and
//! `mac`, and no single-byte change of a sealed file opens to different data.

use std::collections::BTreeMap;
use std::path::PathBuf;

use age::secrecy::ExposeSecret;
use hush::document::Format;
use hush::envelope::seal::KeyWrapper;
use hush::identities::{Identities, generate_identity};
use hush::ops::io::Input;
use hush::ops::keys::{IdentityUnwrapper, age_wrappers};
use hush::ops::seal::{EncryptOptions, seal_bytes};
use hush::ops::sealed_file::SealedFile;
use proptest::prelude::*;
use serde_json::Value;

/// Trees of maps, lists, strings, integers, booleans and (`nulls`) nulls. No floats: their
/// spelling is the file's, and JSON numbers compare by value.
fn tree(strings: &'static str, nulls: bool) -> impl Strategy<Value = Value> {
    let null_weight = u32::from(nulls);
    let leaf = prop_oneof![
        4 => strings.prop_map(Value::String),
        4 => any::<i64>().prop_map(Value::from),
        4 => any::<bool>().prop_map(Value::Bool),
        null_weight => Just(Value::Null),
    ];
    leaf.prop_recursive(4, 32, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 1..4).prop_map(Value::Array),
            prop::collection::btree_map("k_[a-z0-9_]{0,6}", inner, 1..4)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// A top-level map (a sealed document's root).
fn document(strings: &'static str) -> impl Strategy<Value = BTreeMap<String, Value>> {
    prop::collection::btree_map("k_[a-z0-9_]{0,6}", tree(strings, true), 1..5)
}

/// A document without nulls and empty strings. The sops format neither encrypts these nor
/// authenticates key names (only values, whose encryption binds their key path), so
/// renaming the key of such a value is undetectable by design; every other change must be
/// detected.
fn document_without_nulls(strings: &'static str) -> impl Strategy<Value = BTreeMap<String, Value>> {
    prop::collection::btree_map("k_[a-z0-9_]{0,6}", tree(strings, false), 1..5)
}

struct Keys {
    ids: Identities,
    recipient: String,
}

fn keys() -> Keys {
    let (secret, recipient) = generate_identity();
    Keys {
        ids: Identities::from_text("test", secret.expose_secret()).expect("identity"),
        recipient,
    }
}

fn seal(keys: &Keys, plain: &[u8], format: Format) -> Vec<u8> {
    let wrappers = age_wrappers(std::slice::from_ref(&keys.recipient)).expect("recipient");
    let group: Vec<&dyn KeyWrapper> = wrappers.iter().map(|w| w as &dyn KeyWrapper).collect();
    seal_bytes(
        plain.to_vec(),
        EncryptOptions {
            input: Input::File(PathBuf::from("plain")),
            input_format: format,
            output_format: format,
            groups: vec![group],
            shamir_threshold: None,
            rule: None,
            mac_only_encrypted: false,
        },
    )
    .expect("seal")
}

fn open(keys: &Keys, sealed: &[u8], format: Format) -> hush::Result<SealedFile> {
    SealedFile::open_bytes(
        sealed.to_vec(),
        format,
        &IdentityUnwrapper(&keys.ids),
        PathBuf::from("sealed"),
    )
}

/// Block-style YAML of a tree whose strings need no escaping inside double quotes.
fn yaml(map: &BTreeMap<String, Value>) -> String {
    let mut out = String::new();
    for (k, v) in map {
        yaml_entry(&mut out, 0, &format!("{k}:"), v);
    }
    out
}

fn yaml_entry(out: &mut String, indent: usize, head: &str, value: &Value) {
    let pad = " ".repeat(indent);
    match value {
        Value::Object(m) => {
            out.push_str(&format!("{pad}{head}\n"));
            for (k, v) in m {
                yaml_entry(out, indent + 2, &format!("{k}:"), v);
            }
        }
        Value::Array(items) => {
            out.push_str(&format!("{pad}{head}\n"));
            for v in items {
                yaml_entry(out, indent + 2, "-", v);
            }
        }
        Value::String(s) => out.push_str(&format!("{pad}{head} \"{s}\"\n")),
        scalar => out.push_str(&format!("{pad}{head} {scalar}\n")),
    }
}

fn json(map: &BTreeMap<String, Value>) -> String {
    serde_json::to_string_pretty(map).expect("json") + "\n"
}

/// Lines of `after` that differ from `before`.
fn changed_lines(before: &str, after: &str) -> Vec<String> {
    assert_eq!(before.lines().count(), after.lines().count(), "{after}");
    before
        .lines()
        .zip(after.lines())
        .filter(|(a, b)| a != b)
        .map(|(_, b)| b.to_string())
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn json_encrypt_then_decrypt_is_the_identity(map in document("\\PC{0,12}")) {
        let keys = keys();
        let plain = json(&map);
        let sealed = seal(&keys, plain.as_bytes(), Format::Json);
        let opened = open(&keys, &sealed, Format::Json).expect("open");
        let back: BTreeMap<String, Value> =
            serde_json::from_slice(&opened.plaintext().expect("plaintext")).expect("json");
        prop_assert_eq!(back, map);
    }

    #[test]
    fn yaml_encrypt_then_decrypt_gives_back_the_bytes(map in document("[a-zA-Z0-9 _.:/-]{0,12}")) {
        let keys = keys();
        let plain = yaml(&map);
        let sealed = seal(&keys, plain.as_bytes(), Format::Yaml);
        let opened = open(&keys, &sealed, Format::Yaml).expect("open");
        prop_assert_eq!(String::from_utf8(opened.plaintext().expect("plaintext")).expect("utf-8"), plain);
    }

    #[test]
    fn reseal_changes_only_lastmodified_and_mac(
        map in document("[a-zA-Z0-9 _.:/-]{0,12}"),
        as_yaml in any::<bool>(),
    ) {
        let keys = keys();
        let (format, plain) = if as_yaml { (Format::Yaml, yaml(&map)) } else { (Format::Json, json(&map)) };
        let sealed = seal(&keys, plain.as_bytes(), format);
        let resealed = open(&keys, &sealed, format).expect("open").reseal().expect("reseal");
        let before = String::from_utf8(sealed).expect("utf-8");
        let after = String::from_utf8(resealed).expect("utf-8");
        for line in changed_lines(&before, &after) {
            prop_assert!(line.contains("\"lastmodified\"") || line.contains("lastmodified:")
                || line.contains("\"mac\"") || line.contains("mac:"), "unexpected change {}", line);
        }
    }

    #[test]
    fn decrypt_then_encrypt_with_reuse_gives_back_the_same_bytes(
        map in document("[a-zA-Z0-9 _.:/-]{0,12}"),
        as_yaml in any::<bool>(),
    ) {
        // `hush decrypt` then `hush encrypt --reuse OLD`: the same file, except the two
        // lines every seal rewrites (the time stamp, and the MAC under a fresh IV).
        let keys = keys();
        let (format, plain) = if as_yaml { (Format::Yaml, yaml(&map)) } else { (Format::Json, json(&map)) };
        let sealed = seal(&keys, plain.as_bytes(), format);
        let dir = tempfile::tempdir().expect("temp dir");
        let old = dir.path().join("old");
        std::fs::write(&old, &sealed).expect("write old");
        let decrypted = open(&keys, &sealed, format).expect("open").plaintext().expect("plaintext");
        let plain_file = dir.path().join("plain");
        std::fs::write(&plain_file, &*decrypted).expect("write plaintext");
        let again = hush::ops::reuse::encrypt_reusing(hush::ops::reuse::ReuseOptions {
            old,
            old_format: format,
            input: Input::File(plain_file),
            input_format: format,
            unwrapper: &IdentityUnwrapper(&keys.ids),
        })
        .expect("encrypt --reuse");
        let before = String::from_utf8(sealed).expect("utf-8");
        let after = String::from_utf8(again).expect("utf-8");
        prop_assert_eq!(before.lines().count(), after.lines().count());
        for line in changed_lines(&before, &after) {
            prop_assert!(line.contains("\"lastmodified\"") || line.contains("lastmodified:")
                || line.contains("\"mac\"") || line.contains("mac:"), "unexpected change {}", line);
        }
    }

    #[test]
    fn a_single_byte_change_never_opens_to_different_data(
        map in document_without_nulls("\\PC{1,12}"),
        changes in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 16),
    ) {
        let keys = keys();
        let sealed = seal(&keys, json(&map).as_bytes(), Format::Json);
        for (at, byte) in changes {
            let mut tampered = sealed.clone();
            let i = at.index(tampered.len());
            if tampered[i] == byte {
                continue;
            }
            tampered[i] = byte;
            let Ok(opened) = open(&keys, &tampered, Format::Json) else { continue };
            let back: BTreeMap<String, Value> =
                serde_json::from_slice(&opened.plaintext().expect("plaintext")).expect("json");
            prop_assert_eq!(&back, &map, "byte {} changed to {:#04x} opened to other data", i, byte);
        }
    }
}
