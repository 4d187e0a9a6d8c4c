//! The version history hush keeps next to a secret in a backend that has no versions of its
//! own (etcd, the OS keyring): which versions exist, when each was created, its state, the
//! current one and the one before it. Pure data and its transitions; the backends store it
//! (as JSON) and decide when a change may be written.

use serde::{Deserialize, Serialize};

use super::backend::VersionInfo;
use crate::error::{Error, Result};

/// The history of one secret.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct History {
    pub current: Option<u64>,
    /// The version current before `current` (where a plain rollback goes).
    pub previous: Option<u64>,
    pub versions: Vec<Version>,
}

/// One version's record.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Version {
    pub version: u64,
    pub created: String,
    /// `staged`, `promoted`, `abandoned` or `imported` (a value hush found in place).
    pub state: String,
}

fn now() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

impl History {
    /// Parses a stored history; `what` names where it came from in the error.
    pub fn from_json(bytes: &[u8], reference: &str, what: &str) -> Result<History> {
        serde_json::from_slice(bytes).map_err(|e| Error::SecretBackend {
            reference: reference.to_string(),
            reason: format!("{what} is not a hush version index ({e}); was it written by hand?"),
        })
    }

    pub fn to_json(&self) -> Vec<u8> {
        // A struct of strings and integers always serialises.
        serde_json::to_vec(self).unwrap_or_default()
    }

    fn next(&self) -> u64 {
        self.versions.iter().map(|v| v.version).max().unwrap_or(0) + 1
    }

    fn push(&mut self, state: &str) -> u64 {
        let version = self.next();
        self.versions.push(Version {
            version,
            created: now(),
            state: state.into(),
        });
        version
    }

    /// Records a new staged version; returns its number.
    pub fn stage(&mut self) -> u64 {
        self.push("staged")
    }

    /// Records the value found in place as a new version and makes it current.
    pub fn import(&mut self) -> u64 {
        let version = self.push("imported");
        self.previous = self.current;
        self.current = Some(version);
        version
    }

    fn entry_mut(&mut self, version: u64) -> Option<&mut Version> {
        self.versions.iter_mut().find(|v| v.version == version)
    }

    /// The number of the recorded version `version`.
    pub fn find(&self, reference: &str, version: &str) -> Result<u64> {
        version
            .parse::<u64>()
            .ok()
            .filter(|n| self.versions.iter().any(|v| v.version == *n))
            .ok_or_else(|| Error::SecretVersionNotFound {
                reference: reference.to_string(),
                version: version.to_string(),
            })
    }

    /// Whether `version` is staged (neither promoted nor abandoned yet).
    pub fn is_staged(&self, version: u64) -> bool {
        self.versions
            .iter()
            .any(|v| v.version == version && v.state == "staged")
    }

    /// The newest version still staged.
    pub fn newest_staged(&self) -> Option<u64> {
        self.versions
            .iter()
            .filter(|v| v.state == "staged")
            .map(|v| v.version)
            .max()
    }

    /// Makes `version` current (the old current becomes the previous one).
    pub fn promote(&mut self, version: u64) {
        if let Some(v) = self.entry_mut(version).filter(|v| v.state == "staged") {
            v.state = "promoted".into();
        }
        if self.current != Some(version) {
            self.previous = self.current;
            self.current = Some(version);
        }
    }

    /// Marks a staged version abandoned; `false` when there was nothing to change.
    pub fn discard(&mut self, version: u64) -> bool {
        match self.entry_mut(version).filter(|v| v.state == "staged") {
            Some(v) => {
                v.state = "abandoned".into();
                true
            }
            None => false,
        }
    }

    /// The version a rollback goes to: `to`, else the previous one.
    pub fn rollback_target(&self, reference: &str, to: Option<&str>) -> Result<u64> {
        match to {
            Some(v) => self.find(reference, v),
            None => self.previous.ok_or_else(|| Error::RotationConflict {
                reference: reference.to_string(),
                reason: "there is no previous version to roll back to; name one with --to".into(),
            }),
        }
    }

    /// The versions as `hush secret versions` lists them; `current` is the one in place
    /// (`None` when the value in place is not a recorded version).
    pub fn infos(&self, current: Option<u64>) -> Vec<VersionInfo> {
        self.versions
            .iter()
            .map(|v| {
                let is_current = current == Some(v.version);
                let state = match (is_current, v.state.as_str()) {
                    (true, _) => "current",
                    (false, "promoted" | "imported") => "retained",
                    (false, other) => other,
                };
                VersionInfo {
                    version: v.version.to_string(),
                    current: is_current,
                    created: v.created.clone(),
                    state: state.to_string(),
                }
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stage_promote_discard_and_rollback_keep_every_version() {
        let mut h = History::default();
        assert_eq!(h.import(), 1);
        let two = h.stage();
        assert!(h.is_staged(two));
        h.promote(two);
        let three = h.stage();
        assert!(h.discard(three));
        assert!(!h.discard(three));
        assert_eq!(h.rollback_target("r", None).unwrap(), 1);
        h.promote(1);
        assert_eq!((h.current, h.previous), (Some(1), Some(2)));
        let states: Vec<String> = h.infos(h.current).into_iter().map(|v| v.state).collect();
        assert_eq!(states, ["current", "retained", "abandoned"]);
        assert!(h.find("r", "4").is_err());
        let back = History::from_json(&h.to_json(), "r", "index").unwrap();
        assert_eq!(back, h);
    }
}
