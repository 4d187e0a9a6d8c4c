//! The `age` master-key kind: recipients (`age1…` X25519 keys and `ssh-ed25519`/`ssh-rsa`
//! public keys), wrapping a data key into the ASCII-armored age file sops stores in `enc`,
//! and unwrapping it with discovered identities.
//!
//! The `enc` written here is what sops' `age/keysource.go` writes: one age v1 file, armored
//! (`-----BEGIN AGE ENCRYPTED FILE-----`, 64-column base64, trailing newline), whose payload
//! is exactly the wrapped bytes, with a single recipient stanza (see [`v1`]).

mod v1;

use std::fmt;
use std::io::{Read, Write};
use std::str::FromStr;

use ::age::armor::{ArmoredReader, ArmoredWriter, Format};
use ::age::{DecryptError, Decryptor};
use zeroize::Zeroizing;

use super::{MasterKeyKind, UnwrapError, WrapRecipient};
use crate::envelope::metadata::MasterKey;
use crate::error::Error;
use crate::identities::Identities;

/// The longest recipient text quoted back in an error message.
const MAX_QUOTED: usize = 120;

/// Which kind of public key an [`AgeRecipient`] is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AgeRecipientKind {
    X25519,
    SshEd25519,
    SshRsa,
}

/// A parsed age recipient, remembering the text it was given as (trimmed).
#[derive(Clone)]
pub struct AgeRecipient {
    text: String,
    key: Key,
}

#[derive(Clone)]
enum Key {
    X25519(::age::x25519::Recipient),
    Ssh(::age::ssh::Recipient),
}

impl AgeRecipient {
    /// The recipient as given, trimmed; this is what the metadata records.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    pub fn kind(&self) -> AgeRecipientKind {
        match &self.key {
            Key::X25519(_) => AgeRecipientKind::X25519,
            Key::Ssh(::age::ssh::Recipient::SshEd25519(..)) => AgeRecipientKind::SshEd25519,
            Key::Ssh(::age::ssh::Recipient::SshRsa(..)) => AgeRecipientKind::SshRsa,
        }
    }

    fn as_age(&self) -> &dyn ::age::Recipient {
        match &self.key {
            Key::X25519(r) => r,
            Key::Ssh(r) => r,
        }
    }

    fn error(&self, reason: impl Into<String>) -> Error {
        Error::BadRecipient {
            recipient: self.text.clone(),
            reason: reason.into(),
        }
    }
}

impl fmt::Debug for AgeRecipient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AgeRecipient")
            .field("kind", &self.kind())
            .field("text", &self.text)
            .finish()
    }
}

impl fmt::Display for AgeRecipient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl FromStr for AgeRecipient {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self, Error> {
        parse_age_recipient(s)
    }
}

/// Parses an `age1…` X25519 recipient or an `ssh-ed25519`/`ssh-rsa` public key line.
///
/// Errors are [`Error::BadRecipient`] naming the recipient (or a placeholder when the text
/// looks like a private key, which is never echoed) and what is wrong with it.
pub fn parse_age_recipient(s: &str) -> Result<AgeRecipient, Error> {
    let text = s.trim();
    let key = if text.starts_with("age1") {
        parse_age1(text)
    } else if text.starts_with("ssh-") || text.starts_with("ecdsa-") || text.starts_with("sk-") {
        parse_ssh(text)
    } else {
        Err(unknown_kind_reason(text).to_string())
    };
    match key {
        Ok(key) => Ok(AgeRecipient {
            text: text.to_string(),
            key,
        }),
        Err(reason) => Err(Error::BadRecipient {
            recipient: quoted(text),
            reason,
        }),
    }
}

/// Parses a comma-separated list (the form of `--age` and `SOPS_AGE_RECIPIENTS`); empty
/// items are skipped.
pub fn parse_age_recipients(list: &str) -> Result<Vec<AgeRecipient>, Error> {
    list.split(',')
        .filter(|item| !item.trim().is_empty())
        .map(parse_age_recipient)
        .collect()
}

fn parse_age1(text: &str) -> Result<Key, String> {
    if text.starts_with("age1pq1") {
        return Err("post-quantum (age1pq1…) recipients are not supported yet".into());
    }
    // The Bech32 alphabet has no `1`, so a second one means a plugin's HRP (age1yubikey1…).
    if text.matches('1').count() > 1 {
        return Err("age plugin recipients are not supported".into());
    }
    ::age::x25519::Recipient::from_str(text)
        .map(Key::X25519)
        .map_err(|_| {
            "not a valid age X25519 recipient (wrong length, characters or checksum)".into()
        })
}

