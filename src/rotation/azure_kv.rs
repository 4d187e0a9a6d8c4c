//! The `azure-kv:https://VAULT.vault.azure.net/secrets/NAME` backend: an Azure Key Vault
//! secret, through the official SDK (`azure_security_keyvault_secrets`) with the client setup
//! the Key Vault recipients use ([`crate::recipients::azure_client`]).
//!
//! Key Vault's model: every `set` creates a new version of NAME (a 32-hex id), a read without
//! a version returns the latest one, a version's value never changes but its tags and
//! `enabled` flag do, and there is no precondition on `set` (no ETag, no check-and-set) and
//! no way to delete one version. So, in hush:
//!
//! * **current** is the latest version of NAME, what every consumer reads.
//! * **stage** writes the new value as a version of the sibling secret `NAME--hush-pending`
//!   (tagged `hush-state=staged`, `hush-from=<current>`), where readers of NAME do not see
//!   it. (A disabled new version of NAME is no way to stage: Key Vault then fails reads of
//!   the latest version instead of falling back.)
//! * **promote** copies the staged value into NAME with tags `hush-state=promoted`,
//!   `hush-staged=<pending version>`, `hush-from=<previous current>`, guarded by a
//!   best-effort check-and-set (below). A version of NAME tagged with the staged id means the
//!   promotion already happened, which makes an interrupted promotion resumable.
//! * **rollback** copies the old value forward as a new latest version tagged
//!   `hush-state=rolled-back`, `hush-rollback-of=<version>`; the default target is the
//!   version the current one replaced (`hush-from`), else the one before it.
//! * A staged version that lost a race is tagged `hush-state=abandoned`. Nothing is ever
//!   deleted, purged or disabled; every version stays readable.
//!
//! The check-and-set, as close as Key Vault allows: list NAME's versions and read its latest
//! version; if that is not the expected current, fail with a conflict having written
//! nothing. Otherwise write, then list and read the latest again (listing again if the
//! latest is not in the listing yet). Versions that appeared since the first listing were
//! written by others during this window, and **the earliest write wins**:
//!
//! * nothing else appeared, or only writes known to come after ours (the latest version, a
//!   later creation second, or a copy of ours) → ours is first. It wins if it is the latest,
//!   if the latest copies it forward, or if the latest is another hush write from the same
//!   previous version (that writer, by these rules, loses and copies ours forward). A later
//!   write by anything else (no hush tags) stays current and ours loses.
//! * another write may have come before ours → ours loses (conflict, exit 81) and is tagged
//!   `hush-state=abandoned`; if ours is the latest (what readers now get), the earliest
//!   other write is copied forward on top (`hush-state=restored`, `hush-restores=<winner>`,
//!   `hush-lost=<ours>`).
//!
//! So of two hush rotations that both write, exactly one reports success and its value ends
//! up current. What remains open without a precondition on the server:
//! * between the loser's write and its copy-forward (one listing, one read and one write
//!   later) readers get the loser's value; if the loser dies in between, its value stays
//!   current although the winner reported success (all versions stay readable);
//! * a writer that does not follow this protocol and writes after the winner's second look
//!   silently becomes current (nothing can see it in time);
//! * with more than two writers inside one second, the creation stamps cannot order them
//!   and several may report a conflict; the copy-forward itself is not checked.
//!
//! The window runs from the listing before the write to the read after it: five round trips
//! to the vault on a promotion (list, read the staged value, read the latest, write, list,
//! read the latest).
//!
//! The SDK keeps values in plain `String`s while a call runs; hush moves them into
//! zeroizing buffers as soon as it has them.
//!
//! No Azure Key Vault server can be run locally, so `tests/rotation_azure.rs` exercises this
//! module against a labelled stand-in (`tests/kms_servers/azure_kv_standin.py`) that follows
//! the published REST API; agreement with the real service rests on that.

use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::future::Future;

use azure_security_keyvault_secrets::models::{
    Secret, SecretClientGetSecretOptions, SecretClientUpdateSecretPropertiesOptions,
    SecretProperties, SetSecretParameters, UpdateSecretPropertiesParameters,
};
use azure_security_keyvault_secrets::{ResourceExt, ResourceId, SecretClient, SecretClientOptions};
use futures::StreamExt;
use zeroize::Zeroizing;

