//! The `hc_vault` master-key kind: HashiCorp Vault or OpenBao Transit keys, as sops'
//! `hcvault/keysource.go` uses them.
//!
//! A key is named by its URI, `https://HOST:PORT/v1/ENGINE/keys/NAME` (ENGINE may have
//! several segments). The entry records `vault_address` (scheme and host), `engine_path`,
//! `key_name`, `created_at` and `enc`, the Transit ciphertext (`vault:v1:…`) of the base64
//! of the wrapped bytes. Wrapping is `POST v1/ENGINE/encrypt/NAME`, unwrapping
//! `POST v1/ENGINE/decrypt/NAME`, plain JSON over HTTP.
//!
//! Credentials as the Vault and OpenBao CLIs take them: the token from `VAULT_TOKEN`, else
//! `BAO_TOKEN`, else `~/.vault-token`; the namespace from `VAULT_NAMESPACE` (or
//! `BAO_NAMESPACE`); an extra CA certificate from `VAULT_CACERT` (or `BAO_CACERT`). The
//! server address always comes from the key (as in sops); `VAULT_ADDR`/`BAO_ADDR` only
//! complete a URI given without one (`--hc-vault-transit v1/transit/keys/NAME`).
//!
//! Every call has time limits, so a server that accepts the connection but never answers
//! cannot hang hush: 10 s to connect ([`CONNECT_TIMEOUT`]) and 30 s for the whole request
//! ([`DEFAULT_REQUEST_TIMEOUT`]), or what `VAULT_CLIENT_TIMEOUT` (else `BAO_CLIENT_TIMEOUT`)
//! says, the variable Vault's own client library (and so sops) reads: seconds (`45`) or a
//! Go duration (`1m30s`, `500ms`); `0` lifts the limit. The same client setup serves the
//! `vault:` rotation backend ([`http_client`]).

use std::path::PathBuf;
use std::time::Duration;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use reqwest::Url;
use secrecy::{ExposeSecret, SecretString};
use serde_json::{Value, json};
use zeroize::Zeroizing;

use super::service::{self, block_on, error_chain};
use super::{MasterKeyKind, UnwrapError, WrapRecipient};
use crate::envelope::metadata::MasterKey;
use crate::error::Error;
use crate::identities::Identities;

const KIND: &str = "hc_vault";
const SERVICE: &str = "Vault Transit";

/// How long hush waits for a Vault server to accept a connection.
pub const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// How long one Vault call may take in all (connection, TLS, answer), unless
/// `VAULT_CLIENT_TIMEOUT`/`BAO_CLIENT_TIMEOUT` says otherwise.
pub const DEFAULT_REQUEST_TIMEOUT: Duration = Duration::from_secs(30);

/// One Transit key: where the server is, which engine mount, which key.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TransitKey {
    /// Scheme, host and port, no trailing slash (`https://vault.example.org:8200`).
    pub address: String,
    /// The Transit engine's mount path (`transit`, or `team/transit`).
    pub engine_path: String,
    pub key_name: String,
}

impl TransitKey {
    /// Parses a key URI as sops does. A URI without scheme and host
    /// (`v1/transit/keys/NAME`) is taken relative to `default_address` (`VAULT_ADDR`).
    pub fn parse_uri(uri: &str, default_address: Option<&str>) -> Result<TransitKey, Error> {
        let bad = |reason: String| Error::BadRecipient {
            recipient: uri.to_string(),
            reason,
        };
        let uri = uri.trim();
        let full = match (uri.contains("://"), default_address) {
            (true, _) => uri.to_string(),
            (false, Some(addr)) => {
                format!(
                    "{}/{}",
                    addr.trim_end_matches('/'),
                    uri.trim_start_matches('/')
                )
            }
            (false, None) => {
                return Err(bad(
                    "no scheme and host; write https://HOST:PORT/v1/ENGINE/keys/NAME, or set VAULT_ADDR (or BAO_ADDR)"
                        .into(),
                ));
            }
        };
        let url = Url::parse(&full).map_err(|e| bad(format!("not a URL: {e}")))?;
        let (engine_path, key_name) = engine_and_key(url.path()).map_err(bad)?;
        let host = url
            .host_str()
            .ok_or_else(|| bad("the URL has no host".into()))?;
        let address = match url.port() {
            Some(port) => format!("{}://{host}:{port}", url.scheme()),
            None => format!("{}://{host}", url.scheme()),
        };
        Ok(TransitKey {
            address,
            engine_path,
            key_name,
        })
    }

