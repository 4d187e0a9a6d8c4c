//! Dockerfiles: `ENV` and `ARG` instructions that bake a secret-looking variable with a
//! literal value into the image (both forms: `ENV K=v K2="v2"` and the legacy `ENV K v`).

use std::sync::LazyLock;

use regex::Regex;

use super::filters::{is_literal, is_secret_name};
use crate::lint::finding::{Hit, PRIORITY_STRUCTURE};
use crate::lint::source::Source;

static INSTRUCTION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?im)^[ \t]*(?:ENV|ARG)[ \t]+(?P<rest>[^\r\n]+)").expect("static regex")
});

static PAIR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?P<key>[A-Za-z_][A-Za-z0-9_.-]*)=(?:"(?P<dq>[^"]*)"|'(?P<sq>[^']*)'|(?P<bare>[^\s"']+))"#)
        .expect("static regex")
});

/// Finds secret-looking `ENV`/`ARG` values.
pub fn detect(src: &Source, hits: &mut Vec<Hit>) {
    for caps in INSTRUCTION.captures_iter(&src.text) {
        let Some(rest) = caps.name("rest") else {
            continue;
        };
        let line = rest.as_str();
        if line.contains('=') {
            for pair in PAIR.captures_iter(line) {
                let value = pair.name("dq").or(pair.name("sq")).or(pair.name("bare"));
                if let (Some(key), Some(value)) = (pair.name("key"), value) {
                    report(
                        hits,
                        key.as_str(),
                        value.as_str(),
                        rest.start() + value.start(),
                    );
                }
            }
        } else if let Some((key, after)) = line.split_once(char::is_whitespace) {
            // The legacy form `ENV KEY value`: the value is the rest of the line, one pair
            // of surrounding quotes removed.
            let value = after.trim();
            let at = rest.start()
                + (line.len() - after.len())
                + (after.len() - after.trim_start().len());
            let unquoted = value.strip_prefix('"').unwrap_or(value);
            let start = at + (value.len() - unquoted.len());
            let unquoted = unquoted.strip_suffix('"').unwrap_or(unquoted);
            report(hits, key, unquoted, start);
        }
    }
}

fn report(hits: &mut Vec<Hit>, key: &str, value: &str, at: usize) {
    if is_secret_name(key) && is_literal(value) {
        hits.push(Hit::new(
            "dockerfile-secret",
            at..at + value.len(),
            PRIORITY_STRUCTURE,
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(text: &str) -> Vec<String> {
        super::super::found_by(detect, "Dockerfile", text)
    }

    #[test]
    fn both_env_forms() {
        assert_eq!(
            found("FROM x\nENV API_TOKEN=\"Tq7-vR2m9xLw\" MODE=prod\n"),
            ["Tq7-vR2m9xLw"]
        );
        assert_eq!(found("ENV DB_PASSWORD Zx81-Lq0pPw\n"), ["Zx81-Lq0pPw"]);
        assert!(
            found("ARG NPM_TOKEN\nENV PASSWORD_FILE=/run/secrets/pw\nENV TOKEN=${TOKEN}\n")
                .is_empty()
        );
    }

    /// Found by the `lint` fuzz target: the legacy form stripped every leading quote but
    /// moved the span by one, so it could end inside a character (a panic), and a value
    /// equal to its key was located at the key.
    #[test]
    fn legacy_form_spans_cover_the_value() {
        assert_eq!(
            found("ENV DB_PASSWORD \"\"Zx81é-Lq0pPw\"\n"),
            ["\"Zx81é-Lq0pPw"]
        );
        assert_eq!(
            found("ENV DB_PASSWORD   DB_PASSWORDx9Lq0pPw\n"),
            ["DB_PASSWORDx9Lq0pPw"]
        );
    }
}
