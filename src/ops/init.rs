//! `init`: set a repository up for hush. It finds or creates the user's identity and writes
//! a creation rule (`.hush.yaml`, or `.sops.yaml` for teams that also use sops) sealing the
//! repository's files for that identity and any teammates' recipients.
//!
//! The wizard in `cli::init` asks the questions; this module only acts on a resolved
//! [`InitOptions`], so scripts get the same result from flags.

use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::identities::Identities;
use crate::ops::git::setup::{self as git_setup, Scope, SetupOptions, SetupPlan};
use crate::ops::keygen;
use crate::recipients::parse_age_recipients;

/// The creation-rule file names, in the order hush reads them.
pub const CONFIG_NAMES: [&str; 2] = [".hush.yaml", ".sops.yaml"];

/// Where the user's own recipient comes from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum IdentityPlan {
    /// An identity hush already found; its public key.
    Existing(String),
    /// Create a new identity in this file (mode 0600, never overwriting).
    CreateFile(PathBuf),
    /// Create a new identity in the OS keyring.
    CreateKeyring,
    /// No identity of the user's own: only `other_recipients`.
    None,
}

/// Which creation-rule file to write.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ConfigName {
    Hush,
    Sops,
}

impl ConfigName {
    pub fn file_name(self) -> &'static str {
        match self {
            ConfigName::Hush => CONFIG_NAMES[0],
            ConfigName::Sops => CONFIG_NAMES[1],
        }
    }
}

/// Everything `init` does, resolved.
#[derive(Clone, Debug)]
pub struct InitOptions {
    /// The repository root: the creation-rule file goes here.
    pub root: PathBuf,
    pub identity: IdentityPlan,
    /// Teammates' recipients (`age1…` or SSH public keys), comma-separated lists allowed.
    pub other_recipients: Vec<String>,
    /// The rule's `path_regex`; `None` covers every file.
    pub path_regex: Option<String>,
    /// The rule's `encrypted_regex`; `None` keeps hush's defaults (Kubernetes Secrets:
    /// `data`/`stringData`; other files: everything but `*_unencrypted` keys).
    pub encrypted_regex: Option<String>,
    pub config_name: ConfigName,
    /// Replace an existing creation-rule file.
    pub force: bool,
    /// Also set the repository up for the git diff and merge drivers (`hush git setup`).
    pub git_drivers: bool,
    /// Also add a pre-commit hook running `hush lint` (on the files pre-commit passes) to
    /// `.pre-commit-config.yaml`.
    pub pre_commit: bool,
}

/// The pre-commit configuration file, at the repository root.
pub const PRE_COMMIT_CONFIG: &str = ".pre-commit-config.yaml";

/// What happened to `.pre-commit-config.yaml`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PreCommitOutcome {
    /// Written with the hush hook (the file did not exist).
    Written(PathBuf),
    /// The file already runs `hush-lint`.
    AlreadyThere(PathBuf),
    /// The file exists without the hook; it was left alone (hush does not rewrite other
    /// tools' YAML): add [`PRE_COMMIT_HOOK`] under `repos:` by hand.
    LeftAlone(PathBuf),
}

/// The `repos:` entry that runs hush as a local pre-commit hook (hush from PATH).
pub const PRE_COMMIT_HOOK: &str = concat!(
    "  - repo: local\n",
    "    hooks:\n",
    "      - id: hush-lint\n",
    "        name: hush lint (plaintext secrets)\n",
    "        entry: hush lint --no-progress\n",
    "        language: system\n",
    "        pass_filenames: true\n",
    "        require_serial: true\n",
);

/// What happened to the creation rules.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ConfigOutcome {
    Written(PathBuf),
    /// A creation-rule file already exists and `force` was not given; it was left alone.
    KeptExisting(PathBuf),
}

/// What `init` did.
#[derive(Clone, Debug)]
pub struct InitReport {
    /// The user's own recipient, when there is one.
    pub own_recipient: Option<String>,
    /// Where a newly created identity was stored.
    pub created_identity_in: Option<String>,
    /// Every recipient of the rule, the user's first.
    pub recipients: Vec<String>,
    pub config: ConfigOutcome,
    /// What the git driver setup did, when asked for.
    pub git_setup: Option<SetupPlan>,
    /// What happened to `.pre-commit-config.yaml`, when asked for.
    pub pre_commit: Option<PreCommitOutcome>,
}

