//! Machine-readable output: every finding (redacted) and a summary.

use serde::Serialize;

use crate::lint::finding::Finding;
use crate::lint::{Problem, ScanReport, Skipped, Suppressed};

#[derive(Serialize)]
struct Output<'a> {
    findings: &'a [Finding],
    summary: Summary<'a>,
}

#[derive(Serialize)]
struct Summary<'a> {
    findings: usize,
    files_scanned: usize,
    suppressed: Suppressed,
    skipped: &'a [Skipped],
    /// Files and directories that could not be read (the scan is incomplete).
    unreadable: &'a [Problem],
    warnings: &'a [Problem],
}

/// The report as pretty-printed JSON with a trailing newline.
pub fn render(report: &ScanReport) -> String {
    let out = Output {
        findings: &report.findings,
        summary: Summary {
            findings: report.findings.len(),
            files_scanned: report.files_scanned,
            suppressed: report.suppressed,
            skipped: &report.skipped,
            unreadable: &report.unreadable,
            warnings: &report.warnings,
        },
    };
    serde_json::to_string_pretty(&out).unwrap_or_default() + "\n"
}