use super::backend::{Backend, VersionInfo};
use crate::error::{Error, Result};
use crate::recipients::azure_client::{describe_error, http_status, vault_client_setup};
use crate::recipients::service::{block_on, error_chain};

/// The sibling secret that holds staged values.
const PENDING_SUFFIX: &str = "--hush-pending";
/// Key Vault's longest secret name.
const MAX_NAME: usize = 127;
const STATE: &str = "hush-state";
const FROM: &str = "hush-from";
const STAGED: &str = "hush-staged";
const ROLLBACK_OF: &str = "hush-rollback-of";
const RESTORES: &str = "hush-restores";
const LOST: &str = "hush-lost";
const ABANDONED: &str = "abandoned";

type Tags = HashMap<String, String>;

/// One version of NAME or of its pending sibling, as listed.
#[derive(Clone, Debug)]
struct Version {
    id: String,
    /// Unix seconds (Key Vault's resolution).
    created: i64,
    tags: Tags,
}

impl Version {
    fn tag(&self, key: &str) -> Option<&str> {
        self.tags.get(key).map(String::as_str)
    }
}

/// One secret of one vault.
pub struct AzureKv {
    client: SecretClient,
    name: String,
    pending: String,
    reference: String,
    /// Staged (pending) version → the version of NAME it was promoted as.
    promoted: RefCell<HashMap<String, String>>,
}

