//! The order in which the master keys of one key group are tried when opening a file.
//!
//! As in sops: the kinds named in the decryption order come first, in that order, then every
//! other kind; keys of the same rank keep their metadata order. sops' default order (its
//! `DefaultDecryptionOrder`) is `age,pgp`: keys this machine holds are tried before any key
//! service, so a file sealed for age and Vault Transit opens with the age key even when the
//! Vault server does not answer. `SOPS_DECRYPTION_ORDER` (read in `ops::keys`) replaces it.

use super::metadata::{KEY_KINDS, MasterKey};

/// sops' default: offline keys first (age, which includes SSH keys, then PGP).
pub const DEFAULT_DECRYPTION_ORDER: [&str; 2] = ["age", "pgp"];

/// Master-key kinds in the order they are tried; kinds not named come last.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DecryptionOrder(Vec<String>);

impl Default for DecryptionOrder {
    fn default() -> Self {
        DecryptionOrder(DEFAULT_DECRYPTION_ORDER.map(str::to_string).to_vec())
    }
}

impl DecryptionOrder {
    /// Parses a comma-separated list of kinds (`age,hc_vault`), as sops'
    /// `--decryption-order`/`SOPS_DECRYPTION_ORDER`; empty means the default. A kind named
    /// twice is refused, as by sops; so is a name that is no sops key kind (sops would
    /// ignore it, silently trying the keys in metadata order).
    pub fn parse(text: &str) -> Result<DecryptionOrder, String> {
        if text.trim().is_empty() {
            return Ok(DecryptionOrder::default());
        }
        let mut kinds: Vec<String> = Vec::new();
        for kind in text.split(',').map(str::trim) {
            if !KEY_KINDS.contains(&kind) {
                return Err(format!(
                    "`{kind}` is not a key kind (the kinds are {})",
                    KEY_KINDS.join(", ")
                ));
            }
            if kinds.iter().any(|k| k == kind) {
                return Err(format!("`{kind}` is named twice"));
            }
            kinds.push(kind.to_string());
        }
        Ok(DecryptionOrder(kinds))
    }

    /// Where keys of `kind` come: their position in the order, or after all named kinds.
    fn rank(&self, kind: &str) -> usize {
        self.0
            .iter()
            .position(|k| k == kind)
            .unwrap_or(self.0.len())
    }

    /// The keys of one group in the order they are to be tried.
    pub fn sort<'a>(&self, keys: &'a [MasterKey]) -> Vec<&'a MasterKey> {
        let mut sorted: Vec<&MasterKey> = keys.iter().collect();
        // A stable sort: equal ranks keep the metadata order.
        sorted.sort_by_key(|k| self.rank(k.kind()));
        sorted
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn key(kind: &str, id: &str) -> MasterKey {
        match kind {
            "age" => MasterKey::Age {
                recipient: id.into(),
                enc: String::new(),
            },
            _ => MasterKey::Other {
                kind: kind.into(),
                raw: json!({ "arn": id }),
            },
        }
    }

    fn ids(order: &DecryptionOrder, keys: &[MasterKey]) -> Vec<String> {
        order.sort(keys).iter().map(|k| k.describe()).collect()
    }

    #[test]
    fn offline_keys_come_first_by_default_and_ties_keep_metadata_order() {
        // The cases of sops' TestSortKeyGroupIndices, with hush's kinds.
        let keys = [
            key("kms", "k1"),
            key("pgp", "p1"),
            key("age", "a1"),
            key("gcp_kms", "g1"),
            key("age", "a2"),
            key("pgp", "p2"),
        ];
        let order = DecryptionOrder::default();
        assert_eq!(ids(&order, &keys), ["a1", "a2", "p1", "p2", "k1", "g1"]);
        let order = DecryptionOrder::parse("pgp,age,kms").expect("order");
        assert_eq!(ids(&order, &keys), ["p1", "p2", "a1", "a2", "k1", "g1"]);
        let order = DecryptionOrder::parse("azure_kv,gcp_kms").expect("order");
        assert_eq!(ids(&order, &keys), ["g1", "k1", "p1", "a1", "a2", "p2"]);
        let order = DecryptionOrder::parse("hc_vault").expect("order");
        assert_eq!(ids(&order, &keys), ["k1", "p1", "a1", "g1", "a2", "p2"]);
    }

    #[test]
    fn parsing_follows_sops_and_refuses_what_it_would_silently_ignore() {
        assert_eq!(DecryptionOrder::parse(""), Ok(DecryptionOrder::default()));
        assert_eq!(
            DecryptionOrder::parse(" kms , age"),
            Ok(DecryptionOrder(vec!["kms".into(), "age".into()]))
        );
        let twice = DecryptionOrder::parse("age,kms,age").unwrap_err();
        assert_eq!(twice, "`age` is named twice");
        let unknown = DecryptionOrder::parse("age,vault").unwrap_err();
        assert!(
            unknown.starts_with("`vault` is not a key kind"),
            "{unknown}"
        );
        assert!(unknown.contains("hc_vault"), "{unknown}");
        assert!(DecryptionOrder::parse("age,,kms").is_err());
    }
}
