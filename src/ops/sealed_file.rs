//! A sealed file opened for modification: the decrypted tree plus what is needed to write it
//! back with minimal changes (data key, key groups and every value's IV).
//!
//! `set`, `unset`, `edit`, `encrypt --reuse` and the git merge driver all go through here:
//! open, change the tree, [`SealedFile::reseal`]. Values that did not change keep their exact
//! ciphertext, so the sealed diff shows only what changed plus `lastmodified` and `mac`.

use std::path::{Path, PathBuf};

use crate::document::{self, Document, Format};
use crate::envelope::seal::{self, KeyUnwrapper, Opened};
use crate::error::{Error, Result};
use crate::ops::io::Input;

/// A decrypted document and the envelope it came from.
pub struct SealedFile {
    /// The file's path as shown in messages.
    pub path: PathBuf,
    pub format: Format,
    /// The plaintext tree; change it, then [`SealedFile::reseal`].
    pub doc: Document,
    pub opened: Opened,
}

impl SealedFile {
    /// Reads, parses and decrypts `input`, verifying its MAC.
    pub fn open(input: &Input, format: Format, unwrapper: &dyn KeyUnwrapper) -> Result<SealedFile> {
        Self::open_bytes(input.read()?, format, unwrapper, input.display_path())
    }

    /// Parses and decrypts sealed bytes read elsewhere; `path` names them in messages.
    pub fn open_bytes(
        src: Vec<u8>,
        format: Format,
        unwrapper: &dyn KeyUnwrapper,
        path: PathBuf,
    ) -> Result<SealedFile> {
        if src.is_empty() {
            return Err(crate::error::Error::EmptyFile { path });
        }
        let mut doc = document::parse_sealed(format, src, &path)?;
        let opened = seal::open(&mut doc, unwrapper, false, &path)?;
        Ok(SealedFile {
            path,
            format,
            doc,
            opened,
        })
    }

    /// The plaintext as `hush decrypt` would print it.
    pub fn plaintext(&self) -> Result<Vec<u8>> {
        document::emit(&self.doc, self.format, None, &self.path)
    }

    /// Re-encrypts the (possibly changed) tree under the same data key and key groups and
    /// returns the sealed bytes.
    pub fn reseal(&self) -> Result<Vec<u8>> {
        let mut doc = self.doc.clone();
        let metadata = seal::reseal(&mut doc, &self.opened, &self.path)?;
        document::emit(&doc, self.format, Some(&metadata.to_json()), &self.path)
    }

    /// Replaces the tree with a new plaintext of the same format (an edited copy, or a file
    /// decrypted and changed earlier). Values equal to the old ones at the same path keep
    /// their ciphertext on [`SealedFile::reseal`]; the layout is the new plaintext's.
    /// `shown_as` names the plaintext in parse errors. On error the tree is left as it was.
    pub fn replace_plaintext(&mut self, plaintext: Vec<u8>, shown_as: &Path) -> Result<()> {
        if plaintext.is_empty() {
            return Err(Error::EmptyFile {
                path: shown_as.to_path_buf(),
            });
        }
        let mut doc = document::parse(self.format, plaintext, shown_as)?;
        if doc.metadata.is_some() {
            return Err(Error::Structure {
                path: shown_as.to_path_buf(),
                format: self.format.name(),
                message: "it has sops metadata (a top-level `sops` entry), which hush writes itself; remove it".into(),
            });
        }
        if self.format == Format::Binary {
            // The binary store seals into its JSON form.
            doc.layout = document::Layout::Fresh;
        }
        self.doc = doc;
        Ok(())
    }

