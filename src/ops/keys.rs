//! Adapters from the recipient and identity modules to the envelope's wrap/unwrap traits.

use zeroize::Zeroizing;

use crate::envelope::metadata::MasterKey;
use crate::envelope::rekey::GroupMember;
use crate::envelope::seal::{KeyUnwrapper, KeyWrapper};
use crate::error::{Error, Result};
use crate::identities::Identities;
use crate::recipients::{self, AgeRecipient, Recipient};

/// The keys and settings a new sealed file gets: from flags or a creation rule.
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

/// Opens master keys with the identities found on this machine.
pub struct IdentityUnwrapper<'a>(pub &'a Identities);

impl KeyUnwrapper for IdentityUnwrapper<'_> {
    fn unwrap_key(&self, key: &MasterKey) -> std::result::Result<Zeroizing<Vec<u8>>, String> {
        recipients::unwrap(key, self.0).map_err(|e| e.to_string())
    }
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

/// A wrapper for `recipient`, or [`Error::UnsupportedRecipient`] naming `origin` (where the
/// recipient was named) when hush cannot wrap for its kind yet.
pub fn wrapper_for(recipient: &Recipient, origin: &str) -> Result<Box<dyn KeyWrapper>> {
    match recipient {
        Recipient::Age(r) => Ok(Box::new(AgeWrapper(r.clone()))),
        other => Err(Error::UnsupportedRecipient {
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
