//! Every check kube-apiserver applies to an `EncryptionConfiguration` (the validation in
//! `ValidateEncryptionConfiguration` and the load-time masking check), with upstream's
//! field paths and messages, plus hush's warnings for legal but risky settings.

use std::collections::{HashMap, HashSet};

use base64::Engine;
use serde::Serialize;

use super::model::{
    EncryptionConfig, Key, KeyList, Kms, Place, Provider, ProviderKind, ProviderType, ResourceEntry,
};
use super::resource::GroupResource;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// One problem: where (field path, line) and what.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    pub severity: Severity,
    pub place: Place,
    pub message: String,
}

impl Finding {
    pub fn error(place: Place, message: impl Into<String>) -> Finding {
        Finding {
            severity: Severity::Error,
            place,
            message: message.into(),
        }
    }

    pub fn warning(place: Place, message: impl Into<String>) -> Finding {
        Finding {
            severity: Severity::Warning,
            place,
            message: message.into(),
        }
    }

    fn required(place: Place, message: impl std::fmt::Display) -> Finding {
        Finding::error(place, format!("Required value: {message}"))
    }

    fn invalid(place: Place, value: &str, message: impl std::fmt::Display) -> Finding {
        Finding::error(place, format!("Invalid value: {value}: {message}"))
    }
}

/// How kube-apiserver is run, as far as validation depends on it.
#[derive(Clone, Copy, Debug, Default)]
pub struct ValidateOptions {
    /// `--encryption-provider-config-automatic-reload=true`.
    pub reload: bool,
}

/// Errors first (upstream's order), then warnings.
pub fn validate(config: &EncryptionConfig, opts: ValidateOptions) -> Vec<Finding> {
    let mut out = upstream_rules(config, opts);
    out.extend(masking(config));
    out.extend(warnings(config));
    out
}

fn upstream_rules(config: &EncryptionConfig, opts: ValidateOptions) -> Vec<Finding> {
    if config.resources.is_empty() {
        return vec![Finding::required(
            config.place.clone(),
            "at least one resources is required",
        )];
    }
    let mut out = Vec::new();
    let mut kms_names = HashSet::new();
    for entry in &config.resources {
        let r = Place::new(
            format!("{}.resources", entry.place.path),
            entry.place.location,
        );
        if entry.resources.is_empty() {
            out.push(Finding::required(
                r.clone(),
                format!("at least one {} is required", r.path),
            ));
        }
        out.extend(resource_overlap(entry, &r));
        out.extend(entry.resources.iter().filter_map(|n| {
            resource_name_problem(&n.value)
                .map(|m| Finding::invalid(n.place.clone(), &quote(&n.value), m))
        }));
        if entry.providers.is_empty() {
            let p = Place::new(
                format!("{}.providers", entry.place.path),
                entry.place.location,
            );
            out.push(Finding::required(
                p.clone(),
                format!("at least one {} is required", p.path),
            ));
        }
        for provider in &entry.providers {
            out.extend(single_provider(provider));
            match validated_kind(provider) {
                Some(ProviderKind::Kms(kms)) => {
                    out.extend(kms_rules(kms, &kms_names, opts.reload));
                    kms_names.insert(kms.name.clone());
                }
                Some(ProviderKind::Keyed(t, keys)) => out.extend(key_rules(*t, keys)),
                _ => {}
            }
        }
    }
    out
}

/// The kind upstream validates further when several are set: the first of kms, aesgcm,
/// aescbc, secretbox.
fn validated_kind(p: &Provider) -> Option<&ProviderKind> {
    let order = [
        ProviderType::Kms,
        ProviderType::Aesgcm,
        ProviderType::Aescbc,
        ProviderType::Secretbox,
    ];
    order
        .iter()
        .find_map(|t| p.kinds.iter().find(|k| k.provider_type() == *t))
}

fn single_provider(p: &Provider) -> Option<Finding> {
    let names: Vec<&str> = p.kinds.iter().map(|k| k.provider_type().name()).collect();
    match names.len() {
        0 => Some(Finding::invalid(
            p.place.clone(),
            "{}",
            "provider does not contain any of the expected providers: KMS, AESGCM, AESCBC, Secretbox, Identity",
        )),
        1 => None,
        _ => Some(Finding::invalid(
            p.place.clone(),
            &format!("{{{}}}", names.join(", ")),
            "more than one provider specified in a single element, should split into different list elements",
        )),
    }
}

