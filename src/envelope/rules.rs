//! Which values get encrypted: sops' six mutually exclusive rules, evaluated exactly as
//! sops' `shouldBeEncrypted` does (per key-path component, plus a stack of preceding comments).

use regex::Regex;

/// One encryption rule. At most one may be set on a file.
#[derive(Clone, Debug)]
pub enum Rule {
    UnencryptedSuffix(String),
    EncryptedSuffix(String),
    UnencryptedRegex(Regex),
    EncryptedRegex(Regex),
    UnencryptedCommentRegex(Regex),
    EncryptedCommentRegex(Regex),
}

/// The metadata key names of the rules, in the order sops documents them.
pub const RULE_KEYS: [&str; 6] = [
    "unencrypted_suffix",
    "encrypted_suffix",
    "unencrypted_regex",
    "encrypted_regex",
    "unencrypted_comment_regex",
    "encrypted_comment_regex",
];

/// The suffix sops records when no rule was given.
pub const DEFAULT_UNENCRYPTED_SUFFIX: &str = "_unencrypted";

impl Rule {
    /// Builds a rule from its metadata key and value; regexes use RE2-compatible syntax.
    pub fn from_key(key: &str, value: &str) -> Result<Rule, String> {
        let re = || Regex::new(value).map_err(|e| format!("invalid {key} `{value}`: {e}"));
        Ok(match key {
            "unencrypted_suffix" => Rule::UnencryptedSuffix(value.to_string()),
            "encrypted_suffix" => Rule::EncryptedSuffix(value.to_string()),
            "unencrypted_regex" => Rule::UnencryptedRegex(re()?),
            "encrypted_regex" => Rule::EncryptedRegex(re()?),
            "unencrypted_comment_regex" => Rule::UnencryptedCommentRegex(re()?),
            "encrypted_comment_regex" => Rule::EncryptedCommentRegex(re()?),
            _ => return Err(format!("unknown encryption rule `{key}`")),
        })
    }

    /// The metadata key this rule is stored under.
    pub fn key(&self) -> &'static str {
        match self {
            Rule::UnencryptedSuffix(_) => RULE_KEYS[0],
            Rule::EncryptedSuffix(_) => RULE_KEYS[1],
            Rule::UnencryptedRegex(_) => RULE_KEYS[2],
            Rule::EncryptedRegex(_) => RULE_KEYS[3],
            Rule::UnencryptedCommentRegex(_) => RULE_KEYS[4],
            Rule::EncryptedCommentRegex(_) => RULE_KEYS[5],
        }
    }

    /// The rule's value as stored in metadata.
    pub fn value(&self) -> &str {
        match self {
            Rule::UnencryptedSuffix(s) | Rule::EncryptedSuffix(s) => s,
            Rule::UnencryptedRegex(r)
            | Rule::EncryptedRegex(r)
            | Rule::UnencryptedCommentRegex(r)
            | Rule::EncryptedCommentRegex(r) => r.as_str(),
        }
    }

    /// Decides whether a leaf at `path` (map keys only) is encrypted. `comments` holds, per
    /// nesting level, the comments seen since the last value at that level; `is_comment` says
    /// the leaf is itself the last of those comments.
    pub fn should_encrypt(
        &self,
        path: &[String],
        comments: &[Vec<String>],
        is_comment: bool,
    ) -> bool {
        match self {
            Rule::UnencryptedSuffix(s) => !path.iter().any(|p| p.ends_with(s.as_str())),
            Rule::EncryptedSuffix(s) => path.iter().any(|p| p.ends_with(s.as_str())),
            Rule::UnencryptedRegex(r) => !path.iter().any(|p| r.is_match(p)),
            Rule::EncryptedRegex(r) => path.iter().any(|p| r.is_match(p)),
            Rule::UnencryptedCommentRegex(r) => !comments.iter().flatten().any(|c| r.is_match(c)),
            Rule::EncryptedCommentRegex(r) => {
                let last_level = comments.len().saturating_sub(1);
                comments.iter().enumerate().any(|(i, level)| {
                    level.iter().enumerate().any(|(j, c)| {
                        // The matching comment line itself stays readable.
                        let is_self = is_comment && i == last_level && j + 1 == level.len();
                        !is_self && r.is_match(c)
                    })
                })
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(parts: &[&str]) -> Vec<String> {
        parts.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn suffix_rules_apply_to_any_component() {
        let r = Rule::from_key("unencrypted_suffix", "_unencrypted").unwrap();
        assert!(r.should_encrypt(&p(&["a", "b"]), &[], false));
        assert!(!r.should_encrypt(&p(&["a_unencrypted", "b"]), &[], false));
        let r = Rule::from_key("encrypted_suffix", "_secret").unwrap();
        assert!(!r.should_encrypt(&p(&["a"]), &[], false));
        assert!(r.should_encrypt(&p(&["db_secret", "x"]), &[], false));
    }

    #[test]
    fn regex_rules_are_unanchored() {
        let r = Rule::from_key("encrypted_regex", "^(data|stringData)$").unwrap();
        assert!(r.should_encrypt(&p(&["data", "password"]), &[], false));
        assert!(!r.should_encrypt(&p(&["metadata", "name"]), &[], false));
        assert!(!r.should_encrypt(&[], &[], true));
        let r = Rule::from_key("unencrypted_regex", "pub").unwrap();
        assert!(!r.should_encrypt(&p(&["public_key"]), &[], false));
    }

    #[test]
    fn comment_rules_follow_the_comment_stack() {
        let r = Rule::from_key("encrypted_comment_regex", "sops:enc").unwrap();
        let stack = vec![vec!["sops:enc".to_string()]];
        assert!(r.should_encrypt(&p(&["k"]), &stack, false));
        assert!(
            !r.should_encrypt(&[], &stack, true),
            "the marker comment itself stays plain"
        );
        let r = Rule::from_key("unencrypted_comment_regex", "plain").unwrap();
        assert!(!r.should_encrypt(&p(&["k"]), &[vec![" plain".into()]], false));
    }

    #[test]
    fn bad_regex_is_reported() {
        assert!(Rule::from_key("encrypted_regex", "(").is_err());
        assert!(Rule::from_key("nope", "x").is_err());
    }
}
