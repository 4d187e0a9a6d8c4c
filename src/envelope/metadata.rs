//! The `sops` metadata block, typed: key groups with their master keys, the encryption rule,
//! `lastmodified`, the encrypted MAC, `mac_only_encrypted` and `version`.
//!
//! Reading accepts both key orders sops has written (struct order up to 3.12, alphabetical
//! since 3.13), the `null`/empty lists of old files, and the string-typed values of the
//! flattened dotenv/INI forms. Writing uses sops 3.12's struct order with empty lists omitted.

use serde_json::{Map, Value};

use super::rules::{RULE_KEYS, Rule};

/// The sops version hush records: a semver every sops release accepts.
pub const SOPS_COMPAT_VERSION: &str = "3.11.0";

/// The master-key list names sops uses, in its struct (writing) order. `age` comes last
/// before `lastmodified`, `pgp` after `mac`.
pub const KEY_KINDS: [&str; 7] = [
    "kms", "gcp_kms", "hckms", "azure_kv", "hc_vault", "age", "pgp",
];

/// One master key's entry: the data key (or Shamir share) wrapped for one recipient.
#[derive(Clone, Debug, PartialEq)]
pub enum MasterKey {
    Age {
        recipient: String,
        enc: String,
    },
    /// Any other kind (the key services, pgp, hckms): kept verbatim so rewriting the file
    /// preserves every field; the recipient modules read the fields they need.
    Other {
        kind: String,
        raw: Value,
    },
}

impl MasterKey {
    pub fn kind(&self) -> &str {
        match self {
            MasterKey::Age { .. } => "age",
            MasterKey::Other { kind, .. } => kind,
        }
    }

    /// Human-readable identity of the key (recipient, ARN, key URL, fingerprint...), as
    /// sops prints it.
    pub fn describe(&self) -> String {
        let field = |raw: &Value, k: &str| {
            raw.get(k)
                .and_then(Value::as_str)
                .unwrap_or("?")
                .to_string()
        };
        match self {
            MasterKey::Age { recipient, .. } => recipient.clone(),
            MasterKey::Other { kind, raw } if kind == "hc_vault" => format!(
                "{}/v1/{}/keys/{}",
                field(raw, "vault_address"),
                field(raw, "engine_path"),
                field(raw, "key_name")
            ),
            MasterKey::Other { kind, raw } if kind == "azure_kv" => format!(
                "{}/keys/{}/{}",
                field(raw, "vault_url"),
                field(raw, "name"),
                field(raw, "version")
            ),
            MasterKey::Other { raw, .. } => ["arn", "resource_id", "key_id", "fp"]
                .iter()
                .find_map(|k| raw.get(*k).and_then(Value::as_str).map(str::to_string))
                .unwrap_or_else(|| "?".to_string()),
        }
    }

    /// True when both entries are for the same recipient: equal in every field except the
    /// wrapped key (`enc`) and when it was wrapped (`created_at`), which a rekey changes.
    pub fn same_recipient(&self, other: &MasterKey) -> bool {
        let unwrapped = |raw: &Value| match raw {
            Value::Object(m) => m
                .iter()
                .filter(|(k, _)| !matches!(k.as_str(), "enc" | "created_at"))
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect::<Map<String, Value>>(),
            _ => Map::new(),
        };
        match (self, other) {
            (MasterKey::Age { recipient: a, .. }, MasterKey::Age { recipient: b, .. }) => {
                a.trim() == b.trim()
            }
            (MasterKey::Other { kind: ka, raw: a }, MasterKey::Other { kind: kb, raw: b }) => {
                ka == kb && unwrapped(a) == unwrapped(b)
            }
            _ => false,
        }
    }

    fn to_json(&self) -> Value {
        match self {
            MasterKey::Age { recipient, enc } => {
                let mut m = Map::new();
                m.insert("recipient".into(), Value::String(recipient.clone()));
                m.insert("enc".into(), Value::String(enc.clone()));
                Value::Object(m)
            }
            MasterKey::Other { raw, .. } => raw.clone(),
        }
    }
}

/// A key group: any one of its keys recovers the group's share of the data key.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct KeyGroup {
    pub keys: Vec<MasterKey>,
}

/// The typed `sops` block.
#[derive(Clone, Debug)]
pub struct Metadata {
    pub key_groups: Vec<KeyGroup>,
    pub shamir_threshold: Option<u64>,
    /// RFC 3339 text as stored.
    pub lastmodified: String,
    /// The encrypted MAC (`ENC[...]`), empty when absent.
    pub mac: String,
    pub rule: Option<Rule>,
    pub mac_only_encrypted: bool,
    pub version: String,
}

