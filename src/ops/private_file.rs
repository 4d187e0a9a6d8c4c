//! A private place for plaintext that has to be a file (the file `hush edit` hands to an
//! editor): one 0600 file in a fresh 0700 directory on a memory filesystem (tmpfs or ramfs),
//! never on disk. Dropping it overwrites every file in the directory with zeros (the editor's
//! swap and backup files too) and removes the directory.
//!
//! A process killed with SIGKILL runs no destructor, so the directory can also be given a
//! guard: a child process (`hush __wipe-private-dir DIR`, an internal entry point outside the CLI, in its own process group so a
//! terminal's Ctrl-C does not reach it) that waits for end-of-file on a pipe only hush holds
//! open, then wipes the directory. The kernel closes the pipe however hush ends.

use std::ffi::OsStr;
use std::fs::{self, OpenOptions};
use std::io::Write;
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

use zeroize::Zeroizing;

use crate::error::{Error, Result};

/// `statfs` filesystem types that live in memory (linux/magic.h).
const TMPFS_MAGIC: u64 = 0x0102_1994;
const RAMFS_MAGIC: u64 = 0x8584_58f6;

/// Where private files may go, best first: `HUSH_EDIT_TMPDIR` alone when set, else
/// `$XDG_RUNTIME_DIR`, then `/dev/shm`. Each is used only if it is a memory filesystem.
pub fn candidates(get: impl Fn(&str) -> Option<String>) -> Vec<PathBuf> {
    if let Some(dir) = get("HUSH_EDIT_TMPDIR").filter(|d| !d.is_empty()) {
        return vec![PathBuf::from(dir)];
    }
    get("XDG_RUNTIME_DIR")
        .filter(|d| !d.is_empty())
        .map(PathBuf::from)
        .into_iter()
        .chain([PathBuf::from("/dev/shm")])
        .collect()
}

/// True when `dir` is on tmpfs or ramfs.
pub fn in_memory(dir: &Path) -> bool {
    rustix::fs::statfs(dir).is_ok_and(|s| {
        #[allow(clippy::unnecessary_cast)] // the field's width differs between targets
        let kind = s.f_type as u64;
        kind == TMPFS_MAGIC || kind == RAMFS_MAGIC
    })
}

/// The prefix of every private directory; the guard refuses to wipe anything else.
const DIR_PREFIX: &str = "hush-edit-";

/// A plaintext file in a private in-memory directory, wiped and removed on drop.
#[derive(Debug)]
pub struct PrivateFile {
    dir: PathBuf,
    path: PathBuf,
    guard: Option<Child>,
}