    /// The key's URI, as sops prints it.
    pub fn uri(&self) -> String {
        format!(
            "{}/v1/{}/keys/{}",
            self.address, self.engine_path, self.key_name
        )
    }

    fn from_entry(key: &MasterKey) -> Result<(TransitKey, String), UnwrapError> {
        let map = service::entry_map(key, KIND)?;
        let recipient = key.describe();
        let transit = TransitKey {
            address: service::field(map, "vault_address", &recipient)?
                .trim_end_matches('/')
                .to_string(),
            engine_path: service::field(map, "engine_path", &recipient)?.to_string(),
            key_name: service::field(map, "key_name", &recipient)?.to_string(),
        };
        let enc = service::field(map, "enc", &recipient)?.to_string();
        Ok((transit, enc))
    }

    /// The metadata entry, fields in sops' order.
    fn entry(&self, enc: String) -> MasterKey {
        service::entry(
            KIND,
            vec![
                ("vault_address", json!(self.address)),
                ("engine_path", json!(self.engine_path)),
                ("key_name", json!(self.key_name)),
                ("created_at", json!(service::created_at())),
                ("enc", json!(enc)),
            ],
        )
    }
}

/// sops' check of the path: `/v1/ENGINE…/keys/NAME`, no prefix before `/v1`.
fn engine_and_key(path: &str) -> Result<(String, String), String> {
    let parts: Vec<&str> = path.trim_matches('/').split('/').collect();
    let version_ok = |p: &str| {
        p.strip_prefix('v')
            .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
    };
    if parts.len() < 4 || parts.iter().any(|p| p.is_empty()) {
        return Err(
            "the path is not of the form /v1/ENGINE/keys/NAME (e.g. https://vault.example.org:8200/v1/transit/keys/dev)"
                .into(),
        );
    }
    if !version_ok(parts[0]) {
        return Err(
            "a Vault behind a URL prefix is not supported; the path must start with /v1/ (e.g. https://vault.example.org:8200/v1/transit/keys/dev)"
                .into(),
        );
    }
    let n = parts.len();
    Ok((parts[1..n - 2].join("/"), parts[n - 1].to_string()))
}

/// The two Transit calls hush makes. [`HttpTransit`] talks to a server; tests substitute
/// their own implementation to exercise error reporting.
pub trait TransitApi {
    /// The Transit ciphertext (`vault:vN:…`) of `plaintext`.
    fn encrypt(&self, key: &TransitKey, plaintext: &[u8]) -> Result<String, String>;
    /// The plaintext of a Transit ciphertext.
    fn decrypt(&self, key: &TransitKey, ciphertext: &str) -> Result<Zeroizing<Vec<u8>>, String>;
}

/// Settings from the environment, the way the Vault and OpenBao CLIs read them.
#[derive(Default)]
pub struct VaultSettings {
    pub token: Option<SecretString>,
    pub namespace: Option<String>,
    pub ca_cert: Option<PathBuf>,
    /// `VAULT_ADDR` or `BAO_ADDR`, for URIs given without a host.
    pub address: Option<String>,
    /// `VAULT_CLIENT_TIMEOUT` or `BAO_CLIENT_TIMEOUT`, as given (see [`Self::request_timeout`]).
    pub client_timeout: Option<String>,
}

impl VaultSettings {
    /// Reads `VAULT_*` (then `BAO_*`) variables and `~/.vault-token`.
    pub fn from_env() -> VaultSettings {
        Self::from_lookup(
            |name| std::env::var(name).ok().filter(|v| !v.is_empty()),
            std::env::var_os("HOME").map(PathBuf::from),
        )
    }

