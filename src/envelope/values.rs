//! Converting scalars to the plaintext sops encrypts, to the bytes the MAC hashes, and back.
//!
//! The plaintext keeps the value's original text when Go's parsers read it back as the same
//! value (`1.50`, `true`), so an unchanged value decrypts to exactly what was written; the
//! MAC always hashes sops' canonical form (`1.5`, `True`).

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, SecondsFormat};

use crate::document::Scalar;
use crate::document::scalar_text::{go_format_float, go_parse_bool, go_parse_float, go_parse_int};

/// The plaintext bytes and type tag sops stores for `s`.
pub fn plaintext(s: &Scalar) -> (Vec<u8>, &'static str) {
    match s {
        Scalar::Null => (Vec::new(), "str"),
        Scalar::Str(v) => (v.as_bytes().to_vec(), "str"),
        Scalar::Bytes(b) => (b.clone(), "str"),
        Scalar::Int { value, text } => {
            let t = if go_parse_int(text) == Some(*value) {
                text.clone()
            } else {
                value.to_string()
            };
            (t.into_bytes(), "int")
        }
        Scalar::Float { value, text } => {
            let same = go_parse_float(text).is_some_and(|f| f.to_bits() == value.to_bits());
            let t = if same {
                text.clone()
            } else {
                go_format_float(*value)
            };
            (t.into_bytes(), "float")
        }
        Scalar::Bool { value, text } => {
            let t = if go_parse_bool(text) == Some(*value) {
                text.clone()
            } else {
                go_bool(*value).to_string()
            };
            (t.into_bytes(), "bool")
        }
        Scalar::Time { text } => {
            let t = if DateTime::parse_from_rfc3339(text).is_ok() {
                text.clone()
            } else {
                canonical_time(text).unwrap_or_else(|| text.clone())
            };
            (t.into_bytes(), "time")
        }
    }
}

/// The bytes sops' `ToBytes` hashes into the MAC for `s`.
pub fn mac_bytes(s: &Scalar) -> Vec<u8> {
    match s {
        Scalar::Null => Vec::new(),
        Scalar::Str(v) => v.as_bytes().to_vec(),
        Scalar::Bytes(b) => b.clone(),
        Scalar::Int { value, .. } => value.to_string().into_bytes(),
        Scalar::Float { value, .. } => go_format_float(*value).into_bytes(),
        Scalar::Bool { value, .. } => go_bool(*value).as_bytes().to_vec(),
        Scalar::Time { text } => canonical_time(text)
            .unwrap_or_else(|| text.clone())
            .into_bytes(),
    }
}

/// What a decrypted value turned out to be.
#[derive(Debug, PartialEq)]
pub enum Decrypted {
    Scalar(Scalar),
    Comment(String),
}

/// Rebuilds a value from decrypted bytes and its type tag.
pub fn from_plaintext(bytes: &[u8], type_tag: &str) -> Result<Decrypted, String> {
    let text = || {
        String::from_utf8(bytes.to_vec()).map_err(|_| format!("a `{type_tag}` value is not UTF-8"))
    };
    Ok(Decrypted::Scalar(match type_tag {
        "str" => match String::from_utf8(bytes.to_vec()) {
            Ok(s) => Scalar::Str(s),
            Err(e) => Scalar::Bytes(e.into_bytes()),
        },
        "bytes" => Scalar::Bytes(bytes.to_vec()),
        "int" => {
            let t = text()?;
            let value = go_parse_int(&t).ok_or("an `int` value is not an integer")?;
            Scalar::Int { value, text: t }
        }
        "float" => {
            let t = text()?;
            let value = go_parse_float(&t).ok_or("a `float` value is not a number")?;
            Scalar::Float { value, text: t }
        }
        "bool" => {
            let t = text()?;
            let value = go_parse_bool(&t).ok_or("a `bool` value is not a boolean")?;
            // sops stores `True`/`False`; write them the way YAML and JSON spell booleans.
            let text = match t.as_str() {
                "True" | "False" => if value { "true" } else { "false" }.to_string(),
                _ => t,
            };
            Scalar::Bool { value, text }
        }
        "time" => {
            let t = text()?;
            DateTime::parse_from_rfc3339(&t).map_err(|_| "a `time` value is not RFC 3339")?;
            Scalar::Time { text: t }
        }
        "comment" => return Ok(Decrypted::Comment(text()?)),
        other => return Err(format!("unknown value type `{other}`")),
    }))
}

