//! SARIF 2.1.0 for code-scanning services (GitHub code scanning): every rule with its
//! description and help, results with ruleId, level, a region (startLine/startColumn) and
//! partialFingerprints. Paths are relative URIs as reported. The invocation says whether the
//! scan was complete (`executionSuccessful`) and lists unreadable paths and warnings as
//! tool execution notifications.

use std::collections::BTreeMap;

use serde_sarif::sarif::{
    ArtifactLocation, Invocation, Location, Message, MultiformatMessageString, Notification,
    PhysicalLocation, Region, ReportingConfiguration, ReportingDescriptor, Result as SarifResult,
    ResultLevel, Run, Sarif, Tool, ToolComponent,
};

use super::rule_text;
use crate::lint::finding::Finding;
use crate::lint::rules::{RULES, Severity};
use crate::lint::{Problem, ScanReport};

const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

fn text(s: &str) -> MultiformatMessageString {
    MultiformatMessageString::builder().text(s).build()
}

fn descriptor(id: &str, report: &ScanReport) -> ReportingDescriptor {
    let r = rule_text(id, &report.custom_rules);
    ReportingDescriptor::builder()
        .id(id)
        .name(camel(id))
        .short_description(text(&r.title))
        .full_description(text(&r.description))
        .help(text(&r.help))
        .default_configuration(
            ReportingConfiguration::builder()
                .level(serde_json::json!(r.severity.name()))
                .build(),
        )
        .build()
}

/// `aws-access-key-id` → `AwsAccessKeyId` (SARIF rule names are identifiers).
fn camel(id: &str) -> String {
    id.split('-')
        .map(|w| {
            let mut c = w.chars();
            c.next()
                .map(|f| f.to_ascii_uppercase().to_string() + c.as_str())
                .unwrap_or_default()
        })
        .collect()
}

fn result(f: &Finding, report: &ScanReport) -> SarifResult {
    let severity = rule_text(&f.rule, &report.custom_rules).severity;
    let region = Region::builder()
        .start_line(f.line as i64)
        .start_column(f.column as i64)
        .end_column(f.end_column.max(f.column + 1) as i64)
        .snippet(
            serde_sarif::sarif::ArtifactContent::builder()
                .text(f.snippet.clone())
                .build(),
        )
        .build();
    let location = Location::builder()
        .physical_location(
            PhysicalLocation::builder()
                .artifact_location(ArtifactLocation::builder().uri(uri(&f.path)).build())
                .region(region)
                .build(),
        )
        .build();
    let mut fingerprints = BTreeMap::new();
    fingerprints.insert("hushFingerprint/v2".to_string(), f.fingerprint.clone());
    let message = match &f.commit {
        Some(c) => format!(
            "{} ({}) in commit {c}",
            rule_text(&f.rule, &report.custom_rules).title,
            f.redacted
        ),
        None => format!(
            "{} ({})",
            rule_text(&f.rule, &report.custom_rules).title,
            f.redacted
        ),
    };
    SarifResult::builder()
        .rule_id(f.rule.clone())
        .level(match severity {
            Severity::Error => ResultLevel::Error,
            Severity::Warning => ResultLevel::Warning,
        })
        .message(Message::builder().text(message).build())
        .locations(vec![location])
        .partial_fingerprints(fingerprints)
        .build()
}

/// A relative path as a URI reference (spaces and `%` escaped, `\` as `/`).
fn uri(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for c in path.replace('\\', "/").chars() {
        match c {
            ' ' => out.push_str("%20"),
            '%' => out.push_str("%25"),
            '#' => out.push_str("%23"),
            '?' => out.push_str("%3F"),
            c => out.push(c),
        }
    }
    out
}

fn notification(p: &Problem, level: &str, text: String) -> Notification {
    let message = Message::builder().text(text).build();
    let level = serde_json::json!(level);
    if p.path.is_empty() {
        return Notification::builder()
            .level(level)
            .message(message)
            .build();
    }
    let location = Location::builder()
        .physical_location(
            PhysicalLocation::builder()
                .artifact_location(ArtifactLocation::builder().uri(uri(&p.path)).build())
                .build(),
        )
        .build();
    Notification::builder()
        .level(level)
        .message(message)
        .locations(vec![location])
        .build()
}

/// Unsuccessful when a path could not be read (the scan is incomplete).
fn invocation(report: &ScanReport) -> Invocation {
    let notes: Vec<Notification> = report
        .unreadable
        .iter()
        .map(|p| notification(p, "error", format!("cannot read: {}", p.error)))
        .chain(
            report
                .warnings
                .iter()
                .map(|p| notification(p, "warning", p.error.clone())),
        )
        .collect();
    Invocation::builder()
        .execution_successful(report.unreadable.is_empty())
        .tool_execution_notifications(notes)
        .build()
}

/// The report as a SARIF 2.1.0 log with one run.
pub fn render(report: &ScanReport) -> String {
    let mut rule_ids: Vec<String> = RULES.iter().map(|r| r.id.to_string()).collect();
    rule_ids.extend(report.custom_rules.iter().map(|(id, _)| id.clone()));
    let driver = ToolComponent::builder()
        .name("hush")
        .version(env!("CARGO_PKG_VERSION"))
        .rules(
            rule_ids
                .iter()
                .map(|id| descriptor(id, report))
                .collect::<Vec<_>>(),
        )
        .build();
    let run = Run::builder()
        .tool(Tool::builder().driver(driver).build())
        .results(
            report
                .findings
                .iter()
                .map(|f| result(f, report))
                .collect::<Vec<_>>(),
        )
        .invocations(vec![invocation(report)])
        .build();
    let log = Sarif::builder()
        .schema(SCHEMA)
        .version(serde_json::json!("2.1.0"))
        .runs(vec![run])
        .build();
    serde_json::to_string_pretty(&log).unwrap_or_default() + "\n"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_uris() {
        assert_eq!(camel("aws-access-key-id"), "AwsAccessKeyId");
        assert_eq!(uri("a dir/x#1.yaml"), "a%20dir/x%231.yaml");
    }
}
