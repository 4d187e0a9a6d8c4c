//! Secret references, one variant per backend: `local:NAME` (or a bare `NAME`),
//! `vault:MOUNT/PATH#FIELD`, `aws-sm:NAME[#JSON_FIELD]`, `gcp-sm:projects/P/secrets/S`,
//! `azure-kv:https://VAULT.vault.azure.net/secrets/S`, `etcd:/KEY` and `keyring:SERVICE/USER`.

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
    /// An AWS Secrets Manager secret (name or ARN), or one field of its JSON value.
    AwsSm {
        secret: String,
        field: Option<String>,
    },
    /// A GCP Secret Manager secret.
    GcpSm { project: String, secret: String },
    /// An Azure Key Vault secret: the vault's URL (`https://VAULT.vault.azure.net`) and name.
    AzureKv { vault: String, name: String },
    /// An etcd key (starting with `/`).
    Etcd { key: String },
    /// An entry of the OS keyring.
    Keyring { service: String, user: String },
}

/// Every scheme, as listed in errors.
const SCHEMES: &str = "local:, vault:, aws-sm:, gcp-sm:, azure-kv:, etcd: or keyring:";

impl Reference {
    /// Parses `text`; a name without a scheme is a local-store name.
    pub fn parse(text: &str) -> Result<Reference> {
        let bad = |reason: String| Error::BadReference {
            reference: text.to_string(),
            reason,
        };
        let Some((scheme, rest)) = text.split_once(':') else {
            return local_name(text).map_err(bad);
        };
        let parsed = match scheme {
            "local" => local_name(rest),
            "vault" => vault(rest),
            "aws-sm" => aws_sm(rest),
            "gcp-sm" => gcp_sm(rest),
            "azure-kv" => azure_kv(rest),
            "etcd" => etcd(rest),
            "keyring" => keyring(rest),
            _ => Err(format!("unknown scheme; expected {SCHEMES}")),
        };
        parsed.map_err(bad)
    }

    /// The reference as written canonically (`local:NAME`, `vault:MOUNT/PATH#FIELD`, ...).
    pub fn canonical(&self) -> String {
        match self {
            Reference::Local { name } => format!("local:{name}"),
            Reference::Vault { mount, path, field } => format!("vault:{mount}/{path}#{field}"),
            Reference::AwsSm {
                secret,
                field: Some(field),
            } => format!("aws-sm:{secret}#{field}"),
            Reference::AwsSm {
                secret,
                field: None,
            } => format!("aws-sm:{secret}"),
            Reference::GcpSm { project, secret } => {
                format!("gcp-sm:projects/{project}/secrets/{secret}")
            }
            Reference::AzureKv { vault, name } => format!("azure-kv:{vault}/secrets/{name}"),
            Reference::Etcd { key } => format!("etcd:{key}"),
            Reference::Keyring { service, user } => format!("keyring:{service}/{user}"),
        }
    }
}

type Parsed = std::result::Result<Reference, String>;

/// A local name: path segments of `[A-Za-z0-9._-]`, none empty, `.` or `..`.
fn local_name(name: &str) -> Parsed {
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
fn vault(rest: &str) -> Parsed {
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

/// `NAME[#JSON_FIELD]`, NAME a secret name (`[A-Za-z0-9/_+=.@-]`, at most 512) or an ARN.
fn aws_sm(rest: &str) -> Parsed {
    let expected = "expected aws-sm:NAME or aws-sm:NAME#JSON_FIELD (NAME a secret name or ARN of letters, digits and /_+=.@-)";
    let (secret, field) = match rest.split_once('#') {
        Some((s, f)) if !f.is_empty() => (s, Some(f.to_string())),
        Some(_) => return Err(expected.into()),
        None => (rest, None),
    };
    let name_ok = |s: &str| {
        !s.is_empty()
            && s.len() <= 2048
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || "/_+=.@-:".contains(c))
    };
    if !name_ok(secret) || (secret.contains(':') && !secret.starts_with("arn:")) {
        return Err(expected.into());
    }
    Ok(Reference::AwsSm {
        secret: secret.to_string(),
        field,
    })
}

/// `projects/P/secrets/S`.
fn gcp_sm(rest: &str) -> Parsed {
    let expected = "expected gcp-sm:projects/PROJECT/secrets/SECRET";
    let parts: Vec<&str> = rest.split('/').collect();
    let id_ok = |s: &str| {
        !s.is_empty()
            && s.len() <= 255
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || "_-".contains(c))
    };
    match parts.as_slice() {
        ["projects", project, "secrets", secret] if id_ok(project) && id_ok(secret) => {
            Ok(Reference::GcpSm {
                project: project.to_string(),
                secret: secret.to_string(),
            })
        }
        _ => Err(expected.into()),
    }
}

