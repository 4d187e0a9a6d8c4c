//! Generic credentials: a secret-looking name assigned a literal, random-looking value
//! (`password = "…"`, `API_KEY: …`, `"client_secret": "…"`). In program source only quoted
//! literals count; in configuration unquoted values do too, unless they are code (a call,
//! an index, a dereference: the code samples of a README or a `.txt`). In `.env` files and
//! Helm values the finding carries the file-specific rule.

use std::sync::LazyLock;

use regex::{Regex, RegexBuilder};

use super::filters::{is_plausible_secret, is_secret_name};
use crate::lint::finding::{Hit, PRIORITY_GENERIC, PRIORITY_STRUCTURE};
use crate::lint::source::{FileKind, Source};

/// Prefilter keywords of this detector (lowercase).
pub const KEYWORDS: &[&str] = &[
    "pass",
    "pwd",
    "secret",
    "token",
    "key",
    "credential",
    "dsn",
    "connection",
];

// The bounded repetitions around the name make a large automaton: with regex's default
// cache the lazy DFA kept being rebuilt (a quarter of lint's time went to determinizing),
// so it gets room to keep its states.
static ASSIGNMENT: LazyLock<Regex> = LazyLock::new(|| {
    RegexBuilder::new(concat!(
        r#"(?P<key>[A-Za-z0-9_.-]{0,60}(?i:pass|pwd|secret|token|key|credential|dsn|connection)[A-Za-z0-9_.-]{0,60})"#,
        r#"["']?[ \t]*(?P<op>:=|=>|:|=)[ \t]*(?P<open>["'`]?)(?P<val>[^\s"'`,;]{8,})"#
    ))
    .dfa_size_limit(64 << 20)
    .build()
    .expect("static regex")
});

/// Finds generic assignments in `src`.
pub fn detect(src: &Source, hits: &mut Vec<Hit>) {
    let (rule, priority) = match src.kind {
        FileKind::Dotenv => ("dotenv-secret", PRIORITY_STRUCTURE),
        FileKind::HelmValues => ("helm-values-secret", PRIORITY_STRUCTURE),
        _ => ("generic-secret", PRIORITY_GENERIC),
    };
    for caps in ASSIGNMENT.captures_iter(&src.text) {
        let (Some(key), Some(val), Some(open)) =
            (caps.name("key"), caps.name("val"), caps.name("open"))
        else {
            continue;
        };
        if src.kind == FileKind::Code && open.as_str().is_empty() {
            continue;
        }
        if caps.name("op").is_some_and(|op| op.as_str() == "=")
            && src.text[val.end()..].starts_with('=')
        {
            continue;
        }
        let name = key.as_str().trim_start_matches('-');
        let value = val.as_str();
        // `Type::Secret`, `ns::path`: a path separator, not an assignment.
        let path_sep = value.starts_with(':');
        let line = src.line_range(key.start());
        let before = &src.text[line.start..key.start()];
        let after = &src.text[val.end()..line.end.max(val.end())];
        if path_sep
            || !is_secret_name(name)
            || value == name
            || followed_by_call(&src.text, val.end(), value)
            || is_code(before, value)
            || open.as_str().is_empty() && is_prose(value, after)
        {
            continue;
        }
        if is_plausible_secret(value) {
            hits.push(Hit::new(rule, val.range(), priority));
        }
    }
}

/// `password = compute(...)`: the value was a function name cut at `(`; and
/// `ConnectionString: Protocol=https;…`: the value is the first `Key=Value` of a
/// connection string (its secret parts have their own rules).
fn followed_by_call(text: &str, end: usize, value: &str) -> bool {
    let rest = &text[end..];
    rest.starts_with('(') || rest.starts_with(';') && value.trim_end_matches('=').contains('=')
}

/// A (qualified) name: `client`, `std::env::var`, `resp.Value`, `a?.b`, `p->q`.
const NAME: &str = r"[A-Za-z_$][\w$]*(?:(?:\.|::|->|\?\.)[A-Za-z_$][\w$]*)*";

/// An unquoted value that starts a sentence or a block rather than being a literal: two
/// words follow it on the line (`passphrase-confirm = Confirmar frase contraseña`,
/// `{-term} can't be used with…` in a localisation file), or it is one plain word followed
/// by more (`credentials = Credentials {`). `after` is the rest of the line.
fn is_prose(value: &str, after: &str) -> bool {
    static WORDS_FOLLOW: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"^[ \t]+[A-Za-z']+[ \t]+[A-Za-z']+\b").expect("static regex"));
    static MORE_FOLLOWS: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"^[ \t]+[\w{(\[]").expect("static regex"));
    let one_word = value.bytes().all(|b| b.is_ascii_alphabetic());
    WORDS_FOLLOW.is_match(after) || one_word && MORE_FOLLOWS.is_match(after)
}

