//! Seals and opens the local store's version files with hush's own envelope: the recipients
//! come from the creation rule that applies to the version file's path, so the store can be
//! committed like any other sealed file.

use std::path::Path;

use zeroize::Zeroizing;

use crate::document::Format;
use crate::envelope::seal::KeyUnwrapper;
use crate::error::Result;
use crate::ops::io::Input;
use crate::ops::keys::{EncryptKeys, group_refs};
use crate::ops::seal;

/// Seals values for a path and opens sealed version files.
pub trait Sealer {
    /// `value` sealed for the recipients that apply to `target`.
    fn seal(&self, target: &Path, value: &[u8]) -> Result<Vec<u8>>;
    /// The value in the sealed file at `path`.
    fn open(&self, path: &Path) -> Result<Zeroizing<Vec<u8>>>;
}

/// The recipients and settings that apply to a target path.
pub type KeysFor<'a> = Box<dyn Fn(&Path) -> Result<EncryptKeys> + 'a>;

/// A [`Sealer`] taking recipients from a function of the target path (the creation rules)
/// and opening with the given identities.
pub struct EnvelopeSealer<'a> {
    pub keys: KeysFor<'a>,
    pub unwrapper: &'a dyn KeyUnwrapper,
}

impl Sealer for EnvelopeSealer<'_> {
    fn seal(&self, target: &Path, value: &[u8]) -> Result<Vec<u8>> {
        let keys = (self.keys)(target)?;
        seal::seal_bytes(
            value.to_vec(),
            seal::EncryptOptions {
                input: Input::File(target.to_path_buf()),
                input_format: Format::Binary,
                output_format: Format::Binary,
                groups: group_refs(&keys.wrappers),
                shamir_threshold: keys.shamir_threshold,
                rule: keys.rule,
                mac_only_encrypted: keys.mac_only_encrypted,
            },
        )
    }

    fn open(&self, path: &Path) -> Result<Zeroizing<Vec<u8>>> {
        seal::decrypt(seal::DecryptOptions {
            input: Input::File(path.to_path_buf()),
            input_format: Format::Binary,
            output_format: Format::Binary,
            unwrapper: self.unwrapper,
            ignore_mac: false,
            extract: None,
        })
        .map(Zeroizing::new)
    }
}
