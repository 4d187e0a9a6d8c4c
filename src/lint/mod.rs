//! `hush lint`: find plaintext secrets in a working tree, the git index or git history.
//!
//! Data flows walk (or git) → prefilter → detectors → suppression → findings; reporters
//! render findings as text, JSON or SARIF. Nothing here prints: the CLI renders the
//! [`ScanReport`]. No secret leaves this module: findings carry fingerprints and redacted
//! snippets only.

pub mod anchor;
pub mod config;
pub mod detectors;
pub mod finding;
pub mod git;
pub mod report;
pub mod rules;
pub mod source;
pub mod suppress;
pub mod walk;

use std::path::PathBuf;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use rayon::prelude::*;

use crate::error::Result;
use config::LintConfig;
use detectors::Detectors;
use finding::{Finding, to_findings};
use source::Source;
use suppress::Baseline;

/// What to scan.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Mode {
    /// Files on disk under the given paths.
    Tree,
    /// The index content of staged files (what is about to be committed).
    Staged,
    /// Added lines of past commits, after `since` when given.
    History { since: Option<String> },
}

/// Files larger than this are skipped unless configured otherwise.
pub const DEFAULT_MAX_FILE_SIZE: u64 = 10 * 1024 * 1024;

/// A request for one scan.
pub struct ScanOptions<'a> {
    /// Paths as the user typed them; empty means the current directory.
    pub paths: Vec<String>,
    pub mode: Mode,
    pub config: LintConfig,
    pub baseline: Option<Baseline>,
    pub max_file_size: u64,
    /// Called with the number of files scanned so far (from any thread).
    pub progress: Option<&'a (dyn Fn(usize) + Sync)>,
}

/// A file left out of the scan, and why.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Skipped {
    pub path: String,
    pub reason: String,
}

/// A file or directory that could not be read (`error` is the OS error), or a problem that
/// does not stop the scan (a bad line in an ignore file).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Problem {
    /// As the user would type it; empty when the cause names no path.
    pub path: String,
    pub error: String,
}

/// How many findings each kind of suppression removed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct Suppressed {
    pub inline: usize,
    pub config: usize,
    pub baseline: usize,
}

/// The result of a scan.
#[derive(Debug, Default)]
pub struct ScanReport {
    /// Findings left after every suppression, sorted by path, line and column.
    pub findings: Vec<Finding>,
    pub files_scanned: usize,
    pub skipped: Vec<Skipped>,
    /// Files and directories that could not be read: the scan is incomplete.
    pub unreadable: Vec<Problem>,
    /// Problems that did not stop the scan.
    pub warnings: Vec<Problem>,
    pub suppressed: Suppressed,
    /// Custom rules from the config: (id, description).
    pub custom_rules: Vec<(String, String)>,
}

/// One text to scan, wherever it came from.
struct Blob<'a> {
    display: &'a str,
    abs: &'a std::path::Path,
    /// The path in its git repository, when git gave the text (else found from `abs`).
    repo_path: Option<&'a str>,
    bytes: &'a [u8],
    commit: Option<&'a str>,
    line_map: Option<Vec<usize>>,
}

struct Scanner<'a> {
    detectors: Detectors,
    /// Creation rules, found upward from each file, for `sops-unsealed-file` (not in
    /// history mode, whose hunks are not whole files).
    creation_rules: Option<crate::config::Resolver>,
    config: &'a LintConfig,
    anchors: anchor::Anchors,
    findings: Mutex<Vec<Finding>>,
    suppressed: Mutex<Suppressed>,
    skipped: Mutex<Vec<Skipped>>,
    unreadable: Mutex<Vec<Problem>>,
    warnings: Mutex<Vec<Problem>>,
    scanned: AtomicUsize,
    progress: Option<&'a (dyn Fn(usize) + Sync)>,
}

impl Scanner<'_> {
    fn scan(&self, blob: Blob) {
        let n = self.scanned.fetch_add(1, Ordering::Relaxed) + 1;
        if let Some(p) = self.progress {
            p(n);
        }
        let path_allowed = self.config.path_allowed(blob.abs);
        let mut src = Source::new(blob.display, blob.bytes);
        src.line_map = blob.line_map;
        let structure = src.line_map.is_none();
        let mut hits = self.detectors.scan(&src, structure);
        hits.extend(self.unsealed(blob.abs, &src));
        if hits.is_empty() {
            return;
        }
        let mut suppressed = Suppressed::default();
        let keep: Vec<bool> = hits
            .iter()
            .map(|h| {
                if path_allowed || self.config.rule_allowed(&h.rule) {
                    suppressed.config += 1;
                    false
                } else if suppress::inline_allowed(&src, h) {
                    suppressed.inline += 1;
                    false
                } else {
                    true
                }
            })
            .collect();
        let anchored = match blob.repo_path {
            Some(p) => p.to_string(),
            None => self.anchors.relative(blob.abs),
        };
        let found = to_findings(&src, &hits, &keep, blob.commit, &anchored);
        self.findings
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .extend(found);
        let mut s = self.suppressed.lock().unwrap_or_else(|e| e.into_inner());
        s.inline += suppressed.inline;
        s.config += suppressed.config;
    }

    /// `sops-unsealed-file`: the file matches a creation rule's `path_regex` (a rule
    /// without one only names recipients) but has no sops metadata. The span is the first
    /// line, so the finding points at the file.
    fn unsealed(&self, abs: &std::path::Path, src: &Source) -> Option<finding::Hit> {
        let rules = self.creation_rules.as_ref()?;
        let name = abs.file_name()?.to_str()?;
        if crate::config::CONFIG_NAMES.contains(&name)
            || src.text.trim().is_empty()
            || detectors::sops::may_be_sealed(&src.text)
        {
            return None;
        }
        // An unreadable config is reported by the commands that use it, not by lint.
        let found = rules.lookup(abs).ok()?.rule()?;
        found.rule().path_regex.as_ref()?;
        let first_line = src.text.find('\n').unwrap_or(src.text.len());
        Some(finding::Hit::new(
            "sops-unsealed-file",
            0..first_line,
            finding::PRIORITY_STRUCTURE,
        ))
    }
}

