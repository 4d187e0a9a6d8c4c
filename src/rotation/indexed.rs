//! Rotation for backends that hold one value where consumers read it (an etcd key, an OS
//! keyring entry) and no versions of their own. hush keeps every version in an immutable
//! entry of its own next to the value, plus a [`History`] index, and changes them only by
//! atomic commits that fail when anything changed since it read them. [`Indexed`] turns a
//! store of that kind ([`IndexedStore`]) into a [`Backend`].
//!
//! A value in place that is not the current recorded version (written by another tool) is
//! imported as a new version by the next `put`, `rotate` or `rollback`, so it is never lost.

use zeroize::Zeroizing;

use super::backend::{Backend, VersionInfo};
use super::history::History;
use crate::error::{Error, Result};

/// What a store had when read, with what its commit compares against (`stamp`).
pub struct Snapshot<S> {
    /// The value consumers read (`None` when there is none).
    pub value: Option<Zeroizing<Vec<u8>>>,
    pub history: Option<History>,
    pub stamp: S,
}

/// One atomic change: a new immutable version entry, the value in place, the index.
pub struct Change<'a> {
    pub version: Option<(u64, &'a [u8])>,
    pub value: Option<&'a [u8]>,
    pub history: &'a History,
}

/// A store of one secret: the value in place, version entries and the index.
pub trait IndexedStore {
    type Stamp;
    /// The reference, for messages.
    fn reference(&self) -> &str;
    /// Reads the value in place and the index together.
    fn snapshot(&self) -> Result<Snapshot<Self::Stamp>>;
    /// The stored value of a version (`None` when its entry is missing).
    fn version(&self, n: u64) -> Result<Option<Zeroizing<Vec<u8>>>>;
    /// Applies `change` if neither the value in place nor the index changed since `seen`
    /// and the new version's entry does not exist yet; `Ok(false)` otherwise.
    fn commit(&self, seen: &Snapshot<Self::Stamp>, change: Change) -> Result<bool>;
}

/// How often a read-modify-commit that only records something (an import, a discard) is
/// retried when another writer got in between.
const RETRIES: usize = 5;

/// Where the value in place stands against the index.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum InPlace {
    /// No value in place.
    Absent,
    /// The value in place is the recorded current version.
    Tracked(u64),
    /// The value in place is not the recorded current version.
    External,
}

/// A [`Backend`] over an [`IndexedStore`].
pub struct Indexed<T>(pub T);

impl<T: IndexedStore> Indexed<T> {
    fn reference(&self) -> String {
        self.0.reference().to_string()
    }

    fn conflict(&self, reason: String) -> Error {
        Error::RotationConflict {
            reference: self.reference(),
            reason,
        }
    }

    fn in_place(&self, snap: &Snapshot<T::Stamp>) -> Result<InPlace> {
        let Some(value) = &snap.value else {
            return Ok(InPlace::Absent);
        };
        let Some(current) = snap.history.as_ref().and_then(|h| h.current) else {
            return Ok(InPlace::External);
        };
        Ok(match self.0.version(current)? {
            Some(v) if v.as_slice() == value.as_slice() => InPlace::Tracked(current),
            _ => InPlace::External,
        })
    }

    /// The recorded history (empty when there is none yet).
    fn history(snap: &Snapshot<T::Stamp>) -> History {
        snap.history.clone().unwrap_or_default()
    }

    /// Fails unless the current version in `snap` is `expected`; returns the history.
    fn expect(&self, snap: &Snapshot<T::Stamp>, expected: Option<&str>) -> Result<History> {
        let found = match self.in_place(snap)? {
            InPlace::Absent => None,
            InPlace::Tracked(n) => Some(n.to_string()),
            InPlace::External => {
                return Err(self.conflict(
                    "the value was changed outside hush while this command ran; nothing was written, run it again (it records the new value as a version first)".into(),
                ));
            }
        };
        if found.as_deref() != expected {
            return Err(self.conflict(format!(
                "the current version changed from {} to {} while this command ran; nothing was promoted, run it again",
                expected.unwrap_or("none"),
                found.as_deref().unwrap_or("none")
            )));
        }
        Ok(Self::history(snap))
    }

    /// The stored value of recorded version `n`.
    fn value_of(&self, n: u64) -> Result<Zeroizing<Vec<u8>>> {
        self.0.version(n)?.ok_or_else(|| Error::SecretBackend {
            reference: self.reference(),
            reason: format!(
                "the entry of version {n} is missing (removed outside hush); the index still lists it"
            ),
        })
    }

