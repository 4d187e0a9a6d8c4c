//! Renders a [`ScanReport`](super::ScanReport) as text (with code frames), JSON or SARIF
//! 2.1.0. Reporters return strings; the CLI writes them.

pub mod json;
pub mod sarif;
pub mod text;

use super::rules::{self, Severity};

/// Title, description, help and severity of a rule id (built-in or custom).
pub struct RuleText {
    pub title: String,
    pub description: String,
    pub help: String,
    pub severity: Severity,
}

/// Looks a rule up among the built-in rules, then the scan's custom rules.
pub fn rule_text(id: &str, custom: &[(String, String)]) -> RuleText {
    if let Some(r) = rules::find(id) {
        return RuleText {
            title: r.title.into(),
            description: r.description.into(),
            help: r.help.into(),
            severity: r.severity,
        };
    }
    let description = custom
        .iter()
        .find(|(c, _)| c == id)
        .map_or_else(|| format!("Custom rule {id}"), |(_, d)| d.clone());
    RuleText {
        title: description.clone(),
        description,
        help: "This rule comes from the `lint:` section of .hush.yaml; remove the secret or allow it there.".into(),
        severity: Severity::Error,
    }
}