fn parse_ssh(text: &str) -> Result<Key, String> {
    use ::age::ssh::ParseRecipientKeyError as E;
    match ::age::ssh::Recipient::from_str(text) {
        Ok(r) => Ok(Key::Ssh(r)),
        Err(E::RsaModulusTooSmall) => Err("the ssh-rsa key is shorter than 2048 bits".into()),
        Err(E::RsaModulusTooLarge) => Err("the ssh-rsa key is longer than age supports".into()),
        Err(E::Unsupported(kind)) => Err(format!(
            "SSH key type {kind} is not supported by age; use an ssh-ed25519 or ssh-rsa key"
        )),
        Err(E::Ignore) => Err(
            "this SSH key type is not supported by age; use an ssh-ed25519 or ssh-rsa key".into(),
        ),
        Err(_) => Err("not a valid SSH public key (expected `ssh-ed25519 AAAA… [comment]`)".into()),
    }
}

fn unknown_kind_reason(text: &str) -> &'static str {
    if looks_private(text) {
        "this is a private key, not a recipient; give its public key (`age-keygen -y` or `ssh-keygen -y`)"
    } else if text.is_empty() {
        "the recipient is empty"
    } else {
        "unknown recipient type; expected an age1… key or an SSH public key (ssh-ed25519, ssh-rsa)"
    }
}

fn looks_private(text: &str) -> bool {
    // Compared in place: the text may be a secret, so no (unzeroized) copy is made.
    let starts = |prefix: &str| {
        text.get(..prefix.len())
            .is_some_and(|p| p.eq_ignore_ascii_case(prefix))
    };
    starts("AGE-SECRET-KEY") || starts("AGE-PLUGIN-") || text.contains("PRIVATE KEY")
}

/// The recipient text as it may appear in an error: never a private key, never huge.
fn quoted(text: &str) -> String {
    if looks_private(text) {
        return "<private key, not shown>".into();
    }
    match text.char_indices().nth(MAX_QUOTED) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text.to_string(),
    }
}

impl WrapRecipient for AgeRecipient {
    fn wrap(&self, data: &[u8]) -> Result<MasterKey, Error> {
        let file = v1::encrypt(self.as_age(), data)
            .map_err(|e| self.error(format!("cannot encrypt to it: {e}")))?;
        let io_error = |e: std::io::Error| self.error(format!("cannot armor the age file: {e}"));
        let mut out = Vec::with_capacity(file.len() * 4 / 3 + 128);
        let mut armor =
            ArmoredWriter::wrap_output(&mut out, Format::AsciiArmor).map_err(io_error)?;
        armor.write_all(&file).map_err(io_error)?;
        armor.finish().map_err(io_error)?;
        let enc = String::from_utf8(out).map_err(|_| self.error("armored output is not text"))?;
        Ok(MasterKey::Age {
            recipient: self.text.clone(),
            enc,
        })
    }
}

/// The registry entry for `age` master keys.
pub(super) struct AgeKind;

impl MasterKeyKind for AgeKind {
    fn name(&self) -> &'static str {
        "age"
    }

    fn unwrap(&self, key: &MasterKey, ids: &Identities) -> Result<Zeroizing<Vec<u8>>, UnwrapError> {
        match key {
            MasterKey::Age { recipient, enc } => unwrap_enc(recipient, enc, ids),
            MasterKey::Other { kind, .. } => Err(UnwrapError::UnsupportedKind {
                kind: kind.clone(),
                key: key.describe(),
            }),
        }
    }

    fn recipient_of(&self, key: &MasterKey) -> Result<Box<dyn WrapRecipient>, Error> {
        match key {
            MasterKey::Age { recipient, .. } => Ok(Box::new(parse_age_recipient(recipient)?)),
            MasterKey::Other { .. } => Err(Error::BadRecipient {
                recipient: key.describe(),
                reason: "not an age entry".into(),
            }),
        }
    }
}

/// Decrypts one `enc` (armored as sops writes it, or binary) with `ids`.
fn unwrap_enc(
    recipient: &str,
    enc: &str,
    ids: &Identities,
) -> Result<Zeroizing<Vec<u8>>, UnwrapError> {
    unwrap_bytes(recipient, normalize_armor(enc).as_bytes(), ids)
}

