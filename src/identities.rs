//! Where private keys come from: the age identities hush decrypts with, discovered from every
//! place sops users already keep them, plus key generation and the OS keyring entry.
//!
//! [`Identities::discover`] combines ALL of these sources (never first-wins), in this order:
//!
//! | source | form |
//! |---|---|
//! | `SOPS_AGE_KEY` | identities, separated by whitespace or newlines; `#` lines ignored |
//! | `SOPS_AGE_KEY_FILE` | identity file (may be passphrase-encrypted) |
//! | `SOPS_AGE_KEY_CMD` | command (split like a shell would) whose stdout is an identity file; it gets `SOPS_AGE_RECIPIENT` as with sops |
//! | `HUSH_AGE_KEY_FILE` | identity file (may be passphrase-encrypted) |
//! | `$XDG_CONFIG_HOME/sops/age/keys.txt` (default `~/.config/…`) | identity file, skipped if absent |
//! | OS keyring, service `hush`, user `age-identity` | identity text; see [`os_keyring`] |
//! | `SOPS_AGE_SSH_PRIVATE_KEY_FILE` | SSH private key |
//! | `SOPS_AGE_SSH_PRIVATE_KEY_CMD` | command whose stdout is an SSH private key |
//! | `~/.ssh/id_ed25519`, `~/.ssh/id_rsa` | SSH private keys, skipped if absent |
//!
//! A source the user named (an environment variable) that is broken fails discovery with
//! [`Error::BadIdentity`] naming the source, the line number where relevant (never the
//! content) and what to do. The default locations are opportunistic: `keys.txt` fails only
//! when present and broken; problems with the default SSH keys and the keyring are recorded
//! in [`Identities::sources`] and never fail discovery. Environment variables set to the
//! empty string count as unset.
//!
//! Passphrases (encrypted identity files, encrypted SSH keys) come from
//! `HUSH_AGE_PASSPHRASE`, else from [`IdentitySources::prompt`] when stdin is a terminal.
//! Encrypted identity files are decrypted during discovery; encrypted SSH keys only when an
//! age file has a stanza for them.

mod command;
mod encrypted;
mod keygen;
pub mod os_keyring;
mod passphrase;
mod ssh;
mod text;

use std::ffi::OsString;
use std::fmt;
use std::io::{self, IsTerminal, Read};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use secrecy::{ExposeSecret, SecretString};
use zeroize::Zeroizing;

use crate::error::Error;
use passphrase::Passphrase;

pub use keygen::{generate_identity, identity_file_text};
pub use os_keyring::{delete_from_keyring, load_from_keyring, store_in_keyring};

/// The environment variables that carry identity material or say where to find it, and the
/// passphrase for it: `exec-env`/`exec-file` children do not get them unless asked.
pub const IDENTITY_ENV_VARS: &[&str] = &[
    "SOPS_AGE_KEY",
    "SOPS_AGE_KEY_FILE",
    "SOPS_AGE_KEY_CMD",
    "HUSH_AGE_KEY_FILE",
    "HUSH_AGE_PASSPHRASE",
    "HUSH_KEYRING",
    "SOPS_AGE_SSH_PRIVATE_KEY_FILE",
    "SOPS_AGE_SSH_PRIVATE_KEY_CMD",
];

/// One usable private key.
pub type BoxedIdentity = Box<dyn age::Identity + Send + Sync>;
/// Reads an environment variable.
pub type EnvLookup = dyn Fn(&str) -> Option<OsString> + Send + Sync;
/// Asks the user for a passphrase; the argument says what for (never secret).
pub type PromptFn = dyn Fn(&str) -> io::Result<SecretString> + Send + Sync;
/// Reads hush's OS keyring entry: `Ok(None)` when there is none.
pub type KeyringLookup = dyn Fn() -> Result<Option<SecretString>, Error> + Send + Sync;

/// The largest identity file or command output read (as age does).
const SIZE_LIMIT: u64 = 16 << 20;

