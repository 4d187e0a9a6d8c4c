//! The audit log of administrative secret operations: JSON lines, each carrying the SHA-256
//! of the line before it (the first carries 64 zeros), so that a changed, removed or
//! reordered line breaks the chain. A sidecar `<log>.head` holds the line count and the hash
//! of the last line, so that truncation or an edit of the last line is caught too. Entries
//! name who, what, when, the reference, version ids and the outcome, never a value.

use std::io::Write;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::error::{Error, Result};

const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// One administrative operation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Event {
    /// `put`, `rotate`, `rollback`, ...
    pub op: String,
    pub reference: String,
    pub from: Option<String>,
    pub to: Option<String>,
    /// `ok`, `denied`, `conflict` or `error: MESSAGE` (messages never carry values).
    pub outcome: String,
    /// What else the operation names: the versions a prune removed, the `on_rotate`
    /// action run (never a value).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
}

#[derive(Serialize, Deserialize)]
struct Line {
    time: String,
    who: String,
    host: String,
    #[serde(flatten)]
    event: Event,
    prev: String,
}

#[derive(Serialize, Deserialize)]
struct Head {
    lines: usize,
    last: String,
}

/// The default log: `$XDG_DATA_HOME/hush/audit.log`, else `~/.local/share/hush/audit.log`.
pub fn default_path() -> Option<PathBuf> {
    let data = std::env::var_os("XDG_DATA_HOME")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".local/share")))?;
    Some(data.join("hush").join("audit.log"))
}

fn head_path(log: &Path) -> PathBuf {
    let mut p = log.as_os_str().to_owned();
    p.push(".head");
    PathBuf::from(p)
}

fn sha(line: &[u8]) -> String {
    hex::encode(Sha256::digest(line))
}

fn who() -> String {
    std::env::var("USER")
        .ok()
        .filter(|u| !u.is_empty())
        .unwrap_or_else(|| format!("uid:{}", rustix::process::getuid().as_raw()))
}

fn host() -> String {
    rustix::system::uname()
        .nodename()
        .to_string_lossy()
        .into_owned()
}

/// Held by the thread of this process that is appending (any log).
static APPENDING: std::sync::Mutex<()> = std::sync::Mutex::new(());

/// Appends `event` to the log at `path`, chained to its last line.
pub fn append(path: &Path, event: Event) -> Result<()> {
    let werr = |source: std::io::Error| Error::Write {
        path: path.to_path_buf(),
        source,
    };
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(werr)?;
    }
    // Threads of this process queue here rather than poll the lock file against each other.
    let _in_process = APPENDING.lock().unwrap_or_else(|p| p.into_inner());
    let _lock = lock(path)?;
    let existing = read_lines(path)?;
    let prev = existing
        .last()
        .map_or_else(|| GENESIS.to_string(), |l| sha(l.as_bytes()));
    let line = Line {
        time: chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
        who: who(),
        host: host(),
        event,
        prev,
    };
    let text = serde_json::to_string(&line).map_err(|e| audit_error(path, e.to_string()))?;
    let mut file = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)
        .map_err(werr)?;
    file.write_all(format!("{text}\n").as_bytes())
        .and_then(|()| file.sync_all())
        .map_err(werr)?;
    let head = Head {
        lines: existing.len() + 1,
        last: sha(text.as_bytes()),
    };
    let head_json = serde_json::to_vec(&head).map_err(|e| audit_error(path, e.to_string()))?;
    crate::atomic::write(&head_path(path), &head_json)
}

/// Serialises appenders (hush processes running in parallel) so the chain never forks.
fn lock(path: &Path) -> Result<crate::rotation::lockfile::LockFile> {
    use crate::rotation::lockfile::{LockError, acquire};
    let mut lock = path.as_os_str().to_owned();
    lock.push(".lock");
    let lock = PathBuf::from(lock);
    acquire(&lock, std::time::Duration::from_secs(10)).map_err(|e| match e {
        LockError::Busy(pid) => audit_error(
            path,
            format!(
                "another process ({}) holds {}",
                pid.map_or_else(|| "unknown".to_string(), |p| p.to_string()),
                lock.display()
            ),
        ),
        LockError::Io(source) => Error::Write { path: lock, source },
    })
}

