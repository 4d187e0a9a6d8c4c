//! Rendering JSON text: string escaping, scalar tokens, and an indenting writer for
//! freshly written objects and arrays (the layout of Go's `json.Indent`).

use crate::document::{Entry, Node, Scalar, StoreError, Value};

/// A value ready to be written: containers, or a finished scalar token.
pub enum J {
    Obj(Vec<(String, J)>),
    Arr(Vec<J>),
    Raw(String),
}

/// How containers are laid out.
pub struct Fmt {
    /// Indentation unit; `None` writes everything on one line.
    pub unit: Option<String>,
    pub newline: String,
    /// Text written after a key's `:` (`" "` in sops' layout).
    pub colon: String,
    /// Text written after a `,` between items on one line (compact layout only).
    pub comma: String,
    /// Escape key strings like Go (see [`quote`]).
    pub go: bool,
}

impl Fmt {
    /// The layout sops writes: tabs, `": "`, LF.
    pub fn sops() -> Fmt {
        Fmt {
            unit: Some("\t".to_string()),
            newline: "\n".to_string(),
            colon: " ".to_string(),
            comma: String::new(),
            go: true,
        }
    }
}

/// Quotes `s` as a JSON string. `go` escapes like Go's `json.Marshal` (as sops writes:
/// `<`, `>`, `&`, U+2028, U+2029 as `\uXXXX`); otherwise only what JSON requires is escaped.
pub fn quote(s: &str, go: bool) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            '<' | '>' | '&' | '\u{2028}' | '\u{2029}' if go => {
                out.push_str(&format!("\\u{:04x}", c as u32))
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Formats a float like Go's `json.Marshal`: plain decimals in [1e-6, 1e21), else an exponent.
pub fn go_json_float(v: f64) -> Option<String> {
    if !v.is_finite() {
        return None;
    }
    let abs = v.abs();
    if abs == 0.0 || (1e-6..1e21).contains(&abs) {
        return Some(format!("{v}"));
    }
    let e = format!("{v:e}");
    let (mantissa, exp) = e.split_once('e')?;
    Some(match exp.strip_prefix('-') {
        Some(neg) => format!("{mantissa}e-{neg}"),
        None => format!("{mantissa}e+{exp:0>2}"),
    })
}

/// True when `s` is a JSON number literal.
pub fn is_json_number(s: &str) -> bool {
    let b = s.strip_prefix('-').unwrap_or(s).as_bytes();
    let int_len = b.iter().take_while(|c| c.is_ascii_digit()).count();
    if int_len == 0 || (int_len > 1 && b[0] == b'0') {
        return false;
    }
    let mut rest = &b[int_len..];
    if let Some(frac) = rest.strip_prefix(b".") {
        let n = frac.iter().take_while(|c| c.is_ascii_digit()).count();
        if n == 0 {
            return false;
        }
        rest = &frac[n..];
    }
    if let Some(exp) = rest.strip_prefix(b"e").or_else(|| rest.strip_prefix(b"E")) {
        let exp = exp
            .strip_prefix(b"+")
            .or_else(|| exp.strip_prefix(b"-"))
            .unwrap_or(exp);
        let n = exp.iter().take_while(|c| c.is_ascii_digit()).count();
        return n > 0 && n == exp.len();
    }
    rest.is_empty()
}

/// The JSON token of a scalar. Numbers and bools keep their text when it is valid JSON for the
/// same value; otherwise they are written canonically. `key` names the value in errors.
pub fn scalar_token(s: &Scalar, go: bool, key: &str) -> Result<String, StoreError> {
    Ok(match s {
        Scalar::Null => "null".to_string(),
        Scalar::Str(s) | Scalar::Time { text: s } => quote(s, go),
        Scalar::Bytes(b) => quote(&String::from_utf8_lossy(b), go),
        Scalar::Int { value, text } => {
            if is_json_number(text) && text.parse::<i64>().ok() == Some(*value) {
                text.clone()
            } else {
                value.to_string()
            }
        }
        Scalar::Float { value, text } => {
            if is_json_number(text) && text.parse::<f64>().ok() == Some(*value) {
                text.clone()
            } else {
                go_json_float(*value).ok_or_else(|| {
                    StoreError::whole(format!(
                        "the value of {key:?} is not a finite number and cannot be written as JSON"
                    ))
                })?
            }
        }
        Scalar::Bool { value, .. } => value.to_string(),
    })
}

/// Converts a tree node; comments have no JSON form and give `None`.
pub fn node_to_j(node: &Node, go: bool, key: &str) -> Result<Option<J>, StoreError> {
    Ok(Some(match &node.value {
        Value::Comment(_) => return Ok(None),
        Value::Scalar(s) => J::Raw(scalar_token(s, go, key)?),
        Value::List(items) => {
            let mut out = Vec::with_capacity(items.len());
            for item in items {
                out.extend(node_to_j(item, go, key)?);
            }
            J::Arr(out)
        }
        Value::Map(entries) => J::Obj(entries_to_j(entries, go)?),
    }))
}

/// Converts the pairs of a map (comments dropped).
pub fn entries_to_j(entries: &[Entry], go: bool) -> Result<Vec<(String, J)>, StoreError> {
    let mut out = Vec::with_capacity(entries.len());
    for entry in entries {
        if let Entry::Pair(k, n) = entry
            && let Some(j) = node_to_j(n, go, k)?
        {
            out.push((k.clone(), j));
        }
    }
    Ok(out)
}

/// Converts the raw metadata block, escaping strings as sops does.
pub fn meta_to_j(v: &serde_json::Value) -> J {
    use serde_json::Value as V;
    match v {
        V::Null => J::Raw("null".to_string()),
        V::Bool(b) => J::Raw(b.to_string()),
        V::Number(n) => J::Raw(n.to_string()),
        V::String(s) => J::Raw(quote(s, true)),
        V::Array(items) => J::Arr(items.iter().map(meta_to_j).collect()),
        V::Object(map) => J::Obj(map.iter().map(|(k, v)| (k.clone(), meta_to_j(v))).collect()),
    }
}

/// Writes `j` whose first line is already positioned; `base` is the indentation of that line.
pub fn write(out: &mut String, j: &J, fmt: &Fmt, base: &str) {
    match j {
        J::Raw(token) => out.push_str(token),
        J::Obj(members) => write_seq(
            out,
            fmt,
            base,
            ('{', '}'),
            members.len(),
            |out, i, inner| {
                let (k, v) = &members[i];
                out.push_str(&quote(k, fmt.go));
                out.push(':');
                out.push_str(&fmt.colon);
                write(out, v, fmt, inner);
            },
        ),
        J::Arr(items) => write_seq(out, fmt, base, ('[', ']'), items.len(), |out, i, inner| {
            write(out, &items[i], fmt, inner)
        }),
    }
}

fn write_seq(
    out: &mut String,
    fmt: &Fmt,
    base: &str,
    (open, close): (char, char),
    len: usize,
    mut item: impl FnMut(&mut String, usize, &str),
) {
    out.push(open);
    if len == 0 {
        out.push(close);
        return;
    }
    let inner = match &fmt.unit {
        Some(unit) => format!("{base}{unit}"),
        None => String::new(),
    };
    for i in 0..len {
        if i > 0 {
            out.push(',');
        }
        match &fmt.unit {
            Some(_) => {
                out.push_str(&fmt.newline);
                out.push_str(&inner);
            }
            None if i > 0 => out.push_str(&fmt.comma),
            None => {}
        }
        item(out, i, &inner);
    }
    if fmt.unit.is_some() {
        out.push_str(&fmt.newline);
        out.push_str(base);
    }
    out.push(close);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_like_go_or_minimally() {
        assert_eq!(
            quote("a<b>&\"\\\n\u{1}", true),
            r#""a\u003cb\u003e\u0026\"\\\n\u0001""#
        );
        assert_eq!(quote("a<b>&", false), r#""a<b>&""#);
        assert_eq!(quote("\u{2028}é", true), "\"\\u2028é\"");
    }

    #[test]
    fn floats_like_go_json() {
        assert_eq!(go_json_float(1500.0).as_deref(), Some("1500"));
        assert_eq!(go_json_float(1e21).as_deref(), Some("1e+21"));
        assert_eq!(go_json_float(1.5e300).as_deref(), Some("1.5e+300"));
        assert_eq!(go_json_float(1e-7).as_deref(), Some("1e-7"));
        assert_eq!(go_json_float(0.000001).as_deref(), Some("0.000001"));
        assert_eq!(go_json_float(-0.0).as_deref(), Some("-0"));
        assert_eq!(go_json_float(f64::NAN), None);
    }

    #[test]
    fn json_number_syntax() {
        for ok in ["0", "-0", "12", "1.5", "1e3", "1E+3", "-0.5e-2"] {
            assert!(is_json_number(ok), "{ok}");
        }
        for bad in [
            "", "01", "+1", "1.", ".5", "1e", "0x1F", "NaN", "1_000", "Inf",
        ] {
            assert!(!is_json_number(bad), "{bad}");
        }
    }

    #[test]
    fn scalars_keep_valid_text() {
        let f = Scalar::Float {
            value: 1.5,
            text: "1.50".into(),
        };
        assert_eq!(scalar_token(&f, false, "k").unwrap(), "1.50");
        let yaml_int = Scalar::Int {
            value: 31,
            text: "0x1F".into(),
        };
        assert_eq!(scalar_token(&yaml_int, false, "k").unwrap(), "31");
        let b = Scalar::Bool {
            value: true,
            text: "True".into(),
        };
        assert_eq!(scalar_token(&b, false, "k").unwrap(), "true");
        assert!(scalar_token(&Scalar::float(f64::NAN), false, "k").is_err());
    }

    #[test]
    fn writes_indented_and_compact() {
        let j = J::Obj(vec![
            ("a".into(), J::Arr(vec![J::Raw("1".into()), J::Obj(vec![])])),
            ("b".into(), J::Arr(vec![])),
        ]);
        let mut out = String::new();
        write(&mut out, &j, &Fmt::sops(), "");
        assert_eq!(out, "{\n\t\"a\": [\n\t\t1,\n\t\t{}\n\t],\n\t\"b\": []\n}");
        let compact = Fmt {
            unit: None,
            newline: "\n".into(),
            colon: String::new(),
            comma: " ".into(),
            go: true,
        };
        let mut out = String::new();
        write(&mut out, &j, &compact, "");
        assert_eq!(out, "{\"a\":[1, {}], \"b\":[]}");
    }
}
