//! `encrypt --reuse OLD`: seal a plaintext under the data key, key groups and rule of an
//! earlier sealed version of it, so that every value whose key path and plaintext are
//! unchanged keeps its old ciphertext and a decrypt → change → encrypt cycle shows only the
//! changed values (plus `lastmodified` and `mac`) in the sealed diff.

use std::path::PathBuf;

use crate::document::Format;
use crate::envelope::seal::KeyUnwrapper;
use crate::error::{Error, Result};
use crate::ops::io::Input;
use crate::ops::sealed_file::SealedFile;

/// Options of `hush encrypt --reuse OLD PLAIN`.
pub struct ReuseOptions<'a> {
    /// The earlier sealed version.
    pub old: PathBuf,
    pub old_format: Format,
    /// The new plaintext.
    pub input: Input,
    pub input_format: Format,
    pub unwrapper: &'a dyn KeyUnwrapper,
}

/// Seals the input like `old` and returns the sealed bytes (in `old`'s format).
pub fn encrypt_reusing(opts: ReuseOptions) -> Result<Vec<u8>> {
    if opts.input_format != opts.old_format {
        return Err(Error::Usage(format!(
            "--reuse: {} is read as {} but {} is {}; give both in one format (see --input-type)",
            opts.input.display_path().display(),
            opts.input_format.name(),
            opts.old.display(),
            opts.old_format.name()
        )));
    }
    let mut sealed = SealedFile::open(&Input::File(opts.old), opts.old_format, opts.unwrapper)?;
    let plaintext = opts.input.read()?;
    sealed.replace_plaintext(plaintext, &opts.input.display_path())?;
    sealed.reseal()
}