/// Decrypts an age file, armored or binary, with `ids`.
fn unwrap_bytes(
    recipient: &str,
    file: &[u8],
    ids: &Identities,
) -> Result<Zeroizing<Vec<u8>>, UnwrapError> {
    let malformed = |reason: String| UnwrapError::Malformed {
        recipient: recipient.to_string(),
        reason,
    };
    let decryptor = Decryptor::new_buffered(ArmoredReader::new(file))
        .map_err(|e| malformed(describe_decrypt_error(&e)))?;
    if decryptor.is_scrypt() {
        return Err(malformed(
            "it is encrypted with a passphrase, not to a recipient".into(),
        ));
    }
    let mut reader = decryptor.decrypt(ids.iter()).map_err(|e| match e {
        DecryptError::NoMatchingKeys => UnwrapError::NoIdentityMatched {
            recipient: recipient.to_string(),
            tried: ids.len(),
        },
        DecryptError::KeyDecryptionFailed => UnwrapError::IdentityFailed {
            recipient: recipient.to_string(),
            reason:
                "a matching passphrase-protected key could not be decrypted (wrong passphrase?)"
                    .into(),
        },
        other => malformed(describe_decrypt_error(&other)),
    })?;
    let mut out = Zeroizing::new(Vec::with_capacity(64));
    reader
        .read_to_end(&mut out)
        .map_err(|e| malformed(format!("the payload does not decrypt: {e}")))?;
    Ok(out)
}

/// Restores the line structure that flat stores or YAML `|-` may have changed: sops' Go
/// reader accepts surrounding whitespace and a missing final newline, so hush does too.
fn normalize_armor(enc: &str) -> String {
    let trimmed = enc.trim();
    if trimmed.starts_with("-----BEGIN") {
        let mut text = trimmed.replace("\r\n", "\n");
        text.push('\n');
        text
    } else {
        enc.to_string()
    }
}

