//! Clap definitions of the secret commands: `hush secret put|get|versions`, `hush rotate`,
//! `hush rollback` and `hush audit verify`.

use std::path::PathBuf;

use clap::{ArgGroup, Args, Subcommand, ValueEnum};

use super::args::ConfigArgs;

/// Where secrets and the audit log live; shared by the secret commands.
#[derive(Debug, Args)]
pub struct StoreArgs {
    /// The local store directory (default: .hush/secrets at the repository root, else in
    /// the current directory)
    #[arg(long = "store", value_name = "DIR", env = "HUSH_STORE")]
    pub store: Option<PathBuf>,
    /// The audit log (default: $XDG_DATA_HOME/hush/audit.log)
    #[arg(long = "log", value_name = "FILE", env = "HUSH_AUDIT_LOG")]
    pub log: Option<PathBuf>,
    /// etcd client URLs for etcd:/KEY references, comma-separated
    #[arg(
        long = "etcd-endpoints",
        value_name = "URL[,URL]",
        env = "HUSH_ETCD_ENDPOINTS",
        value_delimiter = ','
    )]
    pub etcd_endpoints: Vec<String>,
    #[command(flatten)]
    pub config: ConfigArgs,
}

#[derive(Debug, Subcommand)]
pub enum SecretCommand {
    /// Write a new current version of a secret (creating it)
    Put(SecretPutArgs),
    /// Print a secret's value (current or --version) on standard output, nothing else
    Get(SecretGetArgs),
    /// List a secret's versions
    Versions(SecretVersionsArgs),
    /// Remove old versions of a local: secret for good (never the current or a staged one)
    Prune(SecretPruneArgs),
}

#[derive(Debug, Args)]
#[command(group(ArgGroup::new("source").required(true).args(["value_stdin", "value_file", "generate"])))]
pub struct SecretPutArgs {
    /// Secret reference (local:NAME or NAME, vault:MOUNT/PATH#FIELD, ...)
    #[arg(value_name = "REF")]
    pub reference: String,
    /// Read the value from standard input (taken as is, trailing newline included)
    #[arg(long = "value-stdin")]
    pub value_stdin: bool,
    /// Read the value from this file
    #[arg(long = "value-file", value_name = "FILE")]
    pub value_file: Option<PathBuf>,
    /// Generate the value: password:LEN[:CLASSES], hex:BYTES, base64:BYTES, uuid,
    /// age-identity, ed25519 (an OpenSSH private key) or command:CMD (its standard output)
    #[arg(long = "generate", value_name = "SPEC")]
    pub generate: Option<String>,
    #[command(flatten)]
    pub store: StoreArgs,
}

#[derive(Debug, Args)]
#[command(disable_version_flag = true)]
pub struct SecretGetArgs {
    /// Secret reference (local:NAME or NAME, vault:MOUNT/PATH#FIELD, ...)
    #[arg(value_name = "REF")]
    pub reference: String,
    /// This version instead of the current one
    #[arg(long = "version", value_name = "V")]
    pub version: Option<String>,
    /// Print the public half of a keypair value (ed25519: an OpenSSH public key line;
    /// age-identity: the age1... recipient) instead of the value
    #[arg(long = "public")]
    pub public: bool,
    #[command(flatten)]
    pub store: StoreArgs,
}

#[derive(Debug, Args)]
#[command(group(ArgGroup::new("rule").required(true).multiple(true).args(["keep", "older_than"])))]
pub struct SecretPruneArgs {
    /// Secret reference, local:NAME (or NAME); other backends keep every version and refuse
    #[arg(value_name = "REF")]
    pub reference: String,
    /// Keep the N newest versions (the current and staged ones are always kept)
    #[arg(long = "keep", value_name = "N")]
    pub keep: Option<usize>,
    /// Remove only versions created longer ago than this (e.g. 90d, 12h); with --keep,
    /// a version goes only when both allow it
    #[arg(long = "older-than", value_name = "DURATION", value_parser = humantime::parse_duration)]
    pub older_than: Option<std::time::Duration>,
    /// Only list the versions that would be removed
    #[arg(long = "dry-run")]
    pub dry_run: bool,
    #[command(flatten)]
    pub store: StoreArgs,
}

#[derive(Debug, Args)]
pub struct SecretVersionsArgs {
    /// Secret reference (local:NAME or NAME, vault:MOUNT/PATH#FIELD, ...)
    #[arg(value_name = "REF")]
    pub reference: String,
    /// Output format
    #[arg(long = "format", value_enum, default_value_t = VersionsFormat::Text)]
    pub format: VersionsFormat,
    #[command(flatten)]
    pub store: StoreArgs,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum VersionsFormat {
    Text,
    Json,
}

#[derive(Debug, Args)]
pub struct RotateArgs {
    /// The secrets to rotate (with --due: none, the policy's `secrets:` are taken)
    #[arg(
        value_name = "REF",
        required_unless_present = "due",
        conflicts_with = "due"
    )]
    pub references: Vec<String>,
    /// How to generate the new values (default: the policy's `generate`, else password:32)
    #[arg(long = "generate", value_name = "SPEC")]
    pub generate: Option<String>,
    /// Rotate every secret of the `secrets:` policy in .hush.yaml whose current version is
    /// older than its max_age; with --dry-run, list them and exit 86 when any is due
    #[arg(long = "due")]
    pub due: bool,
    /// Only report what would be rotated
    #[arg(long = "dry-run")]
    pub dry_run: bool,
    /// Stage the new version without making it current; the next `hush rotate` of the
    /// reference promotes it (stage, deploy and verify, then promote)
    #[arg(long = "stage-only", conflicts_with = "dry_run")]
    pub stage_only: bool,
    /// Do not rotate: run the policy's on_rotate actions again with the current value (after
    /// an action failed and was fixed)
    #[arg(long = "actions-only", conflicts_with_all = ["dry_run", "stage_only", "generate", "due"])]
    pub actions_only: bool,
    /// How many of the named secrets to rotate at once (default 8: rotation waits on the
    /// network, a few round trips per secret; 8 hides that latency while staying well under
    /// the request rates of cloud secret managers)
    #[arg(long = "jobs", short = 'j', value_name = "N", default_value_t = 8,
          value_parser = clap::value_parser!(u16).range(1..=256))]
    pub jobs: u16,
    #[command(flatten)]
    pub store: StoreArgs,
}

#[derive(Debug, Args)]
pub struct RollbackArgs {
    /// Secret reference (local:NAME or NAME, vault:MOUNT/PATH#FIELD, ...)
    #[arg(value_name = "REF")]
    pub reference: String,
    /// The version to make current (default: the one current before the current one)
    #[arg(long = "to", value_name = "V")]
    pub to: Option<String>,
    #[command(flatten)]
    pub store: StoreArgs,
}

#[derive(Debug, Subcommand)]
pub enum AuditCommand {
    /// Check the audit log's hash chain (exit 82 when a line was changed, removed or reordered)
    Verify(AuditVerifyArgs),
}

#[derive(Debug, Args)]
pub struct AuditVerifyArgs {
    /// The audit log (default: $XDG_DATA_HOME/hush/audit.log)
    #[arg(long = "log", value_name = "FILE", env = "HUSH_AUDIT_LOG")]
    pub log: Option<PathBuf>,
}