/// Everything discovery reads, injectable for tests.
pub struct IdentitySources {
    pub env: Box<EnvLookup>,
    pub home_dir: Option<PathBuf>,
    /// The user configuration directory (`$XDG_CONFIG_HOME`, else `~/.config`).
    pub config_dir: Option<PathBuf>,
    pub stdin_is_terminal: bool,
    /// Used only when stdin is a terminal and `HUSH_AGE_PASSPHRASE` is unset.
    pub prompt: Arc<PromptFn>,
    pub keyring: Box<KeyringLookup>,
    /// Recipients of the file being opened: `SOPS_AGE_KEY_CMD` runs with each in turn as
    /// `SOPS_AGE_RECIPIENT` until a run yields identities (once without it when empty).
    pub recipients: Vec<String>,
}

impl IdentitySources {
    /// The real process: its environment, home and config directories, terminal, an
    /// `rpassword` prompt on the controlling terminal, and the OS keyring.
    pub fn from_process() -> IdentitySources {
        let home_dir = std::env::var_os("HOME")
            .filter(|h| !h.is_empty())
            .map(PathBuf::from);
        let config_dir = user_config_dir(std::env::var_os("XDG_CONFIG_HOME"), home_dir.as_deref());
        IdentitySources {
            env: Box::new(|name| std::env::var_os(name)),
            home_dir,
            config_dir,
            stdin_is_terminal: io::stdin().is_terminal(),
            prompt: Arc::new(|what| {
                rpassword::prompt_password(format!("{what}: ")).map(SecretString::from)
            }),
            keyring: Box::new(load_from_keyring),
            recipients: Vec::new(),
        }
    }

    /// Sources that find nothing: no environment, no home, no terminal, no keyring entry.
    /// Tests start from this and fill in what they need.
    pub fn isolated() -> IdentitySources {
        IdentitySources {
            env: Box::new(|_| None),
            home_dir: None,
            config_dir: None,
            stdin_is_terminal: false,
            prompt: Arc::new(|_| Err(io::Error::other("no terminal"))),
            keyring: Box::new(|| Ok(None)),
            recipients: Vec::new(),
        }
    }

    /// Replaces the environment with exactly `vars`.
    pub fn with_env<K: Into<String>, V: Into<OsString>>(
        mut self,
        vars: impl IntoIterator<Item = (K, V)>,
    ) -> Self {
        let vars: Vec<(String, OsString)> = vars
            .into_iter()
            .map(|(k, v)| (k.into(), v.into()))
            .collect();
        self.env =
            Box::new(move |name| vars.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone()));
        self
    }

    fn var(&self, name: &str) -> Option<OsString> {
        (self.env)(name).filter(|v| !v.is_empty())
    }
}

/// `$XDG_CONFIG_HOME` when absolute (as the XDG spec requires), else `~/.config`.
pub fn user_config_dir(xdg_config_home: Option<OsString>, home: Option<&Path>) -> Option<PathBuf> {
    xdg_config_home
        .map(PathBuf::from)
        .filter(|p| p.is_absolute())
        .or_else(|| home.map(|h| h.join(".config")))
}

/// What discovery found in one source.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SourceOutcome {
    /// The environment variable is not set.
    NotSet,
    /// The default file does not exist (or there is no keyring entry).
    Absent,
    /// This many identities were loaded.
    Loaded(usize),
    /// Nothing was loaded, for this reason (never secret).
    Skipped(String),
}

/// One source consulted by discovery and its outcome.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SourceReport {
    pub name: String,
    pub outcome: SourceOutcome,
}

impl fmt::Display for SourceReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.outcome {
            SourceOutcome::NotSet => write!(f, "{}: not set", self.name),
            SourceOutcome::Absent => write!(f, "{}: not found", self.name),
            SourceOutcome::Loaded(1) => write!(f, "{}: 1 identity", self.name),
            SourceOutcome::Loaded(n) => write!(f, "{}: {n} identities", self.name),
            SourceOutcome::Skipped(why) => write!(f, "{}: skipped: {why}", self.name),
        }
    }
}

/// The identities available to unwrap age master keys, and where they were looked for.
#[derive(Default)]
pub struct Identities {
    identities: Vec<BoxedIdentity>,
    sources: Vec<SourceReport>,
    public_keys: Vec<PublicKey>,
}

