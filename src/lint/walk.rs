//! The working-tree walk: the given paths, in parallel, respecting `.gitignore` and
//! `.ignore` (hidden files such as `.env` are scanned; `.git` is not), skipping binary and
//! oversized files and saying why.

use std::path::{Path, PathBuf};

use ignore::{WalkBuilder, WalkState};

use super::Skipped;
use crate::error::{Error, Result};

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

/// Walks `paths`, calling `visit` (from several threads) for every text file and `skip` for
/// every file left out.
pub fn walk(
    paths: &[String],
    max_size: u64,
    visit: &(dyn Fn(TreeFile) + Sync),
    skip: &(dyn Fn(Skipped) + Sync),
) -> Result<()> {
    let cwd = std::env::current_dir().map_err(|source| Error::Read {
        path: ".".into(),
        source,
    })?;
    for p in paths {
        if !Path::new(p).exists() {
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
                    read_one(e.path(), cwd, max_size, visit, skip)
                }
                Ok(_) => {}
                Err(err) => skip(Skipped {
                    path: String::new(),
                    reason: err.to_string(),
                }),
            }
            WalkState::Continue
        })
    });
    Ok(())
}

fn read_one(
    path: &Path,
    cwd: &Path,
    max_size: u64,
    visit: &(dyn Fn(TreeFile) + Sync),
    skip: &(dyn Fn(Skipped) + Sync),
) {
    let display = display_path(path);
    let skipped = |reason: String| {
        skip(Skipped {
            path: display.clone(),
            reason,
        })
    };
    match std::fs::metadata(path) {
        Ok(m) if m.len() > max_size => {
            return skipped(format!("larger than {max_size} bytes ({} bytes)", m.len()));
        }
        Err(e) => return skipped(format!("cannot read: {e}")),
        Ok(_) => {}
    }
    match std::fs::read(path) {
        Ok(bytes) if is_binary(&bytes) => skipped("binary".into()),
        Ok(bytes) => visit(TreeFile {
            abs: cwd.join(path),
            display,
            bytes,
        }),
        Err(e) => skipped(format!("cannot read: {e}")),
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
