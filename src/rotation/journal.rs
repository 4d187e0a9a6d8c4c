//! The rotation journal: a small JSON file per reference, written before a new version is
//! staged and removed once it is promoted, so that the next `hush rotate` of that reference
//! can finish (or cleanly undo) a rotation that was interrupted. [`read_json`],
//! [`write_json`] and [`remove`] serve the other per-reference state files too.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::local::busy_message;
use super::lockfile::{self, LockError, LockFile};
use crate::error::{Error, Result};
use std::time::Duration;

/// What an in-flight rotation had done.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Record {
    pub reference: String,
    /// The version current when the rotation started.
    pub from: String,
    /// The staged version, once staging succeeded.
    pub to: Option<String>,
    pub started: String,
}

/// The journal file of one reference.
pub struct Journal {
    path: PathBuf,
}

impl Journal {
    /// The journal of `reference` in the directory `dir`.
    pub fn new(dir: &Path, reference: &str) -> Journal {
        Journal {
            path: state_path(dir, reference, ".json"),
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Claims the reference for one rotation: a second `hush rotate` of it while this one
    /// runs fails with a conflict (a lock left by a killed process is taken over).
    pub fn claim(&self, reference: &str) -> Result<LockFile> {
        let lock = self.path.with_extension("lock");
        if let Some(dir) = lock.parent() {
            std::fs::create_dir_all(dir).map_err(|source| Error::Write {
                path: dir.to_path_buf(),
                source,
            })?;
        }
        lockfile::acquire(&lock, Duration::ZERO).map_err(|e| match e {
            LockError::Busy(pid) => Error::RotationConflict {
                reference: reference.to_string(),
                reason: format!("another rotation is running ({})", busy_message(&lock, pid)),
            },
            LockError::Io(source) => Error::Write { path: lock, source },
        })
    }

    /// The record left by an unfinished rotation, if any.
    pub fn load(&self) -> Result<Option<Record>> {
        read_json(
            &self.path,
            "not a rotation journal; remove it if no rotation is running",
        )
    }

    /// Writes `record` (atomically).
    pub fn save(&self, record: &Record) -> Result<()> {
        write_json(&self.path, record)
    }

    /// Removes the journal (a missing one is fine).
    pub fn clear(&self) -> Result<()> {
        remove(&self.path)
    }
}

/// The state file for `reference` in `dir`, named by a digest of the reference.
pub fn state_path(dir: &Path, reference: &str, suffix: &str) -> PathBuf {
    let digest = hex::encode(Sha256::digest(reference.as_bytes()));
    dir.join(format!("{}{suffix}", &digest[..16]))
}

/// The JSON state file at `path` (`None` when there is none); `what` says what to do with
/// one that does not parse.
pub fn read_json<T: serde::de::DeserializeOwned>(path: &Path, what: &str) -> Result<Option<T>> {
    match std::fs::read(path) {
        Ok(bytes) => serde_json::from_slice(&bytes)
            .map(Some)
            .map_err(|e| Error::SecretStore {
                path: path.to_path_buf(),
                reason: format!("{what} ({e})"),
            }),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(source) => Err(Error::Read {
            path: path.to_path_buf(),
            source,
        }),
    }
}

/// Writes `value` as JSON to `path` (atomically, creating the directory).
pub fn write_json<T: Serialize>(path: &Path, value: &T) -> Result<()> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|source| Error::Write {
            path: dir.to_path_buf(),
            source,
        })?;
    }
    let mut json = serde_json::to_vec_pretty(value).map_err(|e| Error::SecretStore {
        path: path.to_path_buf(),
        reason: e.to_string(),
    })?;
    json.push(b'\n');
    crate::atomic::write(path, &json)
}

/// Removes the file at `path` (a missing one is fine).
pub fn remove(path: &Path) -> Result<()> {
    match std::fs::remove_file(path) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(source) => Err(Error::Write {
            path: path.to_path_buf(),
            source,
        }),
    }
}
