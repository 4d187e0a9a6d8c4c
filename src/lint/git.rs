//! What git is about to commit and what it committed: the index content of staged files
//! (`git cat-file --batch` on `:path`) and the added lines of past commits (`git log -p`).
//! Uses the git command line.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use crate::error::{Error, Result};

/// A text taken from git.
pub struct GitBlob {
    /// The path as the user would type it from the current directory.
    pub display: String,
    pub abs: PathBuf,
    /// The path in the repository (what git calls it).
    pub repo_path: String,
    pub bytes: Vec<u8>,
    pub commit: Option<String>,
    /// For diff hunks: the file line number of each line of `bytes`.
    pub line_map: Option<Vec<usize>>,
}

fn git(args: &[&str]) -> Command {
    let mut c = Command::new("git");
    c.args(["-c", "core.quotePath=false"]).args(args);
    c
}

fn run(mut cmd: Command, what: &str) -> Result<Vec<u8>> {
    let out = cmd
        .stderr(Stdio::piped())
        .output()
        .map_err(|e| Error::Git(format!("cannot run git ({what}): {e}")))?;
    if !out.status.success() {
        return Err(Error::Git(format!(
            "{what} failed: {}",
            String::from_utf8_lossy(&out.stderr).trim()
        )));
    }
    Ok(out.stdout)
}

/// The repository's top directory and the current directory's path inside it.
struct Repo {
    top: PathBuf,
    /// `sub/dir/` or empty.
    prefix: String,
}

impl Repo {
    fn here() -> Result<Repo> {
        let out = run(
            git(&["rev-parse", "--show-toplevel", "--show-prefix"]),
            "git rev-parse (is this a git repository?)",
        )?;
        let text = String::from_utf8_lossy(&out);
        let mut lines = text.lines();
        let top = PathBuf::from(lines.next().unwrap_or_default());
        let prefix = lines.next().unwrap_or_default().to_string();
        Ok(Repo { top, prefix })
    }

    /// A repository path as seen from the current directory.
    fn display(&self, repo_path: &str) -> String {
        if let Some(rest) = repo_path.strip_prefix(&self.prefix) {
            return rest.to_string();
        }
        let ups = self.prefix.matches('/').count();
        format!("{}{repo_path}", "../".repeat(ups))
    }
}

fn pathspecs(paths: &[String]) -> Vec<&str> {
    let mut v = vec!["--"];
    v.extend(paths.iter().map(String::as_str));
    v
}

/// The staged content of every added, copied, modified or renamed file under `paths`.
pub fn staged(paths: &[String]) -> Result<Vec<GitBlob>> {
    let repo = Repo::here()?;
    let mut args = vec![
        "diff",
        "--cached",
        "--name-only",
        "-z",
        "--diff-filter=ACMR",
    ];
    args.extend(pathspecs(paths));
    let names = run(git(&args), "git diff --cached")?;
    let names: Vec<String> = names
        .split(|&b| b == 0)
        .filter(|n| !n.is_empty())
        .map(|n| String::from_utf8_lossy(n).into_owned())
        .filter(|n| !n.contains('\n'))
        .collect();
    let contents = cat_index(&repo.top, &names)?;
    Ok(names
        .into_iter()
        .zip(contents)
        .filter_map(|(name, bytes)| {
            Some(GitBlob {
                display: repo.display(&name),
                abs: repo.top.join(&name),
                repo_path: name.clone(),
                bytes: bytes?,
                commit: None,
                line_map: None,
            })
        })
        .collect())
}

/// Reads `:name` (the index version) of each name with one `git cat-file --batch`.
fn cat_index(top: &Path, names: &[String]) -> Result<Vec<Option<Vec<u8>>>> {
    if names.is_empty() {
        return Ok(Vec::new());
    }
    let mut child = git(&["cat-file", "--batch"])
        .current_dir(top)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| Error::Git(format!("cannot run git cat-file: {e}")))?;
    let mut stdin = child
        .stdin
        .take()
        .ok_or_else(|| Error::Git("git cat-file: no stdin".into()))?;
    let request: String = names.iter().map(|n| format!(":{n}\n")).collect();
    let writer = std::thread::spawn(move || stdin.write_all(request.as_bytes()));
    let out = child
        .wait_with_output()
        .map_err(|e| Error::Git(format!("git cat-file: {e}")))?;
    let _ = writer.join();
    parse_batch(&out.stdout, names.len())
}

