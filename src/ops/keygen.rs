//! `keygen`: a new age identity, written to a file (never over an existing one), printed,
//! or stored in the OS keyring.

use std::path::PathBuf;

use age::secrecy::ExposeSecret;

use crate::error::{Error, Result};
use crate::identities;

/// Where the new identity goes.
pub enum Target {
    Stdout,
    File(PathBuf),
    Keyring,
}

/// What was created. `identity_text` is set only for [`Target::Stdout`].
pub struct Created {
    pub public_key: String,
    pub identity_text: Option<String>,
    pub stored_in: Option<String>,
}

pub fn keygen(target: &Target) -> Result<Created> {
    let (secret, public_key) = identities::generate_identity();
    let text = identities::identity_file_text(&secret, &chrono::Local::now())?;
    match target {
        Target::Stdout => Ok(Created {
            public_key,
            identity_text: Some(text.expose_secret().to_string()),
            stored_in: None,
        }),
        Target::File(path) => {
            if path.exists() {
                return Err(Error::Usage(format!(
                    "{}: already exists; hush keygen never overwrites an identity (choose another file)",
                    path.display()
                )));
            }
            crate::atomic::write(path, text.expose_secret().as_bytes())?;
            Ok(Created {
                public_key,
                identity_text: None,
                stored_in: Some(path.display().to_string()),
            })
        }
        Target::Keyring => {
            identities::store_in_keyring(&secret)?;
            Ok(Created {
                public_key,
                identity_text: None,
                stored_in: Some("the OS keyring".into()),
            })
        }
    }
}