impl AzureKv {
    /// The secret `name` of the vault at `vault` (`https://VAULT.vault.azure.net`), with
    /// the credential from the environment.
    pub fn new(vault: &str, name: &str) -> Result<AzureKv> {
        let reference = format!("azure-kv:{vault}/secrets/{name}");
        let fail = |reason: String| Error::SecretBackend {
            reference: reference.clone(),
            reason,
        };
        let setup = vault_client_setup().map_err(fail)?;
        let options = SecretClientOptions {
            verify_challenge_resource: Some(setup.verify_challenge_resource),
            client_options: setup.client_options,
            ..Default::default()
        };
        let client = SecretClient::new(vault, setup.credential, Some(options)).map_err(|e| {
            fail(format!(
                "cannot set up the Key Vault client: {}",
                error_chain(&e)
            ))
        })?;
        Ok(AzureKv {
            client,
            name: name.to_string(),
            pending: format!("{name}{PENDING_SUFFIX}"),
            reference,
            promoted: RefCell::new(HashMap::new()),
        })
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

    fn version_not_found(&self, version: &str) -> Error {
        Error::SecretVersionNotFound {
            reference: self.reference.clone(),
            version: version.to_string(),
        }
    }

    /// Runs one SDK call; `Ok(None)` when the vault answers 404.
    fn call<T>(
        &self,
        what: &str,
        future: impl Future<Output = azure_core::Result<T>>,
    ) -> Result<Option<T>> {
        match block_on(future).map_err(|e| self.fail(e))? {
            Ok(v) => Ok(Some(v)),
            Err(e) if http_status(&e) == Some(404) => Ok(None),
            Err(e) => Err(self.fail(format!(
                "{what}: {}",
                describe_error(&e, |status| match status {
                    401 => " (the credential was refused)",
                    403 => {
                        " (permission denied, or the version is disabled: the identity needs the secrets get, list and set permissions on this vault, e.g. the Key Vault Secrets Officer role)"
                    }
                    409 => {
                        " (the secret is deleted but recoverable: recover it, or purge it, first)"
                    }
                    _ => "",
                })
            ))),
        }
    }

    /// The version id in a secret's id URL.
    fn version_id(&self, item: &impl ResourceExt) -> Result<String> {
        item.resource_id()
            .ok()
            .and_then(|id: ResourceId| id.version)
            .ok_or_else(|| self.fail("the vault's answer names no version".into()))
    }

    /// Every version of `secret` (empty when it does not exist), in the vault's order.
    fn list(&self, secret: &str) -> Result<Vec<Version>> {
        let what = format!("listing the versions of {secret}");
        let pager = self
            .client
            .list_secret_properties_versions(secret, None)
            .map_err(|e| self.fail(format!("{what}: {}", error_chain(&e))))?;
        let items = self
            .call(&what, async move {
                let mut pager = pager;
                let mut items: Vec<SecretProperties> = Vec::new();
                while let Some(item) = pager.next().await {
                    items.push(item?);
                }
                Ok(items)
            })?
            .unwrap_or_default();
        items
            .iter()
            .map(|p| {
                Ok(Version {
                    id: self.version_id(p)?,
                    created: p
                        .attributes
                        .as_ref()
                        .and_then(|a| a.created)
                        .map_or(0, |t| t.unix_timestamp()),
                    tags: p.tags.clone().unwrap_or_default(),
                })
            })
            .collect()
    }

    /// `secret` at `version` (latest when `None`); `None` when there is no such version.
    fn read(&self, secret: &str, version: Option<&str>) -> Result<Option<Secret>> {
        let options = SecretClientGetSecretOptions {
            secret_version: version.map(str::to_string),
            ..Default::default()
        };
        self.call(&format!("reading {secret}"), async {
            self.client
                .get_secret(secret, Some(options))
                .await?
                .into_model()
        })
    }

    /// The value of `secret` at `version`, if it exists.
    fn value(&self, secret: &str, version: &str) -> Result<Option<Zeroizing<String>>> {
        Ok(self
            .read(secret, Some(version))?
            .map(|s| Zeroizing::new(s.value.unwrap_or_default())))
    }

    /// The id of NAME's latest version (what consumers read), if NAME exists.
    fn latest(&self) -> Result<Option<String>> {
        self.read(&self.name, None)?
            .map(|s| self.version_id(&s))
            .transpose()
    }

    /// Writes `value` as a new version of `secret` with `tags`; returns its id.
    fn write(&self, secret: &str, value: &str, tags: Tags) -> Result<String> {
        let what = format!("writing {secret}");
        let parameters = SetSecretParameters {
            value: Some(value.to_string()),
            tags: Some(tags),
            ..Default::default()
        }
        .try_into()
        .map_err(|e: azure_core::Error| self.fail(format!("{what}: {}", error_chain(&e))))?;
        let written = self
            .call(&what, async {
                self.client
                    .set_secret(secret, parameters, None)
                    .await?
                    .into_model()
            })?
            .ok_or_else(|| self.fail(format!("{what}: HTTP 404")))?;
        self.version_id(&written)
    }

    /// Adds `key=value` to the tags of `version` of `secret` (the other tags are kept).
    fn tag(&self, secret: &str, version: &Version, key: &str, value: &str) -> Result<()> {
        let what = format!("tagging version {} of {secret}", version.id);
        let mut tags = version.tags.clone();
        tags.insert(key.to_string(), value.to_string());
        let parameters = UpdateSecretPropertiesParameters {
            tags: Some(tags),
            ..Default::default()
        }
        .try_into()
        .map_err(|e: azure_core::Error| self.fail(format!("{what}: {}", error_chain(&e))))?;
        let options = SecretClientUpdateSecretPropertiesOptions {
            secret_version: Some(version.id.clone()),
            ..Default::default()
        };
        self.call(&what, async {
            self.client
                .update_secret_properties(secret, parameters, Some(options))
                .await
        })?
        .map(|_| ())
        .ok_or_else(|| self.version_not_found(&version.id))
    }

    /// Fails with a conflict unless NAME's latest version is `expected` (`None`: no NAME).
    fn require_latest(&self, expected: Option<&str>) -> Result<()> {
        let latest = self.latest()?;
        if latest.as_deref() == expected {
            return Ok(());
        }
        Err(self.conflict(format!(
            "version {} is current, not {}; nothing was written, run again",
            latest.as_deref().unwrap_or("(none)"),
            expected.unwrap_or("(none)")
        )))
    }

    /// Writes `value` as NAME's new latest version if `expected` is still the latest, with
    /// the check-and-set described in the module documentation. `before` is NAME's version
    /// list read before the check.
    fn write_checked(
        &self,
        value: &str,
        expected: Option<&str>,
        before: &[Version],
        tags: Tags,
    ) -> Result<String> {
        self.require_latest(expected)?;
        let ours = self.write(&self.name, value, tags)?;
        let (after, latest) = self.look_again()?;
        let known: HashSet<&str> = before.iter().map(|v| v.id.as_str()).collect();
        let race = Race {
            ours: &ours,
            new: after
                .iter()
                .filter(|v| !known.contains(v.id.as_str()))
                .collect(),
            latest: latest.as_deref(),
            expected,
        };
        match race.first_before_ours() {
            Some(winner) => Err(self.lose_to_earlier(&race, winner)),
            None if race.later_writer_yields() => Ok(ours),
            None => Err(self.abandon(
                &race,
                Ok(format!(
                    "version {} was written after this one ({ours}) by another writer and stays current",
                    latest.as_deref().unwrap_or("(none)")
                )),
            )),
        }
    }

    /// NAME's versions and its latest one, listed again (up to three times) until the
    /// listing holds the latest: a write landing between the two calls is then seen whole.
    fn look_again(&self) -> Result<(Vec<Version>, Option<String>)> {
        let mut tries = 0;
        loop {
            let after = self.list(&self.name)?;
            let latest = self.latest()?;
            tries += 1;
            let listed = latest
                .as_ref()
                .is_none_or(|l| after.iter().any(|v| &v.id == l));
            if listed || tries == 3 {
                return Ok((after, latest));
            }
        }
    }

    /// Another writer wrote `winner` first: when ours is the latest, copies the winner's
    /// value forward on top of it; ours is tagged abandoned either way.
    fn lose_to_earlier(&self, race: &Race, winner: &Version) -> Error {
        let ours = race.ours;
        let outcome = if race.latest == Some(ours) {
            self.restore(race, winner).map(|restored| {
                format!(
                    "version {} was written first, by another writer, while this one wrote {ours}; its value is current again as version {restored}",
                    winner.id
                )
            })
        } else {
            Ok(format!(
                "version {} was written first, by another writer, while this one wrote {ours}; version {} is current",
                winner.id,
                race.latest.unwrap_or("(none)")
            ))
        };
        self.abandon(race, outcome)
    }

    /// Tags our version abandoned; the conflict says what happened (`outcome`).
    fn abandon(&self, race: &Race, outcome: Result<String>) -> Error {
        let ours = race.ours;
        let tagged = match race.new.iter().find(|v| v.id == ours) {
            Some(version) => self.tag(&self.name, version, STATE, ABANDONED),
            None => Ok(()),
        };
        match (outcome, tagged) {
            (Ok(what), Ok(())) => self.conflict(format!(
                "{what}; version {ours} is kept (abandoned), run again"
            )),
            (Err(e), _) | (_, Err(e)) => e,
        }
    }

    /// Copies `winner`'s value forward as NAME's latest version, on top of our version that
    /// lost to it; returns the new id.
    fn restore(&self, race: &Race, winner: &Version) -> Result<String> {
        let value = self
            .value(&self.name, &winner.id)?
            .ok_or_else(|| self.version_not_found(&winner.id))?;
        let mut tags = tags("restored", RESTORES, &winner.id);
        tags.insert(LOST.into(), race.ours.into());
        if let Some(from) = race.expected {
            tags.insert(FROM.into(), from.into());
        }
        self.write(&self.name, &value, tags)
    }

    /// A version id as Key Vault makes them (32 hex digits); anything else names none.
    fn check_version(&self, version: &str) -> Result<()> {
        if version.len() == 32 && version.chars().all(|c| c.is_ascii_hexdigit()) {
            Ok(())
        } else {
            Err(self.version_not_found(version))
        }
    }

    /// When a version of NAME carries the staged id, the promotion already happened: the
    /// version now current for it (that one or a copy of it), or a conflict when a newer
    /// write superseded it. `None` when it was not promoted yet.
    fn already_promoted(&self, main: &[Version], staged: &str) -> Result<Option<String>> {
        let Some(done) = main.iter().find(|v| v.tag(STAGED) == Some(staged)) else {
            return Ok(None);
        };
        let latest = self.latest()?;
        let copied = main
            .iter()
            .find(|v| Some(v.id.as_str()) == latest.as_deref())
            .is_some_and(|l| l.tag(RESTORES) == Some(done.id.as_str()));
        match latest {
            Some(l) if l == done.id || copied => Ok(Some(l)),
            other => Err(self.conflict(format!(
                "staged version {staged} was promoted as {}, but version {} was written after it and stays current",
                done.id,
                other.as_deref().unwrap_or("(none)")
            ))),
        }
    }

    /// The version `current` replaced (its `hush-from`), else the one listed before it.
    fn previous(&self, main: &[Version], current: &str) -> Result<String> {
        let at = main
            .iter()
            .position(|v| v.id == current)
            .ok_or_else(|| self.version_not_found(current))?;
        main[at]
            .tag(FROM)
            .filter(|f| main.iter().any(|v| v.id == *f))
            .map(str::to_string)
            .or_else(|| at.checked_sub(1).map(|i| main[i].id.clone()))
            .ok_or_else(|| self.fail("there is no previous version to roll back to".into()))
    }

    /// NAME's versions oldest first (see [`order`]); the latest is `latest`.
    fn ordered(&self, mut versions: Vec<Version>, latest: Option<&str>) -> Vec<Version> {
        order(&mut versions, latest);
        versions
    }
}

/// What the second look after a write found: our version, the versions of NAME that
/// appeared since the listing before the check (ours included), and the latest one.
struct Race<'a> {
    ours: &'a str,
    new: Vec<&'a Version>,
    latest: Option<&'a str>,
    /// The version that was current when the write was decided.
    expected: Option<&'a str>,
}

