//! The `aws-sm:NAME[#JSON_FIELD]` backend: an AWS Secrets Manager secret (or one string
//! field of its JSON object value), through the official SDK with the credentials, region
//! and `AWS_ENDPOINT_URL` of [`crate::cloud::aws`]. A secret named by its ARN takes the
//! region from the ARN.
//!
//! Versions are Secrets Manager's VersionIds; the current pointer is the `AWSCURRENT`
//! staging label. Staging is `PutSecretValue(ClientRequestToken, VersionStages=[AWSPENDING])`
//! (a token fixed per call, so the SDK's retries cannot write twice); promotion is
//! `UpdateSecretVersionStage(AWSCURRENT, MoveToVersionId=new, RemoveFromVersionId=expected)`,
//! which AWS refuses when `expected` no longer holds `AWSCURRENT` (a conflict), then
//! `AWSPENDING` is removed from the new version. Rollback moves `AWSCURRENT` back (atomic, no
//! copy; `AWSPREVIOUS` follows). Every read names a stage or a version explicitly.
//!
//! Versions are never deleted by hush, but AWS itself removes *deprecated* (unlabelled)
//! versions once a secret has more than 100 versions (those older than 24 h). So hush
//! refuses to create a version when the secret already has 100: below that, AWS removes
//! nothing, which is what "no version lost" rests on (staging labels cannot protect every
//! version: a secret may carry only 20 of them).
//!
//! With `#JSON_FIELD` the value is a JSON object; only that field is read and rotated, the
//! other fields are carried over unchanged into each new version.

use std::collections::HashMap;
use std::future::Future;

use aws_sdk_secretsmanager::Client;
use aws_sdk_secretsmanager::error::SdkError;
use aws_sdk_secretsmanager::primitives::{Blob, DateTimeFormat};
use aws_sdk_secretsmanager::types::SecretVersionsListEntry;
use aws_smithy_runtime_api::client::orchestrator::HttpResponse;
use serde_json::Value;
use zeroize::Zeroizing;

use super::backend::{Backend, VersionInfo};
use super::generate::uuid_v4;
use crate::cloud::aws::{describe_sdk_error, error_code, sdk_config};
use crate::error::{Error, Result};
use crate::recipients::service::block_on;

const SERVICE: &str = "AWS Secrets Manager";
const CURRENT: &str = "AWSCURRENT";
const PENDING: &str = "AWSPENDING";
const PREVIOUS: &str = "AWSPREVIOUS";
/// Above this many versions AWS removes deprecated ones.
const RETENTION: usize = 100;

/// Version id → its staging labels.
type Stages = HashMap<String, Vec<String>>;

/// One secret (or one field of it) in Secrets Manager.
pub struct AwsSecret {
    client: Client,
    secret: String,
    field: Option<String>,
    reference: String,
}

/// A new version's value, as Secrets Manager stores it.
enum Payload {
    Text(Zeroizing<String>),
    Binary(Zeroizing<Vec<u8>>),
}