/// Splits `git cat-file --batch` output: `<oid> <type> <size>\n<content>\n` or
/// `<name> missing\n` per request.
fn parse_batch(mut out: &[u8], count: usize) -> Result<Vec<Option<Vec<u8>>>> {
    let mut blobs = Vec::with_capacity(count);
    for _ in 0..count {
        let nl = memchr::memchr(b'\n', out)
            .ok_or_else(|| Error::Git("git cat-file: truncated output".into()))?;
        let header = String::from_utf8_lossy(&out[..nl]).into_owned();
        out = &out[nl + 1..];
        let size = header
            .rsplit(' ')
            .next()
            .and_then(|s| s.parse::<usize>().ok())
            .filter(|_| header.split(' ').nth(1) == Some("blob"));
        match size {
            Some(size) if out.len() > size => {
                blobs.push(Some(out[..size].to_vec()));
                out = &out[size + 1..];
            }
            _ => blobs.push(None),
        }
    }
    Ok(blobs)
}

/// The added lines of every commit reachable from HEAD (after `since`, when given), one
/// blob per file per commit, each line mapped to its line number in that commit.
pub fn history(paths: &[String], since: Option<&str>) -> Result<Vec<GitBlob>> {
    let repo = Repo::here()?;
    let range = since.map(|s| format!("{s}..HEAD"));
    let mut args = vec![
        "log",
        "-p",
        "-U0",
        "--no-color",
        "--no-ext-diff",
        "--no-renames",
        "--format=%x00%H",
    ];
    args.push(range.as_deref().unwrap_or("HEAD"));
    args.extend(pathspecs(paths));
    let out = run(git(&args), "git log")?;
    Ok(parse_log(&out, &repo))
}

struct Hunk {
    commit: String,
    path: String,
    bytes: Vec<u8>,
    lines: Vec<usize>,
}

fn parse_log(out: &[u8], repo: &Repo) -> Vec<GitBlob> {
    let mut blobs = Vec::new();
    let mut commit = String::new();
    let mut current: Option<Hunk> = None;
    let mut next_line = 0usize;
    let flush = |h: Option<Hunk>, blobs: &mut Vec<GitBlob>| {
        if let Some(h) = h.filter(|h| !h.lines.is_empty()) {
            blobs.push(GitBlob {
                display: repo.display(&h.path),
                abs: repo.top.join(&h.path),
                repo_path: h.path.clone(),
                bytes: h.bytes,
                commit: Some(h.commit),
                line_map: Some(h.lines),
            });
        }
    };
    for line in out.split(|&b| b == b'\n') {
        if let Some(hash) = line.strip_prefix(b"\0") {
            flush(current.take(), &mut blobs);
            commit = String::from_utf8_lossy(hash).into_owned();
        } else if line.starts_with(b"diff --git ") {
            flush(current.take(), &mut blobs);
        } else if let Some(path) = line.strip_prefix(b"+++ b/") {
            current = Some(Hunk {
                commit: commit.clone(),
                path: String::from_utf8_lossy(path).into_owned(),
                bytes: Vec::new(),
                lines: Vec::new(),
            });
        } else if line.starts_with(b"@@ ") {
            next_line = hunk_start(line);
        } else if let (Some(added), Some(h), false) = (
            line.strip_prefix(b"+"),
            current.as_mut(),
            line.starts_with(b"+++ "),
        ) {
            h.bytes.extend_from_slice(added);
            h.bytes.push(b'\n');
            h.lines.push(next_line);
            next_line += 1;
        }
    }
    flush(current.take(), &mut blobs);
    blobs
}

/// The new-file start line of `@@ -a,b +c,d @@`.
fn hunk_start(line: &[u8]) -> usize {
    let text = String::from_utf8_lossy(line);
    text.split(' ')
        .find_map(|w| w.strip_prefix('+'))
        .and_then(|w| w.split(',').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn batch_output_is_split() {
        let out = b"abc blob 3\nxyz\n:gone missing\ndef blob 0\n\n";
        let blobs = parse_batch(out, 3).expect("parse");
        assert_eq!(blobs, vec![Some(b"xyz".to_vec()), None, Some(Vec::new())]);
    }

    #[test]
    fn log_hunks_map_lines() {
        let repo = Repo {
            top: "/r".into(),
            prefix: String::new(),
        };
        let log = b"\0c1\n\ndiff --git a/x b/x\n--- a/x\n+++ b/x\n@@ -1,0 +5,2 @@\n+one\n+two\n@@ -9 +20 @@\n-old\n+three\n";
        let blobs = parse_log(log, &repo);
        assert_eq!(blobs.len(), 1);
        assert_eq!(blobs[0].line_map.as_deref(), Some(&[5, 6, 20][..]));
        assert_eq!(blobs[0].bytes, b"one\ntwo\nthree\n");
        assert_eq!(blobs[0].commit.as_deref(), Some("c1"));
    }

    #[test]
    fn display_from_a_subdirectory() {
        let repo = Repo {
            top: "/r".into(),
            prefix: "sub/dir/".into(),
        };
        assert_eq!(repo.display("sub/dir/a"), "a");
        assert_eq!(repo.display("other/b"), "../../other/b");
    }
}
