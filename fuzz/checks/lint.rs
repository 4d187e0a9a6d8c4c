//! Fuzzes the lint engine: every detector on arbitrary bytes, under the file name the first
//! byte picks (so the YAML, dotenv, Dockerfile and Compose paths all run).
//!
//! Shared by the fuzz target and `tests/fuzz_seeds.rs`, which replays the seeds on stable.

use std::sync::OnceLock;

use hush::lint::detectors::Detectors;
use hush::lint::finding::to_findings;
use hush::lint::source::Source;
use hush::lint::suppress::inline_allowed;

const NAMES: [&str; 8] = [
    "values.yaml",
    "deploy/secret.yaml",
    ".env",
    "Dockerfile",
    "docker-compose.yml",
    "config.json",
    "app.ini",
    "main.go",
];

fn detectors() -> &'static Detectors {
    static DETECTORS: OnceLock<Detectors> = OnceLock::new();
    DETECTORS.get_or_init(|| Detectors::new(Vec::new()))
}

pub fn check(data: &[u8]) {
    let Some((pick, rest)) = data.split_first() else {
        return;
    };
    let name = NAMES[usize::from(*pick) % NAMES.len()];
    let source = Source::new(name, rest);
    for structure in [true, false] {
        let hits = detectors().scan(&source, structure);
        let keep: Vec<bool> = hits.iter().map(|h| !inline_allowed(&source, h)).collect();
        let kept = hits.iter().zip(&keep).filter(|(_, k)| **k).map(|(h, _)| h);
        for (hit, finding) in kept.zip(to_findings(&source, &hits, &keep, None, name)) {
            // Redaction hides the secret on its line, unless the same text also stands
            // there outside any hit (then it is not the finding's to hide).
            let secret = &source.text[hit.span.clone()];
            let line = &source.text[source.line_range(hit.span.start)];
            if secret.chars().count() >= 8 && line.matches(secret).count() == 1 {
                assert!(
                    !finding.snippet.contains(secret),
                    "a finding's snippet shows its secret"
                );
            }
        }
    }
}
