//! Machine-readable output: every finding (redacted) and a summary.

use serde::Serialize;

use crate::lint::finding::Finding;
use crate::lint::{ScanReport, Skipped, Suppressed};

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
        },
    };
    serde_json::to_string_pretty(&out).unwrap_or_default() + "\n"
}
