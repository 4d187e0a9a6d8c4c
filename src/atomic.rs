//! Atomic file replacement: write a temporary file in the target's directory, fsync it,
//! give it the target's permissions, rename it over the target and fsync the directory.
//! A failure at any point leaves the old file untouched and no temporary behind.

use std::fs;
use std::io::Write;
use std::path::Path;

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
    let mut tmp = tempfile::Builder::new()
        .prefix(".hush-")
        .suffix(".tmp")
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
}
