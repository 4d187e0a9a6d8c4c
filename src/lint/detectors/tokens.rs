//! Provider token formats: one pattern per token family, each with the keywords that must
//! appear for it to be tried (the prefilter) and a check that rejects look-alikes.

use std::sync::LazyLock;

use base64::Engine;
use regex::Regex;

use super::filters::{entropy, is_placeholder, is_plausible_secret, is_template};
use crate::lint::finding::{Hit, PRIORITY_PROVIDER};
use crate::lint::source::Source;

/// One token pattern. The secret is capture group 1.
pub struct Pattern {
    pub rule: &'static str,
    /// Lowercase literals; the pattern runs only when one of them occurs in the text.
    pub keywords: &'static [&'static str],
    regex: &'static str,
    check: fn(&str) -> bool,
}

fn always(_: &str) -> bool {
    true
}

fn random(s: &str) -> bool {
    !is_placeholder(s) && entropy(s) >= 3.0
}

fn has_mixed_case(s: &str) -> bool {
    random(s)
        && s.bytes().any(|b| b.is_ascii_uppercase())
        && s.bytes().any(|b| b.is_ascii_lowercase())
}

/// A password written inline: anything that is not a template or placeholder.
fn literal_password(s: &str) -> bool {
    let decoded = percent_decode(s);
    decoded.len() >= 3
        && !is_template(&decoded)
        && !is_placeholder(&decoded)
        && !decoded.starts_with('*')
}

fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let hex = |c: u8| (c as char).to_digit(16);
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        let escaped = (b[i] == b'%' && i + 2 < b.len())
            .then(|| Some(hex(b[i + 1])? * 16 + hex(b[i + 2])?))
            .flatten();
        match escaped {
            Some(v) => {
                out.push(v as u8);
                i += 3;
            }
            None => {
                out.push(b[i]);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// A JWT whose header decodes to JSON naming an algorithm.
fn jwt(s: &str) -> bool {
    let header = s.split('.').next().unwrap_or_default();
    base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(header.trim_end_matches('='))
        .ok()
        .and_then(|h| serde_json::from_slice::<serde_json::Value>(&h).ok())
        .is_some_and(|h| h.get("alg").is_some_and(|a| a != "none"))
        && !is_placeholder(s)
}

/// A Docker `auth` value: base64 of `user:password` with a real password.
fn docker_auth(s: &str) -> bool {
    let decoded = base64::engine::general_purpose::STANDARD
        .decode(s)
        .ok()
        .and_then(|d| String::from_utf8(d).ok());
    match decoded {
        Some(d) => d
            .split_once(':')
            .is_some_and(|(_, pass)| literal_password(pass)),
        None => is_plausible_secret(s),
    }
}

/// A webhook URL whose last path segment (its secret part) is random.
fn webhook(s: &str) -> bool {
    s.rsplit('/').next().is_some_and(random)
}

/// `digits:secret`: the part after the colon must be random.
fn telegram(s: &str) -> bool {
    s.split_once(':').is_some_and(|(_, t)| random(t))
}

fn not_template(s: &str) -> bool {
    s.len() >= 8 && !is_template(s) && !is_placeholder(s)
}

/// Every provider pattern, in rule order.
pub static PATTERNS: &[Pattern] = &[
    Pattern {
        rule: "aws-access-key-id",
        keywords: &["akia", "asia", "abia", "acca"],
        regex: r"\b((?:AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16})\b",
        check: random,
    },
    Pattern {
        rule: "aws-secret-access-key",
        keywords: &[
            "secret_access_key",
            "secretaccesskey",
            "aws_secret",
            "aws-secret",
            "secret-access-key",
        ],
        regex: r#"(?i:aws[_.-]?secret[_.-]?(?:access[_.-]?)?key|secret[_.-]?access[_.-]?key)["']?\s*(?::=|=>|:|=)\s*["']?([A-Za-z0-9/+]{40})(?:[^A-Za-z0-9/+]|$)"#,
        check: random,
    },
    Pattern {
        rule: "github-token",
        keywords: &["ghp_", "gho_", "ghu_", "ghs_", "ghr_"],
        regex: r"\b(gh[pousr]_[A-Za-z0-9]{36})\b",
        check: random,
    },
    Pattern {
        rule: "github-fine-grained-token",
        keywords: &["github_pat_"],
        regex: r"\b(github_pat_[A-Za-z0-9]{22}_[A-Za-z0-9]{59})\b",
        check: random,
    },
    Pattern {
        rule: "gitlab-token",
        keywords: &["glpat-", "gldt-", "glrt-", "glptt-", "gloas-"],
        regex: r"\b((?:glpat|gldt|glrt|glptt|gloas)-[A-Za-z0-9_-]{20,}(?:\.[0-9a-z]{2}\.[0-9a-z]{7,9})?)",
        check: random,
    },
    Pattern {
        rule: "slack-token",
        keywords: &["xoxb-", "xoxp-", "xoxa-", "xoxo-", "xapp-"],
        regex: r"\b(xox[bpao]-[0-9]{8,13}-[0-9]{8,13}(?:-[0-9]{8,13})?-[A-Za-z0-9]{24,34}|xapp-[0-9]-[A-Z0-9]{8,12}-[0-9]{10,13}-[a-f0-9]{64})\b",
        check: random,
    },
    Pattern {
        rule: "slack-webhook",
        keywords: &["hooks.slack.com"],
        regex: r"(https://hooks\.slack\.com/(?:services/T[A-Z0-9]{8,12}/B[A-Z0-9]{8,12}/[A-Za-z0-9]{23,25}|(?:workflows|triggers)/T[A-Z0-9]{8,12}/A[A-Z0-9]{8,12}/[0-9]{15,20}/[a-f0-9]{32}))",
        check: webhook,
    },
    Pattern {
        rule: "stripe-secret-key",
        keywords: &["sk_live_", "rk_live_", "sk_test_", "rk_test_"],
        regex: r"\b((?:sk|rk)_(?:live|test)_[A-Za-z0-9]{24,247})\b",
        check: random,
    },
    Pattern {
        rule: "google-api-key",
        keywords: &["aiza"],
        regex: r"\b(AIza[0-9A-Za-z_-]{35})(?:[^0-9A-Za-z_-]|$)",
        check: random,
    },
    Pattern {
        rule: "azure-storage-key",
        keywords: &[
            "accountkey",
            "storage_key",
            "storagekey",
            "storage_account_key",
            "storage-key",
        ],
        regex: r#"(?i:accountkey|azure[_.-]?storage[_.-]?(?:account[_.-]?)?key|storage[_.-]?account[_.-]?key)["']?\s*(?::=|=>|:|=)\s*["']?([A-Za-z0-9+/]{86}==)"#,
        check: random,
    },
    Pattern {
        rule: "azure-ad-client-secret",
        keywords: &["q~"],
        regex: r"(?:^|[^A-Za-z0-9_~.-])([A-Za-z0-9_~.-]{3}[0-9]Q~[A-Za-z0-9_~.-]{31,34})(?:[^A-Za-z0-9_~.-]|$)",
        check: random,
    },
    Pattern {
        rule: "sendgrid-api-key",
        keywords: &["sg."],
        regex: r"\b(SG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43})(?:[^A-Za-z0-9_-]|$)",
        check: random,
    },
    Pattern {
        rule: "twilio-api-key",
        keywords: &["sk"],
        regex: r"\b(SK[0-9a-f]{32})\b",
        check: random,
    },
    Pattern {
        rule: "twilio-api-key",
        keywords: &["twilio"],
        regex: r#"(?i:twilio[_.-]?(?:auth[_.-]?|api[_.-]?)?(?:token|secret))["']?\s*(?::=|=>|:|=)\s*["']?([0-9a-f]{32})\b"#,
        check: random,
    },
    Pattern {
        rule: "openai-api-key",
        keywords: &["t3blbkfj"],
        regex: r"\b(sk-(?:(?:proj|svcacct|admin)-)?[A-Za-z0-9_-]{20,}T3BlbkFJ[A-Za-z0-9_-]{20,})(?:[^A-Za-z0-9_-]|$)",
        check: random,
    },
    Pattern {
        rule: "anthropic-api-key",
        keywords: &["sk-ant-"],
        regex: r"\b(sk-ant-(?:api03|admin01)-[A-Za-z0-9_-]{93}AA)(?:[^A-Za-z0-9_-]|$)",
        check: random,
    },
    Pattern {
        rule: "npm-token",
        keywords: &["npm_"],
        regex: r"\b(npm_[A-Za-z0-9]{36})\b",
        check: random,
    },
    Pattern {
        rule: "pypi-token",
        keywords: &["pypi-ageichlwas5vcmc"],
        regex: r"\b(pypi-AgEIcHlwaS5vcmc[A-Za-z0-9_-]{50,})",
        check: always,
    },
    Pattern {
        rule: "vault-token",
        keywords: &["hvs.", "hvb.", "hvr."],
        regex: r"\b(hv[sbr]\.[A-Za-z0-9_-]{24,})",
        check: random,
    },
    Pattern {
        rule: "vault-token",
        keywords: &["vault_token", "vault-token", "vaulttoken", "x-vault-token"],
        regex: r#"(?i:vault[_.-]?token)["']?\s*(?::=|=>|:|=)\s*["']?(s\.[A-Za-z0-9]{24})\b"#,
        check: random,
    },
    Pattern {
        rule: "jwt",
        keywords: &["eyj"],
        regex: r"\b(eyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{16,})",
        check: jwt,
    },
    Pattern {
        rule: "database-url-password",
        keywords: &[
            "postgres",
            "mysql",
            "mariadb",
            "mongodb",
            "redis",
            "amqp",
            "mssql",
            "sqlserver",
            "clickhouse",
            "cockroach",
        ],
        regex: r#"\b(?:postgres(?:ql)?|mysql|mariadb|mongodb(?:\+srv)?|rediss?|amqps?|mssql|sqlserver|clickhouse|cockroachdb)://([^\s:/@"'<>]*:[^\s@/"'<>]+)@[^\s/"'<>]+"#,
        check: user_password,
    },
    Pattern {
        rule: "url-basic-auth",
        keywords: &["://"],
        regex: r#"\b(?:https?|ftps?|git|ssh|sftp|ldaps?|smtps?)://([^\s:/@"'<>]+:[^\s@/"'<>]+)@[A-Za-z0-9.-]+"#,
        check: user_password,
    },
    Pattern {
        rule: "docker-config-auth",
        keywords: &["\"auth\"", "\"identitytoken\""],
        regex: r#""(?:auth|identitytoken)"\s*:\s*"([A-Za-z0-9+/=_.-]{8,})""#,
        check: docker_auth,
    },
    Pattern {
        rule: "npmrc-auth",
        keywords: &["_authtoken", "_auth", "_password"],
        regex: r#"(?m)(?:^|:)(?:_authToken|_auth|_password)\s*=\s*["']?([^\s"']+)"#,
        check: not_template,
    },
    Pattern {
        rule: "netrc-password",
        keywords: &["machine"],
        regex: r"(?m)^\s*machine\s+\S+(?:\s+login\s+\S+)?\s+password\s+(\S+)",
        check: not_template,
    },
    Pattern {
        rule: "shopify-token",
        keywords: &["shpat_", "shpca_", "shppa_", "shpss_"],
        regex: r"\b(shp(?:at|ca|pa|ss)_[a-fA-F0-9]{32})\b",
        check: random,
    },
    Pattern {
        rule: "digitalocean-token",
        keywords: &["dop_v1_", "doo_v1_", "dor_v1_"],
        regex: r"\b(do[por]_v1_[a-f0-9]{64})\b",
        check: random,
    },
    Pattern {
        rule: "huggingface-token",
        keywords: &["hf_"],
        regex: r"\b(hf_[A-Za-z]{34})\b",
        check: has_mixed_case,
    },
    Pattern {
        rule: "databricks-token",
        keywords: &["dapi"],
        regex: r"\b(dapi[a-f0-9]{32}(?:-[0-9])?)\b",
        check: random,
    },
    Pattern {
        rule: "grafana-token",
        keywords: &["glsa_", "glc_"],
        regex: r"\b(glsa_[A-Za-z0-9]{32}_[A-Fa-f0-9]{8}|glc_[A-Za-z0-9+/]{32,400}={0,2})",
        check: random,
    },
    Pattern {
        rule: "telegram-bot-token",
        keywords: &["telegram", "bot_token", "bot-token", "bottoken"],
        regex: r#"(?i:(?:telegram[_.-]?)?bot[_.-]?token|telegram[_.-]?token)["']?\s*(?::=|=>|:|=)\s*["']?([0-9]{8,10}:[A-Za-z0-9_-]{35})(?:[^A-Za-z0-9_-]|$)"#,
        check: telegram,
    },
];

/// `user:password` from a URL: the password must be a literal, not a template,
/// placeholder, or the user name repeated (a local development default).
fn user_password(s: &str) -> bool {
    let (user, pass) = s.split_once(':').unwrap_or(("", s));
    literal_password(pass) && user != pass
}

static COMPILED: LazyLock<Vec<Regex>> = LazyLock::new(|| {
    PATTERNS
        .iter()
        .map(|p| Regex::new(p.regex).expect("static regex"))
        .collect()
});

/// Runs the patterns whose keywords occurred (`wanted[i]` for `PATTERNS[i]`).
pub fn detect(src: &Source, wanted: &[bool], hits: &mut Vec<Hit>) {
    for (i, p) in PATTERNS.iter().enumerate() {
        if !wanted[i] {
            continue;
        }
        for caps in COMPILED[i].captures_iter(&src.text) {
            let Some(m) = caps.get(1) else { continue };
            let secret = m.as_str();
            if (p.check)(secret) {
                hits.push(Hit::new(p.rule, m.range(), PRIORITY_PROVIDER));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rules_in(text: &str) -> Vec<String> {
        let src = Source::new("t.txt", text.as_bytes());
        let mut hits = Vec::new();
        detect(&src, &vec![true; PATTERNS.len()], &mut hits);
        hits.iter().map(|h| h.rule.to_string()).collect()
    }

    #[test]
    fn every_pattern_compiles() {
        assert_eq!(COMPILED.len(), PATTERNS.len());
        for p in PATTERNS {
            assert!(
                crate::lint::rules::find(p.rule).is_some(),
                "{} not in RULES",
                p.rule
            );
            assert!(
                p.keywords.iter().all(|k| k.to_lowercase() == *k),
                "{}",
                p.rule
            );
        }
    }

    #[test]
    fn urls_with_templates_or_defaults_are_not_findings() {
        assert!(rules_in("postgres://app:${DB_PASS}@db:5432/app").is_empty());
        assert!(rules_in("postgres://postgres:postgres@localhost/x").is_empty());
        assert!(rules_in("https://user:password@example.com").is_empty());
        assert!(rules_in(r#"f"postgres://{user}:{pw}@{host}/db""#).is_empty());
        assert_eq!(
            // hush:allow (a fake password, the detector's test input)
            rules_in("mysql://app:Zq8%21kLw2@db/app"),
            ["database-url-password"]
        );
    }

    #[test]
    fn jwt_needs_a_real_header() {
        assert!(
            rules_in("eyJub3Rqc29uIjp0cnVlfQ.eyJzdWIiOiIxMjM0NTY3ODkwIn0.abcdefghijklmnopqrstu")
                .is_empty()
        );
    }
}