/// The nearest directory at or above `start` holding `.git`, else `start` itself.
pub fn repository_root(start: &Path) -> PathBuf {
    start
        .ancestors()
        .find(|dir| dir.join(".git").exists())
        .unwrap_or(start)
        .to_path_buf()
}

/// The identity file sops and hush read by default: `<config dir>/sops/age/keys.txt`.
pub fn default_identity_file(config_dir: &Path) -> PathBuf {
    config_dir.join("sops").join("age").join("keys.txt")
}

/// The creation-rule file already in `root`, if any.
pub fn existing_config(root: &Path) -> Option<PathBuf> {
    CONFIG_NAMES
        .iter()
        .map(|name| root.join(name))
        .find(|p| p.exists())
}

/// The identity `init` uses when nobody chooses: the first one found, else a new file at
/// the default location.
pub fn default_identity_plan(found: &Identities, config_dir: Option<&Path>) -> IdentityPlan {
    match (found.public_keys().first(), config_dir) {
        (Some(key), _) => IdentityPlan::Existing(key.recipient.clone()),
        (None, Some(dir)) => IdentityPlan::CreateFile(default_identity_file(dir)),
        (None, None) => IdentityPlan::CreateKeyring,
    }
}

/// Runs `init`. Everything is validated before anything is created, so a bad flag leaves
/// no identity or file behind.
pub fn init(opts: &InitOptions) -> Result<InitReport> {
    let others = validated_recipients(&opts.other_recipients)?;
    validate_regex("--path-regex", opts.path_regex.as_deref())?;
    validate_regex("--encrypted-regex", opts.encrypted_regex.as_deref())?;
    if opts.identity == IdentityPlan::None && others.is_empty() {
        return Err(Error::NoRecipients);
    }
    if let IdentityPlan::CreateFile(path) = &opts.identity
        && path.exists()
    {
        return Err(Error::Usage(format!(
            "{}: already exists; hush init never overwrites an identity (use it, or choose another file)",
            path.display()
        )));
    }
    let kept = existing_config(&opts.root).filter(|_| !opts.force);
    let git_plan = opts
        .git_drivers
        .then(|| {
            git_setup::plan(&SetupOptions {
                patterns: git_setup::DEFAULT_PATTERNS.map(String::from).to_vec(),
                scope: Scope::Repository,
                command: "hush".into(),
                dir: opts.root.clone(),
            })
        })
        .transpose()?;

    let (own, created_in) = own_recipient(&opts.identity)?;
    let recipients: Vec<String> =
        own.iter()
            .cloned()
            .chain(others)
            .fold(Vec::new(), |mut all, r| {
                if !all.contains(&r) {
                    all.push(r);
                }
                all
            });
    let config = match kept {
        Some(path) => ConfigOutcome::KeptExisting(path),
        None => {
            let path = opts.root.join(opts.config_name.file_name());
            let text = render_config(
                &recipients,
                opts.path_regex.as_deref(),
                opts.encrypted_regex.as_deref(),
            );
            crate::config::Config::parse(&path, text.clone().into_bytes())?;
            crate::atomic::write(&path, text.as_bytes())?;
            ConfigOutcome::Written(path)
        }
    };
    if let Some(plan) = &git_plan {
        git_setup::apply(plan)?;
    }
    let pre_commit = opts
        .pre_commit
        .then(|| add_pre_commit_hook(&opts.root))
        .transpose()?;
    Ok(InitReport {
        own_recipient: own,
        created_identity_in: created_in,
        recipients,
        config,
        git_setup: git_plan,
        pre_commit,
    })
}

/// Writes `.pre-commit-config.yaml` with the hush hook when there is none.
fn add_pre_commit_hook(root: &Path) -> Result<PreCommitOutcome> {
    let path = root.join(PRE_COMMIT_CONFIG);
    match std::fs::read_to_string(&path) {
        Ok(text) if text.contains("id: hush-lint") => Ok(PreCommitOutcome::AlreadyThere(path)),
        Ok(_) => Ok(PreCommitOutcome::LeftAlone(path)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            let text = format!(
                "# pre-commit (https://pre-commit.com) hooks; `pre-commit install` turns them on.\n\
                 repos:\n{PRE_COMMIT_HOOK}"
            );
            crate::atomic::write(&path, text.as_bytes())?;
            Ok(PreCommitOutcome::Written(path))
        }
        Err(source) => Err(Error::Read { path, source }),
    }
}