fn resource_overlap(entry: &ResourceEntry, r: &Place) -> Vec<Finding> {
    if entry.resources.len() < 2 {
        return Vec::new();
    }
    let parsed: Vec<GroupResource> = entry
        .resources
        .iter()
        .map(|n| GroupResource::parse(&n.value))
        .collect();
    let mut duplicate = false;
    let mut overlap = false;
    for (i, a) in parsed.iter().enumerate() {
        for (j, b) in parsed.iter().enumerate() {
            if i == j {
                continue;
            }
            if a == b {
                duplicate = true;
                continue;
            }
            if a.is_everything() || (a.group == b.group && (a.resource == "*" || b.resource == "*"))
            {
                overlap = true;
            }
        }
    }
    let value = format!(
        "[{}]",
        entry
            .resources
            .iter()
            .map(|n| quote(&n.value))
            .collect::<Vec<_>>()
            .join(", ")
    );
    let mut out = Vec::new();
    if duplicate {
        out.push(Finding::invalid(
            r.clone(),
            &value,
            "the same resource cannot be specified multiple times",
        ));
    }
    if overlap {
        out.push(Finding::invalid(
            r.clone(),
            &value,
            "using overlapping resources such as 'secrets' and '*.' in the same resource list is not allowed as they will be masked",
        ));
    }
    out
}

/// Upstream's resource-name checks, first match wins.
pub fn resource_name_problem(name: &str) -> Option<&'static str> {
    let gr = GroupResource::parse(name);
    if name.to_lowercase() != name {
        Some("resource name should not contain capital letters")
    } else if name == "*" {
        Some(
            "use '*.' to encrypt all the resources from core API group or *.* to encrypt all resources",
        )
    } else if [
        "apiserveripinfo",
        "serviceipallocations",
        "servicenodeportallocations",
    ]
    .contains(&name)
    {
        Some("resources which do not have REST API/s cannot be encrypted")
    } else if gr.group == "events.k8s.io" {
        Some(
            "'*.events.k8s.io' objects are stored using the 'events' API group in etcd. Use 'events' instead in the config file",
        )
    } else if gr.group == "extensions" {
        Some("'extensions' group has been removed and cannot be used for encryption")
    } else if gr.group == "*" && gr.resource != "*" {
        Some("encrypting the same resource across groups is not supported")
    } else {
        None
    }
}

fn key_rules(t: ProviderType, list: &KeyList) -> Vec<Finding> {
    if list.keys.is_empty() {
        return vec![Finding::required(
            list.place.clone(),
            "at least one keys is required",
        )];
    }
    list.keys.iter().flat_map(|k| key_problems(t, k)).collect()
}

fn key_problems(t: ProviderType, key: &Key) -> Vec<Finding> {
    let mut out = Vec::new();
    if key.name.is_empty() {
        out.push(Finding::required(
            key.fields.get(&key.place, "name"),
            "name is a mandatory field for a key",
        ));
    }
    let secret_place = key.fields.get(&key.place, "secret");
    if key.secret.is_empty() {
        out.push(Finding::required(
            secret_place,
            "secret is a mandatory field for a key",
        ));
        return out;
    }
    match decode_secret(&key.secret) {
        None => out.push(Finding::invalid(
            secret_place,
            "\"REDACTED\"",
            "secrets must be base64 encoded",
        )),
        Some(len) if !t.key_sizes().contains(&len) => out.push(Finding::invalid(
            secret_place,
            "\"REDACTED\"",
            format!(
                "secret is not of the expected length, got {len}, expected one of {}",
                go_list(t.key_sizes())
            ),
        )),
        Some(_) => {}
    }
    out
}

/// The decoded length of a key secret, as Go's `base64.StdEncoding` reads it (padding
/// required; line breaks ignored). The bytes themselves are dropped at once.
pub fn decode_secret(secret: &str) -> Option<usize> {
    decode_key(secret).map(|k| k.len())
}

/// Decodes a key secret as Go's `base64.StdEncoding` does.
pub fn decode_key(secret: &str) -> Option<zeroize::Zeroizing<Vec<u8>>> {
    let cleaned: zeroize::Zeroizing<String> = zeroize::Zeroizing::new(
        secret
            .chars()
            .filter(|c| *c != '\r' && *c != '\n')
            .collect(),
    );
    base64::engine::general_purpose::STANDARD
        .decode(cleaned.as_bytes())
        .ok()
        .map(zeroize::Zeroizing::new)
}

