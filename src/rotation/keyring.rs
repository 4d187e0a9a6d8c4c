//! The `keyring:SERVICE/USER` backend: an entry of the OS keyring (on Linux the kernel
//! keyutils store, as described in [`crate::identities::os_keyring`]; the keyutils
//! description is `keyring-rs:USER@SERVICE`).
//!
//! Other tools read the one entry (SERVICE, USER), so that entry always holds the current
//! value. hush keeps its versions in entries of their own under the same service:
//!
//! * user `USER@hush/v1`, `USER@hush/v2`, ...: each version's value, written once and never
//!   changed or deleted once the index lists it (an entry the index does not list is what
//!   a killed commit left, a value never made current, and the next commit reuses it);
//! * user `USER@hush/index`: the [`History`](super::history::History) as JSON.
//!
//! Users containing `@hush/` are refused as references. The keyring has no check-and-set,
//! so hush serialises its own writers with a lock file per entry (in `$XDG_RUNTIME_DIR`, else
//! the temporary directory, named after the user id and the entry): every read of the
//! entry and the index, and every commit, holds it, and a commit first compares the entry
//! and the index with what the command read (SHA-256 of each), writing nothing when either
//! changed.
//!
//! What that guarantees: among hush processes of one user on one machine, changes are
//! atomic with respect to each other and racing rotations resolve as a conflict with no
//! version lost. A write by another tool to the entry is detected at the next compare and
//! recorded as a version by the next command; one landing in the instant between hush's
//! compare and its own write is overwritten (the keyring offers nothing to prevent that).
//! A commit writes the new version's entry, then the entry, then the index, so a hush
//! killed in between leaves either a version entry the index does not list (reused by the
//! next commit) or the newest staged version in place with the index not yet saying so
//! (the next command records it as current): no value that was ever current is lost.

use std::path::PathBuf;
use std::time::Duration;

use sha2::{Digest, Sha256};
use zeroize::Zeroizing;

use super::history::History;
use super::indexed::{Change, IndexedStore, Snapshot};
use super::local::busy_message;
use super::lockfile::{self, LockError, LockFile};
use crate::error::{Error, Result};
use crate::identities::os_keyring;

/// What separates hush's entries from the secret's user.
const MARK: &str = "@hush/";

/// How long a command waits for another hush holding the entry's lock.
const LOCK_WAIT: Duration = Duration::from_secs(10);

/// One keyring entry.
pub struct KeyringEntry {
    service: String,
    user: String,
    reference: String,
}

/// SHA-256 of the entry and of the index as read (`None`: absent).
#[derive(PartialEq, Eq)]
pub struct Digests {
    value: Option<[u8; 32]>,
    index: Option<[u8; 32]>,
}

/// An entry's bytes (`None`: no such entry).
type Stored = Option<Zeroizing<Vec<u8>>>;

fn digest(bytes: &Stored) -> Option<[u8; 32]> {
    bytes.as_ref().map(|b| Sha256::digest(b.as_slice()).into())
}

impl KeyringEntry {
    /// The entry (`service`, `user`).
    pub fn new(service: &str, user: &str) -> Result<KeyringEntry> {
        let reference = format!("keyring:{service}/{user}");
        if user.contains(MARK) {
            return Err(Error::BadReference {
                reference,
                reason: format!("users containing `{MARK}` hold hush's version history"),
            });
        }
        if !os_keyring::has_real_backend() {
            return Err(Error::SecretBackend {
                reference,
                reason: "this build of hush has no OS keyring backend for this platform".into(),
            });
        }
        Ok(KeyringEntry {
            service: service.to_string(),
            user: user.to_string(),
            reference,
        })
    }

    fn index_user(&self) -> String {
        format!("{}{MARK}index", self.user)
    }

    fn version_user(&self, n: u64) -> String {
        format!("{}{MARK}v{n}", self.user)
    }

    fn fail(&self, user: &str, reason: String) -> Error {
        Error::SecretBackend {
            reference: self.reference.clone(),
            reason: format!(
                "the OS keyring refused entry {user}@{}: {reason} (on Linux hush needs a session keyring: run it inside one, e.g. `keyctl session - …`)",
                self.service
            ),
        }
    }

    fn entry(&self, user: &str) -> Result<keyring::Entry> {
        os_keyring::entry_for(&self.service, user).map_err(|r| self.fail(user, r))
    }

    fn read(&self, user: &str) -> Result<Stored> {
        match self.entry(user)?.get_secret() {
            Ok(bytes) => Ok(Some(Zeroizing::new(bytes))),
            Err(keyring::Error::NoEntry) => Ok(None),
            Err(e) => Err(self.fail(user, os_keyring::reason(e))),
        }
    }

    fn write(&self, user: &str, bytes: &[u8]) -> Result<()> {
        self.entry(user)?
            .set_secret(bytes)
            .map_err(|e| self.fail(user, os_keyring::reason(e)))
    }

    fn lock_path(&self) -> PathBuf {
        let dir = std::env::var_os("XDG_RUNTIME_DIR")
            .map(PathBuf::from)
            .filter(|d| d.is_dir())
            .unwrap_or_else(std::env::temp_dir);
        let name = Sha256::digest(format!("{}\0{}", self.service, self.user).as_bytes());
        dir.join(format!(
            "hush-keyring-{}-{}.lock",
            rustix::process::getuid().as_raw(),
            &hex::encode(name)[..16]
        ))
    }

    fn lock(&self) -> Result<LockFile> {
        let path = self.lock_path();
        lockfile::acquire(&path, LOCK_WAIT).map_err(|e| match e {
            LockError::Busy(pid) => Error::RotationConflict {
                reference: self.reference.clone(),
                reason: busy_message(&path, pid),
            },
            LockError::Io(source) => Error::Write { path, source },
        })
    }

    /// The entry and the raw index, read while holding the lock.
    fn read_both(&self) -> Result<(Stored, Stored)> {
        Ok((self.read(&self.user)?, self.read(&self.index_user())?))
    }
}

impl IndexedStore for KeyringEntry {
    type Stamp = Digests;

    fn reference(&self) -> &str {
        &self.reference
    }

    fn snapshot(&self) -> Result<Snapshot<Digests>> {
        let (value, index) = {
            let _lock = self.lock()?;
            self.read_both()?
        };
        let stamp = Digests {
            value: digest(&value),
            index: digest(&index),
        };
        let history = match &index {
            Some(bytes) => Some(History::from_json(
                bytes,
                &self.reference,
                &format!("keyring entry {}@{}", self.index_user(), self.service),
            )?),
            None => None,
        };
        Ok(Snapshot {
            value,
            history,
            stamp,
        })
    }

    fn version(&self, n: u64) -> Result<Option<Zeroizing<Vec<u8>>>> {
        self.read(&self.version_user(n))
    }

    fn commit(&self, seen: &Snapshot<Digests>, change: Change) -> Result<bool> {
        let _lock = self.lock()?;
        let (value, index) = self.read_both()?;
        if digest(&value) != seen.stamp.value || digest(&index) != seen.stamp.index {
            return Ok(false);
        }
        if let Some((n, bytes)) = change.version {
            self.write(&self.version_user(n), bytes)?;
        }
        if let Some(bytes) = change.value {
            self.write(&self.user, bytes)?;
        }
        self.write(&self.index_user(), &change.history.to_json())?;
        Ok(true)
    }
}
