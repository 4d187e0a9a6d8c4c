//! `updatekeys`: make a sealed file's key groups match its creation rule without changing
//! its data key or any value.
//!
//! Planning reads only the metadata and the config; it needs no private key. Applying opens
//! a key group's share only when a recipient is added to it, keeps the `enc` of every
//! recipient that stays (when the number of groups and the threshold are unchanged), and
//! rewrites only the `sops` block: values, `lastmodified` and the MAC stay as they are,
//! as with sops' `updatekeys`.

use std::path::{Path, PathBuf};

use crate::config::Resolver;
use crate::document::{self, Document};
use crate::envelope::metadata::{MasterKey, Metadata};
use crate::envelope::rekey::{self, GroupMember, TargetGroup};
use crate::envelope::seal::{KeyUnwrapper, read_metadata};
use crate::error::Result;
use crate::ops::keys::RecipientMember;
use crate::recipients::Recipient;

/// How one key group changes (`group` counts from 1).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GroupChange {
    pub group: usize,
    pub added: Vec<String>,
    pub removed: Vec<String>,
}

/// A file whose key groups will change, with everything needed to apply the change.
pub struct Pending {
    pub path: PathBuf,
    pub changes: Vec<GroupChange>,
    /// `(before, after)` when the Shamir threshold changes.
    pub threshold_change: Option<(Option<u64>, Option<u64>)>,
    doc: Document,
    metadata: Metadata,
    members: Vec<Vec<RecipientMember>>,
    threshold: Option<u64>,
}

/// What planning found for one file.
pub enum Planned {
    UpToDate,
    Pending(Box<Pending>),
}

/// Compares a sealed file's key groups with its creation rule.
pub fn plan(path: &Path, doc: Document, resolver: &Resolver) -> Result<Planned> {
    let metadata = read_metadata(&doc, path)?;
    let found = resolver.lookup(path)?.require(path)?;
    let members: Vec<Vec<RecipientMember>> = found
        .rule()
        .key_groups
        .iter()
        .filter(|g| !g.is_empty())
        .map(|g| {
            g.iter()
                .map(|r| RecipientMember {
                    recipient: r.recipient.clone(),
                    origin: found.origin(r.location),
                })
                .collect()
        })
        .collect();
    let threshold = target_threshold(
        found.rule().shamir_threshold,
        metadata.shamir_threshold,
        members.len(),
    );
    let changes = changes(&metadata, &members);
    let threshold_change =
        (metadata.shamir_threshold != threshold).then_some((metadata.shamir_threshold, threshold));
    if changes.is_empty() && threshold_change.is_none() {
        return Ok(Planned::UpToDate);
    }
    Ok(Planned::Pending(Box::new(Pending {
        path: path.to_path_buf(),
        changes,
        threshold_change,
        doc,
        metadata,
        members,
        threshold,
    })))
}

/// The rule's threshold, else the file's, at most the number of groups; none for one group.
fn target_threshold(rule: Option<usize>, file: Option<u64>, groups: usize) -> Option<u64> {
    let groups = groups as u64;
    (groups > 1).then(|| {
        rule.map(|t| t as u64)
            .or(file)
            .unwrap_or(groups)
            .min(groups)
    })
}

fn targets(members: &[Vec<RecipientMember>]) -> Vec<TargetGroup<'_>> {
    members
        .iter()
        .map(|g| g.iter().map(|m| m as &dyn GroupMember).collect())
        .collect()
}

fn changes(metadata: &Metadata, members: &[Vec<RecipientMember>]) -> Vec<GroupChange> {
    let target = targets(members);
    rekey::diff(&metadata.key_groups, &target)
        .into_iter()
        .filter(|d| !d.is_unchanged())
        .map(|d| GroupChange {
            group: d.index + 1,
            added: d.added.iter().map(|m| m.label()).collect(),
            removed: d.removed.iter().map(|k| label(k)).collect(),
        })
        .collect()
}

/// The recipient an existing entry was wrapped for, as sops prints it.
fn label(key: &MasterKey) -> String {
    Recipient::from_master_key(key)
        .map(|r| r.to_string())
        .unwrap_or_else(|_| key.describe())
}

/// Rewraps the data key for the planned groups and writes the file atomically.
pub fn apply(pending: &Pending, unwrapper: &dyn KeyUnwrapper) -> Result<()> {
    let path = &pending.path;
    let target = targets(&pending.members);
    let metadata = rekey::regroup(
        &pending.metadata,
        &target,
        pending.threshold,
        unwrapper,
        path,
    )?;
    let bytes = document::emit(
        &pending.doc,
        pending.doc.format,
        Some(&metadata.to_json()),
        path,
    )?;
    crate::atomic::write(path, &bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn threshold_follows_the_rule_then_the_file_and_fits_the_groups() {
        assert_eq!(target_threshold(None, None, 1), None);
        assert_eq!(target_threshold(Some(2), None, 1), None);
        assert_eq!(target_threshold(None, None, 3), Some(3));
        assert_eq!(target_threshold(None, Some(2), 3), Some(2));
        assert_eq!(target_threshold(Some(3), Some(2), 3), Some(3));
        assert_eq!(target_threshold(None, Some(4), 2), Some(2));
    }
}
