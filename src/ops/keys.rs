//! Adapters from the recipient and identity modules to the envelope's wrap/unwrap traits.

use zeroize::Zeroizing;

use crate::envelope::metadata::MasterKey;
use crate::envelope::seal::{KeyUnwrapper, KeyWrapper};
use crate::error::Result;
use crate::identities::Identities;
use crate::recipients::{self, AgeRecipient};

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
