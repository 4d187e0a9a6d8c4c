//! Google Cloud client setup, as sops takes credentials: `GOOGLE_CREDENTIALS` (a
//! service-account or authorized-user JSON, inline or as a file path), else
//! `GOOGLE_OAUTH_ACCESS_TOKEN` (a bare access token), else Google's application default
//! credentials (`GOOGLE_APPLICATION_CREDENTIALS`, `gcloud auth application-default login`,
//! the metadata server). An endpoint variable per service points the client elsewhere (an
//! emulator, a private endpoint); the clients speak REST, so it is a URL (`https://` is
//! assumed when the value has no scheme).

use std::time::Duration;

use google_cloud_auth::credentials::{self, CacheableResource, Credentials, EntityTag};
use google_cloud_gax::client_builder::ClientBuilder;
use google_cloud_gax::retry_policy::{Aip194Strict, RetryPolicyExt};
use serde_json::Value;

use crate::recipients::service::error_chain;

/// `builder` with hush's credentials, retry policy (3 attempts, 30 s) and the endpoint
/// named by `endpoint_var`, if set.
pub fn configure<F>(
    builder: ClientBuilder<F, Credentials>,
    endpoint_var: &str,
) -> Result<ClientBuilder<F, Credentials>, String> {
    let mut builder = builder.with_credentials(credentials()?).with_retry_policy(
        Aip194Strict
            .with_attempt_limit(3)
            .with_time_limit(Duration::from_secs(30)),
    );
    if let Some(endpoint) = std::env::var(endpoint_var).ok().filter(|e| !e.is_empty()) {
        let url = if endpoint.contains("://") {
            endpoint
        } else {
            format!("https://{endpoint}")
        };
        builder = builder.with_endpoint(url);
    }
    Ok(builder)
}

/// The service's status and message with `hint(code)` appended, or why `service` could
/// not be reached.
pub fn describe_error(
    e: &google_cloud_gax::error::Error,
    service: &str,
    hint: fn(&str) -> &'static str,
) -> String {
    if let Some(status) = e.status() {
        let code = status_code(e).unwrap_or_default();
        return format!("{code}: {}{}", status.message, hint(&code));
    }
    if e.is_connect() || e.is_io() || e.is_timeout() {
        return format!("cannot reach {service}: {}", error_chain(e));
    }
    if e.is_authentication() {
        return format!("no usable Google credentials: {}", error_chain(e));
    }
    error_chain(e)
}

/// The status code's name (`NotFound`, `Aborted`…), if the service answered.
pub fn status_code(e: &google_cloud_gax::error::Error) -> Option<String> {
    e.status().map(|s| format!("{:?}", s.code))
}

/// `GOOGLE_CREDENTIALS`, `GOOGLE_OAUTH_ACCESS_TOKEN`, or application default credentials.
fn credentials() -> Result<Credentials, String> {
    if let Some(value) = std::env::var("GOOGLE_CREDENTIALS")
        .ok()
        .filter(|v| !v.is_empty())
    {
        let text = match std::fs::read_to_string(&value) {
            Ok(file) => file,
            Err(_) => value,
        };
        let json: Value = serde_json::from_str(&text).map_err(
            |_| "GOOGLE_CREDENTIALS is neither a JSON credential nor a file holding one",
        )?;
        return credentials_from_json(json);
    }
    if let Some(token) = std::env::var("GOOGLE_OAUTH_ACCESS_TOKEN")
        .ok()
        .filter(|v| !v.is_empty())
    {
        return Ok(Credentials::from(StaticToken(token)));
    }
    credentials::Builder::default().build().map_err(|e| {
        format!(
            "no Google application default credentials ({}); run `gcloud auth application-default login` or set GOOGLE_APPLICATION_CREDENTIALS",
            error_chain(&e)
        )
    })
}

fn credentials_from_json(json: Value) -> Result<Credentials, String> {
    let kind = json["type"].as_str().unwrap_or("").to_string();
    let built = match kind.as_str() {
        "service_account" => credentials::service_account::Builder::new(json).build(),
        "authorized_user" => credentials::user_account::Builder::new(json).build(),
        other => {
            return Err(format!(
                "GOOGLE_CREDENTIALS has type `{other}`; hush reads service_account and authorized_user credentials there (use GOOGLE_APPLICATION_CREDENTIALS for others)"
            ));
        }
    };
    built.map_err(|e| format!("GOOGLE_CREDENTIALS: {}", error_chain(&e)))
}

/// A bare OAuth access token, sent as a bearer token (sops' `GOOGLE_OAUTH_ACCESS_TOKEN`).
struct StaticToken(String);

impl std::fmt::Debug for StaticToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("StaticToken(..)")
    }
}

impl credentials::CredentialsProvider for StaticToken {
    async fn headers(
        &self,
        _: http::Extensions,
    ) -> Result<CacheableResource<http::HeaderMap>, google_cloud_auth::errors::CredentialsError>
    {
        let mut headers = http::HeaderMap::new();
        let mut value =
            http::HeaderValue::try_from(format!("Bearer {}", self.0)).map_err(|_| {
                google_cloud_auth::errors::CredentialsError::from_msg(
                    false,
                    "GOOGLE_OAUTH_ACCESS_TOKEN is not a valid header value",
                )
            })?;
        value.set_sensitive(true);
        headers.insert(http::header::AUTHORIZATION, value);
        Ok(CacheableResource::New {
            entity_tag: EntityTag::new(),
            data: headers,
        })
    }

    async fn universe_domain(&self) -> Option<String> {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn unknown_credential_types_are_refused() {
        let err = credentials_from_json(json!({"type": "external_account"})).unwrap_err();
        assert!(err.contains("GOOGLE_APPLICATION_CREDENTIALS"), "{err}");
    }
}
