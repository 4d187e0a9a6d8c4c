//! `edit`: open a sealed file into a private in-memory plaintext file, let the caller run an
//! editor on it, then check the result and reseal it so that unchanged values keep their
//! ciphertext. The caller (the CLI) runs the editor and talks to the user; this module only
//! holds the state: the opened file, the plaintext handed out, and the private file, which is
//! wiped and removed when the session is dropped, whatever happened.
//!
//! A file that does not exist yet starts empty and is sealed, when saved with content, for
//! the keys the caller resolved (the creation rule, or `--age`).

use std::path::{Path, PathBuf};

use zeroize::Zeroizing;

use crate::document::Format;
use crate::envelope::seal::KeyUnwrapper;
use crate::error::{Error, Result};
use crate::ops::io::Input;
use crate::ops::keys::{EncryptKeys, group_refs};
use crate::ops::private_file::PrivateFile;
use crate::ops::seal::{EncryptOptions, seal_bytes};
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
    /// The hush executable, to guard the private directory against a SIGKILL (see
    /// [`crate::ops::private_file`]); `None`: no guard.
    pub guard_exe: Option<PathBuf>,
    /// How to seal `file` when it does not exist yet; `None` refuses to create it.
    pub new_file: Option<EncryptKeys>,
}

/// An edit in progress.
pub struct EditSession {
    target: Target,
    original: Zeroizing<Vec<u8>>,
    private: PrivateFile,
}

/// What is being edited.
enum Target {
    /// An existing sealed file, opened.
    Sealed(Box<SealedFile>),
    /// A file that does not exist yet and the keys it will be sealed for.
    New {
        path: PathBuf,
        format: Format,
        keys: EncryptKeys,
    },
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
        let (target, original) = if opts.file.exists() {
            let sealed =
                SealedFile::open(&Input::File(opts.file.clone()), opts.format, opts.unwrapper)?;
            let original = Zeroizing::new(sealed.plaintext()?);
            (Target::Sealed(Box::new(sealed)), original)
        } else {
            let keys = opts.new_file.ok_or_else(|| Error::EditNewFile {
                path: opts.file.clone(),
            })?;
            let target = Target::New {
                path: opts.file.clone(),
                format: opts.format,
                keys,
            };
            (target, Zeroizing::new(Vec::new()))
        };
        let name = opts
            .file
            .file_name()
            .map_or_else(|| "plaintext".into(), |n| n.to_os_string());
        let private = PrivateFile::create(
            &name,
            &original,
            &opts.private_dirs,
            opts.guard_exe.as_deref(),
        )?;
        Ok(EditSession {
            target,
            original,
            private,
        })
    }

    /// Whether the file is being created (it did not exist).
    pub fn is_new(&self) -> bool {
        matches!(self.target, Target::New { .. })
    }

    /// The private plaintext file to hand to the editor.
    pub fn private_path(&self) -> &Path {
        self.private.path()
    }

    /// The sealed file being edited.
    pub fn path(&self) -> &Path {
        match &self.target {
            Target::Sealed(sealed) => sealed.path(),
            Target::New { path, .. } => path,
        }
    }

    /// Reads the private file after the editor closed and judges it.
    pub fn review(&mut self) -> Result<Review> {
        let edited = self.private.read()?;
        if *edited == *self.original {
            return Ok(Review::Unchanged);
        }
        let sealed = match &mut self.target {
            Target::Sealed(sealed) => reseal_edited(sealed, edited.to_vec()),
            Target::New { path, format, keys } => seal_bytes(
                edited.to_vec(),
                EncryptOptions {
                    input: Input::File(path.clone()),
                    input_format: *format,
                    output_format: *format,
                    groups: group_refs(&keys.wrappers),
                    shamir_threshold: keys.shamir_threshold,
                    rule: keys.rule.clone(),
                    mac_only_encrypted: keys.mac_only_encrypted,
                },
            ),
        };
        match sealed {
            Ok(bytes) => Ok(Review::Changed(bytes)),
            // What the user can fix in the editor: syntax, an added `sops` block, a nested
            // value in a dotenv file, an emptied file.
            Err(
                e @ (Error::Parse { .. }
                | Error::Structure { .. }
                | Error::EmptyFile { .. }
                | Error::AlreadyEncrypted { .. }
                | Error::Emit { .. }
                | Error::EncryptValue { .. }),
            ) => Ok(Review::Invalid(e)),
            Err(e) => Err(e),
        }
    }

    /// Writes the new sealed bytes over the file (atomically).
    pub fn save(&self, sealed: &[u8]) -> Result<()> {
        crate::atomic::write(self.path(), sealed)
    }
}

/// The edited plaintext, sealed under the file's key with unchanged values' ciphertext kept.
fn reseal_edited(sealed: &mut SealedFile, edited: Vec<u8>) -> Result<Vec<u8>> {
    let shown_as = sealed.path().to_path_buf();
    sealed.replace_plaintext(edited, &shown_as)?;
    sealed.reseal()
}
