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
    FileAlreadyEncrypted = 203,
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
            KeyService { .. } => ExitCode::CouldNotRetrieveKey,
            FeatureDisabled { .. } => ExitCode::Generic,
            EncryptionContext { .. } => ExitCode::InvalidKmsEncryptionContext,
        }
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
