//! `exec-env` and `exec-file`: run a command with the secrets of a sealed file, without
//! writing them to disk, and optionally hand it rotated values while it runs.
//!
//! `exec-env` gives the decrypted top-level values to the child as environment variables
//! ([`env_vars`]); `exec-file` gives it the decrypted file at a path that lives in memory
//! ([`delivery`]: a memfd, or a FIFO). The child is supervised ([`supervise`]): signals are
//! forwarded, its exit code becomes hush's, and with `--watch` ([`watch`]) a new version of the
//! sealed file is decrypted ([`plaintext`]) and delivered by restarting or signalling it.

mod delivery;
mod env_vars;
mod fifo;
mod memfd;
mod plaintext;
mod supervise;
mod watch;

use std::ffi::{OsStr, OsString};
use std::os::unix::ffi::{OsStrExt, OsStringExt};
use std::path::Path;
use std::process::{Child, Command};
use std::time::Duration;

use crate::document::Format;
use crate::error::{Error, Result};
use crate::identities::IDENTITY_ENV_VARS;

pub use delivery::Transport;
pub use env_vars::EnvVar;
pub use plaintext::Source;
pub use supervise::{Notice, OnChange};

use delivery::Delivery;
use supervise::{Events, Launcher, Policy};

/// The command to run.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ChildCommand {
    /// Program and arguments, run directly (no shell).
    Argv(Vec<OsString>),
    /// A command line run by `/bin/sh -c`, as sops takes it.
    Shell(OsString),
}

/// `--watch`: how often to look at the sealed file and what to do with a new version.
#[derive(Clone, Copy, Debug)]
pub struct Watch {
    pub interval: Duration,
    pub on_change: OnChange,
    /// How long a restart waits after `SIGTERM` before `SIGKILL`.
    pub stop_timeout: Duration,
}

/// What the child inherits of hush's own environment.
#[derive(Clone, Copy, Debug, Default)]
pub struct ChildEnv {
    /// Give the child only the decrypted values, not hush's own environment.
    pub pristine: bool,
    /// Also pass the identity variables ([`IDENTITY_ENV_VARS`]), which are removed by default.
    pub keep_identity_env: bool,
}

/// Options of `hush exec-env`.
pub struct ExecEnvOptions<'a> {
    pub source: Source<'a>,
    pub command: ChildCommand,
    pub env: ChildEnv,
    /// Replace hush with the command (no supervision, no watch).
    pub same_process: bool,
    pub watch: Option<Watch>,
}

/// Options of `hush exec-file`.
pub struct ExecFileOptions<'a> {
    pub source: Source<'a>,
    pub output_format: Format,
    pub command: ChildCommand,
    pub transport: Transport,
    /// The name the content appears under (memfd: a link; FIFO: its name).
    pub filename: Option<String>,
    pub env: ChildEnv,
    pub watch: Option<Watch>,
}

/// Runs the command with the decrypted values in its environment; returns its exit code.
pub fn exec_env(opts: ExecEnvOptions, notify: &dyn Fn(Notice)) -> Result<u8> {
    let sealed = opts.source.read()?;
    let mut launcher = EnvLauncher {
        vars: opts.source.env_vars(&sealed)?,
        source: &opts.source,
        command: &opts.command,
        env: opts.env,
    };
    if opts.same_process {
        return Err(launcher.exec_in_place());
    }
    run(
        &mut launcher,
        &opts.source.path,
        &sealed,
        opts.watch,
        notify,
    )
}

/// Runs the command with `{}` replaced by the path of the decrypted content; returns its
/// exit code.
pub fn exec_file(opts: ExecFileOptions, notify: &dyn Fn(Notice)) -> Result<u8> {
    if !opts.command.has_placeholder() {
        return Err(Error::Usage(
            "the command has no `{}`: put `{}` where the decrypted file's path goes, as in \
             `hush exec-file secrets.yaml -- cat {}`"
                .into(),
        ));
    }
    let sealed = opts.source.read()?;
    let content = opts.source.file_content(&sealed, opts.output_format)?;
    let name = match &opts.filename {
        Some(name) => name.clone(),
        None => default_name(&opts.source.path, opts.source.format, opts.output_format),
    };
    let delivery = Delivery::create(opts.transport, &name, opts.filename.is_some(), content)?;
    let mut launcher = FileLauncher {
        command: opts.command.with_path(delivery.path()),
        delivery,
        source: &opts.source,
        format: opts.output_format,
        env: opts.env,
    };
    run(
        &mut launcher,
        &opts.source.path,
        &sealed,
        opts.watch,
        notify,
    )
}

