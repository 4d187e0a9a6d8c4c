//! The `vault:MOUNT/PATH#FIELD` backend: a field of a Vault/OpenBao KV v2 secret, over the
//! plain JSON HTTP API (`VAULT_ADDR`/`VAULT_TOKEN`, else `BAO_ADDR`/`BAO_TOKEN`).
//!
//! KV v2 has no current pointer other than "the highest version", so staging writes the new
//! version with `cas` = the expected current version (a concurrent writer makes it fail) and
//! marks the key's `custom_metadata` `hush.state=pending`; promotion checks that the staged
//! version is still the newest and marks it `committed`. Rollback copies the old version's
//! data forward as a new version. Nothing is deleted or destroyed; a write that would make
//! Vault evict an old version (`max_versions`, 10 by default) is refused.

use reqwest::Method;
use secrecy::{ExposeSecret, SecretString};
use serde_json::{Map, Value, json};
use zeroize::Zeroizing;

use super::backend::{Backend, VersionInfo};
use crate::error::{Error, Result};
use crate::recipients::service::block_on;
use crate::recipients::vault_transit::{VaultSettings, http_client, unreachable, vault_errors};

/// Vault's retention when neither the key nor the mount sets `max_versions`.
const DEFAULT_MAX_VERSIONS: u64 = 10;

/// The HTTP client all secrets of this process share (one connection pool, so rotating many
/// secrets reuses connections to the server), set up as for Transit keys: the extra CA
/// certificate and the time limits (`VAULT_CLIENT_TIMEOUT`) come from `settings`, which
/// are the same for the whole process.
fn shared_client(settings: &VaultSettings) -> std::result::Result<reqwest::Client, String> {
    static CLIENT: std::sync::OnceLock<reqwest::Client> = std::sync::OnceLock::new();
    if let Some(client) = CLIENT.get() {
        return Ok(client.clone());
    }
    let client = http_client(settings)?;
    Ok(CLIENT.get_or_init(|| client).clone())
}

/// One field of one KV v2 secret.
pub struct VaultKv {
    client: reqwest::Client,
    settings: VaultSettings,
    address: String,
    token: SecretString,
    mount: String,
    path: String,
    field: String,
    reference: String,
}

impl VaultKv {
    /// The field `field` of `mount/path`, with the server and token from the environment.
    pub fn from_env(mount: &str, path: &str, field: &str) -> Result<VaultKv> {
        let reference = format!("vault:{mount}/{path}#{field}");
        let mut settings = VaultSettings::from_env();
        let fail = |reason: &str| Error::SecretBackend {
            reference: reference.clone(),
            reason: reason.to_string(),
        };
        let address = settings
            .address
            .take()
            .ok_or_else(|| fail("no server: set VAULT_ADDR (or BAO_ADDR)"))?;
        let token = settings
            .token
            .take()
            .ok_or_else(|| fail("no token: set VAULT_TOKEN (or BAO_TOKEN)"))?;
        let client = shared_client(&settings).map_err(|e| fail(&e))?;
        Ok(VaultKv {
            client,
            settings,
            address: address.trim_end_matches('/').to_string(),
            token,
            mount: mount.to_string(),
            path: path.to_string(),
            field: field.to_string(),
            reference,
        })
    }

    fn fail(&self, reason: String) -> Error {
        Error::SecretBackend {
            reference: self.reference.clone(),
            reason,
        }
    }

    /// One API call: the status and the JSON answer (`Null` when empty).
    fn call(&self, method: Method, api: &str, body: Option<Value>) -> Result<(u16, Value)> {
        let url = format!("{}/v1/{}/{api}", self.address, self.mount);
        let mut request = self
            .client
            .request(method, &url)
            .header("X-Vault-Token", self.token.expose_secret())
            .header("X-Vault-Request", "true");
        if let Some(body) = body {
            request = request.json(&body);
        }
        let answer = block_on(async {
            let response = request.send().await?;
            let status = response.status().as_u16();
            Ok::<_, reqwest::Error>((status, response.text().await?))
        })
        .map_err(|e| self.fail(e))?;
        let (status, text) =
            answer.map_err(|e| self.fail(unreachable(&e, &self.address, &self.settings)))?;
        let json = serde_json::from_str(&text).unwrap_or(Value::Null);
        if status == 403 {
            return Err(self.fail(format!(
                "permission denied by {} ({}); the token's policy must allow read/create/update on {}/data/{} and {}/metadata/{}",
                self.address,
                vault_errors(&json),
                self.mount,
                self.path,
                self.mount,
                self.path
            )));
        }
        Ok((status, json))
    }

