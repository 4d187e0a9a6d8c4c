//! The `gcp-sm:projects/P/secrets/S` backend: a GCP Secret Manager secret, through the
//! official client (REST) with the credentials of [`crate::cloud::google`];
//! `HUSH_GCP_SM_ENDPOINT` points it elsewhere (an emulator, a private endpoint).
//!
//! Versions are Secret Manager's version numbers. `latest` cannot be a rollback-safe
//! pointer (it is always the newest version), so hush keeps its own current pointer on the
//! secret, written in ONE `UpdateSecret` carrying the etag hush read:
//! - the version alias `current` (and `previous`), which consumers read as
//!   `versions/current`;
//! - the labels `hush-current`, `hush-previous` and `hush-pending`, a mirror of the aliases
//!   plus the staged version (labels, not annotations: they are what the emulator keeps).
//!
//! The current version is the alias `current`, else the label `hush-current`, else (a secret
//! hush has never rotated) the newest enabled version. Staging adds a version (Secret
//! Manager has no precondition on that) after checking the pointer is still the expected
//! version, and labels it `hush-pending`; promotion re-reads the secret, checks the pointer
//! again and moves it with the secret's etag, so on the real service a concurrent change in
//! between makes the update fail (ABORTED or FAILED_PRECONDITION), reported as a conflict.
//! Rollback moves the pointer back the same way. Versions are never disabled or destroyed.
//!
//! The drongo emulator the tests use keeps labels but drops version aliases and never checks
//! etags: there, the pointer is the label, and the read-compare-write only catches a change
//! made before the re-read, not one made between the re-read and the write.

use std::collections::HashMap;
use std::future::Future;

use google_cloud_secretmanager_v1::client::SecretManagerService;
use google_cloud_secretmanager_v1::model::secret_version::State;
use google_cloud_secretmanager_v1::model::{
    Replication, Secret, SecretPayload, SecretVersion, replication,
};
use google_cloud_wkt::FieldMask;
use zeroize::Zeroizing;

use super::backend::{Backend, VersionInfo};
use crate::cloud::google::{configure, describe_error, status_code};
use crate::error::{Error, Result};
use crate::recipients::service::{block_on, error_chain};

const SERVICE: &str = "GCP Secret Manager";
const ENDPOINT_VAR: &str = "HUSH_GCP_SM_ENDPOINT";
const ALIAS_CURRENT: &str = "current";
const ALIAS_PREVIOUS: &str = "previous";
const LABEL_CURRENT: &str = "hush-current";
const LABEL_PREVIOUS: &str = "hush-previous";
const LABEL_PENDING: &str = "hush-pending";

/// One secret in Secret Manager.
pub struct GcpSecret {
    client: SecretManagerService,
    project: String,
    secret: String,
    reference: String,
}

/// Where the pointer should go: `current`, `previous`, and whether `hush-pending` is kept.
struct Pointer<'a> {
    current: &'a str,
    previous: Option<&'a str>,
    pending: Option<&'a str>,
}

impl GcpSecret {
    /// `projects/project/secrets/secret`, with hush's Google credentials and endpoint.
    pub fn from_env(project: &str, secret: &str, reference: &str) -> Result<GcpSecret> {
        let fail = |reason: String| Error::SecretBackend {
            reference: reference.to_string(),
            reason,
        };
        let client = block_on(async {
            configure(SecretManagerService::builder(), ENDPOINT_VAR)?
                .build()
                .await
                .map_err(|e| {
                    format!(
                        "cannot set up the Secret Manager client: {}",
                        error_chain(&e)
                    )
                })
        })
        .and_then(|r| r)
        .map_err(fail)?;
        Ok(GcpSecret {
            client,
            project: project.to_string(),
            secret: secret.to_string(),
            reference: reference.to_string(),
        })
    }

    fn name(&self) -> String {
        format!("projects/{}/secrets/{}", self.project, self.secret)
    }