    fn from_lookup(get: impl Fn(&str) -> Option<String>, home: Option<PathBuf>) -> VaultSettings {
        let either = |vault: &str, bao: &str| get(vault).or_else(|| get(bao));
        let token_file = || {
            let text = std::fs::read_to_string(home.as_ref()?.join(".vault-token")).ok()?;
            Some(text.trim().to_string()).filter(|t| !t.is_empty())
        };
        VaultSettings {
            token: either("VAULT_TOKEN", "BAO_TOKEN")
                .or_else(token_file)
                .map(SecretString::from),
            namespace: either("VAULT_NAMESPACE", "BAO_NAMESPACE"),
            ca_cert: either("VAULT_CACERT", "BAO_CACERT").map(PathBuf::from),
            address: either("VAULT_ADDR", "BAO_ADDR"),
            client_timeout: either("VAULT_CLIENT_TIMEOUT", "BAO_CLIENT_TIMEOUT"),
        }
    }

    /// The limit on one whole request: [`DEFAULT_REQUEST_TIMEOUT`], or the client timeout
    /// variable's value; `None` when it is `0` (no limit, as for Vault's client).
    pub fn request_timeout(&self) -> Result<Option<Duration>, String> {
        let Some(text) = &self.client_timeout else {
            return Ok(Some(DEFAULT_REQUEST_TIMEOUT));
        };
        let limit = parse_duration(text).ok_or_else(|| {
            format!(
                "VAULT_CLIENT_TIMEOUT (or BAO_CLIENT_TIMEOUT) is `{text}`, not a duration; write seconds (30) or a duration (30s, 1m30s)"
            )
        })?;
        Ok((!limit.is_zero()).then_some(limit))
    }
}

/// Vault's reading of a client timeout: whole seconds (`30`), or a Go duration (`1m30s`,
/// `1.5s`, `500ms`: decimal numbers with the units `h`, `m`, `s`, `ms`, `us`, `ns`).
fn parse_duration(text: &str) -> Option<Duration> {
    let text = text.trim();
    if let Ok(seconds) = text.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    if text.is_empty() {
        return None;
    }
    let mut rest = text;
    let mut total = 0f64;
    while !rest.is_empty() {
        let number_end = rest
            .find(|c: char| !c.is_ascii_digit() && c != '.')
            .filter(|&n| n > 0)?;
        let number: f64 = rest[..number_end].parse().ok()?;
        rest = &rest[number_end..];
        let unit_end = rest
            .find(|c: char| c.is_ascii_digit() || c == '.')
            .unwrap_or(rest.len());
        let scale = match &rest[..unit_end] {
            "h" => 3600.0,
            "m" => 60.0,
            "s" => 1.0,
            "ms" => 1e-3,
            "us" | "µs" => 1e-6,
            "ns" => 1e-9,
            _ => return None,
        };
        total += number * scale;
        rest = &rest[unit_end..];
    }
    Duration::try_from_secs_f64(total).ok()
}

/// A duration as hush prints it in messages: `30 s`, `1500 ms`.
fn show(limit: Duration) -> String {
    if limit.subsec_millis() == 0 {
        format!("{} s", limit.as_secs())
    } else {
        format!("{} ms", limit.as_millis())
    }
}

/// The HTTP client for a Vault server: the extra CA certificate of `settings`, and the time
/// limits of the module doc. Also what the `vault:` rotation backend talks through.
pub(crate) fn http_client(settings: &VaultSettings) -> Result<reqwest::Client, String> {
    let mut builder = reqwest::Client::builder().connect_timeout(CONNECT_TIMEOUT);
    if let Some(limit) = settings.request_timeout()? {
        builder = builder.timeout(limit);
    }
    if let Some(path) = &settings.ca_cert {
        let pem = std::fs::read(path)
            .map_err(|e| format!("cannot read the CA certificate {}: {e}", path.display()))?;
        let cert = reqwest::Certificate::from_pem(&pem).map_err(|e| {
            format!(
                "{} is not a PEM certificate: {}",
                path.display(),
                error_chain(&e)
            )
        })?;
        builder = builder.add_root_certificate(cert);
    }
    builder
        .build()
        .map_err(|e| format!("cannot set up the HTTP client: {}", error_chain(&e)))
}

