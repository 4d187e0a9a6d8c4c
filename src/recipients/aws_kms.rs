//! The `kms` master-key kind: AWS KMS keys, as sops' `kms/keysource.go` uses them.
//!
//! Wrapping is KMS `Encrypt` of the wrapped bytes with the entry's encryption context;
//! unwrapping is `Decrypt` with the same key ID and context. The entry records `arn`,
//! `role` (when one is assumed), `context` (when not empty), `created_at`, `enc` (standard
//! base64 of the ciphertext blob) and `aws_profile` (always, often empty), in that order.
//!
//! Credentials and endpoint come from the AWS SDK's default chain, as for the AWS CLI:
//! environment (`AWS_ACCESS_KEY_ID`…, `AWS_PROFILE`), shared config and credentials files
//! (including SSO and `credential_process` profiles), web identity tokens, ECS and EC2
//! instance metadata; `AWS_ENDPOINT_URL` (or `AWS_ENDPOINT_URL_KMS`) redirects the calls.
//! The key's region comes from its ARN. An entry's `aws_profile` selects a profile and its
//! `role` is assumed through STS with session name `hush@HOSTNAME` (sops uses `sops@`).

use std::collections::BTreeMap;

use aws_config::sts::AssumeRoleProvider;
use aws_sdk_kms::error::{ProvideErrorMetadata, SdkError};
use aws_sdk_kms::primitives::Blob;
use aws_smithy_runtime_api::client::orchestrator::HttpResponse;
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use serde_json::{Map, Value, json};
use zeroize::Zeroizing;

use super::service::{self, block_on};
use super::spec::{AwsKmsSpec, kms_arn_region};
use super::{MasterKeyKind, UnwrapError, WrapRecipient};
use crate::cloud::aws::sdk_config;
use crate::envelope::metadata::MasterKey;
use crate::error::Error;
use crate::identities::Identities;

const KIND: &str = "kms";
const SERVICE: &str = "AWS KMS";

/// The two KMS calls hush makes. [`SdkKms`] calls AWS; tests substitute their own
/// implementation to exercise error reporting.
pub trait KmsApi {
    fn encrypt(&self, key: &AwsKmsSpec, plaintext: &[u8]) -> Result<Vec<u8>, String>;
    fn decrypt(&self, key: &AwsKmsSpec, blob: &[u8]) -> Result<Zeroizing<Vec<u8>>, String>;
}

/// KMS through the official AWS SDK and its default credential chain.
pub struct SdkKms;

impl SdkKms {
    async fn client(key: &AwsKmsSpec) -> Result<aws_sdk_kms::Client, String> {
        let region = kms_arn_region(&key.arn).map_err(|e| e.to_string())?;
        let config = sdk_config(Some(region.to_string()), key.profile.as_deref()).await;
        let mut builder = aws_sdk_kms::config::Builder::from(&config);
        if let Some(role) = &key.role {
            let provider = AssumeRoleProvider::builder(role)
                .session_name(session_name())
                .configure(&config)
                .build()
                .await;
            builder = builder.credentials_provider(provider);
        }
        Ok(aws_sdk_kms::Client::from_conf(builder.build()))
    }
}

impl KmsApi for SdkKms {
    fn encrypt(&self, key: &AwsKmsSpec, plaintext: &[u8]) -> Result<Vec<u8>, String> {
        block_on(async {
            let out = Self::client(key)
                .await?
                .encrypt()
                .key_id(&key.arn)
                .plaintext(Blob::new(plaintext))
                .set_encryption_context(context_of(key))
                .send()
                .await
                .map_err(|e| describe_sdk_error(&e))?;
            out.ciphertext_blob
                .map(Blob::into_inner)
                .ok_or_else(|| "the Encrypt answer has no ciphertext".to_string())
        })?
    }

    fn decrypt(&self, key: &AwsKmsSpec, blob: &[u8]) -> Result<Zeroizing<Vec<u8>>, String> {
        block_on(async {
            let out = Self::client(key)
                .await?
                .decrypt()
                .key_id(&key.arn)
                .ciphertext_blob(Blob::new(blob))
                .set_encryption_context(context_of(key))
                .send()
                .await
                .map_err(|e| describe_sdk_error(&e))?;
            out.plaintext
                .map(|p| Zeroizing::new(p.into_inner()))
                .ok_or_else(|| "the Decrypt answer has no plaintext".to_string())
        })?
    }
}

fn context_of(key: &AwsKmsSpec) -> Option<std::collections::HashMap<String, String>> {
    (!key.context.is_empty()).then(|| key.context.clone().into_iter().collect())
}