impl PrivateFile {
    /// Creates `name` holding `contents` in a new private directory under the first
    /// candidate that is a memory filesystem. With `guard` (the hush executable), the
    /// directory is guarded before it is created (see the module doc).
    pub fn create(
        name: &OsStr,
        contents: &[u8],
        candidates: &[PathBuf],
        guard: Option<&Path>,
    ) -> Result<PrivateFile> {
        let base = candidates
            .iter()
            .find(|d| in_memory(d))
            .ok_or_else(|| Error::NoPrivateDir {
                reason: format!(
                    "none of {} is a tmpfs or ramfs directory, and hush never writes plaintext to disk; \
                     set HUSH_EDIT_TMPDIR (or XDG_RUNTIME_DIR) to a directory on tmpfs",
                    candidates
                        .iter()
                        .map(|d| d.display().to_string())
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            })?;
        // The guard is started for the directory's name before the directory exists, so a
        // kill at any point leaves nothing behind.
        let dir = base.join(format!(
            "{DIR_PREFIX}{}-{:016x}",
            std::process::id(),
            rand::random::<u64>()
        ));
        let dir_err = |source| Error::Write {
            path: dir.clone(),
            source,
        };
        let mut guard = guard
            .map(|exe| spawn_guard(exe, &dir))
            .transpose()
            .map_err(dir_err)?;
        if let Err(e) = fs::DirBuilder::new().mode(0o700).create(&dir) {
            if let Some(g) = guard.as_mut() {
                // Stopped before its pipe closes: it must not wipe a directory not ours.
                let _ = g.kill();
                let _ = g.wait();
            }
            return Err(dir_err(e));
        }
        let file = PrivateFile {
            path: dir.join(name),
            dir,
            guard,
        };
        let write_err = |source| Error::Write {
            path: file.path.clone(),
            source,
        };
        let mut f = OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .open(&file.path)
            .map_err(write_err)?;
        f.write_all(contents).map_err(write_err)?;
        Ok(file)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The file's current contents.
    pub fn read(&self) -> Result<Zeroizing<Vec<u8>>> {
        fs::read(&self.path)
            .map(Zeroizing::new)
            .map_err(|source| Error::Read {
                path: self.path.clone(),
                source,
            })
    }
}

impl Drop for PrivateFile {
    fn drop(&mut self) {
        wipe(&self.dir);
        if let Some(mut guard) = self.guard.take() {
            // Closing its pipe lets the guard see end-of-file; it finds nothing left to wipe.
            drop(guard.stdin.take());
            let _ = guard.wait();
        }
    }
}

/// Starts `exe __wipe-private-dir DIR` with a pipe on its stdin.
fn spawn_guard(exe: &Path, dir: &Path) -> std::io::Result<Child> {
    Command::new(exe)
        .arg(GUARD_COMMAND)
        .arg(dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .process_group(0)
        .spawn()
}

/// The first argument the guard runs with (`main` recognises it before parsing the CLI).
pub const GUARD_COMMAND: &str = "__wipe-private-dir";

/// The guard's work: wait until `released` (its stdin) reaches end-of-file, then wipe `dir`.
/// Only a directory named like the ones [`PrivateFile`] makes is touched.
pub fn wipe_when_released(dir: &Path, mut released: impl std::io::Read) -> Result<()> {
    let named_ours = dir
        .file_name()
        .and_then(OsStr::to_str)
        .is_some_and(|n| n.starts_with(DIR_PREFIX));
    if !named_ours {
        return Err(Error::Usage(format!(
            "{}: not a private directory hush made",
            dir.display()
        )));
    }
    let _ = std::io::copy(&mut released, &mut std::io::sink());
    wipe(dir);
    Ok(())
}

/// Overwrites every regular file in `dir` with zeros, then removes it all.
fn wipe(dir: &Path) {
    if let Ok(entries) = fs::read_dir(dir) {
        for entry in entries.flatten() {
            let is_file = entry.file_type().is_ok_and(|t| t.is_file());
            if is_file {
                zero(&entry.path());
            }
        }
    }
    let _ = fs::remove_dir_all(dir);
}

fn zero(path: &Path) {
    let Ok(len) = fs::metadata(path).map(|m| m.len()) else {
        return;
    };
    if let Ok(mut f) = OpenOptions::new().write(true).open(path) {
        let zeros = vec![0u8; 64 * 1024];
        let mut left = len;
        while left > 0 {
            let n = left.min(zeros.len() as u64) as usize;
            if f.write_all(&zeros[..n]).is_err() {
                break;
            }
            left -= n as u64;
        }
        let _ = f.sync_all();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    fn shm() -> Vec<PathBuf> {
        vec![PathBuf::from("/dev/shm")]
    }

    #[test]
    fn candidates_follow_the_environment() {
        let env = |vars: &'static [(&'static str, &'static str)]| {
            move |k: &str| {
                vars.iter()
                    .find(|(n, _)| *n == k)
                    .map(|(_, v)| v.to_string())
            }
        };
        assert_eq!(
            candidates(env(&[("XDG_RUNTIME_DIR", "/run/user/1")])),
            [PathBuf::from("/run/user/1"), PathBuf::from("/dev/shm")]
        );
        assert_eq!(
            candidates(env(&[
                ("HUSH_EDIT_TMPDIR", "/x"),
                ("XDG_RUNTIME_DIR", "/y")
            ])),
            [PathBuf::from("/x")]
        );
        assert_eq!(candidates(env(&[])), [PathBuf::from("/dev/shm")]);
    }

    #[test]
    fn the_guard_wipes_only_hush_directories_once_released() {
        let base = tempfile::tempdir_in("/dev/shm").unwrap();
        let foreign = base.path().join("not-ours");
        fs::create_dir(&foreign).unwrap();
        assert!(wipe_when_released(&foreign, std::io::empty()).is_err());
        assert!(
            foreign.exists(),
            "a directory hush did not make is left alone"
        );
        let ours = base.path().join(format!("{DIR_PREFIX}1-0123456789abcdef"));
        fs::create_dir(&ours).unwrap();
        fs::write(ours.join("s.yaml"), "secret: x\n").unwrap();
        wipe_when_released(&ours, std::io::empty()).unwrap();
        assert!(!ours.exists());
    }

    #[test]
    fn file_is_private_and_wiped_on_drop() {
        assert!(
            in_memory(Path::new("/dev/shm")),
            "/dev/shm should be tmpfs here"
        );
        let file = PrivateFile::create(OsStr::new("s.yaml"), b"secret: x\n", &shm(), None).unwrap();
        let path = file.path().to_path_buf();
        let dir = path.parent().unwrap().to_path_buf();
        assert_eq!(
            fs::metadata(&path).unwrap().permissions().mode() & 0o777,
            0o600
        );
        assert_eq!(
            fs::metadata(&dir).unwrap().permissions().mode() & 0o777,
            0o700
        );
        assert_eq!(&*file.read().unwrap(), b"secret: x\n");
        fs::write(dir.join(".s.yaml.swp"), b"swap").unwrap();
        drop(file);
        assert!(!dir.exists());
    }

    #[test]
    fn disk_directories_are_refused() {
        let disk = tempfile::tempdir_in(env!("CARGO_MANIFEST_DIR")).unwrap();
        assert!(!in_memory(disk.path()));
        let err = PrivateFile::create(OsStr::new("s"), b"x", &[disk.path().to_path_buf()], None)
            .unwrap_err();
        assert!(err.to_string().contains("HUSH_EDIT_TMPDIR"), "{err}");
        assert_eq!(fs::read_dir(disk.path()).unwrap().count(), 0);
    }
}
