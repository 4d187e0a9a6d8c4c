//! The `azure_kv` master-key kind: Azure Key Vault keys, as sops' `azkv/keysource.go` uses
//! them.
//!
//! Wrapping is the Key Vault `encrypt` operation with `RSA-OAEP-256` on an explicit key
//! version (when none is given, the key's current version is looked up first and recorded);
//! unwrapping is `decrypt` on the recorded version. The entry records `vault_url`, `name`,
//! `version`, `created_at` and `enc` (base64url without padding of the result), in that
//! order.
//!
//! The client setup (credentials, retries, challenge verification) is shared with the
//! `azure-kv:` rotation backend in [`super::azure_client`].

use azure_security_keyvault_keys::models::{
    EncryptionAlgorithm, KeyClientDecryptOptions, KeyClientEncryptOptions, KeyClientGetKeyOptions,
    KeyOperationParameters,
};
use azure_security_keyvault_keys::{KeyClient, KeyClientOptions, ResourceId};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::json;
use zeroize::Zeroizing;

use super::azure_client::{describe_error as describe, vault_client_setup};
use super::service::{self, block_on, error_chain};
use super::spec::AzureKvSpec;
use super::{MasterKeyKind, UnwrapError, WrapRecipient};
use crate::envelope::metadata::MasterKey;
use crate::error::Error;
use crate::identities::Identities;

const KIND: &str = "azure_kv";
const SERVICE: &str = "Azure Key Vault";

/// The Key Vault calls hush makes. [`SdkKeyVault`] calls Azure; tests substitute their own
/// implementation to exercise error reporting.
pub trait KeyVaultApi {
    /// The key's current version (when the recipient names none).
    fn current_version(&self, key: &AzureKvSpec) -> Result<String, String>;
    fn encrypt(
        &self,
        key: &AzureKvSpec,
        version: &str,
        plaintext: &[u8],
    ) -> Result<Vec<u8>, String>;
    fn decrypt(
        &self,
        key: &AzureKvSpec,
        version: &str,
        ciphertext: &[u8],
    ) -> Result<Zeroizing<Vec<u8>>, String>;
}

/// Key Vault through the official Azure SDK.
pub struct SdkKeyVault;

impl SdkKeyVault {
    fn client(vault_url: &str) -> Result<KeyClient, String> {
        let setup = vault_client_setup()?;
        let options = KeyClientOptions {
            verify_challenge_resource: Some(setup.verify_challenge_resource),
            client_options: setup.client_options,
            ..Default::default()
        };
        KeyClient::new(vault_url, setup.credential, Some(options))
            .map_err(|e| format!("cannot set up the Key Vault client: {}", error_chain(&e)))
    }

    fn parameters(
        value: &[u8],
    ) -> Result<azure_core::http::RequestContent<KeyOperationParameters>, String> {
        KeyOperationParameters {
            algorithm: Some(EncryptionAlgorithm::RsaOaep256),
            value: Some(value.to_vec()),
            ..Default::default()
        }
        .try_into()
        .map_err(|e: azure_core::Error| error_chain(&e))
    }
}

impl KeyVaultApi for SdkKeyVault {
    fn current_version(&self, key: &AzureKvSpec) -> Result<String, String> {
        let client = Self::client(&key.vault_url)?;
        let found = block_on(async {
            client
                .get_key(&key.name, Some(KeyClientGetKeyOptions::default()))
                .await?
                .into_model()
        })?
        .map_err(|e| describe_error(&e))?;
        found
            .key
            .and_then(|k| k.kid)
            .and_then(|kid| kid.parse::<ResourceId>().ok())
            .and_then(|id| id.version)
            .ok_or_else(|| "the key's answer names no version".to_string())
    }

    fn encrypt(
        &self,
        key: &AzureKvSpec,
        version: &str,
        plaintext: &[u8],
    ) -> Result<Vec<u8>, String> {
        let client = Self::client(&key.vault_url)?;
        let parameters = Self::parameters(plaintext)?;
        let options = KeyClientEncryptOptions {
            key_version: Some(version.to_string()),
            ..Default::default()
        };
        let result = block_on(async {
            client
                .encrypt(&key.name, parameters, Some(options))
                .await?
                .into_model()
        })?
        .map_err(|e| describe_error(&e))?;
        result
            .result
            .ok_or_else(|| "the encrypt answer has no result".to_string())
    }

