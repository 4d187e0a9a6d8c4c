//! Names the state of a value stored in etcd without decrypting it: plaintext (protobuf or
//! JSON), `<provider>:<key name>` for aescbc/aesgcm/secretbox, `kms:v1:<name>` or
//! `kms:v2:<name>` (with the KMS key id), or unknown.

use super::model::{EncryptionConfig, ProviderKind};
use super::proto;

/// What a value is, as far as its bytes tell.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Class {
    /// `plaintext`, `aesgcm:key1`, `kms:v2:vault`, `unknown`.
    pub state: String,
    /// KMS v2: the key id the plugin reported when the value was written.
    pub key_id: Option<String>,
}

impl Class {
    fn of(state: impl Into<String>) -> Class {
        Class {
            state: state.into(),
            key_id: None,
        }
    }

    pub fn is_plaintext(&self) -> bool {
        self.state == PLAINTEXT
    }
}

pub const PLAINTEXT: &str = "plaintext";
pub const UNKNOWN: &str = "unknown";

/// Key and provider names known from a config, matched longest first (names may hold `:`).
#[derive(Clone, Debug, Default)]
pub struct KnownNames {
    names: Vec<String>,
}

impl KnownNames {
    pub fn from_config(config: &EncryptionConfig) -> KnownNames {
        let mut names: Vec<String> = config
            .resources
            .iter()
            .flat_map(|e| e.providers.iter().flat_map(|p| p.kinds.iter()))
            .flat_map(|k| match k {
                ProviderKind::Keyed(_, list) => list.keys.iter().map(|k| k.name.clone()).collect(),
                ProviderKind::Kms(kms) => vec![kms.name.clone()],
                ProviderKind::Identity(_) => Vec::new(),
            })
            .collect();
        names.sort_by_key(|n| std::cmp::Reverse(n.len()));
        names.dedup();
        KnownNames { names }
    }

    /// The name and the rest after `<name>:`.
    fn split<'v>(&self, rest: &'v [u8]) -> Option<(String, &'v [u8])> {
        let known = self.names.iter().find_map(|n| {
            rest.strip_prefix(n.as_bytes())
                .and_then(|r| r.strip_prefix(b":"))
                .map(|r| (n.clone(), r))
        });
        known.or_else(|| {
            let colon = rest.iter().position(|b| *b == b':')?;
            Some((
                String::from_utf8_lossy(&rest[..colon]).into_owned(),
                &rest[colon + 1..],
            ))
        })
    }
}

/// Classifies one stored value.
pub fn classify(value: &[u8], names: &KnownNames) -> Class {
    if let Some(rest) = value.strip_prefix(b"k8s:enc:") {
        return encrypted(rest, names);
    }
    if value.starts_with(proto::PROTOBUF_MAGIC) || value.first() == Some(&b'{') {
        return Class::of(PLAINTEXT);
    }
    Class::of(UNKNOWN)
}

fn encrypted(rest: &[u8], names: &KnownNames) -> Class {
    for provider in ["aescbc", "aesgcm", "secretbox"] {
        if let Some(r) = rest.strip_prefix(format!("{provider}:v1:").as_bytes()) {
            return match names.split(r) {
                Some((key, _)) => Class::of(format!("{provider}:{key}")),
                None => Class::of(UNKNOWN),
            };
        }
    }
    for version in ["v1", "v2"] {
        if let Some(r) = rest.strip_prefix(format!("kms:{version}:").as_bytes()) {
            let Some((name, body)) = names.split(r) else {
                return Class::of(UNKNOWN);
            };
            let key_id = (version == "v2")
                .then(|| proto::encrypted_object(body).map(|o| o.key_id))
                .flatten();
            return Class {
                state: format!("kms:{version}:{name}"),
                key_id,
            };
        }
    }
    Class::of(UNKNOWN)
}

#[cfg(test)]
mod tests {
    use prost::Message;

    use super::*;

    #[test]
    fn states() {
        let none = KnownNames::default();
        assert_eq!(classify(b"k8s\x00\x0a\x02", &none).state, "plaintext");
        assert_eq!(classify(b"{\"kind\":\"Secret\"}", &none).state, "plaintext");
        assert_eq!(
            classify(b"k8s:enc:aesgcm:v1:key1:abc", &none).state,
            "aesgcm:key1"
        );
        assert_eq!(
            classify(b"k8s:enc:secretbox:v1:k:abc", &none).state,
            "secretbox:k"
        );
        assert_eq!(classify(b"k8s:enc:rot13:v1:k:abc", &none).state, "unknown");
        assert_eq!(classify(b"\x00garbage", &none).state, "unknown");
        let names = KnownNames {
            names: vec!["a:b".into(), "a".into()],
        };
        assert_eq!(
            classify(b"k8s:enc:aescbc:v1:a:b:xyz", &names).state,
            "aescbc:a:b"
        );
    }

    #[test]
    fn kms_v2_key_id() {
        let obj = proto::EncryptedObject {
            encrypted_data: vec![1, 2, 3],
            key_id: "kek-7".into(),
            encrypted_dek_source: vec![4],
            annotations: Default::default(),
            encrypted_dek_source_type: 1,
        };
        let value = [b"k8s:enc:kms:v2:vault:".as_slice(), &obj.encode_to_vec()].concat();
        let c = classify(&value, &KnownNames::default());
        assert_eq!(
            (c.state.as_str(), c.key_id.as_deref()),
            ("kms:v2:vault", Some("kek-7"))
        );
    }
}