/// Why a request to the Vault server at `address` got no answer: a time limit (which one,
/// and how to change it) or the transport's error.
pub(crate) fn unreachable(e: &reqwest::Error, address: &str, settings: &VaultSettings) -> String {
    if !e.is_timeout() {
        return format!("cannot reach {address}: {}", error_chain(e));
    }
    if e.is_connect() {
        return format!(
            "timed out after {} connecting to {address} (is the server up and the address right?)",
            show(CONNECT_TIMEOUT)
        );
    }
    let limit = match settings.request_timeout() {
        Ok(Some(limit)) => show(limit),
        _ => "the time limit".to_string(),
    };
    format!(
        "timed out after {limit} waiting for {address} to answer (set VAULT_CLIENT_TIMEOUT to wait longer)"
    )
}

/// The Transit API over HTTP(S).
pub struct HttpTransit {
    client: reqwest::Client,
    token: SecretString,
    settings: VaultSettings,
}

impl HttpTransit {
    pub fn new(mut settings: VaultSettings) -> Result<HttpTransit, String> {
        let token = settings.token.take().ok_or(
            "no Vault token: set VAULT_TOKEN (or BAO_TOKEN), or log in so ~/.vault-token exists",
        )?;
        Ok(HttpTransit {
            client: http_client(&settings)?,
            token,
            settings,
        })
    }

    fn call(&self, key: &TransitKey, op: &str, body: Value, field: &str) -> Result<String, String> {
        let url = format!(
            "{}/v1/{}/{op}/{}",
            key.address, key.engine_path, key.key_name
        );
        let mut request = self
            .client
            .post(&url)
            .header("X-Vault-Token", self.token.expose_secret())
            .header("X-Vault-Request", "true")
            .json(&body);
        if let Some(ns) = &self.settings.namespace {
            request = request.header("X-Vault-Namespace", ns);
        }
        let response = block_on(async {
            let response = request.send().await?;
            let status = response.status();
            let text = response.text().await?;
            Ok::<_, reqwest::Error>((status, text))
        })?;
        let (status, text) = response.map_err(|e| unreachable(&e, &key.address, &self.settings))?;
        if !status.is_success() {
            return Err(http_failure(status.as_u16(), &text, op, key));
        }
        let parsed: Value = serde_json::from_str(&text)
            .map_err(|_| format!("the answer to {op} is not JSON (HTTP {status})"))?;
        parsed["data"][field]
            .as_str()
            .map(str::to_string)
            .ok_or_else(|| format!("the answer to {op} has no data.{field}"))
    }
}

impl TransitApi for HttpTransit {
    fn encrypt(&self, key: &TransitKey, plaintext: &[u8]) -> Result<String, String> {
        let encoded = Zeroizing::new(STANDARD.encode(plaintext));
        self.call(
            key,
            "encrypt",
            json!({ "plaintext": encoded.as_str() }),
            "ciphertext",
        )
    }

    fn decrypt(&self, key: &TransitKey, ciphertext: &str) -> Result<Zeroizing<Vec<u8>>, String> {
        let encoded = Zeroizing::new(self.call(
            key,
            "decrypt",
            json!({ "ciphertext": ciphertext }),
            "plaintext",
        )?);
        STANDARD
            .decode(encoded.as_bytes())
            .map(Zeroizing::new)
            .map_err(|_| "the decrypted data key is not base64".to_string())
    }
}

/// Vault's `errors` list of an answer, joined (Transit and KV answers alike), or a
/// placeholder when there is none.
pub(crate) fn vault_errors(json: &Value) -> String {
    json["errors"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(Value::as_str)
                .map(|s| s.trim().replace('\n', " "))
                .collect::<Vec<_>>()
                .join("; ")
        })
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "no error message".into())
}

