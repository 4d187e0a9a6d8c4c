//! A fresh `EncryptionConfiguration`: new keys from the OS CSPRNG, `apiVersion: v2` for kms,
//! `identity` only as a read fallback when asked. Written as YAML or JSON (Go's field order).

use base64::Engine;
use rand::RngCore;
use serde_json::json;
use zeroize::Zeroizing;

use super::model::ProviderType;
use super::validate::resource_name_problem;
use crate::error::{Error, Result};

/// What `generate` writes.
#[derive(Clone, Debug)]
pub struct GenerateOptions {
    pub provider: ProviderType,
    /// Resource names as written in the file (default `secrets`).
    pub resources: Vec<String>,
    /// The key name (default: [`key_name_now`]).
    pub key_name: Option<String>,
    pub kms: Option<KmsOptions>,
    /// Append `identity: {}` so existing plaintext stays readable during a migration.
    pub allow_plaintext_reads: bool,
    pub json: bool,
}

#[derive(Clone, Debug)]
pub struct KmsOptions {
    pub name: String,
    pub endpoint: String,
    pub timeout: String,
}

/// A new random 32-byte key, base64 (standard alphabet, padded).
pub fn new_key() -> Zeroizing<String> {
    let mut bytes = Zeroizing::new([0u8; 32]);
    rand::rngs::OsRng.fill_bytes(bytes.as_mut());
    Zeroizing::new(base64::engine::general_purpose::STANDARD.encode(&bytes[..]))
}

/// hush's key names: `key-YYYYMMDD-HHMMSS` (UTC), so the newer of two keys can be told
/// from their names during a rotation.
pub fn key_name_now() -> String {
    chrono::Utc::now().format("key-%Y%m%d-%H%M%S").to_string()
}

/// The time stamp in a hush key name, comparable as text.
pub fn key_name_stamp(name: &str) -> Option<&str> {
    let stamp = name.get(name.len().checked_sub(15)?..)?;
    let b = stamp.as_bytes();
    let digits = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
    (digits(0..8) && b[8] == b'-' && digits(9..15)).then_some(stamp)
}

/// Builds the file's text.
pub fn generate(opts: &GenerateOptions) -> Result<Zeroizing<Vec<u8>>> {
    check_resources(&opts.resources)?;
    let mut providers = vec![provider_json(opts)?];
    if opts.allow_plaintext_reads && opts.provider != ProviderType::Identity {
        providers.push(json!({"identity": {}}));
    }
    let doc = json!({
        "kind": "EncryptionConfiguration",
        "apiVersion": "apiserver.config.k8s.io/v1",
        "resources": [{"resources": opts.resources, "providers": providers}],
    });
    let text = if opts.json {
        let mut s = serde_json::to_string_pretty(&doc).unwrap_or_default();
        s.push('\n');
        s
    } else {
        yaml(&doc)
    };
    Ok(Zeroizing::new(text.into_bytes()))
}

fn check_resources(resources: &[String]) -> Result<()> {
    if resources.is_empty() {
        return Err(Error::Usage(
            "--resources needs at least one resource".into(),
        ));
    }
    for r in resources {
        if let Some(problem) = resource_name_problem(r) {
            return Err(Error::Usage(format!("--resources {r}: {problem}")));
        }
    }
    Ok(())
}

fn provider_json(opts: &GenerateOptions) -> Result<serde_json::Value> {
    Ok(match opts.provider {
        ProviderType::Identity => json!({"identity": {}}),
        ProviderType::Kms => {
            let kms = opts.kms.as_ref().ok_or_else(|| {
                Error::Usage(
                    "--provider kms needs --kms-name and --kms-endpoint unix:///path".into(),
                )
            })?;
            if !kms.endpoint.starts_with("unix://") {
                return Err(Error::Usage(format!(
                    "--kms-endpoint {}: kube-apiserver only accepts unix:// endpoints",
                    kms.endpoint
                )));
            }
            if kms.name.is_empty() || kms.name.contains(':') {
                return Err(Error::Usage(
                    "--kms-name must be non-empty and must not contain ':'".into(),
                ));
            }
            json!({"kms": {"apiVersion": "v2", "name": kms.name, "endpoint": kms.endpoint, "timeout": kms.timeout}})
        }
        keyed => {
            let name = opts.key_name.clone().unwrap_or_else(key_name_now);
            if name.is_empty() {
                return Err(Error::Usage("--key-name must not be empty".into()));
            }
            let secret = new_key();
            json!({keyed.name(): {"keys": [{"name": name, "secret": secret.as_str()}]}})
        }
    })
}

/// Block-style YAML of a JSON tree: two-space indentation, lists indented under their key
/// as the Kubernetes docs write them, strings quoted only when they need it.
fn yaml(v: &serde_json::Value) -> String {
    let mut out = String::new();
    write_map(&mut out, v, 0, false);
    out
}

fn write_map(out: &mut String, v: &serde_json::Value, indent: usize, after_dash: bool) {
    let Some(map) = v.as_object() else { return };
    for (i, (k, child)) in map.iter().enumerate() {
        // The first key of a list item follows its dash.
        if i > 0 || !after_dash {
            out.push_str(&" ".repeat(indent));
        }
        out.push_str(k);
        out.push(':');
        write_value(out, child, indent);
    }
}

fn write_value(out: &mut String, v: &serde_json::Value, indent: usize) {
    match v {
        serde_json::Value::Object(m) if m.is_empty() => out.push_str(" {}\n"),
        serde_json::Value::Object(_) => {
            out.push('\n');
            write_map(out, v, indent + 2, false);
        }
        serde_json::Value::Array(items) => {
            out.push('\n');
            for item in items {
                out.push_str(&" ".repeat(indent + 2));
                out.push_str("- ");
                if item.is_object() {
                    write_map(out, item, indent + 4, true);
                } else {
                    out.push_str(&scalar(item));
                    out.push('\n');
                }
            }
        }
        other => {
            out.push(' ');
            out.push_str(&scalar(other));
            out.push('\n');
        }
    }
}

/// A string plain when YAML reads it back as the same string, else double-quoted.
pub fn scalar(v: &serde_json::Value) -> String {
    let Some(s) = v.as_str() else {
        return v.to_string();
    };
    let lower = s.to_ascii_lowercase();
    let looks_typed = s.parse::<f64>().is_ok()
        || ["true", "false", "yes", "no", "on", "off", "null", "y", "n"].contains(&lower.as_str())
        || (s.len() >= 10
            && s.as_bytes()[..4].iter().all(u8::is_ascii_digit)
            && s.as_bytes()[4] == b'-');
    let plain_safe = !looks_typed
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_./+=".contains(c))
        && s.chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphanumeric() || c == '/');
    if plain_safe {
        s.to_string()
    } else {
        v.to_string()
    }
}
