//! Go duration strings (`time.ParseDuration`), the form of `kms.timeout`: `3s`, `1m0s`,
//! `1.5h`, `-2ms`, `0`.

/// Nanoseconds in each unit Go accepts.
const UNITS: [(&str, i128); 8] = [
    ("ns", 1),
    ("us", 1_000),
    ("µs", 1_000),
    ("μs", 1_000),
    ("ms", 1_000_000),
    ("s", 1_000_000_000),
    ("m", 60_000_000_000),
    ("h", 3_600_000_000_000),
];

/// Parses a Go duration into nanoseconds; the error says what is wrong.
pub fn parse(text: &str) -> Result<i128, String> {
    let (negative, mut rest) = match text.as_bytes().first() {
        Some(b'-') => (true, &text[1..]),
        Some(b'+') => (false, &text[1..]),
        _ => (false, text),
    };
    if rest == "0" {
        return Ok(0);
    }
    if rest.is_empty() {
        return Err("empty duration".into());
    }
    let mut total: f64 = 0.0;
    while !rest.is_empty() {
        let number_len = rest
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .ok_or("missing unit (ns, us, ms, s, m or h)")?;
        let number: f64 = rest[..number_len]
            .parse()
            .map_err(|_| format!("invalid number {:?}", &rest[..number_len]))?;
        rest = &rest[number_len..];
        let unit_len = rest
            .find(|c: char| c.is_ascii_digit() || c == '.')
            .unwrap_or(rest.len());
        let unit = &rest[..unit_len];
        let nanos = UNITS
            .iter()
            .find(|(u, _)| *u == unit)
            .map(|(_, n)| *n)
            .ok_or_else(|| format!("unknown unit {unit:?} (ns, us, ms, s, m or h)"))?;
        total += number * nanos as f64;
        rest = &rest[unit_len..];
    }
    let nanos = total.round() as i128;
    Ok(if negative { -nanos } else { nanos })
}

/// Formats nanoseconds the way Go's `Duration.String` does for whole seconds and above
/// (`3s`, `1m30s`, `1h0m0s`), falling back to milliseconds for shorter values.
pub fn format(nanos: i128) -> String {
    if nanos % 1_000_000_000 != 0 {
        return format!("{}ms", nanos / 1_000_000);
    }
    let secs = nanos / 1_000_000_000;
    let (h, m, s) = (secs / 3600, (secs % 3600) / 60, secs % 60);
    match (h, m) {
        (0, 0) => format!("{s}s"),
        (0, _) => format!("{m}m{s}s"),
        _ => format!("{h}h{m}m{s}s"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn go_forms() {
        assert_eq!(parse("3s"), Ok(3_000_000_000));
        assert_eq!(parse("1m0s"), Ok(60_000_000_000));
        assert_eq!(parse("1.5h"), Ok(5_400_000_000_000));
        assert_eq!(parse("-2ms"), Ok(-2_000_000));
        assert_eq!(parse("0"), Ok(0));
        assert_eq!(parse("300ms"), Ok(300_000_000));
        assert!(parse("").is_err());
        assert!(parse("3").is_err());
        assert!(parse("3d").is_err());
        assert_eq!(format(3_000_000_000), "3s");
        assert_eq!(format(90_000_000_000), "1m30s");
    }
}
