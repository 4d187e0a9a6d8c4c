//! Every command and flag, defined once. Help text, man pages and shell completions are all
//! generated from these definitions.

use std::ffi::OsString;
use std::path::PathBuf;
use std::time::Duration;

use clap::{ArgGroup, Args, Parser, Subcommand, ValueEnum};

use crate::document::Format;

pub use super::k8s_args::K8sCommand;
pub use super::rotation_args::{AuditCommand, RollbackArgs, RotateArgs, SecretCommand};

#[derive(Debug, Parser)]
#[command(
    name = "hush",
    version,
    about = "Seal, lint and rotate secrets in repositories that ship containers and Kubernetes manifests",
    long_about = "hush seals secret files in the sops file format (sops opens what hush writes and hush opens \
                  what sops writes) while keeping their formatting, so edits produce minimal diffs.",
    propagate_version = true,
    max_term_width = 100
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

// Parsed once per run, so the size of the largest variant does not matter.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Seal a file: encrypt its values for the given recipients (sops format)
    Encrypt(EncryptArgs),
    /// Open a sealed file and print (or write) the plaintext
    Decrypt(DecryptArgs),
    /// Edit a sealed file in your editor; only changed values get new ciphertext
    Edit(EditArgs),
    /// Set one value of a sealed file (in place), creating missing keys
    Set(SetArgs),
    /// Remove one key or list item from a sealed file (in place)
    Unset(UnsetArgs),
    /// Report whether files are sealed, for whom, and whether their MAC verifies
    Status(StatusArgs),
    /// Make sealed files' recipients match their creation rules (same data key and values)
    Updatekeys(UpdatekeysArgs),
    /// Give sealed files a new data key and re-encrypt every value (sops `rotate`)
    Rekey(RekeyArgs),
    /// Add or delete key groups of a sealed file (the data key is re-split across them)
    Groups(GroupsArgs),
    /// Run a command with the decrypted values as its environment variables
    #[cfg(unix)]
    ExecEnv(ExecEnvArgs),
    /// Run a command with the decrypted file at a path that lives in memory (`{}`)
    #[cfg(unix)]
    ExecFile(ExecFileArgs),
    /// git integration: show sealed files decrypted in diffs and merge them value by value
    #[command(subcommand)]
    Git(GitCommand),
    /// Set a repository up: find or create your identity and write its creation rules
    Init(InitArgs),
    /// Create a new age identity and print its public key
    Keygen(KeygenArgs),
    /// Versioned secrets: put, get and list versions (local store by default)
    #[command(subcommand)]
    Secret(SecretCommand),
    /// Replace secrets with freshly generated versions (stage, then promote with check-and-set)
    Rotate(RotateArgs),
    /// Make an earlier version of a secret current again (newer versions are kept)
    Rollback(RollbackArgs),
    /// The audit log of secret operations
    #[command(subcommand)]
    Audit(AuditCommand),
    /// Find plaintext secrets in files, staged changes or git history (exit 1 when found)
    Lint(LintArgs),
    /// Kubernetes: EncryptionConfiguration, kube-apiserver's etcd value format, etcd audit
    #[command(subcommand)]
    K8s(K8sCommand),
    /// A self-contained tour: make a throw-away identity, seal a sample Secret, open it
    Quickstart,
}

/// The file formats accepted by --input-type/--output-type.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum FormatArg {
    Yaml,
    Json,
    Dotenv,
    Ini,
    Binary,
}

impl From<FormatArg> for Format {
    fn from(f: FormatArg) -> Format {
        match f {
            FormatArg::Yaml => Format::Yaml,
            FormatArg::Json => Format::Json,
            FormatArg::Dotenv => Format::Dotenv,
            FormatArg::Ini => Format::Ini,
            FormatArg::Binary => Format::Binary,
        }
    }
}

/// Input and output selection shared by encrypt and decrypt.
#[derive(Debug, Args)]
pub struct IoArgs {
    /// The file to read, or `-` for standard input
    #[arg(value_name = "FILE")]
    pub file: String,
    /// Read the input as this format instead of guessing from the extension
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub input_type: Option<FormatArg>,
    /// Write the output in this format (default: the input's)
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub output_type: Option<FormatArg>,
    /// Replace the input file (atomically) instead of printing
    #[arg(short = 'i', long, conflicts_with = "output")]
    pub in_place: bool,
    /// Write to this file (atomically) instead of printing
    #[arg(short = 'o', long, value_name = "OUT")]
    pub output: Option<PathBuf>,
}

