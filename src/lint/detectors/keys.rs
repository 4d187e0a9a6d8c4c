//! Private keys: PEM blocks of every kind (also inside JSON strings with `\n` escapes, where
//! a GCP service-account key file is reported as such), PuTTY key files and age identities.
//! A header without a real key body (documentation, `...`) is not a finding.

use std::sync::LazyLock;

use regex::Regex;

use super::filters::is_placeholder;
use crate::lint::finding::{Hit, PRIORITY_PROVIDER};
use crate::lint::source::{Source, floor_char_boundary};

/// Prefilter keywords of this detector (lowercase).
pub const KEYWORDS: &[&str] = &["private key", "putty-user-key-file", "age-secret-key-1"];

static PEM: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"-----BEGIN ((?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?)-----").expect("static regex")
});

static PUTTY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"PuTTY-User-Key-File-[23]:[^\n]*\n(?s:.*?)Private-Lines: [0-9]+\r?\n((?:[A-Za-z0-9+/=]{4,}\r?\n?)+)")
        .expect("static regex")
});

static AGE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b(AGE-SECRET-KEY-1[0-9A-Z]{58})\b").expect("static regex"));

/// How far after its header a key's END line is looked for.
const MAX_BODY: usize = 20_000;

/// The minimum number of base64 characters a key body must have.
const MIN_BODY: usize = 64;

/// True when the text between the armour lines is a key, not a stand-in.
fn real_body(body: &str) -> bool {
    if body.contains("...") || body.contains('…') || body.contains('<') {
        return false;
    }
    let cleaned: String = body.replace("\\n", "\n");
    let b64 = cleaned
        .lines()
        .filter(|l| !l.contains(':')) // legacy PEM headers (Proc-Type, DEK-Info)
        .flat_map(str::chars)
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '/' | '='))
        .count();
    b64 >= MIN_BODY && !is_placeholder(body.trim())
}

/// Finds private keys in `src`.
pub fn detect(src: &Source, hits: &mut Vec<Hit>) {
    let text: &str = &src.text;
    let service_account = text.contains("\"service_account\"");
    for header in PEM.find_iter(text) {
        let rest = &text[header.end()..floor_char_boundary(text, header.end() + MAX_BODY)];
        let Some(len) = rest.find("-----END ") else {
            continue;
        };
        let body = &rest[..len];
        if !real_body(body) {
            continue;
        }
        let rule = if service_account && body.contains("\\n") {
            "gcp-service-account"
        } else {
            "private-key"
        };
        let start = header.end() + leading_space(body);
        let end = header.end()
            + body
                .trim_end_matches(['\n', '\r', ' ', '\\'])
                .trim_end_matches("\\n")
                .len();
        hits.push(Hit::new(rule, start..end.max(start + 1), PRIORITY_PROVIDER));
    }
    for caps in PUTTY.captures_iter(text) {
        if let Some(m) = caps.get(1).filter(|m| m.as_str().trim_end().len() >= 40) {
            hits.push(Hit::new("private-key", m.range(), PRIORITY_PROVIDER));
        }
    }
    for caps in AGE.captures_iter(text) {
        if let Some(m) = caps.get(1).filter(|m| !is_placeholder(m.as_str())) {
            hits.push(Hit::new("age-secret-key", m.range(), PRIORITY_PROVIDER));
        }
    }
}

/// Length of the whitespace and `\n` escapes before a key body.
fn leading_space(s: &str) -> usize {
    let mut n = 0;
    loop {
        let rest = &s[n..];
        if rest.starts_with("\\n") {
            n += 2;
        } else if let Some(c) = rest.chars().next().filter(|c| c.is_whitespace()) {
            n += c.len_utf8();
        } else {
            return n;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_without_a_body_is_not_a_key() {
        assert!(!real_body("\n...\n"));
        assert!(!real_body("\n<your key here>\n"));
        assert!(real_body(&format!(
            "\n{}\n",
            "A".repeat(30) + &"b9+/".repeat(10)
        )));
    }

    #[test]
    fn leading_escapes_are_skipped() {
        assert_eq!(leading_space("\\nMIIE"), 2);
        assert_eq!(leading_space("\n  MIIE"), 3);
    }
}
