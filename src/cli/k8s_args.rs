//! The `hush k8s` command group: clap definitions only.

use std::path::PathBuf;

use clap::{Args, Subcommand, ValueEnum};

#[derive(Debug, Subcommand)]
pub enum K8sCommand {
    /// Generate, validate and rotate kube-apiserver's EncryptionConfiguration
    #[command(subcommand)]
    EncryptionConfig(EncryptionConfigCommand),
    /// Encrypt a value (stdin) for etcd exactly as kube-apiserver stores it
    EncryptValue(ValueArgs),
    /// Decrypt an etcd value (stdin) as kube-apiserver reads it; raw bytes on stdout
    DecryptValue(ValueArgs),
    /// Report how every Secret (or other resource) is stored in etcd: plaintext or which key
    #[command(
        long_about = "Stream every key under <prefix>/<resource>/ from etcd (v3 API, paged at one \
                      revision) and classify each value as plaintext, <provider>:<keyname>, \
                      kms:<version>:<name> or unknown. With --config, also check that each value \
                      reads with that config's keys and flag values under a key no longer in it. \
                      Exit 0 when every value is encrypted (and readable), 74 when plaintext, \
                      unknown or unreadable values were found."
    )]
    EtcdAudit(EtcdAuditArgs),
    /// Print a kind: Secret manifest built from a sealed dotenv/YAML/JSON file
    Secret(SecretArgs),
}

#[derive(Debug, Subcommand)]
pub enum EncryptionConfigCommand {
    /// Write a new EncryptionConfiguration with fresh keys (mode 0600)
    Generate(GenerateArgs),
    /// Check a file against every rule kube-apiserver applies (and hush's warnings)
    Validate(ValidateArgs),
    /// Carry out one step of the upstream key rotation procedure on a file (sealed or not)
    #[command(
        long_about = "Carry out one step of the documented key rotation: `prepare` adds a new key \
                      second (every apiserver can read it), `promote` moves it first (new writes use \
                      it), `prune` removes the old key (only after every value was re-encrypted; \
                      --check-etcd proves it). Sealed files are changed in place and resealed: only \
                      the changed keys' lines change."
    )]
    Rotate(RotateArgs),
    /// Say which rotation step a file is at, the next commands, and its reload hash
    Status(ConfigStatusArgs),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ProviderArg {
    Aesgcm,
    Aescbc,
    Secretbox,
    Kms,
    Identity,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum K8sFormat {
    Text,
    Json,
}

#[derive(Debug, Args)]
pub struct GenerateArgs {
    /// The provider new writes use
    #[arg(long, value_enum)]
    pub provider: ProviderArg,
    /// Resources to encrypt, comma-separated (`secrets`, `configmaps`, `*.apps`, `*.*`)
    #[arg(long, value_delimiter = ',', default_value = "secrets")]
    pub resources: Vec<String>,
    /// The key's name (default: key-<UTC date>-<time>, which lets rotation tell keys apart)
    #[arg(long, value_name = "NAME")]
    pub key_name: Option<String>,
    /// kms: the plugin's name (unique, no ':')
    #[arg(long, value_name = "NAME")]
    pub kms_name: Option<String>,
    /// kms: the plugin's socket, unix:///path
    #[arg(long, value_name = "URL")]
    pub kms_endpoint: Option<String>,
    /// kms: how long kube-apiserver waits for the plugin
    #[arg(long, value_name = "DURATION", default_value = "3s")]
    pub kms_timeout: String,
    /// Append `identity: {}` so existing plaintext values stay readable during a migration
    #[arg(long)]
    pub allow_plaintext_reads: bool,
    /// Write to this file (atomically, mode 0600; .json writes JSON) instead of stdout
    #[arg(short = 'o', long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Seal the file with hush (only the key secrets are encrypted) for the --age recipients,
    /// or those of the creation rule for the -o file
    #[arg(long)]
    pub seal: bool,
    /// age recipients (age1…) or SSH public keys for --seal, comma-separated; repeatable
    #[arg(
        short = 'a',
        long = "age",
        value_name = "RECIPIENTS",
        env = "SOPS_AGE_RECIPIENTS"
    )]
    pub age: Vec<String>,
    #[command(flatten)]
    pub config: crate::cli::args::ConfigArgs,
}

