//! What is not a secret: templates, references, placeholders, documented example keys,
//! public material and identifiers; plus Shannon entropy and the "secret-looking name"
//! test shared by the generic and structure-aware detectors.

use std::sync::LazyLock;

use regex::Regex;

/// Shannon entropy in bits per character.
pub fn entropy(s: &str) -> f64 {
    let mut counts = [0u32; 256];
    let mut n = 0u32;
    for b in s.bytes() {
        counts[b as usize] += 1;
        n += 1;
    }
    if n == 0 {
        return 0.0;
    }
    let n = f64::from(n);
    counts
        .iter()
        .filter(|&&c| c > 0)
        .map(|&c| {
            let p = f64::from(c) / n;
            -p * p.log2()
        })
        .sum()
}

/// Keys vendors publish in their documentation as examples (never real credentials).
const DOCUMENTED_EXAMPLES: &[&str] = &[
    "AKIAIOSFODNN7EXAMPLE",
    // The Azurite storage emulator's published account key.
    "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==",
    // Kubernetes' EncryptionConfiguration documentation.
    "c2VjcmV0IGlzIHNlY3VyZSwgb3IgaXMgaXQ/Cg==",
    "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
    "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c",
];

/// Words that mark a value as a placeholder when they appear anywhere in it.
const PLACEHOLDER_WORDS: &[&str] = &[
    "changeme",
    "change_me",
    "change-me",
    "changethis",
    "example",
    "placeholder",
    "replace",
    "your_",
    "your-",
    "yourpass",
    "yoursecret",
    "yourtoken",
    "xxxxx",
    "*****",
    "dummy",
    "sample",
    "redacted",
    "insert",
    "fixme",
    "todo",
    "notasecret",
    "not-a-secret",
    "not_a_secret",
    "fake",
    "foobar",
    "<",
    "…",
    "...",
];

/// Whole values that are placeholders.
const PLACEHOLDER_VALUES: &[&str] = &[
    "password",
    "passwd",
    "secret",
    "token",
    "apikey",
    "api_key",
    "null",
    "none",
    "nil",
    "undefined",
    "empty",
    "default",
    "true",
    "false",
    "required",
    "optional",
    "string",
    "test",
    "testing",
    "admin",
    "root",
    "guest",
    "user",
    "username",
    "pass",
    "hunter2",
    "secret123",
    "password123",
    "abc123",
    "123456",
    "12345678",
    "qwerty",
];

/// True for documented example keys and obvious placeholders.
pub fn is_placeholder(value: &str) -> bool {
    let v = value.trim();
    if DOCUMENTED_EXAMPLES.iter().any(|e| v.contains(e)) {
        return true;
    }
    let lower = v.to_ascii_lowercase();
    if PLACEHOLDER_VALUES.contains(&lower.as_str()) {
        return true;
    }
    if PLACEHOLDER_WORDS.iter().any(|w| lower.contains(w)) {
        return true;
    }
    // One character repeated (`aaaaaaaa`, `00000000`).
    let mut chars = v.chars();
    chars.next().is_some_and(|c| chars.all(|d| d == c))
}

/// True for values that are filled in later: `${VAR}`, `$VAR`, `{{ .Values.x }}`,
/// `$(cmd)`, `%(name)s`, `#{x}`, `<%= x %>`, `@VAR@`, `%VAR%`.
pub fn is_template(value: &str) -> bool {
    let v = value.trim();
    v.contains("${")
        || v.contains("{{")
        || v.contains("$(")
        || v.contains("%(")
        || v.contains("#{")
        || v.contains("<%")
        || v.starts_with('$')
        || (v.len() > 2 && v.starts_with('@') && v.ends_with('@'))
        || (v.len() > 2 && v.starts_with('%') && v.ends_with('%'))
        || is_format_placeholder(v)
}

/// `{pw}`, `{0}`, `{}`, `{name:>8}`: a whole value that is one Python/Rust/C# format field.
fn is_format_placeholder(v: &str) -> bool {
    v.strip_prefix('{')
        .and_then(|r| r.strip_suffix('}'))
        .is_some_and(|inner| {
            let field = inner.split(':').next().unwrap_or("");
            field
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '.')
                && !inner.contains(['{', '}', '"', '\'', ' '])
        })
}