    fn decrypt(
        &self,
        key: &AzureKvSpec,
        version: &str,
        ciphertext: &[u8],
    ) -> Result<Zeroizing<Vec<u8>>, String> {
        let client = Self::client(&key.vault_url)?;
        let parameters = Self::parameters(ciphertext)?;
        let result = block_on(async {
            client
                .decrypt(
                    &key.name,
                    version,
                    parameters,
                    Some(KeyClientDecryptOptions::default()),
                )
                .await?
                .into_model()
        })?
        .map_err(|e| describe_error(&e))?;
        result
            .result
            .map(Zeroizing::new)
            .ok_or_else(|| "the decrypt answer has no result".to_string())
    }
}

/// The HTTP status and service error, or why the vault could not be reached.
fn describe_error(e: &azure_core::Error) -> String {
    describe(e, |status| match status {
        401 => " (the credential was refused)",
        403 => {
            " (the identity needs the keys/encrypt and keys/decrypt permissions, or the key is disabled)"
        }
        404 => " (no such key or version in this vault)",
        _ => "",
    })
}

/// Reads an `azure_kv` entry back into its key and ciphertext.
fn from_entry(key: &MasterKey) -> Result<(AzureKvSpec, Vec<u8>), UnwrapError> {
    let map = service::entry_map(key, KIND)?;
    let recipient = key.describe();
    let spec = AzureKvSpec {
        vault_url: service::field(map, "vault_url", &recipient)?
            .trim_end_matches('/')
            .to_string(),
        name: service::field(map, "name", &recipient)?.to_string(),
        version: Some(service::field(map, "version", &recipient)?.to_string()),
    };
    let enc = service::field(map, "enc", &recipient)?;
    let ciphertext = URL_SAFE_NO_PAD
        .decode(enc.trim_end_matches('='))
        .map_err(|_| UnwrapError::Malformed {
            recipient,
            reason: "`enc` is not base64url".into(),
        })?;
    Ok((spec, ciphertext))
}

fn key_url(key: &AzureKvSpec) -> String {
    format!(
        "{}/keys/{}/{}",
        key.vault_url,
        key.name,
        key.version.as_deref().unwrap_or("")
    )
}

/// An Azure Key Vault key with the client that reaches it.
pub struct AzureKvRecipient {
    key: AzureKvSpec,
    api: Box<dyn KeyVaultApi>,
}

impl AzureKvRecipient {
    pub fn new(key: AzureKvSpec) -> AzureKvRecipient {
        Self::with_api(key, Box::new(SdkKeyVault))
    }

    pub fn with_api(key: AzureKvSpec, api: Box<dyn KeyVaultApi>) -> AzureKvRecipient {
        AzureKvRecipient { key, api }
    }
}

impl WrapRecipient for AzureKvRecipient {
    fn wrap(&self, data: &[u8]) -> Result<MasterKey, Error> {
        let failed = |reason| Error::KeyService {
            recipient: format!("{SERVICE} key {}", key_url(&self.key)),
            reason,
        };
        let version = match &self.key.version {
            Some(v) => v.clone(),
            None => self.api.current_version(&self.key).map_err(failed)?,
        };
        let result = self
            .api
            .encrypt(&self.key, &version, data)
            .map_err(failed)?;
        Ok(service::entry(
            KIND,
            vec![
                ("vault_url", json!(self.key.vault_url)),
                ("name", json!(self.key.name)),
                ("version", json!(version)),
                ("created_at", json!(service::created_at())),
                ("enc", json!(URL_SAFE_NO_PAD.encode(result))),
            ],
        ))
    }
}

/// The registry entry for `azure_kv` master keys.
pub(super) struct AzureKvKind;

impl AzureKvKind {
    fn unwrap_with(
        key: &MasterKey,
        api: &dyn KeyVaultApi,
    ) -> Result<Zeroizing<Vec<u8>>, UnwrapError> {
        let (spec, ciphertext) = from_entry(key)?;
        let version = spec.version.clone().unwrap_or_default();
        api.decrypt(&spec, &version, &ciphertext)
            .map_err(service::refused(SERVICE))
    }
}

