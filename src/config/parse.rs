//! Reading `creation_rules` from the YAML tree the project's own parser builds, with every
//! error placed at `file:line:column` and saying what to write instead.
//!
//! Shapes accepted are sops' (`config/config.go`): the single-group recipient keys take a
//! comma-separated string or a list, `key_groups` entries take lists of strings (`age`,
//! `pgp`, `hc_vault`) or of maps (`kms`, `gcp_kms`, `azure_keyvault`, `hckms`) and may
//! `merge` other groups. Keys sops ignores are ignored too, with a warning.

use std::collections::BTreeMap;
use std::path::Path;

use regex::Regex;

use super::{CreationRule, RuleRecipient};
use crate::document::{self, Entry, Format, Node, Scalar, Value};
use crate::envelope::rules::{RULE_KEYS, Rule};
use crate::error::{Error, Location, Result};
use crate::recipients::{Recipient, parse_age_recipients};

/// What a config file holds.
pub struct Parsed {
    pub rules: Vec<CreationRule>,
    pub secrets: Vec<super::secrets::SecretPolicy>,
    pub warnings: Vec<String>,
}

/// The recipient lists of a key group (besides `merge`), in the order sops reads them. A
/// rule's single-group keys are the same, see [`single_group_key`].
const KEY_GROUP_KEYS: [&str; 7] = [
    "age",
    "pgp",
    "kms",
    "gcp_kms",
    "hckms",
    "azure_keyvault",
    "hc_vault",
];

/// The name of a key-group list when written directly in a rule (sops' one renaming).
fn single_group_key(kind: &str) -> &str {
    match kind {
        "hc_vault" => "hc_vault_transit_uri",
        other => other,
    }
}

/// Parses the bytes of a config file.
pub fn parse(path: &Path, src: Vec<u8>) -> Result<Parsed> {
    if is_blank(&src) {
        return Ok(Parsed {
            rules: Vec::new(),
            secrets: Vec::new(),
            warnings: Vec::new(),
        });
    }
    let doc = document::parse(Format::Yaml, src, path).map_err(|e| match e {
        Error::Parse {
            path,
            location,
            message,
            ..
        } => Error::Config {
            path,
            location: Some(location),
            message: format!(
                "{message} (a config file is a YAML map with a `creation_rules` list and optionally `secrets`)"
            ),
        },
        other => other,
    })?;
    let text = String::from_utf8_lossy(&doc.source).into_owned();
    let mut cx = Cx {
        path,
        src: &text,
        warnings: Vec::new(),
    };
    let (rules, secrets) = match doc.branches.first() {
        None => (Vec::new(), Vec::new()),
        Some(root) => cx.top(root)?,
    };
    Ok(Parsed {
        rules,
        secrets,
        warnings: cx.warnings,
    })
}

/// True for a file of only blank lines, comments and document markers (no rules).
fn is_blank(src: &[u8]) -> bool {
    String::from_utf8_lossy(src).lines().all(|l| {
        let l = l.trim();
        l.is_empty() || l.starts_with('#') || l == "---" || l == "..."
    })
}

/// Parsing context: the file, its text (to place errors) and the warnings so far.
pub(super) struct Cx<'a> {
    path: &'a Path,
    src: &'a str,
    warnings: Vec<String>,
}

