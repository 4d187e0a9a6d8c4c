//! `status`: is a file sealed, for which master keys, and does its MAC verify.

use serde::Serialize;

use crate::document::Format;
use crate::envelope::seal::{self, KeyUnwrapper};
use crate::error::{Error, Result};
use crate::ops::io::Input;

/// What `status` reports for one file.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct FileStatus {
    pub file: String,
    pub format: &'static str,
    pub encrypted: bool,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub recipients: Vec<RecipientStatus>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub shamir_threshold: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lastmodified: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub encryption_rule: Option<String>,
    pub mac_only_encrypted: bool,
    /// `verified`, `mismatch`, `missing`, `unverified` (no usable key) or `not-applicable`.
    pub mac: &'static str,
    /// Why the MAC could not be checked, or what failed; never a secret.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
}

#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct RecipientStatus {
    pub group: usize,
    #[serde(rename = "type")]
    pub kind: String,
    pub recipient: String,
}

/// Inspects one file. Only unreadable files are errors; anything else is reported.
pub fn status(input: &Input, format: Format, unwrapper: &dyn KeyUnwrapper) -> Result<FileStatus> {
    let path = input.display_path();
    let mut report = FileStatus {
        file: path.display().to_string(),
        format: format.name(),
        encrypted: false,
        recipients: Vec::new(),
        shamir_threshold: None,
        lastmodified: None,
        version: None,
        encryption_rule: None,
        mac_only_encrypted: false,
        mac: "not-applicable",
        detail: None,
    };
    let mut doc = match super::seal::read_sealed(input, format) {
        Ok(doc) => doc,
        Err(e @ (Error::FileNotFound { .. } | Error::Read { .. })) => return Err(e),
        Err(e) => {
            report.detail = Some(e.to_string());
            return Ok(report);
        }
    };
    let metadata = match seal::read_metadata(&doc, &path) {
        Ok(m) => m,
        Err(Error::NotEncrypted { .. }) => return Ok(report),
        Err(e) => {
            report.encrypted = true;
            report.detail = Some(e.to_string());
            return Ok(report);
        }
    };
    report.encrypted = true;
    report.recipients = metadata
        .all_keys()
        .map(|(group, k)| RecipientStatus {
            group: group + 1,
            kind: k.kind().to_string(),
            recipient: k.describe(),
        })
        .collect();
    report.shamir_threshold = metadata.shamir_threshold;
    report.lastmodified = Some(metadata.lastmodified.clone());
    report.version = Some(metadata.version.clone());
    report.encryption_rule = metadata
        .rule
        .as_ref()
        .map(|r| format!("{}: {}", r.key(), r.value()));
    report.mac_only_encrypted = metadata.mac_only_encrypted;
    (report.mac, report.detail) = match seal::open(&mut doc, unwrapper, false, &path) {
        Ok(_) => ("verified", None),
        Err(Error::MacMismatch { .. } | Error::MacUndecryptable { .. }) => ("mismatch", None),
        Err(Error::MacNotFound { .. }) => ("missing", None),
        Err(e @ Error::NoUsableKey { .. }) => ("unverified", Some(e.to_string())),
        Err(e) => ("mismatch", Some(e.to_string())),
    };
    Ok(report)
}