fn kms_rules(kms: &Kms, earlier: &HashSet<String>, reload: bool) -> Vec<Finding> {
    let mut out = Vec::new();
    let name = kms.fields.get(&kms.place, "name");
    let v1 = kms.version() == "v1";
    if kms.name.is_empty() {
        out.push(Finding::required(
            name.clone(),
            "name is a mandatory field for a provider",
        ));
    }
    if !v1 && kms.name.contains(':') {
        out.push(Finding::invalid(
            name.clone(),
            &quote(&kms.name),
            format!(
                "invalid KMS provider name {}, must not contain ':'",
                kms.name
            ),
        ));
    }
    if (reload || !v1) && earlier.contains(&kms.name) {
        out.push(Finding::invalid(
            name,
            &quote(&kms.name),
            format!(
                "duplicate KMS provider name {}, names must be unique",
                kms.name
            ),
        ));
    }
    let timeout = kms.timeout.as_ref().map_or(3_000_000_000, |(_, n)| *n);
    if timeout <= 0 {
        let shown = kms.timeout.as_ref().map_or("3s", |(t, _)| t.as_str());
        out.push(Finding::invalid(
            kms.fields.get(&kms.place, "timeout"),
            &quote(shown),
            "timeout should be a positive value",
        ));
    }
    out.extend(endpoint_problem(kms));
    let cachesize = kms.fields.get(&kms.place, "cachesize");
    if !v1 && let Some(c) = kms.cachesize {
        out.push(Finding::invalid(
            cachesize.clone(),
            &c.to_string(),
            "cachesize is not supported in v2",
        ));
    }
    if v1 && kms.cachesize == Some(0) {
        out.push(Finding::invalid(
            cachesize,
            "0",
            "cachesize should be a positive value, or negative to disable",
        ));
    }
    if kms.version() != "v1" && kms.version() != "v2" {
        out.push(Finding::invalid(
            kms.fields.get(&kms.place, "apiVersion"),
            &quote(kms.version()),
            "unsupported apiVersion apiVersion for KMS provider, only v1 and v2 are supported",
        ));
    }
    out
}

fn endpoint_problem(kms: &Kms) -> Option<Finding> {
    let place = kms.fields.get(&kms.place, "endpoint");
    if kms.endpoint.is_empty() {
        return Some(Finding::invalid(
            place,
            "\"\"",
            "endpoint is a mandatory field for a kms",
        ));
    }
    let shown = quote(&kms.endpoint);
    match url_scheme(&kms.endpoint) {
        Err(e) => Some(Finding::invalid(
            place,
            &shown,
            format!("invalid endpoint for kms provider, error: {e}"),
        )),
        Ok(scheme) if scheme != "unix" => Some(Finding::invalid(
            place,
            &shown,
            format!("unsupported scheme {scheme:?} for KMS provider, only unix is supported"),
        )),
        Ok(_) => None,
    }
}

/// The scheme Go's `url.Parse` finds, or the error it reports, for the cases an endpoint
/// can hit: control characters, a missing scheme before `:`, bad `%` escapes.
fn url_scheme(raw: &str) -> Result<String, String> {
    if raw.chars().any(|c| c < ' ' || c == '\x7f') {
        return Err(format!(
            "parse {raw:?}: net/url: invalid control character in URL"
        ));
    }
    let bytes = raw.as_bytes();
    for (i, b) in bytes.iter().enumerate() {
        if *b == b'%' {
            let ok = bytes
                .get(i + 1..i + 3)
                .is_some_and(|h| h.iter().all(u8::is_ascii_hexdigit));
            if !ok {
                let esc: String = raw[i..].chars().take(3).collect();
                return Err(format!("parse {raw:?}: invalid URL escape {esc:?}"));
            }
        }
    }
    let scheme_end = raw.find(|c: char| !(c.is_ascii_alphanumeric() || "+-.".contains(c)));
    match scheme_end {
        Some(0) if raw.starts_with(':') => Err(format!("parse {raw:?}: missing protocol scheme")),
        Some(i) if raw[i..].starts_with(':') && raw.as_bytes()[0].is_ascii_alphabetic() => {
            Ok(raw[..i].to_ascii_lowercase())
        }
        _ => Ok(String::new()),
    }
}

/// kube-apiserver's load-time check: a resource may not come after a rule (`group/*` or
/// `*.*`) that already covers it.
fn masking(config: &EncryptionConfig) -> Vec<Finding> {
    let mut seen: HashSet<GroupResource> = HashSet::new();
    let mut out = Vec::new();
    for entry in &config.resources {
        for n in &entry.resources {
            let gr = GroupResource::parse(&n.value);
            let everything = GroupResource::new("*", "*");
            for rule in [gr.group_wildcard(), everything] {
                if seen.contains(&rule) {
                    out.push(Finding::error(
                        n.place.clone(),
                        format!("resource \"{gr}\" is masked by earlier rule \"{rule}\": put specific resources before wildcards"),
                    ));
                    break;
                }
            }
        }
        seen.extend(
            entry
                .resources
                .iter()
                .map(|n| GroupResource::parse(&n.value)),
        );
    }
    out
}

