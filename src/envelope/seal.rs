//! Sealing and opening whole documents: data key generation and recovery through key groups
//! (Shamir-split when there are several; within a group the keys are tried in the
//! [`DecryptionOrder`], offline keys first), value encryption, MAC and metadata.
//!
//! Master keys are reached only through the [`KeyWrapper`] and [`KeyUnwrapper`] traits, so
//! this module knows nothing of age, KMS or the terminal.

use chrono::{DateTime, SecondsFormat, Utc};
use zeroize::Zeroizing;

use super::cipher::DataKey;
use super::metadata::{KeyGroup, MasterKey, Metadata, SOPS_COMPAT_VERSION};
use super::order::DecryptionOrder;
use super::rules::{DEFAULT_UNENCRYPTED_SUFFIX, Rule};
use super::shamir;
use super::walk::{self, IvStash, WalkOptions};
use crate::document::{Document, Format, Scalar, Value};
use crate::error::{Error, Result};
use std::path::Path;

/// Wraps (encrypts) a data key or share for one master key.
pub trait KeyWrapper {
    fn wrap(&self, data: &[u8]) -> Result<MasterKey>;
}

/// Recovers a data key or share from one master key entry.
pub trait KeyUnwrapper {
    /// `Err` explains, without secrets, why this entry could not be opened.
    fn unwrap_key(&self, key: &MasterKey) -> std::result::Result<Zeroizing<Vec<u8>>, String>;

    /// The order a key group's keys are tried in: sops' default (offline keys first)
    /// unless the unwrapper is told otherwise.
    fn decryption_order(&self) -> Result<DecryptionOrder> {
        Ok(DecryptionOrder::default())
    }
}

/// How to seal a document.
pub struct SealOptions<'a> {
    /// One list of master keys per key group.
    pub groups: Vec<Vec<&'a dyn KeyWrapper>>,
    pub shamir_threshold: Option<usize>,
    /// `None`: the Kubernetes Secret rule when it applies, else sops' default suffix.
    pub rule: Option<Rule>,
    pub mac_only_encrypted: bool,
    /// IVs of an earlier version of the file, for values that did not change.
    pub reuse: Option<(&'a DataKey, &'a IvStash)>,
}

/// The result of opening a sealed document.
pub struct Opened {
    pub metadata: Metadata,
    pub data_key: DataKey,
    pub stash: IvStash,
}

/// The rule sops is told to use for Kubernetes Secrets: only `data` and `stringData`.
pub const KUBERNETES_SECRET_REGEX: &str = "^(data|stringData)$";

/// Encrypts `doc` in place and returns the metadata to write with it.
pub fn seal(doc: &mut Document, opts: SealOptions, path: &Path) -> Result<Metadata> {
    if doc.metadata.is_some() {
        return Err(Error::AlreadyEncrypted {
            path: path.to_path_buf(),
        });
    }
    if opts.groups.iter().all(|g| g.is_empty()) {
        return Err(Error::NoRecipients);
    }
    let rule = match opts.rule {
        Some(r) => Some(r),
        None => default_rule(doc),
    };
    let (data_key, stash) = match opts.reuse {
        Some((key, stash)) => (key.clone(), Some(stash)),
        None => (DataKey::generate(), None),
    };
    let walk_opts = WalkOptions {
        rule: rule.as_ref(),
        mac_only_encrypted: opts.mac_only_encrypted,
    };
    let mac = walk::encrypt_tree(&mut doc.branches, &data_key, walk_opts, stash).map_err(|e| {
        Error::EncryptValue {
            path: path.to_path_buf(),
            key_path: e.path,
            reason: e.reason,
        }
    })?;
    let lastmodified = Utc::now().to_rfc3339_opts(SecondsFormat::Secs, true);
    let key_groups = wrap_groups(&data_key, &opts.groups, opts.shamir_threshold)?;
    let threshold =
        (key_groups.len() > 1).then(|| opts.shamir_threshold.unwrap_or(key_groups.len()) as u64);
    Ok(Metadata {
        key_groups,
        shamir_threshold: threshold,
        mac: walk::encrypt_mac(&data_key, &mac, &lastmodified, None),
        lastmodified,
        rule,
        mac_only_encrypted: opts.mac_only_encrypted,
        version: SOPS_COMPAT_VERSION.to_string(),
    })
}

