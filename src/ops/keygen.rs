//! `keygen`: a new age identity, written to a file, printed, or stored in the OS keyring.
//! PLACEHOLDER: filled in once the identities module's keyring support lands.
use std::path::PathBuf;
use crate::error::Result;
pub enum Target { Stdout, File(PathBuf), Keyring }
pub struct Created { pub public_key: String, pub identity_text: Option<String>, pub stored_in: Option<String> }
pub fn keygen(_t: &Target) -> Result<Created> { Err(crate::Error::Usage("not yet".into())) }