/// Explains a non-2xx answer with Vault's `errors` list and a hint for the usual causes.
fn http_failure(status: u16, body: &str, op: &str, key: &TransitKey) -> String {
    let errors = vault_errors(&serde_json::from_str::<Value>(body).unwrap_or(Value::Null));
    let hint = match status {
        403 => format!(
            " (the token may lack `update` on {}/{op}/{}, or be expired)",
            key.engine_path, key.key_name
        ),
        404 => format!(" (is a Transit engine mounted at `{}`?)", key.engine_path),
        _ => String::new(),
    };
    format!("{op} failed, HTTP {status}: {errors}{hint}")
}

/// A Transit key with the client that reaches it.
pub struct VaultTransitRecipient {
    key: TransitKey,
    api: Box<dyn TransitApi>,
}

impl VaultTransitRecipient {
    /// A recipient for the key at `uri`, reached with the environment's settings.
    pub fn from_uri(uri: &str) -> Result<VaultTransitRecipient, Error> {
        let settings = VaultSettings::from_env();
        let key = TransitKey::parse_uri(uri, settings.address.as_deref())?;
        Self::from_key(key, settings)
    }

    fn from_key(key: TransitKey, settings: VaultSettings) -> Result<VaultTransitRecipient, Error> {
        let api = HttpTransit::new(settings).map_err(|reason| Error::KeyService {
            recipient: key.uri(),
            reason,
        })?;
        Ok(Self::with_api(key, Box::new(api)))
    }

    /// A recipient using `api` to reach the key.
    pub fn with_api(key: TransitKey, api: Box<dyn TransitApi>) -> VaultTransitRecipient {
        VaultTransitRecipient { key, api }
    }
}

impl WrapRecipient for VaultTransitRecipient {
    fn wrap(&self, data: &[u8]) -> Result<MasterKey, Error> {
        let enc = self
            .api
            .encrypt(&self.key, data)
            .map_err(|reason| Error::KeyService {
                recipient: format!("{SERVICE} key {}", self.key.uri()),
                reason,
            })?;
        Ok(self.key.entry(enc))
    }
}

/// The registry entry for `hc_vault` master keys.
pub(super) struct VaultTransitKind;

impl VaultTransitKind {
    fn unwrap_with(
        key: &MasterKey,
        api: impl FnOnce() -> Result<Box<dyn TransitApi>, String>,
    ) -> Result<Zeroizing<Vec<u8>>, UnwrapError> {
        let (transit, enc) = TransitKey::from_entry(key)?;
        api()
            .map_err(service::refused(SERVICE))?
            .decrypt(&transit, &enc)
            .map_err(service::refused(SERVICE))
    }
}

