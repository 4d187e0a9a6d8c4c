//! Pending `on_rotate` actions: a small JSON file per reference (next to its rotation
//! journal) written before a rotation's actions run, advanced after each one that succeeded
//! and removed once all did. A rotation whose actions failed, or were cut short by a crash,
//! is thereby remembered: `hush rotate --due` runs the remaining actions (from the one that
//! failed) without rotating again.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::journal::{read_json, remove, state_path, write_json};
use crate::error::Result;

/// Which actions of a rotation are left.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pending {
    pub reference: String,
    /// The version the actions deliver.
    pub version: String,
    /// The index of the first action not done yet.
    pub next: usize,
}

/// The pending-actions file of one reference.
pub struct PendingFile {
    path: PathBuf,
}

impl PendingFile {
    /// The file of `reference` in the journal directory `dir`.
    pub fn new(dir: &Path, reference: &str) -> PendingFile {
        PendingFile {
            path: state_path(dir, reference, ".actions.json"),
        }
    }

    pub fn load(&self) -> Result<Option<Pending>> {
        read_json(
            &self.path,
            "not a pending-actions file; remove it and run `hush rotate --actions-only REF`",
        )
    }

    pub fn save(&self, pending: &Pending) -> Result<()> {
        write_json(&self.path, pending)
    }

    pub fn clear(&self) -> Result<()> {
        remove(&self.path)
    }
}