/// A value that is code rather than a literal, as in the samples of a README: a Rust path
/// (`cpuid::InitToken`), a qualified name called or indexed (`client.get_token(`, `X::new()?`, `os.Getenv(`, `json()[`), a
/// dereferenced name (`*resp.Value`, `&cfg.key`), or a name closing a call: one the line
/// opened before the key (`Client(url, credential=credential)`), or, in a call spread over
/// lines, a name that is no plausible secret by itself (`    credential=credential)`). (A
/// bare `name(` is already an identifier to [`is_plausible_secret`].) `before` is the line
/// up to the key.
fn is_code(before: &str, value: &str) -> bool {
    static CALL_OR_DEREF: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(&format!(
            r"^(?:[*&]?{NAME}(?:::<[^>]*>)?!?[(\[]|[*&]{NAME}$)"
        ))
        .expect("static regex")
    });
    static CLOSES_CALL: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(&format!(r"^{NAME}[)\]]+$")).expect("static regex"));
    static PATH: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(&format!(r"^{NAME}$")).expect("static regex"));
    if CALL_OR_DEREF.is_match(value) || value.contains("::") && PATH.is_match(value) {
        return true;
    }
    let opened = before.matches('(').count() > before.matches(')').count();
    CLOSES_CALL.is_match(value)
        && (opened || !is_plausible_secret(value.trim_end_matches([')', ']'])))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(path: &str, text: &str) -> Vec<String> {
        super::super::found_by(detect, path, text)
    }

    #[test]
    fn quoted_literals_in_code() {
        assert_eq!(
            found("a.py", "DB_PASSWORD = \"Xk9#mQ2vLp\"\n"),
            ["Xk9#mQ2vLp"]
        );
        assert!(found("a.py", "password = get_password(user)\n").is_empty());
        assert!(found("a.py", "password = os.environ[\"DB_PASSWORD\"]\n").is_empty());
        assert!(found("a.go", "token := cfg.Token\n").is_empty());
        assert!(found("a.md", "`SecretKey::to_string`\n").is_empty());
        assert!(found("a.rs", "Op::SharedSecret => \"SharedSecret\",\n").is_empty());
    }

    #[test]
    fn config_values() {
        assert_eq!(
            found("c.yaml", "  api_key: Zm9vYmFyYmF6cXV4MTIz\n"),
            ["Zm9vYmFyYmF6cXV4MTIz"]
        );
        assert!(found("c.yaml", "  password: ${DB_PASSWORD}\n").is_empty());
        assert!(found("c.yaml", "  passwordFile: /run/secrets/db\n").is_empty());
        assert!(found("c.ini", "token_ttl = 3600s\n").is_empty());
    }

    #[test]
    fn code_in_documentation_is_not_a_value() {
        for line in [
            "let credential = DefaultAzureCredential::new()?;",
            "let token = std::env::var(\"GITHUB_TOKEN\")?;",
            "token = client.get_token(\"https://management.azure.com/.default\")",
            "access_token = response.json()[\"access_token\"]",
            "client = SecretClient(vault_url=vault_url, credential=credential)",
            "    credential=credential)",
            "    secret_key=self.secret_key)",
            "secretValue := *resp.Value",
            "secret := os.Getenv(\"APP_SECRET\")",
            "let token: cpuid_aes_sha::InitToken = cpuid_aes_sha::init();",
            "const secret = crypto.randomBytes(32).toString(\"hex\");",
        ] {
            for path in ["README.md", "notes.txt", "doc.rst"] {
                assert!(found(path, line).is_empty(), "{path}: {line}");
            }
        }
        assert_eq!(
            found("notes.txt", "password = Xk9#mQ2(vLp\n"),
            ["Xk9#mQ2(vLp"]
        );
        assert_eq!(
            found("notes.txt", "api_secret = k8Jd93LqpZ0xVb7N)\n"),
            ["k8Jd93LqpZ0xVb7N)"],
            "a closing bracket alone does not make code"
        );
    }

    #[test]
    fn sentences_are_not_values() {
        for line in [
            "cli-passphrase-confirm = Confirmar frase contraseña",
            "err-mixed-recipient-passphrase = {-age-plugin} can't be used with other recipients.",
            "let credentials = Credentials {",
        ] {
            assert!(found("age.ftl", line).is_empty(), "{line}");
        }
        for (line, secret) in [
            ("DB_PASS=Xk9mQ2vLpW -h db.internal app", "Xk9mQ2vLpW"),
            ("password = Quickfox # rotate me", "Quickfox"),
            ("password = Xk9#mQ2vLp and more words", ""),
        ] {
            let want: Vec<&str> = [secret].into_iter().filter(|s| !s.is_empty()).collect();
            assert_eq!(found("notes.txt", line), want, "{line}");
        }
    }
}