impl Cx<'_> {
    pub(super) fn location(&self, offset: usize) -> Location {
        Location::of_offset(self.src.as_bytes(), offset)
    }

    pub(super) fn error(&self, at: usize, message: impl Into<String>) -> Error {
        Error::Config {
            path: self.path.to_path_buf(),
            location: Some(self.location(at)),
            message: message.into(),
        }
    }

    fn warn(&mut self, at: usize, message: impl AsRef<str>) {
        let location = self.location(at);
        self.warnings.push(format!(
            "{}:{location}: {}",
            self.path.display(),
            message.as_ref()
        ));
    }

    /// Where `key: node` starts: the key's text before the value, else the value itself.
    pub(super) fn key_offset(&self, key: &str, node: &Node, fallback: usize) -> usize {
        let value_at = offset(node).unwrap_or(fallback);
        self.src[..value_at.min(self.src.len())]
            .rfind(key)
            .unwrap_or(value_at)
    }

    fn top(
        &mut self,
        root: &Node,
    ) -> Result<(Vec<CreationRule>, Vec<super::secrets::SecretPolicy>)> {
        let entries = match &root.value {
            Value::Map(entries) => entries,
            Value::Scalar(Scalar::Null) => return Ok((Vec::new(), Vec::new())),
            _ => {
                return Err(self.error(
                    offset(root).unwrap_or(0),
                    "the config must be a map with a `creation_rules` list",
                ));
            }
        };
        let mut rules = Vec::new();
        let mut secrets = Vec::new();
        for (key, node) in pairs(entries) {
            let at = self.key_offset(key, node, 0);
            match key {
                "creation_rules" => rules = self.rules(node, at)?,
                "secrets" => secrets = self.secrets(node, at)?,
                // sops' own sections, and hush's `lint:` (read by `crate::lint::config`).
                "destination_rules" | "stores" | "lint" => {}
                _ => self.warn(at, format!("unknown key `{key}` ignored")),
            }
        }
        Ok((rules, secrets))
    }

    fn rules(&mut self, node: &Node, at: usize) -> Result<Vec<CreationRule>> {
        match &node.value {
            Value::Scalar(Scalar::Null) => Ok(Vec::new()),
            Value::List(items) => items
                .iter()
                .filter(|n| !matches!(n.value, Value::Comment(_)))
                .enumerate()
                .map(|(index, item)| self.rule(index, item, at))
                .collect(),
            _ => Err(self.error(
                at,
                "`creation_rules` must be a list of rules (each starting with `- `)",
            )),
        }
    }

    fn rule(&mut self, index: usize, node: &Node, list_at: usize) -> Result<CreationRule> {
        let start = offset(node).unwrap_or(list_at);
        let Value::Map(entries) = &node.value else {
            return Err(self.error(
                start,
                format!(
                    "creation rule {} must be a map (path_regex, age, key_groups, …)",
                    index + 1
                ),
            ));
        };
        let mut rule = CreationRule {
            index,
            location: self.location(self.map_start(entries, start)),
            path_regex: None,
            key_groups: Vec::new(),
            shamir_threshold: None,
            rule: None,
            mac_only_encrypted: false,
        };
        let mut single = Vec::new();
        let mut single_at = None;
        let mut groups_given = false;
        let mut aws_profile = None;
        for (key, value) in pairs(entries) {
            let at = self.key_offset(key, value, start);
            match key {
                "path_regex" => rule.path_regex = self.regex(value, at, key)?,
                "key_groups" => {
                    rule.key_groups = self.key_groups(value, at)?;
                    groups_given = !rule.key_groups.is_empty();
                }
                "shamir_threshold" => rule.shamir_threshold = self.threshold(value, at)?,
                "mac_only_encrypted" => rule.mac_only_encrypted = self.boolean(value, at, key)?,
                "aws_profile" => aws_profile = self.string(value, at, key)?,
                k if KEY_GROUP_KEYS.iter().any(|g| single_group_key(g) == k) => {
                    single_at.get_or_insert(at);
                    single.push((key, value, at));
                }
                k if RULE_KEYS.contains(&k) => self.encryption_rule(&mut rule, key, value, at)?,
                _ => self.warn(
                    at,
                    format!("unknown key `{key}` in a creation rule ignored"),
                ),
            }
        }
        if groups_given {
            if let Some(at) = single_at {
                self.warn(
                    at,
                    "recipient keys next to `key_groups` are ignored (as sops does); move them into a key group",
                );
            }
        } else {
            rule.key_groups = vec![self.single_group(&single, aws_profile)?];
        }
        self.check_threshold(&rule, start)?;
        Ok(rule)
    }

    /// The offset of a map's first key.
    fn map_start(&self, entries: &[Entry], fallback: usize) -> usize {
        pairs(entries)
            .next()
            .map(|(k, n)| self.key_offset(k, n, fallback))
            .unwrap_or(fallback)
    }

    /// Where a node starts: a map's first key, else its first leaf.
    pub(super) fn node_start(&self, node: &Node, fallback: usize) -> usize {
        let first_leaf = offset(node).unwrap_or(fallback);
        match &node.value {
            Value::Map(entries) => self.map_start(entries, first_leaf),
            _ => first_leaf,
        }
    }

    fn check_threshold(&self, rule: &CreationRule, at: usize) -> Result<()> {
        let groups = rule.key_groups.len();
        match rule.shamir_threshold {
            Some(t) if groups > 1 && t > groups => Err(self.error(
                at,
                format!(
                    "shamir_threshold is {t} but the rule has only {groups} key groups; use at most {groups}"
                ),
            )),
            Some(1) if groups > 1 => Err(self.error(
                at,
                "shamir_threshold 1 with several key groups is not allowed (any one group would open the file); use 2 or more, or one key group",
            )),
            _ => Ok(()),
        }
    }

    fn encryption_rule(
        &self,
        rule: &mut CreationRule,
        key: &str,
        value: &Node,
        at: usize,
    ) -> Result<()> {
        let Some(text) = self.string(value, at, key)?.filter(|s| !s.is_empty()) else {
            return Ok(());
        };
        if let Some(existing) = &rule.rule {
            return Err(self.error(
                at,
                format!(
                    "`{key}` and `{}` are both set; a rule may use only one of {}",
                    existing.key(),
                    RULE_KEYS.join(", ")
                ),
            ));
        }
        rule.rule = Some(Rule::from_key(key, &text).map_err(|m| self.error(at, m))?);
        Ok(())
    }

    fn regex(&self, node: &Node, at: usize, key: &str) -> Result<Option<Regex>> {
        match self.string(node, at, key)?.filter(|s| !s.is_empty()) {
            None => Ok(None),
            Some(text) => Regex::new(&text).map(Some).map_err(|e| {
                self.error(
                    offset(node).unwrap_or(at),
                    format!("`{key}` is not a valid regular expression: {e}"),
                )
            }),
        }
    }

    fn threshold(&self, node: &Node, at: usize) -> Result<Option<usize>> {
        match &node.value {
            Value::Scalar(Scalar::Null) => Ok(None),
            Value::Scalar(Scalar::Int { value, .. }) if (0..=255).contains(value) => {
                Ok((*value > 0).then_some(*value as usize))
            }
            _ => Err(self.error(
                offset(node).unwrap_or(at),
                "`shamir_threshold` must be a whole number from 0 to 255",
            )),
        }
    }

    fn boolean(&self, node: &Node, at: usize, key: &str) -> Result<bool> {
        match &node.value {
            Value::Scalar(Scalar::Null) => Ok(false),
            Value::Scalar(Scalar::Bool { value, .. }) => Ok(*value),
            _ => Err(self.error(
                offset(node).unwrap_or(at),
                format!("`{key}` must be true or false"),
            )),
        }
    }

    /// A scalar's text; `None` for null.
    pub(super) fn string(&self, node: &Node, at: usize, key: &str) -> Result<Option<String>> {
        match &node.value {
            Value::Scalar(Scalar::Null) => Ok(None),
            Value::Scalar(s) => Ok(Some(scalar_text(s))),
            _ => Err(self.error(
                at,
                format!("`{key}` must be a single value, not a list or map"),
            )),
        }
    }

    /// Strings of a `key: "a,b"` or `key: [a, b]` field, split on commas and trimmed.
    fn string_list(&self, node: &Node, at: usize, key: &str) -> Result<Vec<(String, usize)>> {
        let items: Vec<&Node> = match &node.value {
            Value::Scalar(Scalar::Null) => Vec::new(),
            Value::Scalar(_) => vec![node],
            Value::List(items) => items
                .iter()
                .filter(|n| !matches!(n.value, Value::Comment(_)))
                .collect(),
            _ => {
                return Err(self.error(
                    at,
                    format!("`{key}` must be a comma-separated string or a list of strings"),
                ));
            }
        };
        let mut out = Vec::new();
        for item in items {
            let item_at = offset(item).unwrap_or(at);
            let Value::Scalar(s) = &item.value else {
                return Err(self.error(
                    item_at,
                    format!(
                        "an item of `{key}` is a list or map; write each recipient as a string"
                    ),
                ));
            };
            out.extend(
                scalar_text(s)
                    .split(',')
                    .map(str::trim)
                    .filter(|t| !t.is_empty())
                    .map(|t| (t.to_string(), item_at)),
            );
        }
        Ok(out)
    }

    /// The key group made of a rule's single-group keys, in sops' order.
    fn single_group(
        &self,
        fields: &[(&str, &Node, usize)],
        aws_profile: Option<String>,
    ) -> Result<Vec<RuleRecipient>> {
        let mut group = Vec::new();
        for kind in KEY_GROUP_KEYS {
            let key = single_group_key(kind);
            for (_, node, at) in fields.iter().filter(|(k, _, _)| *k == key) {
                for (text, item_at) in self.string_list(node, *at, key)? {
                    let recipient = match kind {
                        "kms" => Ok(vec![Recipient::aws_kms(
                            &text,
                            BTreeMap::new(),
                            aws_profile.clone(),
                        )]),
                        _ => self.named_recipients(kind, &text, item_at),
                    }?;
                    self.push_unique(&mut group, recipient, item_at);
                }
            }
        }
        Ok(group)
    }

    /// Recipients of a kind named by one string (age strings may hold several).
    fn named_recipients(&self, kind: &str, text: &str, at: usize) -> Result<Vec<Recipient>> {
        let located = |m: String| self.error(at, m);
        match kind {
            "age" => parse_age_recipients(text)
                .map(|rs| rs.into_iter().map(Recipient::Age).collect())
                .map_err(|e| located(format!("{e}; write an age1… key or an SSH public key"))),
            "pgp" => Ok(vec![Recipient::Pgp(text.to_string())]),
            "gcp_kms" => Ok(vec![Recipient::GcpKms(text.to_string())]),
            "hckms" => Ok(vec![Recipient::HuaweiKms(text.to_string())]),
            "azure_keyvault" => Recipient::azure_kv_url(text)
                .map(|r| vec![r])
                .map_err(located),
            "hc_vault" => Recipient::vault_uri(text).map(|r| vec![r]).map_err(located),
            _ => Err(located(format!("unknown recipient kind `{kind}`"))),
        }
    }

    /// Adds recipients not already in the group (sops deduplicates within a group).
    fn push_unique(&self, group: &mut Vec<RuleRecipient>, recipients: Vec<Recipient>, at: usize) {
        for recipient in recipients {
            if !group.iter().any(|r| r.recipient == recipient) {
                group.push(RuleRecipient {
                    recipient,
                    location: self.location(at),
                });
            }
        }
    }

    fn key_groups(&mut self, node: &Node, at: usize) -> Result<Vec<Vec<RuleRecipient>>> {
        let items = match &node.value {
            Value::Scalar(Scalar::Null) => return Ok(Vec::new()),
            Value::List(items) => items,
            _ => {
                return Err(self.error(
                    at,
                    "`key_groups` must be a list of groups (each `- age: [...]`, `pgp: [...]`, …)",
                ));
            }
        };
        items
            .iter()
            .filter(|n| !matches!(n.value, Value::Comment(_)))
            .map(|g| {
                let mut group = Vec::new();
                self.key_group(g, at, &mut group)?;
                Ok(group)
            })
            .collect()
    }

    /// Adds the recipients of one `key_groups` entry (and the groups it merges) to `group`.
    fn key_group(&mut self, node: &Node, at: usize, group: &mut Vec<RuleRecipient>) -> Result<()> {
        let start = self.node_start(node, at);
        let Value::Map(entries) = &node.value else {
            return Err(self.error(
                start,
                "a key group must be a map of recipient lists (age, pgp, kms, gcp_kms, azure_keyvault, hc_vault, hckms, merge)",
            ));
        };
        let mut fields: Vec<(&str, &Node, usize)> = Vec::new();
        for (key, value) in pairs(entries) {
            let key_at = self.key_offset(key, value, start);
            match key {
                "merge" => self.merge(value, key_at, group)?,
                k if KEY_GROUP_KEYS.contains(&k) => fields.push((key, value, key_at)),
                _ => self.warn(
                    key_at,
                    format!("unknown key `{key}` in a key group ignored"),
                ),
            }
        }
        for kind in KEY_GROUP_KEYS {
            for (_, value, key_at) in fields.iter().filter(|(k, _, _)| *k == kind) {
                for (recipients, item_at) in self.group_entries(kind, value, *key_at)? {
                    self.push_unique(group, recipients, item_at);
                }
            }
        }
        Ok(())
    }

    fn merge(&mut self, node: &Node, at: usize, group: &mut Vec<RuleRecipient>) -> Result<()> {
        match &node.value {
            Value::Scalar(Scalar::Null) => Ok(()),
            Value::List(items) => items
                .iter()
                .filter(|n| !matches!(n.value, Value::Comment(_)))
                .try_for_each(|g| self.key_group(g, at, group)),
            _ => Err(self.error(at, "`merge` must be a list of key groups")),
        }
    }

    /// The entries of one list in a key group, each with where it was written.
    fn group_entries(
        &self,
        kind: &str,
        node: &Node,
        at: usize,
    ) -> Result<Vec<(Vec<Recipient>, usize)>> {
        let items = list_items(node)
            .ok_or_else(|| self.error(at, format!("`{kind}` in a key group must be a list")))?;
        items
            .into_iter()
            .map(|item| {
                let item_at = self.node_start(item, at);
                let recipients = match (kind, &item.value) {
                    ("kms" | "gcp_kms" | "azure_keyvault" | "hckms", Value::Map(e)) => {
                        vec![self.keyed_entry(kind, e, item_at)?]
                    }
                    ("age" | "pgp" | "hc_vault", Value::Scalar(s)) => {
                        self.named_recipients(kind, &scalar_text(s), item_at)?
                    }
                    _ => return Err(self.error(item_at, group_entry_shape(kind))),
                };
                Ok((recipients, item_at))
            })
            .collect()
    }

    /// A map-shaped key group entry: `kms`, `gcp_kms`, `azure_keyvault` or `hckms`.
    fn keyed_entry(&self, kind: &str, entries: &[Entry], at: usize) -> Result<Recipient> {
        let field = |name: &str| -> Result<Option<String>> {
            match pairs(entries).find(|(k, _)| *k == name) {
                Some((_, n)) => self.string(n, at, name),
                None => Ok(None),
            }
        };
        let required = |name: &str| -> Result<String> {
            field(name)?
                .filter(|s| !s.is_empty())
                .ok_or_else(|| self.error(at, format!("this `{kind}` entry needs `{name}`")))
        };
        Ok(match kind {
            "kms" => {
                let context = match pairs(entries).find(|(k, _)| *k == "context") {
                    Some((_, n)) => self.context(n, at)?,
                    None => BTreeMap::new(),
                };
                let mut key = Recipient::aws_kms(&required("arn")?, context, field("aws_profile")?);
                let role = field("role")?.filter(|r| !r.is_empty());
                if let (Recipient::AwsKms(k), Some(role)) = (&mut key, role) {
                    k.role = Some(role);
                }
                key
            }
            "gcp_kms" => Recipient::GcpKms(required("resource_id")?),
            "hckms" => Recipient::HuaweiKms(required("key_id")?),
            _ => Recipient::AzureKv(crate::recipients::AzureKvSpec {
                vault_url: required("vaultUrl")?,
                name: required("key")?,
                version: field("version")?.filter(|v| !v.is_empty()),
            }),
        })
    }

    fn context(&self, node: &Node, at: usize) -> Result<BTreeMap<String, String>> {
        match &node.value {
            Value::Scalar(Scalar::Null) => Ok(BTreeMap::new()),
            Value::Map(entries) => pairs(entries)
                .map(|(k, v)| {
                    let v = self.string(v, at, k)?.unwrap_or_default();
                    Ok((k.to_string(), v))
                })
                .collect(),
            _ => Err(self.error(at, "`context` must be a map of strings")),
        }
    }
}