fn describe_decrypt_error(e: &DecryptError) -> String {
    match e {
        DecryptError::UnknownFormat => "not an age v1 file".into(),
        DecryptError::InvalidHeader => "the age header is invalid".into(),
        DecryptError::InvalidMac => "the age header MAC does not verify".into(),
        DecryptError::DecryptionFailed => "decryption failed (the file is corrupt)".into(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::envelope::metadata::MasterKey;
    use crate::identities::Identities;
    use ::age::secrecy::ExposeSecret;

    const ED25519_PUB: &str = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHsKLqeplhpW+uObz5dvMgjz1OxfM/XXUB+VHtZ6isGN alice@rust";

    fn fresh() -> (Identities, AgeRecipient) {
        let id = ::age::x25519::Identity::generate();
        let public = id.to_public().to_string();
        let ids = Identities::from_text("test", id.to_string().expose_secret()).unwrap();
        (ids, parse_age_recipient(&public).unwrap())
    }

    fn enc_of(key: &MasterKey) -> &str {
        match key {
            MasterKey::Age { enc, .. } => enc,
            MasterKey::Other { .. } => panic!("not age"),
        }
    }

    #[test]
    fn parses_x25519_and_ssh_recipients() {
        let (_, r) = fresh();
        assert_eq!(r.kind(), AgeRecipientKind::X25519);
        let padded = format!("  {}\n", r.as_str());
        assert_eq!(parse_age_recipient(&padded).unwrap().as_str(), r.as_str());
        let ssh = parse_age_recipient(ED25519_PUB).unwrap();
        assert_eq!(ssh.kind(), AgeRecipientKind::SshEd25519);
        assert_eq!(ssh.as_str(), ED25519_PUB);
    }

    #[test]
    fn bad_recipients_name_the_recipient_and_the_problem() {
        let err = parse_age_recipient("age1qqqq").unwrap_err().to_string();
        assert!(
            err.starts_with("invalid recipient `age1qqqq`: not a valid age X25519"),
            "{err}"
        );
        let err = parse_age_recipient("gpg:1234").unwrap_err().to_string();
        assert!(err.contains("`gpg:1234`: unknown recipient type"), "{err}");
        let err = parse_age_recipient("ssh-ed25519 AAAAnotbase64!")
            .unwrap_err()
            .to_string();
        assert!(err.contains("not a valid SSH public key"), "{err}");
        let err = parse_age_recipient("age1yubikey1qqqqq")
            .unwrap_err()
            .to_string();
        assert!(err.contains("plugin recipients are not supported"), "{err}");
        let err = parse_age_recipient("").unwrap_err().to_string();
        assert!(err.contains("empty"), "{err}");
    }

    #[test]
    fn a_private_key_given_as_recipient_is_never_echoed() {
        let secret = ::age::x25519::Identity::generate().to_string();
        let err = parse_age_recipient(secret.expose_secret()).unwrap_err();
        let shown = format!("{err} {err:?}");
        assert!(!shown.contains(secret.expose_secret()));
        assert!(shown.contains("private key"), "{shown}");
    }

    #[test]
    fn wrap_writes_one_armored_stanza_with_trailing_newline() {
        let (_, r) = fresh();
        let key = super::super::wrap(&r, &[7u8; 32]).unwrap();
        let MasterKey::Age { recipient, enc } = &key else {
            panic!()
        };
        assert_eq!(recipient, r.as_str());
        assert!(enc.starts_with("-----BEGIN AGE ENCRYPTED FILE-----\n"));
        assert!(enc.ends_with("-----END AGE ENCRYPTED FILE-----\n"));
        let body: Vec<&str> = enc
            .lines()
            .skip(1)
            .take_while(|l| !l.starts_with("-----"))
            .collect();
        assert!(body[..body.len() - 1].iter().all(|l| l.len() == 64));
        let binary = {
            let mut v = Vec::new();
            ArmoredReader::new(enc.as_bytes())
                .read_to_end(&mut v)
                .unwrap();
            v
        };
        let text = String::from_utf8_lossy(&binary);
        let header = &text[..text.find("\n---").unwrap()];
        assert!(header.starts_with("age-encryption.org/v1\n-> X25519 "));
        assert_eq!(header.matches("\n-> ").count(), 1);
    }

    #[test]
    fn round_trips_data_keys_and_shares() {
        let (ids, r) = fresh();
        for len in [32, 33] {
            let data: Vec<u8> = (0..len as u8).collect();
            let key = super::super::wrap(&r, &data).unwrap();
            assert_eq!(&super::super::unwrap(&key, &ids).unwrap()[..], &data[..]);
        }
    }

    #[test]
    fn unwrap_tolerates_flattened_armor() {
        let (ids, r) = fresh();
        let key = super::super::wrap(&r, &[1u8; 32]).unwrap();
        let enc = enc_of(&key);
        for variant in [
            enc.trim_end().to_string(),
            enc.replace('\n', "\r\n"),
            format!("\n  {enc}"),
        ] {
            let k = MasterKey::Age {
                recipient: r.as_str().into(),
                enc: variant,
            };
            assert_eq!(&super::super::unwrap(&k, &ids).unwrap()[..], &[1u8; 32]);
        }
    }

    #[test]
    fn unwrap_accepts_binary_age_files_too() {
        let (ids, r) = fresh();
        let key = super::super::wrap(&r, &[3u8; 32]).unwrap();
        let mut binary = Vec::new();
        ArmoredReader::new(enc_of(&key).as_bytes())
            .read_to_end(&mut binary)
            .unwrap();
        assert!(binary.starts_with(b"age-encryption.org/v1\n"));
        assert_eq!(
            &unwrap_bytes(r.as_str(), &binary, &ids).unwrap()[..],
            &[3u8; 32]
        );
    }

    #[test]
    fn unwrap_reports_no_match_and_malformed() {
        let (_, r) = fresh();
        let (other_ids, _) = fresh();
        let key = super::super::wrap(&r, &[0u8; 32]).unwrap();
        let err = super::super::unwrap(&key, &other_ids).unwrap_err();
        assert_eq!(
            err,
            UnwrapError::NoIdentityMatched {
                recipient: r.as_str().into(),
                tried: 1
            }
        );
        let bad = MasterKey::Age {
            recipient: "age1x".into(),
            enc: "hello".into(),
        };
        let err = super::super::unwrap(&bad, &other_ids).unwrap_err();
        assert!(matches!(err, UnwrapError::Malformed { .. }), "{err:?}");
        let truncated = MasterKey::Age {
            recipient: "age1x".into(),
            enc: enc_of(&key).lines().take(2).collect::<Vec<_>>().join("\n"),
        };
        let err = super::super::unwrap(&truncated, &other_ids).unwrap_err();
        assert!(matches!(err, UnwrapError::Malformed { .. }), "{err:?}");
    }
}
