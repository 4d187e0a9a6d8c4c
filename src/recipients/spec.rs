//! Recipients as written on the command line (and, through the constructors in
//! `ops::keys`, in creation rules), parsed without contacting any service: the syntax of
//! sops' `--kms`, `--encryption-context`, `--gcp-kms`, `--azure-kv` and `--hc-vault-transit`
//! values, and hush's `--key-group KIND=VALUE,...`.

use std::collections::BTreeMap;

use crate::error::Error;

/// One recipient of any kind, as given; [`super::build`] turns it into a wrapper.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RecipientSpec {
    /// An age recipient or SSH public key.
    Age(String),
    AwsKms(AwsKmsSpec),
    /// `projects/P/locations/L/keyRings/R/cryptoKeys/K`.
    GcpKms {
        resource_id: String,
    },
    AzureKv(AzureKvSpec),
    /// `https://HOST:PORT/v1/ENGINE/keys/NAME`.
    VaultTransit {
        uri: String,
    },
}

/// An AWS KMS key: ARN, optional role to assume, encryption context, profile.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AwsKmsSpec {
    pub arn: String,
    pub role: Option<String>,
    pub context: BTreeMap<String, String>,
    pub profile: Option<String>,
}

/// An Azure Key Vault key; without a version the key's current version is looked up when
/// wrapping, and recorded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AzureKvSpec {
    /// `https://VAULT.vault.azure.net`.
    pub vault_url: String,
    pub name: String,
    pub version: Option<String>,
}

/// sops' ARN check: `arn:aws…:kms:REGION:ACCOUNT:key/…` or `…:alias/…`. Returns the region.
pub fn kms_arn_region(arn: &str) -> Result<&str, Error> {
    let bad = |reason: &str| Error::BadRecipient {
        recipient: arn.to_string(),
        reason: reason.to_string(),
    };
    let parts: Vec<&str> = arn.splitn(6, ':').collect();
    let [scheme, partition, service, region, account, resource] = parts[..] else {
        return Err(bad(
            "not a KMS key ARN (arn:aws:kms:REGION:ACCOUNT:key/ID or …:alias/NAME)",
        ));
    };
    let ok = scheme == "arn"
        && partition.starts_with("aws")
        && service == "kms"
        && !region.is_empty()
        && !account.is_empty()
        && account.bytes().all(|b| b.is_ascii_digit())
        && (resource.len() > 4 && resource.starts_with("key/")
            || resource.len() > 6 && resource.starts_with("alias/"));
    if ok {
        Ok(region)
    } else {
        Err(bad(
            "not a KMS key ARN (arn:aws:kms:REGION:ACCOUNT:key/ID or …:alias/NAME)",
        ))
    }
}

/// `ARN` or `ARN+ROLE_ARN`, spaces removed as sops does: the key ARN and the role to assume.
pub fn split_kms_role(item: &str) -> (String, Option<String>) {
    let item: String = item.chars().filter(|c| *c != ' ').collect();
    match item.find("+arn:") {
        Some(i) if i > 0 => (item[..i].to_string(), Some(item[i + 1..].to_string())),
        _ => (item, None),
    }
}

/// One `--kms` item: `ARN` or `ARN+ROLE_ARN` (spaces removed, as sops does).
pub fn parse_kms_item(
    item: &str,
    context: &BTreeMap<String, String>,
    profile: Option<&str>,
) -> Result<AwsKmsSpec, Error> {
    let (arn, role) = split_kms_role(item);
    kms_arn_region(&arn)?;
    Ok(AwsKmsSpec {
        arn,
        role,
        context: context.clone(),
        profile: profile.filter(|p| !p.is_empty()).map(str::to_string),
    })
}

