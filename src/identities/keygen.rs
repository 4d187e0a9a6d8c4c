//! Generating age identities and writing them in `age-keygen`'s layout:
//!
//! ```text
//! # created: 2026-01-02T03:04:05+01:00
//! # public key: age1…
//! AGE-SECRET-KEY-1…
//! ```
//!
//! Writing the file (mode 0600, atomically) is the caller's job.

use std::str::FromStr;

use chrono::{DateTime, SecondsFormat, TimeZone};
use secrecy::{ExposeSecret, SecretString};

use crate::error::Error;

/// A new X25519 identity: the secret `AGE-SECRET-KEY-1…` and its public `age1…` recipient.
pub fn generate_identity() -> (SecretString, String) {
    let identity = age::x25519::Identity::generate();
    (identity.to_string(), identity.to_public().to_string())
}

/// The identity file text for `secret`, as `age-keygen` writes it, dated `created`.
pub fn identity_file_text<Tz: TimeZone>(
    secret: &SecretString,
    created: &DateTime<Tz>,
) -> Result<SecretString, Error>
where
    Tz::Offset: std::fmt::Display,
{
    let identity =
        age::x25519::Identity::from_str(secret.expose_secret().trim()).map_err(|_| {
            Error::BadIdentity {
                source_name: "the identity to write".into(),
                reason: "not a single AGE-SECRET-KEY-1… identity".into(),
            }
        })?;
    let text = format!(
        "# created: {}\n# public key: {}\n{}\n",
        created.to_rfc3339_opts(SecondsFormat::Secs, true),
        identity.to_public(),
        identity.to_string().expose_secret()
    );
    Ok(SecretString::from(text))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{FixedOffset, Utc};

    #[test]
    fn generated_pair_matches() {
        let (secret, public) = generate_identity();
        assert!(secret.expose_secret().starts_with("AGE-SECRET-KEY-1"));
        assert!(public.starts_with("age1"));
        let id = age::x25519::Identity::from_str(secret.expose_secret()).unwrap();
        assert_eq!(id.to_public().to_string(), public);
        assert!(!format!("{secret:?}").contains("AGE-SECRET"));
    }

    #[test]
    fn file_text_has_age_keygen_layout() {
        let (secret, public) = generate_identity();
        let when = FixedOffset::east_opt(3600)
            .unwrap()
            .with_ymd_and_hms(2026, 1, 2, 3, 4, 5)
            .unwrap();
        let text = identity_file_text(&secret, &when).unwrap();
        let expected = format!(
            "# created: 2026-01-02T03:04:05+01:00\n# public key: {public}\n{}\n",
            secret.expose_secret()
        );
        assert_eq!(text.expose_secret(), expected);
        let utc = Utc.with_ymd_and_hms(2026, 1, 2, 3, 4, 5).unwrap();
        let text = identity_file_text(&secret, &utc).unwrap();
        assert!(
            text.expose_secret()
                .starts_with("# created: 2026-01-02T03:04:05Z\n")
        );
    }

    #[test]
    fn rejects_non_identities() {
        let err = identity_file_text(&SecretString::from("nope"), &Utc::now()).unwrap_err();
        assert_eq!(
            err.to_string(),
            "the identity to write: invalid identity: not a single AGE-SECRET-KEY-1… identity"
        );
    }
}
