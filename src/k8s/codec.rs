//! kube-apiserver's storage format for etcd values: `k8s:enc:<provider>:v1:<key>:` followed
//! by the provider's ciphertext (aescbc, aesgcm, secretbox), or the raw bytes (identity).
//! Writes use the first provider (and its first key) that applies to the resource; reads
//! try the providers and keys in order by prefix, as kube-apiserver does. The etcd key is
//! the authenticated data for aesgcm; aescbc and secretbox do not bind it.

use aes_gcm::aead::consts::U12;
use aes_gcm::aead::{Aead, KeyInit, Payload};
use aes_gcm::{Aes128Gcm, Aes256Gcm, AesGcm};
use cbc::cipher::block_padding::{NoPadding, Pkcs7};
use cbc::cipher::{BlockDecryptMut, BlockEncryptMut, KeyIvInit};
use rand::RngCore;
use zeroize::Zeroizing;

use super::model::{EncryptionConfig, ProviderKind, ProviderType};
use super::proto;
use super::resource::GroupResource;
use super::validate::decode_key;

/// Every encrypted value starts with this; identity refuses to read such values.
pub const ENCRYPTED_PREFIX: &[u8] = b"k8s:enc:";

type Aes192Gcm = AesGcm<aes::Aes192, U12>;

/// The value prefix of a provider type (`k8s:enc:aescbc:v1:`); identity has none.
pub fn provider_prefix(t: ProviderType, kms_version: &str) -> String {
    match t {
        ProviderType::Identity => String::new(),
        ProviderType::Kms => format!("k8s:enc:kms:{kms_version}:"),
        keyed => format!("k8s:enc:{}:v1:", keyed.name()),
    }
}

/// One named key of a keyed provider.
struct NamedKey {
    name: String,
    bytes: Zeroizing<Vec<u8>>,
}

/// One provider as the transformer uses it.
enum Codec {
    Keyed(ProviderType, Vec<NamedKey>),
    Identity,
    Kms { name: String, version: String },
}

/// The providers that apply to one resource, in kube-apiserver's order.
pub struct Transformer {
    providers: Vec<Codec>,
}

/// What reading a value found.
#[derive(Debug, PartialEq, Eq)]
pub struct Read {
    pub plaintext: Vec<u8>,
    pub provider: ProviderType,
    /// The key name (keyed providers).
    pub key: Option<String>,
    /// True when a provider or key other than the first read it: the next write re-encrypts.
    pub stale: bool,
}

impl Transformer {
    /// The providers for `gr`: every entry listing it exactly (in file order), else the
    /// first entry with `group/*`, else `*.*`; else identity (kube-apiserver's default).
    pub fn for_resource(
        config: &EncryptionConfig,
        gr: &GroupResource,
    ) -> Result<Transformer, String> {
        for rule in gr.lookup_order() {
            let kinds: Vec<&ProviderKind> = config
                .resources
                .iter()
                .filter(|e| {
                    e.resources
                        .iter()
                        .any(|n| GroupResource::parse(&n.value) == rule)
                })
                .flat_map(|e| e.providers.iter().filter_map(|p| p.single()))
                .collect();
            if !kinds.is_empty() {
                let providers = kinds.into_iter().map(codec_of).collect::<Result<_, _>>()?;
                return Ok(Transformer { providers });
            }
        }
        Ok(Transformer {
            providers: vec![Codec::Identity],
        })
    }

    /// The provider type and key name new writes use.
    pub fn writer(&self) -> (ProviderType, Option<&str>) {
        match self.providers.first() {
            Some(Codec::Keyed(t, keys)) => (*t, keys.first().map(|k| k.name.as_str())),
            Some(Codec::Kms { .. }) => (ProviderType::Kms, None),
            Some(Codec::Identity) | None => (ProviderType::Identity, None),
        }
    }

    /// Encrypts `plaintext` for storage under `etcd_key` with the first provider.
    pub fn encrypt(&self, plaintext: &[u8], etcd_key: &str) -> Result<Vec<u8>, String> {
        match self.providers.first() {
            Some(Codec::Keyed(t, keys)) => {
                let key = keys.first().ok_or("the first provider has no keys")?;
                let body = seal(*t, &key.bytes, plaintext, etcd_key.as_bytes())?;
                let mut out = format!("{}{}:", provider_prefix(*t, "v1"), key.name).into_bytes();
                out.extend_from_slice(&body);
                Ok(out)
            }
            Some(Codec::Kms { name, .. }) => Err(format!(
                "the first provider is kms {name:?}: its data keys come from the KMS plugin, which hush does not call"
            )),
            Some(Codec::Identity) | None => Ok(plaintext.to_vec()),
        }
    }