/// `--encryption-context key:value,key:value` (sops' format; empty means none).
pub fn parse_encryption_context(text: &str) -> Result<BTreeMap<String, String>, Error> {
    let mut out = BTreeMap::new();
    if text.trim().is_empty() {
        return Ok(out);
    }
    for pair in text.split(',') {
        let bad = |reason: &str| Error::EncryptionContext {
            context: text.to_string(),
            reason: reason.to_string(),
        };
        let mut kv = pair.split(':');
        let (Some(k), Some(v), None) = (kv.next(), kv.next(), kv.next()) else {
            return Err(bad(&format!(
                "`{pair}` is not one key:value pair (values may not contain `:` or `,`)"
            )));
        };
        if k.is_empty() {
            return Err(bad(&format!("`{pair}` has an empty key")));
        }
        out.insert(k.to_string(), v.to_string());
    }
    Ok(out)
}

/// One `--gcp-kms` item (spaces removed, as sops does).
pub fn parse_gcp_kms_item(item: &str) -> Result<String, Error> {
    let id: String = item.chars().filter(|c| *c != ' ').collect();
    let parts: Vec<&str> = id.split('/').collect();
    let shape = ["projects", "locations", "keyRings", "cryptoKeys"];
    let ok = parts.len() == 8
        && parts.iter().all(|p| !p.is_empty())
        && shape.iter().enumerate().all(|(i, s)| parts[2 * i] == *s);
    if ok {
        Ok(id)
    } else {
        Err(Error::BadRecipient {
            recipient: id,
            reason:
                "not a GCP KMS key resource ID (projects/P/locations/L/keyRings/R/cryptoKeys/K)"
                    .into(),
        })
    }
}

/// One `--azure-kv` item: `https://VAULT.vault.azure.net/keys/NAME[/VERSION]`.
pub fn parse_azure_kv_item(item: &str) -> Result<AzureKvSpec, Error> {
    let url = item.trim();
    let bad = || Error::BadRecipient {
        recipient: url.to_string(),
        reason:
            "not an Azure Key Vault key URL (https://VAULT.vault.azure.net/keys/NAME[/VERSION])"
                .into(),
    };
    let rest = url.strip_prefix("https://").ok_or_else(bad)?;
    let parts: Vec<&str> = rest.split('/').collect();
    let (host, name, version) = match parts[..] {
        [host, "keys", name] => (host, name, None),
        [host, "keys", name, version] => (host, name, Some(version)),
        _ => return Err(bad()),
    };
    if host.is_empty() || name.is_empty() {
        return Err(bad());
    }
    Ok(AzureKvSpec {
        vault_url: format!("https://{host}"),
        name: name.to_string(),
        version: version.filter(|v| !v.is_empty()).map(str::to_string),
    })
}

/// Splits a comma-separated flag value into its non-empty items.
pub fn items(value: &str) -> impl Iterator<Item = &str> {
    value.split(',').map(str::trim).filter(|s| !s.is_empty())
}

/// `--key-group KIND=VALUE[,KIND=VALUE...]`: one key group. KIND is a recipient flag's name
/// (`age`, `kms`, `gcp-kms`, `azure-kv`, `hc-vault-transit`); `kms` items take
/// `context` and `profile` (the `--encryption-context` and `--aws-profile` values).
pub fn parse_key_group(
    text: &str,
    context: &BTreeMap<String, String>,
    profile: Option<&str>,
) -> Result<Vec<RecipientSpec>, Error> {
    let group = items(text)
        .map(|item| {
            let (kind, value) = item.split_once('=').ok_or_else(|| {
                Error::Usage(format!(
                    "--key-group `{text}`: `{item}` is not KIND=VALUE (KIND: age, kms, gcp-kms, azure-kv, hc-vault-transit)"
                ))
            })?;
            let value = value.trim();
            Ok(match kind.trim() {
                "age" => RecipientSpec::Age(value.to_string()),
                "kms" => RecipientSpec::AwsKms(parse_kms_item(value, context, profile)?),
                "gcp-kms" => RecipientSpec::GcpKms {
                    resource_id: parse_gcp_kms_item(value)?,
                },
                "azure-kv" => RecipientSpec::AzureKv(parse_azure_kv_item(value)?),
                "hc-vault-transit" => RecipientSpec::VaultTransit {
                    uri: value.to_string(),
                },
                other => {
                    return Err(Error::Usage(format!(
                        "--key-group `{text}`: unknown kind `{other}` (use age, kms, gcp-kms, azure-kv or hc-vault-transit)"
                    )));
                }
            })
        })
        .collect::<Result<Vec<_>, Error>>()?;
    if group.is_empty() {
        return Err(Error::Usage(format!(
            "--key-group `{text}` names no recipient"
        )));
    }
    Ok(group)
}