fn warnings(config: &EncryptionConfig) -> Vec<Finding> {
    let mut out = Vec::new();
    let mut first_entry: HashMap<GroupResource, usize> = HashMap::new();
    for (i, entry) in config.resources.iter().enumerate() {
        out.extend(provider_warnings(entry));
        for n in &entry.resources {
            let gr = GroupResource::parse(&n.value);
            match first_entry.get(&gr) {
                Some(&earlier) if earlier != i => out.push(Finding::warning(
                    n.place.clone(),
                    format!(
                        "\"{gr}\" is also listed in resources[{earlier}]: this entry's providers only become \
                         read fallbacks after that entry's; list each resource once"
                    ),
                )),
                Some(_) => {}
                None => {
                    first_entry.insert(gr, i);
                }
            }
        }
    }
    out
}

fn provider_warnings(entry: &ResourceEntry) -> Vec<Finding> {
    let mut out = Vec::new();
    if let Some(ProviderKind::Identity(place)) = entry.providers.first().and_then(Provider::single)
    {
        out.push(Finding::warning(
            place.clone(),
            "identity is the first provider: new writes are stored in plaintext (only right while decrypting everything)",
        ));
    }
    let mut names: HashMap<(ProviderType, &str), &Place> = HashMap::new();
    for kind in entry.providers.iter().filter_map(Provider::single) {
        match kind {
            ProviderKind::Keyed(t, list) => {
                out.extend(type_warning(*t, &list.place));
                for key in &list.keys {
                    out.extend(key_warnings(*t, key, &mut names));
                }
            }
            ProviderKind::Kms(kms) if kms.version() == "v1" => out.push(Finding::warning(
                kms.fields.get(&kms.place, "apiVersion"),
                "KMS v1 (the default when apiVersion is absent) is deprecated: kube-apiserver 1.29 and later \
                 refuse to start with it unless --feature-gates=KMSv1=true; write `apiVersion: v2`",
            )),
            _ => {}
        }
    }
    out
}

fn type_warning(t: ProviderType, place: &Place) -> Option<Finding> {
    let parent = Place::new(place.path.trim_end_matches(".keys"), place.location);
    match t {
        ProviderType::Aescbc => Some(Finding::warning(
            parent,
            "aescbc is weak: the Kubernetes docs advise against it (CBC padding oracle); prefer secretbox or kms v2",
        )),
        ProviderType::Aesgcm => Some(Finding::warning(
            parent,
            "aesgcm keys must be rotated every 200,000 writes (random 96-bit nonces): use it only with automated \
             rotation (`hush k8s encryption-config rotate`), or prefer secretbox or kms v2",
        )),
        _ => None,
    }
}

fn key_warnings<'k>(
    t: ProviderType,
    key: &'k Key,
    names: &mut HashMap<(ProviderType, &'k str), &'k Place>,
) -> Vec<Finding> {
    let mut out = Vec::new();
    if let Some(earlier) = names.insert((t, key.name.as_str()), &key.place) {
        out.push(Finding::warning(
            key.fields.get(&key.place, "name"),
            format!(
                "key name {:?} is also used at {}: reads try keys in order and a wrong {} key can fail late or, \
                 with aescbc, return garbage; give every key its own name",
                key.name,
                earlier.path,
                t.name()
            ),
        ));
    }
    if key.name.contains(':') {
        out.push(Finding::warning(
            key.fields.get(&key.place, "name"),
            "key name contains ':': stored values are prefixed `<name>:`, so a name can be a prefix of another; \
             use letters, digits and '-'",
        ));
    }
    if let Some(len) =
        decode_secret(&key.secret).filter(|l| (1..32).contains(l) && t != ProviderType::Secretbox)
    {
        out.push(Finding::warning(
            key.fields.get(&key.place, "secret"),
            format!("{len}-byte key: generate 32-byte keys (`head -c 32 /dev/urandom | base64`)"),
        ));
    }
    out
}

fn quote(s: &str) -> String {
    format!("{s:?}")
}

fn go_list(sizes: &[usize]) -> String {
    let parts: Vec<String> = sizes.iter().map(usize::to_string).collect();
    format!("[{}]", parts.join(" "))
}

#[cfg(test)]
mod tests;