impl Metadata {
    /// Parses the raw block. Errors name the offending field and never include secrets.
    pub fn from_json(raw: &Value) -> Result<Metadata, String> {
        let obj = raw.as_object().ok_or("the `sops` entry is not a map")?;
        let groups = match obj.get("key_groups") {
            Some(Value::Array(groups)) if !groups.is_empty() => groups
                .iter()
                .map(|g| {
                    g.as_object()
                        .map(parse_group)
                        .ok_or_else(|| "a key group is not a map".to_string())?
                })
                .collect::<Result<Vec<_>, _>>()?,
            _ => vec![parse_group(obj)?],
        };
        let mut rule = None;
        for key in RULE_KEYS {
            if let Some(v) = obj
                .get(key)
                .and_then(Value::as_str)
                .filter(|s| !s.is_empty())
            {
                if rule.is_some() {
                    return Err("more than one encryption rule (only one of the *_suffix/*_regex fields may be set)".into());
                }
                rule = Some(Rule::from_key(key, v)?);
            }
        }
        let version = string_field(obj, "version").ok_or("missing `version`")?;
        check_semver(&version)?;
        Ok(Metadata {
            key_groups: groups,
            shamir_threshold: obj
                .get("shamir_threshold")
                .and_then(weak_u64)
                .filter(|&t| t > 0),
            lastmodified: string_field(obj, "lastmodified").ok_or("missing `lastmodified`")?,
            mac: string_field(obj, "mac").unwrap_or_default(),
            rule,
            mac_only_encrypted: obj.get("mac_only_encrypted").is_some_and(weak_bool),
            version,
        })
    }

    /// Serializes in sops 3.12's struct order, omitting empty lists.
    pub fn to_json(&self) -> Value {
        let mut m = Map::new();
        if self.key_groups.len() > 1 {
            if let Some(t) = self.shamir_threshold {
                m.insert("shamir_threshold".into(), Value::from(t));
            }
            let groups = self
                .key_groups
                .iter()
                .map(|g| Value::Object(group_json(g, true)))
                .collect();
            m.insert("key_groups".into(), Value::Array(groups));
        }
        let single = self.key_groups.len() == 1;
        let mut lists = if single {
            group_json(&self.key_groups[0], false)
        } else {
            Map::new()
        };
        let pgp = lists.remove("pgp");
        m.append(&mut lists);
        m.insert(
            "lastmodified".into(),
            Value::String(self.lastmodified.clone()),
        );
        m.insert("mac".into(), Value::String(self.mac.clone()));
        if let Some(pgp) = pgp {
            m.insert("pgp".into(), pgp);
        }
        if let Some(rule) = &self.rule {
            m.insert(rule.key().into(), Value::String(rule.value().to_string()));
        }
        if self.mac_only_encrypted {
            m.insert("mac_only_encrypted".into(), Value::Bool(true));
        }
        m.insert("version".into(), Value::String(self.version.clone()));
        Value::Object(m)
    }

    /// Every master key of every group, with its group index.
    pub fn all_keys(&self) -> impl Iterator<Item = (usize, &MasterKey)> {
        self.key_groups
            .iter()
            .enumerate()
            .flat_map(|(i, g)| g.keys.iter().map(move |k| (i, k)))
    }
}

fn group_json(group: &KeyGroup, in_key_groups: bool) -> Map<String, Value> {
    let mut m = Map::new();
    for kind in KEY_KINDS {
        let entries: Vec<Value> = group
            .keys
            .iter()
            .filter(|k| k.kind() == kind)
            .map(MasterKey::to_json)
            .collect();
        if !entries.is_empty() || (in_key_groups && matches!(kind, "hc_vault" | "age")) {
            m.insert(kind.into(), Value::Array(entries));
        }
    }
    m
}

fn parse_group(obj: &Map<String, Value>) -> Result<KeyGroup, String> {
    let mut keys = Vec::new();
    for kind in KEY_KINDS {
        let entries = match obj.get(kind) {
            None | Some(Value::Null) => continue,
            Some(Value::Array(a)) => a,
            Some(_) => return Err(format!("`{kind}` is not a list")),
        };
        for entry in entries {
            let e = entry
                .as_object()
                .ok_or_else(|| format!("an entry of `{kind}` is not a map"))?;
            keys.push(if kind == "age" {
                MasterKey::Age {
                    recipient: string_field(e, "recipient")
                        .ok_or("an age entry has no `recipient`")?,
                    enc: string_field(e, "enc").ok_or("an age entry has no `enc`")?,
                }
            } else {
                MasterKey::Other {
                    kind: kind.to_string(),
                    raw: entry.clone(),
                }
            });
        }
    }
    Ok(KeyGroup { keys })
}

