//! The `gcp_kms` master-key kind: Google Cloud KMS keys, as sops' `gcpkms/keysource.go`
//! uses them.
//!
//! Wrapping is Cloud KMS `Encrypt` with the key's resource ID (the primary version is
//! used), unwrapping `Decrypt` (the ciphertext names its version). The entry records
//! `resource_id`, `created_at` and `enc` (standard base64 of the ciphertext), in that order.
//!
//! Credentials as sops takes them: `GOOGLE_CREDENTIALS` (a service-account or
//! authorized-user JSON, inline or as a file path), else `GOOGLE_OAUTH_ACCESS_TOKEN` (a bare
//! access token), else Google's application default credentials
//! (`GOOGLE_APPLICATION_CREDENTIALS`, `gcloud auth application-default login`, the metadata
//! server). `SOPS_GCP_KMS_ENDPOINT` points the client elsewhere (an emulator, a private
//! endpoint); hush speaks Cloud KMS' REST API, so it is a URL (`https://` is assumed when the
//! value has no scheme).

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use google_cloud_kms_v1::client::KeyManagementService;
use serde_json::json;
use zeroize::Zeroizing;

use super::service::{self, block_on, error_chain};
use super::spec::parse_gcp_kms_item;
use super::{MasterKeyKind, UnwrapError, WrapRecipient};
use crate::cloud::google;
use crate::envelope::metadata::MasterKey;
use crate::error::Error;
use crate::identities::Identities;

const KIND: &str = "gcp_kms";
const SERVICE: &str = "GCP KMS";

/// The two Cloud KMS calls hush makes. [`RestKms`] calls Google; tests substitute their own
/// implementation to exercise error reporting.
pub trait GcpKmsApi {
    fn encrypt(&self, resource_id: &str, plaintext: &[u8]) -> Result<Vec<u8>, String>;
    fn decrypt(&self, resource_id: &str, ciphertext: &[u8]) -> Result<Zeroizing<Vec<u8>>, String>;
}

/// Cloud KMS through the official client (REST transport).
pub struct RestKms;

impl RestKms {
    async fn client() -> Result<KeyManagementService, String> {
        google::configure(KeyManagementService::builder(), "SOPS_GCP_KMS_ENDPOINT")?
            .build()
            .await
            .map_err(|e| format!("cannot set up the Cloud KMS client: {}", error_chain(&e)))
    }
}

impl GcpKmsApi for RestKms {
    fn encrypt(&self, resource_id: &str, plaintext: &[u8]) -> Result<Vec<u8>, String> {
        block_on(async {
            let out = Self::client()
                .await?
                .encrypt()
                .set_name(resource_id)
                .set_plaintext(plaintext.to_vec())
                .send()
                .await
                .map_err(|e| describe_error(&e))?;
            Ok(out.ciphertext.to_vec())
        })?
    }

    fn decrypt(&self, resource_id: &str, ciphertext: &[u8]) -> Result<Zeroizing<Vec<u8>>, String> {
        block_on(async {
            let out = Self::client()
                .await?
                .decrypt()
                .set_name(resource_id)
                .set_ciphertext(ciphertext.to_vec())
                .send()
                .await
                .map_err(|e| describe_error(&e))?;
            Ok(Zeroizing::new(out.plaintext.to_vec()))
        })?
    }
}

/// The service's status and message, or why it could not be reached.
fn describe_error(e: &google_cloud_kms_v1::Error) -> String {
    google::describe_error(e, "Cloud KMS", |code| match code {
        "PermissionDenied" => {
            " (the credentials need cloudkms.cryptoKeyVersions.useToEncrypt/useToDecrypt on this key)"
        }
        "FailedPrecondition" => " (is the key version disabled or destroyed?)",
        "NotFound" => " (no such key)",
        "InvalidArgument" => " (was the data encrypted with this key?)",
        _ => "",
    })
}

fn from_entry(key: &MasterKey) -> Result<(String, Vec<u8>), UnwrapError> {
    let map = service::entry_map(key, KIND)?;
    let recipient = key.describe();
    let resource_id = service::field(map, "resource_id", &recipient)?.to_string();
    let ciphertext = STANDARD
        .decode(service::field(map, "enc", &recipient)?)
        .map_err(|_| UnwrapError::Malformed {
            recipient,
            reason: "`enc` is not base64".into(),
        })?;
    Ok((resource_id, ciphertext))
}

/// A Cloud KMS key with the client that reaches it.
pub struct GcpKmsRecipient {
    resource_id: String,
    api: Box<dyn GcpKmsApi>,
}

