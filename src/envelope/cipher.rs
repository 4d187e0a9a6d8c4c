//! The sops value codec: `ENC[AES256_GCM,data:…,iv:…,tag:…,type:…]`.
//!
//! AES-256-GCM with a 32-byte IV (GHASH-derived J0, as Go's `NewGCMWithNonceSize(32)`),
//! a 16-byte tag stored apart from the ciphertext, padded standard base64 decoded leniently
//! like Go, and the key path as additional authenticated data.

use aes_gcm::aead::consts::U32;
use aes_gcm::aead::{AeadInPlace, KeyInit};
use aes_gcm::{AesGcm, Nonce, Tag};
use base64::Engine;
use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
use rand::RngCore;
use zeroize::{Zeroize, Zeroizing};

type Aes256Gcm32 = AesGcm<aes::Aes256, U32>;

/// Standard alphabet, padding required, non-canonical trailing bits accepted (as Go).
const B64: GeneralPurpose = GeneralPurpose::new(
    &base64::alphabet::STANDARD,
    GeneralPurposeConfig::new()
        .with_decode_allow_trailing_bits(true)
        .with_decode_padding_mode(DecodePaddingMode::RequireCanonical),
);

pub const IV_LEN: usize = 32;
pub const DATA_KEY_LEN: usize = 32;

/// The 32-byte data key that encrypts every value of a file. Zeroized on drop.
#[derive(Clone)]
pub struct DataKey(Zeroizing<[u8; DATA_KEY_LEN]>);

impl DataKey {
    pub fn generate() -> DataKey {
        let mut key = Zeroizing::new([0u8; DATA_KEY_LEN]);
        rand::rngs::OsRng.fill_bytes(key.as_mut());
        DataKey(key)
    }

    /// Builds a key from exactly 32 bytes.
    pub fn from_slice(bytes: &[u8]) -> Option<DataKey> {
        let arr: [u8; DATA_KEY_LEN] = bytes.try_into().ok()?;
        Some(DataKey(Zeroizing::new(arr)))
    }

    pub fn as_bytes(&self) -> &[u8; DATA_KEY_LEN] {
        &self.0
    }
}

impl std::fmt::Debug for DataKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("DataKey(<redacted>)")
    }
}

/// The parts of an `ENC[...]` string.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EncryptedValue {
    pub data: Vec<u8>,
    pub iv: Vec<u8>,
    pub tag: Vec<u8>,
    pub type_tag: String,
}

/// Why a value could not be decrypted. Never carries plaintext.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum CipherError {
    #[error("not an ENC[AES256_GCM,...] value")]
    NotEncrypted,
    #[error("malformed ENC[...] value: {0}")]
    Malformed(&'static str),
    #[error("authentication failed (wrong key, or the value, its IV, tag or key path was changed)")]
    Authentication,
}

/// True when `s` looks like an sops-encrypted value (sops' own test).
pub fn is_encrypted(s: &str) -> bool {
    s.starts_with("ENC[AES256_GCM,data:")
}

/// Parses `ENC[AES256_GCM,data:D,iv:I,tag:T,type:Y]` like sops' anchored, greedy regex.
pub fn parse(s: &str) -> Result<EncryptedValue, CipherError> {
    let rest = s
        .strip_prefix("ENC[AES256_GCM,data:")
        .ok_or(CipherError::NotEncrypted)?;
    // Greedy like sops' regex: split at the last occurrences so `.+` groups match maximally.
    let close = rest
        .rfind(']')
        .ok_or(CipherError::Malformed("missing `]`"))?;
    let body = &rest[..close];
    let (before_type, type_tag) = body
        .rsplit_once(",type:")
        .ok_or(CipherError::Malformed("missing type"))?;
    let (before_tag, tag) = before_type
        .rsplit_once(",tag:")
        .ok_or(CipherError::Malformed("missing tag"))?;
    let (data, iv) = before_tag
        .rsplit_once(",iv:")
        .ok_or(CipherError::Malformed("missing iv"))?;
    if data.is_empty() || iv.is_empty() || tag.is_empty() || type_tag.is_empty() {
        return Err(CipherError::Malformed("empty field"));
    }
    let decode = |field: &str, what: &'static str| {
        let cleaned: String = field.chars().filter(|c| *c != '\r' && *c != '\n').collect();
        B64.decode(cleaned)
            .map_err(|_| CipherError::Malformed(what))
    };
    Ok(EncryptedValue {
        data: decode(data, "data is not base64")?,
        iv: decode(iv, "iv is not base64")?,
        tag: decode(tag, "tag is not base64")?,
        type_tag: type_tag.to_string(),
    })
}

