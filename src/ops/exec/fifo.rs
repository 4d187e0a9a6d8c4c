//! `exec-file --fifo`: the decrypted content served through a named pipe in a fresh private
//! (0700) directory, as sops does by default. The FIFO's inode is on the filesystem but its
//! data only ever passes through the kernel's pipe buffer.
//!
//! A FIFO gives its content once: the first open reads it, a later open waits for a writer.
//! As sops, the content is served once; unlike sops, each rotation arms one more serving, so
//! a child that re-opens the path on a signal reads the new content. A program that opens the
//! path several times needs the memfd default instead, and so do readers that open the path
//! at the same time: a serving armed while a reader still holds the pipe goes into that pipe.

use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};

use rustix::fs::{CWD, Mode, OFlags, mkfifoat, open};
use rustix::io::Errno;
use zeroize::Zeroizing;

use crate::error::{Error, Result};

/// What the server thread and the owner share.
struct State {
    content: Zeroizing<Vec<u8>>,
    /// One more open should be served.
    armed: bool,
    /// The server is blocked in open() and will send the current content.
    waiting: bool,
    stop: bool,
}

type Shared = Arc<(Mutex<State>, Condvar)>;

/// A FIFO and the thread that serves it. Dropping it stops the thread and removes the FIFO.
pub(super) struct FifoServer {
    path: PathBuf,
    shared: Shared,
}

impl FifoServer {
    /// Makes the FIFO `dir/name` (mode 0600) and starts serving `content`.
    pub(super) fn start(dir: &Path, name: &str, content: Zeroizing<Vec<u8>>) -> Result<FifoServer> {
        let path = dir.join(name);
        mkfifoat(CWD, &path, Mode::RUSR | Mode::WUSR).map_err(|e| Error::Exec {
            what: format!("cannot create the FIFO {}", path.display()),
            source: e.into(),
        })?;
        let state = State {
            content,
            armed: true,
            waiting: false,
            stop: false,
        };
        let shared: Shared = Arc::new((Mutex::new(state), Condvar::new()));
        let (thread_path, thread_shared) = (path.clone(), shared.clone());
        std::thread::Builder::new()
            .name("hush-fifo".into())
            .spawn(move || serve(&thread_path, &thread_shared))
            .map_err(|source| Error::Exec {
                what: "cannot start the FIFO writer".into(),
                source,
            })?;
        Ok(FifoServer { path, shared })
    }

    pub(super) fn path(&self) -> &Path {
        &self.path
    }

    /// Serves `content` to the next open.
    pub(super) fn replace(&self, content: Zeroizing<Vec<u8>>) {
        let mut state = lock(&self.shared);
        state.content = content;
        if !state.waiting {
            state.armed = true;
            self.shared.1.notify_all();
        }
    }
}

impl Drop for FifoServer {
    fn drop(&mut self) {
        lock(&self.shared).stop = true;
        self.shared.1.notify_all();
        // A server blocked in open() waits for a reader: be that reader, then let go.
        let _ = open(
            &self.path,
            OFlags::RDONLY | OFlags::NONBLOCK | OFlags::CLOEXEC,
            Mode::empty(),
        );
        let _ = std::fs::remove_file(&self.path);
    }
}

fn lock(shared: &Shared) -> MutexGuard<'_, State> {
    shared.0.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Serves each armed open with the whole current content until told to stop.
fn serve(path: &Path, shared: &Shared) {
    loop {
        {
            let mut state = lock(shared);
            while !state.armed && !state.stop {
                state = shared.1.wait(state).unwrap_or_else(PoisonError::into_inner);
            }
            if state.stop {
                return;
            }
            state.armed = false;
            state.waiting = true;
        }
        let fd = loop {
            match open(path, OFlags::WRONLY | OFlags::CLOEXEC, Mode::empty()) {
                Err(Errno::INTR) => continue,
                Err(_) => return,
                Ok(fd) => break fd,
            }
        };
        let content = {
            let mut state = lock(shared);
            if state.stop {
                return;
            }
            state.waiting = false;
            state.content.clone()
        };
        // A reader that closes early got what it read; EPIPE is not our failure.
        let _ = File::from(fd).write_all(&content);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serves_once_then_once_more_after_each_replacement() {
        let dir = tempfile::tempdir().expect("dir");
        let content = Zeroizing::new(b"one".to_vec());
        let server = FifoServer::start(dir.path(), "s.yaml", content).expect("fifo");
        assert_eq!(std::fs::read(server.path()).expect("read"), b"one");
        server.replace(Zeroizing::new(b"two".to_vec()));
        assert_eq!(std::fs::read(server.path()).expect("read new"), b"two");
        let path = server.path().to_path_buf();
        drop(server);
        assert!(!path.exists());
    }
}
