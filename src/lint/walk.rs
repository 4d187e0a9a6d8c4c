//! The working-tree walk: the given paths, in parallel, respecting `.gitignore` and
//! `.ignore` (hidden files such as `.env` are scanned; `.git` is not), skipping binary and
//! oversized files and saying why, and reporting what could not be read (with the path and
//! the OS error) apart from what was skipped on purpose.

use std::path::{Path, PathBuf};

use ignore::{WalkBuilder, WalkState};

use super::{Problem, Skipped};
use crate::error::{Error, Result};

/// Where the walk sends what it finds; called from several threads.
pub trait Visitor: Sync {
    /// A text file, read.
    fn file(&self, f: TreeFile);
    /// A file left out on purpose (binary, too large).
    fn skipped(&self, s: Skipped);
    /// A file or directory that could not be read: the scan is incomplete.
    fn unreadable(&self, p: Problem);
    /// Something that does not stop the scan, such as a bad line in an ignore file.
    fn warning(&self, p: Problem);
}

/// A file read from the tree.
pub struct TreeFile {
    /// The path as the user would type it from the current directory.
    pub display: String,
    pub abs: PathBuf,
    pub bytes: Vec<u8>,
}

/// How much of a file is looked at for NUL bytes to call it binary.
const BINARY_PROBE: usize = 8000;

/// True for content with a NUL byte near the start.
pub fn is_binary(bytes: &[u8]) -> bool {
    memchr::memchr(0, &bytes[..bytes.len().min(BINARY_PROBE)]).is_some()
}

/// The user's spelling of a walked path: `./x` becomes `x`.
pub fn display_path(path: &Path) -> String {
    let s = path.to_string_lossy();
    let mut s: &str = &s;
    while let Some(rest) = s.strip_prefix("./") {
        s = rest.trim_start_matches('/');
    }
    if s.is_empty() {
        ".".into()
    } else {
        s.to_string()
    }
}

/// Walks `paths`, sending every file and problem to `visitor`. A path that does not exist
/// is an error (nothing is walked); one that exists but cannot be read is reported to
/// `visitor` like any other unreadable file.
pub fn walk(paths: &[String], max_size: u64, visitor: &dyn Visitor) -> Result<()> {
    let cwd = std::env::current_dir().map_err(|source| Error::Read {
        path: ".".into(),
        source,
    })?;
    for p in paths {
        if let Err(e) = std::fs::symlink_metadata(p)
            && e.kind() == std::io::ErrorKind::NotFound
        {
            return Err(Error::FileNotFound { path: p.into() });
        }
    }
    let mut builder = WalkBuilder::new(&paths[0]);
    for p in &paths[1..] {
        builder.add(p);
    }
    builder
        .hidden(false)
        .require_git(false)
        .filter_entry(|e| e.file_name() != ".git");
    builder.build_parallel().run(|| {
        let cwd = &cwd;
        Box::new(move |entry| {
            match entry {
                Ok(e) if e.file_type().is_some_and(|t| t.is_file()) => {
                    read_one(e.path(), cwd, max_size, visitor)
                }
                Ok(_) => {}
                Err(err) => report(&err, None, visitor),
            }
            WalkState::Continue
        })
    });
    Ok(())
}

/// Sends a walk error to `visitor` with the path it concerns (`ignore` wraps the cause in
/// path, depth and line layers): I/O errors as unreadable, the rest as warnings.
fn report(err: &ignore::Error, path: Option<&Path>, visitor: &dyn Visitor) {
    let problem = |error: String| Problem {
        path: path.map_or_else(String::new, display_path),
        error,
    };
    match err {
        ignore::Error::WithPath { path, err } => report(err, Some(path), visitor),
        ignore::Error::WithDepth { err, .. } => report(err, path, visitor),
        ignore::Error::Partial(errs) => errs.iter().for_each(|e| report(e, path, visitor)),
        ignore::Error::WithLineNumber { line, err } => {
            visitor.warning(problem(format!("line {line}: {err}")))
        }
        ignore::Error::Io(e) => visitor.unreadable(problem(e.to_string())),
        other => visitor.warning(problem(other.to_string())),
    }
}

fn read_one(path: &Path, cwd: &Path, max_size: u64, visitor: &dyn Visitor) {
    let display = display_path(path);
    let unreadable = |e: std::io::Error| {
        visitor.unreadable(Problem {
            path: display.clone(),
            error: e.to_string(),
        })
    };
    let skipped = |reason: String| {
        visitor.skipped(Skipped {
            path: display.clone(),
            reason,
        })
    };
    match std::fs::metadata(path) {
        Ok(m) if m.len() > max_size => {
            return skipped(format!("larger than {max_size} bytes ({} bytes)", m.len()));
        }
        Err(e) => return unreadable(e),
        Ok(_) => {}
    }
    match std::fs::read(path) {
        Ok(bytes) if is_binary(&bytes) => skipped("binary".into()),
        Ok(bytes) => visitor.file(TreeFile {
            abs: cwd.join(path),
            display,
            bytes,
        }),
        Err(e) => unreadable(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_paths_drop_dot_slash() {
        assert_eq!(display_path(Path::new("./deploy/x.yaml")), "deploy/x.yaml");
        assert_eq!(
            display_path(Path::new("repo/deploy/x.yaml")),
            "repo/deploy/x.yaml"
        );
        assert_eq!(display_path(Path::new("/abs/x")), "/abs/x");
    }

    #[test]
    fn binary_detection() {
        assert!(is_binary(b"ab\0cd"));
        assert!(!is_binary(b"plain text"));
    }
}
