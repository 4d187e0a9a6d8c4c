//! Adapters from the recipient and identity modules to the envelope's wrap/unwrap traits,
//! and the constructors of key-service wrappers from plain parameters (the command line and
//! creation rules both build their recipients through here).

use std::collections::BTreeMap;

use zeroize::Zeroizing;

use crate::envelope::metadata::MasterKey;
use crate::envelope::order::DecryptionOrder;
use crate::envelope::rekey::GroupMember;
use crate::envelope::seal::{KeyUnwrapper, KeyWrapper};
use crate::error::{Error, Result};
use crate::identities::Identities;
use crate::recipients::spec::{self, AwsKmsSpec, AzureKvSpec, RecipientSpec};
use crate::recipients::{self, AgeRecipient, Recipient, WrapRecipient};

/// The keys and settings a new sealed file gets: from flags or a creation rule.
#[derive(Default)]
pub struct EncryptKeys {
    /// One list per key group.
    pub wrappers: Vec<Vec<Box<dyn KeyWrapper>>>,
    pub shamir_threshold: Option<usize>,
    pub rule: Option<crate::envelope::rules::Rule>,
    pub mac_only_encrypted: bool,
}

/// The wrappers as the seal options take them.
pub fn group_refs(wrappers: &[Vec<Box<dyn KeyWrapper>>]) -> Vec<Vec<&dyn KeyWrapper>> {
    wrappers
        .iter()
        .map(|g| g.iter().map(|w| w.as_ref()).collect())
        .collect()
}

/// Wraps data keys for an age (X25519 or SSH) recipient.
pub struct AgeWrapper(pub AgeRecipient);

impl KeyWrapper for AgeWrapper {
    fn wrap(&self, data: &[u8]) -> Result<MasterKey> {
        recipients::wrap(&self.0, data)
    }
}

/// Wraps data keys for a recipient of any kind.
pub struct RecipientWrapper(pub Box<dyn WrapRecipient>);

impl KeyWrapper for RecipientWrapper {
    fn wrap(&self, data: &[u8]) -> Result<MasterKey> {
        self.0.wrap(data)
    }
}

/// Opens master keys with the identities found on this machine, and key-service entries
/// through their services, in the order `SOPS_DECRYPTION_ORDER` gives (default: age, then
/// PGP, then the key services).
pub struct IdentityUnwrapper<'a>(pub &'a Identities);

impl KeyUnwrapper for IdentityUnwrapper<'_> {
    fn unwrap_key(&self, key: &MasterKey) -> std::result::Result<Zeroizing<Vec<u8>>, String> {
        recipients::unwrap(key, self.0).map_err(|e| e.to_string())
    }

    fn decryption_order(&self) -> Result<DecryptionOrder> {
        decryption_order_from(std::env::var("SOPS_DECRYPTION_ORDER").ok())
    }
}

/// The order named by the value of `SOPS_DECRYPTION_ORDER` (unset or empty: the default).
fn decryption_order_from(value: Option<String>) -> Result<DecryptionOrder> {
    let value = value.unwrap_or_default();
    DecryptionOrder::parse(&value).map_err(|reason| Error::DecryptionOrder { value, reason })
}

/// Parses `--age` values (each may hold a comma-separated list).
pub fn age_wrappers(values: &[String]) -> Result<Vec<AgeWrapper>> {
    let mut out = Vec::new();
    for v in values {
        out.extend(
            recipients::parse_age_recipients(v)?
                .into_iter()
                .map(AgeWrapper),
        );
    }
    Ok(out)
}

/// `--age` values as one key group of boxed wrappers.
pub fn age_group(values: &[String]) -> Result<Vec<Box<dyn KeyWrapper>>> {
    Ok(age_wrappers(values)?
        .into_iter()
        .map(|w| Box::new(w) as Box<dyn KeyWrapper>)
        .collect())
}

