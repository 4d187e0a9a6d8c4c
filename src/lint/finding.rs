//! Findings: what a detector reports (a rule and the byte span of the secret) and what
//! leaves the library (location, fingerprint and a redacted snippet, never the secret).

use std::borrow::Cow;
use std::ops::Range;

use serde::Serialize;
use sha2::{Digest, Sha256};

use super::source::{Source, floor_char_boundary};

/// A rule id: built-in (static) or from the `lint:` config (owned).
pub type RuleId = Cow<'static, str>;

/// A detector's raw result: the rule and the byte span of the secret in the source.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hit {
    pub rule: RuleId,
    pub span: Range<usize>,
    /// Higher wins when hits overlap (structure-aware > provider > generic).
    pub priority: u8,
}

impl Hit {
    pub fn new(rule: &'static str, span: Range<usize>, priority: u8) -> Hit {
        Hit {
            rule: Cow::Borrowed(rule),
            span,
            priority,
        }
    }
}

pub const PRIORITY_GENERIC: u8 = 1;
pub const PRIORITY_PROVIDER: u8 = 2;
pub const PRIORITY_STRUCTURE: u8 = 3;

/// A finding as reported. Contains no secret: `redacted` shows only its first and last
/// characters, `snippet` is the line with every secret on it redacted.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct Finding {
    pub rule: String,
    pub path: String,
    pub line: usize,
    pub column: usize,
    pub end_column: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub commit: Option<String>,
    pub redacted: String,
    pub snippet: String,
    pub fingerprint: String,
    /// The path the fingerprint covers (see [`super::anchor`]), for baselines.
    #[serde(skip)]
    pub anchored_path: String,
}

/// How many leading/trailing characters of a secret are shown.
fn shown(len: usize) -> usize {
    match len {
        0..=7 => 0,
        8..=15 => 1,
        16..=31 => 2,
        32..=63 => 3,
        _ => 4,
    }
}

/// `abcd…wxyz`: the first and last few characters of a secret (none for short ones).
pub fn redact(secret: &str) -> String {
    let chars: Vec<char> = secret.chars().filter(|c| !c.is_control()).collect();
    let n = shown(chars.len());
    let head: String = chars[..n].iter().collect();
    let tail: String = chars[chars.len() - n..].iter().collect();
    format!("{head}…{tail}")
}

/// A stable identifier of a finding that does not reveal the secret: a truncated SHA-256
/// over the rule, the anchored path (relative to the repository root: the same however
/// the scan was spelled, see [`super::anchor`]) and the secret (the same secret in the
/// same file keeps its fingerprint when lines move).
pub fn fingerprint(rule: &str, anchored_path: &str, secret: &str) -> String {
    let mut h = Sha256::new();
    for part in ["hush-lint-v2", rule, anchored_path, secret] {
        h.update(part.as_bytes());
        h.update([0]);
    }
    hex::encode(&h.finalize()[..12])
}

/// The longest snippet shown around a finding, in characters.
const SNIPPET_MAX: usize = 160;

/// Turns the hits of one source with `keep[i]` set into findings, redacting every hit
/// (kept or not) on a line wherever that line is shown; fingerprints cover
/// `anchored_path`.
pub fn to_findings(
    src: &Source,
    hits: &[Hit],
    keep: &[bool],
    commit: Option<&str>,
    anchored_path: &str,
) -> Vec<Finding> {
    hits.iter()
        .zip(keep)
        .filter(|(_, k)| **k)
        .map(|(hit, _)| {
            let secret = &src.text[hit.span.clone()];
            let first_line_end = src.line_range(hit.span.start).end.max(hit.span.start);
            let end = hit.span.end.min(first_line_end);
            Finding {
                rule: hit.rule.to_string(),
                path: src.path.to_string(),
                line: src.line_number(hit.span.start),
                column: src.column(hit.span.start),
                end_column: src.column(end),
                commit: commit.map(str::to_string),
                redacted: redact(secret),
                snippet: snippet(src, hit.span.start, hits),
                fingerprint: fingerprint(&hit.rule, anchored_path, secret),
                anchored_path: anchored_path.to_string(),
            }
        })
        .collect()
}

