//! Staged key rotation, following the upstream procedure (kubernetes.io "Rotate a
//! decryption key"): `prepare` adds a new key second (every apiserver can read it),
//! `promote` moves it first (new writes use it), `prune` removes the old key (after every
//! value was re-encrypted). The step a file is at is read from the keys of the first
//! provider of each `resources` entry; hush's key names carry their creation time, so the
//! newer key is known. The edits change only the key lines (see [`super::text_edit`]).

use serde::Serialize;

use super::file::ConfigFile;
use super::generate::{key_name_now, key_name_stamp, new_key};
use super::model::{EncryptionConfig, KeyList, ProviderKind, ProviderType};
use super::text_edit;
use crate::error::{Error, Result};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step {
    Prepare,
    Promote,
    Prune,
}

/// Where a rotation stands for one provider.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Stage {
    /// One key: ready for `prepare`.
    Steady,
    /// The new key is not first yet: reload every apiserver, then `promote`.
    Prepared,
    /// The new key writes; older keys remain: re-encrypt, then `prune`.
    Promoted,
    /// Several keys and none can be told apart by name (pass `--new-key`).
    Unknown,
}

/// One rotatable provider: the first provider of a `resources` entry, when it has keys.
pub struct Target<'c> {
    pub entry: usize,
    pub provider: usize,
    pub kind: ProviderType,
    pub keys: &'c KeyList,
    pub resources: Vec<String>,
}

/// The providers a rotation changes.
pub fn targets(config: &EncryptionConfig) -> Vec<Target<'_>> {
    config
        .resources
        .iter()
        .enumerate()
        .filter_map(
            |(i, e)| match e.providers.first().and_then(|p| p.single()) {
                Some(ProviderKind::Keyed(t, keys)) => Some(Target {
                    entry: i,
                    provider: 0,
                    kind: *t,
                    keys,
                    resources: e.resources.iter().map(|n| n.value.clone()).collect(),
                }),
                _ => None,
            },
        )
        .collect()
}

/// The index of the newest key: the one named `new_key`, else the latest hush time stamp
/// (a stamped name is newer than an unstamped one).
pub fn newest(keys: &KeyList, new_key: Option<&str>) -> Option<usize> {
    if let Some(name) = new_key {
        return keys.keys.iter().position(|k| k.name == name);
    }
    let stamped: Vec<(usize, &str)> = keys
        .keys
        .iter()
        .enumerate()
        .filter_map(|(i, k)| key_name_stamp(&k.name).map(|s| (i, s)))
        .collect();
    let (best, stamp) = stamped.iter().max_by_key(|(_, s)| *s)?;
    let unique = stamped.iter().filter(|(_, s)| s == stamp).count() == 1;
    unique.then_some(*best)
}

pub fn stage(keys: &KeyList, new_key: Option<&str>) -> Stage {
    if keys.keys.len() <= 1 {
        return Stage::Steady;
    }
    match newest(keys, new_key) {
        Some(0) => Stage::Promoted,
        Some(_) => Stage::Prepared,
        None => Stage::Unknown,
    }
}

/// The outcome of a step: the new plaintext and what changed.
pub struct Rotation {
    pub plaintext: Vec<u8>,
    /// One line per provider changed, e.g. `resources[0] aesgcm: added key-… second`.
    pub changes: Vec<String>,
    /// Keys `prune` removes: (provider, key name).
    pub removed: Vec<(ProviderType, String)>,
}

/// Options of a step.
#[derive(Clone, Debug, Default)]
pub struct RotateOptions {
    /// `prepare`: the new key's name (default `key-<UTC time>`).
    pub key_name: Option<String>,
    /// `promote`/`prune`: which key is new, when the names do not tell.
    pub new_key: Option<String>,
}