/// sops' text for a bool (`strconv`-compatible, Python-style capitalised).
pub fn go_bool(v: bool) -> &'static str {
    if v { "True" } else { "False" }
}

/// Go's `time.MarshalText` (RFC 3339 with trimmed nanoseconds) for the timestamp forms YAML
/// allows: RFC 3339, `YYYY-MM-DD HH:MM:SS[.f]` (UTC) and a bare date (UTC midnight).
pub fn canonical_time(text: &str) -> Option<String> {
    let parsed: DateTime<FixedOffset> =
        DateTime::parse_from_rfc3339(&text.replace(['t'], "T").replace('z', "Z"))
            .ok()
            .or_else(|| {
                NaiveDateTime::parse_from_str(text.trim(), "%Y-%m-%d %H:%M:%S%.f")
                    .ok()
                    .map(|n| n.and_utc().fixed_offset())
            })
            .or_else(|| {
                NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d")
                    .ok()
                    .and_then(|d| d.and_hms_opt(0, 0, 0))
                    .map(|n| n.and_utc().fixed_offset())
            })?;
    let base = parsed.to_rfc3339_opts(SecondsFormat::Secs, true);
    let nanos = parsed.timestamp_subsec_nanos();
    if nanos == 0 {
        return Some(base);
    }
    let frac = format!("{nanos:09}");
    let frac = frac.trim_end_matches('0');
    // Insert the fraction after the seconds (position 19 in `YYYY-MM-DDTHH:MM:SS`).
    Some(format!("{}.{}{}", &base[..19], frac, &base[19..]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plaintext_keeps_go_readable_text() {
        let f = Scalar::Float {
            value: 1.5,
            text: "1.50".into(),
        };
        assert_eq!(plaintext(&f), (b"1.50".to_vec(), "float"));
        assert_eq!(mac_bytes(&f), b"1.5");
        let i = Scalar::Int {
            value: 31,
            text: "0x1F".into(),
        };
        assert_eq!(plaintext(&i), (b"31".to_vec(), "int"));
        let b = Scalar::Bool {
            value: true,
            text: "true".into(),
        };
        assert_eq!(plaintext(&b).0, b"true");
        assert_eq!(mac_bytes(&b), b"True");
        let inf = Scalar::Float {
            value: f64::INFINITY,
            text: ".inf".into(),
        };
        assert_eq!(plaintext(&inf).0, b"+Inf");
    }

    #[test]
    fn times_canonicalise_like_go() {
        assert_eq!(
            canonical_time("2024-01-02").unwrap(),
            "2024-01-02T00:00:00Z"
        );
        assert_eq!(
            canonical_time("2024-01-02T03:04:05.500Z").unwrap(),
            "2024-01-02T03:04:05.5Z"
        );
        assert_eq!(
            canonical_time("2024-01-02T03:04:05+02:00").unwrap(),
            "2024-01-02T03:04:05+02:00"
        );
        assert_eq!(
            canonical_time("2024-01-02 03:04:05").unwrap(),
            "2024-01-02T03:04:05Z"
        );
        let t = Scalar::Time {
            text: "2024-01-02".into(),
        };
        assert_eq!(plaintext(&t).0, b"2024-01-02T00:00:00Z");
    }

    #[test]
    fn decrypted_values_are_typed() {
        assert_eq!(
            from_plaintext(b"True", "bool").unwrap(),
            Decrypted::Scalar(Scalar::Bool {
                value: true,
                text: "true".into()
            })
        );
        assert_eq!(
            from_plaintext(b" c", "comment").unwrap(),
            Decrypted::Comment(" c".into())
        );
        assert!(from_plaintext(b"x", "int").is_err());
        assert!(from_plaintext(b"x", "weird").is_err());
        assert_eq!(
            from_plaintext(&[0xff, 0], "str").unwrap(),
            Decrypted::Scalar(Scalar::Bytes(vec![0xff, 0]))
        );
    }
}
