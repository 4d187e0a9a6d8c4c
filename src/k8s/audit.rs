//! The etcd audit's bookkeeping: classify each stored value, optionally check it reads with
//! a config's keys, and keep counts. Items are handed back one at a time, so the caller can
//! stream them and memory does not grow with the number of keys.

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;

use super::classify::{self, Class, KnownNames};
use super::codec::Transformer;
use super::model::EncryptionConfig;
use super::resource::{self, GroupResource};

/// One audited key.
#[derive(Clone, Debug, Serialize)]
pub struct Item {
    pub key: String,
    pub state: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub key_id: Option<String>,
    /// With `--config`: whether kube-apiserver with that config can read the value.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub readable: Option<bool>,
    /// With `--config`: read by a provider or key other than the write key (the next write
    /// re-encrypts it).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stale: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// The counts so far.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Summary {
    pub total: u64,
    pub by_state: BTreeMap<String, u64>,
    /// With `--config`: values kube-apiserver could not read with it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unreadable: Option<u64>,
    /// With `--config`: values not under the write key.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stale: Option<u64>,
}

impl Summary {
    /// Plaintext, unknown or unreadable values were found.
    pub fn has_findings(&self) -> bool {
        let count = |s: &str| self.by_state.get(s).copied().unwrap_or(0);
        count(classify::PLAINTEXT) > 0
            || count(classify::UNKNOWN) > 0
            || self.unreadable.unwrap_or(0) > 0
    }
}

/// Audits values one by one.
pub struct Auditor<'c> {
    config: Option<&'c EncryptionConfig>,
    names: KnownNames,
    prefix: String,
    transformers: HashMap<GroupResource, Result<Transformer, String>>,
    summary: Summary,
}

impl<'c> Auditor<'c> {
    /// `prefix` is kube-apiserver's `--etcd-prefix` (for finding each key's resource).
    pub fn new(config: Option<&'c EncryptionConfig>, prefix: &str) -> Auditor<'c> {
        let mut summary = Summary::default();
        if config.is_some() {
            summary.unreadable = Some(0);
            summary.stale = Some(0);
        }
        Auditor {
            names: config.map(KnownNames::from_config).unwrap_or_default(),
            config,
            prefix: prefix.to_string(),
            transformers: HashMap::new(),
            summary,
        }
    }

    /// Classifies (and with a config, checks) one value and counts it.
    pub fn check(&mut self, key: &[u8], value: &[u8]) -> Item {
        let key = String::from_utf8_lossy(key).into_owned();
        let class = classify::classify(value, &self.names);
        let mut item = Item {
            state: class.state.clone(),
            key_id: class.key_id.clone(),
            readable: None,
            stale: None,
            note: None,
            key,
        };
        if self.config.is_some() {
            self.verify(&mut item, &class, value);
        }
        self.count(&item);
        item
    }

    fn verify(&mut self, item: &mut Item, class: &Class, value: &[u8]) {
        if class.state.starts_with("kms:") {
            item.note =
                Some("kms value: its data key is held by the KMS plugin; not checked".into());
            return;
        }
        let Some(gr) = resource::of_etcd_key(&item.key, &self.prefix) else {
            item.note = Some(format!("not under {}", self.prefix));
            return;
        };
        let Some(config) = self.config else { return };
        let transformer = self
            .transformers
            .entry(gr.clone())
            .or_insert_with(|| Transformer::for_resource(config, &gr));
        let read = match transformer {
            Ok(t) => t.decrypt(value, &item.key),
            Err(e) => Err(e.clone()),
        };
        match read {
            Ok(r) if looks_like_object(&r.plaintext) => {
                item.readable = Some(true);
                item.stale = Some(r.stale);
            }
            Ok(_) => {
                item.readable = Some(false);
                item.note =
                    Some("decrypts to bytes that are not a Kubernetes object (wrong key?)".into());
            }
            Err(e) => {
                item.readable = Some(false);
                item.note = Some(explain(class, &e));
            }
        }
    }

    fn count(&mut self, item: &Item) {
        self.summary.total += 1;
        *self.summary.by_state.entry(item.state.clone()).or_default() += 1;
        if item.readable == Some(false) {
            *self.summary.unreadable.get_or_insert(0) += 1;
        }
        if item.stale == Some(true) {
            *self.summary.stale.get_or_insert(0) += 1;
        }
    }

    pub fn summary(&self) -> &Summary {
        &self.summary
    }
}

/// What kube-apiserver decodes: protobuf (`k8s\0`) or JSON.
fn looks_like_object(plain: &[u8]) -> bool {
    plain.starts_with(super::proto::PROTOBUF_MAGIC) || plain.first() == Some(&b'{')
}

fn explain(class: &Class, error: &str) -> String {
    if class.is_plaintext() {
        return "plaintext, and the config has no identity provider for it: kube-apiserver cannot read it".into();
    }
    if error.starts_with("no matching key was found") {
        return format!("{}: the key is no longer in the config", class.state);
    }
    if error == "no matching prefix found" {
        return format!(
            "{}: the config has no such provider for this resource",
            class.state
        );
    }
    error.to_string()
}