/// sops' session name, with hush's name: `hush@HOSTNAME`, sanitized, at most 64 bytes.
fn session_name() -> String {
    let host = rustix::system::uname()
        .nodename()
        .to_string_lossy()
        .into_owned();
    let clean: String = host
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || "=,.@-_".contains(*c))
        .collect();
    let mut name = format!("hush@{clean}");
    name.truncate(64);
    name
}

fn describe_sdk_error<E>(error: &SdkError<E, HttpResponse>) -> String
where
    E: ProvideErrorMetadata + std::error::Error + 'static,
{
    crate::cloud::aws::describe_sdk_error(error, SERVICE, hint)
}

fn hint(code: &str) -> &'static str {
    match code {
        "InvalidCiphertextException" => {
            " (wrong encryption context, or the data was not encrypted with this key)"
        }
        "AccessDeniedException" | "AccessDenied" => {
            " (the credentials' policy must allow kms:Encrypt/kms:Decrypt on this key)"
        }
        "DisabledException" | "KMSInvalidStateException" => {
            " (the key is disabled or pending deletion)"
        }
        "NotFoundException" => " (no such key in this account and region)",
        _ => "",
    }
}

/// Reads a `kms` entry back into its key and ciphertext.
fn from_entry(key: &MasterKey) -> Result<(AwsKmsSpec, Vec<u8>), UnwrapError> {
    let map = service::entry_map(key, KIND)?;
    let recipient = key.describe();
    let malformed = |reason: String| UnwrapError::Malformed {
        recipient: recipient.clone(),
        reason,
    };
    let spec = AwsKmsSpec {
        arn: service::field(map, "arn", &recipient)?.to_string(),
        role: optional_field(map, "role").map(str::to_string),
        context: context_from(map).map_err(malformed)?,
        profile: optional_field(map, "aws_profile").map(str::to_string),
    };
    let blob = STANDARD
        .decode(service::field(map, "enc", &recipient)?)
        .map_err(|_| malformed("`enc` is not base64".into()))?;
    Ok((spec, blob))
}

/// An optional string field of an entry (`None` when absent or empty).
fn optional_field<'a>(entry: &'a Map<String, Value>, name: &str) -> Option<&'a str> {
    entry
        .get(name)
        .and_then(Value::as_str)
        .filter(|s| !s.is_empty())
}

fn context_from(map: &Map<String, Value>) -> Result<BTreeMap<String, String>, String> {
    match map.get("context") {
        None | Some(Value::Null) => Ok(BTreeMap::new()),
        Some(Value::Object(ctx)) => ctx
            .iter()
            .map(|(k, v)| match v {
                Value::String(s) => Ok((k.clone(), s.clone())),
                _ => Err(format!(
                    "the encryption context value of `{k}` is not a string"
                )),
            })
            .collect(),
        Some(_) => Err("`context` is not a map".into()),
    }
}

/// The metadata entry, fields in sops' order.
fn entry(key: &AwsKmsSpec, blob: &[u8]) -> MasterKey {
    let mut fields = vec![("arn", json!(key.arn))];
    if let Some(role) = &key.role {
        fields.push(("role", json!(role)));
    }
    if !key.context.is_empty() {
        fields.push(("context", json!(key.context)));
    }
    fields.push(("created_at", json!(service::created_at())));
    fields.push(("enc", json!(STANDARD.encode(blob))));
    fields.push(("aws_profile", json!(key.profile.as_deref().unwrap_or(""))));
    service::entry(KIND, fields)
}

/// An AWS KMS key with the client that reaches it.
pub struct AwsKmsRecipient {
    key: AwsKmsSpec,
    api: Box<dyn KmsApi>,
}

impl AwsKmsRecipient {
    /// A recipient reached through the AWS SDK's default credential chain.
    pub fn new(key: AwsKmsSpec) -> Result<AwsKmsRecipient, Error> {
        kms_arn_region(&key.arn)?;
        Ok(Self::with_api(key, Box::new(SdkKms)))
    }

    pub fn with_api(key: AwsKmsSpec, api: Box<dyn KmsApi>) -> AwsKmsRecipient {
        AwsKmsRecipient { key, api }
    }
}

impl WrapRecipient for AwsKmsRecipient {
    fn wrap(&self, data: &[u8]) -> Result<MasterKey, Error> {
        let blob = self
            .api
            .encrypt(&self.key, data)
            .map_err(|reason| Error::KeyService {
                recipient: format!("{SERVICE} key {}", self.key.arn),
                reason,
            })?;
        Ok(entry(&self.key, &blob))
    }
}

/// The registry entry for `kms` master keys.
pub(super) struct AwsKmsKind;