/// The public key (recipient) of an X25519 identity found by discovery.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PublicKey {
    /// Where the identity was found (a file path or variable name).
    pub source: String,
    /// `age1…`
    pub recipient: String,
}

impl fmt::Debug for Identities {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Identities")
            .field("count", &self.identities.len())
            .field("sources", &self.sources)
            .finish()
    }
}

impl Identities {
    /// Loads identities from every source in [`IdentitySources`] (see the module doc).
    pub fn discover(sources: &IdentitySources) -> Result<Identities, Error> {
        let mut d = Discovery::new(sources);
        d.env_text("SOPS_AGE_KEY")?;
        d.env_key_file("SOPS_AGE_KEY_FILE")?;
        d.key_cmd("SOPS_AGE_KEY_CMD")?;
        d.env_key_file("HUSH_AGE_KEY_FILE")?;
        d.default_key_file()?;
        d.keyring()?;
        d.env_ssh_file("SOPS_AGE_SSH_PRIVATE_KEY_FILE")?;
        d.ssh_cmd("SOPS_AGE_SSH_PRIVATE_KEY_CMD")?;
        d.default_ssh_key("id_ed25519");
        d.default_ssh_key("id_rsa");
        Ok(d.found)
    }

    /// Parses identity text (one or more `AGE-SECRET-KEY-1…`, `#` comments) from `source`.
    pub fn from_text(source: &str, text: &str) -> Result<Identities, Error> {
        let parsed = text::parse(text).map_err(|reason| bad(source, reason))?;
        let mut ids = Identities::default();
        ids.add(source.to_string(), parsed);
        Ok(ids)
    }

    pub fn len(&self) -> usize {
        self.identities.len()
    }

    pub fn is_empty(&self) -> bool {
        self.identities.is_empty()
    }

    /// The identities, in discovery order, as the `age` crate takes them.
    pub fn iter(&self) -> impl Iterator<Item = &dyn age::Identity> {
        self.identities
            .iter()
            .map(|id| id.as_ref() as &dyn age::Identity)
    }

    /// Every source consulted, with its outcome.
    pub fn sources(&self) -> &[SourceReport] {
        &self.sources
    }

    /// The sources that had a problem, for error messages.
    pub fn problems(&self) -> impl Iterator<Item = &SourceReport> {
        self.sources
            .iter()
            .filter(|s| matches!(s.outcome, SourceOutcome::Skipped(_)))
    }

    /// The public keys of the X25519 identities found, in discovery order.
    pub fn public_keys(&self) -> &[PublicKey] {
        &self.public_keys
    }

    /// A multi-line account of where identities were looked for, for error messages.
    pub fn report(&self) -> String {
        let lines: Vec<String> = self.sources.iter().map(|s| format!("  {s}")).collect();
        format!("identities were looked for in:\n{}", lines.join("\n"))
    }

    fn add(&mut self, name: String, parsed: text::Parsed) {
        let count = parsed.identities.len();
        self.identities.extend(parsed.identities);
        self.public_keys
            .extend(parsed.recipients.into_iter().map(|recipient| PublicKey {
                source: name.clone(),
                recipient,
            }));
        let outcome = match (count, parsed.unsupported.is_empty()) {
            (0, false) => SourceOutcome::Skipped(parsed.unsupported.join("; ")),
            _ => SourceOutcome::Loaded(count),
        };
        self.sources.push(SourceReport {
            name: name.clone(),
            outcome,
        });
        if count > 0 && !parsed.unsupported.is_empty() {
            let why = parsed.unsupported.join("; ");
            self.sources.push(SourceReport {
                name,
                outcome: SourceOutcome::Skipped(why),
            });
        }
    }

    fn note(&mut self, name: String, outcome: SourceOutcome) {
        self.sources.push(SourceReport { name, outcome });
    }
}

fn bad(source: &str, reason: impl Into<String>) -> Error {
    Error::BadIdentity {
        source_name: source.to_string(),
        reason: reason.into(),
    }
}

