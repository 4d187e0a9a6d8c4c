//! The interface every secret backend implements: list versions, read one, stage a new
//! value with check-and-set, promote a staged version, discard a staged version that lost a
//! race, and roll back. No method deletes or destroys a version, except [`Backend::prune`],
//! which only the local store implements (every other backend refuses it).

use serde::Serialize;
use zeroize::Zeroizing;

use crate::error::{Error, Result};

/// One version of a secret as `hush secret versions` lists it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct VersionInfo {
    pub version: String,
    pub current: bool,
    /// RFC 3339 creation time.
    pub created: String,
    /// `current`, `staged`, `retained` or `abandoned`.
    pub state: String,
}

/// A versioned secret in one backend.
pub trait Backend {
    /// Every version, oldest first (empty when the secret does not exist).
    fn versions(&self) -> Result<Vec<VersionInfo>>;

    /// The value of `version`, or of the current version.
    fn get(&self, version: Option<&str>) -> Result<Zeroizing<Vec<u8>>>;

    /// Writes `value` as a new version that is not current yet, provided the current version
    /// is still `expected_current` (`None`: the secret must not exist). Returns its id.
    fn stage(&self, value: &[u8], expected_current: Option<&str>) -> Result<String>;

    /// Makes the staged `version` current, provided the current is still `expected_current`.
    fn promote(&self, version: &str, expected_current: Option<&str>) -> Result<()>;

    /// Marks a staged version that will never be promoted (it stays readable).
    fn discard(&self, version: &str) -> Result<()>;

    /// Makes `to` (default: the version current before this one) current again, provided
    /// the current is still `expected_current`; newer versions are kept. Returns the id of
    /// the version now current.
    fn rollback(&self, to: Option<&str>, expected_current: &str) -> Result<String>;

    /// Removes `versions` (chosen by [`super::ops::prune`]) for good; `dry_run` only checks
    /// that it could. Refuses the current version and staged ones. Backends whose versions
    /// must never be deleted (all but the local store) refuse, which is the default.
    fn prune(&self, reference: &str, versions: &[String], dry_run: bool) -> Result<()> {
        let _ = (versions, dry_run);
        Err(Error::SecretBackend {
            reference: reference.to_string(),
            reason: "this backend keeps every version; hush never deletes versions there, so prune only applies to local: secrets (use the backend's own retention settings)".into(),
        })
    }

    /// Called when a rotation was interrupted before the journal recorded what it staged
    /// (`from` was current then): releases whatever a staged version the backend cannot
    /// name may still hold (AWS: a dangling `AWSPENDING` label). The version itself stays.
    fn release_unrecorded(&self, _from: &str) -> Result<()> {
        Ok(())
    }

    /// Called when a rotation was interrupted before the journal recorded what it staged
    /// (`from` was current then), before [`Backend::release_unrecorded`]: the version that
    /// rotation wrote when it is already current anyway (Vault: a KV write is the current
    /// version as soon as it lands), after marking it promoted. `None` (the default): nothing to
    /// adopt, the interruption is undone instead.
    fn adopt_unrecorded(&self, _from: &str) -> Result<Option<String>> {
        Ok(None)
    }

    /// The id under which the promoted `staged` version is current: `staged` itself, except
    /// in backends that promote by copying the staged value into place (Azure Key Vault).
    fn promoted_id(&self, staged: &str) -> Result<String> {
        Ok(staged.to_string())
    }

    /// The id of the current version, if the secret exists.
    fn current(&self) -> Result<Option<String>> {
        Ok(self
            .versions()?
            .into_iter()
            .find(|v| v.current)
            .map(|v| v.version))
    }
}