/// Computes one step on `file` (whose decoded content is `config`).
pub fn rotate(
    file: &ConfigFile,
    config: &EncryptionConfig,
    step: Step,
    opts: &RotateOptions,
) -> Result<Rotation> {
    let targets = targets(config);
    if targets.is_empty() {
        return Err(refuse(
            file,
            "no resources entry starts with an aescbc, aesgcm or secretbox provider; nothing to rotate (kms keys rotate in the KMS plugin)",
        ));
    }
    let src =
        std::str::from_utf8(&file.plaintext).map_err(|_| refuse(file, "the file is not UTF-8"))?;
    let mut edits = Vec::new();
    let mut out = Rotation {
        plaintext: Vec::new(),
        changes: Vec::new(),
        removed: Vec::new(),
    };
    let new_name = opts.key_name.clone().unwrap_or_else(key_name_now);
    for t in &targets {
        let node = text_edit::keys_node(&file.doc, t.entry, t.provider, t.kind.name())
            .ok_or_else(|| refuse(file, "cannot find the keys in the file"))?;
        let items = text_edit::list_items(&file.doc, node).ok_or_else(|| {
            refuse(file, "rotate edits key lists written one key per list item (block style YAML or JSON); rewrite the keys that way")
        })?;
        let label = format!("resources[{}] {}", t.entry, t.kind.name());
        let current = stage(t.keys, opts.new_key.as_deref());
        match step {
            Step::Prepare => {
                if current != Stage::Steady {
                    return Err(refuse(
                        file,
                        &format!(
                            "{label}: a rotation is in progress ({} keys); run promote or prune first",
                            t.keys.keys.len()
                        ),
                    ));
                }
                if t.keys.keys.iter().any(|k| k.name == new_name) {
                    return Err(refuse(
                        file,
                        &format!("{label}: a key named {new_name} exists already"),
                    ));
                }
                let secret = new_key();
                let text = text_edit::item_with(
                    src,
                    &items[0],
                    &[("name", &new_name), ("secret", &secret)],
                );
                let sep = text_edit::separator(src, file.format, &items);
                let at = items[0].range.end;
                edits.push((at..at, format!("{sep}{text}")));
                out.changes.push(format!(
                    "{label}: added key {new_name} second (read-only until promote)"
                ));
            }
            Step::Promote => {
                let i = promote_index(file, &label, current, t.keys, opts)?;
                edits.push((
                    items[0].range.clone(),
                    src[items[i].range.clone()].to_string(),
                ));
                edits.push((
                    items[i].range.clone(),
                    src[items[0].range.clone()].to_string(),
                ));
                out.changes.push(format!(
                    "{label}: key {} moved first (new writes use it)",
                    t.keys.keys[i].name
                ));
            }
            Step::Prune => {
                if current != Stage::Promoted {
                    return Err(refuse(
                        file,
                        &format!("{label}: {}", prune_refusal(current)),
                    ));
                }
                edits.push((
                    items[0].range.end..items[items.len() - 1].range.end,
                    String::new(),
                ));
                for k in &t.keys.keys[1..] {
                    out.removed.push((t.kind, k.name.clone()));
                    out.changes.push(format!("{label}: removed key {}", k.name));
                }
            }
        }
    }
    out.plaintext = text_edit::apply(src, edits).into_bytes();
    Ok(out)
}

fn promote_index(
    file: &ConfigFile,
    label: &str,
    current: Stage,
    keys: &KeyList,
    opts: &RotateOptions,
) -> Result<usize> {
    match current {
        Stage::Prepared => Ok(newest(keys, opts.new_key.as_deref()).unwrap_or(0)),
        Stage::Steady => Err(refuse(
            file,
            &format!("{label}: one key only; run prepare first"),
        )),
        Stage::Promoted => Err(refuse(
            file,
            &format!("{label}: the newest key is first already; re-encrypt, then prune"),
        )),
        Stage::Unknown => Err(refuse(
            file,
            &format!("{label}: the key names do not tell which key is new; pass --new-key NAME"),
        )),
    }
}

fn prune_refusal(stage: Stage) -> &'static str {
    match stage {
        Stage::Steady => "one key only; nothing to prune",
        Stage::Prepared => {
            "the new key is not first yet; run promote (and re-encrypt) before prune"
        }
        _ => "the key names do not tell which key is new; pass --new-key NAME",
    }
}