/// Recipients of every kind; each value may be a comma-separated list, each flag repeated.
#[derive(Debug, Args)]
pub struct RecipientArgs {
    /// age recipients (age1…) or SSH public keys
    #[arg(short = 'a', long = "age", value_name = "RECIPIENTS")]
    pub age: Vec<String>,
    /// AWS KMS key ARNs; `ARN+ROLE_ARN` assumes that role first
    #[arg(short = 'k', long = "kms", value_name = "ARNS")]
    pub kms: Vec<String>,
    /// Encryption context for the --kms keys
    #[arg(long, value_name = "KEY:VALUE,...")]
    pub encryption_context: Option<String>,
    /// AWS profile for the --kms keys (default: the SDK's default chain)
    #[arg(long, value_name = "PROFILE")]
    pub aws_profile: Option<String>,
    /// GCP KMS key resource IDs (projects/P/locations/L/keyRings/R/cryptoKeys/K)
    #[arg(long = "gcp-kms", value_name = "RESOURCE_IDS")]
    pub gcp_kms: Vec<String>,
    /// Azure Key Vault key URLs (https://VAULT.vault.azure.net/keys/NAME[/VERSION])
    #[arg(long = "azure-kv", value_name = "URLS")]
    pub azure_kv: Vec<String>,
    /// Vault/OpenBao Transit key URIs (https://HOST:PORT/v1/transit/keys/NAME)
    #[arg(long = "hc-vault-transit", value_name = "URIS")]
    pub hc_vault_transit: Vec<String>,
}

#[derive(Debug, Args)]
#[command(group(ArgGroup::new("rule").multiple(false)))]
#[command(
    mut_arg("age", |a| a.env("SOPS_AGE_RECIPIENTS")),
    mut_arg("kms", |a| a.env("SOPS_KMS_ARN")),
    mut_arg("gcp_kms", |a| a.env("SOPS_GCP_KMS_IDS")),
    mut_arg("azure_kv", |a| a.env("SOPS_AZURE_KEYVAULT_URLS")),
    mut_arg("hc_vault_transit", |a| a.env("SOPS_VAULT_URIS"))
)]
pub struct EncryptArgs {
    #[command(flatten)]
    pub recipients: RecipientArgs,
    /// A further key group: KIND=VALUE,... with KIND age, kms, gcp-kms, azure-kv or
    /// hc-vault-transit (the recipient flags above form the first group); repeatable
    #[arg(long = "key-group", value_name = "KIND=VALUE,...")]
    pub key_group: Vec<String>,
    /// Encrypt only values under keys matching this regex
    #[arg(long, group = "rule", value_name = "REGEX")]
    pub encrypted_regex: Option<String>,
    /// Leave values under keys matching this regex in clear
    #[arg(long, group = "rule", value_name = "REGEX")]
    pub unencrypted_regex: Option<String>,
    /// Encrypt only values under keys ending with this suffix
    #[arg(long, group = "rule", value_name = "SUFFIX")]
    pub encrypted_suffix: Option<String>,
    /// Leave values under keys ending with this suffix in clear (default `_unencrypted`)
    #[arg(long, group = "rule", value_name = "SUFFIX")]
    pub unencrypted_suffix: Option<String>,
    /// Encrypt only values after a comment matching this regex
    #[arg(long, group = "rule", value_name = "REGEX")]
    pub encrypted_comment_regex: Option<String>,
    /// Leave values after a comment matching this regex in clear
    #[arg(long, group = "rule", value_name = "REGEX")]
    pub unencrypted_comment_regex: Option<String>,
    /// Authenticate only the encrypted values, so clear values can be edited without keys
    #[arg(long)]
    pub mac_only_encrypted: bool,
    /// Seal under the data key, recipients and rule of OLD, an earlier sealed version of
    /// FILE: values unchanged since OLD keep their ciphertext, so diffs stay small
    #[arg(
        long,
        value_name = "OLD",
        conflicts_with_all = ["rule", "mac_only_encrypted"]
    )]
    pub reuse: Option<PathBuf>,
    /// With several key groups, how many are needed to open the file (default: all)
    #[arg(
        long,
        value_name = "N",
        alias = "shamir-secret-sharing-threshold",
        value_parser = clap::value_parser!(u8).range(1..)
    )]
    pub shamir_threshold: Option<u8>,
    #[command(flatten)]
    pub config: ConfigArgs,
    #[command(flatten)]
    pub io: IoArgs,
}