/// Encrypts `plaintext` under `key` with `aad`; `iv` reuses a known IV (for unchanged
/// values), otherwise a fresh random one is drawn.
pub fn encrypt(
    key: &DataKey,
    plaintext: &[u8],
    aad: &str,
    type_tag: &str,
    iv: Option<[u8; IV_LEN]>,
) -> String {
    let iv = iv.unwrap_or_else(|| {
        let mut iv = [0u8; IV_LEN];
        rand::rngs::OsRng.fill_bytes(&mut iv);
        iv
    });
    let cipher = Aes256Gcm32::new(key.as_bytes().into());
    let mut buf = plaintext.to_vec();
    let tag = cipher
        .encrypt_in_place_detached(Nonce::<U32>::from_slice(&iv), aad.as_bytes(), &mut buf)
        .expect("AES-GCM encryption of an in-memory buffer cannot fail");
    let out = format!(
        "ENC[AES256_GCM,data:{},iv:{},tag:{},type:{}]",
        B64.encode(&buf),
        B64.encode(iv),
        B64.encode(tag),
        type_tag
    );
    buf.zeroize();
    out
}

/// A decrypted value: plaintext (zeroized on drop), its type tag and the IV it used.
pub type Decrypted = (Zeroizing<Vec<u8>>, String, Vec<u8>);

/// Decrypts an `ENC[...]` string, returning the plaintext, its type tag and the IV.
pub fn decrypt(key: &DataKey, value: &str, aad: &str) -> Result<Decrypted, CipherError> {
    let parsed = parse(value)?;
    if parsed.tag.len() != 16 {
        return Err(CipherError::Malformed("tag is not 16 bytes"));
    }
    let mut buf = Zeroizing::new(parsed.data);
    let tag = Tag::from_slice(&parsed.tag);
    let ok = match parsed.iv.len() {
        32 => Aes256Gcm32::new(key.as_bytes().into()).decrypt_in_place_detached(
            Nonce::<U32>::from_slice(&parsed.iv),
            aad.as_bytes(),
            &mut buf,
            tag,
        ),
        12 => aes_gcm::Aes256Gcm::new(key.as_bytes().into()).decrypt_in_place_detached(
            aes_gcm::Nonce::from_slice(&parsed.iv),
            aad.as_bytes(),
            &mut buf,
            tag,
        ),
        _ => return Err(CipherError::Malformed("unsupported IV length")),
    };
    ok.map_err(|_| CipherError::Authentication)?;
    Ok((buf, parsed.type_tag, parsed.iv))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_aad_binding() {
        let key = DataKey::generate();
        let enc = encrypt(&key, b"hunter2", "a:b:", "str", None);
        assert!(is_encrypted(&enc));
        let (plain, ty, iv) = decrypt(&key, &enc, "a:b:").unwrap();
        assert_eq!(&plain[..], b"hunter2");
        assert_eq!(ty, "str");
        assert_eq!(iv.len(), 32);
        assert_eq!(
            decrypt(&key, &enc, "a:c:").unwrap_err(),
            CipherError::Authentication
        );
        let other = DataKey::generate();
        assert_eq!(
            decrypt(&other, &enc, "a:b:").unwrap_err(),
            CipherError::Authentication
        );
    }

    #[test]
    fn same_iv_gives_same_ciphertext() {
        let key = DataKey::generate();
        let a = encrypt(&key, b"v", "k:", "str", Some([7; 32]));
        let b = encrypt(&key, b"v", "k:", "str", Some([7; 32]));
        assert_eq!(a, b);
    }

    #[test]
    fn malformed_values_are_rejected() {
        let key = DataKey::generate();
        assert_eq!(
            decrypt(&key, "hello", ":").unwrap_err(),
            CipherError::NotEncrypted
        );
        assert!(matches!(
            decrypt(
                &key,
                "ENC[AES256_GCM,data:@@,iv:AA==,tag:AA==,type:str]",
                ":"
            ),
            Err(CipherError::Malformed(_))
        ));
        assert!(matches!(
            decrypt(&key, "ENC[AES256_GCM,data:AA==,iv:AA==]", ":"),
            Err(CipherError::Malformed(_))
        ));
    }
}
