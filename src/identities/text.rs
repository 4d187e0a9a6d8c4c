//! Parsing identity text: `AGE-SECRET-KEY-1…` entries separated by whitespace or newlines,
//! `#` comment lines, and the entries hush recognises but cannot use (plugin and
//! post-quantum identities), which are reported rather than silently dropped.
//!
//! Errors name the line number and what was expected, never the line's content.

use std::str::FromStr;

use super::BoxedIdentity;

/// What one source's text yielded.
#[derive(Default)]
pub(super) struct Parsed {
    pub identities: Vec<BoxedIdentity>,
    /// The public keys (`age1…`) of the X25519 identities, in order.
    pub recipients: Vec<String>,
    /// One note per recognised-but-unusable entry (no secrets).
    pub unsupported: Vec<String>,
}

impl std::fmt::Debug for Parsed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Parsed")
            .field("identities", &self.identities.len())
            .field("unsupported", &self.unsupported)
            .finish()
    }
}

impl Parsed {
    pub fn one(identity: BoxedIdentity) -> Parsed {
        Parsed {
            identities: vec![identity],
            recipients: Vec::new(),
            unsupported: Vec::new(),
        }
    }
}

/// Parses identity text given as bytes, which must be UTF-8.
pub(super) fn parse_bytes(bytes: &[u8]) -> Result<Parsed, String> {
    match std::str::from_utf8(bytes) {
        Ok(text) => parse(text),
        Err(e) => {
            let line = bytes[..e.valid_up_to()]
                .iter()
                .filter(|&&b| b == b'\n')
                .count()
                + 1;
            Err(format!("line {line}: not UTF-8 text"))
        }
    }
}

/// Parses identity text. Blank lines and lines starting with `#` are ignored; a line may
/// hold several identities separated by whitespace (as `SOPS_AGE_KEY` allows).
pub(super) fn parse(text: &str) -> Result<Parsed, String> {
    let mut parsed = Parsed::default();
    for (index, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        for word in line.split_whitespace() {
            entry(word, index + 1, &mut parsed)?;
        }
    }
    Ok(parsed)
}

fn entry(word: &str, line: usize, parsed: &mut Parsed) -> Result<(), String> {
    if has_prefix(word, "AGE-SECRET-KEY-PQ-") {
        parsed.unsupported.push(format!(
            "line {line}: post-quantum identities (AGE-SECRET-KEY-PQ-1…) are not supported yet"
        ));
    } else if has_prefix(word, "AGE-SECRET-KEY-1") {
        let identity = age::x25519::Identity::from_str(word)
            .map_err(|_| format!("line {line}: invalid AGE-SECRET-KEY-1 identity (wrong length, characters or checksum)"))?;
        parsed.recipients.push(identity.to_public().to_string());
        parsed.identities.push(Box::new(identity));
    } else if has_prefix(word, "AGE-PLUGIN-") {
        parsed.unsupported.push(format!(
            "line {line}: plugin identities ({}) are not supported",
            plugin_name(word)
        ));
    } else {
        return Err(format!("line {line}: {}", not_an_identity(word)));
    }
    Ok(())
}

/// Case-insensitive prefix test that copies nothing (the word may be a secret key).
fn has_prefix(word: &str, prefix: &str) -> bool {
    word.get(..prefix.len())
        .is_some_and(|p| p.eq_ignore_ascii_case(prefix))
}

/// `AGE-PLUGIN-YUBIKEY-1…` → `age-plugin-yubikey`: the plugin binary, not secret.
fn plugin_name(word: &str) -> String {
    let rest = &word["AGE-PLUGIN-".len()..];
    let name = rest.rsplit_once('-').map_or("", |(name, _)| name);
    if name.is_empty() || !name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-') {
        "age-plugin-…".into()
    } else {
        format!("age-plugin-{}", name.to_ascii_lowercase())
    }
}

/// Why a non-identity token is wrong, with a hint for common mix-ups. Only public prefixes
/// are inspected; nothing of the token is quoted.
fn not_an_identity(word: &str) -> &'static str {
    if word.starts_with("age1") {
        "this is an age recipient (public key), not an identity; the identity is the AGE-SECRET-KEY-1… line"
    } else if word.starts_with("-----BEGIN") {
        "this looks like a PEM/SSH private key; give SSH keys through SOPS_AGE_SSH_PRIVATE_KEY_FILE"
    } else {
        "not an age identity (expected AGE-SECRET-KEY-1…)"
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use secrecy::ExposeSecret;

    fn key() -> String {
        age::x25519::Identity::generate()
            .to_string()
            .expose_secret()
            .to_string()
    }

    #[test]
    fn comments_blank_lines_and_several_per_line() {
        let text = format!(
            "# created: x\n\n{}\n  {} {}\r\n#{}\n",
            key(),
            key(),
            key(),
            key()
        );
        let parsed = parse(&text).unwrap();
        assert_eq!(parsed.identities.len(), 3);
        assert!(parsed.unsupported.is_empty());
    }

    #[test]
    fn errors_name_the_line_never_the_content() {
        let secretish = concat!("AGE-SECRET-KEY-", "1NOTAVALIDKEYBUTSECRETLOOKING");
        let text = format!("# c\n{}\n{secretish}\n", key());
        let err = parse(&text).unwrap_err();
        assert!(err.starts_with("line 3: invalid AGE-SECRET-KEY-1"), "{err}");
        assert!(!err.contains("NOTAVALID"));
        let err = parse("\n\nhello world\n").unwrap_err();
        assert_eq!(
            err,
            "line 3: not an age identity (expected AGE-SECRET-KEY-1…)"
        );
        let err = parse(concat!("-----BEGIN OPENSSH ", "PRIVATE KEY-----\n")).unwrap_err();
        assert!(err.contains("SOPS_AGE_SSH_PRIVATE_KEY_FILE"), "{err}");
    }

    #[test]
    fn plugin_and_pq_identities_are_reported() {
        let text = format!(
            "AGE-PLUGIN-YUBIKEY-1QQQQQQ\n{}\nAGE-SECRET-KEY-PQ-1QQQQ\n",
            key()
        );
        let parsed = parse(&text).unwrap();
        assert_eq!(parsed.identities.len(), 1);
        assert_eq!(
            parsed.unsupported,
            [
                "line 1: plugin identities (age-plugin-yubikey) are not supported",
                "line 3: post-quantum identities (AGE-SECRET-KEY-PQ-1…) are not supported yet"
            ]
        );
    }

    #[test]
    fn non_utf8_reports_the_line() {
        let err = parse_bytes(b"# ok\n# ok\n\xff\n").unwrap_err();
        assert_eq!(err, "line 3: not UTF-8 text");
    }
}
