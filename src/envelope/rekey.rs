//! Changing who can open a sealed document.
//!
//! [`regroup`] gives the SAME data key to a new set of key groups (sops `updatekeys`): no
//! value, `lastmodified` or MAC changes, and entries of recipients that stay in a group keep
//! their exact `enc` whenever the group's share is unchanged. [`rekey`] re-encrypts every
//! value under a NEW data key (sops `rotate`).
//!
//! Recipients are reached through [`GroupMember`], so this module knows no master-key kind.

use std::path::Path;

use chrono::{SecondsFormat, Utc};
use zeroize::Zeroizing;

use super::cipher::DataKey;
use super::metadata::{KeyGroup, MasterKey, Metadata};
use super::seal::{KeyUnwrapper, KeyWrapper, Opened, recover_data_key, wrap_groups};
use super::walk::{self, WalkOptions};
use crate::document::Document;
use crate::error::{Error, Result};

/// A recipient in a target key group: it can wrap, and it recognises its own entries.
pub trait GroupMember: KeyWrapper {
    /// True when `key` is an entry wrapped for this member.
    fn holds(&self, key: &MasterKey) -> bool;
    /// The recipient as shown to the user.
    fn label(&self) -> String;
}

/// One group's members as the target wants them.
pub type TargetGroup<'a> = Vec<&'a dyn GroupMember>;

/// How one key group changes (group `index` from 0).
pub struct GroupDiff<'a> {
    pub index: usize,
    pub kept: Vec<&'a dyn GroupMember>,
    pub added: Vec<&'a dyn GroupMember>,
    pub removed: Vec<&'a MasterKey>,
}

impl GroupDiff<'_> {
    pub fn is_unchanged(&self) -> bool {
        self.added.is_empty() && self.removed.is_empty()
    }
}

/// Compares the current key groups with the target, group by group (as sops does).
pub fn diff<'a>(current: &'a [KeyGroup], target: &[TargetGroup<'a>]) -> Vec<GroupDiff<'a>> {
    (0..current.len().max(target.len()))
        .map(|index| {
            let old: &[MasterKey] = current.get(index).map_or(&[], |g| &g.keys);
            let new: &[&dyn GroupMember] = target.get(index).map_or(&[], Vec::as_slice);
            let (kept, added) = new.iter().partition(|m| old.iter().any(|k| m.holds(k)));
            GroupDiff {
                index,
                kept,
                added,
                removed: old
                    .iter()
                    .filter(|k| !new.iter().any(|m| m.holds(k)))
                    .collect(),
            }
        })
        .collect()
}

/// The metadata with `target` as its key groups, under the same data key.
///
/// When the number of groups and the threshold stay the same, each group keeps its share:
/// unchanged groups are copied as they are, and a changed group keeps its remaining entries
/// and wraps its share (opened from any of its entries) for the new members. Otherwise the
/// data key is recovered and split afresh, and every member is wrapped.
pub fn regroup(
    metadata: &Metadata,
    target: &[TargetGroup],
    threshold: Option<u64>,
    unwrapper: &dyn KeyUnwrapper,
    path: &Path,
) -> Result<Metadata> {
    let same_shape =
        metadata.key_groups.len() == target.len() && metadata.shamir_threshold == threshold;
    let kept_shares = if same_shape {
        keep_shares(&metadata.key_groups, target, unwrapper)?
    } else {
        None
    };
    let key_groups = match kept_shares {
        Some(groups) => groups,
        None => {
            let key = recover_data_key(metadata, unwrapper, path)?;
            wrap_groups(&key, &wrappers(target), threshold.map(|t| t as usize))?
        }
    };
    Ok(Metadata {
        key_groups,
        shamir_threshold: threshold,
        ..metadata.clone()
    })
}

/// New groups keeping each group's share, or `None` when a changed group's share cannot be
/// opened here (then the caller splits the key afresh).
fn keep_shares(
    current: &[KeyGroup],
    target: &[TargetGroup],
    unwrapper: &dyn KeyUnwrapper,
) -> Result<Option<Vec<KeyGroup>>> {
    let mut out = Vec::with_capacity(target.len());
    for (old, new) in current.iter().zip(target) {
        let entry = |m: &dyn GroupMember| old.keys.iter().find(|k| m.holds(k)).cloned();
        if new.iter().all(|m| entry(*m).is_some())
            && old.keys.iter().all(|k| new.iter().any(|m| m.holds(k)))
        {
            out.push(old.clone());
            continue;
        }
        let mut share = None;
        let mut keys = Vec::with_capacity(new.len());
        for m in new {
            match entry(*m) {
                Some(k) => keys.push(k),
                None => {
                    if share.is_none() {
                        share = open_share(old, unwrapper);
                    }
                    let Some(part) = &share else { return Ok(None) };
                    keys.push(m.wrap(part)?);
                }
            }
        }
        out.push(KeyGroup { keys });
    }
    Ok(Some(out))
}

/// The group's share (the data key itself for a single group), from any entry that opens.
fn open_share(group: &KeyGroup, unwrapper: &dyn KeyUnwrapper) -> Option<Zeroizing<Vec<u8>>> {
    group.keys.iter().find_map(|k| unwrapper.unwrap_key(k).ok())
}

fn wrappers<'a>(target: &[TargetGroup<'a>]) -> Vec<Vec<&'a dyn KeyWrapper>> {
    target
        .iter()
        .map(|g| g.iter().map(|m| *m as &dyn KeyWrapper).collect())
        .collect()
}

