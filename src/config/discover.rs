//! Which config file applies to a file, and which of its creation rules.
//!
//! Without an explicit file, every directory from the target file's own directory up to the
//! filesystem root is searched; the first directory holding `.hush.yaml` (preferred) or
//! `.sops.yaml` wins. An explicit file comes from `--config`, else `HUSH_CONFIG`, else
//! `SOPS_CONFIG`, and is used for every file. Results are cached per directory, so a walk
//! over thousands of files reads each config once; the [`Resolver`] is shared across threads.

use std::collections::HashMap;
use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};

use super::{CONFIG_NAMES, Config, CreationRule, absolute};
use crate::error::{Error, Location, Result};

/// Where the config comes from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ConfigSource {
    /// Search from each target file's directory upward.
    Discover,
    /// This file, named by `origin` (`--config`, `HUSH_CONFIG` or `SOPS_CONFIG`).
    Explicit { path: PathBuf, origin: &'static str },
}

impl ConfigSource {
    /// `--config` if given, else the `HUSH_CONFIG` or `SOPS_CONFIG` environment variable
    /// (empty counts as unset), else discovery.
    pub fn resolve(flag: Option<PathBuf>, env: impl Fn(&str) -> Option<OsString>) -> Self {
        if let Some(path) = flag {
            return ConfigSource::Explicit {
                path,
                origin: "--config",
            };
        }
        for var in ["HUSH_CONFIG", "SOPS_CONFIG"] {
            if let Some(v) = env(var).filter(|v| !v.is_empty()) {
                return ConfigSource::Explicit {
                    path: PathBuf::from(v),
                    origin: var,
                };
            }
        }
        ConfigSource::Discover
    }
}

/// The creation rule that applies to a file.
#[derive(Clone, Debug)]
pub struct RuleMatch {
    pub config: Arc<Config>,
    index: usize,
}

impl RuleMatch {
    pub fn rule(&self) -> &CreationRule {
        &self.config.creation_rules[self.index]
    }

    /// `FILE:LINE:COLUMN (creation rule N)` for something written at `at` in this rule.
    pub fn origin(&self, at: Location) -> String {
        self.config.origin(self.rule(), at)
    }
}

/// The outcome of looking up the rule for a file.
#[derive(Debug)]
pub enum Lookup {
    Rule(RuleMatch),
    /// A config was found but none of its rules matches.
    NoRule {
        config: Arc<Config>,
        path: String,
    },
    /// No config file was found searching upward from `from`.
    NoConfig {
        from: PathBuf,
    },
}

impl Lookup {
    pub fn rule(self) -> Option<RuleMatch> {
        match self {
            Lookup::Rule(m) => Some(m),
            _ => None,
        }
    }

    /// What was searched, for a "no recipients" message.
    pub fn explain(&self) -> String {
        match self {
            Lookup::Rule(m) => format!(
                "creation rule {} of {} names no recipients",
                m.index + 1,
                m.config.path.display()
            ),
            Lookup::NoRule { config, path } => format!(
                "no creation rule of {} matches `{path}`",
                config.path.display()
            ),
            Lookup::NoConfig { from } => format!(
                "no {} or {} found in {} or any directory above it",
                CONFIG_NAMES[0],
                CONFIG_NAMES[1],
                from.display()
            ),
        }
    }

    /// The matching rule, or [`Error::NoCreationRule`] explaining what was searched.
    pub fn require(self, file: &Path) -> Result<RuleMatch> {
        match self {
            Lookup::Rule(m) if m.rule().has_recipients() => Ok(m),
            other => Err(Error::NoCreationRule {
                file: file.to_path_buf(),
                searched: other.explain(),
            }),
        }
    }
}

/// Finds configs and rules for files; cheap to share across threads.
#[derive(Debug)]
pub struct Resolver {
    explicit: Option<Arc<Config>>,
    /// Directory → the config found searching upward from it.
    cache: Mutex<HashMap<PathBuf, Option<Arc<Config>>>>,
}

impl Resolver {
    /// Loads an explicit config right away (a missing or invalid one is an error now).
    pub fn new(source: &ConfigSource) -> Result<Resolver> {
        let explicit = match source {
            ConfigSource::Discover => None,
            ConfigSource::Explicit { path, origin } => {
                Some(Arc::new(Config::load(path).map_err(|e| match e {
                    Error::ConfigNotFound { path, .. } => Error::ConfigNotFound {
                        path,
                        origin: origin.to_string(),
                    },
                    other => other,
                })?))
            }
        };
        Ok(Resolver {
            explicit,
            cache: Mutex::new(HashMap::new()),
        })
    }

    /// The rule that applies to `file`, or why there is none.
    pub fn lookup(&self, file: &Path) -> Result<Lookup> {
        let Some(config) = self.config_for(file)? else {
            return Ok(Lookup::NoConfig {
                from: start_dir(file),
            });
        };
        Ok(match config.rule_index(file) {
            Some(index) => Lookup::Rule(RuleMatch { config, index }),
            None => Lookup::NoRule {
                path: config.match_path(file),
                config,
            },
        })
    }

    /// The config file that applies to `file`, if any.
    pub fn config_for(&self, file: &Path) -> Result<Option<Arc<Config>>> {
        if let Some(c) = &self.explicit {
            return Ok(Some(c.clone()));
        }
        let mut visited = Vec::new();
        let mut dir = Some(start_dir(file));
        let found = loop {
            let Some(d) = dir else { break None };
            if let Some(hit) = self.cached(&d) {
                break hit;
            }
            if let Some(path) = CONFIG_NAMES.iter().map(|n| d.join(n)).find(|p| p.is_file()) {
                visited.push(d);
                break Some(Arc::new(Config::load(&path)?));
            }
            dir = d.parent().map(Path::to_path_buf);
            visited.push(d);
        };
        let mut cache = self.cache.lock().unwrap_or_else(PoisonError::into_inner);
        for d in visited {
            cache.insert(d, found.clone());
        }
        Ok(found)
    }

    /// Every config file loaded so far (for their warnings).
    pub fn loaded(&self) -> Vec<Arc<Config>> {
        let mut out: Vec<Arc<Config>> = self.explicit.iter().cloned().collect();
        let cache = self.cache.lock().unwrap_or_else(PoisonError::into_inner);
        for c in cache.values().flatten() {
            if !out.iter().any(|o| o.path == c.path) {
                out.push(c.clone());
            }
        }
        out.sort_by(|a, b| a.path.cmp(&b.path));
        out
    }

    fn cached(&self, dir: &Path) -> Option<Option<Arc<Config>>> {
        let cache = self.cache.lock().unwrap_or_else(PoisonError::into_inner);
        cache.get(dir).cloned()
    }
}

/// The directory discovery starts in: the file's own (absolute) directory.
fn start_dir(file: &Path) -> PathBuf {
    absolute(file)
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("/"))
}
