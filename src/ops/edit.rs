//! `edit`: open a sealed file into a private in-memory plaintext file, let the caller run an
//! editor on it, then check the result and reseal it so that unchanged values keep their
//! ciphertext. The caller (the CLI) runs the editor and talks to the user; this module only
//! holds the state: the opened file, the plaintext handed out, and the private file, which is
//! wiped and removed when the session is dropped, whatever happened.

use std::path::{Path, PathBuf};

use zeroize::Zeroizing;

use crate::document::Format;
use crate::envelope::seal::KeyUnwrapper;
use crate::error::{Error, Result};
use crate::ops::io::Input;
use crate::ops::private_file::PrivateFile;
use crate::ops::sealed_file::SealedFile;

/// How many invalid saves in a row are re-opened without a person to ask (stdin not a
/// terminal) before `edit` gives up.
pub const UNATTENDED_ATTEMPTS: usize = 3;

/// Options of `hush edit`.
pub struct EditOptions<'a> {
    pub file: PathBuf,
    pub format: Format,
    pub unwrapper: &'a dyn KeyUnwrapper,
    /// Directories for the private plaintext, best first (see [`crate::ops::private_file`]).
    pub private_dirs: Vec<PathBuf>,
}

/// An edit in progress.
pub struct EditSession {
    sealed: SealedFile,
    original: Zeroizing<Vec<u8>>,
    private: PrivateFile,
}

/// What the editor left in the private file.
#[derive(Debug)]
pub enum Review {
    /// Byte for byte what was handed out: nothing to write.
    Unchanged,
    /// Valid and different: the new sealed bytes, ready for [`EditSession::save`].
    Changed(Vec<u8>),
    /// Does not parse, or carries sops metadata: show the error and edit again.
    Invalid(Error),
}

impl EditSession {
    /// Decrypts the file into a new private plaintext file named like it (so editors pick
    /// the right syntax).
    pub fn open(opts: EditOptions) -> Result<EditSession> {
        if !opts.file.exists() {
            return Err(Error::EditNewFile { path: opts.file });
        }
        let sealed =
            SealedFile::open(&Input::File(opts.file.clone()), opts.format, opts.unwrapper)?;
        let original = Zeroizing::new(sealed.plaintext()?);
        let name = opts
            .file
            .file_name()
            .map_or_else(|| "plaintext".into(), |n| n.to_os_string());
        let private = PrivateFile::create(&name, &original, &opts.private_dirs)?;
        Ok(EditSession {
            sealed,
            original,
            private,
        })
    }

    /// The private plaintext file to hand to the editor.
    pub fn private_path(&self) -> &Path {
        self.private.path()
    }

    /// The sealed file being edited.
    pub fn path(&self) -> &Path {
        self.sealed.path()
    }

    /// Reads the private file after the editor closed and judges it.
    pub fn review(&mut self) -> Result<Review> {
        let edited = self.private.read()?;
        if *edited == *self.original {
            return Ok(Review::Unchanged);
        }
        let shown_as = self.sealed.path().to_path_buf();
        if let Err(e) = self.sealed.replace_plaintext(edited.to_vec(), &shown_as) {
            return Ok(Review::Invalid(e));
        }
        match self.sealed.reseal() {
            Ok(bytes) => Ok(Review::Changed(bytes)),
            // e.g. a nested value in a dotenv file: the user can fix it.
            Err(e @ (Error::Emit { .. } | Error::EncryptValue { .. })) => Ok(Review::Invalid(e)),
            Err(e) => Err(e),
        }
    }

    /// Writes the new sealed bytes over the file (atomically).
    pub fn save(&self, sealed: &[u8]) -> Result<()> {
        crate::atomic::write(self.sealed.path(), sealed)
    }
}