/// Where creation rules come from; shared by every command that uses them.
#[derive(Debug, Args)]
pub struct ConfigArgs {
    /// Use this creation-rules file instead of the nearest .hush.yaml or .sops.yaml above
    /// the file (also $HUSH_CONFIG, then $SOPS_CONFIG)
    #[arg(long = "config", value_name = "CONFIG")]
    pub config: Option<PathBuf>,
}

/// Files and directories for the bulk commands.
#[derive(Debug, Args)]
pub struct PathsArgs {
    /// Sealed files, or directories to search recursively for sealed files (.gitignore is
    /// honoured; files that are not sealed are skipped)
    #[arg(value_name = "PATH", required = true)]
    pub paths: Vec<PathBuf>,
}

#[derive(Debug, Args)]
pub struct UpdatekeysArgs {
    /// Apply the changes without asking (needed when not on a terminal)
    #[arg(short = 'y', long = "yes")]
    pub yes: bool,
    #[command(flatten)]
    pub config: ConfigArgs,
    #[command(flatten)]
    pub paths: PathsArgs,
}

#[derive(Debug, Args)]
pub struct RekeyArgs {
    /// Also seal for these age recipients or SSH public keys (comma-separated; repeatable);
    /// they join the first key group
    #[arg(long = "add-age", value_name = "RECIPIENTS")]
    pub add_age: Vec<String>,
    /// Stop sealing for these age recipients (comma-separated; repeatable), in every group
    #[arg(long = "rm-age", value_name = "RECIPIENTS")]
    pub rm_age: Vec<String>,
    #[command(flatten)]
    pub paths: PathsArgs,
}

#[derive(Debug, Args)]
pub struct DecryptArgs {
    /// Print only the value at this path, e.g. '["data"]["password"]' or '["list"][0]'
    #[arg(long, value_name = "PATH")]
    pub extract: Option<String>,
    /// Skip the MAC check (only when you trust every value in the file)
    #[arg(long)]
    pub ignore_mac: bool,
    #[command(flatten)]
    pub io: IoArgs,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum StatusFormat {
    Text,
    Json,
}

#[derive(Debug, Args)]
pub struct StatusArgs {
    /// Files to inspect
    #[arg(value_name = "FILE", required = true)]
    pub files: Vec<PathBuf>,
    /// Output format
    #[arg(long, value_enum, default_value = "text")]
    pub format: StatusFormat,
    /// Treat the files as this format instead of guessing from the extension
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub input_type: Option<FormatArg>,
}

#[derive(Debug, Args)]
pub struct KeygenArgs {
    /// Write the identity to this file (mode 0600; refuses to overwrite)
    #[arg(short = 'o', long, value_name = "FILE", conflicts_with = "keyring")]
    pub output: Option<PathBuf>,
    /// Store the identity in the OS keyring instead of a file
    #[arg(long)]
    pub keyring: bool,
}

#[derive(Debug, Args)]
#[command(group(ArgGroup::new("own_identity").multiple(false)))]
pub struct InitArgs {
    /// Ask nothing: use the flags and defaults (implied when there is no terminal)
    #[arg(short = 'y', long)]
    pub yes: bool,
    /// Create a new identity in this file (default when none is found:
    /// ~/.config/sops/age/keys.txt)
    #[arg(long, value_name = "FILE", group = "own_identity")]
    pub identity_file: Option<PathBuf>,
    /// Create a new identity in the OS keyring
    #[arg(long, group = "own_identity")]
    pub keyring: bool,
    /// Use no identity of your own: seal only for the --age recipients
    #[arg(long, group = "own_identity")]
    pub no_identity: bool,
    /// Teammates' recipients (age1… or SSH public keys), comma-separated; repeatable
    #[arg(short = 'a', long = "age", value_name = "RECIPIENTS")]
    pub age: Vec<String>,
    /// The files the rule covers, as a regex on their path (default: every file)
    #[arg(long, value_name = "REGEX")]
    pub path_regex: Option<String>,
    /// Seal only values under keys matching this regex (default: hush's per-file defaults)
    #[arg(long, value_name = "REGEX")]
    pub encrypted_regex: Option<String>,
    /// Write .sops.yaml instead of .hush.yaml, for teams that also use sops
    #[arg(long)]
    pub sops_config: bool,
    /// Replace an existing .hush.yaml/.sops.yaml
    #[arg(long)]
    pub force: bool,
    /// Also set git up to diff and merge sealed files through hush (`hush git setup`)
    #[arg(long)]
    pub git_drivers: bool,
    /// Also write .pre-commit-config.yaml with a hook that runs `hush lint` on the files
    /// being committed
    #[arg(long)]
    pub pre_commit: bool,
    /// The repository (default: the git repository around the current directory)
    #[arg(long, value_name = "DIR")]
    pub dir: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum GitCommand {
    /// Configure git to diff and merge sealed files through hush (.gitattributes, git config)
    #[command(
        long_about = "Configure git to diff and merge sealed files through hush: appends \
                      `PATTERN diff=hush merge=hush` lines to the top-level .gitattributes and sets \
                      diff.hush.textconv, diff.hush.cachetextconv=false, merge.hush.name and \
                      merge.hush.driver with `git config`. Running it again changes nothing. \
                      cachetextconv stays off because git would store the decrypted text in its \
                      object database (refs/notes/textconv/hush)."
    )]
    Setup(GitSetupArgs),
    /// Print a sealed file decrypted, for `git diff` (unchanged when it cannot be decrypted)
    Textconv(GitTextconvArgs),
    /// Merge three versions of a sealed file value by value (run by git as a merge driver)
    #[command(
        long_about = "Merge three versions of a sealed file value by value; git runs this as \
                      `hush git merge-driver %O %A %B %P`. The result replaces OURS. Recipients \
                      (key groups) merge three-way: when only one side changed them, the result \
                      is sealed under that side's recipients and data key; with the same \
                      recipients, under the data key of the side that rekeyed (ours when both \
                      did). Values both sides changed differently are replaced by their two \
                      versions between `<<<<<<< ours` and `>>>>>>> theirs` markers (encrypted \
                      like any value), their key paths are listed on stderr and the exit code is \
                      1, so git reports a conflict. When a version cannot be decrypted, or both \
                      sides changed the recipients differently (or one rekeyed while the other \
                      changed the recipients under the old data key), nothing is written and the \
                      exit code is non-zero."
    )]
    MergeDriver(GitMergeDriverArgs),
}