impl MasterKeyKind for AzureKvKind {
    fn name(&self) -> &'static str {
        KIND
    }

    fn unwrap(&self, key: &MasterKey, _: &Identities) -> Result<Zeroizing<Vec<u8>>, UnwrapError> {
        Self::unwrap_with(key, &SdkKeyVault)
    }

    fn recipient_of(&self, key: &MasterKey) -> Result<Box<dyn WrapRecipient>, Error> {
        let (spec, _) = from_entry(key).map_err(|e| service::unreadable_entry(key, e))?;
        Ok(Box::new(AzureKvRecipient::new(spec)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(version: Option<&str>) -> AzureKvSpec {
        AzureKvSpec {
            vault_url: "https://v.vault.azure.net".into(),
            name: "k".into(),
            version: version.map(str::to_string),
        }
    }

    /// Negates the bytes and has one current version: enough to check what is sent and kept.
    struct Negating;
    impl KeyVaultApi for Negating {
        fn current_version(&self, _: &AzureKvSpec) -> Result<String, String> {
            Ok("v2".into())
        }
        fn encrypt(&self, _: &AzureKvSpec, v: &str, p: &[u8]) -> Result<Vec<u8>, String> {
            assert_eq!(v, "v2");
            Ok(p.iter().map(|b| !b).collect())
        }
        fn decrypt(
            &self,
            k: &AzureKvSpec,
            v: &str,
            c: &[u8],
        ) -> Result<Zeroizing<Vec<u8>>, String> {
            assert_eq!((k.name.as_str(), v), ("k", "v2"));
            Ok(Zeroizing::new(c.iter().map(|b| !b).collect()))
        }
    }

    struct Forbidden;
    impl KeyVaultApi for Forbidden {
        fn current_version(&self, _: &AzureKvSpec) -> Result<String, String> {
            Err("HTTP 403: Forbidden".into())
        }
        fn encrypt(&self, _: &AzureKvSpec, _: &str, _: &[u8]) -> Result<Vec<u8>, String> {
            Err("HTTP 403: Forbidden".into())
        }
        fn decrypt(
            &self,
            _: &AzureKvSpec,
            _: &str,
            _: &[u8],
        ) -> Result<Zeroizing<Vec<u8>>, String> {
            Err("HTTP 403: Forbidden".into())
        }
    }

    #[test]
    fn records_the_current_version_and_round_trips() {
        let entry = AzureKvRecipient::with_api(spec(None), Box::new(Negating))
            .wrap(&[0, 255])
            .expect("wrap");
        let MasterKey::Other { raw, .. } = &entry else {
            panic!("not a service entry")
        };
        let fields: Vec<&String> = raw.as_object().expect("map").keys().collect();
        assert_eq!(
            fields,
            ["vault_url", "name", "version", "created_at", "enc"]
        );
        assert_eq!(raw["version"], "v2");
        assert_eq!(raw["enc"], "_wA", "base64url without padding");
        assert_eq!(entry.describe(), "https://v.vault.azure.net/keys/k/v2");
        let plain = AzureKvKind::unwrap_with(&entry, &Negating).expect("unwrap");
        assert_eq!(plain.as_slice(), [0, 255]);
    }

    #[test]
    fn refusals_name_the_key() {
        let err = AzureKvRecipient::with_api(spec(Some("v1")), Box::new(Forbidden))
            .wrap(&[1])
            .unwrap_err();
        assert_eq!(
            err.to_string(),
            "cannot encrypt the data key with Azure Key Vault key https://v.vault.azure.net/keys/k/v1: HTTP 403: Forbidden"
        );
        let entry = AzureKvRecipient::with_api(spec(None), Box::new(Negating))
            .wrap(&[1])
            .expect("wrap");
        let err = AzureKvKind::unwrap_with(&entry, &Forbidden).unwrap_err();
        assert_eq!(err.to_string(), "Azure Key Vault: HTTP 403: Forbidden");
    }
}
