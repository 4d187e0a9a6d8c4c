//! `hush git setup`: the `.gitattributes` lines and git config that route sealed files
//! through hush's diff text converter and merge driver.
//!
//! Planning reads the current state and lists only what is missing, so running setup twice
//! changes nothing. Config is read and written with the real `git config` command (so git's
//! own rules for scopes, includes and locking apply); the attributes file is rewritten
//! atomically with its existing content kept and the missing lines appended.
//!
//! `diff.hush.cachetextconv` is set to `false` on purpose: git would store the converted
//! (decrypted) text in `refs/notes/textconv/hush`, that is plaintext secrets in the object
//! database, which outlive any key rotation and can be pushed by accident.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::error::{Error, Result};

/// Patterns given attributes when none are named: the names sops users give sealed files.
pub const DEFAULT_PATTERNS: [&str; 3] = ["*.enc.*", "*.sops.*", "*.sops"];

/// The attributes each pattern gets.
pub const ATTRIBUTES: &str = "diff=hush merge=hush";

/// Where the config and attributes go.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    /// The repository containing the working directory: `.git/config` and the top-level
    /// `.gitattributes`.
    Repository,
    /// `~/.gitconfig` (git's `--global`) and the global attributes file
    /// (`core.attributesFile`, default `$XDG_CONFIG_HOME/git/attributes`).
    Global,
}

impl Scope {
    fn flag(self) -> &'static str {
        match self {
            Scope::Repository => "--local",
            Scope::Global => "--global",
        }
    }
}

/// What `hush git setup` is asked to do.
pub struct SetupOptions {
    pub patterns: Vec<String>,
    pub scope: Scope,
    /// How git should run hush: `hush` (found on PATH) or a quoted absolute path.
    pub command: String,
    /// Where git is run (the repository for [`Scope::Repository`]).
    pub dir: PathBuf,
}

/// One git config setting and its current value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfigSetting {
    pub key: &'static str,
    pub value: String,
    pub current: Option<String>,
}

impl ConfigSetting {
    pub fn needed(&self) -> bool {
        self.current.as_deref() != Some(self.value.as_str())
    }
}

/// Everything setup would change; apply it with [`apply`].
#[derive(Clone, Debug)]
pub struct SetupPlan {
    pub scope: Scope,
    pub dir: PathBuf,
    pub attributes_file: PathBuf,
    /// The file's content now (`None`: it does not exist).
    pub attributes_now: Option<Vec<u8>>,
    /// Lines to append (already present ones are left out).
    pub attribute_lines: Vec<String>,
    pub config: Vec<ConfigSetting>,
}

impl SetupPlan {
    /// True when nothing is left to do.
    pub fn is_done(&self) -> bool {
        self.attribute_lines.is_empty() && self.config.iter().all(|c| !c.needed())
    }
}

/// Reads the current state and works out what is missing.
pub fn plan(opts: &SetupOptions) -> Result<SetupPlan> {
    for p in &opts.patterns {
        if p.is_empty() || p.chars().any(char::is_whitespace) || p.starts_with(['#', '!']) {
            return Err(Error::Usage(format!(
                "--pattern {p:?}: a gitattributes pattern cannot be empty, contain whitespace or start with `#` or `!`"
            )));
        }
    }
    let git = Git {
        dir: &opts.dir,
        scope: opts.scope,
    };
    let attributes_file = git.attributes_file()?;
    let attributes_now = match std::fs::read(&attributes_file) {
        Ok(bytes) => Some(bytes),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(source) => {
            return Err(Error::Read {
                path: attributes_file,
                source,
            });
        }
    };
    let text = String::from_utf8_lossy(attributes_now.as_deref().unwrap_or_default());
    let attribute_lines = opts
        .patterns
        .iter()
        .filter(|p| !has_attributes(&text, p))
        .map(|p| format!("{p} {ATTRIBUTES}"))
        .collect();
    let config = settings(&opts.command)
        .into_iter()
        .map(|(key, value)| {
            Ok(ConfigSetting {
                key,
                current: git.get(key)?,
                value,
            })
        })
        .collect::<Result<_>>()?;
    Ok(SetupPlan {
        scope: opts.scope,
        dir: opts.dir.clone(),
        attributes_file,
        attributes_now,
        attribute_lines,
        config,
    })
}

/// Makes the changes of `plan`.
pub fn apply(plan: &SetupPlan) -> Result<()> {
    let git = Git {
        dir: &plan.dir,
        scope: plan.scope,
    };
    for setting in plan.config.iter().filter(|c| c.needed()) {
        git.set(setting.key, &setting.value)?;
    }
    if plan.attribute_lines.is_empty() {
        return Ok(());
    }
    let mut text = plan.attributes_now.clone().unwrap_or_default();
    if !text.is_empty() && !text.ends_with(b"\n") {
        text.push(b'\n');
    }
    for line in &plan.attribute_lines {
        text.extend_from_slice(line.as_bytes());
        text.push(b'\n');
    }
    if let Some(parent) = plan.attributes_file.parent() {
        std::fs::create_dir_all(parent).map_err(|source| Error::Write {
            path: parent.to_path_buf(),
            source,
        })?;
    }
    crate::atomic::write(&plan.attributes_file, &text)?;
    if plan.attributes_now.is_none() {
        make_readable(&plan.attributes_file)?;
    }
    Ok(())
}

