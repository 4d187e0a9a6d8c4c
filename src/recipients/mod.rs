//! Wrapping and unwrapping the data key (or a key group's Shamir share) for master keys.
//!
//! Each master-key kind lives in its own module and registers one [`MasterKeyKind`] in
//! [`KINDS`]; its parsed recipient type implements [`WrapRecipient`]. Kinds: `age`
//! ([`age`]), and the key services `kms` (AWS KMS), `gcp_kms` (GCP KMS), `azure_kv` (Azure
//! Key Vault) and `hc_vault` (Vault/OpenBao Transit), each behind its own cargo feature; a
//! build without one registers a [`service::DisabledKind`] that says which feature is
//! missing. Key-service entries stay in the metadata as [`MasterKey::Other`], verbatim, so
//! fields hush does not know survive a rewrite; each kind reads the fields it needs.
//!
//! Private keys come from [`Identities`]; the key services take their credentials the way
//! each ecosystem's own tools do (environment, config files, metadata endpoints), which is
//! documented in each module, and every call to a service has a time limit. Which keys of a
//! group are tried first is the envelope's business (`envelope::order`: age before the key
//! services, as in sops).

mod age;
#[cfg(feature = "aws-kms")]
pub mod aws_kms;
#[cfg(feature = "azure-kv")]
pub(crate) mod azure_client;
#[cfg(feature = "azure-kv")]
pub mod azure_kv;
#[cfg(feature = "gcp-kms")]
pub mod gcp_kms;
mod recipient;
pub(crate) mod service;
pub mod spec;
#[cfg(feature = "vault-transit")]
pub mod vault_transit;

pub use self::age::{AgeRecipient, AgeRecipientKind, parse_age_recipient, parse_age_recipients};
pub use self::recipient::Recipient;
pub use self::spec::{AwsKmsSpec, AzureKvSpec, RecipientSpec};

use zeroize::Zeroizing;

use crate::envelope::metadata::MasterKey;
use crate::error::Error;
use crate::identities::Identities;

/// A parsed recipient of one master-key kind: it wraps data for one metadata entry.
pub trait WrapRecipient {
    /// Encrypts `data` (a 32-byte data key or a 33-byte Shamir share) into a metadata entry.
    fn wrap(&self, data: &[u8]) -> Result<MasterKey, Error>;
}

/// The unwrapping side of one master-key kind, named as in the sops metadata (`age`, `kms`…).
pub trait MasterKeyKind: Sync {
    /// The metadata list name of this kind.
    fn name(&self) -> &'static str;
    /// Recovers the wrapped bytes of `key`, which is of this kind.
    fn unwrap(&self, key: &MasterKey, ids: &Identities) -> Result<Zeroizing<Vec<u8>>, UnwrapError>;
    /// The recipient `key` was made for, to wrap new bytes for it (re-splitting key groups).
    fn recipient_of(&self, key: &MasterKey) -> Result<Box<dyn WrapRecipient>, Error>;
}

#[cfg(not(feature = "aws-kms"))]
const AWS_KMS_DISABLED: service::DisabledKind = service::DisabledKind {
    name: "kms",
    feature: "aws-kms",
};
#[cfg(not(feature = "gcp-kms"))]
const GCP_KMS_DISABLED: service::DisabledKind = service::DisabledKind {
    name: "gcp_kms",
    feature: "gcp-kms",
};
#[cfg(not(feature = "azure-kv"))]
const AZURE_KV_DISABLED: service::DisabledKind = service::DisabledKind {
    name: "azure_kv",
    feature: "azure-kv",
};
#[cfg(not(feature = "vault-transit"))]
const VAULT_TRANSIT_DISABLED: service::DisabledKind = service::DisabledKind {
    name: "hc_vault",
    feature: "vault-transit",
};

/// Every kind hush knows, one per metadata list name.
pub const KINDS: &[&dyn MasterKeyKind] = &[
    &age::AgeKind,
    #[cfg(feature = "aws-kms")]
    &aws_kms::AwsKmsKind,
    #[cfg(not(feature = "aws-kms"))]
    &AWS_KMS_DISABLED,
    #[cfg(feature = "gcp-kms")]
    &gcp_kms::GcpKmsKind,
    #[cfg(not(feature = "gcp-kms"))]
    &GCP_KMS_DISABLED,
    #[cfg(feature = "azure-kv")]
    &azure_kv::AzureKvKind,
    #[cfg(not(feature = "azure-kv"))]
    &AZURE_KV_DISABLED,
    #[cfg(feature = "vault-transit")]
    &vault_transit::VaultTransitKind,
    #[cfg(not(feature = "vault-transit"))]
    &VAULT_TRANSIT_DISABLED,
];

/// The recipient `spec` describes, ready to wrap. Nothing is contacted yet; a kind whose
/// cargo feature this build lacks is an error naming the feature.
pub fn build(spec: &RecipientSpec) -> Result<Box<dyn WrapRecipient>, Error> {
    match spec {
        RecipientSpec::Age(text) => Ok(Box::new(parse_age_recipient(text)?)),
        RecipientSpec::AwsKms(key) => build_aws_kms(key),
        RecipientSpec::GcpKms { resource_id } => build_gcp_kms(resource_id),
        RecipientSpec::AzureKv(key) => build_azure_kv(key),
        RecipientSpec::VaultTransit { uri } => build_vault_transit(uri),
    }
}

