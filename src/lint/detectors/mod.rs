//! Runs every detector over one source: a keyword prefilter (one Aho-Corasick pass) picks
//! which pattern families can match, then provider tokens, private keys, generic
//! assignments and XML credentials, custom rules and the structure-aware checks run, and overlapping hits are
//! reduced to the most specific one.

pub mod dockerfile;
pub mod filters;
pub mod generic;
pub mod k8s;
pub mod keys;
pub mod sops;
pub mod tokens;
pub mod tree;
pub mod xml;

use std::borrow::Cow;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use regex::Regex;

use crate::document::Format;
use crate::lint::finding::{Hit, PRIORITY_PROVIDER, dedup};
use crate::lint::source::{FileKind, Source};

/// A rule from the `lint:` config: a regex (the secret is capture group 1, else the whole
/// match) tried when one of its keywords occurs (always, without keywords).
#[derive(Clone, Debug)]
pub struct CustomRule {
    pub id: String,
    pub description: String,
    pub regex: Regex,
    pub keywords: Vec<String>,
}

/// What a prefilter keyword enables.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Target {
    Pattern(usize),
    Keys,
    Generic,
    Custom(usize),
}

/// All detectors, built once per scan and shared by the scanning threads.
pub struct Detectors {
    prefilter: AhoCorasick,
    targets: Vec<Target>,
    custom: Vec<CustomRule>,
}

impl Detectors {
    pub fn new(custom: Vec<CustomRule>) -> Detectors {
        let mut words: Vec<String> = Vec::new();
        let mut targets = Vec::new();
        let mut add = |w: &str, t: Target| {
            words.push(w.to_ascii_lowercase());
            targets.push(t);
        };
        for (i, p) in tokens::PATTERNS.iter().enumerate() {
            p.keywords.iter().for_each(|k| add(k, Target::Pattern(i)));
        }
        keys::KEYWORDS.iter().for_each(|k| add(k, Target::Keys));
        generic::KEYWORDS
            .iter()
            .for_each(|k| add(k, Target::Generic));
        for (i, c) in custom.iter().enumerate() {
            c.keywords.iter().for_each(|k| add(k, Target::Custom(i)));
        }
        let prefilter = AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::Standard)
            .build(&words)
            .expect("keywords form a valid automaton");
        Detectors {
            prefilter,
            targets,
            custom,
        }
    }

    /// The custom rules (for reporters that list rules).
    pub fn custom(&self) -> &[CustomRule] {
        &self.custom
    }

    /// Every hit in `src`, most specific first among overlapping ones, sorted by position.
    /// `structure` enables the checks that need a whole file (off for diff hunks).
    pub fn scan(&self, src: &Source, structure: bool) -> Vec<Hit> {
        let wanted = self.prefilter(&src.text);
        let mut hits = Vec::new();
        let patterns: Vec<bool> = (0..tokens::PATTERNS.len())
            .map(|i| wanted.contains(&Target::Pattern(i)))
            .collect();
        tokens::detect(src, &patterns, &mut hits);
        if wanted.contains(&Target::Keys) {
            keys::detect(src, &mut hits);
        }
        if wanted.contains(&Target::Generic) {
            generic::detect(src, &mut hits);
            xml::detect(src, &mut hits);
        }
        for (i, rule) in self.custom.iter().enumerate() {
            if rule.keywords.is_empty() || wanted.contains(&Target::Custom(i)) {
                custom(src, rule, &mut hits);
            }
        }
        if structure {
            structured(src, &mut hits);
        }
        dedup(hits)
    }

    fn prefilter(&self, text: &str) -> Vec<Target> {
        let mut seen = vec![false; self.targets.len()];
        let mut wanted = Vec::new();
        for m in self.prefilter.find_overlapping_iter(text) {
            let i = m.pattern().as_usize();
            if !seen[i] {
                seen[i] = true;
                if !wanted.contains(&self.targets[i]) {
                    wanted.push(self.targets[i]);
                }
            }
        }
        wanted
    }
}

/// The texts one detector finds in `text` read as the file `path` (for unit tests).
#[cfg(test)]
pub(crate) fn found_by(detect: fn(&Source, &mut Vec<Hit>), path: &str, text: &str) -> Vec<String> {
    let src = Source::new(path, text.as_bytes());
    let mut hits = Vec::new();
    detect(&src, &mut hits);
    hits.iter()
        .map(|h| src.text[h.span.clone()].to_string())
        .collect()
}

fn custom(src: &Source, rule: &CustomRule, hits: &mut Vec<Hit>) {
    for caps in rule.regex.captures_iter(&src.text) {
        if let Some(m) = caps
            .get(1)
            .or_else(|| caps.get(0))
            .filter(|m| !m.is_empty())
        {
            hits.push(Hit {
                rule: Cow::Owned(rule.id.clone()),
                span: m.range(),
                priority: PRIORITY_PROVIDER,
            });
        }
    }
}

/// The checks that understand the file's structure.
fn structured(src: &Source, hits: &mut Vec<Hit>) {
    let text: &str = &src.text;
    if src.kind == FileKind::Dockerfile {
        dockerfile::detect(src, hits);
    }
    let format = match src.kind {
        k if k.is_yaml() => Format::Yaml,
        FileKind::Json => Format::Json,
        FileKind::Dotenv | FileKind::DotenvTemplate => Format::Dotenv,
        _ if src.path.ends_with(".ini") => Format::Ini,
        _ => return,
    };
    let sealed = sops::may_be_sealed(text);
    let manifest = format == Format::Yaml && (text.contains("kind:") || text.contains("services:"));
    if !sealed && !manifest {
        return;
    }
    let Some(doc) = sops::parse(format, text, src.path) else {
        return;
    };
    if doc.metadata.is_some() {
        sops::detect(&doc, hits);
    } else if manifest {
        k8s::detect(text, &doc.branches, src.kind == FileKind::Compose, hits);
    }
}