impl MasterKeyKind for VaultTransitKind {
    fn name(&self) -> &'static str {
        KIND
    }

    fn unwrap(&self, key: &MasterKey, _: &Identities) -> Result<Zeroizing<Vec<u8>>, UnwrapError> {
        Self::unwrap_with(key, || {
            HttpTransit::new(VaultSettings::from_env()).map(|a| Box::new(a) as Box<dyn TransitApi>)
        })
    }

    fn recipient_of(&self, key: &MasterKey) -> Result<Box<dyn WrapRecipient>, Error> {
        let (transit, _) =
            TransitKey::from_entry(key).map_err(|e| service::unreadable_entry(key, e))?;
        Ok(Box::new(VaultTransitRecipient::from_key(
            transit,
            VaultSettings::from_env(),
        )?))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key() -> TransitKey {
        TransitKey::parse_uri("https://vault.example.org:8200/v1/transit/keys/dev", None)
            .expect("valid")
    }

    #[test]
    fn parses_uris_like_sops() {
        let k = key();
        assert_eq!(k.address, "https://vault.example.org:8200");
        assert_eq!(k.engine_path, "transit");
        assert_eq!(k.key_name, "dev");
        assert_eq!(
            k.uri(),
            "https://vault.example.org:8200/v1/transit/keys/dev"
        );
        let nested = TransitKey::parse_uri("http://127.0.0.1:8200/v1/team/a/transit/keys/k1", None)
            .expect("nested engine");
        assert_eq!(nested.engine_path, "team/a/transit");
        let prefixed =
            TransitKey::parse_uri("https://h/vault/v1/transit/keys/dev", None).unwrap_err();
        assert!(prefixed.to_string().contains("URL prefix"), "{prefixed}");
        let short = TransitKey::parse_uri("https://h/v1/keys/dev", None).unwrap_err();
        assert!(
            short.to_string().contains("/v1/ENGINE/keys/NAME"),
            "{short}"
        );
        let no_host = TransitKey::parse_uri("v1/transit/keys/dev", None).unwrap_err();
        assert!(no_host.to_string().contains("VAULT_ADDR"), "{no_host}");
        let relative =
            TransitKey::parse_uri("/v1/transit/keys/dev", Some("http://127.0.0.1:8200/"))
                .expect("relative to VAULT_ADDR");
        assert_eq!(relative.uri(), "http://127.0.0.1:8200/v1/transit/keys/dev");
    }

    #[test]
    fn settings_prefer_vault_then_bao_then_token_file() {
        let home = tempfile::tempdir().expect("tmp");
        std::fs::write(home.path().join(".vault-token"), "file-token\n").expect("write");
        let env = |pairs: &'static [(&'static str, &'static str)]| {
            move |name: &str| {
                pairs
                    .iter()
                    .find(|(k, _)| *k == name)
                    .map(|(_, v)| v.to_string())
            }
        };
        let s = VaultSettings::from_lookup(
            env(&[("BAO_TOKEN", "bao"), ("BAO_NAMESPACE", "ns1")]),
            Some(home.path().into()),
        );
        assert_eq!(s.token.expect("token").expose_secret(), "bao");
        assert_eq!(s.namespace.as_deref(), Some("ns1"));
        let s = VaultSettings::from_lookup(
            env(&[("VAULT_TOKEN", "vault"), ("BAO_TOKEN", "bao")]),
            None,
        );
        assert_eq!(s.token.expect("token").expose_secret(), "vault");
        let s = VaultSettings::from_lookup(env(&[]), Some(home.path().into()));
        assert_eq!(s.token.expect("token").expose_secret(), "file-token");
        let none = HttpTransit::new(VaultSettings::default())
            .err()
            .expect("no token");
        assert!(none.contains("VAULT_TOKEN"), "{none}");
    }

    #[test]
    fn client_timeouts_read_like_vaults_client() {
        let limit = |text: Option<&str>| {
            VaultSettings {
                client_timeout: text.map(str::to_string),
                ..VaultSettings::default()
            }
            .request_timeout()
        };
        assert_eq!(limit(None), Ok(Some(DEFAULT_REQUEST_TIMEOUT)));
        assert_eq!(limit(Some("45")), Ok(Some(Duration::from_secs(45))));
        assert_eq!(limit(Some("1m30s")), Ok(Some(Duration::from_secs(90))));
        assert_eq!(limit(Some("1.5s")), Ok(Some(Duration::from_millis(1500))));
        assert_eq!(limit(Some("250ms")), Ok(Some(Duration::from_millis(250))));
        assert_eq!(limit(Some("0")), Ok(None));
        for bad in ["", "soon", "10x", "s", "-5", "1..5s"] {
            let err = limit(Some(bad)).unwrap_err();
            assert!(err.contains("VAULT_CLIENT_TIMEOUT"), "{bad}: {err}");
        }
        let s = VaultSettings::from_lookup(
            |name| (name == "BAO_CLIENT_TIMEOUT").then(|| "2".to_string()),
            None,
        );
        assert_eq!(s.request_timeout(), Ok(Some(Duration::from_secs(2))));
        assert_eq!(show(Duration::from_secs(30)), "30 s");
        assert_eq!(show(Duration::from_millis(1500)), "1500 ms");
    }

    #[test]
    fn http_failures_carry_vault_errors_and_hints() {
        let k = key();
        let denied = http_failure(
            403,
            r#"{"errors":["1 error occurred:\n\t* permission denied\n\n"]}"#,
            "decrypt",
            &k,
        );
        assert!(
            denied.starts_with("decrypt failed, HTTP 403: 1 error occurred:"),
            "{denied}"
        );
        assert!(denied.contains("permission denied"));
        assert!(
            denied.contains("update` on transit/decrypt/dev"),
            "{denied}"
        );
        let missing = http_failure(404, "not json", "encrypt", &k);
        assert!(missing.contains("no error message"));
        assert!(missing.contains("mounted at `transit`"));
    }

    /// A Transit stand-in for exercising the recipient's error reporting.
    struct Refusing;
    impl TransitApi for Refusing {
        fn encrypt(&self, _: &TransitKey, _: &[u8]) -> Result<String, String> {
            Err("encrypt failed, HTTP 403: permission denied".into())
        }
        fn decrypt(&self, _: &TransitKey, c: &str) -> Result<Zeroizing<Vec<u8>>, String> {
            Err(format!("cannot decrypt {c}"))
        }
    }

    /// Reverses the bytes: enough to check what the recipient sends and stores.
    struct Reversing;
    impl TransitApi for Reversing {
        fn encrypt(&self, _: &TransitKey, p: &[u8]) -> Result<String, String> {
            Ok(format!(
                "vault:v1:{}",
                STANDARD.encode(p.iter().rev().copied().collect::<Vec<_>>())
            ))
        }
        fn decrypt(&self, _: &TransitKey, c: &str) -> Result<Zeroizing<Vec<u8>>, String> {
            let raw = STANDARD
                .decode(c.trim_start_matches("vault:v1:"))
                .map_err(|e| e.to_string())?;
            Ok(Zeroizing::new(raw.into_iter().rev().collect()))
        }
    }

    #[test]
    fn wraps_into_sops_entries_and_unwraps_them() {
        let entry = VaultTransitRecipient::with_api(key(), Box::new(Reversing))
            .wrap(&[1, 2, 3])
            .expect("wrap");
        let MasterKey::Other { kind, raw } = &entry else {
            panic!("not a service entry")
        };
        assert_eq!(kind, "hc_vault");
        let fields: Vec<&String> = raw.as_object().expect("map").keys().collect();
        assert_eq!(
            fields,
            [
                "vault_address",
                "engine_path",
                "key_name",
                "created_at",
                "enc"
            ]
        );
        assert_eq!(raw["enc"], "vault:v1:AwIB");
        let plain =
            VaultTransitKind::unwrap_with(&entry, || Ok(Box::new(Reversing))).expect("unwrap");
        assert_eq!(plain.as_slice(), [1, 2, 3]);
    }

    #[test]
    fn service_errors_name_the_key_and_the_reason() {
        let err = VaultTransitRecipient::with_api(key(), Box::new(Refusing))
            .wrap(&[0; 32])
            .unwrap_err();
        assert_eq!(
            err.to_string(),
            "cannot encrypt the data key with Vault Transit key https://vault.example.org:8200/v1/transit/keys/dev: encrypt failed, HTTP 403: permission denied"
        );
        assert_eq!(err.exit_code(), crate::error::ExitCode::CouldNotRetrieveKey);
        let entry = key().entry("vault:v1:xyz".into());
        let err = VaultTransitKind::unwrap_with(&entry, || Ok(Box::new(Refusing))).unwrap_err();
        assert_eq!(
            err.to_string(),
            "Vault Transit: cannot decrypt vault:v1:xyz"
        );
        let err =
            VaultTransitKind::unwrap_with(&entry, || Err("no Vault token".into())).unwrap_err();
        assert_eq!(err.to_string(), "Vault Transit: no Vault token");
    }
}