/// True for ciphertext and references to secrets kept elsewhere.
pub fn is_reference_or_ciphertext(value: &str) -> bool {
    let v = value.trim();
    const PREFIXES: &[&str] = &[
        "ENC[",
        "vault:",
        "ref+",
        "arn:aws:secretsmanager:",
        "arn:aws:ssm:",
        "projects/",
        "secretKeyRef",
        "secretRef",
        "awskms:",
        "gcpkms:",
        "azurekeyvault:",
        "op://",
        "sm://",
        "file:",
        "env:",
        "-----BEGIN AGE ENCRYPTED FILE-----",
    ];
    // Bitnami SealedSecrets ciphertext: long base64 starting "AgA"/"AgB".
    let sealed_secret = v.len() > 300 && (v.starts_with("AgA") || v.starts_with("AgB"));
    sealed_secret || PREFIXES.iter().any(|p| v.starts_with(p))
}

/// True for material that is public by design: public keys, certificates, age and SSH
/// recipients, prefixed digests and integrity hashes, and UUIDs. (Bare hex is not
/// excluded: under a secret-looking name it is usually a key.)
pub fn is_public_or_digest(value: &str) -> bool {
    static PUBLIC: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(concat!(
            r"^(?:age1[0-9a-z]{58}|ssh-(?:rsa|ed25519|dss) |ecdsa-sha2-|sk-ssh-|",
            r"-----BEGIN (?:PUBLIC KEY|CERTIFICATE|RSA PUBLIC KEY|PGP PUBLIC|OPENSSH PUBLIC)|",
            r"(?:sha1|sha256|sha384|sha512|md5)[:-]|",
            r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$)"
        ))
        .expect("static regex")
    });
    PUBLIC.is_match(value.trim())
}

/// Names that say their value is a secret (`DB_PASSWORD`, `apiKey`, `client-secret`,
/// `DB_PASS`, `smtpPass`, `passphrase`; not `COMPASS`, `BYPASS` or `PASSPORT`: `pass` counts
/// only as a whole part of the name).
pub fn is_secret_name(name: &str) -> bool {
    static SECRET: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(concat!(
            r"(?i)(?:passw(?:or)?d|passwd|\bpwd|_pwd|secret|token|api[_.-]?key|apikey|",
            r"access[_.-]?key|private[_.-]?key|auth[_.-]?key|signing[_.-]?key|",
            r"encryption[_.-]?key|master[_.-]?key|credential|connection[_.-]?string|",
            r"\bdsn\b|_dsn\b|passphrase)"
        ))
        .expect("static regex")
    });
    static PASS_PART: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?:^|[_.-])(?i:pass)(?:$|[_.-])|[a-z0-9]Pass$").expect("static regex")
    });
    static NOT_SECRET: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(concat!(
            r"(?i)(?:file|path|dir|name|ref|_?id|url|uri|endpoint|length|len|size|type|",
            r"count|timeout|ttl|expir(?:y|es|ation)|header|field|mode|policy|enabled|",
            r"prefix|suffix|provider|format|algorithm|alg|version|hint|label|description|",
            r"template|policy|method|strategy|location|store|manager|key_?ref|secretkeyref|",
            r"existingsecret|usage|rotation|interval|days|period|required|min|max|regex|",
            r"pattern|sha|hash|digest|checksum|tokenizer|limit)$"
        ))
        .expect("static regex")
    });
    (SECRET.is_match(name) || PASS_PART.is_match(name)) && !NOT_SECRET.is_match(name)
}

/// True when a value under a secret name is a literal worth reporting: not a placeholder,
/// template, reference, public value, path or plain identifier (no randomness required).
pub fn is_literal(value: &str) -> bool {
    let v = value.trim();
    v.len() >= 6
        && v.len() <= 1000
        && !v.contains(char::is_whitespace)
        && !is_template(v)
        && !is_placeholder(v)
        && !is_reference_or_ciphertext(v)
        && !is_public_or_digest(v)
        && !looks_like_path_or_url(v)
        && !looks_like_identifier(v)
        && v.parse::<f64>().is_err()
}

