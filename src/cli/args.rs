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
    /// Set a repository up: find or create your identity and write its creation rules
    Init(InitArgs),
    /// Add or delete key groups of a sealed file (the data key is re-split across them)
    Groups(GroupsArgs),
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
    /// How many key groups are needed to decrypt (Shamir; default: all)
    #[arg(long, alias = "shamir-secret-sharing-threshold", value_name = "N")]
    pub shamir_threshold: Option<usize>,
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
    #[command(flatten)]
    pub io: IoArgs,
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
    /// The repository (default: the git repository around the current directory)
    #[arg(long, value_name = "DIR")]
    pub dir: Option<PathBuf>,
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
