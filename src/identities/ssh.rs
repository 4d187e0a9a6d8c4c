//! SSH private keys (`ssh-ed25519`, `ssh-rsa`) as age identities, as sops uses
//! `~/.ssh/id_ed25519`, `~/.ssh/id_rsa` and `SOPS_AGE_SSH_PRIVATE_KEY_FILE`.
//!
//! A passphrase-protected key is kept locked until an age file has a stanza for it (the
//! stanza's tag identifies the public key), so the passphrase is only needed, and only
//! asked for, when that key is actually the one to use.

use std::fmt;
use std::sync::{Arc, OnceLock};

use age::DecryptError;
use age::ssh::{EncryptedKey, Identity as SshIdentity, Recipient as SshRecipient, UnsupportedKey};
use age_core::format::{FileKey, Stanza};
use base64::Engine;
use base64::engine::general_purpose::{STANDARD, STANDARD_NO_PAD};
use sha2::{Digest, Sha256};

use super::BoxedIdentity;
use super::passphrase::{self, Passphrase};

/// Why an SSH private key cannot be used. Never contains key material.
#[derive(Debug)]
pub(super) enum Problem {
    Malformed,
    Unsupported(String),
    /// Passphrase-protected, and no passphrase can be had.
    Locked,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Problem::Malformed => f.write_str(
                "not an SSH private key that age can read (expected an OpenSSH ed25519 or RSA key)",
            ),
            Problem::Unsupported(why) => f.write_str(why),
            Problem::Locked => f.write_str(&passphrase::unavailable()),
        }
    }
}

/// Parses an SSH private key file named `name`; an encrypted key becomes a locked identity
/// that asks `pass` when first needed.
pub(super) fn load(
    bytes: &[u8],
    name: &str,
    pass: &Arc<Passphrase>,
) -> Result<BoxedIdentity, Problem> {
    match parse(bytes, name)? {
        SshIdentity::Encrypted(_) if !pass.available() => Err(Problem::Locked),
        SshIdentity::Encrypted(key) => Ok(Box::new(LockedKey::new(key, name, pass)?)),
        ready => Ok(Box::new(ready)),
    }
}

/// Parses a key that must not be encrypted (command output: there is no file to name).
pub(super) fn load_unencrypted(bytes: &[u8]) -> Result<BoxedIdentity, Problem> {
    match parse(bytes, "command output")? {
        SshIdentity::Encrypted(_) => Err(Problem::Unsupported(
            "the command printed a passphrase-protected SSH key, which is not supported; print an unencrypted key".into(),
        )),
        ready => Ok(Box::new(ready)),
    }
}

fn parse(bytes: &[u8], name: &str) -> Result<SshIdentity, Problem> {
    match SshIdentity::from_buffer(bytes, Some(name.to_string())) {
        Ok(SshIdentity::Unsupported(why)) => Err(Problem::Unsupported(unsupported(&why))),
        Ok(identity) => Ok(identity),
        Err(_) => Err(Problem::Malformed),
    }
}

fn unsupported(key: &UnsupportedKey) -> String {
    match key {
        UnsupportedKey::EncryptedPem => {
            "the key is encrypted in the old PEM format; convert it with `ssh-keygen -p -f FILE` (OpenSSH format)".into()
        }
        UnsupportedKey::EncryptedSsh(cipher) => format!("the key is encrypted with {cipher}, which age does not support"),
        UnsupportedKey::Hardware(kind) => format!("{kind} keys live on a security key; age cannot use them"),
        UnsupportedKey::Type(kind) => format!("{kind} keys are not supported by age; use ssh-ed25519 or ssh-rsa"),
    }
}

/// A passphrase-protected SSH key, unlocked on first use by a matching stanza.
struct LockedKey {
    key: EncryptedKey,
    /// The stanza tag of this key's public key (`base64(sha256(ssh wire key)[..4])`).
    tag: String,
    name: String,
    pass: Arc<Passphrase>,
    unlocked: OnceLock<SshIdentity>,
}

impl LockedKey {
    fn new(key: EncryptedKey, name: &str, pass: &Arc<Passphrase>) -> Result<LockedKey, Problem> {
        let recipient =
            SshRecipient::try_from(SshIdentity::Encrypted(key.clone())).map_err(|_| {
                Problem::Unsupported("the key's public part is not an ed25519 or RSA key".into())
            })?;
        Ok(LockedKey {
            key,
            tag: stanza_tag(&recipient).ok_or(Problem::Malformed)?,
            name: name.to_string(),
            pass: Arc::clone(pass),
            unlocked: OnceLock::new(),
        })
    }

    fn unlock(&self) -> Result<&SshIdentity, DecryptError> {
        if let Some(id) = self.unlocked.get() {
            return Ok(id);
        }
        let passphrase = self
            .pass
            .get(&self.name)
            .map_err(|_| DecryptError::KeyDecryptionFailed)?;
        let key = self.key.decrypt(passphrase)?;
        Ok(self.unlocked.get_or_init(|| SshIdentity::from(key)))
    }
}

impl age::Identity for LockedKey {
    fn unwrap_stanza(&self, stanza: &Stanza) -> Option<Result<FileKey, DecryptError>> {
        let ours = matches!(stanza.tag.as_str(), "ssh-ed25519" | "ssh-rsa")
            && stanza.args.first() == Some(&self.tag);
        if !ours {
            return None;
        }
        match self.unlock() {
            Ok(id) => id.unwrap_stanza(stanza),
            Err(e) => Some(Err(e)),
        }
    }
}

/// The 4-byte key tag age puts in `ssh-ed25519`/`ssh-rsa` stanzas, base64 without padding.
fn stanza_tag(recipient: &SshRecipient) -> Option<String> {
    let text = recipient.to_string();
    let wire = STANDARD.decode(text.split_whitespace().nth(1)?).ok()?;
    Some(STANDARD_NO_PAD.encode(&Sha256::digest(&wire)[..4]))
}
