//! Which secrets of the `secrets:` policy are due: those whose current version was created
//! longer ago than their `max_age`. The age is read from the backend's own version list
//! (the creation time of the current version), so it survives any restart of hush.

use std::time::Duration;

use chrono::{DateTime, Utc};

use super::backend::VersionInfo;

/// Where a secret stands against its `max_age`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Standing {
    /// Older than `max_age`: rotate it. `age` is how old the current version is.
    Due { version: String, age: Duration },
    /// Young enough.
    Fresh { version: String, age: Duration },
    /// The policy gives no `max_age`: only rotated when named.
    NoMaxAge,
    /// The secret has no current version; `hush secret put` creates it.
    Missing,
    /// The current version's creation time cannot be read; treated as due.
    UnknownAge { version: String },
}

/// Where a secret with `versions` (any order) stands at `now` against `max_age`.
pub fn standing(
    versions: &[VersionInfo],
    max_age: Option<Duration>,
    now: DateTime<Utc>,
) -> Standing {
    let Some(current) = versions.iter().find(|v| v.current) else {
        return Standing::Missing;
    };
    let Some(max_age) = max_age else {
        return Standing::NoMaxAge;
    };
    let version = current.version.clone();
    let Ok(created) = DateTime::parse_from_rfc3339(&current.created) else {
        return Standing::UnknownAge { version };
    };
    let age = (now - created.with_timezone(&Utc))
        .to_std()
        .unwrap_or(Duration::ZERO);
    if age >= max_age {
        Standing::Due { version, age }
    } else {
        Standing::Fresh { version, age }
    }
}

impl Standing {
    /// True when `hush rotate --due` rotates it.
    pub fn is_due(&self) -> bool {
        matches!(self, Standing::Due { .. } | Standing::UnknownAge { .. })
    }
}

/// A duration as humantime writes it, to the second (`90days 3h 2m 1s`).
pub fn show(d: Duration) -> String {
    humantime::format_duration(Duration::from_secs(d.as_secs())).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(t: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(t).unwrap().with_timezone(&Utc)
    }

    fn current(created: &str) -> Vec<VersionInfo> {
        vec![VersionInfo {
            version: "3".into(),
            current: true,
            created: created.into(),
            state: "current".into(),
        }]
    }

    #[test]
    fn due_when_the_current_version_is_older_than_max_age() {
        let now = at("2026-04-01T00:00:00Z");
        let day = Duration::from_secs(86400);
        let list = current("2026-01-01T00:00:00Z");
        assert!(standing(&list, Some(90 * day), now).is_due());
        assert!(!standing(&list, Some(91 * day), now).is_due());
        assert_eq!(standing(&list, None, now), Standing::NoMaxAge);
        assert_eq!(standing(&[], Some(day), now), Standing::Missing);
        assert!(standing(&current("yesterday"), Some(day), now).is_due());
    }
}