/// The wrapper for any recipient spec.
pub fn wrapper(spec: &RecipientSpec) -> Result<Box<dyn KeyWrapper>> {
    Ok(Box::new(RecipientWrapper(recipients::build(spec)?)))
}

/// An AWS KMS key (`arn:aws:kms:REGION:ACCOUNT:key/ID`), optionally assuming `role`, with
/// an encryption context and a named AWS profile.
pub fn aws_kms_wrapper(
    arn: &str,
    role: Option<&str>,
    context: BTreeMap<String, String>,
    profile: Option<&str>,
) -> Result<Box<dyn KeyWrapper>> {
    spec::kms_arn_region(arn)?;
    wrapper(&RecipientSpec::AwsKms(AwsKmsSpec {
        arn: arn.to_string(),
        role: role.filter(|r| !r.is_empty()).map(str::to_string),
        context,
        profile: profile.filter(|p| !p.is_empty()).map(str::to_string),
    }))
}

/// A GCP KMS key (`projects/P/locations/L/keyRings/R/cryptoKeys/K`).
pub fn gcp_kms_wrapper(resource_id: &str) -> Result<Box<dyn KeyWrapper>> {
    wrapper(&RecipientSpec::GcpKms {
        resource_id: spec::parse_gcp_kms_item(resource_id)?,
    })
}

/// An Azure Key Vault key; `version: None` uses (and records) the key's current version.
pub fn azure_kv_wrapper(
    vault_url: &str,
    name: &str,
    version: Option<&str>,
) -> Result<Box<dyn KeyWrapper>> {
    wrapper(&RecipientSpec::AzureKv(AzureKvSpec {
        vault_url: vault_url.trim_end_matches('/').to_string(),
        name: name.to_string(),
        version: version.filter(|v| !v.is_empty()).map(str::to_string),
    }))
}

/// A Vault/OpenBao Transit key (`https://HOST:PORT/v1/ENGINE/keys/NAME`).
pub fn vault_transit_wrapper(uri: &str) -> Result<Box<dyn KeyWrapper>> {
    wrapper(&RecipientSpec::VaultTransit {
        uri: uri.to_string(),
    })
}

/// Recipient flag values as given (each value may be a comma-separated list).
#[derive(Default)]
pub struct RecipientFlags<'a> {
    pub age: &'a [String],
    pub kms: &'a [String],
    pub encryption_context: Option<&'a str>,
    pub aws_profile: Option<&'a str>,
    pub gcp_kms: &'a [String],
    pub azure_kv: &'a [String],
    pub hc_vault_transit: &'a [String],
}

impl RecipientFlags<'_> {
    /// The parsed `--encryption-context`.
    pub fn context(&self) -> Result<BTreeMap<String, String>> {
        spec::parse_encryption_context(self.encryption_context.unwrap_or(""))
    }

    /// Every recipient the flags name, in flag order (age, kms, gcp-kms, azure-kv, vault).
    pub fn specs(&self) -> Result<Vec<RecipientSpec>> {
        let context = self.context()?;
        let mut out: Vec<RecipientSpec> = Vec::new();
        let all = |values: &[String]| -> Vec<String> {
            values
                .iter()
                .flat_map(|v| spec::items(v).map(str::to_string).collect::<Vec<_>>())
                .collect()
        };
        for item in all(self.age) {
            out.push(RecipientSpec::Age(item));
        }
        for item in all(self.kms) {
            let key = spec::parse_kms_item(&item, &context, self.aws_profile)?;
            out.push(RecipientSpec::AwsKms(key));
        }
        for item in all(self.gcp_kms) {
            let resource_id = spec::parse_gcp_kms_item(&item)?;
            out.push(RecipientSpec::GcpKms { resource_id });
        }
        for item in all(self.azure_kv) {
            out.push(RecipientSpec::AzureKv(spec::parse_azure_kv_item(&item)?));
        }
        for uri in all(self.hc_vault_transit) {
            out.push(RecipientSpec::VaultTransit { uri });
        }
        Ok(out)
    }

    /// The wrappers of [`RecipientFlags::specs`].
    pub fn wrappers(&self) -> Result<Vec<Box<dyn KeyWrapper>>> {
        self.specs()?.iter().map(wrapper).collect()
    }
}