#[cfg(feature = "aws-kms")]
fn build_aws_kms(key: &AwsKmsSpec) -> Result<Box<dyn WrapRecipient>, Error> {
    Ok(Box::new(aws_kms::AwsKmsRecipient::new(key.clone())?))
}
#[cfg(not(feature = "aws-kms"))]
fn build_aws_kms(_: &AwsKmsSpec) -> Result<Box<dyn WrapRecipient>, Error> {
    Err(AWS_KMS_DISABLED.disabled())
}

#[cfg(feature = "gcp-kms")]
fn build_gcp_kms(resource_id: &str) -> Result<Box<dyn WrapRecipient>, Error> {
    Ok(Box::new(gcp_kms::GcpKmsRecipient::new(resource_id)?))
}
#[cfg(not(feature = "gcp-kms"))]
fn build_gcp_kms(_: &str) -> Result<Box<dyn WrapRecipient>, Error> {
    Err(GCP_KMS_DISABLED.disabled())
}

#[cfg(feature = "azure-kv")]
fn build_azure_kv(key: &AzureKvSpec) -> Result<Box<dyn WrapRecipient>, Error> {
    Ok(Box::new(azure_kv::AzureKvRecipient::new(key.clone())))
}
#[cfg(not(feature = "azure-kv"))]
fn build_azure_kv(_: &AzureKvSpec) -> Result<Box<dyn WrapRecipient>, Error> {
    Err(AZURE_KV_DISABLED.disabled())
}

#[cfg(feature = "vault-transit")]
fn build_vault_transit(uri: &str) -> Result<Box<dyn WrapRecipient>, Error> {
    Ok(Box::new(vault_transit::VaultTransitRecipient::from_uri(
        uri,
    )?))
}
#[cfg(not(feature = "vault-transit"))]
fn build_vault_transit(_: &str) -> Result<Box<dyn WrapRecipient>, Error> {
    Err(VAULT_TRANSIT_DISABLED.disabled())
}

/// Why a master key could not be unwrapped. Messages never contain secret material.
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum UnwrapError {
    /// None of the available identities matches the key's recipient.
    #[error("no identity matches {recipient} (tried {tried} identities)")]
    NoIdentityMatched { recipient: String, tried: usize },
    /// The stored `enc` is not a valid wrapped key.
    #[error("the wrapped key for {recipient} is malformed: {reason}")]
    Malformed { recipient: String, reason: String },
    /// A matching identity was found but failed (for example a wrong SSH key passphrase).
    #[error("an identity for {recipient} was found but could not be used: {reason}")]
    IdentityFailed { recipient: String, reason: String },
    /// hush cannot unwrap this kind of master key yet.
    #[error("{kind} master keys are not supported yet ({key})")]
    UnsupportedKind { kind: String, key: String },
    /// The key service could not be reached, had no credentials, or refused.
    #[error("{service}: {reason}")]
    Service {
        service: &'static str,
        reason: String,
    },
    /// This build lacks the cargo feature for the kind.
    #[error("hush was built without the {feature} feature")]
    FeatureDisabled { feature: &'static str },
}

/// Wraps `data` for `recipient`, producing the metadata entry sops would write.
pub fn wrap<R: WrapRecipient + ?Sized>(recipient: &R, data: &[u8]) -> Result<MasterKey, Error> {
    recipient.wrap(data)
}

/// The recipient an existing entry was made for (to wrap a new share for it).
pub fn recipient_of(key: &MasterKey) -> Result<Box<dyn WrapRecipient>, Error> {
    match kind_named(key.kind()) {
        Some(kind) => kind.recipient_of(key),
        None => Err(Error::BadRecipient {
            recipient: key.describe(),
            reason: format!("hush cannot encrypt for {} master keys", key.kind()),
        }),
    }
}

/// Recovers the data key (or share) wrapped in `key`, using `ids` where the kind needs them.
pub fn unwrap(key: &MasterKey, ids: &Identities) -> Result<Zeroizing<Vec<u8>>, UnwrapError> {
    match kind_named(key.kind()) {
        Some(kind) => kind.unwrap(key, ids),
        None => Err(UnwrapError::UnsupportedKind {
            kind: key.kind().to_string(),
            key: key.describe(),
        }),
    }
}

/// The registered kind with metadata name `name`, if hush supports it.
pub fn kind_named(name: &str) -> Option<&'static dyn MasterKeyKind> {
    KINDS.iter().copied().find(|k| k.name() == name)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn other_kinds_are_reported_as_unsupported() {
        let key = MasterKey::Other {
            kind: "hckms".into(),
            raw: json!({"key_id": "eu:1234", "enc": "AAAA"}),
        };
        let err = unwrap(&key, &Identities::default()).unwrap_err();
        assert_eq!(
            err.to_string(),
            "hckms master keys are not supported yet (eu:1234)"
        );
        assert!(recipient_of(&key).is_err());
    }

    #[test]
    fn registry_knows_age() {
        assert_eq!(kind_named("age").map(|k| k.name()), Some("age"));
        assert!(kind_named("pgp").is_none());
    }
}