/// True when a literal could be a real secret with no other context: [`is_literal`], at
/// least 8 characters of two character classes, and random-looking enough.
pub fn is_plausible_secret(value: &str) -> bool {
    let v = value.trim();
    if v.len() < 8 || !is_literal(v) {
        return false;
    }
    let classes = [
        v.bytes().any(|b| b.is_ascii_lowercase()),
        v.bytes().any(|b| b.is_ascii_uppercase()),
        v.bytes().any(|b| b.is_ascii_digit()),
        v.bytes().any(|b| !b.is_ascii_alphanumeric()),
    ]
    .iter()
    .filter(|&&c| c)
    .count();
    classes >= 2 && entropy(v) >= 2.8
}

fn looks_like_path_or_url(v: &str) -> bool {
    let is_url = v.contains("://") && !v.contains('@');
    is_url || v.starts_with('/') || v.starts_with("./") || v.starts_with("~/")
}

/// `config.db.password`, `getPassword()`, `MY_SECRET_NAME`, `kebab-case-name`.
fn looks_like_identifier(v: &str) -> bool {
    static IDENT: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(concat!(
            r"^(?:[A-Za-z_][A-Za-z0-9_]{0,31}(?:\.[A-Za-z_][A-Za-z0-9_]{0,31})+(?:\(\))?|",
            r"[A-Za-z_][A-Za-z0-9_]*\(.*|",
            r"[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+|",
            r"[a-z]+(?:[-_][a-z]+)+|",
            r"[a-z]+(?:[A-Z][a-z]+)+|[A-Z][a-z]+(?:[A-Z][a-z0-9]+)+)$"
        ))
        .expect("static regex")
    });
    IDENT.is_match(v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entropy_orders_random_above_repetitive() {
        assert!(entropy("aaaaaaaa") < 0.1);
        assert!(entropy("k8Jd93LqpZ0xVb7N") > 3.5);
    }

    #[test]
    fn format_fields_are_templates_but_braced_text_is_not() {
        for v in ["{pw}", "{0}", "{}", "{self.password}", "{secret:>12}"] {
            assert!(is_template(v), "{v}");
        }
        for v in ["{\"k\": \"v\"}", "{not a field}", "p{w}d", "{a}{b}"] {
            assert!(!is_format_placeholder(v), "{v}");
        }
    }

    #[test]
    fn placeholders_templates_and_references_are_not_secrets() {
        for v in [
            "changeme",
            "<your-token>",
            "REPLACE_ME",
            "xxxxxxxxxxxx",
            "AKIAIOSFODNN7EXAMPLE",
            // The Azurite storage emulator's published account key.
            "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==",
            // Kubernetes' EncryptionConfiguration documentation.
            "c2VjcmV0IGlzIHNlY3VyZSwgb3IgaXMgaXQ/Cg==",
            "${DB_PASSWORD}",
            "{{ .Values.db.password }}",
            "$(cat /run/secrets/x)",
            "ENC[AES256_GCM,data:abc,iv:def,tag:ghi,type:str]",
            "config.database.password",
            "get_password()",
            "DB_PASSWORD_FILE",
            "my-app-secret",
            "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
            "123e4567-e89b-12d3-a456-426614174000",
            "age1lzd99uklcjnc0e7d860axevet2cz99ce9pq6tzuzd05l5nr28ams36nvun",
        ] {
            assert!(!is_plausible_secret(v), "{v} is not a secret");
        }
    }

    #[test]
    fn random_literals_are_plausible() {
        for v in [
            "S3cr3t-P@ssw0rd!",
            "k8Jd93LqpZ0xVb7N",
            "Zm9vYmFyYmF6cXV4MTIz",
        ] {
            assert!(is_plausible_secret(v), "{v}");
        }
    }

    #[test]
    fn secret_names() {
        for n in [
            "DB_PASSWORD",
            "apiKey",
            "client-secret",
            "GITHUB_TOKEN",
            "pwd",
            "dsn",
            "DB_PASS",
            "smtp.pass",
            "pass",
            "dbPass",
            "ssh-pass",
            "GPG_PASSPHRASE",
        ] {
            assert!(is_secret_name(n), "{n}");
        }
        for n in [
            "PASSWORD_FILE",
            "secretName",
            "existingSecret",
            "token_url",
            "tokenTTL",
            "username",
            "passwordKeyRef",
            "COMPASS_HEADING",
            "PASSPORT_NO",
            "CACHE_BYPASS",
            "passthrough",
            "DB_PASS_FILE",
            "Compass",
        ] {
            assert!(!is_secret_name(n), "{n}");
        }
    }
}
