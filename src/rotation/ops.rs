//! The rotation operations over any [`Backend`]: `put`, `rotate` (stage → promote with
//! check-and-set, journaled), `rollback` and `prune` (which versions go is decided here,
//! for every backend alike). Each returns what it did for the caller to
//! render and record in the audit log.

use super::backend::{Backend, VersionInfo};
use super::generate::Generator;
use super::journal::{Journal, Record};
use crate::error::{Error, Result};

/// What a rotation did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Rotated {
    /// A new version `to` replaced `from`.
    Done { from: String, to: String },
    /// A rotation interrupted earlier was finished: `to` (staged then) is now current.
    Resumed { from: String, to: String },
    /// A rotation interrupted before anything was staged was undone; `current` is unchanged.
    Undone { current: String },
    /// `to` was staged and journaled but not promoted (`--stage-only`); the next rotate
    /// promotes it.
    Staged { from: String, to: String },
    /// `--dry-run`: what would be rotated.
    Planned { from: String },
}

/// Writes `value` as the new current version (creating the secret when it does not exist).
/// Returns the previous current version, if any, and the new one.
pub fn put(backend: &dyn Backend, value: &[u8]) -> Result<(Option<String>, String)> {
    let from = backend.current()?;
    let to = backend.stage(value, from.as_deref())?;
    promote_or_discard(backend, &to, from.as_deref())?;
    Ok((from, backend.promoted_id(&to)?))
}

/// How a rotation should run.
pub struct RotateOptions<'a> {
    pub reference: &'a str,
    pub generator: &'a Generator,
    pub dry_run: bool,
    pub stage_only: bool,
}

/// Rotates one secret, first finishing or undoing a rotation its journal says was interrupted.
pub fn rotate(backend: &dyn Backend, journal: &Journal, opts: &RotateOptions) -> Result<Rotated> {
    let from = backend.current()?.ok_or_else(|| Error::SecretNotFound {
        reference: opts.reference.to_string(),
    })?;
    let _claim = if opts.dry_run {
        None
    } else {
        Some(journal.claim(opts.reference)?)
    };
    if let Some(record) = journal.load()? {
        return if opts.dry_run {
            Ok(Rotated::Planned { from })
        } else {
            resume(backend, journal, record, &from)
        };
    }
    if opts.dry_run {
        return Ok(Rotated::Planned { from });
    }
    let mut record = Record {
        reference: opts.reference.to_string(),
        from: from.clone(),
        to: None,
        started: chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
    };
    journal.save(&record)?;
    let value = match opts.generator.generate() {
        Ok(value) => value,
        Err(e) => {
            journal.clear()?;
            return Err(e);
        }
    };
    let to = match backend.stage(&value, Some(&from)) {
        Ok(to) => to,
        Err(e) => {
            journal.clear()?;
            return Err(e);
        }
    };
    record.to = Some(to.clone());
    journal.save(&record)?;
    if opts.stage_only {
        return Ok(Rotated::Staged { from, to });
    }
    settle(journal, promote_or_discard(backend, &to, Some(&from)))?;
    let to = backend.promoted_id(&to)?;
    Ok(Rotated::Done { from, to })
}

/// Finishes what `record` started: promotes its staged version (a no-op when that already
/// happened) if nothing else changed the secret since, else discards it; with nothing
/// recorded as staged, adopts what the backend says that rotation made current anyway, else
/// releases what it may have left and clears the journal.
fn resume(
    backend: &dyn Backend,
    journal: &Journal,
    record: Record,
    current: &str,
) -> Result<Rotated> {
    let Some(to) = record.to else {
        if let Some(to) = backend.adopt_unrecorded(&record.from)? {
            journal.clear()?;
            return Ok(Rotated::Resumed {
                from: record.from,
                to,
            });
        }
        backend.release_unrecorded(&record.from)?;
        journal.clear()?;
        return Ok(Rotated::Undone {
            current: current.to_string(),
        });
    };
    settle(
        journal,
        promote_or_discard(backend, &to, Some(&record.from)),
    )?;
    Ok(Rotated::Resumed {
        from: record.from,
        to: backend.promoted_id(&to)?,
    })
}

/// Clears the journal once a promotion is decided (done, or lost to a conflict); any other
/// failure (server unreachable, denied) keeps it, so the next rotate tries again.
fn settle(journal: &Journal, promoted: Result<()>) -> Result<()> {
    match promoted {
        Ok(()) => journal.clear(),
        Err(e @ Error::RotationConflict { .. }) => {
            journal.clear()?;
            Err(e)
        }
        Err(e) => Err(e),
    }
}

