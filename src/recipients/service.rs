//! What the key-service kinds (AWS KMS, GCP KMS, Azure Key Vault, Vault Transit) share: the
//! small tokio runtime that drives their async clients from the synchronous envelope, the
//! `created_at` stamp sops writes in their entries, reading an entry's fields, error text
//! that names the cause without secrets, and the stand-in kind a build without a backend's
//! cargo feature registers.

// A build without any key-service feature uses only `DisabledKind`.
#![cfg_attr(
    not(any(
        feature = "aws-kms",
        feature = "gcp-kms",
        feature = "azure-kv",
        feature = "vault-transit"
    )),
    allow(dead_code)
)]

use serde_json::{Map, Value};
use zeroize::Zeroizing;

use super::{MasterKeyKind, UnwrapError, WrapRecipient};
use crate::envelope::metadata::MasterKey;
use crate::error::Error;
use crate::identities::Identities;

/// Runs `future` to completion on a current-thread tokio runtime built for this process.
#[cfg(any(
    feature = "etcd",
    feature = "aws-kms",
    feature = "gcp-kms",
    feature = "azure-kv",
    feature = "vault-transit",
    feature = "aws-sm",
    feature = "gcp-sm"
))]
pub(crate) fn block_on<F: std::future::Future>(future: F) -> Result<F::Output, String> {
    use std::sync::OnceLock;
    static RUNTIME: OnceLock<Result<tokio::runtime::Runtime, String>> = OnceLock::new();
    let runtime = RUNTIME.get_or_init(|| {
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| format!("cannot start the async runtime: {e}"))
    });
    match runtime {
        Ok(rt) => Ok(rt.block_on(future)),
        Err(e) => Err(e.clone()),
    }
}

/// Now, as sops writes `created_at`: RFC 3339, UTC, whole seconds (`2024-05-01T10:00:00Z`).
pub(crate) fn created_at() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

/// The raw map of a key-service entry (kept verbatim in [`MasterKey::Other`]).
pub(crate) fn entry_map<'a>(
    key: &'a MasterKey,
    kind: &str,
) -> Result<&'a Map<String, Value>, UnwrapError> {
    match key {
        MasterKey::Other { kind: k, raw } if k == kind => {
            raw.as_object().ok_or_else(|| UnwrapError::Malformed {
                recipient: key.describe(),
                reason: format!("the `{kind}` entry is not a map"),
            })
        }
        other => Err(UnwrapError::UnsupportedKind {
            kind: other.kind().to_string(),
            key: other.describe(),
        }),
    }
}

/// A required string field of an entry.
pub(crate) fn field<'a>(
    entry: &'a Map<String, Value>,
    name: &str,
    recipient: &str,
) -> Result<&'a str, UnwrapError> {
    entry
        .get(name)
        .and_then(Value::as_str)
        .filter(|s| !s.is_empty())
        .ok_or_else(|| UnwrapError::Malformed {
            recipient: recipient.to_string(),
            reason: format!("the entry has no `{name}`"),
        })
}

/// An entry that cannot be read back, as an error of the recipient it names.
pub(crate) fn unreadable_entry(key: &MasterKey, e: UnwrapError) -> Error {
    Error::BadRecipient {
        recipient: key.describe(),
        reason: e.to_string(),
    }
}

/// Turns a service's reason into the unwrap error naming that service.
pub(crate) fn refused(service: &'static str) -> impl Fn(String) -> UnwrapError {
    move |reason| UnwrapError::Service { service, reason }
}

/// Builds an entry map from `(field, value)` pairs, in the given (sops') order.
pub(crate) fn entry(kind: &str, fields: Vec<(&str, Value)>) -> MasterKey {
    let raw: Map<String, Value> = fields
        .into_iter()
        .map(|(k, v)| (k.to_string(), v))
        .collect();
    MasterKey::Other {
        kind: kind.to_string(),
        raw: Value::Object(raw),
    }
}

/// An error and its sources, joined with `: `, skipping a source whose text the previous
/// message already contains (HTTP clients repeat themselves).
pub(crate) fn error_chain(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(e) = source {
        let part = e.to_string();
        if !part.is_empty() && !text.contains(&part) {
            text.push_str(": ");
            text.push_str(&part);
        }
        source = e.source();
    }
    text
}

/// The registry entry of a kind whose cargo feature this build lacks: every key of it is
/// reported as needing that feature. (Unused, except by its tests, in a full build.)
#[cfg_attr(
    all(
        feature = "aws-kms",
        feature = "gcp-kms",
        feature = "azure-kv",
        feature = "vault-transit"
    ),
    allow(dead_code)
)]
pub(crate) struct DisabledKind {
    pub name: &'static str,
    pub feature: &'static str,
}

impl MasterKeyKind for DisabledKind {
    fn name(&self) -> &'static str {
        self.name
    }

    fn unwrap(&self, _: &MasterKey, _: &Identities) -> Result<Zeroizing<Vec<u8>>, UnwrapError> {
        Err(UnwrapError::FeatureDisabled {
            feature: self.feature,
        })
    }

    fn recipient_of(&self, _: &MasterKey) -> Result<Box<dyn WrapRecipient>, Error> {
        Err(self.disabled())
    }
}

#[cfg_attr(
    all(
        feature = "aws-kms",
        feature = "gcp-kms",
        feature = "azure-kv",
        feature = "vault-transit"
    ),
    allow(dead_code)
)]
impl DisabledKind {
    /// The error for using this kind at all.
    pub fn disabled(&self) -> Error {
        Error::FeatureDisabled {
            kind: self.name,
            feature: self.feature,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn created_at_is_whole_seconds_utc() {
        let t = created_at();
        assert_eq!(t.len(), "2024-05-01T10:00:00Z".len(), "{t}");
        assert!(t.ends_with('Z'));
    }

    #[test]
    fn entry_keeps_field_order_and_fields_read_back() {
        let key = entry(
            "gcp_kms",
            vec![
                ("resource_id", json!("projects/p")),
                ("created_at", json!("t")),
                ("enc", json!("E")),
            ],
        );
        let map = entry_map(&key, "gcp_kms").expect("map");
        assert_eq!(
            map.keys().collect::<Vec<_>>(),
            ["resource_id", "created_at", "enc"]
        );
        assert_eq!(field(map, "enc", "r"), Ok("E"));
        let missing = field(map, "name", "r").unwrap_err();
        assert_eq!(
            missing.to_string(),
            "the wrapped key for r is malformed: the entry has no `name`"
        );
        assert!(entry_map(&key, "kms").is_err());
    }

    #[test]
    fn disabled_kind_names_the_feature() {
        let kind = DisabledKind {
            name: "kms",
            feature: "aws-kms",
        };
        let key = entry("kms", vec![("arn", json!("arn:x"))]);
        let err = kind.unwrap(&key, &Identities::default()).unwrap_err();
        assert_eq!(
            err.to_string(),
            "hush was built without the aws-kms feature"
        );
        assert!(kind.disabled().to_string().contains("--features aws-kms"));
    }

    #[test]
    fn error_chain_skips_repeated_sources() {
        #[derive(Debug)]
        struct Outer(std::io::Error);
        impl std::fmt::Display for Outer {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                write!(f, "request failed")
            }
        }
        impl std::error::Error for Outer {
            fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
                Some(&self.0)
            }
        }
        let e = Outer(std::io::Error::new(
            std::io::ErrorKind::ConnectionRefused,
            "connection refused",
        ));
        assert_eq!(error_chain(&e), "request failed: connection refused");
    }
}
