//! `hush lint` on the labelled corpus (tests/fixtures/lint/corpus, written by
//! gen_corpus.py): recall must be 1 (every planted secret found) and precision at least
//! 0.95, every rule needs a planted secret and a decoy, and no output format may contain a
//! planted secret.

mod common;

use std::collections::{BTreeSet, HashSet};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

struct Label {
    path: String,
    first: usize,
    last: usize,
    secret: bool,
    kind: String,
    rule: String,
}

fn lint_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/lint")
}

fn labels() -> Vec<Label> {
    let text = std::fs::read_to_string(lint_dir().join("corpus.labels.tsv")).expect("labels");
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            let (a, b) = f[1].split_once('-').expect("line range");
            Label {
                path: f[0].into(),
                first: a.parse().expect("first"),
                last: b.parse().expect("last"),
                secret: f[2] == "secret",
                kind: f[3].into(),
                rule: f[4].into(),
            }
        })
        .collect()
}

fn lint_corpus(format: &str) -> Output {
    Command::new(env!("CARGO_BIN_EXE_hush"))
        .current_dir(lint_dir().join("corpus"))
        .env("NO_COLOR", "1")
        .args(["lint", "--no-progress", "--format", format, "--config"])
        .arg(lint_dir().join("empty.hush.yaml"))
        .arg(".")
        .output()
        .expect("run hush lint")
}

fn findings() -> Vec<Value> {
    let out = lint_corpus("json");
    assert_eq!(out.status.code(), Some(1), "{}", common::stderr(&out));
    let v: Value = serde_json::from_slice(&out.stdout).expect("json output");
    v["findings"].as_array().expect("findings").clone()
}

fn covers(l: &Label, f: &Value) -> bool {
    let line = f["line"].as_u64().unwrap_or(0) as usize;
    f["path"] == l.path.as_str() && (l.first..=l.last).contains(&line)
}

#[test]
fn recall_and_precision_on_the_labelled_corpus() {
    let labels = labels();
    let secrets: Vec<&Label> = labels.iter().filter(|l| l.secret).collect();
    let decoys = labels.len() - secrets.len();
    let kinds: BTreeSet<&str> = secrets.iter().map(|l| l.kind.as_str()).collect();
    assert!(
        kinds.len() >= 40,
        "only {} kinds of planted secrets",
        kinds.len()
    );
    assert!(
        decoys >= secrets.len(),
        "{decoys} decoys < {} secrets",
        secrets.len()
    );

    let found = findings();
    let missed: Vec<&str> = secrets
        .iter()
        .filter(|l| !found.iter().any(|f| covers(l, f)))
        .map(|l| l.kind.as_str())
        .collect();
    let false_positives: Vec<String> = found
        .iter()
        .filter(|f| !secrets.iter().any(|l| covers(l, f)))
        .map(|f| format!("{}:{} {}", f["path"], f["line"], f["rule"]))
        .collect();
    let wrong_rule: Vec<String> = secrets
        .iter()
        .filter(|l| found.iter().any(|f| covers(l, f)))
        .filter(|l| {
            !found
                .iter()
                .any(|f| covers(l, f) && f["rule"] == l.rule.as_str())
        })
        .map(|l| format!("{} ({})", l.kind, l.rule))
        .collect();
    let recall = (secrets.len() - missed.len()) as f64 / secrets.len() as f64;
    let precision = (found.len() - false_positives.len()) as f64 / found.len() as f64;
    eprintln!(
        "corpus: {} secrets of {} kinds, {decoys} decoys; recall {recall:.3}, precision {precision:.3}",
        secrets.len(),
        kinds.len()
    );
    // The issue asks for 0.95; every planted secret is found today, and a detector change
    // that loses one must say so here rather than slip under the threshold.
    assert!(missed.is_empty(), "recall {recall:.3}; missed {missed:?}");
    assert!(
        precision >= 0.95,
        "precision {precision:.3}; false positives {false_positives:#?}"
    );
    assert!(
        wrong_rule.len() * 20 <= secrets.len(),
        "reported under another rule: {wrong_rule:?}"
    );
}

#[test]
fn every_rule_has_a_positive_and_a_negative_case() {
    let labels = labels();
    let rules: Vec<&str> = hush::lint::rules::RULES.iter().map(|r| r.id).collect();
    for rule in &rules {
        assert!(
            labels.iter().any(|l| l.secret && l.rule == *rule),
            "rule {rule} has no planted secret in the corpus"
        );
        assert!(
            labels.iter().any(|l| !l.secret && l.rule == *rule),
            "rule {rule} has no decoy in the corpus"
        );
    }
    for l in &labels {
        assert!(
            rules.contains(&l.rule.as_str()),
            "label names unknown rule {}",
            l.rule
        );
    }
}

/// The random parts of a planted secret's lines: tokens of 12+ characters with a digit
/// (or 30+ characters), which key names never are.
fn secret_tokens() -> HashSet<String> {
    let corpus = lint_dir().join("corpus");
    let mut tokens = HashSet::new();
    for l in labels().iter().filter(|l| l.secret) {
        let text = std::fs::read_to_string(corpus.join(&l.path)).expect("corpus file");
        for line in text.lines().skip(l.first - 1).take(l.last - l.first + 1) {
            let line = line.replace("\\n", " ");
            for t in line.split(|c: char| !(c.is_ascii_alphanumeric() || "+/_~-".contains(c))) {
                let random = t.chars().any(|c| c.is_ascii_digit()) || t.len() >= 30;
                if t.len() >= 12 && random {
                    tokens.insert(t.to_string());
                }
            }
        }
    }
    tokens
}

#[test]
fn no_output_format_contains_a_planted_secret() {
    let tokens = secret_tokens();
    assert!(
        tokens.len() > 60,
        "too few tokens to check: {}",
        tokens.len()
    );
    for format in ["text", "json", "sarif"] {
        let out = lint_corpus(format);
        let all = common::stdout(&out) + &common::stderr(&out);
        for t in &tokens {
            assert!(
                !all.contains(t.as_str()),
                "{format} output contains a planted secret ({}…)",
                &t[..4]
            );
        }
    }
}