#[cfg(test)]
mod tests {
    use super::*;

    const ARN: &str = "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab";

    #[test]
    fn kms_items_with_roles_contexts_and_profiles() {
        let ctx = parse_encryption_context("app:web,env:prod").expect("context");
        assert_eq!(ctx.len(), 2);
        let spec = parse_kms_item(
            &format!("{ARN}+arn:aws:iam::123456789012:role/sops"),
            &ctx,
            Some("dev"),
        )
        .expect("parse");
        assert_eq!(spec.arn, ARN);
        assert_eq!(
            spec.role.as_deref(),
            Some("arn:aws:iam::123456789012:role/sops")
        );
        assert_eq!(spec.context["env"], "prod");
        assert_eq!(spec.profile.as_deref(), Some("dev"));
        assert_eq!(kms_arn_region(ARN).expect("region"), "eu-west-1");
        let alias = "arn:aws-us-gov:kms:us-gov-west-1:1:alias/x";
        assert_eq!(kms_arn_region(alias).expect("alias"), "us-gov-west-1");
        for bad in [
            "arn:aws:s3:::bucket",
            "arn:aws:kms:eu-west-1:abc:key/x",
            "key/x",
            "arn:aws:kms:r:1:key/",
        ] {
            assert!(kms_arn_region(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn encryption_context_errors_exit_6() {
        assert!(parse_encryption_context("").expect("empty").is_empty());
        let err = parse_encryption_context("a:b,c").unwrap_err();
        assert!(
            err.to_string().contains("`c` is not one key:value pair"),
            "{err}"
        );
        assert_eq!(err.exit_code().code(), 6);
        assert!(parse_encryption_context("a:b:c").is_err());
        assert!(parse_encryption_context(":b").is_err());
    }

    #[test]
    fn gcp_and_azure_items() {
        let id = "projects/p/locations/global/keyRings/r/cryptoKeys/k";
        assert_eq!(parse_gcp_kms_item(&format!(" {id}")).expect("id"), id);
        assert!(parse_gcp_kms_item("projects/p/keyRings/r/cryptoKeys/k").is_err());
        let kv = parse_azure_kv_item("https://v.vault.azure.net/keys/k/0123abcd").expect("kv");
        assert_eq!(kv.vault_url, "https://v.vault.azure.net");
        assert_eq!(
            (kv.name.as_str(), kv.version.as_deref()),
            ("k", Some("0123abcd"))
        );
        let latest = parse_azure_kv_item("https://v.vault.azure.net/keys/k/").expect("kv");
        assert_eq!(latest.version, None);
        assert!(parse_azure_kv_item("http://v.vault.azure.net/keys/k").is_err());
        assert!(parse_azure_kv_item("https://v.vault.azure.net/secrets/k").is_err());
    }

    #[test]
    fn key_groups() {
        let ctx = BTreeMap::new();
        let g = parse_key_group(
            &format!("age=age1abc, kms={ARN},hc-vault-transit=http://h:1/v1/transit/keys/k"),
            &ctx,
            None,
        )
        .expect("group");
        assert_eq!(g.len(), 3);
        assert_eq!(g[0], RecipientSpec::Age("age1abc".into()));
        assert!(matches!(&g[1], RecipientSpec::AwsKms(s) if s.arn == ARN));
        let unknown = parse_key_group("pgp=ABC", &ctx, None).unwrap_err();
        assert!(
            unknown.to_string().contains("unknown kind `pgp`"),
            "{unknown}"
        );
        assert!(parse_key_group("age1abc", &ctx, None).is_err());
        assert!(parse_key_group(" , ", &ctx, None).is_err());
    }
}
