//! Human output: one block per finding with a code frame (the line, secrets redacted, and a
//! caret under the finding), then a summary. ANSI colours only when asked for.

use std::fmt::Write;

use super::rule_text;
use crate::lint::ScanReport;
use crate::lint::rules::Severity;

struct Paint(bool);

impl Paint {
    fn wrap(&self, code: &str, s: &str) -> String {
        if self.0 {
            format!("\x1b[{code}m{s}\x1b[0m")
        } else {
            s.to_string()
        }
    }
}

/// Renders the findings, the skipped files (when `verbose`) and a summary line.
pub fn render(report: &ScanReport, color: bool, verbose: bool) -> String {
    let p = Paint(color);
    let mut out = String::new();
    for f in &report.findings {
        let rule = rule_text(&f.rule, &report.custom_rules);
        let (label, code) = match rule.severity {
            Severity::Error => ("error", "1;31"),
            Severity::Warning => ("warning", "1;33"),
        };
        let at = match &f.commit {
            Some(c) => format!("{}:{}:{} (commit {})", f.path, f.line, f.column, short(c)),
            None => format!("{}:{}:{}", f.path, f.line, f.column),
        };
        let _ = writeln!(
            out,
            "{}: {} {}",
            p.wrap("1", &at),
            p.wrap(code, &format!("{label}[{}]", f.rule)),
            rule.title
        );
        let gutter = f.line.to_string();
        let pad = " ".repeat(gutter.len());
        let bar = p.wrap("34", "|");
        let _ = writeln!(out, "{pad} {bar}");
        let _ = writeln!(out, "{} {bar} {}", p.wrap("34", &gutter), f.snippet);
        if let Some(col) = f.snippet.find(&f.redacted) {
            let indent = f.snippet[..col].chars().count();
            let carets = "^".repeat(f.redacted.chars().count().max(1));
            let _ = writeln!(
                out,
                "{pad} {bar} {}{}",
                " ".repeat(indent),
                p.wrap(code, &carets)
            );
        }
        let _ = writeln!(out, "{pad} = {} {}\n", p.wrap("1", "help:"), rule.help);
    }
    if verbose {
        for s in &report.skipped {
            let _ = writeln!(out, "skipped {}: {}", s.path, s.reason);
        }
    }
    out.push_str(&summary(report));
    out
}

fn short(commit: &str) -> &str {
    &commit[..commit.len().min(12)]
}

fn summary(r: &ScanReport) -> String {
    let files: std::collections::HashSet<&str> =
        r.findings.iter().map(|f| f.path.as_str()).collect();
    let s = r.suppressed;
    let mut line = match r.findings.len() {
        0 => format!("no secrets found in {} files", r.files_scanned),
        n => format!(
            "{n} finding{} in {} file{} ({} files scanned)",
            if n == 1 { "" } else { "s" },
            files.len(),
            if files.len() == 1 { "" } else { "s" },
            r.files_scanned
        ),
    };
    if s.inline + s.config + s.baseline > 0 {
        let _ = write!(
            line,
            "; suppressed: {} inline, {} by config, {} by baseline",
            s.inline, s.config, s.baseline
        );
    }
    if !r.unreadable.is_empty() {
        let n = r.unreadable.len();
        let _ = write!(
            line,
            "; {n} path{} could not be read (the scan is incomplete)",
            if n == 1 { "" } else { "s" }
        );
    }
    if !r.skipped.is_empty() {
        let _ = write!(
            line,
            "; {} files skipped (--verbose lists them)",
            r.skipped.len()
        );
    }
    line + "\n"
}