#[derive(Debug, Args)]
pub struct GitSetupArgs {
    /// Give this gitattributes pattern the hush drivers (repeatable; default: *.enc.*,
    /// *.sops.* and *.sops)
    #[arg(long = "pattern", value_name = "GLOB")]
    pub patterns: Vec<String>,
    /// Write to the global git config and attributes file instead of the repository's
    #[arg(long)]
    pub global: bool,
    /// Make git run this hush binary by its absolute path instead of `hush` from PATH
    #[arg(long)]
    pub absolute: bool,
    /// Print what would change without changing anything
    #[arg(long)]
    pub dry_run: bool,
}

#[derive(Debug, Args)]
pub struct GitTextconvArgs {
    /// The file git hands over (a temporary copy named after the real file)
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// Read the file as this format instead of guessing from the extension
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub input_type: Option<FormatArg>,
}

#[derive(Debug, Args)]
pub struct GitMergeDriverArgs {
    /// The common ancestor's version (%O)
    #[arg(value_name = "BASE")]
    pub base: PathBuf,
    /// Our version (%A); replaced by the merge result
    #[arg(value_name = "OURS")]
    pub ours: PathBuf,
    /// Their version (%B)
    #[arg(value_name = "THEIRS")]
    pub theirs: PathBuf,
    /// The file's path in the repository (%P): picks the format and names it in messages
    #[arg(value_name = "PATH")]
    pub path: PathBuf,
    /// Read the files as this format instead of guessing from PATH's extension
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub input_type: Option<FormatArg>,
}

