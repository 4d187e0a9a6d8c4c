//! The `lint:` section of `.hush.yaml`: path and rule allow-lists and custom rules. Only
//! this key is read here (creation rules are parsed elsewhere). The file is found by
//! walking up from the scanned path, or given with `--config`.
//!
//! ```yaml
//! lint:
//!   allow-paths: ["tests/fixtures/**", "*.md"]   # globs, relative to this file
//!   allow-rules: [jwt]                            # rule ids never reported
//!   rules:                                        # custom rules
//!     - id: acme-api-key
//!       description: ACME API key
//!       regex: 'acme_([a-z0-9]{32})'              # the secret is group 1 (else the match)
//!       keywords: [acme_]                         # optional prefilter
//! ```

use std::path::{Path, PathBuf};

use globset::{Glob, GlobSet, GlobSetBuilder};
use regex::Regex;
use serde::Deserialize;

use super::detectors::CustomRule;
use crate::document::{self, Format};
use crate::error::{Error, Result};

/// The config file name looked for.
pub const FILE_NAME: &str = ".hush.yaml";

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawConfig {
    #[serde(default)]
    allow_paths: Vec<String>,
    #[serde(default)]
    allow_rules: Vec<String>,
    #[serde(default)]
    rules: Vec<RawRule>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRule {
    id: String,
    #[serde(default)]
    description: Option<String>,
    regex: String,
    #[serde(default)]
    keywords: Vec<String>,
}

/// The lint settings in force.
#[derive(Debug, Default)]
pub struct LintConfig {
    /// The directory allow-path globs are relative to (the config file's).
    pub dir: Option<PathBuf>,
    pub file: Option<PathBuf>,
    allow_paths: Option<GlobSet>,
    pub allow_rules: Vec<String>,
    pub custom: Vec<CustomRule>,
}

impl LintConfig {
    /// Finds `.hush.yaml` in `start` (a directory or file) or above it.
    pub fn discover(start: &Path) -> Option<PathBuf> {
        let abs = std::path::absolute(start).ok()?;
        let dir = if abs.is_dir() {
            abs.as_path()
        } else {
            abs.parent()?
        };
        dir.ancestors()
            .map(|d| d.join(FILE_NAME))
            .find(|f| f.is_file())
    }

    /// Reads the `lint:` key of `path` (no key: an empty config).
    pub fn load(path: &Path) -> Result<LintConfig> {
        let bytes = crate::ops::io::Input::File(path.to_path_buf()).read()?;
        let doc = document::parse(Format::Yaml, bytes, path)?;
        let lint = doc.branches.first().and_then(|b| b.get("lint"));
        let raw: RawConfig = match lint {
            Some(node) => serde_json::from_value(node.to_json()).map_err(|e| bad(path, e))?,
            None => RawConfig::default(),
        };
        let dir = path
            .parent()
            .map(|d| std::path::absolute(d).unwrap_or(d.to_path_buf()));
        build(raw, path, dir)
    }

    /// True when `abs` (an absolute path) matches an allow-path glob.
    pub fn path_allowed(&self, abs: &Path) -> bool {
        let (Some(set), Some(dir)) = (&self.allow_paths, &self.dir) else {
            return false;
        };
        abs.strip_prefix(dir).is_ok_and(|rel| set.is_match(rel))
    }

    pub fn rule_allowed(&self, rule: &str) -> bool {
        self.allow_rules.iter().any(|r| r == rule)
    }
}

fn bad(path: &Path, e: impl std::fmt::Display) -> Error {
    Error::Usage(format!("{}: invalid `lint:` section: {e}", path.display()))
}

fn build(raw: RawConfig, path: &Path, dir: Option<PathBuf>) -> Result<LintConfig> {
    let mut globs = GlobSetBuilder::new();
    for g in &raw.allow_paths {
        globs.add(Glob::new(g).map_err(|e| bad(path, format!("allow-paths `{g}`: {e}")))?);
    }
    let allow_paths = Some(globs.build().map_err(|e| bad(path, e))?);
    let custom = raw
        .rules
        .into_iter()
        .map(|r| custom_rule(r, path))
        .collect::<Result<Vec<_>>>()?;
    Ok(LintConfig {
        dir,
        file: Some(path.to_path_buf()),
        allow_paths,
        allow_rules: raw.allow_rules,
        custom,
    })
}

fn custom_rule(r: RawRule, path: &Path) -> Result<CustomRule> {
    if super::rules::find(&r.id).is_some() {
        return Err(bad(path, format!("rule id `{}` is a built-in rule", r.id)));
    }
    let regex = Regex::new(&r.regex).map_err(|e| bad(path, format!("rule `{}`: {e}", r.id)))?;
    Ok(CustomRule {
        description: r
            .description
            .unwrap_or_else(|| format!("Custom rule {}", r.id)),
        id: r.id,
        regex,
        keywords: r.keywords,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_only_the_lint_key() {
        let dir = tempfile::tempdir().expect("tmp");
        let f = dir.path().join(FILE_NAME);
        std::fs::write(
            &f,
            "creation_rules:\n  - age: age1x\nlint:\n  allow-paths: ['fixtures/**']\n  allow-rules: [jwt]\n  rules:\n    - id: acme\n      regex: 'acme_([a-z0-9]{8})'\n",
        )
        .expect("write");
        let c = LintConfig::load(&f).expect("config");
        assert!(c.rule_allowed("jwt"));
        assert!(c.path_allowed(&dir.path().join("fixtures/a/b.txt")));
        assert!(!c.path_allowed(&dir.path().join("src/a.txt")));
        assert_eq!(c.custom[0].id, "acme");
        let sub = dir.path().join("a/b");
        std::fs::create_dir_all(&sub).expect("mkdir");
        assert_eq!(LintConfig::discover(&sub).as_deref(), Some(f.as_path()));
    }

    #[test]
    fn bad_config_names_the_problem() {
        let dir = tempfile::tempdir().expect("tmp");
        let f = dir.path().join(FILE_NAME);
        std::fs::write(&f, "lint:\n  rules:\n    - id: jwt\n      regex: x\n").expect("write");
        let e = LintConfig::load(&f).expect_err("clash").to_string();
        assert!(e.contains("`jwt` is a built-in rule"), "{e}");
        std::fs::write(&f, "lint:\n  allow-pathz: []\n").expect("write");
        let e = LintConfig::load(&f).expect_err("unknown").to_string();
        assert!(
            e.contains("invalid `lint:` section") && e.contains("allow-pathz"),
            "{e}"
        );
    }
}
