//! How YAML reads a plain scalar (the type yaml.v3, and so sops, resolves it to) and how a
//! value is written back in a given style.

use crate::document::Scalar;
use crate::document::scalar_text::go_format_float;

/// Resolves a plain (unquoted, untagged) scalar the way yaml.v3 decodes it into `interface{}`.
pub fn resolve_plain(text: &str) -> Scalar {
    match text {
        "" | "~" | "null" | "Null" | "NULL" => return Scalar::Null,
        "true" | "True" | "TRUE" => {
            return Scalar::Bool {
                value: true,
                text: text.into(),
            };
        }
        "false" | "False" | "FALSE" => {
            return Scalar::Bool {
                value: false,
                text: text.into(),
            };
        }
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" => {
            return Scalar::Float {
                value: f64::INFINITY,
                text: text.into(),
            };
        }
        "-.inf" | "-.Inf" | "-.INF" => {
            return Scalar::Float {
                value: f64::NEG_INFINITY,
                text: text.into(),
            };
        }
        ".nan" | ".NaN" | ".NAN" => {
            return Scalar::Float {
                value: f64::NAN,
                text: text.into(),
            };
        }
        _ => {}
    }
    let first = text.as_bytes()[0];
    if !(first.is_ascii_digit() || matches!(first, b'-' | b'+' | b'.')) {
        return Scalar::Str(text.into());
    }
    if let Some(value) = parse_go_int_base0(&text.replace('_', "")) {
        return Scalar::Int {
            value,
            text: text.into(),
        };
    }
    // Go's ParseFloat refuses a number out of range (`1e999`), which yaml.v3 then reads as
    // a string; Rust's parse gives infinity instead.
    if is_yaml_float(text)
        && let Ok(value) = text.parse::<f64>()
        && value.is_finite()
    {
        return Scalar::Float {
            value,
            text: text.into(),
        };
    }
    if looks_like_timestamp(text) {
        return Scalar::Time { text: text.into() };
    }
    Scalar::Str(text.into())
}

/// Go's `strconv.ParseInt(s, 0, 64)`: sign, then `0x`/`0o`/`0b` prefixes or a leading `0`
/// for octal.
fn parse_go_int_base0(s: &str) -> Option<i64> {
    let (neg, body) = match s.as_bytes().first()? {
        b'-' => (true, &s[1..]),
        b'+' => (false, &s[1..]),
        _ => (false, s),
    };
    let lower = body.to_ascii_lowercase();
    let (radix, digits) = if let Some(d) = lower.strip_prefix("0x") {
        (16, d)
    } else if let Some(d) = lower.strip_prefix("0o") {
        (8, d)
    } else if let Some(d) = lower.strip_prefix("0b") {
        (2, d)
    } else if lower.len() > 1 && lower.starts_with('0') {
        (8, &lower[1..])
    } else {
        (10, lower.as_str())
    };
    if digits.is_empty() || !digits.chars().all(|c| c.is_digit(radix)) {
        return None;
    }
    let magnitude = i128::from_str_radix(digits, radix).ok()?;
    i64::try_from(if neg { -magnitude } else { magnitude }).ok()
}

/// yaml.v3's float pattern: `^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$`.
fn is_yaml_float(s: &str) -> bool {
    let b = s.strip_prefix(['-', '+']).unwrap_or(s).as_bytes();
    let mut i = 0;
    let digits = |i: &mut usize| {
        let start = *i;
        while *i < b.len() && b[*i].is_ascii_digit() {
            *i += 1;
        }
        *i - start
    };
    if b.first() == Some(&b'.') {
        i = 1;
        if digits(&mut i) == 0 {
            return false;
        }
    } else {
        if digits(&mut i) == 0 {
            return false;
        }
        if b.get(i) == Some(&b'.') {
            i += 1;
            digits(&mut i);
        }
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(b.get(i), Some(b'-' | b'+')) {
            i += 1;
        }
        if digits(&mut i) == 0 {
            return false;
        }
    }
    i == b.len()
}

/// `YYYY-M-D` optionally followed by `T`/`t`/space and a time (yaml.v3's timestamp forms).
fn looks_like_timestamp(s: &str) -> bool {
    crate::envelope::values::canonical_time(s).is_some() && s.len() >= 8 && s.as_bytes()[4] == b'-'
}

/// True when `s` can be written as a plain scalar and reads back as the same string.
/// Characters YAML cannot hold as they are (outside its printable set, or the byte-order
/// mark): a double-quoted scalar escapes them.
pub fn unprintable(c: char) -> bool {
    c.is_control() || matches!(c, '\u{feff}' | '\u{fffe}' | '\u{ffff}')
}