#[derive(Debug, Args)]
pub struct ValidateArgs {
    /// The EncryptionConfiguration (YAML or JSON; sealed files are opened)
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// Fail on warnings too
    #[arg(long)]
    pub strict: bool,
    /// Validate as kube-apiserver does with --encryption-provider-config-automatic-reload=true
    #[arg(long)]
    pub reload: bool,
    /// Output format
    #[arg(long, value_enum, default_value = "text")]
    pub format: K8sFormat,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum StepArg {
    Prepare,
    Promote,
    Prune,
}

/// How to reach etcd (the TLS flags are etcdctl's).
#[derive(Debug, Args)]
pub struct EtcdConnArgs {
    /// Verify etcd's certificate with this CA bundle
    #[arg(long, value_name = "FILE")]
    pub cacert: Option<PathBuf>,
    /// Client certificate for etcd
    #[arg(long, value_name = "FILE", requires = "key")]
    pub cert: Option<PathBuf>,
    /// Client key for etcd
    #[arg(long, value_name = "FILE", requires = "cert")]
    pub key: Option<PathBuf>,
    /// kube-apiserver's --etcd-prefix
    #[arg(long, value_name = "PREFIX", default_value = "/registry")]
    pub prefix: String,
    /// Keys per etcd range request (memory holds one page; etcd 3.4 walks the rest of the
    /// range on every request, so fewer, larger pages are faster)
    #[arg(long, value_name = "N", default_value_t = 5000)]
    pub page_size: i64,
}

#[derive(Debug, Args)]
pub struct RotateArgs {
    /// The EncryptionConfiguration (changed in place)
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// The step to carry out
    #[arg(long, value_enum)]
    pub step: StepArg,
    /// prepare: the new key's name (default: key-<UTC date>-<time>)
    #[arg(long, value_name = "NAME")]
    pub key_name: Option<String>,
    /// promote/prune: the new key's name, when the names do not tell
    #[arg(long, value_name = "NAME")]
    pub new_key: Option<String>,
    /// prune: first check in etcd that no value is still under a key being removed
    #[arg(
        long,
        value_name = "URL[,URL]",
        value_delimiter = ',',
        conflicts_with = "skip_etcd_check"
    )]
    pub check_etcd: Vec<String>,
    /// prune: remove the old key without checking etcd (you re-encrypted and checked yourself)
    #[arg(long)]
    pub skip_etcd_check: bool,
    /// Print what would change and write nothing
    #[arg(long)]
    pub dry_run: bool,
    #[command(flatten)]
    pub etcd: EtcdConnArgs,
}

#[derive(Debug, Args)]
pub struct ConfigStatusArgs {
    /// The EncryptionConfiguration (sealed files are opened)
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// The new key's name, when the names do not tell
    #[arg(long, value_name = "NAME")]
    pub new_key: Option<String>,
    /// Output format
    #[arg(long, value_enum, default_value = "text")]
    pub format: K8sFormat,
}

#[derive(Debug, Args)]
pub struct ValueArgs {
    /// The EncryptionConfiguration whose providers to use (sealed files are opened)
    #[arg(long, value_name = "FILE")]
    pub config: PathBuf,
    /// The value's etcd key, e.g. /registry/secrets/default/db (aesgcm binds it)
    #[arg(long, value_name = "KEY")]
    pub etcd_key: String,
    /// The resource the key belongs to (default: from the key: `secrets`, or
    /// `<resource>.<group>` for /registry/<group>/<resource>/…)
    #[arg(long, value_name = "RESOURCE")]
    pub resource: Option<String>,
    /// kube-apiserver's --etcd-prefix
    #[arg(long, value_name = "PREFIX", default_value = "/registry")]
    pub prefix: String,
}

#[derive(Debug, Args)]
pub struct EtcdAuditArgs {
    /// etcd client URLs, comma-separated
    #[arg(long, value_name = "URL[,URL]", value_delimiter = ',', required = true)]
    pub endpoints: Vec<String>,
    /// Resources to audit, comma-separated (the path segment under the prefix; `*` for all)
    #[arg(long, value_delimiter = ',', default_value = "secrets")]
    pub resources: Vec<String>,
    /// Also check each value reads with this config and flag keys no longer in it
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Output format
    #[arg(long, value_enum, default_value = "text")]
    pub format: K8sFormat,
    #[command(flatten)]
    pub etcd: EtcdConnArgs,
}

#[derive(Debug, Args)]
pub struct SecretArgs {
    /// The sealed file (dotenv, YAML or JSON)
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// The Secret's name (default: the file name up to its first dot)
    #[arg(long, value_name = "NAME")]
    pub name: Option<String>,
    /// The Secret's namespace
    #[arg(long, value_name = "NS")]
    pub namespace: Option<String>,
    /// Name it <name>-<content hash> and make it immutable (a new Secret per change)
    #[arg(long)]
    pub immutable_versioned: bool,
    /// Read the file as this format instead of guessing from the extension
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub input_type: Option<super::args::FormatArg>,
}
