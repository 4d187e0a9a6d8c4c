//! Running one operation over many sealed files: collecting them from the paths given
//! (directories are walked recursively, honouring `.gitignore`, `.ignore` and
//! `.git/info/exclude`), telling sealed files from others, and running the operation on
//! every file in parallel. One file's failure never stops the others; each file gets its
//! own [`Outcome`], in the order the files were collected.

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::document::{self, Document, Format};
use crate::error::{Error, Result};

/// A file to work on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Target {
    pub path: PathBuf,
    /// Named on the command line: it must be sealed. Files found by walking a directory
    /// that are not sealed are skipped instead.
    pub named: bool,
}

/// What happened to one file.
#[derive(Debug)]
pub enum Outcome<T> {
    Done(T),
    /// Found in a directory and not a sealed file: skipped.
    NotSealed,
    Failed(Error),
}

/// One file's outcome.
#[derive(Debug)]
pub struct FileResult<T> {
    pub path: PathBuf,
    pub outcome: Outcome<T>,
}

/// The files behind `paths`: files as given, directories walked recursively (hidden files
/// included, `.git` skipped, ignore files honoured even outside a git repository), sorted
/// per directory. A path that does not exist or a directory that cannot be read is an error
/// result, not a reason to stop.
pub fn collect(paths: &[PathBuf]) -> (Vec<Target>, Vec<FileResult<()>>) {
    let mut targets = Vec::new();
    let mut errors = Vec::new();
    for path in paths {
        if path.is_dir() {
            walk(path, &mut targets, &mut errors);
        } else {
            targets.push(Target {
                path: path.clone(),
                named: true,
            });
        }
    }
    (targets, errors)
}

fn walk(dir: &Path, targets: &mut Vec<Target>, errors: &mut Vec<FileResult<()>>) {
    let walker = ignore::WalkBuilder::new(dir)
        .hidden(false)
        .require_git(false)
        .filter_entry(|e| e.file_name() != ".git")
        .sort_by_file_name(|a, b| a.cmp(b))
        .build();
    for entry in walker {
        match entry {
            Ok(e) if e.file_type().is_some_and(|t| t.is_file()) => targets.push(Target {
                path: e.into_path(),
                named: false,
            }),
            Ok(_) => {}
            Err(e) => errors.push(FileResult {
                path: dir.to_path_buf(),
                outcome: Outcome::Failed(Error::Usage(format!(
                    "{}: cannot walk the directory: {e}",
                    dir.display()
                ))),
            }),
        }
    }
}

/// Reads and parses a target if it is sealed. `Ok(None)`: a file found in a directory
/// that is not sealed. A named file that is not sealed is an error.
pub fn read_sealed(target: &Target) -> Result<Option<Document>> {
    let path = &target.path;
    let format = Format::from_path(path);
    let src = std::fs::read(path).map_err(|source| match source.kind() {
        std::io::ErrorKind::NotFound => Error::FileNotFound { path: path.clone() },
        _ => Error::Read {
            path: path.clone(),
            source,
        },
    })?;
    if !target.named && !contains(&src, b"sops") {
        return Ok(None);
    }
    if target.named && src.is_empty() {
        return Err(Error::EmptyFile { path: path.clone() });
    }
    match document::parse_sealed(format, src, path) {
        Ok(doc) if doc.metadata.is_some() => Ok(Some(doc)),
        Ok(_) if target.named => Err(Error::NotEncrypted {
            path: path.clone(),
            reason: "it has no `sops` metadata; seal it with `hush encrypt` first".into(),
        }),
        Err(e) if target.named => Err(e),
        Ok(_) | Err(Error::Parse { .. } | Error::Structure { .. } | Error::NotEncrypted { .. }) => {
            Ok(None)
        }
        Err(e) => Err(e),
    }
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// Runs `op` on every sealed target in parallel, calling `tick` after each file.
pub fn run<T, F>(targets: &[Target], tick: &(dyn Fn() + Sync), op: F) -> Vec<FileResult<T>>
where
    T: Send,
    F: Fn(&Path, Document) -> Result<T> + Sync,
{
    par_map(targets, tick, |target| {
        let outcome = match read_sealed(target) {
            Ok(Some(doc)) => match op(&target.path, doc) {
                Ok(v) => Outcome::Done(v),
                Err(e) => Outcome::Failed(e),
            },
            Ok(None) => Outcome::NotSealed,
            Err(e) => Outcome::Failed(e),
        };
        FileResult {
            path: target.path.clone(),
            outcome,
        }
    })
}

/// Maps `items` in parallel, in order, calling `tick` after each.
///
/// Writing a file ends in fsync, which waits on the disk rather than the CPU, so the work
/// runs on a pool several times larger than the number of cores (`RAYON_NUM_THREADS`
/// overrides it); the CPU-bound part loses nothing by it.
pub fn par_map<I, R, F>(items: &[I], tick: &(dyn Fn() + Sync), f: F) -> Vec<R>
where
    I: Sync,
    R: Send,
    F: Fn(&I) -> R + Sync,
{
    let work = || {
        items
            .par_iter()
            .map(|item| {
                let r = f(item);
                tick();
                r
            })
            .collect()
    };
    match io_pool() {
        Some(pool) => pool.install(work),
        None => work(),
    }
}

/// A pool sized for fsync-bound work, or `None` to use rayon's global pool.
fn io_pool() -> Option<rayon::ThreadPool> {
    if std::env::var_os("RAYON_NUM_THREADS").is_some() {
        return None;
    }
    let cores = std::thread::available_parallelism().map_or(1, usize::from);
    rayon::ThreadPoolBuilder::new()
        .num_threads((cores * 8).clamp(8, 64))
        .build()
        .ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn walks_directories_honouring_gitignore_and_keeps_named_files() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("sub/.git")).unwrap();
        std::fs::write(root.join(".gitignore"), "ignored.yaml\n").unwrap();
        for f in [
            "a.yaml",
            "ignored.yaml",
            "sub/b.env",
            "sub/.hidden.json",
            "sub/.git/c.yaml",
        ] {
            std::fs::write(root.join(f), "x").unwrap();
        }
        let (targets, errors) = collect(&[root.to_path_buf(), root.join("ignored.yaml")]);
        assert!(errors.is_empty());
        let names: Vec<(String, bool)> = targets
            .iter()
            .map(|t| {
                let rel = t
                    .path
                    .strip_prefix(root)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned();
                (rel, t.named)
            })
            .collect();
        let want = [
            (".gitignore", false),
            ("a.yaml", false),
            ("sub/.hidden.json", false),
            ("sub/b.env", false),
            ("ignored.yaml", true),
        ];
        let want: Vec<(String, bool)> = want.iter().map(|(n, b)| (n.to_string(), *b)).collect();
        assert_eq!(names, want);
    }

    #[test]
    fn unsealed_files_are_skipped_when_walked_and_errors_when_named() {
        let dir = tempfile::tempdir().unwrap();
        let plain = dir.path().join("plain.yaml");
        std::fs::write(&plain, "sops_like: 1\nbroken: [\n").unwrap();
        let walked = Target {
            path: plain.clone(),
            named: false,
        };
        assert!(read_sealed(&walked).unwrap().is_none());
        let named = Target {
            path: plain,
            named: true,
        };
        assert!(matches!(read_sealed(&named), Err(Error::Parse { .. })));
        let missing = Target {
            path: dir.path().join("nope.yaml"),
            named: true,
        };
        assert!(matches!(
            read_sealed(&missing),
            Err(Error::FileNotFound { .. })
        ));
    }
}