/// `https://VAULT.vault.azure.net/secrets/NAME` (any https host, for sovereign clouds).
fn azure_kv(rest: &str) -> Parsed {
    let expected = "expected azure-kv:https://VAULT.vault.azure.net/secrets/NAME (NAME of letters, digits and -)";
    let host_and_path = rest.strip_prefix("https://").ok_or(expected)?;
    let (host, path) = host_and_path.split_once('/').ok_or(expected)?;
    let name = path.strip_prefix("secrets/").ok_or(expected)?;
    let name_ok = !name.is_empty()
        && name.len() <= 127
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
    if host.is_empty() || !name_ok {
        return Err(expected.into());
    }
    Ok(Reference::AzureKv {
        vault: format!("https://{host}"),
        name: name.to_string(),
    })
}

/// `/KEY`, without empty segments.
fn etcd(rest: &str) -> Parsed {
    let expected = "expected etcd:/KEY (an absolute key such as etcd:/app/db/password)";
    match rest.strip_prefix('/') {
        Some(key) if !key.is_empty() && key.split('/').all(|s| !s.is_empty()) => {
            Ok(Reference::Etcd {
                key: rest.to_string(),
            })
        }
        _ => Err(expected.into()),
    }
}

/// `SERVICE/USER`; the user may contain `/`, the service may not.
fn keyring(rest: &str) -> Parsed {
    let expected = "expected keyring:SERVICE/USER (e.g. keyring:myapp/db)";
    match rest.split_once('/') {
        Some((service, user)) if !service.is_empty() && !user.is_empty() => {
            Ok(Reference::Keyring {
                service: service.to_string(),
                user: user.to_string(),
            })
        }
        _ => Err(expected.into()),
    }
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
    fn every_scheme_parses_and_prints_back() {
        for text in [
            "aws-sm:app/db",
            "aws-sm:app/db#password",
            "aws-sm:arn:aws:secretsmanager:eu-west-1:123456789012:secret:app-AbCdEf#k",
            "gcp-sm:projects/p1/secrets/db",
            "azure-kv:https://myvault.vault.azure.net/secrets/db-password",
            "azure-kv:https://127.0.0.1:8443/secrets/db",
            "etcd:/app/db/password",
            "keyring:myapp/db",
            "keyring:myapp/team/db",
        ] {
            let r = Reference::parse(text).unwrap_or_else(|e| panic!("{text}: {e}"));
            assert_eq!(r.canonical(), text);
        }
    }

    #[test]
    fn malformed_references_say_what_was_expected() {
        for (text, expected) in [
            ("aws-sm:", "expected aws-sm:NAME"),
            ("aws-sm:app#", "expected aws-sm:NAME"),
            ("aws-sm:a:b", "expected aws-sm:NAME"),
            (
                "gcp-sm:p1/db",
                "expected gcp-sm:projects/PROJECT/secrets/SECRET",
            ),
            ("azure-kv:http://v/secrets/x", "expected azure-kv:https://"),
            ("azure-kv:https://v/keys/x", "expected azure-kv:https://"),
            (
                "azure-kv:https://v/secrets/a_b",
                "expected azure-kv:https://",
            ),
            ("etcd:app/db", "expected etcd:/KEY"),
            ("etcd:/a//b", "expected etcd:/KEY"),
            ("keyring:myapp", "expected keyring:SERVICE/USER"),
            ("ftp:x", "unknown scheme"),
        ] {
            let e = Reference::parse(text).expect_err(text).to_string();
            assert!(e.contains(expected), "{text}: {e}");
        }
    }
}