    /// Fails on a non-2xx answer other than the ones the caller handles.
    fn expect_ok(&self, what: &str, (status, json): (u16, Value)) -> Result<Value> {
        if (200..300).contains(&status) {
            Ok(json)
        } else {
            Err(self.fail(format!("{what}: HTTP {status}: {}", vault_errors(&json))))
        }
    }

    /// The key's metadata (`None` when the secret does not exist).
    fn metadata(&self) -> Result<Option<Value>> {
        let answer = self.call(Method::GET, &format!("metadata/{}", self.path), None)?;
        if answer.0 == 404 {
            return Ok(None);
        }
        Ok(Some(
            self.expect_ok("reading metadata", answer)?["data"].clone(),
        ))
    }

    /// The whole key/value map of `version` (latest when `None`).
    fn data(&self, version: Option<&str>) -> Result<Map<String, Value>> {
        let query = version.map(|v| format!("?version={v}")).unwrap_or_default();
        let answer = self.call(Method::GET, &format!("data/{}{query}", self.path), None)?;
        if answer.0 == 404 {
            return Err(match version {
                Some(v) => Error::SecretVersionNotFound {
                    reference: self.reference.clone(),
                    version: v.to_string(),
                },
                None => Error::SecretNotFound {
                    reference: self.reference.clone(),
                },
            });
        }
        let json = self.expect_ok("reading data", answer)?;
        Ok(json["data"]["data"]
            .as_object()
            .cloned()
            .unwrap_or_default())
    }

    /// Refuses a write that would make Vault evict the oldest version.
    fn check_retention(&self, meta: &Value) -> Result<()> {
        let limit = match meta["max_versions"].as_u64().filter(|&n| n > 0) {
            Some(n) => n,
            None => self.mount_max_versions()?,
        };
        let current = meta["current_version"].as_u64().unwrap_or(0);
        let oldest = meta["oldest_version"].as_u64().unwrap_or(0).max(1);
        if current > 0 && current - oldest + 1 >= limit {
            return Err(self.fail(format!(
                "a new version would make the server drop version {oldest} (max_versions {limit}); raise it with `bao kv metadata put -max-versions=N -mount={} {}` and run again",
                self.mount, self.path
            )));
        }
        Ok(())
    }

    fn mount_max_versions(&self) -> Result<u64> {
        let answer = self.call(Method::GET, "config", None)?;
        let json = self.expect_ok("reading the mount config", answer)?;
        Ok(json["data"]["max_versions"]
            .as_u64()
            .filter(|&n| n > 0)
            .unwrap_or(DEFAULT_MAX_VERSIONS))
    }

    /// Writes `data` as a new version if the current version is `cas` (0: none yet).
    fn write(&self, data: Map<String, Value>, cas: u64) -> Result<String> {
        let body = json!({ "options": { "cas": cas }, "data": data });
        let answer = self.call(Method::POST, &format!("data/{}", self.path), Some(body))?;
        if answer.0 == 400 && vault_errors(&answer.1).contains("check-and-set") {
            return Err(Error::RotationConflict {
                reference: self.reference.clone(),
                reason: format!(
                    "another writer changed the secret since version {cas} was read; nothing was written, run again"
                ),
            });
        }
        let json = self.expect_ok("writing", answer)?;
        json["data"]["version"]
            .as_u64()
            .map(|v| v.to_string())
            .ok_or_else(|| self.fail("the write's answer has no version".into()))
    }

    /// Sets hush's keys in the key's custom_metadata (kept with the others: a metadata
    /// write replaces the whole map).
    fn mark(&self, meta: &Value, pairs: &[(&str, &str)]) -> Result<()> {
        let mut custom = meta["custom_metadata"]
            .as_object()
            .cloned()
            .unwrap_or_default();
        for (k, v) in pairs {
            custom.insert((*k).to_string(), Value::String((*v).to_string()));
        }
        let body = json!({ "custom_metadata": custom });
        let answer = self.call(Method::POST, &format!("metadata/{}", self.path), Some(body))?;
        self.expect_ok("writing metadata", answer).map(|_| ())
    }

    fn require(&self, meta: Option<Value>) -> Result<Value> {
        meta.ok_or_else(|| Error::SecretNotFound {
            reference: self.reference.clone(),
        })
    }

    fn version_number(&self, v: &str) -> Result<u64> {
        v.parse().map_err(|_| Error::SecretVersionNotFound {
            reference: self.reference.clone(),
            version: v.to_string(),
        })
    }
}