/// What `exec-env` and `exec-file` share: the sealed file, the command, `--watch`.
#[cfg(unix)]
#[derive(Debug, Args)]
pub struct ExecArgs {
    /// The sealed file
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// The command and its arguments, after `--` (a single argument with shell syntax runs
    /// through /bin/sh -c, as sops takes it)
    #[arg(
        value_name = "COMMAND",
        required = true,
        num_args = 1..,
        trailing_var_arg = true,
        allow_hyphen_values = true
    )]
    pub command: Vec<OsString>,
    /// Read FILE as this format instead of guessing from the extension
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub input_type: Option<FormatArg>,
    /// Use only the part of the file at this path, e.g. '["stringData"]'
    #[arg(long, value_name = "PATH")]
    pub extract: Option<String>,
    /// Skip the MAC check (only when you trust every value in the file)
    #[arg(long)]
    pub ignore_mac: bool,
    /// Give the command only the decrypted values, not hush's own environment
    #[arg(long)]
    pub pristine: bool,
    /// Also pass hush's identity variables (SOPS_AGE_KEY, SOPS_AGE_KEY_FILE,
    /// HUSH_AGE_PASSPHRASE, …) to the command; they are removed by default
    #[arg(long, conflicts_with = "pristine")]
    pub keep_identity_env: bool,
    /// Watch FILE and hand each new version to the running command (see --on-change)
    #[arg(long)]
    pub watch: bool,
    /// How often --watch looks at FILE (e.g. 500ms, 2s)
    #[arg(long, value_name = "DURATION", default_value = "1s", value_parser = humantime::parse_duration, requires = "watch")]
    pub watch_interval: Duration,
    /// What --watch does with a new version: `restart` (SIGTERM, wait, start again; the
    /// default) or `signal:NAME` (exec-file: replace the content, then send e.g. SIGHUP)
    #[arg(long, value_name = "ACTION", value_parser = crate::ops::exec::OnChange::parse, requires = "watch")]
    pub on_change: Option<crate::ops::exec::OnChange>,
    /// How long a restart waits after SIGTERM before it sends SIGKILL
    #[arg(long, value_name = "DURATION", default_value = "10s", value_parser = humantime::parse_duration)]
    pub stop_timeout: Duration,
    /// Write hush's process id to this file while the command runs (removed at exit); a
    /// signal sent to it (e.g. by an on_rotate `signal:` action) is passed to the command
    #[arg(long, value_name = "FILE")]
    pub pid_file: Option<PathBuf>,
}

#[cfg(unix)]
#[derive(Debug, Args)]
pub struct ExecEnvArgs {
    /// Replace hush with the command (keeps the process id; no signal relay, no --watch)
    #[arg(long, conflicts_with = "watch")]
    pub same_process: bool,
    #[command(flatten)]
    pub exec: ExecArgs,
}

#[cfg(unix)]
#[derive(Debug, Args)]
pub struct ExecFileArgs {
    /// Write the content for the command in this format (default: the input's)
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub output_type: Option<FormatArg>,
    /// Serve the content through a FIFO (readable once per version) instead of a memfd
    #[arg(long)]
    pub fifo: bool,
    /// Accepted for sops compatibility: the memfd default never writes a file either
    #[arg(long, hide = true, conflicts_with = "fifo")]
    pub no_fifo: bool,
    /// The file name the command sees (a FIFO's name, or a link to the memfd), e.g. app.yaml
    #[arg(long, value_name = "NAME")]
    pub filename: Option<String>,
    #[command(flatten)]
    pub exec: ExecArgs,
}

/// Options shared by the commands that change a sealed file in place.
#[derive(Debug, Args)]
pub struct SealedFileArgs {
    /// The sealed file
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// Read the file as this format instead of guessing from the extension
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub input_type: Option<FormatArg>,
}

#[derive(Debug, Args)]
pub struct EditArgs {
    #[command(flatten)]
    pub target: SealedFileArgs,
    /// For a new file: seal it for these age recipients or SSH public keys (comma-separated;
    /// repeatable) instead of its creation rule's
    #[arg(short = 'a', long = "age", value_name = "RECIPIENTS")]
    pub age: Vec<String>,
    #[command(flatten)]
    pub config: ConfigArgs,
}

#[derive(Debug, Args)]
#[command(group(
    ArgGroup::new("source")
        .args(["value", "value_stdin", "value_file"])
        .required(true)
        .multiple(false)
))]
pub struct SetArgs {
    #[command(flatten)]
    pub target: SealedFileArgs,
    /// Where, as a sops path: '["data"]["password"]', '["list"][0]'
    #[arg(value_name = "PATH")]
    pub path: String,
    /// The value as JSON, as sops reads it: '"text"', 42, true, '{"k": "v"}' (with
    /// --string: any text, stored as it is)
    #[arg(value_name = "VALUE")]
    pub value: Option<String>,
    /// Read the value from standard input (keeps it out of the process list)
    #[arg(long)]
    pub value_stdin: bool,
    /// Read the value from this file (keeps it out of the process list)
    #[arg(long, value_name = "F")]
    pub value_file: Option<PathBuf>,
    /// Store the value as a string exactly as given, instead of reading it as JSON
    #[arg(long)]
    pub string: bool,
    /// Accepted for sops compatibility: hush never rewrites a file whose value is already set
    #[arg(long)]
    pub idempotent: bool,
}