/// The wrappers of one `--key-group KIND=VALUE,...` value.
pub fn key_group_wrappers(
    text: &str,
    context: &BTreeMap<String, String>,
    profile: Option<&str>,
) -> Result<Vec<Box<dyn KeyWrapper>>> {
    spec::parse_key_group(text, context, profile)?
        .iter()
        .map(wrapper)
        .collect()
}

/// Checks a Shamir threshold against the number of key groups it applies to.
pub fn check_threshold(threshold: Option<usize>, groups: usize) -> Result<()> {
    match threshold {
        Some(t) if groups < 2 => Err(Error::Usage(format!(
            "--shamir-threshold {t} needs at least two key groups (give more with --key-group)"
        ))),
        Some(t) if t < 2 || t > groups => Err(Error::Usage(format!(
            "--shamir-threshold must be between 2 and the number of key groups ({groups}), not {t}"
        ))),
        _ => Ok(()),
    }
}

/// A wrapper for `recipient`, or [`Error::UnsupportedRecipient`] naming `origin` (where the
/// recipient was named) when hush cannot wrap for its kind yet.
pub fn wrapper_for(recipient: &Recipient, origin: &str) -> Result<Box<dyn KeyWrapper>> {
    match recipient {
        Recipient::Age(r) => Ok(Box::new(AgeWrapper(r.clone()))),
        Recipient::AwsKms(k) => wrapper(&RecipientSpec::AwsKms(k.clone())),
        Recipient::GcpKms(resource_id) => wrapper(&RecipientSpec::GcpKms {
            resource_id: resource_id.clone(),
        }),
        Recipient::AzureKv(k) => wrapper(&RecipientSpec::AzureKv(k.clone())),
        Recipient::HcVaultTransit(uri) => {
            wrapper(&RecipientSpec::VaultTransit { uri: uri.clone() })
        }
        other @ (Recipient::Pgp(_) | Recipient::HuaweiKms(_)) => Err(Error::UnsupportedRecipient {
            kind: other.kind(),
            recipient: other.to_string(),
            origin: origin.to_string(),
        }),
    }
}

/// A recipient in a target key group, with where it was named. Its wrapper is made only
/// when a data key must actually be wrapped for it, so an entry that stays is kept even
/// when hush cannot wrap for its kind.
pub struct RecipientMember {
    pub recipient: Recipient,
    pub origin: String,
}

impl KeyWrapper for RecipientMember {
    fn wrap(&self, data: &[u8]) -> Result<MasterKey> {
        wrapper_for(&self.recipient, &self.origin)?.wrap(data)
    }
}

impl GroupMember for RecipientMember {
    fn holds(&self, key: &MasterKey) -> bool {
        self.recipient.matches(key)
    }

    fn label(&self) -> String {
        self.recipient.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ExitCode;

    #[test]
    fn sops_decryption_order_is_read_or_refused_with_sops_exit_code() {
        assert_eq!(
            decryption_order_from(None).expect("default"),
            DecryptionOrder::default()
        );
        assert_eq!(
            decryption_order_from(Some("hc_vault,age".into())).expect("order"),
            DecryptionOrder::parse("hc_vault,age").expect("order")
        );
        let err = decryption_order_from(Some("age,age".into())).unwrap_err();
        assert_eq!(err.exit_code(), ExitCode::DecryptionOrder);
        assert_eq!(err.exit_code().code(), 112);
        assert_eq!(
            err.to_string(),
            "SOPS_DECRYPTION_ORDER is `age,age`: `age` is named twice; write key kinds separated by commas (the default is age,pgp)"
        );
    }
}