/// Re-encrypts an opened document under a new data key wrapped for `groups`; every value
/// gets a new ciphertext, and `lastmodified` and the MAC are renewed.
pub fn rekey(
    doc: &mut Document,
    opened: &Opened,
    groups: &[Vec<&dyn KeyWrapper>],
    threshold: Option<usize>,
    path: &Path,
) -> Result<Metadata> {
    if groups.iter().all(|g| g.is_empty()) {
        return Err(Error::NoRecipients);
    }
    let key = DataKey::generate();
    let walk_opts = WalkOptions {
        rule: opened.metadata.rule.as_ref(),
        mac_only_encrypted: opened.metadata.mac_only_encrypted,
    };
    let mac = walk::encrypt_tree(&mut doc.branches, &key, walk_opts, None).map_err(|e| {
        Error::EncryptValue {
            path: path.to_path_buf(),
            key_path: e.path,
            reason: e.reason,
        }
    })?;
    let key_groups = wrap_groups(&key, groups, threshold)?;
    let lastmodified = Utc::now().to_rfc3339_opts(SecondsFormat::Secs, true);
    Ok(Metadata {
        shamir_threshold: (key_groups.len() > 1)
            .then(|| threshold.unwrap_or(key_groups.len()) as u64),
        key_groups,
        mac: walk::encrypt_mac(&key, &mac, &lastmodified, None),
        lastmodified,
        ..opened.metadata.clone()
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::envelope::metadata::SOPS_COMPAT_VERSION;

    /// A test member: "wraps" by tagging the data, and opens entries tagged with its name.
    struct Fake(&'static str);

    impl KeyWrapper for Fake {
        fn wrap(&self, data: &[u8]) -> Result<MasterKey> {
            Ok(MasterKey::Age {
                recipient: self.0.into(),
                enc: hex::encode(data),
            })
        }
    }

    impl GroupMember for Fake {
        fn holds(&self, key: &MasterKey) -> bool {
            matches!(key, MasterKey::Age { recipient, .. } if recipient == self.0)
        }

        fn label(&self) -> String {
            self.0.into()
        }
    }

    /// Opens the entries of the members in `can_open`.
    struct Opener(&'static [&'static str]);

    impl KeyUnwrapper for Opener {
        fn unwrap_key(&self, key: &MasterKey) -> std::result::Result<Zeroizing<Vec<u8>>, String> {
            match key {
                MasterKey::Age { recipient, enc } if self.0.contains(&recipient.as_str()) => {
                    Ok(Zeroizing::new(hex::decode(enc).map_err(|e| e.to_string())?))
                }
                _ => Err("no key".into()),
            }
        }
    }

    fn metadata(groups: Vec<KeyGroup>, threshold: Option<u64>) -> Metadata {
        Metadata {
            key_groups: groups,
            shamir_threshold: threshold,
            lastmodified: "2024-01-01T00:00:00Z".into(),
            mac: "ENC[mac]".into(),
            rule: None,
            mac_only_encrypted: false,
            version: SOPS_COMPAT_VERSION.into(),
        }
    }

    fn sealed_for(key: &DataKey, members: &[&Fake]) -> KeyGroup {
        KeyGroup {
            keys: members
                .iter()
                .map(|m| m.wrap(key.as_bytes()).unwrap())
                .collect(),
        }
    }

    #[test]
    fn single_group_keeps_entries_of_members_that_stay() {
        let key = DataKey::generate();
        let (a, b, c) = (Fake("a"), Fake("b"), Fake("c"));
        let before = metadata(vec![sealed_for(&key, &[&a, &b])], None);
        let target: Vec<TargetGroup> = vec![vec![&a, &c]];
        let d = diff(&before.key_groups, &target);
        assert_eq!(d[0].kept.len(), 1);
        assert_eq!(d[0].added.len(), 1);
        assert_eq!(d[0].removed.len(), 1);
        let after = regroup(&before, &target, None, &Opener(&["a"]), Path::new("f")).unwrap();
        assert_eq!(after.key_groups[0].keys[0], before.key_groups[0].keys[0]);
        assert_eq!(after.key_groups[0].keys[1], c.wrap(key.as_bytes()).unwrap());
        assert_eq!(
            (after.mac.as_str(), after.lastmodified.as_str()),
            ("ENC[mac]", "2024-01-01T00:00:00Z")
        );
    }

    #[test]
    fn removing_needs_no_key_but_adding_does() {
        let key = DataKey::generate();
        let (a, b) = (Fake("a"), Fake("b"));
        let before = metadata(vec![sealed_for(&key, &[&a, &b])], None);
        let after = regroup(&before, &[vec![&b]], None, &Opener(&[]), Path::new("f")).unwrap();
        assert_eq!(
            after.key_groups[0].keys,
            vec![before.key_groups[0].keys[1].clone()]
        );
        let err = regroup(
            &before,
            &[vec![&b, &Fake("c")]],
            None,
            &Opener(&[]),
            Path::new("f"),
        )
        .unwrap_err();
        assert!(matches!(err, Error::NoUsableKey { .. }), "{err}");
    }

    #[test]
    fn changing_the_group_count_splits_the_key_again() {
        let key = DataKey::generate();
        let (a, b) = (Fake("a"), Fake("b"));
        let before = metadata(vec![sealed_for(&key, &[&a, &b])], None);
        let target: Vec<TargetGroup> = vec![vec![&a], vec![&b]];
        let after = regroup(&before, &target, Some(2), &Opener(&["a"]), Path::new("f")).unwrap();
        assert_eq!(after.key_groups.len(), 2);
        assert_eq!(after.shamir_threshold, Some(2));
        // Both shares are needed and they recombine to the same data key.
        let back = recover_data_key(&after, &Opener(&["a", "b"]), Path::new("f")).unwrap();
        assert_eq!(back.as_bytes(), key.as_bytes());
        assert!(recover_data_key(&after, &Opener(&["a"]), Path::new("f")).is_err());
    }
}
