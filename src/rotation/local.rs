//! The embedded local store: a directory (`.hush/secrets/` by default) with one directory
//! per secret holding every version as a sealed file (`v1.json`, `v2.json`, ...) and an
//! `index.json` with each version's creation time and state and the current pointer.
//! Writes are atomic; check-and-set compares the current pointer while holding a lock file.
//! Versions are removed only by `prune` (the index first, then the files).

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use super::backend::{Backend, VersionInfo};
use super::lockfile::{self, LockError, LockFile};
use super::sealer::Sealer;
use crate::error::{Error, Result};

/// One secret of the local store.
pub struct LocalStore<'a> {
    dir: PathBuf,
    reference: String,
    sealer: &'a dyn Sealer,
}

#[derive(Debug, Default, Serialize, Deserialize)]
struct Index {
    current: Option<u64>,
    /// The version current before `current` (where a plain rollback goes).
    previous: Option<u64>,
    versions: Vec<Entry>,
}

#[derive(Debug, Serialize, Deserialize)]
struct Entry {
    version: u64,
    created: String,
    /// `staged`, `promoted` or `abandoned`.
    state: String,
}

/// How long a store write waits for another one to finish.
const LOCK_WAIT: std::time::Duration = std::time::Duration::from_secs(10);

/// "held by process N (lock file F)".
pub(crate) fn busy_message(path: &Path, pid: Option<u32>) -> String {
    let who = pid.map_or_else(
        || "another hush".to_string(),
        |p| format!("hush process {p}"),
    );
    format!(
        "{who} is changing this secret (lock file {})",
        path.display()
    )
}

impl<'a> LocalStore<'a> {
    /// The secret `name` under the store directory `root`.
    pub fn new(root: &Path, name: &str, sealer: &'a dyn Sealer) -> LocalStore<'a> {
        LocalStore {
            dir: root.join(name),
            reference: format!("local:{name}"),
            sealer,
        }
    }

    fn index_path(&self) -> PathBuf {
        self.dir.join("index.json")
    }

    fn version_path(&self, version: u64) -> PathBuf {
        self.dir.join(format!("v{version}.json"))
    }

    fn read_index(&self) -> Result<Index> {
        let path = self.index_path();
        match std::fs::read(&path) {
            Ok(bytes) => serde_json::from_slice(&bytes).map_err(|e| Error::SecretStore {
                path,
                reason: format!("not a hush store index ({e})"),
            }),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Index::default()),
            Err(source) => Err(Error::Read { path, source }),
        }
    }

    fn write_index(&self, index: &Index) -> Result<()> {
        let mut json = serde_json::to_vec_pretty(index).map_err(|e| Error::SecretStore {
            path: self.index_path(),
            reason: e.to_string(),
        })?;
        json.push(b'\n');
        crate::atomic::write(&self.index_path(), &json)
    }

    fn lock(&self) -> Result<LockFile> {
        std::fs::create_dir_all(&self.dir).map_err(|source| Error::Write {
            path: self.dir.clone(),
            source,
        })?;
        let path = self.dir.join(".lock");
        lockfile::acquire(&path, LOCK_WAIT).map_err(|e| match e {
            LockError::Busy(pid) => self.conflict(busy_message(&path, pid)),
            LockError::Io(source) => Error::Write { path, source },
        })
    }

    fn conflict(&self, reason: String) -> Error {
        Error::RotationConflict {
            reference: self.reference.clone(),
            reason,
        }
    }

    /// Fails unless the current pointer is `expected`.
    fn check_current(&self, index: &Index, expected: Option<&str>) -> Result<()> {
        let current = index.current.map(|v| v.to_string());
        if current.as_deref() == expected {
            return Ok(());
        }
        Err(self.conflict(format!(
            "the current version changed from {} to {} while this command ran; nothing was promoted, run it again",
            expected.unwrap_or("none"),
            current.as_deref().unwrap_or("none")
        )))
    }

    fn parse_version(&self, index: &Index, version: &str) -> Result<u64> {
        version
            .parse::<u64>()
            .ok()
            .filter(|v| index.versions.iter().any(|e| e.version == *v))
            .ok_or_else(|| Error::SecretVersionNotFound {
                reference: self.reference.clone(),
                version: version.to_string(),
            })
    }

    /// Under the lock: reads the index, applies `change`, writes the index back.
    fn update<T>(&self, change: impl FnOnce(&mut Index) -> Result<T>) -> Result<T> {
        let _lock = self.lock()?;
        let mut index = self.read_index()?;
        let out = change(&mut index)?;
        self.write_index(&index)?;
        Ok(out)
    }