fn refuse(file: &ConfigFile, reason: &str) -> Error {
    Error::K8sRotation {
        path: file.path.clone(),
        reason: reason.to_string(),
    }
}

/// The rotation stage of one provider.
#[derive(Clone, Debug, Serialize)]
pub struct ProviderStatus {
    pub entry: usize,
    pub resources: Vec<String>,
    pub provider: &'static str,
    /// Key names in file order (the first writes).
    pub keys: Vec<String>,
    pub stage: Stage,
}

/// What `status` reports: each provider's stage, the reload hash and the next commands.
#[derive(Clone, Debug, Serialize)]
pub struct Status {
    pub file: String,
    /// `sha256:<hex>` that `apiserver_encryption_config_controller_last_config_info` reports
    /// once an apiserver with automatic reload has loaded this file.
    pub reload_hash: String,
    pub providers: Vec<ProviderStatus>,
    /// The furthest-behind stage across providers.
    pub stage: Stage,
    pub next: Vec<String>,
}

/// The stage of every rotatable provider and what to run next.
pub fn status(file: &ConfigFile, config: &EncryptionConfig, new_key: Option<&str>) -> Status {
    let providers: Vec<ProviderStatus> = targets(config)
        .into_iter()
        .map(|t| ProviderStatus {
            entry: t.entry,
            resources: t.resources.clone(),
            provider: t.kind.name(),
            keys: t.keys.keys.iter().map(|k| k.name.clone()).collect(),
            stage: stage(t.keys, new_key),
        })
        .collect();
    let order = [
        Stage::Unknown,
        Stage::Prepared,
        Stage::Promoted,
        Stage::Steady,
    ];
    let overall = order
        .into_iter()
        .find(|s| providers.iter().any(|p| p.stage == *s))
        .unwrap_or(Stage::Steady);
    let path = file.path.display().to_string();
    let hash = file.reload_hash();
    let resources: Vec<String> = providers.iter().flat_map(|p| p.resources.clone()).collect();
    Status {
        next: next_steps(overall, &path, &hash, &resources, file.sealed.is_some()),
        file: path,
        reload_hash: hash,
        providers,
        stage: overall,
    }
}

fn next_steps(
    stage: Stage,
    path: &str,
    hash: &str,
    resources: &[String],
    sealed: bool,
) -> Vec<String> {
    let what = if sealed {
        format!("the decrypted file (`hush decrypt {path}`)")
    } else {
        path.to_string()
    };
    let deploy = format!(
        "copy {what} to every control-plane node and restart each kube-apiserver, \
         or with --encryption-provider-config-automatic-reload=true wait until every apiserver's \
         apiserver_encryption_config_controller_last_config_info reports hash=\"{hash}\""
    );
    let rotate = |step: &str| format!("hush k8s encryption-config rotate {path} --step {step}");
    match stage {
        Stage::Steady => vec![rotate("prepare")],
        Stage::Prepared => vec![deploy, rotate("promote")],
        Stage::Promoted => {
            let mut steps = vec![deploy];
            steps.extend(reencrypt_commands(resources));
            steps.push(format!(
                "{} --check-etcd https://ETCD:2379",
                rotate("prune")
            ));
            steps
        }
        Stage::Unknown => vec![format!(
            "the key names do not tell which key is new: run `hush k8s encryption-config status {path} --new-key NAME`"
        )],
    }
}

/// `kubectl get … | kubectl replace -f -` for the rotated resources (all of them for
/// wildcards), which rewrites every object with the current write key.
pub fn reencrypt_commands(resources: &[String]) -> Vec<String> {
    let wildcard = resources.iter().any(|r| r.starts_with('*'));
    let names: Vec<String> = if wildcard || resources.is_empty() {
        vec!["secrets".into()]
    } else {
        resources
            .iter()
            .map(|r| r.trim_end_matches('.').to_string())
            .collect()
    };
    let mut out: Vec<String> = names
        .iter()
        .map(|r| format!("kubectl get {r} --all-namespaces -o json | kubectl replace -f -"))
        .collect();
    if wildcard {
        out.push("(wildcard rules: re-encrypt every resource type they cover the same way)".into());
    }
    out
}
