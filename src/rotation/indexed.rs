//! Rotation for backends that hold one value where consumers read it (an etcd key, an OS
//! keyring entry) and no versions of their own. hush keeps every version in an immutable
//! entry of its own next to the value, plus a [`History`] index, and changes them only by
//! atomic commits that fail when anything changed since it read them. [`Indexed`] turns a
//! store of that kind ([`IndexedStore`]) into a [`Backend`].
//!
//! A value in place that is not the current recorded version (written by another tool) is
//! imported as a new version by the next `put`, `rotate` or `rollback`, so it is never lost;
//! one that is the newest staged version (a promotion interrupted between its writes, where
//! a commit is not atomic) is recorded as current instead.

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
    /// Applies `change` if neither the value in place nor the index changed since `seen`;
    /// `Ok(false)` otherwise. A store whose commits are atomic also requires the new
    /// version's entry not to exist yet; one whose commits are not may reuse an entry the
    /// index does not list (what a commit killed half-way left).
    fn commit(&self, seen: &Snapshot<Self::Stamp>, change: Change) -> Result<bool>;
}

/// How many read-decide-commit rounds a change gets when other writers keep winning.
const RETRIES: usize = 20;

/// Where the value in place stands against the index.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum InPlace {
    /// No value in place.
    Absent,
    /// The value in place is the recorded current version.
    Tracked(u64),
    /// The value in place is the newest staged version: a promotion stopped between
    /// writing the value and writing the index (possible only where a commit is not atomic).
    HalfPromoted(u64),
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
        let Some(history) = &snap.history else {
            return Ok(InPlace::External);
        };
        let holds = |n: u64| -> Result<bool> {
            Ok(self
                .0
                .version(n)?
                .is_some_and(|v| v.as_slice() == value.as_slice()))
        };
        if let Some(current) = history.current
            && holds(current)?
        {
            return Ok(InPlace::Tracked(current));
        }
        match history.newest_staged() {
            Some(n) if holds(n)? => Ok(InPlace::HalfPromoted(n)),
            _ => Ok(InPlace::External),
        }
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
            InPlace::External | InPlace::HalfPromoted(_) => {
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

    /// Reads, lets `decide` check and plan, and commits the plan; when the commit loses to
    /// another writer, does it all again (`decide` fails when what changed matters, e.g. the
    /// current version; another staging or a discard does not).
    fn transact<R>(
        &self,
        mut decide: impl FnMut(&Snapshot<T::Stamp>) -> Result<Step<R>>,
    ) -> Result<R> {
        for _ in 0..RETRIES {
            let snap = self.0.snapshot()?;
            let plan = match decide(&snap)? {
                Step::Done(out) => return Ok(out),
                Step::Write(plan) => plan,
            };
            let change = Change {
                version: plan.version.as_ref().map(|(n, v)| (*n, v.as_slice())),
                value: plan.value.as_ref().map(|v| v.as_slice()),
                history: &plan.history,
            };
            if self.0.commit(&snap, change)? {
                return Ok(plan.out);
            }
        }
        Err(self.conflict(
            "other writers kept changing the secret while this command ran; nothing was written, run it again".into(),
        ))
    }
}

/// What one round of [`Indexed::transact`] decided.
enum Step<R> {
    /// Nothing to write.
    Done(R),
    Write(Plan<R>),
}

/// What to write: the index, and perhaps a new version entry and the value in place.
struct Plan<R> {
    history: History,
    version: Option<(u64, Zeroizing<Vec<u8>>)>,
    value: Option<Zeroizing<Vec<u8>>>,
    out: R,
}

impl<R> Plan<R> {
    fn index(history: History, out: R) -> Step<R> {
        Step::Write(Plan {
            history,
            version: None,
            value: None,
            out,
        })
    }
}

impl<T: IndexedStore> Backend for Indexed<T> {
    fn versions(&self) -> Result<Vec<VersionInfo>> {
        let snap = self.0.snapshot()?;
        let in_place = self.in_place(&snap)?;
        let current = match in_place {
            InPlace::Tracked(n) | InPlace::HalfPromoted(n) => Some(n),
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

    /// Records a value written outside hush as a version first (and finishes a promotion
    /// stopped half-way), so the current version is always a recorded one.
    fn current(&self) -> Result<Option<String>> {
        let n = self.transact(|snap| {
            let mut history = Self::history(snap);
            Ok(match self.in_place(snap)? {
                InPlace::Absent => Step::Done(None),
                InPlace::Tracked(n) => Step::Done(Some(n)),
                InPlace::HalfPromoted(n) => {
                    history.promote(n);
                    Plan::index(history, Some(n))
                }
                InPlace::External => {
                    let n = history.import();
                    Step::Write(Plan {
                        history,
                        version: Some((n, snap.value.clone().unwrap_or_default())),
                        value: None,
                        out: Some(n),
                    })
                }
            })
        })?;
        Ok(n.map(|n| n.to_string()))
    }

    fn stage(&self, value: &[u8], expected_current: Option<&str>) -> Result<String> {
        self.transact(|snap| {
            let mut history = self.expect(snap, expected_current)?;
            let n = history.stage();
            Ok(Step::Write(Plan {
                history,
                version: Some((n, Zeroizing::new(value.to_vec()))),
                value: None,
                out: n.to_string(),
            }))
        })
    }

    fn promote(&self, version: &str, expected_current: Option<&str>) -> Result<()> {
        self.transact(|snap| {
            let n = Self::history(snap).find(self.0.reference(), version)?;
            if self.in_place(snap)? == InPlace::Tracked(n) {
                return Ok(Step::Done(()));
            }
            let mut history = self.expect(snap, expected_current)?;
            if !history.is_staged(n) {
                return Err(self.conflict(format!(
                    "version {version} is not staged (it was abandoned or superseded); run hush rotate again"
                )));
            }
            let value = self.value_of(n)?;
            history.promote(n);
            Ok(Step::Write(Plan {
                history,
                version: None,
                value: Some(value),
                out: (),
            }))
        })
    }

    fn discard(&self, version: &str) -> Result<()> {
        self.transact(|snap| {
            let mut history = Self::history(snap);
            let n = history.find(self.0.reference(), version)?;
            Ok(if history.discard(n) {
                Plan::index(history, ())
            } else {
                Step::Done(())
            })
        })
    }

    /// Copies the target version's value into place and moves the index to it.
    fn rollback(&self, to: Option<&str>, expected_current: &str) -> Result<String> {
        self.transact(|snap| {
            let mut history = self.expect(snap, Some(expected_current))?;
            let target = history.rollback_target(self.0.reference(), to)?;
            let value = self.value_of(target)?;
            history.promote(target);
            Ok(Step::Write(Plan {
                history,
                version: None,
                value: Some(value),
                out: target.to_string(),
            }))
        })
    }
}