    /// The version numbers of `versions`, refusing the current and staged ones.
    fn prunable(&self, index: &Index, versions: &[String]) -> Result<Vec<u64>> {
        versions
            .iter()
            .map(|version| {
                let v = self.parse_version(index, version)?;
                let staged = index
                    .versions
                    .iter()
                    .any(|e| e.version == v && e.state == "staged");
                if index.current == Some(v) || staged {
                    return Err(self.conflict(format!(
                        "version {v} is current or staged and is never pruned; nothing was removed"
                    )));
                }
                Ok(v)
            })
            .collect()
    }

    fn entry_mut(index: &mut Index, version: u64) -> Option<&mut Entry> {
        index.versions.iter_mut().find(|e| e.version == version)
    }
}

impl Backend for LocalStore<'_> {
    fn versions(&self) -> Result<Vec<VersionInfo>> {
        let index = self.read_index()?;
        Ok(index
            .versions
            .iter()
            .map(|e| {
                let current = index.current == Some(e.version);
                let state = match (current, e.state.as_str()) {
                    (true, _) => "current",
                    (false, "promoted") => "retained",
                    (false, other) => other,
                };
                VersionInfo {
                    version: e.version.to_string(),
                    current,
                    created: e.created.clone(),
                    state: state.to_string(),
                }
            })
            .collect())
    }

    fn get(&self, version: Option<&str>) -> Result<Zeroizing<Vec<u8>>> {
        let index = self.read_index()?;
        let v = match version {
            Some(v) => self.parse_version(&index, v)?,
            None => index.current.ok_or_else(|| Error::SecretNotFound {
                reference: self.reference.clone(),
            })?,
        };
        self.sealer.open(&self.version_path(v))
    }

    fn stage(&self, value: &[u8], expected_current: Option<&str>) -> Result<String> {
        self.update(|index| {
            self.check_current(index, expected_current)?;
            let version = index.versions.iter().map(|e| e.version).max().unwrap_or(0) + 1;
            let path = self.version_path(version);
            let sealed = self.sealer.seal(&path, value)?;
            crate::atomic::write(&path, &sealed)?;
            index.versions.push(Entry {
                version,
                created: chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
                state: "staged".into(),
            });
            Ok(version.to_string())
        })
    }

    fn promote(&self, version: &str, expected_current: Option<&str>) -> Result<()> {
        self.update(|index| {
            let v = self.parse_version(index, version)?;
            if index.current == Some(v) {
                return Ok(());
            }
            self.check_current(index, expected_current)?;
            if let Some(e) = Self::entry_mut(index, v) {
                e.state = "promoted".into();
            }
            index.previous = index.current;
            index.current = Some(v);
            Ok(())
        })
    }

    fn discard(&self, version: &str) -> Result<()> {
        self.update(|index| {
            let v = self.parse_version(index, version)?;
            if let Some(e) = Self::entry_mut(index, v).filter(|e| e.state == "staged") {
                e.state = "abandoned".into();
            }
            Ok(())
        })
    }

    fn prune(&self, _reference: &str, versions: &[String], dry_run: bool) -> Result<()> {
        if dry_run {
            return self.prunable(&self.read_index()?, versions).map(|_| ());
        }
        let removed = self.update(|index| {
            let removed = self.prunable(index, versions)?;
            index.versions.retain(|e| !removed.contains(&e.version));
            if index.previous.is_some_and(|p| removed.contains(&p)) {
                index.previous = None;
            }
            Ok(removed)
        })?;
        for v in removed {
            let path = self.version_path(v);
            match std::fs::remove_file(&path) {
                Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                    return Err(Error::Write { path, source: e });
                }
                _ => {}
            }
        }
        Ok(())
    }

    fn rollback(&self, to: Option<&str>, expected_current: &str) -> Result<String> {
        self.update(|index| {
            self.check_current(index, Some(expected_current))?;
            let target = match to {
                Some(v) => self.parse_version(index, v)?,
                None => index.previous.ok_or_else(|| Error::RotationConflict {
                    reference: self.reference.clone(),
                    reason: "there is no previous version to roll back to; name one with --to"
                        .into(),
                })?,
            };
            if let Some(e) = Self::entry_mut(index, target) {
                e.state = "promoted".into();
            }
            index.previous = index.current;
            index.current = Some(target);
            Ok(target.to_string())
        })
    }
}
