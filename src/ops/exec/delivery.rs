//! Where `exec-file`'s child finds the decrypted content: a memfd (default) or a FIFO, under
//! an optional `--filename`, and how a rotation replaces it.
//!
//! With `--filename NAME` and a memfd, NAME is a symbolic link in a fresh private directory
//! pointing at the memfd's path, for programs that look at a file's name or extension; the
//! link holds a path, never the content. With a FIFO, NAME is the FIFO's own name.

use std::path::{Path, PathBuf};

use tempfile::TempDir;
use zeroize::Zeroizing;

use super::fifo::FifoServer;
use super::memfd::MemFile;
use crate::error::{Error, Result};

/// How the content reaches the child.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Transport {
    /// An anonymous memory file, readable any number of times.
    Memfd,
    /// A named pipe, read once per serving (sops' default).
    Fifo,
}

enum Kind {
    Memfd(MemFile),
    Fifo(FifoServer),
}

/// The content as the child sees it. Dropping it removes every trace (FIFO, link, directory).
pub(super) struct Delivery {
    // Fields drop in this order: the FIFO or memfd first, then its directory.
    kind: Kind,
    _dir: Option<TempDir>,
    path: PathBuf,
}

impl Delivery {
    /// Puts `content` where the child can read it, named `name`.
    pub(super) fn create(
        transport: Transport,
        name: &str,
        named: bool,
        content: Zeroizing<Vec<u8>>,
    ) -> Result<Delivery> {
        check_name(name)?;
        match transport {
            Transport::Memfd => {
                let file = MemFile::create(name, &content)?;
                let (dir, path) = if named {
                    let dir = private_dir()?;
                    let link = dir.path().join(name);
                    std::os::unix::fs::symlink(file.path(), &link).map_err(|source| {
                        Error::Exec {
                            what: format!("cannot create the link {}", link.display()),
                            source,
                        }
                    })?;
                    (Some(dir), link)
                } else {
                    (None, file.path())
                };
                Ok(Delivery {
                    kind: Kind::Memfd(file),
                    _dir: dir,
                    path,
                })
            }
            Transport::Fifo => {
                let dir = private_dir()?;
                let server = FifoServer::start(dir.path(), name, content)?;
                Ok(Delivery {
                    path: server.path().to_path_buf(),
                    kind: Kind::Fifo(server),
                    _dir: Some(dir),
                })
            }
        }
    }

    /// The path given to the child in place of `{}`.
    pub(super) fn path(&self) -> &Path {
        &self.path
    }

    /// Delivers new content under the same path.
    pub(super) fn replace(&mut self, content: Zeroizing<Vec<u8>>) -> Result<()> {
        match &mut self.kind {
            Kind::Memfd(file) => file.replace(&content),
            Kind::Fifo(server) => {
                server.replace(content);
                Ok(())
            }
        }
    }
}

/// A fresh directory only the user can enter (mode 0700).
fn private_dir() -> Result<TempDir> {
    use std::os::unix::fs::PermissionsExt;
    tempfile::Builder::new()
        .prefix(".hush-exec-")
        .permissions(std::fs::Permissions::from_mode(0o700))
        .tempdir()
        .map_err(|source| Error::Exec {
            what: "cannot create a private temporary directory".into(),
            source,
        })
}

fn check_name(name: &str) -> Result<()> {
    if name.is_empty() || name == "." || name == ".." || name.contains(['/', '\0']) {
        return Err(Error::Usage(format!(
            "--filename `{name}` must be a plain file name (no `/`), such as `config.yaml`"
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_named_memfd_is_a_link_that_reads_the_content_and_vanishes() {
        let content = Zeroizing::new(b"k: v\n".to_vec());
        let mut d = Delivery::create(Transport::Memfd, "app.yaml", true, content).expect("create");
        let path = d.path().to_path_buf();
        assert!(path.ends_with("app.yaml"));
        assert!(
            path.symlink_metadata()
                .expect("link")
                .file_type()
                .is_symlink()
        );
        let dir_mode = path
            .parent()
            .expect("dir")
            .metadata()
            .expect("dir")
            .permissions();
        assert_eq!(
            std::os::unix::fs::PermissionsExt::mode(&dir_mode) & 0o777,
            0o700
        );
        assert_eq!(std::fs::read(&path).expect("read"), b"k: v\n");
        d.replace(Zeroizing::new(b"k: w\n".to_vec()))
            .expect("replace");
        assert_eq!(std::fs::read(&path).expect("read"), b"k: w\n");
        drop(d);
        assert!(path.symlink_metadata().is_err());
    }

    #[test]
    fn names_with_a_directory_are_refused() {
        for bad in ["", "..", "a/b", "/etc/passwd"] {
            let content = Zeroizing::new(Vec::new());
            assert!(Delivery::create(Transport::Memfd, bad, true, content).is_err());
        }
    }
}
