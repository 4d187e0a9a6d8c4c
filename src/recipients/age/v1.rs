//! Writing a single-recipient age v1 file (<https://c2sp.org/age>) exactly as sops' Go age
//! writes one: the recipient's stanza and nothing else.
//!
//! The `age` crate's `Encryptor` always adds a random "grease" stanza to exercise parsers;
//! sops never does, and `enc` is meant to have exactly one stanza, so hush assembles the file
//! itself from the crate's recipient (which wraps the file key) and the spec's primitives.
//! Reading stays with the `age` crate.

use age::secrecy::ExposeSecret;
use age_core::format::{FILE_KEY_BYTES, FileKey, Stanza};
use age_core::primitives::hkdf;
use base64::Engine;
use base64::engine::general_purpose::STANDARD_NO_PAD;
use chacha20poly1305::aead::{Aead, KeyInit};
use chacha20poly1305::{ChaCha20Poly1305, Nonce};
use hmac::{Hmac, Mac};
use rand::RngCore;
use rand::rngs::OsRng;
use sha2::Sha256;
use zeroize::Zeroizing;

const INTRO: &[u8] = b"age-encryption.org/v1\n";
/// The payload chunk size; everything hush wraps fits in one (final) chunk.
const CHUNK: usize = 64 * 1024;
const BODY_COLUMNS: usize = 48; // bytes per 64-column base64 line

/// Encrypts `data` to `recipient`, returning the binary age file.
pub(super) fn encrypt(recipient: &dyn age::Recipient, data: &[u8]) -> Result<Vec<u8>, String> {
    if data.len() > CHUNK {
        return Err(format!("hush wraps at most {CHUNK} bytes"));
    }
    let file_key = FileKey::init_with_mut(|k| OsRng.fill_bytes(k));
    let (stanzas, _labels) = recipient
        .wrap_file_key(&file_key)
        .map_err(|e| e.to_string())?;
    let mut out = header_without_mac(&stanzas);
    let mac = header_mac(&file_key, &out);
    out.extend_from_slice(b" ");
    out.extend_from_slice(STANDARD_NO_PAD.encode(mac).as_bytes());
    out.extend_from_slice(b"\n");
    let mut nonce = [0u8; 16];
    OsRng.fill_bytes(&mut nonce);
    out.extend_from_slice(&nonce);
    out.extend_from_slice(&seal_final_chunk(&file_key, &nonce, data)?);
    Ok(out)
}

/// The header up to and including `---` (what the MAC covers).
fn header_without_mac(stanzas: &[Stanza]) -> Vec<u8> {
    let mut out = INTRO.to_vec();
    for stanza in stanzas {
        out.extend_from_slice(b"->");
        for word in std::iter::once(&stanza.tag).chain(&stanza.args) {
            out.extend_from_slice(b" ");
            out.extend_from_slice(word.as_bytes());
        }
        out.extend_from_slice(b"\n");
        // Full 64-column lines, then a final shorter (possibly empty) line.
        let full = stanza.body.len() / BODY_COLUMNS * BODY_COLUMNS;
        for line in stanza.body[..full]
            .chunks(BODY_COLUMNS)
            .chain([&stanza.body[full..]])
        {
            out.extend_from_slice(STANDARD_NO_PAD.encode(line).as_bytes());
            out.extend_from_slice(b"\n");
        }
    }
    out.extend_from_slice(b"---");
    out
}

fn header_mac(file_key: &FileKey, header: &[u8]) -> [u8; 32] {
    let key = Zeroizing::new(hkdf(&[], b"header", file_key.expose_secret()));
    let mut mac =
        <Hmac<Sha256> as Mac>::new_from_slice(&key[..]).expect("HMAC takes any key length");
    mac.update(header);
    mac.finalize().into_bytes().into()
}

/// STREAM with ChaCha20-Poly1305: chunk counter 0, last-chunk flag set.
fn seal_final_chunk(file_key: &FileKey, nonce: &[u8; 16], data: &[u8]) -> Result<Vec<u8>, String> {
    debug_assert_eq!(file_key.expose_secret().len(), FILE_KEY_BYTES);
    let key = Zeroizing::new(hkdf(nonce, b"payload", file_key.expose_secret()));
    let cipher = ChaCha20Poly1305::new_from_slice(&key[..]).map_err(|e| e.to_string())?;
    let mut chunk_nonce = [0u8; 12];
    chunk_nonce[11] = 1;
    cipher
        .encrypt(Nonce::from_slice(&chunk_nonce), data)
        .map_err(|_| "payload encryption failed".to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    fn decrypt(id: &age::x25519::Identity, file: &[u8]) -> Vec<u8> {
        let d = age::Decryptor::new_buffered(file).unwrap();
        let mut out = Vec::new();
        d.decrypt(std::iter::once(id as &dyn age::Identity))
            .unwrap()
            .read_to_end(&mut out)
            .unwrap();
        out
    }

    #[test]
    fn the_age_crate_reads_what_we_write() {
        let id = age::x25519::Identity::generate();
        for len in [0, 1, 32, 33, 1000] {
            let data: Vec<u8> = (0..len).map(|i| i as u8).collect();
            let file = encrypt(&id.to_public(), &data).unwrap();
            assert_eq!(decrypt(&id, &file), data);
        }
    }

    #[test]
    fn header_has_exactly_one_stanza() {
        let id = age::x25519::Identity::generate();
        let file = encrypt(&id.to_public(), &[9; 32]).unwrap();
        let text = String::from_utf8_lossy(&file);
        let header = &text[..text.find("\n---").unwrap()];
        assert_eq!(header.matches("\n-> ").count(), 1);
        assert!(header.contains("\n-> X25519 "));
    }

    #[test]
    fn stanza_bodies_of_whole_lines_end_with_an_empty_line() {
        let stanza = Stanza {
            tag: "t".into(),
            args: vec!["a".into()],
            body: vec![0; 48],
        };
        let header = String::from_utf8(header_without_mac(&[stanza])).unwrap();
        assert_eq!(
            header,
            format!("age-encryption.org/v1\n-> t a\n{}\n\n---", "A".repeat(64))
        );
    }

    #[test]
    fn refuses_more_than_one_chunk() {
        let id = age::x25519::Identity::generate();
        assert!(encrypt(&id.to_public(), &vec![0; CHUNK + 1]).is_err());
    }
}
