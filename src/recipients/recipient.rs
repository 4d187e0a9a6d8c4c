//! A recipient of any master-key kind, typed: what a creation rule, a command-line flag or
//! an existing file's metadata names as "who can open this file".
//!
//! Only [`Recipient::Age`] can wrap a data key today; the other kinds are parsed and
//! compared (so `updatekeys` can keep or drop their entries) and are ready for their
//! wrapping modules. This module does no I/O and never contacts a key service.

use std::collections::BTreeMap;
use std::fmt;

use serde_json::Value;

use super::age::{AgeRecipient, parse_age_recipient};
use super::spec::{AwsKmsSpec, AzureKvSpec, parse_azure_kv_item, split_kms_role};
use crate::envelope::metadata::MasterKey;
use crate::error::Error;

/// One recipient: a master key that can be given the data key (or a key group's share).
#[derive(Clone, Debug)]
pub enum Recipient {
    /// An age X25519 or SSH public key.
    Age(AgeRecipient),
    /// A PGP key fingerprint.
    Pgp(String),
    AwsKms(AwsKmsSpec),
    /// A GCP KMS key resource id.
    GcpKms(String),
    AzureKv(AzureKvSpec),
    /// A HashiCorp Vault transit key URI (`https://vault:8200/v1/transit/keys/name`).
    HcVaultTransit(String),
    /// A Huawei Cloud KMS key id (`region:key-uuid`).
    HuaweiKms(String),
}

impl Recipient {
    /// The metadata list this kind is stored in (`age`, `pgp`, `kms`, …).
    pub fn kind(&self) -> &'static str {
        match self {
            Recipient::Age(_) => "age",
            Recipient::Pgp(_) => "pgp",
            Recipient::AwsKms(_) => "kms",
            Recipient::GcpKms(_) => "gcp_kms",
            Recipient::AzureKv(_) => "azure_kv",
            Recipient::HcVaultTransit(_) => "hc_vault",
            Recipient::HuaweiKms(_) => "hckms",
        }
    }

    /// Parses an AWS KMS key as sops writes it on the command line: `ARN` or `ARN+ROLE_ARN`.
    pub fn aws_kms(text: &str, context: BTreeMap<String, String>, profile: Option<String>) -> Self {
        let (arn, role) = split_kms_role(text);
        Recipient::AwsKms(AwsKmsSpec {
            arn,
            role,
            context,
            profile: profile.filter(|p| !p.is_empty()),
        })
    }

    /// Parses an Azure Key Vault key URL: `https://NAME.vault.azure.net/keys/KEY[/VERSION]`.
    pub fn azure_kv_url(url: &str) -> Result<Self, String> {
        parse_azure_kv_item(url)
            .map(Recipient::AzureKv)
            .map_err(|_| {
                format!(
                    "`{}` is not an Azure Key Vault key URL (https://VAULT/keys/KEY[/VERSION])",
                    url.trim()
                )
            })
    }

    /// Checks a Vault transit URI has the shape sops requires.
    pub fn vault_uri(uri: &str) -> Result<Self, String> {
        let uri = uri.trim();
        let shape_ok = uri.split_once("://").is_some_and(|(scheme, rest)| {
            !scheme.is_empty()
                && rest
                    .split_once("/v1/")
                    .and_then(|(_, path)| path.rsplit_once("/keys/"))
                    .is_some_and(|(engine, key)| !engine.is_empty() && !key.is_empty())
        });
        if shape_ok {
            Ok(Recipient::HcVaultTransit(uri.to_string()))
        } else {
            Err(format!(
                "`{uri}` is not a Vault transit key URI (https://vault.example.com:8200/v1/transit/keys/NAME)"
            ))
        }
    }

    /// Reads the recipient an existing metadata entry was wrapped for.
    pub fn from_master_key(key: &MasterKey) -> Result<Recipient, Error> {
        match key {
            MasterKey::Age { recipient, .. } => parse_age_recipient(recipient).map(Recipient::Age),
            MasterKey::Other { kind, raw } => {
                from_raw(kind, raw).ok_or_else(|| Error::BadRecipient {
                    recipient: key.describe(),
                    reason: format!("the `{kind}` entry lacks the fields sops writes"),
                })
            }
        }
    }

    /// True when `key` is an entry wrapped for this recipient.
    pub fn matches(&self, key: &MasterKey) -> bool {
        match (self, key) {
            (Recipient::Age(a), MasterKey::Age { recipient, .. }) => a.as_str() == recipient.trim(),
            (Recipient::Age(_), _) | (_, MasterKey::Age { .. }) => false,
            (_, MasterKey::Other { kind, raw }) => {
                from_raw(kind, raw).is_some_and(|other| self.same_key(&other))
            }
        }
    }

    /// Equality of the keys named; an Azure key without a version matches any version.
    fn same_key(&self, other: &Recipient) -> bool {
        match (self, other) {
            (Recipient::AzureKv(a), Recipient::AzureKv(b)) => {
                a.vault_url.trim_end_matches('/') == b.vault_url.trim_end_matches('/')
                    && a.name == b.name
                    && (a.version.is_none() || b.version.is_none() || a.version == b.version)
            }
            (Recipient::HcVaultTransit(a), Recipient::HcVaultTransit(b)) => {
                a.trim_end_matches('/') == b.trim_end_matches('/')
            }
            _ => self == other,
        }
    }
}

