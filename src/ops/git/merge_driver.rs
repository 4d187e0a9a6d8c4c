//! `hush git merge-driver BASE OURS THEIRS PATH`: merges three versions of a sealed file
//! at the value level and writes the result over OURS, sealed again under ours's data key.
//!
//! All three versions must open with the caller's identities; otherwise nothing is written.
//! The merged tree is written on ours's layout when the merge only changed values there (or
//! for formats whose writer places new entries itself), else on theirs's layout when that
//! fits, else (YAML only, both sides added or removed keys) on the line-by-line merge of the
//! three plaintexts when that gives exactly the merged values, else in sops' fresh layout. Values whose
//! plaintext did not change keep ours's ciphertext; values taken from theirs keep theirs's
//! ciphertext when both sides share the data key (the normal case of two branches of one
//! file), and get new ciphertext under ours's key otherwise. Ours's recipients and rules stay.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use crate::document::merge::{self, Conflict, Merged, Side};
use crate::document::{self, Document, Format, Layout, Node};
use crate::envelope::metadata::Metadata;
use crate::envelope::seal::KeyUnwrapper;
use crate::error::{Error, Result};
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
    /// True when ours and theirs share the data key, so theirs's ciphertext was reused.
    pub shared_key: bool,
    /// Master keys (recipients) theirs has and ours has not: the result is not sealed for
    /// them, since ours's key groups are kept.
    pub recipients_only_theirs: Vec<String>,
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
        recipients_only_theirs: new_recipients(&ours.opened.metadata, &theirs.opened.metadata),
    };
    let bytes = reseal_under_ours(ours, theirs, target, shared_key)?;
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

/// Writes the merged tree on the chosen layout and seals it under ours's data key, key
/// groups and rules. With a shared key, theirs's IVs are offered too, so values taken from
/// theirs keep their exact ciphertext (same key, plaintext and key path: the same message).
fn reseal_under_ours(
    ours: SealedFile,
    theirs: SealedFile,
    target: Target,
    shared_key: bool,
) -> Result<Vec<u8>> {
    let SealedFile {
        path,
        format,
        doc: ours_doc,
        mut opened,
    } = ours;
    if shared_key {
        for (entry, iv) in theirs.opened.stash {
            opened.stash.entry(entry).or_insert(iv);
        }
    }
    let with_tree = |mut doc: Document, merged: Merged| {
        doc.branches = merged.branches;
        doc
    };
    let doc = match target {
        Target::Ours(m) => with_tree(ours_doc, m),
        Target::Theirs(m) => with_tree(theirs.doc, m),
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
        opened,
    }
    .reseal()
}

/// Master keys of `theirs` missing from `ours`, described without secrets.
fn new_recipients(ours: &Metadata, theirs: &Metadata) -> Vec<String> {
    let describe = |m: &Metadata| -> BTreeSet<String> {
        m.key_groups
            .iter()
            .flat_map(|g| g.keys.iter())
            .map(|k| format!("{} {}", k.kind(), k.describe()))
            .collect()
    };
    let mine = describe(ours);
    describe(theirs).difference(&mine).cloned().collect()
}
