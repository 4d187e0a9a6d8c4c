//! The library's typed error and the stable exit codes it maps to.
//!
//! Exit codes follow sops (`cmd/sops/codes/codes.go`) wherever sops has a code for the
//! same failure, so scripts written for sops keep working. The README documents them.

use std::path::PathBuf;

/// Stable process exit codes. Values match sops where the failure is the same.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u8)]
pub enum ExitCode {
    Generic = 1,
    CouldNotReadInput = 2,
    CouldNotWriteOutput = 3,
    ErrorDumpingTree = 4,
    InvalidSetFormat = 7,
    InvalidKmsEncryptionContext = 6,
    ConflictingParameters = 8,
    ErrorEncryptingTree = 23,
    ErrorDecryptingTree = 25,
    MacMismatch = 51,
    MacNotFound = 52,
    InvalidTreePath = 91,
    NeedAtLeastOneDocument = 92,
    FileNotFound = 100,
    NoEncryptionKey = 111,
    CouldNotRetrieveKey = 128,
    KeyboardInterrupt = 85,
    FileHasNotBeenModified = 200,
    NoEditorFound = 201,
    FileAlreadyEncrypted = 203,
    /// `exec-env`/`exec-file`: the command exists but cannot be run (as a shell reports).
    CommandNotExecutable = 126,
    /// `exec-env`/`exec-file`: the command was not found (as a shell reports).
    CommandNotFound = 127,
    ErrorReadingConfig = 5,
    ConfigFileNotFound = 61,
    /// `hush k8s`: an `EncryptionConfiguration` with errors (or warnings under `--strict`).
    K8sInvalidConfig = 70,
    /// `hush k8s encrypt-value`/`decrypt-value`: no configured provider can read or write it.
    K8sValue = 71,
    /// `hush k8s encryption-config rotate`: the step does not apply to the file as it is.
    K8sRotation = 72,
    /// `hush k8s`: etcd could not be reached or answered with an error.
    Etcd = 73,
    /// `hush k8s etcd-audit`: values in plaintext, unreadable, or under a key no longer configured.
    K8sAuditFindings = 74,
    /// Secrets: the reference names no secret, or no such version of it.
    SecretNotFound = 80,
    /// `hush rotate`/`rollback`/`secret put`: the secret changed under this command (check-and-set failed).
    RotationConflict = 81,
    /// `hush audit verify`: the log's hash chain is broken.
    AuditLogBroken = 82,
    /// Secrets: the backend refused (permission denied, retention limit) or could not be reached.
    SecretBackend = 84,
    /// `hush rotate --due --dry-run`: at least one secret of the policy is due for rotation
    /// or has `on_rotate` actions left.
    RotationDue = 86,
    /// `hush rotate`: the rotation was done but an `on_rotate` action failed (`hush rotate
    /// --due` runs the actions left, `--actions-only REF` all of them).
    OnRotateFailed = 87,
    /// `command:` generator: the command failed or printed nothing.
    GeneratorFailed = 88,
    /// `SOPS_DECRYPTION_ORDER` names a kind twice (sops' code) or names no key kind.
    DecryptionOrder = 112,
}

impl ExitCode {
    pub fn code(self) -> u8 {
        self as u8
    }
}

/// Where in a file a parse error happened (1-based line and column).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Location {
    pub line: usize,
    pub column: usize,
}

impl Location {
    /// Computes the 1-based line and column of byte `offset` in `src`.
    pub fn of_offset(src: &[u8], offset: usize) -> Location {
        let offset = offset.min(src.len());
        let before = &src[..offset];
        let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
        let line_start = before
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |p| p + 1);
        let column = String::from_utf8_lossy(&before[line_start..])
            .chars()
            .count()
            + 1;
        Location { line, column }
    }
}

impl std::fmt::Display for Location {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}", self.line, self.column)
    }
}

