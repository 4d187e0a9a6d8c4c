//! Atomic file replacement: write a temporary file in the target's directory, fsync it,
//! give it the target's permissions, rename it over the target and fsync the directory.
//! A failure at any point leaves the old file untouched and no temporary behind.
//!
//! A process killed between writing its temporary and renaming it leaves the temporary
//! (ciphertext, or what was asked for in plaintext) behind. Temporaries are named after the
//! writing process (`.hush-PID-RANDOM.tmp`), and the first write into a directory removes
//! those whose writer no longer runs and that are older than [`STALE_AFTER`].

use std::collections::HashSet;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::Duration;

use crate::error::{Error, Result};

/// Replaces `path` with `contents` atomically. New files get mode 0600 on Unix (they usually
/// hold secrets or ciphertext); existing files keep their mode.
pub fn write(path: &Path, contents: &[u8]) -> Result<()> {
    write_mode(path, contents, false)
}

/// Like [`write`], but the result is mode 0600 on Unix even when the file existed with a
/// wider mode (for files that hold keys in plaintext).
pub fn write_private(path: &Path, contents: &[u8]) -> Result<()> {
    write_mode(path, contents, true)
}

fn write_mode(path: &Path, contents: &[u8], private: bool) -> Result<()> {
    let err = |source: std::io::Error| Error::Write {
        path: path.to_path_buf(),
        source,
    };
    // A symlink is written through, as sops (and an editor) would: the file it points at is
    // replaced, the link stays. A dangling link is replaced by the file.
    let target = match fs::symlink_metadata(path) {
        Ok(meta) if meta.file_type().is_symlink() => fs::canonicalize(path).ok(),
        _ => None,
    };
    let path = target.as_deref().unwrap_or(path);
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    sweep_stale_once(dir);
    let mut tmp = tempfile::Builder::new()
        .prefix(&format!("{TEMP_PREFIX}{}-", std::process::id()))
        .suffix(TEMP_SUFFIX)
        .tempfile_in(dir)
        .map_err(err)?;
    tmp.write_all(contents).map_err(err)?;
    match fs::metadata(path) {
        Ok(meta) if !private => fs::set_permissions(tmp.path(), meta.permissions()).map_err(err)?,
        _ => set_private(tmp.path()).map_err(err)?,
    }
    tmp.as_file().sync_all().map_err(err)?;
    tmp.persist(path).map_err(|e| err(e.error))?;
    sync_dir(dir);
    Ok(())
}

const TEMP_PREFIX: &str = ".hush-";
const TEMP_SUFFIX: &str = ".tmp";

/// How old a dead writer's temporary must be before it is removed: far longer than any
/// write takes, so a writer this process cannot see (another PID namespace sharing the
/// directory) is never cut short.
pub const STALE_AFTER: Duration = Duration::from_secs(15 * 60);

/// Sweeps `dir` for stale temporaries, once per directory and process.
fn sweep_stale_once(dir: &Path) {
    static SWEPT: Mutex<Option<HashSet<PathBuf>>> = Mutex::new(None);
    let Ok(mut swept) = SWEPT.lock() else {
        return;
    };
    if swept
        .get_or_insert_with(HashSet::new)
        .insert(dir.to_path_buf())
    {
        sweep_stale(dir);
    }
}

/// Removes the temporaries in `dir` whose writer no longer runs and that are older than
/// [`STALE_AFTER`]. Best effort: what cannot be read or removed is left alone.
pub fn sweep_stale(dir: &Path) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let Some(pid) = entry.file_name().to_str().and_then(temp_writer) else {
            continue;
        };
        let old = entry
            .metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| t.elapsed().ok())
            .is_some_and(|age| age >= STALE_AFTER);
        if old && !process_runs(pid) {
            let _ = fs::remove_file(entry.path());
        }
    }
}

/// The writer's process id in a temporary's name (`.hush-PID-RANDOM.tmp`).
fn temp_writer(name: &str) -> Option<u32> {
    let inner = name.strip_prefix(TEMP_PREFIX)?.strip_suffix(TEMP_SUFFIX)?;
    let (pid, random) = inner.split_once('-')?;
    if random.is_empty() || !pid.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    pid.parse().ok()
}

#[cfg(target_os = "linux")]
fn process_runs(pid: u32) -> bool {
    Path::new("/proc").join(pid.to_string()).exists()
}

