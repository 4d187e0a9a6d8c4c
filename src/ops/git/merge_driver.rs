//! `hush git merge-driver BASE OURS THEIRS PATH`: merges three versions of a sealed file
//! at the value level and writes the result over OURS.
//!
//! All three versions must open with the caller's identities; otherwise nothing is written.
//! Keys first ([`merge_keys`]): who can open the file (key groups of every kind and the Shamir
//! threshold) is merged three-way against BASE. When only theirs changed the recipients, the
//! result is sealed under theirs's key groups AND data key (a revocation or grant on a branch
//! survives the merge); when only ours did, under ours's. Both sides changing them differently
//! is refused (nothing written, git reports a conflict), never united. With the same
//! recipients, the side whose data key is new (a rekey) wins; both rekeyed: ours, and theirs's
//! values are re-encrypted. A rekey on one side against a recipient change under the old data
//! key on the other is refused too. Ours's encryption rule and MAC setting stay.
//!
//! The merged tree is written on ours's layout when the merge only changed values there (or
//! for formats whose writer places new entries itself), else on theirs's layout when that
//! fits, else (YAML only, both sides added or removed keys) on the line-by-line merge of the
//! three plaintexts when that gives exactly the merged values, else in sops' fresh layout.
//! Values sealed under the chosen data key keep their ciphertext when their plaintext is
//! unchanged (both sides' ciphertext when they share the data key, the normal case of two
//! branches of one file); values from the side whose key was not chosen get new ciphertext.

use std::path::{Path, PathBuf};

use crate::document::merge::{self, Conflict, Merged, Side};
use crate::document::{self, Document, Format, Layout, Node};
use crate::envelope::metadata::Metadata;
use crate::envelope::seal::{KeyUnwrapper, Opened};
use crate::error::{Error, Result};
use crate::ops::git::merge_keys::{self, KeyChoice};
use crate::ops::sealed_file::SealedFile;

/// The three versions git hands a merge driver, and the file's real path.
pub struct MergeRequest<'a> {
    /// The common ancestor (`%O`); empty when the file was added on both sides.
    pub base: &'a Path,
    /// Our version (`%A`), replaced by the result.
    pub ours: &'a Path,
    /// Their version (`%B`).
    pub theirs: &'a Path,
    /// The path in the repository (`%P`): names the file in messages.
    pub path: &'a Path,
    pub format: Format,
    pub unwrapper: &'a dyn KeyUnwrapper,
}

/// Whose layout the merged file was written in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WrittenOn {
    Ours,
    Theirs,
    /// Laid out on the line-by-line merge of the three plaintexts.
    MergedText,
    /// Rewritten in sops' layout: both sides added or removed YAML keys and the plaintexts
    /// did not merge line by line.
    Fresh,
}

/// What the merge did. OURS has been written in every case.
pub struct MergeReport {
    /// Values both sides changed differently; each holds conflict markers in the file.
    pub conflicts: Vec<Conflict>,
    pub written_on: WrittenOn,
    /// True when ours and theirs share the data key, so both sides' ciphertext was reused.
    pub shared_key: bool,
    /// Whose key groups and data key the result is sealed under, and why.
    pub keys: KeyChoice,
}

/// Merges and writes the result over `req.ours` (atomically).
pub fn merge_files(req: &MergeRequest) -> Result<MergeReport> {
    let open = |file: &Path, side: &str| {
        let src = std::fs::read(file).map_err(|source| Error::Read {
            path: file.to_path_buf(),
            source,
        })?;
        let label = PathBuf::from(format!("{} ({side})", req.path.display()));
        Ok::<_, Error>((src, label))
    };
    let (ours_src, ours_label) = open(req.ours, "ours")?;
    let (theirs_src, theirs_label) = open(req.theirs, "theirs")?;
    let (base_src, base_label) = open(req.base, "common ancestor")?;
    let ours = SealedFile::open_bytes(ours_src, req.format, req.unwrapper, ours_label)?;
    let theirs = SealedFile::open_bytes(theirs_src, req.format, req.unwrapper, theirs_label)?;
    let base = if base_src.is_empty() {
        None
    } else {
        Some(SealedFile::open_bytes(
            base_src,
            req.format,
            req.unwrapper,
            base_label,
        )?)
    };
    let (bytes, report) = merge_opened(base.as_ref(), ours, theirs, req.path)?;
    crate::atomic::write(req.ours, &bytes)?;
    Ok(report)
}

/// The merged tree and the document whose layout it is written on.
enum Target {
    Ours(Merged),
    Theirs(Merged),
    /// Merged plaintext text, parsed.
    Text(Box<Document>),
    Fresh(Merged),
}