/// Everything that can go wrong in the library. Messages never contain secret values.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{path}: file not found")]
    FileNotFound { path: PathBuf },
    #[error("{path}: cannot read: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path}: cannot write: {source}")]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path}:{location}: invalid {format}: {message}")]
    Parse {
        path: PathBuf,
        format: &'static str,
        location: Location,
        message: String,
    },
    #[error("{path}: invalid {format}: {message}")]
    Structure {
        path: PathBuf,
        format: &'static str,
        message: String,
    },
    #[error("{path}: the file is empty; there is nothing to encrypt")]
    EmptyFile { path: PathBuf },
    #[error(
        "{path}: the file is already encrypted (it has a top-level `sops` entry); decrypt it first or use `hush edit`"
    )]
    AlreadyEncrypted { path: PathBuf },
    #[error("{path}: not an encrypted file: {reason}")]
    NotEncrypted { path: PathBuf, reason: String },
    #[error("{path}: invalid sops metadata: {message}")]
    Metadata { path: PathBuf, message: String },
    #[error("{path}: cannot decrypt the value at {key_path}: {reason}")]
    DecryptValue {
        path: PathBuf,
        key_path: String,
        reason: String,
    },
    #[error("{path}: cannot encrypt the value at {key_path}: {reason}")]
    EncryptValue {
        path: PathBuf,
        key_path: String,
        reason: String,
    },
    #[error(
        "{path}: MAC mismatch: the file was modified outside hush/sops or is corrupt (use --ignore-mac only if you trust every value)"
    )]
    MacMismatch { path: PathBuf },
    #[error("{path}: cannot decrypt the MAC: {reason}")]
    MacUndecryptable { path: PathBuf, reason: String },
    #[error("{path}: the file has no MAC (use --ignore-mac to read it anyway)")]
    MacNotFound { path: PathBuf },
    #[error("{path}: no identity or key service could decrypt the data key.\n{details}")]
    NoUsableKey { path: PathBuf, details: String },
    #[error(
        "no recipients given: pass --age RECIPIENT (or set SOPS_AGE_RECIPIENTS), --kms, --gcp-kms, --azure-kv or --hc-vault-transit"
    )]
    NoRecipients,
    #[error("invalid recipient `{recipient}`: {reason}")]
    BadRecipient { recipient: String, reason: String },
    #[error("{source_name}: invalid identity: {reason}")]
    BadIdentity { source_name: String, reason: String },
    #[error("{0}")]
    Usage(String),
    #[error("invalid path `{path}`: {reason}; expected a form like '[\"key\"][\"sub\"][0]'")]
    TreePath { path: String, reason: String },
    #[error("{path}: the path {tree_path} does not exist in the file")]
    TreePathNotFound { path: PathBuf, tree_path: String },
    #[error("{path}: cannot write this document as {format}: {message}")]
    Emit {
        path: PathBuf,
        format: &'static str,
        message: String,
    },
    #[error("OS keyring: {0}")]
    Keyring(String),
    #[error("git: {0}")]
    Git(String),
    #[error(
        "{path}: cannot merge: the number of YAML documents changed on both sides (ancestor {base}, ours {ours}, theirs {theirs}); merge this file by hand"
    )]
    MergeDocumentCount {
        path: PathBuf,
        base: usize,
        ours: usize,
        theirs: usize,
    },
    #[error("{path}: cannot pass `{key}` as an environment variable: {reason}")]
    EnvVariable {
        path: PathBuf,
        key: String,
        reason: String,
    },
    #[error("cannot run `{program}`: command not found")]
    CommandNotFound { program: String },
    #[error("cannot run `{program}`: {source}")]
    CommandNotRunnable {
        program: String,
        source: std::io::Error,
    },
    #[error("{what}: {source}")]
    Exec {
        what: String,
        source: std::io::Error,
    },
    #[error("invalid path `{path}`: {reason}; expected a form like '[\"key\"][\"sub\"][0]'")]
    SetPath { path: String, reason: String },
    #[error("invalid value: {reason}")]
    SetValue { reason: String },
    #[error("{path}: cannot set {tree_path}: {reason}")]
    PathConflict {
        path: PathBuf,
        tree_path: String,
        reason: String,
    },
    #[error("{path}: file not found, and no recipients were given to create it")]
    EditNewFile { path: PathBuf },
    #[error("cannot start the editor `{editor}`: {reason}; set HUSH_EDITOR, SOPS_EDITOR or EDITOR")]
    NoEditor { editor: String, reason: String },
    #[error("{path}: the editor {outcome}; the file was left unchanged")]
    EditorFailed { path: PathBuf, outcome: String },
    #[error(
        "{path}: interrupted by {signal}; the file was left unchanged and the plaintext removed"
    )]
    Interrupted { path: PathBuf, signal: String },
    #[error(
        "{path}: giving up after {attempts} invalid edits; the file was left unchanged. Last error: {last}"
    )]
    EditInvalid {
        path: PathBuf,
        attempts: usize,
        last: Box<Error>,
    },
    #[error("no private place for the plaintext: {reason}")]
    NoPrivateDir { reason: String },
    #[error("{}", located(path, location, message))]
    Config {
        path: PathBuf,
        location: Option<Location>,
        message: String,
    },
    #[error("{path}: config file not found (given by {origin}); check the path")]
    ConfigNotFound { path: PathBuf, origin: String },
    #[error(
        "{file}: no recipients: {searched}; pass --age RECIPIENT (or set SOPS_AGE_RECIPIENTS), or add a creation rule for this file to .hush.yaml or .sops.yaml"
    )]
    NoCreationRule { file: PathBuf, searched: String },
    #[error(
        "{origin}: {kind} recipient `{recipient}` is not supported: hush wraps data keys for age, SSH, AWS KMS, GCP KMS, Azure Key Vault and Vault Transit recipients; remove it, or use sops for this file"
    )]
    UnsupportedRecipient {
        kind: &'static str,
        recipient: String,
        origin: String,
    },
    #[error("{0}")]
    NeedsConfirmation(String),
    #[error("{}: invalid EncryptionConfiguration:\n  {}", path.display(), problems.join("\n  "))]
    K8sConfig {
        path: PathBuf,
        problems: Vec<String>,
    },
    #[error("{0}")]
    K8sValue(String),
    #[error("{}: {reason}", path.display())]
    K8sRotation { path: PathBuf, reason: String },
    #[error("etcd {endpoints}: {reason}")]
    Etcd { endpoints: String, reason: String },
    #[error("cannot encrypt the data key with {recipient}: {reason}")]
    KeyService { recipient: String, reason: String },
    #[error(
        "hush was built without the `{feature}` feature, so it cannot use {kind} keys; rebuild with `--features {feature}`"
    )]
    FeatureDisabled {
        kind: &'static str,
        feature: &'static str,
    },
    #[error("invalid encryption context `{context}`: {reason}; expected key:value[,key:value...]")]
    EncryptionContext { context: String, reason: String },
    #[error("bad secret reference `{reference}`: {reason}")]
    BadReference { reference: String, reason: String },
    #[error("bad generator `{spec}`: {reason}")]
    Generator { spec: String, reason: String },
    #[error("{reference}: no such secret; create it with `hush secret put {reference} ...`")]
    SecretNotFound { reference: String },
    #[error("{reference}: no version {version}; `hush secret versions {reference}` lists them")]
    SecretVersionNotFound { reference: String, version: String },
    #[error("{reference}: conflict: {reason}")]
    RotationConflict { reference: String, reason: String },
    #[error("{}: {reason}", path.display())]
    SecretStore { path: PathBuf, reason: String },
    #[error("audit log {}: {reason}", path.display())]
    AuditLog { path: PathBuf, reason: String },
    #[error("{reference}: {reason}")]
    SecretBackend { reference: String, reason: String },
    #[error("the command: generator failed: {reason}")]
    GeneratorFailed { reason: String },
    #[error(
        "{reference}: rotated, but on_rotate action {action} failed: {reason}; fix it and run `hush rotate --due` (runs the actions left) or `hush rotate --actions-only {reference}` (runs them all)"
    )]
    OnRotateFailed {
        reference: String,
        action: String,
        reason: String,
    },
    #[error(
        "{path}: cannot merge its keys: {reason}; resolve it by hand: keep our version or take theirs (`git checkout --theirs -- {path}`), redo the other side's changes on it (`hush edit`, `hush updatekeys`, `hush rekey --add-age/--rm-age`) and `git add {path}`; or abort the merge, give both branches the same recipients and merge again"
    )]
    MergeKeys { path: PathBuf, reason: String },
    #[error(
        "SOPS_DECRYPTION_ORDER is `{value}`: {reason}; write key kinds separated by commas (the default is age,pgp)"
    )]
    DecryptionOrder { value: String, reason: String },
}

