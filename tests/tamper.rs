//! Tampering with a sealed file is refused without printing plaintext: every byte of a
//! value's ciphertext, IV and tag, key names, moved values, the MAC and `lastmodified`.

mod common;
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use common::*;

const SECRET: &str = "hunter2-very-secret";

fn sealed(s: &Scratch) -> String {
    let plain = s.write(
        "p.yaml",
        format!("db:\n  password: {SECRET}\n  user: admin\nport: 5432\n"),
    );
    String::from_utf8(
        ok(&s.hush(&["encrypt", "--age", AGE_RECIPIENT, plain.to_str().unwrap()]))
            .stdout
            .clone(),
    )
    .unwrap()
}

/// Runs `hush decrypt` on `text` and returns (exit code, stdout, stderr).
fn open(s: &Scratch, text: &str) -> (i32, String, String) {
    let p = s.write("t.yaml", text);
    let o = s.hush(&["decrypt", p.to_str().unwrap()]);
    (o.status.code().unwrap_or(-1), stdout(&o), stderr(&o))
}

#[track_caller]
fn refused(s: &Scratch, text: &str, code: i32) {
    let (got, out, err) = open(s, text);
    assert_eq!(got, code, "expected exit {code}, got {got}: {err}");
    assert!(out.is_empty(), "plaintext printed on failure: {out}");
    assert!(!err.contains(SECRET), "secret in error: {err}");
}

/// The `field:` part (data, iv or tag) of the `password` value.
fn field_span(text: &str, field: &str) -> (usize, usize) {
    let line = text.find("password: ENC[").unwrap();
    let start = text[line..].find(&format!("{field}:")).unwrap() + line + field.len() + 1;
    let end = text[start..].find([',', ']']).unwrap() + start;
    (start, end)
}

/// Every byte of the decoded field, flipped one at a time, is refused.
fn flip_each_byte(field: &str) {
    let s = Scratch::new();
    let text = sealed(&s);
    let (a, b) = field_span(&text, field);
    let bytes = STANDARD.decode(&text[a..b]).unwrap();
    for i in 0..bytes.len() {
        let mut changed = bytes.clone();
        changed[i] ^= 0x01;
        let tampered = format!("{}{}{}", &text[..a], STANDARD.encode(&changed), &text[b..]);
        refused(&s, &tampered, 25);
    }
}

#[test]
fn every_ciphertext_byte_is_authenticated() {
    flip_each_byte("data");
}

#[test]
fn every_iv_byte_is_authenticated() {
    flip_each_byte("iv");
}

#[test]
fn every_tag_byte_is_authenticated() {
    flip_each_byte("tag");
}

#[test]
fn renamed_key_is_refused() {
    let s = Scratch::new();
    let text = sealed(&s);
    refused(&s, &text.replace("password:", "passwort:"), 25);
    refused(&s, &text.replace("db:", "dbx:"), 25);
}

#[test]
fn value_moved_to_another_key_is_refused() {
    let s = Scratch::new();
    let text = sealed(&s);
    let pw = text
        .lines()
        .find(|l| l.contains("password:"))
        .unwrap()
        .trim()
        .trim_start_matches("password: ")
        .to_string();
    let user = text
        .lines()
        .find(|l| l.contains("user:"))
        .unwrap()
        .trim()
        .trim_start_matches("user: ")
        .to_string();
    refused(
        &s,
        &text
            .replace(&user, "SWAP")
            .replace(&pw, &user)
            .replace("SWAP", &pw),
        25,
    );
}

#[test]
fn changed_mac_or_lastmodified_is_refused() {
    let s = Scratch::new();
    let text = sealed(&s);
    let mac_line = text
        .lines()
        .find(|l| l.trim_start().starts_with("mac: ENC["))
        .unwrap();
    let data = mac_line
        .split("data:")
        .nth(1)
        .unwrap()
        .split(',')
        .next()
        .unwrap();
    let mut bytes = STANDARD.decode(data).unwrap();
    bytes[0] ^= 1;
    refused(&s, &text.replace(data, &STANDARD.encode(&bytes)), 51);
    let lm = text.lines().find(|l| l.contains("lastmodified:")).unwrap();
    refused(
        &s,
        &text.replace(lm, "  lastmodified: \"2001-01-01T00:00:00Z\""),
        51,
    );
}

#[test]
fn changed_clear_value_or_removed_value_breaks_the_mac() {
    let s = Scratch::new();
    let text = sealed(&s);
    // `port` is encrypted too; swap in a clear value where an encrypted one was.
    let port_line = text.lines().find(|l| l.starts_with("port:")).unwrap();
    refused(&s, &text.replace(port_line, "port: ''"), 51);
    let user_line = text.lines().find(|l| l.contains("user:")).unwrap();
    refused(&s, &text.replace(&format!("{user_line}\n"), ""), 51);
}

#[test]
fn corrupt_wrapped_key_is_refused() {
    let s = Scratch::new();
    let text = sealed(&s);
    let armored_line = text
        .lines()
        .find(|l| l.trim().len() == 64 && !l.contains(':'))
        .unwrap();
    let broken = armored_line.replacen(|c: char| c.is_ascii_alphanumeric(), "A", 3);
    let broken = if broken == armored_line {
        armored_line.replace('A', "B")
    } else {
        broken
    };
    refused(&s, &text.replace(armored_line, &broken), 128);
}

#[test]
fn ignore_mac_does_not_bypass_value_authentication() {
    let s = Scratch::new();
    let text = sealed(&s);
    let p = s.write("t.yaml", text.replace("password:", "passwort:"));
    let o = s.hush(&["decrypt", "--ignore-mac", p.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(25));
    assert!(stdout(&o).is_empty());
}