impl Race<'_> {
    /// Whether `v` is known to have been written after ours: it is the latest, it is
    /// stamped a later second, it copies ours forward, or such a copy names it the loser.
    fn after_ours(&self, v: &Version) -> bool {
        let ours_created = self
            .new
            .iter()
            .find(|n| n.id == self.ours)
            .map(|n| n.created);
        self.latest == Some(v.id.as_str())
            || ours_created.is_some_and(|c| v.created > c)
            || v.tag(RESTORES) == Some(self.ours)
            || self
                .new
                .iter()
                .any(|r| r.tag(RESTORES) == Some(self.ours) && r.tag(LOST) == Some(v.id.as_str()))
    }

    /// The earliest version another writer made that is not known to come after ours.
    fn first_before_ours(&self) -> Option<&Version> {
        self.new
            .iter()
            .copied()
            .filter(|v| v.id != self.ours && !self.after_ours(v))
            .min_by_key(|v| (v.created, v.id.as_str()))
    }

    /// With nothing written before ours, ours wins if it is the latest, if the latest
    /// copies it forward, or if the latest is another hush write from the same version
    /// (which, by this protocol, yields to the earlier write and copies it forward).
    fn later_writer_yields(&self) -> bool {
        let Some(latest) = self.latest else {
            return false;
        };
        latest == self.ours
            || self.new.iter().find(|v| v.id == latest).is_some_and(|l| {
                l.tag(RESTORES) == Some(self.ours)
                    || (l.tag(FROM) == self.expected
                        && matches!(l.tag(STATE), Some("promoted" | "rolled-back")))
            })
    }
}