fn group_entry_shape(kind: &str) -> String {
    match kind {
        "kms" => "a `kms` entry must be a map: `- arn: ...` (role, context, aws_profile optional)",
        "gcp_kms" => "a `gcp_kms` entry must be a map: `- resource_id: projects/.../cryptoKeys/...`",
        "azure_keyvault" => {
            "an `azure_keyvault` entry must be a map: `- vaultUrl: https://...` with `key` and `version`"
        }
        "hckms" => "an `hckms` entry must be a map: `- key_id: region:uuid`",
        "age" => "an `age` entry must be a string (an age1… key or an SSH public key)",
        "pgp" => "a `pgp` entry must be a string (a key fingerprint)",
        _ => "an `hc_vault` entry must be a string (https://vault:8200/v1/transit/keys/NAME)",
    }
    .to_string()
}

/// The non-comment items of a list (an empty list for null), or `None` for other shapes.
pub(super) fn list_items(node: &Node) -> Option<Vec<&Node>> {
    match &node.value {
        Value::Scalar(Scalar::Null) => Some(Vec::new()),
        Value::List(items) => Some(
            items
                .iter()
                .filter(|n| !matches!(n.value, Value::Comment(_)))
                .collect(),
        ),
        _ => None,
    }
}

/// The key/value pairs of a map, comments skipped.
pub(super) fn pairs(entries: &[Entry]) -> impl Iterator<Item = (&str, &Node)> {
    entries.iter().filter_map(|e| match e {
        Entry::Pair(k, n) => Some((k.as_str(), n)),
        Entry::Comment(_) => None,
    })
}

/// The byte offset where a node's first leaf starts.
pub(super) fn offset(node: &Node) -> Option<usize> {
    if let Some(origin) = &node.origin {
        return Some(origin.span.start);
    }
    match &node.value {
        Value::Map(entries) => entries.iter().find_map(|e| offset(e.node())),
        Value::List(items) => items.iter().find_map(offset),
        _ => None,
    }
}

fn scalar_text(s: &Scalar) -> String {
    match s {
        Scalar::Null => String::new(),
        Scalar::Str(t) | Scalar::Time { text: t } => t.clone(),
        Scalar::Bytes(b) => String::from_utf8_lossy(b).into_owned(),
        Scalar::Int { text, .. } | Scalar::Float { text, .. } | Scalar::Bool { text, .. } => {
            text.clone()
        }
    }
}