/// Reads at most [`SIZE_LIMIT`] bytes of `path` into a zeroizing buffer.
fn read_secret_file(path: &Path) -> io::Result<Zeroizing<Vec<u8>>> {
    let file = std::fs::File::open(path)?;
    let len = file
        .metadata()
        .map(|m| m.len())
        .unwrap_or(0)
        .min(SIZE_LIMIT);
    let mut buf = Zeroizing::new(Vec::with_capacity(len as usize + 1));
    file.take(SIZE_LIMIT + 1).read_to_end(&mut buf)?;
    if buf.len() as u64 > SIZE_LIMIT {
        return Err(io::Error::other("the file is larger than 16 MiB"));
    }
    Ok(buf)
}

/// The discovery walk: one method per source kind, each recording what it found.
struct Discovery<'a> {
    src: &'a IdentitySources,
    passphrase: Arc<Passphrase>,
    seen_files: Vec<PathBuf>,
    found: Identities,
}

impl<'a> Discovery<'a> {
    fn new(src: &'a IdentitySources) -> Self {
        Discovery {
            src,
            passphrase: Arc::new(Passphrase::new(src)),
            seen_files: Vec::new(),
            found: Identities::default(),
        }
    }

    fn env_text(&mut self, var: &str) -> Result<(), Error> {
        let Some(value) = self.src.var(var) else {
            self.found.note(var.into(), SourceOutcome::NotSet);
            return Ok(());
        };
        let value = Zeroizing::new(value.into_encoded_bytes());
        let parsed = text::parse_bytes(&value).map_err(|reason| bad(var, reason))?;
        self.found.add(var.into(), parsed);
        Ok(())
    }

    fn env_key_file(&mut self, var: &str) -> Result<(), Error> {
        let Some(path) = self.src.var(var).map(PathBuf::from) else {
            self.found.note(var.into(), SourceOutcome::NotSet);
            return Ok(());
        };
        let name = format!("{} (from {var})", path.display());
        match read_secret_file(&path) {
            Ok(bytes) => self.key_file(name, &path, bytes),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Err(bad(
                &name,
                format!("the file does not exist; fix or unset {var}"),
            )),
            Err(e) => Err(bad(&name, format!("cannot read the file: {e}"))),
        }
    }