/// The config settings for a hush run as `command`.
pub fn settings(command: &str) -> Vec<(&'static str, String)> {
    vec![
        ("diff.hush.textconv", format!("{command} git textconv")),
        ("diff.hush.cachetextconv", "false".to_string()),
        (
            "merge.hush.name",
            "hush: merge sealed (sops) files value by value".to_string(),
        ),
        (
            "merge.hush.driver",
            format!("{command} git merge-driver %O %A %B %P"),
        ),
    ]
}

/// True when a line of `text` gives `pattern` both hush attributes.
fn has_attributes(text: &str, pattern: &str) -> bool {
    text.lines().any(|line| {
        let mut words = line.split_whitespace();
        words.next() == Some(pattern) && {
            let rest: Vec<&str> = words.collect();
            ATTRIBUTES.split(' ').all(|a| rest.contains(&a))
        }
    })
}

/// `.gitattributes` is not secret: a new one gets the usual 0644, not the 0600 of
/// [`crate::atomic::write`]'s new files.
#[cfg(unix)]
fn make_readable(path: &Path) -> Result<()> {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o644)).map_err(|source| {
        Error::Write {
            path: path.to_path_buf(),
            source,
        }
    })
}

#[cfg(not(unix))]
fn make_readable(_path: &Path) -> Result<()> {
    Ok(())
}

/// The `git` command run in one directory for one scope.
struct Git<'a> {
    dir: &'a Path,
    scope: Scope,
}

impl Git<'_> {
    /// Runs git; `Ok(None)` when it exits 1 (`git config --get` of an unset key).
    fn run(&self, args: &[&str]) -> Result<Option<String>> {
        let out = Command::new("git")
            .arg("-C")
            .arg(self.dir)
            .args(args)
            .output()
            .map_err(|e| Error::Git(format!("cannot run `git` ({e}); is git installed?")))?;
        match out.status.code() {
            Some(0) => Ok(Some(
                String::from_utf8_lossy(&out.stdout)
                    .trim_end_matches(['\n', '\r'])
                    .to_string(),
            )),
            Some(1) if args.contains(&"--get") => Ok(None),
            _ => Err(Error::Git(format!(
                "`git {}` failed: {}",
                args.join(" "),
                String::from_utf8_lossy(&out.stderr).trim()
            ))),
        }
    }

    fn get(&self, key: &str) -> Result<Option<String>> {
        self.run(&["config", self.scope.flag(), "--get", key])
    }

    fn set(&self, key: &str, value: &str) -> Result<()> {
        self.run(&["config", self.scope.flag(), key, value])
            .map(drop)
    }

    /// The attributes file git reads for this scope.
    fn attributes_file(&self) -> Result<PathBuf> {
        match self.scope {
            Scope::Repository => {
                let not_a_repo = |detail: &str| {
                    Error::Git(format!(
                        "{} is not inside a git work tree ({detail}); run setup in a repository or pass --global",
                        self.dir.display()
                    ))
                };
                let top = match self.run(&["rev-parse", "--show-toplevel"]) {
                    Ok(Some(top)) if !top.is_empty() => top,
                    Ok(_) => return Err(not_a_repo("a bare repository")),
                    Err(Error::Git(m)) if m.starts_with('`') => return Err(not_a_repo(&m)),
                    Err(e) => return Err(e),
                };
                Ok(PathBuf::from(top).join(".gitattributes"))
            }
            Scope::Global => {
                let configured =
                    self.run(&["config", "--type=path", "--get", "core.attributesFile"])?;
                match configured.filter(|p| !p.is_empty()) {
                    Some(p) => Ok(PathBuf::from(p)),
                    None => default_global_attributes(),
                }
            }
        }
    }
}

/// `$XDG_CONFIG_HOME/git/attributes`, else `~/.config/git/attributes`, as git looks.
fn default_global_attributes() -> Result<PathBuf> {
    let from_env = |var: &str| {
        std::env::var_os(var)
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
    };
    if let Some(xdg) = from_env("XDG_CONFIG_HOME") {
        return Ok(xdg.join("git/attributes"));
    }
    from_env("HOME")
        .map(|home| home.join(".config/git/attributes"))
        .ok_or_else(|| {
            Error::Git(
                "neither XDG_CONFIG_HOME nor HOME is set; cannot find the global attributes file"
                    .into(),
            )
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attribute_lines_are_recognised_with_extra_attributes_and_spacing() {
        let text = "*.txt text\n*.enc.*   merge=hush  -text diff=hush\n*.sops diff=hush\n";
        assert!(has_attributes(text, "*.enc.*"));
        assert!(!has_attributes(text, "*.sops"), "merge=hush is missing");
        assert!(!has_attributes(text, "*.sops.*"));
    }

    #[test]
    fn driver_settings_pass_the_real_path_and_never_cache_plaintext() {
        let s = settings("hush");
        assert!(s.contains(&(
            "merge.hush.driver",
            "hush git merge-driver %O %A %B %P".into()
        )));
        assert!(s.contains(&("diff.hush.textconv", "hush git textconv".into())));
        assert!(s.contains(&("diff.hush.cachetextconv", "false".into())));
    }
}