    /// The path of the sealed file.
    pub fn path(&self) -> &Path {
        &self.path
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{Scalar, Value};
    use crate::envelope::seal::KeyWrapper;
    use crate::identities::Identities;
    use crate::ops::keys::{IdentityUnwrapper, age_wrappers};
    use crate::ops::seal::{EncryptOptions, encrypt};
    use age::secrecy::ExposeSecret;

    /// Seals `plain` (as `format`) into a temp file; returns the dir, path and identities.
    fn sealed(plain: &str, name: &str, format: Format) -> (tempfile::TempDir, PathBuf, Identities) {
        let (secret, recipient) = crate::identities::generate_identity();
        let ids = Identities::from_text("test", secret.expose_secret()).expect("identity");
        let dir = tempfile::tempdir().expect("tempdir");
        let plain_path = dir.path().join(format!("plain.{name}"));
        std::fs::write(&plain_path, plain).expect("write");
        let wrappers = age_wrappers(&[recipient]).expect("recipient");
        let group: Vec<&dyn KeyWrapper> = wrappers.iter().map(|w| w as &dyn KeyWrapper).collect();
        let bytes = encrypt(EncryptOptions {
            input: Input::File(plain_path),
            input_format: format,
            output_format: format,
            groups: vec![group],
            shamir_threshold: None,
            rule: None,
            mac_only_encrypted: false,
        })
        .expect("encrypt");
        let path = dir.path().join(format!("sealed.{name}"));
        std::fs::write(&path, bytes).expect("write");
        (dir, path, ids)
    }

    /// Lines of `after` that differ from `before` (same line count assumed).
    fn changed_lines(before: &str, after: &str) -> Vec<String> {
        assert_eq!(before.lines().count(), after.lines().count(), "{after}");
        before
            .lines()
            .zip(after.lines())
            .filter(|(a, b)| a != b)
            .map(|(_, b)| b.to_string())
            .collect()
    }

    #[test]
    fn unchanged_tree_reseals_with_only_lastmodified_and_mac_changed() {
        let cases = [
            (
                "yaml",
                Format::Yaml,
                "# top\na: 1\nb:\n  - x # note\n  - 'y'\nc: |\n  block\n",
            ),
            (
                "json",
                Format::Json,
                "{\n  \"a\": 1,\n  \"b\": [\"x\", true]\n}\n",
            ),
            ("env", Format::Dotenv, "A=1\n# c\nB=two\n"),
            // Equal values under one key path (list items share it) keep their own IVs.
            (
                "yaml",
                Format::Yaml,
                "l:\n  - [false]\n  - false\n  - x\n  - x\nm:\n  - k: 1\n  - k: 1\n",
            ),
            ("ini", Format::Ini, "[s]\na = 1\nb = two\n"),
        ];
        for (ext, format, plain) in cases {
            let (_dir, path, ids) = sealed(plain, ext, format);
            let before = std::fs::read_to_string(&path).expect("read");
            let file =
                SealedFile::open(&Input::File(path.clone()), format, &IdentityUnwrapper(&ids))
                    .expect("open");
            assert_eq!(file.plaintext().expect("plaintext"), plain.as_bytes());
            let after = String::from_utf8(file.reseal().expect("reseal")).expect("utf8");
            for line in changed_lines(&before, &after) {
                assert!(
                    line.contains("lastmodified") || line.contains("mac"),
                    "{ext}: unexpected change {line}"
                );
            }
        }
    }

    #[test]
    fn changing_one_value_changes_only_that_line() {
        let plain = "a: one\nb: two\nc: three\n";
        let (_dir, path, ids) = sealed(plain, "yaml", Format::Yaml);
        let before = std::fs::read_to_string(&path).expect("read");
        let mut file = SealedFile::open(
            &Input::File(path.clone()),
            Format::Yaml,
            &IdentityUnwrapper(&ids),
        )
        .expect("open");
        let root = &mut file.doc.branches[0];
        let Value::Map(entries) = &mut root.value else {
            panic!("map root")
        };
        if let crate::document::Entry::Pair(_, node) = &mut entries[1] {
            node.set(Value::Scalar(Scalar::Str("TWO".into())));
        }
        let after = String::from_utf8(file.reseal().expect("reseal")).expect("utf8");
        let changed = changed_lines(&before, &after);
        assert!(changed[0].starts_with("b: ENC["), "{changed:?}");
        assert!(
            changed[1..]
                .iter()
                .all(|l| l.contains("lastmodified") || l.contains("mac")),
            "{changed:?}"
        );
    }
}