fn string_field(obj: &Map<String, Value>, key: &str) -> Option<String> {
    match obj.get(key)? {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

fn weak_u64(v: &Value) -> Option<u64> {
    match v {
        Value::Number(n) => n.as_u64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

fn weak_bool(v: &Value) -> bool {
    match v {
        Value::Bool(b) => *b,
        Value::String(s) => crate::document::scalar_text::go_parse_bool(s.trim()).unwrap_or(false),
        _ => false,
    }
}

/// sops refuses versions that are not `MAJOR.MINOR.PATCH` (optional leading `v`).
fn check_semver(version: &str) -> Result<(), String> {
    let core = version.strip_prefix('v').unwrap_or(version);
    let core = core.split(['-', '+']).next().unwrap_or("");
    let parts: Vec<&str> = core.split('.').collect();
    if parts.len() == 3
        && parts
            .iter()
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
    {
        Ok(())
    } else {
        Err(format!("`version` is `{version}`, not MAJOR.MINOR.PATCH"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn reads_struct_and_alphabetical_orders_and_nulls() {
        let old = json!({"kms": null, "age": [{"recipient": "age1x", "enc": "E"}], "pgp": null,
            "lastmodified": "2024-01-01T00:00:00Z", "mac": "M", "unencrypted_suffix": "_unencrypted",
            "version": "3.5.0"});
        let m = Metadata::from_json(&old).unwrap();
        assert_eq!(m.key_groups.len(), 1);
        assert_eq!(m.key_groups[0].keys.len(), 1);
        assert!(matches!(m.rule, Some(Rule::UnencryptedSuffix(_))));
        let out = m.to_json();
        let keys: Vec<&String> = out.as_object().unwrap().keys().collect();
        assert_eq!(
            keys,
            [
                "age",
                "lastmodified",
                "mac",
                "unencrypted_suffix",
                "version"
            ]
        );
    }

    #[test]
    fn weakly_typed_flattened_values() {
        let flat = json!({"key_groups": [{"age": [{"recipient": "a", "enc": "e"}]}, {"age": [{"recipient": "b", "enc": "f"}]}],
            "shamir_threshold": "2", "mac_only_encrypted": "true", "lastmodified": "x", "mac": "", "version": "3.9.0"});
        let m = Metadata::from_json(&flat).unwrap();
        assert_eq!(m.shamir_threshold, Some(2));
        assert!(m.mac_only_encrypted);
        assert_eq!(m.key_groups.len(), 2);
        let out = m.to_json();
        assert_eq!(out["key_groups"][0]["hc_vault"], json!([]));
    }

    #[test]
    fn rejects_two_rules_and_bad_versions() {
        let two = json!({"lastmodified": "x", "mac": "", "version": "3.9.0",
            "encrypted_regex": "a", "unencrypted_suffix": "b"});
        assert!(
            Metadata::from_json(&two)
                .unwrap_err()
                .contains("more than one")
        );
        let bad = json!({"lastmodified": "x", "mac": "", "version": "3.11"});
        assert!(
            Metadata::from_json(&bad)
                .unwrap_err()
                .contains("MAJOR.MINOR.PATCH")
        );
        assert!(Metadata::from_json(&json!([])).is_err());
    }

    #[test]
    fn same_recipient_ignores_only_the_wrapped_key() {
        let age = |r: &str, enc: &str| MasterKey::Age {
            recipient: r.into(),
            enc: enc.into(),
        };
        assert!(age("age1x", "E1").same_recipient(&age(" age1x\n", "E2")));
        assert!(!age("age1x", "E").same_recipient(&age("age1y", "E")));
        let kms = |raw: Value| MasterKey::Other {
            kind: "kms".into(),
            raw,
        };
        let a = kms(json!({"arn": "k", "role": "r", "enc": "E1", "created_at": "t1"}));
        let b = kms(json!({"created_at": "t2", "arn": "k", "enc": "E2", "role": "r"}));
        let other_role = kms(json!({"arn": "k", "role": "r2", "enc": "E1", "created_at": "t1"}));
        assert!(a.same_recipient(&b));
        assert!(!a.same_recipient(&other_role));
        assert!(!a.same_recipient(&age("k", "E1")));
    }
}
