//! `hush lint`: resolves flags into a scan request, runs it and prints the report. Exit
//! status: 0 clean, 1 findings, 2 usage or I/O error (also when findings were reported: a
//! file that could not be read leaves the scan incomplete, and that is what the status says).

use std::io::{IsTerminal, Write};
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::cli::args::{LintArgs, LintFormat};
use crate::error::Result;
use crate::lint::report::{json, sarif, text};
use crate::lint::suppress::Baseline;
use crate::lint::{self, Mode, ScanOptions, ScanReport};

/// Exit status when findings remain.
pub const EXIT_FINDINGS: u8 = 1;
/// Exit status for usage and I/O errors.
pub const EXIT_ERROR: u8 = 2;

/// Runs `hush lint` and returns its exit status (errors are printed here).
pub fn lint(args: LintArgs) -> u8 {
    match run(args) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("hush: {e}");
            EXIT_ERROR
        }
    }
}

fn run(args: LintArgs) -> Result<u8> {
    let config = lint::load_config(args.config.clone(), &args.paths)?;
    let baseline = args.baseline.as_deref().map(Baseline::load).transpose()?;
    let mode = if args.staged {
        Mode::Staged
    } else if args.git_history {
        Mode::History {
            since: args.since.clone(),
        }
    } else {
        Mode::Tree
    };
    let progress = Progress::new(!args.no_progress && std::io::stderr().is_terminal());
    let show = |n: usize| progress.show(n);
    let report = lint::scan(ScanOptions {
        paths: args.paths.clone(),
        mode,
        config,
        baseline,
        max_file_size: args.max_file_size,
        progress: progress.enabled.then_some(&show as &(dyn Fn(usize) + Sync)),
    })?;
    progress.clear();
    print_problems(&report);
    if let Some(file) = &args.write_baseline {
        crate::atomic::write(
            file,
            Baseline::from_findings(&report.findings)
                .to_json()
                .as_bytes(),
        )?;
        eprintln!(
            "hush: wrote {} fingerprint{} to {}",
            report.findings.len(),
            if report.findings.len() == 1 { "" } else { "s" },
            file.display()
        );
        return Ok(exit_status(&report, false));
    }
    print_report(&report, &args);
    Ok(exit_status(&report, true))
}

/// 2 when a file could not be read (the scan is incomplete, whatever else was found), else
/// 1 when `findings_count` and findings remain, else 0.
fn exit_status(report: &ScanReport, findings_count: bool) -> u8 {
    if !report.unreadable.is_empty() {
        EXIT_ERROR
    } else if findings_count && !report.findings.is_empty() {
        EXIT_FINDINGS
    } else {
        0
    }
}

/// Every unreadable file (always, whatever the format: stdout may be a report file) and
/// every warning, on stderr.
fn print_problems(report: &ScanReport) {
    let at = |path: &str| {
        if path.is_empty() {
            String::new()
        } else {
            format!("{path}: ")
        }
    };
    for p in &report.unreadable {
        eprintln!("hush: {}cannot read: {}", at(&p.path), p.error);
    }
    for p in &report.warnings {
        eprintln!("hush: warning: {}{}", at(&p.path), p.error);
    }
}

fn print_report(report: &ScanReport, args: &LintArgs) {
    let out = match args.format {
        LintFormat::Text => {
            let color = std::io::stdout().is_terminal()
                && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
            text::render(report, color, args.verbose)
        }
        LintFormat::Json => json::render(report),
        LintFormat::Sarif => sarif::render(report),
    };
    let _ = std::io::stdout().lock().write_all(out.as_bytes());
}

/// A one-line file counter on stderr, redrawn every few hundred files.
struct Progress {
    enabled: bool,
    last: AtomicUsize,
}

impl Progress {
    fn new(enabled: bool) -> Progress {
        Progress {
            enabled,
            last: AtomicUsize::new(0),
        }
    }

    fn show(&self, n: usize) {
        if n >= self.last.load(Ordering::Relaxed) + 250 {
            self.last.store(n, Ordering::Relaxed);
            eprint!("\rscanning… {n} files");
        }
    }

    fn clear(&self) {
        if self.enabled && self.last.load(Ordering::Relaxed) > 0 {
            eprint!("\r\x1b[K");
        }
    }
}
