//! Generic credentials in XML, where no `=` or `:` joins name and value: an element named
//! like a secret holding a literal (`<password>…</password>`, Maven `settings.xml`), and a
//! key/value pair of attributes (`<add key="ApiKey" value="…"/>` in .NET `appSettings`,
//! `<property name="password" value="…"/>`, `<env name="DB_PASSWORD" value="…"/>`). The
//! same name and value filters as the generic assignments apply.

use std::sync::LazyLock;

use regex::Regex;

use super::filters::{is_plausible_secret, is_secret_name};
use crate::lint::finding::{Hit, PRIORITY_GENERIC};
use crate::lint::source::Source;

static ELEMENT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"<(?P<tag>[A-Za-z_][\w.:-]{0,60})(?:\s[^<>]*)?>\s*",
        r"(?P<val>[^<\s]{8,})\s*</(?P<end>[A-Za-z_][\w.:-]{0,60})\s*>"
    ))
    .expect("static regex")
});

static KEY_VALUE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r#"<[A-Za-z_][\w.:-]*\s[^<>]*?\b(?:key|name)\s*=\s*["'](?P<key>[^"'<>]{1,120})["']"#,
        r#"\s+value\s*=\s*["'](?P<val>[^"'<>]*)["']"#
    ))
    .expect("static regex")
});

/// Finds secrets in XML elements and key/value attributes of `src`.
pub fn detect(src: &Source, hits: &mut Vec<Hit>) {
    if !src.text.contains('<') {
        return;
    }
    for caps in ELEMENT.captures_iter(&src.text) {
        let (Some(tag), Some(end), Some(val)) =
            (caps.name("tag"), caps.name("end"), caps.name("val"))
        else {
            continue;
        };
        if tag.as_str() == end.as_str() {
            push(tag.as_str(), val, hits);
        }
    }
    for caps in KEY_VALUE.captures_iter(&src.text) {
        if let (Some(key), Some(val)) = (caps.name("key"), caps.name("val")) {
            push(key.as_str(), val, hits);
        }
    }
}

fn push(name: &str, val: regex::Match, hits: &mut Vec<Hit>) {
    // `<ns:password>`: the local name counts.
    let local = name.rsplit(':').next().unwrap_or(name);
    if is_secret_name(local) && is_plausible_secret(val.as_str()) {
        hits.push(Hit::new("generic-secret", val.range(), PRIORITY_GENERIC));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(text: &str) -> Vec<String> {
        super::super::found_by(detect, "settings.xml", text)
    }

    #[test]
    fn elements_named_like_secrets() {
        assert_eq!(
            // hush:allow (a fake secret, the test input)
            found("<server>\n  <password>Tq8#kLm2Vx9Rb4Wz</password>\n</server>"),
            ["Tq8#kLm2Vx9Rb4Wz"]
        );
        assert_eq!(
            found("<m:passphrase>\n  Hq3mNx8vLp2Rw7Kz\n</m:passphrase>"),
            ["Hq3mNx8vLp2Rw7Kz"]
        );
        assert!(found("<password>${env.MAVEN_PASSWORD}</password>").is_empty());
        assert!(found("<passwordFile>/etc/app/pw</passwordFile>").is_empty());
        assert!(found("<id>Tq8kLm2Vx9Rb4Wz</id>").is_empty());
        assert!(found("<password>Tq8kLm2Vx9Rb4Wz</secret>").is_empty());
    }

    #[test]
    fn key_value_attributes() {
        assert_eq!(
            // hush:allow (a fake secret, the test input)
            found(r#"<add key="ApiKey" value="Zq8kLw2x9PmV4nB7Hs3D"/>"#),
            ["Zq8kLw2x9PmV4nB7Hs3D"]
        );
        assert_eq!(
            // hush:allow (a fake secret, the test input)
            found(r#"<env name="DB_PASS" value="Kx8mQ2vLp9Wz4Rt" force="true"/>"#),
            ["Kx8mQ2vLp9Wz4Rt"]
        );
        assert!(found(r#"<add key="ApiKeyHeader" value="X-Api-Key9"/>"#).is_empty());
        assert!(found(r##"<add key="ClientSecret" value="#{ClientSecret}#"/>"##).is_empty());
        assert!(found(r#"<add key="Greeting" value="Zq8kLw2x9PmV4nB7Hs3D"/>"#).is_empty());
    }
}
