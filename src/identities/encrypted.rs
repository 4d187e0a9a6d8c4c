//! Identity files that are themselves passphrase-encrypted age files (armored or binary),
//! as `age -p` or `age-keygen | age -p -a` produce and sops accepts.

use std::io::Read;

use age::armor::ArmoredReader;
use age::{DecryptError, Decryptor};
use zeroize::Zeroizing;

use super::SIZE_LIMIT;
use super::passphrase::{self, Passphrase};

const BINARY_MAGIC: &[u8] = b"age-encryption.org/";
const ARMOR_BEGIN: &[u8] = b"-----BEGIN AGE ENCRYPTED FILE-----";

/// Whether `bytes` start with an age header (binary, or armored after leading whitespace).
pub(super) fn is_age_file(bytes: &[u8]) -> bool {
    let start = bytes
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(bytes.len());
    bytes.starts_with(BINARY_MAGIC) || bytes[start..].starts_with(ARMOR_BEGIN)
}

/// Decrypts an encrypted identity file named `name`; errors say what to do, never secrets.
pub(super) fn decrypt(
    bytes: &[u8],
    name: &str,
    passphrase: &Passphrase,
) -> Result<Zeroizing<Vec<u8>>, String> {
    let start = bytes
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(0);
    let decryptor = Decryptor::new_buffered(ArmoredReader::new(&bytes[start..]))
        .map_err(|e| format!("it looks like an age-encrypted file but cannot be read: {e}"))?;
    if !decryptor.is_scrypt() {
        return Err("it is age-encrypted to recipients, not with a passphrase; hush can only open passphrase-protected identity files".into());
    }
    if !passphrase.available() {
        return Err(passphrase::unavailable());
    }
    let identity = age::scrypt::Identity::new(passphrase.get(name)?);
    let mut reader = decryptor
        .decrypt(std::iter::once(&identity as &dyn age::Identity))
        .map_err(|e| match e {
            DecryptError::DecryptionFailed | DecryptError::NoMatchingKeys => {
                format!("wrong passphrase (from {})", passphrase.origin())
            }
            other => format!("cannot decrypt it: {other}"),
        })?;
    let mut plain = Zeroizing::new(Vec::with_capacity(bytes.len()));
    (&mut reader)
        .take(SIZE_LIMIT)
        .read_to_end(&mut plain)
        .map_err(|e| format!("cannot decrypt it: {e}"))?;
    Ok(plain)
}