    fn default_key_file(&mut self) -> Result<(), Error> {
        let Some(dir) = &self.src.config_dir else {
            return Ok(());
        };
        let path = dir.join("sops").join("age").join("keys.txt");
        let name = path.display().to_string();
        match read_secret_file(&path) {
            Ok(bytes) => self.key_file(name, &path, bytes),
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                self.found.note(name, SourceOutcome::Absent);
                Ok(())
            }
            Err(e) => Err(bad(&name, format!("cannot read the file: {e}"))),
        }
    }

    /// An identity file, plain or passphrase-encrypted; each distinct file is read once.
    fn key_file(
        &mut self,
        name: String,
        path: &Path,
        bytes: Zeroizing<Vec<u8>>,
    ) -> Result<(), Error> {
        let canonical = path.canonicalize().unwrap_or_else(|_| path.to_path_buf());
        if self.seen_files.contains(&canonical) {
            self.found.note(
                name,
                SourceOutcome::Skipped("already read under another name".into()),
            );
            return Ok(());
        }
        self.seen_files.push(canonical);
        let plain = if encrypted::is_age_file(&bytes) {
            encrypted::decrypt(&bytes, &name, &self.passphrase)
                .map_err(|reason| bad(&name, reason))?
        } else {
            bytes
        };
        let parsed = text::parse_bytes(&plain).map_err(|reason| bad(&name, reason))?;
        self.found.add(name, parsed);
        Ok(())
    }

    fn key_cmd(&mut self, var: &str) -> Result<(), Error> {
        let Some(cmd) = self.cmd_line(var)? else {
            return Ok(());
        };
        let mut failures = Vec::new();
        for recipient in recipient_runs(&self.src.recipients) {
            match command::run(&cmd, recipient) {
                Ok(out) => {
                    let parsed = text::parse_bytes(&out).map_err(|reason| bad(var, reason))?;
                    if !parsed.identities.is_empty() || recipient.is_none() {
                        self.found.add(var.into(), parsed);
                        return Ok(());
                    }
                }
                Err(why) => failures.push(why),
            }
        }
        match failures.first() {
            Some(why) => Err(bad(var, format!("{why}; fix the command or unset {var}"))),
            None => {
                self.found.note(var.into(), SourceOutcome::Loaded(0));
                Ok(())
            }
        }
    }

    fn cmd_line(&mut self, var: &str) -> Result<Option<String>, Error> {
        match self.src.var(var).map(OsString::into_string) {
            None => {
                self.found.note(var.into(), SourceOutcome::NotSet);
                Ok(None)
            }
            Some(Ok(cmd)) => Ok(Some(cmd)),
            Some(Err(_)) => Err(bad(var, "the command is not UTF-8 text")),
        }
    }

    fn keyring(&mut self) -> Result<(), Error> {
        let name = os_keyring::SOURCE_NAME.to_string();
        let mode = self
            .src
            .var("HUSH_KEYRING")
            .and_then(|v| v.into_string().ok());
        let required = match mode.as_deref() {
            Some("0") | Some("false") => {
                self.found.note(
                    name,
                    SourceOutcome::Skipped("disabled by HUSH_KEYRING".into()),
                );
                return Ok(());
            }
            Some("1") | Some("true") => true,
            _ => false,
        };
        match (self.src.keyring)() {
            Ok(Some(secret)) => {
                let parsed =
                    text::parse(secret.expose_secret()).map_err(|reason| bad(&name, reason))?;
                self.found.add(name, parsed);
            }
            Ok(None) if required => self.found.note(
                name,
                SourceOutcome::Skipped("HUSH_KEYRING=1 but there is no entry".into()),
            ),
            Err(e) if required => self.found.note(name, SourceOutcome::Skipped(e.to_string())),
            Ok(None) | Err(_) => self.found.note(name, SourceOutcome::Absent),
        }
        Ok(())
    }

    fn env_ssh_file(&mut self, var: &str) -> Result<(), Error> {
        let Some(path) = self.src.var(var).map(PathBuf::from) else {
            self.found.note(var.into(), SourceOutcome::NotSet);
            return Ok(());
        };
        let name = format!("{} (from {var})", path.display());
        let bytes = match read_secret_file(&path) {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                return Err(bad(
                    &name,
                    format!("the file does not exist; fix or unset {var}"),
                ));
            }
            Err(e) => return Err(bad(&name, format!("cannot read the file: {e}"))),
        };
        let id =
            ssh::load(&bytes, &name, &self.passphrase).map_err(|p| bad(&name, p.to_string()))?;
        self.found.add(name, text::Parsed::one(id));
        Ok(())
    }

    fn ssh_cmd(&mut self, var: &str) -> Result<(), Error> {
        let Some(cmd) = self.cmd_line(var)? else {
            return Ok(());
        };
        let recipient = self.src.recipients.first().map(String::as_str);
        let out = command::run(&cmd, recipient)
            .map_err(|why| bad(var, format!("{why}; fix the command or unset {var}")))?;
        let id = ssh::load_unencrypted(&out).map_err(|p| bad(var, p.to_string()))?;
        self.found.add(var.into(), text::Parsed::one(id));
        Ok(())
    }

    /// `~/.ssh/NAME`: used when present and usable, otherwise the problem is recorded.
    fn default_ssh_key(&mut self, file: &str) {
        let Some(home) = &self.src.home_dir else {
            return;
        };
        let path = home.join(".ssh").join(file);
        let name = path.display().to_string();
        let outcome = match read_secret_file(&path) {
            Err(e) if e.kind() == io::ErrorKind::NotFound => SourceOutcome::Absent,
            Err(e) => SourceOutcome::Skipped(format!("cannot read the file: {e}")),
            Ok(bytes) => match ssh::load(&bytes, &name, &self.passphrase) {
                Ok(id) => {
                    self.found.add(name, text::Parsed::one(id));
                    return;
                }
                Err(problem) => SourceOutcome::Skipped(problem.to_string()),
            },
        };
        self.found.note(name, outcome);
    }
}

/// The `SOPS_AGE_RECIPIENT` values to run a key command with: each recipient, or none.
fn recipient_runs(recipients: &[String]) -> Vec<Option<&str>> {
    if recipients.is_empty() {
        vec![None]
    } else {
        recipients.iter().map(|r| Some(r.as_str())).collect()
    }
}

#[cfg(test)]
mod tests;