impl AwsSecret {
    /// `secret` (a name or an ARN), optionally its JSON field `field`, with the SDK's
    /// default credential chain.
    pub fn from_env(secret: &str, field: Option<&str>, reference: &str) -> Result<AwsSecret> {
        let fail = |reason: String| Error::SecretBackend {
            reference: reference.to_string(),
            reason,
        };
        let region = arn_region(secret).map(str::to_string);
        let config = block_on(sdk_config(region, None)).map_err(fail)?;
        if config.region().is_none() {
            return Err(fail(
                "no AWS region: set AWS_REGION (or a profile's region), or name the secret by its ARN"
                    .into(),
            ));
        }
        Ok(AwsSecret {
            client: Client::new(&config),
            secret: secret.to_string(),
            field: field.map(str::to_string),
            reference: reference.to_string(),
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

    fn refused<E>(&self, what: &str, e: &SdkError<E, HttpResponse>) -> Error
    where
        E: aws_sdk_secretsmanager::error::ProvideErrorMetadata + std::error::Error + 'static,
    {
        self.fail(format!("{what}: {}", describe_sdk_error(e, SERVICE, hint)))
    }

    fn run<F: Future>(&self, future: F) -> Result<F::Output> {
        block_on(future).map_err(|e| self.fail(e))
    }

    /// Each labelled version's labels (`None`: no such secret). A secret scheduled for
    /// deletion is refused: nothing can be written to it.
    fn stages(&self) -> Result<Option<Stages>> {
        let call = self.client.describe_secret().secret_id(&self.secret).send();
        let out = match self.run(call)? {
            Ok(out) => out,
            Err(e) if error_code(&e) == Some("ResourceNotFoundException") => return Ok(None),
            Err(e) => return Err(self.refused("describing the secret", &e)),
        };
        if out.deleted_date().is_some() {
            return Err(self.fail(format!(
                "the secret is scheduled for deletion; `aws secretsmanager restore-secret --secret-id {}` restores it",
                self.secret
            )));
        }
        Ok(Some(
            out.version_ids_to_stages().cloned().unwrap_or_default(),
        ))
    }

    fn require_stages(&self) -> Result<Stages> {
        self.stages()?.ok_or_else(|| Error::SecretNotFound {
            reference: self.reference.clone(),
        })
    }

    /// Every version, deprecated ones included (empty when the secret does not exist).
    fn list(&self) -> Result<Vec<SecretVersionsListEntry>> {
        let mut all = Vec::new();
        let mut token: Option<String> = None;
        loop {
            let call = self
                .client
                .list_secret_version_ids()
                .secret_id(&self.secret)
                .include_deprecated(true)
                .set_next_token(token.take())
                .send();
            let out = match self.run(call)? {
                Ok(out) => out,
                Err(e) if error_code(&e) == Some("ResourceNotFoundException") => {
                    return Ok(Vec::new());
                }
                Err(e) => return Err(self.refused("listing versions", &e)),
            };
            all.extend(out.versions().iter().cloned());
            match out.next_token() {
                Some(t) if !t.is_empty() => token = Some(t.to_string()),
                _ => return Ok(all),
            }
        }
    }

    /// The whole stored value of `version` (of `AWSCURRENT` when `None`).
    fn read(&self, version: Option<&str>) -> Result<Zeroizing<Vec<u8>>> {
        let mut call = self.client.get_secret_value().secret_id(&self.secret);
        call = match version {
            Some(v) => call.version_id(v),
            // Always explicit: moto answers a bare read with a stale version.
            None => call.version_stage(CURRENT),
        };
        let out = match self.run(call.send())? {
            Ok(out) => out,
            Err(e) if error_code(&e) == Some("ResourceNotFoundException") => {
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
            Err(e) => return Err(self.refused("reading the value", &e)),
        };
        if let Some(text) = out.secret_string() {
            return Ok(Zeroizing::new(text.as_bytes().to_vec()));
        }
        match out.secret_binary() {
            Some(blob) => Ok(Zeroizing::new(blob.as_ref().to_vec())),
            None => Err(self.fail("the version has no value".into())),
        }
    }

    /// The JSON object stored in `version`.
    fn object(&self, version: &str) -> Result<serde_json::Map<String, Value>> {
        let raw = self.read(Some(version))?;
        match serde_json::from_slice(&raw) {
            Ok(Value::Object(map)) => Ok(map),
            _ => Err(self.fail(format!(
                "version {version} is not a JSON object, so it has no field `{}`",
                self.field.as_deref().unwrap_or_default()
            ))),
        }
    }

    /// What to store for `value`: with a field, `base`'s object with that field replaced.
    fn payload(&self, value: &[u8], base: Option<&str>) -> Result<Payload> {
        let Some(field) = &self.field else {
            return Ok(match std::str::from_utf8(value) {
                Ok(text) => Payload::Text(Zeroizing::new(text.to_string())),
                Err(_) => Payload::Binary(Zeroizing::new(value.to_vec())),
            });
        };
        let text = std::str::from_utf8(value)
            .map_err(|_| self.fail("a JSON field's value must be UTF-8 text".into()))?;
        let mut object = match base {
            Some(v) => self.object(v)?,
            None => serde_json::Map::new(),
        };
        object.insert(field.clone(), Value::String(text.to_string()));
        let json = serde_json::to_string(&Value::Object(object))
            .map_err(|e| self.fail(format!("cannot encode the JSON value: {e}")))?;
        Ok(Payload::Text(Zeroizing::new(json)))
    }

    /// Refuses a new version when AWS could then remove a deprecated one.
    fn check_retention(&self) -> Result<()> {
        let n = self.list()?.len();
        if n >= RETENTION {
            return Err(self.fail(format!(
                "the secret has {n} versions; past {RETENTION} AWS removes unlabelled ones, so hush writes no more (nothing was written)"
            )));
        }
        Ok(())
    }

    /// `CreateSecret` with `payload` as its first (current) version.
    fn create(&self, payload: Payload) -> Result<String> {
        if self.secret.starts_with("arn:") {
            return Err(Error::SecretNotFound {
                reference: self.reference.clone(),
            });
        }
        let token = uuid_v4();
        let call = self
            .client
            .create_secret()
            .name(&self.secret)
            .client_request_token(&token);
        let call = match payload {
            Payload::Text(t) => call.secret_string(t.as_str()),
            Payload::Binary(b) => call.secret_binary(Blob::new(b.to_vec())),
        };
        match self.run(call.send())? {
            Ok(out) => Ok(out.version_id().unwrap_or(&token).to_string()),
            Err(e) if error_code(&e) == Some("ResourceExistsException") => Err(self.conflict(
                "the secret was created by someone else meanwhile; nothing was written".into(),
            )),
            Err(e) => Err(self.refused("creating the secret", &e)),
        }
    }

    /// `PutSecretValue` labelled `AWSPENDING` only.
    fn put_pending(&self, payload: Payload) -> Result<String> {
        let token = uuid_v4();
        let call = self
            .client
            .put_secret_value()
            .secret_id(&self.secret)
            .client_request_token(&token)
            .version_stages(PENDING);
        let call = match payload {
            Payload::Text(t) => call.secret_string(t.as_str()),
            Payload::Binary(b) => call.secret_binary(Blob::new(b.to_vec())),
        };
        let out = self
            .run(call.send())?
            .map_err(|e| self.refused("staging the new version", &e))?;
        Ok(out.version_id().unwrap_or(&token).to_string())
    }

    /// Moves `AWSCURRENT` from `from` to `to`; a refusal because `from` no longer holds it
    /// is a conflict.
    fn move_current(&self, to: &str, from: &str) -> Result<()> {
        let call = self
            .client
            .update_secret_version_stage()
            .secret_id(&self.secret)
            .version_stage(CURRENT)
            .move_to_version_id(to)
            .remove_from_version_id(from)
            .send();
        let Err(e) = self.run(call)? else {
            return Ok(());
        };
        let now = holder(&self.require_stages()?, CURRENT);
        if now.as_deref() != Some(from) {
            return Err(self.lost_race(from, now.as_deref(), to));
        }
        Err(self.refused("moving AWSCURRENT", &e))
    }

    fn lost_race(&self, expected: &str, now: Option<&str>, kept: &str) -> Error {
        self.conflict(format!(
            "AWSCURRENT moved from {expected} to {} meanwhile; version {kept} is kept but not current",
            now.unwrap_or("no version")
        ))
    }

    /// Removes `AWSPENDING` from `version` if it still holds it.
    fn clear_pending(&self, version: &str) -> Result<()> {
        let holds = |stages: &Stages| holder(stages, PENDING).as_deref() == Some(version);
        if !holds(&self.require_stages()?) {
            return Ok(());
        }
        let call = self
            .client
            .update_secret_version_stage()
            .secret_id(&self.secret)
            .version_stage(PENDING)
            .remove_from_version_id(version)
            .send();
        match self.run(call)? {
            Ok(_) => Ok(()),
            // Another rotator's stage moved the label meanwhile: nothing left to clear.
            Err(_) if !holds(&self.require_stages()?) => Ok(()),
            Err(e) => Err(self.refused("removing AWSPENDING", &e)),
        }
    }

    /// The field's value (the whole value without a field).
    fn extract(
        &self,
        raw: Zeroizing<Vec<u8>>,
        version: Option<&str>,
    ) -> Result<Zeroizing<Vec<u8>>> {
        let Some(field) = &self.field else {
            return Ok(raw);
        };
        let json: Value = serde_json::from_slice(&raw).map_err(|_| {
            self.fail(format!(
                "version {} is not a JSON object, so it has no field `{field}`",
                version.unwrap_or(CURRENT)
            ))
        })?;
        match json.get(field) {
            Some(Value::String(s)) => Ok(Zeroizing::new(s.as_bytes().to_vec())),
            Some(_) => Err(self.fail(format!("field `{field}` is not a string"))),
            None => Err(self.fail(format!("the secret has no field `{field}`"))),
        }
    }
}

impl Backend for AwsSecret {
    fn versions(&self) -> Result<Vec<VersionInfo>> {
        let mut list: Vec<(i128, VersionInfo)> = self
            .list()?
            .iter()
            .filter_map(|entry| {
                let labels = entry.version_stages();
                let has = |l: &str| labels.iter().any(|s| s == l);
                let state = if has(CURRENT) {
                    "current"
                } else if has(PENDING) {
                    "staged"
                } else {
                    "retained"
                };
                let created = entry.created_date();
                let info = VersionInfo {
                    version: entry.version_id()?.to_string(),
                    current: has(CURRENT),
                    created: created
                        .and_then(|d| d.fmt(DateTimeFormat::DateTime).ok())
                        .unwrap_or_default(),
                    state: state.to_string(),
                };
                Some((created.map(|d| d.as_nanos()).unwrap_or(0), info))
            })
            .collect();
        list.sort_by_key(|(t, _)| *t);
        Ok(list.into_iter().map(|(_, v)| v).collect())
    }

    fn current(&self) -> Result<Option<String>> {
        Ok(self.stages()?.and_then(|s| holder(&s, CURRENT)))
    }

    fn get(&self, version: Option<&str>) -> Result<Zeroizing<Vec<u8>>> {
        let raw = self.read(version)?;
        self.extract(raw, version)
    }

    fn stage(&self, value: &[u8], expected_current: Option<&str>) -> Result<String> {
        let Some(expected) = expected_current else {
            let payload = self.payload(value, None)?;
            return self.create(payload);
        };
        let now = holder(&self.require_stages()?, CURRENT);
        if now.as_deref() != Some(expected) {
            return Err(self.conflict(format!(
                "AWSCURRENT moved from {expected} to {} meanwhile; nothing was written",
                now.as_deref().unwrap_or("no version")
            )));
        }
        self.check_retention()?;
        let payload = self.payload(value, Some(expected))?;
        self.put_pending(payload)
    }

    fn promote(&self, version: &str, expected_current: Option<&str>) -> Result<()> {
        let now = holder(&self.require_stages()?, CURRENT);
        if now.as_deref() != Some(version) {
            match expected_current {
                Some(expected) if now.as_deref() == Some(expected) => {
                    self.move_current(version, expected)?;
                }
                Some(expected) => return Err(self.lost_race(expected, now.as_deref(), version)),
                None => {
                    return Err(self.conflict(format!(
                        "the secret was created by someone else meanwhile; version {version} is not current"
                    )));
                }
            }
        }
        self.clear_pending(version)
    }

    fn discard(&self, version: &str) -> Result<()> {
        self.clear_pending(version)
    }

    fn rollback(&self, to: Option<&str>, expected_current: &str) -> Result<String> {
        let stages = self.require_stages()?;
        let now = holder(&stages, CURRENT);
        if now.as_deref() != Some(expected_current) {
            return Err(self.conflict(format!(
                "AWSCURRENT moved from {expected_current} to {} meanwhile; nothing was changed",
                now.as_deref().unwrap_or("no version")
            )));
        }
        let target = match to {
            Some(v) => v.to_string(),
            None => holder(&stages, PREVIOUS).ok_or_else(|| {
                self.fail("no version holds AWSPREVIOUS; name one with --to".into())
            })?,
        };
        if target == expected_current {
            return Err(self.fail(format!("version {target} is already current")));
        }
        if !self
            .list()?
            .iter()
            .any(|e| e.version_id() == Some(target.as_str()))
        {
            return Err(Error::SecretVersionNotFound {
                reference: self.reference.clone(),
                version: target,
            });
        }
        self.move_current(&target, expected_current)?;
        Ok(target)
    }

    /// A rotation killed between `PutSecretValue` and the journal left `AWSPENDING` on a
    /// version nobody will promote; AWS's own rotation treats that as "in progress".
    fn release_unrecorded(&self, _from: &str) -> Result<()> {
        let Some(stages) = self.stages()? else {
            return Ok(());
        };
        match holder(&stages, PENDING) {
            Some(p) if holder(&stages, CURRENT).as_deref() != Some(p.as_str()) => {
                self.clear_pending(&p)
            }
            _ => Ok(()),
        }
    }
}

/// The version holding `label`.
fn holder(stages: &Stages, label: &str) -> Option<String> {
    stages
        .iter()
        .find(|(_, labels)| labels.iter().any(|l| l == label))
        .map(|(v, _)| v.clone())
}

/// The region of `arn:aws:secretsmanager:REGION:ACCOUNT:secret:NAME`.
fn arn_region(secret: &str) -> Option<&str> {
    let mut parts = secret.strip_prefix("arn:")?.split(':');
    parts.nth(2).filter(|r| !r.is_empty())
}

fn hint(code: &str) -> &'static str {
    match code {
        "AccessDeniedException" | "AccessDenied" => {
            " (the credentials' policy must allow secretsmanager:DescribeSecret, ListSecretVersionIds, GetSecretValue, PutSecretValue, UpdateSecretVersionStage and CreateSecret on this secret)"
        }
        "InvalidRequestException" => {
            " (is the secret scheduled for deletion? `aws secretsmanager restore-secret` restores it)"
        }
        "DecryptionFailure" | "EncryptionFailure" => {
            " (the credentials cannot use the secret's KMS key)"
        }
        "LimitExceededException" => " (too many versions or requests; try again later)",
        _ => "",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arns_name_their_region() {
        assert_eq!(
            arn_region("arn:aws:secretsmanager:eu-west-1:123456789012:secret:app/db-AbCdEf"),
            Some("eu-west-1")
        );
        assert_eq!(arn_region("app/db"), None);
        assert_eq!(arn_region("arn:aws:secretsmanager::1:secret:x"), None);
    }

    #[test]
    fn the_holder_of_a_label_is_found() {
        let stages: Stages = [
            ("a".to_string(), vec![PREVIOUS.to_string()]),
            ("b".to_string(), vec![CURRENT.to_string(), "x".to_string()]),
        ]
        .into_iter()
        .collect();
        assert_eq!(holder(&stages, CURRENT).as_deref(), Some("b"));
        assert_eq!(holder(&stages, PREVIOUS).as_deref(), Some("a"));
        assert_eq!(holder(&stages, PENDING), None);
    }
}