/// Merges opened versions (`base`: `None` when the file was added on both sides) and
/// returns the sealed result.
pub fn merge_opened(
    base: Option<&SealedFile>,
    ours: SealedFile,
    theirs: SealedFile,
    path: &Path,
) -> Result<(Vec<u8>, MergeReport)> {
    let keys = merge_keys::choose(base.map(|b| &b.opened), &ours.opened, &theirs.opened, path)?;
    let base_tree: Vec<Node> = match base {
        Some(b) => b.doc.branches.clone(),
        None => ours
            .doc
            .branches
            .iter()
            .map(|_| Node::map(Vec::new()))
            .collect(),
    };
    let tree_merge = |onto: Side| {
        merge::merge(&base_tree, &ours.doc.branches, &theirs.doc.branches, onto).map_err(|e| {
            Error::MergeDocumentCount {
                path: path.to_path_buf(),
                base: e.base,
                ours: e.ours,
                theirs: e.theirs,
            }
        })
    };
    let on_ours = tree_merge(Side::Ours)?;
    let conflicts = on_ours.conflicts.clone();
    let target = if !on_ours.reshaped || ours.format != Format::Yaml {
        Target::Ours(on_ours)
    } else {
        match tree_merge(Side::Theirs)? {
            m if !m.reshaped => Target::Theirs(m),
            _ => match merged_text(base, &ours, &theirs, &on_ours) {
                Some(doc) if conflicts.is_empty() => Target::Text(Box::new(doc)),
                _ => Target::Fresh(on_ours),
            },
        }
    };
    let shared_key = ours.opened.data_key.as_bytes() == theirs.opened.data_key.as_bytes();
    let report = MergeReport {
        written_on: match target {
            Target::Ours(_) => WrittenOn::Ours,
            Target::Theirs(_) => WrittenOn::Theirs,
            Target::Text(_) => WrittenOn::MergedText,
            Target::Fresh(_) => WrittenOn::Fresh,
        },
        conflicts,
        shared_key,
        keys: keys.clone(),
    };
    let bytes = reseal(ours, theirs, target, keys.side, shared_key)?;
    Ok((bytes, report))
}

/// The three plaintexts merged line by line, when that succeeds and gives exactly the
/// value-level result (entry order aside): a layout keeping both sides' formatting.
fn merged_text(
    base: Option<&SealedFile>,
    ours: &SealedFile,
    theirs: &SealedFile,
    merged: &Merged,
) -> Option<Document> {
    let text = |f: &SealedFile| f.plaintext().ok().and_then(|b| String::from_utf8(b).ok());
    let base_text = match base {
        Some(b) => text(b)?,
        None => String::new(),
    };
    let lines = merge::lines::merge_lines(&base_text, &text(ours)?, &text(theirs)?)?;
    let doc = document::parse(ours.format, lines.into_bytes(), &ours.path).ok()?;
    let matches = doc.branches.len() == merged.branches.len()
        && doc
            .branches
            .iter()
            .zip(&merged.branches)
            .all(|(a, b)| merge::equivalent(a, b));
    matches.then_some(doc)
}

/// Writes the merged tree on the chosen layout and seals it under the keys of `keys_from`
/// (see [`sealing_keys`]).
fn reseal(
    ours: SealedFile,
    theirs: SealedFile,
    target: Target,
    keys_from: Side,
    shared_key: bool,
) -> Result<Vec<u8>> {
    let SealedFile {
        path,
        format,
        doc: ours_doc,
        opened: ours_opened,
    } = ours;
    let SealedFile {
        doc: theirs_doc,
        opened: theirs_opened,
        ..
    } = theirs;
    let with_tree = |mut doc: Document, merged: Merged| {
        doc.branches = merged.branches;
        doc
    };
    let doc = match target {
        Target::Ours(m) => with_tree(ours_doc, m),
        Target::Theirs(m) => with_tree(theirs_doc, m),
        Target::Text(doc) => *doc,
        Target::Fresh(m) => Document {
            layout: Layout::Fresh,
            ..with_tree(ours_doc, m)
        },
    };
    SealedFile {
        path,
        format,
        doc,
        opened: sealing_keys(ours_opened, theirs_opened, keys_from, shared_key),
    }
    .reseal()
}

/// The envelope the result is sealed with: `keys_from`'s key groups, Shamir threshold, data
/// key and IVs, with ours's other settings (rule, MAC setting). The other side's IVs are
/// offered too only when both share the data key: values taken from it then keep their exact
/// ciphertext (same key, plaintext and key path: the same message). Under another key they
/// get fresh IVs.
fn sealing_keys(ours: Opened, theirs: Opened, keys_from: Side, shared_key: bool) -> Opened {
    let (mut keys, other, settings) = match keys_from {
        Side::Ours => (ours, theirs, None),
        Side::Theirs => {
            let settings = ours.metadata.clone();
            (theirs, ours, Some(settings))
        }
    };
    if shared_key {
        for (entry, iv) in other.stash {
            keys.stash.entry(entry).or_insert(iv);
        }
    }
    if let Some(settings) = settings {
        keys.metadata = Metadata {
            key_groups: keys.metadata.key_groups,
            shamir_threshold: keys.metadata.shamir_threshold,
            ..settings
        };
    }
    keys
}