fn run(
    launcher: &mut dyn Launcher,
    path: &Path,
    sealed: &[u8],
    watch: Option<Watch>,
    notify: &dyn Fn(Notice),
) -> Result<u8> {
    let events = Events::start()?;
    let policy = match watch {
        Some(w) => {
            let seen = watch::digest(sealed);
            watch::start(path.to_path_buf(), w.interval, seen, events.sender.clone());
            Policy {
                on_change: w.on_change,
                stop_timeout: w.stop_timeout,
            }
        }
        None => Policy {
            on_change: OnChange::Restart,
            stop_timeout: Duration::ZERO,
        },
    };
    supervise::supervise(launcher, &events, &policy, notify)
}

/// The sealed file's own name, or `secret.<ext>` when the output format differs.
fn default_name(sealed: &Path, input: Format, output: Format) -> String {
    let own = sealed.file_name().map(|n| n.to_string_lossy().into_owned());
    match (own, input == output) {
        (Some(name), true) => name,
        _ => match output {
            Format::Yaml => "secret.yaml",
            Format::Json => "secret.json",
            Format::Dotenv => "secret.env",
            Format::Ini => "secret.ini",
            Format::Binary => "secret",
        }
        .to_string(),
    }
}

struct EnvLauncher<'a> {
    source: &'a Source<'a>,
    command: &'a ChildCommand,
    env: ChildEnv,
    vars: Vec<EnvVar>,
}

impl EnvLauncher<'_> {
    fn command(&self) -> Command {
        let mut cmd = self.command.to_command(self.env);
        for v in &self.vars {
            cmd.env(&v.name, OsStr::from_bytes(&v.value));
        }
        cmd
    }

    /// Becomes the command (`execve`); returns only the error if that fails.
    fn exec_in_place(&self) -> Error {
        use std::os::unix::process::CommandExt;
        spawn_failed(self.command, self.command().exec())
    }
}

impl Launcher for EnvLauncher<'_> {
    fn spawn(&mut self) -> Result<Child> {
        self.command()
            .spawn()
            .map_err(|e| spawn_failed(self.command, e))
    }

    fn reload(&mut self, sealed: &[u8]) -> Result<()> {
        self.vars = self.source.env_vars(sealed)?;
        Ok(())
    }
}

struct FileLauncher<'a> {
    source: &'a Source<'a>,
    format: Format,
    /// The command with `{}` already replaced.
    command: ChildCommand,
    env: ChildEnv,
    delivery: Delivery,
}

impl Launcher for FileLauncher<'_> {
    fn spawn(&mut self) -> Result<Child> {
        self.command
            .to_command(self.env)
            .spawn()
            .map_err(|e| spawn_failed(&self.command, e))
    }

    fn reload(&mut self, sealed: &[u8]) -> Result<()> {
        let content = self.source.file_content(sealed, self.format)?;
        self.delivery.replace(content)
    }
}

fn spawn_failed(command: &ChildCommand, source: std::io::Error) -> Error {
    let program = command.program();
    match source.kind() {
        std::io::ErrorKind::NotFound => Error::CommandNotFound { program },
        _ => Error::CommandNotRunnable { program, source },
    }
}

/// Shell syntax that makes a single command argument a sops-style command line.
const SHELL_SYNTAX: &[char] = &[
    '$', ';', '|', '&', '<', '>', '(', ')', '`', '\'', '"', '\\', '*', '?',
];