    /// Reads a stored value the way kube-apiserver does: providers in order by prefix, every
    /// matching key tried, errors collected until one succeeds.
    pub fn decrypt(&self, stored: &[u8], etcd_key: &str) -> Result<Read, String> {
        let mut errors = Vec::new();
        for (i, codec) in self.providers.iter().enumerate() {
            match codec {
                Codec::Identity if !stored.starts_with(ENCRYPTED_PREFIX) => {
                    return Ok(Read {
                        plaintext: stored.to_vec(),
                        provider: ProviderType::Identity,
                        key: None,
                        stale: i != 0,
                    });
                }
                Codec::Identity => {}
                Codec::Keyed(t, keys) => {
                    let Some(rest) = stored.strip_prefix(provider_prefix(*t, "v1").as_bytes())
                    else {
                        continue;
                    };
                    match read_keyed(*t, keys, rest, etcd_key.as_bytes()) {
                        Ok((plaintext, k)) => {
                            return Ok(Read {
                                plaintext,
                                provider: *t,
                                key: Some(keys[k].name.clone()),
                                stale: i != 0 || k != 0,
                            });
                        }
                        Err(e) => errors.push(e),
                    }
                }
                Codec::Kms { name, version } => {
                    let prefix = format!("{}{name}:", provider_prefix(ProviderType::Kms, version));
                    if let Some(body) = stored.strip_prefix(prefix.as_bytes()) {
                        let key_id = proto::encrypted_object(body)
                            .filter(|_| version == "v2")
                            .map(|o| format!(", KMS key id {:?}", o.key_id))
                            .unwrap_or_default();
                        errors.push(format!(
                            "the value is under kms provider {name:?} ({version}{key_id}): its data key is held by the KMS plugin, which hush does not call"
                        ));
                    }
                }
            }
        }
        if errors.is_empty() && stored.starts_with(b"k8s:enc:kms:") {
            Err("the value is under a kms provider this config does not list (no matching prefix found)".into())
        } else if errors.is_empty() {
            Err("no matching prefix found".into())
        } else {
            Err(errors.join("; "))
        }
    }
}

fn codec_of(kind: &ProviderKind) -> Result<Codec, String> {
    Ok(match kind {
        ProviderKind::Identity(_) => Codec::Identity,
        ProviderKind::Kms(k) => Codec::Kms {
            name: k.name.clone(),
            version: k.version().to_string(),
        },
        ProviderKind::Keyed(t, list) => {
            let keys = list
                .keys
                .iter()
                .map(|k| {
                    decode_key(&k.secret)
                        .map(|bytes| NamedKey {
                            name: k.name.clone(),
                            bytes,
                        })
                        .ok_or_else(|| format!("{}: secrets must be base64 encoded", k.place.path))
                })
                .collect::<Result<_, _>>()?;
            Codec::Keyed(*t, keys)
        }
    })
}

/// Tries each key whose `<name>:` prefixes `rest`; returns the plaintext and the key's index.
fn read_keyed(
    t: ProviderType,
    keys: &[NamedKey],
    rest: &[u8],
    aad: &[u8],
) -> Result<(Vec<u8>, usize), String> {
    let mut errors = Vec::new();
    for (k, key) in keys.iter().enumerate() {
        let Some(body) = rest.strip_prefix(format!("{}:", key.name).as_bytes()) else {
            continue;
        };
        match open(t, &key.bytes, body, aad) {
            Ok(plain) => return Ok((plain, k)),
            Err(e) => errors.push(format!("{} key {:?}: {e}", t.name(), key.name)),
        }
    }
    if errors.is_empty() {
        let kind = if t == ProviderType::Secretbox {
            "Secretbox"
        } else {
            "AES"
        };
        Err(format!(
            "no matching key was found for the provided {kind} transformer"
        ))
    } else {
        Err(errors.join("; "))
    }
}

/// Encrypts one body (everything after the key prefix).
pub fn seal(t: ProviderType, key: &[u8], plaintext: &[u8], aad: &[u8]) -> Result<Vec<u8>, String> {
    match t {
        ProviderType::Aescbc => {
            let mut iv = [0u8; 16];
            rand::rngs::OsRng.fill_bytes(&mut iv);
            let mut out = iv.to_vec();
            out.extend(cbc_encrypt(key, &iv, plaintext)?);
            Ok(out)
        }
        ProviderType::Aesgcm => {
            let mut nonce = [0u8; 12];
            rand::rngs::OsRng.fill_bytes(&mut nonce);
            let mut out = nonce.to_vec();
            out.extend(gcm(key, &nonce, plaintext, aad, true)?);
            Ok(out)
        }
        ProviderType::Secretbox => {
            use crypto_secretbox::XSalsa20Poly1305;
            let mut nonce = [0u8; 24];
            rand::rngs::OsRng.fill_bytes(&mut nonce);
            let cipher = XSalsa20Poly1305::new_from_slice(key)
                .map_err(|_| "secretbox needs a 32-byte key")?;
            let sealed = cipher
                .encrypt((&nonce).into(), plaintext)
                .map_err(|_| "secretbox encryption failed")?;
            let mut out = nonce.to_vec();
            out.extend(sealed);
            Ok(out)
        }
        other => Err(format!("{} has no keys to encrypt with", other.name())),
    }
}