fn audit_error(path: &Path, reason: String) -> Error {
    Error::AuditLog {
        path: path.to_path_buf(),
        reason,
    }
}

fn read_lines(path: &Path) -> Result<Vec<String>> {
    match std::fs::read_to_string(path) {
        Ok(text) => Ok(text.lines().map(str::to_string).collect()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Vec::new()),
        Err(source) => Err(Error::Read {
            path: path.to_path_buf(),
            source,
        }),
    }
}

/// Checks the chain of the log at `path`; returns the number of entries. The error names
/// the first line that does not follow from the one before it.
pub fn verify(path: &Path) -> Result<usize> {
    if !path.exists() {
        return Err(Error::FileNotFound {
            path: path.to_path_buf(),
        });
    }
    let lines = read_lines(path)?;
    let mut prev = GENESIS.to_string();
    for (i, text) in lines.iter().enumerate() {
        let at = |why: &str| audit_error(path, format!("line {}: {why}", i + 1));
        let line: Line = serde_json::from_str(text).map_err(|_| at("not an audit entry"))?;
        if line.prev != prev {
            return Err(at(
                "does not follow the line before it (a line was changed, removed or reordered)",
            ));
        }
        prev = sha(text.as_bytes());
    }
    check_head(path, lines.len(), &prev)?;
    Ok(lines.len())
}

/// Compares the chain's end with the sidecar head, which must exist.
fn check_head(path: &Path, lines: usize, last: &str) -> Result<()> {
    let hp = head_path(path);
    let Ok(bytes) = std::fs::read(&hp) else {
        return Err(audit_error(
            path,
            format!(
                "{} is missing; the end of the log cannot be checked",
                hp.display()
            ),
        ));
    };
    let head: Head = serde_json::from_slice(&bytes)
        .map_err(|_| audit_error(path, format!("{} is not a log head", hp.display())))?;
    if head.lines != lines || head.last != last {
        return Err(audit_error(
            path,
            format!(
                "the log ends at line {lines} but its head records {} lines; the last lines were changed or removed",
                head.lines
            ),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(op: &str) -> Event {
        Event {
            op: op.into(),
            reference: "local:a".into(),
            from: Some("1".into()),
            to: Some("2".into()),
            outcome: "ok".into(),
            detail: None,
        }
    }

    fn log_with(n: usize) -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("audit.log");
        for i in 0..n {
            append(&path, event(&format!("op{i}"))).unwrap();
        }
        (dir, path)
    }

    fn rewrite(path: &Path, f: impl FnOnce(&mut Vec<String>)) {
        let mut lines = read_lines(path).unwrap();
        f(&mut lines);
        std::fs::write(
            path,
            lines.iter().map(|l| format!("{l}\n")).collect::<String>(),
        )
        .unwrap();
    }

    #[test]
    fn an_untouched_log_verifies() {
        let (_d, path) = log_with(3);
        assert_eq!(verify(&path).unwrap(), 3);
    }

    #[test]
    fn changed_removed_and_reordered_lines_fail() {
        let cases: [fn(&mut Vec<String>); 4] = [
            |l| l[1] = l[1].replace("op1", "op9"),
            |l| {
                l.remove(1);
            },
            |l| l.swap(0, 1),
            |l| {
                l.pop();
            },
        ];
        for case in cases {
            let (_d, path) = log_with(3);
            rewrite(&path, case);
            assert!(verify(&path).is_err());
        }
    }

    #[test]
    fn parallel_appenders_keep_one_chain() {
        let (_d, path) = log_with(0);
        std::thread::scope(|s| {
            for t in 0..4 {
                let path = &path;
                s.spawn(move || {
                    for i in 0..5 {
                        append(path, event(&format!("t{t}-{i}"))).unwrap();
                    }
                });
            }
        });
        assert_eq!(verify(&path).unwrap(), 20);
    }

    #[test]
    fn an_edited_last_line_fails() {
        let (_d, path) = log_with(2);
        rewrite(&path, |l| l[1] = l[1].replace("\"ok\"", "\"denied\""));
        let err = verify(&path).unwrap_err().to_string();
        assert!(err.contains("last lines"), "{err}");
    }
}