    fn fail(&self, reason: String) -> Error {
        Error::SecretBackend {
            reference: self.reference.clone(),
            reason,
        }
    }

    fn conflict(&self, reason: String) -> Error {
        Error::RotationConflict {
            reference: self.reference.clone(),
            reason,
        }
    }

    fn refused(&self, what: &str, e: &google_cloud_secretmanager_v1::Error) -> Error {
        self.fail(format!("{what}: {}", describe_error(e, SERVICE, hint)))
    }

    fn run<T, F>(
        &self,
        future: F,
    ) -> Result<std::result::Result<T, google_cloud_secretmanager_v1::Error>>
    where
        F: Future<Output = google_cloud_secretmanager_v1::Result<T>>,
    {
        block_on(future).map_err(|e| self.fail(e))
    }

    /// The secret's metadata (`None`: no such secret).
    fn secret(&self) -> Result<Option<Secret>> {
        match self.run(self.client.get_secret().set_name(self.name()).send())? {
            Ok(s) => Ok(Some(s)),
            Err(e) if code_is(&e, "NotFound") => Ok(None),
            Err(e) => Err(self.refused("reading the secret", &e)),
        }
    }

    fn require(&self) -> Result<Secret> {
        self.secret()?.ok_or_else(|| Error::SecretNotFound {
            reference: self.reference.clone(),
        })
    }

    /// Every version, oldest first (empty when the secret does not exist).
    fn list(&self) -> Result<Vec<(u64, SecretVersion)>> {
        let mut all = Vec::new();
        let mut token = String::new();
        loop {
            let call = self
                .client
                .list_secret_versions()
                .set_parent(self.name())
                .set_page_token(token.clone())
                .send();
            let page = match self.run(call)? {
                Ok(page) => page,
                Err(e) if code_is(&e, "NotFound") => return Ok(Vec::new()),
                Err(e) => return Err(self.refused("listing versions", &e)),
            };
            all.extend(
                page.versions
                    .into_iter()
                    .filter_map(|v| Some((number_of(&v.name)?, v))),
            );
            if page.next_page_token.is_empty() {
                all.sort_by_key(|(n, _)| *n);
                return Ok(all);
            }
            token = page.next_page_token;
        }
    }

    /// The current version: the pointer hush keeps, else the newest enabled version.
    fn effective(&self, secret: &Secret) -> Result<Option<String>> {
        if let Some(v) = pointer(secret) {
            return Ok(Some(v));
        }
        Ok(self
            .list()?
            .into_iter()
            .rev()
            .find(|(_, v)| v.state == State::Enabled)
            .map(|(n, _)| n.to_string()))
    }

    /// Fails with a conflict unless the current version is `expected`.
    fn check_current(&self, secret: &Secret, expected: &str, kept: &str) -> Result<()> {
        let now = self.effective(secret)?;
        if now.as_deref() == Some(expected) {
            return Ok(());
        }
        Err(self.conflict(format!(
            "version {} became current after {expected} was read; {kept}",
            now.as_deref().unwrap_or("none")
        )))
    }

    /// Writes the pointer (aliases and labels, other ones kept) with `secret`'s etag.
    fn write_pointer(&self, secret: Secret, to: Pointer) -> Result<()> {
        let mut labels = secret.labels.clone();
        let mut aliases = secret.version_aliases.clone();
        set_or_remove(&mut labels, LABEL_CURRENT, Some(to.current));
        set_or_remove(&mut labels, LABEL_PREVIOUS, to.previous);
        set_or_remove(&mut labels, LABEL_PENDING, to.pending);
        self.set_alias(&mut aliases, ALIAS_CURRENT, Some(to.current))?;
        self.set_alias(&mut aliases, ALIAS_PREVIOUS, to.previous)?;
        self.update(secret, labels, aliases)
    }