impl AwsKmsKind {
    fn unwrap_with(key: &MasterKey, api: &dyn KmsApi) -> Result<Zeroizing<Vec<u8>>, UnwrapError> {
        let (spec, blob) = from_entry(key)?;
        api.decrypt(&spec, &blob).map_err(service::refused(SERVICE))
    }
}

impl MasterKeyKind for AwsKmsKind {
    fn name(&self) -> &'static str {
        KIND
    }

    fn unwrap(&self, key: &MasterKey, _: &Identities) -> Result<Zeroizing<Vec<u8>>, UnwrapError> {
        Self::unwrap_with(key, &SdkKms)
    }

    fn recipient_of(&self, key: &MasterKey) -> Result<Box<dyn WrapRecipient>, Error> {
        let (spec, _) = from_entry(key).map_err(|e| service::unreadable_entry(key, e))?;
        Ok(Box::new(AwsKmsRecipient::new(spec)?))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec() -> AwsKmsSpec {
        AwsKmsSpec {
            arn: "arn:aws:kms:us-east-1:123456789012:key/k1".into(),
            role: Some("arn:aws:iam::123456789012:role/r".into()),
            context: BTreeMap::from([("app".to_string(), "web".to_string())]),
            profile: None,
        }
    }

    /// Checks the context it is given, like KMS: enough to test what the recipient sends.
    struct ContextChecking;
    impl KmsApi for ContextChecking {
        fn encrypt(&self, key: &AwsKmsSpec, p: &[u8]) -> Result<Vec<u8>, String> {
            let mut out = key
                .context
                .get("app")
                .cloned()
                .unwrap_or_default()
                .into_bytes();
            out.extend_from_slice(p);
            Ok(out)
        }
        fn decrypt(&self, key: &AwsKmsSpec, b: &[u8]) -> Result<Zeroizing<Vec<u8>>, String> {
            let app = key.context.get("app").cloned().unwrap_or_default();
            b.strip_prefix(app.as_bytes())
                .filter(|_| !app.is_empty())
                .map(|p| Zeroizing::new(p.to_vec()))
                .ok_or_else(|| {
                    format!(
                        "InvalidCiphertextException: bad context{}",
                        hint("InvalidCiphertextException")
                    )
                })
        }
    }

    #[test]
    fn entries_follow_sops_layout_and_round_trip() {
        let entry = AwsKmsRecipient::with_api(spec(), Box::new(ContextChecking))
            .wrap(&[7, 8])
            .expect("wrap");
        let MasterKey::Other { raw, .. } = &entry else {
            panic!("not a service entry")
        };
        let fields: Vec<&String> = raw.as_object().expect("map").keys().collect();
        assert_eq!(
            fields,
            ["arn", "role", "context", "created_at", "enc", "aws_profile"]
        );
        assert_eq!(raw["context"]["app"], "web");
        assert_eq!(raw["aws_profile"], "");
        let plain = AwsKmsKind::unwrap_with(&entry, &ContextChecking).expect("unwrap");
        assert_eq!(plain.as_slice(), [7, 8]);
    }

    #[test]
    fn a_changed_context_is_reported_with_its_cause() {
        let entry = AwsKmsRecipient::with_api(spec(), Box::new(ContextChecking))
            .wrap(&[1])
            .expect("wrap");
        let MasterKey::Other { kind, mut raw } = entry else {
            panic!("not a service entry")
        };
        raw["context"] = json!({"app": ""});
        let err =
            AwsKmsKind::unwrap_with(&MasterKey::Other { kind, raw }, &ContextChecking).unwrap_err();
        assert!(
            err.to_string().starts_with(
                "AWS KMS: InvalidCiphertextException: bad context (wrong encryption context"
            ),
            "{err}"
        );
    }

    #[test]
    fn malformed_entries() {
        let key = service::entry(
            KIND,
            vec![
                ("arn", json!("arn:aws:kms:r:1:key/x")),
                ("enc", json!("!!")),
            ],
        );
        let err = from_entry(&key).unwrap_err();
        assert!(err.to_string().contains("`enc` is not base64"), "{err}");
        let key = service::entry(
            KIND,
            vec![
                ("arn", json!("arn:aws:kms:r:1:key/x")),
                ("context", json!({"a": 1})),
                ("enc", json!("AA==")),
            ],
        );
        assert!(
            from_entry(&key)
                .unwrap_err()
                .to_string()
                .contains("not a string")
        );
    }

    #[test]
    fn session_names_are_sanitized_and_short() {
        let name = session_name();
        assert!(name.starts_with("hush@"));
        assert!(name.len() <= 64);
    }
}