impl GcpKmsRecipient {
    pub fn new(resource_id: &str) -> Result<GcpKmsRecipient, Error> {
        Ok(Self::with_api(
            parse_gcp_kms_item(resource_id)?,
            Box::new(RestKms),
        ))
    }

    pub fn with_api(resource_id: String, api: Box<dyn GcpKmsApi>) -> GcpKmsRecipient {
        GcpKmsRecipient { resource_id, api }
    }
}

impl WrapRecipient for GcpKmsRecipient {
    fn wrap(&self, data: &[u8]) -> Result<MasterKey, Error> {
        let ciphertext = self
            .api
            .encrypt(&self.resource_id, data)
            .map_err(|reason| Error::KeyService {
                recipient: format!("{SERVICE} key {}", self.resource_id),
                reason,
            })?;
        Ok(service::entry(
            KIND,
            vec![
                ("resource_id", json!(self.resource_id)),
                ("created_at", json!(service::created_at())),
                ("enc", json!(STANDARD.encode(ciphertext))),
            ],
        ))
    }
}

/// The registry entry for `gcp_kms` master keys.
pub(super) struct GcpKmsKind;

impl GcpKmsKind {
    fn unwrap_with(
        key: &MasterKey,
        api: &dyn GcpKmsApi,
    ) -> Result<Zeroizing<Vec<u8>>, UnwrapError> {
        let (resource_id, ciphertext) = from_entry(key)?;
        api.decrypt(&resource_id, &ciphertext)
            .map_err(service::refused(SERVICE))
    }
}

impl MasterKeyKind for GcpKmsKind {
    fn name(&self) -> &'static str {
        KIND
    }

    fn unwrap(&self, key: &MasterKey, _: &Identities) -> Result<Zeroizing<Vec<u8>>, UnwrapError> {
        Self::unwrap_with(key, &RestKms)
    }

    fn recipient_of(&self, key: &MasterKey) -> Result<Box<dyn WrapRecipient>, Error> {
        let (resource_id, _) = from_entry(key).map_err(|e| service::unreadable_entry(key, e))?;
        Ok(Box::new(GcpKmsRecipient::new(&resource_id)?))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ID: &str = "projects/p/locations/global/keyRings/r/cryptoKeys/k";

    /// XORs with 0x5a: enough to check what the recipient sends and stores.
    struct Xor;
    impl GcpKmsApi for Xor {
        fn encrypt(&self, id: &str, p: &[u8]) -> Result<Vec<u8>, String> {
            assert_eq!(id, ID);
            Ok(p.iter().map(|b| b ^ 0x5a).collect())
        }
        fn decrypt(&self, _: &str, c: &[u8]) -> Result<Zeroizing<Vec<u8>>, String> {
            Ok(Zeroizing::new(c.iter().map(|b| b ^ 0x5a).collect()))
        }
    }

    struct Denied;
    impl GcpKmsApi for Denied {
        fn encrypt(&self, _: &str, _: &[u8]) -> Result<Vec<u8>, String> {
            Err("PermissionDenied: caller lacks permission".into())
        }
        fn decrypt(&self, _: &str, _: &[u8]) -> Result<Zeroizing<Vec<u8>>, String> {
            Err("FailedPrecondition: version is disabled".into())
        }
    }

    #[test]
    fn entries_follow_sops_layout_and_round_trip() {
        let entry = GcpKmsRecipient::with_api(ID.into(), Box::new(Xor))
            .wrap(&[1, 2])
            .expect("wrap");
        let MasterKey::Other { kind, raw } = &entry else {
            panic!("not a service entry")
        };
        assert_eq!(kind, "gcp_kms");
        let fields: Vec<&String> = raw.as_object().expect("map").keys().collect();
        assert_eq!(fields, ["resource_id", "created_at", "enc"]);
        assert_eq!(
            GcpKmsKind::unwrap_with(&entry, &Xor)
                .expect("unwrap")
                .as_slice(),
            [1, 2]
        );
        assert_eq!(entry.describe(), ID);
    }

    #[test]
    fn service_errors_name_key_and_reason() {
        let err = GcpKmsRecipient::with_api(ID.into(), Box::new(Denied))
            .wrap(&[1])
            .unwrap_err();
        assert_eq!(
            err.to_string(),
            format!(
                "cannot encrypt the data key with GCP KMS key {ID}: PermissionDenied: caller lacks permission"
            )
        );
        let entry = GcpKmsRecipient::with_api(ID.into(), Box::new(Xor))
            .wrap(&[1])
            .expect("wrap");
        let err = GcpKmsKind::unwrap_with(&entry, &Denied).unwrap_err();
        assert_eq!(
            err.to_string(),
            "GCP KMS: FailedPrecondition: version is disabled"
        );
    }
}