impl ChildCommand {
    /// The words after `--`. A single word with whitespace or shell syntax is a command line
    /// for `/bin/sh -c`, as sops takes it (`hush exec-env s.yaml 'echo $A'`); anything else is
    /// run directly.
    pub fn from_args(mut args: Vec<OsString>) -> ChildCommand {
        let shell_line = args.len() == 1
            && args[0]
                .to_string_lossy()
                .contains(|c: char| c.is_whitespace() || SHELL_SYNTAX.contains(&c));
        match (shell_line, args.pop()) {
            (true, Some(line)) => ChildCommand::Shell(line),
            (_, last) => {
                args.extend(last);
                ChildCommand::Argv(args)
            }
        }
    }

    fn words(&self) -> &[OsString] {
        match self {
            ChildCommand::Argv(words) => words,
            ChildCommand::Shell(line) => std::slice::from_ref(line),
        }
    }

    fn program(&self) -> String {
        match self {
            ChildCommand::Argv(words) => words
                .first()
                .map(|w| w.to_string_lossy().into_owned())
                .unwrap_or_default(),
            ChildCommand::Shell(_) => "/bin/sh".into(),
        }
    }

    fn has_placeholder(&self) -> bool {
        self.words()
            .iter()
            .any(|w| w.as_bytes().windows(2).any(|p| p == b"{}"))
    }

    /// Replaces every `{}` with `path` (shell-quoted in a command line).
    fn with_path(&self, path: &Path) -> ChildCommand {
        match self {
            ChildCommand::Argv(words) => ChildCommand::Argv(
                words
                    .iter()
                    .map(|w| replace(w, path.as_os_str().as_bytes()))
                    .collect(),
            ),
            ChildCommand::Shell(line) => {
                let quoted = shell_words::quote(&path.to_string_lossy()).into_owned();
                ChildCommand::Shell(replace(line, quoted.as_bytes()))
            }
        }
    }

    fn to_command(&self, env: ChildEnv) -> Command {
        let mut cmd = match self {
            ChildCommand::Shell(line) => {
                let mut c = Command::new("/bin/sh");
                c.arg("-c").arg(line);
                c
            }
            ChildCommand::Argv(words) => {
                let mut c = Command::new(words.first().map_or(OsStr::new(""), |w| w.as_os_str()));
                c.args(words.iter().skip(1));
                c
            }
        };
        if env.pristine {
            cmd.env_clear();
        } else if !env.keep_identity_env {
            for name in IDENTITY_ENV_VARS {
                cmd.env_remove(name);
            }
        }
        cmd
    }
}

fn replace(word: &OsStr, with: &[u8]) -> OsString {
    let bytes = word.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i..].starts_with(b"{}") {
            out.extend_from_slice(with);
            i += 2;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    OsString::from_vec(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(w: &[&str]) -> Vec<OsString> {
        w.iter().map(OsString::from).collect()
    }

    #[test]
    fn a_single_word_with_shell_syntax_is_a_command_line() {
        assert_eq!(
            ChildCommand::from_args(words(&["echo $A"])),
            ChildCommand::Shell("echo $A".into())
        );
        assert_eq!(
            ChildCommand::from_args(words(&["env"])),
            ChildCommand::Argv(words(&["env"]))
        );
        assert_eq!(
            ChildCommand::from_args(words(&["printf", "%s $A"])),
            ChildCommand::Argv(words(&["printf", "%s $A"]))
        );
    }

    #[test]
    fn placeholders_are_replaced_everywhere_and_quoted_for_the_shell() {
        let cmd = ChildCommand::Argv(words(&["app", "--config={}", "{}"]));
        assert!(cmd.has_placeholder());
        assert_eq!(
            cmd.with_path(Path::new("/proc/1/fd/3")),
            ChildCommand::Argv(words(&["app", "--config=/proc/1/fd/3", "/proc/1/fd/3"]))
        );
        let line = ChildCommand::Shell("cat {}".into());
        assert_eq!(
            line.with_path(Path::new("/tmp/a b/s")),
            ChildCommand::Shell("cat '/tmp/a b/s'".into())
        );
        assert!(!ChildCommand::Argv(words(&["cat"])).has_placeholder());
    }
}