/// Re-encrypts an opened document under its existing data key and key groups.
///
/// Values (and comments) whose plaintext and position are unchanged since [`open`] get
/// their old IV back, so their ciphertext is byte-identical; only changed values,
/// `lastmodified` and the MAC differ in the result. The wrapped keys are kept as they are.
pub fn reseal(doc: &mut Document, opened: &Opened, path: &Path) -> Result<Metadata> {
    let walk_opts = WalkOptions {
        rule: opened.metadata.rule.as_ref(),
        mac_only_encrypted: opened.metadata.mac_only_encrypted,
    };
    let mac = walk::encrypt_tree(
        &mut doc.branches,
        &opened.data_key,
        walk_opts,
        Some(&opened.stash),
    )
    .map_err(|e| Error::EncryptValue {
        path: path.to_path_buf(),
        key_path: e.path,
        reason: e.reason,
    })?;
    let lastmodified = Utc::now().to_rfc3339_opts(SecondsFormat::Secs, true);
    Ok(Metadata {
        mac: walk::encrypt_mac(&opened.data_key, &mac, &lastmodified, None),
        lastmodified,
        ..opened.metadata.clone()
    })
}

/// sops' default: `_unencrypted` suffix, or only `data`/`stringData` for Kubernetes Secrets.
/// Binary files record no rule.
fn default_rule(doc: &Document) -> Option<Rule> {
    if doc.format == Format::Binary {
        return None;
    }
    let is_secret = doc.branches.iter().any(|b| {
        matches!(b.get("kind").map(|n| &n.value), Some(Value::Scalar(Scalar::Str(k))) if k == "Secret")
    });
    Some(if is_secret {
        Rule::from_key("encrypted_regex", KUBERNETES_SECRET_REGEX).expect("constant regex is valid")
    } else {
        Rule::UnencryptedSuffix(DEFAULT_UNENCRYPTED_SUFFIX.to_string())
    })
}

/// `metadata` with its key groups replaced by `groups`: the data key is split again across
/// them (any `threshold` of which recover it; default all) and wrapped for every key.
/// Values, `lastmodified` and the MAC stay as they are, as sops' `groups add/delete` do.
pub fn regroup(
    metadata: &Metadata,
    key: &DataKey,
    groups: &[Vec<&dyn KeyWrapper>],
    threshold: Option<usize>,
) -> Result<Metadata> {
    let key_groups = wrap_groups(key, groups, threshold)?;
    let shamir_threshold =
        (key_groups.len() > 1).then(|| threshold.unwrap_or(key_groups.len()) as u64);
    Ok(Metadata {
        key_groups,
        shamir_threshold,
        ..metadata.clone()
    })
}

pub(super) fn wrap_groups(
    key: &DataKey,
    groups: &[Vec<&dyn KeyWrapper>],
    threshold: Option<usize>,
) -> Result<Vec<KeyGroup>> {
    let groups: Vec<&Vec<&dyn KeyWrapper>> = groups.iter().filter(|g| !g.is_empty()).collect();
    let parts: Vec<Zeroizing<Vec<u8>>> = if groups.len() == 1 {
        vec![Zeroizing::new(key.as_bytes().to_vec())]
    } else {
        shamir::split(
            key.as_bytes(),
            groups.len(),
            threshold.unwrap_or(groups.len()),
        )
        .map_err(Error::Usage)?
    };
    groups
        .iter()
        .zip(parts.iter())
        .map(|(group, part)| {
            let keys = group
                .iter()
                .map(|w| w.wrap(part))
                .collect::<Result<Vec<_>>>()?;
            Ok(KeyGroup { keys })
        })
        .collect()
}

/// Decrypts `doc` in place, verifying the MAC unless `ignore_mac`.
pub fn open(
    doc: &mut Document,
    unwrapper: &dyn KeyUnwrapper,
    ignore_mac: bool,
    path: &Path,
) -> Result<Opened> {
    let metadata = read_metadata(doc, path)?;
    let data_key = recover_data_key(&metadata, unwrapper, path)?;
    let walk_opts = WalkOptions {
        rule: metadata.rule.as_ref(),
        mac_only_encrypted: metadata.mac_only_encrypted,
    };
    let (computed, stash) =
        walk::decrypt_tree(&mut doc.branches, &data_key, walk_opts).map_err(|e| {
            Error::DecryptValue {
                path: path.to_path_buf(),
                key_path: e.path,
                reason: e.reason,
            }
        })?;
    if !ignore_mac {
        verify_mac(&metadata, &data_key, &computed, path)?;
    }
    Ok(Opened {
        metadata,
        data_key,
        stash,
    })
}

/// The typed metadata of a sealed document.
pub fn read_metadata(doc: &Document, path: &Path) -> Result<Metadata> {
    let raw = doc.metadata.as_ref().ok_or_else(|| Error::NotEncrypted {
        path: path.to_path_buf(),
        reason: "it has no `sops` metadata; encrypt it with `hush encrypt`".into(),
    })?;
    Metadata::from_json(raw).map_err(|message| Error::Metadata {
        path: path.to_path_buf(),
        message,
    })
}

