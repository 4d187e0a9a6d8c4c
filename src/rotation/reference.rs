//! Secret references: `local:NAME` (or a bare `NAME`), `vault:MOUNT/PATH#FIELD` and the
//! schemes of the backends hush does not talk to yet, which parse but are refused.

use crate::error::{Error, Result};

/// A parsed secret reference.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Reference {
    /// A secret of the embedded local store.
    Local { name: String },
    /// A field of a Vault/OpenBao KV v2 secret.
    Vault {
        mount: String,
        path: String,
        field: String,
    },
    /// A backend named by the interface but not built yet (`aws-sm:`, `gcp-sm:`, ...).
    Unsupported { scheme: String, rest: String },
}

/// Schemes that are part of the interface but have no backend yet.
const NOT_YET: &[&str] = &["aws-sm", "gcp-sm", "azure-kv", "etcd", "keyring"];

impl Reference {
    /// Parses `text`; a name without a scheme is a local-store name.
    pub fn parse(text: &str) -> Result<Reference> {
        let bad = |reason: &str| Error::BadReference {
            reference: text.to_string(),
            reason: reason.to_string(),
        };
        let Some((scheme, rest)) = text.split_once(':') else {
            return local_name(text).map_err(|r| bad(&r));
        };
        match scheme {
            "local" => local_name(rest).map_err(|r| bad(&r)),
            "vault" => vault(rest).map_err(|r| bad(&r)),
            s if NOT_YET.contains(&s) => Ok(Reference::Unsupported {
                scheme: s.to_string(),
                rest: rest.to_string(),
            }),
            _ => Err(bad(
                "unknown scheme; expected local:, vault:, aws-sm:, gcp-sm:, azure-kv:, etcd: or keyring:",
            )),
        }
    }

    /// The reference as written canonically (`local:NAME`, `vault:MOUNT/PATH#FIELD`).
    pub fn canonical(&self) -> String {
        match self {
            Reference::Local { name } => format!("local:{name}"),
            Reference::Vault { mount, path, field } => format!("vault:{mount}/{path}#{field}"),
            Reference::Unsupported { scheme, rest } => format!("{scheme}:{rest}"),
        }
    }
}

/// A local name: path segments of `[A-Za-z0-9._-]`, none empty, `.` or `..`.
fn local_name(name: &str) -> std::result::Result<Reference, String> {
    let segment_ok = |s: &str| {
        !s.is_empty()
            && s != "."
            && s != ".."
            && !s.starts_with('.')
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || "._-".contains(c))
    };
    if name.split('/').all(segment_ok) {
        Ok(Reference::Local {
            name: name.to_string(),
        })
    } else {
        Err("a local name is one or more `/`-separated segments of letters, digits, `.`, `_` and `-` (not starting with `.`)".into())
    }
}

/// `MOUNT/PATH#FIELD`.
fn vault(rest: &str) -> std::result::Result<Reference, String> {
    let expected = "expected vault:MOUNT/PATH#FIELD (e.g. vault:secret/app/db#password)";
    let (location, field) = rest.split_once('#').ok_or(expected)?;
    let (mount, path) = location.split_once('/').ok_or(expected)?;
    if mount.is_empty() || path.is_empty() || field.is_empty() || path.ends_with('/') {
        return Err(expected.into());
    }
    Ok(Reference::Vault {
        mount: mount.to_string(),
        path: path.to_string(),
        field: field.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_local_names_with_and_without_scheme() {
        let want = Reference::Local {
            name: "app/db".into(),
        };
        assert_eq!(Reference::parse("local:app/db").unwrap(), want);
        assert_eq!(Reference::parse("app/db").unwrap(), want);
        assert_eq!(want.canonical(), "local:app/db");
    }

    #[test]
    fn rejects_names_that_escape_the_store() {
        for bad in [
            "local:../x",
            "local:a//b",
            "local:/abs",
            "local:.hidden",
            "local:",
        ] {
            assert!(Reference::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn parses_vault_references() {
        let r = Reference::parse("vault:secret/app/db#password").unwrap();
        assert_eq!(
            r,
            Reference::Vault {
                mount: "secret".into(),
                path: "app/db".into(),
                field: "password".into()
            }
        );
        assert!(Reference::parse("vault:secret/app").is_err());
        assert!(Reference::parse("vault:secret#f").is_err());
    }

    #[test]
    fn other_schemes_parse_as_unsupported() {
        assert!(matches!(
            Reference::parse("aws-sm:app/db").unwrap(),
            Reference::Unsupported { scheme, .. } if scheme == "aws-sm"
        ));
        assert!(Reference::parse("ftp:x").is_err());
    }
}
