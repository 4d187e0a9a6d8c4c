//! Lock files for the local store and for rotations: created exclusively, holding the
//! owner's process id so that a lock left by a process that no longer runs (killed
//! mid-rotation) is taken over instead of blocking forever. Removed when dropped.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// A held lock; the file is removed on drop.
pub struct LockFile(PathBuf);

impl Drop for LockFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

/// Why a lock could not be taken.
pub enum LockError {
    /// A running process holds it (its id).
    Busy(Option<u32>),
    Io(std::io::Error),
}

/// Takes the lock at `path`, waiting up to `wait` while a running process holds it.
pub fn acquire(path: &Path, wait: Duration) -> Result<LockFile, LockError> {
    let start = Instant::now();
    loop {
        match try_acquire(path) {
            Err(LockError::Busy(pid)) if start.elapsed() >= wait => {
                return Err(LockError::Busy(pid));
            }
            Err(LockError::Busy(_)) => std::thread::sleep(Duration::from_millis(10)),
            other => return other,
        }
    }
}

fn try_acquire(path: &Path) -> Result<LockFile, LockError> {
    if let Some(lock) = create(path).map_err(LockError::Io)? {
        return Ok(lock);
    }
    if owner(path).is_some_and(|pid| !alive(pid)) {
        // The owner died: take the lock over; losing this race to another process is busy.
        let _ = std::fs::remove_file(path);
        if let Some(lock) = create(path).map_err(LockError::Io)? {
            return Ok(lock);
        }
    }
    Err(LockError::Busy(owner(path)))
}

/// Creates the lock file exclusively with this process's id; `None` when it exists. The id
/// is written to a uniquely named file first (unique per call, so threads of one process do
/// not share it) and that file is linked into place, so a lock never exists without its
/// owner's id, even when the owner is killed while taking it.
fn create(path: &Path) -> std::io::Result<Option<LockFile>> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let mut private = tempfile::Builder::new()
        .prefix(".hush-lock-")
        .tempfile_in(dir)?;
    private.write_all(std::process::id().to_string().as_bytes())?;
    match std::fs::hard_link(private.path(), path) {
        Ok(()) => Ok(Some(LockFile(path.to_path_buf()))),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(None),
        Err(e) => Err(e),
    }
}

/// The process id written in the lock (none when it is unreadable).
fn owner(path: &Path) -> Option<u32> {
    std::fs::read_to_string(path).ok()?.trim().parse().ok()
}

fn alive(pid: u32) -> bool {
    let Some(pid) = i32::try_from(pid)
        .ok()
        .and_then(rustix::process::Pid::from_raw)
    else {
        return false;
    };
    match rustix::process::test_kill_process(pid) {
        Ok(()) => true,
        // EPERM: it exists but belongs to someone else.
        Err(e) => e == rustix::io::Errno::PERM,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_holder_is_refused_and_a_dead_owner_is_taken_over() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x.lock");
        let held = acquire(&path, Duration::ZERO).ok().unwrap();
        assert!(matches!(
            acquire(&path, Duration::ZERO),
            Err(LockError::Busy(Some(_)))
        ));
        drop(held);
        assert!(!path.exists());
        // A pid that cannot be running (beyond pid_max).
        std::fs::write(&path, "2147483646").unwrap();
        assert!(acquire(&path, Duration::ZERO).is_ok());
    }
}
