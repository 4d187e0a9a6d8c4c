//! `hush git textconv FILE`: the text git diffs for a sealed file.
//!
//! The decrypted file when the caller's identities open it; otherwise (not sealed, not
//! parseable, no usable key, MAC mismatch) the file's bytes unchanged, so a diff never fails
//! and shows nothing the caller could not decrypt anyway.

use crate::document::Format;
use crate::envelope::seal::KeyUnwrapper;
use crate::error::Result;
use crate::ops::io::Input;
use crate::ops::sealed_file::SealedFile;

/// What textconv prints.
pub struct Converted {
    pub bytes: Vec<u8>,
    /// False when the raw bytes are given back.
    pub decrypted: bool,
}

/// Reads `input` and decrypts it when `unwrapper` can; `None`: no identities at all.
/// Only an unreadable input is an error.
pub fn textconv(
    input: &Input,
    format: Format,
    unwrapper: Option<&dyn KeyUnwrapper>,
) -> Result<Converted> {
    let raw = input.read()?;
    let plain = unwrapper.and_then(|u| {
        SealedFile::open_bytes(raw.clone(), format, u, input.display_path())
            .and_then(|f| f.plaintext())
            .ok()
    });
    Ok(match plain {
        Some(bytes) => Converted {
            bytes,
            decrypted: true,
        },
        None => Converted {
            bytes: raw,
            decrypted: false,
        },
    })
}