/// The user's recipient and, for a new identity, where it was stored.
fn own_recipient(plan: &IdentityPlan) -> Result<(Option<String>, Option<String>)> {
    let target = match plan {
        IdentityPlan::None => return Ok((None, None)),
        IdentityPlan::Existing(recipient) => {
            parse_age_recipients(recipient)?;
            return Ok((Some(recipient.clone()), None));
        }
        IdentityPlan::CreateFile(path) => keygen::Target::File(path.clone()),
        IdentityPlan::CreateKeyring => keygen::Target::Keyring,
    };
    if let keygen::Target::File(path) = &target
        && let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty())
    {
        std::fs::create_dir_all(dir).map_err(|source| Error::Write {
            path: dir.to_path_buf(),
            source,
        })?;
    }
    let created = keygen::keygen(&target)?;
    Ok((Some(created.public_key), created.stored_in))
}

/// Each recipient parsed (so typos fail now, not at the first `encrypt`), in given order.
fn validated_recipients(values: &[String]) -> Result<Vec<String>> {
    let mut out = Vec::new();
    for value in values {
        for part in value.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            parse_age_recipients(part)?;
            out.push(part.to_string());
        }
    }
    Ok(out)
}

fn validate_regex(flag: &str, value: Option<&str>) -> Result<()> {
    match value.map(regex::Regex::new) {
        Some(Err(e)) => Err(Error::Usage(format!(
            "{flag}: not a valid regular expression: {e}"
        ))),
        _ => Ok(()),
    }
}

/// The creation-rule file `init` writes: one rule, commented for the next reader.
pub fn render_config(
    recipients: &[String],
    path_regex: Option<&str>,
    encrypted_regex: Option<&str>,
) -> String {
    let mut text = String::from(
        "# Creation rules: how `hush encrypt`, `hush edit` and `hush updatekeys` seal files in\n\
         # this repository (sops reads the same format from .sops.yaml). The first rule whose\n\
         # path_regex matches a file's path decides its recipients; a rule without one matches\n\
         # every file. After changing recipients, run `hush updatekeys .` to re-wrap the files.\n\
         creation_rules:\n",
    );
    let mut first = true;
    let mut field = |name: &str, value: &str| {
        let lead = if std::mem::take(&mut first) {
            "  - "
        } else {
            "    "
        };
        text.push_str(&format!("{lead}{name}: {}\n", single_quoted(value)));
    };
    if let Some(r) = path_regex {
        field("path_regex", r);
    }
    if let Some(r) = encrypted_regex {
        field("encrypted_regex", r);
    }
    field("age", &recipients.join(","));
    text
}

