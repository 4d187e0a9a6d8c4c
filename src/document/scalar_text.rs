//! Text forms of scalars that must match Go's formatting, shared by stores and the envelope.

use super::Scalar;

/// Formats a float like Go's `strconv.FormatFloat(v, 'f', -1, 64)`: the shortest digits that
/// round-trip, never an exponent; `+Inf`, `-Inf`, `NaN`, `-0`.
pub fn go_format_float(v: f64) -> String {
    if v.is_nan() {
        "NaN".to_string()
    } else if v.is_infinite() {
        if v > 0.0 { "+Inf" } else { "-Inf" }.to_string()
    } else {
        // Rust's Display prints the shortest round-trip digits without an exponent.
        format!("{v}")
    }
}

/// Parses a float the way Go's `strconv.ParseFloat` accepts it (decimal forms, `inf`,
/// `infinity`, `nan`, any case, optional sign; underscores only between digits are rejected
/// here for simplicity since sops never writes them).
pub fn go_parse_float(s: &str) -> Option<f64> {
    let lower = s.to_ascii_lowercase();
    let unsigned = lower.trim_start_matches(['+', '-']);
    let negative = lower.starts_with('-');
    if lower.len() - unsigned.len() > 1 {
        return None;
    }
    match unsigned {
        "inf" | "infinity" => Some(if negative {
            f64::NEG_INFINITY
        } else {
            f64::INFINITY
        }),
        "nan" => Some(f64::NAN),
        _ if unsigned
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '.' | 'e' | '+' | '-'))
            && unsigned.chars().any(|c| c.is_ascii_digit()) =>
        {
            s.parse::<f64>().ok()
        }
        _ => None,
    }
}

/// Parses a bool the way Go's `strconv.ParseBool` does.
pub fn go_parse_bool(s: &str) -> Option<bool> {
    match s {
        "1" | "t" | "T" | "TRUE" | "true" | "True" => Some(true),
        "0" | "f" | "F" | "FALSE" | "false" | "False" => Some(false),
        _ => None,
    }
}

/// Parses an int the way Go's `strconv.Atoi` does (optional sign, decimal digits).
pub fn go_parse_int(s: &str) -> Option<i64> {
    let digits = s.strip_prefix(['+', '-']).unwrap_or(s);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse::<i64>().ok()
}

/// Formats a float like sops' `ValToString` for dotenv/INI values: Go's
/// `FormatFloat(v, 'G', -1, 64)` (`1.5`, `1.234567E+06`, `1E-05`), with `.0` added when the
/// result would read as an integer (`42.0`).
pub fn go_format_float_g(v: f64) -> String {
    if !v.is_finite() {
        return go_format_float(v);
    }
    let sci = format!("{:e}", v.abs());
    let (mantissa, exp) = sci.split_once('e').unwrap_or((&sci, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    let sign = if v.is_sign_negative() { "-" } else { "" };
    let text = if v != 0.0 && !(-4..6).contains(&exp) {
        let exp_sign = if exp < 0 { '-' } else { '+' };
        format!("{sign}{mantissa}E{exp_sign}{:02}", exp.abs())
    } else {
        format!("{v}")
    };
    if text.contains(['.', 'E']) {
        text
    } else {
        format!("{v:.1}")
    }
}

/// The text sops writes for a scalar in a dotenv or INI file (Go's `ValToString`); a null
/// is written as an empty value.
pub fn flat_text(s: &Scalar) -> Vec<u8> {
    match s {
        Scalar::Null => Vec::new(),
        Scalar::Str(s) | Scalar::Time { text: s } => s.as_bytes().to_vec(),
        Scalar::Bytes(b) => b.clone(),
        Scalar::Int { value, .. } => value.to_string().into_bytes(),
        Scalar::Float { value, .. } => go_format_float_g(*value).into_bytes(),
        Scalar::Bool { value, .. } => value.to_string().into_bytes(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn floats_format_like_go() {
        assert_eq!(go_format_float(1.5), "1.5");
        assert_eq!(go_format_float(1000.0), "1000");
        assert_eq!(go_format_float(-0.0), "-0");
        assert_eq!(go_format_float(f64::INFINITY), "+Inf");
        assert_eq!(go_format_float(f64::NEG_INFINITY), "-Inf");
        assert_eq!(go_format_float(f64::NAN), "NaN");
        assert_eq!(
            go_format_float(1.2345678901234568e29),
            "123456789012345680000000000000"
        );
        assert_eq!(go_format_float(0.000001), "0.000001");
    }

    #[test]
    fn parsers_accept_what_go_accepts() {
        assert_eq!(go_parse_float("1.50"), Some(1.5));
        assert_eq!(go_parse_float("1e3"), Some(1000.0));
        assert_eq!(go_parse_float("+Inf"), Some(f64::INFINITY));
        assert_eq!(go_parse_float(".inf"), None);
        assert_eq!(go_parse_bool("True"), Some(true));
        assert_eq!(go_parse_bool("yes"), None);
        assert_eq!(go_parse_int("-42"), Some(-42));
        assert_eq!(go_parse_int("0x1F"), None);
    }

    #[test]
    fn flat_text_matches_sops_val_to_string() {
        assert_eq!(go_format_float_g(1.5), "1.5");
        assert_eq!(go_format_float_g(42.0), "42.0");
        assert_eq!(go_format_float_g(-0.0), "-0.0");
        assert_eq!(go_format_float_g(123456.0), "123456.0");
        assert_eq!(go_format_float_g(1234567.0), "1.234567E+06");
        assert_eq!(go_format_float_g(0.0001), "0.0001");
        assert_eq!(go_format_float_g(0.00001), "1E-05");
        assert_eq!(go_format_float_g(1e21), "1E+21");
        assert_eq!(go_format_float_g(-2.5e-300), "-2.5E-300");
        assert_eq!(go_format_float_g(f64::INFINITY), "+Inf");
        assert_eq!(flat_text(&Scalar::Null), b"");
        assert_eq!(flat_text(&Scalar::bool(true)), b"true");
        let hex = Scalar::Int {
            value: 31,
            text: "0x1F".into(),
        };
        assert_eq!(flat_text(&hex), b"31");
    }
}