#[derive(Debug, Args)]
pub struct UnsetArgs {
    #[command(flatten)]
    pub target: SealedFileArgs,
    /// What to remove, as a sops path: '["data"]["password"]', '["list"][0]'
    #[arg(value_name = "PATH")]
    pub path: String,
    /// Succeed without changing anything when the path does not exist
    #[arg(long)]
    pub idempotent: bool,
}

#[derive(Debug, Args)]
pub struct GroupsArgs {
    #[command(subcommand)]
    pub command: GroupsCommand,
}

#[derive(Debug, Subcommand)]
pub enum GroupsCommand {
    /// Add a key group made of the given recipients
    Add(GroupsAddArgs),
    /// Delete the key group at INDEX (counted from 0, as sops does)
    Delete(GroupsDeleteArgs),
}

/// Where `groups add`/`groups delete` read and write.
#[derive(Debug, Args)]
pub struct GroupsFileArgs {
    /// The sealed file
    #[arg(short = 'f', long, value_name = "FILE")]
    pub file: PathBuf,
    /// Replace the file (atomically) instead of printing the result
    #[arg(short = 'i', long)]
    pub in_place: bool,
    /// Treat the file as this format instead of guessing from the extension
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub input_type: Option<FormatArg>,
    /// How many key groups are needed to decrypt afterwards (default: unchanged)
    #[arg(long, alias = "shamir-secret-sharing-threshold", value_name = "N")]
    pub shamir_threshold: Option<usize>,
}

#[derive(Debug, Args)]
pub struct GroupsAddArgs {
    #[command(flatten)]
    pub target: GroupsFileArgs,
    #[command(flatten)]
    pub recipients: RecipientArgs,
}

#[derive(Debug, Args)]
pub struct GroupsDeleteArgs {
    #[command(flatten)]
    pub target: GroupsFileArgs,
    /// The group's position in the file's `key_groups`, from 0
    #[arg(value_name = "INDEX")]
    pub index: usize,
}

/// Output formats of `hush lint`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum LintFormat {
    Text,
    Json,
    Sarif,
}

#[derive(Debug, Args)]
#[command(
    after_help = "Exit status: 0 no findings, 1 findings, 2 usage or I/O error. A file or directory that \
                  cannot be read is named on stderr with the OS error, and the status is 2 even when \
                  findings were reported too (the scan was incomplete)."
)]
pub struct LintArgs {
    /// Files or directories to scan (default: the current directory); with --staged or
    /// --git-history, pathspecs that limit the scan
    #[arg(value_name = "PATH")]
    pub paths: Vec<String>,
    /// Output format
    #[arg(long, value_enum, default_value = "text", value_name = "FORMAT")]
    pub format: LintFormat,
    /// Scan what is about to be committed (the index content of staged files)
    #[arg(long, conflicts_with = "git_history")]
    pub staged: bool,
    /// Scan the lines added by past commits (reachable from HEAD)
    #[arg(long)]
    pub git_history: bool,
    /// With --git-history: only commits after this revision (REV..HEAD)
    #[arg(long, value_name = "REV", requires = "git_history")]
    pub since: Option<String>,
    /// Do not report findings whose fingerprints are in this baseline file (fingerprints
    /// cover the path from the repository root, so any directory and spelling matches)
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
    /// Write the current findings' fingerprints to this baseline file and exit 0 (2 if a
    /// path could not be read); refused with --baseline, since a new baseline records every
    /// current finding
    #[arg(long, value_name = "FILE", conflicts_with = "baseline")]
    pub write_baseline: Option<PathBuf>,
    /// Read the `lint:` settings from this file instead of the nearest .hush.yaml
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Never show the progress line (it is shown only on a terminal)
    #[arg(long)]
    pub no_progress: bool,
    /// Also list files that were skipped (binary, too large) and why; unreadable files are
    /// always reported, on stderr
    #[arg(short, long)]
    pub verbose: bool,
    /// Skip files larger than this many bytes
    #[arg(long, value_name = "BYTES", default_value_t = crate::lint::DEFAULT_MAX_FILE_SIZE)]
    pub max_file_size: u64,
}