impl PartialEq for Recipient {
    fn eq(&self, other: &Recipient) -> bool {
        match (self, other) {
            (Recipient::Age(a), Recipient::Age(b)) => a.as_str() == b.as_str(),
            (Recipient::Pgp(a), Recipient::Pgp(b)) => a.eq_ignore_ascii_case(b),
            (Recipient::AwsKms(a), Recipient::AwsKms(b)) => a == b,
            (Recipient::GcpKms(a), Recipient::GcpKms(b))
            | (Recipient::HcVaultTransit(a), Recipient::HcVaultTransit(b))
            | (Recipient::HuaweiKms(a), Recipient::HuaweiKms(b)) => a == b,
            (Recipient::AzureKv(a), Recipient::AzureKv(b)) => a == b,
            _ => false,
        }
    }
}

/// The recipient as sops prints it (its `ToString`), plus the role of a KMS key.
impl fmt::Display for Recipient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Recipient::Age(a) => f.write_str(a.as_str()),
            Recipient::Pgp(s) | Recipient::GcpKms(s) | Recipient::HcVaultTransit(s) => {
                f.write_str(s)
            }
            Recipient::HuaweiKms(s) => f.write_str(s),
            Recipient::AwsKms(k) => match &k.role {
                Some(role) => write!(f, "{}+{role}", k.arn),
                None => f.write_str(&k.arn),
            },
            Recipient::AzureKv(k) => match &k.version {
                Some(v) => write!(f, "{}/keys/{}/{v}", k.vault_url, k.name),
                None => write!(f, "{}/keys/{}", k.vault_url, k.name),
            },
        }
    }
}

fn text(raw: &Value, field: &str) -> Option<String> {
    raw.get(field)
        .and_then(Value::as_str)
        .map(str::to_string)
        .filter(|s| !s.is_empty())
}