/// `hush-state=state` and `key=value`.
fn tags(state: &str, key: &str, value: &str) -> Tags {
    Tags::from([
        (STATE.to_string(), state.to_string()),
        (key.to_string(), value.to_string()),
    ])
}

/// Sorts versions oldest first: by creation second, then (Key Vault's clock has whole
/// seconds) after the version their `hush-from` tag names, then by id; the latest version
/// goes last whatever its stamp says.
fn order(versions: &mut [Version], latest: Option<&str>) {
    let from: HashMap<String, String> = versions
        .iter()
        .filter_map(|v| v.tag(FROM).map(|f| (v.id.clone(), f.to_string())))
        .collect();
    let depth = |id: &str| {
        let mut n = 0usize;
        let mut at = id;
        while let Some(prev) = from.get(at) {
            n += 1;
            at = prev;
            if n > from.len() {
                break;
            }
        }
        n
    };
    versions.sort_by_cached_key(|v| {
        (
            latest == Some(v.id.as_str()),
            v.created,
            depth(&v.id),
            v.id.clone(),
        )
    });
}

/// NAME's versions as listed: the latest is current, the others retained or abandoned.
fn main_infos(versions: Vec<Version>, latest: Option<&str>) -> Vec<VersionInfo> {
    versions
        .into_iter()
        .map(|v| {
            let current = latest == Some(v.id.as_str());
            let state = match (current, v.tag(STATE)) {
                (true, _) => "current",
                (false, Some(ABANDONED)) => ABANDONED,
                (false, _) => "retained",
            };
            info(v, current, state)
        })
        .collect()
}