/// Elsewhere there is no cheap way to tell: every temporary is kept.
#[cfg(not(target_os = "linux"))]
fn process_runs(_pid: u32) -> bool {
    true
}

#[cfg(unix)]
fn set_private(path: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    fs::set_permissions(path, fs::Permissions::from_mode(0o600))
}

#[cfg(not(unix))]
fn set_private(_path: &Path) -> std::io::Result<()> {
    Ok(())
}

/// Makes the rename durable; best effort (not all platforms can open directories).
fn sync_dir(dir: &Path) {
    if let Ok(d) = fs::File::open(dir) {
        let _ = d.sync_all();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_and_keeps_mode() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("f.yaml");
        write(&p, b"one").unwrap();
        assert_eq!(fs::read(&p).unwrap(), b"one");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(
                fs::metadata(&p).unwrap().permissions().mode() & 0o777,
                0o600
            );
            fs::set_permissions(&p, fs::Permissions::from_mode(0o640)).unwrap();
            write(&p, b"two").unwrap();
            assert_eq!(
                fs::metadata(&p).unwrap().permissions().mode() & 0o777,
                0o640
            );
        }
        assert_eq!(fs::read(&p).unwrap(), b"two");
        let leftovers: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .filter_map(|e| e.ok())
            .collect();
        assert_eq!(leftovers.len(), 1);
    }

    #[cfg(unix)]
    #[test]
    fn a_symlink_is_written_through() {
        let dir = tempfile::tempdir().unwrap();
        let shared = dir.path().join("shared");
        fs::create_dir(&shared).unwrap();
        let target = shared.join("f.yaml");
        write(&target, b"one").unwrap();
        let link = dir.path().join("link.yaml");
        std::os::unix::fs::symlink("shared/f.yaml", &link).unwrap();
        write(&link, b"two").unwrap();
        assert!(
            fs::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        assert_eq!(fs::read(&target).unwrap(), b"two");
        let dangling = dir.path().join("dangling.yaml");
        std::os::unix::fs::symlink("nowhere/x.yaml", &dangling).unwrap();
        write(&dangling, b"three").unwrap();
        assert!(fs::symlink_metadata(&dangling).unwrap().is_file());
    }

    #[test]
    fn failure_leaves_nothing() {
        let err = write(Path::new("/nonexistent-dir/x"), b"x").unwrap_err();
        assert!(matches!(err, Error::Write { .. }));
    }

    /// A temporary named after writer `pid`, older than [`STALE_AFTER`] unless `fresh`.
    #[cfg(target_os = "linux")]
    fn leftover(dir: &Path, pid: u32, random: &str, fresh: bool) -> PathBuf {
        let path = dir.join(format!("{TEMP_PREFIX}{pid}-{random}{TEMP_SUFFIX}"));
        let file = fs::File::create(&path).unwrap();
        if !fresh {
            let then = std::time::SystemTime::now() - STALE_AFTER - Duration::from_secs(1);
            file.set_modified(then).unwrap();
        }
        path
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn stale_temporaries_of_dead_writers_are_swept_and_no_others() {
        let dir = tempfile::tempdir().unwrap();
        let mut child = std::process::Command::new("true").spawn().unwrap();
        let dead = child.id();
        child.wait().unwrap();
        let stale = leftover(dir.path(), dead, "old", false);
        let recent = leftover(dir.path(), dead, "new", true);
        let live = leftover(dir.path(), std::process::id(), "old", false);
        let unrelated = dir.path().join(".hush-notes.tmp");
        fs::write(&unrelated, b"x").unwrap();
        fs::File::options()
            .write(true)
            .open(&unrelated)
            .unwrap()
            .set_modified(std::time::SystemTime::UNIX_EPOCH)
            .unwrap();
        write(&dir.path().join("f.yaml"), b"one").unwrap();
        assert!(!stale.exists(), "a dead writer's old temporary is removed");
        assert!(recent.exists(), "a recent one is kept");
        assert!(live.exists(), "a running writer's is kept");
        assert!(unrelated.exists(), "other files are kept");
        assert_eq!(temp_writer(".hush-12-AbC.tmp"), Some(12));
        assert_eq!(temp_writer(".hush-12-.tmp"), None);
        assert_eq!(temp_writer(".hush-lock-AbC"), None);
    }
}