impl walk::Visitor for Scanner<'_> {
    fn file(&self, f: walk::TreeFile) {
        self.scan(Blob {
            display: &f.display,
            abs: &f.abs,
            repo_path: None,
            bytes: &f.bytes,
            commit: None,
            line_map: None,
        })
    }

    fn skipped(&self, s: Skipped) {
        push(&self.skipped, s);
    }

    fn unreadable(&self, p: Problem) {
        push(&self.unreadable, p);
    }

    fn warning(&self, p: Problem) {
        push(&self.warnings, p);
    }
}

fn push<T>(list: &Mutex<Vec<T>>, item: T) {
    list.lock().unwrap_or_else(|e| e.into_inner()).push(item);
}

fn take<T>(list: Mutex<Vec<T>>) -> Vec<T> {
    list.into_inner().unwrap_or_else(|e| e.into_inner())
}

/// Runs one scan.
pub fn scan(opts: ScanOptions) -> Result<ScanReport> {
    let paths = if opts.paths.is_empty() && opts.mode == Mode::Tree {
        vec![".".to_string()]
    } else {
        opts.paths.clone()
    };
    let creation_rules = match opts.mode {
        Mode::History { .. } => None,
        Mode::Tree | Mode::Staged => {
            crate::config::Resolver::new(&crate::config::ConfigSource::Discover).ok()
        }
    };
    let scanner = Scanner {
        detectors: Detectors::new(opts.config.custom.clone()),
        creation_rules,
        config: &opts.config,
        anchors: anchor::Anchors::new(&paths, opts.config.dir.as_deref()),
        findings: Mutex::new(Vec::new()),
        suppressed: Mutex::new(Suppressed::default()),
        skipped: Mutex::new(Vec::new()),
        unreadable: Mutex::new(Vec::new()),
        warnings: Mutex::new(Vec::new()),
        scanned: AtomicUsize::new(0),
        progress: opts.progress,
    };
    match &opts.mode {
        Mode::Tree => walk::walk(&paths, opts.max_file_size, &scanner)?,
        Mode::Staged => scan_git(&scanner, git::staged(&paths)?, opts.max_file_size),
        Mode::History { since } => scan_git(
            &scanner,
            git::history(&paths, since.as_deref())?,
            opts.max_file_size,
        ),
    }
    Ok(finish(scanner, opts.baseline.as_ref()))
}

fn scan_git(scanner: &Scanner, blobs: Vec<git::GitBlob>, max_size: u64) {
    blobs.into_par_iter().for_each(|b| {
        let skip = |reason: String| {
            walk::Visitor::skipped(
                scanner,
                Skipped {
                    path: b.display.clone(),
                    reason,
                },
            )
        };
        if b.bytes.len() as u64 > max_size {
            skip(format!("larger than {max_size} bytes"));
        } else if walk::is_binary(&b.bytes) {
            skip("binary".into());
        } else {
            scanner.scan(Blob {
                display: &b.display,
                abs: &b.abs,
                repo_path: Some(&b.repo_path),
                bytes: &b.bytes,
                commit: b.commit.as_deref(),
                line_map: b.line_map.clone(),
            });
        }
    });
}

fn finish(scanner: Scanner, baseline: Option<&Baseline>) -> ScanReport {
    let mut findings = take(scanner.findings);
    let mut suppressed = scanner
        .suppressed
        .into_inner()
        .unwrap_or_else(|e| e.into_inner());
    if let Some(b) = baseline {
        let known = b.fingerprints();
        let before = findings.len();
        findings.retain(|f| !known.contains(f.fingerprint.as_str()));
        suppressed.baseline = before - findings.len();
    }
    findings.sort_by(|a, b| {
        (&a.path, &a.commit, a.line, a.column).cmp(&(&b.path, &b.commit, b.line, b.column))
    });
    let mut skipped = take(scanner.skipped);
    skipped.sort_by(|a, b| a.path.cmp(&b.path));
    let mut unreadable = take(scanner.unreadable);
    unreadable.sort_by(|a, b| a.path.cmp(&b.path));
    let mut warnings = take(scanner.warnings);
    warnings.sort_by(|a, b| a.path.cmp(&b.path));
    ScanReport {
        findings,
        files_scanned: scanner.scanned.into_inner(),
        skipped,
        unreadable,
        warnings,
        suppressed,
        custom_rules: scanner
            .detectors
            .custom()
            .iter()
            .map(|c| (c.id.clone(), c.description.clone()))
            .collect(),
    }
}

/// The config in force for `paths`: `--config FILE`, else `.hush.yaml` found walking up
/// from the first path (or the current directory).
pub fn load_config(explicit: Option<PathBuf>, paths: &[String]) -> Result<LintConfig> {
    let start = paths
        .first()
        .map_or_else(|| PathBuf::from("."), PathBuf::from);
    match explicit.or_else(|| LintConfig::discover(&start)) {
        Some(file) => LintConfig::load(&file),
        None => Ok(LintConfig::default()),
    }
}
