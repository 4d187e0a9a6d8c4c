//! `exec-file`'s default delivery: the decrypted content in an anonymous memory file (memfd),
//! reached by the child through `/proc/<hush pid>/fd/<n>`.
//!
//! Why this path: opening it gives a fresh file description at offset 0 each time, so a
//! program may open and read it as often as it likes; it works for descendants that close
//! inherited descriptors (the fd lives in hush, which outlives the child), and it names
//! nothing on any filesystem — the memory is freed when hush and the last reader close it.
//! The memfd is close-on-exec: the path is the way in, so there is no stale descriptor in
//! the child after a rotation. Opening it needs the rights to inspect hush's process (same
//! user, or root), like any `/proc/<pid>/fd` entry.
//!
//! The content is sealed read-only (`F_SEAL_WRITE`, no shrinking or growing). A rotation
//! writes a new sealed memfd and `dup3`s it onto the same descriptor number, so the path
//! stays the same and a reader sees either the whole old or the whole new content, never a
//! half-written mix.

use std::fs::File;
use std::io::Write;
use std::os::fd::{AsRawFd, OwnedFd};
use std::path::PathBuf;

use rustix::fs::{MemfdFlags, SealFlags, fcntl_add_seals, memfd_create};
use rustix::io::{DupFlags, dup3};

use crate::error::{Error, Result};

/// A memfd holding the secret content, kept open by hush.
pub(super) struct MemFile {
    fd: OwnedFd,
    name: String,
}

impl MemFile {
    /// Creates the memfd `name` (shown in `/proc/<pid>/fd` links) holding `content`.
    pub(super) fn create(name: &str, content: &[u8]) -> Result<MemFile> {
        Ok(MemFile {
            fd: sealed_memfd(name, content)?,
            name: name.to_string(),
        })
    }

    /// The path the child opens.
    pub(super) fn path(&self) -> PathBuf {
        PathBuf::from(format!(
            "/proc/{}/fd/{}",
            rustix::process::getpid().as_raw_nonzero(),
            self.fd.as_raw_fd()
        ))
    }

    /// Replaces the content atomically, keeping the path.
    pub(super) fn replace(&mut self, content: &[u8]) -> Result<()> {
        let fresh = sealed_memfd(&self.name, content)?;
        dup3(&fresh, &mut self.fd, DupFlags::CLOEXEC).map_err(|e| failed("replace", e.into()))
    }
}

fn sealed_memfd(name: &str, content: &[u8]) -> Result<OwnedFd> {
    let fd = memfd_create(name, MemfdFlags::CLOEXEC | MemfdFlags::ALLOW_SEALING)
        .map_err(|e| failed("create", e.into()))?;
    let mut file = File::from(fd);
    file.write_all(content).map_err(|e| failed("fill", e))?;
    let seals = SealFlags::SHRINK | SealFlags::GROW | SealFlags::WRITE | SealFlags::SEAL;
    fcntl_add_seals(&file, seals).map_err(|e| failed("seal", e.into()))?;
    Ok(OwnedFd::from(file))
}

fn failed(step: &str, source: std::io::Error) -> Error {
    Error::Exec {
        what: format!("cannot {step} the in-memory file (memfd) for the command"),
        source,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_path_reads_whole_content_each_time_and_follows_a_replacement() {
        let mut file = MemFile::create("test", b"first").expect("memfd");
        let path = file.path();
        assert_eq!(std::fs::read(&path).expect("read"), b"first");
        assert_eq!(std::fs::read(&path).expect("read again"), b"first");
        file.replace(b"second, longer").expect("replace");
        assert_eq!(file.path(), path);
        assert_eq!(std::fs::read(&path).expect("read"), b"second, longer");
        // Sealed: a writer opening the path cannot change what others read.
        let mut w = std::fs::OpenOptions::new()
            .write(true)
            .open(&path)
            .expect("open for writing");
        assert!(w.write_all(b"x").is_err());
    }
}
