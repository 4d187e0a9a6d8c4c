//! Wrapping and unwrapping the data key (or a key group's Shamir share) for master keys.
//!
//! Each master-key kind lives in its own module and registers one [`MasterKeyKind`] in
//! [`KINDS`]; its parsed recipient type implements [`WrapRecipient`]. Today only `age` is
//! implemented; future kinds (AWS KMS, GCP KMS, Azure Key Vault, Vault transit) are sibling
//! modules plus one line in [`KINDS`]. Entries of kinds hush cannot unwrap yet stay in the
//! metadata as [`MasterKey::Other`] and [`unwrap`] reports them as unsupported.
//!
//! Nothing here reads the environment: private keys come from [`Identities`].

mod age;
mod recipient;

pub use self::age::{AgeRecipient, AgeRecipientKind, parse_age_recipient, parse_age_recipients};
pub use self::recipient::{AwsKmsKey, AzureKvKey, Recipient};

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
}

/// Every kind hush can unwrap.
pub const KINDS: &[&dyn MasterKeyKind] = &[&age::AgeKind];

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
}

/// Wraps `data` for `recipient`, producing the metadata entry sops would write.
pub fn wrap<R: WrapRecipient + ?Sized>(recipient: &R, data: &[u8]) -> Result<MasterKey, Error> {
    recipient.wrap(data)
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
            kind: "kms".into(),
            raw: json!({"arn": "arn:aws:kms:eu-west-1:1:key/x", "enc": "AAAA"}),
        };
        let err = unwrap(&key, &Identities::default()).unwrap_err();
        assert_eq!(
            err.to_string(),
            "kms master keys are not supported yet (arn:aws:kms:eu-west-1:1:key/x)"
        );
    }

    #[test]
    fn registry_knows_age() {
        assert_eq!(kind_named("age").map(|k| k.name()), Some("age"));
        assert!(kind_named("pgp").is_none());
    }
}