impl Backend for VaultKv {
    fn versions(&self) -> Result<Vec<VersionInfo>> {
        let Some(meta) = self.metadata()? else {
            return Ok(Vec::new());
        };
        let current = meta["current_version"].as_u64().unwrap_or(0);
        let staged = meta["custom_metadata"]["hush.state"] == "pending";
        let mut list: Vec<(u64, VersionInfo)> = meta["versions"]
            .as_object()
            .into_iter()
            .flatten()
            .filter_map(|(id, v)| {
                let n: u64 = id.parse().ok()?;
                let state = if v["destroyed"] == true {
                    "destroyed"
                } else if v["deletion_time"].as_str().is_some_and(|t| !t.is_empty()) {
                    "deleted"
                } else if n == current && staged {
                    "staged"
                } else if n == current {
                    "current"
                } else {
                    "retained"
                };
                let info = VersionInfo {
                    version: id.clone(),
                    current: n == current,
                    created: v["created_time"].as_str().unwrap_or_default().to_string(),
                    state: state.to_string(),
                };
                Some((n, info))
            })
            .collect();
        list.sort_by_key(|(n, _)| *n);
        Ok(list.into_iter().map(|(_, v)| v).collect())
    }

    fn get(&self, version: Option<&str>) -> Result<Zeroizing<Vec<u8>>> {
        let data = self.data(version)?;
        match data.get(&self.field) {
            Some(Value::String(s)) => Ok(Zeroizing::new(s.as_bytes().to_vec())),
            Some(_) => Err(self.fail(format!("field `{}` is not a string", self.field))),
            None => Err(self.fail(format!("the secret has no field `{}`", self.field))),
        }
    }

    fn stage(&self, value: &[u8], expected_current: Option<&str>) -> Result<String> {
        let text = std::str::from_utf8(value)
            .map_err(|_| self.fail("Vault KV values must be UTF-8 text".into()))?;
        let meta = self.metadata()?;
        let (cas, mut data) = match (&meta, expected_current) {
            (Some(m), Some(v)) => {
                self.check_retention(m)?;
                (self.version_number(v)?, self.data(Some(v))?)
            }
            (None, None) => (0, Map::new()),
            (Some(m), None) => (m["current_version"].as_u64().unwrap_or(0), Map::new()),
            (None, Some(_)) => {
                return Err(Error::SecretNotFound {
                    reference: self.reference.clone(),
                });
            }
        };
        data.insert(self.field.clone(), Value::String(text.to_string()));
        let to = self.write(data, cas)?;
        let meta = self.require(self.metadata()?)?;
        let from = cas.to_string();
        self.mark(
            &meta,
            &[
                ("hush.state", "pending"),
                ("hush.from", &from),
                ("hush.to", &to),
            ],
        )?;
        Ok(to)
    }

    /// The staged version is already the newest in KV v2; promoting checks it still is.
    fn promote(&self, version: &str, _expected_current: Option<&str>) -> Result<()> {
        let meta = self.require(self.metadata()?)?;
        let current = meta["current_version"].as_u64().unwrap_or(0).to_string();
        if current != version {
            return Err(Error::RotationConflict {
                reference: self.reference.clone(),
                reason: format!(
                    "version {current} was written after the staged version {version}; version {current} stays current"
                ),
            });
        }
        self.mark(&meta, &[("hush.state", "committed")])
    }

    /// A staged version that lost a race is already superseded by a newer version.
    fn discard(&self, _version: &str) -> Result<()> {
        Ok(())
    }

    /// A rotation killed after its write reached the server but before the journal named the
    /// version: KV v2 made that version current as soon as it landed, whether or not the
    /// key's marks say `pending` yet. The version written right after `from` is the
    /// rotation's own (its `cas` allowed no other) or, had another writer beaten it, that
    /// writer's; either way it is the value now current, so it is adopted and the marks say
    /// committed. Anything else (nothing written, or more since) is not adopted.
    fn adopt_unrecorded(&self, from: &str) -> Result<Option<String>> {
        let Some(meta) = self.metadata()? else {
            return Ok(None);
        };
        let current = meta["current_version"].as_u64().unwrap_or(0);
        if Some(current) != self.version_number(from)?.checked_add(1) {
            return Ok(None);
        }
        let current = current.to_string();
        self.mark(
            &meta,
            &[
                ("hush.state", "committed"),
                ("hush.from", from),
                ("hush.to", &current),
            ],
        )?;
        Ok(Some(current))
    }

    fn rollback(&self, to: Option<&str>, expected_current: &str) -> Result<String> {
        let current = self.version_number(expected_current)?;
        let target = match to {
            Some(v) => v.to_string(),
            None if current > 1 => (current - 1).to_string(),
            None => {
                return Err(self.fail("there is no previous version to roll back to".into()));
            }
        };
        let meta = self.require(self.metadata()?)?;
        self.check_retention(&meta)?;
        let data = self.data(Some(&target))?;
        let new = self.write(data, current)?;
        let meta = self.require(self.metadata()?)?;
        self.mark(
            &meta,
            &[("hush.state", "committed"), ("hush.rollback-of", &target)],
        )?;
        Ok(new)
    }
}
