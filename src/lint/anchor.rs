//! The path a finding's fingerprint is computed over. It must not depend on the current
//! directory or on how the scanned path was spelled, so a baseline written at the
//! repository root still matches from a subdirectory, from the parent (`hush lint repo`)
//! or with an absolute path. The file's real path (symlinks resolved) is taken relative
//! to its root, the first that contains it of:
//!
//! 1. the nearest directory above it holding `.git` (a repository, worktree or
//!    submodule): the path git itself uses, so `--staged` and `--git-history` agree;
//! 2. outside git, the directory of the `.hush.yaml` in force;
//! 3. else the scanned path that led to the file (a file's own directory).

use std::path::{Component, Path, PathBuf};

/// The roots to try after the git repository, resolved once per scan.
pub struct Anchors {
    config_dir: Option<PathBuf>,
    /// The scanned paths (directories; a file's parent), longest first.
    scanned: Vec<PathBuf>,
}

impl Anchors {
    pub fn new(paths: &[String], config_dir: Option<&Path>) -> Anchors {
        let mut scanned: Vec<PathBuf> = paths
            .iter()
            .map(|p| {
                let real = real_path(Path::new(p));
                if real.is_dir() {
                    real
                } else {
                    real.parent().map_or(real.clone(), Path::to_path_buf)
                }
            })
            .collect();
        scanned.sort_by_key(|p| std::cmp::Reverse(p.as_os_str().len()));
        Anchors {
            config_dir: config_dir.map(real_path),
            scanned,
        }
    }

    /// `abs` relative to its root, `/`-separated.
    pub fn relative(&self, abs: &Path) -> String {
        let real = real_path(abs);
        let git_root = real.ancestors().skip(1).find(|d| d.join(".git").exists());
        let root = git_root
            .or_else(|| self.config_dir.as_deref().filter(|d| real.starts_with(d)))
            .or_else(|| {
                self.scanned
                    .iter()
                    .map(PathBuf::as_path)
                    .find(|d| real.starts_with(d))
            });
        let rel = root
            .and_then(|r| real.strip_prefix(r).ok())
            .unwrap_or(&real);
        slash_path(rel)
    }
}

/// The path with symlinks resolved; when it cannot be (it is gone), made absolute with
/// `.` and `..` removed.
fn real_path(p: &Path) -> PathBuf {
    std::fs::canonicalize(p).unwrap_or_else(|_| {
        let abs = std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
        let mut out = PathBuf::new();
        for c in abs.components() {
            match c {
                Component::ParentDir => {
                    out.pop();
                }
                Component::CurDir => {}
                other => out.push(other),
            }
        }
        out
    })
}

fn slash_path(p: &Path) -> String {
    p.components()
        .filter_map(|c| match c {
            Component::Normal(s) => Some(s.to_string_lossy()),
            _ => None,
        })
        .collect::<Vec<_>>()
        .join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_file_however_it_is_reached() {
        let dir = tempfile::tempdir().expect("tmp");
        let repo = dir.path().join("repo");
        std::fs::create_dir_all(repo.join(".git")).expect("mkdir");
        std::fs::create_dir_all(repo.join("a/b")).expect("mkdir");
        std::fs::write(repo.join("a/b/x.yaml"), "x").expect("write");
        let anchors = Anchors::new(&[repo.join("a").display().to_string()], None);
        assert_eq!(anchors.relative(&repo.join("a/b/x.yaml")), "a/b/x.yaml");
        assert_eq!(
            anchors.relative(&repo.join("a/../a/./b/x.yaml")),
            "a/b/x.yaml"
        );
    }

    #[test]
    fn outside_git_the_config_then_the_scanned_path() {
        let dir = tempfile::tempdir().expect("tmp");
        let proj = dir.path().join("proj");
        std::fs::create_dir_all(proj.join("sub")).expect("mkdir");
        std::fs::write(proj.join("sub/x.env"), "x").expect("write");
        let sub = proj.join("sub").display().to_string();
        let with_config = Anchors::new(std::slice::from_ref(&sub), Some(&proj));
        assert_eq!(with_config.relative(&proj.join("sub/x.env")), "sub/x.env");
        let without = Anchors::new(&[sub], None);
        assert_eq!(without.relative(&proj.join("sub/x.env")), "x.env");
    }
}
