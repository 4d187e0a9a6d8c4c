//! Creation rules: `.hush.yaml` (or, when a directory has none, `.sops.yaml`) and which
//! rule applies to a file.
//!
//! The file format is sops' (`creation_rules` with `path_regex`, the recipient keys,
//! `key_groups`, `shamir_threshold`, the six encryption-rule keys and `mac_only_encrypted`),
//! so an existing `.sops.yaml` works unchanged. The first rule whose `path_regex` matches
//! wins; a rule without one matches every file. As in sops, the regex is matched
//! (unanchored) against the file's absolute path with the config file's directory and a
//! `/` stripped from its front, i.e. relative to the config file when the file is inside
//! its directory.
//!
//! Unlike sops, which looks in the current directory and its parents, discovery starts at
//! the target file's directory (see [`discover`]). Parsing lives in [`parse`]; this module
//! holds the typed result and the matching. The `secrets:` rotation policy is parsed by
//! [`secrets`]. Nothing here wraps keys or prints.

pub mod discover;
mod parse;
pub mod secrets;

use std::path::{Component, Path, PathBuf};

use regex::Regex;

use crate::envelope::rules::Rule;
use crate::error::{Error, Location, Result};
use crate::recipients::Recipient;

pub use discover::{ConfigSource, Resolver, RuleMatch};

/// The file names looked for in each directory, in order of preference.
pub const CONFIG_NAMES: [&str; 2] = [".hush.yaml", ".sops.yaml"];

/// A parsed config file.
#[derive(Debug)]
pub struct Config {
    /// The file as it was found or named.
    pub path: PathBuf,
    /// The absolute directory holding the file; `path_regex` sees paths relative to it.
    pub dir: PathBuf,
    pub creation_rules: Vec<CreationRule>,
    /// The `secrets:` rotation policy.
    pub secrets: Vec<secrets::SecretPolicy>,
    /// Things that were ignored (unknown keys, shadowed fields), `file:line:column: what`.
    pub warnings: Vec<String>,
}

/// One entry of `creation_rules`.
#[derive(Debug)]
pub struct CreationRule {
    /// Position in `creation_rules`, from 0.
    pub index: usize,
    /// Where the rule starts in the config file.
    pub location: Location,
    pub path_regex: Option<Regex>,
    /// One list per key group; the single-group keys (`age`, `pgp`, …) make one group.
    pub key_groups: Vec<Vec<RuleRecipient>>,
    pub shamir_threshold: Option<usize>,
    pub rule: Option<Rule>,
    pub mac_only_encrypted: bool,
}

/// A recipient named by a rule, with where it was named (for error messages).
#[derive(Clone, Debug)]
pub struct RuleRecipient {
    pub recipient: Recipient,
    pub location: Location,
}

impl Config {
    /// Reads and parses the config file at `path`.
    pub fn load(path: &Path) -> Result<Config> {
        let src = std::fs::read(path).map_err(|source| match source.kind() {
            std::io::ErrorKind::NotFound => Error::ConfigNotFound {
                path: path.to_path_buf(),
                origin: "discovery".into(),
            },
            _ => Error::Read {
                path: path.to_path_buf(),
                source,
            },
        })?;
        Config::parse(path, src)
    }

    /// Parses config text; `path` locates messages and anchors `path_regex`.
    pub fn parse(path: &Path, src: Vec<u8>) -> Result<Config> {
        let parsed = parse::parse(path, src)?;
        let dir = absolute(path)
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_else(|| PathBuf::from("/"));
        Ok(Config {
            path: path.to_path_buf(),
            dir,
            creation_rules: parsed.rules,
            secrets: parsed.secrets,
            warnings: parsed.warnings,
        })
    }

    /// The path `path_regex` is matched against for `file`.
    pub fn match_path(&self, file: &Path) -> String {
        let file = absolute(file);
        match file.strip_prefix(&self.dir) {
            Ok(rel) if !rel.as_os_str().is_empty() => rel.to_string_lossy().into_owned(),
            _ => file.to_string_lossy().into_owned(),
        }
    }

    /// The first creation rule that applies to `file`.
    pub fn rule_for(&self, file: &Path) -> Option<&CreationRule> {
        self.rule_index(file).map(|i| &self.creation_rules[i])
    }

    /// The position of the first creation rule that applies to `file`.
    pub fn rule_index(&self, file: &Path) -> Option<usize> {
        let target = self.match_path(file);
        self.creation_rules
            .iter()
            .position(|r| r.path_regex.as_ref().is_none_or(|re| re.is_match(&target)))
    }

    /// `FILE:LINE:COLUMN (creation rule N)`, naming where something in a rule came from.
    pub fn origin(&self, rule: &CreationRule, at: Location) -> String {
        format!(
            "{}:{at} (creation rule {})",
            self.path.display(),
            rule.index + 1
        )
    }
}

impl CreationRule {
    /// True when the rule names at least one recipient.
    pub fn has_recipients(&self) -> bool {
        self.key_groups.iter().any(|g| !g.is_empty())
    }
}

/// `path` made absolute and lexically normalised (`.` and `..` resolved, symlinks not), as
/// Go's `filepath.Abs` does.
pub fn absolute(path: &Path) -> PathBuf {
    let abs = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut out = PathBuf::new();
    for c in abs.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

#[cfg(test)]
mod tests;