    fn set_alias(
        &self,
        aliases: &mut HashMap<String, i64>,
        alias: &str,
        v: Option<&str>,
    ) -> Result<()> {
        match v {
            Some(v) => {
                let n = v.parse().map_err(|_| Error::SecretVersionNotFound {
                    reference: self.reference.clone(),
                    version: v.to_string(),
                })?;
                aliases.insert(alias.to_string(), n);
            }
            None => {
                aliases.remove(alias);
            }
        }
        Ok(())
    }

    /// `UpdateSecret` of labels and aliases, guarded by the etag `secret` was read with.
    fn update(
        &self,
        secret: Secret,
        labels: HashMap<String, String>,
        aliases: HashMap<String, i64>,
    ) -> Result<()> {
        let body = Secret::new()
            .set_name(self.name())
            .set_etag(secret.etag)
            .set_labels(labels)
            .set_version_aliases(aliases);
        let call = self
            .client
            .update_secret()
            .set_secret(body)
            .set_update_mask(FieldMask::default().set_paths(["labels", "version_aliases"]))
            .send();
        match self.run(call)? {
            Ok(_) => Ok(()),
            Err(e) if code_is(&e, "Aborted") || code_is(&e, "FailedPrecondition") => Err(self
                .conflict(format!(
                    "the secret changed since it was read ({})",
                    describe_error(&e, SERVICE, hint)
                ))),
            Err(e) => Err(self.refused("updating the secret's pointer", &e)),
        }
    }

    /// Sets or removes the `hush-pending` label, other labels and aliases unchanged.
    fn mark_pending(&self, secret: Secret, pending: Option<&str>) -> Result<()> {
        let mut labels = secret.labels.clone();
        set_or_remove(&mut labels, LABEL_PENDING, pending);
        let aliases = secret.version_aliases.clone();
        self.update(secret, labels, aliases)
    }

    /// Creates the secret (automatic replication) unless it exists without versions.
    fn create(&self) -> Result<()> {
        let call =
            self.client
                .create_secret()
                .set_parent(format!("projects/{}", self.project))
                .set_secret_id(&self.secret)
                .set_secret(Secret::new().set_replication(
                    Replication::new().set_automatic(replication::Automatic::new()),
                ))
                .send();
        match self.run(call)? {
            Ok(_) => Ok(()),
            Err(e) if code_is(&e, "AlreadyExists") && self.list()?.is_empty() => Ok(()),
            Err(e) if code_is(&e, "AlreadyExists") => Err(self.conflict(
                "the secret was created by someone else meanwhile; nothing was written".into(),
            )),
            Err(e) => Err(self.refused("creating the secret", &e)),
        }
    }

    /// `AddSecretVersion`; returns the new version's number.
    fn add(&self, value: &[u8]) -> Result<String> {
        let call = self
            .client
            .add_secret_version()
            .set_parent(self.name())
            .set_payload(SecretPayload::new().set_data(value.to_vec()))
            .send();
        let version = self
            .run(call)?
            .map_err(|e| self.refused("adding a version", &e))?;
        number_of(&version.name)
            .map(|n| n.to_string())
            .ok_or_else(|| self.fail(format!("unexpected version name `{}`", version.name)))
    }

    /// Fails unless `version` exists and is enabled (a pointer to it must be readable).
    fn check_enabled(&self, version: &str) -> Result<()> {
        let call = self
            .client
            .get_secret_version()
            .set_name(format!("{}/versions/{version}", self.name()))
            .send();
        let v = match self.run(call)? {
            Ok(v) => v,
            Err(e) if code_is(&e, "NotFound") || code_is(&e, "InvalidArgument") => {
                return Err(Error::SecretVersionNotFound {
                    reference: self.reference.clone(),
                    version: version.to_string(),
                });
            }
            Err(e) => return Err(self.refused("reading the version", &e)),
        };
        if v.state != State::Enabled {
            return Err(self.fail(format!(
                "version {version} is {}; hush never enables or disables versions, enable it with `gcloud secrets versions enable` first",
                state_name(&v.state)
            )));
        }
        Ok(())
    }

