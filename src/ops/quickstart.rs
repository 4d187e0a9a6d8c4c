//! `quickstart`: a self-contained tour with no external service. It makes a throw-away
//! identity, seals a sample Kubernetes Secret, and opens it again, in a temporary directory
//! that is removed afterwards.

use age::secrecy::ExposeSecret;

use crate::document::Format;
use crate::envelope::seal::KeyWrapper;
use crate::error::{Error, Result};
use crate::identities::Identities;
use crate::ops::io::Input;
use crate::ops::keys::{IdentityUnwrapper, age_wrappers};
use crate::ops::seal::{DecryptOptions, EncryptOptions, decrypt, encrypt};

/// The sample manifest the tour seals.
pub const SAMPLE_SECRET: &str = "\
# A Kubernetes Secret as it sits in a repository before hush seals it.
apiVersion: v1
kind: Secret
metadata:
  name: payments-db
  namespace: shop
  labels:
    app: payments   # stays readable: only data/stringData are sealed
type: Opaque
stringData:
  # rotated by the platform team
  DB_USER: payments
  DB_PASSWORD: \"s3cr3t-p@ss\"
  config.yaml: |
    host: db.internal
    port: 5432
data:
  api-token: c2stbGl2ZS0xMjM0NTY3ODkw
";

/// What the tour did, for the CLI to show.
pub struct Tour {
    pub recipient: String,
    pub plaintext: String,
    pub sealed: String,
    pub opened: String,
}

impl Tour {
    /// The opened file equals the original, byte for byte.
    pub fn lossless(&self) -> bool {
        self.plaintext == self.opened
    }
}

pub fn run() -> Result<Tour> {
    let (secret, recipient) = crate::identities::generate_identity();
    let identities = Identities::from_text("quickstart identity", secret.expose_secret())?;
    let dir = tempfile::tempdir().map_err(|source| Error::Write {
        path: std::env::temp_dir(),
        source,
    })?;
    let path = dir.path().join("payments-db.secret.yaml");
    crate::atomic::write(&path, SAMPLE_SECRET.as_bytes())?;

    let wrappers = age_wrappers(std::slice::from_ref(&recipient))?;
    let group: Vec<&dyn KeyWrapper> = wrappers.iter().map(|w| w as &dyn KeyWrapper).collect();
    let sealed = encrypt(EncryptOptions {
        input: Input::File(path.clone()),
        input_format: Format::Yaml,
        output_format: Format::Yaml,
        groups: vec![group],
        shamir_threshold: None,
        rule: None,
        mac_only_encrypted: false,
    })?;
    let sealed_path = dir.path().join("payments-db.secret.enc.yaml");
    crate::atomic::write(&sealed_path, &sealed)?;
    let opened = decrypt(DecryptOptions {
        input: Input::File(sealed_path),
        input_format: Format::Yaml,
        output_format: Format::Yaml,
        unwrapper: &IdentityUnwrapper(&identities),
        ignore_mac: false,
        extract: None,
    })?;
    Ok(Tour {
        recipient,
        plaintext: SAMPLE_SECRET.to_string(),
        sealed: String::from_utf8_lossy(&sealed).into_owned(),
        opened: String::from_utf8_lossy(&opened).into_owned(),
    })
}