    /// Commits `change`, turning "changed meanwhile" into a conflict.
    fn commit_or_conflict(&self, seen: &Snapshot<T::Stamp>, change: Change) -> Result<()> {
        if self.0.commit(seen, change)? {
            Ok(())
        } else {
            Err(self.conflict(
                "another writer changed the secret while this command ran; nothing was written, run it again".into(),
            ))
        }
    }

    /// Records the value in place as a new current version (see the module doc).
    fn import(&self, snap: &Snapshot<T::Stamp>, value: &[u8]) -> Result<Option<u64>> {
        let mut history = Self::history(snap);
        let n = history.import();
        let change = Change {
            version: Some((n, value)),
            value: None,
            history: &history,
        };
        Ok(self.0.commit(snap, change)?.then_some(n))
    }
}

impl<T: IndexedStore> Backend for Indexed<T> {
    fn versions(&self) -> Result<Vec<VersionInfo>> {
        let snap = self.0.snapshot()?;
        let in_place = self.in_place(&snap)?;
        let current = match in_place {
            InPlace::Tracked(n) => Some(n),
            _ => None,
        };
        let mut list = Self::history(&snap).infos(current);
        if in_place == InPlace::External {
            list.push(VersionInfo {
                version: "unrecorded".into(),
                current: true,
                created: String::new(),
                state: "external".into(),
            });
        }
        Ok(list)
    }

    fn get(&self, version: Option<&str>) -> Result<Zeroizing<Vec<u8>>> {
        let snap = self.0.snapshot()?;
        match version {
            None => snap.value.ok_or_else(|| Error::SecretNotFound {
                reference: self.reference(),
            }),
            Some(v) => {
                let n = Self::history(&snap).find(self.0.reference(), v)?;
                self.value_of(n)
            }
        }
    }

    /// Imports a value written outside hush first, so the current version is recorded.
    fn current(&self) -> Result<Option<String>> {
        for _ in 0..RETRIES {
            let snap = self.0.snapshot()?;
            match self.in_place(&snap)? {
                InPlace::Absent => return Ok(None),
                InPlace::Tracked(n) => return Ok(Some(n.to_string())),
                InPlace::External => {
                    let value = snap.value.clone().unwrap_or_default();
                    if let Some(n) = self.import(&snap, &value)? {
                        return Ok(Some(n.to_string()));
                    }
                }
            }
        }
        Err(self.conflict("the value keeps changing under hush; run it again".into()))
    }

    fn stage(&self, value: &[u8], expected_current: Option<&str>) -> Result<String> {
        let snap = self.0.snapshot()?;
        let mut history = self.expect(&snap, expected_current)?;
        let n = history.stage();
        let change = Change {
            version: Some((n, value)),
            value: None,
            history: &history,
        };
        self.commit_or_conflict(&snap, change)?;
        Ok(n.to_string())
    }

    fn promote(&self, version: &str, expected_current: Option<&str>) -> Result<()> {
        let snap = self.0.snapshot()?;
        let n = Self::history(&snap).find(self.0.reference(), version)?;
        if self.in_place(&snap)? == InPlace::Tracked(n) {
            return Ok(());
        }
        let mut history = self.expect(&snap, expected_current)?;
        if !history.is_staged(n) {
            return Err(self.conflict(format!(
                "version {version} is not staged (it was abandoned or superseded); run hush rotate again"
            )));
        }
        let value = self.value_of(n)?;
        history.promote(n);
        let change = Change {
            version: None,
            value: Some(&value),
            history: &history,
        };
        self.commit_or_conflict(&snap, change)
    }

    fn discard(&self, version: &str) -> Result<()> {
        for _ in 0..RETRIES {
            let snap = self.0.snapshot()?;
            let mut history = Self::history(&snap);
            let n = history.find(self.0.reference(), version)?;
            if !history.discard(n) {
                return Ok(());
            }
            let change = Change {
                version: None,
                value: None,
                history: &history,
            };
            if self.0.commit(&snap, change)? {
                return Ok(());
            }
        }
        Err(self.conflict(format!(
            "could not mark version {version} abandoned: the secret keeps changing"
        )))
    }

    /// Copies the target version's value into place and moves the index to it.
    fn rollback(&self, to: Option<&str>, expected_current: &str) -> Result<String> {
        let snap = self.0.snapshot()?;
        let mut history = self.expect(&snap, Some(expected_current))?;
        let target = history.rollback_target(self.0.reference(), to)?;
        let value = self.value_of(target)?;
        history.promote(target);
        let change = Change {
            version: None,
            value: Some(&value),
            history: &history,
        };
        self.commit_or_conflict(&snap, change)?;
        Ok(target.to_string())
    }
}
