//! Every command and flag, defined once. Help text, man pages and shell completions are all
//! generated from these definitions.

use std::path::PathBuf;

use clap::{ArgGroup, Args, Parser, Subcommand, ValueEnum};

use crate::document::Format;

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

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Seal a file: encrypt its values for the given recipients (sops format)
    Encrypt(EncryptArgs),
    /// Open a sealed file and print (or write) the plaintext
    Decrypt(DecryptArgs),
    /// Report whether files are sealed, for whom, and whether their MAC verifies
    Status(StatusArgs),
    /// Create a new age identity and print its public key
    Keygen(KeygenArgs),
    /// A self-contained tour: make a throw-away identity, seal a sample Secret, open it
    Quickstart,
    /// Make sealed files' recipients match their creation rules (same data key and values)
    Updatekeys(UpdatekeysArgs),
    /// Give sealed files a new data key and re-encrypt every value (sops `rotate`)
    Rekey(RekeyArgs),
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

#[derive(Debug, Args)]
#[command(group(ArgGroup::new("rule").multiple(false)))]
pub struct EncryptArgs {
    /// age recipients (age1…) or SSH public keys, comma-separated; repeatable
    #[arg(
        short = 'a',
        long = "age",
        value_name = "RECIPIENTS",
        env = "SOPS_AGE_RECIPIENTS"
    )]
    pub age: Vec<String>,
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