pub fn can_be_plain(s: &str, flow: bool) -> bool {
    let Some(first) = s.chars().next() else {
        return false;
    };
    if s.starts_with([' ', '\t']) || s.ends_with([' ', '\t', ':']) {
        return false;
    }
    if s.chars().any(unprintable) {
        return false;
    }
    let second_is_space =
        s[first.len_utf8()..].starts_with([' ', '\t']) || s.len() == first.len_utf8();
    match first {
        '-' | '?' | ':' if second_is_space => return false,
        '-' | '?' | ':' => {}
        ',' | '[' | ']' | '{' | '}' | '#' | '&' | '*' | '!' | '|' | '>' | '\'' | '"' | '%'
        | '@' | '`' => {
            return false;
        }
        _ => {}
    }
    if s.contains(": ") || s.contains(" #") || s.starts_with("---") || s.starts_with("...") {
        return false;
    }
    if flow && s.contains([',', '[', ']', '{', '}']) {
        return false;
    }
    matches!(resolve_plain(s), Scalar::Str(_))
}

/// A double-quoted YAML string with the escapes YAML defines.
pub fn double_quoted(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            '\0' => out.push_str("\\0"),
            c if unprintable(c) => {
                let v = c as u32;
                if v <= 0xff {
                    out.push_str(&format!("\\x{v:02X}"));
                } else {
                    out.push_str(&format!("\\u{v:04X}"));
                }
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A single-quoted YAML string, or `None` when the value cannot be single-quoted on one line.
pub fn single_quoted(s: &str) -> Option<String> {
    if s.chars().any(unprintable) {
        return None;
    }
    Some(format!("'{}'", s.replace('\'', "''")))
}

/// The text of a non-string scalar for YAML: its original text when YAML reads it back as
/// the same value, else a canonical form.
pub fn typed_text(s: &Scalar) -> Option<String> {
    let same = |t: &str| resolve_plain(t) == *s;
    Some(match s {
        Scalar::Null => "null".into(),
        Scalar::Int { value, text } => {
            if same(text) {
                text.clone()
            } else {
                value.to_string()
            }
        }
        Scalar::Bool { value, text } => {
            if same(text) {
                text.clone()
            } else {
                value.to_string()
            }
        }
        Scalar::Float { value, text } => {
            if resolve_plain(text).eq_float(*value) {
                text.clone()
            } else if value.is_nan() {
                ".nan".into()
            } else if value.is_infinite() {
                if *value > 0.0 { ".inf" } else { "-.inf" }.into()
            } else {
                let t = go_format_float(*value);
                if t.contains('.') || t.contains('e') {
                    t
                } else {
                    format!("{t}.0")
                }
            }
        }
        Scalar::Time { text } => text.clone(),
        Scalar::Str(_) | Scalar::Bytes(_) => return None,
    })
}

trait FloatEq {
    fn eq_float(&self, v: f64) -> bool;
}

impl FloatEq for Scalar {
    fn eq_float(&self, v: f64) -> bool {
        matches!(self, Scalar::Float { value, .. } if value.to_bits() == v.to_bits() || (value.is_nan() && v.is_nan()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_like_yaml_v3() {
        assert_eq!(resolve_plain("~"), Scalar::Null);
        assert!(matches!(
            resolve_plain("True"),
            Scalar::Bool { value: true, .. }
        ));
        assert!(matches!(resolve_plain("yes"), Scalar::Str(_)));
        assert!(matches!(
            resolve_plain("0x1F"),
            Scalar::Int { value: 31, .. }
        ));
        assert!(matches!(resolve_plain("010"), Scalar::Int { value: 8, .. }));
        assert!(matches!(
            resolve_plain("1_000"),
            Scalar::Int { value: 1000, .. }
        ));
        assert!(matches!(resolve_plain("1.50"), Scalar::Float { .. }));
        assert!(matches!(resolve_plain("1e3"), Scalar::Float { .. }));
        assert!(matches!(resolve_plain("-.inf"), Scalar::Float { .. }));
        assert!(matches!(resolve_plain("2024-01-02"), Scalar::Time { .. }));
        assert!(matches!(
            resolve_plain("99999999999999999999"),
            Scalar::Float { .. }
        ));
        assert!(matches!(resolve_plain("1.2.3"), Scalar::Str(_)));
        assert!(matches!(resolve_plain("-"), Scalar::Str(_)));
        // Found by the yaml fuzz target: out of a float's range is a string for yaml.v3
        // (it was taken for infinity and written to JSON as a number JSON refuses).
        assert!(matches!(resolve_plain("1e2002"), Scalar::Str(_)));
        assert!(matches!(resolve_plain("-1e999"), Scalar::Str(_)));
    }

    #[test]
    fn plain_only_when_it_reads_back_as_the_string() {
        assert!(can_be_plain("hello world", false));
        assert!(can_be_plain(
            "ENC[AES256_GCM,data:x,iv:y,tag:z,type:str]",
            false
        ));
        assert!(!can_be_plain("ENC[AES256_GCM,data:x]", true));
        assert!(!can_be_plain("42", false));
        assert!(!can_be_plain("a: b", false));
        assert!(!can_be_plain(" lead", false));
        assert!(!can_be_plain("- x", false));
        assert!(!can_be_plain("", false));
        assert!(!can_be_plain("null", false));
    }

    #[test]
    fn quoting() {
        assert_eq!(double_quoted("a\"b\\\n\u{1}"), "\"a\\\"b\\\\\\n\\x01\"");
        assert_eq!(single_quoted("it's").unwrap(), "'it''s'");
    }
}