/// The recipient of a non-age metadata entry, read from the fields sops writes.
fn from_raw(kind: &str, raw: &Value) -> Option<Recipient> {
    Some(match kind {
        "pgp" => Recipient::Pgp(text(raw, "fp")?),
        "kms" => Recipient::AwsKms(AwsKmsSpec {
            arn: text(raw, "arn")?,
            role: text(raw, "role"),
            context: raw
                .get("context")
                .and_then(Value::as_object)
                .map(|m| {
                    m.iter()
                        .filter_map(|(k, v)| v.as_str().map(|v| (k.clone(), v.to_string())))
                        .collect()
                })
                .unwrap_or_default(),
            profile: text(raw, "aws_profile"),
        }),
        "gcp_kms" => Recipient::GcpKms(text(raw, "resource_id")?),
        "azure_kv" => Recipient::AzureKv(AzureKvSpec {
            vault_url: text(raw, "vault_url")?,
            name: text(raw, "name")?,
            version: text(raw, "version"),
        }),
        "hc_vault" => Recipient::HcVaultTransit(format!(
            "{}/v1/{}/keys/{}",
            text(raw, "vault_address")?.trim_end_matches('/'),
            text(raw, "engine_path")?,
            text(raw, "key_name")?
        )),
        "hckms" => Recipient::HuaweiKms(text(raw, "key_id")?),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const AGE: &str = "age1lzd99uklcjnc0e7d860axevet2cz99ce9pq6tzuzd05l5nr28ams36nvun";

    fn other(kind: &str, raw: Value) -> MasterKey {
        MasterKey::Other {
            kind: kind.into(),
            raw,
        }
    }

    #[test]
    fn kms_role_is_split_off_the_arn() {
        let r = Recipient::aws_kms(
            "arn:aws:kms:eu-west-1:1:key/k+arn:aws:iam::1:role/r",
            BTreeMap::new(),
            Some("dev".into()),
        );
        let Recipient::AwsKms(k) = &r else {
            panic!("{r:?}")
        };
        assert_eq!(k.arn, "arn:aws:kms:eu-west-1:1:key/k");
        assert_eq!(k.role.as_deref(), Some("arn:aws:iam::1:role/r"));
        assert_eq!(k.profile.as_deref(), Some("dev"));
        assert_eq!(r.kind(), "kms");
    }

    #[test]
    fn metadata_entries_match_their_recipients() {
        let age = Recipient::Age(parse_age_recipient(AGE).unwrap());
        assert!(age.matches(&MasterKey::Age {
            recipient: AGE.into(),
            enc: "x".into()
        }));
        let kms = Recipient::aws_kms("arn:k", BTreeMap::new(), None);
        assert!(kms.matches(&other("kms", json!({"arn": "arn:k", "enc": "e"}))));
        assert!(!kms.matches(&other(
            "kms",
            json!({"arn": "arn:k", "role": "r", "enc": "e"})
        )));
        let az = Recipient::azure_kv_url("https://v.vault.azure.net/keys/k").unwrap();
        assert!(az.matches(&other(
            "azure_kv",
            json!({"vault_url": "https://v.vault.azure.net", "name": "k", "version": "123"})
        )));
        let vault = Recipient::vault_uri("https://vault:8200/v1/transit/keys/k").unwrap();
        assert!(vault.matches(&other(
            "hc_vault",
            json!({"vault_address": "https://vault:8200", "engine_path": "transit", "key_name": "k"})
        )));
        let pgp = Recipient::Pgp("ABCD".into());
        assert!(pgp.matches(&other("pgp", json!({"fp": "abcd"}))));
        assert!(!pgp.matches(&other("gcp_kms", json!({"resource_id": "abcd"}))));
    }

    #[test]
    fn bad_urls_are_explained() {
        assert!(
            Recipient::azure_kv_url("http://v/keys/k")
                .unwrap_err()
                .contains("https://VAULT/keys/KEY")
        );
        assert!(
            Recipient::vault_uri("vault/keys/k")
                .unwrap_err()
                .contains("/v1/transit/keys/")
        );
        let az = Recipient::azure_kv_url("https://v.vault.azure.net/keys/k/v1").unwrap();
        assert_eq!(az.to_string(), "https://v.vault.azure.net/keys/k/v1");
    }

    #[test]
    fn entries_without_their_fields_are_errors() {
        let err = Recipient::from_master_key(&other("kms", json!({"enc": "e"}))).unwrap_err();
        assert!(err.to_string().contains("lacks the fields"), "{err}");
    }
}
