//! `--watch`: notices when the sealed file changes, by polling.
//!
//! Each interval the path is `stat`ed (following symlinks, so a Kubernetes secret volume's
//! `..data` swap counts); when device, inode, size, mtime or ctime moved, the file is read and
//! hashed, and a content that differs from the last one seen is sent for decryption. This
//! catches in-place rewrites, rename-over replacement (`hush set`, `git pull`, editors) and
//! symlink swaps alike, with no dependency on inotify semantics. The sealed bytes carry only
//! ciphertext.

use std::fs::Metadata;
use std::os::unix::fs::MetadataExt;
use std::path::PathBuf;
use std::sync::mpsc::Sender;
use std::time::Duration;

use sha2::{Digest, Sha256};

use super::supervise::Event;

/// What identifies one version of the file without reading it.
#[derive(Clone, Copy, PartialEq, Eq)]
struct Stamp {
    dev: u64,
    ino: u64,
    size: u64,
    mtime: (i64, i64),
    ctime: (i64, i64),
}

impl Stamp {
    fn of(m: &Metadata) -> Stamp {
        Stamp {
            dev: m.dev(),
            ino: m.ino(),
            size: m.size(),
            mtime: (m.mtime(), m.mtime_nsec()),
            ctime: (m.ctime(), m.ctime_nsec()),
        }
    }
}

/// The SHA-256 of a version of the sealed file.
pub(super) fn digest(bytes: &[u8]) -> [u8; 32] {
    Sha256::digest(bytes).into()
}

/// Starts polling `path` every `interval`, sending [`Event::FileChanged`] for each new
/// content (compared with `seen`, the digest of the content already in use) and
/// [`Event::FileUnreadable`] once when the file cannot be read. The thread ends when the
/// receiver is gone.
pub(super) fn start(path: PathBuf, interval: Duration, seen: [u8; 32], events: Sender<Event>) {
    let mut poller = Poller {
        path,
        last_stamp: None,
        last_digest: seen,
        unreadable: false,
    };
    // If the thread cannot start, the command runs unwatched: report it as unreadable.
    let fallback = events.clone();
    let started = std::thread::Builder::new()
        .name("hush-watch".into())
        .spawn(move || {
            loop {
                std::thread::sleep(interval);
                if let Some(event) = poller.poll()
                    && events.send(event).is_err()
                {
                    return;
                }
            }
        });
    if let Err(e) = started {
        let _ = fallback.send(Event::FileUnreadable(format!("cannot start watching: {e}")));
    }
}

struct Poller {
    path: PathBuf,
    last_stamp: Option<Stamp>,
    last_digest: [u8; 32],
    unreadable: bool,
}

impl Poller {
    fn poll(&mut self) -> Option<Event> {
        let read = std::fs::metadata(&self.path).and_then(|m| {
            let stamp = Stamp::of(&m);
            if self.last_stamp == Some(stamp) {
                return Ok(None);
            }
            let bytes = std::fs::read(&self.path)?;
            self.last_stamp = Some(stamp);
            Ok(Some(bytes))
        });
        match read {
            Ok(None) => None,
            Ok(Some(bytes)) => {
                self.unreadable = false;
                let d = digest(&bytes);
                (d != self.last_digest).then(|| {
                    self.last_digest = d;
                    Event::FileChanged(bytes)
                })
            }
            Err(e) => {
                // A symlink swap or rename leaves no gap; report only a lasting absence once.
                self.last_stamp = None;
                let first = !std::mem::replace(&mut self.unreadable, true);
                first.then(|| Event::FileUnreadable(format!("cannot read: {e}")))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn poller(path: PathBuf, seen: &[u8]) -> Poller {
        Poller {
            path,
            last_stamp: None,
            last_digest: digest(seen),
            unreadable: false,
        }
    }

    #[test]
    fn reports_new_content_once_and_ignores_same_content() {
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("s.yaml");
        std::fs::write(&path, "a").expect("write");
        let mut p = poller(path.clone(), b"a");
        assert!(p.poll().is_none());
        // Rename-over replacement with new content.
        let tmp = dir.path().join("tmp");
        std::fs::write(&tmp, "b").expect("write");
        std::fs::rename(&tmp, &path).expect("rename");
        assert!(matches!(p.poll(), Some(Event::FileChanged(b)) if b == b"b"));
        assert!(p.poll().is_none());
        // Same content written again: no event.
        std::fs::write(&tmp, "b").expect("write");
        std::fs::rename(&tmp, &path).expect("rename");
        assert!(p.poll().is_none());
    }

    #[test]
    fn a_missing_file_is_reported_once() {
        let dir = tempfile::tempdir().expect("dir");
        let mut p = poller(dir.path().join("gone.yaml"), b"a");
        assert!(matches!(p.poll(), Some(Event::FileUnreadable(_))));
        assert!(p.poll().is_none());
    }
}
