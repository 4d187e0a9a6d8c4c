//! What every Azure Key Vault client hush makes shares (the `azure_kv` key recipients and the
//! `azure-kv:` rotation backend): the credential chain, the retry policy, whether bearer
//! challenges are verified, and error text naming the HTTP status or the unreachable vault.
//!
//! Credentials: the Azure Rust SDK has no `DefaultAzureCredential`, so hush chains the same
//! sources the other Azure SDKs use, in their order: a service principal from
//! `AZURE_TENANT_ID`/`AZURE_CLIENT_ID`/`AZURE_CLIENT_SECRET`, workload identity
//! (`AZURE_FEDERATED_TOKEN_FILE`), then the Azure CLI / Azure Developer CLI login, then a
//! managed identity. `AZURE_AUTHORITY_HOST` changes the login endpoint (sovereign clouds).
//! (Client certificates are not read: the SDK's certificate credential needs OpenSSL.)
//!
//! The SDK checks that the bearer challenge of a vault names a resource under the vault's
//! own domain, so a token is never sent to a host that merely claims to be a vault.
//! `HUSH_AZURE_KV_SKIP_CHALLENGE_VERIFICATION=1` turns that off, for vaults behind private
//! names and for local stand-ins; never set it for vault URLs you do not trust.

use std::sync::Arc;

use azure_core::credentials::{AccessToken, Secret, TokenCredential, TokenRequestOptions};
use azure_core::http::{ClientOptions, ExponentialRetryOptions, RetryOptions};
use azure_core::time::Duration;
use azure_identity::{
    ClientSecretCredential, DeveloperToolsCredential, ManagedIdentityCredential,
    WorkloadIdentityCredential,
};

use super::service::error_chain;

/// The settings a Key Vault client (keys or secrets) is built from.
pub(crate) struct VaultClientSetup {
    pub credential: Arc<dyn TokenCredential>,
    pub client_options: ClientOptions,
    /// False when `HUSH_AZURE_KV_SKIP_CHALLENGE_VERIFICATION` is set.
    pub verify_challenge_resource: bool,
}

/// The credential, retry policy and challenge check from the environment.
pub(crate) fn vault_client_setup() -> Result<VaultClientSetup, String> {
    let skip = std::env::var("HUSH_AZURE_KV_SKIP_CHALLENGE_VERIFICATION")
        .is_ok_and(|v| v == "1" || v.eq_ignore_ascii_case("true"));
    // Three tries in at most 15 s, like the other services' clients (the SDK's default
    // keeps a failing command waiting for a minute).
    let retry = ExponentialRetryOptions {
        max_retries: 2,
        max_total_elapsed: Duration::seconds(15),
        max_delay: Duration::seconds(4),
        ..Default::default()
    };
    Ok(VaultClientSetup {
        credential: default_credential()?,
        client_options: ClientOptions {
            retry: RetryOptions::exponential(retry),
            ..Default::default()
        },
        verify_challenge_resource: !skip,
    })
}

/// The HTTP status of a failed call, if the vault answered.
pub(crate) fn http_status(e: &azure_core::Error) -> Option<u16> {
    match e.kind() {
        azure_core::error::ErrorKind::HttpResponse { status, .. } => Some(u16::from(*status)),
        _ => None,
    }
}

/// The HTTP status and service error (with `hint(status)` appended), or why the vault could
/// not be reached.
pub(crate) fn describe_error(e: &azure_core::Error, hint: impl Fn(u16) -> &'static str) -> String {
    use azure_core::error::ErrorKind;
    match e.kind() {
        ErrorKind::HttpResponse {
            status,
            error_code,
            raw_response,
        } => {
            let status = u16::from(*status);
            let message = raw_response
                .as_ref()
                .and_then(|r| service_message(r.body()))
                .map(|m| format!(": {m}"))
                .unwrap_or_default();
            format!(
                "HTTP {status}: {}{message}{}",
                error_code.as_deref().unwrap_or("no error code"),
                hint(status)
            )
        }
        ErrorKind::Connection | ErrorKind::Io => {
            format!("cannot reach the vault: {}", error_chain(e))
        }
        ErrorKind::Credential => format!("no usable Azure credential: {}", error_chain(e)),
        _ => error_chain(e),
    }
}

/// The `message` of Key Vault's error answer (`{"error": {"code", "message"}}`), if any.
/// Key Vault's messages name the operation and object, never a value.
fn service_message(body: &[u8]) -> Option<String> {
    let json: serde_json::Value = serde_json::from_slice(body).ok()?;
    let message = json["error"]["message"].as_str()?.trim();
    (!message.is_empty()).then(|| message.chars().take(300).collect())
}

/// The credential chain described in the module documentation.
fn default_credential() -> Result<Arc<dyn TokenCredential>, String> {
    let var = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
    let fail = |what: &str, e: azure_core::Error| format!("{what}: {}", error_chain(&e));
    if let (Some(tenant), Some(client), Some(secret)) = (
        var("AZURE_TENANT_ID"),
        var("AZURE_CLIENT_ID"),
        var("AZURE_CLIENT_SECRET"),
    ) {
        return ClientSecretCredential::new(&tenant, client, Secret::new(secret), None)
            .map(|c| c as Arc<dyn TokenCredential>)
            .map_err(|e| fail("AZURE_CLIENT_SECRET", e));
    }
    if var("AZURE_FEDERATED_TOKEN_FILE").is_some() {
        return WorkloadIdentityCredential::new(None)
            .map(|c| c as Arc<dyn TokenCredential>)
            .map_err(|e| fail("AZURE_FEDERATED_TOKEN_FILE", e));
    }
    let developer = DeveloperToolsCredential::new(None).map_err(|e| fail("Azure CLI", e))?;
    let managed = ManagedIdentityCredential::new(None).map_err(|e| fail("managed identity", e))?;
    Ok(Arc::new(ChainCredential(vec![
        ("Azure CLI / Azure Developer CLI login", developer),
        ("managed identity", managed),
    ])))
}

/// Tries each credential in turn; the error lists why each failed.
#[derive(Debug)]
struct ChainCredential(Vec<(&'static str, Arc<dyn TokenCredential>)>);

#[async_trait::async_trait]
impl TokenCredential for ChainCredential {
    async fn get_token(
        &self,
        scopes: &[&str],
        options: Option<TokenRequestOptions<'_>>,
    ) -> azure_core::Result<AccessToken> {
        let mut failures = Vec::new();
        for (name, credential) in &self.0 {
            match credential.get_token(scopes, options.clone()).await {
                Ok(token) => return Ok(token),
                Err(e) => failures.push(format!("{name}: {}", error_chain(&e))),
            }
        }
        Err(azure_core::Error::with_message(
            azure_core::error::ErrorKind::Credential,
            format!(
                "no Azure credential found (set AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET, or run `az login`); tried {}",
                failures.join("; ")
            ),
        ))
    }
}