/// `FILE:LINE:COLUMN: MESSAGE`, or `FILE: MESSAGE` without a location.
fn located(path: &std::path::Path, location: &Option<Location>, message: &str) -> String {
    match location {
        Some(l) => format!("{}:{l}: {message}", path.display()),
        None => format!("{}: {message}", path.display()),
    }
}

impl Error {
    /// The exit code this error is reported with.
    pub fn exit_code(&self) -> ExitCode {
        use Error::*;
        match self {
            FileNotFound { .. } => ExitCode::FileNotFound,
            Read { .. } | Parse { .. } | Structure { .. } => ExitCode::CouldNotReadInput,
            Write { .. } => ExitCode::CouldNotWriteOutput,
            EmptyFile { .. } => ExitCode::NeedAtLeastOneDocument,
            AlreadyEncrypted { .. } => ExitCode::FileAlreadyEncrypted,
            NotEncrypted { .. } | Metadata { .. } => ExitCode::Generic,
            DecryptValue { .. } => ExitCode::ErrorDecryptingTree,
            EncryptValue { .. } => ExitCode::ErrorEncryptingTree,
            MacMismatch { .. } | MacUndecryptable { .. } => ExitCode::MacMismatch,
            MacNotFound { .. } => ExitCode::MacNotFound,
            NoUsableKey { .. } => ExitCode::CouldNotRetrieveKey,
            NoRecipients => ExitCode::NoEncryptionKey,
            BadRecipient { .. } | BadIdentity { .. } => ExitCode::CouldNotRetrieveKey,
            Usage(_) => ExitCode::ConflictingParameters,
            TreePath { .. } | TreePathNotFound { .. } => ExitCode::InvalidTreePath,
            Emit { .. } => ExitCode::ErrorDumpingTree,
            Keyring(_) => ExitCode::CouldNotRetrieveKey,
            Git(_) | MergeDocumentCount { .. } => ExitCode::Generic,
            EnvVariable { .. } | Exec { .. } => ExitCode::Generic,
            CommandNotFound { .. } => ExitCode::CommandNotFound,
            CommandNotRunnable { .. } => ExitCode::CommandNotExecutable,
            SetPath { .. } | SetValue { .. } => ExitCode::InvalidSetFormat,
            PathConflict { .. } => ExitCode::InvalidTreePath,
            EditNewFile { .. } => ExitCode::FileNotFound,
            NoEditor { .. } => ExitCode::NoEditorFound,
            EditorFailed { .. } | NoPrivateDir { .. } => ExitCode::Generic,
            Interrupted { .. } => ExitCode::KeyboardInterrupt,
            EditInvalid { last, .. } => last.exit_code(),
            Config { .. } => ExitCode::ErrorReadingConfig,
            ConfigNotFound { .. } => ExitCode::ConfigFileNotFound,
            NoCreationRule { .. } => ExitCode::NoEncryptionKey,
            UnsupportedRecipient { .. } => ExitCode::CouldNotRetrieveKey,
            NeedsConfirmation(_) => ExitCode::CouldNotReadInput,
            K8sConfig { .. } => ExitCode::K8sInvalidConfig,
            K8sValue(_) => ExitCode::K8sValue,
            K8sRotation { .. } => ExitCode::K8sRotation,
            Etcd { .. } => ExitCode::Etcd,
            KeyService { .. } => ExitCode::CouldNotRetrieveKey,
            FeatureDisabled { .. } => ExitCode::Generic,
            EncryptionContext { .. } => ExitCode::InvalidKmsEncryptionContext,
            BadReference { .. } | Generator { .. } => ExitCode::ConflictingParameters,
            SecretNotFound { .. } | SecretVersionNotFound { .. } => ExitCode::SecretNotFound,
            RotationConflict { .. } => ExitCode::RotationConflict,
            SecretStore { .. } => ExitCode::CouldNotReadInput,
            AuditLog { .. } => ExitCode::AuditLogBroken,
            SecretBackend { .. } => ExitCode::SecretBackend,
            GeneratorFailed { .. } => ExitCode::GeneratorFailed,
            OnRotateFailed { .. } => ExitCode::OnRotateFailed,
            MergeKeys { .. } => ExitCode::Generic,
            DecryptionOrder { .. } => ExitCode::DecryptionOrder,
        }
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
