//! Suppression: inline `hush:allow` comments (on the finding's line or the line before,
//! optionally naming rule ids: `hush:allow jwt,generic-secret`) and baseline files, which
//! store fingerprints, rule ids and anchored paths (relative to the repository root, see
//! [`super::anchor`]), never secrets.

use std::collections::HashSet;
use std::path::Path;

use serde::{Deserialize, Serialize};

use super::finding::{Finding, Hit};
use super::source::Source;
use crate::error::{Error, Result};

const MARKER: &str = "hush:allow";

/// Whether a `hush:allow` on `line` covers `rule`.
fn allows(line: &str, rule: &str) -> bool {
    let Some(at) = line.find(MARKER) else {
        return false;
    };
    let rest = &line[at + MARKER.len()..];
    let ids: Vec<&str> = rest
        .trim_start_matches([':', ' ', '\t'])
        .split(|c: char| c.is_whitespace() || c == ',')
        .take_while(|w| !w.is_empty() && w.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'))
        .collect();
    let names_rules = ids
        .iter()
        .any(|id| super::rules::find(id).is_some() || id.contains('-'));
    !names_rules || ids.contains(&rule)
}

/// True when the hit's line, or the line before, carries a `hush:allow` for its rule.
pub fn inline_allowed(src: &Source, hit: &Hit) -> bool {
    let line = &src.text[src.line_range(hit.span.start)];
    allows(line, &hit.rule)
        || src
            .previous_line(hit.span.start)
            .is_some_and(|l| allows(l, &hit.rule))
}

/// The baseline format written and read. Version 1 (before any release) fingerprinted the
/// path as displayed, which changed with the current directory; it is refused.
pub const BASELINE_VERSION: u32 = 2;

/// A baseline file: findings accepted as they are.
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct Baseline {
    pub version: u32,
    pub findings: Vec<BaselineEntry>,
}

#[derive(Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct BaselineEntry {
    pub fingerprint: String,
    pub rule: String,
    pub path: String,
}

impl Baseline {
    pub fn from_findings(findings: &[Finding]) -> Baseline {
        Baseline {
            version: BASELINE_VERSION,
            findings: findings
                .iter()
                .map(|f| BaselineEntry {
                    fingerprint: f.fingerprint.clone(),
                    rule: f.rule.clone(),
                    path: f.anchored_path.clone(),
                })
                .collect(),
        }
    }

    pub fn load(path: &Path) -> Result<Baseline> {
        let bytes = crate::ops::io::Input::File(path.to_path_buf()).read()?;
        let baseline: Baseline = serde_json::from_slice(&bytes).map_err(|e| Error::Parse {
            path: path.to_path_buf(),
            format: "baseline JSON",
            location: crate::error::Location {
                line: e.line(),
                column: e.column(),
            },
            message: format!("{e}; write a new one with --write-baseline"),
        })?;
        if baseline.version != BASELINE_VERSION {
            return Err(Error::Usage(format!(
                "{}: baseline version {} is not supported (this hush reads version \
                 {BASELINE_VERSION}, whose fingerprints do not depend on the current \
                 directory); write a new one with --write-baseline",
                path.display(),
                baseline.version
            )));
        }
        Ok(baseline)
    }

    /// The baseline as pretty JSON with a trailing newline.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default() + "\n"
    }

    pub fn fingerprints(&self) -> HashSet<&str> {
        self.findings
            .iter()
            .map(|f| f.fingerprint.as_str())
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marker_with_and_without_rules() {
        assert!(allows("x = 1 # hush:allow", "jwt"));
        assert!(allows("// hush:allow: test fixture", "jwt"));
        assert!(allows("# hush:allow jwt,generic-secret", "jwt"));
        assert!(!allows("# hush:allow generic-secret", "jwt"));
        assert!(!allows("# nothing here", "jwt"));
    }

    #[test]
    fn previous_line_counts() {
        let text = "# hush:allow\ntoken = \"x\"\nother = \"y\"\n";
        let src = Source::new("a", text.as_bytes());
        assert!(inline_allowed(&src, &Hit::new("jwt", 21..22, 1)));
        assert!(!inline_allowed(&src, &Hit::new("jwt", 33..34, 1)));
    }
}
