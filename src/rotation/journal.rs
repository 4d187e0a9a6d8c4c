//! The rotation journal: a small JSON file per reference, written before a new version is
//! staged and removed once it is promoted, so that the next `hush rotate` of that reference
//! can finish (or cleanly undo) a rotation that was interrupted.

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
        let digest = hex::encode(Sha256::digest(reference.as_bytes()));
        Journal {
            path: dir.join(format!("{}.json", &digest[..16])),
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
        match std::fs::read(&self.path) {
            Ok(bytes) => serde_json::from_slice(&bytes)
                .map(Some)
                .map_err(|e| Error::SecretStore {
                    path: self.path.clone(),
                    reason: format!(
                        "not a rotation journal ({e}); remove it if no rotation is running"
                    ),
                }),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(source) => Err(Error::Read {
                path: self.path.clone(),
                source,
            }),
        }
    }

    /// Writes `record` (atomically).
    pub fn save(&self, record: &Record) -> Result<()> {
        if let Some(dir) = self.path.parent() {
            std::fs::create_dir_all(dir).map_err(|source| Error::Write {
                path: dir.to_path_buf(),
                source,
            })?;
        }
        let mut json = serde_json::to_vec_pretty(record).map_err(|e| Error::SecretStore {
            path: self.path.clone(),
            reason: e.to_string(),
        })?;
        json.push(b'\n');
        crate::atomic::write(&self.path, &json)
    }

    /// Removes the journal (a missing one is fine).
    pub fn clear(&self) -> Result<()> {
        match std::fs::remove_file(&self.path) {
            Ok(()) => Ok(()),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
            Err(source) => Err(Error::Write {
                path: self.path.clone(),
                source,
            }),
        }
    }
}