    /// The version before `current` that rollback goes back to.
    fn previous(&self, secret: &Secret, current: &str) -> Result<String> {
        if let Some(v) = secret
            .version_aliases
            .get(ALIAS_PREVIOUS)
            .map(i64::to_string)
            .or_else(|| secret.labels.get(LABEL_PREVIOUS).cloned())
        {
            return Ok(v);
        }
        let current: u64 = current.parse().unwrap_or(u64::MAX);
        self.list()?
            .into_iter()
            .rev()
            .find(|(n, v)| *n < current && v.state == State::Enabled)
            .map(|(n, _)| n.to_string())
            .ok_or_else(|| self.fail("there is no previous enabled version to roll back to".into()))
    }
}

impl Backend for GcpSecret {
    fn versions(&self) -> Result<Vec<VersionInfo>> {
        let Some(secret) = self.secret()? else {
            return Ok(Vec::new());
        };
        let current = self.effective(&secret)?;
        let pending = secret.labels.get(LABEL_PENDING);
        Ok(self
            .list()?
            .into_iter()
            .map(|(n, v)| {
                let id = n.to_string();
                let is_current = current.as_deref() == Some(id.as_str());
                let state = match v.state {
                    State::Enabled if is_current => "current",
                    State::Enabled if pending == Some(&id) => "staged",
                    State::Enabled => "retained",
                    ref other => state_name(other),
                };
                VersionInfo {
                    current: is_current,
                    created: v.create_time.map(String::from).unwrap_or_default(),
                    state: state.to_string(),
                    version: id,
                }
            })
            .collect())
    }

    fn current(&self) -> Result<Option<String>> {
        match self.secret()? {
            Some(secret) => self.effective(&secret),
            None => Ok(None),
        }
    }

    fn get(&self, version: Option<&str>) -> Result<Zeroizing<Vec<u8>>> {
        let version = match version {
            Some(v) => v.to_string(),
            None => self.current()?.ok_or_else(|| Error::SecretNotFound {
                reference: self.reference.clone(),
            })?,
        };
        let call = self
            .client
            .access_secret_version()
            .set_name(format!("{}/versions/{version}", self.name()))
            .send();
        match self.run(call)? {
            Ok(out) => Ok(Zeroizing::new(
                out.payload.map(|p| p.data.to_vec()).unwrap_or_default(),
            )),
            Err(e) if code_is(&e, "NotFound") || code_is(&e, "InvalidArgument") => {
                Err(Error::SecretVersionNotFound {
                    reference: self.reference.clone(),
                    version,
                })
            }
            Err(e) => Err(self.refused(&format!("reading version {version}"), &e)),
        }
    }

    fn stage(&self, value: &[u8], expected_current: Option<&str>) -> Result<String> {
        let Some(expected) = expected_current else {
            self.create()?;
            return self.add(value);
        };
        let secret = self.require()?;
        self.check_current(&secret, expected, "nothing was written")?;
        if pointer(&secret).is_none() {
            // Pin the implicit current version first: the new one would be "newest" next.
            let pin = Pointer {
                current: expected,
                previous: None,
                pending: None,
            };
            self.write_pointer(secret, pin)?;
        }
        let version = self.add(value)?;
        self.mark_pending(self.require()?, Some(&version))?;
        Ok(version)
    }

    fn promote(&self, version: &str, expected_current: Option<&str>) -> Result<()> {
        let secret = self.require()?;
        if pointer(&secret).as_deref() == Some(version) {
            return self.discard(version);
        }
        let kept = format!("version {version} is kept but not current");
        match expected_current {
            Some(expected) => self.check_current(&secret, expected, &kept)?,
            None if pointer(&secret).is_some() => {
                return Err(self.conflict(format!(
                    "the secret was created by someone else meanwhile; {kept}"
                )));
            }
            None => {}
        }
        let pending = secret
            .labels
            .get(LABEL_PENDING)
            .filter(|p| p.as_str() != version)
            .cloned();
        let pointer = Pointer {
            current: version,
            previous: expected_current,
            pending: pending.as_deref(),
        };
        self.write_pointer(secret, pointer)
    }