/// The line holding `at`, with every hit on it replaced by its redacted form, cut to
/// [`SNIPPET_MAX`] characters around `at`.
fn snippet(src: &Source, at: usize, hits: &[Hit]) -> String {
    let line = src.line_range(at);
    let mut on_line: Vec<&Hit> = hits
        .iter()
        .filter(|h| h.span.start < line.end && h.span.end > line.start)
        .collect();
    on_line.sort_by_key(|h| h.span.start);
    let mut out = String::new();
    let mut pos = line.start;
    let mut focus = 0;
    for h in on_line {
        let start = h.span.start.max(pos);
        if start > line.end {
            continue;
        }
        out.push_str(&src.text[pos..start]);
        if h.span.start == at {
            focus = out.chars().count();
        }
        out.push_str(&redact(&src.text[h.span.clone()]));
        pos = h.span.end.min(line.end).max(start);
    }
    out.push_str(&src.text[pos.min(line.end)..line.end]);
    cut_around(&out, focus)
}

fn cut_around(line: &str, focus: usize) -> String {
    let count = line.chars().count();
    if count <= SNIPPET_MAX {
        return line.to_string();
    }
    let start = focus
        .saturating_sub(SNIPPET_MAX / 4)
        .min(count - SNIPPET_MAX);
    let body: String = line.chars().skip(start).take(SNIPPET_MAX).collect();
    let pre = if start > 0 { "…" } else { "" };
    let post = if start + SNIPPET_MAX < count {
        "…"
    } else {
        ""
    };
    format!("{pre}{body}{post}")
}

/// Keeps, among overlapping hits, the one with the highest priority (then the earliest and
/// longest); the result is sorted by position.
pub fn dedup(mut hits: Vec<Hit>) -> Vec<Hit> {
    hits.sort_by(|a, b| {
        b.priority
            .cmp(&a.priority)
            .then(a.span.start.cmp(&b.span.start))
            .then(b.span.len().cmp(&a.span.len()))
    });
    let mut kept: Vec<Hit> = Vec::with_capacity(hits.len());
    for h in hits {
        let overlaps = kept
            .iter()
            .any(|k| h.span.start < k.span.end && k.span.start < h.span.end);
        if !overlaps {
            kept.push(h);
        }
    }
    kept.sort_by_key(|h| h.span.start);
    kept
}

/// Clamps a span to char boundaries of `text`.
pub fn clamp_span(text: &str, span: Range<usize>) -> Range<usize> {
    floor_char_boundary(text, span.start)..floor_char_boundary(text, span.end)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redaction_shows_only_the_ends() {
        assert_eq!(redact("short"), "…");
        assert_eq!(redact("hunter2!x"), "h…x");
        assert_eq!(
            // hush:allow (a fake token, the redaction's test input)
            redact("ghp_abcdefghijklmnopqrstuvwxyz0123456789"),
            "ghp…789"
        );
        let long = "x".repeat(100);
        assert_eq!(redact(&long).chars().count(), 9);
    }

    #[test]
    fn fingerprints_are_stable_and_hide_the_secret() {
        let a = fingerprint("jwt", "a.txt", "secret-value");
        assert_eq!(a, fingerprint("jwt", "a.txt", "secret-value"));
        assert_ne!(a, fingerprint("jwt", "b.txt", "secret-value"));
        assert_eq!(a.len(), 24);
        assert!(!a.contains("secret"));
    }

    #[test]
    fn snippet_redacts_every_secret_on_the_line() {
        let text = "a = AAAAAAAAAAAAAAAAAAAA and BBBBBBBBBBBBBBBBBBBB\nnext";
        let src = Source::new("f", text.as_bytes());
        let hits = vec![Hit::new("x", 4..24, 1), Hit::new("y", 29..49, 1)];
        let f = to_findings(&src, &hits, &[true, true], None, "f");
        assert_eq!(f[0].snippet, "a = AA…AA and BB…BB");
        assert_eq!((f[1].line, f[1].column, f[1].end_column), (1, 30, 50));
    }

    #[test]
    fn dedup_prefers_priority_then_position() {
        let kept = dedup(vec![
            Hit::new("generic", 0..10, PRIORITY_GENERIC),
            Hit::new("provider", 2..8, PRIORITY_PROVIDER),
            Hit::new("other", 20..30, PRIORITY_GENERIC),
        ]);
        let ids: Vec<&str> = kept.iter().map(|h| h.rule.as_ref()).collect();
        assert_eq!(ids, ["provider", "other"]);
    }
}