fn info(v: Version, current: bool, state: &str) -> VersionInfo {
    VersionInfo {
        version: v.id,
        current,
        created: rfc3339(v.created),
        state: state.to_string(),
    }
}

fn rfc3339(unix: i64) -> String {
    chrono::DateTime::from_timestamp(unix, 0)
        .map(|t| t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true))
        .unwrap_or_default()
}

impl Backend for AzureKv {
    fn versions(&self) -> Result<Vec<VersionInfo>> {
        let main = self.list(&self.name)?;
        let latest = if main.is_empty() {
            None
        } else {
            self.latest()?
        };
        let promoted: HashSet<String> = main
            .iter()
            .filter_map(|v| v.tag(STAGED).map(str::to_string))
            .collect();
        let mut list = main_infos(self.ordered(main, latest.as_deref()), latest.as_deref());
        let mut pending = self.list(&self.pending)?;
        pending.retain(|v| !promoted.contains(&v.id));
        order(&mut pending, None);
        list.extend(pending.into_iter().map(|v| {
            let state = match v.tag(STATE) {
                Some(ABANDONED) => ABANDONED,
                _ => "staged",
            };
            info(v, false, state)
        }));
        Ok(list)
    }

    fn get(&self, version: Option<&str>) -> Result<Zeroizing<Vec<u8>>> {
        let value = match version {
            None => self
                .read(&self.name, None)?
                .map(|s| Zeroizing::new(s.value.unwrap_or_default()))
                .ok_or_else(|| Error::SecretNotFound {
                    reference: self.reference.clone(),
                })?,
            Some(v) => {
                self.check_version(v)?;
                match self.value(&self.name, v)? {
                    Some(value) => value,
                    None => self
                        .value(&self.pending, v)?
                        .ok_or_else(|| self.version_not_found(v))?,
                }
            }
        };
        Ok(Zeroizing::new(value.as_bytes().to_vec()))
    }

    fn stage(&self, value: &[u8], expected_current: Option<&str>) -> Result<String> {
        let text = std::str::from_utf8(value)
            .map_err(|_| self.fail("Key Vault secret values must be UTF-8 text".into()))?;
        if self.pending.len() > MAX_NAME {
            return Err(self.fail(format!(
                "the name is too long to stage a new value in `{}` (at most {} characters)",
                self.pending,
                MAX_NAME - PENDING_SUFFIX.len()
            )));
        }
        self.require_latest(expected_current)?;
        let mut tags = tags("staged", "hush-for", &self.name);
        if let Some(from) = expected_current {
            tags.insert(FROM.into(), from.into());
        }
        self.write(&self.pending, text, tags)
    }

    fn promote(&self, version: &str, expected_current: Option<&str>) -> Result<()> {
        self.check_version(version)?;
        let main = self.list(&self.name)?;
        if let Some(now) = self.already_promoted(&main, version)? {
            self.promoted.borrow_mut().insert(version.to_string(), now);
            return Ok(());
        }
        let value = self
            .value(&self.pending, version)?
            .ok_or_else(|| self.version_not_found(version))?;
        let mut tags = tags("promoted", STAGED, version);
        if let Some(from) = expected_current {
            tags.insert(FROM.into(), from.into());
        }
        let id = self.write_checked(&value, expected_current, &main, tags)?;
        self.promoted.borrow_mut().insert(version.to_string(), id);
        Ok(())
    }

    fn promoted_id(&self, staged: &str) -> Result<String> {
        self.promoted
            .borrow()
            .get(staged)
            .cloned()
            .ok_or_else(|| self.fail(format!("staged version {staged} was not promoted")))
    }