/// Promotes `to`; when check-and-set fails, marks it abandoned and returns the conflict.
fn promote_or_discard(backend: &dyn Backend, to: &str, expected: Option<&str>) -> Result<()> {
    match backend.promote(to, expected) {
        Err(e @ Error::RotationConflict { .. }) => {
            backend.discard(to)?;
            Err(e)
        }
        other => other,
    }
}

/// Makes `to` (default: the previous version) current again. Returns (from, to).
pub fn rollback(
    backend: &dyn Backend,
    reference: &str,
    to: Option<&str>,
) -> Result<(String, String)> {
    let from = backend.current()?.ok_or_else(|| Error::SecretNotFound {
        reference: reference.to_string(),
    })?;
    let now = backend.rollback(to, &from)?;
    Ok((from, now))
}

/// Which versions `prune` removes: those beyond the `keep` newest and (when given) created
/// more than `older_than` ago. The current version and staged ones are always kept.
#[derive(Clone, Copy, Debug, Default)]
pub struct PruneRule {
    pub keep: Option<usize>,
    pub older_than: Option<std::time::Duration>,
}

/// The versions of `list` (oldest first) that `rule` removes at time `now`. A version whose
/// creation time cannot be read is kept when `older_than` is given.
pub fn prune_candidates(
    list: &[VersionInfo],
    rule: &PruneRule,
    now: chrono::DateTime<chrono::Utc>,
) -> Vec<String> {
    let keep_from = list.len().saturating_sub(rule.keep.unwrap_or(0));
    let old_enough = |v: &VersionInfo| match rule.older_than {
        None => true,
        Some(age) => chrono::DateTime::parse_from_rfc3339(&v.created).is_ok_and(|created| {
            chrono::Duration::from_std(age)
                .is_ok_and(|age| created.with_timezone(&chrono::Utc) + age <= now)
        }),
    };
    list.iter()
        .enumerate()
        .filter(|(i, v)| *i < keep_from && !v.current && v.state != "staged" && old_enough(v))
        .map(|(_, v)| v.version.clone())
        .collect()
}

/// Removes the versions `rule` selects (only checks that it could under `dry_run`). Returns
/// them, oldest first.
pub fn prune(
    backend: &dyn Backend,
    reference: &str,
    rule: &PruneRule,
    dry_run: bool,
) -> Result<Vec<String>> {
    let list = backend.versions()?;
    if list.is_empty() {
        return Err(Error::SecretNotFound {
            reference: reference.to_string(),
        });
    }
    let chosen = prune_candidates(&list, rule, chrono::Utc::now());
    backend.prune(reference, &chosen, dry_run)?;
    Ok(chosen)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(version: &str, created: &str, state: &str) -> VersionInfo {
        VersionInfo {
            version: version.into(),
            current: state == "current",
            created: created.into(),
            state: state.into(),
        }
    }

    #[test]
    fn prune_keeps_the_newest_the_current_and_the_staged() {
        let list = vec![
            v("1", "2026-01-01T00:00:00Z", "retained"),
            v("2", "2026-02-01T00:00:00Z", "current"),
            v("3", "2026-03-01T00:00:00Z", "abandoned"),
            v("4", "2026-04-01T00:00:00Z", "retained"),
            v("5", "2026-05-01T00:00:00Z", "staged"),
            v("6", "2026-06-01T00:00:00Z", "retained"),
        ];
        let now = chrono::DateTime::parse_from_rfc3339("2026-07-01T00:00:00Z")
            .unwrap()
            .with_timezone(&chrono::Utc);
        let keep = |n| PruneRule {
            keep: Some(n),
            older_than: None,
        };
        assert_eq!(prune_candidates(&list, &keep(2), now), ["1", "3", "4"]);
        assert_eq!(prune_candidates(&list, &keep(0), now), ["1", "3", "4", "6"]);
        assert!(prune_candidates(&list, &keep(6), now).is_empty());
        let older = PruneRule {
            keep: None,
            older_than: Some(std::time::Duration::from_secs(100 * 86400)),
        };
        assert_eq!(prune_candidates(&list, &older, now), ["1", "3"]);
        let both = PruneRule {
            keep: Some(5),
            ..older
        };
        assert_eq!(prune_candidates(&list, &both, now), ["1"]);
    }
}
