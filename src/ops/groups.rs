//! `groups add` and `groups delete`: change a sealed file's key groups as sops' `groups`
//! subcommand does. The data key is recovered, split again across the new list of groups and
//! wrapped for every key (existing entries keep any fields hush does not know); values,
//! `lastmodified` and the MAC are left exactly as they were.

use serde_json::Value;

use crate::document::{self, Format};
use crate::envelope::metadata::{MasterKey, Metadata};
use crate::envelope::seal::{self, KeyUnwrapper, KeyWrapper};
use crate::error::{Error, Result};
use crate::ops::io::Input;
use crate::ops::seal::read_sealed;
use crate::recipients::{self, WrapRecipient};

/// What to do to the key groups.
pub enum GroupChange {
    /// Append a group made of these keys.
    Add(Vec<Box<dyn KeyWrapper>>),
    /// Remove the group at this index (from 0).
    Delete(usize),
}

/// Options of `hush groups add/delete`.
pub struct GroupsOptions<'a> {
    pub input: Input,
    pub format: Format,
    pub unwrapper: &'a dyn KeyUnwrapper,
    pub change: GroupChange,
    /// The new Shamir threshold; `None` keeps the file's.
    pub shamir_threshold: Option<usize>,
}

/// Applies the change and returns the file's new bytes.
pub fn change_groups(opts: GroupsOptions) -> Result<Vec<u8>> {
    let path = opts.input.display_path();
    let mut doc = read_sealed(&opts.input, opts.format)?;
    let metadata = seal::read_metadata(&doc, &path)?;
    let mut groups = existing_groups(&metadata)?;
    match opts.change {
        GroupChange::Add(keys) if keys.is_empty() => {
            return Err(Error::Usage(
                "the new group has no keys: give --age, --kms, --gcp-kms, --azure-kv or --hc-vault-transit"
                    .into(),
            ));
        }
        GroupChange::Add(keys) => groups.push(keys),
        GroupChange::Delete(index) if index >= groups.len() => {
            return Err(Error::Usage(format!(
                "{}: there is no key group {index}; the file has {} (counted from 0)",
                path.display(),
                groups.len()
            )));
        }
        GroupChange::Delete(index) => {
            groups.remove(index);
        }
    }
    let threshold = opts
        .shamir_threshold
        .or(metadata.shamir_threshold.map(|t| t as usize));
    check_threshold(threshold, groups.len(), &path)?;
    let data_key = seal::recover_data_key(&metadata, opts.unwrapper, &path)?;
    let refs: Vec<Vec<&dyn KeyWrapper>> = groups
        .iter()
        .map(|g| g.iter().map(|w| w.as_ref()).collect())
        .collect();
    let new = seal::regroup(&metadata, &data_key, &refs, threshold)?;
    doc.metadata = None;
    document::emit(&doc, opts.format, Some(&new.to_json()), &path)
}

fn check_threshold(threshold: Option<usize>, groups: usize, path: &std::path::Path) -> Result<()> {
    match threshold {
        Some(t) if groups > 1 && (t < 2 || t > groups) => Err(Error::Usage(format!(
            "{}: a Shamir threshold of {t} cannot be met with {groups} key groups (it must be 2..={groups})",
            path.display()
        ))),
        _ if groups == 0 => Err(Error::Usage(format!(
            "{}: cannot delete the only key group",
            path.display()
        ))),
        _ => Ok(()),
    }
}

/// A wrapper for every key already in the file, group by group.
fn existing_groups(metadata: &Metadata) -> Result<Vec<Vec<Box<dyn KeyWrapper>>>> {
    metadata
        .key_groups
        .iter()
        .map(|g| {
            g.keys
                .iter()
                .map(|k| {
                    Ok(Box::new(Rewrap {
                        old: k.clone(),
                        recipient: recipients::recipient_of(k)?,
                    }) as Box<dyn KeyWrapper>)
                })
                .collect()
        })
        .collect()
}

/// Wraps for the recipient of an existing entry, keeping the entry's other fields.
struct Rewrap {
    old: MasterKey,
    recipient: Box<dyn WrapRecipient>,
}

impl KeyWrapper for Rewrap {
    fn wrap(&self, data: &[u8]) -> Result<MasterKey> {
        let new = self.recipient.wrap(data)?;
        Ok(merge_fields(&self.old, new))
    }
}

/// `new`, plus the fields of `old` it does not set, in `old`'s order.
fn merge_fields(old: &MasterKey, new: MasterKey) -> MasterKey {
    match (old, new) {
        (
            MasterKey::Other {
                raw: Value::Object(old_raw),
                ..
            },
            MasterKey::Other {
                kind,
                raw: Value::Object(new_raw),
            },
        ) => {
            let mut merged = old_raw.clone();
            merged.extend(new_raw);
            MasterKey::Other {
                kind,
                raw: Value::Object(merged),
            }
        }
        (_, new) => new,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn rewrapped_entries_keep_unknown_fields() {
        let old = MasterKey::Other {
            kind: "hc_vault".into(),
            raw: json!({"vault_address": "a", "x_team": "infra", "enc": "old", "created_at": "t0"}),
        };
        let new = MasterKey::Other {
            kind: "hc_vault".into(),
            raw: json!({"vault_address": "a", "created_at": "t1", "enc": "new"}),
        };
        let MasterKey::Other { raw, .. } = merge_fields(&old, new) else {
            panic!("kind changed")
        };
        assert_eq!(raw["x_team"], "infra");
        assert_eq!(raw["enc"], "new");
        assert_eq!(raw["created_at"], "t1");
        let keys: Vec<&String> = raw.as_object().expect("map").keys().collect();
        assert_eq!(keys, ["vault_address", "x_team", "enc", "created_at"]);
    }

    #[test]
    fn thresholds_must_be_reachable() {
        let p = std::path::Path::new("f.yaml");
        assert!(check_threshold(Some(3), 2, p).is_err());
        assert!(check_threshold(Some(1), 3, p).is_err());
        assert!(check_threshold(Some(2), 3, p).is_ok());
        assert!(check_threshold(Some(2), 1, p).is_ok());
        assert!(check_threshold(None, 0, p).is_err());
    }
}