/// Decrypts one body, with kube-apiserver's error messages.
pub fn open(t: ProviderType, key: &[u8], body: &[u8], aad: &[u8]) -> Result<Vec<u8>, String> {
    match t {
        ProviderType::Aescbc => cbc_decrypt(key, body),
        ProviderType::Aesgcm => {
            if body.len() < 12 {
                return Err("the stored data was shorter than the required size".into());
            }
            let (nonce, ct) = body.split_at(12);
            gcm(key, nonce, ct, aad, false)
        }
        ProviderType::Secretbox => {
            use crypto_secretbox::XSalsa20Poly1305;
            if body.len() < 24 {
                return Err("the stored data was shorter than the required size".into());
            }
            let (nonce, ct) = body.split_at(24);
            let cipher = XSalsa20Poly1305::new_from_slice(key)
                .map_err(|_| "secretbox needs a 32-byte key")?;
            cipher
                .decrypt(nonce.into(), ct)
                .map_err(|_| "output array was not large enough for encryption (authentication failed: wrong key or tampered value)".into())
        }
        other => Err(format!("{} has no keys to decrypt with", other.name())),
    }
}

fn gcm(
    key: &[u8],
    nonce: &[u8],
    data: &[u8],
    aad: &[u8],
    encrypt: bool,
) -> Result<Vec<u8>, String> {
    fn run<C: Aead + KeyInit>(
        key: &[u8],
        nonce: &[u8],
        data: &[u8],
        aad: &[u8],
        encrypt: bool,
    ) -> Result<Vec<u8>, String> {
        let c = C::new_from_slice(key).map_err(|_| "invalid AES key size")?;
        let payload = Payload { msg: data, aad };
        let nonce = aes_gcm::Nonce::<C::NonceSize>::from_slice(nonce);
        if encrypt {
            c.encrypt(nonce, payload)
                .map_err(|_| "AES-GCM encryption failed".into())
        } else {
            c.decrypt(nonce, payload)
                .map_err(|_| "cipher: message authentication failed (wrong key, wrong etcd key, or tampered value)".into())
        }
    }
    match key.len() {
        16 => run::<Aes128Gcm>(key, nonce, data, aad, encrypt),
        24 => run::<Aes192Gcm>(key, nonce, data, aad, encrypt),
        32 => run::<Aes256Gcm>(key, nonce, data, aad, encrypt),
        n => Err(format!("crypto/aes: invalid key size {n}")),
    }
}

fn cbc_encrypt(key: &[u8], iv: &[u8; 16], data: &[u8]) -> Result<Vec<u8>, String> {
    let bad = |_| "invalid AES key size".to_string();
    Ok(match key.len() {
        16 => cbc::Encryptor::<aes::Aes128>::new_from_slices(key, iv)
            .map_err(bad)?
            .encrypt_padded_vec_mut::<Pkcs7>(data),
        24 => cbc::Encryptor::<aes::Aes192>::new_from_slices(key, iv)
            .map_err(bad)?
            .encrypt_padded_vec_mut::<Pkcs7>(data),
        32 => cbc::Encryptor::<aes::Aes256>::new_from_slices(key, iv)
            .map_err(bad)?
            .encrypt_padded_vec_mut::<Pkcs7>(data),
        n => return Err(format!("crypto/aes: invalid key size {n}")),
    })
}

fn cbc_decrypt(key: &[u8], body: &[u8]) -> Result<Vec<u8>, String> {
    if body.len() < 16 {
        return Err("the stored data was shorter than the required size".into());
    }
    let (iv, ct) = body.split_at(16);
    if ct.len() % 16 != 0 {
        return Err("the stored data is not a multiple of the block size".into());
    }
    let bad = |_| "invalid AES key size".to_string();
    let unpad = |_| "the stored data is not a multiple of the block size".to_string();
    let mut plain = match key.len() {
        16 => cbc::Decryptor::<aes::Aes128>::new_from_slices(key, iv)
            .map_err(bad)?
            .decrypt_padded_vec_mut::<NoPadding>(ct),
        24 => cbc::Decryptor::<aes::Aes192>::new_from_slices(key, iv)
            .map_err(bad)?
            .decrypt_padded_vec_mut::<NoPadding>(ct),
        32 => cbc::Decryptor::<aes::Aes256>::new_from_slices(key, iv)
            .map_err(bad)?
            .decrypt_padded_vec_mut::<NoPadding>(ct),
        n => return Err(format!("crypto/aes: invalid key size {n}")),
    }
    .map_err(unpad)?;
    let pad = plain.last().copied().unwrap_or(0) as usize;
    if pad == 0 || pad > plain.len() {
        return Err("invalid PKCS7 data (empty or not padded)".into());
    }
    if plain[plain.len() - pad..]
        .iter()
        .any(|b| *b as usize != pad)
    {
        return Err("invalid padding on input".into());
    }
    plain.truncate(plain.len() - pad);
    Ok(plain)
}

#[cfg(test)]
mod tests;