    fn discard(&self, version: &str) -> Result<()> {
        let pending = self.list(&self.pending)?;
        match pending.iter().find(|v| v.id == version) {
            Some(v) => self.tag(&self.pending, v, STATE, ABANDONED),
            None => Ok(()),
        }
    }

    fn rollback(&self, to: Option<&str>, expected_current: &str) -> Result<String> {
        let main = self.ordered(self.list(&self.name)?, Some(expected_current));
        let target = match to {
            Some(v) => {
                self.check_version(v)?;
                v.to_string()
            }
            None => self.previous(&main, expected_current)?,
        };
        if target == expected_current {
            return Err(self.fail(format!("version {target} is already current")));
        }
        let value = self
            .value(&self.name, &target)?
            .ok_or_else(|| self.version_not_found(&target))?;
        let mut tags = tags("rolled-back", ROLLBACK_OF, &target);
        tags.insert(FROM.into(), expected_current.into());
        self.write_checked(&value, Some(expected_current), &main, tags)
    }

    fn current(&self) -> Result<Option<String>> {
        self.latest()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(id: &str, created: i64, from: Option<&str>) -> Version {
        let mut tags = Tags::new();
        if let Some(f) = from {
            tags.insert(FROM.into(), f.into());
        }
        Version {
            id: id.into(),
            created,
            tags,
        }
    }

    #[test]
    fn versions_in_one_second_follow_their_hush_from_chain() {
        let mut list = vec![
            v("c", 5, Some("b")),
            v("a", 5, None),
            v("b", 5, Some("a")),
            v("z", 3, None),
        ];
        order(&mut list, Some("c"));
        let ids: Vec<&str> = list.iter().map(|v| v.id.as_str()).collect();
        assert_eq!(ids, ["z", "a", "b", "c"]);
    }

    #[test]
    fn the_latest_version_goes_last_whatever_its_stamp() {
        let mut list = vec![v("new", 1, None), v("old", 9, None)];
        order(&mut list, Some("new"));
        assert_eq!(list[1].id, "new");
    }

    fn tagged(id: &str, pairs: &[(&str, &str)]) -> Version {
        Version {
            id: id.into(),
            created: 7,
            tags: pairs
                .iter()
                .map(|(k, v)| ((*k).to_string(), (*v).to_string()))
                .collect(),
        }
    }

    fn race<'a>(ours: &'a str, new: Vec<&'a Version>, latest: &'a str) -> Race<'a> {
        Race {
            ours,
            new,
            latest: Some(latest),
            expected: Some("m0"),
        }
    }

    /// Two rotations from m0 whose writes m1 then m2 land in each other's window.
    fn race_versions() -> (Version, Version, Version) {
        let promoted = |id| tagged(id, &[(STATE, "promoted"), (FROM, "m0")]);
        let restored = tagged(
            "r",
            &[
                (STATE, "restored"),
                (RESTORES, "m1"),
                (LOST, "m2"),
                (FROM, "m0"),
            ],
        );
        (promoted("m1"), promoted("m2"), restored)
    }

    #[test]
    fn of_two_overlapping_writes_the_earlier_wins_and_the_later_copies_it_forward() {
        let (m1, m2, r) = race_versions();
        // The later writer sees m1 before its own latest m2: it loses to m1.
        let later = race("m2", vec![&m1, &m2], "m2");
        assert_eq!(later.first_before_ours().map(|v| v.id.as_str()), Some("m1"));
        // The earlier writer, before the copy: the latest is a hush write from m0 after it.
        let earlier = race("m1", vec![&m1, &m2], "m2");
        assert!(earlier.first_before_ours().is_none());
        assert!(earlier.later_writer_yields());
        // And after the copy: m2 is known to be later (the copy names it the loser).
        let earlier = race("m1", vec![&m1, &m2, &r], "r");
        assert!(earlier.first_before_ours().is_none());
        assert!(earlier.later_writer_yields());
    }

    #[test]
    fn a_later_write_outside_the_protocol_beats_ours() {
        let (m1, _, _) = race_versions();
        let external = tagged("x", &[]);
        let race = Race {
            ours: "m1",
            new: vec![&m1, &external],
            latest: Some("x"),
            expected: Some("m0"),
        };
        assert!(race.first_before_ours().is_none());
        assert!(!race.later_writer_yields());
    }
}