/// A YAML single-quoted scalar: quotes doubled, nothing else escaped.
fn single_quoted(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{self, Format};

    const R1: &str = "age1lzd99uklcjnc0e7d860axevet2cz99ce9pq6tzuzd05l5nr28ams36nvun";
    const R2: &str = "age1afnrdrkyvy0sl5e08t9ffs4c7g5e5npc8luf7hjc77syewg5gajsls4r90";

    fn opts(root: &Path) -> InitOptions {
        InitOptions {
            root: root.to_path_buf(),
            identity: IdentityPlan::Existing(R1.into()),
            other_recipients: vec![R2.into()],
            path_regex: Some(r"(^|/)secrets/.*\.ya?ml$".into()),
            encrypted_regex: None,
            config_name: ConfigName::Hush,
            force: false,
            git_drivers: false,
            pre_commit: false,
        }
    }

    #[test]
    fn writes_one_rule_with_every_recipient() {
        let dir = tempfile::tempdir().expect("tempdir");
        let report = init(&opts(dir.path())).expect("init");
        assert_eq!(report.recipients, vec![R1.to_string(), R2.to_string()]);
        let text = std::fs::read_to_string(dir.path().join(".hush.yaml")).expect("config");
        assert!(
            text.ends_with(&format!(
                "creation_rules:\n  - path_regex: '(^|/)secrets/.*\\.ya?ml$'\n    age: '{R1},{R2}'\n"
            )),
            "{text}"
        );
    }

    #[test]
    fn keeps_an_existing_config_unless_forced() {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::write(dir.path().join(".sops.yaml"), "creation_rules: []\n").expect("write");
        let report = init(&opts(dir.path())).expect("init");
        assert_eq!(
            report.config,
            ConfigOutcome::KeptExisting(dir.path().join(".sops.yaml"))
        );
        assert!(!dir.path().join(".hush.yaml").exists());
        let forced = init(&InitOptions {
            force: true,
            ..opts(dir.path())
        })
        .expect("init");
        assert_eq!(
            forced.config,
            ConfigOutcome::Written(dir.path().join(".hush.yaml"))
        );
    }

    #[test]
    fn bad_input_creates_nothing() {
        let dir = tempfile::tempdir().expect("tempdir");
        let key = dir.path().join("keys.txt");
        let bad_regex = InitOptions {
            identity: IdentityPlan::CreateFile(key.clone()),
            path_regex: Some("(".into()),
            ..opts(dir.path())
        };
        assert!(matches!(init(&bad_regex), Err(Error::Usage(_))));
        let bad_recipient = InitOptions {
            identity: IdentityPlan::CreateFile(key.clone()),
            other_recipients: vec!["age1nope".into()],
            ..opts(dir.path())
        };
        assert!(init(&bad_recipient).is_err());
        assert!(!key.exists());
        assert!(existing_config(dir.path()).is_none());
    }

    #[test]
    fn quotes_in_regexes_survive_yaml() {
        let text = render_config(&[R1.into()], Some("it's"), Some("^(data|stringData)$"));
        let doc = document::parse(Format::Yaml, text.into_bytes(), Path::new("x")).expect("yaml");
        let json = doc.branches[0].to_json();
        assert_eq!(json["creation_rules"][0]["path_regex"], "it's");
        assert_eq!(
            json["creation_rules"][0]["encrypted_regex"],
            "^(data|stringData)$"
        );
    }

    #[test]
    fn the_local_hook_runs_what_the_published_hook_runs() {
        let published = include_str!("../../.pre-commit-hooks.yaml");
        for field in ["id", "name", "entry", "pass_filenames", "require_serial"] {
            let value = |text: &str| {
                text.lines()
                    .find_map(|l| {
                        l.trim()
                            .trim_start_matches("- ")
                            .strip_prefix(&format!("{field}: "))
                            .map(str::to_string)
                    })
                    .unwrap_or_else(|| panic!("{field}"))
            };
            assert_eq!(value(PRE_COMMIT_HOOK), value(published), "{field}");
        }
    }

    #[test]
    fn pre_commit_config_is_written_once_and_never_rewritten() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join(PRE_COMMIT_CONFIG);
        assert_eq!(
            add_pre_commit_hook(dir.path()).expect("add"),
            PreCommitOutcome::Written(path.clone())
        );
        let text = std::fs::read_to_string(&path).expect("read");
        let doc = document::parse(Format::Yaml, text.into_bytes(), &path).expect("yaml");
        assert_eq!(
            doc.branches[0].to_json()["repos"][0]["hooks"][0]["id"],
            "hush-lint"
        );
        assert_eq!(
            add_pre_commit_hook(dir.path()).expect("again"),
            PreCommitOutcome::AlreadyThere(path.clone())
        );
        std::fs::write(&path, "repos: []\n").expect("write");
        assert_eq!(
            add_pre_commit_hook(dir.path()).expect("other"),
            PreCommitOutcome::LeftAlone(path.clone())
        );
        assert_eq!(std::fs::read_to_string(&path).expect("read"), "repos: []\n");
    }

    #[test]
    fn repository_root_is_the_nearest_git_directory() {
        let dir = tempfile::tempdir().expect("tempdir");
        let deep = dir.path().join("a/b");
        std::fs::create_dir_all(&deep).expect("mkdir");
        assert_eq!(repository_root(&deep), deep);
        std::fs::create_dir(dir.path().join(".git")).expect("mkdir");
        assert_eq!(repository_root(&deep), dir.path());
    }
}
