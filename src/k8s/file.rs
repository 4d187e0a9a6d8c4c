//! An `EncryptionConfiguration` file on disk, plain or sealed by hush/sops: reading it (and
//! opening it when sealed), decoding it, its reload hash, and writing a changed version back
//! (resealed under the same data key so unchanged values keep their ciphertext).

use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};
use zeroize::Zeroizing;

use super::decode;
use super::model::EncryptionConfig;
use super::validate::{Finding, Severity};
use crate::document::{self, Document, Format};
use crate::envelope::seal::{self, KeyUnwrapper};
use crate::error::{Error, Result};
use crate::ops::io::Input;
use crate::ops::sealed_file::SealedFile;

/// The bytes of a config file before it is opened.
pub struct RawConfig {
    pub path: PathBuf,
    pub format: Format,
    pub src: Vec<u8>,
    /// True when the file holds a top-level `sops` entry.
    pub sealed: bool,
}

/// Reads a config file: `.json` files (and content starting with `{`) are JSON, the rest YAML.
pub fn read(input: &Input) -> Result<RawConfig> {
    let path = input.display_path();
    let src = input.read()?;
    if src.iter().all(u8::is_ascii_whitespace) {
        return Err(Error::K8sConfig {
            path,
            problems: vec!["encryption provider configuration file is empty".into()],
        });
    }
    let format = format_of(&path, &src);
    let doc = document::parse(format, src.clone(), &path)?;
    Ok(RawConfig {
        path,
        format,
        sealed: doc.metadata.is_some(),
        src,
    })
}

fn format_of(path: &Path, src: &[u8]) -> Format {
    let json_ext = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("json"));
    let starts_brace = src.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'{');
    if json_ext || starts_brace {
        Format::Json
    } else {
        Format::Yaml
    }
}

/// A config file read and, when sealed, opened.
pub struct ConfigFile {
    pub path: PathBuf,
    pub format: Format,
    /// The plaintext kube-apiserver reads (the decrypted file when sealed).
    pub plaintext: Zeroizing<Vec<u8>>,
    /// The plaintext parsed, for decoding and for edits by position.
    pub doc: Document,
    pub sealed: Option<SealedFile>,
}

impl RawConfig {
    /// Opens the file; a sealed one needs `unwrapper`.
    pub fn open(self, unwrapper: Option<&dyn KeyUnwrapper>) -> Result<ConfigFile> {
        let (plaintext, sealed) = match (self.sealed, unwrapper) {
            (false, _) => (Zeroizing::new(self.src), None),
            (true, Some(u)) => {
                let file = SealedFile::open_bytes(self.src, self.format, u, self.path.clone())?;
                (Zeroizing::new(file.plaintext()?), Some(file))
            }
            (true, None) => {
                return Err(Error::Usage(format!(
                    "{}: the file is sealed and no identity was given to open it",
                    self.path.display()
                )));
            }
        };
        let doc = document::parse(self.format, plaintext.to_vec(), &self.path)?;
        Ok(ConfigFile {
            path: self.path,
            format: self.format,
            plaintext,
            doc,
            sealed,
        })
    }
}

impl ConfigFile {
    /// Decodes the file strictly; decoding problems are returned as findings.
    pub fn decode(&self) -> std::result::Result<EncryptionConfig, Vec<Finding>> {
        decode::decode(&self.doc)
    }

    /// Decodes the file and refuses it when it has errors (warnings pass).
    pub fn config(&self) -> Result<EncryptionConfig> {
        let config = self.decode().map_err(|f| self.invalid(&f))?;
        let findings = super::validate::validate(&config, Default::default());
        let errors: Vec<Finding> = findings
            .into_iter()
            .filter(|f| f.severity == Severity::Error)
            .collect();
        if errors.is_empty() {
            Ok(config)
        } else {
            Err(self.invalid(&errors))
        }
    }

    fn invalid(&self, findings: &[Finding]) -> Error {
        Error::K8sConfig {
            path: self.path.clone(),
            problems: findings.iter().map(render_finding).collect(),
        }
    }

    /// The hash kube-apiserver reports for this file in
    /// `apiserver_encryption_config_controller_last_config_info{hash=...}`.
    pub fn reload_hash(&self) -> String {
        reload_hash(&self.plaintext)
    }

    /// The bytes to write for a new plaintext: the plaintext itself for a plain file, or the
    /// file resealed under its data key (unchanged values keep their ciphertext).
    pub fn render(&self, new_plaintext: Vec<u8>) -> Result<Vec<u8>> {
        let Some(file) = &self.sealed else {
            return Ok(new_plaintext);
        };
        let mut doc = document::parse(self.format, new_plaintext, &self.path)?;
        let metadata = seal::reseal(&mut doc, &file.opened, &self.path)?;
        document::emit(&doc, self.format, Some(&metadata.to_json()), &self.path)
    }
}

/// `sha256:<hex>` of the file's bytes, as kube-apiserver computes it.
pub fn reload_hash(bytes: &[u8]) -> String {
    format!("sha256:{}", hex::encode(Sha256::digest(bytes)))
}

/// One finding as a line: `path:line:col: field.path: message` (the severity is shown by
/// the caller).
pub fn render_finding(f: &Finding) -> String {
    let field = if f.place.path.is_empty() {
        String::new()
    } else {
        format!("{}: ", f.place.path)
    };
    match f.place.location {
        Some(l) => format!("{l}: {field}{}", f.message),
        None => format!("{field}{}", f.message),
    }
}

/// The rule a sealed config is written with: only the key secrets are encrypted, so the
/// structure (providers, key names, resources) stays readable in diffs.
pub const SEAL_RULE_REGEX: &str = "^secret$";

/// Seals a new config's plaintext for `groups` (one list of master keys per key group).
pub fn seal_new(
    plaintext: &[u8],
    format: Format,
    groups: Vec<Vec<&dyn crate::envelope::seal::KeyWrapper>>,
    shamir_threshold: Option<usize>,
    path: &Path,
) -> Result<Vec<u8>> {
    let mut doc = document::parse(format, plaintext.to_vec(), path)?;
    let rule = crate::envelope::rules::Rule::from_key("encrypted_regex", SEAL_RULE_REGEX)
        .map_err(Error::Usage)?;
    let metadata = seal::seal(
        &mut doc,
        seal::SealOptions {
            groups,
            shamir_threshold,
            rule: Some(rule),
            mac_only_encrypted: false,
            reuse: None,
        },
        path,
    )?;
    document::emit(&doc, format, Some(&metadata.to_json()), path)
}