fn verify_mac(metadata: &Metadata, key: &DataKey, computed: &str, path: &Path) -> Result<()> {
    if metadata.mac.is_empty() {
        return Err(Error::MacNotFound {
            path: path.to_path_buf(),
        });
    }
    let aad = lastmodified_aad(&metadata.lastmodified, path)?;
    let stored =
        walk::decrypt_mac(key, &metadata.mac, &aad).map_err(|e| Error::MacUndecryptable {
            path: path.to_path_buf(),
            reason: e.to_string(),
        })?;
    if stored != computed {
        return Err(Error::MacMismatch {
            path: path.to_path_buf(),
        });
    }
    Ok(())
}

/// The MAC's AAD: `lastmodified` re-formatted as RFC 3339 without fractional seconds.
pub fn lastmodified_aad(lastmodified: &str, path: &Path) -> Result<String> {
    DateTime::parse_from_rfc3339(lastmodified)
        .map(|t| t.to_rfc3339_opts(SecondsFormat::Secs, true))
        .map_err(|_| Error::Metadata {
            path: path.to_path_buf(),
            message: format!("`lastmodified` is `{lastmodified}`, not an RFC 3339 timestamp"),
        })
}

/// Recovers the data key: any one key per group, tried in the unwrapper's
/// [`DecryptionOrder`] (offline keys before key services by default), Shamir-combined
/// across groups.
pub fn recover_data_key(
    metadata: &Metadata,
    unwrapper: &dyn KeyUnwrapper,
    path: &Path,
) -> Result<DataKey> {
    let order = unwrapper.decryption_order()?;
    let mut parts = Vec::new();
    let mut failures = Vec::new();
    let needed = match metadata.key_groups.len() {
        0 | 1 => 1,
        n => metadata.shamir_threshold.unwrap_or(n as u64) as usize,
    };
    for (index, group) in metadata.key_groups.iter().enumerate() {
        if parts.len() >= needed {
            // Enough shares: leave the other groups' key services alone.
            break;
        }
        let mut opened = None;
        for key in order.sort(&group.keys) {
            match unwrapper.unwrap_key(key) {
                Ok(part) => {
                    opened = Some(part);
                    break;
                }
                Err(why) => failures.push(format!(
                    "  - group {}: {} {}: {}",
                    index + 1,
                    key.kind(),
                    key.describe(),
                    why
                )),
            }
        }
        parts.extend(opened);
    }
    let no_key = |extra: &str| Error::NoUsableKey {
        path: path.to_path_buf(),
        details: format!("{}{extra}", failures.join("\n")),
    };
    let key_bytes = if metadata.key_groups.len() <= 1 {
        parts.into_iter().next().ok_or_else(|| no_key(""))?
    } else {
        if parts.len() < needed {
            return Err(no_key(&format!(
                "\n  opened {} of the {needed} key groups needed",
                parts.len()
            )));
        }
        shamir::combine(&parts).map_err(|e| no_key(&format!("\n  {e}")))?
    };
    DataKey::from_slice(&key_bytes)
        .ok_or_else(|| no_key("\n  the recovered data key is not 32 bytes"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    use std::cell::RefCell;

    /// Opens every key, recording which it was asked for.
    struct Recording {
        asked: RefCell<Vec<String>>,
        order: &'static str,
    }

    impl KeyUnwrapper for Recording {
        fn unwrap_key(&self, key: &MasterKey) -> std::result::Result<Zeroizing<Vec<u8>>, String> {
            self.asked.borrow_mut().push(key.kind().to_string());
            Ok(Zeroizing::new(vec![7; 32]))
        }

        fn decryption_order(&self) -> Result<DecryptionOrder> {
            DecryptionOrder::parse(self.order).map_err(Error::Usage)
        }
    }

    fn metadata(keys: Vec<MasterKey>) -> Metadata {
        Metadata {
            key_groups: vec![KeyGroup { keys }],
            shamir_threshold: None,
            lastmodified: String::new(),
            mac: String::new(),
            rule: None,
            mac_only_encrypted: false,
            version: SOPS_COMPAT_VERSION.into(),
        }
    }

    #[test]
    fn keys_are_tried_in_the_unwrappers_order() {
        let service = |kind: &str| MasterKey::Other {
            kind: kind.into(),
            raw: json!({}),
        };
        let age = MasterKey::Age {
            recipient: "age1x".into(),
            enc: String::new(),
        };
        // Metadata order puts the key services first; age is asked, and nothing else.
        let md = metadata(vec![service("kms"), service("hc_vault"), age]);
        let first = |order| {
            let u = Recording {
                asked: RefCell::new(Vec::new()),
                order,
            };
            recover_data_key(&md, &u, Path::new("f")).expect("key");
            u.asked.into_inner()
        };
        assert_eq!(first(""), ["age"]);
        assert_eq!(first("hc_vault"), ["hc_vault"]);
        assert_eq!(first("gcp_kms"), ["kms"]);
        let refused = Recording {
            asked: RefCell::new(Vec::new()),
            order: "age,age",
        };
        assert!(recover_data_key(&md, &refused, Path::new("f")).is_err());
        assert!(refused.asked.borrow().is_empty());
    }
}