    fn discard(&self, version: &str) -> Result<()> {
        let secret = self.require()?;
        if secret.labels.get(LABEL_PENDING).map(String::as_str) != Some(version) {
            return Ok(());
        }
        match self.mark_pending(secret, None) {
            // Someone changed the secret meanwhile; the label is only a marker.
            Err(Error::RotationConflict { .. }) => Ok(()),
            other => other,
        }
    }

    fn rollback(&self, to: Option<&str>, expected_current: &str) -> Result<String> {
        let secret = self.require()?;
        self.check_current(&secret, expected_current, "nothing was changed")?;
        let target = match to {
            Some(v) => v.to_string(),
            None => self.previous(&secret, expected_current)?,
        };
        if target == expected_current {
            return Err(self.fail(format!("version {target} is already current")));
        }
        self.check_enabled(&target)?;
        let pending = secret.labels.get(LABEL_PENDING).cloned();
        let pointer = Pointer {
            current: &target,
            previous: Some(expected_current),
            pending: pending.as_deref(),
        };
        self.write_pointer(secret, pointer)?;
        Ok(target)
    }

    /// A rotation killed after `AddSecretVersion` may have left `hush-pending` on a version
    /// nobody will promote: the label goes, the version stays.
    fn release_unrecorded(&self, _from: &str) -> Result<()> {
        match self.secret()? {
            Some(secret) if secret.labels.contains_key(LABEL_PENDING) => {
                self.mark_pending(secret, None)
            }
            _ => Ok(()),
        }
    }
}

/// The pointer hush wrote: the alias `current`, else the label `hush-current`.
fn pointer(secret: &Secret) -> Option<String> {
    secret
        .version_aliases
        .get(ALIAS_CURRENT)
        .map(i64::to_string)
        .or_else(|| secret.labels.get(LABEL_CURRENT).cloned())
}

fn set_or_remove(labels: &mut HashMap<String, String>, key: &str, value: Option<&str>) {
    match value {
        Some(v) => labels.insert(key.to_string(), v.to_string()),
        None => labels.remove(key),
    };
}

/// The number at the end of `projects/P/secrets/S/versions/N`.
fn number_of(name: &str) -> Option<u64> {
    name.rsplit('/').next()?.parse().ok()
}

fn code_is(e: &google_cloud_secretmanager_v1::Error, code: &str) -> bool {
    status_code(e).as_deref() == Some(code)
}

fn state_name(state: &State) -> &'static str {
    match state {
        State::Enabled => "enabled",
        State::Disabled => "disabled",
        State::Destroyed => "destroyed",
        _ => "unknown",
    }
}

fn hint(code: &str) -> &'static str {
    match code {
        "PermissionDenied" => {
            " (the credentials need roles/secretmanager.secretVersionManager and secretmanager.secrets.update, or roles/secretmanager.admin, on this secret)"
        }
        "FailedPrecondition" => " (is the version disabled or destroyed?)",
        "NotFound" => " (no such project or secret)",
        _ => "",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn version_numbers_come_from_names() {
        assert_eq!(number_of("projects/p/secrets/s/versions/12"), Some(12));
        assert_eq!(number_of("projects/p/secrets/s/versions/latest"), None);
    }

    #[test]
    fn the_alias_wins_over_the_label_mirror() {
        let labels_only = Secret::new().set_labels([(LABEL_CURRENT, "3")]);
        assert_eq!(pointer(&labels_only).as_deref(), Some("3"));
        let both = labels_only.set_version_aliases([(ALIAS_CURRENT, 4i64)]);
        assert_eq!(pointer(&both).as_deref(), Some("4"));
        assert_eq!(pointer(&Secret::new()), None);
    }
}
